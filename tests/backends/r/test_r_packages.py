"""Each front end needs only its own R package: pheatmap draws in R without ComplexHeatmap,
ComplexHeatmap without pheatmap or gplots, stats::heatmap with R alone. A missing package is a
typed error naming the install line; ``backend="auto"`` falls back (warning once).

Each case runs in a child process whose R sees a private site library: links to Debian's
installed packages minus the ones the case removes.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.needs_r

ROOT = Path(__file__).resolve().parents[3]
SITE = Path("/usr/lib/R/site-library")

CHILD = r'''
import json, warnings
import numpy as np
import pyr_heatmap as ph

m = np.random.default_rng(3).normal(size=(8, 5))
out = {}

def attempt(key, fn):
    try:
        res = fn()
        out[key] = {"ok": True, "backend": getattr(res, "backend", None)}
    except Exception as exc:
        out[key] = {"ok": False, "type": type(exc).__name__, "message": str(exc),
                    "mro": [c.__name__ for c in type(exc).__mro__]}

attempt("complexheatmap_r", lambda: ph.Heatmap(m).draw(backend="r"))
attempt("pheatmap_r", lambda: ph.pheatmap(m, backend="r"))
attempt("heatmap2_r", lambda: ph.heatmap_2(m, backend="r"))
attempt("stats_r", lambda: ph.heatmap(m, backend="r"))
with warnings.catch_warnings(record=True) as seen:
    warnings.simplefilter("always")
    first = ph.pheatmap(m, backend="auto")
    second = ph.pheatmap(m, backend="auto")
    h2 = ph.heatmap_2(m, backend="auto")
out["auto"] = {"pheatmap": [first.backend, second.backend], "heatmap2": h2.backend,
               "warnings": [str(w.message) for w in seen if "R backend" in str(w.message)]}
print(json.dumps(out))
'''


def _run_without(tmp_path: Path, removed: set[str]) -> dict:
    if not SITE.is_dir():
        pytest.fail(f"{SITE} not found: these tests need Debian's R packages")
    lib = tmp_path / "site-library"
    lib.mkdir()
    for entry in SITE.iterdir():
        if entry.name not in removed:
            (lib / entry.name).symlink_to(entry)
    env = dict(os.environ)
    env.update({"R_LIBS_SITE": str(lib), "R_LIBS_USER": str(tmp_path / "none"),
                "MPLBACKEND": "Agg",
                "PYTHONPATH": os.pathsep.join([str(ROOT), env.get("PYTHONPATH", "")])})
    env.pop("R_LIBS", None)
    script = tmp_path / "child.py"
    script.write_text(CHILD)
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True,
                          env=env, cwd=tmp_path, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_pheatmap_and_gplots_missing(tmp_path):
    out = _run_without(tmp_path, {"pheatmap", "gplots"})
    assert out["complexheatmap_r"] == {"ok": True, "backend": "r"}
    assert out["stats_r"] == {"ok": True, "backend": "r"}  # stats::heatmap needs R only
    for key, pkg in (("pheatmap_r", "pheatmap"), ("heatmap2_r", "gplots")):
        err = out[key]
        assert not err["ok"] and err["type"] == "RPackageMissingError", err
        assert "RUnavailableError" in err["mro"] and "ImportError" in err["mro"]
        assert f"apt-get install r-cran-{pkg}" in err["message"], err["message"]
        assert f'install.packages("{pkg}")' in err["message"], err["message"]
    auto = out["auto"]
    assert auto["pheatmap"] == ["native", "native"] and auto["heatmap2"] == "native"
    # one warning per reason and process: one for pheatmap, one for gplots
    assert len(auto["warnings"]) == 2, auto["warnings"]
    assert "r-cran-pheatmap" in auto["warnings"][0] and "r-cran-gplots" in auto["warnings"][1]


def test_complexheatmap_missing_does_not_stop_pheatmap(tmp_path):
    out = _run_without(tmp_path, {"ComplexHeatmap"})
    err = out["complexheatmap_r"]
    assert not err["ok"] and err["type"] == "ComplexHeatmapMissingError", err
    assert "RPackageMissingError" in err["mro"]
    assert "apt-get install r-bioc-complexheatmap" in err["message"]
    for key in ("pheatmap_r", "heatmap2_r", "stats_r"):
        assert out[key] == {"ok": True, "backend": "r"}, (key, out[key])
    assert out["auto"]["pheatmap"] == ["r", "r"] and out["auto"]["heatmap2"] == "r"
    assert out["auto"]["warnings"] == []
