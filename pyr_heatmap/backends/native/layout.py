"""Sizes of the parts of a heatmap figure, in millimetres, following ComplexHeatmap's defaults.

ComplexHeatmap's paddings (``ht_opt``): 0.5 mm between dendrogram and body, 1 mm between names
and body, 1 mm between annotations and body, 2 mm before the legends, 4 mm between legends.
"""

from __future__ import annotations

import numpy as np
from matplotlib.font_manager import FontProperties
from matplotlib.textpath import text_to_path

__all__ = ["MM_PER_PT", "slice_extents", "text_extent_mm"]

MM_PER_PT = 25.4 / 72.0
DEND_PAD = 0.5
NAME_PAD = 1.0
ANNO_PAD = 1.0
TITLE_PAD = 1.5
LEGEND_PAD = 4.0
LEGEND_GAP = 4.0
MARGIN = 2.0


def text_extent_mm(texts: list[str] | tuple[str, ...], fontsize: float, rot: float = 0.0,
                   bold: bool = False) -> tuple[float, float]:
    """Width and height (mm) of the bounding box of the widest of ``texts`` at ``fontsize``.

    Only the longest strings (by character count) are measured, which keeps this fast for tens
    of thousands of labels.
    """
    if not texts:
        return 0.0, 0.0
    prop = FontProperties(size=fontsize, weight="bold" if bold else "normal")
    candidates = sorted(set(texts), key=len, reverse=True)[:25]
    w = 0.0
    for t in candidates:
        tw, _, _ = text_to_path.get_text_width_height_descent(t, prop, ismath=False)
        w = max(w, tw)
    h = fontsize * 1.2
    w *= MM_PER_PT
    h *= MM_PER_PT
    r = np.deg2rad(rot % 180)
    return abs(w * np.cos(r)) + abs(h * np.sin(r)), abs(w * np.sin(r)) + abs(h * np.cos(r))


def slice_extents(sizes: list[int], total_mm: float, gap_mm: float) -> list[tuple[float, float]]:
    """(start, length) in mm of each slice, cells of equal size, ``gap_mm`` between slices."""
    n = sum(sizes)
    avail = max(total_mm - gap_mm * (len(sizes) - 1), 1e-6)
    out = []
    pos = 0.0
    for s in sizes:
        length = avail * s / n
        out.append((pos, length))
        pos += length + gap_mm
    return out
