"""The immutable description of a heatmap.2 / stats heatmap figure, drawn by both backends.

Everything a backend needs is decided here: the orders and trees (from
:mod:`pyr_heatmap.engine.heatmap2_order`), the scaled and clipped values, each cell's colour, the
key, the trace lines, labels and side colours, all in drawn positions. A backend never clusters.

Positions follow R's ``image()``: cell column ``j`` (0-based, left to right) is at x = ``j + 1``,
drawn row ``k`` (0-based, bottom to top) at y = ``k + 1``; ``row_bottom_up[k]`` is the matrix
row drawn there. Without ``revC`` this is ``rowInd``, so the first ordered row is at the BOTTOM.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from pyr_heatmap.engine.hclust import HClust
from pyr_heatmap.engine.heatmap2_order import Heatmap2Order

__all__ = ["Heatmap2Key", "Heatmap2Spec"]


@dataclass(frozen=True, eq=False)
class Heatmap2Key:
    """heatmap.2's colour key (``key = TRUE``).

    Attributes
    ----------
    z_breaks, z_colors
        The key's image: ``image(z = seq(min.raw, max.raw, by = ...), col, breaks = tmpbreaks)``
        drawn over [0, 1] as bands between the scaled ``tmpbreaks``.
    ticks, tick_labels
        x axis: ``pretty(breaks)`` scaled to [0, 1] and their labels.
    density_info : str
        ``"histogram"``, ``"density"`` or ``"none"``.
    curve_x, curve_y
        The histogram (a step line, ``type = "s"``) or the density curve in [0, 1] x [0, 0.95].
    yticks, ytick_labels
        The y axis of the histogram / density.
    counts : numpy.ndarray or None
        ``hist(carpet, breaks)$counts``.
    title, xlab, ylab : str
    vlines : tuple of float
        Dashed lines (``vline``/``hline`` of the trace) in [0, 1].
    """

    z_breaks: np.ndarray
    z_colors: tuple[str, ...]
    ticks: np.ndarray
    tick_labels: tuple[str, ...]
    density_info: str
    curve_x: np.ndarray | None
    curve_y: np.ndarray | None
    yticks: np.ndarray
    ytick_labels: tuple[str, ...]
    counts: np.ndarray | None
    title: str
    xlab: str
    ylab: str
    vlines: tuple[float, ...]
    color: str


@dataclass(frozen=True, eq=False)
class Heatmap2Spec:
    """One heatmap.2 (``style="heatmap.2"``) or stats heatmap (``style="heatmap"``) figure."""

    style: str
    matrix: np.ndarray                      # x as given (nr x nc)
    order: Heatmap2Order
    row_labels: tuple[str, ...]             # labels of the matrix rows (original order)
    col_labels: tuple[str, ...]
    values: np.ndarray                      # x[rowInd, colInd], scaled (clipped: heatmap.2)
    codes: np.ndarray                       # colour index of each cell of `values`, -1 = none
    colors: tuple[str, ...]                 # the palette as hex
    col: tuple[str, ...]                    # the palette as R returns it
    breaks: np.ndarray | None               # heatmap.2's breaks (stats: None)
    row_bottom_up: np.ndarray               # matrix row drawn at y = 1, 2, ... (0-based)
    row_tree: HClust | None                 # row dendrogram as drawn (after revC), if drawn
    col_tree: HClust | None                 # column dendrogram as drawn, if drawn
    trace: str = "none"
    tracecol: str = "cyan"
    linecol: str = "cyan"
    hline: float | None = None
    vline: float | None = None
    cellnote: np.ndarray | None = None      # strings, in the layout of `values`
    notecol: str = "cyan"
    notecex: float = 1.0
    na_color: str = "white"
    row_side_colors: tuple[str, ...] | None = None   # in drawn (bottom-up) order
    col_side_colors: tuple[str, ...] | None = None   # in drawn (left-right) order
    margins: tuple[float, float] = (5.0, 5.0)
    main: str | None = None
    xlab: str | None = None
    ylab: str | None = None
    cex_row: float = 1.0
    cex_col: float = 1.0
    key: Heatmap2Key | None = None
    keysize: float = 1.5
    width: float = 7.0
    height: float = 7.0
    r_args: dict[str, Any] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        for a in (self.matrix, self.values, self.codes, self.row_bottom_up):
            a.flags.writeable = False

    @property
    def rowInd(self) -> np.ndarray:
        """0-based ``rowInd`` (R's value minus 1)."""
        return self.order.row.ind.copy()

    @property
    def colInd(self) -> np.ndarray:
        """0-based ``colInd`` (R's value minus 1)."""
        return self.order.column.ind.copy()

    @property
    def drawn_row_labels(self) -> list[str]:
        """Row labels bottom to top."""
        return [self.row_labels[i] for i in self.row_bottom_up]

    @property
    def drawn_col_labels(self) -> list[str]:
        """Column labels left to right."""
        return [self.col_labels[i] for i in self.order.column.ind]
