"""Export a pheatmap as a standalone R script calling ``pheatmap::pheatmap``.

``pheatmap_to_r_script(mat, "fig/ph.R", scale="row")`` writes ``ph.R`` and its data files
(``ph_matrix.csv``, ``ph_text.csv``, ``ph_numbers.csv``, annotation/tree/distance CSVs when
needed) next to it, with the helpers of :mod:`.rscript_text` (every text is read from the CSV
files as data). Running ``Rscript ph.R`` writes ``ph.png`` (pheatmap's own ``filename``) and
prints the result as lines::

    row_order<TAB>3 1 2 ...        1-based, top to bottom (1..n when not clustered)
    column_order<TAB>...
    gaps_row<TAB>2 5               the gaps drawn (empty when none)
    gaps_col<TAB>...
    row_height<TAB>0.5 1.25 ...    $tree_row$height, 17 significant digits (when clustered)
    column_height<TAB>...
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from pyr_heatmap.backends.r.rscript_text import (
    _HEADER,
    _TREE_HELPER,
    _Files,
    _matrix_csv,
    _tree_csv,
    _typed_columns_csv,
    r_string,
)
from pyr_heatmap.engine.hclust import HClust
from pyr_heatmap.errors import InputError
from pyr_heatmap.io import check_target, write_atomic_many

__all__ = ["parse_pheatmap_output", "write_pheatmap_script"]

# the header of the ComplexHeatmap script without its library() block
_COMMON = _HEADER.split("}})\n", 1)[1]

_FOOTER = """
emit <- function(what, v) cat(what, "\\t", paste(v, collapse = " "), "\\n", sep = "")
tree_or <- function(t, n) if (inherits(t, "hclust")) t$order else seq_len(n)
emit("row_order", tree_or(ph$tree_row, {nrow}))
emit("column_order", tree_or(ph$tree_col, ncol(mat)))
emit("gaps_row", {gaps_row})
emit("gaps_col", {gaps_col})
if (inherits(ph$tree_row, "hclust")) emit("row_height", sprintf("%.17g", ph$tree_row$height))
if (inherits(ph$tree_col, "hclust")) emit("column_height", sprintf("%.17g", ph$tree_col$height))
"""

_ANNOTATION_HELPER = """
# an annotation data frame read from a CSV: v<i> = values of variable i, na<i> = missing
read_ph_annotation <- function(name, key, kinds) {
    d <- read_text(name)
    cols <- lapply(seq_along(kinds), function(i) {
        x <- d[[paste0("v", i)]]
        x[d[[paste0("na", i)]] == "TRUE"] <- NA
        if (kinds[i] == "double") as.numeric(x) else x
    })
    names(cols) <- txt(paste0(key, "_names"))
    df <- structure(cols, class = "data.frame", row.names = seq_along(cols[[1L]]))
    rownames(df) <- txt(paste0(key, "_rownames"))
    df
}
"""


def _gaps_code(tree_arg: str, cut: str | None, given: str | None) -> str:
    if cut is not None:
        return (f"if (inherits({tree_arg}, \"hclust\")) pheatmap:::find_gaps({tree_arg}, {cut}) "
                f"else {given or 'integer(0)'}")
    return f"if (inherits({tree_arg}, \"hclust\")) integer(0) else {given or 'integer(0)'}"


def write_pheatmap_script(call: Any, path: str | os.PathLike[str], *, png: str | None = None,
                          trees: dict[str, HClust] | None = None) -> Path:
    """Write the script for a :class:`~pyr_heatmap.figure.pheatmap_spec.PheatmapCall`."""
    from pyr_heatmap._version import __version__

    if call.kmeans_labels is not None:
        raise InputError("k-means clusters computed in Python cannot be exported: R's pheatmap "
                         "only runs its own kmeans(); give kmeans_k as a number (with seed)")
    target = check_target(path, "the R script")
    folder = target.parent if str(target.parent) else Path(".")
    files = _Files(folder, target.stem)
    values = np.asarray(call.values, dtype=np.float64)
    rows = call.rownames or tuple(str(i + 1) for i in range(values.shape[0]))
    cols = call.colnames or tuple(str(i + 1) for i in range(values.shape[1]))
    mname = files.name("matrix.csv")
    files.files[mname] = _matrix_csv(values, rows, cols)
    body = [f"mat <- read_matrix({r_string(mname)}, {values.shape[1]})"]
    if call.rownames is None:
        body.append("rownames(mat) <- NULL")
    if call.colnames is None:
        body.append("colnames(mat) <- NULL")
    helpers: set[str] = set()
    args: list[str] = []
    plain = dict(call.args)
    all_trees = {**call.trees, **(trees or {})}
    for key, tree in all_trees.items():
        plain.pop(key, None)
        name = files.name(f"{key}.csv")
        files.files[name] = _tree_csv(tree)
        helpers.add("tree")
        body.append(f"{key} <- read_tree({r_string(name)})")
        args.append(f"{key} = {key}")
    for key, d in call.dists.items():
        name = files.name(f"{key}.csv")
        labels = d.labels or tuple(str(i + 1) for i in range(d.size))
        files.files[name] = _matrix_csv(d.squareform(), labels, labels)
        body.append(f"{key} <- as.dist(read_matrix({r_string(name)}, {d.size}))")
        args.append(f"{key} = {key}")
    for key, value in plain.items():
        if isinstance(value, (bool, np.bool_)):
            args.append(f"{key} = {'TRUE' if value else 'FALSE'}")
        elif isinstance(value, str):
            args.append(f"{key} = {files.add_text(key, value)}")
        elif isinstance(value, list):
            args.append(f"{key} = {files.add_text(key, [str(v) for v in value])}")
        elif key in ("cutree_rows", "cutree_cols"):
            args.append(f"{key} = {int(value)}")
        else:
            args.append(f"{key} = {files.add_numbers(key, value)}")
    for key in ("annotation_row", "annotation_col"):
        df = call.annotations.get(key)
        if df is None:
            continue
        helpers.add("annotation")
        name = files.name(f"{key}.csv")
        kinds, columns = [], []
        for c in df.columns:
            s = df[c]
            numeric = pd.api.types.is_numeric_dtype(s.dtype) and not \
                pd.api.types.is_bool_dtype(s.dtype)
            kinds.append("double" if numeric else "character")
            columns.append(([None if pd.isna(v) else v for v in s.tolist()],
                            "double" if numeric else "character"))
        files.files[name] = _typed_columns_csv(columns)
        files.add_text(f"{key}_names", [str(c) for c in df.columns])
        files.add_text(f"{key}_rownames", [str(v) for v in df.index])
        kind_code = ", ".join(r_string(k) for k in kinds)
        body.append(f"{key} <- read_ph_annotation({r_string(name)}, {r_string(key)}, "
                    f"c({kind_code}))")
        args.append(f"{key} = {key}")
    colors = call.annotations.get("annotation_colors")
    if colors:
        parts = []
        for i, spec in enumerate(colors.values()):
            key = f"anncol{i}"
            if isinstance(spec, dict):
                parts.append(f"setNames({files.add_text(key, [str(v) for v in spec.values()])}, "
                             f"{files.add_text(key + '_levels', [str(k) for k in spec])})")
            else:
                vals = [spec] if isinstance(spec, str) else [str(v) for v in spec]
                parts.append(files.add_text(key, vals))
        files.add_text("anncol_names", [str(n) for n in colors])
        body.append(f"annotation_colors <- setNames(list({', '.join(parts)}), "
                    f"txt(\"anncol_names\"))")
        args.append("annotation_colors = annotation_colors")
    if call.kmeans_k is not None:
        args.append(f"kmeans_k = {int(call.kmeans_k)}")
    png_name = png if png is not None else f"{target.stem}.png"
    files.add_text("png_file", png_name)
    args.append("filename = data_file(txt(\"png_file\"))")
    header = ("# Draws a heatmap with pheatmap from the CSV files next to this script.\n"
              f"# Written by pyr_heatmap {__version__}. Run: Rscript <this file>\n"
              "# All text (labels, names, titles, colours) is read from the CSV files as data.\n"
              "suppressPackageStartupMessages(library(pheatmap))\n")
    common = _COMMON.format(text_file=r_string(files.name("text.csv")),
                            numbers_file=r_string(files.name("numbers.csv")))
    parts = [header, common]
    if "tree" in helpers:
        parts.append(_TREE_HELPER)
    if "annotation" in helpers:
        parts.append(_ANNOTATION_HELPER)
    parts.append("\n" + "\n".join(body) + "\n\n")
    if call.seed is not None:
        parts.append(f"set.seed({int(call.seed)})  # R's kmeans\n")
    parts.append("ph <- pheatmap(\n    mat,\n    " + ",\n    ".join(args) + "\n)\n")
    nrow = "nrow(ph$kmeans$centers)" if call.kmeans_k is not None else "nrow(mat)"
    gaps_row = _gaps_code("ph$tree_row", "cutree_rows" if "cutree_rows" in plain else None,
                          "gaps_row" if "gaps_row" in plain else None)
    gaps_col = _gaps_code("ph$tree_col", "cutree_cols" if "cutree_cols" in plain else None,
                          "gaps_col" if "gaps_col" in plain else None)
    pre = []
    for key in ("cutree_rows", "cutree_cols"):
        if key in plain:
            pre.append(f"{key} <- {int(plain[key])}")
    for key in ("gaps_row", "gaps_col"):
        if key in plain:
            pre.append(f"{key} <- num({r_string(key)})")
    parts.append("\n".join(pre) + "\n")
    parts.append(_FOOTER.format(nrow=nrow, gaps_row=gaps_row, gaps_col=gaps_col))
    script = "".join(parts)
    write_atomic_many({**files.contents(), target: script.encode("utf-8")})
    return target


def parse_pheatmap_output(text: str) -> dict[str, np.ndarray]:
    """The lines an exported pheatmap script prints: orders 0-based, gaps, tree heights."""
    out: dict[str, np.ndarray] = {}
    for line in text.splitlines():
        key, _, rest = line.partition("\t")
        if key in ("row_order", "column_order"):
            out[key] = np.array([int(v) - 1 for v in rest.split()], dtype=np.int64)
        elif key in ("gaps_row", "gaps_col"):
            out[key] = np.array([int(v) for v in rest.split()], dtype=np.int64)
        elif key in ("row_height", "column_height"):
            out[key] = np.array([float(v) for v in rest.split()])
    return out

