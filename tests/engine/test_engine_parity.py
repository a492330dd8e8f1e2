"""dist() and hclust() against live R, bit for bit.

Every matrix is generated from a seed in Python, sent to R, and both sides compute the same thing;
nothing is compared with stored numbers. Distances, merges, heights and orders must be identical to
the last bit (np.array_equal on float64): the compiled kernel performs R's operations in R's order,
including the long double accumulation of cor(), so no tolerance is needed on this platform.
"""

from __future__ import annotations

import warnings

import numpy as np
import pytest

from pyr_heatmap.engine.dist import COR_METHODS, DIST_METHODS, dist
from pyr_heatmap.engine.hclust import HCLUST_METHODS, hclust
from pyr_heatmap.errors import InputError

ALL_DISTANCES = DIST_METHODS + COR_METHODS


def make_matrix(kind: str, seed: int) -> np.ndarray:
    """Seeded test matrices covering continuous data and the tie-heavy cases."""
    rng = np.random.default_rng(seed)
    n = int(rng.integers(3, 45))
    p = int(rng.integers(2, 9))
    if kind == "continuous":
        return rng.normal(size=(n, p)) * rng.uniform(0.1, 10)
    if kind == "rpkm":  # log-normal values spanning orders of magnitude
        return np.exp(rng.normal(2, 2.5, size=(n, p)))
    if kind == "small_int":  # integer counts: many tied distances
        return rng.integers(0, 4, size=(n, p)).astype(float)
    if kind == "duplicated":  # duplicated genes: zero distances
        m = rng.integers(0, 5, size=(n, p)).astype(float)
        k = n // 3
        m[n - k :] = m[rng.integers(0, n - k, size=k)]
        return m
    if kind == "binary":
        return (rng.random((n, p)) < 0.4).astype(float)
    if kind == "zeros":  # sparse: exercises canberra's 0/0 rule and binary's all-zero rule
        m = rng.integers(-3, 4, size=(n, p)).astype(float)
        m[rng.random((n, p)) < 0.5] = 0.0
        return m
    if kind == "na":
        m = rng.normal(size=(n, p))
        m[rng.random((n, p)) < 0.15] = np.nan
        return m
    raise AssertionError(kind)


KINDS = ["continuous", "rpkm", "small_int", "duplicated", "binary", "zeros", "na"]
SEEDS = range(12)


def _python_side(m: np.ndarray, dm: str, hm: str):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        d = dist(m, dm, p=3.0)
    try:
        return d, hclust(d, hm)
    except InputError as exc:
        return d, exc


@pytest.mark.parametrize("kind", KINDS)
def test_dist_and_hclust_equal_r(r, kind):
    compared = 0
    for seed in SEEDS:
        m = make_matrix(kind, 1000 * KINDS.index(kind) + seed)
        ref = r.call("eng_all", m, 3.0, list(ALL_DISTANCES), list(HCLUST_METHODS))
        for dm in ALL_DISTANCES:
            rd = ref[dm]
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                d = dist(m, dm, p=3.0)
            assert rd["d"] is not None, f"R failed on dist {dm}"
            assert np.array_equal(d.condensed, rd["d"], equal_nan=True), (kind, seed, dm)
            for hm in HCLUST_METHODS:
                rh = rd["h"][hm]
                if "error" in rh:
                    # R refuses NA/NaN/Inf dissimilarities; so must we, with a typed error
                    with pytest.raises(InputError, match=r"NA/NaN|infinite"):
                        hclust(d, hm)
                    continue
                h = hclust(d, hm)
                assert np.array_equal(h.merge, rh["merge"]), (kind, seed, dm, hm)
                assert np.array_equal(h.height, rh["height"]), (kind, seed, dm, hm)
                assert np.array_equal(h.order, rh["order"] - 1), (kind, seed, dm, hm)
                compared += 1
    # the comparison must actually have happened for most combinations
    assert compared >= len(SEEDS) * len(HCLUST_METHODS) * 5


def test_members_argument_equals_r(r):
    for seed in range(6):
        rng = np.random.default_rng(seed)
        m = rng.normal(size=(15, 4))
        members = rng.integers(1, 6, size=15).astype(float)
        for hm in HCLUST_METHODS:
            ref = r.call("eng_hclust_members", m, hm, members)
            h = hclust(dist(m), hm, members=members)
            assert np.array_equal(h.merge, ref["merge"])
            assert np.array_equal(h.height, ref["height"])
            assert np.array_equal(h.order, ref["order"] - 1)


def test_real_expression_data_all(r):
    """ALL (r-bioc-all): the 300 most variable probes, genes and samples, every method."""
    data = r.call("eng_all_dataset", 300)
    x = np.asarray(data["x"], dtype=float)
    assert x.shape == (300, 128)
    for mat in (x, np.ascontiguousarray(x.T)):
        ref = r.call("eng_all", mat, 2.0, ["euclidean", "manhattan", "pearson", "spearman"],
                     list(HCLUST_METHODS))
        for dm, rd in ref.items():
            d = dist(mat, dm)
            assert np.array_equal(d.condensed, rd["d"]), dm
            for hm in HCLUST_METHODS:
                h = hclust(d, hm)
                assert np.array_equal(h.merge, rd["h"][hm]["merge"]), (dm, hm)
                assert np.array_equal(h.height, rd["h"][hm]["height"]), (dm, hm)
                assert np.array_equal(h.order, rd["h"][hm]["order"] - 1), (dm, hm)


def test_kendall_on_longer_vectors_equals_r(r):
    """Kendall and spearman with many ties over more columns (column clustering of a gene set)."""
    rng = np.random.default_rng(7)
    m = rng.integers(0, 5, size=(12, 60)).astype(float)
    ref = r.call("eng_all", m, 2.0, ["kendall", "spearman", "pearson"], ["average"])
    for dm, rd in ref.items():
        assert np.array_equal(dist(m, dm).condensed, rd["d"]), dm


@pytest.mark.parametrize("kind", ["continuous", "small_int", "na"])
def test_cluster_matrix_equals_hclust_of_dist_and_r(r, kind):
    """The one-buffer path gives the same tree as hclust(dist()) here and in R."""
    from pyr_heatmap.engine.cluster import cluster_matrix

    for seed in range(4):
        m = make_matrix(kind, 500 + seed)
        for dm in ("euclidean", "manhattan", "pearson"):
            ref = r.call("eng_all", m, 2.0, [dm], ["ward.D2", "average"])[dm]
            for hm in ("ward.D2", "average"):
                if "error" in ref["h"][hm]:
                    with pytest.raises(InputError):
                        cluster_matrix(m, dm, hm)
                    continue
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    h = cluster_matrix(m, dm, hm)
                    h2 = hclust(dist(m, dm), hm)
                for tree in (h, h2):
                    assert np.array_equal(tree.merge, ref["h"][hm]["merge"])
                    assert np.array_equal(tree.height, ref["h"][hm]["height"])
                    assert np.array_equal(tree.order, ref["h"][hm]["order"] - 1)


def test_large_tied_matrix_two_threads_equals_r(r):
    """n = 2,500 small-integer rows: the threaded kernel path against R, every method."""
    rng = np.random.default_rng(2500)
    m = rng.integers(0, 4, size=(2500, 5)).astype(float)
    ref = r.call("eng_all", m, 2.0, ["euclidean"], list(HCLUST_METHODS))["euclidean"]
    d = dist(m)
    assert np.array_equal(d.condensed, ref["d"])
    for hm in HCLUST_METHODS:
        h = hclust(d, hm, nthreads=2)
        assert np.array_equal(h.merge, ref["h"][hm]["merge"]), hm
        assert np.array_equal(h.height, ref["h"][hm]["height"]), hm
        assert np.array_equal(h.order, ref["h"][hm]["order"] - 1), hm
