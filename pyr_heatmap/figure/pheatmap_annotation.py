"""pheatmap's ``annotation_row``/``annotation_col`` compiled to tracks, with pheatmap's colours.

R equivalent (pheatmap 1.0.12)::

    annotation_col <- annotation_col[colnames(mat), , drop = FALSE]     # drawn order, by name
    annotation_colors <- generate_annotation_colours(annotation, annotation_colors, drop_levels)
    convert_annotations(annotation_col, annotation_colors)
    # levels -> colours; numbers -> colorRampPalette(cols)(100)[cut(x, 100)]
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from pyr_heatmap.engine.pheatmap_order import color_ramp_palette_hex, r_seq_length_out
from pyr_heatmap.engine.rfactor import r_as_character, r_num_str, r_sort_strings
from pyr_heatmap.errors import InputError
from pyr_heatmap.figure.colors import r_color_to_hex
from pyr_heatmap.figure.pheatmap_colors import BREWER_SEQ4, RMersenneTwister, hue_pal, r_sample
from pyr_heatmap.figure.pheatmap_spec import AnnotationTrack
from pyr_heatmap.figure.pretty import pretty

__all__ = ["annotation_tracks", "grid_pretty", "ramp_hex"]


def grid_pretty(lo: float, hi: float) -> np.ndarray:
    """grid's ``grid.pretty(c(lo, hi))``: R's pretty values that lie inside the range."""
    p = pretty(lo, hi)
    a, b = min(lo, hi), max(lo, hi)
    return p[(p >= a) & (p <= b)]


def ramp_hex(colors: list[str] | tuple[str, ...], n: int) -> list[str]:
    """``colorRampPalette(colors)(n)`` for any R colours (names resolved as R does)."""
    return color_ramp_palette_hex([r_color_to_hex(c)[:7] for c in colors], n)


def _is_discrete(s: pd.Series) -> bool:
    if pd.api.types.is_bool_dtype(s.dtype):
        raise InputError(f"annotation {s.name!r} is logical; pheatmap cannot draw logical "
                         "annotations: convert it to strings (e.g. .map(str)) or numbers")
    return not pd.api.types.is_numeric_dtype(s.dtype)


def _levels(s: pd.Series, drop: bool) -> list[str]:
    """``levels(as.factor(x))`` of the non-missing values (all levels of a factor unless drop)."""
    present = [r_as_character(v) for v in s.dropna().tolist()]
    if isinstance(s.dtype, pd.CategoricalDtype):
        levels = [r_as_character(v) for v in s.cat.categories]
        return levels if not drop else [v for v in levels if v in set(present)]
    return r_sort_strings(list(dict.fromkeys(present)))


def _cut100(x: np.ndarray) -> np.ndarray:
    """``cut(x, breaks = 100)`` codes (1..100), NA for missing."""
    ok = ~np.isnan(x)
    lo, hi = float(x[ok].min()), float(x[ok].max())
    dx = hi - lo
    if dx == 0:
        dx = abs(lo) if lo != 0 else 1.0
        breaks = r_seq_length_out(lo - dx / 1000, hi + dx / 1000, 101)
    else:
        breaks = r_seq_length_out(lo, hi, 101)
        breaks[0], breaks[-1] = lo - dx / 1000, hi + dx / 1000
    code = np.searchsorted(breaks, x, side="left")
    return np.where(ok, code, 0)


def _frame(ann: Any, names: tuple[str, ...] | None, what: str) -> pd.DataFrame:
    if not isinstance(ann, pd.DataFrame):
        raise InputError(f"{what} must be a pandas DataFrame indexed by the matrix's "
                         f"{'row' if what.endswith('row') else 'column'} names, got "
                         f"{type(ann).__name__}")
    if names is None:
        raise InputError(f"{what} is matched to the matrix by name, but the matrix has no "
                         "names on that axis; give a DataFrame with an index")
    index = [str(v) for v in ann.index]
    if len(set(index)) != len(index):
        raise InputError(f"{what} has duplicated index values")
    frame = ann.copy()
    frame.index = index
    return frame.reindex(list(names))  # annotation[colnames(mat), ]: NA rows for unknown names


def annotation_tracks(
    frames: list[tuple[str, pd.DataFrame]],
    annotation_colors: Mapping[str, Any] | None,
    drop_levels: bool,
) -> dict[str, tuple[AnnotationTrack, ...]]:
    """Compile the annotation frames (``("col", df)``/``("row", df)``, already in drawn order)
    into tracks; the default colours are pheatmap's ``generate_annotation_colours``."""
    given = dict(annotation_colors or {})
    variables: list[tuple[str, str, pd.Series]] = []
    for which, df in frames:  # c(annotation_row, annotation_col) in pheatmap
        for name in df.columns:
            variables.append((which, str(name), df[name]))
    # generate_annotation_colours: one hue palette for all levels, shuffled with seed 3453
    count = 0
    for _, _, s in variables:
        if _is_discrete(s):
            count += len(_levels(s, drop_levels))
    factor_colors = hue_pal(count) if count else []
    rng = RMersenneTwister(3453)
    cont = 0
    colors: dict[str, Any] = {}
    for _, name, s in variables:
        if name in given:
            continue
        if _is_discrete(s):
            levels = _levels(s, drop_levels)
            ind = r_sample(rng, len(factor_colors), len(levels))
            colors[name] = dict(zip(levels, [factor_colors[i - 1] for i in ind], strict=True))
            taken = set(ind)
            factor_colors = [c for k, c in enumerate(factor_colors, 1) if k not in taken]
        else:
            if cont >= len(BREWER_SEQ4):
                raise InputError("pheatmap has default colours for at most 17 numeric "
                                 "annotations; give annotation_colors")
            colors[name] = list(BREWER_SEQ4[cont][1])
            cont += 1
    colors.update(given)
    out: dict[str, list[AnnotationTrack]] = {"row": [], "col": []}
    for which, name, s in variables:
        out[which].append(_track(name, s, colors[name], drop_levels))
    return {k: tuple(v) for k, v in out.items()}


def _track(name: str, s: pd.Series, spec: Any, drop: bool) -> AnnotationTrack:
    if _is_discrete(s):
        if not isinstance(spec, Mapping):
            raise InputError(f"annotation_colors[{name!r}] must map each level to a colour "
                             "(a dict), as pheatmap's named vector")
        levels = _levels(s, drop)
        missing = [v for v in levels if v not in spec]
        if missing:
            raise InputError(f"Factor levels on variable {name} do not match with "
                             f"annotation_colors (pheatmap's error): no colour for {missing[:5]}")
        hexes = {str(k): r_color_to_hex(v) for k, v in spec.items()}
        cells = tuple(None if pd.isna(v) else hexes[r_as_character(v)] for v in s.tolist())
        return AnnotationTrack(name, cells, True, tuple(str(k) for k in spec),
                               tuple(hexes.values()))
    x = pd.to_numeric(s, errors="coerce").to_numpy(dtype=np.float64)
    if np.isnan(x).all():
        raise InputError(f"annotation {name!r} has no value for the matrix's names")
    cols = list(spec) if not isinstance(spec, str) else [spec]
    pal = ramp_hex(cols, 100)
    code = _cut100(x)
    cells = tuple(None if c == 0 else pal[c - 1] for c in code)
    ok = x[~np.isnan(x)]
    ticks = grid_pretty(float(ok.min()), float(ok.max()))
    rng = (r_num_str(float(ticks.max())), r_num_str(float(ticks.min()))) if ticks.size else ()
    return AnnotationTrack(name, cells, False, (), tuple(ramp_hex(cols, 4)), rng)


def check_frame(ann: Any, names: tuple[str, ...] | None, what: str) -> pd.DataFrame | None:
    """The annotation frame reindexed to ``names`` (drawn order), or None."""
    if ann is None:
        return None
    frame = _frame(ann, names, what)
    return frame if frame.shape[1] else None
