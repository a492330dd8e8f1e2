"""The tools the benchmark compares, one worker per tool (see ``benchmarks/README.md``).

Every worker runs in a fresh process started by ``benchmarks/run.py``. It reads a job file (one
``key<TAB>value`` per line: the input, the sizes, where to write the PNG, the PDF, the orders and
its result), loads its input untimed, times the work itself and writes ``key<TAB>value`` lines to
the result file: ``work_s`` (the timed work), ``phase:<name>`` (parts of it) and ``note``.

This module only describes the tools (name, command line, availability, memory needed); it
imports none of them, so the harness stays light.
"""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

__all__ = [
    "DEFAULT_TOOLS",
    "FLOOR",
    "HEATMAP_TOOLS",
    "TIES_TOOLS",
    "Tool",
    "condensed_bytes",
    "r_complexheatmap_version",
]

HERE = Path(__file__).resolve().parent
GB = 1024.0**3
#: R's hclust (Fortran, 32-bit integer indices) refuses more objects than this
R_HCLUST_MAX = 65536


def condensed_bytes(n: int) -> float:
    """Bytes of one condensed distance matrix of ``n`` objects (float64)."""
    return n * (n - 1) / 2 * 8.0


@lru_cache(maxsize=1)
def r_complexheatmap_version() -> str | None:
    """ComplexHeatmap's version as Rscript sees it; None when Rscript or the package is missing."""
    rscript = shutil.which("Rscript")
    if rscript is None:
        return None
    proc = subprocess.run(
        [rscript, "-e", 'cat(as.character(packageVersion("ComplexHeatmap")))'],
        capture_output=True, text=True, check=False,
    )
    return proc.stdout.strip() if proc.returncode == 0 and proc.stdout.strip() else None


def _need_modules(*mods: str) -> Callable[[], str | None]:
    def check() -> str | None:
        for mod in mods:
            if importlib.util.find_spec(mod) is None:
                return f"{mod} is not installed"
        return None

    return check


def _need_r(*mods: str) -> Callable[[], str | None]:
    def check() -> str | None:
        if shutil.which("Rscript") is None:
            return "Rscript not found"
        if r_complexheatmap_version() is None:
            return "R package ComplexHeatmap not found"
        return _need_modules(*mods)()

    return check


@dataclass(frozen=True)
class Tool:
    """One benchmarked tool.

    Attributes
    ----------
    name : str
        Its name on the command line (``--tools``).
    label : str
        Its name in the tables.
    worker : str
        ``tools.<module>`` run with ``python -m``, or an ``.R`` file in this folder run by Rscript.
    input : {"npy", "bin"}
        The matrix as ``.npy`` (Python) or raw float64, column-major (R's ``readBin``).
    memory : callable
        Peak memory estimate in bytes for ``rows x cols`` (the memory guard).
    available : callable
        None when the tool can run here, else the reason it cannot.
    uses_r_hclust : bool
        Subject to R's hclust limit of 65,536 objects.
    what : str
        What the worker runs, for the report.
    options : tuple of str
        Extra ``key=value`` job entries.
    """

    name: str
    label: str
    worker: str
    input: str
    memory: Callable[[int, int], float]
    available: Callable[[], str | None]
    uses_r_hclust: bool = False
    what: str = ""
    options: tuple[str, ...] = ()

    def command(self, job: Path) -> list[str]:
        """The command line that runs this tool on ``job``."""
        if self.worker.endswith(".R"):
            return [shutil.which("Rscript") or "Rscript", str(HERE / self.worker), str(job)]
        return [sys.executable, "-m", self.worker, str(job)]


# Memory estimates: c = one condensed distance matrix, m = the input matrix (float64).
# R's dist() allocates c and hclust() hands a copy of it to Fortran (.Fortran copies): 2c.
# scipy's linkage(method="ward") copies pdist's result inside nn_chain: 2c.
# pyr_heatmap's cluster_matrix clusters its fresh distance buffer in place: c.
def _mem_native(n: int, p: int) -> float:
    return condensed_bytes(n) + 12 * n * p * 8 + 0.4 * GB


def _mem_two(extra_gb: float) -> Callable[[int, int], float]:
    def estimate(n: int, p: int) -> float:
        return 2 * condensed_bytes(n) + 12 * n * p * 8 + extra_gb * GB

    return estimate


HEATMAP_TOOLS: dict[str, Tool] = {
    t.name: t
    for t in (
        Tool(
            "native", "pyr_heatmap native", "tools.native", "npy", _mem_native,
            _need_modules("pyr_heatmap", "matplotlib"),
            what="`scale_rows(log2p(m))`; `cluster_matrix(z, 'euclidean', 'ward.D2')` on rows and "
                 "on `z.T`; `Heatmap(z, cluster_rows=hr, cluster_columns=hc, "
                 "show_row_names=False).draw(backend='native')`; `save()` PNG (100 dpi) and PDF",
        ),
        Tool(
            "rbackend", "pyr_heatmap R backend", "tools.rbackend", "npy", _mem_two(1.0),
            _need_r("pyr_heatmap", "rpy2"), uses_r_hclust=True,
            what="`scale_rows(log2p(m))`; `Heatmap(z, clustering_method_rows='ward.D2', "
                 "clustering_method_columns='ward.D2', row_dend_reorder=False, "
                 "column_dend_reorder=False, show_row_names=False).draw(backend='r', "
                 "r_clusters=True)`; `save()` PNG and PDF. R is started and ComplexHeatmap "
                 "loaded before the clock starts",
        ),
        Tool(
            "rscript", "R ComplexHeatmap (Rscript)", "complexheatmap.R", "bin", _mem_two(0.6),
            _need_r(), uses_r_hclust=True,
            what="`t(scale(t(log2(m + 1))))`; `hclust(dist(z), 'ward.D2')` and "
                 "`hclust(dist(t(z)), 'ward.D2')`; `Heatmap(z, cluster_rows = hr, cluster_columns "
                 "= hc, show_row_names = FALSE)` drawn on `png(type = 'cairo', res = 100)` and "
                 "on `pdf()`",
        ),
        Tool(
            "seaborn", "seaborn.clustermap", "tools.seaborn_clustermap", "npy", _mem_two(0.5),
            _need_modules("seaborn"),
            what="`clustermap(np.log2(m + 1), z_score=0, method='ward', metric='euclidean', "
                 "yticklabels=False, xticklabels=True, cmap='bwr', center=0)`; `savefig` PNG "
                 "(100 dpi) and PDF (seaborn's default: the body is not rasterized, so the PDF "
                 "holds one vector cell per value)",
        ),
        Tool(
            "pycomplexheatmap", "PyComplexHeatmap", "tools.pycomplexheatmap", "npy", _mem_two(0.5),
            _need_modules("PyComplexHeatmap"),
            what="`ClusterMapPlotter(np.log2(m + 1), z_score=0, row/col_cluster_method='ward', "
                 "row/col_cluster_metric='euclidean', row/col_dendrogram=True, "
                 "show_rownames=False, show_colnames=True, cmap='bwr')`; `savefig` PNG (100 dpi) "
                 "and PDF (it rasterizes the body itself above 5,000 rows; its colour scale runs "
                 "from the minimum to the maximum, not centred on 0)",
        ),
        Tool(
            "rbackend-trees", "pyr_heatmap R backend, Python trees", "tools.rbackend", "npy",
            _mem_native, _need_r("pyr_heatmap", "rpy2"),
            what="as `native` up to the trees, then `Heatmap(z, cluster_rows=hr, "
                 "cluster_columns=hc, ...).draw(backend='r')`: R draws the Python trees "
                 "(not in the default set)",
            options=("trees=1",),
        ),
    )
}

#: tools run when --tools is not given
DEFAULT_TOOLS = ("native", "rbackend", "rscript", "seaborn", "pycomplexheatmap")

FLOOR = Tool(
    "floor", "scipy pdist + linkage(ward)", "tools.scipy_floor", "npy", _mem_two(0.3),
    _need_modules("scipy"),
    what="z-scores computed untimed; timed: `linkage(pdist(z), 'ward')` and "
         "`linkage(pdist(z.T), 'ward')`",
)

TIES_TOOLS: dict[str, Tool] = {
    t.name: t
    for t in (
        Tool(
            "ties-hclust", "pyr_heatmap hclust(dist(x), 'ward.D2')", "tools.ties_pyr", "npy",
            _mem_two(0.3), _need_modules("pyr_heatmap"), options=("variant=hclust",),
        ),
        Tool(
            "ties-cluster-matrix", "pyr_heatmap cluster_matrix(x, 'euclidean', 'ward.D2')",
            "tools.ties_pyr", "npy", _mem_native, _need_modules("pyr_heatmap"),
            options=("variant=cluster_matrix",),
        ),
        Tool(
            "ties-r", "R hclust(dist(x), 'ward.D2')", "ties.R", "bin", _mem_two(0.3),
            _need_r(), uses_r_hclust=True,
        ),
        Tool(
            "ties-scipy", "scipy linkage(pdist(x), 'ward')", "tools.scipy_floor", "npy",
            _mem_two(0.3), _need_modules("scipy"), options=("variant=ties",),
        ),
    )
}
