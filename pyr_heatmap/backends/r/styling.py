"""Heatmap() styling as data for R: text gpar()s, sides and rotations, legend parameters."""

from __future__ import annotations

from typing import Any

import numpy as np

from pyr_heatmap.figure.spec import Font, HeatmapSpec


def _gp(size: float, font: Font) -> dict[str, Any]:
    """A text ``gpar()`` as data (fontfamily left out when it is the device's default)."""
    out: dict[str, Any] = {"fontsize": float(size), "fontface": font.face, "col": font.col}
    if font.family:
        out["fontfamily"] = font.family
    return out


def _style_args(spec: HeatmapSpec) -> dict[str, Any]:
    """Sides, rotations, labels and the other plain styling arguments of Heatmap()."""
    row, col = spec.row, spec.column
    args: dict[str, Any] = {
        "row_names_side": row.names_side or "right",
        "column_names_side": col.names_side or "bottom",
        "row_dend_side": row.dend_side or "left",
        "column_dend_side": col.dend_side or "top",
        "row_title_side": row.title_side or "left",
        "column_title_side": col.title_side or "top",
        "row_title_rot": float(row.title_rot if row.title_rot is not None else 90.0),
        "column_title_rot": float(col.title_rot if col.title_rot is not None else 0.0),
        "column_names_centered": bool(col.names_centered),
    }
    if row.display is not None:
        args["row_labels"] = list(row.display)
    if col.display is not None:
        args["column_labels"] = list(col.display)
    if spec.border:
        args["border"] = spec.border
    return args


def _legend_payload(spec: HeatmapSpec) -> dict[str, Any]:
    lg = spec.legend
    legend: dict[str, Any] = {"title": lg.title, "direction": lg.direction,
                              "title_position": lg.title_position,
                              "title_gp": _gp(lg.title_fontsize, lg.title_font),
                              "labels_gp": _gp(lg.labels_fontsize, lg.labels_font)}
    if not getattr(spec.col, "discrete", False):  # R refuses color_bar for a discrete mapping
        legend["color_bar"] = lg.color_bar
    if lg.at is not None:
        legend["at"] = np.asarray(lg.at, dtype=np.float64)
    if lg.labels is not None:
        legend["labels"] = list(lg.labels)
    if lg.height_mm is not None:
        legend["legend_height"] = float(lg.height_mm)
    if lg.width_mm is not None:
        legend["legend_width"] = float(lg.width_mm)
    return legend


def dend_style_payload(spec: HeatmapSpec) -> dict[str, Any]:
    """``row_dend_gp``/``column_dend_gp`` and branch colours per axis, as data for
    ``pyrhm_dend_styles()`` (r/dend_style.R): ``gp`` (col, lwd, lty), ``groups`` (1-based
    cluster of each row/column, NA for none) and ``colors``."""
    out: dict[str, Any] = {}
    for which, axis in (("row", spec.row), ("column", spec.column)):
        style = axis.dend_style
        if style is None:
            continue
        entry: dict[str, Any] = {"gp": style.gp.as_r()}
        if style.groups is not None:
            g = np.asarray(style.groups, dtype=np.float64) + 1.0
            g[g < 1] = np.nan  # NA: no cluster
            entry["groups"] = g
            entry["colors"] = list(style.colors)
        out[which] = entry
    return out
