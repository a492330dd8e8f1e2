# Live-R side of the engine parity tests: plain functions, no global state.

# Every dist() method and ComplexHeatmap correlation distance, and hclust() with every method on each.
eng_all <- function(m, p = 3, dist_methods, hclust_methods) {
  out <- list()
  for (dm in dist_methods) {
    d <- tryCatch(
      if (dm %in% c("pearson", "spearman", "kendall")) {
        suppressWarnings(ComplexHeatmap:::get_dist(m, dm))
      } else {
        suppressWarnings(stats::dist(m, method = dm, p = p))
      },
      error = function(e) NULL)
    res <- list(d = if (is.null(d)) NULL else as.vector(d), h = list())
    if (!is.null(d)) {
      for (hm in hclust_methods) {
        h <- tryCatch(stats::hclust(d, method = hm), error = function(e) conditionMessage(e))
        res$h[[hm]] <- if (is.character(h)) list(error = h) else
          list(merge = h$merge, height = h$height, order = h$order)
      }
    }
    out[[dm]] <- res
  }
  out
}

eng_hclust_members <- function(m, method, members) {
  h <- stats::hclust(stats::dist(m), method = method, members = members)
  list(merge = h$merge, height = h$height, order = h$order)
}

# The most variable probes of the ALL data set (Bioconductor package ALL, shipped by Debian).
eng_all_dataset <- function(n_probes) {
  e <- new.env()
  utils::data("ALL", package = "ALL", envir = e)
  x <- Biobase::exprs(e$ALL)
  v <- apply(x, 1, stats::var)
  x <- x[order(-v)[seq_len(n_probes)], ]
  list(x = unname(x), rows = rownames(x), cols = colnames(x))
}

# stats:::.validity.hclust of a tree given as merge (column-major), height and 1-based order
eng_hclust_validity <- function(merge, height, order) {
    hc <- structure(list(merge = matrix(merge, ncol = 2L), height = height, order = order,
                         labels = NULL), class = "hclust")
    v <- stats:::.validity.hclust(hc)
    if (isTRUE(v)) "" else v
}
