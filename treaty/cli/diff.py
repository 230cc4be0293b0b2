"""The ``treaty diff`` command: what changed between two versions of a spec.

Parsing only: :func:`treaty.diff.diff_specs` compares, :mod:`treaty.report` renders.
"""

from __future__ import annotations

import sys

import click

from ..errors import ParameterError
from ._common import EXIT_CHECK_FAILED, format_option, guarded, param_option, parse_params

__all__ = ["diff_command"]


@click.command("diff")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--rev", "revs", multiple=True, metavar="GIT_REV",
              help="Compare FILE as it stood at this git revision with the working file; "
                   "give it twice to compare two revisions (e.g. --rev HEAD~1 --rev HEAD).")
@param_option
@format_option("table", "json", "markdown")
@click.option("--exit-code", is_flag=True,
              help="Exit 1 when the answers differ (as 'git diff --exit-code').")
@guarded
def diff_command(files: tuple[str, ...], revs: tuple[str, ...], params: tuple[str, ...],
                 fmt: str, exit_code: bool) -> None:
    """Show what changed between two versions of a spec: OLD NEW, or FILE --rev GIT_REV.

    Both versions are analysed at their default parameter values (or at the same --param
    values): the parameters' declarations, the equilibria and their payoffs, whether each
    target is an equilibrium, each parameter's threshold for each target, the critical
    discount factors and, for membership specs, the stable pacts, the best pacts with transfers
    (potentially stable) and the grand coalition.
    """
    from ..diff import diff_specs, spec_at_revision
    from ..report import render

    if len(revs) > 2:
        raise ParameterError("--rev is given at most twice", file="--rev",
                             hint="--rev OLD compares with the working file; --rev OLD --rev NEW")
    if revs:
        if len(files) != 1:
            raise ParameterError(f"--rev takes one FILE, got {len(files)}", file="--rev",
                                 hint="treaty diff FILE --rev HEAD~1")
        old = spec_at_revision(files[0], revs[0])
        new = spec_at_revision(files[0], revs[1]) if len(revs) == 2 else files[0]
    elif len(files) == 2:
        old, new = files
    else:
        raise ParameterError(f"diff compares two versions, got {len(files)} file(s)",
                             file="treaty diff",
                             hint="treaty diff OLD NEW, or treaty diff FILE --rev GIT_REV")
    result = diff_specs(old, new, parse_params(params))
    click.echo(render(result, fmt, command="diff"), nl=False)
    if exit_code and not result.equal:
        sys.exit(EXIT_CHECK_FAILED)
