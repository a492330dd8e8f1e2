"""Shared test helpers: bit-level comparison and hand-written BrainSpan download folders."""

from __future__ import annotations

import numpy as np

REGIONS = ["DFC", "V1C", "HIP", "STR", "CBC", "MD"]


def assert_same_bits(got, want) -> None:
    got = np.asarray(got, dtype=np.float64)
    want = np.asarray(want, dtype=np.float64)
    assert got.shape == want.shape
    assert np.array_equal(np.isnan(got), np.isnan(want)), "NaN cells differ"
    ok = ~np.isnan(got)
    diff = np.flatnonzero(got[ok].view(np.uint64) != want[ok].view(np.uint64))
    assert diff.size == 0, f"{diff.size} values differ, e.g. {got[ok][diff[:3]]!r}"


def value_text(rng: np.random.Generator, tricky: list[str], odd: bool) -> str:
    """One cell: mostly plain decimals; a few R-vs-float() cases; odd forms when ``odd``."""
    u = rng.random()
    if u < 0.08:
        return tricky[int(rng.integers(len(tricky)))]
    if u < 0.15:
        return "0.000000"
    if odd and u < 0.22:
        return ["NA", "", "1.5e-3", "2E+2", "+3.25", "-0", "0.123456789012345678901234",
                "12345678901234567890.5", " 7.5 "][int(rng.integers(9))]
    d = int(rng.integers(0, 10))
    return f"{np.exp(rng.normal(1, 2.5)):.{d}f}"


def q(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def write_brainspan_files(folder, rng, tricky, *, n_genes=25, n_donors=4, odd=False,
                          symbols=None, newline="\n"):
    """The three files of a genes_matrix_csv download, written by hand in BrainSpan's layout."""
    folder.mkdir(parents=True, exist_ok=True)
    cols = ['"column_num","donor_id","donor_name","age","gender","structure_id",'
            '"structure_acronym","structure_name"']
    k = 0
    for d in range(n_donors):
        for r, acro in enumerate(REGIONS):
            if rng.random() < 0.2:
                continue  # not every donor has every region
            k += 1
            cols.append(f"{k},{12800 + d},{q(f'H376.{d}.5')},{q(f'{8 + d} pcw')},"
                        f"{q('MF'[d % 2])},{10160 + r},{q(acro)},{q(acro.lower() + ', region')}")
    n_samples = k
    if symbols is None:
        symbols = [f"G{i}" for i in range(n_genes)]
    rows = ['"row_num","gene_id","ensembl_gene_id","gene_symbol","entrez_id"']
    lines = []
    for i, sym in enumerate(symbols, start=1):
        rows.append(f"{i},{1000 + i},{q(f'ENSG{i:011d}')},{q(sym)},{'' if i % 3 else 5000 + i}")
        lines.append(",".join([str(i), *(value_text(rng, tricky, odd) for _ in range(n_samples))]))
    for name, content in (("expression_matrix.csv", lines), ("rows_metadata.csv", rows),
                          ("columns_metadata.csv", cols)):
        (folder / name).write_bytes((newline.join(content) + newline).encode())
    return n_samples
