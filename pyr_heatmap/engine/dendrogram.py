"""R's dendrogram tools on :class:`~pyr_heatmap.engine.hclust.HClust` trees: reorder, cutree, cut.

R equivalents::

    reorder(as.dendrogram(hc), wts, agglo.FUN = sum)   # reorder()
    cutree(hc, k = , h = )                             # cutree()
    cut(as.dendrogram(hc), h = )                       # cut_dendrogram()

Every function works without recursion, so trees of tens of thousands of leaves are fine.

Display order
-------------
A reordered tree is the same tree drawn differently. :func:`reorder` (and
:func:`optimal_leaf_ordering`) keep the merge steps, heights and step numbering of the input and
record the drawing in the *columns* of ``merge``: column 0 holds the child drawn first (left, or top
for rows), column 1 the child drawn second. This is the form R's ``as.hclust()`` gives a reordered
dendrogram, and ``as.dendrogram()`` of such a merge matrix draws it the same way. After a reorder a
singleton may therefore sit in column 1, so R's "singleton first, smaller index first" convention
only holds for trees straight out of :func:`~pyr_heatmap.engine.hclust.hclust`. ``order`` is
always the left-to-right leaf order implied by the merge columns, 0-based.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Literal

import numpy as np

from pyr_heatmap.engine.hclust import HClust, merge_order
from pyr_heatmap.errors import InputError

__all__ = [
    "DendrogramCut",
    "cut_dendrogram",
    "cutree",
    "optimal_leaf_ordering",
    "r_mean",
    "r_sum",
    "reorder",
    "subtree",
]


# --------------------------------------------------------------------------------------------
# R's arithmetic (long double accumulation) for the node values of reorder()
# --------------------------------------------------------------------------------------------
def r_sum(values: np.ndarray) -> float:
    """R's ``sum()`` of doubles: sequential accumulation in long double, rounded once at the end."""
    s = np.longdouble(0.0)
    for v in np.asarray(values, dtype=np.float64):
        s += np.longdouble(v)
    return float(s)


def r_mean(values: np.ndarray) -> float:
    """R's ``mean()`` of doubles (summary.c ``real_mean``): long double, with the second pass.

    The sum is accumulated in long double, divided by n, then corrected by the mean of the
    residuals ``x - s`` (also in long double), and rounded to double once.
    """
    x = np.asarray(values, dtype=np.float64)
    n = np.longdouble(x.size)
    xl = x.astype(np.longdouble)
    s = np.longdouble(0.0)
    for v in xl:
        s += v
    finite_s = bool(np.isfinite(np.float64(s)))
    if finite_s:
        s /= n
    else:  # the sum overflowed (or is Inf/NaN): R retries with the scaled terms
        s = np.longdouble(0.0)
        for v in xl:
            s += v / n
    if finite_s and np.isfinite(np.float64(s)):
        t = np.longdouble(0.0)
        for v in xl:
            t += v - s
        s += t / n
    elif np.isfinite(np.float64(s)):
        t = np.longdouble(0.0)
        for v in xl:
            t += (v - s) / n
        s += t
    return float(s)


def _mean2(a: float, b: float) -> float:
    """R's ``mean(c(a, b))`` without array overhead (same operations as :func:`r_mean`)."""
    la, lb = np.longdouble(a), np.longdouble(b)
    two = np.longdouble(2.0)
    s = la + lb
    if np.isfinite(np.float64(s)):
        s = s / two
        if np.isfinite(np.float64(s)):
            s = s + ((la - s) + (lb - s)) / two
        return float(s)
    return r_mean(np.array([a, b]))


def _sum2(a: float, b: float) -> float:
    return float(np.longdouble(a) + np.longdouble(b))


# --------------------------------------------------------------------------------------------
# reorder
# --------------------------------------------------------------------------------------------
def _check_tree(hc: object, what: str = "hc") -> HClust:
    if not isinstance(hc, HClust):
        raise InputError(f"{what} must be an HClust (from pyr_heatmap.hclust), got {type(hc)!r}")
    if hc.n < 2:
        raise InputError(f"{what} has {hc.n} leaf; a tree needs at least 2 leaves")
    return hc


def reorder(hc: HClust, weights: object, agglo: Literal["sum", "mean"] = "sum") -> HClust:
    """Reorder the branches of a tree by leaf weights, as R's ``reorder.dendrogram``.

    Parameters
    ----------
    hc : HClust
        The tree; its current drawing (merge columns) is the starting point, as in R where the
        dendrogram is reordered as it is.
    weights : array-like of float
        ``weights[j]`` is the value of leaf ``j`` (0-based observation index). Missing values
        (NaN) are allowed; leaves beyond the end of ``weights`` get NaN, as R's ``wts[i]`` gives
        ``NA`` past the end.
    agglo : {"sum", "mean"}
        How a node's value is formed from its two children's values (R's ``agglo.FUN``). With
        ``"mean"`` a node's value is the mean of its two children's values, not the mean of all
        its leaves.

    Returns
    -------
    HClust
        The same tree (same merge steps, heights, labels) with each node's children swapped where
        needed so that they are drawn in ascending order of value (stable: equal values keep their
        order; NaN last). ``order`` equals R's ``order.dendrogram(reorder(...)) - 1``. See the
        module notes on the display order held in the merge columns.

    Notes
    -----
    R equivalent: ``reorder(as.dendrogram(hc), wts, agglo.FUN = sum)``. Values are computed with
    R's long double ``sum``/``mean``, so ties resolve as in R.
    """
    hc = _check_tree(hc)
    if agglo not in ("sum", "mean"):
        raise InputError(f"agglo must be 'sum' or 'mean' (R's agglo.FUN), got {agglo!r}")
    try:
        w = np.array(weights, dtype=np.float64, copy=True).ravel()
    except (TypeError, ValueError) as exc:
        raise InputError(f"weights must be numbers (NaN for missing): {exc}") from exc
    n = hc.n
    leafval = np.full(n, np.nan)
    m = min(n, w.size)
    leafval[:m] = w[:m]
    agg = _mean2 if agglo == "mean" else _sum2
    merge = np.array(hc.merge, dtype=np.int64, copy=True)
    leafs = leafval.tolist()
    vals = [0.0] * (n - 1)  # node values, step by step: children come from earlier steps
    for s, (a, b) in enumerate(merge.tolist()):
        va = leafs[-a - 1] if a < 0 else vals[a - 1]
        vb = leafs[-b - 1] if b < 0 else vals[b - 1]
        # R: iOrd <- sort.list(vals), a stable radix sort with NA/NaN last
        if (va != va and vb == vb) or vb < va:
            merge[s, 0], merge[s, 1] = b, a
            va, vb = vb, va
        vals[s] = agg(va, vb)
    return dataclasses.replace(hc, merge=merge, order=merge_order(merge))


# --------------------------------------------------------------------------------------------
# cutree
# --------------------------------------------------------------------------------------------
def _as_int_k(k: object, n: int) -> np.ndarray:
    arr = np.atleast_1d(np.asarray(k))
    if arr.dtype.kind not in "iuf" or arr.size == 0:
        raise InputError(f"k must be a whole number (or numbers) of clusters, got {k!r}")
    if arr.dtype.kind == "f" and (~np.isfinite(arr) | (arr != np.round(arr))).any():
        raise InputError(f"k must be whole numbers of clusters, got {k!r}")
    ki = arr.astype(np.int64)
    if ki.min() < 1 or ki.max() > n:
        raise InputError(f"elements of 'k' must be between 1 and {n} (the number of leaves)")
    return ki


def _cutree_one(merge: np.ndarray, n: int, k: int) -> np.ndarray:
    """Cluster ids 1..k after replaying the first n - k merges (ids by first appearance)."""
    m = n - k  # merges replayed
    cl = np.empty(2 * n - 1, dtype=np.int64)  # cluster root node of every node
    root = 2 * n - 2
    cl[root] = root
    # walk top-down (later steps first): a node whose step is replayed keeps its parent's cluster
    for s in range(n - 2, -1, -1):
        node = n + s
        formed = s < m
        for c in merge[s]:
            child = int(-c - 1) if c < 0 else int(n + c - 1)
            cl[child] = cl[node] if formed else child
    roots = cl[:n]
    _, first = np.unique(roots, return_index=True)
    rank = np.empty(first.size, dtype=np.int64)
    rank[np.argsort(first, kind="stable")] = np.arange(1, first.size + 1)
    ids = np.empty(n, dtype=np.int64)
    _, inverse = np.unique(roots, return_inverse=True)
    ids[:] = rank[inverse]
    return ids


def cutree(hc: HClust, k: object = None, h: object = None) -> np.ndarray:
    """Cut a tree into groups, as R's ``cutree(tree, k, h)``.

    Parameters
    ----------
    hc : HClust
    k : int or sequence of int, optional
        Number(s) of groups (1..n). Takes precedence over ``h``, as in R.
    h : float or sequence of float, optional
        Cut height(s). Needs increasing heights (R's error otherwise, e.g. for ``centroid`` trees
        with inversions). A height below every merge gives ``n`` groups; as in R, ``h = inf``
        also gives ``n`` groups.

    Returns
    -------
    numpy.ndarray
        For a single ``k``/``h``: ``int64`` vector of length ``n``. Group ids are R's 1-based
        ids (they are names, not indices): numbered by first appearance in observation order, so
        observation 0 is always in group 1. For several values: an ``(n, len(k))`` matrix, one
        column per value.
    """
    hc = _check_tree(hc)
    n = hc.n
    if k is None and h is None:
        raise InputError("either 'k' or 'h' must be specified")
    scalar = np.ndim(k if k is not None else h) == 0
    if k is not None:
        ks = _as_int_k(k, n)
    else:
        hv = np.atleast_1d(np.asarray(h, dtype=np.float64))
        if hv.size == 0 or np.isnan(hv).any():
            raise InputError(f"h must be numbers (no NaN), got {h!r}")
        height = hc.height
        if np.isnan(height).any() or (np.diff(height) < 0).any():
            raise InputError(
                "the 'height' component of 'tree' is not sorted (increasingly), so it cannot be "
                "cut at a height (e.g. a centroid/median tree with inversions); cut by k instead"
            )
        ext = np.append(height, np.inf)
        ks = np.empty(hv.size, dtype=np.int64)
        for i, hh in enumerate(hv):
            above = np.flatnonzero(ext > hh)
            first = int(above[0]) + 1 if above.size else 1  # R's which.max of all-FALSE is 1
            ks[i] = n + 1 - first
    merge = hc.merge
    cols = [
        np.arange(1, n + 1, dtype=np.int64) if kk == n else _cutree_one(merge, n, int(kk))
        for kk in ks
    ]
    if scalar:
        return cols[0]
    return np.column_stack(cols)


# --------------------------------------------------------------------------------------------
# sub-trees and cut.dendrogram
# --------------------------------------------------------------------------------------------
def _node_height(hc: HClust, node: int) -> float:
    n = hc.n
    return 0.0 if node < n else float(hc.height[node - n])


def _children(hc: HClust, node: int) -> tuple[int, int]:
    n = hc.n
    a, b = hc.merge[node - n]
    return (int(-a - 1) if a < 0 else int(n + a - 1), int(-b - 1) if b < 0 else int(n + b - 1))


def _leaves_and_steps(hc: HClust, node: int) -> tuple[list[int], list[int]]:
    """Leaves (display order) and merge steps (0-based) under ``node``."""
    n = hc.n
    leaves: list[int] = []
    steps: list[int] = []
    stack = [node]
    while stack:
        x = stack.pop()
        if x < n:
            leaves.append(x)
            continue
        steps.append(x - n)
        a, b = _children(hc, x)
        stack.append(b)
        stack.append(a)
    return leaves, steps


def _tree_from_steps(
    hc: HClust, steps: list[int], leaf_of: dict[int, int], labels: tuple[str, ...] | None
) -> HClust:
    """An HClust made of ``steps`` of ``hc`` (kept in merge order and in display order).

    ``leaf_of`` maps a node id of ``hc`` that becomes a leaf of the new tree to its 0-based index.
    """
    n = hc.n
    steps = sorted(steps)
    pos = {s: i + 1 for i, s in enumerate(steps)}
    merge = np.empty((len(steps), 2), dtype=np.int64)
    for i, s in enumerate(steps):
        for j, c in enumerate(hc.merge[s]):
            node = int(-c - 1) if c < 0 else int(n + c - 1)
            if node in leaf_of:
                merge[i, j] = -(leaf_of[node] + 1)
            else:
                merge[i, j] = pos[node - n]
    return HClust(merge, hc.height[steps], merge_order(merge), labels, hc.method, hc.dist_method)


def subtree(hc: HClust, node: int) -> tuple[np.ndarray, HClust | None]:
    """The branch of ``hc`` below ``node`` as a tree of its own.

    Parameters
    ----------
    hc : HClust
    node : int
        A node id: ``0..n-1`` are the leaves, ``n + s`` is the cluster formed at merge step
        ``s`` (0-based; R's merge row ``s + 1``).

    Returns
    -------
    members : numpy.ndarray
        The branch's observations (0-based, ascending).
    tree : HClust or None
        The branch as an HClust over ``len(members)`` leaves, where leaf ``j`` is observation
        ``members[j]``; merges, heights and display order are those of ``hc``, so
        ``members[tree.order]`` lists the branch's leaves left to right. ``None`` for a leaf.
    """
    hc = _check_tree(hc)
    n = hc.n
    if not 0 <= int(node) < 2 * n - 1:
        raise InputError(f"node must be between 0 and {2 * n - 2}, got {node!r}")
    node = int(node)
    if node < n:
        return np.array([node], dtype=np.int64), None
    leaves, steps = _leaves_and_steps(hc, node)
    members = np.array(sorted(leaves), dtype=np.int64)
    leaf_of = {int(g): j for j, g in enumerate(members)}
    labels = None if hc.labels is None else tuple(hc.labels[g] for g in members)
    return members, _tree_from_steps(hc, steps, leaf_of, labels)


@dataclass(frozen=True, eq=False)
class DendrogramCut:
    """The result of :func:`cut_dendrogram` (R's ``cut(as.dendrogram(hc), h)``).

    Attributes
    ----------
    nodes : tuple of int
        Node ids (see :func:`subtree`) of the lower branches, left to right (R's ``$lower``).
    members : tuple of numpy.ndarray
        For each lower branch, its observations in display (left-to-right) order.
    lower : tuple of (HClust or None)
        Each lower branch as a tree (leaf ``j`` = ``sorted(members[i])[j]``); ``None`` for a
        single observation.
    upper : HClust
        The part above the cut (R's ``$upper``) as a tree whose leaf ``i`` is lower branch ``i``.
    """

    nodes: tuple[int, ...]
    members: tuple[np.ndarray, ...]
    lower: tuple[HClust | None, ...]
    upper: HClust


def cut_dendrogram(hc: HClust, h: float) -> DendrogramCut:
    """Cut a tree at height ``h``, as R's ``cut(as.dendrogram(hc), h = h)``.

    Starting at the root, every branch whose height is ``<= h`` is cut off whole (leaves have
    height 0); the root itself is never cut. Branches are listed left to right in the tree's
    display order.

    Parameters
    ----------
    hc : HClust
    h : float

    Returns
    -------
    DendrogramCut
    """
    hc = _check_tree(hc)
    hv = float(h)
    if not hv >= 0:
        raise InputError(f"h must be a height >= 0, got {h!r}")
    n = hc.n
    root = 2 * n - 2
    nodes: list[int] = []
    upper_steps: list[int] = []
    stack = [root]
    while stack:
        x = stack.pop()
        if x != root and _node_height(hc, x) <= hv:  # leaves (height 0) always end here
            nodes.append(x)
            continue
        upper_steps.append(x - n)
        a, b = _children(hc, x)
        stack.append(b)
        stack.append(a)
    members: list[np.ndarray] = []
    lower: list[HClust | None] = []
    for x in nodes:
        if x < n:
            members.append(np.array([x], dtype=np.int64))
            lower.append(None)
        else:
            mem, tree = subtree(hc, x)
            members.append(mem[tree.order])
            lower.append(tree)
    upper = _tree_from_steps(hc, upper_steps, {x: i for i, x in enumerate(nodes)}, None)
    return DendrogramCut(tuple(nodes), tuple(members), tuple(lower), upper)


# --------------------------------------------------------------------------------------------
# optimal leaf ordering (no R counterpart)
# --------------------------------------------------------------------------------------------
def optimal_leaf_ordering(hc: HClust, d: object) -> HClust:
    """Flip branches to minimise the sum of distances between neighbouring leaves.

    Uses :func:`scipy.cluster.hierarchy.optimal_leaf_ordering` (Bar-Joseph et al. 2001). This is
    an extra with no counterpart in R's ``stats`` or ComplexHeatmap, so there is no R result to
    match; the tree (merge steps, heights, labels) is unchanged and only the display order (the
    merge columns, see the module notes) and ``order`` change.

    Parameters
    ----------
    hc : HClust
    d : Dist
        The dissimilarities the tree was built from (``d.size == hc.n``).

    Returns
    -------
    HClust
    """
    from scipy.cluster.hierarchy import optimal_leaf_ordering as _olo

    from pyr_heatmap.engine.dist import Dist

    hc = _check_tree(hc)
    if not isinstance(d, Dist):
        raise InputError(f"d must be a Dist (pyr_heatmap.engine.dist.dist), got {type(d)!r}")
    if d.size != hc.n:
        raise InputError(f"d has {d.size} objects but the tree has {hc.n} leaves")
    if not np.isfinite(d.condensed).all():
        raise InputError("d has NA/NaN/Inf dissimilarities; optimal leaf ordering needs all")
    n = hc.n
    Z = hc.to_linkage()
    # scipy checks that merge heights never decrease; the ordering does not use them, so
    # inverted trees (centroid/median) are ordered with ranks in place of the heights.
    Z[:, 2] = np.arange(n - 1, dtype=np.float64)
    Zo = _olo(Z, np.array(d.condensed, dtype=np.float64))
    ids = Zo[:, :2].astype(np.int64)
    merge = np.where(ids < n, -(ids + 1), ids - n + 1)
    return dataclasses.replace(hc, merge=merge, order=merge_order(merge))
