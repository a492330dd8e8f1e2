"""R's number parser (R_strtod in long double): the value R's read.csv gives every cell."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from typing import Any

import numpy as np

from pyr_heatmap.prepare._common import _DBL_MAX, _LD, _ld_to_double

_NUMBER = re.compile(r"([+-]?)([0-9]*)(?:\.([0-9]*))?(?:[eE]([+-]?)([0-9]*))?")

__all__ = ["NA_STRINGS"]

#: Cell texts read as missing values by :func:`~pyr_heatmap.prepare.matrix.read_matrix` (after
#: stripping blanks; ``NA`` only as the whole cell, as in R's read.csv).
NA_STRINGS: frozenset[str] = frozenset({"NA", "", "NaN"})
_TWO64 = 1 << 64


_SPECIAL = {"nan": math.nan, "inf": math.inf, "infinity": math.inf}


def _r_exponent(digits: str) -> int:
    """R's exponent digits, which stop growing at 9999 (R_strtod's MAX_EXPONENT_PREFIX)."""
    n = 0
    for ch in digits:
        n = n * 10 + (ord(ch) - 48) if n < 9999 else n
    return n


def _r_pow10(n: int, divide: bool = False) -> Any:
    """R_strtod's ``fac``: 10^n by repeated squaring in long double (or 1 / 10^n by division)."""
    fac, p10 = _LD(1), _LD(10)
    with np.errstate(over="ignore", under="ignore"):
        while n:
            if n & 1:
                fac = fac / p10 if divide else fac * p10
            n >>= 1
            p10 = p10 * p10
    return fac


def _r_strtod_slow(digits: str, expn: int) -> Any:
    """R_strtod's decimal branch, operation by operation (long double), without the sign."""
    ten = _LD(10)
    ans = _LD(0)
    with np.errstate(over="ignore", under="ignore", invalid="ignore"):
        for ch in digits:
            ans = ten * ans + _LD(ord(ch) - 48)
        if expn + len(digits) < -300:  # R avoids a needless underflow this way
            for _ in range(len(digits)):
                ans = ans / ten
            expn += len(digits)
        if expn < -307:
            ans = ans * _r_pow10(-expn, divide=True)
        elif expn < 0:
            ans = ans / _r_pow10(-expn)
        elif ans != 0:
            ans = ans * _r_pow10(expn)
    return ans


_C_SPACE = " \t\n\v\f\r"
_HEX_DIGITS = {c: int(c, 16) for c in "0123456789abcdefABCDEF"}


def _r_strtod_hex(body: str) -> Any:
    """R_strtod's hexadecimal branch (``0x...``, optional ``.`` and ``p`` exponent), unsigned;
    None when text is left over (the cell is then not a number).

    As in R: the digits accumulate in long double; a ``.`` (even a second one) restarts the
    count of fraction bits, which only a ``p`` exponent applies (R reads ``0x1.8`` as 24); the
    power of two is built by squaring a double, which overflows to Inf past 2^1023 (R reads
    ``0x1p-1074`` as 0); when the exponent less the fraction bits is below -122, R halves the
    digits once per fraction bit instead and scales by the exponent alone.
    """
    ans, exph, i = _LD(0), -1, 2
    sixteen = _LD(16)
    with np.errstate(over="ignore"):
        while i < len(body):
            ch = body[i]
            if ch in _HEX_DIGITS:
                ans = sixteen * ans + _LD(_HEX_DIGITS[ch])
            elif ch == ".":
                exph = 0
                i += 1
                continue
            else:
                break
            if exph >= 0:
                exph += 4
            i += 1
    if i < len(body) and body[i] in "pP":
        i += 1
        expsign = 1
        if i < len(body) and body[i] in "+-":
            expsign = -1 if body[i] == "-" else 1
            i += 1
        start = i
        while i < len(body) and body[i].isascii() and body[i].isdigit():
            i += 1
        n = _r_exponent(body[start:i])
        if ans != 0:  # R leaves a zero alone (0x0p2000 is 0, not NaN)
            expn = expsign * n
            if exph > 0:
                if expn - exph < -122:  # R (PR#17199): halve exph times, scale by 2^expn
                    for _ in range(exph):
                        ans = ans / _LD(2)
                else:
                    expn -= exph
            fac, p2 = _LD(1), 2.0
            k = abs(expn)
            with np.errstate(over="ignore", under="ignore", invalid="ignore"):
                while k:
                    if k & 1:
                        fac = fac * _LD(p2)
                    k >>= 1
                    p2 = p2 * p2  # a double, as in R: Inf past 2^1023
                ans = ans / fac if expn < 0 else ans * fac
    return ans if i == len(body) else None


def _parse_exact(uniq: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """R_strtod on each text, operation by operation; also flags the texts that are not numbers.

    Decimal numbers follow R_strtod: the digits are accumulated as ``ans = 10 * ans + d`` in
    long double, scaled by a power of ten built by repeated squaring in long double, rounded
    once to double, and then signed. Inf/Infinity/NaN (any case, optional sign) are accepted,
    and hexadecimal numbers as R reads them (:func:`_r_strtod_hex`).
    """
    n = len(uniq)
    neg = np.zeros(n, dtype=bool)
    bad = np.zeros(n, dtype=bool)
    special = np.full(n, np.nan)
    is_special = np.zeros(n, dtype=bool)
    mant_hi = np.zeros(n, dtype=np.int64)
    mant_lo = np.zeros(n, dtype=np.int64)
    expn = np.zeros(n, dtype=np.int64)
    slow: dict[int, Any] = {}
    for i, s in enumerate(uniq):
        body = s[1:] if s[:1] in "+-" else s
        neg[i] = s[:1] == "-"
        val = _SPECIAL.get(body.lower())
        if val is not None:
            is_special[i] = True
            special[i] = val
            continue
        if len(body) > 2 and body[0] == "0" and body[1] in "xX":
            hexval = _r_strtod_hex(body)
            if hexval is None:
                bad[i] = True
            else:
                slow[i] = hexval
            continue
        m = _NUMBER.fullmatch(s)
        if m is None or not (m.group(2) or m.group(3)):
            bad[i] = True
            continue
        frac = m.group(3) or ""
        digits = m.group(2) + frac
        e = _r_exponent(m.group(5) or "")
        ex = -len(frac) + (-e if m.group(4) == "-" else e)
        mant = int(digits)
        if mant >= _TWO64 or ex < -307 or ex + len(digits) < -300:
            slow[i] = _r_strtod_slow(digits, ex)
            continue
        # below 2^64 every partial sum of R's digit loop is an exactly representable integer
        mant_hi[i], mant_lo[i], expn[i] = mant >> 32, mant & 0xFFFFFFFF, ex
    ans = mant_hi.astype(_LD) * _LD(2**32) + mant_lo.astype(_LD)
    exps, inverse = np.unique(expn, return_inverse=True)
    fac = np.array([_r_pow10(int(abs(x))) for x in exps], dtype=_LD)[inverse]
    with np.errstate(over="ignore", invalid="ignore"):
        ans = np.where(expn < 0, ans / fac, np.where((expn > 0) & (ans != 0), ans * fac, ans))
    for i, v in slow.items():
        ans[i] = v
    with np.errstate(over="ignore"):
        mag = np.where(ans > _DBL_MAX, np.inf, _ld_to_double(ans))
    out = np.where(neg, -mag, mag)
    out = np.where(is_special, np.where(neg, -special, special), out)
    out[bad] = np.nan
    return out, bad


_NOT_PLAIN = "eExXnNiIpP_"


_MAX_CELL = 400  # exponent, hex, nan/inf, underscore: left to the exact path


def _parse_numbers(uniq: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Convert distinct, stripped, non-NA cell texts as R's type.convert does; flag bad ones.

    Short plain decimals (at most 19 characters, no exponent) take a vectorised route: their
    digits form an integer below 2^64 and the power of ten is at most 10^18, both exact in long
    double, so R_strtod rounds the exact quotient once to long double -- which is what the C
    library's correctly rounded ``strtold`` (numpy's text to ``longdouble`` conversion) gives
    -- and then once to double. Every other text goes through :func:`_parse_exact`.
    """
    values = np.full(uniq.size, np.nan)
    bad = np.zeros(uniq.size, dtype=bool)
    short = np.flatnonzero(np.char.str_len(uniq) <= 19)
    plain = np.zeros(uniq.size, dtype=bool)
    if short.size:
        texts = uniq[short].astype("U19")
        ok = np.ones(short.size, dtype=bool)
        for ch in _NOT_PLAIN:
            ok &= np.char.find(texts, ch) < 0
        try:
            values[short[ok]] = texts[ok].astype(_LD).astype(np.float64)
            plain[short[ok]] = True
        except ValueError:  # a text that is no number: the exact path finds and flags it
            pass
    rest = np.flatnonzero(~plain)
    if rest.size:
        values[rest], bad[rest] = _parse_exact([str(t) for t in uniq[rest]])
    return values, bad


def _parse_column(cells: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """Values of one column of cell texts (NA markers -> NaN) and a mask of non-numbers."""
    width = max(map(len, cells))
    if width > _MAX_CELL:  # no number is that long; keep the text array small
        long = np.fromiter((len(c) > _MAX_CELL for c in cells), dtype=bool, count=len(cells))
        values, bad = _parse_column([c if len(c) <= _MAX_CELL else "x" for c in cells])
        return np.where(long, np.nan, values), bad | long
    raw = np.array(cells, dtype=f"U{max(width, 1)}")
    texts = np.char.strip(raw, _C_SPACE)  # C's isspace(), as R_strtod and scan skip
    na = np.isin(texts, sorted(NA_STRINGS))
    # R: "NA" is missing only as the whole cell; " NA" or "NA " is text (not a number)
    spaced_na = (texts == "NA") & (raw != "NA")
    na &= ~spaced_na
    uniq, inverse = np.unique(texts[~na], return_inverse=True)
    parsed, bad_uniq = _parse_numbers(uniq)
    values = np.full(len(cells), np.nan)
    bad = np.zeros(len(cells), dtype=bool)
    values[~na] = parsed[inverse]
    bad[~na] = bad_uniq[inverse]
    bad |= spaced_na
    return values, bad


def _looks_numeric(text: str) -> bool:
    if text.isdigit():  # plain integers are plausible sample names ("1", "2", ...)
        return False
    try:
        float(text)
    except ValueError:
        return False
    return True
