"""Row and column splits as R factors: levels in R's order, columns combined, k-means labels."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from pyr_heatmap.engine.dendrogram import r_mean, reorder
from pyr_heatmap.engine.dist import dist
from pyr_heatmap.engine.hclust import hclust
from pyr_heatmap.engine.rfactor import r_as_character, r_sort_strings
from pyr_heatmap.engine.rstats import _order_nan_last, _r_col_means, _r_row_means
from pyr_heatmap.errors import InputError


# --------------------------------------------------------------------------------------------
# splits: each column becomes a factor (codes 0..L-1, -1 for NA) as make_cluster() does
# --------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class _Factor:
    codes: np.ndarray  # int64, -1 = NA
    levels: list[str]


def _factor_from_values(values: list[object], level_values: list[object]) -> _Factor:
    index = {v: i for i, v in enumerate(level_values)}
    codes = np.array([-1 if _isna(v) else index[v] for v in values], dtype=np.int64)
    names = [r_as_character(v) for v in level_values]
    if len(set(names)) != len(names):
        raise InputError(
            "split labels that are different numbers print the same way in R (15 significant "
            "digits), so they would make duplicated factor levels; round them or use strings"
        )
    return _Factor(codes, names)


def _isna(v: object) -> bool:
    try:
        return bool(pd.isna(v))
    except (TypeError, ValueError):
        return False


def _as_factor(col: pd.Series) -> _Factor:
    """One split column as R's make_cluster() turns it into a factor."""
    if isinstance(col.dtype, pd.CategoricalDtype):
        # factor(x, levels = intersect(levels(x), unique(x))): category order, unused dropped
        cats = list(col.cat.categories)
        codes = col.cat.codes.to_numpy().astype(np.int64)
        used = sorted(set(codes[codes >= 0].tolist()))
        remap = np.full(len(cats) + 1, -1, dtype=np.int64)
        for new, old in enumerate(used):
            remap[old] = new
        return _Factor(remap[codes], [r_as_character(cats[i]) for i in used])
    values = col.tolist()
    present = [v for v in values if not _isna(v)]
    if pd.api.types.is_bool_dtype(col.dtype) or (
        present and all(isinstance(v, (bool, np.bool_)) for v in present)
    ):
        levels = sorted({bool(v) for v in present})  # FALSE < TRUE
        return _factor_from_values([None if _isna(v) else bool(v) for v in values], levels)
    numeric = bool(present) and all(
        isinstance(v, (int, float, np.integer, np.floating)) and not isinstance(v, (bool, np.bool_))
        for v in present
    )
    if numeric:
        # factor(as.character(x), levels = as.character(sort(unique(x)))): numeric order
        is_int = pd.api.types.is_integer_dtype(col.dtype) or all(
            isinstance(v, (int, np.integer)) for v in present
        )
        conv = int if is_int else float
        vals = [None if _isna(v) else conv(v) for v in values]
        levels = sorted({v for v in vals if v is not None})
        return _factor_from_values(vals, levels)
    # character: factor(x), levels = sort(unique(x)) in the locale's collation
    vals = [None if _isna(v) else str(v) for v in values]
    levels = r_sort_strings(list(dict.fromkeys(v for v in vals if v is not None)))
    return _factor_from_values(vals, levels)


def is_split_count(split: object) -> bool:
    """R's ``is.numeric(split) && length(split) == 1``."""
    if isinstance(split, (bool, np.bool_)):
        return False
    if isinstance(split, (int, float, np.integer, np.floating)):
        return True
    if isinstance(split, (np.ndarray, list, tuple, pd.Series)) and not isinstance(
        getattr(split, "dtype", None), pd.CategoricalDtype
    ):
        arr = np.asarray(split)
        return arr.size == 1 and arr.dtype.kind in "iuf"
    return False


def _split_columns(split: object, n: int, what: str) -> list[pd.Series]:
    if isinstance(split, pd.DataFrame):
        cols = [split.iloc[:, j].reset_index(drop=True) for j in range(split.shape[1])]
        length = split.shape[0]
    elif isinstance(split, np.ndarray) and split.ndim == 2:
        cols = [pd.Series(split[:, j]) for j in range(split.shape[1])]
        length = split.shape[0]
    else:
        if isinstance(split, pd.Series):
            col = split.reset_index(drop=True)
        elif isinstance(split, (pd.Categorical, pd.Index)):
            col = pd.Series(split)
        else:
            arr = np.asarray(split, dtype=object) if not isinstance(split, np.ndarray) else split
            if arr.ndim == 0:
                arr = arr.reshape(1)
            if arr.ndim != 1:
                raise InputError(f"{what}_split must be a vector, a DataFrame or a number")
            col = pd.Series(list(arr) if arr.dtype == object else arr)
        cols = [col]
        length = len(col)
    if length != n:
        raise InputError(
            f"{what}_split has {length} labels but the matrix has {n} {what}s; give one label "
            f"per {what} (or a single number k to cut the {what} dendrogram into k slices)"
        )
    if not cols:
        raise InputError(f"{what}_split is a DataFrame without columns")
    return cols


def _combine(factors: list[_Factor], n: int) -> tuple[np.ndarray, list[str]]:
    """Slice name of each index and the slice names in level order (R: order(split), unique)."""
    names = np.array(
        [
            ",".join(f.levels[c] if c >= 0 else "NA" for f, c in zip(factors, row, strict=True))
            for row in zip(*[f.codes.tolist() for f in factors], strict=True)
        ],
        dtype=object,
    )
    big = max(len(f.levels) for f in factors)
    keys = [np.where(f.codes >= 0, f.codes, big) for f in factors]  # NA last
    order2 = np.lexsort(keys[::-1]) if keys else np.arange(n)
    levels: list[str] = []
    seen: set[str] = set()
    for i in order2:
        nm = names[i]
        if nm not in seen:
            seen.add(nm)
            levels.append(nm)
    return names, levels


# --------------------------------------------------------------------------------------------
# k-means (not R's: R's kmeans depends on R's random numbers)
# --------------------------------------------------------------------------------------------
def _kmeans(x: np.ndarray, k: int, repeats: int, rng: np.random.Generator, what: str) -> np.ndarray:
    """Lloyd's k-means, best of ``repeats`` random starts; labels 1, 2, ... by first appearance."""
    if np.isnan(x).any():
        raise InputError(f"{what}_km: k-means cannot use a matrix with missing values")
    uniq = np.unique(x, axis=0)
    if k > uniq.shape[0]:
        raise InputError(f"{what}_km = {k} but there are only {uniq.shape[0]} distinct {what}s")
    best_wss = np.inf
    best = np.zeros(x.shape[0], dtype=np.int64)
    for _ in range(max(1, int(repeats))):
        centers = uniq[rng.choice(uniq.shape[0], size=k, replace=False)]
        lab = np.full(x.shape[0], -1, dtype=np.int64)
        for _it in range(100):
            d2 = ((x[:, None, :] - centers[None, :, :]) ** 2).sum(axis=2)
            new = d2.argmin(axis=1)
            if np.array_equal(new, lab):
                break
            lab = new
            for c in range(k):
                if (lab == c).any():
                    centers[c] = x[lab == c].mean(axis=0)
        wss = float(((x - centers[lab]) ** 2).sum())
        if wss < best_wss:
            best_wss, best = wss, lab
    # number the clusters 1, 2, ... by first appearance
    ids: dict[int, int] = {}
    for c in best.tolist():
        ids.setdefault(c, len(ids) + 1)
    return np.array([ids[c] for c in best.tolist()], dtype=np.int64)


def _km_factor(
    x: np.ndarray, labels: np.ndarray, reorder_arg: object, cluster_slices: bool
) -> _Factor:
    """make_cluster()'s k-means block: relabel clusters 1..k in hclust-of-means order."""
    lev = _as_factor(pd.Series(list(labels)))
    if (lev.codes < 0).any():
        raise InputError("k-means labels must not contain missing values")
    cl = lev.codes  # 0..k-1 = R's sort(unique(cl))
    k = len(lev.levels)
    meanmat = np.vstack([_r_col_means(x[cl == i]) for i in range(k)])  # k x p (R: t(meanmat))
    if isinstance(reorder_arg, np.ndarray) and reorder_arg.size > 1:
        weight = np.array([r_mean(reorder_arg[cl == i]) for i in range(k)])
    else:
        weight = _r_row_means(meanmat)
    if cluster_slices:
        hc = reorder(hclust(dist(meanmat)), weight, "mean")
        od = hc.order
    else:
        od = _order_nan_last(weight)
    cl2 = np.empty_like(cl)
    for i, c in enumerate(od):
        cl2[cl == c] = i
    return _Factor(cl2, [str(i + 1) for i in range(k)])
