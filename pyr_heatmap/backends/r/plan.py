"""What the R backend asks of ComplexHeatmap: per-axis plans and the payload R gets as data.

The two modes (R clusters itself, or draws the Python trees) are described in :mod:`.draw`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from pyr_heatmap.backends.r.annotations import annotation_payload
from pyr_heatmap.backends.r.heatmap_args import extra_payload
from pyr_heatmap.backends.r.styling import (
    _gp,
    _legend_payload,
    _style_args,
    dend_style_payload,
)
from pyr_heatmap.engine.hclust import HClust, merge_order
from pyr_heatmap.engine.rfactor import r_as_character
from pyr_heatmap.engine.splits import is_split_count
from pyr_heatmap.errors import InputError
from pyr_heatmap.figure.sizes import auto_body_size, names_max_mm, text_overhang_mm
from pyr_heatmap.figure.spec import AxisSpec, HeatmapSpec

_TEMPLATE = re.compile(r"\{.+\}", re.DOTALL)

__all__ = ["AxisPlan", "SplitColumn", "plan_axis", "r_payload"]


# --------------------------------------------------------------------------------------------
# what R is asked to do on one axis
# --------------------------------------------------------------------------------------------
@dataclass(frozen=True, eq=False)
class SplitColumn:
    """One column of a split, typed as R will see it.

    ``kind`` is ``"factor"`` (``levels`` given), ``"logical"``, ``"integer"``, ``"double"`` or
    ``"character"``; ``values`` holds one value per row/column with None for NA.
    """

    kind: str
    values: list[Any]
    levels: tuple[str, ...] = ()


@dataclass(frozen=True, eq=False)
class AxisPlan:
    """The Heatmap() arguments of one axis, as handed to R (or written to an R script).

    Attributes
    ----------
    which : {"row", "column"}
    cluster : bool or HClust
        ``cluster_rows``: a logical, or a tree handed to R as an ``hclust`` object.
    distance, method : str or None
        ``clustering_distance_rows`` / ``clustering_method_rows`` (when R clusters).
    reorder : None, bool or numpy.ndarray
        ``row_dend_reorder`` (None: R's default).
    split : None, int or list of SplitColumn
        ``row_split``: a number of slices or the split columns.
    cluster_slices : bool
    km, km_repeats : int
        ``row_km`` (a number: R's own k-means) and ``row_km_repeats``.
    km_labels : numpy.ndarray or None
        k-means labels computed elsewhere (fed to ComplexHeatmap's k-means post-processing).
    order : numpy.ndarray or None
        0-based ``row_order`` given to R (with ``cluster = False``).
    python_trees : bool
        Whether the order/trees are the ones computed in Python.
    tree_as_function : bool
        The tree's ``order`` is not the leaf order of its merge matrix and the drawn order is
        ``order`` (a clustering function returned it): R is handed ``function(m) tree``, so
        ComplexHeatmap takes ``tree$order`` as it does for a user's function, instead of
        ``as.dendrogram(tree)``, which follows the merge matrix.
    title : str or None
        The user's title; ``title_in_draw`` says it goes to ``draw()`` (see the module notes).
    """

    which: str
    cluster: bool | HClust
    distance: str | None = None
    method: str | None = None
    reorder: bool | np.ndarray | None = None
    split: int | list[SplitColumn] | None = None
    cluster_slices: bool = True
    km: int = 1
    km_repeats: int = 1
    km_labels: np.ndarray | None = None
    order: np.ndarray | None = None
    python_trees: bool = False
    tree_as_function: bool = False
    title: str | None = None
    title_in_draw: bool = False
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def is_split(self) -> bool:
        return self.split is not None or self.km > 1 or self.km_labels is not None


def _is_split_axis(axis: AxisSpec) -> bool:
    return not (len(axis.slices) == 1 and axis.slices[0].title == "")


def _isna(v: object) -> bool:
    try:
        return bool(pd.isna(v))
    except (TypeError, ValueError):
        return False


def _split_column(col: pd.Series) -> SplitColumn:
    if isinstance(col.dtype, pd.CategoricalDtype):
        values = [None if _isna(v) else r_as_character(v) for v in col.tolist()]
        return SplitColumn("factor", values, tuple(r_as_character(c) for c in col.cat.categories))
    values = col.tolist()
    present = [v for v in values if not _isna(v)]
    if pd.api.types.is_bool_dtype(col.dtype) or (
        present and all(isinstance(v, (bool, np.bool_)) for v in present)
    ):
        return SplitColumn("logical", [None if _isna(v) else bool(v) for v in values])
    if present and all(
        isinstance(v, (int, float, np.integer, np.floating)) and not isinstance(v, (bool, np.bool_))
        for v in present
    ):
        if all(isinstance(v, (int, np.integer)) for v in present):
            return SplitColumn("integer", [None if _isna(v) else int(v) for v in values])
        return SplitColumn("double", [None if _isna(v) else float(v) for v in values])
    return SplitColumn("character", [None if _isna(v) else str(v) for v in values])


def _split_columns(split: object) -> list[SplitColumn]:
    if isinstance(split, pd.DataFrame):
        cols = [split.iloc[:, j].reset_index(drop=True) for j in range(split.shape[1])]
    elif isinstance(split, np.ndarray) and split.ndim == 2:
        cols = [pd.Series(split[:, j]) for j in range(split.shape[1])]
    elif isinstance(split, pd.Series):
        cols = [split.reset_index(drop=True)]
    elif isinstance(split, (pd.Categorical, pd.Index)):
        cols = [pd.Series(split)]
    else:
        arr = split if isinstance(split, np.ndarray) else np.asarray(split, dtype=object)
        cols = [pd.Series(list(arr) if arr.dtype == object else arr)]
    return [_split_column(c) for c in cols]


def _slice_factor(axis: AxisSpec) -> SplitColumn:
    """The slices of an axis as a factor, levels in drawn order."""
    values: list[Any] = [None] * axis.n
    for s in axis.slices:
        for i in s.indices.tolist():
            values[i] = s.title
    return SplitColumn("factor", values, tuple(s.title for s in axis.slices))


def _needs_draw_title(title: str | None, split: bool) -> bool:
    return bool(split and title is not None and ("%s" in title or _TEMPLATE.search(title)))


def plan_axis(spec: HeatmapSpec, which: str, r_clusters: bool = True) -> AxisPlan:
    """The R arguments of one axis of ``spec`` (see the module notes for the two modes)."""
    axis = spec.row if which == "row" else spec.column
    args = spec.r_args
    cluster = args.get(f"cluster_{which}s", True)
    distance = args.get(f"clustering_distance_{which}s", "euclidean")
    callable_axis = (callable(cluster) and not isinstance(cluster, (bool, HClust))) or callable(
        distance
    )
    notes: list[str] = []
    if r_clusters and not callable_axis:
        reorder = args.get(f"{which}_dend_reorder")
        if reorder is not None and not isinstance(reorder, (bool, np.bool_)):
            reorder = np.array(reorder, dtype=np.float64, copy=True).ravel()
        elif reorder is not None:
            reorder = bool(reorder)
        split_arg = args.get(f"{which}_split")
        split: int | list[SplitColumn] | None = None
        if split_arg is not None:
            if is_split_count(split_arg):
                split = int(float(np.asarray(split_arg).ravel()[0]))
            else:
                split = _split_columns(split_arg)
        km_arg = args.get(f"{which}_km", 1)
        km, km_labels = 1, None
        if km_arg is not None and np.ndim(km_arg) == 0:
            km = int(km_arg)
        elif km_arg is not None:
            km_labels = np.asarray(list(km_arg), dtype=object)
            if all(isinstance(v, (int, float, np.integer, np.floating)) for v in km_labels):
                km_labels = km_labels.astype(np.float64)
            else:
                km_labels = np.array([str(v) for v in km_labels], dtype=object)
        if km > 1:
            notes.append(f"{which}_km = {km}: R's own kmeans (set.seed), not the local k-means")
        if cluster is True or (isinstance(cluster, (bool, np.bool_)) and bool(cluster)):
            _check_r_hclust_size(axis, which, split)
        plan = AxisPlan(
            which=which,
            cluster=cluster if isinstance(cluster, HClust) else bool(cluster),
            distance=None if isinstance(cluster, HClust) else str(distance),
            method=None if isinstance(cluster, HClust) else str(
                args.get(f"clustering_method_{which}s", "complete")),
            reorder=reorder,
            split=split,
            cluster_slices=bool(args.get(f"cluster_{which}_slices", True)),
            km=km,
            km_repeats=int(args.get(f"{which}_km_repeats", 1)),
            km_labels=km_labels,
            title=axis.title,
            notes=tuple(notes),
        )
    else:
        if callable_axis:
            notes.append(f"{which}s clustered by a Python function: R draws the Python trees")
        if not _is_split_axis(axis):
            tree = axis.slices[0].tree
            if tree is not None:
                by_order = not np.array_equal(axis.order, merge_order(tree.merge))
                plan = AxisPlan(which, tree, reorder=False, python_trees=True,
                                tree_as_function=by_order, title=axis.title)
            else:
                plan = AxisPlan(which, False, order=axis.order.copy(), python_trees=True,
                                title=axis.title)
        else:
            notes.append(f"split {which}s: R is given the final order, no {which} dendrogram")
            plan = AxisPlan(which, False, split=[_slice_factor(axis)], cluster_slices=False,
                            order=axis.order.copy(), python_trees=True, title=axis.title)
        plan = _with_notes(plan, notes)
    if _needs_draw_title(plan.title, plan.is_split):
        plan = _replace(plan, title_in_draw=True)
    return plan


R_HCLUST_MAX = 65536  # R's hclust stops: "size cannot be NA nor exceed 65536"


def r_size_problem(heatmap: Any) -> str | None:
    """Why R cannot cluster ``heatmap`` (an axis R would cluster whole has more than 65,536
    objects), from its arguments and the matrix shape alone, before any work; else None."""
    try:
        shape = np.shape(heatmap.matrix)
    except (TypeError, ValueError):
        return None  # not a matrix: compile() says why
    if len(shape) != 2:
        return None
    for which, n in (("row", shape[0]), ("column", shape[1])):
        cluster = getattr(heatmap, f"cluster_{which}s", True)
        if cluster is None:  # unset: clustered unless an order is given (ComplexHeatmap's rule)
            cluster = getattr(heatmap, f"{which}_order", None) is None
        split = getattr(heatmap, f"{which}_split", None)
        whole = split is None or is_split_count(split)
        if isinstance(cluster, (bool, np.bool_)) and bool(cluster) and whole and n > R_HCLUST_MAX:
            return (
                f"R's hclust refuses to cluster more than {R_HCLUST_MAX} objects and "
                f"ComplexHeatmap would have to cluster {n} {which}s: draw with backend='native' "
                f"(no such limit), select fewer {which}s, or pass cluster_{which}s=False"
            )
    return None


def _check_r_hclust_size(axis: AxisSpec, which: str, split: object) -> None:
    """Refuse, before any work, an axis that R's hclust would refuse to cluster."""
    sizes = [s.indices.size for s in axis.slices] if isinstance(split, list) else [axis.n]
    if max(sizes) > R_HCLUST_MAX:
        what = f"{max(sizes)} {which}s" + (" in one slice" if isinstance(split, list) else "")
        raise InputError(
            f"R's hclust refuses to cluster more than {R_HCLUST_MAX} objects and ComplexHeatmap "
            f"would have to cluster {what}: draw with backend='native' (no such limit), select "
            f"fewer {which}s, or pass cluster_{which}s=False"
        )


def _replace(plan: AxisPlan, **kw: Any) -> AxisPlan:
    import dataclasses

    return dataclasses.replace(plan, **kw)


def _with_notes(plan: AxisPlan, notes: list[str]) -> AxisPlan:
    return _replace(plan, notes=tuple(notes)) if notes else plan


# --------------------------------------------------------------------------------------------
# the payload of pyrhm_draw()
# --------------------------------------------------------------------------------------------
def _tree_payload(tree: HClust, as_function: bool = False) -> dict[str, Any]:
    return {
        "as_function": bool(as_function),
        "merge": np.asarray(tree.merge, dtype=np.int64).ravel(order="F"),
        "height": np.asarray(tree.height, dtype=np.float64),
        "order": np.asarray(tree.order, dtype=np.int64) + 1,
        "labels": None if tree.labels is None else list(tree.labels),
        "method": tree.method,
        "dist_method": tree.dist_method,
    }


def _ramp_payload(ramp: Any) -> dict[str, Any]:
    return {
        "breaks": np.asarray(ramp.breaks, dtype=np.float64),
        "colors": list(ramp.colors),
        "space": str(ramp.space),
        "transparency": float(ramp.transparency),
    }


def _split_payload(split: int | list[SplitColumn]) -> Any:
    if isinstance(split, int):
        return float(split)
    cols = []
    for c in split:
        if c.kind in ("factor", "character"):
            vals: Any = [None if v is None else str(v) for v in c.values]  # None: NA
        elif c.kind == "logical":
            vals = [None if v is None else ("TRUE" if v else "FALSE") for v in c.values]
        else:
            vals = np.array([np.nan if v is None else float(v) for v in c.values])
        cols.append({"type": c.kind, "values": vals, "levels": list(c.levels)})
    return {"columns": cols}


def _body_size(spec: HeatmapSpec) -> tuple[float, float]:
    nrow, ncol = spec.matrix.shape
    w, h = auto_body_size(nrow, ncol)
    return (spec.width_mm or w, spec.height_mm or h)


def r_payload(spec: HeatmapSpec, rows: AxisPlan, cols: AxisPlan, *, pass_col: bool,
              seed: int | None = None, settings: dict[str, Any] | None = None) -> dict[str, Any]:
    """The list ``a`` that ``pyrhm_draw(mat, a)`` in r/heatmap.R turns into Heatmap()."""
    settings = settings or {}
    width, height = _body_size(spec)
    discrete = bool(getattr(spec.col, "discrete", False))  # a character matrix
    args: dict[str, Any] = {
        "name": spec.name,
        "na_col": spec.na_col,
        "show_row_names": bool(spec.row.show_names),
        "show_column_names": bool(spec.column.show_names),
        "column_names_rot": float(spec.column.names_rot),
        "show_row_dend": bool(spec.row.show_dend),
        "show_column_dend": bool(spec.column.show_dend),
        "show_heatmap_legend": bool(spec.legend.show),
        "use_raster": bool(spec.use_raster),
        **_style_args(spec),
    }
    trees: dict[str, Any] = {}
    splits: dict[str, Any] = {}
    km_labels: dict[str, Any] = {}
    draw_titles: dict[str, Any] = {}
    for plan in (rows, cols):
        w = plan.which
        if isinstance(plan.cluster, HClust):
            trees[f"cluster_{w}s"] = _tree_payload(plan.cluster, plan.tree_as_function)
        else:
            args[f"cluster_{w}s"] = bool(plan.cluster)
        if plan.distance is not None:
            args[f"clustering_distance_{w}s"] = plan.distance
        if plan.method is not None:
            args[f"clustering_method_{w}s"] = plan.method
        if plan.reorder is not None:
            args[f"{w}_dend_reorder"] = plan.reorder
        if plan.split is not None:
            splits[f"{w}_split"] = _split_payload(plan.split)
        args[f"cluster_{w}_slices"] = bool(plan.cluster_slices)
        if plan.km > 1:
            args[f"{w}_km"] = int(plan.km)
            args[f"{w}_km_repeats"] = int(plan.km_repeats)
        if plan.km_labels is not None:
            km_labels[w] = {
                "labels": plan.km_labels.tolist() if plan.km_labels.dtype == object
                else plan.km_labels,
                "reorder": True if not isinstance(plan.reorder, np.ndarray) else plan.reorder,
                "slices": bool(plan.cluster_slices),
            }
        if plan.order is not None:
            args[f"{w}_order"] = np.asarray(plan.order, dtype=np.int64) + 1
        elif spec.r_args.get(f"{w}_order") is not None:
            args[f"{w}_order"] = np.asarray(spec.r_args[f"{w}_order"], dtype=np.int64) + 1
        if plan.title is not None:
            if plan.title_in_draw:
                draw_titles[f"{w}_title"] = plan.title
                args[f"{w}_title"] = None
            else:
                args[f"{w}_title"] = plan.title
    legend = _legend_payload(spec)
    annotations = {}
    for side, block, which in (("top", spec.column.before, "column"),
                               ("bottom", spec.column.after, "column"),
                               ("left", spec.row.before, "row"),
                               ("right", spec.row.after, "row")):
        if block is not None and block.tracks:
            annotations[f"{side}_annotation"] = annotation_payload(block, which)
    over = text_overhang_mm(spec)  # left, top, right, bottom
    names_max = names_max_mm(spec)
    pad = settings.get("padding", (2.0, 2.0, 2.0, 2.0))  # left, top, right, bottom
    draw_args: dict[str, Any] = {
        "heatmap_legend_side": settings.get("heatmap_legend_side", "right"),
        "annotation_legend_side": settings.get("annotation_legend_side", "right"),
        "merge_legend": bool(settings.get("merge_legend", False)),
    }
    if settings.get("column_title"):
        draw_args["column_title"] = settings["column_title"]
        draw_args["column_title_gp"] = {"fontsize": float(settings.get("title_fontsize", 13.2))}
    legend_sides = {draw_args["heatmap_legend_side"], draw_args["annotation_legend_side"]}
    right_extra = 6.0 if "right" in legend_sides else 0.0
    bottom_extra = 6.0 if "bottom" in legend_sides else 0.0
    cell_text = None
    if spec.cell_text is not None:
        ct = spec.cell_text
        cell_text = {"text": [str(v) for v in np.asarray(ct.text).ravel(order="F")],
                     "nrow": int(ct.text.shape[0]), "gp": _gp(ct.fontsize, ct.font)}
    rect = spec.rect_gp
    return extra_payload(spec, {
        "padding": np.array([pad[3] + over[3] + bottom_extra, pad[0] + over[0],
                             pad[1] + over[1], pad[2] + over[2] + right_extra]),
        "draw_args": draw_args,
        "cell_text": cell_text,
        "rect_gp": None if rect is None else rect.as_r(),
        "args": args,  # None values become NULL elements (e.g. row_title = NULL)
        "units": {
            "row_gap": spec.row.gap_mm, "column_gap": spec.column.gap_mm,
            "row_dend_width": spec.row.dend_mm, "column_dend_height": spec.column.dend_mm,
            "width": width, "height": height,
            "row_names_max_width": names_max[0], "column_names_max_height": names_max[1],
        },
        "fonts": {
            "row_names_gp": _gp(spec.row.names_fontsize, spec.row.names_font),
            "column_names_gp": _gp(spec.column.names_fontsize, spec.column.names_font),
            "row_title_gp": _gp(spec.row.title_fontsize, spec.row.title_font),
            "column_title_gp": _gp(spec.column.title_fontsize, spec.column.title_font),
        },
        "trees": trees,
        "dend_styles": dend_style_payload(spec),
        "splits": splits,
        "km_labels": km_labels,
        "col": _ramp_payload(spec.col) if pass_col and not discrete else None,
        "discrete": ({"levels": list(spec.col.levels), "colors": list(spec.col.colors)}
                     if discrete else None),
        "annotations": annotations,
        "legend": legend,
        "draw_titles": draw_titles,
        "seed": None if seed is None else int(seed),
    })


def _matrix(spec: HeatmapSpec) -> Any:
    from pyr_heatmap.backends.r.bridge import RMatrix

    return RMatrix(np.asarray(spec.matrix), spec.row.labels, spec.column.labels)


def _pass_col(spec: HeatmapSpec, r_clusters: bool) -> bool:
    """Whether the colour mapping is handed to R (see the module notes)."""
    if not r_clusters:
        return True
    from pyr_heatmap.figure.colors import default_col

    try:
        return bool(spec.col != default_col(spec.matrix))
    except InputError:
        return True
