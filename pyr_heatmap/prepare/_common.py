"""Helpers shared by the readers and transforms: matrix coercion, long-double sums, previews."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from pyr_heatmap.errors import InputError

_SHOW = 5


_LD = np.longdouble


_DBL_MAX = np.finfo(np.float64).max


# --------------------------------------------------------------------------------------------
# small shared helpers
# --------------------------------------------------------------------------------------------
def _preview(items: Sequence[Any], n: int = _SHOW, *, quote: bool = True) -> str:
    """``'a', 'b', 'c' and 4 more`` -- the first few items of a list for a message."""
    shown = ", ".join(repr(x) if quote else str(x) for x in items[:n])
    rest = len(items) - n
    return f"{shown} and {rest} more" if rest > 0 else shown


def _is_real_dtype(dtype: Any) -> bool:
    api = pd.api.types
    if api.is_bool_dtype(dtype):
        return True
    return bool(api.is_numeric_dtype(dtype)) and not api.is_complex_dtype(dtype)


def is_anndata(obj: Any) -> bool:
    """True for an ``anndata.AnnData`` object, without importing anndata."""
    return any(c.__name__ == "AnnData" and c.__module__.split(".")[0] == "anndata"
               for c in type(obj).__mro__)


def anndata_hint(func: str) -> str:
    """The one-line fix for passing an AnnData where a genes x samples table is expected."""
    return (f"{func}: got an AnnData (cells x genes), but this needs a genes x samples table. "
            f"Aggregate the cells per group first: mat = aggregate(adata, by=\"region\") "
            f"(your obs column), then {func}(mat)")


def _as_matrix(data: Any, func: str) -> tuple[np.ndarray, pd.Index, pd.Index]:
    """A float64 copy of a genes x samples matrix, plus its row and column labels."""
    if is_anndata(data):
        raise InputError(anndata_hint(func))
    if isinstance(data, pd.DataFrame):
        bad = [c for c, dt in data.dtypes.items() if not _is_real_dtype(dt)]
        if bad:
            raise InputError(
                f"{func}: every column must be numeric (genes x samples); non-numeric columns: "
                f"{_preview(bad)}. If one of them holds the gene ids, make it the index "
                f"(df.set_index(column)); convert text numbers with df.apply(pd.to_numeric)"
            )
        values = np.array(data.to_numpy(dtype=np.float64, na_value=np.nan), dtype=np.float64)
        return values, data.index.copy(), data.columns.copy()
    if isinstance(data, pd.Series):
        raise InputError(
            f"{func}: expected a genes x samples matrix, got a Series; use series.to_frame()"
        )
    try:
        arr = np.asarray(data)
    except (TypeError, ValueError) as exc:
        raise InputError(
            f"{func}: the matrix cannot be read as a 2-D numeric array ({exc}); give a "
            f"DataFrame or a rectangular array of numbers"
        ) from exc
    if arr.ndim != 2:
        raise InputError(
            f"{func}: expected a 2-D genes x samples matrix, got an array of shape {arr.shape}"
        )
    if arr.dtype.kind not in "biuf":
        raise InputError(f"{func}: the matrix must be numeric, got dtype {arr.dtype}")
    values = np.array(arr, dtype=np.float64, copy=True)
    return values, pd.RangeIndex(arr.shape[0]), pd.RangeIndex(arr.shape[1])


def _ld_sum(values: np.ndarray, axis: int, skipna: bool) -> tuple[np.ndarray, np.ndarray]:
    """Sum along ``axis`` in long double, adding one value at a time in index order.

    This is the loop of R's ``rowSums``/``colSums``/``sum`` (numpy's own reductions may add
    pairwise, which rounds differently). Returns the long double sums and the number of values
    added (all of them unless ``skipna``).
    """
    moved = np.moveaxis(values, axis, 0)
    acc = np.zeros(moved.shape[1:], dtype=_LD)
    if not skipna:
        for k in range(moved.shape[0]):
            acc += moved[k]
        return acc, np.full(moved.shape[1:], moved.shape[0], dtype=np.int64)
    cnt = np.zeros(moved.shape[1:], dtype=np.int64)
    for k in range(moved.shape[0]):
        v = moved[k]
        ok = ~np.isnan(v)
        acc += np.where(ok, v, 0.0)  # adding +0 leaves a sum that starts at +0 unchanged
        cnt += ok
    return acc, cnt


def _ld_to_double(x: np.ndarray) -> np.ndarray:
    """Round long double to double as C's cast does (round to nearest)."""
    with np.errstate(over="ignore", invalid="ignore"):
        return np.asarray(x).astype(np.float64)
