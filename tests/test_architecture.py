"""The package keeps the shape docs/architecture.md describes: data flows one way.

prepare -> engine -> figure -> result -> backends -> the front doors (dispatch, convenience, cli). A
module may import its own stage and lower stages only; the two backends never import each other;
only ``pyr_heatmap.backends.r`` imports rpy2. The one sanctioned upward call: the verbs of figure
objects (``draw``, ``crosscheck``, ``to_r_script``) import :mod:`pyr_heatmap.dispatch` inside the
method, never at module level, and dispatch picks the backend.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PKG = Path(__file__).resolve().parents[1] / "pyr_heatmap"

# (prefix, rank): the longest matching prefix gives a module's stage.
STAGES = (
    ("pyr_heatmap.errors", 0),
    ("pyr_heatmap._names", 0),
    ("pyr_heatmap.io", 0),
    ("pyr_heatmap._version", 0),
    ("pyr_heatmap.prepare", 1),
    ("pyr_heatmap.engine", 2),
    ("pyr_heatmap.figure", 3),
    ("pyr_heatmap.result", 4),
    ("pyr_heatmap.backends.native", 5),
    ("pyr_heatmap.backends.r", 5),
    ("pyr_heatmap.backends", 5),
    ("pyr_heatmap.dispatch", 6),
    ("pyr_heatmap.frontends", 6),
    ("pyr_heatmap.convenience", 6),
    ("pyr_heatmap.cli", 7),
    ("pyr_heatmap", 8),  # the package's __init__: the public API
)
DISPATCH = "pyr_heatmap.dispatch"


def _stage(module: str) -> tuple[str, int]:
    for prefix, rank in STAGES:
        if module == prefix or module.startswith(prefix + "."):
            return prefix, rank
    raise AssertionError(f"{module} belongs to no stage; add it to STAGES and docs/architecture.md")


def _module_name(path: Path) -> str:
    rel = path.relative_to(PKG.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imports(path: Path) -> list[tuple[str, int, bool]]:
    """(imported module, line, at module level) for every import in the file."""
    module = _module_name(path)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    top = {id(n) for n in tree.body}
    for node in tree.body:  # imports guarded by TYPE_CHECKING/try at module level count as top
        if isinstance(node, (ast.If, ast.Try)):
            top.update(id(n) for n in ast.walk(node))
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out += [(a.name, node.lineno, id(node) in top) for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            # "from pyr_heatmap.x import y" may import the module x.y
            out += [(f"{target}.{a.name}" if (PKG.parent / (target + "." + a.name).replace(
                ".", "/")).with_suffix(".py").exists() or (PKG.parent / (
                    target + "." + a.name).replace(".", "/")).is_dir() else target,
                     node.lineno, id(node) in top) for a in node.names]
    return out


MODULES = sorted(PKG.rglob("*.py"))


def test_every_module_has_a_stage() -> None:
    for path in MODULES:
        _stage(_module_name(path))


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PKG)))
def test_imports_flow_one_way(path: Path) -> None:
    module = _module_name(path)
    own, rank = _stage(module)
    problems = []
    for target, line, at_top in _imports(path):
        if target.split(".")[0] == "rpy2" and own != "pyr_heatmap.backends.r":
            problems.append(f"line {line}: imports {target}; only pyr_heatmap.backends.r may")
        if not target.startswith("pyr_heatmap"):
            continue
        other, other_rank = _stage(target)
        if other.startswith("pyr_heatmap.backends.") and own.startswith(
                "pyr_heatmap.backends.") and other != own:
            problems.append(f"line {line}: backend {own} imports the other backend {target}")
        elif other_rank > rank:
            sanctioned = own == "pyr_heatmap.figure" and target == DISPATCH and not at_top
            if not sanctioned:
                problems.append(f"line {line}: {own} (stage {rank}) imports the later stage "
                                f"{target} (stage {other_rank})")
    assert not problems, f"{module}:\n" + "\n".join(problems)


def test_modules_stay_small() -> None:
    """No module over ~500 lines, data tables excepted (the R colour names)."""
    exempt = {"_rcolors.py"}
    big = {str(p.relative_to(PKG)): n for p in MODULES
           if p.name not in exempt and (n := len(p.read_text(encoding="utf-8").splitlines())) > 520}
    assert not big, f"modules over 520 lines: {big}"


def test_the_checker_sees_violations(tmp_path: Path) -> None:
    """The walk itself works: an upward and an rpy2 import in a figure module are both caught."""
    fake = PKG / "figure" / "_architecture_probe.py"
    assert not fake.exists()
    fake.write_text("import rpy2\nfrom pyr_heatmap.backends.native import plotter\n")
    try:
        with pytest.raises(AssertionError) as err:
            test_imports_flow_one_way(fake)
    finally:
        fake.unlink()
    assert "rpy2" in str(err.value) and "later stage" in str(err.value)
