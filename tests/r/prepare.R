# Live-R side of the data preparation parity tests (tests/test_prepare.py): plain functions.

# Replicates combined per group, as the tutorials write it: one column per factor level, in level
# order. `how` is "mean" (rowMeans), "sum" (rowSums) or "median" (apply + median).
prep_aggregate <- function(m, g, levels, how, na_rm) {
  f <- factor(g, levels = levels)
  one <- switch(how,
    mean = function(i) rowMeans(m[, i, drop = FALSE], na.rm = na_rm),
    sum = function(i) rowSums(m[, i, drop = FALSE], na.rm = na_rm),
    median = function(i) apply(m[, i, drop = FALSE], 1, stats::median, na.rm = na_rm))
  out <- sapply(split(seq_len(ncol(m)), f), one)
  matrix(out, nrow = nrow(m))  # sapply returns a vector when m has one row
}

prep_log2p <- function(m, pseudocount) log2(m + pseudocount)

prep_scale_rows <- function(m) {
  z <- t(scale(t(m)))
  attributes(z) <- list(dim = dim(z))
  z
}

prep_scale_columns <- function(m) {
  z <- scale(m)
  attributes(z) <- list(dim = dim(z))
  z
}

# A matrix file read the way an R user reads it.
prep_read_table <- function(path, sep) {
  d <- utils::read.table(path, header = TRUE, sep = sep, row.names = 1, check.names = FALSE,
                         na.strings = c("NA", "", "NaN"), quote = "\"", comment.char = "")
  m <- as.matrix(d)
  storage.mode(m) <- "double"
  list(values = unname(m), genes = rownames(d), samples = colnames(d))
}

# R's conversion of number strings (R_strtod, as read.csv/type.convert uses it).
prep_as_numeric <- function(x) as.numeric(x)

# Write a labelled matrix the way R users save one: write.csv (corner "") or write.table
# (tab-separated, header without a corner field); return what read.csv/read.delim gives back.
prep_write_and_read <- function(m, genes, samples, path, style) {
  dimnames(m) <- list(genes, samples)
  if (style == "csv") {
    utils::write.csv(m, path)
    d <- utils::read.csv(path, row.names = 1, check.names = FALSE)
  } else {
    utils::write.table(m, path, sep = "\t")
    d <- utils::read.delim(path, check.names = FALSE)
  }
  x <- as.matrix(d)
  storage.mode(x) <- "double"
  list(values = unname(x), genes = rownames(d), samples = colnames(d))
}
