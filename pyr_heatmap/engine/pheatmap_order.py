"""pheatmap 1.0.12's computations: scaling, clustering, gaps, breaks and its default palette.

R equivalent (``pheatmap::pheatmap`` and its internal helpers, in the order pheatmap runs them)::

    mat <- scale_mat(mat, scale)           # (x - apply(x, 1, mean)) / apply(x, 1, sd), na.rm
    km  <- kmeans(mat, kmeans_k); mat <- km$centers
    tree_row <- clustering_callback(cluster_mat(mat, distance_rows, method), mat)
    mat <- mat[tree_row$order, ]           # the hclust order: no dendrogram reordering
    gaps_row <- find_gaps(tree_row, cutree_rows)
    tree_col <- clustering_callback(cluster_mat(t(mat), distance_cols, method), t(mat))
    breaks <- generate_breaks(mat, length(color), center = scale != "none")

Two details of pheatmap that change results and are reproduced here: the columns are clustered
on the matrix whose rows are already in the row tree's order (``t(mat)`` after
``mat <- mat[tree_row$order, ]``), which changes the order in which the distances add their
terms; and a ``gaps_row`` given together with clustered rows is ignored (only ``cutree_rows``
makes gaps on a clustered axis).
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from pyr_heatmap.engine.dendrogram import cutree
from pyr_heatmap.engine.dist import Dist, compute_distances
from pyr_heatmap.engine.hclust import HClust, check_dissimilarities, hclust_inplace, hclust_method
from pyr_heatmap.errors import InputError

__all__ = [
    "PHEATMAP_DISTANCES",
    "PHEATMAP_METHODS",
    "RDYLBU7",
    "PheatmapAxis",
    "PheatmapOrder",
    "color_ramp_palette_hex",
    "default_palette",
    "extend_breaks",
    "find_gaps",
    "generate_breaks",
    "kmeans_centers",
    "pheatmap_order",
    "pheatmap_scale",
    "r_seq_length_out",
    "scale_colours",
]

PHEATMAP_DISTANCES = ("correlation", "euclidean", "maximum", "manhattan", "canberra", "binary",
                      "minkowski")
PHEATMAP_METHODS = ("ward.D", "ward.D2", "ward", "single", "complete", "average", "mcquitty",
                    "median", "centroid")
# RColorBrewer::brewer.pal(7, "RdYlBu")
RDYLBU7 = ("#D73027", "#FC8D59", "#FEE090", "#FFFFBF", "#E0F3F8", "#91BFDB", "#4575B4")

_LD = np.longdouble


# --------------------------------------------------------------------------------------------
# scale_rows: apply(x, 1, mean, na.rm = TRUE), apply(x, 1, sd, na.rm = TRUE)
# --------------------------------------------------------------------------------------------
def _seq_sum(values: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """Row sums in long double, adding the columns one at a time (R's C loops)."""
    acc = np.zeros(values.shape[0], dtype=_LD)
    for k in range(values.shape[1]):
        acc += np.where(mask[:, k], values[:, k], _LD(0.0))
    return acc


def _row_mean_sd(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """R's ``mean(v, na.rm = TRUE)`` and ``sd(v, na.rm = TRUE)`` of every row ``v`` of ``x``.

    mean (summary.c): s = sum / n in long double, then s + sum(v - s) / n, rounded once.
    var (cov.c, ``cov_complete1``): the mean computed the same way and rounded to double, then
    sum((v - m)^2) in long double over n - 1; sd = sqrt(var).
    """
    ok = ~np.isnan(x)
    n = ok.sum(axis=1).astype(_LD)
    xl = x.astype(_LD)
    with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
        s = _seq_sum(xl, ok) / n
        finite = np.isfinite(s.astype(np.float64))
        t = _seq_sum(xl - s[:, None], ok)
        mean_ld = np.where(finite, s + t / n, s)
        mean = mean_ld.astype(np.float64)
        dev = xl - mean.astype(_LD)[:, None]
        ss = _seq_sum(dev * dev, ok)
        var = (ss / (n - 1)).astype(np.float64)
        var[n.astype(np.float64) <= 1] = np.nan  # fewer than two values: NA
        sd = np.sqrt(var)
    mean[n.astype(np.float64) == 0] = np.nan
    return mean, sd


def pheatmap_scale(x: np.ndarray, scale: str) -> np.ndarray:
    """pheatmap's ``scale_mat(mat, scale)``: ``"none"``, ``"row"`` or ``"column"``.

    Not base R's ``scale()``: pheatmap divides by ``apply(x, 1, sd, na.rm = TRUE)`` after
    subtracting ``apply(x, 1, mean, na.rm = TRUE)`` (rows; columns through transposes). A
    constant row becomes NaN (0 / 0), as in R.
    """
    if scale not in ("none", "row", "column"):
        raise InputError(f"scale must be 'none', 'row' or 'column' (pheatmap's values), got "
                         f"{scale!r}")
    x = np.asarray(x, dtype=np.float64)
    if scale == "none":
        return x.copy()
    if scale == "column":
        return pheatmap_scale(x.T, "row").T.copy()
    mean, sd = _row_mean_sd(x)
    with np.errstate(invalid="ignore", divide="ignore"):
        return (x - mean[:, None]) / sd[:, None]


# --------------------------------------------------------------------------------------------
# breaks and the default palette
# --------------------------------------------------------------------------------------------
def r_seq_length_out(start: float, stop: float, length_out: int) -> np.ndarray:
    """R's ``seq(from, to, length.out = n)`` (seq.default) for double ``from`` and ``to``."""
    n = int(length_out)
    if n <= 0:
        return np.zeros(0)
    if n <= 2:
        return np.array([start, stop], dtype=np.float64)[:n]
    if start == stop:
        return np.full(n, float(start))
    n1 = n - 1
    by = (float(stop) - float(start)) / n1
    mid = float(start) + np.arange(1, n - 1, dtype=np.float64) * by
    return np.concatenate([[float(start)], mid, [float(stop)]])


def generate_breaks(x: np.ndarray, n: int, center: bool = False) -> np.ndarray:
    """pheatmap's ``generate_breaks(x, n, center)``: ``n + 1`` equally spaced breaks.

    ``center=True`` (pheatmap's choice when ``scale != "none"``): from ``-m`` to ``m``,
    ``m = max(abs(range(x)))``; else from ``min(x)`` to ``max(x)`` (NA removed).
    """
    v = np.asarray(x, dtype=np.float64).ravel()
    v = v[~np.isnan(v)]
    if v.size == 0:
        raise InputError("the matrix has no non-missing value, so pheatmap cannot make breaks")
    lo, hi = float(v.min()), float(v.max())
    if center:
        m = max(abs(lo), abs(hi))
        return r_seq_length_out(-m, m, n + 1)
    return r_seq_length_out(lo, hi, n + 1)


def extend_breaks(breaks: np.ndarray, colors: list[str]) -> tuple[np.ndarray, list[str]]:
    """pheatmap's open ends: ``-Inf`` before / ``Inf`` after finite outer breaks, the outer
    colours repeated (values beyond the breaks take the first or last colour)."""
    b = np.asarray(breaks, dtype=np.float64)
    cols = list(colors)
    if not np.isinf(b.min()):
        b = np.concatenate([[-np.inf], b])
        cols = [cols[0], *cols]
    if not np.isinf(b.max()):
        b = np.concatenate([b, [np.inf]])
        cols = [*cols, cols[-1]]
    return b, cols


def scale_colours(x: np.ndarray, breaks: np.ndarray, colors: list[str],
                  na_col: str) -> np.ndarray:
    """pheatmap's ``scale_colours``: ``col[cut(x, breaks, include.lowest = TRUE)]``, NA -> na_col.

    ``breaks`` and ``colors`` are the extended ones (:func:`extend_breaks`). As ``cut()``, the
    intervals are closed on the right and the first includes its lower end; a value with no
    interval, or an interval with no colour, gets ``na_col``.
    """
    b = np.asarray(breaks, dtype=np.float64)
    if b.size < 2 or (np.diff(b) <= 0).any():
        raise InputError("breaks must be increasing and unique (R's cut(): 'breaks' are not "
                         "unique); a constant matrix needs breaks given explicitly")
    v = np.asarray(x, dtype=np.float64)
    code = np.searchsorted(b, v, side="left")  # b[code-1] < v <= b[code]
    code = np.where(v == b[0], 1, code)
    ok = ~np.isnan(v) & (code >= 1) & (code <= b.size - 1) & (code <= len(colors))
    table = np.array([*colors, na_col], dtype=object)
    idx = np.where(ok, code - 1, len(colors))
    return table[idx]


def _hex_rgb(color: str) -> tuple[int, int, int]:
    h = color.lstrip("#")
    if len(h) not in (6, 8):
        raise InputError(f"{color!r} is not a #RRGGBB colour")
    return int(h[0:2], 16), int(h[2:4], 16), int(h[4:6], 16)


def _approx(v: np.ndarray, x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """R's ``approxfun(x, y)`` (linear, stats/src/approx.c ``approx1``) at ``v``."""
    out = np.empty(v.size)
    n = x.size
    for k, val in enumerate(v):
        i, j = 0, n - 1
        while i < j - 1:
            ij = (i + j) // 2
            if val < x[ij]:
                j = ij
            else:
                i = ij
        if val == x[j]:
            out[k] = y[j]
        elif val == x[i]:
            out[k] = y[i]
        else:
            out[k] = y[i] + (y[j] - y[i]) * ((val - x[i]) / (x[j] - x[i]))
    return out


def _seq_int(n: int) -> np.ndarray:
    """R 4.2's ``seq.int(0, 1, length.out = n)`` (seq.c): ``from + i * by``, the last = to."""
    if n == 1:
        return np.zeros(1)
    out = np.arange(n, dtype=np.float64) * (1.0 / (n - 1))
    out[-1] = 1.0
    return out


def color_ramp_palette_hex(colors: tuple[str, ...] | list[str], n: int) -> list[str]:
    """R's ``colorRampPalette(colors)(n)`` for ``#RRGGBB`` colours (RGB space, linear).

    Each channel is interpolated on ``col2rgb(colors) / 255`` at ``seq.int(0, 1, length.out =
    n)``, clamped to [0, 1], multiplied by 255, and written by ``rgb(..., maxColorValue = 255)``,
    which converts to integer by truncation (not rounding).
    """
    n = int(n)
    if n < 0:
        raise InputError(f"a palette needs n >= 0 colours, got {n}")
    rgb = np.array([_hex_rgb(c) for c in colors], dtype=np.float64) / 255.0
    if rgb.shape[0] == 1:
        rgb = rgb[[0, 0]]
    knots = _seq_int(rgb.shape[0])
    at = _seq_int(n) if n else np.zeros(0)
    chans = [np.clip(_approx(at, knots, rgb[:, c]), 0.0, 1.0) * 255.0 for c in range(3)]
    out = []
    for r, g, b in zip(*chans, strict=True):
        out.append(f"#{int(r):02X}{int(g):02X}{int(b):02X}")
    return out


def default_palette(n: int = 100) -> list[str]:
    """pheatmap's default ``colorRampPalette(rev(brewer.pal(n = 7, name = "RdYlBu")))(100)``."""
    return color_ramp_palette_hex(tuple(reversed(RDYLBU7)), n)


# --------------------------------------------------------------------------------------------
# clustering
# --------------------------------------------------------------------------------------------
def _check_method(method: object) -> str:
    if not isinstance(method, str) or method not in PHEATMAP_METHODS:
        raise InputError(
            f"clustering_method must be one of {', '.join(PHEATMAP_METHODS)} (pheatmap accepts "
            f"exact names only), got {method!r}"
        )
    return hclust_method(method)


def _cluster_mat(x: np.ndarray, distance: object, method: str,
                 labels: tuple[str, ...] | None, what: str) -> HClust:
    """pheatmap's ``cluster_mat(mat, distance, method)`` on the rows of ``x``."""
    n = x.shape[0]
    if isinstance(distance, Dist):
        if distance.size != n:
            raise InputError(f"{what} is a Dist of {distance.size} objects but there are {n} "
                             f"to cluster")
        buf = np.array(distance.condensed, dtype=np.float64, copy=True)
        dist_name = distance.method
        lab = distance.labels
    elif isinstance(distance, str) and distance in PHEATMAP_DISTANCES:
        if distance == "correlation":
            if np.isnan(x).any():
                raise InputError(
                    f"{what} = 'correlation' on a matrix with missing values: pheatmap computes "
                    "1 - cor(t(mat)) with NA results and R's hclust() stops on them; remove the "
                    "missing values or use a dist() distance, which skips them"
                )
            buf, _, _, _, _ = compute_distances(x, "pearson")
            dist_name = None
        else:
            buf, _, _, dist_name, _ = compute_distances(x, distance)
        lab = labels
    else:
        raise InputError(
            f"{what} must be one of {', '.join(PHEATMAP_DISTANCES)} or a Dist (R's dist object), "
            f"got {distance!r}"
        )
    check_dissimilarities(buf, n, lab)
    return hclust_inplace(buf, n, method, lab, dist_name)


def _callback(fun: Callable[..., Any], tree: HClust, x: np.ndarray, what: str) -> HClust:
    try:
        nparams = len(inspect.signature(fun).parameters)
    except (TypeError, ValueError):
        nparams = 2
    out = fun(tree, x) if nparams >= 2 else fun(tree)
    if not isinstance(out, HClust) or out.n != tree.n:
        raise InputError(f"clustering_callback must return an HClust of the same {tree.n} "
                         f"{what}, got {out!r}")
    return out


def find_gaps(tree: HClust, k: int) -> np.ndarray:
    """pheatmap's ``find_gaps(tree, k)``: positions (1..n-1) after which a gap is drawn.

    ``v <- cutree(tree, k)[tree$order]; which(diff(v) != 0)``: the number of leaves before each
    gap, in drawn order.
    """
    v = cutree(tree, k=int(k))[tree.order]
    return (np.flatnonzero(np.diff(v) != 0) + 1).astype(np.int64)


def kmeans_centers(x: np.ndarray, labels: object, k: int | None = None) -> tuple[np.ndarray,
                                                                                  np.ndarray]:
    """``kmeans(mat, k)$centers`` for given cluster labels (1..k) and the cluster sizes.

    R's Hartigan-Wong code recomputes the centres at the end as the sum of each cluster's rows,
    added in row order in double precision, divided by the cluster size; this does the same.
    """
    lab = np.asarray(labels)
    if lab.ndim != 1 or lab.size != x.shape[0]:
        raise InputError(f"kmeans labels must be one cluster number per row ({x.shape[0]}), "
                         f"got shape {lab.shape}")
    if lab.dtype.kind == "f" and (~np.isfinite(lab) | (lab != np.round(lab))).any():
        raise InputError("kmeans labels must be whole cluster numbers 1..k")
    if lab.dtype.kind not in "iuf":
        raise InputError(f"kmeans labels must be cluster numbers 1..k, got dtype {lab.dtype}")
    lab = lab.astype(np.int64)
    kk = int(lab.max()) if k is None else int(k)
    if lab.min() < 1 or lab.max() > kk or np.unique(lab).size != kk:
        raise InputError(f"kmeans labels must use every cluster number 1..{kk} (R's kmeans "
                         f"cluster vector), got {sorted(set(lab.tolist()))[:10]}")
    if np.isnan(x).any():
        raise InputError("kmeans_k needs a matrix without missing values (R's kmeans stops)")
    centers = np.zeros((kk, x.shape[1]))
    for i in range(x.shape[0]):
        centers[lab[i] - 1] += x[i]
    sizes = np.bincount(lab - 1, minlength=kk)
    return centers / sizes[:, None].astype(np.float64), sizes


@dataclass(frozen=True, eq=False)
class PheatmapAxis:
    """One axis of a pheatmap: its tree (or None), drawn order (0-based) and gaps."""

    tree: HClust | None
    order: np.ndarray
    gaps: np.ndarray
    clustered: bool


@dataclass(frozen=True, eq=False)
class PheatmapOrder:
    """What pheatmap computes before drawing.

    Attributes
    ----------
    matrix : numpy.ndarray
        The matrix after scaling and k-means (in the input's row/column order, not reordered).
    row, column : PheatmapAxis
        Trees, 0-based drawn orders, gaps (pheatmap's numbers: a gap after that many cells).
    row_names, column_names : tuple of str or None
        ``rownames(mat)`` / ``colnames(mat)`` of ``matrix`` (the trees' labels); with k-means the
        rows are the centres, named ``"1"`` .. ``"k"`` as R names them.
    kmeans_sizes : numpy.ndarray or None
        Sizes of the k-means clusters.
    """

    matrix: np.ndarray
    row: PheatmapAxis
    column: PheatmapAxis
    row_names: tuple[str, ...] | None
    column_names: tuple[str, ...] | None
    kmeans_sizes: np.ndarray | None = None


def _axis(x: np.ndarray, cluster: object, distance: object, method: str,
          callback: Callable[..., Any] | None, cutree_k: object, gaps: object,
          labels: tuple[str, ...] | None, which: str) -> PheatmapAxis:
    n = x.shape[0]
    if isinstance(cluster, HClust):
        if cluster.n != n:
            raise InputError(f"cluster_{which} is a tree of {cluster.n} leaves but the matrix has "
                             f"{n} {which}")
        tree: HClust | None = cluster
    elif isinstance(cluster, (bool, np.bool_)):
        tree = None
        if cluster:
            tree = _cluster_mat(x, distance, method, labels, f"clustering_distance_{which}")
            if callback is not None:
                tree = _callback(callback, tree, x, which)
    else:
        raise InputError(f"cluster_{which} must be True, False or an HClust, got {cluster!r}")
    if tree is None:
        g = _check_gaps(gaps, n, f"gaps_{which[:-1]}")
        return PheatmapAxis(None, np.arange(n, dtype=np.int64), g, False)
    g = np.zeros(0, dtype=np.int64)
    if cutree_k is not None:
        k = _check_k(cutree_k, n, f"cutree_{which}")
        g = find_gaps(tree, k)
    return PheatmapAxis(tree, tree.order.copy(), g, True)


def _check_k(k: object, n: int, what: str) -> int:
    if isinstance(k, (bool, np.bool_)) or not isinstance(k, (int, np.integer, float)):
        raise InputError(f"{what} must be a whole number of clusters, got {k!r}")
    if float(k) != int(k) or not 1 <= int(k) <= n:
        raise InputError(f"{what} must be a whole number between 1 and {n}, got {k!r}")
    return int(k)


def _check_gaps(gaps: object, n: int, what: str) -> np.ndarray:
    if gaps is None:
        return np.zeros(0, dtype=np.int64)
    g = np.atleast_1d(np.asarray(gaps))
    if g.dtype.kind not in "iuf" or g.ndim != 1 or (g != np.round(g)).any():
        raise InputError(f"{what} must be whole numbers (a gap after that many cells), got "
                         f"{gaps!r}")
    if g.size and (g.max() > n or g.min() < 0):
        raise InputError(f"{what} must be between 0 and {n} (pheatmap: 'Gaps do not match with "
                         f"matrix size'), got {gaps!r}")
    return g.astype(np.int64)


def pheatmap_order(
    mat: np.ndarray,
    *,
    row_names: tuple[str, ...] | None = None,
    column_names: tuple[str, ...] | None = None,
    scale: str = "none",
    cluster_rows: object = True,
    cluster_cols: object = True,
    clustering_distance_rows: object = "euclidean",
    clustering_distance_cols: object = "euclidean",
    clustering_method: str = "complete",
    clustering_callback: Callable[..., Any] | None = None,
    cutree_rows: object = None,
    cutree_cols: object = None,
    gaps_row: object = None,
    gaps_col: object = None,
    kmeans_labels: object = None,
) -> PheatmapOrder:
    """pheatmap's scaling, k-means (from given labels), trees, drawn orders and gaps.

    Parameters are pheatmap's; ``row_names``/``column_names`` are ``rownames(mat)`` and
    ``colnames(mat)`` (they label the trees, as in R); ``kmeans_labels`` is the
    ``kmeans(mat, k)$cluster`` vector, computed elsewhere. Returns a :class:`PheatmapOrder`.
    """
    method = _check_method(clustering_method)
    x = pheatmap_scale(np.asarray(mat, dtype=np.float64), scale)
    rlabels = None if row_names is None else tuple(row_names)
    clabels = None if column_names is None else tuple(column_names)
    sizes = None
    if kmeans_labels is not None:
        x, sizes = kmeans_centers(x, kmeans_labels)
        rlabels = tuple(str(i + 1) for i in range(sizes.size))
    row = _axis(x, cluster_rows, clustering_distance_rows, method, clustering_callback,
                cutree_rows, gaps_row, rlabels, "rows")
    # pheatmap clusters the columns of the matrix whose rows are already in the drawn order
    xr = x[row.order]
    col = _axis(np.ascontiguousarray(xr.T), cluster_cols, clustering_distance_cols, method,
                clustering_callback, cutree_cols, gaps_col, clabels, "cols")
    return PheatmapOrder(x, row, col, rlabels, clabels, sizes)
