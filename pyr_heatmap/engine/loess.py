"""R's ``predict(loess(y ~ x), newdata)`` for one predictor with loess's defaults (what
ComplexHeatmap's ``anno_lines(smooth = TRUE)`` draws).

R equivalent::

    fit <- loess(y ~ x)          # span = 0.75, degree = 2, family = "gaussian",
    predict(fit, x2)             # surface = "interpolate", cell = 0.2

Python::

    r_loess_predict(x, y, x2)

The defaults fit on a kd tree and interpolate (Cleveland and Grosse's ``loess``): the range of
``x``, widened by 0.5% on both sides, is cut at the median point of every cell holding more than
``floor(n * span * cell)`` points (the lower median, ties going to the upper cell); at every
cut and end a local quadratic is fitted by least squares with tricube weights over the
``floor(n * span)`` nearest points, giving a value and a slope; between two of them the curve is
the cubic Hermite interpolant. Outside the data's range the prediction is NaN, as R's NA.
Missing ``y`` values are dropped first (R's ``na.omit``).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from pyr_heatmap.errors import InputError

__all__ = ["r_loess_predict"]


def _vertices(xs: np.ndarray, fc: int) -> np.ndarray:
    """The kd tree's cut points and its ends (loess's ehg126/ehg124 in one dimension)."""
    n = xs.size
    lo, hi = float(xs[0]), float(xs[-1])
    mu = 0.005 * max(hi - lo, 1e-10 * max(abs(lo), abs(hi)) + 1e-30)
    verts = {lo - mu, hi + mu}
    stack = [(1, n, lo - mu, hi + mu)]  # 1-based ranges of sorted points, cell bounds
    while stack:
        first, last, v_lo, v_hi = stack.pop()
        if last - first + 1 <= fc:
            continue
        m = (first + last) // 2
        off = 0
        while first <= m + off < last:  # ties go with the upper cell
            if xs[m + off - 1] == xs[m + off]:
                off = -off + (1 if -off >= 0 else 0)
            else:
                m += off
                break
        cut = float(xs[m - 1])
        if cut in (v_lo, v_hi):
            continue
        verts.add(cut)
        stack += [(first, m, v_lo, cut), (m + 1, last, cut, v_hi)]
    return np.array(sorted(verts))


def _local_fit(x: np.ndarray, y: np.ndarray, at: float, q: int) -> tuple[float, float]:
    """Value and slope at ``at`` of the tricube-weighted local quadratic on ``q`` neighbours."""
    d = np.abs(x - at)
    rho = float(np.sort(d)[q - 1])
    r = d / rho if rho > 0 else np.where(d > 0, np.inf, 0.0)
    w = np.sqrt(np.where(r < 1, (1 - r ** 3) ** 3, 0.0))
    design = np.column_stack([np.ones_like(x), x - at, (x - at) ** 2]) * w[:, None]
    # loess scales the columns to unit length before its pseudo-inverse (ehg127): the
    # minimum-norm answer of a singular neighbourhood depends on it
    norm = np.sqrt((design ** 2).sum(axis=0))
    norm[norm == 0] = 1.0
    coef = np.linalg.lstsq(design / norm, y * w, rcond=None)[0] / norm
    return float(coef[0]), float(coef[1])


def r_loess_predict(x: Any, y: Any, xnew: Any, *, span: float = 0.75,
                    cell: float = 0.2) -> np.ndarray:
    """``predict(loess(y ~ x, span = span), xnew)`` with R's other defaults (degree 2).

    Parameters
    ----------
    x, y : array-like
        The data (``x`` without ties is what annotations use; ties are cut as R cuts them).
    xnew : array-like
        Where to predict.
    span, cell : float
        loess's ``span`` and ``cell``.

    Returns
    -------
    numpy.ndarray
        The fitted curve at ``xnew`` (NaN outside the range of the finite data).
    """
    x = np.asarray(x, dtype=np.float64).ravel()
    y = np.asarray(y, dtype=np.float64).ravel()
    if x.size != y.size:
        raise InputError(f"loess: x has {x.size} values and y {y.size}")
    keep = np.isfinite(x) & np.isfinite(y)
    x, y = x[keep], y[keep]
    n = x.size
    q = int(np.floor(n * span))
    if n < 3 or q < 2:
        raise InputError(f"a loess curve needs at least 3 values (got {n}); draw the lines "
                         "without smooth=True")
    verts = _vertices(np.sort(x), int(np.floor(n * span * cell)))
    fits = np.array([_local_fit(x, y, v, q) for v in verts])
    t = np.asarray(xnew, dtype=np.float64).ravel()
    j = np.clip(np.searchsorted(verts, t, side="right") - 1, 0, verts.size - 2)
    a, b = verts[j], verts[j + 1]
    h = b - a
    s = (t - a) / h
    (y0, d0), (y1, d1) = fits[j].T, fits[j + 1].T
    out = (y0 * (1 - s) ** 2 * (1 + 2 * s) + y1 * s ** 2 * (3 - 2 * s)
           + h * (d0 * s * (1 - s) ** 2 - d1 * s ** 2 * (1 - s)))
    out[(t < x.min()) | (t > x.max())] = np.nan  # R: NA outside the data's range
    return out
