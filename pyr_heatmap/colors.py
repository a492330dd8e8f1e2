"""Continuous colour mapping identical to circlize::colorRamp2 and ComplexHeatmap's default colours.

``color_ramp2`` reproduces circlize 0.4.15's ``colorRamp2``: the break colours are converted from
sRGB into the interpolation space with the colorspace package's conversions (2.1-0: sRGB gamma 2.4
with the linear segment below 0.03928 / above 0.00304, the RGB/XYZ matrix of colorspace, D65 white
point X, Y, Z = 95.047, 100, 108.883, CIE constants kappa = 24389/27 and epsilon = 216/24389),
interpolated linearly per bin with R's exact expression, converted back, clipped to [0, 1] and
written as hex with ``(int)(255 * v + 0.5)``.

Bit-exactness: the conversions call the C library's ``pow``. numpy's vectorised ``power`` may use
SIMD code that differs from it in the last bit, so the mapping is computed vectorised and every
value whose result could depend on such a last-bit difference (a branch threshold within a relative
1e-9, or a channel within 1e-7 of a rounding boundary of the hex code) is recomputed with
``math.pow``, which is the C library's ``pow``. The result is the same hex string as R's.

``default_col`` reproduces ``ComplexHeatmap:::default_col(m, main_matrix = TRUE)`` of 2.14.0.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable
from typing import Any

import numpy as np

from pyr_heatmap._rcolors import R_COLORS, R_PALETTE
from pyr_heatmap.errors import InputError

__all__ = [
    "SPACES",
    "ColorRamp2",
    "color_ramp2",
    "color_rgba",
    "default_col",
    "parse_color",
    "r_color_to_hex",
    "r_quantile",
]

#: Interpolation spaces accepted by circlize::colorRamp2.
SPACES: tuple[str, ...] = ("RGB", "LAB", "XYZ", "sRGB", "LUV", "HLS")

# colorspace's default white point (D65) and CIE constants.
_XN, _YN, _ZN = 95.047, 100.0, 108.883
_KAPPA = 24389.0 / 27.0
_EPSILON = 216.0 / 24389.0
_K116 = _KAPPA / 116.0
_C16 = 16.0 / 116.0
_THIRD = 1.0 / 3.0
_INV_GAMMA = 1.0 / 2.4

# ComplexHeatmap's ht_opt$COLOR.
_DEFAULT_COLORS = ("blue", "#EEEEEE", "red")

# Relative distance to a branch threshold, and distance of 255 * v + 0.5 to an integer, below which
# a value is recomputed with math.pow (numpy's power differs from libm by at most a few ulps, i.e.
# a relative ~1e-15, so these windows are many orders of magnitude wider than needed).
_BRANCH_WINDOW = 1e-9
_ROUND_WINDOW = 1e-7

_PowFn = Callable[[np.ndarray, float], np.ndarray]


# --------------------------------------------------------------------------------------------
# colour parsing (grDevices::col2rgb)
# --------------------------------------------------------------------------------------------
_HEXDIGITS = "0123456789abcdefABCDEF"


def _parse_hex(spec: str) -> tuple[int, int, int, int]:
    if len(spec) not in (7, 9) or any(c not in _HEXDIGITS for c in spec[1:]):
        raise InputError(
            f"invalid colour {spec!r}: a hex colour must be '#RRGGBB' or '#RRGGBBAA' "
            "(R does not accept the short '#RGB' form)"
        )
    vals = [int(spec[i : i + 2], 16) for i in range(1, len(spec), 2)]
    alpha = vals[3] if len(vals) == 4 else 255
    return vals[0], vals[1], vals[2], alpha


def _palette(index: int, spec: object) -> tuple[int, int, int, int]:
    if index < 0:
        raise InputError(f"invalid colour {spec!r}: numerical colours must be >= 0")
    if index == 0:  # R's background colour for col2rgb: transparent white
        return 255, 255, 255, 0
    r, g, b = R_PALETTE[(index - 1) % len(R_PALETTE)]
    return r, g, b, 255


_DECIMAL = re.compile(r"[0-9]+(\.[0-9]*)?([eE][+-]?[0-9]+)?")
_HEXNUM = re.compile(r"0[xX]([0-9a-fA-F]+(\.[0-9a-fA-F]*)?|\.[0-9a-fA-F]+)([pP][+-]?[0-9]+)?")


def _digit_string(spec: str) -> tuple[int, int, int, int]:
    """A colour string starting with a digit: R reads it with strtod as a palette index."""
    if _DECIMAL.fullmatch(spec):
        value = float(spec)
    elif _HEXNUM.fullmatch(spec):
        text = spec if "p" in spec.lower() else spec + "p0"
        value = float.fromhex(text)
    else:
        raise InputError(f"invalid colour specification {spec!r}")
    if not value < 2**31:
        raise InputError(f"invalid colour specification {spec!r}: palette index too large")
    return _palette(int(value), spec)


def parse_color(spec: object) -> tuple[int, int, int, int]:
    """Convert one colour specification to ``(red, green, blue, alpha)`` integers like R's col2rgb.

    Parameters
    ----------
    spec : str or int
        An R colour name from ``colors()`` (case and blanks ignored, as in R: ``"Light Blue"`` is
        ``"lightblue"``), ``"transparent"`` or ``"NA"`` (transparent white), ``"#RRGGBB"`` or
        ``"#RRGGBBAA"``, or an index (>= 1) into R's default palette, as an int or a string R
        reads as a number (``"2"``, ``"1.5"``; a string such as ``"00"`` is transparent white).

    Returns
    -------
    tuple of int
        Red, green, blue and alpha in 0..255.

    Raises
    ------
    InputError
        If the specification is not a colour R would accept.
    """
    if isinstance(spec, (bool, np.bool_)):
        raise InputError(f"invalid colour {spec!r}: give a colour name, '#RRGGBB' or an index")
    if isinstance(spec, (int, np.integer)) or (isinstance(spec, str) and spec == "0"):
        if int(spec) == 0:  # grDevices::col2rgb refuses a zero index
            raise InputError(f"invalid colour {spec!r}: numerical colours must be positive")
        return _palette(int(spec), spec)
    if not isinstance(spec, str):
        raise InputError(
            f"invalid colour {spec!r} of type {type(spec).__name__}: give an R colour name, "
            "'#RRGGBB', '#RRGGBBAA' or a palette index"
        )
    if spec.startswith("#"):
        return _parse_hex(spec)
    if spec[:1].isdigit():
        return _digit_string(spec)
    if spec in ("NA", "transparent"):
        return 255, 255, 255, 0
    key = spec.replace(" ", "").lower()
    if key not in R_COLORS:
        raise InputError(
            f"invalid colour name {spec!r}: use one of R's colors() names (e.g. 'red', 'grey50')"
            " or a hex colour '#RRGGBB'"
        )
    r, g, b = R_COLORS[key]
    return r, g, b, 255


def r_color_to_hex(spec: object) -> str:
    """One R colour specification as a hex string, ``"#RRGGBB"`` or ``"#RRGGBBAA"`` if not opaque.

    Parameters
    ----------
    spec : str or int
        Anything :func:`parse_color` accepts (``"grey"``, ``"#EEEEEE"``, ``"transparent"``, 2).

    Returns
    -------
    str
        Uppercase hex, usable by matplotlib (``"grey"`` gives ``"#BEBEBE"``, ``"transparent"``
        gives ``"#FFFFFF00"``).

    Raises
    ------
    InputError
        If R would not accept the colour.
    """
    r, g, b, a = parse_color(spec)
    return _hex(r, g, b) + ("" if a == 255 else f"{a:02X}")


def color_rgba(spec: object) -> tuple[float, float, float, float]:
    """One R colour specification as matplotlib RGBA floats in [0, 1]."""
    r, g, b, a = parse_color(spec)
    return (r / 255.0, g / 255.0, b / 255.0, a / 255.0)


def _hex(r: int, g: int, b: int) -> str:
    return f"#{r:02X}{g:02X}{b:02X}"


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


def _ramp_lab(x: np.ndarray, breaks: np.ndarray, coords: np.ndarray) -> np.ndarray:
    """sRGB bytes of ``_bytes`` for a LAB ramp, computed by the C kernel with libm's pow.

    The kernel applies the operations of this module's LAB path in the same order, with the C
    library's pow throughout (what this module's exact path and colorspace use), so it returns
    the bytes of :func:`_to_bytes` on the interpolated coordinates.
    """
    from pyr_heatmap import _rcolor

    out = np.empty((x.shape[0], 3), dtype=np.int64)
    _rcolor.ramp_lab(np.ascontiguousarray(x, dtype=np.float64),
                     np.ascontiguousarray(breaks, dtype=np.float64),
                     np.ascontiguousarray(coords, dtype=np.float64), out)
    return out


# --------------------------------------------------------------------------------------------
# the colour ramp
# --------------------------------------------------------------------------------------------
def _as_values(values: Any) -> np.ndarray:
    try:
        return np.array(values, dtype=float)  # a copy: the caller's data is never touched
    except (TypeError, ValueError) as exc:
        raise InputError(
            f"cannot map these values to colours: they must be numeric ({exc})"
        ) from None


class ColorRamp2:
    """An immutable colour-mapping function, equivalent to a circlize::colorRamp2 function.

    Create it with :func:`color_ramp2`. Calling it maps numbers to hex colours; values outside the
    breaks get the colour of the nearest end; NaN maps to None (the caller draws NA cells with its
    own NA colour, as ComplexHeatmap does with ``na_col``).

    Attributes
    ----------
    breaks : numpy.ndarray
        The sorted, de-duplicated breaks the mapping interpolates between (read-only). circlize
        sorts the breaks (keeping the first colour of equal breaks) and interpolates between the
        sorted ones; its ``attr(f, "breaks")`` keeps the order the user gave, which only matters
        for display.
    colors : tuple of str
        The colour of each break in :attr:`breaks`, as ``"#RRGGBB"`` (the input colours; their
        alpha, if any, is ignored as circlize ignores it).
    space : str
        The interpolation space (``"LAB"``, ``"RGB"``, ``"sRGB"``, ``"XYZ"``, ``"LUV"``, ``"HLS"``).
    transparency : float
        Transparency in [0, 1]; every mapped colour gets alpha ``round((1 - transparency) * 255)``.
    """

    __slots__ = ("_alpha", "_breaks", "_colors", "_coords", "_space", "_transparency")

    def __init__(
        self,
        breaks: np.ndarray,
        colors: tuple[str, ...],
        coords: np.ndarray,
        space: str,
        transparency: float,
    ) -> None:
        b = np.array(breaks, dtype=float)
        b.flags.writeable = False
        c = np.array(coords, dtype=float)
        c.flags.writeable = False
        object.__setattr__(self, "_breaks", b)
        object.__setattr__(self, "_colors", tuple(colors))
        object.__setattr__(self, "_coords", c)
        object.__setattr__(self, "_space", space)
        object.__setattr__(self, "_transparency", float(transparency))
        object.__setattr__(self, "_alpha", round((1.0 - transparency) * 255))

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("ColorRamp2 is immutable")

    def __delattr__(self, name: str) -> None:
        raise AttributeError("ColorRamp2 is immutable")

    @property
    def breaks(self) -> np.ndarray:
        """Sorted, de-duplicated breaks (a read-only array)."""
        return self._breaks

    @property
    def colors(self) -> tuple[str, ...]:
        """Colour of each break, ``"#RRGGBB"``."""
        return self._colors

    @property
    def space(self) -> str:
        """Interpolation space."""
        return self._space

    @property
    def transparency(self) -> float:
        """Transparency in [0, 1] (0 = opaque)."""
        return self._transparency

    @property
    def alpha(self) -> int:
        """Alpha byte of every mapped colour (255 when opaque)."""
        return self._alpha

    def __repr__(self) -> str:
        pairs = ", ".join(f"{b:g}: {c}" for b, c in zip(self._breaks, self._colors, strict=True))
        extra = f", transparency={self._transparency:g}" if self._transparency else ""
        return f"ColorRamp2({{{pairs}}}, space={self._space!r}{extra})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, ColorRamp2):
            return NotImplemented
        return (
            np.array_equal(self._breaks, other._breaks)
            and self._colors == other._colors
            and self._space == other._space
            and self._transparency == other._transparency
        )

    def __hash__(self) -> int:
        return hash((self._breaks.tobytes(), self._colors, self._space, self._transparency))

    def _bytes(self, x: np.ndarray) -> np.ndarray:
        """(n, 3) sRGB bytes of the finite-or-infinite values x (no NaN); -1 rows for R's NA."""
        if self._space == "LAB":  # the same arithmetic in one pass (pyr_heatmap/_rcolor.c)
            return _ramp_lab(x, self._breaks, self._coords)
        return self._bytes_vectorised(x)

    def _bytes_vectorised(self, x: np.ndarray) -> np.ndarray:
        """:meth:`_bytes` with numpy, for every space (the reference of the LAB kernel)."""
        br = self._breaks
        x = np.where(x < br[0], br[0], np.where(x > br[-1], br[-1], x))
        # .bincode(x, breaks, right = TRUE, include.lowest = TRUE)
        k = np.clip(np.searchsorted(br, x, side="left") - 1, 0, len(br) - 2)
        b1, b2 = br[k][:, None], br[k + 1][:, None]
        c1, c2 = self._coords[k], self._coords[k + 1]
        xx = (x[:, None] - b2) * (c2 - c1) / (b2 - b1) + c2
        return _to_bytes(xx, self._space)

    def _map(self, values: Any) -> tuple[np.ndarray, np.ndarray, tuple[int, ...]]:
        v = _as_values(values)
        shape = v.shape
        flat = v.ravel()
        na = np.isnan(flat)
        if not na.any():  # the common case: no masking copies
            out = self._bytes(flat)
            return out, out[:, 0] < 0, shape
        out = np.full((flat.size, 3), -1, dtype=np.int64)
        if (~na).any():
            out[~na] = self._bytes(flat[~na])
        return out, out[:, 0] < 0, shape

    def __call__(self, values: Any, *, with_alpha: bool = False) -> Any:
        """Map values to hex colours.

        Parameters
        ----------
        values : float or array_like
            Numbers to map (any shape). NaN maps to None.
        with_alpha : bool, default False
            False: ``"#RRGGBB"``. True: ``"#RRGGBBAA"`` exactly as the R function returns it
            (circlize always appends the alpha byte, ``FF`` when opaque).

        Returns
        -------
        str or None or numpy.ndarray
            For a scalar, one string (None for NaN); otherwise an object array of the input's
            shape holding uppercase hex strings and None for NaN.
        """
        out, na, shape = self._map(values)
        suffix = f"{self._alpha:02X}" if with_alpha else ""
        res = np.full(out.shape[0], None, dtype=object)
        code = (out[~na] * np.array([65536, 256, 1])).sum(axis=1)
        uniq, inverse = np.unique(code, return_inverse=True)  # format each colour once
        names = np.array([f"#{c:06X}{suffix}" for c in uniq.tolist()], dtype=object)
        res[~na] = names[inverse.ravel()]
        if shape == ():
            return res[0]
        return res.reshape(shape)

    def rgba(self, values: Any) -> np.ndarray:
        """Map values to RGBA floats in [0, 1] (for matplotlib).

        The channels are the hex bytes divided by 255, as ``f(x, return_rgb = TRUE)`` in R. NaN
        maps to a row of NaN (R drops NA values from that matrix instead).

        Parameters
        ----------
        values : float or array_like
            Numbers to map (any shape).

        Returns
        -------
        numpy.ndarray
            Shape ``values.shape + (4,)``, float64.
        """
        out, na, shape = self._map(values)
        res = np.empty((out.shape[0], 4))
        np.divide(out, 255, out=res[:, :3])
        res[:, 3] = self._alpha / 255
        if na.any():
            res[na] = np.nan
        return res.reshape((*shape, 4))


def color_ramp2(
    breaks: Iterable[float],
    colors: Iterable[str | int],
    *,
    space: str = "LAB",
    transparency: float = 0.0,
) -> ColorRamp2:
    """Build a continuous colour mapping exactly like ``circlize::colorRamp2``.

    Parameters
    ----------
    breaks : sequence of float
        Break values, in any order (they are sorted together with their colours; of equal breaks
        the first keeps its colour). At least two distinct finite values.
    colors : sequence of str or int
        One colour per break: R colour names, ``"#RRGGBB"``/``"#RRGGBBAA"`` (alpha ignored, as in
        circlize), or R palette indices.
    space : str, default "LAB"
        Interpolation space: ``"LAB"`` (CIE Lab), ``"RGB"`` (linear RGB), ``"sRGB"``
        (gamma-encoded RGB), ``"XYZ"``, ``"LUV"`` or ``"HLS"``.
    transparency : float, default 0.0
        Clipped to [0, 1]; the alpha of every mapped colour is ``round((1 - t) * 255)``.

    Returns
    -------
    ColorRamp2
        The mapping; call it on numbers to get hex colours.

    Raises
    ------
    InputError
        On lengths that differ, fewer than two distinct breaks, non-finite breaks, an unknown
        space or colour.

    Examples
    --------
    >>> ramp = color_ramp2([-2, 0, 2], ["blue", "#EEEEEE", "red"])
    >>> ramp([-3, 0, 1.0])
    array(['#0000FF', '#EEEEEE', '#FF967A'], dtype=object)
    """
    try:
        b = np.array(list(breaks), dtype=float).ravel()
    except (TypeError, ValueError):
        raise InputError("breaks must be numbers, e.g. breaks=[-2, 0, 2]") from None
    cols = list(colors) if not isinstance(colors, str) else [colors]
    if len(b) != len(cols):
        raise InputError(
            f"breaks has {len(b)} values but colors has {len(cols)}: give one colour per break"
        )
    if not np.isfinite(b).all():
        raise InputError("breaks must be finite numbers (no NaN or infinity)")
    if space not in SPACES:
        raise InputError(f"space must be one of {', '.join(SPACES)}, not {space!r}")
    t = float(transparency)
    if math.isnan(t):
        raise InputError("transparency must be a number in [0, 1], not NaN")
    t = min(max(t, 0.0), 1.0)
    rgba = [parse_color(c) for c in cols]
    order = np.argsort(b, kind="stable")
    b = b[order]
    rgba = [rgba[i] for i in order]
    keep = np.concatenate([[True], b[1:] != b[:-1]])
    b = b[keep]
    rgba = [c for c, k in zip(rgba, keep, strict=True) if k]
    if len(b) < 2:
        raise InputError("colorRamp2 needs at least two distinct break values")
    rgb = np.array([c[:3] for c in rgba], dtype=float) / 255
    if space == "LUV":  # circlize nudges pure black so that LUV stays defined
        rgb[(rgb == 0).all(axis=1)] = 1e-05
    coords = _from_srgb(rgb, space)
    return ColorRamp2(b, tuple(_hex(*c[:3]) for c in rgba), coords, space, t)


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
    v = np.sort(v[~np.isnan(v)])
    n = v.size
    if n == 0:
        return math.nan
    index = 1 + max(n - 1, 0) * float(prob)
    lo, hi = math.floor(index), math.ceil(index)
    qs = float(v[lo - 1])
    if index > lo and v[hi - 1] != qs:
        h = index - lo
        qs = (1 - h) * qs + h * float(v[hi - 1])
    return qs


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
    finite_part = x[~nan]
    uniq = np.unique(finite_part)
    if uniq.size + int(nan.any()) <= 1:
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
    many = uniq.size >= 100
    if 0.25 < p < 0.75:
        q = r_quantile(np.abs(x), 0.99) if many else float(np.max(np.abs(x)))
        breaks = _seq3(-q, q)
    elif many:
        q1, q2 = r_quantile(x, 0.01), r_quantile(x, 0.99)
        inner = np.unique(x[(x > q1) & (x < q2)])
        if q1 == q2 or inner.size == 1:
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
