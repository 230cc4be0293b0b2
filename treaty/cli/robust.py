"""The ``treaty robust`` command: how likely each answer is when parameters are uncertain.

Parsing only; the work is in :mod:`treaty.sweep._robust`, the rendering in
:mod:`treaty.report.robust`.
"""

from __future__ import annotations

import click

from ._common import (
    dask_options,
    decimals_option,
    format_option,
    guarded,
    param_option,
    parse_params,
    quiet_option,
)

__all__ = ["robust_command"]


@click.command("robust")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--samples", "-n", "samples", type=click.IntRange(1), default=4000, show_default=True,
              metavar="N", help="Random draws of the parameters that declare a distribution.")
@click.option("--classify", "-c", "classify", multiple=True, metavar="WHAT",
              help="What each draw is classified by (repeatable): target:NAME, equilibria, "
                   "stable:A+B, discount:NAME, pacts, size, potential, clause (default: every named "
                   "target, else equilibria; pacts for a membership spec).")
@click.option("--seed", type=int, default=0, show_default=True, help="Seed of the draws.")
@click.option("--sobol", type=click.IntRange(0), default=1024, show_default=True, metavar="N",
              help="Base size of Saltelli's design for the Sobol indices (a power of two; "
                   "0 skips them; needs treaty[sensitivity]).")
@click.option("--confidence", type=click.FloatRange(0, 1, min_open=True, max_open=True),
              default=0.95, show_default=True, help="Level of the intervals.")
@click.option("--exact/--sample", "exact", default=None,
              help="Enumerate the scenario combinations (exact probabilities) or draw at random "
                   "(default: exact when every uncertain parameter is a scenario list).")
@param_option
@click.option("--chunk-size", "chunk_size", type=click.IntRange(1), default=None, metavar="N",
              help="Points per unit of work.")
@dask_options("the draws")
@format_option("table", "json", "markdown", "csv")
@decimals_option
@quiet_option
@guarded
def robust_command(file: str, samples: int, classify: tuple[str, ...], seed: int, sobol: int,
                   confidence: float, exact: bool | None, params: tuple[str, ...],
                   chunk_size: int | None, scheduler: str | None, workers: int | None, fmt: str,
                   decimals: int | None) -> None:
    """Probability of each answer when the parameters of FILE follow their distributions.

    Draws every parameter that declares a distribution (the others keep their value, and a
    --param fixes one), classifies each draw, and prints the probability of each answer
    with a confidence interval and the Sobol indices saying which parameters it hinges on.
    """
    from ..report.robust import render_robust
    from ..spec.loader import read_spec
    from ..sweep._dask import dask_executor
    from ..sweep._robust import robust

    spec = read_spec(file)
    executor = click.get_current_context().with_resource(dask_executor(scheduler, workers))
    result = robust(spec, samples, classify or None, seed=seed, params=parse_params(params),
                    confidence=confidence, sobol=sobol or None, exact=exact,
                    chunk_size=chunk_size, executor=executor)
    click.echo(render_robust(result, fmt, decimals), nl=False)
