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

from pyr_heatmap._version import __version__
from pyr_heatmap.backends.r.crosscheck import CrosscheckReport, crosscheck
from pyr_heatmap.backends.r.rscript import to_r_script
from pyr_heatmap.convenience import clustered_heatmap, prepare_matrix
from pyr_heatmap.engine.cluster import cluster_matrix
from pyr_heatmap.engine.dendrogram import cut_dendrogram, cutree, optimal_leaf_ordering, reorder
from pyr_heatmap.engine.dist import Dist, as_dist, dist
from pyr_heatmap.engine.hclust import HClust, hclust
from pyr_heatmap.engine.order import HeatmapOrder, heatmap_order
from pyr_heatmap.errors import (
    ComplexHeatmapMissingError,
    InputError,
    OutputError,
    PyrHeatmapError,
    RBackendError,
    RNotFoundError,
    RPackageMissingError,
    RPy2IncompatibleError,
    RPy2MissingError,
    RUnavailableError,
)
from pyr_heatmap.figure.annotation import HeatmapAnnotation, rowAnnotation
from pyr_heatmap.figure.annotation_functions import (
    anno_barplot,
    anno_block,
    anno_boxplot,
    anno_density,
    anno_empty,
    anno_histogram,
    anno_lines,
    anno_mark,
    anno_points,
    anno_simple,
    anno_text,
)
from pyr_heatmap.figure.colors import ColorRamp2, color_ramp2, default_col
from pyr_heatmap.figure.dend_style import ColoredHClust, color_branches
from pyr_heatmap.figure.heatmap import Heatmap
from pyr_heatmap.figure.heatmap_list import HeatmapList, vconcat
from pyr_heatmap.figure.legends import Legend
from pyr_heatmap.figure.pretty import pretty
from pyr_heatmap.frontends.heatmap2 import heatmap, heatmap_2
from pyr_heatmap.frontends.pheatmap import pheatmap
from pyr_heatmap.frontends.pheatmap_check import (
    PheatmapCrosscheck,
    pheatmap_crosscheck,
    pheatmap_to_r_script,
)
from pyr_heatmap.prepare import (
    aggregate,
    demo_folder,
    load_demo,
    log2p,
    make_unique,
    read_brainspan,
    read_expression,
    read_gct,
    read_gene_list,
    read_matrix,
    scale_columns,
    scale_rows,
    select_genes,
)
from pyr_heatmap.result import DrawnHeatmap, DrawnPheatmap
from pyr_heatmap.result.heatmap_list import DrawnHeatmapList, HeatmapListOrders

__all__ = [
    "ColorRamp2",
    "ColoredHClust",
    "ComplexHeatmapMissingError",
    "CrosscheckReport",
    "Dist",
    "DrawnHeatmap",
    "DrawnHeatmapList",
    "DrawnPheatmap",
    "HClust",
    "Heatmap",
    "HeatmapAnnotation",
    "HeatmapList",
    "HeatmapListOrders",
    "HeatmapOrder",
    "InputError",
    "Legend",
    "OutputError",
    "PheatmapCrosscheck",
    "PyrHeatmapError",
    "RBackendError",
    "RNotFoundError",
    "RPackageMissingError",
    "RPy2IncompatibleError",
    "RPy2MissingError",
    "RUnavailableError",
    "__version__",
    "aggregate",
    "anno_barplot",
    "anno_block",
    "anno_boxplot",
    "anno_density",
    "anno_empty",
    "anno_histogram",
    "anno_lines",
    "anno_mark",
    "anno_points",
    "anno_simple",
    "anno_text",
    "as_dist",
    "cluster_matrix",
    "clustered_heatmap",
    "color_branches",
    "color_ramp2",
    "crosscheck",
    "cut_dendrogram",
    "cutree",
    "default_col",
    "demo_folder",
    "dist",
    "hclust",
    "heatmap",
    "heatmap_2",
    "heatmap_order",
    "load_demo",
    "log2p",
    "make_unique",
    "optimal_leaf_ordering",
    "pheatmap",
    "pheatmap_crosscheck",
    "pheatmap_to_r_script",
    "prepare_matrix",
    "pretty",
    "read_brainspan",
    "read_expression",
    "read_gct",
    "read_gene_list",
    "read_matrix",
    "reorder",
    "rowAnnotation",
    "scale_columns",
    "scale_rows",
    "select_genes",
    "to_r_script",
    "vconcat",
]
