"""R's arithmetic the orders depend on: rowMeans/colMeans in long double, order() NA last."""

from __future__ import annotations

import numpy as np


# --------------------------------------------------------------------------------------------
# R's arithmetic: rowMeans / colMeans accumulate in long double, sequentially
# --------------------------------------------------------------------------------------------
def _r_row_means(x: np.ndarray) -> np.ndarray:
    """R's ``rowMeans(x, na.rm = TRUE)``: per row, columns added left to right in long double."""
    n, p = x.shape
    acc = np.zeros(n, dtype=np.longdouble)
    cnt = np.zeros(n, dtype=np.int64)
    for j in range(p):
        col = x[:, j]
        ok = ~np.isnan(col)
        acc[ok] += col[ok].astype(np.longdouble)
        cnt += ok
    with np.errstate(invalid="ignore", divide="ignore"):
        return (acc / cnt.astype(np.longdouble)).astype(np.float64)


def _r_col_means(x: np.ndarray) -> np.ndarray:
    """R's ``colMeans(x, na.rm = TRUE)``: per column, rows added top to bottom in long double."""
    return _r_row_means(np.ascontiguousarray(x.T))


def _order_nan_last(w: np.ndarray) -> np.ndarray:
    """R's ``order(w)``: stable, ascending, NA/NaN last."""
    return np.lexsort((np.where(np.isnan(w), 0.0, w), np.isnan(w)))
