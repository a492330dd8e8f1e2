# Live-R side of the colour-mapping parity tests (circlize::colorRamp2, ComplexHeatmap's default
# colours and legend ticks, base::pretty, stats::quantile). Plain functions, no global state.

# R's colour-name table: every name of colors() with its col2rgb() value, and the default palette
# (used by docs/tools/gen_rcolors.py to write pyr_heatmap/_rcolors.py, and by the tests to check it).
col_color_table <- function() {
  nm <- grDevices::colors()
  pal <- grDevices::palette.colors(palette = "R4")
  list(names = nm, rgb = t(grDevices::col2rgb(nm)),
       palette = t(grDevices::col2rgb(unname(pal))))
}

# col2rgb() of arbitrary colour specifications (names, hex, palette indices as strings).
col_col2rgb <- function(specs) {
  t(grDevices::col2rgb(specs, alpha = TRUE))
}

# colorRamp2(breaks, colors)(values): the strings R returns ("#RRGGBBAA"), with NA flagged apart
# (rpy2 turns NA_character_ into the string "NA"), plus the attributes R stores on the function.
col_ramp <- function(breaks, colors, values, space = "LAB", transparency = 0) {
  f <- circlize::colorRamp2(breaks, colors, space = space, transparency = transparency)
  out <- f(values)
  na <- is.na(out)
  out[na] <- ""
  rgb <- f(values[!is.na(values)], return_rgb = TRUE)
  list(hex = out, na = as.integer(na), rgb = rgb,
       breaks = attr(f, "breaks"), colors = attr(f, "colors"))
}

# The error message colorRamp2 gives for bad input ("" when it accepts the input).
col_ramp_error <- function(breaks, colors, space = "LAB") {
  tryCatch({
    circlize::colorRamp2(breaks, colors, space = space)
    ""
  }, error = function(e) conditionMessage(e))
}

# ComplexHeatmap's default colour mapping of a main matrix (what Heatmap() uses without `col`).
col_default <- function(m) {
  f <- suppressMessages(ComplexHeatmap:::default_col(m, main_matrix = TRUE))
  list(breaks = attr(f, "breaks"), colors = attr(f, "colors"))
}

# stats::quantile type 7 (the default), unnamed.
col_quantile <- function(x, probs) {
  unname(stats::quantile(x, probs, na.rm = TRUE))
}


# Legend ticks of a Heatmap() drawn on `m` (default colours, or colorRamp2(breaks, colors)):
# the levels stored in its ColorMapping and the labels of the legend grob it draws.
col_legend_ticks <- function(m, breaks = NULL, colors = NULL) {
  grDevices::pdf(NULL)
  on.exit(grDevices::dev.off())
  ht <- if (is.null(breaks)) {
    suppressMessages(ComplexHeatmap::Heatmap(m))
  } else {
    ComplexHeatmap::Heatmap(m, col = circlize::colorRamp2(breaks, colors))
  }
  cm <- ht@matrix_color_mapping
  lgd <- ComplexHeatmap::color_mapping_legend(cm, plot = FALSE)
  labels <- character(0)
  walk <- function(g) {
    if (inherits(g, "text")) labels <<- c(labels, as.character(g$label))
    if (inherits(g, "gTree")) for (ch in g$children) walk(ch)
  }
  walk(lgd@grob)
  # the first text grob is the title; the rest are the tick labels
  list(levels = cm@levels, labels = labels[-1], breaks = attr(cm@col_fun, "breaks"))
}

# pretty(c(lo[i], hi[i]), n = n[i]) for every i, as a named list.
col_pretty_many <- function(lo, hi, n) {
  out <- lapply(seq_along(lo), function(i) suppressWarnings(pretty(c(lo[i], hi[i]), n = n[i])))
  names(out) <- paste0("c", seq_along(lo))
  out
}
