"""The ``treaty analyze`` command (registered in treaty/cli/__init__.py).

Parsing only; :mod:`treaty.report` renders, and the mathematics lives in :mod:`treaty.mechanics.analysis`,
:mod:`treaty.mechanics.thresholds` and :mod:`treaty.mechanics.repeated`.
"""

from __future__ import annotations

import click

from ._common import decimals_option, format_option, guarded, param_option, parse_params, quiet_option

__all__ = ["analyze_command"]


@click.command("analyze")
@click.argument("file", type=click.Path(dir_okay=False))
@param_option
@format_option("table", "json", "markdown")
@decimals_option
@click.option("--no-thresholds", is_flag=True,
              help="Skip the per-parameter thresholds (faster).")
@quiet_option
@guarded
def analyze_command(file: str, params: tuple[str, ...], fmt: str, no_thresholds: bool,
                    decimals: int) -> None:
    """Report on the game in FILE: equilibria, each named target, thresholds, discount factors.

    For every target profile in the spec's 'targets': whether it is a Nash equilibrium, who
    gains by deviating, for each parameter the range in which it is an equilibrium (exact)
    with the binding deviation, and the critical discount factor at which it enforces itself
    in the repeated game.
    """
    from ..mechanics.analysis import analyze
    from ..report import render

    report = analyze(file, parse_params(params), thresholds=not no_thresholds)
    click.echo(render(report, fmt, command="analyze", decimals=decimals), nl=False)
