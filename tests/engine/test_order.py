"""heatmap_order() against row_order()/column_order() of ComplexHeatmap 2.14.0's draw(Heatmap()).

Every case draws the live Heatmap on seeded random matrices (continuous values, small integers
with many ties, duplicated rows) into a null pdf device and compares the 1-based R orders, slice
sizes and slice names with ours (0-based). R clusters on its own; a supplied tree is R's own
hclust() in R and pyr_heatmap's hclust() here.
"""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np
import pandas as pd
import pytest

from pyr_heatmap.engine.dist import dist
from pyr_heatmap.engine.hclust import HCLUST_METHODS, hclust
from pyr_heatmap.engine.order import heatmap_order
from pyr_heatmap.engine.rfactor import r_num_str, r_sort_strings
from pyr_heatmap.engine.rstats import _r_col_means, _r_row_means
from pyr_heatmap.errors import InputError

pytestmark = pytest.mark.needs_r

DISTANCES = (
    "euclidean",
    "maximum",
    "manhattan",
    "canberra",
    "binary",
    "minkowski",
    "pearson",
    "spearman",
    "kendall",
)


def _matrix(rng: np.random.Generator, kind: str, n: int = 14, p: int = 8) -> np.ndarray:
    if kind == "continuous":
        return rng.normal(size=(n, p)) * rng.uniform(0.5, 3.0)
    if kind == "ties":
        return rng.integers(0, 4, (n, p)).astype(float)
    m = rng.normal(size=(n, p)).round(1)  # duplicated rows and columns
    m[rng.integers(0, n, n // 3)] = m[rng.integers(0, n, 1)]
    m[:, rng.integers(0, p, p // 3)] = m[:, [0]]
    return m


def _unflatten(res: dict[str, Any]) -> tuple[np.ndarray, list[int], list[str]]:
    order = np.asarray(res["order"]).astype(np.int64) - 1
    sizes = [int(v) for v in np.atleast_1d(np.asarray(res["sizes"]))]
    names = [str(v) for v in res["names"]] if len(res["names"]) else []
    return order, sizes, names


def _check(r, m: np.ndarray, r_row=None, r_col=None, seed=None, **kwargs: Any):
    """Draw in R with the R-side settings, compute ours with kwargs, compare both axes."""
    res = r.call("ord_heatmap", m, r_row or {}, r_col or {}, seed=seed)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # correlation distances on constant rows etc.
        ours = heatmap_order(m, **kwargs)
    for axis, got in (("row", ours.rows), ("column", ours.columns)):
        order, sizes, names = _unflatten(res[axis])
        assert np.array_equal(got.order, order), (axis, got.order + 1, order + 1)
        assert [v.size for v in got.slices.values()] == sizes, axis
        if names:  # R names the slices of a factor / data frame split
            assert list(got.slices) == names, axis
        _check_consistency(got, m.shape[0 if axis == "row" else 1])
    return ours, res


def _check_consistency(ax, n: int) -> None:
    assert np.array_equal(np.sort(ax.order), np.arange(n))
    assert np.array_equal(np.concatenate(list(ax.slices.values())), ax.order)
    for name, idx in ax.slices.items():
        assert all(ax.labels[i] == name for i in idx)
        tree = ax.trees[name]
        if tree is not None:
            assert np.array_equal(np.sort(idx)[tree.order], idx)
    if ax.slice_tree is not None:
        assert ax.slice_tree.n == len(ax.slices)


# --------------------------------------------------------------------------------------------
# whole-matrix clustering
# --------------------------------------------------------------------------------------------
@pytest.mark.parametrize("kind", ["continuous", "ties", "duplicated"])
def test_defaults(r, kind: str) -> None:
    rng = np.random.default_rng({"continuous": 1, "ties": 2, "duplicated": 3}[kind])
    for _ in range(4):
        m = _matrix(rng, kind, int(rng.integers(5, 25)), int(rng.integers(3, 12)))
        ours, _ = _check(r, m)
        assert ours.rows.slices.keys() == {""} and not ours.rows.split
        tree = ours.rows.trees[""]
        assert tree is not None and np.array_equal(tree.order, ours.row_order)


def test_methods_and_distances(r) -> None:
    """Every hclust method with every distance (rows and columns use different pairs)."""
    rng = np.random.default_rng(10)
    pairs = [(meth, d) for meth in HCLUST_METHODS for d in DISTANCES]
    rng.shuffle(pairs)
    for i in range(0, len(pairs), 2):
        (mr, dr), (mc, dc) = pairs[i], pairs[(i + 1) % len(pairs)]
        kind = ("continuous", "ties", "duplicated")[i % 3]
        m = _matrix(rng, kind, 12, 9)
        if "binary" in (dr, dc):
            m = np.where(rng.random(m.shape) < 0.4, 0.0, m)
        _check(
            r,
            m,
            {"method": mr, "distance": dr},
            {"method": mc, "distance": dc},
            clustering_method_rows=mr,
            clustering_distance_rows=dr,
            clustering_method_columns=mc,
            clustering_distance_columns=dc,
        )


def test_supplied_trees(r) -> None:
    """An hclust is used as given (not reordered) unless *_dend_reorder says otherwise."""
    rng = np.random.default_rng(20)
    settings = [None, True, False, "numeric"]
    for i in range(8):
        m = _matrix(rng, ("continuous", "ties")[i % 2], 13, 7)
        meth = ("average", "ward.D2", "complete", "single")[i % 4]
        dist_r = ("euclidean", "manhattan")[i % 2]
        reo = settings[i % 4]
        w_row = rng.integers(-3, 3, m.shape[0]).astype(float)
        w_col = rng.normal(size=m.shape[1])
        r_row: dict[str, Any] = {"cluster": "hclust", "method": meth, "distance": dist_r}
        r_col: dict[str, Any] = {"cluster": "hclust", "method": meth}
        kw: dict[str, Any] = {
            "cluster_rows": hclust(dist(m, dist_r), meth),
            "cluster_columns": hclust(dist(m.T), meth),
        }
        if reo == "numeric":
            r_row["reorder"], r_col["reorder"] = w_row, w_col
            kw["row_dend_reorder"], kw["column_dend_reorder"] = w_row, w_col
        elif reo is not None:
            r_row["reorder"] = r_col["reorder"] = reo
            kw["row_dend_reorder"] = kw["column_dend_reorder"] = reo
        ours, _ = _check(r, m, r_row, r_col, **kw)
        if reo in (None, False):
            assert np.array_equal(ours.row_order, kw["cluster_rows"].order)


def test_dend_reorder_settings(r) -> None:
    rng = np.random.default_rng(30)
    for i in range(6):
        m = _matrix(rng, ("ties", "continuous", "duplicated")[i % 3], 15, 8)
        if i % 2:
            w_row = rng.integers(0, 3, m.shape[0]).astype(float)
            w_col = rng.normal(size=m.shape[1])
            _check(
                r,
                m,
                {"reorder": w_row},
                {"reorder": w_col},
                row_dend_reorder=w_row,
                column_dend_reorder=w_col,
            )
        else:
            ours, _ = _check(
                r,
                m,
                {"reorder": False},
                {"reorder": False},
                row_dend_reorder=False,
                column_dend_reorder=False,
            )
            assert np.array_equal(ours.row_order, hclust(dist(m)).order)


def test_function_cluster_and_distance(r) -> None:
    rng = np.random.default_rng(40)
    m = _matrix(rng, "ties", 14, 8)
    # a clustering function is applied per slice and reordered by default
    split = np.array(["u", "v"] * 7)
    _check(
        r,
        m,
        {"cluster": "function", "method": "average", "distance": "manhattan", "split": split},
        {"cluster": "function", "method": "single"},
        cluster_rows=lambda x: hclust(dist(x, "manhattan"), "average"),
        cluster_columns=lambda x: hclust(dist(x), "single"),
        row_split=split,
    )
    # distance functions: whole-matrix (one argument) and pairwise (two arguments)
    res = r.call("ord_heatmap", m, {"distance": "manhattan"}, {"distance": "maximum"})
    ours = heatmap_order(
        m,
        clustering_distance_rows=lambda x: dist(x, "manhattan"),
        clustering_distance_columns=lambda a, b: float(np.max(np.abs(a - b))),
    )
    assert np.array_equal(ours.row_order, _unflatten(res["row"])[0])
    assert np.array_equal(ours.column_order, _unflatten(res["column"])[0])


def test_missing_values(r) -> None:
    """NaN cells: rowMeans(na.rm = TRUE) weights and R's NA-aware distances."""
    rng = np.random.default_rng(50)
    for i in range(3):
        m = _matrix(rng, ("continuous", "ties", "continuous")[i], 14, 9)
        m[rng.random(m.shape) < 0.08] = np.nan
        split = rng.integers(1, 4, 14)
        _check(
            r,
            m,
            {"split": split} if i == 2 else {},
            {"distance": "pearson"} if i == 1 else {},
            row_split=split if i == 2 else None,
            clustering_distance_columns="pearson" if i == 1 else "euclidean",
        )


def test_long_double_weights(r) -> None:
    """Rows whose means tie in R's long double rowMeans but not in float64 sums.

    (0.3 + 0.2 + 0.1) and (0.1 + 0.2 + 0.3) differ in double arithmetic; R's rowMeans gives the
    same mean, so the stable sort keeps the merge order. Every row is a permutation of the same
    values, so the weights tie everywhere and the tie-breaking decides the whole order.
    """
    rng = np.random.default_rng(52)
    base = np.array([0.3, 0.2, 0.1, 0.7, 0.6])
    for _ in range(3):
        m = np.vstack([rng.permutation(base) for _ in range(12)])
        _check(r, m)
        _check(r, m, {"split": 3}, {"split": 2}, row_split=3, column_split=2)


def test_one_row_and_one_column(r) -> None:
    rng = np.random.default_rng(55)
    _check(r, rng.normal(size=(1, 6)))
    _check(r, rng.normal(size=(7, 1)))


# --------------------------------------------------------------------------------------------
# splits
# --------------------------------------------------------------------------------------------
def _labels(rng: np.random.Generator, n: int, pool: list[Any]) -> np.ndarray:
    out = np.array(pool * (n // len(pool) + 1), dtype=object)[:n]
    rng.shuffle(out)
    return out


def test_split_by_vector(r) -> None:
    rng = np.random.default_rng(60)
    pools = [
        ["b", "a"],
        ["beta", "Alpha", "alpha", "Beta"],  # R's (ICU) collation: alpha < Alpha < beta < Beta
        ["x", "é", "e", "E"],
        ["g_1", "g-2", "G 3"],
    ]
    for i, pool in enumerate(pools):
        m = _matrix(rng, ("ties", "continuous")[i % 2], 16, 9)
        rows = _labels(rng, 16, pool)
        cols = _labels(rng, 9, pool[:3])
        _check(
            r,
            m,
            {"split": [str(v) for v in rows]},
            {"split": [str(v) for v in cols]},
            row_split=list(rows),
            column_split=pd.Series(cols),
        )
    # numbers: numeric order and R's printing of the values (as.character)
    for i, pool in enumerate([[3, 1, 20, 2], [0.5, 1e5, -2.25, 1 / 3]]):
        m = _matrix(rng, "continuous", 15, 8)
        rows = np.array(_labels(rng, 15, pool).tolist(), dtype=float if i else np.int64)
        cols = np.array(_labels(rng, 8, pool[:2]).tolist(), dtype=float)
        _check(r, m, {"split": rows}, {"split": cols}, row_split=rows, column_split=cols)


def test_split_by_factor_levels(r) -> None:
    """A Categorical keeps its category order; unused categories are dropped; NA is last."""
    rng = np.random.default_rng(61)
    for i in range(4):
        m = _matrix(rng, ("continuous", "duplicated")[i % 2], 14, 8)
        cats = ["zeta", "alpha", "mid", "unused"]
        values = list(_labels(rng, 14, cats[: 2 + i % 2]))
        if i >= 2:
            values[3] = None  # missing label: a last slice named "NA"
        r_values = ["<NA>" if v is None else v for v in values]
        cat = pd.Categorical(values, categories=cats)
        cols = _labels(rng, 8, ["q", "p"])
        _check(
            r,
            m,
            {"split": {"values": r_values, "levels": cats}},
            {"split": {"values": list(cols), "levels": ["q", "p"]}},
            row_split=cat,
            column_split=pd.Categorical(cols, categories=["q", "p"]),
        )
    # NaN in a numeric split and a boolean split
    m = _matrix(rng, "continuous", 12, 6)
    rows = rng.integers(1, 4, 12).astype(float)
    rows[[2, 7]] = np.nan
    cols = np.array([True, False, False, True, True, False])
    ours, _ = _check(r, m, {"split": rows}, {"split": cols}, row_split=rows, column_split=cols)
    assert set(ours.column_slices) == {"FALSE", "TRUE"}
    assert "NA" in ours.row_slices and ours.rows.labels[2] == "NA"


def test_split_by_data_frame(r) -> None:
    rng = np.random.default_rng(62)
    for i in range(4):
        m = _matrix(rng, ("ties", "continuous")[i % 2], 18, 10)
        a = _labels(rng, 18, ["b", "a"])
        b = _labels(rng, 18, [2, 1, 3]).astype(np.int64)
        c = _labels(rng, 10, ["y", "x"])
        d = _labels(rng, 10, ["k", "j"])
        df_rows = pd.DataFrame({"a": a, "b": b})
        if i == 3:
            df_rows["a"] = pd.Categorical(a, categories=["b", "a"])
            r_a: Any = {"values": list(a), "levels": ["b", "a"]}
        else:
            r_a = list(a)
        ours, _ = _check(
            r,
            m,
            {"split": {"a": r_a, "b": b}, "cluster_slices": bool(i % 2)},
            {"split": {"c": list(c), "d": list(d)}},
            row_split=df_rows,
            column_split=pd.DataFrame({"c": c, "d": d}),
            cluster_row_slices=bool(i % 2),
        )
        assert all("," in name for name in ours.row_slices)


def test_cluster_slices_false_and_no_clustering(r) -> None:
    rng = np.random.default_rng(63)
    for i in range(3):
        m = _matrix(rng, ("continuous", "ties", "duplicated")[i], 16, 9)
        rows = _labels(rng, 16, ["c", "a", "b", "d"][: 2 + i])
        cols = _labels(rng, 9, ["x", "y", "z"])
        ours, _ = _check(
            r,
            m,
            {"split": list(rows), "cluster_slices": False},
            {"split": list(cols), "cluster": "FALSE"},
            row_split=rows,
            cluster_row_slices=False,
            column_split=cols,
            cluster_columns=False,
        )
        assert list(ours.row_slices) == sorted(set(rows))  # level order
        for idx in ours.column_slices.values():  # original order inside each slice
            assert np.all(np.diff(idx) > 0)
        assert all(t is None for t in ours.columns.trees.values())


def test_single_member_slices(r) -> None:
    rng = np.random.default_rng(64)
    m = _matrix(rng, "continuous", 10, 7)
    rows = np.array(["a", "b", "b", "c", "b", "b", "d", "b", "b", "b"])
    cols = np.array([1, 2, 2, 2, 3, 2, 2])
    ours, _ = _check(
        r, m, {"split": list(rows)}, {"split": cols}, row_split=rows, column_split=cols
    )
    assert ours.rows.trees["a"] is None and ours.rows.trees["b"] is not None


def test_split_by_k(r) -> None:
    """row_split = k: one tree cut at a height, branches reordered with the global-index quirk."""
    rng = np.random.default_rng(70)
    for i in range(12):
        kind = ("ties", "continuous", "duplicated")[i % 3]
        m = _matrix(rng, kind, int(rng.integers(8, 20)), int(rng.integers(6, 10)))
        k_row, k_col = 2 + i % 4, 2 + (i + 1) % 4
        r_row: dict[str, Any] = {"split": k_row}
        r_col: dict[str, Any] = {"split": k_col}
        kw: dict[str, Any] = {"row_split": k_row, "column_split": k_col}
        if i % 4 == 1:
            r_row["method"] = kw["clustering_method_rows"] = "average"
            r_col["reorder"] = kw["column_dend_reorder"] = False
        if i % 4 == 2:  # a supplied tree, with and without reordering
            r_row.update(cluster="hclust", method="ward.D2", reorder=True)
            kw.update(cluster_rows=hclust(dist(m), "ward.D2"), row_dend_reorder=True)
            r_col.update(cluster="hclust", method="complete")
            kw["cluster_columns"] = hclust(dist(m.T), "complete")
        if i % 4 == 3:
            w = rng.normal(size=m.shape[0])
            r_row["reorder"] = kw["row_dend_reorder"] = w
        ours, _ = _check(r, m, r_row, r_col, **kw)
        assert list(ours.row_slices) == [str(j + 1) for j in range(len(ours.row_slices))]
        assert ours.rows.slice_tree is not None


def test_split_by_k_with_tied_heights(r) -> None:
    # all-equal distances: the cut at a tied height gives fewer slices than asked, in R too
    m = np.repeat(np.eye(6), 2, axis=0)[:, :6]
    _check(r, m, {"split": 3}, {"split": 2}, row_split=3, column_split=2)
    _check(r, m, {"split": 12}, {}, row_split=12)  # k = n: cut at height 0


# --------------------------------------------------------------------------------------------
# k-means: labels computed by R's kmeans (same seed, same RNG calls as inside ComplexHeatmap)
# --------------------------------------------------------------------------------------------
def test_km_with_r_labels(r) -> None:
    rng = np.random.default_rng(80)
    for i in range(4):
        m = _matrix(rng, ("continuous", "ties")[i % 2], 20, 8)
        k_row, k_col = 2 + i % 3, 2
        r_row: dict[str, Any] = {"km": k_row}
        r_col: dict[str, Any] = {"km": k_col} if i % 2 else {}
        kw: dict[str, Any] = {}
        if i == 2:
            r_row["cluster_slices"] = kw["cluster_row_slices"] = False
        if i == 3:
            w = rng.normal(size=20)
            r_row["reorder"] = kw["row_dend_reorder"] = w
            split = _labels(rng, 20, ["s", "t"])
            r_row["split"] = list(split)
            kw["row_split"] = split
        seed = 1000 + i
        res = r.call("ord_heatmap", m, r_row, r_col, seed=seed)
        km = res["km"]
        kw["row_km"] = np.asarray(km["row"]).astype(int)
        if "column" in km:
            kw["column_km"] = np.asarray(km["column"]).astype(int)
        ours = heatmap_order(m, **kw)
        for axis, got in (("row", ours.rows), ("column", ours.columns)):
            order, sizes, names = _unflatten(res[axis])
            assert np.array_equal(got.order, order), (i, axis)
            assert [v.size for v in got.slices.values()] == sizes
            if names:
                assert list(got.slices) == names


def test_local_kmeans_is_seeded() -> None:
    rng = np.random.default_rng(81)
    m = np.vstack([rng.normal(size=(10, 4)), rng.normal(size=(10, 4)) + 6])
    a = heatmap_order(m, row_km=2, seed=3, row_km_repeats=3)
    b = heatmap_order(m, row_km=2, seed=3, row_km_repeats=3)
    assert np.array_equal(a.row_order, b.row_order)
    assert sorted(len(v) for v in a.row_slices.values()) == [10, 10]


# --------------------------------------------------------------------------------------------
# R's arithmetic and naming used above
# --------------------------------------------------------------------------------------------
def test_row_and_col_means_match_r(r) -> None:
    rng = np.random.default_rng(90)
    for _ in range(5):
        m = rng.integers(0, 10, (30, 7)) / 10.0 + rng.normal(size=(30, 7)) * 1e-9
        m[rng.random(m.shape) < 0.1] = np.nan
        m[3] = np.nan
        res = r.call("ord_means", m)
        assert np.array_equal(_r_row_means(m), np.asarray(res["row"]), equal_nan=True)
        assert np.array_equal(_r_col_means(m), np.asarray(res["col"]), equal_nan=True)


def test_string_levels_follow_r_collation(r) -> None:
    """Character split levels: R's sort(unique(x)) in this UTF-8 locale (ICU collation)."""
    rng = np.random.default_rng(91)
    alphabet = [*"aAbBzZ09 _-.,'()@#+", "é", "É", "è", "ä", "ç", "ñ", "ô"]
    words = {"".join(rng.choice(alphabet, int(rng.integers(1, 5)))) for _ in range(300)}
    words = sorted(words)
    want = r.call("ord_levels", words)
    assert r_sort_strings(list(words)) == list(want)


def test_number_names_follow_r(r) -> None:
    rng = np.random.default_rng(92)
    vals = [
        100000.0,
        123456.0,
        0.1,
        1 / 3,
        1e-5,
        1e15,
        1e16,
        123456789012345678.0,
        1e-4,
        1234.5,
        -2.5,
        0.0,
        1e100,
        2e-300,
        99999.99999999999,
    ]
    vals += list(rng.normal(size=20) * 10.0 ** rng.integers(-8, 12, 20))
    vals += list(np.round(rng.normal(size=10), 3))
    want = r.call("ord_as_character", np.array(vals))
    assert [r_num_str(v) for v in vals] == list(want)


# --------------------------------------------------------------------------------------------
# errors (R refuses the same input where it is R's behaviour) and immutability
# --------------------------------------------------------------------------------------------
def test_errors_match_r_refusals(r) -> None:
    rng = np.random.default_rng(95)
    m = _matrix(rng, "continuous", 8, 5)
    tree = hclust(dist(m))
    cases = [
        ({"split": ["a", "b"] * 3}, {"row_split": ["a", "b"] * 3}, "8 rows"),
        (
            {"cluster": "hclust", "split": ["a", "b"] * 4},
            {"cluster_rows": tree, "row_split": ["a", "b"] * 4},
            "single number",
        ),
        ({"split": 1}, {"row_split": 1}, ">= 2"),
        ({"cluster": "hclust", "km": 2}, {"cluster_rows": tree, "row_km": [1, 2] * 4}, "k-means"),
        ({"reorder": [1.0, 2.0]}, {"row_dend_reorder": [1.0, 2.0]}, "weights"),
        ({"cluster": "FALSE", "split": 2}, {"cluster_rows": False, "row_split": 2}, "cuts the row"),
    ]
    for r_row, kw, msg in cases:
        assert r.call("ord_heatmap_error", m, r_row, {})[0] != "", r_row
        with pytest.raises(InputError, match=msg):
            heatmap_order(m, **kw)


def test_errors() -> None:
    m = np.arange(24.0).reshape(6, 4) ** 1.5
    with pytest.raises(InputError, match="did you mean 'euclidean'"):
        heatmap_order(m, clustering_distance_rows="euclidan")
    with pytest.raises(InputError, match="did you mean 'pearson'"):
        heatmap_order(m, clustering_distance_columns="pearsn")
    with pytest.raises(InputError, match="average"):
        heatmap_order(m, clustering_method_rows="avrage")
    with pytest.raises(InputError, match="whole number"):
        heatmap_order(m, row_split=2.5)
    with pytest.raises(InputError, match="tree of 5 leaves"):
        heatmap_order(m, cluster_rows=hclust(dist(m[:5])))
    with pytest.raises(InputError, match="cluster_rows"):
        heatmap_order(m, cluster_rows="yes")
    with pytest.raises(InputError, match="empty"):
        heatmap_order(np.empty((0, 3)))
    with pytest.raises(InputError, match="numeric"):
        heatmap_order(np.array([["a", "b"], ["c", "d"]]))


def test_inputs_are_not_modified() -> None:
    rng = np.random.default_rng(99)
    m = rng.normal(size=(12, 6))
    m[2, 3] = np.nan
    df = pd.DataFrame(m, index=[f"g{i}" for i in range(12)], columns=list("abcdef"))
    split = pd.Series(["x", "y", "z"] * 4)
    w = rng.normal(size=12)
    copies = (m.copy(), df.copy(), split.copy(), w.copy())
    out = heatmap_order(df, row_split=split, row_dend_reorder=w, column_split=2)
    heatmap_order(np.nan_to_num(m), row_km=3, seed=1)
    assert np.array_equal(m, copies[0], equal_nan=True)
    pd.testing.assert_frame_equal(df, copies[1])
    pd.testing.assert_series_equal(split, copies[2])
    assert np.array_equal(w, copies[3])
    tree = out.rows.trees["x"]
    assert tree is not None and set(tree.labels) <= set(df.index)
    with pytest.raises(ValueError):
        out.row_order[0] = 5
