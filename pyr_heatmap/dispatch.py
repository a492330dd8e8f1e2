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

__all__ = ["crosscheck", "draw", "draw_list", "list_orders", "to_r_script"]


def draw(heatmap: Any, backend: str = "auto", *, r_clusters: bool = True,
         **options: Any) -> DrawnHeatmap:
    """Compile ``heatmap`` and draw it with ``backend``; see :meth:`Heatmap.draw`."""

    if backend not in ("auto", "r", "native"):
        raise InputError(f"unknown backend {backend!r}; available: 'auto', 'r', 'native'")
    unknown = set(options) - {"dpi", "format"}
    if unknown:
        raise InputError(f"unknown draw() option(s) {sorted(unknown)}; known: dpi, format")
    if "dpi" in options:
        options["dpi"] = check_dpi(options["dpi"])
    too_big = r_size_problem(heatmap) if backend in ("r", "auto") else None
    if backend == "r" and too_big is not None:
        raise InputError(too_big)
    if backend == "auto" and too_big is not None:
        reason = f"{too_big}; drawn with the native backend"
        warnings.warn(reason, UserWarning, stacklevel=3)
        backend = "native"
    spec = heatmap.compile()
    if backend == "auto":
        problem = rbridge.probe()
        if problem is None:
            reason = "auto: R, rpy2 and ComplexHeatmap are usable, so R drew it"
            backend = "r"
        else:
            reason = f"{problem}; drawn with the native backend"
            warnings.warn(reason, UserWarning, stacklevel=3)  # the caller of Heatmap.draw
            backend = "native"
    else:
        reason = f"backend={backend!r} was requested"
    if backend == "r":
        from pyr_heatmap.backends.r.draw import draw_r

        return draw_r(spec, r_clusters=r_clusters, seed=heatmap.seed, reason=reason, **options)
    from pyr_heatmap.backends.native.plotter import draw_native

    native_options = {k: v for k, v in options.items() if k == "dpi"}
    drawn = draw_native(spec, **native_options)
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
    if backend == "auto":
        problem = rbridge.probe()
        if problem is not None:
            raise InputError(f"{problem}; native drawing of heatmap lists is not available yet "
                             "(use HeatmapList.orders() for the orders without R)")
        backend, reason = "r", "auto: R, rpy2 and ComplexHeatmap are usable, so R drew it"
    else:
        reason = f"backend={backend!r} was requested"
    if backend == "native":
        raise InputError(
            "native drawing of heatmap lists is not available yet: draw with backend='r' "
            "(ComplexHeatmap), or get the orders without R from HeatmapList.orders()"
        )
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
