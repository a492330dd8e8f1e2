"""The native backend: what a person sees in the figure, and orders equal to ComplexHeatmap's.

Figures are rendered with Agg at a known dpi and read back as pixels; positions of the parts are
taken from the drawn axes (tagged by the plotter), so these tests check the picture itself: cell
colours in the drawn order, names in the drawn order, dendrogram leaves on their rows, gaps where
slices end, legend ticks, reproducible files.
"""

from __future__ import annotations

import io
import warnings

import numpy as np
import pandas as pd
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.image import AxesImage
from matplotlib.patches import PathPatch

import pyr_heatmap as ph
from pyr_heatmap.errors import InputError
from pyr_heatmap.figure.pretty import legend_ticks

DPI = 100


def demo_z() -> pd.DataFrame:
    expr, samples = ph.load_demo()
    return ph.scale_rows(ph.log2p(ph.aggregate(expr, samples["structure_acronym"])))


def render(drawn) -> np.ndarray:
    canvas = FigureCanvasAgg(drawn.figure)
    drawn.figure.set_dpi(DPI)
    canvas.draw()
    return np.asarray(canvas.buffer_rgba())[:, :, :3].astype(int)


def axes_by_label(fig, prefix: str) -> list:
    return [ax for ax in fig.axes if ax.get_label().startswith(prefix)]


def pixel_of(ax, x: float, y: float, height_px: int) -> tuple[int, int]:
    """Row and column in the rendered buffer of data point (x, y) of ``ax``."""
    dx, dy = ax.transData.transform((x, y))
    return int(height_px - dy), int(dx)


def hex_to_rgb(h: str) -> np.ndarray:
    return np.array([int(h[i : i + 2], 16) for i in (1, 3, 5)])


# -- orders against live ComplexHeatmap ---------------------------------------------------------

CASES = [
    ({}, {}),
    ({"method": "ward.D2"}, {"method": "ward.D2"}),
    ({"method": "average", "distance": "pearson"}, {"method": "single", "distance": "manhattan"}),
    ({"split": ["a", "b", "a", "c"] * 5}, {}),
    ({"split": 3}, {"split": 2}),
    ({"split": ["x", "y"] * 10, "cluster_slices": False}, {"cluster": "FALSE"}),
    ({"cluster": "hclust", "method": "complete"}, {"cluster": "hclust", "method": "average"}),
    ({"reorder": False}, {"reorder": True}),
]


def _py_args(side: dict, which: str, m: np.ndarray) -> dict:
    rc = "rows" if which == "row" else "columns"
    x = m if which == "row" else m.T
    out = {}
    method = side.get("method", "complete")
    distance = side.get("distance", "euclidean")
    if "method" in side:
        out[f"clustering_method_{rc}"] = method
    if "distance" in side:
        out[f"clustering_distance_{rc}"] = distance
    if side.get("cluster") == "FALSE":
        out[f"cluster_{rc}"] = False
    if side.get("cluster") == "hclust":
        out[f"cluster_{rc}"] = ph.hclust(ph.dist(x, distance), method)
    if "split" in side:
        out[f"{which}_split"] = side["split"]
    if "cluster_slices" in side:
        out[f"cluster_{which}_slices"] = side["cluster_slices"]
    if "reorder" in side:
        out[f"{which}_dend_reorder"] = side["reorder"]
    return out


def _flat(order) -> tuple[np.ndarray, list[int], list[str]]:
    if isinstance(order, dict):
        return (np.concatenate(list(order.values())), [len(v) for v in order.values()],
                list(order))
    return order, [len(order)], []


@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.parametrize(("row", "col"), CASES)
def test_native_orders_equal_complexheatmap(r, row, col, seed):
    rng = np.random.default_rng(seed)
    m = rng.normal(size=(20, 8)) if seed != 3 else rng.integers(0, 3, size=(20, 8)).astype(float)
    ref = r.call("ord_heatmap", m, row, col)
    drawn = ph.Heatmap(m, **_py_args(row, "row", m), **_py_args(col, "column", m)).draw(
        backend="native")
    for got, want in ((drawn.row_order, ref["row"]), (drawn.column_order, ref["column"])):
        order, sizes, names = _flat(got)
        assert np.array_equal(order, np.asarray(want["order"]) - 1)
        assert sizes == list(want["sizes"])
        if list(want["names"]):  # R leaves the slices of a split by k unnamed (titled 1..k)
            assert names == list(want["names"])


# -- what is drawn ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed_workflow():
    z = demo_z()
    hr = ph.hclust(ph.dist(z), "ward.D2")
    hc = ph.hclust(ph.dist(z.T), "ward.D2")
    drawn = ph.Heatmap(z, name="relative expression", cluster_rows=hr,
                       cluster_columns=hc).draw(backend="native")
    return z, hr, hc, drawn


def test_cell_colours_follow_the_orders_and_the_mapping(seed_workflow):
    z, hr, hc, drawn = seed_workflow
    # supplied trees are not reordered (ComplexHeatmap's rule), so the drawn order is hclust's
    assert np.array_equal(drawn.row_order, hr.order)
    assert np.array_equal(drawn.column_order, hc.order)
    img = render(drawn)
    (body,) = axes_by_label(drawn.figure, "body:")
    ramp = drawn.spec.col
    values = z.to_numpy()
    worst = 0
    for p, i in enumerate(drawn.row_order):
        for q, j in enumerate(drawn.column_order):
            y, x = pixel_of(body, q + 0.5, p + 0.5, img.shape[0])
            want = hex_to_rgb(ramp(values[i, j]))
            worst = max(worst, int(np.abs(img[y, x] - want).max()))
    assert worst <= 1  # R's colour for the value, within 1/255 per channel


def test_names_are_drawn_in_the_drawn_order(seed_workflow):
    z, hr, hc, drawn = seed_workflow
    (names_ax,) = axes_by_label(drawn.figure, "row_names:")
    texts = sorted(names_ax.texts, key=lambda t: t.get_position()[1])
    assert [t.get_text() for t in texts] == [z.index[i] for i in hr.order]
    (cnames,) = axes_by_label(drawn.figure, "column_names:")
    ctexts = sorted(cnames.texts, key=lambda t: t.get_position()[0])
    assert [t.get_text() for t in ctexts] == [z.columns[j] for j in hc.order]
    assert all(t.get_rotation() == 90 for t in ctexts)


def test_dendrogram_leaves_line_up_with_their_rows(seed_workflow):
    z, hr, _hc, drawn = seed_workflow
    fig = drawn.figure
    FigureCanvasAgg(fig).draw()
    (body,) = axes_by_label(fig, "body:")
    (dend,) = axes_by_label(fig, "row_dend")
    (patch,) = [p for p in dend.patches if isinstance(p, PathPatch)]
    segments = patch.get_path().vertices.reshape(-1, 2, 2)
    ends = []
    for seg in segments:
        for hx, py in seg:
            if hx == 0:  # a leaf end (height 0)
                ends.append(dend.transData.transform((hx, py))[1])
    leaf_y = np.sort(np.unique(np.round(ends, 6)))[::-1]
    row_y = np.array([body.transData.transform((0.5, p + 0.5))[1] for p in range(z.shape[0])])
    assert leaf_y.size == z.shape[0]
    assert np.allclose(leaf_y, row_y, atol=0.01)
    # the root is the highest merge
    assert np.isclose(segments[:, :, 0].max(), hr.height.max())


def test_split_gaps_are_where_the_slices_end():
    z = demo_z()
    drawn = ph.Heatmap(z, row_split=3, row_gap="2mm", column_split=2,
                       column_gap=1.5).draw(backend="native")
    fig = drawn.figure
    FigureCanvasAgg(fig).draw()
    assert isinstance(drawn.row_order, dict) and len(drawn.row_order) == 3
    bodies = {ax.get_label(): ax.get_window_extent() for ax in axes_by_label(fig, "body:")}
    px_per_mm = fig.dpi / 25.4
    sizes = [len(v) for v in drawn.row_order.values()]
    tops = [bodies[f"body:{k}:0"] for k in range(3)]
    cell_h = tops[0].height / sizes[0]
    for k in range(2):
        gap = tops[k].y0 - tops[k + 1].y1
        assert gap == pytest.approx(2 * px_per_mm, abs=0.01)
        # every slice has the same cell height: the gap sits exactly after the slice's rows
        assert tops[k + 1].height / sizes[k + 1] == pytest.approx(cell_h)
    ncol = [len(v) for v in drawn.column_order.values()]
    left, right = bodies["body:0:0"], bodies["body:0:1"]
    assert right.x0 - left.x1 == pytest.approx(1.5 * px_per_mm, abs=0.01)
    assert left.width / ncol[0] == pytest.approx(right.width / ncol[1])
    # slice titles default to the slice names
    texts = {t.get_text() for t in fig.texts}
    assert {"1", "2", "3"} <= texts


def test_legend_ticks_are_r_pretty_ticks(seed_workflow):
    _z, _hr, _hc, drawn = seed_workflow
    labels = [t.get_text() for t in drawn.figure.texts
              if t.get_gid() == "legend_label:relative expression"]
    ticks = legend_ticks(drawn.spec.col)
    assert labels == [f"{v:g}" for v in ticks]
    assert any(t.get_text() == "relative expression" for t in drawn.figure.texts)


def test_na_cells_and_annotations_have_their_colours():
    z = demo_z()
    z.iloc[0, 0] = np.nan
    lobes = ["a" if i % 2 else "b" for i in range(z.shape[1])]
    ha = ph.HeatmapAnnotation(lobe=lobes, col={"lobe": {"a": "red", "b": "#0000FF"}})
    drawn = ph.Heatmap(z, na_col="black", cluster_rows=False, cluster_columns=False,
                       top_annotation=ha).draw(backend="native")
    img = render(drawn)
    (body,) = axes_by_label(drawn.figure, "body:")
    assert np.array_equal(img[pixel_of(body, 0.5, 0.5, img.shape[0])], [0, 0, 0])
    (bar,) = axes_by_label(drawn.figure, "anno:lobe:")
    for q in range(z.shape[1]):
        want = [255, 0, 0] if lobes[q] == "a" else [0, 0, 255]
        assert np.array_equal(img[pixel_of(bar, q + 0.5, 0.5, img.shape[0])], want)
    legend_levels = [t.get_text() for t in drawn.figure.texts if t.get_gid() == "legend_label:lobe"]
    assert legend_levels == ["a", "b"]


def test_outputs_are_reproducible(seed_workflow, tmp_path):
    *_, drawn = seed_workflow
    for suffix in (".png", ".pdf", ".svg", ".tiff"):
        a = drawn.save(tmp_path / f"a{suffix}").read_bytes()
        b = drawn.save(tmp_path / f"b{suffix}").read_bytes()
        assert a == b, suffix
        assert b"CreationDate" not in a
    assert drawn.save(tmp_path / "p.png", dpi=50).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert (tmp_path / "a.pdf").read_bytes()[:5] == b"%PDF-"
    assert drawn._repr_png_()[:4] == b"\x89PNG"


def test_failed_save_leaves_existing_file(seed_workflow, tmp_path):
    *_, drawn = seed_workflow
    target = tmp_path / "fig.png"
    target.write_bytes(b"old")
    with pytest.raises(InputError, match="suffix"):
        drawn.save(tmp_path / "fig.bmpx")
    with pytest.raises(InputError, match="does not exist"):
        drawn.save(tmp_path / "missing" / "fig.png")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["fig.png"]


def test_large_matrix_uses_one_raster_image_and_stays_small(tmp_path):
    rng = np.random.default_rng(0)
    m = rng.normal(size=(20_000, 30))
    hr = ph.hclust(ph.dist(m), "ward.D2")
    drawn = ph.Heatmap(m, cluster_rows=hr, cluster_columns=False,
                       show_row_names=False).draw(backend="native")
    assert drawn.spec.use_raster  # automatic: nrow > 2000 and ncol > 10
    (body,) = axes_by_label(drawn.figure, "body:")
    assert len(body.images) == 1 and isinstance(body.images[0], AxesImage)
    assert not axes_by_label(drawn.figure, "row_names:")
    pdf = drawn.save(tmp_path / "big.pdf", dpi=150)
    assert pdf.stat().st_size < 3_000_000


def test_draw_validates_its_arguments():
    z = demo_z()
    with pytest.raises(InputError, match="unknown backend"):
        ph.Heatmap(z).draw(backend="matplotlib")
    with pytest.raises(InputError, match="color_ramp2"):
        ph.Heatmap(z, col="red").draw(backend="native")
    with pytest.raises(InputError, match="values but the heatmap has"):
        ph.Heatmap(z, top_annotation=ph.HeatmapAnnotation(x=[1, 2])).draw(backend="native")
    with pytest.raises(InputError, match="rowAnnotation"):
        ph.Heatmap(z, left_annotation=ph.HeatmapAnnotation(x=list(z.columns))).draw(
            backend="native")
    with pytest.raises(InputError, match="not a length"):
        ph.Heatmap(z, row_gap="two").draw(backend="native")


def test_input_is_not_mutated():
    z = demo_z()
    before = z.copy()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ph.Heatmap(z, row_split=2).draw(backend="native").to_png()
    pd.testing.assert_frame_equal(z, before)


def test_png_bytes_render_in_memory(seed_workflow):
    *_, drawn = seed_workflow
    png = drawn.to_png(dpi=72)
    from matplotlib.image import imread

    img = imread(io.BytesIO(png))
    assert img.shape[0] > 100 and img.shape[1] > 100


def test_nearest_image_places_pixels_as_matplotlib_does():
    """The raster body's own nearest-neighbour placement against matplotlib's imshow: the
    same pixels except single rows/columns at cell boundaries (rounding of the boundary)."""
    from matplotlib.figure import Figure
    from PIL import Image

    from pyr_heatmap.backends.native.parts import _nearest_image_class

    rng = np.random.default_rng(0)
    a = rng.integers(0, 255, (37, 23, 4)).astype(np.uint8)
    a[..., 3] = 255
    outs = []
    for mode in ("matplotlib", "ours"):
        fig = Figure(figsize=(3.3, 4.7), dpi=137)
        ax = fig.add_axes((0.113, 0.087, 0.71, 0.8))
        ax.set_axis_off()
        if mode == "matplotlib":
            ax.imshow(a, extent=(0, 23, 37, 0), aspect="auto", interpolation="nearest",
                      resample=False)
        else:
            im = _nearest_image_class()(ax, interpolation="nearest", resample=False)
            im.set_data(a)
            im.set_extent((0, 23, 37, 0))
            ax.add_image(im)
        ax.set_xlim(0, 23)
        ax.set_ylim(37, 0)
        buf = io.BytesIO()
        fig.savefig(buf, format="png", dpi=300)
        outs.append(np.asarray(Image.open(buf)).astype(int))
    differ = np.abs(outs[0] - outs[1]).max(axis=2) > 0
    assert differ.mean() < 0.02
    rows = np.flatnonzero(differ.any(axis=1))
    assert np.all(np.diff(rows) >= 29)  # single rows at cell boundaries (30.5 px cells)
