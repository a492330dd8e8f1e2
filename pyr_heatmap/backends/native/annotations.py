"""Draw the annotation functions (``anno_barplot``, ``anno_mark``...) of a compiled spec.

One function per kind draws an :class:`~pyr_heatmap.figure.annotation_functions.AnnoTrack` into
a box given in figure millimetres, one matplotlib axes per slice (label
``"anno:<name>:<slice>"``), in the data coordinates ComplexHeatmap uses: along the annotated
axis a cell is one unit (cell ``p`` of a slice is centred on ``p + 0.5``, rows counted from the
top), across it the track's data range. Axes are drawn as ComplexHeatmap draws them: left of the
first slice for column annotations, below the last slice for row annotations, 8 pt labels.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from matplotlib.patches import Rectangle

from pyr_heatmap.backends.native.anno_axis import axis_slice, data_limits, draw_axis
from pyr_heatmap.backends.native.anno_bars import LINE_W, _bar, _col, _lw
from pyr_heatmap.backends.native.anno_bars import draw_bars as _barplot
from pyr_heatmap.backends.native.layout import MM_PER_PT
from pyr_heatmap.figure.annotation_compile import r_boxplot_stats
from pyr_heatmap.figure.annotation_functions import AnnoTrack
from pyr_heatmap.figure.annotation_text import CAP_HEIGHT

__all__ = ["draw_anno_track", "smart_align"]

AXIS_FS = 8.0


def smart_align(x1: np.ndarray, x2: np.ndarray, xlim: tuple[float, float]) -> np.ndarray:
    """circlize's ``smartAlign(x1, x2, xlim)`` (what ``anno_mark`` uses): push the intervals
    ``[x1, x2]`` (sorted by ``x1``) apart, cluster by cluster, until none overlap, keeping
    each cluster centred on its members and inside ``xlim``. Returns ``(n, 2)`` new intervals.
    """
    x1 = np.asarray(x1, dtype=float).copy()
    x2 = np.asarray(x2, dtype=float).copy()
    n_before, n_cluster = -1, x1.size
    while n_before != n_cluster:
        n_before = n_cluster
        cluster = np.zeros(x1.size, dtype=np.int64)
        ic = 0
        for i in range(1, x1.size):
            if not x1[i] <= x2[i - 1]:
                ic += 1
            cluster[i] = ic
        n_cluster = ic + 1
        if n_before == n_cluster:
            break
        new1, new2 = np.empty_like(x1), np.empty_like(x2)
        for c in range(n_cluster):
            idx = np.flatnonzero(cluster == c)
            length = x2[idx] - x1[idx]
            total = float(np.sum(length))
            mid = (float(np.min(x1[idx])) + float(np.max(x2[idx]))) / 2
            steps = np.concatenate([[0.0], np.cumsum(length)])
            if total > xlim[1] - xlim[0]:
                tp = steps + (xlim[0] + xlim[1]) / 2 - total / 2
            elif mid - total / 2 < xlim[0]:
                tp = steps + xlim[0]
            elif mid + total / 2 > xlim[1]:
                tp = xlim[1] - total + steps
            else:
                tp = steps + mid - total / 2
            new1[idx] = tp[:-1]
            new2[idx] = tp[1:]
        x1, x2 = new1, new2
    return np.column_stack([x1, x2])


_PCH = {0: ("s", False), 1: ("o", False), 2: ("^", False), 3: ("+", True), 4: ("x", True),
        5: ("D", False), 6: ("v", False), 8: ("*", True), 15: ("s", True), 16: ("o", True),
        17: ("^", True), 18: ("D", True), 19: ("o", True), 20: ("o", True), 21: ("o", False),
        22: ("s", False), 23: ("D", False), 24: ("^", False), 25: ("v", False)}


def _symbol(ax: Any, x: float, y: float, pch: Any, size_mm: float, color: str) -> None:
    """One R ``pch`` symbol (a code 0-25 or a character) centred on (x, y)."""
    if isinstance(pch, str):
        ax.text(x, y, pch, ha="center", va="center", fontsize=size_mm / MM_PER_PT,
                color=color, parse_math=False)
        return
    marker, filled = _PCH.get(int(pch), ("o", True))
    # grid draws a pch symbol about 0.75 of `size` across (pch 20: two thirds of that)
    ms = size_mm / MM_PER_PT * 0.75 * (2 / 3 if int(pch) == 20 else 1.0)
    ax.plot([x], [y], marker=marker, markersize=ms, linestyle="none",
            markerfacecolor=color if filled else "none", markeredgecolor=color,
            markeredgewidth=0.0 if filled and marker in "os^Dv" else LINE_W)


def _border(ax: Any, on: bool) -> None:
    if on:
        ax.add_patch(Rectangle((0, 0), 1, 1, transform=ax.transAxes, fill=False,
                               edgecolor="black", linewidth=LINE_W, clip_on=False))


def _slice_axes(cv: Any, track: AnnoTrack, x: float, y: float, size: float,
                ext: list[tuple[float, float]], k: int, m: int, scale: tuple[float, float]
                ) -> Any:
    """Axes of slice ``k`` (``m`` cells): along = cells, across = ``scale``."""
    start, length = ext[k]
    if track.which == "column":
        ax = cv.axes(x + start, y, length, size, f"anno:{track.name}:{k}")
        ax.set_xlim(0, m)
        ax.set_ylim(*data_limits(track, scale))
    else:
        ax = cv.axes(x, y + start, size, length, f"anno:{track.name}:{k}")
        ax.set_ylim(m, 0)
        ax.set_xlim(*data_limits(track, scale))
    return ax


def _xy(which: str, along: Any, across: Any) -> tuple[Any, Any]:
    return (along, across) if which == "column" else (across, along)


def _draw_slice(ax: Any, track: AnnoTrack, idx: np.ndarray, k: int) -> None:
    kind, gp, d, prm, w = track.kind, track.gp, track.data, track.params, track.which
    m = idx.size
    pos = np.arange(m) + 0.5
    if kind == "barplot":
        _barplot(ax, track, idx)
    elif kind in ("points", "lines"):
        vals = d["values"][idx]
        for j in range(vals.shape[1]):
            color = _col(gp, "col", "#000000", j)
            if kind == "lines" and prm.get("smooth"):
                ax.plot(*_xy(w, *_smooth(vals[:, j], w)), color=color, linewidth=_lw(gp),
                        gid=f"smooth:{j}")
            elif kind == "lines":
                ax.plot(*_xy(w, pos, vals[:, j]), color=color, linewidth=_lw(gp))
            if kind == "points" or prm.get("add_points"):
                pch = prm["pch"]
                # anno_lines draws its points with pt_gp (R's default: black)
                pt_color = color if kind == "points" else "#000000"
                for p, v in zip(pos, vals[:, j], strict=True):
                    if np.isfinite(v):
                        _symbol(ax, *_xy(w, p, v), pch, prm["size_mm"], pt_color)
    elif kind == "boxplot":
        half = prm["box_width"] / 2
        for p, i in zip(pos, idx, strict=True):
            st = d["stats"][i]
            if not np.isfinite(st).all():
                continue
            edge = _col(gp, "col", "#000000", int(i))
            _bar(ax, w, p, prm["box_width"], st[1], st[3], _col(gp, "fill", "#CCCCCC", int(i)),
                 edge, _lw(gp))
            for a, b in ((p - half, p + half),):
                ax.plot(*_xy(w, [a, b], [st[2], st[2]]), color=edge, linewidth=_lw(gp))
                for q in (0, 4):
                    ax.plot(*_xy(w, [p - half / 2, p + half / 2], [st[q], st[q]]), color=edge,
                            linewidth=_lw(gp))
            ax.plot(*_xy(w, [p, p], [st[0], st[1]]), color=edge, linewidth=_lw(gp))
            ax.plot(*_xy(w, [p, p], [st[3], st[4]]), color=edge, linewidth=_lw(gp))
            if prm["outline"]:
                for v in d["outliers"][i]:
                    _symbol(ax, *_xy(w, p, v), prm["pch"], prm["size_mm"], edge)
    elif kind == "histogram":
        for p, i in zip(pos, idx, strict=True):
            br, ct = d["breaks"][i], d["counts"][i]
            span = 1.0 / (d["max_count"] or 1.0)  # R: counts 0..max across the whole cell
            for b0, b1, c in zip(br[:-1], br[1:], ct, strict=True):
                lo_c, hi_c = p - 0.5, p - 0.5 + c * span
                if w == "column":
                    rect = Rectangle((lo_c, b0), hi_c - lo_c, b1 - b0)
                else:
                    rect = Rectangle((b0, p + 0.5 - c * span), b1 - b0, c * span)
                rect.set_facecolor(_col(gp, "fill", "#CCCCCC"))
                rect.set_edgecolor(_col(gp, "col", "#000000"))
                rect.set_linewidth(_lw(gp))
                ax.add_patch(rect)
    elif kind == "density" and prm["type"] == "heatmap":
        _density_heatmap(ax, track, idx)
    elif kind == "density":
        # R: the slice's largest density + 5% spans the cell (violins: both halves)
        top = 1.05 * max(float(d["y"][i].max()) for i in idx) or 1.0
        for p, i in zip(pos, idx, strict=True):
            gx, gy = d["x"][i], d["y"][i] / top
            if prm["type"] == "violin":
                along = np.concatenate([p + gy / 2, (p - gy / 2)[::-1]])
                across = np.concatenate([gx, gx[::-1]])
                edge = _col(gp, "col", "#000000")
                ax.fill(*_xy(w, along, across), facecolor=_col(gp, "fill", "#CCCCCC"),
                        edgecolor=edge, linewidth=_lw(gp))
                st = r_boxplot_stats(d["raw"][i])[0]  # R: whiskers and a + at the median
                for a, b in ((0, 1), (3, 4)):
                    ax.plot(*_xy(w, [p, p], [st[a], st[b]]), color=edge, linewidth=_lw(gp))
                _symbol(ax, *_xy(w, p, st[2]), 3, 1.0, edge)
            else:
                base = p - 0.5 if w == "column" else p + 0.5
                along = base + gy if w == "column" else base - gy
                ax.fill(*_xy(w, np.concatenate([along, [base, base]]),
                             np.concatenate([gx, [gx[-1], gx[0]]])),
                        facecolor=_col(gp, "fill", "#CCCCCC"),
                        edgecolor=_col(gp, "col", "#000000"), linewidth=_lw(gp))


def _smooth(values: np.ndarray, which: str) -> tuple[np.ndarray, np.ndarray]:
    """anno_lines(smooth = TRUE): loess(y ~ x) over the slice, predicted at 100 points from
    the first x to the last; R's x counts columns from the left, rows from the bottom."""
    from pyr_heatmap.engine.loess import r_loess_predict

    m = values.size
    x = np.arange(1.0, m + 1) if which == "column" else np.arange(float(m), 0.0, -1.0)
    x2 = np.linspace(x[0], x[-1], 100)
    y2 = r_loess_predict(x, values, x2)
    along = x2 - 0.5 if which == "column" else m + 0.5 - x2  # cells from the top/left
    return along, y2


def _density_heatmap(ax: Any, track: AnnoTrack, idx: np.ndarray) -> None:
    """anno_density(type = "heatmap"): each density as a strip of colours, one per step of
    its grid coloured by the mean of the step's two densities; the gap below the smallest x
    of all in the colour of density 0 (R)."""
    from pyr_heatmap.figure.colors import color_ramp2

    prm, d = track.params, track.data
    limits = ax.get_xlim(), ax.get_ylim()
    colors = prm["heatmap_colors"]
    # R: the colours spread over the slice's smallest to largest density
    lo = min(float(d["y"][i].min()) for i in idx)
    hi = max(float(d["y"][i].max()) for i in idx)
    ramp = color_ramp2(np.linspace(lo, hi, len(colors)), list(colors))
    zero = ramp.rgba(np.array([0.0]))[0]
    for p, i in enumerate(idx):
        gx, gy = d["x"][i], d["y"][i]
        rgba = ramp.rgba((gy[1:] + gy[:-1]) / 2)
        if track.which == "column":  # grid steps upwards
            ax.imshow(rgba[:, None, :], extent=(p, p + 1, gx[0], gx[-1]), origin="lower",
                      aspect="auto", interpolation="nearest", gid=f"density_heatmap:{int(i)}")
        else:
            ax.imshow(rgba[None, :, :], extent=(gx[0], gx[-1], p + 1, p), origin="upper",
                      aspect="auto", interpolation="nearest", gid=f"density_heatmap:{int(i)}")
        for lo, hi in ((prm["min_x"], gx[0]), (gx[-1], prm["max_x"])):  # the gaps: density 0
            if hi > lo:
                rect = Rectangle((p, lo), 1, hi - lo) if track.which == "column" else \
                    Rectangle((lo, p), hi - lo, 1)
                rect.set_facecolor(zero)
                rect.set_edgecolor(zero)
                rect.set_linewidth(LINE_W)
                rect.set_gid("density_gap")
                ax.add_patch(rect)
    ax.set_xlim(*limits[0])
    ax.set_ylim(*limits[1])


def _simple(cv: Any, track: AnnoTrack, x: float, y: float, size: float,
            ext: list[tuple[float, float]], slices: list[np.ndarray]) -> None:
    t = track.data["track"]
    rgba = t.rgba(track.params["na_col"])
    pch = track.data["pch"]
    for k, idx in enumerate(slices):
        ax = _slice_axes(cv, track, x, y, size, ext, k, idx.size, (0.0, 1.0))
        m = idx.size
        if track.which == "column":
            ax.imshow(rgba[idx][None, :, :], extent=(0, m, 0, 1), aspect="auto",
                      interpolation="nearest")
        else:
            ax.imshow(rgba[idx][:, None, :], extent=(0, 1, m, 0), aspect="auto",
                      interpolation="nearest")
        ax.set_xlim(*((0, m) if track.which == "column" else (0, 1)))
        ax.set_ylim(*((0, 1) if track.which == "column" else (m, 0)))
        if pch is not None:
            color = _col(track.gp, "col", "#000000")
            for p, i in enumerate(idx):
                sym = pch if isinstance(pch, (str, int, np.integer)) else pch[i]
                if sym is not None:
                    _symbol(ax, *_xy(track.which, p + 0.5, 0.5), sym,
                            track.params["pt_size_mm"], color)
        _border(ax, track.params["border"])


def _text(cv: Any, track: AnnoTrack, x: float, y: float, size: float,
          ext: list[tuple[float, float]], slices: list[np.ndarray]) -> None:
    prm, texts = track.params, track.data["texts"]
    fs = float(track.gp.get("fontsize", 12.0))
    color = _col(track.gp, "col", "#000000")
    loc = prm.get("location")
    if loc is not None:  # R: as given, columns moved by half an "A" times |cos(rot)|
        at_loc = loc[0] if loc[1] == "npc" else loc[0] / size
        if track.which == "column":
            half = 0.5 * fs * MM_PER_PT * CAP_HEIGHT * abs(np.cos(np.deg2rad(prm["rot"])))
            sign = -1.0 if prm["just"] == "right" else 1.0 if prm["just"] == "left" else 0.0
            at_loc += sign * (1 if prm["rot"] % 360 < 180 else -1) * half / size
    for k, idx in enumerate(slices):
        ax = _slice_axes(cv, track, x, y, size, ext, k, idx.size, (0.0, 1.0))
        for p, i in enumerate(idx):
            at = at_loc if loc is not None else 0.0 if prm["just"] == "left" else 1.0
            if track.which == "column":
                ax.text(p + 0.5, at, texts[i], rotation=prm["rot"], fontsize=fs, color=color,
                        ha=prm["just"], va="center", rotation_mode="anchor", parse_math=False,
                        gid=f"anno_text:{int(i)}")
            else:
                ax.text(at, p + 0.5, texts[i], rotation=prm["rot"], fontsize=fs, color=color,
                        ha=prm["just"], va="center_baseline", rotation_mode="anchor",
                        parse_math=False, gid=f"anno_text:{int(i)}")


def mark_layout(track: AnnoTrack, idx: np.ndarray, length_mm: float
                ) -> tuple[list[int], np.ndarray, np.ndarray]:
    """The marked members of one slice (indices into the matrix, in drawn order), their cell
    positions and their label positions, in cells from the slice's start (top/left).

    As ``anno_mark``'s ``row_fun``/``column_fun``: each label takes its text height plus
    ``padding`` (converted to cells), and :func:`smart_align` pushes them apart within the
    slice extended by ``extend``.
    """
    prm = track.params
    marked = set(track.data["at"])
    members = [int(i) for i in idx if int(i) in marked]
    m = idx.size
    if not members:
        return [], np.zeros(0), np.zeros(0)
    per_mm = m / length_mm
    # grid measures a label by its glyphs above the baseline: 0.718 em for capitals and digits
    # (Helvetica), the usual gene names
    text_h = prm["fontsize"] * MM_PER_PT * 0.718 + prm["padding_mm"]
    rot = prm["labels_rot"]
    across = (rot in (90.0, 270.0)) if track.which == "row" else (rot in (0.0, 180.0))
    if across:  # the label's length runs along the axis
        from pyr_heatmap.backends.native.layout import text_extent_mm

        text_h = max(text_extent_mm([track.data["labels"][track.data["at"].index(i)]],
                                    prm["fontsize"])[0] for i in members) + prm["padding_mm"]
    h = text_h * per_mm
    ext = prm["extend_mm"] * per_mm
    cell = {int(i): p for p, i in enumerate(idx)}
    if track.which == "row":  # R works bottom-up: pos = n - i + 1, ascending
        order = sorted(members, key=lambda i: -cell[i])
        pos_r = np.array([m - cell[i] for i in order], dtype=float)
    else:
        order = sorted(members, key=lambda i: cell[i])
        pos_r = np.array([cell[i] + 1 for i in order], dtype=float)
    adj = smart_align(pos_r - h / 2, pos_r + h / 2, (0.5 - ext, m + 0.5 + ext))
    lab_r = adj.mean(axis=1)
    if track.which == "row":
        return order, m + 0.5 - pos_r, m + 0.5 - lab_r
    return order, pos_r - 0.5, lab_r - 0.5


def _mark(cv: Any, track: AnnoTrack, x: float, y: float, size: float,
          ext: list[tuple[float, float]], slices: list[np.ndarray]) -> None:
    prm = track.params
    lw_mm = prm["link_width_mm"]
    seg_mm = lw_mm - 1.0
    side = prm["side"]
    color = _col(track.gp, "col", "#000000")
    rot = prm["labels_rot"]
    for k, idx in enumerate(slices):
        start, length = ext[k]
        order, cells, labs = mark_layout(track, idx, length)
        m = idx.size
        if track.which == "row":
            ax = cv.axes(x, y + start, size, length, f"anno:{track.name}:{k}")
            ax.set_xlim(0, size) if side == "right" else ax.set_xlim(size, 0)
            ax.set_ylim(m, 0)
        else:
            ax = cv.axes(x + start, y, length, size, f"anno:{track.name}:{k}")
            ax.set_xlim(0, m)
            ax.set_ylim(0, size) if side == "top" else ax.set_ylim(size, 0)
        for i, c, h in zip(order, cells, labs, strict=True):
            across = [0, seg_mm / 3, seg_mm * 2 / 3, seg_mm]
            along = [c, c, h, h]
            ax.plot(*_xy(track.which, along, across), color=color, linewidth=_lw(track.gp),
                    solid_capstyle="butt", gid=f"mark_link:{i}")
            label = track.data["labels"][track.data["at"].index(i)]
            if track.which == "row":
                ha = "left" if side == "right" else "right"
                ax.text(lw_mm, h, label, fontsize=prm["fontsize"], rotation=rot, ha=ha,
                        va="center", rotation_mode="anchor", parse_math=False,
                        color=prm["labels_col"], gid=f"mark_label:{i}")
            else:
                ax.text(h, lw_mm, label, fontsize=prm["fontsize"], rotation=rot,
                        ha="left" if side == "top" else "right", va="center",
                        rotation_mode="anchor", parse_math=False, color=prm["labels_col"],
                        gid=f"mark_label:{i}")


def _block(cv: Any, track: AnnoTrack, x: float, y: float, size: float,
           ext: list[tuple[float, float]], slices: list[np.ndarray]) -> None:
    fills = track.gp.get("fill", "#FFFFFF")
    labels = track.data["labels"]
    for k, idx in enumerate(slices):
        ax = _slice_axes(cv, track, x, y, size, ext, k, idx.size, (0.0, 1.0))
        fill = fills[k % len(fills)] if isinstance(fills, tuple) else fills
        ax.add_patch(Rectangle((0, 0), 1, 1, transform=ax.transAxes, facecolor=fill,
                               edgecolor=_col(track.gp, "col", "#000000", k),
                               linewidth=LINE_W))
        if labels is not None:
            ax.text(0.5, 0.5, labels[k % len(labels)], transform=ax.transAxes, ha="center",
                    va="center", rotation=track.params["labels_rot"],
                    fontsize=track.params["fontsize"], parse_math=False)


def draw_anno_track(cv: Any, track: AnnoTrack, x: float, y: float, size: float,
                    ext: list[tuple[float, float]], slices: list[np.ndarray]) -> None:
    """Draw ``track`` with its box starting at (``x``, ``y``) mm from the figure's top-left.

    ``size`` is the track's height (column annotations) or width (row annotations); ``ext``
    the (start, length) in mm of each slice along the body, ``slices`` each slice's matrix
    indices in drawn order.
    """
    special = {"simple": _simple, "text": _text, "mark": _mark, "block": _block}
    if track.kind in special:
        special[track.kind](cv, track, x, y, size, ext, slices)
        return
    scale = track.scale or (0.0, 1.0)
    with_axis = axis_slice(track, len(slices)) if track.axis_at else -1
    for k, idx in enumerate(slices):
        ax = _slice_axes(cv, track, x, y, size, ext, k, idx.size, scale)
        _draw_slice(ax, track, idx, k)
        _border(ax, bool(track.params.get("border", False)))
        if k == with_axis:
            start, length = ext[k]
            box = ((x + start, y, length, size) if track.which == "column"
                   else (x, y + start, size, length))
            draw_axis(cv, track, box, scale)
