"""colorspace 2.1-0's conversions between sRGB and the interpolation spaces, with libm's pow."""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np

# colorspace's default white point (D65) and CIE constants.
_XN, _YN, _ZN = 95.047, 100.0, 108.883


_KAPPA = 24389.0 / 27.0


_EPSILON = 216.0 / 24389.0


_K116 = _KAPPA / 116.0


_C16 = 16.0 / 116.0


_THIRD = 1.0 / 3.0


_INV_GAMMA = 1.0 / 2.4


# Relative distance to a branch threshold, and distance of 255 * v + 0.5 to an integer, below which
# a value is recomputed with math.pow (numpy's power differs from libm by at most a few ulps, i.e.
# a relative ~1e-15, so these windows are many orders of magnitude wider than needed).
_BRANCH_WINDOW = 1e-9


_ROUND_WINDOW = 1e-7


_PowFn = Callable[[np.ndarray, float], np.ndarray]


# --------------------------------------------------------------------------------------------
# colorspace conversions, vectorised over rows of an (n, 3) array
# --------------------------------------------------------------------------------------------
def _pow_exact(x: np.ndarray, e: float) -> np.ndarray:
    """Elementwise C-library pow (math.pow), NaN where C's pow gives NaN, inf on overflow."""
    flat = np.asarray(x, dtype=float).ravel()
    out = np.empty(flat.shape)
    for i, v in enumerate(flat.tolist()):
        try:
            out[i] = math.pow(v, e)
        except ValueError:  # negative base, non-integer exponent
            out[i] = math.nan
        except OverflowError:
            out[i] = math.copysign(math.inf, v) if e == 3.0 else math.inf
    return out.reshape(np.shape(x))


class _Watch:
    """Collects the rows whose result may depend on the last bit of a vectorised pow."""

    def __init__(self, n: int, active: bool) -> None:
        self.active = active
        self.mask = np.zeros(n, dtype=bool)

    def near(self, value: np.ndarray, threshold: float) -> None:
        if self.active:
            with np.errstate(invalid="ignore"):
                self.mask |= np.abs(value - threshold) <= _BRANCH_WINDOW * abs(threshold)


def _ftrans(u: np.ndarray, pw: _PowFn) -> np.ndarray:
    with np.errstate(invalid="ignore"):
        return np.where(u > 0.03928, pw((u + 0.055) / 1.055, 2.4), u / 12.92)


def _gtrans(u: np.ndarray, pw: _PowFn, watch: _Watch, derived: bool) -> np.ndarray:
    if derived:
        watch.near(u, 0.00304)
    with np.errstate(invalid="ignore"):
        return np.where(u > 0.00304, 1.055 * pw(u, _INV_GAMMA) - 0.055, 12.92 * u)


def _lin_to_xyz(r: np.ndarray, g: np.ndarray, b: np.ndarray) -> np.ndarray:
    x = _YN * (0.412453 * r + 0.357580 * g + 0.180423 * b)
    y = _YN * (0.212671 * r + 0.715160 * g + 0.072169 * b)
    z = _YN * (0.019334 * r + 0.119193 * g + 0.950227 * b)
    return np.stack([x, y, z], axis=1)


def _xyz_to_lin(x: np.ndarray, y: np.ndarray, z: np.ndarray) -> tuple[np.ndarray, ...]:
    r = (3.240479 * x - 1.537150 * y - 0.498535 * z) / _YN
    g = (-0.969256 * x + 1.875992 * y + 0.041556 * z) / _YN
    b = (0.055648 * x - 0.204043 * y + 1.057311 * z) / _YN
    return r, g, b


def _lab_f(t: np.ndarray, pw: _PowFn) -> np.ndarray:
    with np.errstate(invalid="ignore"):
        return np.where(t > _EPSILON, pw(t, _THIRD), _K116 * t + _C16)


def _xyz_to_lab(xyz: np.ndarray, pw: _PowFn) -> np.ndarray:
    xr, yr, zr = xyz[:, 0] / _XN, xyz[:, 1] / _YN, xyz[:, 2] / _ZN
    with np.errstate(invalid="ignore"):
        lum = np.where(yr > _EPSILON, 116.0 * pw(yr, _THIRD) - 16.0, _KAPPA * yr)
    xt, yt, zt = _lab_f(xr, pw), _lab_f(yr, pw), _lab_f(zr, pw)
    return np.stack([lum, 500.0 * (xt - yt), 200.0 * (yt - zt)], axis=1)


def _lab_to_xyz(lab: np.ndarray, pw: _PowFn, watch: _Watch) -> tuple[np.ndarray, ...]:
    lum, a, b = lab[:, 0], lab[:, 1], lab[:, 2]
    with np.errstate(invalid="ignore"):
        y = np.where(
            lum <= 0,
            0.0,
            np.where(
                lum <= 8.0,
                lum * _YN / _KAPPA,
                np.where(lum <= 100, _YN * pw((lum + 16) / 116, 3.0), _YN),
            ),
        )
        watch.near(y, _EPSILON * _YN)
        fy = np.where(y <= _EPSILON * _YN, _K116 * y / _YN + _C16, pw(y / _YN, _THIRD))
        fx = fy + a / 500.0
        fx3 = pw(fx, 3.0)
        watch.near(fx3, _EPSILON)
        x = np.where(fx3 <= _EPSILON, _XN * (fx - _C16) / _K116, _XN * fx3)
        fz = fy - b / 200.0
        fz3 = pw(fz, 3.0)
        watch.near(fz3, _EPSILON)
        z = np.where(fz3 <= _EPSILON, _ZN * (fz - _C16) / _K116, _ZN * fz3)
    return x, y, z


def _uv(x: np.ndarray, y: np.ndarray, z: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    t = x + y + z
    with np.errstate(invalid="ignore", divide="ignore"):
        xx = np.where(t == 0, 0.0, x / t)
        yy = np.where(t == 0, 0.0, y / t)
        return 2 * xx / (6 * yy - xx + 1.5), 4.5 * yy / (6 * yy - xx + 1.5)


def _xyz_to_luv(xyz: np.ndarray, pw: _PowFn) -> np.ndarray:
    u, v = _uv(xyz[:, 0], xyz[:, 1], xyz[:, 2])
    un, vn = _uv(np.array([_XN]), np.array([_YN]), np.array([_ZN]))
    y = xyz[:, 1] / _YN
    with np.errstate(invalid="ignore"):
        lum = np.where(y > _EPSILON, 116 * pw(y, _THIRD) - 16, _KAPPA * y)
    return np.stack([lum, 13 * lum * (u - un), 13 * lum * (v - vn)], axis=1)


def _luv_to_xyz(luv: np.ndarray, pw: _PowFn) -> tuple[np.ndarray, ...]:
    lum, uu, vv = luv[:, 0], luv[:, 1], luv[:, 2]
    un, vn = _uv(np.array([_XN]), np.array([_YN]), np.array([_ZN]))
    with np.errstate(invalid="ignore", divide="ignore"):
        y = _YN * np.where(lum > 8, pw((lum + 16) / 116, 3.0), lum / _KAPPA)
        u = np.where(lum == 0, un, uu / (13 * lum) + un)
        v = np.where(lum == 0, vn, vv / (13 * lum) + vn)
        x = 9.0 * y * u / (4 * v)
        z = -x / 3 - 5 * y + 3 * y / v
    black = (lum <= 0) & (uu == 0) & (vv == 0)
    zero = np.zeros_like(lum)
    return np.where(black, zero, x), np.where(black, zero, y), np.where(black, zero, z)


def _max3(r: np.ndarray, g: np.ndarray, b: np.ndarray) -> np.ndarray:
    m = np.where(r < g, g, r)
    return np.where(m < b, b, m)


def _min3(r: np.ndarray, g: np.ndarray, b: np.ndarray) -> np.ndarray:
    m = np.where(r > g, g, r)
    return np.where(m > b, b, m)


def _srgb_to_hls(rgb: np.ndarray) -> np.ndarray:
    r, g, b = rgb[:, 0], rgb[:, 1], rgb[:, 2]
    lo, hi = _min3(r, g, b), _max3(r, g, b)
    lum = (hi + lo) / 2
    d = hi - lo
    with np.errstate(invalid="ignore", divide="ignore"):
        s = np.where(lum < 0.5, d / (hi + lo), d / (2.0 - hi - lo))
        h = np.zeros_like(r)
        h = np.where(r == hi, (g - b) / d, h)
        h = np.where(g == hi, 2.0 + (b - r) / d, h)
        h = np.where(b == hi, 4.0 + (r - g) / d, h)
    h = h * 60
    h = np.where(h < 0, h + 360, h)
    h = np.where(h > 360, h - 360, h)
    grey = hi == lo
    return np.stack([np.where(grey, 0.0, h), lum, np.where(grey, 0.0, s)], axis=1)


def _qtrans(q1: np.ndarray, q2: np.ndarray, hue: np.ndarray) -> np.ndarray:
    hue = np.where(hue > 360, hue - 360, hue)
    hue = np.where(hue < 0, hue + 360, hue)
    return np.where(
        hue < 60,
        q1 + (q2 - q1) * hue / 60,
        np.where(hue < 180, q2, np.where(hue < 240, q1 + (q2 - q1) * (240 - hue) / 60, q1)),
    )


def _hls_to_srgb(hls: np.ndarray) -> tuple[np.ndarray, ...]:
    h, lum, s = hls[:, 0], hls[:, 1], hls[:, 2]
    p2 = np.where(lum <= 0.5, lum * (1 + s), lum + s - (lum * s))
    p1 = 2 * lum - p2
    grey = s == 0
    r = np.where(grey, lum, _qtrans(p1, p2, h + 120))
    g = np.where(grey, lum, _qtrans(p1, p2, h))
    b = np.where(grey, lum, _qtrans(p1, p2, h - 120))
    return r, g, b


def _from_srgb(rgb: np.ndarray, space: str) -> np.ndarray:
    """colorspace's as(sRGB(rgb), space), computed with the C library's pow."""
    pw = _pow_exact
    if space == "sRGB":
        return rgb.copy()
    if space == "HLS":
        return _srgb_to_hls(rgb)
    lin = [_ftrans(rgb[:, j], pw) for j in range(3)]
    if space == "RGB":
        return np.stack(lin, axis=1)
    xyz = _lin_to_xyz(*lin)
    if space == "XYZ":
        return xyz
    if space == "LAB":
        return _xyz_to_lab(xyz, pw)
    return _xyz_to_luv(xyz, pw)  # LUV


def _to_srgb(coords: np.ndarray, space: str, pw: _PowFn, watch: _Watch) -> np.ndarray:
    """colorspace's as(<space>(coords), "sRGB")."""
    if space == "sRGB":
        return coords
    if space == "HLS":
        return np.stack(_hls_to_srgb(coords), axis=1)
    if space == "RGB":
        chans = [_gtrans(coords[:, j], pw, watch, derived=False) for j in range(3)]
        return np.stack(chans, axis=1)
    if space == "XYZ":
        x, y, z = coords[:, 0], coords[:, 1], coords[:, 2]
        derived = False
    elif space == "LAB":
        x, y, z = _lab_to_xyz(coords, pw, watch)
        derived = True
    else:  # LUV
        x, y, z = _luv_to_xyz(coords, pw)
        derived = True
    chans = [_gtrans(c, pw, watch, derived) for c in _xyz_to_lin(x, y, z)]
    return np.stack(chans, axis=1)


def _to_bytes(coords: np.ndarray, space: str) -> np.ndarray:
    """sRGB bytes (n, 3) as R's hex(); -1 where R gives NA. Exact as explained in the module doc."""
    watch = _Watch(coords.shape[0], active=True)
    rgb = _to_srgb(coords, space, np.power, watch)
    redo = watch.mask
    with np.errstate(invalid="ignore"):
        t = 255 * np.clip(rgb, 0.0, 1.0) + 0.5
        redo = redo | np.any(np.abs(t - np.round(t)) < _ROUND_WINDOW, axis=1)
    if space in ("sRGB", "HLS"):  # no pow involved: the vectorised result is R's
        redo[:] = False
    if redo.any():
        exact = _to_srgb(coords[redo], space, _pow_exact, _Watch(int(redo.sum()), False))
        rgb = rgb.copy()
        rgb[redo] = exact
    # circlize's .restrict_in (NaN stays NaN), then colorspace's (int)(255 * v + .5)
    rgb = np.where(rgb > 1, 1.0, np.where(rgb < 0, 0.0, rgb))
    with np.errstate(invalid="ignore"):
        t = 255 * rgb + 0.5
    bad = ~np.isfinite(t).all(axis=1)
    out = np.where(np.isfinite(t), t, 0.0).astype(np.int64)
    out[bad] = -1
    return out
