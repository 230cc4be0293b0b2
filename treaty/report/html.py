"""HTML for notebooks: the ``_repr_html_`` of games and results (Jupyter's rich display).

A result with a table (an equilibrium set, a coalition report, ...) is shown as its sentence
and its table, numbers in the style of the text tables (``31/90 (0.344)``); a 2-player game as
its payoff bimatrix; any other result as its text report.  No dependency beyond the standard
library.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from ._text import Numbers

__all__ = ["to_html", "html_table"]

_STYLE = "border-collapse: collapse; text-align: left"


def html_table(headers: Sequence[str], rows: Sequence[Sequence[Any]], caption: str = "") -> str:
    """An HTML ``<table>`` of string cells (escaped).

    >>> html_table(["a"], [["<b>"]]).split("<tbody>")[1]
    '<tr><td>&lt;b&gt;</td></tr></tbody></table>'
    """
    cap = f"<caption>{html.escape(caption)}</caption>" if caption else ""
    head = "".join(f"<th>{html.escape(str(h))}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{html.escape(str(c))}</td>" for c in row) + "</tr>"
                   for row in rows)
    return (f'<table style="{_STYLE}">{cap}<thead><tr>{head}</tr></thead>'
            f"<tbody>{body}</tbody></table>")


def _cell(value: Any, num: Numbers) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return num(value)


def _game_html(game: Any, num: Numbers) -> str:
    title = html.escape(game.title or "game")
    dims = "x".join(str(n) for n in game.shape)
    head = (f"<p><b>{title}</b>: {html.escape(', '.join(game.players))} ({dims}, "
            f"{'exact' if game.is_exact else 'floating-point'} payoffs)</p>")
    if game.n_players == 2:
        rows = [[s, *[", ".join(num(v) for v in game.payoff((i, j)))
                      for j in range(game.shape[1])]]
                for i, s in enumerate(game.strategies[0])]
        corner = f"{game.players[0]} \\ {game.players[1]}"
        return head + html_table([corner, *game.strategies[1]], rows,
                                 "payoffs (row player, column player)")
    from .frame import records

    cols, recs = records(game)
    return head + html_table(cols, [[_cell(v, num) for v in r] for r in recs])


def _named_tables(tables: Iterable[tuple[str, tuple[list[str], list[list[Any]]]]],
                  num: Numbers, captions: Mapping[str, str] | None = None) -> list[str]:
    """HTML of named ``(headers, rows)`` tables, each captioned by its name (or *captions*)."""
    return [html_table(cols, [[_cell(v, num) for v in r] for r in recs],
                       (captions or {}).get(name, name.replace("_", " ")))
            for name, (cols, recs) in tables]


def to_html(obj: Any, decimals: int | None = None) -> str:
    """HTML for *obj*, a :class:`~treaty.game.Game` or any result.

    Examples
    --------
    >>> import treaty
    >>> game = treaty.load("games/race_or_pact.yaml")
    >>> text = treaty.equilibria(game)._repr_html_()
    >>> text.startswith("<div") and "<table" in text and "61/8 (7.625)" in text
    True
    >>> "<table" in game._repr_html_()
    True
    """
    from ..errors import GameError
    from ..game import Game

    num = Numbers(decimals)
    if isinstance(obj, Game):
        return f'<div class="treaty">{_game_html(obj, num)}</div>'
    from ..coalitions._results import CoalitionReport

    parts = [f"<p>{html.escape(num.text(obj.describe()))}</p>"]
    if isinstance(obj, CoalitionReport):
        from .coalitions import coalition_tables

        captions = {"stable": "stable coalitions", "grand": "grand coalition",
                    "tu": "transferable utility", "summary": "summary"}
        parts += _named_tables(coalition_tables(obj).items(), num, captions)
        return f'<div class="treaty">{"".join(parts)}</div>'
    from ..nash._result import EquilibriumSet
    from .frame import _names, records, result_tables

    if isinstance(obj, EquilibriumSet):
        from ._text import GLOSSARY
        from .equilibria import equilibria_rows

        headers, rows = equilibria_rows(_names(obj), obj, num)
        if rows:
            parts.append(html_table(headers, rows))
            parts.append(f"<p><small>regret: {html.escape(GLOSSARY['regret'])}</small></p>")
        return f'<div class="treaty">{"".join(parts)}</div>'
    from ..coalitions._structures import StructureResult

    several = result_tables(obj)
    if isinstance(obj, StructureResult):  # its stable structures and moves, as tables
        parts += _named_tables(((name, make()) for name, make in (several or {}).items()), num)
        return f'<div class="treaty">{"".join(parts)}</div>'
    single = None
    if several is None:  # a result of several tables (a zone: its whole grid) is shown as text
        try:
            single = records(obj)
        except GameError:
            pass
    if single is None:  # no single table: its text report, as the command line prints it
        from . import render

        text = render(obj, "table", decimals=decimals)
        if text.strip() != obj.describe().strip():
            parts.append(f"<pre>{html.escape(text)}</pre>")
        return f'<div class="treaty">{"".join(parts)}</div>'
    cols, recs = single
    if recs:
        parts.append(html_table(cols, [[_cell(v, num) for v in r] for r in recs]))
    return f'<div class="treaty">{"".join(parts)}</div>'
