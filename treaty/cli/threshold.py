"""The ``treaty threshold`` command: values of one parameter for which a target is an equilibrium.

Parsing only; :mod:`treaty.report` renders, and the mathematics lives in :mod:`treaty.mechanics.thresholds`.
"""

from __future__ import annotations

import click

from ..errors import ParameterError
from ._common import decimals_option, format_option, guarded, param_option, parse_params, quiet_option

__all__ = ["threshold_command"]


@click.command("threshold")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--over", "over", metavar="NAME", default=None,
              help="The parameter to solve for (e.g. p).")
@click.option("--target", "-t", default=None, metavar="TARGET",
              help="A target name from the spec, or a profile such as 'pact,pact'; for a game "
                   "tree one action per information set (default: its subgame-perfect "
                   "equilibrium at the current values).")
@param_option
@format_option("table", "json", "markdown")
@decimals_option
@quiet_option
@guarded
def threshold_command(file: str, over: str | None, target: str | None, params: tuple[str, ...],
                      fmt: str, decimals: int) -> None:
    """Values of one parameter for which TARGET is a Nash equilibrium of the game in FILE
    (for a game tree: for which the pure profile TARGET is subgame perfect).

    The parameter is given with --over NAME; '--param NAME' (without '=') is accepted as a
    synonym, while '--param NAME=VALUE' overrides other parameters as everywhere else.
    """
    from .. import load
    from ..game import Game
    from ..mechanics.thresholds import threshold
    from ..report import render
    from ..spec.source import kind_of, wrong_kind

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
    values = parse_params(tuple(overrides))
    game = load(file, values)
    if kind_of(game) == "extensive-form":
        from ..extensive._threshold import tree_threshold

        spec = game.spec if game.spec is not None else file  # the spec already read, if any
        th = tree_threshold(spec, over, target, values)
        click.echo(render(th, fmt, command="threshold", game=game, decimals=decimals), nl=False)
        return
    if not isinstance(game, Game):
        raise wrong_kind(file, "threshold", kind_of(game))
    if target is None:
        raise ParameterError("name the target profile", file="--target",
                             hint="write --target NAME or --target 'a,b'")
    th = threshold(game, over, target, values)
    click.echo(render(th, fmt, command="threshold", game=game, decimals=decimals), nl=False)
