"""The text of an exported R script: R literals, its CSV data files, the fixed blocks of R code,
and the parser of what the script prints."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import numpy as np

from pyr_heatmap.engine.hclust import HClust
from pyr_heatmap.errors import InputError

__all__ = ["parse_script_output", "r_num", "r_string"]


def r_string(s: str) -> str:
    """``s`` as an R string literal (double quotes; backslashes, quotes and control characters
    escaped; other characters, non-ASCII included, kept as UTF-8)."""
    out = ['"']
    for ch in str(s):
        code = ord(ch)
        if ch == "\\":
            out.append("\\\\")
        elif ch == '"':
            out.append('\\"')
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\r":
            out.append("\\r")
        elif ch == "\t":
            out.append("\\t")
        elif code == 0:
            raise InputError("R strings cannot contain the NUL character")
        elif code < 32 or code == 127:
            out.append(f"\\x{code:02x}")
        elif 0x80 <= code <= 0x9F or 0xD800 <= code <= 0xDFFF:
            out.append(f"\\u{{{code:04x}}}")
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def r_num(x: float) -> str:
    """A number as R code (17 significant digits: R reads it back to the same double)."""
    v = float(x)
    if np.isnan(v):
        return "NA_real_"
    if np.isinf(v):
        return "Inf" if v > 0 else "-Inf"
    return f"{v:.17g}"


def _num_cell(v: float) -> str:
    return "" if np.isnan(v) else f"{float(v):.17g}"


def _matrix_csv(values: np.ndarray, rows: Sequence[str], cols: Sequence[str]) -> bytes:
    out = [["", *cols]]
    for i, label in enumerate(rows):
        out.append([label, *[_NumCell(_num_cell(v)) for v in values[i]]])
    return _csv_bytes_typed(out)


class _NumCell(str):
    """A cell written without quotes (a number or an empty field)."""


def _csv_bytes_typed(rows: Sequence[Sequence[Any]]) -> bytes:
    lines = []
    for row in rows:
        cells = []
        for c in row:
            if isinstance(c, _NumCell):
                cells.append(str(c))
            else:
                text = str(c).replace("%", "%25").replace("\r", "%0D")
                cells.append('"' + text.replace('"', '""') + '"')
        lines.append(",".join(cells))
    return ("\n".join(lines) + "\n").encode("utf-8")


class _Files:
    """Collects the side files and the text/number tables of one script."""

    def __init__(self, folder: Path, stem: str) -> None:
        self.folder = folder
        self.stem = stem
        self.files: dict[str, bytes] = {}
        self.text: list[tuple[str, str]] = []
        self.numbers: list[tuple[str, float]] = []

    def name(self, suffix: str) -> str:
        return f"{self.stem}_{suffix}"

    def add_text(self, key: str, values: Sequence[str] | str) -> str:
        vals = [values] if isinstance(values, str) else list(values)
        for v in vals:
            if "\x00" in str(v):
                raise InputError("text for R cannot contain the NUL character")
            self.text.append((key, str(v)))
        return f"txt({r_string(key)})"

    def add_numbers(self, key: str, values: Any) -> str:
        for v in np.atleast_1d(np.asarray(values, dtype=np.float64)).tolist():
            self.numbers.append((key, float(v)))
        return f"num({r_string(key)})"

    def contents(self) -> dict[Path, bytes]:
        """Every data file: path -> bytes (the text and number tables included)."""
        self.files[self.name("text.csv")] = _csv_bytes_typed(
            [["key", "value"], *[[k, v] for k, v in self.text]])
        self.files[self.name("numbers.csv")] = _csv_bytes_typed(
            [["key", "value"], *[[k, _NumCell(_num_cell(v))] for k, v in self.numbers]])
        return {self.folder / name: data for name, data in self.files.items()}


# --------------------------------------------------------------------------------------------
# pieces of the script
# --------------------------------------------------------------------------------------------
_HEADER = """\
# Draws a heatmap with ComplexHeatmap from the CSV files next to this script.
# Written by pyr_heatmap {version}. Run: Rscript <this file>
# All text (labels, names, titles, colours) is read from the CSV files as data.
suppressPackageStartupMessages({{
    library(ComplexHeatmap)
    library(circlize)
}})

# the folder of this script (Rscript passes --file=, with spaces written as ~+~)
script_arg <- grep("^--file=", commandArgs(trailingOnly = FALSE), value = TRUE)
here <- if (length(script_arg) == 1L) {{
    dirname(normalizePath(gsub("~+~", " ", sub("^--file=", "", script_arg), fixed = TRUE)))
}} else getwd()
data_file <- function(name) file.path(here, name)
# text cells escape "%" and carriage returns as %25 and %0D (a CSV line break drops "\\r")
unescape <- function(x) {{
    i <- grepl("%", x, fixed = TRUE)
    x[i] <- utils::URLdecode(x[i])
    Encoding(x) <- "UTF-8"
    x
}}
read_text <- function(name) {{
    d <- utils::read.csv(data_file(name), colClasses = "character", na.strings = character(0),
                         check.names = FALSE, encoding = "UTF-8")
    d[] <- lapply(d, unescape)
    d
}}
text <- read_text({text_file})
txt <- function(key) text$value[text$key == key]
numbers <- utils::read.csv(data_file({numbers_file}), colClasses = c("character", "numeric"),
                           na.strings = character(0))
num <- function(key) numbers$value[numbers$key == key]
read_matrix <- function(name, ncol) {{
    m <- utils::read.csv(data_file(name), colClasses = c("character", rep("numeric", ncol)),
                         na.strings = character(0), check.names = FALSE, encoding = "UTF-8")
    mat <- as.matrix(m[, -1, drop = FALSE])
    rownames(mat) <- unescape(m[[1L]])
    colnames(mat) <- unescape(colnames(mat))
    mat
}}
"""


_SPLIT_HELPER = """
# a split (one column per split variable) read from a CSV: v<j> = value, na<j> = missing
read_split <- function(name, kinds, levels_key) {
    s <- read_text(name)
    cols <- lapply(seq_along(kinds), function(j) {
        x <- s[[paste0("v", j)]]
        x[s[[paste0("na", j)]] == "TRUE"] <- NA
        switch(kinds[j],
               factor = factor(x, levels = txt(paste0(levels_key, j))),
               logical = as.logical(x), integer = as.integer(x), double = as.numeric(x), x)
    })
    if (length(cols) == 1L) return(cols[[1L]])
    names(cols) <- paste0("V", seq_along(cols))
    as.data.frame(cols, stringsAsFactors = FALSE)
}
"""


_TREE_HELPER = """
# a tree computed elsewhere, read from a CSV (merge1, merge2, height; order in its own column)
read_tree <- function(name) {
    t <- utils::read.csv(data_file(name))
    n1 <- nrow(t) - 1L
    structure(list(merge = unname(as.matrix(t[seq_len(n1), c("merge1", "merge2")])),
                   height = t$height[seq_len(n1)], order = t$order, labels = NULL,
                   method = NULL), class = "hclust")
}
"""


_ANNO_HELPER = """
# an annotation read from a CSV: column v<i> = values of track i, na<i> = missing
read_annotation <- function(name, key, which, discrete, size_mm, gap_mm, show_legend,
                            show_name) {
    d <- read_text(name)
    cols <- list()
    colmap <- list()
    for (i in seq_along(discrete)) {
        x <- d[[paste0("v", i)]]
        x[d[[paste0("na", i)]] == "TRUE"] <- NA
        k <- paste0(key, "_", i)
        if (discrete[i]) {
            lev <- txt(paste0(k, "_levels"))
            cols[[i]] <- factor(x, levels = lev)
            colmap[[i]] <- setNames(txt(paste0(k, "_colors")), lev)
        } else {
            cols[[i]] <- as.numeric(x)
            colmap[[i]] <- colorRamp2(num(paste0(k, "_breaks")), txt(paste0(k, "_colors")),
                                      space = txt(paste0(k, "_space")),
                                      transparency = num(paste0(k, "_transparency")))
        }
    }
    names(cols) <- txt(paste0(key, "_names"))
    names(colmap) <- names(cols)
    df <- structure(cols, class = "data.frame", row.names = seq_along(cols[[1L]]))
    HeatmapAnnotation(df = df, col = colmap, which = which, na_col = txt(paste0(key, "_na_col")),
                      show_legend = show_legend, show_annotation_name = show_name,
                      simple_anno_size = unit(size_mm, "mm"), gap = unit(gap_mm, "mm"))
}
"""


_FOOTER = """
# draw on the scratch device to measure the figure (the body size is absolute, so ComplexHeatmap
# knows the size of the whole figure), then draw it on a PNG device of exactly that size
d <- {draw_call}
w <- convertWidth(ComplexHeatmap:::width.HeatmapList(d), "in", valueOnly = TRUE)
h <- convertHeight(ComplexHeatmap:::height.HeatmapList(d), "in", valueOnly = TRUE)
invisible(dev.off())
unlink(scratch)
png(data_file({png_file}), width = w, height = h, units = "in", res = {dpi})
d <- draw(d)
invisible(dev.off())
seconds <- proc.time()[["elapsed"]] - t0

# the orders, as machine-readable lines (1-based; names and labels URL-encoded)
enc <- function(x) vapply(x, utils::URLencode, "", reserved = TRUE, USE.NAMES = FALSE)
emit <- function(what, o, labels) {{
    cat(what, "_order\\t", paste(unlist(o), collapse = " "), "\\n", sep = "")
    if (is.list(o)) {{
        nm <- if (is.null(names(o))) as.character(seq_along(o)) else names(o)
        for (i in seq_along(o)) {{
            cat(what, "_slice\\t", enc(nm[i]), "\\t", paste(o[[i]], collapse = " "), "\\n",
                sep = "")
        }}
    }}
    cat(what, "_labels\\t", paste0("'", enc(labels[unlist(o)]), collapse = " "), "\\n",
        sep = "")
}}
emit("row", row_order(d), rownames(mat))
emit("column", column_order(d), colnames(mat))
cat("seconds\\t", seconds, "\\n", sep = "")
"""


def parse_script_output(text: str) -> dict[str, Any]:
    """Read the lines printed by an exported script.

    Returns
    -------
    dict
        ``row_order`` / ``column_order``: 0-based numpy arrays (all slices, in drawn order);
        ``row_slices`` / ``column_slices``: dict name -> 0-based array (empty when not split);
        ``row_labels`` / ``column_labels``: labels in drawn order; ``seconds``: float.
    """
    out: dict[str, Any] = {"row_slices": {}, "column_slices": {}}
    for line in text.splitlines():
        parts = line.split("\t")
        key = parts[0]
        if key in ("row_order", "column_order") and len(parts) == 2:
            out[key] = np.array([int(v) - 1 for v in parts[1].split()], dtype=np.int64)
        elif key in ("row_slice", "column_slice") and len(parts) == 3:
            name = unquote(parts[1], encoding="utf-8")
            out[f"{key}s"][name] = np.array([int(v) - 1 for v in parts[2].split()],
                                            dtype=np.int64)
        elif key in ("row_labels", "column_labels") and len(parts) == 2:
            out[key] = [unquote(v[1:], encoding="utf-8") for v in parts[1].split(" ")
                        if v.startswith("'")]
        elif key == "seconds" and len(parts) == 2:
            out["seconds"] = float(parts[1])
    return out


def _tree_csv(tree: HClust) -> bytes:
    n = tree.n
    rows: list[list[Any]] = [["merge1", "merge2", "height", "order"]]
    for i in range(n):
        order = _NumCell(str(int(tree.order[i]) + 1))
        if i < n - 1:
            m1, m2 = (_NumCell(str(int(v))) for v in tree.merge[i])
            rows.append([m1, m2, _NumCell(_num_cell(tree.height[i])), order])
        else:
            rows.append([_NumCell(""), _NumCell(""), _NumCell(""), order])
    return _csv_bytes_typed(rows)


def _typed_columns_csv(columns: list[tuple[list[Any], str]]) -> bytes:
    """Columns of values (None = missing) as v<j>/na<j> pairs of text cells."""
    n = len(columns[0][0]) if columns else 0
    header: list[Any] = []
    for j in range(len(columns)):
        header += [f"v{j + 1}", f"na{j + 1}"]
    rows: list[list[Any]] = [header]
    for i in range(n):
        row: list[Any] = []
        for values, kind in columns:
            v = values[i]
            if v is None or (isinstance(v, float) and np.isnan(v)):
                row += ["", "TRUE"]
            elif kind == "logical":
                row += ["TRUE" if v else "FALSE", "FALSE"]
            elif kind in ("integer",):
                row += [str(int(v)), "FALSE"]
            elif kind == "double":
                row += [f"{float(v):.17g}", "FALSE"]
            else:
                row += [str(v), "FALSE"]
        rows.append(row)
    return _csv_bytes_typed(rows)
