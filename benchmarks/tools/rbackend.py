"""pyr_heatmap, R backend (ComplexHeatmap through rpy2).

Default: R clusters the matrix itself (``r_clusters=True`` with ward.D2 on both axes, no
dendrogram reordering, i.e. the order of the supplied-tree recipe). With ``trees=1`` in the job,
the trees are computed in Python (as the native worker does) and R only draws them.
"""

from __future__ import annotations

import time

import numpy as np

from tools._worker import Clock, labelled_frame, read_job, write_order, write_result


def main() -> None:
    job = read_job()
    import pyr_heatmap as ph
    from pyr_heatmap.backends.r import bridge as rbridge

    m = labelled_frame(np.load(job["input"]))
    t0 = time.perf_counter()
    rbridge.session()  # start R and load ComplexHeatmap before the clock, as Rscript's library()
    start_s = time.perf_counter() - t0
    size = {"width": float(job["body_w_mm"]), "height": float(job["body_h_mm"])}
    clock = Clock()
    z = ph.scale_rows(ph.log2p(m))
    clock.tick("prepare")
    if job.get("trees") == "1":
        hr = ph.cluster_matrix(z, "euclidean", "ward.D2")
        clock.tick("cluster rows")
        hc = ph.cluster_matrix(z.T, "euclidean", "ward.D2")
        clock.tick("cluster columns")
        hm = ph.Heatmap(z, name="z", cluster_rows=hr, cluster_columns=hc, show_row_names=False,
                        **size)
    else:
        hm = ph.Heatmap(z, name="z", clustering_method_rows="ward.D2",
                        clustering_method_columns="ward.D2", row_dend_reorder=False,
                        column_dend_reorder=False, show_row_names=False, **size)
    drawn = hm.draw(backend="r", r_clusters=True, dpi=float(job.get("dpi", 100)))
    clock.tick("draw (compile + R, PNG)")
    drawn.save(job["png"], dpi=float(job.get("dpi", 100)))
    clock.tick("PNG")
    drawn.save(job["pdf"])
    clock.tick("PDF (R's drawn object on a PDF device)")
    write_order(job.get("row_order"), np.asarray(drawn.row_order))
    write_order(job.get("col_order"), np.asarray(drawn.column_order))
    write_result(job, clock, [f"R start-up and loading ComplexHeatmap (untimed): {start_s:.1f} s"])


if __name__ == "__main__":
    main()
