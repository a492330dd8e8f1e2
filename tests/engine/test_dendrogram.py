"""reorder(), cutree(), cut_dendrogram(), subtree() and optimal_leaf_ordering() against live R.

Trees come from pyr_heatmap's hclust on seeded random matrices (small integers, so merge heights
tie often; centroid/median trees have inversions); R is handed the same merge/height/order.
"""

from __future__ import annotations

import time

import numpy as np
import pytest

from pyr_heatmap.engine.dendrogram import (
    _mean2,
    cut_dendrogram,
    cutree,
    optimal_leaf_ordering,
    r_mean,
    reorder,
    subtree,
)
from pyr_heatmap.engine.dist import dist
from pyr_heatmap.engine.hclust import HClust, hclust, merge_order
from pyr_heatmap.errors import InputError

METHODS = ("complete", "average", "single", "ward.D2", "mcquitty", "centroid", "median", "ward.D")
MONOTONE = ("complete", "average", "single", "ward.D2", "mcquitty", "ward.D")


def _tree(rng: np.random.Generator, method: str, n: int | None = None) -> HClust:
    n = int(rng.integers(2, 28)) if n is None else n
    if rng.random() < 0.6:
        x = rng.integers(0, 3, (n, 3)).astype(float)  # many tied distances
    else:
        x = rng.normal(size=(n, 4))
    return hclust(dist(x), method)


def _rtree(hc: HClust) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    return hc.merge, hc.height, hc.order + 1


@pytest.mark.needs_r
def test_reorder_matches_r(r) -> None:
    rng = np.random.default_rng(20240601)
    for case in range(160):
        hc = _tree(rng, METHODS[case % len(METHODS)])
        n = hc.n
        kind = case % 4
        if kind == 0:
            w = rng.integers(-2, 3, n).astype(float)  # ties among weights
        elif kind == 1:
            w = rng.normal(size=n)
        elif kind == 2:
            w = rng.integers(-2, 3, n).astype(float)
            w[rng.random(n) < 0.3] = np.nan  # NA weights sort last
        else:
            w = rng.normal(size=max(1, n - 3))  # short: leaves past the end get NA
        agglo = "mean" if case % 2 else "sum"
        w_before = w.copy()
        merge_before = hc.merge.copy()
        ours = reorder(hc, w, agglo)
        want = np.asarray(r.call("ord_reorder", *_rtree(hc), w, agglo)) - 1
        assert np.array_equal(ours.order, want), (case, agglo)
        # R draws our merge columns (display order) the same way
        drawn = np.asarray(r.call("ord_dend_order", *_rtree(ours))) - 1
        assert np.array_equal(drawn, ours.order), case
        # same tree, inputs untouched
        assert np.array_equal(ours.height, hc.height)
        assert np.array_equal(np.sort(ours.merge, axis=1), np.sort(hc.merge, axis=1))
        assert np.array_equal(w, w_before, equal_nan=True)
        assert np.array_equal(hc.merge, merge_before)


@pytest.mark.needs_r
def test_reorder_twice_and_ties_of_node_values(r) -> None:
    """Reordering an already reordered tree, and weights whose node means tie in long double."""
    rng = np.random.default_rng(7)
    for case in range(20):
        hc = _tree(rng, "average")
        n = hc.n
        w1 = rng.integers(0, 4, n) / 3.0  # thirds: sums and means hit rounding ties
        w2 = rng.integers(0, 4, n) * 0.1
        once = reorder(hc, w1, "mean")
        twice = reorder(once, w2, "mean")
        want = np.asarray(r.call("ord_reorder", *_rtree(once), w2, "mean")) - 1
        assert np.array_equal(twice.order, want), case


def test_reorder_20000_leaves_iterative() -> None:
    # a deep chain ((1, 2), then 3, then 4, ...) would overflow any recursion
    n = 20000
    merge = np.empty((n - 1, 2), dtype=np.int64)
    merge[0] = (-1, -2)
    merge[1:, 0] = -np.arange(3, n + 1)
    merge[1:, 1] = np.arange(1, n - 1)
    hc = HClust(merge, np.arange(1.0, n), merge_order(merge))
    w = -np.arange(n, dtype=float)
    start = time.perf_counter()
    out = reorder(hc, w, "mean")
    elapsed = time.perf_counter() - start
    assert elapsed < 10
    assert np.array_equal(np.sort(out.order), np.arange(20000))
    # the chain merges 0,1 then adds 2, 3, ...: larger index = smaller weight goes first
    assert out.order[0] == 19999 and out.order[-1] == 0


@pytest.mark.needs_r
def test_r_mean_matches_r(r) -> None:
    """R's mean() (long double sum, then a residual pass) on values where rounding matters."""
    rng = np.random.default_rng(8)
    cases = [
        np.array([0.1, 0.2, 0.3]),
        np.array([1e16, 1.0, -1e16]),
        np.array([1e308, 1e308, -1e308]),  # the sum overflows double: R's rescaled path
        np.array([1.0, np.nan]),
        np.array([1 / 3, 2 / 3]),
    ]
    cases += [rng.integers(0, 7, int(rng.integers(1, 6))) / 7.0 for _ in range(40)]
    cases += [rng.normal(size=2) * 10.0 ** rng.integers(-300, 300, 2) for _ in range(40)]
    cases += [rng.integers(0, 9, 2) / 9.0 + rng.integers(0, 3, 2) * 1e-17 for _ in range(40)]
    cases += [np.array([1e308, 1.5e308]), np.array([-1e308, -1e308]), np.array([np.inf, 1.0])]
    for x in cases:
        want = float(np.asarray(r.call("ord_mean", x)).ravel()[0])
        got = r_mean(x)
        assert (got == want) or (np.isnan(got) and np.isnan(want)), x
        if x.size == 2:  # the fast path reorder() uses for a node's two children
            got2 = _mean2(float(x[0]), float(x[1]))
            assert (got2 == want) or (np.isnan(got2) and np.isnan(want)), x


def test_reorder_errors() -> None:
    hc = hclust(dist(np.arange(8.0).reshape(4, 2)))
    with pytest.raises(InputError, match="agglo"):
        reorder(hc, np.zeros(4), "median")  # type: ignore[arg-type]
    with pytest.raises(InputError, match="HClust"):
        reorder("tree", np.zeros(4))  # type: ignore[arg-type]
    with pytest.raises(InputError, match="numbers"):
        reorder(hc, ["a", "b", "c", "d"])


@pytest.mark.needs_r
def test_cutree_k_matches_r(r) -> None:
    rng = np.random.default_rng(11)
    for case in range(50):
        hc = _tree(rng, METHODS[case % len(METHODS)])
        n = hc.n
        k = int(rng.integers(1, n + 1)) if case % 5 else n
        ours = cutree(hc, k=k)
        res = r.call("ord_cutree", *_rtree(hc), k=k)
        assert np.array_equal(ours, np.asarray(res["ids"])), (case, k)
        assert ours[0] == 1 and ours.dtype == np.int64
    # several k at once: one column per k, duplicates allowed
    hc = _tree(rng, "complete", 15)
    ks = np.array([3, 1, 15, 3, 7])
    ours = cutree(hc, k=ks)
    res = r.call("ord_cutree", *_rtree(hc), k=ks)
    want = np.asarray(res["ids"]).reshape(tuple(res["dim"]), order="F")
    assert np.array_equal(ours, want)


@pytest.mark.needs_r
def test_cutree_h_matches_r(r) -> None:
    rng = np.random.default_rng(12)
    for case in range(40):
        hc = _tree(rng, MONOTONE[case % len(MONOTONE)])
        heights = hc.height
        choice = case % 5
        if choice == 0:
            h = float(rng.choice(heights))  # exactly at a (possibly tied) merge height
        elif choice == 1:
            h = float(heights.min()) - 1.0
        elif choice == 2:
            h = float(heights.max()) + 1.0
        elif choice == 3:
            h = float(np.inf)  # R: which.max of all FALSE -> k = n
        else:
            h = float(rng.uniform(heights.min(), heights.max()))
        ours = cutree(hc, h=h)
        res = r.call("ord_cutree", *_rtree(hc), h=h)
        assert np.array_equal(ours, np.asarray(res["ids"])), (case, h)
    hc = _tree(rng, "average", 12)
    hs = np.array([hc.height[3], 0.0, hc.height[-1]])
    res = r.call("ord_cutree", *_rtree(hc), h=hs)
    want = np.asarray(res["ids"]).reshape(tuple(res["dim"]), order="F")
    assert np.array_equal(cutree(hc, h=hs), want)


@pytest.mark.needs_r
def test_cutree_h_needs_monotone_heights(r) -> None:
    rng = np.random.default_rng(5)
    for _ in range(200):
        hc = _tree(rng, "centroid", 12)
        if (np.diff(hc.height) < 0).any():
            break
    else:  # pragma: no cover - the seed gives an inversion
        pytest.fail("no inverted centroid tree found")
    res = r.call("ord_cutree", *_rtree(hc), h=float(np.median(hc.height)))
    assert "not sorted" in res["error"][0]
    with pytest.raises(InputError, match="not sorted"):
        cutree(hc, h=float(np.median(hc.height)))
    # k still works on an inverted tree, as in R
    k = 4
    want = np.asarray(r.call("ord_cutree", *_rtree(hc), k=k)["ids"])
    assert np.array_equal(cutree(hc, k=k), want)


def test_cutree_errors() -> None:
    hc = hclust(dist(np.arange(10.0).reshape(5, 2)))
    with pytest.raises(InputError, match="between 1 and 5"):
        cutree(hc, k=6)
    with pytest.raises(InputError, match="between 1 and 5"):
        cutree(hc, k=0)
    with pytest.raises(InputError, match="either"):
        cutree(hc)
    with pytest.raises(InputError, match="whole"):
        cutree(hc, k=2.5)
    assert np.array_equal(cutree(hc, k=3, h=0.0), cutree(hc, k=3))  # k wins, as in R


@pytest.mark.needs_r
def test_cut_dendrogram_matches_r(r) -> None:
    rng = np.random.default_rng(13)
    for case in range(40):
        hc = _tree(rng, METHODS[case % len(METHODS)])
        if case % 3 == 0:
            hc = reorder(hc, rng.normal(size=hc.n), "mean")  # cut follows the display order
        heights = np.sort(hc.height)
        h = 0.0 if case % 4 == 0 else float(rng.choice(heights))
        if case % 4 == 1:
            h = float(rng.uniform(0, heights[-1]))
        ours = cut_dendrogram(hc, h)
        res = r.call("ord_cut", *_rtree(hc), h)
        sizes = np.asarray(res["sizes"])
        assert np.array_equal([m.size for m in ours.members], sizes), case
        assert np.array_equal(np.concatenate(ours.members), np.asarray(res["leaves"]) - 1), case
        assert ours.upper.n == int(np.asarray(res["upper_n"]).ravel()[0])
        # each lower tree, drawn, lists its members in the same order
        for mem, low in zip(ours.members, ours.lower, strict=True):
            if low is None:
                assert mem.size == 1
            else:
                assert np.array_equal(np.sort(mem)[low.order], mem)
        assert np.array_equal(ours.upper.order, np.arange(len(ours.members)))


def test_subtree_and_cut_errors() -> None:
    rng = np.random.default_rng(3)
    hc = reorder(_tree(rng, "average", 20), rng.normal(size=20), "mean")
    root = 2 * hc.n - 2
    members, tree = subtree(hc, root)
    assert np.array_equal(members, np.arange(20))
    assert tree is not None and np.array_equal(tree.order, hc.order)
    assert np.array_equal(tree.height, hc.height)
    mem, leaf = subtree(hc, 4)
    assert leaf is None and mem.tolist() == [4]
    for node in range(hc.n, root):
        mem, sub = subtree(hc, node)
        assert sub is not None
        assert np.array_equal(sub.order, merge_order(sub.merge))
        assert np.all(np.diff(mem) > 0)
    with pytest.raises(InputError, match="node"):
        subtree(hc, root + 1)
    with pytest.raises(InputError, match=">= 0"):
        cut_dendrogram(hc, -1.0)


def test_optimal_leaf_ordering_keeps_the_tree() -> None:
    from scipy.cluster.hierarchy import leaves_list
    from scipy.cluster.hierarchy import optimal_leaf_ordering as scipy_olo

    rng = np.random.default_rng(21)
    for method in ("complete", "average", "centroid"):
        x = rng.normal(size=(25, 5))
        d = dist(x)
        hc = hclust(d, method)
        out = optimal_leaf_ordering(hc, d)
        assert np.array_equal(out.height, hc.height)
        assert np.array_equal(np.sort(out.merge, axis=1), np.sort(hc.merge, axis=1))
        assert np.array_equal(out.order, merge_order(out.merge))
        sq = d.squareform()

        def path(o: np.ndarray, sq: np.ndarray = sq) -> float:
            return float(sq[o[:-1], o[1:]].sum())

        assert path(out.order) <= path(hc.order) + 1e-12
        if method != "centroid":  # scipy itself refuses inverted heights
            z = scipy_olo(hc.to_linkage(), d.condensed)
            assert np.isclose(path(out.order), path(leaves_list(z)))
    with pytest.raises(InputError, match="objects"):
        optimal_leaf_ordering(hc, dist(x[:5]))
