# Helpers for tests/test_rbackend.py, test_rscript.py and test_crosscheck.py (prefix rb_).

# R's view of the state the R backend must leave untouched.
rb_global_names <- function() ls(globalenv(), all.names = TRUE)
rb_devices <- function() {
    d <- grDevices::dev.list()
    if (is.null(d)) integer(0) else as.integer(d)
}

# Parse one R string literal written by pyr_heatmap.rscript.r_string(); never evaluates code.
rb_parse_literal <- function(code) {
    e <- parse(text = code, keep.source = FALSE, encoding = "UTF-8")
    stopifnot(length(e) == 1L, is.character(e[[1L]]), length(e[[1L]]) == 1L)
    enc2utf8(e[[1L]])
}

# The matrix of an exported script's CSV, read as the script reads it.
rb_read_matrix <- function(path, ncol) {
    m <- utils::read.csv(path, colClasses = c("character", rep("numeric", ncol)),
                         na.strings = character(0), check.names = FALSE, encoding = "UTF-8")
    mat <- as.matrix(m[, -1, drop = FALSE])
    rownames(mat) <- m[[1L]]
    list(values = unname(mat), rows = enc2utf8(rownames(mat)), cols = enc2utf8(colnames(mat)))
}

# What ComplexHeatmap itself makes of a single row title on a split heatmap (fixed, benign
# template): the title slot after drawing.
rb_title_template <- function(mat, title) {
    grDevices::pdf(NULL)
    on.exit(grDevices::dev.off())
    d <- ComplexHeatmap::draw(ComplexHeatmap::Heatmap(mat, row_split = 2, row_title = title))
    d@ht_list[[1L]]@row_title
}

# row_order of ComplexHeatmap given a clustering function that returns this hclust object
rb_order_function_tree <- function(m, merge, height, order) {
    hc <- structure(list(merge = matrix(as.integer(merge), ncol = 2L), height = height,
                         order = as.integer(order), labels = NULL, method = "complete",
                         call = NULL, dist.method = "euclidean"), class = "hclust")
    grDevices::pdf(NULL)
    on.exit(grDevices::dev.off())
    d <- ComplexHeatmap::draw(ComplexHeatmap::Heatmap(m, cluster_rows = function(x) hc,
                                                      row_dend_reorder = FALSE,
                                                      cluster_columns = FALSE))
    as.integer(ComplexHeatmap::row_order(d))
}

# texts and fills of the legend ComplexHeatmap makes for a discrete annotation of these values
# ("<NA>" stands for a missing value)
rb_discrete_legend <- function(values, na_col) {
    values <- as.character(values)
    values[values == "<NA>"] <- NA
    ha <- ComplexHeatmap::HeatmapAnnotation(grp = values, na_col = na_col)
    g <- ComplexHeatmap::color_mapping_legend(ha@anno_list$grp@color_mapping, plot = FALSE)@grob
    out <- list(text = character(0), fill = character(0))
    walk <- function(x) {
        if (inherits(x, "text")) out$text <<- c(out$text, as.character(x$label))
        if (inherits(x, "rect")) out$fill <<- c(out$fill, as.character(x$gp$fill))
        for (ch in x$children) walk(ch)
    }
    walk(g)
    out
}
