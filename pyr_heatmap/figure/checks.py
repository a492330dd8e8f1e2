"""Argument checks shared by the figure's front ends: numbers, font sizes, text that R can hold."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from pyr_heatmap.errors import InputError
from pyr_heatmap.figure.spec import HeatmapSpec
from pyr_heatmap.prepare._common import _is_real_dtype, anndata_hint, is_anndata


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


def read_matrix_arg(m: Any) -> tuple[np.ndarray, tuple[str, ...], tuple[str, ...]]:
    """The heatmap's matrix as float64 values with row and column labels, or an InputError."""
    if is_anndata(m):
        raise InputError(anndata_hint("Heatmap"))
    if isinstance(m, pd.DataFrame):
        # by position: with duplicated column names m[c] would be a DataFrame
        bad = [c for c, dt in m.dtypes.items() if not _is_real_dtype(dt)]
        if bad:
            raise InputError(
                f"the matrix has non-numeric columns {bad[:5]!r}; a heatmap needs real "
                "numbers: convert text numbers with df.apply(pd.to_numeric) and drop other "
                "columns (make a gene id column the index with df.set_index(column))"
            )
        values = m.to_numpy(dtype=np.float64, na_value=np.nan)
        rows = tuple(str(v) for v in m.index)
        cols = tuple(str(v) for v in m.columns)
    else:
        try:
            arr = np.asarray(m)
        except (TypeError, ValueError) as exc:
            raise InputError(
                f"the matrix cannot be read as a 2-D numeric array ({exc}); give a "
                "DataFrame or a rectangular array of numbers"
            ) from exc
        if arr.dtype.kind not in "biuf":
            raise InputError(f"the matrix must be numeric, got dtype {arr.dtype}")
        values = arr.astype(np.float64)
        if values.ndim != 2:
            raise InputError(f"the matrix must be 2-D, got {values.ndim} dimension(s)")
        rows = tuple(str(i + 1) for i in range(values.shape[0]))
        cols = tuple(str(i + 1) for i in range(values.shape[1]))
    if values.size == 0:
        raise InputError(f"the matrix is empty (shape {values.shape}); nothing to draw")
    if np.isinf(values).any():
        raise InputError(
            "the matrix contains infinite values; replace them (e.g. with NaN) before drawing"
        )
    return values, rows, cols


def check_clusterable(hm: Any, x: np.ndarray, labels: tuple[str, ...], which: str) -> None:
    """An unsplit axis clustered with a named distance has no line without any value.

    Such a line has NA distances to every other line, on which R's hclust() stops; say which
    line it is (R and the engine can only name the first NA distance).
    """
    if x.shape[0] < 2 or getattr(hm, f"{which}_split") is not None:
        return
    cluster = getattr(hm, f"cluster_{which}s")
    if cluster is None:  # unset: clustered unless an order is given (ComplexHeatmap's rule)
        cluster = getattr(hm, f"{which}_order", None) is None
    if cluster is not True:
        return
    if not isinstance(getattr(hm, f"clustering_distance_{which}s"), str):
        return
    km = getattr(hm, f"{which}_km")
    if km is not None and (np.ndim(km) != 0 or km != 1):
        return
    empty = np.flatnonzero(np.isnan(x).all(axis=1))
    if empty.size:
        shown = ", ".join(repr(labels[i]) for i in empty[:5])
        more = f" and {empty.size - 5} more" if empty.size > 5 else ""
        drop = "df.dropna(how='all')" if which == "row" else "df.dropna(axis=1, how='all')"
        raise InputError(
            f"{empty.size} {which}(s) have no non-missing value ({shown}{more}), so their "
            f"distances are NA and R's hclust() stops on them; drop them (e.g. {drop}) or "
            f"pass cluster_{which}s=False"
        )
