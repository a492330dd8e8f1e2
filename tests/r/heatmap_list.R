# Helpers for tests/figure/test_heatmap_list.py (prefix hl_): ComplexHeatmap's own heatmap lists
# built from plain data, drawn, and their orders returned (1-based, as R gives them).

hl_named <- function(o) {
  if (is.list(o)) {
    if (is.null(names(o))) names(o) <- as.character(seq_along(o))
    return(lapply(o, hl_named))
  }
  as.integer(o)
}

hl_split <- function(s) {
  if (is.list(s)) return(factor(as.character(s$values), levels = as.character(s$levels)))
  s
}

# mats: name -> matrix; hargs: name -> list of Heatmap() arguments; members: names in list order
# (an entry of annos instead of mats makes a rowAnnotation/HeatmapAnnotation member);
# dargs: draw() arguments (row_split/column_split may be list(values, levels) for a factor).
hl_orders <- function(mats, hargs, members, direction, dargs, annos = NULL) {
  objs <- lapply(members, function(nm) {
    if (!is.null(annos[[nm]])) {
      if (direction == "horizontal") return(ComplexHeatmap::rowAnnotation(grp = annos[[nm]]))
      return(ComplexHeatmap::HeatmapAnnotation(grp = annos[[nm]]))
    }
    a <- hargs[[nm]]
    for (k in c("row_split", "column_split")) if (!is.null(a[[k]])) a[[k]] <- hl_split(a[[k]])
    do.call(ComplexHeatmap::Heatmap, c(list(mats[[nm]], name = nm), a))
  })
  op <- if (direction == "horizontal") ComplexHeatmap::`+.AdditiveUnit` else ComplexHeatmap::`%v%`
  ht_list <- Reduce(op, objs)
  for (k in c("row_split", "column_split")) {
    if (!is.null(dargs[[k]])) dargs[[k]] <- hl_split(dargs[[k]])
  }
  grDevices::pdf(NULL, width = 7, height = 7)
  on.exit(grDevices::dev.off())
  d <- do.call(ComplexHeatmap::draw, c(list(ht_list), dargs))
  list(row = hl_named(ComplexHeatmap::row_order(d)),
       column = hl_named(ComplexHeatmap::column_order(d)))
}

hl_hclust <- function(m, method) as.integer(stats::hclust(stats::dist(m), method = method)$order)

# draw(A + B, cluster_rows = hc) with hc an hclust of A's rows
hl_orders_tree <- function(mats, method) {
  hc <- stats::hclust(stats::dist(mats$A), method = method)
  ht_list <- ComplexHeatmap::`+.AdditiveUnit`(ComplexHeatmap::Heatmap(mats$A, name = "A"),
                                              ComplexHeatmap::Heatmap(mats$B, name = "B"))
  grDevices::pdf(NULL, width = 7, height = 7)
  on.exit(grDevices::dev.off())
  as.integer(ComplexHeatmap::row_order(ComplexHeatmap::draw(ht_list, cluster_rows = hc)))
}
