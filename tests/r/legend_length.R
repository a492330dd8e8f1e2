# The colour bar of a heatmap's legend as ComplexHeatmap 2.14.0 builds it: the heatmap legend of
# Heatmap(m, name, heatmap_legend_param = ...) (color_mapping_legend, as draw() makes it), and the
# extent of its colour rectangles inside the legend body (mm).
legend_bar_mm <- function(m, name, at = NULL, labels_fontsize = NULL, direction = "vertical",
                          legend_height_mm = NULL, legend_width_mm = NULL) {
  param <- list(direction = direction)
  if (!is.null(at)) param$at <- as.numeric(at)
  if (!is.null(labels_fontsize)) param$labels_gp <- grid::gpar(fontsize = labels_fontsize)
  if (!is.null(legend_height_mm)) param$legend_height <- grid::unit(legend_height_mm, "mm")
  if (!is.null(legend_width_mm)) param$legend_width <- grid::unit(legend_width_mm, "mm")
  grDevices::pdf(NULL)
  on.exit(grDevices::dev.off())
  ht <- ComplexHeatmap::Heatmap(m, name = name, heatmap_legend_param = param)
  lg <- suppressWarnings(ComplexHeatmap:::color_mapping_legend(
    ht@matrix_color_mapping, param = ht@matrix_legend_param, plot = FALSE))
  body <- Filter(function(g) inherits(g, "legend_body"), lg@grob$children)[[1]]
  bw <- grid::convertWidth(attr(body, "width"), "mm", valueOnly = TRUE)
  bh <- grid::convertHeight(attr(body, "height"), "mm", valueOnly = TRUE)
  rect <- Filter(function(g) inherits(g, "rect"), body$children)[[1]]
  grid::pushViewport(grid::viewport(width = grid::unit(bw, "mm"), height = grid::unit(bh, "mm")))
  on.exit(grid::popViewport(), add = TRUE, after = FALSE)
  mm_x <- function(u) grid::convertX(u, "mm", valueOnly = TRUE)
  mm_y <- function(u) grid::convertY(u, "mm", valueOnly = TRUE)
  if (direction == "vertical") {  # rectangles centred on y
    y <- mm_y(rect$y); h <- grid::convertHeight(rect$height, "mm", valueOnly = TRUE)
    bar <- max(y + h / 2) - min(y - h / 2)
  } else {  # rectangles from their left edge
    x <- mm_x(rect$x); w <- grid::convertWidth(rect$width, "mm", valueOnly = TRUE)
    bar <- max(x + w) - min(x)
  }
  c(bar = bar, body_width = bw, body_height = bh)
}
