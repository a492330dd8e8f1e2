"""R's ``hclust()``: the same merges, heights and order as R, ties included.

The clustering runs R's own algorithm (Murtagh's nearest-neighbour list, stats/src/hclust.f) in a
compiled kernel that performs R's floating-point operations in R's order, so tied dissimilarities
(integer counts, duplicated genes, binary data) are broken exactly as R breaks them. scipy's
``linkage`` uses other algorithms and breaks ties differently; :meth:`HClust.to_linkage` converts
the result for scipy users.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np

from pyr_heatmap._names import match_name
from pyr_heatmap.engine import _rcore
from pyr_heatmap.engine._buffers import empty_float64
from pyr_heatmap.engine.dist import Dist, _threads, as_dist
from pyr_heatmap.errors import InputError

__all__ = ["HCLUST_METHODS", "HClust", "hclust"]

HCLUST_METHODS = (
    "ward.D",
    "single",
    "complete",
    "average",
    "mcquitty",
    "median",
    "centroid",
    "ward.D2",
)


@dataclass(frozen=True, eq=False)
class HClust:
    """A hierarchical clustering, the counterpart of R's ``hclust`` object.

    Attributes
    ----------
    merge : numpy.ndarray
        ``(n - 1, 2)`` integer matrix in R's convention: row ``i`` is merge step ``i + 1``; a
        negative entry ``-j`` is observation ``j`` (1-based), a positive entry ``k`` is the cluster
        formed at step ``k``.
    height : numpy.ndarray
        The ``n - 1`` merge heights (for ``centroid`` and ``median`` they need not increase).
    order : numpy.ndarray
        The 0-based leaf order of the dendrogram, left to right (R's ``order - 1``).
    labels : tuple of str or None
        Observation labels.
    method : str
        The agglomeration method.
    dist_method : str or None
        The distance that produced the dissimilarities.
    """

    merge: np.ndarray
    height: np.ndarray
    order: np.ndarray
    labels: tuple[str, ...] | None = None
    method: str = "complete"
    dist_method: str | None = None

    def __post_init__(self) -> None:
        merge = _int_array(self.merge, "merge")
        order = _int_array(self.order, "order").ravel()
        try:
            height = np.array(self.height, dtype=np.float64, copy=True)
        except (TypeError, ValueError) as exc:
            raise InputError(f"invalid HClust: 'height' must be numbers ({exc})") from None
        n = order.size
        if n == 0 or merge.shape != (n - 1, 2) or height.shape != (n - 1,):
            raise InputError(
                f"inconsistent HClust: order has {n} leaves, merge has shape {merge.shape}, "
                f"height has shape {height.shape} (a tree of n leaves has an (n - 1, 2) merge "
                "matrix and n - 1 heights)"
            )
        _check_tree_structure(merge, height, order)
        if self.labels is not None and len(self.labels) != n:
            raise InputError(f"{len(self.labels)} labels for a tree of {n} leaves")
        for a in (merge, height, order):
            a.flags.writeable = False
        object.__setattr__(self, "merge", merge)
        object.__setattr__(self, "height", height)
        object.__setattr__(self, "order", order)

    @property
    def n(self) -> int:
        """Number of observations (leaves)."""
        return int(self.order.size)

    def ordered_labels(self) -> list[str]:
        """Labels in dendrogram order (R's ``hc$labels[hc$order]``); indices if unlabelled."""
        if self.labels is None:
            return [str(i) for i in self.order]
        return [self.labels[i] for i in self.order]

    def to_linkage(self) -> np.ndarray:
        """The tree as a scipy linkage matrix ``Z`` (observations ``0..n-1``, cluster ``n + s``).

        R's merge conventions (singleton before cluster, smaller index first, earlier cluster
        first) coincide with scipy's ``Z[i, 0] < Z[i, 1]``, so
        ``scipy.cluster.hierarchy.leaves_list(Z)`` equals :attr:`order`.
        """
        return merge_to_linkage(self.merge, self.height)

    @classmethod
    def from_linkage(
        cls,
        Z: np.ndarray,
        labels: object = None,
        method: str = "unknown",
        dist_method: str | None = None,
    ) -> HClust:
        """Build an :class:`HClust` from a scipy linkage matrix (children kept in Z's order)."""
        Z = np.asarray(Z, dtype=np.float64)
        if Z.ndim != 2 or Z.shape[1] != 4:
            raise InputError(f"a linkage matrix has 4 columns, got shape {Z.shape}")
        n = Z.shape[0] + 1
        ids = Z[:, :2].astype(np.int64)
        merge = np.where(ids < n, -(ids + 1), ids - n + 1)
        lab = None if labels is None else tuple(str(v) for v in labels)  # type: ignore[union-attr]
        return cls(merge, Z[:, 2], merge_order(merge), lab, method, dist_method)

    def __repr__(self) -> str:
        return (
            f"HClust(method={self.method!r}, dist_method={self.dist_method!r}, "
            f"n={self.n}, labels={'yes' if self.labels is not None else 'no'})"
        )


def _int_array(values: object, what: str) -> np.ndarray:
    """``values`` as an int64 array; R's check: integer-valued (``as.integer(merge) == merge``)."""
    try:
        raw = np.array(values, copy=True)
        if raw.dtype.kind in "iub":
            return raw.astype(np.int64)
        as_float = raw.astype(np.float64)
    except (TypeError, ValueError, OverflowError) as exc:
        raise InputError(f"invalid HClust: {what!r} must be integers ({exc})") from None
    ok = np.isfinite(as_float) & (np.abs(as_float) < 2.0**62)
    if not ok.all() or (np.floor(as_float) != as_float).any():
        raise InputError(
            f"invalid HClust: {what!r} must hold whole numbers (R: \"'merge' component in "
            f"dendrogram must be integer\")"
        )
    return as_float.astype(np.int64)


def _check_tree_structure(merge: np.ndarray, height: np.ndarray, order: np.ndarray) -> None:
    """R's ``.validity.hclust`` (each observation once, each cluster once), plus: a cluster is
    used only after the step that forms it, heights are numbers, ``order`` is a permutation."""
    n = order.size
    r_msg = "R stops with \"'merge' matrix has invalid contents\""
    neg = merge < 0
    leaves = -merge[neg] - 1
    clusters = merge[~neg]
    if (merge == 0).any() or (leaves >= n).any() or (clusters > n - 2).any():
        bad = int(merge[(merge == 0) | (merge < -n) | (merge > n - 2)][0])
        raise InputError(
            f"invalid HClust: merge entry {bad} is out of range for {n} leaves (observations "
            f"are -1..-{n}, clusters 1..{max(n - 2, 0)}); {r_msg}"
        )
    seen = np.bincount(leaves, minlength=n)
    if (seen != 1).any():
        j = int(np.flatnonzero(seen != 1)[0])
        raise InputError(
            f"invalid HClust: observation {j + 1} (merge entry {-(j + 1)}) is merged "
            f"{int(seen[j])} times, not once; {r_msg}"
        )
    used = np.bincount(clusters - 1, minlength=max(n - 2, 0)) if n > 2 else np.zeros(0)
    if (used != 1).any():
        k = int(np.flatnonzero(used != 1)[0])
        raise InputError(
            f"invalid HClust: cluster {k + 1} (formed at merge step {k + 1}) is used "
            f"{int(used[k])} times, not once; {r_msg}"
        )
    step = np.arange(1, n, dtype=np.int64)[:, None]
    early = (merge > 0) & (merge >= step)
    if early.any():
        i = int(np.flatnonzero(early.any(axis=1))[0])
        raise InputError(
            f"invalid HClust: merge step {i + 1} uses cluster {int(merge[i][early[i]][0])}, "
            "which is formed at that step or later; a step may use only earlier clusters"
        )
    if np.isnan(height).any():
        raise InputError(
            f"invalid HClust: height {int(np.flatnonzero(np.isnan(height))[0]) + 1} is NaN; "
            "merge heights must be numbers"
        )
    if order.min() < 0 or order.max() >= n or (np.bincount(order, minlength=n) != 1).any():
        raise InputError(
            f"invalid HClust: order must be a permutation of 0..{n - 1} (each leaf once, "
            "0-based)"
        )


def merge_to_linkage(merge: np.ndarray, height: np.ndarray) -> np.ndarray:
    """Convert an R merge matrix and heights to a scipy linkage matrix."""
    merge = np.asarray(merge, dtype=np.int64)
    n = merge.shape[0] + 1
    ids = np.where(merge < 0, -merge - 1, merge + n - 1)
    sizes = np.ones(2 * n - 1, dtype=np.int64)
    for s in range(n - 1):
        sizes[n + s] = sizes[ids[s, 0]] + sizes[ids[s, 1]]
    Z = np.empty((n - 1, 4))
    Z[:, :2] = ids
    Z[:, 2] = height
    Z[:, 3] = sizes[n:]
    return Z


def merge_order(merge: np.ndarray) -> np.ndarray:
    """Left-to-right leaf order (0-based) of a merge matrix, without recursion."""
    merge = np.asarray(merge, dtype=np.int64)
    n = merge.shape[0] + 1
    if n == 1:
        return np.zeros(1, dtype=np.int64)
    out = np.empty(n, dtype=np.int64)
    pos = 0
    stack = [int(merge[-1, 1]), int(merge[-1, 0])]
    while stack:
        node = stack.pop()
        if node < 0:
            out[pos] = -node - 1
            pos += 1
        else:
            stack.append(int(merge[node - 1, 1]))
            stack.append(int(merge[node - 1, 0]))
    return out


def _r_merge(ia: np.ndarray, ib: np.ndarray) -> np.ndarray:
    """R's hcass2: cluster representatives (smallest member index) -> R's signed merge matrix."""
    n = ia.size + 1
    latest = np.zeros(n + 1, dtype=np.int64)  # latest step whose cluster is represented by index
    merge = np.empty((n - 1, 2), dtype=np.int64)
    for s in range(n - 1):
        a, b = int(ia[s]), int(ib[s])
        ea = latest[a] if latest[a] else -a
        eb = latest[b] if latest[b] else -b
        if ea > 0 and eb < 0:
            ea, eb = eb, ea
        elif ea > 0 and eb > 0 and ea > eb:
            ea, eb = eb, ea
        merge[s, 0], merge[s, 1] = ea, eb
        latest[a] = s + 1
    return merge


def hclust(
    d: Dist | object, method: str = "complete", members: object = None, *,
    nthreads: int | None = None,
) -> HClust:
    """Hierarchical clustering exactly as R's ``hclust(d, method, members)``.

    Parameters
    ----------
    d : Dist or square matrix
        Dissimilarities, as returned by :func:`pyr_heatmap.dist`; a square matrix is read as R's
        ``as.dist(m)`` (its lower triangle).
    method : str
        ``"ward.D"``, ``"ward.D2"``, ``"single"``, ``"complete"``, ``"average"`` (UPGMA),
        ``"mcquitty"`` (WPGMA), ``"median"`` (WPGMC) or ``"centroid"`` (UPGMC). Unique prefixes are
        accepted as R's ``pmatch`` does; ``"ward"`` means ``"ward.D"``, as in R.
    members : array-like, optional
        Cluster sizes of the objects when ``d`` is between clusters (R's ``members``).
    nthreads : int, optional
        Threads (default: 2 when available; the kernel uses at most 2). A positive integer;
        values above the number of CPUs available to the process are capped at that number. When
        other processes keep the cores busy, so that the second thread would slow the run down,
        the clustering notices and continues on one thread. The result is the same for any number
        of threads.

    Returns
    -------
    HClust

    Notes
    -----
    R equivalent: ``hclust(d, method = method)``. The Lance-Williams update of each method is
    applied to the dissimilarities as given: only ``"ward.D2"`` squares them first (and reports
    square-rooted heights), so ``"ward.D"``, ``"centroid"`` and ``"median"`` on plain euclidean
    distances behave as in R, not as the textbook squared-distance forms. Ties are broken as R
    breaks them: the merged pair is the first (smallest index) at the global minimum.
    R refuses more than 65,536 objects; this implementation does not have that limit.
    """
    if not isinstance(d, Dist):
        d = as_dist(d)
    name = hclust_method(method)
    check_dissimilarities(d.condensed, d.size, d.labels)
    diss = empty_float64(d.condensed.size, f"hclust's working copy of the {d.size} objects' "
                         f"{d.condensed.size} dissimilarities")  # R's hclust works on a copy too
    np.copyto(diss, d.condensed)
    return hclust_inplace(diss, d.size, name, d.labels, d.method, members, nthreads)


def hclust_method(method: str) -> str:
    """The full name of an hclust method, as R's ``hclust()`` resolves it (``"ward"`` included)."""
    if method == "ward":
        warnings.warn(
            'The "ward" method has been renamed to "ward.D"; note new "ward.D2" (as in R)',
            UserWarning,
            stacklevel=3,
        )
        method = "ward.D"
    return match_name(method, HCLUST_METHODS, "clustering method")


def check_dissimilarities(condensed: np.ndarray, n: int, labels: tuple[str, ...] | None) -> None:
    """R's preconditions of ``hclust()``: at least two objects, no NA/NaN/Inf dissimilarity."""
    if n < 2:
        raise InputError(
            f"hclust needs at least 2 objects to cluster, got {n}; with a single row or column "
            "there is nothing to cluster (draw it unclustered instead)"
        )
    bad = ~np.isfinite(condensed)
    if bad.any():
        first = int(np.flatnonzero(bad)[0])
        i, j = _pair_of(first, n)
        li = labels[i] if labels else str(i)
        lj = labels[j] if labels else str(j)
        if np.isinf(condensed[first]):
            raise InputError(
                f"{int(bad.sum())} dissimilarities are infinite (first: between {li!r} and "
                f"{lj!r}): the distance overflowed because the values are too large (around "
                "1e300 or beyond), or the data contain Inf. R's hclust() stops on them too; "
                "rescale the data (e.g. log2p) or replace infinite values"
            )
        raise InputError(
            f"{int(bad.sum())} dissimilarities are NA/NaN (first: between {li!r} and {lj!r}); "
            "R's hclust() stops on them too. Remove rows with no shared non-missing values or "
            "constant rows (for correlation distances) before clustering"
        )


def hclust_inplace(
    diss: np.ndarray,
    n: int,
    method: str,
    labels: tuple[str, ...] | None = None,
    dist_method: str | None = None,
    members: object = None,
    nthreads: int | None = None,
) -> HClust:
    """Cluster a writable condensed buffer that the caller gives up (it is overwritten).

    ``method`` must be a full method name and the dissimilarities must have passed
    :func:`check_dissimilarities`; :func:`hclust` does both and clusters a copy.
    """
    threads = min(2, _threads(n, nthreads))  # the kernel splits each step in two at most
    if members is None:
        mem = np.ones(n)
    else:
        try:
            mem = np.array(members, dtype=np.float64, copy=True).ravel()
        except (TypeError, ValueError) as exc:
            raise InputError(f"members must be numbers (cluster sizes): {exc}") from None
        if mem.size != n:
            raise InputError(f"members has length {mem.size}, needs one value per object ({n})")
        bad = ~(np.isfinite(mem) & (mem > 0))
        if bad.any():
            i = int(np.flatnonzero(bad)[0])
            raise InputError(
                f"members must be cluster sizes, finite and > 0; object {i + 1} has {mem[i]!r} "
                "(R's hclust stops on NA and returns meaningless heights for sizes <= 0); give "
                "the number of observations each object stands for"
            )
    ia = np.empty(n - 1, dtype=np.int64)
    ib = np.empty(n - 1, dtype=np.int64)
    crit = np.empty(n - 1, dtype=np.float64)
    status = _rcore.hclust(diss, n, HCLUST_METHODS.index(method) + 1, mem, ia, ib, crit, threads)
    if status != 0:
        raise InputError(
            "dissimilarities of 1e300 or more cannot be clustered (R's hclust() fails on them "
            "too); rescale the data"
        )
    merge = _r_merge(ia, ib)
    return HClust(merge, crit, merge_order(merge), labels, method, dist_method)


def _pair_of(k: int, n: int) -> tuple[int, int]:
    """(i, j), i < j, of condensed index k."""
    i = int(n - 2 - np.floor(np.sqrt(-8 * k + 4 * n * (n - 1) - 7) / 2.0 - 0.5))
    j = int(k + i + 1 - n * (n - 1) // 2 + (n - i) * ((n - i) - 1) // 2)
    return i, j
