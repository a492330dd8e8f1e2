"""Draw a :class:`~pyr_heatmap.figure.pheatmap_spec.PheatmapSpec` with matplotlib, as pheatmap.

pheatmap lays its figure out as a 5 x 6 gtable (``lo()`` in pheatmap 1.0.12), sizes in big points
(1/72 inch)::

    widths:  treeheight_row + 5 | annotation_row | matrix | row names | legend | annotation legend
    heights: main | treeheight_col + 5 | annotation_col | matrix | column names

The matrix takes what is left of the figure (7 x 7 inches, R's default device, unless
``width``/``height`` are given) or ``cellwidth * ncol`` (+ 4 per gap) when cell sizes are given,
and then the figure is sized to its content. Cells get a ``border_color`` border (none when a
cell is smaller than 3 points, as pheatmap), gaps are 4 points, dendrograms are scaled to
``height / max(height) / 1.05`` of their cell with the leaves against the matrix, the legend is a
bar 10 points wide and at most 150 points tall at the top right, labelled by its ticks.
"""

from __future__ import annotations

import itertools
from typing import Any

import numpy as np
from matplotlib.collections import LineCollection, PatchCollection
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from pyr_heatmap.backends.native.layout import MM_PER_PT, text_extent_mm
from pyr_heatmap.figure.pheatmap_spec import AnnotationTrack, PheatmapSpec
from pyr_heatmap.result.pheatmap import DrawnPheatmap

__all__ = ["draw_pheatmap_native", "pheatmap_layout"]

GAP = 4.0  # bigpts between cells at a gap
LW = 0.75  # grid's lwd = 1, in points
_RASTER_CELLS = 20_000  # borderless matrices above this many cells are drawn as images
_HJ = {270: (0.0, 0.5), 0: (0.5, 1.0), 45: (1.0, 1.0), 90: (1.0, 0.5), 315: (0.0, 1.0)}


def _text_w(texts: Any, size: float, bold: bool = False) -> float:
    """Width (points) of the widest text."""
    texts = [str(t) for t in texts]
    return text_extent_mm(texts, size, 0.0, bold)[0] / MM_PER_PT if texts else 0.0


def _text_h_rot(texts: Any, size: float, rot: float) -> float:
    texts = [str(t) for t in texts]
    return text_extent_mm(texts, size, rot)[1] / MM_PER_PT if texts else 0.0


def pheatmap_layout(spec: PheatmapSpec) -> dict[str, Any]:
    """Column widths, row heights (points) and the figure size, as pheatmap's ``lo()``."""
    f = spec.fontsize
    nr, nc = spec.matrix.shape
    th = f * 0.72  # grid's height of "FGH"
    # column names (or the row annotations' names) under the matrix
    names_below = list(spec.column_labels)
    if spec.annotation_row and spec.annotation_names_row:
        names_below += [t.name for t in spec.annotation_row]
    coln_h = (_text_h_rot(names_below, spec.fontsize_col, spec.angle_col) + 10
              if names_below else 5.0)
    names_right = list(spec.row_labels)
    if spec.row_labels and spec.annotation_col and spec.annotation_names_col:
        names_right += [t.name for t in spec.annotation_col]
    rown_w = _text_w(names_right, spec.fontsize_row) + 10 if spec.row_labels else 5.0
    if spec.legend:
        longest = max(spec.legend_text, key=len) if spec.legend_text else ""
        legend_w = max(1.1 * _text_w(["Scale"], f, True), 12 + 1.2 * 1.1 * _text_w([longest], f))
    else:
        legend_w = 0.0
    main_h = 1.5 * 1.3 * f * 0.72 * 1.4 if spec.main else 0.0
    ann_col_h = len(spec.annotation_col) * (f + 2) + 2 if spec.annotation_col else 0.0
    ann_row_w = len(spec.annotation_row) * (f + 2) + 2 if spec.annotation_row else 0.0
    ann_leg_w = 0.0
    if spec.annotation_legend:
        for tracks in (spec.annotation_col, spec.annotation_row):
            if tracks:
                texts = [t.name for t in tracks] + [v for t in tracks for v in t.legend_levels]
                ann_leg_w = max(ann_leg_w, 1.2 * _text_w(texts, f) + 12)
    tree_r = spec.treeheight_row + 5
    tree_c = spec.treeheight_col + 5
    fixed_w = tree_r + ann_row_w + rown_w + legend_w + ann_leg_w
    fixed_h = main_h + tree_c + ann_col_h + coln_h
    if spec.cellwidth is not None:
        mat_w = spec.cellwidth * nc + spec.gaps_col.size * GAP
        width = spec.width * 72 if spec.width is not None else fixed_w + mat_w
    else:
        width = (spec.width if spec.width is not None else 7.0) * 72
        mat_w = max(width - fixed_w, 1.0)
    if spec.cellheight is not None:
        mat_h = spec.cellheight * nr + spec.gaps_row.size * GAP
        height = spec.height * 72 if spec.height is not None else fixed_h + mat_h
    else:
        height = (spec.height if spec.height is not None else 7.0) * 72
        mat_h = max(height - fixed_h, 1.0)
    widths = [tree_r, ann_row_w, mat_w, rown_w, legend_w, ann_leg_w]
    heights = [main_h, tree_c, ann_col_h, mat_h, coln_h]
    return {"widths": widths, "heights": heights, "width": width, "height": height,
            "text_height": th}


def _coords(n: int, gaps: np.ndarray, total: float) -> tuple[np.ndarray, float]:
    """pheatmap's ``find_coordinates``: cell starts (points from the start) and the cell size."""
    size = (total - gaps.size * GAP) / n
    idx = np.arange(n)
    before = np.array([(gaps < i + 1).sum() for i in idx]) if gaps.size else np.zeros(n)
    return idx * size + before * GAP, size


class _Page:
    """Places rectangles and text in points from the top-left corner of the figure."""

    def __init__(self, fig: Figure, width: float, height: float) -> None:
        self.fig = fig
        self.w = width
        self.h = height
        self.ax = fig.add_axes((0, 0, 1, 1))
        self.ax.set_xlim(0, width)
        self.ax.set_ylim(height, 0)
        self.ax.set_axis_off()

    def text(self, x: float, y: float, s: str, **kw: Any) -> Any:
        return self.ax.text(x, y, s, parse_math=False, **kw)


def _dendrogram(page: _Page, tree: Any, gaps: np.ndarray, x0: float, y0: float, w: float,
                h: float, horizontal: bool) -> None:
    n = tree.n
    hts = tree.height / tree.height.max() / 1.05 if tree.height.max() > 0 else tree.height * 0
    pos = np.empty(2 * n - 1)
    top = np.zeros(2 * n - 1)
    rank = np.empty(n)
    rank[tree.order] = np.arange(n)
    starts, size = _coords(n, gaps, w if horizontal else h)
    pos[:n] = starts[rank.astype(int)] + size / 2
    segs = []
    for i, (a, b) in enumerate(tree.merge):
        ia = -a - 1 if a < 0 else n + a - 1
        ib = -b - 1 if b < 0 else n + b - 1
        pos[n + i] = (pos[ia] + pos[ib]) / 2
        top[n + i] = hts[i]
        pts = [(pos[ia], top[ia]), (pos[ia], hts[i]), (pos[ib], hts[i]), (pos[ib], top[ib])]
        segs.append(pts)
    lines = []
    for pts in segs:
        if horizontal:  # column tree: leaves at the bottom of its cell
            lines.append([(x0 + p, y0 + h - t * h) for p, t in pts])
        else:  # row tree: leaves at the right of its cell
            lines.append([(x0 + w - t * w, y0 + p) for p, t in pts])
    page.ax.add_collection(LineCollection(lines, colors="black", linewidths=LW,
                                          capstyle="butt"))


def _annotations(page: _Page, spec: PheatmapSpec, tracks: tuple[AnnotationTrack, ...],
                 x0: float, y0: float, length: float, cell_h: float, horizontal: bool,
                 border: str | None) -> None:
    f = spec.fontsize
    gaps = spec.gaps_col if horizontal else spec.gaps_row
    n = len(tracks[0].colors)
    starts, size = _coords(n, gaps, length)
    rects, colours = [], []
    for i, t in enumerate(tracks, start=1):
        centre = i * f + 2 * i - f / 2 + 1  # from the matrix side
        for k, c in enumerate(t.colors):
            if horizontal:
                rects.append(Rectangle((x0 + starts[k], y0 + cell_h - centre - f / 2), size, f))
            else:
                rects.append(Rectangle((x0 + cell_h - centre - f / 2, y0 + starts[k]), f, size))
            colours.append(c if c is not None else "none")
    page.ax.add_collection(PatchCollection(rects, facecolors=colours,
                                           edgecolors=border or "none", linewidths=LW))


def _annotation_legend(page: _Page, spec: PheatmapSpec, x0: float, y0: float,
                       border: str | None) -> None:
    th = spec.fontsize * 0.72
    y = y0
    # pheatmap lists annotation_col (last variable first), then annotation_row likewise
    tracks = [*reversed(spec.annotation_col), *reversed(spec.annotation_row)]
    for t in tracks:
        page.text(x0, y, t.name, fontsize=spec.fontsize, fontweight="bold", ha="left",
                  va="top")
        y += 1.5 * th
        if t.discrete:
            for lev, col in zip(t.legend_levels, t.legend_colors, strict=True):
                page.ax.add_patch(Rectangle((x0, y), 2 * th, 2 * th, facecolor=col,
                                            edgecolor=border or "none", linewidth=LW))
                page.text(x0 + 2.4 * th, y + th, lev, fontsize=spec.fontsize, ha="left",
                          va="center")
                y += 2 * th
        else:
            for k, col in enumerate(reversed(t.legend_colors)):
                page.ax.add_patch(Rectangle((x0, y + k * 2 * th), 2 * th, 2 * th,
                                            facecolor=col, edgecolor="none"))
            page.ax.add_patch(Rectangle((x0, y), 2 * th, 8 * th, facecolor="none",
                                        edgecolor=border or "none", linewidth=LW))
            for k, lab in zip((1, 7), t.legend_range, strict=False):
                page.text(x0 + 2.4 * th, y + k * th, lab, fontsize=spec.fontsize, ha="left",
                          va="center")
            y += 8 * th
        y += 1.5 * th


def _blocks(n: int, gaps: np.ndarray) -> list[tuple[int, int]]:
    cuts = [0, *sorted(int(g) for g in gaps if 0 < g < n), n]
    return [(a, b) for a, b in itertools.pairwise(cuts) if b > a]


def _raster_cells(page: _Page, spec: PheatmapSpec, mx: float, my: float, cx: np.ndarray,
                  cy: np.ndarray, cw: float, ch: float) -> None:
    """Borderless cells of a large matrix as images (one per block between gaps): the same
    colours as the rectangles, drawn in a fraction of the time."""
    from matplotlib.colors import to_rgba_array

    colours = np.asarray(spec.cell_colors, dtype=object)
    uniq, inverse = np.unique(colours.astype(str), return_inverse=True)
    rgba = to_rgba_array(list(uniq))[inverse.reshape(colours.shape)]
    nr, nc = colours.shape
    for r0, r1 in _blocks(nr, spec.gaps_row):
        for c0, c1 in _blocks(nc, spec.gaps_col):
            x0, y0 = mx + cx[c0], my + cy[r0]
            page.ax.imshow(rgba[r0:r1, c0:c1], extent=(x0, x0 + (c1 - c0) * cw,
                                                       y0 + (r1 - r0) * ch, y0),
                           origin="upper", interpolation="nearest", aspect="auto",
                           label="matrix")
    page.ax.set_xlim(0, page.w)
    page.ax.set_ylim(page.h, 0)


def draw_pheatmap_native(spec: PheatmapSpec, dpi: float = 100.0) -> DrawnPheatmap:
    """Draw the spec with matplotlib; returns the :class:`DrawnPheatmap`."""
    lo = pheatmap_layout(spec)
    W, H = lo["width"], lo["height"]
    fig = Figure(figsize=(W / 72, H / 72), dpi=dpi)
    page = _Page(fig, W, H)
    xs = np.concatenate([[0.0], np.cumsum(lo["widths"])])
    ys = np.concatenate([[0.0], np.cumsum(lo["heights"])])
    nr, nc = spec.matrix.shape
    mx, my, mw, mh = xs[2], ys[3], lo["widths"][2], lo["heights"][3]
    cx, cw = _coords(nc, spec.gaps_col, mw)
    cy, ch = _coords(nr, spec.gaps_row, mh)
    border = spec.border_color if min(cw, ch) >= 3 else None
    if border is None and nr * nc > _RASTER_CELLS:
        _raster_cells(page, spec, mx, my, cx, cy, cw, ch)
    else:
        rects = [Rectangle((mx + cx[j], my + cy[i]), cw, ch) for i in range(nr)
                 for j in range(nc)]
        page.ax.add_collection(PatchCollection(
            rects, facecolors=[c for row in spec.cell_colors for c in row],
            edgecolors=border or "none", linewidths=LW if border else 0.0, label="matrix"))
    if spec.numbers is not None:
        for i in range(nr):
            for j in range(nc):
                page.text(mx + cx[j] + cw / 2, my + cy[i] + ch / 2, spec.numbers[i, j],
                          fontsize=spec.fontsize_number, color=spec.number_color,
                          ha="center", va="center")
    if spec.tree_col is not None and spec.treeheight_col > 0:
        _dendrogram(page, spec.tree_col, spec.gaps_col, mx, ys[1], mw, lo["heights"][1], True)
    if spec.tree_row is not None and spec.treeheight_row > 0:
        _dendrogram(page, spec.tree_row, spec.gaps_row, xs[0], my, lo["widths"][0], mh, False)
    hj, vj = _HJ[spec.angle_col]
    ha = {0.0: "left", 0.5: "center", 1.0: "right"}[hj]
    va = {0.0: "bottom", 0.5: "center", 1.0: "top"}[vj]
    rot = spec.angle_col
    for j, lab in enumerate(spec.column_labels):
        page.text(mx + cx[j] + cw / 2, ys[4] + 3, lab, fontsize=spec.fontsize_col, rotation=rot,
                  ha=ha, va=va, rotation_mode="anchor")
    for i, lab in enumerate(spec.row_labels):
        page.text(xs[3] + 3, my + cy[i] + ch / 2, lab, fontsize=spec.fontsize_row, ha="left",
                  va="center")
    if spec.annotation_col:
        _annotations(page, spec, spec.annotation_col, mx, ys[2], mw, lo["heights"][2], True,
                     border)
        if spec.annotation_names_col:
            for i, t in enumerate(spec.annotation_col, start=1):
                yc = ys[3] - (i * spec.fontsize + 2 * i - spec.fontsize / 2 + 1)
                page.text(xs[3] + 3, yc, t.name, fontsize=spec.fontsize, fontweight="bold",
                          ha="left", va="center")
    if spec.annotation_row:
        _annotations(page, spec, spec.annotation_row, xs[1], my, mh, lo["widths"][1], False,
                     border)
        if spec.annotation_names_row:
            for i, t in enumerate(spec.annotation_row, start=1):
                xc = xs[2] - (i * spec.fontsize + 2 * i - spec.fontsize / 2 + 1)
                page.text(xc, ys[4] + 3, t.name, fontsize=spec.fontsize, fontweight="bold",
                          rotation=rot, ha=ha, va=va, rotation_mode="anchor")
    top = ys[2] if spec.row_labels else ys[3]
    if spec.legend and spec.breaks.size > 1:
        avail = ys[5] - top
        lh = min(avail, 150.0)
        b = spec.breaks
        lo_b, hi_b = float(b.min()), float(b.max())
        frac = (b - lo_b) / (hi_b - lo_b) if hi_b > lo_b else np.zeros_like(b)
        bottom = top + lh
        bars = [Rectangle((xs[4], bottom - frac[k + 1] * lh), 10, (frac[k + 1] - frac[k]) * lh)
                for k in range(b.size - 1)]
        page.ax.add_collection(PatchCollection(bars, facecolors=list(spec.colors[:b.size - 1]),
                                               edgecolors="none", label="legend"))
        for at, lab in zip(spec.legend_at, spec.legend_text, strict=True):
            yy = bottom - (at - lo_b) / (hi_b - lo_b) * lh if hi_b > lo_b else bottom
            page.text(xs[4] + 14, yy, lab, fontsize=spec.fontsize, ha="left", va="center")
    if (spec.annotation_col or spec.annotation_row) and spec.annotation_legend:
        _annotation_legend(page, spec, xs[5], top, border)
    if spec.main:
        page.text(mx + mw / 2, lo["heights"][0] / 2, spec.main, fontsize=1.3 * spec.fontsize,
                  fontweight="bold", ha="center", va="center")
    return DrawnPheatmap(
        spec, "native", tree_row=spec.tree_row, tree_col=spec.tree_col,
        row_order=spec.row_order, column_order=spec.column_order,
        row_labels=list(spec.row_labels), column_labels=list(spec.column_labels),
        gaps_row=spec.gaps_row, gaps_col=spec.gaps_col, figure=fig,
        kmeans=spec.call.kmeans_labels,
    )
