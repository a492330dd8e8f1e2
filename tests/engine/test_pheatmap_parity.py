"""pheatmap 1.0.12's orders, trees, gaps, breaks and colours against live pheatmap.

Every expected value comes from R in the test run (tests/r/pheatmap.R): pheatmap() is run with
``silent = TRUE`` and its ``$tree_row``/``$tree_col``, the gaps its own ``find_gaps`` gives and
the fill colours of the drawn matrix grob are compared bit for bit with the engine's.
"""

from __future__ import annotations

import numpy as np
import pytest

from pyr_heatmap.engine.dist import as_dist
from pyr_heatmap.engine.hclust import HClust
from pyr_heatmap.engine.pheatmap_order import (
    PHEATMAP_DISTANCES,
    color_ramp_palette_hex,
    default_palette,
    extend_breaks,
    generate_breaks,
    pheatmap_order,
    pheatmap_scale,
    scale_colours,
)
from pyr_heatmap.errors import InputError

pytestmark = pytest.mark.needs_r


def _labels(prefix: str, n: int) -> list[str]:
    return [f"{prefix}{i + 1}" for i in range(n)]


def _matrix(kind: str, seed: int, n: int = 14, m: int = 7) -> np.ndarray:
    rng = np.random.default_rng(seed)
    if kind == "continuous":
        return rng.normal(size=(n, m)) * rng.uniform(0.5, 3, size=(n, 1))
    if kind == "ties":
        return rng.integers(0, 4, size=(n, m)).astype(float)
    if kind == "duplicated":
        x = rng.normal(size=(n, m)).round(1)
        x[3] = x[0]
        if n > 7:
            x[7] = x[5]
        if m > 4:
            x[:, 4] = x[:, 1]
        return x
    if kind == "na":
        x = rng.normal(size=(n, m))
        x[rng.random(size=(n, m)) < 0.1] = np.nan
        return x
    raise AssertionError(kind)


def _same_tree(py: HClust | None, rt: dict | None) -> None:
    assert (py is None) == (rt is None)
    if py is None:
        return
    np.testing.assert_array_equal(py.merge, np.asarray(rt["merge"]).reshape(-1, 2, order="F")
                                  if np.asarray(rt["merge"]).ndim == 1 else rt["merge"])
    np.testing.assert_array_equal(py.height, np.asarray(rt["height"]))  # bit for bit
    np.testing.assert_array_equal(py.order + 1, np.asarray(rt["order"]))
    if len(rt["labels"]):
        assert list(py.labels) == list(rt["labels"])


def _fill_colours(o, x_scaled: np.ndarray, breaks: np.ndarray | None, scale: str,
                  colors: list[str]) -> np.ndarray:
    drawn = x_scaled[np.ix_(o.row.order, o.column.order)]
    if breaks is None:
        breaks = (generate_breaks(drawn, len(colors), center=True) if scale != "none"
                  else generate_breaks(drawn, len(colors)))
    b, c = extend_breaks(breaks, colors)
    return scale_colours(drawn, b, c, "#DDDDDD")


def _run_both(r, x: np.ndarray, opts: dict, **extra) -> tuple[object, dict]:
    rows, cols = _labels("g", x.shape[0]), _labels("s", x.shape[1])
    res = r.call("ph_run", x, rows, cols, opts, **extra)
    py_opts = {k: v for k, v in opts.items()}
    o = pheatmap_order(x, row_names=tuple(rows), column_names=tuple(cols), **py_opts)
    return o, res


def _check(r, x: np.ndarray, opts: dict, **extra) -> None:
    o, res = _run_both(r, x, opts, **extra)
    _same_tree(o.row.tree, res["tree_row"])
    _same_tree(o.column.tree, res["tree_col"])
    for py, rg in ((o.row.gaps, res["drawn_gaps_row"]), (o.column.gaps, res["drawn_gaps_col"])):
        np.testing.assert_array_equal(py, np.asarray(rg, dtype=np.int64))
    if len(res["gaps_row"]) or len(res["gaps_col"]):  # find_gaps' numbers are those drawn
        np.testing.assert_array_equal(o.row.gaps, np.asarray(res["gaps_row"], dtype=np.int64))
    fill = _fill_colours(o, o.matrix, None, opts.get("scale", "none"), default_palette())
    r_fill = np.asarray(res["fill"], dtype=object).reshape(fill.shape, order="F")
    assert (fill == r_fill).all()


@pytest.mark.parametrize("kind", ["continuous", "ties", "duplicated", "na"])
@pytest.mark.parametrize("scale", ["none", "row", "column"])
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_defaults_every_scale(r, kind: str, scale: str, seed: int) -> None:
    _check(r, _matrix(kind, seed), {"scale": scale})


@pytest.mark.parametrize("distance", [d for d in PHEATMAP_DISTANCES])
@pytest.mark.parametrize("kind", ["continuous", "ties", "duplicated"])
def test_every_distance(r, distance: str, kind: str) -> None:
    x = _matrix(kind, 11)
    if distance == "binary":
        x = (x > 0.5).astype(float) * x
    _check(r, x, {"clustering_distance_rows": distance, "clustering_distance_cols": distance,
                  "scale": "row" if kind == "continuous" else "none"})


@pytest.mark.parametrize("method", ["ward.D", "ward.D2", "single", "complete", "average",
                                    "mcquitty", "median", "centroid"])
@pytest.mark.parametrize("kind", ["continuous", "ties", "duplicated", "na"])
def test_methods(r, method: str, kind: str) -> None:
    _check(r, _matrix(kind, 21), {"clustering_method": method, "scale": "row"})


@pytest.mark.parametrize("k", [(2, 2), (3, 4), (5, 1)])
@pytest.mark.parametrize("kind", ["continuous", "ties"])
def test_cutree_gaps(r, k: tuple[int, int], kind: str) -> None:
    _check(r, _matrix(kind, 5), {"cutree_rows": k[0], "cutree_cols": k[1],
                                 "clustering_method": "average"})


def test_no_clustering_and_given_gaps(r) -> None:
    x = _matrix("continuous", 8)
    _check(r, x, {"cluster_rows": False, "cluster_cols": False, "gaps_row": [2, 5],
                  "gaps_col": [3]})
    # gaps_row with clustered rows is ignored by pheatmap (cutree_rows decides)
    _check(r, x, {"gaps_row": [2, 5], "cluster_cols": False})


def test_precomputed_distances(r) -> None:
    x = _matrix("continuous", 9)
    rng = np.random.default_rng(4)
    dr = rng.random((x.shape[0], x.shape[0]))
    dc = rng.random((x.shape[1], x.shape[1]))
    dr, dc = dr + dr.T, dc + dc.T
    rows, cols = _labels("g", x.shape[0]), _labels("s", x.shape[1])
    res = r.call("ph_run", x, rows, cols, {"clustering_method": "average"},
                 dist_rows=dr, dist_cols=dc)
    o = pheatmap_order(x, row_names=tuple(rows), column_names=tuple(cols),
                       clustering_distance_rows=as_dist(dr), clustering_distance_cols=as_dist(dc),
                       clustering_method="average")
    _same_tree(o.row.tree, res["tree_row"] | {"labels": []})
    _same_tree(o.column.tree, res["tree_col"] | {"labels": []})


def test_clustering_callback(r) -> None:
    x = _matrix("continuous", 10)

    def rev(hc: HClust, mat: np.ndarray) -> HClust:
        return HClust(hc.merge, hc.height, hc.order[::-1], hc.labels, hc.method, hc.dist_method)

    rows, cols = _labels("g", x.shape[0]), _labels("s", x.shape[1])
    res = r.call("ph_run", x, rows, cols, {"scale": "row"}, callback_rev=True)
    o = pheatmap_order(x, row_names=tuple(rows), column_names=tuple(cols), scale="row",
                       clustering_callback=rev)
    _same_tree(o.row.tree, res["tree_row"])
    _same_tree(o.column.tree, res["tree_col"])


def test_kmeans_from_r_labels(r) -> None:
    x = _matrix("continuous", 12, n=40)
    rows, cols = _labels("g", x.shape[0]), _labels("s", x.shape[1])
    res = r.call("ph_run", x, rows, cols, {"kmeans_k": 5, "scale": "row"}, km_seed=42)
    labels = np.asarray(res["kmeans"])
    o = pheatmap_order(x, row_names=tuple(rows), column_names=tuple(cols), scale="row",
                       kmeans_labels=labels)
    _same_tree(o.row.tree, res["tree_row"])
    _same_tree(o.column.tree, res["tree_col"])


def test_all_dataset_most_variable(r) -> None:
    data = r.call("eng_all_dataset", 200)
    x = np.asarray(data["x"], dtype=float)
    for opts in ({}, {"scale": "row", "clustering_distance_rows": "correlation",
                      "clustering_method": "average", "cutree_rows": 4, "cutree_cols": 3}):
        o, res = None, r.call("ph_run", x, data["rows"], data["cols"], opts)
        o = pheatmap_order(x, row_names=tuple(data["rows"]), column_names=tuple(data["cols"]),
                           **opts)
        _same_tree(o.row.tree, res["tree_row"])
        _same_tree(o.column.tree, res["tree_col"])
        np.testing.assert_array_equal(o.row.gaps, np.asarray(res["gaps_row"], dtype=np.int64))


@pytest.mark.parametrize("kind", ["continuous", "ties", "duplicated", "na"])
@pytest.mark.parametrize("scale", ["row", "column"])
def test_scale_bit_for_bit(r, kind: str, scale: str) -> None:
    x = _matrix(kind, 31) * 1e3 + 7
    np.testing.assert_array_equal(pheatmap_scale(x, scale),
                                  np.asarray(r.call("ph_scale", x, scale)))


def test_default_palette_hex(r) -> None:
    for n in (100, 7, 2, 1, 255, 33):
        assert default_palette(n) == list(r.call("ph_palette", n))
    for cols in (["#000000", "#FFFFFF"], ["#FF0000", "#00FF00", "#0000FF", "#123456"]):
        for n in (5, 100, 256):
            assert color_ramp_palette_hex(cols, n) == list(r.call("ph_ramp", cols, n))


@pytest.mark.parametrize("center", [True, False])
def test_breaks(r, center: bool) -> None:
    rng = np.random.default_rng(3)
    for x in (rng.normal(size=50), rng.integers(-5, 9, size=30).astype(float),
              np.array([0.1, 0.2, 0.7])):
        for n in (100, 10, 1):
            np.testing.assert_array_equal(generate_breaks(x, n, center),
                                          np.asarray(r.call("ph_breaks", x, n, center)))


def test_many_seeded_matrices(r) -> None:
    """40 seeded matrices, each with its own kind, scale, distance, method and cut."""
    rng = np.random.default_rng(2024)
    kinds = ["continuous", "ties", "duplicated", "na"]
    methods = ["ward.D", "ward.D2", "single", "complete", "average", "mcquitty", "median",
               "centroid"]
    refused = 0
    for seed in range(40):
        kind = kinds[seed % 4]
        distance = str(rng.choice(["euclidean", "manhattan", "maximum", "canberra",
                                   "minkowski"] + ([] if kind == "na" else ["correlation"])))
        n, m = int(rng.integers(4, 25)), int(rng.integers(3, 9))
        opts = {"scale": str(rng.choice(["none", "row", "column"])),
                "clustering_distance_rows": distance,
                "clustering_distance_cols": str(rng.choice(["euclidean", "manhattan"])),
                "clustering_method": str(rng.choice(methods)),
                "cutree_rows": int(rng.integers(1, n + 1)),
                "cutree_cols": int(rng.integers(1, m + 1))}
        x = _matrix(kind, 100 + seed, n=n, m=m)
        if opts["scale"] != "none" and kind == "ties":
            x[0] = 1.0  # a constant row: pheatmap's scaling makes it NaN (R: NA)
            opts["scale"] = "column"
        rows, cols = _labels("g", x.shape[0]), _labels("s", x.shape[1])
        try:
            r.call("ph_run", x, rows, cols, opts)
        except Exception as exc:  # R refuses (e.g. NA correlations of constant rows): so must we
            assert "NA/NaN/Inf" in str(exc), exc
            with pytest.raises(InputError):
                pheatmap_order(x, row_names=tuple(rows), column_names=tuple(cols), **opts)
            refused += 1
            continue
        try:
            _check(r, x, opts)
        except AssertionError as exc:  # name the case that failed
            raise AssertionError(f"seed {seed}, {kind}, {opts}: {exc}") from exc
    assert refused < 10  # most cases are compared, not refused


@pytest.mark.parametrize("distance", ["euclidean", "manhattan", "maximum", "canberra",
                                      "binary", "minkowski"])
def test_every_distance_with_na(r, distance: str) -> None:
    x = _matrix("na", 13)
    if distance == "binary":
        x = np.where(np.isnan(x), np.nan, (x > 0.3) * 1.0)
    _check(r, x, {"clustering_distance_rows": distance, "clustering_distance_cols": distance})


def test_correlation_with_na_fails_in_r_too(r) -> None:
    x = _matrix("na", 14)
    rows, cols = _labels("g", x.shape[0]), _labels("s", x.shape[1])
    with pytest.raises(Exception, match="NA/NaN/Inf"):
        r.call("ph_run", x, rows, cols, {"clustering_distance_rows": "correlation"})
    with pytest.raises(InputError, match="correlation"):
        pheatmap_order(x, clustering_distance_rows="correlation")
