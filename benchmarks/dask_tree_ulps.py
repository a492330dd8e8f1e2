"""How far the Dask path's ``exact=False`` tree of partial sums is from R's running sum (in ulps).

    python benchmarks/dask_tree_ulps.py 25    # the figures quoted in prepare/distributed.py

For every seed: 50,000 cells x 1,000 genes, 10% non-zero (log-normal values times 10^-3..10^3),
20 groups; the exact result (R's rowMeans order: one long double running sum per gene and group)
against the blocks of 2,500 cells summed from zero and added in a tree, as ``exact=False`` does.
"""

from __future__ import annotations

import sys

import numpy as np
import scipy.sparse as sp

from pyr_heatmap.prepare._groupsum import GroupSums
from pyr_heatmap.prepare.distributed import _add, _finish, _sums, _tree

G, NG, NC, BLK = 20, 1000, 50_000, 2_500


def main(seeds: int) -> None:
    tot = diff = worst = 0
    for seed in range(seeds):
        rng = np.random.default_rng(seed)
        X = sp.random(NC, NG, density=0.1, format="csr", random_state=seed,
                      data_rvs=lambda n, rng=rng: rng.lognormal(0, 2.5, n)
                      * 10.0 ** rng.uniform(-3, 3, n))
        codes = rng.integers(G, size=NC).astype(np.int64)
        slot = np.arange(NG, dtype=np.int64)
        sizes = np.bincount(codes, minlength=G)
        s = GroupSums(codes, slot, G, NG, False)
        s.add_csr(X, 0)
        exact = s.result("mean")
        parts = [_sums(None, X[a:a + BLK], codes[a:a + BLK], slot, G, NG, False)
                 for a in range(0, NC, BLK)]
        tree = _finish(_tree(parts, _add), sizes, "mean", False)[0]
        d = np.abs(exact.view(np.int64) - tree.view(np.int64))
        tot += d.size
        diff += int((d > 0).sum())
        worst = max(worst, int(d.max()))
    print(f"means {tot}, differing {diff} ({100 * diff / tot:.3f}%), max ulps {worst}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 25)
