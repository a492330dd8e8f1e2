"""The row and column order of ComplexHeatmap's ``Heatmap()``, computed without R.

R equivalent::

    ht <- draw(Heatmap(mat, cluster_rows = , clustering_distance_rows = , row_split = , ...))
    row_order(ht); column_order(ht)          # 1-based; a list when split

:func:`heatmap_order` returns the same orders (0-based), slice by slice, together with the trees
ComplexHeatmap draws, for ComplexHeatmap 2.14.0 on R 4.2.2. Clustering uses pyr_heatmap's
R-identical ``dist``/``hclust``; reordering, cutting and the slice logic follow ComplexHeatmap's
``make_cluster()``, including its quirks (documented on :func:`heatmap_order`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from pyr_heatmap.engine.axis import AxisOrder, _axis_order, _AxisArgs
from pyr_heatmap.engine.hclust import HClust
from pyr_heatmap.errors import InputError

__all__ = ["AxisOrder", "HeatmapOrder", "heatmap_order"]


@dataclass(frozen=True, eq=False)
class HeatmapOrder:
    """Row and column orders of a heatmap, as ``row_order(draw(ht))`` / ``column_order(...)``.

    Attributes
    ----------
    rows : AxisOrder
    columns : AxisOrder
    """

    rows: AxisOrder
    columns: AxisOrder

    @property
    def row_order(self) -> np.ndarray:
        """0-based row indices, top to bottom."""
        return self.rows.order

    @property
    def column_order(self) -> np.ndarray:
        """0-based column indices, left to right."""
        return self.columns.order

    @property
    def row_slices(self) -> dict[str, np.ndarray]:
        """Row slices in drawn order (R's ``row_order(ht)`` list, 0-based)."""
        return self.rows.slices

    @property
    def column_slices(self) -> dict[str, np.ndarray]:
        """Column slices in drawn order (R's ``column_order(ht)`` list, 0-based)."""
        return self.columns.slices


# --------------------------------------------------------------------------------------------
# public
# --------------------------------------------------------------------------------------------
def _as_matrix(matrix: object) -> tuple[np.ndarray, tuple[str, ...] | None, tuple[str, ...] | None]:
    if isinstance(matrix, pd.DataFrame):
        api = pd.api.types
        # by position: with duplicated column names matrix[c] would be a DataFrame
        bad = [c for c, dt in matrix.dtypes.items() if not (
            api.is_bool_dtype(dt) or (api.is_numeric_dtype(dt) and not api.is_complex_dtype(dt)))]
        if bad:
            raise InputError(
                f"the matrix has non-numeric columns {bad[:5]!r}; convert them to numbers or "
                "drop them"
            )
        arr = matrix.to_numpy(dtype=np.float64, na_value=np.nan, copy=True)
        rows = tuple(str(v) for v in matrix.index)
        cols = tuple(str(v) for v in matrix.columns)
    else:
        try:
            arr = np.array(matrix, copy=True)
        except (TypeError, ValueError) as exc:
            raise InputError(f"the matrix cannot be read as a 2-D array: {exc}") from exc
        if arr.dtype.kind not in "biuf":
            raise InputError(f"the matrix must be numeric, got dtype {arr.dtype}")
        arr = arr.astype(np.float64)
        rows = cols = None
    if arr.ndim != 2:
        raise InputError(f"the matrix must be 2-D, got {arr.ndim} dimension(s)")
    if arr.shape[0] == 0 or arr.shape[1] == 0:
        raise InputError(f"the matrix is empty (shape {arr.shape}); nothing to order")
    return np.ascontiguousarray(arr), rows, cols


def heatmap_order(
    matrix: object,
    *,
    cluster_rows: bool | HClust | Callable[[np.ndarray], HClust] = True,
    cluster_columns: bool | HClust | Callable[[np.ndarray], HClust] = True,
    clustering_distance_rows: str | Callable[..., Any] = "euclidean",
    clustering_distance_columns: str | Callable[..., Any] = "euclidean",
    clustering_method_rows: str = "complete",
    clustering_method_columns: str = "complete",
    row_dend_reorder: bool | object | None = None,
    column_dend_reorder: bool | object | None = None,
    row_split: object = None,
    column_split: object = None,
    cluster_row_slices: bool = True,
    cluster_column_slices: bool = True,
    row_km: int | object = 1,
    column_km: int | object = 1,
    row_km_repeats: int = 1,
    column_km_repeats: int = 1,
    seed: int | None = None,
) -> HeatmapOrder:
    """Row and column order of ``draw(Heatmap(matrix, ...))`` in ComplexHeatmap 2.14.0.

    Parameters
    ----------
    matrix : array-like or pandas.DataFrame
        The numeric matrix drawn (rows x columns); NaN for missing values. Never modified.
    cluster_rows, cluster_columns : bool, HClust or callable
        ``True`` clusters with ``clustering_distance_*`` and ``clustering_method_*``. An
        :class:`~pyr_heatmap.engine.hclust.HClust` is used as given (leaf ``j`` = row ``j``) and, by
        default, not reordered. A callable receives the (sub-)matrix as a numpy array, objects
        in rows (columns are passed transposed), and returns an HClust; it is applied per slice.
    clustering_distance_rows, clustering_distance_columns : str or callable
        ``"euclidean"``, ``"maximum"``, ``"manhattan"``, ``"canberra"``, ``"binary"``,
        ``"minkowski"``, ``"pearson"``, ``"spearman"`` or ``"kendall"`` (exact names, as
        ComplexHeatmap requires), or a function: with one parameter it receives the matrix and
        returns a :class:`~pyr_heatmap.engine.dist.Dist`, a condensed vector or a square matrix;
        with two parameters it receives two rows and returns their distance.
    clustering_method_rows, clustering_method_columns : str
        Any of R's ``hclust`` methods.
    row_dend_reorder, column_dend_reorder : bool, array-like or None
        ``None`` is ComplexHeatmap's default: ``True`` when ``cluster_*`` is a bool or a
        function, ``False`` for a given tree. ``True`` reorders each dendrogram by
        ``-rowMeans(m, na.rm = TRUE)`` (``-colMeans`` for columns) with ``agglo.FUN = mean``, so
        branches with larger means come first (top/left). A numeric vector (one weight per
        row/column) is used as given, not negated.
    row_split, column_split : None, int, vector or DataFrame
        A vector (list, array, Series, Categorical) splits by its values: a Categorical keeps its
        category order (unused categories dropped); numbers are ordered numerically and named
        as R prints them; strings are ordered as R sorts them (R's ICU collator, from the same
        ICU library, for any Unicode text: ``"a" < "A" < "b"``, ``"o" < "ø" < "p"``; only
        without a loadable ICU library is the order exact just for ASCII and accented Latin);
        ``True``/``False`` as ``"FALSE" < "TRUE"``. Missing labels form a last slice ``"NA"``.
        A DataFrame splits by the combination of its columns: slices are named by pasting the
        levels with ``","`` and ordered by the first column's levels, then the second's, etc.;
        only combinations that occur become slices. An integer ``k`` (with ``cluster_* = True``
        or a tree) cuts one tree of all rows into ``k`` slices named ``"1"`` .. ``"k"``.
    cluster_row_slices, cluster_column_slices : bool
        Order the slices of a vector/DataFrame split by clustering the slice means (see Notes).
    row_km, column_km : int or vector
        Split by k-means as ComplexHeatmap's ``row_km``. A vector of cluster labels (one per
        row/column, e.g. R's ``kmeans(m, k)$cluster``) is the reproducible path: everything
        after R's k-means is replicated exactly. A number ``k > 1`` runs a simple k-means here
        (Lloyd's algorithm, best of ``*_km_repeats`` starts, seeded by ``seed``) whose clusters
        need not be R's, because R's ``kmeans`` depends on R's random numbers.
    row_km_repeats, column_km_repeats : int
        Starts of the local k-means (R: consensus of repeated k-means).
    seed : int, optional
        Seed of the local k-means.

    Returns
    -------
    HeatmapOrder
        ``.row_order`` / ``.column_order`` are R's ``row_order(ht)`` / ``column_order(ht)``
        flattened, 0-based; ``.rows`` / ``.columns`` hold slices, trees and labels
        (:class:`AxisOrder`).

    Raises
    ------
    InputError
        Unknown distance or method (with the closest valid name), split or weights of the wrong
        length, ``*_split = k`` with ``k < 2`` or ``k`` above the number of rows/columns, a
        vector split with a given tree, k-means together with a tree.

    Notes
    -----
    R equivalent: ``row_order(draw(Heatmap(m, ...)))`` and ``column_order(...)``.

    What ComplexHeatmap 2.14.0 does, reproduced here:

    - Without a split, the tree of all rows is reordered (``reorder.dendrogram``, weights above,
      ``agglo.FUN = mean``: a node's value is the mean of its two children's values); the drawn
      order is therefore usually not ``hclust``'s order.
    - With a vector/DataFrame split, each slice is clustered on its own rows and reordered with
      the weights of its rows. With ``cluster_row_slices = True`` and more than one slice, the
      slices are ordered by a complete-linkage euclidean ``hclust`` of the slice column means,
      reordered with weights read column-major from the (columns x slices) matrix of slice means
      -- so slice ``j`` is weighted by the mean of column ``j`` within the first slice, not by
      its own mean (ComplexHeatmap's behaviour, kept for identical results). With
      ``cluster_rows = False`` rows keep their original order inside each slice, and the slices
      stay in level order.
    - With ``row_split = k``, one tree of all rows is cut with ``cut.dendrogram`` at the midpoint
      of the ``(k-1)``-th and ``k``-th largest merge heights (tied heights give fewer slices),
      and each branch is reordered with the weights ``w[sort(idx)]`` looked up by the branches'
      global leaf numbers (another ComplexHeatmap quirk; leaf numbers beyond the branch size get
      NA and are placed last). The slices are not reordered.
    - ``row_km``: clusters are numbered ``"1"`` .. ``"k"`` by the reordered hclust of their
      column means (weights: the clusters' overall means, or the mean of a numeric
      ``row_dend_reorder`` within each cluster); the k-means factor becomes the first split
      column, so the vector/DataFrame logic above then applies.
    - A one-row matrix is not clustered on rows (likewise a one-column matrix on columns) unless
      a tree is given.

    - ``row_split = k`` larger than the number of rows cuts at height 0: every row (every group
      of identical rows) becomes a slice, as in R. ``clustering_method_rows = "ward"`` is
      ``"ward.D"`` (R's hclust says so in a message; here a ``UserWarning``).

    Differences: the local k-means is not R's.
    """
    arr, row_labels, col_labels = _as_matrix(matrix)
    rng = np.random.default_rng(seed)
    rows = _axis_order(
        arr,
        row_labels,
        _AxisArgs(
            cluster_rows,
            clustering_distance_rows,
            clustering_method_rows,
            row_dend_reorder,
            row_split,
            bool(cluster_row_slices),
            row_km,
            row_km_repeats,
        ),
        "row",
        rng,
    )
    columns = _axis_order(
        np.ascontiguousarray(arr.T),
        col_labels,
        _AxisArgs(
            cluster_columns,
            clustering_distance_columns,
            clustering_method_columns,
            column_dend_reorder,
            column_split,
            bool(cluster_column_slices),
            column_km,
            column_km_repeats,
        ),
        "column",
        rng,
    )
    return HeatmapOrder(rows, columns)
