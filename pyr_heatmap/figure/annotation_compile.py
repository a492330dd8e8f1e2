"""Compile an ``anno_*`` call (:mod:`.annotation_functions`) against the axis it annotates.

The data ranges follow ComplexHeatmap 2.14's ``anno_*`` code: points/lines/boxplots span the
values' range extended by ``extend`` on both sides; bar plots extend away from the baseline
only; stacked bars span the row sums; rows summing to 1 with baseline 0 span exactly 0..1.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from pyr_heatmap.errors import InputError
from pyr_heatmap.figure.annotation_axis import compile_axis
from pyr_heatmap.figure.annotation_functions import (
    DEFAULT_SIZE_MM,
    AnnoFunction,
    AnnoTrack,
    _gp,
)
from pyr_heatmap.figure.annotation_text import (
    CAP_HEIGHT,
    MM_PER_PT,
    _location,
    _number_width_mm,
    _text_size,
)
from pyr_heatmap.figure.units import to_mm

__all__ = ["compile_anno", "r_boxplot_stats"]


def _readonly(a: np.ndarray) -> np.ndarray:
    a = np.array(a, copy=True)
    a.flags.writeable = False
    return a


def _values(x: Any, n: int, name: str, which: str, matrix_ok: bool = True) -> np.ndarray:
    """Numeric values, one (row of values) per row/column of the heatmap, as floats."""
    if isinstance(x, (pd.Series, pd.DataFrame)):
        x = x.to_numpy(dtype=float, na_value=np.nan)
    try:
        arr = np.array(x, dtype=float)
    except (TypeError, ValueError) as exc:
        raise InputError(f"annotation {name!r}: the values must be numbers ({exc})") from exc
    if arr.ndim == 0 or arr.ndim > 2 or (arr.ndim == 2 and not matrix_ok):
        raise InputError(f"annotation {name!r}: give one number per {which}"
                         + (" (or a matrix with one row per " + which + ")" if matrix_ok
                            else ""))
    if arr.shape[0] != n:
        raise InputError(f"annotation {name!r} has {arr.shape[0]} values but the heatmap has "
                         f"{n} {which}s; give one per {which}")
    return arr


def _per_item(x: Any, n: int, name: str, which: str) -> list[np.ndarray]:
    """boxplot/histogram/density input: matrix rows (row annotation) or columns (column
    annotation) of the heatmap's shape, or a list of n vectors."""
    if isinstance(x, pd.DataFrame):
        x = x.to_numpy(dtype=float, na_value=np.nan)
    if isinstance(x, (list, tuple)) and x and not np.isscalar(x[0]):
        items = [np.asarray(v, dtype=float).ravel() for v in x]
    else:
        arr = np.asarray(x, dtype=float)
        if arr.ndim != 2:
            raise InputError(f"annotation {name!r}: give a matrix (a {which} of values per "
                             f"{which} of the heatmap) or a list of {n} arrays")
        if which == "column":
            arr = arr.T  # ComplexHeatmap: one box per matrix column for column annotations
        items = [arr[i].copy() for i in range(arr.shape[0])]
    if len(items) != n:
        raise InputError(f"annotation {name!r} describes {len(items)} {which}s but the heatmap "
                         f"has {n}; for a column annotation give a matrix with one column per "
                         "heatmap column (for a row annotation one row per heatmap row)")
    return [_readonly(v) for v in items]


def _extended(lo: float, hi: float, extend: float) -> tuple[float, float]:
    if lo == hi:
        hi = lo + 1.0
    d = hi - lo
    return lo - extend * d, hi + extend * d


def _finite_range(v: np.ndarray, name: str) -> tuple[float, float]:
    f = v[np.isfinite(v)]
    if f.size == 0:
        raise InputError(f"annotation {name!r} has no finite value to draw")
    return float(f.min()), float(f.max())


def _ylim(ylim: Any, name: str) -> tuple[float, float] | None:
    if ylim is None:
        return None
    lo, hi = (float(v) for v in ylim)
    if not hi > lo:
        raise InputError(f"annotation {name!r}: ylim must be (low, high), got {ylim!r}")
    return lo, hi


def _size(fn: AnnoFunction, which: str, default: float) -> float:
    key = "height" if which == "column" else "width"
    val = fn.args.get(key)
    return default if val is None else to_mm(val, key)


def _barplot(fn: AnnoFunction, a: dict[str, Any], name: str, n: int, which: str) -> dict:
    x = _values(a["x"], n, name, which)
    mat = x if x.ndim == 2 else x[:, None]
    nc = mat.shape[1]
    beside = bool(a["beside"])
    if nc > 1:
        signs = np.sign(np.where(np.isnan(mat), 0, mat))
        if ((signs > 0).any(axis=1) & (signs < 0).any(axis=1)).any():
            raise InputError(f"annotation {name!r}: for a matrix the values of each row must "
                             "be all positive or all negative (as in ComplexHeatmap)")
    sums = np.nansum(mat, axis=1)
    # R: range(x) side by side, range(rowSums(x)) stacked
    lo, hi = _finite_range(mat if beside else sums, name)
    if lo == hi:
        hi = lo + np.finfo(float).eps * 1.1
    ylim = _ylim(a["ylim"], name)
    if ylim is not None:
        lo, hi = ylim
    ext = float(a["extend"])
    base = a["baseline"]
    if base == "min":
        scale = (lo, hi + ext * (hi - lo))
        base = float(np.nanmin(mat))
    elif base == "max":
        scale = (lo - ext * (hi - lo), hi)
        base = float(np.nanmax(mat))
    else:
        try:
            base = float(base)
        except (TypeError, ValueError) as exc:
            raise InputError(f"anno_barplot {name!r}: baseline must be a number, 'min' or "
                             f"'max', got {base!r}") from exc
        if base == 0 and np.all(np.abs(sums - 1) < 1e-6) and not beside:
            scale = (0.0, 1.0)
        elif base <= lo:
            scale = (base, ext * (hi - base) + hi)
        elif base >= hi:
            scale = (-ext * (base - lo) + lo, base)
        else:
            scale = (lo - ext * (hi - lo), hi + ext * (hi - lo))
    gp = _gp(a["gp"], f"anno_barplot gp of {name!r}")
    if a["gp"] is None:  # R (missing gp): grey(seq(0, 1, length.out = nc + 2))[-c(1, nc + 2)]
        levels = np.linspace(0, 1, nc + 2)[1:-1]
        fills = tuple(_grey(v) for v in levels)
        gp["fill"] = fills if nc > 1 else fills[0]
    numbers = _bar_numbers(a, name, which, mat)
    if numbers["add_numbers"] and nc == 1:
        # R widens the top of the data scale by the numbers' extent over the annotation size
        size = _size(fn, which, DEFAULT_SIZE_MM["barplot"])
        scale = (scale[0], scale[1] + numbers["extend_mm"] / size * (scale[1] - scale[0]))
    return {"data": {"values": _readonly(mat)}, "scale": scale, "gp": gp,
            "params": {"baseline": base, "bar_width": float(a["bar_width"]),
                       "border": bool(a["border"]), "beside": beside,
                       "attach": bool(a["attach"]), **numbers}}


def _bar_numbers(a: dict[str, Any], name: str, which: str, mat: np.ndarray) -> dict[str, Any]:
    """``add_numbers`` of anno_barplot: the numbers' font, rotation, offset and the room R adds
    above the bars for them (only for a vector, as R)."""
    from pyr_heatmap.engine.rfactor import r_num_str

    ngp = _gp(a["numbers_gp"], f"anno_barplot numbers_gp of {name!r}")
    rot = a["numbers_rot"]
    rot = (45.0 if which == "column" else 0.0) if rot is None else float(rot)
    offset = to_mm(a["numbers_offset"], "numbers_offset")
    fs = float(ngp.get("fontsize", 8.0 if a["numbers_gp"] is None else 12.0))  # R: gp replaced
    out = {"add_numbers": bool(a["add_numbers"]), "numbers_rot": rot, "numbers_offset_mm": offset,
           "numbers_fontsize": fs, "numbers_col": ngp.get("col", "#000000"),
           "numbers_gp": ngp, "extend_mm": 0.0}
    if not out["add_numbers"]:
        return out
    texts = tuple(r_num_str(float(v)) for v in mat[:, 0])
    width = _number_width_mm(texts, fs)
    if which == "column" and rot % 360 == 0:
        out["extend_mm"] = fs * MM_PER_PT * CAP_HEIGHT + offset + 2.0
    elif which == "column":
        out["extend_mm"] = np.sin(np.deg2rad(rot)) * width + offset + 4.0
    else:
        out["extend_mm"] = np.cos(np.deg2rad(rot)) * width + offset + 4.0
    return out


def _grey(level: float) -> str:
    v = int(np.floor(level * 255 + 0.5))  # R's grey(): 255 * level rounded half up
    return f"#{v:02X}{v:02X}{v:02X}"


def _points_or_lines(a: dict[str, Any], name: str, n: int, which: str, kind: str) -> dict:
    x = _values(a["x"], n, name, which)
    lo, hi = _finite_range(x, name)
    ylim = _ylim(a["ylim"], name)
    if ylim is not None:
        lo, hi = ylim
    if lo == hi:
        hi = lo + 1.0
    ext = float(a["extend"])
    scale = (lo - ext * (hi - lo), hi + ext * (hi - lo))
    params = {"border": bool(a["border"]), "pch": a["pch"], "size_mm": to_mm(a["size"], "size")}
    if kind == "lines":
        params["smooth"] = bool(a["smooth"])  # R: add_points = smooth by default
        params["add_points"] = params["smooth"] if a["add_points"] is None \
            else bool(a["add_points"])
    return {"data": {"values": _readonly(x if x.ndim == 2 else x[:, None])}, "scale": scale,
            "gp": _gp(a["gp"], f"anno_{kind} gp of {name!r}"), "params": params}


def r_boxplot_stats(v: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """R's ``boxplot.stats(v)``: (lower whisker, lower hinge, median, upper hinge, upper
    whisker) from Tukey's ``fivenum``, and the outliers (beyond 1.5 IQR of the hinges)."""
    x = np.sort(v[np.isfinite(v)])
    m = x.size
    if m == 0:
        return np.full(5, np.nan), np.zeros(0)
    n4 = np.floor((m + 3) / 2) / 2
    d = np.array([1, n4, (m + 1) / 2, m + 1 - n4, m]) - 1
    five = 0.5 * (x[np.floor(d).astype(int)] + x[np.ceil(d).astype(int)])
    iqr = five[3] - five[1]
    lo, hi = five[1] - 1.5 * iqr, five[3] + 1.5 * iqr
    inside = x[(x >= lo) & (x <= hi)]
    out = x[(x < lo) | (x > hi)]
    stats = five.copy()
    if inside.size:
        stats[0], stats[4] = inside.min(), inside.max()
    return stats, out


def _boxplot(a: dict[str, Any], name: str, n: int, which: str) -> dict:
    items = _per_item(a["x"], n, name, which)
    stats = np.array([r_boxplot_stats(v)[0] for v in items])
    outliers = [_readonly(r_boxplot_stats(v)[1]) for v in items]
    allv = np.concatenate([v[np.isfinite(v)] for v in items]) if items else np.zeros(0)
    if bool(a["outline"]):
        lo, hi = _finite_range(allv, name)
    else:
        lo, hi = _finite_range(stats.ravel(), name)
    ylim = _ylim(a["ylim"], name)
    if ylim is not None:
        lo, hi = ylim
    scale = _extended(lo, hi, float(a["extend"]))
    gp = _gp(a["gp"], f"anno_boxplot gp of {name!r}")
    gp.setdefault("fill", "#CCCCCC")
    return {"data": {"lists": tuple(items), "stats": _readonly(stats),
                     "outliers": tuple(outliers)},
            "scale": scale, "gp": gp,
            "params": {"border": bool(a["border"]), "outline": bool(a["outline"]),
                       "box_width": float(a["box_width"]), "pch": a["pch"],
                       "size_mm": to_mm(a["size"], "size")}}


def r_hist(v: np.ndarray, breaks: np.ndarray) -> np.ndarray:
    """The counts of R's ``hist(v, breaks = breaks)``: right-closed intervals, the first one
    closed on both sides."""
    x = v[np.isfinite(v)]
    idx = np.searchsorted(breaks, x, side="left") - 1
    idx[x == breaks[0]] = 0
    counts = np.bincount(np.clip(idx, 0, breaks.size - 2), minlength=breaks.size - 1)
    return counts.astype(float)


def r_density(v: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """R's ``density(v)``: Gaussian kernel, ``bw.nrd0`` bandwidth, 512 points over the range
    extended by 3 bandwidths. (R bins the data on a grid and uses an FFT; this evaluates the
    kernel sum exactly, which differs from R by less than the line width.)"""
    x = v[np.isfinite(v)]
    sd = float(np.std(x, ddof=1)) if x.size > 1 else 0.0
    q75, q25 = np.quantile(x, [0.75, 0.25])
    lo_s = min(sd, (q75 - q25) / 1.34) if (q75 - q25) > 0 else sd
    if lo_s == 0:
        lo_s = sd or abs(float(x[0])) or 1.0
    bw = 0.9 * lo_s * x.size ** (-0.2)
    grid = np.linspace(x.min() - 3 * bw, x.max() + 3 * bw, 512)
    dens = np.exp(-0.5 * ((grid[:, None] - x[None, :]) / bw) ** 2).sum(axis=1)
    dens /= x.size * bw * np.sqrt(2 * np.pi)
    return grid, dens


def _histogram(a: dict[str, Any], name: str, n: int, which: str) -> dict:
    items = _per_item(a["x"], n, name, which)
    # anno_histogram: breaks = seq(min, max, length.out = n_breaks) over all the values
    lo, hi = _finite_range(np.concatenate(items), name)
    breaks = np.linspace(lo, hi, int(a["n_breaks"]))
    hs = [(breaks, r_hist(v, breaks)) for v in items]
    lo = min(float(b[0]) for b, _ in hs)
    hi = max(float(b[-1]) for b, _ in hs)
    top = max(float(c.max()) for _, c in hs)
    gp = _gp(a["gp"], f"anno_histogram gp of {name!r}")
    gp.setdefault("fill", "#CCCCCC")
    return {"data": {"raw": tuple(items), "breaks": tuple(_readonly(b) for b, _ in hs),
                     "counts": tuple(_readonly(c) for _, c in hs), "max_count": top},
            "scale": _extended(lo, hi, 0.025), "gp": gp,  # R: breaks' range +- 2.5%
            "params": {"border": bool(a["border"])}}


def _density(a: dict[str, Any], name: str, n: int, which: str) -> dict:
    items = _per_item(a["x"], n, name, which)
    ds = [r_density(v) for v in items]
    lo = min(float(g[0]) for g, _ in ds)
    hi = max(float(g[-1]) for g, _ in ds)
    if a["type"] not in ("lines", "violin", "heatmap"):
        raise InputError(f"anno_density type must be 'lines', 'violin' or 'heatmap', got "
                         f"{a['type']!r}")
    gp = _gp(a["gp"], f"anno_density gp of {name!r}")
    params: dict[str, Any] = {"border": bool(a["border"]), "type": a["type"]}
    if a["type"] == "heatmap":
        # R: colorRamp2(seq(min_y, max_y, length.out = length(heatmap_colors)), heatmap_colors)
        colors = _gp({"fill": RDYLBU_11[::-1] if a["heatmap_colors"] is None
                      else list(a["heatmap_colors"])}, "heatmap_colors")["fill"]
        colors = (colors,) if isinstance(colors, str) else colors
        if len(colors) < 2:
            raise InputError(f"anno_density {name!r}: heatmap_colors needs two colours or more")
        params.update(heatmap_colors=colors, colors_given=a["heatmap_colors"] is not None,
                      min_x=lo, max_x=hi)
    elif a["heatmap_colors"] is not None:
        raise InputError(f"anno_density {name!r}: heatmap_colors is for type='heatmap'")
    return {"data": {"raw": tuple(items), "x": tuple(_readonly(g) for g, _ in ds),
                     "y": tuple(_readonly(d) for _, d in ds),
                     "max_density": max(float(d.max()) for _, d in ds)},
            # R: the densities' x range, +- 2.5% for lines and violins, as is for heatmaps
            "scale": (lo, hi) if a["type"] == "heatmap" else _extended(lo, hi, 0.025),
            "gp": gp, "params": params}


# RColorBrewer's brewer.pal(11, "RdYlBu")
RDYLBU_11 = ("#A50026", "#D73027", "#F46D43", "#FDAE61", "#FEE090", "#FFFFBF", "#E0F3F8",
             "#ABD9E9", "#74ADD1", "#4575B4", "#313695")


def _mark(a: dict[str, Any], name: str, labels_axis: tuple[str, ...], which: str,
          side: str) -> dict:
    at = a["at"]
    at = [at] if isinstance(at, (str, int, np.integer)) else list(at)
    labels = a["labels"]
    labels = [labels] if isinstance(labels, str) else [str(v) for v in labels]
    if len(labels) != len(at):
        raise InputError(f"anno_mark {name!r}: {len(at)} positions but {len(labels)} labels")
    pos = {lab: i for i, lab in enumerate(labels_axis)}
    idx = []
    for v in at:
        if isinstance(v, str):
            if v not in pos:
                raise InputError(f"anno_mark {name!r}: {v!r} is not a {which} name")
            idx.append(pos[v])
        elif isinstance(v, (int, np.integer)) and not isinstance(v, bool) and \
                0 <= v < len(labels_axis):
            idx.append(int(v))
        else:
            raise InputError(f"anno_mark {name!r}: at must hold 0-based {which} indices "
                             f"(0..{len(labels_axis) - 1}) or {which} names, got {v!r}")
    mark_side = a["side"] or ("right" if which == "row" else "top")
    if (which == "row" and mark_side not in ("left", "right")) or \
            (which == "column" and mark_side not in ("top", "bottom")):
        raise InputError(f"anno_mark {name!r}: side {mark_side!r} does not suit a {which} "
                         "annotation")
    rot = a["labels_rot"]
    rot = (90.0 if which == "column" else 0.0) if rot is None else float(rot) % 360
    lgp = _gp(a["labels_gp"], "labels_gp")
    return {"data": {"at": tuple(idx), "labels": tuple(labels)},
            "gp": _gp(a["link_gp"], "link_gp"),
            "params": {"side": mark_side, "labels_rot": rot,
                       "fontsize": float(lgp.get("fontsize", 12.0)),
                       "labels_col": lgp.get("col", "#000000"),
                       "padding_mm": to_mm(a["padding"], "padding"),
                       "link_width_mm": to_mm(a["link_width"], "link_width"),
                       "extend_mm": to_mm(a["extend"], "extend")}}


def compile_anno(fn: AnnoFunction, name: str, labels: tuple[str, ...], which: str, side: str,
                 palette_offset: int = 0) -> AnnoTrack:
    """Check ``fn`` against the annotated axis (``labels``, original order) into a track.

    ``side`` is where the annotation sits (``"top"``/``"bottom"``/``"left"``/``"right"``):
    ``anno_text`` justifies towards the heatmap, as ComplexHeatmap does.
    """
    from pyr_heatmap.figure.annotation import _make_track

    n = len(labels)
    a = fn.args
    k = fn.kind
    out: dict[str, Any] = {}
    default = DEFAULT_SIZE_MM.get(k, 10.0)
    if k == "simple":
        track = _make_track(name, a["x"], labels, a["col"], palette_offset, which)
        pch = a["pch"]
        if pch is not None and not isinstance(pch, (str, int, np.integer)):
            pch = tuple(None if v is None or (isinstance(v, float) and np.isnan(v)) else v
                        for v in pch)
            if len(pch) != n:
                raise InputError(f"anno_simple {name!r}: pch needs one symbol per {which}")
        default = to_mm(a["simple_anno_size"], "simple_anno_size")
        out = {"data": {"track": track, "pch": pch},
               "gp": _gp(a["pt_gp"], "pt_gp"),
               "params": {"border": bool(a["border"]), "na_col": a["na_col"],
                          "pt_size_mm": to_mm(a["pt_size"], "pt_size")}}
    elif k == "barplot":
        out = _barplot(fn, a, name, n, which)
    elif k in ("points", "lines"):
        out = _points_or_lines(a, name, n, which, k)
    elif k == "boxplot":
        out = _boxplot(a, name, n, which)
    elif k == "histogram":
        out = _histogram(a, name, n, which)
    elif k == "density":
        out = _density(a, name, n, which)
    elif k == "text":
        texts = tuple(str(v) for v in (a["x"].tolist() if hasattr(a["x"], "tolist")
                                         else list(a["x"])))
        if len(texts) != n:
            raise InputError(f"anno_text {name!r} has {len(texts)} texts for {n} {which}s")
        gp = _gp(a["gp"], "gp")
        rot = (90.0 if which == "column" else 0.0) if a["rot"] is None else float(a["rot"])
        toward = {"top": "left", "bottom": "right", "left": "right", "right": "left"}[side]
        just = a["just"] or toward
        default = _text_size(texts, float(gp.get("fontsize", 12.0)), rot, which) + 0.5
        out = {"data": {"texts": texts}, "gp": gp,
               "params": {"rot": rot, "just": just,
                          "location": _location(a["location"], a["offset"], name)}}
    elif k == "mark":
        out = _mark(a, name, labels, which, side)
        p = out["params"]
        default = p["link_width_mm"] + _text_size(out["data"]["labels"], p["fontsize"],
                                                  p["labels_rot"], which)
    elif k == "block":
        lab = a["labels"]
        out = {"data": {"labels": None if lab is None else tuple(str(v) for v in lab)},
               "gp": _gp(a["gp"], "gp"),
               "params": {"labels_rot": (90.0 if which == "row" else 0.0)
                          if a["labels_rot"] is None else float(a["labels_rot"]),
                          "fontsize": float(_gp(a["labels_gp"], "labels_gp").get("fontsize",
                                                                                  12.0))}}
    elif k == "empty":
        out = {"data": {}, "params": {"border": bool(a["border"])}}
    else:
        raise InputError(f"unknown annotation function anno_{k}")
    size_key = "height" if which == "column" else "width"
    params = dict(out.get("params", {}))
    params["size_given"] = fn.args.get(size_key) is not None
    if k == "text":
        params["rot_given"], params["just_given"] = a["rot"] is not None, a["just"] is not None
    params["gp_given"] = a.get("gp") is not None
    if "ylim" in a:  # as given, for R (which extends it itself)
        params["ylim"] = _ylim(a["ylim"], name)
        params["extend"] = float(a["extend"])
    scale = out.get("scale")
    axis_on = bool(a.get("axis", False)) and scale is not None
    axis_at: tuple[float, ...] = ()
    if axis_on:
        scale = (float(scale[0]), float(scale[1]))
        axis_at, params["axis"] = compile_axis(a.get("axis_param"), which, scale, name,
                                               fixed_direction=k in ("histogram", "density"))
    elif a.get("axis_param") is not None:
        compile_axis(a["axis_param"], which, (0.0, 1.0), name)  # still checked
    return AnnoTrack(
        name=name, kind=k, which=which, size_mm=_size(fn, which, default),
        data=out["data"], scale=None if scale is None else (float(scale[0]), float(scale[1])),
        axis_at=axis_at, gp=out.get("gp", {}),
        params=params,
    )
