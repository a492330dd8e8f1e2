"""A tree whose order is not its merge matrix's leaf order (issue 14, item 2).

ComplexHeatmap takes ``hc$order`` from a clustering function's hclust but the merge matrix's
order from a supplied hclust (``as.dendrogram``). Native, the R backend and the exported script
must all give the order live ComplexHeatmap gives for the user's function.
"""

from __future__ import annotations

import numpy as np
import pytest

from pyr_heatmap import Heatmap
from pyr_heatmap.engine.dist import dist
from pyr_heatmap.engine.hclust import HClust, hclust, merge_order

pytestmark = pytest.mark.needs_r


def _odd_tree(m: np.ndarray) -> HClust:
    t = hclust(dist(m))
    odd = HClust(t.merge, t.height, t.order[::-1].copy(), method="complete",
                 dist_method="euclidean")
    assert not np.array_equal(odd.order, merge_order(odd.merge))
    return odd


def test_function_tree_order_is_rs_in_both_backends_and_the_script(r, tmp_path) -> None:
    from test_rscript import run_script

    rng = np.random.default_rng(14)
    m = rng.normal(size=(9, 4))
    odd = _odd_tree(m)
    want = np.asarray(r.call("rb_order_function_tree", m, odd.merge.ravel(order="F"),
                             odd.height, odd.order + 1)) - 1
    assert np.array_equal(want, odd.order)  # R follows hc$order here
    hm = Heatmap(m, cluster_rows=lambda x: odd, row_dend_reorder=False, cluster_columns=False)
    for backend in ("native", "r"):
        got = hm.draw(backend=backend, dpi=30)
        assert np.array_equal(np.asarray(got.row_order), want), backend
    script = hm.to_r_script(tmp_path / "odd.R")
    out = run_script(script, tmp_path)
    assert np.array_equal(out["row_order"], want)


def test_supplied_tree_follows_its_merge_matrix_as_in_r(r) -> None:
    """The same tree given as cluster_rows = hclust: R draws the merge matrix's order."""
    rng = np.random.default_rng(15)
    m = rng.normal(size=(7, 3))
    odd = _odd_tree(m)
    hm = Heatmap(m, cluster_rows=odd, cluster_columns=False)
    for backend in ("native", "r"):
        got = hm.draw(backend=backend, dpi=30)
        assert np.array_equal(np.asarray(got.row_order), merge_order(odd.merge)), backend
