"""The native backend draws heatmap lists as ComplexHeatmap 2.14.0 lays them out.

Orders and legend titles are compared with a list live R builds itself from the same data and
draws (tests/r/heatmap_list.R, ``hl_drawn``); the geometry is read from the drawn matplotlib
artists (axes positions, the dendrogram's path, text extents), never from the layout code.
"""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np
import pandas as pd
import pytest
from matplotlib.figure import Figure

from pyr_heatmap import Heatmap, HeatmapAnnotation, rowAnnotation
from pyr_heatmap.backends.native.plotter import text_boxes_mm
from pyr_heatmap.errors import InputError
from pyr_heatmap.figure.heatmap_list import HeatmapList

RNG = np.random.default_rng(20261201)
N = 15
ROWS = [f"gene{i}" for i in range(N)]
MATS = {
    "A": pd.DataFrame(RNG.normal(size=(N, 6)), index=ROWS, columns=[f"a{j}" for j in range(6)]),
    "B": pd.DataFrame(RNG.normal(size=(N, 4)), index=ROWS, columns=[f"b{j}" for j in range(4)]),
    "C": pd.DataFrame(RNG.normal(size=(N, 5)) * 3, index=ROWS,
                      columns=[f"c{j}" for j in range(5)]),
}
GROUPS = {"grp": ["x", "y", "z"] * (N // 3)}
TOP = ["p", "q"] * 3  # an annotation of A's 6 columns (rows of the vertical list)

# name -> (members [(name, Heatmap args)], direction, draw() args)
CASES: dict[str, tuple[list[tuple[str, dict[str, Any]]], str, dict[str, Any]]] = {
    "two": ([("A", {}), ("B", {})], "horizontal", {"ht_gap": 5.0}),
    "two_split": ([("A", {}), ("B", {})], "horizontal", {"row_split": 3}),
    "three_anno": ([("A", {"top_anno": TOP}), ("grp", {}), ("B", {}), ("C", {"width_mm": 8.0})],
                   "horizontal", {"row_split": 2}),
    "merged": ([("A", {"top_anno": TOP}), ("grp", {}), ("B", {})], "horizontal",
               {"merge_legend": True}),
    "main_not_first": ([("A", {}), ("B", {}), ("C", {})], "horizontal",
                       {"main_heatmap": "B", "row_split": 2}),
    "vertical": ([("A", {"left_anno": TOP}), ("grp", {}), ("B", {})], "vertical",
                 {"column_split": 2}),
}


def _mat(name: str, direction: str) -> pd.DataFrame:
    return MATS[name] if direction == "horizontal" else MATS[name].T


def _py_list(case: str) -> tuple[HeatmapList, dict[str, Any]]:
    members, direction, dargs = CASES[case]
    objs: list[Any] = []
    for name, args in members:
        if name in GROUPS:
            objs.append(rowAnnotation(grp=GROUPS[name]) if direction == "horizontal"
                        else HeatmapAnnotation(grp=GROUPS[name]))
            continue
        kw = dict(args)
        if "top_anno" in kw:
            kw["top_annotation"] = HeatmapAnnotation(top=kw.pop("top_anno"))
        if "left_anno" in kw:
            kw["left_annotation"] = rowAnnotation(left=kw.pop("left_anno"))
        if "width_mm" in kw:
            kw["width"] = f"{kw.pop('width_mm')}mm"
        objs.append(Heatmap(_mat(name, direction), name=name, **kw))
    out = objs[0]
    for o in objs[1:]:
        out = out + o if direction == "horizontal" else out / o
    return out, dict(dargs)


_R_CACHE: dict[str, Any] = {}


def _r_drawn(r: Any, case: str) -> dict[str, Any]:
    if case not in _R_CACHE:
        members, direction, dargs = CASES[case]
        names = [n for n, _ in members]
        mats = {n: _mat(n, direction).to_numpy() for n in names if n in MATS}
        hargs = {n: dict(a) for n, a in members if n in MATS}
        annos = {n: GROUPS[n] for n in names if n in GROUPS}
        _R_CACHE[case] = r.call("hl_drawn", mats, hargs, names, direction, dict(dargs), annos)
    return _R_CACHE[case]


def _plain(order: Any, plus: int = 0) -> Any:
    if isinstance(order, dict):
        return {str(k): _plain(v, plus) for k, v in order.items()}
    return [int(v) + plus for v in np.asarray(order).ravel()]


# -- reading the drawn figure ------------------------------------------------------------------
def _fig_mm(fig: Any) -> tuple[float, float]:
    w, h = fig.get_size_inches() * 25.4
    return float(w), float(h)


def _box(ax: Any) -> tuple[float, float, float, float]:
    """(left, top, right, bottom) of an axes, mm from the figure's top-left corner."""
    w, h = _fig_mm(ax.figure)
    p = ax.get_position()
    return p.x0 * w, (1 - p.y1) * h, p.x1 * w, (1 - p.y0) * h


def _axes(fig: Any) -> dict[str, Any]:
    return {ax.get_label(): ax for ax in fig.axes}


def _bodies(fig: Any, name: str) -> dict[tuple[int, int], Any]:
    out = {}
    for label, ax in _axes(fig).items():
        if label.startswith(f"{name}|body:"):
            ri, ci = label.split(":")[1:]
            out[int(ri), int(ci)] = ax
    return out


def _to_mm(ax: Any, xy: np.ndarray) -> np.ndarray:
    """Data coordinates of ``ax`` to mm from the figure's top-left corner."""
    fig = ax.figure
    w, h = _fig_mm(fig)
    disp = ax.transData.transform(xy)
    bb = fig.bbox
    return np.column_stack([(disp[:, 0] - bb.x0) / bb.width * w,
                            (bb.y1 - disp[:, 1]) / bb.height * h])


def _cell_centres(ax: Any, along_rows: bool) -> np.ndarray:
    """Centres (mm) of the cells of a body axes along its rows (or columns)."""
    x0, x1 = sorted(ax.get_xlim())
    y0, y1 = sorted(ax.get_ylim())
    if along_rows:
        n = round(y1 - y0)
        pts = np.column_stack([np.full(n, 0.5), np.arange(n) + 0.5])
        return _to_mm(ax, pts)[:, 1]
    n = round(x1 - x0)
    pts = np.column_stack([np.arange(n) + 0.5, np.full(n, 0.5)])
    return _to_mm(ax, pts)[:, 0]


def _dend_leaves(ax: Any, along_rows: bool) -> np.ndarray:
    """Positions (mm) of the leaves of a dendrogram axes: its path's points at height 0."""
    patch = next(p for p in ax.patches if len(p.get_path().vertices))
    v = patch.get_path().vertices
    height = v[:, 0] if along_rows else v[:, 1]
    leaves = v[np.isclose(height, 0.0)]
    mm = _to_mm(ax, leaves)
    return np.unique(np.round(mm[:, 1] if along_rows else mm[:, 0], 6))


def _legend_titles(fig: Any) -> list[str]:
    return [t.get_text() for t in fig.texts if str(t.get_gid() or "").startswith("legend_title:")]


# -- tests -------------------------------------------------------------------------------------
@pytest.mark.needs_r
@pytest.mark.parametrize("case", list(CASES))
def test_native_list_matches_r(r: Any, case: str) -> None:
    hl, dargs = _py_list(case)
    expected = _r_drawn(r, case)
    drawn = hl.draw(backend="native", **dargs)
    assert drawn.backend == "native" and drawn.figure is not None
    assert _plain(drawn.row_order, 1) == _plain(expected["row"])
    assert _plain(drawn.column_order, 1) == _plain(expected["column"])
    fig = drawn.figure
    # legends: the titles ComplexHeatmap draws, in its order
    assert _legend_titles(fig) == list(expected["legends"])
    # no text leaves the canvas
    w, h = _fig_mm(fig)
    boxes = text_boxes_mm(fig, w, h)
    assert len(boxes) and boxes[:, 0].min() >= 0 and boxes[:, 1].min() >= 0
    assert boxes[:, 2].max() <= w and boxes[:, 3].max() <= h
    _check_shared_axis(fig, case)
    # dendrograms across the list: the same heatmaps have one, of R's depth (a heatmap whose
    # neighbours have deeper parts on that side gets a deeper tree, as in R)
    across = "column" if CASES[case][1] == "horizontal" else "row"
    mine = {}
    for label, ax in _axes(fig).items():
        if label.endswith(f"|{across}_dend"):
            b = _box(ax)
            mine[label.split("|")[0]] = b[3] - b[1] if across == "column" else b[2] - b[0]
    theirs = {str(k): float(np.asarray(v).ravel()[0]) for k, v in expected["dend"].items()}
    assert set(mine) == set(theirs)
    for name, depth in theirs.items():
        assert mine[name] == pytest.approx(depth, abs=0.05)


def _check_shared_axis(fig: Any, case: str) -> None:
    """Every heatmap's cells along the shared axis are those of the main heatmap, slice by
    slice; the main heatmap's dendrogram leaves sit on them."""
    members, direction, dargs = CASES[case]
    horizontal = direction == "horizontal"
    names = [n for n, _ in members if n in MATS]
    main = dargs.get("main_heatmap", names[0])
    ref = _bodies(fig, main)
    n_slices = 1 + max(k[0 if horizontal else 1] for k in ref)
    k = 0 if horizontal else 1
    for name in names:
        bodies = _bodies(fig, name)
        for s in range(n_slices):
            mine = next(ax for key, ax in bodies.items() if key[k] == s)
            theirs = next(ax for key, ax in ref.items() if key[k] == s)
            np.testing.assert_allclose(_cell_centres(mine, horizontal),
                                       _cell_centres(theirs, horizontal), atol=1e-6)
            bm, bt = _box(mine), _box(theirs)
            span = (1, 3) if horizontal else (0, 2)
            np.testing.assert_allclose([bm[i] for i in span], [bt[i] for i in span], atol=1e-6)
    # slice gaps: R's default row_gap / column_gap, 1 mm, in every heatmap
    starts = sorted(_box(ax)[1 if horizontal else 0] for key, ax in ref.items() if key[1 - k] == 0)
    ends = sorted(_box(ax)[3 if horizontal else 2] for key, ax in ref.items() if key[1 - k] == 0)
    np.testing.assert_allclose(np.array(starts[1:]) - np.array(ends[:-1]), 1.0, atol=1e-6)
    # the main heatmap's dendrogram: leaves on its cells; no other heatmap draws one
    dend = _axes(fig)[f"{main}|{'row' if horizontal else 'column'}_dend"]
    centres = np.concatenate([_cell_centres(ax, horizontal) for _, ax in sorted(ref.items())])
    np.testing.assert_allclose(_dend_leaves(dend, horizontal), np.sort(centres), atol=1e-3)
    shared_dends = [lab for lab in _axes(fig) if lab.endswith(
        "|row_dend" if horizontal else "|column_dend")]
    assert shared_dends == [f"{main}|{'row' if horizontal else 'column'}_dend"]


def test_ht_gap_is_the_space_between_bodies() -> None:
    hl, dargs = _py_list("two")
    fig = hl.draw(backend="native", **dargs).figure
    a = _box(_bodies(fig, "A")[0, 0])
    b = _box(_bodies(fig, "B")[0, 0])
    assert abs((b[0] - a[2]) - 5.0) < 0.1  # A draws no row names (only the last one does)
    hl3, d3 = _py_list("three_anno")
    fig3 = hl3.draw(backend="native", ht_gap=[3.0, 4.0, 6.0], **d3).figure
    ax = _axes(fig3)
    a_right = _box(ax["A|body:0:0"])[2]
    g = _box(ax["annotation_2|anno:grp:0"])  # members without a name: by position
    b_left = _box(ax["B|body:0:0"])[0]
    b_right = _box(ax["B|body:0:0"])[2]
    c_left = _box(ax["C|body:0:0"])[0]
    assert abs(g[0] - a_right - 3.0) < 0.1
    assert abs(b_left - g[2] - 4.0) < 0.1
    assert abs(c_left - b_right - 6.0) < 0.1
    assert abs(_box(ax["C|body:0:0"])[2] - c_left - 8.0) < 0.05  # width="8mm"


def test_only_the_last_heatmap_draws_row_names() -> None:
    hl, dargs = _py_list("main_not_first")
    fig = hl.draw(backend="native", **dargs).figure
    with_names = {lab.split("|")[0] for lab in _axes(fig) if "|row_names" in lab}
    assert with_names == {"C"}
    texts = [t.get_text() for lab, ax in _axes(fig).items() if lab.startswith("C|row_names")
             for t in ax.texts]
    assert sorted(texts) == sorted(ROWS)


@pytest.mark.needs_r
def test_widths_in_a_given_figure_are_shared_as_in_r(r: Any) -> None:
    """In a 7 x 7 inch figure the heatmaps without width= share the free width in proportion
    to their columns (ComplexHeatmap's null units on a 7 x 7 inch device)."""
    expected = _r_drawn(r, "three_anno")["size"]
    hl, dargs = _py_list("three_anno")
    fig = Figure(figsize=(7, 7))
    drawn = hl.draw(backend="native", figure=fig, **dargs)
    assert drawn.figure is fig

    def width(name: str) -> float:
        boxes = [_box(ax) for ax in _bodies(fig, name).values()]
        return max(b[2] for b in boxes) - min(b[0] for b in boxes)

    ra = float(np.asarray(expected["A"])[0]) / float(np.asarray(expected["B"])[0])
    assert width("A") / width("B") == pytest.approx(ra, rel=1e-3)
    assert width("C") == pytest.approx(float(np.asarray(expected["C"])[0]), abs=0.05)
    w, h = _fig_mm(fig)
    boxes = text_boxes_mm(fig, w, h)
    assert boxes[:, 2].max() <= w + 0.5 and boxes[:, 3].max() <= h + 0.5


def test_auto_falls_back_to_native_and_warns_once(monkeypatch: Any) -> None:
    from pyr_heatmap import dispatch

    monkeypatch.setattr(dispatch.rbridge, "probe", lambda *a: "R is not installed (test)")
    monkeypatch.setattr(dispatch, "_AUTO_WARNED", set())
    hl, dargs = _py_list("two")
    with pytest.warns(UserWarning, match="drawn with the native backend"):
        d1 = hl.draw(backend="auto", **dargs)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        d2 = hl.draw(backend="auto", **dargs)
    assert d1.backend == d2.backend == "native"
    assert d1.to_png(dpi=50)[:4] == b"\x89PNG"
    assert d1._repr_png_()[:4] == b"\x89PNG"


def test_bottom_legends_and_titles_fit(tmp_path: Any) -> None:
    hl, dargs = _py_list("three_anno")
    drawn = hl.draw(backend="native", heatmap_legend_side="bottom",
                    annotation_legend_side="bottom", row_title="genes",
                    column_title="three heatmaps", **dargs)
    fig = drawn.figure
    w, h = _fig_mm(fig)
    boxes = text_boxes_mm(fig, w, h)
    assert boxes[:, 0].min() >= 0 and boxes[:, 2].max() <= w and boxes[:, 3].max() <= h
    bodies_bottom = max(_box(ax)[3] for lab, ax in _axes(fig).items() if "|body:" in lab)
    legend_tops = [_box(ax)[1] for lab, ax in _axes(fig).items() if lab.startswith("legend:")]
    assert legend_tops and min(legend_tops) > bodies_bottom
    titles = {t.get_text() for t in fig.texts if t.get_gid() == "list_title"}
    assert titles == {"genes", "three heatmaps"}
    out = drawn.save(tmp_path / "list.pdf")
    assert out.read_bytes()[:5] == b"%PDF-"


@pytest.mark.parametrize(("heat", "anno"), [("left", "left"), ("top", "top"), ("left", "top")])
def test_left_and_top_legends(heat: str, anno: str) -> None:
    """Legends on the left / at the top: outside the list, the annotation legends outermost,
    every text on the canvas."""
    hl, dargs = _py_list("three_anno")
    fig = hl.draw(backend="native", heatmap_legend_side=heat, annotation_legend_side=anno,
                  column_title="three heatmaps", **dargs).figure
    w, h = _fig_mm(fig)
    boxes = text_boxes_mm(fig, w, h)
    assert boxes[:, 0].min() >= 0 and boxes[:, 1].min() >= 0
    assert boxes[:, 2].max() <= w and boxes[:, 3].max() <= h
    ax = _axes(fig)
    parts = [_box(x) for lab, x in ax.items() if "|" in lab]
    list_left = min(b[0] for b in parts)
    list_top = min(b[1] for b in parts)
    legend = {lab.split(":", 1)[1]: _box(x) for lab, x in ax.items() if lab.startswith("legend:")}
    assert set(legend) == {"A", "grp", "B", "C", "top"}
    for name, b in legend.items():
        side = anno if name == "top" else heat
        if side == "left":
            assert b[2] < list_left
        else:
            assert b[3] < list_top
    if heat == anno == "left":
        assert legend["top"][2] < min(legend[n][0] for n in ("A", "grp", "B", "C"))
    if heat == anno == "top":
        assert legend["top"][3] < min(legend[n][1] for n in ("A", "grp", "B", "C"))


def test_refusals() -> None:
    hl, _ = _py_list("two")
    with pytest.raises(InputError, match="annotation_legend_side"):
        hl.draw(backend="native", annotation_legend_side="middle")
    with pytest.raises(InputError, match="backend='native' only"):
        hl.draw(backend="r", figure=Figure())


def test_row_names_follow_auto_adjust_and_each_heatmaps_own_settings() -> None:
    """R's auto_adjust: names only on the last member with names on the right or the first
    with names on the left; a heatmap that is not the main one keeps its own names' side,
    labels and font."""
    a, b = MATS["A"], MATS["B"]
    labels = [f"L{i}" for i in range(N)]
    fig = (Heatmap(a, name="A") + Heatmap(b, name="B", row_names_side="left")).draw(
        backend="native").figure
    assert not [lab for lab in _axes(fig) if "|row_names" in lab]
    fig = (Heatmap(a, name="A", row_names_side="left")
           + Heatmap(b, name="B", row_labels=labels,
                     row_names_gp={"fontface": "italic"})).draw(backend="native").figure
    ax = _axes(fig)
    a_names = [t for lab, x in ax.items() if lab.startswith("A|row_names") for t in x.texts]
    b_names = [t for lab, x in ax.items() if lab.startswith("B|row_names") for t in x.texts]
    assert sorted(t.get_text() for t in a_names) == sorted(ROWS)
    assert sorted(t.get_text() for t in b_names) == sorted(labels)
    assert {t.get_fontstyle() for t in b_names} == {"italic"}
    assert max(_box(x)[2] for lab, x in ax.items() if lab.startswith("A|row_names")) <= \
        _box(ax["A|body:0:0"])[0] + 1e-6
    assert min(_box(x)[0] for lab, x in ax.items() if lab.startswith("B|row_names")) >= \
        _box(ax["B|body:0:0"])[2] - 1e-6


@pytest.mark.parametrize("arg", [
    {"padding": 5}, {"auto_adjust": False}, {"row_dend_side": "right"},
    {"row_sub_title_side": "left"}, {"legend_grouping": "original"},
    {"heatmap_height": "8cm"},
])
def test_layout_arguments_only_r_draws_are_refused_natively(arg: dict) -> None:
    # never a silent drop: the native backend names what it does not draw for lists
    hl, dargs = _py_list("two")
    with pytest.raises(InputError, match=f"{next(iter(arg))}.*backend='r'"):
        hl.draw(backend="native", **dargs, **arg)
    # R's default values are fine, and height is drawn (the specs carry it)
    drawn = hl.draw(backend="native", **dargs, padding=None, auto_adjust=True,
                    row_dend_side="original", height="5cm")
    _, top, _, bottom = _box(_bodies(drawn.figure, "A")[0, 0])
    assert abs((bottom - top) - 50.0) < 0.05
