"""The immutable description of one heatmap figure, handed to a backend.

``Heatmap`` compiles its arguments in fixed stages (validate -> order -> colours -> spec); a backend
receives only the finished :class:`HeatmapSpec`. It never sees the caller's objects and never
clusters: every order and tree it draws is in the spec.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from pyr_heatmap.engine.hclust import HClust
from pyr_heatmap.figure.annotation import AnnotationTrack

__all__ = ["AnnotationBlock", "AxisSpec", "Font", "HeatmapSpec", "LegendSpec", "SliceSpec"]


@dataclass(frozen=True)
class Font:
    """The non-size part of a grid ``gpar()`` for text: face, family and colour.

    ``face`` is one of R's ``"plain"``, ``"bold"``, ``"italic"``, ``"bold.italic"``; ``family``
    None is the backend's default sans-serif font.
    """

    face: str = "plain"
    family: str | None = None
    col: str = "black"

    @property
    def weight(self) -> str:
        return "bold" if self.face in ("bold", "bold.italic") else "normal"

    @property
    def style(self) -> str:
        return "italic" if self.face in ("italic", "bold.italic") else "normal"


@dataclass(frozen=True, eq=False)
class SliceSpec:
    """One slice of an axis, in drawn order.

    ``indices[p]`` (0-based, into the matrix's rows or columns) is drawn at position ``p`` (top to
    bottom, or left to right). ``tree`` is the dendrogram drawn over the slice: its leaf
    ``tree.order[p]`` sits at position ``p``. ``None`` when the slice is not clustered.
    """

    title: str
    indices: np.ndarray
    tree: HClust | None = None


@dataclass(frozen=True, eq=False)
class AnnotationBlock:
    """The annotations on one side of the heatmap."""

    tracks: tuple[AnnotationTrack, ...]
    size_mm: float = 5.0
    gap_mm: float = 1.0
    na_col: str = "grey"
    show_legend: bool = True
    show_name: bool = True
    name_side: str | None = None  # None: right (column annotations) / bottom (row annotations)
    legend_hidden: tuple[str, ...] = ()  # annotations whose legend is not drawn
    legend_params: dict[str, Any] = field(default_factory=dict)  # name -> title/at/labels
    gaps_mm: tuple[float, ...] = ()  # one gap per pair of tracks; () = gap_mm everywhere
    # name -> the given fontsize/col/offset_mm/rot of its name (annotation_name_gp, _offset, _rot)
    name_options: dict[str, dict[str, Any]] = field(default_factory=dict)

    def gaps(self) -> tuple[float, ...]:
        """The gap after each track but the last, mm."""
        n = max(len(self.tracks) - 1, 0)
        return tuple(self.gaps_mm[:n]) if self.gaps_mm else (self.gap_mm,) * n

    def track_size(self, track: Any) -> float:
        """Height (column annotations) or width (row annotations) of one track, mm."""
        return float(track.size_mm) if getattr(track, "is_function", False) else self.size_mm

    def extent_mm(self) -> float:
        """The tracks and the gaps between them, mm."""
        if not self.tracks:
            return 0.0
        return sum(self.track_size(t) for t in self.tracks) + sum(self.gaps())

    def offsets(self) -> list[float]:
        """Where each track starts, mm from the block's start."""
        out, pos = [], 0.0
        for t, gap in zip(self.tracks, (*self.gaps(), 0.0), strict=True):
            out.append(pos)
            pos += self.track_size(t) + gap
        return out


@dataclass(frozen=True, eq=False)
class AxisSpec:
    """Everything drawn along the rows or along the columns."""

    slices: tuple[SliceSpec, ...]
    labels: tuple[str, ...]
    show_names: bool = True
    names_fontsize: float = 12.0
    names_rot: float = 0.0
    title: str | None = None
    title_fontsize: float = 13.2
    show_dend: bool = True
    dend_mm: float = 10.0
    gap_mm: float = 1.0
    slice_tree: HClust | None = None
    slice_levels: tuple[str, ...] = ()  # slice_tree's leaf i is the slice titled slice_levels[i]
    before: AnnotationBlock | None = None  # top (columns) / left (rows)
    after: AnnotationBlock | None = None  # bottom (columns) / right (rows)
    names_font: Font = Font()
    title_font: Font = Font()
    names_side: str = ""  # "" = ComplexHeatmap's default: right (rows) / bottom (columns)
    dend_side: str = ""  # "" = left (rows) / top (columns)
    title_side: str = ""  # "" = left (rows) / top (columns)
    title_rot: float | None = None  # None = ComplexHeatmap's default: 90 (rows) / 0 (columns)
    names_centered: bool = False
    display: tuple[str, ...] | None = None  # row_labels / column_labels: text drawn for names
    names_max_mm: float | None = None  # row_names_max_width / column_names_max_height
    dend_style: Any = None  # dend_style.DendStyle: *_dend_gp and branch colours, or None

    @property
    def shown_labels(self) -> tuple[str, ...]:
        """The text drawn for each name (``row_labels`` when given, else the names)."""
        return self.labels if self.display is None else self.display

    @property
    def order(self) -> np.ndarray:
        """All indices in drawn order."""
        if not self.slices:
            return np.zeros(0, dtype=np.int64)
        return np.concatenate([s.indices for s in self.slices])

    @property
    def n(self) -> int:
        return len(self.labels)


@dataclass(frozen=True, eq=False)
class LegendSpec:
    """The colour legend of the matrix."""

    title: str
    at: tuple[float, ...] | None = None
    labels: tuple[str, ...] | None = None
    show: bool = True
    direction: str = "vertical"
    height_mm: float | None = None  # legend_height: length of a vertical colour bar
    width_mm: float | None = None  # legend_width: length of a horizontal colour bar
    title_position: str = "topleft"
    color_bar: str = "continuous"
    title_fontsize: float = 10.0
    title_font: Font = Font(face="bold")
    labels_fontsize: float = 10.0
    labels_font: Font = Font()


@dataclass(frozen=True, eq=False)
class HeatmapSpec:
    """One heatmap, fully resolved.

    Attributes
    ----------
    matrix : numpy.ndarray
        The values (read-only), rows and columns in the caller's original order.
    row, column : AxisSpec
    col : ColorRamp2
        Colour mapping of the values.
    na_col : str
        Colour of missing cells.
    name : str
    legend : LegendSpec
    use_raster : bool
    width_mm, height_mm : float or None
        Body size in mm. ``Heatmap.compile`` always fills them in (:mod:`~.sizes` decides
        them once for both backends); ``None`` lets a backend choose.
    r_args : dict
        The clustering arguments as ComplexHeatmap takes them (for a backend that lets R
        cluster, and for the R script export).
    notes : tuple of str
        One-line notes about what the figure leaves out (e.g. names hidden because they would
        be too small to read) and how to get it.
    """

    matrix: np.ndarray
    row: AxisSpec
    column: AxisSpec
    col: Any
    na_col: str
    name: str
    legend: LegendSpec
    use_raster: bool = False
    width_mm: float | None = None
    height_mm: float | None = None
    r_args: dict[str, Any] = field(default_factory=dict)
    notes: tuple[str, ...] = ()
    fixed_size: tuple[bool, bool] = (False, False)  # width, height given by the user
    rect_gp: Any = None  # styling.RectGp: cell borders
    border: str | None = None  # colour of the border around each body slice
    cell_text: Any = None  # styling.CellText
    cell_fun: Any = None  # native only: cell_fun(j, i, x, y, width, height, fill, ax)
    heatmap_width_mm: float | None = None  # the whole heatmap (figure.heatmap_args)
    heatmap_height_mm: float | None = None
    border_gp: Any = None  # heatmap_args.BorderGp: the border's lwd and lty
    show_parent_dend_line: bool = True
    raster: Any = None  # heatmap_args.RasterOptions: raster_quality, raster_resize_mat

    def __post_init__(self) -> None:
        m = np.array(self.matrix, dtype=np.float64, copy=True)
        m.flags.writeable = False
        object.__setattr__(self, "matrix", m)
