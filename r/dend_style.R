# Dendrogram styling for pyrhm_heatmap(): row_dend_gp / column_dend_gp and branch colours.
#
# a$dend_styles[[which]] = list(gp = list(col, lwd, lty), groups, colors): gp becomes the
# Heatmap() argument <which>_dend_gp; groups (the 1-based cluster of each row/column, NA for
# none) and colors colour the tree given as cluster_<which>s the way dendextend's
# color_branches() does: a node whose leaves all lie in one cluster gets that cluster's colour
# in its edgePar, and so does everything below it; ComplexHeatmap draws the branch into a node
# with the node's edgePar.

pyrhm_color_dend <- function(dend, groups, colors) {
    set_col <- function(node) {
        ep <- attr(node, "edgePar")
        ep$col <- colors[groups[stats::order.dendrogram(node)][1L]]
        attr(node, "edgePar") <- ep
        node
    }
    paint <- function(node) {
        g <- unique(groups[stats::order.dendrogram(node)])
        if (length(g) == 1L && !is.na(g)) return(stats::dendrapply(node, set_col))
        if (!isTRUE(attr(node, "leaf"))) {
            for (i in seq_along(node)) node[[i]] <- paint(node[[i]])
        }
        node
    }
    paint(dend)
}

pyrhm_dend_styles <- function(args, styles) {
    for (which in names(styles)) {
        s <- styles[[which]]
        args[[paste0(which, "_dend_gp")]] <- do.call(grid::gpar, as.list(s$gp))
        key <- paste0("cluster_", which, "s")
        tree <- args[[key]]
        if (is.null(s$groups) || is.null(tree) || is.logical(tree)) next
        groups <- as.integer(s$groups)
        colors <- as.character(s$colors)
        args[[key]] <- if (is.function(tree)) local({
            dend <- pyrhm_color_dend(stats::as.dendrogram(tree(NULL)), groups, colors)
            function(m) dend
        }) else pyrhm_color_dend(stats::as.dendrogram(tree), groups, colors)
    }
    args
}
