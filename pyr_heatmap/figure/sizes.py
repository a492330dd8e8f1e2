"""Sizes of the heatmap body and of its names, decided once for both backends.

The body grows with the number of rows (columns) up to a cap. Names get the font size asked for
while it fits a cell; past that they shrink, down to :data:`MIN_FONTSIZE`; past that they are
hidden and the figure carries a one-line note saying how to show them. A font size given
explicitly (``row_names_gp={"fontsize": 6}``) is always honoured: then the body grows so that
every name has a cell of its own (unless the body size is given too).

Both backends read these decisions from the compiled spec, so they draw the same figure.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

__all__ = ["MIN_FONTSIZE", "NameFit", "auto_body_size", "fit_axis"]

MM_PER_PT = 25.4 / 72.0
LINE = 1.2  # height of a line of text per point of font size (no two names' boxes overlap)
MIN_FONTSIZE = 4.0  # pt: smaller names are not readable in print
CELL_W = 6.0  # mm, default column width
ROW_FLOOR, ROW_CAP = 40.0, 240.0  # mm, bounds of the default body height
COL_FLOOR, COL_CAP = 40.0, 170.0  # mm, bounds of the default body width


def cell_for_font(fontsize: float, rot: float = 0.0) -> float:
    """The cell size (mm) across which names of ``fontsize`` at ``rot`` degrees do not overlap."""
    s = abs(math.sin(math.radians(rot))) if rot else 1.0
    return fontsize * LINE * MM_PER_PT / max(s, 0.2)


def auto_body_size(nrow: int, ncol: int, row_fontsize: float = 12.0) -> tuple[float, float]:
    """Default body width and height (mm) when names are not asked for at a fixed size."""
    w = float(np.clip(ncol * CELL_W, COL_FLOOR, COL_CAP))
    h = float(np.clip(nrow * cell_for_font(row_fontsize), ROW_FLOOR, ROW_CAP))
    return w, h


@dataclass(frozen=True)
class NameFit:
    """What one axis draws: the body length (mm), the names' font size and whether they show."""

    length_mm: float
    fontsize: float
    show: bool
    note: str | None = None


def fit_axis(which: str, n: int, length_mm: float | None, fontsize: float, *,
             explicit_fontsize: bool, show: bool, rot: float = 0.0) -> NameFit:
    """Decide the body length along ``which`` ("row" or "column") and how its names are drawn.

    Parameters
    ----------
    which : {"row", "column"}
    n : int
        Number of rows (columns).
    length_mm : float or None
        The body height (width) given by the user; None chooses it.
    fontsize : float
        The names' font size (asked for, or the default 12).
    explicit_fontsize : bool
        The user gave the font size: it is kept, and an automatic body grows to fit it.
    show : bool
        ``show_row_names`` (``show_column_names``).
    rot : float
        Rotation of the names (degrees): rotated column names need less space across a cell,
        rotated row names more.
    """
    is_row = which == "row"
    floor, cap = (ROW_FLOOR, ROW_CAP) if is_row else (COL_FLOOR, COL_CAP)
    default_cell = cell_for_font(12.0) if is_row else CELL_W
    # horizontal column names are not packed by height: their widths decide, which the body
    # size does not follow (as in ComplexHeatmap)
    packed = is_row or abs(math.sin(math.radians(rot))) >= 0.2
    # rows: names at ``rot`` degrees need h / cos(rot) across a row (rot 0: the font's line)
    need = cell_for_font(fontsize, 90.0 - rot if is_row else rot)
    if length_mm is None:
        length = float(np.clip(n * default_cell, floor, cap))
        if show and explicit_fontsize and packed:  # grow past the cap until every name fits
            length = max(length, n * need)
    else:
        length = float(length_mm)
    if not show or explicit_fontsize or not packed:
        return NameFit(length, fontsize, bool(show))
    cell = length / n
    if need <= cell * (1 + 1e-9):
        return NameFit(length, fontsize, True)
    fitted = math.floor(fontsize * cell / need * 10.0) / 10.0
    if fitted >= MIN_FONTSIZE:
        return NameFit(length, fitted, True)
    note = (f"{n} {which} names hidden: in {length:.0f} mm they would need a font below "
            f"{MIN_FONTSIZE:g} pt; mark chosen {which}s with anno_mark, or pass "
            f"show_{which}_names=True with {which}_names_gp={{'fontsize': 5}} "
            "(the figure then grows to fit them)")
    return NameFit(length, fontsize, False, note)


def _text_width_mm(texts: list[str], fontsize: float, bold: bool = False) -> np.ndarray:
    from matplotlib.font_manager import FontProperties
    from matplotlib.textpath import text_to_path

    prop = FontProperties(family="sans-serif", size=fontsize,
                          weight="bold" if bold else "normal")
    return np.array([text_to_path.get_text_width_height_descent(t, prop, ismath=False)[0]
                     for t in texts]) * MM_PER_PT


def text_overhang_mm(spec: Any) -> tuple[float, float, float, float]:
    """How far (mm; left, top, right, bottom) text reaches past the parts ComplexHeatmap sizes
    its figure from: rotated column names that lean beyond the body's left (right) end, and
    titles wider than the heatmap. The R backend adds this to ``draw()``'s padding so nothing
    is clipped (measured with the same font, DejaVu Sans, as cairo's default sans-serif).
    """
    col, row = spec.column, spec.row
    body_w = float(spec.width_mm or 0.0)
    left_side = 0.0  # what ComplexHeatmap puts left of the body
    right_side = 0.0
    if row.show_dend:
        if (row.dend_side or "left") == "left":
            left_side += row.dend_mm
        else:
            right_side += row.dend_mm
    left = right = 0.0
    h = col.names_fontsize * LINE * MM_PER_PT
    if col.show_names and col.n:
        labels = list(col.shown_labels)
        order = col.order
        n = len(order)
        rot = math.radians(col.names_rot % 360)
        c, s = math.cos(rot), math.sin(rot)
        h = col.names_fontsize * LINE * MM_PER_PT
        shown = [labels[i] for i in order]
        # 15% over DejaVu Sans's advance widths: what R's cairo devices draw with hinting
        w = _text_width_mm(shown, col.names_fontsize) * 1.15
        x = (np.arange(n) + 0.5) * body_w / n
        if abs(s) > 1e-9 and abs(c) > 1e-9 and not col.names_centered:
            # text ending at its anchor leans left by w*cos for 0 < rot < 90 (bottom side)
            reach = w * abs(c) + h * abs(s)
            if c * s > 0:
                left = max(left, float(np.max(reach - x)) - left_side)
            else:
                right = max(right, float(np.max(reach - (body_w - x))) - right_side)
    for title in (col.title,):
        if title:
            tw = float(_text_width_mm([title], col.title_fontsize)[0]) * 1.05
            extra = (tw - body_w) / 2
            left = max(left, extra - left_side)
            right = max(right, extra - right_side)
    bottom = 0.0
    top, low = _row_names_vertical_overhang(spec)
    over_w, over_h = _names_past_max(spec)  # row_names_max_width, column_names_max_height
    right += over_w
    low += over_h
    if col.show_names and col.n:
        # ComplexHeatmap measures the names' height with PDF (Helvetica) metrics, narrower than
        # the DejaVu Sans that cairo draws: add the difference and one line
        widest = float(np.max(_text_width_mm(list(col.shown_labels), col.names_fontsize)))
        bottom = widest * abs(math.sin(math.radians(col.names_rot))) * 0.1 + h
    return max(left, 0.0), top, max(right, 0.0), bottom + low


def _names_past_max(spec: Any) -> tuple[float, float]:
    """How far (mm) names reach past ``row_names_max_width`` (on the right) and
    ``column_names_max_height`` (at the bottom): R draws them whole beyond the space it
    reserves, so the R backend pads the figure for them."""
    row, col = spec.row, spec.column
    out = [0.0, 0.0]
    for k, axis, side, rot in ((0, row, "right", row.names_rot), (1, col, "bottom",
                                                                 col.names_rot - 90.0)):
        if axis.names_max_mm is None or not (axis.show_names and axis.n) or (
                axis.names_side or side) != side:
            continue
        w = float(np.max(_text_width_mm(list(axis.shown_labels), axis.names_fontsize))) * 1.15
        out[k] = max(0.0, w * abs(math.cos(math.radians(rot))) - axis.names_max_mm)
    return out[0], out[1]


def _row_names_vertical_overhang(spec: Any) -> tuple[float, float]:
    """How far (mm; top, bottom) names turned by ``row_names_rot`` reach above the column
    dendrogram (title) and below the column names: ComplexHeatmap does not size its figure
    from them, so the R backend pads for them (0 for horizontal names)."""
    row, col = spec.row, spec.column
    rot = math.radians(row.names_rot % 360)
    if not (row.show_names and row.n) or abs(math.sin(rot)) < 1e-9:
        return 0.0, 0.0
    order = row.order
    labels = list(row.shown_labels)
    w = _text_width_mm([labels[i] for i in order], row.names_fontsize) * 1.15
    h = row.names_fontsize * LINE * MM_PER_PT
    body_h = float(spec.height_mm or 0.0)
    y = (np.arange(len(order)) + 0.5) * body_h / max(len(order), 1)  # from the body's top
    s, c = math.sin(rot), abs(math.cos(rot))
    # the text runs from its anchor by w along the rotation (justified left on the right side,
    # right on the left side, centred when centred); h / 2 across it
    if row.names_centered:
        up = down = np.abs(w * s) / 2 + h / 2 * c
    else:
        sign = 1.0 if (row.names_side or "right") == "right" else -1.0
        up = np.maximum(0.0, sign * w * s) + h / 2 * c
        down = np.maximum(0.0, -sign * w * s) + h / 2 * c
    above = col.dend_mm if col.show_dend and (col.dend_side or "top") == "top" else 0.0
    below = 0.0
    if col.show_names and col.n and (col.names_side or "bottom") == "bottom":
        widest = float(np.max(_text_width_mm(list(col.shown_labels), col.names_fontsize)))
        below = widest * abs(math.sin(math.radians(col.names_rot)))
    return (max(0.0, float(np.max(up - y)) - above),
            max(0.0, float(np.max(down - (body_h - y))) - below))


def names_max_mm(spec: Any) -> tuple[float, float]:
    """``row_names_max_width`` and ``column_names_max_height`` (mm) for ComplexHeatmap, whose
    default (6 cm) cuts longer names: the widest name measured, with room for R's metrics."""
    row, col = spec.row, spec.column
    rw = float(np.max(_text_width_mm(sorted(set(row.shown_labels), key=len)[-25:],
                                     row.names_fontsize))) if row.n else 0.0
    cw = float(np.max(_text_width_mm(sorted(set(col.shown_labels), key=len)[-25:],
                                     col.names_fontsize))) if col.n else 0.0
    h = col.names_fontsize * LINE * MM_PER_PT
    r = math.radians(col.names_rot)
    ch = cw * abs(math.sin(r)) + h * abs(math.cos(r))
    rr = math.radians(row.names_rot)  # row_names_rot: the rotated box's width
    rw = rw * abs(math.cos(rr)) + row.names_fontsize * LINE * MM_PER_PT * abs(math.sin(rr))
    return rw * 1.2 + 2.0, ch * 1.2 + 2.0
