"""The result of ``heatmap_2()`` (gplots' heatmap.2) and ``heatmap()`` (stats heatmap).

R's values are kept under R's names, with one change: indices are 0-based. R's ``rowInd`` is
1-based and lists the rows from the BOTTOM of the figure up (``image()`` draws the first row at
the bottom), so ``res.rowInd + 1`` equals R's ``res$rowInd``, and ``res.row_order`` (top to
bottom, as ComplexHeatmap's ``row_order``) is ``rowInd`` reversed (unless ``revC``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import numpy as np
import pandas as pd

from pyr_heatmap.engine.hclust import HClust
from pyr_heatmap.errors import InputError
from pyr_heatmap.figure.heatmap2_spec import Heatmap2Spec
from pyr_heatmap.result.drawn import DrawnHeatmap

__all__ = ["Heatmap2Result"]


class Heatmap2Result(DrawnHeatmap):
    """A drawn heatmap.2 or stats heatmap.

    Attributes
    ----------
    rowInd, colInd : numpy.ndarray
        0-based (R's ``rowInd - 1``, ``colInd - 1``). ``rowInd[0]`` is the row drawn at the
        bottom (at the top with ``revC``); ``colInd[0]`` the leftmost column.
    row_order, column_order : numpy.ndarray
        The rows top to bottom and the columns left to right (0-based), as in
        :class:`~pyr_heatmap.DrawnHeatmap`.
    rowDendrogram, colDendrogram : HClust or None
        heatmap.2: the dendrograms R returns (after ``reorderfun``; the row one reversed when
        ``revC``); None for an axis without a tree. ``tree.order`` is R's
        ``order.dendrogram(res$rowDendrogram) - 1``.
    Rowv, Colv : HClust or None
        stats heatmap: R's ``keep.dendro = TRUE`` values (the row one reversed when ``revC``).
    breaks, col : numpy.ndarray, list of str
        heatmap.2's breaks and colours (hex strings for palette names, as R returns them).
    carpet : numpy.ndarray
        heatmap.2's ``carpet``: ``t(x)`` reordered, scaled and clipped to the breaks (columns x
        rows, rows bottom to top).
    colorTable : pandas.DataFrame
        heatmap.2's ``low``, ``high``, ``color``.
    figure, backend, reason, spec, image, image_format
        As in :class:`~pyr_heatmap.DrawnHeatmap`.
    """

    def __init__(self, spec: Heatmap2Spec, backend: str, figure: Any = None, reason: str = "",
                 *, image: bytes | None = None, image_format: str | None = None,
                 renderer: Callable[[str, float], bytes] | None = None,
                 verbs: Mapping[str, Callable[..., Any]] | None = None) -> None:
        self.spec = spec  # type: ignore[assignment]
        self.backend = backend
        self.figure = figure
        self.reason = reason
        self.image = image
        self.image_format = image_format
        self._renderer = renderer
        self._verbs = dict(verbs or {})
        self._row_labels = spec.drawn_row_labels[::-1]
        self._column_labels = spec.drawn_col_labels
        self.row_order = spec.row_bottom_up[::-1].copy()
        self.column_order = spec.order.column.ind.copy()
        self.rowInd = spec.order.row.ind.copy()
        self.colInd = spec.order.column.ind.copy()
        h2 = spec.style == "heatmap.2"
        row_tree = spec.order.row.tree
        if row_tree is not None and spec.order.revC:
            from pyr_heatmap.engine.heatmap2_order import reverse_tree

            row_tree = reverse_tree(row_tree)
        if h2:
            self.rowDendrogram: HClust | None = row_tree
            self.colDendrogram: HClust | None = spec.order.column.tree
            self.breaks = None if spec.breaks is None else spec.breaks.copy()
            self.col = list(spec.col)
            self.carpet = np.ascontiguousarray(np.asarray(spec.values).T)
            b = spec.breaks
            self.colorTable = pd.DataFrame(
                {"low": b[:-1], "high": b[1:], "color": list(spec.col)})
        else:
            self.Rowv: HClust | None = row_tree if spec.order.row.dendrogram else None
            self.Colv: HClust | None = (spec.order.column.tree
                                        if spec.order.column.dendrogram else None)

    def __repr__(self) -> str:
        nr, nc = self.spec.matrix.shape
        name = "heatmap.2" if self.spec.style == "heatmap.2" else "heatmap"
        return f"Heatmap2Result({name}, backend={self.backend!r}, {nr} rows x {nc} columns)"

    def crosscheck(self, **options: Any) -> Any:
        """Compare this result's orders, trees, breaks and colours with R's, computed by R from
        the same arguments (needs R with gplots); returns a report with ``identical`` and a
        readable ``str()``."""
        return self._verb("crosscheck")(**options)

    def to_r_script(self, path: Any, **options: Any) -> Any:
        """Write a standalone R script (and its CSV data) that draws this figure with gplots /
        stats in R; returns the written paths."""
        return self._verb("to_r_script")(path, **options)

    def _verb(self, name: str) -> Callable[..., Any]:
        if name not in self._verbs:
            raise InputError(f"this result has no {name}(); draw it with pyr_heatmap.heatmap_2 "
                             "or pyr_heatmap.heatmap")
        return self._verbs[name]
