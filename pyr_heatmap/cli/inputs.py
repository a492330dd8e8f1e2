"""Read and prepare the inputs as the R recipe does (genes, groups, log2, z-scores)."""

from __future__ import annotations

import argparse
import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from pyr_heatmap.cli.messages import _MAX_DIST_BYTES, _Progress, _progress_bar
from pyr_heatmap.errors import InputError


# --------------------------------------------------------------------------------------------
# inputs -> matrix -> Heatmap
# --------------------------------------------------------------------------------------------
def _load(args: argparse.Namespace, say: _Progress) -> tuple[pd.DataFrame, pd.DataFrame, str]:
    from pyr_heatmap.prepare import read_brainspan, read_expression

    given = [o for o, v in (("a matrix file", args.matrix), ("--brainspan", args.brainspan),
                            ("--gct", args.gct)) if v]
    if len(given) > 1:
        raise InputError(f"give one input, not {' and '.join(given)}")
    if args.layer:
        raise InputError("--layer applies to --h5ad only")
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
    elif args.gct:
        from pyr_heatmap.prepare import read_gct
        from pyr_heatmap.prepare.stream import read_sample_sheet

        expr = read_gct(args.gct)
        samples = pd.DataFrame(index=pd.Index(list(expr.columns), name="sample"))
        if args.samples:
            sheet = read_sample_sheet(args.samples, args.sample_col)
            missing = [c for c in expr.columns if c not in sheet.index]
            if missing:
                raise InputError(f"{args.samples}: {len(missing)} samples of {args.gct} are not "
                                 f"in the sheet, e.g. {missing[:3]}; add them")
            samples = sheet.loc[list(expr.columns)]
        source = args.gct + (f" with sample sheet {args.samples}" if args.samples else "")
    else:
        raise InputError(
            "no input: give a matrix file (CSV/TSV, genes x samples), --gct FILE, --h5ad FILE "
            "or --brainspan FOLDER "
            "(`pyr-heatmap demo --where` prints the folder of a bundled synthetic example)"
        )
    say.timed(f"read {source}: {expr.shape[0]} genes x {expr.shape[1]} samples")
    return expr, samples, source


def _load_big(args: argparse.Namespace, say: _Progress
              ) -> tuple[pd.DataFrame, pd.DataFrame, dict[Any, list[Any]] | None, str]:
    """--h5ad, or --gct with --group-by: aggregated while reading (genes x groups)."""
    from pyr_heatmap.prepare import aggregate
    from pyr_heatmap.prepare.stream import TableStream, read_sample_sheet

    given = [o for o, v in (("a matrix file", args.matrix), ("--brainspan", args.brainspan),
                            ("--h5ad", args.h5ad), ("--gct", args.gct)) if v]
    if len(given) > 1:
        raise InputError(f"give one input, not {' and '.join(given)}")
    if not args.group_by:
        raise InputError(f"{'--h5ad' if args.h5ad else '--gct'} needs --group-by COLUMN (the "
                         f"{'obs' if args.h5ad else 'sample sheet'} column whose groups are "
                         f"averaged)")
    genes = _gene_request(args.genes) if args.genes else None
    if args.h5ad:
        if args.samples or args.sample_col:
            raise InputError("--samples/--sample-col cannot be combined with --h5ad: the cell "
                             "table is the file's obs")
        if args.annotate or (args.column_split and _int_or_none(args.column_split) is None):
            raise InputError("--annotate and --column-split COLUMN read a sample sheet; with "
                             "--h5ad give --column-split K or leave them out")
        mat = aggregate(args.h5ad, by=args.group_by, how=args.aggregate, layer=args.layer,
                        genes=genes, progress=_progress_bar(f"reading {args.h5ad}", say.quiet))
        say.timed(f"read {args.h5ad} and combined its cells into {mat.shape[1]} groups by "
                  f"{args.group_by} ({args.aggregate}): {mat.shape[0]} genes")
        return mat, pd.DataFrame(index=pd.Index(mat.columns)), None, args.h5ad
    if args.layer:
        raise InputError("--layer applies to --h5ad only")
    if not args.samples:
        raise InputError("--gct with --group-by needs --samples SHEET (the sample sheet with "
                         "the --group-by column)")
    sheet = read_sample_sheet(args.samples, args.sample_col)
    stream = TableStream(args.gct)
    stream.close()
    missing = [s for s in stream.samples if s not in sheet.index]
    if missing:
        raise InputError(f"{args.samples}: {len(missing)} of the {len(stream.samples)} samples "
                         f"of {args.gct} are not in the sheet, e.g. {missing[:3]}; add them")
    samples = sheet.loc[stream.samples]
    groups = _column_of(samples, args.group_by, "--group-by", args.samples)
    mat = aggregate(args.gct, groups, how=args.aggregate, genes=genes,
                    progress=_progress_bar(f"reading {args.gct}", say.quiet))
    members: dict[Any, list[Any]] = {}
    for sample, g in groups.items():
        members.setdefault(g, []).append(sample)
    say.timed(f"read {args.gct} and combined its {len(stream.samples)} samples into "
              f"{mat.shape[1]} groups by {args.group_by} ({args.aggregate}): "
              f"{mat.shape[0]} genes")
    return mat, samples, members, f"{args.gct} with sample sheet {args.samples}"


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
    from pyr_heatmap.figure.colors import color_ramp2, default_col

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
    from pyr_heatmap.engine._buffers import check_memory

    n = mat.shape[0]
    check_memory(n * (n - 1) / 2 * 8, f"{n} genes are too many to cluster: their distances",
                 "select the genes to show with --genes (names separated by commas, or @FILE "
                 "with one gene per line)", limit=_MAX_DIST_BYTES)


class _Prepared:
    """The matrix drawn and everything the outputs need."""

    def __init__(self, raw: pd.DataFrame, mat: pd.DataFrame, heatmap: Any,
                 steps: tuple[str, ...] | None, annotation: pd.DataFrame | None = None) -> None:
        self.raw = raw  # genes selected and groups combined, before log2 and z-scores
        self.mat = mat
        self.heatmap = heatmap
        self.steps = steps  # the rest as rscript steps, when it is log2(x + 1) and/or rows
        self.annotation = annotation  # --annotate columns, one row per heatmap column


def _annotation_frame(args: argparse.Namespace, samples: pd.DataFrame,
                      members: dict[Any, list[Any]] | None, columns: list[Any],
                      source: str) -> pd.DataFrame | None:
    """The --annotate tracks as a DataFrame indexed by the heatmap's column names."""
    if not args.annotate:
        return None
    tracks = {name: _per_column(_column_of(samples, name, "--annotate", source), members,
                                columns) for name in args.annotate}
    return pd.DataFrame(tracks, index=[str(c) for c in columns])


def _prepare(args: argparse.Namespace, say: _Progress, *, z_scores: bool = True,
             heatmap: bool = True) -> _Prepared:
    """Read and prepare the matrix; ``z_scores=False`` leaves --scale to the drawing package
    (pheatmap scales itself), ``heatmap=False`` builds no ComplexHeatmap ``Heatmap``."""
    from pyr_heatmap.figure.annotation import HeatmapAnnotation
    from pyr_heatmap.figure.heatmap import Heatmap
    from pyr_heatmap.prepare import aggregate, log2p, scale_columns, scale_rows, select_genes

    members: dict[Any, list[Any]] | None = None
    big = bool(args.h5ad or (args.gct and args.group_by))
    if big:
        expr, samples, members, source = _load_big(args, say)
    else:
        expr, samples, source = _load(args, say)
    if args.genes and not big:
        n0 = expr.shape[0]
        expr = select_genes(expr, _gene_request(args.genes))
        say(f"selected {expr.shape[0]} of {n0} genes")
    _check_size(expr)
    mat = expr
    if args.group_by and not big:
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
    if not z_scores:
        pass
    elif args.scale == "rows":
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
    if not heatmap:
        return _Prepared(raw, mat, None, None, _annotation_frame(args, samples, members, columns,
                                                                 source))
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
    show_rows, row_names_gp = _row_names(args, mat.shape[0], say)
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
        row_names_gp=row_names_gp,
        width=args.width,
        height=args.height,
    )
    steps: tuple[str, ...] | None = None
    if args.pseudocount in (0, 1) and args.scale != "columns":
        steps = (("log2p",) if args.pseudocount == 1 else ()) + (
            ("scale_rows",) if args.scale == "rows" else ())
    return _Prepared(raw, mat, heatmap, steps or None)


SHOWN_FONTSIZE = 5.0  # pt: --row-names show when the names do not fit at MIN_FONTSIZE


def _row_names(args: Any, n: int, say: Any) -> tuple[bool, dict[str, float] | None]:
    """``show_row_names`` and ``row_names_gp`` for ``--row-names`` / ``--row-names-fontsize``.

    ``auto`` is the figure's own rule (:func:`~pyr_heatmap.figure.sizes.fit_axis`): names at
    12 pt while they fit, shrinking to 4 pt, hidden past that. ``show`` always draws them: at
    the fitted size, or at 5 pt with a body tall enough for them. A font size given with
    ``--row-names-fontsize`` is kept (the body grows to fit it).
    """
    from pyr_heatmap.cli.styles import _positive
    from pyr_heatmap.figure.sizes import MIN_FONTSIZE, fit_axis

    if args.row_names == "hide":
        return False, None
    if args.row_names_fontsize is not None:
        return True, {"fontsize": _positive(args.row_names_fontsize, "--row-names-fontsize")}
    fit = fit_axis("row", n, args.height, 12.0, explicit_fontsize=False, show=True)
    if fit.show:
        return True, None
    if args.row_names == "show":
        say(f"{n} rows: gene names drawn at {SHOWN_FONTSIZE:g} pt, the heatmap grows to fit "
            f"them (--row-names-fontsize sets the size)")
        return True, {"fontsize": max(SHOWN_FONTSIZE, MIN_FONTSIZE)}
    say(f"{n} rows: gene names not drawn, they would need a font below {MIN_FONTSIZE:g} pt "
        f"(--row-names show draws them at {SHOWN_FONTSIZE:g} pt, --row-names-fontsize PT at "
        f"another size)")
    return False, None
