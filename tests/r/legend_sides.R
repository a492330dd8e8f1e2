# Helpers for tests/backends/test_legend_sides.py: what ComplexHeatmap 2.14's Legend() does with
# title_position for a colour bar.

# For each (direction, position): whether Legend() accepts it, and if so the title grob's
# rotation and the legend's width and height (mm), measured on a pdf device.
lg_title_positions <- function(directions, positions, title) {
    grDevices::pdf(NULL)
    on.exit(grDevices::dev.off())
    col_fun <- circlize::colorRamp2(c(-4, 0, 4), c("blue", "white", "red"))
    out <- list()
    for (i in seq_along(directions)) {
        lg <- tryCatch(ComplexHeatmap::Legend(col_fun = col_fun, title = title,
                                              direction = directions[i],
                                              title_position = positions[i]),
                       error = function(e) NULL)
        if (is.null(lg)) {
            out[[i]] <- list(ok = FALSE)
        } else {
            g <- lg@grob
            out[[i]] <- list(ok = TRUE, rot = g$children[[1]]$rot,
                             width = grid::convertWidth(attr(g, "width"), "mm", TRUE),
                             height = grid::convertHeight(attr(g, "height"), "mm", TRUE))
        }
    }
    names(out) <- paste(directions, positions)
    out
}
