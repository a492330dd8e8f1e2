"""Stage 4, result: what a backend returns. ``DrawnHeatmap`` (ComplexHeatmap's ``draw()`` result:
orders, slices, the image, ``save()``); front ends for other R packages add theirs here."""

from pyr_heatmap.result.drawn import DrawnHeatmap, _axis_order, check_dpi
from pyr_heatmap.result.pheatmap import DrawnPheatmap

__all__ = ["DrawnHeatmap", "DrawnPheatmap", "_axis_order", "check_dpi"]
