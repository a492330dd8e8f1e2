"""Safe output: every file is written to a temporary file beside it and renamed into place."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

__all__ = ["write_atomic"]


def write_atomic(path: str | os.PathLike[str], write: Callable[[IO[Any]], object],
                 mode: str = "wb") -> Path:
    """Call ``write(fh)`` on a temporary file in the target's folder, then rename it to ``path``.

    If ``write`` raises, the temporary file is removed and an existing ``path`` is left untouched,
    so a failed run never leaves a half-written or truncated output.
    """
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=folder)
    try:
        with os.fdopen(fd, mode) as fh:
            write(fh)
        # mkstemp creates the file private (0600); give it the mode a plain open() would have
        os.chmod(tmp, target.stat().st_mode & 0o777 if target.exists() else 0o644)
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
    return target
