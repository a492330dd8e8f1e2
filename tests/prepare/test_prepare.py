"""Data preparation (read_matrix, aggregate, log2p, scale_rows, scale_columns) against live R.

Every matrix is generated from a seed in Python and sent to R; both sides compute the same thing
and the results must agree to the last bit (same NaN cells, identical bits elsewhere, signed zeros
included). No tolerance is needed: the Python side repeats R's long double accumulation and calls
the same C library log2 as R. Nothing is compared with stored numbers.
"""

from __future__ import annotations

import csv
import gzip
import io
import warnings

import numpy as np
import pandas as pd
import pytest

from pyr_heatmap.errors import InputError
from pyr_heatmap.prepare import (
    aggregate,
    log2p,
    read_matrix,
    scale_columns,
    scale_rows,
)
from pyr_heatmap.prepare.transform import DROPPED_ATTR

SEEDS = range(36)
REGIONS = ["cortex", "hippocampus", "cerebellum", "striatum", "thalamus"]
KINDS = ("rpkm", "small_int", "normal")


def assert_same_bits(got, want) -> None:
    """Equal shapes, NaN in the same cells, and bit-identical values everywhere else."""
    got = np.asarray(got, dtype=np.float64)
    want = np.asarray(want, dtype=np.float64)
    assert got.shape == want.shape
    g_nan, w_nan = np.isnan(got), np.isnan(want)
    assert np.array_equal(g_nan, w_nan), "NaN cells differ"
    g, w = got[~g_nan], want[~w_nan]
    diff = np.flatnonzero(g.view(np.uint64) != w.view(np.uint64))
    assert diff.size == 0, f"{diff.size} values differ, e.g. {g[diff[:3]]!r} vs R {w[diff[:3]]!r}"


def make_matrix(seed: int, *, nonneg: bool = False, degenerate: bool = True) -> pd.DataFrame:
    """Seeded genes x samples matrices: RPKM-like, small integers, or normal; NA on odd blocks."""
    rng = np.random.default_rng(seed)
    kind = KINDS[seed % 3]
    n = int(rng.integers(2, 40))
    p = int(rng.integers(1, 12)) if seed % 5 else 1
    if kind == "rpkm":  # log-normal, spanning ~1e-4 .. 1e5, with exact zeros (unexpressed)
        m = rng.lognormal(mean=1.0, sigma=3.0, size=(n, p))
        m[rng.random((n, p)) < 0.15] = 0.0
    elif kind == "small_int":  # counts: many ties and constant rows
        m = rng.integers(0, 5, size=(n, p)).astype(float)
    else:
        m = rng.normal(size=(n, p)) * 10.0 ** rng.uniform(-3, 3)
        if nonneg:
            m = np.abs(m)
    if (seed // 3) % 2 == 1:
        m[rng.random((n, p)) < 0.15] = np.nan
    if degenerate and n >= 4 and p >= 2:
        m[0] = m[0, 0] if not np.isnan(m[0, 0]) else 3.0  # constant row
        m[1] = np.nan  # a single non-NA value
        m[1, int(rng.integers(p))] = 7.25
        if seed % 4 == 0:
            m[2] = np.nan  # nothing at all
    genes = [f"g{i}" for i in range(n)]
    samples = [f"s{j}" for j in range(p)]
    return pd.DataFrame(m, index=genes, columns=samples)


def random_groups(seed: int, samples: list[str]) -> list[str]:
    rng = np.random.default_rng(seed + 1000)
    k = int(rng.integers(1, len(REGIONS) + 1))
    return [str(g) for g in rng.choice(REGIONS[:k], size=len(samples))]


# ------------------------------------------------------------------------------------------
# aggregate
# ------------------------------------------------------------------------------------------
@pytest.mark.needs_r
@pytest.mark.parametrize("how", ["mean", "median", "sum"])
@pytest.mark.parametrize("seed", SEEDS)
def test_aggregate_matches_r(r, seed, how):
    df = make_matrix(seed)
    labels = random_groups(seed, list(df.columns))
    rng = np.random.default_rng(seed)
    if seed % 3 == 0:
        groups = dict(zip(df.columns, labels, strict=True))
    elif seed % 3 == 1:
        groups = pd.Series(labels, index=df.columns).iloc[::-1]  # looked up by sample name
    else:
        groups = labels
    appearance = list(dict.fromkeys(labels))
    order = [appearance[i] for i in rng.permutation(len(appearance))] if seed % 2 else None
    levels = order if order is not None else appearance
    for na_rm in (False, True):
        got = aggregate(df, groups, how=how, order=order, na_rm=na_rm)
        want = r.call("prep_aggregate", df.to_numpy(), labels, levels, how, na_rm)
        assert list(got.columns) == levels
        assert got.index.equals(df.index)
        assert_same_bits(got.to_numpy(), want)


@pytest.mark.needs_r
def test_aggregate_tests_are_sensitive_to_long_double(r):
    """Plain double arithmetic misses R's rowMeans on these inputs, so the parity test can fail."""
    misses = 0
    for seed in SEEDS:
        df = make_matrix(seed)
        labels = random_groups(seed, list(df.columns))
        want = r.call("prep_aggregate", df.to_numpy(), labels, list(dict.fromkeys(labels)),
                      "mean", False)
        levels = list(dict.fromkeys(labels))
        naive = np.column_stack([df.to_numpy()[:, [g == k for g in labels]].mean(axis=1)
                                 for k in levels])  # numpy's pairwise double sums
        misses += int(np.sum(naive != want) - np.sum(np.isnan(naive) & np.isnan(want)))
        assert_same_bits(aggregate(df, labels).to_numpy(), want)
    assert misses > 0


@pytest.mark.needs_r
@pytest.mark.parametrize("how", ["mean", "median", "sum"])
def test_aggregate_extremes_match_r(r, how):
    """Overflowing sums, infinities and far-apart magnitudes: where double arithmetic fails."""
    big = np.finfo(np.float64).max
    rng = np.random.default_rng(11)
    far = np.column_stack([rng.lognormal(0, 30, 400), rng.lognormal(0, 30, 400)])
    far *= rng.choice([-1.0, 1.0], size=far.shape)
    special = np.array([[big, big], [-big, big], [big, -big / 3], [np.inf, 1.0],
                        [-np.inf, np.inf], [np.inf, np.inf], [5e-324, 5e-324], [-0.0, -0.0]])
    m = np.vstack([special, far])
    got = aggregate(m, ["a", "a"], how=how).to_numpy()
    want = r.call("prep_aggregate", m, ["a", "a"], ["a"], how, False)
    assert_same_bits(got, want)
    if how != "sum":
        with np.errstate(over="ignore", invalid="ignore"):
            naive = (m[:, :1] + m[:, 1:]) / 2
        assert np.sum(naive != want) > np.sum(np.isnan(want))


def test_aggregate_group_forms_agree_and_keep_labels():
    df = make_matrix(7)
    labels = random_groups(7, list(df.columns))
    by_list = aggregate(df, labels)
    by_dict = aggregate(df, {**dict(zip(df.columns, labels, strict=True)), "extra": "x"})
    by_series = aggregate(df, pd.Series(labels, index=df.columns, name="region"))
    by_array = aggregate(df.to_numpy(), np.array(labels))
    pd.testing.assert_frame_equal(by_list, by_dict)
    pd.testing.assert_frame_equal(by_list, by_series, check_names=False)
    assert by_series.columns.name == "region"
    assert np.array_equal(by_array.to_numpy(), by_list.to_numpy(), equal_nan=True)
    assert list(by_array.index) == list(range(len(df)))


def test_aggregate_errors_name_the_problem():
    df = pd.DataFrame(np.ones((2, 4)), index=["a", "b"], columns=["s1", "s2", "s3", "s4"])
    with pytest.raises(InputError, match=r"2 sample\(s\) are missing.*'s3', 's4'"):
        aggregate(df, {"s1": "x", "s2": "y"})
    with pytest.raises(InputError, match=r"no group in the groups Series: 's4'"):
        aggregate(df, pd.Series(["x", "x", "y"], index=["s1", "s2", "s3"]))
    with pytest.raises(InputError, match=r"in order have no samples: 'z'"):
        aggregate(df, ["x", "x", "y", "y"], order=["x", "y", "z"])
    with pytest.raises(InputError, match=r"'y' have samples but are missing from order"):
        aggregate(df, ["x", "x", "y", "y"], order=["x"])
    with pytest.raises(InputError, match=r"more than once: 'x'"):
        aggregate(df, ["x", "x", "y", "y"], order=["x", "y", "x"])
    with pytest.raises(InputError, match=r"'mode'.*'mean', 'median', 'sum'"):
        aggregate(df, ["x", "x", "y", "y"], how="mode")
    with pytest.raises(InputError, match=r"3 labels but the matrix has 4 sample columns"):
        aggregate(df, ["x", "x", "y"])
    with pytest.raises(InputError, match=r"'s2' have a missing group"):
        aggregate(df, ["x", None, "y", "y"])
    with pytest.raises(InputError, match=r"non-numeric columns: 'gene'"):
        aggregate(df.assign(gene=["a", "b"]), ["x", "x", "y", "y", "y"])


# ------------------------------------------------------------------------------------------
# log2p
# ------------------------------------------------------------------------------------------
@pytest.mark.needs_r
@pytest.mark.parametrize("seed", SEEDS)
def test_log2p_matches_r(r, seed):
    df = make_matrix(seed, nonneg=True, degenerate=False)
    pseudocount = [1.0, 1.0, 0.5, 1e-3, 2.0, 1][seed % 6]
    got = log2p(df, pseudocount) if seed % 6 else log2p(df)
    want = r.call("prep_log2p", df.to_numpy(), float(pseudocount))
    assert got.index.equals(df.index) and got.columns.equals(df.columns)
    assert_same_bits(got.to_numpy(), want)


@pytest.mark.needs_r
def test_log2p_matches_r_on_many_values(r):
    """A million RPKM-like values: the libm log2 R uses, not numpy's SIMD one."""
    rng = np.random.default_rng(99)
    m = np.concatenate([rng.lognormal(0.0, 5.0, 600_000), rng.uniform(0, 50, 400_000)])
    m = m.reshape(-1, 10)
    assert_same_bits(log2p(m).to_numpy(), r.call("prep_log2p", m, 1.0))


def test_log2p_errors_name_gene_sample_and_count():
    df = pd.DataFrame([[1.0, 2.0], [-1.0, -3.0], [0.5, -2.0]], index=["a", "b", "c"],
                      columns=["s1", "s2"])
    with pytest.raises(InputError, match=r"3 value\(s\).*gene 'b', sample 's1' \(x = -1.0\)"):
        log2p(df)
    assert log2p(df.iloc[[0]]).shape == (1, 2)
    for bad in (0, -1.0, float("inf"), float("nan"), True, "1"):
        with pytest.raises(InputError, match="pseudocount must be a finite number > 0"):
            log2p(df.abs(), bad)


def test_log2p_keeps_nan():
    df = pd.DataFrame([[np.nan, 3.0]], index=["a"], columns=["s1", "s2"])
    out = log2p(df)
    assert np.isnan(out.iloc[0, 0]) and out.iloc[0, 1] == 2.0


# ------------------------------------------------------------------------------------------
# scale_rows / scale_columns
# ------------------------------------------------------------------------------------------
def _scale(fn, df, policy):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        out = fn(df, zero_variance=policy)
    return out, caught


@pytest.mark.needs_r
@pytest.mark.parametrize("axis", ["rows", "columns"])
@pytest.mark.parametrize("seed", SEEDS)
def test_scale_matches_r(r, seed, axis):
    df = make_matrix(seed)
    if axis == "columns" and seed % 2:
        df = df.T  # samples x genes: columns with constant / single / no values
    fn = scale_rows if axis == "rows" else scale_columns
    want = r.call(f"prep_scale_{axis}", df.to_numpy())
    values = df.to_numpy()

    keep, _ = _scale(fn, df, "keep")
    assert_same_bits(keep.to_numpy(), want)
    assert keep.attrs[DROPPED_ATTR] == []

    # R's all-NaN vectors are exactly the ones the "drop" and "zero" policies treat
    lines = 1 if axis == "rows" else 0
    r_nan = np.all(np.isnan(want), axis=lines)
    labels = df.index if axis == "rows" else df.columns
    drop, caught = _scale(fn, df, "drop")
    assert drop.attrs[DROPPED_ATTR] == list(labels[r_nan])
    assert bool(caught) == bool(r_nan.any())
    kept = want[~r_nan] if axis == "rows" else want[:, ~r_nan]
    assert_same_bits(drop.to_numpy(), kept)

    zero, _ = _scale(fn, df, "zero")
    expected = want.copy()
    sel = (r_nan[:, None] if axis == "rows" else r_nan[None, :]) & ~np.isnan(values)
    expected[sel] = 0.0
    assert_same_bits(zero.to_numpy(), expected)


def test_scale_drop_warning_names_rows_and_count():
    m = np.tile([1.0, 2.0, 4.0], (9, 1))
    m[[1, 2, 3, 5, 6, 8]] = 5.0
    df = pd.DataFrame(m, index=[f"gene{i}" for i in range(9)], columns=["a", "b", "c"])
    with pytest.warns(UserWarning, match=r"dropped 6 row\(s\).*'gene1', 'gene2', 'gene3', "
                      r"'gene5', 'gene6' and 1 more"):
        out = scale_rows(df)
    assert out.attrs[DROPPED_ATTR] == ["gene1", "gene2", "gene3", "gene5", "gene6", "gene8"]
    assert list(out.index) == ["gene0", "gene4", "gene7"]
    with pytest.warns(UserWarning, match=r"dropped 3 column\(s\)"):
        assert scale_columns(df.iloc[[1, 2]]).shape == (2, 0)


def test_scale_errors():
    df = pd.DataFrame([[1.0, np.inf, 2.0]], index=["g"], columns=["a", "b", "c"])
    with pytest.raises(InputError, match=r"gene 'g', sample 'b' \(inf\).*log2p"):
        scale_rows(df)
    with pytest.raises(InputError, match="infinite"):
        scale_columns(df)
    with pytest.raises(InputError, match=r"unknown scale_rows zero_variance 'nan'"):
        scale_rows(df.iloc[:, [0, 2]], zero_variance="nan")
    with pytest.raises(InputError, match="2-D"):
        scale_rows(np.arange(3.0))


# ------------------------------------------------------------------------------------------
# the caller's data is never modified
# ------------------------------------------------------------------------------------------
def test_inputs_are_not_mutated():
    df = make_matrix(4, nonneg=True)
    df.iloc[5, 0] = np.nan
    before = df.copy(deep=True)
    arr = df.to_numpy().copy()
    arr_before = arr.copy()
    groups = pd.Series(random_groups(4, list(df.columns)), index=df.columns)
    groups_before = groups.copy()
    outs = [
        aggregate(df, groups), aggregate(df, groups, how="median", na_rm=True),
        aggregate(arr, groups.to_numpy(), how="sum"), log2p(df), log2p(arr),
    ]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for policy in ("drop", "keep", "zero"):
            outs += [scale_rows(df, zero_variance=policy), scale_columns(arr, zero_variance=policy)]
    pd.testing.assert_frame_equal(df, before)
    pd.testing.assert_series_equal(groups, groups_before)
    assert np.array_equal(arr, arr_before, equal_nan=True)
    assert df.attrs == {}
    for out in outs:
        out.iloc[:, :] = 0.0  # writing into a result must not reach the input
    pd.testing.assert_frame_equal(df, before)
    assert np.array_equal(arr, arr_before, equal_nan=True)


# ------------------------------------------------------------------------------------------
# read_matrix
# ------------------------------------------------------------------------------------------
def _cell(rng: np.random.Generator, v: float) -> str:
    """One number written in one of the ways files write them (some need > 19 digits)."""
    special = ["NA", "", "NaN", "Inf", "-Inf", "-0", "1e-310", "2.5E+300", "+.5", "7.", "1e400",
               "0.000000000000000000000000012345678901234567890123", "3.14159265358979323846264"]
    if rng.random() < 0.08:
        return str(rng.choice(special))
    style = int(rng.integers(0, 8))
    v = float(v)
    return [repr(v), f"{v:.6g}", f"{v:.3e}", f"{v:.12f}", str(int(v)), f"{v:.17g}",
            f"{v:.25f}", f"{-v:.20e}"][style]


@pytest.mark.needs_r
@pytest.mark.parametrize("seed", range(8))
def test_read_matrix_matches_r_read_table(r, tmp_path, seed):
    """Same doubles, gene ids and sample names as R's read.table on the same file."""
    rng = np.random.default_rng(seed)
    n, p = 300, 6
    values = rng.lognormal(1.0, 4.0, size=(n, p))
    samples = [f"s{j}" for j in range(p - 1)] + ["frontal cortex, left"]
    sep = "\t" if seed % 2 else ","
    path = tmp_path / ("m.tsv" if seed % 2 else "m.csv")
    with open(path, "w", newline="") as fh:
        w = csv.writer(fh, delimiter=sep, lineterminator="\n")
        w.writerow(["gene", *samples])
        for i in range(n):
            w.writerow([f"ENSG{i:05d}", *(_cell(rng, v) for v in values[i])])
    got = read_matrix(path)
    want = r.call("prep_read_table", str(path), sep)
    assert list(got.index) == [str(g) for g in want["genes"]] and got.index.name == "gene"
    assert list(got.columns) == [str(s) for s in want["samples"]]
    assert_same_bits(got.to_numpy(), want["values"])


@pytest.mark.needs_r
@pytest.mark.parametrize("style", ["csv", "table"])
def test_read_matrix_reads_files_written_by_r(r, tmp_path, style):
    """write.csv (corner field "") and write.table (no corner field, quoted names) from R."""
    df = make_matrix(9)
    m = df.to_numpy() * 1e-3
    genes = [f"gene {i}" for i in range(len(df))]
    samples = [f"cortex, {j}" for j in range(df.shape[1])]
    path = tmp_path / f"from_r.{style}"
    want = r.call("prep_write_and_read", m, genes, samples, str(path), style)
    got = read_matrix(path)
    assert list(got.index) == [str(g) for g in want["genes"]] == genes
    assert list(got.columns) == [str(s) for s in want["samples"]] == samples
    assert_same_bits(got.to_numpy(), want["values"])


@pytest.mark.needs_r
def test_number_conversion_is_r_strtod(r, tmp_path):
    """R's long double conversion differs from float() in the last bit now and then; we follow R."""
    rng = np.random.default_rng(5)
    v = np.concatenate([rng.lognormal(0, 6, 4000), rng.normal(size=2000)])
    texts = ([f"{x:.6g}" for x in v] + [repr(float(x)) for x in v] + [f"{x:.22e}" for x in v]
             + [f"{x:.17f}"[:19] for x in v] + [f"{x:.12e}" for x in v])
    path = tmp_path / "one.csv"
    path.write_text("gene,x\n" + "".join(f"g{i},{t}\n" for i, t in enumerate(texts)))
    got = read_matrix(path)["x"].to_numpy()
    want = r.call("prep_as_numeric", texts)
    assert_same_bits(got, want)
    assert np.any(np.array([float(t) for t in texts]) != want)  # float() alone would fail


def _write(tmp_path, name, text, encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def test_read_matrix_formats(tmp_path):
    text = "id,A,B\ng1,1.5,NA\ng2,,3\ng3,NaN,-2e-1\n"
    ref = read_matrix(_write(tmp_path, "m.csv", text))
    assert list(ref.columns) == ["A", "B"] and list(ref.index) == ["g1", "g2", "g3"]
    assert ref.index.name == "id" and ref.dtypes.eq(np.float64).all()
    assert ref.loc["g1", "A"] == 1.5 and ref.loc["g3", "B"] == -0.2
    assert ref.isna().to_numpy().sum() == 3
    pd.testing.assert_frame_equal(read_matrix(_write(tmp_path, "m.tsv", text.replace(",", "\t"))),
                                  ref)
    pd.testing.assert_frame_equal(read_matrix(_write(tmp_path, "m.txt", text.replace(",", ";"))),
                                  ref)
    pd.testing.assert_frame_equal(read_matrix(_write(tmp_path, "m.psv", text.replace(",", "|")),
                                              sep="|"), ref)
    gz = tmp_path / "m.csv.gz"
    gz.write_bytes(gzip.compress(text.encode()))
    pd.testing.assert_frame_equal(read_matrix(gz), ref)
    pd.testing.assert_frame_equal(read_matrix(io.StringIO(text)), ref)
    pd.testing.assert_frame_equal(read_matrix(io.BytesIO(gzip.compress(text.encode()))), ref)
    bom = _write(tmp_path, "bom.csv", "\ufeff" + text + "\n\n")  # BOM and trailing blank lines
    pd.testing.assert_frame_equal(read_matrix(bom), ref)
    # R's write.table: no field above the row names
    short = read_matrix(_write(tmp_path, "wt.txt", '"A"\t"B"\n"g1"\t1.5\tNA\n"g2"\tNA\t3\n'))
    assert list(short.columns) == ["A", "B"] and short.index.name is None
    crlf = read_matrix(_write(tmp_path, "crlf.csv", text.replace("\n", "\r\n")))
    pd.testing.assert_frame_equal(crlf, ref)
    no_ids = read_matrix(_write(tmp_path, "noid.csv", "A,B\n1,2\n3,4\n"), index_col=None)
    assert list(no_ids.index) == [0, 1] and no_ids.to_numpy().tolist() == [[1, 2], [3, 4]]
    latin = read_matrix(_write(tmp_path, "l1.csv", "id,A\ngéne,1\n", "latin-1"),
                        encoding="latin-1")
    assert list(latin.index) == ["géne"]


def test_read_matrix_bad_cell_names_file_column_gene_line_value(tmp_path):
    path = _write(tmp_path, "expr.csv", 'gene,cortex,cerebellum\nGAD1,1,2\n\nPVALB,3,"1,5"\n')
    with pytest.raises(InputError) as err:
        read_matrix(path)
    msg = str(err.value)
    for part in ("expr.csv", "'cerebellum'", "'PVALB'", "line 4", "'1,5'", "decimal comma"):
        assert part in msg, (part, msg)
    path = _write(tmp_path, "two.tsv", "gene\tA\tB\ng1\tx\t1\ng2\t2\tn/a\n")
    with pytest.raises(InputError, match=r"two.tsv: non-numeric value 'x' in sample column 'A', "
                       r"gene 'g1' \(line 2\) \(2 non-numeric cells in all\)"):
        read_matrix(path)


def test_read_matrix_bad_encoding(tmp_path):
    path = _write(tmp_path, "latin.csv", "gene,A\ng1,1\ngéne,2\n", "latin-1")
    with pytest.raises(InputError, match=r"latin.csv: cannot decode line 3 as utf-8 .*"
                       r"encoding='latin-1'"):
        read_matrix(path)
    with pytest.raises(InputError, match="unknown encoding 'utf-99'"):
        read_matrix(path, encoding="utf-99")


@pytest.mark.parametrize(
    ("text", "pattern"),
    [
        ("", r"empty"),
        ("\n  \n", r"empty"),
        ("gene,A,B\n", r"header line but no gene lines"),
        ("g1,1.5,2.5\ng2,3.5,4\n", r"looks like data.*add a first line"),
        ("gene,A,A,B\ng1,1,2,3\n", r"duplicated sample names.*'A' \(2, 3\).*unique"),
        ("gene,A,B\ng1,1,2\ng2,1,2\ng1,3,4\ng2,5,6\ng3,0,0\n",
         r"2 gene id\(s\) occur more than once.*'g1' \(2, 4\), 'g2' \(3, 5\).*make them unique"),
        ("gene,A,B\ng1,1,2\n,3,4\n", r"empty gene id on line\(s\) 3"),
        ("gene,A,B\ng1,1,2\ng2,1,2,3\n", r"line 3 has 4 fields but the header \(line 1\) has 3"),
        ("gene,A,\ng1,1,2\n", r"field\(s\) 3 have no sample name"),
        ("gene A B\ng1 1 2\n", r"cannot detect the delimiter"),
        ('gene,A\n"g1,1\n', r"malformed quoting|line 2 has"),
    ],
)
def test_read_matrix_input_errors(tmp_path, text, pattern):
    path = _write(tmp_path, "bad.csv", text)
    with pytest.raises(InputError, match=pattern) as err:
        read_matrix(path)
    assert "bad.csv" in str(err.value)


def test_read_matrix_other_errors(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        read_matrix(tmp_path / "missing.csv")
    broken = tmp_path / "broken.csv.gz"
    broken.write_bytes(gzip.compress(b"gene,A\ng1,1\n")[:15])
    with pytest.raises(InputError, match="damaged or truncated"):
        read_matrix(broken)
    with pytest.raises(InputError, match="sep must be one character"):
        read_matrix(io.StringIO("a,b\n"), sep=", ")
    assert read_matrix(_write(tmp_path, "sp.txt", "gene A B\ng1 1 2\n"), sep=" ").shape == (1, 2)
