"""Readers (read_brainspan, read_expression, select_genes, make_unique) against live R.

The files are written here, line by line, in the exact layouts (BrainSpan's genes_matrix_csv
download; a matrix plus a sample sheet), from seeded random values; R reads the same files the way
an R user does (read.csv, make.unique, match) and the results must agree to the last bit. Each
matrix mixes in decimal strings for which Python's correctly rounded float() differs from R's
conversion, so a reader that used float() would fail these tests.
"""

from __future__ import annotations

import gzip
import warnings
import zipfile

import numpy as np
import pandas as pd
import pytest
from brainspan_files import REGIONS, assert_same_bits, value_text, write_brainspan_files

from pyr_heatmap.errors import InputError
from pyr_heatmap.prepare import brainspan as readers
from pyr_heatmap.prepare import (
    make_unique,
    read_brainspan,
    read_expression,
    read_gene_list,
    select_genes,
)

SEEDS = range(10)


@pytest.fixture(scope="module")
def tricky() -> list[str]:
    """Decimal strings whose R value (R_strtod, long double) differs from Python's float()."""
    rng = np.random.default_rng(7)
    texts = np.array([f"{v:.6f}" for v in np.exp(rng.normal(2, 3, 200_000))])
    texts = np.concatenate([texts, np.array([f"{v:.12f}" for v in rng.random(50_000) * 100])])
    via_ld = texts.astype(np.longdouble).astype(np.float64)
    direct = np.array([float(t) for t in texts])
    picked = [str(t) for t in texts[via_ld != direct]]
    assert len(picked) >= 20
    return picked



# --------------------------------------------------------------------------------------------
# read_brainspan against R
# --------------------------------------------------------------------------------------------
@pytest.mark.needs_r
@pytest.mark.parametrize("seed", SEEDS)
def test_read_brainspan_matches_r(r, tmp_path, tricky, seed, monkeypatch):
    rng = np.random.default_rng(seed)
    odd = seed % 3 == 2  # NA, exponents, long numbers: the exact cell-by-cell path
    symbols = [f"G{int(v)}" for v in rng.integers(0, 18, 30)]  # duplicated symbols
    symbols += ["G1.1", "G2"]  # names make.unique must step over
    if seed % 2:
        monkeypatch.setattr(readers, "_CHUNK", 300)  # many pieces: fast and exact paths mixed
    write_brainspan_files(tmp_path, rng, tricky, odd=odd, symbols=symbols,
                          newline="\r\n" if seed == 4 else "\n")
    exact_calls = []
    exact = readers._exact_numbers
    monkeypatch.setattr(readers, "_exact_numbers",
                        lambda *a: exact_calls.append(1) or exact(*a))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        expr, samples = read_brainspan(tmp_path)
    want = r.call("rdr_read_brainspan", str(tmp_path))
    assert_same_bits(expr.to_numpy(), want["values"])
    assert list(expr.index) == list(want["genes"])
    assert list(expr.columns) == list(want["samples"]) == list(samples.index)
    assert list(samples["structure_acronym"]) == list(want["acronym"])
    assert np.array_equal(samples["donor_id"].to_numpy(dtype=float), want["donor_id"])
    assert any("make.unique" in str(w.message) for w in caught)
    assert bool(exact_calls) == odd  # plain files take the fast path, odd cells the exact one
    # the test can fail: Python's float() disagrees with R on some of these cells
    texts = [ln.split(",")[1:] for ln in
             (tmp_path / "expression_matrix.csv").read_text().splitlines()]
    floats = np.array([[float(t) if t.strip() not in ("NA", "") else np.nan for t in row]
                       for row in texts])
    ok = ~np.isnan(floats)
    assert (floats[ok] != expr.to_numpy()[ok]).any()


@pytest.mark.needs_r
def test_make_unique_matches_r(r):
    rng = np.random.default_rng(3)
    alphabet = ["a", "a.1", "a.2", "b", "", "a.1.1", "b_1", "c"]
    for case in range(40):
        names = [alphabet[int(i)] for i in rng.integers(0, len(alphabet), int(rng.integers(1, 25)))]
        sep = "." if case % 4 else "_"
        assert make_unique(names, sep) == list(r.call("rdr_make_unique", names, sep)), names


# --------------------------------------------------------------------------------------------
# read_brainspan: layouts and errors
# --------------------------------------------------------------------------------------------
def small_folder(tmp_path, seed=0, **kw):
    rng = np.random.default_rng(seed)
    write_brainspan_files(tmp_path, rng, ["1.5"], **kw)
    return tmp_path


def test_brainspan_zip_gzip_and_ensembl_index(tmp_path):
    folder = small_folder(tmp_path / "plain")
    expr, samples = read_brainspan(folder)
    archive = tmp_path / "genes_matrix_csv.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for name in readers.BRAINSPAN_FILES:
            zf.write(folder / name, f"genes_matrix_csv/{name}")
    z_expr, z_samples = read_brainspan(archive)
    pd.testing.assert_frame_equal(expr, z_expr)
    pd.testing.assert_frame_equal(samples, z_samples)
    gz = tmp_path / "gz"
    gz.mkdir()
    for name in readers.BRAINSPAN_FILES:
        target = gz / (name + ".gz" if name.startswith("expr") else name)
        data = (folder / name).read_bytes()
        target.write_bytes(gzip.compress(data) if name.startswith("expr") else data)
    pd.testing.assert_frame_equal(expr, read_brainspan(gz)[0])
    e2, _, genes = read_brainspan(folder, index="ensembl_gene_id", return_genes=True)
    assert list(e2.index) == list(genes["ensembl_gene_id"])
    assert list(genes.index) == list(e2.index)
    assert genes["row_num"].dtype == np.int64
    assert samples["structure_id"].dtype == np.int64
    assert samples.index.name == "sample"


def test_brainspan_sample_ids_are_zero_padded(tmp_path):
    folder = small_folder(tmp_path, n_donors=3)
    _, samples = read_brainspan(folder)
    n = len(samples)
    width = len(str(n))
    assert list(samples.index) == [f"S{i:0{width}d}" for i in range(1, n + 1)]


def test_brainspan_empty_symbol_uses_ensembl_id(tmp_path):
    folder = small_folder(tmp_path, symbols=["A", "", "C"])
    with pytest.warns(UserWarning, match="no gene_symbol"):
        expr, _ = read_brainspan(folder)
    assert list(expr.index) == ["A", "ENSG00000000002", "C"]


def replace_line(path, lineno, new):
    lines = path.read_text().splitlines()
    lines[lineno - 1] = new
    path.write_text("\n".join(lines) + "\n")


def test_brainspan_errors_name_file_line_and_fix(tmp_path):
    folder = small_folder(tmp_path / "a")
    em = folder / "expression_matrix.csv"
    first = em.read_text().splitlines()
    # a value that is not a number
    cells = first[2].split(",")
    cells[3] = "abc"
    replace_line(em, 3, ",".join(cells))
    with pytest.raises(InputError, match=r"expression_matrix\.csv: line 3, field 4 .*'abc'"):
        read_brainspan(folder)
    # one value too few on a line
    replace_line(em, 3, ",".join(first[2].split(",")[:-1]))
    with pytest.raises(InputError, match=r"line 3 has .* fields; expected"):
        read_brainspan(folder)
    # every line one value short: the files do not belong together
    em.write_text("\n".join(",".join(ln.split(",")[:-1]) for ln in first) + "\n")
    with pytest.raises(InputError, match=r"line 1 has \d+ fields; expected \d+ .*of "
                                         r"columns_metadata\.csv\)\. The files must come"):
        read_brainspan(folder)
    # genes in another order than rows_metadata
    swapped = [first[1], first[0], *first[2:]]
    em.write_text("\n".join(swapped) + "\n")
    with pytest.raises(InputError, match=r"gene line 1 starts with row number 2.*line 2 of"):
        read_brainspan(folder)
    # a gene line missing
    em.write_text("\n".join(first[:-1]) + "\n")
    with pytest.raises(InputError, match=r"has \d+ gene lines but .*rows_metadata\.csv lists"):
        read_brainspan(folder)
    em.write_text("\n".join(first) + "\n")
    read_brainspan(folder)
    # a metadata file missing or wrong
    (folder / "rows_metadata.csv").rename(folder / "rows.csv")
    with pytest.raises(InputError, match=r"rows_metadata\.csv is missing"):
        read_brainspan(folder)
    (folder / "rows.csv").write_text('"num","gene_symbol"\n1,"A"\n')
    (folder / "rows.csv").rename(folder / "rows_metadata.csv")
    with pytest.raises(InputError, match=r"lacks column\(s\) 'row_num'"):
        read_brainspan(folder)
    with pytest.raises(InputError, match="no such folder"):
        read_brainspan(tmp_path / "nowhere")
    with pytest.raises(InputError, match="index must be"):
        read_brainspan(folder, index="entrez_id")


def test_brainspan_duplicated_column_num(tmp_path):
    folder = small_folder(tmp_path)
    cm = folder / "columns_metadata.csv"
    lines = cm.read_text().splitlines()
    lines[2] = "1" + lines[2][lines[2].index(","):]
    cm.write_text("\n".join(lines) + "\n")
    with pytest.raises(InputError, match=r"column_num is repeated: '1' \(lines 2, 3\)"):
        read_brainspan(folder)


# --------------------------------------------------------------------------------------------
# read_expression
# --------------------------------------------------------------------------------------------
def write_matrix_and_sheet(tmp_path, rng, tricky, *, n_genes=20, n_samples=9, sheet_sep="\t"):
    samples = [f"sample_{i}" for i in range(n_samples)]
    lines = ["gene," + ",".join(samples)]
    for g in range(n_genes):
        lines.append(f"gene{g}," + ",".join(value_text(rng, tricky, False)
                                             for _ in samples))
    matrix = tmp_path / "matrix.csv.gz"
    matrix.write_bytes(gzip.compress(("\n".join(lines) + "\n").encode()))
    order = list(rng.permutation(n_samples))
    sheet_rows = [sheet_sep.join(["region", "sample_id", "donor", "age"])]
    for j in order:
        sheet_rows.append(sheet_sep.join([REGIONS[j % 3], samples[j], f"D{j % 2}", str(20 + j)]))
    sheet_rows.append(sheet_sep.join(["HIP", "not_in_matrix", "D9", "99"]))
    sheet = tmp_path / ("sheet.tsv" if sheet_sep == "\t" else "sheet.csv")
    sheet.write_text("\n".join(sheet_rows) + "\n")
    return matrix, sheet, samples


@pytest.mark.needs_r
@pytest.mark.parametrize("seed", range(3))
def test_read_expression_matches_r(r, tmp_path, tricky, seed):
    rng = np.random.default_rng(100 + seed)
    matrix, sheet, _ = write_matrix_and_sheet(tmp_path, rng, tricky,
                                              sheet_sep="\t" if seed % 2 else ",")
    with pytest.warns(UserWarning, match="not_in_matrix"):
        expr, table = read_expression(matrix, sheet, sample_col="sample_id")
    want = r.call("rdr_read_expression", str(matrix), str(sheet), "sample_id", "region")
    assert_same_bits(expr.to_numpy(), want["values"])
    assert list(expr.index) == list(want["genes"])
    assert list(expr.columns) == list(want["samples"]) == list(table.index)
    assert list(table["region"]) == list(want["group"])
    assert table["age"].dtype == np.int64
    assert table.index.name == "sample_id"


def test_read_expression_sheet_errors(tmp_path):
    rng = np.random.default_rng(1)
    matrix, sheet, samples = write_matrix_and_sheet(tmp_path, rng, ["2.5"])
    # the first column is not the sample id: the message points to the right one
    with pytest.raises(InputError, match=r"not in the sheet's column 'region'.*"
                                         r"sample_col='sample_id'"):
        read_expression(matrix, sheet)
    with pytest.raises(InputError, match=r"no column 'id'"):
        read_expression(matrix, sheet, sample_col="id")
    lines = sheet.read_text().splitlines()
    short = [ln for ln in lines if samples[0] not in ln and samples[1] not in ln]
    sheet.write_text("\n".join(short) + "\n")
    with pytest.raises(InputError, match=r"2 of the 9 samples .*'sample_0', 'sample_1'"):
        read_expression(matrix, sheet, sample_col="sample_id")
    dup = [*lines, lines[1]]
    sheet.write_text("\n".join(dup) + "\n")
    with pytest.raises(InputError, match=r"more than once .*\(lines 2, 12\)"):
        read_expression(matrix, sheet, sample_col="sample_id")
    sheet.write_text("\n".join([*lines[:3], lines[3] + "\textra", *lines[4:]]) + "\n")
    with pytest.raises(InputError, match=r"line 4 has 5 fields but the header"):
        read_expression(matrix, sheet, sample_col="sample_id")
    _, table = read_expression(matrix)
    assert list(table.index) == samples and table.shape[1] == 0


# --------------------------------------------------------------------------------------------
# select_genes and gene lists
# --------------------------------------------------------------------------------------------
def frame() -> pd.DataFrame:
    return pd.DataFrame(np.arange(12.0).reshape(4, 3), index=["PVALB", "GAD1", "SST", "VIP"],
                        columns=["a", "b", "c"])


def test_select_genes_keeps_requested_order_and_reports_missing(tmp_path):
    expr = frame()
    before = expr.copy()
    with pytest.warns(UserWarning) as caught:
        out = select_genes(expr, ["SST", "Gad1", "PVALB", "XYZ", "SST"])
    messages = " ".join(str(w.message) for w in caught)
    assert "'Gad1' (did you mean 'GAD1'?)" in messages and "'XYZ'" in messages
    assert "more than once" in messages
    assert list(out.index) == ["SST", "PVALB"]
    out.iloc[0, 0] = -1.0
    pd.testing.assert_frame_equal(expr, before)  # a copy, the input is untouched
    gene_file = tmp_path / "markers.txt"
    gene_file.write_text("# interneuron markers\nVIP   # vasoactive\n\nGAD1,SST\n")
    assert read_gene_list(gene_file) == ["VIP", "GAD1", "SST"]
    assert list(select_genes(expr, gene_file).index) == ["VIP", "GAD1", "SST"]
    assert list(select_genes(expr, str(gene_file)).index) == ["VIP", "GAD1", "SST"]


def test_select_genes_errors(tmp_path):
    expr = frame()
    with pytest.raises(InputError, match="none of the 2 genes"):
        select_genes(expr, ["Pvalb", "X"])
    with pytest.raises(InputError, match=r"not a gene list file .*\['SST'\]"):
        select_genes(expr, "SST")
    with pytest.raises(InputError, match="empty"):
        select_genes(expr, [])
    empty = tmp_path / "empty.txt"
    empty.write_text("# nothing\n\n")
    with pytest.raises(InputError, match="no gene names"):
        read_gene_list(empty)


# --------------------------------------------------------------------------------------------
# the bundled demo folder
# --------------------------------------------------------------------------------------------
def test_bundled_demo_is_regenerated_exactly(tmp_path):
    from pyr_heatmap.prepare import demo_folder, load_demo, write_brainspan

    expr, samples = load_demo()
    write_brainspan(expr, samples, tmp_path)
    bundled = demo_folder()
    for name in readers.BRAINSPAN_FILES:
        assert (tmp_path / name).read_bytes() == (bundled / name).read_bytes(), (
            f"{name} is stale: run docs/tools/make_demo_data.py")
    assert "SYNTHETIC" in (bundled / "README.md").read_text()
    got, got_samples = read_brainspan(bundled)
    assert list(got.index) == list(expr.index) and list(got.columns) == list(expr.columns)
    assert np.allclose(got.to_numpy(), expr.to_numpy(), rtol=0, atol=5e-7)  # 6 decimals
    assert list(got_samples["structure_acronym"]) == list(samples["structure_acronym"])
