"""pyr_heatmap, native backend: the whole recipe, drawn with matplotlib (no R)."""

from __future__ import annotations

import numpy as np

from tools._worker import Clock, labelled_frame, read_job, write_order, write_result


def main() -> None:
    job = read_job()
    import pyr_heatmap as ph

    # matplotlib is imported untimed, as for the other tools
    import pyr_heatmap.backends.native.plotter

    m = labelled_frame(np.load(job["input"]))
    clock = Clock()
    z = ph.scale_rows(ph.log2p(m))
    clock.tick("prepare")
    hr = ph.cluster_matrix(z, "euclidean", "ward.D2")
    clock.tick("cluster rows")
    hc = ph.cluster_matrix(z.T, "euclidean", "ward.D2")
    clock.tick("cluster columns")
    hm = ph.Heatmap(z, name="z", cluster_rows=hr, cluster_columns=hc, show_row_names=False,
                    width=float(job["body_w_mm"]), height=float(job["body_h_mm"]))
    drawn = hm.draw(backend="native")
    clock.tick("draw")
    drawn.save(job["png"], dpi=float(job.get("dpi", 100)))
    clock.tick("PNG")
    drawn.save(job["pdf"])
    clock.tick("PDF")
    write_order(job.get("row_order"), drawn.row_order)
    write_order(job.get("col_order"), drawn.column_order)
    write_result(job, clock)


if __name__ == "__main__":
    main()
