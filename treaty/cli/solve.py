"""The ``treaty solve`` command: Nash equilibria of a normal-form game."""

from __future__ import annotations

import click

from ..errors import GameError
from ._common import format_option, guarded, param_option, parse_params

__all__ = ["solve"]


@click.command()
@click.argument("file", type=click.Path(dir_okay=False))
@param_option
@click.option("--method", "-m", type=click.Choice(["auto", "vertex", "pure"]), default="auto",
              show_default=True,
              help="auto: all extreme equilibria for 2 players, pure equilibria otherwise.")
@format_option()
@guarded
def solve(file: str, params: tuple[str, ...], method: str, fmt: str) -> None:
    """Find the Nash equilibria of the game in FILE, each with its regret."""
    from .. import equilibria, load
    from ..game import Game
    from ..report import render

    game = load(file, parse_params(params))
    if not isinstance(game, Game):
        raise GameError(f"{file}: 'solve' needs a normal-form game; this spec is a "
                          f"{type(game).__name__} (try 'treaty coalitions')")
    result = equilibria(game, method=method)
    click.echo(render(result, fmt, command="solve", game=game), nl=False)
