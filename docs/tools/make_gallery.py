"""Write the side-by-side pictures of docs/gallery.md: every case drawn by both backends.

Each case is one ``Heatmap`` or heatmap list (the same spec for both backends) drawn natively
and with ComplexHeatmap in R (through rpy2), saved at the same resolution into
``docs/images/gallery/<case>_native.png`` and ``<case>_r.png``; the script checks that both
backends drew the same row and column orders::

    python docs/tools/make_gallery.py                  # every case
    python docs/tools/make_gallery.py dend_gp          # only the cases named
"""

from __future__ import annotations

import sys
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "docs" / "images" / "gallery"
DPI = 72

STRUCTURES = [
    "posteroventral (inferior) parietal cortex", "primary visual cortex (striate cortex)",
    "dorsolateral prefrontal cortex", "hippocampus (hippocampal formation)",
    "mediodorsal nucleus of thalamus", "cerebellar cortex", "striatum",
    "primary motor cortex (area M1, area 4)",
]


def demo_z() -> pd.DataFrame:
    import pyr_heatmap as ph

    expr, samples = ph.load_demo()
    return ph.scale_rows(ph.log2p(ph.aggregate(expr, samples["structure_acronym"])))


def genes(n: int, ncol: int = 12, seed: int = 4) -> pd.DataFrame:
    """A z-scored matrix of ``n`` genes with gene-symbol-like names and three gene groups."""
    rng = np.random.default_rng(seed)
    base = rng.normal(size=(3, ncol)) * 1.5
    groups = rng.integers(0, 3, n)
    m = base[groups] + rng.normal(size=(n, ncol))
    m = (m - m.mean(axis=1, keepdims=True)) / m.std(axis=1, ddof=1, keepdims=True)
    return pd.DataFrame(m, index=[f"GENE{i + 1}" for i in range(n)],
                        columns=[f"S{j + 1}" for j in range(ncol)])


def list_cases() -> dict[str, tuple[object, dict]]:
    """The heatmap lists of docs/heatmap_lists.md: marker genes of the demo data."""
    import pyr_heatmap as ph
    from pyr_heatmap.prepare import demo_folder, read_brainspan, select_genes

    expr, samples = read_brainspan(demo_folder())
    markers = ["SATB2", "NEUROD6", "TBR1", "SLC17A7", "CARTPT", "NEFH", "CALB1", "PROX1",
               "ZBTB20", "NR2F2", "PPP1R1B", "PENK", "DRD1", "ADORA2A", "GPR88", "TCF7L2",
               "SLC17A6", "ZIC4", "PCP2", "CBLN1", "GABRA6", "ZIC1", "MBP", "PLP1", "GFAP",
               "AQP4", "OLIG2", "SST", "PVALB", "VIP"]
    mat = ph.aggregate(select_genes(expr, markers), samples["structure_acronym"], how="mean")
    mat_log2 = ph.log2p(mat)
    mat_z = ph.scale_rows(mat_log2)
    mean_log2 = mat_log2.mean(axis=1).to_frame("mean log2")
    green = ph.color_ramp2([0, 15], ["white", "darkgreen"])
    red = ph.color_ramp2([0, 15], ["white", "red"])
    level = ["high" if v > 8 else "low" for v in mean_log2.iloc[:, 0]]

    def z() -> object:
        return ph.Heatmap(mat_z, name="z-score", clustering_method_rows="ward.D2",
                          clustering_method_columns="ward.D2")

    def mean() -> object:
        return ph.Heatmap(mean_log2, name="mean log2", width="8mm", col=green)

    return {
        "list_zscore_mean": (z() + mean(), {"row_split": 3}),
        "list_three_anno": (z() + ph.rowAnnotation(level=level)
                            + ph.Heatmap(mat_log2, name="log2", col=red) + mean(), {}),
        "list_vertical": (ph.Heatmap(mat_z.T, name="z-score")
                          / ph.Heatmap(mat_log2.T, name="log2", col=red), {}),
    }


def cases() -> dict[str, tuple[object, dict]]:
    import pyr_heatmap as ph

    z = demo_z()
    small = z.iloc[:12, :8]
    long_names = genes(30, len(STRUCTURES))
    long_names.columns = STRUCTURES
    split = ["neuronal" if i % 3 else "glial" for i in range(z.shape[0])]
    split = [s if i % 5 else "other" for i, s in enumerate(split)]
    order = list(z.index.sort_values())
    return {
        "demo": (ph.Heatmap(z, name="relative expression"), {}),
        "genes120": (ph.Heatmap(genes(120), name="z-score"), {}),
        "long_names": (ph.Heatmap(long_names, name="log2(RPKM + 1), z-score",
                                  column_names_rot=45), {}),
        "italic": (ph.Heatmap(small, name="z", row_names_gp={"fontsize": 10,
                                                              "fontface": "italic"}), {}),
        "cell_text": (ph.Heatmap(small, name="z", cell_text="{:.1f}",
                                 cell_text_gp={"fontsize": 8}), {}),
        "borders": (ph.Heatmap(small, name="z", rect_gp={"col": "white", "lwd": 2},
                               border=True), {}),
        "legend_bottom": (ph.Heatmap(small, name="relative expression",
                                     heatmap_legend_param={"direction": "horizontal",
                                                           "legend_width": "4cm"}),
                          {"heatmap_legend_side": "bottom"}),
        "legend_left_top": (ph.Heatmap(small, name="z", top_annotation=ph.HeatmapAnnotation(
            region=["cortex" if i % 3 else "subcortex" for i in range(small.shape[1])],
            depth=np.linspace(0.0, 1.0, small.shape[1]))),
            {"heatmap_legend_side": "left", "annotation_legend_side": "top", "dpi": 150}),
        "names_left": (ph.Heatmap(small, name="z", row_names_side="left",
                                  row_dend_side="right"), {}),
        "row_order": (ph.Heatmap(z, name="z", row_order=order), {}),
        "split": (ph.Heatmap(z, name="z", row_split=split), {}),
        "dend_colors": (ph.Heatmap(genes(120), name="z-score", cluster_rows=ph.color_branches(
            ph.hclust(ph.dist(genes(120).to_numpy())), k=4)), {"dpi": 150}),
        "dend_gp": (ph.Heatmap(genes(40), name="z-score", row_split=3,
                               row_dend_gp={"col": "#2166AC", "lwd": 2},
                               column_dend_gp={"lty": "dashed"}), {"dpi": 150}),
        "dend_slices": (ph.Heatmap(genes(40), name="z-score", row_split=3,
                                   cluster_rows=ph.color_branches(
                                       ph.hclust(ph.dist(genes(40).to_numpy())), k=3)),
                        {"dpi": 150}),
        **list_cases(),
    }


def _flat(order: object) -> np.ndarray:
    """All indices of an order: an array, or dicts (slices, heatmaps) of them."""
    if isinstance(order, dict):
        return np.concatenate([_flat(v) for v in order.values()])
    return np.asarray(order)


def main(names: list[str]) -> int:
    """Draw every case, or only the cases named on the command line."""
    sys.path.insert(0, str(ROOT))
    OUT.mkdir(parents=True, exist_ok=True)
    for name, (hm, options) in cases().items():
        if names and name not in names:
            continue
        options = dict(options)
        dpi = options.pop("dpi", DPI)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)
            native = hm.draw(backend="native", **options)
            r = hm.draw(backend="r", dpi=dpi, **options)
        for a, b in ((native.row_order, r.row_order), (native.column_order, r.column_order)):
            if not np.array_equal(_flat(a), _flat(b)):
                print(f"{name}: the backends' orders differ", file=sys.stderr)
                return 1
        native.save(OUT / f"{name}_native.png", dpi=dpi)
        r.save(OUT / f"{name}_r.png", dpi=dpi)
        print(f"{name}: written")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
