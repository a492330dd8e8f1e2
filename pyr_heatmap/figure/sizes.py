"""Default sizes of the heatmap body, shared by both backends (so they draw the same figure)."""

from __future__ import annotations

import numpy as np

__all__ = ["auto_body_size"]


def auto_body_size(nrow: int, ncol: int) -> tuple[float, float]:
    """Default body width and height (mm): about 6 x 4.5 mm cells, within readable bounds."""
    w = float(np.clip(ncol * 6.0, 40.0, 170.0))
    h = float(np.clip(nrow * 4.5, 40.0, 210.0))
    return w, h
