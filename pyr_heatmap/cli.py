"""The ``pyr-heatmap`` command line tool: from a download to a figure.

Subcommands:

``draw``
    Read a matrix (plus a sample sheet) or a BrainSpan download, prepare it as the R recipe does
    (select genes, average per group, ``log2(x + 1)``, row z-scores), cluster and draw it;
    optionally write the ordered matrix and cluster memberships.
``crosscheck``
    Same inputs; compare the orders with ComplexHeatmap's, computed by R (exit 0 only if they
    agree).
``export-r``
    Same inputs; write the equivalent R script.
``demo``
    The whole workflow on the bundled synthetic example; needs no R.

Exit status: 0 success; 1 an error (bad input, missing R, a file that cannot be written: one
line on stderr naming the problem and the fix; ``--debug`` shows the traceback); 2 a usage
error; 3 ``crosscheck`` found differences.

Outputs (``--out``, ``--write-matrix``, ``--write-clusters``) are computed first and then written
together, each to a temporary file renamed into place: after an error none of them is written
and existing files of those names are untouched.
"""

from __future__ import annotations

import argparse
import math
import sys
import time
import warnings
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .errors import InputError, PyrHeatmapError

__all__ = ["build_parser", "main"]

EXIT_OK, EXIT_ERROR, EXIT_USAGE, EXIT_DIFFERENT = 0, 1, 2, 3
_FIGURE_SUFFIXES = (".png", ".pdf", ".svg", ".tif", ".tiff")
_MAX_DIST_BYTES = 4e9  # refuse to cluster more rows than a 4 GB distance vector holds
_ROW_NAMES_AUTO = 150  # row names are drawn for at most this many rows unless asked


# --------------------------------------------------------------------------------------------
# messages
# --------------------------------------------------------------------------------------------
def _one_line(text: str) -> str:
    return " ".join(str(text).split())


class _Progress:
    """Stage-by-stage progress on stderr (silent with -q)."""

    def __init__(self, quiet: bool) -> None:
        self.quiet = quiet
        self.t0 = time.perf_counter()

    def __call__(self, message: str) -> None:
        if not self.quiet:
            print(message, file=sys.stderr)

    def timed(self, message: str) -> None:
        now = time.perf_counter()
        self(f"{message} ({now - self.t0:.1f} s)")
        self.t0 = now


def _show_warning(message: Warning | str, category: type[Warning], filename: str, lineno: int,
                  file: Any = None, line: str | None = None) -> None:
    print(f"pyr-heatmap: warning: {_one_line(str(message))}", file=sys.stderr)


# --------------------------------------------------------------------------------------------
# inputs -> matrix -> Heatmap
# --------------------------------------------------------------------------------------------
def _load(args: argparse.Namespace, say: _Progress) -> tuple[pd.DataFrame, pd.DataFrame, str]:
    from .readers import read_brainspan, read_expression

    if args.brainspan and args.matrix:
        raise InputError(f"give either a matrix file ({args.matrix}) or --brainspan FOLDER, "
                         f"not both")
    if args.brainspan:
        if args.samples or args.sample_col:
            raise InputError("--samples/--sample-col cannot be combined with --brainspan: the "
                             "sample table is the folder's columns_metadata.csv")
        expr, samples = read_brainspan(args.brainspan, index=args.gene_index)
        source = f"BrainSpan folder {args.brainspan}"
    elif args.matrix:
        if args.sample_col and not args.samples:
            raise InputError("--sample-col needs --samples SHEET")
        expr, samples = read_expression(args.matrix, args.samples, sample_col=args.sample_col)
        source = args.matrix + (f" with sample sheet {args.samples}" if args.samples else "")
    else:
        raise InputError(
            "no input: give a matrix file (CSV/TSV, genes x samples) or --brainspan FOLDER "
            "(`pyr-heatmap demo --where` prints the folder of a bundled synthetic example)"
        )
    say.timed(f"read {source}: {expr.shape[0]} genes x {expr.shape[1]} samples")
    return expr, samples, source


def _gene_request(spec: str) -> list[str] | Path:
    if spec.startswith("@"):
        path = Path(spec[1:])
        if not path.is_file():
            raise InputError(f"--genes {spec}: no such file {str(path)!r}; give a text file "
                             f"with one gene per line, or the names separated by commas")
        return path
    names = [g.strip() for g in spec.split(",") if g.strip()]
    if not names:
        raise InputError("--genes is empty; give names separated by commas, or @FILE")
    if len(names) == 1 and Path(names[0]).is_file():
        raise InputError(f"--genes {names[0]}: to read the genes from that file write "
                         f"--genes @{names[0]}")
    return names


def _column_of(samples: pd.DataFrame, column: str, option: str, source: str) -> pd.Series:
    if column not in samples.columns:
        have = ", ".join(map(str, samples.columns)) or "none (give a sample sheet with --samples)"
        raise InputError(f"{option} {column!r}: no such column in the sample table of {source} "
                         f"(columns: {have})")
    return samples[column]


def _per_column(values: pd.Series, members: dict[Any, list[Any]] | None,
                columns: Sequence[Any]) -> list[Any]:
    """One value per heatmap column: the sample's value, or a summary over a group's samples.

    A group whose samples share one value gets it; numbers that differ are averaged; text that
    differs becomes ``"a/b"`` (up to three distinct values, sorted) or ``"mixed"``.
    """
    if members is None:
        return [None if pd.isna(v) else v for v in values.loc[list(columns)]]
    numeric = pd.api.types.is_numeric_dtype(values.dtype) and \
        not pd.api.types.is_bool_dtype(values.dtype)
    out: list[Any] = []
    for g in columns:
        vals = [v for v in values.loc[members[g]] if not pd.isna(v)]
        uniq = list(dict.fromkeys(vals))
        if not uniq:
            out.append(None)
        elif len(uniq) == 1:
            out.append(uniq[0])
        elif numeric:
            out.append(float(np.mean(np.asarray(vals, dtype=float))))
        elif len(uniq) <= 3:
            out.append("/".join(sorted(map(str, uniq))))
        else:
            out.append("mixed")
    return out


def _int_or_none(text: str) -> int | None:
    try:
        return int(text)
    except ValueError:
        return None


def _colors(args: argparse.Namespace, mat: pd.DataFrame) -> Any:
    from .colors import color_ramp2, default_col

    if args.breaks and not args.col:
        raise InputError("--breaks needs --col (the colours at the breaks)")
    if not args.col:
        return None
    colors = [c.strip() for c in args.col.split(",") if c.strip()]
    if args.breaks:
        breaks = []
        for tok in args.breaks:
            for part in tok.split(","):
                if part.strip():
                    try:
                        breaks.append(float(part))
                    except ValueError:
                        raise InputError(f"--breaks: {part!r} is not a number") from None
    else:
        base = default_col(mat.to_numpy(dtype=float)).breaks
        breaks = list(np.linspace(float(base[0]), float(base[-1]), len(colors)))
    if len(breaks) != len(colors):
        raise InputError(f"--col has {len(colors)} colours but --breaks has {len(breaks)} "
                         f"numbers; give one break per colour")
    return color_ramp2(breaks, colors)


def _check_size(mat: pd.DataFrame) -> None:
    n = mat.shape[0]
    need = n * (n - 1) / 2 * 8
    if need > _MAX_DIST_BYTES:
        raise InputError(
            f"{n} genes are too many to cluster (the distances alone need {need / 1e9:.0f} GB); "
            f"select the genes to show with --genes (names separated by commas, or @FILE with "
            f"one gene per line)"
        )


class _Prepared:
    """The matrix drawn and everything the outputs need."""

    def __init__(self, raw: pd.DataFrame, mat: pd.DataFrame, heatmap: Any,
                 steps: tuple[str, ...] | None) -> None:
        self.raw = raw  # genes selected and groups combined, before log2 and z-scores
        self.mat = mat
        self.heatmap = heatmap
        self.steps = steps  # the rest as rscript steps, when it is log2(x + 1) and/or rows


def _prepare(args: argparse.Namespace, say: _Progress) -> _Prepared:
    from .annotation import HeatmapAnnotation
    from .heatmap import Heatmap
    from .prepare import aggregate, log2p, scale_columns, scale_rows
    from .readers import select_genes

    expr, samples, source = _load(args, say)
    if args.genes:
        n0 = expr.shape[0]
        expr = select_genes(expr, _gene_request(args.genes))
        say(f"selected {expr.shape[0]} of {n0} genes")
    _check_size(expr)
    members: dict[Any, list[Any]] | None = None
    mat = expr
    if args.group_by:
        groups = _column_of(samples, args.group_by, "--group-by", source)
        mat = aggregate(expr, groups, how=args.aggregate)
        members = {}
        for sample, g in groups.items():
            members.setdefault(g, []).append(sample)
        say(f"combined the {expr.shape[1]} samples into {mat.shape[1]} groups by "
            f"{args.group_by} ({args.aggregate})")
    raw = mat
    if args.pseudocount < 0 or not math.isfinite(args.pseudocount):
        raise InputError(f"--pseudocount must be >= 0 (0 = no log), got {args.pseudocount}")
    if args.pseudocount > 0:
        mat = log2p(mat, pseudocount=args.pseudocount)
        say(f"log2(x + {args.pseudocount:g})")
    if args.scale == "rows":
        mat = scale_rows(mat)
        say("row z-scores (t(scale(t(x))))")
    elif args.scale == "columns":
        mat = scale_columns(mat)
        say("column z-scores (scale(x))")
    if mat.shape[0] == 0 or mat.shape[1] == 0:
        why = ""
        if args.scale != "none" and raw.shape[0] and raw.shape[1]:
            what = args.scale[:-1]
            why = (f" (the {what} z-scores dropped every {what}: each had zero variance or "
                   f"fewer than two values; z-scores need at least two different values, so "
                   f"give more samples or groups, or pass --scale none)")
        raise InputError(f"nothing left to draw: the matrix has {mat.shape[0]} rows and "
                         f"{mat.shape[1]} columns{why}")
    columns = list(mat.columns)
    top = None
    if args.annotate:
        tracks = {}
        for name in args.annotate:
            values = _column_of(samples, name, "--annotate", source)
            tracks[name] = _per_column(values, members, columns)
        top = HeatmapAnnotation(**tracks)
    column_split: Any = None
    if args.column_split:
        k = _int_or_none(args.column_split)
        if k is not None:
            column_split = k
        else:
            values = _column_of(samples, args.column_split, "--column-split", source)
            if members is not None:
                for g in columns:
                    uniq = sorted({str(v) for v in values.loc[members[g]]})
                    if len(uniq) > 1:
                        raise InputError(
                            f"--column-split {args.column_split!r}: group {g!r} has several "
                            f"values ({', '.join(uniq[:4])}); a split needs one value per "
                            f"heatmap column, i.e. per --group-by group"
                        )
            column_split = _per_column(values, members, columns)
    row_split: Any = None
    if args.row_split:
        row_split = _int_or_none(args.row_split)
        if row_split is None:
            raise InputError(f"--row-split must be a number of gene clusters (an integer >= 2), "
                             f"got {args.row_split!r}")
    show_rows = {"show": True, "hide": False}.get(args.row_names,
                                                   mat.shape[0] <= _ROW_NAMES_AUTO)
    if args.row_names == "auto" and not show_rows:
        say(f"{mat.shape[0]} rows: gene names not drawn (--row-names show draws them)")
    name = args.name or ("relative expression" if args.scale != "none" else "expression")
    reorder = False if args.no_reorder else None
    heatmap = Heatmap(
        mat,
        name=name,
        col=_colors(args, mat),
        cluster_rows=mat.shape[0] > 1,
        cluster_columns=mat.shape[1] > 1,
        clustering_distance_rows=args.distance_rows,
        clustering_distance_columns=args.distance_columns,
        clustering_method_rows=args.method_rows,
        clustering_method_columns=args.method_columns,
        row_dend_reorder=reorder,
        column_dend_reorder=reorder,
        row_split=row_split,
        column_split=column_split,
        top_annotation=top,
        show_row_names=show_rows,
        width=args.width,
        height=args.height,
    )
    steps: tuple[str, ...] | None = None
    if args.pseudocount in (0, 1) and args.scale != "columns":
        steps = (("log2p",) if args.pseudocount == 1 else ()) + (
            ("scale_rows",) if args.scale == "rows" else ())
    return _Prepared(raw, mat, heatmap, steps or None)


# --------------------------------------------------------------------------------------------
# outputs
# --------------------------------------------------------------------------------------------
def _check_output(path: str, option: str, suffixes: Sequence[str] | None = None) -> None:
    from .io import check_target

    target = Path(path)
    if suffixes is not None and target.suffix.lower() not in suffixes:
        raise InputError(f"{option} {path}: unknown file type {target.suffix or '(none)'!r}; use "
                         f"one of {', '.join(suffixes)}")
    check_target(target, option)


def _parse_k(text: str | None) -> tuple[int, int] | None:
    if text is None:
        return None
    parts = [p.strip() for p in text.split(",")]
    ks = [_int_or_none(p) for p in parts]
    if not 1 <= len(ks) <= 2 or any(k is None or k < 1 for k in ks):
        raise InputError(f"--k must be a number of clusters (e.g. 4) or ROWS,COLUMNS (e.g. 6,3), "
                         f"got {text!r}")
    return (int(ks[0]), int(ks[-1]))  # type: ignore[arg-type]


def _flat(order: Any) -> np.ndarray:
    if isinstance(order, dict):
        return np.concatenate([np.asarray(v, dtype=np.int64) for v in order.values()])
    return np.asarray(order, dtype=np.int64)


def _csv_bytes(frame: pd.DataFrame) -> bytes:
    # 17 significant digits: R's read.csv gives back the same doubles
    return frame.to_csv(float_format="%.17g", na_rep="NA", lineterminator="\n").encode("utf-8")


def _matrix_bytes(mat: pd.DataFrame, rows: np.ndarray, cols: np.ndarray) -> bytes:
    out = mat.iloc[rows, cols]
    out = out.rename_axis(index=out.index.name or "gene", columns=None)
    return _csv_bytes(out)


def _clusters(args: argparse.Namespace, mat: pd.DataFrame, rows: np.ndarray, cols: np.ndarray,
              k: tuple[int, int]) -> pd.DataFrame:
    from .cluster import cluster_matrix
    from .dendrogram import cutree

    parts = []
    for axis, x, order, kk, distance, method in (
        ("row", mat, rows, k[0], args.distance_rows, args.method_rows),
        ("column", mat.T, cols, k[1], args.distance_columns, args.method_columns),
    ):
        n = x.shape[0]
        if kk > n:
            raise InputError(f"--k asks for {kk} {axis} clusters but the heatmap has only {n} "
                             f"{axis}s; give a smaller k (ROWS,COLUMNS sets both)")
        member = (cutree(cluster_matrix(x, distance, method), k=kk) if n > 1
                  else np.ones(1, dtype=np.int64))
        labels = [str(v) for v in x.index]
        parts.append(pd.DataFrame({
            "axis": axis,
            "position": np.arange(1, n + 1),
            "label": [labels[i] for i in order],
            "cluster": member[order],
        }))
    return pd.concat(parts, ignore_index=True)


def _draw(args: argparse.Namespace) -> int:
    from .io import write_atomic_many

    say = _Progress(args.quiet)
    _check_output(args.out, "--out", _FIGURE_SUFFIXES)
    k = _parse_k(args.k)
    if args.write_clusters and k is None:
        raise InputError("--write-clusters needs --k (the number of clusters, or ROWS,COLUMNS)")
    if k is not None and not args.write_clusters:
        raise InputError("--k needs --write-clusters FILE (where to write the memberships)")
    if args.write_matrix:
        _check_output(args.write_matrix, "--write-matrix")
    if args.write_clusters:
        _check_output(args.write_clusters, "--write-clusters")
    outputs = [p for p in (args.out, args.write_matrix, args.write_clusters) if p]
    if len({Path(p).resolve() for p in outputs}) < len(outputs):
        raise InputError("--out, --write-matrix and --write-clusters must be different files")
    prep = _prepare(args, say)
    drawn = prep.heatmap.draw(backend=args.backend)
    reason = getattr(drawn, "reason", "")
    note = f" ({reason})" if reason and args.backend == "auto" else ""
    say.timed(f"clustered and drew {prep.mat.shape[0]} x {prep.mat.shape[1]} with the "
              f"{drawn.backend} backend{note}")
    rows, cols = _flat(drawn.row_order), _flat(drawn.column_order)
    # every output is computed before any is written, then all are written or none
    files: dict[Any, bytes] = {}
    if args.write_clusters and k is not None:
        table = _clusters(args, prep.mat, rows, cols, k)
        files[args.write_clusters] = table.to_csv(index=False, lineterminator="\n").encode()
    if args.write_matrix:
        files[args.write_matrix] = _matrix_bytes(prep.mat, rows, cols)
    target, image = drawn._encode(args.out, dpi=args.dpi)
    written = write_atomic_many({target: image, **files})
    labels = [str(v) for v in prep.mat.columns]
    print("column order:", " ".join(labels[i] for i in cols))
    say("wrote " + ", ".join(str(p) for p in written))
    return EXIT_OK


def _crosscheck(args: argparse.Namespace) -> int:
    import json

    from .heatmap import Heatmap
    from .io import write_atomic

    say = _Progress(args.quiet)
    if args.report:
        _check_output(args.report, "--report")
    if not hasattr(Heatmap, "crosscheck"):
        raise PyrHeatmapError("this installation has no R cross-check (Heatmap.crosscheck is "
                              "missing); update pyr_heatmap")
    prep = _prepare(args, say)
    say("asking R (ComplexHeatmap) for the same heatmap ...")
    report = prep.heatmap.crosscheck()
    print(report.summary())
    if args.report:
        data = (json.dumps(report.to_dict(), indent=2, default=str) + "\n").encode("utf-8")
        write_atomic(args.report, lambda fh: fh.write(data))
        say(f"wrote {args.report}")
    return EXIT_OK if report.identical else EXIT_DIFFERENT


def _export_r(args: argparse.Namespace) -> int:
    from .heatmap import Heatmap

    say = _Progress(args.quiet)
    _check_output(args.out, "--out")
    if not hasattr(Heatmap, "to_r_script"):
        raise PyrHeatmapError("this installation cannot export R scripts (Heatmap.to_r_script "
                              "is missing); update pyr_heatmap")
    prep = _prepare(args, say)
    if prep.steps:  # the script repeats log2(x + 1) and/or t(scale(t(x))) in R
        out = prep.heatmap.to_r_script(args.out, prepared_from=prep.raw, steps=prep.steps)
    else:
        out = prep.heatmap.to_r_script(args.out)
    say(f"wrote {out if out is not None else args.out} (and its CSV data files beside it); "
        f"run it with Rscript")
    return EXIT_OK


def _demo(args: argparse.Namespace) -> int:
    from .annotation import HeatmapAnnotation
    from .cluster import cluster_matrix
    from .datasets import demo_folder, load_demo
    from .heatmap import Heatmap
    from .prepare import aggregate, log2p, scale_rows

    if args.where:
        print(demo_folder())
        return EXIT_OK
    say = _Progress(args.quiet)
    _check_output(args.out, "--out", _FIGURE_SUFFIXES)
    expr, samples = load_demo()
    say(f"synthetic BrainSpan-like example: {expr.shape[0]} genes x {expr.shape[1]} samples "
        "(generated, not measured)")
    mat = aggregate(expr, samples["structure_acronym"], how="mean")
    say(f"averaged the samples of each region: {mat.shape[1]} regions")
    mat_z = scale_rows(log2p(mat))
    say("log2(x + 1), then row z-scores")
    hr = cluster_matrix(mat_z, "euclidean", "ward.D2")
    hc = cluster_matrix(mat_z.T, "euclidean", "ward.D2")
    say("clustered genes and regions with ward.D2 on euclidean distances")
    lobe = samples.drop_duplicates("structure_acronym").set_index("structure_acronym")["lobe"]
    ha = HeatmapAnnotation(lobe=lobe.loc[list(mat_z.columns)].to_list())
    drawn = Heatmap(mat_z, name="relative expression", cluster_rows=hr, cluster_columns=hc,
                    top_annotation=ha).draw(backend="native")
    out = drawn.save(args.out, dpi=args.dpi)
    print("region order:", " ".join(drawn.column_labels))
    print("gene order:", " ".join(drawn.row_labels))
    say(f"wrote {out}")
    return EXIT_OK


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
    g.add_argument("--gene-index", choices=("gene_symbol", "ensembl_gene_id"),
                   default="gene_symbol",
                   help="with --brainspan: name the genes by symbol (duplicates made unique as "
                        "R's make.unique) or by Ensembl id (default: %(default)s)")
    g.add_argument("--genes", metavar="LIST|@FILE",
                   help="genes to show: names separated by commas, or @FILE with one per line")
    g = p.add_argument_group("preparation (the R recipe)")
    g.add_argument("--group-by", metavar="COLUMN",
                   help="combine the samples of each value of this sample-table column "
                        "(e.g. structure_acronym)")
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
                   help=f"draw gene names (auto: up to {_ROW_NAMES_AUTO} genes)")
    g.add_argument("--width", type=float, metavar="MM", help="width of the heatmap body in mm")
    g.add_argument("--height", type=float, metavar="MM", help="height of the heatmap body in mm")
    g = p.add_argument_group("messages")
    g.add_argument("-q", "--quiet", action="store_true", help="no progress messages")
    g.add_argument("--debug", action="store_true", default=argparse.SUPPRESS,
                   help="show the traceback on errors")
    return p


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of ``pyr-heatmap``."""
    from . import __version__

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
    demo.add_argument("--dpi", type=float, default=150.0, help="resolution of raster output")
    demo.add_argument("--where", action="store_true",
                      help="only print the folder of the bundled BrainSpan-layout demo files")
    demo.add_argument("-q", "--quiet", action="store_true", help="no progress messages")
    demo.add_argument("--debug", action="store_true", default=argparse.SUPPRESS,
                      help="show the traceback on errors")
    demo.set_defaults(func=_demo)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line tool; returns the exit status (see the module docstring)."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help, --version, usage errors
        return int(exc.code or 0) if isinstance(exc.code, int) else EXIT_USAGE
    func: Callable[[argparse.Namespace], int] = args.func
    with warnings.catch_warnings():
        warnings.simplefilter("always")
        warnings.showwarning = _show_warning
        try:
            return int(func(args))
        except (PyrHeatmapError, OSError) as exc:
            if args.debug:
                raise
            print(f"pyr-heatmap: error: {_one_line(str(exc))}", file=sys.stderr)
            return EXIT_ERROR
        except Exception as exc:  # a bug: still one line (and no partial output, see io.py)
            if args.debug:
                raise
            print(f"pyr-heatmap: internal error: {type(exc).__name__}: {_one_line(str(exc))} "
                  f"(this is a bug in pyr_heatmap; please report it with the output of "
                  f"--debug)", file=sys.stderr)
            return EXIT_ERROR


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
