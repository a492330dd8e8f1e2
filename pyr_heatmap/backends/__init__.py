"""Stage 5, backends: draw a finished spec. ``native`` draws with matplotlib; ``r`` draws with the
real ComplexHeatmap through rpy2 (the only package that imports rpy2). Backends never import each
other and never see raw user input: they receive a compiled spec."""
