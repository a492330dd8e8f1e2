/*
 * pyr_heatmap._rcore: the R-exact numerical kernels of pyr_heatmap.
 *
 * Each kernel reproduces the floating-point steps of the R 4.2.2 function it stands for, in the same
 * order, so that results are bit-identical to R on the same machine:
 *   dist()            stats::dist (src/library/stats/src/distance.c): the six methods, R's NA rule
 *                     (drop the pair's NA columns, rescale sums by ncol/count), R's canberra 0/0 rule and
 *                     |x|+|y| denominator, R's binary rule, R_pow for minkowski.
 *   cor_dist()        1 - cor(t(m), method) as ComplexHeatmap computes it for "pearson"/"spearman"/
 *                     "kendall" (stats cov.c, use = "everything": two-pass long double means, long double
 *                     cross products), and, when the matrix has NA, ComplexHeatmap's pairwise fallback
 *                     1 - cor(x[!na], y[!na]) (the two-vector code path of cov.c).
 *   hclust()          stats::hclust (src/library/stats/src/hclust.f): Murtagh's nearest-neighbour-list
 *                     algorithm with the Lance-Williams updates written exactly as R writes them; all
 *                     comparisons strict, so ties break as in R.
 *
 * Arrays are passed through the buffer protocol (no numpy headers needed). The GIL is released while
 * computing. dist() and cor_dist() may use several threads; every output element is computed by one
 * thread with R's arithmetic, so the result does not depend on the number of threads.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include <float.h>
#include <math.h>
#include <pthread.h>
#include <sched.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define HAVE_AVX2_KERNEL 1
#include <immintrin.h>
#endif

typedef long double ldouble; /* R's LDOUBLE */

/* ------------------------------------------------------------------------------------------------ */
/* dist                                                                                              */
/* ------------------------------------------------------------------------------------------------ */

enum { EUCLIDEAN = 1, MAXIMUM, MANHATTAN, CANBERRA, BINARY, MINKOWSKI };

/* R_pow restricted to what dist() calls it with: x >= 0 (or +Inf), y > 0 finite. */
static double r_pow(double x, double y)
{
    if (y == 2.0) return x * x;
    if (x == 1. || y == 0.) return 1.;
    if (x == 0.) return (y > 0.) ? 0. : (y < 0. ? INFINITY : y);
    if (isfinite(x) && isfinite(y)) return pow(x, y);
    if (isnan(x) || isnan(y)) return x + y;
    if (!isfinite(x) && x > 0) return (y < 0.) ? 0. : INFINITY;
    return pow(x, y);
}

/* a and b are two rows of a row-major matrix; a is R's i1 (the later row), b is R's i2. */
static double d_euclidean(const double *a, const double *b, int nc, double p, int *warn)
{
    double dev, dist = 0;
    int count = 0;
    (void)p; (void)warn;
    for (int j = 0; j < nc; j++) {
        if (!isnan(a[j]) && !isnan(b[j])) {
            dev = a[j] - b[j];
            if (!isnan(dev)) {
                dist += dev * dev;
                count++;
            }
        }
    }
    if (count == 0) return NAN;
    if (count != nc) dist /= ((double)count / nc);
    return sqrt(dist);
}

static double d_maximum(const double *a, const double *b, int nc, double p, int *warn)
{
    double dev, dist = -DBL_MAX;
    int count = 0;
    (void)p; (void)warn;
    for (int j = 0; j < nc; j++) {
        if (!isnan(a[j]) && !isnan(b[j])) {
            dev = fabs(a[j] - b[j]);
            if (!isnan(dev)) {
                if (dev > dist) dist = dev;
                count++;
            }
        }
    }
    if (count == 0) return NAN;
    return dist;
}

static double d_manhattan(const double *a, const double *b, int nc, double p, int *warn)
{
    double dev, dist = 0;
    int count = 0;
    (void)p; (void)warn;
    for (int j = 0; j < nc; j++) {
        if (!isnan(a[j]) && !isnan(b[j])) {
            dev = fabs(a[j] - b[j]);
            if (!isnan(dev)) {
                dist += dev;
                count++;
            }
        }
    }
    if (count == 0) return NAN;
    if (count != nc) dist /= ((double)count / nc);
    return dist;
}

static double d_canberra(const double *a, const double *b, int nc, double p, int *warn)
{
    double dev, dist = 0, sum, diff;
    int count = 0;
    (void)p; (void)warn;
    for (int j = 0; j < nc; j++) {
        if (!isnan(a[j]) && !isnan(b[j])) {
            sum = fabs(a[j]) + fabs(b[j]);
            diff = fabs(a[j] - b[j]);
            if (sum > DBL_MIN || diff > DBL_MIN) {
                dev = diff / sum;
                if (!isnan(dev) || (!isfinite(diff) && diff == sum && (dev = 1.))) {
                    dist += dev;
                    count++;
                }
            }
        }
    }
    if (count == 0) return NAN;
    if (count != nc) dist /= ((double)count / nc);
    return dist;
}

static double d_binary(const double *a, const double *b, int nc, double p, int *warn)
{
    int total = 0, count = 0, dist = 0;
    (void)p;
    for (int j = 0; j < nc; j++) {
        if (!isnan(a[j]) && !isnan(b[j])) {
            if (!isfinite(a[j]) || !isfinite(b[j])) {
                *warn = 1; /* R: "treating non-finite values as NA" */
            } else {
                if (a[j] != 0 || b[j] != 0) {
                    count++;
                    if (!(a[j] != 0 && b[j] != 0)) dist++;
                }
                total++;
            }
        }
    }
    if (total == 0) return NAN;
    if (count == 0) return 0;
    return (double)dist / count;
}

static double d_minkowski(const double *a, const double *b, int nc, double p, int *warn)
{
    double dev, dist = 0;
    int count = 0;
    (void)warn;
    for (int j = 0; j < nc; j++) {
        if (!isnan(a[j]) && !isnan(b[j])) {
            dev = a[j] - b[j];
            if (!isnan(dev)) {
                dist += r_pow(fabs(dev), p);
                count++;
            }
        }
    }
    if (count == 0) return NAN;
    if (count != nc) dist /= ((double)count / nc);
    return r_pow(dist, 1.0 / p);
}

typedef double (*distfun_t)(const double *, const double *, int, double, int *);

/* Work shared by the threads: rows are handed out in blocks through an atomic counter. */
typedef struct {
    const double *x; /* row-major nr x nc */
    double *d;       /* condensed output, R's order */
    int64_t nr;
    int nc;
    double p;
    distfun_t fun;
    int method;
    int finite; /* every value is finite: the no-NA fast path applies */
    const double *panel; /* rows interleaved by 4 for the AVX2 kernel, or NULL */
    int64_t next; /* next first row (j) to hand out */
    int warn;
} dist_job;

static inline int64_t cond_index(int64_t n, int64_t i, int64_t j) /* i < j, 0-based */
{
    return n * i - i * (i + 1) / 2 + j - i - 1;
}

/* Finite data: no NA column is ever dropped (count == nc), so R's loops reduce to the plain sums
   below. Four pairs are computed side by side for instruction-level parallelism; each pair's sum
   still runs over the columns in R's order with R's operations, so every value is bit-identical. */
#define FOUR_PAIRS(INIT, STEP, FINISH)                                                  \
    int64_t i = j + 1;                                                                  \
    for (; i + 3 < nr; i += 4) {                                                        \
        const double *a0 = x + i * nc, *a1 = a0 + nc, *a2 = a1 + nc, *a3 = a2 + nc;     \
        double s0 = INIT, s1 = INIT, s2 = INIT, s3 = INIT, v;                           \
        for (int k = 0; k < nc; k++) {                                                  \
            const double bk = b[k];                                                     \
            v = a0[k] - bk; STEP(s0, v);                                                \
            v = a1[k] - bk; STEP(s1, v);                                                \
            v = a2[k] - bk; STEP(s2, v);                                                \
            v = a3[k] - bk; STEP(s3, v);                                                \
        }                                                                               \
        out[0] = FINISH(s0); out[1] = FINISH(s1); out[2] = FINISH(s2); out[3] = FINISH(s3); \
        out += 4;                                                                       \
    }                                                                                   \
    for (; i < nr; i++) {                                                               \
        const double *a0 = x + i * nc;                                                  \
        double s0 = INIT, v;                                                            \
        for (int k = 0; k < nc; k++) { v = a0[k] - b[k]; STEP(s0, v); }                 \
        *out++ = FINISH(s0);                                                            \
    }

#define STEP_SQ(s, v) (s += v * v)
#define STEP_ABS(s, v) (s += fabs(v))
#define STEP_MAX(s, v) do { double av_ = fabs(v); if (av_ > s) s = av_; } while (0)
#define FIN_SQRT(s) sqrt(s)
#define FIN_ID(s) (s)

static void dist_row_finite(int method, const double *x, const double *b, int64_t j, int64_t nr,
                            int nc, double *out)
{
    if (method == EUCLIDEAN) {
        FOUR_PAIRS(0., STEP_SQ, FIN_SQRT)
    } else if (method == MANHATTAN) {
        FOUR_PAIRS(0., STEP_ABS, FIN_ID)
    } else {
        FOUR_PAIRS(-DBL_MAX, STEP_MAX, FIN_ID)
    }
}

#ifdef HAVE_AVX2_KERNEL
/* The same sums as dist_row_finite, four pairs per 256-bit vector (one pair per lane). Each lane
   performs exactly the scalar operations of R's loop, in R's column order (IEEE add, multiply,
   fabs, max and sqrt are exact per lane; no fused multiply-add is enabled), so every distance is
   bit-identical to the scalar path and to R.
   panel holds rows 4b..4b+3 interleaved: panel[(b * nc + k) * 4 + lane] = x[(4b + lane) * nc + k]. */
__attribute__((target("avx2"))) static void dist_row_avx2(int method, const double *x,
                                                           const double *panel, const double *b,
                                                           int64_t j, int64_t nr, int nc,
                                                           double *out)
{
    const __m256d sign = _mm256_set1_pd(-0.0);
    int64_t i = j + 1;
    /* scalar until i is a multiple of 4, then whole blocks, then the scalar tail */
    int64_t head = (4 - (i & 3)) & 3;
    if (head > nr - i) head = nr - i;
    if (head > 0) {
        dist_row_finite(method, x, b, j, j + 1 + head, nc, out);
        out += head;
        i += head;
    }
#define AVX_STEP(ACC, V)                                                               \
    do {                                                                               \
        if (method == EUCLIDEAN)                                                       \
            ACC = _mm256_add_pd(ACC, _mm256_mul_pd(V, V));                             \
        else if (method == MANHATTAN)                                                  \
            ACC = _mm256_add_pd(ACC, _mm256_andnot_pd(sign, V));                       \
        else                                                                           \
            ACC = _mm256_max_pd(_mm256_andnot_pd(sign, V), ACC);                       \
    } while (0)
    const __m256d init = _mm256_set1_pd(method == MAXIMUM ? -DBL_MAX : 0.0);
    const int64_t stride = (int64_t)nc * 4;
    /* three blocks (12 pairs) at a time: three independent chains hide the add latency */
    for (; i + 11 < nr; i += 12) {
        const double *p0 = panel + (i / 4) * stride, *p1 = p0 + stride, *p2 = p1 + stride;
        __m256d a0 = init, a1 = init, a2 = init;
        for (int k = 0; k < nc; k++) {
            const __m256d bk = _mm256_set1_pd(b[k]);
            __m256d v0 = _mm256_sub_pd(_mm256_loadu_pd(p0 + 4 * k), bk);
            __m256d v1 = _mm256_sub_pd(_mm256_loadu_pd(p1 + 4 * k), bk);
            __m256d v2 = _mm256_sub_pd(_mm256_loadu_pd(p2 + 4 * k), bk);
            AVX_STEP(a0, v0);
            AVX_STEP(a1, v1);
            AVX_STEP(a2, v2);
        }
        if (method == EUCLIDEAN) {
            a0 = _mm256_sqrt_pd(a0);
            a1 = _mm256_sqrt_pd(a1);
            a2 = _mm256_sqrt_pd(a2);
        }
        _mm256_storeu_pd(out, a0);
        _mm256_storeu_pd(out + 4, a1);
        _mm256_storeu_pd(out + 8, a2);
        out += 12;
    }
    for (; i + 3 < nr; i += 4) {
        const double *pb = panel + (i / 4) * stride;
        __m256d acc = init;
        for (int k = 0; k < nc; k++) {
            __m256d v = _mm256_sub_pd(_mm256_loadu_pd(pb + 4 * k), _mm256_set1_pd(b[k]));
            AVX_STEP(acc, v);
        }
        if (method == EUCLIDEAN) acc = _mm256_sqrt_pd(acc);
        _mm256_storeu_pd(out, acc);
        out += 4;
    }
#undef AVX_STEP
    if (i < nr) dist_row_finite(method, x, b, i - 1, nr, nc, out);
}

static int cpu_has_avx2(void)
{
    static int cached = -1;
    if (cached < 0) {
        __builtin_cpu_init();
        cached = __builtin_cpu_supports("avx2") ? 1 : 0;
    }
    return cached;
}
#endif

static void *dist_worker(void *arg)
{
    dist_job *job = (dist_job *)arg;
    const int64_t nr = job->nr;
    const int nc = job->nc;
    int warn = 0;
    for (;;) {
        int64_t j0 = __atomic_fetch_add(&job->next, 16, __ATOMIC_RELAXED);
        if (j0 >= nr) break;
        int64_t j1 = j0 + 16 < nr ? j0 + 16 : nr;
        for (int64_t j = j0; j < j1; j++) {
            const double *b = job->x + j * nc;
            double *out = job->d + (j + 1 < nr ? cond_index(nr, j, j + 1) : 0);
            if (job->finite && nc > 0 &&
                (job->method == EUCLIDEAN || job->method == MANHATTAN || job->method == MAXIMUM)) {
#ifdef HAVE_AVX2_KERNEL
                if (job->panel) {
                    dist_row_avx2(job->method, job->x, job->panel, b, j, nr, nc, out);
                    continue;
                }
#endif
                dist_row_finite(job->method, job->x, b, j, nr, nc, out);
                continue;
            }
            for (int64_t i = j + 1; i < nr; i++)
                *out++ = job->fun(job->x + i * nc, b, nc, job->p, &warn);
        }
    }
    if (warn) __atomic_store_n(&job->warn, 1, __ATOMIC_RELAXED);
    return NULL;
}

static int run_threads(void *(*worker)(void *), void *job, int nthreads)
{
    if (nthreads <= 1) {
        worker(job);
        return 0;
    }
    pthread_t *th = (pthread_t *)malloc(sizeof(pthread_t) * (size_t)nthreads);
    if (!th) return -1;
    int started = 0;
    for (int t = 0; t < nthreads; t++) {
        if (pthread_create(&th[t], NULL, worker, job) != 0) break;
        started++;
    }
    if (started == 0) worker(job); /* could not start any thread: do it here */
    for (int t = 0; t < started; t++) pthread_join(th[t], NULL);
    free(th);
    return 0;
}

/* ------------------------------------------------------------------------------------------------ */
/* Argument checks shared by the entry points                                                        */
/* ------------------------------------------------------------------------------------------------ */

/* The entry points are private (pyr_heatmap's Python layer validates and converts the data first),
   but they check everything they rely on themselves, whoever calls them: element types and byte
   order through the buffer format, sizes without overflow, buffer lengths equal to the sizes given,
   method codes, and thread counts. A mistake is a TypeError / ValueError / OverflowError, never a
   read or write outside a buffer. */

/* Upper bound on the threads an entry point starts (the result does not depend on it). */
#define RCORE_MAX_THREADS 256

static int clamp_threads(Py_ssize_t nthreads)
{
    if (nthreads < 1) return 1;
    if (nthreads > RCORE_MAX_THREADS) return RCORE_MAX_THREADS;
    return (int)nthreads;
}

enum { ELEM_FLOAT64, ELEM_INT64 };

/* Whether a buffer format string (struct module syntax) is one float64 ('d') or one int64 ('q', or
   'l' where a C long has 8 bytes) in native byte order. NULL means unsigned bytes ("B"). */
static int native_format(const char *fmt, int elem)
{
    if (fmt == NULL) return 0;
    if (*fmt == '@' || *fmt == '=') {
        fmt++;
    } else {
#if PY_LITTLE_ENDIAN
        if (*fmt == '<') fmt++;
#else
        if (*fmt == '>' || *fmt == '!') fmt++;
#endif
    }
    if (fmt[0] == '\0' || fmt[1] != '\0') return 0;
    if (elem == ELEM_FLOAT64) return fmt[0] == 'd';
    return fmt[0] == 'q' || (fmt[0] == 'l' && sizeof(long) == 8);
}

/* Acquire a C-contiguous buffer of 8-byte elements of the given type (a TypeError otherwise). */
static int get_buffer(PyObject *obj, Py_buffer *view, int writable, int elem, const char *fn,
                      const char *what)
{
    int flags = PyBUF_C_CONTIGUOUS | PyBUF_FORMAT | (writable ? PyBUF_WRITABLE : 0);
    if (PyObject_GetBuffer(obj, view, flags) != 0) return -1;
    if (view->itemsize != 8 || !native_format(view->format, elem)) {
        PyErr_Format(PyExc_TypeError,
                     "%s: %s must be a C-contiguous %s array in native byte order, got buffer "
                     "format '%s' with %zd-byte items",
                     fn, what, elem == ELEM_FLOAT64 ? "float64 (format 'd')" : "int64 (format 'q')",
                     view->format ? view->format : "B", view->itemsize);
        PyBuffer_Release(view);
        return -1;
    }
    return 0;
}

/* *out = a * b for a, b >= 0; -1 when the product exceeds limit. */
static int mul_checked(Py_ssize_t a, Py_ssize_t b, Py_ssize_t limit, Py_ssize_t *out)
{
    if (a < 0 || b < 0) return -1;
    if (a != 0 && b > limit / a) return -1;
    *out = a * b;
    return 0;
}

/* Number of values of n objects' condensed dissimilarities, n * (n - 1) / 2, when it and its
   size in bytes fit in a Py_ssize_t; otherwise an OverflowError naming fn. */
static int condensed_count(Py_ssize_t n, Py_ssize_t *count, const char *fn)
{
    const Py_ssize_t limit = PY_SSIZE_T_MAX / 8;
    if (n < 2) {
        *count = 0;
        return 0;
    }
    Py_ssize_t a = (n % 2 == 0) ? n / 2 : n, b = (n % 2 == 0) ? n - 1 : (n - 1) / 2;
    if (mul_checked(a, b, limit, count) != 0) {
        PyErr_Format(PyExc_OverflowError,
                     "%s: %zd objects have n * (n - 1) / 2 dissimilarities, more than a buffer can "
                     "address",
                     fn, n);
        return -1;
    }
    return 0;
}

/* A buffer must hold exactly count 8-byte values (count <= PY_SSIZE_T_MAX / 8). */
static int check_count(const Py_buffer *view, Py_ssize_t count, const char *fn, const char *what)
{
    if (view->len != count * 8) {
        PyErr_Format(PyExc_ValueError, "%s: %s holds %zd values, the sizes given need %zd", fn,
                     what, view->len / 8, count);
        return -1;
    }
    return 0;
}

/* Acquire a read-only input matrix of nrow x ncol float64 values and a writable float64 condensed
   output for nrow objects, after checking the sizes; on failure nothing is held and a Python
   exception is set. */
static int get_matrix_and_condensed(PyObject *xo, PyObject *outo, Py_ssize_t nrow, Py_ssize_t ncol,
                                    Py_buffer *xb, Py_buffer *ob, const char *what)
{
    Py_ssize_t nx, nd;
    if (nrow < 0 || ncol < 0) {
        PyErr_Format(PyExc_ValueError, "%s: dimensions must be >= 0, got %zd x %zd", what, nrow,
                     ncol);
        return -1;
    }
    if (ncol > INT32_MAX) {
        PyErr_Format(PyExc_OverflowError, "%s: %zd columns, at most %d are supported", what, ncol,
                     (int)INT32_MAX);
        return -1;
    }
    if (mul_checked(nrow, ncol, PY_SSIZE_T_MAX / 8, &nx) != 0) {
        PyErr_Format(PyExc_OverflowError,
                     "%s: a %zd x %zd matrix has more values than a buffer can address", what, nrow,
                     ncol);
        return -1;
    }
    if (condensed_count(nrow, &nd, what) != 0) return -1;
    if (get_buffer(xo, xb, 0, ELEM_FLOAT64, what, "x") != 0) return -1;
    if (get_buffer(outo, ob, 1, ELEM_FLOAT64, what, "out") != 0) {
        PyBuffer_Release(xb);
        return -1;
    }
    if (check_count(xb, nx, what, "x") != 0 || check_count(ob, nd, what, "out") != 0) {
        PyBuffer_Release(xb);
        PyBuffer_Release(ob);
        return -1;
    }
    return 0;
}

/* dist(x, nr, nc, method, p, out, nthreads, finite) -> bool (True if binary saw non-finite values) */
static PyObject *py_dist(PyObject *self, PyObject *args)
{
    PyObject *xo, *outo;
    Py_ssize_t nr, nc, nthreads_arg;
    int method, finite;
    double p;
    (void)self;
    if (!PyArg_ParseTuple(args, "OnnidOnp", &xo, &nr, &nc, &method, &p, &outo, &nthreads_arg,
                          &finite))
        return NULL;
    const int nthreads = clamp_threads(nthreads_arg);
    distfun_t fun = NULL;
    switch (method) {
    case EUCLIDEAN: fun = d_euclidean; break;
    case MAXIMUM: fun = d_maximum; break;
    case MANHATTAN: fun = d_manhattan; break;
    case CANBERRA: fun = d_canberra; break;
    case BINARY: fun = d_binary; break;
    case MINKOWSKI: fun = d_minkowski; break;
    default:
        PyErr_Format(PyExc_ValueError, "dist: invalid method code %d (1..6)", method);
        return NULL;
    }
    if (method == MINKOWSKI && !(isfinite(p) && p > 0)) {
        PyErr_SetString(PyExc_ValueError, "dist: the Minkowski power p must be finite and > 0");
        return NULL;
    }
    Py_buffer xb, ob;
    if (get_matrix_and_condensed(xo, outo, nr, nc, &xb, &ob, "dist") != 0) return NULL;
    double *panel = NULL;
#ifdef HAVE_AVX2_KERNEL
    if (finite && nc > 0 && nr >= 8 && cpu_has_avx2() &&
        (method == EUCLIDEAN || method == MANHATTAN || method == MAXIMUM)) {
        int64_t nb = (nr + 3) / 4;
        panel = (double *)calloc((size_t)(nb * 4 * nc), sizeof(double));
        if (panel) {
            const double *x = (const double *)xb.buf;
            for (int64_t r = 0; r < nr; r++)
                for (int64_t k = 0; k < nc; k++)
                    panel[((r / 4) * nc + k) * 4 + (r & 3)] = x[r * nc + k];
        }
    }
#endif
    dist_job job = {(const double *)xb.buf, (double *)ob.buf, nr, (int)nc, p, fun, method, finite,
                    panel, 0, 0};
    int rc;
    Py_BEGIN_ALLOW_THREADS
    rc = run_threads(dist_worker, &job, nthreads);
    Py_END_ALLOW_THREADS
    free(panel);
    PyBuffer_Release(&xb);
    PyBuffer_Release(&ob);
    if (rc != 0) return PyErr_NoMemory();
    return PyBool_FromLong(job.warn);
}

/* ------------------------------------------------------------------------------------------------ */
/* 1 - cor                                                                                           */
/* ------------------------------------------------------------------------------------------------ */

static inline double r_sign(double x) { return (x > 0) ? 1. : ((x == 0) ? 0. : -1.); }
#define CLAMP(X) ((X) >= 1. ? 1. : ((X) <= -1. ? -1. : (X)))

/* cov.c MEAN_ for one complete variable: two passes in long double. */
static double mean_2pass(const double *xx, int n)
{
    ldouble sum = 0., tmp;
    for (int k = 0; k < n; k++) sum += xx[k];
    tmp = sum / n;
    if (isfinite((double)tmp)) {
        sum = 0.;
        for (int k = 0; k < n; k++) sum += (xx[k] - tmp);
        tmp = tmp + sum / n;
    }
    return (double)tmp;
}

typedef struct {
    const double *x; /* row-major nv x n: each row is one variable of length n */
    double *d;       /* condensed 1 - cor */
    int64_t nv;
    int n;
    int kendall;
    const int *has_na;
    const double *mean; /* per variable (pearson) */
    const double *sdv;  /* sqrt(ANS(i,i)) per variable, cov_na_1's xm after the covariance pass */
    int64_t next;
    int sd0;
} cor_job;

/* cov_na_1: the off-diagonal covariance (pearson) or concordance sum (kendall), as ANS(i,j). */
static double cov_ij(const cor_job *job, int64_t i, int64_t j)
{
    const int n = job->n;
    const double *xx = job->x + i * n, *yy = job->x + j * n;
    ldouble sum = 0.;
    if (!job->kendall) {
        ldouble xxm = job->mean[i], yym = job->mean[j];
        for (int k = 0; k < n; k++) sum += (ldouble)(xx[k] - xxm) * (yy[k] - yym);
        return (double)(sum / (n - 1));
    }
    for (int k = 0; k < n; k++)
        for (int n1 = 0; n1 < n; n1++) sum += r_sign(xx[k] - xx[n1]) * r_sign(yy[k] - yy[n1]);
    return (double)sum;
}

static void *cor_worker(void *arg)
{
    cor_job *job = (cor_job *)arg;
    const int64_t nv = job->nv;
    int sd0 = 0;
    for (;;) {
        int64_t j0 = __atomic_fetch_add(&job->next, 8, __ATOMIC_RELAXED);
        if (j0 >= nv) break;
        int64_t j1 = j0 + 8 < nv ? j0 + 8 : nv;
        for (int64_t j = j0; j < j1; j++) {
            double *out = job->d + (j + 1 < nv ? cond_index(nv, j, j + 1) : 0);
            for (int64_t i = j + 1; i < nv; i++) {
                double r;
                if (job->has_na[i] || job->has_na[j]) {
                    r = NAN;
                } else if (job->sdv[i] == 0 || job->sdv[j] == 0) {
                    sd0 = 1;
                    r = NAN;
                } else {
                    ldouble s = cov_ij(job, i, j) / (job->sdv[i] * job->sdv[j]);
                    r = (double)CLAMP(s);
                }
                *out++ = 1.0 - r;
            }
        }
    }
    if (sd0) __atomic_store_n(&job->sd0, 1, __ATOMIC_RELAXED);
    return NULL;
}

/* cor_dist(x, nv, n, kendall, out, nthreads) -> bool sd_zero: 1 - cor(t(m)) for complete data.
   x holds the variables as rows (m's rows); spearman is pearson on ranks computed by the caller. */
static PyObject *py_cor_dist(PyObject *self, PyObject *args)
{
    PyObject *xo, *outo;
    Py_ssize_t nv, n, nthreads_arg;
    int kendall;
    (void)self;
    if (!PyArg_ParseTuple(args, "OnniOn", &xo, &nv, &n, &kendall, &outo, &nthreads_arg))
        return NULL;
    const int nthreads = clamp_threads(nthreads_arg);
    if (kendall != 0 && kendall != 1) {
        PyErr_Format(PyExc_ValueError, "cor_dist: kendall must be 0 or 1, got %d", kendall);
        return NULL;
    }
    Py_buffer xb, ob;
    if (get_matrix_and_condensed(xo, outo, nv, n, &xb, &ob, "cor_dist") != 0) return NULL;
    int *has_na = (int *)calloc((size_t)(nv > 0 ? nv : 1), sizeof(int));
    double *mean = (double *)calloc((size_t)(nv > 0 ? nv : 1), sizeof(double));
    double *sdv = (double *)calloc((size_t)(nv > 0 ? nv : 1), sizeof(double));
    if (!has_na || !mean || !sdv) {
        free(has_na); free(mean); free(sdv);
        PyBuffer_Release(&xb);
        PyBuffer_Release(&ob);
        return PyErr_NoMemory();
    }
    const double *x = (const double *)xb.buf;
    cor_job job = {x, (double *)ob.buf, nv, (int)n, kendall, has_na, mean, sdv, 0, 0};
    int rc = 0;
    Py_BEGIN_ALLOW_THREADS
    for (int64_t i = 0; i < nv; i++) {
        const double *xx = x + i * n;
        for (int k = 0; k < n; k++)
            if (isnan(xx[k])) { has_na[i] = 1; break; }
        if (has_na[i]) continue;
        if (!kendall) mean[i] = mean_2pass(xx, (int)n);
    }
    /* cov_na_1 with n <= 1 gives NA everywhere; otherwise xm[i] = sqrt(ANS(i,i)). */
    for (int64_t i = 0; i < nv; i++)
        if (!has_na[i]) sdv[i] = (n <= 1) ? 0 : sqrt(cov_ij(&job, i, i));
    if (n <= 1)
        for (int64_t i = 0; i < nv; i++) has_na[i] = 1;
    rc = run_threads(cor_worker, &job, nthreads);
    Py_END_ALLOW_THREADS
    free(has_na); free(mean); free(sdv);
    PyBuffer_Release(&xb);
    PyBuffer_Release(&ob);
    if (rc != 0) return PyErr_NoMemory();
    return PyBool_FromLong(job.sd0);
}

/* cov_na_2 with two complete vectors of length n (ComplexHeatmap's NA fallback after dropping the
   pair's NA positions): returns cor(x, y), NaN when n < 2 or a standard deviation is zero. */
static double cor_two(const double *xx, const double *yy, int n, int kendall, int *sd0)
{
    if (n <= 1) return NAN;
    ldouble sum = 0., xsd = 0., ysd = 0.;
    double xm = 0, ym = 0, sx, sy, ans;
    if (!kendall) {
        xm = mean_2pass(xx, n);
        ym = mean_2pass(yy, n);
        ldouble xxm = xm, yym = ym;
        for (int k = 0; k < n; k++) sum += (ldouble)(xx[k] - xxm) * (yy[k] - yym);
        ans = (double)(sum / (n - 1));
        for (int k = 0; k < n; k++) xsd += (ldouble)(xx[k] - xxm) * (xx[k] - xxm);
        xsd /= (n - 1);
        for (int k = 0; k < n; k++) ysd += (ldouble)(yy[k] - yym) * (yy[k] - yym);
        ysd /= (n - 1);
    } else {
        for (int k = 0; k < n; k++)
            for (int n1 = 0; n1 < n; n1++) sum += r_sign(xx[k] - xx[n1]) * r_sign(yy[k] - yy[n1]);
        ans = (double)sum;
        for (int k = 0; k < n; k++)
            for (int n1 = 0; n1 < n; n1++)
                if (xx[k] != xx[n1]) xsd++;
        for (int k = 0; k < n; k++)
            for (int n1 = 0; n1 < n; n1++)
                if (yy[k] != yy[n1]) ysd++;
    }
    sx = (double)sqrtl(xsd);
    sy = (double)sqrtl(ysd);
    if (sx == 0. || sy == 0.) {
        *sd0 = 1;
        return NAN;
    }
    ans /= (sx * sy);
    return CLAMP(ans);
}

/* R's rank(x, ties.method = "average") of a complete vector, written into rk. */
typedef struct {
    double v;
    int i;
} vi_pair;

static int cmp_vi(const void *a, const void *b)
{
    const vi_pair *p = (const vi_pair *)a, *q = (const vi_pair *)b;
    if (p->v < q->v) return -1;
    if (p->v > q->v) return 1;
    return (p->i > q->i) - (p->i < q->i);
}

static void rank_average(const double *x, int n, double *rk, vi_pair *tmp)
{
    for (int k = 0; k < n; k++) {
        tmp[k].v = x[k];
        tmp[k].i = k;
    }
    qsort(tmp, (size_t)n, sizeof(vi_pair), cmp_vi);
    int i = 0;
    while (i < n) {
        int j = i;
        while (j < n - 1 && tmp[j + 1].v == tmp[i].v) j++;
        for (int k = i; k <= j; k++) rk[tmp[k].i] = (i + j + 2) / 2.;
        i = j + 1;
    }
}

/* cor_dist_na(x, nv, n, kind, out) -> bool sd_zero; kind 0 pearson, 1 kendall, 2 spearman.
   ComplexHeatmap's pairwise NA fallback: for each pair, drop positions where either value is NA,
   then 1 - cor(x, y, method) (spearman re-ranks the reduced vectors). */
static PyObject *py_cor_dist_na(PyObject *self, PyObject *args)
{
    PyObject *xo, *outo;
    Py_ssize_t nv, n;
    int kind;
    (void)self;
    if (!PyArg_ParseTuple(args, "OnniO", &xo, &nv, &n, &kind, &outo)) return NULL;
    if (kind < 0 || kind > 2) {
        PyErr_Format(PyExc_ValueError,
                     "cor_dist_na: kind must be 0 (pearson), 1 (kendall) or 2 (spearman), got %d",
                     kind);
        return NULL;
    }
    Py_buffer xb, ob;
    if (get_matrix_and_condensed(xo, outo, nv, n, &xb, &ob, "cor_dist_na") != 0) return NULL;
    size_t m = (size_t)(n > 0 ? n : 1);
    double *a = (double *)malloc(sizeof(double) * m), *b = (double *)malloc(sizeof(double) * m);
    double *ra = (double *)malloc(sizeof(double) * m), *rb = (double *)malloc(sizeof(double) * m);
    vi_pair *tmp = (vi_pair *)malloc(sizeof(vi_pair) * m);
    if (!a || !b || !ra || !rb || !tmp) {
        free(a); free(b); free(ra); free(rb); free(tmp);
        PyBuffer_Release(&xb);
        PyBuffer_Release(&ob);
        return PyErr_NoMemory();
    }
    const double *x = (const double *)xb.buf;
    double *d = (double *)ob.buf;
    int sd0 = 0;
    Py_BEGIN_ALLOW_THREADS
    int64_t ij = 0;
    for (int64_t j = 0; j < nv; j++) {
        for (int64_t i = j + 1; i < nv; i++) {
            const double *xi = x + i * n, *xj = x + j * n;
            int len = 0;
            for (int k = 0; k < n; k++)
                if (!isnan(xi[k]) && !isnan(xj[k])) {
                    a[len] = xi[k];
                    b[len] = xj[k];
                    len++;
                }
            double r;
            if (kind == 2) {
                rank_average(a, len, ra, tmp);
                rank_average(b, len, rb, tmp);
                r = cor_two(ra, rb, len, 0, &sd0);
            } else {
                r = cor_two(a, b, len, kind == 1, &sd0);
            }
            d[ij++] = 1.0 - r;
        }
    }
    Py_END_ALLOW_THREADS
    free(a); free(b); free(ra); free(rb); free(tmp);
    PyBuffer_Release(&xb);
    PyBuffer_Release(&ob);
    return PyBool_FromLong(sd0);
}

/* ------------------------------------------------------------------------------------------------ */
/* hclust                                                                                            */
/* ------------------------------------------------------------------------------------------------ */

/* hclust.f's IOFFST for 1-based I < J, returned 0-based. */
#define PREFETCH_AHEAD 32
#define IOFFST(N, I, J) ((J) + ((I)-1) * (N) - ((I) * ((I) + 1)) / 2 - 1)

/* Nearest neighbour in a row, as hclust.f finds it: scanning j upwards with "if (row[j] < DMIN)"
   from DMIN = 1e300 picks the first j holding the smallest value below 1e300 (NaN never passes).
   The smallest value does not depend on the order it is looked for in, so it is found with
   independent accumulators (SIMD where available), then the first j holding it; the value is
   read back from that j, so even a -0.0/+0.0 tie resolves as in R. Returns 0 when no value is
   below 1e300 (R then leaves DMIN and JJ unchanged). row[j] is valid for j in [j0, j1]. */
#ifdef HAVE_AVX2_KERNEL
__attribute__((target("avx2"))) static double min_avx2(const double *p, int64_t len)
{
    const __m256d inf = _mm256_set1_pd(INFINITY);
    __m256d m0 = inf, m1 = inf, m2 = inf, m3 = inf;
    int64_t k = 0;
    for (; k + 16 <= len; k += 16) { /* min(x, acc) keeps acc when x is NaN */
        m0 = _mm256_min_pd(_mm256_loadu_pd(p + k), m0);
        m1 = _mm256_min_pd(_mm256_loadu_pd(p + k + 4), m1);
        m2 = _mm256_min_pd(_mm256_loadu_pd(p + k + 8), m2);
        m3 = _mm256_min_pd(_mm256_loadu_pd(p + k + 12), m3);
    }
    m0 = _mm256_min_pd(_mm256_min_pd(m0, m1), _mm256_min_pd(m2, m3));
    double lane[4];
    _mm256_storeu_pd(lane, m0);
    double m = lane[0];
    for (int t = 1; t < 4; t++)
        if (lane[t] < m) m = lane[t];
    for (; k < len; k++)
        if (p[k] < m) m = p[k];
    return m;
}
#endif

static double min_scalar(const double *p, int64_t len)
{
    double m0 = INFINITY, m1 = INFINITY, m2 = INFINITY, m3 = INFINITY;
    int64_t k = 0;
    for (; k + 4 <= len; k += 4) {
        if (p[k] < m0) m0 = p[k];
        if (p[k + 1] < m1) m1 = p[k + 1];
        if (p[k + 2] < m2) m2 = p[k + 2];
        if (p[k + 3] < m3) m3 = p[k + 3];
    }
    for (; k < len; k++)
        if (p[k] < m0) m0 = p[k];
    if (m1 < m0) m0 = m1;
    if (m2 < m0) m0 = m2;
    if (m3 < m0) m0 = m3;
    return m0;
}

static int row_argmin(const double *row, int64_t j0, int64_t j1, double *dmin, int64_t *jj)
{
    const double INF = 1.e300;
    int64_t len = j1 - j0 + 1;
    if (len <= 0) return 0;
    double m;
#ifdef HAVE_AVX2_KERNEL
    m = (len >= 32 && cpu_has_avx2()) ? min_avx2(row + j0, len) : min_scalar(row + j0, len);
#else
    m = min_scalar(row + j0, len);
#endif
    if (!(m < INF)) return 0;
    for (int64_t j = j0; j <= j1; j++)
        if (row[j] == m) {
            *dmin = row[j];
            *jj = j;
            return 1;
        }
    return 0; /* not reached */
}

/* The two-thread hclust: a step is split only while at least HC_SPLIT_MIN clusters are active, and
   the helper thread is started only for at least HC_THREAD_MIN_N objects. */
#define HC_SPLIT_MIN 1024
#define HC_THREAD_MIN_N 2000
/* Oversubscription watch (see hclust_nnlist): the run continues on one thread once the main
   thread's waits for the helper exceed its own work, net, by HC_LATE_BUDGET average steps of work;
   the credit that quick steps build up is capped at HC_CREDIT_CAP average steps of work. */
#define HC_LATE_BUDGET 16
#define HC_CREDIT_CAP 256

/* A cheap clock for the oversubscription watch; only ratios of its differences are used. */
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
static inline uint64_t hc_ticks(void) { return (uint64_t)__rdtsc(); }
#else
#include <time.h>
static inline uint64_t hc_ticks(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}
#endif

/* b - a, or 0 if the clock went backwards (a thread moved to a core whose counter lags). */
static inline uint64_t hc_elapsed(uint64_t a, uint64_t b) { return b > a ? b - a : 0; }

/* State of one hclust run, shared with the helper thread. Every field is written by one thread
   only: the main thread writes the step's data and the phase before it posts the phase (release
   store to go), the helper reads them after it sees the post (acquire); the helper writes its
   results (up_*, rs_*, hpending, hnpending) before it reports the phase done (release store to
   done), the main thread reads them after it sees that (acquire). Within a phase the two threads
   write disjoint entries of diss, NN and DISNN (those of their own range of active clusters). */
typedef struct {
    int64_t n;
    int iopt, isWard;
    double *diss, *M; /* M is 1-based */
    int64_t *NN, *act;
    double *DISNN;
    int64_t na, I2, J2;
    double D12;
    /* the posted phase (1 update, 2 rescan, 3 quit) and the helper's range [lo, hi) of act */
    int phase;
    int64_t lo, hi;
    /* results of the helper's part of a phase (written by the helper only) */
    double up_dmin;
    int64_t up_jj, rs_jj;
    int up_found, rs_found;
    int64_t *hpending; /* rows of the helper's rescan range before its first hit */
    int64_t hnpending;
    /* phase hand-over: the main thread bumps go, the helper answers with done */
    int64_t go, done;
} hc_state;

/* The Lance-Williams update of the distances to the merged cluster I2 for the active clusters
   at positions [a0, a1) of the active list, and R's "JB fix" for k < I2. Returns whether a k > I2
   closer than 1e300 was seen, with the first smallest one (as R's sequential scan picks it). */
static int hc_update(hc_state *st, int64_t a0, int64_t a1, double *dmin_out, int64_t *jj_out)
{
    const double INF = 1.e300;
    const int64_t n = st->n, I2 = st->I2, J2 = st->J2, *act = st->act;
    double *diss = st->diss, *M = st->M, *DISNN = st->DISNN, D12 = st->D12, DMIN = INF;
    int64_t *NN = st->NN, JJ = 0;
    int found = 0;
    for (int64_t a = a0; a < a1; a++) {
        int64_t k = act[a];
        /* Entries (k, I2) and (k, J2) for k below them sit in different rows of the
           condensed matrix: fetch a few iterations ahead so the cache misses overlap. */
        if (a + PREFETCH_AHEAD < a1) {
            int64_t kf = act[a + PREFETCH_AHEAD];
            if (kf < I2) __builtin_prefetch(diss + IOFFST(n, kf, I2), 1, 0);
            if (kf < J2) __builtin_prefetch(diss + IOFFST(n, kf, J2), 0, 0);
        }
        if (k == I2) continue;
        int64_t ind1 = (I2 < k) ? IOFFST(n, I2, k) : IOFFST(n, k, I2);
        int64_t ind2 = (J2 < k) ? IOFFST(n, J2, k) : IOFFST(n, k, J2);
        double d1 = diss[ind1], d2 = diss[ind2], v;
        /* J2 is inactive from now on. Marking its column entries with +Inf lets the row
           scans skip the FLAG test: no value >= 1e300 ever passes "< DMIN" (DMIN starts at
           1e300), exactly as an inactive J is skipped in hclust.f. Entry (J2, k) for k > J2
           lies in row J2, which is never scanned again. */
        if (k < J2) diss[ind2] = INFINITY;
        if (st->isWard) {
            v = (M[I2] + M[k]) * d1 + (M[J2] + M[k]) * d2 - M[k] * D12;
            v = v / (M[I2] + M[J2] + M[k]);
        } else if (st->iopt == 2) {
            v = (d2 < d1) ? d2 : d1; /* Fortran MIN on non-NaN data */
        } else if (st->iopt == 3) {
            v = (d2 > d1) ? d2 : d1; /* Fortran MAX on non-NaN data */
        } else if (st->iopt == 4) {
            v = (M[I2] * d1 + M[J2] * d2) / (M[I2] + M[J2]);
        } else if (st->iopt == 5) {
            v = (d1 + d2) / 2;
        } else if (st->iopt == 6) {
            v = ((d1 + d2) - D12 / 2) / 2;
        } else { /* 7: centroid */
            v = (M[I2] * d1 + M[J2] * d2 - M[I2] * M[J2] * D12 / (M[I2] + M[J2])) /
                (M[I2] + M[J2]);
        }
        diss[ind1] = v;
        if (I2 < k) {
            if (v < DMIN) {
                DMIN = v;
                JJ = k;
                found = 1;
            }
        } else if (v < DISNN[k]) { /* R's fix for non-monotone methods */
            DISNN[k] = v;
            NN[k] = I2;
        }
    }
    *dmin_out = DMIN;
    *jj_out = JJ;
    return found;
}

/* Redetermine the nearest neighbour of the rows at positions [a0, a1) whose neighbour was I2 or
   J2. JJ carries R's variable across rows: a row with no candidate keeps the last one found. With
   a pending list (the helper's range, which starts without knowing the JJ that the rows before it
   end with), the rows before the first one found are listed in *pending (their count in
   *npending), so that the main thread can give them that JJ after the phase, exactly as one
   sequential pass would. The list and count belong to the calling thread. */
static int hc_rescan(hc_state *st, int64_t a0, int64_t a1, int64_t *jj_io, int64_t *pending,
                     int64_t *npending)
{
    const int64_t n = st->n, na = st->na, I2 = st->I2, J2 = st->J2, *act = st->act;
    int64_t *NN = st->NN, JJ = *jj_io, np = 0;
    double *DISNN = st->DISNN;
    int found = 0;
    for (int64_t a = a0; a < a1; a++) {
        int64_t i = act[a];
        if (i == n) break;
        if (NN[i] == I2 || NN[i] == J2) {
            double DMIN = 1.e300;
            const double *row = st->diss + IOFFST(n, i, i + 1) - (i + 1);
            int hit = 0;
            if ((na - a) * 4 < n - i) { /* few active: visit them through the list */
                for (int64_t b = a + 1; b < na; b++) {
                    int64_t j = act[b];
                    if (row[j] < DMIN) {
                        DMIN = row[j];
                        JJ = j;
                        hit = 1;
                    }
                }
            } else { /* many active: scan the row itself, inactive entries hold +Inf */
                hit = row_argmin(row, i + 1, n, &DMIN, &JJ);
            }
            if (hit) found = 1;
            else if (pending && !found) pending[np++] = i;
            NN[i] = JJ;
            DISNN[i] = DMIN;
        }
    }
    *jj_io = JJ;
    if (npending) *npending = np;
    return found;
}

static void hc_spin_until(const int64_t *var, int64_t value)
{
    unsigned spins = 0;
    while (__atomic_load_n(var, __ATOMIC_ACQUIRE) != value) {
        if (++spins > 4096) {
            sched_yield();
        } else {
#ifdef HAVE_AVX2_KERNEL
            _mm_pause();
#endif
        }
    }
}

static void *hc_helper(void *arg)
{
    hc_state *st = (hc_state *)arg;
    int64_t gen = 0;
    for (;;) {
        gen++;
        hc_spin_until(&st->go, gen);
        if (st->phase == 3) break;
        if (st->phase == 1) {
            st->up_found = hc_update(st, st->lo, st->hi, &st->up_dmin, &st->up_jj);
        } else {
            st->rs_jj = 0;
            st->rs_found = hc_rescan(st, st->lo, st->hi, &st->rs_jj, st->hpending, &st->hnpending);
        }
        __atomic_store_n(&st->done, gen, __ATOMIC_RELEASE);
    }
    return NULL;
}

/* Post a phase to the helper (the fields it reads are set before). */
static void hc_post(hc_state *st, int phase, int64_t lo, int64_t hi, int64_t gen)
{
    st->phase = phase;
    st->lo = lo;
    st->hi = hi;
    __atomic_store_n(&st->go, gen, __ATOMIC_RELEASE);
}

/* Returns 0 on success, 1 when a merge could not be found (every remaining dissimilarity >= 1e300,
   where R's Fortran would index out of bounds), -1 when out of memory.

   The loops of hclust.f run over all indices 1..N and skip the inactive ones (FLAG false). Here they
   run over a sorted list of the active indices instead: the same indices are visited in the same
   ascending order with the same strict comparisons, so every choice (and every tie) is R's, while
   the work shrinks as clusters merge. With two threads, each loop is cut into two ranges of the
   active list; the second range's findings count only where a single pass would have let them
   count (a strictly smaller value, or the variable JJ as the pass would have left it), so the
   result is the same as with one thread.

   Oversubscription: each split step hands work to the helper twice. When other processes occupy
   the cores, the helper is often not running when work is posted and the main thread waits for a
   scheduler time slice, so two threads become several times slower than one. The main thread
   therefore measures, in each split step, the time spent on its own share of the work and the
   time spent waiting for the helper. A step where it waited longer than it worked was slower than
   one thread would have been (the helper took more than twice as long as the main thread for a
   share of similar cost). The excess of waiting over working is summed over the steps; once the
   sum exceeds HC_LATE_BUDGET average steps of work, the helper is stopped and the run continues on
   one thread, for the rest of the run. Quick steps build up credit (a negative sum), capped at
   HC_CREDIT_CAP average steps of work: an isolated delay (the helper descheduled once for a few
   milliseconds by another process) is absorbed by the time the helper has saved, while under
   lasting oversubscription the run switches after losing at most the capped credit plus the
   budget. Measured on a 2-core VM: on a quiet machine the wait is typically 10-30% of the work,
   above it in a step now and then, and a single step waits a few milliseconds when another
   process takes the helper's core for a time slice; with busy processes on the cores it is 7-100
   times the work in nearly every step, so a run that starts on a busy machine switches within a
   step or two. The helper is also stopped once the active clusters drop below HC_SPLIT_MIN, when no
   later step is split: it would only spin. Both paths compute the same values in the same order,
   so the result does not depend on which ran, nor on when the switch happened.

   switch_at >= 0 makes the switch happen after exactly that many steps (for tests), -2 keeps both
   threads whatever happens (for benchmarks), -1 is the automatic rule; stats, when not NULL,
   receives {steps split, step after which the run switched to one thread or -1, ticks waited,
   ticks worked}. */
static int hclust_nnlist(int64_t n, int iopt, double *diss, double *membr, int64_t *ia,
                         int64_t *ib, double *crit, int nthreads, int64_t switch_at,
                         int64_t *stats)
{
    const double INF = 1.e300;
    hc_state st;
    memset(&st, 0, sizeof(st));
    st.n = n;
    st.iopt = iopt;
    st.isWard = (iopt == 1 || iopt == 8);
    st.diss = diss;
    st.M = membr - 1;
    st.NN = (int64_t *)malloc(sizeof(int64_t) * (size_t)(n + 1));
    st.DISNN = (double *)malloc(sizeof(double) * (size_t)(n + 1));
    st.act = (int64_t *)malloc(sizeof(int64_t) * (size_t)(n + 1));
    st.hpending = (int64_t *)malloc(sizeof(int64_t) * (size_t)(n + 1));
    if (!st.NN || !st.DISNN || !st.act || !st.hpending) {
        free(st.NN); free(st.DISNN); free(st.act); free(st.hpending);
        return -1;
    }
    int64_t *NN = st.NN, *act = st.act, IM = 0, JJ = 0, JM = 0, I2, J2, NCL = n;
    double *DISNN = st.DISNN, *M = st.M, DMIN;
    const int64_t len = n * (n - 1) / 2;
    int failed = 0;

    for (int64_t i = 0; i < n; i++) act[i] = i + 1;
    st.na = n;
    if (iopt == 8)
        for (int64_t i = 0; i < len; i++) diss[i] = diss[i] * diss[i];

    for (int64_t i = 1; i <= n - 1; i++) {
        DMIN = INF;
        row_argmin(diss + IOFFST(n, i, i + 1) - (i + 1), i + 1, n, &DMIN, &JM);
        NN[i] = JM;
        DISNN[i] = DMIN;
    }

    pthread_t helper;
    int threaded = nthreads >= 2 && n >= HC_THREAD_MIN_N &&
                   pthread_create(&helper, NULL, hc_helper, &st) == 0;
    int64_t gen = 0, split_steps = 0, switched_at = -1;
    uint64_t tot_work = 0, tot_wait = 0, step_work = 0, step_wait = 0;
    int64_t excess = 0; /* waited minus worked, in ticks */
    int helper_late = 0;

    while (NCL > 1) {
        DMIN = INF;
        for (int64_t a = 0; a < st.na; a++) {
            int64_t i = act[a];
            if (i == n) break; /* hclust.f scans I = 1..N-1 */
            if (DISNN[i] < DMIN) {
                DMIN = DISNN[i];
                IM = i;
                JM = NN[i];
            }
        }
        NCL = NCL - 1;
        I2 = IM < JM ? IM : JM;
        J2 = IM < JM ? JM : IM;
        /* No nearest-neighbour distance below 1e300: hclust.f would merge a stale pair and
           return an invalid tree (or crash). Refuse instead. */
        if (!(DMIN < INF) || I2 < 1 || J2 > n || I2 == J2) {
            failed = 1;
            break;
        }
        const int64_t step = n - NCL; /* 1-based number of this merge */
        ia[step - 1] = I2;
        ib[step - 1] = J2;
        if (iopt == 8) DMIN = sqrt(DMIN);
        crit[step - 1] = DMIN;
        /* FLAG(J2) = .FALSE.: drop J2 from the sorted active list */
        {
            int64_t lo = 0, hi = st.na - 1;
            while (lo < hi) {
                int64_t mid = (lo + hi) / 2;
                if (act[mid] < J2) lo = mid + 1; else hi = mid;
            }
            memmove(act + lo, act + lo + 1, sizeof(int64_t) * (size_t)(st.na - lo - 1));
            st.na--;
        }
        st.I2 = I2;
        st.J2 = J2;
        st.D12 = diss[IOFFST(n, I2, J2)];
        const int64_t na = st.na;
        /* Stop the helper when no later step will be split (the active list only shrinks), when
           it was found late, or when a test asks for the switch. */
        int forced = switch_at >= 0 && step > switch_at;
        if (threaded && (na < HC_SPLIT_MIN || helper_late || forced)) {
            hc_post(&st, 3, 0, 0, ++gen);
            pthread_join(helper, NULL);
            threaded = 0;
            if (helper_late || forced) switched_at = step - 1;
        }
        const int split = threaded;
        uint64_t t0 = 0, t1 = 0;

        /* the update of the distances to the merged cluster */
        double dmin0;
        int64_t jj0;
        int found0;
        if (split) {
            t0 = hc_ticks();
            hc_post(&st, 1, na / 2, na, ++gen);
            found0 = hc_update(&st, 0, na / 2, &dmin0, &jj0);
            t1 = hc_ticks();
            hc_spin_until(&st.done, gen);
            step_work = hc_elapsed(t0, t1);
            step_wait = hc_elapsed(t1, hc_ticks());
        } else {
            found0 = hc_update(&st, 0, na, &dmin0, &jj0);
        }
        DMIN = INF;
        if (found0) {
            DMIN = dmin0;
            JJ = jj0;
        }
        if (split && st.up_found && st.up_dmin < DMIN) {
            DMIN = st.up_dmin;
            JJ = st.up_jj;
        }
        diss[IOFFST(n, I2, J2)] = INFINITY; /* (I2, J2) too: row I2 is scanned again */
        M[I2] = M[I2] + M[J2];
        DISNN[I2] = DMIN;
        NN[I2] = JJ;

        /* the nearest neighbours that pointed at I2 or J2; a row's cost is about its number of
           active columns, so the first range is the shorter one (about 29% of the rows) */
        if (split) {
            int64_t cut = na - (int64_t)((double)na * 0.7071);
            int64_t jj_first = JJ;
            t0 = hc_ticks();
            hc_post(&st, 2, cut, na, ++gen);
            hc_rescan(&st, 0, cut, &jj_first, NULL, NULL);
            t1 = hc_ticks();
            hc_spin_until(&st.done, gen);
            step_work += hc_elapsed(t0, t1);
            step_wait += hc_elapsed(t1, hc_ticks());
            /* rows of the second range before its first hit carry the JJ of the first range */
            for (int64_t t = 0; t < st.hnpending; t++) NN[st.hpending[t]] = jj_first;
            JJ = st.rs_found ? st.rs_jj : jj_first;
            split_steps++;
            tot_work += step_work;
            tot_wait += step_wait;
            const int64_t avg = (int64_t)(tot_work / (uint64_t)split_steps);
            excess += (int64_t)step_wait - (int64_t)step_work;
            if (excess < -HC_CREDIT_CAP * avg) excess = -HC_CREDIT_CAP * avg;
            if (excess > HC_LATE_BUDGET * avg && switch_at == -1) helper_late = 1;
#ifdef HC_DEBUG_STEPS
            fprintf(stderr, "hc step na=%lld work=%llu wait=%llu excess=%lld budget=%lld\n",
                    (long long)na, (unsigned long long)step_work, (unsigned long long)step_wait,
                    (long long)excess, (long long)(HC_LATE_BUDGET * avg));
#endif
        } else {
            hc_rescan(&st, 0, na, &JJ, NULL, NULL);
        }
    }
    if (threaded) {
        hc_post(&st, 3, 0, 0, ++gen);
        pthread_join(helper, NULL);
    }
    if (stats) {
        stats[0] = split_steps;
        stats[1] = switched_at;
        stats[2] = (int64_t)tot_wait;
        stats[3] = (int64_t)tot_work;
    }
    free(st.NN);
    free(st.DISNN);
    free(st.act);
    free(st.hpending);
    return failed;
}

/* hclust(diss, n, iopt, members, ia, ib, crit, nthreads=1, switch_at=-1, stats=None)
   -> int status (0 ok, 1 no merge possible). diss (n * (n - 1) / 2 float64) is overwritten (pass a
   copy); members (n float64) is overwritten (cluster sizes); ia, ib (n - 1 int64) and crit (n - 1
   float64) receive the result. nthreads >= 2 lets a helper thread share each step (at most 2 are
   used). switch_at >= 0 makes the run switch from two threads to one after that many steps, as it
   does by itself under oversubscription (a test hook); -2 keeps two threads whatever happens (to
   measure what the switch saves); -1, the default, is the automatic rule. stats, an int64 array
   of 4, receives {steps split, step after which the run switched to one thread or -1, ticks
   waited for the helper, ticks worked while it ran}. */
static PyObject *py_hclust(PyObject *self, PyObject *args)
{
    PyObject *dobj, *mobj, *iao, *ibo, *co, *so = Py_None;
    Py_ssize_t n, nthreads_arg = 1, switch_at = -1, nd;
    int iopt;
    (void)self;
    if (!PyArg_ParseTuple(args, "OniOOOO|nnO", &dobj, &n, &iopt, &mobj, &iao, &ibo, &co,
                          &nthreads_arg, &switch_at, &so))
        return NULL;
    const int nthreads = clamp_threads(nthreads_arg);
    if (n < 2) {
        PyErr_Format(PyExc_ValueError, "hclust: need n >= 2 objects, got %zd", n);
        return NULL;
    }
    if (iopt < 1 || iopt > 8) {
        PyErr_Format(PyExc_ValueError, "hclust: invalid method code %d (1..8)", iopt);
        return NULL;
    }
    if (switch_at < -2) {
        PyErr_Format(PyExc_ValueError, "hclust: switch_at must be >= -2, got %zd", switch_at);
        return NULL;
    }
    if (condensed_count(n, &nd, "hclust") != 0) return NULL;
    Py_buffer db, mb, iab, ibb, cb, sb;
    int have_stats = so != Py_None;
    if (get_buffer(dobj, &db, 1, ELEM_FLOAT64, "hclust", "diss") != 0) return NULL;
    if (get_buffer(mobj, &mb, 1, ELEM_FLOAT64, "hclust", "members") != 0) goto fail_d;
    if (get_buffer(iao, &iab, 1, ELEM_INT64, "hclust", "ia") != 0) goto fail_m;
    if (get_buffer(ibo, &ibb, 1, ELEM_INT64, "hclust", "ib") != 0) goto fail_ia;
    if (get_buffer(co, &cb, 1, ELEM_FLOAT64, "hclust", "crit") != 0) goto fail_ib;
    if (have_stats && get_buffer(so, &sb, 1, ELEM_INT64, "hclust", "stats") != 0) goto fail_c;
    if (check_count(&db, nd, "hclust", "diss") != 0 ||
        check_count(&mb, n, "hclust", "members") != 0 ||
        check_count(&iab, n - 1, "hclust", "ia") != 0 ||
        check_count(&ibb, n - 1, "hclust", "ib") != 0 ||
        check_count(&cb, n - 1, "hclust", "crit") != 0 ||
        (have_stats && check_count(&sb, 4, "hclust", "stats") != 0))
        goto fail_all;
    int rc;
    Py_BEGIN_ALLOW_THREADS
    rc = hclust_nnlist(n, iopt, (double *)db.buf, (double *)mb.buf, (int64_t *)iab.buf,
                       (int64_t *)ibb.buf, (double *)cb.buf, nthreads, switch_at,
                       have_stats ? (int64_t *)sb.buf : NULL);
    Py_END_ALLOW_THREADS
    if (have_stats) PyBuffer_Release(&sb);
    PyBuffer_Release(&cb);
    PyBuffer_Release(&ibb);
    PyBuffer_Release(&iab);
    PyBuffer_Release(&mb);
    PyBuffer_Release(&db);
    if (rc < 0) return PyErr_NoMemory();
    return PyLong_FromLong(rc);
fail_all:
    if (have_stats) PyBuffer_Release(&sb);
fail_c:
    PyBuffer_Release(&cb);
fail_ib:
    PyBuffer_Release(&ibb);
fail_ia:
    PyBuffer_Release(&iab);
fail_m:
    PyBuffer_Release(&mb);
fail_d:
    PyBuffer_Release(&db);
    return NULL;
}

static PyMethodDef methods[] = {
    {"dist", py_dist, METH_VARARGS, "R's dist() kernel into a condensed buffer."},
    {"cor_dist", py_cor_dist, METH_VARARGS, "1 - cor(t(m)) for complete rows (pearson/kendall)."},
    {"cor_dist_na", py_cor_dist_na, METH_VARARGS, "ComplexHeatmap's pairwise 1 - cor with NA."},
    {"hclust", py_hclust, METH_VARARGS, "R's hclust() nearest-neighbour-list algorithm."},
    {NULL, NULL, 0, NULL}};

static struct PyModuleDef moduledef = {PyModuleDef_HEAD_INIT, "_rcore",
                                       "R-exact kernels of pyr_heatmap.", -1, methods};

PyMODINIT_FUNC PyInit__rcore(void) { return PyModule_Create(&moduledef); }
