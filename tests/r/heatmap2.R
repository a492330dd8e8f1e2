# Test helpers: gplots::heatmap.2 and stats::heatmap on data handed from Python.
# `a` is a list of arguments as data: distfun / hclustfun are names, trees come as
# list(merge, height, order), NA flags as the string "NA".

pyrt_h2_axisarg <- function(v) {
    if (is.null(v)) return(NULL)
    if (is.list(v) && !is.null(v$merge)) {
        n1 <- length(v$height)
        hc <- structure(list(merge = matrix(as.integer(v$merge), nrow = n1, ncol = 2L),
                             height = as.double(v$height), order = as.integer(v$order),
                             labels = NULL, method = "complete", call = NULL,
                             dist.method = "euclidean"), class = "hclust")
        return(as.dendrogram(hc))
    }
    if (is.character(v) && identical(v, "NA")) return(NA)
    v
}

pyrt_h2_distfun <- function(name) {
    if (name %in% c("pearson", "spearman", "kendall"))
        return(function(x) ComplexHeatmap:::get_dist(x, name))
    function(x) stats::dist(x, method = name)
}

pyrt_h2_args <- function(x, a) {
    args <- list(x = x)
    for (k in c("Rowv", "Colv")) if (k %in% names(a)) args[k] <- list(pyrt_h2_axisarg(a[[k]]))
    if (!is.null(a$distfun)) args$distfun <- pyrt_h2_distfun(a$distfun)
    if (!is.null(a$hclustfun)) {
        m <- a$hclustfun
        args$hclustfun <- function(d) stats::hclust(d, method = m)
    }
    if (identical(a$reorderfun, "mean"))
        args$reorderfun <- function(d, w) stats::reorder(d, w, agglo.FUN = mean)
    for (k in c("symm", "scale", "na.rm", "revC", "breaks", "symbreaks", "col", "trace",
                "dendrogram", "key", "density.info"))
        if (!is.null(a[[k]])) args[[k]] <- a[[k]]
    args
}

pyrt_dend_order <- function(d) if (is.null(d)) NULL else as.integer(stats::order.dendrogram(d))

pyrt_heatmap2 <- function(x, a) {
    grDevices::pdf(NULL)
    on.exit(grDevices::dev.off())
    res <- suppressWarnings(do.call(gplots::heatmap.2, pyrt_h2_args(x, a)))
    col <- res$col
    list(rowInd = as.integer(res$rowInd), colInd = as.integer(res$colInd),
         rowDend = pyrt_dend_order(res$rowDendrogram),
         colDend = pyrt_dend_order(res$colDendrogram),
         breaks = as.double(res$breaks), col = as.character(col),
         col_hex = grDevices::rgb(t(grDevices::col2rgb(col)), maxColorValue = 255),
         carpet = res$carpet, vline = if (is.null(res$vline)) NULL else as.double(res$vline),
         hline = if (is.null(res$hline)) NULL else as.double(res$hline),
         counts = as.integer(graphics::hist(res$carpet, breaks = res$breaks,
                                            plot = FALSE)$counts))
}

pyrt_heatmap <- function(x, a) {
    grDevices::pdf(NULL)
    on.exit(grDevices::dev.off())
    args <- pyrt_h2_args(x, a)
    args$keep.dendro <- TRUE
    res <- do.call(stats::heatmap, args)
    list(rowInd = as.integer(res$rowInd), colInd = as.integer(res$colInd),
         rowDend = pyrt_dend_order(res$Rowv), colDend = pyrt_dend_order(res$Colv))
}

pyrt_heat_colors <- function(n) grDevices::heat.colors(n)

pyrt_scale_rows_h2 <- function(x) {
    x <- sweep(x, 1, rowMeans(x, na.rm = TRUE))
    sweep(x, 1, apply(x, 1, stats::sd, na.rm = TRUE), "/")
}
