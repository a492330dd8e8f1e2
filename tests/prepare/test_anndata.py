"""aggregate() on AnnData (dense, CSR, CSC; in memory, backed, .h5ad path) against live R.

Every AnnData is built from a seeded cells x genes matrix; R receives the same matrix, dense and
transposed to genes x cells, and computes ``rowMeans``/``rowSums``/``median`` per group
(tests/r/prepare.R, ``prep_aggregate``). Results must agree to the last bit: no tolerance.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from brainspan_files import assert_same_bits

from pyr_heatmap import Heatmap, aggregate, log2p
from pyr_heatmap.errors import InputError

ad = pytest.importorskip("anndata")
sp = pytest.importorskip("scipy.sparse")

HOWS = ["mean", "sum", "median"]


def make_cells(seed: int, n_cells: int = 700, n_genes: int = 30, density: float = 0.3,
               nan: bool = False) -> tuple[np.ndarray, list[str]]:
    """Cells x genes, sparse-looking, with magnitudes far apart (double sums would round)."""
    rng = np.random.default_rng(seed)
    x = rng.lognormal(mean=0.0, sigma=4.0, size=(n_cells, n_genes))
    x *= rng.choice([1.0, -1.0, 1e-3], size=x.shape)
    x[rng.random(x.shape) > density] = 0.0
    x[:, 0] = 0.0  # a gene never expressed
    if nan:
        x[rng.random(x.shape) < 0.01] = np.nan
    labels = list(rng.choice(["V1", "HIP", "DFC", "CBC"], size=n_cells, p=[0.4, 0.3, 0.2, 0.1]))
    labels[5] = "AMY"  # a group of one cell
    return x, labels


def make_adata(x: np.ndarray, labels: list[str], fmt: str, categorical: bool = False):
    # object dtype throughout: anndata writes it whatever pandas' default string dtype is
    names = pd.Index([f"cell{i}" for i in range(len(labels))], dtype=object)
    obs = pd.DataFrame({"region": pd.Categorical(labels) if categorical else
                        pd.Series(labels, dtype=object, index=names),
                        "cell_id": pd.Series(names, dtype=object, index=names)}, index=names)
    var = pd.DataFrame(index=pd.Index([f"G{j}" for j in range(x.shape[1])], dtype=object))
    mat = {"dense": x, "csr": sp.csr_matrix(x), "csc": sp.csc_matrix(x)}[fmt]
    return ad.AnnData(X=mat, obs=obs, var=var)


def r_want(r, x, labels, levels, how, na_rm=False):
    return r.call("prep_aggregate", np.ascontiguousarray(x.T), labels, levels, how, na_rm)


@pytest.mark.needs_r
@pytest.mark.parametrize("fmt", ["dense", "csr", "csc"])
@pytest.mark.parametrize("how", HOWS)
def test_in_memory_matches_r(r, fmt, how):
    for seed in range(3):
        x, labels = make_cells(seed)
        adata = make_adata(x, labels, fmt)
        levels = list(dict.fromkeys(labels))
        for chunk in (None, 37):
            got = aggregate(adata, by="region", how=how, chunk_size=chunk)
            assert list(got.columns) == levels
            assert list(got.index) == list(adata.var_names)
            assert_same_bits(got.to_numpy(), r_want(r, x, labels, levels, how))


@pytest.mark.needs_r
@pytest.mark.parametrize("na_rm", [False, True])
def test_nan_and_na_rm_match_r(r, na_rm):
    x, labels = make_cells(4, nan=True)
    levels = list(dict.fromkeys(labels))
    for fmt in ("dense", "csr", "csc"):
        for how in HOWS:
            got = aggregate(make_adata(x, labels, fmt), by="region", how=how, na_rm=na_rm,
                            chunk_size=50)
            assert_same_bits(got.to_numpy(), r_want(r, x, labels, levels, how, na_rm))


@pytest.mark.needs_r
def test_the_parity_test_needs_long_double(r):
    """Plain double sums miss R here, so the tests above can fail."""
    x, labels = make_cells(1)
    levels = list(dict.fromkeys(labels))
    want = r_want(r, x, labels, levels, "mean")
    naive = pd.DataFrame(x).groupby(labels, sort=False).mean().T.to_numpy()
    assert np.sum(naive != want) > 0


@pytest.mark.needs_r
@pytest.mark.parametrize("fmt", ["dense", "csr", "csc"])
def test_backed_file_larger_than_the_chunk_matches_r(r, tmp_path, fmt):
    x, labels = make_cells(7, n_cells=3000, n_genes=25)
    adata = make_adata(x, labels, fmt, categorical=True)
    path = tmp_path / f"cells_{fmt}.h5ad"
    adata.write_h5ad(path)
    levels = list(adata.obs["region"].cat.categories)  # a categorical gives its own order
    backed = ad.read_h5ad(path, backed="r")
    try:
        seen = []
        got = aggregate(backed, by="region", chunk_size=256,
                        progress=lambda done, total: seen.append((done, total)))
    finally:
        backed.file.close()
    n = 25 if fmt == "csc" else 3000
    assert len(seen) == -(-n // 256) if fmt != "csc" else len(seen) == 1
    assert seen[-1] == (n, n)
    assert list(got.columns) == levels
    assert_same_bits(got.to_numpy(), r_want(r, x, labels, levels, "mean"))
    for how in HOWS:  # the path: read without loading X
        got = aggregate(str(path), by="region", how=how, chunk_size=300)
        assert_same_bits(got.to_numpy(), r_want(r, x, labels, levels, how))


@pytest.mark.needs_r
def test_layers_genes_and_min_cells(r, tmp_path):
    x, labels = make_cells(3)
    adata = make_adata(x, labels, "csr")
    adata.layers["raw"] = sp.csc_matrix(x * 2.0)
    path = tmp_path / "layers.h5ad"
    adata.write_h5ad(path)
    # write_h5ad turns the string column into a categorical with sorted categories (in the
    # file and in adata itself), so both give the sorted order
    for src, levels in ((adata, sorted(set(labels))), (path, sorted(set(labels)))):
        got = aggregate(src, by="region", how="sum", layer="raw", genes=["G7", "G2"])
        assert list(got.index) == ["G7", "G2"]
        assert list(got.columns) == levels
        want = r_want(r, x * 2.0, labels, levels, "sum")
        assert_same_bits(got.to_numpy(), want[[7, 2]])
    nnz = (x != 0).sum(axis=0)
    got = aggregate(adata, by="region", min_cells=int(np.median(nnz)))
    assert list(got.index) == [f"G{j}" for j in np.flatnonzero(nnz >= np.median(nnz))]
    assert "G0" not in aggregate(adata, by="region", min_cells=1).index


def test_matrix_is_not_modified_and_order_and_several_columns():
    x, labels = make_cells(2, n_cells=200)
    adata = make_adata(x, labels, "csr")
    before = adata.X.copy()
    aggregate(adata, by="region")
    assert (adata.X != before).nnz == 0
    got = aggregate(adata, by="region", order=["HIP", "V1", "DFC", "CBC", "AMY"])
    assert list(got.columns) == ["HIP", "V1", "DFC", "CBC", "AMY"]
    adata.obs["sex"] = ["F", "M"] * 100
    two = aggregate(adata, by=["region", "sex"])
    first = list(dict.fromkeys(labels))
    assert two.columns.name == "region_sex"
    want = [f"{g}_{s}" for g in first for s in ("F", "M")
            if any(lab == g and i % 2 == (s == "M") for i, lab in enumerate(labels))]
    assert list(two.columns) == want
    df = pd.DataFrame(x.T, index=adata.var_names)
    sub = [i for i, lab in enumerate(labels) if lab == "V1" and i % 2 == 1]
    assert_same_bits(two["V1_M"].to_numpy(), aggregate(df.iloc[:, sub], ["k"] * len(sub))["k"])


def test_typed_errors_name_the_fix(tmp_path):
    x, labels = make_cells(0, n_cells=60)
    adata = make_adata(x, labels, "csr")
    with pytest.raises(InputError, match=r"did you mean 'region'"):
        aggregate(adata, by="regoin")
    with pytest.raises(InputError, match=r"layer='counts' is not a layer .*layers: none"):
        aggregate(adata, by="region", layer="counts")
    with pytest.raises(InputError, match=r"none of the 2 genes.*e\.g\. 'G0'"):
        aggregate(adata, by="region", genes=["Gad1", "Sst"])
    with pytest.raises(InputError, match=r"every group .* has one cell.*identifies cells"):
        aggregate(adata, by="cell_id")
    with pytest.raises(InputError, match=r"needs by="):
        aggregate(adata)
    with pytest.raises(InputError, match=r"min_cells=100 .*lower min_cells"):
        aggregate(adata, by="region", min_cells=100)
    adata.obs.loc["cell3", "region"] = np.nan
    with pytest.raises(InputError, match=r"1 cell\(s\) have no value in obs column 'region'"):
        aggregate(adata, by="region")
    with pytest.raises(InputError, match=r"no such file"):
        aggregate(str(tmp_path / "missing.h5ad"), by="region")


def test_heatmap_and_log2p_refuse_anndata_with_the_fix():
    x, labels = make_cells(0, n_cells=20)
    adata = make_adata(x, labels, "csr")
    for call, name in ((lambda: log2p(adata), "log2p"), (lambda: Heatmap(adata).draw(), "Heatmap")):
        with pytest.raises(InputError, match=rf"aggregate\(adata, by=.*then {name}\(mat\)"):
            call()
