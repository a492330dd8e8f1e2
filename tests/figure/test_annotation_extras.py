"""anno_barplot's beside/attach/add_numbers and the axis_param of annotation functions: the
native artists sit where the values put them (mm on the page), and where ComplexHeatmap draws
them (R's grobs read back from a drawn heatmap built through the package's R payload)."""

from __future__ import annotations

from itertools import pairwise

import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg

from pyr_heatmap import (
    Heatmap,
    HeatmapAnnotation,
    anno_barplot,
    anno_density,
    anno_histogram,
    anno_lines,
    anno_points,
    anno_text,
    rowAnnotation,
)
from pyr_heatmap.errors import InputError

RNG = np.random.default_rng(21)
M = RNG.normal(size=(7, 6))
PARTS = np.round(np.abs(RNG.normal(size=(6, 3))) + 0.2, 3)
ROWV = np.round(np.abs(RNG.normal(size=7)) * 3, 1)


def _column_heatmap() -> Heatmap:
    ha = HeatmapAnnotation(
        side=anno_barplot(PARTS, beside=True),
        att=anno_barplot(PARTS, beside=True, attach=True, bar_width=0.8),
        num=anno_barplot(PARTS[:, 0], add_numbers=True, height=20),
        flat=anno_barplot(PARTS[:, 1], add_numbers=True, numbers_rot=0,
                          numbers_offset="3mm", numbers_gp={"fontsize": 10}),
        rev=anno_barplot(PARTS, axis_param={"side": "right", "direction": "reverse",
                                            "at": [0, 2], "labels": ["none", "two"]}),
        pts=anno_points(PARTS[:, 2], ylim=(0, 4), extend=0.1,
                        axis_param={"facing": "inside", "gp": {"fontsize": 6}}),
    )
    ra = rowAnnotation(rb=anno_barplot(ROWV, add_numbers=True, width=30,
                                       axis_param={"side": "top", "labels_rot": 0}),
                       rrev=anno_barplot(ROWV, add_numbers=True, width=30,
                                         axis_param={"direction": "reverse"}))
    return Heatmap(M, cluster_rows=False, cluster_columns=False, top_annotation=ha,
                   right_annotation=ra)


def _r_heatmap(hm):
    from pyr_heatmap.backends.r import bridge
    from pyr_heatmap.backends.r.plan import _matrix, plan_axis, r_payload

    spec = hm.compile()
    rows, cols = plan_axis(spec, "row", False), plan_axis(spec, "column", False)
    payload = r_payload(spec, rows, cols, pass_col=True)
    return bridge.session().call("pyrhm_heatmap", _matrix(spec), payload)


def _both(hm):
    """The Heatmap object R builds from the payload, and the native figure (rendered)."""
    fig = hm.draw(backend="native").figure
    FigureCanvasAgg(fig).draw()
    return _r_heatmap(hm), fig


def _slice_ax(fig, name: str, k: int = 0):
    return next(a for a in fig.axes if a.get_label() == f"anno:{name}:{k}")


def _across_mm(ax, which: str, d: float) -> float:
    """A data value's distance from the bottom (column annotation) or left (row annotation)
    of the slice, mm (the axes' limits carry a reversed direction)."""
    lo, hi = ax.get_ylim() if which == "column" else ax.get_xlim()
    size = ax.get_position().height * ax.figure.get_figheight() if which == "column" else \
        ax.get_position().width * ax.figure.get_figwidth()
    return (d - lo) / (hi - lo) * size * 25.4


def _bars(ax, which: str, n: int) -> np.ndarray:
    """(start along, end along, start across mm, end across mm) per bar, along in R's native
    units (cells 0.5..n+0.5, rows counted from the bottom)."""
    out = []
    for p in ax.patches:
        if not str(p.get_gid() or "").startswith("bar:"):
            continue
        if which == "column":
            a0, a1 = p.get_x() + 0.5, p.get_x() + p.get_width() + 0.5
            c = sorted((_across_mm(ax, which, p.get_y()),
                        _across_mm(ax, which, p.get_y() + p.get_height())))
        else:
            a0, a1 = n + 0.5 - (p.get_y() + p.get_height()), n + 0.5 - p.get_y()
            c = sorted((_across_mm(ax, which, p.get_x()),
                        _across_mm(ax, which, p.get_x() + p.get_width())))
        out.append((a0, a1, c[0], c[1]))
    return np.array(sorted(out))


def _text_pos_mm(ax, t, which: str, n: int) -> tuple[float, float]:
    """A text's anchor: along in R's native units, across in mm from the slice's start."""
    x, y = t.get_transform().transform(t.get_position())
    bb = ax.get_window_extent()
    px_mm = ax.figure.dpi / 25.4
    if which == "column":
        return (x - bb.x0) / bb.width * n + 0.5, (y - bb.y0) / px_mm
    return (y - bb.y0) / bb.height * n + 0.5, (x - bb.x0) / px_mm


def _r_bars(got: dict) -> np.ndarray:
    a0, a1 = np.asarray(got["rect_a0"]), np.asarray(got["rect_a1"])
    c0, c1 = np.asarray(got["rect_c0"]), np.asarray(got["rect_c1"])
    keep = np.abs(a1 - a0) < 0.999  # the border spans every cell
    rows = [(min(a, b), max(a, b), min(c, d), max(c, d))
            for a, b, c, d in zip(a0[keep], a1[keep], c0[keep], c1[keep], strict=True)]
    return np.array(sorted(rows))


@pytest.mark.needs_r
def test_bars_numbers_and_axes_where_complexheatmap_draws_them(r) -> None:
    hm = _column_heatmap()
    ht, fig = _both(hm)
    spec = hm.compile()
    for t in (*spec.column.before.tracks, *spec.row.after.tracks):
        which = t.which
        n = M.shape[1] if which == "column" else M.shape[0]
        got = r.call("ane_drawn", ht, t.name, which, n)
        ax = _slice_ax(fig, t.name)
        want_scale = r.call("ane_data_scale", ht, "top" if which == "column" else "right",
                            t.name)
        rng = t.scale[1] - t.scale[0]
        # add_numbers widens the range by the numbers' extent, measured in Helvetica as R
        tol = 1e-6 * rng
        assert np.allclose(t.scale, want_scale, rtol=0, atol=tol), t.name
        mm_tol = 1e-6
        if t.kind == "barplot":
            mine, theirs = _bars(ax, which, n), _r_bars(got)
            assert mine.shape == theirs.shape, t.name
            assert np.allclose(mine[:, :2], theirs[:, :2], atol=1e-9), t.name  # along
            assert np.allclose(mine[:, 2:], theirs[:, 2:], atol=mm_tol), t.name  # across
        texts = np.asarray(got["text"])
        grob = np.asarray(got["text_grob"])
        axis = t.params["axis"]
        # the axis labels: R's text grob whose labels are the axis labels
        ids = [g for g in np.unique(grob) if list(texts[grob == g]) == list(axis["labels"])]
        assert ids, (t.name, texts)
        r_axis_c = np.asarray(got["text_c"])[grob == ids[0]]
        (ax_axis,) = [a for a in fig.axes if a.get_label() == f"anno_axis:{t.name}"]
        labels = [x for x in ax_axis.texts if x.get_gid() == "axis_label"]
        assert [x.get_text() for x in labels] == list(axis["labels"])
        mine_c = [_text_pos_mm(ax_axis, x, which, n)[1] for x in labels]
        assert np.allclose(mine_c, r_axis_c, atol=mm_tol), t.name
        assert np.allclose(sorted(mine_c), sorted(np.asarray(got["tick_c"])), atol=mm_tol)
        if t.params.get("add_numbers"):
            nums = [g for g in np.unique(grob) if g != ids[0]]
            sel = np.isin(grob, nums)
            r_num = sorted(zip(np.asarray(got["text_a"])[sel], texts[sel],
                               np.asarray(got["text_c"])[sel], strict=True))
            mine = sorted((*_text_pos_mm(ax, x, which, n)[:1], x.get_text(),
                           _text_pos_mm(ax, x, which, n)[1])
                          for x in ax.texts if x.get_gid() == "bar_number")
            assert [m[1] for m in mine] == [w[1] for w in r_num], t.name
            assert np.allclose([m[0] for m in mine], [w[0] for w in r_num], atol=1e-9)
            assert np.allclose([m[2] for m in mine], [w[2] for w in r_num], atol=mm_tol)


def test_native_beside_and_attach_bars_follow_the_values() -> None:
    ha = HeatmapAnnotation(side=anno_barplot(PARTS, beside=True),
                           att=anno_barplot(PARTS, beside=True, attach=True, bar_width=0.8))
    drawn = Heatmap(M, top_annotation=ha, cluster_columns=False).draw(backend="native")
    for name, attach in (("side", False), ("att", True)):
        ax = _slice_ax(drawn.figure, name)
        for p in ax.patches:
            gid = str(p.get_gid() or "")
            if not gid.startswith("bar:"):
                continue
            _, i, j = gid.split(":")
            i, j = int(i), int(j)
            bw = 0.6 if not attach else 0.8
            centre = i + ((1 - bw) / 2 + (j + 0.5) / 3 * bw if attach else (j + 0.5) / 3)
            assert np.isclose(p.get_x() + p.get_width() / 2, centre)
            assert np.isclose(p.get_width(), bw / 3)
            assert np.isclose(p.get_y(), 0.0) and np.isclose(p.get_height(), PARTS[i, j])


def test_native_numbers_sit_offset_above_their_bars() -> None:
    vals = np.array([1.5, 0.25, 3.0, 2.0, 0.5, 1.0])
    ha = HeatmapAnnotation(num=anno_barplot(vals, add_numbers=True, numbers_rot=0,
                                            numbers_offset="3mm", height=20))
    drawn = Heatmap(M, top_annotation=ha, cluster_columns=False).draw(backend="native")
    ax = _slice_ax(drawn.figure, "num")
    FigureCanvasAgg(drawn.figure).draw()
    texts = sorted((x for x in ax.texts if x.get_gid() == "bar_number"),
                   key=lambda x: x.get_position()[0])
    assert [x.get_text() for x in texts] == ["1.5", "0.25", "3", "2", "0.5", "1"]
    for x, v in zip(texts, vals, strict=True):
        _, c = _text_pos_mm(ax, x, "column", 6)
        assert np.isclose(c, _across_mm(ax, "column", v) + 3.0, atol=1e-6)
        assert x.get_va() == "bottom" and x.get_ha() == "center"
    # the numbers fit inside the annotation: R widens its range for them
    top = max(x.get_window_extent().y1 for x in texts)
    assert top <= ax.get_window_extent().y1 + 1e-6


def test_native_axis_param_ticks_labels_and_direction() -> None:
    vals = np.arange(1.0, 7.0)
    ha = HeatmapAnnotation(a=anno_barplot(vals, axis_param={
        "side": "right", "at": [0, 3, 6], "labels": ["lo", "mid", "hi"],
        "direction": "reverse", "gp": {"fontsize": 7, "col": "red"}}))
    drawn = Heatmap(M, top_annotation=ha, cluster_columns=False).draw(backend="native")
    fig = drawn.figure
    FigureCanvasAgg(fig).draw()
    ax = _slice_ax(fig, "a")
    (axis,) = [a for a in fig.axes if a.get_label() == "anno_axis:a"]
    labels = [x for x in axis.texts if x.get_gid() == "axis_label"]
    assert [x.get_text() for x in labels] == ["lo", "mid", "hi"]
    assert all(x.get_fontsize() == 7 and x.get_color() == "#FF0000" for x in labels)
    height = ax.get_window_extent().height / fig.dpi * 25.4
    s1, s2 = ax.get_ylim()[1], ax.get_ylim()[0]  # reversed: the top of the box is s1
    for x, v in zip(labels, (0, 3, 6), strict=True):
        along_px, c = x.get_transform().transform(x.get_position())
        # right of the box, 2 mm out; reversed: value v at (s2 - v) / (s2 - s1) of the height
        assert np.isclose((along_px - ax.get_window_extent().x1) / fig.dpi * 25.4, 2.0)
        assert np.isclose((c - ax.get_window_extent().y0) / fig.dpi * 25.4,
                          (s2 - v) / (s2 - s1) * height)
    for p in ax.patches:  # bars hang from the top (baseline 0 at the top)
        if str(p.get_gid() or "").startswith("bar:"):
            assert np.isclose(_across_mm(ax, "column", p.get_y()), height)


def test_errors_name_the_argument() -> None:
    def compile_with(fn):
        Heatmap(M, top_annotation=HeatmapAnnotation(a=fn)).compile()

    with pytest.raises(InputError, match="side of a column annotation's axis"):
        compile_with(anno_barplot(PARTS[:, 0], axis_param={"side": "top"}))
    with pytest.raises(InputError, match="unknown key"):
        compile_with(anno_barplot(PARTS[:, 0], axis_param={"sides": "left"}))
    with pytest.raises(InputError, match="2 labels for 3 positions"):
        compile_with(anno_points(PARTS[:, 0], axis_param={"at": [0, 1, 2], "labels": ["a",
                                                                                       "b"]}))
    with pytest.raises(InputError, match="normal direction"):
        compile_with(anno_histogram(M, axis_param={"direction": "reverse"}))
    with pytest.raises(InputError, match="facing"):
        compile_with(anno_barplot(PARTS[:, 0], axis_param={"facing": "up"}))
    with pytest.raises(InputError, match="baseline"):
        compile_with(anno_barplot(PARTS[:, 0], baseline="middle"))
    with pytest.raises(InputError, match="gp"):
        compile_with(anno_barplot(PARTS[:, 0], numbers_gp={"size": 3}))


def _gap_heatmap() -> Heatmap:
    ha = HeatmapAnnotation(a=anno_barplot(PARTS[:, 0]), g=list("xyzxyz"),
                           p=anno_points(PARTS[:, 1]), h=np.arange(6.0), gap=[2, "4mm", 0.5])
    # n values for n annotations: the last one unused
    ra = rowAnnotation(r1=anno_barplot(ROWV), r2=list("abcdefg"), gap=["3mm", "9mm"])
    return Heatmap(M, top_annotation=ha, right_annotation=ra)


def test_native_gap_per_pair_of_annotations() -> None:
    drawn = _gap_heatmap().draw(backend="native")
    fig = drawn.figure
    h_mm = fig.get_figheight() * 25.4
    w_mm = fig.get_figwidth() * 25.4

    def span(name: str, which: str) -> tuple[float, float]:
        ax = _slice_ax(fig, name)
        b = ax.get_position()
        if which == "column":  # from the top of the page
            return h_mm * (1 - b.y1), h_mm * (1 - b.y0)
        return w_mm * b.x0, w_mm * b.x1

    tops = [span(n, "column") for n in ("a", "g", "p", "h")]
    gaps = [nxt[0] - cur[1] for cur, nxt in pairwise(tops)]
    assert np.allclose(gaps, [2.0, 4.0, 0.5])
    sides = [span(n, "row") for n in ("r1", "r2")]
    assert np.isclose(sides[1][0] - sides[0][1], 3.0)


@pytest.mark.needs_r
def test_gap_per_pair_reaches_complexheatmap(r) -> None:
    ht = _r_heatmap(_gap_heatmap())
    top = np.asarray(r.call("ane_anno_boxes", ht, ["a", "g", "p", "h"], "column"))
    # from top to bottom: the bottom of one minus the top of the next
    assert np.allclose(top[:-1, 0] - top[1:, 1], [2.0, 4.0, 0.5], atol=1e-6)
    side = np.asarray(r.call("ane_anno_boxes", ht, ["r1", "r2"], "row"))
    assert np.isclose(side[1, 0] - side[0, 1], 3.0, atol=1e-6)


def test_gap_errors() -> None:
    with pytest.raises(InputError, match="gap has 1 values for 3 annotations"):
        Heatmap(M, top_annotation=HeatmapAnnotation(a=list("xyzxyz"), b=list("xyzxyz"),
                                                    c=list("xyzxyz"), gap=[1])).compile()
    with pytest.raises(InputError, match="gap"):
        Heatmap(M, top_annotation=HeatmapAnnotation(a=list("xyzxyz"), gap="wide")).compile()


DENS = RNG.normal(size=(30, 5)) * RNG.uniform(0.5, 2, 5)


def _density_heatmap() -> Heatmap:
    ha = HeatmapAnnotation(dh=anno_density(DENS, type="heatmap", height=30),
                           dv=anno_density(DENS, type="violin"), dl=anno_density(DENS))
    ra = rowAnnotation(rh=anno_density(DENS[:7], type="heatmap", width=30,
                                       heatmap_colors=["white", "darkgreen"]))
    return Heatmap(DENS[:7], cluster_rows=False, cluster_columns=False, top_annotation=ha,
                   right_annotation=ra)


@pytest.mark.needs_r
def test_density_heatmap_colours_and_ranges_equal_complexheatmaps(r) -> None:
    hm = _density_heatmap()
    ht = _r_heatmap(hm)
    spec = hm.compile()
    fig = hm.draw(backend="native").figure
    for t in (*spec.column.before.tracks, *spec.row.after.tracks):
        side = "top" if t.which == "column" else "right"
        # the data range: R's density x range, +- 2.5% for lines/violins, as is for heatmaps
        assert np.allclose(t.scale, r.call("ane_data_scale", ht, side, t.name), rtol=0,
                           atol=1e-9 * (t.scale[1] - t.scale[0])), t.name
        if t.params["type"] != "heatmap":
            continue
        ramp = r.call("ane_density_ramp", ht, side, t.name)
        assert [c[:7].upper() for c in ramp["colors"]] == list(t.params["heatmap_colors"])
        n = DENS.shape[1] if t.which == "column" else 7
        got = r.call("ane_drawn", ht, t.name, t.which, n)
        fills, grob = np.asarray(got["rect_fill"]), np.asarray(got["rect_grob"])
        # R draws each strip's 511 steps as one rect grob, columns from the last to the
        # first, rows from the first to the last
        strips = [g for g in np.unique(grob) if (grob == g).sum() == 511]
        if t.which == "column":
            strips = strips[::-1]
        assert len(strips) == n, t.name
        ax = _slice_ax(fig, t.name)
        images = {im.get_gid(): im for im in ax.get_images()}
        for i in range(n):  # not clustered: drawn position i is matrix index i
            im = images[f"density_heatmap:{i}"].get_array()
            mine = im[:, 0, :] if t.which == "column" else im[0, :, :]
            theirs = fills[grob == strips[i]]
            assert theirs.size == mine.shape[0] == 511
            # R's densities come from an FFT on a grid (< 1% of the peak from the exact sum):
            # a colour may differ by a level of 255 (rounding)
            diff = np.abs(np.array([[int(h[k:k + 2], 16) for k in (1, 3, 5)] for h in theirs])
                          - np.round(np.asarray(mine)[:, :3] * 255))
            assert diff.max() <= 2, (t.name, i, diff.max())


def test_density_errors() -> None:
    with pytest.raises(InputError, match="'lines', 'violin' or 'heatmap'"):
        Heatmap(DENS, top_annotation=HeatmapAnnotation(d=anno_density(DENS, type="ridge"))
                ).compile()
    with pytest.raises(InputError, match="heatmap_colors is for type='heatmap'"):
        Heatmap(DENS, top_annotation=HeatmapAnnotation(
            d=anno_density(DENS, heatmap_colors=["red", "blue"]))).compile()
    with pytest.raises(InputError, match="at least 3 values"):  # a slice of two columns
        Heatmap(DENS[:, :4], column_split=[0, 0, 1, 1], top_annotation=HeatmapAnnotation(
            d=anno_lines(DENS[0, :4], smooth=True))).draw(backend="native")


def _text_heatmap() -> Heatmap:
    ha = HeatmapAnnotation(
        t1=anno_text([f"s{j}" for j in range(6)], rot=0, just="left", location=0.2, height=12),
        t2=anno_text([f"sample{j}" for j in range(6)], rot=45, just="right", location="8mm",
                     height=15),
        t3=anno_text([f"c{j}" for j in range(6)], location="0.5npc", just="center",
                     height=10))
    ra = rowAnnotation(rt=anno_text([f"gene{i}" for i in range(7)], location=0.5,
                                    just="center", width=25))
    return Heatmap(M, cluster_rows=False, cluster_columns=False, top_annotation=ha,
                   right_annotation=ra)


@pytest.mark.needs_r
def test_text_location_equals_complexheatmaps(r) -> None:
    ht, fig = _both(_text_heatmap())
    for name, which, n in (("t1", "column", 6), ("t2", "column", 6), ("t3", "column", 6),
                           ("rt", "row", 7)):
        got = r.call("ane_drawn", ht, name, which, n)
        ax = _slice_ax(fig, name)
        mine = sorted(_text_pos_mm(ax, t, which, n) for t in ax.texts)
        theirs = sorted(zip(np.asarray(got["text_a"]), np.asarray(got["text_c"]),
                            strict=True))
        assert np.allclose(mine, theirs, atol=1e-3), name


def test_native_text_location_from_the_values() -> None:
    hm = _text_heatmap()
    fig = hm.draw(backend="native").figure
    FigureCanvasAgg(fig).draw()
    ax = _slice_ax(fig, "t2")
    for t in ax.texts:  # 8 mm up; rot 45 right-justified: down by half an "A" * cos(45)
        c = _text_pos_mm(ax, t, "column", 6)[1]
        assert np.isclose(c, 8.0 - 0.5 * 12 * 25.4 / 72 * 0.718 * np.cos(np.pi / 4))
    ax = _slice_ax(fig, "rt")
    for t in ax.texts:  # half of the 25 mm width
        assert np.isclose(_text_pos_mm(ax, t, "row", 7)[1], 12.5)
    with pytest.warns(FutureWarning, match="offset"):
        Heatmap(M, top_annotation=HeatmapAnnotation(
            t=anno_text(list("abcdef"), offset=0.5))).compile()
    with pytest.raises(InputError, match="location"):
        Heatmap(M, top_annotation=HeatmapAnnotation(
            t=anno_text(list("abcdef"), location="middle"))).compile()


@pytest.mark.needs_r
def test_r_script_writes_annotation_functions(r, tmp_path) -> None:
    import shutil
    import subprocess

    from pyr_heatmap import anno_block, anno_boxplot, anno_empty, anno_mark, anno_simple
    from pyr_heatmap.backends.r.rscript_text import parse_script_output

    hostile = ['say "hi"); system("touch PWNED")', "Grüße ✓"]
    ha = HeatmapAnnotation(
        simple=anno_simple(["a", "b", None] * 2, pch=[1, 16, None] * 2),
        side=anno_barplot(PARTS, beside=True, add_numbers=False,
                          axis_param={"side": "right", "labels_rot": 0}),
        num=anno_barplot(PARTS[:, 0], add_numbers=True),
        pts=anno_points(PARTS[:, 1], ylim=(0, 4)), ln=anno_lines(PARTS[:, 2]),
        box=anno_boxplot(M), dens=anno_density(M, type="heatmap"),
        hist=anno_histogram(M), txt=anno_text(hostile * 3, location=0.5, just="center"),
        blk=anno_block(gp={"fill": ["red", "blue"]}, labels=hostile), emp=anno_empty(),
        grp=["x", "y", "z"] * 2, gap=[1, 2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 3])
    ra = rowAnnotation(mk=anno_mark(at=[0, 3], labels=hostile))
    hm = Heatmap(M, column_split=2, top_annotation=ha, right_annotation=ra)
    script = hm.to_r_script(tmp_path / "h.R")
    text = script.read_text(encoding="utf-8")
    assert "PWNED" not in text and "Grüße" not in text  # strings travel as data
    proc = subprocess.run([shutil.which("Rscript") or "Rscript", str(script)], cwd=tmp_path,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]
    out = parse_script_output(proc.stdout)
    native = hm.draw(backend="native", dpi=30)
    assert np.array_equal(out["row_order"], np.asarray(native.row_order))
    assert np.array_equal(out["column_order"],
                          np.concatenate([np.asarray(v) for v in native.column_order.values()]))
    png = tmp_path / "h_ComplexHeatmap.png"
    assert png.read_bytes()[:4] == b"\x89PNG"
    assert not (tmp_path / "PWNED").exists()


def _names_heatmap() -> Heatmap:
    ha = HeatmapAnnotation(bars=anno_barplot(PARTS[:, 0]), grp=list("aabbcc"),
                           pts=anno_points(PARTS[:, 1], axis_param={"side": "right"}),
                           plain=anno_points(PARTS[:, 2]),
                           annotation_name_gp={"fontsize": [8, 14, 10, 12], "col": "red"},
                           annotation_name_offset={"grp": "4mm"},
                           annotation_name_rot={"bars": 45, "pts": 0, "plain": 200})
    ra = rowAnnotation(rb=anno_barplot(ROWV), rg=list("xxyyzzx"), rr=list("abababa"),
                       annotation_name_rot=[45, 0, 120], annotation_name_side="top")
    return Heatmap(M, top_annotation=ha, right_annotation=ra)


_HA_VA = {"left": ("left", "center"), "right": ("right", "center"),
          "top": ("center", "top"), "bottom": ("center", "bottom"),
          "centre": ("center", "center")}


@pytest.mark.needs_r
def test_annotation_names_where_complexheatmap_puts_them(r) -> None:
    hm = _names_heatmap()
    ht, fig = _both(hm)
    texts = {t.get_gid(): t for t in fig.texts}
    for name in ("bars", "grp", "pts", "plain", "rb", "rg", "rr"):
        want = r.call("ane_name", ht, name)
        t = texts[f"anno_name:{name}"]
        ax = _slice_ax(fig, name)
        x, y = t.get_transform().transform(t.get_position())
        bb = ax.get_window_extent()
        px_mm = fig.dpi / 25.4
        assert np.isclose((x - bb.x0) / px_mm, float(np.asarray(want["x"])[0]), atol=1e-3), name
        assert np.isclose((y - bb.y0) / px_mm, float(np.asarray(want["y"])[0]), atol=1e-3), name
        assert np.isclose(t.get_rotation() % 360, float(np.asarray(want["rot"])[0]) % 360), name
        just = list(want["just"])
        assert (t.get_ha(), t.get_va()) == _HA_VA[just[0]], (name, just)
        assert t.get_fontsize() == float(np.asarray(want["fontsize"])[0]), name


def test_annotation_name_errors() -> None:
    with pytest.raises(InputError, match="annotation_name_rot has 2 values for 3"):
        Heatmap(M, top_annotation=HeatmapAnnotation(a=list("aabbcc"), b=list("aabbcc"),
                                                    c=list("aabbcc"),
                                                    annotation_name_rot=[0, 90])).compile()
    with pytest.raises(InputError, match="unknown annotations"):
        Heatmap(M, top_annotation=HeatmapAnnotation(
            a=list("aabbcc"), annotation_name_offset={"zz": 2})).compile()
    with pytest.raises(InputError, match="fontsize and col"):
        Heatmap(M, top_annotation=HeatmapAnnotation(
            a=list("aabbcc"), annotation_name_gp={"lwd": 2})).compile()


@pytest.mark.needs_r
def test_loess_equals_rs(r) -> None:
    from pyr_heatmap.engine.loess import r_loess_predict

    rng = np.random.default_rng(31)
    for n in (3, 4, 5, 7, 10, 16, 25, 40, 101):
        for x in (np.arange(1.0, n + 1), np.arange(float(n), 0.0, -1.0),
                  np.sort(rng.uniform(0, 10, n))):
            y = np.cumsum(rng.normal(size=n))
            if n > 10:
                y[3] = np.nan  # R's na.omit
            x2 = np.linspace(x[0] - 0.2, x[-1] + 0.2, 57)  # a little outside: NaN as R's NA
            want = np.asarray(r.call("ane_loess", x, y, x2), dtype=float)
            got = r_loess_predict(x, y, x2)
            assert np.array_equal(np.isnan(got), np.isnan(want)), n
            ok = ~np.isnan(want)
            assert np.allclose(got[ok], want[ok], rtol=0, atol=1e-10), n


@pytest.mark.needs_r
def test_native_smooth_lines_are_rs_loess_in_drawn_order(r) -> None:
    vals = np.cumsum(RNG.normal(size=(7, 2)), axis=0)
    cols = np.cumsum(RNG.normal(size=6))
    hm = Heatmap(M, right_annotation=rowAnnotation(s=anno_lines(vals, smooth=True)),
                 top_annotation=HeatmapAnnotation(c=anno_lines(cols, smooth=True)),
                 column_split=[0, 0, 0, 1, 1, 1])
    drawn = hm.draw(backend="native")
    order = np.asarray(drawn.row_order)
    ax = _slice_ax(drawn.figure, "s")
    for j in range(2):
        (line,) = [ln for ln in ax.lines if ln.get_gid() == f"smooth:{j}"]
        across, along = line.get_xydata().T
        # R: rows counted from the bottom (x = n..1 top to bottom), 100 points first to last
        x = np.arange(7.0, 0.0, -1.0)
        x2 = np.linspace(7.0, 1.0, 100)
        assert np.allclose(along, 7.5 - x2)
        want = np.asarray(r.call("ane_loess", x, vals[order, j], x2), dtype=float)
        assert np.allclose(across, want, atol=1e-10)
    for k, idx in enumerate(drawn.column_order.values()):
        (line,) = [ln for ln in _slice_ax(drawn.figure, "c", k).lines
                   if ln.get_gid() == "smooth:0"]
        along, across = line.get_xydata().T
        x2 = np.linspace(1.0, 3.0, 100)
        assert np.allclose(along, x2 - 0.5)
        want = np.asarray(r.call("ane_loess", np.arange(1.0, 4.0), cols[np.asarray(idx)], x2),
                          dtype=float)
        assert np.allclose(across, want, atol=1e-10)
    # and ComplexHeatmap draws the same annotation from the payload (R's loess warns on
    # slices of three columns, as in R)
    with pytest.warns(UserWarning, match="span too small"):
        assert hm.draw(backend="r", format="png").image[:4] == b"\x89PNG"


@pytest.mark.needs_r
def test_list_r_script_writes_annotation_functions(r, tmp_path) -> None:
    import shutil
    import subprocess

    from pyr_heatmap.backends.r.rscript_list import parse_list_output

    hl = (Heatmap(M, name="a", top_annotation=HeatmapAnnotation(
        b=anno_barplot(PARTS[:, 0], add_numbers=True)))
          + rowAnnotation(r=anno_barplot(ROWV, axis_param={"side": "top"}), g=list("xyzxyzx"))
          + Heatmap(M[:, :4], name="c"))
    script = hl.to_r_script(tmp_path / "l.R", dpi=72)
    proc = subprocess.run([shutil.which("Rscript") or "Rscript", "--vanilla", str(script)],
                          cwd=tmp_path, capture_output=True, text=True, timeout=180)
    assert proc.returncode == 0, proc.stderr[-2000:]
    got = parse_list_output(proc.stdout, hl.compile())
    want = hl.orders()
    assert np.array_equal(np.asarray(got["row_order"]), np.asarray(want.row_order))
    for k in want.column_order:
        assert np.array_equal(np.asarray(got["column_order"][k]),
                              np.asarray(want.column_order[k]))
    assert (tmp_path / "l_ComplexHeatmap.png").read_bytes()[:4] == b"\x89PNG"
