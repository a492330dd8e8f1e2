"""Large work buffers (condensed distance matrices) allocated as plain anonymous memory maps.

numpy asks the kernel for transparent huge pages on large arrays (madvise(MADV_HUGEPAGE)). Where
huge pages are configured "on request" with direct compaction, as on many virtual machines, the
first touch of such an array can cost several times the work done on it (measured: 0.86 s instead
of 0.14 s to fill 400 MB). Buffers of tens of megabytes and more are therefore mapped directly,
without that request; smaller ones come from numpy as usual.
"""

from __future__ import annotations

import mmap
import os

import numpy as np

from pyr_heatmap.errors import InputError

__all__ = ["check_memory", "empty_float64", "memory_available"]

_MAP_THRESHOLD = 32 * 1024 * 1024  # bytes

#: What to do when the distances of a matrix do not fit (the API's words; the CLI has its own).
DIST_FIX = ("select fewer rows (e.g. the most variable genes with select_genes) or cluster one "
            "axis only (cluster_rows=False or cluster_columns=False)")


def memory_available() -> int | None:
    """Bytes of memory available to a new allocation: ``MemAvailable`` of /proc/meminfo, else
    the free physical pages (``os.sysconf``); None when neither can be read."""
    try:
        with open("/proc/meminfo", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    try:
        return int(os.sysconf("SC_AVPHYS_PAGES")) * int(os.sysconf("SC_PAGE_SIZE"))
    except (ValueError, OSError, AttributeError):
        return None


def _size(nbytes: float) -> str:
    return f"{nbytes / 1e9:.1f} GB" if nbytes >= 1e8 else f"{nbytes / 1e6:.1f} MB"


def check_memory(nbytes: float, what: str, fix: str, limit: float | None = None) -> None:
    """Raise an InputError before allocating ``nbytes`` that do not fit.

    Parameters
    ----------
    nbytes : float
        The size of the allocation.
    what : str
        What needs the memory, as the start of the message ("the distances between 80000 rows").
    fix : str
        What to do instead.
    limit : float, optional
        A cap of the caller's own (the CLI refuses more than 4 GB of distances).
    """
    avail = memory_available()
    if limit is not None and nbytes > limit:
        have = f"; {_size(avail)} available" if avail is not None else ""
        raise InputError(f"{what} need {_size(nbytes)} of memory, more than the "
                         f"{_size(limit)} allowed{have}: {fix}")
    if avail is not None and nbytes > avail:
        raise InputError(f"{what} need {_size(nbytes)} of memory but only {_size(avail)} is "
                         f"available: {fix}")


def empty_float64(n: int, what: str = "", fix: str = DIST_FIX) -> np.ndarray:
    """An uninitialised writable float64 array of ``n`` values (freed with the array).

    Arrays larger than the memory available raise an InputError naming ``what``, the size, the
    memory available and ``fix``, before any work (and if the system still refuses, after).
    """
    nbytes = int(n) * 8
    if nbytes < _MAP_THRESHOLD:
        return np.empty(int(n), dtype=np.float64)
    label = what or f"{int(n)} values"
    check_memory(nbytes, label, fix)
    try:
        buf = mmap.mmap(-1, nbytes, flags=mmap.MAP_PRIVATE | mmap.MAP_ANONYMOUS)
    except (OSError, MemoryError, OverflowError) as exc:
        raise InputError(f"{label} need {_size(nbytes)} of memory, which the system refused "
                         f"({exc}): {fix}") from None
    return np.frombuffer(buf, dtype=np.float64, count=int(n))
