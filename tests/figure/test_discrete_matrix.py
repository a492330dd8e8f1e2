"""Character matrices drawn as ComplexHeatmap draws them (issue 12, item 3): orders, legend
levels and colours against live R, both backends."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from pyr_heatmap import Heatmap
from pyr_heatmap.errors import InputError
from pyr_heatmap.figure.annotation import DISCRETE_PALETTE


def _cm(seed: int, nr: int = 10, nc: int = 7, na: bool = False) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    pool = ["loss", "gain", "neutral", "amp"] + ([None] if na else [])
    vals = rng.choice(np.array(pool, dtype=object), size=(nr, nc))
    return pd.DataFrame(vals, index=[f"r{i + 1}" for i in range(nr)],
                        columns=[f"c{j + 1}" for j in range(nc)])


def _r_values(cm: pd.DataFrame) -> list:
    # column-major, NA sent as "" (tests/r/annofun.R)
    return ["" if pd.isna(v) else str(v) for v in cm.to_numpy(dtype=object).ravel(order="F")]


def _differing(x, y):
    return float(sum(a != b for a, b in zip(x, y, strict=True)))


def _flat(order):
    return np.concatenate(list(order.values())) if isinstance(order, dict) else order


def test_not_clustered_without_a_distance(r) -> None:
    cm = _cm(1, na=True)
    want = r.call("anf_discrete_orders", _r_values(cm), cm.shape[0], cm.shape[1])
    spec = Heatmap(cm).compile()
    assert np.array_equal(spec.row.order, np.asarray(want["row"]) - 1)
    assert np.array_equal(spec.column.order, np.asarray(want["column"]) - 1)
    assert not spec.row.show_dend and not spec.column.show_dend
    # legend levels: R's unique(as.vector(m)) order; colours: the fixed palette
    assert list(spec.col.levels) == list(want["levels"])
    assert list(spec.col.colors) == list(DISCRETE_PALETTE[: len(spec.col.levels)])


@pytest.mark.parametrize("seed", [2, 3, 4])
def test_clustered_with_a_distance_function(r, seed: int) -> None:
    cm = _cm(seed, nr=12, nc=8)
    want = r.call("anf_discrete_orders", _r_values(cm), 12, 8, dist_rows=True, dist_cols=True)
    for backend in ("native", "r"):
        drawn = Heatmap(cm, clustering_distance_rows=_differing,
                        clustering_distance_columns=_differing).draw(backend=backend)
        assert np.array_equal(drawn.row_order, np.asarray(want["row"]) - 1), backend
        assert np.array_equal(drawn.column_order, np.asarray(want["column"]) - 1), backend
    assert Heatmap(cm, clustering_distance_rows=_differing).compile().row.show_dend


def test_split_into_k_with_a_distance_function(r) -> None:
    cm = _cm(7, nr=14, nc=6)
    want = r.call("anf_discrete_orders", _r_values(cm), 14, 6, dist_rows=True, row_split=3)
    drawn = Heatmap(cm, clustering_distance_rows=_differing, row_split=3).draw(backend="native")
    assert np.array_equal(_flat(drawn.row_order), np.asarray(want["row"]) - 1)
    assert [len(v) for v in drawn.row_order.values()] == list(want["row_sizes"])


def test_given_colours_keep_their_order(r) -> None:
    cm = _cm(5)
    col = {"neutral": "grey90", "gain": "red", "loss": "blue", "amp": "darkred",
           "absent": "black"}
    want = r.call("anf_discrete_orders", _r_values(cm), cm.shape[0], cm.shape[1], col=col)
    spec = Heatmap(cm, col=col).compile()
    assert list(spec.col.levels) == list(want["levels"])  # "absent" dropped, as in R
    assert spec.col.as_dict()["gain"] == "#FF0000"


def test_native_cells_and_legend_read_from_the_figure() -> None:
    cm = _cm(6, nr=5, nc=4, na=True)
    drawn = Heatmap(cm, name="cnv", col={"loss": "blue", "gain": "red", "neutral": "white",
                                         "amp": "black"}, na_col="grey").draw(backend="native")
    fig = drawn.figure
    body = next(a for a in fig.axes if a.get_label() == "body:0:0")
    # the rendered pixel at each cell centre (whatever artists the body is made of)
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    img = np.asarray(canvas.buffer_rgba())[:, :, :3].astype(float) / 255
    expect = {"loss": (0, 0, 1), "gain": (1, 0, 0), "neutral": (1, 1, 1), "amp": (0, 0, 0),
              None: (190 / 255, 190 / 255, 190 / 255)}
    rows, cols = list(drawn.row_order), list(drawn.column_order)
    for p, i in enumerate(rows):
        for q, j in enumerate(cols):
            dx, dy = body.transData.transform((q + 0.5, p + 0.5))
            pixel = img[int(img.shape[0] - dy), int(dx)]
            v = cm.iat[i, j]
            assert np.allclose(pixel, expect[None if pd.isna(v) else v], atol=1.5 / 255)
    labels = [t.get_text() for t in fig.texts if t.get_gid() == "legend_label:cnv"]
    present = [v for v in ("loss", "gain", "neutral", "amp") if (cm == v).any().any()]
    assert labels == present


def test_r_draws_the_character_matrix(r) -> None:
    cm = _cm(8, na=True)
    drawn = Heatmap(cm, name="cnv").draw(backend="r", format="png")
    assert drawn.image[:4] == b"\x89PNG"
    levels = r.call("anf_discrete_orders", _r_values(cm), cm.shape[0], cm.shape[1])["levels"]
    assert list(drawn.spec.col.levels) == list(levels)


def test_errors() -> None:
    cm = _cm(9)
    with pytest.raises(InputError, match="no colour for the categories"):
        Heatmap(cm, col={"gain": "red"}).compile()
    with pytest.raises(InputError, match="cannot measure a character matrix"):
        Heatmap(cm, clustering_distance_rows="manhattan").compile()
    with pytest.raises(InputError, match="dict category"):
        Heatmap(cm, col="red").compile()
    before = cm.copy()
    Heatmap(cm, clustering_distance_rows=_differing).compile()
    pd.testing.assert_frame_equal(cm, before)


@pytest.mark.needs_r
def test_crosscheck_and_script_export(r, tmp_path) -> None:
    cm = _cm(10)
    report = Heatmap(cm, clustering_distance_rows=_differing).crosscheck()
    assert report.identical and report.colour_match_rate is None
    with pytest.raises(InputError, match="cannot export a character matrix"):
        Heatmap(cm).to_r_script(tmp_path / "h.R")
    assert not list(tmp_path.iterdir())
