"""heatmap_2() and heatmap() against gplots::heatmap.2 3.1.3 and stats::heatmap (R 4.2.2), live.

R computes every expected value (tests/r/heatmap2.R); nothing is copied from R by hand.
"""

from __future__ import annotations

import itertools

import matplotlib.text
import numpy as np
import pandas as pd
import pytest

from pyr_heatmap.engine.heatmap2_order import heatmap2_order, r_row_sds, scale_like_r
from pyr_heatmap.errors import InputError
from pyr_heatmap.figure.heatmap2_colors import STATS_HEATMAP_COLORS, colorpanel, heat_colors
from pyr_heatmap.frontends.heatmap2 import heatmap, heatmap_2

pytestmark = pytest.mark.needs_r


def _matrix(seed: int, kind: str) -> np.ndarray:
    rng = np.random.default_rng(seed)
    if kind == "continuous":
        return rng.normal(size=(14, 7)) + np.arange(7)
    if kind == "ties":
        return rng.integers(0, 4, size=(14, 7)).astype(float)
    if kind == "duplicated":
        x = rng.normal(size=(10, 6))
        return np.vstack([x, x[:4]])
    x = rng.normal(size=(14, 7))
    x[rng.random(x.shape) < 0.08] = np.nan
    return x


KINDS = ("continuous", "ties", "duplicated", "na")
DISTS = ("euclidean", "manhattan", "maximum", "canberra", "pearson")
METHODS = ("complete", "average", "ward.D2", "single", "mcquitty")


def _r_args(**a: object) -> dict:
    return {k: v for k, v in a.items() if v is not None}


@pytest.mark.parametrize("style,fn", [("heatmap.2", "pyrt_heatmap2"), ("heatmap", "pyrt_heatmap")])
@pytest.mark.parametrize("seed", range(12))
def test_orders_many_matrices(r, style: str, fn: str, seed: int) -> None:
    kind = KINDS[seed % 4]
    dist = DISTS[seed % 5] if kind != "na" or seed % 5 != 4 else "euclidean"
    method = METHODS[seed % 5]
    x = _matrix(seed, kind)
    res = r.call(fn, x, _r_args(distfun=dist, hclustfun=method))
    o = heatmap2_order(x, style=style, distfun=dist, hclustfun=method)
    np.testing.assert_array_equal(o.row.ind + 1, res["rowInd"])
    np.testing.assert_array_equal(o.column.ind + 1, res["colInd"])
    np.testing.assert_array_equal(o.row.tree.order + 1, res["rowDend"])
    np.testing.assert_array_equal(o.column.tree.order + 1, res["colDend"])


@pytest.mark.parametrize("scale", ["none", "row", "column"])
@pytest.mark.parametrize("seed", range(4))
def test_heatmap2_breaks_colours_carpet(r, scale: str, seed: int) -> None:
    x = _matrix(seed, KINDS[seed])
    res = r.call("pyrt_heatmap2", x, {"scale": scale})
    out = heatmap_2(x, scale=scale)
    np.testing.assert_array_equal(out.rowInd + 1, res["rowInd"])
    np.testing.assert_array_equal(out.breaks, res["breaks"])  # bit for bit
    assert out.col == list(res["col"])
    np.testing.assert_array_equal(out.carpet, np.asarray(res["carpet"]))
    counts = out.spec.key.counts
    np.testing.assert_array_equal(counts, res["counts"])
    assert out.spec.vline == pytest.approx(float(np.median(res["breaks"])), abs=0)


def test_scaling_is_r_bit_for_bit(r) -> None:
    for seed in range(6):
        x = _matrix(seed, KINDS[seed % 4]) * 1e3
        np.testing.assert_array_equal(scale_like_r(x, "row"), r.call("pyrt_scale_rows_h2", x))
    assert np.isnan(r_row_sds(np.array([[1.0, np.nan, np.nan]])))[0]


@pytest.mark.parametrize("style,fn", [("heatmap.2", "pyrt_heatmap2"), ("heatmap", "pyrt_heatmap")])
def test_rowv_variants(r, style: str, fn: str) -> None:
    x = _matrix(3, "continuous")
    nr = x.shape[0]
    w = np.arange(nr, 0, -1, dtype=np.int64)
    for rowv in (False, "NA", w, True):
        res = r.call(fn, x, {"Rowv": rowv})
        o = heatmap2_order(x, style=style, Rowv=rowv)
        np.testing.assert_array_equal(o.row.ind + 1, res["rowInd"], err_msg=f"{rowv!r}")
    colv = np.array([3, 1, 2, 7, 5, 6, 4], dtype=np.int64)
    res = r.call(fn, x, {"Colv": colv})
    np.testing.assert_array_equal(heatmap2_order(x, style=style, Colv=colv).column.ind + 1,
                                  res["colInd"])


def test_heatmap2_rejects_double_weights() -> None:
    with pytest.raises(InputError, match="integer"):
        heatmap2_order(np.eye(3) + 1, Rowv=[1.0, 2.0, 3.0])


@pytest.mark.parametrize("style,fn", [("heatmap.2", "pyrt_heatmap2"), ("heatmap", "pyrt_heatmap")])
def test_symm_revc_mean_tree(r, style: str, fn: str) -> None:
    a = _matrix(5, "continuous")
    s = a @ a.T
    res = r.call(fn, s, {"symm": True})
    o = heatmap2_order(s, style=style, symm=True)
    np.testing.assert_array_equal(o.row.ind + 1, res["rowInd"])
    np.testing.assert_array_equal(o.column.ind + 1, res["colInd"])
    x = _matrix(6, "continuous")
    res = r.call(fn, x, {"revC": True, "reorderfun": "mean"})
    o = heatmap2_order(x, style=style, revC=True, reorderfun="mean")
    np.testing.assert_array_equal(o.row.ind + 1, res["rowInd"])
    np.testing.assert_array_equal(o.row.tree.order[::-1] + 1, res["rowDend"])  # rev(ddr)
    # a tree given as Rowv is used as it is
    tree = heatmap2_order(x, style=style, hclustfun="average").row.tree
    res = r.call(fn, x, {"Rowv": {"merge": tree.merge.ravel(order="F"), "height": tree.height,
                                  "order": tree.order + 1}})
    np.testing.assert_array_equal(heatmap2_order(x, style=style, Rowv=tree).row.ind + 1,
                                  res["rowInd"])


def test_colours_are_r_hex(r) -> None:
    for n in (1, 2, 5, 15, 16, 33, 100):
        assert heat_colors(n) == list(r.call("pyrt_heat_colors", n))
        assert colorpanel(n, "blue", "white", "red") == list(r.eval(f"gplots::bluered({n})"))
    assert list(STATS_HEATMAP_COLORS) == list(r.eval('hcl.colors(12, "YlOrRd", rev = TRUE)'))


def test_all_dataset(r) -> None:
    """ALL (r-bioc-all): the 200 most variable probes, both packages."""
    x = r.eval("local({data('ALL', package = 'ALL', envir = environment()); "
               "e <- Biobase::exprs(ALL); v <- apply(e, 1, var); "
               "e[order(-v)[1:200], 1:40]})")
    x = np.asarray(x, dtype=np.float64)
    for style, fn in (("heatmap.2", "pyrt_heatmap2"), ("heatmap", "pyrt_heatmap")):
        res = r.call(fn, x, {"scale": "row"})
        o = heatmap2_order(x, style=style, scale="row")
        np.testing.assert_array_equal(o.row.ind + 1, res["rowInd"])
        np.testing.assert_array_equal(o.column.ind + 1, res["colInd"])
    out = heatmap_2(x, scale="row", trace="none")
    res = r.call("pyrt_heatmap2", x, {"scale": "row", "trace": "none"})
    np.testing.assert_array_equal(out.breaks, res["breaks"])


# ------------------------------------------------------------------------------------------
# figures: what is drawn
# ------------------------------------------------------------------------------------------
def _frame() -> pd.DataFrame:
    x = _matrix(2, "continuous")[:9, :5]
    return pd.DataFrame(x, index=[f"g{i}" for i in range(9)], columns=list("ABCDE"))


def _ax(fig, gid: str):
    return next(a for a in fig.axes if a.get_gid() == gid)


def test_first_ordered_row_is_at_the_bottom() -> None:
    df = _frame()
    res = heatmap_2(df)
    ax = _ax(res.figure, "image")
    labels = [t.get_text() for t in ax.get_yticklabels()]
    ys = list(ax.get_yticks())
    assert labels[int(np.argmin(ys))] == df.index[res.rowInd[0]]  # lowest tick = rowInd[0]
    assert res.row_order[0] == res.rowInd[-1]  # top row = last of rowInd
    img = ax.get_images()[0].get_array()
    assert ax.get_images()[0].origin == "lower"
    assert img.shape[:2] == (9, 5)
    rev = heatmap_2(df, revC=True)
    ax = _ax(rev.figure, "image")
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels[int(np.argmax(list(ax.get_yticks())))] == df.index[rev.rowInd[0]]


def test_trace_lines_and_key() -> None:
    res = heatmap_2(_frame(), scale="row")
    ax = _ax(res.figure, "image")
    traces = [ln for ln in ax.get_lines() if ln.get_gid() == "trace-column"]
    assert len(traces) == 5
    lo, hi = res.breaks.min(), res.breaks.max()
    x01 = (res.carpet[0] - lo) / (hi - lo)  # column 1, rows bottom-up
    np.testing.assert_allclose(traces[0].get_xdata()[1:], 1 + x01 - 0.5)
    np.testing.assert_allclose(traces[0].get_ydata(), np.arange(10) + 0.5)
    vlines = [ln for ln in ax.get_lines() if ln.get_gid() == "vline"]
    assert len(vlines) == 5
    key = _ax(res.figure, "key")
    hist = [ln for ln in key.get_lines() if ln.get_gid() == "key-histogram"]
    assert len(hist) == 1 and key.get_xlabel() == "Row Z-Score"
    assert [t.get_text() for t in key.get_xticklabels()][:1] == [res.spec.key.tick_labels[0]]
    none = heatmap_2(_frame(), trace="none", key=False)
    assert not [ln for ln in _ax(none.figure, "image").get_lines() if ln.get_gid()]
    assert not [a for a in none.figure.axes if a.get_gid() == "key"]


def test_key_text_stays_inside_and_tick_labels_do_not_overlap() -> None:
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    res = heatmap_2(_frame(), scale="row")
    renderer = FigureCanvasAgg(res.figure).get_renderer()
    res.figure.draw(renderer)
    canvas = res.figure.bbox
    texts = [t for t in res.figure.findobj(matplotlib.text.Text)
             if t.get_visible() and t.get_text()]
    assert texts
    for text in texts:
        box = text.get_window_extent(renderer)
        assert (box.x0 >= canvas.x0 - 0.5 and box.x1 <= canvas.x1 + 0.5
                and box.y0 >= canvas.y0 - 0.5 and box.y1 <= canvas.y1 + 0.5), text.get_text()
    key = _ax(res.figure, "key")
    shown = [lab.get_window_extent(renderer) for lab in key.get_xticklabels()
             if lab.get_visible()]
    assert len(shown) >= 2
    assert all(a.x1 <= b.x0 for a, b in itertools.pairwise(shown))


def test_stats_heatmap_look_and_save(tmp_path) -> None:
    res = heatmap(_frame(), main="title")
    assert not [a for a in res.figure.axes if a.get_gid() == "key"]
    assert hasattr(res, "Rowv") and res.Rowv is not None
    out = res.save(tmp_path / "h.png", dpi=50)
    assert out.read_bytes()[:4] == b"\x89PNG"
    assert res._repr_png_()[:4] == b"\x89PNG"


def test_argument_errors() -> None:
    with pytest.raises(InputError, match="trace"):
        heatmap_2(_frame(), trace="col")
    with pytest.raises(InputError, match="RowSideColors"):
        heatmap_2(_frame(), RowSideColors=["red"])
    with pytest.raises(InputError, match="at least 2"):
        heatmap(np.ones((1, 4)))
    with pytest.raises(InputError, match="distfun"):
        heatmap_2(_frame(), distfun="correlation")


def test_r_backend_and_crosscheck(r, tmp_path) -> None:
    df = _frame()
    kw = dict(scale="row", RowSideColors=["red", "blue", "red"] * 3, cellnote=df.round(1))
    res = heatmap_2(df, backend="r", **kw)
    assert res.image[:4] == b"\x89PNG"
    rep = res.crosscheck()
    assert rep.identical, str(rep)
    rep = heatmap(df, backend="r", r_clusters=False).crosscheck()
    assert rep.identical, str(rep)
    paths = heatmap_2(df, distfun="manhattan", hclustfun="average").to_r_script(
        tmp_path / "h2.R")
    assert tmp_path / "h2.R" in paths
    out = r.eval(f"local({{ system2('Rscript', {str(tmp_path / 'h2.R')!r}, stdout = TRUE) }})")
    ours = heatmap_2(df, distfun="manhattan", hclustfun="average")
    row = next(line for line in out if line.startswith("rowInd"))
    assert [int(v) for v in row.split("\t")[1].split()] == list(ours.rowInd + 1)
