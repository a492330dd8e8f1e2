"""The remaining draw() arguments of heatmap lists.

``row_order``/``column_order`` given to ``draw(ht_list, ...)``: the orders computed in Python
(``HeatmapList.orders()``) and read back by the R backend equal ``row_order(draw(ht_list, ...))``
of a list live R builds itself from the same data (``hla_orders`` in tests/r/heatmap_list_args.R).
The layout arguments (padding, auto_adjust, heights, widths, dendrogram and title sides) reach R's
``draw()``: the R backend's image has the size ComplexHeatmap itself gives the same list drawn
with the same arguments (``hla_size`` in tests/r/heatmap_list_args.R).
"""

from __future__ import annotations

import io
from typing import Any

import numpy as np
import pandas as pd
import pytest

from pyr_heatmap import Heatmap
from pyr_heatmap.errors import InputError

RNG = np.random.default_rng(20261201)
N = 15
ROWS = [f"g{i}" for i in range(N)]
MATS = {name: pd.DataFrame(RNG.normal(size=(N, ncol)) * scale, index=ROWS,
                           columns=[f"{name.lower()}{j}" for j in range(ncol)])
        for name, ncol, scale in (("A", 5, 1.0), ("B", 4, 1.0), ("C", 6, 2.0))}
A, B, C = MATS["A"], MATS["B"], MATS["C"]
GROUPS = ["x", "y", "z"] * (N // 3)
ORDER = RNG.permutation(N)  # 0-based, Python's convention


def _one_based(order: Any) -> Any:
    if isinstance(order, dict):
        return {str(k): _one_based(v) for k, v in order.items()}
    return [int(v) + 1 for v in np.asarray(order).ravel()]


def _r_plain(o: Any) -> Any:
    if isinstance(o, dict):
        return {str(k): _r_plain(v) for k, v in o.items()}
    return [int(v) for v in np.asarray(o).ravel()]


def _r_dargs(dargs: dict[str, Any]) -> dict[str, Any]:
    """draw()'s arguments as an R user writes them: orders 1-based (names stay names)."""
    out = dict(dargs)
    for key in ("row_order", "column_order"):
        if key in out and not isinstance(out[key][0], str):
            out[key] = [int(v) + 1 for v in out[key]]
    return out


def _parity(r: Any, direction: str, dargs: dict[str, Any], main: str = "A",
            draw_r: bool = False) -> dict[str, Any]:
    names = ["A", "B", "C"]
    mats = {n: MATS[n].to_numpy() if direction == "horizontal" else MATS[n].to_numpy().T
            for n in names}
    r_dargs = {**_r_dargs(dargs), "main_heatmap": main}
    out = r.call("hla_orders", mats, {n: {} for n in names}, names, direction, r_dargs, {})
    expected = {"row": _r_plain(out["row"]), "column": _r_plain(out["column"])}
    frames = [MATS[n] if direction == "horizontal" else MATS[n].T for n in names]
    hts = [Heatmap(f, name=n) for f, n in zip(frames, names, strict=True)]
    hl = hts[0] + hts[1] + hts[2] if direction == "horizontal" else hts[0] / hts[1] / hts[2]
    got = hl.orders(main_heatmap=main, **dargs)
    assert {"row": _one_based(got.row_order), "column": _one_based(got.column_order)} == expected
    if draw_r:
        drawn = hl.draw(backend="r", main_heatmap=main, **dargs)
        assert {"row": _one_based(drawn.row_order),
                "column": _one_based(drawn.column_order)} == expected
    return expected


# --------------------------------------------------------------------------------------------
# row_order / column_order at draw level
# --------------------------------------------------------------------------------------------
CASES = {
    "order": ({"row_order": list(ORDER)}, True),
    "order-split": ({"row_order": list(ORDER), "row_split": GROUPS}, True),
    "order-clustered": ({"row_order": list(ORDER), "cluster_rows": True}, False),
    "order-clustered-split": ({"row_order": list(ORDER), "cluster_rows": True,
                               "row_split": GROUPS}, True),
    "order-clustered-split-unordered-slices": ({"row_order": list(ORDER), "cluster_rows": True,
                                                "row_split": GROUPS,
                                                "cluster_row_slices": False}, False),
    "order-clustered-split-no-reorder": ({"row_order": list(ORDER), "cluster_rows": True,
                                          "row_split": GROUPS, "row_dend_reorder": False},
                                         False),
    "order-clustered-split-k": ({"row_order": list(ORDER), "cluster_rows": True,
                                 "row_split": 3}, False),
}


@pytest.mark.needs_r
@pytest.mark.parametrize("case", list(CASES))
def test_draw_row_order_of_a_horizontal_list(r: Any, case: str) -> None:
    dargs, draw_r = CASES[case]
    exp = _parity(r, "horizontal", dargs, draw_r=draw_r)
    if case == "order":  # clustering off: the given order itself
        assert exp["row"] == [int(v) + 1 for v in ORDER]


@pytest.mark.needs_r
def test_draw_row_order_on_another_main_heatmap(r: Any) -> None:
    _parity(r, "horizontal", {"row_order": list(ORDER), "row_split": GROUPS}, main="C",
            draw_r=True)


@pytest.mark.needs_r
@pytest.mark.parametrize("dargs", [
    {"column_order": list(ORDER)},
    {"column_order": list(ORDER), "column_split": GROUPS},
    {"column_order": list(ORDER), "cluster_columns": True, "column_split": GROUPS},
], ids=["order", "order-split", "order-clustered-split"])
def test_draw_column_order_of_a_vertical_list(r: Any, dargs: dict[str, Any]) -> None:
    _parity(r, "vertical", dargs, draw_r="cluster_columns" in dargs)


@pytest.mark.needs_r
@pytest.mark.parametrize("dargs", [{}, {"row_split": GROUPS},
                                   {"row_split": GROUPS, "row_dend_reorder": False}],
                         ids=["unsplit", "split", "split-no-reorder"])
def test_draw_row_order_with_a_clustering_function(r: Any, dargs: dict[str, Any]) -> None:
    """draw(row_order =, cluster_rows = function(m) hclust(dist(m), "average")): R gives the
    function each slice's rows in the given order."""
    from pyr_heatmap import dist, hclust

    names = ["A", "B"]
    out = r.call("hla_orders_fun", {n: MATS[n].to_numpy() for n in names}, names,
                 _r_dargs({**dargs, "row_order": list(ORDER)}), "average")
    hl = Heatmap(A, name="A") + Heatmap(B, name="B")
    got = hl.orders(row_order=list(ORDER), cluster_rows=lambda m: hclust(dist(m), "average"),
                    **dargs)
    assert _one_based(got.row_order) == _r_plain(out["row"])


def test_draw_row_order_by_names_is_the_order_by_positions() -> None:
    hl = Heatmap(A, name="A") + Heatmap(B, name="B")
    by_name = hl.orders(row_order=[ROWS[i] for i in ORDER], row_split=GROUPS).row_order
    by_pos = hl.orders(row_order=list(ORDER), row_split=GROUPS).row_order
    assert list(by_name) == list(by_pos)
    for k in by_pos:
        np.testing.assert_array_equal(by_name[k], by_pos[k])


def test_a_single_heatmap_takes_the_same_rules() -> None:
    """Heatmap(row_order=, cluster_rows=True, row_split=) orders as the list's main heatmap."""
    ht = Heatmap(A, name="A", row_order=list(ORDER), cluster_rows=True, row_split=GROUPS)
    single = ht.compile().row
    listed = (Heatmap(A, name="A") + Heatmap(B, name="B")).orders(
        row_order=list(ORDER), cluster_rows=True, row_split=GROUPS).row_order
    assert [s.title for s in single.slices] == list(listed)
    for s in single.slices:
        np.testing.assert_array_equal(s.indices, listed[s.title])


# --------------------------------------------------------------------------------------------
# layout arguments reach R's draw()
# --------------------------------------------------------------------------------------------
HARGS = {"width": 25.0, "height": 40.0, "row_names_gp": 9.0, "column_names_gp": 9.0}
LAYOUTS = {
    "padding": {"padding": [10.0, 20.0]},
    "no-auto-adjust": {"auto_adjust": False, "padding": [2.0, 2.0, 2.0, 8.0]},
    "heatmap-height": {"heatmap_height": 90.0, "padding": [2.0, 2.0, 2.0, 8.0]},
    "height": {"height": 70.0, "padding": [2.0, 2.0, 2.0, 8.0]},
}


def _png_size(image: bytes) -> tuple[int, int]:
    from PIL import Image

    with Image.open(io.BytesIO(image)) as im:
        return im.size


@pytest.mark.needs_r
@pytest.mark.parametrize("case", list(LAYOUTS))
def test_layout_arguments_size_the_figure_as_r_does(r: Any, case: str) -> None:
    dargs = LAYOUTS[case]
    fonts = {"row_names_gp": {"fontsize": 9.0}, "column_names_gp": {"fontsize": 9.0}}
    hl = (Heatmap(A, name="A", width=25.0, height=40.0, **fonts)
          + Heatmap(B, name="B", width=25.0, height=40.0, **fonts))
    drawn = hl.draw(backend="r", dpi=100, **dargs)
    r_dargs = dict(dargs)
    dimnames = {n: {"rows": list(MATS[n].index), "cols": list(MATS[n].columns)}
                for n in ("A", "B")}
    w_in, h_in = r.call("hla_size", {"A": A.to_numpy(), "B": B.to_numpy()}, ["A", "B"],
                        "horizontal", HARGS, r_dargs, dimnames)
    w_px, h_px = _png_size(drawn.image)
    assert abs(w_px - w_in * 100) <= 2
    assert h_px >= h_in * 100 - 2  # the R backend makes room for tall legends too
    if case in ("heatmap-height", "height"):
        assert abs(h_px - h_in * 100) <= 2


def _dark_left_of_body(image: bytes) -> int:
    """Near-black pixels (dendrogram lines, titles) left of the first heatmap body, the first
    column holding a coloured cell."""
    from PIL import Image

    with Image.open(io.BytesIO(image)) as im:
        px = np.asarray(im.convert("RGB"), dtype=np.int64)
    coloured = (px.max(axis=2) - px.min(axis=2)) > 60
    first = int(np.flatnonzero(coloured.any(axis=0))[0])
    return int((px[:, :first].sum(axis=2) < 200).sum())


@pytest.mark.needs_r
def test_dendrogram_and_slice_titles_move_to_the_right_in_r() -> None:
    """row_dend_side / row_sub_title_side = "right": R draws the main heatmap's dendrogram and
    slice titles right of the last heatmap, so nothing dark is left of the first body."""
    hl = Heatmap(A, name="A") + Heatmap(B, name="B")
    common = {"row_split": GROUPS, "padding": 4.0, "dpi": 100}
    base = _dark_left_of_body(hl.draw(backend="r", **common).image)
    dend_right = _dark_left_of_body(hl.draw(backend="r", row_dend_side="right", **common).image)
    both_right = _dark_left_of_body(hl.draw(backend="r", row_dend_side="right",
                                            row_sub_title_side="right", **common).image)
    assert base > dend_right > both_right == 0


def test_layout_arguments_are_stored_in_mm() -> None:
    hl = Heatmap(A, name="A") + Heatmap(B, name="B")
    spec = hl.compile(padding="1cm", height="5cm", use_raster=True, row_dend_side="right",
                      legend_grouping="original", auto_adjust=False)
    da = spec.draw_args
    assert da["padding"] == (10.0, 10.0, 10.0, 10.0)
    assert da["height"] == 50.0 and da["heatmap_height"] is None
    assert (da["row_dend_side"], da["legend_grouping"], da["auto_adjust"]) == \
        ("right", "original", False)
    # make_layout() sets them on every heatmap: the compiled specs carry them
    assert [s.height_mm for s in spec.heatmaps.values()] == [50.0, 50.0]
    assert all(s.use_raster for s in spec.heatmaps.values())
    # and what R's draw() is given, as data
    from pyr_heatmap.backends.r.heatmap_list import _draw_payload

    payload = _draw_payload(spec)
    assert {k: payload["args"][k] for k in ("row_dend_side", "legend_grouping", "auto_adjust",
                                            "use_raster")} == {
        "row_dend_side": "right", "legend_grouping": "original", "auto_adjust": False,
        "use_raster": True}
    assert list(payload["units"]["padding"]) == [10.0] * 4 and payload["units"]["height"] == 50
    two = hl.compile(padding=[1, 2]).draw_args["padding"]
    assert two == (1.0, 2.0, 1.0, 2.0)  # R's rep(padding, 2)
    v = (Heatmap(A.T, name="A") / Heatmap(B.T, name="B")).compile(heatmap_width=80,
                                                                  column_dend_side="bottom")
    assert v.draw_args["heatmap_width"] == 80.0 and v.draw_args["column_dend_side"] == "bottom"


def test_draw_level_refusals_are_typed() -> None:
    hl = Heatmap(A, name="A") + Heatmap(B, name="B")
    bad = [
        ({"row_order": list(ORDER), "row_split": 2}, "cannot be a number"),
        ({"row_order": [0, 1]}, "every one of the 15"),
        ({"row_order": ["nope"] * N}, "not in the matrix"),
        ({"column_order": list(range(5))}, "set them in that Heatmap"),
        ({"width": 30}, "cannot be set in draw"),
        ({"height": 30, "heatmap_height": 60}, "only one of height"),
        ({"height": "3 furlongs"}, "not a length"),
        ({"padding": [1, 2, 3]}, "padding must be one length, two or four"),
        ({"row_dend_side": "top"}, "row_dend_side must be one of"),
        ({"row_sub_title_side": 1}, "row_sub_title_side must be one of"),
        ({"column_dend_side": "bottom"}, "cannot be set in draw"),
        ({"legend_grouping": "merged"}, "legend_grouping must be one of"),
        ({"auto_adjust": "yes"}, "auto_adjust must be True or False"),
        ({"use_raster": 1}, "use_raster must be True or False"),
        ({"heatmap_legend_list": ["x"]}, "must be a Legend or a list of Legend"),
        ({"annotation_legend_list": 3}, "must be a Legend or a list of Legend"),
    ]
    for kwargs, message in bad:
        with pytest.raises(InputError, match=message):
            hl.orders(**kwargs)
    vertical = Heatmap(A.T, name="A") / Heatmap(B.T, name="B")
    with pytest.raises(InputError, match="set them in that Heatmap"):
        vertical.orders(row_order=list(range(5)))
    with pytest.raises(InputError, match="cannot be set in draw"):
        vertical.orders(height=40)


def test_caller_order_is_not_modified() -> None:
    order = np.array(ORDER)
    before = order.copy()
    (Heatmap(A, name="A") + Heatmap(B, name="B")).orders(row_order=order, cluster_rows=True,
                                                         row_split=GROUPS)
    np.testing.assert_array_equal(order, before)


# --------------------------------------------------------------------------------------------
# extra legends: Legend()
# --------------------------------------------------------------------------------------------
FILLS = ["#00AA00", "#AA00AA", "#FFAA00"]


def _has_colour(image: bytes, hex_colour: str) -> bool:
    from PIL import Image

    with Image.open(io.BytesIO(image)) as im:
        px = np.asarray(im.convert("RGB"), dtype=np.int64)
    rgb = np.array([int(hex_colour[i:i + 2], 16) for i in (1, 3, 5)])
    return bool((np.abs(px - rgb).sum(axis=2) <= 3).any())


@pytest.mark.needs_r
def test_extra_legends_are_drawn_by_r_as_r_sizes_them(r: Any) -> None:
    from pyr_heatmap import color_ramp2
    from pyr_heatmap.figure.legends import Legend

    fonts = {"row_names_gp": {"fontsize": 9.0}, "column_names_gp": {"fontsize": 9.0}}
    hl = (Heatmap(A, name="A", width=25.0, height=40.0, **fonts)
          + Heatmap(B, name="B", width=25.0, height=40.0, **fonts))
    grid = Legend(at=["up", "down", "flat"], legend_gp={"fill": FILLS}, title='regulation "x"')
    bar = Legend(col_fun=color_ramp2([0, 1], ["white", "#008888"]), title="score")
    dargs = {"padding": [2.0, 2.0, 2.0, 8.0]}
    plain = hl.draw(backend="r", dpi=100, **dargs).image
    drawn = hl.draw(backend="r", dpi=100, heatmap_legend_list=[grid],
                    annotation_legend_list=bar, **dargs).image
    assert all(_has_colour(drawn, c) for c in [*FILLS, "#008888"])
    assert not any(_has_colour(plain, c) for c in FILLS)
    dimnames = {n: {"rows": list(MATS[n].index), "cols": list(MATS[n].columns)}
                for n in ("A", "B")}
    legends = {"heatmap_legend_list": {"1": {"at": ["up", "down", "flat"], "fill": FILLS,
                                             "title": 'regulation "x"'}},
               "annotation_legend_list": {"1": {"breaks": [0.0, 1.0],
                                                "colors": ["white", "#008888"],
                                                "title": "score"}}}
    w_in, h_in = r.call("hla_size", {"A": A.to_numpy(), "B": B.to_numpy()}, ["A", "B"],
                        "horizontal", HARGS, dargs, dimnames, legends)
    w_px, h_px = _png_size(drawn)
    assert abs(w_px - w_in * 100) <= 2
    assert h_px >= h_in * 100 - 2
    assert w_px > _png_size(plain)[0]


def test_legend_is_checked_and_immutable() -> None:
    from pyr_heatmap import color_ramp2
    from pyr_heatmap.figure.legends import Legend

    at = [1, 2]
    lg = Legend(at=at, labels=["one", "two"], legend_gp={"fill": "red"}, title="t")
    at.append(3)  # the caller's list is copied, not kept
    assert lg.at == (1.0, 2.0) and lg.labels == ("one", "two")
    assert lg.legend_gp == {"fill": ("red",)}
    with pytest.raises(AttributeError):
        lg.title = "other"  # type: ignore[misc]
    ramp = color_ramp2([0, 1], ["white", "red"])
    bad = [
        ({}, "needs at= .* or col_fun="),
        ({"at": ["a", "b"]}, "needs legend_gp"),
        ({"at": ["a", "b"], "legend_gp": {"fill": ["red", "blue", "green"]}}, "one colour or"),
        ({"at": ["a"], "legend_gp": {"fill": "notacolour"}}, "legend_gp"),
        ({"at": ["a"], "legend_gp": {"lwd": 2}}, "legend_gp takes"),
        ({"at": ["a", 1], "legend_gp": {"fill": "red"}}, "all numbers or all strings"),
        ({"at": [1, float("nan")], "legend_gp": {"fill": "red"}}, "finite"),
        ({"at": ["a"], "labels": ["x", "y"], "legend_gp": {"fill": "red"}}, "same length"),
        ({"col_fun": "red"}, "must be a ColorRamp2"),
        ({"col_fun": ramp, "at": ["a"]}, "must be numbers"),
        ({"col_fun": ramp, "title": 3}, "title must be a string"),
        ({"col_fun": ramp, "direction": "up"}, "direction"),
        ({"col_fun": ramp, "type": "points"}, "not supported yet"),
    ]
    for kwargs, message in bad:
        with pytest.raises(InputError, match=message):
            Legend(**kwargs)
