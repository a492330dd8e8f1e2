"""Legends in ComplexHeatmap's style: a colour bar with pretty() ticks, and discrete boxes.

Sizes follow ComplexHeatmap's defaults: 4 mm wide grids, bold 10 pt titles, 10 pt labels.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from pyr_heatmap.backends.native.layout import MM_PER_PT, font_props, text_extent_mm
from pyr_heatmap.figure.annotation_text import CAP_HEIGHT, helvetica_number_width_mm
from pyr_heatmap.figure.spec import Font, HeatmapSpec

__all__ = ["ContinuousLegend", "DiscreteLegend", "format_r", "legend_area", "legend_blocks",
           "place_legends"]

LEGEND_GAP = 4.0  # mm between legends

GRID = 4.0  # mm
TITLE_FS = 10.0
LABEL_FS = 10.0
TITLE_GAP = 2.0  # ComplexHeatmap's title_gap
LABEL_GAP = 1.0
GRID_PT = 25.4 / 72.27  # mm per grid "points" (TeX points), ComplexHeatmap's legend unit
END_OFFSET = 2 * GRID_PT  # the first and last ticks sit 2 points inside the bar's ends


def format_r(values: np.ndarray) -> list[str]:
    """Legend labels as ComplexHeatmap writes them: ``labels = at`` drawn by grid, i.e. R's
    ``as.character()`` of each number (15 significant digits, no trailing zeros, scientific
    notation when it is shorter: "0", "0.5", "1", "1e+05")."""
    out = []
    for v in np.asarray(values, dtype=float):
        if not np.isfinite(v):
            out.append("NA" if np.isnan(v) else ("Inf" if v > 0 else "-Inf"))
            continue
        short = float(f"{v:.15g}")
        fixed = np.format_float_positional(short, trim="-")
        mant, exp = f"{short:.14e}".split("e")
        mant = mant.rstrip("0").rstrip(".")
        e = int(exp)
        sci = f"{mant}e{'-' if e < 0 else '+'}{abs(e):02d}"
        text = fixed if len(fixed) <= len(sci) else sci
        out.append("0" if text in ("-0", "-0.0") else text)
    return out


def _title_h(title: str) -> float:
    return text_extent_mm([title], TITLE_FS, bold=True)[1] if title else 0.0


@dataclass
class ContinuousLegend:
    """A colour bar from the lowest to the highest tick of ``ramp`` (ComplexHeatmap's
    ``Legend(col_fun = ...)``): vertical with labels on the right, or horizontal with labels
    below; ``length`` is ``legend_height`` (vertical) or ``legend_width`` (horizontal)."""

    title: str
    ramp: Any
    at: np.ndarray
    labels: list[str]
    direction: str = "vertical"
    length: float | None = None
    title_position: str = "topleft"
    title_fs: float = TITLE_FS
    title_font: Font = field(default_factory=lambda: Font(face="bold"))
    label_fs: float = LABEL_FS
    label_font: Font = field(default_factory=Font)

    @property
    def vertical(self) -> bool:
        return self.direction != "horizontal"

    @property
    def bar_len(self) -> float:
        """The colour bar's length (mm), ComplexHeatmap's rule: vertical, the labels' heights
        plus 6 points (grid's, 1/72.27 in) between them, at least 21.1 mm, and
        ``legend_height`` when it is not below that minimum; horizontal, the labels' widths
        plus 2.1 mm per label, or ``legend_width``."""
        n = len(self.at)
        if self.vertical:
            # a label's grob height in grid: Helvetica's cap height
            min_len = n * self.label_fs * CAP_HEIGHT * MM_PER_PT + 6 * GRID_PT * (n - 1)
            if self.length is None:
                return max(min_len, 21.1)
            if self.length < min_len:
                warnings.warn("`legend_height` you specified is too small, use the default "
                              "minimal height.", UserWarning, stacklevel=2)
                return min_len
            return float(self.length)
        if self.length is not None:
            return float(self.length)
        return sum(self._label_width(lab) for lab in self.labels) + 2.1 * n

    def _label_width(self, label: str) -> float:
        """A label's width as R measures it: numbers in plain Helvetica, other text (or another
        face) with the native font."""
        plain = self.label_font.face == "plain" and self.label_font.family is None
        w = helvetica_number_width_mm(label, self.label_fs) if plain else None
        return text_extent_mm([label], self.label_fs, font=self.label_font)[0] if w is None else w

    def _title_wh(self) -> tuple[float, float]:
        if not self.title:
            return 0.0, 0.0
        return text_extent_mm([self.title], self.title_fs, font=self.title_font)

    def _body_wh(self) -> tuple[float, float]:
        lab_w, lab_h = text_extent_mm(self.labels, self.label_fs, font=self.label_font)
        if self.vertical:
            return GRID + LABEL_GAP + lab_w, self.bar_len
        return self.bar_len + lab_w, GRID + LABEL_GAP + lab_h

    @property
    def width(self) -> float:
        (tw, th), (bw, _) = self._title_wh(), self._body_wh()
        if self.title_position == "topleft":
            return max(tw, bw)
        if self.title_position == "topcenter":  # centred on the bar, wider titles overhang
            return bw
        # beside the bar: the title's width (or its height, rotated) and the title gap
        return (th if self.title_position.endswith("-rot") else tw) + TITLE_GAP + bw

    @property
    def height(self) -> float:
        (tw, th), (_, bh) = self._title_wh(), self._body_wh()
        if self.title_position.startswith("top"):
            return th + TITLE_GAP + bh
        if self.title_position == "lefttop":
            return max(th, bh)
        return max(tw, bh) if self.title_position == "lefttop-rot" else bh

    def _draw_title(self, cv: Any, x: float, y: float) -> tuple[float, float]:
        """Draw the title where ComplexHeatmap's ``Legend()`` puts it; return the bar's corner."""
        (tw, th), (bw, _) = self._title_wh(), self._body_wh()
        pos = self.title_position
        kw = {"fontproperties": font_props(self.title_fs, self.title_font),
              "color": self.title_font.col, "gid": f"legend_title:{self.title}"}
        if pos.startswith("top"):
            tx = x + (self.width - tw) / 2 if pos == "topcenter" else x
            cv.text(tx, y, self.title, ha="left", va="top", **kw)
            return x, y + th + TITLE_GAP
        if pos == "leftcenter":
            cv.text(x, y + self.height / 2, self.title, ha="left", va="center", **kw)
        elif pos == "lefttop":  # horizontal only: the title centred on the bar's height
            cv.text(x, y + max(0.0, GRID / 2 - th / 2), self.title, ha="left", va="top", **kw)
        else:  # rotated 90, its top against the left edge, centred or at the top
            ty = y + self.height / 2 if pos == "leftcenter-rot" else y
            cv.text(x, ty, self.title, rotation=90, ha="left",
                    va="center" if pos == "leftcenter-rot" else "top", **kw)
        return x + self.width - bw, y

    def draw(self, cv: Any, x: float, y: float) -> None:
        x, by = self._draw_title(cv, x, y)
        # ComplexHeatmap's colour bar: the first and last ticks 2 points inside its ends, the ends
        # filled with the end colours (a horizontal bar ends past its last tick by what
        # _horizontal_tail says); the ticks may reach beyond the breaks (colours clamped there)
        lo, hi = float(np.min(self.at)), float(np.max(self.at))
        if not hi > lo:
            lo, hi = float(np.min(self.ramp.breaks)), float(np.max(self.ramp.breaks))
        span = hi - lo if hi > lo else 1.0
        run = max(self.bar_len - 2 * END_OFFSET, 1e-9)  # mm from the first tick to the last
        pad = END_OFFSET * span / run  # the end offset in data units
        lab_kw = {"fontproperties": font_props(self.label_fs, self.label_font),
                  "color": self.label_font.col, "gid": f"legend_label:{self.title}"}
        if self.vertical:
            steps = np.clip(np.linspace(hi + pad, lo - pad, 256), lo, hi)
            ax = cv.axes(x, by, GRID, self.bar_len, f"legend:{self.title}")
            ax.imshow(_u8(self.ramp.rgba(steps))[:, None, :], extent=(0, 1, lo - pad, hi + pad),
                      aspect="auto", interpolation="bilinear")
            ax.set_xlim(0, 1)
            ax.set_ylim(lo - pad, hi + pad)
        else:
            tail = _horizontal_tail(self.at, run)
            end = hi + tail * span / run
            steps = np.clip(np.linspace(lo - pad, end, 256), lo, hi)
            ax = cv.axes(x, by, self.bar_len - END_OFFSET + tail, GRID, f"legend:{self.title}")
            ax.imshow(_u8(self.ramp.rgba(steps))[None, :, :], extent=(lo - pad, end, 0, 1),
                      aspect="auto", interpolation="bilinear")
            ax.set_xlim(lo - pad, end)
            ax.set_ylim(0, 1)
        for v, lab in zip(self.at, self.labels, strict=True):
            if not lo - 1e-12 * span <= v <= hi + 1e-12 * span:
                continue
            if self.vertical:
                ax.plot([0, 0.2], [v, v], color="white", linewidth=0.75)
                ax.plot([0.8, 1], [v, v], color="white", linewidth=0.75)
                cv.text(x + GRID + LABEL_GAP, by + END_OFFSET + (hi - v) / span * run, lab,
                        ha="left", va="center_baseline", **lab_kw)
            else:
                ax.plot([v, v], [0, 0.2], color="white", linewidth=0.75)
                ax.plot([v, v], [0.8, 1], color="white", linewidth=0.75)
                cv.text(x + END_OFFSET + (v - lo) / span * run, by + GRID + LABEL_GAP, lab,
                        ha="center", va="top", **lab_kw)


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

        cv.text(x, y, self.title, fontsize=TITLE_FS, fontweight="bold", ha="left", va="top",
                gid=f"legend_title:{self.title}")
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
    """The legends of a heatmap: each annotation's, then the heatmap's colour mapping last
    (the order of ComplexHeatmap's merged legend list)."""
    from pyr_heatmap.figure.pretty import legend_ticks

    out: list[Any] = []
    for block in (spec.column.before, spec.column.after, spec.row.before, spec.row.after):
        if block is None or not block.show_legend:
            continue
        for t in block.tracks:
            if getattr(t, "is_function", False) or t.name in block.legend_hidden:
                continue  # anno_* functions have no legend
            p = block.legend_params.get(t.name, {})
            title = str(p.get("title", t.name))
            if t.discrete and not t.levels:  # no value at all: R shows one "NA" box in na_col
                out.append(DiscreteLegend(title, ["NA"], [block.na_col]))
            elif t.discrete:
                out.append(DiscreteLegend(title, list(t.levels),
                                          [t.colors[lv] for lv in t.levels]))
            else:
                at = np.asarray(p.get("at", legend_ticks(t.colors)), dtype=float)
                labels = [str(v) for v in p["labels"]] if "labels" in p else format_r(at)
                out.append(ContinuousLegend(title, t.colors, at, labels))
    lg = spec.legend
    if lg.show and getattr(spec.col, "discrete", False):  # a character matrix
        out.append(DiscreteLegend(lg.title, list(spec.col.levels), list(spec.col.colors)))
    elif lg.show:
        at = np.asarray(lg.at if lg.at is not None else legend_ticks(spec.col), dtype=float)
        labels = list(lg.labels) if lg.labels is not None else format_r(at)
        if lg.color_bar == "discrete":
            # one box per tick, the largest value on top (ComplexHeatmap's discrete colour bar)
            idx = np.argsort(-at, kind="stable")
            cols = [_hex(c) for c in spec.col.rgba(at[idx])]
            out.append(DiscreteLegend(lg.title, [labels[i] for i in idx], cols))
        else:
            length = lg.height_mm if lg.direction == "vertical" else lg.width_mm
            out.append(ContinuousLegend(lg.title, spec.col, at, labels, lg.direction, length,
                                        lg.title_position, lg.title_fontsize, lg.title_font,
                                        lg.labels_fontsize, lg.labels_font))
    return out


def _horizontal_tail(at: np.ndarray, run: float) -> float:
    """How far (mm) ComplexHeatmap's horizontal colour bar reaches past its last tick.

    ``horizontal_continuous_legend_body`` draws ``N`` colour rectangles of ``run / N`` mm, left
    justified at their centres, and one fewer width than rectangles, so grid recycles the first
    (2 points end cap plus half a step) for the last: the bar ends 1.5 * 2 points - run / N / 4
    after the last tick. ``N`` is the number of colours it samples: about 100 split over the gaps
    between the ticks, plus one."""
    a = np.sort(np.asarray(at, dtype=float))
    rng = a[-1] - a[0]
    if len(a) < 2 or not rng > 0:
        return END_OFFSET
    per_gap = np.round(np.diff(a) / rng * 100)  # R rounds halves to even, as numpy does
    n_col = int(np.maximum(per_gap - 1, 0).sum()) + 1
    return 1.5 * END_OFFSET - run / n_col / 4


def _u8(rgba: np.ndarray) -> np.ndarray:
    """8-bit colours: matplotlib resamples them without float copies at the output size."""
    return np.round(np.clip(rgba, 0.0, 1.0) * 255.0).astype(np.uint8)


def _hex(rgba: np.ndarray) -> str:
    return "#{:02X}{:02X}{:02X}".format(*(round(float(c) * 255) for c in rgba[:3]))


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
