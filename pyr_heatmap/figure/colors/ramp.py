"""Continuous colour mapping identical to circlize::colorRamp2 (0.4.15).

``color_ramp2`` reproduces circlize 0.4.15's ``colorRamp2``: the break colours are converted from
sRGB into the interpolation space with the colorspace package's conversions (2.1-0: sRGB gamma 2.4
with the linear segment below 0.03928 / above 0.00304, the RGB/XYZ matrix of colorspace, D65 white
point X, Y, Z = 95.047, 100, 108.883, CIE constants kappa = 24389/27 and epsilon = 216/24389),
interpolated linearly per bin with R's exact expression, converted back, clipped to [0, 1] and
written as hex with ``(int)(255 * v + 0.5)``.

Bit-exactness: the conversions call the C library's ``pow``. numpy's vectorised ``power`` may use
SIMD code that differs from it in the last bit, so the mapping is computed vectorised and every
value whose result could depend on such a last-bit difference (a branch threshold within a relative
1e-9, or a channel within 1e-7 of a rounding boundary of the hex code) is recomputed with
``math.pow``, which is the C library's ``pow``. The result is the same hex string as R's.

The conversions live in :mod:`.spaces`, colour parsing in :mod:`.names` and ComplexHeatmap's
default mapping in :mod:`.default`.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

import numpy as np

from pyr_heatmap.errors import InputError
from pyr_heatmap.figure.colors.names import _hex, parse_color
from pyr_heatmap.figure.colors.spaces import _from_srgb, _to_bytes

__all__ = ["SPACES", "ColorRamp2", "color_ramp2"]

#: Interpolation spaces accepted by circlize::colorRamp2.
SPACES: tuple[str, ...] = ("RGB", "LAB", "XYZ", "sRGB", "LUV", "HLS")


def _ramp_lab(x: np.ndarray, breaks: np.ndarray, coords: np.ndarray) -> np.ndarray:
    """sRGB bytes of ``_bytes`` for a LAB ramp, computed by the C kernel with libm's pow.

    The kernel applies the operations of this module's LAB path in the same order, with the C
    library's pow throughout (what this module's exact path and colorspace use), so it returns
    the bytes of :func:`_to_bytes` on the interpolated coordinates.
    """
    from pyr_heatmap.figure.colors import _rcolor

    out = np.empty((x.shape[0], 3), dtype=np.int64)
    _rcolor.ramp_lab(np.ascontiguousarray(x, dtype=np.float64),
                     np.ascontiguousarray(breaks, dtype=np.float64),
                     np.ascontiguousarray(coords, dtype=np.float64), out)
    return out


# --------------------------------------------------------------------------------------------
# the colour ramp
# --------------------------------------------------------------------------------------------
def _as_values(values: Any) -> np.ndarray:
    try:
        return np.array(values, dtype=float)  # a copy: the caller's data is never touched
    except (TypeError, ValueError) as exc:
        raise InputError(
            f"cannot map these values to colours: they must be numeric ({exc})"
        ) from None


class ColorRamp2:
    """An immutable colour-mapping function, equivalent to a circlize::colorRamp2 function.

    Create it with :func:`color_ramp2`. Calling it maps numbers to hex colours; values outside the
    breaks get the colour of the nearest end; NaN maps to None (the caller draws NA cells with its
    own NA colour, as ComplexHeatmap does with ``na_col``).

    Attributes
    ----------
    breaks : numpy.ndarray
        The sorted, de-duplicated breaks the mapping interpolates between (read-only). circlize
        sorts the breaks (keeping the first colour of equal breaks) and interpolates between the
        sorted ones; its ``attr(f, "breaks")`` keeps the order the user gave, which only matters
        for display.
    colors : tuple of str
        The colour of each break in :attr:`breaks`, as ``"#RRGGBB"`` (the input colours; their
        alpha, if any, is ignored as circlize ignores it).
    space : str
        The interpolation space (``"LAB"``, ``"RGB"``, ``"sRGB"``, ``"XYZ"``, ``"LUV"``, ``"HLS"``).
    transparency : float
        Transparency in [0, 1]; every mapped colour gets alpha ``round((1 - transparency) * 255)``.
    """

    __slots__ = ("_alpha", "_breaks", "_colors", "_coords", "_space", "_transparency")

    def __init__(
        self,
        breaks: np.ndarray,
        colors: tuple[str, ...],
        coords: np.ndarray,
        space: str,
        transparency: float,
    ) -> None:
        b = np.array(breaks, dtype=float)
        b.flags.writeable = False
        c = np.array(coords, dtype=float)
        c.flags.writeable = False
        object.__setattr__(self, "_breaks", b)
        object.__setattr__(self, "_colors", tuple(colors))
        object.__setattr__(self, "_coords", c)
        object.__setattr__(self, "_space", space)
        object.__setattr__(self, "_transparency", float(transparency))
        object.__setattr__(self, "_alpha", round((1.0 - transparency) * 255))

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("ColorRamp2 is immutable")

    def __delattr__(self, name: str) -> None:
        raise AttributeError("ColorRamp2 is immutable")

    @property
    def breaks(self) -> np.ndarray:
        """Sorted, de-duplicated breaks (a read-only array)."""
        return self._breaks

    @property
    def colors(self) -> tuple[str, ...]:
        """Colour of each break, ``"#RRGGBB"``."""
        return self._colors

    @property
    def space(self) -> str:
        """Interpolation space."""
        return self._space

    @property
    def transparency(self) -> float:
        """Transparency in [0, 1] (0 = opaque)."""
        return self._transparency

    @property
    def alpha(self) -> int:
        """Alpha byte of every mapped colour (255 when opaque)."""
        return self._alpha

    def __repr__(self) -> str:
        pairs = ", ".join(f"{b:g}: {c}" for b, c in zip(self._breaks, self._colors, strict=True))
        extra = f", transparency={self._transparency:g}" if self._transparency else ""
        return f"ColorRamp2({{{pairs}}}, space={self._space!r}{extra})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, ColorRamp2):
            return NotImplemented
        return (
            np.array_equal(self._breaks, other._breaks)
            and self._colors == other._colors
            and self._space == other._space
            and self._transparency == other._transparency
        )

    def __hash__(self) -> int:
        return hash((self._breaks.tobytes(), self._colors, self._space, self._transparency))

    def _bytes(self, x: np.ndarray) -> np.ndarray:
        """(n, 3) sRGB bytes of the finite-or-infinite values x (no NaN); -1 rows for R's NA."""
        if self._space == "LAB":  # the same arithmetic in one pass (pyr_heatmap/_rcolor.c)
            return _ramp_lab(x, self._breaks, self._coords)
        return self._bytes_vectorised(x)

    def _bytes_vectorised(self, x: np.ndarray) -> np.ndarray:
        """:meth:`_bytes` with numpy, for every space (the reference of the LAB kernel)."""
        br = self._breaks
        x = np.where(x < br[0], br[0], np.where(x > br[-1], br[-1], x))
        # .bincode(x, breaks, right = TRUE, include.lowest = TRUE)
        k = np.clip(np.searchsorted(br, x, side="left") - 1, 0, len(br) - 2)
        b1, b2 = br[k][:, None], br[k + 1][:, None]
        c1, c2 = self._coords[k], self._coords[k + 1]
        xx = (x[:, None] - b2) * (c2 - c1) / (b2 - b1) + c2
        return _to_bytes(xx, self._space)

    def _map(self, values: Any) -> tuple[np.ndarray, np.ndarray, tuple[int, ...]]:
        v = _as_values(values)
        shape = v.shape
        flat = v.ravel()
        na = np.isnan(flat)
        if not na.any():  # the common case: no masking copies
            out = self._bytes(flat)
            return out, out[:, 0] < 0, shape
        out = np.full((flat.size, 3), -1, dtype=np.int64)
        if (~na).any():
            out[~na] = self._bytes(flat[~na])
        return out, out[:, 0] < 0, shape

    def __call__(self, values: Any, *, with_alpha: bool = False) -> Any:
        """Map values to hex colours.

        Parameters
        ----------
        values : float or array_like
            Numbers to map (any shape). NaN maps to None.
        with_alpha : bool, default False
            False: ``"#RRGGBB"``. True: ``"#RRGGBBAA"`` exactly as the R function returns it
            (circlize always appends the alpha byte, ``FF`` when opaque).

        Returns
        -------
        str or None or numpy.ndarray
            For a scalar, one string (None for NaN); otherwise an object array of the input's
            shape holding uppercase hex strings and None for NaN.
        """
        out, na, shape = self._map(values)
        suffix = f"{self._alpha:02X}" if with_alpha else ""
        res = np.full(out.shape[0], None, dtype=object)
        code = (out[~na] * np.array([65536, 256, 1])).sum(axis=1)
        uniq, inverse = np.unique(code, return_inverse=True)  # format each colour once
        names = np.array([f"#{c:06X}{suffix}" for c in uniq.tolist()], dtype=object)
        res[~na] = names[inverse.ravel()]
        if shape == ():
            return res[0]
        return res.reshape(shape)

    def rgba(self, values: Any) -> np.ndarray:
        """Map values to RGBA floats in [0, 1] (for matplotlib).

        The channels are the hex bytes divided by 255, as ``f(x, return_rgb = TRUE)`` in R. NaN
        maps to a row of NaN (R drops NA values from that matrix instead).

        Parameters
        ----------
        values : float or array_like
            Numbers to map (any shape).

        Returns
        -------
        numpy.ndarray
            Shape ``values.shape + (4,)``, float64.
        """
        out, na, shape = self._map(values)
        res = np.empty((out.shape[0], 4))
        np.divide(out, 255, out=res[:, :3])
        res[:, 3] = self._alpha / 255
        if na.any():
            res[na] = np.nan
        return res.reshape((*shape, 4))


def color_ramp2(
    breaks: Iterable[float],
    colors: Iterable[str | int],
    *,
    space: str = "LAB",
    transparency: float = 0.0,
) -> ColorRamp2:
    """Build a continuous colour mapping exactly like ``circlize::colorRamp2``.

    Parameters
    ----------
    breaks : sequence of float
        Break values, in any order (they are sorted together with their colours; of equal breaks
        the first keeps its colour). At least two distinct finite values.
    colors : sequence of str or int
        One colour per break: R colour names, ``"#RRGGBB"``/``"#RRGGBBAA"`` (alpha ignored, as in
        circlize), or R palette indices.
    space : str, default "LAB"
        Interpolation space: ``"LAB"`` (CIE Lab), ``"RGB"`` (linear RGB), ``"sRGB"``
        (gamma-encoded RGB), ``"XYZ"``, ``"LUV"`` or ``"HLS"``.
    transparency : float, default 0.0
        Clipped to [0, 1]; the alpha of every mapped colour is ``round((1 - t) * 255)``.

    Returns
    -------
    ColorRamp2
        The mapping; call it on numbers to get hex colours.

    Raises
    ------
    InputError
        On lengths that differ, fewer than two distinct breaks, non-finite breaks, an unknown
        space or colour.

    Examples
    --------
    >>> ramp = color_ramp2([-2, 0, 2], ["blue", "#EEEEEE", "red"])
    >>> ramp([-3, 0, 1.0])
    array(['#0000FF', '#EEEEEE', '#FF967A'], dtype=object)
    """
    try:
        b = np.array(list(breaks), dtype=float).ravel()
    except (TypeError, ValueError):
        raise InputError("breaks must be numbers, e.g. breaks=[-2, 0, 2]") from None
    cols = list(colors) if not isinstance(colors, str) else [colors]
    if len(b) != len(cols):
        raise InputError(
            f"breaks has {len(b)} values but colors has {len(cols)}: give one colour per break"
        )
    if not np.isfinite(b).all():
        raise InputError("breaks must be finite numbers (no NaN or infinity)")
    if space not in SPACES:
        raise InputError(f"space must be one of {', '.join(SPACES)}, not {space!r}")
    t = float(transparency)
    if math.isnan(t):
        raise InputError("transparency must be a number in [0, 1], not NaN")
    t = min(max(t, 0.0), 1.0)
    rgba = [parse_color(c) for c in cols]
    order = np.argsort(b, kind="stable")
    b = b[order]
    rgba = [rgba[i] for i in order]
    keep = np.concatenate([[True], b[1:] != b[:-1]])
    b = b[keep]
    rgba = [c for c, k in zip(rgba, keep, strict=True) if k]
    if len(b) < 2:
        raise InputError("colorRamp2 needs at least two distinct break values")
    rgb = np.array([c[:3] for c in rgba], dtype=float) / 255
    if space == "LUV":  # circlize nudges pure black so that LUV stays defined
        rgb[(rgb == 0).all(axis=1)] = 1e-05
    coords = _from_srgb(rgb, space)
    return ColorRamp2(b, tuple(_hex(*c[:3]) for c in rgba), coords, space, t)


