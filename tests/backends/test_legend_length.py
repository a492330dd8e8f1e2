"""The native continuous colour bar has the length ComplexHeatmap 2.14.0 gives it.

R builds the heatmap legend of the same ``Heatmap(m, name, heatmap_legend_param = ...)``
(``color_mapping_legend``, as ``draw()`` does) and reports the extent of its colour rectangles
(tests/r/legend_length.R); the native figure's colour bar is the extent of the drawn legend
axes. Tolerance 0.05 mm (measured differences are below 0.001 mm): numbers are measured in
Helvetica as R measures them, so what is left is floating point; a label that is not a number
would be measured with matplotlib's font and could differ by more.
"""

from __future__ import annotations

from contextlib import nullcontext

import numpy as np
import pytest

from pyr_heatmap import Heatmap

TOL_MM = 0.05

CASES = {
    "default": {},
    "at3": {"at": [-2.0, 0.0, 2.0]},
    "at5": {"at": [-2.0, -1.0, 0.0, 1.0, 2.0]},
    "at9": {"at": list(np.linspace(-2, 2, 9))},
    "at9_fontsize16": {"at": list(np.linspace(-2, 2, 9)), "labels_fontsize": 16},
    "at13_fontsize14": {"at": list(np.linspace(-3, 3, 13)), "labels_fontsize": 14},
    "legend_height_40": {"legend_height_mm": 40.0},
    "legend_height_too_small": {"at": list(np.linspace(-2, 2, 9)), "legend_height_mm": 10.0},
    "horizontal": {"direction": "horizontal"},
    "horizontal_at9": {"direction": "horizontal", "at": list(np.linspace(-2, 2, 9))},
    "horizontal_width_60": {"direction": "horizontal", "legend_width_mm": 60.0},
}


def _matrix() -> np.ndarray:
    return np.random.default_rng(11).normal(size=(12, 8))


def _param(case: dict) -> dict:
    p: dict = {"direction": case.get("direction", "vertical")}
    if "at" in case:
        p["at"] = case["at"]
    if "labels_fontsize" in case:
        p["labels_gp"] = {"fontsize": case["labels_fontsize"]}
    if "legend_height_mm" in case:
        p["legend_height"] = f"{case['legend_height_mm']}mm"
    if "legend_width_mm" in case:
        p["legend_width"] = f"{case['legend_width_mm']}mm"
    return p


def _native_bar(case: dict) -> tuple[float, float]:
    """Width and height (mm) of the drawn colour bar of the native figure."""
    d = Heatmap(_matrix(), name="z", heatmap_legend_param=_param(case)).draw(dpi=72)
    w_mm, h_mm = d.figure.get_size_inches() * 25.4
    (ax,) = [a for a in d.figure.axes if a.get_label() == "legend:z"]
    pos = ax.get_position()
    return pos.width * w_mm, pos.height * h_mm


@pytest.fixture(scope="module")
def r_bars(r):
    m = _matrix()
    out = {}
    for key, case in CASES.items():
        kw = {k: (np.asarray(v, dtype=float) if k == "at" else v) for k, v in case.items()}
        out[key] = dict(zip(["bar", "body_width", "body_height"],
                            np.asarray(r.call("legend_bar_mm", m, "z", **kw), dtype=float),
                            strict=True))
    return out


@pytest.mark.parametrize("key", list(CASES))
def test_colour_bar_length_matches_complexheatmap(key, r_bars):
    case = CASES[key]
    with pytest.warns(UserWarning, match="too small") if "too_small" in key else nullcontext():
        w, h = _native_bar(case)
    along, across = (w, h) if case.get("direction") == "horizontal" else (h, w)
    assert abs(along - r_bars[key]["bar"]) <= TOL_MM, (key, along, r_bars[key])
    assert across == pytest.approx(4.0)  # ComplexHeatmap's 4 mm grid


def test_given_length_is_the_body_length(r_bars):
    # legend_height/legend_width, when not below the minimum, are the legend body's length in R
    assert r_bars["legend_height_40"]["body_height"] == pytest.approx(40.0)
    assert r_bars["horizontal_width_60"]["body_width"] == pytest.approx(60.0)


def test_end_ticks_sit_two_points_inside_the_bar():
    # the first and last labels are centred 2 points (grid's 1/72.27 in) inside the bar's ends
    # (ComplexHeatmap's offset)
    d = Heatmap(_matrix(), name="z",
                heatmap_legend_param={"at": [-2.0, 0.0, 2.0]}).draw(dpi=72)
    fig = d.figure
    renderer = fig.canvas.get_renderer()
    (ax,) = [a for a in fig.axes if a.get_label() == "legend:z"]
    bar = ax.get_window_extent(renderer)
    labels = {t.get_text(): t for t in fig.findobj(lambda o: hasattr(o, "get_gid")
                                                    and str(o.get_gid()) == "legend_label:z")}
    mm_per_px = 25.4 / fig.dpi
    for text, bar_end in (("2", bar.y1), ("-2", bar.y0)):
        _, y_px = labels[text].get_transform().transform(labels[text].get_position())
        assert abs(abs(bar_end - y_px) * mm_per_px - 2 * 25.4 / 72.27) < 0.05, text
