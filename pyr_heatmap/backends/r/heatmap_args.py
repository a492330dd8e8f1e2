"""The sizing, border, names and raster arguments of Heatmap() (:mod:`pyr_heatmap.figure.
heatmap_args`) as data for R, and as R code for the standalone script.

``heatmap_width``/``heatmap_height`` replace ``width``/``height`` (ComplexHeatmap refuses both
as absolute units); ``raster_resize_mat`` given as a function name reaches R as that name and
``r/heatmap.R`` picks the R function from a fixed list (no text is evaluated).
"""

from __future__ import annotations

from typing import Any

from pyr_heatmap.backends.r.rscript_text import r_num, r_string
from pyr_heatmap.figure.spec import HeatmapSpec

__all__ = ["extra_payload", "extra_script_args"]


def _r_values(spec: HeatmapSpec) -> tuple[dict[str, Any], dict[str, float], Any]:
    """(plain arguments, lengths in mm, raster_resize_mat) of the spec."""
    args: dict[str, Any] = {
        "row_names_rot": float(spec.row.names_rot),
        "row_names_centered": bool(spec.row.names_centered),
        "show_parent_dend_line": bool(spec.show_parent_dend_line),
        "raster_device": "png",
        "raster_by_magick": False,
    }
    resize: Any = False
    if spec.raster is not None:
        args["raster_quality"] = float(spec.raster.quality)
        resize = spec.raster.resize or False
        if resize == "mean_na_rm":
            resize = True
    units = {f"heatmap_{w}": v for w, v in (("width", spec.heatmap_width_mm),
                                              ("height", spec.heatmap_height_mm))
             if v is not None}
    for key, axis in (("row_names_max_width", spec.row),
                      ("column_names_max_height", spec.column)):
        if axis.names_max_mm is not None:
            units[key] = float(axis.names_max_mm)
    return args, units, resize


def extra_payload(spec: HeatmapSpec, payload: dict[str, Any]) -> dict[str, Any]:
    """``payload`` (:func:`~.plan.r_payload`) with these arguments added."""
    args, units, resize = _r_values(spec)
    payload["args"].update(args)
    for w in ("width", "height"):
        if f"heatmap_{w}" in units:  # the body gets what the rest leaves, as R computes it
            payload["units"].pop(w, None)
    payload["units"].update(units)
    if isinstance(resize, str):
        payload["raster_resize_fun"] = resize
    else:
        payload["args"]["raster_resize_mat"] = bool(resize)
    if spec.border and spec.border_gp is not None:
        payload["fonts"]["border_gp"] = spec.border_gp.as_r(spec.border)  # a gpar() as data
    return payload


def extra_script_args(spec: HeatmapSpec, files: Any) -> list[str]:
    """The same arguments as R code for the script (user colours through its text table)."""
    args, units, resize = _r_values(spec)
    out = [f"row_names_rot = {r_num(args['row_names_rot'])}",
           f"row_names_centered = {'TRUE' if args['row_names_centered'] else 'FALSE'}",
           f"show_parent_dend_line = {'TRUE' if args['show_parent_dend_line'] else 'FALSE'}",
           'raster_device = "png"', "raster_by_magick = FALSE"]
    if "raster_quality" in args:
        out.append(f"raster_quality = {r_num(args['raster_quality'])}")
    out.append("raster_resize_mat = " + (f"base::{resize}" if resize in ("mean", "max", "min")
                                         else "stats::median" if resize == "median"
                                         else "TRUE" if resize else "FALSE"))
    out += [f"{k} = unit({r_num(v)}, {r_string('mm')})" for k, v in units.items()
            if k.startswith("heatmap_")]
    if spec.border and spec.border_gp is not None:
        gp = spec.border_gp
        out.append(f"border_gp = gpar(col = {files.add_text('border_gp_col', spec.border)}, "
                   f"lwd = {r_num(gp.lwd)}, lty = {r_string(gp.lty)})")
    return out
