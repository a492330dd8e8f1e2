"""The whole native path against R ComplexHeatmap and seaborn.clustermap, in one run.

Usage: python benchmarks/bench_native.py [--rows 10000] [--cols 100] [--tools native,r,seaborn]

Work, identical for every tool: log2(x + 1) of an RPKM-like matrix, row z-scores, euclidean
distances and ward.D2 on both axes, draw the clustered heatmap (row names hidden, column names
shown), save a PNG. Each tool runs in its own process (started fresh, data read from the same .npy
/ CSV file written here; reading the input is not timed); the reported time is measured inside that
process around the work, and the peak memory is the process's maximum resident set size. The R
run needs Rscript with ComplexHeatmap; the seaborn run needs seaborn installed. This is a
benchmark, not a test.
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

import numpy as np

NATIVE = textwrap.dedent(
    """
    import sys, time, numpy as np, pandas as pd
    import pyr_heatmap as ph
    m = pd.DataFrame(np.load(sys.argv[1]))
    m.index = [f"g{i}" for i in range(m.shape[0])]
    m.columns = [f"s{j}" for j in range(m.shape[1])]
    t0 = time.perf_counter()
    z = ph.scale_rows(ph.log2p(m))
    hr = ph.hclust(ph.dist(z), "ward.D2")
    hc = ph.hclust(ph.dist(z.T), "ward.D2")
    drawn = ph.Heatmap(z, cluster_rows=hr, cluster_columns=hc, show_row_names=False,
                       name="z").draw(backend="native")
    drawn.save(sys.argv[2], dpi=100)
    print(time.perf_counter() - t0)
    """
)

SEABORN = textwrap.dedent(
    """
    import sys, time, numpy as np, pandas as pd
    import matplotlib
    matplotlib.use("Agg")
    import seaborn as sns
    m = pd.DataFrame(np.load(sys.argv[1]))
    t0 = time.perf_counter()
    z = np.log2(m + 1)
    g = sns.clustermap(z, z_score=0, method="ward", metric="euclidean", yticklabels=False,
                       cmap="bwr", figsize=(8, 10))
    g.savefig(sys.argv[2], dpi=100)
    print(time.perf_counter() - t0)
    """
)

R_CODE = textwrap.dedent(
    """
    suppressPackageStartupMessages(library(ComplexHeatmap))
    args <- commandArgs(TRUE)
    m <- as.matrix(read.csv(args[1], header = FALSE))
    dimnames(m) <- list(paste0("g", seq_len(nrow(m)) - 1), paste0("s", seq_len(ncol(m)) - 1))
    t <- system.time({
      z <- t(scale(t(log2(m + 1))))
      hr <- hclust(dist(z), method = "ward.D2")
      hc <- hclust(dist(t(z)), method = "ward.D2")
      png(args[2], width = 8, height = 10, units = "in", res = 100)
      draw(Heatmap(z, cluster_rows = hr, cluster_columns = hc, show_row_names = FALSE,
                   name = "z"))
      dev.off()
    })[["elapsed"]]
    cat(t, "\\n")
    """
)


def run(cmd: list[str]) -> tuple[float, float]:
    """Run one tool; (seconds it reports, peak RSS in MB of its process)."""
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    _, status, usage = os.wait4(proc.pid, 0)
    out = proc.stdout.read() if proc.stdout else ""
    err = proc.stderr.read() if proc.stderr else ""
    if status != 0:
        raise SystemExit(f"{cmd[0]} failed:\\n{err[-2000:]}")
    return float(out.strip().split()[-1]), usage.ru_maxrss / 1024.0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=10_000)
    ap.add_argument("--cols", type=int, default=100)
    ap.add_argument("--tools", default="native,r,seaborn")
    args = ap.parse_args()
    rng = np.random.default_rng(7)
    # RPKM-like: log-normal values spanning orders of magnitude, with gene and sample effects
    m = np.exp(rng.normal(1.5, 2.0, size=(args.rows, 1)) + rng.normal(0, 0.8,
               size=(args.rows, args.cols)))
    tools = args.tools.split(",")
    results: dict[str, tuple[float, float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        np.save(folder / "m.npy", m)
        if "r" in tools:
            np.savetxt(folder / "m.csv", m, delimiter=",", fmt="%.17g")
        for tool in tools:
            out = str(folder / f"{tool}.png")
            if tool == "native":
                cmd = [sys.executable, "-c", NATIVE, str(folder / "m.npy"), out]
            elif tool == "seaborn":
                cmd = [sys.executable, "-c", SEABORN, str(folder / "m.npy"), out]
            elif tool == "r":
                script = folder / "bench.R"
                script.write_text(R_CODE)
                cmd = ["Rscript", str(script), str(folder / "m.csv"), out]
            else:
                raise SystemExit(f"unknown tool {tool!r}")
            results[tool] = run(cmd)
    base = results.get("native", (float("nan"),))[0]
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python "
          f"{platform.python_version()}; matrix {args.rows} x {args.cols}")
    print("| tool | time (s) | time / native | peak RSS (MB) |")
    print("| --- | --- | --- | --- |")
    for tool, (sec, rss) in results.items():
        print(f"| {tool} | {sec:.2f} | {sec / base:.1f}x | {rss:.0f} |")


if __name__ == "__main__":
    main()
