"""GCT files (GTEx's and GenePattern's genes x samples format): read_gct.

A GCT 1.2 file is tab-separated: the line ``#1.2``, a line with the number of rows and sample
columns, a header ``Name<TAB>Description<TAB>sample...``, then one line per gene. GTEx ships its
expression tables this way, gzipped (``*.gct.gz``).
"""

from __future__ import annotations

import os
from typing import Any

import numpy as np
import pandas as pd

from pyr_heatmap.errors import InputError

__all__ = ["read_gct"]

_INDEX = ("Name", "Description")


def gct_header(stream: Any, first: str, index: str | None) -> tuple[int, tuple[int, ...],
                                                                      list[str], int]:
    """Parse the three header lines; return (id column, skipped columns, header, rows)."""
    name = stream.name
    version = first.split("\t")[0].strip()
    if version != "#1.2":
        raise InputError(f"{name}: GCT version {version[1:]!r} is not supported; only GCT 1.2 "
                         f"(the '#1.2' files GTEx ships) is read")
    dims = stream._readline()
    parts = [p for p in (dims or "").split("\t") if p.strip()]
    try:
        nrows, ncols = (int(p) for p in parts[:2])
    except ValueError:
        nrows = ncols = -1
    if len(parts) < 2 or nrows < 0 or ncols < 0:
        raise InputError(f"{name}: line {stream.line} should give the numbers of rows and "
                         f"sample columns of the GCT file, got {dims!r}")
    line = stream._readline()
    header = [h.strip() for h in (line or "").split("\t")]
    if len(header) < 2 or [h.lower() for h in header[:2]] != ["name", "description"]:
        raise InputError(f"{name}: line {stream.line} should be the GCT header 'Name<TAB>"
                         f"Description<TAB>samples...', got {(line or '')[:60]!r}")
    while len(header) > 2 and header[-1] == "" and len(header) - 2 > ncols:
        header.pop()  # trailing tabs
    if len(header) - 2 != ncols:
        raise InputError(f"{name}: the GCT header lists {len(header) - 2} samples but line 2 "
                         f"announces {ncols}")
    which = "Name" if index is None else index
    if which not in _INDEX:
        raise InputError(f"read_gct: index must be 'Name' or 'Description', got {index!r}")
    id_col = _INDEX.index(which)
    return id_col, (1 - id_col,), header, nrows


def read_gct(path: str | os.PathLike[str], *, index: str = "Name") -> pd.DataFrame:
    """Read a GCT 1.2 file (gzip or xz compressed or not) into a genes x samples DataFrame.

    Parameters
    ----------
    path : str or os.PathLike
        The ``.gct`` or ``.gct.gz`` file.
    index : {"Name", "Description"}, default "Name"
        The column that labels the rows (GTEx: ``Name`` holds Ensembl ids, ``Description`` gene
        symbols, which repeat; repeated ids are an error). The other one is dropped.

    Returns
    -------
    pandas.DataFrame
        float64 values, index = the ``index`` column, columns = sample ids.

    Raises
    ------
    InputError
        A header that is not GCT 1.2, a row count or sample count that differs from what line 2
        announces, a line with the wrong number of fields, repeated or empty row ids, a cell
        that is not a number (file, sample, gene and line named).

    Notes
    -----
    Numbers are converted as R's ``read.delim`` converts them (R_strtod). For a file too big for
    memory, aggregate it while reading: ``aggregate(path, samples=sheet, by="SMTSD")``.

    R equivalent: ``m <- read.delim(path, skip = 2, check.names = FALSE); rownames(m) <-
    m$Name; as.matrix(m[, -(1:2)])``.
    """
    from pyr_heatmap.prepare.stream import TableStream

    stream = TableStream(path, index=index)
    try:
        ids: list[str] = []
        blocks: list[np.ndarray] = []
        for block_ids, values in stream.blocks():
            ids += block_ids
            blocks.append(values)
    finally:
        stream.close()
    values = np.vstack(blocks) if blocks else np.empty((0, len(stream.samples)))
    return pd.DataFrame(values, index=pd.Index(ids, name=stream.index_name),
                        columns=pd.Index(stream.samples))
