"""Lengths as ComplexHeatmap gives them (``unit(10, "mm")``), normalised to millimetres."""

from __future__ import annotations

import re

from pyr_heatmap.errors import InputError

__all__ = ["to_mm"]

_PER_MM = {"mm": 1.0, "cm": 10.0, "in": 25.4, "inch": 25.4, "inches": 25.4, "pt": 25.4 / 72.27,
           "bigpts": 25.4 / 72.0, "bp": 25.4 / 72.0}
_PATTERN = re.compile(r"^\s*([0-9]*\.?[0-9]+(?:[eE][-+]?[0-9]+)?)\s*([a-zA-Z]+)\s*$")


def to_mm(value: object, what: str) -> float:
    """Convert ``value`` to millimetres.

    A number is taken as millimetres; a string carries its unit as R's ``unit()`` would:
    ``"10mm"``, ``"1.5cm"``, ``"2in"``, ``"12pt"``, ``"12bigpts"``.
    """
    if isinstance(value, bool):
        raise InputError(f"{what} must be a length such as 10 (mm) or '1cm', got {value!r}")
    if isinstance(value, (int, float)):
        out = float(value)
    elif isinstance(value, str):
        m = _PATTERN.match(value)
        if not m or m.group(2).lower() not in _PER_MM:
            raise InputError(
                f"{what}={value!r} is not a length; use a number of mm or a string such as "
                "'10mm', '1cm', '2in' or '12pt'"
            )
        out = float(m.group(1)) * _PER_MM[m.group(2).lower()]
    else:
        raise InputError(f"{what} must be a length such as 10 (mm) or '1cm', got {value!r}")
    if not out >= 0 or out == float("inf"):
        raise InputError(f"{what} must be a finite length >= 0, got {value!r}")
    return out
