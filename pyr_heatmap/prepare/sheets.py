"""An expression matrix plus a sample sheet: read_expression."""

from __future__ import annotations

import os
import warnings

import pandas as pd

from pyr_heatmap.errors import InputError
from pyr_heatmap.prepare._common import _preview
from pyr_heatmap.prepare.matrix import read_matrix
from pyr_heatmap.prepare.tables import _duplicated_with_lines, _Table, _table, _text, _typed
from pyr_heatmap.prepare.textfile import _read_source

__all__ = ["read_expression"]


# --------------------------------------------------------------------------------------------
# read_expression
# --------------------------------------------------------------------------------------------
def _sheet_sep(name: str, text: str) -> str:
    lower = name.lower().removesuffix(".gz")
    if lower.endswith((".tsv", ".tab", ".txt")):
        return "\t"
    if lower.endswith(".csv"):
        return ","
    first = next((ln for ln in text.splitlines() if ln.strip()), "")
    for sep in ("\t", ",", ";"):
        if sep in first:
            return sep
    return ","


def _read_sheet(path: str | os.PathLike[str], sample_col: str | None) -> tuple[_Table, str]:
    name, raw = _read_source(path)
    text = _text(name, raw)
    table = _table(name, text, _sheet_sep(name, text), "one line per sample")
    if not table.records:
        raise InputError(f"{name}: the sample sheet has a header but no sample lines")
    col = table.header[0] if sample_col is None else sample_col
    if col not in table.header:
        raise InputError(
            f"{name}: no column {col!r} in the sample sheet (columns: "
            f"{_preview(table.header, 10)}); pass sample_col= (--sample-col) with the column "
            f"that holds the sample ids"
        )
    return table, col


def read_expression(
    matrix_path: str | os.PathLike[str],
    sample_sheet: str | os.PathLike[str] | None = None,
    *,
    sample_col: str | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Read an expression matrix (CSV, TSV, gzip) and, optionally, its sample sheet.

    Parameters
    ----------
    matrix_path : str or os.PathLike
        Genes x samples: a header line of sample names, then one line per gene (gene id, then
        one value per sample); read with :func:`~pyr_heatmap.prepare.read_matrix` (delimiter
        detected, gzip/xz/bz2/zip recognised, numbers converted as R converts them).
    sample_sheet : str or os.PathLike, optional
        A CSV/TSV table with a header and one line per sample: the sample id and any other
        columns (group, donor, age...). Tab-separated for ``.tsv``/``.tab``/``.txt``,
        comma-separated for ``.csv``, otherwise detected from the first line.
    sample_col : str, optional
        The sheet column holding the sample ids (as in the matrix header); default: the first
        column.

    Returns
    -------
    expr : pandas.DataFrame
        Genes x samples, float64.
    samples : pandas.DataFrame
        The sheet's other columns, one row per matrix column, in the matrix's column order,
        indexed by the sample ids (index name = ``sample_col``). Whole-number columns are int64,
        numeric ones float64, the rest text (``NA`` and empty cells are missing). Without a
        sheet: an empty table indexed by the sample names.

    Raises
    ------
    InputError
        Problems of the matrix (see :func:`~pyr_heatmap.prepare.read_matrix`); a sheet line with
        the wrong number of fields; duplicated or empty sample ids; matrix samples missing from
        the sheet (all listed); an unknown ``sample_col``.

    Warns
    -----
    UserWarning
        When the sheet lists samples that are not in the matrix (they are left out).

    Notes
    -----
    R equivalent::

        expr    <- as.matrix(read.csv(matrix_path, row.names = 1, check.names = FALSE))
        sheet   <- read.csv(sample_sheet, check.names = FALSE)
        samples <- sheet[match(colnames(expr), sheet[[sample_col]]), ]
    """
    expr = read_matrix(matrix_path)
    expr.columns = pd.Index([str(c) for c in expr.columns])
    if sample_sheet is None:
        if sample_col is not None:
            raise InputError("sample_col was given without a sample sheet")
        return expr, pd.DataFrame(index=pd.Index(list(expr.columns), name="sample"))
    table, col = _read_sheet(sample_sheet, sample_col)
    ids = table.column(col)
    empty = [ln for ln, v in zip(table.lines, ids, strict=True) if not v]
    if empty:
        raise InputError(f"{table.name}: empty sample id in column {col!r} on line(s) "
                         f"{_preview(empty, quote=False)}; give every line a sample id")
    columns = list(expr.columns)
    known = set(ids)
    missing = [c for c in columns if c not in known]
    if missing:
        hint = ""
        for other in table.header:
            if other != col and set(columns) <= set(table.column(other)):
                hint = f" Column {other!r} holds all of them: pass sample_col={other!r}."
                break
        raise InputError(
            f"{table.name}: {len(missing)} of the {len(columns)} samples of the matrix are not in "
            f"the sheet's column {col!r}: {_preview(missing)}.{hint} Add a line for each, or "
            f"drop those columns from the matrix"
        )
    dup = _duplicated_with_lines(ids, table.lines)
    if dup:
        raise InputError(
            f"{table.name}: sample id(s) listed more than once in column {col!r}: "
            f"{_preview(dup, quote=False)}; each sample needs exactly one line"
        )
    in_matrix = set(columns)
    extra = [v for v in ids if v not in in_matrix]
    if extra:
        warnings.warn(
            f"{table.name}: {len(extra)} sample(s) of the sheet are not in the matrix and are "
            f"left out: {_preview(extra)}",
            UserWarning,
            stacklevel=2,
        )
    frame = pd.DataFrame({f: _typed(table.column(f)) for f in table.header if f != col})
    frame.index = pd.Index(ids, name=col)
    return expr, frame.loc[columns]
