"""``heatmap_2()`` (gplots' ``heatmap.2``) and ``heatmap()`` (base R's ``stats::heatmap``).

Naming: ``pyr_heatmap.Heatmap`` is ComplexHeatmap's ``Heatmap()``; stats' function is
``pyr_heatmap.heatmap`` (lower case, R's own name, as R itself has both ``heatmap`` and
ComplexHeatmap's ``Heatmap``), and gplots' ``heatmap.2`` is ``heatmap_2`` (a dot cannot appear
in a Python name). R's dotted argument names take an underscore (``na.rm`` -> ``na_rm``,
``density.info`` -> ``density_info``); the others keep R's spelling (``Rowv``, ``labRow``,
``RowSideColors``, ``revC``).

Both return a :class:`~pyr_heatmap.result.heatmap2.Heatmap2Result` with R's values (0-based
``rowInd``/``colInd``), ``save()``, ``crosscheck()`` (R's values from the same arguments) and
``to_r_script()``.
"""

from __future__ import annotations

from typing import Any

from pyr_heatmap.figure.heatmap2 import compile_heatmap2
from pyr_heatmap.figure.heatmap2_spec import Heatmap2Spec
from pyr_heatmap.result.heatmap2 import Heatmap2Result

__all__ = ["heatmap", "heatmap_2"]


def _draw(spec: Heatmap2Spec, backend: str, r_clusters: bool, dpi: float) -> Heatmap2Result:
    if spec.warnings:
        import warnings

        for w in spec.warnings:
            warnings.warn(w, UserWarning, stacklevel=3)
    from pyr_heatmap.backends.r.heatmap2 import r_packages
    from pyr_heatmap.dispatch import choose_backend

    who = "gplots::heatmap.2" if spec.style == "heatmap.2" else "stats::heatmap"
    backend, reason = choose_backend(backend, r_packages(spec.style), who)
    if backend == "native":
        from pyr_heatmap.backends.native.heatmap2 import draw_heatmap2_native

        res = draw_heatmap2_native(spec, dpi=dpi, reason=reason)
    else:
        from pyr_heatmap.backends.r.heatmap2 import draw_heatmap2_r

        res = draw_heatmap2_r(spec, r_clusters=r_clusters, dpi=dpi, reason=reason)

    def crosscheck() -> Any:
        from pyr_heatmap.backends.r.heatmap2 import crosscheck_heatmap2

        return crosscheck_heatmap2(spec)

    def to_r_script(path: Any) -> Any:
        from pyr_heatmap.backends.r.heatmap2 import heatmap2_r_script

        return heatmap2_r_script(spec, path)

    res._verbs = {"crosscheck": crosscheck, "to_r_script": to_r_script}
    return res


def heatmap_2(
    x: Any, Rowv: Any = True, Colv: Any = "default", distfun: Any = "euclidean",
    hclustfun: Any = "complete", dendrogram: str = "both", reorderfun: Any = "sum",
    symm: bool = False, scale: str = "none", na_rm: bool = True, revC: bool | None = None,
    breaks: Any = None, symbreaks: bool | None = None, col: Any = "heat.colors",
    cellnote: Any = None, notecex: float = 1.0, notecol: str = "cyan", na_color: str = "white",
    trace: str = "column", tracecol: str = "cyan", hline: Any = "default",
    vline: Any = "default", linecol: str | None = None, margins: Any = (5, 5),
    ColSideColors: Any = None, RowSideColors: Any = None, cexRow: float | None = None,
    cexCol: float | None = None, labRow: Any = None, labCol: Any = None, key: bool = True,
    keysize: float = 1.5, density_info: str = "histogram", denscol: str | None = None,
    symkey: bool | None = None, densadj: float = 0.25, key_title: str | None = None,
    key_xlab: str | None = None, key_ylab: str | None = None, main: str | None = None,
    xlab: str | None = None, ylab: str | None = None, *, backend: str = "native",
    r_clusters: bool = True, width: float = 7.0, height: float = 7.0, dpi: float = 100.0,
) -> Heatmap2Result:
    """gplots' ``heatmap.2(x, ...)`` (3.1.3): the same orders, breaks and colours as R.

    Parameters
    ----------
    x : array-like or pandas.DataFrame
        Numeric matrix (NaN for NA); a DataFrame's index and columns are the labels.
    Rowv, Colv : bool, HClust, integer weights, None or "NA"
        R's ``Rowv``/``Colv``: True (default) clusters and reorders by ``rowMeans``; False,
        None or "NA" do not cluster (R's ``rowInd = nr:1``); a tree is used as is (R's
        ``as.dendrogram(hc)``); an integer vector reorders by those weights (R ignores
        non-integer weights, so they raise an error here). ``Colv="Rowv"`` takes Rowv's value;
        ``Colv`` defaults to True ("Rowv" when ``symm``).
    distfun : str or callable
        A ``dist`` method name (``"euclidean"`` = R's default ``dist``), ``"pearson"`` etc.
        (``as.dist(1 - cor(t(x)))``), or a function of the matrix returning a ``Dist``.
    hclustfun : str or callable
        An ``hclust`` method name (``"complete"`` = R's default) or a function Dist -> HClust.
    dendrogram : {"both", "row", "column", "none"}
    reorderfun : "sum", "mean" or callable
        ``"sum"`` is R's default ``reorder(d, w)``; ``"mean"`` is ``agglo.FUN = mean``.
    symm, scale, na_rm, revC
        As in R (``scale`` is applied after the clustering, to the colours only).
    breaks, symbreaks, col
        As in R; ``col`` is "heat.colors", one of gplots' "bluered", "redblue", "greenred",
        "redgreen", or a list of R colours (one fewer than the breaks).
    cellnote, notecex, notecol, na_color, trace, tracecol, hline, vline, linecol
        As in R (``hline``/``vline`` "default" = ``median(breaks)``; None for no line).
    margins, ColSideColors, RowSideColors, cexRow, cexCol, labRow, labCol
        As in R.
    key, keysize, density_info, denscol, symkey, densadj, key_title, key_xlab, key_ylab
        heatmap.2's colour key (``density.info`` etc.).
    main, xlab, ylab : str, optional
    backend : {"native", "r", "auto"}
        matplotlib, or gplots itself through rpy2; ``"auto"``: R when R, rpy2 and gplots
        are usable, else native (warned once per process).
    r_clusters : bool
        R backend: True lets R cluster from the same arguments; False hands R the trees
        computed here (always so for Python functions as distfun/hclustfun/reorderfun).
    width, height, dpi : float
        Figure size in inches (R's device size) and resolution.

    Returns
    -------
    Heatmap2Result
        ``rowInd``, ``colInd`` (0-based; R's are 1-based), ``rowDendrogram``,
        ``colDendrogram``, ``breaks``, ``col``, ``carpet``, ``colorTable``, ``save()``.
    """
    a = {k: v for k, v in locals().items() if k not in ("x", "backend", "r_clusters", "dpi")}
    spec = compile_heatmap2(x, "heatmap.2", a)
    return _draw(spec, backend, r_clusters, dpi)


def heatmap(
    x: Any, Rowv: Any = None, Colv: Any = "default", distfun: Any = "euclidean",
    hclustfun: Any = "complete", reorderfun: Any = "sum", symm: bool = False,
    revC: bool | None = None, scale: str | None = None, na_rm: bool = True,
    margins: Any = (5, 5), ColSideColors: Any = None, RowSideColors: Any = None,
    cexRow: float | None = None, cexCol: float | None = None, labRow: Any = None,
    labCol: Any = None, main: str | None = None, xlab: str | None = None,
    ylab: str | None = None, col: Any = None, *, backend: str = "native",
    r_clusters: bool = True, width: float = 7.0, height: float = 7.0, dpi: float = 100.0,
) -> Heatmap2Result:
    """Base R's ``stats::heatmap(x, ...)`` (R 4.2.2): the same orders as R.

    Parameters
    ----------
    x : array-like or pandas.DataFrame
    Rowv, Colv : None, bool, HClust, weights or "NA"
        R's rules: None (default) reorders by ``rowMeans``/``colMeans``; False keeps hclust's
        order (the dendrogram is still drawn); True is R's ``reorder(dd, TRUE)``; "NA" (or NaN)
        means no dendrogram and the original order; a tree is used as is; numbers are weights.
        ``Colv="Rowv"`` (the default when ``symm``) uses the row dendrogram.
    distfun, hclustfun, reorderfun
        As for :func:`heatmap_2`.
    symm, revC, na_rm
        As in R (``revC`` defaults to ``Colv == "Rowv"``).
    scale : {"row", "column", "none"}, optional
        Default "row" ("none" when ``symm``), applied after the clustering.
    margins, ColSideColors, RowSideColors, cexRow, cexCol, labRow, labCol, main, xlab, ylab
        As in R.
    col : list of str, optional
        image()'s colours; default R's ``hcl.colors(12, "YlOrRd", rev = TRUE)``.
    backend, r_clusters, width, height, dpi
        As for :func:`heatmap_2`.

    Returns
    -------
    Heatmap2Result
        ``rowInd``, ``colInd`` (0-based), ``Rowv``, ``Colv`` (R's ``keep.dendro = TRUE``).
    """
    a = {k: v for k, v in locals().items() if k not in ("x", "backend", "r_clusters", "dpi")}
    spec = compile_heatmap2(x, "heatmap", a)
    return _draw(spec, backend, r_clusters, dpi)
