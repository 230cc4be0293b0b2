"""Rendering of a :class:`~treaty.mechanics.thresholds.Threshold` (``treaty threshold``)."""

from __future__ import annotations

from typing import Any

from ..errors import GameError
from ._json import render_json
from ._table import render_table

__all__ = ["render_threshold", "THRESHOLD_FORMATS"]

THRESHOLD_FORMATS = ("table", "json", "markdown")


def render_threshold(th: Any, fmt: str = "table", game: Any = None) -> str:
    """Render a threshold: its sentence, every equilibrium condition as a function of the
    parameter, and whether the target holds at the current value; or the JSON envelope
    (*game*, the model at the current parameters, fills its ``game`` block)."""
    if fmt == "json":
        return render_json(th, command="threshold", game=game)
    if fmt not in THRESHOLD_FORMATS:
        raise GameError(f"unknown format {fmt!r} for a threshold (expected one of "
                        f"{', '.join(THRESHOLD_FORMATS)})")
    over = th.parameter
    md = fmt == "markdown"
    lines = [th.describe() + ".", ""]
    rows = [[c.label(), c.formula(over)] for c in th.conditions]
    lines.append("Equilibrium conditions (payoff at the target minus payoff after the "
                 "deviation, must be >= 0):")
    lines.append("")
    lines.append(render_table(["deviation", f"payoff difference as a function of {over}"],
                              rows, "markdown" if md else "table"))
    now = "-" if th.current is None else str(th.current)
    lines.append(f"Current value {over} = {now}: the target "
                 f"{'is' if th.holds_now else 'is not'} an equilibrium there. "
                 f"Method: {th.method} ({'exact' if th.exact else 'approximate'}).")
    return "\n".join(lines) + "\n"
