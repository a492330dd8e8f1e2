"""The argument parser of ``pyr-heatmap``."""

from __future__ import annotations

import argparse

from pyr_heatmap.cli.commands import _crosscheck, _demo, _draw, _export_r
from pyr_heatmap.cli.styles import ALL_STYLES


# --------------------------------------------------------------------------------------------
# the parser
# --------------------------------------------------------------------------------------------
def _input_options() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(add_help=False)
    g = p.add_argument_group("input")
    g.add_argument("matrix", nargs="?",
                   help="expression matrix (CSV/TSV, optionally gzip): a header of sample names, "
                        "then one line per gene (gene id, one value per sample)")
    g.add_argument("--samples", metavar="SHEET",
                   help="sample sheet (CSV/TSV): one line per sample, its id and columns such "
                        "as the group")
    g.add_argument("--sample-col", metavar="COLUMN",
                   help="sample sheet column holding the sample ids (default: the first)")
    g.add_argument("--brainspan", metavar="FOLDER",
                   help="a BrainSpan genes_matrix_csv download (folder or .zip) instead of a "
                        "matrix")
    g.add_argument("--h5ad", metavar="FILE",
                   help="an AnnData .h5ad file (cells x genes, e.g. the Allen Brain Cell "
                        "Atlas); read in chunks and averaged per --group-by obs column "
                        "(needs pip install \"pyr_heatmap[anndata]\")")
    g.add_argument("--layer", metavar="NAME",
                   help="with --h5ad: aggregate this layer instead of X")
    g.add_argument("--gct", metavar="FILE",
                   help="a GCT 1.2 file (GTEx's format, .gct or .gct.gz); with --samples and "
                        "--group-by it is aggregated while it is read, block by block")
    g.add_argument("--gene-index", choices=("gene_symbol", "ensembl_gene_id"),
                   default="gene_symbol",
                   help="with --brainspan: name the genes by symbol (duplicates made unique as "
                        "R's make.unique) or by Ensembl id (default: %(default)s)")
    g.add_argument("--genes", metavar="LIST|@FILE",
                   help="genes to show: names separated by commas, or @FILE with one per line")
    g = p.add_argument_group("preparation (the R recipe)")
    g.add_argument("--group-by", metavar="COLUMN",
                   help="combine the samples of each value of this sample-table column "
                        "(e.g. structure_acronym); with --h5ad an obs column (e.g. region)")
    g.add_argument("--aggregate", choices=("mean", "median"), default="mean",
                   help="how to combine the samples of a group (default: %(default)s)")
    g.add_argument("--pseudocount", type=float, default=1.0,
                   help="log2(x + PSEUDOCOUNT); 0 = no log (default: %(default)g)")
    g.add_argument("--scale", choices=("rows", "columns", "none"), default="rows",
                   help="z-scores of rows (t(scale(t(x)))), of columns, or none "
                        "(default: %(default)s)")
    g = p.add_argument_group("clustering (ComplexHeatmap's arguments)")
    g.add_argument("--distance-rows", default="euclidean", metavar="NAME",
                   help="clustering_distance_rows (default: %(default)s)")
    g.add_argument("--distance-columns", default="euclidean", metavar="NAME",
                   help="clustering_distance_columns (default: %(default)s)")
    g.add_argument("--method-rows", default="ward.D2", metavar="NAME",
                   help="clustering_method_rows (default: %(default)s)")
    g.add_argument("--method-columns", default="ward.D2", metavar="NAME",
                   help="clustering_method_columns (default: %(default)s)")
    g.add_argument("--no-reorder", action="store_true",
                   help="keep hclust's order (row/column_dend_reorder = FALSE, what "
                        "Heatmap(m, cluster_rows = hr) gives); default: ComplexHeatmap's "
                        "reordering by row/column means")
    g.add_argument("--row-split", metavar="K", help="split the genes into K clusters of the tree")
    g.add_argument("--column-split", metavar="K|COLUMN",
                   help="split the columns into K clusters, or by a sample-table column (one "
                        "value per group)")
    g = p.add_argument_group("appearance")
    g.add_argument("--style", choices=ALL_STYLES, default="complexheatmap",
                   help="which R package's heatmap to reproduce: ComplexHeatmap's Heatmap() "
                        "(reorders the dendrograms by means), pheatmap() (hclust's order, its "
                        "own --scale, --row-split K as cutree_rows), gplots' heatmap.2 or "
                        "stats' heatmap (default: %(default)s)")
    g.add_argument("--annotate", action="append", metavar="COLUMN",
                   help="annotation bar from a sample-table column, summarised per group "
                        "(repeatable)")
    g.add_argument("--col", metavar="COLORS",
                   help="colours separated by commas, e.g. blue,white,red")
    g.add_argument("--breaks", nargs="+", metavar="X",
                   help="the values of the --col colours: --breaks -2 0 2 or --breaks=-2,0,2 "
                        "(default: spread over the default colour range)")
    g.add_argument("--name", help="legend title (default: relative expression)")
    g.add_argument("--row-names", choices=("auto", "show", "hide"), default="auto",
                   help="draw gene names (auto: while they fit at 4 pt or more, shrinking "
                        "from 12 pt; show: always, at 5 pt if they do not fit otherwise; "
                        "--style pheatmap: auto draws up to 150 genes, at its fontsize_row)")
    g.add_argument("--row-names-fontsize", type=float, metavar="PT",
                   help="font size of the gene names; the heatmap grows to fit them")
    g.add_argument("--width", type=float, metavar="MM", help="width of the heatmap body in mm")
    g.add_argument("--height", type=float, metavar="MM", help="height of the heatmap body in mm")
    g = p.add_argument_group("messages")
    g.add_argument("-q", "--quiet", action="store_true", help="no progress messages")
    g.add_argument("--debug", action="store_true", default=argparse.SUPPRESS,
                   help="show the traceback on errors")
    return p


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of ``pyr-heatmap``."""
    from pyr_heatmap._version import __version__

    parser = argparse.ArgumentParser(
        prog="pyr-heatmap",
        description="R's clustered expression heatmap from Python, with R-identical orders.",
        epilog="Exit status: 0 success, 1 error, 2 usage error, 3 crosscheck found differences.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--debug", action="store_true", help="show the traceback on errors")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    inputs = _input_options()

    draw = sub.add_parser("draw", parents=[inputs], help="prepare, cluster and draw a heatmap",
                          description="Read, prepare (genes, groups, log2, z-scores), cluster "
                                      "and draw; progress goes to stderr.")
    g = draw.add_argument_group("output")
    g.add_argument("--out", default="heatmap.png",
                   help="figure (.png, .pdf, .svg, .tif); default %(default)s")
    g.add_argument("--dpi", type=float, default=300.0,
                   help="resolution of .png/.tif output (default: %(default)g)")
    g.add_argument("--backend", choices=("native", "r", "auto"), default="native",
                   help="native (matplotlib, no R), r (ComplexHeatmap) or auto (R when "
                        "available); default %(default)s")
    g.add_argument("--write-matrix", metavar="FILE",
                   help="also write the drawn matrix (rows and columns in drawn order) as CSV")
    g.add_argument("--write-clusters", metavar="FILE",
                   help="also write the cutree memberships of rows and columns as CSV "
                        "(needs --k)")
    g.add_argument("--k", metavar="K|ROWS,COLUMNS",
                   help="number of clusters for --write-clusters (one for both axes, or two)")
    draw.set_defaults(func=_draw)

    cc = sub.add_parser("crosscheck", parents=[inputs],
                        help="compare the orders with ComplexHeatmap's (needs R)",
                        description="Prepare the heatmap as `draw` does and compare its orders "
                                    "with those ComplexHeatmap computes in R. Exit 0 only if "
                                    "they agree (3 if they differ).")
    cc.add_argument("--report", metavar="FILE", help="also write the report as JSON")
    cc.set_defaults(func=_crosscheck)

    ex = sub.add_parser("export-r", parents=[inputs], help="write the equivalent R script",
                        description="Prepare the heatmap as `draw` does and write an R script "
                                    "that draws it with ComplexHeatmap.")
    ex.add_argument("--out", default="heatmap.R", help="the R script (default %(default)s)")
    ex.set_defaults(func=_export_r)

    demo = sub.add_parser("demo", help="the whole workflow on the bundled synthetic example "
                                       "(no R needed)")
    demo.add_argument("--out", default="pyr_heatmap_demo.png",
                      help="figure to write (.png, .pdf, .svg, .tiff); default %(default)s")
    demo.add_argument("--dpi", type=float, default=300.0,
                      help="resolution of raster output (default: %(default)g)")
    demo.add_argument("--where", action="store_true",
                      help="only print the folder of the bundled BrainSpan-layout demo files")
    demo.add_argument("-q", "--quiet", action="store_true", help="no progress messages")
    demo.add_argument("--debug", action="store_true", default=argparse.SUPPRESS,
                      help="show the traceback on errors")
    demo.set_defaults(func=_demo)
    return parser
