"""PNG files of the native backend: pyr_heatmap's own encoder writes exactly the pixels that
matplotlib's Agg drew (compared with matplotlib's own Pillow-written PNG of the same figure), the
file decodes everywhere, and the raster body shows the colours of the cells it covers."""

from __future__ import annotations

import io
import zlib

import numpy as np
import pandas as pd
import pytest
from PIL import Image

import pyr_heatmap as ph
from pyr_heatmap.result.png import encode_png

RAMP = ph.color_ramp2([-2, 0, 2], ["blue", "white", "red"])
NA = "#BEBEBE"


def demo_z() -> pd.DataFrame:
    expr, samples = ph.load_demo()
    return ph.scale_rows(ph.log2p(ph.aggregate(expr, samples["structure_acronym"])))


def raster_matrix() -> np.ndarray:
    """3,000 x 12 with blocks of similar rows (so neighbouring pixels differ) and a few NA."""
    rng = np.random.default_rng(7)
    m = rng.normal(size=(30, 12)).repeat(100, axis=0) + rng.normal(scale=0.3, size=(3000, 12))
    m[rng.integers(0, 3000, 40), rng.integers(0, 12, 40)] = np.nan
    m[1200:1260, 5] = np.nan  # a run of NA cells tall enough to show at any dpi
    return m


def raster_heatmap(m: np.ndarray) -> ph.Heatmap:
    return ph.Heatmap(m, col=RAMP, na_col=NA, cluster_rows=False, cluster_columns=False,
                      show_row_names=False, show_column_names=False, width=60, height=70)


def decode(png: bytes) -> Image.Image:
    Image.open(io.BytesIO(png)).verify()  # chunk CRCs and structure
    return Image.open(io.BytesIO(png))


def matplotlib_png(drawn, dpi: float) -> bytes:
    """The same figure written the way matplotlib writes PNGs (Agg pixels through Pillow)."""
    buf = io.BytesIO()
    drawn.figure.savefig(buf, format="png", dpi=dpi, facecolor="white")
    return buf.getvalue()


@pytest.mark.parametrize("case", ["demo", "split", "raster"])
@pytest.mark.parametrize("dpi", [72, 150, 300])
def test_png_holds_matplotlibs_pixels(case, dpi):
    if case == "raster":
        drawn = raster_heatmap(raster_matrix()).draw(backend="native")
    elif case == "split":
        drawn = ph.Heatmap(demo_z(), row_split=3, column_split=2).draw(backend="native")
    else:
        drawn = ph.Heatmap(demo_z()).draw(backend="native")
    ours = drawn.to_png(dpi=dpi)
    theirs = matplotlib_png(drawn, dpi)
    assert ours != theirs  # written by a different encoder...
    a, b = decode(ours), decode(theirs)
    assert a.mode == b.mode == "RGBA"
    assert a.size == b.size
    w_in, h_in = drawn.figure.get_size_inches()
    assert abs(a.size[0] - w_in * dpi) < 1 and abs(a.size[1] - h_in * dpi) < 1
    assert np.array_equal(np.asarray(a), np.asarray(b))  # ...holding the same pixels
    assert a.info["dpi"] == b.info["dpi"] == pytest.approx((dpi, dpi), rel=1e-3)
    assert a.info["Software"] == b.info["Software"]
    assert len(ours) <= 1.1 * len(theirs)  # and not a larger file


def test_saved_file_is_the_same_png(tmp_path):
    drawn = ph.Heatmap(demo_z()).draw(backend="native")
    canvas, dpi = drawn.figure.canvas, drawn.figure.dpi
    path = drawn.save(tmp_path / "h.png", dpi=120)
    assert drawn.figure.canvas is canvas and drawn.figure.dpi == dpi  # nothing left changed
    assert path.read_bytes() == drawn.to_png(dpi=120)
    assert np.array_equal(np.asarray(decode(path.read_bytes())),
                          np.asarray(decode(matplotlib_png(drawn, 120))))


def test_encoder_round_trips_any_image():
    rng = np.random.default_rng(3)
    for h, w in [(1, 1), (1, 9), (7, 1), (33, 65)]:
        a = rng.integers(0, 256, (h, w, 4), dtype=np.uint8)
        png = encode_png(a, 96.0, {"Title": "Ünïcode ✓", "Author": None})
        img = decode(png)
        assert img.mode == "RGBA" and img.size == (w, h)
        assert np.array_equal(np.asarray(img), a)
        assert img.info["Title"] == "Ünïcode ✓" and "Author" not in img.info
    # the image data is one zlib stream of filter-byte + row, as the PNG format defines
    a = rng.integers(0, 256, (5, 4, 4), dtype=np.uint8)
    png = encode_png(a, 72.0)
    start = png.index(b"IDAT") + 4
    size = int.from_bytes(png[start - 8:start - 4], "big")
    raw = np.frombuffer(zlib.decompress(png[start:start + size]), np.uint8).reshape(5, 17)
    assert set(raw[:, 0]) <= {0, 1, 2, 3, 4}


@pytest.mark.parametrize("dpi", [100, 300])
def test_raster_body_pixels_are_the_colours_of_the_cells_they_cover(dpi):
    """Every pixel of the body is the colour of a cell within one raster pixel (1/72 inch,
    ComplexHeatmap's raster resolution) plus one output pixel of the pixel's centre; colours come
    from the colour mapping of each cell, NA cells are na_col."""
    m = raster_matrix()
    drawn = raster_heatmap(m).draw(backend="native")
    assert drawn.spec.use_raster
    img = np.asarray(decode(drawn.to_png(dpi=dpi)).convert("RGB")).astype(np.uint32)
    code = (img[..., 0] << 16) | (img[..., 1] << 8) | img[..., 2]

    hexes = np.where(np.isnan(m), NA, RAMP(np.nan_to_num(m)))
    cells = np.array([[int(h[1:7], 16) for h in row] for row in hexes], dtype=np.uint32)
    nr, nc = m.shape

    (body,) = [ax for ax in drawn.figure.axes if ax.get_label().startswith("body:")]
    fw, fh = drawn.figure.get_size_inches() * dpi
    pos = body.get_position()
    x0, x1 = pos.x0 * fw, pos.x1 * fw
    top, bottom = (1 - pos.y1) * fh, (1 - pos.y0) * fh
    px = np.arange(int(np.ceil(x0)) + 1, int(x1) - 1)
    py = np.arange(int(np.ceil(top)) + 1, int(bottom) - 1)
    # the reach around a pixel centre: one raster pixel plus one output pixel, in cells
    reach_x = (dpi / 72 + 1) * nc / (x1 - x0)
    reach_y = (dpi / 72 + 1) * nr / (bottom - top)
    cx = (px + 0.5 - x0) / (x1 - x0) * nc
    cy = (py + 0.5 - top) / (bottom - top) * nr
    col_lo = np.clip(np.floor(cx - reach_x), 0, nc - 1).astype(int)
    col_hi = np.clip(np.floor(cx + reach_x), 0, nc - 1).astype(int)
    assert np.all(col_hi - col_lo <= 1)
    ok = np.zeros((len(py), len(px)), bool)
    for a, y in enumerate(cy):
        near = cells[max(0, int(np.floor(y - reach_y))):int(np.floor(y + reach_y)) + 1]
        got = code[py[a], px]
        ok[a] = ((near[:, col_lo] == got).any(axis=0) | (near[:, col_hi] == got).any(axis=0))
    assert ok.all(), f"{(~ok).sum()} body pixels have no cell of their colour nearby"
    body_codes = code[np.ix_(py, px)]
    assert np.count_nonzero(body_codes == int(NA[1:], 16)) > 0  # the NA run is drawn
    assert len(np.unique(body_codes)) > 200  # a real picture, not a flat fill


def test_raster_body_cell_fun_still_sees_every_cell():
    m = raster_matrix()[:2100]
    seen = {}
    hm = ph.Heatmap(m, col=RAMP, na_col=NA, cluster_rows=False, cluster_columns=False,
                    show_row_names=False, use_raster=True,
                    cell_fun=lambda j, i, x, y, w, h, fill, ax: seen.__setitem__((i, j), fill))
    hm.draw(backend="native")
    assert len(seen) == m.size
    i, j = 1234, 7
    want = NA if np.isnan(m[i, j]) else RAMP(m[i, j])
    assert "#{:02X}{:02X}{:02X}".format(*(round(c * 255) for c in seen[(i, j)][:3])) == want
