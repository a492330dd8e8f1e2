"""Combine the samples of each group (R's rowMeans per group, median, sum): aggregate."""

from __future__ import annotations

import os
from collections.abc import Callable, Hashable, Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from pyr_heatmap._names import match_name
from pyr_heatmap.errors import InputError
from pyr_heatmap.prepare._common import (
    _LD,
    _as_matrix,
    _ld_sum,
    _ld_to_double,
    _preview,
    is_anndata,
)
from pyr_heatmap.prepare.genes import select_genes

_HOW = ("mean", "median", "sum")

__all__ = ["aggregate"]


# --------------------------------------------------------------------------------------------
# aggregate
# --------------------------------------------------------------------------------------------
def _is_missing(label: Any) -> bool:
    try:
        return bool(pd.isna(label))
    except (TypeError, ValueError):
        return False


def _group_labels(groups: Any, columns: pd.Index) -> tuple[list[Hashable], Hashable]:
    """One group label per column, and a name for the group axis."""
    if isinstance(groups, pd.Series):
        if not groups.index.is_unique:
            dup = groups.index[groups.index.duplicated()].unique().tolist()
            raise InputError(f"aggregate: the groups Series lists samples more than once: "
                             f"{_preview(dup)}; give each sample one group")
        missing = [c for c in columns if c not in groups.index]
        if missing:
            raise InputError(
                f"aggregate: {len(missing)} sample(s) have no group in the groups Series: "
                f"{_preview(missing)}. Index the Series by sample name (for labels in column "
                f"order pass a list or groups.to_numpy())"
            )
        return [groups[c] for c in columns], groups.name
    if isinstance(groups, Mapping):
        missing = [c for c in columns if c not in groups]
        if missing:
            raise InputError(
                f"aggregate: {len(missing)} sample(s) are missing from the groups mapping: "
                f"{_preview(missing)}; add them (sample -> group) or drop those columns first"
            )
        return [groups[c] for c in columns], None
    if isinstance(groups, (str, bytes)) or not hasattr(groups, "__len__"):
        raise InputError(
            "aggregate: groups must be a mapping sample -> group, a pandas Series indexed by "
            f"sample, or a sequence of labels aligned with the columns; got {type(groups).__name__}"
        )
    labels = groups.tolist() if isinstance(groups, np.ndarray) else list(groups)
    if len(labels) != len(columns):
        raise InputError(
            f"aggregate: groups has {len(labels)} labels but the matrix has {len(columns)} "
            f"sample columns; give one group label per column, in column order"
        )
    return labels, getattr(groups, "name", None)


def _group_levels(labels: list[Hashable], columns: pd.Index, order: Any) -> list[Hashable]:
    no_group = [c for c, g in zip(columns, labels, strict=True) if _is_missing(g)]
    if no_group:
        raise InputError(f"aggregate: sample(s) {_preview(no_group)} have a missing group "
                         f"label; give them a group or drop those columns first")
    try:
        seen = list(dict.fromkeys(labels))
    except TypeError as exc:
        raise InputError(f"aggregate: group labels must be hashable (str, int...): {exc}") from exc
    if order is None:
        return seen
    if isinstance(order, (str, bytes)) or not hasattr(order, "__iter__"):
        raise InputError(f"aggregate: order must be a list of group labels, got {order!r}")
    levels = list(order)
    try:
        dup = [g for g, k in pd.Series(levels, dtype=object).value_counts().items() if k > 1]
        present = set(seen)
    except TypeError as exc:
        raise InputError(f"aggregate: order must list hashable group labels: {exc}") from exc
    if dup:
        raise InputError(f"aggregate: order lists group(s) more than once: {_preview(dup)}")
    empty = [g for g in levels if g not in present]
    if empty:
        raise InputError(
            f"aggregate: group(s) in order have no samples: {_preview(empty)}; remove them "
            f"from order or check the group labels (known groups: {_preview(seen, 10)})"
        )
    listed = set(levels)
    unlisted = [g for g in seen if g not in listed]
    if unlisted:
        raise InputError(
            f"aggregate: group(s) {_preview(unlisted)} have samples but are missing from "
            f"order; add them to order or drop those samples first"
        )
    return levels


def _r_mean_of_two(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """R's ``mean()`` of the vectors ``c(a[i], b[i])``: long double sum, divide, refine."""
    la, lb = a.astype(_LD), b.astype(_LD)
    two = _LD(2)
    with np.errstate(over="ignore", invalid="ignore"):
        s = _LD(0) + la + lb
        s1 = s / two
        t1 = _LD(0) + (la - s1) + (lb - s1)
        r1 = np.where(np.isfinite(_ld_to_double(s1)), s1 + t1 / two, s1)
        # the sum overflowed double: R sums x/n (divided in double) instead
        s2 = _LD(0) + (a / 2.0).astype(_LD) + (b / 2.0).astype(_LD)
        t2 = _LD(0) + (la - s2) / two + (lb - s2) / two
        r2 = np.where(np.isfinite(_ld_to_double(s2)), s2 + t2, s2)
        return _ld_to_double(np.where(np.isfinite(_ld_to_double(s)), r1, r2))


def _row_median(sub: np.ndarray, na_rm: bool) -> np.ndarray:
    """R's ``apply(sub, 1, median, na.rm = na_rm)``."""
    n, k = sub.shape
    nan = np.isnan(sub)
    srt = np.sort(sub, axis=1)  # NaN sort last
    cnt = k - nan.sum(axis=1)
    ok = cnt > 0 if na_rm else cnt == k
    out = np.full(n, np.nan)
    rows = np.flatnonzero(ok)
    if rows.size == 0:
        return out
    c = cnt[rows]
    half = (c + 1) // 2  # R's 1-based middle position
    lo = srt[rows, half - 1]
    hi = srt[rows, np.minimum(half, k - 1)]
    out[rows] = np.where(c % 2 == 1, lo, _r_mean_of_two(lo, hi))
    return out


def aggregate(
    df: Any,
    groups: Mapping[Hashable, Hashable] | pd.Series | Sequence[Hashable] | np.ndarray
    | None = None,
    how: str = "mean",
    order: Sequence[Hashable] | None = None,
    *,
    na_rm: bool = False,
    by: str | Sequence[str] | None = None,
    layer: str | None = None,
    genes: Sequence[str] | str | os.PathLike[str] | None = None,
    min_cells: int = 0,
    samples: pd.DataFrame | str | os.PathLike[str] | None = None,
    chunk_size: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> pd.DataFrame:
    """Combine replicate samples (columns) per group, e.g. the samples of each brain region.

    Parameters
    ----------
    df : DataFrame, 2-D array, AnnData, path, or Dask array
        What to aggregate:

        - a pandas DataFrame or 2-D array: genes x samples, in memory;
        - an ``anndata.AnnData`` (in memory or ``read_h5ad(path, backed="r")``) or the path
          of an ``.h5ad`` file: **cells x genes** (AnnData's layout, the transpose of the
          others), dense, CSR or CSC; grouped by the obs column(s) ``by``; read in chunks,
          never densified as a whole (:mod:`pyr_heatmap.prepare.anndata`);
        - the path of a genes x samples CSV, TSV or GCT file (gzipped or not): streamed in
          blocks of rows, only the group results are kept (:mod:`pyr_heatmap.prepare.stream`);
        - a Dask array (cells x genes) or an AnnData whose X is a Dask array: a Dask graph
          computes the sums on Dask's scheduler (:mod:`pyr_heatmap.prepare.distributed`).
    groups : mapping, pandas.Series or sequence
        The group of every sample: a mapping sample -> group, a Series indexed by sample
        (extra entries for samples not in ``df`` are ignored), or a sequence of labels aligned
        with the columns (for AnnData and Dask inputs: aligned with the cells).
    how : {"mean", "median", "sum"}, default "mean"
        How the replicates of a group are combined.
    order : sequence, optional
        The output column order (every group exactly once). Default: the order in which the
        groups first appear in the columns.
    na_rm : bool, default False
        R's ``na.rm``. With the default, a gene with a missing value in any sample of a group
        gets NaN for that group (what the R recipe ``rowMeans(m)`` gives). With ``True`` the
        missing values are left out; a group with no value left gives NaN for mean and median
        and 0 for sum, as in R.
    by : str or list of str, optional
        AnnData: the obs column(s) holding each cell's group (several columns: one group per
        combination present, labels joined with ``_``, ordered by the first column's levels,
        then the next). Files: the column of the sample sheet ``samples``. A categorical column
        gives its categories' order (categories without cells dropped); other columns the order
        of first appearance. ``order`` overrides either.
    layer : str, optional
        AnnData: aggregate ``adata.layers[layer]`` instead of ``X``.
    genes : sequence of str or path, optional
        Only these genes (the rows of a table or file, the ``var_names`` of an AnnData), in this
        order; missing ones are left out with a warning, as :func:`select_genes` does, and none
        found is an error. A file is filtered while it is read.
    min_cells : int, default 0
        AnnData: keep only the genes that are non-zero (and not NaN) in at least this many
        cells (scanpy's ``filter_genes(min_cells=)``), counted over all cells.
    samples : DataFrame or path, optional
        Files and DataFrames: the sample sheet (one row per sample, the sample id in its first
        column or index) whose column ``by`` gives the groups.
    chunk_size : int, optional
        Cells (AnnData rows; genes for CSC), or rows of a file, read at a time. The default
        keeps a chunk at a few tens of MB.
    progress : callable, optional
        Called as ``progress(done, total)`` after every chunk.

    Returns
    -------
    pandas.DataFrame
        Genes x groups; same index as ``df``; columns = group labels (named after the Series
        when ``groups`` is a named Series).

    Raises
    ------
    InputError
        Samples without a group, groups of ``order`` that have no samples or groups missing
        from ``order``, a ``groups`` sequence of the wrong length, an unknown ``how``, or a
        non-numeric matrix.

    Notes
    -----
    Means and sums add the values of a gene one sample at a time, in column order, in
    ``long double``, and divide by the count in ``long double`` before rounding to double,
    exactly as R's ``rowMeans``/``rowSums`` do; the median of an even count is R's ``mean()``
    of the two middle values (long double sum plus R's refinement step). Results are
    bit-identical to R on the same platform. This holds for every input: AnnData and files
    read in chunks keep the long double accumulators across chunks, and add each group's cells
    in cell order; the stored-as-absent zeros of a sparse matrix are not added, which leaves a
    long double sum unchanged. The Dask path is exact too (see
    :func:`pyr_heatmap.prepare.distributed.aggregate_dask` for its ``exact=False`` option).

    A group of one sample (or one cell) is allowed, as in R with ``drop = FALSE``; an AnnData
    grouping in which every cell is its own group is refused (it would average nothing).

    R equivalent: ``sapply(split(seq_len(ncol(m)), groups), function(i) rowMeans(m[, i, drop =
    FALSE], na.rm = na_rm))`` (``rowSums`` for sum; ``apply(m[, i, drop = FALSE], 1, median,
    na.rm = na_rm)`` for median), with ``groups`` a factor whose levels are in ``order``.
    """
    how = match_name(how, _HOW, "aggregate method (how)", partial=False)
    if not isinstance(na_rm, (bool, np.bool_)):
        raise InputError(f"aggregate: na_rm must be True or False, got {na_rm!r}")
    if isinstance(min_cells, bool) or not isinstance(min_cells, (int, np.integer)) \
            or min_cells < 0:
        raise InputError(f"aggregate: min_cells must be a whole number >= 0, got {min_cells!r}")
    if chunk_size is not None and (isinstance(chunk_size, bool) or not isinstance(
            chunk_size, (int, np.integer)) or chunk_size < 1):
        raise InputError(f"aggregate: chunk_size must be a whole number >= 1, got "
                         f"{chunk_size!r}")
    kind = _input_kind(df)
    if kind in ("anndata", "dask"):
        return _aggregate_cells(kind, df, groups, by, how, order, bool(na_rm), layer, genes,
                                int(min_cells), chunk_size, progress, samples)
    for name, value in (("layer", layer), ("min_cells", min_cells or None)):
        if value is not None:
            raise InputError(f"aggregate: {name}= applies to AnnData input (cells x genes); "
                             f"for a genes x samples table leave it out")
    if samples is not None or by is not None:
        groups = _groups_from_sheet(samples, by, groups)
    if groups is None:
        raise InputError("aggregate: give groups= (the group of every sample), or samples= "
                         "(a sample sheet) with by= (its column holding the groups)")
    if kind == "file":
        from pyr_heatmap.prepare.stream import aggregate_file

        return aggregate_file(df, groups, how, order, bool(na_rm), genes, chunk_size, progress)
    if genes is not None:
        df = select_genes(df, genes)
    values, index, columns = _as_matrix(df, "aggregate")
    labels, axis_name = _group_labels(groups, columns)
    levels = _group_levels(labels, columns, order)
    position = {g: i for i, g in enumerate(levels)}
    members: list[list[int]] = [[] for _ in levels]
    for j, g in enumerate(labels):
        members[position[g]].append(j)
    out = np.empty((values.shape[0], len(levels)), dtype=np.float64)
    with np.errstate(invalid="ignore", divide="ignore"):
        for k, idx in enumerate(members):
            sub = values[:, idx]
            if how == "median":
                out[:, k] = _row_median(sub, bool(na_rm))
                continue
            total, cnt = _ld_sum(sub, axis=1, skipna=bool(na_rm))
            out[:, k] = _ld_to_double(total if how == "sum" else total / cnt.astype(_LD))
    return pd.DataFrame(out, index=index, columns=pd.Index(levels, name=axis_name))


# --------------------------------------------------------------------------------------------
# other inputs: AnnData, Dask, files, sample sheets
# --------------------------------------------------------------------------------------------
def _is_dask(obj: Any) -> bool:
    return type(obj).__module__.split(".")[0] == "dask" and hasattr(obj, "chunks")


def _input_kind(df: Any) -> str:
    if is_anndata(df):
        return "dask" if _is_dask(df.X) else "anndata"
    if _is_dask(df):
        return "dask"
    if isinstance(df, (str, os.PathLike)):
        name = os.fspath(df).lower()
        return "anndata" if name.endswith(".h5ad") else "file"
    return "table"


def _groups_from_sheet(samples: Any, by: Any, groups: Any) -> pd.Series:
    if groups is not None:
        raise InputError("aggregate: give either groups= or samples= with by=, not both")
    if samples is None or by is None:
        raise InputError("aggregate: samples= (the sample sheet) and by= (its column with the "
                         "groups) go together; give both")
    if not isinstance(by, str):
        raise InputError(f"aggregate: with samples=, by must name one column, got {by!r}")
    if isinstance(samples, (str, os.PathLike)):
        from pyr_heatmap.prepare.stream import read_sample_sheet

        samples = read_sample_sheet(samples)
    if not isinstance(samples, pd.DataFrame):
        raise InputError(f"aggregate: samples must be a DataFrame (indexed by sample) or the "
                         f"path of a sample sheet, got {type(samples).__name__}")
    if by not in samples.columns:
        raise InputError(f"aggregate: by={by!r} is not a column of the sample sheet (columns: "
                         f"{_preview([str(c) for c in samples.columns], 12)})")
    col = samples[by]
    return pd.Series(col.to_numpy(), index=[str(i) for i in samples.index], name=by)


def _aggregate_cells(kind: str, df: Any, groups: Any, by: Any, how: str, order: Any,
                     na_rm: bool, layer: Any, genes: Any, min_cells: int, chunk_size: Any,
                     progress: Any, samples: Any) -> pd.DataFrame:
    if samples is not None:
        raise InputError("aggregate: samples= is for genes x samples tables; an AnnData "
                         "carries its groups in obs: use by=COLUMN")
    if kind == "dask":
        from pyr_heatmap.prepare.distributed import aggregate_dask

        return aggregate_dask(df, groups=groups, by=by, how=how, order=order, na_rm=na_rm,
                              layer=layer, genes=genes, min_cells=min_cells)
    if groups is not None:
        raise InputError("aggregate: an AnnData is grouped by obs column(s): use by=COLUMN "
                         "(or add your labels as a column: adata.obs['group'] = labels)")
    if by is None:
        raise InputError("aggregate: an AnnData needs by= (the obs column holding each cell's "
                         "group, e.g. by=\"region\")")
    from pyr_heatmap.prepare.anndata import aggregate_anndata

    return aggregate_anndata(df, by, how, order, na_rm, layer, genes, min_cells, chunk_size,
                             progress)
