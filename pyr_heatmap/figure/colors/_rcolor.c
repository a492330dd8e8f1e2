/*
 * circlize::colorRamp2 in LAB space, value -> sRGB bytes, in one pass.
 *
 * This is the arithmetic of pyr_heatmap.figure.colors (circlize 0.4.15 + colorspace 2.1-0) written out
 * per value: the bin of .bincode(right = TRUE, include.lowest = TRUE), R's interpolation
 * expression, colorspace's LAB -> XYZ -> linear RGB -> sRGB, circlize's clipping to [0, 1] and
 * colorspace's (int)(255 * v + .5). Every operation is the one the Python code applies, in the
 * same order, and pow is the C library's (which is what colorspace calls and what the Python code
 * falls back to near any threshold), so the bytes are those of the Python reference path; the
 * module is compiled without floating-point contraction so that a*b + c stays two roundings.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include <math.h>
#include <pthread.h>
#include <stdint.h>

#define XN 95.047
#define YN 100.0
#define ZN 108.883

typedef struct {
    const double *x, *br, *c;
    int64_t *out;
    Py_ssize_t nb, begin, end;
} ramp_job;

static void *ramp_worker(void *arg)
{
    const ramp_job *job = (const ramp_job *)arg;
    const double *x = job->x, *br = job->br, *c = job->c;
    int64_t *out = job->out;
    const Py_ssize_t nb = job->nb;
    const double kappa = 24389.0 / 27.0, epsilon = 216.0 / 24389.0;
    const double k116 = kappa / 116.0, c16 = 16.0 / 116.0, third = 1.0 / 3.0;
    const double inv_gamma = 1.0 / 2.4, eps_yn = epsilon * YN;
    for (Py_ssize_t i = job->begin; i < job->end; i++) {
        double v = x[i];
        v = v < br[0] ? br[0] : (v > br[nb - 1] ? br[nb - 1] : v);
        /* searchsorted(br, v, "left") - 1, clipped to [0, nb - 2] */
        Py_ssize_t lo = 0, hi = nb;
        while (lo < hi) {
            Py_ssize_t mid = lo + (hi - lo) / 2;
            if (br[mid] < v) lo = mid + 1;
            else hi = mid;
        }
        Py_ssize_t k = lo - 1;
        if (k < 0) k = 0;
        if (k > nb - 2) k = nb - 2;
        double b1 = br[k], b2 = br[k + 1], lab[3];
        for (int j = 0; j < 3; j++) {
            double c1 = c[k * 3 + j], c2 = c[(k + 1) * 3 + j];
            lab[j] = (v - b2) * (c2 - c1) / (b2 - b1) + c2;
        }
        double lum = lab[0], y;
        if (lum <= 0) y = 0.0;
        else if (lum <= 8.0) y = lum * YN / kappa;
        else if (lum <= 100) y = YN * pow((lum + 16) / 116, 3.0);
        else y = YN;
        double fy = (y <= eps_yn) ? k116 * y / YN + c16 : pow(y / YN, third);
        double fx = fy + lab[1] / 500.0;
        double fx3 = pow(fx, 3.0);
        double xx = (fx3 <= epsilon) ? XN * (fx - c16) / k116 : XN * fx3;
        double fz = fy - lab[2] / 200.0;
        double fz3 = pow(fz, 3.0);
        double zz = (fz3 <= epsilon) ? ZN * (fz - c16) / k116 : ZN * fz3;
        double lin[3];
        lin[0] = (3.240479 * xx - 1.537150 * y - 0.498535 * zz) / YN;
        lin[1] = (-0.969256 * xx + 1.875992 * y + 0.041556 * zz) / YN;
        lin[2] = (0.055648 * xx - 0.204043 * y + 1.057311 * zz) / YN;
        int bad = 0;
        int64_t byte[3];
        for (int j = 0; j < 3; j++) {
            double u = lin[j];
            double s = (u > 0.00304) ? 1.055 * pow(u, inv_gamma) - 0.055 : 12.92 * u;
            s = s > 1 ? 1.0 : (s < 0 ? 0.0 : s);
            double t = 255 * s + 0.5;
            if (!isfinite(t)) bad = 1;
            byte[j] = isfinite(t) ? (int64_t)t : 0;
        }
        for (int j = 0; j < 3; j++) out[i * 3 + j] = bad ? -1 : byte[j];
    }
    return NULL;
}

/* A C-contiguous buffer of 8-byte float64 ('d') or int64 ('q', or 'l' where a long has 8 bytes)
 * items in native byte order; a TypeError naming the argument otherwise. The lengths are checked
 * against each other by the caller, so no read or write can leave a buffer. */
static int typed_buffer(PyObject *obj, Py_buffer *view, int writable, char kind, const char *what)
{
    if (PyObject_GetBuffer(obj, view, PyBUF_C_CONTIGUOUS | PyBUF_FORMAT |
                                          (writable ? PyBUF_WRITABLE : 0)) != 0)
        return -1;
    const char *f = view->format ? view->format : "B";
    if (*f == '@' || *f == '=' || *f == (PY_LITTLE_ENDIAN ? '<' : '>')) f++;
    int ok = view->itemsize == 8 && f[0] != '\0' && f[1] == '\0' &&
             (f[0] == kind || (kind == 'q' && f[0] == 'l' && sizeof(long) == 8));
    if (!ok) {
        PyErr_Format(PyExc_TypeError, "ramp_lab: %s must be a C-contiguous %s array in native "
                     "byte order, got format '%s' with %zd-byte items", what,
                     kind == 'd' ? "float64" : "int64", view->format ? view->format : "B",
                     view->itemsize);
        PyBuffer_Release(view);
        return -1;
    }
    return 0;
}

/* ramp_lab(x, breaks, coords, out): x (n doubles, no NaN), breaks (nb sorted doubles, nb >= 2),
 * coords (nb x 3 LAB doubles, C order), out (n x 3 int64, C order; -1 rows where R gives NA). */
static PyObject *py_ramp_lab(PyObject *self, PyObject *args)
{
    PyObject *xo, *bo, *co, *oo;
    (void)self;
    if (!PyArg_ParseTuple(args, "OOOO", &xo, &bo, &co, &oo)) return NULL;
    Py_buffer xb, bb, cb, ob;
    if (typed_buffer(xo, &xb, 0, 'd', "x") != 0) return NULL;
    if (typed_buffer(bo, &bb, 0, 'd', "breaks") != 0) {
        PyBuffer_Release(&xb);
        return NULL;
    }
    if (typed_buffer(co, &cb, 0, 'd', "coords") != 0) {
        PyBuffer_Release(&xb);
        PyBuffer_Release(&bb);
        return NULL;
    }
    if (typed_buffer(oo, &ob, 1, 'q', "out") != 0) {
        PyBuffer_Release(&xb);
        PyBuffer_Release(&bb);
        PyBuffer_Release(&cb);
        return NULL;
    }
    Py_ssize_t n = xb.len / (Py_ssize_t)sizeof(double);
    Py_ssize_t nb = bb.len / (Py_ssize_t)sizeof(double);
    int ok = nb >= 2 && cb.len == nb * 3 * (Py_ssize_t)sizeof(double) &&
             ob.len == n * 3 * (Py_ssize_t)sizeof(int64_t);
    if (ok) {
        ramp_job jobs[2];
        Py_ssize_t half = n > 65536 ? n / 2 : n;  /* two threads for large inputs */
        for (int t = 0; t < 2; t++) {
            jobs[t].x = (const double *)xb.buf;
            jobs[t].br = (const double *)bb.buf;
            jobs[t].c = (const double *)cb.buf;
            jobs[t].out = (int64_t *)ob.buf;
            jobs[t].nb = nb;
            jobs[t].begin = t == 0 ? 0 : half;
            jobs[t].end = t == 0 ? half : n;
        }
        Py_BEGIN_ALLOW_THREADS
        pthread_t th;
        int threaded = half < n && pthread_create(&th, NULL, ramp_worker, &jobs[1]) == 0;
        ramp_worker(&jobs[0]);
        if (threaded) pthread_join(th, NULL);
        else if (half < n) ramp_worker(&jobs[1]);
        Py_END_ALLOW_THREADS
    }
    PyBuffer_Release(&xb);
    PyBuffer_Release(&bb);
    PyBuffer_Release(&cb);
    PyBuffer_Release(&ob);
    if (!ok) {
        PyErr_SetString(PyExc_ValueError, "ramp_lab: buffer sizes do not match");
        return NULL;
    }
    Py_RETURN_NONE;
}

static PyMethodDef methods[] = {
    {"ramp_lab", py_ramp_lab, METH_VARARGS, "circlize::colorRamp2 (LAB) values -> sRGB bytes."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_rcolor",
                                    "circlize's LAB colour ramp, exact, in C.", -1, methods};

PyMODINIT_FUNC PyInit__rcolor(void) { return PyModule_Create(&module); }
