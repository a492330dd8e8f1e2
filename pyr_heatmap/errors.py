"""The exceptions pyr_heatmap raises.

Every error a user can cause derives from :class:`PyrHeatmapError` and says what went wrong and
how to fix it. Bad input is an :class:`InputError` (also a ``ValueError``); an optional piece that
is missing is an :class:`RUnavailableError` (also an ``ImportError``) whose subclasses name the
exact missing piece and the install line that provides it; a file that cannot be written is an
:class:`OutputError` (also an ``OSError``).
"""

from __future__ import annotations

__all__ = [
    "ComplexHeatmapMissingError",
    "InputError",
    "OutputError",
    "PyrHeatmapError",
    "RBackendError",
    "RNotFoundError",
    "RPackageMissingError",
    "RPy2IncompatibleError",
    "RPy2MissingError",
    "RUnavailableError",
]


class PyrHeatmapError(Exception):
    """Base class of every error raised by pyr_heatmap."""


class InputError(PyrHeatmapError, ValueError):
    """The data or an argument cannot be used; the message names the problem and the fix."""


class OutputError(PyrHeatmapError, OSError):
    """An output file could not be written (no such folder, no permission, disk full).

    Also an ``OSError``. Nothing is left behind: an existing file of that name is untouched.
    """


class RBackendError(PyrHeatmapError):
    """R raised an error while computing or drawing; the message carries R's own message."""


class RUnavailableError(PyrHeatmapError, ImportError):
    """The R backend cannot be used on this machine (see the subclass for which part is missing)."""


class RPy2MissingError(RUnavailableError):
    """rpy2 is not installed."""


class RNotFoundError(RUnavailableError):
    """rpy2 is installed but no R installation could be found or started."""


class RPy2IncompatibleError(RUnavailableError):
    """The installed rpy2 cannot load the installed R (e.g. rpy2 3.6 with R < 4.5)."""


class RPackageMissingError(RUnavailableError):
    """R works but an R package the drawing needs (pheatmap, gplots, ...) is not installed."""


class ComplexHeatmapMissingError(RPackageMissingError):
    """R works but the ComplexHeatmap package (or circlize) is not installed."""
