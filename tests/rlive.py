"""A live R session for the parity tests (through rpy2, in-process, loaded once per test run).

The R helpers used by the tests live in tests/r/*.R as plain R functions; they are sourced into a
private environment, never into R's global environment. Every conversion happens inside
``localconverter`` (rpy2's global activation is never used).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import numpy as np

R_DIR = Path(__file__).parent / "r"
REQUIRE_R_ENV = "PYR_HEATMAP_REQUIRE_R"


def r_required() -> bool:
    """True when the environment says R must be there (CI sets PYR_HEATMAP_REQUIRE_R=1)."""
    return os.environ.get(REQUIRE_R_ENV, "") not in ("", "0", "false", "no")


class RLive:
    """Calls the test helpers of tests/r/*.R and converts the answers to plain Python/numpy."""

    def __init__(self) -> None:
        from pyr_heatmap.backends.r.bridge import start_r

        start_r()  # R started as the package starts it (the environment left as it was)
        from rpy2 import robjects
        from rpy2.robjects import default_converter, numpy2ri
        from rpy2.robjects.conversion import localconverter

        self._ro = robjects
        self._localconverter = localconverter
        self._cv = default_converter + numpy2ri.converter
        with localconverter(self._cv):
            self._env = robjects.r("new.env(parent = globalenv())")
            for path in sorted(R_DIR.glob("*.R")):
                robjects.r["sys.source"](str(path), envir=self._env)
            robjects.r("suppressPackageStartupMessages(requireNamespace('ComplexHeatmap'))")

    # -- conversion --------------------------------------------------------------------------
    def _to_r(self, value: Any) -> Any:
        ro = self._ro
        if value is None:
            return ro.NULL
        if isinstance(value, dict):
            return ro.vectors.ListVector({k: self._to_r(v) for k, v in value.items()})
        if isinstance(value, (list, tuple)):
            if all(isinstance(v, str) for v in value):
                return ro.StrVector(list(value))
            return self._to_r(np.asarray(value))
        if isinstance(value, np.ndarray) and value.dtype.kind in "UO":
            out = ro.StrVector([str(v) for v in value.ravel(order="F")])
            return out
        return value

    def _from_r(self, value: Any) -> Any:
        from rpy2.rinterface_lib.sexp import NULLType
        from rpy2.rlike.container import OrdDict

        if isinstance(value, NULLType):
            return None
        if isinstance(value, OrdDict):
            return {k: self._from_r(v) for k, v in value.items()}
        if isinstance(value, self._ro.vectors.ListVector):
            return {k: self._from_r(v) for k, v in zip(value.names, value, strict=True)}
        if isinstance(value, self._ro.vectors.StrVector):
            return [str(v) for v in value]
        return value

    # -- calls --------------------------------------------------------------------------------
    def call(self, fun: str, *args: Any, **kwargs: Any) -> Any:
        """Call the helper ``fun`` of tests/r/*.R with converted arguments."""
        with self._localconverter(self._cv):
            f = self._env[fun]
            out = f(*[self._to_r(a) for a in args], **{k: self._to_r(v) for k, v in kwargs.items()})
            return self._from_r(out)

    def eval(self, code: str) -> Any:
        """Evaluate a fixed R snippet written in a test (never user data)."""
        with self._localconverter(self._cv):
            return self._from_r(self._ro.r(code))


def start_r() -> RLive:
    """Start live R or raise with the reason it is not usable."""
    return RLive()
