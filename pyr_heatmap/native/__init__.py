"""The native backend: draws a heatmap spec with matplotlib, no R needed."""
