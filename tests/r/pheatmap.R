# Live-R side of the pheatmap parity tests: pheatmap 1.0.12 itself, asked for what it computed.

# Run pheatmap(mat, ...) without drawing and return its trees, the gaps it draws (pheatmap's own
# find_gaps on its trees), the cell colours of the drawn matrix (drawn order, row by row as a
# character matrix), the breaks and legend it would draw.
# opts: a list of pheatmap arguments; dist_rows / dist_cols: square matrices turned into dist
# objects; callback_rev = TRUE: a clustering_callback reversing the order; km_seed: set.seed
# before pheatmap (kmeans).
ph_run <- function(x, rows, cols, opts, dist_rows = NULL, dist_cols = NULL,
                   callback_rev = FALSE, km_seed = NULL) {
  mat <- ph_matrix(x, rows, cols)
  if (!is.null(dist_rows)) opts$clustering_distance_rows <- stats::as.dist(dist_rows)
  if (!is.null(dist_cols)) opts$clustering_distance_cols <- stats::as.dist(dist_cols)
  if (isTRUE(callback_rev)) {
    opts$clustering_callback <- function(hc, m) { hc$order <- rev(hc$order); hc }
  }
  if (!is.null(km_seed)) set.seed(km_seed)
  res <- do.call(pheatmap::pheatmap, c(list(mat, silent = TRUE), opts))
  tree <- function(t) if (inherits(t, "hclust"))
    list(merge = t$merge, height = t$height, order = t$order,
         labels = if (is.null(t$labels)) character(0) else t$labels) else NULL
  gaps <- function(t, k) if (inherits(t, "hclust") && !is.null(k) && !is.na(k))
    as.integer(pheatmap:::find_gaps(t, k)) else integer(0)
  g <- res$gtable
  rect <- g$grobs[[which(g$layout$name == "matrix")]]$children[[1L]]
  m <- rect$gp$fill
  km <- if (is.list(res$kmeans)) as.integer(res$kmeans$cluster) else integer(0)
  list(tree_row = tree(res$tree_row), tree_col = tree(res$tree_col),
       gaps_row = gaps(res$tree_row, opts$cutree_rows),
       gaps_col = gaps(res$tree_col, opts$cutree_cols),
       drawn_gaps_row = ph_drawn_gaps(rect$y[seq_len(nrow(m))], rect$height, "y"),
       drawn_gaps_col = ph_drawn_gaps(rect$x[seq(1L, length(m), by = nrow(m))], rect$width,
                                      "x"),
       fill = as.character(m), fill_dim = dim(m), kmeans = km,
       legend = if ("legend" %in% g$layout$name)
         as.character(g$grobs[[which(g$layout$name == "legend")]]$children[[2L]]$label) else
         character(0))
}

# The gaps pheatmap draws, read from the matrix grob: converted to bigpts on a 10 x 10 inch
# device, consecutive cell centres are one cell size apart, or one cell plus 4 bigpts where a
# gap is drawn.
ph_drawn_gaps <- function(u, size, axis) {
  if (length(u) < 2L) return(integer(0))
  grDevices::pdf(NULL, width = 10, height = 10)
  on.exit(grDevices::dev.off())
  conv <- function(x) if (axis == "x") grid::convertWidth(x, "bigpts", valueOnly = TRUE) else
    grid::convertHeight(x, "bigpts", valueOnly = TRUE)
  v <- if (axis == "x") grid::convertX(u, "bigpts", valueOnly = TRUE) else
    grid::convertY(u, "bigpts", valueOnly = TRUE)
  d <- abs(diff(v))
  as.integer(which(d > conv(size)[1L] + 2))
}

ph_matrix <- function(x, rows, cols) {
  mat <- as.matrix(x)
  mat[is.nan(mat)] <- NA
  dimnames(mat) <- list(if (length(rows)) rows else NULL, if (length(cols)) cols else NULL)
  mat
}

# pheatmap's helpers on their own.
ph_scale <- function(mat, scale) pheatmap:::scale_mat(mat, scale)
ph_breaks <- function(x, n, center) pheatmap:::generate_breaks(x, n, center = center)
ph_palette <- function(n) grDevices::colorRampPalette(rev(RColorBrewer::brewer.pal(n = 7, name = "RdYlBu")))(n)
ph_ramp <- function(colors, n) grDevices::colorRampPalette(colors)(n)
ph_version <- function() as.character(utils::packageVersion("pheatmap"))
