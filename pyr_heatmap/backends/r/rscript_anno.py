"""Annotation functions (``anno_*``) in the exported R script.

A block holding annotation functions is written as the same list the R backend hands to
``pyrhm_annotation_list()`` (:func:`~pyr_heatmap.backends.r.annotations.annotation_payload`):
numbers go to the numbers table, every string (names, labels, colours) to the text table, and
the script builds the list from them and calls ComplexHeatmap's own ``anno_*`` functions with
the package's R code for annotations (``r/annotations.R``), copied into the script. So the
script draws exactly what the R backend draws, and nothing the user wrote is pasted as code.
"""

from __future__ import annotations

import re
from typing import Any

import numpy as np

from pyr_heatmap.backends.r.rscript_text import _Files, r_num

__all__ = ["anno_function_helper", "annotation_function_code", "has_functions"]


def has_functions(block: Any) -> bool:
    """Whether the block holds an annotation function (else the plain colour-bar path)."""
    return block is not None and any(getattr(t, "is_function", False) for t in block.tracks)


def _r_value(v: Any, key: str, files: _Files) -> str:
    """``v`` (a payload value) as an R expression reading its data from the tables."""
    if v is None:
        return "NULL"
    if isinstance(v, (bool, np.bool_)):
        return "TRUE" if v else "FALSE"
    if isinstance(v, (int, float, np.integer, np.floating)):
        return r_num(float(v))
    if isinstance(v, str):
        return files.add_text(key, v)
    if isinstance(v, dict):
        items = [f"`{k}` = {_r_value(x, f'{key}_{k}', files)}" for k, x in v.items()]
        return "list(" + ", ".join(items) + ")"
    if isinstance(v, np.ndarray) and v.dtype.kind in "fiub":
        if v.ndim == 2:
            flat = files.add_numbers(key, np.asarray(v, dtype=np.float64).ravel(order="F"))
            return f"matrix({flat}, nrow = {v.shape[0]})"
        return files.add_numbers(key, np.atleast_1d(v))
    vals = list(v)
    if not vals:
        return "character(0)"
    if all(isinstance(x, str) or x is None for x in vals):
        text = files.add_text(key, ["" if x is None else x for x in vals])
        if any(x is None for x in vals):  # missing values: a mask in the numbers table
            mask = files.add_numbers(f"{key}_na", [x is None for x in vals])
            return f"replace({text}, {mask} == 1, NA)"
        return text
    return "list(" + ", ".join(_r_value(x, f"{key}_{i + 1}", files)
                               for i, x in enumerate(vals)) + ")"


def annotation_function_code(side: str, block: Any, which: str, files: _Files) -> str:
    """The R expression building the block's ``HeatmapAnnotation(...)``."""
    from pyr_heatmap.backends.r.annotations import annotation_payload

    payload = annotation_payload(block, which)
    return f"pyrhm_annotation_list({_r_value(payload, f'{side}_annofun', files)})"


def anno_function_helper() -> str:
    """The R functions the script needs: ``r/annotations.R`` and ``pyrhm_ramp``."""
    from pyr_heatmap.backends.r.bridge import r_source_files

    sources = dict(r_source_files())
    ramp = re.search(r"^pyrhm_ramp <- function.*?^}\n", sources["heatmap.R"],
                     re.MULTILINE | re.DOTALL)
    assert ramp is not None, "r/heatmap.R defines pyrhm_ramp"
    return ("\n# ComplexHeatmap's annotation functions built from the data tables "
            "(pyr_heatmap's r/annotations.R)\n" + ramp.group(0) + "\n"
            + sources["annotations.R"])
