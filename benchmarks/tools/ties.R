# R's dist + hclust (ward.D2) on the tied matrix, rows only; reading the input is not timed.
# Rscript ties.R JOBFILE
job_kv <- utils::read.delim(commandArgs(TRUE)[1], header = FALSE, quote = "",
                            colClasses = "character", col.names = c("key", "value"))
job <- stats::setNames(job_kv$value, job_kv$key)
n <- as.integer(job[["rows"]])
p <- as.integer(job[["cols"]])
con <- file(job[["input"]], "rb")
m <- matrix(readBin(con, "double", n * p), n, p)
close(con)
invisible(gc())
t0 <- proc.time()[["elapsed"]]
d <- dist(m)
t1 <- proc.time()[["elapsed"]]
h <- hclust(d, method = "ward.D2")
t2 <- proc.time()[["elapsed"]]
if (!is.na(job["row_order"])) writeLines(as.character(h$order - 1L), job[["row_order"]])
writeLines(c(paste0("work_s\t", sprintf("%.17g", t2 - t0)),
             paste0("phase:dist\t", sprintf("%.17g", t1 - t0)),
             paste0("phase:hclust\t", sprintf("%.17g", t2 - t1))),
           job[["result"]])
