"""Text in annotation functions as ComplexHeatmap measures and places it: widths of numbers in
Helvetica (R measures text on a PDF device), the default size of ``anno_text``/``anno_mark``
labels, and ``anno_text``'s ``location``.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from pyr_heatmap.errors import InputError
from pyr_heatmap.figure.units import to_mm

__all__ = ["CAP_HEIGHT", "MM_PER_PT", "helvetica_number_width_mm"]

MM_PER_PT = 25.4 / 72
CAP_HEIGHT = 0.718  # grid's height of a text: Helvetica's cap height


# Helvetica's advance widths (its AFM, 1/1000 em) of what R prints numbers with: R measures
# text on a PDF device, whose sans font is Helvetica
_HELVETICA = {**dict.fromkeys("0123456789", 556), ".": 278, "-": 333, "+": 584, "e": 556,
              "N": 722, "A": 667, "I": 278, "n": 556, "f": 278}


def helvetica_number_width_mm(text: str, fontsize: float) -> float | None:
    """Width (mm) of one number as R prints it, in Helvetica as R measures it on a PDF device;
    None when ``text`` holds a character outside the numbers' alphabet."""
    if not all(c in _HELVETICA for c in text):
        return None
    # R's PDF encoding draws "-" as Helvetica's minus sign, as wide as "+"
    return sum(_HELVETICA["+" if c == "-" else c] for c in text) / 1000 * fontsize * MM_PER_PT


def _number_width_mm(texts: tuple[str, ...], fontsize: float) -> float:
    """Width (mm) of the widest of ``texts`` (numbers as R prints them), in Helvetica as R
    measures it."""
    if all(c in _HELVETICA for t in texts for c in t):
        return max((sum(_HELVETICA[c] for c in t) for t in texts), default=0) / 1000 \
            * fontsize * MM_PER_PT
    return _text_width_mm(texts, fontsize)


def _text_width_mm(texts: tuple[str, ...], fontsize: float) -> float:
    """Width (mm) of the widest of ``texts`` at ``fontsize``."""
    from matplotlib.font_manager import FontProperties
    from matplotlib.textpath import text_to_path

    prop = FontProperties(size=fontsize)
    return max((text_to_path.get_text_width_height_descent(t, prop, ismath=False)[0]
                for t in set(texts)), default=0.0) * MM_PER_PT


def _text_size(texts: tuple[str, ...], fontsize: float, rot: float, which: str) -> float:
    """ComplexHeatmap's default size of anno_text/anno_mark labels (max text extent)."""
    w = _text_width_mm(texts, fontsize)
    h = fontsize * MM_PER_PT
    r = np.deg2rad(rot)
    along = abs(w * np.cos(r)) + abs(h * np.sin(r))  # horizontal extent
    across = abs(w * np.sin(r)) + abs(h * np.cos(r))
    return across if which == "column" else along


def _location(location: Any, offset: Any, name: str) -> tuple[float, str] | None:
    """anno_text's ``location`` (or the deprecated ``offset``): (value, "npc" or "mm")."""
    if location is None:
        if offset is None:
            return None
        import warnings

        warnings.warn("anno_text: `offset` is deprecated, use `location` instead (as in R)",
                      FutureWarning, stacklevel=4)
        location = offset
    if isinstance(location, str) and location.strip().lower().endswith("npc"):
        try:
            return float(location.strip()[:-3]), "npc"
        except ValueError as exc:
            raise InputError(f"anno_text {name!r}: location {location!r} is not a share such "
                             "as '0.5npc'") from exc
    if isinstance(location, str):
        return to_mm(location, f"anno_text {name!r} location"), "mm"
    if isinstance(location, (int, float)) and not isinstance(location, bool):
        return float(location), "npc"  # R: a number is taken as npc
    raise InputError(f"anno_text {name!r}: location must be a share of the annotation "
                     f"(0.5, '0.5npc') or a length ('2mm'), got {location!r}")
