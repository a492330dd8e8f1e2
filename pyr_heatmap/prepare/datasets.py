"""A small synthetic example shaped like the Allen Brain Atlas BrainSpan download.

The values are SYNTHETIC: generated from a fixed seed to look like RPKM values of a few dozen genes
across adult human brain regions (several donors, one sample per donor and region). They are not
measurements. Genes come in region-specific modules (cortex, hippocampus, striatum, thalamus,
cerebellum), values span several orders of magnitude, and one gene (MBP) is expressed so highly that
it would dominate the colours of an unscaled heatmap: the situation log2 and row z-scores exist for.

The same example ships as files in the layout of BrainSpan's "genes_matrix_csv" download
(:func:`demo_folder`, written by ``docs/tools/make_demo_data.py`` with :func:`write_brainspan`), so
the file readers and the command line tool can be tried without downloading anything.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from pyr_heatmap.errors import InputError

__all__ = ["DEMO_REGIONS", "demo_folder", "load_demo", "write_brainspan"]

# BrainSpan structure acronyms and names (adult regions), with the lobe/area used for annotations.
DEMO_REGIONS: tuple[tuple[str, str, str], ...] = (
    ("DFC", "dorsolateral prefrontal cortex", "frontal"),
    ("VFC", "ventrolateral prefrontal cortex", "frontal"),
    ("OFC", "orbital frontal cortex", "frontal"),
    ("M1C", "primary motor cortex", "frontal"),
    ("S1C", "primary somatosensory cortex", "parietal"),
    ("IPC", "posteroventral (inferior) parietal cortex", "parietal"),
    ("A1C", "primary auditory cortex", "temporal"),
    ("ITC", "inferolateral temporal cortex", "temporal"),
    ("V1C", "primary visual cortex", "occipital"),
    ("HIP", "hippocampus", "subcortical"),
    ("AMY", "amygdaloid complex", "subcortical"),
    ("STR", "striatum", "subcortical"),
    ("MD", "mediodorsal nucleus of thalamus", "subcortical"),
    ("CBC", "cerebellar cortex", "cerebellum"),
)

# gene -> (baseline log RPKM, regions where the gene is up, log fold change there)
_MODULES: dict[str, tuple[float, tuple[str, ...], float]] = {
    # cortex
    "SATB2": (2.0, ("DFC", "VFC", "OFC", "M1C", "S1C", "IPC", "A1C", "ITC", "V1C"), 1.8),
    "NEUROD6": (1.5, ("DFC", "VFC", "OFC", "M1C", "S1C", "IPC", "A1C", "ITC", "V1C"), 2.0),
    "TBR1": (1.8, ("DFC", "VFC", "OFC", "M1C", "S1C", "IPC", "A1C", "ITC", "V1C", "AMY"), 1.5),
    "SLC17A7": (3.0, ("DFC", "VFC", "OFC", "M1C", "S1C", "IPC", "A1C", "ITC", "V1C", "HIP"), 1.7),
    "CARTPT": (0.5, ("DFC", "VFC", "OFC"), 2.2),
    "PCP4": (2.0, ("M1C", "S1C", "CBC", "MD"), 1.5),
    "NEFH": (3.0, ("M1C", "S1C", "V1C"), 1.2),
    "CALB1": (2.2, ("V1C", "A1C", "CBC"), 1.4),
    # hippocampus / amygdala
    "PROX1": (0.3, ("HIP",), 3.0),
    "ZBTB20": (2.0, ("HIP", "AMY"), 1.3),
    "NR2F2": (1.0, ("AMY", "HIP", "MD"), 1.6),
    # striatum
    "PPP1R1B": (1.5, ("STR",), 3.2),
    "PENK": (1.8, ("STR", "AMY"), 2.8),
    "DRD1": (0.2, ("STR",), 3.0),
    "ADORA2A": (0.1, ("STR",), 3.5),
    "GPR88": (0.5, ("STR",), 3.0),
    # thalamus
    "TCF7L2": (1.0, ("MD",), 3.0),
    "SLC17A6": (0.2, ("MD",), 3.5),
    "ZIC4": (-0.5, ("MD", "CBC"), 3.0),
    # cerebellum
    "PCP2": (-1.0, ("CBC",), 5.0),
    "CBLN1": (-0.5, ("CBC",), 5.0),
    "GABRA6": (-2.0, ("CBC",), 6.5),
    "ZIC1": (-0.5, ("CBC",), 4.5),
    "NEUROD1": (-0.8, ("CBC",), 4.0),
    # glia and housekeeping (little regional structure)
    "MBP": (7.6, ("MD", "STR", "CBC"), 0.8),  # the highly expressed gene
    "PLP1": (6.0, ("MD", "STR"), 0.7),
    "GFAP": (5.0, ("HIP", "AMY", "MD"), 0.6),
    "AQP4": (3.5, ("HIP", "AMY"), 0.5),
    "OLIG2": (2.5, ("MD", "STR"), 0.6),
    "GAPDH": (6.5, (), 0.0),
    "ACTB": (6.8, (), 0.0),
    "SNAP25": (5.5, ("DFC", "VFC", "OFC", "M1C", "S1C", "IPC", "A1C", "ITC", "V1C", "HIP"), 0.5),
    "SST": (2.5, ("DFC", "ITC", "AMY", "STR"), 1.0),
    "PVALB": (1.5, ("M1C", "S1C", "V1C", "CBC"), 1.4),
    "VIP": (1.2, ("DFC", "VFC", "A1C", "ITC"), 1.2),
    "RELN": (1.8, ("CBC", "HIP"), 1.6),
}

_DONORS: tuple[tuple[str, str, str], ...] = (
    ("H376.IIIB.51", "23 yrs", "F"),
    ("H376.IV.51", "30 yrs", "M"),
    ("H376.V.51", "36 yrs", "M"),
    ("H376.VI.51", "40 yrs", "F"),
)


def load_demo(seed: int = 20240601) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The synthetic BrainSpan-like example.

    Returns
    -------
    expr : pandas.DataFrame
        Genes x samples, RPKM-like values (synthetic). Sample ids ``S01, S02, ...``.
    samples : pandas.DataFrame
        One row per sample (index = sample id) with BrainSpan's column metadata fields:
        ``donor_id``, ``donor_name``, ``age``, ``gender``, ``structure_id``,
        ``structure_acronym``, ``structure_name``, plus ``lobe``.

    Notes
    -----
    Deterministic for a given seed. Each donor lacks one region (as in the real download, where
    not every donor has every structure), so regions have three or four replicates.
    """
    rng = np.random.default_rng(seed)
    genes = list(_MODULES)
    rows = []
    columns: dict[str, np.ndarray] = {}
    k = 0
    for d, (donor, age, sex) in enumerate(_DONORS):
        donor_effect = rng.normal(0, 0.15)
        skip = DEMO_REGIONS[(3 * d + 1) % len(DEMO_REGIONS)][0]
        for r, (acro, name, lobe) in enumerate(DEMO_REGIONS):
            if acro == skip:
                continue
            k += 1
            sid = f"S{k:02d}"
            logv = np.empty(len(genes))
            for g, gene in enumerate(genes):
                base, up, lfc = _MODULES[gene]
                mu = base + (lfc if acro in up else 0.0) + donor_effect
                logv[g] = mu + rng.normal(0, 0.35)
            values = np.round(np.exp(logv), 3)
            columns[sid] = values
            rows.append(
                {
                    "sample": sid,
                    "donor_id": 13058 + d,
                    "donor_name": donor,
                    "age": age,
                    "gender": sex,
                    "structure_id": 10160 + r,
                    "structure_acronym": acro,
                    "structure_name": name,
                    "lobe": lobe,
                }
            )
    expr = pd.DataFrame(columns, index=pd.Index(genes, name="gene_symbol"))
    samples = pd.DataFrame(rows).set_index("sample")
    return expr, samples


def demo_folder() -> Path:
    """The folder of the bundled demo files in BrainSpan's ``genes_matrix_csv`` layout.

    The folder holds ``expression_matrix.csv``, ``rows_metadata.csv`` and
    ``columns_metadata.csv`` with the SYNTHETIC values of :func:`load_demo` (36 genes x 52
    samples of 14 adult brain regions), plus a README. Read it with
    :func:`pyr_heatmap.prepare.read_brainspan`; do not write into it.

    Returns
    -------
    pathlib.Path
        The folder inside the installed package.

    Raises
    ------
    InputError
        When the files are missing (an installation without the package data).
    """
    folder = Path(__file__).resolve().parent / "data" / "brainspan_demo"
    if not (folder / "expression_matrix.csv").is_file():
        raise InputError(
            f"the bundled demo files are missing from {folder}; reinstall pyr_heatmap (the "
            f"wheel ships them as package data)"
        )
    return folder


def _quote(value: object) -> str:
    """One CSV cell as R's write.csv writes it: numbers bare, text in double quotes, NA empty."""
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return ""
    if isinstance(value, (bool, np.bool_)):
        return "TRUE" if value else "FALSE"
    if isinstance(value, (int, np.integer)):
        return str(int(value))
    if isinstance(value, (float, np.floating)):
        return repr(float(value))
    text = str(value).replace('"', '""')
    return f'"{text}"'


_COLUMN_FIELDS = ("donor_id", "donor_name", "age", "gender", "structure_id", "structure_acronym",
                  "structure_name")


def write_brainspan(
    expr: pd.DataFrame,
    samples: pd.DataFrame,
    folder: str | os.PathLike[str],
    *,
    ensembl_ids: Sequence[str] | None = None,
    decimals: int = 6,
) -> Path:
    """Write a genes x samples matrix and its sample table in BrainSpan's download layout.

    Parameters
    ----------
    expr : pandas.DataFrame
        Genes x samples, indexed by gene symbol.
    samples : pandas.DataFrame
        One row per column of ``expr`` (aligned by label) with BrainSpan's column fields
        ``donor_id, donor_name, age, gender, structure_id, structure_acronym, structure_name``
        (other columns are not written).
    folder : str or os.PathLike
        An existing folder; ``expression_matrix.csv``, ``rows_metadata.csv`` and
        ``columns_metadata.csv`` are written (atomically) into it.
    ensembl_ids : sequence of str, optional
        One id per gene; default: placeholders ``SYNTH00001``, ... (the demo is synthetic).
    decimals : int, default 6
        Decimals of the values (the real download has 6).

    Returns
    -------
    pathlib.Path
        The folder.

    Notes
    -----
    Layout: expression_matrix.csv has no header, one line per gene (row number, then the
    values); rows_metadata.csv has ``row_num, gene_id, ensembl_gene_id, gene_symbol,
    entrez_id`` (``gene_id`` = the row number here, ``entrez_id`` empty); columns_metadata.csv
    has ``column_num`` and the fields above. Text cells are double-quoted as R's
    ``write.csv`` writes them.
    """
    from pyr_heatmap.io import write_atomic

    target = Path(folder)
    if not target.is_dir():
        raise InputError(f"{target}: no such folder; create it first")
    missing = [f for f in _COLUMN_FIELDS if f not in samples.columns]
    if missing:
        raise InputError(f"write_brainspan: the sample table lacks BrainSpan field(s) {missing}")
    table = samples.loc[list(expr.columns)]
    values = expr.to_numpy(dtype=np.float64)
    n = values.shape[0]
    ids = list(ensembl_ids) if ensembl_ids is not None else [f"SYNTH{i:05d}" for i in
                                                                range(1, n + 1)]
    if len(ids) != n:
        raise InputError(f"write_brainspan: {len(ids)} ensembl_ids for {n} genes")
    fmt = f"{{:.{int(decimals)}f}}"
    lines = [",".join([str(i + 1), *(fmt.format(v) for v in row)])
             for i, row in enumerate(values)]
    rows = ['"row_num","gene_id","ensembl_gene_id","gene_symbol","entrez_id"']
    rows += [f"{i + 1},{i + 1},{_quote(ids[i])},{_quote(str(g))},"
             for i, g in enumerate(expr.index)]
    cols = [",".join(_quote(f) for f in ("column_num", *_COLUMN_FIELDS))]
    for k, (_, rec) in enumerate(table.iterrows()):
        cols.append(",".join([str(k + 1), *(_quote(rec[f]) for f in _COLUMN_FIELDS)]))
    for name, content in (("expression_matrix.csv", lines), ("rows_metadata.csv", rows),
                          ("columns_metadata.csv", cols)):
        data = ("\n".join(content) + "\n").encode("utf-8")
        write_atomic(target / name, lambda fh, data=data: fh.write(data))
    return target
