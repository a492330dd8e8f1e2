"""One axis of ComplexHeatmap's make_cluster(): cluster, split, reorder and cut rows or columns."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from pyr_heatmap._names import match_name
from pyr_heatmap.engine.cluster import cluster_matrix
from pyr_heatmap.engine.dendrogram import cut_dendrogram, reorder
from pyr_heatmap.engine.dist import COR_METHODS, DIST_METHODS, Dist, as_dist, dist
from pyr_heatmap.engine.hclust import HCLUST_METHODS, HClust, hclust, hclust_method, merge_order
from pyr_heatmap.engine.rfactor import r_as_character
from pyr_heatmap.engine.rstats import _r_col_means, _r_row_means
from pyr_heatmap.engine.splits import (
    _as_factor,
    _combine,
    _Factor,
    _km_factor,
    _kmeans,
    _split_columns,
    is_split_count,
)
from pyr_heatmap.errors import InputError

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
        if a.method == "ward":  # hclust() reads it as "ward.D" (with R's message)
            method = hclust_method("ward")
        else:
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
    # k beyond the number of rows: the cut height is 0, so every row (every group of identical
    # rows) becomes a slice, as in ComplexHeatmap
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
