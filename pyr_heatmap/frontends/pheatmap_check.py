"""Cross-check and R-script export of ``pheatmap()``.

``pheatmap_crosscheck(mat, ...)`` runs the same call in Python (the native path) and in R
(``pheatmap::pheatmap``) and compares what pheatmap computed: the trees (merge, height bit for
bit, order), the drawn orders, the gaps and the colour of every drawn cell.
``pheatmap_to_r_script(mat, path, ...)`` writes a script an R user can run.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from pyr_heatmap.engine.hclust import HClust
from pyr_heatmap.errors import InputError
from pyr_heatmap.figure.colors import r_color_to_hex
from pyr_heatmap.figure.pheatmap import Pheatmap

__all__ = ["PheatmapCrosscheck", "pheatmap_crosscheck", "pheatmap_to_r_script"]


@dataclass
class PheatmapCrosscheck:
    """What :func:`pheatmap_crosscheck` found.

    Attributes
    ----------
    identical : bool
        True when every check agrees.
    checks : dict of str -> bool
        ``tree_row``, ``tree_col`` (merge, height, order, each bit for bit), ``row_order``,
        ``column_order``, ``gaps_row``, ``gaps_col``, ``colors`` (every drawn cell).
    details : dict of str -> str
        What differs, for the checks that failed.
    versions : dict of str -> str
        R's and pheatmap's versions.
    """

    identical: bool
    checks: dict[str, bool]
    details: dict[str, str] = field(default_factory=dict)
    versions: dict[str, str] = field(default_factory=dict)

    def summary(self) -> str:
        """A few lines for people."""
        head = ("pheatmap in R and pyr_heatmap agree" if self.identical
                else "pheatmap in R and pyr_heatmap DIFFER")
        lines = [f"{head} ({', '.join(f'{k} {v}' for k, v in self.versions.items())})"]
        for k, ok in self.checks.items():
            lines.append(f"  {k:<13} {'identical' if ok else 'DIFFERENT'}"
                         + (f": {self.details[k]}" if k in self.details else ""))
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        return {"identical": self.identical, "checks": dict(self.checks),
                "details": dict(self.details), "versions": dict(self.versions)}


def _same_tree(py: HClust | None, r: dict[str, Any] | None) -> tuple[bool, str]:
    if py is None or r is None:
        return (py is None) == (r is None), "" if (py is None) == (r is None) else \
            "clustered on one side only"
    merge = np.asarray(r["merge"], dtype=np.int64).reshape(-1, 2, order="F")
    height = np.asarray(r["height"], dtype=np.float64)
    order = np.asarray(r["order"], dtype=np.int64) - 1
    problems = []
    if merge.shape != py.merge.shape or not np.array_equal(merge, py.merge):
        problems.append("merge")
    if height.shape != py.height.shape or not np.array_equal(height, py.height):
        problems.append("height")
    if not np.array_equal(order, py.order):
        problems.append("order")
    return not problems, ", ".join(problems)


def pheatmap_crosscheck(mat: Any, **args: Any) -> PheatmapCrosscheck:
    """Compare pyr_heatmap's pheatmap computations with ``pheatmap::pheatmap`` run in R.

    Takes :func:`pyr_heatmap.pheatmap`'s arguments (not ``backend``). ``kmeans_k`` must be the
    clusters (R's own ``kmeans`` cannot be compared: its clusters come from R's random numbers).

    Raises
    ------
    RUnavailableError
        R, rpy2 or pheatmap is not usable.
    """
    from pyr_heatmap.backends.r.pheatmap import run_pheatmap

    for key in ("backend", "dpi", "format", "filename"):
        if key in args:
            raise InputError(f"pheatmap_crosscheck() does not take {key!r}")
    fig = Pheatmap(mat, **args)
    spec = fig.compile()
    trees = _callback_trees(fig, spec)
    res = run_pheatmap(spec.call, "null", trees=trees)
    checks: dict[str, bool] = {}
    details: dict[str, str] = {}
    for key, py in (("tree_row", spec.tree_row), ("tree_col", spec.tree_col)):
        ok, why = _same_tree(py, res.get(key))
        checks[key] = ok
        if why:
            details[key] = why
    for key, py_order, tree in (("row_order", spec.row_order, res.get("tree_row")),
                                ("column_order", spec.column_order, res.get("tree_col"))):
        r_order = (np.asarray(tree["order"], dtype=np.int64) - 1 if tree is not None
                   else np.arange(py_order.size))
        checks[key] = bool(np.array_equal(r_order, py_order))
    for key, py_gaps in (("gaps_row", spec.gaps_row), ("gaps_col", spec.gaps_col)):
        r_gaps = np.asarray(res.get(key, []), dtype=np.int64)
        checks[key] = bool(np.array_equal(r_gaps, py_gaps))
        if not checks[key]:
            details[key] = f"R {r_gaps.tolist()}, Python {py_gaps.tolist()}"
    r_fill = [r_color_to_hex(c) for c in res["fill"]]
    py_fill = list(np.asarray(spec.cell_colors, dtype=object).ravel(order="F"))
    diff = sum(a != b for a, b in zip(r_fill, py_fill, strict=False)) + abs(
        len(r_fill) - len(py_fill))
    checks["colors"] = diff == 0
    if diff:
        details["colors"] = f"{diff} of {len(py_fill)} cells differ"
    from pyr_heatmap.backends.r import bridge

    r_version = str(bridge.session(("pheatmap",)).versions.get("r", ["?"])[0])
    versions = {"R": r_version.removeprefix("R version "),
                "pheatmap": str(res.get("version", ["?"])[0])}
    return PheatmapCrosscheck(all(checks.values()), checks, details, versions)


def pheatmap_to_r_script(mat: Any, path: str | os.PathLike[str], *, png: str | None = None,
                         **args: Any) -> Path:
    """Write an R script (and its CSV data) that draws the same pheatmap with ``pheatmap()``.

    Takes :func:`pyr_heatmap.pheatmap`'s arguments. The script reads every text from CSV files
    (data, never code), calls ``pheatmap(mat, ..., filename = "<stem>.png")`` and prints the
    orders, gaps and tree heights (see :mod:`pyr_heatmap.backends.r.pheatmap_rscript`).
    A Python ``clustering_callback`` is exported as the trees it returned.
    """
    from pyr_heatmap.backends.r.pheatmap_rscript import write_pheatmap_script

    kmeans_k = args.get("kmeans_k")
    fig = Pheatmap(mat, **args)
    if isinstance(kmeans_k, int) and not isinstance(kmeans_k, bool):
        call = Pheatmap(mat, **{**args, "kmeans_k": None}).r_call(kmeans_k=kmeans_k)
        return write_pheatmap_script(call, path, png=png)
    spec = fig.compile()
    trees = _callback_trees(fig, spec)
    return write_pheatmap_script(spec.call, path, png=png, trees=trees)


def _callback_trees(fig: Any, spec: Any) -> dict[str, Any]:
    """The trees R must be handed: those a Python ``clustering_callback`` replaced (R cannot
    call it), as ``cluster_rows`` / ``cluster_cols``; none without a callback."""
    if fig.callback is None:
        return {}
    return {k: t for k, t in (("cluster_rows", spec.tree_row), ("cluster_cols", spec.tree_col))
            if t is not None}
