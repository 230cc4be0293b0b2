"""The ``treaty`` command line: parses options, calls the API, prints a renderer's output.

Exit codes: 0 success; 1 a failed check (``validate`` found an invalid spec);
2 a usage or spec error (one line on stderr, never a traceback).
"""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable
from typing import Any

import click

from ..errors import TreatyError

__all__ = ["main", "cli", "guarded", "param_option", "format_option", "parse_params",
           "EXIT_OK", "EXIT_CHECK_FAILED", "EXIT_USAGE", "EXIT_INTERNAL"]

EXIT_OK = 0
EXIT_CHECK_FAILED = 1
EXIT_USAGE = 2
EXIT_INTERNAL = 70


def guarded(func: Callable[..., Any]) -> Callable[..., Any]:
    """Turn TreatyError into one line on stderr and exit code 2; other errors into one line
    and exit 70 (set TREATY_DEBUG=1 for the traceback)."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except TreatyError as exc:
            click.echo(f"error: {exc}" if not _has_location(exc) else str(exc), err=True)
            sys.exit(EXIT_USAGE)
        except (click.exceptions.Exit, click.ClickException, click.Abort, SystemExit):
            raise
        except KeyboardInterrupt:
            click.echo("interrupted", err=True)
            sys.exit(130)
        except Exception as exc:  # noqa: BLE001 - last line of defence
            if os.environ.get("TREATY_DEBUG"):
                raise
            click.echo(f"internal error: {type(exc).__name__}: {exc} "
                       "(please report it; TREATY_DEBUG=1 shows the traceback)", err=True)
            sys.exit(EXIT_INTERNAL)

    return wrapper


def _has_location(exc: TreatyError) -> bool:
    return getattr(exc, "file", None) is not None


def parse_params(values: tuple[str, ...]) -> dict[str, Any]:
    """``("p=1/2", "b=3")`` -> ``{"p": Fraction(1, 2), "b": Fraction(3)}``."""
    from ..spec._params import parse_override

    out: dict[str, Any] = {}
    for text in values:
        name, value = parse_override(text)
        out[name] = value
    return out


def param_option(func: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--param", "-p", "params", multiple=True, metavar="NAME=VALUE",
        help="Override a spec parameter (repeatable); values are exact: 3, 0.25, 1/3.",
    )(func)


def format_option(*choices: str, default: str = "table") -> Callable[..., Any]:
    choices = choices or ("table", "json", "csv", "markdown")
    return click.option(
        "--format", "-f", "fmt", type=click.Choice(choices), default=default, show_default=True,
        help="Output format.",
    )


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="treaty", prog_name="treaty")
def cli() -> None:
    """treaty: game-theoretic treaty negotiation engine.

    Write a game as a spec file (YAML, JSON or Gambit .nfg) and ask it questions:
    equilibria, verification thresholds, stable coalitions.
    """


@cli.command()
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
    from ..report import render_equilibria

    game = load(file, parse_params(params))
    if not isinstance(game, Game):
        raise TreatyError(f"{file}: 'solve' needs a normal-form game; this spec is a "
                          f"{type(game).__name__} (try 'treaty coalitions')")
    result = equilibria(game, method=method)
    click.echo(render_equilibria(game, result, fmt, game.info.parameters), nl=False)


@cli.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@param_option
@click.option("--quiet", "-q", is_flag=True, help="Print only the errors.")
@guarded
def validate(files: tuple[str, ...], params: tuple[str, ...], quiet: bool) -> None:
    """Check spec FILES; exit 1 if any is invalid."""
    from .. import load

    overrides = parse_params(params)
    bad = 0
    for f in files:
        try:
            model = load(f, overrides)
        except TreatyError as exc:
            bad += 1
            click.echo(str(exc) if _has_location(exc) else f"{f}: {exc}", err=True)
            continue
        if not quiet:
            click.echo(f"{f}: ok ({_describe(model)})")
    if bad:
        sys.exit(EXIT_CHECK_FAILED)


def _describe(model: Any) -> str:
    from ..game import Game

    if isinstance(model, Game):
        dims = "x".join(str(n) for n in model.shape)
        kind = "exact" if model.is_exact else "float"
        return f"{model.n_players}-player game, {dims}, {kind}"
    n = getattr(model, "n", None)
    if n is not None:  # a membership game
        kind = "exact" if getattr(model, "is_exact", False) else "float"
        return f"membership game, {n} countries, {2 ** n:,} coalitions, {kind}"
    return type(model).__name__


@cli.command()
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


def _register_optional() -> None:
    """Commands contributed by the analysis and coalition modules, when present."""
    import importlib

    for module, names in (("treaty.cli.analyze", ("analyze", "threshold")),
                          ("treaty.cli.coalitions", ("coalitions",))):
        try:
            mod = importlib.import_module(module)
        except ImportError:
            continue
        for name in names:
            cmd = getattr(mod, f"{name}_command", None) or getattr(mod, name, None)
            if isinstance(cmd, click.Command):
                cli.add_command(cmd, name)


_register_optional()


def main() -> None:
    """Entry point of the ``treaty`` console script."""
    cli(prog_name="treaty")


if __name__ == "__main__":  # pragma: no cover
    main()
