"""``--style``: which R package's heatmap the command line draws, cross-checks and exports.

One table, :data:`STYLES`, maps a style name to a :class:`Style`; a style builds a figure
object from the prepared input with three verbs, ``draw(backend)``, ``crosscheck()`` and
``to_r_script(path, prep)``, plus ``clusters(drawn, k)`` for ``--write-clusters``. Adding a
package (heatmap.2, stats heatmap) is one entry in the table.
"""

from __future__ import annotations

import argparse
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from pyr_heatmap.cli.inputs import _prepare, _Prepared
from pyr_heatmap.cli.messages import _ROW_NAMES_AUTO, _Progress
from pyr_heatmap.errors import InputError

__all__ = ["ALL_STYLES", "STYLES", "Style", "prepared_figure"]

ALL_STYLES = ("complexheatmap", "pheatmap", "heatmap.2", "heatmap")


@dataclass(frozen=True)
class Style:
    """How one package's figure is made from the command line's arguments.

    ``z_scores``: whether the input preparation applies ``--scale`` (ComplexHeatmap's recipe:
    ``t(scale(t(x)))`` before ``Heatmap()``), or the package's own ``scale`` argument does.
    ``build(args, prep)`` returns the figure object; ``heatmap``: the preparation builds the
    ComplexHeatmap ``Heatmap`` as well.
    """

    z_scores: bool
    build: Callable[[argparse.Namespace, _Prepared], Any]
    heatmap: bool = False  # the preparation also builds the ComplexHeatmap Heatmap


class _ComplexHeatmapFigure:
    """The ComplexHeatmap ``Heatmap`` the command line always made."""

    def __init__(self, prep: _Prepared) -> None:
        self.prep = prep

    def draw(self, backend: str) -> Any:
        return self.prep.heatmap.draw(backend=backend)

    def crosscheck(self) -> Any:
        return self.prep.heatmap.crosscheck()

    def to_r_script(self, path: str) -> Any:
        if self.prep.steps:  # the script repeats log2(x + 1) and/or t(scale(t(x))) in R
            return self.prep.heatmap.to_r_script(path, prepared_from=self.prep.raw,
                                                 steps=self.prep.steps)
        return self.prep.heatmap.to_r_script(path)

    clusters = None  # --write-clusters uses the command's own clustering (commands._clusters)


class _PheatmapFigure:
    """``pheatmap(mat, ...)`` from the command line's arguments (pheatmap's own names)."""

    def __init__(self, prep: _Prepared, kwargs: dict[str, Any]) -> None:
        self.prep = prep
        self.kwargs = kwargs

    def draw(self, backend: str) -> Any:
        from pyr_heatmap.frontends.pheatmap import pheatmap

        return pheatmap(self.prep.mat, backend=backend, **self.kwargs)

    def crosscheck(self) -> Any:
        from pyr_heatmap.frontends.pheatmap_check import pheatmap_crosscheck

        return pheatmap_crosscheck(self.prep.mat, **self.kwargs)

    def to_r_script(self, path: str) -> Any:
        from pyr_heatmap.frontends.pheatmap_check import pheatmap_to_r_script

        return pheatmap_to_r_script(self.prep.mat, path, **self.kwargs)

    @staticmethod
    def clusters(drawn: Any, k: tuple[int, int]) -> dict[str, np.ndarray]:
        """cutree() of pheatmap's own trees (one id per row / column, input order)."""
        from pyr_heatmap.engine.dendrogram import cutree

        out = {}
        for axis, tree, kk in (("row", drawn.tree_row, k[0]), ("column", drawn.tree_col, k[1])):
            if tree is None:
                raise InputError(f"--write-clusters: the {axis}s are not clustered")
            if kk > tree.n:
                raise InputError(f"--k asks for {kk} {axis} clusters but there are only "
                                 f"{tree.n} {axis}s")
            out[axis] = cutree(tree, k=kk)
        return out


def _positive(value: float, option: str) -> float:
    if not value > 0:
        raise InputError(f"{option} must be a positive size in points, got {value:g}")
    return float(value)


def _split_k(text: str | None, option: str) -> int | None:
    if text is None:
        return None
    try:
        return int(text)
    except ValueError:
        raise InputError(f"{option} with --style pheatmap must be a number of clusters "
                         f"(cutree_rows / cutree_cols), got {text!r}") from None


def _pheatmap(args: argparse.Namespace, prep: _Prepared) -> _PheatmapFigure:
    if args.method_rows != args.method_columns:
        raise InputError("pheatmap has one clustering_method for both axes: give the same "
                         "--method-rows and --method-columns")
    mat = prep.mat
    kwargs: dict[str, Any] = {
        "scale": {"rows": "row", "columns": "column", "none": "none"}[args.scale],
        "clustering_distance_rows": args.distance_rows,
        "clustering_distance_cols": args.distance_columns,
        "clustering_method": args.method_rows,
        "cluster_rows": mat.shape[0] > 1,
        "cluster_cols": mat.shape[1] > 1,
        "cutree_rows": _split_k(args.row_split, "--row-split"),
        "cutree_cols": _split_k(args.column_split, "--column-split"),
        "show_rownames": {"show": True, "hide": False}.get(args.row_names,
                                                             mat.shape[0] <= _ROW_NAMES_AUTO),
    }
    if args.row_names_fontsize is not None:
        kwargs["fontsize_row"] = _positive(args.row_names_fontsize, "--row-names-fontsize")
    if args.col:
        kwargs["color"] = [c.strip() for c in args.col.split(",") if c.strip()]
    if args.breaks:
        if not args.col:
            raise InputError("--breaks needs --col (pheatmap: one more break than colours)")
        kwargs["breaks"] = [float(p) for tok in args.breaks for p in tok.split(",") if p.strip()]
    if args.width is not None:
        kwargs["cellwidth"] = args.width / mat.shape[1] * 72 / 25.4
    if args.height is not None:
        kwargs["cellheight"] = args.height / mat.shape[0] * 72 / 25.4
    if prep.annotation is not None:
        kwargs["annotation_col"] = prep.annotation
    if args.name:
        warnings.warn("--name: pheatmap draws no legend title; it is ignored with --style "
                      "pheatmap", UserWarning, stacklevel=2)
    return _PheatmapFigure(prep, kwargs)


class _Heatmap2Figure:
    """``gplots::heatmap.2(x, ...)`` or ``stats::heatmap(x, ...)``; both cluster the unscaled
    matrix and apply ``scale`` to the colours only, so the input is not z-scored beforehand."""

    def __init__(self, prep: _Prepared, func: str, kwargs: dict[str, Any]) -> None:
        self.prep, self.func, self.kwargs = prep, func, kwargs

    def _call(self, backend: str) -> Any:
        from pyr_heatmap.frontends import heatmap2

        return getattr(heatmap2, self.func)(self.prep.mat, backend=backend, **self.kwargs)

    def draw(self, backend: str) -> Any:
        return self._call(backend)

    def crosscheck(self) -> Any:
        return self._call("native").crosscheck()

    def to_r_script(self, path: str) -> Any:
        return self._call("native").to_r_script(path)

    @staticmethod
    def clusters(drawn: Any, k: tuple[int, int]) -> dict[str, np.ndarray]:
        raise InputError("--write-clusters is available with --style complexheatmap and "
                         "pheatmap; heatmap.2 and heatmap cut no trees")


def _heatmap2(func: str) -> Callable[[argparse.Namespace, _Prepared], _Heatmap2Figure]:
    def build(args: argparse.Namespace, prep: _Prepared) -> _Heatmap2Figure:
        if (args.method_rows, args.distance_rows) != (args.method_columns,
                                                      args.distance_columns):
            raise InputError(f"{func.replace('_', '.')} has one distfun and one hclustfun for "
                             "both axes: give the same --distance-rows/--distance-columns and "
                             "--method-rows/--method-columns")
        if args.row_split or args.column_split:
            raise InputError(f"--row-split/--column-split: {func.replace('_', '.')} has no "
                             "splits; use --style complexheatmap or pheatmap")
        kwargs: dict[str, Any] = {
            "distfun": args.distance_rows, "hclustfun": args.method_rows,
            "scale": {"rows": "row", "columns": "column", "none": "none"}[args.scale],
        }
        if args.col:
            kwargs["col"] = [c.strip() for c in args.col.split(",") if c.strip()]
        if args.row_names == "hide":
            kwargs["labRow"] = [""] * prep.mat.shape[0]
        if args.row_names_fontsize is not None:  # R: cex times the device's 12 pt
            kwargs["cexRow"] = _positive(args.row_names_fontsize, "--row-names-fontsize") / 12.0
        return _Heatmap2Figure(prep, func, kwargs)

    return build


STYLES: dict[str, Style] = {
    "complexheatmap": Style(True, lambda args, prep: _ComplexHeatmapFigure(prep), heatmap=True),
    "pheatmap": Style(False, _pheatmap),
    "heatmap.2": Style(False, _heatmap2("heatmap_2")),
    "heatmap": Style(False, _heatmap2("heatmap")),
}


def prepared_figure(args: argparse.Namespace, say: _Progress) -> tuple[_Prepared, Any]:
    """Prepare the input for ``--style`` and build its figure object."""
    name = getattr(args, "style", "complexheatmap")
    style = STYLES.get(name)
    if style is None:
        raise InputError(f"--style {name}: not available in this version; available: "
                         f"{', '.join(STYLES)}")
    prep = _prepare(args, say, z_scores=style.z_scores, heatmap=style.heatmap)
    return prep, style.build(args, prep)
