"""Data preparation with R's arithmetic: read a matrix, average replicates, log2(x + 1), scale().

Every function takes a genes x samples matrix (a :class:`pandas.DataFrame`, or a 2-D numeric
array whose rows and columns are then labelled 0, 1, ...) and returns a new DataFrame with the
gene (row) and sample (column) labels kept. The input is never modified.

The arithmetic repeats R 4.2's operations in R's order, so the results are bit-identical to R on
the same machine:

* sums and means accumulate in ``long double`` one value at a time, in column order, as R's
  ``rowMeans``/``colMeans``/``rowSums``/``sum``/``mean`` do (``numpy.longdouble`` is the C
  ``long double`` of the platform, the type R uses);
* ``log2`` is the C library's ``log2`` (the function R calls), not numpy's vectorised one, which
  differs from it in the last bit for a small share of inputs;
* numbers in text files are converted the way R's ``read.csv`` converts them (``R_strtod``: digits
  accumulated and scaled by powers of ten in ``long double``), which for about one decimal string
  in 10 000 differs from Python's correctly rounded ``float()`` by one unit in the last place.

R equivalent::

    mat      <- as.matrix(read.csv(file, row.names = 1, check.names = FALSE))
    mat      <- sapply(split(seq_len(ncol(mat)), groups),
                       function(i) rowMeans(mat[, i, drop = FALSE]))
    mat_log2 <- log2(mat + 1)
    mat_Z    <- t(scale(t(mat_log2)))
"""

from __future__ import annotations

import bz2
import codecs
import csv
import gzip
import io
import lzma
import math
import os
import re
import warnings
import zipfile
import zlib
from collections.abc import Hashable, Mapping, Sequence
from pathlib import Path
from typing import IO, Any, Literal

import numpy as np
import pandas as pd

from ._names import match_name
from .errors import InputError

__all__ = [
    "DROPPED_ATTR",
    "NA_STRINGS",
    "aggregate",
    "log2p",
    "read_matrix",
    "scale_columns",
    "scale_rows",
]

#: Cell texts read as missing values by :func:`read_matrix` (after stripping blanks).
NA_STRINGS: frozenset[str] = frozenset({"NA", "", "NaN"})

#: Key of ``DataFrame.attrs`` under which :func:`scale_rows` / :func:`scale_columns` list the
#: labels they dropped.
DROPPED_ATTR = "pyr_heatmap_dropped"

ZeroVariance = Literal["drop", "keep", "zero"]
_ZERO_VARIANCE = ("drop", "keep", "zero")
_HOW = ("mean", "median", "sum")
_SHOW = 5
_LD = np.longdouble
_DBL_MAX = np.finfo(np.float64).max


# --------------------------------------------------------------------------------------------
# small shared helpers
# --------------------------------------------------------------------------------------------
def _preview(items: Sequence[Any], n: int = _SHOW, *, quote: bool = True) -> str:
    """``'a', 'b', 'c' and 4 more`` -- the first few items of a list for a message."""
    shown = ", ".join(repr(x) if quote else str(x) for x in items[:n])
    rest = len(items) - n
    return f"{shown} and {rest} more" if rest > 0 else shown


def _is_real_dtype(dtype: Any) -> bool:
    api = pd.api.types
    if api.is_bool_dtype(dtype):
        return True
    return bool(api.is_numeric_dtype(dtype)) and not api.is_complex_dtype(dtype)


def _as_matrix(data: Any, func: str) -> tuple[np.ndarray, pd.Index, pd.Index]:
    """A float64 copy of a genes x samples matrix, plus its row and column labels."""
    if isinstance(data, pd.DataFrame):
        bad = [c for c, dt in data.dtypes.items() if not _is_real_dtype(dt)]
        if bad:
            raise InputError(
                f"{func}: every column must be numeric (genes x samples); non-numeric columns: "
                f"{_preview(bad)}. If one of them holds the gene ids, make it the index "
                f"(df.set_index(column)); convert text numbers with df.apply(pd.to_numeric)"
            )
        values = np.array(data.to_numpy(dtype=np.float64, na_value=np.nan), dtype=np.float64)
        return values, data.index.copy(), data.columns.copy()
    if isinstance(data, pd.Series):
        raise InputError(
            f"{func}: expected a genes x samples matrix, got a Series; use series.to_frame()"
        )
    try:
        arr = np.asarray(data)
    except (TypeError, ValueError) as exc:
        raise InputError(
            f"{func}: the matrix cannot be read as a 2-D numeric array ({exc}); give a "
            f"DataFrame or a rectangular array of numbers"
        ) from exc
    if arr.ndim != 2:
        raise InputError(
            f"{func}: expected a 2-D genes x samples matrix, got an array of shape {arr.shape}"
        )
    if arr.dtype.kind not in "biuf":
        raise InputError(f"{func}: the matrix must be numeric, got dtype {arr.dtype}")
    values = np.array(arr, dtype=np.float64, copy=True)
    return values, pd.RangeIndex(arr.shape[0]), pd.RangeIndex(arr.shape[1])


def _ld_sum(values: np.ndarray, axis: int, skipna: bool) -> tuple[np.ndarray, np.ndarray]:
    """Sum along ``axis`` in long double, adding one value at a time in index order.

    This is the loop of R's ``rowSums``/``colSums``/``sum`` (numpy's own reductions may add
    pairwise, which rounds differently). Returns the long double sums and the number of values
    added (all of them unless ``skipna``).
    """
    moved = np.moveaxis(values, axis, 0)
    acc = np.zeros(moved.shape[1:], dtype=_LD)
    if not skipna:
        for k in range(moved.shape[0]):
            acc += moved[k]
        return acc, np.full(moved.shape[1:], moved.shape[0], dtype=np.int64)
    cnt = np.zeros(moved.shape[1:], dtype=np.int64)
    for k in range(moved.shape[0]):
        v = moved[k]
        ok = ~np.isnan(v)
        acc += np.where(ok, v, 0.0)  # adding +0 leaves a sum that starts at +0 unchanged
        cnt += ok
    return acc, cnt


def _ld_to_double(x: np.ndarray) -> np.ndarray:
    """Round long double to double as C's cast does (round to nearest)."""
    with np.errstate(over="ignore", invalid="ignore"):
        return np.asarray(x).astype(np.float64)


# --------------------------------------------------------------------------------------------
# read_matrix
# --------------------------------------------------------------------------------------------
def _read_source(source: Any) -> tuple[str, bytes | str]:
    """The raw content of a path or an open file, and a name for messages."""
    if hasattr(source, "read"):
        name = getattr(source, "name", None)
        name = str(name) if isinstance(name, (str, os.PathLike)) else "<buffer>"
        data = source.read()
        if not isinstance(data, (bytes, str)):
            raise InputError(f"{name}: reading the buffer gave {type(data).__name__}, not text")
        return name, data
    if not isinstance(source, (str, os.PathLike)):
        raise InputError(
            f"read_matrix needs a file path or an open file, got {type(source).__name__}"
        )
    path = Path(source)
    try:
        return str(path), path.read_bytes()
    except FileNotFoundError as exc:
        raise InputError(f"{path}: no such file; check the path") from exc
    except IsADirectoryError as exc:
        raise InputError(f"{path}: is a directory, not a file") from exc
    except OSError as exc:
        raise InputError(f"{path}: cannot be read ({exc.strerror or exc})") from exc


def _decompress(name: str, raw: bytes) -> bytes:
    """Unpack gzip/xz content (recognised by content) and bzip2/zip (by suffix and content)."""
    lower = name.lower()
    try:
        if raw[:2] == b"\x1f\x8b":
            return gzip.decompress(raw)
        if raw[:6] == b"\xfd7zXZ\x00":
            return lzma.decompress(raw)
        if lower.endswith(".bz2") and raw[:3] == b"BZh":
            return bz2.decompress(raw)
        if lower.endswith(".zip") and raw[:4] == b"PK\x03\x04":
            with zipfile.ZipFile(io.BytesIO(raw)) as zf:
                members = [m for m in zf.namelist() if not m.endswith("/")]
                if len(members) != 1:
                    raise InputError(
                        f"{name}: a zip archive must hold exactly one file, it holds "
                        f"{len(members)}; extract the matrix and read that file"
                    )
                return zf.read(members[0])
    except (OSError, EOFError, zlib.error, lzma.LZMAError, zipfile.BadZipFile) as exc:
        raise InputError(
            f"{name}: the compressed file is damaged or truncated ({exc}); download or "
            f"compress it again"
        ) from exc
    return raw


def _decode(name: str, raw: bytes, encoding: str) -> str:
    try:
        codec = codecs.lookup(encoding).name
    except LookupError as exc:
        raise InputError(
            f"unknown encoding {encoding!r}; pass a Python codec name such as 'utf-8', "
            f"'latin-1' or 'cp1252'"
        ) from exc
    try:
        return raw.decode("utf-8-sig" if codec == "utf-8" else encoding)
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        hint = "encoding='latin-1' (or 'cp1252' for files saved by Excel on Windows)"
        if raw[:2] in (b"\xff\xfe", b"\xfe\xff"):
            hint = "encoding='utf-16'"
        raise InputError(
            f"{name}: cannot decode line {line} as {encoding} (byte 0x{raw[exc.start]:02x}); "
            f"the file uses another text encoding. Pass the right one, e.g. "
            f"read_matrix(..., {hint}), or save the file as UTF-8"
        ) from exc


def _sniff_sep(name: str, text: str) -> str:
    first = next((ln for ln in text.splitlines() if ln.strip()), "")
    for sep in ("\t", ",", ";"):
        if sep in first:
            return sep
    raise InputError(
        f"{name}: cannot detect the delimiter: the first line has no tab, comma or semicolon "
        f"({first[:60]!r}). Pass it, e.g. read_matrix(..., sep=' '), or check that the file "
        f"has a gene id column and at least one sample column"
    )


def _records(name: str, text: str, sep: str) -> list[tuple[int, list[str]]]:
    """Non-blank records with the (1-based) number of the line each one ends on."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sep, quotechar='"', strict=True)
    out: list[tuple[int, list[str]]] = []
    try:
        for fields in reader:
            if "".join(fields).strip():  # skip blank lines
                out.append((reader.line_num, fields))
    except csv.Error as exc:
        raise InputError(
            f"{name}: line {reader.line_num}: malformed quoting ({exc}); close the quote or "
            f"remove the stray '\"'"
        ) from exc
    return out


_NUMBER = re.compile(r"([+-]?)([0-9]*)(?:\.([0-9]*))?(?:[eE]([+-]?)([0-9]*))?")
_SPECIAL = {"nan": math.nan, "inf": math.inf, "infinity": math.inf}
_TWO64 = 1 << 64


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


def _parse_exact(uniq: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """R_strtod on each text, operation by operation; also flags the texts that are not numbers.

    Decimal numbers follow R_strtod: the digits are accumulated as ``ans = 10 * ans + d`` in
    long double, scaled by a power of ten built by repeated squaring in long double, rounded
    once to double, and then signed. Inf/Infinity/NaN (any case, optional sign) are accepted.
    Hexadecimal numbers, which R also accepts, are reported as non-numeric.
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
    texts = np.char.strip(np.array(cells, dtype=f"U{max(width, 1)}"))
    na = np.isin(texts, sorted(NA_STRINGS))
    uniq, inverse = np.unique(texts[~na], return_inverse=True)
    parsed, bad_uniq = _parse_numbers(uniq)
    values = np.full(len(cells), np.nan)
    bad = np.zeros(len(cells), dtype=bool)
    values[~na] = parsed[inverse]
    bad[~na] = bad_uniq[inverse]
    return values, bad


def _looks_numeric(text: str) -> bool:
    if text.isdigit():  # plain integers are plausible sample names ("1", "2", ...)
        return False
    try:
        float(text)
    except ValueError:
        return False
    return True


def _duplicates(labels: Sequence[str], lines: Sequence[int]) -> list[str]:
    if len(set(labels)) == len(labels):
        return []
    where: dict[str, list[int]] = {}
    for lab, ln in zip(labels, lines, strict=True):
        where.setdefault(lab, []).append(ln)
    return [f"{lab!r} ({', '.join(map(str, lns))})" for lab, lns in where.items() if len(lns) > 1]


def read_matrix(
    path_or_buffer: str | os.PathLike[str] | IO[str] | IO[bytes],
    *,
    sep: str | None = None,
    index_col: int | None = 0,
    encoding: str = "utf-8",
) -> pd.DataFrame:
    """Read an expression matrix (genes x samples) from a CSV or TSV file.

    The first line holds the sample names; every other line holds a gene id and one value per
    sample. A header with one field fewer than the data lines (what R's ``write.table`` writes)
    is read as sample names only, like R's ``read.table`` does.

    Parameters
    ----------
    path_or_buffer : str, os.PathLike or file object
        A path, or an open text or binary file. gzip and xz content is recognised by its first
        bytes (whatever the suffix); ``.bz2`` and single-file ``.zip`` by suffix and content.
    sep : str, optional
        One-character delimiter. By default it is detected from the first non-blank line: tab
        if there is one, else comma, else semicolon.
    index_col : int or None, default 0
        Position of the gene id column. ``None``: no id column; rows are labelled 0, 1, ...
    encoding : str, default "utf-8"
        Text encoding of the file (a UTF-8 byte order mark is skipped).

    Returns
    -------
    pandas.DataFrame
        float64 values; index = gene ids (named after the header's corner field, if any),
        columns = sample names. Blank lines are skipped; leading and trailing blanks around
        names and values are removed.

    Raises
    ------
    InputError
        Empty file, no data lines, a first line that looks like data instead of sample names,
        empty or duplicated sample names, empty or duplicated gene ids (all duplicates are
        listed with their line numbers: make the ids unique, or combine the duplicated rows
        before reading), a line with the wrong number of fields, a cell that is not a number
        (the message names the file, the sample column, the gene id, the line number and the
        value), text that cannot be decoded with ``encoding``, or a damaged compressed file.

    Notes
    -----
    Missing values: cells ``NA``, ``NaN`` or empty become NaN. ``Inf``, ``-Inf`` and
    ``Infinity`` are read as infinities, as R reads them.

    Numbers are converted the way R's ``read.csv`` converts them (R_strtod, which works in
    ``long double``), not with Python's ``float()``: the two disagree in the last bit for about
    one decimal string in 10 000, and R's answer is kept. Hexadecimal numbers and cells longer
    than 400 characters, which R would still convert, are reported as non-numeric.

    R equivalent: ``as.matrix(read.csv(file, row.names = 1, check.names = FALSE,
    na.strings = c("NA", "", "NaN")))`` (``read.delim`` for tab-separated files).

    Examples
    --------
    >>> import io
    >>> read_matrix(io.StringIO("gene,cortex,cerebellum\\nGAD1,12.5,0.75\\nPVALB,NA,3\\n"))
    ... # doctest: +NORMALIZE_WHITESPACE
           cortex  cerebellum
    gene
    GAD1     12.5        0.75
    PVALB     NaN        3.00
    """
    name, raw = _read_source(path_or_buffer)
    if isinstance(raw, bytes):
        text = _decode(name, _decompress(name, raw), encoding)
    else:
        text = raw[1:] if raw.startswith("\ufeff") else raw
    if sep is None:
        if not text.strip():
            raise InputError(f"{name}: the file is empty; expected a header line of sample "
                             f"names followed by one line per gene")
        sep = _sniff_sep(name, text)
    elif not isinstance(sep, str) or len(sep) != 1 or sep in '"\r\n':
        raise InputError(f"sep must be one character such as ',' or '\\t', got {sep!r}")
    if index_col is not None and (
        isinstance(index_col, bool) or not isinstance(index_col, (int, np.integer))
    ):
        raise InputError(f"index_col must be a column position (int) or None, got {index_col!r}")

    records = _records(name, text, sep)
    if not records:
        raise InputError(f"{name}: the file is empty; expected a header line of sample names "
                         f"followed by one line per gene")
    hline, header = records[0]
    data = records[1:]
    if not data:
        raise InputError(f"{name}: the file has a header line but no gene lines")
    header = [h.strip() for h in header]
    width = len(data[0][1])
    if index_col == 0 and len(header) == width - 1 and all(len(f) == width for _, f in data):
        header = ["", *header]  # R's write.table: no field above the row names
    ncol = len(header)
    ic = None if index_col is None else int(index_col)
    if ic is not None and not 0 <= ic < ncol:
        raise InputError(f"{name}: index_col={ic} but the header has only {ncol} fields")
    for line, fields in data:
        if len(fields) != ncol:
            raise InputError(
                f"{name}: line {line} has {len(fields)} fields but the header (line {hline}) "
                f"has {ncol}. Every line needs a gene id and one value per sample: look for a "
                f"missing or extra {sep!r}, or an unquoted {sep!r} inside a gene id"
            )
    keep = [j for j in range(ncol) if j != ic]
    samples = [header[j] for j in keep]
    if not samples:
        raise InputError(f"{name}: no sample columns: the header has only the gene id column; "
                         f"check the delimiter (sep={sep!r})")
    empty = [j + 1 for j in keep if not header[j]]
    if empty:
        raise InputError(
            f"{name}: header (line {hline}) field(s) {_preview(empty)} have no sample name; "
            f"give every sample column a name (a trailing {sep!r} on the lines also causes this)"
        )
    if all(_looks_numeric(s) for s in samples):
        raise InputError(
            f"{name}: the first line looks like data ({_preview(samples, 3)}), not a header of "
            f"sample names; add a first line such as 'gene{sep}sample_1{sep}sample_2...'"
        )
    dup_samples = _duplicates(samples, [j + 1 for j in keep])
    if dup_samples:
        raise InputError(
            f"{name}: duplicated sample names in the header (with their column numbers): "
            f"{_preview(dup_samples, quote=False)}. Sample names must be unique: rename the "
            f"replicates (e.g. cortex_1, cortex_2); average them later with aggregate()"
        )
    lines = [line for line, _ in data]
    if ic is not None:
        ids = [fields[ic].strip() for _, fields in data]
        no_id = [ln for ln, gid in zip(lines, ids, strict=True) if not gid]
        if no_id:
            raise InputError(f"{name}: empty gene id on line(s) {_preview(no_id)}; give every "
                             f"line a gene id in column {ic + 1}")
        dup_ids = _duplicates(ids, lines)
        if dup_ids:
            raise InputError(
                f"{name}: {len(dup_ids)} gene id(s) occur more than once (with their line "
                f"numbers): {_preview(dup_ids, quote=False)}. Gene ids must be unique: make "
                f"them unique (e.g. append a suffix) or combine the duplicated rows (sum or "
                f"average them) before reading"
            )
        index: pd.Index = pd.Index(ids, name=header[ic] or None)
    else:
        index = pd.RangeIndex(len(data))

    values = np.empty((len(data), len(keep)), dtype=np.float64)
    by_column = list(zip(*(fields for _, fields in data), strict=True))
    first_bad: tuple[int, int] | None = None
    n_bad = 0
    for k, j in enumerate(keep):
        values[:, k], bad = _parse_column(by_column[j])
        if bad.any():
            n_bad += int(bad.sum())
            cand = (int(np.argmax(bad)), k)
            if first_bad is None or cand < first_bad:
                first_bad = cand
    if first_bad is not None:
        i, k = first_bad
        gene = index[i]
        bad_value = data[i][1][keep[k]].strip()
        if len(bad_value) > 60:
            bad_value = bad_value[:57] + "..."
        more = f" ({n_bad} non-numeric cells in all)" if n_bad > 1 else ""
        raise InputError(
            f"{name}: non-numeric value {bad_value!r} in sample column {samples[k]!r}, gene "
            f"{gene!r} (line {lines[i]}){more}. Every value must be a number; write missing "
            f"values as NA, NaN or an empty cell. Fix the cell (a decimal comma? use '.'), or "
            f"check the delimiter (sep={sep!r}) and index_col"
        )
    return pd.DataFrame(values, index=index, columns=pd.Index(samples))


# --------------------------------------------------------------------------------------------
# aggregate
# --------------------------------------------------------------------------------------------
def _is_missing(label: Any) -> bool:
    try:
        return bool(pd.isna(label))
    except (TypeError, ValueError):
        return False


def _group_labels(groups: Any, columns: pd.Index) -> tuple[list[Hashable], Hashable]:
    """One group label per column, and a name for the group axis."""
    if isinstance(groups, pd.Series):
        if not groups.index.is_unique:
            dup = groups.index[groups.index.duplicated()].unique().tolist()
            raise InputError(f"aggregate: the groups Series lists samples more than once: "
                             f"{_preview(dup)}; give each sample one group")
        missing = [c for c in columns if c not in groups.index]
        if missing:
            raise InputError(
                f"aggregate: {len(missing)} sample(s) have no group in the groups Series: "
                f"{_preview(missing)}. Index the Series by sample name (for labels in column "
                f"order pass a list or groups.to_numpy())"
            )
        return [groups[c] for c in columns], groups.name
    if isinstance(groups, Mapping):
        missing = [c for c in columns if c not in groups]
        if missing:
            raise InputError(
                f"aggregate: {len(missing)} sample(s) are missing from the groups mapping: "
                f"{_preview(missing)}; add them (sample -> group) or drop those columns first"
            )
        return [groups[c] for c in columns], None
    if isinstance(groups, (str, bytes)) or not hasattr(groups, "__len__"):
        raise InputError(
            "aggregate: groups must be a mapping sample -> group, a pandas Series indexed by "
            f"sample, or a sequence of labels aligned with the columns; got {type(groups).__name__}"
        )
    labels = groups.tolist() if isinstance(groups, np.ndarray) else list(groups)
    if len(labels) != len(columns):
        raise InputError(
            f"aggregate: groups has {len(labels)} labels but the matrix has {len(columns)} "
            f"sample columns; give one group label per column, in column order"
        )
    return labels, getattr(groups, "name", None)


def _group_levels(labels: list[Hashable], columns: pd.Index, order: Any) -> list[Hashable]:
    no_group = [c for c, g in zip(columns, labels, strict=True) if _is_missing(g)]
    if no_group:
        raise InputError(f"aggregate: sample(s) {_preview(no_group)} have a missing group "
                         f"label; give them a group or drop those columns first")
    try:
        seen = list(dict.fromkeys(labels))
    except TypeError as exc:
        raise InputError(f"aggregate: group labels must be hashable (str, int...): {exc}") from exc
    if order is None:
        return seen
    if isinstance(order, (str, bytes)) or not hasattr(order, "__iter__"):
        raise InputError(f"aggregate: order must be a list of group labels, got {order!r}")
    levels = list(order)
    try:
        dup = [g for g, k in pd.Series(levels, dtype=object).value_counts().items() if k > 1]
        present = set(seen)
    except TypeError as exc:
        raise InputError(f"aggregate: order must list hashable group labels: {exc}") from exc
    if dup:
        raise InputError(f"aggregate: order lists group(s) more than once: {_preview(dup)}")
    empty = [g for g in levels if g not in present]
    if empty:
        raise InputError(
            f"aggregate: group(s) in order have no samples: {_preview(empty)}; remove them "
            f"from order or check the group labels (known groups: {_preview(seen, 10)})"
        )
    listed = set(levels)
    unlisted = [g for g in seen if g not in listed]
    if unlisted:
        raise InputError(
            f"aggregate: group(s) {_preview(unlisted)} have samples but are missing from "
            f"order; add them to order or drop those samples first"
        )
    return levels


def _r_mean_of_two(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """R's ``mean()`` of the vectors ``c(a[i], b[i])``: long double sum, divide, refine."""
    la, lb = a.astype(_LD), b.astype(_LD)
    two = _LD(2)
    with np.errstate(over="ignore", invalid="ignore"):
        s = _LD(0) + la + lb
        s1 = s / two
        t1 = _LD(0) + (la - s1) + (lb - s1)
        r1 = np.where(np.isfinite(_ld_to_double(s1)), s1 + t1 / two, s1)
        # the sum overflowed double: R sums x/n (divided in double) instead
        s2 = _LD(0) + (a / 2.0).astype(_LD) + (b / 2.0).astype(_LD)
        t2 = _LD(0) + (la - s2) / two + (lb - s2) / two
        r2 = np.where(np.isfinite(_ld_to_double(s2)), s2 + t2, s2)
        return _ld_to_double(np.where(np.isfinite(_ld_to_double(s)), r1, r2))


def _row_median(sub: np.ndarray, na_rm: bool) -> np.ndarray:
    """R's ``apply(sub, 1, median, na.rm = na_rm)``."""
    n, k = sub.shape
    nan = np.isnan(sub)
    srt = np.sort(sub, axis=1)  # NaN sort last
    cnt = k - nan.sum(axis=1)
    ok = cnt > 0 if na_rm else cnt == k
    out = np.full(n, np.nan)
    rows = np.flatnonzero(ok)
    if rows.size == 0:
        return out
    c = cnt[rows]
    half = (c + 1) // 2  # R's 1-based middle position
    lo = srt[rows, half - 1]
    hi = srt[rows, np.minimum(half, k - 1)]
    out[rows] = np.where(c % 2 == 1, lo, _r_mean_of_two(lo, hi))
    return out


def aggregate(
    df: pd.DataFrame | np.ndarray,
    groups: Mapping[Hashable, Hashable] | pd.Series | Sequence[Hashable] | np.ndarray,
    how: str = "mean",
    order: Sequence[Hashable] | None = None,
    *,
    na_rm: bool = False,
) -> pd.DataFrame:
    """Combine replicate samples (columns) per group, e.g. the samples of each brain region.

    Parameters
    ----------
    df : pandas.DataFrame or 2-D array
        Genes x samples.
    groups : mapping, pandas.Series or sequence
        The group of every sample: a mapping sample -> group, a Series indexed by sample
        (extra entries for samples not in ``df`` are ignored), or a sequence of labels aligned
        with the columns.
    how : {"mean", "median", "sum"}, default "mean"
        How the replicates of a group are combined.
    order : sequence, optional
        The output column order (every group exactly once). Default: the order in which the
        groups first appear in the columns.
    na_rm : bool, default False
        R's ``na.rm``. With the default, a gene with a missing value in any sample of a group
        gets NaN for that group (what the R recipe ``rowMeans(m)`` gives). With ``True`` the
        missing values are left out; a group with no value left gives NaN for mean and median
        and 0 for sum, as in R.

    Returns
    -------
    pandas.DataFrame
        Genes x groups; same index as ``df``; columns = group labels (named after the Series
        when ``groups`` is a named Series).

    Raises
    ------
    InputError
        Samples without a group, groups of ``order`` that have no samples or groups missing
        from ``order``, a ``groups`` sequence of the wrong length, an unknown ``how``, or a
        non-numeric matrix.

    Notes
    -----
    Means and sums add the values of a gene one sample at a time, in column order, in
    ``long double``, and divide by the count in ``long double`` before rounding to double,
    exactly as R's ``rowMeans``/``rowSums`` do; the median of an even count is R's ``mean()``
    of the two middle values (long double sum plus R's refinement step). Results are
    bit-identical to R on the same platform.

    R equivalent: ``sapply(split(seq_len(ncol(m)), groups), function(i) rowMeans(m[, i, drop =
    FALSE], na.rm = na_rm))`` (``rowSums`` for sum; ``apply(m[, i, drop = FALSE], 1, median,
    na.rm = na_rm)`` for median), with ``groups`` a factor whose levels are in ``order``.
    """
    values, index, columns = _as_matrix(df, "aggregate")
    how = match_name(how, _HOW, "aggregate method (how)", partial=False)
    if not isinstance(na_rm, (bool, np.bool_)):
        raise InputError(f"aggregate: na_rm must be True or False, got {na_rm!r}")
    labels, axis_name = _group_labels(groups, columns)
    levels = _group_levels(labels, columns, order)
    position = {g: i for i, g in enumerate(levels)}
    members: list[list[int]] = [[] for _ in levels]
    for j, g in enumerate(labels):
        members[position[g]].append(j)
    out = np.empty((values.shape[0], len(levels)), dtype=np.float64)
    with np.errstate(invalid="ignore", divide="ignore"):
        for k, idx in enumerate(members):
            sub = values[:, idx]
            if how == "median":
                out[:, k] = _row_median(sub, bool(na_rm))
                continue
            total, cnt = _ld_sum(sub, axis=1, skipna=bool(na_rm))
            out[:, k] = _ld_to_double(total if how == "sum" else total / cnt.astype(_LD))
    return pd.DataFrame(out, index=index, columns=pd.Index(levels, name=axis_name))


# --------------------------------------------------------------------------------------------
# log2p
# --------------------------------------------------------------------------------------------
_LIBM_LOG2 = np.frompyfunc(math.log2, 1, 1)  # math.log2 calls the C library's log2, as R does


def log2p(df: pd.DataFrame | np.ndarray, pseudocount: float = 1.0) -> pd.DataFrame:
    """``log2(x + pseudocount)``, bit-identical to R's ``log2(x + 1)``.

    Parameters
    ----------
    df : pandas.DataFrame or 2-D array
        Genes x samples, non-negative expression values (RPKM, TPM, counts).
    pseudocount : float, default 1.0
        Added before the logarithm; must be finite and > 0.

    Returns
    -------
    pandas.DataFrame
        Same labels as ``df``. NaN stays NaN (R: ``NA`` stays ``NA``); ``Inf`` gives ``Inf``.

    Raises
    ------
    InputError
        When ``x + pseudocount <= 0`` for some value (R would give ``-Inf`` or ``NaN``): the
        message names the first such gene and sample (row by row) and how many values are
        affected. Also for a bad ``pseudocount`` or a non-numeric matrix.

    Notes
    -----
    The addition is one double addition, like R's; the logarithm is the C library's ``log2``,
    the function R calls. (numpy's vectorised ``log2`` differs from it in the last bit for a
    small share of inputs on CPUs with AVX-512.)

    R equivalent: ``log2(x + 1)``.
    """
    values, index, columns = _as_matrix(df, "log2p")
    if (
        isinstance(pseudocount, (bool, np.bool_))
        or not isinstance(pseudocount, (int, float, np.integer, np.floating))
        or not math.isfinite(float(pseudocount))
        or float(pseudocount) <= 0
    ):
        raise InputError(
            f"log2p: pseudocount must be a finite number > 0 (R's log2(x + 1) uses 1), "
            f"got {pseudocount!r}"
        )
    shifted = values + float(pseudocount)
    bad = shifted <= 0  # NaN compares False and stays NaN
    if bad.any():
        i, j = (int(v) for v in np.argwhere(bad)[0])
        count = int(bad.sum())
        raise InputError(
            f"log2p: {count} value(s) give x + {pseudocount} <= 0, whose log2 is -Inf or NaN; "
            f"the first is gene {index[i]!r}, sample {columns[j]!r} "
            f"(x = {float(values[i, j])!r}). "
            f"log2p expects non-negative expression values: check for negative or already "
            f"log-transformed data"
        )
    out = shifted.copy()
    ok = ~np.isnan(shifted)
    if ok.any():
        out[ok] = _LIBM_LOG2(shifted[ok]).astype(np.float64)
    return pd.DataFrame(out, index=index, columns=columns)


# --------------------------------------------------------------------------------------------
# scale_rows / scale_columns
# --------------------------------------------------------------------------------------------
def _r_scale(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """R's ``scale(x)`` (columns), step by step; also returns each column's scale."""
    total, cnt = _ld_sum(x, axis=0, skipna=True)
    with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
        center = _ld_to_double(total / cnt.astype(_LD))  # colMeans(x, na.rm = TRUE)
        centred = x - center  # sweep(x, 2, center)
        squares, n_ok = _ld_sum(centred * centred, axis=0, skipna=True)  # sum(v^2): v^2 = v * v
        ss = np.where(squares > _DBL_MAX, np.inf, _ld_to_double(squares))
        scale = np.sqrt(ss / np.maximum(1.0, (n_ok - 1).astype(np.float64)))
        return centred / scale, scale


def _check_policy(zero_variance: Any, func: str) -> str:
    return match_name(zero_variance, _ZERO_VARIANCE, f"{func} zero_variance", partial=False)


def _check_finite(values: np.ndarray, index: pd.Index, columns: pd.Index, func: str) -> None:
    inf = np.isinf(values)
    if inf.any():
        i, j = (int(v) for v in np.argwhere(inf)[0])
        raise InputError(
            f"{func}: {int(inf.sum())} infinite value(s); the first is gene {index[i]!r}, sample "
            f"{columns[j]!r} ({float(values[i, j])!r}). Z-scores of a vector with an infinite "
            f"value are undefined (R's scale() returns NaN and 0 for it). Replace infinite values; "
            f"for log-transformed data with zeros use log2p(), which adds a pseudocount"
        )


def _apply_policy(z: np.ndarray, x: np.ndarray, degenerate: np.ndarray, policy: str) -> np.ndarray:
    if policy == "zero" and degenerate.any():
        z = z.copy()
        z[:, degenerate] = np.where(np.isnan(x[:, degenerate]), np.nan, 0.0)
    return z


def _warn_dropped(func: str, what: str, labels: list[Hashable]) -> None:
    warnings.warn(
        f"{func}: dropped {len(labels)} {what}(s) with zero variance or fewer than two non-NA "
        f"values (R's scale() makes them all NaN): {_preview(labels)}. Pass "
        f"zero_variance='keep' for R's NaN {what}s or 'zero' to set them to 0",
        UserWarning,
        stacklevel=3,
    )


def scale_rows(
    df: pd.DataFrame | np.ndarray, *, zero_variance: ZeroVariance = "drop"
) -> pd.DataFrame:
    """Row z-scores exactly as R's ``t(scale(t(x)))``.

    Each row is centred on the mean of its non-NA values and divided by
    ``sqrt(sum(v^2) / max(1, n - 1))`` over its n non-NA centred values v (the sample
    standard deviation). NaN stays NaN.

    Parameters
    ----------
    df : pandas.DataFrame or 2-D array
        Genes x samples, finite values or NaN.
    zero_variance : {"drop", "keep", "zero"}, default "drop"
        What to do with a row whose scale is 0 (all non-NA values equal, a single non-NA value,
        or no value at all), which R turns into all NaN. ``"drop"``: remove those rows and
        emit a ``UserWarning`` naming the first few and their count; ``"keep"``: keep R's NaN
        rows; ``"zero"``: set the row's non-NA values to 0.

    Returns
    -------
    pandas.DataFrame
        Same labels as ``df`` (minus dropped rows). ``result.attrs["pyr_heatmap_dropped"]``
        (:data:`DROPPED_ATTR`) is the list of dropped row labels (empty when none was dropped
        or the policy is not "drop").

    Raises
    ------
    InputError
        An infinite value (R would return NaN/0 for its row), an unknown ``zero_variance``,
        or a non-numeric matrix.

    Notes
    -----
    The arithmetic is R 4.2.2's ``scale.default`` on the transpose: the centre is
    ``colMeans(na.rm = TRUE)`` (long double sum over the row, in column order, divided by the
    count in long double, rounded once); the squares are double products summed in long
    double; the rest is double arithmetic. Results are bit-identical to R.

    R equivalent: ``t(scale(t(x)))``.
    """
    policy = _check_policy(zero_variance, "scale_rows")
    values, index, columns = _as_matrix(df, "scale_rows")
    _check_finite(values, index, columns, "scale_rows")
    zt, scale = _r_scale(values.T)
    degenerate = scale == 0
    z = _apply_policy(zt, values.T, degenerate, policy).T
    dropped: list[Hashable] = []
    if policy == "drop" and degenerate.any():
        dropped = list(index[degenerate])
        _warn_dropped("scale_rows", "row", dropped)
        z, index = z[~degenerate], index[~degenerate]
    out = pd.DataFrame(np.ascontiguousarray(z), index=index, columns=columns)
    out.attrs[DROPPED_ATTR] = dropped
    return out


def scale_columns(
    df: pd.DataFrame | np.ndarray, *, zero_variance: ZeroVariance = "drop"
) -> pd.DataFrame:
    """Column z-scores exactly as R's ``scale(x)``.

    Each column is centred on the mean of its non-NA values and divided by
    ``sqrt(sum(v^2) / max(1, n - 1))`` over its n non-NA centred values v. NaN stays NaN.

    Parameters
    ----------
    df : pandas.DataFrame or 2-D array
        Genes x samples, finite values or NaN.
    zero_variance : {"drop", "keep", "zero"}, default "drop"
        What to do with a column whose scale is 0 (R makes it all NaN): ``"drop"`` removes it
        with a ``UserWarning`` naming the first few and their count, ``"keep"`` keeps R's NaN
        column, ``"zero"`` sets its non-NA values to 0.

    Returns
    -------
    pandas.DataFrame
        Same labels as ``df`` (minus dropped columns). ``result.attrs["pyr_heatmap_dropped"]``
        (:data:`DROPPED_ATTR`) is the list of dropped column labels.

    Raises
    ------
    InputError
        An infinite value, an unknown ``zero_variance``, or a non-numeric matrix.

    Notes
    -----
    Same arithmetic as :func:`scale_rows`, per column (sums run down the rows in row order).

    R equivalent: ``scale(x)``.
    """
    policy = _check_policy(zero_variance, "scale_columns")
    values, index, columns = _as_matrix(df, "scale_columns")
    _check_finite(values, index, columns, "scale_columns")
    z, scale = _r_scale(values)
    degenerate = scale == 0
    z = _apply_policy(z, values, degenerate, policy)
    dropped: list[Hashable] = []
    if policy == "drop" and degenerate.any():
        dropped = list(columns[degenerate])
        _warn_dropped("scale_columns", "column", dropped)
        z, columns = z[:, ~degenerate], columns[~degenerate]
    out = pd.DataFrame(z, index=index, columns=columns)
    out.attrs[DROPPED_ATTR] = dropped
    return out
