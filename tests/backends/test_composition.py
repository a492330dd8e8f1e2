"""Composition: a heatmap inside a user's figure, a figure title, one interface for both
backends."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from matplotlib.figure import Figure

import pyr_heatmap as ph
from pyr_heatmap.backends.native.plotter import text_boxes_mm
from pyr_heatmap.errors import InputError


def mat() -> pd.DataFrame:
    rng = np.random.default_rng(5)
    return pd.DataFrame(rng.normal(size=(20, 6)), index=[f"g{i}" for i in range(20)],
                        columns=[f"s{j}" for j in range(6)])


def test_draw_into_a_subfigure_beside_other_panels():
    fig = Figure(figsize=(10, 6), dpi=100)
    left, right = fig.subfigures(1, 2, width_ratios=[1, 2])
    ax = left.add_subplot()
    ax.plot([0, 1], [0, 1])
    drawn = ph.Heatmap(mat(), name="z").draw(backend="native", figure=right)
    assert drawn.figure is right
    # every heatmap axes lies inside the right-hand subfigure
    sub = right.bbox
    for a in right.axes:
        bb = a.get_window_extent()
        assert bb.x0 >= sub.x0 - 1 and bb.x1 <= sub.x1 + 1
        assert bb.y0 >= sub.y0 - 1 and bb.y1 <= sub.y1 + 1
    assert ax not in right.axes
    # the body fills what the other parts leave free
    w_mm, h_mm = sub.width / fig.dpi * 25.4, sub.height / fig.dpi * 25.4
    _, _, bw, bh = drawn.layout["body"]
    assert bw > 0.5 * w_mm and bh > 0.5 * h_mm
    boxes = text_boxes_mm(right, w_mm, h_mm)
    assert boxes[:, 0].min() >= -0.5 and boxes[:, 2].max() <= w_mm + 0.5


def test_figure_title_never_touches_the_dendrogram():
    drawn = ph.Heatmap(mat(), name="z").draw(backend="native", column_title="A long figure title")
    w, h = drawn.figure.get_size_inches() * 25.4
    (title,) = [t for t in drawn.figure.texts if t.get_gid() == "figure_title"]
    boxes = text_boxes_mm(drawn.figure, w, h)
    renderer = drawn.figure.canvas.get_renderer()
    e = title.get_window_extent(renderer)
    title_bottom = (drawn.figure.bbox.y1 - e.y0) * h / drawn.figure.bbox.height
    dend_top = drawn.layout["column_dend"][1]
    assert title_bottom < dend_top
    assert boxes[:, 1].min() >= 0


def test_same_interface_for_both_backends_and_typed_errors():
    drawn = ph.Heatmap(mat(), row_split=["a", "b"] * 10).draw(backend="native")
    assert set(drawn.row_slices) == {"a", "b"} and list(drawn.column_slices) == [""]
    assert drawn.get_figure() is drawn.figure
    assert drawn.to_png(dpi=20)[:4] == b"\x89PNG"
    with pytest.raises(InputError, match="native"):
        ph.Heatmap(mat()).draw(backend="r", figure=Figure())


@pytest.mark.needs_r
def test_r_result_interface(r):
    drawn = ph.Heatmap(mat(), row_split=["a", "b"] * 10).draw(backend="r")
    assert set(drawn.row_slices) == {"a", "b"}
    assert drawn.to_png(dpi=20)[:4] == b"\x89PNG"
    assert drawn._repr_png_()[:4] == b"\x89PNG"
    with pytest.raises(InputError, match=r"r backend.*no matplotlib figure"):
        drawn.get_figure()
