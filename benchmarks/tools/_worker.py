"""What every Python worker shares: reading the job, timing phases, writing the result."""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any

__all__ = ["Clock", "labelled_frame", "read_job", "write_order", "write_result"]


def read_job(argv: list[str] | None = None) -> dict[str, str]:
    """The job file named on the command line, as a dict (``key<TAB>value`` lines)."""
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        raise SystemExit("usage: python -m tools.<worker> JOBFILE")
    job: dict[str, str] = {}
    for line in Path(args[0]).read_text().splitlines():
        if line.strip():
            key, _, value = line.partition("\t")
            job[key] = value
    return job


class Clock:
    """Times consecutive phases of the work: ``tick(name)`` closes the phase running so far."""

    def __init__(self) -> None:
        self.start = time.perf_counter()
        self._last = self.start
        self.phases: dict[str, float] = {}

    def tick(self, name: str) -> None:
        now = time.perf_counter()
        self.phases[name] = self.phases.get(name, 0.0) + now - self._last
        self._last = now

    @property
    def total(self) -> float:
        return self._last - self.start


def write_result(job: dict[str, str], clock: Clock, notes: list[str] | None = None) -> None:
    """Write the timed total, the phases and notes where the harness reads them."""
    lines = [f"work_s\t{clock.total!r}"]
    lines += [f"phase:{k}\t{v!r}" for k, v in clock.phases.items()]
    lines += [f"note\t{n}" for n in notes or []]
    Path(job["result"]).write_text("\n".join(lines) + "\n")


def write_order(path: str | None, order: Any) -> None:
    """Write a 0-based order, one index per line (nothing when the job asks for none)."""
    if path:
        Path(path).write_text("\n".join(str(int(i)) for i in order) + "\n")


def labelled_frame(values: Any) -> Any:
    """The matrix as a DataFrame named as every tool names it: rows g0.., columns s0.."""
    import pandas as pd

    n, p = values.shape
    return pd.DataFrame(values, index=[f"g{i}" for i in range(n)],
                        columns=[f"s{j}" for j in range(p)])
