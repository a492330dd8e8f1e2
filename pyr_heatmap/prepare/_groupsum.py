"""Per-group long double sums of a cells x genes matrix, fed chunk by chunk (R's rowSums loop).

``GroupSums`` keeps one long double accumulator per (gene, group), exactly the accumulator R's
``rowSums``/``rowMeans`` keep for each row of the dense genes x cells matrix of one group, and adds
the cells of each group in cell order however the matrix arrives: a dense block of cells, a CSR
block of cells, or a CSC block of genes. Zeros of a sparse matrix are not added, which changes
nothing (a sum that starts at +0 stays unchanged by +0). The finishing step divides in long
double and rounds once, as R does (:func:`pyr_heatmap.prepare._common._ld_to_double`).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from pyr_heatmap.prepare import _rsum
from pyr_heatmap.prepare._common import _LD, _ld_to_double

__all__ = ["GroupSums"]


def _i64(a: Any) -> np.ndarray:
    return np.ascontiguousarray(a, dtype=np.int64)


def _f64(a: Any) -> np.ndarray:
    return np.ascontiguousarray(a, dtype=np.float64)


class GroupSums:
    """Long double sums per (gene slot, group) over cells, plus NaN and non-zero counts.

    Parameters
    ----------
    cell_group : array of int
        The group code (0..n_groups-1) of every cell; -1 leaves the cell out.
    gene_slot : array of int
        For every gene (column of the cells x genes matrix), its output row, or -1 to skip it.
    n_groups, n_slots : int
        Output shape (slots x groups).
    skipna : bool
        R's ``na.rm``: leave NaN out of the sums (they are counted either way).
    """

    def __init__(self, cell_group: np.ndarray, gene_slot: np.ndarray, n_groups: int,
                 n_slots: int, skipna: bool) -> None:
        self.cell_group = _i64(cell_group)
        self.gene_slot = _i64(gene_slot)
        self.n_groups = int(n_groups)
        self.n_slots = int(n_slots)
        self.skipna = bool(skipna)
        self.acc = np.zeros((self.n_slots, self.n_groups), dtype=_LD)
        self.nan_cnt = np.zeros((self.n_slots, self.n_groups), dtype=np.int64)
        self.nnz_cnt = np.zeros(self.n_slots, dtype=np.int64)

    # ---------------------------------------------------------------- adding chunks
    def add_dense(self, block: Any, cell_offset: int) -> None:
        """Add a dense block of cells ``cell_offset ..`` x all genes."""
        x = _f64(block)
        _rsum.dense(x, x.shape[0], x.shape[1], self.cell_group, self.cell_group.size,
                    self.gene_slot, self.n_groups, self.n_slots, self.acc, self.nan_cnt,
                    self.nnz_cnt, int(cell_offset), self.skipna)

    def add_csr(self, block: Any, cell_offset: int) -> None:
        """Add a CSR block (rows = cells ``cell_offset ..``, columns = all genes)."""
        m = _canonical(block)
        _rsum.sparse(_i64(m.indptr), _i64(m.indices), _f64(m.data), m.shape[0], True,
                     self.cell_group, self.cell_group.size, self.gene_slot,
                     self.gene_slot.size, self.n_groups, self.n_slots, self.acc, self.nan_cnt,
                     self.nnz_cnt, int(cell_offset), 0, self.skipna)

    def add_csc(self, block: Any, gene_offset: int) -> None:
        """Add a CSC block (rows = all cells, columns = genes ``gene_offset ..``)."""
        m = _canonical(block)
        _rsum.sparse(_i64(m.indptr), _i64(m.indices), _f64(m.data), m.shape[1], False,
                     self.cell_group, self.cell_group.size, self.gene_slot,
                     self.gene_slot.size, self.n_groups, self.n_slots, self.acc, self.nan_cnt,
                     self.nnz_cnt, 0, int(gene_offset), self.skipna)

    # ---------------------------------------------------------------- finishing
    def group_sizes(self) -> np.ndarray:
        """Number of cells in every group."""
        codes = self.cell_group[self.cell_group >= 0]
        return np.bincount(codes, minlength=self.n_groups).astype(np.int64)

    def result(self, how: str) -> np.ndarray:
        """slots x groups doubles: R's ``rowSums`` (how="sum") or ``rowMeans`` (how="mean")."""
        if how == "sum":
            return _ld_to_double(self.acc)
        cnt = np.broadcast_to(self.group_sizes(), self.acc.shape)
        if self.skipna:
            cnt = cnt - self.nan_cnt
        with np.errstate(invalid="ignore", divide="ignore"):
            return _ld_to_double(self.acc / cnt.astype(_LD))


def _canonical(m: Any) -> Any:
    """The matrix with sorted indices and no duplicate entries (a copy when it is not)."""
    if getattr(m, "has_canonical_format", True):
        return m
    m = m.copy()
    m.sum_duplicates()  # what toarray() does with duplicates: added in double
    return m
