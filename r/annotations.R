# Annotations for pyrhm_heatmap(): HeatmapAnnotation() with colour bars and ComplexHeatmap's own
# anno_* functions, built from data passed as arguments (names, labels and levels arrive as
# character vectors; nothing the user wrote is parsed as code). The list `a` is made by
# pyr_heatmap/backends/r/annotations.py:
#   a$which, a$tracks (in the user's order), a$na_col, a$show_legend, a$legend_hidden,
#   a$show_name, a$name_side, a$size_mm, a$gap_mm (one, or one per pair), a$legend_params

pyrhm_mm <- function(v) if (is.null(v)) NULL else grid::unit(as.double(v), "mm")

pyrhm_gp <- function(gp) {
    if (is.null(gp) || length(gp) == 0L) return(grid::gpar())
    do.call(grid::gpar, lapply(gp, function(v) if (is.character(v)) as.character(v) else v))
}

pyrhm_pch <- function(p) {
    if (is.null(p)) return(NULL)
    if (!is.null(p$numbers)) {
        v <- as.double(p$numbers)
        v[is.nan(v)] <- NA
        return(as.integer(v))
    }
    as.character(p$chars)
}

pyrhm_nan_na <- function(x) {
    x[is.nan(x)] <- NA
    x
}

# one colour-bar annotation: the values (factor or numbers) and their colour mapping
pyrhm_vector_track <- function(t) {
    if (isTRUE(t$discrete)) {
        levels <- as.character(t$levels)
        return(list(values = factor(as.character(t$values), levels = levels),
                    col = stats::setNames(as.character(t$colors), levels)))
    }
    list(values = pyrhm_nan_na(as.double(t$values)), col = pyrhm_ramp(t$ramp))
}

pyrhm_size_args <- function(t, which) {
    if (is.null(t$size_mm)) return(list())
    if (which == "column") list(height = pyrhm_mm(t$size_mm)) else list(width = pyrhm_mm(t$size_mm))
}

# axis_param as given (ComplexHeatmap fills in its defaults); gp as a gpar
pyrhm_axis_param <- function(p) {
    if (is.null(p)) return(list())
    if (!is.null(p$gp)) p$gp <- pyrhm_gp(p$gp)
    if (!is.null(p$at)) p$at <- as.double(p$at)
    if (!is.null(p$labels)) p$labels <- as.character(p$labels)
    list(axis_param = p)
}

# ylim and extend where the kind has them (NULL ylim: R computes the range)
pyrhm_ylim_args <- function(t) {
    if (is.null(t$extend)) return(list())
    list(ylim = if (is.null(t$ylim)) NULL else as.double(t$ylim), extend = t$extend)
}

pyrhm_barplot <- function(t, x, which, gp_arg, size) {
    args <- c(list(x = x, baseline = t$baseline, which = which, border = t$border,
                   bar_width = t$bar_width, beside = t$beside, attach = t$attach,
                   axis = t$axis, add_numbers = t$add_numbers,
                   numbers_rot = t$numbers_rot,
                   numbers_offset = pyrhm_mm(t$numbers_offset_mm)),
              gp_arg, size, pyrhm_ylim_args(t), pyrhm_axis_param(t$axis_param))
    if (!is.null(t$numbers_gp)) args$numbers_gp <- pyrhm_gp(t$numbers_gp)
    do.call(ComplexHeatmap::anno_barplot, args)
}

pyrhm_anno_fun <- function(t, which) {
    size <- c(pyrhm_size_args(t, which), pyrhm_axis_param(t$axis_param))
    gp_arg <- if (is.null(t$gp)) list() else list(gp = pyrhm_gp(t$gp))
    x <- t$x
    if (is.list(x)) x <- lapply(x, pyrhm_nan_na) else if (is.numeric(x)) x <- pyrhm_nan_na(x)
    switch(t$type,
        simple = {
            v <- pyrhm_vector_track(t$track)
            args <- list(x = if (is.factor(v$values)) as.character(v$values) else v$values,
                         col = v$col, na_col = t$na_col, which = which, border = t$border,
                         simple_anno_size = pyrhm_mm(t$size_mm))
            if (!is.null(t$pch)) {
                args$pch <- pyrhm_pch(t$pch)
                args$pt_size <- pyrhm_mm(t$pt_size_mm)
                args$pt_gp <- pyrhm_gp(t$pt_gp)
            }
            do.call(ComplexHeatmap::anno_simple, args)
        },
        barplot = pyrhm_barplot(t, x, which, gp_arg, pyrhm_size_args(t, which)),
        points = do.call(ComplexHeatmap::anno_points, c(list(
            x = x, which = which, border = t$border, pch = pyrhm_pch(t$pch),
            size = pyrhm_mm(t$pt_size_mm), axis = t$axis), gp_arg, size,
            pyrhm_ylim_args(t))),
        lines = do.call(ComplexHeatmap::anno_lines, c(list(
            x = x, which = which, border = t$border, add_points = t$add_points,
            smooth = isTRUE(t$smooth), pch = pyrhm_pch(t$pch), size = pyrhm_mm(t$pt_size_mm), axis = t$axis),
            gp_arg, size, pyrhm_ylim_args(t))),
        boxplot = do.call(ComplexHeatmap::anno_boxplot, c(list(
            x = x, which = which, border = t$border, outline = t$outline,
            box_width = t$box_width, pch = pyrhm_pch(t$pch), size = pyrhm_mm(t$pt_size_mm),
            axis = t$axis), gp_arg, size, pyrhm_ylim_args(t))),
        histogram = do.call(ComplexHeatmap::anno_histogram, c(list(
            x = x, which = which, border = t$border, axis = t$axis), gp_arg, size)),
        density = {
            args <- c(list(x = x, which = which, type = t$density_type, border = t$border,
                           axis = t$axis), gp_arg, size)
            if (!is.null(t$heatmap_colors)) args$heatmap_colors <- as.character(t$heatmap_colors)
            do.call(ComplexHeatmap::anno_density, args)
        },
        text = {
            args <- c(list(x = as.character(t$x), which = which), size)
            if (!is.null(t$gp)) args$gp <- pyrhm_gp(t$gp)
            if (!is.null(t$rot)) args$rot <- t$rot
            if (!is.null(t$just)) args$just <- t$just
            if (!is.null(t$location)) {
                args$location <- grid::unit(t$location$value, t$location$unit)
            }
            do.call(ComplexHeatmap::anno_text, args)
        },
        mark = {
            args <- list(at = as.integer(t$at), labels = as.character(t$labels), which = which,
                         side = t$side, labels_rot = t$labels_rot,
                         labels_gp = grid::gpar(fontsize = t$fontsize, col = t$labels_col),
                         padding = pyrhm_mm(t$padding_mm),
                         link_width = pyrhm_mm(t$link_width_mm),
                         extend = pyrhm_mm(t$extend_mm))
            if (!is.null(t$link_gp)) args$link_gp <- pyrhm_gp(t$link_gp)
            do.call(ComplexHeatmap::anno_mark, args)
        },
        block = {
            args <- c(list(which = which, labels_rot = t$labels_rot,
                           labels_gp = grid::gpar(fontsize = t$fontsize)), size)
            if (!is.null(t$gp)) args$gp <- pyrhm_gp(t$gp)
            if (!is.null(t$labels)) args$labels <- as.character(t$labels)
            do.call(ComplexHeatmap::anno_block, args)
        },
        empty = do.call(ComplexHeatmap::anno_empty, c(list(which = which, border = t$border),
                                                       size)),
        stop("unknown annotation function ", t$type))
}

pyrhm_annotation_list <- function(a) {
    annos <- list()
    col <- list()
    show_legend <- logical(0)
    for (t in a$tracks) {
        if (t$type == "vector") {
            v <- pyrhm_vector_track(t)
            annos[[t$name]] <- v$values
            col[[t$name]] <- v$col
            show_legend[[t$name]] <- isTRUE(a$show_legend) &&
                !(t$name %in% as.character(a$legend_hidden))
        } else {
            annos[[t$name]] <- pyrhm_anno_fun(t, a$which)
        }
    }
    args <- c(annos, list(which = a$which, na_col = a$na_col,
                          show_annotation_name = a$show_name,
                          annotation_name_side = a$name_side,
                          simple_anno_size = pyrhm_mm(a$size_mm), gap = pyrhm_mm(as.double(a$gap_mm))))
    if (!is.null(a$name_fontsize) || !is.null(a$name_col)) {
        gp <- list()
        if (!is.null(a$name_fontsize)) gp$fontsize <- as.double(a$name_fontsize)
        if (!is.null(a$name_col)) gp$col <- as.character(a$name_col)
        args$annotation_name_gp <- do.call(grid::gpar, gp)
    }
    if (!is.null(a$name_offset)) {  # named "<n>mm" strings: ComplexHeatmap's to_unit_str()
        args$annotation_name_offset <- stats::setNames(
            sprintf("%.10gmm", as.double(a$name_offset$values)),
            as.character(a$name_offset$names))
    }
    if (!is.null(a$name_rot)) {
        args$annotation_name_rot <- stats::setNames(as.double(a$name_rot$values),
                                                    as.character(a$name_rot$names))
    }
    if (length(col)) args$col <- col
    if (length(show_legend)) args$show_legend <- show_legend
    if (length(a$legend_params)) args$annotation_legend_param <- a$legend_params
    do.call(ComplexHeatmap::HeatmapAnnotation, args)
}
