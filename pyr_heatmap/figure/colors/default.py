"""ComplexHeatmap 2.14.0's default colour mapping of a matrix (default_col) and R's quantile()."""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from pyr_heatmap.errors import InputError
from pyr_heatmap.figure.colors.ramp import ColorRamp2, _as_values, color_ramp2

# ComplexHeatmap's ht_opt$COLOR.
_DEFAULT_COLORS = ("blue", "#EEEEEE", "red")

__all__ = ["default_col", "r_quantile"]


# --------------------------------------------------------------------------------------------
# ComplexHeatmap's default colours
# --------------------------------------------------------------------------------------------
def r_quantile(x: Any, prob: float) -> float:
    """R's ``quantile(x, prob, na.rm = TRUE)`` with the default type 7, bit for bit.

    Parameters
    ----------
    x : array_like
        Numbers; NaN values are dropped.
    prob : float
        Probability in [0, 1].

    Returns
    -------
    float
        The quantile (NaN for an empty input).
    """
    v = _as_values(x).ravel()
    v = v[~np.isnan(v)]
    if v.size == 0:
        return math.nan
    lo, hi = _type7_positions(v.size, prob)
    # the two order statistics the quantile needs, in linear time (the same values a sort gives)
    return _type7(np.partition(v, sorted({lo - 1, hi - 1})), v.size, prob)


def _type7_positions(n: int, prob: float) -> tuple[int, int]:
    index = 1 + max(n - 1, 0) * float(prob)
    return math.floor(index), math.ceil(index)


def _type7(v: np.ndarray, n: int, prob: float) -> float:
    """R's type 7 quantile of ``n`` values whose order statistics at the two positions
    :func:`_type7_positions` names are in place (``v`` sorted, or partitioned there)."""
    index = 1 + max(n - 1, 0) * float(prob)
    lo, hi = _type7_positions(n, prob)
    qs = float(v[lo - 1])
    if index > lo and v[hi - 1] != qs:
        h = index - lo
        qs = (1 - h) * qs + h * float(v[hi - 1])
    return qs


def _distinct(sorted_values: np.ndarray) -> int:
    """How many distinct values a sorted NaN-free array holds (as ``np.unique(v).size``)."""
    v = sorted_values
    return int(v.size > 0) + int(np.count_nonzero(v[1:] != v[:-1]))


def _seq3(lo: float, hi: float) -> list[float]:
    """R's seq(lo, hi, length.out = 3) (seq.default)."""
    if lo == hi:
        return [lo, lo, lo]
    d = hi - lo
    if math.isfinite(d):
        return [lo, lo + d / 2, hi]
    lo4, hi4 = lo / 4, hi / 4
    return [lo4 * 4, (lo4 + (hi4 - lo4) / 2) * 4, hi4 * 4]


def default_col(matrix: Any) -> ColorRamp2:
    """ComplexHeatmap 2.14.0's colour mapping for a numeric main matrix given without ``col``.

    With p the share of positive values among the non-zero non-NA values: if 0.25 < p < 0.75 the
    mapping is symmetric, breaks ``(-q, 0, q)`` with q the 99th percentile of ``|x|`` (the maximum
    of ``|x|`` when x has fewer than 100 distinct values). Otherwise the breaks are
    ``seq(q1, q99, length.out = 3)`` of the 1st and 99th percentiles (so the middle break is their
    midpoint, not the median); when there are fewer than 100 distinct values, when q1 == q99, or
    when a single distinct value lies strictly between them, ``seq(min, max, length.out = 3)``.
    Colours are blue, #EEEEEE, red, interpolated in LAB. Quantiles are R's type 7.

    Parameters
    ----------
    matrix : array_like
        The numeric matrix (any shape); NaN is ignored.

    Returns
    -------
    ColorRamp2
        The default mapping.

    Raises
    ------
    InputError
        If the matrix has a single distinct value (NaN counted as one) or only zeros and NaN:
        ComplexHeatmap then uses random discrete colours or fails, so pass ``col`` explicitly.
    """
    x = _as_values(matrix).ravel()
    nan = np.isnan(x)
    finite_part = np.sort(x[~nan])  # sorted once: distinct values and quantiles read it
    n_distinct = _distinct(finite_part)
    if n_distinct + int(nan.any()) <= 1:
        raise InputError(
            "the matrix has a single distinct value, so no continuous default colours exist "
            "(ComplexHeatmap would pick random discrete colours): pass col= explicitly"
        )
    x = finite_part
    if x.size == 0 or not (x != 0).any():
        raise InputError(
            "the matrix holds only zeros and NaN, for which ComplexHeatmap has no default "
            "colours: pass col= explicitly"
        )
    p = np.count_nonzero(x > 0) / np.count_nonzero(x != 0)
    many = n_distinct >= 100
    if 0.25 < p < 0.75:
        q = r_quantile(np.abs(x), 0.99) if many else float(np.max(np.abs(x)))
        breaks = _seq3(-q, q)
    elif many:
        q1, q2 = _type7(x, x.size, 0.01), _type7(x, x.size, 0.99)
        inner = _distinct(x[(x > q1) & (x < q2)])
        if q1 == q2 or inner == 1:
            breaks = _seq3(float(np.min(x)), float(np.max(x)))
        else:
            breaks = _seq3(q1, q2)
    else:
        breaks = _seq3(float(np.min(x)), float(np.max(x)))
    if not all(math.isfinite(b) for b in breaks):
        raise InputError(
            "the default colour breaks are not finite (the matrix holds infinite values): "
            "pass col= explicitly or remove the infinite values"
        )
    return color_ramp2(breaks, _DEFAULT_COLORS)
