"""ComplexHeatmap's annotation functions: small plots along the rows or columns of a heatmap.

R equivalent::

    ha <- HeatmapAnnotation(total = anno_barplot(colSums(m)), spread = anno_boxplot(m))
    ra <- rowAnnotation(genes = anno_mark(at = c(3, 50, 400), labels = c("A", "B", "C")))

Python::

    ha = HeatmapAnnotation(total=anno_barplot(m.sum(axis=0)), spread=anno_boxplot(m))
    ra = rowAnnotation(genes=anno_mark(at=[2, 49, 399], labels=["A", "B", "C"]))

Each ``anno_*`` function takes ComplexHeatmap's arguments with its defaults and only stores
them; ``HeatmapAnnotation`` compiles it against the annotated axis into an immutable
:class:`AnnoTrack` (values in the matrix's original order, data range, axis ticks, colours),
which both backends draw: the native backend in ``backends/native/annotations.py``, the R backend
by calling ComplexHeatmap's own ``anno_*`` function (``r/annotations.R``).

Differences from ComplexHeatmap: ``anno_mark(at=...)`` takes 0-based indices (Python's
convention, as every order this package returns) or labels of the annotated axis; ``gp`` is a
dict of grid's graphical parameters (``fill``, ``col``, ``lwd``, ``lty``, ``fontsize``); colours
chosen by ComplexHeatmap at random (``anno_simple`` without ``col``) come from the package's
fixed palette, also handed to R.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from pyr_heatmap.errors import InputError

__all__ = [
    "ANNO_KINDS", "AnnoFunction", "AnnoTrack", "anno_barplot", "anno_block", "anno_boxplot",
    "anno_density", "anno_empty", "anno_histogram", "anno_lines", "anno_mark", "anno_points",
    "anno_simple", "anno_text",
]

ANNO_KINDS = ("simple", "barplot", "points", "lines", "boxplot", "histogram", "density", "text",
              "mark", "block", "empty")
# ComplexHeatmap 2.14's default size (height of a column annotation, width of a row one), mm
DEFAULT_SIZE_MM = {"simple": 5.0, "barplot": 10.0, "points": 10.0, "lines": 10.0,
                   "boxplot": 20.0, "histogram": 40.0, "density": 40.0, "block": 5.0,
                   "empty": 10.0}
GP_KEYS = ("fill", "col", "lwd", "lty", "fontsize", "alpha")


@dataclass(frozen=True, eq=False)
class AnnoFunction:
    """What an ``anno_*`` call returns: its kind and its arguments, unchecked until drawn."""

    kind: str
    args: dict[str, Any]

    def __repr__(self) -> str:
        return f"anno_{self.kind}(...)"


@dataclass(frozen=True, eq=False)
class AnnoTrack:
    """An annotation function compiled against its axis; both backends draw it.

    Attributes
    ----------
    name, kind, which : str
    size_mm : float
        Height (column annotation) or width (row annotation).
    data : dict
        The kind's values, in the matrix's original order (``values``: ``(n,)`` or ``(n, k)``
        floats; ``lists``: one array per row/column; ``at``/``labels`` for ``anno_mark``...).
    scale : tuple of float or None
        The data range the plot spans (ComplexHeatmap's ``data_scale``).
    axis_at : tuple of float
        Axis ticks (empty: no axis).
    gp : dict
        Graphical parameters, colours as ``"#RRGGBB"`` (vectors kept as tuples).
    params : dict
        The other arguments of the kind (``border``, ``bar_width``, ``pch``...).
    """

    name: str
    kind: str
    which: str
    size_mm: float
    data: dict[str, Any]
    scale: tuple[float, float] | None = None
    axis_at: tuple[float, ...] = ()
    gp: dict[str, Any] = field(default_factory=dict)
    params: dict[str, Any] = field(default_factory=dict)
    discrete: bool = False  # never a colour-bar track: no legend
    levels: tuple[str, ...] = ()
    is_function: bool = True


def _gp(gp: Any, what: str) -> dict[str, Any]:
    from pyr_heatmap.figure.colors import r_color_to_hex

    if gp is None:
        return {}
    if not isinstance(gp, Mapping):
        raise InputError(f"{what} must be a dict of graphical parameters such as "
                         "{'fill': 'red', 'col': 'black', 'lwd': 1}")
    out: dict[str, Any] = {}
    for k, v in gp.items():
        if k not in GP_KEYS:
            raise InputError(f"{what}: unknown graphical parameter {k!r} (use {GP_KEYS})")
        many = isinstance(v, (list, tuple, np.ndarray))
        vals = list(v) if many else [v]
        if k in ("fill", "col"):
            vals = [r_color_to_hex(c) for c in vals]
        else:
            vals = [float(x) for x in vals]
        out[k] = tuple(vals) if many else vals[0]
    return out


# --------------------------------------------------------------------------------------------
# the user-facing constructors (arguments stored, checked at compile time)
# --------------------------------------------------------------------------------------------
def anno_simple(x: Any, col: Any = None, na_col: str = "grey", *, border: bool = False,
                pch: Any = None, pt_size: float | str = 4.0, pt_gp: Mapping[str, Any] | None
                = None, simple_anno_size: float | str = 5.0, width: Any = None,
                height: Any = None) -> AnnoFunction:
    """A colour bar, optionally with a symbol (``pch``) on each cell (R's ``anno_simple``).

    ``col``: dict level -> colour or a ColorRamp2 (default: the package's fixed palette /
    ramps); ``pch``: one symbol or one per value (R's pch codes 0-25 or a character; None:
    none); ``pt_size`` in mm (R's default is 0.8 of the cell's smaller side).
    """
    return AnnoFunction("simple", dict(locals()))


def anno_barplot(x: Any, baseline: float | str = 0, *, border: bool = True,
                 bar_width: float = 0.6, beside: bool = False, attach: bool = False,
                 gp: Mapping[str, Any] | None = None, ylim: Any = None, extend: float = 0.05,
                 axis: bool = True, axis_param: Mapping[str, Any] | None = None,
                 add_numbers: bool = False, numbers_gp: Mapping[str, Any] | None = None,
                 numbers_rot: float | None = None, numbers_offset: float | str = 2.0,
                 width: Any = None, height: Any = None) -> AnnoFunction:
    """Bars (R's ``anno_barplot``); a matrix (one column per part) draws stacked bars, or bars
    side by side with ``beside=True``.

    Parameters
    ----------
    x : array-like
        One value per row/column of the heatmap, or a matrix with one row per row/column.
    baseline : float or {"min", "max"}
        Where bars start (R's default 0).
    border : bool
        Draw a box around the annotation.
    bar_width : float
        Width of a bar (of the group of bars with ``beside``) as a share of the cell.
    beside, attach : bool
        Matrix columns side by side instead of stacked; ``attach`` packs them together in
        the middle ``bar_width`` of the cell (R: spread over the whole cell otherwise).
    gp : dict, optional
        ``fill``/``col``/``lwd`` of the bars: one value, or one per matrix column (default
        ``"#CCCCCC"``; for a matrix grey levels as in R).
    ylim : (float, float), optional
        The data range (default: the values' range).
    extend : float
        Share of the range added away from the baseline (R's 0.05).
    axis : bool
        Draw the data axis.
    axis_param : dict, optional
        ComplexHeatmap's ``axis_param``: ``side``, ``at``, ``labels``, ``labels_rot``, ``gp``,
        ``facing`` (``"outside"``/``"inside"``), ``direction`` (``"normal"``/``"reverse"``);
        see :mod:`pyr_heatmap.figure.annotation_axis`.
    add_numbers : bool
        Write each value at the end of its bar (a vector only, as in R).
    numbers_gp : dict, optional
        The numbers' ``fontsize`` (R's default 8) and ``col``.
    numbers_rot : float, optional
        Rotation of the numbers (R's default 45 for column annotations, 0 for row ones).
    numbers_offset : float or str
        Distance from the bar's end (mm, or a unit string; R's ``unit(2, "mm")``).
    width, height : float or str, optional
        Size of a row (width) or column (height) annotation, mm (default 10).
    """
    return AnnoFunction("barplot", dict(locals()))


def anno_points(x: Any, *, border: bool = True, gp: Mapping[str, Any] | None = None,
                pch: Any = 16, size: float | str = 2.0, ylim: Any = None, extend: float = 0.05,
                axis: bool = True, axis_param: Mapping[str, Any] | None = None,
                width: Any = None, height: Any = None) -> AnnoFunction:
    """Points (R's ``anno_points``); a matrix draws one set of points per column.
    ``axis_param`` as for :func:`anno_barplot`."""
    return AnnoFunction("points", dict(locals()))


def anno_lines(x: Any, *, border: bool = True, gp: Mapping[str, Any] | None = None,
               add_points: bool | None = None, pch: Any = 16, size: float | str = 2.0,
               ylim: Any = None, extend: float = 0.05, axis: bool = True,
               axis_param: Mapping[str, Any] | None = None, smooth: bool = False,
               width: Any = None, height: Any = None) -> AnnoFunction:
    """Lines through the values (R's ``anno_lines``). ``axis_param`` as for
    :func:`anno_barplot`; ``smooth=True`` draws R's ``loess`` curve through each slice's values
    instead (100 points, :func:`pyr_heatmap.engine.loess.r_loess_predict`); ``add_points``
    defaults to ``smooth``, as in R."""
    return AnnoFunction("lines", dict(locals()))


def anno_boxplot(x: Any, *, border: bool = True, gp: Mapping[str, Any] | None = None,
                 ylim: Any = None, extend: float = 0.05, outline: bool = True,
                 box_width: float = 0.6, pch: Any = 16, size: float | str = "4pt",
                 axis: bool = True, axis_param: Mapping[str, Any] | None = None,
                 width: Any = None, height: Any = None) -> AnnoFunction:
    """A box plot per column (column annotation) or per row (row annotation) of matrix ``x``
    (R's ``anno_boxplot``; boxes from R's ``boxplot.stats``). ``axis_param`` as for
    :func:`anno_barplot`."""
    return AnnoFunction("boxplot", dict(locals()))


def anno_histogram(x: Any, *, n_breaks: int = 11, border: bool = False,
                   gp: Mapping[str, Any] | None = None, axis: bool = True,
                   axis_param: Mapping[str, Any] | None = None, width: Any = None,
                   height: Any = None) -> AnnoFunction:
    """A histogram per column (or row) of matrix ``x`` (R's ``anno_histogram``: ``hist()``
    with ``breaks = n_breaks``). ``axis_param`` as for :func:`anno_barplot` (always in the
    normal direction, as in R)."""
    return AnnoFunction("histogram", dict(locals()))


def anno_density(x: Any, *, type: str = "lines", heatmap_colors: Any = None,
                 border: bool = True, gp: Mapping[str, Any] | None = None, axis: bool = True,
                 axis_param: Mapping[str, Any] | None = None, width: Any = None,
                 height: Any = None) -> AnnoFunction:
    """A density curve per column (or row) of matrix ``x`` (R's ``anno_density``).

    ``type``: ``"lines"``, ``"violin"`` or ``"heatmap"`` (each density as a strip of colours
    from ``heatmap_colors``, spread evenly from the smallest to the largest density of all;
    default R's ``rev(brewer.pal(name = "RdYlBu", n = 11))``). ``axis_param`` as for
    :func:`anno_barplot` (always in the normal direction, as in R)."""
    return AnnoFunction("density", dict(locals()))


def anno_text(x: Any, *, gp: Mapping[str, Any] | None = None, rot: float | None = None,
              just: str | None = None, location: float | str | None = None,
              offset: float | str | None = None, width: Any = None,
              height: Any = None) -> AnnoFunction:
    """Text, one per row/column (R's ``anno_text``); rotation and justification default as in
    ComplexHeatmap (columns: 90 degrees, rows: 0, justified towards the heatmap).

    ``location``: where the texts are anchored across the annotation, a share of its size
    (R's ``npc``: a number or ``"0.5npc"``) or a length (``"2mm"``); ``offset`` is R's
    deprecated name for it (used when ``location`` is not given)."""
    return AnnoFunction("text", dict(locals()))


def anno_mark(at: Any, labels: Any, *, side: str | None = None,
              labels_gp: Mapping[str, Any] | None = None, labels_rot: float | None = None,
              padding: float | str = 1.0, link_width: float | str = 5.0,
              link_gp: Mapping[str, Any] | None = None, extend: float | str = 0.0
              ) -> AnnoFunction:
    """Label some rows/columns, with connector lines; labels pushed apart as ComplexHeatmap
    does (circlize's ``smartAlign``). ``at``: 0-based indices or labels of the annotated axis.
    """
    return AnnoFunction("mark", dict(locals()))


def anno_block(*, gp: Mapping[str, Any] | None = None, labels: Any = None,
               labels_gp: Mapping[str, Any] | None = None, labels_rot: float | None = None,
               width: Any = None, height: Any = None) -> AnnoFunction:
    """One coloured block per slice with an optional label (R's ``anno_block``);
    ``gp["fill"]`` one colour per slice."""
    return AnnoFunction("block", dict(locals()))


def anno_empty(*, border: bool = True, width: Any = None, height: Any = None) -> AnnoFunction:
    """An empty box (R's ``anno_empty``)."""
    return AnnoFunction("empty", dict(locals()))
