"""The ``pyr-heatmap`` command line tool: from a download to a figure.

Subcommands:

``draw``
    Read a matrix (plus a sample sheet) or a BrainSpan download, prepare it as the R recipe does
    (select genes, average per group, ``log2(x + 1)``, row z-scores), cluster and draw it;
    optionally write the ordered matrix and cluster memberships.
``crosscheck``
    Same inputs; compare the orders with ComplexHeatmap's, computed by R (exit 0 only if they
    agree).
``export-r``
    Same inputs; write the equivalent R script.
``demo``
    The whole workflow on the bundled synthetic example; needs no R.

Exit status: 0 success; 1 an error (bad input, missing R, a file that cannot be written: one
line on stderr naming the problem and the fix; ``--debug`` shows the traceback); 2 a usage
error; 3 ``crosscheck`` found differences.

Outputs (``--out``, ``--write-matrix``, ``--write-clusters``) are computed first and then written
together, each to a temporary file renamed into place: after an error none of them is written
and existing files of those names are untouched.
"""

from __future__ import annotations

import argparse
import sys
import warnings
from collections.abc import Callable, Sequence

from pyr_heatmap.cli.messages import EXIT_ERROR, EXIT_USAGE, _one_line, _show_warning
from pyr_heatmap.cli.parser import build_parser
from pyr_heatmap.errors import PyrHeatmapError

__all__ = ["build_parser", "main"]


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line tool; returns the exit status (see the module docstring)."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help, --version, usage errors
        return int(exc.code or 0) if isinstance(exc.code, int) else EXIT_USAGE
    func: Callable[[argparse.Namespace], int] = args.func
    with warnings.catch_warnings():
        warnings.simplefilter("always")
        warnings.showwarning = _show_warning
        try:
            return int(func(args))
        except (PyrHeatmapError, OSError) as exc:
            if args.debug:
                raise
            print(f"pyr-heatmap: error: {_one_line(str(exc))}", file=sys.stderr)
            return EXIT_ERROR
        except Exception as exc:  # a bug: still one line (and no partial output, see io.py)
            if args.debug:
                raise
            print(f"pyr-heatmap: internal error: {type(exc).__name__}: {_one_line(str(exc))} "
                  f"(this is a bug in pyr_heatmap; please report it with the output of "
                  f"--debug)", file=sys.stderr)
            return EXIT_ERROR

