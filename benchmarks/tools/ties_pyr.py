"""pyr_heatmap's dist + hclust (ward.D2) on the tied small-integer matrix (rows only).

``variant=hclust``: ``hclust(dist(x), "ward.D2")`` (R's two steps, two distance matrices);
``variant=cluster_matrix``: ``cluster_matrix(x, "euclidean", "ward.D2")`` (one, in place).
"""

from __future__ import annotations

import numpy as np

from tools._worker import Clock, read_job, write_order, write_result


def main() -> None:
    job = read_job()
    import pyr_heatmap as ph

    x = np.load(job["input"])
    clock = Clock()
    if job.get("variant") == "cluster_matrix":
        h = ph.cluster_matrix(x, "euclidean", "ward.D2")
        clock.tick("cluster_matrix")
    else:
        d = ph.dist(x)
        clock.tick("dist")
        h = ph.hclust(d, "ward.D2")
        clock.tick("hclust")
    write_order(job.get("row_order"), h.order)
    write_result(job, clock)


if __name__ == "__main__":
    main()
