"""HClust refuses the trees R refuses, with a typed error (issue 14, item 3)."""

from __future__ import annotations

import time

import numpy as np
import pytest

from pyr_heatmap import Heatmap
from pyr_heatmap.engine.dist import dist
from pyr_heatmap.engine.hclust import HClust, hclust
from pyr_heatmap.errors import InputError


@pytest.mark.needs_r
def test_merge_checks_agree_with_r(r) -> None:
    """Random corruptions of real trees: whatever R's .validity.hclust refuses, HClust refuses."""
    rng = np.random.default_rng(140)
    refused = 0
    for _ in range(300):
        n = int(rng.integers(3, 12))
        t = hclust(dist(rng.normal(size=(n, 2))))
        merge = t.merge.copy()
        for _ in range(int(rng.integers(1, 3))):
            i, j = int(rng.integers(0, n - 1)), int(rng.integers(0, 2))
            merge[i, j] = int(rng.integers(-n - 2, n + 1))
        verdict = r.call("eng_hclust_validity", merge.ravel(order="F").astype(float),
                         t.height, (t.order + 1).astype(float))[0]
        try:
            HClust(merge, t.height, t.order)
            ours = ""
        except InputError as exc:
            ours = str(exc)
        if verdict:
            refused += 1
            assert ours, (merge.tolist(), verdict)
            assert "invalid contents" in ours or "out of range" in ours
        elif ours:  # R's check passes: only a cluster used before it exists is refused more
            assert "formed at that step or later" in ours, ours
    assert refused > 100


def test_reported_tree_is_refused_not_drawn() -> None:
    m = np.arange(12.0).reshape(4, 3)
    with pytest.raises(InputError, match=r"observation 1 .* merged 2 times"):
        Heatmap(m, cluster_rows=HClust([[-1, -2], [-1, -3], [1, 2]], [1, 2, 3], [0, 1, 2, 3]))
    with pytest.raises(InputError, match="out of range"):
        HClust([[-1, -2], [-3, 7], [1, 2]], [1, 2, 3], [0, 1, 2, 3])


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"order": [0, 1, 1, 3]}, "permutation"),
        ({"order": [0, 1, 2, 4]}, "permutation"),
        ({"order": [-1, 0, 1, 2]}, "permutation"),
        ({"height": [1, np.nan, 3]}, "NaN"),
        ({"height": ["a", "b", "c"]}, "numbers"),
        ({"merge": [[-1, -2], [-3, -4], [1, 0]]}, "out of range"),
        ({"merge": [[-1, -2], [-3, -4.5], [1, 2]]}, "whole numbers"),
        ({"merge": [[-1, -2], [2, -3], [1, -4]]}, "formed at that step or later"),
        ({"merge": [[-1, -2], [1, -3], [1, -4]]}, "cluster 1 .* used 2 times"),
        ({"merge": [[-1, -2], [-3, -4]]}, "inconsistent HClust"),
    ],
)
def test_each_problem_is_named(kwargs: dict, match: str) -> None:
    base = {"merge": [[-1, -2], [-3, -4], [1, 2]], "height": [1, 2, 3], "order": [0, 1, 2, 3]}
    base.update(kwargs)
    with pytest.raises(InputError, match=match):
        HClust(**base)


def test_validation_is_fast_for_50000_leaves() -> None:
    n = 50_000
    merge = np.empty((n - 1, 2), dtype=np.int64)
    merge[0] = [-1, -2]
    merge[1:, 0] = -np.arange(3, n + 1)
    merge[1:, 1] = np.arange(1, n - 1)
    start = time.perf_counter()
    for _ in range(10):
        HClust(merge, np.arange(n - 1.0), np.arange(n))
    assert time.perf_counter() - start < 2.0  # ~5 ms each; a Python loop would take ~0.5 s
