"""String order against live R: factor levels, split slices, and R's choice of collation locale.

R orders strings with the ICU collator of its collation locale (root collation in this
machine's C.UTF-8). pyr_heatmap opens the same collator in the same ICU library; these tests
ask R for the order of random strings from many scripts, and of random code points from all of
Unicode, and compare.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pyr_heatmap import Heatmap
from pyr_heatmap.engine.collate import collation_locale, icu_sort_key
from pyr_heatmap.engine.rfactor import _collation_key, r_sort_strings

pytestmark = pytest.mark.needs_r

LETTERS = (
    "aAbBcCdDeEoOsStTzZ"  # Latin
    "øØæÆłŁđĐßþÞðÐœŒåÅäÄöÖüÜéÉèêëçñíìîïõãāăąčďěğħıĳĸŀňŉŋőřşšţťŧůűųŵŷžſ"  # Latin letters
    "αβγΑΒΓάέ"  # Greek
    "абвгдеёжАБВЁЖ"  # Cyrillic
    "אבגدرسشعغ"  # Hebrew, Arabic
    "日本語中文字한국어かなカナ"  # CJK, Hangul, kana
    "ऄअआकखग"  # Devanagari
    "0123456789٣४"  # digits
    " _-,;:!?.'\"()[]{}@*/\\&#%`^+<=>|~$€£¥§©®°±µ¶·×÷"  # spaces, punctuation, symbols
    "\u0301\u0300\u0308\u0327\u030a\u00a0\u2009"  # combining accents, other spaces
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.text(alphabet=st.sampled_from(LETTERS), max_size=6), min_size=1, max_size=25))
def test_levels_equal_r_for_many_scripts(r, words: list[str]) -> None:
    """levels(factor(x)) in R == r_sort_strings(unique(x)), for words from many scripts."""
    want = r.call("ord_levels", words)
    assert r_sort_strings(list(dict.fromkeys(words))) == list(want)


def test_levels_equal_r_for_all_of_unicode(r) -> None:
    """Random code points from every plane (all but surrogates and NUL) sort as in R."""
    rng = np.random.default_rng(2024)
    planes = [(1, 0xD7FF), (0xE000, 0xFFFF), (0x10000, 0x3FFFF), (0xE0000, 0x10FFFF)]
    words = []
    for _ in range(3000):
        n = int(rng.integers(1, 5))
        chars = []
        for _ in range(n):
            lo, hi = planes[int(rng.integers(0, len(planes)))]
            if rng.random() < 0.5:  # also mostly-BMP strings, where most scripts live
                lo, hi = 0x20, 0x3400
            chars.append(chr(int(rng.integers(lo, hi + 1))))
        words.append("".join(chars))
    words += ["e\u0301", "\u00e9", "a\u0001b", "ab"]  # strings ICU ranks equal keep input order
    want = r.call("ord_levels", words)
    assert r_sort_strings(list(dict.fromkeys(words))) == list(want)


def test_split_order_follows_r_for_nordic_letters(r) -> None:
    """The reported case: Øst sorts before Pol in R, so its slice comes first."""
    rng = np.random.default_rng(7)
    m = rng.normal(size=(8, 4))
    labels = ["Øst", "Pol", "Øst", "Pol", "Łódź", "Zürich", "Ærø", "Đakovo"]
    res = r.call("ord_heatmap", m, {"split": labels, "cluster_slices": "FALSE"}, {})
    want = np.asarray(res["row"]["order"]).astype(int) - 1
    got = Heatmap(m, row_split=labels, cluster_row_slices=False).draw(backend="native")
    assert list(got.row_order) == list(res["row"]["names"])  # slices in R's level order
    assert np.array_equal(np.concatenate(list(got.row_order.values())), want)


def test_fallback_key_is_exact_on_what_it_claims(r) -> None:
    """Without an ICU library: exact for ASCII and Latin letters with the common accents."""
    rng = np.random.default_rng(91)
    alphabet = [*"aAbBzZ09 _-.,'()@#+", "é", "É", "è", "ä", "ç", "ñ", "ô"]
    words = sorted({"".join(rng.choice(alphabet, int(rng.integers(1, 5)))) for _ in range(300)})
    assert sorted(words, key=_collation_key) == list(r.call("ord_levels", words))


_SAMPLE = ["Øst", "Pol", "ø", "o", "z", "ß", "ss", "aa", "å", "ä", "æ", "B", "a", "_x", "10", "9",
           "\U0001F600x", "<U+00E9>", "é"]
_PY = (
    "import sys; from pyr_heatmap.engine.rfactor import r_sort_strings; "
    "w = open(sys.argv[1], encoding='utf-8').read().splitlines(); "
    "sys.stdout.buffer.write('\\n'.join(r_sort_strings(w)).encode() + b'\\n')"
)
_R = (
    "writeLines(levels(factor(readLines(commandArgs(TRUE)[1], encoding = 'UTF-8'))), "
    "useBytes = TRUE)"
)


@pytest.mark.parametrize(
    "env",
    [{"R_ICU_LOCALE": "sv_SE.UTF-8"}, {"R_ICU_LOCALE": "da_DK"}, {"LC_ALL": "C"},
     {"LC_ALL": "POSIX"}, {"LC_ALL": "C.UTF-8"}, {"LC_ALL": "xx_YY.UTF-8"}],
)
def test_collation_locale_is_chosen_as_r_chooses_it(env: dict[str, str], tmp_path) -> None:
    """Same environment, same order: R's locale rules (R_ICU_LOCALE, LC_ALL, C = bytes)."""
    full = {k: v for k, v in os.environ.items() if k not in ("R_ICU_LOCALE", "LC_ALL")}
    full.update(env)
    full["PYTHONPATH"] = str(Path(__file__).resolve().parents[2])
    words = tmp_path / "words.txt"
    words.write_text("\n".join(_SAMPLE) + "\n", encoding="utf-8")
    py = subprocess.run([sys.executable, "-c", _PY, str(words)], env=full, capture_output=True,
                        check=True)
    rr = subprocess.run(["Rscript", "-e", _R, str(words)], env=full, capture_output=True,
                        check=True)
    assert py.stdout.decode().split() == rr.stdout.decode().split(), env
    assert sorted(py.stdout.decode().split()) == sorted(_SAMPLE)


def test_collation_locale_of_this_session_is_rs(r) -> None:
    """The embedded R of the tests collates as collation_locale() says (ICU or bytes)."""
    if collation_locale() == "C":
        assert r.eval("icuGetCollate()")[0] in ("ICU not in use", "unknown")
    else:
        assert icu_sort_key() is not None
        assert r.eval("capabilities('ICU')")[0]
