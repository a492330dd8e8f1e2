"""The data axis of an annotation function: ComplexHeatmap's ``axis_param``.

R equivalent::

    anno_barplot(x, axis_param = list(side = "right", at = c(0, 5), labels = c("low", "high"),
                                      labels_rot = 0, gp = gpar(fontsize = 10),
                                      facing = "inside", direction = "reverse"))

Python::

    anno_barplot(x, axis_param={"side": "right", "at": [0, 5], "labels": ["low", "high"],
                                "labels_rot": 0, "gp": {"fontsize": 10},
                                "facing": "inside", "direction": "reverse"})

Defaults are ComplexHeatmap 2.14's ``default_axis_param(which)``: the axis left of column
annotations and below row annotations, facing outside, labels at 0 (columns) or 90 degrees
(rows), 8-pt text, ticks from ``pretty_breaks(data_scale)`` labelled by their values.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pyr_heatmap.errors import InputError

__all__ = ["AXIS_KEYS", "compile_axis", "pretty_breaks"]

AXIS_KEYS = ("at", "labels", "labels_rot", "gp", "side", "facing", "direction")


def pretty_breaks(lo: float, hi: float) -> tuple[float, ...]:
    """ComplexHeatmap's ``pretty_breaks()``: ``pretty(n = 3)`` inside the range, ``n = 5`` when
    that leaves two ticks or fewer."""
    from pyr_heatmap.figure.pretty import pretty

    at = [float(v) for v in pretty(lo, hi, 3) if lo <= v <= hi]
    if len(at) <= 2:
        at = [float(v) for v in pretty(lo, hi, 5) if lo <= v <= hi]
    return tuple(at)


def _numbers(v: Any, what: str) -> tuple[float, ...]:
    vals = [v] if isinstance(v, (int, float)) else list(v)
    try:
        return tuple(float(x) for x in vals)
    except (TypeError, ValueError) as exc:
        raise InputError(f"{what} must be numbers on the data scale ({exc})") from exc


def compile_axis(axis_param: Any, which: str, scale: tuple[float, float], name: str,
                 fixed_direction: bool = False) -> tuple[tuple[float, ...], dict[str, Any]]:
    """Check ``axis_param`` (a dict of ComplexHeatmap's keys) for an annotation of ``which``
    spanning ``scale``: the tick positions and the axis' drawing parameters.

    ``fixed_direction``: the kind always draws its axis in the normal direction
    (``anno_histogram``, ``anno_density``); ``"reverse"`` is an error there.
    """
    from pyr_heatmap.engine.rfactor import r_num_str
    from pyr_heatmap.figure.annotation_functions import _gp

    what = f"axis_param of annotation {name!r}"
    if axis_param is None:
        axis_param = {}
    if not isinstance(axis_param, Mapping):
        raise InputError(f"{what} must be a dict with keys among {AXIS_KEYS}")
    unknown = sorted(set(axis_param) - set(AXIS_KEYS))
    if unknown:
        raise InputError(f"{what}: unknown key(s) {unknown}; use keys among {AXIS_KEYS}")
    p = dict(axis_param)
    sides = ("left", "right") if which == "column" else ("bottom", "top")
    side = p.get("side", sides[0])
    if side not in sides:
        raise InputError(f"{what}: side of a {which} annotation's axis must be one of {sides}, "
                         f"got {side!r}")
    facing = p.get("facing", "outside")
    if facing not in ("outside", "inside"):
        raise InputError(f"{what}: facing must be 'outside' or 'inside', got {facing!r}")
    direction = p.get("direction", "normal")
    if direction not in ("normal", "reverse"):
        raise InputError(f"{what}: direction must be 'normal' or 'reverse', got {direction!r}")
    if fixed_direction and direction != "normal":
        raise InputError(f"{what}: this annotation's axis is always drawn in the normal "
                         "direction (ComplexHeatmap ignores direction here); drop it")
    given_at = p.get("at") is not None
    at = _numbers(p["at"], f"{what}: at") if given_at else pretty_breaks(*scale)
    labels = p.get("labels")
    if labels is None or not given_at:  # R: labels = at when at is computed
        texts = tuple(r_num_str(v) for v in at)
    else:
        labels = [labels] if isinstance(labels, (str, int, float)) else list(labels)
        if len(labels) != len(at):
            raise InputError(f"{what}: {len(labels)} labels for {len(at)} positions in at; "
                             "give one label per position")
        texts = tuple(r_num_str(float(v)) if isinstance(v, (int, float)) and
                      not isinstance(v, bool) else str(v) for v in labels)
    rot = p.get("labels_rot")
    try:
        rot = (0.0 if which == "column" else 90.0) if rot is None else float(rot)
    except (TypeError, ValueError) as exc:
        raise InputError(f"{what}: labels_rot must be a number of degrees") from exc
    gp = _gp(p.get("gp"), f"{what}: gp")  # R: a given gp replaces gpar(fontsize = 8)
    fontsize = float(gp.get("fontsize", 8.0 if p.get("gp") is None else 12.0))
    params = {"side": side, "facing": facing, "direction": direction, "labels": texts,
              "labels_rot": rot, "fontsize": fontsize,
              "col": gp.get("col", "#000000"), "lwd": float(gp.get("lwd", 1.0)),
              "given": {k: p[k] for k in AXIS_KEYS if p.get(k) is not None},
              "gp": gp}
    return at, params
