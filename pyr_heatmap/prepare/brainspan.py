"""Reading expression data: the BrainSpan download, a matrix with a sample sheet, gene lists.

Every reader returns a genes x samples :class:`pandas.DataFrame` (float64) and a sample table
(one row per sample, indexed by the sample ids used as the matrix's column names), ready for
:func:`~pyr_heatmap.prepare.aggregate`, :func:`~pyr_heatmap.prepare.log2p` and
:func:`~pyr_heatmap.prepare.scale_rows`.

Numbers are converted exactly as R's ``read.csv`` converts them (see
:func:`~pyr_heatmap.prepare.read_matrix`), so a matrix read here is bit-identical to the one an R
user reads from the same file.

R equivalent of :func:`read_brainspan`::

    expr <- as.matrix(read.csv("expression_matrix.csv", header = FALSE, row.names = 1))
    rows <- read.csv("rows_metadata.csv")
    cols <- read.csv("columns_metadata.csv")
    rownames(expr) <- make.unique(rows$gene_symbol)
    colnames(expr) <- sprintf("S%0*d", nchar(max(cols$column_num)), cols$column_num)
"""

from __future__ import annotations

import os
import warnings
import zipfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Literal

import numpy as np
import pandas as pd

from pyr_heatmap.errors import InputError
from pyr_heatmap.prepare._common import _preview
from pyr_heatmap.prepare.genes import make_unique
from pyr_heatmap.prepare.numbers import NA_STRINGS, _parse_column
from pyr_heatmap.prepare.tables import (
    _duplicated_with_lines,
    _int_column,
    _require,
    _Table,
    _table,
    _text,
    _typed,
)
from pyr_heatmap.prepare.textfile import _decompress, _read_source, _records

__all__ = ["BRAINSPAN_FILES", "read_brainspan"]

#: The three files of BrainSpan's "genes_matrix_csv" download.
BRAINSPAN_FILES = ("expression_matrix.csv", "rows_metadata.csv", "columns_metadata.csv")
ROWS_FIELDS = ("row_num", "gene_id", "ensembl_gene_id", "gene_symbol", "entrez_id")
COLUMNS_FIELDS = ("column_num", "donor_id", "donor_name", "age", "gender", "structure_id",
                  "structure_acronym", "structure_name")

_CHUNK = 16 << 20  # bytes of the expression matrix converted at a time on the fast path
_FAST_BYTES = np.zeros(256, dtype=bool)
_FAST_BYTES[np.frombuffer(b"0123456789.+-,\n", dtype=np.uint8)] = True
_MAX_FAST_TOKEN = 19  # see _fast_numbers


# --------------------------------------------------------------------------------------------
# small helpers: sources, tables, typed columns
# --------------------------------------------------------------------------------------------
class _Folder:
    """A BrainSpan download: a folder, or the .zip archive as downloaded."""

    def __init__(self, folder: str | os.PathLike[str]) -> None:
        if not isinstance(folder, (str, os.PathLike)):
            raise InputError(
                f"read_brainspan needs the path of the unpacked download folder (or of the .zip "
                f"archive), got {type(folder).__name__}"
            )
        self.path = Path(folder)
        self.members: dict[str, str] = {}
        if self.path.is_dir():
            self.zip = False
        elif self.path.is_file() and zipfile.is_zipfile(self.path):
            self.zip = True
            with zipfile.ZipFile(self.path) as zf:
                for m in zf.namelist():
                    if not m.endswith("/") and "__MACOSX" not in m:
                        self.members.setdefault(Path(m).name, m)
        elif self.path.exists():
            raise InputError(
                f"{self.path}: not a folder or a .zip archive; give the folder that holds "
                f"{', '.join(BRAINSPAN_FILES)} (unpack genes_matrix_csv.zip there)"
            )
        else:
            raise InputError(f"{self.path}: no such folder; check the path")

    def read(self, name: str) -> tuple[str, bytes]:
        """The content of ``name`` (or ``name.gz``), and the name to use in messages."""
        if self.zip:
            for cand in (name, name + ".gz"):
                if cand in self.members:
                    with zipfile.ZipFile(self.path) as zf:
                        raw = zf.read(self.members[cand])
                    label = f"{self.path}:{self.members[cand]}"
                    return label, _decompress(label, raw)
        else:
            for cand in (name, name + ".gz"):
                p = self.path / cand
                if p.is_file():
                    label, raw = _read_source(p)
                    return label, _decompress(label, raw)  # type: ignore[arg-type]
        present = sorted(self.members) if self.zip else sorted(
            p.name for p in self.path.iterdir() if p.is_file())
        raise InputError(
            f"{self.path}: {name} is missing (found: {_preview(present) or 'no files'}). A "
            f"BrainSpan genes_matrix_csv download holds {', '.join(BRAINSPAN_FILES)}; unpack "
            f"the whole archive into one folder"
        )


# --------------------------------------------------------------------------------------------
# the numbers of expression_matrix.csv
# --------------------------------------------------------------------------------------------
def _chunks(data: bytes) -> Iterable[tuple[int, int]]:
    """``(start, stop)`` of pieces of about ``_CHUNK`` bytes that end at a line end."""
    start = 0
    while start < len(data):
        stop = min(start + _CHUNK, len(data))
        if stop < len(data):
            cut = data.rfind(b"\n", start, stop)
            stop = cut + 1 if cut >= start else data.find(b"\n", stop) + 1
        yield start, stop
        start = stop


def _fast_numbers(chunk: bytes, width: int) -> np.ndarray | None:
    """The numbers of a piece of a plain numeric CSV, or None to use the exact path.

    Applies when every cell is a plain decimal of at most 19 characters (digits, an optional
    sign, an optional point; no exponent, no quotes, no missing values) and every line has
    ``width`` fields. The digits of such a cell form an integer below 2^64 and it has at most 18
    decimals, so both numbers R_strtod divides are exact in long double and its one rounding to
    long double equals the C library's correctly rounded ``strtold`` (what
    :func:`numpy.fromstring` calls for ``longdouble``); rounding that to double is R's result.
    A cell that does not parse completely makes numpy raise, and the caller falls back to the
    exact cell-by-cell path (which also reports the offending cell).
    """
    arr = np.frombuffer(chunk, dtype=np.uint8)
    if not _FAST_BYTES[arr].all():
        return None
    seps = np.flatnonzero((arr == 44) | (arr == 10))
    gaps = np.diff(seps, prepend=-1)
    if gaps.min() < 2 or gaps.max() > _MAX_FAST_TOKEN + 1:
        return None  # an empty cell, a blank line, or a long cell
    newlines = np.flatnonzero(arr == 10)
    fields = np.diff(np.searchsorted(seps, newlines, side="right"), prepend=0)
    if (fields != width).any():
        return None
    text = chunk.replace(b"\n", b",").decode("ascii")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # older numpy warns instead of raising
            values = np.fromstring(text, dtype=np.longdouble, sep=",")
    except (ValueError, DeprecationWarning):
        return None
    if values.size != seps.size:
        return None
    return values.astype(np.float64).reshape(-1, width)


def _exact_numbers(name: str, text: str, samples: Sequence[str], line0: int) -> np.ndarray:
    """Cell-by-cell conversion with R's rules (NA cells allowed); errors name line and field.

    ``line0`` is the file line number of the first line of ``text``.
    """
    records = [(ln + line0 - 1, f) for ln, f in _records(name, text, ",")]
    width = len(samples) + 1
    for ln, fields in records:
        if len(fields) != width:
            raise InputError(
                f"{name}: line {ln} has {len(fields)} fields; expected {width} (the row number "
                f"and one value for each of the {len(samples)} samples of "
                f"columns_metadata.csv). The files must come from the same download"
            )
    out = np.empty((len(records), width), dtype=np.float64)
    if not records:
        return out
    columns = list(zip(*(f for _, f in records), strict=True))
    for j in range(width):
        out[:, j], bad = _parse_column(columns[j])
        if bad.any():
            i = int(np.argmax(bad))
            what = "the row number" if j == 0 else f"sample {samples[j - 1]}"
            hint = ""
            if records[i][0] == 1:
                hint = " (BrainSpan's expression_matrix.csv has no header line: remove it)"
            raise InputError(
                f"{name}: line {records[i][0]}, field {j + 1} ({what}): "
                f"{columns[j][i].strip()[:40]!r} is not a number{hint}. Every value must be a "
                f"number; write missing values as NA or leave the cell empty"
            )
    return out


def _expression_values(name: str, raw: bytes, samples: Sequence[str]) -> np.ndarray:
    """The (genes x (1 + samples)) numbers of expression_matrix.csv, first column = row number.

    The file is converted in pieces of about 16 MB: each piece takes the fast path when it can
    (:func:`_fast_numbers`) and the exact path otherwise, so a few unusual cells (``NA``, an
    exponent) slow down only the pieces that hold them. Both paths give R's numbers.
    """
    data = raw[3:] if raw.startswith(b"\xef\xbb\xbf") else raw
    data = data.replace(b"\r", b"").rstrip(b"\n") + b"\n"
    width = len(samples) + 1
    parts = []
    line0 = 1
    for start, stop in _chunks(data):
        chunk = data[start:stop]
        values = _fast_numbers(chunk, width)
        if values is None:
            values = _exact_numbers(name, _text(name, chunk), samples, line0)
        parts.append(values)
        line0 += chunk.count(b"\n")
    out = np.concatenate(parts) if parts else np.empty((0, width))
    if out.shape[0] == 0:
        raise InputError(f"{name}: the file is empty; expected one line per gene: its row "
                         f"number, then one value per sample")
    return out


# --------------------------------------------------------------------------------------------
# read_brainspan
# --------------------------------------------------------------------------------------------
def _sample_table(folder: _Folder) -> pd.DataFrame:
    name, raw = folder.read("columns_metadata.csv")
    table = _table(name, _text(name, raw), ",", "one line per sample")
    _require(table, ("column_num",), "this is not BrainSpan's columns_metadata.csv")
    if not table.records:
        raise InputError(f"{name}: no sample lines after the header")
    nums = _int_column(table, "column_num", "column_num numbers the samples 1, 2, ...")
    dup = _duplicated_with_lines([str(v) for v in nums], table.lines)
    if dup:
        raise InputError(f"{name}: column_num is repeated: {_preview(dup, quote=False)}; every "
                         f"sample needs its own number")
    if nums.min() < 1:
        raise InputError(f"{name}: column_num must be positive, found {int(nums.min())}")
    width = len(str(int(nums.max())))
    ids = [f"S{v:0{width}d}" for v in nums]
    frame = pd.DataFrame({f: _typed(table.column(f)) for f in table.header})
    frame.index = pd.Index(ids, name="sample")
    return frame


def _gene_table(folder: _Folder, index: str) -> tuple[_Table, pd.DataFrame]:
    name, raw = folder.read("rows_metadata.csv")
    table = _table(name, _text(name, raw), ",", "one line per gene")
    _require(table, ("row_num", index), "this is not BrainSpan's rows_metadata.csv")
    if not table.records:
        raise InputError(f"{name}: no gene lines after the header")
    frame = pd.DataFrame({f: _typed(table.column(f)) for f in table.header})
    return table, frame


def _gene_index(table: _Table, index: str) -> list[str]:
    ids = table.column(index)
    lines = table.lines
    empty = [k for k, v in enumerate(ids) if v in NA_STRINGS]
    if empty:
        fallback = None
        if index == "gene_symbol" and "ensembl_gene_id" in table.header:
            fallback = "ensembl_gene_id"
        alt = table.column(fallback) if fallback else []
        nums = table.column("row_num")
        for k in empty:
            ids[k] = alt[k] if alt and alt[k] not in NA_STRINGS else f"row_{nums[k]}"
        warnings.warn(
            f"{table.name}: {len(empty)} gene(s) have no {index} (line(s) "
            f"{_preview([lines[k] for k in empty], quote=False)}); they are named by their "
            f"{fallback or 'row number'} instead",
            UserWarning,
            stacklevel=3,
        )
    dup = _duplicated_with_lines(ids, lines)
    if dup:
        unique = make_unique(ids)
        warnings.warn(
            f"{table.name}: {len(dup)} {index} value(s) occur more than once and were made "
            f"unique as R's make.unique() does (the second becomes NAME.1, the third NAME.2): "
            f"{_preview(dup, quote=False)}. To name the genes by their Ensembl ids instead "
            f"pass index='ensembl_gene_id' (command line: --gene-index ensembl_gene_id)",
            UserWarning,
            stacklevel=3,
        )
        return unique
    return ids


def read_brainspan(
    folder: str | os.PathLike[str],
    *,
    index: Literal["gene_symbol", "ensembl_gene_id"] = "gene_symbol",
    return_genes: bool = False,
) -> tuple[pd.DataFrame, pd.DataFrame] | tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Read BrainSpan's "RNA-Seq ... summarized to genes" download (``genes_matrix_csv``).

    Parameters
    ----------
    folder : str or os.PathLike
        The unpacked download: a folder holding ``expression_matrix.csv`` (no header; one line
        per gene: its row number, then one value per sample), ``rows_metadata.csv`` (``row_num,
        gene_id, ensembl_gene_id, gene_symbol, entrez_id``) and ``columns_metadata.csv``
        (``column_num, donor_id, donor_name, age, gender, structure_id, structure_acronym,
        structure_name``). The downloaded ``.zip`` archive itself is accepted too, and each
        file may be gzip-compressed (``expression_matrix.csv.gz``).
    index : {"gene_symbol", "ensembl_gene_id"}, default "gene_symbol"
        The rows_metadata column that names the genes.
    return_genes : bool, default False
        Also return the gene table (rows_metadata, indexed like the matrix).

    Returns
    -------
    expr : pandas.DataFrame
        Genes x samples, float64 (RPKM in the real download). Index: gene symbols, made unique
        as R's ``make.unique`` does (``"GENE"``, ``"GENE.1"``, ...); columns: sample ids
        ``"S" + column_num`` zero-padded to the width of the largest number (``S001`` ..
        ``S524`` for the full download), in file order.
    samples : pandas.DataFrame
        columns_metadata, one row per sample, indexed by the sample ids (index name
        ``"sample"``); whole-number columns are int64, others text.
    genes : pandas.DataFrame
        Only with ``return_genes=True``: rows_metadata indexed like ``expr``.

    Raises
    ------
    InputError
        A missing file or column, a line with the wrong number of fields, a value that is not a
        number, or files that do not belong together (the number of value columns differs from
        the number of samples in columns_metadata.csv, or the row numbers of
        expression_matrix.csv differ from rows_metadata.csv's row_num). Messages name the file,
        the line and the fix.

    Warns
    -----
    UserWarning
        When gene symbols are duplicated (the message lists them and their lines) or empty
        (such genes are named by their Ensembl id).

    Notes
    -----
    Numbers are converted as R's ``read.csv`` converts them, bit for bit. The matrix is read in
    pieces of about 16 MB; a piece whose cells are all plain decimals (the real download is
    all plain decimals) takes a fast vectorised path, any other piece (missing values,
    exponents, very long numbers, a bad cell) a cell-by-cell path that gives the same numbers
    more slowly and reports the first bad cell. A 52,376 x 524 matrix of plain decimals (the
    size of the real download, 250 MB) reads in about 6 s with about 1.2 GB of peak memory;
    ``prepare.read_matrix``'s cell-by-cell conversion alone would take about 25 s.

    R equivalent::

        expr <- as.matrix(read.csv("expression_matrix.csv", header = FALSE, row.names = 1))
        rows <- read.csv("rows_metadata.csv")
        cols <- read.csv("columns_metadata.csv")
        rownames(expr) <- make.unique(rows$gene_symbol)
        colnames(expr) <- sprintf("S%0*d", nchar(max(cols$column_num)), cols$column_num)
    """
    if index not in ("gene_symbol", "ensembl_gene_id"):
        raise InputError(f"index must be 'gene_symbol' or 'ensembl_gene_id', got {index!r}")
    src = _Folder(folder)
    samples = _sample_table(src)
    table, genes = _gene_table(src, index)
    name, raw = src.read("expression_matrix.csv")
    values = _expression_values(name, raw, list(samples.index))
    row_nums = _int_column(table, "row_num", "row_num numbers the genes 1, 2, ...")
    if values.shape[0] != row_nums.size:
        raise InputError(
            f"{name} has {values.shape[0]} gene lines but {table.name} lists {row_nums.size} "
            f"genes; the files must come from the same download (do not filter one of them)"
        )
    first = values[:, 0]
    differ = np.flatnonzero(first != row_nums)
    if differ.size:
        k = int(differ[0])
        raise InputError(
            f"{name}: gene line {k + 1} starts with row number {first[k]:g}, but line "
            f"{table.lines[k]} of {table.name} has row_num {row_nums[k]}; both files must list "
            f"the genes in the same order (use the files of one download together, or sort "
            f"both by row number)"
        )
    ids = _gene_index(table, index)
    expr = pd.DataFrame(
        np.ascontiguousarray(values[:, 1:]),
        index=pd.Index(ids, name=index),
        columns=pd.Index(list(samples.index)),
    )
    if return_genes:
        genes.index = expr.index
        return expr, samples, genes
    return expr, samples


