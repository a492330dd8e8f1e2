"""Write the bundled demo files, pyr_heatmap/prepare/data/brainspan_demo/, from ``load_demo()``.

The values are SYNTHETIC (generated from a fixed seed by :func:`pyr_heatmap.datasets.load_demo`;
they are not measurements). They are written in the layout of the Allen Institute's BrainSpan
"RNA-Seq Gencode v10 summarized to genes" download (genes_matrix_csv), so that
``read_brainspan`` and ``pyr-heatmap draw --brainspan`` can be tried without downloading the real
files::

    python docs/tools/make_demo_data.py          # rewrites the folder; run from the checkout

The output is deterministic: running the script again gives the same bytes.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TARGET = ROOT / "pyr_heatmap" / "data" / "brainspan_demo"

README = """\
# brainspan_demo: a SYNTHETIC example in BrainSpan's download layout

The three CSV files in this folder have the layout of the Allen Institute's BrainSpan download
"RNA-Seq Gencode v10 summarized to genes" (genes_matrix_csv):

- `expression_matrix.csv`: no header; one line per gene: its row number, then one value per
  sample (RPKM-like, 6 decimals);
- `rows_metadata.csv`: `row_num, gene_id, ensembl_gene_id, gene_symbol, entrez_id`;
- `columns_metadata.csv`: `column_num, donor_id, donor_name, age, gender, structure_id,
  structure_acronym, structure_name`.

**The values are SYNTHETIC.** They were generated from a fixed random seed by
`pyr_heatmap.datasets.load_demo()` ({genes} genes x {samples} samples: {donors} donors, 14 adult
brain regions, one region missing per donor) to look like RPKM values with region-specific gene
modules. They are not measurements and must not be used as biological data. The Ensembl ids are
placeholders (`SYNTH00001`, ...) and the Entrez ids are empty; the gene symbols, donor names,
ages and structure ids only mimic the real download.

Regenerate with `python docs/tools/make_demo_data.py` (deterministic).

Use:

    pyr-heatmap draw --brainspan "$(pyr-heatmap demo --where)" --group-by structure_acronym

or in Python:

    from pyr_heatmap.prepare import demo_folder
    from pyr_heatmap.prepare import read_brainspan
    expr, samples = read_brainspan(demo_folder())
"""


def main() -> int:
    sys.path.insert(0, str(ROOT))
    from pyr_heatmap.prepare import load_demo, write_brainspan

    expr, samples = load_demo()
    TARGET.mkdir(parents=True, exist_ok=True)
    write_brainspan(expr, samples, TARGET)
    (TARGET / "README.md").write_text(
        README.format(genes=expr.shape[0], samples=expr.shape[1],
                      donors=samples["donor_name"].nunique()),
        encoding="utf-8",
    )
    print(f"wrote {TARGET}: {expr.shape[0]} genes x {expr.shape[1]} samples (synthetic)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
