"""The ``treaty negotiate`` command (registered in treaty/cli/__init__.py).

Parsing only; :mod:`treaty.report` renders, and the mathematics lives in
:mod:`treaty.negotiation` (:func:`~treaty.negotiation.negotiate`).
"""

from __future__ import annotations

from typing import Any

import click

from ..errors import ParameterError
from ._common import decimals_option, format_option, guarded, param_option, parse_params, quiet_option

__all__ = ["negotiate_command", "parse_disagreement"]

_SOLUTIONS = ("nash", "ks", "egalitarian", "utilitarian", "rubinstein")


def parse_disagreement(text: str) -> Any:
    """The ``--disagreement`` RULE as :func:`treaty.negotiation.disagreement_point` takes it.

    ``minmax``; ``nash`` or ``nash:SELECT``; ``game:PATH`` or ``game:PATH:SELECT``;
    ``NAME=VALUE,NAME=VALUE`` (each player's value, exact: 3, 0.25, 1/3).

    >>> parse_disagreement("nash:risk-dominant"), parse_disagreement("game:other.yaml")
    ({'nash': 'risk-dominant'}, {'game': 'other.yaml', 'select': 'payoff-dominant'})
    >>> parse_disagreement("US=1/2, CN=3")
    {'values': {'US': Fraction(1, 2), 'CN': Fraction(3, 1)}}
    """
    from ..negotiation._selection import SELECTION_RULES
    from ..spec._params import coerce_value

    text = text.strip()
    hint = "write minmax, nash, nash:SELECT, game:PATH[:SELECT] or NAME=VALUE,NAME=VALUE"
    if "=" in text:
        values: dict[str, Any] = {}
        for part in text.split(","):
            name, eq, value = part.partition("=")
            name = name.strip()
            if not eq or not name:
                raise ParameterError(f"bad disagreement value {part.strip()!r}", file="--disagreement",
                                     hint=hint)
            values[name] = coerce_value(value.strip(), name, "--disagreement")
        return {"values": values}
    if text in ("minmax", "nash"):
        return text if text == "minmax" else {"nash": "payoff-dominant"}
    kind, _, rest = text.partition(":")
    if kind == "nash" and rest:
        if rest not in SELECTION_RULES:
            raise ParameterError(f"unknown selection rule {rest!r} in --disagreement", file="--disagreement",
                                 hint="one of " + ", ".join(SELECTION_RULES))
        return {"nash": rest}
    if kind == "game" and rest:
        path, sep, select = rest.rpartition(":")
        if sep and select in SELECTION_RULES:
            return {"game": path, "select": select}
        return {"game": rest, "select": "payoff-dominant"}
    raise ParameterError(f"unknown disagreement rule {text!r}", file="--disagreement", hint=hint)


@click.command("negotiate")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--solution", "-s", type=click.Choice(_SOLUTIONS), default=None,
              help="Bargaining solution (default: the spec's negotiation section, else nash).")
@click.option("--disagreement", "-d", "disagreement", metavar="RULE", default=None,
              help="Disagreement point: minmax, nash, nash:SELECT (e.g. nash:risk-dominant), "
                   "game:PATH[:SELECT] (an equilibrium of another spec) or NAME=VALUE,... "
                   "(default: the spec's, else the payoff-dominant Nash equilibrium).")
@click.option("--self-enforcing/--cooperative", "self_enforcing", default=None,
              help="Lead with the agreement over the correlated equilibria, or over every "
                   "lottery (both are shown; default: the spec's self_enforcing, else cooperative).")
@click.option("--no-zone", "no_zone", is_flag=True,
              help="Skip the zone of agreement over the spec's negotiable terms (faster).")
@click.option("--plot", "plot", type=click.Path(dir_okay=False), default=None, metavar="FILE",
              help="Draw the zone of agreement over two or more terms as a regime map to FILE "
                   "(.png, .svg or .pdf; needs treaty[plot]).")
@param_option
@format_option("table", "text", "markdown", "json")
@decimals_option
@quiet_option
@guarded
def negotiate_command(file: str, solution: str | None, disagreement: str | None,
                      self_enforcing: bool | None, no_zone: bool, plot: str | None,
                      params: tuple[str, ...], fmt: str, decimals: int) -> None:
    """Negotiate over the game in FILE: where bargaining lands, who gets what share, what is
    self-enforcing, what a mediator adds, which equilibrium, and which terms every party signs.

    Defaults come from the spec's 'negotiation' section when it has one: the disagreement
    point, the solution, bargaining powers, discount factors (needed by rubinstein), outside
    options, and the negotiable terms whose zone of agreement is reported.
    """
    from ..negotiation import negotiate
    from ..report import render

    if plot is not None:
        from ..sweep._plot import check_plot_path

        if no_zone:
            raise ParameterError("--plot draws the zone of agreement, which --no-zone skips",
                                 file="--plot", hint="drop --no-zone")
        check_plot_path(plot)
    rule = None if disagreement is None else parse_disagreement(disagreement)
    result = negotiate(file, solution, params=parse_params(params), disagreement=rule,
                       self_enforcing=self_enforcing, zone=not no_zone)
    click.echo(render(result, "table" if fmt == "text" else fmt, command="negotiate",
                      decimals=decimals), nl=False)
    if plot is not None:
        zone = result.zone
        if zone is None or zone.grid is None or len(zone.terms) < 2:
            raise ParameterError("no zone of agreement over two terms to draw", file="--plot",
                                 hint="give the spec's negotiation section two or more terms")
        from ..sweep._plot import plot_sweep

        plot_sweep(zone.to_sweep(), plot, boundaries=False)
