"""Aggregate an AnnData (cells x genes) per group of cells: in memory, backed, or an .h5ad path.

The matrix is read in chunks (of cells for dense and CSR matrices, of genes for CSC) and never
densified as a whole; only the genes x groups sums are kept. Means and sums are R's ``rowMeans`` /
``rowSums`` of the dense genes x cells matrix of each group, to the last bit
(:mod:`pyr_heatmap.prepare._groupsum`). anndata and h5py are optional
(``pip install "pyr_heatmap[anndata]"``) and imported only here, inside functions.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Hashable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from pyr_heatmap.errors import InputError
from pyr_heatmap.prepare._common import _preview, is_anndata
from pyr_heatmap.prepare._groupsum import GroupSums
from pyr_heatmap.prepare.genes import select_genes

Progress = Callable[[int, int], None]

_INSTALL = 'pip install "pyr_heatmap[anndata]"'
_DENSE_CHUNK = 2**23  # values per dense chunk (64 MB of doubles)
_SPARSE_CHUNK = 2**25  # cells x genes positions per sparse chunk (a few % of them stored)
_MEDIAN_BLOCK = 2**25  # doubles of the cells x genes block a median pass densifies (256 MB)


def _import(module: str) -> Any:
    try:
        return __import__(module, fromlist=["_"])
    except ImportError as exc:
        raise ImportError(f"reading AnnData needs the optional package {module.split('.')[0]}: "
                          f"{_INSTALL}") from exc


# --------------------------------------------------------------------------------------------
# the source: obs columns, gene names, the matrix
# --------------------------------------------------------------------------------------------
class _Source:
    """An AnnData object or an .h5ad file opened without loading its matrix."""

    def __init__(self, data: Any, layer: str | None) -> None:
        self.file: Any = None
        if isinstance(data, (str, os.PathLike)):
            self._open_path(Path(data), layer)
        elif is_anndata(data):
            self._from_anndata(data, layer)
        else:  # pragma: no cover - the caller dispatches only these two
            raise InputError(f"aggregate: cannot read {type(data).__name__} as AnnData")

    def _from_anndata(self, adata: Any, layer: str | None) -> None:
        self.where = "the AnnData"
        self.obs = adata.obs
        self.obs_columns = [str(c) for c in adata.obs.columns]
        self.var_names = pd.Index(adata.var_names)
        if layer is None:
            self.X = adata.X
        else:
            layers = list(adata.layers.keys())
            if layer not in layers:
                raise InputError(_unknown_layer(layer, layers, self.where))
            self.X = adata.layers[layer]
        if self.X is None:
            raise InputError("aggregate: the AnnData has no matrix X; give layer=NAME")

    def _open_path(self, path: Path, layer: str | None) -> None:
        h5py = _import("h5py")
        ad_io = _import("anndata.io")
        if not path.is_file():
            raise InputError(f"aggregate: no such file {str(path)!r}")
        self.where = f"{path.name}"
        try:
            self.file = h5py.File(path, "r")
        except OSError as exc:
            raise InputError(f"aggregate: {str(path)!r} is not an HDF5 (.h5ad) file: "
                             f"{exc}") from exc
        f = self.file
        if "obs" not in f or "var" not in f:
            self.close()
            raise InputError(f"aggregate: {str(path)!r} has no obs/var tables; is it an .h5ad "
                             f"file written by anndata?")
        self._ad_io = ad_io
        self.obs = None
        self.obs_columns = [k for k in f["obs"].keys()
                            if k not in (f["obs"].attrs.get("_index", "_index"), "__categories")]
        var = f["var"]
        self.var_names = pd.Index(ad_io.read_elem(var[var.attrs.get("_index", "_index")]))
        if layer is None:
            elem = f["X"] if "X" in f else None
        else:
            layers = list(f["layers"].keys()) if "layers" in f else []
            if layer not in layers:
                self.close()
                raise InputError(_unknown_layer(layer, layers, self.where))
            elem = f["layers"][layer]
        if elem is None:
            self.close()
            raise InputError(f"aggregate: {self.where} has no matrix X; give layer=NAME")
        if isinstance(elem, h5py.Group):
            self.X = ad_io.sparse_dataset(elem)
        else:
            self.X = elem

    def column(self, name: str) -> pd.Series:
        if name not in self.obs_columns:
            import difflib

            close = difflib.get_close_matches(name, self.obs_columns, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            raise InputError(
                f"aggregate: by={name!r} is not a column of obs in {self.where}{hint} "
                f"(obs columns: {_preview(self.obs_columns, 12) or 'none'})"
            )
        if self.obs is not None:
            return self.obs[name]
        return pd.Series(self._ad_io.read_elem(self.file["obs"][name]), name=name)

    def close(self) -> None:
        if self.file is not None:
            self.file.close()
            self.file = None


def _unknown_layer(layer: str, layers: list[str], where: str) -> str:
    import difflib

    close = difflib.get_close_matches(layer, layers, n=1)
    hint = f"; did you mean {close[0]!r}?" if close else ""
    have = _preview(layers, 10) if layers else "none"
    return (f"aggregate: layer={layer!r} is not a layer of {where}{hint} (layers: {have}); "
            f"use layer=None for the main matrix X")


def _kind(X: Any) -> str:
    fmt = getattr(X, "format", None)
    if fmt in ("csr", "csc"):  # scipy sparse matrices/arrays and anndata's backed datasets
        return str(fmt)
    if fmt is not None or hasattr(X, "tocsr"):
        raise InputError(f"aggregate: the {fmt} sparse format is not supported; convert it with "
                         f"X.tocsr()")
    return "dense"


# --------------------------------------------------------------------------------------------
# groups of cells
# --------------------------------------------------------------------------------------------
def _codes_of(col: pd.Series, name: str) -> tuple[np.ndarray, list[Hashable]]:
    if isinstance(col.dtype, pd.CategoricalDtype):
        codes = np.asarray(col.cat.codes, dtype=np.int64)
        present = np.unique(codes[codes >= 0])
        levels = [col.cat.categories[i] for i in present]  # category order, unused dropped
        remap = np.full(len(col.cat.categories), -1, dtype=np.int64)
        remap[present] = np.arange(present.size)
        codes = np.where(codes >= 0, remap[np.maximum(codes, 0)], -1)
    else:
        codes, uniques = pd.factorize(col, use_na_sentinel=True)
        codes = np.asarray(codes, dtype=np.int64)
        levels = list(uniques)
    if (codes < 0).any():
        raise InputError(
            f"aggregate: {int((codes < 0).sum())} cell(s) have no value in obs column {name!r}; "
            f"fill them (adata.obs[{name!r}] = adata.obs[{name!r}].cat.add_categories('NA')"
            f".fillna('NA')) or drop those cells (adata = adata[adata.obs[{name!r}].notna()])"
        )
    return codes, levels


def cell_groups(columns: list[pd.Series], names: list[str], order: Any
                ) -> tuple[np.ndarray, list[Hashable]]:
    """Group code per cell and the group labels (several columns: labels joined with ``_``)."""
    from pyr_heatmap.prepare.aggregate import _group_levels

    codes, levels = _codes_of(columns[0], names[0])
    for col, name in zip(columns[1:], names[1:], strict=True):
        c2, l2 = _codes_of(col, name)
        combo = codes * len(l2) + c2
        used, codes = np.unique(combo, return_inverse=True)
        levels = [f"{levels[u // len(l2)]}_{l2[u % len(l2)]}" for u in used]
        codes = codes.astype(np.int64)
    if order is not None:
        wanted = _group_levels(list(levels), pd.Index(range(len(levels))), order)
        where = {g: i for i, g in enumerate(wanted)}
        remap = np.array([where[g] for g in levels], dtype=np.int64)
        codes, levels = remap[codes], wanted
    return codes, levels


# --------------------------------------------------------------------------------------------
# reading in chunks
# --------------------------------------------------------------------------------------------
def _feed(sums: GroupSums, X: Any, chunk_size: int | None, progress: Progress | None) -> None:
    """Add the whole matrix to ``sums``, one chunk at a time."""
    kind = _kind(X)
    n_cells, n_genes = (int(d) for d in X.shape)
    if kind == "csc":
        step = chunk_size or max(1, _SPARSE_CHUNK // max(1, n_cells))
        total = n_genes
    else:
        per = _SPARSE_CHUNK if kind == "csr" else _DENSE_CHUNK
        step = chunk_size or max(1, per // max(1, n_genes))
        total = n_cells
    for start in range(0, total, step):
        stop = min(total, start + step)
        if kind == "csc":
            sums.add_csc(X[:, start:stop], start)
        elif kind == "csr":
            sums.add_csr(X[start:stop], start)
        else:
            block = np.asarray(X[start:stop])
            if block.dtype.kind not in "biuf":
                raise InputError(f"aggregate: the matrix must be numeric, got dtype "
                                 f"{block.dtype}")
            sums.add_dense(block, start)
        if progress is not None:
            progress(stop, total)


def _dense_columns(X: Any, cols: np.ndarray, chunk_size: int | None) -> np.ndarray:
    """cells x len(cols) doubles (the columns of a block of genes, all cells)."""
    kind = _kind(X)
    n_cells = int(X.shape[0])
    if kind == "csc":
        lo, hi = int(cols.min()), int(cols.max()) + 1
        return np.asarray(X[:, lo:hi][:, cols - lo].toarray(), dtype=np.float64)
    out = np.empty((n_cells, cols.size), dtype=np.float64)
    per = _SPARSE_CHUNK if kind == "csr" else _DENSE_CHUNK
    step = chunk_size or max(1, per // max(1, int(X.shape[1])))
    for start in range(0, n_cells, step):
        stop = min(n_cells, start + step)
        block = X[start:stop]
        block = block[:, cols].toarray() if kind == "csr" else np.asarray(block)[:, cols]
        out[start:stop] = block
    return out


def _medians(X: Any, codes: np.ndarray, n_groups: int, genes: np.ndarray, na_rm: bool,
             chunk_size: int | None, progress: Progress | None) -> np.ndarray:
    """R's per-group ``apply(m, 1, median)`` for the columns ``genes``, a block at a time."""
    from pyr_heatmap.prepare.aggregate import _row_median

    n_cells = int(X.shape[0])
    out = np.empty((genes.size, n_groups), dtype=np.float64)
    members = [np.flatnonzero(codes == k) for k in range(n_groups)]
    width = max(1, _MEDIAN_BLOCK // max(1, n_cells))
    for a in range(0, genes.size, width):
        cols = genes[a:a + width]
        block = _dense_columns(X, cols, chunk_size)
        for k, idx in enumerate(members):
            out[a:a + cols.size, k] = _row_median(block[idx].T, na_rm)
        if progress is not None:
            progress(min(genes.size, a + width), genes.size)
    return out


# --------------------------------------------------------------------------------------------
# aggregate
# --------------------------------------------------------------------------------------------
def aggregate_anndata(
    data: Any,
    by: str | Sequence[str],
    how: str,
    order: Any,
    na_rm: bool,
    layer: str | None,
    genes: Sequence[str] | str | os.PathLike[str] | None,
    min_cells: int,
    chunk_size: int | None,
    progress: Progress | None,
) -> pd.DataFrame:
    """The AnnData branch of :func:`pyr_heatmap.aggregate` (arguments checked there)."""
    names = [by] if isinstance(by, str) else list(by)
    if not names or not all(isinstance(n, str) for n in names):
        raise InputError(f"aggregate: by must name an obs column (or a list of them), got "
                         f"{by!r}")
    source = _Source(data, layer)
    try:
        X = source.X
        if len(X.shape) != 2:
            raise InputError(f"aggregate: the matrix has shape {X.shape}, expected cells x genes")
        n_cells, n_genes = (int(d) for d in X.shape)
        codes, levels = cell_groups([source.column(n) for n in names], names, order)
        if codes.size != n_cells:
            raise InputError(f"aggregate: obs has {codes.size} cells but the matrix has "
                             f"{n_cells} rows")
        sizes = np.bincount(codes, minlength=len(levels))
        if n_cells > 1 and len(levels) == n_cells:
            raise InputError(
                f"aggregate: every group of by={by!r} has one cell ({n_cells} groups for "
                f"{n_cells} cells), so nothing would be averaged: that column identifies cells. "
                f"Group by a column with fewer values (obs columns: "
                f"{_preview(source.obs_columns, 12)})"
            )
        gene_names = source.var_names.astype(str)
        if genes is None:
            picked = np.arange(n_genes)
        else:
            table = pd.DataFrame({"_k": np.arange(n_genes)}, index=gene_names)
            picked = select_genes(table, genes)["_k"].to_numpy()
        slot = np.full(n_genes, -1, dtype=np.int64)
        slot[picked] = np.arange(picked.size)
        sums = GroupSums(codes, slot, len(levels), picked.size, na_rm)
        if how == "median":
            values = _medians(X, codes, len(levels), picked, na_rm, chunk_size, progress)
            if min_cells:
                _feed(sums, X, chunk_size, None)  # the non-zero counts
        else:
            _feed(sums, X, chunk_size, progress)
            values = sums.result(how)
    finally:
        source.close()
    axis_name = names[0] if len(names) == 1 else "_".join(names)
    out = pd.DataFrame(values, index=pd.Index(gene_names[picked]),
                       columns=pd.Index(levels, name=axis_name))
    out.attrs["group_sizes"] = dict(zip(levels, sizes.tolist(), strict=True))
    if min_cells:
        keep = sums.nnz_cnt >= min_cells
        if not keep.any():
            raise InputError(f"aggregate: no gene is non-zero in at least min_cells={min_cells} "
                             f"cells (the most is {int(sums.nnz_cnt.max(initial=0))}); lower "
                             f"min_cells")
        out = out.loc[keep]
    return out
