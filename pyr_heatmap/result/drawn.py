"""The result of drawing a heatmap: orders, the figure, and saving it."""

from __future__ import annotations

import io
import math
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from pyr_heatmap.errors import InputError
from pyr_heatmap.figure.spec import AxisSpec, HeatmapSpec
from pyr_heatmap.io import check_target, write_atomic

__all__ = ["DrawnHeatmap"]

_FORMATS = {".png": "png", ".pdf": "pdf", ".svg": "svg", ".tif": "tiff", ".tiff": "tiff",
            ".ps": "ps", ".eps": "eps", ".jpg": "jpeg", ".jpeg": "jpeg"}
FILE_DPI = 300.0  # the default resolution of every figure file (API, CLI, R script)
DISPLAY_DPI = 100.0  # notebook display and draw()'s on-screen figure
# fonts journals accept: TrueType (Type 42) in PDF/PS, real <text> in SVG
_JOURNAL_RC = {"pdf.fonttype": 42, "ps.fonttype": 42, "svg.fonttype": "none",
               "svg.hashsalt": "pyr_heatmap"}
_MAX_PIXELS = 1 << 16  # the largest raster side matplotlib's Agg renderer draws


def check_dpi(dpi: object) -> float:
    """``dpi`` as a float, or :class:`InputError` unless it is a finite number > 0."""
    if isinstance(dpi, (bool, str, bytes)) or not isinstance(dpi, (int, float, np.number)):
        raise InputError(f"dpi must be a number of dots per inch such as 300, got {dpi!r}")
    value = float(dpi)
    if not math.isfinite(value) or value <= 0:
        raise InputError(f"dpi must be a finite number > 0 such as 300, got {dpi!r}")
    return value


def _axis_order(axis: AxisSpec) -> np.ndarray | dict[str, np.ndarray]:
    if len(axis.slices) == 1 and axis.slices[0].title == "":
        return axis.slices[0].indices.copy()
    return {s.title: s.indices.copy() for s in axis.slices}


class DrawnHeatmap:
    """A drawn heatmap.

    Attributes
    ----------
    row_order, column_order : numpy.ndarray or dict
        0-based indices, top to bottom / left to right (R's ``row_order(ht) - 1``); a dict of
        slice name -> indices (in drawn order) when the axis is split.
    row_labels, column_labels : list of str
        The names in drawn order.
    figure : matplotlib.figure.Figure or None
        The figure (native backend), for further customising.
    backend : str
        ``"native"`` or ``"r"``: which backend drew it.
    reason : str
        Why this backend was used (e.g. why R was not available for ``backend="auto"``).
    spec : HeatmapSpec
        What was drawn.
    image : bytes or None
        The image drawn by R (backend ``"r"``), in ``image_format``; None for the native backend.
    image_format : str or None
        ``"png"``, ``"pdf"``, ``"svg"`` or ``"tiff"``.
    """

    def __init__(self, spec: HeatmapSpec, backend: str, figure: Any = None,
                 reason: str = "", row_order: Any = None, column_order: Any = None,
                 *, image: bytes | None = None, image_format: str | None = None,
                 renderer: Callable[[str, float], bytes] | None = None,
                 row_labels: list[str] | None = None,
                 column_labels: list[str] | None = None) -> None:
        self.spec = spec
        self.backend = backend
        self.figure = figure
        self.reason = reason
        self.row_order = _axis_order(spec.row) if row_order is None else row_order
        self.column_order = _axis_order(spec.column) if column_order is None else column_order
        self.image = image
        self.image_format = image_format
        # renderer(format, dpi) -> bytes draws the figure again (R backend: in R)
        self._renderer = renderer
        # boxes (x, y, width, height; mm from the top-left corner) of the drawn parts: body,
        # row_dend, column_dend, legend (both backends; R reports its viewports)
        self.layout: dict[str, tuple[float, ...]] = {}
        self._row_labels = None if row_labels is None else list(row_labels)
        self._column_labels = None if column_labels is None else list(column_labels)

    @property
    def row_labels(self) -> list[str]:
        if self._row_labels is not None:
            return list(self._row_labels)
        return [self.spec.row.labels[i] for i in self.spec.row.order]

    @property
    def column_labels(self) -> list[str]:
        if self._column_labels is not None:
            return list(self._column_labels)
        return [self.spec.column.labels[i] for i in self.spec.column.order]

    @property
    def row_slices(self) -> dict[str, np.ndarray]:
        """Row slices in drawn order, always as a dict (one slice ``""`` when unsplit)."""
        o = self.row_order
        return {k: v.copy() for k, v in o.items()} if isinstance(o, dict) else {"": o.copy()}

    @property
    def column_slices(self) -> dict[str, np.ndarray]:
        """Column slices in drawn order, always as a dict (one slice ``""`` when unsplit)."""
        o = self.column_order
        return {k: v.copy() for k, v in o.items()} if isinstance(o, dict) else {"": o.copy()}

    def get_figure(self) -> Any:
        """The matplotlib figure (native backend), for further customising.

        Raises
        ------
        InputError
            The R backend drew it: R draws on its own devices and there is no matplotlib
            figure; use ``save()``/``to_png()``/``image``, or draw with ``backend="native"``.
        """
        if self.figure is None:
            raise InputError(
                f"the {self.backend} backend drew this heatmap on R's own devices, so there is "
                "no matplotlib figure; use save(), to_png() or .image, or draw it with "
                "backend='native'")
        return self.figure

    def __repr__(self) -> str:
        m = self.spec.matrix.shape
        return (f"DrawnHeatmap(name={self.spec.name!r}, backend={self.backend!r}, "
                f"{m[0]} rows x {m[1]} columns)")

    def save(self, path: str | os.PathLike[str], dpi: float = FILE_DPI) -> Path:
        """Save the figure; the format comes from the suffix (.png, .pdf, .svg, .tif/.tiff,
        .ps/.eps, .jpg/.jpeg).

        Files are made for journals: PDF and PostScript embed TrueType (Type 42) fonts, SVG
        keeps every label as a ``<text>`` element (editable in Illustrator/Inkscape), TIFF is
        LZW-compressed. ``dpi`` (default 300, the same in the CLI and the exported R script)
        sets the resolution of PNG, TIFF and JPEG. A native PNG holds the 8-bit RGBA pixels
        matplotlib's Agg draws, compressed losslessly by the package's own encoder (PNG filter
        "Up", zlib level 4): the same pixels as matplotlib's PNG writer, about three times
        faster and in a smaller file.

        The file is written atomically (a failed save leaves an existing file untouched), and
        the output is reproducible: PDF and SVG carry no creation date.

        R backend: the figure is written from R's drawn object (``draw(ht)``'s result): the
        format and resolution of the drawn image replay its recorded plot, any other format or
        resolution draws the object on a new device (R's ``draw(ht_drawn)``); nothing is
        clustered or laid out again, and the figure keeps the drawn size.

        Raises
        ------
        InputError
            Unknown suffix, a folder that does not exist (or is a file), or a ``dpi`` that is
            not a finite number > 0 (or too large for a raster image).
        OutputError
            The file cannot be written (permissions, disk full).
        RBackendError
            R failed while writing the figure (R backend).
        """
        target, data = self._encode(path, dpi)
        return write_atomic(target, lambda fh: fh.write(data))

    def _encode(self, path: str | os.PathLike[str], dpi: float) -> tuple[Path, bytes]:
        """The checked target of :meth:`save` and the file's content (nothing is written)."""
        target = Path(path)
        fmt = _FORMATS.get(target.suffix.lower())
        if fmt is None:
            raise InputError(
                f"cannot tell the format of {str(target)!r} from its suffix; use one of "
                f"{', '.join(sorted(_FORMATS))}"
            )
        check_target(target, "the figure")
        return target, self._render(fmt, dpi)

    def _render(self, fmt: str, dpi: float) -> bytes:
        dpi = check_dpi(dpi)
        if self._renderer is not None:
            return self._renderer(fmt, dpi)
        if self.figure is None:
            raise InputError("this result has no figure to save")
        if fmt in ("png", "tiff", "jpeg"):
            w, h = (float(v) * dpi for v in self.figure.get_size_inches())
            if max(w, h) >= _MAX_PIXELS:
                raise InputError(
                    f"dpi={dpi:g} would make a {w:.0f} x {h:.0f} pixel image (at most "
                    f"{_MAX_PIXELS - 1} per side); lower dpi, or save as .pdf or .svg"
                )
        from matplotlib import rc_context

        metadata: dict[str, Any] | None = None
        if fmt == "pdf":
            metadata = {"CreationDate": None, "ModDate": None}
        elif fmt == "svg":
            metadata = {"Date": None}
        kw: dict[str, Any] = {}
        if fmt == "tiff":
            kw["pil_kwargs"] = {"compression": "tiff_lzw"}
        elif fmt == "jpeg":
            kw["pil_kwargs"] = {"quality": 95}
        elif fmt == "png":  # Agg's pixels, written by pyr_heatmap's faster PNG encoder
            from pyr_heatmap.result.png import BACKEND

            kw["backend"] = BACKEND
        if metadata is not None:
            kw["metadata"] = metadata
        buf = io.BytesIO()
        root = getattr(self.figure, "figure", None) or self.figure
        with rc_context(_JOURNAL_RC):
            root.savefig(buf, format=fmt, dpi=dpi, facecolor="white", **kw)
        return buf.getvalue()

    def to_png(self, dpi: float = DISPLAY_DPI) -> bytes:
        """The figure as PNG bytes (default 100 dpi, for screens; files default to 300)."""
        return self._render("png", dpi)

    def _repr_png_(self) -> bytes | None:
        if self.figure is None:
            if self.image is not None and self.image_format == "png":
                return self.image
            if self._renderer is not None:
                return self._renderer("png", DISPLAY_DPI)
            return None
        return self.to_png(dpi=DISPLAY_DPI)
