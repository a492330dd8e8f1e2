"""pheatmap's default annotation colours, reproduced exactly.

pheatmap 1.0.12's ``generate_annotation_colours`` is deterministic: it counts the levels of every
discrete annotation, takes ``scales::hue_pal(l = 75)(count)``, then, after ``set.seed(3453)``,
gives each discrete variable ``sample(1:length(left), n)`` of the colours still unused; each
continuous variable gets ``scales::brewer_pal("seq", k)(5)[1:4]``, k = 2, 3, ... This module
carries the pieces: R's Mersenne-Twister seeded as ``set.seed`` seeds it, R's rejection sampling
(``sample.kind = "Rejection"``, R >= 3.6), and the HCL -> sRGB conversion of the hue palette.
"""

from __future__ import annotations

import math

import numpy as np

from pyr_heatmap.errors import InputError

__all__ = ["BREWER_SEQ4", "RMersenneTwister", "hue_pal", "r_sample"]

# scales::brewer_pal("seq", k)(5)[1:4] for k = 2, 3, ... (RColorBrewer's tables)
BREWER_SEQ4 = (
    ("BuGn", ("#EDF8FB", "#B2E2E2", "#66C2A4", "#2CA25F")),
    ("BuPu", ("#EDF8FB", "#B3CDE3", "#8C96C6", "#8856A7")),
    ("GnBu", ("#F0F9E8", "#BAE4BC", "#7BCCC4", "#43A2CA")),
    ("Greens", ("#EDF8E9", "#BAE4B3", "#74C476", "#31A354")),
    ("Greys", ("#F7F7F7", "#CCCCCC", "#969696", "#636363")),
    ("Oranges", ("#FEEDDE", "#FDBE85", "#FD8D3C", "#E6550D")),
    ("OrRd", ("#FEF0D9", "#FDCC8A", "#FC8D59", "#E34A33")),
    ("PuBu", ("#F1EEF6", "#BDC9E1", "#74A9CF", "#2B8CBE")),
    ("PuBuGn", ("#F6EFF7", "#BDC9E1", "#67A9CF", "#1C9099")),
    ("PuRd", ("#F1EEF6", "#D7B5D8", "#DF65B0", "#DD1C77")),
    ("Purples", ("#F2F0F7", "#CBC9E2", "#9E9AC8", "#756BB1")),
    ("RdPu", ("#FEEBE2", "#FBB4B9", "#F768A1", "#C51B8A")),
    ("Reds", ("#FEE5D9", "#FCAE91", "#FB6A4A", "#DE2D26")),
    ("YlGn", ("#FFFFCC", "#C2E699", "#78C679", "#31A354")),
    ("YlGnBu", ("#FFFFCC", "#A1DAB4", "#41B6C4", "#2C7FB8")),
    ("YlOrBr", ("#FFFFD4", "#FED98E", "#FE9929", "#D95F0E")),
    ("YlOrRd", ("#FFFFB2", "#FECC5C", "#FD8D3C", "#F03B20")),
)

_M32 = 0xFFFFFFFF


class RMersenneTwister:
    """R's default generator (Mersenne-Twister) as ``set.seed(seed)`` initialises it."""

    def __init__(self, seed: int) -> None:
        s = int(seed) & _M32
        for _ in range(50):  # RNG_Init's initial scrambling
            s = (69069 * s + 1) & _M32
        words = []
        for _ in range(625):
            s = (69069 * s + 1) & _M32
            words.append(s)
        self.mt = words[1:]  # words[0] is mti, which FixupSeeds sets to 624
        self.mti = 624

    def _genrand(self) -> float:
        mt = self.mt
        if self.mti >= 624:
            for kk in range(624):
                y = (mt[kk] & 0x80000000) | (mt[(kk + 1) % 624] & 0x7FFFFFFF)
                mt[kk] = mt[(kk + 397) % 624] ^ (y >> 1) ^ (0x9908B0DF if y & 1 else 0)
            self.mti = 0
        y = mt[self.mti]
        self.mti += 1
        y ^= y >> 11
        y ^= (y << 7) & 0x9D2C5680
        y ^= (y << 15) & 0xEFC60000
        y ^= y >> 18
        return y * 2.3283064365386963e-10

    def unif_rand(self) -> float:
        """R's ``unif_rand()``: in (0, 1)."""
        v = self._genrand()
        i2_32m1 = 2.328306437080797e-10
        if v <= 0.0:
            return 0.5 * i2_32m1
        if 1.0 - v <= 0.0:
            return 1.0 - 0.5 * i2_32m1
        return v

    def _rbits(self, bits: int) -> int:
        v = 0
        for _ in range(0, bits + 1, 16):
            v1 = math.floor(self.unif_rand() * 65536)
            v = 65536 * v + v1
        return v & ((1 << bits) - 1)

    def unif_index(self, dn: int) -> int:
        """R's ``R_unif_index(dn)`` with rejection sampling."""
        if dn <= 0:
            return 0
        bits = math.ceil(math.log2(dn))
        while True:
            dv = self._rbits(bits)
            if dn > dv:
                return dv


def r_sample(rng: RMersenneTwister, n: int, size: int) -> list[int]:
    """R's ``sample.int(n, size)`` without replacement (1-based values)."""
    if size > n:
        raise InputError(f"cannot take a sample of {size} from {n} colours")
    x = list(range(n))
    out = []
    for _ in range(size):
        j = rng.unif_index(n)
        out.append(x[j] + 1)
        n -= 1
        x[j] = x[n]
    return out


def _gtrans(u: float) -> float:
    return 1.055 * u ** (1 / 2.4) - 0.055 if u > 0.00304 else 12.92 * u


def _hcl_hex(h: float, c: float, lum: float) -> str:
    """grDevices' ``hcl(h, c, l)`` (polar LUV, D65) as ``#RRGGBB``."""
    if lum <= 0:
        return "#000000"
    hr = math.radians(h)
    u_, v_ = c * math.cos(hr), c * math.sin(hr)
    y = 100.0 * (((lum + 16) / 116) ** 3 if lum > 7.999592 else lum / 903.3)
    u = u_ / (13 * lum) + 0.1978398
    v = v_ / (13 * lum) + 0.4683363
    x = 9.0 * y * u / (4 * v)
    z = -x / 3 - 5 * y + 3 * y / v
    rgb = (_gtrans((3.240479 * x - 1.537150 * y - 0.498535 * z) / 100),
           _gtrans((-0.969256 * x + 1.875992 * y + 0.041556 * z) / 100),
           _gtrans((0.055648 * x - 0.204043 * y + 1.057311 * z) / 100))
    vals = [int(255 * min(max(ch, 0.0), 1.0) + 0.5) for ch in rgb]
    return "#{:02X}{:02X}{:02X}".format(*vals)


def hue_pal(n: int, lum: float = 75.0, chroma: float = 100.0) -> list[str]:
    """``scales::hue_pal(l = lum, c = chroma)(n)``: n hues from 15 degrees, evenly spaced."""
    if n < 1:
        raise InputError("a hue palette needs at least one colour")
    h1, h2 = 15.0, 375.0
    if (h2 - h1) % 360 < 1:
        h2 = h2 - 360.0 / n
    if n == 1:
        hues = np.array([h1])
    else:
        by = (h2 - h1) / (n - 1)
        hues = np.concatenate([[h1], h1 + np.arange(1, n - 1) * by, [h2]]) if n > 2 else \
            np.array([h1, h2])
    return [_hcl_hex(float(h % 360.0), chroma, lum) for h in hues]
