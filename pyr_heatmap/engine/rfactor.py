"""How R turns values into factor levels: ``as.character()`` of numbers and string collation.

R sorts character vectors with ICU's collator for its collation locale (the root collation in
Debian's C.UTF-8 and in en_US.UTF-8), not by bytes: ``a < A < á < b``, ``o < ø < p``, punctuation
before digits before letters. Factor levels, split slices and annotation legends all follow that
order. :func:`r_sort_strings` uses the same ICU library as R (see ``collate.py``), so the order is
R's for every Unicode string; only where no ICU library can be loaded does it fall back to an
approximation that is exact for ASCII and Latin letters with the common accents.
"""

from __future__ import annotations

import math
import unicodedata

import numpy as np

from pyr_heatmap.engine.collate import icu_sort_key

__all__ = ["r_as_character", "r_sort_strings"]


def r_num_str(v: float) -> str:
    """R 4.2's ``as.character()`` of a double: 15 significant digits, fixed or scientific."""
    if math.isnan(v):
        return "NA"
    if math.isinf(v):
        return "Inf" if v > 0 else "-Inf"
    if v == 0:
        return "0"
    mant, exp_s = f"{abs(v):.14e}".split("e")
    digits = mant.replace(".", "").rstrip("0")
    nsig = max(1, len(digits))
    kpower = int(exp_s)
    neg = 1 if v < 0 else 0
    rgt = max(0, nsig - kpower - 1)
    left = kpower + 1 if kpower >= 0 else 1
    width_fixed = neg + left + (rgt + 1 if rgt else 0)
    width_sci = neg + (nsig + 1 if nsig > 1 else 1) + (5 if abs(kpower) >= 100 else 4)
    if width_fixed <= width_sci:
        return f"{v:.{rgt}f}"
    return f"{v:.{nsig - 1}e}"


def r_as_character(v: object) -> str:
    """How R prints one label value as a factor level."""
    if isinstance(v, (bool, np.bool_)):
        return "TRUE" if v else "FALSE"
    if isinstance(v, (int, np.integer)):
        return str(int(v))
    if isinstance(v, (float, np.floating)):
        return r_num_str(float(v))
    return str(v)


# ICU root collation (what R uses in a UTF-8 locale such as Debian's C.UTF-8 or en_US.UTF-8)
# of the printable ASCII characters, as R 4.2.2 sorts them; letters compare case-insensitively
# first (lower case before upper case only when everything else is equal).
_ASCII_ORDER = " _-,;:!?.'\"()[]{}@*/\\&#%`^+<=>|~$0123456789abcdefghijklmnopqrstuvwxyz"
_PRIMARY = {c: i for i, c in enumerate(_ASCII_ORDER)}
# secondary weights of combining accents, in the order ICU's root collation ranks them
_ACCENTS = "301 300 306 302 30C 30A 308 30B 303 307 327 328 304 309 31B 323 331".split()
_SECONDARY = {chr(int(c, 16)): i + 1 for i, c in enumerate(_ACCENTS)}


def _collation_key(s: str) -> tuple[tuple[int, ...], tuple[int, ...], tuple[int, ...], str]:
    """Approximate ICU root collation key, used only when no ICU library can be loaded.

    Exact for ASCII and for Latin letters with the common accents (three levels: base letters,
    then accents, then case). Other characters (ø, æ, ł, ß, other scripts) are ranked after
    these by code point, which is not where ICU puts them.
    """
    p: list[int] = []
    sec: list[int] = []
    ter: list[int] = []
    for c in unicodedata.normalize("NFD", s):
        if unicodedata.combining(c):
            sec.append(_SECONDARY.get(c, 100 + ord(c)))
            ter.append(0)
            continue
        low = c.lower() if len(c.lower()) == 1 else c
        p.append(_PRIMARY.get(low, 1000 + ord(low)))
        sec.append(0)
        ter.append(1 if c != low else 0)
    return tuple(p), tuple(sec), tuple(ter), s


def r_sort_strings(values: list[str]) -> list[str]:
    """``values[order(values)]`` as R orders strings in this environment's collation locale.

    Parameters
    ----------
    values : list of str
        The strings, e.g. ``unique(x)`` in order of first appearance: strings that ICU ranks
        equal (such as the composed and decomposed forms of "é") keep their input order, as in
        R's stable ``order()``.

    Returns
    -------
    list of str
        The strings in R's order: ICU collation through the ICU library R uses (the locale
        from ``R_ICU_LOCALE``, ``LC_ALL``, ``LC_COLLATE`` or ``LANG``, as R picks it; byte order
        in the C locale). Without a loadable ICU library, an approximation exact for ASCII and
        Latin letters with the common accents.
    """
    key = icu_sort_key()
    return sorted(values, key=_collation_key if key is None else key)
