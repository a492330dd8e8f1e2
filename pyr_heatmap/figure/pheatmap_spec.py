"""The immutable description of a pheatmap figure that both backends draw.

Everything here is already decided (orders, trees, gaps, cell colours, labels, legend ticks):
the native backend only draws it, and the R backend hands pheatmap's own arguments
(:class:`PheatmapCall`) to ``pheatmap::pheatmap``. Lengths are in big points (1/72 inch), the
unit pheatmap uses (grid's ``"bigpts"``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from pyr_heatmap.engine.hclust import HClust

__all__ = ["AnnotationTrack", "PheatmapCall", "PheatmapSpec"]


@dataclass(frozen=True, eq=False)
class AnnotationTrack:
    """One annotation variable (a column of ``annotation_row``/``annotation_col``).

    Attributes
    ----------
    name : str
        The variable's name (drawn beside the track and as the legend title).
    colors : tuple of str
        The cell colour of every row/column in drawn order (``None`` for a missing value:
        drawn unfilled, as pheatmap draws ``NA`` fills).
    discrete : bool
        Levels (legend of boxes) or numbers (legend of a four-colour bar).
    legend_levels, legend_colors : tuple of str
        Discrete: the levels and their colours; continuous: the four colours of the bar.
    legend_range : tuple of str
        Continuous: the two labels of the bar (top, bottom), pheatmap's
        ``rev(range(grid.pretty(range(x))))``.
    """

    name: str
    colors: tuple[str | None, ...]
    discrete: bool
    legend_levels: tuple[str, ...] = ()
    legend_colors: tuple[str, ...] = ()
    legend_range: tuple[str, ...] = ()


@dataclass(frozen=True, eq=False)
class PheatmapCall:
    """pheatmap's own arguments, as data, for the R backend and the R script.

    ``values`` is the matrix as given (rows x columns, NaN for NA); ``rownames``/``colnames``
    its dimnames; ``args`` the plain arguments (numbers, strings, logicals, vectors);
    ``trees`` the arguments that are hclust objects; ``dists`` those that are dist objects
    (condensed values); ``annotations`` data frames as column lists; ``kmeans_labels`` k-means
    clusters computed elsewhere (R then uses the centres of these clusters, as pheatmap does
    with its own kmeans result).
    """

    values: np.ndarray
    rownames: tuple[str, ...] | None
    colnames: tuple[str, ...] | None
    args: dict[str, Any] = field(default_factory=dict)
    trees: dict[str, HClust] = field(default_factory=dict)
    dists: dict[str, Any] = field(default_factory=dict)
    annotations: dict[str, Any] = field(default_factory=dict)
    kmeans_labels: np.ndarray | None = None
    kmeans_k: int | None = None
    seed: int | None = None


@dataclass(frozen=True, eq=False)
class PheatmapSpec:
    """A compiled pheatmap figure.

    Attributes
    ----------
    matrix : numpy.ndarray
        The values drawn (after scaling and k-means), rows and columns in drawn order.
    cell_colors : numpy.ndarray
        Hex colour of every drawn cell (same shape as ``matrix``).
    row_order, column_order : numpy.ndarray
        0-based indices into the input's rows (the k-means clusters with ``kmeans_k``) and
        columns, in drawn order (top to bottom, left to right).
    tree_row, tree_col : HClust or None
        pheatmap's ``$tree_row`` / ``$tree_col``.
    gaps_row, gaps_col : numpy.ndarray
        Gaps after that many rows/columns (pheatmap's numbers).
    row_labels, column_labels : tuple of str
        Labels in drawn order (empty when not shown).
    breaks, colors : numpy.ndarray, tuple of str
        The finite breaks of the colour scale and the colour of each interval (the legend).
    legend_at, legend_text : tuple
        Legend ticks (values) and their labels; empty without a legend.
    numbers : numpy.ndarray or None
        Text drawn in each cell (drawn order), or None.
    annotation_col, annotation_row : tuple of AnnotationTrack
    call : PheatmapCall
        pheatmap's arguments, for R.
    """

    matrix: np.ndarray
    cell_colors: np.ndarray
    row_order: np.ndarray
    column_order: np.ndarray
    tree_row: HClust | None
    tree_col: HClust | None
    gaps_row: np.ndarray
    gaps_col: np.ndarray
    row_labels: tuple[str, ...]
    column_labels: tuple[str, ...]
    breaks: np.ndarray
    colors: tuple[str, ...]
    legend: bool
    legend_at: tuple[float, ...]
    legend_text: tuple[str, ...]
    border_color: str | None
    na_col: str
    treeheight_row: float
    treeheight_col: float
    cellwidth: float | None
    cellheight: float | None
    fontsize: float
    fontsize_row: float
    fontsize_col: float
    fontsize_number: float
    angle_col: int
    numbers: np.ndarray | None
    number_color: str
    main: str | None
    annotation_col: tuple[AnnotationTrack, ...]
    annotation_row: tuple[AnnotationTrack, ...]
    annotation_legend: bool
    annotation_names_row: bool
    annotation_names_col: bool
    width: float | None
    height: float | None
    kmeans_sizes: np.ndarray | None
    call: PheatmapCall
