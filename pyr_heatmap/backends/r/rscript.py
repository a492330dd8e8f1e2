"""Export a heatmap as a standalone R script that draws it with ComplexHeatmap.

``to_r_script(hm, "fig/heatmap.R")`` writes, in ``fig/``:

- ``heatmap.R``: the script, written as an R user would (``read.csv``, optionally
  ``log2(mat + 1)`` and ``t(scale(t(mat)))``, ``hclust(dist(mat), method = ...)``, ``Heatmap()``,
  ``draw()``);
- ``heatmap_matrix.csv``: the matrix with its row names (or the raw matrix, with
  ``prepared_from=``); numbers are written with 17 significant digits, which R reads back to the
  same doubles;
- ``heatmap_text.csv``: every piece of text (name, titles, legend labels, colours, annotation
  names and levels) as ``key,value`` rows. The script reads it as data, so no user text ever
  appears in R code;
- ``heatmap_numbers.csv`` and, when needed, CSV files for splits, trees and annotations.

Annotation functions (``anno_barplot(...)`` and the others) are built by the script from the
numbers and text tables as the R backend builds them, with ComplexHeatmap's own ``anno_*``
functions (the package's R code for annotations is copied into the script; see
:mod:`.rscript_anno`).

Running ``Rscript heatmap.R`` writes ``heatmap_ComplexHeatmap.png`` (300 dpi) next to the script
(never ``heatmap.png``, which may be the user's own figure) and prints the orders as
machine-readable lines (see :func:`.rscript_text.parse_script_output`)::

    row_order<TAB>3 1 2 ...              1-based, top to bottom, all slices
    row_slice<TAB><name>,<TAB>3 1 ...     one line per slice when split (name URL-encoded)
    row_labels<TAB>'<label> '<label> ...  labels in drawn order, URL-encoded, each after a quote
    column_order / column_slice / column_labels likewise
    seconds<TAB>1.23                     time of Heatmap() + draw() inside R

All files are written together and atomically: a failure leaves none of them written (and
existing files of the same names untouched). The clustering is R's own, from the same arguments
(``r_clusters=True`` of :mod:`pyr_heatmap.backends.r.draw`); trees supplied from Python become
``hclust(dist(...), method = ...)`` when that call reproduces them exactly, else they are read
from a CSV. Axes clustered by a Python function and k-means labels computed in Python are
written as the final order (see :mod:`pyr_heatmap.backends.r.draw`).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from pyr_heatmap.backends.r.heatmap_args import extra_script_args
from pyr_heatmap.backends.r.rscript_anno import (
    anno_function_helper,
    annotation_function_code,
    has_functions,
)
from pyr_heatmap.backends.r.rscript_dend import DEND_HELPER, dend_code
from pyr_heatmap.backends.r.rscript_style import draw_padding, legend_args, style_args
from pyr_heatmap.backends.r.rscript_text import (
    _ANNO_HELPER,
    _FOOTER,
    _HEADER,
    _SPLIT_HELPER,
    _TREE_HELPER,
    _Files,
    _matrix_csv,
    _tree_csv,
    _typed_columns_csv,
    r_num,
    r_string,
)
from pyr_heatmap.engine.hclust import HClust
from pyr_heatmap.errors import InputError
from pyr_heatmap.io import check_target, write_atomic_many

__all__ = ["to_r_script"]

STEPS = {
    "log2p": "mat <- log2(mat + 1)",
    "scale_rows": "mat <- t(scale(t(mat)))",
}


def _bool(x: bool) -> str:
    return "TRUE" if x else "FALSE"


def _tree_code(tree: HClust, x: np.ndarray, which: str) -> str | None:
    """``hclust(dist(...))`` code when it reproduces ``tree`` exactly, else None."""
    from pyr_heatmap.engine.dist import COR_METHODS, DIST_METHODS, dist
    from pyr_heatmap.engine.hclust import HCLUST_METHODS, hclust
    from pyr_heatmap.errors import PyrHeatmapError

    method, dm = tree.method, tree.dist_method
    if method not in HCLUST_METHODS or dm not in DIST_METHODS + COR_METHODS or dm == "minkowski":
        return None
    try:
        again = hclust(dist(x, method=dm), method)
    except PyrHeatmapError:
        return None
    if not (np.array_equal(again.merge, tree.merge) and np.array_equal(again.height, tree.height)):
        return None
    if dm in COR_METHODS and np.isnan(x).any():
        return None  # cor() without ComplexHeatmap's NA handling would give NA distances
    if dm in COR_METHODS:
        data = "t(mat)" if which == "row" else "mat"
        d = f"as.dist(1 - cor({data}, method = {r_string(dm)}))"
    else:
        data = "mat" if which == "row" else "t(mat)"
        d = f"dist({data}, method = {r_string(dm)})"
    return f"hclust({d}, method = {r_string(method)})"


def _axis_code(plan: Any, files: _Files, values: np.ndarray, helpers: set[str]) -> tuple[
        list[str], list[str]]:
    """(preparation lines, Heatmap() argument strings) of one axis."""
    from pyr_heatmap.backends.r.plan import AxisPlan

    assert isinstance(plan, AxisPlan)
    w = plan.which
    short = "r" if w == "row" else "c"
    lines: list[str] = []
    args: list[str] = []
    if isinstance(plan.cluster, HClust):
        x = values if w == "row" else np.ascontiguousarray(values.T)
        code = None if plan.python_trees else _tree_code(plan.cluster, x, w)
        if code is None:
            name = files.name(f"{w}_tree.csv")
            files.files[name] = _tree_csv(plan.cluster)
            helpers.add("tree")
            lines.append(f"h{short} <- read_tree({r_string(name)})  # tree computed in Python")
        else:
            lines.append(f"h{short} <- {code}")
        if plan.tree_as_function:  # R takes h$order, as from the clustering function
            args.append(f"cluster_{w}s = function(m) h{short}")
        else:
            args.append(f"cluster_{w}s = h{short}")
    else:
        args.append(f"cluster_{w}s = {_bool(bool(plan.cluster))}")
    if plan.distance is not None and plan.cluster is True:
        args.append(f"clustering_distance_{w}s = {files.add_text(f'{w}_distance', plan.distance)}")
    if plan.method is not None and plan.cluster is True:
        args.append(f"clustering_method_{w}s = {files.add_text(f'{w}_method', plan.method)}")
    if isinstance(plan.reorder, np.ndarray):
        args.append(f"{w}_dend_reorder = {files.add_numbers(f'{w}_dend_reorder', plan.reorder)}")
    elif plan.reorder is not None:
        args.append(f"{w}_dend_reorder = {_bool(bool(plan.reorder))}")
    if isinstance(plan.split, int):
        args.append(f"{w}_split = {int(plan.split)}")
    elif plan.split is not None:
        name = files.name(f"{w}_split.csv")
        files.files[name] = _typed_columns_csv([(c.values, c.kind) for c in plan.split])
        for j, c in enumerate(plan.split):
            if c.kind == "factor":
                files.add_text(f"{w}_split_levels_{j + 1}", list(c.levels))
        kinds = ", ".join(r_string(c.kind) for c in plan.split)
        helpers.add("split")
        lines.append(f"{w}_split <- read_split({r_string(name)}, c({kinds}), "
                     f"{r_string(f'{w}_split_levels_')})")
        args.append(f"{w}_split = {w}_split")
    args.append(f"cluster_{w}_slices = {_bool(plan.cluster_slices)}")
    if plan.km > 1:
        args.append(f"{w}_km = {int(plan.km)}, {w}_km_repeats = {int(plan.km_repeats)}")
    if plan.order is not None:
        args.append(f"{w}_order = {files.add_numbers(f'{w}_order', plan.order + 1)}")
    if plan.title is not None:
        key = files.add_text(f"{w}_title", plan.title)
        args.append(f"{w}_title = {'NULL' if plan.title_in_draw else key}")
    return lines, args


def _annotation_code(side: str, block: Any, which: str, files: _Files) -> str:
    key = f"{side}_anno"
    name = files.name(f"{side}_annotation.csv")
    cols: list[tuple[list[Any], str]] = []
    files.add_text(f"{key}_names", [t.name for t in block.tracks])
    files.add_text(f"{key}_na_col", block.na_col)
    for i, t in enumerate(block.tracks, start=1):
        k = f"{key}_{i}"
        if t.discrete:
            cols.append(([None if v is None else str(v) for v in t.values], "character"))
            files.add_text(f"{k}_levels", list(t.levels))
            files.add_text(f"{k}_colors", [t.colors[lv] for lv in t.levels])
        else:
            cols.append(([float(v) for v in np.asarray(t.values, dtype=float)], "double"))
            files.add_numbers(f"{k}_breaks", t.colors.breaks)
            files.add_text(f"{k}_colors", list(t.colors.colors))
            files.add_text(f"{k}_space", t.colors.space)
            files.add_numbers(f"{k}_transparency", t.colors.transparency)
    files.files[name] = _typed_columns_csv(cols)
    discrete = ", ".join(_bool(t.discrete) for t in block.tracks)
    return (f"read_annotation({r_string(name)}, {r_string(key)}, {r_string(which)}, "
            f"c({discrete}), {r_num(block.size_mm)}, {_gaps(block)}, "
            f"{_bool(block.show_legend)}, {_bool(block.show_name)})")


def _gaps(block: Any) -> str:
    """The block's gap, or ``c(...)`` with one per pair of annotations."""
    gaps = block.gaps()
    if len(set(gaps)) > 1:
        return "c(" + ", ".join(r_num(g) for g in gaps) + ")"
    return r_num(block.gap_mm)


def _prepared_lines(heatmap: Any, spec: Any, prepared_from: Any, steps: Sequence[str],
                    files: _Files) -> list[str]:
    """Check that ``steps`` turn ``prepared_from`` into the heatmap's matrix; the R lines."""
    from pyr_heatmap.prepare import log2p, scale_rows

    unknown = [s for s in steps if s not in STEPS]
    if unknown or not steps:
        raise InputError(f"unknown preparation steps {unknown}; use some of {sorted(STEPS)}")
    if isinstance(prepared_from, pd.DataFrame):
        raw = prepared_from.copy()
    else:
        arr = np.array(prepared_from, dtype=np.float64, copy=True)
        if arr.ndim != 2:
            raise InputError("prepared_from must be a 2-D matrix or a DataFrame")
        raw = pd.DataFrame(arr, index=[str(i + 1) for i in range(arr.shape[0])],
                           columns=[str(j + 1) for j in range(arr.shape[1])])
    cur = raw
    for s in steps:
        cur = log2p(cur) if s == "log2p" else scale_rows(cur, zero_variance="keep")
    values = cur.to_numpy(dtype=np.float64, na_value=np.nan)
    rows = [str(v) for v in cur.index]
    cols = [str(v) for v in cur.columns]
    lines = [STEPS[s] for s in steps]
    if values.shape[0] != spec.matrix.shape[0]:
        keep = ~np.isnan(values).all(axis=1)
        values = values[keep]
        rows = [r for r, k in zip(rows, keep, strict=True) if k]
        lines.append("mat <- mat[rowSums(!is.na(mat)) > 0, , drop = FALSE]  # rows scale() "
                     "turned into NaN")
    same = (values.shape == spec.matrix.shape
            and np.array_equal(values, spec.matrix, equal_nan=True)
            and tuple(rows) == spec.row.labels and tuple(cols) == spec.column.labels)
    if not same:
        raise InputError(
            "prepared_from with steps " + " -> ".join(steps) + " does not give the heatmap's "
            "matrix (values or labels differ); pass the raw matrix the heatmap was made from "
            "and the steps applied to it"
        )
    raw_values = raw.to_numpy(dtype=np.float64, na_value=np.nan)
    name = files.name("raw_matrix.csv")
    files.files[name] = _matrix_csv(raw_values, [str(v) for v in raw.index],
                                    [str(v) for v in raw.columns])
    return [f"mat <- read_matrix({r_string(name)}, {raw_values.shape[1]})  # raw values",
            *lines]


def _check_exportable(spec: Any) -> None:
    """The script does not write character matrices yet: say so."""
    if getattr(spec.col, "discrete", False):
        raise InputError("to_r_script() cannot export a character matrix yet; draw it with "
                         "backend='r' (ComplexHeatmap) instead")


def heatmap_args(spec: Any, files: _Files, helpers: set[str], body: list[str]) -> tuple[
        list[str], list[str]]:
    """The arguments of the script's ``Heatmap(mat, ...)`` call for ``spec``.

    Lines the call needs first (trees, splits, annotations) are appended to ``body``; the R
    helpers they use are added to ``helpers``. Returns ``(arguments, draw() titles)``.
    """
    from pyr_heatmap.backends.r.plan import _body_size, _pass_col, plan_axis

    values = np.asarray(spec.matrix)
    plans = []
    for which in ("row", "column"):
        plan = plan_axis(spec, which, True)
        if plan.km_labels is not None:  # k-means labels from Python: draw the final order
            plan = plan_axis(spec, which, False)
        plans.append(plan)
    args = [f"name = {files.add_text('name', spec.name)}"]
    draw_titles = []
    for plan in plans:
        lines, axis_args = _axis_code(plan, files, values, helpers)
        body += lines
        args += axis_args
        if plan.title is not None and plan.title_in_draw:
            draw_titles.append(f"{plan.which}_title = txt({r_string(plan.which + '_title')})")
    if dend_code(spec, files, body, args):
        helpers.add("dend")
    if _pass_col(spec, True):
        col = spec.col
        args.append(
            f"col = colorRamp2({files.add_numbers('col_breaks', col.breaks)}, "
            f"{files.add_text('col_colors', list(col.colors))}, "
            f"space = {files.add_text('col_space', col.space)}, "
            f"transparency = {files.add_numbers('col_transparency', col.transparency)})"
        )
    args.append(f"na_col = {files.add_text('na_col', spec.na_col)}")
    legend = [f"title = {files.add_text('legend_title', spec.legend.title)}"]
    if spec.legend.at is not None:
        legend.append(f"at = {files.add_numbers('legend_at', spec.legend.at)}")
    if spec.legend.labels is not None:
        legend.append(f"labels = {files.add_text('legend_labels', list(spec.legend.labels))}")
    legend += legend_args(spec, files)
    args.append(f"heatmap_legend_param = list({', '.join(legend)})")
    style_lines, style = style_args(spec, files)
    body += style_lines
    args += style
    if spec.r_args.get("row_order") is not None and plans[0].order is None:
        args.append(f"row_order = {files.add_numbers('row_order', spec.r_args['row_order'] + 1)}")
    if spec.r_args.get("column_order") is not None and plans[1].order is None:
        args.append("column_order = "
                    f"{files.add_numbers('column_order', spec.r_args['column_order'] + 1)}")
    for side, block, which in (("top", spec.column.before, "column"),
                               ("bottom", spec.column.after, "column"),
                               ("left", spec.row.before, "row"),
                               ("right", spec.row.after, "row")):
        if has_functions(block):  # anno_* functions: the R backend's own payload
            helpers.add("annofun")
            code = annotation_function_code(side, block, which, files)
            body.append(f"{side}_annotation <- {code}")
            args.append(f"{side}_annotation = {side}_annotation")
        elif block is not None and block.tracks:
            helpers.add("anno")
            body.append(f"{side}_annotation <- {_annotation_code(side, block, which, files)}")
            args.append(f"{side}_annotation = {side}_annotation")
    width, height = _body_size(spec)
    args += [
        f"show_row_names = {_bool(spec.row.show_names)}",
        f"show_column_names = {_bool(spec.column.show_names)}",
        f"column_names_rot = {r_num(spec.column.names_rot)}",
        f"show_row_dend = {_bool(spec.row.show_dend)}",
        f"show_column_dend = {_bool(spec.column.show_dend)}",
        f"row_dend_width = unit({r_num(spec.row.dend_mm)}, \"mm\")",
        f"column_dend_height = unit({r_num(spec.column.dend_mm)}, \"mm\")",
        f"row_gap = unit({r_num(spec.row.gap_mm)}, \"mm\")",
        f"column_gap = unit({r_num(spec.column.gap_mm)}, \"mm\")",
        f"show_heatmap_legend = {_bool(spec.legend.show)}",
        f"use_raster = {_bool(spec.use_raster)}",
    ]
    args += [f"{w} = unit({r_num(v)}, \"mm\")" for w, v in (("width", width), ("height", height))
             if getattr(spec, f"heatmap_{w}_mm") is None]  # heatmap_width replaces width
    args += extra_script_args(spec, files)
    return args, draw_titles


def to_r_script(
    heatmap: Any,
    path: str | os.PathLike[str],
    *,
    prepared_from: Any = None,
    steps: Sequence[str] = ("log2p", "scale_rows"),
    png: str | None = None,
    dpi: float = 300.0,
) -> Path:
    """Write an R script (and its CSV data) that draws ``heatmap`` with ComplexHeatmap.

    Parameters
    ----------
    heatmap : Heatmap
    path : str or path-like
        The script to write (``.R``); its folder must exist. The data files are written next to
        it, named after it (``<stem>_matrix.csv``, ``<stem>_text.csv``, ...).
    prepared_from : DataFrame or 2-D array, optional
        The raw matrix the heatmap's matrix was prepared from. The script then reads it and
        prepares it as R users do; ``steps`` must reproduce the heatmap's matrix exactly
        (checked here), including dropping rows that ``scale()`` makes all-NaN.
    steps : sequence of {"log2p", "scale_rows"}
        ``"log2p"``: ``mat <- log2(mat + 1)``; ``"scale_rows"``: ``mat <- t(scale(t(mat)))``.
    png : str, optional
        File name of the PNG the script writes, next to the script (default
        ``<stem>_ComplexHeatmap.png``: a figure the user saved as ``<stem>.png`` is never
        overwritten by running the script).
    dpi : float
        Resolution of that PNG (default 300, as every figure file of the package).

    Returns
    -------
    pathlib.Path
        The script's path (read the script with ``path.read_text()``; the CSV data files sit
        next to it).

    Raises
    ------
    InputError
        The folder does not exist, or ``prepared_from``/``steps`` do not give the matrix.
    OutputError
        A file cannot be written; then none of them is (an existing script or data file of
        the same name is left untouched).
    """
    from pyr_heatmap._version import __version__
    from pyr_heatmap.result import check_dpi

    dpi = check_dpi(dpi)
    target = check_target(path, "the R script")
    folder = target.parent if str(target.parent) else Path(".")
    spec = heatmap.compile()
    _check_exportable(spec)
    files = _Files(folder, target.stem)
    helpers: set[str] = set()
    values = np.asarray(spec.matrix)
    body: list[str] = []
    if prepared_from is not None:
        body += _prepared_lines(heatmap, spec, prepared_from, list(steps), files)
    else:
        name = files.name("matrix.csv")
        files.files[name] = _matrix_csv(values, spec.row.labels, spec.column.labels)
        body.append(f"mat <- read_matrix({r_string(name)}, {values.shape[1]})")
    args, draw_titles = heatmap_args(spec, files, helpers, body)
    png_name = png if png is not None else f"{target.stem}_ComplexHeatmap.png"
    draw_call = ("draw(ht" + "".join(f", {t}" for t in draw_titles)
                 + ",\n          padding = grid::unit("
                 + f'{draw_padding(spec)}, "mm"))')
    parts = [_HEADER.format(version=__version__, text_file=r_string(files.name("text.csv")),
                            numbers_file=r_string(files.name("numbers.csv")))]
    if "split" in helpers:
        parts.append(_SPLIT_HELPER)
    if "tree" in helpers:
        parts.append(_TREE_HELPER)
    if "anno" in helpers:
        parts.append(_ANNO_HELPER)
    if "annofun" in helpers:
        parts.append(anno_function_helper())
    if "dend" in helpers:
        parts.append(DEND_HELPER)
    parts.append("\n" + "\n".join(body) + "\n")
    parts.append("\nt0 <- proc.time()[[\"elapsed\"]]\n")
    if heatmap.seed is not None:
        parts.append(f"set.seed({int(heatmap.seed)})  # R's k-means\n")
    parts.append("# Heatmap() measures text on the current device: open the scratch device first\n"
                 "scratch <- tempfile(fileext = \".png\")\n"
                 f"png(scratch, width = 7, height = 7, units = \"in\", res = {r_num(dpi)})\n")
    parts.append("ht <- Heatmap(\n    mat,\n    " + ",\n    ".join(args) + "\n)\n")
    parts.append(_FOOTER.format(dpi=r_num(dpi), draw_call=draw_call, png_file=r_string(png_name)))
    script = "".join(parts)
    # the data files and the script are written together: all of them or none
    write_atomic_many({**files.contents(), target: script.encode("utf-8")})
    return target
