"""The sizing, border, raster and alias arguments of ComplexHeatmap's ``Heatmap()``.

``Heatmap(...)`` stores them; :func:`resolve_heatmap_args` checks them and turns them into the
fields of the spec that both backends draw from:

- ``heatmap_width``, ``heatmap_height``: the size of the whole heatmap (dendrograms, names,
  titles, annotations and body; not the legends). The body gets what the other parts leave, as
  ComplexHeatmap computes it. Giving ``width`` as well is an error, as in R ("`heatmap_width`
  and `width` should not all be the absolute units").
- ``row_names_rot``, ``row_names_centered``; ``row_names_max_width``,
  ``column_names_max_height``: the most space reserved for the names (longer names are drawn
  whole and reach past it, as in R). Default ``None``: room for the widest name (R's default of
  6 cm would let names longer than 6 cm run into the legend).
- ``border_gp``: the body border's ``gpar()`` (``col``, ``lwd``, ``lty``); given without
  ``border``, it turns the border on, as in R.
- ``show_parent_dend_line``: the dotted line under the slice trees of a split (R: ``TRUE``).
- ``jitter``: only ``False``. R adds ``runif()`` noise from its own random number generator
  before clustering; ties are already broken exactly as R's ``hclust`` does without it.
- ``color_space``: the interpolation space of a list of colours given as ``col``.
- ``km``, ``split``: R's old names of ``row_km`` and ``row_split``, used when those are left
  at their defaults (ComplexHeatmap 2.14 takes them silently).
- ``raster_quality`` (>= 1), ``raster_resize_mat`` (``False``, ``True`` = mean without NA, or
  ``"mean"``, ``"median"``, ``"max"``, ``"min"``); ``raster_device`` only ``"png"``,
  ``raster_device_param`` only empty, ``raster_by_magick`` only ``False``,
  ``raster_magick_filter`` only ``None``: ImageMagick's resampling is not reproduced.
- ``layer_fun``: only ``None`` (an R function; ``cell_text`` / ``cell_fun`` instead). ``gap``:
  R's old name of ``row_gap``, used when ``row_gap`` is left at its default.
- ``post_fun``: only ``None`` (an R function called after drawing; in Python, work on the
  returned figure instead).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from pyr_heatmap.errors import InputError
from pyr_heatmap.figure.checks import _number
from pyr_heatmap.figure.units import to_mm

__all__ = ["EXTRA_ARGS", "RESIZE_FUNCTIONS", "BorderGp", "RasterOptions", "km_split_aliases",
           "resolve_heatmap_args", "store_arguments"]

#: The constructor arguments this module resolves (stored as attributes of ``Heatmap``).
EXTRA_ARGS = (
    "heatmap_width", "heatmap_height", "row_names_rot", "row_names_centered",
    "row_names_max_width", "column_names_max_height", "border_gp", "show_parent_dend_line",
    "jitter", "color_space", "km", "split", "raster_quality", "raster_resize_mat",
    "raster_device", "raster_device_param", "raster_by_magick", "raster_magick_filter",
    "post_fun", "layer_fun", "gap",
)

#: ``raster_resize_mat`` as a function: the R function each name stands for.
RESIZE_FUNCTIONS = ("mean", "median", "max", "min")

_LTY = {"solid": "solid", "dashed": "dashed", "dotted": "dotted", "dotdash": "dotdash",
        "longdash": "longdash", "twodash": "twodash", 1: "solid", 2: "dashed", 3: "dotted",
        4: "dotdash", 5: "longdash", 6: "twodash"}


@dataclass(frozen=True)
class BorderGp:
    """The body border's line: width (R's ``lwd``) and type (R's ``lty`` name)."""

    lwd: float = 1.0
    lty: str = "solid"

    def as_r(self, col: str) -> dict[str, Any]:
        return {"col": col, "lwd": float(self.lwd), "lty": self.lty}


@dataclass(frozen=True)
class RasterOptions:
    """How the body is rasterised (with ``use_raster``): ``quality`` pixels per big point and
    ``resize`` (None, or the name of the function that summarises the cells of one pixel;
    ``"mean_na_rm"`` is R's ``raster_resize_mat = TRUE``)."""

    quality: float = 1.0
    resize: str | None = None


def _flag(value: Any, what: str) -> bool:
    if not isinstance(value, (bool, np.bool_)):
        raise InputError(f"{what} must be True or False, got {value!r}")
    return bool(value)


def _border_gp(gp: Any) -> tuple[str | None, BorderGp | None]:
    """(colour, line) of ``border_gp``; (None, None) when not given."""
    if gp is None:
        return None, None
    from pyr_heatmap.figure.styling import _colour, check_gp_keys

    check_gp_keys(gp, "border_gp", ("col", "lwd", "lty"), "{'col': 'red', 'lwd': 2}",
                  "; R ignores fill there")

    col = _colour(gp.get("col", "black"), "border_gp col")
    lwd = _number(gp.get("lwd", 1.0), "border_gp lwd")
    if lwd <= 0:
        raise InputError(f"border_gp lwd must be > 0, got {lwd!r}")
    lty = gp.get("lty", "solid")
    if isinstance(lty, (bool, np.bool_)) or lty not in _LTY:
        raise InputError(f"border_gp lty must be one of solid, dashed, dotted, dotdash, "
                         f"longdash, twodash (or 1-6), got {lty!r}")
    return col, BorderGp(lwd, _LTY[lty])


def _length(value: Any, what: str) -> float | None:
    if value is None:
        return None
    mm = to_mm(value, what)
    if mm <= 0:
        raise InputError(f"{what} must be a positive length, got {value!r}")
    return mm


def _raster(hm: Any) -> RasterOptions:
    q = _number(hm.raster_quality, "raster_quality")
    if q <= 0:
        raise InputError(f"raster_quality must be a positive number (R uses 1 below 1), got {q}")
    resize = hm.raster_resize_mat
    if isinstance(resize, (bool, np.bool_)):
        how = "mean_na_rm" if resize else None
    elif isinstance(resize, str) and resize in RESIZE_FUNCTIONS:
        how = resize
    else:
        raise InputError(
            f"raster_resize_mat must be True, False or the name of one of R's functions "
            f"{', '.join(RESIZE_FUNCTIONS)} (an R function cannot be passed from Python), got "
            f"{resize!r}")
    if not isinstance(hm.raster_device, str) or hm.raster_device != "png":
        raise InputError(
            f"raster_device {hm.raster_device!r} is not supported: only 'png' (the native "
            "backend rasterises as R's png device does; jpeg/tiff/Cairo/agg devices give other "
            "pixels)")
    param = hm.raster_device_param
    if param is not None and not (isinstance(param, Mapping) and not param):
        raise InputError("raster_device_param is not supported: leave it empty (the png "
                         "device's defaults)")
    if not isinstance(hm.raster_by_magick, (bool, np.bool_)) or hm.raster_by_magick:
        raise InputError(
            "raster_by_magick must be False: ImageMagick's resampling filters are not "
            "reproduced by the native backend; use raster_quality / raster_resize_mat")
    if hm.raster_magick_filter is not None:
        raise InputError("raster_magick_filter needs raster_by_magick, which is not supported; "
                         "leave it None")
    return RasterOptions(max(q, 1.0), how)


def resolve_heatmap_args(hm: Any) -> dict[str, Any]:
    """Check the arguments of :data:`EXTRA_ARGS` and return the spec fields they set
    (``heatmap_width_mm``, ``heatmap_height_mm``, ``border_gp``, ``show_parent_dend_line``,
    ``raster``) and ``border``, the border's colour (``border``, or ``border_gp``'s)."""
    out: dict[str, Any] = {}
    for which, body in (("width", hm.width), ("height", hm.height)):
        size = _length(getattr(hm, f"heatmap_{which}"), f"heatmap_{which}")
        if size is not None and body is not None:
            raise InputError(
                f"heatmap_{which} and {which} cannot both be given (ComplexHeatmap: "
                f"'`heatmap_{which}` and `{which}` should not all be the absolute units'): "
                f"give heatmap_{which} for the whole heatmap or {which} for the body")
        out[f"heatmap_{which}_mm"] = size
    _number(hm.row_names_rot, "row_names_rot")
    _flag(hm.row_names_centered, "row_names_centered")
    _length(hm.row_names_max_width, "row_names_max_width")
    _length(hm.column_names_max_height, "column_names_max_height")
    col, line = _border_gp(hm.border_gp)
    out["border_gp"] = line
    from pyr_heatmap.figure.axes import border_colour

    if line is not None and (hm.border is True or hm.border is False or hm.border is None):
        out["border"] = col  # R: border_gp without border turns it on; border=TRUE uses col
    else:
        out["border"] = border_colour(hm.border)
    out["show_parent_dend_line"] = _flag(hm.show_parent_dend_line, "show_parent_dend_line")
    if not isinstance(hm.jitter, (bool, np.bool_)) or hm.jitter:
        raise InputError(
            f"jitter={hm.jitter!r} is not supported: ComplexHeatmap adds runif() noise from R's "
            "random number generator before clustering, which cannot be reproduced outside R. "
            "Ties are already broken as R's hclust breaks them; to cluster a jittered matrix, "
            "add the noise to the matrix yourself (both backends then see the same values)")
    from pyr_heatmap.figure.colors.ramp import SPACES

    if not isinstance(hm.color_space, str) or hm.color_space not in SPACES:
        raise InputError(f"color_space must be one of {', '.join(SPACES)}, got "
                         f"{hm.color_space!r}")
    out["raster"] = _raster(hm)
    if hm.post_fun is not None:
        raise InputError(
            "post_fun is not supported: in R it is an R function run after drawing, which "
            "cannot come from Python; change the returned figure instead (drawn.figure for "
            "the native backend), or use cell_fun for per-cell drawing")
    if hm.layer_fun is not None:
        raise InputError(
            "layer_fun is not supported: in R it is an R function called once per slice; "
            "use cell_text (both backends) or cell_fun (a Python function, native backend)")
    return out


def store_arguments(hm: Any, given: Mapping[str, Any]) -> None:
    """Store the arguments of :data:`EXTRA_ARGS` from the constructor's ``locals()`` as
    attributes of ``hm`` (the constructor only stores), then apply ``km``/``split``."""
    for arg in EXTRA_ARGS:
        setattr(hm, arg, given[arg])
    km_split_aliases(hm)


def km_split_aliases(hm: Any) -> None:
    """``km`` and ``split``, R's old names: ComplexHeatmap 2.14 uses them for ``row_km`` and
    ``row_split`` when those are not given (here: left at their defaults, 1 and None). Set on
    the stored arguments, so copies of the heatmap (heatmap lists) see one value."""
    if hm.km is not None and not (np.ndim(hm.km) == 0 and hm.km == 1):
        if hm.row_km is None or (np.ndim(hm.row_km) == 0 and hm.row_km == 1):
            hm.row_km = hm.km
    if hm.split is not None and hm.row_split is None:
        hm.row_split = hm.split
    if hm.gap is not None and hm.row_gap == 1.0:  # R: if (missing(row_gap)) row_gap = gap
        hm.row_gap = hm.gap


def names_max(hm: Any) -> tuple[float | None, float | None]:
    """``row_names_max_width`` and ``column_names_max_height`` in mm (None: not given)."""
    return (_length(hm.row_names_max_width, "row_names_max_width"),
            _length(hm.column_names_max_height, "column_names_max_height"))


def _side_depth(axis: Any, across: Any, is_row: bool) -> float:
    """Estimated depth (mm) of what sits beside the body across ``axis``: names, dendrogram,
    title and annotations (the native layout measures them exactly when drawing)."""
    import math

    from pyr_heatmap.figure.sizes import LINE, MM_PER_PT, _text_width_mm

    depth = 0.0
    if axis.show_names and axis.n:
        w = float(np.max(_text_width_mm(sorted(set(axis.shown_labels), key=len)[-25:],
                                        axis.names_fontsize)))
        h = axis.names_fontsize * LINE * MM_PER_PT
        r = math.radians(axis.names_rot)
        ext = (w * abs(math.cos(r)) + h * abs(math.sin(r)) if is_row
               else w * abs(math.sin(r)) + h * abs(math.cos(r)))
        depth += 1.0 + (ext if axis.names_max_mm is None else min(ext, axis.names_max_mm))
    if axis.show_dend:
        depth += axis.dend_mm + 0.5
    if axis.title is not None or any(s.title for s in axis.slices):
        depth += axis.title_fontsize * LINE * MM_PER_PT + 1.5
    for block in (axis.before, axis.after):
        if block is not None and block.tracks:
            depth += block.extent_mm() + 1.0
    return depth


def fit_to_heatmap_size(hm: Any, spec: Any) -> Any:
    """``spec`` with the body length (and the names fitted to it) that ``heatmap_width`` /
    ``heatmap_height`` leave, estimated from the other parts; the native backend then places
    the body exactly, and R computes it from the same arguments."""
    import dataclasses

    from pyr_heatmap.figure.axes import fit_names

    if spec.heatmap_width_mm is None and spec.heatmap_height_mm is None:
        return spec
    changes: dict[str, Any] = {}
    notes = list(spec.notes)
    fixed = list(spec.fixed_size)
    for k, which, total, what in ((1, "row", spec.heatmap_height_mm, "height"),
                                  (0, "column", spec.heatmap_width_mm, "width")):
        if total is None:
            continue
        axis = spec.column if which == "column" else spec.row
        side = changes.get("row", spec.row) if which == "column" else spec.column
        length = max(total - _side_depth(side, axis, which == "column"), 5.0)
        fit = fit_names(hm, which, axis.n, length, what)
        changes[which] = dataclasses.replace(axis, show_names=fit.show,
                                             names_fontsize=fit.fontsize)
        changes[f"{what}_mm"] = length
        fixed[k] = True
        if fit.note:
            notes.append(fit.note)
    return dataclasses.replace(spec, notes=tuple(notes), fixed_size=tuple(fixed), **changes)
