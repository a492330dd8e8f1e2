"""ComplexHeatmap's behaviour for ``row_split = k`` beyond the number of rows and for
``clustering_method_rows = "ward"``, checked against live R (issue 12, item 5)."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

from pyr_heatmap import Heatmap
from pyr_heatmap.engine.order import heatmap_order

pytestmark = pytest.mark.needs_r


def _r_orders(r, m, row, column):
    res = r.call("ord_heatmap", m, row, column)
    out = {}
    for axis in ("row", "column"):
        order = np.asarray(res[axis]["order"]).astype(np.int64) - 1
        sizes = [int(v) for v in np.atleast_1d(np.asarray(res[axis]["sizes"]))]
        out[axis] = (order, sizes)
    return out


@pytest.mark.parametrize("k", [5, 6, 9])
def test_split_k_beyond_the_number_of_rows_draws_as_r(r, k: int) -> None:
    rng = np.random.default_rng(k)
    m = rng.normal(size=(5, 7))
    want = _r_orders(r, m, {"split": k}, {"split": k + 2})
    ours = heatmap_order(m, row_split=k, column_split=k + 2)
    for axis, got in (("row", ours.rows), ("column", ours.columns)):
        order, sizes = want[axis]
        assert np.array_equal(got.order, order), axis
        assert [v.size for v in got.slices.values()] == sizes, axis
    assert len(ours.row_slices) == 5  # every row is a slice, as R draws it


def test_split_k_beyond_rows_with_identical_rows(r) -> None:
    # identical rows merge at height 0: they stay in one slice, in R too
    m = np.array([[1.0, 2, 3], [1, 2, 3], [4, 0, 1], [2, 2, 9]])
    want = _r_orders(r, m, {"split": 8}, {})
    ours = heatmap_order(m, row_split=8)
    assert np.array_equal(ours.rows.order, want["row"][0])
    assert [v.size for v in ours.rows.slices.values()] == want["row"][1]


def test_split_k_beyond_rows_both_backends(r) -> None:
    m = np.random.default_rng(3).normal(size=(4, 6))
    hm = Heatmap(m, row_split=7)
    native = hm.draw(backend="native")
    drawn_r = hm.draw(backend="r")
    assert isinstance(drawn_r.row_order, dict) and len(drawn_r.row_order) == 4
    assert {k: list(v) for k, v in native.row_order.items()} == \
        {k: list(v) for k, v in drawn_r.row_order.items()}


@pytest.mark.parametrize("axis", ["row", "column"])
def test_ward_is_ward_d_in_heatmap(r, axis: str) -> None:
    rng = np.random.default_rng(11)
    m = rng.normal(size=(12, 9))
    want = _r_orders(r, m, {"method": "ward"} if axis == "row" else {},
                     {"method": "ward"} if axis == "column" else {})
    with pytest.warns(UserWarning, match='renamed to "ward.D"'):
        ours = heatmap_order(m, **{f"clustering_method_{axis}s": "ward"})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ward_d = heatmap_order(m, **{f"clustering_method_{axis}s": "ward.D"})
    got = ours.rows if axis == "row" else ours.columns
    assert np.array_equal(got.order, want[axis][0])
    assert np.array_equal(got.order, (ward_d.rows if axis == "row" else ward_d.columns).order)
    assert got.trees[""].method == "ward.D"


def test_ward_heatmap_draws_in_r(r) -> None:
    m = np.random.default_rng(5).normal(size=(10, 6))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        hm = Heatmap(m, clustering_method_rows="ward")
        native = hm.draw(backend="native")
        drawn_r = hm.draw(backend="r")
    assert np.array_equal(native.row_order, drawn_r.row_order)
