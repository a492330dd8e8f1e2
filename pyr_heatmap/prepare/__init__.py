"""Stage 1, prepare: read expression tables and turn them into the matrix that gets clustered.

Reading (R's number parser, ``read_matrix``, the BrainSpan and sample-sheet readers, gene lists,
the demo data set) and R's transforms (``aggregate``, ``log2p``, ``scale_rows``/``scale_columns``).
Pure numpy/pandas; imports only the package's base modules (errors, names, io).
"""

from pyr_heatmap.prepare.aggregate import aggregate
from pyr_heatmap.prepare.brainspan import read_brainspan
from pyr_heatmap.prepare.datasets import demo_folder, load_demo, write_brainspan
from pyr_heatmap.prepare.gct import read_gct
from pyr_heatmap.prepare.genes import make_unique, read_gene_list, select_genes
from pyr_heatmap.prepare.matrix import read_matrix
from pyr_heatmap.prepare.sheets import read_expression
from pyr_heatmap.prepare.transform import log2p, scale_columns, scale_rows

__all__ = [
    "aggregate",
    "demo_folder",
    "load_demo",
    "log2p",
    "make_unique",
    "read_brainspan",
    "read_expression",
    "read_gct",
    "read_gene_list",
    "read_matrix",
    "scale_columns",
    "scale_rows",
    "select_genes",
    "write_brainspan",
]
