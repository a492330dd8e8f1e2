"""The ``pyr-heatmap`` command line tool."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from .errors import PyrHeatmapError

__all__ = ["main"]


def _demo(args: argparse.Namespace) -> int:
    from .datasets import load_demo
    from .dist import dist
    from .hclust import hclust
    from .io import write_atomic
    from .prepare import aggregate, log2p, scale_rows

    expr, samples = load_demo()
    say = (lambda *a: None) if args.quiet else (lambda *a: print(*a, file=sys.stderr))
    say(f"synthetic BrainSpan-like example: {expr.shape[0]} genes x {expr.shape[1]} samples")
    mat = aggregate(expr, samples["structure_acronym"], how="mean")
    say(f"averaged per region: {mat.shape[1]} regions")
    mat_z = scale_rows(log2p(mat))
    hr = hclust(dist(mat_z), "ward.D2")
    hc = hclust(dist(mat_z.T), "ward.D2")
    regions = [mat_z.columns[i] for i in hc.order]
    genes = [mat_z.index[i] for i in hr.order]
    print("region order (ward.D2):", " ".join(regions))
    print("gene order (ward.D2):", " ".join(genes))
    out = Path(args.out)
    ordered = mat_z.iloc[hr.order, hc.order]
    write_atomic(out, lambda fh: ordered.to_csv(fh), mode="w")
    say(f"wrote the clustered z-score matrix to {out}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of ``pyr-heatmap``."""
    parser = argparse.ArgumentParser(
        prog="pyr-heatmap",
        description="R's clustered expression heatmap from Python, with R-identical orders.",
    )
    parser.add_argument("--debug", action="store_true", help="show tracebacks on errors")
    sub = parser.add_subparsers(dest="command", required=True)
    demo = sub.add_parser("demo", help="run the whole workflow on the bundled synthetic example")
    demo.add_argument("--out", default="pyr_heatmap_demo.csv", help="output file")
    demo.add_argument("-q", "--quiet", action="store_true", help="no progress messages")
    demo.set_defaults(func=_demo)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line tool; returns the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args))
    except (PyrHeatmapError, OSError) as exc:
        if args.debug:
            raise
        print(f"pyr-heatmap: error: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
