"""Annotation functions (issue 12, item 2): R builds each with ComplexHeatmap's own anno_*
function and gets the same data ranges; the native backend draws the same marks at the same
positions (read from the drawn artists)."""

from __future__ import annotations

import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.patches import Rectangle

from pyr_heatmap import (
    Heatmap,
    HeatmapAnnotation,
    anno_barplot,
    anno_block,
    anno_boxplot,
    anno_density,
    anno_empty,
    anno_histogram,
    anno_lines,
    anno_mark,
    anno_points,
    anno_simple,
    anno_text,
    rowAnnotation,
)
from pyr_heatmap.backends.native.annotations import mark_layout, smart_align
from pyr_heatmap.errors import InputError
from pyr_heatmap.figure.annotation_compile import r_boxplot_stats, r_density, r_hist

RNG = np.random.default_rng(12)
M = RNG.normal(size=(24, 9))
POS = np.abs(M[:9, :3]) + 0.1  # one stack of three parts per column


def _all_column_annotations() -> HeatmapAnnotation:
    return HeatmapAnnotation(
        simple=anno_simple(["a", "b", "c"] * 3, pch=[1, 16, None] * 3),
        bar=anno_barplot(np.arange(1.0, 10.0)),
        stack=anno_barplot(POS, gp={"fill": ["red", "green", "blue"]}),
        base=anno_barplot(M[0], baseline="min"),
        pts=anno_points(M[1]),
        lines=anno_lines(M[2], add_points=True),
        box=anno_boxplot(M),
        hist=anno_histogram(M),
        dens=anno_density(M),
        txt=anno_text([f"S{j}" for j in range(9)]),
        blk=anno_block(gp={"fill": ["orange", "purple"]}, labels=["A", "B"]),
        emp=anno_empty(),
        grp=["x", "y", "z"] * 3,
    )


def _r_heatmap(hm):
    """The Heatmap object the R backend builds from the compiled spec (r/heatmap.R)."""
    from pyr_heatmap.backends.r import bridge
    from pyr_heatmap.backends.r.plan import _matrix, plan_axis, r_payload

    spec = hm.compile()
    rows, cols = plan_axis(spec, "row", False), plan_axis(spec, "column", False)
    payload = r_payload(spec, rows, cols, pass_col=True)
    return spec, bridge.session().call("pyrhm_heatmap", _matrix(spec), payload)


@pytest.mark.needs_r
def test_r_builds_every_annotation_with_complexheatmaps_function(r) -> None:
    hm = Heatmap(M, top_annotation=_all_column_annotations(), column_split=2,
                 right_annotation=rowAnnotation(mk=anno_mark(at=[0, 3, 20], labels=list("abc"))))
    spec, ht = _r_heatmap(hm)
    got = r.call("anf_inspect", ht, "top")
    for t in spec.column.before.tracks:
        if not getattr(t, "is_function", False):  # ComplexHeatmap draws colour bars with
            assert got[t.name]["fun_name"][0] == "anno_simple", t.name  # anno_simple too
            continue
        # ComplexHeatmap 2.14's anno_lines() calls itself "anno_points" (its own quirk)
        want = "anno_points" if t.kind == "lines" else f"anno_{t.kind}"
        assert got[t.name]["fun_name"][0] == want, t.name
        if t.kind in ("barplot", "points", "lines", "boxplot"):
            # the data range R computed from the same values
            assert np.allclose(got[t.name]["data_scale"], t.scale, rtol=1e-12), t.name
    assert r.call("anf_inspect", ht, "right")["mk"]["fun_name"][0] == "anno_mark"
    drawn = hm.draw(backend="r", format="png")  # and ComplexHeatmap draws it all
    assert drawn.image[:4] == b"\x89PNG"


@pytest.mark.needs_r
@pytest.mark.parametrize("which", ["column", "row"])
def test_data_scales_equal_complexheatmaps(r, which: str) -> None:
    cases = [("barplot", M[0], {}), ("barplot", np.abs(M[0]) + 1, {}),
             ("barplot", M[0], {"baseline": 5.0}), ("barplot", POS, {}),
             ("points", M[1], {}), ("lines", M[2], {"ylim": (-3.0, 3.0)}),
             ("boxplot", M if which == "column" else M.T, {})]
    for kind, x, kw in cases:
        fn = {"barplot": anno_barplot, "points": anno_points, "lines": anno_lines,
              "boxplot": anno_boxplot}[kind](x, **kw)
        labels = tuple(str(i) for i in range(9))
        from pyr_heatmap.figure.annotation_compile import compile_anno

        track = compile_anno(fn, "a", labels, which, "top" if which == "column" else "right")
        want = r.call("anf_data_scale", kind, np.asarray(x, dtype=float), which,
                      baseline=kw.get("baseline", 0.0),
                      ylim=None if "ylim" not in kw else np.asarray(kw["ylim"]))
        assert np.allclose(track.scale, want, rtol=1e-12), (kind, kw)


@pytest.mark.needs_r
def test_statistics_equal_rs(r) -> None:
    for v in (M[:, 0], RNG.integers(0, 5, 40).astype(float), np.r_[RNG.normal(size=30), 9.0]):
        stats, out = r_boxplot_stats(v)
        want = r.call("anf_boxplot_stats", v)
        assert np.allclose(stats, want["stats"], rtol=1e-12)
        assert np.allclose(np.sort(out), np.sort(np.atleast_1d(want["out"])), rtol=1e-12)
        breaks = np.linspace(v.min(), v.max(), 11)
        w = v.copy()
        w[0] = breaks[4]  # a value on a break: right-closed intervals, the first closed
        want = r.call("anf_hist", w, breaks)
        assert np.array_equal(r_hist(w, breaks), want["counts"])
        gx, gy = r_density(v)
        want = r.call("anf_density", v)
        assert np.allclose(gx, want["x"], rtol=1e-10)
        # R bins the data onto a grid and convolves by FFT; the exact kernel sum differs by a
        # fraction of a percent of the peak
        assert np.max(np.abs(gy - want["y"])) < 0.01 * np.max(want["y"])


@pytest.mark.needs_r
def test_smart_align_equals_circlize(r) -> None:
    rng = np.random.default_rng(3)
    for _ in range(30):
        n = int(rng.integers(1, 15))
        pos = np.sort(rng.uniform(0, 50, n))
        h = rng.uniform(0.5, 6, n)
        lo, hi = float(rng.uniform(-2, 0)), float(rng.uniform(50, 55))
        got = smart_align(pos - h / 2, pos + h / 2, (lo, hi))
        want = np.asarray(r.call("anf_smart_align", pos - h / 2, pos + h / 2, lo, hi))
        assert np.allclose(got, want.reshape(got.shape), rtol=0, atol=1e-9)


@pytest.mark.needs_r
def test_mark_label_positions_equal_rs(r) -> None:
    """Label centres from R's drawn text grob vs the native layout, 5,000-row heatmap."""
    n = 5000
    m = np.random.default_rng(4).normal(size=(n, 4))
    at = [2, 4, 5, 6, 40, 1200, 1201, 1203, 3000, 4990, 4998]
    labels = [f"G{i}" for i in at]
    want = r.call("anf_mark_positions", m, np.asarray(at) + 1, labels, 150.0)
    hm = Heatmap(m, cluster_rows=False, cluster_columns=False, show_row_names=False,
                 height=150, right_annotation=rowAnnotation(mk=anno_mark(at=at, labels=labels)))
    spec = hm.compile()
    track = spec.row.after.tracks[0]
    order, _cells, labs = mark_layout(track, spec.row.order, 150.0)
    got = {labels[at.index(i)]: n + 0.5 - y for i, y in zip(order, labs, strict=True)}
    r_y = dict(zip(want["labels"], np.asarray(want["y"]), strict=True))
    # R sizes each label by its font's cap height on the PDF device (Helvetica); the native
    # layout uses 0.718 em: the same to a hundredth of a row here (one row = 0.03 mm)
    for lab in labels:
        assert abs(got[lab] - r_y[lab]) < 0.05 * n / 150.0, lab


def _artists(fig, name: str):
    return [a for a in fig.axes if a.get_label().startswith(f"anno:{name}:")]


def test_native_bars_points_and_lines_match_the_values() -> None:
    vals = np.array([3.0, 1.0, 4.0, 1.0, 5.0, 9.0, 2.0, 6.0, 5.0])
    ha = HeatmapAnnotation(bar=anno_barplot(vals), stack=anno_barplot(POS),
                           pts=anno_points(M[1]), ln=anno_lines(M[2]))
    drawn = Heatmap(M, top_annotation=ha).draw(backend="native")
    order = drawn.column_order
    (ax,) = _artists(drawn.figure, "bar")
    bars = sorted((p for p in ax.patches if isinstance(p, Rectangle) and p.get_width() < 1),
                  key=lambda p: p.get_x())
    assert np.allclose([b.get_height() for b in bars], vals[order])  # baseline 0
    assert np.allclose([b.get_x() + b.get_width() / 2 for b in bars], np.arange(9) + 0.5)
    assert np.allclose([b.get_width() for b in bars], 0.6)
    (ax,) = _artists(drawn.figure, "stack")
    bars = [p for p in ax.patches if isinstance(p, Rectangle) and p.get_width() < 1]
    tops = {}
    for b in bars:
        c = int(b.get_x() + b.get_width() / 2)
        tops[c] = max(tops.get(c, 0.0), b.get_y() + b.get_height())
    assert np.allclose([tops[c] for c in range(9)], POS.sum(axis=1)[order])
    (ax,) = _artists(drawn.figure, "pts")
    pts = np.array([ln.get_xydata()[0] for ln in ax.lines])
    assert np.allclose(pts[:, 0], np.arange(9) + 0.5) and np.allclose(pts[:, 1], M[1][order])
    (ax,) = _artists(drawn.figure, "ln")
    xy = ax.lines[0].get_xydata()
    assert np.allclose(xy[:, 1], M[2][order])


def test_native_row_barplot_grows_right_in_drawn_order() -> None:
    vals = np.linspace(1, 24, 24)
    drawn = Heatmap(M, right_annotation=rowAnnotation(b=anno_barplot(vals)),
                    row_split=2).draw(backend="native")
    for k, idx in enumerate(drawn.row_order.values()):
        ax = next(a for a in drawn.figure.axes if a.get_label() == f"anno:b:{k}")
        bars = sorted((p for p in ax.patches if isinstance(p, Rectangle)
                       and p.get_height() < 1), key=lambda p: p.get_y())
        assert np.allclose([b.get_width() for b in bars], vals[idx])


def test_native_mark_labels_and_connectors_point_at_the_marked_rows() -> None:
    n = 5000
    m = np.random.default_rng(5).normal(size=(n, 6))
    at = [10, 11, 12, 13, 14, 2500, 4999]
    labels = [f"GENE{i}" for i in at]
    drawn = Heatmap(m, show_row_names=False, height=150,
                    right_annotation=rowAnnotation(mk=anno_mark(at=at, labels=labels))
                    ).draw(backend="native")
    (ax,) = _artists(drawn.figure, "mk")
    drawn_pos = {int(i): p for p, i in enumerate(drawn.row_order)}
    texts = {t.get_gid(): t for t in ax.texts}
    links = {ln.get_gid(): ln.get_xydata() for ln in ax.lines}
    ys = []
    for i in at:
        xy = links[f"mark_link:{i}"]
        assert np.isclose(xy[0, 1], drawn_pos[i] + 0.5)  # starts at the marked row
        assert np.isclose(xy[0, 0], 0.0) and np.isclose(xy[-1, 0], 4.0)  # link_width - 1 mm
        t = texts[f"mark_label:{i}"]
        assert t.get_text() == labels[at.index(i)]
        assert np.isclose(t.get_position()[1], xy[-1, 1])  # the label sits at the link's end
        assert np.isclose(t.get_position()[0], 5.0)
        ys.append(t.get_position()[1])
    # labels do not overlap: consecutive centres at least one label height apart
    ys = np.sort(ys)
    per_mm = n / 150.0
    assert np.all(np.diff(ys) >= (12 * 25.4 / 72 * 0.718 + 1.0) * per_mm * (1 - 1e-9))
    renderer = FigureCanvasAgg(drawn.figure).get_renderer()
    # (matplotlib's text boxes include the full line height, so they may touch: the spacing
    # is ComplexHeatmap's, cap height + padding, checked above)
    boxes = [t.get_window_extent(renderer) for t in ax.texts]
    fig_box = drawn.figure.bbox
    assert all(fig_box.x0 <= b.x0 and b.x1 <= fig_box.x1 for b in boxes)


def test_native_simple_pch_block_and_text() -> None:
    ha = HeatmapAnnotation(s=anno_simple([1.0, 2, 3, 4, 5, 6, 7, 8, 9], pch=16),
                           blk=anno_block(gp={"fill": ["red", "blue"]}, labels=["L", "R"]))
    hb = HeatmapAnnotation(t=anno_text([f"T{j}" for j in range(9)]))
    drawn = Heatmap(M, top_annotation=ha, bottom_annotation=hb,
                    column_split=[0, 0, 0, 0, 1, 1, 1, 1, 1]).draw(backend="native")
    axes = _artists(drawn.figure, "s")
    assert sum(len(a.lines) for a in axes) == 9  # one symbol per cell
    blocks = _artists(drawn.figure, "blk")
    fills = [a.patches[0].get_facecolor()[:3] for a in blocks]
    assert np.allclose(fills, [(1, 0, 0), (0, 0, 1)])
    assert [a.texts[0].get_text() for a in blocks] == ["L", "R"]
    texts = [t.get_text() for a in _artists(drawn.figure, "t") for t in a.texts]
    order = np.concatenate(list(drawn.column_order.values()))
    assert texts == [f"T{j}" for j in order]


def test_block_sizes_gap_and_total_height() -> None:
    ha = HeatmapAnnotation(a=anno_barplot(M[0]), b=anno_points(M[1]), g=list("abcabcabc"),
                           gap=2, height=40)
    spec = Heatmap(M, top_annotation=ha).compile()
    block = spec.column.before
    assert np.isclose(block.extent_mm(), 40.0)
    assert np.isclose(block.track_size(block.tracks[2]), 5.0)  # colour bars keep their size
    assert block.offsets()[1] == pytest.approx(block.track_size(block.tracks[0]) + 2)


def test_errors() -> None:
    with pytest.raises(InputError, match="has 3 values"):
        Heatmap(M, top_annotation=HeatmapAnnotation(b=anno_barplot([1, 2, 3]))).compile()
    with pytest.raises(InputError, match="not a row name"):
        Heatmap(M, right_annotation=rowAnnotation(m=anno_mark(at=["zz"], labels=["z"]))
                ).compile()
    with pytest.raises(InputError, match="0-based"):
        Heatmap(M, right_annotation=rowAnnotation(m=anno_mark(at=[24], labels=["z"]))).compile()
    with pytest.raises(InputError, match="all positive or all negative"):
        Heatmap(M, top_annotation=HeatmapAnnotation(b=anno_barplot(M[:9, :2]))).compile()
    with pytest.raises(InputError, match="annotation_name_side"):
        Heatmap(M, top_annotation=HeatmapAnnotation(g=list("abcabcabc"),
                                                    annotation_name_side="top")).compile()
    with pytest.raises(InputError, match="unknown graphical parameter"):
        Heatmap(M, top_annotation=HeatmapAnnotation(b=anno_barplot(M[0], gp={"colour": 1}))
                ).compile()


@pytest.mark.needs_r
def test_legend_options_reach_r(r) -> None:
    ha = HeatmapAnnotation(g=list("abcabcabc"), v=np.arange(9.0), b=anno_barplot(M[0]),
                           show_legend={"v": False},
                           annotation_legend_param={"g": {"title": "group"}},
                           annotation_name_side="left")
    hm = Heatmap(M, top_annotation=ha)
    native = hm.draw(backend="native")
    titles = [t.get_text() for t in native.figure.texts if t.get_fontweight() == "bold"]
    assert "group" in titles and "v" not in titles and "b" not in titles
    drawn = hm.draw(backend="r", format="png")
    assert drawn.image[:4] == b"\x89PNG"


def test_native_histogram_bars_are_rs_counts() -> None:
    drawn = Heatmap(M, top_annotation=HeatmapAnnotation(h=anno_histogram(M))).draw(
        backend="native")
    (ax,) = _artists(drawn.figure, "h")
    breaks = np.linspace(M.min(), M.max(), 11)  # R: seq(min, max, length.out = n_breaks)
    counts = [r_hist(M[:, j], breaks) for j in range(9)]
    top = max(c.max() for c in counts)
    for p, j in enumerate(drawn.column_order):
        c = counts[j]
        bars = sorted((b for b in ax.patches if isinstance(b, Rectangle)
                       and np.isclose(b.get_x(), p)), key=lambda b: b.get_y())
        assert np.allclose([b.get_y() for b in bars], breaks[:-1])
        assert np.allclose([b.get_height() for b in bars], np.diff(breaks))
        assert np.allclose([b.get_width() for b in bars], c / top)  # counts across the cell
