"""Drawing the parts of a heatmap on a :class:`Canvas`: body, dendrograms, names, titles.

Annotation tracks are drawn by :func:`draw_annotations` (one function, so annotation types can
hook in at one place). Every axes carries a label (``body:0:0``, ``row_names:0``, ``row_dend``,
``anno:NAME:0``...) that tests and users can find it by.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
from matplotlib.patches import PathPatch
from matplotlib.path import Path

from pyr_heatmap.backends.native.annotations import draw_anno_track
from pyr_heatmap.backends.native.dend_style import styled_collection
from pyr_heatmap.backends.native.dendrogram import dendrogram_segments
from pyr_heatmap.backends.native.draw_args import (
    LINE_TYPES,
    raster_pixels,
    raster_slice,
    row_names_anchor,
)
from pyr_heatmap.backends.native.layout import (
    ANNO_PAD,
    NAME_PAD,
    Layout,
    font_props,
    sides,
    title_rot,
    titles,
)
from pyr_heatmap.figure.heatmap_args import BorderGp
from pyr_heatmap.figure.spec import AnnotationBlock, AxisSpec, HeatmapSpec

__all__ = ["Canvas", "draw_annotations", "draw_body", "draw_dendrograms", "draw_names",
           "draw_titles"]

DEND_LW = 0.75  # points; grid's lwd = 1


class Canvas:
    """Axes and texts placed in mm from the top-left corner of a (sub)figure.

    Every placement is remembered, so :meth:`resize` can move everything when the margins
    change (texts inside axes move with their axes).
    """

    def __init__(self, fig: Any, w_mm: float, h_mm: float) -> None:
        self.fig = fig
        self.w = w_mm
        self.h = h_mm
        self._axes: list[tuple[Any, tuple[float, float, float, float]]] = []
        self._texts: list[tuple[Any, float, float]] = []

    def _rect(self, x: float, y: float, w: float, h: float) -> tuple[float, float, float, float]:
        return (x / self.w, 1 - (y + h) / self.h, max(w, 1e-6) / self.w, max(h, 1e-6) / self.h)

    def axes(self, x: float, y: float, w: float, h: float, label: str = "") -> Any:
        ax = self.fig.add_axes(self._rect(x, y, w, h), label=label)
        ax.set_axis_off()
        self._axes.append((ax, (x, y, w, h)))
        return ax

    def text(self, x: float, y: float, s: str, **kw: Any) -> Any:
        kw.setdefault("parse_math", False)
        t = self.fig.text(x / self.w, 1 - y / self.h, s, **kw)
        self._texts.append((t, x, y))
        return t

    def resize(self, w_mm: float, h_mm: float, dx: float, dy: float) -> None:
        """A canvas of ``w_mm`` x ``h_mm`` with everything moved by (dx, dy) mm."""
        self.w, self.h = w_mm, h_mm
        for ax, (x, y, w, h) in self._axes:
            ax.set_position(self._rect(x + dx, y + dy, w, h))
        self._axes = [(ax, (x + dx, y + dy, w, h)) for ax, (x, y, w, h) in self._axes]
        for t, x, y in self._texts:
            t.set_position(((x + dx) / self.w, 1 - (y + dy) / self.h))
        self._texts = [(t, x + dx, y + dy) for t, x, y in self._texts]


def _rgba_cells(spec: HeatmapSpec, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    return _rgba_values(spec, spec.matrix[np.ix_(rows, cols)])


def _rgba_values(spec: HeatmapSpec, vals: np.ndarray) -> np.ndarray:
    from pyr_heatmap.figure.colors import color_rgba

    ok = ~np.isnan(vals)
    if ok.all():  # the common case: no masking copies
        return spec.col.rgba(vals)
    out = np.empty((*vals.shape, 4))
    out[~ok] = color_rgba(spec.na_col)
    if ok.any():
        out[ok] = spec.col.rgba(vals[ok])
    return out


def draw_body(cv: Canvas, spec: HeatmapSpec, lay: Layout, row_ext: list, col_ext: list) -> None:
    """The matrix cells, one axes per slice pair; cell borders (``rect_gp``), the slice
    border, cell text and ``cell_fun`` on top."""
    from matplotlib.patches import Rectangle

    bx, by, _, _ = lay.boxes["body"]
    rect = spec.rect_gp
    for ri, (rs, (ry, rh)) in enumerate(zip(spec.row.slices, row_ext, strict=True)):
        for ci, (cs, (cx, cw)) in enumerate(zip(spec.column.slices, col_ext, strict=True)):
            ax = cv.axes(bx + cx, by + ry, cw, rh, f"body:{ri}:{ci}")
            nr, nc = len(rs.indices), len(cs.indices)
            edge = rect.col if rect is not None and rect.col else None
            raster = spec.use_raster and edge is None and (rect is None or rect.draw)
            # a raster body colours only the cells it shows (unless cell_fun asks for all)
            rgba = (None if raster and spec.cell_fun is None
                    else _rgba_cells(spec, rs.indices, cs.indices))
            if rect is not None and not rect.draw:
                pass
            elif raster:
                # ComplexHeatmap's raster body: the cells drawn into a temporary image of one
                # pixel per big point (raster_quality = 1) and placed without interpolation
                img = _nearest_image_class()(ax, interpolation="nearest", resample=False)
                img.set_data(raster_slice(spec, rs.indices, cs.indices, cw, rh))
                img.set_extent((0, nc, nr, 0))
                ax.add_image(img)
            elif edge is None:
                ax.add_collection(cell_collection(rgba))
            else:
                mesh = ax.pcolormesh(np.arange(nc + 1), np.arange(nr + 1), np.zeros((nr, nc)),
                                     antialiased=False, edgecolors=edge,
                                     linewidth=rect.lwd * DEND_LW)
                mesh.set_array(None)
                mesh.set_facecolor(rgba.reshape(-1, 4))
            ax.set_xlim(0, nc)
            ax.set_ylim(nr, 0)
            if spec.border:
                line = spec.border_gp or BorderGp()
                ax.add_patch(Rectangle((0, 0), nc, nr, fill=False, edgecolor=spec.border,
                                       linewidth=line.lwd * DEND_LW, clip_on=False,
                                       linestyle=LINE_TYPES[line.lty], gid="border"))
            if spec.cell_text is not None:
                _cell_text(ax, spec, rs.indices, cs.indices)
            if spec.cell_fun is not None:
                for p, i in enumerate(rs.indices):
                    for q, j in enumerate(cs.indices):
                        spec.cell_fun(int(j), int(i), q + 0.5, p + 0.5, 1.0, 1.0,
                                      rgba[p, q], ax)


def _nearest_image_class() -> Any:
    from matplotlib.image import AxesImage

    class NearestImage(AxesImage):
        """An 8-bit image placed with nearest-neighbour sampling computed by numpy (index
        arithmetic on uint8 pixels): the same pixels as matplotlib's ``interpolation="nearest"``
        without its float copies at the output size. Vector outputs embed the image as is."""

        def make_image(self, renderer: Any, magnification: float = 1.0,
                       unsampled: bool = False) -> Any:
            from matplotlib.transforms import Bbox, TransformedBbox

            if unsampled:
                return super().make_image(renderer, magnification, unsampled)
            a = np.ascontiguousarray(np.ma.getdata(self._A))
            x1, x2, y1, y2 = self.get_extent()
            out = TransformedBbox(Bbox([[x1, y1], [x2, y2]]), self.get_transform())
            clip = Bbox.intersection(out, self.axes.bbox if self.get_clip_on()
                                     else self.get_figure(root=True).bbox)
            if clip is None:
                return None, 0, 0, None
            e = clip.extents * magnification
            px0, py0 = np.floor(e[0] + 0.5), np.ceil(e[1] - 0.5 - 1e-8)
            px1, py1 = np.floor(e[2] + 0.5 + 1e-8), np.ceil(e[3] - 0.5)
            if px1 <= px0 or py1 <= py0:
                return None, 0, 0, None
            # display positions of the extent's left/right and bottom/top edges (in the order
            # given: an inverted axis gives a decreasing span)
            ox0, oy0, ox1, oy1 = out.extents * magnification
            cx = np.arange(px0, px1) + 0.5
            cy = np.arange(py1 - 1, py0 - 1, -1) + 0.5  # top row first
            jj = np.floor((cx - ox0) / (ox1 - ox0) * a.shape[1])
            top = oy1 if self.origin == "upper" else oy0
            bottom = oy0 if self.origin == "upper" else oy1
            ii = np.floor((cy - top) / (bottom - top) * a.shape[0])
            ii = np.clip(ii, 0, a.shape[0] - 1).astype(np.intp)
            jj = np.clip(jj, 0, a.shape[1] - 1).astype(np.intp)
            return _take_pixels(a, ii, jj), px0 / magnification, py0 / magnification, None

    return NearestImage


def _take_pixels(a: np.ndarray, ii: np.ndarray, jj: np.ndarray) -> np.ndarray:
    """``a[ii][:, jj]`` as a C-ordered array; RGBA bytes are moved as one 32-bit word per pixel
    (some twenty times faster at 300 dpi than indexing the bytes)."""
    if a.dtype == np.uint8 and a.ndim == 3 and a.shape[2] == 4:
        words = a.view(np.uint32)[..., 0]
        out = words.take(jj, axis=1).take(ii, axis=0)
        return out.view(np.uint8).reshape(len(ii), len(jj), 4)
    return np.ascontiguousarray(a[ii][:, jj])


def cell_collection(rgba: np.ndarray) -> Any:
    """The cells as vector rectangles, one compound path per colour (8-bit colours, as every
    output holds them): a PDF or SVG then has one fill per colour instead of one per cell,
    which writes ~100,000 cells several times faster. Cell (i, j) spans [j, j+1] x [i, i+1]."""
    from matplotlib.collections import PathCollection

    nc = rgba.shape[1]
    u8 = np.round(np.clip(rgba.reshape(-1, 4), 0.0, 1.0) * 255).astype(np.uint8)
    key = u8.view(np.uint32).ravel()
    order = np.argsort(key, kind="stable")
    bounds = np.flatnonzero(np.diff(key[order])) + 1
    ii, jj = np.divmod(order, nc)
    x0, y0 = jj.astype(float), ii.astype(float)
    verts = np.stack([np.stack([x0, y0], 1), np.stack([x0 + 1, y0], 1),
                      np.stack([x0 + 1, y0 + 1], 1), np.stack([x0, y0 + 1], 1),
                      np.stack([x0, y0], 1)], 1)  # (cells, 5, 2)
    codes1 = np.array([Path.MOVETO, Path.LINETO, Path.LINETO, Path.LINETO, Path.CLOSEPOLY],
                      dtype=np.uint8)
    paths = []
    for v in np.split(verts, bounds):
        paths.append(Path(v.reshape(-1, 2), np.tile(codes1, len(v)), readonly=True))
    colours = u8[order[np.r_[0, bounds]]] / 255.0
    return PathCollection(paths, facecolors=colours, edgecolors="none", linewidths=0,
                          antialiaseds=False, gid="cells")


def _sample(n: int, n_out: int) -> np.ndarray:
    """The cell (of ``n``) under the centre of each of ``n_out`` pixels: R's cairo devices do
    not antialias fills, so a pixel takes the colour of the cell containing its centre (cells
    too thin to contain a pixel centre leave no trace)."""
    k = np.floor((np.arange(n_out) + 0.5) * n / n_out).astype(np.int64)
    return np.minimum(k, n - 1)


def raster_body(cells: Callable[[np.ndarray, np.ndarray], np.ndarray], shape: tuple[int, int],
                w_mm: float, h_mm: float, quality: float = 1.0) -> np.ndarray:
    """The body as ComplexHeatmap 2.14 rasterises it (``use_raster``, ``raster_quality = 1``,
    no ``raster_resize_mat``, no magick): the cells painted into an image of
    ``ceiling(size in bigpts)`` pixels per side without antialiasing (:func:`_sample`), which
    is then placed without interpolation. Computed at that size, the body costs nothing to
    resample when the figure is saved.

    ``cells(rows, cols)`` gives the RGBA colours (floats) of the cells at those positions of
    the ``shape`` cells; it is asked only for the rows and columns some pixel shows (a few
    hundred of 5,000 rows), each once. ``quality`` is ``raster_quality``."""
    w_px, h_px = raster_pixels(w_mm, h_mm, quality)
    rows, row_px = np.unique(_sample(shape[0], h_px), return_inverse=True)
    cols, col_px = np.unique(_sample(shape[1], w_px), return_inverse=True)
    # 8-bit, as R's PNG holds it (and matplotlib places 8-bit images without float copies)
    u8 = np.round(np.clip(cells(rows, cols), 0.0, 1.0) * 255.0).astype(np.uint8)
    return _take_pixels(np.ascontiguousarray(u8), row_px, col_px)


def _cell_text(ax: Any, spec: HeatmapSpec, rows: np.ndarray, cols: np.ndarray) -> None:
    ct = spec.cell_text
    kw = {"fontproperties": font_props(ct.fontsize, ct.font), "color": ct.font.col,
          "parse_math": False, "ha": "center", "va": "center_baseline", "gid": "cell_text"}
    for p, i in enumerate(rows):
        for q, j in enumerate(cols):
            text = ct.text[i, j]
            if text:
                ax.text(q + 0.5, p + 0.5, text, **kw)


def _segments_patch(seg: np.ndarray) -> PathPatch:
    """All segments as one path (one artist, fast to build and to draw at 20,000 leaves)."""
    codes = np.tile(np.array([Path.MOVETO, Path.LINETO], dtype=np.uint8), len(seg))
    return PathPatch(Path(seg.reshape(-1, 2), codes), fill=False, edgecolor="black",
                     linewidth=DEND_LW, capstyle="projecting")


def _dend_artist(seg: np.ndarray, axis: AxisSpec) -> Any:
    """The segments as one path, or styled by ``*_dend_gp`` and branch colours
    (:mod:`~.dend_style`)."""
    if axis.dend_style is None:
        return _segments_patch(seg)
    return styled_collection(seg, axis, DEND_LW)


def parent_line(axis: AxisSpec, ext: list[tuple[float, float]],
                split_arg: Any) -> tuple[float, float, float] | None:
    """ComplexHeatmap's dotted line under the tree of label-split slices (``lty = 3``,
    ``#666666``, ``show_parent_dend_line``): at the height of the tallest slice tree plus
    0.5 mm, from 5 mm before the first slice's root to 5 mm after the last one (clamped to the
    body). Returns (start, end, height) in (mm along the body, tree height), or None (no
    parent tree, or slices cut from one tree by k)."""
    from pyr_heatmap.engine.splits import is_split_count

    if axis.slice_tree is None or len(axis.slices) < 2:
        return None
    if split_arg is not None and is_split_count(split_arg):
        return None
    roots, dh = [], 0.0
    for sl, (start, length) in zip(axis.slices, ext, strict=True):
        m = len(sl.indices)
        if sl.tree is None or sl.tree.n < 2:
            roots.append(start + length / 2)
            continue
        leaf_pos = np.empty(m)
        leaf_pos[sl.tree.order] = start + (np.arange(m) + 0.5) * length / m
        _, node_pos = dendrogram_segments(sl.tree, leaf_pos)
        roots.append(float(node_pos[-1]))
        dh = max(dh, float(sl.tree.height[-1]))
    total = ext[-1][0] + ext[-1][1]
    return max(roots[0] - 5.0, 0.0), min(roots[-1] + 5.0, total), dh


def dendrogram(axis: AxisSpec, ext: list[tuple[float, float]]) -> tuple[np.ndarray, float]:
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


def draw_dendrograms(cv: Canvas, spec: HeatmapSpec, lay: Layout, row_ext: list,
                     col_ext: list) -> None:
    """Row and column dendrograms, leaves next to the body whichever side they are on."""
    _, _, body_w, body_h = lay.boxes["body"]
    row, col = spec.row, spec.column
    if row.show_dend:
        x, y, w, _ = lay.boxes["row_dend"]
        before = sides(row, True)["dend"] == "before"
        ax = cv.axes(x if before else x + w - row.dend_mm, y, row.dend_mm, body_h, "row_dend")
        seg, top = dendrogram(row, row_ext)
        ax.add_artist(_dend_artist(seg[:, :, ::-1], row))  # limits are set below
        ax.set_xlim((top, 0) if before else (0, top))
        ax.set_ylim(body_h, 0)
        line = parent_line(row, row_ext, spec.r_args.get("row_split"))
        if line is not None and spec.show_parent_dend_line:
            h = line[2] + 0.5 * top / row.dend_mm
            ax.plot([h, h], [line[0], line[1]], linestyle=(0, (1, 3)), color="#666666",
                    linewidth=DEND_LW, gid="parent_dend_line")
    if col.show_dend:
        x, y, _, h = lay.boxes["column_dend"]
        before = sides(col, False)["dend"] == "before"
        ax = cv.axes(x, y if before else y + h - col.dend_mm, body_w, col.dend_mm,
                     "column_dend")
        seg, top = dendrogram(col, col_ext)
        ax.add_artist(_dend_artist(seg, col))
        ax.set_xlim(0, body_w)
        ax.set_ylim((0, top) if before else (top, 0))
        line = parent_line(col, col_ext, spec.r_args.get("column_split"))
        if line is not None and spec.show_parent_dend_line:
            h = line[2] + 0.5 * top / col.dend_mm
            ax.plot([line[0], line[1]], [h, h], linestyle=(0, (1, 3)), color="#666666",
                    linewidth=DEND_LW, gid="parent_dend_line")


def draw_annotations(cv: Canvas, spec: HeatmapSpec, lay: Layout, row_ext: list,
                     col_ext: list) -> None:
    """Every annotation block: simple annotations as one coloured track per variable, and
    annotation functions (``anno_*``) by :func:`~.annotations.draw_anno_track`. This is the
    hook for new annotation types."""
    bx, by, body_w, body_h = lay.boxes["body"]
    row, col = spec.row, spec.column
    for block, key in ((col.before, "column_anno_before"), (col.after, "column_anno_after")):
        if block is None or key not in lay.boxes:
            continue
        _, y, _, _ = lay.boxes[key]
        y0 = y if key.endswith("before") else y + ANNO_PAD
        for track, off in zip(block.tracks, block.offsets(), strict=True):
            ty = y0 + off
            if getattr(track, "is_function", False):
                draw_anno_track(cv, track, bx, ty, track.size_mm, col_ext,
                                [s.indices for s in col.slices])
            else:
                rgba = track.rgba(block.na_col)
                for ci, (cs, (cx, cw)) in enumerate(zip(col.slices, col_ext, strict=True)):
                    ax = cv.axes(bx + cx, ty, cw, block.size_mm, f"anno:{track.name}:{ci}")
                    ax.imshow(rgba[cs.indices][None, :, :], extent=(0, len(cs.indices), 1, 0),
                              aspect="auto", interpolation="nearest")
            _anno_name(cv, block, track, "column", bx, body_w, ty)
    for block, key in ((row.before, "row_anno_before"), (row.after, "row_anno_after")):
        if block is None or key not in lay.boxes:
            continue
        x, _, _, _ = lay.boxes[key]
        x0 = x if key.endswith("before") else x + ANNO_PAD
        for track, off in zip(block.tracks, block.offsets(), strict=True):
            tx = x0 + off
            if getattr(track, "is_function", False):
                draw_anno_track(cv, track, tx, by, track.size_mm, row_ext,
                                [s.indices for s in row.slices])
            else:
                rgba = track.rgba(block.na_col)
                for ri, (rs, (ry, rh)) in enumerate(zip(row.slices, row_ext, strict=True)):
                    ax = cv.axes(tx, by + ry, block.size_mm, rh, f"anno:{track.name}:{ri}")
                    ax.imshow(rgba[rs.indices][:, None, :], extent=(0, 1, len(rs.indices), 0),
                              aspect="auto", interpolation="nearest")
            _anno_name(cv, block, track, "row", by, body_h, tx)


def _anno_name(cv: Canvas, block: AnnotationBlock, track: Any, which: str, start: float,
               length: float, at: float) -> None:
    """An annotation's name beside (columns) or below (rows) its track, on ``name_side``."""
    if not block.show_name or getattr(track, "kind", "") in ("text", "mark", "block", "empty"):
        return  # ComplexHeatmap does not name these
    from pyr_heatmap.backends.native.anno_names import name_placement

    p = name_placement(block, track, which)
    mid = at + block.track_size(track) / 2
    before = p["side"] in ("left", "top")
    pos = start - p["offset"] if before else start + length + p["offset"]
    x, y = (pos, mid) if which == "column" else (mid, pos)
    cv.text(x, y, track.name, fontsize=p["fontsize"], color=p["color"], ha=p["ha"],
            va=p["va"], rotation=p["rotation"], rotation_mode="anchor",
            gid=f"anno_name:{track.name}")


def _text_kw(axis: AxisSpec, fontsize: float, title: bool = False) -> dict[str, Any]:
    font = axis.title_font if title else axis.names_font
    return {"fontproperties": font_props(fontsize, font), "color": font.col,
            "parse_math": False}


def draw_names(cv: Canvas, spec: HeatmapSpec, lay: Layout, row_ext: list,
               col_ext: list) -> None:
    """Row and column names on their sides (rows: horizontal; columns: rotated)."""
    row, col = spec.row, spec.column
    _, by, _, _ = lay.boxes["body"]
    bx = lay.boxes["body"][0]
    if row.show_names:
        x, _, w, _ = lay.boxes["row_names"]
        right = sides(row, True)["names"] == "after"
        kw = _text_kw(row, row.names_fontsize)
        shown = row.shown_labels
        at, ha, va = row_names_anchor(row, right)
        for ri, (rs, (ry, rh)) in enumerate(zip(row.slices, row_ext, strict=True)):
            ax = cv.axes(x + NAME_PAD if right else x, by + ry, max(w - NAME_PAD, 1.0), rh,
                         f"row_names:{ri}")
            ax.set_xlim(0, 1)
            ax.set_ylim(len(rs.indices), 0)
            for p, i in enumerate(rs.indices):
                ax.text(at, p + 0.5, shown[i], ha=ha, va=va, rotation=row.names_rot,
                        rotation_mode="anchor", **kw)
    if col.show_names:
        _, y, _, h = lay.boxes["column_names"]
        bottom = sides(col, False)["names"] == "after"
        kw = _text_kw(col, col.names_fontsize)
        shown = col.shown_labels
        rot = col.names_rot
        horizontal = abs(np.sin(np.deg2rad(rot))) < 1e-9
        if col.names_centered or horizontal:
            ha, va, anchor = "center", "center", 0.5
        else:
            ha, va, anchor = ("right", "center", 0.0) if bottom else ("left", "center", 1.0)
            if np.sin(np.deg2rad(rot)) < 0:
                ha = "left" if ha == "right" else "right"
        for ci, (cs, (cx, cw)) in enumerate(zip(col.slices, col_ext, strict=True)):
            ax = cv.axes(bx + cx, y + NAME_PAD if bottom else y, cw, max(h - NAME_PAD, 1.0),
                         f"column_names:{ci}")
            ax.set_xlim(0, len(cs.indices))
            ax.set_ylim(1, 0)
            for p, i in enumerate(cs.indices):
                ax.text(p + 0.5, anchor, shown[i], ha=ha, va=va, rotation=rot,
                        rotation_mode="anchor", **kw)


def draw_titles(cv: Canvas, spec: HeatmapSpec, lay: Layout, row_ext: list,
                col_ext: list) -> None:
    """Row and column titles (one per slice when the slices are named and no title is given)."""
    row, col = spec.row, spec.column
    bx, by, body_w, body_h = lay.boxes["body"]
    if titles(row):
        x, _, w, _ = lay.boxes["row_title"]
        kw = _text_kw(row, row.title_fontsize, title=True)
        rot = title_rot(row, True)
        places = ([(row.title, by + body_h / 2)] if row.title is not None else
                  [(rs.title, by + ry + rh / 2) for rs, (ry, rh)
                   in zip(row.slices, row_ext, strict=True) if rs.title])
        for text, ty in places:
            cv.text(x + w / 2, ty, text, rotation=rot, ha="center", va="center", **kw)
    if titles(col):
        _, y, _, h = lay.boxes["column_title"]
        kw = _text_kw(col, col.title_fontsize, title=True)
        rot = title_rot(col, False)
        places = ([(col.title, bx + body_w / 2)] if col.title is not None else
                  [(cs.title, bx + cx + cw / 2) for cs, (cx, cw)
                   in zip(col.slices, col_ext, strict=True) if cs.title])
        for text, tx in places:
            cv.text(tx, y + h / 2, text, rotation=rot, ha="center", va="center", **kw)
