"""Cross-check a heatmap list: ComplexHeatmap's orders against the ones computed in Python.

R equivalent of what is compared::

    d <- draw(ht1 + ht2, main_heatmap = "b", row_split = 3)
    row_order(d); column_order(d)        # against ht_list.orders(main_heatmap="b", row_split=3)

R draws the list itself (the R backend with R clustering every heatmap from the same arguments,
:func:`~pyr_heatmap.backends.r.heatmap_list.draw_list_r`); the report says, for the shared axis
and for each heatmap's own axis, whether the order (slices included) is identical and where the
first difference is.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from pyr_heatmap.figure.heatmap_list import HeatmapListSpec

__all__ = ["ListCrosscheckReport", "crosscheck_list"]


def _flat(order: Any) -> np.ndarray:
    if isinstance(order, dict):
        parts = [_flat(v) for v in order.values()]
        return np.concatenate(parts) if parts else np.empty(0, dtype=np.int64)
    return np.asarray(order, dtype=np.int64)


def _slices(order: Any) -> list[str]:
    return [str(k) for k in order] if isinstance(order, dict) else []


def _first_difference(py: Any, r: Any) -> int | None:
    """Position of the first difference of the flattened orders (or of the slice names: 0)."""
    if _slices(py) != _slices(r):
        return 0
    a, b = _flat(py), _flat(r)
    if len(a) != len(b):
        return min(len(a), len(b))
    diff = np.flatnonzero(a != b)
    return int(diff[0]) if diff.size else None


@dataclass(frozen=True)
class ListCrosscheckReport:
    """Result of :func:`crosscheck_list`. ``str(report)`` is a readable summary.

    Attributes
    ----------
    direction : str
    shared_axis : {"row", "column"}
        The axis the heatmaps share (rows of a horizontal list).
    first_difference : dict
        ``"shared"`` and each heatmap's name -> position of the first difference of the
        flattened order (``None`` when identical; ``0`` when the slices differ).
    python, r : dict
        ``{"row_order": ..., "column_order": ...}`` from each side, 0-based.
    versions : dict
        R's and ComplexHeatmap's versions.
    """

    direction: str
    shared_axis: str
    first_difference: dict[str, int | None]
    python: dict[str, Any] = field(repr=False)
    r: dict[str, Any] = field(repr=False)
    versions: dict[str, str] = field(default_factory=dict)

    @property
    def identical(self) -> bool:
        """True only when every order of the list is R's."""
        return all(v is None for v in self.first_difference.values())

    def to_dict(self) -> dict[str, Any]:
        """Everything as plain JSON-compatible values."""
        def plain(o: Any) -> Any:
            if isinstance(o, dict):
                return {str(k): plain(v) for k, v in o.items()}
            return [int(v) for v in np.asarray(o).ravel()]

        return {"identical": self.identical, "direction": self.direction,
                "shared_axis": self.shared_axis, "first_difference": dict(self.first_difference),
                "python": plain(self.python), "r": plain(self.r),
                "versions": dict(self.versions)}

    def summary(self) -> str:
        """A readable multi-line summary."""
        v = self.versions
        lines = [f"heatmap list vs ComplexHeatmap {v.get('complexheatmap', '?')} "
                 f"({v.get('r', 'R ?')}): {'IDENTICAL' if self.identical else 'DIFFERENT'} "
                 "orders"]
        for key, pos in self.first_difference.items():
            what = (f"shared {self.shared_axis} order" if key == "shared"
                    else f"{key!r}: own {'column' if self.shared_axis == 'row' else 'row'} order")
            lines.append(f"  {what}: " + ("identical" if pos is None
                                          else f"differs (first difference at position {pos})"))
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.summary()


def crosscheck_list(spec: HeatmapListSpec) -> ListCrosscheckReport:
    """Draw ``spec`` with ComplexHeatmap and compare its orders with the Python ones.

    Raises
    ------
    RUnavailableError
        R, rpy2 or ComplexHeatmap is missing (typed subclass).
    RBackendError
        R raised an error.
    """
    from pyr_heatmap.backends.r import bridge as rbridge
    from pyr_heatmap.backends.r.heatmap_list import draw_list_r
    from pyr_heatmap.result.heatmap_list import HeatmapListOrders

    drawn = draw_list_r(spec, dpi=30.0, format="png", reason="crosscheck")
    mine = HeatmapListOrders(spec)
    shared_axis = "row" if spec.direction == "horizontal" else "column"
    own_axis = "column" if shared_axis == "row" else "row"
    diffs: dict[str, int | None] = {
        "shared": _first_difference(getattr(mine, f"{shared_axis}_order"),
                                    getattr(drawn, f"{shared_axis}_order"))}
    py_own, r_own = getattr(mine, f"{own_axis}_order"), getattr(drawn, f"{own_axis}_order")
    for name in spec.heatmaps:
        diffs[name] = _first_difference(py_own[name], r_own[name])
    versions = {str(k): str(v[0] if isinstance(v, list) else v)
                for k, v in rbridge.session().versions.items()}
    return ListCrosscheckReport(
        spec.direction, shared_axis, diffs,
        {"row_order": mine.row_order, "column_order": mine.column_order},
        {"row_order": drawn.row_order, "column_order": drawn.column_order}, versions)
