"""The wheel ships the R code, and an installed (non-editable) package finds it.

Builds a wheel of this checkout, checks it holds ``pyr_heatmap/r/heatmap.R``, installs it with
``pip install --no-deps --no-index`` into a fresh virtual environment (with the system site
packages, for numpy and friends) and imports it from another folder.

The build runs without build isolation when setuptools >= 68 and wheel are installed; otherwise
pip builds in an isolated environment, which fetches them from the package index.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _can_build_offline() -> bool:
    try:
        import setuptools
    except ImportError:
        return False
    major = int(setuptools.__version__.split(".")[0])
    return major >= 68 and (major >= 71 or importlib.util.find_spec("wheel") is not None)


def _clean_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    return env


def _source_copy(dest: Path) -> Path:
    """The files a build needs, copied so the build never writes into the checkout."""
    src = dest / "src"
    ignore = shutil.ignore_patterns("__pycache__", "*.so", "*.pyc", "*.egg-info", "build")
    for name in ("pyr_heatmap", "r"):
        shutil.copytree(ROOT / name, src / name, ignore=ignore)
    for name in ("pyproject.toml", "setup.py", "README.md"):
        shutil.copy2(ROOT / name, src / name)
    return src


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    src = _source_copy(out)
    cmd = [sys.executable, "-m", "pip", "wheel", str(src), "--no-deps", "-w", str(out), "-q"]
    if _can_build_offline():
        cmd.append("--no-build-isolation")
    proc = subprocess.run(cmd, capture_output=True, text=True, env=_clean_env(), cwd=out,
                          timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    wheels = list(out.glob("pyr_heatmap-*.whl"))
    assert len(wheels) == 1, list(out.iterdir())
    return wheels[0]


def test_wheel_contains_r_code(wheel):
    with zipfile.ZipFile(wheel) as zf:
        names = set(zf.namelist())
        assert "pyr_heatmap/r/heatmap.R" in names
        assert "pyr_heatmap/r/__init__.py" in names
        shipped = zf.read("pyr_heatmap/r/heatmap.R").decode("utf-8")
    assert shipped == (ROOT / "r" / "heatmap.R").read_text(encoding="utf-8")
    # every module of every stage package ships (pyproject lists the packages one by one)
    source = {str(f.relative_to(ROOT)) for f in (ROOT / "pyr_heatmap").rglob("*.py")}
    assert source, "no source found"
    assert not source - names, f"modules missing from the wheel: {sorted(source - names)}"
    assert "pyr_heatmap/prepare/data/brainspan_demo/expression_matrix.csv" in names
    for ext in ("pyr_heatmap/engine/_rcore", "pyr_heatmap/figure/colors/_rcolor"):
        assert any(n.startswith(ext) and n.endswith((".so", ".pyd")) for n in names), ext


def test_installed_package_finds_its_r_files(wheel, tmp_path):
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--system-site-packages", str(venv)],
                   check=True, timeout=120)
    py = venv / "bin" / "python"
    # numpy etc. of the interpreter running the tests (it may itself be a virtual environment)
    site = subprocess.run([str(py), "-c", "import sysconfig; print(sysconfig.get_paths()"
                           "['purelib'])"], capture_output=True, text=True, check=True)
    paths = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    Path(site.stdout.strip(), "_outer_site.pth").write_text("\n".join(sorted(paths)) + "\n")
    subprocess.run([str(py), "-m", "pip", "install", "--no-deps", "--no-index", "-q",
                    str(wheel)], check=True, env=_clean_env(), timeout=120)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    code = (
        "import importlib.resources, pathlib, pyr_heatmap, sys\n"
        "from pyr_heatmap.backends.r import bridge as rbridge\n"
        "pkg = pathlib.Path(pyr_heatmap.__file__).resolve()\n"
        "assert pathlib.Path(sys.prefix).resolve() in pkg.parents, pkg\n"
        "f = importlib.resources.files('pyr_heatmap.r') / 'heatmap.R'\n"
        "assert f.is_file() and 'pyrhm_draw' in f.read_text(encoding='utf-8')\n"
        "names = [n for n, _ in rbridge.r_source_files()]\n"
        f"assert names == {sorted(p.name for p in (ROOT / 'r').glob('*.R'))!r}, names\n"
        "assert not any(k.startswith('rpy2') for k in sys.modules)\n"
        "print('ok')\n"
    )
    proc = subprocess.run([str(py), "-c", code], cwd=elsewhere, capture_output=True, text=True,
                          env=_clean_env(), timeout=120)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert proc.stdout.strip() == "ok"
