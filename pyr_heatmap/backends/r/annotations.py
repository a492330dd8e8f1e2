"""The annotations of a spec as ``pyrhm_annotation_list()`` (r/annotations.R) receives them.

Every annotation becomes one entry, in the user's order: colour-bar annotations as their values
and colours, annotation functions as the arguments of ComplexHeatmap's own ``anno_*`` function
(values as numbers, labels and names as character vectors: data, never code).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from pyr_heatmap.errors import InputError
from pyr_heatmap.figure.spec import AnnotationBlock

__all__ = ["annotation_payload"]

# HeatmapAnnotation()'s own arguments: an annotation with one of these names would be taken for
# the argument in R (R users cannot use these names either)
_FORMALS = frozenset((
    "df name col na_col annotation_legend_param show_legend which gp border gap "
    "show_annotation_name annotation_label annotation_name_gp annotation_name_offset "
    "annotation_name_side annotation_name_rot annotation_name_align annotation_height "
    "annotation_width height width simple_anno_size simple_anno_size_adjust").split())


def _ramp(ramp: Any) -> dict[str, Any]:
    return {"breaks": np.asarray(ramp.breaks, dtype=np.float64), "colors": list(ramp.colors),
            "space": str(ramp.space), "transparency": float(ramp.transparency)}


def _simple(t: Any) -> dict[str, Any]:
    if t.discrete:
        return {"type": "vector", "name": t.name, "discrete": True,
                "values": [None if v is None else str(v) for v in t.values],
                "levels": list(t.levels), "colors": [t.colors[lv] for lv in t.levels]}
    return {"type": "vector", "name": t.name, "discrete": False,
            "values": np.asarray(t.values, dtype=np.float64), "ramp": _ramp(t.colors)}


def _gp(gp: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for k, v in gp.items():
        if k.startswith("_"):
            continue
        vals = list(v) if isinstance(v, tuple) else [v]
        out[k] = [str(x) for x in vals] if k in ("fill", "col") else np.asarray(vals, float)
    return out


def _pch(pch: Any) -> Any:
    if pch is None:
        return None
    if isinstance(pch, (tuple, list)):
        if all(v is None or isinstance(v, (int, np.integer)) for v in pch):
            return {"numbers": np.array([np.nan if v is None else float(v) for v in pch])}
        return {"chars": [None if v is None else str(v) for v in pch]}
    if isinstance(pch, str):
        return {"chars": [pch]}
    return {"numbers": np.array([float(pch)])}


def _axis_param(axis: dict[str, Any]) -> dict[str, Any]:
    """The ``axis_param`` entries the user gave (R fills in its own defaults)."""
    out: dict[str, Any] = {}
    for k, v in axis["given"].items():
        if k == "gp":
            out[k] = _gp(v)
        elif k == "at":
            out[k] = np.atleast_1d(np.asarray(v, dtype=np.float64))
        elif k == "labels":
            out[k] = list(axis["labels"])  # as drawn: numbers as R prints them
        elif k == "labels_rot":
            out[k] = float(v)
        else:
            out[k] = str(v)
    return out


def _as_r_list(items: Any) -> dict[str, np.ndarray]:
    """One numeric vector per row/column, as an R list (a plain list of equal-length arrays
    would reach R as a matrix)."""
    return {str(i + 1): np.asarray(v, dtype=np.float64) for i, v in enumerate(items)}


def _function(t: Any) -> dict[str, Any]:
    p, d = t.params, t.data
    out: dict[str, Any] = {"type": t.kind, "name": t.name,
                           "size_mm": float(t.size_mm) if p.get("size_given") or t.kind not in
                           ("text", "mark") else None}
    gp = _gp(t.gp) if p.get("gp_given") else None
    if "axis" in p:
        out["axis_param"] = _axis_param(p["axis"])
    if "ylim" in p:
        out.update(ylim=None if p["ylim"] is None else np.asarray(p["ylim"], float),
                   extend=p["extend"])
    if t.kind == "simple":
        out.update(track=_simple(d["track"]), na_col=p["na_col"], border=p["border"],
                   pch=_pch(d["pch"]), pt_size_mm=p["pt_size_mm"], pt_gp=_gp(t.gp),
                   size_mm=float(t.size_mm))
    elif t.kind in ("barplot", "points", "lines"):
        vals = np.asarray(d["values"], dtype=np.float64)
        out.update(x=vals if vals.shape[1] > 1 else vals[:, 0], gp=gp, border=p["border"],
                   axis=bool(t.axis_at))
        if t.kind == "barplot":
            out.update(baseline=float(p["baseline"]), bar_width=p["bar_width"],
                       beside=p["beside"], attach=p["attach"], add_numbers=p["add_numbers"],
                       numbers_gp=_gp(p["numbers_gp"]) or None, numbers_rot=p["numbers_rot"],
                       numbers_offset_mm=p["numbers_offset_mm"])
        else:
            out.update(pch=_pch(p["pch"]), pt_size_mm=p["size_mm"],
                       add_points=bool(p.get("add_points", False)),
                       smooth=bool(p.get("smooth", False)))
    elif t.kind in ("boxplot", "histogram", "density"):
        items = d["lists"] if t.kind == "boxplot" else None
        out.update(x=_as_r_list(items) if items is not None else None, gp=gp,
                   border=p["border"], axis=bool(t.axis_at))
        if t.kind == "boxplot":
            out.update(outline=p["outline"], box_width=p["box_width"], pch=_pch(p["pch"]),
                       pt_size_mm=p["size_mm"])
        if t.kind == "density":
            out.update(density_type=p["type"],
                       heatmap_colors=list(p["heatmap_colors"]) if p.get("colors_given")
                       else None)
    elif t.kind == "text":
        out.update(x=list(d["texts"]), gp=_gp(t.gp) or None,
                   rot=p["rot"] if p["rot_given"] else None,
                   just=p["just"] if p["just_given"] else None,
                   location=None if p.get("location") is None
                   else {"value": float(p["location"][0]), "unit": p["location"][1]})
    elif t.kind == "mark":
        out.update(at=np.asarray(d["at"], dtype=np.int64) + 1, labels=list(d["labels"]),
                   side=p["side"], labels_rot=p["labels_rot"], fontsize=p["fontsize"],
                   labels_col=p["labels_col"], padding_mm=p["padding_mm"],
                   link_width_mm=p["link_width_mm"], extend_mm=p["extend_mm"],
                   link_gp=_gp(t.gp) or None)
    elif t.kind == "block":
        out.update(gp=_gp(t.gp) or None, labels=None if d["labels"] is None
                   else list(d["labels"]), labels_rot=p["labels_rot"], fontsize=p["fontsize"])
    elif t.kind == "empty":
        out.update(border=p["border"])
    return out


def _name_options(block: AnnotationBlock) -> dict[str, Any]:
    """annotation_name_gp (one value per annotation, R's defaults elsewhere) and the given
    annotation_name_offset / annotation_name_rot by name, in the annotations' order."""
    opts = block.name_options
    names = [t.name for t in block.tracks]
    out: dict[str, Any] = {}
    if any("fontsize" in o for o in opts.values()):
        out["name_fontsize"] = np.array([float(opts.get(n, {}).get("fontsize", 12.0))
                                         for n in names])
    if any("col" in o for o in opts.values()):
        out["name_col"] = [str(opts.get(n, {}).get("col", "#000000")) for n in names]
    for key, field in (("offset_mm", "name_offset"), ("rot", "name_rot")):
        given = [n for n in names if key in opts.get(n, {})]
        if given:
            out[field] = {"names": given,
                          "values": np.array([float(opts[n][key]) for n in given])}
    return out


def annotation_payload(block: AnnotationBlock, which: str,
                       raw: dict[str, Any] | None = None) -> dict[str, Any]:
    """The list ``pyrhm_annotation_list()`` turns into ``HeatmapAnnotation(...)``.

    ``raw`` maps a track name to the data the R function needs in its original form (the
    matrix of boxplots, histograms and densities): ComplexHeatmap computes their statistics
    itself from the values.
    """
    tracks = []
    for t in block.tracks:
        if t.name in _FORMALS:
            raise InputError(
                f"the annotation name {t.name!r} is an argument of ComplexHeatmap's "
                "HeatmapAnnotation(), so R cannot take it as an annotation; rename it"
            )
        if getattr(t, "is_function", False):
            entry = _function(t)
            if t.kind in ("histogram", "density"):
                entry["x"] = _as_r_list(t.data["raw"])
            tracks.append(entry)
        else:
            tracks.append(_simple(t))
    legend_params = {}
    for name, prm in block.legend_params.items():
        q: dict[str, Any] = {}
        if "title" in prm:
            q["title"] = str(prm["title"])
        if "at" in prm:
            at = list(prm["at"])
            q["at"] = [str(v) for v in at] if any(isinstance(v, str) for v in at) \
                else np.asarray(at, dtype=np.float64)
        if "labels" in prm:
            q["labels"] = [str(v) for v in prm["labels"]]
        legend_params[name] = q
    return {
        **_name_options(block),
        "which": which, "tracks": tracks, "na_col": block.na_col,
        "show_legend": bool(block.show_legend), "legend_hidden": list(block.legend_hidden),
        "show_name": bool(block.show_name), "name_side": block.name_side,
        "size_mm": float(block.size_mm),
        "gap_mm": np.asarray(block.gaps() or (block.gap_mm,), dtype=np.float64),
        "legend_params": legend_params,
    }
