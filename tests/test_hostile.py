"""Hostile text: quotes, backslashes, newlines, R code, shell code, non-ASCII, in every place.

Labels, the heatmap name, titles, legend text, annotation names and levels and split levels go
through the R backend, the exported R script (run by Rscript), the command line (labels in the
input files, --name, output paths) and the native figure. Everything must arrive verbatim (read
back from R's objects, from the script's output and from the figure's text artists), nothing may
be executed (no PWNED files), and an exported script must still parse.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import warnings
from pathlib import Path
from urllib.parse import unquote

import matplotlib.text
import numpy as np
import pandas as pd
import pytest

import pyr_heatmap as ph
from pyr_heatmap.backends.r.rscript_text import parse_script_output
from pyr_heatmap.cli import main

R_DIR = Path(__file__).resolve().parent / "r"

HOSTILE = [
    "say \"hi\" and 'bye'",
    "back\\slash \\n \\\\ end\\",
    "two\nlines\r\nand\ttab",
    '"); system("touch PWNED"); ("',
    "'); system('touch PWNED'); ('",
    "$(touch PWNED2)",
    "`touch PWNED2`",
    "; rm -rf x; echo",
    "@{system('touch PWNED')} %s {x} %d",
    "café Grüße naïve",
    "脳 海马 대뇌",
    "😀🧠",
    "שלום עולם مرحبا",
    "\u202eRTL override",
]
# no newline, so that a name can be checked on the CLI's one-line stdout
ONE_LINE = [h for h in HOSTILE if "\n" not in h and "\r" not in h]


def flat(order) -> np.ndarray:
    if isinstance(order, dict):
        return np.concatenate([np.asarray(v) for v in order.values()])
    return np.asarray(order)


def nothing_executed(folder: Path) -> None:
    found = [p for p in folder.rglob("*") if p.name.startswith("PWNED")]
    assert not found, found
    assert not Path("PWNED").exists() and not Path("PWNED2").exists()


def hostile_matrix(seed: int = 1) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    n = len(HOSTILE)
    return pd.DataFrame(rng.normal(size=(n, 5)), index=HOSTILE,
                        columns=[HOSTILE[3], HOSTILE[5], HOSTILE[10], HOSTILE[12], HOSTILE[2]])


def hostile_heatmap(title: str, split: bool = True) -> ph.Heatmap:
    m = hostile_matrix()
    levels = [HOSTILE[0], HOSTILE[4], HOSTILE[11], HOSTILE[0], HOSTILE[8]]
    ha = ph.HeatmapAnnotation(**{HOSTILE[6]: levels, HOSTILE[9]: np.arange(5.0)})
    split_labels = [(HOSTILE[7], HOSTILE[13], HOSTILE[1])[i % 3] for i in range(len(HOSTILE))]
    return ph.Heatmap(m, name=title, row_title=title, column_title=HOSTILE[11],
                      row_split=split_labels if split else None, top_annotation=ha,
                      heatmap_legend_param={"title": HOSTILE[12], "at": [-1, 0, 1],
                                            "labels": [HOSTILE[3], HOSTILE[9], HOSTILE[2]]})


def rscript() -> str:
    path = shutil.which("Rscript")
    if path is None:
        pytest.skip("Rscript is not on the PATH")
    return path


def run_and_dump(script: Path, cwd: Path) -> tuple[dict, dict[str, list[str]]]:
    """Run an exported script with Rscript and read back what ComplexHeatmap received."""
    dump = cwd / "dump.tsv"
    code = (f"source({str(R_DIR / 'reliability.R')!r}); "
            f"rel_dump_script(commandArgs(TRUE)[1], commandArgs(TRUE)[2])")
    done = subprocess.run([rscript(), "-e", code, str(script), str(dump)], cwd=cwd,
                          capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr[-3000:]
    fields: dict[str, list[str]] = {}
    for line in dump.read_text(encoding="utf-8").splitlines():
        key, _, value = line.partition("\t")
        fields.setdefault(key, []).append(unquote(value, encoding="utf-8"))
    dump.unlink()
    return parse_script_output(done.stdout), fields


# --------------------------------------------------------------------------------------------
# R backend
# --------------------------------------------------------------------------------------------
@pytest.mark.needs_r
def test_r_backend_gets_hostile_text_verbatim(r, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for title in (HOSTILE[3], HOSTILE[8], HOSTILE[12]):
        hm = hostile_heatmap(title)
        native = hm.draw("native", dpi=20)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # R's PDF font metrics warn on CJK and emoji
            drawn = hm.draw("r", dpi=20)
        # labels and slice names as R returns them, orders as computed without R
        assert drawn.row_labels == native.row_labels
        assert drawn.column_labels == native.column_labels
        assert list(drawn.row_order) == list(native.row_order)
        assert sorted(drawn.row_order) == sorted([HOSTILE[7], HOSTILE[13], HOSTILE[1]])
        assert np.array_equal(flat(drawn.row_order), flat(native.row_order))
    report = hostile_heatmap(HOSTILE[5]).crosscheck()
    assert report.identical
    nothing_executed(tmp_path)
    assert list(tmp_path.iterdir()) == []


# --------------------------------------------------------------------------------------------
# exported R script
# --------------------------------------------------------------------------------------------
@pytest.mark.needs_r
def test_exported_script_parses_runs_and_keeps_hostile_text(r, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for title, split in ((HOSTILE[8], True), (HOSTILE[3], False)):
        hm = hostile_heatmap(title, split)
        script = hm.to_r_script(tmp_path / f"fig {HOSTILE[5]} '{split}'.R")
        parsed = r.call("rel_parses", str(script))
        assert not isinstance(parsed, list) and bool(parsed[0]), parsed  # a list: R's message
        code = script.read_text(encoding="utf-8")
        assert not any(ord(c) < 32 and c != "\n" for c in code)  # source() splits at "\r"
        for text in HOSTILE:
            if text not in script.name:  # the file names are R string literals in the code
                assert text not in code, text  # all user text is data in the CSV files
        out, got = run_and_dump(script, tmp_path)
        native = hm.draw("native", dpi=20)
        assert np.array_equal(out["row_order"], flat(native.row_order))
        assert out["row_labels"] == native.row_labels
        assert out["column_labels"] == native.column_labels
        assert got["name"] == [title]
        assert got["legend_title"] == [HOSTILE[12]]
        assert got["legend_labels"] == [HOSTILE[3], HOSTILE[9], HOSTILE[2]]
        assert got["rownames"] == HOSTILE
        assert got["colnames"] == list(hostile_matrix().columns)
        assert title in got["row_title"] and HOSTILE[11] in got["column_title"]
        assert got["anno_names"] == [HOSTILE[6], HOSTILE[9]]
        assert sorted(got["anno_levels"]) == sorted({HOSTILE[0], HOSTILE[4], HOSTILE[11],
                                                     HOSTILE[8]})
        if split:
            assert got["row_slices"] == list(native.row_order)
    nothing_executed(tmp_path)


# --------------------------------------------------------------------------------------------
# command line
# --------------------------------------------------------------------------------------------
def _cli(argv, capsys) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def _write_inputs(folder: Path) -> tuple[Path, Path, list[str]]:
    rng = np.random.default_rng(5)
    samples = [f"{h[:12]} #{j}" for j, h in enumerate(ONE_LINE[:8])]
    genes = HOSTILE + [f"gene {i}" for i in range(4)]
    m = pd.DataFrame(np.round(rng.gamma(2.0, 15.0, (len(genes), len(samples))), 3),
                     index=pd.Index(genes, name="gene"), columns=samples)
    m.to_csv(folder / "m.csv")
    groups = [ONE_LINE[j // 2] for j in range(len(samples))]
    sheet = pd.DataFrame({"sample": samples, HOSTILE[9]: groups,
                          "kind": [HOSTILE[3], HOSTILE[3], HOSTILE[6], HOSTILE[6]] * 2})
    sheet.to_csv(folder / "sheet.csv", index=False)
    return folder / "m.csv", folder / "sheet.csv", genes


@pytest.mark.needs_r
def test_cli_hostile_labels_names_and_paths(r, tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    matrix, sheet, genes = _write_inputs(tmp_path)
    common = [matrix, "--samples", sheet, "--group-by", HOSTILE[9], "--annotate", "kind",
              "--name", HOSTILE[3], "--row-names", "show", "-q"]
    outputs = {}
    for backend in ("native", "r"):
        fig = tmp_path / f"fig {HOSTILE[5]} {HOSTILE[6]} {backend}.png"
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            code, out, err = _cli(["draw", *common, "--backend", backend, "--out", fig,
                                   "--write-matrix", tmp_path / f"z {backend}.csv"], capsys)
        assert code == 0, err
        assert fig.read_bytes()[:4] == b"\x89PNG"
        outputs[backend] = out
        z = ph.read_matrix(tmp_path / f"z {backend}.csv")
        assert sorted(z.index) == sorted(genes)
        assert sorted(z.columns) == sorted(ONE_LINE[:4])
    # the column order printed from R's labels equals the native one, names verbatim
    assert outputs["r"] == outputs["native"]
    assert outputs["r"].startswith("column order: ")
    for group in ONE_LINE[:4]:
        assert group in outputs["r"]
    code, _, err = _cli(["export-r", *common, "--out", tmp_path / "h.R"], capsys)
    assert code == 0, err
    out, got = run_and_dump(tmp_path / "h.R", tmp_path)
    assert sorted(out["row_labels"]) == sorted(genes)
    assert sorted(out["column_labels"]) == sorted(ONE_LINE[:4])
    assert got["name"] == [HOSTILE[3]]
    assert got["anno_names"] == ["kind"]
    assert sorted(got["anno_levels"]) == sorted([HOSTILE[3], HOSTILE[6]])
    nothing_executed(tmp_path)


# --------------------------------------------------------------------------------------------
# native figure
# --------------------------------------------------------------------------------------------
def _texts(drawn) -> list[str]:
    return [t.get_text() for t in drawn.figure.findobj(matplotlib.text.Text)]


def test_native_figure_draws_hostile_text_verbatim(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    hm = hostile_heatmap(HOSTILE[8])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # glyphs missing from the default font
        drawn = hm.draw("native", dpi=20)
        drawn.save(tmp_path / "fig.svg")
    texts = _texts(drawn)
    for text in [*HOSTILE, HOSTILE[12]]:
        assert text in texts, text
    for split_level in (HOSTILE[7], HOSTILE[13], HOSTILE[1]):
        assert split_level in texts
    nothing_executed(tmp_path)
    assert os.listdir(tmp_path) == ["fig.svg"]


def test_native_figure_does_not_interpret_dollar_signs(tmp_path):
    m = pd.DataFrame(np.random.default_rng(3).normal(size=(3, 3)),
                     index=["$x$", "costs $5 or $6", "$\\frac{$"], columns=["a", "b", "c"])
    drawn = ph.Heatmap(m, name="$\\alpha$").draw("native", dpi=20)
    drawn.save(tmp_path / "fig.png")
    labels = [t for t in drawn.figure.findobj(matplotlib.text.Text) if "$" in t.get_text()]
    assert len(labels) >= 4
    assert not any(t.get_parse_math() for t in labels)
