"""The cross-check report: Python's orders, trees, cuts and colours against ComplexHeatmap's."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

import pyr_heatmap as ph
from pyr_heatmap import result
from pyr_heatmap.backends.r.crosscheck import CrosscheckReport, adjusted_rand_index, crosscheck


def frame(seed: int, n: int = 16, p: int = 7, integer: bool = False) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    vals = rng.integers(0, 3, size=(n, p)).astype(float) if integer else rng.normal(size=(n, p))
    return pd.DataFrame(vals, index=[f"g{i}" for i in range(n)],
                        columns=[f"s{j}" for j in range(p)])


def test_adjusted_rand_index_known_values():
    # contingency [[2, 1, 0], [0, 1, 2]]: index 2, row pairs 6, column pairs 3, all pairs 15
    a = np.array([0, 0, 0, 1, 1, 1])
    b = np.array([0, 0, 1, 1, 2, 2])
    expected = (2 - 6 * 3 / 15) / ((6 + 3) / 2 - 6 * 3 / 15)
    assert adjusted_rand_index(a, b) == pytest.approx(expected, rel=1e-15)
    assert adjusted_rand_index(a, 5 - a) == 1.0  # label names do not matter
    assert adjusted_rand_index(np.zeros(4), np.zeros(4)) == 1.0


@pytest.mark.needs_r
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_identical_on_random_heatmaps(r, seed):
    kws = [
        {},
        {"clustering_method_rows": "ward.D2", "clustering_distance_columns": "pearson"},
        {"row_split": 3, "clustering_method_rows": "average"},
        {"row_split": [f"{'ab'[i % 2]}" for i in range(16)], "clustering_method_rows": "single"},
    ]
    for kw in kws:
        rep = ph.Heatmap(frame(seed), **kw).crosscheck()
        assert isinstance(rep, CrosscheckReport)
        assert rep.identical, str(rep)
        for ax in (rep.rows, rep.columns):
            assert ax.first_difference is None
            assert ax.merge_identical and ax.height_max_abs_diff == 0.0
            assert ax.cophenetic_correlation == 1.0
            assert set(ax.cutree_ari.values()) == {1.0}
            assert set(ax.cutree_same_id.values()) == {1.0}
        assert sorted(rep.rows.cutree_ari) == list(range(2, 11))
        assert rep.colour_match_rate == 1.0 and rep.n_colour_values == 16 * 7
        assert "IDENTICAL" in str(rep) and "100.00%" in rep.summary()
        json.dumps(rep.to_dict())


@pytest.mark.needs_r
def test_ties_and_supplied_trees(r):
    m = frame(7, integer=True)
    rep = crosscheck(ph.Heatmap(m, clustering_method_rows="complete"))
    assert rep.identical and rep.rows.merge_identical
    hr = ph.hclust(ph.dist(m.to_numpy()), "average")
    rep = ph.Heatmap(m, cluster_rows=hr, cluster_columns=False).crosscheck()
    assert rep.identical
    assert "same tree on both sides" in rep.rows.note and rep.rows.cophenetic_correlation is None
    assert rep.columns.note == "not clustered"


@pytest.mark.needs_r
def test_reports_differences(r, monkeypatch):
    """A Python order that is not R's is reported, with the first differing position."""
    real = result._axis_order

    def reversed_order(axis):
        out = real(axis)
        return out[::-1].copy() if not isinstance(out, dict) else out

    monkeypatch.setattr(result, "_axis_order", reversed_order)
    rep = ph.Heatmap(frame(4)).crosscheck()
    assert not rep.identical and not rep.rows.identical
    assert rep.rows.first_difference == 0
    assert "DIFFERENT" in str(rep)
    d = rep.to_dict()
    assert d["identical"] is False and d["rows"]["r_order"] == d["rows"]["python_order"][::-1]


@pytest.mark.needs_r
def test_user_colours_compared(r):
    col = ph.color_ramp2([-1.5, 0, 2], ["#2166AC", "white", "#B2182B"], space="RGB")
    rep = ph.Heatmap(frame(5), col=col).crosscheck()
    assert rep.colour_match_rate == 1.0
