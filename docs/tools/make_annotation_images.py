"""Write the pictures of docs/annotations.md into docs/images/ (anno_*.png).

Each ``python`` block of docs/annotations.md whose first line is ``# image: NAME`` defines a
heatmap ``hm``; this script runs the block and draws ``hm`` with both backends, native on the
left and ComplexHeatmap (R backend) on the right, into ``docs/images/NAME.png``, so the pictures
always show what the page's code produces. Needs R with ComplexHeatmap::

    python docs/tools/make_annotation_images.py
"""

from __future__ import annotations

import re
import sys
import tempfile
import warnings
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
PAGE = ROOT / "docs" / "annotations.md"
IMAGES = ROOT / "docs" / "images"
DPI = 90
FENCE = re.compile(r"^```python\n(.*?)^```\s*$", re.MULTILINE | re.DOTALL)


def _side_by_side(left: Path, right: Path, out: Path) -> None:
    """Both images on one white canvas, tops aligned, 20 px apart (all-or-nothing write)."""
    import io

    import matplotlib.image as mpimg

    from pyr_heatmap.io import write_atomic_many

    a, b = (mpimg.imread(str(p))[:, :, :3] for p in (left, right))
    h = max(a.shape[0], b.shape[0])
    pad = np.ones((h, 20, 3))

    def tall(x: np.ndarray) -> np.ndarray:
        return np.vstack([x, np.ones((h - x.shape[0], x.shape[1], 3))])

    canvas = np.hstack([tall(a), pad, tall(b)])
    buf = io.BytesIO()
    mpimg.imsave(buf, np.clip(canvas, 0, 1), format="png")
    write_atomic_many({out: buf.getvalue()})


def main() -> int:
    sys.path.insert(0, str(ROOT))
    text = PAGE.read_text(encoding="utf-8")
    made = []
    with tempfile.TemporaryDirectory() as tmp:
        for m in FENCE.finditer(text):
            code = m.group(1)
            first = code.splitlines()[0]
            if not first.startswith("# image:"):
                continue
            name = first.split(":", 1)[1].strip()
            ns: dict = {"__name__": "annotations"}
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                exec(compile(code, str(PAGE), "exec"), ns)
                hm = ns["hm"]
                native = Path(tmp) / f"{name}_native.png"
                r_png = Path(tmp) / f"{name}_r.png"
                hm.draw(backend="native").save(native, dpi=DPI)
                hm.draw(backend="r", format="png", dpi=DPI).save(r_png, dpi=DPI)
            _side_by_side(native, r_png, IMAGES / f"{name}.png")
            made.append(name)
    print("wrote", ", ".join(f"docs/images/{n}.png" for n in made))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
