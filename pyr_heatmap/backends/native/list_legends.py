"""The legends of a heatmap list, collected and placed as ComplexHeatmap 2.14.0 does.

``make_layout()`` of a HeatmapList (``legend_grouping = "adjusted"``, the default) makes two groups:

- heatmap legends: for each member in list order, a horizontal list takes the left annotation's
  legends, the matrix legend and the right annotation's legends of a heatmap, and the legends of
  a row annotation member; a vertical list takes the top annotation's, the matrix's and the
  bottom annotation's legends of a heatmap, and those of a column annotation member;
- annotation legends: the other annotations of each heatmap (top and bottom in a horizontal
  list, left and right in a vertical one).

With ``merge_legend=True`` the heatmap group takes, per heatmap, left, top, matrix, bottom and
right, and there is no annotation group. The heatmap group is drawn on ``heatmap_legend_side``
and the annotation group beyond it on ``annotation_legend_side`` (right: to the right of the
heatmap legends; bottom: under them; left and top: outside them).
"""

from __future__ import annotations

import dataclasses
from typing import Any

from pyr_heatmap.backends.native.legend import legend_blocks
from pyr_heatmap.errors import InputError
from pyr_heatmap.figure.heatmap_list import HeatmapListSpec
from pyr_heatmap.figure.heatmap_list_args import LAYOUT_DEFAULTS
from pyr_heatmap.figure.spec import AnnotationBlock, HeatmapSpec

__all__ = ["NATIVE_LEGEND_SIDES", "list_legend_groups"]

NATIVE_LEGEND_SIDES = ("right", "bottom", "left", "top")


def _only(spec: HeatmapSpec, block: AnnotationBlock | None, matrix: bool) -> list[Any]:
    """The legends of one annotation block of ``spec`` (or of its matrix) alone."""
    if not matrix and block is None:
        return []
    bare = dataclasses.replace(
        spec,
        row=dataclasses.replace(spec.row, before=block, after=None),
        column=dataclasses.replace(spec.column, before=None, after=None),
        legend=dataclasses.replace(spec.legend, show=spec.legend.show and matrix),
    )
    return legend_blocks(bare)


def check_legend_sides(draw_args: dict[str, Any]) -> None:
    """Refuse the legend sides the native backend does not draw for lists."""
    for key in ("heatmap_legend_side", "annotation_legend_side"):
        side = draw_args.get(key, "right")
        if side not in NATIVE_LEGEND_SIDES:
            raise InputError(
                f"{key} must be one of {NATIVE_LEGEND_SIDES} (where the native backend draws "
                f"the legends of a heatmap list), got {side!r}"
            )


# draw() arguments of a list that only the R backend draws so far (their R defaults are
# LAYOUT_DEFAULTS')
R_ONLY_LIST_ARGS = (
    "padding", "auto_adjust", "row_dend_side", "row_sub_title_side", "column_dend_side",
    "column_sub_title_side", "legend_grouping", "heatmap_height", "heatmap_width",
    "heatmap_legend_list", "annotation_legend_list",
)


def check_native_list_args(draw_args: dict[str, Any]) -> None:
    """Refuse the legend sides and the layout arguments the native backend does not draw for
    lists (given with a value other than R's default), naming the argument and the way out."""
    check_legend_sides(draw_args)
    given = [k for k in R_ONLY_LIST_ARGS
             if draw_args.get(k, LAYOUT_DEFAULTS[k]) not in (LAYOUT_DEFAULTS[k], (), [])]
    if given:
        raise InputError(
            f"draw() argument(s) {', '.join(given)} of a heatmap list are drawn by the R backend "
            "only so far: use backend='r' (ComplexHeatmap), or leave them at R's defaults for "
            "the native backend"
        )


def list_legend_groups(spec: HeatmapListSpec) -> tuple[list[Any], list[Any]]:
    """``(heatmap legends, annotation legends)`` of the list, in ComplexHeatmap's order."""
    horizontal = spec.direction == "horizontal"
    merge = bool(spec.draw_args.get("merge_legend", False))
    heat: list[Any] = []
    anno: list[Any] = []
    host = spec.main_spec
    for kind, _name, obj in spec.members:
        if kind == "annotation":
            heat += _only(host, obj, False)
            continue
        left, right = obj.row.before, obj.row.after
        top, bottom = obj.column.before, obj.column.after
        if merge:
            heat += (_only(obj, left, False) + _only(obj, top, False) + _only(obj, None, True)
                     + _only(obj, bottom, False) + _only(obj, right, False))
        elif horizontal:
            heat += _only(obj, left, False) + _only(obj, None, True) + _only(obj, right, False)
            anno += _only(obj, top, False) + _only(obj, bottom, False)
        else:
            heat += _only(obj, top, False) + _only(obj, None, True) + _only(obj, bottom, False)
            anno += _only(obj, left, False) + _only(obj, right, False)
    return heat, anno
