"""aggregate() on Dask arrays and Dask-backed AnnData, on threads and on a LocalCluster.

R computes rowMeans/rowSums/median of the same dense genes x cells matrix (tests/r/prepare.R);
the Dask graph folds the blocks of cells in order, so the results are the same bits.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from brainspan_files import assert_same_bits

from pyr_heatmap import aggregate
from pyr_heatmap.errors import InputError
from pyr_heatmap.prepare.distributed import aggregate_dask

da = pytest.importorskip("dask.array")
sp = pytest.importorskip("scipy.sparse")


def make(seed: int, n_cells: int = 900, n_genes: int = 24):
    rng = np.random.default_rng(seed)
    x = rng.lognormal(0.0, 4.0, size=(n_cells, n_genes)) * rng.choice([1.0, -1.0, 1e-3],
                                                                         size=(n_cells, n_genes))
    x[rng.random(x.shape) < 0.7] = 0.0
    labels = rng.choice(["V1", "HIP", "CB"], size=n_cells)
    return x, labels


def r_want(r, x, labels, how):
    levels = list(dict.fromkeys(labels))
    return levels, r.call("prep_aggregate", np.ascontiguousarray(x.T), list(labels), levels, how,
                          False)


@pytest.mark.needs_r
@pytest.mark.parametrize("how", ["mean", "sum", "median"])
def test_dask_arrays_match_r(r, how):
    x, labels = make(how == "sum")
    levels, want = r_want(r, x, labels, how)
    dense = da.from_array(x, chunks=(128, 10))
    for arr in (dense, dense.map_blocks(sp.csr_matrix), dense.map_blocks(sp.csc_matrix)):
        got = aggregate(arr, groups=labels, how=how)
        assert list(got.columns) == levels
        assert_same_bits(got.to_numpy(), want)


@pytest.mark.needs_r
def test_dask_backed_anndata_matches_r(r):
    ad = pytest.importorskip("anndata")
    x, labels = make(5)
    adata = ad.AnnData(X=da.from_array(sp.csr_matrix(x), chunks=(200, 24)),
                       obs=pd.DataFrame({"region": labels}, index=[f"c{i}" for i in range(900)]),
                       var=pd.DataFrame(index=[f"G{j}" for j in range(24)]))
    levels, want = r_want(r, x, labels, "mean")
    got = aggregate(adata, by="region", genes=["G3", "G0"])
    assert list(got.index) == ["G3", "G0"] and list(got.columns) == levels
    assert_same_bits(got.to_numpy(), want[[3, 0]])


@pytest.mark.needs_r
def test_local_cluster_with_two_worker_processes(r):
    distributed = pytest.importorskip("distributed")
    x, labels = make(9, n_cells=1000)
    _, want = r_want(r, x, labels, "mean")
    arr = da.from_array(x, chunks=(250, 12)).map_blocks(sp.csr_matrix)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster, \
            distributed.Client(cluster) as client:
        client.wait_for_workers(2, timeout=60)
        assert len(client.scheduler_info()["workers"]) == 2
        got = aggregate(arr, groups=labels)
        tree = aggregate_dask(arr, groups=labels, exact=False)
    assert_same_bits(got.to_numpy(), want)
    # the tree of partial sums rounds differently; at most 1 ulp away from R
    ulps = np.abs(tree.to_numpy().view(np.int64) - want.view(np.int64))
    assert ulps.max() <= 1


def test_dask_errors():
    x, labels = make(1, n_cells=50)
    arr = da.from_array(x, chunks=(20, 24))
    with pytest.raises(InputError, match="give groups="):
        aggregate(arr)
    with pytest.raises(InputError, match="50 cells"):
        aggregate(arr, groups=labels[:10])
    with pytest.raises(InputError, match="select genes by position first"):
        aggregate(arr, groups=labels, genes=["G1"])
