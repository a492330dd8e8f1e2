"""Write the images of docs/tutorial.md into docs/images/ (tutorial_*.png).

The script runs the tutorial's own Python blocks (not the ``python r`` ones: no R is needed) in a
temporary folder and draws the figures from the objects they define, so the images always show
what the tutorial's code produces::

    python docs/tools/make_tutorial_images.py

Images: ``tutorial_raw.png`` (the region averages as they are), ``tutorial_log2.png`` (after
log2), both drawn with the final trees so that only the colours change; ``tutorial_heatmap.png``
(the recipe's figure) and ``tutorial_split.png`` (five gene modules). The data is the bundled
SYNTHETIC example.
"""

from __future__ import annotations

import os
import re
import sys
import tempfile
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TUTORIAL = ROOT / "docs" / "tutorial.md"
IMAGES = ROOT / "docs" / "images"
DPI = 100
FENCE = re.compile(r"^```([^\n`]*)\n(.*?)^```\s*$", re.MULTILINE | re.DOTALL)


def run_tutorial(workdir: Path) -> dict:
    """Execute the tutorial's plain Python blocks in ``workdir``; return their namespace."""
    text = TUTORIAL.read_text(encoding="utf-8")
    namespace: dict = {"__name__": "tutorial"}
    old = Path.cwd()
    os.chdir(workdir)
    try:
        for m in FENCE.finditer(text):
            if m.group(1).strip().split() == ["python"]:
                exec(compile(m.group(2), str(TUTORIAL), "exec"), namespace)
    finally:
        os.chdir(old)
    return namespace


def main() -> int:
    sys.path.insert(0, str(ROOT))
    import matplotlib

    matplotlib.use("Agg")
    import pyr_heatmap as ph

    IMAGES.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp, warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ns = run_tutorial(Path(tmp))
    hr, hc, top = ns["hr"], ns["hc"], ns["top"]
    figures = {
        "tutorial_raw.png": ph.Heatmap(ns["mat"], name="RPKM (mean)", cluster_rows=hr,
                                       cluster_columns=hc, top_annotation=top),
        "tutorial_log2.png": ph.Heatmap(ns["mat_log2"], name="log2(RPKM + 1)", cluster_rows=hr,
                                        cluster_columns=hc, top_annotation=top),
    }
    for name, hm in figures.items():
        hm.draw(backend="native").save(IMAGES / name, dpi=DPI)
    ns["drawn"].save(IMAGES / "tutorial_heatmap.png", dpi=DPI)
    ns["drawn_split"].save(IMAGES / "tutorial_split.png", dpi=DPI)
    print(f"wrote {', '.join(sorted(p.name for p in IMAGES.glob('tutorial_*.png')))} "
          f"in {IMAGES}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
