"""Shared pieces of the command modules: the error guard, the common options, exit codes."""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable
from typing import Any

import click

from ..errors import TreatyError

__all__ = ["guarded", "param_option", "format_option", "decimals_option", "parse_params",
           "has_location",
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
            click.echo(f"error: {exc}" if not has_location(exc) else str(exc), err=True)
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


def has_location(exc: TreatyError) -> bool:
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


def decimals_option(func: Callable[..., Any]) -> Callable[..., Any]:
    """``--decimals N``: decimals beside exact fractions and for floats in text tables."""
    from .._exact.numbers import DEFAULT_DECIMALS, MAX_DECIMALS

    return click.option(
        "--decimals", "decimals", type=click.IntRange(0, MAX_DECIMALS), default=DEFAULT_DECIMALS,
        show_default=True, metavar="N",
        help="Decimals shown beside exact fractions (31/90 (0.344)) and for floats in table "
             "and markdown output; 0 shows fractions only.  CSV and JSON stay exact.",
    )(func)


def _set_quiet(ctx: click.Context, param: click.Parameter, value: bool) -> bool:
    from .._progress import set_quiet

    set_quiet(value)
    return value


def quiet_option(func: Callable[..., Any]) -> Callable[..., Any]:
    """``--quiet/-q``: no progress output on stderr (errors are still printed)."""
    return click.option(
        "--quiet", "-q", is_flag=True, expose_value=False, callback=_set_quiet,
        help="No progress output on stderr (shown only when stderr is a terminal).",
    )(func)


def dask_options(what: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """``--scheduler ADDRESS`` and ``--workers N``: run *what* on a Dask cluster (an existing
    one, or a local one of N worker processes); the default stays in this process."""

    def decorate(func: Callable[..., Any]) -> Callable[..., Any]:
        func = click.option("--workers", type=int, default=None, metavar="N",
                            help=f"Run {what} on a local Dask cluster of N worker processes.")(func)
        return click.option("--scheduler", default=None, metavar="ADDRESS",
                            help=f"Run {what} on the Dask cluster at ADDRESS "
                                 "(needs treaty[dask]).")(func)

    return decorate
