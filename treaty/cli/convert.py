"""The ``treaty convert`` command: write a game as Gambit .nfg, YAML or JSON."""

from __future__ import annotations

import click

from ..errors import TreatyError
from ._common import guarded, param_option, parse_params

__all__ = ["convert"]


@click.command()
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--to", "to", type=click.Choice(["nfg", "yaml", "json"]), required=True,
              help="Target format.")
@click.option("--output", "-o", type=click.Path(dir_okay=False), default=None,
              help="Write to this file instead of standard output.")
@param_option
@guarded
def convert(file: str, to: str, output: str | None, params: tuple[str, ...]) -> None:
    """Convert the game in FILE to Gambit .nfg, YAML or JSON (parameters evaluated)."""
    from .. import load
    from ..game import Game
    from ..spec.nfg import write_nfg
    from ..spec.writer import dump_json, dump_yaml

    game = load(file, parse_params(params))
    if not isinstance(game, Game):
        raise TreatyError(f"{file}: only normal-form games can be converted")
    text = {"nfg": write_nfg, "yaml": dump_yaml, "json": dump_json}[to](game)
    if output:
        try:
            with open(output, "w", encoding="utf-8") as fh:
                fh.write(text)
        except OSError as exc:
            raise TreatyError(f"cannot write {output}: {exc.strerror}") from None
    else:
        click.echo(text, nl=False)
