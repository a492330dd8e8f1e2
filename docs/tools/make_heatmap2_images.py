"""Make the pictures of docs/from_heatmap2.md: heatmap.2 and stats heatmap, native and R.

Run from the repository root: ``python docs/tools/make_heatmap2_images.py`` (needs R with
gplots for the R pictures).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

import pyr_heatmap as ph

OUT = Path(__file__).resolve().parents[1] / "images"


def example() -> pd.DataFrame:
    rng = np.random.default_rng(7)
    x = rng.normal(size=(24, 8)) + np.linspace(0, 3, 8)
    x[:8, :4] += 2.5
    return pd.DataFrame(x, index=[f"gene{i + 1}" for i in range(24)],
                        columns=[f"S{j + 1}" for j in range(8)])


def main() -> None:
    x = example()
    sides = ["#1B9E77"] * 4 + ["#D95F02"] * 4
    for backend in ("native", "r"):
        h2 = ph.heatmap_2(x, scale="row", ColSideColors=sides, main="heatmap.2",
                          backend=backend, width=6, height=6)
        h2.save(OUT / f"heatmap2_{backend}.png", dpi=60)
        hs = ph.heatmap(x, ColSideColors=sides, main="stats heatmap", backend=backend,
                        width=6, height=6)
        hs.save(OUT / f"stats_heatmap_{backend}.png", dpi=60)


if __name__ == "__main__":
    main()
