"""The floor: scipy's pdist + linkage(method="ward") on both axes, nothing else.

Default job: the z-score matrix of the heatmap benchmark (log2(x + 1) and row z-scores computed
untimed). With ``variant=ties``: the raw tied matrix, rows only (the tied-data table).
"""

from __future__ import annotations

import numpy as np

from tools._worker import Clock, read_job, write_order, write_result


def main() -> None:
    job = read_job()
    from scipy.cluster.hierarchy import leaves_list, linkage
    from scipy.spatial.distance import pdist

    x = np.load(job["input"])
    if job.get("variant") == "ties":
        clock = Clock()
        zr = linkage(pdist(x), method="ward")
        clock.tick("pdist + linkage rows")
        write_order(job.get("row_order"), leaves_list(zr))
        write_result(job, clock)
        return
    z = np.log2(x + 1.0)
    z = (z - z.mean(axis=1, keepdims=True)) / z.std(axis=1, ddof=1, keepdims=True)
    clock = Clock()
    d = pdist(z)
    clock.tick("pdist rows")
    zr = linkage(d, method="ward")
    clock.tick("linkage rows")
    del d
    d = pdist(z.T)
    clock.tick("pdist columns")
    zc = linkage(d, method="ward")
    clock.tick("linkage columns")
    write_order(job.get("row_order"), leaves_list(zr))
    write_order(job.get("col_order"), leaves_list(zc))
    write_result(job, clock)


if __name__ == "__main__":
    main()
