"""Large work buffers (condensed distance matrices) allocated as plain anonymous memory maps.

numpy asks the kernel for transparent huge pages on large arrays (madvise(MADV_HUGEPAGE)). Where
huge pages are configured "on request" with direct compaction, as on many virtual machines, the
first touch of such an array can cost several times the work done on it (measured: 0.86 s instead
of 0.14 s to fill 400 MB). Buffers of tens of megabytes and more are therefore mapped directly,
without that request; smaller ones come from numpy as usual.
"""

from __future__ import annotations

import mmap

import numpy as np

__all__ = ["empty_float64"]

_MAP_THRESHOLD = 32 * 1024 * 1024  # bytes


def empty_float64(n: int) -> np.ndarray:
    """An uninitialised writable float64 array of ``n`` values (freed with the array)."""
    nbytes = int(n) * 8
    if nbytes < _MAP_THRESHOLD:
        return np.empty(int(n), dtype=np.float64)
    buf = mmap.mmap(-1, nbytes, flags=mmap.MAP_PRIVATE | mmap.MAP_ANONYMOUS)
    return np.frombuffer(buf, dtype=np.float64, count=int(n))
