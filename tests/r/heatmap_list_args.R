# Helpers for tests/figure/test_heatmap_list_args.py (prefix hla_): the size ComplexHeatmap gives
# a heatmap list drawn with draw()'s layout arguments, measured by ComplexHeatmap itself.

hla_unit_args <- function(a, keys) {
  for (k in keys) if (!is.null(a[[k]])) a[[k]] <- grid::unit(a[[k]], "mm")
  a
}

# mats: name -> matrix; members: names in list order; hargs: Heatmap() arguments shared by all
# heatmaps (lengths in mm); dimnames_list: name -> list(row names, column names); dargs: draw() arguments (lengths in mm). Returns the figure size in
# inches, as width.HeatmapList()/height.HeatmapList() of the drawn list give it.
hla_size <- function(mats, members, direction, hargs, dargs, dimnames_list, legends = NULL) {
  # legends: list(heatmap_legend_list = list(list(at, fill, title) or list(breaks, colors,
  # title)), annotation_legend_list = ...), each made with ComplexHeatmap::Legend() here
  for (nm in names(legends)) {
    dargs[[nm]] <- lapply(unname(legends[[nm]]), function(l) {
      if (!is.null(l$breaks)) {
        return(ComplexHeatmap::Legend(col_fun = circlize::colorRamp2(l$breaks, l$colors),
                                      title = l$title))
      }
      ComplexHeatmap::Legend(at = l$at, legend_gp = grid::gpar(fill = l$fill), title = l$title)
    })
  }
  for (nm in names(mats)) dimnames(mats[[nm]]) <- dimnames_list[[nm]]
  hargs <- hla_unit_args(hargs, c("width", "height"))
  for (k in c("row_names_gp", "column_names_gp")) {
    if (!is.null(hargs[[k]])) hargs[[k]] <- grid::gpar(fontsize = hargs[[k]])
  }
  objs <- lapply(members, function(nm) {
    do.call(ComplexHeatmap::Heatmap, c(list(mats[[nm]], name = nm), hargs))
  })
  op <- if (direction == "horizontal") ComplexHeatmap::`+.AdditiveUnit` else ComplexHeatmap::`%v%`
  ht_list <- Reduce(op, objs)
  dargs <- hla_unit_args(dargs, c("padding", "height", "heatmap_height", "width",
                                  "heatmap_width", "ht_gap"))
  grDevices::png(tempfile(fileext = ".png"), width = 7, height = 7, units = "in", res = 100)
  on.exit(grDevices::dev.off())
  d <- do.call(ComplexHeatmap::draw, c(list(ht_list), dargs))
  c(grid::convertWidth(ComplexHeatmap:::width.HeatmapList(d), "in", valueOnly = TRUE),
    grid::convertHeight(ComplexHeatmap:::height.HeatmapList(d), "in", valueOnly = TRUE))
}

# hl_orders() (tests/r/heatmap_list.R) with draw()'s row_order/column_order as plain vectors
hla_orders <- function(mats, hargs, members, direction, dargs, annos = NULL) {
  for (k in c("row_order", "column_order")) {
    if (!is.null(dargs[[k]])) dargs[[k]] <- as.vector(dargs[[k]])
  }
  hl_orders(mats, hargs, members, direction, dargs, annos)
}


# the same with draw(cluster_rows = function(m) hclust(dist(m), method = method))
hla_orders_fun <- function(mats, members, dargs, method) {
  dargs$cluster_rows <- function(m) stats::hclust(stats::dist(m), method = method)
  hla_orders(mats, lapply(mats, function(m) list()), members, "horizontal", dargs)
}
