"""Stage 2, engine: R's dist, hclust, dendrogram tools and ComplexHeatmap's orders, bit for bit.

The compiled kernel (``_rcore``), ``dist``, ``hclust``, ``cluster_matrix``, reorder/cutree/
cut_dendrogram/optimal leaf ordering, R's factor and collation rules, and ``heatmap_order``
(ComplexHeatmap's final row and column orders, splits included). Imports prepare and the base.
"""
