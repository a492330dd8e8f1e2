"""Export a heatmap list as a standalone R script that draws it with ComplexHeatmap.

``ht_list.to_r_script("fig/list.R", row_split=3)`` writes, in ``fig/``:

- ``list.R``: the script: one ``Heatmap()`` per heatmap (written as
  :func:`~pyr_heatmap.backends.r.rscript.to_r_script` writes a single heatmap; the main heatmap
  carries the arguments ``draw()`` sets on it), row or column annotations, joined with ``+`` or
  ``%v%``, then ``draw(ht_list, main_heatmap = , ht_gap = , ...)`` with the list's arguments;
- ``list_<i>_matrix.csv``, ``list_<i>_text.csv``, ``list_<i>_numbers.csv`` (and split, tree and
  annotation files) for member ``i``; ``list_text.csv`` and ``list_numbers.csv`` for the list's
  own arguments. Every piece of text is read as data, none is written into R code.

Running ``Rscript list.R`` writes ``list_ComplexHeatmap.png`` and prints the orders::

    shared_order<TAB>3 1 2 ...                 the shared axis (rows of a horizontal list), 1-based
    shared_slice<TAB><slice><TAB>3 1 ...       one line per slice when split (URL-encoded name)
    own_order<TAB><heatmap><TAB>2 1 ...        each heatmap's order of the other axis
    own_slice<TAB><heatmap><TAB><slice><TAB>...

:func:`parse_list_output` reads them back (0-based), in the form of
:class:`~pyr_heatmap.result.heatmap_list.HeatmapListOrders`. All files are written together,
all or nothing.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import numpy as np

from pyr_heatmap.backends.r.rscript import _annotation_code, _check_exportable, heatmap_args
from pyr_heatmap.backends.r.rscript_text import (
    _ANNO_HELPER,
    _HEADER,
    _SPLIT_HELPER,
    _TREE_HELPER,
    _Files,
    _matrix_csv,
    r_num,
    r_string,
)
from pyr_heatmap.figure.heatmap_list import HeatmapListSpec
from pyr_heatmap.figure.heatmap_list_args import LAYOUT_DEFAULTS
from pyr_heatmap.figure.legends import Legend
from pyr_heatmap.io import check_target, write_atomic_many
from pyr_heatmap.result.heatmap_list import per_heatmap_orders

__all__ = ["list_to_r_script", "parse_list_output"]

_READ_TABLES = """\
text <- read_text({text})
numbers <- utils::read.csv(data_file({numbers}), colClasses = c("character", "numeric"),
                           na.strings = character(0))
"""

_LIST_FOOTER = """
# draw on the scratch device to measure the figure, then replay it on a PNG device of that size
d <- {draw_call}
w <- convertWidth(ComplexHeatmap:::width.HeatmapList(d), "in", valueOnly = TRUE)
h <- convertHeight(ComplexHeatmap:::height.HeatmapList(d), "in", valueOnly = TRUE)
extra <- function(nm) if (is.null(d@ht_list_param$called_arguments[[nm]])) list() else
    d@ht_list_param$called_arguments[[nm]]
legend_h <- max(
    convertHeight(heatmap_legend_size(d, legend_list = extra("heatmap_legend_list"))[2], "in",
                  valueOnly = TRUE),
    convertHeight(annotation_legend_size(d, legend_list = extra("annotation_legend_list"))[2],
                  "in", valueOnly = TRUE))
h <- max(h, legend_h + 6 / 25.4)  # legends taller than the heatmaps
plot <- recordPlot()  # replayed as drawn: legends keep the layout measured here
invisible(dev.off())
unlink(scratch)
png(data_file({png_file}), width = w, height = h, units = "in", res = {dpi})
replayPlot(plot)
invisible(dev.off())

# the orders, as machine-readable lines (1-based; names URL-encoded)
enc <- function(x) vapply(x, utils::URLencode, "", reserved = TRUE, USE.NAMES = FALSE)
emit <- function(what, o, name = NULL) {{
    pre <- if (is.null(name)) "" else paste0(enc(name), "\\t")
    cat(what, "_order\\t", pre, paste(unlist(o), collapse = " "), "\\n", sep = "")
    if (is.list(o)) {{
        nm <- if (is.null(names(o))) as.character(seq_along(o)) else names(o)
        for (i in seq_along(o)) {{
            cat(what, "_slice\\t", pre, enc(nm[i]), "\\t", paste(o[[i]], collapse = " "),
                "\\n", sep = "")
        }}
    }}
}}
horizontal <- d@direction == "horizontal"
emit("shared", if (horizontal) row_order(d) else column_order(d))
for (ht in Filter(function(x) inherits(x, "Heatmap"), d@ht_list)) {{
    emit("own", if (horizontal) column_order(ht) else row_order(ht), ht@name)
}}
"""


def _draw_call(spec: HeatmapListSpec, files: _Files) -> str:
    """``draw(ht_list, ...)`` with the list's arguments, text and numbers read as data."""
    da = spec.draw_args
    args = [f"main_heatmap = {files.add_text('main_heatmap', spec.members[spec.main][1])}",
            f"ht_gap = unit({files.add_numbers('ht_gap', da['ht_gap'])}, \"mm\")",
            "heatmap_legend_side = "
            f"{files.add_text('heatmap_legend_side', da['heatmap_legend_side'])}",
            "annotation_legend_side = "
            f"{files.add_text('annotation_legend_side', da['annotation_legend_side'])}",
            f"merge_legends = {'TRUE' if da['merge_legend'] else 'FALSE'}"]
    for key in ("row_title", "column_title"):
        if da.get(key) is not None:
            args.append(f"{key} = {files.add_text(key, da[key])}")
    padding = da.get("padding") or (2.0, 2.0, 2.0, 8.0)  # room for wider fonts at the right
    args.append(f"padding = unit({files.add_numbers('padding', padding)}, \"mm\")")
    for key in ("heatmap_legend_list", "annotation_legend_list"):
        if da.get(key):
            codes = [_legend_code(lg, files, f"{key}_{i}") for i, lg in enumerate(da[key], 1)]
            args.append(f"{key} = list(" + ", ".join(codes) + ")")
    for key, default in LAYOUT_DEFAULTS.items():
        value = da.get(key, default)
        if key == "padding" or value is None or value == default or key.endswith("_list"):
            continue
        if isinstance(value, (bool, np.bool_)):
            args.append(f"{key} = {'TRUE' if value else 'FALSE'}")
        elif isinstance(value, float):
            args.append(f"{key} = unit({r_num(value)}, \"mm\")")
        else:
            args.append(f"{key} = {files.add_text(key, str(value))}")
    return "draw(ht_list,\n          " + ",\n          ".join(args) + ")"


def _legend_code(legend: Legend, files: _Files, key: str) -> str:
    """``Legend(...)`` of one extra legend, its values read from the CSV files."""
    args = [f"title = {files.add_text(f'{key}_title', legend.title)}",
            f"direction = {r_string(legend.direction)}"]
    if legend.at is not None:
        at = legend.at
        args.append("at = " + (files.add_text(f"{key}_at", list(at)) if isinstance(at[0], str)
                               else files.add_numbers(f"{key}_at", at)))
    if legend.labels is not None:
        args.append(f"labels = {files.add_text(f'{key}_labels', list(legend.labels))}")
    gp = [f"{k} = {files.add_text(f'{key}_{k}', list(v))}" for k, v in legend.legend_gp.items()]
    if gp:
        args.append(f"legend_gp = gpar({', '.join(gp)})")
    f = legend.col_fun
    if f is not None:
        args.append(f"col_fun = colorRamp2({files.add_numbers(f'{key}_breaks', f.breaks)}, "
                    f"{files.add_text(f'{key}_colors', list(f.colors))}, "
                    f"space = {files.add_text(f'{key}_space', f.space)}, "
                    f"transparency = {r_num(f.transparency)})")
    return "Legend(" + ", ".join(args) + ")"


def list_to_r_script(spec: HeatmapListSpec, path: str | os.PathLike[str], *,
                     png: str | None = None, dpi: float = 300.0) -> Path:
    """Write the R script and its data files for a compiled heatmap list; see
    :meth:`~pyr_heatmap.figure.heatmap_list.HeatmapList.to_r_script`."""
    from pyr_heatmap._version import __version__
    from pyr_heatmap.result import check_dpi

    dpi = check_dpi(dpi)
    target = check_target(path, "the R script")
    folder = target.parent if str(target.parent) else Path(".")
    top = _Files(folder, target.stem)
    helpers: set[str] = set()
    blocks: list[str] = []
    parts_files: list[_Files] = []
    which = "row" if spec.direction == "horizontal" else "column"
    for i, (kind, _name, obj) in enumerate(spec.members, start=1):
        files = _Files(folder, f"{target.stem}_{i}")
        parts_files.append(files)
        body = [_READ_TABLES.format(text=r_string(files.name("text.csv")),
                                    numbers=r_string(files.name("numbers.csv"))).rstrip("\n")]
        if kind == "heatmap":
            _check_exportable(obj)
            values = np.asarray(obj.matrix)
            name = files.name("matrix.csv")
            files.files[name] = _matrix_csv(values, obj.row.labels, obj.column.labels)
            body.append(f"mat <- read_matrix({r_string(name)}, {values.shape[1]})")
            args, _titles = heatmap_args(obj, files, helpers, body)
            body.append(f"member_{i} <- Heatmap(\n    mat,\n    " + ",\n    ".join(args) + "\n)")
        else:
            helpers.add("anno")
            body.append(f"member_{i} <- {_annotation_code('member', obj, which, files)}")
        blocks.append("\n".join(body))
    op = " + " if spec.direction == "horizontal" else " %v% "
    join = op.join(f"member_{i}" for i in range(1, len(spec.members) + 1))
    draw_call = _draw_call(spec, top)
    parts = [_HEADER.format(version=__version__, text_file=r_string(top.name("text.csv")),
                            numbers_file=r_string(top.name("numbers.csv")))]
    parts += [helper for key, helper in (("split", _SPLIT_HELPER), ("tree", _TREE_HELPER),
                                         ("anno", _ANNO_HELPER)) if key in helpers]
    parts.append("\n# Heatmap() measures text on the current device: open the scratch device "
                 "first\nscratch <- tempfile(fileext = \".png\")\n"
                 f"png(scratch, width = 7, height = 7, units = \"in\", res = {r_num(dpi)})\n"
                 "dev.control(\"enable\")  # record the drawing\n")
    parts += ["\n" + b + "\n" for b in blocks]
    parts.append(f"\nht_list <- {join}\n")
    parts.append(_READ_TABLES.format(text=r_string(top.name("text.csv")),
                                     numbers=r_string(top.name("numbers.csv"))))
    png_name = png if png is not None else f"{target.stem}_ComplexHeatmap.png"
    parts.append(_LIST_FOOTER.format(dpi=r_num(dpi), draw_call=draw_call,
                                     png_file=r_string(png_name)))
    contents = top.contents()
    for files in parts_files:
        contents.update(files.contents())
    write_atomic_many({**contents, target: "".join(parts).encode("utf-8")})
    return target


def parse_list_output(text: str, spec: HeatmapListSpec) -> dict[str, Any]:
    """The orders an exported list script printed, 0-based, as ``HeatmapListOrders`` holds them.

    Returns ``{"row_order": ..., "column_order": ...}``: the shared axis an array (a dict of
    slices when split), the other axis a dict by heatmap name.
    """
    shared: dict[str, Any] = {"order": None, "slices": {}}
    own: dict[str, dict[str, Any]] = {}
    for line in text.splitlines():
        parts = line.split("\t")
        nums = parts[-1].split()
        arr = np.array([int(v) - 1 for v in nums], dtype=np.int64)
        if parts[0] == "shared_order" and len(parts) == 2:
            shared["order"] = arr
        elif parts[0] == "shared_slice" and len(parts) == 3:
            shared["slices"][unquote(parts[1])] = arr
        elif parts[0] == "own_order" and len(parts) == 3:
            own.setdefault(unquote(parts[1]), {"order": arr, "slices": {}})["order"] = arr
        elif parts[0] == "own_slice" and len(parts) == 4:
            own.setdefault(unquote(parts[1]), {"order": None, "slices": {}})["slices"][
                unquote(parts[2])] = arr

    def _one(o: dict[str, Any]) -> Any:
        return o["slices"] if o["slices"] else o["order"]

    shared_order = _one(shared)
    own_orders = per_heatmap_orders({name: _one(o) for name, o in own.items()})
    if spec.direction == "horizontal":
        return {"row_order": shared_order, "column_order": own_orders}
    return {"row_order": own_orders, "column_order": shared_order}
