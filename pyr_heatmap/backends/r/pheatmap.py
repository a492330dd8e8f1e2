"""The R backend of ``pheatmap()``: ``pheatmap::pheatmap`` itself, called through rpy2.

R equivalent of what is run (``r/pheatmap.R``)::

    ph <- pheatmap(mat, <the same arguments>, silent = TRUE)
    png(file, width = <the gtable's width>, height = <its height>, units = "in", res = dpi)
    grid.draw(ph$gtable)

pheatmap clusters, scales and orders the matrix itself, so the trees and orders returned are
R's (``ph$tree_row``, ``ph$tree_col``). Every argument travels as data: strings (labels, names,
levels, colours, the title) are character vectors, trees are hclust objects built from their
merge/height/order, distances are dist objects built from their values. A Python
``clustering_callback`` cannot run in R: such an axis is given to R as the tree Python computed.
``kmeans_k = k`` runs R's ``kmeans()`` (after ``set.seed(seed)`` when a seed is given);
k-means labels computed elsewhere are turned into their clusters' centres as ``kmeans()``
computes them, and pheatmap draws those.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from pyr_heatmap.backends.r.draw import FORMATS, _check_device, _drawing_call, _read_output
from pyr_heatmap.engine.hclust import HClust
from pyr_heatmap.engine.rfactor import r_as_character
from pyr_heatmap.errors import InputError
from pyr_heatmap.figure.pheatmap_spec import PheatmapCall
from pyr_heatmap.result import DrawnPheatmap, check_dpi

__all__ = ["draw_pheatmap_r", "pheatmap_payload", "run_pheatmap"]


def _tree(t: HClust) -> dict[str, Any]:
    return {"merge": t.merge.ravel(order="F").astype(np.int64), "height": t.height,
            "order": t.order + 1,
            "labels": None if t.labels is None else list(t.labels),
            "method": t.method, "dist_method": t.dist_method or "euclidean"}


def _frame(df: pd.DataFrame) -> dict[str, Any]:
    cols = []
    for name in df.columns:
        s = df[name]
        missing = s.isna().to_numpy()
        if pd.api.types.is_numeric_dtype(s.dtype) and not pd.api.types.is_bool_dtype(s.dtype):
            cols.append({"name": str(name), "kind": "double",
                         "values": s.to_numpy(dtype=np.float64, na_value=np.nan),
                         "missing": missing, "levels": None})
        else:
            values = ["" if m else r_as_character(v) for v, m in zip(s.tolist(), missing,
                                                                      strict=True)]
            if isinstance(s.dtype, pd.CategoricalDtype):
                levels = [r_as_character(v) for v in s.cat.categories]
            else:
                levels = sorted(set(v for v, m in zip(values, missing, strict=True) if not m))
            # factor(x) in R sorts character levels in R's collation; the levels are sent as
            # R would make them, so the factor is R's own
            cols.append({"name": str(name), "kind": "factor", "values": values,
                         "missing": missing, "levels": levels or [""]})
    return {"names": [str(v) for v in df.index], "columns": cols}


def pheatmap_payload(call: PheatmapCall, trees: dict[str, HClust] | None = None) -> dict[str, Any]:
    """The list ``a`` of ``pyrhm_pheatmap()`` (see r/pheatmap.R)."""
    from pyr_heatmap.engine.rfactor import r_sort_strings

    a: dict[str, Any] = {"args": dict(call.args)}
    all_trees = {**call.trees, **(trees or {})}
    for key in all_trees:
        a["args"].pop(key, None)
    a["trees"] = {k: _tree(t) for k, t in all_trees.items()}
    a["dists"] = {k: {"d": d.condensed, "size": int(d.size),
                      "labels": None if d.labels is None else list(d.labels)}
                  for k, d in call.dists.items()}
    anns = {}
    for key in ("annotation_row", "annotation_col"):
        if key in call.annotations:
            frame = _frame(call.annotations[key])
            for c in frame["columns"]:
                if c["kind"] == "factor" and not isinstance(
                        call.annotations[key][c["name"]].dtype, pd.CategoricalDtype):
                    c["levels"] = r_sort_strings(c["levels"])
            anns[key] = frame
    a["annotations"] = anns
    colors = {}
    for name, spec in (call.annotations.get("annotation_colors") or {}).items():
        if isinstance(spec, dict):
            colors[str(name)] = {"levels": [str(k) for k in spec], "colors":
                                 [str(v) for v in spec.values()]}
        else:
            colors[str(name)] = {"levels": None, "colors": [str(v) for v in (
                [spec] if isinstance(spec, str) else spec)]}
    a["annotation_colors"] = colors
    a["kmeans_k"] = call.kmeans_k
    a["kmeans_labels"] = None if call.kmeans_labels is None else np.asarray(
        call.kmeans_labels, dtype=np.int64)
    a["seed"] = call.seed
    return a


def run_pheatmap(call: PheatmapCall, device: str = "null", dpi: float = 100.0,
                 trees: dict[str, HClust] | None = None) -> dict[str, Any]:
    """Call ``pyrhm_pheatmap()``; the answer with ``image`` (bytes) when a device was asked."""
    from pyr_heatmap.backends.r.bridge import RMatrix

    _check_device(device, null_ok=True)
    mat = RMatrix(np.asarray(call.values, dtype=np.float64), call.rownames, call.colnames)
    with tempfile.TemporaryDirectory(prefix="pyr_heatmap_r_") as tmp:
        out = Path(tmp) / f"pheatmap.{device}"
        res = _drawing_call("pyrhm_pheatmap", mat, pheatmap_payload(call, trees),
                            device=device, file=str(out) if device != "null" else None,
                            res=float(dpi))
        res["image"] = None if device == "null" else _read_output(out, device)
    return res


def _hclust_from_r(t: Any) -> HClust | None:
    if t is None:
        return None
    merge = np.asarray(t["merge"], dtype=np.int64).reshape(-1, 2, order="F")
    labels = t.get("labels") or None
    return HClust(merge, np.asarray(t["height"], dtype=np.float64),
                  np.asarray(t["order"], dtype=np.int64) - 1,
                  None if labels is None else tuple(labels))


def draw_pheatmap_r(call: PheatmapCall, *, spec: Any = None, dpi: float = 100.0,
                    format: str = "png", reason: str = "",
                    trees: dict[str, HClust] | None = None) -> DrawnPheatmap:
    """Draw with ``pheatmap::pheatmap`` in R; the result carries R's trees, orders and gaps.

    ``trees`` replaces ``cluster_rows``/``cluster_cols`` by trees computed in Python (used for
    an axis clustered through a Python ``clustering_callback``).
    """
    fmt = str(format).lower()
    if fmt not in FORMATS:
        raise InputError(f"format must be one of {', '.join(FORMATS)}, got {format!r}")
    dpi = check_dpi(dpi)
    res = run_pheatmap(call, fmt, dpi, trees)
    tree_row = _hclust_from_r(res.get("tree_row"))
    tree_col = _hclust_from_r(res.get("tree_col"))
    n_rows = len(res["fill"]) // max(1, call.values.shape[1]) if res.get("fill") else 0
    if call.kmeans_k is not None or call.kmeans_labels is not None:
        n_rows = int(np.max(res["kmeans"]))
    row_order = tree_row.order if tree_row is not None else np.arange(n_rows)
    col_order = tree_col.order if tree_col is not None else np.arange(call.values.shape[1])
    drawn = res.get("drawn")
    images = {(fmt, dpi): res["image"]}

    def render(out_fmt: str, out_dpi: float) -> bytes:
        key = (out_fmt, out_dpi)
        if key not in images:
            images[key] = _render(drawn, out_fmt, out_dpi)
        return images[key]

    row_names = list(res.get("rownames") or [])
    labels_row = call.args.get("labels_row") or (
        [f"Cluster: {i + 1} Size: {int(s)}" for i, s in enumerate(
            np.bincount(np.asarray(res["kmeans"]) - 1))] if len(res.get("kmeans", [])) else
        row_names)
    labels_col = call.args.get("labels_col") or list(call.colnames or [])
    show_r = call.args.get("show_rownames", True)
    show_c = call.args.get("show_colnames", True)
    return DrawnPheatmap(
        spec, "r", tree_row=tree_row, tree_col=tree_col, row_order=row_order,
        column_order=col_order,
        row_labels=[labels_row[i] for i in row_order] if labels_row and show_r else [],
        column_labels=[labels_col[i] for i in col_order] if labels_col and show_c else [],
        gaps_row=np.asarray(res["gaps_row"], dtype=np.int64),
        gaps_col=np.asarray(res["gaps_col"], dtype=np.int64),
        kmeans=np.asarray(res["kmeans"]) if len(res.get("kmeans", [])) else None,
        reason=reason, image=res["image"], image_format=fmt, renderer=render,
    )


def _render(drawn: Any, device: str, dpi: float) -> bytes:
    _check_device(device)
    with tempfile.TemporaryDirectory(prefix="pyr_heatmap_r_") as tmp:
        out = Path(tmp) / f"pheatmap.{device}"
        _drawing_call("pyrhm_pheatmap_render", drawn, device, str(out), res=float(dpi))
        return _read_output(out, device)
