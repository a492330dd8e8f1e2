"""The row and column order of ComplexHeatmap's ``Heatmap()``, computed without R.

R equivalent::

    ht <- draw(Heatmap(mat, cluster_rows = , clustering_distance_rows = , row_split = , ...))
    row_order(ht); column_order(ht)          # 1-based; a list when split

:func:`heatmap_order` returns the same orders (0-based), slice by slice, together with the trees
ComplexHeatmap draws, for ComplexHeatmap 2.14.0 on R 4.2.2. Clustering uses pyr_heatmap's
R-identical ``dist``/``hclust``; reordering, cutting and the slice logic follow ComplexHeatmap's
``make_cluster()``, including its quirks (documented on :func:`heatmap_order`).
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from ._names import match_name
from .cluster import cluster_matrix
from .dendrogram import cut_dendrogram, r_mean, reorder
from .dist import COR_METHODS, DIST_METHODS, Dist, as_dist, dist
from .errors import InputError
from .hclust import HCLUST_METHODS, HClust, hclust, merge_order
from .rfactor import r_as_character, r_sort_strings

__all__ = ["AxisOrder", "HeatmapOrder", "heatmap_order"]

NO_SPLIT_NAME = ""


# --------------------------------------------------------------------------------------------
# results
# --------------------------------------------------------------------------------------------
@dataclass(frozen=True, eq=False)
class AxisOrder:
    """How one axis (rows or columns) of the heatmap is ordered, split and drawn.

    Attributes
    ----------
    order : numpy.ndarray
        0-based indices in drawn order (rows top to bottom, columns left to right): R's
        ``unlist(row_order(ht)) - 1``.
    slices : dict of str to numpy.ndarray
        Slice name -> its 0-based indices in drawn order, with the slices in drawn order (R's
        ``row_order(ht)`` list). Without a split there is one slice named ``""``. Slices by
        ``row_split = k`` are named ``"1"`` .. ``"k"`` (ComplexHeatmap's slice titles).
    trees : dict of str to (HClust or None)
        The dendrogram drawn for each slice (same keys and order as ``slices``), after any
        reordering; ``None`` when the axis is not clustered or the slice has a single member.
        Leaf ``j`` of a slice's tree is the slice's ``j``-th smallest index, so
        ``np.sort(slices[name])[trees[name].order]`` equals ``slices[name]``. Without a split
        this is the full tree over all indices.
    labels : numpy.ndarray
        Object array: the slice name of every row/column, in the matrix's original order.
    levels : tuple of str
        The slice names in level order (before the slices themselves are ordered).
    slice_tree : HClust or None
        The tree over the slices: for a split by a factor/data frame with
        ``cluster_*_slices = True``, the reordered hclust of the slice means (leaf ``i`` =
        ``levels[i]``; ``order`` is the drawn slice order); for ``row_split = k``, the part of
        the tree above the cut (leaf ``i`` = slice ``i``). ``None`` otherwise.
    clustered : bool
        Whether the axis is clustered (dendrograms exist).
    split : bool
        Whether the axis is split into slices.
    """

    order: np.ndarray
    slices: dict[str, np.ndarray]
    trees: dict[str, HClust | None]
    labels: np.ndarray
    levels: tuple[str, ...]
    slice_tree: HClust | None
    clustered: bool
    split: bool


@dataclass(frozen=True, eq=False)
class HeatmapOrder:
    """Row and column orders of a heatmap, as ``row_order(draw(ht))`` / ``column_order(...)``.

    Attributes
    ----------
    rows : AxisOrder
    columns : AxisOrder
    """

    rows: AxisOrder
    columns: AxisOrder

    @property
    def row_order(self) -> np.ndarray:
        """0-based row indices, top to bottom."""
        return self.rows.order

    @property
    def column_order(self) -> np.ndarray:
        """0-based column indices, left to right."""
        return self.columns.order

    @property
    def row_slices(self) -> dict[str, np.ndarray]:
        """Row slices in drawn order (R's ``row_order(ht)`` list, 0-based)."""
        return self.rows.slices

    @property
    def column_slices(self) -> dict[str, np.ndarray]:
        """Column slices in drawn order (R's ``column_order(ht)`` list, 0-based)."""
        return self.columns.slices


# --------------------------------------------------------------------------------------------
# R's arithmetic: rowMeans / colMeans accumulate in long double, sequentially
# --------------------------------------------------------------------------------------------
def _r_row_means(x: np.ndarray) -> np.ndarray:
    """R's ``rowMeans(x, na.rm = TRUE)``: per row, columns added left to right in long double."""
    n, p = x.shape
    acc = np.zeros(n, dtype=np.longdouble)
    cnt = np.zeros(n, dtype=np.int64)
    for j in range(p):
        col = x[:, j]
        ok = ~np.isnan(col)
        acc[ok] += col[ok].astype(np.longdouble)
        cnt += ok
    with np.errstate(invalid="ignore", divide="ignore"):
        return (acc / cnt.astype(np.longdouble)).astype(np.float64)


def _r_col_means(x: np.ndarray) -> np.ndarray:
    """R's ``colMeans(x, na.rm = TRUE)``: per column, rows added top to bottom in long double."""
    return _r_row_means(np.ascontiguousarray(x.T))


# --------------------------------------------------------------------------------------------
# splits: each column becomes a factor (codes 0..L-1, -1 for NA) as make_cluster() does
# --------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class _Factor:
    codes: np.ndarray  # int64, -1 = NA
    levels: list[str]


def _factor_from_values(values: list[object], level_values: list[object]) -> _Factor:
    index = {v: i for i, v in enumerate(level_values)}
    codes = np.array([-1 if _isna(v) else index[v] for v in values], dtype=np.int64)
    names = [r_as_character(v) for v in level_values]
    if len(set(names)) != len(names):
        raise InputError(
            "split labels that are different numbers print the same way in R (15 significant "
            "digits), so they would make duplicated factor levels; round them or use strings"
        )
    return _Factor(codes, names)


def _isna(v: object) -> bool:
    try:
        return bool(pd.isna(v))
    except (TypeError, ValueError):
        return False


def _as_factor(col: pd.Series) -> _Factor:
    """One split column as R's make_cluster() turns it into a factor."""
    if isinstance(col.dtype, pd.CategoricalDtype):
        # factor(x, levels = intersect(levels(x), unique(x))): category order, unused dropped
        cats = list(col.cat.categories)
        codes = col.cat.codes.to_numpy().astype(np.int64)
        used = sorted(set(codes[codes >= 0].tolist()))
        remap = np.full(len(cats) + 1, -1, dtype=np.int64)
        for new, old in enumerate(used):
            remap[old] = new
        return _Factor(remap[codes], [r_as_character(cats[i]) for i in used])
    values = col.tolist()
    present = [v for v in values if not _isna(v)]
    if pd.api.types.is_bool_dtype(col.dtype) or (
        present and all(isinstance(v, (bool, np.bool_)) for v in present)
    ):
        levels = sorted({bool(v) for v in present})  # FALSE < TRUE
        return _factor_from_values([None if _isna(v) else bool(v) for v in values], levels)
    numeric = bool(present) and all(
        isinstance(v, (int, float, np.integer, np.floating)) and not isinstance(v, (bool, np.bool_))
        for v in present
    )
    if numeric:
        # factor(as.character(x), levels = as.character(sort(unique(x)))): numeric order
        is_int = pd.api.types.is_integer_dtype(col.dtype) or all(
            isinstance(v, (int, np.integer)) for v in present
        )
        conv = int if is_int else float
        vals = [None if _isna(v) else conv(v) for v in values]
        levels = sorted({v for v in vals if v is not None})
        return _factor_from_values(vals, levels)
    # character: factor(x), levels = sort(unique(x)) in the locale's collation
    vals = [None if _isna(v) else str(v) for v in values]
    levels = r_sort_strings(sorted({v for v in vals if v is not None}))
    return _factor_from_values(vals, levels)


def is_split_count(split: object) -> bool:
    """R's ``is.numeric(split) && length(split) == 1``."""
    if isinstance(split, (bool, np.bool_)):
        return False
    if isinstance(split, (int, float, np.integer, np.floating)):
        return True
    if isinstance(split, (np.ndarray, list, tuple, pd.Series)) and not isinstance(
        getattr(split, "dtype", None), pd.CategoricalDtype
    ):
        arr = np.asarray(split)
        return arr.size == 1 and arr.dtype.kind in "iuf"
    return False


def _split_columns(split: object, n: int, what: str) -> list[pd.Series]:
    if isinstance(split, pd.DataFrame):
        cols = [split.iloc[:, j].reset_index(drop=True) for j in range(split.shape[1])]
        length = split.shape[0]
    elif isinstance(split, np.ndarray) and split.ndim == 2:
        cols = [pd.Series(split[:, j]) for j in range(split.shape[1])]
        length = split.shape[0]
    else:
        if isinstance(split, pd.Series):
            col = split.reset_index(drop=True)
        elif isinstance(split, (pd.Categorical, pd.Index)):
            col = pd.Series(split)
        else:
            arr = np.asarray(split, dtype=object) if not isinstance(split, np.ndarray) else split
            if arr.ndim == 0:
                arr = arr.reshape(1)
            if arr.ndim != 1:
                raise InputError(f"{what}_split must be a vector, a DataFrame or a number")
            col = pd.Series(list(arr) if arr.dtype == object else arr)
        cols = [col]
        length = len(col)
    if length != n:
        raise InputError(
            f"{what}_split has {length} labels but the matrix has {n} {what}s; give one label "
            f"per {what} (or a single number k to cut the {what} dendrogram into k slices)"
        )
    if not cols:
        raise InputError(f"{what}_split is a DataFrame without columns")
    return cols


def _combine(factors: list[_Factor], n: int) -> tuple[np.ndarray, list[str]]:
    """Slice name of each index and the slice names in level order (R: order(split), unique)."""
    names = np.array(
        [
            ",".join(f.levels[c] if c >= 0 else "NA" for f, c in zip(factors, row, strict=True))
            for row in zip(*[f.codes.tolist() for f in factors], strict=True)
        ],
        dtype=object,
    )
    big = max(len(f.levels) for f in factors)
    keys = [np.where(f.codes >= 0, f.codes, big) for f in factors]  # NA last
    order2 = np.lexsort(keys[::-1]) if keys else np.arange(n)
    levels: list[str] = []
    seen: set[str] = set()
    for i in order2:
        nm = names[i]
        if nm not in seen:
            seen.add(nm)
            levels.append(nm)
    return names, levels


# --------------------------------------------------------------------------------------------
# distances and clustering as ComplexHeatmap's get_dist() / hclust()
# --------------------------------------------------------------------------------------------
def _check_distance(distance: object, what: str) -> None:
    if callable(distance):
        return
    if isinstance(distance, str):
        match_name(
            distance, DIST_METHODS + COR_METHODS, f"clustering_distance_{what}s", partial=False
        )
        return
    raise InputError(
        f"clustering_distance_{what}s must be a distance name or a function, got {distance!r}"
    )


def _n_params(fun: Callable[..., Any]) -> int:
    try:
        sig = inspect.signature(fun)
    except (TypeError, ValueError):
        return 1
    kinds = (inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD)
    return sum(1 for p in sig.parameters.values() if p.kind in kinds)


def _cluster(x: np.ndarray, distance: object, method: str,
             labels: tuple[str, ...] | None) -> HClust:
    """hclust(get_dist(x, distance), method), in place (one distance matrix) for named ones."""
    if callable(distance):
        return hclust(_get_dist(x, distance, labels), method)
    return cluster_matrix(x, str(distance), method, labels=labels)


def _get_dist(x: np.ndarray, distance: object, labels: tuple[str, ...] | None) -> Dist:
    n = x.shape[0]
    if not callable(distance):
        return dist(x, method=str(distance), labels=labels)
    nargs = _n_params(distance)
    if nargs == 2:  # ComplexHeatmap's dist2(): d[i, j] = f(x[i, ], x[j, ]) for i > j
        out = np.empty(n * (n - 1) // 2)
        k = 0
        for a in range(n - 1):
            for b in range(a + 1, n):
                out[k] = float(distance(x[b].copy(), x[a].copy()))
                k += 1
        return Dist(out, n, labels, "custom")
    if nargs != 1:
        raise InputError(
            "a distance function takes either the whole matrix (one argument, returning a Dist, "
            "a condensed vector or a square matrix) or two vectors (returning a number)"
        )
    res = distance(x.copy())
    if isinstance(res, Dist):
        d = res
    else:
        arr = np.asarray(res, dtype=np.float64)
        d = as_dist(arr) if arr.ndim == 2 else Dist(arr.ravel(), n, None, "custom")
    if d.size != n:
        raise InputError(f"the distance function returned {d.size} objects for {n} rows")
    return d


# --------------------------------------------------------------------------------------------
# k-means (not R's: R's kmeans depends on R's random numbers)
# --------------------------------------------------------------------------------------------
def _kmeans(x: np.ndarray, k: int, repeats: int, rng: np.random.Generator, what: str) -> np.ndarray:
    """Lloyd's k-means, best of ``repeats`` random starts; labels 1, 2, ... by first appearance."""
    if np.isnan(x).any():
        raise InputError(f"{what}_km: k-means cannot use a matrix with missing values")
    uniq = np.unique(x, axis=0)
    if k > uniq.shape[0]:
        raise InputError(f"{what}_km = {k} but there are only {uniq.shape[0]} distinct {what}s")
    best_wss = np.inf
    best = np.zeros(x.shape[0], dtype=np.int64)
    for _ in range(max(1, int(repeats))):
        centers = uniq[rng.choice(uniq.shape[0], size=k, replace=False)]
        lab = np.full(x.shape[0], -1, dtype=np.int64)
        for _it in range(100):
            d2 = ((x[:, None, :] - centers[None, :, :]) ** 2).sum(axis=2)
            new = d2.argmin(axis=1)
            if np.array_equal(new, lab):
                break
            lab = new
            for c in range(k):
                if (lab == c).any():
                    centers[c] = x[lab == c].mean(axis=0)
        wss = float(((x - centers[lab]) ** 2).sum())
        if wss < best_wss:
            best_wss, best = wss, lab
    # number the clusters 1, 2, ... by first appearance
    ids: dict[int, int] = {}
    for c in best.tolist():
        ids.setdefault(c, len(ids) + 1)
    return np.array([ids[c] for c in best.tolist()], dtype=np.int64)


def _order_nan_last(w: np.ndarray) -> np.ndarray:
    """R's ``order(w)``: stable, ascending, NA/NaN last."""
    return np.lexsort((np.where(np.isnan(w), 0.0, w), np.isnan(w)))


def _km_factor(
    x: np.ndarray, labels: np.ndarray, reorder_arg: object, cluster_slices: bool
) -> _Factor:
    """make_cluster()'s k-means block: relabel clusters 1..k in hclust-of-means order."""
    lev = _as_factor(pd.Series(list(labels)))
    if (lev.codes < 0).any():
        raise InputError("k-means labels must not contain missing values")
    cl = lev.codes  # 0..k-1 = R's sort(unique(cl))
    k = len(lev.levels)
    meanmat = np.vstack([_r_col_means(x[cl == i]) for i in range(k)])  # k x p (R: t(meanmat))
    if isinstance(reorder_arg, np.ndarray) and reorder_arg.size > 1:
        weight = np.array([r_mean(reorder_arg[cl == i]) for i in range(k)])
    else:
        weight = _r_row_means(meanmat)
    if cluster_slices:
        hc = reorder(hclust(dist(meanmat)), weight, "mean")
        od = hc.order
    else:
        od = _order_nan_last(weight)
    cl2 = np.empty_like(cl)
    for i, c in enumerate(od):
        cl2[cl == c] = i
    return _Factor(cl2, [str(i + 1) for i in range(k)])


# --------------------------------------------------------------------------------------------
# one axis
# --------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class _AxisArgs:
    cluster: object
    distance: object
    method: str
    reorder: object
    split: object
    cluster_slices: bool
    km: object
    km_repeats: int


def _resolve_reorder(arg: object, kind: str, n: int, what: str) -> object:
    """None -> R's default; returns False, True or a float vector of length n."""
    if arg is None:
        return kind in ("bool", "fun")
    if isinstance(arg, (bool, np.bool_)):
        return bool(arg)
    try:
        w = np.array(arg, dtype=np.float64, copy=True).ravel()
    except (TypeError, ValueError) as exc:
        raise InputError(
            f"{what}_dend_reorder must be True/False or one weight per {what}: {exc}"
        ) from exc
    if w.size != n:
        raise InputError(
            f"{what}_dend_reorder has {w.size} weights but there are {n} {what}s (weight of "
            f"reordering should have same length as number of {what}s)"
        )
    return w


def _weights(x: np.ndarray, reorder_arg: object) -> np.ndarray | None:
    if reorder_arg is False:
        return None
    if reorder_arg is True:
        return -_r_row_means(x)
    return np.asarray(reorder_arg)


def _sub_labels(labels: tuple[str, ...] | None, idx: np.ndarray) -> tuple[str, ...] | None:
    return None if labels is None else tuple(labels[i] for i in idx)


def _axis_order(
    x: np.ndarray,
    labels: tuple[str, ...] | None,
    a: _AxisArgs,
    what: str,
    rng: np.random.Generator,
) -> AxisOrder:
    """ComplexHeatmap's Heatmap() argument handling + make_cluster() for one axis.

    ``x`` has the objects of this axis in its rows (the matrix, or its transpose for columns).
    """
    n = x.shape[0]
    cluster = a.cluster
    if isinstance(cluster, HClust):
        kind = "tree"
        if cluster.n != n:
            raise InputError(
                f"cluster_{what}s is a tree of {cluster.n} leaves but the matrix has {n} {what}s"
            )
    elif isinstance(cluster, (bool, np.bool_)):
        kind = "bool"
        cluster = bool(cluster)
    elif callable(cluster):
        kind = "fun"
    else:
        raise InputError(
            f"cluster_{what}s must be True/False, an HClust or a function returning an HClust; "
            f"got {type(cluster)!r}"
        )
    reorder_arg = _resolve_reorder(a.reorder, kind, n, what)
    # k-means: a number of clusters or precomputed labels
    km_labels: np.ndarray | None = None
    km = a.km
    if km is None:
        km = 1
    if isinstance(km, (str, bytes)):
        raise InputError(f"{what}_km must be a whole number >= 1 or a vector of labels")
    if np.ndim(km) == 0:
        if isinstance(km, (bool, np.bool_)) or not float(km).is_integer() or int(km) < 1:
            raise InputError(f"{what}_km must be a whole number >= 1 or a vector of labels")
        km = int(km)
        if km > n and n > 1:  # one row/column: ComplexHeatmap ignores row_km (below)
            raise InputError(f"{what}_km = {km} is more than the number of {what}s ({n}); give "
                             f"at most {n} clusters")
    else:
        km_labels = np.asarray(list(km), dtype=object)
        if km_labels.size != n:
            raise InputError(f"{what}_km has {km_labels.size} labels for {n} {what}s")
        km = len({r_as_character(v) for v in km_labels.tolist()})
    if n == 1:  # Heatmap(): one row/column is never clustered unless a tree is given
        if kind != "tree":
            kind, cluster = "bool", False
        km, km_labels = 1, None
    clustered = kind != "bool" or bool(cluster)
    if clustered and kind != "tree":
        _check_distance(a.distance, what)
        method = match_name(a.method, HCLUST_METHODS, f"clustering_method_{what}s")
    else:
        method = a.method
    split = a.split
    k_split = False
    if split is not None:
        if kind == "tree" and not is_split_count(split):
            raise InputError(
                f"cluster_{what}s is a tree, so {what}_split can only be a single number (the "
                f"number of {what} slices to cut the tree into)"
            )
        k_split = is_split_count(split) and (kind == "tree" or cluster is True)
        if is_split_count(split) and not k_split and n != 1:
            raise InputError(
                f"{what}_split = {split!r} is a number of slices, which cuts the {what} "
                f"dendrogram: it needs cluster_{what}s=True or a tree (ComplexHeatmap refuses it "
                f"otherwise); to split by labels give one label per {what}"
            )
    if k_split:
        if km > 1:
            raise InputError(
                f"{what}_km cannot be combined with a tree to cut ({what}_split = k or "
                f"cluster_{what}s given as a tree)"
            )
        tree = cluster if kind == "tree" else _cluster(x, a.distance, method, labels)
        return _axis_from_tree(x, labels, tree, split, reorder_arg, what)
    if kind == "tree":
        if km > 1:
            raise InputError(
                f"You can not perform k-means clustering since you have already specified a "
                f"clustering object (cluster_{what}s); drop {what}_km or the tree"
            )
        return _axis_from_tree(x, labels, cluster, None, reorder_arg, what)
    factors: list[_Factor] = []
    if split is not None:
        factors = [_as_factor(c) for c in _split_columns(split, n, what)]
    if km > 1:
        if km_labels is None:
            km_labels = _kmeans(x, km, a.km_repeats, rng, what)
        factors = [_km_factor(x, km_labels, reorder_arg, a.cluster_slices), *factors]
    if factors:
        names, levels = _combine(factors, n)
        order_list = [np.flatnonzero(names == lv) for lv in levels]
    else:
        names = np.full(n, NO_SPLIT_NAME, dtype=object)
        levels = [NO_SPLIT_NAME]
        order_list = [np.arange(n)]
    trees: list[HClust | None] = [None] * len(order_list)
    slice_od = np.arange(len(order_list))
    slice_tree: HClust | None = None
    if clustered:
        for i, idx in enumerate(order_list):
            if idx.size < 2:
                continue
            sub = x[idx]
            if kind == "fun":
                tree = cluster(sub.copy())  # type: ignore[operator]
                if not isinstance(tree, HClust) or tree.n != idx.size:
                    raise InputError(
                        f"the cluster_{what}s function must return an HClust over the "
                        f"{idx.size} {what}s it is given, got {tree!r}"
                    )
            else:
                tree = _cluster(sub, a.distance, method, _sub_labels(labels, idx))
            trees[i] = tree
            order_list[i] = idx[tree.order]
        w = _weights(x, reorder_arg)
        if w is not None:
            for i, idx in enumerate(order_list):
                tree = trees[i]
                if idx.size > 1 and tree is not None:
                    sub_ind = np.sort(idx)
                    tree = reorder(tree, w[sub_ind], "mean")
                    trees[i] = tree
                    order_list[i] = sub_ind[tree.order]
        if len(order_list) > 1 and a.cluster_slices:
            means = np.vstack([_r_col_means(x[idx]) for idx in order_list])  # slices x p
            slice_tree = reorder(hclust(dist(means)), means.ravel(), "mean")
            slice_od = slice_tree.order
            slice_tree = _relabel(slice_tree, tuple(levels))
    return _finish(order_list, trees, levels, slice_od, names, slice_tree, clustered, bool(factors))


def _relabel(tree: HClust, labels: tuple[str, ...]) -> HClust:
    return HClust(tree.merge, tree.height, tree.order, labels, tree.method, tree.dist_method)


def _axis_from_tree(
    x: np.ndarray,
    labels: tuple[str, ...] | None,
    tree: HClust,
    k: object,
    reorder_arg: object,
    what: str,
) -> AxisOrder:
    """make_cluster() with a clustering object: the whole tree, or cut into k slices."""
    n = x.shape[0]
    w = _weights(x, reorder_arg)
    if k is None:
        order = merge_order(tree.merge)
        if w is not None:
            tree = reorder(tree, w, "mean")
            order = tree.order
        names = np.full(n, NO_SPLIT_NAME, dtype=object)
        return _finish([order], [tree], [NO_SPLIT_NAME], np.arange(1), names, None, True, False)
    kv = float(np.asarray(k).ravel()[0])
    if not kv.is_integer():
        raise InputError(f"{what}_split = {k!r}: the number of slices must be a whole number")
    kk = int(kv)
    if kk < 2:
        raise InputError(f"`{what}_split` should be >= 2 (got {kk})")
    if kk > n:
        raise InputError(f"{what}_split = {kk} is more than the number of {what}s ({n}); give a "
                         f"number of slices from 2 to {n}")
    h = np.sort(tree.height)[::-1]
    cut_h = 0.0 if kk > h.size else (h[kk - 2] + h[kk - 1]) / 2
    ct = cut_dendrogram(tree, cut_h)
    order_list: list[np.ndarray] = []
    trees: list[HClust | None] = []
    for members, sub in zip(ct.members, ct.lower, strict=True):
        if sub is not None and w is not None:
            # ComplexHeatmap's quirk: the weights reorder[sort(idx)] are indexed by the branch's
            # global leaf numbers, so leaf g gets W[g] (NaN past the end), not its own weight.
            sub_ind = np.sort(members)
            big_w = w[sub_ind]
            local = np.full(sub_ind.size, np.nan)
            inside = sub_ind < big_w.size
            local[inside] = big_w[sub_ind[inside]]
            sub = reorder(sub, local, "mean")
            members = sub_ind[sub.order]
        order_list.append(members)
        trees.append(sub)
    levels = [str(i + 1) for i in range(len(order_list))]
    names = np.empty(n, dtype=object)
    for lv, idx in zip(levels, order_list, strict=True):
        names[idx] = lv
    upper = _relabel(ct.upper, tuple(levels))
    return _finish(order_list, trees, levels, np.arange(len(levels)), names, upper, True, True)


def _finish(
    order_list: list[np.ndarray],
    trees: list[HClust | None],
    levels: list[str],
    slice_od: np.ndarray,
    names: np.ndarray,
    slice_tree: HClust | None,
    clustered: bool,
    split: bool,
) -> AxisOrder:
    slices: dict[str, np.ndarray] = {}
    drawn_trees: dict[str, HClust | None] = {}
    for i in slice_od:
        idx = np.asarray(order_list[i], dtype=np.int64).copy()
        idx.flags.writeable = False
        slices[levels[i]] = idx
        drawn_trees[levels[i]] = trees[i]
    order = np.concatenate(list(slices.values())) if slices else np.empty(0, dtype=np.int64)
    order.flags.writeable = False
    lab = names.copy()
    lab.flags.writeable = False
    return AxisOrder(order, slices, drawn_trees, lab, tuple(levels), slice_tree, clustered, split)


# --------------------------------------------------------------------------------------------
# public
# --------------------------------------------------------------------------------------------
def _as_matrix(matrix: object) -> tuple[np.ndarray, tuple[str, ...] | None, tuple[str, ...] | None]:
    if isinstance(matrix, pd.DataFrame):
        api = pd.api.types
        # by position: with duplicated column names matrix[c] would be a DataFrame
        bad = [c for c, dt in matrix.dtypes.items() if not (
            api.is_bool_dtype(dt) or (api.is_numeric_dtype(dt) and not api.is_complex_dtype(dt)))]
        if bad:
            raise InputError(
                f"the matrix has non-numeric columns {bad[:5]!r}; convert them to numbers or "
                "drop them"
            )
        arr = matrix.to_numpy(dtype=np.float64, na_value=np.nan, copy=True)
        rows = tuple(str(v) for v in matrix.index)
        cols = tuple(str(v) for v in matrix.columns)
    else:
        try:
            arr = np.array(matrix, copy=True)
        except (TypeError, ValueError) as exc:
            raise InputError(f"the matrix cannot be read as a 2-D array: {exc}") from exc
        if arr.dtype.kind not in "biuf":
            raise InputError(f"the matrix must be numeric, got dtype {arr.dtype}")
        arr = arr.astype(np.float64)
        rows = cols = None
    if arr.ndim != 2:
        raise InputError(f"the matrix must be 2-D, got {arr.ndim} dimension(s)")
    if arr.shape[0] == 0 or arr.shape[1] == 0:
        raise InputError(f"the matrix is empty (shape {arr.shape}); nothing to order")
    return np.ascontiguousarray(arr), rows, cols


def heatmap_order(
    matrix: object,
    *,
    cluster_rows: bool | HClust | Callable[[np.ndarray], HClust] = True,
    cluster_columns: bool | HClust | Callable[[np.ndarray], HClust] = True,
    clustering_distance_rows: str | Callable[..., Any] = "euclidean",
    clustering_distance_columns: str | Callable[..., Any] = "euclidean",
    clustering_method_rows: str = "complete",
    clustering_method_columns: str = "complete",
    row_dend_reorder: bool | object | None = None,
    column_dend_reorder: bool | object | None = None,
    row_split: object = None,
    column_split: object = None,
    cluster_row_slices: bool = True,
    cluster_column_slices: bool = True,
    row_km: int | object = 1,
    column_km: int | object = 1,
    row_km_repeats: int = 1,
    column_km_repeats: int = 1,
    seed: int | None = None,
) -> HeatmapOrder:
    """Row and column order of ``draw(Heatmap(matrix, ...))`` in ComplexHeatmap 2.14.0.

    Parameters
    ----------
    matrix : array-like or pandas.DataFrame
        The numeric matrix drawn (rows x columns); NaN for missing values. Never modified.
    cluster_rows, cluster_columns : bool, HClust or callable
        ``True`` clusters with ``clustering_distance_*`` and ``clustering_method_*``. An
        :class:`~pyr_heatmap.hclust.HClust` is used as given (leaf ``j`` = row ``j``) and, by
        default, not reordered. A callable receives the (sub-)matrix as a numpy array, objects
        in rows (columns are passed transposed), and returns an HClust; it is applied per slice.
    clustering_distance_rows, clustering_distance_columns : str or callable
        ``"euclidean"``, ``"maximum"``, ``"manhattan"``, ``"canberra"``, ``"binary"``,
        ``"minkowski"``, ``"pearson"``, ``"spearman"`` or ``"kendall"`` (exact names, as
        ComplexHeatmap requires), or a function: with one parameter it receives the matrix and
        returns a :class:`~pyr_heatmap.dist.Dist`, a condensed vector or a square matrix; with two
        parameters it receives two rows and returns their distance.
    clustering_method_rows, clustering_method_columns : str
        Any of R's ``hclust`` methods.
    row_dend_reorder, column_dend_reorder : bool, array-like or None
        ``None`` is ComplexHeatmap's default: ``True`` when ``cluster_*`` is a bool or a
        function, ``False`` for a given tree. ``True`` reorders each dendrogram by
        ``-rowMeans(m, na.rm = TRUE)`` (``-colMeans`` for columns) with ``agglo.FUN = mean``, so
        branches with larger means come first (top/left). A numeric vector (one weight per
        row/column) is used as given, not negated.
    row_split, column_split : None, int, vector or DataFrame
        A vector (list, array, Series, Categorical) splits by its values: a Categorical keeps its
        category order (unused categories dropped); numbers are ordered numerically and named
        as R prints them; strings are ordered as R sorts them in a UTF-8 locale (ICU collation:
        case-insensitive first, ``"a" < "A" < "b"``; exact for ASCII and accented Latin letters);
        ``True``/``False`` as ``"FALSE" < "TRUE"``. Missing labels form a last slice ``"NA"``.
        A DataFrame splits by the combination of its columns: slices are named by pasting the
        levels with ``","`` and ordered by the first column's levels, then the second's, etc.;
        only combinations that occur become slices. An integer ``k`` (with ``cluster_* = True``
        or a tree) cuts one tree of all rows into ``k`` slices named ``"1"`` .. ``"k"``.
    cluster_row_slices, cluster_column_slices : bool
        Order the slices of a vector/DataFrame split by clustering the slice means (see Notes).
    row_km, column_km : int or vector
        Split by k-means as ComplexHeatmap's ``row_km``. A vector of cluster labels (one per
        row/column, e.g. R's ``kmeans(m, k)$cluster``) is the reproducible path: everything
        after R's k-means is replicated exactly. A number ``k > 1`` runs a simple k-means here
        (Lloyd's algorithm, best of ``*_km_repeats`` starts, seeded by ``seed``) whose clusters
        need not be R's, because R's ``kmeans`` depends on R's random numbers.
    row_km_repeats, column_km_repeats : int
        Starts of the local k-means (R: consensus of repeated k-means).
    seed : int, optional
        Seed of the local k-means.

    Returns
    -------
    HeatmapOrder
        ``.row_order`` / ``.column_order`` are R's ``row_order(ht)`` / ``column_order(ht)``
        flattened, 0-based; ``.rows`` / ``.columns`` hold slices, trees and labels
        (:class:`AxisOrder`).

    Raises
    ------
    InputError
        Unknown distance or method (with the closest valid name), split or weights of the wrong
        length, ``*_split = k`` with ``k < 2`` or ``k`` above the number of rows/columns, a
        vector split with a given tree, k-means together with a tree.

    Notes
    -----
    R equivalent: ``row_order(draw(Heatmap(m, ...)))`` and ``column_order(...)``.

    What ComplexHeatmap 2.14.0 does, reproduced here:

    - Without a split, the tree of all rows is reordered (``reorder.dendrogram``, weights above,
      ``agglo.FUN = mean``: a node's value is the mean of its two children's values); the drawn
      order is therefore usually not ``hclust``'s order.
    - With a vector/DataFrame split, each slice is clustered on its own rows and reordered with
      the weights of its rows. With ``cluster_row_slices = True`` and more than one slice, the
      slices are ordered by a complete-linkage euclidean ``hclust`` of the slice column means,
      reordered with weights read column-major from the (columns x slices) matrix of slice means
      -- so slice ``j`` is weighted by the mean of column ``j`` within the first slice, not by
      its own mean (ComplexHeatmap's behaviour, kept for identical results). With
      ``cluster_rows = False`` rows keep their original order inside each slice, and the slices
      stay in level order.
    - With ``row_split = k``, one tree of all rows is cut with ``cut.dendrogram`` at the midpoint
      of the ``(k-1)``-th and ``k``-th largest merge heights (tied heights give fewer slices),
      and each branch is reordered with the weights ``w[sort(idx)]`` looked up by the branches'
      global leaf numbers (another ComplexHeatmap quirk; leaf numbers beyond the branch size get
      NA and are placed last). The slices are not reordered.
    - ``row_km``: clusters are numbered ``"1"`` .. ``"k"`` by the reordered hclust of their
      column means (weights: the clusters' overall means, or the mean of a numeric
      ``row_dend_reorder`` within each cluster); the k-means factor becomes the first split
      column, so the vector/DataFrame logic above then applies.
    - A one-row matrix is not clustered on rows (likewise a one-column matrix on columns) unless
      a tree is given.

    Differences: R accepts ``row_split = k`` larger than the number of rows (every row becomes
    a slice); here that is an error. The local k-means is not R's.
    """
    arr, row_labels, col_labels = _as_matrix(matrix)
    rng = np.random.default_rng(seed)
    rows = _axis_order(
        arr,
        row_labels,
        _AxisArgs(
            cluster_rows,
            clustering_distance_rows,
            clustering_method_rows,
            row_dend_reorder,
            row_split,
            bool(cluster_row_slices),
            row_km,
            row_km_repeats,
        ),
        "row",
        rng,
    )
    columns = _axis_order(
        np.ascontiguousarray(arr.T),
        col_labels,
        _AxisArgs(
            cluster_columns,
            clustering_distance_columns,
            clustering_method_columns,
            column_dend_reorder,
            column_split,
            bool(cluster_column_slices),
            column_km,
            column_km_repeats,
        ),
        "column",
        rng,
    )
    return HeatmapOrder(rows, columns)
