"""``Pheatmap``: pheatmap 1.0.12's arguments, checked and compiled into a :class:`PheatmapSpec`.

The constructor stores the arguments; :meth:`Pheatmap.compile` runs pheatmap's computations
(:mod:`pyr_heatmap.engine.pheatmap_order`) and decides everything both backends draw.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from typing import Any

import numpy as np
import pandas as pd

from pyr_heatmap.engine.dist import Dist
from pyr_heatmap.engine.hclust import HClust
from pyr_heatmap.engine.pheatmap_order import (
    default_palette,
    extend_breaks,
    generate_breaks,
    pheatmap_order,
    pheatmap_scale,
    scale_colours,
)
from pyr_heatmap.engine.rfactor import r_as_character, r_num_str
from pyr_heatmap.errors import InputError
from pyr_heatmap.figure.colors import r_color_to_hex
from pyr_heatmap.figure.pheatmap_annotation import annotation_tracks, check_frame, grid_pretty
from pyr_heatmap.figure.pheatmap_spec import PheatmapCall, PheatmapSpec

__all__ = ["ANGLES", "Pheatmap"]

ANGLES = (270, 0, 45, 90, 315)
_NUM_ARGS = ("cellwidth", "cellheight", "fontsize", "fontsize_row", "fontsize_col",
             "fontsize_number", "treeheight_row", "treeheight_col", "width", "height")


def _matrix(mat: Any) -> tuple[np.ndarray, tuple[str, ...] | None, tuple[str, ...] | None]:
    if isinstance(mat, pd.DataFrame):
        bad = [c for c, dt in mat.dtypes.items() if not pd.api.types.is_numeric_dtype(dt)
               or pd.api.types.is_bool_dtype(dt)]
        if bad:
            raise InputError(f"mat has non-numeric columns {bad[:5]!r}; pheatmap needs a numeric "
                             "matrix (make the gene column the index)")
        values = mat.to_numpy(dtype=np.float64, na_value=np.nan).copy()
        return values, tuple(str(v) for v in mat.index), tuple(str(v) for v in mat.columns)
    try:
        arr = np.asarray(mat)
    except (TypeError, ValueError) as exc:
        raise InputError(f"mat cannot be read as a numeric matrix: {exc}") from exc
    if arr.ndim != 2 or arr.dtype.kind not in "biuf":
        raise InputError(f"mat must be a 2-D numeric matrix, got shape {arr.shape} and dtype "
                         f"{arr.dtype}")
    return np.array(arr, dtype=np.float64, copy=True), None, None


def _opt_number(value: Any, what: str, positive: bool = True) -> float | None:
    if value is None:
        return None
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, float, np.number)):
        raise InputError(f"{what} must be a number, got {value!r}")
    v = float(value)
    if not math.isfinite(v) or (positive and v <= 0) or v < 0:
        raise InputError(f"{what} must be a finite number {'> 0' if positive else '>= 0'}, "
                         f"got {value!r}")
    return v


def _labels(given: Any, default: tuple[str, ...] | None, n: int, what: str) -> tuple[str, ...]:
    if given is None:
        return default if default is not None else ()
    out = tuple(r_as_character(v) for v in given)
    if len(out) != n:
        raise InputError(f"{what} has {len(out)} labels for {n} {what.split('_')[1]}s")
    return out


class Pheatmap:
    """pheatmap's arguments (R names and defaults of pheatmap 1.0.12); see
    :func:`pyr_heatmap.pheatmap` for their meaning."""

    def __init__(self, mat: Any, **args: Any) -> None:
        self.mat = mat
        self.args = args

    # -- compile -------------------------------------------------------------------------------
    def compile(self) -> PheatmapSpec:
        """Run pheatmap's computations and return the immutable :class:`PheatmapSpec`."""
        a = dict(self.args)
        values, rownames, colnames = _matrix(self.mat)
        n, m = values.shape
        if n == 0 or m == 0:
            raise InputError(f"mat has shape {values.shape}; pheatmap needs at least one row and "
                             "one column")
        for key in _NUM_ARGS:
            a[key] = _opt_number(a.get(key), key, positive=not key.startswith("treeheight"))
        scale = a.get("scale", "none")
        color = a.get("color")
        colors = default_palette(100) if color is None else [r_color_to_hex(c) for c in color]
        if not colors:
            raise InputError("color must hold at least one colour")
        kmeans_k = a.get("kmeans_k")
        km_labels = None
        if kmeans_k is not None and not isinstance(kmeans_k, (int, np.integer)):
            km_labels = np.asarray(kmeans_k)
        elif kmeans_k is not None:
            raise InputError(
                "kmeans_k = k runs R's kmeans(), whose clusters depend on R's random numbers: "
                "give the cluster labels instead (kmeans_k=labels, e.g. kmeans(mat, k)$cluster "
                "from R), or draw with backend='r' (which runs R's kmeans)"
            )
        cluster_rows = a.get("cluster_rows", True)
        cluster_cols = a.get("cluster_cols", True)
        order = pheatmap_order(
            values, row_names=rownames, column_names=colnames, scale=scale,
            cluster_rows=cluster_rows, cluster_cols=cluster_cols,
            clustering_distance_rows=a.get("clustering_distance_rows", "euclidean"),
            clustering_distance_cols=a.get("clustering_distance_cols", "euclidean"),
            clustering_method=a.get("clustering_method", "complete"),
            clustering_callback=a.get("clustering_callback"),
            cutree_rows=a.get("cutree_rows"), cutree_cols=a.get("cutree_cols"),
            gaps_row=a.get("gaps_row"), gaps_col=a.get("gaps_col"),
            kmeans_labels=km_labels,
        )
        x = order.matrix
        ro, co = order.row.order, order.column.order
        drawn = x[np.ix_(ro, co)]
        # breaks: centred on the scaled matrix (before k-means), else on the drawn matrix
        breaks = a.get("breaks")
        if breaks is None:
            breaks = (generate_breaks(pheatmap_scale(values, scale), len(colors), center=True)
                      if scale != "none" else generate_breaks(drawn, len(colors)))
        else:
            breaks = np.asarray(breaks, dtype=np.float64)
        ext_b, ext_c = extend_breaks(breaks, colors)
        na_col = r_color_to_hex(a.get("na_col", "#DDDDDD"))
        cells = scale_colours(drawn, ext_b, ext_c, na_col)
        finite = np.isfinite(ext_b)
        legend_at, legend_text = self._legend(a, ext_b[finite])
        # labels
        default_rows = rownames if km_labels is None else tuple(
            f"Cluster: {i + 1} Size: {int(s)}" for i, s in enumerate(order.kmeans_sizes))
        labels_row = _labels(a.get("labels_row"), default_rows, x.shape[0], "labels_row")
        if km_labels is not None and a.get("labels_row") is None:
            labels_row = default_rows
        labels_col = _labels(a.get("labels_col"), colnames, m, "labels_col")
        labels_row = tuple(labels_row[i] for i in ro) if labels_row else ()
        labels_col = tuple(labels_col[i] for i in co) if labels_col else ()
        if not a.get("show_rownames", True):
            labels_row = ()
        if not a.get("show_colnames", True):
            labels_col = ()
        angle = a.get("angle_col", 270)
        try:
            angle_i = int(str(angle))
        except ValueError:
            angle_i = -1
        if angle_i not in ANGLES:
            raise InputError(f"angle_col must be one of {', '.join(map(str, ANGLES))} (pheatmap's "
                             f"choices), got {angle!r}")
        numbers = self._numbers(a, x, ro, co)
        # annotations, in drawn order (by name, as pheatmap indexes them)
        drawn_rownames = None if order.row_names is None else tuple(order.row_names[i] for i in ro)
        drawn_colnames = None if colnames is None else tuple(colnames[i] for i in co)
        frames = []
        ar = check_frame(a.get("annotation_row"), drawn_rownames, "annotation_row")
        ac = check_frame(a.get("annotation_col"), drawn_colnames, "annotation_col")
        if ar is not None:
            frames.append(("row", ar))
        if ac is not None:
            frames.append(("col", ac))
        tracks = annotation_tracks(frames, a.get("annotation_colors"),
                                   bool(a.get("drop_levels", True))) if frames else {}
        fontsize = a["fontsize"] if a["fontsize"] is not None else 10.0
        tree_r, tree_c = order.row.tree, order.column.tree
        th_r = a["treeheight_row"] if a["treeheight_row"] is not None else (
            50.0 if tree_r is not None else 0.0)
        th_c = a["treeheight_col"] if a["treeheight_col"] is not None else (
            50.0 if tree_c is not None else 0.0)
        border = a.get("border_color", "grey60")
        main = a.get("main")
        return PheatmapSpec(
            matrix=drawn, cell_colors=cells, row_order=ro, column_order=co,
            tree_row=tree_r, tree_col=tree_c, gaps_row=order.row.gaps, gaps_col=order.column.gaps,
            row_labels=labels_row, column_labels=labels_col,
            breaks=ext_b[finite], colors=tuple(c for c, f in zip(ext_c, finite[1:], strict=True)
                                               if f),
            legend=bool(a.get("legend", True)), legend_at=legend_at, legend_text=legend_text,
            border_color=None if border is None else r_color_to_hex(border), na_col=na_col,
            treeheight_row=th_r if tree_r is not None else 0.0,
            treeheight_col=th_c if tree_c is not None else 0.0,
            cellwidth=a["cellwidth"], cellheight=a["cellheight"], fontsize=fontsize,
            fontsize_row=a["fontsize_row"] or fontsize, fontsize_col=a["fontsize_col"] or fontsize,
            fontsize_number=a["fontsize_number"] or 0.8 * fontsize, angle_col=angle_i,
            numbers=numbers, number_color=r_color_to_hex(a.get("number_color", "grey30")),
            main=None if main is None else str(main),
            annotation_col=tracks.get("col", ()), annotation_row=tracks.get("row", ()),
            annotation_legend=bool(a.get("annotation_legend", True)),
            annotation_names_row=bool(a.get("annotation_names_row", True)),
            annotation_names_col=bool(a.get("annotation_names_col", True)),
            width=a["width"], height=a["height"], kmeans_sizes=order.kmeans_sizes,
            call=self._call(values, rownames, colnames, a, km_labels),
        )

    # -- pieces --------------------------------------------------------------------------------
    @staticmethod
    def _legend(a: dict[str, Any], finite: np.ndarray) -> tuple[tuple[float, ...],
                                                                tuple[str, ...]]:
        if not a.get("legend", True):
            return (), ()
        lo, hi = float(finite.min()), float(finite.max())
        lb = a.get("legend_breaks")
        if lb is None:
            at = grid_pretty(lo, hi)
            return tuple(float(v) for v in at), tuple(r_num_str(float(v)) for v in at)
        lb = np.asarray(lb, dtype=np.float64)
        keep = (lb >= lo) & (lb <= hi)
        ll = a.get("legend_labels")
        if ll is not None:
            if len(ll) != lb.size:
                raise InputError("Lengths of legend_breaks and legend_labels must be the same "
                                 f"(pheatmap's error): {lb.size} and {len(ll)}")
            text = tuple(str(v) for v, k in zip(ll, keep, strict=True) if k)
        else:
            text = tuple(r_num_str(float(v)) for v in lb[keep])
        return tuple(float(v) for v in lb[keep]), text

    @staticmethod
    def _numbers(a: dict[str, Any], x: np.ndarray, ro: np.ndarray,
                 co: np.ndarray) -> np.ndarray | None:
        dn = a.get("display_numbers", False)
        if isinstance(dn, (bool, np.bool_)):
            if not dn:
                return None
            fmt = str(a.get("number_format", "%.2f"))
            try:
                text = np.array([["NA" if np.isnan(v) else fmt % v for v in row] for row in x],
                                dtype=object)
            except (TypeError, ValueError) as exc:
                raise InputError(f"number_format {fmt!r} is not a C format for one number, such "
                                 f"as '%.2f' or '%.1e' ({exc})") from exc
            return text[np.ix_(ro, co)]
        given = dn.to_numpy(dtype=object) if isinstance(dn, pd.DataFrame) else np.asarray(
            dn, dtype=object)
        if given.shape != x.shape:
            raise InputError("If display_numbers provided as matrix, its dimensions have to match "
                             f"with mat (pheatmap's error): {given.shape} vs {x.shape}")
        text = np.array([[r_as_character(v) for v in row] for row in given], dtype=object)
        return text[np.ix_(ro, co)]

    def r_call(self, kmeans_k: int | None = None) -> PheatmapCall:
        """pheatmap's arguments as data for R, without computing anything in Python (used when
        R runs ``kmeans(mat, kmeans_k)`` itself)."""
        a = dict(self.args)
        values, rownames, colnames = _matrix(self.mat)
        for key in _NUM_ARGS:
            a[key] = _opt_number(a.get(key), key, positive=not key.startswith("treeheight"))
        return self._call(values, rownames, colnames, a, None, kmeans_k)

    def _call(self, values: np.ndarray, rownames: tuple[str, ...] | None,
              colnames: tuple[str, ...] | None, a: dict[str, Any],
              km_labels: np.ndarray | None, kmeans_k: int | None = None) -> PheatmapCall:
        """pheatmap's arguments as data for R (what an R user would have typed)."""
        plain: dict[str, Any] = {}
        trees: dict[str, HClust] = {}
        dists: dict[str, Any] = {}
        for key in ("scale", "clustering_method", "cutree_rows", "cutree_cols", "border_color",
                    "main", "na_col", "number_format", "number_color", "legend",
                    "annotation_legend", "annotation_names_row", "annotation_names_col",
                    "drop_levels", "show_rownames", "show_colnames", "angle_col",
                    *_NUM_ARGS):
            if a.get(key) is not None:
                plain[key] = a[key]
        if "angle_col" in plain:
            plain["angle_col"] = str(plain["angle_col"])
        for key in ("color", "breaks", "legend_breaks", "legend_labels", "gaps_row", "gaps_col",
                    "labels_row", "labels_col"):
            if a.get(key) is not None:
                v = a[key]
                plain[key] = [str(s) for s in v] if key in ("color", "legend_labels",
                                                             "labels_row", "labels_col") \
                    else np.asarray(v, dtype=np.float64)
        for key in ("cluster_rows", "cluster_cols"):
            v = a.get(key, True)
            if isinstance(v, HClust):
                trees[key] = v
            else:
                plain[key] = bool(v)
        for key in ("clustering_distance_rows", "clustering_distance_cols"):
            v = a.get(key, "euclidean")
            if isinstance(v, Dist):
                dists[key] = v
            else:
                plain[key] = str(v)
        dn = a.get("display_numbers", False)
        if isinstance(dn, (bool, np.bool_)):
            plain["display_numbers"] = bool(dn)
        annotations = {k: a[k] for k in ("annotation_row", "annotation_col")
                       if a.get(k) is not None}
        if a.get("annotation_colors") is not None:
            annotations["annotation_colors"] = a["annotation_colors"]
        return PheatmapCall(values, rownames, colnames, plain, trees, dists, annotations,
                            km_labels, kmeans_k, a.get("seed"))

    @property
    def callback(self) -> Callable[..., Any] | None:
        """The clustering callback (a Python function: R cannot call it)."""
        return self.args.get("clustering_callback")

    def __repr__(self) -> str:
        shape = getattr(self.mat, "shape", "?")
        return f"Pheatmap(mat of shape {shape}, {len(self.args)} arguments)"


def check_annotation_colors(value: Any) -> Mapping[str, Any] | None:
    """``annotation_colors`` must be a dict name -> colours."""
    if value is None or isinstance(value, Mapping):
        return value
    raise InputError("annotation_colors must be a dict: annotation name -> {level: colour} or a "
                     "list of colours for a numeric annotation")
