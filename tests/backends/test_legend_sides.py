"""Legends of a single heatmap on every side, merge_legend, in both backends.

R (ComplexHeatmap 2.14.0, drawn by the R backend) reports its legend viewports
(``heatmap_legend`` and ``annotation_legend``, read with grid's deviceLoc); the native backend's
boxes are the extents of the drawn legend artists. Both are checked to lie on the requested
side of the body; the native boxes are compared with R's relative to the body.
"""

from __future__ import annotations

import numpy as np
import pytest

from pyr_heatmap import Heatmap, HeatmapAnnotation, rowAnnotation
from pyr_heatmap.errors import InputError

COMBOS = [("right", "right", False), ("right", "right", True), ("left", "top", False),
          ("bottom", "right", False), ("top", "left", False), ("bottom", "bottom", False),
          ("left", "left", True)]
# native boxes may sit up to this far (mm) from R's, relative to the body: the native backend
# reserves room for the annotation names beside the row annotation ("kind", rotated) before the
# legends, and its legends are measured with matplotlib's DejaVu Sans metrics
TOL_MM = 10.0


def _heatmap() -> Heatmap:
    rng = np.random.default_rng(3)
    m = rng.normal(size=(14, 10))
    ha = HeatmapAnnotation(group=np.array(list("aabbccaabb")), score=np.linspace(0, 1, 10))
    ra = rowAnnotation(kind=np.array(list("xyxyxyxyxyxyxy")))
    return Heatmap(m, name="z", top_annotation=ha, right_annotation=ra)


def _on_side(box, body, side) -> bool:
    x, y, w, h = box
    bx, by, bw, bh = body
    return {"right": x >= bx + bw, "left": x + w <= bx, "top": y + h <= by,
            "bottom": y >= by + bh}[side]


def _overlap(a, b) -> bool:
    return (a[0] < b[0] + b[2] and b[0] < a[0] + a[2]
            and a[1] < b[1] + b[3] and b[1] < a[1] + a[3])


def _groups(layout, hs, as_, merge):
    out = [("legend", hs)]
    if not merge:
        out.append(("annotation_legend", as_))
    return out


@pytest.mark.parametrize(("hs", "as_", "merge"), COMBOS)
def test_native_legends_on_their_sides(hs, as_, merge):
    d = _heatmap().draw(heatmap_legend_side=hs, annotation_legend_side=as_,
                        merge_legend=merge, dpi=100)
    lay = d.layout
    body = lay["body"]
    groups = _groups(lay, hs, as_, merge)
    assert ("annotation_legend" in lay) is (not merge)
    for key, side in groups:
        assert _on_side(lay[key], body, side), (key, side, lay[key], body)
        assert not _overlap(lay[key], body)
    if len(groups) == 2:
        assert not _overlap(lay["legend"], lay["annotation_legend"])
    w_in, h_in = d.figure.get_size_inches()
    for key, _ in groups:
        x, y, w, h = lay[key]
        assert x >= 0 and y >= 0 and x + w <= w_in * 25.4 + 1e-6 and y + h <= h_in * 25.4 + 1e-6


def test_r_legends_on_their_sides_and_match_native(r):
    hm = _heatmap()
    for hs, as_, merge in COMBOS:
        kw = {"heatmap_legend_side": hs, "annotation_legend_side": as_, "merge_legend": merge,
              "dpi": 100}
        rl = hm.draw(backend="r", **kw).layout
        nl = hm.draw(backend="native", **kw).layout
        assert ("annotation_legend" in rl) is (not merge), (hs, as_, merge)
        for key, side in _groups(rl, hs, as_, merge):
            assert _on_side(rl[key], rl["body"], side), (hs, as_, merge, key, rl[key])
            # the legend group's near edge relative to the body, in both backends
            rel_r = np.subtract(rl[key][:2], rl["body"][:2])
            rel_n = np.subtract(nl[key][:2], nl["body"][:2])
            assert np.all(np.abs(rel_r - rel_n) <= TOL_MM), (hs, as_, merge, key, rel_r, rel_n)


def test_default_is_r_default_two_groups_on_the_right():
    lay = _heatmap().draw(dpi=100).layout
    assert lay["annotation_legend"][0] > lay["legend"][0]  # heatmap legends nearest the body


@pytest.mark.parametrize(("key", "value"), [("heatmap_legend_side", "middle"),
                                            ("annotation_legend_side", 3),
                                            ("merge_legend", "yes")])
def test_bad_legend_options_are_typed_errors(key, value):
    with pytest.raises(InputError, match=key):
        _heatmap().draw(**{key: value})


POSITIONS = ("topleft", "topcenter", "leftcenter", "lefttop", "leftcenter-rot", "lefttop-rot")
TITLE = "expression"
# the native colour bar's length and label widths are estimated from matplotlib's DejaVu Sans
# metrics (R measures the labels on its device): legend sizes agree within this (mm)
SIZE_TOL_MM = 5.0


def _title_and_bar(d):
    fig = d.figure
    renderer = fig.canvas.get_renderer()
    title = next(t for t in fig.texts if t.get_gid() == f"legend_title:{TITLE}")
    bar = next(a for a in fig.axes if a.get_label() == f"legend:{TITLE}")
    return title, title.get_window_extent(renderer), bar.get_window_extent(renderer)


def test_title_position_as_complexheatmap(r):
    combos = [(d, p) for d in ("vertical", "horizontal") for p in POSITIONS]
    ref = r.call("lg_title_positions", [d for d, _ in combos], [p for _, p in combos], TITLE)
    m = np.random.default_rng(3).normal(size=(8, 6))
    for direction, pos in combos:
        want = ref[f"{direction} {pos}"]
        param = {"direction": direction, "title_position": pos}
        if not bool(want["ok"][0]):
            with pytest.raises(InputError, match="title_position"):
                Heatmap(m, name=TITLE, heatmap_legend_param=param).draw()
            continue
        d = Heatmap(m, name=TITLE, heatmap_legend_param=param).draw(dpi=100)
        title, tbox, bbox = _title_and_bar(d)
        assert title.get_rotation() == pytest.approx(float(want["rot"][0])), (direction, pos)
        if pos.startswith("left"):  # the title left of the bar
            assert tbox.x1 <= bbox.x0 + 1e-6, (direction, pos)
        else:  # the title above the bar
            assert tbox.y0 >= bbox.y1 - 1e-6, (direction, pos)
        if pos.endswith("center") and pos.startswith("left"):  # centred on the legend's height
            leg = d.layout["legend"]
            mid = (d.figure.bbox.y1 - (tbox.y0 + tbox.y1) / 2) * 25.4 / d.figure.dpi
            assert abs(mid - (leg[1] + leg[3] / 2)) <= 1.5, (direction, pos)
        w, h = d.layout["legend"][2:]
        if pos == "topcenter":  # R centres the title on the bar (a wider title overhangs both
            # ends): the drawn legend's box is centred on the title; a horizontal bar's end
            # labels overhang it unevenly in the native backend (up to half a label, ~2.5 mm)
            leg = d.layout["legend"]
            cx = (tbox.x0 + tbox.x1) / 2 * 25.4 / d.figure.dpi
            tol = 0.5 if direction == "vertical" else 2.5
            assert abs(cx - (leg[0] + leg[2] / 2)) <= tol, (direction, pos)
        else:
            assert abs(w - float(want["width"][0])) <= SIZE_TOL_MM, (direction, pos, w, want)
        assert abs(h - float(want["height"][0])) <= SIZE_TOL_MM, (direction, pos, h, want)
