"""PyComplexHeatmap's ClusterMapPlotter with its own z-score (rows), ward and euclidean."""

from __future__ import annotations

import numpy as np

from tools._worker import Clock, labelled_frame, read_job, write_order, write_result


def main() -> None:
    job = read_job()
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from PyComplexHeatmap import ClusterMapPlotter

    m = labelled_frame(np.load(job["input"]))
    figsize = (float(job["page_w_in"]), float(job["page_h_in"]))
    clock = Clock()
    z = np.log2(m + 1)
    clock.tick("prepare")
    plt.figure(figsize=figsize)
    cm = ClusterMapPlotter(
        data=z, z_score=0, row_cluster=True, col_cluster=True,
        row_cluster_method="ward", row_cluster_metric="euclidean",
        col_cluster_method="ward", col_cluster_metric="euclidean",
        row_dendrogram=True, col_dendrogram=True, show_rownames=False, show_colnames=True,
        xticklabels=True, cmap="bwr", label="z", verbose=0,
    )
    clock.tick("cluster + layout")
    plt.savefig(job["png"], dpi=float(job.get("dpi", 100)), bbox_inches="tight")
    clock.tick("PNG")
    plt.savefig(job["pdf"], bbox_inches="tight")
    clock.tick("PDF")
    rows = {name: i for i, name in enumerate(m.index)}
    cols = {name: j for j, name in enumerate(m.columns)}
    write_order(job.get("row_order"), [rows[r] for part in cm.row_order for r in part])
    write_order(job.get("col_order"), [cols[c] for part in cm.col_order for c in part])
    write_result(job, clock)


if __name__ == "__main__":
    main()
