"""Progress and one-line messages of the command line tool on stderr."""

from __future__ import annotations

import sys
import time
from typing import Any

EXIT_OK, EXIT_ERROR, EXIT_USAGE, EXIT_DIFFERENT = 0, 1, 2, 3
_FIGURE_SUFFIXES = (".png", ".pdf", ".svg", ".tif", ".tiff")
_MAX_DIST_BYTES = 4e9  # refuse to cluster more rows than a 4 GB distance vector holds
_ROW_NAMES_AUTO = 150  # row names are drawn for at most this many rows unless asked


# --------------------------------------------------------------------------------------------
# messages
# --------------------------------------------------------------------------------------------
def _one_line(text: str) -> str:
    return " ".join(str(text).split())


class _Progress:
    """Stage-by-stage progress on stderr (silent with -q)."""

    def __init__(self, quiet: bool) -> None:
        self.quiet = quiet
        self.t0 = time.perf_counter()

    def __call__(self, message: str) -> None:
        if not self.quiet:
            print(message, file=sys.stderr)

    def timed(self, message: str) -> None:
        now = time.perf_counter()
        self(f"{message} ({now - self.t0:.1f} s)")
        self.t0 = now


def _progress_bar(label: str, quiet: bool) -> Any:
    """A ``progress(done, total)`` callback drawing a bar on a terminal; None otherwise."""
    if quiet or not sys.stderr.isatty():
        return None
    last = [-1]

    def show(done: int, total: int) -> None:
        pct = int(100 * done / total) if total else 100
        if pct == last[0]:
            return
        last[0] = pct
        bar = "#" * (pct // 4)
        end = "\n" if done >= total else ""
        print(f"\r{label} [{bar:<25}] {pct:3d}%", end=end, file=sys.stderr, flush=True)

    return show


def _show_warning(message: Warning | str, category: type[Warning], filename: str, lineno: int,
                  file: Any = None, line: str | None = None) -> None:
    print(f"pyr-heatmap: warning: {_one_line(str(message))}", file=sys.stderr)
