# R side of heatmap_2() / heatmap(): gplots::heatmap.2 and stats::heatmap on data from Python.
#
# `a$args` holds plain arguments (numbers, logicals, character data), `a$axes` the Rowv / Colv
# values as tagged lists (list(kind = "logical" | "na" | "null" | "weights" | "tree" | "rowv",
# value = ...)), `a$distfun` / `a$hclustfun` / `a$reorderfun` names of R methods. No string is
# ever parsed as code: a distance or method name only selects one of R's own methods.

pyrhm_h2_axis <- function(v) {
    switch(v$kind,
           logical = as.logical(v$value),
           na = NA,
           null = NULL,
           weights = v$value,
           tree = stats::as.dendrogram(pyrhm_hclust(v$value)),
           rowv = "Rowv",
           stop("unknown axis kind ", v$kind))
}

pyrhm_h2_distfun <- function(name) {
    if (name %in% c("pearson", "spearman", "kendall")) {
        return(function(x) ComplexHeatmap:::get_dist(x, name))
    }
    force(name)
    function(x) stats::dist(x, method = name)
}

pyrhm_h2_call_args <- function(mat, a) {
    mat[is.nan(mat)] <- NA
    args <- c(list(x = mat), a$args)
    for (k in names(a$axes)) args[k] <- list(pyrhm_h2_axis(a$axes[[k]]))
    if (!is.null(a$distfun)) args$distfun <- pyrhm_h2_distfun(a$distfun)
    if (!is.null(a$hclustfun)) {
        m <- a$hclustfun
        args$hclustfun <- function(d) stats::hclust(d, method = m)
    }
    if (identical(a$reorderfun, "mean")) {
        args$reorderfun <- function(d, w) stats::reorder(d, w, agglo.FUN = mean)
    }
    if (!is.null(a$cellnote)) {
        args$cellnote <- matrix(as.character(a$cellnote), nrow = nrow(mat))
    }
    for (k in names(a$nulls)) args[k] <- list(NULL)
    args
}

pyrhm_dend_order <- function(d) {
    if (is.null(d)) NULL else as.integer(stats::order.dendrogram(d))
}

# Draw with gplots::heatmap.2 (style "heatmap.2") or stats::heatmap; returns R's values.
pyrhm_heatmap2 <- function(mat, a, style, device = "null", file = NULL, width = 7,
                           height = 7, res = 100) {
    pyrhm_guarded(function(devs_before) {
        pyrhm_open_device(device, file, width, height, res)
        args <- pyrhm_h2_call_args(mat, a)
        if (style == "heatmap.2") {
            r <- do.call(gplots::heatmap.2, args)
            col <- r$col
            out <- list(ok = TRUE, rowInd = as.integer(r$rowInd), colInd = as.integer(r$colInd),
                        rowDend = pyrhm_dend_order(r$rowDendrogram),
                        colDend = pyrhm_dend_order(r$colDendrogram),
                        breaks = as.double(r$breaks), col = as.character(col),
                        col_hex = grDevices::rgb(t(grDevices::col2rgb(col)),
                                                 maxColorValue = 255),
                        carpet = as.double(r$carpet), carpet_dim = dim(r$carpet))
        } else {
            args$keep.dendro <- TRUE
            r <- do.call(stats::heatmap, args)
            out <- list(ok = TRUE, rowInd = as.integer(r$rowInd), colInd = as.integer(r$colInd),
                        rowDend = pyrhm_dend_order(r$Rowv), colDend = pyrhm_dend_order(r$Colv))
        }
        out$versions <- list(r = R.version.string)
        if (style == "heatmap.2") {
            out$versions$gplots <- as.character(utils::packageVersion("gplots"))
        }
        out
    })
}
