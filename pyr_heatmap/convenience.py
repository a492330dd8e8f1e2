"""The whole recipe in one call: select genes, average per group, log2, z-score, cluster, draw.

R equivalent::

    mat      <- expr[genes, ]                                   # select_genes
    mat      <- sapply(split(seq_len(ncol(mat)), groups),       # aggregate
                       function(i) rowMeans(mat[, i, drop = FALSE]))
    mat_log2 <- log2(mat + 1)                                   # log2p
    mat_Z    <- t(scale(t(mat_log2)))                           # scale_rows
    hr <- hclust(dist(mat_Z), method = "ward.D2")
    hc <- hclust(dist(t(mat_Z)), method = "ward.D2")
    Heatmap(mat_Z, name = "relative expression", cluster_rows = hr, cluster_columns = hc)
"""

from __future__ import annotations

import os
from collections.abc import Hashable, Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from pyr_heatmap.engine.cluster import cluster_matrix
from pyr_heatmap.errors import InputError
from pyr_heatmap.figure.heatmap import Heatmap
from pyr_heatmap.prepare import aggregate, log2p, scale_columns, scale_rows, select_genes
from pyr_heatmap.result import DrawnHeatmap

__all__ = ["clustered_heatmap", "prepare_matrix"]

_SCALES = ("rows", "columns", "none")


def prepare_matrix(
    expr: pd.DataFrame,
    groups: Mapping[Hashable, Hashable] | pd.Series | Sequence[Hashable] | None = None,
    genes: Sequence[str] | str | os.PathLike[str] | None = None,
    *,
    how: str = "mean",
    pseudocount: float | None = 1,
    scale: str = "rows",
) -> pd.DataFrame:
    """The matrix the recipe clusters: genes selected, groups averaged, log2, z-scores.

    Parameters
    ----------
    expr, groups, genes, how, pseudocount, scale
        As for :func:`clustered_heatmap`.

    Returns
    -------
    pandas.DataFrame
        A new genes x groups (or samples) matrix; ``expr`` is not modified.

    Raises
    ------
    InputError
        From the steps (see :func:`~pyr_heatmap.prepare.select_genes`,
        :func:`~pyr_heatmap.prepare.aggregate`, :func:`~pyr_heatmap.prepare.log2p`,
        :func:`~pyr_heatmap.prepare.scale_rows`), or an unknown ``scale``.

    Notes
    -----
    R equivalent: ``t(scale(t(log2(sapply(split(seq_len(ncol(m)), groups), function(i)
    rowMeans(m[, i, drop = FALSE])) + 1))))`` with ``m <- expr[genes, ]``.
    """
    if not isinstance(expr, pd.DataFrame):
        raise InputError(f"expr must be a genes x samples pandas DataFrame, got "
                         f"{type(expr).__name__}")
    if scale not in _SCALES:
        raise InputError(f"scale must be one of {', '.join(map(repr, _SCALES))}, got {scale!r}")
    mat = expr if genes is None else select_genes(expr, genes)
    if groups is not None:
        mat = aggregate(mat, groups, how=how)
    if pseudocount:
        mat = log2p(mat, pseudocount=pseudocount)
    if scale == "rows":
        mat = scale_rows(mat)
    elif scale == "columns":
        mat = scale_columns(mat)
    return mat.copy() if mat is expr else mat


def clustered_heatmap(
    expr: pd.DataFrame,
    groups: Mapping[Hashable, Hashable] | pd.Series | Sequence[Hashable] | None = None,
    genes: Sequence[str] | str | os.PathLike[str] | None = None,
    *,
    how: str = "mean",
    pseudocount: float | None = 1,
    scale: str = "rows",
    method: str = "ward.D2",
    distance: str = "euclidean",
    backend: str = "native",
    **heatmap_kwargs: Any,
) -> DrawnHeatmap:
    """Draw the clustered expression heatmap of the R tutorials in one call.

    Parameters
    ----------
    expr : pandas.DataFrame
        Genes x samples (e.g. from :func:`~pyr_heatmap.prepare.read_brainspan`). Not modified.
    groups : mapping, pandas.Series or sequence, optional
        The group of every sample (e.g. ``samples["structure_acronym"]``); the samples of a group
        are combined with ``how`` (:func:`~pyr_heatmap.prepare.aggregate`; groups in order of
        first appearance). Default: no averaging, one column per sample.
    genes : sequence of str or a path, optional
        Keep only these genes (:func:`~pyr_heatmap.prepare.select_genes`: a list, or the path of
        a file with one gene per line). Default: all genes.
    how : {"mean", "median", "sum"}, default "mean"
        How the samples of a group are combined.
    pseudocount : float or None, default 1
        ``log2(x + pseudocount)`` (:func:`~pyr_heatmap.prepare.log2p`); ``0`` or ``None``: no
        log (for data that is already on a log scale).
    scale : {"rows", "columns", "none"}, default "rows"
        Row z-scores (R's ``t(scale(t(x)))``, the tutorials' choice), column z-scores, or none.
        Rows with zero variance are dropped with a warning (see
        :func:`~pyr_heatmap.prepare.scale_rows`).
    method : str, default "ward.D2"
        The ``hclust`` method for both genes and columns.
    distance : str, default "euclidean"
        The distance for both genes and columns (any of :func:`~pyr_heatmap.engine.dist.dist`'s).
    backend : {"native", "r", "auto"}, default "native"
        Passed to :meth:`Heatmap.draw <pyr_heatmap.figure.heatmap.Heatmap.draw>`.
    **heatmap_kwargs
        Further :class:`~pyr_heatmap.figure.heatmap.Heatmap` arguments (``name``, ``col``,
        ``row_split``, ``top_annotation``, ...). ``name`` defaults to ``"relative expression"``
        for z-scores. ``cluster_rows`` and ``cluster_columns`` default to the trees computed
        here; pass ``row_dend_reorder=True`` to have them reordered as ComplexHeatmap reorders
        the trees it computes itself.

    Returns
    -------
    DrawnHeatmap
        Orders (0-based), labels, the figure; ``.save(path)`` writes it.

    Notes
    -----
    The trees are ``hclust(dist(mat_z, distance), method)`` on the rows and on the columns,
    handed to ``Heatmap(cluster_rows = hr, cluster_columns = hc)``: like a supplied ``hclust``
    in R they are drawn as they are, not reordered by row means, so the row order is
    ``hr$order``. The R equivalent is in the module docstring.
    """
    mat = prepare_matrix(expr, groups, genes, how=how, pseudocount=pseudocount, scale=scale)
    if mat.shape[0] == 0 or mat.shape[1] == 0:
        why = "; the input is empty" if 0 in expr.shape else ""
        if not why and scale != "none":
            what = scale[:-1]
            why = (f"; the {what} z-scores dropped every {what} (zero variance or fewer than two "
                   f"values: z-scores need at least two different values per {what}), so give "
                   f"more samples or groups, or pass scale='none'")
        raise InputError(f"nothing to draw: the prepared matrix has shape {mat.shape}{why}")
    values = mat.to_numpy(dtype=np.float64)
    kwargs = dict(heatmap_kwargs)
    if "cluster_rows" not in kwargs:
        kwargs["cluster_rows"] = (cluster_matrix(mat, distance, method)
                                  if values.shape[0] > 1 else False)
    if "cluster_columns" not in kwargs:
        kwargs["cluster_columns"] = (cluster_matrix(mat.T, distance, method)
                                     if values.shape[1] > 1 else False)
    if "name" not in kwargs:
        kwargs["name"] = "relative expression" if scale != "none" else (
            f"log2(x + {pseudocount:g})" if pseudocount else "expression")
    return Heatmap(mat, **kwargs).draw(backend=backend)
