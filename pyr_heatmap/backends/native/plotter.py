"""Draw a :class:`~pyr_heatmap.figure.spec.HeatmapSpec` with matplotlib, in ComplexHeatmap's layout.

Stages, in order: measure the texts -> place every part (mm) -> draw body slices, dendrograms,
annotations, names, titles and legends. Everything is drawn on a private ``Figure`` (no pyplot, no
change to matplotlib's global settings).
"""

from __future__ import annotations

from typing import Any

import numpy as np
from matplotlib.figure import Figure
from matplotlib.patches import PathPatch
from matplotlib.path import Path

from pyr_heatmap.backends.native.annotations import draw_anno_track
from pyr_heatmap.backends.native.dendrogram import dendrogram_segments
from pyr_heatmap.backends.native.layout import (
    ANNO_PAD,
    DEND_PAD,
    LEGEND_GAP,
    LEGEND_PAD,
    MARGIN,
    NAME_PAD,
    TITLE_PAD,
    slice_extents,
    text_extent_mm,
)
from pyr_heatmap.backends.native.legend import legend_blocks
from pyr_heatmap.figure.sizes import auto_body_size
from pyr_heatmap.figure.spec import AnnotationBlock, AxisSpec, HeatmapSpec
from pyr_heatmap.result import DrawnHeatmap

__all__ = ["draw_native"]

DEND_LW = 0.75  # points; grid's lwd = 1


def _rgba_cells(spec: HeatmapSpec, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    from pyr_heatmap.figure.colors import color_rgba

    vals = spec.matrix[np.ix_(rows, cols)]
    ok = ~np.isnan(vals)
    if ok.all():  # the common case: no masking copies
        return spec.col.rgba(vals)
    out = np.empty((*vals.shape, 4))
    out[~ok] = color_rgba(spec.na_col)
    if ok.any():
        out[ok] = spec.col.rgba(vals[ok])
    return out


class _Canvas:
    """Axes placement in mm from the top-left corner of a figure of known size."""

    def __init__(self, fig: Figure, w_mm: float, h_mm: float) -> None:
        self.fig = fig
        self.w = w_mm
        self.h = h_mm

    def axes(self, x: float, y: float, w: float, h: float, label: str = "") -> Any:
        ax = self.fig.add_axes((x / self.w, 1 - (y + h) / self.h, max(w, 1e-6) / self.w,
                                max(h, 1e-6) / self.h), label=label)
        ax.set_axis_off()
        return ax

    def text(self, x: float, y: float, s: str, **kw: Any) -> Any:
        return self.fig.text(x / self.w, 1 - y / self.h, s, parse_math=False, **kw)


def _block_mm(block: AnnotationBlock | None) -> float:
    if block is None or not block.tracks:
        return 0.0
    return block.extent_mm() + ANNO_PAD


def _titles(axis: AxisSpec) -> list[str]:
    if axis.title is not None:
        return [axis.title]
    return [s.title for s in axis.slices if s.title]


def draw_native(spec: HeatmapSpec, dpi: float = 100.0) -> DrawnHeatmap:
    """Draw ``spec`` and return the result (orders come from the spec, never re-computed)."""
    row, col = spec.row, spec.column
    nrow, ncol = spec.matrix.shape
    auto_w, auto_h = auto_body_size(nrow, ncol)
    body_w = spec.width_mm or auto_w
    body_h = spec.height_mm or auto_h

    # -- measure ----------------------------------------------------------------------------------
    row_names_w = (NAME_PAD + text_extent_mm(row.labels, row.names_fontsize)[0]
                   if row.show_names else 0.0)
    col_names_h = (NAME_PAD + text_extent_mm(col.labels, col.names_fontsize, col.names_rot)[1]
                   if col.show_names else 0.0)
    col_anno_names = [t.name for b in (col.before, col.after) if b and b.show_name
                      for t in b.tracks]
    anno_name_w = NAME_PAD + text_extent_mm(col_anno_names, 12.0)[0] if col_anno_names else 0.0
    row_anno_names = [t.name for b in (row.before, row.after) if b and b.show_name
                      for t in b.tracks]
    row_anno_name_h = (NAME_PAD + text_extent_mm(row_anno_names, 12.0, 90)[1]
                       + _row_axis_h(row) if row_anno_names else 0.0)
    row_titles, col_titles = _titles(row), _titles(col)
    row_title_w = (text_extent_mm(["Hg"], row.title_fontsize)[1] + TITLE_PAD) if row_titles else 0.0
    col_title_h = (text_extent_mm(["Hg"], col.title_fontsize)[1] + TITLE_PAD) if col_titles else 0.0
    row_dend_w = row.dend_mm + DEND_PAD if row.show_dend else 0.0
    col_dend_h = col.dend_mm + DEND_PAD if col.show_dend else 0.0
    left_w, right_w = _block_mm(row.before), _block_mm(row.after)
    top_h, bottom_h = _block_mm(col.before), _block_mm(col.after)

    # -- place ------------------------------------------------------------------------------------
    x = MARGIN
    row_title_x = x
    x += row_title_w
    row_dend_x = x
    x += row_dend_w
    left_x = x
    x += left_w
    body_x = x
    x += body_w
    right_x = x + ANNO_PAD
    x += right_w
    names_x = x + NAME_PAD
    x += max(row_names_w, anno_name_w)
    y = MARGIN
    col_title_y = y
    y += col_title_h
    col_dend_y = y
    y += col_dend_h
    top_y = y
    y += top_h
    body_y = y
    y += body_h
    bottom_y = y + ANNO_PAD
    y += bottom_h
    col_names_y = y + NAME_PAD
    y += max(col_names_h, row_anno_name_h)
    legends = legend_blocks(spec)
    legend_x = x + LEGEND_PAD
    legend_w, legend_h = _legend_area(legends, max(body_h, 40.0))
    fig_w = legend_x + legend_w + MARGIN if legends else x + MARGIN
    fig_h = max(y, body_y + legend_h, col_dend_y + legend_h) + MARGIN

    fig = Figure(figsize=(fig_w / 25.4, fig_h / 25.4), dpi=dpi, facecolor="white")
    cv = _Canvas(fig, fig_w, fig_h)
    row_ext = slice_extents([len(s.indices) for s in row.slices], body_h, row.gap_mm)
    col_ext = slice_extents([len(s.indices) for s in col.slices], body_w, col.gap_mm)

    # -- body -------------------------------------------------------------------------------------
    for ri, (rs, (ry, rh)) in enumerate(zip(row.slices, row_ext, strict=True)):
        for ci, (cs, (cx, cw)) in enumerate(zip(col.slices, col_ext, strict=True)):
            ax = cv.axes(body_x + cx, body_y + ry, cw, rh, f"body:{ri}:{ci}")
            rgba = _rgba_cells(spec, rs.indices, cs.indices)
            nr, nc = rgba.shape[:2]
            if spec.use_raster:
                ax.imshow(rgba, extent=(0, nc, nr, 0), aspect="auto", interpolation="nearest",
                          resample=False)
            else:
                mesh = ax.pcolormesh(np.arange(nc + 1), np.arange(nr + 1), np.zeros((nr, nc)),
                                     antialiased=False, edgecolors="none", linewidth=0)
                mesh.set_array(None)
                mesh.set_facecolor(rgba.reshape(-1, 4))
            ax.set_xlim(0, nc)
            ax.set_ylim(nr, 0)

    # -- dendrograms ------------------------------------------------------------------------------
    if row.show_dend:
        ax = cv.axes(row_dend_x, body_y, row.dend_mm, body_h, "row_dend")
        seg, top = _dendrogram(row, row_ext)
        ax.add_artist(_segments_patch(seg[:, :, ::-1]))  # limits are set below
        ax.set_xlim(top, 0)
        ax.set_ylim(body_h, 0)
    if col.show_dend:
        ax = cv.axes(body_x, col_dend_y, body_w, col.dend_mm, "column_dend")
        seg, top = _dendrogram(col, col_ext)
        ax.add_artist(_segments_patch(seg))
        ax.set_xlim(0, body_w)
        ax.set_ylim(0, top)

    # -- annotations ------------------------------------------------------------------------------
    for block, y0 in ((col.before, top_y), (col.after, bottom_y)):
        if block is None:
            continue
        for track, off in zip(block.tracks, block.offsets(), strict=True):
            ty = y0 + off
            if getattr(track, "is_function", False):  # anno_* (native/annotations.py)
                draw_anno_track(cv, track, body_x, ty, track.size_mm, col_ext,
                                [s.indices for s in col.slices])
                _anno_name(cv, block, track, "column", body_x, body_w, ty)
                continue
            rgba = track.rgba(block.na_col)
            for ci, (cs, (cx, cw)) in enumerate(zip(col.slices, col_ext, strict=True)):
                ax = cv.axes(body_x + cx, ty, cw, block.size_mm, f"anno:{track.name}:{ci}")
                ax.imshow(rgba[cs.indices][None, :, :], extent=(0, len(cs.indices), 1, 0),
                          aspect="auto", interpolation="nearest")
            _anno_name(cv, block, track, "column", body_x, body_w, ty)
    for block, x0 in ((row.before, left_x), (row.after, right_x)):
        if block is None:
            continue
        for track, off in zip(block.tracks, block.offsets(), strict=True):
            tx = x0 + off
            if getattr(track, "is_function", False):  # anno_* (native/annotations.py)
                draw_anno_track(cv, track, tx, body_y, track.size_mm, row_ext,
                                [s.indices for s in row.slices])
                _anno_name(cv, block, track, "row", body_y, body_h, tx)
                continue
            rgba = track.rgba(block.na_col)
            for ri, (rs, (ry, rh)) in enumerate(zip(row.slices, row_ext, strict=True)):
                ax = cv.axes(tx, body_y + ry, block.size_mm, rh, f"anno:{track.name}:{ri}")
                ax.imshow(rgba[rs.indices][:, None, :], extent=(0, 1, len(rs.indices), 0),
                          aspect="auto", interpolation="nearest")
            _anno_name(cv, block, track, "row", body_y, body_h, tx)

    # -- names ------------------------------------------------------------------------------------
    if row.show_names:
        for ri, (rs, (ry, rh)) in enumerate(zip(row.slices, row_ext, strict=True)):
            ax = cv.axes(names_x, body_y + ry, max(row_names_w, 1.0), rh, f"row_names:{ri}")
            ax.set_xlim(0, 1)
            ax.set_ylim(len(rs.indices), 0)
            for p, i in enumerate(rs.indices):
                ax.text(0, p + 0.5, row.labels[i], fontsize=row.names_fontsize, ha="left",
                        va="center_baseline", parse_math=False)
    if col.show_names:
        for ci, (cs, (cx, cw)) in enumerate(zip(col.slices, col_ext, strict=True)):
            ax = cv.axes(body_x + cx, col_names_y, cw, max(col_names_h, 1.0),
                         f"column_names:{ci}")
            ax.set_xlim(0, len(cs.indices))
            ax.set_ylim(1, 0)
            for p, i in enumerate(cs.indices):
                ax.text(p + 0.5, 0, col.labels[i], fontsize=col.names_fontsize, ha="right",
                        va="center", rotation=col.names_rot, rotation_mode="anchor",
                        parse_math=False)

    # -- titles -----------------------------------------------------------------------------------
    if row.title is not None:
        cv.text(row_title_x + row_title_w / 2, body_y + body_h / 2, row.title,
                fontsize=row.title_fontsize, rotation=90, ha="center", va="center")
    elif row_titles:
        for rs, (ry, rh) in zip(row.slices, row_ext, strict=True):
            cv.text(row_title_x + row_title_w / 2, body_y + ry + rh / 2, rs.title,
                    fontsize=row.title_fontsize, rotation=90, ha="center", va="center")
    if col.title is not None:
        cv.text(body_x + body_w / 2, col_title_y + col_title_h / 2, col.title,
                fontsize=col.title_fontsize, ha="center", va="center")
    elif col_titles:
        for cs, (cx, cw) in zip(col.slices, col_ext, strict=True):
            cv.text(body_x + cx + cw / 2, col_title_y + col_title_h / 2, cs.title,
                    fontsize=col.title_fontsize, ha="center", va="center")

    # -- legends ----------------------------------------------------------------------------------
    # legends sit beside the body, centred vertically on it (ComplexHeatmap's packing)
    legend_y = body_y + max(0.0, (body_h - legend_h) / 2)
    _place_legends(cv, legends, legend_x, legend_y, max(body_h, 40.0))
    return DrawnHeatmap(spec, "native", figure=fig)


def _row_axis_h(axis: AxisSpec) -> float:
    """Height of the tallest axis under a row annotation function (its name goes below)."""
    from pyr_heatmap.engine.rfactor import r_num_str

    ticks = [r_num_str(v) for b in (axis.before, axis.after) if b for t in b.tracks
             for v in getattr(t, "axis_at", ())]
    return text_extent_mm(ticks, 8.0, 90)[1] + 1.5 if ticks else 0.0


def _anno_name(cv: _Canvas, block: AnnotationBlock, track: Any, which: str, start: float,
               length: float, at: float) -> None:
    """An annotation's name beside (columns) or below (rows) its track, on ``name_side``."""
    if not block.show_name or getattr(track, "kind", "") in ("text", "mark", "block", "empty"):
        return  # ComplexHeatmap does not name these
    mid = at + block.track_size(track) / 2
    side = block.name_side
    if which == "column":
        left = side == "left"
        cv.text(start - NAME_PAD if left else start + length + NAME_PAD, mid, track.name,
                fontsize=12, ha="right" if left else "left", va="center")
    else:
        top = side == "top"
        if not top and getattr(track, "axis_at", ()):  # below the axis, as ComplexHeatmap
            from pyr_heatmap.engine.rfactor import r_num_str

            start += text_extent_mm([r_num_str(v) for v in track.axis_at], 8.0, 90)[1] + 1.5
        cv.text(mid, start - NAME_PAD if top else start + length + NAME_PAD, track.name,
                fontsize=12, ha="left" if top else "right", va="center", rotation=90,
                rotation_mode="anchor")


def _segments_patch(seg: np.ndarray) -> PathPatch:
    """All segments as one path (one artist, fast to build and to draw at 20,000 leaves)."""
    codes = np.tile(np.array([Path.MOVETO, Path.LINETO], dtype=np.uint8), len(seg))
    return PathPatch(Path(seg.reshape(-1, 2), codes), fill=False, edgecolor="black",
                     linewidth=DEND_LW, capstyle="projecting")


def _dendrogram(axis: AxisSpec, ext: list[tuple[float, float]]) -> tuple[np.ndarray, float]:
    """Segments (position in mm along the body, height) of all slice trees and the tree above
    them, and the largest height drawn.

    Each slice's tree is drawn over its own cells. When the slices themselves were clustered,
    their tree joins the slice roots; as in ComplexHeatmap's ``merge_dendrogram()``, its heights
    are lifted by the tallest slice tree when they would otherwise fall below it (a split by
    labels), and kept when they already sit above (a split of one tree by ``k``).
    """
    parts = []
    root_pos = np.empty(len(axis.slices))
    root_h = np.zeros(len(axis.slices))
    for k, (sl, (start, length)) in enumerate(zip(axis.slices, ext, strict=True)):
        m = len(sl.indices)
        if sl.tree is None or sl.tree.n < 2:
            root_pos[k] = start + length / 2
            continue
        leaf_pos = np.empty(m)
        leaf_pos[sl.tree.order] = start + (np.arange(m) + 0.5) * length / m
        seg, node_pos = dendrogram_segments(sl.tree, leaf_pos)
        parts.append(seg)
        root_pos[k] = node_pos[-1]
        root_h[k] = sl.tree.height[-1]
    top = float(root_h.max()) if root_h.size else 0.0
    tree = axis.slice_tree
    if tree is not None and len(axis.slices) > 1 and tree.n == len(axis.slices):
        by_title = {sl.title: k for k, sl in enumerate(axis.slices)}
        leaf = np.array([by_title[t] for t in axis.slice_levels])
        heights = np.asarray(tree.height, dtype=float)
        if heights.min() < top:
            heights = heights + top
        seg, _ = dendrogram_segments(tree, root_pos[leaf], root_h[leaf], heights)
        parts.append(seg)
        top = max(top, float(heights.max()))
    seg = np.concatenate(parts) if parts else np.zeros((0, 2, 2))
    return seg, top if top > 0 else 1.0


def _legend_area(legends: list[Any], max_h: float) -> tuple[float, float]:
    """Width and height of the legend area when legends are stacked in columns of ``max_h``."""
    if not legends:
        return 0.0, 0.0
    cols_w, col_w, col_h, total_h = 0.0, 0.0, 0.0, 0.0
    for lg in legends:
        if col_h > 0 and col_h + LEGEND_GAP + lg.height > max_h:
            cols_w += col_w + LEGEND_GAP
            total_h = max(total_h, col_h)
            col_w, col_h = 0.0, 0.0
        col_h += (LEGEND_GAP if col_h > 0 else 0.0) + lg.height
        col_w = max(col_w, lg.width)
    return cols_w + col_w, max(total_h, col_h)


def _place_legends(cv: _Canvas, legends: list[Any], x0: float, y0: float, max_h: float) -> None:
    x, y, col_w = x0, y0, 0.0
    for lg in legends:
        if y > y0 and (y - y0) + lg.height > max_h:
            x += col_w + LEGEND_GAP
            y, col_w = y0, 0.0
        lg.draw(cv, x, y)
        y += lg.height + LEGEND_GAP
        col_w = max(col_w, lg.width)
