# Plain R: the tutorial recipe with ComplexHeatmap, as an R user runs it.
# Rscript complexheatmap.R JOBFILE   (JOBFILE: key<TAB>value lines, written by benchmarks/run.py)
# Loading ComplexHeatmap and reading the input are not timed.
job_kv <- utils::read.delim(commandArgs(TRUE)[1], header = FALSE, quote = "",
                            colClasses = "character", col.names = c("key", "value"))
job <- stats::setNames(job_kv$value, job_kv$key)
suppressPackageStartupMessages(library(ComplexHeatmap))
n <- as.integer(job[["rows"]])
p <- as.integer(job[["cols"]])
con <- file(job[["input"]], "rb")
m <- matrix(readBin(con, "double", n * p), n, p)
close(con)
dimnames(m) <- list(paste0("g", seq_len(n) - 1L), paste0("s", seq_len(p) - 1L))
invisible(gc())
bitmap <- if (isTRUE(capabilities("cairo"))) "cairo" else getOption("bitmapType")
page_w <- as.numeric(job[["page_w_in"]])
page_h <- as.numeric(job[["page_h_in"]])

phases <- c()
t_start <- proc.time()[["elapsed"]]
t_last <- t_start
tick <- function(name) {
    now <- proc.time()[["elapsed"]]
    phases[[name]] <<- now - t_last
    t_last <<- now
}
z <- t(scale(t(log2(m + 1))))
tick("prepare")
hr <- hclust(dist(z), method = "ward.D2")
tick("cluster rows")
hc <- hclust(dist(t(z)), method = "ward.D2")
tick("cluster columns")
ht <- Heatmap(z, name = "z", cluster_rows = hr, cluster_columns = hc, show_row_names = FALSE,
              width = unit(as.numeric(job[["body_w_mm"]]), "mm"),
              height = unit(as.numeric(job[["body_h_mm"]]), "mm"))
res <- if (is.na(job["dpi"])) 100 else as.numeric(job[["dpi"]])
png(job[["png"]], width = page_w, height = page_h, units = "in", res = res, type = bitmap)
d <- draw(ht)
invisible(dev.off())
tick("draw + PNG")
pdf(job[["pdf"]], width = page_w, height = page_h, useDingbats = FALSE)
draw(ht)
invisible(dev.off())
tick("PDF")
work <- t_last - t_start

if (!is.na(job["row_order"])) writeLines(as.character(row_order(d) - 1L), job[["row_order"]])
if (!is.na(job["col_order"])) writeLines(as.character(column_order(d) - 1L), job[["col_order"]])
writeLines(c(paste0("work_s\t", sprintf("%.17g", work)),
             paste0("phase:", names(phases), "\t", sprintf("%.17g", phases))),
           job[["result"]])
