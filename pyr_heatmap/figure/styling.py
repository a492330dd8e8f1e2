"""ComplexHeatmap's styling arguments, checked and resolved for the spec.

- ``*_gp`` dicts (grid's ``gpar()``): ``fontsize``, ``fontface`` ("plain", "bold", "italic",
  "bold.italic"), ``fontfamily``, ``col``; ``rect_gp`` (``col``, ``lwd``, ``type="none"``).
- ``col`` given as a list of colours, a dict of breaks -> colours or a matplotlib colormap name.
- ``heatmap_legend_param`` and ``cell_text``.

Every unsupported key or value raises :class:`~pyr_heatmap.errors.InputError` naming the
argument (never a silent drop).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from pyr_heatmap.errors import InputError
from pyr_heatmap.figure.checks import _number
from pyr_heatmap.figure.spec import Font, LegendSpec

__all__ = ["CellText", "RectGp", "resolve_cell_text", "resolve_col", "resolve_font",
           "resolve_legend", "resolve_rect_gp", "resolve_side"]

FACES = ("plain", "bold", "italic", "bold.italic")
_FACE_NUMBERS = {1: "plain", 2: "bold", 3: "italic", 4: "bold.italic"}
_TEXT_GP_KEYS = {"fontsize", "fontface", "fontfamily", "col"}


def _colour(value: Any, what: str) -> str:
    from pyr_heatmap.figure.colors import color_rgba

    if not isinstance(value, str):
        raise InputError(f"{what} must be a colour name or hex string, got {value!r}")
    try:
        color_rgba(value)
    except (InputError, ValueError, KeyError) as exc:
        raise InputError(f"{what}: {value!r} is not a colour R knows ({exc})") from exc
    return value


def resolve_font(gp: Any, what: str, default_size: float) -> tuple[float, Font]:
    """Font size and :class:`Font` of a text ``gp`` (a dict, a number = font size, or None)."""
    if gp is None:
        return default_size, Font()
    if not isinstance(gp, Mapping):
        size = _number(gp, f"{what} fontsize")
        if size <= 0:
            raise InputError(f"{what} fontsize must be > 0, got {gp!r}")
        return size, Font()
    unknown = set(gp) - _TEXT_GP_KEYS
    if unknown:
        raise InputError(f"{what} keys {sorted(unknown)} are not supported (supported: "
                         f"{', '.join(sorted(_TEXT_GP_KEYS))})")
    size = _number(gp.get("fontsize", default_size), f"{what} fontsize")
    if size <= 0:
        raise InputError(f"{what} fontsize must be > 0, got {gp.get('fontsize')!r}")
    face = gp.get("fontface", "plain")
    if isinstance(face, (int, np.integer)) and not isinstance(face, bool):
        face = _FACE_NUMBERS.get(int(face), face)
    if face not in FACES:
        raise InputError(f"{what} fontface must be one of {', '.join(FACES)}, got {face!r}")
    family = gp.get("fontfamily")
    if family is not None and (not isinstance(family, str) or not family):
        raise InputError(f"{what} fontfamily must be a font family name, got {family!r}")
    col = _colour(gp.get("col", "black"), f"{what} col")
    return size, Font(face=face, family=family, col=col)


class RectGp:
    """Cell borders (``rect_gp``): border colour and width, or no cells at all."""

    def __init__(self, col: str | None = None, lwd: float = 1.0, draw: bool = True) -> None:
        self.col = col
        self.lwd = lwd
        self.draw = draw

    def as_r(self) -> dict[str, Any]:
        return {"col": self.col, "lwd": float(self.lwd), "type": "fill" if self.draw else "none"}


def check_gp_keys(gp: Any, what: str, keys: tuple[str, ...], example: str,
                  extra: str = "") -> Mapping[str, Any]:
    """A ``gpar()``-style dict with only ``keys``, or InputError naming ``what``."""
    if not isinstance(gp, Mapping):
        raise InputError(f"{what} must be a dict such as {example}, got {gp!r}")
    unknown = set(gp) - set(keys)
    if unknown:
        raise InputError(f"{what} keys {sorted(unknown)} are not supported (supported: "
                         f"{', '.join(keys)}{extra})")
    return gp


def resolve_rect_gp(gp: Any) -> RectGp:
    if gp is None:
        return RectGp()
    check_gp_keys(gp, "rect_gp", ("col", "lwd", "type"), "{'col': 'white', 'lwd': 1}")
    col = gp.get("col")
    col = None if col is None else _colour(col, "rect_gp col")
    lwd = _number(gp.get("lwd", 1.0), "rect_gp lwd")
    kind = gp.get("type", "fill")
    if kind not in ("fill", "none"):
        raise InputError(f"rect_gp type must be 'fill' or 'none', got {kind!r}")
    return RectGp(col, lwd, kind == "fill")


def resolve_side(value: Any, what: str, allowed: tuple[str, str]) -> str:
    if value not in allowed:
        raise InputError(f"{what} must be {allowed[0]!r} or {allowed[1]!r}, got {value!r}")
    return str(value)


def resolve_col(col: Any, values: np.ndarray, space: str = "LAB") -> Any:
    """``col`` as a :class:`ColorRamp2`: a ramp as given; a list of colours spread evenly over
    the data range in ``space`` (``color_space``; ComplexHeatmap's rule for a vector); a dict
    breaks -> colours; a matplotlib colormap name (sampled at 65 points, in sRGB)."""
    from pyr_heatmap.figure.colors import ColorRamp2, color_ramp2

    if isinstance(col, ColorRamp2):
        return col
    finite = values[np.isfinite(values)]
    lo, hi = (float(finite.min()), float(finite.max())) if finite.size else (0.0, 1.0)
    if isinstance(col, str):
        try:
            import matplotlib

            cmap = matplotlib.colormaps[col]
        except KeyError:
            raise InputError(f"col {col!r} is not a matplotlib colormap name; give a list of "
                             "colours, a dict of breaks to colours, or color_ramp2(...)") from None
        pos = np.linspace(0.0, 1.0, 65)
        rgba = cmap(pos)
        hexes = ["#{:02X}{:02X}{:02X}".format(*(round(float(c) * 255) for c in rgb[:3]))
                 for rgb in rgba]
        return color_ramp2(list(lo + pos * (hi - lo if hi > lo else 1.0)), hexes, space="sRGB")
    if isinstance(col, Mapping):
        if len(col) < 2:
            raise InputError("col as a dict needs at least two breaks: {-2: 'blue', 2: 'red'}")
        breaks = [_number(b, "col break") for b in col]
        return color_ramp2(breaks, [_colour(c, "col colour") for c in col.values()])
    if isinstance(col, (list, tuple, np.ndarray, pd.Series)):
        colours = [_colour(c, "col colour") for c in list(col)]
        if len(colours) < 2:
            raise InputError("col as a list needs at least two colours")
        n_unique = np.unique(finite).size
        if len(colours) == n_unique:
            raise InputError(
                f"col has as many colours as the matrix has distinct values ({n_unique}); "
                "ComplexHeatmap would then map values one to one (a discrete matrix), which "
                "is not supported: add or remove a colour, or give a dict of breaks")
        return color_ramp2(list(np.linspace(lo, hi, len(colours))), colours, space=space)
    raise InputError(
        "col must be color_ramp2(breaks, colors), a list of colours, a dict of breaks to "
        f"colours, or a matplotlib colormap name; got {type(col).__name__}")


_LEGEND_KEYS = {"title", "at", "labels", "direction", "legend_height", "legend_width",
                "title_position", "color_bar", "title_gp", "labels_gp"}


def resolve_legend(param: Any, name: str, show: bool) -> LegendSpec:
    """``heatmap_legend_param`` as a :class:`LegendSpec`."""
    from pyr_heatmap.figure.units import to_mm

    p = dict(param or {})
    unknown = set(p) - _LEGEND_KEYS
    if unknown:
        raise InputError(f"heatmap_legend_param keys {sorted(unknown)} are not supported "
                         f"(supported: {', '.join(sorted(_LEGEND_KEYS))})")
    at = p.get("at")
    labels = p.get("labels")
    if at is not None:
        if isinstance(at, (str, bytes)) or not hasattr(at, "__iter__"):
            raise InputError(f"heatmap_legend_param 'at' must be a list of numbers, got {at!r}")
        at = tuple(_number(v, "heatmap_legend_param 'at'") for v in at)
    if labels is not None:
        labels = tuple(str(v) for v in labels)
        if at is None or len(labels) != len(at):
            raise InputError("heatmap_legend_param labels need an 'at' of the same length")
    direction = p.get("direction", "vertical")
    if direction not in ("vertical", "horizontal"):
        raise InputError("heatmap_legend_param direction must be 'vertical' or 'horizontal', "
                         f"got {direction!r}")
    positions = ("topleft", "topcenter", "leftcenter", "lefttop", "leftcenter-rot",
                 "lefttop-rot")
    title_position = p.get("title_position", "topleft")
    if title_position not in positions:
        raise InputError(f"heatmap_legend_param title_position must be one of "
                         f"{', '.join(positions)}, got {title_position!r}")
    color_bar = p.get("color_bar", "continuous")
    if color_bar not in ("continuous", "discrete"):
        raise InputError("heatmap_legend_param color_bar must be 'continuous' or 'discrete', "
                         f"got {color_bar!r}")
    _check_title_position(title_position, direction, color_bar)
    height = p.get("legend_height")
    width = p.get("legend_width")
    title_size, title_font = resolve_font(p.get("title_gp"), "heatmap_legend_param title_gp",
                                          10.0)
    label_size, label_font = resolve_font(p.get("labels_gp"),
                                          "heatmap_legend_param labels_gp", 10.0)
    if "title_gp" not in p:
        title_font = Font(face="bold")
    return LegendSpec(
        str(p.get("title", name)), at, labels, bool(show), direction=direction,
        height_mm=None if height is None else to_mm(height, "legend_height"),
        width_mm=None if width is None else to_mm(width, "legend_width"),
        title_position=title_position, color_bar=color_bar,
        title_fontsize=title_size, title_font=title_font,
        labels_fontsize=label_size, labels_font=label_font,
    )


def _check_title_position(position: str, direction: str, color_bar: str) -> None:
    """ComplexHeatmap's ``Legend()`` rule for a colour bar: a vertical one takes no title on its
    left unrotated, a horizontal one no rotated title."""
    if color_bar == "discrete":
        if not position.startswith("top"):
            raise InputError("heatmap_legend_param title_position other than topleft/topcenter "
                             "is drawn for the continuous colour bar only so far; use "
                             "color_bar='continuous' or title_position='topleft'")
        return
    refused = ("leftcenter", "lefttop") if direction == "vertical" else ("leftcenter-rot",
                                                                         "lefttop-rot")
    if position in refused:
        allowed = ("topleft, topcenter, leftcenter-rot, lefttop-rot" if direction == "vertical"
                   else "topleft, topcenter, lefttop, leftcenter")
        raise InputError(f"heatmap_legend_param title_position={position!r} is refused by "
                         f"ComplexHeatmap for a {direction} colour bar: use one of {allowed} "
                         "(or the other direction)")


class CellText:
    """Text drawn in every cell: strings in matrix shape, with a font."""

    def __init__(self, text: np.ndarray, fontsize: float, font: Font) -> None:
        self.text = text
        self.fontsize = fontsize
        self.font = font


def resolve_cell_text(cell_text: Any, values: np.ndarray, rows: tuple[str, ...],
                      cols: tuple[str, ...], gp: Any) -> CellText | None:
    """``cell_text``: a format (``"{:.1f}"``), a DataFrame or an array of strings."""
    if cell_text is None:
        return None
    size, font = resolve_font(gp, "cell_text_gp", 10.0)
    if isinstance(cell_text, str):
        try:
            text = np.array([[("" if not np.isfinite(v) else cell_text.format(v)) for v in row]
                             for row in values], dtype=object)
        except (ValueError, IndexError, KeyError) as exc:
            raise InputError(f"cell_text {cell_text!r} is not a format for one number, such as "
                             f"'{{:.1f}}' ({exc})") from exc
    elif isinstance(cell_text, pd.DataFrame):
        if cell_text.shape != values.shape:
            raise InputError(f"cell_text has shape {cell_text.shape}, the matrix {values.shape}")
        text = cell_text.astype(str).to_numpy(dtype=object)
    else:
        text = np.asarray(cell_text, dtype=object)
        if text.shape != values.shape:
            raise InputError(f"cell_text has shape {text.shape}, the matrix {values.shape}")
        text = np.vectorize(str, otypes=[object])(text)
    text.flags.writeable = False
    return CellText(text, size, font)
