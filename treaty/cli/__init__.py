"""The ``treaty`` command line: one small module per command, registered explicitly here.

Each command parses its options, calls the public API and hands the result to a renderer in
:mod:`treaty.report`.  Exit codes: 0 success; 1 a failed check (``validate`` found an invalid
spec); 2 a usage or spec error (one line on stderr, never a traceback).
"""

from __future__ import annotations

import click

from ._common import EXIT_CHECK_FAILED, EXIT_INTERNAL, EXIT_OK, EXIT_USAGE
from .analyze import analyze_command
from .coalitions import coalitions_command
from .convert import convert
from .diff import diff_command
from .negotiate import negotiate_command
from .new import new_command
from .plot import plot_command
from .robust import robust_command
from .schema import schema_command
from .solve import solve
from .sweep import sweep_command
from .threshold import threshold_command
from .tree import tree_command
from .validate import validate

__all__ = ["main", "cli", "EXIT_OK", "EXIT_CHECK_FAILED", "EXIT_USAGE", "EXIT_INTERNAL"]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="treaty", prog_name="treaty")
def cli() -> None:
    """treaty: game-theoretic treaty negotiation engine.

    Write a game as a spec file (YAML, JSON or Gambit .nfg) and ask it questions:
    equilibria, verification thresholds, stable coalitions.
    """


for _command in (solve, validate, convert, analyze_command, threshold_command, coalitions_command,
                 diff_command, new_command, schema_command, sweep_command,
                 robust_command, plot_command, negotiate_command, tree_command):
    cli.add_command(_command)


def main() -> None:
    """Entry point of the ``treaty`` console script."""
    cli(prog_name="treaty")


if __name__ == "__main__":  # pragma: no cover
    main()
