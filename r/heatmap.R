# R side of pyr_heatmap's R backend: draw a heatmap with ComplexHeatmap from plain data.
#
# These are plain functions. They are loaded once per R session into a private environment whose
# parent is R's base environment, so every function of another package is called as pkg::fn and
# nothing is attached or written to the global environment. Every string that comes from the
# user (labels, names, titles, annotation levels) arrives here as a character vector: it is data,
# never code.
#
# The arguments arrive as one list `a` (built by pyr_heatmap.rbackend):
#   a$args         plain Heatmap() arguments (logical, numeric, character)
#   a$units        Heatmap() arguments that are lengths, in mm
#   a$fonts        Heatmap() arguments that are gpar()s (fonts, border_gp): name -> list
#   a$raster_resize_fun  raster_resize_mat as a function name (mean, median, max, min) or NULL
#   a$trees        Heatmap() arguments that are hclust objects: name -> list(merge, height, ...)
#   a$dend_styles  row_dend_gp / column_dend_gp and branch colours: which -> list(gp, groups, colors)
#   a$splits       row_split / column_split: a number, or list(columns = list(...))
#   a$km_labels    k-means labels computed elsewhere: which -> list(labels, reorder, slices)
#   a$col          the colour mapping: list(breaks, colors, space, transparency) or NULL
#   a$annotations  top/bottom/left/right_annotation descriptions
#   a$legend       heatmap_legend_param
#   a$draw_titles  titles given to draw() instead of Heatmap() (see pyrhm_heatmap)
#   a$seed         seed of R's random numbers (k-means), or NULL

pyrhm_hclust <- function(tree) {
    n1 <- length(tree$height)
    structure(list(merge = matrix(as.integer(tree$merge), nrow = n1, ncol = 2L),
                   height = as.double(tree$height), order = as.integer(tree$order),
                   labels = tree$labels, method = tree$method,
                   dist.method = tree$dist_method, call = NULL),
              class = "hclust")
}

pyrhm_ramp <- function(r) {
    circlize::colorRamp2(as.double(r$breaks), as.character(r$colors),
                         transparency = as.double(r$transparency), space = r$space)
}

pyrhm_split_column <- function(s) {
    v <- s$values
    if (s$type == "factor") {
        return(factor(as.character(v), levels = as.character(s$levels)))
    }
    if (s$type == "logical") return(as.logical(v))
    if (s$type %in% c("integer", "double")) v[is.nan(v)] <- NA
    if (s$type == "integer") return(as.integer(v))
    if (s$type == "double") return(as.double(v))
    as.character(v)
}

pyrhm_split <- function(s) {
    if (is.null(s) || is.numeric(s)) return(s)
    cols <- lapply(s$columns, pyrhm_split_column)
    if (length(cols) == 1L) return(cols[[1L]])
    names(cols) <- paste0("V", seq_along(cols))
    structure(cols, class = "data.frame", row.names = seq_along(cols[[1L]]))
}

# ComplexHeatmap's k-means block of make_cluster(), fed with labels computed elsewhere: the
# clusters are renumbered 1..k in the order of the reordered hclust of their means and the factor
# becomes the first split column, exactly as make_cluster() does with its own k-means result.
pyrhm_km_split <- function(mat, km, which, split) {
    cl <- match(km$labels, sort(unique(km$labels)))
    if (which == "row") {
        meanmat <- lapply(sort(unique(cl)), function(i)
            colMeans(mat[cl == i, , drop = FALSE], na.rm = TRUE))
    } else {
        meanmat <- lapply(sort(unique(cl)), function(i)
            rowMeans(mat[, cl == i, drop = FALSE], na.rm = TRUE))
    }
    meanmat <- do.call(cbind, meanmat)
    reorder_w <- km$reorder
    if (length(reorder_w) > 1L) {
        weight <- tapply(reorder_w, cl, mean)
    } else {
        weight <- colMeans(meanmat)
    }
    if (isTRUE(km$slices)) {
        hc <- stats::hclust(stats::dist(t(meanmat)))
        hc <- stats::as.hclust(stats::reorder(stats::as.dendrogram(hc), weight, mean))
        od <- hc$order
    } else {
        od <- order(weight)
    }
    cl2 <- numeric(length(cl))
    for (i in seq_along(od)) cl2[cl == od[i]] <- i
    cl2 <- factor(cl2, levels = seq_along(od))
    if (is.null(split)) return(cl2)
    if (is.data.frame(split)) {
        out <- c(list(cl2), as.list(split))
    } else {
        out <- list(cl2, split)
    }
    names(out) <- paste0("V", seq_along(out))
    structure(out, class = "data.frame", row.names = seq_along(cl2))
}

# The Heatmap object. Titles listed in a$draw_titles are not given to Heatmap(): with a split,
# ComplexHeatmap treats a single title as a template (sprintf for "%s", GetoptLong::qq for "@{}",
# glue for "{}"), i.e. it would evaluate user text as R code; those titles are drawn by draw().
pyrhm_heatmap <- function(mat, a) {
    args <- a$args
    for (nm in names(a$units)) args[[nm]] <- grid::unit(a$units[[nm]], "mm")
    for (nm in names(a$fonts)) args[[nm]] <- pyrhm_gpar(a$fonts[[nm]])
    if (!is.null(a$rect_gp)) {
        r <- a$rect_gp
        args$rect_gp <- grid::gpar(col = if (is.null(r$col)) NA else r$col, lwd = r$lwd,
                                   type = r$type)
    }
    if (!is.null(a$cell_text)) {
        txt <- matrix(as.character(a$cell_text$text), nrow = a$cell_text$nrow)
        gp <- pyrhm_gpar(a$cell_text$gp)
        args$cell_fun <- function(j, i, x, y, width, height, fill) {
            if (nzchar(txt[i, j])) grid::grid.text(txt[i, j], x, y, gp = gp)
        }
    }
    for (nm in names(a$trees)) {
        tree <- pyrhm_hclust(a$trees[[nm]])
        # a tree whose order is not its merge matrix's leaf order came from a clustering
        # function: handed as one, so ComplexHeatmap takes tree$order as it did in Python
        args[[nm]] <- if (isTRUE(a$trees[[nm]]$as_function)) local({
            hc <- tree
            function(m) hc
        }) else tree
    }
    args <- pyrhm_dend_styles(args, a$dend_styles)  # r/dend_style.R
    for (nm in names(a$splits)) args[[nm]] <- pyrhm_split(a$splits[[nm]])
    for (which in names(a$km_labels)) {
        key <- paste0(which, "_split")
        args[[key]] <- pyrhm_km_split(mat, a$km_labels[[which]], which, args[[key]])
    }
    if (!is.null(a$col)) args$col <- pyrhm_ramp(a$col)
    if (!is.null(a$raster_resize_fun)) {  # a name from a fixed list, never evaluated
        args$raster_resize_mat <- switch(a$raster_resize_fun, mean = base::mean,
                                         median = stats::median, max = base::max,
                                         min = base::min, stop("unknown raster_resize_mat"))
    }
    if (!is.null(a$discrete)) {  # a character matrix (r/discrete.R)
        mat <- pyrhm_discrete_matrix(mat, a$discrete)
        args$col <- pyrhm_discrete_col(a$discrete)
    }
    for (nm in names(a$annotations)) args[[nm]] <- pyrhm_annotation_list(a$annotations[[nm]])
    if (!is.null(a$legend)) {
        l <- a$legend
        for (u in c("legend_height", "legend_width")) {
            if (!is.null(l[[u]])) l[[u]] <- grid::unit(l[[u]], "mm")
        }
        for (g in c("title_gp", "labels_gp")) {
            if (!is.null(l[[g]])) l[[g]] <- pyrhm_gpar(l[[g]])
        }
        args$heatmap_legend_param <- l
    }
    do.call(ComplexHeatmap::Heatmap, c(list(quote(mat)), args))
}

# A grid gpar() from a list of its arguments (fontsize, fontface, fontfamily, col).
pyrhm_gpar <- function(g) {
    if (is.numeric(g)) return(grid::gpar(fontsize = g))
    do.call(grid::gpar, g)
}

# Boxes of the drawn parts, in mm from the top-left corner of the figure (its "global"
# viewport): every viewport ComplexHeatmap keeps (list_components()) whose name ends in one of
# the parts' suffixes; boxes of several slices are merged. Read with grid's deviceLoc().
pyrhm_layout <- function() {
    grid::upViewport(0)
    grid::seekViewport("global")
    g0 <- grid::deviceLoc(grid::unit(0, "npc"), grid::unit(1, "npc"), valueOnly = TRUE)
    grid::upViewport(0)
    parts <- c(body = "_heatmap_body_[0-9]+_[0-9]+$", row_dend = "_dend_row_[0-9]+$",
               column_dend = "_dend_column_[0-9]+$", legend = "^heatmap_legend$",
               annotation_legend = "^annotation_legend$")
    comps <- ComplexHeatmap::list_components()
    out <- list()
    for (p in names(parts)) {
        hits <- grep(parts[[p]], comps, value = TRUE)
        box <- NULL
        for (vp in hits) {
            grid::seekViewport(vp)
            lo <- grid::deviceLoc(grid::unit(0, "npc"), grid::unit(0, "npc"), valueOnly = TRUE)
            hi <- grid::deviceLoc(grid::unit(1, "npc"), grid::unit(1, "npc"), valueOnly = TRUE)
            grid::upViewport(0)
            b <- c(lo$x - g0$x, g0$y - hi$y, hi$x - g0$x, g0$y - lo$y) * 25.4
            box <- if (is.null(box)) b else c(min(box[1], b[1]), min(box[2], b[2]),
                                              max(box[3], b[3]), max(box[4], b[4]))
        }
        if (!is.null(box)) out[[p]] <- c(box[1], box[2], box[3] - box[1], box[4] - box[2])
    }
    out
}

pyrhm_open_device <- function(device, file, width, height, res) {
    if (device == "null") {
        grDevices::pdf(NULL, width = width, height = height)
    } else if (device == "png") {
        type <- if (isTRUE(capabilities("cairo"))) "cairo" else getOption("bitmapType")
        grDevices::png(file, width = width, height = height, units = "in", res = res, type = type)
    } else if (device == "tiff") {
        type <- if (isTRUE(capabilities("cairo"))) "cairo" else getOption("bitmapType")
        grDevices::tiff(file, width = width, height = height, units = "in", res = res,
                        type = type, compression = "lzw")
    } else if (device == "jpeg") {
        type <- if (isTRUE(capabilities("cairo"))) "cairo" else getOption("bitmapType")
        grDevices::jpeg(file, width = width, height = height, units = "in", res = res,
                        type = type, quality = 95)
    } else if (device == "pdf") {
        # cairo embeds the fonts as TrueType subsets; pdf() would reference unembedded Type 1
        if (isTRUE(capabilities("cairo"))) {
            grDevices::cairo_pdf(file, width = width, height = height)
        } else {
            grDevices::pdf(file, width = width, height = height, useDingbats = FALSE)
        }
    } else if (device %in% c("ps", "eps")) {
        if (isTRUE(capabilities("cairo"))) {
            grDevices::cairo_ps(file, width = width, height = height)
        } else {
            grDevices::postscript(file, width = width, height = height, horizontal = FALSE,
                                  onefile = FALSE, paper = "special")
        }
    } else if (device == "svg") {
        # svglite writes text as <text> elements (editable); cairo's svg() as glyph outlines
        if (requireNamespace("svglite", quietly = TRUE)) {
            svglite::svglite(file, width = width, height = height)
        } else {
            grDevices::svg(file, width = width, height = height)
        }
    } else {
        stop("unknown device ", device)
    }
    grDevices::dev.cur()
}

# Close the devices opened since `before` (a dev.list()) was taken. Closing the current device
# makes R select another one, so the device that was current before (attribute "cur", set by
# pyrhm_dev_list) is made current again: the caller's graphics state is left as it was.
pyrhm_close_new_devices <- function(before) {
    for (d in setdiff(grDevices::dev.list(), before)) grDevices::dev.off(d)
    cur <- attr(before, "cur")
    if (!is.null(cur) && cur %in% grDevices::dev.list() && grDevices::dev.cur() != cur) {
        grDevices::dev.set(cur)
    }
    invisible(NULL)
}

pyrhm_order <- function(o) {
    if (is.list(o)) {
        out <- lapply(o, as.integer)
        if (is.null(names(out))) names(out) <- as.character(seq_along(out))
        return(out)
    }
    as.integer(o)
}

# Run fun(devs_before) with the caller's R state protected: devices opened during the call are
# always closed, R's random number state is restored, messages and warnings are collected
# instead of printed, and an R error becomes list(ok = FALSE, error = <R's message>). fun returns
# a list; the collected messages, warnings and the elapsed seconds are added to it.
pyrhm_guarded <- function(fun) {
    devs_before <- pyrhm_dev_list()
    genv <- globalenv()
    had_seed <- exists(".Random.seed", envir = genv, inherits = FALSE)
    old_seed <- if (had_seed) get(".Random.seed", envir = genv, inherits = FALSE) else NULL
    on.exit({
        pyrhm_close_new_devices(devs_before)
        if (had_seed) {
            assign(".Random.seed", old_seed, envir = genv)
        } else if (exists(".Random.seed", envir = genv, inherits = FALSE)) {
            rm(list = ".Random.seed", envir = genv)
        }
    }, add = TRUE)
    msgs <- character(0)
    warns <- character(0)
    t0 <- proc.time()[["elapsed"]]
    out <- tryCatch(withCallingHandlers(fun(devs_before), message = function(m) {
        msgs <<- c(msgs, conditionMessage(m))
        invokeRestart("muffleMessage")
    }, warning = function(w) {
        warns <<- c(warns, conditionMessage(w))
        invokeRestart("muffleWarning")
    }), error = function(e) list(ok = FALSE, error = conditionMessage(e)))
    out$messages <- msgs
    out$warnings <- warns
    out$seconds <- proc.time()[["elapsed"]] - t0
    out
}

# Draw the heatmap; returns list(ok, row_order, column_order, width_in, height_in, drawn, ...)
# or list(ok = FALSE, error = <R's message>), through pyrhm_guarded().
#
# device "null" draws on the scratch device only (orders, no file). Otherwise the heatmap is drawn
# once, on a scratch device of the same kind and resolution with its display list on: the body
# size is absolute, so after this draw ComplexHeatmap knows the size of the whole figure. The
# recorded display list is then replayed on a device of exactly that size (pixel-identical to
# drawing again, without ComplexHeatmap's second pass over the dendrograms and the raster).
#
# `drawn` (an environment, kept by the caller, never assigned anywhere in R) holds the drawn
# HeatmapList and the recorded plot, for pyrhm_render().
pyrhm_draw <- function(mat, a, device = "null", file = NULL, scratch = NULL, res = 100,
                       extras = FALSE) {
    pyrhm_guarded(function(devs_before) {
        mat[is.nan(mat)] <- NA
        # the scratch device is open before Heatmap(), which already measures text on the
        # current device (with no device open it would open R's default one)
        scratch_dev <- if (device == "null") "png" else device
        if (is.null(scratch)) scratch_dev <- "null"
        pyrhm_open_device(scratch_dev, scratch, 7, 7, res)
        if (device != "null") grDevices::dev.control("enable")
        if (!is.null(a$seed)) set.seed(a$seed)
        ht <- pyrhm_heatmap(mat, a)
        # da carries heatmap_legend_side, annotation_legend_side and merge_legend (R's
        # defaults: right, right, FALSE). ComplexHeatmap sizes legends with PDF font metrics;
        # cairo's fonts are wider, so the right padding leaves room for the difference (default padding is 2 mm all round).
        # a$padding (bottom, left, top, right; mm) adds room for text ComplexHeatmap does not
        # size its figure from (rotated names leaning past the body, wide titles)
        pad <- if (is.null(a$padding)) c(2, 2, 2, 8) else as.double(a$padding)
        da <- a$draw_args
        if (!is.null(da$column_title_gp)) da$column_title_gp <- pyrhm_gpar(da$column_title_gp)
        dargs <- c(list(ht), a$draw_titles, da, list(padding = grid::unit(pad, "mm")))
        d <- do.call(ComplexHeatmap::draw, dargs)
        w <- grid::convertWidth(ComplexHeatmap:::width.HeatmapList(d), "in", valueOnly = TRUE)
        h <- grid::convertHeight(ComplexHeatmap:::height.HeatmapList(d), "in", valueOnly = TRUE)
        layout <- tryCatch(pyrhm_layout(), error = function(e) list())
        drawn <- pyrhm_replay(d, device, file, w, h, res, devs_before)
        res_list <- list(ok = TRUE,
                         row_order = pyrhm_order(ComplexHeatmap::row_order(d)),
                         column_order = pyrhm_order(ComplexHeatmap::column_order(d)),
                         row_names = rownames(mat), column_names = colnames(mat),
                         width_in = w, height_in = h, drawn = drawn, layout = layout,
                         titles = list(list_row = d@row_title, list_column = d@column_title,
                                       row = d@ht_list[[1L]]@row_title,
                                       column = d@ht_list[[1L]]@column_title))
        if (isTRUE(extras)) {
            v <- as.double(mat)
            v <- v[!is.na(v)]
            res_list$col_hex <- ht@matrix_color_mapping@col_fun(v)
        }
        res_list
    })
}

# Write a heatmap drawn by pyrhm_draw() to another file, at the same size: the recorded plot is
# replayed when the device kind and resolution are those it was recorded on; otherwise the drawn
# HeatmapList is drawn again on the new device (R's draw(ht_drawn): the clustering and the layout
# are reused, the dendrograms and the raster body are made again for this device).
pyrhm_render <- function(drawn, device, file, res = 100) {
    pyrhm_guarded(function(devs_before) {
        pyrhm_open_device(device, file, drawn$width, drawn$height, res)
        if (identical(device, drawn$device) && identical(as.double(res), as.double(drawn$res))) {
            grDevices::replayPlot(drawn$plot)
        } else {
            ComplexHeatmap::draw(drawn$heatmap)
        }
        pyrhm_close_new_devices(devs_before)
        list(ok = TRUE)
    })
}

# The trees R builds for the unsplit clustering of each axis (for the cross-check):
# hclust(ComplexHeatmap's get_dist(m, distance), method), and cutree() of it for each k.
pyrhm_trees <- function(mat, which, distance, method, ks) {
    mat[is.nan(mat)] <- NA
    out <- tryCatch({
        m <- if (which == "row") mat else t(mat)
        hc <- stats::hclust(ComplexHeatmap:::get_dist(m, distance), method = method)
        ks <- ks[ks <= nrow(m)]
        cuts <- lapply(ks, function(k) as.integer(stats::cutree(hc, k = k)))
        names(cuts) <- as.character(ks)
        list(ok = TRUE, merge = as.integer(hc$merge), height = hc$height,
             order = as.integer(hc$order), cutree = cuts)
    }, error = function(e) list(ok = FALSE, error = conditionMessage(e)))
    out
}

pyrhm_versions <- function() {
    v <- function(p) {
        if (requireNamespace(p, quietly = TRUE)) as.character(utils::packageVersion(p))
        else NA_character_
    }
    list(r = R.version.string, complexheatmap = v("ComplexHeatmap"), circlize = v("circlize"))
}

# The open devices, with the current one as attribute "cur" (for pyrhm_close_new_devices).
pyrhm_dev_list <- function() {
    d <- grDevices::dev.list()
    if (is.null(d)) return(NULL)
    structure(d, cur = grDevices::dev.cur())
}

# After a scratch draw: close the scratch device, replay the recorded plot on the requested device
# at the measured size (w x h inches), and keep what save() needs to draw it again elsewhere.
# Returns NULL for the null device.
pyrhm_replay <- function(d, device, file, w, h, res, devs_before) {
    rec <- if (device != "null") grDevices::recordPlot() else NULL
    pyrhm_close_new_devices(devs_before)
    if (device == "null") return(NULL)
    pyrhm_open_device(device, file, w, h, res)
    grDevices::replayPlot(rec)
    pyrhm_close_new_devices(devs_before)
    drawn <- new.env(parent = emptyenv())
    drawn$heatmap <- d
    drawn$plot <- rec
    drawn$device <- device
    drawn$res <- res
    drawn$width <- w
    drawn$height <- h
    drawn
}
