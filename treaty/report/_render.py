"""Rendering of equilibrium results and generic tables."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping, Sequence
from typing import Any

from .._exact.numbers import format_number

__all__ = ["FORMATS", "render_table", "render_equilibria", "to_json", "OUTPUT_VERSION"]

FORMATS = ("table", "json", "csv", "markdown")
#: version of the JSON output of ``treaty solve`` (docs/output-format.md)
OUTPUT_VERSION = 1


def to_json(data: Any) -> str:
    """Pretty JSON with a trailing newline."""
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def render_table(headers: Sequence[str], rows: Sequence[Sequence[Any]], fmt: str = "table") -> str:
    """Render rows as an aligned text table, CSV or a Markdown table."""
    cells = [[str(c) for c in row] for row in rows]
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(headers)
        w.writerows(cells)
        return buf.getvalue()
    if fmt == "markdown":
        def esc(s: str) -> str:
            return s.replace("|", "\\|")

        out = ["| " + " | ".join(esc(h) for h in headers) + " |",
               "|" + "|".join("---" for _ in headers) + "|"]
        out += ["| " + " | ".join(esc(c) for c in row) + " |" for row in cells]
        return "\n".join(out) + "\n"
    widths = [len(h) for h in headers]
    for row in cells:
        widths = [max(w, len(c)) for w, c in zip(widths, row)]
    line = "  ".join(h.ljust(w) for h, w in zip(headers, widths)).rstrip()
    sep = "  ".join("-" * w for w in widths)
    body = ["  ".join(c.ljust(w) for c, w in zip(row, widths)).rstrip() for row in cells]
    return "\n".join([line, sep, *body]) + "\n"


def _game_dict(game: Any) -> dict[str, Any]:
    return {
        "title": game.title,
        "players": list(game.players),
        "strategies": {p: list(s) for p, s in zip(game.players, game.strategies)},
        "exact": game.is_exact,
    }


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


def render_equilibria(game: Any, result: Any, fmt: str = "table",
                      parameters: Mapping[str, Any] | None = None) -> str:
    """Render an :class:`~treaty.nash.EquilibriumSet` for a game.

    The JSON form is stable (see docs/output-format.md)::

        {"treaty_output": 1, "game": {...}, "method": ..., "complete": ..., "note": ...,
         "parameters": {...}, "equilibria": [{"strategies": {player: {strategy: "1/3"}},
                                               "payoffs": {player: "2"}, "regret": "0", ...}]}
    """
    if fmt == "json":
        data = {
            "treaty_output": OUTPUT_VERSION,
            "game": _game_dict(game),
            "method": result.method,
            "complete": result.complete,
            "note": result.note,
            "parameters": {k: (format_number(v) if not hasattr(v, "shape") else None)
                           for k, v in (parameters or {}).items()},
            "equilibria": [dict(index=k + 1, **e.to_dict()) for k, e in enumerate(result)],
            "nash_subsets": [[k + 1 for k in sub] for sub in result.nash_subsets],
        }
        return to_json(data)
    headers = ["#", *[f"{p} strategy" for p in game.players], *[f"{p} payoff" for p in
                                                               game.players], "regret"]
    multi_comp = len(result.components) > 1 and len(result.components) < len(result)
    if multi_comp:
        headers.append("component")
    rows = []
    for k, e in enumerate(result):
        row = [k + 1, *[_mix(e.strategies[i], game.strategies[i]) for i in range(len(game.players))],
               *[format_number(v) for v in e.payoffs], format_number(e.regret)]
        if multi_comp:
            row.append("" if e.component is None else e.component)
        rows.append(row)
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
