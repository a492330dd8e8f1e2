"""aggregate() over CSV/TSV/GCT files read in blocks of rows, and read_gct, against live R.

R reads the same file with read.table/read.delim (R's own number parser) and aggregates it with
rowMeans/rowSums/median (tests/r/big.R); the streamed result must be the same bits.
"""

from __future__ import annotations

import gzip

import numpy as np
import pandas as pd
import pytest
from brainspan_files import assert_same_bits

from pyr_heatmap import aggregate, read_gct
from pyr_heatmap.errors import InputError

SAMPLES = [f"GTEX-{j:03d}" for j in range(14)]


def cell_text(rng: np.random.Generator, v: float) -> str:
    """Decimals of varied length (some need R's long double parse to round right), NA, zero."""
    u = rng.random()
    if u < 0.05:
        return "NA"
    if u < 0.2:
        return "0"
    return f"{v:.{int(rng.integers(1, 21))}g}"


def write_table(path, seed: int, kind: str, n_genes: int = 90) -> list[str]:
    rng = np.random.default_rng(seed)
    vals = rng.lognormal(0.0, 4.0, size=(n_genes, len(SAMPLES)))
    genes = [f"ENSG{i:011d}.{i % 7}" for i in range(n_genes)]
    sep = "," if kind == "csv" else "\t"
    lines = []
    if kind == "gct":
        lines += ["#1.2", f"{n_genes}\t{len(SAMPLES)}", "\t".join(["Name", "Description",
                                                                     *SAMPLES])]
    else:
        lines.append(sep.join(["gene", *SAMPLES]))
    for g, row in zip(genes, vals, strict=True):
        cells = [cell_text(rng, float(v)) for v in row]
        lines.append(sep.join([g, f"SYM{g[-3:]}", *cells] if kind == "gct" else [g, *cells]))
    text = "\n".join(lines) + "\n"
    if str(path).endswith(".gz"):
        with gzip.open(path, "wt") as f:
            f.write(text)
    else:
        path.write_text(text)
    return genes


def groups_for(seed: int) -> pd.Series:
    rng = np.random.default_rng(seed + 100)
    labels = list(rng.choice(["Brain - Cortex", "Liver", "Lung", "Heart"], size=len(SAMPLES)))
    labels[3] = "Testis"  # a group of one sample
    return pd.Series(labels, index=SAMPLES, name="SMTSD")


@pytest.mark.needs_r
@pytest.mark.parametrize("name", ["expr.csv", "expr.tsv.gz", "expr.gct", "expr.gct.gz"])
@pytest.mark.parametrize("how", ["mean", "sum", "median"])
def test_streamed_aggregate_matches_r(r, tmp_path, name, how):
    path = tmp_path / name
    kind = name.split(".")[1]
    for seed in range(2):
        write_table(path, seed, kind)
        groups = groups_for(seed)
        levels = list(dict.fromkeys(groups))
        for na_rm in (False, True):
            want = r.call("big_file_aggregate", str(path), kind == "gct", list(groups), levels,
                          how, na_rm)
            for chunk in (None, 8):  # one block, and blocks smaller than the file
                got = aggregate(str(path), groups, how=how, na_rm=na_rm, chunk_size=chunk)
                assert list(got.columns) == levels and got.columns.name == "SMTSD"
                assert_same_bits(got.to_numpy(), want)


@pytest.mark.needs_r
def test_read_gct_and_sample_sheet(r, tmp_path):
    path = tmp_path / "gtex.gct.gz"
    genes = write_table(path, 5, "gct")
    m = read_gct(path)
    assert list(m.index) == genes and list(m.columns) == SAMPLES and m.index.name == "Name"
    groups = groups_for(5)
    sheet = tmp_path / "samples.tsv"
    pd.DataFrame({"SAMPID": SAMPLES, "SMTSD": list(groups)}).to_csv(sheet, sep="\t", index=False)
    streamed = aggregate(path, samples=sheet, by="SMTSD", chunk_size=10)
    in_memory = aggregate(m, groups)
    assert_same_bits(streamed.to_numpy(), in_memory.to_numpy())
    levels = list(dict.fromkeys(groups))
    assert_same_bits(in_memory.to_numpy(),
                     r.call("big_file_aggregate", str(path), True, list(groups), levels, "mean",
                            False))
    picked = aggregate(path, groups, genes=[genes[7], genes[2]], chunk_size=3)
    assert list(picked.index) == [genes[7], genes[2]]
    assert_same_bits(picked.to_numpy(), in_memory.loc[[genes[7], genes[2]]].to_numpy())
    with pytest.raises(InputError, match=r"more than once"):
        read_gct(path, index="Description")


def test_file_errors_name_the_problem(tmp_path):
    path = tmp_path / "bad.gct"
    write_table(path, 1, "gct", n_genes=5)
    text = path.read_text().splitlines()
    groups = groups_for(1)
    path.write_text("\n".join([*text[:-1]]) + "\n")
    with pytest.raises(InputError, match="announces 5 rows but the file has 4"):
        aggregate(path, groups)
    path.write_text("\n".join([*text[:4], text[4].replace("\t", "\tx", 1).rsplit("\t", 1)[0]
                               + "\t1e5x"]) + "\n")
    with pytest.raises(InputError, match=r"non-numeric value '1e5x' in sample column 'GTEX-013'"):
        read_gct(path)
    csv = tmp_path / "dup.csv"
    csv.write_text("gene,a,b\nG1,1,2\nG2,3,4\nG1,5,6\n")
    with pytest.raises(InputError, match=r"'G1' occurs more than once \(lines 2 and 4\)"):
        aggregate(csv, ["x", "x"])
    with pytest.raises(InputError, match="sample\\(s\\) have no group"):
        aggregate(csv, pd.Series(["x"], index=["a"]))
    with pytest.raises(InputError, match="not a GCT file"):
        read_gct(csv)
    with pytest.raises(InputError, match=r"samples= .* and by= .* go together"):
        aggregate(csv, samples=pd.DataFrame({"g": ["x", "y"]}, index=["a", "b"]))
    with pytest.raises(InputError, match="min_cells= applies to AnnData"):
        aggregate(csv, ["x", "x"], min_cells=3)
