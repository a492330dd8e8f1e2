# Helpers for tests/figure/test_annotation_extras.py (prefix ane_): what ComplexHeatmap drew
# for one annotation function of a Heatmap object (built by the package's R backend from its
# payload). Names arrive as character vectors (data, never code).

ane_hjust <- function(just) {
  just <- as.character(just)
  if (length(just) == 2L) return(switch(just[1], left = 0, right = 1, 0.5))
  switch(just, left = 0, right = 1, 0.5)
}

ane_vjust <- function(just) {
  just <- as.character(just)
  if (length(just) == 2L) return(switch(just[2], bottom = 0, top = 1, 0.5))
  switch(just, bottom = 0, top = 1, 0.5)
}

# Draw `ht` on a PDF null device and read the grobs drawn inside the viewport of annotation
# `name` (a `which` annotation), slice `slice` of `n` cells, converted in a viewport of the
# same size and scales (ComplexHeatmap's: cells 0.5..n+0.5 along, the data scale across):
# rectangles (start/end along in native units, start/end across in mm), texts (label, native
# along, mm across) and the axis tick segments (mm across).
ane_drawn <- function(ht, name, which, n, slice = 1L) {
  grDevices::pdf(NULL, width = 12, height = 12)
  on.exit(grDevices::dev.off())
  ComplexHeatmap::draw(ht)
  ls <- grid::grid.ls(print = FALSE, viewports = TRUE, fullNames = TRUE)
  key <- paste0("viewport[annotation_", name, "_", slice, "]::")
  idx <- which(ls$type == "grobListing" & grepl(key, ls$vpPath, fixed = TRUE))
  grobs <- lapply(sub("^[a-z]+\\[(.*)\\]$", "\\1", ls$name[idx]),
                  function(g) grid::grid.get(g, global = FALSE))
  ds <- ane_data_scale(ht, if (which == "column") "top" else "right", name)
  col <- which == "column"
  out <- NULL
  ComplexHeatmap::decorate_annotation(name, slice = slice, {
    if (col) {
      grid::pushViewport(grid::viewport(xscale = c(0.5, n + 0.5), yscale = ds))
    } else {
      grid::pushViewport(grid::viewport(yscale = c(0.5, n + 0.5), xscale = ds))
    }
    out <<- ane_convert(grobs, col)  # the code runs in a child environment
    grid::popViewport()
  })
  out
}

ane_convert <- function(grobs, col) {
  along <- function(u) if (col) grid::convertX(u, "native", TRUE) else
    grid::convertY(u, "native", TRUE)
  across <- function(u) if (col) grid::convertY(u, "mm", TRUE) else
    grid::convertX(u, "mm", TRUE)
  along_w <- function(u) if (col) grid::convertWidth(u, "native", TRUE) else
    grid::convertHeight(u, "native", TRUE)
  across_w <- function(u) if (col) grid::convertHeight(u, "mm", TRUE) else
    grid::convertWidth(u, "mm", TRUE)
  out <- list(rect_a0 = double(0), rect_a1 = double(0), rect_c0 = double(0),
              rect_c1 = double(0), rect_fill = character(0), rect_grob = integer(0),
              text = character(0), text_a = double(0),
              text_c = double(0), text_grob = integer(0), tick_c = double(0))
  for (k in seq_along(grobs)) {
    g <- grobs[[k]]
    if (inherits(g, "rect")) {
      ja <- if (col) ane_hjust(g$just) else ane_vjust(g$just)
      jc <- if (col) ane_vjust(g$just) else ane_hjust(g$just)
      a <- along(if (col) g$x else g$y)
      aw <- along_w(if (col) g$width else g$height)
      cc <- across(if (col) g$y else g$x)
      cw <- across_w(if (col) g$height else g$width)
      a0 <- a - ja * aw
      c0 <- cc - jc * cw
      m <- max(length(a0), length(c0))
      out$rect_a0 <- c(out$rect_a0, rep_len(a0, m))
      out$rect_a1 <- c(out$rect_a1, rep_len(a0 + aw, m))
      out$rect_c0 <- c(out$rect_c0, rep_len(c0, m))
      out$rect_c1 <- c(out$rect_c1, rep_len(c0 + cw, m))
      fill <- if (is.null(g$gp$fill)) NA_character_ else as.character(g$gp$fill)
      out$rect_fill <- c(out$rect_fill, rep_len(fill, m))
      out$rect_grob <- c(out$rect_grob, rep(k, m))
    } else if (inherits(g, "text")) {
      m <- length(g$label)
      out$text <- c(out$text, as.character(g$label))
      out$text_a <- c(out$text_a, rep_len(along(if (col) g$x else g$y), m))
      out$text_c <- c(out$text_c, rep_len(across(if (col) g$y else g$x), m))
      out$text_grob <- c(out$text_grob, rep(k, m))
    } else if (inherits(g, "segments")) {
      out$tick_c <- c(out$tick_c, across(if (col) g$y0 else g$x0))
    }
  }
  out
}

ane_data_scale <- function(ht, side, name) {
  ha <- methods::slot(ht, paste0(side, "_annotation"))
  as.double(ha@anno_list[[name]]@fun@data_scale)
}

# Where ComplexHeatmap drew each annotation of a `which` block: the bottom and top (column
# annotations) or left and right (row annotations) of its viewport, mm on the device.
ane_anno_boxes <- function(ht, names, which) {
  grDevices::pdf(NULL, width = 12, height = 12)
  on.exit(grDevices::dev.off())
  ComplexHeatmap::draw(ht)
  out <- matrix(NA_real_, length(names), 2)
  for (i in seq_along(names)) {
    ComplexHeatmap::decorate_annotation(names[i], {
      a <- grid::deviceLoc(grid::unit(0, "npc"), grid::unit(0, "npc"))
      b <- grid::deviceLoc(grid::unit(1, "npc"), grid::unit(1, "npc"))
      out[i, ] <<- if (which == "column") c(a$y, b$y) else c(a$x, b$x)
    })
  }
  out * 25.4  # deviceLoc answers in inches
}

# The colours ComplexHeatmap's anno_density(type = "heatmap") maps densities with
ane_density_ramp <- function(ht, side, name) {
  ha <- methods::slot(ht, paste0(side, "_annotation"))
  f <- ha@anno_list[[name]]@fun@var_env$col_fun
  list(breaks = as.double(attr(f, "breaks")), colors = as.character(attr(f, "colors")))
}

# The name ComplexHeatmap drew for annotation `name`: its anchor in mm from the bottom-left
# corner of the annotation's viewport, rotation, justification, font size and colour.
ane_name <- function(ht, name) {
  grDevices::pdf(NULL, width = 12, height = 12)
  on.exit(grDevices::dev.off())
  ComplexHeatmap::draw(ht)
  ls <- grid::grid.ls(print = FALSE, viewports = TRUE, fullNames = TRUE)
  end <- paste0("viewport[annotation_", name, "_1]")
  idx <- which(ls$type == "grobListing" & endsWith(ls$vpPath, end) & grepl("^text", ls$name))
  g <- NULL
  for (i in idx) {
    h <- grid::grid.get(sub("^[a-z]+\\[(.*)\\]$", "\\1", ls$name[i]), global = FALSE)
    if (identical(as.character(h$label), name)) g <- h
  }
  out <- NULL
  ComplexHeatmap::decorate_annotation(name, {
    out <<- list(x = grid::convertX(g$x, "mm", TRUE), y = grid::convertY(g$y, "mm", TRUE),
                 rot = as.double(g$rot), just = as.character(g$just),
                 fontsize = as.double(if (is.null(g$gp$fontsize)) 12 else g$gp$fontsize),
                 col = if (is.null(g$gp$col)) "black" else as.character(g$gp$col))
  })
  out
}

# predict(loess(y ~ x), x2), as anno_lines(smooth = TRUE) draws it
ane_loess <- function(x, y, x2) {
  y <- as.double(y)
  y[is.nan(y)] <- NA
  fit <- suppressWarnings(stats::loess(y ~ x, data = data.frame(x = as.double(x), y = y)))
  as.double(stats::predict(fit, data.frame(x = as.double(x2))))
}
