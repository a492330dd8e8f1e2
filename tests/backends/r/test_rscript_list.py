"""The exported R script of a heatmap list: Rscript runs it, ComplexHeatmap clusters the list
itself, and the orders it prints are the orders ``HeatmapList.orders()`` computes in Python."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

from pyr_heatmap import Heatmap, HeatmapAnnotation, rowAnnotation
from pyr_heatmap.backends.r.rscript_list import parse_list_output
from pyr_heatmap.errors import InputError
from pyr_heatmap.figure.legends import Legend

RNG = np.random.default_rng(20261202)
N = 12
ROWS = [f"gene {i}" for i in range(N)]
A = pd.DataFrame(RNG.normal(size=(N, 5)), index=ROWS, columns=[f"a{j}" for j in range(5)])
B = pd.DataFrame(RNG.normal(size=(N, 4)) * 2, index=ROWS, columns=[f"b{j}" for j in range(4)])
GROUPS = ["x", "y", "z"] * (N // 3)
HOSTILE = 'A "name" \\ with `backticks` ${x} \') ; q("no")'


def _run(path: Path) -> str:
    rscript = shutil.which("Rscript")
    assert rscript, "Rscript is not on the PATH"
    proc = subprocess.run([rscript, "--vanilla", str(path)], cwd=path.parent,
                          capture_output=True, text=True, timeout=180)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return proc.stdout


def _same(a: Any, b: Any) -> None:
    if isinstance(a, dict):
        assert isinstance(b, dict) and list(a) == list(b)
        for k in a:
            _same(a[k], b[k])
    else:
        np.testing.assert_array_equal(np.asarray(a), np.asarray(b))


@pytest.mark.needs_r
def test_horizontal_list_script_prints_the_python_orders(tmp_path: Path) -> None:
    hl = (Heatmap(A, name=HOSTILE) + rowAnnotation(group=GROUPS)
          + Heatmap(B, name="B", column_split=2))
    legend = Legend(at=["up", "down"], legend_gp={"fill": ["#00AA00", "#AA00AA"]},
                    title=HOSTILE)
    kwargs = {"row_split": GROUPS, "row_order": list(RNG.permutation(N)), "cluster_rows": True,
              "row_dend_side": "right", "padding": 4, "row_title": HOSTILE,
              "heatmap_legend_list": legend}
    script = hl.to_r_script(tmp_path / "my list.R", dpi=72, **kwargs)
    text = script.read_text()
    assert HOSTILE not in text and "gene 3" not in text  # user text only in the CSV files
    got = parse_list_output(_run(script), hl.compile(**kwargs))
    expected = hl.orders(**kwargs)
    _same(got["row_order"], expected.row_order)
    _same(got["column_order"], expected.column_order)
    assert set(expected.column_order) == {HOSTILE, "B"}
    from PIL import Image

    with Image.open(tmp_path / "my list_ComplexHeatmap.png") as im:
        px = np.asarray(im.convert("RGB"), dtype=np.int64)
    for rgb in ((0, 0xAA, 0), (0xAA, 0, 0xAA)):  # the extra legend's grids
        assert (np.abs(px - np.array(rgb)).sum(axis=2) <= 3).any()


@pytest.mark.needs_r
def test_vertical_list_script_prints_the_python_orders(tmp_path: Path) -> None:
    vl = (Heatmap(A.T, name="A", row_split=2) / HeatmapAnnotation(group=GROUPS)
          / Heatmap(B.T, name="B", clustering_method_rows="average"))
    kwargs = {"main_heatmap": "B", "column_split": 3, "clustering_method_columns": "ward.D2",
              "heatmap_width": 120}
    script = vl.to_r_script(tmp_path / "vlist.R", dpi=72, **kwargs)
    got = parse_list_output(_run(script), vl.compile(**kwargs))
    expected = vl.orders(**kwargs)
    _same(got["row_order"], expected.row_order)
    _same(got["column_order"], expected.column_order)
    assert isinstance(expected.column_order, dict) and len(expected.column_order) == 3


def test_list_script_refusals_are_typed(tmp_path: Path) -> None:
    hl = Heatmap(A, name="A") + Heatmap(B, name="B")
    with pytest.raises(InputError, match="folder"):
        hl.to_r_script(tmp_path / "missing" / "x.R")
    with pytest.raises(InputError, match="must be a Legend"):
        hl.to_r_script(tmp_path / "x.R", heatmap_legend_list=["legend"])
    assert not list(tmp_path.iterdir())  # nothing half-written


@pytest.mark.needs_r
def test_list_crosscheck_reports_r_orders() -> None:
    hl = Heatmap(A, name="A") + Heatmap(B, name="B", column_split=2)
    report = hl.crosscheck(row_split=GROUPS, main_heatmap="B")
    assert report.identical and report.shared_axis == "row"
    assert set(report.first_difference) == {"shared", "A", "B"}
    _same(report.r["row_order"], hl.orders(row_split=GROUPS, main_heatmap="B").row_order)
    text = str(report)
    assert "IDENTICAL" in text and "'B': own column order: identical" in text
    assert report.versions["complexheatmap"] == "2.14.0"
    assert report.to_dict()["r"]["column_order"]["B"]["2"] == [
        int(v) for v in report.python["column_order"]["B"]["2"]]


def test_list_crosscheck_finds_the_first_difference() -> None:
    from pyr_heatmap.backends.r.crosscheck_list import _first_difference

    assert _first_difference(np.array([0, 1, 2]), np.array([0, 1, 2])) is None
    assert _first_difference(np.array([0, 2, 1]), np.array([0, 1, 2])) == 1
    assert _first_difference({"a": np.array([0]), "b": np.array([1])},
                             {"b": np.array([1]), "a": np.array([0])}) == 0  # slice order
    assert _first_difference({"a": np.array([0, 1])}, {"a": np.array([1, 0])}) == 0
