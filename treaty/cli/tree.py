"""The ``treaty tree`` command: a game tree drawn with an equilibrium on it."""

from __future__ import annotations

import click

from ._common import decimals_option, format_option, guarded, param_option, parse_params, quiet_option

__all__ = ["tree_command"]


@click.command("tree")
@click.argument("file", type=click.Path(dir_okay=False))
@param_option
@click.option("--method", "-m",
              type=click.Choice(["auto", "backward-induction", "normal-form", "sequence-form"]),
              default="auto", show_default=True,
              help="auto: backward induction (every pure subgame-perfect equilibrium) when every "
                   "information set is one node, else the reduced normal form's equilibria as "
                   "behaviour strategies, or for 2 players whose reduced form is too large one "
                   "equilibrium by the sequence form (also: sequence-form).")
@click.option("--ties", type=click.Choice(["all", "first"]), default="all", show_default=True,
              help="Backward induction at ties: every subgame-perfect equilibrium, or one (the "
                   "first optimal action).")
@click.option("--show", type=click.IntRange(min=0), default=1, show_default=True,
              help="Which equilibrium to draw on the tree (every one is listed); 0 draws the "
                   "bare tree.")
@click.option("--path-only/--full", "path_only", default=None,
              help="Draw only along the equilibrium path, or the whole tree  [default: the "
                   "whole tree up to 400 nodes].")
@click.option("--depth", type=click.IntRange(min=1), default=None,
              help="Draw at most this many levels below the root.")
@format_option("table", "text", "markdown", "json")
@decimals_option
@quiet_option
@guarded
def tree_command(file: str, params: tuple[str, ...], method: str, ties: str, show: int,
                 path_only: bool | None, depth: int | None, fmt: str, decimals: int) -> None:
    """Draw the game tree in FILE with its equilibrium path and behaviour strategies.

    FILE is a spec of kind extensive-form or a Gambit .efg file.  Every equilibrium found is
    certified by its regret computed on the tree (exactly 0 for exact games).
    """
    from ..extensive import solve_tree
    from ..report.tree import render_tree
    from ..spec.loader import read_spec
    from ..spec.source import wrong_kind

    spec = read_spec(file)
    if spec.kind != "extensive-form":
        raise wrong_kind(file, "tree", spec.kind, needs="extensive-form")
    tree = spec.instantiate(parse_params(params))
    solution = solve_tree(tree, method=method, ties=ties)
    click.echo(render_tree(solution, fmt, show=show, path_only=path_only, max_depth=depth,
                           decimals=decimals), nl=False)
