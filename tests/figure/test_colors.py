"""Colour mapping parity with live R: circlize::colorRamp2, ComplexHeatmap's default colours and
legend ticks, base::pretty and stats::quantile. Every expected value is asked from R on seeded
random inputs made here."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest

from pyr_heatmap.errors import InputError
from pyr_heatmap.figure.colors import (
    ColorRamp2,
    color_ramp2,
    default_col,
    parse_color,
    r_color_to_hex,
    r_quantile,
)
from pyr_heatmap.figure.colors import spaces as colmod
from pyr_heatmap.figure.colors._rcolors import R_COLORS, R_PALETTE
from pyr_heatmap.figure.pretty import legend_ticks, pretty

NAMES = sorted(R_COLORS)


# ------------------------------------------------------------------------------------------------
# helpers
# ------------------------------------------------------------------------------------------------
def random_colour(rng: np.random.Generator) -> str:
    """A random R colour name (random case, sometimes with blanks) or a random hex colour."""
    kind = rng.integers(4)
    if kind == 0:
        name = NAMES[rng.integers(len(NAMES))]
        return name.upper() if rng.random() < 0.2 else name
    if kind == 1:
        return "#" + "".join(f"{v:02x}" for v in rng.integers(0, 256, 3))
    return "#" + "".join(f"{v:02X}" for v in rng.integers(0, 256, 3 + int(rng.random() < 0.3)))


def random_ramp_case(rng: np.random.Generator, n_values: int = 150):
    """Breaks (unsorted, sometimes duplicated), colours and values hitting every branch."""
    k = int(rng.integers(2, 7))
    scale = 10.0 ** rng.uniform(-3, 4)
    breaks = np.round(rng.normal(0, scale, k), int(rng.integers(0, 6)))
    if len(np.unique(breaks)) < 2:
        breaks[-1] = breaks[0] + scale
    if rng.random() < 0.2:  # a duplicated break (circlize keeps the first colour in sorted order)
        breaks[int(rng.integers(k))] = breaks[0]
        if len(np.unique(breaks)) < 2:
            breaks = np.append(breaks, breaks[0] + scale)
            k += 1
    cols = [random_colour(rng) for _ in range(len(breaks))]
    lo, hi = breaks.min(), breaks.max()
    width = hi - lo
    values = np.concatenate(
        [
            rng.uniform(lo - 0.2 * width, hi + 0.2 * width, n_values),
            breaks,
            [np.nan, np.inf, -np.inf, lo, hi],
        ]
    )
    rng.shuffle(values)
    return breaks, cols, values


def r_ramp(r, breaks, cols, values, space="LAB", transparency=0.0):
    out = r.call(
        "col_ramp",
        np.asarray(breaks, float),
        list(cols),
        np.asarray(values, float),
        space=space,
        transparency=float(transparency),
    )
    hexes = [
        None if na else h for h, na in zip(strs(out["hex"]), np.asarray(out["na"]), strict=True)
    ]
    return hexes, out


def strs(x) -> list[str]:
    """Strings from R (a list or a numpy array, depending on where rpy2 converted them)."""
    return [str(v) for v in np.asarray(x, dtype=object).ravel()]


def hex_bytes(h: str) -> np.ndarray:
    return np.array([int(h[i : i + 2], 16) for i in (1, 3, 5)])


def compare_ramp(r, rng, space, n_cases, n_values=150, transparency=0.0):
    """Map random cases in Python and R; returns (exact matches, total, max channel diff)."""
    exact = total = 0
    worst = 0
    for _ in range(n_cases):
        breaks, cols, values = random_ramp_case(rng, n_values)
        expected, _ = r_ramp(r, breaks, cols, values, space, transparency)
        ours = color_ramp2(breaks, cols, space=space, transparency=transparency)(
            values, with_alpha=True
        )
        for e, o in zip(expected, ours, strict=True):
            total += 1
            assert (e is None) == (o is None), (breaks, cols, e, o)
            if e is None:
                exact += 1
                continue
            assert e[7:] == o[7:]  # alpha
            diff = int(np.max(np.abs(hex_bytes(e) - hex_bytes(o))))
            worst = max(worst, diff)
            exact += e == o
    return exact, total, worst


# ------------------------------------------------------------------------------------------------
# colour names
# ------------------------------------------------------------------------------------------------
def test_rcolors_table_is_r_colors(r):
    tab = r.call("col_color_table")
    assert list(R_COLORS) == strs(tab["names"])
    assert np.array_equal(np.array(list(R_COLORS.values())), np.asarray(tab["rgb"]))
    assert np.array_equal(np.array(R_PALETTE), np.asarray(tab["palette"]))


def test_parse_color_matches_col2rgb(r):
    rng = np.random.default_rng(11)
    specs = [random_colour(rng) for _ in range(300)]
    specs += ["Light Blue", "DARK slate GRAY", "transparent", "NA", "00", "1", "8", "9", "17"]
    specs += ["1.5", "2e0", "0x3", "0X1p1", "10."]
    specs += ["#00000000", "#ffffff80", "grey50", "Gray100"]
    expected = np.asarray(r.call("col_col2rgb", specs))
    ours = np.array([parse_color(s) for s in specs])
    assert np.array_equal(ours, expected)
    for spec, (red, green, blue, alpha) in zip(specs, expected.tolist(), strict=True):
        want = f"#{red:02X}{green:02X}{blue:02X}" + ("" if alpha == 255 else f"{alpha:02X}")
        assert r_color_to_hex(spec) == want


def test_parse_color_integer_indices_match_r(r):
    idx = np.arange(1, 20, dtype=np.int32)
    expected = np.asarray(r.call("col_col2rgb", idx))
    assert np.array_equal(np.array([parse_color(int(i)) for i in idx]), expected)


@pytest.mark.parametrize(
    "bad", ["notacolour", "#12345", "#GG0000", "#FFF", "12a", "", "#1234567", "0", "1 "]
)
def test_parse_color_rejects_what_r_rejects(r, bad):
    with pytest.raises(InputError):
        parse_color(bad)
    msg = r.call("col_ramp_error", np.array([0.0, 1.0]), ["red", bad])
    assert msg != ""


def test_parse_color_rejects_other_types():
    for bad in [None, 1.5, (1, 0, 0), True]:
        with pytest.raises(InputError):
            parse_color(bad)
    for bad in [-1, 0]:
        with pytest.raises(InputError):
            parse_color(bad)


# ------------------------------------------------------------------------------------------------
# colorRamp2
# ------------------------------------------------------------------------------------------------
def test_ramp_lab_matches_r_exactly(r):
    # 60 random break/colour sets of ~160 values each. The LAB round trip calls pow(); our result
    # is exact by construction (see pyr_heatmap.figure.colors), so every string must equal R's.
    exact, total, worst = compare_ramp(r, np.random.default_rng(2024), "LAB", 60)
    assert worst == 0, f"{exact}/{total} exact, largest channel difference {worst}"
    assert exact == total


@pytest.mark.parametrize("space", ["RGB", "sRGB", "XYZ", "LUV", "HLS"])
def test_ramp_other_spaces_match_r_exactly(r, space):
    exact, total, worst = compare_ramp(r, np.random.default_rng(7), space, 12)
    assert worst == 0, f"{space}: {exact}/{total} exact, largest channel difference {worst}"
    assert exact == total


def test_ramp_many_values_match_r(r):
    # 3 x 20000 random values in one call each (the vectorised path on large inputs).
    exact, total, worst = compare_ramp(r, np.random.default_rng(99), "LAB", 3, n_values=20000)
    assert worst == 0 and exact == total


def rounding_boundaries(ramp: ColorRamp2, rng: np.random.Generator, n_grid: int = 300):
    """Pairs of adjacent doubles between which one hex byte of the mapping changes.

    At these values a channel is within ~1e-13 of a rounding boundary of (int)(255 * v + 0.5),
    so any last-bit difference from R's arithmetic (e.g. a SIMD pow instead of libm's) shows.
    """
    b = ramp.breaks
    x = np.sort(rng.uniform(b[0], b[-1], n_grid))
    byt = ramp._bytes(x)
    chg = np.nonzero(np.any(byt[1:] != byt[:-1], axis=1))[0]
    lo, hi, blo = x[chg], x[chg + 1], byt[chg]
    for _ in range(64):
        mid = lo + (hi - lo) / 2
        same = np.all(ramp._bytes(mid) == blo, axis=1)
        lo, hi = np.where(same, mid, lo), np.where(same, hi, mid)
    return np.concatenate([lo, hi])


@pytest.mark.parametrize("space", ["LAB", "RGB", "XYZ", "LUV"])
def test_ramp_matches_r_at_rounding_boundaries(r, space):
    # Measured while writing this test: with numpy's vectorised power alone (no recomputation of
    # borderline values) 312 of 8972 such LAB values differed from R; with it, none.
    rng = np.random.default_rng(41)
    exact = total = 0
    for _ in range(6):
        breaks, cols, _ = random_ramp_case(rng, 1)
        ramp = color_ramp2(breaks, cols, space=space)
        xs = rounding_boundaries(ramp, rng)
        expected, _ = r_ramp(r, breaks, cols, xs, space)
        ours = ramp(xs, with_alpha=True)
        exact += sum(e == o for e, o in zip(expected, ours, strict=True))
        total += len(xs)
    assert total > 500
    assert exact == total, f"{space}: {exact}/{total} exact at rounding boundaries"


@pytest.mark.parametrize("transparency", [0.5, 0.3, 0.999, 1.0, -0.5, 2.0])
def test_ramp_transparency_matches_r(r, transparency):
    exact, total, _ = compare_ramp(r, np.random.default_rng(5), "LAB", 2, 40, transparency)
    assert exact == total


def test_ramp_rgba_matches_r_return_rgb(r):
    rng = np.random.default_rng(31)
    for _ in range(10):
        breaks, cols, values = random_ramp_case(rng, 60)
        _, out = r_ramp(r, breaks, cols, values, transparency=0.25)
        ours = color_ramp2(breaks, cols, transparency=0.25).rgba(values)
        finite = ~np.isnan(values)
        assert np.array_equal(ours[finite], np.asarray(out["rgb"]))
        assert np.isnan(ours[~finite]).all()


def test_ramp_breaks_and_colours_follow_r(r):
    # circlize sorts the breaks with their colours and drops repeated breaks; the colours R
    # stores for its (user-ordered) breaks are our mapping of those breaks.
    rng = np.random.default_rng(3)
    for _ in range(20):
        breaks, cols, values = random_ramp_case(rng, 5)
        _, out = r_ramp(r, breaks, cols, values)
        ramp = color_ramp2(breaks, cols)
        assert np.array_equal(np.asarray(out["breaks"]), breaks)
        assert list(ramp(breaks, with_alpha=True)) == strs(out["colors"])
        assert np.array_equal(ramp.breaks, np.unique(breaks))
        assert np.all(np.diff(ramp.breaks) > 0)


def test_ramp_matrix_shape_and_scalar():
    ramp = color_ramp2([0, 1], ["white", "red"])
    m = np.array([[0.0, 0.5], [np.nan, 2.0]])
    out = ramp(m)
    assert out.shape == (2, 2) and out[1, 0] is None and out[0, 0] == "#FFFFFF"
    assert ramp(0.0) == "#FFFFFF" and ramp(np.nan) is None
    assert ramp.rgba(m).shape == (2, 2, 4)
    assert ramp([]).shape == (0,)


def test_ramp_is_immutable_and_does_not_touch_input():
    breaks = np.array([2.0, 0.0, 1.0])
    cols = ["red", "blue", "white"]
    ramp = color_ramp2(breaks, cols)
    assert np.array_equal(breaks, [2.0, 0.0, 1.0]) and cols == ["red", "blue", "white"]
    with pytest.raises(AttributeError):
        ramp.space = "RGB"
    with pytest.raises(ValueError):
        ramp.breaks[0] = 5.0
    values = np.array([0.5, np.nan, 3.0])
    before = values.copy()
    ramp(values)
    ramp.rgba(values)
    assert np.array_equal(values, before, equal_nan=True)
    assert ramp == color_ramp2([0, 1, 2], ["blue", "white", "red"])
    assert hash(ramp) == hash(color_ramp2([0, 1, 2], ["blue", "white", "red"]))
    assert isinstance(ramp, ColorRamp2) and ramp.colors == ("#0000FF", "#FFFFFF", "#FF0000")


@pytest.mark.parametrize(
    ("breaks", "cols", "space"),
    [
        ([0.0, 1.0], ["red"], "LAB"),
        ([1.0, 1.0], ["red", "blue"], "LAB"),
        ([0.0, 1.0], ["red", "blue"], "HSV"),
        ([0.0, 1.0], ["red", "nocolour"], "LAB"),
    ],
)
def test_ramp_bad_input_raises_where_r_errors(r, breaks, cols, space):
    with pytest.raises(InputError):
        color_ramp2(breaks, cols, space=space)
    assert r.call("col_ramp_error", np.array(breaks), cols, space=space) != ""


def test_ramp_rejects_nan_breaks_and_transparency():
    with pytest.raises(InputError):
        color_ramp2([0.0, np.nan], ["red", "blue"])
    with pytest.raises(InputError):
        color_ramp2([0.0, 1.0], ["red", "blue"], transparency=np.nan)
    with pytest.raises(InputError):
        color_ramp2([0.0, 1.0], ["red", "blue"])(["a", "b"])


def test_vectorised_pow_path_equals_libm_path():
    # The fast path (numpy power + recomputation of borderline values) must give the same bytes
    # as computing every value with math.pow (the C library's pow, which colorspace calls).
    rng = np.random.default_rng(8)
    lab = np.column_stack(
        [rng.uniform(-5, 105, 40000), rng.uniform(-130, 130, 40000), rng.uniform(-130, 130, 40000)]
    )
    fast = colmod._to_bytes(lab, "LAB")
    watch = colmod._Watch(len(lab), active=False)
    rgb = colmod._to_srgb(lab, "LAB", colmod._pow_exact, watch)
    rgb = np.where(rgb > 1, 1.0, np.where(rgb < 0, 0.0, rgb))
    slow = (255 * rgb + 0.5).astype(np.int64)
    assert np.array_equal(fast, slow)
    # and numpy's power really differs from libm's here, so the recomputation is needed
    x = rng.random(20000)
    libm = colmod._pow_exact(x, 1 / 2.4)
    assert np.array_equal(libm, [math.pow(v, 1 / 2.4) for v in x])


def test_lab_kernel_equals_vectorised_path():
    # The C kernel (pyr_heatmap/_rcolor.c) against the numpy reference path, itself checked
    # against live R above: random ramps of 2 to 7 breaks, values inside and outside the breaks,
    # exactly on them, infinite, and at the rounding boundaries of every byte.
    rng = np.random.default_rng(12)
    for _ in range(40):
        breaks, cols, _ = random_ramp_case(rng, 1)
        ramp = color_ramp2(breaks, cols, space="LAB")
        b = ramp.breaks
        span = b[-1] - b[0]
        x = np.concatenate([
            rng.uniform(b[0] - span, b[-1] + span, 5000), b, np.nextafter(b, np.inf),
            np.nextafter(b, -np.inf), [np.inf, -np.inf], rounding_boundaries(ramp, rng, 200),
        ])
        assert np.array_equal(ramp._bytes(x), ramp._bytes_vectorised(x))


# ------------------------------------------------------------------------------------------------
# quantile and default colours
# ------------------------------------------------------------------------------------------------
def test_r_quantile_bit_equal(r):
    rng = np.random.default_rng(12)
    for i in range(40):
        n = int(rng.integers(1, 3000))
        x = rng.normal(0, 10.0 ** rng.uniform(-3, 3), n)
        if i % 4 == 0:
            x = np.round(x)
        if i % 5 == 0:
            x[rng.random(n) < 0.1] = np.nan
        probs = np.concatenate([[0.0, 0.01, 0.5, 0.99, 1.0], rng.random(5)])
        expected = np.asarray(r.call("col_quantile", x, probs))
        ours = np.array([r_quantile(x, p) for p in probs])
        assert np.array_equal(ours, expected), (n, probs)


def default_col_matrices() -> list[tuple[str, np.ndarray]]:
    rng = np.random.default_rng(77)
    out = []
    for i in range(8):  # symmetric row z-scores
        x = np.log2(
            rng.lognormal(2, 1.5, (int(rng.integers(20, 200)), int(rng.integers(3, 12)))) + 1
        )
        z = (x - x.mean(1, keepdims=True)) / x.std(1, ddof=1, keepdims=True)
        out.append((f"zscore{i}", z))
    for i in range(6):  # all-positive RPKM
        out.append((f"rpkm{i}", rng.lognormal(1, 2, (int(rng.integers(30, 300)), 8))))
    for i in range(5):  # small integers (< 100 distinct values)
        out.append((f"int{i}", rng.integers(0, 12, (40, 6)).astype(float)))
    for i in range(4):  # < 100 distinct values of both signs
        out.append((f"fewsym{i}", np.round(rng.normal(0, 1, (50, 5)), 1)))
    for i in range(4):  # with NaN
        m = rng.normal(0.5 * i, 1, (60, 7))
        m[rng.random(m.shape) < 0.15] = np.nan
        out.append((f"nan{i}", m))
    # q01 == q99 (mostly zeros): falls back to min/max
    m = np.zeros((100, 100))
    m.flat[rng.choice(m.size, 150, replace=False)] = rng.uniform(0.1, 5, 150)
    out.append(("q1_eq_q99", m))
    # one distinct value strictly between q01 and q99: falls back to min/max
    v = np.full(10000, 5.0)
    v[:100] = rng.uniform(0, 4, 100)
    v[-100:] = rng.uniform(6, 9, 100)
    out.append(("single_inner", v.reshape(100, 100)))
    # integer matrices (R gets an integer matrix; its seq() then takes the integer path)
    out.append(("int32_sym", rng.integers(-5, 8, (30, 6)).astype(np.int32)))
    out.append(("int32_pos", rng.integers(0, 1000, (40, 6)).astype(np.int32)))
    # mostly negative values
    out.append(("negative", -rng.lognormal(0, 1, (80, 6))))
    # p exactly 0.25 and 0.75 boundaries (not symmetric)
    out.append(("p025", np.array([[1.0, -1, -2, -3], [0, -4, -5, -6]])))
    out.append(("p075", np.array([[1.0, 2, 3, -3], [0, 4, 5, 6]])))
    return out


def test_default_col_matrices_cover_30_cases():
    assert len(default_col_matrices()) >= 30


@pytest.mark.parametrize(("label", "m"), default_col_matrices())
def test_default_col_matches_r(r, label, m):
    expected = r.call("col_default", m)
    before = m.copy()
    ramp = default_col(m)
    assert np.array_equal(m, before, equal_nan=True)
    assert np.array_equal(ramp.breaks, np.asarray(expected["breaks"])), label
    assert list(ramp(ramp.breaks, with_alpha=True)) == strs(expected["colors"]), label
    assert ramp.colors == ("#0000FF", "#EEEEEE", "#FF0000")


def test_default_col_rejects_constant_and_all_zero():
    with pytest.raises(InputError):
        default_col(np.full((3, 3), 2.0))
    with pytest.raises(InputError):
        default_col(np.full((3, 3), np.nan))
    with pytest.raises(InputError):
        default_col(np.array([[0.0, np.nan], [0.0, 0.0]]))
    with pytest.raises(InputError):
        default_col(np.array([[5.0, np.nan], [5.0, 5.0]]))


# ------------------------------------------------------------------------------------------------
# pretty and legend ticks
# ------------------------------------------------------------------------------------------------
def pretty_cases(rng: np.random.Generator, k: int):
    lo = np.empty(k)
    hi = np.empty(k)
    for i in range(k):
        kind = i % 6
        mag = 10.0 ** rng.uniform(-6, 7)
        a, b = rng.normal(0, mag, 2)
        if kind == 1:  # equal ends
            b = a
        elif kind == 2:  # a zero end
            a = 0.0
        elif kind == 3:  # round numbers
            a, b = np.round(a / mag, 1) * mag, np.round(b / mag, 1) * mag
        elif kind == 4:  # tiny width relative to the magnitude
            b = a + abs(a) * 10.0 ** rng.uniform(-15, -8)
        lo[i], hi[i] = a, b
    lo[0] = hi[0] = 0.0
    n = rng.integers(0, 12, k)
    # extremes: overflowing width, subnormal cells, equal ends, a large n
    extra_lo = [-1e308, 1e-310, 0.0, 5e-324, -1e300, 1e15, 123456789.123, -0.0, 7.0, -3.0]
    extra_hi = [1e308, 2e-310, 1e-300, 1e-323, -1e299, 1e15 + 2, 123456789.124, 0.0, 7.0, 3.0]
    extra_n = [5, 5, 3, 4, 7, 5, 5, 3, 0, 100]
    lo = np.concatenate([lo, extra_lo])
    hi = np.concatenate([hi, extra_hi])
    n = np.concatenate([n, extra_n])
    return lo, hi, n


def test_pretty_matches_r(r):
    lo, hi, n = pretty_cases(np.random.default_rng(5), 300)
    expected = r.call("col_pretty_many", lo, hi, n.astype(np.int32))
    for i in range(len(lo)):
        e = np.asarray(expected[f"c{i + 1}"], dtype=float)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)  # R warns on the same subnormal cells
            ours = pretty(lo[i], hi[i], int(n[i]))
        assert np.array_equal(ours, e), (lo[i], hi[i], n[i], ours, e)


def test_pretty_warns_like_r_on_a_subnormal_cell():
    with pytest.warns(RuntimeWarning, match="very small range"):
        pretty(5e-324, 1e-323, 4)


def test_pretty_arguments():
    assert pretty(np.nan, np.inf).size == 0
    assert np.array_equal(pretty(3.0, np.inf), pretty(3.0, 3.0))
    assert np.array_equal(pretty(10, 0), pretty(0, 10))
    with pytest.raises(InputError):
        pretty(0, 1, -1)
    with pytest.raises(InputError):
        pretty(0, 1, 2.5)


def test_legend_ticks_match_heatmap_default_colours(r):
    for label, m in default_col_matrices()[::2]:
        expected = r.call("col_legend_ticks", m)
        ours = legend_ticks(default_col(m))
        assert np.array_equal(ours, np.asarray(expected["levels"])), label
        # and those are the labels drawn (R prints them with 15 significant digits)
        drawn = np.array([float(s) for s in strs(expected["labels"])])
        assert np.allclose(drawn, ours, rtol=1e-14, atol=0), label


def test_legend_ticks_match_heatmap_explicit_ramps(r):
    rng = np.random.default_rng(22)
    m = rng.normal(size=(10, 5))
    for _ in range(20):
        breaks, cols, _ = random_ramp_case(rng, 1)
        expected = r.call("col_legend_ticks", m, breaks=breaks, colors=cols)
        ours = legend_ticks(color_ramp2(breaks, cols))
        assert np.array_equal(ours, np.asarray(expected["levels"])), breaks


def test_lab_kernel_checks_its_buffers():
    # the private C kernel relies on 8-byte native float64/int64 buffers of matching sizes; it
    # checks them itself, so a wrong dtype is an error, never a misread buffer
    from pyr_heatmap.figure.colors import _rcolor

    x, br, c = np.linspace(-1, 1, 5), np.array([-1.0, 0.0, 1.0]), np.zeros((3, 3))
    out = np.empty((5, 3), np.int64)
    _rcolor.ramp_lab(x, br, c, out)
    bad = [((x.astype(np.float32), br, c, out), TypeError, "x must be"),
           ((x.astype(">f8"), br, c, out), TypeError, "native byte order"),
           ((x, br.astype(np.int64), c, out), TypeError, "breaks must be"),
           ((x, br, c.astype(np.float32), out), TypeError, "coords must be"),
           ((x, br, c, out.astype(np.float64)), TypeError, "out must be"),
           ((x, br, c, out.astype(np.int32)), TypeError, "out must be"),
           ((x, br, c, np.empty((4, 3), np.int64)), ValueError, "sizes do not match"),
           ((x, br[:1], c[:1], out), ValueError, "sizes do not match")]
    for args, err, text in bad:
        before = args[3].copy()
        with pytest.raises(err, match=text):
            _rcolor.ramp_lab(*args)
        assert np.array_equal(args[3], before)  # nothing written
