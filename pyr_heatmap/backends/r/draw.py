"""The R backend: draw a compiled :class:`~pyr_heatmap.figure.spec.HeatmapSpec` with ComplexHeatmap.

R equivalent of what is run (through rpy2, in this process)::

    ht <- Heatmap(mat, name = , col = , cluster_rows = , clustering_distance_rows = , ...)
    d  <- draw(ht)                       # once, on a scratch device of the requested kind
    row_order(d); column_order(d)        # and the size ComplexHeatmap asks for: width(d)

The figure file is the scratch draw's recorded plot replayed on a device of that size
(pixel-identical to drawing again). The result keeps R's drawn object: ``save()`` in another
format or resolution draws it on the new device (``draw(d)``, R's way of re-drawing a drawn
heatmap), so nothing is clustered or laid out twice; the same format and resolution replay the
recording.

Two modes:

``r_clusters=True`` (default)
    R clusters the matrix itself from the same clustering arguments (distance, method, split,
    reordering, k-means): this is what an R user gets, and what :func:`pyr_heatmap.crosscheck`
    compares against. A tree given as :class:`~pyr_heatmap.engine.hclust.HClust` becomes an R
    ``hclust`` object (merge, height, order, labels). When no ``col`` was given, none is passed
    and ComplexHeatmap computes its own default colours (so the colours are compared too).
``r_clusters=False``
    R draws the trees computed in Python: an unsplit clustered axis gets its (already reordered)
    tree as an ``hclust`` with ``*_dend_reorder = FALSE``. A split axis gets the final order
    (``row_order``), the slices as a factor whose levels are the slices in drawn order,
    ``cluster_rows = FALSE`` and ``cluster_row_slices = FALSE``: R then draws exactly the
    Python order, without dendrograms on that axis. The colour mapping is always passed.

An axis clustered by a Python function (``cluster_rows=callable`` or a callable distance) cannot
be re-clustered by R; it is drawn from the Python trees in both modes.

Differences that stay: ``row_km = k`` (a number) runs R's own ``kmeans`` in ``r_clusters=True``
mode (seeded with ``set.seed(seed)``), which need not give the clusters of the local k-means.
k-means labels given as a vector are fed to ComplexHeatmap's own k-means post-processing.

Titles: with a split axis, ComplexHeatmap reads a single ``row_title``/``column_title`` as a
template (``"%s"`` via ``sprintf``, ``"@{...}"`` via ``GetoptLong::qq`` and ``"{...}"`` via
``glue``, the last two *evaluating* R code). Such a title is therefore given to ``draw()`` (the
heatmap list's title, drawn verbatim at the same side) instead of ``Heatmap()``.
"""

from __future__ import annotations

import tempfile
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from pyr_heatmap.backends.r.plan import _is_split_axis, _matrix, _pass_col, plan_axis, r_payload
from pyr_heatmap.errors import InputError, RBackendError
from pyr_heatmap.figure.spec import AxisSpec, HeatmapSpec
from pyr_heatmap.result import DrawnHeatmap, check_dpi

__all__ = ["FORMATS", "RDraw", "draw_r", "run_r_draw", "run_r_render"]

FORMATS = ("png", "pdf", "svg", "tiff", "ps", "eps", "jpeg")


# --------------------------------------------------------------------------------------------
# running it
# --------------------------------------------------------------------------------------------
@dataclass(frozen=True, eq=False)
class RDraw:
    """What one ``pyrhm_draw()`` call returned."""

    row_order: Any
    column_order: Any
    row_names: list[str]
    column_names: list[str]
    width_in: float
    height_in: float
    seconds: float
    image: bytes | None = None
    col_hex: list[str] | None = None
    messages: tuple[str, ...] = ()
    titles: dict[str, Any] = field(default_factory=dict)
    drawn: Any = None  # R's handle on the drawn heatmap (pyrhm_render), None for "null"
    layout: dict[str, tuple[float, ...]] = field(default_factory=dict)


def _order_from_r(value: Any, axis: AxisSpec) -> np.ndarray | dict[str, np.ndarray]:
    if isinstance(value, dict):
        return {str(k): np.asarray(v, dtype=np.int64) - 1 for k, v in value.items()}
    arr = np.asarray(value, dtype=np.int64) - 1
    if _is_split_axis(axis) and len(axis.slices) == 1:
        return {axis.slices[0].title: arr}
    return arr


def _flat(order: np.ndarray | dict[str, np.ndarray]) -> np.ndarray:
    if isinstance(order, dict):
        if not order:
            return np.zeros(0, dtype=np.int64)
        return np.concatenate(list(order.values()))
    return order


def _checked(res: dict[str, Any], who: str = "ComplexHeatmap") -> dict[str, Any]:
    """Raise R's error of a ``pyrhm_guarded()`` answer (``who`` failed: R's message); pass R's
    warnings on as one warning."""
    if not res.get("ok", [False])[0]:
        err = res.get("error")
        message = err[0] if isinstance(err, list) and err else str(err)
        raise RBackendError(f"{who} failed: {message}")
    r_warnings = list(dict.fromkeys(res.get("warnings") or []))
    if r_warnings:
        more = f" (and {len(r_warnings) - 3} more)" if len(r_warnings) > 3 else ""
        warnings.warn("R warned: " + " | ".join(r_warnings[:3]) + more, UserWarning,
                      stacklevel=5)
    return res


def _check_device(device: str, *, null_ok: bool = False) -> None:
    if device not in FORMATS and not (null_ok and device == "null"):
        raise InputError(f"unknown R output format {device!r}; use one of {', '.join(FORMATS)}")


def _drawing_call(fun: str, *args: Any, r_packages: tuple[str, ...] | None = None,
                  **kwargs: Any) -> dict[str, Any]:
    """Call the R drawing function ``fun`` and check its answer (:func:`_checked`).

    ``r_packages``: the R packages the call needs (default: :func:`bridge.packages_for`).
    R closes the devices it opened on exit; closing them here as well covers an interrupted call.
    """
    from pyr_heatmap.backends.r import bridge as rbridge

    packages = rbridge.packages_for(fun) if r_packages is None else r_packages
    sess = rbridge.session(packages)
    devices = sess.call("pyrhm_dev_list")
    try:
        res = sess.call(fun, *args, **kwargs)
    finally:
        sess.call("pyrhm_close_new_devices", devices)
    return _checked(res, packages[0] if packages else "R")


def _read_output(path: Path, device: str) -> bytes:
    if not path.exists():
        raise RBackendError(f"R did not write the {device} file")
    return path.read_bytes()


def run_r_draw(spec: HeatmapSpec, payload: dict[str, Any], device: str = "null",
               dpi: float = 100.0, extras: bool = False) -> RDraw:
    """Call ``pyrhm_draw()`` in R; ``device`` is ``"null"`` (orders only) or a file format."""
    _check_device(device, null_ok=True)
    with tempfile.TemporaryDirectory(prefix="pyr_heatmap_r_") as tmp:
        out_file = str(Path(tmp) / f"heatmap.{device}")
        scratch = str(Path(tmp) / f"scratch.{'png' if device == 'null' else device}")
        res = _drawing_call(
            "pyrhm_draw", _matrix(spec), payload,
            device=device, file=out_file if device != "null" else None,
            scratch=scratch, res=float(dpi),
            extras=bool(extras),
        )
        image = None if device == "null" else _read_output(Path(out_file), device)
    return RDraw(
        row_order=_order_from_r(res["row_order"], spec.row),
        column_order=_order_from_r(res["column_order"], spec.column),
        row_names=list(res.get("row_names") or spec.row.labels),
        column_names=list(res.get("column_names") or spec.column.labels),
        width_in=float(res["width_in"][0]),
        height_in=float(res["height_in"][0]),
        seconds=float(res["seconds"][0]),
        image=image,
        col_hex=res.get("col_hex"),
        messages=tuple(res.get("messages") or ()),
        titles=dict(res.get("titles") or {}),
        drawn=res.get("drawn"),
        layout={str(k): tuple(float(x) for x in np.asarray(v).ravel())
                for k, v in (res.get("layout") or {}).items()},
    )


def run_r_render(drawn: Any, device: str, dpi: float = 100.0) -> bytes:
    """Write a heatmap drawn by :func:`run_r_draw` in another format (``pyrhm_render()``).

    Nothing is clustered or laid out again: R replays the recorded plot (same device kind and
    resolution) or draws the drawn ``HeatmapList`` on the new device.
    """
    _check_device(device)
    with tempfile.TemporaryDirectory(prefix="pyr_heatmap_r_") as tmp:
        out_file = Path(tmp) / f"heatmap.{device}"
        _drawing_call("pyrhm_render", drawn, device, str(out_file), res=float(dpi))
        return _read_output(out_file, device)


def check_output(format: str, dpi: float) -> tuple[str, float]:
    """The image format (one of :data:`FORMATS`) and resolution an R drawing keeps, checked."""
    fmt = str(format).lower()
    if fmt not in FORMATS:
        raise InputError(f"format must be one of {', '.join(FORMATS)}, got {format!r}")
    return fmt, check_dpi(dpi)


def draw_r(spec: HeatmapSpec, *, r_clusters: bool = True, dpi: float = 100.0,
           format: str = "png", seed: int | None = None, reason: str = "",
           settings: dict[str, Any] | None = None) -> DrawnHeatmap:
    """Draw ``spec`` with ComplexHeatmap and return the result (``backend="r"``).

    Parameters
    ----------
    spec : HeatmapSpec
    r_clusters : bool
        True: R clusters the matrix from the same arguments; False: R draws the Python trees.
    dpi : float
        Resolution of the PNG/TIFF image.
    format : {"png", "pdf", "svg", "tiff"}
        Format of the image kept in the result (``save()`` renders other formats from R's
        drawn object, without clustering again).
    seed : int, optional
        ``set.seed(seed)`` before drawing (R's k-means).
    reason : str
        Stored as the result's ``reason``.
    settings : dict, optional
        ComplexHeatmap's ``draw()`` arguments checked by :mod:`pyr_heatmap.dispatch`.

    Raises
    ------
    RUnavailableError
        R, rpy2 or ComplexHeatmap is missing (typed subclass).
    RBackendError
        R raised an error (R's message included).
    """
    fmt, dpi = check_output(format, dpi)
    rows = plan_axis(spec, "row", r_clusters)
    cols = plan_axis(spec, "column", r_clusters)
    payload = r_payload(spec, rows, cols, pass_col=_pass_col(spec, r_clusters), seed=seed,
                        settings=settings)
    drawn = run_r_draw(spec, payload, device=fmt, dpi=dpi)
    images: dict[tuple[str, float], bytes] = {(fmt, _dpi_key(fmt, dpi)): drawn.image or b""}

    def render(out_fmt: str, out_dpi: float) -> bytes:
        key = (out_fmt, _dpi_key(out_fmt, out_dpi))
        if key not in images:
            images[key] = run_r_render(drawn.drawn, out_fmt, out_dpi)
        return images[key]

    row_flat = _flat(drawn.row_order)
    col_flat = _flat(drawn.column_order)
    result = DrawnHeatmap(
        spec, "r", figure=None, reason=reason,
        row_order=drawn.row_order, column_order=drawn.column_order,
        image=drawn.image, image_format=fmt, renderer=render,
        row_labels=[drawn.row_names[i] for i in row_flat],
        column_labels=[drawn.column_names[i] for i in col_flat],
    )
    result.layout = dict(drawn.layout)
    return result


def _dpi_key(fmt: str, dpi: float) -> float:
    return float(dpi) if fmt in ("png", "tiff", "jpeg") else 0.0

