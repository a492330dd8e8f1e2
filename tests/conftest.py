"""Shared fixtures. Tests that need R use the ``r`` fixture.

On a machine without R they skip with the reason; when PYR_HEATMAP_REQUIRE_R=1 (set by .ci/run)
they fail instead, so CI can never pass by skipping the parity suite.
"""

from __future__ import annotations

import pytest
from rlive import RLive, r_required, start_r

_R: RLive | None = None
_R_ERROR: str | None = None


@pytest.fixture(scope="session")
def r() -> RLive:
    """A live R session with tests/r/*.R loaded (fails, not skips, when R is required)."""
    global _R, _R_ERROR
    if _R is None and _R_ERROR is None:
        try:
            _R = start_r()
        except Exception as exc:  # any reason R cannot start is reported verbatim
            _R_ERROR = f"live R is not usable: {type(exc).__name__}: {exc}"
    if _R is None:
        if r_required():
            pytest.fail(_R_ERROR + " (PYR_HEATMAP_REQUIRE_R=1, so this is a failure)")
        pytest.skip(_R_ERROR)
    return _R
