"""Write docs/images/pheatmap_native.png and docs/images/pheatmap_r.png: one pheatmap call, both
backends (the figure of docs/from_pheatmap.md).

The call is the one of docs/from_pheatmap.md on the bundled SYNTHETIC brain-region example
(region averages, log2(x + 1), pheatmap's row scaling, average linkage on correlation distances,
four row clusters, a column annotation). The script checks that both backends report the same
trees, orders and gaps before writing::

    python docs/tools/make_pheatmap_images.py
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
IMAGES = ROOT / "docs" / "images"
DPI = 80


def example():
    import pyr_heatmap as ph

    expr, samples = ph.load_demo()
    mat = ph.log2p(ph.aggregate(expr, samples["structure_acronym"]))
    lobe = samples.drop_duplicates("structure_acronym").set_index("structure_acronym")[["lobe"]]
    args = dict(scale="row", clustering_distance_rows="correlation",
                clustering_method="average", cutree_rows=4, annotation_col=lobe,
                main="pheatmap(mat, scale = \"row\", ...)", fontsize=9)
    return mat, args


def main() -> int:
    import pyr_heatmap as ph

    mat, args = example()
    native = ph.pheatmap(mat, **args)
    drawn_r = ph.pheatmap(mat, backend="r", **args)
    for a, b in ((native.row_order, drawn_r.row_order), (native.column_order,
                                                        drawn_r.column_order),
                 (native.gaps_row, drawn_r.gaps_row),
                 (native.tree_row.height, drawn_r.tree_row.height)):
        if not np.array_equal(a, b):
            print("the backends disagree", file=sys.stderr)
            return 1
    IMAGES.mkdir(parents=True, exist_ok=True)
    native.save(IMAGES / "pheatmap_native.png", dpi=DPI)
    drawn_r.save(IMAGES / "pheatmap_r.png", dpi=DPI)
    print(f"wrote {IMAGES / 'pheatmap_native.png'} and {IMAGES / 'pheatmap_r.png'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
