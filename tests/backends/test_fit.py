"""A layout that fits its content: every text inside the canvas, row names never overlapping.

Native figures are checked from the text extents the renderer reports; R figures from their
pixels (the outermost ring of the PNG must be background: anything cut at an edge leaves ink
there).
"""

from __future__ import annotations

import io
import warnings

import numpy as np
import pandas as pd
import pytest

import pyr_heatmap as ph
from pyr_heatmap.backends.native.plotter import text_boxes_mm
from pyr_heatmap.figure.sizes import MIN_FONTSIZE

LONG = "posteroventral (inferior) parietal cortex"


def matrix(nrow: int, ncol: int = 14, seed: int = 1) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    return pd.DataFrame(rng.normal(size=(nrow, ncol)),
                        index=[f"GENE{i}X" for i in range(nrow)],
                        columns=[f"region {j}" for j in range(ncol)])


def long_names() -> pd.DataFrame:
    m = matrix(40, 8)
    m.columns = [LONG, "primary visual cortex (striate cortex, area V1/17)"] + \
        [f"r{j}" for j in range(6)]
    return m


def draw_native(hm: ph.Heatmap) -> ph.DrawnHeatmap:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # the note about hidden names
        return hm.draw(backend="native", dpi=100)


def size_mm(drawn: ph.DrawnHeatmap) -> tuple[float, float]:
    w, h = drawn.figure.get_size_inches() * 25.4
    return float(w), float(h)


def row_name_boxes(drawn: ph.DrawnHeatmap) -> np.ndarray:
    w, h = size_mm(drawn)
    boxes = []
    for ax in drawn.figure.axes:
        if ax.get_label().startswith("row_names:"):
            renderer = drawn.figure.canvas.get_renderer()
            bb = drawn.figure.bbox
            for t in ax.texts:
                e = t.get_window_extent(renderer)
                boxes.append(((e.x0 - bb.x0) * w / bb.width, (bb.y1 - e.y1) * h / bb.height,
                              (e.x1 - bb.x0) * w / bb.width, (bb.y1 - e.y0) * h / bb.height))
    return np.array(boxes).reshape(-1, 4)


def assert_inside(drawn: ph.DrawnHeatmap) -> None:
    w, h = size_mm(drawn)
    boxes = text_boxes_mm(drawn.figure, w, h)
    assert len(boxes)
    assert boxes[:, 0].min() >= 0 and boxes[:, 1].min() >= 0, boxes.min(0)
    assert boxes[:, 2].max() <= w and boxes[:, 3].max() <= h, (boxes.max(0), w, h)


def assert_no_overlap(boxes: np.ndarray) -> None:
    boxes = boxes[np.argsort(boxes[:, 1])]
    assert np.all(boxes[1:, 1] >= boxes[:-1, 3] - 1e-6), "row names overlap"


@pytest.mark.parametrize("n", [40, 120, 300, 1000, 5000])
def test_native_layout_fits_any_number_of_rows(n):
    drawn = draw_native(ph.Heatmap(matrix(n), name="z-score"))
    assert_inside(drawn)
    spec = drawn.spec
    boxes = row_name_boxes(drawn)
    if spec.row.show_names:
        assert len(boxes) == n
        assert_no_overlap(boxes)
        assert spec.row.names_fontsize >= MIN_FONTSIZE
        assert not spec.notes
    else:
        assert len(boxes) == 0
        assert any("anno_mark" in note and "row_names_gp" in note for note in spec.notes)
    # the body grows with the rows up to a cap
    assert 40 <= spec.height_mm <= 240


def test_row_names_shrink_then_hide():
    sizes = {}
    for n in (40, 120, 300):
        spec = ph.Heatmap(matrix(n)).compile()
        sizes[n] = (spec.row.show_names, spec.row.names_fontsize, spec.height_mm)
    assert sizes[40] == (True, 12.0, sizes[40][2])
    assert sizes[120][0] and MIN_FONTSIZE <= sizes[120][1] < 12
    assert not sizes[300][0]
    with pytest.warns(UserWarning, match="300 row names hidden"):
        ph.Heatmap(matrix(300)).draw(backend="native")


def test_explicit_fontsize_shows_every_name_and_grows_the_body():
    drawn = draw_native(ph.Heatmap(matrix(1000), row_names_gp={"fontsize": 5}))
    assert drawn.spec.row.show_names and drawn.spec.row.names_fontsize == 5
    assert drawn.spec.height_mm > 1000 * 5 * 25.4 / 72  # a line per name
    boxes = row_name_boxes(drawn)
    assert len(boxes) == 1000
    assert_no_overlap(boxes)
    assert_inside(drawn)


def test_explicit_small_fontsize_sizes_the_body_for_that_font():
    # the body is as tall as the names need (a line of 1.2 x the size each), not as tall as
    # 12-pt names would need; few rows keep the default size
    line_mm = 5 * 1.2 * 25.4 / 72
    tall = ph.Heatmap(matrix(300), row_names_gp={"fontsize": 5}).compile()
    assert tall.height_mm == pytest.approx(300 * line_mm)
    few = ph.Heatmap(matrix(20), row_names_gp={"fontsize": 5}).compile()
    assert few.height_mm == ph.Heatmap(matrix(20)).compile().height_mm


def test_given_sizes_win():
    drawn = draw_native(ph.Heatmap(matrix(120), width=50, height="8cm"))
    _, _, bw, bh = drawn.layout["body"]
    assert (bw, bh) == (50.0, 80.0)
    (body,) = [ax for ax in drawn.figure.axes if ax.get_label() == "body:0:0"]
    w, h = size_mm(drawn)
    pos = body.get_position()
    assert pos.width * w == pytest.approx(50.0) and pos.height * h == pytest.approx(80.0)
    assert_inside(drawn)


@pytest.mark.parametrize("rot", [45, 90, 30, 60])
def test_native_long_rotated_names_inside(rot):
    hm = ph.Heatmap(long_names(), name="log2(RPKM + 1) of a long legend title",
                    column_names_rot=rot, column_title="a column title wider than the body")
    assert_inside(draw_native(hm))


def ink_at_edges(png: bytes, ring: int = 2) -> int:
    from PIL import Image

    im = np.asarray(Image.open(io.BytesIO(png)).convert("L")).astype(int)
    edge = np.concatenate([im[:ring].ravel(), im[-ring:].ravel(), im[:, :ring].ravel(),
                           im[:, -ring:].ravel()])
    return int((edge < 245).sum())


@pytest.mark.needs_r
@pytest.mark.parametrize("n", [40, 120, 300, 1000, 5000])
def test_r_layout_fits_any_number_of_rows(r, n):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        drawn = ph.Heatmap(matrix(n), name="z-score").draw(backend="r", dpi=60)
    assert ink_at_edges(drawn.image) == 0
    # the same decision about the names as the native backend
    native = ph.Heatmap(matrix(n)).compile()
    assert drawn.spec.row.show_names == native.row.show_names


@pytest.mark.needs_r
@pytest.mark.parametrize("rot", [45, 90])
def test_r_long_rotated_names_inside(r, rot):
    hm = ph.Heatmap(long_names(), name="log2(RPKM + 1) of a long legend title",
                    column_names_rot=rot, column_title="a column title wider than the body")
    drawn = hm.draw(backend="r", dpi=100)
    assert ink_at_edges(drawn.image) == 0


@pytest.mark.needs_r
def test_raster_body_resampled_as_complexheatmap(r):
    """3,000 rows in a 240 mm body: ComplexHeatmap paints the cells into a 1-px-per-bigpt image
    without antialiasing and places it unsmoothed; the native body is computed the same way, so
    at 72 dpi the two bodies agree pixel for pixel (up to R's rounding of the image position:
    the best of +-1 px offsets is compared)."""
    from PIL import Image

    rng = np.random.default_rng(0)
    groups = rng.integers(0, 6, 3000)
    m = pd.DataFrame(rng.normal(size=(6, 30))[groups] * 1.5 + rng.normal(size=(3000, 30)))
    hm = ph.Heatmap(m, name="z", show_row_names=False, show_row_dend=False,
                    show_column_dend=False, cluster_columns=False,
                    col=ph.color_ramp2([-3, 0, 3], ["blue", "white", "red"]))
    assert hm.compile().use_raster
    nat = draw_native(hm)
    rr = hm.draw(backend="r", dpi=72)
    a = np.asarray(Image.open(io.BytesIO(nat._render("png", 72))).convert("RGB")).astype(int)
    b = np.asarray(Image.open(io.BytesIO(rr.image)).convert("RGB")).astype(int)
    px = 72 / 25.4

    def body(img, lay, dx=0, dy=0):
        x, y, w, h = lay["body"]
        x0, y0 = round(x * px) + dx + 2, round(y * px) + dy + 2
        return img[y0:y0 + int(h * px) - 4, x0:x0 + int(w * px) - 4]

    # each native pixel must find its colour in R's picture within one pixel (the two place
    # the 681-px image into a 680.3-px body with different rounding)
    native = body(a, nat.layout, 1, 1)[1:-1, 1:-1]
    near = np.full(native.shape[:2], False)
    for dx in (-1, 0, 1):
        for dy in (-1, 0, 1):
            theirs = body(b, rr.layout, 1 + dx, 1 + dy)[1:-1, 1:-1]
            near |= np.abs(native - theirs).max(axis=2) <= 3
    assert near.mean() > 0.97, near.mean()
    # exact agreement with the image R placed, where the rows are not shifted
    exact = max((np.abs(body(a, nat.layout) - body(b, rr.layout, dx, dy)).max(axis=2) <= 3)
                [:100].mean() for dx in (-1, 0, 1) for dy in (-1, 0, 1))
    assert exact > 0.9, exact
