"""The legends of a single heatmap on every side, grouped as ComplexHeatmap 2.14.0 groups them.

``draw()`` of a heatmap makes a horizontal heatmap list of one. With ``merge_legend=FALSE`` (R's
default) there are two groups: the heatmap legends (left annotation, matrix, right annotation)
on ``heatmap_legend_side`` and the annotation legends (top and bottom annotations) on
``annotation_legend_side``. With ``merge_legend=TRUE`` one group (left, top, matrix, bottom,
right) is drawn on ``heatmap_legend_side``. On the right and at the bottom the heatmap legends
are nearest the heatmap; on the left and at the top the annotation legends are the outer ones.
Legends left or right are packed in columns and centred on the body; legends at the top or the
bottom are packed in rows and centred on the figure; two groups on one side start on one line.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pyr_heatmap.backends.native.legend import legend_area
from pyr_heatmap.backends.native.list_legends import _only
from pyr_heatmap.figure.spec import HeatmapSpec

__all__ = ["LegendGroup", "arrange_groups", "legend_groups"]

R_PAGE_MM = 7 * 25.4 - 4.0  # the page R packs legend columns on, less its padding
LEGEND_PAD = 2.0  # mm between the heatmap and its legends, and between two groups


def legend_groups(spec: HeatmapSpec, merge: bool = False) -> tuple[list[Any], list[Any]]:
    """``(heatmap legends, annotation legends)`` of one heatmap, in ComplexHeatmap's order."""
    left, right = spec.row.before, spec.row.after
    top, bottom = spec.column.before, spec.column.after
    if merge:
        return (_only(spec, left, False) + _only(spec, top, False) + _only(spec, None, True)
                + _only(spec, bottom, False) + _only(spec, right, False)), []
    return (_only(spec, left, False) + _only(spec, None, True) + _only(spec, right, False),
            _only(spec, top, False) + _only(spec, bottom, False))


@dataclass
class LegendGroup:
    """One group of legends: its top-left corner (mm), packing length and direction."""

    legends: list[Any]
    side: str
    xy: tuple[float, float] = (0.0, 0.0)
    max_len: float = 0.0
    flow: str = "vertical"
    size: tuple[float, float] = (0.0, 0.0)


def group_sizes(groups: list[LegendGroup], body_h: float, content_w: float) -> None:
    """Pack each group: columns no longer than R's page or the body left or right, rows
    no wider than the heatmap (at least 40 mm) at the top or the bottom."""
    for g in groups:
        g.flow = "vertical" if g.side in ("left", "right") else "horizontal"
        g.max_len = max(body_h if g.flow == "vertical" else content_w, 40.0)
        if g.flow == "vertical":  # R packs columns on its 7-inch first page
            g.max_len = max(g.max_len, R_PAGE_MM)
        g.size = legend_area(g.legends, g.max_len, g.flow) if g.legends else (0.0, 0.0)


def before_room(groups: list[LegendGroup]) -> tuple[float, float]:
    """Width of the legends on the left and height of those at the top (with their gaps)."""
    shown = [g for g in groups if g.legends]
    return (sum(g.size[0] + LEGEND_PAD for g in shown if g.side == "left"),
            sum(g.size[1] + LEGEND_PAD for g in shown if g.side == "top"))


def arrange_groups(groups: list[LegendGroup], x0: float, y0: float, right: float,
                   bottom: float, body: tuple[float, float]) -> tuple[float, float]:
    """Place the groups around the content that spans ``x0..right`` and ``y0..bottom`` (mm,
    the legends on the left and at the top included: they start at ``x0`` / ``y0``); ``body``
    is the body's top and height (legends left or right are centred on it); return the new
    right and bottom edges."""
    body_mid = body[0] + body[1] / 2
    shown = [g for g in groups if g.legends]
    mid_x = (x0 + right) / 2
    start = {}
    for side in ("left", "right", "top", "bottom"):
        gs = [g for g in shown if g.side == side]
        if side in ("left", "right"):
            start[side] = max(y0, min((body_mid - g.size[1] / 2 for g in gs), default=0.0))
        else:
            start[side] = max(x0, min((mid_x - g.size[0] / 2 for g in gs), default=0.0))
    outer_x, outer_y = x0, y0
    for g in reversed(shown):  # left / top: the annotation legends outermost
        if g.side == "left":
            g.xy = (outer_x, start["left"])
            outer_x += g.size[0] + LEGEND_PAD
            bottom = max(bottom, start["left"] + g.size[1])
        elif g.side == "top":
            g.xy = (start["top"], outer_y)
            outer_y += g.size[1] + LEGEND_PAD
            right = max(right, start["top"] + g.size[0])
    for g in shown:  # right / bottom: the heatmap legends nearest the heatmap
        if g.side == "right":
            g.xy = (right + LEGEND_PAD, start["right"])
            right += LEGEND_PAD + g.size[0]
            bottom = max(bottom, start["right"] + g.size[1])
        elif g.side == "bottom":
            g.xy = (start["bottom"], bottom + LEGEND_PAD)
            bottom += LEGEND_PAD + g.size[1]
            right = max(right, start["bottom"] + g.size[0])
    return right, bottom
