# Character (discrete) matrices for pyrhm_heatmap(): the matrix arrives as category codes
# (0-based doubles, NA for missing) plus the categories and their colours as character vectors,
# so the categories are data, never code. d = list(levels, colors).

pyrhm_discrete_matrix <- function(codes, d) {
    lv <- as.character(d$levels)
    out <- matrix(lv[as.integer(codes) + 1L], nrow = nrow(codes), ncol = ncol(codes))
    dimnames(out) <- dimnames(codes)
    out
}

pyrhm_discrete_col <- function(d) {
    stats::setNames(as.character(d$colors), as.character(d$levels))
}
