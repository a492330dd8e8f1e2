"""pheatmap(): both backends against live pheatmap, the drawn native figure, export and errors."""

from __future__ import annotations

import subprocess

import numpy as np
import pandas as pd
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import PatchCollection
from matplotlib.colors import to_hex

import pyr_heatmap as ph
from pyr_heatmap.backends.r.pheatmap_rscript import parse_pheatmap_output
from pyr_heatmap.errors import InputError


def _data(seed: int = 1, n: int = 16, m: int = 7) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    return pd.DataFrame(rng.normal(size=(n, m)) + np.arange(m),
                        index=[f"gene_{i}" for i in range(n)],
                        columns=[f"sample_{j}" for j in range(m)])


def _annotations(x: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    col = pd.DataFrame({"group": ["ctrl", "treat", "treat", "ctrl", "treat", "ctrl", "ctrl"],
                        "dose": [0.0, 1.5, 3.0, 0.0, 4.5, 0.2, 0.1]}, index=x.columns)
    row = pd.DataFrame({"pathway": ["a", "b", "c", "a"] * (x.shape[0] // 4)}, index=x.index)
    return col, row


# --------------------------------------------------------------------------------------------
# parity through the public call
# --------------------------------------------------------------------------------------------
CASES = [
    {},
    {"scale": "row", "cutree_rows": 3, "cutree_cols": 2},
    {"scale": "column", "clustering_distance_rows": "correlation",
     "clustering_method": "average"},
    {"cluster_cols": False, "gaps_col": [2, 5], "clustering_method": "ward.D2"},
    {"breaks": np.linspace(-2, 8, 11).tolist(),
     "color": ["navy", "white", "firebrick", "gold", "black", "grey50", "#123456", "red",
               "blue", "green"]},
]


@pytest.mark.needs_r
@pytest.mark.parametrize("case", range(len(CASES)))
def test_r_backend_equals_native(r, case: int) -> None:
    x = _data(case)
    native = ph.pheatmap(x, **CASES[case])
    drawn_r = ph.pheatmap(x, backend="r", **CASES[case])
    assert drawn_r.backend == "r" and drawn_r.image[:8] == b"\x89PNG\r\n\x1a\n"
    for a, b in ((native.tree_row, drawn_r.tree_row), (native.tree_col, drawn_r.tree_col)):
        assert (a is None) == (b is None)
        if a is not None:
            np.testing.assert_array_equal(a.merge, b.merge)
            np.testing.assert_array_equal(a.height, b.height)
            np.testing.assert_array_equal(a.order, b.order)
    np.testing.assert_array_equal(native.row_order, drawn_r.row_order)
    np.testing.assert_array_equal(native.column_order, drawn_r.column_order)
    np.testing.assert_array_equal(native.gaps_row, drawn_r.gaps_row)
    np.testing.assert_array_equal(native.gaps_col, drawn_r.gaps_col)
    assert native.row_labels == drawn_r.row_labels
    assert native.column_labels == drawn_r.column_labels
    report = ph.pheatmap_crosscheck(x, **CASES[case])
    assert report.identical, report.summary()


@pytest.mark.needs_r
@pytest.mark.parametrize("opts", [{}, {"scale": "row"}, {"legend_breaks": [-1, 0, 1, 2.5, 99],
                                                         "legend_labels": list("abcde")},
                                  {"breaks": [0, 1, 2, 3.5], "color": ["red", "white", "blue"]}])
def test_legend_ticks_are_pheatmaps(r, opts: dict) -> None:
    x = _data(3)
    res = r.call("ph_run", x.to_numpy(), list(x.index), list(x.columns), opts)
    spec = ph.frontends.pheatmap.Pheatmap(x, **opts).compile()
    assert list(spec.legend_text) == list(res["legend"])


@pytest.mark.needs_r
def test_crosscheck_with_annotations_and_callback(r) -> None:
    x = _data(4)
    col, row = _annotations(x)

    def flip(hc: ph.HClust, mat: np.ndarray) -> ph.HClust:
        return ph.HClust(hc.merge, hc.height, hc.order[::-1], hc.labels, hc.method)

    report = ph.pheatmap_crosscheck(x, annotation_col=col, annotation_row=row,
                                    clustering_callback=flip, scale="row")
    assert report.identical, report.summary()
    # the same check as a method of the drawn result (as heatmap_2's results have it)
    drawn = ph.pheatmap(x, annotation_col=col, annotation_row=row, clustering_callback=flip,
                        scale="row")
    method = drawn.crosscheck()
    assert method.identical and method.checks == report.checks


@pytest.mark.needs_r
def test_default_annotation_colours_are_pheatmaps(r) -> None:
    x = _data(5)
    col, row = _annotations(x)
    spec = ph.frontends.pheatmap.Pheatmap(x, annotation_col=col, annotation_row=row).compile()
    rcols = r.eval(
        "local({ a <- list(pathway = c('a','b','c','a'), group = c('ctrl','treat'), "
        "dose = c(0, 1.5, 3)); pheatmap:::generate_annotation_colours(a, NA, TRUE) })")
    py = {t.name: t for t in (*spec.annotation_row, *spec.annotation_col)}
    assert list(py["pathway"].legend_colors) == list(rcols["pathway"])
    assert list(py["group"].legend_colors) == list(rcols["group"])
    assert list(py["dose"].legend_colors) == [ph.figure.colors.r_color_to_hex(c) for c in
                                              r.call("ph_ramp", list(rcols["dose"]), 4)]


@pytest.mark.needs_r
def test_r_kmeans_and_labels(r) -> None:
    x = _data(6, n=40)
    drawn = ph.pheatmap(x, kmeans_k=4, seed=7, backend="r", scale="row")
    assert drawn.kmeans is not None and drawn.kmeans.size == 40
    assert drawn.row_order.size == 4
    again = ph.pheatmap(x, kmeans_k=drawn.kmeans, scale="row")  # the same clusters, natively
    np.testing.assert_array_equal(again.row_order, drawn.row_order)
    np.testing.assert_array_equal(again.tree_row.height, drawn.tree_row.height)
    assert again.row_labels == drawn.row_labels
    assert drawn.row_labels[0].startswith("Cluster: ")
    given = ph.pheatmap(x, kmeans_k=drawn.kmeans, scale="row", backend="r")  # labels, in R
    np.testing.assert_array_equal(given.tree_row.height, drawn.tree_row.height)
    np.testing.assert_array_equal(given.tree_col.merge, drawn.tree_col.merge)
    assert given.row_labels == drawn.row_labels
    with pytest.raises(InputError, match="kmeans"):
        ph.pheatmap(x, kmeans_k=4)


@pytest.mark.needs_r
def test_exported_script_runs(r, tmp_path) -> None:
    x = _data(7)
    col, _ = _annotations(x)
    args = {"scale": "row", "cutree_rows": 4, "annotation_col": col, "main": 'a "quoted" title',
            "labels_col": [f"lab {i}" for i in range(7)]}
    native = ph.pheatmap(x, **args)
    script = native.to_r_script(tmp_path / "ph.R")  # the result's method (the function's
    # output is the same call; the CLI test of --style pheatmap export-r runs the function)
    out = subprocess.run(["Rscript", str(script)], capture_output=True, text=True, check=True,
                         timeout=120)
    got = parse_pheatmap_output(out.stdout)
    np.testing.assert_array_equal(got["row_order"], native.row_order)
    np.testing.assert_array_equal(got["column_order"], native.column_order)
    np.testing.assert_array_equal(got["gaps_row"], native.gaps_row)
    np.testing.assert_array_equal(got["row_height"], native.tree_row.height)
    assert (tmp_path / "ph.png").read_bytes()[:4] == b"\x89PNG"


# --------------------------------------------------------------------------------------------
# the native figure, read from its artists
# --------------------------------------------------------------------------------------------
def _renderer(fig):
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    return canvas.get_renderer()


def _matrix_patches(drawn: ph.DrawnPheatmap) -> PatchCollection:
    ax = drawn.figure.axes[0]
    return next(c for c in ax.collections if c.get_label() == "matrix")


def test_native_cells_borders_and_labels() -> None:
    x = _data(8)
    drawn = ph.pheatmap(x, scale="row", cutree_rows=2, display_numbers=True, main="Title")
    spec = drawn.spec
    cells = _matrix_patches(drawn)
    faces = [to_hex(c).upper() for c in cells.get_facecolors()]
    assert faces == [c for row in spec.cell_colors for c in row]
    assert {to_hex(c).upper() for c in cells.get_edgecolors()} == {"#999999"}  # grey60
    texts = {t.get_text(): t for t in drawn.figure.axes[0].texts}
    for lab in x.columns:
        assert texts[lab].get_rotation() == 270
    assert [t for t in drawn.row_labels] == [f"gene_{i}" for i in drawn.row_order]
    # row labels are top to bottom in drawn order, left-aligned at one x
    ys = [texts[lab].get_position()[1] for lab in drawn.row_labels]
    assert ys == sorted(ys)
    assert len({texts[lab].get_position()[0] for lab in drawn.row_labels}) == 1
    assert texts["Title"].get_fontweight() == "bold"
    assert f"{spec.matrix[0, 0]:.2f}" in texts
    # every text inside the canvas
    fig = drawn.figure
    renderer = _renderer(fig)
    w, h = fig.bbox.width, fig.bbox.height
    for t in fig.axes[0].texts:
        bb = t.get_window_extent(renderer)
        assert bb.x0 >= -0.5 and bb.y0 >= -0.5 and bb.x1 <= w + 0.5 and bb.y1 <= h + 0.5, \
            t.get_text()


def test_native_gaps_and_cell_sizes() -> None:
    x = _data(9)
    drawn = ph.pheatmap(x, cluster_rows=False, gaps_row=[3], cellwidth=12, cellheight=10,
                        border_color=None)
    cells = _matrix_patches(drawn).get_paths()
    assert len(cells) == x.size
    tr = _matrix_patches(drawn).get_transform()
    assert tr is not None
    # figure sized to its content: 12 points per column, 10 per row + one 4-point gap
    lo = ph.backends.native.pheatmap.pheatmap_layout(drawn.spec)
    assert lo["widths"][2] == 12 * 7 and lo["heights"][3] == 10 * 16 + 4
    assert drawn.figure.get_size_inches()[0] == pytest.approx(lo["width"] / 72)
    assert len(_matrix_patches(drawn).get_edgecolors()) == 0 or all(
        c[3] == 0 for c in _matrix_patches(drawn).get_edgecolors())


def test_large_matrix_cells_drawn_as_images_with_the_same_colours() -> None:
    from matplotlib.colors import to_rgba_array

    rng = np.random.default_rng(13)
    x = pd.DataFrame(rng.normal(size=(300, 80)))
    drawn = ph.pheatmap(x, cutree_rows=3, cutree_cols=2, show_rownames=False)
    images = drawn.figure.axes[0].images
    assert len(images) == 6  # 3 x 2 blocks between the gaps
    want = to_rgba_array(list(drawn.spec.cell_colors.ravel())).reshape(300, 80, 4)
    rows = np.r_[0, drawn.gaps_row, 300]
    cols = np.r_[0, drawn.gaps_col, 80]
    k = 0
    for i in range(3):
        for j in range(2):
            got = np.asarray(images[k].get_array())
            np.testing.assert_array_equal(got, want[rows[i]:rows[i + 1], cols[j]:cols[j + 1]])
            k += 1
    renderer = _renderer(drawn.figure)
    # blocks in drawn order, left to right then top to bottom, 4 points apart at the gaps
    ext = [im.get_window_extent(renderer) for im in images]
    assert ext[0].x1 < ext[1].x0 and ext[0].y0 > ext[2].y1


@pytest.mark.parametrize("angle", [0, 45, 90, 315])
def test_native_long_labels_stay_inside(angle: int) -> None:
    x = _data(10)
    x.columns = [f"a very long sample name number {j}" for j in range(7)]
    drawn = ph.pheatmap(x, angle_col=angle)
    fig = drawn.figure
    renderer = _renderer(fig)
    for t in fig.axes[0].texts:
        bb = t.get_window_extent(renderer)
        assert bb.y0 >= -0.5, (t.get_text(), bb)
        assert t.get_rotation() in (angle, 0.0)


def test_save_atomic_formats(tmp_path) -> None:
    drawn = ph.pheatmap(_data(11))
    for suffix in (".png", ".pdf", ".svg"):
        out = drawn.save(tmp_path / f"f{suffix}")
        assert out.stat().st_size > 1000
    with pytest.raises(InputError):
        drawn.save(tmp_path / "nope" / "f.png")
    target = tmp_path / "g.png"
    ph.pheatmap(_data(11), filename=target, width=4, height=3)
    assert target.read_bytes()[:4] == b"\x89PNG"


def test_errors_name_the_fix() -> None:
    x = _data(12)
    with pytest.raises(InputError, match="scale"):
        ph.pheatmap(x, scale="rows")
    with pytest.raises(InputError, match="clustering_method"):
        ph.pheatmap(x, clustering_method="ward.D3")
    with pytest.raises(InputError, match="clustering_distance_rows"):
        ph.pheatmap(x, clustering_distance_rows="pearson")
    with pytest.raises(InputError, match="angle_col"):
        ph.pheatmap(x, angle_col=30)
    with pytest.raises(InputError, match="cutree_rows"):
        ph.pheatmap(x, cutree_rows=100)
    xn = x.copy()
    xn.iloc[0, 0] = np.nan
    with pytest.raises(InputError, match="correlation"):
        ph.pheatmap(xn, clustering_distance_rows="correlation")
    before = x.copy()
    ph.pheatmap(x, scale="row")
    pd.testing.assert_frame_equal(x, before)  # the caller's data is untouched
