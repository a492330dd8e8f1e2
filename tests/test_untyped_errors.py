"""The untyped errors of issue 14, item 6: each is now drawn as R draws it or a typed error."""

from __future__ import annotations

import math
import time

import numpy as np
import pytest

import pyr_heatmap as ph
from pyr_heatmap.engine import _buffers
from pyr_heatmap.errors import InputError
from pyr_heatmap.figure.colors import r_color_to_hex


@pytest.mark.needs_r
def test_annotation_without_values_is_drawn_as_r_draws_it(r) -> None:
    m = np.random.default_rng(0).normal(size=(5, 4))
    hm = ph.Heatmap(m, top_annotation=ph.HeatmapAnnotation(grp=[None] * 4, na_col="grey40"))
    want = r.call("rb_discrete_legend", ["<NA>"] * 4, "grey40")  # all missing
    native = hm.draw(backend="native", dpi=30)
    labels = [t.get_text() for t in native.figure.texts if t.get_gid() == "legend_label:grp"]
    assert labels == list(want["text"])[1:] == ["NA"]  # R's first text is the title
    box = [a for a in native.figure.axes if a.get_label() == "legend:grp"]
    rgba = box[0].images[0].get_array()[0, 0]
    assert r_color_to_hex(next(iter(want["fill"])))[:7] == "#{:02X}{:02X}{:02X}".format(
        *(round(float(v) * 255) for v in rgba[:3]))
    drawn = hm.draw(backend="r", dpi=30)  # R draws it too
    assert drawn.backend == "r"


def _too_many_rows() -> int:
    avail = _buffers.memory_available()
    assert avail is not None
    return math.isqrt(2 * avail // 8) + 2000  # distances bigger than the free memory


@pytest.mark.parametrize("call", ["dist", "cluster_matrix", "draw"])
def test_distances_beyond_memory_are_a_typed_error_before_any_work(call: str) -> None:
    n = _too_many_rows()
    m = np.zeros((n, 2))
    start = time.perf_counter()
    with pytest.raises(InputError, match=r"distances between \d+ rows .* need .* GB of memory "
                                         r"but only .* GB is available: select fewer rows"):
        if call == "dist":
            ph.dist(m)
        elif call == "cluster_matrix":
            ph.cluster_matrix(m)
        else:
            ph.Heatmap(m).draw(backend="native")
    assert time.perf_counter() - start < 10


def test_memory_check_is_shared_with_the_cli(monkeypatch) -> None:
    from pyr_heatmap.cli.inputs import _check_size

    monkeypatch.setattr(_buffers, "memory_available", lambda: 10_000_000)
    import pandas as pd

    with pytest.raises(InputError, match=r"2000 genes are too many to cluster: .* 16.0 MB .* "
                                         r"10.0 MB is available: select the genes"):
        _check_size(pd.DataFrame(np.zeros((2000, 2))))


@pytest.mark.needs_r
def test_r_backend_refuses_more_rows_than_r_hclust_before_any_work(r) -> None:
    m = np.zeros((65537, 2))
    start = time.perf_counter()
    for call in (lambda: ph.Heatmap(m).draw(backend="r"), lambda: ph.Heatmap(m).crosscheck()):
        with pytest.raises(InputError, match="R's hclust refuses to cluster more than 65536"):
            call()
    assert time.perf_counter() - start < 5  # nothing clustered
    refusal = r.eval('tryCatch(hclust(structure(0, Size = 65537L, class = "dist")), '
                     'error = conditionMessage)')
    assert "exceed 65536" in str(refusal[0])  # R's own limit


@pytest.mark.needs_r
def test_auto_draws_natively_what_r_hclust_would_refuse(r, monkeypatch) -> None:
    from pyr_heatmap.backends.r import plan

    monkeypatch.setattr(plan, "R_HCLUST_MAX", 10)  # the same rule at a size quick to draw
    m = np.random.default_rng(5).normal(size=(12, 3))
    with pytest.warns(UserWarning, match="R's hclust refuses to cluster more than 10"):
        got = ph.Heatmap(m).draw(backend="auto", dpi=10)
    assert got.backend == "native"


@pytest.mark.needs_r
def test_one_element_title_list_is_a_title_in_both_backends(r) -> None:
    m = np.random.default_rng(1).normal(size=(6, 3))
    for backend in ("native", "r"):
        got = ph.Heatmap(m, row_split=["a", "b"] * 3, row_title=["@{1}"]).draw(
            backend=backend, dpi=30)
        assert list(got.row_order) == ["a", "b"]
    with pytest.raises(InputError, match="row_title must be one string"):
        ph.Heatmap(m, row_split=["a", "b"] * 3, row_title=["A", "B"]).draw(backend="native")


@pytest.mark.parametrize("members", [[0, 0, 0, 0], [np.nan, 1, 1, 1], [-1, 2, 1, 1],
                                     [1, np.inf, 1, 1], ["a", 1, 1, 1]])
def test_members_must_be_positive_sizes(members) -> None:
    d = ph.dist(np.random.default_rng(2).normal(size=(4, 2)))
    with pytest.raises(InputError, match="members must be"):
        ph.hclust(d, "average", members=members)


def test_colours_are_checked_before_r_sees_them() -> None:
    m = np.random.default_rng(3).normal(size=(4, 3))
    with pytest.raises(InputError, match="na_col: invalid colour name 'notacolour'"):
        ph.Heatmap(m, na_col="notacolour").draw(backend="native")
    with pytest.raises(InputError, match="top_annotation na_col"):
        ph.Heatmap(m, top_annotation=ph.HeatmapAnnotation(g=list("abc"), na_col="nope")).draw(
            backend="native")


@pytest.mark.parametrize("dpi", [float("nan"), -1, 0, float("inf")])
def test_r_script_dpi_is_checked(tmp_path, dpi) -> None:
    m = np.random.default_rng(4).normal(size=(4, 3))
    with pytest.raises(InputError, match="dpi must be"):
        ph.Heatmap(m).to_r_script(tmp_path / "x.R", dpi=dpi)
    assert not list(tmp_path.iterdir())
