"""The result of ``pheatmap()``: pheatmap's ``$tree_row``/``$tree_col``, the drawn orders, the gaps
and the figure, saved like :class:`~pyr_heatmap.result.drawn.DrawnHeatmap`."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from pyr_heatmap.engine.hclust import HClust
from pyr_heatmap.errors import InputError
from pyr_heatmap.figure.pheatmap_spec import PheatmapSpec
from pyr_heatmap.result.drawn import DrawnHeatmap

__all__ = ["DrawnPheatmap"]


class DrawnPheatmap(DrawnHeatmap):
    """A drawn pheatmap (what ``pheatmap::pheatmap`` returns, plus the figure).

    Attributes
    ----------
    tree_row, tree_col : HClust or None
        R's ``$tree_row`` / ``$tree_col`` (merge, height, order, labels); None when that axis is
        not clustered (R's ``NA``).
    row_order, column_order : numpy.ndarray
        0-based indices of the drawn rows (top to bottom) and columns (left to right): the
        trees' ``order - 1``, or ``0..n-1`` when not clustered. With k-means the rows are the
        clusters (``kmeans`` gives each input row's cluster).
    row_labels, column_labels : list of str
        Labels in drawn order (as drawn: empty when ``show_rownames=False``).
    gaps_row, gaps_col : numpy.ndarray
        The gaps drawn, pheatmap's numbers (a gap after that many rows/columns).
    kmeans : numpy.ndarray or None
        The k-means cluster (1..k) of every input row, or None.
    figure : matplotlib.figure.Figure or None
        The native figure (None for the R backend, whose image is kept in ``image``).
    backend, reason, image, image_format, spec
        As for :class:`DrawnHeatmap`; ``spec`` is the compiled
        :class:`~pyr_heatmap.figure.pheatmap_spec.PheatmapSpec` (None when R ran k-means).
    """

    def __init__(self, spec: PheatmapSpec | None, backend: str, *, tree_row: HClust | None,
                 tree_col: HClust | None, row_order: np.ndarray, column_order: np.ndarray,
                 row_labels: list[str], column_labels: list[str], gaps_row: np.ndarray,
                 gaps_col: np.ndarray, kmeans: np.ndarray | None = None, figure: Any = None,
                 reason: str = "", image: bytes | None = None, image_format: str | None = None,
                 renderer: Callable[[str, float], bytes] | None = None) -> None:
        self.spec = spec  # type: ignore[assignment]
        self.backend = backend
        self.figure = figure
        self.reason = reason
        self.tree_row = tree_row
        self.tree_col = tree_col
        self.row_order = np.asarray(row_order, dtype=np.int64)
        self.column_order = np.asarray(column_order, dtype=np.int64)
        self.gaps_row = np.asarray(gaps_row, dtype=np.int64)
        self.gaps_col = np.asarray(gaps_col, dtype=np.int64)
        self.kmeans = None if kmeans is None else np.asarray(kmeans, dtype=np.int64)
        self.image = image
        self.image_format = image_format
        self._renderer = renderer
        self._verbs: dict[str, Callable[..., Any]] = {}  # set by pyr_heatmap.pheatmap
        self._row_labels = list(row_labels)
        self._column_labels = list(column_labels)

    @property
    def row_labels(self) -> list[str]:
        return list(self._row_labels)

    @property
    def column_labels(self) -> list[str]:
        return list(self._column_labels)

    def crosscheck(self) -> Any:
        """Run the same ``pheatmap()`` call in R and compare trees, orders, gaps and colours
        (needs R with pheatmap); see :func:`pyr_heatmap.pheatmap_crosscheck`."""
        return self._verb("crosscheck")()

    def to_r_script(self, path: Any, *, png: str | None = None) -> Any:
        """Write a standalone R script (and its CSV data) that draws this figure with
        ``pheatmap()``; returns the script's path. See :func:`pyr_heatmap.pheatmap_to_r_script`."""
        return self._verb("to_r_script")(path, png=png)

    def _verb(self, name: str) -> Callable[..., Any]:
        verbs = getattr(self, "_verbs", {})
        if name not in verbs:
            raise InputError(f"this result has no {name}(); draw it with pyr_heatmap.pheatmap")
        return verbs[name]

    def __repr__(self) -> str:
        return (f"DrawnPheatmap(backend={self.backend!r}, {self.row_order.size} rows x "
                f"{self.column_order.size} columns, gaps_row={self.gaps_row.tolist()}, "
                f"gaps_col={self.gaps_col.tolist()})")
