"""heatmap.2's and stats heatmap's arguments, checked and compiled into a :class:`Heatmap2Spec`.

R equivalents::

    gplots::heatmap.2(x, Rowv, Colv, distfun, hclustfun, dendrogram, reorderfun, symm, scale,
                      na.rm, revC, breaks, symbreaks, col, trace, tracecol, hline, vline,
                      cellnote, notecex, notecol, na.color, margins, ColSideColors,
                      RowSideColors, labRow, labCol, key, keysize, density.info, denscol,
                      symkey, densadj, key.title, key.xlab, key.ylab, main, xlab, ylab)
    stats::heatmap(x, Rowv, Colv, distfun, hclustfun, reorderfun, symm, revC, scale, na.rm,
                   margins, ColSideColors, RowSideColors, labRow, labCol, main, xlab, ylab, col)

Every step follows the R source line by line (gplots 3.1.3, R 4.2.2): the orders first, on the
unscaled matrix; then ``x[rowInd, colInd]``, the scaling, heatmap.2's breaks and clipping, the
colour of each cell (``image()``'s binning), the key's histogram, the trace lines' medians.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd

from pyr_heatmap.engine.heatmap2_order import (
    Heatmap2Order,
    heatmap2_order,
    reverse_tree,
    scale_like_r,
)
from pyr_heatmap.errors import InputError
from pyr_heatmap.figure.colors.names import r_color_to_hex
from pyr_heatmap.figure.heatmap2_colors import (
    STATS_HEATMAP_COLORS,
    bin_codes,
    hist_counts,
    image_codes,
    palette,
    r_seq,
)
from pyr_heatmap.figure.heatmap2_spec import Heatmap2Key, Heatmap2Spec
from pyr_heatmap.figure.pretty import pretty

__all__ = ["compile_heatmap2", "r_as_character"]

_CHOICES = {
    "trace": ("column", "row", "both", "none"),
    "density_info": ("histogram", "density", "none"),
    "dendrogram": ("both", "row", "column", "none"),
    "scale": ("none", "row", "column"),
}


def r_as_character(v: float) -> str:
    """A number as R's ``as.character()`` writes it (15 significant digits)."""
    if v == int(v) and abs(v) < 1e15:
        return str(int(v))
    return f"{v:.15g}"


def _choice(name: str, value: object) -> str:
    if value not in _CHOICES[name]:
        raise InputError(f"{name} must be one of {', '.join(map(repr, _CHOICES[name]))}, "
                         f"got {value!r}")
    return str(value)


def _matrix(x: object) -> tuple[np.ndarray, tuple[str, ...] | None, tuple[str, ...] | None]:
    if isinstance(x, pd.DataFrame):
        try:
            arr = x.to_numpy(dtype=np.float64, na_value=np.nan)
        except (TypeError, ValueError) as exc:
            raise InputError(f"'x' must be a numeric matrix: {exc}") from exc
        return arr.copy(), tuple(map(str, x.index)), tuple(map(str, x.columns))
    try:
        arr = np.array(x, dtype=np.float64, copy=True)
    except (TypeError, ValueError) as exc:
        raise InputError(f"'x' must be a numeric matrix: {exc}") from exc
    if arr.ndim != 2:
        raise InputError(f"'x' must be a numeric matrix (2-D), got {arr.ndim} dimension(s)")
    return arr, None, None


def _labels(given: object, names: tuple[str, ...] | None, n: int, what: str) -> tuple[str, ...]:
    if given is None:
        return names if names is not None else tuple(str(i + 1) for i in range(n))
    vals = [str(v) for v in list(given)]  # type: ignore[call-overload]
    if len(vals) < n:
        raise InputError(f"{what} has {len(vals)} labels for {n} {what[3:].lower()}s")
    return tuple(vals[:n])


def _side_colors(v: object, n: int, what: str, dim: str) -> tuple[str, ...] | None:
    if v is None:
        return None
    vals = [v] if isinstance(v, str) else list(v)  # type: ignore[call-overload]
    if len(vals) != n or not all(isinstance(c, str) for c in vals):
        raise InputError(f"'{what}' must be a character vector of length {dim}")
    for c in vals:
        r_color_to_hex(c)
    return tuple(vals)


def _cellnote(v: object, shape: tuple[int, int]) -> np.ndarray | None:
    if v is None:
        return None
    arr = np.asarray(v.to_numpy() if isinstance(v, pd.DataFrame) else v, dtype=object)
    if arr.shape != shape:
        raise InputError(f"cellnote must have the shape of x {shape}, got {arr.shape}")
    out = np.empty(shape, dtype=object)
    for idx, c in np.ndenumerate(arr):
        out[idx] = "NA" if c is None or (isinstance(c, float) and math.isnan(c)) else (
            r_as_character(float(c)) if isinstance(c, (float, np.floating)) else str(c))
    return out


def _num(v: object, what: str) -> float:
    if isinstance(v, bool) or not isinstance(v, (int, float, np.number)):
        raise InputError(f"{what} must be a number, got {v!r}")
    f = float(v)
    if not math.isfinite(f):
        raise InputError(f"{what} must be finite, got {v!r}")
    return f


def _scale01(v: Any, lo: float, hi: float) -> Any:
    return (np.asarray(v, dtype=np.float64) - lo) / (hi - lo)


def _density(x: np.ndarray, adjust: float, lo: float, hi: float) -> tuple[np.ndarray, ...]:
    """A Gaussian kernel density at 512 points from lo to hi with R's bw.nrd0 * adjust.

    Evaluated exactly (R's density() bins the data and convolves by FFT, so its curve differs
    from this one in the third or fourth digit; the curve is only drawn)."""
    v = x[np.isfinite(x)]
    n = v.size
    q75, q25 = np.quantile(v, [0.75, 0.25]) if n else (0.0, 0.0)
    sd = float(np.std(v, ddof=1)) if n > 1 else 0.0
    lo_ = min(sd, (q75 - q25) / 1.34)
    if lo_ <= 0:
        lo_ = sd or abs(float(v[0])) if n else 1.0
        lo_ = lo_ or 1.0
    bw = 0.9 * lo_ * n ** -0.2 * adjust
    gx = r_seq(lo, hi, 512)
    dens = np.exp(-0.5 * ((gx[:, None] - v[None, :]) / bw) ** 2).sum(axis=1) / (
        n * bw * math.sqrt(2 * math.pi))
    return gx, dens


def _key(spec_args: dict[str, Any], carpet: np.ndarray, breaks: np.ndarray,
         colors: tuple[str, ...], scale: str, symbreaks: bool) -> Heatmap2Key:
    a = spec_args
    fin = carpet[np.isfinite(carpet)]
    symkey = a["symkey"]
    if symkey is None:
        symkey = bool((fin < 0).any()) or symbreaks
    tmp = breaks.copy()
    if symkey:
        ext = float(np.max(np.abs(fin))) if fin.size else 0.0
        max_raw = max(float(np.max(np.abs(breaks))), ext)
        min_raw = -max_raw
        tmp[0], tmp[-1] = -ext, ext
    else:
        min_raw, max_raw = float(breaks.min()), float(breaks.max())
    lv = pretty(float(breaks.min()), float(breaks.max()))
    ticks = _scale01(lv, min_raw, max_raw)
    info = a["density_info"]
    curve_x = curve_y = counts = None
    yt = np.zeros(0)
    ylab_vals: tuple[str, ...] = ()
    if info == "histogram":
        counts = hist_counts(carpet, breaks)
        hy = np.append(counts, counts[-1]).astype(np.float64)
        curve_x = _scale01(breaks, min_raw, max_raw)
        top = hy.max() if hy.max() > 0 else 1.0
        curve_y = hy / top * 0.95
        py = pretty(0.0, float(hy.max()))
        yt, ylab_vals = py / top * 0.95, tuple(r_as_character(v) for v in py)
        title, ylab = "Color Key\nand Histogram", "Count"
    elif info == "density":
        gx, gy = _density(carpet, a["densadj"], float(breaks.min()), float(breaks.max()))
        curve_x = _scale01(gx, min_raw, max_raw)
        curve_y = gy / gy.max() * 0.95
        py = pretty(float(gy.min()), float(gy.max()))
        yt, ylab_vals = py / gy.max() * 0.95, tuple(r_as_character(v) for v in py)
        title, ylab = "Color Key\nand Density Plot", "Density"
    else:
        title, ylab = "Color Key", ""
    xlab = {"row": "Row Z-Score", "column": "Column Z-Score"}.get(scale, "Value")
    vlines = []
    for which, name in (("column", "vline"), ("row", "hline")):
        if a["trace"] in ("both", which) and a[name] is not None:
            vlines.append(float(_scale01(a[name], min_raw, max_raw)))
    return Heatmap2Key(
        z_breaks=_scale01(tmp, min_raw, max_raw), z_colors=colors,
        ticks=ticks, tick_labels=tuple(r_as_character(v) for v in lv), density_info=info,
        curve_x=curve_x, curve_y=curve_y, yticks=yt, ytick_labels=ylab_vals, counts=counts,
        title=title if a["key_title"] is None else str(a["key_title"]),
        xlab=xlab if a["key_xlab"] is None else str(a["key_xlab"]),
        ylab=ylab if a["key_ylab"] is None else str(a["key_ylab"]),
        vlines=tuple(vlines), color=a["denscol"] or a["tracecol"],
    )


def _breaks_and_colors(a: dict[str, Any], x: np.ndarray, scale: str
                       ) -> tuple[np.ndarray, tuple[str, ...], tuple[str, ...], bool]:
    col = a["col"]
    is_fun = isinstance(col, str)
    symbreaks = a["symbreaks"]
    if symbreaks is None:  # evaluated lazily in R: on the reordered, scaled x
        symbreaks = bool(np.nanmin(x) < 0) if np.isfinite(x).any() else False
        symbreaks = symbreaks or scale != "none"
    br = a["breaks"]
    if br is None or np.size(br) < 1:
        br = 16 if is_fun else len(col) + 1
    if np.ndim(br) == 0:
        n = int(_num(br, "breaks"))
        if not a["na_rm"] and np.isnan(x).any():
            raise InputError("x has NA and na_rm=False: R's min/max of x are NA, so heatmap.2 "
                             "cannot compute breaks; pass na_rm=True or breaks")
        fin = x[np.isfinite(x)]
        if fin.size == 0:
            raise InputError("x has no finite value after scaling; heatmap.2 has no breaks")
        if not symbreaks:
            breaks = r_seq(float(fin.min()), float(fin.max()), n)
        else:
            ext = float(np.max(np.abs(fin)))
            breaks = r_seq(-ext, ext, n)
    else:
        breaks = np.asarray(br, dtype=np.float64).ravel()
        if len(np.unique(breaks)) != breaks.size:
            raise InputError("breaks may not contain duplicate values")
    ncol = breaks.size - 1
    if is_fun:
        colors = tuple(palette(col, ncol))
        as_r = colors
    else:
        as_r = tuple(str(c) for c in col)
        colors = tuple(r_color_to_hex(c) for c in as_r)
        if len(colors) != ncol:
            raise InputError(f"must have one more break than colour: {breaks.size} breaks and "
                             f"{len(colors)} colours")
    return breaks, colors, as_r, bool(symbreaks)


def compile_heatmap2(x: object, style: str, a: dict[str, Any]) -> Heatmap2Spec:
    """Check the arguments ``a`` (R's names, dots as underscores) and compile the figure.

    ``style`` is ``"heatmap.2"`` or ``"heatmap"``; ``a`` holds every argument of the front end
    (:func:`pyr_heatmap.frontends.heatmap2.heatmap_2` / ``heatmap``) with its default.
    """
    arr, rn, cn = _matrix(x)
    nr, nc = arr.shape
    if nr <= 1 or nc <= 1:
        raise InputError("'x' must have at least 2 rows and 2 columns")
    margins = tuple(float(_num(m, "margins")) for m in a["margins"])
    if len(margins) != 2:
        raise InputError("'margins' must be a numeric vector of length 2")
    h2 = style == "heatmap.2"
    scale = a["scale"]
    if scale is not None:
        scale = _choice("scale", scale)
    dendrogram = _choice("dendrogram", a.get("dendrogram", "both"))
    row_labels = _labels(a["labRow"], rn, nr, "labRow")
    col_labels = _labels(a["labCol"], cn, nc, "labCol")
    order: Heatmap2Order = heatmap2_order(
        arr, style=style, Rowv=a["Rowv"], Colv=a["Colv"], distfun=a["distfun"],
        hclustfun=a["hclustfun"], reorderfun=a["reorderfun"], dendrogram=dendrogram,
        symm=bool(a["symm"]), scale=scale, na_rm=bool(a["na_rm"]), revC=a["revC"],
        row_labels=row_labels, col_labels=col_labels)
    ri, ci = order.row.ind, order.column.ind
    xo = scale_like_r(arr[np.ix_(ri, ci)], order.scale, bool(a["na_rm"]))
    rsc = _side_colors(a["RowSideColors"], nr, "RowSideColors", "nrow(x)")
    csc = _side_colors(a["ColSideColors"], nc, "ColSideColors", "ncol(x)")
    bottom_up = ri[::-1].copy() if order.revC else ri.copy()
    row_tree = order.row.tree if order.row.dendrogram else None
    if row_tree is not None and order.revC:
        row_tree = reverse_tree(row_tree)
    col_tree = order.column.tree if order.column.dendrogram else None
    common: dict[str, Any] = dict(
        style=style, matrix=arr, order=order, row_labels=row_labels, col_labels=col_labels,
        row_bottom_up=bottom_up, row_tree=row_tree, col_tree=col_tree, margins=margins,
        main=None if a["main"] is None else str(a["main"]),
        xlab=None if a["xlab"] is None else str(a["xlab"]),
        ylab=None if a["ylab"] is None else str(a["ylab"]),
        cex_row=_num(a["cexRow"], "cexRow") if a["cexRow"] is not None
        else 0.2 + 1 / math.log10(nr),
        cex_col=_num(a["cexCol"], "cexCol") if a["cexCol"] is not None
        else 0.2 + 1 / math.log10(nc),
        width=_num(a["width"], "width"), height=_num(a["height"], "height"),
        warnings=order.warnings, r_args=dict(a),
    )
    pos = {int(r): k for k, r in enumerate(ri)}
    rows_drawn = np.array([pos[int(r)] for r in bottom_up], dtype=np.int64)
    common["row_side_colors"] = None if rsc is None else tuple(rsc[i] for i in bottom_up)
    common["col_side_colors"] = None if csc is None else tuple(csc[j] for j in ci)
    if not h2:
        given = a.get("col")
        colors = STATS_HEATMAP_COLORS if given is None else tuple(
            r_color_to_hex(c) for c in given)
        codes = image_codes(xo, len(colors))
        return Heatmap2Spec(values=xo[rows_drawn], codes=codes[rows_drawn], colors=colors,
                            col=colors if given is None else tuple(map(str, given)),
                            breaks=None, **common)
    trace = _choice("trace", a["trace"])
    density_info = _choice("density_info", a["density_info"])
    a = {**a, "trace": trace, "density_info": density_info}
    breaks, colors, col_r, symbreaks = _breaks_and_colors(a, xo, order.scale)
    lo, hi = float(breaks.min()), float(breaks.max())
    clipped = np.where(xo < lo, lo, np.where(xo > hi, hi, xo))
    codes = bin_codes(clipped, np.sort(breaks))
    med = float(np.median(breaks))
    a["hline"] = med if a["hline"] == "default" else a["hline"]
    a["vline"] = med if a["vline"] == "default" else a["vline"]
    key = _key(a, clipped, breaks, colors, order.scale, symbreaks) if a["key"] else None
    note = _cellnote(a["cellnote"], (nr, nc))
    if note is not None:
        note = note[np.ix_(bottom_up, ci)]
    return Heatmap2Spec(
        values=clipped[rows_drawn], codes=codes[rows_drawn], colors=colors, col=col_r,
        breaks=breaks, trace=trace, tracecol=str(a["tracecol"]),
        linecol=str(a["linecol"] or a["tracecol"]),
        hline=None if a["hline"] is None else float(a["hline"]),
        vline=None if a["vline"] is None else float(a["vline"]),
        cellnote=note, notecol=str(a["notecol"]), notecex=_num(a["notecex"], "notecex"),
        na_color=str(a["na_color"]), key=key, keysize=_num(a["keysize"], "keysize"),
        **common)
