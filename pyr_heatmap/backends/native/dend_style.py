"""Styled dendrograms: ``row_dend_gp``/``column_dend_gp`` and branch colours, as ComplexHeatmap
draws them.

ComplexHeatmap draws the branch from a node to each child as two segments (the child's vertical
line and its half of the node's bar) with the child's ``edgePar``; a ``gp`` given to the heatmap
overrides ``col``, ``lwd`` and ``lty`` of every segment. :func:`styled_segments` splits the bars
of :func:`~.dendrogram.dendrogram_segments` into those halves and gives each segment its colour,
width and line type.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from matplotlib.collections import LineCollection

from pyr_heatmap.figure.dend_style import DendStyle, node_groups
from pyr_heatmap.figure.spec import AxisSpec

__all__ = ["edge_groups", "styled_collection"]

# grid's dash patterns (R's lty hex digits), lengths in units of the line width
_DASHES = {"dashed": (4, 4), "dotted": (1, 3), "dotdash": (1, 3, 4, 3), "longdash": (7, 3),
           "twodash": (2, 2, 6, 2)}


def _leaf_groups(groups: np.ndarray, indices: np.ndarray, tree: Any) -> np.ndarray:
    """Cluster of each leaf (by leaf number) of a slice's tree."""
    m = len(indices)
    pos = np.empty(m, dtype=np.int64)
    pos[np.asarray(tree.order)] = np.arange(m)
    return groups[np.asarray(indices)[pos]]


def edge_groups(axis: AxisSpec) -> list[np.ndarray]:
    """For every tree :func:`~.parts.dendrogram` draws (slice trees of two or more leaves, then
    the tree over the slices), an ``(n - 1, 2)`` array: the cluster of the left and right child
    of each merge (``-1``: none)."""
    style: DendStyle = axis.dend_style
    out = []
    slice_groups = np.full(len(axis.slices), -1, dtype=np.int64)
    for k, sl in enumerate(axis.slices):
        g = np.unique(style.groups[np.asarray(sl.indices)])
        if g.size == 1:
            slice_groups[k] = g[0]
        if sl.tree is None or sl.tree.n < 2:
            continue
        out.append(_children(sl.tree, _leaf_groups(style.groups, sl.indices, sl.tree)))
    tree = axis.slice_tree
    if tree is not None and len(axis.slices) > 1 and tree.n == len(axis.slices):
        by_title = {sl.title: k for k, sl in enumerate(axis.slices)}
        leaf = np.array([by_title[t] for t in axis.slice_levels])
        out.append(_children(tree, slice_groups[leaf]))
    return out


def _children(tree: Any, leaf_groups: np.ndarray) -> np.ndarray:
    nodes = node_groups(tree, leaf_groups)
    merge = np.asarray(tree.merge)
    pick = np.where(merge < 0, leaf_groups[np.where(merge < 0, -merge - 1, 0)],
                    nodes[np.where(merge > 0, merge - 1, 0)])
    return pick.astype(np.int64)


def styled_collection(seg: np.ndarray, axis: AxisSpec, lw: float) -> LineCollection:
    """The dendrogram segments ``seg`` (three per merge, as :func:`~.parts.dendrogram` returns
    them) as a :class:`LineCollection` of four segments per merge (left vertical, left half bar,
    right half bar, right vertical), coloured by the branch colours and ``*_dend_gp``.

    ``lw`` is the width in points of grid's ``lwd = 1``."""
    style: DendStyle = axis.dend_style
    n = len(seg) // 3
    left, bar, right = seg[0::3], seg[1::3], seg[2::3]
    mid = (bar[:, 0] + bar[:, 1]) / 2.0
    out = np.empty((4 * n, 2, 2))
    out[0::4] = left
    out[1::4, 0], out[1::4, 1] = bar[:, 0], mid
    out[2::4, 0], out[2::4, 1] = mid, bar[:, 1]
    out[3::4] = right
    colors = np.full(4 * n, "black", dtype=object)
    if style.groups is not None and n:
        child = np.concatenate(edge_groups(axis))
        palette = np.array([*style.colors, "black"], dtype=object)  # -1 -> black
        for j, (a, b) in enumerate(((0, 1), (2, 3))):
            g = child[:, j]
            colors[a::4] = palette[g]
            colors[b::4] = palette[g]
    gp = style.gp
    if gp.col is not None:
        colors[:] = gp.col
    width = lw * (gp.lwd if gp.lwd is not None else 1.0)
    dashes = _DASHES.get(gp.lty or "solid")
    linestyle: Any = "solid" if dashes is None else (0, dashes)
    return LineCollection(out, colors=list(colors), linewidths=width, linestyles=linestyle,
                          capstyle="projecting" if dashes is None else "butt",
                          gid="dend_segments")
