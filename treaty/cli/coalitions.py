"""The ``treaty coalitions`` command (registered in treaty/cli/__init__.py).

Parsing only; :mod:`treaty.report` renders, and the mathematics lives in :mod:`treaty.coalitions`.
"""

from __future__ import annotations

import click

from ._common import decimals_option, format_option, guarded, param_option, parse_params, quiet_option

__all__ = ["coalitions_command"]

_RULES = ("stay-join", "stay-out", "leave-join", "leave-out")


@click.command("coalitions")
@click.argument("file", type=click.Path(dir_okay=False))
@param_option
@click.option("--top", "-k", type=click.IntRange(min=0), default=10, show_default=True,
              help="How many stable coalitions to list.")
@format_option("table", "json", "markdown", "csv")
@decimals_option
@click.option("--rule", type=click.Choice(_RULES), default=None,
              help="Tie rule (default: the spec's, else stay-join: an indifferent member "
                   "stays, an indifferent outsider joins).")
@click.option("--max-players", type=click.IntRange(min=1), default=None,
              help="Refuse games with more countries (2^n coalitions); default 25.")
@click.option("--tu/--no-tu", default=None,
              help="Add Shapley, Banzhaf, least core, nucleolus, Myerson (default: n <= 16).")
@click.option("--farsighted", is_flag=True, help="Add the largest consistent set (n <= 6).")
@quiet_option
@guarded
def coalitions_command(file: str, params: tuple[str, ...], top: int, fmt: str,
                       rule: str | None, max_players: int | None, tu: bool | None,
                       farsighted: bool, decimals: int) -> None:
    """Which memberships of the pact in FILE are stable, and at what price.

    Scans all 2^n coalitions for internal and external stability, profitability and
    potential internal stability with transfers; ranks the stable ones; says whether the
    grand coalition is stable and which transfers would make it so.
    """
    from .. import load
    from ..coalitions import DEFAULT_MAX_PLAYERS, MembershipGame, check_size
    from ..coalitions._results import CoalitionReport
    from ..report import render
    from ..spec.source import kind_of, wrong_kind

    game = load(file, parse_params(params))
    if not isinstance(game, MembershipGame):
        raise wrong_kind(file, "coalitions", kind_of(game), needs="membership")
    limit = DEFAULT_MAX_PLAYERS if max_players is None else max_players
    check_size(game.n, limit, "the stability scan")
    result = game.stability(rule=rule, max_players=limit, certify_limit=max(top, 1))
    if tu is None:
        tu = game.n <= 16
    tu_result = game.tu_solutions(max_players=limit) if tu else None
    lcs = game.farsighted(max_players=max(limit, 6) if max_players else 6) if farsighted else None
    report = CoalitionReport(game, result, tu_result, lcs, top)
    click.echo(render(report, fmt, command="coalitions", decimals=decimals), nl=False)
