"""A small synthetic single-cell atlas in the Allen Brain Cell Atlas layout (no download).

The Allen Brain Cell Atlas (ABC atlas) publishes its whole-brain transcriptomes as AnnData files:
cells x genes, raw counts in a sparse CSR matrix of float32, cells labelled by ``cell_label``,
genes by Ensembl id (``gene_identifier``) with a ``gene_symbol`` column; each cell's dissection
region and cell type are in the cell metadata. :func:`write_cell_atlas` writes a file of that
shape with made-up counts (region- and cell-type-specific genes, so the aggregated heatmap has
structure), for tutorials and tests. The numbers are synthetic: they are not the atlas's data.

Run as a script: ``python -m pyr_heatmap.prepare.cellatlas OUT.h5ad [--cells N] [--genes N]``.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

import numpy as np
import pandas as pd

from pyr_heatmap.errors import InputError
from pyr_heatmap.io import check_target

__all__ = ["write_cell_atlas"]

REGIONS = ("Isocortex", "OLF", "HPF", "STR", "PAL", "TH", "HY", "MB", "P", "MY", "CB")
CELL_TYPES = ("Glut", "GABA", "Astro", "Oligo", "OPC", "Micro", "Endo")
_MARKERS = ("Slc17a7", "Gad1", "Gad2", "Pvalb", "Sst", "Vip", "Gfap", "Aqp4", "Olig2", "Mbp",
            "Plp1", "Pdgfra", "Cx3cr1", "P2ry12", "Cldn5", "Drd1", "Drd2", "Penk", "Tac1",
            "Prox1", "Calb1", "Pcp2", "Gabra6", "Hoxb5", "Tcf7l2", "Otp", "Slc6a3", "Th")


def write_cell_atlas(path: str | os.PathLike[str], n_cells: int = 5000, n_genes: int = 300,
                     seed: int = 0) -> Path:
    """Write a synthetic ABC-atlas-like ``.h5ad`` (cells x genes, sparse counts) and return it.

    Parameters
    ----------
    path : str or os.PathLike
        The ``.h5ad`` file to write (replaced if it exists; written to a temporary name first).
    n_cells, n_genes : int
        Size of the matrix (about 10% of its values are non-zero).
    seed : int
        Seed of the random counts: the same seed writes the same file content.

    Returns
    -------
    pathlib.Path
        The file written. obs (indexed by ``cell_label``) has the columns ``region`` (11 brain
        divisions, as the atlas's ``region_of_interest_acronym``), ``cell_type`` (``class``)
        and ``donor_label``, all categorical; var is indexed by ``gene_identifier`` (made-up
        Ensembl-like ids) with a ``gene_symbol`` column; X is CSR float32 counts.
    """
    try:
        import anndata as ad
        import scipy.sparse as sp
    except ImportError as exc:
        raise ImportError('writing an .h5ad file needs anndata: pip install '
                          '"pyr_heatmap[anndata]"') from exc
    for name, v in (("n_cells", n_cells), ("n_genes", n_genes)):
        if isinstance(v, bool) or not isinstance(v, (int, np.integer)) or v < 2:
            raise InputError(f"write_cell_atlas: {name} must be a whole number >= 2, got {v!r}")
    rng = np.random.default_rng(seed)
    region = rng.choice(len(REGIONS), size=n_cells, p=_weights(rng, len(REGIONS)))
    ctype = rng.choice(len(CELL_TYPES), size=n_cells, p=_weights(rng, len(CELL_TYPES)))
    # every gene: a baseline, a preferred region and a preferred cell type
    base = rng.gamma(0.6, 0.15, size=n_genes)
    pref_region = rng.integers(len(REGIONS), size=n_genes)
    pref_type = rng.integers(len(CELL_TYPES), size=n_genes)
    depth = rng.lognormal(0.0, 0.3, size=n_cells)
    rows, cols, vals = [], [], []
    for start in range(0, n_cells, 2000):  # a block of cells at a time
        stop = min(n_cells, start + 2000)
        rate = base[None, :] * depth[start:stop, None]
        rate = rate * np.where(region[start:stop, None] == pref_region[None, :], 8.0, 1.0)
        rate = rate * np.where(ctype[start:stop, None] == pref_type[None, :], 6.0, 1.0)
        counts = rng.poisson(rate)
        r, c = np.nonzero(counts)
        rows.append(r + start)
        cols.append(c)
        vals.append(counts[r, c].astype(np.float32))
    X = sp.csr_matrix((np.concatenate(vals), (np.concatenate(rows), np.concatenate(cols))),
                      shape=(n_cells, n_genes), dtype=np.float32)
    symbols = [_MARKERS[j] if j < len(_MARKERS) else f"Gm{10000 + j}" for j in range(n_genes)]
    obs = pd.DataFrame(
        {"region": pd.Categorical.from_codes(region, REGIONS),
         "cell_type": pd.Categorical.from_codes(ctype, CELL_TYPES),
         "donor_label": pd.Categorical.from_codes(rng.integers(4, size=n_cells),
                                                  [f"Snap25-IRES2-Cre-{k}" for k in range(4)])},
        index=pd.Index([f"GCGAGAAGT{i:07d}-{i % 3 + 1}" for i in range(n_cells)],
                       name="cell_label", dtype=object))
    genes = pd.Index([f"ENSMUSG{50000000 + 17 * j:011d}" for j in range(n_genes)],
                     name="gene_identifier", dtype=object)
    var = pd.DataFrame({"gene_symbol": pd.Series(symbols, index=genes, dtype=object)},
                       index=genes)
    # object (not pandas' string) dtype: anndata writes it with or without pandas 3
    out = check_target(path, "the .h5ad file")
    tmp = out.with_name(f".{out.name}.{os.getpid()}.partial")
    try:  # all or nothing: written under a temporary name, then renamed
        ad.AnnData(X=X, obs=obs, var=var).write_h5ad(tmp)
        os.replace(tmp, out)
    finally:
        if tmp.exists():
            tmp.unlink()
    return out


def _weights(rng: np.random.Generator, n: int) -> np.ndarray:
    w = rng.uniform(0.5, 1.5, size=n)
    return w / w.sum()


def main(argv: list[str] | None = None) -> None:
    """Command line: write the synthetic atlas file."""
    p = argparse.ArgumentParser(prog="python -m pyr_heatmap.prepare.cellatlas",
                                description=__doc__.split("\n\n")[0])
    p.add_argument("out", help="the .h5ad file to write")
    p.add_argument("--cells", type=int, default=5000)
    p.add_argument("--genes", type=int, default=300)
    p.add_argument("--seed", type=int, default=0)
    a = p.parse_args(argv)
    print(write_cell_atlas(a.out, a.cells, a.genes, a.seed))


if __name__ == "__main__":
    main()
