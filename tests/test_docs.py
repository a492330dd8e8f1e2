"""Every ```python block of README.md and docs/*.md runs, and the docs stay complete.

Rules for documentation code blocks:

- ```python blocks of one file run in order, in one shared namespace, in a fresh temporary working
  directory (test_python_blocks).
- ```python r blocks need live R: they run (with all the file's other blocks, in order) only in
  test_python_blocks_with_r, which uses the ``r`` fixture (skips without R locally, fails in CI).
  Plain python blocks must therefore not depend on names defined in ``python r`` blocks.
- The ```r blocks of the files in R_SCRIPTS form one complete R script, run with Rscript on a copy
  of the bundled demo folder; the orders it exports must equal those the file's Python blocks
  export.
- Other blocks (bash, text, R fragments elsewhere) are not run.
"""

from __future__ import annotations

import inspect
import os
import re
import shutil
import subprocess
from pathlib import Path

import matplotlib
import pandas as pd
import pytest

import pyr_heatmap
from pyr_heatmap import Heatmap, HeatmapAnnotation
from pyr_heatmap.prepare import demo_folder

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
FILES = [ROOT / "README.md", *sorted(DOCS.glob("*.md"))]
R_SCRIPTS = {"tutorial.md": {"gene_order.csv": "gene_order_R.csv",
                             "region_order.csv": "region_order_R.csv"}}
PRELUDES: dict[str, str] = {}
FENCE = re.compile(r"^```([^\n`]*)\n(.*?)^```\s*$", re.MULTILINE | re.DOTALL)


def blocks(path: Path) -> list[tuple[str, str, int]]:
    """(info string, code, line number) of every fenced block."""
    text = path.read_text(encoding="utf-8")
    return [(m.group(1).strip(), m.group(2), text[: m.start()].count("\n") + 1)
            for m in FENCE.finditer(text)]


def python_blocks(path: Path, with_r: bool) -> list[tuple[str, int]]:
    out = []
    for info, code, line in blocks(path):
        words = info.split()
        if not words or words[0] != "python":
            continue
        if "r" in words[1:] and not with_r:
            continue
        out.append((code, line))
    return out


def run_blocks(path: Path, with_r: bool, cwd: Path, monkeypatch) -> dict:
    matplotlib.use("Agg")
    monkeypatch.chdir(cwd)
    namespace: dict = {"__name__": f"docs_{path.stem}"}
    prelude = PRELUDES.get(path.name)
    if prelude:
        exec(compile(prelude, f"<prelude of {path.name}>", "exec"), namespace)
    for code, line in python_blocks(path, with_r):
        try:
            exec(compile(code, f"{path.name}:{line}", "exec"), namespace)
        except Exception as exc:
            raise AssertionError(f"{path.name}, block at line {line} failed: "
                                 f"{type(exc).__name__}: {exc}") from exc
    return namespace


def doc_id(path: Path) -> str:
    return path.name


@pytest.mark.parametrize("path", [p for p in FILES if python_blocks(p, False)], ids=doc_id)
def test_python_blocks(path, tmp_path, monkeypatch):
    run_blocks(path, False, tmp_path, monkeypatch)


@pytest.mark.needs_r
@pytest.mark.parametrize("path", [p for p in FILES if len(python_blocks(p, True))
                                  > len(python_blocks(p, False))], ids=doc_id)
def test_python_blocks_with_r(r, path, tmp_path, monkeypatch):
    run_blocks(path, True, tmp_path, monkeypatch)


@pytest.mark.needs_r
@pytest.mark.parametrize("name", sorted(R_SCRIPTS))
def test_r_script_matches_python(r, name, tmp_path, monkeypatch):
    path = DOCS / name
    run_blocks(path, False, tmp_path, monkeypatch)
    script = "\n".join(code for info, code, _ in blocks(path) if info == "r")
    (tmp_path / "tutorial.R").write_text(script, encoding="utf-8")
    shutil.copytree(demo_folder(), tmp_path / "genes_matrix_csv")
    rscript = shutil.which("Rscript") or os.path.join(os.environ.get("R_HOME", ""), "bin",
                                                      "Rscript")
    done = subprocess.run([rscript, "--vanilla", "tutorial.R"], cwd=tmp_path,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    for ours, theirs in R_SCRIPTS[name].items():
        got = pd.read_csv(tmp_path / ours)
        want = pd.read_csv(tmp_path / theirs)
        pd.testing.assert_frame_equal(got, want, check_dtype=False)


# --------------------------------------------------------------------------------------------
# completeness
# --------------------------------------------------------------------------------------------
def test_images_exist():
    for path in FILES:
        text = path.read_text(encoding="utf-8")
        for target in re.findall(r"!\[[^\]]*\]\(([^)]+)\)", text):
            assert (path.parent / target).is_file(), f"{path.name}: missing image {target}"


def test_api_reference_lists_every_public_name():
    text = (DOCS / "api.md").read_text(encoding="utf-8")
    from pyr_heatmap import convenience, prepare

    names = [n for n in pyr_heatmap.__all__ if not n.startswith("_")]
    names += list(prepare.__all__) + list(convenience.__all__)
    missing = [n for n in names if not re.search(rf"\b{re.escape(n)}\b", text)]
    assert not missing, f"docs/api.md does not document {missing}; run docs/tools/gen_api.py"


def test_r_to_python_covers_every_heatmap_argument():
    text = (DOCS / "r_to_python.md").read_text(encoding="utf-8")
    params = []
    for func in (Heatmap.__init__, HeatmapAnnotation.__init__):
        params += [p for p in inspect.signature(func).parameters
                   if p not in ("self", "matrix", "df", "annotations")]
    missing = [p for p in params if f"`{p}" not in text]
    assert not missing, f"docs/r_to_python.md has no row for {missing}"
