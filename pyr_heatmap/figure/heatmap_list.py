"""Heatmap lists: ComplexHeatmap's ``ht1 + ht2`` (horizontal) and ``ht1 %v% ht2`` (vertical).

R equivalent::

    ht_list <- Heatmap(mat_z, name = "z") + Heatmap(mean_log2, name = "mean") + rowAnnotation(...)
    ht_list <- draw(ht_list, main_heatmap = "z", row_split = groups, ht_gap = unit(2, "mm"))
    row_order(ht_list); column_order(ht_list)[["mean"]]

Python::

    ht_list = Heatmap(mat_z, name="z") + Heatmap(mean_log2, name="mean") + rowAnnotation(...)
    drawn = ht_list.draw(backend="r", main_heatmap="z", row_split=groups, ht_gap=2)
    drawn.row_order, drawn.column_order["mean"]          # 0-based

The vertical list (R's ``%v%``) is spelled ``ht1 / ht2`` or :func:`vconcat`.

What ComplexHeatmap 2.14.0 does, and this module reproduces (``make_layout`` of a HeatmapList):
the draw-level arguments ``row_split``, ``row_km``, ``cluster_rows``,
``clustering_distance_rows``, ... are set on the *main* heatmap (the first Heatmap unless
``main_heatmap`` says otherwise); the main heatmap's rows are clustered and split, and that row
order (with its slices) is given to every other heatmap of the list, whose own row clustering and
row split are ignored. Each heatmap keeps its own column clustering. A vertical list is the same
with rows and columns exchanged.
"""

from __future__ import annotations

import copy
import dataclasses
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from pyr_heatmap.engine.hclust import HClust
from pyr_heatmap.errors import InputError
from pyr_heatmap.figure.annotation import HeatmapAnnotation
from pyr_heatmap.figure.checks import _colour
from pyr_heatmap.figure.heatmap import Heatmap
from pyr_heatmap.figure.heatmap_list_args import LAYOUT_DEFAULTS, resolve_layout_args
from pyr_heatmap.figure.spec import AnnotationBlock, HeatmapSpec
from pyr_heatmap.figure.units import to_mm

__all__ = ["HeatmapList", "HeatmapListSpec", "vconcat"]

# draw() arguments that ComplexHeatmap sets on the main heatmap, per direction ("row" for a
# horizontal list); "{w}" is row or column
_MAIN_ARGS = ("{w}_split", "{w}_km", "{w}_km_repeats", "{w}_gap", "cluster_{w}s",
              "cluster_{w}_slices", "clustering_distance_{w}s", "clustering_method_{w}s",
              "{w}_dend_reorder", "show_{w}_dend", "{w}_dend_{size}", "{w}_order")
_LEGEND_SIDES = ("right", "left", "bottom", "top")


def _main_arg_names(w: str) -> tuple[str, ...]:
    size = "width" if w == "row" else "height"
    return tuple(a.format(w=w, size=size) for a in _MAIN_ARGS)


def _members(obj: Any, direction: str) -> list[Any]:
    if isinstance(obj, HeatmapList):
        if obj.direction != direction and len(obj.members) > 1:
            raise InputError(
                "a heatmap list is either horizontal (ht1 + ht2) or vertical (ht1 / ht2), not "
                "both; move annotations into top_annotation/left_annotation of a heatmap instead"
            )
        return list(obj.members)
    if isinstance(obj, Heatmap):
        return [obj]
    if isinstance(obj, HeatmapAnnotation):
        want = "row" if direction == "horizontal" else "column"
        if obj.which != want:
            raise InputError(
                f"a {direction} heatmap list takes {want} annotations as members "
                f"({'rowAnnotation' if want == 'row' else 'HeatmapAnnotation'}(...)), got a "
                f"{obj.which} annotation"
            )
        return [obj]
    raise InputError(
        f"only Heatmap, HeatmapAnnotation and HeatmapList objects can be combined into a heatmap "
        f"list, got {type(obj).__name__}"
    )


def hconcat(*items: Any) -> HeatmapList:
    """``ht1 + ht2 + ...``: a horizontal heatmap list (rows shared)."""
    members: list[Any] = []
    for it in items:
        members += _members(it, "horizontal")
    return HeatmapList(members, direction="horizontal")


def vconcat(*items: Any) -> HeatmapList:
    """ComplexHeatmap's ``ht1 %v% ht2 %v% ...``: a vertical heatmap list (columns shared).

    Also spelled ``ht1 / ht2``. Members are :class:`Heatmap` objects and column annotations
    (``HeatmapAnnotation(...)``).
    """
    members: list[Any] = []
    for it in items:
        members += _members(it, "vertical")
    return HeatmapList(members, direction="vertical")


@dataclass(frozen=True, eq=False)
class HeatmapListSpec:
    """A heatmap list, fully resolved: one spec per heatmap, in list order.

    Attributes
    ----------
    direction : {"horizontal", "vertical"}
    members : tuple
        ``("heatmap", name, HeatmapSpec)`` or ``("annotation", name, AnnotationBlock)``. Every
        heatmap's shared axis (rows of a horizontal list) carries the main heatmap's order,
        slices and trees; its other axis is its own.
    main : int
        Position of the main heatmap in ``members``.
    draw_args : dict
        The list-level arguments of ``draw()``, checked: ``ht_gap`` (mm, a tuple), titles,
        legend sides, ``merge_legend``, and the layout arguments of
        :func:`~pyr_heatmap.figure.heatmap_list_args.resolve_layout_args` (``padding`` as four
        mm values bottom/left/top/right or ``None``, ``height``/``heatmap_height``/``width``/
        ``heatmap_width`` in mm or ``None``, ``auto_adjust``, ``*_dend_side``,
        ``*_sub_title_side``, ``legend_grouping``, ``use_raster``).
    overrides : dict
        The arguments given to ``draw()`` that are set on the main heatmap (``row_split``,
        ``cluster_rows``, ``row_order``, ...), as the user gave them.
    """

    direction: str
    members: tuple[tuple[str, str, Any], ...]
    main: int
    draw_args: dict[str, Any] = field(default_factory=dict)
    overrides: dict[str, Any] = field(default_factory=dict)

    @property
    def main_spec(self) -> HeatmapSpec:
        return self.members[self.main][2]

    @property
    def heatmaps(self) -> dict[str, HeatmapSpec]:
        """name -> spec of every heatmap member, in list order."""
        return {n: s for kind, n, s in self.members if kind == "heatmap"}


class HeatmapList:
    """Several heatmaps (and row/column annotations) sharing one axis, ComplexHeatmap style.

    Made with ``ht1 + ht2`` (horizontal: the heatmaps share the rows), ``ht1 / ht2`` or
    :func:`vconcat` (vertical, R's ``%v%``: they share the columns). The constructor only stores
    its arguments.

    Parameters
    ----------
    members : sequence
        :class:`Heatmap` objects, and row annotations (``rowAnnotation(...)``, horizontal list)
        or column annotations (``HeatmapAnnotation(...)``, vertical list).
    direction : {"horizontal", "vertical"}
    """

    def __init__(self, members: Sequence[Any], direction: str = "horizontal") -> None:
        self.members = list(members)
        self.direction = direction

    def __repr__(self) -> str:
        names = [getattr(m, "name", "annotation") for m in self.members]
        return f"HeatmapList(direction={self.direction!r}, members={names!r})"

    def __add__(self, other: Any) -> HeatmapList:
        return hconcat(self, other)

    def __radd__(self, other: Any) -> HeatmapList:
        return hconcat(other, self)

    def __truediv__(self, other: Any) -> HeatmapList:
        return vconcat(self, other)

    def __rtruediv__(self, other: Any) -> HeatmapList:
        return vconcat(other, self)

    # -- compiling ------------------------------------------------------------------------------
    def _check(self) -> tuple[str, str]:
        if self.direction not in ("horizontal", "vertical"):
            raise InputError(f"direction must be 'horizontal' or 'vertical', got "
                             f"{self.direction!r}")
        for m in self.members:
            _members(m, self.direction)
        if not any(isinstance(m, Heatmap) for m in self.members):
            raise InputError("a heatmap list needs at least one Heatmap")
        names = [m.name for m in self.members if isinstance(m, Heatmap)]
        dup = sorted({n for n in names if names.count(n) > 1})
        if dup:
            raise InputError(
                f"heatmap names are used twice in the list: {dup}; give each Heatmap its own "
                "name= (its legend title and its key in column_order)"
            )
        return ("row", "column") if self.direction == "horizontal" else ("column", "row")

    def _main_index(self, main_heatmap: Any) -> int:
        if main_heatmap is None:
            return next(i for i, m in enumerate(self.members) if isinstance(m, Heatmap))
        if isinstance(main_heatmap, Heatmap):
            hits = [i for i, m in enumerate(self.members) if m is main_heatmap]
        elif isinstance(main_heatmap, str):
            hits = [i for i, m in enumerate(self.members)
                    if isinstance(m, Heatmap) and m.name == main_heatmap]
        elif isinstance(main_heatmap, (int, np.integer)) and not isinstance(main_heatmap, bool):
            hits = [int(main_heatmap)] if 0 <= main_heatmap < len(self.members) else []
        else:
            raise InputError("main_heatmap must be a heatmap's name, its 0-based position in "
                             f"the list, or the Heatmap itself; got {main_heatmap!r}")
        if not hits:
            names = [m.name for m in self.members if isinstance(m, Heatmap)]
            raise InputError(f"cannot find heatmap {main_heatmap!r} in the list (heatmaps: "
                             f"{names})")
        if not isinstance(self.members[hits[0]], Heatmap):
            raise InputError("the main heatmap can only be a Heatmap, not an annotation")
        return hits[0]

    def compile(self, *, main_heatmap: Any = None, ht_gap: Any = 2.0,
                row_title: str | None = None, column_title: str | None = None,
                heatmap_legend_side: str = "right", annotation_legend_side: str = "right",
                merge_legend: bool = False, **overrides: Any) -> HeatmapListSpec:
        """Resolve the list into a :class:`HeatmapListSpec` (the arguments of :meth:`draw`).

        Takes :meth:`draw`'s arguments (without ``backend``, ``dpi``, ``format``).
        """
        shared, own = self._check()
        given = {k: overrides.pop(k) for k in list(overrides) if k in LAYOUT_DEFAULTS}
        layout = resolve_layout_args(self.direction,
                                     {k: v for k, v in given.items() if v is not None})
        allowed = _main_arg_names(shared)
        wrong = sorted(set(overrides) - set(allowed))
        if wrong:
            other = [w for w in wrong if w in _main_arg_names(own)]
            if other:
                raise InputError(
                    f"{other} cannot be set in draw() for a {self.direction} heatmap list (R "
                    "ignores them there); set them in that Heatmap()"
                )
            raise InputError(f"unknown draw() argument(s) {wrong}; the main heatmap takes "
                             f"{list(allowed)}")
        overrides = {k: v for k, v in overrides.items() if v is not None}
        if f"{shared}_order" in overrides and f"cluster_{shared}s" not in overrides:
            overrides[f"cluster_{shared}s"] = False  # draw(): a missing cluster_rows is FALSE
        for side_arg, side in (("heatmap_legend_side", heatmap_legend_side),
                               ("annotation_legend_side", annotation_legend_side)):
            if side not in _LEGEND_SIDES:
                raise InputError(f"{side_arg} must be one of {_LEGEND_SIDES}, got {side!r}")
        gaps = np.atleast_1d(np.asarray(ht_gap, dtype=object))
        n = len(self.members)
        if len(gaps) not in (1, max(n - 1, 1)):
            raise InputError(f"ht_gap must be one length or {n - 1} lengths (one between each "
                             f"pair of neighbours), got {len(gaps)}")
        gap_mm = tuple(to_mm(g, "ht_gap") for g in gaps)
        i_main = self._main_index(main_heatmap)
        length = "height" if shared == "row" else "width"
        sizes = {} if layout[length] is None else {length: layout[length]}
        main = _with_overrides(self.members[i_main], shared, overrides)
        main.__dict__.update(sizes)  # make_layout() copies it to every heatmap
        main_spec = _rastered(main.compile(), layout["use_raster"])
        main_axis = getattr(main_spec, shared)
        members: list[tuple[str, str, Any]] = []
        for i, m in enumerate(self.members):
            if i == i_main:
                members.append(("heatmap", m.name, main_spec))
            elif isinstance(m, Heatmap):
                members.append(("heatmap", m.name, _rastered(
                    _follower(m, shared, main_axis, sizes), layout["use_raster"])))
            else:
                labels = main_axis.labels
                name = getattr(m, "name", None) or f"annotation_{i + 1}"
                members.append(("annotation", str(name), _block(m, labels)))
        draw_args = {
            "ht_gap": gap_mm, "row_title": row_title, "column_title": column_title,
            "heatmap_legend_side": heatmap_legend_side,
            "annotation_legend_side": annotation_legend_side, "merge_legend": bool(merge_legend),
            **layout,
        }
        return HeatmapListSpec(self.direction, tuple(members), i_main, draw_args, overrides)

    def orders(self, **draw_args: Any) -> Any:
        """The orders :meth:`draw` gives, computed in Python (no figure, no R).

        Returns a :class:`~pyr_heatmap.result.heatmap_list.HeatmapListOrders` with ``row_order``
        and ``column_order`` as R's ``row_order(draw(ht_list))`` and
        ``column_order(draw(ht_list))`` (0-based).
        """
        from pyr_heatmap.dispatch import list_orders

        return list_orders(self.compile(**draw_args))

    def to_r_script(self, path: str | os.PathLike[str], *, png: str | None = None,
                    dpi: float = 300.0, **draw_args: Any) -> Path:
        """Write an R script (and its CSV data) that draws the list with ComplexHeatmap.

        ``path`` is the script (its folder must exist); the data files are written next to it,
        named after it (``<stem>_<i>_matrix.csv``, ... for member ``i``); ``png`` the PNG the
        script writes (default ``<stem>_ComplexHeatmap.png``) at ``dpi``; ``draw_args`` are
        :meth:`draw`'s arguments. All text is read by the script from the CSV files as data.
        ``Rscript`` on the script draws the list (R clusters it) and prints the orders
        (:mod:`pyr_heatmap.backends.r.rscript_list`), which equal :meth:`orders`. Returns the
        script's path; raises :class:`InputError` for bad arguments or what the script cannot
        export yet (character matrices, annotation functions), ``OutputError`` when a file
        cannot be written (then none is).
        """
        from pyr_heatmap.dispatch import list_to_r_script

        return list_to_r_script(self.compile(**draw_args), path, png=png, dpi=dpi)

    def crosscheck(self, **draw_args: Any) -> Any:
        """ComplexHeatmap's orders of the list (R clusters it) against :meth:`orders`.

        Takes :meth:`draw`'s arguments; returns a
        :class:`~pyr_heatmap.backends.r.crosscheck_list.ListCrosscheckReport`
        (``report.identical``, ``str(report)``, ``report.to_dict()``). Needs R.
        """
        from pyr_heatmap.dispatch import list_crosscheck

        return list_crosscheck(self.compile(**draw_args))

    def draw(self, backend: str = "auto", *, main_heatmap: Any = None, ht_gap: Any = 2.0,
             row_title: str | None = None, column_title: str | None = None,
             heatmap_legend_side: str = "right", annotation_legend_side: str = "right",
             merge_legend: bool = False, padding: Any = None, auto_adjust: bool = True,
             row_dend_side: str = "original", row_sub_title_side: str = "original",
             column_dend_side: str = "original", column_sub_title_side: str = "original",
             legend_grouping: str = "adjusted", height: Any = None, heatmap_height: Any = None,
             width: Any = None, heatmap_width: Any = None, use_raster: bool | None = None,
             heatmap_legend_list: Any = None, annotation_legend_list: Any = None,
             dpi: float = 100.0, format: str = "png", figure: Any = None,
             **overrides: Any) -> Any:
        """Draw the list, as ComplexHeatmap's ``draw(ht_list, ...)``.

        Parameters
        ----------
        backend : {"auto", "r", "native"}
            ``"r"``: ComplexHeatmap draws the list (``+`` / ``%v%`` and ``draw()`` in R).
            ``"native"``: matplotlib draws it in ComplexHeatmap's layout (no R needed).
            ``"auto"``: R when usable, else native (with a warning, once per process).
        main_heatmap : str, int or Heatmap, optional
            The heatmap whose clustering orders the shared axis: its name, its 0-based position
            in the list, or the object. Default: the first Heatmap (R's default).
        ht_gap : float, str or sequence
            Space between neighbours (default 2 mm): one length, or one per pair.
        row_title, column_title : str, optional
            Titles of the whole list.
        heatmap_legend_side, annotation_legend_side : {"right", "left", "bottom", "top"}
            Both backends draw all four sides.
        merge_legend : bool
            Draw heatmap and annotation legends in one group (R's ``merge_legend``).
        padding : float, str or sequence, optional
            Space around the whole figure: one length, two or four (bottom, left, top, right,
            R's order), recycled as R does; default R's 2 mm (the R backend leaves 8 mm at the
            right for wider fonts unless this is given). R backend only for now.
        auto_adjust : bool
            ``True`` (R's default): only the first and last heatmap keep their row names
            (column names for a vertical list). ``False`` keeps every heatmap's names. R
            backend only for now.
        row_dend_side, row_sub_title_side : {"original", "left", "right"}
            Horizontal list: draw the main heatmap's row dendrogram / slice titles at the left
            of the first member or the right of the last (``"original"``: beside the main
            heatmap). R backend only for now.
        column_dend_side, column_sub_title_side : {"original", "top", "bottom"}
            The same for a vertical list. R backend only for now.
        legend_grouping : {"adjusted", "original"}
            Which legends go with the heatmap legends (R's rule). R backend only for now.
        height, heatmap_height : float or str, optional
            Horizontal list: the body height of every heatmap (``height``; the compiled specs
            carry it, so both backends draw it) or the whole height of every heatmap with its
            annotations and names (``heatmap_height``; R backend only for now). Only one of the
            two; an absolute length (mm or ``"8cm"``).
        width, heatmap_width : float or str, optional
            The same for a vertical list.
        use_raster : bool, optional
            Set on every heatmap of the list (the compiled specs carry it).
        heatmap_legend_list, annotation_legend_list
            Extra legends (R's ``Legend()`` objects): not supported yet, raises
            :class:`InputError` when given.
        dpi, format
            Resolution and format of the image R draws (as :meth:`Heatmap.draw`); the native
            figure's resolution.
        figure : matplotlib Figure or SubFigure, optional
            Native backend: draw into this figure; the bodies fill what the other parts leave
            free (heatmaps without ``width=`` share the width in proportion to their number
            of columns, as in ComplexHeatmap).
        **overrides
            Set on the main heatmap before it is clustered, as R's ``draw()`` does. Horizontal
            list: ``row_split``, ``row_km``, ``row_km_repeats``, ``row_gap``, ``cluster_rows``,
            ``cluster_row_slices``, ``clustering_distance_rows``, ``clustering_method_rows``,
            ``row_dend_reorder``, ``show_row_dend``, ``row_dend_width``, ``row_order``; a
            vertical list takes the ``column_*`` counterparts. ``row_order`` (0-based positions
            or names) without ``cluster_rows`` turns the main heatmap's clustering off, as R's
            ``draw()`` does; with ``cluster_rows=True`` (or a function) R clusters within the
            slices of that order (see :func:`~pyr_heatmap.figure.axes.clustered_with_order`).

        Every argument lands in the compiled :class:`HeatmapListSpec`: lengths in mm in
        ``draw_args``, the main heatmap's settings in ``overrides`` and in its spec.

        Returns
        -------
        DrawnHeatmapList
            ``row_order``, ``column_order`` (a dict by heatmap name for the axis the heatmaps
            do not share), the image, ``save()``.
        """
        from pyr_heatmap.dispatch import draw_list

        spec = self.compile(main_heatmap=main_heatmap, ht_gap=ht_gap, row_title=row_title,
                            column_title=column_title, heatmap_legend_side=heatmap_legend_side,
                            annotation_legend_side=annotation_legend_side,
                            merge_legend=merge_legend, padding=padding, auto_adjust=auto_adjust,
                            row_dend_side=row_dend_side, row_sub_title_side=row_sub_title_side,
                            column_dend_side=column_dend_side,
                            column_sub_title_side=column_sub_title_side,
                            legend_grouping=legend_grouping, height=height,
                            heatmap_height=heatmap_height, width=width,
                            heatmap_width=heatmap_width, use_raster=use_raster,
                            heatmap_legend_list=heatmap_legend_list,
                            annotation_legend_list=annotation_legend_list, **overrides)
        return draw_list(spec, backend, dpi=dpi, format=format, figure=figure)


def _resolved_reorder(ht: Heatmap, w: str) -> Any:
    """``*_dend_reorder`` as R's Heatmap() fixed it from the heatmap's own arguments."""
    given = getattr(ht, f"{w}_dend_reorder")
    if given is not None:
        return given
    cl = getattr(ht, f"cluster_{w}s")
    if cl is None:  # unset: R's default cluster_rows = TRUE (a logical), so reordered
        return True
    return isinstance(cl, (bool, np.bool_)) or (callable(cl) and not isinstance(cl, HClust))


def _with_overrides(ht: Heatmap, w: str, overrides: dict[str, Any]) -> Heatmap:
    """A copy of the main heatmap with draw()'s arguments set as make_layout() sets them."""
    out = copy.copy(ht)
    size = "row_dend_width" if w == "row" else "column_dend_height"
    split = overrides.get(f"{w}_split")
    clustered = overrides.get(f"cluster_{w}s", getattr(ht, f"cluster_{w}s"))
    if split is not None and np.ndim(split) == 0 and clustered is False:
        raise InputError(
            f"since the main heatmap does not cluster its {w}s, {w}_split cannot be a number "
            f"(R refuses it, or with draw(cluster_{w}s = FALSE) or {w}_order returns a "
            f"meaningless order); give one label per {w} or cluster the main heatmap"
        )
    for key, value in overrides.items():
        if key == f"cluster_{w}s":
            original = getattr(ht, key)
            # R keeps the heatmap's dendrogram reordering fixed by Heatmap(), and a given tree
            # or function stays when draw() only says TRUE
            out.__dict__[f"{w}_dend_reorder"] = _resolved_reorder(ht, w)
            if value is True and original is not None and not isinstance(
                    original, (bool, np.bool_)):
                continue
            out.__dict__[key] = value
            if value is False:
                out.__dict__[f"show_{w}_dend"] = False
        elif key == f"{w}_dend_{'width' if w == 'row' else 'height'}":
            out.__dict__[size] = value
        else:
            out.__dict__[key] = value
    if f"{w}_dend_reorder" in overrides:
        out.__dict__[f"{w}_dend_reorder"] = overrides[f"{w}_dend_reorder"]
    return out


def _follower(ht: Heatmap, w: str, main_axis: Any, sizes: dict[str, float]) -> HeatmapSpec:
    """A heatmap that is not the main one: its shared axis takes the main heatmap's order."""
    out = copy.copy(ht)
    out.__dict__.update({f"cluster_{w}s": False, f"{w}_split": None, f"{w}_km": 1,
                         f"{w}_dend_reorder": None, f"{w}_order": None, **sizes})
    spec = out.compile()
    mine = getattr(spec, w)
    if mine.n != main_axis.n:
        raise InputError(
            f"every heatmap of a {'horizontal' if w == 'row' else 'vertical'} list needs the same "
            f"number of {w}s: {ht.name!r} has {mine.n}, the main heatmap {main_axis.n}"
        )
    axis = dataclasses.replace(main_axis, labels=mine.labels, show_dend=False, title=None,
                               show_names=mine.show_names, names_fontsize=mine.names_fontsize,
                               names_rot=mine.names_rot, before=mine.before, after=mine.after,
                               names_side=mine.names_side, names_font=mine.names_font,
                               display=mine.display)
    r_args = dict(spec.r_args)
    return dataclasses.replace(spec, **{w: axis}, r_args=r_args)


def _rastered(spec: HeatmapSpec, use_raster: bool | None) -> HeatmapSpec:
    """draw(use_raster = ) is set on every heatmap of the list."""
    if use_raster is None:
        return spec
    return dataclasses.replace(spec, use_raster=use_raster)


def _block(ann: HeatmapAnnotation, labels: tuple[str, ...]) -> AnnotationBlock:
    """A row (column) annotation member of a horizontal (vertical) list."""
    side = "right" if ann.which == "row" else "top"
    tracks = ann.resolve(labels, 0, side=side)
    return AnnotationBlock(
        tuple(tracks), to_mm(ann.simple_anno_size, "simple_anno_size"), to_mm(ann.gap, "gap"),
        _colour(ann.na_col, "annotation na_col"), show_name=ann.show_annotation_name,
        **ann.block_options(),
    )
