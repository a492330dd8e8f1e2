"""Draw a :class:`~pyr_heatmap.figure.heatmap_list.HeatmapListSpec` with matplotlib, laid out as
ComplexHeatmap 2.14.0 lays out ``draw(ht1 + ht2 + rowAnnotation(...))`` and ``ht1 %v% ht2``.

What ``make_layout()`` / ``adjust_heatmap_list()`` of a HeatmapList do, and this module draws
(horizontal list; a vertical list is the transpose):

- every body has the main heatmap's height, row slices and row gap, tops and bottoms aligned;
- only the main heatmap keeps its row dendrogram and row titles (``row_dend_side`` and
  ``row_sub_title_side`` are ``"original"``: drawn beside the main heatmap itself);
- ``auto_adjust``: row names are drawn by the last member when it is a heatmap with names on the
  right (or by the first with names on the left), by no other heatmap;
- each heatmap keeps its column dendrogram, names, title and top/bottom annotations; the column
  titles of all heatmaps sit on one line, as do the tops of their bodies;
- ``ht_gap`` (mm) between neighbours; row annotation members take the width of their tracks;
- the list's ``row_title`` / ``column_title`` outside everything, and the legends
  (:mod:`.list_legends`) beyond the list.

Each heatmap is drawn by the single-heatmap parts (:mod:`.parts`) from boxes placed by
:func:`~pyr_heatmap.backends.native.layout.place`; the axes of a member are labelled
``"<heatmap name>|body:0:0"``, ``"<name>|row_dend"``, ... .
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any

from matplotlib.figure import Figure

from pyr_heatmap.backends.native.layout import (
    ANNO_NAME_FS,
    ANNO_PAD,
    LEGEND_PAD,
    MARGIN,
    NAME_PAD,
    Layout,
    _components,
    place,
    sides,
    slice_extents,
    text_extent_mm,
)
from pyr_heatmap.backends.native.legend import legend_area, place_legends
from pyr_heatmap.backends.native.list_legends import check_native_list_args, list_legend_groups
from pyr_heatmap.backends.native.parts import (
    Canvas,
    draw_annotations,
    draw_body,
    draw_dendrograms,
    draw_names,
    draw_titles,
)
from pyr_heatmap.backends.native.plotter import _overflow, _target_size_mm, text_boxes_mm
from pyr_heatmap.figure.heatmap_list import HeatmapListSpec
from pyr_heatmap.figure.sizes import auto_body_size
from pyr_heatmap.figure.spec import AxisSpec, HeatmapSpec
from pyr_heatmap.result.heatmap_list import DrawnHeatmapList, HeatmapListOrders

__all__ = ["draw_list_native", "member_specs"]

LIST_TITLE_FS = 14.0  # draw()'s row_title_gp / column_title_gp of a list
R_PAGE_MM = 7 * 25.4  # the page R's legends are packed on (the R backend's first device)
LIST_TITLE_PAD = 5.5 * 25.4 / 72  # ComplexHeatmap's title padding: 5.5 pt (plus the descent)


@dataclass
class _Member:
    kind: str  # "heatmap" or "annotation"
    name: str
    spec: HeatmapSpec  # annotations: the main heatmap's spec carrying the block
    length: float = 0.0  # body width (horizontal list) / height (vertical), or the block's
    before: float = 0.0  # depth of the components before the body on the list's axis
    after: float = 0.0
    boxes: dict[str, tuple[float, float, float, float]] = field(default_factory=dict)


def _untitled(axis: AxisSpec) -> AxisSpec:
    slices = tuple(dataclasses.replace(s, title="") for s in axis.slices)
    return dataclasses.replace(axis, slices=slices, title=None)


def member_specs(spec: HeatmapListSpec) -> list[tuple[str, str, HeatmapSpec]]:
    """Each member as ComplexHeatmap draws it in the list: ``(kind, name, spec)``.

    Heatmaps other than the main one lose the shared axis' dendrogram and titles; names along
    the shared axis stay only on the last member (names right/bottom) or the first (left/top),
    R's ``auto_adjust``. An annotation member becomes the main heatmap's spec carrying only
    that block (``row.after`` in a horizontal list, ``column.after`` in a vertical one).
    """
    w = "row" if spec.direction == "horizontal" else "column"
    other = "column" if w == "row" else "row"
    n = len(spec.members)
    out = []
    for i, (kind, name, obj) in enumerate(spec.members):
        if kind == "annotation":
            host = spec.main_spec
            bare = {"before": None, "after": None}
            out.append((kind, name, dataclasses.replace(
                host, **{w: dataclasses.replace(getattr(host, w), **{**bare, "after": obj}),
                         other: dataclasses.replace(getattr(host, other), **bare)})))
            continue
        axis = getattr(obj, w)
        if i != spec.main:
            axis = dataclasses.replace(_untitled(axis), show_dend=False)
        side = sides(axis, w == "row")["names"]
        keep = (i == n - 1 and side == "after") or (i == 0 and side == "before")
        axis = dataclasses.replace(axis, show_names=axis.show_names and keep)
        out.append((kind, name, dataclasses.replace(obj, **{w: axis})))
    return out


def _depths(s: HeatmapSpec, is_row: bool) -> tuple[dict[str, float], dict[str, float]]:
    axis = s.row if is_row else s.column
    before, after = _components(s, axis, is_row)
    return dict(before), dict(after)


def _lengths(members: list[_Member], horizontal: bool, free: float | None) -> None:
    """Body lengths along the list: the heatmap's own size; with ``free`` mm to share (a
    figure of given size), the heatmaps without ``width=`` share them in proportion to their
    number of columns, as ComplexHeatmap's null units do."""
    k = 0 if horizontal else 1  # fixed_size[k]; matrix.shape[1 - k]
    for m in members:
        if m.kind == "heatmap":
            nr, nc = m.spec.matrix.shape
            auto = auto_body_size(nr, nc)
            m.length = float((m.spec.width_mm if horizontal else m.spec.height_mm)
                             or auto[k])
        else:
            axis = m.spec.row if horizontal else m.spec.column
            m.length = axis.after.extent_mm()
    if free is None:
        return
    flex = [m for m in members if m.kind == "heatmap" and not m.spec.fixed_size[k]]
    if not flex:
        return
    total = max(sum(m.length for m in flex) + free, 1.0 * len(flex))
    units = [m.spec.matrix.shape[1 - k] for m in flex]
    for m, u in zip(flex, units, strict=True):
        m.length = total * u / sum(units)


@dataclass
class _Plan:
    width: float
    height: float
    members: list[_Member]
    shared_len: float
    heat_xy: tuple[float, float]
    anno_xy: tuple[float, float]
    legend_max: tuple[float, float]
    flows: tuple[str, str]
    titles: list[tuple[float, float, str, float]]  # x, y, text, rotation


def _plan(spec: HeatmapListSpec, specs: list[tuple[str, str, HeatmapSpec]],
          legends: tuple[list[Any], list[Any]], shared_len: float,
          free: float | None) -> _Plan:
    horizontal = spec.direction == "horizontal"
    da = spec.draw_args
    members = [_Member(k, n, s) for k, n, s in specs]
    _lengths(members, horizontal, free)
    heats = [m for m in members if m.kind == "heatmap"]
    # across the list (columns of a horizontal list): titles on one line, bodies aligned
    across = [_depths(m.spec, not horizontal) for m in heats]
    title_b = max((b.get("title", 0.0) for b, _ in across), default=0.0)
    title_a = max((a.get("title", 0.0) for _, a in across), default=0.0)
    comp_b = max((sum(v for k, v in b.items() if k != "title") for b, _ in across), default=0.0)
    comp_a = max((sum(v for k, v in a.items() if k != "title") for _, a in across), default=0.0)
    for m, (b, a) in zip(heats, across, strict=True):
        _stretch_dend(m, not horizontal, b, a, comp_b, comp_a)
    lt_col = text_extent_mm([da["column_title"]], LIST_TITLE_FS)[1] + LIST_TITLE_PAD \
        if da.get("column_title") else 0.0
    lt_row = text_extent_mm([da["row_title"]], LIST_TITLE_FS, 90)[0] + LIST_TITLE_PAD \
        if da.get("row_title") else 0.0
    start = (MARGIN + lt_col if horizontal else MARGIN + lt_row) + title_b + comp_b
    # along the list: each member's components, then the gap
    pos = MARGIN + (lt_row if horizontal else lt_col)
    gaps = list(da.get("ht_gap", (2.0,)))
    gaps = gaps * len(members) if len(gaps) == 1 else [*gaps, 0.0]
    for i, m in enumerate(members):
        if m.kind == "heatmap":
            b, a = _depths(m.spec, horizontal)
            m.before, m.after = sum(b.values()), sum(a.values())
        body0 = pos + m.before
        if m.kind == "heatmap":
            bw, bh = (m.length, shared_len) if horizontal else (shared_len, m.length)
            bx, by = (body0, start) if horizontal else (start, body0)
            s_b, _ = _depths(m.spec, not horizontal)
            depth_before = sum(s_b.values())
            pad = (bx - (m.before if horizontal else depth_before),
                   by - (depth_before if horizontal else m.before), 0.0, 0.0)
            lay = place(m.spec, [], bw, bh, pad, {"padding": (0.0, 0.0, 0.0, 0.0)})
            m.boxes = dict(lay.boxes)
            _align_title(m.boxes, horizontal, start, shared_len, comp_b, comp_a)
        else:
            key = "row_anno_after" if horizontal else "column_anno_after"
            if horizontal:
                m.boxes = {"body": (body0 - ANNO_PAD, start, 0.0, shared_len),
                           key: (body0 - ANNO_PAD, start, m.length + ANNO_PAD, shared_len)}
            else:
                m.boxes = {"body": (start, body0 - ANNO_PAD, shared_len, 0.0),
                           key: (start, body0 - ANNO_PAD, shared_len, m.length + ANNO_PAD)}
        pos = body0 + m.length + m.after + (gaps[i] if i < len(members) - 1 else 0.0)
    along_end = pos
    across_end = start + shared_len + comp_a + title_a
    if horizontal:  # names of row annotation members hang below the bodies
        names = [t.name for m in members if m.kind == "annotation"
                 for t in m.spec.row.after.tracks if m.spec.row.after.show_name]
        if names:
            across_end = max(across_end, start + shared_len + NAME_PAD
                             + text_extent_mm(names, ANNO_NAME_FS, 90)[1])
    right, bottom = (along_end, across_end) if horizontal else (across_end, along_end)
    titles = []  # centred on the list, outside the other title
    if da.get("column_title"):
        titles.append(((MARGIN + lt_row + right) / 2, MARGIN + lt_col / 2,
                       str(da["column_title"]), 0.0))
    if da.get("row_title"):
        titles.append((MARGIN + lt_row / 2, (MARGIN + lt_col + bottom) / 2,
                       str(da["row_title"]), 90.0))
    body_mid = start + shared_len / 2 if horizontal else None
    plan = _Plan(right, bottom, members, shared_len, (0, 0), (0, 0), (0, 0),
                 ("vertical", "vertical"), titles)
    _place_legends(plan, legends, da, body_mid)
    return plan


def _stretch_dend(m: _Member, is_row: bool, before: dict[str, float], after: dict[str, float],
                  comp_b: float, comp_a: float) -> None:
    """A dendrogram across the list fills the room the other heatmaps' parts take on its side
    (``adjust_heatmap_list()`` sets the dendrogram component to the largest depth minus the
    names and annotations; the tree is drawn over the whole component)."""
    comps = before if "dend" in before else after if "dend" in after else None
    if comps is None:
        return
    room = (comp_b if comps is before else comp_a) - sum(v for k, v in comps.items()
                                                         if k != "title")
    if room <= 1e-9:
        return
    w = "row" if is_row else "column"
    axis = getattr(m.spec, w)
    m.spec = dataclasses.replace(m.spec, **{w: dataclasses.replace(axis,
                                                                   dend_mm=axis.dend_mm + room)})


def _align_title(boxes: dict, horizontal: bool, start: float, length: float, comp_b: float,
                 comp_a: float) -> None:
    """Put a heatmap's title (across the list) at the list's common title line."""
    w = "column" if horizontal else "row"
    key = f"{w}_title"
    if key not in boxes:
        return
    x, y, bw, bh = boxes[key]
    if horizontal:
        before = y < start
        boxes[key] = (x, start - comp_b - bh if before else start + length + comp_a, bw, bh)
    else:
        before = x < start
        boxes[key] = (start - comp_b - bw if before else start + length + comp_a, y, bw, bh)


def _shift(plan: _Plan, dx: float, dy: float) -> None:
    """Move the list by (dx, dy) mm (room for legends on the left or at the top)."""
    for m in plan.members:
        m.boxes = {k: (x + dx, y + dy, w, h) for k, (x, y, w, h) in m.boxes.items()}
    plan.titles = [(x + dx, y + dy, t, r) for x, y, t, r in plan.titles]
    plan.width += dx
    plan.height += dy


def _place_legends(plan: _Plan, legends: tuple[list[Any], list[Any]], da: dict[str, Any],
                   body_mid: float | None) -> None:
    """Heatmap legends beside the list, annotation legends beyond them, on each group's side.

    As ComplexHeatmap packs them: in columns (rows) no longer than the page the R backend
    measures on (7 inches) or the body; each group centred on the bodies (left/right) or on
    the list (top/bottom), and two groups on one side start on one line (R's
    ``align_legend``); on the left and at the top the annotation legends are the outer ones.
    """
    sides_ = (da.get("heatmap_legend_side", "right"), da.get("annotation_legend_side", "right"))
    page = R_PAGE_MM - 2 * MARGIN
    sizes, maxes, flows = [], [], []
    for group, side in zip(legends, sides_, strict=True):
        flow = "vertical" if side in ("left", "right") else "horizontal"
        max_len = max(page, plan.shared_len if flow == "vertical" else plan.width - MARGIN)
        sizes.append(legend_area(group, max_len, flow) if group else (0.0, 0.0))
        maxes.append(max_len)
        flows.append(flow)
    shown = [k for k in (0, 1) if legends[k]]
    pre_w = sum(LEGEND_PAD + sizes[k][0] for k in shown if sides_[k] == "left")
    pre_h = sum(LEGEND_PAD + sizes[k][1] for k in shown if sides_[k] == "top")
    _shift(plan, pre_w, pre_h)
    right, bottom = plan.width, plan.height
    mid_y = (body_mid + pre_h) if body_mid is not None else (MARGIN + pre_h + bottom) / 2
    mid_x = (MARGIN + pre_w + right) / 2
    # one line for two groups on one side: the start of the longer group, centred
    start = {}
    for side in ("left", "right", "top", "bottom"):
        ks = [k for k in shown if sides_[k] == side]
        if side in ("left", "right"):
            start[side] = max(MARGIN, min((mid_y - sizes[k][1] / 2 for k in ks), default=0.0))
        else:
            start[side] = max(MARGIN, min((mid_x - sizes[k][0] / 2 for k in ks), default=0.0))
    xy: list[tuple[float, float]] = [(0.0, 0.0), (0.0, 0.0)]
    outer_x = outer_y = MARGIN
    for k in (1, 0):  # left / top: the annotation legends outermost
        lw, lh = sizes[k]
        if sides_[k] == "left":
            xy[k] = (outer_x, start["left"])
            if legends[k]:
                outer_x += lw + LEGEND_PAD
                bottom = max(bottom, start["left"] + lh)
        elif sides_[k] == "top":
            xy[k] = (start["top"], outer_y)
            if legends[k]:
                outer_y += lh + LEGEND_PAD
                right = max(right, start["top"] + lw)
    for k in (0, 1):  # right / bottom: the heatmap legends nearest the list
        lw, lh = sizes[k]
        if sides_[k] == "right":
            xy[k] = (right + LEGEND_PAD, start["right"])
            if legends[k]:
                right += LEGEND_PAD + lw
                bottom = max(bottom, start["right"] + lh)
        elif sides_[k] == "bottom":
            xy[k] = (start["bottom"], bottom + LEGEND_PAD)
            if legends[k]:
                bottom += LEGEND_PAD + lh
                right = max(right, start["bottom"] + lw)
    plan.heat_xy, plan.anno_xy = xy
    plan.legend_max = (maxes[0], maxes[1])
    plan.flows = (flows[0], flows[1])
    plan.width = right + MARGIN
    plan.height = bottom + MARGIN


def _draw_member(cv: Canvas, m: _Member, shared_ext: list, horizontal: bool) -> None:
    s = m.spec
    lay = Layout(0.0, 0.0, m.boxes)
    body = m.boxes["body"]
    own_axis = s.column if horizontal else s.row
    own_len = body[2] if horizontal else body[3]
    own_ext = slice_extents([len(x.indices) for x in own_axis.slices], own_len, own_axis.gap_mm)
    row_ext, col_ext = (shared_ext, own_ext) if horizontal else (own_ext, shared_ext)
    first = len(cv._axes)
    if m.kind == "heatmap":
        draw_body(cv, s, lay, row_ext, col_ext)
        draw_dendrograms(cv, s, lay, row_ext, col_ext)
    draw_annotations(cv, s, lay, row_ext, col_ext)
    if m.kind == "heatmap":
        draw_names(cv, s, lay, row_ext, col_ext)
        draw_titles(cv, s, lay, row_ext, col_ext)
    for ax, _ in cv._axes[first:]:
        ax.set_label(f"{m.name}|{ax.get_label()}")


def draw_list_native(spec: HeatmapListSpec, *, dpi: float = 100.0, figure: Any = None,
                     reason: str = "") -> DrawnHeatmapList:
    """Draw the list with matplotlib; orders come from the spec (never re-computed).

    Parameters
    ----------
    spec : HeatmapListSpec
    dpi : float
        Resolution of the figure.
    figure : matplotlib Figure or SubFigure, optional
        Draw into it: the shared body length and the widths (heights) of the heatmaps
        without ``width=`` (``height=``) fill what the other parts leave free, those shared
        in proportion to the heatmaps' numbers of columns (rows) as ComplexHeatmap does.
    reason : str
        Why this backend drew it (kept on the result).

    Raises
    ------
    InputError
        ``heatmap_legend_side`` / ``annotation_legend_side`` not a side (right, bottom, left,
        top), or a layout argument only the R backend draws (``padding``, ``auto_adjust=False``,
        ``*_dend_side``, ``*_sub_title_side``, ``legend_grouping``, ``heatmap_height`` /
        ``heatmap_width``, extra legends).
    """
    check_native_list_args(spec.draw_args)
    horizontal = spec.direction == "horizontal"
    specs = member_specs(spec)
    legends = list_legend_groups(spec)
    main = spec.main_spec
    k = 1 if horizontal else 0
    auto = auto_body_size(*main.matrix.shape)
    shared_len = float((main.height_mm if horizontal else main.width_mm) or auto[k])
    plan = _plan(spec, specs, legends, shared_len, None)
    if figure is not None:
        fw, fh = _target_size_mm(figure)
        along_free = (fw - plan.width) if horizontal else (fh - plan.height)
        if not main.fixed_size[k]:
            shared_len = max(10.0, shared_len + ((fh - plan.height) if horizontal
                                                 else (fw - plan.width)))
        plan = _plan(spec, specs, legends, shared_len, along_free)
        fig, cv = figure, Canvas(figure, fw, fh)
    else:
        fig = Figure(figsize=(plan.width / 25.4, plan.height / 25.4), dpi=dpi,
                     facecolor="white")
        cv = Canvas(fig, plan.width, plan.height)
    shared_axis = main.row if horizontal else main.column
    shared_ext = slice_extents([len(s.indices) for s in shared_axis.slices], plan.shared_len,
                               shared_axis.gap_mm)
    for m in plan.members:
        _draw_member(cv, m, shared_ext, horizontal)
    for x, y, text, rot in plan.titles:
        cv.text(x, y, text, fontsize=LIST_TITLE_FS, rotation=rot, ha="center", va="center",
                gid="list_title")
    place_legends(cv, legends[0], *plan.heat_xy, plan.legend_max[0], plan.flows[0])
    place_legends(cv, legends[1], *plan.anno_xy, plan.legend_max[1], plan.flows[1])
    if figure is None:
        over = _overflow(text_boxes_mm(fig, cv.w, cv.h), cv.w, cv.h)
        if any(v > 0 for v in over):
            w, h = cv.w + over[0] + over[2], cv.h + over[1] + over[3]
            fig.set_size_inches(w / 25.4, h / 25.4)
            cv.resize(w, h, over[0], over[1])
    orders = HeatmapListOrders(spec)
    drawn = DrawnHeatmapList(spec, "native", row_order=orders.row_order,
                             column_order=orders.column_order, reason=reason, figure=fig)
    drawn.layout = _drawn_boxes(cv)
    return drawn


def _drawn_boxes(cv: Canvas) -> dict[str, Any]:
    """Boxes (x, y, w, h; mm from the top-left corner) of each member's drawn axes, by label
    (``"name|body:0:0"``...), after the fit check moved them."""
    return {ax.get_label(): box for ax, box in cv._axes}
