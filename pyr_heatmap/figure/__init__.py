"""Stage 3, figure: what the user asks to see, compiled into one immutable spec.

``Heatmap`` and annotations with ComplexHeatmap's argument names, the ``HeatmapSpec`` every backend
draws, colour mapping (circlize's colorRamp2, R's colour names), R's ``pretty`` and units. Imports
the engine, prepare and the base; never a backend.
"""
