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

# A heatmap of a numeric matrix m with one row annotation (an anno_* function built by
# ComplexHeatmap from the arguments), drawn on a PDF null device; returns what the drawn
# annotation holds: the label texts and positions of anno_mark (native units of its slice
# viewport, rows counted from the bottom), or the data scale of the annotation function.
anf_mark_positions <- function(m, at, labels, height_mm, fontsize = 12) {
  ht <- ComplexHeatmap::Heatmap(m, cluster_rows = FALSE, cluster_columns = FALSE,
                                show_row_names = FALSE, height = grid::unit(height_mm, "mm"),
                                right_annotation = ComplexHeatmap::rowAnnotation(
                                  mk = ComplexHeatmap::anno_mark(
                                    at = as.integer(at), labels = as.character(labels),
                                    labels_gp = grid::gpar(fontsize = fontsize))))
  grDevices::pdf(NULL, width = 7, height = 7 + height_mm / 25.4)
  on.exit(grDevices::dev.off())
  ComplexHeatmap::draw(ht)
  ls <- grid::grid.ls(print = FALSE, viewports = TRUE, fullNames = TRUE)
  idx <- which(grepl("annotation_mk", ls$vpPath) & grepl("^text", ls$name))
  g <- grid::grid.get(sub("^text\\[(.*)\\]$", "\\1", ls$name[idx[1]]))
  list(labels = as.character(g$label), y = as.double(g$y))
}

anf_smart_align <- function(x1, x2, lo, hi) {
  r <- circlize:::smartAlign(as.double(x1), as.double(x2), c(lo, hi))
  cbind(r[, 1], r[, 2])
}

anf_data_scale <- function(kind, x, which, baseline = 0, ylim = NULL, extend = 0.05) {
  f <- switch(kind, barplot = function(...) ComplexHeatmap::anno_barplot(..., baseline = baseline),
              points = ComplexHeatmap::anno_points, lines = ComplexHeatmap::anno_lines,
              boxplot = ComplexHeatmap::anno_boxplot)
  if (length(dim(x)) < 2L) x <- as.vector(x)  # a 1-d array from numpy
  if (!is.null(ylim)) ylim <- as.double(ylim)
  a <- f(x, which = which, ylim = ylim, extend = extend)
  a@data_scale
}

anf_boxplot_stats <- function(v) {
  b <- grDevices::boxplot.stats(as.double(v))
  list(stats = b$stats, out = b$out)
}

anf_hist <- function(v, n) {
  h <- graphics::hist(as.double(v), breaks = n, plot = FALSE)
  list(breaks = h$breaks, counts = as.double(h$counts))
}

anf_density <- function(v) {
  d <- stats::density(as.double(v))
  list(x = d$x, y = d$y)
}

# draw a heatmap whose annotations were made by pyr_heatmap's R code from a payload is done by
# the package itself; this checks an annotation object R built has the expected class
anf_anno_class <- function(kind) as.character(class(kind))

# what ComplexHeatmap made of the annotations of a Heatmap object: for each annotation of the
# side, the name of the anno_* function (fun_name), its data scale and its size in mm
anf_inspect <- function(ht, side) {
  ha <- methods::slot(ht, paste0(side, "_annotation"))
  out <- lapply(ha@anno_list, function(a) {
    f <- a@fun
    list(fun_name = f@fun_name, data_scale = as.double(f@data_scale))
  })
  names(out) <- names(ha@anno_list)
  out
}
