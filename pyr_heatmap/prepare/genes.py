"""Gene names: R's make.unique, gene lists from files, and selecting genes from a matrix."""

from __future__ import annotations

import os
import re
import warnings
from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from pyr_heatmap.errors import InputError
from pyr_heatmap.prepare._common import _preview
from pyr_heatmap.prepare.tables import _text
from pyr_heatmap.prepare.textfile import _read_source

__all__ = ["make_unique", "read_gene_list", "select_genes"]


# --------------------------------------------------------------------------------------------
# make.unique
# --------------------------------------------------------------------------------------------
def make_unique(names: Iterable[str], sep: str = ".") -> list[str]:
    """R's ``make.unique(names, sep)``: make duplicated names unique by appending numbers.

    The first occurrence of a name is kept; later ones get ``sep`` and the smallest number from
    1 up that gives a name not in use (among all the original names and the new ones), so
    ``["A", "A", "A.1"]`` becomes ``["A", "A.2", "A.1"]``, as in R.

    Parameters
    ----------
    names : iterable of str
    sep : str, default "."

    Returns
    -------
    list of str

    Notes
    -----
    R equivalent: ``make.unique(names, sep)``.
    """
    if not isinstance(sep, str):
        raise InputError(f"make_unique: sep must be a string, got {sep!r}")
    src = [str(v) for v in names]
    n = len(src)
    used = set(src)
    seen: set[str] = set()
    next_cnt: dict[str, int] = {}
    out = list(src)
    for i, s in enumerate(src):
        if s not in seen:
            seen.add(s)
            continue
        cnt = next_cnt.get(s, 1)
        cand = f"{s}{sep}{cnt}"
        while cnt < n:
            cand = f"{s}{sep}{cnt}"
            if cand not in used:
                break
            cnt += 1
        out[i] = cand
        used.add(cand)
        next_cnt[s] = cnt + 1
    return out


# --------------------------------------------------------------------------------------------
# gene lists
# --------------------------------------------------------------------------------------------
def read_gene_list(path: str | os.PathLike[str]) -> list[str]:
    """Gene names from a text file: one per line; ``#`` starts a comment; blank lines skipped.

    Parameters
    ----------
    path : str or os.PathLike
        A text file (gzip content is recognised). Leading and trailing blanks are removed; a
        line may also hold several names separated by commas, tabs or spaces.

    Returns
    -------
    list of str
        The names in file order (duplicates kept; :func:`select_genes` reports them).

    Raises
    ------
    InputError
        A missing or unreadable file, or a file without any name.

    Notes
    -----
    R equivalent: ``genes <- trimws(sub("#.*", "", readLines(path))); genes[genes != ""]``.
    """
    name, raw = _read_source(path)
    text = _text(name, raw)
    out: list[str] = []
    for line in text.splitlines():
        body = line.split("#", 1)[0]
        out.extend(t for t in re.split(r"[,\s]+", body) if t)
    if not out:
        raise InputError(f"{name}: no gene names in the file (one per line; '#' starts a "
                         f"comment)")
    return out


def _gene_names(genes: object) -> list[str]:
    if isinstance(genes, (str, os.PathLike)):
        path = Path(genes)
        if not path.is_file():
            raise InputError(
                f"{str(genes)!r} is not a gene list file (no such file). Pass several genes as "
                f"a list, e.g. ['{genes}'], or the path of a file with one gene per line"
            )
        return read_gene_list(path)
    if isinstance(genes, (pd.Series, pd.Index, np.ndarray)):
        genes = list(genes)
    if not isinstance(genes, Iterable):
        raise InputError(f"genes must be a list of gene names or a file path, got "
                         f"{type(genes).__name__}")
    out = [str(g).strip() for g in genes]
    if not out:
        raise InputError("the gene list is empty")
    return out


def select_genes(
    expr: pd.DataFrame,
    genes: Sequence[str] | str | os.PathLike[str],
) -> pd.DataFrame:
    """The rows of ``expr`` for a list of genes, in the order of the list.

    Parameters
    ----------
    expr : pandas.DataFrame
        Genes x samples, indexed by gene name.
    genes : sequence of str, or a path
        The genes, or the path of a text file with one gene per line (``#`` comments; see
        :func:`read_gene_list`). A single string is always a file path; to select one gene pass
        ``["GENE"]``. Names must match the index exactly (case-sensitive).

    Returns
    -------
    pandas.DataFrame
        A copy with the rows of the genes found, in the order they are listed (a gene listed
        twice is taken once, at its first position). The order matters only when the rows are
        not clustered; clustering reorders them anyway.

    Raises
    ------
    InputError
        When none of the genes is in ``expr`` (the message shows a few names of the index so
        the naming scheme can be compared), or for an empty list.

    Warns
    -----
    UserWarning
        Listing the genes that are not in ``expr`` (with the right spelling when only the case
        differs) and genes listed more than once.

    Notes
    -----
    R equivalent: ``expr[intersect(genes, rownames(expr)), , drop = FALSE]``.
    """
    if not isinstance(expr, pd.DataFrame):
        raise InputError(f"select_genes needs a genes x samples DataFrame, got "
                         f"{type(expr).__name__}")
    wanted = _gene_names(genes)
    first = list(dict.fromkeys(wanted))
    if len(first) < len(wanted):
        repeated = sorted({g for g in wanted if wanted.count(g) > 1})
        warnings.warn(f"select_genes: gene(s) listed more than once, taken once: "
                      f"{_preview(repeated)}", UserWarning, stacklevel=2)
    index = [str(v) for v in expr.index]
    position = {}
    for k, g in enumerate(index):
        position.setdefault(g, k)
    found = [g for g in first if g in position]
    missing = [g for g in first if g not in position]
    if not found:
        raise InputError(
            f"select_genes: none of the {len(first)} genes is in the matrix (looked for "
            f"{_preview(first)}; the matrix has e.g. {_preview(index[:5])}); check that the list "
            f"uses the same kind of ids (symbols vs Ensembl ids) and spelling"
        )
    if missing:
        lower = {}
        for g in index:
            lower.setdefault(g.lower(), g)
        shown = [f"{g!r} (did you mean {lower[g.lower()]!r}?)" if g.lower() in lower else repr(g)
                 for g in missing]
        warnings.warn(
            f"select_genes: {len(missing)} of {len(first)} genes are not in the matrix and are "
            f"left out: {_preview(shown, quote=False)}",
            UserWarning,
            stacklevel=2,
        )
    return expr.iloc[[position[g] for g in found]].copy()
