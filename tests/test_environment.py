"""A broken or partial R installation: typed errors with advice, fallback, no state left in R.

The faults are real where they can be: each runs in a fresh Python process whose environment
lacks the piece (no R on the PATH; an R library path without ComplexHeatmap; an rpy2 that
cannot be imported; an rpy2 whose R interface fails to load, as rpy2 3.6 does on R 4.2). There
``backend="r"`` (API and CLI) must raise the typed error naming the fix, ``backend="auto"`` must
draw natively with one warning, and what needs no R (native drawing, the R script export) must
keep working. With live R, an R error in the middle of a draw and graphics devices left open by
the caller must leave R exactly as it was, and the next draw must work.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import pyr_heatmap as ph
from pyr_heatmap.backends.r import draw as rbackend
from pyr_heatmap.errors import RBackendError

ROOT = Path(__file__).resolve().parents[1]

CHILD = r'''
import contextlib, io, json, sys, warnings
import numpy as np, pandas as pd
import pyr_heatmap as ph
from pyr_heatmap.cli import main

def error(call):
    try:
        call()
    except Exception as exc:
        return {"type": type(exc).__name__, "mro": [c.__name__ for c in type(exc).__mro__],
                "message": str(exc)}
    return None

def cli(*argv):
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        code = main([str(a) for a in argv])
    return {"code": code, "stderr": err.getvalue()}

folder = sys.argv[1]
rng = np.random.default_rng(7)
m = pd.DataFrame(rng.gamma(2.0, 10.0, (8, 5)), index=[f"g{i}" for i in range(8)],
                 columns=[f"s{j}" for j in range(5)])
m.rename_axis("gene").to_csv(f"{folder}/m.csv")
hm = ph.Heatmap(m)
out = {"r": error(lambda: hm.draw(backend="r")),
       "crosscheck": error(hm.crosscheck)}
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    drawn = hm.draw(backend="auto", dpi=20)
out["auto"] = {"backend": drawn.backend, "reason": drawn.reason,
               "warnings": [str(w.message) for w in caught]}
native = hm.draw(backend="native", dpi=20)
out["orders_agree"] = bool(np.array_equal(drawn.row_order, native.row_order))
out["script"] = str(hm.to_r_script(f"{folder}/h.R"))
import pyr_heatmap.dispatch as _dispatch

_dispatch._AUTO_WARNED.clear()  # as in a new process: the CLI warns once per run
out["cli_r"] = cli("draw", f"{folder}/m.csv", "--backend", "r", "--out", f"{folder}/r.png")
out["cli_auto"] = cli("draw", f"{folder}/m.csv", "--backend", "auto", "-q", "--out",
                      f"{folder}/auto.png")
out["cli_crosscheck"] = cli("crosscheck", f"{folder}/m.csv", "-q")
out["cli_export"] = cli("export-r", f"{folder}/m.csv", "-q", "--out", f"{folder}/cli.R")
print(json.dumps(out))
'''

FAKE_RPY2_MISSING = 'raise ModuleNotFoundError("No module named \'rpy2\'", name="rpy2")\n'
FAKE_RPY2_36 = {
    "__init__.py": '__version__ = "3.6.0"\n',
    "situation.py": "def get_r_home():\n    return {home!r}\n",
    # what importing rpy2 3.6's R interface does on R < 4.5
    "rinterface.py": 'raise OSError("{path}/_rinterface_cffi_api.abi3.so: undefined symbol: '
                     'R_getVar")\n',
}


def _r_home() -> str:
    rscript = shutil.which("Rscript")
    if rscript is None:
        pytest.skip("Rscript is not on the PATH")
    return subprocess.run([rscript, "-e", "cat(R.home())"], capture_output=True, text=True,
                          check=True, timeout=60).stdout.strip()


def _child(tmp_path: Path, env_changes: dict[str, str | None], extra_path: Path | None = None,
           python: str = sys.executable):
    env = dict(os.environ)
    paths = [str(ROOT)] + ([str(extra_path)] if extra_path is not None else [])
    env["PYTHONPATH"] = os.pathsep.join([*paths[::-1], env.get("PYTHONPATH", "")]).strip(
        os.pathsep)
    env["MPLBACKEND"] = "Agg"
    for key, value in env_changes.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    work = tmp_path / "work"
    work.mkdir()
    script = tmp_path / "child.py"
    script.write_text(CHILD)
    done = subprocess.run([python, str(script), str(work)], capture_output=True,
                          text=True, env=env, cwd=work, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    out = json.loads(done.stdout.strip().splitlines()[-1])
    out["child_stderr"] = done.stderr
    return out, work


def _check(out: dict, work: Path, error_type: str, advice: str) -> None:
    for key in ("r", "crosscheck"):
        err = out[key]
        assert err is not None, f"{key} worked without R"
        assert err["type"] == error_type, err
        assert "RUnavailableError" in err["mro"] and "ImportError" in err["mro"]
        assert advice in err["message"], err["message"]
    auto = out["auto"]
    assert auto["backend"] == "native"
    assert len(auto["warnings"]) == 1 and advice in auto["warnings"][0]
    assert advice in auto["reason"] and "native backend" in auto["reason"]
    assert out["orders_agree"]
    assert Path(out["script"]).is_file()  # exporting an R script needs no R
    for key in ("cli_r", "cli_crosscheck"):
        res = out[key]
        lines = res["stderr"].strip().split("\n")
        assert res["code"] == 1 and lines[-1].startswith("pyr-heatmap: error: "), res
        assert advice in lines[-1] and "Traceback" not in res["stderr"]
    assert not (work / "r.png").exists()
    auto_cli = out["cli_auto"]
    assert auto_cli["code"] == 0, auto_cli
    assert auto_cli["stderr"].startswith("pyr-heatmap: warning: ") and advice in auto_cli["stderr"]
    assert (work / "auto.png").read_bytes()[:4] == b"\x89PNG"
    assert out["cli_export"]["code"] == 0 and (work / "cli.R").is_file()


def test_rpy2_not_installed(tmp_path):
    fake = tmp_path / "site"
    (fake / "rpy2").mkdir(parents=True)
    (fake / "rpy2" / "__init__.py").write_text(FAKE_RPY2_MISSING)
    out, work = _child(tmp_path, {}, extra_path=fake)
    _check(out, work, "RPy2MissingError", 'pip install "pyr_heatmap[r]"')


def test_r_not_installed(tmp_path):
    # no R_HOME and no R on the PATH (the child Python is started by its full path)
    out, work = _child(tmp_path, {"R_HOME": None, "PATH": str(tmp_path / "empty-bin")})
    _check(out, work, "RNotFoundError", "apt-get install r-base-core")


def test_rpy2_that_cannot_load_this_r(tmp_path):
    fake = tmp_path / "site"
    (fake / "rpy2").mkdir(parents=True)
    for name, text in FAKE_RPY2_36.items():
        (fake / "rpy2" / name).write_text(text.format(home=_r_home(), path=fake / "rpy2"))
    out, work = _child(tmp_path, {}, extra_path=fake)
    _check(out, work, "RPy2IncompatibleError", 'pip install "rpy2>=3.5.17,<3.6"')
    assert "R_getVar" in out["r"]["message"] and "R >= 4.5" in out["r"]["message"]


@pytest.fixture(scope="session")
def rpy2_36_python(tmp_path_factory) -> str:
    """A venv with the real rpy2 3.6 from PyPI (once per session, about 20-40 s).

    The venv does not see this Python's site-packages directly (there the installed rpy2 3.5,
    a regular package, would shadow rpy2 3.6's namespace package); a folder of links to every
    other installed package is put on its path instead, so numpy, pandas and matplotlib are
    this Python's.
    """
    import site

    from rlive import r_required

    root = tmp_path_factory.mktemp("rpy2-36")
    venv = root / "venv"
    py = venv / "bin" / "python"
    pip = [str(py), "-m", "pip", "install", "-q", "--disable-pip-version-check", "rpy2>=3.6,<3.7"]
    try:
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=120,
                       capture_output=True)
        subprocess.run(pip, check=True, timeout=300, capture_output=True, text=True)
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired, OSError) as exc:
        detail = getattr(exc, "stderr", "") or ""
        message = f"cannot install rpy2 3.6 into a venv: {exc} {str(detail)[-1500:]}"
        if r_required():
            pytest.fail(message + " (PYR_HEATMAP_REQUIRE_R=1, so this is a failure)")
        pytest.skip(message)
    links = root / "links"
    links.mkdir()
    skip = ("rpy2", "cffi", "_cffi", "pip", "setuptools", "_distutils_hack", "distutils-")
    for folder in site.getsitepackages():
        for entry in Path(folder).iterdir():
            if entry.name.startswith(skip) or entry.suffix == ".pth":
                continue
            target = links / entry.name
            if not target.exists():
                target.symlink_to(entry)
    purelib = subprocess.run([str(py), "-c", "import sysconfig; print(sysconfig.get_path("
                              "'purelib'))"], capture_output=True, text=True, check=True)
    (Path(purelib.stdout.strip()) / "zz_links.pth").write_text(str(links) + "\n")
    return str(py)


@pytest.mark.needs_r
def test_real_rpy2_36_on_this_r(tmp_path, rpy2_36_python):
    """rpy2 3.6 from PyPI on R 4.2: cffi's "symbol 'R_getVar' not found" becomes the typed
    error; auto falls back; the CLI prints one clean line and rpy2 prints nothing."""
    _r_home()
    version = subprocess.run([rpy2_36_python, "-c", "import importlib.metadata as m; "
                              "print(m.version('rpy2'))"], capture_output=True, text=True,
                             check=True).stdout.strip()
    assert version.startswith("3.6"), version
    out, work = _child(tmp_path, {}, python=rpy2_36_python)
    _check(out, work, "RPy2IncompatibleError", 'pip install "rpy2>=3.5.17,<3.6"')
    for key in ("r", "crosscheck"):
        assert "R_getVar" in out[key]["message"] and 'pyr_heatmap[r]' in out[key]["message"]
    for key in ("cli_r", "cli_crosscheck"):
        lines = out[key]["stderr"].strip().split("\n")
        ours = [ln for ln in lines if ln.startswith("pyr-heatmap:")]
        assert len(ours) == 1 and ours[0] == lines[-1], lines  # one error line, at the end
        assert "internal error" not in out[key]["stderr"]
        assert not any("Trying to import" in ln or "API mode" in ln for ln in lines), lines
    assert "rpy2 3.6." in out["r"]["message"]
    assert "Trying to import" not in out["child_stderr"], out["child_stderr"]
    assert "API mode" not in out["child_stderr"], out["child_stderr"]


def test_complexheatmap_not_installed(tmp_path):
    _r_home()
    empty = tmp_path / "empty-library"
    empty.mkdir()
    # Debian's Renviron takes the site library from R_LIBS_SITE when it is set
    out, work = _child(tmp_path, {"R_LIBS_SITE": str(empty), "R_LIBS_USER": str(empty),
                                  "R_LIBS": None})
    _check(out, work, "ComplexHeatmapMissingError", "apt-get install r-bioc-complexheatmap")
    assert "R version 4." in out["r"]["message"]


# --------------------------------------------------------------------------------------------
# live R: failures inside R leave R as it was
# --------------------------------------------------------------------------------------------
def frame(seed: int, n: int = 10, p: int = 5) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    return pd.DataFrame(rng.normal(size=(n, p)), index=[f"g{i}" for i in range(n)],
                        columns=[f"s{j}" for j in range(p)])


def _state(r) -> dict:
    s = r.call("rel_state")
    return {k: (list(v) if v is not None and not isinstance(v, (str, dict)) else v)
            for k, v in s.items()}


def _flat(order) -> np.ndarray:
    if isinstance(order, dict):
        return np.concatenate([np.asarray(v) for v in order.values()])
    return np.asarray(order)


def _bad_colour_payload(real):
    def payload(*args, **kwargs):
        out = real(*args, **kwargs)
        out["args"]["na_col"] = "not-a-colour"
        return out

    return payload


@pytest.mark.needs_r
def test_r_errors_mid_draw_leave_no_state_and_the_next_draw_works(r, monkeypatch):
    m = frame(1)
    native = ph.Heatmap(m, row_km=2, seed=3).draw("native", dpi=20)
    r.eval("set.seed(42)")  # the caller's random numbers must survive R's k-means
    before = _state(r)
    assert before["seed"]
    # 1. an error inside Heatmap() (R checks the colour; Python refuses it first, so the bad
    # colour is put into what R is handed)
    real_payload = rbackend.r_payload
    with monkeypatch.context() as mp:
        mp.setattr(rbackend, "r_payload", _bad_colour_payload(real_payload))
        with pytest.raises(RBackendError, match="invalid color"):
            ph.Heatmap(m).draw("r", dpi=20)
    assert _state(r) == before
    # 2. an error inside draw(), after Heatmap() was built and the scratch device opened

    def payload(*args, **kwargs):
        out = real_payload(*args, **kwargs)
        out["draw_titles"] = {"row_title_gp": "not a gpar object"}
        return out

    with monkeypatch.context() as mp:
        mp.setattr(rbackend, "r_payload", payload)
        with pytest.raises(RBackendError, match="ComplexHeatmap failed"):
            ph.Heatmap(m, row_km=2, seed=3).draw("r", dpi=20)
    assert _state(r) == before
    # 3. an error when the figure is drawn again for saving (a device R cannot open)
    drawn = ph.Heatmap(m, row_km=2, seed=3).draw("r", dpi=20)
    with pytest.raises(RBackendError, match="unable to start device"):
        drawn._render("png", 1e7)
    assert _state(r) == before
    # the next draws work, with R's own k-means seeded as asked
    again = ph.Heatmap(m, row_km=2, seed=3).draw("r", dpi=20)
    assert list(again.row_order) == list(drawn.row_order)
    assert np.array_equal(_flat(again.row_order), _flat(drawn.row_order))
    assert sorted(_flat(again.row_order)) == sorted(_flat(native.row_order))
    assert _state(r) == before


@pytest.mark.needs_r
def test_devices_left_open_by_the_caller(r, monkeypatch):
    """Graphics devices the caller left open (say, by an earlier failed script) are neither
    closed nor drawn on, and the caller's current device stays current."""
    m = frame(2)
    native = ph.Heatmap(m).draw("native", dpi=20)
    # two devices, the second current: closing a device makes R select the next one (the
    # first, here), so the current device must be set back explicitly
    r.eval("grDevices::pdf(NULL); grDevices::pdf(NULL); "
           "grDevices::dev.control(displaylist = 'enable')")
    try:
        before = _state(r)
        assert len(before["devices"]) >= 2
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            drawn = ph.Heatmap(m).draw("r", dpi=20)
            with monkeypatch.context() as mp, pytest.raises(RBackendError):
                mp.setattr(rbackend, "r_payload", _bad_colour_payload(rbackend.r_payload))
                ph.Heatmap(m).draw("r", dpi=20)
            assert drawn._render("pdf", 72)[:5] == b"%PDF-"
        assert _state(r) == before
        assert np.array_equal(drawn.row_order, native.row_order)
        assert np.array_equal(drawn.column_order, native.column_order)
        # nothing was drawn on the caller's current device
        assert int(r.eval("length(grDevices::recordPlot()[[1L]])")[0]) == 0
    finally:
        r.eval("for (d in rev(grDevices::dev.list())) grDevices::dev.off(d)")
    assert _state(r)["devices"] == []
