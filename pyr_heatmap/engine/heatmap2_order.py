"""The row and column orders of gplots' ``heatmap.2`` (3.1.3) and base R's ``stats::heatmap``.

Both packages order an axis the same way, which is neither ComplexHeatmap's nor pheatmap's::

    hcr <- hclustfun(distfun(x))                 # x UNscaled, whatever `scale` says
    ddr <- reorderfun(as.dendrogram(hcr), Rowv)  # Rowv = rowMeans(x, na.rm = TRUE) by default
    rowInd <- order.dendrogram(ddr)              # reorder(): children ascending, agglo.FUN = sum

and columns alike on ``t(x)`` with ``colMeans``. ``scale`` ("row"/"column") is applied only after
the orders are fixed, to the colours: :func:`scale_like_r` reproduces
``sweep(x, 1, rowMeans(x)); sweep(x, 1, apply(x, 1, sd), "/")`` bit for bit.

The two packages differ in their ``Rowv``/``Colv`` rules, which :func:`heatmap2_order` follows
line by line (``style="heatmap.2"`` or ``style="heatmap"``):

============================  =================================  ==================================
``Rowv`` value                ``gplots::heatmap.2``              ``stats::heatmap``
============================  =================================  ==================================
default                       ``TRUE``: weights ``rowMeans``     ``NULL``: weights ``rowMeans``
``True``                      weights ``rowMeans``               R's ``reorder(dd, TRUE)``: weight
                                                                 1 for row 1, NA for the others
``False``                     no tree, ``rowInd = nr:1``         the hclust order, not reordered
``None``                      as ``False``                       as the default
NA (``"NA"``, ``nan``)        as ``False``                       no tree, ``rowInd = 1:nr``
a tree (HClust)               used as is (``as.dendrogram``)     used as is
integer weights               reorder by these weights           reorder by these weights
other numbers                 error here (R ignores them and     reorder by these weights
                              gives ``nr:1``)
``"Rowv"`` (``Colv`` only)    ``Colv`` becomes ``Rowv``'s value  the row dendrogram (square x)
============================  =================================  ==================================

``revC`` reverses the row dendrogram for drawing (``rev(ddr)``); ``rowInd`` is unchanged.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from pyr_heatmap.engine.dendrogram import reorder
from pyr_heatmap.engine.dist import COR_METHODS, DIST_METHODS, Dist, dist
from pyr_heatmap.engine.hclust import HCLUST_METHODS, HClust, hclust, merge_order
from pyr_heatmap.engine.rstats import _r_col_means, _r_row_means
from pyr_heatmap.errors import InputError

__all__ = [
    "Heatmap2Axis",
    "Heatmap2Order",
    "heatmap2_order",
    "is_na_flag",
    "r_row_sds",
    "reverse_tree",
    "scale_like_r",
]

STYLES = ("heatmap.2", "heatmap")
_LD = np.longdouble


# --------------------------------------------------------------------------------------------
# R's arithmetic for scale = "row"/"column": sweep(rowMeans), apply(sd), sweep("/")
# --------------------------------------------------------------------------------------------
def r_row_sds(x: np.ndarray) -> np.ndarray:
    """``apply(x, 1, sd, na.rm = TRUE)`` with R's arithmetic (stats/src/cov.c, two-pass mean).

    Per row: the mean of the non-NA values in long double with cov.c's correction pass, rounded
    to double; then the sum of squared deviations in long double, divided by ``n - 1``, rounded
    to double, square root. Fewer than 2 values give NaN (R's NA).
    """
    x = np.asarray(x, dtype=np.float64)
    nr, nc = x.shape
    ok = ~np.isnan(x)
    nobs = ok.sum(axis=1).astype(_LD)
    s = np.zeros(nr, dtype=_LD)
    for j in range(nc):
        s[ok[:, j]] += x[ok[:, j], j].astype(_LD)
    with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
        tmp = s / nobs
        fin = np.isfinite(tmp.astype(np.float64))
        s2 = np.zeros(nr, dtype=_LD)
        for j in range(nc):
            m = ok[:, j] & fin
            s2[m] += x[m, j].astype(_LD) - tmp[m]
        tmp = np.where(fin, tmp + s2 / nobs, tmp)
        xm = tmp.astype(np.float64).astype(_LD)
        ss = np.zeros(nr, dtype=_LD)
        for j in range(nc):
            m = ok[:, j]
            d = x[m, j].astype(_LD) - xm[m]
            ss[m] += d * d
        var = (ss / (nobs - 1)).astype(np.float64)
    var[nobs <= 1] = np.nan
    return np.sqrt(var)


def _row_means(x: np.ndarray, na_rm: bool) -> np.ndarray:
    """``rowMeans(x, na.rm = na_rm)`` (long double accumulation, as R)."""
    m = _r_row_means(x)
    if not na_rm:
        m = np.where(np.isnan(x).any(axis=1), np.nan, m)
    return m


def scale_like_r(x: np.ndarray, scale: str, na_rm: bool = True) -> np.ndarray:
    """heatmap.2's / heatmap's ``scale`` step on the (already ordered) matrix ``x``.

    ``"row"``: ``x <- sweep(x, 1, rowMeans(x, na.rm)); x <- sweep(x, 1, apply(x, 1, sd,
    na.rm), "/")``; ``"column"`` the same on columns; ``"none"``: a copy. A row without variance
    becomes NaN (``0 / 0``), as in R.
    """
    x = np.array(x, dtype=np.float64, copy=True)
    if scale == "none":
        return x
    if scale == "column":
        return np.ascontiguousarray(scale_like_r(np.ascontiguousarray(x.T), "row", na_rm).T)
    with np.errstate(invalid="ignore", divide="ignore"):
        x = x - _row_means(x, na_rm)[:, None]
        sd = r_row_sds(x)
        if not na_rm:
            sd = np.where(np.isnan(x).any(axis=1), np.nan, sd)
        return x / sd[:, None]


# --------------------------------------------------------------------------------------------
# the pieces an axis is built from
# --------------------------------------------------------------------------------------------
def is_na_flag(v: object) -> bool:
    """True for the values standing for R's ``NA`` as ``Rowv``/``Colv``: ``"NA"``, NaN, pd.NA."""
    if isinstance(v, str):
        return v == "NA"
    if isinstance(v, float):
        return math.isnan(v)
    try:
        import pandas as pd

        return v is pd.NA
    except ImportError:  # pragma: no cover - pandas is a dependency
        return False


def reverse_tree(tree: HClust) -> HClust:
    """R's ``rev(dendrogram)``: every node's children swapped, so the leaf order is reversed."""
    merge = np.ascontiguousarray(np.asarray(tree.merge)[:, ::-1])
    return dataclasses.replace(tree, merge=merge, order=merge_order(merge))


def dist_function(distfun: object) -> Callable[[np.ndarray], Dist]:
    """``distfun`` as a function of the matrix: a name of R's ``dist`` methods (``"euclidean"``
    ... ``"minkowski"``), ``"pearson"``/``"spearman"``/``"kendall"`` (``as.dist(1 - cor(t(x)))``),
    or a Python callable returning a :class:`~pyr_heatmap.engine.dist.Dist`."""
    if isinstance(distfun, str):
        if distfun not in DIST_METHODS + COR_METHODS:
            raise InputError(
                f"distfun {distfun!r} is not known; use one of {', '.join(DIST_METHODS)} (R's "
                f"dist methods), {', '.join(COR_METHODS)} (as.dist(1 - cor(t(x)))), or a "
                "function of the matrix returning a pyr_heatmap.Dist"
            )
        return lambda m: dist(m, method=distfun)
    if callable(distfun):
        def call(m: np.ndarray) -> Dist:
            d = distfun(m)
            if not isinstance(d, Dist):
                raise InputError(f"distfun must return a pyr_heatmap.Dist, got {type(d)!r}")
            return d

        return call
    raise InputError(f"distfun must be a distance name or a function, got {distfun!r}")


def hclust_function(hclustfun: object) -> Callable[[Dist], HClust]:
    """``hclustfun``: an hclust method name (``"complete"`` ...) or a callable Dist -> HClust."""
    if isinstance(hclustfun, str):
        if hclustfun not in HCLUST_METHODS:
            raise InputError(f"hclustfun {hclustfun!r} is not an hclust method; use one of "
                             f"{', '.join(HCLUST_METHODS)} or a function of a Dist")
        return lambda d: hclust(d, method=hclustfun)
    if callable(hclustfun):
        def call(d: Dist) -> HClust:
            t = hclustfun(d)
            if not isinstance(t, HClust):
                raise InputError(f"hclustfun must return a pyr_heatmap.HClust, got {type(t)!r}")
            return t

        return call
    raise InputError(f"hclustfun must be an hclust method name or a function, got {hclustfun!r}")


def reorder_function(reorderfun: object) -> Callable[[HClust, np.ndarray], HClust]:
    """``reorderfun``: ``"sum"`` (R's default ``reorder(d, w)``), ``"mean"`` (``agglo.FUN =
    mean``, ComplexHeatmap's rule), or a callable ``(tree, weights) -> HClust``."""
    if reorderfun in ("sum", "mean"):
        return lambda t, w: reorder(t, w, agglo=reorderfun)  # type: ignore[arg-type]
    if callable(reorderfun):
        def call(t: HClust, w: np.ndarray) -> HClust:
            out = reorderfun(t, w)
            if not isinstance(out, HClust) or out.n != t.n:
                raise InputError("reorderfun must return an HClust of the same leaves")
            return out

        return call
    raise InputError(f"reorderfun must be 'sum', 'mean' or a function, got {reorderfun!r}")


# --------------------------------------------------------------------------------------------
# results
# --------------------------------------------------------------------------------------------
@dataclass(frozen=True, eq=False)
class Heatmap2Axis:
    """One axis as ordered by heatmap.2 / heatmap.

    Attributes
    ----------
    ind : numpy.ndarray
        0-based order (R's ``rowInd - 1`` / ``colInd - 1``): ``ind[0]`` is drawn at the bottom
        (rows, unless ``revC``) or on the left (columns).
    tree : HClust or None
        The dendrogram as R holds it after reordering (R's ``ddr``/``ddc`` before ``revC``);
        None when the axis has no tree.
    dendrogram : bool
        Whether R draws this axis' dendrogram (heatmap.2's ``dendrogram`` argument after its
        "Discrepancy" rule; stats heatmap: whether the axis has a tree).
    weights : numpy.ndarray or None
        The weights the tree was reordered by (NaN past the end, as R's ``wts[i]``), or None.
    how : str
        How the order came about, in R's words (for reports).
    """

    ind: np.ndarray
    tree: HClust | None
    dendrogram: bool
    weights: np.ndarray | None
    how: str


@dataclass(frozen=True, eq=False)
class Heatmap2Order:
    """Both axes of :func:`heatmap2_order`, and the figure decisions that depend on them."""

    style: str
    row: Heatmap2Axis
    column: Heatmap2Axis
    revC: bool
    symm: bool
    scale: str
    warnings: tuple[str, ...] = ()


# --------------------------------------------------------------------------------------------
# the orders
# --------------------------------------------------------------------------------------------
def _weights_arg(v: object, n: int, what: str, style: str) -> np.ndarray | None:
    """A weight vector given as ``Rowv``/``Colv`` (None when ``v`` is not a vector)."""
    if isinstance(v, (bool, np.bool_, str, HClust)) or v is None or np.ndim(v) == 0:
        return None
    arr = np.asarray(v)
    if arr.dtype.kind == "b":
        return None
    if arr.dtype.kind not in "iuf" or arr.ndim != 1:
        raise InputError(f"{what} must be True/False, a tree (HClust) or a vector of weights, "
                         f"got {v!r}")
    if style == "heatmap.2" and arr.dtype.kind == "f":
        raise InputError(
            f"{what}: gplots' heatmap.2 uses a weight vector only when it is of integer type "
            f"(R's is.integer); with other numbers R ignores it and orders the axis "
            f"{'nr:1' if what == 'Rowv' else '1:nc'}. Pass integers (e.g. "
            "np.asarray(w, dtype=np.int64), R's as.integer(w)), or use pyr_heatmap.heatmap "
            "(stats::heatmap), which reorders by any numbers"
        )
    return arr.astype(np.float64)


def _tree_arg(v: HClust, n: int, what: str) -> HClust:
    if v.n != n:
        raise InputError(f"{what} is a tree of {v.n} leaves but the matrix has {n} "
                         f"{'rows' if what == 'Rowv' else 'columns'}")
    return v


def _cluster(obs: np.ndarray, distf: Callable[..., Dist], hclf: Callable[..., HClust],
             labels: tuple[str, ...] | None) -> HClust:
    tree = hclf(distf(obs))
    if tree.n != obs.shape[0]:
        raise InputError(f"hclustfun returned a tree of {tree.n} leaves for {obs.shape[0]} "
                         "objects")
    if labels is not None and tree.labels is None:
        tree = dataclasses.replace(tree, labels=labels)
    return tree


def heatmap2_order(
    x: object,
    *,
    style: str = "heatmap.2",
    Rowv: object = "default",
    Colv: object = "default",
    distfun: object = "euclidean",
    hclustfun: object = "complete",
    reorderfun: object = "sum",
    dendrogram: str = "both",
    symm: bool = False,
    scale: str | None = None,
    na_rm: bool = True,
    revC: bool | None = None,
    row_labels: tuple[str, ...] | None = None,
    col_labels: tuple[str, ...] | None = None,
) -> Heatmap2Order:
    """The orders of ``gplots::heatmap.2(x, ...)`` or ``stats::heatmap(x, ...)``.

    Parameters
    ----------
    x : array-like
        The numeric matrix (NaN for NA), at least 2 x 2.
    style : {"heatmap.2", "heatmap"}
        Whose rules: gplots' heatmap.2 or base R's stats heatmap.
    Rowv, Colv : object
        See the module table; ``"default"`` is the package's default.
    distfun, hclustfun, reorderfun
        See :func:`dist_function`, :func:`hclust_function`, :func:`reorder_function`.
    dendrogram : {"both", "row", "column", "none"}
        heatmap.2's dendrogram choice (ignored for ``"heatmap"``).
    symm : bool
        Symmetric matrix: columns are clustered on ``x`` itself (heatmap.2) or take the row
        dendrogram (heatmap).
    scale : {"row", "column", "none"} or None
        None for the package default (heatmap.2: "none"; heatmap: "row", "none" when symm).
    na_rm : bool
        ``na.rm`` of the weights (and of the scaling).
    revC : bool or None
        None for the package default (heatmap: ``Colv == "Rowv"``; heatmap.2: FALSE, because its
        default is evaluated after ``Colv`` has been replaced by ``Rowv``'s value).

    Returns
    -------
    Heatmap2Order
    """
    if style not in STYLES:
        raise InputError(f"style must be one of {STYLES}, got {style!r}")
    arr = np.array(x, dtype=np.float64, copy=True)
    if arr.ndim != 2:
        raise InputError("'x' must be a numeric matrix")
    nr, nc = arr.shape
    if nr <= 1 or nc <= 1:
        raise InputError("'x' must have at least 2 rows and 2 columns")
    if scale is None:
        scale = "none" if (symm or style == "heatmap.2") else "row"
    if scale not in ("row", "column", "none"):
        raise InputError(f"scale must be 'row', 'column' or 'none', got {scale!r}")
    if dendrogram not in ("both", "row", "column", "none"):
        raise InputError(f"dendrogram must be 'both', 'row', 'column' or 'none', got "
                         f"{dendrogram!r}")
    distf = dist_function(distfun)
    hclf = hclust_function(hclustfun)
    reof = reorder_function(reorderfun)
    if isinstance(Rowv, str) and Rowv == "Rowv":
        raise InputError("Rowv cannot be 'Rowv' (only Colv can name the row dendrogram)")
    if style == "heatmap.2":
        return _order_h2(arr, Rowv, Colv, distf, hclf, reof, dendrogram, symm, scale, na_rm,
                         revC, row_labels, col_labels)
    return _order_stats(arr, Rowv, Colv, distf, hclf, reof, symm, scale, na_rm, revC,
                        row_labels, col_labels)


def _order_h2(x: np.ndarray, Rowv: object, Colv: object, distf: Any, hclf: Any, reof: Any,
              dendrogram: str, symm: bool, scale: str, na_rm: bool, revC: bool | None,
              rl: tuple[str, ...] | None, cl: tuple[str, ...] | None) -> Heatmap2Order:
    nr, nc = x.shape
    notes: list[str] = []
    if isinstance(Rowv, str) and Rowv == "default":
        Rowv = True
    if isinstance(Colv, str) and Colv == "default":
        Colv = "Rowv" if symm else True
    # R: if (is.null(Rowv) || any(is.na(Rowv))) Rowv <- FALSE; Colv alike, then "Rowv"
    if Rowv is None or is_na_flag(Rowv):
        Rowv = False
    if Colv is None or is_na_flag(Colv):
        Colv = False
    elif isinstance(Colv, str) and Colv == "Rowv":
        Colv = Rowv
    if isinstance(Rowv, (bool, np.bool_)) and not Rowv and dendrogram in ("both", "row"):
        notes.append(f"Discrepancy: Rowv is FALSE, while dendrogram is `{dendrogram}'. "
                     "Omitting row dendogram.")
        dendrogram = "column" if dendrogram == "both" else "none"
    if isinstance(Colv, (bool, np.bool_)) and not Colv and dendrogram in ("both", "column"):
        notes.append(f"Discrepancy: Colv is FALSE, while dendrogram is `{dendrogram}'. "
                     "Omitting column dendogram.")
        dendrogram = "row" if dendrogram == "both" else "none"

    def axis(v: object, obs: np.ndarray, means: Callable[[], np.ndarray], n: int, what: str,
             default_ind: np.ndarray, labels: tuple[str, ...] | None, shown: bool
             ) -> Heatmap2Axis:
        if isinstance(v, HClust):
            t = _tree_arg(v, n, what)
            return Heatmap2Axis(t.order.copy(), t, shown, None, "the tree given")
        w = _weights_arg(v, n, what, "heatmap.2")
        if w is None and isinstance(v, (bool, np.bool_)) and v:
            w = means()
            how = "hclust, reordered by the means"
        elif w is not None:
            how = "hclust, reordered by the weights given"
        else:
            if not isinstance(v, (bool, np.bool_)):
                raise InputError(f"{what} must be True/False, a tree (HClust), integer weights "
                                 f"or NA, got {v!r}")
            return Heatmap2Axis(default_ind, None, False, None, "not clustered")
        t = reof(_cluster(obs, distf, hclf, labels), w)
        return Heatmap2Axis(t.order.copy(), t, shown, w, how)

    row = axis(Rowv, x, lambda: _row_means(x, na_rm), nr, "Rowv",
               np.arange(nr - 1, -1, -1, dtype=np.int64), rl, dendrogram in ("both", "row"))
    obs_c = x if symm else np.ascontiguousarray(x.T)
    col = axis(Colv, obs_c, lambda: _row_means(np.ascontiguousarray(x.T), na_rm), nc, "Colv",
               np.arange(nc, dtype=np.int64), cl, dendrogram in ("both", "column"))
    if symm and col.tree is not None and nr != nc:
        raise InputError("symm=True needs a square matrix")
    return Heatmap2Order("heatmap.2", row, col, bool(revC) if revC is not None else False,
                         symm, scale, tuple(notes))


def _order_stats(x: np.ndarray, Rowv: object, Colv: object, distf: Any, hclf: Any, reof: Any,
                 symm: bool, scale: str, na_rm: bool, revC: bool | None,
                 rl: tuple[str, ...] | None, cl: tuple[str, ...] | None) -> Heatmap2Order:
    nr, nc = x.shape
    if isinstance(Rowv, str) and Rowv == "default":
        Rowv = None
    if isinstance(Colv, str) and Colv == "default":
        Colv = "Rowv" if symm else None
    colv_rowv = isinstance(Colv, str) and Colv == "Rowv"
    if revC is None:
        revC = colv_rowv
    do_r = not is_na_flag(Rowv)
    do_c = not is_na_flag(Colv) and not (not do_r and colv_rowv)

    def axis(v: object, obs: np.ndarray, means: Callable[[], np.ndarray], n: int, what: str,
             labels: tuple[str, ...] | None) -> Heatmap2Axis:
        if isinstance(v, HClust):
            t = _tree_arg(v, n, what)
            return Heatmap2Axis(t.order.copy(), t, True, None, "the tree given")
        t = _cluster(obs, distf, hclf, labels)
        if v is None:
            w = means()
            how = "hclust, reordered by the means"
        elif isinstance(v, (bool, np.bool_)):
            if not v:
                return Heatmap2Axis(t.order.copy(), t, True, None, "hclust, not reordered")
            w = np.array([1.0])  # reorder(dd, TRUE): wts[1] = 1, wts[i > 1] = NA
            how = "reorder(dd, TRUE): weight 1 for the first leaf, NA for the others"
        else:
            w = _weights_arg(v, n, what, "heatmap")
            if w is None:
                raise InputError(f"{what} must be None, True/False, NA, a tree (HClust) or a "
                                 f"vector of weights, got {v!r}")
            how = "hclust, reordered by the weights given"
        t = reof(t, w)
        return Heatmap2Axis(t.order.copy(), t, True, w, how)

    if do_r:
        row = axis(Rowv, x, lambda: _row_means(x, na_rm), nr, "Rowv", rl)
    else:
        row = Heatmap2Axis(np.arange(nr, dtype=np.int64), None, False, None, "not clustered")
    if not do_c:
        col = Heatmap2Axis(np.arange(nc, dtype=np.int64), None, False, None, "not clustered")
    elif colv_rowv:
        if nr != nc:
            raise InputError('Colv = "Rowv" but nrow(x) != ncol(x)')
        assert row.tree is not None
        col = Heatmap2Axis(row.ind.copy(), row.tree, True, row.weights, "the row dendrogram")
    else:
        obs_c = x if symm else np.ascontiguousarray(x.T)
        col = axis(Colv, obs_c, lambda: _r_col_means(x) if na_rm else _row_means(
            np.ascontiguousarray(x.T), False), nc, "Colv", cl)
    return Heatmap2Order("heatmap", row, col, bool(revC), symm, scale)
