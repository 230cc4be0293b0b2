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
              help="Add Shapley, Banzhaf, least core, nucleolus, Myerson (default: n <= 20).")
@click.option("--farsighted", is_flag=True, help="Add the largest consistent set (n <= 6).")
@click.option("--clause", "clause_k", type=click.IntRange(min=0), default=None, metavar="K",
              help="Minimum participation clause: the pact enters into force only with at least "
                   "K members (else every country gets its no-pact payoff); replaces the spec's.")
@click.option("--clause-share", default=None, metavar="ATTR=SHARE",
              help="Clause on a weight: in force only when the members hold at least SHARE "
                   "(0..1, e.g. 1/2) of the country attribute ATTR (e.g. compute=1/2).")
@click.option("--smallest-clause", is_flag=True,
              help="Add the smallest clause that makes a larger pact stable (or, with "
                   "--including, a pact that includes given countries).")
@click.option("--clause-weight", default=None, metavar="ATTR",
              help="With --smallest-clause: thresholds are shares of the attribute ATTR "
                   "(default: numbers of members).")
@click.option("--including", multiple=True, metavar="COUNTRY",
              help="With --smallest-clause: the pact must include COUNTRY (repeatable).")
@click.option("--membership", type=click.Choice(("open", "exclusive")), default="open",
              show_default=True,
              help="open: anyone may join; exclusive: members may refuse an entrant who would "
                   "leave one of them worse off.")
@click.option("--structures", is_flag=True,
              help="Add the stable coalition structures (several pacts at once; n <= 10).")
@click.option("--bloc", "blocs", multiple=True, metavar="NAME=C1,C2,...",
              help="Evaluate the structure with these blocs (others alone): who would move "
                   "where (repeatable; implies --structures without the scan).")
@quiet_option
@guarded
def coalitions_command(file: str, params: tuple[str, ...], top: int, fmt: str,
                       rule: str | None, max_players: int | None, tu: bool | None,
                       farsighted: bool, decimals: int, clause_k: int | None,
                       clause_share: str | None, smallest_clause: bool,
                       clause_weight: str | None, including: tuple[str, ...],
                       membership: str, structures: bool, blocs: tuple[str, ...]) -> None:
    """Which memberships of the pact in FILE are stable, and at what price.

    Scans all 2^n coalitions for internal and external stability, profitability and
    potential internal stability with transfers; ranks the stable ones; says whether the
    grand coalition is stable and which transfers would make it so.  With a participation
    clause (--clause, --clause-share, or the spec's clause key) the game is the clause game;
    --smallest-clause adds the smallest clause that makes a larger pact stable.
    """
    from .. import load
    from ..coalitions import DEFAULT_MAX_PLAYERS, MembershipGame, check_size, participation_clause
    from ..coalitions import smallest_clause as smallest
    from ..coalitions._clause import without_clause
    from ..coalitions._results import CoalitionReport
    from ..errors import GameError
    from ..report import render
    from ..spec.source import kind_of, wrong_kind

    if clause_k is not None and clause_share is not None:
        raise GameError("give --clause K or --clause-share ATTR=SHARE, not both")
    if smallest_clause and (clause_k is not None or clause_share is not None):
        raise GameError("--smallest-clause tries every threshold itself: drop --clause "
                        "and --clause-share")
    if not smallest_clause and (clause_weight is not None or including):
        raise GameError("--clause-weight and --including go with --smallest-clause")
    game = load(file, parse_params(params))
    if not isinstance(game, MembershipGame):
        raise wrong_kind(file, "coalitions", kind_of(game), needs="membership")
    limit = DEFAULT_MAX_PLAYERS if max_players is None else max_players
    check_size(game.n, limit, "the stability scan")
    if clause_k is not None:
        game = participation_clause(without_clause(game), clause_k)
    elif clause_share is not None:
        from ..spec._params import parse_override

        attr, share = parse_override(clause_share, "--clause-share", "ATTR=SHARE")
        game = participation_clause(without_clause(game), share, weights=attr)
    result = game.stability(rule=rule, max_players=limit, certify_limit=max(top, 1),
                            membership=membership)
    if tu is None:
        tu = game.n <= 20  # the nucleolus of 20 countries takes about a second
    tu_result = game.tu_solutions(max_players=limit) if tu else None
    lcs = game.farsighted(max_players=max(limit, 6) if max_players else 6) if farsighted else None
    clause = (smallest(without_clause(game), weights=clause_weight, including=including or None,
                       rule=rule, max_players=limit) if smallest_clause else None)
    blocs_map = _parse_blocs(blocs)
    structure_result = (game.structures(blocs_map, membership=membership,
                                        max_players=max_players)
                        if structures or blocs_map else None)
    report = CoalitionReport(game, result, tu_result, lcs, top, clause, structure_result)
    click.echo(render(report, fmt, command="coalitions", decimals=decimals), nl=False)


def _parse_blocs(values: tuple[str, ...]) -> dict[str, list[str]] | None:
    """``("West=US,UK", "East=CN")`` -> ``{"West": ["US", "UK"], "East": ["CN"]}``."""
    from ..errors import GameError

    if not values:
        return None
    out: dict[str, list[str]] = {}
    for text in values:
        name, sep, members = text.partition("=")
        countries = [c.strip() for c in members.split(",") if c.strip()]
        if not sep or not name.strip() or not countries:
            raise GameError(f"--bloc takes NAME=C1,C2,..., got {text!r} (e.g. --bloc West=US,UK)")
        if name.strip() in out:
            raise GameError(f"--bloc {name.strip()!r} is given twice")
        out[name.strip()] = countries
    return out
