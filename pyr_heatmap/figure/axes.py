"""One axis of a heatmap compiled into an :class:`~pyr_heatmap.figure.spec.AxisSpec`: slices and
their trees, names (fitted by :mod:`.sizes`), fonts, sides, titles, display labels, a fixed order;
and the other per-argument resolutions of ``Heatmap.compile`` (border, ``row_order``)."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from pyr_heatmap.engine.hclust import HClust
from pyr_heatmap.errors import InputError
from pyr_heatmap.figure.checks import _fontsize, _number
from pyr_heatmap.figure.heatmap_args import names_max
from pyr_heatmap.figure.sizes import NameFit, fit_axis
from pyr_heatmap.figure.spec import AnnotationBlock, AxisSpec, SliceSpec
from pyr_heatmap.figure.styling import resolve_font, resolve_side
from pyr_heatmap.figure.units import to_mm

__all__ = ["axis_spec", "border_colour", "clustered_with_order", "fit_names", "fixed_order"]


def fit_names(hm: Any, which: str, n: int, length: Any, what: str) -> NameFit:
    """Body length and names of one axis (:func:`~pyr_heatmap.figure.sizes.fit_axis`)."""
    gp = getattr(hm, f"{which}_names_gp")
    explicit = (isinstance(gp, Mapping) and "fontsize" in gp) or (
        gp is not None and not isinstance(gp, Mapping))
    return fit_axis(
        which, n, None if length is None else to_mm(length, what),
        _fontsize(gp, f"{which}_names_gp"), explicit_fontsize=explicit,
        show=bool(getattr(hm, f"show_{which}_names")),
        rot=float(getattr(hm, "row_names_rot", 0.0)) if which == "row"
        else float(hm.column_names_rot),
    )

def axis_spec(hm: Any, ax_order: Any, labels: tuple[str, ...], which: str,
          before: AnnotationBlock | None, after: AnnotationBlock | None,
          fit: NameFit, fixed: np.ndarray | None = None) -> AxisSpec:
    is_row = which == "row"
    split = ax_order.split
    title = _one_title(hm.row_title if is_row else hm.column_title, f"{which}_title")
    rank = None
    if fixed is not None:  # not clustered: each slice in the given order (R's intersect)
        rank = np.empty(len(fixed), dtype=np.int64)
        rank[fixed] = np.arange(len(fixed))
    slices = tuple(
        SliceSpec(name if split else "",
                  np.asarray(idx, dtype=np.int64) if rank is None
                  else np.asarray(sorted(idx, key=lambda i: rank[i]), dtype=np.int64),
                  ax_order.trees.get(name))
        for name, idx in ax_order.slices.items()
    )
    sides = (("row_names_side", ("left", "right")), ("row_dend_side", ("left", "right")),
             ("row_title_side", ("left", "right"))) if is_row else (
             ("column_names_side", ("top", "bottom")),
             ("column_dend_side", ("top", "bottom")),
             ("column_title_side", ("top", "bottom")))
    names_side, dend_side, title_side = (resolve_side(getattr(hm, a), a, v)
                                         for a, v in sides)
    _, names_font = resolve_font(getattr(hm, f"{which}_names_gp"), f"{which}_names_gp",
                                 fit.fontsize)
    title_size, title_font = resolve_font(getattr(hm, f"{which}_title_gp"),
                                          f"{which}_title_gp", 13.2)
    display = getattr(hm, f"{which}_labels")
    if display is not None:
        display = tuple(str(v) for v in list(display))
        if len(display) != len(labels):
            raise InputError(f"{which}_labels has {len(display)} labels for "
                             f"{len(labels)} {which}s")
    return AxisSpec(
        slices=slices,
        labels=labels,
        show_names=fit.show,
        names_fontsize=fit.fontsize,
        names_rot=float(getattr(hm, "row_names_rot", 0.0)) if is_row
        else float(hm.column_names_rot),
        title=title,
        show_dend=bool(hm.show_row_dend if is_row else hm.show_column_dend)
        and ax_order.clustered,
        dend_mm=to_mm(hm.row_dend_width if is_row else hm.column_dend_height,
                      "row_dend_width" if is_row else "column_dend_height"),
        gap_mm=to_mm(hm.row_gap if is_row else hm.column_gap,
                     "row_gap" if is_row else "column_gap"),
        slice_tree=ax_order.slice_tree,
        slice_levels=tuple(str(v) for v in ax_order.levels),
        before=before,
        after=after,
        names_font=names_font,
        title_font=title_font,
        title_fontsize=title_size,
        names_side=names_side,
        dend_side=dend_side,
        title_side=title_side,
        title_rot=_number(getattr(hm, f"{which}_title_rot"), f"{which}_title_rot"),
        names_centered=bool(hm.column_names_centered) if not is_row
        else bool(getattr(hm, "row_names_centered", False)),
        display=display,
        names_max_mm=names_max(hm)[0 if is_row else 1] if hasattr(hm, "row_names_max_width")
        else None,
    )


def border_colour(border: Any) -> str | None:
    """``border``: False/None (none), True (black) or a colour."""
    if border is None or border is False:
        return None
    if border is True:
        return "black"
    from pyr_heatmap.figure.styling import _colour

    return _colour(border, "border")


def fixed_order(order: Any, labels: tuple[str, ...], what: str) -> np.ndarray | None:
    """``row_order``/``column_order``: 0-based positions or names, a permutation of all."""
    if order is None:
        return None
    values = list(order)
    if values and all(isinstance(v, str) for v in values):
        index = {lab: i for i, lab in enumerate(labels)}
        missing = [v for v in values if v not in index]
        if missing:
            raise InputError(f"{what} names {missing[:5]!r} are not in the matrix")
        arr = np.array([index[v] for v in values], dtype=np.int64)
    else:
        try:
            arr = np.asarray(values, dtype=np.int64)
        except (TypeError, ValueError) as exc:
            raise InputError(f"{what} must be 0-based positions or names ({exc})") from exc
    if len(arr) != len(labels) or not np.array_equal(np.sort(arr), np.arange(len(labels))):
        raise InputError(f"{what} must list every one of the {len(labels)} positions once "
                         "(0-based)")
    return arr


def clustered_with_order(order: Any, values: np.ndarray, args: dict[str, Any],
                         fixed: dict[str, np.ndarray | None]) -> Any:
    """ComplexHeatmap's order of a clustered axis given ``row_order`` as well.

    ``make_cluster()`` splits ``row_order`` into slices (``intersect(row_order, which(l))``),
    clusters ``mat[slice, ]`` (rows in ``row_order``'s order) and then reorders that tree with
    the weights of the slice's rows in their original order (``reorder[sort(slice)]``) and reads
    the reordered leaves, which are positions in ``mat[slice, ]``, as row numbers of the sorted
    slice (``sub_ind[order.dendrogram(dend)]``). Without reordering the leaves are mapped back
    through the slice. The same holds for a clustering function (given the slice's rows in that
    order). A split into ``k`` slices cuts one tree of all rows, where the given order plays no
    part. k-means splits are not supported together with a fixed order.
    """
    from pyr_heatmap.engine.splits import is_split_count

    for which in ("row", "column"):
        ordr, cluster = fixed[which], args[f"cluster_{which}s"]
        by_function = callable(cluster) and not isinstance(cluster, (bool, np.bool_, HClust))
        if ordr is None or (cluster is not True and not by_function):
            continue
        km, split = args[f"{which}_km"], args[f"{which}_split"]
        if (km is not None and np.ndim(km) == 0 and km != 1) or np.ndim(km) != 0:
            raise InputError(f"{which}_order with cluster_{which}s=True and {which}_km is not "
                             "supported; give one of them")
        if split is not None and is_split_count(split):
            continue  # one tree of all rows, cut: the given order plays no part
        axis = _reclustered_axis(values if which == "row" else values.T, args, which, ordr,
                                 split)
        order = dataclasses.replace(order, **{"rows" if which == "row" else "columns": axis})
    return order


def _reclustered_axis(x: np.ndarray, args: dict[str, Any], which: str, ordr: np.ndarray,
                      split: Any) -> Any:
    """One axis of :func:`clustered_with_order`: ``x`` has this axis in its rows."""
    from pyr_heatmap.engine.order import heatmap_order
    from pyr_heatmap.engine.rstats import _r_row_means
    from pyr_heatmap.engine.splits import _split_columns

    n = x.shape[0]
    reorder = args[f"{which}_dend_reorder"]
    sub = dict(args)
    sub.update(cluster_rows=args[f"cluster_{which}s"], cluster_columns=False, column_split=None,
               column_km=1, row_km=1, cluster_row_slices=args[f"cluster_{which}_slices"])
    for key in ("clustering_distance", "clustering_method"):
        sub[f"{key}_rows"] = args[f"{key}_{which}s"]
    if split is not None:  # the labels in row_order's order, levels kept
        cols = _split_columns(split, n, which)
        split = pd.DataFrame({j: c.iloc[ordr].reset_index(drop=True)
                              for j, c in enumerate(cols)})
    sub["row_split"] = split
    if reorder is None or reorder is True:
        weights = -_r_row_means(x)  # R's rowMeans(na.rm = TRUE)
    elif reorder is False:
        weights = None
    else:
        weights = np.asarray(reorder, dtype=np.float64)
    if weights is not None and split is not None:
        # R weighs the slice's tree with reorder[sort(slice)]: give each position of the
        # permuted matrix the weight the engine will look up there
        names = heatmap_order(x[ordr], **{**sub, "cluster_rows": False}).rows.labels
        perm_weights = np.empty(n)
        for name in set(names.tolist()):
            pos = np.flatnonzero(names == name)
            perm_weights[pos] = weights[np.sort(ordr[pos])]
        weights = perm_weights
    sub["row_dend_reorder"] = False if weights is None else weights
    sub["column_dend_reorder"] = None
    axis = heatmap_order(x[ordr], **sub).rows
    slices = {}
    for name, pos in axis.slices.items():
        if weights is None:
            slices[name] = ordr[pos]
        else:  # leaves read as positions in the sorted slice
            slices[name] = np.sort(ordr[pos])[np.argsort(np.argsort(pos))]
    final = np.concatenate(list(slices.values())) if slices else np.empty(0, dtype=np.int64)
    labels = np.empty(n, dtype=object)
    labels[ordr] = axis.labels
    return dataclasses.replace(axis, order=final, slices=slices, labels=labels)


def _one_title(value: Any, what: str) -> str | None:
    """A title as one string: R's length-1 character vector is a string too."""
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, (list, tuple, np.ndarray, pd.Series)) and len(value) == 1:
        item = next(iter(value))
        if isinstance(item, str):
            return item
    raise InputError(
        f"{what} must be one string (with a split it is a template such as 'cluster %s', or "
        f"slices are titled by their names), got {type(value).__name__} {value!r:.80}; "
        "titles per slice are not supported: name the slices through the split labels"
    )
