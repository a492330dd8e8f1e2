"""Bad input through the public API and the command line: typed errors, nothing lost.

Every failure a user can cause must end in a typed error whose message names the problem and the
fix (on the command line: one line on stderr and exit status 1), with the caller's data unchanged
and no output file half written or replaced. Where R accepts an input (NaN by dist's NA rule,
extreme magnitudes, a one-row matrix, groups of one sample) the result is compared with live R;
where R fails (NA distances, infinite values) we must fail too, with a better message.
"""

from __future__ import annotations

import errno
import gzip
import os
import warnings
from collections import Counter
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import pyr_heatmap as ph
from pyr_heatmap import io as ph_io
from pyr_heatmap.cli import main
from pyr_heatmap.errors import InputError, OutputError, RBackendError
from pyr_heatmap.result import DrawnHeatmap

PNG = b"\x89PNG\r\n\x1a\n"


# --------------------------------------------------------------------------------------------
# helpers
# --------------------------------------------------------------------------------------------
def base(seed: int = 0, n: int = 6, p: int = 4) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    return pd.DataFrame(np.round(rng.gamma(2.0, 10.0, (n, p)), 3),
                        index=[f"g{i}" for i in range(n)], columns=[f"s{j}" for j in range(p)])


def run(argv, capsys) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def assert_one_line_error(code: int, err: str, *parts: str) -> str:
    """Exit status 1 and, as the last stderr line, one ``pyr-heatmap: error:`` line."""
    assert code == 1, err
    assert "Traceback" not in err
    lines = err.strip("\n").split("\n")
    last = lines[-1]
    assert last.startswith("pyr-heatmap: error: "), err
    assert not any(ln.startswith("pyr-heatmap: error") for ln in lines[:-1]), err
    for part in parts:
        assert part in last, (part, last)
    return last


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def flat(order) -> np.ndarray:
    if isinstance(order, dict):
        return np.concatenate([np.asarray(v) for v in order.values()])
    return np.asarray(order)


def r_orders(res: dict, axis: str) -> tuple[np.ndarray, list[int], list[str]]:
    a = res[axis]
    order = np.atleast_1d(np.asarray(a["order"])).astype(np.int64) - 1
    sizes = [int(v) for v in np.atleast_1d(np.asarray(a["sizes"]))]
    names = [str(v) for v in a["names"]] if a["names"] is not None and len(a["names"]) else []
    return order, sizes, names


def valid_merge(merge: np.ndarray) -> bool:
    """Whether an R merge matrix (n-1 x 2, 1-based) describes a tree: every singleton and every
    earlier cluster is used exactly once, and a step only refers to earlier steps."""
    n = merge.shape[0] + 1
    used: Counter[int] = Counter()
    for step, pair in enumerate(merge.tolist(), start=1):
        for v in pair:
            if v == 0 or v < -n or v >= step:
                return False
            used[v] += 1
    return all(c == 1 for c in used.values()) and len(used) == 2 * (n - 1)


# --------------------------------------------------------------------------------------------
# the table of refusals: error type, message parts, the input unchanged
# --------------------------------------------------------------------------------------------
def _with(m: pd.DataFrame, i, j, value) -> pd.DataFrame:
    m = m.copy()
    if value is None or isinstance(value, str):
        m = m.astype({m.columns[j]: object})
    m.iloc[i, j] = value
    return m


def _nan_row(m, i):
    m = m.copy()
    m.iloc[i, :] = np.nan
    return m


def _nan_col(m, j):
    m = m.copy()
    m.iloc[:, j] = np.nan
    return m


def _bad_ann(**kw):
    return lambda m: ph.Heatmap(m, top_annotation=ph.HeatmapAnnotation(**kw)).compile()


REFUSALS = [
    # (id, input, call, message parts)
    ("inf in heatmap", _with(base(), 1, 2, np.inf), lambda m: ph.Heatmap(m).compile(),
     ["infinite values", "NaN"]),
    ("inf in scale_rows", _with(base(), 1, 2, np.inf), ph.scale_rows,
     ["gene 'g1', sample 's2'", "Replace infinite values"]),
    ("negative before log2", _with(base(), 2, 1, -3.0), ph.log2p,
     ["gene 'g2', sample 's1'", "x = -3.0", "non-negative"]),
    ("text in a numeric column: log2p", _with(base(), 0, 1, "x"), ph.log2p,
     ["non-numeric columns: 's1'", "pd.to_numeric"]),
    ("text in a numeric column: scale_rows", _with(base(), 0, 1, "1.5"), ph.scale_rows,
     ["non-numeric columns: 's1'", "pd.to_numeric"]),
    ("text in a numeric column: aggregate", _with(base(), 3, 2, "n/a"),
     lambda m: ph.aggregate(m, ["a", "a", "b", "b"]), ["non-numeric columns: 's2'"]),
    ("text in a numeric column: Heatmap", _with(base(), 0, 1, "x"),
     lambda m: ph.Heatmap(m).compile(), ["non-numeric columns ['s1']", "pd.to_numeric"]),
    ("text in a numeric column: heatmap_order", _with(base(), 0, 1, "x"), ph.heatmap_order,
     ["non-numeric columns ['s1']"]),
    ("complex values: Heatmap", base().astype(complex), lambda m: ph.Heatmap(m).compile(),
     ["non-numeric columns", "real numbers"]),
    ("complex values: heatmap_order", base().astype(complex), ph.heatmap_order,
     ["non-numeric columns"]),
    ("all-NaN row", _nan_row(base(), 3), lambda m: ph.Heatmap(m).compile(),
     ["1 row(s) have no non-missing value ('g3')", "dropna(how='all')", "cluster_rows=False"]),
    ("all-NaN column", _nan_col(base(), 1), lambda m: ph.Heatmap(m).compile(),
     ["column(s) have no non-missing value ('s1')", "dropna(axis=1", "cluster_columns=False"]),
    ("empty matrix", base().iloc[:0], lambda m: ph.Heatmap(m).compile(), ["empty", "(0, 4)"]),
    ("empty matrix: heatmap_order", base().iloc[:, :0], ph.heatmap_order, ["empty"]),
    ("unknown method", base(), lambda m: ph.Heatmap(m, clustering_method_rows="wardD2").compile(),
     ["unknown clustering_method_rows 'wardD2'", "did you mean 'ward.D2'"]),
    ("unknown distance", base(),
     lambda m: ph.Heatmap(m, clustering_distance_columns="euclidian").compile(),
     ["did you mean 'euclidean'"]),
    ("unknown hclust method", base(), lambda m: ph.hclust(ph.dist(m), "avarage"),
     ["did you mean 'average'"]),
    ("unknown aggregate how", base(), lambda m: ph.aggregate(m, list("aabb"), how="meen"),
     ["did you mean 'mean'"]),
    ("unknown zero_variance", base(), lambda m: ph.scale_rows(m, zero_variance="dorp"),
     ["did you mean 'drop'"]),
    ("row_split k not whole", base(), lambda m: ph.Heatmap(m, row_split=2.5).compile(),
     ["row_split = 2.5", "whole number"]),
    ("row_km > rows", base(), lambda m: ph.Heatmap(m, row_km=7).compile(),
     ["row_km = 7 is more than the number of rows (6)", "at most 6"]),
    ("cutree k > leaves", base(), lambda m: ph.cutree(ph.hclust(ph.dist(m)), k=7),
     ["between 1 and 6"]),
    ("dpi 0", base(), lambda m: ph.Heatmap(m).draw("native", dpi=0), ["dpi", "> 0"]),
    ("font size text", base(),
     lambda m: ph.Heatmap(m, row_names_gp={"fontsize": "big"}).compile(),
     ["row_names_gp fontsize must be a finite number"]),
    ("negative font size", base(), lambda m: ph.Heatmap(m, column_names_gp=-2).compile(),
     ["column_names_gp fontsize must be > 0"]),
    ("use_raster as text", base(), lambda m: ph.Heatmap(m, use_raster="no").compile(),
     ["use_raster must be True, False or None"]),
    ("show flag as text", base(), lambda m: ph.Heatmap(m, show_row_names="yes").compile(),
     ["show_row_names must be True or False"]),
    ("seed as text", base(), lambda m: ph.Heatmap(m, row_km=2, seed="x").compile(),
     ["seed must be a whole number"]),
    ("legend ticks NaN", base(),
     lambda m: ph.Heatmap(m, heatmap_legend_param={"at": [0, np.nan]}).compile(),
     ["heatmap_legend_param 'at' must be a finite number"]),
    ("annotation scalar", base(), _bad_ann(a=5), ["annotation 'a' must be a list"]),
    ("annotation names twice", base(),
     lambda m: ph.Heatmap(m, top_annotation=ph.HeatmapAnnotation(
         pd.DataFrame([[1, 2]] * 4, columns=["a", "a"]))).compile(),
     ["annotation name 'a' is used twice"]),
    ("ragged rows", [[1.0, 2.0], [3.0]], lambda m: ph.Heatmap(m).compile(),
     ["cannot be read as a 2-D numeric array"]),
    ("ragged rows: aggregate", [[1.0, 2.0], [3.0]], lambda m: ph.aggregate(m, [1, 2]),
     ["cannot be read as a 2-D numeric array"]),
]


@pytest.mark.parametrize(("case", "data", "call", "parts"), REFUSALS,
                         ids=[c[0] for c in REFUSALS])
def test_refusals_are_typed_and_leave_the_input_alone(case, data, call, parts):
    before = data.copy() if isinstance(data, pd.DataFrame) else [list(r) for r in data]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with pytest.raises(InputError) as err:
            call(data)
    message = str(err.value)
    for part in parts:
        assert part in message, (part, message)
    assert "\n" not in message
    if isinstance(data, pd.DataFrame):
        pd.testing.assert_frame_equal(data, before)
    else:
        assert data == before


@pytest.mark.needs_r
def test_refusals_match_what_complexheatmap_refuses(r):
    """An all-NA row (NA distances) and an infinite value stop ComplexHeatmap too; ours name
    the row or the value and the fix instead of R's "NA/NaN/Inf in foreign function call"."""
    from rpy2.rinterface_lib.embedded import RRuntimeError

    m = base(3).to_numpy()
    for bad, ours in ((_nan_row(base(3), 2), "'g2'"), (_with(base(3), 1, 1, np.inf), "infinite")):
        with pytest.raises(RRuntimeError, match=r"NA/NaN/Inf|finite"):
            r.call("rel_heatmap_orders", bad.to_numpy())
        with pytest.raises(InputError, match=ours):
            ph.Heatmap(bad).compile()
    # the same matrix without the bad cells is drawn alike by both
    res = r.call("rel_heatmap_orders", m)
    assert np.array_equal(ph.heatmap_order(m).row_order, r_orders(res, "row")[0])


def test_duplicated_ids():
    """Duplicated sample names are fine in a heatmap (R draws them too); in a file they are an
    error listing every duplicate with its line numbers."""
    m = base()
    m.columns = ["s0", "s0", "s1", "s1"]
    m.index = ["a", "a", "b", "c", "d", "e"]
    drawn = ph.Heatmap(m).draw("native", dpi=20)
    assert sorted(drawn.column_labels) == ["s0", "s0", "s1", "s1"]
    assert sorted(drawn.row_labels) == ["a", "a", "b", "c", "d", "e"]
    agg = ph.aggregate(m, ["x", "x", "y", "y"])
    assert list(agg.columns) == ["x", "y"]
    text = "gene,s1,s2\nA,1,2\nB,3,4\nA,5,6\nB,7,8\nC,9,9\n"
    import io

    with pytest.raises(InputError) as err:
        ph.read_matrix(io.StringIO(text))
    assert "2 gene id(s) occur more than once" in str(err.value)
    assert "'A' (2, 4)" in str(err.value) and "'B' (3, 5)" in str(err.value)
    with pytest.raises(InputError, match=r"duplicated sample names .*'s1' \(2, 3\)"):
        ph.read_matrix(io.StringIO("gene,s1,s1\nA,1,2\n"))


def test_text_that_cannot_reach_r_is_refused_before_drawing(tmp_path):
    """NUL (R strings cannot hold it) and lone surrogates (not UTF-8) are refused for every
    backend alike, before anything is drawn or written."""
    m = base()
    for bad, what in (("nul\x00x", "NUL"), ("sur\udcffx", r"U\+DCFF")):
        for hm in (ph.Heatmap(m.set_axis([bad, *m.index[1:]])),
                   ph.Heatmap(m, name=bad), ph.Heatmap(m, row_title=bad),
                   ph.Heatmap(m, top_annotation=ph.HeatmapAnnotation(k=[bad, "a", "b", "a"]))):
            with pytest.raises(InputError, match=what):
                hm.draw("native", dpi=20)
            with pytest.raises(InputError, match=what):
                hm.draw("r", dpi=20)  # refused before R is asked
            with pytest.raises(InputError, match=what):
                hm.to_r_script(tmp_path / "x.R")
    assert list(tmp_path.iterdir()) == []


# --------------------------------------------------------------------------------------------
# what R accepts: same result as R
# --------------------------------------------------------------------------------------------
@pytest.mark.needs_r
def test_one_row_or_one_column_is_drawn_unclustered_like_complexheatmap(r):
    """A single row (column) is not clustered; ComplexHeatmap also ignores row_km there, and
    row_split = k gives one slice titled k. The other axis is clustered as usual."""
    rng = np.random.default_rng(31)
    row = rng.normal(size=(1, 9))
    for kw, r_kw in (({}, {}), ({"row_split": 2}, {"split": 2.0}),
                     ({"row_km": 2}, {"km": 2})):
        res = r.call("rel_heatmap_orders", row, **r_kw)
        order = ph.heatmap_order(row, **kw)
        drawn = ph.Heatmap(row, **kw).draw("native", dpi=20)
        assert np.array_equal(order.column_order, r_orders(res, "column")[0]), kw
        assert np.array_equal(flat(drawn.column_order), r_orders(res, "column")[0]), kw
        assert np.array_equal(order.row_order, [0])
        titles = [str(t) for t in res["row_title"]] if res["row_title"] is not None else []
        assert titles == [t for t in order.rows.slices if t], kw
    col = rng.normal(size=(9, 1))
    res = r.call("rel_heatmap_orders", col)
    assert np.array_equal(ph.heatmap_order(col).row_order, r_orders(res, "row")[0])
    assert np.array_equal(ph.heatmap_order(col).column_order, [0])
    one = ph.Heatmap(np.ones((1, 1)), col=ph.color_ramp2([0, 2], ["white", "red"]))
    drawn = one.draw("native", dpi=20)
    assert np.array_equal(drawn.row_order, [0]) and np.array_equal(drawn.column_order, [0])


@pytest.mark.needs_r
def test_one_row_or_column_through_the_cli(r, tmp_path, capsys):
    m = base(32, n=1, p=7)
    m.index.name = "gene"
    m.to_csv(tmp_path / "row.csv")
    code, _, err = run(["draw", tmp_path / "row.csv", "--scale", "none", "--out",
                          tmp_path / "row.png", "--write-matrix", tmp_path / "z.csv", "-q"],
                         capsys)
    assert code == 0, err
    want = np.log2(m.to_numpy() + 1)  # what the CLI draws; R clusters the columns of it
    res = r.call("rel_heatmap_orders", r.call("rel_log2p", m.to_numpy()), method="ward.D2",
                 col_method="ward.D2")
    got = ph.read_matrix(tmp_path / "z.csv")
    assert list(got.columns) == [m.columns[i] for i in r_orders(res, "column")[0]]
    assert np.allclose(got.to_numpy(), want[:, r_orders(res, "column")[0]])
    # one column: every row has a single value, so row z-scores drop every row
    base(33, n=5, p=1).rename_axis("gene").to_csv(tmp_path / "col.csv")
    code, _, err = run(["draw", tmp_path / "col.csv", "--out", tmp_path / "col.png"], capsys)
    assert_one_line_error(code, err, "nothing left to draw", "--scale none")
    assert "dropped 5 row(s)" in err
    assert not (tmp_path / "col.png").exists()


@pytest.mark.needs_r
def test_nan_cells_give_complexheatmaps_orders(r, tmp_path, capsys):
    """NA cells through the whole CLI recipe: read, log2(x + 1), t(scale(t())), ward.D2 on the
    NA-rule distances, ComplexHeatmap's reordering; the written matrix must be R's, bit for bit,
    rows and columns in ComplexHeatmap's order."""
    for seed in (41, 42, 43):
        rng = np.random.default_rng(seed)
        m = pd.DataFrame(np.round(rng.gamma(2.0, 20.0, (14, 7)), 2),
                         index=pd.Index([f"gene{i}" for i in range(14)], name="gene"),
                         columns=[f"s{j}" for j in range(7)])
        m = m.mask(rng.random(m.shape) < 0.12)
        m.iloc[0, :] = np.nan  # an all-NA gene: scale() makes it NaN, it is dropped
        m.iloc[0, 0] = 3.0
        path = tmp_path / f"na{seed}.csv"
        m.to_csv(path, na_rep="NA")
        out = tmp_path / f"z{seed}.csv"
        code, _, err = run(["draw", path, "--out", tmp_path / "f.png", "--write-matrix", out],
                           capsys)
        assert code == 0, err
        assert "dropped 1 row(s)" in err and "'gene0'" in err
        z = r.call("rel_scale_rows", r.call("rel_log2p", m.to_numpy()))
        keep = ~np.isnan(z).all(axis=1)
        z = z[keep]
        rows = [g for g, k in zip(m.index, keep, strict=True) if k]
        res = r.call("rel_heatmap_orders", z, method="ward.D2", col_method="ward.D2")
        ro, co = r_orders(res, "row")[0], r_orders(res, "column")[0]
        got = ph.read_matrix(out)
        assert list(got.index) == [rows[i] for i in ro]
        assert list(got.columns) == [m.columns[j] for j in co]
        want = z[np.ix_(ro, co)]
        assert np.array_equal(got.to_numpy(), want, equal_nan=True)


def _r_can_cluster(d: np.ndarray, method: str) -> bool:
    """Whether R's hclust() works on ``d``: every value it compares stays below its "infinity"
    1e300 (squared first for ward.D2; Lance-Williams updates grow by less than 1e3 here).
    Otherwise R returns an invalid tree or crashes the process (see test_r_hclust_at_1e300)."""
    if not np.all(np.isfinite(d)):
        return False
    top = np.max(d)
    return bool((top * top if method == "ward.D2" else top) < 1e297)


@pytest.mark.needs_r
def test_extreme_magnitudes(r):
    """dist() equals R's at 1e300 (overflow to Inf included) and at 1e-300 (underflow to 0);
    hclust equals R's wherever R's hclust works (distances far below 1e300)."""
    rng = np.random.default_rng(51)
    x = rng.normal(size=(9, 4))
    clustered = 0
    for scale in (1e300, 1e200, 1e150, 1e100, 1e-150, 1e-300, 1e-320):
        m = x * scale
        for method in ("euclidean", "manhattan", "maximum", "canberra"):
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                ours = ph.dist(m, method).condensed
            want = np.asarray(r.call("rel_dist", m, method), dtype=np.float64)
            assert np.array_equal(ours, want, equal_nan=True), (scale, method)
            for hm in ("complete", "average", "ward.D2", "centroid"):
                if not _r_can_cluster(want, hm):
                    continue
                rh = r.call("rel_hclust_condensed", want, 9, hm)
                got = ph.hclust(ph.Dist(ours, 9), hm)
                assert np.array_equal(got.merge.ravel(order="F"), rh["merge"]), (scale, hm)
                assert np.array_equal(got.height, rh["height"]), (scale, method, hm)
                assert np.array_equal(got.order + 1, rh["order"]), (scale, method, hm)
                clustered += 1
    assert clustered >= 50
    # infinite distances (overflow of finite data): R's hclust stops, so do we
    with pytest.raises(InputError, match=r"infinite.*overflowed"):
        ph.hclust(ph.dist(x * 1e300))
    assert "NA/NaN/Inf" in str(r.call("rel_hclust_condensed",
                                      ph.dist(x * 1e300).condensed, 9, "complete")["error"][0])
    with pytest.raises(InputError, match=r"infinite.*overflowed"):
        ph.Heatmap(x * 1e300).compile()


HUGE = [  # (scale, distance, method): finite distances that reach R's "infinity" 1e300
    (1e300, "maximum", "complete"),
    (1e300, "maximum", "single"),
    (1e300, "maximum", "average"),
    (1e300, "maximum", "ward.D"),
    (1e150, "maximum", "ward.D2"),
]


def test_r_hclust_at_1e300(tmp_path):
    """What R itself does when dissimilarities reach 1e300 (its Fortran's "infinity"): it
    returns a merge matrix that is not a tree, or crashes the whole R process (segfault) --
    so it runs in Rscript here, never in the test's embedded R."""
    import shutil
    import subprocess

    rscript = shutil.which("Rscript")
    if rscript is None:
        pytest.skip("Rscript is not on the PATH")
    x = np.random.default_rng(51).normal(size=(9, 4))
    outcomes = []
    for scale, distance, method in [*HUGE, (1e300, "maximum", "ward.D2")]:
        d = ph.dist(x * scale, distance).condensed
        path = tmp_path / "d.txt"
        path.write_text("\n".join(repr(float(v)) for v in d) + "\n")
        code = (f"d <- scan('{path}', quiet = TRUE); "
                "dd <- structure(d, Size = 9L, Diag = FALSE, Upper = FALSE, class = 'dist'); "
                f"h <- hclust(dd, '{method}'); cat(as.integer(h$merge))")
        done = subprocess.run([rscript, "-e", code], capture_output=True, text=True,
                              timeout=60)
        if done.returncode != 0:
            outcomes.append("crash")
            assert "segfault" in done.stderr, done.stderr[-500:]
        else:
            merge = np.array(done.stdout.split(), dtype=np.int64).reshape(2, -1).T
            assert not valid_merge(merge), (scale, distance, method)
            outcomes.append("invalid tree")
    # reading or writing out of bounds, R's outcome depends on memory: a corrupt tree or a crash
    assert set(outcomes) <= {"invalid tree", "crash"} and len(outcomes) == 6


@pytest.mark.parametrize(("scale", "distance", "method"), HUGE)
def test_hclust_refuses_what_r_cannot_cluster(scale, distance, method):
    x = np.random.default_rng(51).normal(size=(9, 4))
    with pytest.raises(InputError, match="1e300"):
        ph.hclust(ph.dist(x * scale, distance), method)


@pytest.mark.needs_r
def test_extreme_magnitudes_in_scale_rows(r):
    """scale() of huge and tiny values: R's NaN rows (sum of squares overflowing to Inf, or
    underflowing to 0) are reproduced with zero_variance="keep"."""
    rng = np.random.default_rng(52)
    x = rng.normal(size=(6, 5))
    for scale in (1e300, 1e154, 1e-160, 1e-300):
        m = x * scale
        got = ph.scale_rows(m, zero_variance="keep").to_numpy()
        want = np.asarray(r.call("rel_scale_rows", m), dtype=np.float64)
        assert np.array_equal(got, want, equal_nan=True), scale


def test_overflowing_distances_are_named():
    m = np.random.default_rng(53).normal(size=(5, 3)) * 1e300
    with pytest.raises(InputError, match=r"overflow|too large"):
        ph.hclust(ph.dist(m))


def test_dist_accepts_duplicated_column_names_and_refuses_complex():
    m = base()
    m.columns = ["a", "a", "b", "c"]
    d = ph.dist(m)
    assert d.size == 6
    with pytest.raises(InputError):
        ph.dist(base().astype(complex))


@pytest.mark.needs_r
def test_sample_sheets_and_groups_of_one(r, tmp_path, capsys):
    """A sheet missing samples is refused (all of them listed); extra sheet rows warn; a group
    with one sample is that sample's column, as R's rowMeans of one column."""
    m = base(61, n=8, p=6)
    m.index.name = "gene"
    m.to_csv(tmp_path / "m.csv")
    sheet = pd.DataFrame({"sample": [*m.columns, "s9"],
                          "region": ["a", "b", "b", "c", "c", "c", "z"]})
    sheet.to_csv(tmp_path / "sheet.csv", index=False)
    with pytest.warns(UserWarning, match=r"1 sample\(s\) of the sheet are not in the matrix.*'s9'"):
        expr, samples = ph.read_expression(tmp_path / "m.csv", tmp_path / "sheet.csv")
    agg = ph.aggregate(expr, samples["region"])
    want = np.asarray(r.call("rel_group_means", expr.to_numpy(), list(samples["region"])))
    assert np.array_equal(agg.to_numpy(), want)
    assert np.array_equal(agg["a"].to_numpy(), expr["s0"].to_numpy())
    code, _, err = run(["draw", tmp_path / "m.csv", "--samples", tmp_path / "sheet.csv",
                          "--group-by", "region", "--out", tmp_path / "f.png"], capsys)
    assert code == 0, err
    assert "warning: " in err and "'s9'" in err
    sheet.iloc[[0, 2, 3, 4, 6]].to_csv(tmp_path / "short.csv", index=False)
    with pytest.raises(InputError, match=r"2 of the 6 samples .*: 's1', 's5'"):
        ph.read_expression(tmp_path / "m.csv", tmp_path / "short.csv")
    before = snapshot(tmp_path)
    code, _, err = run(["draw", tmp_path / "m.csv", "--samples", tmp_path / "short.csv",
                        "--group-by", "region", "--out", tmp_path / "g.png"], capsys)
    assert_one_line_error(code, err, "short.csv", "2 of the 6 samples", "'s1', 's5'",
                          "Add a line for each")
    assert snapshot(tmp_path) == before


def test_constant_rows_are_dropped_with_a_warning_naming_them(capsys, tmp_path):
    m = base(62)
    m.iloc[[1, 4]] = 7.0
    with pytest.warns(UserWarning, match=r"dropped 2 row\(s\) .*'g1', 'g4'.*zero_variance='keep'"):
        z = ph.scale_rows(ph.log2p(m))
    assert list(z.index) == ["g0", "g2", "g3", "g5"]
    assert z.attrs["pyr_heatmap_dropped"] == ["g1", "g4"]
    kept = ph.scale_rows(ph.log2p(m), zero_variance="keep")
    assert np.isnan(kept.loc[["g1", "g4"]].to_numpy()).all()
    m.rename_axis("gene").to_csv(tmp_path / "c.csv")
    code, _, err = run(["draw", tmp_path / "c.csv", "--out", tmp_path / "c.png"], capsys)
    assert code == 0 and "pyr-heatmap: warning: scale_rows: dropped 2 row(s)" in err
    with pytest.warns(UserWarning):
        with pytest.raises(InputError, match=r"dropped every row .*scale='none'"):
            ph.clustered_heatmap(pd.DataFrame(np.ones((3, 4))), backend="native")


# --------------------------------------------------------------------------------------------
# files: encodings, truncation, size
# --------------------------------------------------------------------------------------------
def test_wrong_encodings_and_truncated_files(tmp_path, capsys):
    folder = tmp_path
    (folder / "latin.csv").write_bytes("gene,s1,s2\nA,1,2\nGén,3,4\n".encode("latin-1"))
    code, _, err = run(["draw", folder / "latin.csv", "--out", folder / "x.png"], capsys)
    assert_one_line_error(code, err, "latin.csv", "cannot decode line 3 as utf-8",
                          "latin-1", "save the file as UTF-8")
    latin = ph.read_matrix(folder / "latin.csv", encoding="latin-1")
    assert list(latin.index) == ["A", "Gén"]
    (folder / "utf16.csv").write_bytes("gene,s1,s2\nA,1,2\n".encode("utf-16"))
    with pytest.raises(InputError, match="encoding='utf-16'"):
        ph.read_matrix(folder / "utf16.csv")
    m = base(71)
    m.rename_axis("gene").to_csv(folder / "m.csv")
    sheet = "sample,region\ns0,Région\ns1,a\ns2,a\ns3,b\n".encode("latin-1")
    (folder / "sheet.csv").write_bytes(sheet)
    code, _, err = run(["draw", folder / "m.csv", "--samples", folder / "sheet.csv",
                        "--out", folder / "x.png"], capsys)
    assert_one_line_error(code, err, "sheet.csv", "cannot decode line 2")
    text = (folder / "m.csv").read_text()
    (folder / "cut.csv").write_text(text[: len(text) * 2 // 3 - 3])  # ends inside a line
    code, _, err = run(["draw", folder / "cut.csv", "--out", folder / "x.png"], capsys)
    assert_one_line_error(code, err, "cut.csv", "fields but the header (line 1) has 5")
    raw = gzip.compress(text.encode())
    (folder / "cut.csv.gz").write_bytes(raw[: len(raw) // 2])
    code, _, err = run(["draw", folder / "cut.csv.gz", "--out", folder / "x.png"], capsys)
    assert_one_line_error(code, err, "cut.csv.gz", "damaged or truncated")
    (folder / "open.csv").write_text('gene,s1,s2\n"A,1,2\nB,3,4\n')
    with pytest.raises(InputError, match=r"quot|field"):
        ph.read_matrix(folder / "open.csv")
    assert not (folder / "x.png").exists()


def test_a_million_labels_through_the_readers(tmp_path, capsys):
    """1e6 gene ids: read, selected by a gene list (non-ASCII names, a name listed twice, a
    missing one), drawn; without a gene list the CLI refuses to cluster that many."""
    n = 1_000_000
    rng = np.random.default_rng(81)
    ids = np.char.add("ENSG", np.char.zfill(np.arange(n).astype(str), 11)).astype(object)
    special = {17: "Grüße-1", 500_000: "脳-2", n - 1: 'gene, "quoted"'}
    for i, name in special.items():
        ids[i] = name
    vals = rng.integers(0, 1000, size=(n, 2)) / 4
    frame = pd.DataFrame(vals, index=pd.Index(ids, name="gene"), columns=["a", "b"])
    path = tmp_path / "big.csv"
    frame.to_csv(path)
    wanted = [ids[i] for i in rng.choice(n - 1, 40, replace=False)] + ["Grüße-1", "脳-2"]
    (tmp_path / "genes.txt").write_text("\n".join([*wanted, wanted[0], "NOT_A_GENE"]) + "\n",
                                        encoding="utf-8")
    code, _, err = run(["draw", path, "--genes", f"@{tmp_path / 'genes.txt'}", "--out",
                        tmp_path / "big.png", "--write-matrix", tmp_path / "z.csv"], capsys)
    assert code == 0, err
    assert "'NOT_A_GENE'" in err and "listed more than once" in err
    got = ph.read_matrix(tmp_path / "z.csv")
    assert sorted(got.index) == sorted(set(wanted))
    want = ph.scale_rows(ph.log2p(frame.loc[wanted])).loc[got.index, got.columns]
    assert np.array_equal(got.to_numpy(), want.to_numpy())
    frame.iloc[:40_000].to_csv(tmp_path / "many.csv")
    code, _, err = run(["draw", tmp_path / "many.csv", "--out", tmp_path / "many.png"], capsys)
    assert_one_line_error(code, err, "40000 genes are too many to cluster", "--genes")
    assert not (tmp_path / "many.png").exists()


# --------------------------------------------------------------------------------------------
# outputs: unwritable paths, failures after the output exists
# --------------------------------------------------------------------------------------------
def test_unwritable_output_paths(tmp_path, capsys):
    """Tests run as root, so a read-only folder would still be writable: the unwritable path is
    one under a regular file."""
    blocker = tmp_path / "file.txt"
    blocker.write_text("a file, not a folder")
    m = base(91)
    m.rename_axis("gene").to_csv(tmp_path / "m.csv")
    before = snapshot(tmp_path)
    drawn = ph.Heatmap(m).draw("native", dpi=20)
    for target in (blocker / "out.png", blocker / "sub" / "out.png"):
        with pytest.raises(InputError, match=r"'.*file\.txt' is a file, not a folder"):
            drawn.save(target)
    with pytest.raises(InputError, match="is a file, not a folder"):
        ph.Heatmap(m).to_r_script(blocker / "x.R")
    (tmp_path / "dir.png").mkdir()
    with pytest.raises(InputError, match="is a folder; give a file name"):
        drawn.save(tmp_path / "dir.png")
    (tmp_path / "dir.png").rmdir()
    bad = str(blocker / "o")
    for argv in (["draw", tmp_path / "m.csv", "--out", bad + ".png"],
                 ["draw", tmp_path / "m.csv", "--out", tmp_path / "ok.png", "--write-matrix",
                  bad + ".csv"],
                 ["draw", tmp_path / "m.csv", "--out", tmp_path / "ok.png", "--write-clusters",
                  bad + ".csv", "--k", "2"],
                 ["export-r", tmp_path / "m.csv", "--out", bad + ".R"],
                 ["crosscheck", tmp_path / "m.csv", "--report", bad + ".json"]):
        code, out, err = run(argv, capsys)
        assert_one_line_error(code, err, "is a file, not a folder")
        assert out == ""
    code, _, err = run(["draw", tmp_path / "m.csv", "--out", tmp_path / "same.png",
                        "--write-matrix", tmp_path / "same.png"], capsys)
    assert_one_line_error(code, err, "must be different files")
    code, _, err = run(["draw", tmp_path / "m.csv", "--out", tmp_path / "f.png", "--k", "2",
                        "--write-matrix", tmp_path / "same.csv", "--write-clusters",
                        tmp_path / "same.csv"], capsys)
    assert_one_line_error(code, err, "must be different files")
    assert snapshot(tmp_path) == before


def test_unexpected_errors_still_end_in_one_line(tmp_path, capsys, monkeypatch):
    """A bug (an exception that is no PyrHeatmapError) still ends the CLI with one line and
    status 1; --debug shows the traceback."""
    import pyr_heatmap.cli.commands as commands

    def broken(args, say):
        raise ZeroDivisionError("simulated bug")

    monkeypatch.setattr(commands, "prepared_figure", broken)
    base(96).rename_axis("gene").to_csv(tmp_path / "m.csv")
    code, out, err = run(["draw", tmp_path / "m.csv", "--out", tmp_path / "f.png"], capsys)
    assert code == 1 and out == "" and err.count("\n") == 1
    assert err.startswith("pyr-heatmap: internal error: ZeroDivisionError: simulated bug")
    assert "please report" in err and "--debug" in err
    with pytest.raises(ZeroDivisionError):
        main(["draw", str(tmp_path / "m.csv"), "--out", str(tmp_path / "f.png"), "--debug"])
    assert not (tmp_path / "f.png").exists()


class _DiskFull:
    """A file object that writes half of what it is given, then fails as a full disk does."""

    def __init__(self, fh):
        self.fh = fh

    def write(self, data):
        self.fh.write(data[: len(data) // 2])
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.fh.close()


def test_disk_full_leaves_existing_files_and_no_partial_files(tmp_path, capsys, monkeypatch):
    m = base(92)
    m.rename_axis("gene").to_csv(tmp_path / "m.csv")
    old = tmp_path / "fig.png"
    old.write_bytes(b"the previous figure")
    drawn = ph.Heatmap(m).draw("native", dpi=20)
    real_fdopen = os.fdopen
    monkeypatch.setattr(ph_io.os, "fdopen", lambda fd, mode: _DiskFull(real_fdopen(fd, mode)))
    with pytest.raises(OutputError) as err:
        drawn.save(old, dpi=20)
    assert isinstance(err.value, OSError)
    assert "cannot write" in str(err.value) and "fig.png" in str(err.value)
    assert "No space left on device" in str(err.value)
    assert old.read_bytes() == b"the previous figure"
    before = snapshot(tmp_path)
    code, _, err = run(["draw", tmp_path / "m.csv", "--out", old, "--write-matrix",
                        tmp_path / "z.csv", "-q"], capsys)
    assert_one_line_error(code, err, "cannot write", "No space left on device")
    assert snapshot(tmp_path) == before  # no .part files, nothing replaced


def test_failures_after_the_outputs_exist_replace_nothing(tmp_path, capsys, monkeypatch):
    """An existing --out / --write-matrix / --write-clusters set survives a failure anywhere:
    in the renderer, in computing the clusters, or in writing the second file."""
    m = base(93, n=8, p=5)
    m.rename_axis("gene").to_csv(tmp_path / "m.csv")
    outs = ["--out", tmp_path / "fig.png", "--write-matrix", tmp_path / "z.csv",
            "--write-clusters", tmp_path / "k.csv"]
    code, _, err = run(["draw", tmp_path / "m.csv", *outs, "--k", "2", "-q"], capsys)
    assert code == 0, err
    before = snapshot(tmp_path)
    assert before["fig.png"][:8] == PNG
    # --k too large: detected before anything is written (the figure used to be replaced)
    code, _, err = run(["draw", tmp_path / "m.csv", *outs, "--k", "20"], capsys)
    assert_one_line_error(code, err, "--k asks for 20 row clusters")
    assert snapshot(tmp_path) == before

    def broken_render(self, fmt, dpi):
        raise RBackendError("ComplexHeatmap failed: simulated")

    with monkeypatch.context() as mp:
        mp.setattr(DrawnHeatmap, "_render", broken_render)
        code, _, err = run(["draw", tmp_path / "m.csv", *outs, "--k", "3"], capsys)
    assert_one_line_error(code, err, "simulated")
    assert snapshot(tmp_path) == before

    real_stage = ph_io._stage

    def stage(target, write, mode):
        if target.name == "k.csv":
            raise OutputError(f"cannot write {str(target)!r}: simulated")
        return real_stage(target, write, mode)

    with monkeypatch.context() as mp:
        mp.setattr(ph_io, "_stage", stage)
        code, _, err = run(["draw", tmp_path / "m.csv", *outs, "--k", "3", "--col",
                            "navy,white,red"], capsys)
    assert_one_line_error(code, err, "k.csv", "simulated")
    assert snapshot(tmp_path) == before

    # a renderer that fails in the middle of DrawnHeatmap.save
    drawn = ph.Heatmap(m).draw("native", dpi=20)

    def savefig(*args, **kwargs):
        raise RuntimeError("renderer failed")

    monkeypatch.setattr(drawn.figure, "savefig", savefig)
    with pytest.raises(RuntimeError, match="renderer failed"):
        drawn.save(tmp_path / "fig.png")
    assert snapshot(tmp_path) == before


@pytest.mark.needs_r
def test_r_script_export_is_all_or_nothing(r, tmp_path, monkeypatch):
    m = base(94, n=8, p=5)
    hm = ph.Heatmap(m, row_split=["a", "b"] * 4,
                    top_annotation=ph.HeatmapAnnotation(kind=list("xyxyx")))
    script = hm.to_r_script(tmp_path / "h.R")
    assert r.call("rel_parses", str(script))[0]
    before = snapshot(tmp_path)
    assert len(before) >= 5
    real_stage = ph_io._stage
    hm2 = ph.Heatmap(m * 2, row_split=["a", "b"] * 4,
                     top_annotation=ph.HeatmapAnnotation(kind=list("xyxyx")))

    def stage(target, write, mode):
        if target.name == "h.R":  # the script is staged last: every CSV is already staged
            raise OutputError(f"cannot write {str(target)!r}: simulated")
        return real_stage(target, write, mode)

    with monkeypatch.context() as mp:
        mp.setattr(ph_io, "_stage", stage)
        with pytest.raises(OutputError, match="simulated"):
            hm2.to_r_script(tmp_path / "h.R")
    assert snapshot(tmp_path) == before
    with pytest.raises(InputError):
        ph.Heatmap(m * 2, row_split=2.5).to_r_script(tmp_path / "h.R")
    assert snapshot(tmp_path) == before
    hm2.to_r_script(tmp_path / "h.R")
    after = snapshot(tmp_path)
    assert after.keys() == before.keys() and after["h_matrix.csv"] != before["h_matrix.csv"]


@pytest.mark.needs_r
def test_r_backend_save_failure_keeps_the_old_file(r, tmp_path):
    drawn = ph.Heatmap(base(95)).draw("r", dpi=20)
    old = tmp_path / "fig.png"
    old.write_bytes(b"old figure")
    with pytest.raises(RBackendError, match="unable to start device"):
        drawn.save(old, dpi=1e7)  # R's png device cannot be that large
    with pytest.raises(InputError, match="dpi must be a finite number > 0"):
        drawn.save(old, dpi=float("nan"))
    assert old.read_bytes() == b"old figure"
    assert snapshot(tmp_path) == {"fig.png": b"old figure"}
    assert drawn.save(old, dpi=20).read_bytes()[:8] == PNG


# --------------------------------------------------------------------------------------------
# property-based: orders with splits against ComplexHeatmap
# --------------------------------------------------------------------------------------------
LEVELS = ["a", "B", "b", "é", "10", "9", None]


@st.composite
def split_cases(draw):
    n = draw(st.integers(3, 9))
    p = draw(st.integers(2, 5))
    ties = draw(st.booleans())
    if ties:
        cells = st.integers(0, 3).map(float)
    else:
        cells = st.floats(-4, 4, allow_nan=False, allow_subnormal=False).map(
            lambda v: round(v, 3))
    values = np.array(draw(st.lists(cells, min_size=n * p, max_size=n * p))).reshape(n, p)
    if draw(st.booleans()):
        split = draw(st.lists(st.sampled_from(LEVELS), min_size=n, max_size=n))
    else:
        split = draw(st.integers(2, n))
    method = draw(st.sampled_from(["complete", "average", "single", "ward.D2", "mcquitty",
                                   "centroid", "median"]))
    distance = draw(st.sampled_from(["euclidean", "manhattan", "maximum"]))
    return values, split, method, distance, draw(st.booleans())


@pytest.mark.needs_r
@settings(max_examples=60, derandomize=True, deadline=None, database=None)
@given(case=split_cases())
def test_split_orders_equal_complexheatmap(r, case):
    values, split, method, distance, cluster_slices = case
    n = values.shape[0]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ours = ph.heatmap_order(values, row_split=split, clustering_method_rows=method,
                                clustering_distance_rows=distance,
                                cluster_row_slices=cluster_slices)
    r_split = float(split) if isinstance(split, int) else ["<NA>" if v is None else v
                                                           for v in split]
    res = r.call("rel_heatmap_orders", values, r_split, method, distance, cluster_slices)
    order, sizes, names = r_orders(res, "row")
    rows = ours.rows
    # R is the judge
    assert np.array_equal(rows.order, order), (rows.order + 1, order + 1)
    assert [s.size for s in rows.slices.values()] == sizes
    if names:
        assert list(rows.slices) == names
    assert np.array_equal(ours.column_order, r_orders(res, "column")[0])
    # invariants: a permutation of all rows, slices contiguous in the drawn order, slice sizes
    # equal to the number of rows carrying each label
    assert np.array_equal(np.sort(rows.order), np.arange(n))
    assert np.array_equal(np.concatenate(list(rows.slices.values())), rows.order)
    for name, idx in rows.slices.items():
        assert all(rows.labels[i] == name for i in idx)
    if isinstance(split, list):
        counts = Counter("NA" if v is None else v for v in split)
        assert {k: v.size for k, v in rows.slices.items()} == dict(counts)
    elif method not in ("centroid", "median"):
        # cutting between the (k-1)th and kth largest heights gives at most k slices when the
        # heights are monotone; centroid and median trees can invert, and then R's cut (and
        # ours, checked above) gives more slices than k
        assert 1 <= len(rows.slices) <= split
