# Helpers for tests/test_order.py and tests/test_dendrogram.py (prefix ord_).
# They build R objects from plain vectors, run R / ComplexHeatmap, and return plain vectors.

ord_hclust_obj <- function(merge, height, order) {
  # an hclust object from a merge matrix (1-based, R's convention) and 1-based order
  structure(list(merge = matrix(as.integer(merge), ncol = 2), height = as.numeric(height),
                 order = as.integer(order), labels = NULL, method = "complete",
                 dist.method = "euclidean"), class = "hclust")
}

ord_reorder <- function(merge, height, order, wts, agglo) {
  hc <- ord_hclust_obj(merge, height, order)
  fun <- if (agglo == "mean") mean else sum
  d <- stats::reorder(stats::as.dendrogram(hc), as.numeric(wts), fun)
  stats::order.dendrogram(d)
}

ord_dend_order <- function(merge, height, order) {
  # order of as.dendrogram() of a merge matrix whose columns give the display order
  stats::order.dendrogram(stats::as.dendrogram(ord_hclust_obj(merge, height, order)))
}

ord_cutree <- function(merge, height, order, k = NULL, h = NULL) {
  hc <- ord_hclust_obj(merge, height, order)
  r <- tryCatch(stats::cutree(hc, k = k, h = h), error = function(e) conditionMessage(e))
  if (is.character(r)) return(list(error = r))
  list(ids = as.integer(r), dim = if (is.null(dim(r))) integer(0) else dim(r))
}

ord_cut <- function(merge, height, order, h) {
  # cut(as.dendrogram(hc), h)$lower: leaves of each lower branch, concatenated
  ct <- cut(stats::as.dendrogram(ord_hclust_obj(merge, height, order)), h = h)
  list(leaves = unlist(lapply(ct$lower, stats::order.dendrogram)),
       sizes = vapply(ct$lower, function(d) length(stats::order.dendrogram(d)), 1L),
       upper_n = length(stats::order.dendrogram(ct$upper)))
}

ord_hclust <- function(x, method, distance) {
  hc <- stats::hclust(stats::dist(x, method = distance), method = method)
  list(merge = hc$merge, height = hc$height, order = hc$order)
}

ord_levels <- function(x) levels(factor(x))

ord_as_character <- function(x) as.character(x)

ord_as_split <- function(s) {
  # NULL, a vector, list(values=, levels=) for a factor, or a named list of columns (data frame)
  # the string "<NA>" stands for a missing label
  if (is.null(s)) return(NULL)
  if (is.list(s)) {
    if (identical(sort(names(s)), c("levels", "values"))) {
      return(factor(ord_as_split(s[["values"]]), levels = s[["levels"]]))
    }
    cols <- lapply(s, ord_as_split)
    return(data.frame(cols, stringsAsFactors = FALSE, check.names = FALSE))
  }
  if (is.character(s)) s[s == "<NA>"] <- NA_character_
  s
}

ord_flatten <- function(lt) {
  if (!is.list(lt)) lt <- list(lt)
  list(order = as.integer(unlist(lt)), sizes = as.integer(lengths(lt)),
       names = if (is.null(names(lt))) character(0) else names(lt))
}

ord_axis_args <- function(m, a, which) {
  # translate one axis' settings into Heatmap() arguments ([[ ]], not $: $ matches partially)
  rc <- if (which == "row") "rows" else "columns"
  x <- if (which == "row") m else t(m)
  out <- list()
  cl <- a[["cluster"]]
  if (is.null(cl)) cl <- "TRUE"
  dist_name <- if (is.null(a[["distance"]])) "euclidean" else a[["distance"]]
  meth <- if (is.null(a[["method"]])) "complete" else a[["method"]]
  if (cl == "TRUE") out[[paste0("cluster_", rc)]] <- TRUE
  if (cl == "FALSE") out[[paste0("cluster_", rc)]] <- FALSE
  if (cl == "hclust") {
    out[[paste0("cluster_", rc)]] <- stats::hclust(ComplexHeatmap:::get_dist(x, dist_name),
                                                   method = meth)
  }
  if (cl == "function") {
    out[[paste0("cluster_", rc)]] <- function(z) {
      stats::hclust(ComplexHeatmap:::get_dist(z, dist_name), method = meth)
    }
  }
  if (!is.null(a[["distance"]])) out[[paste0("clustering_distance_", rc)]] <- a[["distance"]]
  if (!is.null(a[["method"]])) out[[paste0("clustering_method_", rc)]] <- a[["method"]]
  if (!is.null(a[["reorder"]])) out[[paste0(which, "_dend_reorder")]] <- a[["reorder"]]
  if (!is.null(a[["split"]])) out[[paste0(which, "_split")]] <- ord_as_split(a[["split"]])
  if (!is.null(a[["cluster_slices"]])) {
    out[[paste0("cluster_", which, "_slices")]] <- as.logical(a[["cluster_slices"]])
  }
  if (!is.null(a[["km"]])) out[[paste0(which, "_km")]] <- a[["km"]]
  out
}

ord_consensus_kmeans <- function(x, centers, km_repeats) {
  # ComplexHeatmap 2.14.0's consensus_kmeans (local to make_cluster), same RNG calls
  partition_list <- lapply(seq_len(km_repeats), function(i) {
    clue::as.cl_hard_partition(stats::kmeans(x, centers))
  })
  partition_list <- clue::cl_ensemble(list = partition_list)
  as.vector(clue::cl_class_ids(clue::cl_consensus(partition_list)))
}

ord_heatmap <- function(m, row = list(), column = list(), seed = NULL) {
  # row_order / column_order of draw(Heatmap(m, ...)); with seed and km, also the k-means labels
  # that ComplexHeatmap computes internally (same seed, same RNG calls, rows before columns)
  args <- c(list(m), ord_axis_args(m, row, "row"), ord_axis_args(m, column, "column"))
  km_labels <- list()
  if (!is.null(seed)) {
    set.seed(seed)
    if (!is.null(row[["km"]]) && row[["km"]] > 1) {
      km_labels$row <- ord_consensus_kmeans(m, row[["km"]], 1)
    }
    if (!is.null(column[["km"]]) && column[["km"]] > 1) {
      km_labels$column <- ord_consensus_kmeans(t(m), column[["km"]], 1)
    }
    set.seed(seed)
  }
  grDevices::pdf(NULL)
  on.exit(grDevices::dev.off())
  ht <- suppressMessages(suppressWarnings(
    ComplexHeatmap::draw(do.call(ComplexHeatmap::Heatmap, args))))
  out <- list(row = ord_flatten(ComplexHeatmap::row_order(ht)),
              column = ord_flatten(ComplexHeatmap::column_order(ht)))
  if (length(km_labels)) out$km <- km_labels
  out
}

ord_heatmap_error <- function(m, row = list(), column = list()) {
  # the error message ComplexHeatmap gives, or "" when it draws
  args <- c(list(m), ord_axis_args(m, row, "row"), ord_axis_args(m, column, "column"))
  grDevices::pdf(NULL)
  on.exit(grDevices::dev.off())
  tryCatch({
    suppressMessages(suppressWarnings(
      ComplexHeatmap::draw(do.call(ComplexHeatmap::Heatmap, args))))
    ""
  }, error = function(e) conditionMessage(e))
}

ord_mean <- function(x) mean(as.numeric(x))

ord_means <- function(m) list(row = rowMeans(m, na.rm = TRUE), col = colMeans(m, na.rm = TRUE))
