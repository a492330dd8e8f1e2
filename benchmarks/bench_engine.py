"""dist + hclust: pyr_heatmap against R on the same data, in the same run.

Usage: python benchmarks/bench_engine.py [--rows 5000] [--cols 50] [--method ward.D2] [--repeat 3]

Two 5,000 x 50 matrices are generated here (continuous normal values, and small integers 0..5 with
many ties), written to a temporary folder, and timed in pyr_heatmap (in this process) and in R
(Rscript, dist + hclust on the same CSV, timed inside R with system.time, so R's start-up and CSV
reading are not counted). The best of --repeat runs is reported for both. The orders are compared
as a sanity check. This is a benchmark, not a test: it is not run by the test suite.
"""

from __future__ import annotations

import argparse
import platform
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import numpy as np

from pyr_heatmap.engine.dist import dist
from pyr_heatmap.engine.hclust import hclust

R_CODE = r"""
args <- commandArgs(TRUE)
m <- as.matrix(read.csv(args[1], header = FALSE))
dimnames(m) <- NULL
reps <- as.integer(args[3])
best <- Inf
for (i in seq_len(reps)) {
  gc()
  t <- system.time(h <- hclust(dist(m), method = args[2]))[["elapsed"]]
  best <- min(best, t)
}
cat(best, "\n")
cat(h$order, "\n")
"""


def time_python(m: np.ndarray, method: str, reps: int) -> tuple[float, np.ndarray]:
    best = float("inf")
    for _ in range(reps):
        t0 = time.perf_counter()
        h = hclust(dist(m), method)
        best = min(best, time.perf_counter() - t0)
    return best, h.order


def time_r(m: np.ndarray, method: str, reps: int, folder: Path) -> tuple[float, np.ndarray]:
    csv = folder / "m.csv"
    np.savetxt(csv, m, delimiter=",", fmt="%.17g")
    script = folder / "bench.R"
    script.write_text(R_CODE)
    out = subprocess.run(
        ["Rscript", str(script), str(csv), method, str(reps)],
        check=True, capture_output=True, text=True,
    ).stdout.split("\n")
    return float(out[0]), np.array(out[1].split(), dtype=int) - 1


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=5000)
    ap.add_argument("--cols", type=int, default=50)
    ap.add_argument("--method", default="ward.D2")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    if shutil.which("Rscript") is None:
        raise SystemExit("Rscript not found: install R (see README) to compare against it")
    rng = np.random.default_rng(42)
    data = {
        "continuous": rng.normal(size=(args.rows, args.cols)),
        "small-integer (ties)": rng.integers(0, 6, size=(args.rows, args.cols)).astype(float),
    }
    print(f"machine: {platform.machine()} {platform.processor() or ''} "
          f"python {platform.python_version()}; {args.rows} x {args.cols}, method {args.method}, "
          f"best of {args.repeat}")
    print("| data | pyr_heatmap dist+hclust (s) | R dist+hclust (s) | R / pyr_heatmap "
          "| same order |")
    print("| --- | --- | --- | --- | --- |")
    with tempfile.TemporaryDirectory() as tmp:
        for name, m in data.items():
            tp, op = time_python(m, args.method, args.repeat)
            tr, orr = time_r(m, args.method, args.repeat, Path(tmp))
            print(f"| {name} | {tp:.3f} | {tr:.3f} | {tr / tp:.2f}x | {np.array_equal(op, orr)} |")


if __name__ == "__main__":
    main()
