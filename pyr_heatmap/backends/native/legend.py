"""Legends in ComplexHeatmap's style: a colour bar with pretty() ticks, and discrete boxes.

Sizes follow ComplexHeatmap's defaults: 4 mm wide grids, bold 10 pt titles, 10 pt labels.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from pyr_heatmap.backends.native.layout import text_extent_mm
from pyr_heatmap.figure.spec import HeatmapSpec

__all__ = ["ContinuousLegend", "DiscreteLegend", "format_r", "legend_area", "legend_blocks",
           "place_legends"]

LEGEND_GAP = 4.0  # mm between legends

GRID = 4.0  # mm
TITLE_FS = 10.0
LABEL_FS = 10.0
TITLE_GAP = 1.5
LABEL_GAP = 1.0


def format_r(values: np.ndarray) -> list[str]:
    """Format numbers as R's ``format()`` does a vector: a common number of decimals."""
    vals = np.asarray(values, dtype=float)
    decimals = 0
    for v in vals:
        if not np.isfinite(v):
            continue
        s = np.format_float_positional(float(f"{v:.15g}"), trim="-")
        if "." in s:
            decimals = max(decimals, len(s.split(".")[1]))
    out = []
    for v in vals:
        s = f"{v:.{decimals}f}"
        if s.startswith("-") and float(s) == 0:
            s = s[1:]
        out.append(s)
    return out


def _title_h(title: str) -> float:
    return text_extent_mm([title], TITLE_FS, bold=True)[1] if title else 0.0


@dataclass
class ContinuousLegend:
    """A vertical colour bar from the lowest to the highest break of ``ramp``."""

    title: str
    ramp: Any
    at: np.ndarray
    labels: list[str]

    @property
    def bar_h(self) -> float:
        return max(20.0, GRID * 1.25 * len(self.at))

    @property
    def width(self) -> float:
        lab_w = text_extent_mm(self.labels, LABEL_FS)[0]
        return max(text_extent_mm([self.title], TITLE_FS, bold=True)[0],
                   GRID + LABEL_GAP + lab_w)

    @property
    def height(self) -> float:
        return _title_h(self.title) + TITLE_GAP + self.bar_h

    def draw(self, cv: Any, x: float, y: float) -> None:
        cv.text(x, y, self.title, fontsize=TITLE_FS, fontweight="bold", ha="left", va="top")
        by = y + _title_h(self.title) + TITLE_GAP
        # ComplexHeatmap's colour bar runs from the first tick to the last (the ticks may reach
        # beyond the breaks; the colours are clamped there)
        lo, hi = float(np.min(self.at)), float(np.max(self.at))
        if not hi > lo:
            lo, hi = float(np.min(self.ramp.breaks)), float(np.max(self.ramp.breaks))
        steps = np.linspace(hi, lo, 256)
        ax = cv.axes(x, by, GRID, self.bar_h, f"legend:{self.title}")
        ax.imshow(self.ramp.rgba(steps)[:, None, :], extent=(0, 1, lo, hi), aspect="auto",
                  interpolation="bilinear")
        ax.set_xlim(0, 1)
        ax.set_ylim(lo, hi)
        span = hi - lo if hi > lo else 1.0
        for v, lab in zip(self.at, self.labels, strict=True):
            if not lo - 1e-12 * span <= v <= hi + 1e-12 * span:
                continue
            ax.plot([0, 0.2], [v, v], color="white", linewidth=0.75)
            ax.plot([0.8, 1], [v, v], color="white", linewidth=0.75)
            ty = by + (hi - v) / span * self.bar_h
            cv.text(x + GRID + LABEL_GAP, ty, lab, fontsize=LABEL_FS, ha="left",
                    va="center_baseline", gid=f"legend_label:{self.title}")


@dataclass
class DiscreteLegend:
    """A column of coloured boxes, one per level."""

    title: str
    levels: list[str]
    colors: list[str]

    @property
    def width(self) -> float:
        return max(text_extent_mm([self.title], TITLE_FS, bold=True)[0],
                   GRID + LABEL_GAP + text_extent_mm(self.levels, LABEL_FS)[0])

    @property
    def height(self) -> float:
        return _title_h(self.title) + TITLE_GAP + GRID * len(self.levels)

    def draw(self, cv: Any, x: float, y: float) -> None:
        from pyr_heatmap.figure.colors import color_rgba

        cv.text(x, y, self.title, fontsize=TITLE_FS, fontweight="bold", ha="left", va="top")
        by = y + _title_h(self.title) + TITLE_GAP
        n = len(self.levels)
        ax = cv.axes(x, by, GRID, GRID * n, f"legend:{self.title}")
        rgba = np.array([color_rgba(c) for c in self.colors])
        ax.imshow(rgba[:, None, :], extent=(0, 1, n, 0), aspect="auto", interpolation="nearest")
        ax.set_xlim(0, 1)
        ax.set_ylim(n, 0)
        for k, lev in enumerate(self.levels):
            cv.text(x + GRID + LABEL_GAP, by + (k + 0.5) * GRID, lev, fontsize=LABEL_FS,
                    ha="left", va="center_baseline", gid=f"legend_label:{self.title}")


def legend_blocks(spec: HeatmapSpec, options: dict[str, Any] | None = None) -> list[Any]:
    """The legends of a heatmap: its colour mapping first, then each annotation."""
    from pyr_heatmap.figure.pretty import legend_ticks

    out: list[Any] = []
    if spec.legend.show:
        at = np.asarray(spec.legend.at if spec.legend.at is not None
                        else legend_ticks(spec.col), dtype=float)
        labels = list(spec.legend.labels) if spec.legend.labels is not None else format_r(at)
        out.append(ContinuousLegend(spec.legend.title, spec.col, at, labels))
    for block in (spec.column.before, spec.column.after, spec.row.before, spec.row.after):
        if block is None or not block.show_legend:
            continue
        for t in block.tracks:
            if t.discrete:
                out.append(DiscreteLegend(t.name, list(t.levels),
                                          [t.colors[lv] for lv in t.levels]))
            else:
                at = np.asarray(legend_ticks(t.colors), dtype=float)
                out.append(ContinuousLegend(t.name, t.colors, at, format_r(at)))
    return out


def legend_area(legends: list[Any], max_len: float, flow: str = "vertical") -> tuple[float, float]:
    """Width and height of the legend area: legends stacked along ``flow`` ("vertical": in
    columns of at most ``max_len`` mm; "horizontal": in rows of at most ``max_len`` mm)."""
    if not legends:
        return 0.0, 0.0
    vertical = flow == "vertical"
    done_across, across, along, total_along = 0.0, 0.0, 0.0, 0.0
    for lg in legends:
        size_along, size_across = (lg.height, lg.width) if vertical else (lg.width, lg.height)
        if along > 0 and along + LEGEND_GAP + size_along > max_len:
            done_across += across + LEGEND_GAP
            total_along = max(total_along, along)
            across, along = 0.0, 0.0
        along += (LEGEND_GAP if along > 0 else 0.0) + size_along
        across = max(across, size_across)
    total_along = max(total_along, along)
    if vertical:
        return done_across + across, total_along
    return total_along, done_across + across


def place_legends(cv: Any, legends: list[Any], x0: float, y0: float, max_len: float,
                  flow: str = "vertical") -> None:
    """Draw the legends from (x0, y0), in the packing of :func:`legend_area`."""
    x, y, across = x0, y0, 0.0
    for lg in legends:
        if flow == "vertical":
            if y > y0 and (y - y0) + lg.height > max_len:
                x += across + LEGEND_GAP
                y, across = y0, 0.0
            lg.draw(cv, x, y)
            y += lg.height + LEGEND_GAP
            across = max(across, lg.width)
        else:
            if x > x0 and (x - x0) + lg.width > max_len:
                y += across + LEGEND_GAP
                x, across = x0, 0.0
            lg.draw(cv, x, y)
            x += lg.width + LEGEND_GAP
            across = max(across, lg.height)
