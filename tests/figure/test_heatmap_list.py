"""Heatmap lists (issue 12, item 1): ``ht1 + ht2`` and ``ht1 / ht2`` (R's ``%v%``).

The orders computed in Python (``HeatmapList.orders()``) and the orders the R backend reads back
from ComplexHeatmap both equal ``row_order(draw(ht_list))`` / ``column_order(draw(ht_list))`` of a
list that live R builds itself from the same data (tests/r/heatmap_list.R).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import pytest

from pyr_heatmap import Heatmap, HeatmapAnnotation, dist, hclust, rowAnnotation
from pyr_heatmap.errors import InputError
from pyr_heatmap.figure.heatmap_list import HeatmapList, vconcat

RNG = np.random.default_rng(20261130)
N = 18
ROWS = [f"g{i}" for i in range(N)]
A = pd.DataFrame(RNG.normal(size=(N, 6)), index=ROWS, columns=[f"a{j}" for j in range(6)])
B = pd.DataFrame(RNG.normal(size=(N, 4)), index=ROWS, columns=[f"b{j}" for j in range(4)])
C = pd.DataFrame(RNG.normal(size=(N, 5)) * 3, index=ROWS, columns=[f"c{j}" for j in range(5)])
MATS = {"A": A, "B": B, "C": C}
GROUPS = ["x", "y", "z"] * (N // 3)


def _plain(order: Any) -> Any:
    """An order as nested dicts of int lists, 1-based (R's numbering)."""
    if isinstance(order, dict):
        return {str(k): _plain(v) for k, v in order.items()}
    return [int(v) for v in np.asarray(order).ravel()]


def _r_args(args: dict[str, Any]) -> dict[str, Any]:
    out = {}
    for k, v in args.items():
        out[k] = list(v) if isinstance(v, list) else v
    return out


def _r_orders(r: Any, members: list[tuple[str, dict[str, Any]]], direction: str,
              dargs: dict[str, Any], annos: dict[str, list[str]] | None = None) -> dict:
    mats = {n: MATS[n].to_numpy() if direction == "horizontal" else MATS[n].to_numpy().T
            for n, _ in members if n in MATS}
    hargs = {n: _r_args(a) for n, a in members if n in MATS}
    out = r.call("hl_orders", mats, hargs, [n for n, _ in members], direction,
                 _r_args(dargs), annos or {})
    return {"row": _r_plain(out["row"]), "column": _r_plain(out["column"])}


def _r_plain(o: Any) -> Any:
    if isinstance(o, dict):
        return {str(k): _r_plain(v) for k, v in o.items()}
    return [int(v) for v in np.asarray(o).ravel()]


def _py_list(members: list[tuple[str, dict[str, Any]]], direction: str,
             annos: dict[str, list[str]] | None = None) -> HeatmapList:
    objs = []
    for name, args in members:
        if name in MATS:
            m = MATS[name] if direction == "horizontal" else MATS[name].T
            objs.append(Heatmap(m, name=name, **args))
        elif direction == "horizontal":
            objs.append(rowAnnotation(grp=annos[name]))
        else:
            objs.append(HeatmapAnnotation(grp=annos[name]))
    out = objs[0]
    for o in objs[1:]:
        out = out + o if direction == "horizontal" else out / o
    return out


def _check(r: Any, members: list[tuple[str, dict[str, Any]]], direction: str = "horizontal",
           dargs: dict[str, Any] | None = None, annos: dict[str, list[str]] | None = None,
           draw_r: bool = False) -> dict:
    dargs = dict(dargs or {})
    expected = _r_orders(r, members, direction, dargs, annos)
    hl = _py_list(members, direction, annos)
    assert isinstance(hl, HeatmapList) and hl.direction == direction
    got = hl.orders(**dargs)
    got_plain = {"row": _plain(_plus1(got.row_order)), "column": _plain(_plus1(got.column_order))}
    assert got_plain == expected
    if draw_r:
        drawn = hl.draw(backend="r", **dargs)
        assert drawn.backend == "r" and drawn.image[:4] == b"\x89PNG"
        drawn_plain = {"row": _plain(_plus1(drawn.row_order)),
                       "column": _plain(_plus1(drawn.column_order))}
        assert drawn_plain == expected
    return expected


def _plus1(order: Any) -> Any:
    if isinstance(order, dict):
        return {k: _plus1(v) for k, v in order.items()}
    return np.asarray(order) + 1


# --------------------------------------------------------------------------------------------
# horizontal lists
# --------------------------------------------------------------------------------------------
@pytest.mark.needs_r
def test_two_heatmaps_share_the_first_ones_rows(r: Any) -> None:
    exp = _check(r, [("A", {}), ("B", {})], draw_r=True)
    assert set(exp["column"]) == {"A", "B"}


@pytest.mark.needs_r
def test_drawn_list_saves_in_other_formats(tmp_path: Any) -> None:
    drawn = (Heatmap(A, name="A") + Heatmap(B, name="B")).draw(backend="r", format="png")
    assert drawn.row_labels == [ROWS[i] for i in drawn.row_order]
    out = drawn.save(tmp_path / "list.pdf")
    assert out.read_bytes()[:5] == b"%PDF-"
    assert drawn.image[:4] == b"\x89PNG"


@pytest.mark.needs_r
def test_three_heatmaps_main_not_first_own_column_clustering(r: Any) -> None:
    members = [("A", {"clustering_method_columns": "average"}),
               ("B", {"clustering_distance_rows": "manhattan", "clustering_method_rows": "single"}),
               ("C", {"cluster_columns": False})]
    exp = _check(r, members, dargs={"main_heatmap": "B"}, draw_r=True)
    assert exp["column"]["C"] == [1, 2, 3, 4, 5]
    # the main heatmap decides: B's rows, not A's
    assert exp["row"] != _check(r, members)["row"]


@pytest.mark.needs_r
def test_main_heatmap_split_is_every_heatmaps_split(r: Any) -> None:
    members = [("A", {"row_split": GROUPS, "column_split": 2}), ("B", {"row_split": 2}), ("C", {})]
    exp = _check(r, members, draw_r=True)
    assert sorted(exp["row"]) == ["x", "y", "z"]
    assert list(exp["column"]["B"]) == ["1"]  # unsplit, one slice: R's proper_format_lt()
    # a split on another heatmap is ignored, as in R
    exp_b = _check(r, [("A", {}), ("B", {"row_split": GROUPS})])
    assert isinstance(exp_b["row"], list)


@pytest.mark.needs_r
@pytest.mark.parametrize("dargs", [
    {"row_split": 3},
    {"row_split": GROUPS, "cluster_row_slices": False},
    {"cluster_rows": False},
    {"clustering_distance_rows": "pearson", "clustering_method_rows": "ward.D2"},
    {"row_dend_reorder": False},
    {"main_heatmap": "C", "row_split": 2, "clustering_method_rows": "average"},
], ids=["split-k", "split-labels", "no-clustering", "distance-method", "no-reorder", "main-C"])
def test_draw_level_overrides_of_the_main_heatmap(r: Any, dargs: dict[str, Any]) -> None:
    members = [("A", {"row_split": GROUPS if "row_split" not in dargs else None}), ("B", {}),
               ("C", {})]
    members = [(n, {k: v for k, v in a.items() if v is not None}) for n, a in members]
    _check(r, members, dargs=dargs, draw_r=dargs.get("row_split") == 3)


@pytest.mark.needs_r
def test_draw_level_tree_keeps_the_heatmaps_reordering(r: Any) -> None:
    """draw(cluster_rows = hc) on a Heatmap made with the default cluster_rows = TRUE: R keeps
    row_dend_reorder = TRUE fixed by Heatmap(), so the given tree is reordered."""
    tree = hclust(dist(A.to_numpy()), method="average")
    py = _py_list([("A", {}), ("B", {})], "horizontal").orders(cluster_rows=tree)
    r_tree = r.call("hl_hclust", A.to_numpy(), "average")
    got = _plain(_plus1(py.row_order))
    exp = r.call("hl_orders_tree", {"A": A.to_numpy(), "B": B.to_numpy()}, "average")
    assert got == [int(v) for v in exp]
    assert got != [int(v) for v in r_tree]  # reordered, not the tree's own order


@pytest.mark.needs_r
def test_row_annotations_are_members(r: Any) -> None:
    annos = {"ann": GROUPS}
    _check(r, [("ann", {}), ("A", {}), ("B", {"cluster_columns": False})], annos=annos,
           draw_r=True)
    _check(r, [("A", {}), ("ann", {}), ("C", {})], annos=annos, dargs={"row_split": 2})


# --------------------------------------------------------------------------------------------
# vertical lists
# --------------------------------------------------------------------------------------------
@pytest.mark.needs_r
def test_vertical_list_shares_the_columns(r: Any) -> None:
    members = [("A", {"row_split": 2}), ("B", {})]
    exp = _check(r, members, direction="vertical", draw_r=True)
    assert set(exp["row"]) == {"A", "B"}


@pytest.mark.needs_r
def test_vertical_list_of_three_with_split_and_annotation(r: Any) -> None:
    members = [("A", {}), ("ann", {}), ("B", {}), ("C", {"clustering_method_rows": "single"})]
    _check(r, members, direction="vertical", annos={"ann": GROUPS},
           dargs={"main_heatmap": "C", "column_split": GROUPS}, draw_r=True)


def test_vconcat_is_the_slash_operator() -> None:
    a, b = Heatmap(A.T, name="A"), Heatmap(B.T, name="B")
    v1, v2 = vconcat(a, b), a / b
    assert v1.direction == v2.direction == "vertical"
    assert v1.members == v2.members == [a, b]
    np.testing.assert_array_equal(v1.orders().column_order, v2.orders().column_order)


# --------------------------------------------------------------------------------------------
# what is refused
# --------------------------------------------------------------------------------------------
def test_refusals_are_typed() -> None:
    a, b = Heatmap(A, name="A"), Heatmap(B, name="B")
    with pytest.raises(InputError, match="used twice"):
        (a + Heatmap(B, name="A")).orders()
    with pytest.raises(InputError, match="heatmap_legend_side"):
        (a + b).draw(backend="native", heatmap_legend_side="middle")
    with pytest.raises(InputError, match="backend='native' only"):
        (a + b).draw(backend="r", figure=object())
    with pytest.raises(InputError, match="set them in that Heatmap"):
        (a + b).orders(column_split=2)
    with pytest.raises(InputError, match="either horizontal"):
        (a + b) / Heatmap(A, name="C")
    with pytest.raises(InputError, match="column annotations"):
        a / rowAnnotation(grp=GROUPS)
    with pytest.raises(InputError, match="same number of rows"):
        (a + Heatmap(B.iloc[:5], name="C")).orders()
    with pytest.raises(InputError, match="cannot be a number"):
        (Heatmap(A, name="A", cluster_rows=False) + b).orders(row_split=2)
    with pytest.raises(InputError, match="cannot find heatmap"):
        (a + b).orders(main_heatmap="nope")
