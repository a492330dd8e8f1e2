# Helpers for tests/backends/test_heatmap_args.py: what ComplexHeatmap 2.14 itself does with the
# sizing, colour-space, alias and raster arguments of Heatmap().

# row_order(draw(Heatmap(m, split = s))) (R's old name of row_split), flattened, 1-based;
# km = k with set.seed(seed) for the k-means alias.
ha_split_alias_order <- function(m, split = NULL, km = NULL, seed = 1) {
    grDevices::pdf(NULL)
    on.exit(grDevices::dev.off())
    args <- list(m, cluster_columns = FALSE)
    if (!is.null(split)) args$split <- split
    if (!is.null(km)) args$km <- as.integer(km)
    set.seed(seed)
    ht <- ComplexHeatmap::draw(do.call(ComplexHeatmap::Heatmap, args))
    as.integer(unlist(ComplexHeatmap::row_order(ht)))
}

# The colours ComplexHeatmap maps the values of m to when col is a vector of colours and
# color_space is given (its colorRamp2 over the data range).
ha_vector_col <- function(m, colours, space) {
    grDevices::pdf(NULL)
    on.exit(grDevices::dev.off())
    ht <- ComplexHeatmap::Heatmap(m, col = colours, color_space = space)
    ht@matrix_color_mapping@col_fun(as.double(m))
}

# ComplexHeatmap's own resize_matrix() (what raster_resize_mat uses), with fun one of
# "mean_na_rm" (raster_resize_mat = TRUE), "mean", "median", "max", "min".
ha_resize_matrix <- function(m, nr, nc, fun) {
    f <- switch(fun, mean_na_rm = function(x) mean(x, na.rm = TRUE), mean = base::mean,
                median = stats::median, max = base::max, min = base::min)
    ComplexHeatmap:::resize_matrix(m, nr = as.integer(nr), nc = as.integer(nc), fun = f)
}

# The row gap (mm) ComplexHeatmap stores for Heatmap(m, gap = , row_gap = ) (NA: not given).
ha_gap_alias <- function(m, gap = NA, row_gap = NA) {
    args <- list(m, row_split = rep(c("a", "b"), length.out = nrow(m)))
    if (!is.na(gap)) args$gap <- grid::unit(gap, "mm")
    if (!is.na(row_gap)) args$row_gap <- grid::unit(row_gap, "mm")
    ht <- do.call(ComplexHeatmap::Heatmap, args)
    grid::convertUnit(ht@matrix_param$row_gap, "mm", valueOnly = TRUE)
}
