"""ComplexHeatmap's ``Legend()``: a legend of its own, added to a heatmap list's legends.

R equivalent::

    lgd <- Legend(at = c("up", "down"), legend_gp = gpar(fill = c("red", "blue")),
                  title = "regulation")
    lgd2 <- Legend(col_fun = colorRamp2(c(0, 1), c("white", "darkgreen")), title = "score")
    draw(ht_list, heatmap_legend_list = list(lgd), annotation_legend_list = list(lgd2))

Python::

    lgd = Legend(at=["up", "down"], legend_gp={"fill": ["red", "blue"]}, title="regulation")
    lgd2 = Legend(col_fun=color_ramp2([0, 1], ["white", "darkgreen"]), title="score")
    ht_list.draw(backend="r", heatmap_legend_list=[lgd], annotation_legend_list=[lgd2])

A :class:`Legend` is an immutable description, checked when it is made; the R backend draws it
with ``ComplexHeatmap::Legend()`` from its values (text passed as data).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from pyr_heatmap.errors import InputError
from pyr_heatmap.figure.checks import _colour
from pyr_heatmap.figure.colors import ColorRamp2

__all__ = ["Legend", "legend_list"]

_GP_KEYS = ("fill", "col")


def _values(value: Any, what: str) -> tuple[Any, ...]:
    if isinstance(value, (str, bytes)) or not isinstance(value, (Sequence, np.ndarray)):
        value = [value]
    vals = list(np.asarray(value, dtype=object).ravel())
    if not vals:
        raise InputError(f"Legend {what} is empty; give at least one value")
    if all(isinstance(v, str) for v in vals):
        return tuple(vals)
    try:
        nums = np.asarray(vals, dtype=np.float64)
    except (TypeError, ValueError):
        raise InputError(f"Legend {what} must be all numbers or all strings, got {value!r}") \
            from None
    if isinstance(vals[0], (bool, np.bool_)) or not np.isfinite(nums).all():
        raise InputError(f"Legend {what} must be finite numbers or strings, got {value!r}")
    return tuple(float(v) for v in nums)


class Legend:
    """A legend of its own, as ComplexHeatmap's ``Legend()`` (keyword-only, R's names).

    Parameters
    ----------
    at : sequence of numbers or strings, optional
        The legend's values: the categories of a discrete legend (required without
        ``col_fun``), or the tick positions of a colour bar (default: R's, from ``col_fun``).
    labels : sequence of str, optional
        Text shown for each value of ``at`` (default: ``at`` itself).
    col_fun : ColorRamp2, optional
        A colour mapping (:func:`~pyr_heatmap.figure.colors.color_ramp2`): the legend is a
        continuous colour bar.
    legend_gp : dict, optional
        ``{"fill": colours}`` of the grids of a discrete legend (one colour or one per value),
        optionally ``{"col": colours}`` of their borders; R's ``gpar()``.
    title : str
        The legend's title (default none, R's ``""``).
    direction : {"vertical", "horizontal"}
    type : {"grid"}
        Only R's default legend type, filled grids, is supported.

    Raises
    ------
    InputError
        A value R refuses or this class does not support, naming the argument.
    """

    __slots__ = ("at", "col_fun", "direction", "labels", "legend_gp", "title", "type")

    def __init__(self, *, at: Any = None, labels: Any = None, col_fun: ColorRamp2 | None = None,
                 legend_gp: Mapping[str, Any] | None = None, title: str = "",
                 direction: str = "vertical", type: str = "grid") -> None:
        if not isinstance(title, str):
            raise InputError(f"Legend title must be a string, got {title!r}")
        if direction not in ("vertical", "horizontal"):
            raise InputError(f"Legend direction must be 'vertical' or 'horizontal', got "
                             f"{direction!r}")
        if type != "grid":
            raise InputError(f"Legend type={type!r} is not supported yet; only 'grid' (R's "
                             "default: filled grids or a colour bar)")
        if col_fun is not None and not isinstance(col_fun, ColorRamp2):
            raise InputError("Legend col_fun must be a ColorRamp2 (made with color_ramp2())")
        at_vals = None if at is None else _values(at, "at")
        if col_fun is None and at_vals is None:
            raise InputError("Legend needs at= (the categories, with legend_gp={'fill': "
                             "colours}) or col_fun= (a colour bar)")
        if col_fun is not None and at_vals is not None and isinstance(at_vals[0], str):
            raise InputError("Legend at= must be numbers when col_fun is given (tick positions)")
        label_vals = None
        if labels is not None:
            label_vals = tuple(str(v) for v in _values(labels, "labels"))
            if at_vals is None or len(label_vals) != len(at_vals):
                raise InputError("Legend labels need at= of the same length (one label per "
                                 "value of at)")
        gp: dict[str, tuple[str, ...]] = {}
        for key, value in dict(legend_gp or {}).items():
            if key not in _GP_KEYS:
                raise InputError(f"Legend legend_gp takes {list(_GP_KEYS)}, got {key!r}")
            cols = tuple(value) if isinstance(value, (list, tuple, np.ndarray)) else (value,)
            n = len(at_vals) if at_vals is not None else 1
            if len(cols) not in (1, n):
                raise InputError(f"Legend legend_gp[{key!r}] needs one colour or one per value "
                                 f"of at ({n}), got {len(cols)}")
            gp[key] = tuple(str(_colour(c, f"Legend legend_gp[{key!r}]")) for c in cols)
        if col_fun is None and "fill" not in gp:
            raise InputError("a discrete Legend needs legend_gp={'fill': colours} (one per "
                             "value of at)")
        for name, value in (("at", at_vals), ("labels", label_vals), ("col_fun", col_fun),
                            ("legend_gp", gp), ("title", title), ("direction", direction),
                            ("type", type)):
            object.__setattr__(self, name, value)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("Legend is immutable")

    def __repr__(self) -> str:
        kind = "colour bar" if self.col_fun is not None else f"{len(self.at or ())} values"
        return f"Legend(title={self.title!r}, {kind})"


def legend_list(value: Any, what: str) -> tuple[Legend, ...] | None:
    """``heatmap_legend_list`` / ``annotation_legend_list``: one Legend or a sequence of them."""
    if value is None:
        return None
    items = [value] if isinstance(value, Legend) else value
    if not isinstance(items, (list, tuple)) or not all(isinstance(v, Legend) for v in items):
        raise InputError(f"{what} must be a Legend or a list of Legend objects (made with "
                         f"Legend(at=, legend_gp=, title=) or Legend(col_fun=)), got {value!r}")
    return tuple(items)
