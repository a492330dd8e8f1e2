# R side of heatmap lists: ht1 + ht2 (+ rowAnnotation(...)) or ht1 %v% ht2, then draw().
#
# Each heatmap is built by pyrhm_heatmap() (r/heatmap.R) from its own payload, each annotation
# member by pyrhm_annotation_list() (r/annotations.R). Strings (names, titles, labels) arrive as
# data.
#
#   mats       list of matrices, one per member (NULL for an annotation member)
#   members    list of list(kind = "heatmap", a = <payload>) or list(kind = "annotation", a = ...)
#   direction  "horizontal" or "vertical"
#   d          draw() arguments: main_heatmap (a name), ht_gap (mm), titles, legend sides,
#              merge_legend, and the main heatmap's overrides (split as in pyrhm_split, lengths
#              in mm under d$units, trees under d$trees), extra legends under d$legends

pyrhm_list_object <- function(mats, members, direction) {
    objs <- vector("list", length(members))
    for (i in seq_along(members)) {
        m <- members[[i]]
        if (m$kind == "heatmap") {
            mat <- mats[[i]]
            mat[is.nan(mat)] <- NA
            objs[[i]] <- pyrhm_heatmap(mat, m$a)
        } else {
            objs[[i]] <- pyrhm_annotation_list(m$a)
        }
    }
    if (length(objs) == 1L) return(objs[[1L]])
    join <- if (direction == "horizontal") {
        function(x, y) ComplexHeatmap::add_heatmap(x, y, direction = "horizontal")
    } else {
        function(x, y) ComplexHeatmap::add_heatmap(x, y, direction = "vertical")
    }
    Reduce(join, objs)
}

pyrhm_list_draw_args <- function(d) {
    args <- d$args
    args$ht_gap <- grid::unit(as.double(d$ht_gap), "mm")
    # room for cairo's wider fonts at the right, as pyrhm_draw() leaves it
    args$padding <- grid::unit(c(2, 2, 2, 8), "mm")
    for (nm in names(d$units)) args[[nm]] <- grid::unit(d$units[[nm]], "mm")
    for (nm in names(d$trees)) args[[nm]] <- pyrhm_hclust(d$trees[[nm]])
    for (nm in names(d$splits)) args[[nm]] <- pyrhm_split(d$splits[[nm]])
    for (nm in names(d$legends)) args[[nm]] <- lapply(d$legends[[nm]], pyrhm_legend)
    args
}

# ComplexHeatmap::Legend() from a payload: title, direction, type, at, labels, fill, col, and
# col_fun = list(breaks, colors, space, transparency); text arrives as data
pyrhm_legend <- function(p) {
    args <- list(title = p$title, direction = p$direction, type = p$type)
    if (!is.null(p$at)) args$at <- p$at
    if (!is.null(p$labels)) args$labels <- p$labels
    if (!is.null(p$col_fun)) {
        f <- p$col_fun
        args$col_fun <- circlize::colorRamp2(f$breaks, f$colors, space = f$space,
                                             transparency = f$transparency)
    }
    gp <- Filter(Negate(is.null), list(fill = p$fill, col = p$col))
    if (length(gp)) args$legend_gp <- do.call(grid::gpar, gp)
    do.call(ComplexHeatmap::Legend, args)
}

# Draw the list like pyrhm_draw() draws one heatmap (scratch device, recorded plot replayed on a
# device of the measured size); returns the orders as R's row_order()/column_order() give them.
pyrhm_draw_list <- function(mats, members, direction, d, device = "null", file = NULL,
                            scratch = NULL, res = 100) {
    pyrhm_guarded(function(devs_before) {
        scratch_dev <- if (device == "null") "png" else device
        if (is.null(scratch)) scratch_dev <- "null"
        pyrhm_open_device(scratch_dev, scratch, 7, 7, res)
        if (device != "null") grDevices::dev.control("enable")
        if (!is.null(d$seed)) set.seed(d$seed)
        ht_list <- pyrhm_list_object(mats, members, direction)
        dargs <- c(list(ht_list), pyrhm_list_draw_args(d))
        dl <- do.call(ComplexHeatmap::draw, dargs)
        w <- grid::convertWidth(ComplexHeatmap:::width.HeatmapList(dl), "in", valueOnly = TRUE)
        h <- grid::convertHeight(ComplexHeatmap:::height.HeatmapList(dl), "in", valueOnly = TRUE)
        # legends taller than the heatmaps: ComplexHeatmap's height leaves them out
        extra <- function(nm) if (is.null(dargs[[nm]])) list() else dargs[[nm]]
        legend_h <- vapply(list(
            ComplexHeatmap::heatmap_legend_size(dl, legend_list = extra("heatmap_legend_list")),
            ComplexHeatmap::annotation_legend_size(dl, legend_list =
                                                       extra("annotation_legend_list"))),
            function(s) grid::convertHeight(s[2], "in", valueOnly = TRUE), 0)
        h <- max(h, max(legend_h) + 6 / 25.4)
        drawn <- pyrhm_replay(dl, device, file, w, h, res, devs_before)
        list(ok = TRUE, orders = pyrhm_list_orders(dl), width_in = w, height_in = h,
             drawn = drawn)
    })
}

# row_order(dl) and column_order(dl) of a drawn list, per heatmap for the axis they do not share:
# list(shared = <vector or list of slices>, own = list(name = <vector or list of slices>)).
pyrhm_list_orders <- function(dl) {
    hts <- Filter(function(x) inherits(x, "Heatmap"), dl@ht_list)
    if (dl@direction == "horizontal") {
        shared <- ComplexHeatmap::row_order(dl)
        own <- lapply(hts, function(h) pyrhm_order(ComplexHeatmap::column_order(h)))
    } else {
        shared <- ComplexHeatmap::column_order(dl)
        own <- lapply(hts, function(h) pyrhm_order(ComplexHeatmap::row_order(h)))
    }
    names(own) <- vapply(hts, function(h) h@name, "")
    list(shared = pyrhm_order(shared), own = own)
}
