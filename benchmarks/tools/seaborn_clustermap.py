"""seaborn.clustermap with its own z-score (rows), ward linkage and euclidean metric."""

from __future__ import annotations

import numpy as np

from tools._worker import Clock, labelled_frame, read_job, write_order, write_result


def main() -> None:
    job = read_job()
    import matplotlib

    matplotlib.use("Agg")
    import seaborn as sns

    m = labelled_frame(np.load(job["input"]))
    figsize = (float(job["page_w_in"]), float(job["page_h_in"]))
    clock = Clock()
    z = np.log2(m + 1)
    clock.tick("prepare")
    g = sns.clustermap(z, z_score=0, method="ward", metric="euclidean", yticklabels=False,
                       xticklabels=True, cmap="bwr", center=0, figsize=figsize)
    clock.tick("cluster + layout")
    g.savefig(job["png"], dpi=float(job.get("dpi", 100)))
    clock.tick("PNG")
    g.savefig(job["pdf"])
    clock.tick("PDF")
    write_order(job.get("row_order"), g.dendrogram_row.reordered_ind)
    write_order(job.get("col_order"), g.dendrogram_col.reordered_ind)
    write_result(job, clock)


if __name__ == "__main__":
    main()
