"""Benchmarks at real sizes: pyr_heatmap against R ComplexHeatmap and the Python peers, in one run.

Usage::

    python benchmarks/run.py [--sizes 2000x50,10000x100,20000x100,50000x20]
                             [--tools native,rbackend,rscript,seaborn,pycomplexheatmap]
                             [--out benchmarks/RESULTS.md] [--timeout 900] [--workdir DIR]
                             [--ties-size 20000x50] [--smoke]

For every size a seeded RPKM-like matrix (log-normal with gene and sample effects) is written once
(``.npy`` for Python, raw column-major float64 for R) and handed to every tool. Each tool runs the
same work in its own fresh process: log2(x + 1), row z-scores, euclidean distances and ward.D2 on
both axes, draw (row names hidden, column names shown), save a PNG (--dpi, default 100) and a
PDF. The worker times the work itself (reading the input, imports, starting R and loading
ComplexHeatmap are not timed); the harness records the whole process's wall time, CPU time and
peak RSS (``os.wait4``), the PDF size, whether the orders equal the native ones, and how busy
the rest of the machine was.

Also measured: the floor (scipy's pdist + linkage(method="ward") on both axes of the same z-score
matrix, nothing else) and, on a tied small-integer matrix, pyr_heatmap's dist + hclust next to
R's (with the orders compared). The report is Markdown (``--out``); it is rewritten after every
run, so a partial report exists while the benchmark is still going. ``--smoke`` runs a tiny size
for every selected tool in well under a minute. This is a benchmark, not a test.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.metadata
import os
import platform
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

BENCH_DIR = Path(__file__).resolve().parent
REPO = BENCH_DIR.parent
for _path in (REPO, BENCH_DIR):  # the checkout's pyr_heatmap, and the tools package
    if str(_path) not in sys.path:
        sys.path.insert(0, str(_path))

from tools import (  # noqa: E402  (the tools package lives beside this script)
    DEFAULT_TOOLS,
    FLOOR,
    GB,
    HEATMAP_TOOLS,
    R_HCLUST_MAX,
    TIES_TOOLS,
    Tool,
    r_complexheatmap_version,
)

DEFAULT_SIZES = "2000x50,10000x100,20000x100,50000x20"
SMOKE_SIZE = (200, 10)
#: a tool is skipped when its memory estimate exceeds this share of the available memory
MEMORY_SHARE = 0.85
#: other load (cores busy outside the tool) above which a run is listed as disturbed
DISTURBED = 0.3
SEED = 7
#: RESULTS.md keeps everything from this line on (the section bench_big.py writes)
BIG_INPUTS_MARK = "<!-- big inputs: benchmarks/bench_big.py -->"


# -- data ------------------------------------------------------------------------------------------

def rpkm_like(rows: int, cols: int, seed: int = SEED) -> np.ndarray:
    """A seeded RPKM-like matrix: log-normal values with a gene effect and a sample effect."""
    rng = np.random.default_rng([seed, rows, cols])
    gene = rng.normal(1.5, 2.0, size=(rows, 1))      # expression level of each gene (log scale)
    sample = rng.normal(0.0, 0.5, size=(1, cols))    # library / sample effect
    noise = rng.normal(0.0, 0.8, size=(rows, cols))
    return np.exp(gene + sample + noise)


def tied_integers(rows: int, cols: int, seed: int = SEED) -> np.ndarray:
    """Small integers 0..5 (as float64): heavy ties in the distances."""
    rng = np.random.default_rng([seed, rows, cols, 6])
    return rng.integers(0, 6, size=(rows, cols)).astype(np.float64)


def write_inputs(m: np.ndarray, folder: Path) -> dict[str, Path]:
    """The matrix as .npy (Python) and as raw column-major float64 (R's readBin)."""
    folder.mkdir(parents=True, exist_ok=True)
    npy, raw = folder / "m.npy", folder / "m.bin"
    np.save(npy, m)
    np.ascontiguousarray(m.T, dtype="<f8").tofile(raw)
    return {"npy": npy, "bin": raw}


def figure_size(rows: int, cols: int) -> dict[str, float]:
    """Body size (mm; the native backend's automatic size) and page size (in) of every tool."""
    body_w = float(np.clip(cols * 6.0, 40.0, 170.0))
    body_h = float(np.clip(rows * 4.5, 40.0, 210.0))
    return {"body_w_mm": body_w, "body_h_mm": body_h,
            "page_w_in": round((body_w + 60.0) / 25.4, 2),
            "page_h_in": round((body_h + 35.0) / 25.4, 2)}


def parse_size(text: str) -> tuple[int, int]:
    """``"2000x50"`` -> (2000, 50)."""
    try:
        rows, cols = (int(v.replace(",", "").replace("_", "")) for v in text.lower().split("x"))
    except ValueError:
        raise SystemExit(f"a size looks like 2000x50 (rows x columns), got {text!r}") from None
    if rows < 2 or cols < 2:
        raise SystemExit(f"a size needs at least 2 rows and 2 columns, got {text!r}")
    return rows, cols


def size_label(size: tuple[int, int]) -> str:
    return f"{size[0]:,} x {size[1]:,}"


# -- the machine -----------------------------------------------------------------------------------

def _meminfo(key: str) -> float:
    """A /proc/meminfo entry in bytes (nan when unknown)."""
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith(key + ":"):
                return float(line.split()[1]) * 1024.0
    except OSError:
        pass
    return float("nan")


def _cpu_busy_seconds() -> float:
    """CPU seconds all cores spent busy since boot (from /proc/stat; nan when unknown)."""
    try:
        fields = [float(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    except (OSError, ValueError):
        return float("nan")
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0.0)
    return (sum(fields[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def _version(dist: str) -> str:
    try:
        return importlib.metadata.version(dist)
    except importlib.metadata.PackageNotFoundError:
        return "not installed"


def _run_text(cmd: list[str]) -> str:
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, check=False, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return ""
    # rstrip only: a porcelain status line starts with a space
    return proc.stdout.rstrip() if proc.returncode == 0 else ""


def code_state() -> str:
    """The checkout's commit, and the package files changed since it (read-only git calls)."""
    commit = _run_text(["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"])
    dirty = _run_text(["git", "-C", str(REPO), "status", "--porcelain", "--", "pyr_heatmap"])
    changed = sorted({ln[3:] for ln in dirty.splitlines() if ln.strip()})
    return (f"commit {commit}" if commit else "unknown") + (
        f", uncommitted changes in {', '.join(changed)}" if changed else "")


def machine_info() -> dict[str, str]:
    """CPU, cores, memory, OS and the versions of everything benchmarked."""
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    os_name = platform.platform()
    try:
        for line in Path("/etc/os-release").read_text().splitlines():
            if line.startswith("PRETTY_NAME="):
                os_name = f"{line.split('=', 1)[1].strip(chr(34))}, Linux {platform.release()}"
    except OSError:
        pass
    r_version = ""
    if shutil.which("Rscript"):
        r_version = _run_text(["Rscript", "-e", "cat(R.version.string)"])
    info = {
        "CPU": cpu,
        "cores": str(os.cpu_count()),
        "RAM": f"{_meminfo('MemTotal') / GB:.1f} GiB",
        "OS": os_name,
        "Python": platform.python_version(),
        "pyr_heatmap at start": code_state(),
    }
    for dist in ("numpy", "scipy", "pandas", "matplotlib", "rpy2", "seaborn", "PyComplexHeatmap"):
        info[dist] = _version(dist)
    info["R"] = r_version or "not found"
    info["ComplexHeatmap"] = r_complexheatmap_version() or "not found"
    return info


# -- running one tool ------------------------------------------------------------------------------

@dataclass
class Run:
    """The outcome of one tool at one size."""

    tool: Tool
    status: str  # "ok", "failed", "timeout", "skipped", "n/a"
    message: str = ""
    work_s: float | None = None
    wall_s: float | None = None
    cpu_s: float | None = None
    rss_mb: float | None = None
    pdf_bytes: int | None = None
    other_load: float | None = None
    phases: dict[str, float] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    row_order: np.ndarray | None = None
    col_order: np.ndarray | None = None


def _error_line(stderr: str) -> str:
    """The line of stderr that says what went wrong (the exception of a Python traceback)."""
    lines = [ln.strip() for ln in stderr.splitlines() if ln.strip()]
    if not lines:
        return "(no output on stderr)"
    if any(ln.startswith("Traceback (most recent call last)") for ln in lines):
        return lines[-1][:300]
    for ln in lines:
        if ln.startswith(("Error", "Fehler")):
            return ln[:300]
    return lines[0][:300]


def _read_order(path: Path) -> np.ndarray | None:
    if not path.exists():
        return None
    text = path.read_text().split()
    return np.array([int(v) for v in text], dtype=np.int64)


def _worker_env() -> dict[str, str]:
    env = dict(os.environ)
    parts = [str(BENCH_DIR), str(REPO)]
    if env.get("PYTHONPATH"):
        parts.append(env["PYTHONPATH"])
    env["PYTHONPATH"] = os.pathsep.join(parts)
    env["MPLBACKEND"] = "Agg"
    return env


def run_tool(tool: Tool, inputs: dict[str, Path], size: tuple[int, int], folder: Path,
             timeout: float, with_orders: bool = True, dpi: float = 100.0) -> Run:
    """Run ``tool`` on one input in a fresh process (or say why it cannot run)."""
    reason = tool.available()
    if reason is not None:
        return Run(tool, "n/a", reason)
    rows, cols = size
    if tool.uses_r_hclust and max(rows, cols) > R_HCLUST_MAX:
        return Run(tool, "skipped", f"R's hclust takes at most {R_HCLUST_MAX:,} objects")
    need = tool.memory(rows, cols)
    avail = _meminfo("MemAvailable")
    if need > MEMORY_SHARE * avail:
        return Run(tool, "skipped", f"needs ~{need / GB:,.0f} GiB, over {MEMORY_SHARE:.0%} of the "
                                    f"{avail / GB:.0f} GiB available")
    stem = folder / tool.name
    job = {
        "input": str(inputs[tool.input]), "rows": str(rows), "cols": str(cols),
        "png": f"{stem}.png", "pdf": f"{stem}.pdf", "result": f"{stem}.result",
        "dpi": f"{dpi:g}",
        **{k: str(v) for k, v in figure_size(rows, cols).items()},
    }
    if with_orders:
        job["row_order"] = f"{stem}.rows"
        job["col_order"] = f"{stem}.cols"
    for opt in tool.options:
        key, _, value = opt.partition("=")
        job[key] = value
    for key in ("png", "pdf", "result", "row_order", "col_order"):
        if key in job:
            Path(job[key]).unlink(missing_ok=True)
    job_file = Path(f"{stem}.job")
    job_file.write_text("".join(f"{k}\t{v}\n" for k, v in job.items()))
    out_path, err_path = Path(f"{stem}.stdout"), Path(f"{stem}.stderr")
    timed_out = threading.Event()
    with out_path.open("w") as out, err_path.open("w") as err:
        busy0 = _cpu_busy_seconds()
        t0 = time.perf_counter()
        proc = subprocess.Popen(tool.command(job_file), stdout=out, stderr=err,
                                cwd=BENCH_DIR, env=_worker_env(), start_new_session=True)

        def kill() -> None:
            timed_out.set()
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass

        timer = threading.Timer(timeout, kill)
        timer.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            timer.cancel()
        wall = time.perf_counter() - t0
        busy = _cpu_busy_seconds() - busy0
    proc.returncode = os.waitstatus_to_exitcode(status)
    cpu = usage.ru_utime + usage.ru_stime
    run = Run(tool, "ok", wall_s=wall, cpu_s=cpu, rss_mb=usage.ru_maxrss / 1024.0,
              other_load=max(0.0, (busy - cpu) / wall) if wall > 0 else None)
    if timed_out.is_set():
        done = [k.upper() for k in ("png", "pdf")
                if Path(job[k]).exists() and Path(job[k]).stat().st_size > 0]
        run.status = "timeout"
        run.message = f"timeout (> {timeout:.0f} s)" + (
            f"; {' and '.join(done)} written before" if done else "")
        return run
    if proc.returncode != 0:
        run.status = "failed"
        if proc.returncode < 0:
            sig = signal.Signals(-proc.returncode).name
            run.message = f"killed by {sig}" + (" (out of memory?)" if sig == "SIGKILL" else "")
        else:
            run.message = _error_line(err_path.read_text(errors="replace"))
        return run
    result = Path(job["result"])
    if not result.exists():
        run.status, run.message = "failed", "the worker wrote no result"
        return run
    try:
        for line in result.read_text().splitlines():
            key, _, value = line.partition("\t")
            if key == "work_s":
                run.work_s = float(value)
            elif key.startswith("phase:"):
                run.phases[key[6:]] = float(value)
            elif key == "note":
                run.notes.append(value)
    except ValueError as exc:
        run.status, run.message = "failed", f"unreadable result file: {exc}"
        return run
    if run.work_s is None:
        run.status, run.message = "failed", "the worker reported no work time"
        return run
    if Path(job["pdf"]).exists():
        run.pdf_bytes = Path(job["pdf"]).stat().st_size
    if with_orders:
        run.row_order = _read_order(Path(job["row_order"]))
        run.col_order = _read_order(Path(job["col_order"]))
    return run


# -- the report ------------------------------------------------------------------------------------

def _f(v: float | None, fmt: str = "") -> str:
    """A number for a table; seconds (the default format) keep 3 significant digits below 1."""
    if v is None:
        return "—"
    if not fmt:
        return f"{v:.3g}" if abs(v) < 1 else f"{v:.2f}"
    return fmt.format(v)


def _same(a: np.ndarray | None, b: np.ndarray | None) -> str:
    if a is None or b is None:
        return "—"
    return "yes" if np.array_equal(a, b) else "no"


def _status_cell(run: Run) -> str:
    if run.status == "ok":
        return _f(run.work_s)
    if run.status == "timeout":
        return run.message
    return f"{run.status}: {run.message}".replace("|", "/")


def _ratio(a: float | None, b: float | None) -> str:
    if a is None or b is None or b <= 0:
        return "—"
    return f"{a / b:.2f}x"


def _native_run(runs: list[Run]) -> Run | None:
    return next((r for r in runs if r.tool.name == "native" and r.status == "ok"), None)


def _orders_cell(run: Run, native: Run | None) -> str:
    """Whether ``run`` drew the native backend's row and column orders ("yes, no", or "—")."""
    if run.status != "ok" or native is None:
        return "—"
    return f"{_same(run.row_order, native.row_order)}, {_same(run.col_order, native.col_order)}"


def heatmap_table(runs: list[Run]) -> list[str]:
    native = _native_run(runs)
    lines = [
        "| tool | work (s) | process (s) | CPU (s) | peak RSS (MB) | PDF (KB) | work / native "
        "| orders = native (rows, cols) | other load (cores) |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for r in runs:
        ok = r.status == "ok"
        same = _orders_cell(r, native)
        lines.append(
            f"| {r.tool.label} | {_status_cell(r)} | {_f(r.wall_s)} "
            f"| {_f(r.cpu_s)} | {_f(r.rss_mb, '{:.0f}')} "
            f"| {_f(None if r.pdf_bytes is None else r.pdf_bytes / 1024, '{:.0f}')} "
            f"| {_ratio(r.work_s, native.work_s) if ok and native else '—'} | {same} "
            f"| {_f(r.other_load, '{:.2f}')} |"
        )
    return lines


def phase_lines(runs: list[Run]) -> list[str]:
    out = []
    for r in runs:
        if r.status == "ok" and r.phases:
            parts = ", ".join(f"{k} {_f(v)}" for k, v in r.phases.items())
            out.append(f"- {r.tool.label}: {parts}")
        for note in r.notes:
            out.append(f"- {r.tool.label}: {note}")
    return out


def floor_table(sections: list[tuple[tuple[int, int], Run, list[Run]]]) -> list[str]:
    lines = [
        "| size | floor (s) | floor peak RSS (MB) | native work (s) | native / floor "
        "| native clustering (s) | native clustering / floor | floor orders = native |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for size, floor, runs in sections:
        native = _native_run(runs)
        nat_work = native.work_s if native else None
        nat_clu = None
        if native is not None and "cluster rows" in native.phases:
            nat_clu = native.phases["cluster rows"] + native.phases.get("cluster columns", 0.0)
        ok = floor.status == "ok"
        same = _orders_cell(floor, native)
        lines.append(
            f"| {size_label(size)} | {_status_cell(floor)} "
            f"| {_f(floor.rss_mb if ok else None, '{:.0f}')} | {_f(nat_work)} "
            f"| {_ratio(nat_work, floor.work_s if ok else None)} | {_f(nat_clu)} "
            f"| {_ratio(nat_clu, floor.work_s if ok else None)} | {same} |"
        )
    return lines


def ties_table(runs: list[Run]) -> list[str]:
    ref = next((r for r in runs if r.tool.name == "ties-r" and r.status == "ok"), None)
    lines = [
        "| tool | time (s) | process (s) | peak RSS (MB) | time / R | row order = R's |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for r in runs:
        ok = r.status == "ok"
        lines.append(
            f"| {r.tool.label} | {_status_cell(r)} | {_f(r.wall_s if ok else None)} "
            f"| {_f(r.rss_mb if ok else None, '{:.0f}')} "
            f"| {_ratio(r.work_s, ref.work_s) if ok and ref else '—'} "
            f"| {_same(r.row_order, ref.row_order) if ok and ref else '—'} |"
        )
    return lines


@dataclass
class Report:
    command: str
    started: str
    info: dict[str, str]
    load_start: tuple[float, float, float]
    mem_available_gb: float
    timeout: float
    tools: list[Tool]
    sections: list[tuple[tuple[int, int], Run, list[Run]]] = field(default_factory=list)
    ties_size: tuple[int, int] | None = None
    ties: list[Run] = field(default_factory=list)
    load_end: tuple[float, float, float] | None = None
    code_end: str | None = None
    finished: str | None = None

    def disturbed(self) -> list[str]:
        """The runs during which the rest of the machine was busy (their times may be inflated)."""
        out = []
        every = [(size_label(sz), r) for sz, fl, runs in self.sections for r in [*runs, fl]]
        if self.ties_size is not None:
            every += [(f"tied {size_label(self.ties_size)}", r) for r in self.ties]
        for where, r in every:
            if r.other_load is not None and r.other_load > DISTURBED:
                out.append(f"{where}, {r.tool.label}: {r.other_load:.2f} cores")
        return out

    def markdown(self) -> str:
        la = " / ".join(f"{v:.2f}" for v in self.load_start)
        state = (f"finished {self.finished}" if self.finished
                 else "**still running: partial results**")
        out = [
            "# Benchmark results",
            "",
            f"Generated by `{self.command}`, started {self.started}, {state}.",
            "",
            "## Machine",
            "",
            "| | |",
            "| --- | --- |",
            *[f"| {k} | {v} |" for k, v in self.info.items()],
            f"| load average (1 / 5 / 15 min) at start | {la} |",
        ]
        if self.load_end is not None:
            out.append("| load average (1 / 5 / 15 min) at end | "
                       + " / ".join(f"{v:.2f}" for v in self.load_end) + " |")
        if self.code_end is not None:
            out.append(f"| pyr_heatmap at end | {self.code_end} |")
        out += [
            f"| memory available at start | {self.mem_available_gb:.1f} GiB |",
            "",
            "## How it was measured",
            "",
            "Every tool runs in its own fresh process on the same input file. **work**: wall time "
            "of the work measured inside the process (imports, reading the input, starting R and "
            "loading ComplexHeatmap not included). **process**: wall time of the whole process, "
            "measured by the harness. **CPU**: user + system time of the process (`os.wait4`); "
            "CPU above process time means more than one core was used. **peak RSS**: the "
            "process's maximum resident set size (`os.wait4`). **other load**: CPU time the rest "
            "of the machine used while the tool ran (from `/proc/stat`, in cores, out of "
            f"{self.info.get('cores', '?')}); above {DISTURBED} the tool shared the machine and "
            "its times may be inflated (listed at the end). **orders = native**: the drawn "
            "row / column orders equal the native backend's. Per tool and size the timeout is "
            f"{self.timeout:.0f} s; a "
            f"tool whose memory estimate exceeds {MEMORY_SHARE:.0%} of the available memory is "
            "skipped with the estimate.",
            "",
            "Work, the same for every tool: log2(x + 1), row z-score, euclidean distance + "
            "ward.D2 on both axes, draw (row names hidden, column names shown), save a PNG "
            "(at --dpi, 100 unless the command says otherwise) and a PDF. Input: a seeded "
            "RPKM-like matrix (log-normal with gene and "
            "sample effects), generated once per size.",
            "",
            *[f"- {t.label} (`{t.name}`): {t.what}" for t in self.tools],
            f"- {FLOOR.label} (the floor): {FLOOR.what}",
            "",
        ]
        for size, _, runs in self.sections:
            out += [f"## Heatmap, {size_label(size)}", "", *heatmap_table(runs), ""]
            phases = phase_lines(runs)
            if phases:
                out += ["Where the work time goes (s):", "", *phases, ""]
        if self.sections:
            out += [
                "## Floor: scipy pdist + linkage(ward), both axes",
                "",
                "Target: pyr_heatmap native end-to-end within 1.5x of the floor. **native "
                "clustering** is the native run's two `cluster_matrix` calls (its cluster phases).",
                "",
                *floor_table(self.sections),
                "",
            ]
            phases = [f"- {size_label(s)}: " + ", ".join(f"{k} {_f(v)}"
                                                         for k, v in f.phases.items())
                      for s, f, _ in self.sections if f.status == "ok"]
            if phases:
                out += ["Floor phases (s):", "", *phases, ""]
        if self.ties_size is not None:
            out += [
                f"## Tied data: dist + hclust (ward.D2), {size_label(self.ties_size)}, "
                "integers 0..5",
                "",
                "Rows only, no log or z-score; each tool in its own process, timed inside it.",
                "",
                *ties_table(self.ties),
                "",
            ]
            phases = phase_lines(self.ties)
            if phases:
                out += ["Phases (s):", "", *phases, ""]
        disturbed = self.disturbed()
        out += [
            "## Disturbed runs",
            "",
            f"Runs during which the rest of the machine used more than {DISTURBED} cores "
            "(other engineers' test runs, or another tool's leftovers): their times may be "
            "inflated.",
            "",
            *([f"- {d}" for d in disturbed] or ["- none"]),
            "",
        ]
        return "\n".join(out).rstrip() + "\n"


def parse_tables(markdown: str) -> dict[str, list[dict[str, str]]]:
    """The Markdown tables of a report, keyed by the heading above them (rows as dicts)."""
    tables: dict[str, list[dict[str, str]]] = {}
    heading = ""
    header: list[str] | None = None
    for line in markdown.splitlines():
        if line.startswith("#"):
            heading, header = line.lstrip("#").strip(), None
            continue
        if not line.startswith("|"):
            header = None
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if header is None:
            header = cells
            tables[heading] = []
        elif all(set(c) <= set("-: ") for c in cells):
            continue
        else:
            tables[heading].append(dict(zip(header, cells, strict=False)))
    return tables


# -- main ------------------------------------------------------------------------------------------

def _log(msg: str) -> None:
    print(f"[{dt.datetime.now():%H:%M:%S}] {msg}", file=sys.stderr, flush=True)


def _describe(run: Run) -> str:
    if run.status != "ok":
        return f"{run.tool.name}: {run.status}: {run.message}"
    return (f"{run.tool.name}: work {run.work_s:.2f} s, process {run.wall_s:.2f} s, "
            f"RSS {run.rss_mb:.0f} MB, other load {run.other_load or 0:.2f}")


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default=None, help=f"rows x cols list (default {DEFAULT_SIZES})")
    names = [*HEATMAP_TOOLS]
    ap.add_argument("--tools", default=",".join(DEFAULT_TOOLS),
                    help=f"comma-separated, from {', '.join(names)}")
    ap.add_argument("--out", default=None,
                    help="the Markdown report; '-': print it only (default "
                         "benchmarks/RESULTS.md; with --smoke: printed only)")
    ap.add_argument("--timeout", type=float, default=None,
                    help="seconds per tool and size (default 900; 120 with --smoke)")
    ap.add_argument("--ties-size", default=None, help="the tied-data matrix (default 20000x50)")
    ap.add_argument("--dpi", type=float, default=100.0,
                    help="resolution of every tool's PNG (default 100)")
    ap.add_argument("--no-floor", action="store_true", help="skip the scipy floor")
    ap.add_argument("--no-ties", action="store_true", help="skip the tied-data comparison")
    ap.add_argument("--workdir", default=None,
                    help="keep inputs, images, orders and worker logs here (default: a "
                         "temporary folder, removed)")
    ap.add_argument("--smoke", action="store_true",
                    help=f"a tiny size ({SMOKE_SIZE[0]} x {SMOKE_SIZE[1]}) for every selected "
                         "tool, the floor and the tied data")
    args = ap.parse_args(argv)

    tools = []
    for name in (t.strip() for t in args.tools.split(",") if t.strip()):
        if name not in HEATMAP_TOOLS:
            ap.error(f"unknown tool {name!r}; known: {', '.join(names)}")
        tools.append(HEATMAP_TOOLS[name])
    if args.smoke:
        sizes = [parse_size(args.sizes)] if args.sizes else [SMOKE_SIZE]
        ties_size = parse_size(args.ties_size) if args.ties_size else SMOKE_SIZE
        timeout = args.timeout or 120.0
    else:
        sizes = [parse_size(s) for s in (args.sizes or DEFAULT_SIZES).split(",") if s.strip()]
        ties_size = parse_size(args.ties_size or "20000x50")
        timeout = args.timeout or 900.0
    if args.out == "-":
        out_path = None
    else:
        out_path = Path(args.out) if args.out else (
            None if args.smoke else BENCH_DIR / "RESULTS.md")

    report = Report(
        command="python benchmarks/run.py" + "".join(f" {shlex.quote(a)}" for a in argv),
        started=f"{dt.datetime.now().astimezone():%Y-%m-%d %H:%M %Z}",
        info=machine_info(),
        load_start=os.getloadavg(),
        mem_available_gb=_meminfo("MemAvailable") / GB,
        timeout=timeout,
        tools=tools,
        ties_size=None if args.no_ties else ties_size,
    )

    def flush() -> None:
        if out_path is not None:
            kept = ""  # the big-inputs section written by bench_big.py stays
            if out_path.exists():
                old = out_path.read_text()
                if BIG_INPUTS_MARK in old:
                    kept = "\n" + old[old.index(BIG_INPUTS_MARK):]
            tmp = out_path.with_name(out_path.name + ".tmp")
            tmp.write_text(report.markdown() + kept)
            tmp.replace(out_path)

    own_tmp = args.workdir is None
    workdir = Path(tempfile.mkdtemp(prefix="pyr_bench_")) if own_tmp else Path(args.workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    try:
        flush()
        for size in sizes:
            folder = workdir / f"{size[0]}x{size[1]}"
            inputs = write_inputs(rpkm_like(*size), folder)
            runs: list[Run] = []
            floor = Run(FLOOR, "skipped", "--no-floor" if args.no_floor else "not run yet")
            report.sections.append((size, floor, runs))
            for tool in tools:
                _log(f"{size_label(size)}: {tool.name} ...")
                runs.append(run_tool(tool, inputs, size, folder, timeout, dpi=args.dpi))
                _log(f"{size_label(size)}: {_describe(runs[-1])}")
                flush()
            if not args.no_floor:
                _log(f"{size_label(size)}: floor ...")
                floor = run_tool(FLOOR, inputs, size, folder, timeout)
                report.sections[-1] = (size, floor, runs)
                _log(f"{size_label(size)}: {_describe(floor)}")
                flush()
            for key in ("npy", "bin"):
                inputs[key].unlink(missing_ok=True)
        if not args.no_ties:
            folder = workdir / f"ties-{ties_size[0]}x{ties_size[1]}"
            inputs = write_inputs(tied_integers(*ties_size), folder)
            for tool in TIES_TOOLS.values():
                if tool.name == "ties-r" and not any(t.uses_r_hclust for t in tools):
                    continue  # R only when an R tool was asked for
                _log(f"ties {size_label(ties_size)}: {tool.name} ...")
                report.ties.append(run_tool(tool, inputs, ties_size, folder, timeout))
                _log(f"ties {size_label(ties_size)}: {_describe(report.ties[-1])}")
                flush()
            for key in ("npy", "bin"):
                inputs[key].unlink(missing_ok=True)
        report.load_end = os.getloadavg()
        report.code_end = code_state()
        report.finished = f"{dt.datetime.now().astimezone():%Y-%m-%d %H:%M %Z}"
        flush()
    finally:
        if own_tmp:
            shutil.rmtree(workdir, ignore_errors=True)
    if out_path is None:
        print(report.markdown())
    else:
        _log(f"report written to {out_path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
