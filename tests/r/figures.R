# Helpers for tests/backends/test_styling.py: ComplexHeatmap's orders with a fixed row_order.

# row_order(draw(Heatmap(m, row_order = ord, ...))), flattened, 1-based. cluster is NULL
# (argument missing), TRUE or FALSE; split is NULL or a character vector.
fig_fixed_order <- function(m, ord, cluster = NULL, split = NULL) {
    grDevices::pdf(NULL)
    on.exit(grDevices::dev.off())
    args <- list(m, row_order = as.integer(ord), cluster_columns = FALSE)
    if (!is.null(cluster)) args$cluster_rows <- cluster
    if (!is.null(split)) args$row_split <- split
    ht <- ComplexHeatmap::draw(do.call(ComplexHeatmap::Heatmap, args))
    o <- ComplexHeatmap::row_order(ht)
    as.integer(unlist(o))
}
