"""Where the verbs of figure objects find their backend: ``draw``, ``crosscheck``, ``to_r_script``.

``Heatmap.draw()`` and its siblings import this module inside the method: a figure object knows
what to draw, this module knows who draws it (the native backend, or ComplexHeatmap through the R
backend) and what ``backend="auto"`` falls back to. It is the only place that chooses a backend.
"""

from __future__ import annotations

import warnings
from typing import Any

from pyr_heatmap.backends.r import bridge as rbridge
from pyr_heatmap.backends.r.plan import r_size_problem
from pyr_heatmap.errors import InputError
from pyr_heatmap.result import DrawnHeatmap, check_dpi

__all__ = ["choose_backend", "crosscheck", "draw", "draw_list", "list_crosscheck", "list_orders",
           "list_to_r_script", "to_r_script"]


_DRAW_OPTIONS = ("dpi", "format", "figure", "column_title", "title_fontsize",
                 "heatmap_legend_side", "annotation_legend_side", "merge_legend", "padding")
_AUTO_WARNED: set[str] = set()  # reasons already warned about (once per process)


def _warn_once(reason: str, stacklevel: int) -> None:
    """Warn about a fallback to the native backend once per process and reason (not on every
    draw); ``stacklevel`` as the caller would pass it to ``warnings.warn``."""
    if reason not in _AUTO_WARNED:
        _AUTO_WARNED.add(reason)
        warnings.warn(reason, UserWarning, stacklevel=stacklevel + 1)


def _draw_options(options: dict[str, Any], backend: str) -> dict[str, Any]:
    """Check draw()'s options; return the draw-level settings both backends read."""
    from pyr_heatmap.figure.checks import _number

    unknown = set(options) - set(_DRAW_OPTIONS)
    if unknown:
        raise InputError(f"unknown draw() option(s) {sorted(unknown)}; known: "
                         f"{', '.join(_DRAW_OPTIONS)}")
    if "dpi" in options:
        options["dpi"] = check_dpi(options["dpi"])
    out: dict[str, Any] = {}
    for key in ("heatmap_legend_side", "annotation_legend_side"):
        side = options.get(key, "right")  # R's defaults: both "right"
        if side not in ("right", "left", "bottom", "top"):
            raise InputError(f"{key} must be one of 'right', 'left', 'bottom', 'top' "
                             f"(ComplexHeatmap's sides), got {side!r}")
        out[key] = side
    merge = options.get("merge_legend", False)
    if not isinstance(merge, bool):
        raise InputError(f"merge_legend must be True or False, got {merge!r}")
    out["merge_legend"] = merge
    pad = options.get("padding")
    if pad is not None:
        vals = [pad] * 4 if not hasattr(pad, "__iter__") else list(pad)
        if len(vals) != 4:
            raise InputError("padding must be one number or four (bottom, left, top, right; "
                             f"mm, R's order), got {pad!r}")
        b, left, t, r = (_number(v, "padding") for v in vals)
        out["padding"] = (left, t, r, b)  # the native layout's order
    title = options.get("column_title")
    if title is not None:
        if not isinstance(title, str):
            raise InputError(f"column_title must be a string, got {title!r}")
        out["column_title"] = title
        out["title_fontsize"] = _number(options.get("title_fontsize", 13.2), "title_fontsize")
    if options.get("figure") is not None and backend == "r":
        raise InputError("figure= draws into a matplotlib figure: backend='native' only "
                         "(the R backend draws on R's own devices)")
    return out


def draw(heatmap: Any, backend: str = "native", *, r_clusters: bool = True,
         **options: Any) -> DrawnHeatmap:
    """Compile ``heatmap`` and draw it with ``backend``; see :meth:`Heatmap.draw`."""
    if backend not in ("auto", "r", "native"):
        raise InputError(f"unknown backend {backend!r}; available: 'native', 'r', 'auto'")
    _draw_options(dict(options), "native")  # checked before the (slow) compile
    reason = None
    too_big = r_size_problem(heatmap) if backend in ("r", "auto") else None
    if too_big is not None:  # R's hclust refuses it: say so before any work
        if backend == "r":
            raise InputError(too_big)
        reason = f"{too_big}; drawn with the native backend"
        _warn_once(reason, stacklevel=3)
        backend = "native"
    spec = heatmap.compile()
    for note in spec.notes:
        warnings.warn(note, UserWarning, stacklevel=3)
    if backend == "auto":
        problem = rbridge.probe()
        if problem is None:
            reason = "auto: R, rpy2 and ComplexHeatmap are usable, so R drew it"
            backend = "r"
        else:
            reason = f"{problem}; drawn with the native backend"
            _warn_once(reason, stacklevel=3)  # the caller of Heatmap.draw
            backend = "native"
    elif reason is None:
        reason = f"backend={backend!r} was requested"
    settings = _draw_options(dict(options), backend)
    if backend == "r":
        from pyr_heatmap.backends.r.draw import draw_r

        if spec.cell_fun is not None:
            raise InputError("cell_fun is a Python function: backend='native' only; for the "
                             "R backend give cell_text (drawn by both backends)")
        r_options = {k: v for k, v in options.items() if k in ("dpi", "format")}
        return draw_r(spec, r_clusters=r_clusters, seed=heatmap.seed, reason=reason,
                      settings=settings, **r_options)
    from pyr_heatmap.backends.native.plotter import draw_native

    drawn = draw_native(spec, dpi=options.get("dpi", 100.0), figure=options.get("figure"),
                        options=settings)
    drawn.reason = reason
    return drawn


def list_orders(spec: Any) -> Any:
    """The orders of a compiled heatmap list, without drawing; see :meth:`HeatmapList.orders`."""
    from pyr_heatmap.result.heatmap_list import HeatmapListOrders

    return HeatmapListOrders(spec)


def draw_list(spec: Any, backend: str = "auto", **options: Any) -> Any:
    """Draw a compiled heatmap list; see :meth:`HeatmapList.draw`."""
    if backend not in ("auto", "r", "native"):
        raise InputError(f"unknown backend {backend!r}; available: 'auto', 'r', 'native'")
    figure = options.pop("figure", None)
    if "dpi" in options:
        options["dpi"] = check_dpi(options["dpi"])
    if figure is not None and backend == "r":
        raise InputError("figure= draws into a matplotlib figure: backend='native' only "
                         "(the R backend draws on R's own devices)")
    if backend == "auto":
        problem = rbridge.probe() if figure is None else "figure= was given"
        if problem is None:
            backend, reason = "r", "auto: R, rpy2 and ComplexHeatmap are usable, so R drew it"
        else:
            reason = f"{problem}; drawn with the native backend"
            if figure is None:
                _warn_once(reason, stacklevel=3)
            backend = "native"
    else:
        reason = f"backend={backend!r} was requested"
    if backend == "native":
        from pyr_heatmap.backends.native.heatmap_list import draw_list_native

        return draw_list_native(spec, dpi=options.get("dpi", 100.0), figure=figure,
                                reason=reason)
    from pyr_heatmap.backends.r.heatmap_list import draw_list_r

    return draw_list_r(spec, reason=reason, **options)


def crosscheck(heatmap: Any, **options: Any) -> Any:
    """ComplexHeatmap's orders against this package's; see :func:`pyr_heatmap.crosscheck`."""
    from pyr_heatmap.backends.r.crosscheck import crosscheck as run

    return run(heatmap, **options)


def to_r_script(heatmap: Any, path: Any, **options: Any) -> Any:
    """Write the standalone R script; see :func:`pyr_heatmap.to_r_script`."""
    from pyr_heatmap.backends.r.rscript import to_r_script as export

    return export(heatmap, path, **options)


def list_to_r_script(spec: Any, path: Any, **options: Any) -> Any:
    """Write a heatmap list's standalone R script; see :meth:`HeatmapList.to_r_script`."""
    from pyr_heatmap.backends.r.rscript_list import list_to_r_script as export

    return export(spec, path, **options)


def list_crosscheck(spec: Any) -> Any:
    """R's orders of a heatmap list against Python's; see :meth:`HeatmapList.crosscheck`."""
    from pyr_heatmap.backends.r.crosscheck_list import crosscheck_list

    return crosscheck_list(spec)


def choose_backend(backend: str, packages: tuple[str, ...], who: str) -> tuple[str, str]:
    """``(backend, reason)`` for a front end: ``"auto"`` becomes ``"r"`` when R, rpy2 and
    ``packages`` are usable, else ``"native"`` with a warning (once per process and reason).

    ``who`` names the R function that draws (``"pheatmap"``, ``"gplots::heatmap.2"``).
    """
    if backend not in ("auto", "r", "native"):
        raise InputError(f"unknown backend {backend!r}; available: 'native', 'r', 'auto'")
    if backend != "auto":
        return backend, f"backend={backend!r} was requested"
    problem = rbridge.probe(packages)
    if problem is None:
        return "r", f"auto: R and rpy2 are usable, so {who} drew it in R"
    reason = f"{problem}; drawn with the native backend"
    _warn_once(reason, stacklevel=4)
    return "native", reason
