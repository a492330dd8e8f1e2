"""Where an annotation's name goes, as ComplexHeatmap 2.14's ``SingleAnnotation`` places it:
beside column annotations (right or left), below or above row annotations, ``1 mm`` away
(``annotation_name_offset``), at 0 degrees for columns and 90 for rows
(``annotation_name_rot``), justified towards the annotation by the rotation's quadrant; an
axis on the name's side pushes the name beyond it and turns it (columns: 90, rows: 0), unless
the offset or the rotation is given.
"""

from __future__ import annotations

from typing import Any

from pyr_heatmap.backends.native.anno_axis import axis_depth_mm
from pyr_heatmap.backends.native.layout import ANNO_NAME_FS, NAME_PAD, text_extent_mm

__all__ = ["name_placement", "names_depth_mm"]

# grid's single-word justifications as matplotlib's (ha, va), in the text's own frame
_JUST = {"left": ("left", "center"), "right": ("right", "center"),
         "top": ("center", "top"), "bottom": ("center", "bottom")}


def _just(which: str, side: str, rot: float) -> tuple[float, str]:
    """R's rotation and justification of a name on ``side`` (SingleAnnotation's table)."""
    if which == "column":
        near = "right" if side == "left" else "left"  # the end towards the annotation
        table = {0: near, 90: "bottom" if side == "left" else "top", 180:
                 "left" if side == "left" else "right", 270: "top" if side == "left" else
                 "bottom"}
        if rot in table:
            return rot, table[rot]
        if 90 < rot < 270:
            return (180 - rot) % 360, near
        return rot, near
    if side == "top":
        table = {0: "bottom", 90: "left", 180: "top", 270: "right"}
        if rot in table:
            return rot, table[rot]
        if rot < 90:
            return rot, "left"
        if rot < 180:
            return (90 - rot) % 360, "right"
        return (-rot) % 360, "left"
    table = {0: "top", 90: "right", 180: "bottom", 270: "left"}
    if rot in table:
        return rot, table[rot]
    if rot < 90:
        return rot, "right"
    if rot > 270:
        return rot, "left"
    if rot < 180:
        return (-rot) % 360, "left"
    return (-rot) % 360, "right"


def name_placement(block: Any, track: Any, which: str) -> dict[str, Any]:
    """The name's offset from the annotation (mm), rotation, alignment, font size, colour."""
    side = block.name_side or ("right" if which == "column" else "bottom")
    opts = getattr(block, "name_options", {}).get(track.name, {})
    depth = axis_depth_mm(track, side)
    rot = opts.get("rot")
    offset = opts.get("offset_mm")
    if rot is None:
        rot = (90.0 if which == "column" else 0.0) if depth else \
            (0.0 if which == "column" else 90.0)
    if offset is None:
        offset = NAME_PAD + depth
    rot, just = _just(which, side, float(rot) % 360)
    ha, va = _JUST[just]
    return {"side": side, "offset": offset, "rotation": rot, "ha": ha, "va": va,
            "fontsize": float(opts.get("fontsize", ANNO_NAME_FS)),
            "color": opts.get("col", "#000000")}


def names_depth_mm(axis: Any, which: str) -> float:
    """How far the names of an axis' annotations reach out of them: the width right (left) of
    column annotations, the height below (above) row annotations."""
    out = 0.0
    for b in (axis.before, axis.after):
        if not b or not b.show_name:
            continue
        for t in b.tracks:
            if getattr(t, "kind", "") in ("text", "mark", "block", "empty"):
                continue
            p = name_placement(b, t, which)
            w, h = text_extent_mm([t.name], p["fontsize"], p["rotation"])
            out = max(out, p["offset"] + (w if which == "column" else h))
    return out
