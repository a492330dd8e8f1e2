"""Combine the samples of each group (R's rowMeans per group, median, sum): aggregate."""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from pyr_heatmap._names import match_name
from pyr_heatmap.errors import InputError
from pyr_heatmap.prepare._common import _LD, _as_matrix, _ld_sum, _ld_to_double, _preview

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
    df: pd.DataFrame | np.ndarray,
    groups: Mapping[Hashable, Hashable] | pd.Series | Sequence[Hashable] | np.ndarray,
    how: str = "mean",
    order: Sequence[Hashable] | None = None,
    *,
    na_rm: bool = False,
) -> pd.DataFrame:
    """Combine replicate samples (columns) per group, e.g. the samples of each brain region.

    Parameters
    ----------
    df : pandas.DataFrame or 2-D array
        Genes x samples.
    groups : mapping, pandas.Series or sequence
        The group of every sample: a mapping sample -> group, a Series indexed by sample
        (extra entries for samples not in ``df`` are ignored), or a sequence of labels aligned
        with the columns.
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
    bit-identical to R on the same platform.

    R equivalent: ``sapply(split(seq_len(ncol(m)), groups), function(i) rowMeans(m[, i, drop =
    FALSE], na.rm = na_rm))`` (``rowSums`` for sum; ``apply(m[, i, drop = FALSE], 1, median,
    na.rm = na_rm)`` for median), with ``groups`` a factor whose levels are in ``order``.
    """
    values, index, columns = _as_matrix(df, "aggregate")
    how = match_name(how, _HOW, "aggregate method (how)", partial=False)
    if not isinstance(na_rm, (bool, np.bool_)):
        raise InputError(f"aggregate: na_rm must be True or False, got {na_rm!r}")
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
