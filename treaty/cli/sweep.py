"""The ``treaty sweep`` command: classify a game at every point of a grid or a sample.

Parsing only; the work is in :mod:`treaty.sweep`, the rendering in :mod:`treaty.report.sweep`.
"""

from __future__ import annotations

import sys

import click

from ..errors import ParameterError
from ._common import dask_options, format_option, guarded, param_option, parse_params, quiet_option

__all__ = ["sweep_command"]


@click.command("sweep")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--grid", "grids", multiple=True, metavar="NAME=START:STOP:STEPS",
              help="Sweep NAME over STEPS evenly spaced values from START to STOP (repeatable: "
                   "the grid is the product); exact end points such as 1/3 stay exact.")
@click.option("--samples", type=int, default=None, metavar="N",
              help="Sample N points instead of a grid (the parameters named by --over and "
                   "--range, within their declared bounds).")
@click.option("--method", type=click.Choice(["uniform", "lhs", "sobol"]), default="uniform",
              show_default=True, help="Sampling method of --samples (sobol needs N a power of 2).")
@click.option("--seed", type=int, default=0, show_default=True, help="Seed of --samples.")
@click.option("--over", "overs", multiple=True, metavar="NAME",
              help="A parameter sampled by --samples within its declared min and max (repeatable).")
@click.option("--range", "ranges", multiple=True, metavar="NAME=LO:HI",
              help="A parameter sampled by --samples between LO and HI (needed when it has no "
                   "declared min or max; repeatable).")
@click.option("--classify", "-c", "classify", multiple=True, metavar="WHAT",
              help="What each point is classified by (repeatable): equilibria (default), "
                   "target:NAME, discount:NAME; for a game tree: outcome (= equilibria: its "
                   "pure subgame-perfect equilibria and their path) or target:A,B,... (one "
                   "action per information set); for a membership spec: pacts (default: the "
                   "best stable pact, how many, the largest; pacts:exclusive), size (the stable "
                   "sizes; size:exclusive), potential (the best potentially stable pact with "
                   "transfers), clause, clause:ATTR, clause@A+B, clause:ATTR@A+B (the smallest "
                   "participation clause, by members or by a share of ATTR, for a pact including "
                   "A and B), stable:A+B (is that pact stable).")
@param_option
@click.option("--output", "-o", "output", type=click.Path(dir_okay=False), default=None,
              metavar="FILE", help="Write every row to FILE (.csv, .json or .parquet) and print "
                                   "the summary.")
@click.option("--resume", is_flag=True,
              help="Continue the partial --output FILE of an interrupted run (computes only the "
                   "missing points).")
@click.option("--chunk-size", "chunk_size", type=click.IntRange(1), default=None, metavar="N",
              help="Points per unit of work.")
@click.option("--plot", "plot", type=click.Path(dir_okay=False), default=None, metavar="FILE",
              help="Draw the regime map (two parameters) or the equilibria against the parameter "
                   "(one) to FILE (.png, .svg or .pdf; needs treaty[plot]).")
@dask_options("the chunks")
@format_option("table", "csv", "json", "markdown")
@quiet_option
@guarded
def sweep_command(file: str, grids: tuple[str, ...], samples: int | None, method: str, seed: int,
                  overs: tuple[str, ...], ranges: tuple[str, ...], classify: tuple[str, ...],
                  params: tuple[str, ...], output: str | None, resume: bool,
                  chunk_size: int | None, fmt: str, plot: str | None = None,
                  scheduler: str | None = None, workers: int | None = None) -> None:
    """Classify the game in FILE at every point of a grid or a sample of parameter values.

    Prints a summary of the regimes (table, markdown) or every row (csv, json); with
    --output the rows go to the file.  Ctrl-C keeps the rows computed so far (written to
    --output, exit code 130); --resume continues them.
    """
    from pathlib import Path

    from ..report.sweep import render_sweep
    from ..spec.loader import read_spec
    from ..sweep import (
        SweepInterrupted,
        grid_design,
        parse_axis,
        parse_range,
        read_sweep,
        sample_design,
        sweep,
        write_sweep,
    )

    spec = read_spec(file)
    if plot is not None:
        from ..sweep._plot import check_plot_path

        check_plot_path(plot)
    if grids and (samples is not None or overs or ranges):
        raise ParameterError("give either --grid or --samples, not both", file="--grid",
                             hint="a grid is the product of the --grid axes; --samples draws points")
    if grids:
        axes = dict(parse_axis(g) for g in grids)
        design = grid_design(spec, axes)
    elif samples is not None:
        box = dict(parse_range(r) for r in ranges)
        design = sample_design(spec, samples, method, seed, ranges=box,
                               names=list(dict.fromkeys([*overs, *box])))
    else:
        raise ParameterError("nothing to sweep", file="--grid",
                             hint="write --grid NAME=START:STOP:STEPS or --samples N --over NAME")
    if resume and output is None:
        raise ParameterError("--resume continues an --output file", file="--resume",
                             hint="give the file of the interrupted run with --output FILE")
    if output is not None:
        from ..sweep._io import check_output

        check_output(output)  # the suffix, and pyarrow for .parquet, before any work
    done = None
    if resume and output is not None and Path(output).exists():
        done = read_sweep(output, parameters=design.names)
    try:
        from ..sweep._dask import dask_executor

        executor = click.get_current_context().with_resource(dask_executor(scheduler, workers))
        result = sweep(spec, design, classify or ("equilibria",), params=parse_params(params),
                       chunk_size=chunk_size, resume=done, executor=executor)
    except SweepInterrupted as stop:
        partial = stop.result
        if output is not None:
            write_sweep(partial, output)
            where = f"written to {output}; continue with --resume"
        else:
            click.echo(render_sweep(partial, fmt), nl=False)
            where = "printed"
        click.echo(f"interrupted: {partial.n:,} of {partial.design.n:,} points {where}", err=True)
        sys.exit(130)
    if plot is not None:
        from ..sweep._plot import plot_sweep

        plot_sweep(result, plot, spec=spec, params=parse_params(params))
    if output is not None:
        write_sweep(result, output)
        if fmt in ("csv", "json"):
            return
    click.echo(render_sweep(result, fmt), nl=False)
