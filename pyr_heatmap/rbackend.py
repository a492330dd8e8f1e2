"""The R backend: draw a compiled :class:`~pyr_heatmap.spec.HeatmapSpec` with ComplexHeatmap.

R equivalent of what is run (through rpy2, in this process)::

    ht <- Heatmap(mat, name = , col = , cluster_rows = , clustering_distance_rows = , ...)
    d  <- draw(ht)                       # once, on a scratch device of the requested kind
    row_order(d); column_order(d)        # and the size ComplexHeatmap asks for: width(d)

The figure file is the scratch draw's recorded plot replayed on a device of that size
(pixel-identical to drawing again). The result keeps R's drawn object: ``save()`` in another
format or resolution draws it on the new device (``draw(d)``, R's way of re-drawing a drawn
heatmap), so nothing is clustered or laid out twice; the same format and resolution replay the
recording.

Two modes:

``r_clusters=True`` (default)
    R clusters the matrix itself from the same clustering arguments (distance, method, split,
    reordering, k-means): this is what an R user gets, and what :func:`pyr_heatmap.crosscheck`
    compares against. A tree given as :class:`~pyr_heatmap.hclust.HClust` becomes an R
    ``hclust`` object (merge, height, order, labels). When no ``col`` was given, none is passed
    and ComplexHeatmap computes its own default colours (so the colours are compared too).
``r_clusters=False``
    R draws the trees computed in Python: an unsplit clustered axis gets its (already reordered)
    tree as an ``hclust`` with ``*_dend_reorder = FALSE``. A split axis gets the final order
    (``row_order``), the slices as a factor whose levels are the slices in drawn order,
    ``cluster_rows = FALSE`` and ``cluster_row_slices = FALSE``: R then draws exactly the
    Python order, without dendrograms on that axis. The colour mapping is always passed.

An axis clustered by a Python function (``cluster_rows=callable`` or a callable distance) cannot
be re-clustered by R; it is drawn from the Python trees in both modes.

Differences that stay: ``row_km = k`` (a number) runs R's own ``kmeans`` in ``r_clusters=True``
mode (seeded with ``set.seed(seed)``), which need not give the clusters of the local k-means.
k-means labels given as a vector are fed to ComplexHeatmap's own k-means post-processing.

Titles: with a split axis, ComplexHeatmap reads a single ``row_title``/``column_title`` as a
template (``"%s"`` via ``sprintf``, ``"@{...}"`` via ``GetoptLong::qq`` and ``"{...}"`` via
``glue``, the last two *evaluating* R code). Such a title is therefore given to ``draw()`` (the
heatmap list's title, drawn verbatim at the same side) instead of ``Heatmap()``.
"""

from __future__ import annotations

import re
import tempfile
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .errors import InputError, RBackendError
from .hclust import HClust
from .order import is_split_count
from .result import DrawnHeatmap, check_dpi
from .rfactor import r_as_character
from .spec import AnnotationBlock, AxisSpec, HeatmapSpec

__all__ = ["AxisPlan", "RDraw", "SplitColumn", "draw_r", "plan_axis", "r_payload", "run_r_draw",
           "run_r_render"]

FORMATS = ("png", "pdf", "svg", "tiff")
_TEMPLATE = re.compile(r"\{.+\}", re.DOTALL)


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
                plan = AxisPlan(which, tree, reorder=False, python_trees=True, title=axis.title)
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


def _replace(plan: AxisPlan, **kw: Any) -> AxisPlan:
    import dataclasses

    return dataclasses.replace(plan, **kw)


def _with_notes(plan: AxisPlan, notes: list[str]) -> AxisPlan:
    return _replace(plan, notes=tuple(notes)) if notes else plan


# --------------------------------------------------------------------------------------------
# the payload of pyrhm_draw()
# --------------------------------------------------------------------------------------------
def _tree_payload(tree: HClust) -> dict[str, Any]:
    return {
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


def _annotation_payload(block: AnnotationBlock, which: str) -> dict[str, Any]:
    tracks = []
    for t in block.tracks:
        if t.discrete:
            tracks.append({
                "name": t.name, "discrete": True,
                "values": [None if v is None else str(v) for v in t.values],
                "levels": list(t.levels), "colors": [t.colors[lv] for lv in t.levels],
            })
        else:
            tracks.append({
                "name": t.name, "discrete": False,
                "values": np.asarray(t.values, dtype=np.float64),
                "ramp": _ramp_payload(t.colors),
            })
    return {
        "which": which, "tracks": tracks, "na_col": block.na_col,
        "show_legend": bool(block.show_legend), "show_name": bool(block.show_name),
        "size_mm": float(block.size_mm), "gap_mm": float(block.gap_mm),
    }


def _body_size(spec: HeatmapSpec) -> tuple[float, float]:
    from .native.layout import auto_body_size

    nrow, ncol = spec.matrix.shape
    w, h = auto_body_size(nrow, ncol)
    return (spec.width_mm or w, spec.height_mm or h)


def r_payload(spec: HeatmapSpec, rows: AxisPlan, cols: AxisPlan, *, pass_col: bool,
              seed: int | None = None) -> dict[str, Any]:
    """The list ``a`` that ``pyrhm_draw(mat, a)`` in r/heatmap.R turns into Heatmap()."""
    width, height = _body_size(spec)
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
    }
    trees: dict[str, Any] = {}
    splits: dict[str, Any] = {}
    km_labels: dict[str, Any] = {}
    draw_titles: dict[str, Any] = {}
    for plan in (rows, cols):
        w = plan.which
        if isinstance(plan.cluster, HClust):
            trees[f"cluster_{w}s"] = _tree_payload(plan.cluster)
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
        if plan.title is not None:
            if plan.title_in_draw:
                draw_titles[f"{w}_title"] = plan.title
                args[f"{w}_title"] = None
            else:
                args[f"{w}_title"] = plan.title
    legend: dict[str, Any] = {"title": spec.legend.title}
    if spec.legend.at is not None:
        legend["at"] = np.asarray(spec.legend.at, dtype=np.float64)
    if spec.legend.labels is not None:
        legend["labels"] = list(spec.legend.labels)
    annotations = {}
    for side, block, which in (("top", spec.column.before, "column"),
                               ("bottom", spec.column.after, "column"),
                               ("left", spec.row.before, "row"),
                               ("right", spec.row.after, "row")):
        if block is not None and block.tracks:
            annotations[f"{side}_annotation"] = _annotation_payload(block, which)
    return {
        "args": args,  # None values become NULL elements (e.g. row_title = NULL)
        "units": {
            "row_gap": spec.row.gap_mm, "column_gap": spec.column.gap_mm,
            "row_dend_width": spec.row.dend_mm, "column_dend_height": spec.column.dend_mm,
            "width": width, "height": height,
        },
        "fonts": {
            "row_names_gp": spec.row.names_fontsize,
            "column_names_gp": spec.column.names_fontsize,
        },
        "trees": trees,
        "splits": splits,
        "km_labels": km_labels,
        "col": _ramp_payload(spec.col) if pass_col else None,
        "annotations": annotations,
        "legend": legend,
        "draw_titles": draw_titles,
        "seed": None if seed is None else int(seed),
    }


def _matrix(spec: HeatmapSpec) -> Any:
    from .rbridge import RMatrix

    return RMatrix(np.asarray(spec.matrix), spec.row.labels, spec.column.labels)


# --------------------------------------------------------------------------------------------
# running it
# --------------------------------------------------------------------------------------------
@dataclass(frozen=True, eq=False)
class RDraw:
    """What one ``pyrhm_draw()`` call returned."""

    row_order: Any
    column_order: Any
    row_names: list[str]
    column_names: list[str]
    width_in: float
    height_in: float
    seconds: float
    image: bytes | None = None
    col_hex: list[str] | None = None
    messages: tuple[str, ...] = ()
    titles: dict[str, Any] = field(default_factory=dict)
    drawn: Any = None  # R's handle on the drawn heatmap (pyrhm_render), None for "null"


def _order_from_r(value: Any, axis: AxisSpec) -> np.ndarray | dict[str, np.ndarray]:
    if isinstance(value, dict):
        return {str(k): np.asarray(v, dtype=np.int64) - 1 for k, v in value.items()}
    arr = np.asarray(value, dtype=np.int64) - 1
    if _is_split_axis(axis) and len(axis.slices) == 1:
        return {axis.slices[0].title: arr}
    return arr


def _flat(order: np.ndarray | dict[str, np.ndarray]) -> np.ndarray:
    if isinstance(order, dict):
        if not order:
            return np.zeros(0, dtype=np.int64)
        return np.concatenate(list(order.values()))
    return order


def _checked(res: dict[str, Any]) -> dict[str, Any]:
    """Raise R's error of a ``pyrhm_guarded()`` answer; pass R's warnings on as one warning."""
    if not res.get("ok", [False])[0]:
        err = res.get("error")
        message = err[0] if isinstance(err, list) and err else str(err)
        raise RBackendError(f"ComplexHeatmap failed: {message}")
    r_warnings = list(dict.fromkeys(res.get("warnings") or []))
    if r_warnings:
        more = f" (and {len(r_warnings) - 3} more)" if len(r_warnings) > 3 else ""
        warnings.warn("R warned: " + " | ".join(r_warnings[:3]) + more, UserWarning,
                      stacklevel=5)
    return res


def _check_device(device: str, *, null_ok: bool = False) -> None:
    if device not in FORMATS and not (null_ok and device == "null"):
        raise InputError(f"unknown R output format {device!r}; use one of {', '.join(FORMATS)}")


def _drawing_call(fun: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
    """Call the R drawing function ``fun`` and check its answer (:func:`_checked`).

    R closes the devices it opened on exit; closing them here as well covers an interrupted call.
    """
    from . import rbridge

    sess = rbridge.session()
    devices = sess.call("pyrhm_dev_list")
    try:
        res = sess.call(fun, *args, **kwargs)
    finally:
        sess.call("pyrhm_close_new_devices", devices)
    return _checked(res)


def _read_output(path: Path, device: str) -> bytes:
    if not path.exists():
        raise RBackendError(f"R did not write the {device} file")
    return path.read_bytes()


def run_r_draw(spec: HeatmapSpec, payload: dict[str, Any], device: str = "null",
               dpi: float = 100.0, extras: bool = False) -> RDraw:
    """Call ``pyrhm_draw()`` in R; ``device`` is ``"null"`` (orders only) or a file format."""
    _check_device(device, null_ok=True)
    with tempfile.TemporaryDirectory(prefix="pyr_heatmap_r_") as tmp:
        out_file = str(Path(tmp) / f"heatmap.{device}")
        scratch = str(Path(tmp) / f"scratch.{'png' if device == 'null' else device}")
        res = _drawing_call(
            "pyrhm_draw", _matrix(spec), payload,
            device=device, file=out_file if device != "null" else None,
            scratch=scratch, res=float(dpi),
            extras=bool(extras),
        )
        image = None if device == "null" else _read_output(Path(out_file), device)
    return RDraw(
        row_order=_order_from_r(res["row_order"], spec.row),
        column_order=_order_from_r(res["column_order"], spec.column),
        row_names=list(res.get("row_names") or spec.row.labels),
        column_names=list(res.get("column_names") or spec.column.labels),
        width_in=float(res["width_in"][0]),
        height_in=float(res["height_in"][0]),
        seconds=float(res["seconds"][0]),
        image=image,
        col_hex=res.get("col_hex"),
        messages=tuple(res.get("messages") or ()),
        titles=dict(res.get("titles") or {}),
        drawn=res.get("drawn"),
    )


def run_r_render(drawn: Any, device: str, dpi: float = 100.0) -> bytes:
    """Write a heatmap drawn by :func:`run_r_draw` in another format (``pyrhm_render()``).

    Nothing is clustered or laid out again: R replays the recorded plot (same device kind and
    resolution) or draws the drawn ``HeatmapList`` on the new device.
    """
    _check_device(device)
    with tempfile.TemporaryDirectory(prefix="pyr_heatmap_r_") as tmp:
        out_file = Path(tmp) / f"heatmap.{device}"
        _drawing_call("pyrhm_render", drawn, device, str(out_file), res=float(dpi))
        return _read_output(out_file, device)


def _pass_col(spec: HeatmapSpec, r_clusters: bool) -> bool:
    """Whether the colour mapping is handed to R (see the module notes)."""
    if not r_clusters:
        return True
    from .colors import default_col

    try:
        return bool(spec.col != default_col(spec.matrix))
    except InputError:
        return True


def draw_r(spec: HeatmapSpec, *, r_clusters: bool = True, dpi: float = 100.0,
           format: str = "png", seed: int | None = None, reason: str = "") -> DrawnHeatmap:
    """Draw ``spec`` with ComplexHeatmap and return the result (``backend="r"``).

    Parameters
    ----------
    spec : HeatmapSpec
    r_clusters : bool
        True: R clusters the matrix from the same arguments; False: R draws the Python trees.
    dpi : float
        Resolution of the PNG/TIFF image.
    format : {"png", "pdf", "svg", "tiff"}
        Format of the image kept in the result (``save()`` renders other formats from R's
        drawn object, without clustering again).
    seed : int, optional
        ``set.seed(seed)`` before drawing (R's k-means).
    reason : str
        Stored as the result's ``reason``.

    Raises
    ------
    RUnavailableError
        R, rpy2 or ComplexHeatmap is missing (typed subclass).
    RBackendError
        R raised an error (R's message included).
    """
    fmt = str(format).lower()
    if fmt not in FORMATS:
        raise InputError(f"format must be one of {', '.join(FORMATS)}, got {format!r}")
    dpi = check_dpi(dpi)
    rows = plan_axis(spec, "row", r_clusters)
    cols = plan_axis(spec, "column", r_clusters)
    payload = r_payload(spec, rows, cols, pass_col=_pass_col(spec, r_clusters), seed=seed)
    drawn = run_r_draw(spec, payload, device=fmt, dpi=dpi)
    images: dict[tuple[str, float], bytes] = {(fmt, _dpi_key(fmt, dpi)): drawn.image or b""}

    def render(out_fmt: str, out_dpi: float) -> bytes:
        key = (out_fmt, _dpi_key(out_fmt, out_dpi))
        if key not in images:
            images[key] = run_r_render(drawn.drawn, out_fmt, out_dpi)
        return images[key]

    row_flat = _flat(drawn.row_order)
    col_flat = _flat(drawn.column_order)
    return DrawnHeatmap(
        spec, "r", figure=None, reason=reason,
        row_order=drawn.row_order, column_order=drawn.column_order,
        image=drawn.image, image_format=fmt, renderer=render,
        row_labels=[drawn.row_names[i] for i in row_flat],
        column_labels=[drawn.column_names[i] for i in col_flat],
    )


def _dpi_key(fmt: str, dpi: float) -> float:
    return float(dpi) if fmt in ("png", "tiff") else 0.0

