"""The R backend: the rpy2 bridge (the only module that imports rpy2), drawing a spec with
ComplexHeatmap, the crosscheck report and the standalone R script export."""
