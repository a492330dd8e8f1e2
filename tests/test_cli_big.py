"""``pyr-heatmap draw --h5ad`` and ``--gct``: big inputs aggregated while they are read."""

from __future__ import annotations

import re
import sys

import numpy as np
import pandas as pd
import pytest
from brainspan_files import assert_same_bits

from pyr_heatmap import aggregate, log2p, scale_rows
from pyr_heatmap.cli import main

ad = pytest.importorskip("anndata")


def run(argv, capsys):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(scope="module")
def atlas(tmp_path_factory):
    from pyr_heatmap.prepare.cellatlas import write_cell_atlas

    return write_cell_atlas(tmp_path_factory.mktemp("atlas") / "abc.h5ad", 1500, 60, seed=3)


def drawn_matrix(path):
    return pd.read_csv(path, index_col=0, float_precision="round_trip")


def test_h5ad_draw_matches_the_python_recipe(atlas, tmp_path, capsys):
    genes = tmp_path / "genes.txt"
    adata = ad.read_h5ad(atlas)
    picked = list(adata.var_names[5:45])
    genes.write_text("\n".join(picked) + "\n")
    out, written = tmp_path / "h.png", tmp_path / "m.csv"
    code, _, err = run(["draw", "--h5ad", atlas, "--group-by", "region", "--genes", f"@{genes}",
                        "--out", out, "--write-matrix", written], capsys)
    assert code == 0, err
    assert "combined its cells into 11 groups by region" in err
    assert "[" not in err  # no progress bar when stderr is not a terminal
    want = scale_rows(log2p(aggregate(adata, by="region", genes=picked)))
    got = drawn_matrix(written)
    assert_same_bits(got.to_numpy(), want.loc[got.index, got.columns].to_numpy())
    assert set(got.columns) == set(adata.obs["region"].cat.categories)


def test_h5ad_progress_bar_on_a_terminal(atlas, tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True, raising=False)
    code, _, err = run(["draw", "--h5ad", atlas, "--group-by", "cell_type",
                        "--aggregate", "median", "--out", tmp_path / "h.png"], capsys)
    assert code == 0, err
    assert re.search(r"reading .*abc\.h5ad \[#+\s*\] 100%", err)


def test_h5ad_and_gct_errors(atlas, tmp_path, capsys):
    code, _, err = run(["draw", "--h5ad", atlas, "--out", tmp_path / "h.png"], capsys)
    assert code != 0 and "--h5ad needs --group-by COLUMN" in err
    code, _, err = run(["draw", "--h5ad", atlas, "--group-by", "regoin", "--out",
                        tmp_path / "h.png"], capsys)
    assert code != 0 and "did you mean 'region'" in err
    code, _, err = run(["draw", "--h5ad", atlas, "--group-by", "region", "--layer", "raw",
                        "--out", tmp_path / "h.png"], capsys)
    assert code != 0 and "layer='raw' is not a layer" in err
    code, _, err = run(["draw", "--gct", "x.gct", "--group-by", "tissue", "--out",
                        tmp_path / "h.png"], capsys)
    assert code != 0 and "needs --samples SHEET" in err


def test_gct_streamed_with_a_sample_sheet(tmp_path, capsys):
    rng = np.random.default_rng(0)
    samples = [f"GTEX-{j}" for j in range(12)]
    genes = [f"ENSG{i:05d}" for i in range(40)]
    vals = rng.lognormal(0, 2, size=(40, 12))
    gct = tmp_path / "gtex.gct"
    lines = ["#1.2", "40\t12", "\t".join(["Name", "Description", *samples])]
    lines += ["\t".join([g, "sym", *(repr(float(v)) for v in row)])
              for g, row in zip(genes, vals, strict=True)]
    gct.write_text("\n".join(lines) + "\n")
    tissue = list(rng.choice(["Liver", "Lung", "Brain"], size=12))
    sheet = tmp_path / "samples.txt"
    pd.DataFrame({"SAMPID": [*samples, "GTEX-extra"], "SMTSD": [*tissue, "Skin"],
                  "AGE": ["20-29"] * 13}).to_csv(sheet, sep="\t", index=False)
    written = tmp_path / "m.csv"
    code, _, err = run(["draw", "--gct", gct, "--samples", sheet, "--group-by", "SMTSD",
                        "--annotate", "AGE", "--out", tmp_path / "h.png", "--write-matrix",
                        written], capsys)
    assert code == 0, err
    want = scale_rows(log2p(aggregate(pd.DataFrame(vals, index=genes, columns=samples),
                                      tissue)))
    got = drawn_matrix(written)
    assert_same_bits(got.to_numpy(), want.loc[got.index, got.columns].to_numpy())
    code, _, err = run(["draw", "--gct", gct, "--out", tmp_path / "h2.png"], capsys)
    assert code == 0 and "12 samples" in err
