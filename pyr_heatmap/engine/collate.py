"""R's string collation: the ICU collator R opens, through the same ICU library R links to.

R (built with ICU, as Debian's and CRAN's Linux builds are) compares strings in ``sort()``,
``order()`` and ``factor()`` with ``ucol_strcollIter`` of an ICU collator it opens once
(``Scollate`` in R's ``src/main/util.c``): the collation locale is ``R_ICU_LOCALE`` when set,
otherwise ``setlocale(LC_COLLATE)``; in the ``C`` locale R does not use ICU and compares bytes.
``uloc_setDefault(locale)`` + ``ucol_open(NULL)`` then give ICU's collator for that locale, which
for ``C.UTF-8`` and ``en_US.UTF-8`` is the root (CLDR) collation.

This module does the same with the system's ICU library (``libicui18n``, the library R is linked
to), loaded with ctypes: the collator is opened for the locale R would pick from the same
environment, and strings are sorted by ICU sort keys, which order exactly as ``ucol_strcoll``
compares. When no ICU library can be loaded, :func:`collation_key` is ``None`` and the caller
falls back to its approximation.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
import os
from collections.abc import Callable

__all__ = ["collation_locale", "icu_sort_key"]

_LC_COLLATE_MASK = 1 << 3  # glibc: LC_COLLATE = 3


def collation_locale() -> str:
    """The collation locale R would use in this environment (``getLocale()`` of R's util.c).

    ``R_ICU_LOCALE`` when set; otherwise what ``setlocale(LC_COLLATE, "")`` gives at R's start:
    ``LC_ALL``, ``LC_COLLATE`` or ``LANG`` (the first one set), or ``C`` when none is set or the
    C library does not know that locale.
    """
    icu = os.environ.get("R_ICU_LOCALE", "")
    if icu:
        return icu
    for var in ("LC_ALL", "LC_COLLATE", "LANG"):
        value = os.environ.get(var, "")
        if value:
            return value if value != "POSIX" and _libc_knows(value) else "C"
    return "C"


def _libc_knows(name: str) -> bool:
    """Whether ``setlocale(LC_COLLATE, name)`` would succeed (glibc's newlocale; else assume so)."""
    if name in ("C", "POSIX"):
        return True
    try:
        libc = ctypes.CDLL(None)
        newlocale, freelocale = libc.newlocale, libc.freelocale
    except (OSError, AttributeError):
        return True
    newlocale.restype = ctypes.c_void_p
    newlocale.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_void_p]
    freelocale.argtypes = [ctypes.c_void_p]
    handle = newlocale(_LC_COLLATE_MASK, name.encode(), None)
    if not handle:
        return False
    freelocale(handle)
    return True


def _load_icu() -> tuple[ctypes.CDLL, str] | None:
    """The ICU i18n library and its symbol suffix (``_72`` for ICU 72), or None."""
    names = [ctypes.util.find_library("icui18n"), "libicui18n.so", "libicucore.dylib"]
    for name in names:
        if not name:
            continue
        try:
            lib = ctypes.CDLL(name)
        except OSError:
            continue
        for suffix in ["", *(f"_{v}" for v in range(99, 43, -1))]:
            if hasattr(lib, "ucol_open" + suffix):
                return lib, suffix
    return None


@functools.lru_cache(maxsize=8)
def _collator(locale: str) -> Callable[[str], bytes] | None:
    loaded = _load_icu()
    if loaded is None:
        return None
    lib, sfx = loaded
    ucol_open = getattr(lib, "ucol_open" + sfx)
    ucol_open.restype = ctypes.c_void_p
    ucol_open.argtypes = [ctypes.c_char_p, ctypes.POINTER(ctypes.c_int)]
    get_key = getattr(lib, "ucol_getSortKey" + sfx)
    get_key.restype = ctypes.c_int32
    get_key.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int32, ctypes.c_char_p,
                        ctypes.c_int32]
    status = ctypes.c_int(0)
    coll = ucol_open(locale.encode(), ctypes.byref(status))
    if status.value > 0 or not coll:
        return None
    # the collator lives as long as the process (like R's): it is cached here and never closed

    def key(s: str) -> bytes:
        units = s.encode("utf-16-le", "surrogatepass")
        n = len(units) // 2
        size = 4 * n + 64
        while True:
            buf = ctypes.create_string_buffer(size)
            need = get_key(coll, units, n, buf, size)
            if need <= size:
                return buf.raw[: max(need - 1, 0)]  # the key without its terminating 0
            size = need

    return key


def icu_sort_key(locale: str | None = None) -> Callable[[str], bytes] | None:
    """A sort key function equal to R's string comparison, or None without ICU.

    Parameters
    ----------
    locale : str, optional
        The collation locale; default: the one R would use here (:func:`collation_locale`).

    Returns
    -------
    callable or None
        ``key(s) -> bytes`` ordering strings exactly as R's ``Scollate`` does (for the ``C``
        locale: bytes, non-ASCII characters written as R translates them, ``<U+00D8>``); None
        when the locale needs ICU and no ICU library can be loaded.
    """
    loc = collation_locale() if locale is None else locale
    if loc == "C":
        return _c_locale_key
    return _collator(loc)


def _c_locale_key(s: str) -> bytes:
    """R in the C locale: ``strcoll`` (bytes) of ``translateChar()``, which writes non-ASCII
    characters as ``<U+00D8>`` (``<U+0001F600>`` beyond the BMP)."""
    return "".join(
        c if ord(c) < 128 else (f"<U+{ord(c):04X}>" if ord(c) < 0x10000 else f"<U+{ord(c):08X}>")
        for c in s
    ).encode("ascii", "surrogatepass")
