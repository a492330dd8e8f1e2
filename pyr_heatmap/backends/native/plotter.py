"""Draw a :class:`~pyr_heatmap.figure.spec.HeatmapSpec` with matplotlib, in ComplexHeatmap's layout.

Stages, in order: measure the texts and place every part (mm, :mod:`.layout`) -> draw body,
dendrograms, annotations, names, titles and legends (:mod:`.parts`) -> check the drawn text
against the canvas and widen the margins where anything would be cut. The figure's size comes
from its content; everything is drawn on a private ``Figure`` (no pyplot, no change to
matplotlib's global settings), or into a Figure/SubFigure the caller gives.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from matplotlib.figure import Figure

from pyr_heatmap.backends.native.heatmap_size import body_for_heatmap_size
from pyr_heatmap.backends.native.layout import place, slice_extents
from pyr_heatmap.backends.native.legend import place_legends
from pyr_heatmap.backends.native.legend_sides import legend_groups
from pyr_heatmap.backends.native.parts import (
    Canvas,
    draw_annotations,
    draw_body,
    draw_dendrograms,
    draw_names,
    draw_titles,
)
from pyr_heatmap.figure.spec import HeatmapSpec
from pyr_heatmap.result import DrawnHeatmap

__all__ = ["draw_native", "text_boxes_mm"]

FIT_MARGIN = 1.0  # mm kept free between any text and the edge of the canvas


def _renderer(fig: Any) -> Any:
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    root = fig.figure if hasattr(fig, "figure") and fig.figure is not None else fig
    canvas = root.canvas
    if not hasattr(canvas, "get_renderer"):
        canvas = FigureCanvasAgg(root)
    return canvas.get_renderer()


def text_boxes_mm(fig: Any, w_mm: float, h_mm: float) -> np.ndarray:
    """Bounding boxes (left, top, right, bottom; mm from the top-left corner of ``fig``) of
    every visible text of ``fig`` and of its axes, as the renderer draws them."""
    renderer = _renderer(fig)
    bbox = fig.bbox
    texts = [t for t in fig.texts if t.get_visible() and t.get_text()]
    for ax in fig.axes:
        texts += [t for t in ax.texts if t.get_visible() and t.get_text()]
    if not texts:
        return np.zeros((0, 4))
    px_per_mm_x = bbox.width / w_mm
    px_per_mm_y = bbox.height / h_mm
    out = np.empty((len(texts), 4))
    for k, t in enumerate(texts):
        e = t.get_window_extent(renderer)
        out[k] = ((e.x0 - bbox.x0) / px_per_mm_x, (bbox.y1 - e.y1) / px_per_mm_y,
                  (e.x1 - bbox.x0) / px_per_mm_x, (bbox.y1 - e.y0) / px_per_mm_y)
    return out


def _overflow(boxes: np.ndarray, w: float, h: float) -> tuple[float, float, float, float]:
    """How far (mm) text reaches past each edge (left, top, right, bottom), margin included."""
    if not len(boxes):
        return 0.0, 0.0, 0.0, 0.0
    return (max(0.0, FIT_MARGIN - boxes[:, 0].min()), max(0.0, FIT_MARGIN - boxes[:, 1].min()),
            max(0.0, boxes[:, 2].max() - (w - FIT_MARGIN)),
            max(0.0, boxes[:, 3].max() - (h - FIT_MARGIN)))


def _target_size_mm(figure: Any) -> tuple[float, float]:
    bbox = figure.bbox
    dpi = figure.figure.dpi if hasattr(figure, "figure") and figure.figure else figure.dpi
    return bbox.width / dpi * 25.4, bbox.height / dpi * 25.4


def draw_native(spec: HeatmapSpec, dpi: float = 100.0, *, figure: Any = None,
                options: dict[str, Any] | None = None) -> DrawnHeatmap:
    """Draw ``spec`` and return the result (orders come from the spec, never re-computed).

    Parameters
    ----------
    spec : HeatmapSpec
    dpi : float
        Resolution of the figure (what notebook display and ``to_png`` use by default).
    figure : matplotlib Figure or SubFigure, optional
        Draw into this figure instead of a new one sized from the content. The body then
        fills what the other parts leave free (as ComplexHeatmap fills its device), unless
        ``width``/``height`` were given.
    options : dict, optional
        Draw-level settings (``heatmap_legend_side``, ``column_title``, ``padding``...), see
        :func:`pyr_heatmap.backends.native.layout.place`.
    """
    opts = dict(options or {})
    legends = legend_groups(spec, bool(opts.get("merge_legend", False)))
    body_w = float(spec.width_mm) if spec.width_mm else 40.0
    body_h = float(spec.height_mm) if spec.height_mm else 40.0
    body_w, body_h = body_for_heatmap_size(spec, body_w, body_h)
    lay = place(spec, legends, body_w, body_h, options=opts)
    if figure is not None:
        fw, fh = _target_size_mm(figure)
        if not spec.fixed_size[0]:
            body_w = max(10.0, body_w + fw - lay.width)
        if not spec.fixed_size[1]:
            body_h = max(10.0, body_h + fh - lay.height)
        lay = place(spec, legends, body_w, body_h, options=opts)
        fig = figure
        cv = Canvas(fig, fw, fh)
    else:
        fig = Figure(figsize=(lay.width / 25.4, lay.height / 25.4), dpi=dpi, facecolor="white")
        cv = Canvas(fig, lay.width, lay.height)
    _draw_all(cv, spec, lay, legends, opts)
    if figure is None:
        over = _overflow(text_boxes_mm(fig, cv.w, cv.h), cv.w, cv.h)
        if any(v > 0 for v in over):
            w = cv.w + over[0] + over[2]
            h = cv.h + over[1] + over[3]
            fig.set_size_inches(w / 25.4, h / 25.4)
            cv.resize(w, h, over[0], over[1])
    drawn = DrawnHeatmap(spec, "native", figure=fig)
    anno_titles = {lg.title for g in lay.legend_groups[1:] for lg in g.legends}
    drawn.layout = _drawn_layout(cv, anno_titles)
    drawn.layout["components"] = lay.boxes  # type: ignore[assignment]  # the planned boxes
    return drawn


def _union(boxes: list[tuple[float, float, float, float]]) -> tuple[float, float, float, float]:
    x0 = min(b[0] for b in boxes)
    y0 = min(b[1] for b in boxes)
    x1 = max(b[0] + b[2] for b in boxes)
    y1 = max(b[1] + b[3] for b in boxes)
    return (x0, y0, x1 - x0, y1 - y0)


def _drawn_layout(cv: Canvas, anno_titles: set[str] | frozenset[str] = frozenset()
                  ) -> dict[str, Any]:
    """Boxes (x, y, w, h; mm from the top-left corner) of what was drawn: the body, the
    dendrograms and the legend areas (bars and their texts; "annotation_legend": the legends
    titled ``anno_titles``, drawn as a group of their own), as R reports its viewports."""
    def legend_key(name: str) -> str:
        return "annotation_legend" if name.split(":", 1)[1] in anno_titles else "legend"

    groups: dict[str, list] = {}
    for ax, box in cv._axes:
        label = ax.get_label()
        key = ("body" if label.startswith("body:") else
               legend_key(label) if label.startswith("legend:") else
               label if label in ("row_dend", "column_dend") else None)
        if key:
            groups.setdefault(key, []).append(box)
    legend_texts = [t for t, _, _ in cv._texts
                    if str(t.get_gid() or "").startswith(("legend_label:", "legend_title:"))]
    if legend_texts:
        renderer = _renderer(cv.fig)
        bb = cv.fig.bbox
        for t in legend_texts:
            e = t.get_window_extent(renderer)
            groups.setdefault(legend_key(str(t.get_gid())), []).append((
                (e.x0 - bb.x0) * cv.w / bb.width, (bb.y1 - e.y1) * cv.h / bb.height,
                e.width * cv.w / bb.width, e.height * cv.h / bb.height))
    return {k: _union(v) for k, v in groups.items()}


def _draw_all(cv: Canvas, spec: HeatmapSpec, lay: Any, legends: list[Any],
              opts: dict[str, Any]) -> None:
    row_ext = slice_extents([len(s.indices) for s in spec.row.slices], lay.boxes["body"][3],
                            spec.row.gap_mm)
    col_ext = slice_extents([len(s.indices) for s in spec.column.slices], lay.boxes["body"][2],
                            spec.column.gap_mm)
    draw_body(cv, spec, lay, row_ext, col_ext)
    draw_dendrograms(cv, spec, lay, row_ext, col_ext)
    draw_annotations(cv, spec, lay, row_ext, col_ext)
    draw_names(cv, spec, lay, row_ext, col_ext)
    draw_titles(cv, spec, lay, row_ext, col_ext)
    title = opts.get("column_title")
    if title:
        cv.text(lay.width / 2, lay.figure_title_y, title, fontsize=opts.get("title_fontsize", 13.2),
                ha="center", va="center", gid="figure_title")
    for group in lay.legend_groups:
        place_legends(cv, group.legends, *group.xy, group.max_len, group.flow)
