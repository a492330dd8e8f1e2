"""Native drawing of Heatmap() arguments beyond the basic look: the rotated or centred row
names (``row_names_rot``, ``row_names_centered``), the border's line type (``border_gp``) and
the body raster's ``raster_quality`` / ``raster_resize_mat``, each as ComplexHeatmap 2.14 does.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from pyr_heatmap.figure.spec import AxisSpec, HeatmapSpec

__all__ = ["LINE_TYPES", "raster_pixels", "raster_slice", "resize_matrix", "row_names_anchor"]

#: R's ``lty`` names as matplotlib dash patterns (R's hex patterns "44", "13", "1343", "73",
#: "2262", in units of the line width).
LINE_TYPES: dict[str, Any] = {
    "solid": "solid", "dashed": (0, (4, 4)), "dotted": (0, (1, 3)),
    "dotdash": (0, (1, 3, 4, 3)), "longdash": (0, (7, 3)), "twodash": (0, (2, 2, 6, 2)),
}


def row_names_anchor(axis: AxisSpec, right: bool) -> tuple[float, str, str]:
    """Where a row name is anchored in its names box (0..1) and how it is justified:
    ComplexHeatmap's ``anno_text(location = 0, just = "left")`` on the right,
    ``location = 1, just = "right"`` on the left, ``0.5, "center"`` when centred; the text is
    turned by ``row_names_rot`` about that anchor."""
    if axis.names_centered:
        return 0.5, "center", "center_baseline"
    return (0.0, "left", "center_baseline") if right else (1.0, "right", "center_baseline")


def resize_matrix(mat: np.ndarray, nr: int, nc: int, fun: str) -> np.ndarray:
    """ComplexHeatmap's ``resize_matrix(mat, nr, nc, fun)``: ``nr`` x ``nc`` blocks of rows and
    columns, each summarised by ``fun``. As in 2.14, a block takes all its rows but only its
    first column (``seq(ind_c1[j], ind_c1[j])``)."""
    n_r, n_c = mat.shape
    r2 = np.ceil(np.arange(1, nr + 1) / (nr / n_r)).astype(np.int64)  # 1-based block ends
    r1 = np.r_[1, r2[:-1] + 1]
    c2 = np.ceil(np.arange(1, nc + 1) / (nc / n_c)).astype(np.int64)
    c1 = np.r_[1, c2[:-1] + 1]
    out = np.empty((nr, nc))
    for i in range(nr):
        block = mat[r1[i] - 1:r2[i], :]
        for j in range(nc):
            v = block[:, c1[j] - 1]
            out[i, j] = _summary(v, fun)
    return out


def _summary(v: np.ndarray, fun: str) -> float:
    if fun == "mean_na_rm":  # raster_resize_mat = TRUE: mean(x, na.rm = TRUE)
        v = v[~np.isnan(v)]
        return float(np.mean(v)) if v.size else np.nan
    if np.isnan(v).any():  # R's mean/median/max/min without na.rm give NA
        return np.nan
    return float({"mean": np.mean, "median": np.median, "max": np.max, "min": np.min}[fun](v))


def raster_pixels(w_mm: float, h_mm: float, quality: float = 1.0) -> tuple[int, int]:
    """Pixels of the raster image of a ``w_mm`` x ``h_mm`` slice: ComplexHeatmap's
    ``ceiling(ceiling(size in bigpts) * raster_quality)``, at least one."""
    w = max(1, int(np.ceil(w_mm / 25.4 * 72 - 1e-9)))
    h = max(1, int(np.ceil(h_mm / 25.4 * 72 - 1e-9)))
    if quality != 1.0:
        w, h = int(np.ceil(w * quality)), int(np.ceil(h * quality))
    return w, h


def raster_slice(spec: HeatmapSpec, rows: np.ndarray, cols: np.ndarray,
                 w_mm: float, h_mm: float) -> np.ndarray:
    """One body slice as ComplexHeatmap rasterises it without ImageMagick: an image of
    ``ceiling(ceiling(size in bigpts) * raster_quality)`` pixels per side, placed without
    interpolation; with ``raster_resize_mat`` the matrix is first reduced to at most one cell
    per pixel (:func:`resize_matrix`) and the reduced cells are painted instead."""
    from pyr_heatmap.backends.native.parts import _rgba_cells, _rgba_values, raster_body

    opts = spec.raster
    quality = 1.0 if opts is None else float(opts.quality)
    w_pt, h_pt = raster_pixels(w_mm, h_mm, quality)
    nr, nc = len(rows), len(cols)
    if opts is not None and opts.resize is not None and (w_pt < nc or h_pt < nr):
        vals = spec.matrix[np.ix_(rows, cols)]
        vals = resize_matrix(vals, min(h_pt, nr), min(w_pt, nc), opts.resize)
        rgba = _rgba_values(spec, vals)
        return raster_body(lambda i, j: rgba[np.ix_(i, j)], vals.shape, w_mm, h_mm, quality)
    # only the cells some pixel shows are coloured
    return raster_body(lambda i, j: _rgba_cells(spec, rows[i], cols[j]), (nr, nc), w_mm, h_mm,
                       quality)
