"""``Heatmap()``: ComplexHeatmap's Heatmap with R's argument names and defaults.

R equivalent::

    ht <- Heatmap(mat_Z, name = "relative expression", cluster_rows = hr, cluster_columns = hc)
    ht <- draw(ht)
    row_order(ht); column_order(ht)

Python::

    hm = Heatmap(mat_z, name="relative expression", cluster_rows=hr, cluster_columns=hc)
    drawn = hm.draw(backend="native")
    drawn.row_order, drawn.column_order      # 0-based

The constructor only stores the arguments. :meth:`Heatmap.compile` turns them into an immutable
:class:`~pyr_heatmap.figure.spec.HeatmapSpec` in fixed stages (check the matrix, order rows and
columns as ComplexHeatmap 2.14.0 does, fix the colours); :meth:`Heatmap.draw` hands that spec to a
backend.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace
from typing import Any

import numpy as np

from pyr_heatmap.engine.hclust import HClust
from pyr_heatmap.errors import InputError
from pyr_heatmap.figure import heatmap_args as hargs
from pyr_heatmap.figure.annotation import HeatmapAnnotation
from pyr_heatmap.figure.axes import (
    axis_spec,
    clustered_with_order,
    fit_names,
    fixed_order,
)
from pyr_heatmap.figure.checks import (
    _check_text,
    _colour,
    _fontsize,
    _number,
    check_clusterable,
    read_matrix_arg,
)
from pyr_heatmap.figure.dend_style import dend_style
from pyr_heatmap.figure.discrete import compile_discrete, is_discrete_input
from pyr_heatmap.figure.spec import AnnotationBlock, HeatmapSpec
from pyr_heatmap.figure.styling import (
    resolve_cell_text,
    resolve_col,
    resolve_legend,
    resolve_rect_gp,
)
from pyr_heatmap.figure.units import to_mm

__all__ = ["Heatmap"]

_ORDER_ARGS = (
    "cluster_rows", "cluster_columns", "clustering_distance_rows", "clustering_distance_columns",
    "clustering_method_rows", "clustering_method_columns", "row_dend_reorder",
    "column_dend_reorder", "row_split", "column_split", "cluster_row_slices",
    "cluster_column_slices", "row_km", "column_km", "row_km_repeats", "column_km_repeats",
)


class Heatmap:
    """A heatmap of a numeric matrix, ComplexHeatmap style.

    Parameters follow ComplexHeatmap's ``Heatmap()`` (same names, same defaults); lengths are mm
    (numbers) or strings such as ``"1cm"``.

    Parameters
    ----------
    matrix : pandas.DataFrame or 2-D array
        The values to draw (e.g. row z-scores). A DataFrame's index and columns are the row and
        column names. A matrix of strings is drawn with a colour per category and a discrete
        legend, clustered only when a distance function (or a tree) is given, as in
        ComplexHeatmap (see :mod:`pyr_heatmap.figure.discrete`); ``col`` is then a dict
        category -> colour.
    name : str
        Name of the heatmap, the title of its legend. Default ``"matrix"`` (R numbers its default
        names ``matrix_1``, ``matrix_2``, ... with a session counter; this package has no such
        hidden state).
    col : ColorRamp2, list, dict or str, optional
        Colour mapping; default ComplexHeatmap's rule (blue-#EEEEEE-red, symmetric for data of
        both signs; see :func:`pyr_heatmap.figure.colors.default_col`). A list of colours is
        spread evenly from the smallest to the largest value (interpolated in LAB, as
        ComplexHeatmap does with a vector), a dict maps breaks to colours, a string names a
        matplotlib colormap (sampled; R is given the sampled colours).
    na_col : str
        Colour of NA cells (default ``"grey"``).
    cluster_rows, cluster_columns : bool, HClust or callable, optional
        ``True`` clusters with the distance and method below; an :class:`HClust` is used as given;
        a callable receives the matrix (rows as objects) and returns an :class:`HClust`. Unset:
        ``True``, or ``False`` when ``row_order``/``column_order`` is given (ComplexHeatmap's
        rule for a missing ``cluster_rows``).
    clustering_distance_rows, clustering_distance_columns : str or callable
        ``"euclidean"`` (default), any of R's ``dist()`` methods, ``"pearson"``, ``"spearman"``,
        ``"kendall"``, or a callable.
    clustering_method_rows, clustering_method_columns : str
        Any ``hclust`` method; default ``"complete"``.
    row_dend_reorder, column_dend_reorder : bool or array-like, optional
        Default (``None``): ``True`` when the axis is clustered from a logical or a callable
        (reorder by ``-rowMeans``), ``False`` for a supplied tree, as in ComplexHeatmap.
    row_split, column_split : labels, DataFrame or int, optional
        Split into slices by labels (one per row/column), by the level combinations of a
        DataFrame's columns, or into ``k`` slices by cutting the dendrogram.
    cluster_row_slices, cluster_column_slices : bool
        Order the slices by clustering their means (default ``True``).
    row_km, column_km : int or labels
        k-means split; pass precomputed labels for exact reproducibility (R's kmeans uses R's
        random number generator).
    row_gap, column_gap : float or str
        Space between slices (default 1 mm).
    show_row_names, show_column_names : bool
    row_names_gp, column_names_gp, row_title_gp, column_title_gp : dict or float
        Fonts as grid's ``gpar()``: ``{"fontsize": 8, "fontface": "italic", "fontfamily":
        "serif", "col": "grey30"}`` (fontface plain, bold, italic or bold.italic), or just the
        size. Names default to 12 pt and shrink to fit their cells (see
        :mod:`pyr_heatmap.figure.sizes`) unless a font size is given.
    row_names_side, column_names_side, row_dend_side, column_dend_side : str
        ``"left"``/``"right"`` (rows), ``"top"``/``"bottom"`` (columns); R's defaults.
    row_title_side, column_title_side : str
    row_title_rot, column_title_rot : float
        Rotation of the titles (default 90 for rows, 0 for columns).
    row_labels, column_labels : sequence of str, optional
        Text drawn for the names (orders and results keep the names).
    row_order, column_order : sequence, optional
        A fixed order (0-based positions or names). Without clustering (the default when an
        order is given) it is the drawn order, slice by slice; with ``cluster_rows=True`` the
        clustering decides, as in ComplexHeatmap.
    rect_gp : dict, optional
        Cell borders: ``{"col": "white", "lwd": 1}``; ``{"type": "none"}`` draws no cells
        (for ``cell_fun``).
    border : bool or str
        A border around each body slice (``True`` = black, or a colour).
    column_names_centered : bool
    cell_text : str, DataFrame or array, optional
        Text in every cell, drawn by both backends: a format for the value (``"{:.1f}"``) or
        strings of the matrix's shape; ``cell_text_gp`` is its font (default 10 pt).
    cell_fun : callable, optional
        Native backend only: ``cell_fun(j, i, x, y, width, height, fill, ax)`` for every cell
        (0-based matrix indices; ``x``, ``y`` the cell centre in ``ax``'s data coordinates).
    column_names_rot : float
        Rotation of the column names (default 90).
    row_title, column_title : str, optional
        Titles; with a split and no title, each slice is titled with its name.
    row_dend_width, column_dend_height : float or str
        Dendrogram sizes (default 10 mm).
    show_row_dend, show_column_dend : bool
    row_dend_gp, column_dend_gp : dict, optional
        The dendrograms' lines as grid's ``gpar()``: ``{"col": "grey30", "lwd": 2, "lty":
        "dashed"}``, applied to every branch (each slice's tree and the tree above the slices).
        To colour clusters, pass ``cluster_rows=color_branches(tree, k=...)``.
    top_annotation, bottom_annotation, left_annotation, right_annotation : HeatmapAnnotation
    heatmap_legend_param : dict, optional
        ``title``, ``at``, ``labels``, ``direction`` ("vertical"/"horizontal"),
        ``legend_height``/``legend_width`` (length of the colour bar), ``title_position``
        ("topleft"/"topcenter"), ``color_bar`` ("continuous"/"discrete"), ``title_gp``,
        ``labels_gp``.
    show_heatmap_legend : bool
    use_raster : bool, optional
        Draw the body as one image. Default: on when ``nrow > 2000 and ncol > 10`` (or the
        reverse), as in ComplexHeatmap.
    width, height : float or str, optional
        Size of the body (the matrix cells); default chosen from the matrix size.
    seed : int, optional
        Seed for k-means splits.
    heatmap_width, heatmap_height, row_names_rot, row_names_centered, row_names_max_width, \
column_names_max_height, border_gp, show_parent_dend_line, jitter, color_space, km, split, \
raster_quality, raster_resize_mat, raster_device, raster_device_param, raster_by_magick, \
raster_magick_filter, post_fun
        As in ComplexHeatmap, R's defaults: see :mod:`pyr_heatmap.figure.heatmap_args`.
    """

    def __init__(
        self,
        matrix: Any,
        *,
        name: str = "matrix",
        col: Any = None,
        na_col: str = "grey",
        cluster_rows: bool | HClust | Callable[[np.ndarray], HClust] | None = None,
        cluster_columns: bool | HClust | Callable[[np.ndarray], HClust] | None = None,
        clustering_distance_rows: str | Callable[..., Any] = "euclidean",
        clustering_distance_columns: str | Callable[..., Any] = "euclidean",
        clustering_method_rows: str = "complete",
        clustering_method_columns: str = "complete",
        row_dend_reorder: Any = None,
        column_dend_reorder: Any = None,
        row_split: Any = None,
        column_split: Any = None,
        cluster_row_slices: bool = True,
        cluster_column_slices: bool = True,
        row_km: Any = 1,
        column_km: Any = 1,
        row_km_repeats: int = 1,
        column_km_repeats: int = 1,
        row_gap: float | str = 1.0,
        column_gap: float | str = 1.0,
        show_row_names: bool = True,
        show_column_names: bool = True,
        row_names_gp: Mapping[str, Any] | float | None = None,
        column_names_gp: Mapping[str, Any] | float | None = None,
        column_names_rot: float = 90.0,
        row_title: str | None = None,
        column_title: str | None = None,
        row_dend_width: float | str = 10.0,
        column_dend_height: float | str = 10.0,
        show_row_dend: bool = True,
        show_column_dend: bool = True,
        row_dend_gp: Mapping[str, Any] | None = None,
        column_dend_gp: Mapping[str, Any] | None = None,
        top_annotation: HeatmapAnnotation | None = None,
        bottom_annotation: HeatmapAnnotation | None = None,
        left_annotation: HeatmapAnnotation | None = None,
        right_annotation: HeatmapAnnotation | None = None,
        heatmap_legend_param: Mapping[str, Any] | None = None,
        show_heatmap_legend: bool = True,
        use_raster: bool | None = None,
        width: float | str | None = None,
        height: float | str | None = None,
        seed: int | None = None,
        row_names_side: str = "right",
        column_names_side: str = "bottom",
        row_dend_side: str = "left",
        column_dend_side: str = "top",
        row_title_side: str = "left",
        column_title_side: str = "top",
        row_title_gp: Mapping[str, Any] | float | None = None,
        column_title_gp: Mapping[str, Any] | float | None = None,
        row_title_rot: float = 90.0,
        column_title_rot: float = 0.0,
        row_labels: Any = None,
        column_labels: Any = None,
        row_order: Any = None,
        column_order: Any = None,
        rect_gp: Mapping[str, Any] | None = None,
        border: bool | str = False,
        column_names_centered: bool = False,
        cell_text: Any = None,
        cell_text_gp: Mapping[str, Any] | float | None = None,
        cell_fun: Callable[..., Any] | None = None,
        heatmap_width: float | str | None = None, heatmap_height: float | str | None = None,
        row_names_rot: float = 0.0, row_names_centered: bool = False, jitter: bool = False,
        row_names_max_width: float | str | None = None, color_space: str = "LAB", km: Any = 1,
        column_names_max_height: float | str | None = None, split: Any = None,
        border_gp: Mapping[str, Any] | None = None, show_parent_dend_line: bool = True,
        raster_quality: float = 1.0, raster_resize_mat: bool | str = False, post_fun: Any = None,
        raster_device: str = "png", raster_device_param: Mapping[str, Any] | None = None,
        raster_by_magick: bool = False, raster_magick_filter: str | None = None,
        layer_fun: Any = None, gap: float | str | None = None,
    ) -> None:
        self.matrix = matrix
        self.name = name
        self.col = col
        self.na_col = na_col
        self.cluster_rows = cluster_rows
        self.cluster_columns = cluster_columns
        self.clustering_distance_rows = clustering_distance_rows
        self.clustering_distance_columns = clustering_distance_columns
        self.clustering_method_rows = clustering_method_rows
        self.clustering_method_columns = clustering_method_columns
        self.row_dend_reorder = row_dend_reorder
        self.column_dend_reorder = column_dend_reorder
        self.row_split = row_split
        self.column_split = column_split
        self.cluster_row_slices = cluster_row_slices
        self.cluster_column_slices = cluster_column_slices
        self.row_km = row_km
        self.column_km = column_km
        self.row_km_repeats = row_km_repeats
        self.column_km_repeats = column_km_repeats
        self.row_gap = row_gap
        self.column_gap = column_gap
        self.show_row_names = show_row_names
        self.show_column_names = show_column_names
        self.row_names_gp = row_names_gp
        self.column_names_gp = column_names_gp
        self.column_names_rot = column_names_rot
        self.row_title = row_title
        self.column_title = column_title
        self.row_dend_width = row_dend_width
        self.column_dend_height = column_dend_height
        self.show_row_dend = show_row_dend
        self.show_column_dend = show_column_dend
        self.row_dend_gp = row_dend_gp
        self.column_dend_gp = column_dend_gp
        self.top_annotation = top_annotation
        self.bottom_annotation = bottom_annotation
        self.left_annotation = left_annotation
        self.right_annotation = right_annotation
        self.heatmap_legend_param = heatmap_legend_param
        self.show_heatmap_legend = show_heatmap_legend
        self.use_raster = use_raster
        self.width = width
        self.height = height
        self.seed = seed
        self.row_names_side = row_names_side
        self.column_names_side = column_names_side
        self.row_dend_side = row_dend_side
        self.column_dend_side = column_dend_side
        self.row_title_side = row_title_side
        self.column_title_side = column_title_side
        self.row_title_gp = row_title_gp
        self.column_title_gp = column_title_gp
        self.row_title_rot = row_title_rot
        self.column_title_rot = column_title_rot
        self.row_labels = row_labels
        self.column_labels = column_labels
        self.row_order = row_order
        self.column_order = column_order
        self.rect_gp = rect_gp
        self.border = border
        self.column_names_centered = column_names_centered
        self.cell_text = cell_text
        self.cell_text_gp = cell_text_gp
        self.cell_fun = cell_fun
        hargs.store_arguments(self, locals())  # heatmap_width ... post_fun, km/split aliases

    def __repr__(self) -> str:
        shape = getattr(self.matrix, "shape", "?")
        return f"Heatmap(name={self.name!r}, matrix shape={shape})"

    def __add__(self, other: Any) -> Any:
        """``ht1 + ht2``: a horizontal :class:`~pyr_heatmap.figure.heatmap_list.HeatmapList`."""
        from pyr_heatmap.figure.heatmap_list import hconcat

        return hconcat(self, other)

    def __truediv__(self, other: Any) -> Any:
        """``ht1 / ht2``: a vertical heatmap list (R's ``ht1 %v% ht2``)."""
        from pyr_heatmap.figure.heatmap_list import vconcat

        return vconcat(self, other)

    # -- stages -----------------------------------------------------------------------------------
    def order_args(self) -> dict[str, Any]:
        """The clustering arguments, as ComplexHeatmap takes them.

        ``cluster_rows`` left unset is ``True``, or ``False`` when ``row_order`` is given (as
        ComplexHeatmap does with a missing ``cluster_rows``); columns the same.
        """
        out = {k: getattr(self, k) for k in _ORDER_ARGS}
        for which in ("row", "column"):
            if out[f"cluster_{which}s"] is None:
                out[f"cluster_{which}s"] = getattr(self, f"{which}_order") is None
        return out

    def compile(self) -> HeatmapSpec:
        """Resolve every argument into the immutable :class:`HeatmapSpec` a backend draws."""
        from pyr_heatmap.engine.order import heatmap_order
        from pyr_heatmap.figure.colors import default_col

        disc = (compile_discrete(self.matrix, self.col, self.order_args())
                if is_discrete_input(self.matrix) else None)
        if disc is not None:  # a character matrix (figure/discrete.py)
            values, rows, cols = disc.codes, disc.rows, disc.cols
        else:
            values, rows, cols = read_matrix_arg(self.matrix)
        if not isinstance(self.name, str) or not self.name:
            raise InputError("name must be a non-empty string")
        self._check_arguments()
        extra = hargs.resolve_heatmap_args(self)
        if disc is None:
            check_clusterable(self, values, rows, "row")
            check_clusterable(self, values.T, cols, "column")
        order_args = self.order_args() if disc is None else disc.order_args
        order = heatmap_order(values, **order_args, seed=self.seed)
        fixed = {w: fixed_order(getattr(self, f"{w}_order"), labels, f"{w}_order")
                 for w, labels in (("row", rows), ("column", cols))}
        order = clustered_with_order(order, values, order_args, fixed)
        if disc is not None:
            col = disc.colors
        else:
            col = (default_col(values) if self.col is None
                   else resolve_col(self.col, values, space=self.color_space))
        use_raster = self.use_raster
        if use_raster is None:
            nr, nc = values.shape
            use_raster = (nr > 2000 and nc > 10) or (nc > 2000 and nr > 10)
        legend = resolve_legend(self.heatmap_legend_param, self.name, self.show_heatmap_legend)
        offset = 0
        blocks = {}
        for side in ("top", "bottom", "left", "right"):
            ann = getattr(self, f"{side}_annotation")
            if ann is None:
                blocks[side] = None
                continue
            if not isinstance(ann, HeatmapAnnotation):
                raise InputError(f"{side}_annotation must be a HeatmapAnnotation")
            want = "column" if side in ("top", "bottom") else "row"
            if ann.which not in ("column", "row"):
                raise InputError(f"{side}_annotation: which must be 'column' or 'row', got "
                                 f"{ann.which!r}")
            if ann.which != want:
                raise InputError(
                    f"{side}_annotation annotates {ann.which}s; use "
                    f"{'HeatmapAnnotation' if want == 'column' else 'rowAnnotation'}(...) there"
                )
            tracks = ann.resolve(cols if want == "column" else rows, offset, side=side)
            offset += sum(len(t.levels) if t.discrete else 1 for t in tracks)
            blocks[side] = AnnotationBlock(
                tuple(tracks), to_mm(ann.simple_anno_size, "simple_anno_size"),
                ann.gap_mm(), _colour(ann.na_col, f"{side}_annotation na_col"),
                show_name=ann.show_annotation_name,
                **ann.block_options(),
            )
        row_fit = fit_names(self, "row", values.shape[0], self.height, "height")
        col_fit = fit_names(self, "column", values.shape[1], self.width, "width")
        r_args = dict(order_args)
        for w in ("row", "column"):
            if fixed[w] is not None:
                r_args[f"{w}_order"] = fixed[w]
        row = axis_spec(self, order.rows, rows, "row", blocks["left"], blocks["right"], row_fit,
                         fixed["row"] if not order_args["cluster_rows"] else None)
        column = axis_spec(self, order.columns, cols, "column", blocks["top"], blocks["bottom"],
                            col_fit, fixed["column"] if not order_args["cluster_columns"]
                            else None)
        row = replace(row, dend_style=dend_style(self.row_dend_gp, order_args["cluster_rows"],
                                                 "row_dend_gp"))
        column = replace(column, dend_style=dend_style(
            self.column_dend_gp, order_args["cluster_columns"], "column_dend_gp"))
        spec = HeatmapSpec(
            matrix=values, row=row, column=column, col=col, na_col=_colour(self.na_col, "na_col"),
            name=self.name,
            legend=legend, use_raster=bool(use_raster),
            width_mm=col_fit.length_mm, height_mm=row_fit.length_mm,
            r_args=r_args,
            notes=tuple(f.note for f in (row_fit, col_fit) if f.note),
            fixed_size=(self.width is not None, self.height is not None),
            rect_gp=resolve_rect_gp(self.rect_gp),
            cell_text=resolve_cell_text(self.cell_text, values, rows, cols, self.cell_text_gp),
            cell_fun=self.cell_fun,
            **extra,
        )
        _check_text(spec)
        return hargs.fit_to_heatmap_size(self, spec)

    def _check_arguments(self) -> None:
        """Types of the arguments that are not checked where they are used."""
        flags = ("show_row_names", "show_column_names", "show_row_dend", "show_column_dend",
                 "show_heatmap_legend", "cluster_row_slices", "cluster_column_slices")
        logical = (bool, np.bool_, int, np.integer)  # R reads numbers as logicals too
        for flag in flags:
            if not isinstance(getattr(self, flag), logical):
                raise InputError(f"{flag} must be True or False, got {getattr(self, flag)!r}")
        if self.use_raster is not None and not isinstance(self.use_raster, logical):
            raise InputError(
                f"use_raster must be True, False or None (automatic), got {self.use_raster!r}"
            )
        if self.seed is not None and (isinstance(self.seed, (bool, np.bool_))
                                      or not isinstance(self.seed, (int, np.integer))):
            raise InputError(f"seed must be a whole number (R's set.seed) or None, "
                             f"got {self.seed!r}")
        _number(self.column_names_rot, "column_names_rot")
        for which in ("row", "column"):
            _fontsize(getattr(self, f"{which}_names_gp"), f"{which}_names_gp")

    def draw(self, backend: str = "native", *, r_clusters: bool = True,
             **options: Any) -> Any:
        """Draw the heatmap and return a :class:`~pyr_heatmap.result.DrawnHeatmap`.

        Parameters
        ----------
        backend : {"native", "r", "auto"}
            ``"native"`` (default, as in the CLI): matplotlib, no R needed, fast and
            deterministic, the same orders as ComplexHeatmap. ``"r"``: the real ComplexHeatmap
            figure, drawn in R through rpy2 (raises
            :class:`~pyr_heatmap.errors.RUnavailableError` when R, rpy2 or ComplexHeatmap is
            missing; never falls back). ``"auto"``: R when it is fully usable, else native,
            with one ``UserWarning`` per process; the result's ``reason`` says which backend
            drew it and why.
        r_clusters : bool
            R backend only. True (default): R clusters the matrix itself from the same
            arguments (what an R user gets). False: R draws the trees computed in Python (see
            :mod:`pyr_heatmap.backends.r.draw`).
        **options
            ``dpi`` (both backends; default 100 for the on-screen figure, files are saved at
            300); ``format`` (R backend: the format of the kept image); ``figure`` (native:
            a matplotlib Figure or SubFigure to draw into); and ComplexHeatmap's ``draw()``
            arguments ``column_title`` (a title over the whole figure, with
            ``title_fontsize``), ``heatmap_legend_side`` / ``annotation_legend_side``
            ("right" or "bottom"), ``merge_legend`` (True only) and ``padding`` (mm: one
            number, or bottom, left, top, right as in R).

        Raises
        ------
        InputError
            Unknown backend or option, or an option the chosen backend cannot draw (named).
        RUnavailableError
            ``backend="r"`` and R cannot be used (the subclass names the missing piece).
        RBackendError
            R raised an error while drawing (R's message included).
        """
        from pyr_heatmap.dispatch import draw

        return draw(self, backend, r_clusters=r_clusters, **options)

    def crosscheck(self, **options: Any) -> Any:
        """Compare the orders (and trees, colours) computed here with ComplexHeatmap's in R.

        See :func:`pyr_heatmap.backends.r.crosscheck.crosscheck`; returns its
        :class:`~pyr_heatmap.backends.r.crosscheck.CrosscheckReport`.
        """
        from pyr_heatmap.dispatch import crosscheck

        return crosscheck(self, **options)

    def to_r_script(self, path: Any, **options: Any) -> Any:
        """Write a standalone R script (plus CSV data) that draws this heatmap with ComplexHeatmap.

        See :func:`pyr_heatmap.backends.r.rscript.to_r_script`; returns the path of the script.
        """
        from pyr_heatmap.dispatch import to_r_script

        return to_r_script(self, path, **options)

