"""The subcommands ``draw``, ``crosscheck``, ``export-r`` and ``demo``."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from pyr_heatmap.cli.inputs import _int_or_none
from pyr_heatmap.cli.messages import _FIGURE_SUFFIXES, EXIT_DIFFERENT, EXIT_OK, _Progress
from pyr_heatmap.errors import InputError, PyrHeatmapError


def prepared_figure(args: argparse.Namespace, say: _Progress) -> tuple[Any, Any]:
    """The prepared input and the figure object of ``--style`` (see :mod:`.styles`)."""
    from pyr_heatmap.cli.styles import prepared_figure as build

    return build(args, say)


# --------------------------------------------------------------------------------------------
# outputs
# --------------------------------------------------------------------------------------------
def _check_output(path: str, option: str, suffixes: Sequence[str] | None = None) -> None:
    from pyr_heatmap.io import check_target

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
              k: tuple[int, int], figure: Any = None, drawn: Any = None) -> pd.DataFrame:
    from pyr_heatmap.engine.cluster import cluster_matrix
    from pyr_heatmap.engine.dendrogram import cutree

    own = figure.clusters(drawn, k) if getattr(figure, "clusters", None) else None
    parts = []
    for axis, x, order, kk, distance, method in (
        ("row", mat, rows, k[0], args.distance_rows, args.method_rows),
        ("column", mat.T, cols, k[1], args.distance_columns, args.method_columns),
    ):
        n = x.shape[0]
        if kk > n:
            raise InputError(f"--k asks for {kk} {axis} clusters but the heatmap has only {n} "
                             f"{axis}s; give a smaller k (ROWS,COLUMNS sets both)")
        if own is not None:  # the package's own trees (pheatmap)
            member = own[axis]
        else:
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
    from pyr_heatmap.io import write_atomic_many

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
    prep, figure = prepared_figure(args, say)
    drawn = figure.draw(args.backend)
    reason = getattr(drawn, "reason", "")
    note = f" ({reason})" if reason and args.backend == "auto" else ""
    say.timed(f"clustered and drew {prep.mat.shape[0]} x {prep.mat.shape[1]} with the "
              f"{drawn.backend} backend{note}")
    rows, cols = _flat(drawn.row_order), _flat(drawn.column_order)
    # every output is computed before any is written, then all are written or none
    files: dict[Any, bytes] = {}
    if args.write_clusters and k is not None:
        table = _clusters(args, prep.mat, rows, cols, k, figure, drawn)
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

    from pyr_heatmap.figure.heatmap import Heatmap
    from pyr_heatmap.io import write_atomic

    say = _Progress(args.quiet)
    if args.report:
        _check_output(args.report, "--report")
    if not hasattr(Heatmap, "crosscheck"):
        raise PyrHeatmapError("this installation has no R cross-check (Heatmap.crosscheck is "
                              "missing); update pyr_heatmap")
    _prep, figure = prepared_figure(args, say)
    say(f"asking R ({args.style}) for the same heatmap ...")
    report = figure.crosscheck()
    print(report.summary())
    if args.report:
        data = (json.dumps(report.to_dict(), indent=2, default=str) + "\n").encode("utf-8")
        write_atomic(args.report, lambda fh: fh.write(data))
        say(f"wrote {args.report}")
    return EXIT_OK if report.identical else EXIT_DIFFERENT


def _export_r(args: argparse.Namespace) -> int:
    from pyr_heatmap.figure.heatmap import Heatmap

    say = _Progress(args.quiet)
    _check_output(args.out, "--out")
    if not hasattr(Heatmap, "to_r_script"):
        raise PyrHeatmapError("this installation cannot export R scripts (Heatmap.to_r_script "
                              "is missing); update pyr_heatmap")
    _prep, figure = prepared_figure(args, say)
    out = figure.to_r_script(args.out)
    say(f"wrote {out if out is not None else args.out} (and its CSV data files beside it); "
        f"run it with Rscript")
    return EXIT_OK


def _demo(args: argparse.Namespace) -> int:
    from pyr_heatmap.engine.cluster import cluster_matrix
    from pyr_heatmap.figure.annotation import HeatmapAnnotation
    from pyr_heatmap.figure.heatmap import Heatmap
    from pyr_heatmap.prepare import aggregate, demo_folder, load_demo, log2p, scale_rows

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
