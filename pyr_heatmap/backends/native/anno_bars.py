"""``anno_barplot`` in one slice: single bars, stacked or side-by-side matrix columns, and the
numbers at the bars' ends, at the positions ComplexHeatmap 2.14's ``anno_barplot`` computes.

Coordinates are the slice axes' (see :mod:`.annotations`): along the axis cell ``p`` spans
``[p, p + 1]``, across it the data scale (reversed for ``axis_param = {"direction":
"reverse"}``, which is how R's reversed drawing looks).
"""

from __future__ import annotations

from typing import Any

import numpy as np
from matplotlib.patches import Rectangle
from matplotlib.transforms import offset_copy

from pyr_heatmap.figure.annotation_functions import AnnoTrack

__all__ = ["draw_bars"]

LINE_W = 0.75  # points: grid's lwd = 1


def _col(gp: dict[str, Any], key: str, default: str, i: int = 0) -> str:
    v = gp.get(key, default)
    return v[i % len(v)] if isinstance(v, tuple) else v


def _lw(gp: dict[str, Any]) -> float:
    v = gp.get("lwd", 1.0)
    return LINE_W * float(v[0] if isinstance(v, tuple) else v)


def _bar(ax: Any, which: str, p: float, width: float, lo: float, hi: float, fill: str,
         edge: str, lw: float, gid: str | None = None) -> None:
    if which == "column":
        rect = Rectangle((p - width / 2, lo), width, hi - lo)
    else:
        rect = Rectangle((lo, p - width / 2), hi - lo, width)
    rect.set_facecolor(fill)
    rect.set_edgecolor(edge)
    rect.set_linewidth(lw)
    if gid:
        rect.set_gid(gid)
    ax.add_patch(rect)


def _number(ax: Any, track: AnnoTrack, p: float, v: float) -> None:
    """The value ``v`` at the end of the bar of cell ``p``, ``numbers_offset`` away."""
    from pyr_heatmap.engine.rfactor import r_num_str

    prm = track.params
    reverse = (prm.get("axis") or {}).get("direction") == "reverse"
    off_in = prm["numbers_offset_mm"] / 25.4
    rot = prm["numbers_rot"] % 360
    kw = {"fontsize": prm["numbers_fontsize"], "color": prm["numbers_col"],
          "parse_math": False, "clip_on": False, "rotation_mode": "anchor", "gid": "bar_number"}
    if track.which == "column":
        s1, s2 = track.scale
        # R writes value[index] after its reversal: s2 - v + s1 when reversed (R's own quirk)
        text = r_num_str(s1 + s2 - v if reverse else v)
        tr = offset_copy(ax.transData, fig=ax.figure, x=0.0, y=off_in, units="inches")
        if rot == 0:
            ax.text(p, v, text, ha="center", va="bottom", transform=tr, **kw)
        else:
            ax.text(p, v, text, ha="left", va="center", rotation=rot, transform=tr, **kw)
    else:
        tr = offset_copy(ax.transData, fig=ax.figure, x=-off_in if reverse else off_in, y=0.0,
                         units="inches")
        ax.text(v, p, r_num_str(v), ha="right" if reverse else "left", va="center",
                rotation=rot, transform=tr, **kw)


def draw_bars(ax: Any, track: AnnoTrack, idx: np.ndarray) -> None:
    """The bars of the cells ``idx`` (matrix indices in drawn order) into ``ax``."""
    gp, prm, w = track.gp, track.params, track.which
    vals = track.data["values"][idx]
    base = prm["baseline"]
    bw = prm["bar_width"]
    nc = vals.shape[1]
    reverse = (prm.get("axis") or {}).get("direction") == "reverse"
    edge_lw = _lw(gp)
    for p, (i, row) in enumerate(zip(idx, vals, strict=True)):
        start = p
        if nc == 1:  # R recycles gp over the rows of x
            v = row[0]
            if np.isfinite(v):
                _bar(ax, w, start + 0.5, bw, min(base, v), max(base, v),
                     _col(gp, "fill", "#CCCCCC", int(i)), _col(gp, "col", "#000000", int(i)),
                     edge_lw, gid=f"bar:{int(i)}")
                if prm.get("add_numbers"):
                    _number(ax, track, start + 0.5, v)
        elif prm["beside"]:
            s1, s2 = track.scale
            width = bw / nc
            for j, v in enumerate(row):
                if not np.isfinite(v):
                    continue
                off = ((1 - bw) / 2 + (j + 0.5) / nc * bw) if prm["attach"] else (j + 0.5) / nc
                # R: from the baseline, `value` high; reversed, R draws from the reversed
                # baseline down by the reversed value (its own arithmetic, kept)
                lo, hi = (base, s1 + s2 + base - v) if reverse else (base, base + v)
                _bar(ax, w, start + off, width, min(lo, hi), max(lo, hi),
                     _col(gp, "fill", "#CCCCCC", j), _col(gp, "col", "#000000", j), edge_lw,
                     gid=f"bar:{int(i)}:{j}")
        else:  # stacked from 0 (R ignores the baseline here); an NA ends the stack
            acc = 0.0
            for j, v in enumerate(row):
                if not np.isfinite(v):
                    break
                _bar(ax, w, start + 0.5, bw, min(acc, acc + v), max(acc, acc + v),
                     _col(gp, "fill", "#CCCCCC", j), _col(gp, "col", "#000000", j), edge_lw,
                     gid=f"bar:{int(i)}:{j}")
                acc += v
