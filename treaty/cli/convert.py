"""The ``treaty convert`` command: write a spec as YAML or JSON (lossless), or a game as .nfg."""

from __future__ import annotations

import click

from ..errors import GameError
from ._common import guarded, param_option, parse_params, quiet_option

__all__ = ["convert"]


@click.command()
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--to", "to", type=click.Choice(["nfg", "efg", "yaml", "json"]), required=True,
              help="Target format.")
@click.option("--evaluate", is_flag=True,
              help="Substitute numbers for the parameters (YAML/JSON): write the payoffs of "
                   "the game at the given --param values.  Always done for .nfg.")
@click.option("--output", "-o", type=click.Path(dir_okay=False), default=None,
              help="Write to this file instead of standard output.")
@param_option
@quiet_option
@guarded
def convert(file: str, to: str, evaluate: bool, output: str | None,
            params: tuple[str, ...]) -> None:
    """Convert the spec in FILE to YAML, JSON, Gambit .nfg or (a game tree) Gambit .efg.

    YAML <-> JSON keeps everything: parameters with their docs, bounds and expressions, payoff
    expressions as written, targets, verification and repeated sections, membership specs.
    With --evaluate (and always for .nfg) the game is written with numbers at the given
    --param values.
    """
    from ..game import Game
    from ..spec.loader import read_spec
    from ..spec.nfg import write_nfg
    from ..spec.writer import document_to_json, document_to_yaml, dump_json, dump_yaml

    overrides = parse_params(params)
    if overrides and to not in ("nfg", "efg") and not evaluate:
        raise GameError("--param substitutes numbers for parameters: add --evaluate "
                        "(without it the parameters are kept as they are written)")
    spec = read_spec(file)
    if to == "efg":  # a game tree in Gambit's extensive-form format
        from ..spec.efg import write_efg

        model = spec.instantiate(overrides)
        if spec.kind != "extensive-form":
            raise GameError(f"{file}: --to efg writes a game tree, and this is a {spec.kind} "
                            "spec (use --to nfg)")
        text = write_efg(model)
    elif to != "nfg" and not evaluate and spec.document is not None:
        text = (document_to_yaml if to == "yaml" else document_to_json)(
            spec.document, moved=(file, output) if output else None)
    else:
        model = spec.instantiate(overrides)
        if spec.kind == "extensive-form" and to == "nfg":  # a tree: its reduced normal form
            from ..extensive import reduced_normal_form

            model = reduced_normal_form(model)
        if spec.kind == "extensive-form" and to != "nfg":  # a tree (e.g. from .efg) as a spec
            from ..spec.extensive import tree_to_spec
            from ..spec.writer import dump_spec

            text = dump_spec(tree_to_spec(model), to)
        elif not isinstance(model, Game):
            raise GameError(f"{file}: a {spec.kind} spec has no payoff table to write; "
                            "convert it to yaml or json without --evaluate")
        else:
            text = (write_nfg(model) if to == "nfg"
                    else {"yaml": dump_yaml, "json": dump_json}[to](model, output))
    if output:
        try:
            with open(output, "w", encoding="utf-8") as fh:
                fh.write(text)
        except OSError as exc:
            raise GameError(f"cannot write {output}: {exc.strerror}") from None
    else:
        click.echo(text, nl=False)
