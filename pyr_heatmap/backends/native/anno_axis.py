"""The data axis of an annotation function, as ComplexHeatmap's ``annotation_axis_grob`` draws
it: a line along the whole side of the annotation, 1 mm ticks (outward or inward) and the labels
2 mm from the line, in an axes of its own (label ``"anno_axis:<name>"``) laid over the slice
that carries the axis (the first slice for a left/top axis, the last for a right/bottom one).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from pyr_heatmap.figure.annotation_functions import AnnoTrack
from pyr_heatmap.figure.annotation_text import CAP_HEIGHT, MM_PER_PT, _number_width_mm

__all__ = ["axis_depth_mm", "axis_slice", "data_limits", "draw_axis"]

LINE_W = 0.75  # points: grid's lwd = 1


def data_limits(track: AnnoTrack, scale: tuple[float, float]) -> tuple[float, float]:
    """The data limits of the slice axes: reversed for ``direction = "reverse"``."""
    axis = track.params.get("axis") or {}
    return (scale[1], scale[0]) if axis.get("direction") == "reverse" else scale


def axis_slice(track: AnnoTrack, n_slices: int) -> int:
    """The slice that carries the axis (R: left/top on the first, right/bottom on the last)."""
    side = (track.params.get("axis") or {}).get("side")
    return 0 if side in ("left", "top") else n_slices - 1


def axis_depth_mm(track: AnnoTrack, side: str) -> float:
    """How far the axis' labels reach out of the annotation on ``side`` (0 when the axis is
    elsewhere or faces inside)."""
    axis = getattr(track, "params", {}).get("axis")  # colour bars have no axis
    if not getattr(track, "axis_at", ()) or not axis or axis["side"] != side \
            or axis["facing"] != "outside":
        return 0.0
    # R: the labels' extent + 2 mm, measured in Helvetica as R measures (grid's text height
    # is the cap height)
    w = _number_width_mm(tuple(axis["labels"]), axis["fontsize"])
    if side in ("left", "right"):
        return w + 2.0
    h = axis["fontsize"] * MM_PER_PT * CAP_HEIGHT
    r = np.deg2rad(axis["labels_rot"])
    return abs(w * np.sin(r)) + abs(h * np.cos(r)) + 2.0


def draw_axis(cv: Any, track: AnnoTrack, box: tuple[float, float, float, float],
              scale: tuple[float, float]) -> Any:
    """Draw the axis of ``track`` over the slice at ``box`` (x, y, w, h mm)."""
    axis = track.params["axis"]
    x, y, w, h = box
    ax = cv.axes(x, y, w, h, f"anno_axis:{track.name}")
    lim = data_limits(track, scale)
    side, inward = axis["side"], axis["facing"] == "inside"
    kw = {"color": axis["col"], "linewidth": LINE_W * axis["lwd"], "clip_on": False,
          "solid_capstyle": "butt"}
    tkw = {"fontsize": axis["fontsize"], "color": axis["col"], "parse_math": False,
           "clip_on": False, "rotation_mode": "anchor"}
    at, labels = track.axis_at, axis["labels"]
    if side in ("left", "right"):  # column annotation: along = mm, across = data
        ax.set_xlim(0, w)
        ax.set_ylim(*lim)
        edge = 0.0 if side == "left" else w
        out = -1.0 if side == "left" else 1.0
        step = -out if inward else out
        ax.plot([edge, edge], list(scale), gid="axis_line", **kw)
        for v, lab in zip(at, labels, strict=True):
            ax.plot([edge, edge + step], [v, v], gid="axis_tick", **kw)
            ax.text(edge + 2 * step, v, lab, ha="right" if step < 0 else "left", va="center",
                    gid="axis_label", **tkw)
    else:  # row annotation: along = data, across = mm from the top
        ax.set_xlim(*lim)
        ax.set_ylim(h, 0)
        edge = h if side == "bottom" else 0.0
        out = 1.0 if side == "bottom" else -1.0
        step = -out if inward else out
        rot = axis["labels_rot"]
        below = step > 0  # labels under the line (on the page)
        if rot == 0:
            ha, va = "center", "top" if below else "bottom"
        else:
            ha, va = ("right" if below else "left"), "center"
        ax.plot(list(scale), [edge, edge], gid="axis_line", **kw)
        for v, lab in zip(at, labels, strict=True):
            ax.plot([v, v], [edge, edge + step], gid="axis_tick", **kw)
            ax.text(v, edge + 2 * step, lab, ha=ha, va=va, rotation=rot, gid="axis_label",
                    **tkw)
    return ax

