"""The whole native path against R ComplexHeatmap and seaborn.clustermap at one size.

Usage: python benchmarks/bench_native.py [--rows 10000] [--cols 100] [--tools native,r,seaborn]

A shortcut to ``benchmarks/run.py`` (which see) for one size and a few tools, printing the report
instead of writing ``RESULTS.md``: the same work in every tool (log2(x + 1), row z-scores,
euclidean distances and ward.D2 on both axes, draw with row names hidden and column names shown,
save a PNG and a PDF), each tool in its own fresh process, with the work time measured inside the
process and the peak RSS of that process. ``r`` is plain R ComplexHeatmap run by Rscript. This is
a benchmark, not a test.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import run  # benchmarks/run.py, beside this script

#: this script's historical tool names -> run.py's
NAMES = {"native": "native", "r": "rscript", "seaborn": "seaborn",
         "rbackend": "rbackend", "pycomplexheatmap": "pycomplexheatmap"}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=10_000)
    ap.add_argument("--cols", type=int, default=100)
    ap.add_argument("--tools", default="native,r,seaborn")
    args = ap.parse_args()
    tools = []
    for name in args.tools.split(","):
        if name not in NAMES:
            raise SystemExit(f"unknown tool {name!r}; known: {', '.join(NAMES)}")
        tools.append(NAMES[name])
    return run.main(["--sizes", f"{args.rows}x{args.cols}", "--tools", ",".join(tools),
                     "--no-ties", "--out", "-"])


if __name__ == "__main__":
    raise SystemExit(main())
