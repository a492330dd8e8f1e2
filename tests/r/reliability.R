# Helpers for tests/test_reliability.py, test_hostile.py and test_environment.py (prefix rel_).
# Plain functions only: this file is sourced into the tests' private R environment, and by
# Rscript -e 'source(...)' in test_hostile.py.

# row_order / column_order of draw(Heatmap(mat, ...)) as list(order, sizes, names) per axis.
# `split` is NULL, a character vector of row labels (NA allowed) or a number k.
rel_heatmap_orders <- function(mat, split = NULL, method = "complete", distance = "euclidean",
                               cluster_slices = TRUE, col_method = "complete", km = 1) {
    mat[is.nan(mat)] <- NA
    grDevices::pdf(NULL)
    on.exit(grDevices::dev.off())
    if (is.character(split)) split[split == "<NA>"] <- NA_character_
    ht <- ComplexHeatmap::Heatmap(mat, row_split = split, clustering_method_rows = method,
                                  clustering_distance_rows = distance,
                                  clustering_method_columns = col_method,
                                  cluster_row_slices = cluster_slices, row_km = km,
                                  # all-zero tree heights (a fully tied matrix) make
                                  # ComplexHeatmap's dendrogram viewport invalid: orders only
                                  show_row_dend = FALSE, show_column_dend = FALSE)
    d <- suppressWarnings(suppressMessages(ComplexHeatmap::draw(ht)))
    flat <- function(o) {
        if (!is.list(o)) o <- list(o)
        list(order = as.integer(unlist(o)), sizes = as.integer(lengths(o)),
             names = if (is.null(names(o))) character(0) else names(o))
    }
    list(row = flat(ComplexHeatmap::row_order(d)), column = flat(ComplexHeatmap::column_order(d)),
         row_title = as.character(d@ht_list[[1L]]@row_title))
}

# dist() as a plain vector (the lower triangle, column by column).
rel_dist <- function(x, method) {
    x[is.nan(x)] <- NA
    as.vector(stats::dist(x, method = method))
}

# hclust() of a condensed distance vector; R's result is returned as it is, valid or not.
rel_hclust_condensed <- function(d, n, method) {
    dd <- structure(as.double(d), Size = as.integer(n), Diag = FALSE, Upper = FALSE,
                    class = "dist")
    hc <- tryCatch(stats::hclust(dd, method = method), error = function(e) conditionMessage(e))
    if (is.character(hc)) return(list(error = hc))
    list(merge = as.integer(hc$merge), height = hc$height, order = as.integer(hc$order))
}

# log2(x + 1) of the R recipe.
rel_log2p <- function(x) {
    x[is.nan(x)] <- NA
    log2(x + 1)
}

# t(scale(t(x))): the row z-scores of the R recipe.
rel_scale_rows <- function(x) {
    x[is.nan(x)] <- NA
    unname(t(scale(t(x))))
}

# rowMeans per group, groups in order of first appearance (the CLI's --group-by).
rel_group_means <- function(x, groups) {
    g <- factor(groups, levels = unique(groups))
    sapply(split(seq_len(ncol(x)), g), function(i) rowMeans(x[, i, drop = FALSE]))
}

# The R state that drawing must leave as it was.
rel_state <- function() {
    genv <- globalenv()
    list(globals = ls(genv, all.names = TRUE),
         search = search(),
         devices = if (is.null(grDevices::dev.list())) integer(0) else
             as.integer(grDevices::dev.list()),
         current = as.integer(grDevices::dev.cur()),
         seed = if (exists(".Random.seed", envir = genv, inherits = FALSE))
             as.integer(get(".Random.seed", envir = genv)) else integer(0),
         options = rel_digest_options())
}

rel_digest_options <- function() {
    o <- options()
    o <- o[order(names(o))]
    vapply(names(o), function(nm) paste(deparse(o[[nm]]), collapse = " "), "")
}

# Does an R file parse, read as a file and line by line as source() reads it? TRUE, or the
# parser's message.
rel_parses <- function(path) {
    tryCatch({
        parse(file = path, keep.source = FALSE, encoding = "UTF-8")
        parse(text = readLines(path, encoding = "UTF-8", warn = FALSE), keep.source = FALSE)
        TRUE
    }, error = function(e) conditionMessage(e))
}

# Run an exported script (in this R process, started by Rscript for the test) and write what
# ComplexHeatmap received to `out`, one "key<TAB>URL-encoded value" line per string.
rel_dump_script <- function(script, out) {
    env <- new.env()
    source(script, local = env, chdir = TRUE, encoding = "UTF-8")
    ht <- env$ht
    d <- env$d
    enc <- function(x) vapply(enc2utf8(as.character(x)), utils::URLencode, "", reserved = TRUE,
                              USE.NAMES = FALSE)
    lines <- character(0)
    add <- function(key, x) lines <<- c(lines, paste0(key, "\t", enc(x)))
    add("name", ht@name)
    add("legend_title", ht@matrix_legend_param$title)
    add("legend_labels", ht@matrix_legend_param$labels)
    add("rownames", rownames(ht@matrix))
    add("colnames", colnames(ht@matrix))
    add("row_title", c(d@row_title, d@ht_list[[1L]]@row_title))
    add("column_title", c(d@column_title, d@ht_list[[1L]]@column_title))
    add("row_slices", names(ComplexHeatmap::row_order(d)))
    anno <- ht@top_annotation
    if (!is.null(anno)) {
        add("anno_names", names(anno@anno_list))
        for (a in anno@anno_list) {
            cm <- a@color_mapping
            if (cm@type == "discrete") add("anno_levels", cm@levels)
        }
    }
    con <- file(out, open = "w", encoding = "UTF-8")
    on.exit(close(con))
    writeLines(lines, con)
    invisible(NULL)
}
