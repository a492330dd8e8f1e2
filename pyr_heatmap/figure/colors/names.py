"""R's colour specifications (grDevices::col2rgb): colour names, hex strings, palette indices."""

from __future__ import annotations

import re

import numpy as np

from pyr_heatmap.errors import InputError
from pyr_heatmap.figure.colors._rcolors import R_COLORS, R_PALETTE

# --------------------------------------------------------------------------------------------
# colour parsing (grDevices::col2rgb)
# --------------------------------------------------------------------------------------------
_HEXDIGITS = "0123456789abcdefABCDEF"

__all__ = ["color_rgba", "parse_color", "r_color_to_hex"]


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
