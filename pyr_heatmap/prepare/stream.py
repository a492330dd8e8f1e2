"""Aggregate a genes x samples file too big for memory: read it in blocks of rows.

A CSV, TSV or GCT file (gzip or xz compressed or not) is read one block of rows at a time; each
block is aggregated with the in-memory :func:`~pyr_heatmap.prepare.aggregate` (rows are
independent, so the result is the same bits as aggregating the whole table) and only the genes x
groups results are kept. Numbers are converted as R's ``read.table`` converts them
(:mod:`pyr_heatmap.prepare.numbers`).
"""

from __future__ import annotations

import csv
import gzip
import io
import lzma
import os
from collections.abc import Callable, Hashable, Iterator, Sequence
from pathlib import Path
from typing import Any, BinaryIO

import numpy as np
import pandas as pd

from pyr_heatmap.errors import InputError
from pyr_heatmap.prepare._common import _preview
from pyr_heatmap.prepare.genes import _gene_names, select_genes
from pyr_heatmap.prepare.numbers import _looks_numeric, _parse_column

__all__ = ["aggregate_file", "read_sample_sheet"]

_BLOCK_CELLS = 2**20  # values parsed at a time (the text of a block is a few tens of MB)


# --------------------------------------------------------------------------------------------
# the sample sheet
# --------------------------------------------------------------------------------------------
def read_sample_sheet(path: str | os.PathLike[str], sample_col: str | None = None
                      ) -> pd.DataFrame:
    """A sample sheet (CSV/TSV, one line per sample) indexed by the sample ids."""
    from pyr_heatmap.prepare.sheets import _read_sheet
    from pyr_heatmap.prepare.tables import _duplicated_with_lines, _typed

    table, col = _read_sheet(path, sample_col)
    ids = table.column(col)
    dup = _duplicated_with_lines(ids, table.lines)
    if dup:
        raise InputError(f"{table.name}: sample id(s) listed more than once in column {col!r}: "
                         f"{_preview(dup, quote=False)}; each sample needs exactly one line")
    frame = pd.DataFrame({f: _typed(table.column(f)) for f in table.header if f != col})
    frame.index = pd.Index(ids, name=col)
    return frame


# --------------------------------------------------------------------------------------------
# reading a table in blocks of rows
# --------------------------------------------------------------------------------------------
def _open(path: Path) -> tuple[BinaryIO, io.TextIOBase]:
    """The raw file (for progress) and a text stream over its (decompressed) content."""
    try:
        raw = open(path, "rb")
    except FileNotFoundError as exc:
        raise InputError(f"{path}: no such file; check the path") from exc
    except OSError as exc:
        raise InputError(f"{path}: cannot be read ({exc.strerror or exc})") from exc
    magic = raw.read(6)
    raw.seek(0)
    if magic[:2] == b"\x1f\x8b":
        binary: Any = gzip.GzipFile(fileobj=raw)
    elif magic == b"\xfd7zXZ\x00":
        binary = lzma.LZMAFile(raw)
    else:
        binary = raw
    return raw, io.TextIOWrapper(binary, encoding="utf-8-sig", newline="")


class TableStream:
    """A genes x samples text table (CSV, TSV, GCT) read in blocks of rows.

    After construction ``samples`` holds the sample names and ``index_name`` the name of the id
    column; :meth:`blocks` yields ``(ids, values)`` per block.
    """

    def __init__(self, path: str | os.PathLike[str], index: str | None = None) -> None:
        self.path = Path(path)
        self.name = str(self.path)
        self.raw, self.text = _open(self.path)
        self.total = os.fstat(self.raw.fileno()).st_size
        self.line = 0
        try:
            self._header(index)
        except BaseException:
            self.close()
            raise

    def _readline(self) -> str | None:
        try:
            while True:
                s = self.text.readline()
                if not s:
                    return None
                self.line += 1
                s = s.rstrip("\r\n")
                if s.strip():
                    return s
        except (OSError, EOFError, lzma.LZMAError) as exc:
            raise InputError(f"{self.name}: the compressed file is damaged or truncated ({exc})"
                             f"; download or compress it again") from exc
        except UnicodeDecodeError as exc:
            raise InputError(f"{self.name}: line {self.line + 1} is not UTF-8 text ({exc}); "
                             f"save the file as UTF-8") from exc

    def _header(self, index: str | None) -> None:
        from pyr_heatmap.prepare.gct import gct_header

        first = self._readline()
        if first is None:
            raise InputError(f"{self.name}: the file is empty; expected a header line of "
                             f"sample names followed by one line per gene")
        if first.startswith("#1."):
            self.sep = "\t"
            self.id_col, self.skip, header, self.nrows = gct_header(self, first, index)
        else:
            if index is not None:
                raise InputError(f"{self.name}: not a GCT file (the first line is not '#1.2'); "
                                 f"read CSV/TSV tables with read_matrix")
            self.sep = next((s for s in ("\t", ",", ";") if s in first), None)
            if self.sep is None:
                raise InputError(f"{self.name}: cannot detect the delimiter: the first line has "
                                 f"no tab, comma or semicolon ({first[:60]!r})")
            header = [h.strip() for h in self._split(first)]
            self.id_col, self.skip, self.nrows = 0, (), None
            self._pending = self._readline()
            if self._pending is not None and \
                    len(self._split(self._pending)) == len(header) + 1:
                header = ["", *header]  # R's write.table: no field above the row names
        self.header_line = self.line
        self.width = len(header)
        keep = [j for j in range(self.width) if j != self.id_col and j not in self.skip]
        self.keep = keep
        self.samples = [header[j] for j in keep]
        self.index_name = header[self.id_col] or None
        if not self.samples:
            raise InputError(f"{self.name}: no sample columns (sep={self.sep!r})")
        if all(_looks_numeric(s) for s in self.samples):
            raise InputError(f"{self.name}: the first line looks like data "
                             f"({_preview(self.samples, 3)}), not a header of sample names")
        dup = sorted({s for s in self.samples if self.samples.count(s) > 1})
        if dup:
            raise InputError(f"{self.name}: duplicated sample names in the header: "
                             f"{_preview(dup)}; sample names must be unique")

    def _split(self, line: str) -> list[str]:
        return next(csv.reader([line], delimiter=self.sep, quotechar='"'))

    def _rows(self) -> Iterator[tuple[int, list[str]]]:
        pending = getattr(self, "_pending", None)
        if pending is not None:
            yield self.line, self._split(pending)
        start = self.line
        reader = csv.reader(self.text, delimiter=self.sep, quotechar='"')
        try:
            for fields in reader:
                if "".join(fields).strip():  # skip blank lines
                    yield start + reader.line_num, fields
        except csv.Error as exc:
            raise InputError(f"{self.name}: line {start + reader.line_num}: malformed quoting "
                             f"({exc})") from exc
        except (OSError, EOFError, lzma.LZMAError) as exc:
            raise InputError(f"{self.name}: the compressed file is damaged or truncated ({exc})"
                             f"; download or compress it again") from exc
        except UnicodeDecodeError as exc:
            raise InputError(f"{self.name}: not UTF-8 text after line {start + reader.line_num}"
                             f" ({exc}); save the file as UTF-8") from exc

    def blocks(self, rows: int | None = None, wanted: set[str] | None = None
               ) -> Iterator[tuple[list[str], np.ndarray]]:
        """``(gene ids, values)`` for every block of ``rows`` lines (only ``wanted`` ids)."""
        rows = rows or max(1, _BLOCK_CELLS // max(1, len(self.keep)))
        seen: dict[str, int] = {}
        ids: list[str] = []
        lines: list[int] = []
        cells: list[list[str]] = []
        for line, fields in self._rows():
            if len(fields) != self.width:
                raise InputError(
                    f"{self.name}: line {line} has {len(fields)} fields but the header (line "
                    f"{self.header_line}) has {self.width}; look for a missing or extra "
                    f"{self.sep!r}")
            gid = fields[self.id_col].strip()
            if not gid:
                raise InputError(f"{self.name}: empty gene id on line {line}")
            if gid in seen:
                raise InputError(
                    f"{self.name}: gene id {gid!r} occurs more than once (lines {seen[gid]} and "
                    f"{line}); make the ids unique or combine the duplicated rows first")
            seen[gid] = line
            if wanted is not None and gid not in wanted:
                continue
            ids.append(gid)
            lines.append(line)
            cells.append(fields)
            if len(ids) == rows:
                yield ids, self._parse(ids, lines, cells)
                ids, lines, cells = [], [], []
        if ids:
            yield ids, self._parse(ids, lines, cells)
        if self.nrows is not None and len(seen) != self.nrows:
            raise InputError(f"{self.name}: the GCT header announces {self.nrows} rows but the "
                             f"file has {len(seen)}; the file may be truncated")

    def _parse(self, ids: list[str], lines: list[int], cells: list[list[str]]) -> np.ndarray:
        k = len(self.keep)
        flat = [f[j] for f in cells for j in self.keep]
        values, bad = _parse_column(flat)
        if bad.any():
            at = int(np.argmax(bad))
            i, j = divmod(at, k)
            raise InputError(
                f"{self.name}: non-numeric value {flat[at].strip()[:60]!r} in sample column "
                f"{self.samples[j]!r}, gene {ids[i]!r} (line {lines[i]}); every value must be a "
                f"number (missing values: NA, NaN or empty)")
        return values.reshape(len(ids), k)

    def position(self) -> int:
        return self.raw.tell()

    def close(self) -> None:
        self.text.close()
        self.raw.close()


# --------------------------------------------------------------------------------------------
# aggregate a file
# --------------------------------------------------------------------------------------------
def aggregate_file(
    path: str | os.PathLike[str],
    groups: Any,
    how: str,
    order: Sequence[Hashable] | None,
    na_rm: bool,
    genes: Sequence[str] | str | os.PathLike[str] | None,
    chunk_size: int | None,
    progress: Callable[[int, int], None] | None,
) -> pd.DataFrame:
    """The file branch of :func:`pyr_heatmap.aggregate` (arguments checked there)."""
    from pyr_heatmap.prepare.aggregate import _group_labels, _group_levels, aggregate

    stream = TableStream(path)
    try:
        columns = pd.Index(stream.samples)
        labels, axis_name = _group_labels(groups, columns)
        levels = _group_levels(labels, columns, order)
        wanted = None if genes is None else set(_gene_names(genes))
        parts: list[pd.DataFrame] = []
        for ids, values in stream.blocks(chunk_size, wanted):
            block = pd.DataFrame(values, index=ids, columns=columns)
            parts.append(aggregate(block, labels, how=how, order=levels, na_rm=na_rm))
            if progress is not None:
                progress(stream.position(), stream.total)
    finally:
        stream.close()
    if parts:
        out = pd.concat(parts)
    else:
        out = pd.DataFrame(np.empty((0, len(levels))), columns=pd.Index(levels))
    out.index.name = stream.index_name
    out.columns = pd.Index(levels, name=axis_name)
    if genes is not None:
        out = select_genes(out, genes)
    return out
