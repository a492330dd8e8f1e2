"""Colours as R computes them: R colour names and hex strings, circlize's colorRamp2 in CIE LAB
(with its compiled kernel), and ComplexHeatmap's default colour mapping."""

from pyr_heatmap.figure.colors.default import default_col, r_quantile
from pyr_heatmap.figure.colors.names import color_rgba, parse_color, r_color_to_hex
from pyr_heatmap.figure.colors.ramp import SPACES, ColorRamp2, color_ramp2

__all__ = [
    "SPACES",
    "ColorRamp2",
    "color_ramp2",
    "color_rgba",
    "default_col",
    "parse_color",
    "r_color_to_hex",
    "r_quantile",
]
