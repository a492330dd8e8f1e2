"""Argument checks shared by the figure's front ends: numbers, font sizes, text that R can hold."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from pyr_heatmap.errors import InputError
from pyr_heatmap.figure.spec import HeatmapSpec


def _number(value: Any, what: str) -> float:
    """A finite real number, or InputError naming the argument."""
    if isinstance(value, (bool, np.bool_, str, bytes)) or not isinstance(
            value, (int, float, np.integer, np.floating)) or not np.isfinite(value):
        raise InputError(f"{what} must be a finite number, got {value!r}")
    return float(value)


def _fontsize(gp: Any, what: str) -> float:
    """The font size of ``row_names_gp``-style arguments (a dict or a number; default 12)."""
    size = gp.get("fontsize", 12.0) if isinstance(gp, Mapping) else (12.0 if gp is None else gp)
    value = _number(size, f"{what} fontsize")
    if value <= 0:
        raise InputError(f"{what} fontsize must be > 0, got {size!r}")
    return value


def _check_text(spec: HeatmapSpec) -> None:
    """Every piece of text can reach R verbatim: valid Unicode, no NUL character.

    Labels containing NUL would be cut short in R (and in the exported CSV files), and lone
    surrogates (text decoded with ``errors="surrogateescape"``) cannot be written as UTF-8.
    """
    pieces: list[tuple[str, Any]] = [("name", spec.name), ("legend title", spec.legend.title)]
    pieces += [("legend label", v) for v in spec.legend.labels or ()]
    for which, axis in (("row", spec.row), ("column", spec.column)):
        pieces += [(f"{which} name", v) for v in axis.labels]
        pieces += [(f"{which} slice name", s.title) for s in axis.slices]
        if axis.title is not None:
            pieces.append((f"{which}_title", axis.title))
        for block in (axis.before, axis.after):
            for t in block.tracks if block is not None else ():
                pieces.append(("annotation name", t.name))
                pieces += [(f"annotation {t.name!r} level", v) for v in t.levels]
    texts = [str(v) for _, v in pieces]
    joined = "".join(texts)
    try:
        joined.encode("utf-8")
        clean = "\x00" not in joined
    except UnicodeEncodeError:
        clean = False
    if clean:
        return
    for (what, _), text in zip(pieces, texts, strict=True):
        if "\x00" in text:
            raise InputError(f"{what} {text!r} contains the NUL character, which R strings "
                             "cannot hold; remove it")
        try:
            text.encode("utf-8")
        except UnicodeEncodeError as exc:
            raise InputError(
                f"{what} {text!r} is not valid Unicode text (lone surrogate "
                f"U+{ord(text[exc.start]):04X}, e.g. from bytes decoded with "
                "errors='surrogateescape'); decode the text with its real encoding"
            ) from exc


def _colour(value: Any, what: str) -> Any:
    """``value`` unchanged when R accepts it as a colour, else an InputError naming ``what``."""
    from pyr_heatmap.figure.colors import r_color_to_hex

    try:
        r_color_to_hex(value)
    except InputError as exc:
        raise InputError(f"{what}: {exc}") from None
    return value
