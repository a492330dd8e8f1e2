"""Number texts as R's read.csv reads them: hex, Inf/NaN/NA, signs, blanks (issue 14, item 4)."""

from __future__ import annotations

import numpy as np
import pytest

from pyr_heatmap.errors import InputError
from pyr_heatmap.prepare.matrix import read_matrix
from pyr_heatmap.prepare.numbers import _parse_column

pytestmark = pytest.mark.needs_r

FORMS = [
    " 1", "1 ", "+1", "0x10", "0X1F", "-0x10", "+0x10", "0x1.8p3", "0x1.8", "0x1p-2", "0xAp+1",
    "0x1.p1", "0x.8p1", "0x1.8.8p1", "0xg", "0x", "0x10 ", "0x.", "0x1p", "0X.8P+1", "0x10p2000",
    "0x0p2000", "0x1p-1074", "0x1p-1075", "0x1p-1022", "0xFFFFFFFFFFFFFFFFFFFF", "1e-400",
    "1e400", "-1e400", "Inf", "-inf", "infinity", "+Inf", "-Infinity", "INF", "Infinite", "NaN",
    "nan", "-NaN", "+nan", " NaN ", "NA", " NA", "NA ", "na", " ", "1.", ".5", "1e", "1e+",
    "5e-324", "4.9e-324", "2e-324", "1d5", "1_0", "\u0661", "TRUE", "\u00a01", "1\u00a0",
    "\t2", "- 1", "--1", "+-1",
]


def _r_cells(r, tmp_path, texts: list[str]) -> dict:
    path = tmp_path / "cells.csv"
    path.write_text(",".join(texts) + "\n" + ",".join(["1"] * len(texts)) + "\n",
                    encoding="utf-8")
    return r.call("rdr_read_cells", str(path))


def _compare(r, tmp_path, texts: list[str]) -> None:
    res = _r_cells(r, tmp_path, texts)
    for k, text in enumerate(texts):
        values, bad = _parse_column([text, "1"])
        r_numeric = bool(res["numeric"][k])
        assert (not bad[0]) == r_numeric, (text, r_numeric)
        if r_numeric:
            want = float(res["value"][k])
            got = float(values[0])
            if np.isnan(want):
                assert np.isnan(got), text
            else:
                assert np.float64(got).tobytes() == np.float64(want).tobytes(), (text, got, want)


def test_listed_forms_are_read_as_r_reads_them(r, tmp_path) -> None:
    _compare(r, tmp_path, FORMS)


def test_random_number_like_texts_are_read_as_r_reads_them(r, tmp_path) -> None:
    rng = np.random.default_rng(4)
    pieces = ["0x", "0X", "1", "8", "9", "0", "a", "F", "f", ".", "p", "P", "e", "E", "+", "-",
              " ", "\t", "Inf", "inity", "NaN", "NA", "n", "x", "7", "3", "C"]
    texts: list[str] = []
    for _ in range(1500):
        k = int(rng.integers(1, 7))
        texts.append("".join(rng.choice(pieces, k)))
    for _ in range(500):  # well-formed hex floats with random digits and exponents
        digits = "".join(rng.choice(list("0123456789abcdef"), int(rng.integers(1, 20))))
        frac = "".join(rng.choice(list("0123456789ABCDEF"), int(rng.integers(0, 20))))
        sign, expo = rng.choice(["", "-", "+"]), int(rng.integers(-1100, 1100))
        texts.append(f"{sign}0x{digits}.{frac}p{expo}")
    texts = [t for t in dict.fromkeys(texts) if t.strip(" \t") != "" or t == " "]
    _compare(r, tmp_path, texts)


def test_read_matrix_reads_hex_and_specials_bit_identically(r, tmp_path) -> None:
    rows = [["g1", "0x10", "-inf", "1e-400"], ["g2", "+2.5", " Inf ", "0x1.8p3"],
            ["g3", "NA", "NaN", " 0X1F "], ["g4", "", "infinity", "-0x.8p1"]]
    path = tmp_path / "m.csv"
    path.write_text("gene,a,b,c\n" + "\n".join(",".join(row) for row in rows) + "\n",
                    encoding="utf-8")
    got = read_matrix(path).to_numpy()
    want = np.asarray(r.call("rdr_read_csv_matrix", str(path))["values"], dtype=np.float64)
    assert np.array_equal(np.isnan(got), np.isnan(want))  # NA and NaN: both NaN in Python
    ok = ~np.isnan(want)
    assert got[ok].tobytes() == want[ok].tobytes()  # every number bit for bit
    assert got[0, 0] == 16.0 and got[1, 2] == 12.0 and got[0, 2] == 0.0


def test_read_matrix_refuses_what_r_reads_as_text(tmp_path) -> None:
    path = tmp_path / "m.csv"
    path.write_text("gene,a\ng1, NA\ng2,1\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"non-numeric value ' NA'"):
        read_matrix(path)
