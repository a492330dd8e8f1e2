"""Dendrogram styling in the exported R script (:mod:`.rscript`): ``row_dend_gp`` /
``column_dend_gp`` as ``gpar()`` and branch colours as the ``edgePar`` of the tree's nodes.

Colours come from the script's text table (``txt()``), cluster numbers from its number table
(``num()``); only numbers and validated line types are written into the code.
"""

from __future__ import annotations

import numpy as np

from pyr_heatmap.backends.r.rscript_text import _Files, r_num, r_string
from pyr_heatmap.figure.spec import HeatmapSpec

__all__ = ["DEND_HELPER", "dend_code"]

DEND_HELPER = """
# colour a dendrogram's branches as dendextend::color_branches() does: a node whose leaves all
# lie in one cluster gets that cluster's colour (edgePar), and so does everything below it
color_dend <- function(dend, groups, colors) {
    groups[groups == 0] <- NA  # 0: no cluster
    set_col <- function(node) {
        ep <- attr(node, "edgePar")
        ep$col <- colors[groups[order.dendrogram(node)][1L]]
        attr(node, "edgePar") <- ep
        node
    }
    paint <- function(node) {
        g <- unique(groups[order.dendrogram(node)])
        if (length(g) == 1L && !is.na(g)) return(dendrapply(node, set_col))
        if (!isTRUE(attr(node, "leaf"))) {
            for (i in seq_along(node)) node[[i]] <- paint(node[[i]])
        }
        node
    }
    paint(dend)
}
"""


def dend_code(spec: HeatmapSpec, files: _Files, body: list[str], args: list[str]) -> bool:
    """Add the styling lines to ``body`` and the ``*_dend_gp`` arguments to ``args``; a tree
    given as ``cluster_rows = hr`` becomes its coloured dendrogram. Returns whether the script
    needs :data:`DEND_HELPER`."""
    helper = False
    for which, axis in (("row", spec.row), ("column", spec.column)):
        style = axis.dend_style
        if style is None:
            continue
        gp = style.gp
        parts = []
        if gp.col is not None:
            parts.append(f"col = {files.add_text(which + '_dend_col', gp.col)}")
        if gp.lwd is not None:
            parts.append(f"lwd = {r_num(gp.lwd)}")
        if gp.lty is not None:
            parts.append(f"lty = {r_string(gp.lty)}")
        args.append(f"{which}_dend_gp = gpar({', '.join(parts)})")
        tree_arg = f"cluster_{which}s = h{which[0]}"
        if style.groups is None or tree_arg not in args:
            continue
        helper = True
        groups = files.add_numbers(f"{which}_branch_groups", np.asarray(style.groups) + 1)
        colors = files.add_text(f"{which}_branch_colors", list(style.colors))
        body.append(f"d{which[0]} <- color_dend(as.dendrogram(h{which[0]}), {groups}, {colors})")
        args[args.index(tree_arg)] = f"cluster_{which}s = d{which[0]}"
    return helper
