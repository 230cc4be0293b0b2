"""Rendering of an :class:`~treaty.nash.EquilibriumSet` (``treaty solve``)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from .._exact.numbers import number_to_csv
from ._json import render_json
from ._table import render_table
from ._text import Numbers, legend

__all__ = ["render_equilibria", "equilibria_records", "equilibria_count", "mixed_missing",
           "EQUILIBRIA_FORMATS"]

EQUILIBRIA_FORMATS = ("table", "json", "csv", "markdown")


def _mix(probs: Sequence[Any], labels: Sequence[str], num: Numbers) -> str:
    terms = [lbl if p == 1 else f"{num(p)} {lbl}" for lbl, p in zip(labels, probs) if p != 0]
    return " + ".join(terms)


def equilibria_records(game: Any, result: Any) -> tuple[list[str], list[list[Any]]]:
    """Column names and one row of raw values per equilibrium, for CSV and data frames.

    Columns: ``equilibrium`` (numbered from 1 as in the JSON), one probability column per
    player and strategy (``US:pact``), one payoff column per player (``US payoff``),
    ``regret``, ``pure`` and ``component`` (None for pure-only methods).  Values are the
    result's own numbers: Fractions for exact games, floats otherwise.
    """
    players = list(game.players)
    headers = ["equilibrium",
               *[f"{p}:{s}" for p, names in zip(players, game.strategies) for s in names],
               *[f"{p} payoff" for p in players], "regret", "pure", "component"]
    rows = [[k + 1, *[x for probs in e.strategies for x in probs], *e.payoffs, e.regret,
             e.is_pure, e.component] for k, e in enumerate(result)]
    return headers, rows


def equilibria_count(result: Any) -> str:
    """``"3 equilibria"``, ``"1 pure equilibrium"``, ``"no pure equilibrium"``: the count, saying
    "pure" when only pure equilibria were sought."""
    n = len(result)
    noun = "pure equilibri" if str(result.method) == "pure" else "equilibri"
    return f"no {noun}um" if n == 0 else f"{n} {noun}{'um' if n == 1 else 'a'}"


def mixed_missing(result: Any, game: Any) -> str:
    """The sentence (no final period) for an N-player game without a pure equilibrium (its
    equilibria are mixed, and those are not computed), or ``""``."""
    if len(result) or result.complete:
        return ""
    return (f"No pure equilibrium: this game's equilibria (every finite game has one, Nash "
            f"1951) are mixed, and mixed equilibria of {len(game.players)}-player games are not "
            f"computed yet")


def _continua(result: Any) -> str:
    """A note on the convex sets of equilibria (maximal Nash subsets) of a degenerate game."""
    big = [sub for sub in result.nash_subsets if len(sub) > 1]
    if not big:
        return ""
    lines = ["", "Continua of equilibria (maximal Nash subsets): any mixture of the listed "
             "equilibria's strategies, player by player, is also an equilibrium:"]
    lines += ["  {" + ", ".join(f"#{k + 1}" for k in sub) + "}" for sub in big]
    return "\n".join(lines) + "\n"


def equilibria_rows(game: Any, result: Any, num: Numbers | None = None
                    ) -> tuple[list[str], list[list[Any]]]:
    """Headers and one row per equilibrium: strategies, payoffs, regret (and component)."""
    num = num or Numbers()
    headers = ["#", *[f"{p} strategy" for p in game.players],
               *[f"{p} payoff" for p in game.players], "regret"]
    multi_comp = 1 < len(result.components) < len(result)
    if multi_comp:
        headers.append("component")
    rows = []
    for k, e in enumerate(result):
        row = [k + 1, *[_mix(e.strategies[i], game.strategies[i], num)
                        for i in range(len(game.players))],
               *[num(v) for v in e.payoffs], num(e.regret)]
        if multi_comp:
            row.append("" if e.component is None else e.component)
        rows.append(row)
    return headers, rows


def render_equilibria(game: Any, result: Any, fmt: str = "table",
                      parameters: Mapping[str, Any] | None = None, *,
                      command: str = "solve", decimals: int | None = None) -> str:
    """Render an :class:`~treaty.nash.EquilibriumSet` of *game* as ``"table"``, ``"markdown"``,
    ``"csv"`` or ``"json"`` (the envelope of docs/output-format.md).

    Tables show exact values as fractions with *decimals* decimals beside them (default 3)
    and end with a legend of their terms; CSV is lossless, one row per equilibrium with one
    column per player and strategy (:func:`equilibria_records`; exact values as ``a/b``,
    floats in full)."""
    if fmt == "json":
        return render_json(result, command=command, game=game, parameters=parameters)
    if fmt == "csv":
        cols, recs = equilibria_records(game, result)
        return render_table(cols, [[number_to_csv(v) for v in r] for r in recs], "csv")
    headers, rows = equilibria_rows(game, result, Numbers(decimals))
    table = render_table(headers, rows, fmt)
    if rows:
        table += "\n" + legend([h for h in headers if h in ("regret", "component")],
                               markdown=fmt == "markdown")
    kind = "exact" if game.is_exact else "floating point"
    arith = f"{kind} arithmetic"
    if game.is_exact and not all(e.exact for e in result):  # irrational ones: floats, regret bounded
        arith = "exact where rational, else floating point with a certified regret bound"
    dims = "x".join(str(n) for n in game.shape)
    title = game.title or "game"
    n = len(result)
    summary = f"{equilibria_count(result)} ({result.note}; {arith}, method {result.method})"
    if len(result.components) and len(result.components) < n:
        summary += f"; {len(result.components)} connected component(s)"
    if mixed_missing(result, game):
        summary = (f"{mixed_missing(result, game)} ({kind} arithmetic, method "
                   f"{result.method})")
    if fmt == "markdown":
        head = f"## {title}\n\n{len(game.players)} players, {dims} strategies. {summary}.\n\n"
        return head + (table if n else "") + _continua(result)
    head = f"{title}: {', '.join(game.players)} ({dims})\n{summary}\n"
    return head + ("\n" + table if n else "") + _continua(result)
