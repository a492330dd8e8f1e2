"""Colour specifications (R names, hex) to the forms matplotlib and R want."""

from __future__ import annotations

from .colors import parse_color

__all__ = ["color_hex", "color_rgba"]


def color_rgba(spec: object) -> tuple[float, float, float, float]:
    """An R colour specification as matplotlib RGBA floats in 0..1."""
    r, g, b, a = parse_color(spec)
    return (r / 255.0, g / 255.0, b / 255.0, a / 255.0)


def color_hex(spec: object) -> str:
    """An R colour specification as ``"#RRGGBB"`` (``"#RRGGBBAA"`` when not opaque)."""
    r, g, b, a = parse_color(spec)
    return f"#{r:02X}{g:02X}{b:02X}" + ("" if a == 255 else f"{a:02X}")
