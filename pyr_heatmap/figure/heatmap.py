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
from typing import Any

import numpy as np
import pandas as pd

from pyr_heatmap.engine.hclust import HClust
from pyr_heatmap.errors import InputError
from pyr_heatmap.figure.annotation import HeatmapAnnotation
from pyr_heatmap.figure.checks import _check_text, _colour, _fontsize, _number
from pyr_heatmap.figure.discrete import compile_discrete, is_discrete_input
from pyr_heatmap.figure.spec import AnnotationBlock, AxisSpec, HeatmapSpec, LegendSpec, SliceSpec
from pyr_heatmap.figure.units import to_mm
from pyr_heatmap.prepare._common import _is_real_dtype, anndata_hint, is_anndata

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
    col : ColorRamp2, optional
        Colour mapping; default ComplexHeatmap's rule (blue-#EEEEEE-red, symmetric for data of
        both signs; see :func:`pyr_heatmap.figure.colors.default_col`).
    na_col : str
        Colour of NA cells (default ``"grey"``).
    cluster_rows, cluster_columns : bool, HClust or callable
        ``True`` clusters with the distance and method below; an :class:`HClust` is used as given;
        a callable receives the matrix (rows as objects) and returns an :class:`HClust`.
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
    row_names_gp, column_names_gp : dict or float
        Font of the names: ``{"fontsize": 10}`` or just the size (default 12).
    column_names_rot : float
        Rotation of the column names (default 90).
    row_title, column_title : str, optional
        Titles; with a split and no title, each slice is titled with its name.
    row_dend_width, column_dend_height : float or str
        Dendrogram sizes (default 10 mm).
    show_row_dend, show_column_dend : bool
    top_annotation, bottom_annotation, left_annotation, right_annotation : HeatmapAnnotation
    heatmap_legend_param : dict, optional
        ``{"title": ..., "at": [...], "labels": [...]}``.
    show_heatmap_legend : bool
    use_raster : bool, optional
        Draw the body as one image. Default: on when ``nrow > 2000 and ncol > 10`` (or the
        reverse), as in ComplexHeatmap.
    width, height : float or str, optional
        Size of the body (the matrix cells); default chosen from the matrix size.
    seed : int, optional
        Seed for k-means splits.
    """

    def __init__(
        self,
        matrix: Any,
        *,
        name: str = "matrix",
        col: Any = None,
        na_col: str = "grey",
        cluster_rows: bool | HClust | Callable[[np.ndarray], HClust] = True,
        cluster_columns: bool | HClust | Callable[[np.ndarray], HClust] = True,
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
    def _matrix(self) -> tuple[np.ndarray, tuple[str, ...], tuple[str, ...]]:
        m = self.matrix
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

    def order_args(self) -> dict[str, Any]:
        """The clustering arguments, as ComplexHeatmap takes them."""
        return {k: getattr(self, k) for k in _ORDER_ARGS}

    def compile(self) -> HeatmapSpec:
        """Resolve every argument into the immutable :class:`HeatmapSpec` a backend draws."""
        from pyr_heatmap.engine.order import heatmap_order
        from pyr_heatmap.figure.colors import ColorRamp2, default_col

        disc = compile_discrete(self.matrix, self.col, self.order_args()) \
            if is_discrete_input(self.matrix) else None
        if disc is not None:  # a character matrix (figure/discrete.py)
            values, rows, cols = disc.codes, disc.rows, disc.cols
        else:
            values, rows, cols = self._matrix()
        if not isinstance(self.name, str) or not self.name:
            raise InputError("name must be a non-empty string")
        self._check_arguments()
        if disc is None:
            self._check_clusterable(values, rows, "row")
            self._check_clusterable(values.T, cols, "column")
        order_args = self.order_args() if disc is None else disc.order_args
        order = heatmap_order(values, **order_args, seed=self.seed)
        col = self.col
        if disc is not None:
            col = disc.colors
        elif col is None:
            col = default_col(values)
        elif not isinstance(col, ColorRamp2):
            raise InputError(
                "col must be a color_ramp2(breaks, colors) mapping, e.g. "
                "color_ramp2([-2, 0, 2], ['blue', 'white', 'red'])"
            )
        use_raster = self.use_raster
        if use_raster is None:
            nr, nc = values.shape
            use_raster = (nr > 2000 and nc > 10) or (nc > 2000 and nr > 10)
        legend = self._legend()
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
                to_mm(ann.gap, "gap"), _colour(ann.na_col, f"{side}_annotation na_col"),
                show_name=ann.show_annotation_name,
                **ann.block_options(),
            )
        row = self._axis(order.rows, rows, "row", blocks["left"], blocks["right"])
        column = self._axis(order.columns, cols, "column", blocks["top"], blocks["bottom"])
        spec = HeatmapSpec(
            matrix=values, row=row, column=column, col=col, na_col=_colour(self.na_col, "na_col"),
            name=self.name,
            legend=legend, use_raster=bool(use_raster),
            width_mm=None if self.width is None else to_mm(self.width, "width"),
            height_mm=None if self.height is None else to_mm(self.height, "height"),
            r_args=order_args,
        )
        _check_text(spec)
        return spec

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

    def _check_clusterable(self, x: np.ndarray, labels: tuple[str, ...], which: str) -> None:
        """An unsplit axis clustered with a named distance has no line without any value.

        Such a line has NA distances to every other line, on which R's hclust() stops; say which
        line it is (R and the engine can only name the first NA distance).
        """
        if x.shape[0] < 2 or getattr(self, f"{which}_split") is not None:
            return
        if getattr(self, f"cluster_{which}s") is not True:
            return
        if not isinstance(getattr(self, f"clustering_distance_{which}s"), str):
            return
        km = getattr(self, f"{which}_km")
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

    def _legend(self) -> LegendSpec:
        p = dict(self.heatmap_legend_param or {})
        unknown = set(p) - {"title", "at", "labels"}
        if unknown:
            raise InputError(
                f"heatmap_legend_param keys {sorted(unknown)} are not supported "
                "(supported: title, at, labels)"
            )
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
        title = p.get("title", self.name)
        return LegendSpec(str(title), at, labels, bool(self.show_heatmap_legend))

    def _axis(self, ax_order: Any, labels: tuple[str, ...], which: str,
              before: AnnotationBlock | None, after: AnnotationBlock | None) -> AxisSpec:
        is_row = which == "row"
        split = ax_order.split
        title = _one_title(self.row_title if is_row else self.column_title, f"{which}_title")
        slices = tuple(
            SliceSpec(name if split else "", np.asarray(idx, dtype=np.int64),
                      ax_order.trees.get(name))
            for name, idx in ax_order.slices.items()
        )
        gp = self.row_names_gp if is_row else self.column_names_gp
        fontsize = _fontsize(gp, "row_names_gp" if is_row else "column_names_gp")
        return AxisSpec(
            slices=slices,
            labels=labels,
            show_names=bool(self.show_row_names if is_row else self.show_column_names),
            names_fontsize=fontsize,
            names_rot=0.0 if is_row else float(self.column_names_rot),
            title=title,
            show_dend=bool(self.show_row_dend if is_row else self.show_column_dend)
            and ax_order.clustered,
            dend_mm=to_mm(self.row_dend_width if is_row else self.column_dend_height,
                          "row_dend_width" if is_row else "column_dend_height"),
            gap_mm=to_mm(self.row_gap if is_row else self.column_gap,
                         "row_gap" if is_row else "column_gap"),
            slice_tree=ax_order.slice_tree,
            slice_levels=tuple(str(v) for v in ax_order.levels),
            before=before,
            after=after,
        )

    def draw(self, backend: str = "auto", *, r_clusters: bool = True, **options: Any) -> Any:
        """Draw the heatmap and return a :class:`~pyr_heatmap.result.DrawnHeatmap`.

        Parameters
        ----------
        backend : {"auto", "r", "native"}
            ``"r"``: the real ComplexHeatmap figure, drawn in R through rpy2 (raises
            :class:`~pyr_heatmap.errors.RUnavailableError` when R, rpy2 or ComplexHeatmap is
            missing; never falls back). ``"native"``: matplotlib, no R needed. ``"auto"``
            (default): R when it is fully usable, else native with one ``UserWarning``; the
            result's ``reason`` says which backend drew it and why.
        r_clusters : bool
            R backend only. True (default): R clusters the matrix itself from the same
            arguments (what an R user gets). False: R draws the trees computed in Python (see
            :mod:`pyr_heatmap.backends.r.draw`).
        **options
            ``dpi`` (both backends); ``format`` (R backend: ``"png"``, ``"pdf"``, ``"svg"`` or
            ``"tiff"``, the format of the kept image).

        Raises
        ------
        InputError
            Unknown backend or option.
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


def _one_title(value: Any, what: str) -> str | None:
    """A title as one string: R's length-1 character vector is a string too."""
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, (list, tuple, np.ndarray, pd.Series)) and len(value) == 1:
        item = next(iter(value))
        if isinstance(item, str):
            return item
    raise InputError(
        f"{what} must be one string (with a split it is a template such as 'cluster %s', or "
        f"slices are titled by their names), got {type(value).__name__} {value!r:.80}; "
        "titles per slice are not supported: name the slices through the split labels"
    )
