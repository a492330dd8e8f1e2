"""``HeatmapAnnotation``: coloured bars along the columns (or rows) of a heatmap.

R equivalent::

    ha <- HeatmapAnnotation(lobe = lobe, age = age,
                            col = list(lobe = c(frontal = "red", temporal = "blue")))
    ra <- rowAnnotation(module = module)

Discrete values (strings, categoricals, booleans) get a colour per level, levels in R's order
(a Categorical's categories, otherwise the values sorted as R sorts strings); numeric values a
continuous :class:`~pyr_heatmap.figure.colors.ColorRamp2`. When ``col`` does not give the colours,
pyr_heatmap uses a fixed palette (discrete) and white-to-colour ramps (numeric) instead of
ComplexHeatmap's random colours, so a figure is the same every time and both backends agree.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from pyr_heatmap.errors import InputError
from pyr_heatmap.figure.annotation_functions import AnnoFunction
from pyr_heatmap.figure.units import to_mm

__all__ = ["AnnotationTrack", "HeatmapAnnotation", "rowAnnotation", "row_annotation"]

# A colour-blind-aware qualitative palette (Okabe-Ito, then Tableau-like extensions).
DISCRETE_PALETTE = (
    "#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#999999",
    "#8C564B", "#17BECF", "#BCBD22", "#7F7F7F", "#1F77B4", "#FF7F0E", "#2CA02C", "#D62728",
    "#9467BD", "#E377C2", "#AEC7E8", "#FFBB78",
)
CONTINUOUS_ENDS = ("#3182BD", "#E6550D", "#31A354", "#756BB1", "#636363")


@dataclass(frozen=True, eq=False)
class AnnotationTrack:
    """One annotation, resolved: values in the matrix's original order and their colours.

    Attributes
    ----------
    name : str
    values : numpy.ndarray
        Object array (discrete: level names as str, missing as None) or float array (numeric).
    discrete : bool
    colors : dict or ColorRamp2
        ``{level: "#RRGGBB"}`` for discrete tracks (levels in legend order), a ramp otherwise.
    levels : tuple of str
        Legend order of the discrete levels (empty for numeric tracks).
    """

    name: str
    values: np.ndarray
    discrete: bool
    colors: Any
    levels: tuple[str, ...] = ()

    def rgba(self, na_col: str = "grey") -> np.ndarray:
        """The colour of every value, ``(n, 4)`` floats; missing values get ``na_col``."""
        from pyr_heatmap.figure.colors import color_rgba

        if self.discrete:
            table = {lv: color_rgba(c) for lv, c in self.colors.items()}
            na = color_rgba(na_col)
            return np.array([table[v] if v is not None else na for v in self.values])
        vals = np.asarray(self.values, dtype=float)
        out = np.empty((vals.size, 4))
        ok = np.isfinite(vals)
        out[~ok] = color_rgba(na_col)
        if ok.any():
            out[ok] = self.colors.rgba(vals[ok])
        return out


class HeatmapAnnotation:
    """Annotations of the columns (``which="column"``) or rows (``which="row"``) of a heatmap.

    Parameters
    ----------
    df : pandas.DataFrame, optional
        One annotation per column of ``df``; rows in the order of the matrix's columns (or rows),
        or indexed by the matrix's column (row) labels, in which case they are aligned by label.
    col : dict, optional
        ``{annotation: {level: colour}}`` for discrete annotations or
        ``{annotation: ColorRamp2}`` for numeric ones. Colours are R colour names or hex strings.
    which : {"column", "row"}
    na_col : str
        Colour of missing values.
    show_legend : bool or dict
        Draw a legend for each colour-bar annotation; ``{name: bool}`` per annotation.
    show_annotation_name : bool
        Draw the annotation names beside the bars.
    simple_anno_size : float or str
        Thickness of each bar (ComplexHeatmap's default ``unit(5, "mm")``).
    gap : float or str, or a sequence of them
        Space between annotations (default 1 mm); a sequence gives one gap per pair of
        neighbouring annotations (R's unit vector of length n - 1, or n with the last unused).
    annotation_name_side : str, optional
        Where the names go: ``"right"``/``"left"`` for column annotations (default right),
        ``"bottom"``/``"top"`` for row annotations (default bottom).
    annotation_name_gp : dict, optional
        The names' ``fontsize`` (default 12) and ``col``: one value, or one per annotation.
    annotation_name_offset : float or str or dict, optional
        Distance of the names from their annotations (default 1 mm, beyond an axis on that
        side); one size, a sequence of one per annotation, or ``{name: size}``.
    annotation_name_rot : float or sequence or dict, optional
        Rotation of the names in degrees (default 0 for column annotations, 90 for row ones,
        turned by an axis on their side); one, one per annotation, or ``{name: degrees}``.
    annotation_legend_param : dict, optional
        ``{name: {"title": ..., "at": [...], "labels": [...]}}`` for the legends of colour-bar
        annotations.
    height, width : float or str, optional
        Total height (column annotations) or width (row annotations); the annotation
        functions share what the colour bars and gaps leave, in proportion to their sizes.
    **annotations
        Further annotations as ``name=values``, as in R's ``HeatmapAnnotation(lobe = x)``, or
        ``name=anno_barplot(...)`` (any ``anno_*`` function of
        :mod:`pyr_heatmap.figure.annotation_functions`), in the order given.

    Notes
    -----
    The constructor only stores its arguments; they are checked against the matrix when the
    heatmap is drawn.
    """

    def __init__(
        self,
        df: pd.DataFrame | None = None,
        *,
        col: Mapping[str, Any] | None = None,
        which: str = "column",
        na_col: str = "grey",
        show_legend: bool = True,
        show_annotation_name: bool = True,
        simple_anno_size: float | str = 5.0,
        gap: float | str | Sequence[float | str] = 1.0,
        annotation_name_side: str | None = None,
        annotation_name_gp: Mapping[str, Any] | None = None,
        annotation_name_offset: Any = None,
        annotation_name_rot: Any = None,
        annotation_legend_param: Mapping[str, Mapping[str, Any]] | None = None,
        height: float | str | None = None,
        width: float | str | None = None,
        **annotations: Any,
    ) -> None:
        self.df = df
        self.col = col
        self.which = which
        self.na_col = na_col
        self.show_legend = show_legend
        self.show_annotation_name = show_annotation_name
        self.simple_anno_size = simple_anno_size
        self.gap = gap
        self.annotation_name_side = annotation_name_side
        self.annotation_name_gp = annotation_name_gp
        self.annotation_name_offset = annotation_name_offset
        self.annotation_name_rot = annotation_name_rot
        self.annotation_legend_param = annotation_legend_param
        self.height = height
        self.width = width
        self.annotations = annotations

    def __add__(self, other: Any) -> Any:
        """``rowAnnotation(...) + ht``: a member of a horizontal heatmap list."""
        from pyr_heatmap.figure.heatmap_list import hconcat

        return hconcat(self, other)

    def __truediv__(self, other: Any) -> Any:
        """``HeatmapAnnotation(...) / ht``: a member of a vertical heatmap list (R's ``%v%``)."""
        from pyr_heatmap.figure.heatmap_list import vconcat

        return vconcat(self, other)

    def __repr__(self) -> str:
        names = self._raw_names()
        return f"HeatmapAnnotation(which={self.which!r}, names={names!r})"

    def _raw_names(self) -> list[str]:
        names = [] if self.df is None else [str(c) for c in self.df.columns]
        return names + list(self.annotations)

    def resolve(self, labels: tuple[str, ...], palette_offset: int = 0,
                side: str | None = None) -> list[Any]:
        """Check the annotation against the axis it annotates and fix its colours.

        Parameters
        ----------
        labels : tuple of str
            Labels of the annotated axis in the matrix's original order.
        palette_offset : int
            Index of the first default palette colour (so two annotations of one heatmap do not
            start with the same colours).
        """
        from pyr_heatmap.figure.annotation_compile import compile_anno

        if self.which not in ("column", "row"):
            raise InputError(f"which must be 'column' or 'row', got {self.which!r}")
        to_mm(self.simple_anno_size, "simple_anno_size")
        self.gaps_mm()
        items: list[tuple[str, Any]] = []
        if self.df is not None:
            if not isinstance(self.df, pd.DataFrame):
                raise InputError("HeatmapAnnotation(df=...) must be a pandas DataFrame")
            frame = self.df
            idx = [str(v) for v in frame.index]
            if set(labels) <= set(idx) and idx != list(labels):
                frame = frame.set_axis(idx).loc[list(labels)]  # aligned by label
            elif len(frame) != len(labels):
                raise InputError(
                    f"the annotation data frame has {len(frame)} rows for {len(labels)} "
                    f"{self.which}s; give one row per {self.which}, in order or indexed by label"
                )
            for j, c in enumerate(frame.columns):  # by position: names may repeat
                items.append((str(c), frame.iloc[:, j]))
        for name, values in self.annotations.items():
            items.append((name, values))
        if not items:
            raise InputError("HeatmapAnnotation needs at least one annotation")
        seen: set[str] = set()
        tracks = []
        offset = palette_offset
        for name, values in items:
            if name in seen:
                raise InputError(f"annotation name {name!r} is used twice")
            seen.add(name)
            if isinstance(values, AnnoFunction):
                where = side or ("top" if self.which == "column" else "right")
                tracks.append(compile_anno(values, name, labels, self.which, where, offset))
                continue
            track = _make_track(name, values, labels, (self.col or {}).get(name), offset,
                                self.which)
            offset += len(track.levels) if track.discrete else 1
            tracks.append(track)
        return _fit_total(tracks, self)

    def gaps_mm(self) -> tuple[float, ...]:
        """The gap after each annotation but the last, mm (R: one unit, or n - 1 or n)."""
        n = max(len(self._raw_names()) - 1, 0)
        if isinstance(self.gap, (str, int, float)) and not isinstance(self.gap, bool):
            return (to_mm(self.gap, "gap"),) * n
        try:
            gaps = [to_mm(g, "gap") for g in self.gap]
        except TypeError as exc:
            raise InputError("gap must be a size (mm or a unit string) or one per pair of "
                             f"annotations, got {self.gap!r}") from exc
        if len(gaps) not in (n, n + 1):
            raise InputError(f"gap has {len(gaps)} values for {n + 1} annotations; give one "
                             f"(for every pair), {n} (one per pair) or {n + 1} (the last unused)")
        return tuple(gaps[:n])

    def gap_mm(self) -> float:
        """The first gap (the only one when ``gap`` is a single size), mm."""
        gaps = self.gaps_mm()
        return gaps[0] if gaps else (to_mm(self.gap, "gap") if isinstance(
            self.gap, (str, int, float)) else 0.0)

    def block_options(self) -> dict[str, Any]:
        """The block-level options, checked (names side, legends per annotation)."""
        side = self.annotation_name_side
        allowed = ("right", "left") if self.which == "column" else ("bottom", "top")
        if side is not None and side not in allowed:
            raise InputError(f"annotation_name_side of a {self.which} annotation must be one "
                             f"of {allowed}, got {side!r}")
        names = self._raw_names()
        show = self.show_legend
        if isinstance(show, Mapping):
            unknown = set(show) - set(names)
            if unknown:
                raise InputError(f"show_legend names unknown annotations {sorted(unknown)}")
            hidden = tuple(n for n in names if not show.get(n, True))
            show_any = True
        else:
            hidden, show_any = (), bool(show)
        params = dict(self.annotation_legend_param or {})
        for n, p in params.items():
            if n not in names:
                raise InputError(f"annotation_legend_param names an unknown annotation {n!r}")
            if not isinstance(p, Mapping) or set(p) - {"title", "at", "labels"}:
                raise InputError(f"annotation_legend_param[{n!r}] must be a dict with keys "
                                 "among title, at, labels")
        return {"name_side": side or allowed[0], "legend_hidden": hidden,
                "show_legend": show_any,
                "legend_params": {n: dict(p) for n, p in params.items()},
                "gaps_mm": self.gaps_mm(), "name_options": self._name_options(names)}

    def _name_options(self, names: list[str]) -> dict[str, dict[str, Any]]:
        """annotation_name_gp/_offset/_rot per annotation name (only what was given)."""
        from pyr_heatmap.figure.annotation_functions import _gp

        out: dict[str, dict[str, Any]] = {n: {} for n in names}
        gp = _gp(self.annotation_name_gp, "annotation_name_gp")
        unknown = set(gp) - {"fontsize", "col"}
        if unknown:
            raise InputError(f"annotation_name_gp takes fontsize and col, not {sorted(unknown)}")
        for key, value in gp.items():
            for n, v in _per_name(value, names, f"annotation_name_gp[{key!r}]").items():
                out[n][key] = v
        for n, v in _per_name(self.annotation_name_offset, names,
                              "annotation_name_offset").items():
            out[n]["offset_mm"] = to_mm(v, "annotation_name_offset")
        for n, v in _per_name(self.annotation_name_rot, names, "annotation_name_rot").items():
            try:
                out[n]["rot"] = float(v)
            except (TypeError, ValueError) as exc:
                raise InputError(f"annotation_name_rot must be degrees, got {v!r}") from exc
        return {n: o for n, o in out.items() if o}


def _per_name(value: Any, names: list[str], what: str) -> dict[str, Any]:
    """R's recycle_param(): one value for all, one per annotation, or ``{name: value}``."""
    if value is None:
        return {}
    if isinstance(value, Mapping):
        unknown = sorted(set(value) - set(names))
        if unknown:
            raise InputError(f"{what} names unknown annotations {unknown}")
        return dict(value)
    if isinstance(value, (list, tuple, np.ndarray)):
        if len(value) != len(names):
            raise InputError(f"{what} has {len(value)} values for {len(names)} annotations; "
                             "give one, one per annotation, or a dict by name")
        return dict(zip(names, list(value), strict=True))
    return dict.fromkeys(names, value)


def _fit_total(tracks: list[Any], ann: HeatmapAnnotation) -> list[Any]:
    """Scale the annotation functions so that the block has the total height/width asked."""
    import dataclasses

    total = ann.height if ann.which == "column" else ann.width
    if total is None:
        return tracks
    total_mm = to_mm(total, "height" if ann.which == "column" else "width")
    simple = to_mm(ann.simple_anno_size, "simple_anno_size")
    fixed = sum(simple for t in tracks if not getattr(t, "is_function", False))
    fixed += sum(ann.gaps_mm())
    flexible = sum(t.size_mm for t in tracks if getattr(t, "is_function", False))
    if flexible == 0:
        return tracks
    if total_mm <= fixed:
        raise InputError(f"the annotation's total size {total_mm:.3g} mm leaves no room for its "
                         f"annotation functions ({fixed:.3g} mm go to colour bars and gaps)")
    f = (total_mm - fixed) / flexible
    return [dataclasses.replace(t, size_mm=t.size_mm * f,
                                params={**t.params, "size_given": True})
            if getattr(t, "is_function", False) else t for t in tracks]


def rowAnnotation(df: pd.DataFrame | None = None, **kwargs: Any) -> HeatmapAnnotation:
    """R's ``rowAnnotation(...)``: a :class:`HeatmapAnnotation` with ``which="row"``."""
    return HeatmapAnnotation(df, which="row", **kwargs)


row_annotation = rowAnnotation


def _make_track(name: str, values: Any, labels: tuple[str, ...], col: Any, offset: int,
                which: str) -> AnnotationTrack:
    from pyr_heatmap.engine.rfactor import r_as_character, r_sort_strings
    from pyr_heatmap.figure.colors import ColorRamp2, color_ramp2, r_color_to_hex

    if isinstance(values, (str, bytes, Mapping)) or not hasattr(values, "__len__"):
        raise InputError(
            f"annotation {name!r} must be a list, array or Series with one value per {which}, "
            f"got {type(values).__name__}"
        )
    if isinstance(values, pd.Series) and len(values) == len(labels):
        idx = [str(v) for v in values.index]
        if set(idx) == set(labels) and idx != list(labels):
            values = values.set_axis(idx).loc[list(labels)]
    series = pd.Series(list(values) if not isinstance(values, pd.Series) else values.to_numpy())
    if len(series) != len(labels):
        raise InputError(
            f"annotation {name!r} has {len(series)} values but the heatmap has {len(labels)} "
            f"{which}s; give one value per {which}"
        )
    categorical = isinstance(values, pd.Series) and isinstance(values.dtype, pd.CategoricalDtype)
    numeric = (not categorical and pd.api.types.is_numeric_dtype(series.dtype)
               and not pd.api.types.is_bool_dtype(series.dtype))
    if numeric and not isinstance(col, Mapping):
        vals = series.to_numpy(dtype=float)
        if col is None:
            finite = vals[np.isfinite(vals)]
            lo, hi = (float(finite.min()), float(finite.max())) if finite.size else (0.0, 1.0)
            if lo == hi:
                hi = lo + 1.0
            col = color_ramp2([lo, hi], ["white", CONTINUOUS_ENDS[offset % len(CONTINUOUS_ENDS)]])
        elif not isinstance(col, ColorRamp2):
            raise InputError(
                f"the colours of numeric annotation {name!r} must be a color_ramp2(...), "
                f"got {type(col).__name__}"
            )
        return AnnotationTrack(name, vals, False, col)
    vals = np.array([None if pd.isna(v) else r_as_character(v) for v in series], dtype=object)
    if categorical:
        levels = [r_as_character(v) for v in values.cat.categories]  # type: ignore[union-attr]
    else:  # R makes a factor: levels sorted as R sorts strings
        levels = r_sort_strings(list(dict.fromkeys(v for v in vals if v is not None)))
    if col is None:
        colors = {lv: DISCRETE_PALETTE[(offset + i) % len(DISCRETE_PALETTE)]
                  for i, lv in enumerate(levels)}
    elif isinstance(col, Mapping):
        colors = {str(k): r_color_to_hex(v) for k, v in col.items()}
        missing = [lv for lv in levels if lv not in colors]
        if missing:
            raise InputError(
                f"annotation {name!r}: no colour given for level(s) {missing[:5]}; add them to "
                f"col[{name!r}]"
            )
        colors = {lv: colors[lv] for lv in levels}
    else:
        raise InputError(
            f"the colours of discrete annotation {name!r} must be a dict level -> colour"
        )
    return AnnotationTrack(name, vals, True, colors, tuple(levels))
