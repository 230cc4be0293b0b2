"""Rendering of an :class:`~treaty.nash.EquilibriumSet` (``treaty solve``)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from .._exact.numbers import format_number
from ._json import render_json
from ._table import render_table

__all__ = ["render_equilibria", "EQUILIBRIA_FORMATS"]

EQUILIBRIA_FORMATS = ("table", "json", "csv", "markdown")


def _mix(probs: Sequence[Any], labels: Sequence[str]) -> str:
    terms = [lbl if p == 1 else f"{format_number(p)} {lbl}" for lbl, p in zip(labels, probs)
             if p != 0]
    return " + ".join(terms)


def _continua(result: Any) -> str:
    """A note on the convex sets of equilibria (maximal Nash subsets) of a degenerate game."""
    big = [sub for sub in result.nash_subsets if len(sub) > 1]
    if not big:
        return ""
    lines = ["", "Continua of equilibria (maximal Nash subsets): any mixture of the listed "
             "equilibria's strategies, player by player, is also an equilibrium:"]
    lines += ["  {" + ", ".join(f"#{k + 1}" for k in sub) + "}" for sub in big]
    return "\n".join(lines) + "\n"


def equilibria_rows(game: Any, result: Any) -> tuple[list[str], list[list[Any]]]:
    """Headers and one row per equilibrium: strategies, payoffs, regret (and component)."""
    headers = ["#", *[f"{p} strategy" for p in game.players],
               *[f"{p} payoff" for p in game.players], "regret"]
    multi_comp = 1 < len(result.components) < len(result)
    if multi_comp:
        headers.append("component")
    rows = []
    for k, e in enumerate(result):
        row = [k + 1, *[_mix(e.strategies[i], game.strategies[i]) for i in range(len(game.players))],
               *[format_number(v) for v in e.payoffs], format_number(e.regret)]
        if multi_comp:
            row.append("" if e.component is None else e.component)
        rows.append(row)
    return headers, rows


def render_equilibria(game: Any, result: Any, fmt: str = "table",
                      parameters: Mapping[str, Any] | None = None, *,
                      command: str = "solve") -> str:
    """Render an :class:`~treaty.nash.EquilibriumSet` of *game* as ``"table"``, ``"markdown"``,
    ``"csv"`` (one row per equilibrium) or ``"json"`` (the envelope of docs/output-format.md)."""
    if fmt == "json":
        return render_json(result, command=command, game=game, parameters=parameters)
    headers, rows = equilibria_rows(game, result)
    if fmt == "csv":
        return render_table(headers, rows, "csv")
    table = render_table(headers, rows, fmt)
    kind = "exact" if game.is_exact else "floating point"
    dims = "x".join(str(n) for n in game.shape)
    title = game.title or "game"
    n = len(result)
    summary = (f"{n} equilibri{'um' if n == 1 else 'a'} ({result.note}; {kind} arithmetic, "
               f"method {result.method})")
    if len(result.components) and len(result.components) < n:
        summary += f"; {len(result.components)} connected component(s)"
    if fmt == "markdown":
        head = f"## {title}\n\n{len(game.players)} players, {dims} strategies. {summary}.\n\n"
        return head + (table if n else "No equilibrium found.\n") + _continua(result)
    head = f"{title}: {', '.join(game.players)} ({dims})\n{summary}\n"
    return head + ("\n" + table if n else "") + _continua(result)
