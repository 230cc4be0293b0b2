"""The ``treaty validate`` command: check spec files (exit 1 if any is invalid).

Lint warnings (:mod:`treaty.spec.lint`: unused parameters, targets that no parameter
affects) go to stderr and leave the exit code alone; ``--strict`` counts them as failures.
"""

from __future__ import annotations

import sys
from typing import Any

import click

from ..errors import TreatyError
from ._common import EXIT_CHECK_FAILED, guarded, has_location, param_option, parse_params

__all__ = ["validate", "describe_model"]


@click.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@param_option
@click.option("--quiet", "-q", is_flag=True,
              help="Print only the errors and warnings, not a line per valid file.")
@click.option("--strict", is_flag=True,
              help="Count lint warnings as failures (exit 1), e.g. in a pre-commit hook.")
@guarded
def validate(files: tuple[str, ...], params: tuple[str, ...], quiet: bool, strict: bool) -> None:
    """Check spec FILES; exit 1 if any is invalid.

    Each file is read, checked and instantiated (at the --param values); lint warnings
    (unused parameters, targets that no parameter affects) are printed on stderr and do not
    change the exit code unless --strict is given.
    """
    from ..spec import read_spec
    from ..spec.lint import lint

    overrides = parse_params(params)
    bad = 0
    for f in files:
        try:
            spec = read_spec(f)
            model = spec.instantiate(overrides)
            warnings = lint(spec)
        except TreatyError as exc:
            bad += 1
            click.echo(str(exc) if has_location(exc) else f"{f}: {exc}", err=True)
            continue
        for w in warnings:
            click.echo(str(w), err=True)
        if strict and warnings:
            bad += 1
            continue
        if not quiet:
            click.echo(f"{f}: ok ({describe_model(model)})")
    if bad:
        sys.exit(EXIT_CHECK_FAILED)


def describe_model(model: Any) -> str:
    from ..game import Game

    if isinstance(model, Game):
        dims = "x".join(str(n) for n in model.shape)
        kind = "exact" if model.is_exact else "float"
        return f"{model.n_players}-player game, {dims}, {kind}"
    from ..extensive import TreeGame

    if isinstance(model, TreeGame):
        kind = "exact" if model.exact else "float"
        return (f"{model.n_players}-player game tree, {len(model.nodes):,} nodes, "
                f"{len(model.terminals()):,} outcomes, {len(model.infosets):,} information sets, "
                f"{kind}")
    n = getattr(model, "n", None)
    if n is not None:  # a membership game
        kind = "exact" if getattr(model, "is_exact", False) else "float"
        return f"membership game, {n} countries, {2 ** n:,} coalitions, {kind}"
    return type(model).__name__
