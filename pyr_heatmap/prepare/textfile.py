"""Text tables as R reads them: open, decompress, decode, guess the separator, split records."""

from __future__ import annotations

import bz2
import codecs
import csv
import gzip
import io
import lzma
import os
import zipfile
import zlib
from pathlib import Path
from typing import Any

from pyr_heatmap.errors import InputError


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
