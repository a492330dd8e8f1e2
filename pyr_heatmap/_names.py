"""Matching of method names the way R does it, with a helpful error when nothing matches."""

from __future__ import annotations

import difflib
from collections.abc import Sequence

from pyr_heatmap.errors import InputError


def match_name(value: object, choices: Sequence[str], what: str, *, partial: bool = True) -> str:
    """Return the element of ``choices`` that ``value`` names.

    Follows R's ``pmatch``: an exact match wins, otherwise a unique prefix is accepted (when
    ``partial``). No match or an ambiguous prefix raises :class:`InputError` listing the valid
    names and suggesting the closest one.
    """
    if not isinstance(value, str):
        raise InputError(f"{what} must be a string, one of {', '.join(choices)}; got {value!r}")
    if value in choices:
        return value
    hits = [c for c in choices if c.startswith(value)] if partial and value else []
    if len(hits) == 1:
        return hits[0]
    valid = ", ".join(repr(c) for c in choices)
    if len(hits) > 1:
        raise InputError(
            f"ambiguous {what} {value!r}: it starts {', '.join(map(repr, hits))}; "
            f"give the full name (valid: {valid})"
        )
    close = difflib.get_close_matches(value.lower(), [c.lower() for c in choices], n=1, cutoff=0.5)
    hint = ""
    if close:
        hint = f"; did you mean {next(c for c in choices if c.lower() == close[0])!r}?"
    raise InputError(f"unknown {what} {value!r}{hint} (valid: {valid})")
