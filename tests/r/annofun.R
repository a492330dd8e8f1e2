# Helpers for tests/figure/test_discrete_matrix.py and tests/figure/test_annotation_functions.py
# (prefix anf_). Character data arrive as character vectors (data, never code).

anf_char_matrix <- function(values, nr, nc) {
  values <- as.character(values)
  values[values == ""] <- NA  # the tests send NA as ""
  m <- matrix(values, nrow = nr, ncol = nc)
  dimnames(m) <- list(paste0("r", seq_len(nr)), paste0("c", seq_len(nc)))
  m
}

# row_order / column_order of draw(Heatmap(character matrix, ...)); dist_rows / dist_cols:
# cluster with the number of differing categories as distance (a function, as R requires)
anf_discrete_orders <- function(values, nr, nc, dist_rows = FALSE, dist_cols = FALSE,
                                row_split = NULL, col = NULL) {
  m <- anf_char_matrix(values, nr, nc)
  args <- list(m)
  f <- function(x, y) sum(x != y)
  if (isTRUE(dist_rows)) args$clustering_distance_rows <- f
  if (isTRUE(dist_cols)) args$clustering_distance_columns <- f
  if (!is.null(row_split)) args$row_split <- row_split
  if (!is.null(col)) args$col <- col
  grDevices::pdf(NULL)
  on.exit(grDevices::dev.off())
  ht <- suppressMessages(do.call(ComplexHeatmap::Heatmap, args))
  d <- suppressMessages(ComplexHeatmap::draw(ht))
  ro <- ComplexHeatmap::row_order(d)
  list(row = as.integer(unlist(ro)), row_sizes = if (is.list(ro)) lengths(ro) else length(ro),
       column = as.integer(unlist(ComplexHeatmap::column_order(d))),
       levels = ht@matrix_color_mapping@levels,
       n_levels_default = length(unique(as.vector(m[!is.na(m)]))))
}
