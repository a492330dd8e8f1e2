"""Dendrogram geometry for drawing: node positions and the segments of every branch.

No recursion (scipy's ``dendrogram()`` recurses and fails on deep trees), vectorised where the tree
allows, fast at tens of thousands of leaves. A node sits midway between its two children, as in
R's ``as.dendrogram()`` and ComplexHeatmap; leaves sit at height 0, nodes at their merge height.
"""

from __future__ import annotations

import numpy as np

from ..hclust import HClust

__all__ = ["dendrogram_segments"]


def dendrogram_segments(tree: HClust) -> tuple[np.ndarray, float]:
    """Segments of the dendrogram of ``tree`` in (position, height) coordinates.

    Leaf ``tree.order[p]`` sits at position ``p + 0.5`` (so leaf ``p`` lines up with the centre of
    the ``p``-th drawn row or column when cells are one unit wide), at height 0.

    Returns
    -------
    segments : numpy.ndarray
        ``(3 * (n - 1), 2, 2)`` array: for every merge, the left vertical, the horizontal bar and
        the right vertical, as pairs of ``(position, height)`` points.
    top : float
        The largest height drawn (at least 1e-12, for scaling).
    """
    merge = np.asarray(tree.merge)
    n = tree.n
    if n < 2:
        return np.zeros((0, 2, 2)), 1.0
    leaf_pos = np.empty(n)
    leaf_pos[tree.order] = np.arange(n) + 0.5
    # node positions and heights; merge steps come after their children, so one pass suffices
    pos = np.empty(n - 1)
    hgt = np.asarray(tree.height, dtype=float)
    left, right = merge[:, 0], merge[:, 1]
    lx = np.empty(n - 1)
    rx = np.empty(n - 1)
    lh = np.zeros(n - 1)
    rh = np.zeros(n - 1)
    leaf_l = left < 0
    leaf_r = right < 0
    lx[leaf_l] = leaf_pos[-left[leaf_l] - 1]
    rx[leaf_r] = leaf_pos[-right[leaf_r] - 1]
    lh[~leaf_l] = hgt[left[~leaf_l] - 1]
    rh[~leaf_r] = hgt[right[~leaf_r] - 1]
    # positions of internal children need the children's own positions: process by depth level
    depth = np.zeros(n - 1, dtype=np.int64)
    for s in range(n - 1):  # cheap integer pass; the float work below is vectorised per level
        a, b = left[s], right[s]
        da = depth[a - 1] + 1 if a > 0 else 0
        db = depth[b - 1] + 1 if b > 0 else 0
        depth[s] = max(da, db)
    for level in range(int(depth.max()) + 1):
        idx = np.flatnonzero(depth == level)
        li, ri = left[idx], right[idx]
        inner_l = li > 0
        inner_r = ri > 0
        lx[idx[inner_l]] = pos[li[inner_l] - 1]
        rx[idx[inner_r]] = pos[ri[inner_r] - 1]
        pos[idx] = (lx[idx] + rx[idx]) / 2.0
    seg = np.empty((3 * (n - 1), 2, 2))
    seg[0::3, 0, 0] = lx
    seg[0::3, 0, 1] = lh
    seg[0::3, 1, 0] = lx
    seg[0::3, 1, 1] = hgt
    seg[1::3, 0, 0] = lx
    seg[1::3, 0, 1] = hgt
    seg[1::3, 1, 0] = rx
    seg[1::3, 1, 1] = hgt
    seg[2::3, 0, 0] = rx
    seg[2::3, 0, 1] = rh
    seg[2::3, 1, 0] = rx
    seg[2::3, 1, 1] = hgt
    top = float(np.nanmax(hgt)) if np.isfinite(hgt).any() else 1.0
    return seg, max(top, 1e-12)
