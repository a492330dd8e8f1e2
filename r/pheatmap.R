# R side of pyr_heatmap's pheatmap front end: call pheatmap::pheatmap from plain data.
#
# Plain functions, loaded with r/heatmap.R into the same private environment (pyrhm_hclust,
# pyrhm_open_device, pyrhm_guarded, pyrhm_close_new_devices come from there). Every string from
# the user (labels, names, levels, colours, the title) arrives as a character vector: data, never
# code. The call is described by one list `a`:
#   a$args         plain pheatmap() arguments (logical, numeric, character)
#   a$trees        cluster_rows / cluster_cols given as trees: name -> list(merge, height, ...)
#   a$dists        clustering_distance_* given as dist objects: name -> list(d, size, labels)
#   a$annotations  annotation_row / annotation_col: list(names, columns = list(list(name, kind,
#                  values, levels)))
#   a$annotation_colors  name -> list(levels, colors) (levels NULL for a numeric annotation)
#   a$kmeans_k     a number of k-means clusters (R's kmeans), or NULL
#   a$kmeans_labels  k-means clusters computed elsewhere, or NULL
#   a$seed         set.seed() before pheatmap (its kmeans), or NULL

pyrhm_ph_dist <- function(d) {
    structure(as.double(d$d), Size = as.integer(d$size),
              Labels = if (length(d$labels)) as.character(d$labels) else NULL,
              Diag = FALSE, Upper = FALSE, class = "dist")
}

pyrhm_ph_frame <- function(f) {
    cols <- lapply(f$columns, function(c) {
        if (c$kind == "factor") {
            x <- as.character(c$values)
            x[c$missing] <- NA
            factor(x, levels = as.character(c$levels))
        } else {
            x <- as.double(c$values)
            x[c$missing] <- NA
            x
        }
    })
    names(cols) <- vapply(f$columns, function(c) as.character(c$name), "")
    df <- structure(cols, class = "data.frame", row.names = seq_along(cols[[1L]]))
    rownames(df) <- as.character(f$names)
    df
}

pyrhm_ph_args <- function(mat, a) {
    args <- a$args
    for (nm in names(a$trees)) args[[nm]] <- pyrhm_hclust(a$trees[[nm]])
    for (nm in names(a$dists)) args[[nm]] <- pyrhm_ph_dist(a$dists[[nm]])
    for (nm in names(a$annotations)) args[[nm]] <- pyrhm_ph_frame(a$annotations[[nm]])
    if (length(a$annotation_colors)) {
        args$annotation_colors <- lapply(a$annotation_colors, function(x) {
            v <- as.character(x$colors)
            if (!is.null(x$levels)) names(v) <- as.character(x$levels)
            v
        })
    }
    for (nm in c("cutree_rows", "cutree_cols")) {
        if (!is.null(args[[nm]])) args[[nm]] <- as.integer(args[[nm]])
    }
    if (!is.null(a$kmeans_k)) args$kmeans_k <- as.integer(a$kmeans_k)
    args
}

# pheatmap with k-means clusters given: pheatmap's own steps (scale, breaks on the scaled
# matrix, the centres of the clusters as kmeans() computes them, their labels), then pheatmap
# on the centres without scaling again.
pyrhm_ph_kmeans_labels <- function(mat, args, labels) {
    scale <- if (is.null(args$scale)) "none" else args$scale
    color <- if (is.null(args$color))
        grDevices::colorRampPalette(rev(RColorBrewer::brewer.pal(n = 7, name = "RdYlBu")))(100)
        else args$color
    mat <- pheatmap:::scale_mat(mat, scale)
    if (scale != "none" && is.null(args$breaks))
        args$breaks <- pheatmap:::generate_breaks(mat, length(color), center = TRUE)
    sizes <- tabulate(labels, nbins = max(labels))
    centers <- matrix(0, max(labels), ncol(mat), dimnames = list(seq_len(max(labels)),
                                                                 colnames(mat)))
    for (i in seq_len(nrow(mat))) centers[labels[i], ] <- centers[labels[i], ] + mat[i, ]
    centers <- centers / sizes
    if (is.null(args$labels_row))
        args$labels_row <- sprintf("Cluster: %s Size: %d", seq_along(sizes), sizes)
    args$scale <- "none"
    list(mat = centers, args = args, cluster = as.integer(labels))
}

pyrhm_ph_tree <- function(t) {
    if (!inherits(t, "hclust")) return(NULL)
    list(merge = as.integer(t$merge), height = as.double(t$height), order = as.integer(t$order),
         labels = if (is.null(t$labels)) character(0) else as.character(t$labels))
}

# Run pheatmap and draw its gtable on a device of the size pheatmap would use for a file: the
# gtable's size measured on a 7 x 7 inch device (width/height when given).
pyrhm_pheatmap <- function(mat, a, device = "null", file = NULL, res = 100) {
    pyrhm_guarded(function(devs_before) {
        if (!requireNamespace("pheatmap", quietly = TRUE))
            stop("the R package pheatmap is not installed (Debian: apt-get install ",
                 "r-cran-pheatmap; or install.packages('pheatmap'))")
        mat[is.nan(mat)] <- NA
        args <- pyrhm_ph_args(mat, a)
        cluster <- integer(0)
        if (!is.null(a$kmeans_labels)) {
            k <- pyrhm_ph_kmeans_labels(mat, args, as.integer(a$kmeans_labels))
            mat <- k$mat
            args <- k$args
            cluster <- k$cluster
        }
        pyrhm_open_device("null", NULL, 7, 7, res)
        if (!is.null(a$seed)) set.seed(a$seed)
        ph <- do.call(pheatmap::pheatmap, c(list(mat, silent = TRUE), args))
        if (is.list(ph$kmeans)) cluster <- as.integer(ph$kmeans$cluster)
        gt <- ph$gtable
        w <- if (is.null(args$width)) grid::convertWidth(gtable::gtable_width(gt), "inches",
                                                         valueOnly = TRUE) else args$width
        h <- if (is.null(args$height)) grid::convertHeight(gtable::gtable_height(gt), "inches",
                                                           valueOnly = TRUE) else args$height
        pyrhm_close_new_devices(devs_before)
        drawn <- NULL
        if (device != "null") {
            pyrhm_open_device(device, file, w, h, res)
            grid::grid.newpage()
            grid::grid.draw(gt)
            pyrhm_close_new_devices(devs_before)
            drawn <- new.env(parent = emptyenv())
            drawn$gtable <- gt
            drawn$width <- w
            drawn$height <- h
        }
        rect <- gt$grobs[[which(gt$layout$name == "matrix")]]$children[[1L]]
        gaps <- function(t, k, given) {
            if (inherits(t, "hclust")) {
                if (is.null(k)) integer(0) else as.integer(pheatmap:::find_gaps(t, k))
            } else if (is.null(given)) integer(0) else as.integer(given)
        }
        list(ok = TRUE, tree_row = pyrhm_ph_tree(ph$tree_row),
             tree_col = pyrhm_ph_tree(ph$tree_col),
             gaps_row = gaps(ph$tree_row, args$cutree_rows, args$gaps_row),
             gaps_col = gaps(ph$tree_col, args$cutree_cols, args$gaps_col),
             kmeans = cluster, fill = as.character(rect$gp$fill),
             rownames = if (is.null(rownames(mat))) character(0) else rownames(mat),
             width_in = w, height_in = h, drawn = drawn,
             version = as.character(utils::packageVersion("pheatmap")))
    })
}

# Write a pheatmap drawn by pyrhm_pheatmap() in another format: its gtable drawn again.
pyrhm_pheatmap_render <- function(drawn, device, file, res = 100) {
    pyrhm_guarded(function(devs_before) {
        pyrhm_open_device(device, file, drawn$width, drawn$height, res)
        grid::grid.newpage()
        grid::grid.draw(drawn$gtable)
        pyrhm_close_new_devices(devs_before)
        list(ok = TRUE)
    })
}
