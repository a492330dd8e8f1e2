"""Property-based parity: hypothesis generates small matrices, live R is the judge.

Small integer entries make ties the rule rather than the exception, which is where R's
nearest-neighbour-list tie-breaking must be reproduced exactly. The number of examples is bounded
so the suite stays fast; the examples are derandomized so CI runs are repeatable.
"""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from pyr_heatmap.engine.dendrogram import cutree
from pyr_heatmap.engine.dist import dist
from pyr_heatmap.engine.hclust import HCLUST_METHODS, hclust
from pyr_heatmap.errors import InputError

SETTINGS = settings(max_examples=60, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.function_scoped_fixture])

shapes = st.tuples(st.integers(2, 25), st.integers(1, 6))
tied = shapes.flatmap(lambda s: arrays(np.float64, s, elements=st.integers(-2, 3).map(float)))
mixed = shapes.flatmap(lambda s: arrays(
    np.float64, s, elements=st.one_of(st.integers(0, 3).map(float),
                                      st.floats(-1e3, 1e3, allow_nan=False, width=32))))


def _check(r, m: np.ndarray, distance: str) -> None:
    ref = r.call("eng_all", m, 2.0, [distance], list(HCLUST_METHODS))[distance]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        d = dist(m, distance)
    assert np.array_equal(d.condensed, ref["d"], equal_nan=True)
    for method in HCLUST_METHODS:
        rh = ref["h"][method]
        if "error" in rh:
            with pytest.raises(InputError):
                hclust(d, method)
            continue
        h = hclust(d, method)
        assert np.array_equal(h.merge, rh["merge"]), method
        assert np.array_equal(h.height, rh["height"]), method
        assert np.array_equal(h.order, rh["order"] - 1), method
        # invariants: the order is a permutation, every merge uses earlier clusters only
        n = m.shape[0]
        assert sorted(h.order.tolist()) == list(range(n))
        steps = np.arange(1, n)
        assert np.all((h.merge < 0) | (h.merge < steps[:, None]))
        k = min(3, n)
        ids = cutree(h, k=k)
        assert ids[0] == 1 and set(ids.tolist()) == set(range(1, k + 1))


@SETTINGS
@given(m=tied, distance=st.sampled_from(["euclidean", "manhattan", "maximum", "binary"]))
def test_tied_integer_matrices_equal_r(r, m, distance):
    _check(r, m, distance)


@SETTINGS
@given(m=mixed, distance=st.sampled_from(["euclidean", "canberra", "pearson", "minkowski"]))
def test_mixed_matrices_equal_r(r, m, distance):
    _check(r, m, distance)
