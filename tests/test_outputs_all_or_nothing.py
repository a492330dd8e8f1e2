"""Several outputs are replaced all or nothing (issue 14, item 7) and SIGTERM during a save leaves
no temporary file (item 8).

The unreplaceable file is real: an immutable file (``chattr +i``, which stops root too) where the
file system supports it, else a folder put in the place of a target after the checks.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import pyr_heatmap as ph
from pyr_heatmap import io
from pyr_heatmap.cli import main
from pyr_heatmap.errors import OutputError

ROOT = Path(__file__).resolve().parents[1]


@contextlib.contextmanager
def unreplaceable(path: Path, monkeypatch) -> Iterator[str]:
    """Make ``path`` impossible to replace by a rename, for root too, while the block runs."""
    chattr = shutil.which("chattr")
    if chattr and subprocess.run([chattr, "+i", str(path)], capture_output=True).returncode == 0:
        try:
            yield "immutable file"
        finally:
            subprocess.run([chattr, "-i", str(path)], check=True)
        return
    # no chattr here: a non-empty folder appears in the target's place once the outputs are
    # checked, just before they are written (a rename onto it fails for root too)
    real = io.write_atomic_many

    def late_folder(files):
        path.unlink()
        path.mkdir()
        (path / "keep").write_text("x")
        return real(files)

    from pyr_heatmap.backends.r import rscript

    monkeypatch.setattr(io, "write_atomic_many", late_folder)
    monkeypatch.setattr(rscript, "write_atomic_many", late_folder)
    yield "folder"


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: (p.read_bytes() if p.is_file() else b"<dir>") for p in folder.iterdir()}


def test_cli_restores_the_figure_when_the_matrix_cannot_be_replaced(tmp_path, capsys,
                                                                    monkeypatch) -> None:
    rng = np.random.default_rng(70)
    m = pd.DataFrame(rng.gamma(2.0, 10.0, (8, 4)), index=[f"g{i}" for i in range(8)],
                     columns=list("abcd"))
    src = tmp_path / "in.csv"
    m.rename_axis("gene").to_csv(src)
    out = tmp_path / "out"
    out.mkdir()
    (out / "fig.png").write_bytes(b"old figure")
    (out / "mat.csv").write_bytes(b"old matrix")
    before = _snapshot(out)
    with unreplaceable(out / "mat.csv", monkeypatch) as how:
        code = main(["draw", str(src), "--backend", "native", "-q", "--out",
                     str(out / "fig.png"), "--write-matrix", str(out / "mat.csv")])
        err = capsys.readouterr().err
        assert code == 1, err
        assert "mat.csv" in err and "nothing was written" in err, err
        if how == "immutable file":
            assert _snapshot(out) == before  # fig.png is the old one again, no temporary file
        else:
            assert (out / "fig.png").read_bytes() == b"old figure"
            assert sorted(p.name for p in out.iterdir()) == ["fig.png", "mat.csv"]
    # and when nothing stands in the way, both are replaced
    monkeypatch.undo()
    if (out / "mat.csv").is_dir():
        shutil.rmtree(out / "mat.csv")
    assert main(["draw", str(src), "--backend", "native", "-q", "--out", str(out / "fig.png"),
                 "--write-matrix", str(out / "mat.csv")]) == 0
    assert (out / "fig.png").read_bytes()[:4] == b"\x89PNG"
    assert ph.read_matrix(out / "mat.csv").shape == (8, 4)
    assert sorted(p.name for p in out.iterdir()) == ["fig.png", "mat.csv"]


def test_r_script_export_is_all_or_nothing(tmp_path, monkeypatch) -> None:
    rng = np.random.default_rng(71)
    hm = ph.Heatmap(rng.normal(size=(6, 4)))
    first = hm.to_r_script(tmp_path / "h.R")
    names = sorted(p.name for p in tmp_path.iterdir())
    assert len(names) >= 2
    old = _snapshot(tmp_path)
    data = sorted(p for p in tmp_path.iterdir() if p != first)[-1]  # renamed before the script
    hm2 = ph.Heatmap(rng.normal(size=(6, 4)) * 3, name="other")
    with unreplaceable(first, monkeypatch) as how, pytest.raises(OutputError):
        hm2.to_r_script(first)
    if how == "immutable file":
        assert _snapshot(tmp_path) == old  # the data files are the old ones again
    else:
        assert data.read_bytes() == old[data.name]


def test_write_atomic_many_restores_earlier_targets(tmp_path) -> None:
    a, b, c = tmp_path / "a.txt", tmp_path / "b.txt", tmp_path / "c"
    a.write_bytes(b"old a")
    c.mkdir()
    (c / "x").write_text("x")  # a folder: no file can be renamed onto it
    with pytest.raises(OutputError, match=r"'.*c'"):
        io.write_atomic_many({a: b"new a", b: b"new b", c: b"new c"})
    assert a.read_bytes() == b"old a" and not b.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt", "c"]


CHILD = r"""
import os, sys, time
from pyr_heatmap.io import write_atomic, write_atomic_many
target = sys.argv[1]
def slow(fh):
    fh.write(b"partial")
    fh.flush()
    print("writing", flush=True)
    time.sleep(60)
if sys.argv[2] == "one":
    write_atomic(target, slow)
else:
    write_atomic_many({target + ".first": b"done", target: b"x" * 10})
"""


@pytest.mark.parametrize("handler", ["default", "custom"])
def test_sigterm_during_a_save_leaves_no_temporary_file(tmp_path, handler) -> None:
    target = tmp_path / "fig.png"
    target.write_bytes(b"old")
    code = CHILD
    if handler == "custom":  # a handler of the program's own is called after the clean-up
        code = ("import signal, sys\n"
                "signal.signal(signal.SIGTERM, lambda s, f: (print('own handler', flush=True),"
                " sys.exit(3)))\n") + CHILD
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, "-c", code, str(target), "one"], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "writing"
    assert any(p.name.endswith(".part") for p in tmp_path.iterdir())  # the write is under way
    proc.send_signal(signal.SIGTERM)
    out, err = proc.communicate(timeout=30)
    if handler == "default":
        assert proc.returncode == -signal.SIGTERM, err  # killed by the signal, as usual
    else:
        assert proc.returncode == 3 and "own handler" in out, (out, err)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["fig.png"]
    assert target.read_bytes() == b"old"


def test_sigterm_handler_is_restored_after_a_save(tmp_path) -> None:
    before = signal.getsignal(signal.SIGTERM)
    io.write_atomic(tmp_path / "a.txt", lambda fh: fh.write(b"a"))
    io.write_atomic_many({tmp_path / "b.txt": b"b"})
    assert signal.getsignal(signal.SIGTERM) is before
    time.sleep(0)
