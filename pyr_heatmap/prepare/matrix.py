"""R's read.csv for an expression matrix: read_matrix."""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import IO

import numpy as np
import pandas as pd

from pyr_heatmap.errors import InputError
from pyr_heatmap.prepare._common import _preview
from pyr_heatmap.prepare.numbers import _looks_numeric, _parse_column
from pyr_heatmap.prepare.textfile import _decode, _decompress, _read_source, _records, _sniff_sep

__all__ = ["read_matrix"]


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
        raw_value = data[i][1][keep[k]]
        bad_value = raw_value.strip()
        if bad_value == "NA":  # R's read.csv: NA with blanks around it is text, not missing
            bad_value = raw_value
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
