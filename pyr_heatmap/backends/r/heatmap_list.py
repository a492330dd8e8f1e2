"""The R backend of heatmap lists: ComplexHeatmap's ``+`` / ``%v%`` and ``draw(ht_list, ...)``.

R equivalent of what is run (through rpy2, in this process)::

    ht_list <- Heatmap(m1, ...) + Heatmap(m2, ...) + rowAnnotation(...)   # or %v%
    d <- draw(ht_list, main_heatmap = "name", row_split = , cluster_rows = , ht_gap = , ...)
    row_order(d); column_order(d)

Each heatmap is built in R exactly as a single heatmap is (``pyrhm_heatmap()`` from the payload of
:func:`~pyr_heatmap.backends.r.plan.r_payload`, R clustering the matrix itself). The main heatmap's
payload carries the draw-level overrides already set on it (that is all ``make_layout()`` does
with them); they are also given to ``draw()``, as an R user writes them, which sets the same
values again. The other heatmaps get ``cluster_rows = FALSE`` (R ignores their row clustering in
a list anyway). Orders come back from R: ``row_order(d)`` and each heatmap's ``column_order``.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import numpy as np

from pyr_heatmap.backends.r.annotations import annotation_payload
from pyr_heatmap.backends.r.draw import (
    _drawing_call,
    _order_from_r,
    _read_output,
    check_output,
    run_r_render,
)
from pyr_heatmap.backends.r.plan import (
    _matrix,
    _pass_col,
    _split_columns,
    _split_payload,
    _tree_payload,
    plan_axis,
    r_payload,
)
from pyr_heatmap.engine.hclust import HClust
from pyr_heatmap.engine.splits import is_split_count
from pyr_heatmap.figure.heatmap_list import HeatmapListSpec
from pyr_heatmap.figure.heatmap_list_args import LAYOUT_DEFAULTS
from pyr_heatmap.figure.legends import Legend
from pyr_heatmap.figure.units import to_mm
from pyr_heatmap.result.heatmap_list import DrawnHeatmapList, per_heatmap_orders

__all__ = ["draw_list_r"]


def _draw_payload(spec: HeatmapListSpec) -> dict[str, Any]:
    """The ``d`` of ``pyrhm_draw_list()``: draw()'s arguments, user strings as data."""
    da = spec.draw_args
    args: dict[str, Any] = {
        "main_heatmap": spec.members[spec.main][1],
        "heatmap_legend_side": da["heatmap_legend_side"],
        "annotation_legend_side": da["annotation_legend_side"],
        "merge_legend": bool(da["merge_legend"]),
    }
    for key in ("row_title", "column_title"):
        if da.get(key) is not None:
            args[key] = str(da[key])
    units: dict[str, Any] = {}
    trees: dict[str, Any] = {}
    splits: dict[str, Any] = {}
    _layout_payload(da, args, units)
    for key, value in spec.overrides.items():
        if key.endswith("_order"):  # the positions the main heatmap's spec resolved, 1-based
            args[key] = np.asarray(spec.main_spec.r_args[key], dtype=np.int64) + 1
        elif key.endswith("_split"):
            splits[key] = _split_payload(int(float(np.asarray(value).ravel()[0]))
                                         if is_split_count(value) else _split_columns(value))
        elif key.endswith("_gap") or key.endswith("_dend_width") or key.endswith("_dend_height"):
            units[key.replace("_dend_height", "_dend_width")] = to_mm(value, key)
        elif key.startswith("cluster_") and key.endswith("s") and isinstance(value, HClust):
            trees[key] = _tree_payload(value)
        elif key.endswith("_km") and np.ndim(value) != 0:
            continue  # labels computed elsewhere: already in the main heatmap's payload
        elif callable(value) and not isinstance(value, (bool, np.bool_)):
            continue  # a Python function: the main heatmap's payload has its trees
        elif key.endswith("_dend_reorder") and np.ndim(value) != 0:
            args[key] = np.asarray(value, dtype=np.float64)
        elif isinstance(value, (bool, np.bool_)):
            args[key] = bool(value)
        elif isinstance(value, (int, np.integer)):
            args[key] = int(value)
        else:
            args[key] = str(value)
    legends = {key: [legend_payload(lg) for lg in da[key]]
               for key in ("heatmap_legend_list", "annotation_legend_list") if da.get(key)}
    return {"args": args, "ht_gap": np.asarray(da["ht_gap"], dtype=np.float64),
            "units": units, "trees": trees, "splits": splits, "legends": legends}


def legend_payload(legend: Legend) -> dict[str, Any]:
    """What ``pyrhm_legend()`` (r/heatmap_list.R) gives ``ComplexHeatmap::Legend()``."""
    out: dict[str, Any] = {"title": legend.title, "direction": legend.direction,
                           "type": legend.type}
    if legend.at is not None:
        out["at"] = (list(legend.at) if isinstance(legend.at[0], str)
                     else np.asarray(legend.at, dtype=np.float64))
    if legend.labels is not None:
        out["labels"] = list(legend.labels)
    for key, cols in legend.legend_gp.items():
        out[key] = list(cols)
    if legend.col_fun is not None:
        f = legend.col_fun
        out["col_fun"] = {"breaks": np.asarray(f.breaks, dtype=np.float64),
                          "colors": list(f.colors), "space": f.space,
                          "transparency": float(f.transparency)}
    return out


def _layout_payload(da: dict[str, Any], args: dict[str, Any], units: dict[str, Any]) -> None:
    """draw()'s layout arguments that differ from R's defaults: flags and sides in ``args``,
    lengths (mm) in ``units``."""
    for key, default in LAYOUT_DEFAULTS.items():
        value = da.get(key, default)
        if value is None or value == default or key.endswith("_legend_list"):
            continue
        if key == "padding":
            units[key] = np.asarray(value, dtype=np.float64)
        elif key.endswith("height") or key.endswith("width"):
            units[key] = float(value)
        elif isinstance(value, (bool, np.bool_)):
            args[key] = bool(value)
        else:
            args[key] = str(value)


def _members_payload(spec: HeatmapListSpec) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    mats: dict[str, Any] = {}
    members: list[dict[str, Any]] = []
    for i, (kind, _name, obj) in enumerate(spec.members):
        if kind == "heatmap":
            rows = plan_axis(obj, "row", True)
            cols = plan_axis(obj, "column", True)
            mats[str(i + 1)] = _matrix(obj)
            members.append({"kind": "heatmap",
                            "a": r_payload(obj, rows, cols, pass_col=_pass_col(obj, True))})
        else:
            which = "row" if spec.direction == "horizontal" else "column"
            mats[str(i + 1)] = None
            members.append({"kind": "annotation", "a": annotation_payload(obj, which)})
    return mats, members


def draw_list_r(spec: HeatmapListSpec, *, dpi: float = 100.0, format: str = "png",
                reason: str = "") -> DrawnHeatmapList:
    """Draw the heatmap list with ComplexHeatmap and return R's orders and image.

    Raises
    ------
    RUnavailableError
        R, rpy2 or ComplexHeatmap is missing (typed subclass).
    RBackendError
        R raised an error (R's message included).
    """
    fmt, dpi = check_output(format, dpi)
    mats, members = _members_payload(spec)
    d = _draw_payload(spec)
    with tempfile.TemporaryDirectory(prefix="pyr_heatmap_r_") as tmp:
        out_file = Path(tmp) / f"heatmap_list.{fmt}"
        res = _drawing_call("pyrhm_draw_list", mats, members, spec.direction, d,
                            device=fmt, file=str(out_file),
                            scratch=str(Path(tmp) / f"scratch.{fmt}"), res=float(dpi))
        image = _read_output(out_file, fmt)
    orders = res["orders"]
    shared_axis, own_axis = ("row", "column") if spec.direction == "horizontal" \
        else ("column", "row")
    shared = _order_from_r(orders["shared"], getattr(spec.main_spec, shared_axis))
    own = per_heatmap_orders({name: _order_from_r(orders["own"][name], getattr(s, own_axis))
                              for name, s in spec.heatmaps.items()})
    drawn = res.get("drawn")
    images = {(fmt, _dpi_key(fmt, dpi)): image}

    def render(out_fmt: str, out_dpi: float) -> bytes:
        key = (out_fmt, _dpi_key(out_fmt, out_dpi))
        if key not in images:
            images[key] = run_r_render(drawn, out_fmt, out_dpi)
        return images[key]

    row_order, column_order = (shared, own) if spec.direction == "horizontal" else (own, shared)
    return DrawnHeatmapList(spec, "r", row_order=row_order, column_order=column_order,
                            reason=reason, image=image, image_format=fmt, renderer=render)


def _dpi_key(fmt: str, dpi: float) -> float:
    return float(dpi) if fmt in ("png", "tiff") else 0.0
