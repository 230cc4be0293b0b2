"""The ``treaty coalitions`` command (registered in treaty/cli/__init__.py).

Parsing and printing only; the mathematics lives in :mod:`treaty.coalitions`.
"""

from __future__ import annotations

from typing import Any

import click

from .._exact.numbers import format_number
from ..errors import TreatyError
from ._common import format_option, guarded, param_option, parse_params

__all__ = ["coalitions_command", "render_coalitions"]

_RULES = ("stay-join", "stay-out", "leave-join", "leave-out")


def _yes(flag: bool) -> str:
    return "yes" if flag else "no"


def render_coalitions(game: Any, result: Any, tu: Any, farsighted: Any, fmt: str,
                      top: int) -> str:
    """Render a stability result (and optionally TU solutions, the LCS) as text."""
    from ..report import render_table, to_json

    if fmt == "json":
        data: dict[str, Any] = {"title": game.title, "file": game.info.file,
                                "stability": result.to_dict()}
        data["stability"]["stable"] = data["stability"]["stable"][:top]
        data["tu"] = None if tu is None else tu.to_dict()
        data["farsighted"] = None if farsighted is None else farsighted.to_dict()
        return to_json(data)
    headers = ["rank", "members", "size", "total payoff", "profitable", "PIS", "surplus"]
    rows = [[k + 1, " ".join(c.members), c.size, format_number(c.total), _yes(c.profitable),
             _yes(c.potentially_internal), format_number(c.surplus)]
            for k, c in enumerate(result.top(top))]
    if fmt == "csv":
        return render_table(headers, rows, "csv")
    md = fmt == "markdown"
    out = []
    title = game.title or "membership game"
    out.append(f"# {title}\n" if md else f"{title}\n")
    out.append(f"{game.n} countries, model: {result.model}; {result.summary()}.\n")
    exact = "exact arithmetic" if result.exact else f"floats, relative tolerance {result.tolerance}"
    counts = ", ".join(f"{k} {v:,}" for k, v in result.counts.items())
    out.append(f"Ties decided in {exact}; coalitions of size >= {result.min_size}: {counts}.\n")
    out.append("\n## Stable coalitions\n\n" if md else "\nStable coalitions "
                f"(top {min(top, len(result.stable))} of {result.n_stable}, by total payoff):\n")
    out.append(render_table(headers, rows, fmt) if rows else "none\n")
    g = result.grand
    out.append("\n## Grand coalition\n\n" if md else "\nGrand coalition: ")
    if g.internally_stable:
        out.append("stable without transfers.\n")
    elif g.potentially_stable:
        out.append(f"not stable; transfers of {format_number(g.total_transfer)} in total "
                   "would hold it together (surplus "
                   f"{format_number(g.surplus)}).\n")
    else:
        out.append(f"not stable, and no transfers can hold it: members' total payoff falls "
                   f"short of their outside options by {format_number(-g.surplus)}.\n")
    grows = [[p, format_number(a), format_number(o), format_number(d),
              "" if g.transfers is None else format_number(t)]
             for p, a, o, d, t in zip(g.players, g.payoffs, g.outside, g.deficits,
                                      g.transfers or [None] * len(g.players))]
    out.append(render_table(["country", "payoff", "outside option", "deficit", "transfer"],
                            grows, fmt))
    if tu is not None:
        out.append("\n## Transferable utility\n\n" if md else "\nTransferable utility (v(S) = "
                   "joint payoff of S when outsiders best-respond):\n")
        rows_tu = tu.rows()
        out.append(render_table(list(rows_tu[0]), [list(r.values()) for r in rows_tu], fmt))
        if tu.least_core is not None:
            lc = tu.least_core
            out.append(f"Core {'non-empty' if lc.core_nonempty else 'empty'} (least-core "
                       f"epsilon {format_number(lc.epsilon)}).\n")
    if farsighted is not None:
        out.append("\n## Farsighted stability\n\n" if md else "\nLargest consistent set "
                   "(Chwe 1994):\n")
        out.append("".join(f"- {' '.join(c) or '(no agreement)'}\n"
                           for c in farsighted.coalitions) or "empty\n")
    return "".join(out)


@click.command("coalitions")
@click.argument("file", type=click.Path(dir_okay=False))
@param_option
@click.option("--top", "-k", type=click.IntRange(min=0), default=10, show_default=True,
              help="How many stable coalitions to list.")
@format_option("table", "json", "markdown", "csv")
@click.option("--rule", type=click.Choice(_RULES), default=None,
              help="Tie rule (default: the spec's, else stay-join: an indifferent member "
                   "stays, an indifferent outsider joins).")
@click.option("--max-players", type=click.IntRange(min=1), default=None,
              help="Refuse games with more countries (2^n coalitions); default 25.")
@click.option("--tu/--no-tu", default=None,
              help="Add Shapley, Banzhaf, least core, nucleolus, Myerson (default: n <= 16).")
@click.option("--farsighted", is_flag=True, help="Add the largest consistent set (n <= 6).")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
@guarded
def coalitions_command(file: str, params: tuple[str, ...], top: int, fmt: str,
                       rule: str | None, max_players: int | None, tu: bool | None,
                       farsighted: bool, quiet: bool) -> None:
    """Which memberships of the pact in FILE are stable, and at what price.

    Scans all 2^n coalitions for internal and external stability, profitability and
    potential internal stability with transfers; ranks the stable ones; says whether the
    grand coalition is stable and which transfers would make it so.
    """
    from .. import load
    from ..coalitions import DEFAULT_MAX_PLAYERS, MembershipGame, check_size

    game = load(file, parse_params(params))
    if not isinstance(game, MembershipGame):
        raise TreatyError(f"{file}: 'coalitions' needs a membership game (kind: membership); "
                          f"this spec is a {type(game).__name__} (try 'treaty solve')")
    limit = DEFAULT_MAX_PLAYERS if max_players is None else max_players
    check_size(game.n, limit, "the stability scan")
    progress = False if quiet else None
    result = game.stability(rule=rule, max_players=limit, progress=progress,
                            certify_limit=max(top, 1))
    if tu is None:
        tu = game.n <= 16
    tu_result = game.tu_solutions(max_players=limit, progress=progress) if tu else None
    lcs = game.farsighted(max_players=max(limit, 6) if max_players else 6) if farsighted else None
    click.echo(render_coalitions(game, result, tu_result, lcs, fmt, top), nl=False)
