"""R's ``pretty()`` and the tick values ComplexHeatmap puts on a continuous colour legend.

``pretty`` follows R 4.2.2 (``R_pretty`` in src/appl/pretty.c, ``pretty.default`` in
base/R/pretty.R and ``seq.int``), operation for operation, so the ticks are the same doubles.

``legend_ticks`` follows ``ComplexHeatmap::ColorMapping(col_fun = ...)`` of 2.14.0, which is what
``Heatmap()`` builds for a continuous matrix: the range of the colour function's breaks is shrunk by
5% of its width at each end and passed to ``pretty(range, n = 3)``; those values are the legend's
``at`` and are drawn as they are (the colour bar spans the first to the last tick, so ticks may lie
outside the breaks; colours there are clamped).
"""

from __future__ import annotations

import math
import sys
import warnings
from typing import TYPE_CHECKING

import numpy as np

from pyr_heatmap.errors import InputError

if TYPE_CHECKING:
    from pyr_heatmap.figure.colors import ColorRamp2

__all__ = ["legend_ticks", "pretty"]

_DBL_EPSILON = sys.float_info.epsilon
_DBL_MIN = sys.float_info.min
_DBL_MAX = sys.float_info.max
_ROUNDING_EPS = 1e-10
_MAX_F = 1.25


def _r_pretty(
    lo: float,
    up: float,
    ndiv: int,
    min_n: int,
    shrink_sml: float,
    h: float,
    h5: float,
    f_min: float,
    eps_correction: int,
) -> tuple[float, float, int]:
    """R_pretty(..., return_bounds = TRUE): returns (lo, up, ndiv)."""
    lo_, up_ = lo, up
    dx = up_ - lo_
    if dx == 0 and up_ == 0:
        cell = 1.0
        i_small = True
    else:
        cell = max(abs(lo_), abs(up_))
        u_fact = 1 + ((1 / (1 + h)) if h5 >= 1.5 * h + 0.5 else (1.5 / (1 + h5)))
        u_fact *= max(1, ndiv) * _DBL_EPSILON
        i_small = dx < cell * u_fact * 3

    if i_small:
        if cell > 10:
            cell = 9 + cell / 10
        cell *= shrink_sml
        if min_n > 1:
            cell /= min_n
    else:
        cell = dx
        if math.isfinite(dx):
            if ndiv > 1:
                cell /= ndiv
        elif ndiv >= 2:  # up - lo overflowed although both are finite
            cell = up_ / ndiv - lo_ / ndiv

    subsmall = f_min * _DBL_MIN
    if subsmall == 0.0:
        subsmall = _DBL_MIN
    if cell < subsmall:
        warnings.warn(
            f"pretty(): very small range 'cell'={cell:g}, corrected to {subsmall:g}",
            RuntimeWarning,
            stacklevel=3,
        )
        cell = subsmall
    elif cell > _DBL_MAX / _MAX_F:
        warnings.warn(
            f"pretty(): very large range 'cell'={cell:g}, corrected to {_DBL_MAX / _MAX_F:g}",
            RuntimeWarning,
            stacklevel=3,
        )
        cell = _DBL_MAX / _MAX_F

    base = math.pow(10.0, math.floor(math.log10(cell)))
    unit = base
    if 2 * base - cell < h * (cell - unit):
        unit = 2 * base
        if 5 * base - cell < h5 * (cell - unit):
            unit = 5 * base
            if 10 * base - cell < h * (cell - unit):
                unit = 10 * base

    ns = math.floor(lo_ / unit + _ROUNDING_EPS)
    nu = math.ceil(up_ / unit - _ROUNDING_EPS)
    if eps_correction and (eps_correction > 1 or not i_small):
        lo = lo * (1 - _DBL_EPSILON) if lo_ != 0.0 else -_DBL_MIN
        up = up * (1 + _DBL_EPSILON) if up_ != 0.0 else _DBL_MIN
    ns, nu = float(ns), float(nu)
    while ns * unit > lo + _ROUNDING_EPS * unit:
        ns -= 1
    while not math.isfinite(ns * unit):
        ns += 1
    while nu * unit < up - _ROUNDING_EPS * unit:
        nu += 1
    while not math.isfinite(nu * unit):
        nu -= 1

    k = int(0.5 + nu - ns)
    if k < min_n:
        k = min_n - k
        if lo_ == 0.0 and ns == 0.0 and up_ != 0.0:
            nu += k
        elif up_ == 0.0 and nu == 0.0 and lo_ != 0.0:
            ns -= k
        elif ns >= 0.0:
            nu += k // 2
            ns -= k // 2 + k % 2
        else:
            ns -= k // 2
            nu += k // 2 + k % 2
        ndiv = min_n
    else:
        ndiv = k
    if ns * unit < lo:
        lo = ns * unit
    if nu * unit > up:
        up = nu * unit
    return lo, up, ndiv


def _seq_int(start: float, stop: float, length_out: int) -> np.ndarray:
    """R's seq.int(start, stop, length.out = length_out) for length_out >= 1."""
    out = np.empty(length_out)
    out[0] = start
    if length_out > 1:
        out[-1] = stop
    if length_out > 2:
        nint = float(length_out - 1)
        by = stop - start
        i = np.arange(1, length_out - 1, dtype=float)
        if math.isfinite(by):
            out[1:-1] = start + i * (by / nint)
        else:
            by = stop / nint - start / nint
            out[1:-1] = np.ldexp(start / 4.0 + i * (by / 4.0), 2)
    return out


def pretty(
    lo: float,
    hi: float,
    n: int = 5,
    *,
    min_n: int | None = None,
    shrink_sml: float = 0.75,
    high_u_bias: float = 1.5,
    u5_bias: float | None = None,
    eps_correct: int = 0,
    f_min: float = 2.0**-20,
) -> np.ndarray:
    """R's ``pretty(c(lo, hi), n)``: about ``n + 1`` equally spaced round values covering the range.

    Parameters
    ----------
    lo, hi : float
        The two ends of the range (in any order). Non-finite ends are dropped as R drops them.
    n : int, default 5
        Desired number of intervals.
    min_n : int, optional
        Minimal number of intervals; default ``n // 3``.
    shrink_sml, high_u_bias, u5_bias, eps_correct, f_min
        As in R (defaults 0.75, 1.5, ``0.5 + 1.5 * high_u_bias``, 0, ``2**-20``).

    Returns
    -------
    numpy.ndarray
        The tick values, the same doubles R returns (empty if neither end is finite).

    Raises
    ------
    InputError
        For a negative ``n`` or an invalid ``min_n``.

    Examples
    --------
    >>> pretty(0.236, 9.73).tolist()
    [0.0, 2.0, 4.0, 6.0, 8.0, 10.0]
    """
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 0:
        raise InputError(f"n must be a non-negative integer, not {n!r}")
    n = int(n)
    mn = n // 3 if min_n is None else int(min_n)
    if mn < 0 or mn > n:
        raise InputError(f"min_n must be between 0 and n ({n}), not {min_n!r}")
    if eps_correct not in (0, 1, 2):
        raise InputError("eps_correct must be 0, 1 or 2")
    h5 = 0.5 + 1.5 * high_u_bias if u5_bias is None else float(u5_bias)
    ends = [float(v) for v in (lo, hi) if math.isfinite(float(v))]
    if not ends:
        return np.empty(0)
    lo_b, up_b, ndiv = _r_pretty(
        min(ends),
        max(ends),
        n,
        mn,
        float(shrink_sml),
        float(high_u_bias),
        h5,
        float(f_min),
        int(eps_correct),
    )
    s = _seq_int(lo_b, up_b, ndiv + 1)
    if not eps_correct and ndiv:
        delta = up_b / ndiv - lo_b / ndiv
        s[np.abs(s) < 1e-14 * delta] = 0.0
    return s


def legend_ticks(ramp: ColorRamp2) -> np.ndarray:
    """The tick values of the continuous legend ComplexHeatmap draws for a colour mapping.

    Parameters
    ----------
    ramp : ColorRamp2
        The heatmap's colour mapping.

    Returns
    -------
    numpy.ndarray
        ``pretty(range(breaks) shrunk by 5% at each end, n = 3)``, ascending, the same doubles
        as ``Heatmap(...)@matrix_color_mapping@levels`` in R.
    """
    b = np.asarray(ramp.breaks, dtype=float)
    lo, hi = float(np.min(b)), float(np.max(b))
    diff = hi - lo
    return pretty(lo + diff * 0.05, hi - diff * 0.05, n=3)
