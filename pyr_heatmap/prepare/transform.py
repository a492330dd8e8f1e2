"""``log2(x + 1)`` and ``t(scale(t(x)))`` with R's arithmetic (the prepare stage's transforms).

The whole prepare stage (this module, :mod:`.matrix`, :mod:`.aggregate`) follows these rules.
Every function takes a genes x samples matrix (a :class:`pandas.DataFrame`, or a 2-D numeric
array whose rows and columns are then labelled 0, 1, ...) and returns a new DataFrame with the
gene (row) and sample (column) labels kept. The input is never modified.

The arithmetic repeats R 4.2's operations in R's order, so the results are bit-identical to R on
the same machine:

* sums and means accumulate in ``long double`` one value at a time, in column order, as R's
  ``rowMeans``/``colMeans``/``rowSums``/``sum``/``mean`` do (``numpy.longdouble`` is the C
  ``long double`` of the platform, the type R uses);
* ``log2`` is the C library's ``log2`` (the function R calls), not numpy's vectorised one, which
  differs from it in the last bit for a small share of inputs;
* numbers in text files are converted the way R's ``read.csv`` converts them (``R_strtod``: digits
  accumulated and scaled by powers of ten in ``long double``), which for about one decimal string
  in 10 000 differs from Python's correctly rounded ``float()`` by one unit in the last place.

R equivalent::

    mat      <- as.matrix(read.csv(file, row.names = 1, check.names = FALSE))
    mat      <- sapply(split(seq_len(ncol(mat)), groups),
                       function(i) rowMeans(mat[, i, drop = FALSE]))
    mat_log2 <- log2(mat + 1)
    mat_Z    <- t(scale(t(mat_log2)))
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Hashable
from typing import Any, Literal

import numpy as np
import pandas as pd

from pyr_heatmap._names import match_name
from pyr_heatmap.errors import InputError
from pyr_heatmap.prepare._common import _DBL_MAX, _LD, _as_matrix, _ld_sum, _ld_to_double, _preview

__all__ = ["DROPPED_ATTR", "log2p", "scale_columns", "scale_rows"]

#: Key of ``DataFrame.attrs`` under which :func:`scale_rows` / :func:`scale_columns` list the
#: labels they dropped.
DROPPED_ATTR = "pyr_heatmap_dropped"

ZeroVariance = Literal["drop", "keep", "zero"]
_ZERO_VARIANCE = ("drop", "keep", "zero")



# --------------------------------------------------------------------------------------------
# log2p
# --------------------------------------------------------------------------------------------
_LIBM_LOG2 = np.frompyfunc(math.log2, 1, 1)  # math.log2 calls the C library's log2, as R does


def log2p(df: pd.DataFrame | np.ndarray, pseudocount: float = 1.0) -> pd.DataFrame:
    """``log2(x + pseudocount)``, bit-identical to R's ``log2(x + 1)``.

    Parameters
    ----------
    df : pandas.DataFrame or 2-D array
        Genes x samples, non-negative expression values (RPKM, TPM, counts).
    pseudocount : float, default 1.0
        Added before the logarithm; must be finite and > 0.

    Returns
    -------
    pandas.DataFrame
        Same labels as ``df``. NaN stays NaN (R: ``NA`` stays ``NA``); ``Inf`` gives ``Inf``.

    Raises
    ------
    InputError
        When ``x + pseudocount <= 0`` for some value (R would give ``-Inf`` or ``NaN``): the
        message names the first such gene and sample (row by row) and how many values are
        affected. Also for a bad ``pseudocount`` or a non-numeric matrix.

    Notes
    -----
    The addition is one double addition, like R's; the logarithm is the C library's ``log2``,
    the function R calls. (numpy's vectorised ``log2`` differs from it in the last bit for a
    small share of inputs on CPUs with AVX-512.)

    R equivalent: ``log2(x + 1)``.
    """
    values, index, columns = _as_matrix(df, "log2p")
    if (
        isinstance(pseudocount, (bool, np.bool_))
        or not isinstance(pseudocount, (int, float, np.integer, np.floating))
        or not math.isfinite(float(pseudocount))
        or float(pseudocount) <= 0
    ):
        raise InputError(
            f"log2p: pseudocount must be a finite number > 0 (R's log2(x + 1) uses 1), "
            f"got {pseudocount!r}"
        )
    shifted = values + float(pseudocount)
    bad = shifted <= 0  # NaN compares False and stays NaN
    if bad.any():
        i, j = (int(v) for v in np.argwhere(bad)[0])
        count = int(bad.sum())
        raise InputError(
            f"log2p: {count} value(s) give x + {pseudocount} <= 0, whose log2 is -Inf or NaN; "
            f"the first is gene {index[i]!r}, sample {columns[j]!r} "
            f"(x = {float(values[i, j])!r}). "
            f"log2p expects non-negative expression values: check for negative or already "
            f"log-transformed data"
        )
    out = shifted.copy()
    ok = ~np.isnan(shifted)
    if ok.any():
        out[ok] = _LIBM_LOG2(shifted[ok]).astype(np.float64)
    return pd.DataFrame(out, index=index, columns=columns)


# --------------------------------------------------------------------------------------------
# scale_rows / scale_columns
# --------------------------------------------------------------------------------------------
def _r_scale(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """R's ``scale(x)`` (columns), step by step; also returns each column's scale."""
    total, cnt = _ld_sum(x, axis=0, skipna=True)
    with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
        center = _ld_to_double(total / cnt.astype(_LD))  # colMeans(x, na.rm = TRUE)
        centred = x - center  # sweep(x, 2, center)
        squares, n_ok = _ld_sum(centred * centred, axis=0, skipna=True)  # sum(v^2): v^2 = v * v
        ss = np.where(squares > _DBL_MAX, np.inf, _ld_to_double(squares))
        scale = np.sqrt(ss / np.maximum(1.0, (n_ok - 1).astype(np.float64)))
        return centred / scale, scale


def _check_policy(zero_variance: Any, func: str) -> str:
    return match_name(zero_variance, _ZERO_VARIANCE, f"{func} zero_variance", partial=False)


def _check_finite(values: np.ndarray, index: pd.Index, columns: pd.Index, func: str) -> None:
    inf = np.isinf(values)
    if inf.any():
        i, j = (int(v) for v in np.argwhere(inf)[0])
        raise InputError(
            f"{func}: {int(inf.sum())} infinite value(s); the first is gene {index[i]!r}, sample "
            f"{columns[j]!r} ({float(values[i, j])!r}). Z-scores of a vector with an infinite "
            f"value are undefined (R's scale() returns NaN and 0 for it). Replace infinite values; "
            f"for log-transformed data with zeros use log2p(), which adds a pseudocount"
        )


def _apply_policy(z: np.ndarray, x: np.ndarray, degenerate: np.ndarray, policy: str) -> np.ndarray:
    if policy == "zero" and degenerate.any():
        z = z.copy()
        z[:, degenerate] = np.where(np.isnan(x[:, degenerate]), np.nan, 0.0)
    return z


def _warn_dropped(func: str, what: str, labels: list[Hashable]) -> None:
    warnings.warn(
        f"{func}: dropped {len(labels)} {what}(s) with zero variance or fewer than two non-NA "
        f"values (R's scale() makes them all NaN): {_preview(labels)}. Pass "
        f"zero_variance='keep' for R's NaN {what}s or 'zero' to set them to 0",
        UserWarning,
        stacklevel=3,
    )


def scale_rows(
    df: pd.DataFrame | np.ndarray, *, zero_variance: ZeroVariance = "drop"
) -> pd.DataFrame:
    """Row z-scores exactly as R's ``t(scale(t(x)))``.

    Each row is centred on the mean of its non-NA values and divided by
    ``sqrt(sum(v^2) / max(1, n - 1))`` over its n non-NA centred values v (the sample
    standard deviation). NaN stays NaN.

    Parameters
    ----------
    df : pandas.DataFrame or 2-D array
        Genes x samples, finite values or NaN.
    zero_variance : {"drop", "keep", "zero"}, default "drop"
        What to do with a row whose scale is 0 (all non-NA values equal, a single non-NA value,
        or no value at all), which R turns into all NaN. ``"drop"``: remove those rows and
        emit a ``UserWarning`` naming the first few and their count; ``"keep"``: keep R's NaN
        rows; ``"zero"``: set the row's non-NA values to 0.

    Returns
    -------
    pandas.DataFrame
        Same labels as ``df`` (minus dropped rows). ``result.attrs["pyr_heatmap_dropped"]``
        (:data:`DROPPED_ATTR`) is the list of dropped row labels (empty when none was dropped
        or the policy is not "drop").

    Raises
    ------
    InputError
        An infinite value (R would return NaN/0 for its row), an unknown ``zero_variance``,
        or a non-numeric matrix.

    Notes
    -----
    The arithmetic is R 4.2.2's ``scale.default`` on the transpose: the centre is
    ``colMeans(na.rm = TRUE)`` (long double sum over the row, in column order, divided by the
    count in long double, rounded once); the squares are double products summed in long
    double; the rest is double arithmetic. Results are bit-identical to R.

    R equivalent: ``t(scale(t(x)))``.
    """
    policy = _check_policy(zero_variance, "scale_rows")
    values, index, columns = _as_matrix(df, "scale_rows")
    _check_finite(values, index, columns, "scale_rows")
    zt, scale = _r_scale(values.T)
    degenerate = scale == 0
    z = _apply_policy(zt, values.T, degenerate, policy).T
    dropped: list[Hashable] = []
    if policy == "drop" and degenerate.any():
        dropped = list(index[degenerate])
        _warn_dropped("scale_rows", "row", dropped)
        z, index = z[~degenerate], index[~degenerate]
    out = pd.DataFrame(np.ascontiguousarray(z), index=index, columns=columns)
    out.attrs[DROPPED_ATTR] = dropped
    return out


def scale_columns(
    df: pd.DataFrame | np.ndarray, *, zero_variance: ZeroVariance = "drop"
) -> pd.DataFrame:
    """Column z-scores exactly as R's ``scale(x)``.

    Each column is centred on the mean of its non-NA values and divided by
    ``sqrt(sum(v^2) / max(1, n - 1))`` over its n non-NA centred values v. NaN stays NaN.

    Parameters
    ----------
    df : pandas.DataFrame or 2-D array
        Genes x samples, finite values or NaN.
    zero_variance : {"drop", "keep", "zero"}, default "drop"
        What to do with a column whose scale is 0 (R makes it all NaN): ``"drop"`` removes it
        with a ``UserWarning`` naming the first few and their count, ``"keep"`` keeps R's NaN
        column, ``"zero"`` sets its non-NA values to 0.

    Returns
    -------
    pandas.DataFrame
        Same labels as ``df`` (minus dropped columns). ``result.attrs["pyr_heatmap_dropped"]``
        (:data:`DROPPED_ATTR`) is the list of dropped column labels.

    Raises
    ------
    InputError
        An infinite value, an unknown ``zero_variance``, or a non-numeric matrix.

    Notes
    -----
    Same arithmetic as :func:`scale_rows`, per column (sums run down the rows in row order).

    R equivalent: ``scale(x)``.
    """
    policy = _check_policy(zero_variance, "scale_columns")
    values, index, columns = _as_matrix(df, "scale_columns")
    _check_finite(values, index, columns, "scale_columns")
    z, scale = _r_scale(values)
    degenerate = scale == 0
    z = _apply_policy(z, values, degenerate, policy)
    dropped: list[Hashable] = []
    if policy == "drop" and degenerate.any():
        dropped = list(columns[degenerate])
        _warn_dropped("scale_columns", "column", dropped)
        z, columns = z[:, ~degenerate], columns[~degenerate]
    out = pd.DataFrame(z, index=index, columns=columns)
    out.attrs[DROPPED_ATTR] = dropped
    return out
