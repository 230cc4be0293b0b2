"""The ``treaty threshold`` command: values of one parameter for which a target is an equilibrium.

Parsing and printing only; the mathematics lives in :mod:`treaty.mechanics.thresholds`.
"""

from __future__ import annotations

import click

from ..errors import ParameterError
from ._common import format_option, guarded, param_option, parse_params

__all__ = ["threshold_command"]


@click.command("threshold")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--over", "over", metavar="NAME", default=None,
              help="The parameter to solve for (e.g. p).")
@click.option("--target", "-t", required=True, metavar="TARGET",
              help="A target name from the spec, or a profile such as 'pact,pact'.")
@param_option
@format_option("table", "json", "markdown")
@guarded
def threshold_command(file: str, over: str | None, target: str, params: tuple[str, ...],
                      fmt: str) -> None:
    """Values of one parameter for which TARGET is a Nash equilibrium of the game in FILE.

    The parameter is given with --over NAME; '--param NAME' (without '=') is accepted as a
    synonym, while '--param NAME=VALUE' overrides other parameters as everywhere else.
    """
    from ..mechanics.thresholds import threshold
    from ..report import render_table, to_json

    overrides = [p for p in params if "=" in p]
    bare = [p.strip() for p in params if "=" not in p]
    if over is None:
        if len(bare) != 1:
            raise ParameterError("name the parameter to solve for", file="--over",
                                 hint="write --over NAME (or --param NAME)")
        over = bare[0]
    elif bare:
        raise ParameterError(f"bad parameter override {bare[0]!r}", file="--param",
                             hint="write --param name=value")
    th = threshold(file, over, target, parse_params(tuple(overrides)))
    if fmt == "json":
        click.echo(to_json(th.to_dict()), nl=False)
        return
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
    click.echo("\n".join(lines))
