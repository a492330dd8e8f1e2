"""Dendrogram geometry for drawing: node positions and the segments of every branch.

No recursion (scipy's ``dendrogram()`` recurses and fails on deep trees), vectorised where the tree
allows, fast at tens of thousands of leaves. A node sits midway between its two children, as in
R's ``as.dendrogram()`` and ComplexHeatmap; leaves sit at height 0, nodes at their merge height.
"""

from __future__ import annotations

import numpy as np

from pyr_heatmap.engine.hclust import HClust

__all__ = ["dendrogram_segments"]


def dendrogram_segments(
    tree: HClust, leaf_pos: np.ndarray | None = None, leaf_height: np.ndarray | None = None,
    height: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Segments of the dendrogram of ``tree`` in (position, height) coordinates.

    By default leaf ``tree.order[p]`` sits at position ``p + 0.5`` (the centre of the ``p``-th
    drawn row or column when cells are one unit wide) at height 0; ``leaf_pos`` and
    ``leaf_height`` (indexed by leaf number) override that, and ``height`` overrides the merge
    heights (used to stack a tree over slices on top of the slices' own trees).

    Returns
    -------
    segments : numpy.ndarray
        ``(3 * (n - 1), 2, 2)`` array: for every merge, the left vertical, the horizontal bar and
        the right vertical, as pairs of ``(position, height)`` points.
    node_pos : numpy.ndarray
        Position of every merge node (the last one is the root).
    """
    merge = np.asarray(tree.merge)
    n = tree.n
    if leaf_pos is None:
        leaf_pos = np.empty(n)
        leaf_pos[tree.order] = np.arange(n) + 0.5
    leaf_h = np.zeros(n) if leaf_height is None else np.asarray(leaf_height, dtype=float)
    if n < 2:
        return np.zeros((0, 2, 2)), np.asarray(leaf_pos, dtype=float)[:1]
    hgt = np.asarray(tree.height if height is None else height, dtype=float)
    pos = np.empty(n - 1)
    left, right = merge[:, 0], merge[:, 1]
    lx = np.empty(n - 1)
    rx = np.empty(n - 1)
    leaf_l = left < 0
    leaf_r = right < 0
    lx[leaf_l] = leaf_pos[-left[leaf_l] - 1]
    rx[leaf_r] = leaf_pos[-right[leaf_r] - 1]
    lh = np.where(leaf_l, leaf_h[np.where(leaf_l, -left - 1, 0)],
                  hgt[np.where(leaf_l, 0, left - 1)])
    rh = np.where(leaf_r, leaf_h[np.where(leaf_r, -right - 1, 0)],
                  hgt[np.where(leaf_r, 0, right - 1)])
    # a node's position needs its children's: process the nodes level by level (a level = the
    # longest path down to a leaf), each level vectorised
    depth = np.zeros(n - 1, dtype=np.int64)
    for s in range(n - 1):  # cheap integer pass
        a, b = left[s], right[s]
        depth[s] = max(depth[a - 1] + 1 if a > 0 else 0, depth[b - 1] + 1 if b > 0 else 0)
    order = np.argsort(depth, kind="stable")
    bounds = np.searchsorted(depth[order], np.arange(int(depth.max()) + 2))
    for level in range(int(depth.max()) + 1):
        idx = order[bounds[level]:bounds[level + 1]]
        li, ri = left[idx], right[idx]
        inner_l = li > 0
        inner_r = ri > 0
        lx[idx[inner_l]] = pos[li[inner_l] - 1]
        rx[idx[inner_r]] = pos[ri[inner_r] - 1]
        pos[idx] = (lx[idx] + rx[idx]) / 2.0
    seg = np.empty((3 * (n - 1), 2, 2))
    seg[0::3, 0] = np.column_stack([lx, lh])
    seg[0::3, 1] = np.column_stack([lx, hgt])
    seg[1::3, 0] = np.column_stack([lx, hgt])
    seg[1::3, 1] = np.column_stack([rx, hgt])
    seg[2::3, 0] = np.column_stack([rx, rh])
    seg[2::3, 1] = np.column_stack([rx, hgt])
    return seg, pos
