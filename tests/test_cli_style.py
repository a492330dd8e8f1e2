"""``--style``: the command line draws, cross-checks and exports pheatmap's, heatmap.2's and
stats heatmap's figures as the Python front ends do."""

from __future__ import annotations

import json
import subprocess

import numpy as np
import pandas as pd
import pytest

import pyr_heatmap as ph
from pyr_heatmap.cli import main
from pyr_heatmap.cli.styles import ALL_STYLES, STYLES
from pyr_heatmap.prepare import aggregate, demo_folder, log2p, read_brainspan

BASE = ["--brainspan", str(demo_folder()), "--group-by", "structure_acronym", "-q"]


def run(argv, capsys):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def _demo_matrix() -> pd.DataFrame:
    expr, samples = read_brainspan(demo_folder())
    return log2p(aggregate(expr, samples["structure_acronym"], how="mean"))


def test_style_table() -> None:
    assert set(STYLES) <= set(ALL_STYLES)
    assert set(STYLES) == set(ALL_STYLES)


def test_draw_pheatmap_style_same_as_python(tmp_path, capsys) -> None:
    out = tmp_path / "ph.png"
    clusters = tmp_path / "cl.csv"
    code, stdout, err = run(["draw", *BASE, "--style", "pheatmap", "--row-split", "3",
                             "--out", out, "--dpi", "50", "--write-clusters", clusters,
                             "--k", "3,2"], capsys)
    assert code == 0, err
    drawn = ph.pheatmap(_demo_matrix(), scale="row", clustering_method="ward.D2",
                        cutree_rows=3)
    assert stdout.strip() == "column order: " + " ".join(drawn.column_labels)
    table = pd.read_csv(clusters)
    rows = table[table.axis == "row"]
    assert rows.label.tolist() == drawn.row_labels
    want = ph.cutree(drawn.tree_row, k=3)[drawn.row_order]
    np.testing.assert_array_equal(rows.cluster.to_numpy(), want)
    assert out.read_bytes()[:4] == b"\x89PNG"


def test_pheatmap_style_refuses_what_pheatmap_cannot(tmp_path, capsys) -> None:
    code, _, err = run(["draw", *BASE, "--style", "pheatmap", "--method-columns", "average",
                        "--out", tmp_path / "x.png"], capsys)
    assert code == 1 and "one clustering_method" in err
    code, _, err = run(["draw", *BASE, "--style", "pheatmap", "--distance-rows", "pearson",
                        "--out", tmp_path / "x.png"], capsys)
    assert code == 1 and "correlation" in err
    assert not (tmp_path / "x.png").exists()


@pytest.mark.needs_r
def test_crosscheck_and_export_pheatmap_style(r, tmp_path, capsys) -> None:
    report = tmp_path / "report.json"
    code, out, err = run(["crosscheck", *BASE, "--style", "pheatmap", "--row-split", "4",
                          "--report", report], capsys)
    assert code == 0, out + err
    assert json.loads(report.read_text())["identical"] is True
    script = tmp_path / "ph.R"
    code, _, err = run(["export-r", *BASE, "--style", "pheatmap", "--out", script], capsys)
    assert code == 0, err
    assert "pheatmap(" in script.read_text()
    done = subprocess.run(["Rscript", str(script)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "ph.png").is_file()


@pytest.mark.parametrize(("style", "func"), [("heatmap.2", "heatmap_2"), ("heatmap", "heatmap")])
def test_draw_heatmap2_styles_same_as_python(style, func, tmp_path, capsys) -> None:
    out = tmp_path / "h.png"
    code, stdout, err = run(["draw", *BASE, "--style", style, "--scale", "rows", "--out", out,
                             "--dpi", "50"], capsys)
    assert code == 0, err
    drawn = getattr(ph, func)(_demo_matrix(), scale="row", distfun="euclidean",
                              hclustfun="ward.D2")
    assert stdout.strip() == "column order: " + " ".join(drawn.column_labels)
    assert out.read_bytes()[:4] == b"\x89PNG"
    code, _, err = run(["draw", *BASE, "--style", style, "--row-split", "2",
                        "--out", tmp_path / "x.png"], capsys)
    assert code == 1 and "no splits" in err
    assert not (tmp_path / "x.png").exists()


@pytest.mark.needs_r
def test_crosscheck_heatmap2_style(r, tmp_path, capsys) -> None:
    report = tmp_path / "report.json"
    code, out, err = run(["crosscheck", *BASE, "--style", "heatmap.2", "--report", report],
                         capsys)
    assert code == 0, out + err
    assert json.loads(report.read_text())["identical"] is True
    assert "IDENTICAL" in out
