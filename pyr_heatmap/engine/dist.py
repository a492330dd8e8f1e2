"""R's ``dist()`` and ComplexHeatmap's correlation distances, bit-identical to R.

R equivalent::

    dist(x, method = "euclidean", p = 2)              # stats
    as.dist(1 - cor(t(x), method = "pearson"))   # ComplexHeatmap's "pearson" (spearman, kendall)
"""

from __future__ import annotations

import operator
import os
import warnings
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from pyr_heatmap._names import match_name
from pyr_heatmap.engine import _rcore
from pyr_heatmap.engine._buffers import empty_float64
from pyr_heatmap.errors import InputError

__all__ = ["COR_METHODS", "DIST_METHODS", "Dist", "as_dist", "compute_distances", "dist"]

DIST_METHODS = ("euclidean", "maximum", "manhattan", "canberra", "binary", "minkowski")
COR_METHODS = ("pearson", "spearman", "kendall")
_CODES = {name: i + 1 for i, name in enumerate(DIST_METHODS)}


@dataclass(frozen=True, eq=False)
class Dist:
    """A dissimilarity structure, the counterpart of an R ``dist`` object.

    Attributes
    ----------
    condensed : numpy.ndarray
        The ``n * (n - 1) / 2`` dissimilarities in R's order (column-major lower triangle), which
        is also scipy's condensed order. Read-only.
    size : int
        Number of objects ``n`` (R's ``attr(d, "Size")``).
    labels : tuple of str or None
        Object labels (R's ``attr(d, "Labels")``).
    method : str
        The distance that produced it (R's ``attr(d, "method")``).
    """

    condensed: np.ndarray
    size: int
    labels: tuple[str, ...] | None = None
    method: str | None = None
    p: float | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        c = np.asarray(self.condensed)
        if c.dtype != np.float64 or c.flags.writeable or not c.flags.c_contiguous:
            c = np.array(c, dtype=np.float64, copy=True)  # the caller's array stays theirs
        if c.ndim != 1 or c.size != self.size * (self.size - 1) // 2:
            raise InputError(
                f"a Dist of size {self.size} needs {self.size * (self.size - 1) // 2} values, "
                f"got an array of shape {c.shape}"
            )
        if self.labels is not None and len(self.labels) != self.size:
            raise InputError(f"{len(self.labels)} labels for {self.size} objects")
        c.flags.writeable = False
        object.__setattr__(self, "condensed", c)

    def __len__(self) -> int:
        return self.condensed.size

    def squareform(self) -> np.ndarray:
        """The full symmetric ``n x n`` matrix (R's ``as.matrix(d)``), zero diagonal."""
        n = self.size
        out = np.zeros((n, n))
        iu = np.triu_indices(n, 1)
        out[iu] = self.condensed
        out[iu[1], iu[0]] = self.condensed
        return out

    def to_frame(self) -> pd.DataFrame:
        """The full matrix as a DataFrame labelled like R's ``as.matrix(d)``."""
        labels = list(self.labels) if self.labels is not None else None
        return pd.DataFrame(self.squareform(), index=labels, columns=labels)


def _available_cpus() -> int:
    """The CPUs this process may run on (its affinity mask where the platform has one)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def _threads(n: int, nthreads: object) -> int:
    """The thread count for ``n`` objects: ``nthreads`` capped at the available CPUs, or a default.

    ``nthreads`` must be a positive integer (or None for the default: the available CPUs, at most
    8, and one thread below 256 objects); anything else is an :class:`InputError`. More threads
    than CPUs only compete with each other, so larger values are capped at the CPU count.
    """
    if nthreads is not None:
        if isinstance(nthreads, (bool, np.bool_)):
            raise InputError(f"nthreads must be a positive integer, got {nthreads!r}")
        try:
            k = operator.index(nthreads)  # ints and numpy integers; not 2.0 or "2"
        except TypeError:
            raise InputError(
                f"nthreads must be a positive integer, got {nthreads!r} "
                f"({type(nthreads).__name__})"
            ) from None
        if k < 1:
            raise InputError(f"nthreads must be >= 1, got {k}")
        return min(k, _available_cpus())
    if n < 256:
        return 1
    return min(_available_cpus(), 8)


def numeric_matrix(x: object, what: str = "x") -> tuple[np.ndarray, tuple[str, ...] | None]:
    """A C-contiguous float64 copy of ``x`` and its row labels; typed errors for bad input."""
    labels: tuple[str, ...] | None = None
    if isinstance(x, pd.DataFrame):
        labels = tuple(str(v) for v in x.index)
        # by position: a duplicated column name would select several columns
        bad = [x.columns[k] for k, dt in enumerate(x.dtypes)
               if not pd.api.types.is_numeric_dtype(dt) or pd.api.types.is_complex_dtype(dt)]
        if bad:
            raise InputError(
                f"{what} has non-numeric columns {bad[:5]!r}; convert them to numbers "
                "(e.g. pd.to_numeric) or drop them before clustering"
            )
        arr = x.to_numpy(dtype=np.float64, na_value=np.nan)
    else:
        try:
            arr = np.asarray(x)
        except Exception as exc:  # e.g. ragged nested lists
            raise InputError(f"{what} cannot be read as a matrix: {exc}") from exc
        if arr.dtype.kind not in "biuf":
            raise InputError(
                f"{what} must be numeric, got dtype {arr.dtype}; convert it to numbers first"
            )
        arr = arr.astype(np.float64)
    if arr.ndim != 2:
        raise InputError(
            f"{what} must be a 2-D matrix (objects in rows), got {arr.ndim} dimension(s)"
        )
    return np.ascontiguousarray(arr), labels


def dist(
    x: object,
    method: str = "euclidean",
    p: float = 2.0,
    *,
    labels: object = None,
    nthreads: int | None = None,
) -> Dist:
    """Distances between the rows of ``x``, exactly as R computes them.

    Parameters
    ----------
    x : array-like or pandas.DataFrame
        Numeric matrix; the rows are the objects. A DataFrame's index gives the labels.
    method : str
        One of R's ``dist()`` methods ``"euclidean"``, ``"maximum"``, ``"manhattan"``,
        ``"canberra"``, ``"binary"``, ``"minkowski"`` (unique prefixes accepted, as R's
        ``pmatch``), or ComplexHeatmap's ``"pearson"``, ``"spearman"``, ``"kendall"``
        (distance ``1 - cor``, range 0..2; exact names only, as ComplexHeatmap requires).
    p : float
        The power of the Minkowski distance.
    labels : sequence of str, optional
        Object labels; default the DataFrame index, or none.
    nthreads : int, optional
        Threads used for the computation (default: the available cores, at most 8). A positive
        integer; values above the number of CPUs available to the process are capped at that
        number. The result is the same for any number of threads.

    Returns
    -------
    Dist

    Notes
    -----
    R equivalent: ``dist(x, method, p = p)``; for the correlation distances,
    ``as.dist(1 - cor(t(x), method = method))`` as ComplexHeatmap's ``get_dist()``.

    Missing values (NaN) follow R: for the ``dist()`` methods each pair drops the columns where
    either value is missing and scales sums by ``ncol / count`` (a pair with no common column
    gives NaN). For the correlation distances, a matrix with any NaN is handled as ComplexHeatmap
    does: each pair is correlated on its complete positions (with a warning). Results are
    bit-identical to R 4.2 on the same machine.
    """
    out, n, row_labels, name, p_val = compute_distances(x, method, p, labels, nthreads)
    out.flags.writeable = False  # handed over to the Dist without a copy
    return Dist(out, n, row_labels, name, p_val if name == "minkowski" else None)


def compute_distances(
    x: object, method: str, p: float = 2.0, labels: object = None, nthreads: int | None = None
) -> tuple[np.ndarray, int, tuple[str, ...] | None, str, float]:
    """The work of :func:`dist`: a fresh, writable condensed buffer and what describes it.

    Returns ``(condensed, n, labels, method name, p)``. The buffer belongs to the caller (used by
    :func:`pyr_heatmap.engine.cluster.cluster_matrix` to cluster in place, without a second copy).
    """
    arr, row_labels = numeric_matrix(x)
    if labels is not None:
        row_labels = tuple(str(v) for v in labels)  # type: ignore[union-attr]
        if len(row_labels) != arr.shape[0]:
            raise InputError(f"{len(row_labels)} labels for {arr.shape[0]} rows")
    threads = _threads(arr.shape[0], nthreads)  # checked whatever the path
    if isinstance(method, str) and method in COR_METHODS:
        return (*_cor_dist(arr, method, threads), row_labels, method, float(p))
    if isinstance(method, str) and method and "euclidian".startswith(method):
        method = "euclidean"  # R accepts the misspelling
    name = match_name(method, DIST_METHODS + COR_METHODS, "distance method")
    if name in COR_METHODS:  # a prefix such as "pear": ComplexHeatmap wants the full name
        raise InputError(
            f"distance method {method!r} must be spelled out as {name!r} "
            "(ComplexHeatmap matches correlation distances exactly)"
        )
    p_val = float(p)
    if name == "minkowski" and not (np.isfinite(p_val) and p_val > 0):
        raise InputError(f"the Minkowski power p must be finite and > 0, got {p!r}")
    n, nc = arr.shape
    out = empty_float64(n * (n - 1) // 2, _dist_what(n))
    if n > 1:
        finite = bool(np.isfinite(arr).all())
        warn = _rcore.dist(arr, n, nc, _CODES[name], p_val, out, threads, finite)
        if warn:
            warnings.warn(
                "dist(method='binary'): treating non-finite values as NA (as R does)",
                UserWarning,
                stacklevel=3,
            )
    return out, n, row_labels, name, p_val


def _dist_what(n: int) -> str:
    return f"the distances between {n} rows ({n * (n - 1) // 2} values)"


def _cor_dist(arr: np.ndarray, method: str, threads: int) -> tuple[np.ndarray, int]:
    n, nc = arr.shape
    out = empty_float64(n * (n - 1) // 2, _dist_what(n))
    if n > 1:
        if np.isnan(arr).any():
            warnings.warn(
                "NA exists in the matrix, calculating distance by removing NA values "
                "(as ComplexHeatmap does).",
                UserWarning,
                stacklevel=4,
            )
            kind = {"pearson": 0, "kendall": 1, "spearman": 2}[method]
            sd0 = _rcore.cor_dist_na(arr, n, nc, kind, out)
        else:
            src = arr
            if method == "spearman":
                src = _rank_rows(arr)
            sd0 = _rcore.cor_dist(src, n, nc, int(method == "kendall"), out, threads)
        if sd0:
            warnings.warn(
                "the standard deviation is zero for some rows: their correlation distance is NaN "
                "(as in R); drop constant rows before clustering",
                UserWarning,
                stacklevel=4,
            )
    return out, n


def _rank_rows(arr: np.ndarray) -> np.ndarray:
    """R's ``rank(ties.method = "average")`` of each row (complete data)."""
    from scipy.stats import rankdata

    return np.ascontiguousarray(rankdata(arr, method="average", axis=1), dtype=np.float64)


def as_dist(m: object, labels: object = None) -> Dist:
    """R's ``as.dist(m)``: the lower triangle of a square matrix as a :class:`Dist`.

    Parameters
    ----------
    m : array-like or pandas.DataFrame
        A square matrix of dissimilarities; only its lower triangle is used, as in R.
    labels : sequence of str, optional
        Default: the DataFrame index (or none).
    """
    arr, row_labels = numeric_matrix(m, "m")
    if arr.shape[0] != arr.shape[1]:
        raise InputError(f"as_dist needs a square matrix, got shape {arr.shape}")
    if labels is not None:
        row_labels = tuple(str(v) for v in labels)  # type: ignore[union-attr]
    n = arr.shape[0]
    iu = np.triu_indices(n, 1)
    # lower triangle in column-major order == (row j, col i) for i < j, taken from m[j, i]
    return Dist(arr[iu[1], iu[0]], n, row_labels, None)
