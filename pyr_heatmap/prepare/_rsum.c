/*
 * pyr_heatmap.prepare._rsum: R's rowSums/rowMeans loop, per group of cells, over chunks of a
 * cells x genes matrix (dense, CSR or CSC).
 *
 * R 4.2.2's rowSums/rowMeans (src/main/array.c, do_colsum) keep one long double accumulator per
 * row and add the columns one at a time, left to right. Here the "rows" are (gene, group) pairs and
 * the "columns" are the cells of the group: every accumulator receives its values in cell order,
 * whatever the chunking, because the accumulators live across calls. A zero of a sparse matrix is
 * never added: adding +0 to a long double sum that started at +0 leaves it unchanged (the sum can
 * never be -0), so skipping stored-as-absent zeros gives the same bits as R on the dense matrix.
 *
 * Arrays are passed through the buffer protocol (no numpy headers). The GIL is released while
 * adding. acc is nslots x ngroups long double, row-major; nan_cnt is nslots x ngroups int64;
 * nnz_cnt is nslots int64 (cells where the gene is non-zero and not NaN).
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include <math.h>
#include <stdint.h>

typedef long double ldouble; /* R's LDOUBLE */

typedef struct {
    Py_buffer b[8];
    int n;
} buffers;

static void release(buffers *bs)
{
    for (int i = 0; i < bs->n; i++) PyBuffer_Release(&bs->b[i]);
    bs->n = 0;
}

/* Acquire a C-contiguous buffer of at least `count` items of `itemsize` bytes. */
static void *get(buffers *bs, PyObject *obj, int writable, Py_ssize_t itemsize, Py_ssize_t count,
                 const char *what)
{
    Py_buffer *view = &bs->b[bs->n];
    int flags = PyBUF_C_CONTIGUOUS | PyBUF_FORMAT | (writable ? PyBUF_WRITABLE : 0);
    if (PyObject_GetBuffer(obj, view, flags) != 0) return NULL;
    bs->n++;
    if (view->itemsize != itemsize || view->len < count * itemsize) {
        PyErr_Format(PyExc_ValueError, "_rsum: %s has the wrong item size or length", what);
        return NULL;
    }
    return view->buf;
}

static inline void add_one(double v, Py_ssize_t slot, int64_t g, Py_ssize_t ngroups,
                           ldouble *acc, int64_t *nan_cnt, int64_t *nnz_cnt, int skipna)
{
    Py_ssize_t t = slot * ngroups + g;
    if (isnan(v)) {
        nan_cnt[t]++;
        if (skipna) return;
    } else if (v != 0.0) {
        nnz_cnt[slot]++;
    }
    acc[t] += v;
}

/* The buffers every entry point shares: each cell's group, each gene's accumulator slot, and the
   (slot, group) long-double sums, NaN counts and per-slot non-zero counts they add into. */
typedef struct {
    const int64_t *group, *slot_of;
    ldouble *acc;
    int64_t *nan_cnt, *nnz_cnt;
} accumulators;

static int get_accumulators(buffers *bs, accumulators *a, PyObject *cgo, Py_ssize_t ncells,
                            PyObject *gso, Py_ssize_t ngenes, PyObject *acco, PyObject *nano,
                            PyObject *nnzo, Py_ssize_t nslots, Py_ssize_t ngroups)
{
    if (!(a->group = get(bs, cgo, 0, 8, ncells, "cell_group"))) return -1;
    if (!(a->slot_of = get(bs, gso, 0, 8, ngenes, "gene_slot"))) return -1;
    if (!(a->acc = get(bs, acco, 1, sizeof(ldouble), nslots * ngroups, "acc"))) return -1;
    if (!(a->nan_cnt = get(bs, nano, 1, 8, nslots * ngroups, "nan_cnt"))) return -1;
    if (!(a->nnz_cnt = get(bs, nnzo, 1, 8, nslots, "nnz_cnt"))) return -1;
    return 0;
}

/* sparse(indptr, indices, data, nmajor, cells_major, cell_group, ncells, gene_slot, ngenes,
          ngroups, nslots, acc, nan_cnt, nnz_cnt, cell_offset, gene_offset, skipna)
   cells_major: a CSR chunk of cells cell_offset.. (indices are gene numbers + gene_offset);
   otherwise a CSC chunk of genes gene_offset.. (indices are cell numbers + cell_offset, sorted
   within each column). */
static PyObject *py_sparse(PyObject *self, PyObject *args)
{
    PyObject *po, *io, *dob, *cgo, *gso, *acco, *nano, *nnzo;
    Py_ssize_t nmajor, ncells, ngenes, ngroups, nslots, cell_off, gene_off;
    int cells_major, skipna;
    (void)self;
    if (!PyArg_ParseTuple(args, "OOOnpOnOnnnOOOnnp", &po, &io, &dob, &nmajor, &cells_major, &cgo,
                          &ncells, &gso, &ngenes, &ngroups, &nslots, &acco, &nano, &nnzo,
                          &cell_off, &gene_off, &skipna))
        return NULL;
    buffers bs = {.n = 0};
    const int64_t *indptr = get(&bs, po, 0, 8, nmajor + 1, "indptr");
    if (!indptr) goto fail;
    Py_ssize_t nnz = indptr[nmajor];
    const int64_t *indices = get(&bs, io, 0, 8, nnz, "indices");
    if (!indices) goto fail;
    const double *data = get(&bs, dob, 0, 8, nnz, "data");
    if (!data) goto fail;
    accumulators a;
    if (get_accumulators(&bs, &a, cgo, ncells, gso, ngenes, acco, nano, nnzo, nslots, ngroups) < 0)
        goto fail;
    const int64_t *group = a.group, *slot_of = a.slot_of;
    ldouble *acc = a.acc;
    int64_t *nan_cnt = a.nan_cnt, *nnz_cnt = a.nnz_cnt;
    int bad = 0;
    Py_BEGIN_ALLOW_THREADS
    for (Py_ssize_t m = 0; m < nmajor && !bad; m++) {
        Py_ssize_t lo = indptr[m], hi = indptr[m + 1];
        if (lo < 0 || hi < lo || hi > nnz) { bad = 1; break; }
        if (cells_major) {
            Py_ssize_t cell = cell_off + m;
            if (cell >= ncells) { bad = 1; break; }
            int64_t g = group[cell];
            if (g < 0) continue;
            for (Py_ssize_t k = lo; k < hi; k++) {
                int64_t gene = indices[k] + gene_off;
                if (gene < 0 || gene >= ngenes) { bad = 1; break; }
                int64_t s = slot_of[gene];
                if (s < 0) continue;
                add_one(data[k], s, g, ngroups, acc, nan_cnt, nnz_cnt, skipna);
            }
        } else {
            Py_ssize_t gene = gene_off + m;
            if (gene >= ngenes) { bad = 1; break; }
            int64_t s = slot_of[gene];
            if (s < 0) continue;
            for (Py_ssize_t k = lo; k < hi; k++) {
                int64_t cell = indices[k] + cell_off;
                if (cell < 0 || cell >= ncells) { bad = 1; break; }
                int64_t g = group[cell];
                if (g < 0) continue;
                add_one(data[k], s, g, ngroups, acc, nan_cnt, nnz_cnt, skipna);
            }
        }
    }
    Py_END_ALLOW_THREADS
    release(&bs);
    if (bad) {
        PyErr_SetString(PyExc_ValueError, "_rsum.sparse: index out of range");
        return NULL;
    }
    Py_RETURN_NONE;
fail:
    release(&bs);
    return NULL;
}

/* dense(x, nrows, ncols, cell_group, ncells, gene_slot, ngroups, nslots, acc, nan_cnt, nnz_cnt,
         cell_offset, skipna): x is a C-contiguous chunk of cells cell_offset.. x all genes. */
static PyObject *py_dense(PyObject *self, PyObject *args)
{
    PyObject *xo, *cgo, *gso, *acco, *nano, *nnzo;
    Py_ssize_t nrows, ncols, ncells, ngroups, nslots, cell_off;
    int skipna;
    (void)self;
    if (!PyArg_ParseTuple(args, "OnnOnOnnOOOnp", &xo, &nrows, &ncols, &cgo, &ncells, &gso,
                          &ngroups, &nslots, &acco, &nano, &nnzo, &cell_off, &skipna))
        return NULL;
    buffers bs = {.n = 0};
    if (nrows < 0 || ncols < 0 || cell_off < 0 || cell_off + nrows > ncells) {
        PyErr_SetString(PyExc_ValueError, "_rsum.dense: invalid dimensions");
        return NULL;
    }
    const double *x = get(&bs, xo, 0, 8, nrows * ncols, "x");
    if (!x) goto fail;
    accumulators a;
    if (get_accumulators(&bs, &a, cgo, ncells, gso, ncols, acco, nano, nnzo, nslots, ngroups) < 0)
        goto fail;
    const int64_t *group = a.group, *slot_of = a.slot_of;
    ldouble *acc = a.acc;
    int64_t *nan_cnt = a.nan_cnt, *nnz_cnt = a.nnz_cnt;
    Py_BEGIN_ALLOW_THREADS
    for (Py_ssize_t r = 0; r < nrows; r++) {
        int64_t g = group[cell_off + r];
        if (g < 0) continue;
        const double *row = x + r * ncols;
        for (Py_ssize_t j = 0; j < ncols; j++) {
            int64_t s = slot_of[j];
            if (s < 0) continue;
            add_one(row[j], s, g, ngroups, acc, nan_cnt, nnz_cnt, skipna);
        }
    }
    Py_END_ALLOW_THREADS
    release(&bs);
    Py_RETURN_NONE;
fail:
    release(&bs);
    return NULL;
}

static PyMethodDef methods[] = {
    {"sparse", py_sparse, METH_VARARGS, "Add a CSR or CSC chunk into per-group long double sums."},
    {"dense", py_dense, METH_VARARGS, "Add a dense cells x genes chunk into per-group sums."},
    {NULL, NULL, 0, NULL}};

static struct PyModuleDef moduledef = {PyModuleDef_HEAD_INIT, "_rsum",
                                       "R's rowSums loop per group of cells, chunk by chunk.", -1,
                                       methods};

PyMODINIT_FUNC PyInit__rsum(void) { return PyModule_Create(&moduledef); }
