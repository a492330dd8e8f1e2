"""The body size that ``heatmap_width`` / ``heatmap_height`` leave (ComplexHeatmap's rule).

ComplexHeatmap sizes a heatmap with ``heatmap_width`` from the outside in: the row title, row
dendrogram, row names and row annotations keep their own widths and the body gets the rest
(columns the same with ``heatmap_height``). Legends are not part of the heatmap. The depths are
the native layout's own (:func:`~pyr_heatmap.backends.native.layout.place`), measured from the
fonts, so the drawn heatmap spans exactly the size asked for.
"""

from __future__ import annotations

from pyr_heatmap.backends.native.layout import _components
from pyr_heatmap.errors import InputError
from pyr_heatmap.figure.spec import HeatmapSpec

__all__ = ["body_for_heatmap_size"]


def body_for_heatmap_size(spec: HeatmapSpec, body_w: float,
                          body_h: float) -> tuple[float, float]:
    """Body width and height (mm): ``body_w``/``body_h`` unless the spec gives the whole
    heatmap's size, in which case what the other parts leave of it."""
    out = [body_w, body_h]
    for k, (total, axis, is_row, what) in enumerate((
            (spec.heatmap_width_mm, spec.row, True, "width"),
            (spec.heatmap_height_mm, spec.column, False, "height"))):
        if total is None:
            continue
        before, after = _components(spec, axis, is_row)
        rest = total - sum(d for _, d in before) - sum(d for _, d in after)
        if rest <= 0:
            raise InputError(
                f"heatmap_{what} = {total:g} mm leaves no room for the body: the dendrogram, "
                f"names, title and annotations already take {total - rest:.1f} mm; give a "
                f"larger heatmap_{what}")
        out[k] = rest
    return out[0], out[1]
