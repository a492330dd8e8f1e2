# Dendrogram styling: dendextend's color_branches() rule written out in R (dendextend is not
# installed here), and what ComplexHeatmap drew.

# The colours color_branches(hclust(dist(m), method), k or h) gives: R's cutree, clusters
# renumbered left to right (dendextend's cutree(order_clusters_as_data = FALSE)), colours
# colorspace::rainbow_hcl(k, c = 90, l = 50) (dendextend's rainbow_fun), and dendextend's
# descendTree: a subtree whose labels fall in one cluster is painted with that cluster's colour.
dend_rule <- function(m, method, k = NULL, h = NULL) {
    hc <- stats::hclust(stats::dist(m), method = method)
    raw <- if (!is.null(k)) stats::cutree(hc, k = k) else stats::cutree(hc, h = h)
    g <- match(raw, unique(raw[hc$order]))
    cols <- colorspace::rainbow_hcl(max(g), c = 90, l = 50)
    keys <- character(0)
    node_col <- character(0)
    descend <- function(sd, painted) {
        lv <- stats::order.dendrogram(sd)
        groups <- unique(g[lv])
        if (is.na(painted) && length(groups) == 1L) painted <- cols[groups]
        if (!isTRUE(attr(sd, "leaf"))) {
            keys <<- c(keys, paste(sort(lv), collapse = ","))
            node_col <<- c(node_col, painted)
            for (i in seq_along(sd)) descend(sd[[i]], painted)
        }
    }
    descend(stats::as.dendrogram(hc), NA_character_)
    list(raw = raw, groups = g, colors = cols, keys = keys, node_col = node_col,
         height = hc$height)
}

# What ComplexHeatmap drew: draw ht (on a null device) and read, for every node of every row
# dendrogram it kept (the slices' trees), its leaves and edgePar colour, plus row_dend_gp.
dend_drawn_style <- function(ht) {
    grDevices::pdf(NULL)
    on.exit(grDevices::dev.off())
    ht <- ComplexHeatmap::draw(ht)
    h <- ht@ht_list[[1]]
    keys <- character(0)
    cols <- character(0)
    walk <- function(n) {
        ec <- attr(n, "edgePar")$col
        keys <<- c(keys, paste(sort(stats::order.dendrogram(n)), collapse = ","))
        cols <<- c(cols, if (is.null(ec)) NA_character_ else ec)
        if (!isTRUE(attr(n, "leaf"))) for (i in seq_along(n)) walk(n[[i]])
    }
    for (d in h@row_dend_list) walk(d)
    gp <- h@row_dend_param$gp
    list(keys = keys, cols = cols,
         gp_col = if (is.null(gp$col)) NA_character_ else gp$col,
         gp_lwd = if (is.null(gp$lwd)) NA_real_ else gp$lwd,
         gp_lty = if (is.null(gp$lty)) NA_character_ else as.character(gp$lty))
}
