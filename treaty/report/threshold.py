"""Rendering of a :class:`~treaty.mechanics.thresholds.Threshold` (``treaty threshold``)."""

from __future__ import annotations

from typing import Any

from ..errors import GameError
from ._json import render_json
from ._table import render_table
from ._text import Numbers, wrap

__all__ = ["render_threshold", "THRESHOLD_FORMATS"]

THRESHOLD_FORMATS = ("table", "json", "markdown")


def render_threshold(th: Any, fmt: str = "table", game: Any = None,
                     decimals: int | None = None) -> str:
    """Render a threshold: its sentence, every equilibrium condition as a function of the
    parameter, and whether the target holds at the current value; or the JSON envelope
    (*game*, the model at the current parameters, fills its ``game`` block).

    Sentences are wrapped, with *decimals* decimals beside their fractions (default 3);
    the formulas in the tables are left as written."""
    if fmt == "json":
        return render_json(th, command="threshold", game=game)
    if fmt not in THRESHOLD_FORMATS:
        raise GameError(f"unknown format {fmt!r} for a threshold (expected one of "
                        f"{', '.join(THRESHOLD_FORMATS)})")
    over = th.parameter
    md = fmt == "markdown"
    lines = [th.describe() + ".", ""]
    if th.repeated is not None:
        rep = th.repeated
        lines.append(f"Repeated-game conditions ({rep.scheme}), one per deviation, must be >= 0: "
                     "p (R - P)(delta - delta^(T+1)) - (1 - delta)(D - R), with R the target's "
                     "stage payoff, D the deviation's, P the punishment payoff, p the detection "
                     "probability, delta the discount factor and T the punishment length "
                     "(delta^(T+1) = 0 for grim trigger):")
        lines.append("")
        lines.append(render_table(["deviation", f"condition as a function of {over}"],
                                  [[c.label(), c.formula(over)] for c in rep.conditions],
                                  "markdown" if md else "table"))
        lines.append(_now(rep, "sustained in the repeated game"))
        lines.append("")
        lines.append("Stage-game conditions (payoff at the target minus payoff after the "
                     "deviation, must be >= 0):")
    elif th.question == "subgame-perfect":
        lines.append("Subgame-perfection conditions (in each subgame, the mover's payoff from its "
                     "root at the target minus after the deviation, must be >= 0):")
    else:
        lines.append("Equilibrium conditions (payoff at the target minus payoff after the "
                     "deviation, must be >= 0):")
    rows = [[c.label(), c.formula(over)] for c in th.conditions]
    lines.append("")
    lines.append(render_table(["deviation", f"payoff difference as a function of {over}"],
                              rows, "markdown" if md else "table"))
    lines.append(_now(th, "an equilibrium of the stage game" if th.repeated is not None
                      else "subgame perfect" if th.question == "subgame-perfect"
                      else "an equilibrium"))
    num = Numbers(decimals)  # sentences (one line each) wrapped and annotated; tables kept
    return "\n".join(x if "\n" in x else wrap(num.text(x)) for x in lines) + "\n"


def _now(th: Any, what: str) -> str:
    now = "-" if th.current is None else str(th.current)
    verdict = "-" if th.holds_now is None else ("is" if th.holds_now else "is not")
    return (f"Current value {th.parameter} = {now}: the target {verdict} {what} there. "
            f"Method: {th.method} ({'exact' if th.exact else 'approximate'}).")
