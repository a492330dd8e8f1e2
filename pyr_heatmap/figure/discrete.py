"""Discrete (character) matrices: a heatmap of categories, as ComplexHeatmap draws one.

R equivalent::

    Heatmap(mat_chr)                                   # not clustered, a colour per category
    Heatmap(mat_chr, col = c(loss = "blue", gain = "red", neutral = "grey90"))
    Heatmap(mat_chr, clustering_distance_rows = function(x, y) sum(x != y))

ComplexHeatmap's rules (``Heatmap()`` in 2.14.0, checked against live R):

- A character matrix is clustered only when the user gives a distance (a function: R's named
  distances stop on characters) or a tree; ``*_dend_reorder`` becomes ``FALSE`` and
  ``cluster_*_slices`` ``FALSE`` (``TRUE`` only for a supplied tree split into ``k``).
- Without ``col`` R picks random colours for the categories in order of first appearance
  (column-major). pyr_heatmap uses its fixed palette instead (the policy of annotations, see
  README "Where the backends differ on purpose") and hands the same colours to R.
- With ``col = {category: colour}`` the legend lists the named categories present in the
  matrix, in ``col``'s order.

The spec stores the matrix as category codes (``0 .. k-1``, NaN for missing) and a
:class:`DiscreteColors` mapping: backends draw codes through ``col.rgba`` like numbers.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from pyr_heatmap.errors import InputError

__all__ = ["DiscreteColors", "DiscreteMatrix", "discrete_matrix", "is_discrete_input"]


@dataclass(frozen=True, eq=False)
class DiscreteColors:
    """A colour per category; ``rgba(codes)`` maps category codes (``0 .. k-1``) to colours.

    Attributes
    ----------
    levels : tuple of str
        The categories, in legend order.
    colors : tuple of str
        ``"#RRGGBB"`` colour of each level.
    """

    levels: tuple[str, ...]
    colors: tuple[str, ...]
    discrete: bool = True

    def rgba(self, codes: Any) -> np.ndarray:
        """The colours of an array of codes (no NaN), shape ``codes.shape + (4,)``."""
        from pyr_heatmap.figure.colors import color_rgba

        table = np.array([color_rgba(c) for c in self.colors], dtype=float).reshape(-1, 4)
        return table[np.asarray(codes, dtype=np.int64)]

    def as_dict(self) -> dict[str, str]:
        return dict(zip(self.levels, self.colors, strict=True))


@dataclass(frozen=True, eq=False)
class DiscreteMatrix:
    """A character matrix read: codes into ``values`` (NaN for missing) and the labels."""

    codes: np.ndarray
    values: tuple[str, ...]  # distinct categories, order of first appearance (column-major)
    rows: tuple[str, ...]
    cols: tuple[str, ...]

    def strings(self) -> np.ndarray:
        """The matrix as an object array of strings (None for missing)."""
        out = np.full(self.codes.shape, None, dtype=object)
        ok = ~np.isnan(self.codes)
        out[ok] = np.asarray(self.values, dtype=object)[self.codes[ok].astype(np.int64)]
        return out


def _is_text(v: object) -> bool:
    return isinstance(v, (str, np.str_))


def is_discrete_input(m: object) -> bool:
    """Whether ``m`` is a matrix of categories (strings, categoricals, booleans as text)."""
    if isinstance(m, pd.DataFrame):
        if m.shape[1] == 0:
            return False
        for _, dt in m.dtypes.items():
            if isinstance(dt, pd.CategoricalDtype) or pd.api.types.is_string_dtype(dt):
                continue
            if dt.kind == "O":
                continue
            return False
        return any(_is_text(v) for v in m.to_numpy(dtype=object).ravel() if not _isna(v))
    if isinstance(m, np.ndarray):
        if m.dtype.kind == "U":
            return True
        if m.dtype == object:
            return any(_is_text(v) for v in m.ravel() if not _isna(v))
        return False
    if isinstance(m, (list, tuple)) and m and isinstance(m[0], (list, tuple)):
        return any(_is_text(v) for row in m for v in row)
    return False


def _isna(v: object) -> bool:
    try:
        return bool(pd.isna(v))
    except (TypeError, ValueError):
        return False


def discrete_matrix(m: Any) -> DiscreteMatrix:
    """Read a matrix of categories (values as R's ``as.character`` prints them)."""
    from pyr_heatmap.engine.rfactor import r_as_character

    if isinstance(m, pd.DataFrame):
        arr = m.to_numpy(dtype=object)
        rows = tuple(str(v) for v in m.index)
        cols = tuple(str(v) for v in m.columns)
    else:
        arr = np.asarray(m, dtype=object)
        if arr.ndim != 2:
            raise InputError(f"the matrix must be 2-D, got {arr.ndim} dimension(s)")
        rows = tuple(str(i + 1) for i in range(arr.shape[0]))
        cols = tuple(str(i + 1) for i in range(arr.shape[1]))
    if arr.size == 0:
        raise InputError(f"the matrix is empty (shape {arr.shape}); nothing to draw")
    codes = np.full(arr.shape, np.nan)
    seen: dict[str, int] = {}
    for j in range(arr.shape[1]):  # column-major, as R's unique(as.vector(m))
        for i in range(arr.shape[0]):
            v = arr[i, j]
            if _isna(v):
                continue
            s = r_as_character(v)
            codes[i, j] = seen.setdefault(s, len(seen))
    if not seen:
        raise InputError("the character matrix has only missing values; nothing to draw")
    return DiscreteMatrix(codes, tuple(seen), rows, cols)


def discrete_colors(dm: DiscreteMatrix, col: Any, palette: tuple[str, ...]) -> tuple[
        np.ndarray, DiscreteColors]:
    """Codes re-numbered to the legend order, and the colour of each level."""
    from pyr_heatmap.figure.colors import r_color_to_hex

    if col is None:
        levels = list(dm.values)
        colors = [palette[i % len(palette)] for i in range(len(levels))]
    elif isinstance(col, Mapping):
        given = {str(k): r_color_to_hex(v) for k, v in col.items()}
        present = set(dm.values)
        missing = [v for v in dm.values if v not in given]
        if missing:
            raise InputError(
                f"col has no colour for the categories {missing[:5]} of the matrix; give one "
                "colour per category, e.g. col={'gain': 'red', 'loss': 'blue'}"
            )
        levels = [k for k in given if k in present]  # R: col[intersect(names(col), matrix)]
        colors = [given[k] for k in levels]
    else:
        raise InputError(
            "col of a character matrix must be a dict category -> colour, e.g. "
            "col={'gain': 'red', 'loss': 'blue'}"
        )
    where = {v: levels.index(v) for v in dm.values}
    remap = np.array([where[v] for v in dm.values], dtype=float)
    codes = dm.codes.copy()
    ok = ~np.isnan(codes)
    codes[ok] = remap[codes[ok].astype(np.int64)]
    return codes, DiscreteColors(tuple(levels), tuple(colors))


def _wrap_distance(fun: Callable[..., Any], levels: tuple[str, ...], n_params: int) -> Any:
    """A distance function on category codes that hands the user's function strings."""
    lv = np.asarray((*levels, None), dtype=object)

    def strings(x: np.ndarray) -> np.ndarray:
        idx = np.where(np.isnan(x), len(levels), x).astype(np.int64)
        return lv[idx]

    if n_params == 2:
        def pairwise(x: np.ndarray, y: np.ndarray) -> Any:
            return fun(strings(x), strings(y))
        return pairwise

    def whole(x: np.ndarray) -> Any:
        return fun(strings(x))
    return whole


def discrete_order_args(args: dict[str, Any], levels: tuple[str, ...]) -> dict[str, Any]:
    """The clustering arguments of a character matrix, as ComplexHeatmap rewrites them."""
    from pyr_heatmap.engine.axis import _n_params
    from pyr_heatmap.engine.hclust import HClust

    out = dict(args)
    for which in ("row", "column"):
        cluster = args[f"cluster_{which}s"]
        distance = args[f"clustering_distance_{which}s"]
        is_tree = isinstance(cluster, HClust)
        if isinstance(distance, str) and distance != "euclidean":
            raise InputError(
                f"clustering_distance_{which}s = {distance!r} cannot measure a character matrix "
                f"(R's dist() stops on text); give a function of two rows, e.g. "
                f"clustering_distance_{which}s=lambda x, y: (x != y).sum()"
            )
        if callable(distance):
            out[f"clustering_distance_{which}s"] = _wrap_distance(
                distance, levels, _n_params(distance))
            if callable(cluster) and not is_tree:
                raise InputError(f"cluster_{which}s as a function cannot cluster a character "
                                 "matrix; give a distance function instead")
        elif not is_tree:
            out[f"cluster_{which}s"] = False
        out[f"{which}_dend_reorder"] = False
        split = args[f"{which}_split"]
        from pyr_heatmap.engine.splits import is_split_count

        keep = is_tree and split is not None and is_split_count(split)
        if not keep:
            out[f"cluster_{which}_slices"] = False
    return out


@dataclass(frozen=True, eq=False)
class CompiledDiscrete:
    """What ``Heatmap.compile`` needs from a character matrix."""

    codes: np.ndarray
    rows: tuple[str, ...]
    cols: tuple[str, ...]
    colors: DiscreteColors
    order_args: dict[str, Any]


def compile_discrete(m: Any, col: Any, args: dict[str, Any]) -> CompiledDiscrete:
    """Read a character matrix, fix its colours and its clustering arguments."""
    from pyr_heatmap.figure.annotation import DISCRETE_PALETTE

    dm = discrete_matrix(m)
    codes, colors = discrete_colors(dm, col, DISCRETE_PALETTE)
    return CompiledDiscrete(codes, dm.rows, dm.cols, colors,
                            discrete_order_args(args, colors.levels))
