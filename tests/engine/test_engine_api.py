"""The engine's Python surface: labels, conversions, validation and typed errors."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy.cluster.hierarchy import leaves_list, linkage

from pyr_heatmap.engine.dist import Dist, as_dist, dist
from pyr_heatmap.engine.hclust import HClust, hclust
from pyr_heatmap.errors import InputError


@pytest.fixture
def frame() -> pd.DataFrame:
    rng = np.random.default_rng(3)
    return pd.DataFrame(rng.normal(size=(8, 5)), index=[f"g{i}" for i in range(8)],
                        columns=list("ABCDE"))


def test_labels_follow_the_dataframe(frame):
    d = dist(frame)
    assert d.labels == tuple(frame.index)
    h = hclust(d, "average")
    assert h.labels == tuple(frame.index)
    assert h.ordered_labels() == [frame.index[i] for i in h.order]
    assert sorted(h.order.tolist()) == list(range(8))


def test_input_is_not_mutated(frame):
    before = frame.copy()
    arr = frame.to_numpy().copy()
    d = dist(frame)
    hclust(d, "ward.D2")
    hclust(d, "centroid")
    pd.testing.assert_frame_equal(frame, before)
    dist(arr)
    assert np.array_equal(arr, frame.to_numpy())
    # the Dist itself is read-only, and clustering does not change it
    with pytest.raises(ValueError):
        d.condensed[0] = 1.0


def test_results_do_not_depend_on_threads():
    rng = np.random.default_rng(0)
    m = rng.integers(0, 3, size=(700, 9)).astype(float)
    for method in ("euclidean", "manhattan", "maximum", "canberra", "pearson", "kendall"):
        one = dist(m, method, nthreads=1).condensed
        two = dist(m, method, nthreads=2).condensed
        assert np.array_equal(one, two), method


def test_to_linkage_round_trip_and_scipy_leaves():
    rng = np.random.default_rng(5)
    m = rng.normal(size=(30, 4))
    h = hclust(dist(m), "average")
    Z = h.to_linkage()
    assert np.array_equal(leaves_list(Z), h.order)
    back = HClust.from_linkage(Z, method="average")
    assert np.array_equal(back.merge, h.merge)
    assert np.array_equal(back.order, h.order)
    # on tie-free data scipy's own average linkage is the same tree
    Zs = linkage(m, "average")
    assert np.allclose(Zs[:, 2], h.height)
    assert np.array_equal(leaves_list(Zs), h.order)


def test_as_dist_reads_the_lower_triangle():
    m = np.array([[0, 9, 9], [1, 0, 9], [2, 3, 0]], dtype=float)
    d = as_dist(m)
    assert d.condensed.tolist() == [1.0, 2.0, 3.0]
    assert np.array_equal(d.squareform(), np.array([[0, 1, 2], [1, 0, 3], [2, 3, 0]]))
    # hclust accepts a square matrix as R's as.dist() would read it
    assert np.array_equal(hclust(m).merge, hclust(d).merge)


@pytest.mark.parametrize(
    ("method", "expected"),
    [("euc", "euclidean"), ("e", "euclidean"), ("euclidian", "euclidean"), ("max", "maximum"),
     ("can", "canberra")],
)
def test_distance_names_are_matched_like_r(method, expected):
    assert dist(np.eye(3), method).method == expected


def test_unknown_names_suggest_the_nearest():
    with pytest.raises(InputError, match="did you mean 'euclidean'"):
        dist(np.eye(3), "eucledian")
    with pytest.raises(InputError, match="ambiguous distance method 'm'"):
        dist(np.eye(3), "m")
    with pytest.raises(InputError, match="spelled out as 'pearson'"):
        dist(np.eye(3), "pears")
    with pytest.raises(InputError, match=r"did you mean 'ward\.D2'"):
        hclust(dist(np.eye(3)), "ward.d2")
    with pytest.raises(InputError, match="did you mean 'average'"):
        hclust(dist(np.eye(3)), "averge")


def test_ward_is_ward_d_with_rs_message():
    d = dist(np.random.default_rng(1).normal(size=(6, 2)))
    with pytest.warns(UserWarning, match='renamed to "ward.D"'):
        h = hclust(d, "ward")
    assert h.method == "ward.D"
    assert np.array_equal(h.merge, hclust(d, "ward.D").merge)


def test_bad_inputs_raise_typed_errors():
    with pytest.raises(InputError, match="at least 2 objects"):
        hclust(dist(np.ones((1, 3))))
    with pytest.raises(InputError, match="must be numeric"):
        dist(np.array([["a", "b"], ["c", "d"]]))
    with pytest.raises(InputError, match="non-numeric columns"):
        dist(pd.DataFrame({"a": [1.0, 2.0], "b": ["x", "y"]}))
    with pytest.raises(InputError, match="2-D"):
        dist(np.arange(4.0))
    with pytest.raises(InputError, match="Minkowski power"):
        dist(np.eye(3), "minkowski", p=0)
    with pytest.raises(InputError, match="members has length"):
        hclust(dist(np.eye(3)), members=[1, 2])
    with pytest.raises(InputError, match="needs 3 values"):
        Dist(np.zeros(2), 3)


def test_na_distance_names_the_pair():
    m = np.array([[1.0, np.nan], [np.nan, 2.0], [3.0, 4.0]])
    d = dist(m, labels=["a", "b", "c"])
    assert np.isnan(d.condensed[0])
    with pytest.raises(InputError, match="between 'a' and 'b'"):
        hclust(d)


def test_huge_dissimilarities_are_refused_not_crashed():
    m = np.array([[0.0], [1e301], [-1e301]])
    with pytest.raises(InputError, match="1e300"):
        hclust(dist(m, "manhattan"))


@pytest.mark.parametrize("method", ["ward.D2", "complete", "average", "single", "centroid",
                                    "median", "mcquitty", "ward.D"])
def test_hclust_does_not_depend_on_threads(method):
    """Large enough for the two-thread path (n >= 2000), with heavy ties."""
    rng = np.random.default_rng(11)
    for m in (rng.integers(0, 3, size=(2600, 6)).astype(float), rng.normal(size=(2300, 4))):
        d = dist(m)
        one = hclust(d, method, nthreads=1)
        two = hclust(d, method, nthreads=2)
        assert np.array_equal(one.merge, two.merge)
        assert np.array_equal(one.height, two.height)
        assert np.array_equal(one.order, two.order)
