"""Dendrogram styling: row_dend_gp/column_dend_gp and color_branches, judged by live R.

dendextend is not installed here, so the colour assignment is compared with dendextend's rule
written out in R (tests/r/dend_style.R: R's cutree, clusters numbered left to right, colorspace's
rainbow_hcl, dendextend's descendTree), and with the edgePar of the dendrograms ComplexHeatmap
itself drew.
"""

from __future__ import annotations

import io
import subprocess

import numpy as np
import pandas as pd
import pytest
from matplotlib.collections import LineCollection
from matplotlib.colors import to_rgba

import pyr_heatmap as ph
from pyr_heatmap.engine.dist import dist
from pyr_heatmap.engine.hclust import hclust
from pyr_heatmap.errors import InputError
from pyr_heatmap.figure.dend_style import node_groups

DEND_LW = 0.75  # points drawn for grid's lwd = 1


def matrix(seed: int, n: int = 40, p: int = 8) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    centres = rng.normal(scale=3.0, size=(5, p))
    m = centres[rng.integers(0, 5, n)] + rng.normal(size=(n, p))
    return pd.DataFrame(m, index=[f"g{i}" for i in range(n)],
                        columns=[f"s{j}" for j in range(p)])


def rule(r, m, method, **kw) -> dict:
    """dendextend's colours for ``hclust(dist(m), method)`` cut by ``k``/``h``, from R."""
    out = r.call("dend_rule", m, method, **kw)
    for key in ("colors", "keys", "node_col"):
        out[key] = list(np.asarray(out[key], dtype=object).ravel())
    return out


def members(tree) -> list[str]:
    """Leaves (1-based, sorted, comma-joined) under every merge step."""
    out: list[list[int]] = []
    for a, b in np.asarray(tree.merge):
        out.append(sorted((out[a - 1] if a > 0 else [-a]) + (out[b - 1] if b > 0 else [-b])))
    return [",".join(map(str, x)) for x in out]


def dend_collection(drawn, label: str) -> LineCollection:
    (ax,) = [a for a in drawn.figure.axes if a.get_label() == label]
    (lc,) = [c for c in ax.collections if c.get_gid() == "dend_segments"]
    return lc


def flat(order) -> np.ndarray:
    if isinstance(order, dict):
        order = list(order.values())
    return np.concatenate(order) if isinstance(order, list) else np.asarray(order)


@pytest.mark.needs_r
def test_color_branches_is_dendextends_assignment(r):
    cases = [(1, "complete", 4, None), (2, "average", 3, None), (3, "ward.D2", 6, None),
             (4, "single", 2, None), (5, "complete", None, 6.0), (6, "average", 1, None)]
    for seed, method, k, h in cases:
        m = matrix(seed).to_numpy()
        want = rule(r, m, method, k=k, h=h)
        tree = ph.color_branches(hclust(dist(m), method), k=k, h=h)
        # every leaf's cluster is R's cutree cluster, renumbered left to right
        raw = np.asarray(want["raw"])
        assert all(len(set(raw[tree.branch_groups == g])) == 1
                   for g in np.unique(tree.branch_groups)), (seed, method)
        assert np.array_equal(tree.branch_groups + 1, np.asarray(want["groups"])), (seed, method)
        assert list(tree.branch_colors) == want["colors"], (seed, method)
        # every node's colour is the one dendextend gives it (None above the cut)
        nodes = node_groups(tree, tree.branch_groups)
        mine = dict(zip(members(tree), [tree.branch_colors[g] if g >= 0 else None
                                        for g in nodes], strict=True))
        theirs = dict(zip(want["keys"], want["node_col"], strict=True))
        assert mine == theirs, (seed, method)


def test_color_branches_colours_and_errors():
    m = matrix(7).to_numpy()
    tree = hclust(dist(m), "complete")
    t = ph.color_branches(tree, k=3, col=["red", "#00FF00"])
    assert t.branch_colors == ("red", "#00FF00", "red")  # recycled, as dendextend
    assert not isinstance(tree, ph.ColoredHClust)  # the given tree is left as it was
    assert np.array_equal(t.merge, tree.merge) and np.array_equal(t.order, tree.order)
    for kw, word in (({}, "give k"), ({"k": 0}, "k must"), ({"k": 2.5}, "k must"),
                     ({"k": 2, "col": "red"}, "list of colours"),
                     ({"k": 2, "col": ["nocolour"]}, "not a colour")):
        with pytest.raises(InputError, match=word):
            ph.color_branches(tree, **kw)
    with pytest.raises(InputError, match="must be an HClust"):
        ph.color_branches(m, k=2)
    bad = ph.ColoredHClust(tree.merge, tree.height, tree.order, branch_groups=t.branch_groups)
    with pytest.raises(InputError, match="cluster_columns: a ColoredHClust needs"):
        ph.Heatmap(matrix(7).T, cluster_columns=bad).compile()  # no colours
    for gp, word in (({"color": "red"}, "not supported"), ({"col": ["red", "blue"]},
                     "color_branches"), ({"lwd": -1}, "lwd must be > 0"),
                     ({"lty": "wavy"}, "lty must be one of"), ("red", "must be a dict")):
        with pytest.raises(InputError, match=word):
            ph.Heatmap(matrix(1), row_dend_gp=gp).compile()


@pytest.mark.needs_r
def test_native_segments_take_their_cluster_colour(r):
    df = matrix(11, n=60)
    m = df.to_numpy()
    k = 4
    want = rule(r, m, "complete", k=k)
    leaf_col = np.asarray(want["colors"], dtype=object)[np.asarray(want["groups"]) - 1]
    hs = np.sort(np.asarray(want["height"]))[::-1]
    cut = (hs[k - 2] + hs[k - 1]) / 2
    tree = ph.color_branches(hclust(dist(m), "complete"), k=k)
    drawn = ph.Heatmap(df, cluster_rows=tree, row_dend_gp={"lwd": 2}).draw("native", dpi=60)
    lc = dend_collection(drawn, "row_dend")
    segs, cols = lc.get_segments(), lc.get_colors()
    assert len(segs) == 4 * (len(df) - 1)
    assert np.allclose(lc.get_linewidths(), 2 * DEND_LW)
    body_h = dend_collection(drawn, "row_dend").axes.get_ylim()[0]
    order = flat(drawn.row_order)
    row_h = body_h / len(order)
    by_end = {}
    n_coloured = 0
    for s, c in zip(segs, cols, strict=True):
        (h0, y0), (h1, y1) = s
        if np.isclose(y0, y1):  # a branch's vertical line: from the child up to its parent
            lower = min(h0, h1)
            if lower < cut:
                expect = leaf_col[order[min(int(y0 / row_h), len(order) - 1)]]
                n_coloured += 1
            else:
                expect = "black"
            assert np.allclose(c, to_rgba(expect)), (s, expect)
            by_end[(round(max(h0, h1), 6), round(y0, 6))] = tuple(c)
    # every branch but those into the k - 2 nodes above the cut under the root
    assert n_coloured == 2 * (len(df) - 1) - (k - 2)
    # half bars (second and third segment of each merge, from the child's end to the node's
    # middle or back): the colour of their child's vertical line
    for i in range(0, len(segs), 4):
        for j, end in ((1, 0), (2, 1)):
            h, y = segs[i + j][end]
            assert tuple(cols[i + j]) == by_end[(round(h, 6), round(y, 6))]


@pytest.mark.needs_r
def test_split_heatmaps_style_every_tree(r):
    df = matrix(12, n=45)
    m = df.to_numpy()
    gp = {"col": "darkgreen", "lwd": 1.5, "lty": "dashed"}
    labels = [("a", "b", "c")[i % 3] for i in range(len(df))]
    for split in (3, labels):
        hm = ph.Heatmap(df, row_split=split, row_dend_gp=gp, column_dend_gp={"col": "orange"})
        drawn = hm.draw("native", dpi=60)
        lc = dend_collection(drawn, "row_dend")
        # three slice trees and the tree over the slices: four segments per merge
        assert len(lc.get_segments()) == 4 * ((len(df) - 3) + 2)
        assert np.allclose(lc.get_colors(), to_rgba("darkgreen"))
        assert np.allclose(lc.get_linewidths(), 1.5 * DEND_LW)
        assert lc.get_linestyle()[0][1] is not None  # dashed
        assert np.allclose(dend_collection(drawn, "column_dend").get_colors(), to_rgba("orange"))
        # R is given the gpar
        spec = hm.compile()
        got = _drawn_in_r(r, spec)
        assert (got["gp_col"], float(np.ravel(got["gp_lwd"])[0]), got["gp_lty"]) == (
            ["darkgreen"], 1.5, ["dashed"])
    # colours by cluster with row_split = k: one colour per slice, the tree above them black
    k = 4
    want = rule(r, m, "complete", k=k)
    tree = ph.color_branches(hclust(dist(m), "complete"), k=k)
    hm = ph.Heatmap(df, cluster_rows=tree, row_split=k)
    native = hm.draw("native", dpi=60)
    cols = [tuple(c) for c in dend_collection(native, "row_dend").get_colors()]
    black = 2 * (sum(c is None for c in want["node_col"]) - 1)  # edges into nodes above the cut
    assert cols.count(to_rgba("black")) == black
    assert {c for c in cols if c != to_rgba("black")} == {to_rgba(c) for c in want["colors"]}
    assert len(native.row_order) == k  # each slice is one cluster
    groups = np.asarray(want["groups"])
    assert [len(set(groups[obs])) for obs in native.row_order.values()] == [1] * k
    _check_r_edge_colours(r, hm.compile(), want)


def _drawn_in_r(r, spec) -> dict:
    from pyr_heatmap.backends.r import bridge
    from pyr_heatmap.backends.r.plan import _matrix, plan_axis, r_payload

    rows, cols = plan_axis(spec, "row", True), plan_axis(spec, "column", True)
    payload = r_payload(spec, rows, cols, pass_col=False)
    ht = bridge.session().call("pyrhm_heatmap", _matrix(spec), payload)
    got = r.call("dend_drawn_style", ht)
    for key in ("keys", "cols", "gp_col", "gp_lty"):
        got[key] = list(np.asarray(got[key], dtype=object).ravel())
    return got


def _check_r_edge_colours(r, spec, want) -> None:
    """Every node of every dendrogram ComplexHeatmap drew carries the colour of its cluster
    (R's cutree), or none when its leaves span several clusters."""
    got = _drawn_in_r(r, spec)
    groups = np.asarray(want["groups"])
    assert len(got["keys"]) > 0
    for key, col in zip(got["keys"], got["cols"], strict=True):
        leaves = np.array([int(v) for v in key.split(",")]) - 1
        g = set(groups[leaves].tolist())
        expect = want["colors"][g.pop() - 1] if len(g) == 1 else None
        assert col == expect, (key, col, expect)


def _colour_pixels(png: bytes, colours: list[str], box=None, dpi: float = 150.0) -> list[int]:
    from PIL import Image

    img = np.asarray(Image.open(io.BytesIO(png)).convert("RGB")).astype(int)
    if box is not None:
        px = dpi / 25.4
        x, y, w, h = box
        img = img[int(y * px):int((y + h) * px) + 1, int(x * px):int((x + w) * px) + 1]
    out = []
    for c in colours:
        rgb = np.array([int(v * 255 + 0.5) for v in to_rgba(c)[:3]])
        out.append(int((np.abs(img - rgb).max(axis=2) <= 8).sum()))
    return out


@pytest.mark.needs_r
def test_r_backend_draws_the_branch_colours(r):
    df = matrix(13, n=50)
    m = df.to_numpy()
    want = rule(r, m, "complete", k=4)
    tree = ph.color_branches(hclust(dist(m), "complete"), k=4)
    hm = ph.Heatmap(df, cluster_rows=tree, row_dend_gp={"lwd": 3})
    drawn = hm.draw("r", dpi=150)
    native = hm.draw("native", dpi=60)
    assert np.array_equal(flat(drawn.row_order), flat(native.row_order))
    counts = _colour_pixels(drawn.image, want["colors"], drawn.layout["row_dend"])
    assert min(counts) > 30, counts
    # the same heatmap without the colours has none of them there
    plain = ph.Heatmap(df, cluster_rows=hclust(dist(m), "complete"), row_dend_gp={"lwd": 3})
    p = plain.draw("r", dpi=150)
    assert max(_colour_pixels(p.image, want["colors"], p.layout["row_dend"])) < 5
    _check_r_edge_colours(r, hm.compile(), want)


@pytest.mark.needs_r
def test_exported_script_draws_the_styling(r, tmp_path):
    df = matrix(14, n=30)
    m = df.to_numpy()
    want = rule(r, m, "average", k=3)
    tree = ph.color_branches(hclust(dist(m), "average"), k=3)
    hm = ph.Heatmap(df, cluster_rows=tree, row_split=3, row_dend_gp={"lwd": 3},
                    column_dend_gp={"col": "#FF8C00", "lty": "dotted"})
    script = hm.to_r_script(tmp_path / "hm.R", dpi=100)
    text = script.read_text()
    assert "color_dend(as.dendrogram(hr)" in text and "#FF8C00" not in text
    run = subprocess.run(["Rscript", str(script)], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    png = (tmp_path / "hm_ComplexHeatmap.png").read_bytes()
    counts = _colour_pixels(png, [*want["colors"], "#FF8C00"])
    assert min(counts) > 30, counts
    native = hm.draw("native", dpi=60)
    lines = dict(ln.split("\t", 1) for ln in run.stdout.splitlines() if "\t" in ln)
    assert [int(v) - 1 for v in lines["row_order"].split()] == flat(native.row_order).tolist()


def test_column_branch_colours_native():
    df = matrix(15, n=20, p=12)
    m = df.to_numpy().T
    tree = hclust(dist(m), "average")
    groups = ph.cutree(tree, k=2)  # R's ids (parity tested in tests/engine)
    hm = ph.Heatmap(df, cluster_columns=ph.color_branches(tree, k=2, col=["red", "blue"]))
    drawn = hm.draw("native", dpi=60)
    lc = dend_collection(drawn, "column_dend")
    order = flat(drawn.column_order)
    width = lc.axes.get_xlim()[1] / len(order)
    # the leftmost column's cluster is the first, red; the other one blue
    first = groups[order[0]]
    leaf_branches = 0
    for s, c in zip(lc.get_segments(), lc.get_colors(), strict=True):
        (x0, h0), (x1, h1) = s
        if np.isclose(x0, x1) and min(h0, h1) == 0:  # the branch into a leaf
            leaf_branches += 1
            col = order[int(x0 / width)]
            assert np.allclose(c, to_rgba("red" if groups[col] == first else "blue"))
    assert leaf_branches == len(order)
