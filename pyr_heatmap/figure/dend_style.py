"""Dendrogram styling: ComplexHeatmap's ``row_dend_gp``/``column_dend_gp`` and dendextend's
``color_branches()``.

R::

    Heatmap(m, row_dend_gp = gpar(col = "grey30", lwd = 2))
    dend <- dendextend::color_branches(hclust(dist(m)), k = 4)
    Heatmap(m, cluster_rows = dend, row_split = 4)

Python::

    Heatmap(m, row_dend_gp={"col": "grey30", "lwd": 2})
    tree = color_branches(hclust(dist(m)), k=4)
    Heatmap(m, cluster_rows=tree, row_split=4)

ComplexHeatmap draws every branch of a dendrogram (each slice's tree and the tree above the
slices) with the same ``gpar()``; a branch without ``gp`` takes the ``edgePar`` of the node it
leads to. ``color_branches`` sets those ``edgePar`` colours: a node is coloured with its cluster's
colour when all its leaves belong to one cluster of the cut (so the branch leading into a cluster
and every branch inside it get that colour); branches above the cut keep the default colour.
Clusters are numbered left to right in the tree's leaf order, and the default colours are
``colorspace::rainbow_hcl(k, c = 90, l = 50)``, as in dendextend.

Because the rule only depends on which leaves lie under a node, the colours survive reordering
and cutting the tree into slices: they are stored as a cluster per observation.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from pyr_heatmap.engine.hclust import HClust
from pyr_heatmap.errors import InputError
from pyr_heatmap.figure.checks import _number

__all__ = ["LTY_NAMES", "ColoredHClust", "DendGp", "DendStyle", "color_branches", "dend_style",
           "node_groups", "rainbow_hcl", "resolve_dend_gp"]

# grid's line types: number -> name (R's lty 1..6)
LTY_NAMES = ("solid", "dashed", "dotted", "dotdash", "longdash", "twodash")


@dataclass(frozen=True)
class DendGp:
    """The ``gpar()`` of a dendrogram: one colour, line width and line type, or None (R's
    default: the node's ``edgePar``, else black, lwd 1, solid)."""

    col: str | None = None
    lwd: float | None = None
    lty: str | None = None

    def as_r(self) -> dict[str, Any]:
        """The set parameters, as the arguments of grid's ``gpar()``."""
        return {k: v for k, v in (("col", self.col), ("lwd", self.lwd), ("lty", self.lty))
                if v is not None}


@dataclass(frozen=True, eq=False)
class DendStyle:
    """How one axis's dendrograms are drawn.

    ``groups[i]`` is the cluster (0-based) of observation ``i`` (row or column ``i`` of the
    matrix), ``-1`` for none; ``colors[g]`` is the colour of cluster ``g``.
    """

    gp: DendGp = DendGp()
    groups: np.ndarray | None = None
    colors: tuple[str, ...] = ()


@dataclass(frozen=True, eq=False)
class ColoredHClust(HClust):
    """An :class:`HClust` whose branches carry colours (what ``color_branches`` returns).

    Pass it as ``cluster_rows=`` / ``cluster_columns=`` like any tree. ``branch_groups[i]`` is
    the cluster (0-based, numbered left to right) of observation ``i``; ``branch_colors[g]``
    the colour of cluster ``g``.
    """

    branch_groups: np.ndarray | None = None
    branch_colors: tuple[str, ...] | None = None


def resolve_dend_gp(gp: Any, what: str) -> DendGp:
    """Check ``row_dend_gp`` / ``column_dend_gp``: a dict with ``col``, ``lwd``, ``lty``."""
    from pyr_heatmap.figure.styling import _colour

    if gp is None:
        return DendGp()
    if not isinstance(gp, Mapping):
        raise InputError(f"{what} must be a dict such as {{'col': 'red', 'lwd': 2}}, got {gp!r}")
    unknown = set(gp) - {"col", "lwd", "lty"}
    if unknown:
        raise InputError(f"{what} keys {sorted(unknown)} are not supported (supported: col, "
                         "lwd, lty)")
    col = gp.get("col")
    if col is not None and not isinstance(col, str):
        raise InputError(
            f"{what} col must be one colour, got {col!r}. ComplexHeatmap recycles a vector of "
            "colours over the line segments, not over slices; to colour slices or clusters "
            "use cluster_rows=color_branches(tree, k=...) (with row_split=k)")
    col = None if col is None else _colour(col, f"{what} col")
    lwd = gp.get("lwd")
    if lwd is not None:
        lwd = _number(lwd, f"{what} lwd")
        if not lwd > 0:
            raise InputError(f"{what} lwd must be > 0, got {gp.get('lwd')!r}")
    lty = gp.get("lty")
    if lty is not None:
        if isinstance(lty, (int, np.integer)) and not isinstance(lty, bool) \
                and 1 <= int(lty) <= len(LTY_NAMES):
            lty = LTY_NAMES[int(lty) - 1]
        if lty not in LTY_NAMES:
            raise InputError(f"{what} lty must be one of {', '.join(LTY_NAMES)} (or 1 to 6), "
                             f"got {gp.get('lty')!r}")
    return DendGp(col, lwd, lty)


def rainbow_hcl(n: int, c: float = 90.0, l: float = 50.0) -> list[str]:  # noqa: E741 (R's name)
    """colorspace's ``rainbow_hcl(n, c, l)``: ``n`` hues evenly spaced from 0 to ``360 (n-1)/n``
    at chroma ``c`` and luminance ``l`` (polar LUV), as hex (dendextend's default palette)."""
    from pyr_heatmap.figure.colors.spaces import _to_bytes

    if n < 1:
        return []
    hue = np.linspace(0.0, 360.0 * (n - 1) / n, n) if n > 1 else np.zeros(1)
    rad = hue * np.pi / 180.0
    luv = np.column_stack([np.full(n, float(l)), c * np.cos(rad), c * np.sin(rad)])
    out = _to_bytes(luv, "LUV")
    return ["#{:02X}{:02X}{:02X}".format(*(int(v) for v in row)) for row in out]


def color_branches(tree: HClust, *, k: int | None = None, h: float | None = None,
                   col: Sequence[str] | None = None) -> ColoredHClust:
    """Colour the branches of ``tree`` by a cut into ``k`` clusters (or at height ``h``), as
    dendextend's ``color_branches(tree, k, h, col)``.

    Parameters
    ----------
    tree : HClust
        The tree (e.g. ``hclust(dist(m))``).
    k : int, optional
        Number of clusters (``cutree(tree, k)``); takes precedence over ``h``, as in dendextend.
    h : float, optional
        Cut height (``cutree(tree, h = h)``).
    col : sequence of str, optional
        One colour per cluster, clusters numbered left to right in the tree's leaf order.
        Default ``colorspace::rainbow_hcl(k, c = 90, l = 50)``. A shorter list is recycled and
        a longer one cut to ``k`` (dendextend warns in both cases).

    Returns
    -------
    ColoredHClust
        The same tree with the colours; pass it as ``cluster_rows=`` or ``cluster_columns=``.

    Raises
    ------
    InputError
        ``tree`` is not an HClust, neither ``k`` nor ``h`` is given, or a bad colour.
    """
    from pyr_heatmap.engine.dendrogram import cutree
    from pyr_heatmap.figure.styling import _colour

    if not isinstance(tree, HClust):
        raise InputError(f"color_branches: tree must be an HClust (e.g. hclust(dist(m))), got "
                         f"{type(tree).__name__}")
    if k is None and h is None:
        raise InputError("color_branches: give k (number of clusters) or h (cut height)")
    if k is not None:
        if isinstance(k, bool) or not isinstance(k, (int, np.integer)) or not 1 <= k <= tree.n:
            raise InputError(f"color_branches: k must be a whole number from 1 to {tree.n}, "
                             f"got {k!r}")
        raw = cutree(tree, k=int(k))
    else:
        raw = cutree(tree, h=_number(h, "color_branches h"))
    # renumber the clusters by first appearance in the leaf order (dendextend's
    # cutree(order_clusters_as_data = FALSE) and sort_levels_values)
    in_order = raw[np.asarray(tree.order)]
    _, first = np.unique(in_order, return_index=True)
    ids = raw[np.asarray(tree.order)[np.sort(first)]]
    rank = {int(g): i for i, g in enumerate(ids)}
    groups = np.array([rank[int(g)] for g in raw], dtype=np.int64)
    n_groups = len(rank)
    if col is None:
        colors = rainbow_hcl(n_groups)
    else:
        if isinstance(col, str) or not isinstance(col, Sequence) or len(col) == 0:
            raise InputError(f"color_branches: col must be a list of colours, got {col!r}")
        given = [_colour(c, "color_branches col") for c in col]
        colors = [given[i % len(given)] for i in range(n_groups)]
    groups.flags.writeable = False
    fields = {f: getattr(tree, f) for f in ("merge", "height", "order", "labels", "method",
                                            "dist_method")}
    return ColoredHClust(**fields, branch_groups=groups, branch_colors=tuple(colors))


def node_groups(tree: HClust, leaf_groups: np.ndarray) -> np.ndarray:
    """Cluster of every merge node of ``tree`` (``-1`` when its leaves span several clusters),
    given the cluster of each leaf (indexed by leaf number; ``-1`` = none)."""
    merge = np.asarray(tree.merge)
    out = np.empty(len(merge), dtype=np.int64)
    leaf_groups = np.asarray(leaf_groups)

    def of(child: int) -> int:
        return int(leaf_groups[-child - 1]) if child < 0 else int(out[child - 1])

    for s, (a, b) in enumerate(merge):
        ga, gb = of(int(a)), of(int(b))
        out[s] = ga if ga == gb else -1
    return out


def dend_style(gp: Any, tree: Any, what: str) -> DendStyle | None:
    """The :class:`DendStyle` of one axis from its ``*_dend_gp`` and ``cluster_*`` arguments;
    None when neither styles the dendrogram."""
    dgp = resolve_dend_gp(gp, what)
    if isinstance(tree, ColoredHClust) and tree.branch_groups is not None:
        groups = np.asarray(tree.branch_groups)
        colors = tuple(tree.branch_colors or ())
        if groups.shape != (tree.n,) or groups.max() >= len(colors):
            raise InputError(f"cluster_{what.split('_')[0]}s: a ColoredHClust needs one "
                             "cluster per leaf and a colour per cluster; make it with "
                             "color_branches(tree, k=...)")
        return DendStyle(dgp, groups, colors)
    if dgp == DendGp():
        return None
    return DendStyle(dgp)
