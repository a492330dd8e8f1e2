# Live-R side of tests/test_readers.py, tests/test_cli.py and tests/test_docs.py: plain functions,
# prefix rdr_. Files are read the way an R user reads them.

rdr_make_unique <- function(x, sep) make.unique(x, sep = sep)

# BrainSpan's genes_matrix_csv folder, read as the R tutorials do.
rdr_read_brainspan <- function(folder) {
  expr <- utils::read.csv(file.path(folder, "expression_matrix.csv"), header = FALSE,
                          row.names = 1)
  rows <- utils::read.csv(file.path(folder, "rows_metadata.csv"))
  cols <- utils::read.csv(file.path(folder, "columns_metadata.csv"))
  m <- as.matrix(expr)
  storage.mode(m) <- "double"
  list(values = unname(m),
       genes = make.unique(as.character(rows$gene_symbol)),
       samples = sprintf("S%0*d", nchar(max(cols$column_num)), cols$column_num),
       acronym = as.character(cols$structure_acronym),
       donor_id = as.numeric(cols$donor_id))
}

# A matrix file plus a sample sheet, aligned with match() as an R user aligns them.
rdr_read_expression <- function(matrix_path, sheet_path, sample_col, group_col) {
  tsv <- grepl("\\.(tsv|txt)$", sheet_path)
  m <- as.matrix(utils::read.csv(matrix_path, row.names = 1, check.names = FALSE))
  storage.mode(m) <- "double"
  sheet <- if (tsv) {
    utils::read.delim(sheet_path, check.names = FALSE, colClasses = "character")
  } else {
    utils::read.csv(sheet_path, check.names = FALSE, colClasses = "character")
  }
  s <- sheet[match(colnames(m), sheet[[sample_col]]), , drop = FALSE]
  list(values = unname(m), genes = rownames(m), samples = colnames(m),
       group = as.character(s[[group_col]]))
}

# A numeric CSV written by pyr-heatmap (first column = row names).
rdr_read_csv_matrix <- function(path) {
  d <- utils::read.csv(path, row.names = 1, check.names = FALSE)
  m <- as.matrix(d)
  storage.mode(m) <- "double"
  list(values = unname(m), rows = rownames(d), cols = colnames(d))
}

# The whole recipe on a BrainSpan folder, as an R user writes it: select genes, average per
# region (levels in order of appearance), log2(x + p), row z-scores, ComplexHeatmap clusters
# with the given distances/methods; also cutree of plain hclust trees.
rdr_recipe <- function(folder, genes, pseudocount, dist_rows, dist_cols, method_rows,
                       method_cols, reorder, k_rows, k_cols, supplied_trees = FALSE) {
  b <- rdr_read_brainspan(folder)
  m <- b$values
  dimnames(m) <- list(b$genes, b$samples)
  if (!is.null(genes)) m <- m[intersect(genes, rownames(m)), , drop = FALSE]
  region <- factor(b$acronym, levels = unique(b$acronym))
  mat <- sapply(split(seq_len(ncol(m)), region),
                function(i) rowMeans(m[, i, drop = FALSE]))
  rownames(mat) <- rownames(m)
  if (pseudocount > 0) mat <- log2(mat + pseudocount)
  z <- t(scale(t(mat)))
  hr <- stats::hclust(ComplexHeatmap:::get_dist(z, dist_rows), method = method_rows)
  hc <- stats::hclust(ComplexHeatmap:::get_dist(t(z), dist_cols), method = method_cols)
  args <- if (supplied_trees) {
    list(z, cluster_rows = hr, cluster_columns = hc)
  } else {
    list(z, clustering_distance_rows = dist_rows, clustering_distance_columns = dist_cols,
         clustering_method_rows = method_rows, clustering_method_columns = method_cols,
         row_dend_reorder = reorder, column_dend_reorder = reorder)
  }
  grDevices::pdf(NULL)
  on.exit(grDevices::dev.off())
  ht <- suppressMessages(ComplexHeatmap::draw(do.call(ComplexHeatmap::Heatmap, args)))
  ro <- ComplexHeatmap::row_order(ht)
  co <- ComplexHeatmap::column_order(ht)
  out <- list(z = unname(z[ro, co, drop = FALSE]), rows = rownames(z)[ro],
              cols = colnames(z)[co])
  if (!is.null(k_rows)) {
    out$cut_rows <- as.integer(stats::cutree(hr, k = k_rows)[ro])
    out$cut_cols <- as.integer(stats::cutree(hc, k = k_cols)[co])
  }
  out
}

# read.csv of a file whose columns each hold one probe text and then "1": per column, whether
# R read it as numbers and the value of the probe cell (NA for a text column)
rdr_read_cells <- function(path) {
  d <- utils::read.csv(path, header = FALSE, colClasses = NA, strip.white = FALSE)
  num <- vapply(d, is.numeric, NA)
  val <- vapply(d, function(x) if (is.numeric(x)) as.double(x[1L]) else NA_real_, 0)
  list(numeric = unname(num), value = unname(val), na = unname(vapply(d, function(x) is.na(x[1L]), NA)))
}
