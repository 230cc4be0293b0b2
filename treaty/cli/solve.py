"""The ``treaty solve`` command: Nash equilibria of a normal-form game."""

from __future__ import annotations

import click

from ._common import decimals_option, format_option, guarded, param_option, parse_params, quiet_option

__all__ = ["solve"]


@click.command()
@click.argument("file", type=click.Path(dir_okay=False))
@param_option
@click.option("--method", "-m",
              type=click.Choice(["auto", "vertex", "lemke-howson", "pure", "support", "logit"]),
              default="auto", show_default=True,
              help="auto: all extreme equilibria for 2 players up to --max-size (vertex), some "
                   "equilibria fast beyond it (lemke-howson: Lemke-Howson from every label, "
                   "not the complete set), pure equilibria for more players; logit: the one "
                   "equilibrium at the end of the logit QRE path, any number of players.")
@click.option("--max-size", type=click.IntRange(min=1), default=None,
              help="Largest min(rows, columns) for vertex enumeration  [default: 15].")
@format_option()
@decimals_option
@quiet_option
@guarded
def solve(file: str, params: tuple[str, ...], method: str, max_size: int | None, fmt: str,
          decimals: int) -> None:
    """Find the Nash equilibria of the game in FILE, each with its regret.

    A game tree (kind: extensive-form, or a .efg file) is solved in its reduced normal form;
    'treaty tree FILE' shows the equilibrium on the tree.
    """
    from .. import equilibria, load
    from ..game import Game
    from ..report import render
    from ..spec.source import kind_of, wrong_kind

    game = load(file, parse_params(params))
    if kind_of(game) == "extensive-form":  # a game tree: its reduced normal form
        from ..extensive import reduced_normal_form

        game = reduced_normal_form(game)
    if not isinstance(game, Game):
        raise wrong_kind(file, "solve", kind_of(game))
    result = equilibria(game, method=method, max_size=max_size)
    click.echo(render(result, fmt, command="solve", game=game, decimals=decimals), nl=False)
