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

# For tests/backends/native/test_heatmap_list_native.py: the list of hl_orders() drawn on a
# 7 x 7 inch device, with its orders, the titles of its legends in the order ComplexHeatmap
# draws them, and the width and height (mm) of each heatmap's body as ComplexHeatmap lays them
# out (viewport <name>_heatmap_body_wrap). Heatmap arguments width_mm/height_mm become units,
# top_anno/left_anno annotations named top/left; dend: the depth of the dendrograms across the
# list;
# draw()'s ht_gap is in mm.
hl_drawn <- function(mats, hargs, members, direction, dargs, annos = NULL) {
  hargs <- lapply(hargs, function(a) {
    for (k in c("width", "height")) {
      mm <- a[[paste0(k, "_mm")]]
      if (!is.null(mm)) a[[k]] <- grid::unit(mm, "mm")
      a[[paste0(k, "_mm")]] <- NULL
    }
    if (!is.null(a$top_anno)) a$top_annotation <- ComplexHeatmap::HeatmapAnnotation(top = a$top_anno)
    if (!is.null(a$left_anno)) a$left_annotation <- ComplexHeatmap::rowAnnotation(left = a$left_anno)
    a$top_anno <- NULL
    a$left_anno <- NULL
    a
  })
  if (!is.null(dargs$ht_gap)) dargs$ht_gap <- grid::unit(dargs$ht_gap, "mm")
  objs <- lapply(members, function(nm) {
    if (!is.null(annos[[nm]])) {
      if (direction == "horizontal") return(ComplexHeatmap::rowAnnotation(grp = annos[[nm]]))
      return(ComplexHeatmap::HeatmapAnnotation(grp = annos[[nm]]))
    }
    do.call(ComplexHeatmap::Heatmap, c(list(mats[[nm]], name = nm), hargs[[nm]]))
  })
  op <- if (direction == "horizontal") ComplexHeatmap::`+.AdditiveUnit` else ComplexHeatmap::`%v%`
  ht_list <- Reduce(op, objs)
  grDevices::pdf(NULL, width = 7, height = 7)
  on.exit(grDevices::dev.off())
  d <- do.call(ComplexHeatmap::draw, c(list(ht_list), dargs))
  # legend titles: the first text grob inside each legend grob, in drawing order
  names <- grid::grid.ls(print = FALSE)$name
  titles <- character(0)
  i <- 1L
  while (i <= length(names)) {
    if (grepl("^(legend_grob_|GRID\\.legend\\.)", names[i])) {
      j <- i + 1L
      while (j <= length(names) && !grepl("^GRID\\.text\\.", names[j])) j <- j + 1L
      titles <- c(titles, grid::grid.get(names[j])$label)
      i <- j
    }
    i <- i + 1L
  }
  hts <- Filter(function(x) inherits(x, "Heatmap"), d@ht_list)
  size <- lapply(hts, function(h) {
    grid::seekViewport(paste0(h@name, "_heatmap_body_wrap"))
    c(grid::convertWidth(grid::unit(1, "npc"), "mm", valueOnly = TRUE),
      grid::convertHeight(grid::unit(1, "npc"), "mm", valueOnly = TRUE))
  })
  names(size) <- vapply(hts, function(h) h@name, "")
  # depth (mm) of each heatmap's dendrogram across the list (column dendrograms of a
  # horizontal list), where there is one
  across <- if (direction == "horizontal") "column" else "row"
  dend <- list()
  for (h in hts) {
    vp <- paste0(h@name, "_dend_", across, "_1")
    ok <- tryCatch({ grid::seekViewport(vp); TRUE }, error = function(e) FALSE)
    if (ok) {
      dend[[h@name]] <- if (across == "column") {
        grid::convertHeight(grid::unit(1, "npc"), "mm", valueOnly = TRUE)
      } else {
        grid::convertWidth(grid::unit(1, "npc"), "mm", valueOnly = TRUE)
      }
    }
  }
  list(row = hl_named(ComplexHeatmap::row_order(d)),
       column = hl_named(ComplexHeatmap::column_order(d)), legends = titles, size = size,
       dend = dend)
}
