"""ComplexHeatmap's styling arguments: what the drawn figure shows (fonts, sides, borders, cell
text, legends, colours) and fixed orders checked against live ComplexHeatmap."""

from __future__ import annotations

import io

import numpy as np
import pandas as pd
import pytest
from matplotlib.colors import to_hex

import pyr_heatmap as ph
from pyr_heatmap.errors import InputError


def mat(nrow: int = 12, ncol: int = 6, seed: int = 7) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    return pd.DataFrame(rng.normal(size=(nrow, ncol)), index=[f"Gene{i}" for i in range(nrow)],
                        columns=[f"S{j}" for j in range(ncol)])


def texts(fig, prefix: str) -> list:
    return [t for ax in fig.axes if ax.get_label().startswith(prefix) for t in ax.texts]


def test_names_and_title_fonts_drawn():
    drawn = ph.Heatmap(mat(), row_names_gp={"fontsize": 8, "fontface": "italic",
                                            "col": "darkblue", "fontfamily": "serif"},
                       column_names_gp={"fontface": "bold"}, column_title="Samples",
                       column_title_gp={"fontsize": 15, "fontface": "bold.italic"}
                       ).draw(backend="native")
    rows = texts(drawn.figure, "row_names:")
    assert len(rows) == 12
    for t in rows:
        assert t.get_fontstyle() == "italic" and t.get_size() == 8
        assert to_hex(t.get_color()) == to_hex("darkblue")
        assert "serif" in [f.lower() for f in t.get_fontfamily()]
    assert all(t.get_fontweight() == "bold" for t in texts(drawn.figure, "column_names:"))
    (title,) = [t for t in drawn.figure.texts if t.get_text() == "Samples"]
    assert title.get_size() == 15 and title.get_fontweight() == "bold"
    assert title.get_fontstyle() == "italic"


def test_sides_move_the_parts():
    drawn = ph.Heatmap(mat(), row_names_side="left", row_dend_side="right",
                       column_names_side="top", column_dend_side="bottom").draw(backend="native")
    lay = drawn.layout["components"]  # the planned boxes of every component
    bx, by, bw, bh = lay["body"]
    assert lay["row_names"][0] + lay["row_names"][2] <= bx + 1e-9
    assert lay["row_dend"][0] >= bx + bw - 1e-9
    assert lay["column_names"][1] + lay["column_names"][3] <= by + 1e-9
    assert lay["column_dend"][1] >= by + bh - 1e-9
    # names right-aligned against the body on the left
    assert all(t.get_horizontalalignment() == "right"
               for t in texts(drawn.figure, "row_names:"))


def test_labels_rotation_border_rect_gp_cell_text():
    m = mat()
    drawn = ph.Heatmap(m, row_labels=[f"label {i}" for i in range(12)], row_title="genes",
                       row_title_rot=0, rect_gp={"col": "white", "lwd": 2}, border="red",
                       cell_text="{:.2f}").draw(backend="native")
    shown = [t.get_text() for t in texts(drawn.figure, "row_names:")]
    assert shown == [f"label {i}" for i in drawn.row_order]
    assert drawn.row_labels == [m.index[i] for i in drawn.row_order]  # results keep the names
    (title,) = [t for t in drawn.figure.texts if t.get_text() == "genes"]
    assert title.get_rotation() == 0
    (body,) = [ax for ax in drawn.figure.axes if ax.get_label() == "body:0:0"]
    mesh = body.collections[0]
    assert to_hex(mesh.get_edgecolor()[0]) == "#ffffff" and mesh.get_linewidth()[0] > 0
    assert any(to_hex(p.get_edgecolor()) == "#ff0000" for p in body.patches)
    cells = [t.get_text() for t in body.texts]
    row0 = drawn.row_order[0]
    col0 = drawn.column_order[0]
    assert cells[0] == f"{m.iloc[row0, col0]:.2f}" and len(cells) == m.size


def test_cell_fun_native_only():
    seen = []
    hm = ph.Heatmap(mat(4, 3), cell_fun=lambda j, i, x, y, w, h, fill, ax: seen.append((i, j)))
    hm.draw(backend="native")
    assert sorted(seen) == [(i, j) for i in range(4) for j in range(3)]
    with pytest.raises(InputError, match=r"cell_fun.*native"):
        hm.draw(backend="r")


def test_col_forms():
    m = mat()
    lo, hi = float(m.values.min()), float(m.values.max())
    ramp = ph.Heatmap(m, col=["blue", "white", "red"]).compile().col
    assert np.allclose(ramp.breaks, [lo, (lo + hi) / 2, hi])
    ramp = ph.Heatmap(m, col={-1: "green", 1: "black"}).compile().col
    assert list(ramp.breaks) == [-1, 1]
    ramp = ph.Heatmap(m, col="viridis").compile().col
    assert ramp.breaks[0] == pytest.approx(lo) and ramp.breaks[-1] == pytest.approx(hi)
    assert ramp(np.array([lo]))[0].upper().startswith("#44015")
    with pytest.raises(InputError, match="colormap"):
        ph.Heatmap(m, col="no_such_map").compile()


@pytest.mark.parametrize("kwargs, match", [
    ({"row_names_gp": {"fontweight": "bold"}}, "row_names_gp keys"),
    ({"row_names_gp": {"fontface": "heavy"}}, "fontface"),
    ({"row_names_side": "top"}, "row_names_side"),
    ({"rect_gp": {"fill": "red"}}, "rect_gp keys"),
    ({"heatmap_legend_param": {"grid_width": 3}}, "heatmap_legend_param keys"),
    ({"heatmap_legend_param": {"direction": "diagonal"}}, "direction"),
    ({"row_order": [0, 1]}, "row_order"),
    ({"cell_text": np.zeros((2, 2))}, "cell_text"),
    ({"column_title_gp": {"col": "notacolour"}}, "column_title_gp col"),
])
def test_unsupported_raise_typed_errors(kwargs, match):
    with pytest.raises(InputError, match=match):
        ph.Heatmap(mat(), **kwargs).compile()


def test_horizontal_legend_at_bottom():
    drawn = ph.Heatmap(mat(), name="z", heatmap_legend_param={
        "direction": "horizontal", "legend_width": 40, "title_position": "topcenter"}
    ).draw(backend="native", heatmap_legend_side="bottom")
    (bar,) = [ax for ax in drawn.figure.axes if ax.get_label() == "legend:z"]
    w_mm = drawn.figure.get_size_inches()[0] * 25.4
    # legend_width is the legend body's length; ComplexHeatmap's colour bar reaches a little
    # past it (its recycled end cap, under 2 points; measured against R in test_legend_length)
    assert 40.0 < bar.get_position().width * w_mm < 40.0 + 2 * 25.4 / 72.27
    _, by, _, bh = drawn.layout["body"]
    h_mm = drawn.figure.get_size_inches()[1] * 25.4
    assert (1 - bar.get_position().y1) * h_mm > by + bh  # below the body


@pytest.mark.needs_r
@pytest.mark.parametrize("cluster, split", [(None, None), (False, None), (True, None),
                                            (None, "split")])
def test_fixed_row_order_as_complexheatmap(r, cluster, split):
    m = mat(20, 5, seed=11)
    ord0 = np.random.default_rng(2).permutation(20)
    labels = ["b", "a", "c", "a"] * 5
    kw = {"row_order": ord0, "cluster_columns": False}
    if cluster is not None:
        kw["cluster_rows"] = cluster
    if split:
        kw["row_split"] = labels
    drawn = ph.Heatmap(m, **kw).draw(backend="native")
    got = drawn.row_order
    flat = np.concatenate(list(got.values())) if isinstance(got, dict) else got
    want = np.asarray(r.call("fig_fixed_order", m.to_numpy(), ord0 + 1, cluster=cluster,
                             split=labels if split else None)) - 1
    assert flat.tolist() == want.tolist()
    rd = ph.Heatmap(m, **kw).draw(backend="r")
    rflat = np.concatenate(list(rd.row_order.values())) if isinstance(rd.row_order, dict) \
        else rd.row_order
    assert rflat.tolist() == want.tolist()


@pytest.mark.needs_r
def test_r_draws_the_styling(r):
    from PIL import Image

    hm = ph.Heatmap(mat(), row_names_gp={"fontsize": 10, "col": "#00C000"},
                    rect_gp={"col": "white", "lwd": 2}, cell_text="{:.1f}",
                    heatmap_legend_param={"direction": "horizontal"})
    drawn = hm.draw(backend="r", dpi=100, heatmap_legend_side="bottom",
                    column_title="Figure title")
    im = np.asarray(Image.open(io.BytesIO(drawn.image)).convert("RGB")).astype(int)
    green = (np.abs(im - np.array([0, 192, 0])).sum(axis=2) < 60).sum()
    assert green > 50  # the row names in their colour
    assert drawn.spec.cell_text is not None


@pytest.mark.needs_r
def test_legend_labels_as_r_writes_them(r):
    from pyr_heatmap.backends.native.legend import format_r

    values = [0, 0.5, 1, -2, 1e5, 0.1 + 0.2, 123456.7, 1e-7, 2.5e-5, -0.25, 1e15, 1234567]
    want = r.eval("as.character(c(0, 0.5, 1, -2, 1e5, 0.1 + 0.2, 123456.7, 1e-7, 2.5e-5, "
                  "-0.25, 1e15, 1234567))")
    assert format_r(np.array(values)) == [str(v) for v in want]


@pytest.mark.needs_r
def test_same_layout_as_complexheatmap_within_1mm(r):
    """Body and dendrogram boxes from R's viewports (grid's deviceLoc, r/heatmap.R
    pyrhm_layout) against the native axes, at the same size; the legend's corner within 2 mm
    (R sizes its legend box with PDF font metrics and the row names area with them too)."""
    expr, samples = ph.load_demo()
    z = ph.scale_rows(ph.log2p(ph.aggregate(expr, samples["structure_acronym"])))
    hm = ph.Heatmap(z, name="relative expression")
    nat = hm.draw(backend="native")
    rr = hm.draw(backend="r")
    for part in ("body", "row_dend", "column_dend"):
        assert np.allclose(nat.layout[part], rr.layout[part], atol=1.0), part
    assert np.allclose(nat.layout["legend"][:2], rr.layout["legend"][:2], atol=2.0)


def test_dotted_parent_line_for_label_splits_only():
    m = mat(18, 5)
    lines = {}
    for split in (["a", "b", "c"] * 6, 3):
        drawn = ph.Heatmap(m, row_split=split).draw(backend="native")
        (dend,) = [ax for ax in drawn.figure.axes if ax.get_label() == "row_dend"]
        lines[str(split)[:5]] = [ln for ln in dend.lines if ln.get_gid() == "parent_dend_line"]
    (line,) = lines["['a',"]
    assert to_hex(line.get_color()) == "#666666" and line.get_linestyle() != "-"
    assert lines["3"] == []  # slices cut from one tree: ComplexHeatmap draws no line
