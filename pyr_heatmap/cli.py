"""The ``pyr-heatmap`` command line tool."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from .errors import PyrHeatmapError

__all__ = ["main"]


def _demo(args: argparse.Namespace) -> int:
    from .annotation import HeatmapAnnotation
    from .datasets import load_demo
    from .dist import dist
    from .hclust import hclust
    from .heatmap import Heatmap
    from .prepare import aggregate, log2p, scale_rows

    say = (lambda *a: None) if args.quiet else (lambda *a: print(*a, file=sys.stderr))
    expr, samples = load_demo()
    say(f"synthetic BrainSpan-like example: {expr.shape[0]} genes x {expr.shape[1]} samples "
        "(generated, not measured)")
    mat = aggregate(expr, samples["structure_acronym"], how="mean")
    say(f"averaged the samples of each region: {mat.shape[1]} regions")
    mat_z = scale_rows(log2p(mat))
    say("log2(x + 1), then row z-scores")
    hr = hclust(dist(mat_z), "ward.D2")
    hc = hclust(dist(mat_z.T), "ward.D2")
    say("clustered genes and regions with ward.D2 on euclidean distances")
    lobe = samples.drop_duplicates("structure_acronym").set_index("structure_acronym")["lobe"]
    ha = HeatmapAnnotation(lobe=lobe.loc[list(mat_z.columns)].to_list())
    drawn = Heatmap(mat_z, name="relative expression", cluster_rows=hr, cluster_columns=hc,
                    top_annotation=ha).draw(backend="native")
    out = drawn.save(args.out, dpi=args.dpi)
    print("region order:", " ".join(drawn.column_labels))
    print("gene order:", " ".join(drawn.row_labels))
    say(f"wrote {out}")
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
    demo.add_argument("--out", default="pyr_heatmap_demo.png",
                      help="figure to write (.png, .pdf, .svg, .tiff); default %(default)s")
    demo.add_argument("--dpi", type=float, default=150.0, help="resolution of raster output")
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
