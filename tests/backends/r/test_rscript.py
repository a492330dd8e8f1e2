"""The exported R script: run with Rscript, its printed orders must be the native orders."""

from __future__ import annotations

import shutil
import subprocess

import numpy as np
import pandas as pd
import pytest

import pyr_heatmap as ph
from pyr_heatmap.backends.r.rscript_text import parse_script_output, r_string
from pyr_heatmap.errors import InputError

HOSTILE = [
    'say "hi"',
    "back\\slash \\n not a newline \\",
    "two\nlines\r\nand\ttabs",
    '"); system("touch PWNED"); ("',
    "@{system('touch PWNED')} %s {x}",
    "Grüße, 脳 région ✓",
    "'single' `tick` $x ${y} \x01\x7f",
    "",
]


def flat(order):
    if isinstance(order, dict):
        return np.concatenate([np.asarray(v) for v in order.values()])
    return np.asarray(order)


def run_script(path, cwd) -> dict:
    rscript = shutil.which("Rscript")
    assert rscript, "Rscript is not on the PATH"
    proc = subprocess.run([rscript, str(path)], cwd=cwd, capture_output=True, text=True,
                          timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return parse_script_output(proc.stdout)


def check_against_native(hm, out) -> None:
    native = hm.draw(backend="native", dpi=30)
    assert np.array_equal(out["row_order"], flat(native.row_order))
    assert np.array_equal(out["column_order"], flat(native.column_order))
    if isinstance(native.row_order, dict):
        assert list(out["row_slices"]) == list(native.row_order)
    assert out["row_labels"] == native.row_labels
    assert out["column_labels"] == native.column_labels


@pytest.mark.needs_r
def test_r_string_parses_back(r):
    extra = ["\\", '"', "\x1b[31m", "\u0085 \u2028", "😀", "a\\\"b", "\\x41\\u{41}"]
    for s in HOSTILE + extra:
        assert str(r.call("rb_parse_literal", r_string(s))[0]) == s
    with pytest.raises(InputError):
        r_string("nul\x00")


@pytest.mark.needs_r
def test_scripts_reproduce_orders(r, tmp_path):
    rng = np.random.default_rng(21)
    m = pd.DataFrame(rng.normal(size=(16, 6)), index=[f"g{i}" for i in range(16)],
                     columns=[f"s{j}" for j in range(6)])
    m.iloc[2, 3] = np.nan
    hr = ph.hclust(ph.dist(m.fillna(0).to_numpy()), "ward.D2")  # not reproducible from mat
    hc = ph.hclust(ph.dist(m.to_numpy().T, "manhattan"), "average")
    configs = [
        ("defaults", {}),
        ("trees", {"cluster_rows": hr, "cluster_columns": hc}),
        ("splits", {"row_split": [("b", "a", "c")[i % 3] for i in range(16)],
                    "column_split": 2, "clustering_method_rows": "mcquitty",
                    "clustering_distance_rows": "spearman",
                    "top_annotation": ph.HeatmapAnnotation(x=rng.normal(size=6),
                                                           kind=list("aabbcc"))}),
        ("km labels", {"row_km": [1 + i % 3 for i in range(16)], "cluster_columns": False}),
    ]
    for name, kw in configs:
        hm = ph.Heatmap(m, **kw)
        script = hm.to_r_script(tmp_path / f"{name.replace(' ', '_')}.R")
        out = run_script(script, tmp_path)
        check_against_native(hm, out)
        assert (tmp_path / f"{script.stem}_ComplexHeatmap.png").read_bytes()[:4] == b"\x89PNG"
        text = script.read_text(encoding="utf-8")
        if name == "trees":
            # hc is reproduced by an R call, hr (made from other data) is read from a CSV
            assert 'hc <- hclust(dist(t(mat), method = "manhattan"), method = "average")' in text
            assert "read_tree(" in text
    # the matrix CSV reads back bit for bit in R
    csv = tmp_path / "defaults_matrix.csv"
    back = r.call("rb_read_matrix", str(csv), 6)
    assert np.array_equal(np.asarray(back["values"]), m.to_numpy(), equal_nan=True)
    assert [str(v) for v in back["rows"]] == list(m.index)


@pytest.mark.needs_r
def test_hostile_strings_in_script(r, tmp_path):
    n = len(HOSTILE)
    rng = np.random.default_rng(22)
    m = pd.DataFrame(rng.normal(size=(n, 4)), index=HOSTILE,
                     columns=[HOSTILE[3], HOSTILE[5], "NA", HOSTILE[2]])
    ha = ph.HeatmapAnnotation(**{HOSTILE[1]: [HOSTILE[0], HOSTILE[4], HOSTILE[0], "NA"]})
    for split, title in ((None, HOSTILE[3]), ([i % 2 for i in range(n)], HOSTILE[4])):
        hm = ph.Heatmap(m, name=HOSTILE[2], row_title=title, column_title=HOSTILE[5],
                        row_split=split, top_annotation=ha)
        script = hm.to_r_script(tmp_path / "we ird'\"name.R")
        code = script.read_text(encoding="utf-8")
        for s in HOSTILE[:7]:
            assert s not in code  # no user text in the R code
        out = run_script(script, tmp_path)
        check_against_native(hm, out)
    assert sorted(out["row_labels"]) == sorted(HOSTILE)
    assert not (tmp_path / "PWNED").exists()


@pytest.mark.needs_r
def test_prepared_from_pipeline(r, tmp_path):
    rng = np.random.default_rng(23)
    raw = pd.DataFrame(rng.gamma(2.0, 30.0, size=(14, 6)), index=[f"gene{i}" for i in range(14)],
                       columns=[f"region{j}" for j in range(6)])
    raw.iloc[4] = 7.0  # zero variance: scale_rows drops it, the script must drop it too
    with pytest.warns(UserWarning):
        z = ph.scale_rows(ph.log2p(raw))
    hr = ph.hclust(ph.dist(z.to_numpy()), "ward.D2")
    hr = ph.HClust(hr.merge, hr.height, hr.order, None, "ward.D2", "euclidean")
    hm = ph.Heatmap(z, cluster_rows=hr, clustering_method_columns="ward.D2")
    script = hm.to_r_script(tmp_path / "recipe.R", prepared_from=raw)
    text = script.read_text(encoding="utf-8")
    assert "mat <- log2(mat + 1)" in text and "mat <- t(scale(t(mat)))" in text
    assert 'hr <- hclust(dist(mat, method = "euclidean"), method = "ward.D2")' in text
    out = run_script(script, tmp_path)
    check_against_native(hm, out)
    # steps that do not give the heatmap's matrix are refused before anything is written
    target = tmp_path / "bad"
    target.mkdir()
    with pytest.raises(InputError, match="does not give the heatmap's matrix"):
        hm.to_r_script(target / "x.R", prepared_from=raw, steps=["log2p"])
    with pytest.raises(InputError, match="unknown preparation steps"):
        hm.to_r_script(target / "x.R", prepared_from=raw, steps=["log10"])
    assert list(target.iterdir()) == []
    with pytest.raises(InputError, match="does not exist"):
        hm.to_r_script(tmp_path / "missing" / "x.R")


@pytest.mark.needs_r
def test_script_carries_the_styling(r, tmp_path):
    """The exported script draws the styled figure: fixed order, labels, fonts, borders and cell
    text reach ComplexHeatmap (the script's printed orders and labels are R's)."""
    rng = np.random.default_rng(3)
    m = pd.DataFrame(rng.normal(size=(6, 4)), index=[f"g{i}" for i in range(6)],
                     columns=list("ABCD"))
    hm = ph.Heatmap(m, row_order=[5, 4, 3, 2, 1, 0], row_labels=[f"L{i}" for i in range(6)],
                    row_names_gp={"fontface": "italic", "col": "darkblue"}, border="red",
                    rect_gp={"col": "white"}, cell_text="{:.1f}", row_names_side="left")
    script = hm.to_r_script(tmp_path / "s.R")
    text = script.read_text()
    assert "cell_fun" in text and "row_names_side = \"left\"" in text and "fontface" in text
    assert "darkblue" not in text  # user strings stay in the data files
    done = subprocess.run(["Rscript", "--vanilla", str(script)], cwd=tmp_path,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    out = parse_script_output(done.stdout)
    assert out["row_order"].tolist() == [5, 4, 3, 2, 1, 0]
    assert (tmp_path / "s_ComplexHeatmap.png").read_bytes()[:4] == b"\x89PNG"
