"""Small CSV tables with line numbers, so reader errors can name the file, line and field."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from pyr_heatmap.errors import InputError
from pyr_heatmap.prepare._common import _preview
from pyr_heatmap.prepare.numbers import NA_STRINGS, _parse_column
from pyr_heatmap.prepare.textfile import _decode, _decompress, _records

_INT = re.compile(r"[+-]?[0-9]+")


@dataclass
class _Table:
    """A small CSV/TSV table: header, records with their line numbers, the file name."""

    name: str
    header: list[str]
    records: list[tuple[int, list[str]]]
    header_line: int

    def column(self, field: str) -> list[str]:
        j = self.header.index(field)
        return [fields[j].strip() for _, fields in self.records]

    @property
    def lines(self) -> list[int]:
        return [ln for ln, _ in self.records]


def _text(name: str, raw: bytes | str) -> str:
    if isinstance(raw, bytes):
        return _decode(name, _decompress(name, raw), "utf-8")
    return raw[1:] if raw.startswith("\ufeff") else raw


def _table(name: str, text: str, sep: str, what: str) -> _Table:
    records = _records(name, text, sep)
    if not records:
        raise InputError(f"{name}: the file is empty; expected a header line and {what}")
    hline, header = records[0]
    header = [h.strip() for h in header]
    data = records[1:]
    for ln, fields in data:
        if len(fields) != len(header):
            raise InputError(
                f"{name}: line {ln} has {len(fields)} fields but the header (line {hline}) has "
                f"{len(header)}; look for a missing or extra {sep!r} or an unquoted {sep!r} "
                f"inside a value (quote such values with \")"
            )
    dup = sorted({h for h in header if header.count(h) > 1})
    if dup:
        raise InputError(f"{name}: the header (line {hline}) names column(s) {_preview(dup)} "
                         f"more than once; give every column its own name")
    return _Table(name, header, data, hline)


def _require(table: _Table, fields: Sequence[str], fix: str) -> None:
    missing = [f for f in fields if f not in table.header]
    if missing:
        raise InputError(
            f"{table.name}: the header (line {table.header_line}) lacks column(s) "
            f"{_preview(missing)} (it has {_preview(table.header, 10)}); {fix}"
        )


def _typed(cells: Sequence[str]) -> pd.Series:
    """A table column with R's type.convert logic: integers, numbers, else text.

    ``NA`` and empty cells are missing. Whole numbers without missing values become int64;
    numbers (converted as R converts them) float64; anything else text.
    """
    vals = [c.strip() for c in cells]
    present = [v for v in vals if v not in NA_STRINGS]
    if present and len(present) == len(vals) and all(_INT.fullmatch(v) for v in vals):
        ints = [int(v) for v in vals]
        if all(-(2**63) <= v < 2**63 for v in ints):
            return pd.Series(ints, dtype=np.int64)
    if present:
        num, bad = _parse_column(vals)
        if not bad.any():
            return pd.Series(num, dtype=np.float64)
    return pd.Series([None if v in NA_STRINGS else v for v in vals], dtype=object)


def _int_column(table: _Table, field: str, what: str) -> np.ndarray:
    cells = table.column(field)
    out = np.empty(len(cells), dtype=np.int64)
    for k, (ln, cell) in enumerate(zip(table.lines, cells, strict=True)):
        if not _INT.fullmatch(cell):
            raise InputError(
                f"{table.name}: line {ln}: {field} is {cell!r}, not a whole number; {what}"
            )
        out[k] = int(cell)
    return out


def _duplicated_with_lines(values: Sequence[str], lines: Sequence[int]) -> list[str]:
    where: dict[str, list[int]] = {}
    for v, ln in zip(values, lines, strict=True):
        where.setdefault(v, []).append(ln)
    return [f"{v!r} (lines {', '.join(map(str, ls))})" for v, ls in where.items() if len(ls) > 1]
