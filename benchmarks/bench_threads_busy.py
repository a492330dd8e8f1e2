"""hclust with one and two threads, on a quiet machine and while other processes keep it busy.

Usage: python benchmarks/bench_threads_busy.py [--rows 5000,10000] [--cols 50] [--method ward.D2]
                                               [--busy 2] [--repeat 5] [--wait-quiet 0]

The two-thread hclust hands work to a helper thread twice per merge. When other processes occupy
the cores, the helper is often not running when work is handed over, and the main thread waits
for a scheduler time slice: before the fix, two threads were several times slower than one on a
busy machine. The kernel now measures how long it waits for the helper against how long it works
itself and, when the helper keeps being late, continues on one thread (issue 14, item 11).

For each size, a continuous matrix (normal values, seeded) is generated and its euclidean
distances computed once; then ``hclust(d, method, nthreads=k)`` is timed for k = 1 and 2, first
on the quiet machine, then while ``--busy`` processes (pure Python spin loops, one per core by
default) run; they are stopped at the end. Also timed, through the kernel's private switch_at
argument: two threads with the switch to one thread disabled (the hand-over as before the fix),
to show what the switch saves, and the step after which the automatic run switched. Every tree is
compared with the first one (merge, heights bit for bit, order). The median of --repeat rounds is
printed, with every time below it (the order of the runs alternates between rounds). This is a
benchmark, not a test: it is not run by the test suite, and no time is compared with a threshold.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import platform
import subprocess
import threading
import time

import numpy as np

import pyr_heatmap
from pyr_heatmap.engine import _rcore
from pyr_heatmap.engine._buffers import empty_float64
from pyr_heatmap.engine.dist import dist
from pyr_heatmap.engine.hclust import (
    HCLUST_METHODS,
    HClust,
    _r_merge,
    check_dissimilarities,
    hclust,
    merge_order,
)

CLK_TCK = os.sysconf("SC_CLK_TCK")


def _spin(stop) -> None:  # a busy process: pure Python, no I/O
    x = 0
    while not stop.is_set():
        for _ in range(200_000):
            x += 1


def _cpu_snapshot() -> tuple[int, int, float]:
    """(busy ticks of the whole machine, ticks of this process, wall time)."""
    with open("/proc/stat") as f:
        v = [int(x) for x in f.readline().split()[1:]]
    with open("/proc/self/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return sum(v) - v[3] - v[4], int(fields[11]) + int(fields[12]), time.time()


class OtherLoad:
    """The CPU the rest of the machine uses, in cores (sampled every 0.1 s); its maximum."""

    def __enter__(self) -> OtherLoad:
        self.peak = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()
        return self

    def _run(self) -> None:
        a = _cpu_snapshot()
        while not self._stop.wait(0.1):
            b = _cpu_snapshot()
            other = ((b[0] - a[0]) - (b[1] - a[1])) / CLK_TCK / max(b[2] - a[2], 1e-9)
            self.peak = max(self.peak, other)
            a = b

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def wait_for_quiet(limit: float, timeout: float) -> float:
    """Wait (up to timeout seconds) until the rest of the machine uses less than limit cores over
    one second; returns the last measured load."""
    deadline = time.time() + timeout
    while True:
        a = _cpu_snapshot()
        time.sleep(1.0)
        b = _cpu_snapshot()
        other = ((b[0] - a[0]) - (b[1] - a[1])) / CLK_TCK / max(b[2] - a[2], 1e-9)
        if other < limit or time.time() > deadline:
            return other


def kernel_two_threads(d, method: str, switch_at: int) -> tuple[float, HClust, np.ndarray]:
    """hclust(d, method, nthreads=2) with the kernel's private switch_at argument (-2: never switch
    to one thread, -1: automatic, as hclust() calls it). The same steps as hclust() are timed
    (copy and check of the dissimilarities, the kernel, the merge matrix and the order)."""
    n = d.size
    ia, ib = np.empty(n - 1, np.int64), np.empty(n - 1, np.int64)
    crit = np.empty(n - 1)
    stats = np.zeros(4, np.int64)
    t0 = time.perf_counter()
    check_dissimilarities(d.condensed, n, None)
    diss = empty_float64(d.condensed.size)  # allocated as hclust() allocates it
    np.copyto(diss, d.condensed)
    status = _rcore.hclust(diss, n, HCLUST_METHODS.index(method) + 1, np.ones(n), ia, ib, crit,
                           2, switch_at, stats)
    assert status == 0
    merge = _r_merge(ia, ib)
    tree = HClust(merge, crit, merge_order(merge), None, method, None)
    return time.perf_counter() - t0, tree, stats


def same_tree(a: HClust, b: HClust) -> bool:
    return (np.array_equal(a.merge, b.merge) and np.array_equal(a.order, b.order)
            and np.array_equal(a.height.view(np.int64), b.height.view(np.int64)))


def measure(d, method: str, repeat: int) -> dict[str, object]:
    """Median times of hclust with nthreads 1 and 2 and of two threads without the switch, over
    repeat rounds; the order of the three alternates between rounds, so that a change in the
    rest of the machine's load does not always hit the same one."""
    times: dict[str, list[float]] = {"t1": [], "t2": [], "t2_noswitch": []}
    trees: list[HClust] = []
    switched: list[int] = []

    def one(kind: str) -> None:
        if kind == "t2_noswitch":
            t, h, _ = kernel_two_threads(d, method, -2)
        else:
            t0 = time.perf_counter()
            h = hclust(d, method, nthreads=int(kind[1]))
            t = time.perf_counter() - t0
        times[kind].append(t)
        trees.append(h)

    for r in range(repeat):
        order = ["t1", "t2", "t2_noswitch"]
        for kind in order if r % 2 == 0 else order[::-1]:
            one(kind)
        _, h, stats = kernel_two_threads(d, method, -1)  # where the automatic rule switches
        trees.append(h)
        switched.append(int(stats[1]))
    return {**{k: float(np.median(v)) for k, v in times.items()}, "trees": trees,
            "switched": switched, "all": times}


def machine() -> list[str]:
    lines = [f"pyr_heatmap from {os.path.dirname(pyr_heatmap.__file__)}",
             f"python {platform.python_version()}, numpy {np.__version__}, {os.cpu_count()} CPUs"]
    try:
        out = subprocess.run(["lscpu"], capture_output=True, text=True, check=True).stdout
        lines += out.splitlines()[:15]
    except (OSError, subprocess.CalledProcessError) as exc:
        lines.append(f"lscpu unavailable: {exc}")
    with open("/proc/loadavg") as f:
        lines.append("load average at start: " + " ".join(f.read().split()[:3]))
    return lines


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rows", default="5000,10000", help="comma-separated row counts")
    ap.add_argument("--cols", type=int, default=50)
    ap.add_argument("--method", default="ward.D2")
    ap.add_argument("--busy", type=int, default=os.cpu_count() or 2,
                    help="busy processes during the second half (default: one per CPU)")
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--wait-quiet", type=float, default=0, metavar="SECONDS",
                    help="before each quiet measurement, wait up to this long for the rest of "
                         "the machine to use less than 0.1 cores")
    args = ap.parse_args()

    print("\n".join(machine()), flush=True)
    sizes = [int(s) for s in args.rows.split(",")]
    data = {}
    for n in sizes:
        x = np.random.default_rng(n).normal(size=(n, args.cols))
        data[n] = dist(x)

    results: dict[tuple[int, str], dict[str, object]] = {}
    for n in sizes:
        if args.wait_quiet > 0:
            wait_for_quiet(0.1, args.wait_quiet)
        with OtherLoad() as load:
            r = measure(data[n], args.method, args.repeat)
        r["other_load"] = load.peak
        results[(n, "quiet")] = r

    stop = mp.Event()
    procs = [mp.Process(target=_spin, args=(stop,), daemon=True) for _ in range(args.busy)]
    for p in procs:
        p.start()
    try:
        time.sleep(1.0)  # let them get going
        for n in sizes:
            r = measure(data[n], args.method, args.repeat)
            r["other_load"] = float("nan")
            results[(n, "busy")] = r
    finally:
        stop.set()
        for p in procs:
            p.join(timeout=10)
            if p.is_alive():
                p.terminate()
                p.join()

    print()
    print(f"hclust(dist(x), {args.method!r}), x = rows x {args.cols} normal values; median of "
          f"{args.repeat} rounds; busy = {args.busy} spinning Python processes")
    head = (f"{'rows':>6} {'machine':>7} {'1 thread':>9} {'2 threads':>10} {'2 / 1':>6} "
            f"{'2 threads, no switch':>21} {'switched after step':>20} {'identical':>9}")
    print(head)
    all_same = True
    for n in sizes:
        ref = results[(n, "quiet")]["trees"][0]
        for phase in ("quiet", "busy"):
            r = results[(n, phase)]
            same = all(same_tree(ref, t) for t in r["trees"])
            all_same &= same
            switched = ",".join(str(s) if s >= 0 else "never" for s in r["switched"])
            print(f"{n:>6} {phase:>7} {r['t1']:>8.3f}s {r['t2']:>9.3f}s "
                  f"{r['t2'] / r['t1']:>6.2f} {r['t2_noswitch']:>20.3f}s {switched:>20} "
                  f"{'yes' if same else 'NO':>9}")
            for kind, values in r["all"].items():
                print(f"{'':>15}{kind}: " + " ".join(f"{v:.3f}" for v in values))
        q = results[(n, "quiet")]["other_load"]
        if q > 0.3:
            print(f"       (the quiet run of {n} rows shared the machine: other load up to "
                  f"{q:.2f} cores)")
    with open("/proc/loadavg") as f:
        print("load average at end: " + " ".join(f.read().split()[:3]))
    print("every tree identical:", "yes" if all_same else "NO")
    if not all_same:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
