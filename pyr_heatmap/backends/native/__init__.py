"""The native backend: matplotlib draws a compiled spec in ComplexHeatmap's layout, no R needed."""
