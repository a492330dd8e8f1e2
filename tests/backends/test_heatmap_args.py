"""Heatmap()'s sizing, names, border, alias and raster arguments (figure/heatmap_args.py): the
native figure's artists, and ComplexHeatmap's own answers from live R."""

from __future__ import annotations

import io
import math

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


def axes(fig, prefix: str) -> list:
    return [ax for ax in fig.axes if ax.get_label().startswith(prefix)]


def axes_box_mm(fig, ax) -> tuple[float, float, float, float]:
    """(x0, y0, x1, y1) of an axes in mm from the figure's top-left corner, as drawn."""
    w, h = fig.get_size_inches() * 25.4
    p = ax.get_position()
    return p.x0 * w, (1 - p.y1) * h, p.x1 * w, (1 - p.y0) * h


def text_boxes_mm(fig, prefix: str) -> np.ndarray:
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    w, h = fig.get_size_inches() * 25.4
    out = []
    for ax in axes(fig, prefix):
        for t in ax.texts:
            e = t.get_window_extent(renderer)
            out.append((e.x0 / fig.bbox.width * w, (1 - e.y1 / fig.bbox.height) * h,
                        e.x1 / fig.bbox.width * w, (1 - e.y0 / fig.bbox.height) * h))
    return np.array(out)


def heatmap_extent(drawn, which: str) -> float:
    """Width (``which="row"``: body and the row components beside it) or height (columns) of
    the heatmap from the planned boxes of every component."""
    boxes = drawn.layout["components"]
    keys = ["body"] + [k for k in boxes if k.startswith(f"{which}_")]
    if which == "row":
        return max(boxes[k][0] + boxes[k][2] for k in keys) - min(boxes[k][0] for k in keys)
    return max(boxes[k][1] + boxes[k][3] for k in keys) - min(boxes[k][1] for k in keys)


# --------------------------------------------------------------------------------------------
# heatmap_width / heatmap_height
# --------------------------------------------------------------------------------------------
@pytest.mark.parametrize("kw", [
    {},
    {"row_title": "genes", "column_title": "samples", "row_names_gp": {"fontsize": 5}},
    {"row_names_side": "left", "row_dend_side": "right", "column_names_rot": 45},
])
def test_heatmap_size_is_the_whole_heatmap_native(kw):
    m = mat(120, 8)
    ann = ph.rowAnnotation(grp=["a", "b"] * 60)
    drawn = ph.Heatmap(m, heatmap_width=100, heatmap_height="15cm", left_annotation=ann,
                       top_annotation=ph.HeatmapAnnotation(kind=["x", "y"] * 4),
                       **kw).draw(backend="native")
    assert heatmap_extent(drawn, "row") == pytest.approx(100.0, abs=0.2)
    assert heatmap_extent(drawn, "column") == pytest.approx(150.0, abs=0.2)
    # the drawn body axes and dendrograms sit where the layout put them
    fig = drawn.figure
    bx0, by0, bx1, by1 = axes_box_mm(fig, axes(fig, "body:")[0])
    x, y, w, h = drawn.layout["components"]["body"]
    assert (bx0, by0, bx1, by1) == pytest.approx((x, y, x + w, y + h), abs=0.05)
    (dend,) = axes(fig, "row_dend")
    dx0, _, dx1, _ = axes_box_mm(fig, dend)
    assert min(dx0, bx0) >= x + w - 100.0 - 0.2 and max(dx1, bx1) <= x + 100.0 + 0.2


def test_heatmap_size_names_fit_the_body_left():
    """The row names are fitted to the body that heatmap_height leaves (no overlap)."""
    drawn = ph.Heatmap(mat(40, 6), heatmap_height=120).draw(backend="native")
    boxes = text_boxes_mm(drawn.figure, "row_names:")
    assert len(boxes) == 40
    tops = np.sort(boxes[:, 1])
    bottoms = np.sort(boxes[:, 3])
    assert np.all(tops[1:] >= bottoms[:-1] - 0.05)  # no two names overlap
    assert heatmap_extent(drawn, "column") == pytest.approx(120.0, abs=0.2)
    assert 4.0 <= drawn.spec.row.names_fontsize < 12.0  # shrunk to the body left


def test_heatmap_size_errors():
    with pytest.raises(InputError, match="heatmap_width and width"):
        ph.Heatmap(mat(), heatmap_width=100, width=50).compile()
    with pytest.raises(InputError, match="heatmap_height"):
        ph.Heatmap(mat(), heatmap_height=-3).compile()
    with pytest.raises(InputError, match="heatmap_width = 12 mm leaves no room"):
        ph.Heatmap(mat(), heatmap_width=12, row_title="a long row title").draw(backend="native")


# --------------------------------------------------------------------------------------------
# names, border, parent line
# --------------------------------------------------------------------------------------------
@pytest.mark.parametrize("centered", [False, True])
def test_row_names_rot_and_centered_native(centered):
    drawn = ph.Heatmap(mat(), row_names_rot=45, row_names_centered=centered,
                       show_row_dend=False).draw(backend="native")
    texts = [t for ax in axes(drawn.figure, "row_names:") for t in ax.texts]
    assert {t.get_rotation() for t in texts} == {45.0}
    assert {t.get_horizontalalignment() for t in texts} == {"center" if centered else "left"}
    boxes = text_boxes_mm(drawn.figure, "row_names:")
    x, _, w, _ = drawn.layout["components"]["row_names"]
    # the reserved width is the rotated names' box: the widest drawn name fills it
    assert (boxes[:, 2] - boxes[:, 0]).max() == pytest.approx(w - 1.0, abs=0.3)
    if centered:
        mids = (boxes[:, 0] + boxes[:, 2]) / 2
        assert np.allclose(mids, x + 1.0 + (w - 1.0) / 2, atol=0.3)
    else:  # anchored at the box's start, turned about it (R's grid.text(just = "left"))
        assert all(t.get_position()[0] == 0.0 for ax in axes(drawn.figure, "row_names:")
                   for t in ax.texts)
        assert boxes[:, 0].min() >= x - 0.05  # never into the body


def test_names_max_sizes_reserve_at_most_that_native():
    m = mat()
    m.index = [f"a rather long gene description number {i}" for i in range(12)]
    drawn = ph.Heatmap(m, row_names_max_width="1cm", column_names_max_height=5,
                       show_row_dend=False).draw(backend="native")
    comps = drawn.layout["components"]
    assert comps["row_names"][2] == pytest.approx(1.0 + 10.0)
    assert comps["column_names"][3] == pytest.approx(1.0 + 5.0)
    texts = [t.get_text() for ax in axes(drawn.figure, "row_names:") for t in ax.texts]
    assert sorted(texts) == sorted(m.index)  # drawn whole, reaching past the reserved space
    assert text_boxes_mm(drawn.figure, "row_names:")[:, 2].max() > sum(comps["row_names"][::2])


def test_border_gp_native():
    cases = [({"border_gp": {"col": "red", "lwd": 2}}, "#ff0000", 2.0, "-"),
             ({"border": True, "border_gp": {"lwd": 3, "lty": "dashed"}}, "#000000", 3.0,
              "--"),
             ({"border": "blue", "border_gp": {"col": "red"}}, "#0000ff", 1.0, "-")]
    for kw, colour, lwd, style in cases:
        drawn = ph.Heatmap(mat(), **kw).draw(backend="native")
        (body,) = axes(drawn.figure, "body:")
        (patch,) = [p for p in body.patches if p.get_gid() == "border"]
        assert to_hex(patch.get_edgecolor()) == colour
        assert patch.get_linewidth() == pytest.approx(lwd * 0.75)
        assert (patch.get_linestyle() in ("-", "solid")) == (style == "-")
    with pytest.raises(InputError, match="border_gp keys"):
        ph.Heatmap(mat(), border_gp={"fill": "red"}).compile()
    with pytest.raises(InputError, match="border_gp lty"):
        ph.Heatmap(mat(), border_gp={"lty": "wavy"}).compile()


def test_show_parent_dend_line_native():
    split = ["a", "b", "c"] * 6
    found = {}
    for flag in (True, False):
        drawn = ph.Heatmap(mat(18, 5), row_split=split,
                           show_parent_dend_line=flag).draw(backend="native")
        (dend,) = axes(drawn.figure, "row_dend")
        found[flag] = [ln for ln in dend.lines if ln.get_gid() == "parent_dend_line"]
    assert len(found[True]) == 1 and found[False] == []
    with pytest.raises(InputError, match="show_parent_dend_line"):
        ph.Heatmap(mat(), show_parent_dend_line="yes").compile()


# --------------------------------------------------------------------------------------------
# jitter, color_space, km / split, raster_*, post_fun
# --------------------------------------------------------------------------------------------
@pytest.mark.parametrize("kw, match", [
    ({"jitter": True}, "jitter=True is not supported"),
    ({"jitter": 0.01}, "jitter=0.01 is not supported"),
    ({"color_space": "HSV"}, "color_space must be one of"),
    ({"raster_device": "jpeg"}, "raster_device 'jpeg'"),
    ({"raster_device_param": {"res": 300}}, "raster_device_param"),
    ({"raster_by_magick": True}, "raster_by_magick must be False"),
    ({"raster_magick_filter": "Lanczos"}, "raster_magick_filter"),
    ({"raster_quality": 0}, "raster_quality must be a positive"),
    ({"raster_resize_mat": "sum"}, "raster_resize_mat must be"),
    ({"post_fun": print}, "post_fun is not supported"),
    ({"row_names_rot": "45"}, "row_names_rot"),
    ({"row_names_centered": 1.5}, "row_names_centered"),
    ({"color_space": np.array(["RGB", "LAB"])}, "color_space must be one of"),
    ({"raster_device": np.array(["png"])}, "raster_device"),
    ({"raster_device_param": np.zeros(2)}, "raster_device_param"),
    ({"jitter": np.zeros(3)}, "is not supported"),
    ({"row_names_max_width": "wide"}, "row_names_max_width"),
    ({"heatmap_width": [1, 2]}, "heatmap_width"),
])
def test_refused_values_name_the_argument(kw, match):
    with pytest.raises(InputError, match=match):
        ph.Heatmap(mat(), **kw).compile()


def test_km_and_split_are_row_km_and_row_split():
    m = mat(20, 5)
    labels = ["b", "a", "c", "a"] * 5
    old = ph.Heatmap(m, split=labels).draw(backend="native")
    new = ph.Heatmap(m, row_split=labels).draw(backend="native")
    assert {k: v.tolist() for k, v in old.row_order.items()} == \
        {k: v.tolist() for k, v in new.row_order.items()}
    # an explicit row_split wins over split, as in R
    kept = ph.Heatmap(m, split=labels, row_split=["x", "y"] * 10).draw(backend="native")
    assert sorted(kept.row_order) == ["x", "y"]
    assert ph.Heatmap(m, km=3, seed=1).order_args()["row_km"] == 3
    assert ph.Heatmap(m, km=3, row_km=2).order_args()["row_km"] == 2


def test_raster_quality_and_resize_native():
    from pyr_heatmap.backends.native.draw_args import resize_matrix

    m = mat(400, 6)
    for q in (1, 2.5):
        drawn = ph.Heatmap(m, use_raster=True, height=50, width=30, raster_quality=q,
                           cluster_rows=False, cluster_columns=False).draw(backend="native")
        (body,) = axes(drawn.figure, "body:")
        (img,) = body.images
        h_px, w_px = img.get_array().shape[:2]
        assert (w_px, h_px) == (math.ceil(math.ceil(30 / 25.4 * 72) * q),
                                math.ceil(math.ceil(50 / 25.4 * 72) * q))
    # raster_resize_mat: 400 rows in 142 pixels; each pixel row is one resized cell
    drawn = ph.Heatmap(m, use_raster=True, height=50, width=30, raster_resize_mat="max",
                       cluster_rows=False, cluster_columns=False).draw(backend="native")
    (img,) = axes(drawn.figure, "body:")[0].images
    small = resize_matrix(m.to_numpy(), 142, 6, "max")
    colours = drawn.spec.col.rgba(small[:, 0])
    got = img.get_array()[:, 0, :3] / 255.0
    assert np.allclose(got, colours[:, :3], atol=1 / 255 + 1e-9)


# --------------------------------------------------------------------------------------------
# live R
# --------------------------------------------------------------------------------------------
@pytest.mark.needs_r
def test_heatmap_size_body_as_complexheatmap(r):
    """R computes the body from heatmap_width/heatmap_height itself; the body it reports
    (grid's deviceLoc of its viewports) is native's within 0.5 mm across and 1.5 mm along
    the columns (R measures the column names with PDF font metrics: up to ~1 mm shorter)."""
    hm = ph.Heatmap(mat(120, 8), heatmap_width=100, heatmap_height=150, name="z")
    nat = hm.draw(backend="native")
    rr = hm.draw(backend="r")
    bx, _, bw, bh = rr.layout["body"]
    assert bw == pytest.approx(nat.layout["body"][2], abs=0.5)
    assert bh == pytest.approx(nat.layout["body"][3], abs=1.5)
    # R's own heatmap: from the dendrogram's left edge to the body's right edge
    dx = rr.layout["row_dend"][0]
    assert bx + bw - dx == pytest.approx(100.0, abs=0.2)


@pytest.mark.needs_r
def test_r_draws_border_gp_rotated_names_and_parent_line(r):
    from PIL import Image

    def pixels(hm):
        drawn = hm.draw(backend="r", dpi=100)
        return np.asarray(Image.open(io.BytesIO(drawn.image)).convert("RGB")).astype(int)

    def count(im, rgb, tol=40):
        return int((np.abs(im - np.array(rgb)).sum(axis=2) < tol).sum())

    m = mat(18, 5)
    plain = pixels(ph.Heatmap(m, col=["white", "white"], rect_gp={"col": "white"}))
    red = pixels(ph.Heatmap(m, col=["white", "white"], rect_gp={"col": "white"},
                            border_gp={"col": "red", "lwd": 2}))
    assert count(plain, (255, 0, 0)) == 0
    assert count(red, (255, 0, 0)) > 2 * 2 * (plain.shape[0] // 3)  # a 2-px red frame
    split = ["a", "b", "c"] * 6
    on = pixels(ph.Heatmap(m, row_split=split))
    off = pixels(ph.Heatmap(m, row_split=split, show_parent_dend_line=False))
    assert count(on, (102, 102, 102), 30) > count(off, (102, 102, 102), 30) + 5
    # rotated names take less width and more height than horizontal ones
    flat = pixels(ph.Heatmap(m, show_row_dend=False))
    rot = pixels(ph.Heatmap(m, show_row_dend=False, row_names_rot=90))
    assert rot.shape[1] < flat.shape[1] - 20
    # names turned by 45 degrees reach above the body: the R figure is padded for them, so
    # text is drawn there and nothing touches the image's top edge
    long = mat(12, 5)
    long.index = [f"a_longer_gene_name_{i}" for i in range(12)]
    hm = ph.Heatmap(long, row_names_rot=45, show_column_dend=False, show_row_dend=False)
    drawn = hm.draw(backend="r", dpi=100)
    im = np.asarray(Image.open(io.BytesIO(drawn.image)).convert("RGB")).astype(int)
    top_px = int(drawn.layout["body"][1] / 25.4 * 100)
    dark = im.sum(axis=2) < 300
    assert dark[: top_px - 2].sum() > 50  # the upper names, above the body
    assert dark[:2].sum() == 0 and dark[:, -2:].sum() == 0
    # row_names_max_width: R reserves at most that (plus its 2 mm): the legend moves in
    wide = ph.Heatmap(long, show_row_dend=False).draw(backend="r")
    capped = ph.Heatmap(long, show_row_dend=False, row_names_max_width="1cm").draw(backend="r")
    assert capped.layout["legend"][0] < wide.layout["legend"][0] - 15
    # column_names_max_height: a legend under the heatmap moves up
    tall = ph.Heatmap(long.T, show_column_dend=False).draw(
        backend="r", heatmap_legend_side="bottom")
    short = ph.Heatmap(long.T, show_column_dend=False, column_names_max_height=10).draw(
        backend="r", heatmap_legend_side="bottom")
    assert short.layout["legend"][1] < tall.layout["legend"][1] - 15


@pytest.mark.needs_r
@pytest.mark.parametrize("space", ["RGB", "LAB", "XYZ", "sRGB", "LUV", "HLS"])
def test_color_space_of_a_vector_col_as_r(r, space):
    m = mat(10, 4)
    colours = ["navy", "white", "firebrick"]
    spec = ph.Heatmap(m, col=colours, color_space=space).compile()
    want = r.call("ha_vector_col", m.to_numpy(), colours, space)
    got = spec.col(m.to_numpy().ravel(order="F"))
    assert [g.upper() for g in got] == [w.upper()[:7] for w in want]


@pytest.mark.needs_r
def test_split_and_km_aliases_as_r(r):
    m = mat(20, 5)
    labels = ["b", "a", "c", "a"] * 5
    want = np.asarray(r.call("ha_split_alias_order", m.to_numpy(), split=labels)) - 1
    got = ph.Heatmap(m, split=labels, cluster_columns=False).draw(backend="native").row_order
    assert np.concatenate(list(got.values())).tolist() == want.tolist()
    rgot = ph.Heatmap(m, km=2, seed=1, cluster_columns=False).draw(backend="r").row_order
    want_km = np.asarray(r.call("ha_split_alias_order", m.to_numpy(), km=2, seed=1)) - 1
    assert np.concatenate(list(rgot.values())).tolist() == want_km.tolist()


@pytest.mark.needs_r
@pytest.mark.parametrize("fun", ["mean_na_rm", "mean", "median", "max", "min"])
def test_resize_matrix_as_complexheatmap(r, fun):
    from pyr_heatmap.backends.native.draw_args import resize_matrix

    x = np.random.default_rng(3).normal(size=(37, 23))
    x[5, 0] = np.nan
    for nr, nc in ((10, 23), (37, 7), (11, 5)):
        want = np.asarray(r.call("ha_resize_matrix", x, nr, nc, fun))
        got = resize_matrix(x, nr, nc, fun)
        assert np.array_equal(np.isnan(got), np.isnan(want))
        assert np.allclose(got[~np.isnan(got)], want[~np.isnan(want)], rtol=0, atol=1e-12)


@pytest.mark.needs_r
def test_exported_script_carries_the_arguments(r, tmp_path):
    import shutil
    import subprocess

    hm = ph.Heatmap(mat(30, 6), heatmap_width=90, row_names_rot=30, row_names_centered=True,
                    border_gp={"col": "red", "lwd": 2}, show_parent_dend_line=False,
                    row_split=["a", "b"] * 15, use_raster=True, raster_quality=2,
                    raster_resize_mat=True)
    script = hm.to_r_script(tmp_path / "ht.R")
    text = script.read_text()
    for piece in ("heatmap_width = unit(90", "row_names_rot = 30", "row_names_centered = TRUE",
                  "show_parent_dend_line = FALSE", "raster_quality = 2",
                  "raster_resize_mat = TRUE", "border_gp = gpar("):
        assert piece in text, piece
    assert "\n    width = unit(" not in text  # R refuses width and heatmap_width together
    done = subprocess.run([shutil.which("Rscript"), "--vanilla", str(script)], cwd=tmp_path,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    assert list(tmp_path.glob("*.png"))


@pytest.mark.needs_r
def test_gap_alias_and_layer_fun(r):
    # gap: R's old name of row_gap, used when row_gap is not given (asked of ComplexHeatmap)
    m = mat(10, 4)
    split = ["a", "b"] * 5
    for kw in ({"gap": 3.0}, {"gap": 3.0, "row_gap": 2.0}, {"row_gap": 4.0}):
        want = float(r.call("ha_gap_alias", m.to_numpy(), gap=kw.get("gap", np.nan),
                            row_gap=kw.get("row_gap", np.nan))[0])
        assert ph.Heatmap(m, row_split=split, **kw).compile().row.gap_mm == want
    with pytest.raises(InputError, match=r"layer_fun is not supported.*cell_fun"):
        ph.Heatmap(m, layer_fun=lambda *a: None).compile()
