"""Files fit for journals: TrueType fonts in PDF/PS, <text> in SVG, compressed TIFF, 300 dpi.

Each file is read back and its structure checked (font dictionaries, XML elements, TIFF tags).
"""

from __future__ import annotations

import re
import zlib

import numpy as np
import pandas as pd
import pytest

import pyr_heatmap as ph


def small() -> ph.Heatmap:
    rng = np.random.default_rng(3)
    m = pd.DataFrame(rng.normal(size=(12, 5)), index=[f"g{i}" for i in range(12)],
                     columns=list("ABCDE"))
    return ph.Heatmap(m, name="z")


def pdf_objects(data: bytes) -> bytes:
    """The PDF with its Flate streams inflated (font dictionaries may sit in object streams)."""
    out = [data]
    for m in re.finditer(rb"stream\r?\n(.*?)endstream", data, re.S):
        try:
            out.append(zlib.decompress(m.group(1)))
        except zlib.error:
            pass
    return b"\n".join(out)


def font_subtypes(pdf: bytes) -> set[bytes]:
    return set(re.findall(rb"/Subtype\s*/(Type1|Type3|TrueType|Type0|CIDFontType2)", pdf))


@pytest.fixture(scope="module")
def native():
    return small().draw(backend="native")


def test_native_pdf_embeds_truetype(native, tmp_path):
    pdf = pdf_objects(native.save(tmp_path / "f.pdf").read_bytes())
    assert b"/FontFile2" in pdf  # an embedded TrueType program
    assert font_subtypes(pdf) <= {b"TrueType", b"Type0", b"CIDFontType2"}
    assert b"Type3" not in font_subtypes(pdf)


def test_native_ps_type42(native, tmp_path):
    ps = native.save(tmp_path / "f.eps").read_bytes()
    assert b"/FontType 42" in ps and b"/FontType 3" not in ps


def test_native_svg_has_text(native, tmp_path):
    svg = native.save(tmp_path / "f.svg").read_text()
    texts = re.findall(r"<text\b[^>]*>([^<]*)</text>", svg)
    assert "g0" in texts and "A" in texts and "z" in texts


def test_native_tiff_lzw_and_dpi(native, tmp_path):
    from PIL import Image

    path = native.save(tmp_path / "f.tif")
    with Image.open(path) as im:
        assert im.info["compression"] == "tiff_lzw"
        assert im.tag_v2[259] == 5  # Compression = LZW
        assert round(im.info["dpi"][0]) == 300
        w_in = native.figure.get_size_inches()[0]
        assert abs(im.size[0] - w_in * 300) <= 1


def test_native_jpeg_and_png_default_300_dpi(native, tmp_path):
    from PIL import Image

    for name in ("f.png", "f.jpg"):
        with Image.open(native.save(tmp_path / name)) as im:
            assert round(im.info["dpi"][0]) == 300


def test_one_default_dpi():
    import inspect

    from pyr_heatmap.backends.r.rscript import to_r_script
    from pyr_heatmap.cli.parser import build_parser
    from pyr_heatmap.result.drawn import FILE_DPI

    assert FILE_DPI == 300
    assert inspect.signature(ph.DrawnHeatmap.save).parameters["dpi"].default == FILE_DPI
    assert inspect.signature(to_r_script).parameters["dpi"].default == FILE_DPI
    parser = build_parser()
    for argv in (["draw", "x.csv"], ["demo"]):
        try:
            ns = parser.parse_args(argv)
        except SystemExit:  # pragma: no cover - a subcommand needing more arguments
            continue
        assert ns.dpi == FILE_DPI


@pytest.mark.needs_r
def test_r_pdf_embeds_truetype_and_tiff_lzw(r, tmp_path):
    from PIL import Image

    drawn = small().draw(backend="r")
    pdf = pdf_objects(drawn.save(tmp_path / "f.pdf").read_bytes())
    # cairo embeds TrueType subsets (as /FontFile2), not the unembedded Type 1 of pdf()
    assert b"/FontFile2" in pdf or b"/FontFile3" in pdf
    assert b"Type3" not in font_subtypes(pdf)
    with Image.open(drawn.save(tmp_path / "f.tif")) as im:
        assert im.tag_v2[259] == 5
    ps = drawn.save(tmp_path / "f.eps").read_bytes()
    assert ps.startswith(b"%!PS")


@pytest.mark.needs_r
def test_r_svg_has_text(r, tmp_path):
    """The R backend writes SVG with svglite (r-cran-svglite): every label is a <text> element,
    as in the native SVG (R's own svg() would draw glyph outlines)."""
    svg = small().draw(backend="r").save(tmp_path / "f.svg").read_text()
    texts = re.findall(r"<text\b[^>]*>([^<]*)</text>", svg)
    assert {f"g{i}" for i in range(12)} <= set(texts) and set("ABCDE") <= set(texts)
    assert "z" in texts  # the legend title
    assert "glyph" not in svg
