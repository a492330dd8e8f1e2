"""``pheatmap()``: R's pheatmap 1.0.12 from Python, with pheatmap's argument names and results.

R::

    ph <- pheatmap(mat, scale = "row", clustering_method = "average", cutree_rows = 3)
    ph$tree_row$order

Python::

    ph = pyr_heatmap.pheatmap(mat, scale="row", clustering_method="average", cutree_rows=3)
    ph.tree_row.order + 1          # the same numbers (0-based in Python)
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from pyr_heatmap.errors import InputError
from pyr_heatmap.figure.pheatmap import Pheatmap, check_annotation_colors
from pyr_heatmap.result import DrawnPheatmap, check_dpi

__all__ = ["pheatmap"]

_NA = None


def pheatmap(
    mat: Any,
    color: Sequence[str] | None = None,
    kmeans_k: Any = None,
    breaks: Sequence[float] | None = None,
    border_color: str | None = "grey60",
    cellwidth: float | None = None,
    cellheight: float | None = None,
    scale: str = "none",
    cluster_rows: Any = True,
    cluster_cols: Any = True,
    clustering_distance_rows: Any = "euclidean",
    clustering_distance_cols: Any = "euclidean",
    clustering_method: str = "complete",
    clustering_callback: Callable[..., Any] | None = None,
    cutree_rows: int | None = None,
    cutree_cols: int | None = None,
    treeheight_row: float | None = None,
    treeheight_col: float | None = None,
    legend: bool = True,
    legend_breaks: Sequence[float] | None = None,
    legend_labels: Sequence[str] | None = None,
    annotation_row: Any = None,
    annotation_col: Any = None,
    annotation_colors: Mapping[str, Any] | None = None,
    annotation_legend: bool = True,
    annotation_names_row: bool = True,
    annotation_names_col: bool = True,
    drop_levels: bool = True,
    show_rownames: bool = True,
    show_colnames: bool = True,
    main: str | None = None,
    fontsize: float = 10.0,
    fontsize_row: float | None = None,
    fontsize_col: float | None = None,
    angle_col: int | str = 270,
    display_numbers: Any = False,
    number_format: str = "%.2f",
    number_color: str = "grey30",
    fontsize_number: float | None = None,
    gaps_row: Sequence[int] | None = None,
    gaps_col: Sequence[int] | None = None,
    labels_row: Sequence[str] | None = None,
    labels_col: Sequence[str] | None = None,
    filename: str | os.PathLike[str] | None = None,
    width: float | None = None,
    height: float | None = None,
    na_col: str = "#DDDDDD",
    *,
    backend: str = "native",
    dpi: float = 100.0,
    format: str = "png",
    seed: int | None = None,
) -> DrawnPheatmap:
    """Draw a clustered heatmap as ``pheatmap::pheatmap`` 1.0.12 draws it (R's names and defaults).

    Parameters
    ----------
    mat : DataFrame or 2-D array
        The numeric matrix (a DataFrame's index and columns are ``rownames``/``colnames``).
    color : sequence of str, optional
        Colours of the intervals; default pheatmap's
        ``colorRampPalette(rev(brewer.pal(7, "RdYlBu")))(100)`` (computed exactly).
    kmeans_k : int or sequence of int, optional
        R runs ``kmeans(mat, kmeans_k)`` and draws the cluster centres. R's clusters depend on R's
        random numbers: give the clusters themselves (``kmeans(mat, k)$cluster``, 1..k per row)
        for the same figure in both backends; a number needs ``backend="r"`` (``seed`` sets
        ``set.seed``).
    breaks : sequence of float, optional
        ``len(color) + 1`` breaks; default pheatmap's ``generate_breaks``: from min to max, or
        centred on 0 when ``scale`` is not ``"none"``.
    border_color : str or None
        Cell borders (None: no border, R's ``NA``); dropped when cells are under 3 points.
    cellwidth, cellheight : float, optional
        Cell size in points; the figure is then sized to its content.
    scale : {"none", "row", "column"}
        pheatmap's own z-scores (mean and sd with ``na.rm``), applied before clustering.
    cluster_rows, cluster_cols : bool or HClust
    clustering_distance_rows, clustering_distance_cols : str or Dist
        ``"correlation"`` (``1 - cor(t(mat))``), ``"euclidean"``, ``"maximum"``,
        ``"manhattan"``, ``"canberra"``, ``"binary"``, ``"minkowski"``, or a :class:`Dist`.
    clustering_method : str
        One hclust method for both axes (exact names, as pheatmap checks them).
    clustering_callback : callable, optional
        ``f(hclust, mat) -> HClust``, run on each new tree (Python function; with
        ``backend="r"`` the trees it returns are handed to R).
    cutree_rows, cutree_cols : int, optional
        Gaps between the ``cutree`` clusters of a clustered axis.
    treeheight_row, treeheight_col : float, optional
        Dendrogram size in points (50, or 0 when not clustered).
    legend, legend_breaks, legend_labels
        The colour legend and its ticks/labels (default: ``grid.pretty`` of the breaks).
    annotation_row, annotation_col : DataFrame, optional
        Indexed by the matrix's row / column names; text columns are levels, numeric columns a
        colour ramp.
    annotation_colors : dict, optional
        name -> ``{level: colour}`` or a list of colours (numeric); default pheatmap's colours
        (computed exactly: its hue palette shuffled with ``set.seed(3453)``, and ColorBrewer
        sequential palettes for numbers).
    annotation_legend, annotation_names_row, annotation_names_col, drop_levels
    show_rownames, show_colnames, labels_row, labels_col
    main : str, optional
    fontsize, fontsize_row, fontsize_col, fontsize_number : float
    angle_col : {270, 0, 45, 90, 315}
    display_numbers : bool or matrix
        Write the values (``number_format``, C format) or the given texts into the cells.
    number_format, number_color
    gaps_row, gaps_col : sequence of int, optional
        Gaps after that many rows/columns, for an axis that is not clustered (pheatmap ignores
        them on a clustered axis).
    filename : path, optional
        Also save the figure there (format from the suffix: .png, .pdf, .svg, .tif/.tiff),
        ``width`` x ``height`` inches; written atomically.
    width, height : float, optional
        Figure size in inches (default: 7 x 7, or the content's size with cell sizes).
    na_col : str
    backend : {"native", "r", "auto"}
        ``"native"``: matplotlib, orders computed in Python; ``"r"``: ``pheatmap::pheatmap``
        through rpy2 (R's own clustering); ``"auto"``: R when usable.
    dpi, format
        Resolution and format of the image kept in the result (R backend).
    seed : int, optional
        ``set.seed(seed)`` before R's ``kmeans`` (``kmeans_k`` as a number, R backend).

    Returns
    -------
    DrawnPheatmap
        ``tree_row``, ``tree_col`` (R's ``$tree_row``/``$tree_col``), ``row_order``,
        ``column_order`` (0-based), labels, ``gaps_row``/``gaps_col``, ``kmeans``, the figure,
        ``save()``.

    Raises
    ------
    InputError
        An argument pheatmap would refuse (with what to do instead).
    RUnavailableError
        ``backend="r"`` without a usable R, rpy2 or pheatmap.
    """
    args: dict[str, Any] = {
        "color": color, "kmeans_k": kmeans_k, "breaks": breaks, "border_color": border_color,
        "cellwidth": cellwidth, "cellheight": cellheight, "scale": scale,
        "cluster_rows": cluster_rows, "cluster_cols": cluster_cols,
        "clustering_distance_rows": clustering_distance_rows,
        "clustering_distance_cols": clustering_distance_cols,
        "clustering_method": clustering_method, "clustering_callback": clustering_callback,
        "cutree_rows": cutree_rows, "cutree_cols": cutree_cols,
        "treeheight_row": treeheight_row, "treeheight_col": treeheight_col, "legend": legend,
        "legend_breaks": legend_breaks, "legend_labels": legend_labels,
        "annotation_row": annotation_row, "annotation_col": annotation_col,
        "annotation_colors": check_annotation_colors(annotation_colors),
        "annotation_legend": annotation_legend, "annotation_names_row": annotation_names_row,
        "annotation_names_col": annotation_names_col, "drop_levels": drop_levels,
        "show_rownames": show_rownames, "show_colnames": show_colnames, "main": main,
        "fontsize": fontsize, "fontsize_row": fontsize_row, "fontsize_col": fontsize_col,
        "angle_col": angle_col, "display_numbers": display_numbers,
        "number_format": number_format, "number_color": number_color,
        "fontsize_number": fontsize_number, "gaps_row": gaps_row, "gaps_col": gaps_col,
        "labels_row": labels_row, "labels_col": labels_col, "width": width, "height": height,
        "na_col": na_col, "seed": seed,
    }
    if scale not in ("none", "row", "column"):
        raise InputError(f"scale argument should take values: 'none', 'row' or 'column' "
                         f"(pheatmap's error), got {scale!r}")
    if backend not in ("native", "r", "auto"):
        raise InputError(f"unknown backend {backend!r}; available: 'native', 'r', 'auto'")
    dpi = check_dpi(dpi)
    target = None
    if filename is not None:
        from pyr_heatmap.io import check_target

        target = check_target(filename, "filename")
    figure = Pheatmap(mat, **args)
    drawn = draw(figure, backend, dpi=dpi, format=format)
    drawn._verbs = _verbs(mat, args)
    if target is not None:
        drawn.save(target, dpi=300.0 if target.suffix.lower() in (".png", ".tif", ".tiff")
                   else dpi)
    return drawn


def _verbs(mat: Any, args: dict[str, Any]) -> dict[str, Any]:
    """``crosscheck()`` and ``to_r_script()`` of the result: the same call, in R."""
    from pyr_heatmap.frontends.pheatmap_check import pheatmap_crosscheck, pheatmap_to_r_script

    return {"crosscheck": lambda: pheatmap_crosscheck(mat, **args),
            "to_r_script": lambda path, png=None: pheatmap_to_r_script(mat, path, png=png,
                                                                        **args)}


def draw(figure: Pheatmap, backend: str = "native", *, dpi: float = 100.0,
         format: str = "png") -> DrawnPheatmap:
    """Draw a :class:`Pheatmap` with the chosen backend (``"native"``, ``"r"`` or ``"auto"``)."""
    from pyr_heatmap.dispatch import choose_backend

    backend, reason = choose_backend(backend, ("pheatmap",), "pheatmap")
    if backend == "r":
        return _draw_r(figure, dpi, format, reason)
    from pyr_heatmap.backends.native.pheatmap import draw_pheatmap_native

    drawn = draw_pheatmap_native(figure.compile(), dpi=dpi)
    drawn.reason = reason
    return drawn


def _draw_r(figure: Pheatmap, dpi: float, fmt: str, reason: str) -> DrawnPheatmap:
    from pyr_heatmap.backends.r.pheatmap import draw_pheatmap_r

    kmeans_k = figure.args.get("kmeans_k")
    r_kmeans = kmeans_k is not None and isinstance(kmeans_k, int) and not isinstance(
        kmeans_k, bool)
    if r_kmeans:  # R runs kmeans(): Python cannot know the clusters, so nothing is compiled
        local = Pheatmap(figure.mat, **{**figure.args, "kmeans_k": None})
        call = local.r_call(kmeans_k=int(kmeans_k))
        spec = None
    else:
        spec = figure.compile()
        call = spec.call
    trees = {}
    if figure.callback is not None and spec is not None:  # R cannot run a Python callback
        for key, tree in (("cluster_rows", spec.tree_row), ("cluster_cols", spec.tree_col)):
            if tree is not None and key not in call.trees:
                trees[key] = tree
    return draw_pheatmap_r(call, spec=spec, dpi=dpi, format=fmt, reason=reason, trees=trees)
