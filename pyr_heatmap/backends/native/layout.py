"""Where every part of a heatmap figure goes, in millimetres from the top-left corner.

The components follow ComplexHeatmap's order around the body (``HEATMAP_LAYOUT_*_COMPONENT``):
from the outside in, title, dendrogram, names, annotation; then the body. Sizes follow
ComplexHeatmap's defaults (``ht_opt``): 0.5 mm between dendrogram and body, 1 mm between names
and body, 1 mm between annotations and body, 2 mm before the legends, 4 mm between legends.

Text sizes are measured from the font (not guessed); after drawing, the plotter checks the
drawn text against the canvas and widens the margins where anything would be cut
(:func:`pyr_heatmap.backends.native.plotter.draw_native`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
from matplotlib.font_manager import FontProperties
from matplotlib.textpath import text_to_path

from pyr_heatmap.figure.spec import AnnotationBlock, AxisSpec, Font, HeatmapSpec

__all__ = ["MM_PER_PT", "Layout", "font_props", "place", "slice_extents", "text_extent_mm"]

MM_PER_PT = 25.4 / 72.0
DEND_PAD = 0.5
NAME_PAD = 1.0
ANNO_PAD = 1.0
TITLE_PAD = 1.5
LEGEND_PAD = 2.0  # ComplexHeatmap's gap between the heatmap and its legends
LEGEND_GAP = 4.0
MARGIN = 2.0
ANNO_NAME_FS = 12.0


def font_props(fontsize: float, font: Font | None = None, bold: bool = False) -> FontProperties:
    """matplotlib's font for a size and an R-style :class:`Font`."""
    font = font or Font()
    weight = "bold" if bold else font.weight
    family = font.family if font.family else "sans-serif"
    return FontProperties(family=family, size=fontsize, weight=weight, style=font.style)


def text_extent_mm(texts: list[str] | tuple[str, ...], fontsize: float, rot: float = 0.0,
                   bold: bool = False, font: Font | None = None) -> tuple[float, float]:
    """Width and height (mm) of the bounding box of the widest of ``texts`` at ``fontsize``.

    Only the longest strings (by character count) are measured, which keeps this fast for tens
    of thousands of labels (the plotter checks the drawn extents afterwards).
    """
    if not texts:
        return 0.0, 0.0
    prop = font_props(fontsize, font, bold)
    candidates = sorted(set(texts), key=len, reverse=True)[:25]
    w = 0.0
    for t in candidates:
        tw, _, _ = text_to_path.get_text_width_height_descent(t, prop, ismath=False)
        w = max(w, tw)
    h = fontsize * 1.2
    w *= MM_PER_PT
    h *= MM_PER_PT
    r = np.deg2rad(rot % 180)
    return abs(w * np.cos(r)) + abs(h * np.sin(r)), abs(w * np.sin(r)) + abs(h * np.cos(r))


def slice_extents(sizes: list[int], total_mm: float, gap_mm: float) -> list[tuple[float, float]]:
    """(start, length) in mm of each slice, cells of equal size, ``gap_mm`` between slices."""
    n = sum(sizes)
    avail = max(total_mm - gap_mm * (len(sizes) - 1), 1e-6)
    out = []
    pos = 0.0
    for s in sizes:
        length = avail * s / n
        out.append((pos, length))
        pos += length + gap_mm
    return out


def block_mm(block: AnnotationBlock | None) -> float:
    """Depth of an annotation block, with its padding to the body."""
    if block is None or not block.tracks:
        return 0.0
    return block.extent_mm() + ANNO_PAD  # tracks of their own sizes (anno_* functions)


def titles(axis: AxisSpec) -> list[str]:
    """The titles drawn along an axis: its title, or one per named slice."""
    if axis.title is not None:
        return [axis.title]
    return [s.title for s in axis.slices if s.title]


def sides(axis: AxisSpec, is_row: bool) -> dict[str, str]:
    """The side ("before" = left/top, "after" = right/bottom) of names, dendrogram and title."""
    def side(value: str, default: str) -> str:
        v = value or default
        return "before" if v in ("left", "top") else "after"

    return {
        "names": side(axis.names_side, "right" if is_row else "bottom"),
        "dend": side(axis.dend_side, "left" if is_row else "top"),
        "title": side(axis.title_side, "left" if is_row else "top"),
    }


def title_rot(axis: AxisSpec, is_row: bool) -> float:
    return float(axis.title_rot) if axis.title_rot is not None else (90.0 if is_row else 0.0)


@dataclass
class Layout:
    """Boxes ``(x, y, w, h)`` in mm from the top-left corner, and the figure size."""

    width: float
    height: float
    boxes: dict[str, tuple[float, float, float, float]] = field(default_factory=dict)
    legend_xy: tuple[float, float] = (0.0, 0.0)
    legend_flow: str = "vertical"
    legend_max: float = 0.0
    figure_title_y: float = 0.0
    legend_groups: list[Any] = field(default_factory=list)


def _components(spec: HeatmapSpec, axis: AxisSpec, is_row: bool) -> tuple[list, list]:
    """Components (name, depth mm) before and after the body, from the body outwards."""
    side = sides(axis, is_row)
    comps: dict[str, float] = {}
    if axis.show_names:
        ext = text_extent_mm(axis.shown_labels, axis.names_fontsize, axis.names_rot,
                             font=axis.names_font)
        depth = ext[0] if is_row else ext[1]
        if axis.names_max_mm is not None:  # row_names_max_width: R reserves at most this
            depth = min(depth, axis.names_max_mm)
        comps["names"] = NAME_PAD + depth
    if axis.show_dend:
        comps["dend"] = axis.dend_mm + DEND_PAD
    tt = titles(axis)
    if tt:
        ext = text_extent_mm(tt, axis.title_fontsize, title_rot(axis, is_row),
                             font=axis.title_font)
        comps["title"] = (ext[0] if is_row else ext[1]) + TITLE_PAD
    before: list[tuple[str, float]] = []
    after: list[tuple[str, float]] = []
    if block_mm(axis.before):
        before.append(("anno_before", block_mm(axis.before)))
    if block_mm(axis.after):
        after.append(("anno_after", block_mm(axis.after)))
    for name in ("names", "dend", "title"):  # from the body outwards
        if name in comps:
            (before if side[name] == "before" else after).append((name, comps[name]))
    return before, after


def place(spec: HeatmapSpec, legends: Any, body_w: float, body_h: float,
          pad: tuple[float, float, float, float] = (0.0, 0.0, 0.0, 0.0),
          options: dict[str, Any] | None = None) -> Layout:
    """Place every component; ``pad`` (left, top, right, bottom, mm) widens the margins.

    ``options`` are draw-level settings: ``heatmap_legend_side`` ("right" default or "bottom"),
    ``column_title`` (a figure title over everything, with its font size) and ``padding``.
    """
    opts = options or {}
    margin = opts.get("padding", (MARGIN,) * 4)  # left, top, right, bottom
    row, col = spec.row, spec.column
    boxes: dict[str, tuple[float, float, float, float]] = {}
    r_before, r_after = _components(spec, row, True)
    c_before, c_after = _components(spec, col, False)
    # annotation names sit beside the annotations (columns: at the right end; rows: below)
    col_anno_names = [t.name for b in (col.before, col.after) if b and b.show_name
                      for t in b.tracks]
    row_anno_names = [t.name for b in (row.before, row.after) if b and b.show_name
                      for t in b.tracks]
    from pyr_heatmap.backends.native.anno_names import names_depth_mm

    anno_name_w = names_depth_mm(col, "column") if col_anno_names else 0.0
    anno_name_h = names_depth_mm(row, "row") if row_anno_names else 0.0

    title = opts.get("column_title")
    title_h = 0.0
    if title:
        title_h = text_extent_mm([title], opts.get("title_fontsize", 13.2))[1] + TITLE_PAD

    left = pad[0] + margin[0] + sum(d for _, d in r_before)
    top = pad[1] + margin[1] + title_h + sum(d for _, d in c_before)
    boxes["body"] = (left, top, body_w, body_h)
    x = left
    for name, d in r_before:
        x -= d
        boxes[f"row_{name}"] = (x, top, d, body_h)
    right = left + body_w
    x = right
    for name, d in r_after:
        boxes[f"row_{name}"] = (x, top, d, body_h)
        x += d
    right_edge = max(x, right + (r_after[0][1] if r_after and r_after[0][0] == "anno_after"
                                 else 0.0) + anno_name_w)
    y = top
    for name, d in c_before:
        y -= d
        boxes[f"column_{name}"] = (left, y, body_w, d)
    y = top + body_h
    for name, d in c_after:
        boxes[f"column_{name}"] = (left, y, body_w, d)
        y += d
    bottom_edge = max(y, top + body_h + anno_name_h)

    lay = Layout(0.0, 0.0, boxes)
    x0, y0 = pad[0] + margin[0], pad[1] + margin[1] + title_h
    right_edge, bottom_edge = _legend_groups(lay, legends, opts, (x0, y0), right_edge,
                                             bottom_edge, body_h)
    lay.width = right_edge + margin[2] + pad[2]
    lay.height = bottom_edge + margin[3] + pad[3]
    lay.figure_title_y = pad[1] + margin[1] + title_h / 2
    return lay


def _legend_groups(lay: Layout, legends: Any, opts: dict[str, Any], origin: tuple[float, float],
                   right_edge: float, bottom_edge: float, body_h: float) -> tuple[float, float]:
    """Place the legend groups (a list: one group on ``heatmap_legend_side``; a pair: heatmap
    and annotation legends on their sides), moving the heatmap right / down for legends on the
    left / at the top or under a wider legend row; return the new right and bottom edges."""
    from pyr_heatmap.backends.native.legend_sides import (
        LegendGroup,
        arrange_groups,
        before_room,
        group_sizes,
    )

    side = opts.get("heatmap_legend_side", "right")
    if isinstance(legends, tuple):
        groups = [LegendGroup(list(legends[0]), side),
                  LegendGroup(list(legends[1]), opts.get("annotation_legend_side", side))]
    else:
        groups = [LegendGroup(list(legends), side)]
    x0, y0 = origin
    group_sizes(groups, body_h, right_edge - x0)
    pre_w, pre_h = before_room(groups)
    wide = max((g.size[0] for g in groups if g.legends and g.flow == "horizontal"), default=0.0)
    dx = pre_w + max(0.0, (wide - (right_edge - x0)) / 2)  # a wider row centred on the figure
    if dx or pre_h:
        lay.boxes.update({k: (x + dx, y + pre_h, w, h) for k, (x, y, w, h) in lay.boxes.items()})
        right_edge, bottom_edge = right_edge + dx, bottom_edge + pre_h
    body = lay.boxes["body"]
    right_edge, bottom_edge = arrange_groups(groups, x0, y0, right_edge, bottom_edge,
                                             (body[1], body[3]))
    lay.legend_groups = groups
    lay.legend_xy, lay.legend_max, lay.legend_flow = groups[0].xy, groups[0].max_len, groups[0].flow
    return right_edge, bottom_edge
