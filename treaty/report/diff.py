"""Rendering of a :class:`~treaty.diff.SpecDiff` (``treaty diff``): one row per change."""

from __future__ import annotations

from typing import Any

from ..errors import GameError
from ._json import render_json
from ._table import render_table

__all__ = ["render_diff", "DIFF_FORMATS"]

DIFF_FORMATS = ("table", "json", "markdown")


def render_diff(diff: Any, fmt: str = "table") -> str:
    """Render a spec diff: a sentence, then a table of the changes (section, item, old, new;
    ``-`` where the item is absent from one version), then the notes; or the JSON envelope.

    Examples
    --------
    >>> from treaty.diff import Change, SpecDiff
    >>> d = SpecDiff("a.yaml", "b.yaml", "normal-form",
    ...              (Change("parameters", "g", "1", "5/4"),), {})
    >>> print(render_diff(d), end="")
    a.yaml -> b.yaml: 1 change(s): 1 in parameters
    Each version at its own default parameter values.
    <BLANKLINE>
    section     item  old  new
    ----------  ----  ---  ---
    parameters  g     1    5/4
    """
    if fmt == "json":
        return render_json(diff, command="diff", parameters=diff.parameters)
    if fmt not in DIFF_FORMATS:
        raise GameError(f"unknown format {fmt!r} for a diff (expected one of "
                        f"{', '.join(DIFF_FORMATS)})")
    lines = [diff.describe()]
    if diff.parameters:
        lines.append("Both versions at " + ", ".join(f"{k} = {v}" for k, v in
                                                     diff.parameters.items()) + ".")
    else:
        lines.append("Each version at its own default parameter values.")
    if diff.changes:
        rows = [[c.section, c.item, "-" if c.old is None else c.old,
                 "-" if c.new is None else c.new] for c in diff.changes]
        lines.append("")
        lines.append(render_table(["section", "item", "old", "new"], rows, fmt).rstrip("\n"))
    for note in diff.notes:
        lines.append(f"Note: {note}.")
    return "\n".join(lines) + "\n"
