"""The result of a heatmap list: R's ``row_order(draw(ht_list))`` / ``column_order(...)``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from pyr_heatmap.figure.heatmap_list import HeatmapListSpec
from pyr_heatmap.result.drawn import DrawnHeatmap, _axis_order

__all__ = ["DrawnHeatmapList", "HeatmapListOrders", "per_heatmap_orders"]

Order = np.ndarray | dict[str, np.ndarray]


def per_heatmap_orders(orders: dict[str, Order]) -> dict[str, Order]:
    """The per-heatmap orders in the form of R's ``column_order(draw(ht_list))``.

    ComplexHeatmap's ``proper_format_lt()``: when one heatmap of the list is split on that axis,
    every heatmap's order is a list of slices, so an unsplit heatmap's order becomes one unnamed
    slice (named ``"1"`` here, as unnamed slices are everywhere in this package).
    """
    if not any(isinstance(o, dict) for o in orders.values()):
        return dict(orders)
    return {k: o if isinstance(o, dict) else {"1": o} for k, o in orders.items()}


class HeatmapListOrders:
    """Row and column orders of a heatmap list, computed in Python (0-based).

    Attributes
    ----------
    row_order, column_order
        Horizontal list: ``row_order`` is the main heatmap's row order shared by every heatmap
        (an array, or a dict slice name -> indices when split), ``column_order`` a dict heatmap
        name -> that heatmap's column order (an array, or a dict of slices; as in R, when one
        heatmap is split every heatmap's order is a dict, an unsplit one with the single slice
        ``"1"``). A vertical list is
        the transpose: ``column_order`` shared, ``row_order`` per heatmap. Exactly R's
        ``row_order(draw(ht_list))`` and ``column_order(draw(ht_list))`` minus one.
    spec : HeatmapListSpec
    """

    def __init__(self, spec: HeatmapListSpec) -> None:
        self.spec = spec
        shared, own = ("row", "column") if spec.direction == "horizontal" else ("column", "row")
        orders = {
            shared: _axis_order(getattr(spec.main_spec, shared)),
            own: per_heatmap_orders({name: _axis_order(getattr(s, own))
                                     for name, s in spec.heatmaps.items()}),
        }
        self.row_order: Any = orders["row"]
        self.column_order: Any = orders["column"]

    @property
    def direction(self) -> str:
        return self.spec.direction

    @property
    def main_heatmap(self) -> str:
        """Name of the main heatmap."""
        return self.spec.members[self.spec.main][1]

    def __repr__(self) -> str:
        return (f"{type(self).__name__}(direction={self.direction!r}, "
                f"heatmaps={list(self.spec.heatmaps)!r}, main={self.main_heatmap!r})")


class DrawnHeatmapList(DrawnHeatmap):
    """A drawn heatmap list: the orders of :class:`HeatmapListOrders` plus the image.

    ``row_order`` / ``column_order`` are as in :class:`HeatmapListOrders` (from the backend
    that drew it: R's own answer for ``backend="r"``); ``list_spec`` is what was drawn, ``spec``
    the main heatmap's spec; ``save()``, ``image`` and ``to_png()`` as for
    :class:`~pyr_heatmap.result.DrawnHeatmap`.
    """

    def __init__(self, list_spec: HeatmapListSpec, backend: str, *, row_order: Order | dict,
                 column_order: Order | dict, reason: str = "", figure: Any = None,
                 image: bytes | None = None, image_format: str | None = None,
                 renderer: Callable[[str, float], bytes] | None = None) -> None:
        main = list_spec.main_spec
        super().__init__(main, backend, figure=figure, reason=reason, row_order=row_order,
                         column_order=column_order, image=image, image_format=image_format,
                         renderer=renderer)
        self.list_spec = list_spec

    @property
    def direction(self) -> str:
        return self.list_spec.direction

    @property
    def row_labels(self) -> list[str]:  # type: ignore[override]
        """Row names in drawn order (horizontal list: the shared rows)."""
        if self.direction == "horizontal":
            return super().row_labels
        raise AttributeError("a vertical list has one row order per heatmap; use row_order")

    @property
    def column_labels(self) -> list[str]:  # type: ignore[override]
        if self.direction == "vertical":
            return super().column_labels
        raise AttributeError("a horizontal list has one column order per heatmap; use "
                             "column_order")

    def __repr__(self) -> str:
        return (f"DrawnHeatmapList(direction={self.direction!r}, backend={self.backend!r}, "
                f"heatmaps={list(self.list_spec.heatmaps)!r})")
