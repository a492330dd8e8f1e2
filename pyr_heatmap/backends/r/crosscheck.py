"""Cross-check a heatmap against ComplexHeatmap in R: orders, trees, cuts and colours.

R equivalent of the R side::

    ht <- Heatmap(mat, <the same clustering arguments>)    # no col: ComplexHeatmap's default
    d  <- draw(ht); row_order(d); column_order(d)
    hc <- hclust(ComplexHeatmap:::get_dist(mat, distance), method)   # the unsplit clustering
    cutree(hc, k = 2:10); ht@matrix_color_mapping@col_fun(mat)

:func:`crosscheck` computes the same in Python (``Heatmap.compile()``, :func:`~pyr_heatmap.hclust`
on :func:`~pyr_heatmap.dist`, :func:`~pyr_heatmap.engine.dendrogram.cutree`, the ``ColorRamp2``) and
reports per axis:

- whether the drawn orders are identical (slices included) and the first position where they
  differ;
- for the unsplit clustering (``cluster_* = True`` with a named distance): the largest absolute
  difference between R's and Python's merge heights (step by step), whether the merge matrices
  are identical, and the cophenetic correlation between the two trees (the Pearson correlation
  of scipy's ``cophenet`` distances of both linkage matrices; 1.0 for identical trees);
- for k = 2..10: the agreement of ``cutree(k)`` memberships, as the adjusted Rand index (1.0 =
  the same partition, label names ignored) and as the fraction of objects with the same cluster
  id (ids are numbered by first appearance on both sides, so identical partitions give 1.0);
- for the matrix: the share of values (non-missing) whose colour, R's ``col`` function vs the
  ``ColorRamp2``, is the same hex code (alpha included).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from pyr_heatmap.engine.hclust import HClust
from pyr_heatmap.errors import InputError

__all__ = ["AxisCrosscheck", "CrosscheckReport", "adjusted_rand_index", "crosscheck"]

DEFAULT_KS = tuple(range(2, 11))


def adjusted_rand_index(a: np.ndarray, b: np.ndarray) -> float:
    """Adjusted Rand index of two labelings (Hubert and Arabie); 1.0 for the same partition."""
    a = np.asarray(a)
    b = np.asarray(b)
    n = a.size
    if n < 2:
        return 1.0
    _, ia = np.unique(a, return_inverse=True)
    _, ib = np.unique(b, return_inverse=True)
    table = np.zeros((ia.max() + 1, ib.max() + 1), dtype=np.float64)
    np.add.at(table, (ia, ib), 1.0)

    def comb2(x: np.ndarray) -> float:
        return float((x * (x - 1) / 2).sum())

    index = comb2(table)
    sa = comb2(table.sum(axis=1))
    sb = comb2(table.sum(axis=0))
    expected = sa * sb / (n * (n - 1) / 2)
    maximum = (sa + sb) / 2
    if maximum == expected:
        return 1.0
    return (index - expected) / (maximum - expected)


@dataclass(frozen=True, eq=False)
class AxisCrosscheck:
    """The comparison of one axis (rows or columns); ``None`` where a measure does not apply."""

    axis: str
    identical: bool
    first_difference: int | None
    python_order: Any
    r_order: Any
    merge_identical: bool | None = None
    height_max_abs_diff: float | None = None
    cophenetic_correlation: float | None = None
    cutree_ari: dict[int, float] = field(default_factory=dict)
    cutree_same_id: dict[int, float] = field(default_factory=dict)
    note: str = ""

    def to_dict(self) -> dict[str, Any]:
        def order(o: Any) -> Any:
            if isinstance(o, dict):
                return {str(k): [int(i) for i in v] for k, v in o.items()}
            return [int(i) for i in np.asarray(o)]

        return {
            "axis": self.axis,
            "identical": self.identical,
            "first_difference": self.first_difference,
            "python_order": order(self.python_order),
            "r_order": order(self.r_order),
            "merge_identical": self.merge_identical,
            "height_max_abs_diff": self.height_max_abs_diff,
            "cophenetic_correlation": self.cophenetic_correlation,
            "cutree_adjusted_rand_index": {str(k): v for k, v in self.cutree_ari.items()},
            "cutree_same_id_fraction": {str(k): v for k, v in self.cutree_same_id.items()},
            "note": self.note,
        }


@dataclass(frozen=True, eq=False)
class CrosscheckReport:
    """Result of :func:`crosscheck`. ``str(report)`` is a readable summary."""

    rows: AxisCrosscheck
    columns: AxisCrosscheck
    colour_match_rate: float | None
    n_colour_values: int
    versions: dict[str, str]
    notes: tuple[str, ...] = ()

    @property
    def identical(self) -> bool:
        """True only when both the row order and the column order are R's."""
        return self.rows.identical and self.columns.identical

    def to_dict(self) -> dict[str, Any]:
        """Everything as plain JSON-compatible values."""
        return {
            "identical": self.identical,
            "rows": self.rows.to_dict(),
            "columns": self.columns.to_dict(),
            "colour_match_rate": self.colour_match_rate,
            "n_colour_values": self.n_colour_values,
            "versions": dict(self.versions),
            "notes": list(self.notes),
        }

    def summary(self) -> str:
        """A readable multi-line summary."""
        v = self.versions
        lines = [
            f"pyr_heatmap vs ComplexHeatmap {v.get('complexheatmap', '?')} "
            f"({v.get('r', 'R ?')}): {'IDENTICAL' if self.identical else 'DIFFERENT'} orders",
        ]
        for ax in (self.rows, self.columns):
            head = f"  {ax.axis}s: order {'identical' if ax.identical else 'differs'}"
            if ax.first_difference is not None:
                head += f" (first difference at position {ax.first_difference})"
            lines.append(head)
            if ax.height_max_abs_diff is not None:
                lines.append(
                    f"    hclust: merge {'identical' if ax.merge_identical else 'differs'}, "
                    f"max |height difference| = {ax.height_max_abs_diff:.3g}, cophenetic "
                    f"correlation = {_fmt(ax.cophenetic_correlation)}"
                )
            if ax.cutree_ari:
                ari = ", ".join(f"k={k}: {a:.3f}" for k, a in ax.cutree_ari.items())
                lines.append(f"    cutree adjusted Rand index: {ari}")
                if any(s < 1.0 for s in ax.cutree_same_id.values()):
                    same = ", ".join(f"k={k}: {s:.3f}" for k, s in ax.cutree_same_id.items())
                    lines.append(f"    cutree same cluster id: {same}")
            if ax.note:
                lines.append(f"    note: {ax.note}")
        if self.colour_match_rate is not None:
            lines.append(
                f"  colours: {self.colour_match_rate:.2%} of {self.n_colour_values} values map "
                "to the same hex code"
            )
        lines.extend(f"  note: {n}" for n in self.notes)
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.summary()


def _fmt(x: float | None) -> str:
    return "n/a" if x is None else f"{x:.6f}"


def _flat(order: Any) -> np.ndarray:
    if isinstance(order, dict):
        if not order:
            return np.zeros(0, dtype=np.int64)
        return np.concatenate([np.asarray(v, dtype=np.int64) for v in order.values()])
    return np.asarray(order, dtype=np.int64)


def _compare_orders(py: Any, r: Any) -> tuple[bool, int | None]:
    a, b = _flat(py), _flat(r)
    first = None
    m = min(a.size, b.size)
    diff = np.flatnonzero(a[:m] != b[:m])
    if diff.size:
        first = int(diff[0])
    elif a.size != b.size:
        first = m
    same_slices = (list(py) if isinstance(py, dict) else None) == (
        list(r) if isinstance(r, dict) else None
    )
    if first is None and not same_slices:
        first = 0
    return first is None, first


def _cophenetic_correlation(t1: HClust, t2: HClust) -> float | None:
    from scipy.cluster.hierarchy import cophenet

    try:
        c1 = cophenet(t1.to_linkage())
        c2 = cophenet(t2.to_linkage())
    except (ValueError, TypeError):
        return None
    if np.array_equal(c1, c2):
        return 1.0
    if c1.std() == 0 or c2.std() == 0:
        return None
    return float(np.corrcoef(c1, c2)[0, 1])


def _tree_check(sess: Any, values: np.ndarray, which: str, cluster: Any, distance: Any,
                method: str, ks: tuple[int, ...]) -> dict[str, Any]:
    from pyr_heatmap.engine.dendrogram import cutree
    from pyr_heatmap.engine.dist import dist
    from pyr_heatmap.engine.hclust import hclust
    from pyr_heatmap.errors import PyrHeatmapError

    if isinstance(cluster, HClust):
        return {"note": "tree supplied by the caller: the same tree on both sides"}
    if cluster is not True:
        if callable(cluster):
            return {"note": "clustered by a Python function: no R tree to compare"}
        return {"note": "not clustered"}
    if not isinstance(distance, str):
        return {"note": "distance is a Python function: no R tree to compare"}
    x = values if which == "row" else np.ascontiguousarray(values.T)
    if x.shape[0] < 2:
        return {"note": f"one {which}: nothing to cluster"}
    res = sess.call("pyrhm_trees", values, which, distance, method, np.asarray(ks))
    if not res["ok"][0]:
        return {"note": f"R could not cluster the {which}s: {res['error'][0]}"}
    n = x.shape[0]
    merge = np.asarray(res["merge"], dtype=np.int64).reshape((n - 1, 2), order="F")
    t_r = HClust(merge, res["height"], np.asarray(res["order"]) - 1, None, method, distance)
    try:
        t_py = hclust(dist(x, method=distance), method)
    except PyrHeatmapError as exc:
        return {"note": f"Python could not cluster the {which}s: {exc}"}
    out: dict[str, Any] = {
        "merge_identical": bool(np.array_equal(t_r.merge, t_py.merge)),
        "height_max_abs_diff": float(np.max(np.abs(t_r.height - t_py.height)))
        if n > 1 else 0.0,
        "cophenetic_correlation": _cophenetic_correlation(t_r, t_py),
        "cutree_ari": {},
        "cutree_same_id": {},
    }
    cuts = res.get("cutree") or {}
    for k in ks:
        if k > n or str(k) not in cuts:
            continue
        r_ids = np.asarray(cuts[str(k)], dtype=np.int64)
        py_ids = cutree(t_py, k=k)
        out["cutree_ari"][k] = adjusted_rand_index(r_ids, py_ids)
        out["cutree_same_id"][k] = float(np.mean(r_ids == py_ids))
    return out


def crosscheck(heatmap: Any, *, ks: tuple[int, ...] = DEFAULT_KS) -> CrosscheckReport:
    """Compare the orders, trees and colours of ``heatmap`` computed here with R's.

    Parameters
    ----------
    heatmap : Heatmap
        The heatmap to check.
    ks : tuple of int
        The numbers of clusters at which ``cutree`` memberships are compared (default 2..10).

    Returns
    -------
    CrosscheckReport
        ``report.identical``, ``str(report)`` (a summary), ``report.to_dict()``.

    Raises
    ------
    RUnavailableError
        R, rpy2 or ComplexHeatmap is missing (typed subclass).
    RBackendError
        R raised an error.
    """
    from pyr_heatmap.backends.r import bridge as rbridge
    from pyr_heatmap.backends.r.draw import run_r_draw
    from pyr_heatmap.backends.r.plan import _pass_col, plan_axis, r_payload, r_size_problem
    from pyr_heatmap.result import _axis_order

    too_big = r_size_problem(heatmap)
    if too_big is not None:
        raise InputError(too_big)
    spec = heatmap.compile()
    sess = rbridge.session()
    rows = plan_axis(spec, "row", True)
    cols = plan_axis(spec, "column", True)
    payload = r_payload(spec, rows, cols, pass_col=_pass_col(spec, True), seed=heatmap.seed)
    # colours are compared for numeric matrices (a character matrix's colours are handed to R)
    discrete = bool(getattr(spec.col, "discrete", False))
    drawn = run_r_draw(spec, payload, device="null", extras=not discrete)
    values = np.asarray(spec.matrix)
    args = spec.r_args
    axes = []
    for which, axis, r_order in (("row", spec.row, drawn.row_order),
                                 ("column", spec.column, drawn.column_order)):
        py_order = _axis_order(axis)
        same, first = _compare_orders(py_order, r_order)
        tree = _tree_check(
            sess, values, which, args.get(f"cluster_{which}s", True),
            args.get(f"clustering_distance_{which}s", "euclidean"),
            str(args.get(f"clustering_method_{which}s", "complete")), tuple(ks),
        )
        plan = rows if which == "row" else cols
        note = "; ".join([*plan.notes, *([tree.pop("note")] if "note" in tree else [])])
        axes.append(AxisCrosscheck(which, same, first, py_order, r_order, note=note, **tree))
    flat_values = values.ravel(order="F")
    flat_values = flat_values[~np.isnan(flat_values)]
    rate = None
    if drawn.col_hex is not None and flat_values.size:
        ours = spec.col(flat_values, with_alpha=True)
        theirs = np.array([str(c).upper() for c in drawn.col_hex], dtype=object)
        ours = np.array([str(c).upper() for c in ours], dtype=object)
        rate = float(np.mean(ours == theirs)) if ours.size == theirs.size else 0.0
    notes = ()
    if drawn.messages:
        notes = tuple(f"R: {m.strip()}" for m in drawn.messages if m.strip())
    return CrosscheckReport(axes[0], axes[1], rate, int(flat_values.size),
                            {k: (v[0] if isinstance(v, list) else str(v))
                             for k, v in sess.versions.items()}, notes)
