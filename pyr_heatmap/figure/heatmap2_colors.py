"""Colours and bins of heatmap.2 and stats heatmap, with R's arithmetic (hex strings equal R's).

R equivalents::

    grDevices::heat.colors(n)                 # heat_colors(n): rainbow(i, 0, 1/6) + hsv ramps
    gplots::bluered(n) redblue greenred redgreen   # colorpanel(n, low, mid, high)
    seq(from, to, length = n)                 # r_seq (seq.default)
    hist(x, breaks, plot = FALSE)$counts      # hist_counts (right-closed, fuzz 1e-7)
    .bincode(z, breaks, TRUE, TRUE)           # bin_codes: image() with breaks
    image(z) without breaks                   # image_codes: floor((nc - 1e-05) * z + 1e-07)
    hcl.colors(12, "YlOrRd", rev = TRUE)      # STATS_HEATMAP_COLORS (image()'s default)
"""

from __future__ import annotations

import math

import numpy as np

from pyr_heatmap.errors import InputError
from pyr_heatmap.figure.colors.names import parse_color

__all__ = [
    "GPLOTS_PANELS",
    "STATS_HEATMAP_COLORS",
    "bin_codes",
    "colorpanel",
    "heat_colors",
    "hist_counts",
    "hsv_hex",
    "image_codes",
    "palette",
    "r_seq",
]

# image()'s default colours, hcl.colors(12, "YlOrRd", rev = TRUE) in R 4.2.2 (a fixed table;
# tests/frontends compare it with live R).
STATS_HEATMAP_COLORS = (
    "#FFFFC8", "#FFF4B7", "#FBE49A", "#F8D074", "#F7BA3C", "#F5A100",
    "#F28400", "#ED6200", "#E13C00", "#C32200", "#A20706", "#7D0025",
)

# gplots' named palettes: function name -> colorpanel(n, low, mid, high)
GPLOTS_PANELS = {
    "bluered": ("blue", "white", "red"),
    "redblue": ("red", "white", "blue"),
    "greenred": ("green", "black", "red"),
    "redgreen": ("red", "black", "green"),
}


def _scale255(v: float) -> int:
    """grDevices' ScaleColor: ``(unsigned int)(255 * x + 0.5)``."""
    return int(255.0 * v + 0.5)


def _hex(r: float, g: float, b: float) -> str:
    return f"#{_scale255(r):02X}{_scale255(g):02X}{_scale255(b):02X}"


def hsv_hex(h: float, s: float, v: float) -> str:
    """``hsv(h, s, v)``: grDevices' hsv2rgb, then ScaleColor."""
    frac, whole = math.modf(h * 6.0)
    i = int(whole) % 6
    p = v * (1 - s)
    q = v * (1 - s * frac)
    t = v * (1 - (s * (1 - frac)))
    r, g, b = ((v, t, p), (q, v, p), (p, v, t), (p, q, v), (t, p, v), (v, p, q))[i]
    return _hex(r, g, b)


def _seq_int_length(start: float, end: float, n: int) -> list[float]:
    """``seq.int(start, end, length.out = n)`` (R 4.2.2's C do_seq: ``start + i * by`` inside,
    the ends exact)."""
    if n <= 0:
        return []
    out = [0.0] * n
    out[0] = start
    if n > 1:
        out[n - 1] = end
    if n > 2:
        by = (end - start) / float(n - 1)
        for i in range(1, n - 1):
            out[i] = start + float(i) * by
    return out


def r_seq(start: float, end: float, n: int) -> np.ndarray:
    """``seq(start, end, length = n)`` with doubles (R's ``seq.default``, length.out given)."""
    start, end = float(start), float(end)
    if n < 1:
        raise InputError(f"seq needs a length >= 1, got {n}")
    if n > 2:
        if start == end:
            return np.full(n, start)
        n1 = float(n - 1)
        dl = end - start
        if math.isfinite(dl):
            mid = start + np.arange(1, n - 1, dtype=np.float64) * (dl / n1)
            return np.concatenate([[start], mid, [end]])
        s4, e4 = start / 4, end / 4
        mid = s4 + np.arange(1, n - 1, dtype=np.float64) * ((e4 - s4) / n1)
        return np.concatenate([[s4], mid, [e4]]) * 4
    return np.array([start, end][:n], dtype=np.float64)


def heat_colors(n: int) -> list[str]:
    """``grDevices::heat.colors(n)`` as R's hex strings."""
    n = int(n)
    if n <= 0:
        return []
    j = n // 4
    i = n - j
    out = []
    if i > 0:
        # rainbow(i, start = 0, end = 1/6): hsv(seq.int(0, 1/6, length.out = i) %% 1, 1, 1)
        for h in _seq_int_length(0.0, 1.0 / 6.0, i):
            out.append(hsv_hex(h % 1.0, 1.0, 1.0))
    if j > 0:
        for s in _seq_int_length(1 - 1 / (2 * j), 1 / (2 * j), j):
            out.append(hsv_hex(1.0 / 6.0, s, 1.0))
    return out


def _seq_int_ends(lo: int, hi: int, n: int) -> np.ndarray:
    """``seq(lo, hi, length = n)`` for integer ends and a double length (colorpanel's call)."""
    return r_seq(float(lo), float(hi), n)


def colorpanel(n: int, low: str, mid: str, high: str) -> list[str]:
    """``gplots::colorpanel(n, low, mid, high)`` as hex strings."""
    n = int(n)
    isodd = n % 2 == 1
    if isodd:
        n += 1
    lo, mi, hi = (parse_color(c)[:3] for c in (low, mid, high))
    lower = n // 2
    upper = n - lower
    chans = []
    for k in range(3):
        a = _seq_int_ends(lo[k], mi[k], lower) if lower else np.zeros(0)
        b = _seq_int_ends(mi[k], hi[k], upper) if upper else np.zeros(0)
        v = np.concatenate([a, b]) / 255.0
        if isodd:
            v = np.delete(v, lower)
        chans.append(v)
    return [_hex(r, g, b) for r, g, b in zip(*chans, strict=True)]


def palette(col: object, n: int) -> list[str]:
    """The ``n`` colours of heatmap.2's ``col`` given as a function name."""
    if col == "heat.colors":
        return heat_colors(n)
    if isinstance(col, str) and col in GPLOTS_PANELS:
        return colorpanel(n, *GPLOTS_PANELS[col])
    raise InputError(f"col {col!r} is not a palette known here; use 'heat.colors', "
                     f"{', '.join(repr(k) for k in GPLOTS_PANELS)}, or a list of colours")


def hist_counts(x: np.ndarray, breaks: np.ndarray) -> np.ndarray:
    """``hist(x, breaks = breaks, plot = FALSE)$counts`` (right-closed bins, R's fuzz)."""
    v = np.asarray(x, dtype=np.float64).ravel()
    v = v[np.isfinite(v)]
    b = np.asarray(breaks, dtype=np.float64)
    nb = b.size
    h = np.diff(b)
    if nb > 5:
        diddle = 1e-7 * float(np.median(h))
    elif nb <= 3:
        diddle = 1e-7 * (float(v.max() - v.min()) if v.size else 0.0)
    else:
        diddle = 1e-7 * float(h[h > 0].min())
    fuzzy = b + np.concatenate([[-diddle], np.full(nb - 1, diddle)])
    idx = np.searchsorted(fuzzy, v, side="left")  # b[lo] < x <= b[lo + 1]
    inside = (v >= fuzzy[0]) & (v <= fuzzy[-1])
    idx = np.clip(idx, 1, nb - 1) - 1
    return np.bincount(idx[inside], minlength=nb - 1).astype(np.int64)


def bin_codes(z: np.ndarray, breaks: np.ndarray) -> np.ndarray:
    """0-based colour index of each value, ``.bincode(z, breaks, TRUE, TRUE) - 1`` (image()
    with breaks); -1 for NA and values outside the breaks."""
    z = np.asarray(z, dtype=np.float64)
    b = np.asarray(breaks, dtype=np.float64)
    idx = np.searchsorted(b, z, side="left")
    code = np.clip(idx, 1, b.size - 1) - 1
    bad = np.isnan(z) | (z < b[0]) | (z > b[-1])
    return np.where(bad, -1, code)


def image_codes(z: np.ndarray, ncol: int) -> np.ndarray:
    """0-based colour index of image() without breaks (stats heatmap): ``zlim = range(z)``,
    ``floor((nc - 1e-05) * (z - zlim[1]) / diff(zlim) + 1e-07)``; -1 for NA."""
    z = np.asarray(z, dtype=np.float64)
    fin = z[np.isfinite(z)]
    if fin.size == 0:
        return np.full(z.shape, -1, dtype=np.int64)
    lo, hi = float(fin.min()), float(fin.max())
    if hi - lo == 0:
        lo, hi = (-1.0, 1.0) if lo == 0 else (lo - 0.4 * abs(lo), lo + 0.4 * abs(lo))
    with np.errstate(invalid="ignore"):
        u = (z - lo) / (hi - lo)
        zi = np.floor((ncol - 1e-05) * u + 1e-07)
    bad = ~np.isfinite(zi) | (zi < 0) | (zi >= ncol)
    return np.where(bad, -1, np.nan_to_num(zi)).astype(np.int64)
