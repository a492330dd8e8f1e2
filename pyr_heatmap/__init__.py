"""pyr_heatmap: R's clustered expression heatmap from Python, with R's names and R's results.

The recipe of the R tutorials::

    mat_log2 <- log2(mat + 1)
    mat_Z    <- t(scale(t(mat_log2)))
    hr <- hclust(dist(mat_Z), method = "ward.D2")
    hc <- hclust(dist(t(mat_Z)), method = "ward.D2")
    Heatmap(mat_Z, cluster_rows = hr, cluster_columns = hc)

translates line by line; every result (distances, merges, heights, orders) equals R's.
Importing the package never needs R or rpy2.
"""

from __future__ import annotations

from .errors import (
    ComplexHeatmapMissingError,
    InputError,
    PyrHeatmapError,
    RBackendError,
    RNotFoundError,
    RPy2IncompatibleError,
    RPy2MissingError,
    RUnavailableError,
)

__version__ = "0.1.0.dev0"

__all__ = [
    "ComplexHeatmapMissingError",
    "InputError",
    "PyrHeatmapError",
    "RBackendError",
    "RNotFoundError",
    "RPy2IncompatibleError",
    "RPy2MissingError",
    "RUnavailableError",
    "__version__",
]
