# Live-R side of the big-input tests (tests/prepare/test_anndata.py, test_stream.py).

# A genes x samples file read the way an R user reads it, then prep_aggregate per group.
# gct: GCT 1.2 (two lines before the header, Name and Description columns).
big_file_aggregate <- function(path, gct, labels, levels, how, na_rm) {
  if (gct) {
    d <- utils::read.delim(path, skip = 2, check.names = FALSE, na.strings = c("NA", "", "NaN"))
    m <- as.matrix(d[, -(1:2), drop = FALSE])
    rownames(m) <- d$Name
  } else {
    sep <- if (grepl("\\.csv(\\.gz)?$", path)) "," else "\t"
    d <- utils::read.table(path, header = TRUE, sep = sep, row.names = 1, check.names = FALSE,
                           na.strings = c("NA", "", "NaN"), quote = "\"", comment.char = "")
    m <- as.matrix(d)
  }
  storage.mode(m) <- "double"
  prep_aggregate(m, labels, levels, how, na_rm)
}
