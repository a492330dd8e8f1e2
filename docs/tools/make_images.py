"""Write docs/images/demo_r.png and docs/images/demo_native.png: one heatmap, both backends.

The heatmap is the README recipe on the bundled SYNTHETIC brain-region example (region averages,
log2(x + 1), row z-scores, ward.D2 trees) with a column annotation and the genes cut into four
slices. ``demo_r.png`` is ComplexHeatmap's figure drawn in R through rpy2, ``demo_native.png`` the
matplotlib figure; their row and column orders are the same (the script checks it)::

    python docs/tools/make_images.py
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
IMAGES = ROOT / "docs" / "images"
DPI = 100


def demo_heatmap():
    import pyr_heatmap as ph

    expr, samples = ph.load_demo()
    mat = ph.aggregate(expr, samples["structure_acronym"])
    z = ph.scale_rows(ph.log2p(mat))
    hr = ph.hclust(ph.dist(z), method="ward.D2")
    hc = ph.hclust(ph.dist(z.T), method="ward.D2")
    lobe_of = samples.drop_duplicates("structure_acronym").set_index("structure_acronym")["lobe"]
    ha = ph.HeatmapAnnotation(lobe=lobe_of.loc[list(z.columns)].to_list())
    return ph.Heatmap(z, name="relative expression", cluster_rows=hr, cluster_columns=hc,
                      row_split=4, top_annotation=ha, show_row_names=z.shape[0] <= 60)


def flat(order) -> np.ndarray:
    if isinstance(order, dict):
        return np.concatenate([np.asarray(v) for v in order.values()])
    return np.asarray(order)


def main() -> int:
    hm = demo_heatmap()
    drawn_r = hm.draw(backend="r", dpi=DPI)
    drawn_native = hm.draw(backend="native", dpi=DPI)
    for a, b in ((drawn_r.row_order, drawn_native.row_order),
                 (drawn_r.column_order, drawn_native.column_order)):
        if not np.array_equal(flat(a), flat(b)):
            print("the backends disagree on the order", file=sys.stderr)
            return 1
    IMAGES.mkdir(parents=True, exist_ok=True)
    drawn_r.save(IMAGES / "demo_r.png", dpi=DPI)
    drawn_native.save(IMAGES / "demo_native.png", dpi=DPI)
    print(f"wrote {IMAGES / 'demo_r.png'} and {IMAGES / 'demo_native.png'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
