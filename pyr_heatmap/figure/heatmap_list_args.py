"""The layout arguments of ``draw(ht_list, ...)``, checked as ComplexHeatmap 2.14.0 checks them.

R equivalent::

    draw(ht_list, padding = unit(c(2, 2, 2, 8), "mm"), auto_adjust = FALSE,
         row_dend_side = "right", row_sub_title_side = "left", legend_grouping = "original",
         heatmap_height = unit(8, "cm"), use_raster = TRUE)

``make_layout()`` of a HeatmapList: ``padding`` of length 1 or 2 is recycled to 4 (bottom,
left, top, right); ``height`` and ``heatmap_height`` (horizontal list; ``width`` and
``heatmap_width`` for a vertical one) are set on the main heatmap and copied to every other
heatmap, only one of the two may be given and each must be an absolute length;
``row_dend_side`` / ``row_sub_title_side`` move the main heatmap's dendrogram / slice titles to
the left of the first or the right of the last member (``column_*`` counterparts, top/bottom, for
a vertical list); ``use_raster`` is set on every heatmap; ``heatmap_legend_list`` /
``annotation_legend_list`` are tuples of :class:`~pyr_heatmap.figure.legends.Legend`. Lengths are
stored in mm.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from pyr_heatmap.errors import InputError
from pyr_heatmap.figure.legends import legend_list
from pyr_heatmap.figure.units import to_mm

__all__ = ["LAYOUT_DEFAULTS", "resolve_layout_args"]

# the values draw() uses when an argument is not given (R's defaults)
LAYOUT_DEFAULTS: dict[str, Any] = {
    "padding": None, "auto_adjust": True, "row_dend_side": "original",
    "row_sub_title_side": "original", "column_dend_side": "original",
    "column_sub_title_side": "original", "legend_grouping": "adjusted", "use_raster": None,
    "height": None, "heatmap_height": None, "width": None, "heatmap_width": None,
    "heatmap_legend_list": None, "annotation_legend_list": None,
}

_SIDES = {"row": ("original", "left", "right"), "column": ("original", "top", "bottom")}


def _choice(value: Any, allowed: tuple[str, ...], what: str) -> str:
    if not isinstance(value, str) or value not in allowed:
        raise InputError(f"{what} must be one of {list(allowed)}, got {value!r}")
    return value


def _flag(value: Any, what: str) -> bool:
    if not isinstance(value, (bool, np.bool_)):
        raise InputError(f"{what} must be True or False, got {value!r}")
    return bool(value)


def _padding(value: Any) -> tuple[float, float, float, float] | None:
    if value is None:
        return None
    vals = list(value) if isinstance(value, (list, tuple, np.ndarray)) else [value]
    if len(vals) not in (1, 2, 4):
        raise InputError("padding must be one length, two or four (bottom, left, top, right; "
                         f"R's order, recycled as R does), got {len(vals)} values")
    mm = [to_mm(v, "padding") for v in vals]
    mm = mm * (4 // len(mm))
    return (mm[0], mm[1], mm[2], mm[3])


def resolve_layout_args(direction: str, given: dict[str, Any]) -> dict[str, Any]:
    """Check the layout arguments of ``draw()`` for a list of ``direction``.

    ``given`` holds only the arguments the caller gave (not ``None``). Returns every key of
    :data:`LAYOUT_DEFAULTS`, lengths in mm.

    Raises
    ------
    InputError
        A value R refuses (or ignores with a message, such as ``width`` for a horizontal list),
        naming the argument and what it takes.
    """
    shared, own = ("row", "column") if direction == "horizontal" else ("column", "row")
    length, other_length = ("height", "width") if shared == "row" else ("width", "height")
    out = dict(LAYOUT_DEFAULTS)
    for key in (f"{own}_dend_side", f"{own}_sub_title_side", other_length,
                f"heatmap_{other_length}"):
        if key in given and given[key] != LAYOUT_DEFAULTS[key]:
            raise InputError(
                f"{key} cannot be set in draw() for a {direction} heatmap list (R ignores it "
                f"there); use {key.replace(own, shared).replace(other_length, length)} or set "
                "it in that Heatmap()"
            )
    for key in (f"{shared}_dend_side", f"{shared}_sub_title_side"):
        if key in given:
            out[key] = _choice(given[key], _SIDES[shared], key)
    if "legend_grouping" in given:
        out["legend_grouping"] = _choice(given["legend_grouping"], ("adjusted", "original"),
                                         "legend_grouping")
    if "auto_adjust" in given:
        out["auto_adjust"] = _flag(given["auto_adjust"], "auto_adjust")
    if given.get("use_raster") is not None:
        out["use_raster"] = _flag(given["use_raster"], "use_raster")
    out["padding"] = _padding(given.get("padding"))
    if given.get(length) is not None and given.get(f"heatmap_{length}") is not None:
        raise InputError(f"give only one of {length} (the bodies) and heatmap_{length} (the "
                         "whole heatmaps, annotations and names included), as R requires")
    for key in (length, f"heatmap_{length}"):
        if given.get(key) is not None:
            out[key] = to_mm(given[key], key)
    for key in ("heatmap_legend_list", "annotation_legend_list"):
        out[key] = legend_list(given.get(key), key)
    return out
