"""The ``pyr-heatmap`` command line tool, run in-process (``main([...])``) and as a subprocess.

The parity tests run the whole recipe through the CLI on seeded random BrainSpan-layout folders
and compare what it writes (the ordered z-score matrix, the cluster memberships) with what R
computes from the same files: read.csv, rowMeans per region, log2, t(scale(t())), ComplexHeatmap's
row_order/column_order and cutree. Values must be bit-identical; R reads the CSV we write.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from brainspan_files import assert_same_bits, write_brainspan_files

from pyr_heatmap import Heatmap
from pyr_heatmap.cli import main
from pyr_heatmap.convenience import clustered_heatmap, prepare_matrix
from pyr_heatmap.errors import InputError
from pyr_heatmap.prepare import demo_folder, read_brainspan

ROOT = Path(__file__).resolve().parents[1]
PNG = b"\x89PNG\r\n\x1a\n"

CASES = [
    # (seed, extra CLI options, R recipe arguments)
    (11, [], dict(dist_rows="euclidean", dist_cols="euclidean", method_rows="ward.D2",
                  method_cols="ward.D2", reorder=True, pseudocount=1.0, k=(4, 3))),
    (12, ["--no-reorder", "--method-rows", "complete", "--method-columns", "average",
          "--distance-rows", "manhattan", "--distance-columns", "pearson", "--k", "3,2"],
     dict(dist_rows="manhattan", dist_cols="pearson", method_rows="complete",
          method_cols="average", reorder=False, pseudocount=1.0, k=(3, 2))),
    (13, ["--pseudocount", "0.5", "--method-rows", "average", "--k", "5"],
     dict(dist_rows="euclidean", dist_cols="euclidean", method_rows="average",
          method_cols="ward.D2", reorder=True, pseudocount=0.5, k=(5, 5))),
]


def run(argv, capsys):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def make_folder(tmp_path: Path, seed: int) -> Path:
    rng = np.random.default_rng(seed)
    folder = tmp_path / f"bs{seed}"
    write_brainspan_files(folder, rng, ["12.5"], n_genes=30, n_donors=4)
    return folder


# --------------------------------------------------------------------------------------------
# parity with R
# --------------------------------------------------------------------------------------------
@pytest.mark.needs_r
@pytest.mark.parametrize(("seed", "options", "want_args"), CASES)
def test_draw_outputs_match_r(r, tmp_path, capsys, seed, options, want_args):
    folder = make_folder(tmp_path, seed)
    genes = None
    argv = ["draw", "--brainspan", folder, "--group-by", "structure_acronym",
            "--out", tmp_path / "fig.png", "--write-matrix", tmp_path / "z.csv",
            "--write-clusters", tmp_path / "clusters.csv", *options]
    if "--k" not in options:
        argv += ["--k", "4,3"]
    if seed == 13:
        genes = ["G7", "G3", "G12", "G0", "G25", "G19", "G4", "G28", "G9", "G15"]
        (tmp_path / "genes.txt").write_text("# a subset\n" + "\n".join(genes) + "\nNOPE\n")
        argv += ["--genes", f"@{tmp_path / 'genes.txt'}"]
    code, out, err = run(argv, capsys)
    assert code == 0, err
    assert (tmp_path / "fig.png").read_bytes()[:8] == PNG
    a = want_args
    want = r.call("rdr_recipe", str(folder), genes, a["pseudocount"], a["dist_rows"],
                  a["dist_cols"], a["method_rows"], a["method_cols"], a["reorder"],
                  a["k"][0], a["k"][1])
    got = r.call("rdr_read_csv_matrix", str(tmp_path / "z.csv"))  # R reads what we wrote
    assert list(got["rows"]) == list(want["rows"])
    assert list(got["cols"]) == list(want["cols"])
    assert_same_bits(got["values"], want["z"])
    clusters = pd.read_csv(tmp_path / "clusters.csv")
    rows = clusters[clusters["axis"] == "row"]
    cols = clusters[clusters["axis"] == "column"]
    assert list(rows["label"]) == list(want["rows"])
    assert np.array_equal(rows["cluster"].to_numpy(), want["cut_rows"])
    assert np.array_equal(cols["cluster"].to_numpy(), want["cut_cols"])
    assert out.startswith("column order: " + " ".join(want["cols"]))
    if seed == 13:
        assert "'NOPE'" in err and "warning" in err


@pytest.mark.needs_r
@pytest.mark.parametrize("seed", [21, 22])
def test_clustered_heatmap_matches_r_recipe(r, tmp_path, seed):
    folder = make_folder(tmp_path, seed)
    expr, samples = read_brainspan(folder)
    before = expr.copy()
    drawn = clustered_heatmap(expr, samples["structure_acronym"], backend="native")
    pd.testing.assert_frame_equal(expr, before)
    want = r.call("rdr_recipe", str(folder), None, 1.0, "euclidean", "euclidean", "ward.D2",
                  "ward.D2", False, None, None, supplied_trees=True)
    assert drawn.row_labels == list(want["rows"])
    assert drawn.column_labels == list(want["cols"])
    mat = prepare_matrix(expr, samples["structure_acronym"])
    assert_same_bits(mat.loc[drawn.row_labels, drawn.column_labels].to_numpy(), want["z"])


# --------------------------------------------------------------------------------------------
# draw: inputs, options, outputs
# --------------------------------------------------------------------------------------------
def test_draw_bundled_demo_folder(tmp_path, capsys):
    out = tmp_path / "demo.pdf"
    code, stdout, err = run(["draw", "--brainspan", demo_folder(), "--group-by",
                             "structure_acronym", "--out", out, "--annotate", "gender",
                             "--row-split", "3", "--column-split", "2"], capsys)
    assert code == 0, err
    assert out.read_bytes()[:4] == b"%PDF"
    assert "read BrainSpan folder" in err and "14 groups by structure_acronym" in err
    assert stdout.startswith("column order: ")
    code, _, err = run(["draw", "-q", "--brainspan", demo_folder(), "--out",
                        tmp_path / "q.png", "--group-by", "structure_acronym"], capsys)
    assert code == 0 and err == ""


def test_draw_matrix_with_sheet(tmp_path, capsys):
    rng = np.random.default_rng(5)
    genes = [f"gene{i}" for i in range(12)]
    samples = [f"s{j}" for j in range(8)]
    values = np.round(np.exp(rng.normal(2, 1, (12, 8))), 3)
    pd.DataFrame(values, index=pd.Index(genes, name="gene"), columns=samples).to_csv(
        tmp_path / "m.tsv", sep="\t")
    sheet = pd.DataFrame({"sample": samples, "tissue": list("aabbccdd"), "batch": list("xy") * 4,
                          "side": list("LLRRLLRR")})
    sheet.to_csv(tmp_path / "sheet.csv", index=False)
    code, _, err = run(["draw", tmp_path / "m.tsv", "--samples", tmp_path / "sheet.csv",
                        "--group-by", "tissue", "--aggregate", "median", "--annotate", "batch",
                        "--annotate", "side", "--column-split", "side", "--col",
                        "navy,white,firebrick", "--breaks", "-1.5", "0", "1.5", "--width", "60",
                        "--height", "80", "--out", tmp_path / "m.png", "--write-matrix",
                        tmp_path / "z.csv", "--backend", "native"], capsys)
    assert code == 0, err
    z = pd.read_csv(tmp_path / "z.csv", index_col=0)
    assert sorted(z.columns) == ["a", "b", "c", "d"] and sorted(z.index) == sorted(genes)
    # a split column must have one value per group
    code, _, err = run(["draw", tmp_path / "m.tsv", "--samples", tmp_path / "sheet.csv",
                        "--group-by", "tissue", "--column-split", "batch", "--out",
                        tmp_path / "n.png"], capsys)
    assert code == 1 and "group 'a' has several values" in err
    assert not (tmp_path / "n.png").exists()


def test_errors_are_one_line_with_no_output_left(tmp_path, capsys):
    folder = make_folder(tmp_path, 3)
    em = folder / "expression_matrix.csv"
    lines = em.read_text().splitlines()
    cells = lines[4].split(",")
    cells[2] = "1;5"
    lines[4] = ",".join(cells)
    em.write_text("\n".join(lines) + "\n")
    out = tmp_path / "out"
    out.mkdir()
    old = out / "fig.png"
    old.write_bytes(b"previous figure")
    code, stdout, err = run(["draw", "--brainspan", folder, "--group-by", "structure_acronym",
                             "--out", old, "--write-matrix", out / "z.csv"], capsys)
    assert code == 1
    assert err.count("\n") == 1 and err.startswith("pyr-heatmap: error: ")
    assert "expression_matrix.csv: line 5, field 3" in err and "'1;5'" in err
    assert "Traceback" not in err and stdout == ""
    assert sorted(p.name for p in out.iterdir()) == ["fig.png"]  # no partial files
    assert old.read_bytes() == b"previous figure"
    with pytest.raises(InputError, match="line 5, field 3"):
        main(["draw", "--brainspan", str(folder), "--out", str(old), "--debug"])
    capsys.readouterr()


@pytest.mark.parametrize(("argv", "message"), [
    (["--group-by", "region"], "--group-by 'region': no such column .* structure_acronym"),
    (["--k", "3"], "--k needs --write-clusters"),
    (["--genes", "NOPE,NADA"], "none of the 2 genes"),
    (["--out", "fig.jpeg"], "unknown file type '.jpeg'"),
    (["--out", "no/such/dir/fig.png"], "the folder 'no/such/dir' does not exist"),
    (["--method-rows", "war"], "ambiguous .* 'ward.D', 'ward.D2'"),
    (["--col", "blue,red", "--breaks", "0"], "2 colours but --breaks has 1"),
    (["--row-split", "two"], "--row-split must be a number"),
    (["--pseudocount", "-1"], "--pseudocount must be >= 0"),
])
def test_bad_options_exit_1(tmp_path, capsys, monkeypatch, argv, message):
    monkeypatch.chdir(tmp_path)
    code, _, err = run(["draw", "--brainspan", demo_folder(), *argv], capsys)
    assert code == 1
    assert re.search(message, err), err
    assert list(tmp_path.iterdir()) == []


def test_usage_errors_and_missing_input(capsys):
    assert run(["draw", "--no-such-option"], capsys)[0] == 2
    assert run([], capsys)[0] == 2
    code, _, err = run(["draw"], capsys)
    assert code == 1 and "no input" in err and "demo --where" in err
    code, out, _ = run(["--version"], capsys)
    assert code == 0 and out.startswith("pyr-heatmap ")


# --------------------------------------------------------------------------------------------
# demo, crosscheck, export-r
# --------------------------------------------------------------------------------------------
def test_demo_default_file_name_and_where(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, out, err = run(["demo"], capsys)
    assert code == 0, err
    assert (tmp_path / "pyr_heatmap_demo.png").read_bytes()[:8] == PNG
    assert "region order:" in out and "synthetic" in err
    code, out, _ = run(["demo", "--where"], capsys)
    assert code == 0 and Path(out.strip()) == demo_folder()


def subprocess_env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), env.get("PYTHONPATH", "")]).rstrip(
        os.pathsep)
    env["R_HOME"] = "/nonexistent"  # the demo must not need R
    return env


def test_subprocess_demo_and_error(tmp_path):
    fig = tmp_path / "demo.svg"
    done = subprocess.run([sys.executable, "-m", "pyr_heatmap.cli", "demo", "--out", str(fig)],
                          capture_output=True, text=True, env=subprocess_env(), timeout=120)
    assert done.returncode == 0, done.stderr
    assert fig.read_text().lstrip().startswith("<?xml")
    bad = subprocess.run([sys.executable, "-m", "pyr_heatmap.cli", "draw", "--brainspan",
                          str(tmp_path / "missing"), "--out", str(tmp_path / "x.png")],
                         capture_output=True, text=True, env=subprocess_env(), timeout=120)
    assert bad.returncode == 1
    assert bad.stderr.startswith("pyr-heatmap: error: ") and "no such folder" in bad.stderr
    assert "Traceback" not in bad.stderr and not (tmp_path / "x.png").exists()


def test_crosscheck_and_export_r(request, tmp_path, capsys):
    base = ["--brainspan", demo_folder(), "--group-by", "structure_acronym", "-q"]
    if not hasattr(Heatmap, "crosscheck") or not hasattr(Heatmap, "to_r_script"):
        # the R backend is not part of this installation: the commands say so cleanly
        code, _, err = run(["crosscheck", *base], capsys)
        assert code == 1 and "Heatmap.crosscheck is missing" in err
        code, _, err = run(["export-r", *base, "--out", tmp_path / "h.R"], capsys)
        assert code == 1 and "to_r_script" in err
        return
    request.getfixturevalue("r")  # needs live R (fails in CI without it)
    code, out, err = run(["crosscheck", *base, "--report", tmp_path / "report.json"], capsys)
    assert code == 0, out + err
    assert out.strip() and (tmp_path / "report.json").is_file()
    code, _, err = run(["export-r", *base, "--out", tmp_path / "h.R"], capsys)
    assert code == 0, err
    assert "Heatmap" in (tmp_path / "h.R").read_text()


def _gene_names_in_svg(path: Path, prefix: str) -> set[str]:
    return set(re.findall(rf">({prefix}\d+)<", path.read_text()))


def test_row_names_auto_show_and_fontsize(tmp_path, capsys):
    # auto follows the figure's own rule (names hidden when they would need < 4 pt), "show"
    # draws every name, --row-names-fontsize draws them at that size
    rng = np.random.default_rng(11)
    genes = [f"GN{i}" for i in range(300)]
    pd.DataFrame(np.exp(rng.normal(2, 1, (300, 6))), index=genes,
                 columns=[f"s{j}" for j in range(6)]).to_csv(tmp_path / "m.csv")
    drawn = {}
    for mode, extra in (("auto", []), ("show", ["--row-names", "show"]),
                        ("pt3", ["--row-names-fontsize", "3"]),
                        ("hide", ["--row-names", "hide", "--row-names-fontsize", "3"])):
        out = tmp_path / f"{mode}.svg"
        code, _, err = run(["draw", tmp_path / "m.csv", "--out", out, *extra], capsys)
        assert code == 0, err
        drawn[mode] = (_gene_names_in_svg(out, "GN"), err)
    assert drawn["auto"][0] == set() and "gene names not drawn" in drawn["auto"][1]
    assert drawn["show"][0] == set(genes) and "drawn at 5 pt" in drawn["show"][1]
    assert drawn["pt3"][0] == set(genes)
    assert drawn["hide"][0] == set()
    # 40 genes fit at 12 pt: auto draws them
    pd.DataFrame(np.exp(rng.normal(2, 1, (40, 6))), index=genes[:40],
                 columns=[f"s{j}" for j in range(6)]).to_csv(tmp_path / "small.csv")
    code, _, err = run(["draw", tmp_path / "small.csv", "--out", tmp_path / "s.svg"], capsys)
    assert code == 0 and _gene_names_in_svg(tmp_path / "s.svg", "GN") == set(genes[:40])
    code, _, err = run(["draw", tmp_path / "m.csv", "--row-names-fontsize", "0", "--out",
                        tmp_path / "bad.svg"], capsys)
    assert code == 1 and "--row-names-fontsize must be a positive size" in err
    assert not (tmp_path / "bad.svg").exists()
