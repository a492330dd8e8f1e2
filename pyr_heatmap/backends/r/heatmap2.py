"""gplots' heatmap.2 and stats' heatmap through rpy2: drawing, cross-checking, R script export.

The arguments reach R as data (``r/heatmap2.R``): numbers, logicals and character vectors;
``distfun``/``hclustfun``/``reorderfun`` as names that select one of R's own methods; trees
computed in Python as ``hclust`` data turned into dendrograms (``as.dendrogram``), which both R
functions use as given. Python functions as ``distfun``/``hclustfun``/``reorderfun`` are never
sent: their trees are.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from pyr_heatmap.backends.r.draw import FORMATS, _drawing_call, _read_output
from pyr_heatmap.backends.r.plan import _tree_payload
from pyr_heatmap.backends.r.rscript_text import (
    _HEADER,
    _TREE_HELPER,
    _Files,
    _matrix_csv,
    _tree_csv,
    r_string,
)
from pyr_heatmap.engine.hclust import HClust
from pyr_heatmap.engine.heatmap2_order import is_na_flag
from pyr_heatmap.errors import InputError
from pyr_heatmap.figure.heatmap2_spec import Heatmap2Spec
from pyr_heatmap.io import check_target, write_atomic_many
from pyr_heatmap.result.heatmap2 import Heatmap2Result

__all__ = ["Heatmap2Crosscheck", "crosscheck_heatmap2", "draw_heatmap2_r", "heatmap2_r_script",
           "r_packages"]

# front-end name -> R argument name, for the plain arguments
_PLAIN = {
    "heatmap.2": ("dendrogram", "symm", "scale", "na_rm", "revC", "breaks", "symbreaks", "col",
                  "notecex", "notecol", "na_color", "trace", "tracecol", "hline", "vline",
                  "linecol", "margins", "ColSideColors", "RowSideColors", "cexRow", "cexCol",
                  "labRow", "labCol", "key", "keysize", "density_info", "denscol", "symkey",
                  "densadj", "key_title", "key_xlab", "key_ylab", "main", "xlab", "ylab"),
    "heatmap": ("symm", "revC", "scale", "na_rm", "margins", "ColSideColors", "RowSideColors",
                "cexRow", "cexCol", "labRow", "labCol", "main", "xlab", "ylab", "col"),
}
_R_NAME = {"na_rm": "na.rm", "na_color": "na.color", "density_info": "density.info",
           "key_title": "key.title", "key_xlab": "key.xlab", "key_ylab": "key.ylab"}


def _axis_value(v: Any, tree: HClust | None, send_tree: bool) -> dict[str, Any] | None:
    """Rowv/Colv as a tagged list for R, or None to leave R's default."""
    if send_tree and tree is not None:
        return {"kind": "tree", "value": _tree_payload(tree)}
    if isinstance(v, HClust):
        return {"kind": "tree", "value": _tree_payload(v)}
    if isinstance(v, str) and v == "default":
        return None
    if isinstance(v, str) and v == "Rowv":
        return {"kind": "rowv"}
    if v is None:
        return {"kind": "null"}
    if is_na_flag(v):
        return {"kind": "na"}
    if isinstance(v, (bool, np.bool_)):
        return {"kind": "logical", "value": bool(v)}
    return {"kind": "weights", "value": np.asarray(v)}


def r_payload(spec: Heatmap2Spec, r_clusters: bool) -> dict[str, Any]:
    """The list ``a`` of ``pyrhm_heatmap2()``."""
    a = spec.r_args
    python_funs = any(callable(a[k]) for k in ("distfun", "hclustfun", "reorderfun"))
    send = (not r_clusters) or python_funs
    args: dict[str, Any] = {}
    nulls: dict[str, bool] = {}
    for k in _PLAIN[spec.style]:
        v = a.get(k)
        name = _R_NAME.get(k, k)
        if k in ("hline", "vline") and isinstance(v, str) and v == "default":
            continue
        if v is None:
            if k in ("hline", "vline"):
                nulls[name] = True
            continue
        if k in ("labRow", "labCol", "ColSideColors", "RowSideColors") or (
                k == "col" and not isinstance(v, str)):
            v = [str(s) for s in v]
        elif k in ("margins", "breaks"):
            v = np.asarray(v, dtype=np.float64)
        args[name] = v
    axes = {}
    for name, v, ax in (("Rowv", a["Rowv"], spec.order.row), ("Colv", a["Colv"],
                                                              spec.order.column)):
        tagged = _axis_value(v, ax.tree, send)
        if tagged is not None:
            axes[name] = tagged
    out: dict[str, Any] = {"args": args, "axes": axes, "nulls": nulls}
    for k in ("distfun", "hclustfun", "reorderfun"):
        if isinstance(a[k], str):
            out[k] = a[k]
    if spec.style == "heatmap.2" and a.get("cellnote") is not None:
        note = np.asarray(spec.cellnote, dtype=object)
        full = np.empty(spec.matrix.shape, dtype=object)
        full[np.ix_(spec.row_bottom_up, spec.order.column.ind)] = note
        out["cellnote"] = [str(s) for s in full.ravel(order="F")]
    return out


def r_packages(style: str) -> tuple[str, ...]:
    """The R packages that draw ``style``: gplots for heatmap.2, none beyond R for heatmap."""
    return ("gplots",) if style == "heatmap.2" else ()


def _run(spec: Heatmap2Spec, r_clusters: bool, device: str, dpi: float) -> tuple[dict, bytes]:
    with tempfile.TemporaryDirectory(prefix="pyr_heatmap_r_") as tmp:
        out_file = str(Path(tmp) / f"heatmap.{device}")
        from pyr_heatmap.backends.r.bridge import RMatrix

        mat = RMatrix(np.asarray(spec.matrix), spec.row_labels, spec.col_labels)
        res = _drawing_call("pyrhm_heatmap2", mat, r_payload(spec, r_clusters),
                            spec.style, device=device, file=out_file if device != "null" else None,
                            width=float(spec.width), height=float(spec.height), res=float(dpi),
                            r_packages=r_packages(spec.style))
        image = b"" if device == "null" else _read_output(Path(out_file), device)
    return res, image


def draw_heatmap2_r(spec: Heatmap2Spec, *, r_clusters: bool = True, dpi: float = 100.0,
                    reason: str = "") -> Heatmap2Result:
    """Draw ``spec`` with gplots / stats in R (a PNG); R's orders must equal the spec's."""
    res, image = _run(spec, r_clusters, "png", dpi)
    for what, mine in (("rowInd", spec.order.row.ind), ("colInd", spec.order.column.ind)):
        if not np.array_equal(np.asarray(res[what]) - 1, mine):
            import warnings

            warnings.warn(f"R's {what} differs from pyr_heatmap's; the figure shows R's order "
                          "(report this)", UserWarning, stacklevel=3)

    def render(fmt: str, out_dpi: float) -> bytes:
        if fmt not in FORMATS:
            raise InputError(f"unknown format {fmt!r}")
        return _run(spec, r_clusters, fmt, out_dpi)[1]

    return Heatmap2Result(spec, "r", figure=None, reason=reason, image=image,
                          image_format="png", renderer=render)


@dataclass(frozen=True, eq=False)
class Heatmap2Crosscheck:
    """R's values against pyr_heatmap's for one heatmap.2 / heatmap call."""

    checks: dict[str, bool]
    r_values: dict[str, Any]
    versions: dict[str, str]

    @property
    def identical(self) -> bool:
        return all(self.checks.values())

    def summary(self) -> str:
        """A readable report: one line per compared quantity (what the command line prints)."""
        v = self.versions
        style = v.get("style", "?")
        package = (f"gplots {v.get('gplots', '?')}, " if style == "heatmap.2" else "")
        head = (f"pyr_heatmap vs {style} ({package}{v.get('r', 'R ?')}): "
                f"{'IDENTICAL' if self.identical else 'DIFFERENT'}")
        return "\n".join([head, *(f"  {k}: {'identical' if ok else 'differs'}"
                                  for k, ok in self.checks.items())])

    __str__ = summary

    def to_dict(self) -> dict[str, Any]:
        """The report as plain data (JSON-ready): ``identical``, the checks and the versions."""
        return {"identical": self.identical, "checks": dict(self.checks),
                "versions": dict(self.versions)}


def crosscheck_heatmap2(spec: Heatmap2Spec) -> Heatmap2Crosscheck:
    """Let R compute everything from the same arguments and compare: rowInd, colInd, the
    dendrogram orders and (heatmap.2) the breaks, colours and carpet, bit for bit."""
    res, _ = _run(spec, True, "null", 100.0)
    o = spec.order
    checks = {
        "rowInd": np.array_equal(np.asarray(res["rowInd"]) - 1, o.row.ind),
        "colInd": np.array_equal(np.asarray(res["colInd"]) - 1, o.column.ind),
    }
    for key, tree in (("rowDend", o.row.tree), ("colDend", o.column.tree)):
        theirs = res.get(key)
        if tree is not None and theirs is not None:
            mine = tree.order
            if key == "rowDend" and o.revC:
                mine = mine[::-1]
            checks[key] = np.array_equal(np.asarray(theirs) - 1, mine)
    if spec.style == "heatmap.2":
        assert spec.breaks is not None
        checks["breaks"] = np.array_equal(np.asarray(res["breaks"]), spec.breaks)
        hexes = [str(c).upper() for c in res["col_hex"]]
        checks["col"] = hexes == [c.upper() for c in spec.colors]
        dim = tuple(int(d) for d in res["carpet_dim"])
        carpet = np.asarray(res["carpet"]).reshape(dim, order="F")
        mine = np.asarray(spec.values).T
        checks["carpet"] = carpet.shape == mine.shape and bool(np.array_equal(
            carpet, mine, equal_nan=True))
    versions = {k: str(v[0]) for k, v in (res.get("versions") or {}).items()}
    versions["style"] = spec.style
    return Heatmap2Crosscheck(checks, res, versions)


def heatmap2_r_script(spec: Heatmap2Spec, path: Any, dpi: float = 100.0) -> list[Path]:
    """Write ``path`` (an R script) and its CSV data files: the same call in R, clustered by R
    from the same arguments; trees given or made by Python functions are read from CSV files
    and passed as dendrograms. ``Rscript <path>`` writes ``<stem>_figure.png`` and prints
    ``rowInd``/``colInd`` (1-based)."""
    target = check_target(path, "the R script")
    if target.suffix.lower() != ".r":
        raise InputError(f"the R script must end in .R, got {str(target)!r}")
    stem = target.stem
    files = _Files(target.parent, stem)
    mat = files.name("matrix.csv")
    _nr, nc = spec.matrix.shape
    files.files[mat] = _matrix_csv(np.asarray(spec.matrix), spec.row_labels, spec.col_labels)
    payload = r_payload(spec, r_clusters=True)
    lines = [f"mat <- read_matrix({r_string(mat)}, {nc})"]
    helpers = False
    args = ["mat"]
    for name, v in payload["args"].items():
        if isinstance(v, (bool, np.bool_)):
            args.append(f"{name} = {'TRUE' if v else 'FALSE'}")
        elif isinstance(v, str) or (isinstance(v, list) and v and isinstance(v[0], str)):
            args.append(f"{name} = {files.add_text(name, v)}")
        else:
            args.append(f"{name} = {files.add_numbers(name, v)}")
    for name in payload["nulls"]:
        args.append(f"{name} = NULL")
    for name, ax in payload["axes"].items():
        tree_axis = spec.order.row if name == "Rowv" else spec.order.column
        kind = ax["kind"]
        if kind == "logical":
            args.append(f"{name} = {'TRUE' if ax['value'] else 'FALSE'}")
        elif kind in ("na", "null"):
            args.append(f"{name} = {'NA' if kind == 'na' else 'NULL'}")
        elif kind == "rowv":
            args.append(f'{name} = "Rowv"')
        elif kind == "weights":
            w = files.add_numbers(f"{name}_weights", ax["value"])
            cast = "as.integer" if np.asarray(ax["value"]).dtype.kind in "iu" else "as.double"
            args.append(f"{name} = {cast}({w})")
        else:  # a tree (given, or from Python functions): read from a CSV, used as is
            assert tree_axis.tree is not None
            csv = files.name(f"{name}_tree.csv")
            files.files[csv] = _tree_csv(tree_axis.tree)
            helpers = True
            lines.append(f"{name} <- as.dendrogram(read_tree({r_string(csv)}))  # from Python")
            args.append(f"{name} = {name}")
    dist = payload.get("distfun", "euclidean")
    if dist in ("pearson", "spearman", "kendall"):
        args.append(f"distfun = function(x) as.dist(1 - cor(t(x), method = "
                    f"{files.add_text('distfun', dist)}))")
    else:
        args.append(f"distfun = function(x) dist(x, method = {files.add_text('distfun', dist)})")
    args.append(f"hclustfun = function(d) hclust(d, method = "
                f"{files.add_text('hclustfun', payload.get('hclustfun', 'complete'))})")
    if payload.get("reorderfun") == "mean":
        args.append("reorderfun = function(d, w) reorder(d, w, agglo.FUN = mean)")
    fun = "gplots::heatmap.2" if spec.style == "heatmap.2" else "stats::heatmap"
    header = _HEADER.replace("library(ComplexHeatmap)\n    library(circlize)", "library(gplots)")
    header = header.replace("with ComplexHeatmap", f"with {fun}")
    if helpers:
        header += _TREE_HELPER
    from pyr_heatmap._version import __version__

    png = files.name("figure.png")
    body = "\n".join([
        *lines,
        f"png(data_file({r_string(png)}), width = {spec.width!r}, height = {spec.height!r}, "
        f"units = \"in\", res = {float(dpi)!r})",
        f"res <- {fun}(" + ",\n    ".join(args) + ")",
        "invisible(dev.off())",
        'cat("rowInd\\t", paste(res$rowInd, collapse = " "), "\\n", sep = "")',
        'cat("colInd\\t", paste(res$colInd, collapse = " "), "\\n", sep = "")',
    ])
    script = header.format(version=__version__, text_file=r_string(files.name("text.csv")),
                           numbers_file=r_string(files.name("numbers.csv"))) + "\n" + body + "\n"
    contents = files.contents()
    contents[target] = script.encode("utf-8")
    return write_atomic_many(contents)
