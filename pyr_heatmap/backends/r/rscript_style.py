"""The styling arguments of a spec as R code for the standalone script (:mod:`.rscript`).

Every user string (colours, font families, labels, cell text) goes to the script's text table
and is read back with ``txt()``; only validated keywords (sides, font faces, directions) and
numbers are written into the code.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from pyr_heatmap.backends.r.rscript_text import _Files, r_num, r_string
from pyr_heatmap.figure.spec import Font, HeatmapSpec

__all__ = ["draw_padding", "legend_args", "style_args"]


def _gp(files: _Files, key: str, size: float, font: Font) -> str:
    parts = [f"fontsize = {r_num(size)}", f"fontface = {r_string(font.face)}",
             f"col = {files.add_text(key + '_col', font.col)}"]
    if font.family:
        parts.append(f"fontfamily = {files.add_text(key + '_family', font.family)}")
    return f"gpar({', '.join(parts)})"


def style_args(spec: HeatmapSpec, files: _Files) -> tuple[list[str], list[str]]:
    """(lines before ``Heatmap()``, its arguments) for fonts, sides, rotations, labels, fixed
    orders, cell borders, the border, cell text and the legend's parameters."""
    row, col = spec.row, spec.column
    lines: list[str] = []
    args = [
        f"row_names_gp = {_gp(files, 'row_names', row.names_fontsize, row.names_font)}",
        f"column_names_gp = {_gp(files, 'column_names', col.names_fontsize, col.names_font)}",
        f"row_title_gp = {_gp(files, 'row_title', row.title_fontsize, row.title_font)}",
        f"column_title_gp = {_gp(files, 'column_title', col.title_fontsize, col.title_font)}",
        f"row_names_side = {r_string(row.names_side or 'right')}",
        f"column_names_side = {r_string(col.names_side or 'bottom')}",
        f"row_dend_side = {r_string(row.dend_side or 'left')}",
        f"column_dend_side = {r_string(col.dend_side or 'top')}",
        f"row_title_side = {r_string(row.title_side or 'left')}",
        f"column_title_side = {r_string(col.title_side or 'top')}",
        f"row_title_rot = {r_num(row.title_rot if row.title_rot is not None else 90.0)}",
        f"column_title_rot = {r_num(col.title_rot if col.title_rot is not None else 0.0)}",
        f"column_names_centered = {'TRUE' if col.names_centered else 'FALSE'}",
    ]
    from pyr_heatmap.figure.sizes import names_max_mm

    rmax, cmax = names_max_mm(spec)
    rmax = rmax if row.names_max_mm is None else row.names_max_mm  # row_names_max_width
    cmax = cmax if col.names_max_mm is None else col.names_max_mm
    args += [f"row_names_max_width = unit({r_num(rmax)}, \"mm\")",
             f"column_names_max_height = unit({r_num(cmax)}, \"mm\")"]
    for which, axis in (("row", row), ("column", col)):
        if axis.display is not None:
            args.append(f"{which}_labels = {files.add_text(which + '_labels', axis.display)}")
    if spec.border:
        args.append(f"border = {files.add_text('border', spec.border)}")
    rect = spec.rect_gp
    if rect is not None and (rect.col or not rect.draw):
        colour = files.add_text("rect_col", rect.col) if rect.col else "NA"
        args.append(f"rect_gp = gpar(col = {colour}, lwd = {r_num(rect.lwd)}, "
                    f"type = {r_string('fill' if rect.draw else 'none')})")
    if spec.cell_text is not None:
        ct = spec.cell_text
        text = [str(v) for v in np.asarray(ct.text).ravel(order="F")]
        lines.append(f"cell_txt <- matrix({files.add_text('cell_text', text)}, "
                     f"nrow = {ct.text.shape[0]})")
        lines.append(f"cell_gp <- {_gp(files, 'cell_text', ct.fontsize, ct.font)}")
        args.append("cell_fun = function(j, i, x, y, width, height, fill) "
                    "if (nzchar(cell_txt[i, j])) grid.text(cell_txt[i, j], x, y, gp = cell_gp)")
    return lines, args


def legend_args(spec: HeatmapSpec, files: _Files) -> list[str]:
    """The entries of ``heatmap_legend_param = list(...)`` beyond title, at and labels."""
    lg = spec.legend
    out = [f"direction = {r_string(lg.direction)}",
           f"title_position = {r_string(lg.title_position)}",
           f"color_bar = {r_string(lg.color_bar)}",
           f"title_gp = {_gp(files, 'legend_title', lg.title_fontsize, lg.title_font)}",
           f"labels_gp = {_gp(files, 'legend_labels', lg.labels_fontsize, lg.labels_font)}"]
    if lg.height_mm is not None:
        out.append(f"legend_height = unit({r_num(lg.height_mm)}, \"mm\")")
    if lg.width_mm is not None:
        out.append(f"legend_width = unit({r_num(lg.width_mm)}, \"mm\")")
    return out


def draw_padding(spec: HeatmapSpec) -> str:
    """``padding`` of ``draw()``: room for text ComplexHeatmap does not size its figure from
    (as the R backend pads it, :func:`pyr_heatmap.figure.sizes.text_overhang_mm`)."""
    from pyr_heatmap.figure.sizes import text_overhang_mm

    left, top, right, bottom = text_overhang_mm(spec)
    vals: Any = (2.0 + bottom, 2.0 + left, 2.0 + top, 8.0 + right)
    return "c(" + ", ".join(r_num(round(v, 2)) for v in vals) + ")"
