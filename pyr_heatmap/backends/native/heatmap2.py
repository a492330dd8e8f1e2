"""Draw heatmap.2's and stats heatmap's look with matplotlib, from a :class:`Heatmap2Spec`.

The layout follows R's ``layout()`` of both functions: heatmap.2 ``lmat = rbind(4:3, 2:1)``
(key, column dendrogram / row dendrogram, image) with ``lwid = lhei = c(keysize, 4)``; stats
heatmap ``rbind(c(NA, 3), 2:1)`` with ``lwid = c(1, 4)``; a 0.2-wide band for RowSideColors /
ColSideColors. Panel margins are R's ``mar`` in lines of 0.2 inch. The image is R's ``image()``:
cell (row k bottom-up, column j) covers [j + 0.5, j + 1.5] x [k + 0.5, k + 1.5]; row labels on
the right, column labels below, rotated. Nothing is clustered or ordered here.
"""

from __future__ import annotations

import itertools
from typing import Any

import numpy as np
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure

from pyr_heatmap.backends.native.dendrogram import dendrogram_segments
from pyr_heatmap.engine.hclust import HClust
from pyr_heatmap.figure.colors.names import color_rgba
from pyr_heatmap.figure.heatmap2_spec import Heatmap2Spec
from pyr_heatmap.result.heatmap2 import Heatmap2Result

__all__ = ["draw_heatmap2_native"]

LINE_IN = 0.2  # one line of margin (R's mar) at cex 1, pointsize 12
POINTSIZE = 12.0


def _rgba_image(spec: Heatmap2Spec) -> np.ndarray:
    pal = np.array([color_rgba(c) for c in spec.colors], dtype=np.float64)
    codes = np.asarray(spec.codes)
    img = np.zeros((*codes.shape, 4), dtype=np.float64)  # transparent where no colour
    ok = codes >= 0
    img[ok] = pal[codes[ok]]
    if spec.style == "heatmap.2":
        img[~ok & np.isnan(spec.values)] = color_rgba(spec.na_color)
    return img


def _axes(fig: Figure, cell: tuple[float, float, float, float],
          mar: tuple[float, float, float, float], line: float = LINE_IN) -> Any:
    """An axes in the layout cell (x0, y0, w, h in inches) minus R's mar (bottom, left, top,
    right, in lines)."""
    W, H = fig.get_size_inches()
    x0, y0, w, h = cell
    b, left, t, r = (m * line for m in mar)
    ww, hh = max(w - left - r, 0.05), max(h - b - t, 0.05)
    return fig.add_axes((float((x0 + left) / W), float((y0 + b) / H), float(ww / W),
                         float(hh / H)))


def _blank(ax: Any) -> None:
    ax.set_xticks([])
    ax.set_yticks([])
    for s in ax.spines.values():
        s.set_visible(False)
    ax.patch.set_alpha(0.0)


def _grid(spec: Heatmap2Spec) -> tuple[list[float], list[float], dict[str, tuple[int, int]]]:
    """Widths, heights (inches) of the layout and the (row, column) cell of each panel."""
    h2 = spec.style == "heatmap.2"
    o = spec.order
    if h2:
        lwid, lhei = [spec.keysize, 4.0], [spec.keysize, 4.0]
    else:
        lwid = [1.0 if o.row.dendrogram else 0.05, 4.0]
        lhei = [(1.0 if o.column.dendrogram else 0.05) + (0.2 if spec.main else 0.0), 4.0]
    cells = {"key": (0, 0), "coldend": (0, 1), "rowdend": (1, 0), "image": (1, 1)}
    if spec.col_side_colors is not None:
        lhei = [lhei[0], 0.2, lhei[1]]
        cells = {k: (r + (1 if r == 1 else 0), c) for k, (r, c) in cells.items()}
        cells["colside"] = (1, cells["image"][1])
    if spec.row_side_colors is not None:
        lwid = [lwid[0], 0.2, lwid[1]]
        cells = {k: (r, c + (1 if c == 1 else 0)) for k, (r, c) in cells.items()}
        cells["rowside"] = (cells["image"][0], 1)
    W, H = spec.width, spec.height
    if not h2:  # layout(respect = TRUE): one unit is as wide as it is high
        unit = min(W / sum(lwid), H / sum(lhei))
        return [u * unit for u in lwid], [u * unit for u in lhei], cells
    return [u * W / sum(lwid) for u in lwid], [u * H / sum(lhei) for u in lhei], cells


def _cell(widths: list[float], heights: list[float], rc: tuple[int, int], W: float,
          H: float) -> tuple[float, float, float, float]:
    r, c = rc
    x0 = (W - sum(widths)) / 2 + sum(widths[:c])
    top = (H - sum(heights)) / 2 + sum(heights[:r])
    return x0, H - top - heights[r], widths[c], heights[r]


def _dendrogram(ax: Any, tree: HClust, leaf_pos: np.ndarray, horizontal: bool) -> None:
    seg, _ = dendrogram_segments(tree, leaf_pos=leaf_pos)
    if horizontal:  # rows: height to the left, leaves on the right
        seg = seg[:, :, ::-1]
    ax.add_collection(LineCollection(seg, colors="black", linewidths=0.8, gid="dendrogram"))
    top = float(np.max(tree.height)) if tree.n > 1 else 1.0
    if horizontal:
        ax.set_xlim(top * 1.04, 0)
    else:
        ax.set_ylim(0, top * 1.04)


def _leaf_positions(tree: HClust, drawn: np.ndarray) -> np.ndarray:
    """Leaf j of the tree at the position (1, 2, ...) where matrix index j is drawn."""
    pos = np.empty(tree.n)
    pos[np.asarray(drawn)] = np.arange(1, tree.n + 1, dtype=np.float64)
    return pos


def _trace(ax: Any, spec: Heatmap2Spec) -> None:
    b = spec.breaks
    assert b is not None
    lo, hi = float(b.min()), float(b.max())
    x01 = (np.asarray(spec.values) - lo) / (hi - lo)  # rows bottom-up x columns
    nr, nc = x01.shape
    kw = dict(color=color_rgba(spec.tracecol), linewidth=1.0)
    if spec.trace in ("both", "column"):
        for i in range(1, nc + 1):
            if spec.vline is not None:
                ax.axvline(i - 0.5 + (spec.vline - lo) / (hi - lo), color=color_rgba(
                    spec.linecol), linestyle="--", linewidth=1.0, gid="vline")
            xv = i + x01[:, i - 1] - 0.5
            xv = np.concatenate([[xv[0]], xv])
            yv = np.arange(1, xv.size + 1) - 0.5
            ax.plot(xv, yv, drawstyle="steps-post", gid="trace-column", **kw)
    if spec.trace in ("both", "row"):
        for i in range(1, nr + 1):
            if spec.hline is not None:
                ax.axhline(i - 0.5 + (spec.hline - lo) / (hi - lo), color=color_rgba(
                    spec.linecol), linestyle="--", linewidth=1.0, gid="hline")
            yv = i + x01[i - 1, :] - 0.5
            yv = np.concatenate([[yv[0]], yv])[::-1]
            xv = np.arange(yv.size, 0, -1) - 0.5
            ax.plot(xv, yv, drawstyle="steps-post", gid="trace-row", **kw)


def _key(fig: Figure, cell: tuple[float, float, float, float], spec: Heatmap2Spec,
         ps: float) -> None:
    k = spec.key
    assert k is not None
    cex = 0.75
    ax = _axes(fig, cell, (5, 4, 2, 1), LINE_IN * cex)
    ax.set_gid("key")
    zb = np.asarray(k.z_breaks)
    for c, (a, b) in zip(k.z_colors, itertools.pairwise(zb), strict=True):
        ax.axvspan(max(a, 0.0), min(b, 1.0), color=color_rgba(c), linewidth=0)
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    fs = POINTSIZE * cex  # the key sets par(cex = 0.75) itself
    ax.set_xticks(k.ticks, k.tick_labels, fontsize=fs)
    ax.set_xlabel(k.xlab, fontsize=fs)
    if k.curve_x is not None and k.curve_y is not None:
        style = "steps-post" if k.density_info == "histogram" else "default"
        ax.plot(k.curve_x, k.curve_y, drawstyle=style, color=color_rgba(k.color),
                linewidth=1.0, gid="key-" + k.density_info)
        ax.set_yticks(k.yticks, k.ytick_labels, fontsize=fs)
        ax.set_ylabel(k.ylab, fontsize=fs * 0.5 / cex)
    else:
        ax.set_yticks([])
    for v in k.vlines:
        ax.axvline(v, color=color_rgba(spec.linecol), linestyle="--", linewidth=1.0)
    ax.set_title(k.title, fontsize=fs, pad=2)
    _fit_key_text(fig, ax)


def _fit_key_text(fig: Figure, ax: Any) -> None:
    """R's ``axis()`` leaves out a tick label that would overlap the previous one; R clips the
    key's 2-line title to the device when its 2-line margin is too short. Here labels are thinned
    as R does and the title is made smaller until it fits between the key and the canvas top, so
    no text of the key leaves the canvas or covers the key."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    renderer = FigureCanvasAgg(fig).get_renderer()
    gap = renderer.points_to_pixels(2.0)
    for labels, lo, hi in ((ax.get_xticklabels(), "x0", "x1"),
                           (ax.get_yticklabels(), "y0", "y1")):
        last = -np.inf
        for label in labels:
            box = label.get_window_extent(renderer)
            if getattr(box, lo) < last + gap:
                label.set_visible(False)
            else:
                last = getattr(box, hi)
    fig.draw_without_rendering()  # places the title where drawing will
    box = ax.title.get_window_extent(renderer)
    room = fig.bbox.y1 - gap - ax.bbox.y1
    if box.y1 > fig.bbox.y1 - gap and room > 0:
        size = ax.title.get_fontsize() * min(1.0, room / box.height)
        ax.set_title(ax.title.get_text(), fontsize=size, pad=1,
                     y=1.0 + (room - size * renderer.points_to_pixels(1.0) * 2.4) / 2
                     / ax.bbox.height)


def draw_heatmap2_native(spec: Heatmap2Spec, dpi: float = 100.0,
                         reason: str = "") -> Heatmap2Result:
    """Draw ``spec`` with matplotlib; the figure is ``spec.width x spec.height`` inches."""
    W, H = spec.width, spec.height
    fig = Figure(figsize=(W, H), dpi=dpi)
    widths, heights, cells = _grid(spec)
    # R's layout() lowers the base cex: 0.83 with 2 rows or columns, 0.66 with 3 or more
    ps = POINTSIZE * (0.66 if max(len(widths), len(heights)) >= 3 else 0.83)
    nr, nc = spec.values.shape
    m1, m2 = spec.margins
    h2 = spec.style == "heatmap.2"

    def cell(name: str) -> tuple[float, float, float, float]:
        return _cell(widths, heights, cells[name], W, H)

    ax = _axes(fig, cell("image"), (m1, 0, 0, m2))
    ax.set_gid("image")
    ax.imshow(_rgba_image(spec), origin="lower", extent=(0.5, nc + 0.5, 0.5, nr + 0.5),
              aspect="auto", interpolation="nearest")
    ax.set_xlim(0.5, nc + 0.5)
    ax.set_ylim(0.5, nr + 0.5)
    for s in ax.spines.values():
        s.set_visible(False)
    ax.set_xticks(np.arange(1, nc + 1), spec.drawn_col_labels, rotation=90,
                  fontsize=ps * spec.cex_col)
    ax.yaxis.tick_right()
    ax.set_yticks(np.arange(1, nr + 1), spec.drawn_row_labels, fontsize=ps * spec.cex_row)
    ax.tick_params(length=0, pad=ps * 0.5)
    if spec.xlab:
        ax.set_xlabel(spec.xlab, fontsize=ps)
    if spec.ylab:
        ax.yaxis.set_label_position("right")
        ax.set_ylabel(spec.ylab, fontsize=ps)
    if h2:
        _trace(ax, spec)
        if spec.cellnote is not None:
            for (k, j), text in np.ndenumerate(spec.cellnote):
                if text:
                    ax.text(j + 1, k + 1, text, ha="center", va="center",
                            color=color_rgba(spec.notecol), fontsize=ps * spec.notecex,
                            gid="cellnote")
    if spec.row_side_colors is not None:
        sx = _axes(fig, cell("rowside"), (m1, 0, 0, 0.5))
        sx.imshow(np.array([[color_rgba(c)] for c in spec.row_side_colors]), origin="lower",
                  extent=(0, 1, 0.5, nr + 0.5), aspect="auto", interpolation="nearest")
        sx.set_ylim(0.5, nr + 0.5)
        sx.set_gid("RowSideColors")
        _blank(sx)
    if spec.col_side_colors is not None:
        sx = _axes(fig, cell("colside"), (0.5, 0, 0, m2))
        sx.imshow(np.array([[color_rgba(c) for c in spec.col_side_colors]]),
                  extent=(0.5, nc + 0.5, 0, 1), aspect="auto", interpolation="nearest")
        sx.set_xlim(0.5, nc + 0.5)
        sx.set_gid("ColSideColors")
        _blank(sx)
    rd = _axes(fig, cell("rowdend"), (m1, 0, 0, 0))
    rd.set_gid("row-dendrogram")
    _blank(rd)
    if spec.row_tree is not None:
        _dendrogram(rd, spec.row_tree, _leaf_positions(spec.row_tree, spec.row_bottom_up), True)
        rd.set_ylim(0.5, nr + 0.5)
    cd = _axes(fig, cell("coldend"), (0, 0, (5 if h2 else 1) if spec.main else 0, m2))
    cd.set_gid("column-dendrogram")
    _blank(cd)
    if spec.col_tree is not None:
        _dendrogram(cd, spec.col_tree, _leaf_positions(spec.col_tree, spec.order.column.ind),
                    False)
        cd.set_xlim(0.5, nc + 0.5)
    if spec.main:
        x0, y0, w, h = cell("coldend")
        fig.text((x0 + (w - m2 * LINE_IN) / 2) / W, (y0 + h - 0.12) / H, spec.main,
                 ha="center", va="top", fontsize=ps * 1.5 * 1.2, fontweight="bold",
                 gid="main")
    if h2 and spec.key is not None:
        _key(fig, cell("key"), spec, ps)
    return Heatmap2Result(spec, "native", figure=fig, reason=reason)
