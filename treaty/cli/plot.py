"""The ``treaty plot`` command: redraw a saved sweep as a regime map.

Parsing only; the drawing lives in :mod:`treaty.sweep._plot`.
"""

from __future__ import annotations

import click

from ._common import guarded, param_option, parse_params

__all__ = ["plot_command"]


@click.command("plot")
@click.argument("sweep_file", type=click.Path(dir_okay=False, exists=True))
@click.option("--output", "-o", "output", type=click.Path(dir_okay=False), required=True,
              metavar="FILE", help="The picture to write: .png, .svg or .pdf.")
@click.option("--spec", "spec", type=click.Path(dir_okay=False, exists=True), default=None,
              help="The spec swept (default: the file the sweep names).")
@click.option("--x", "x", default=None, metavar="NAME", help="Parameter on the horizontal axis.")
@click.option("--y", "y", default=None, metavar="NAME", help="Parameter on the vertical axis.")
@param_option
@guarded
def plot_command(sweep_file: str, output: str, spec: str | None, x: str | None, y: str | None,
                 params: tuple[str, ...]) -> None:
    """Redraw the sweep in SWEEP_FILE (CSV or JSON from treaty sweep) as a regime map."""
    from ..sweep import read_sweep
    from ..sweep._plot import plot_sweep

    result = read_sweep(sweep_file)
    spec_file = spec or result.file
    if spec_file:
        # the parameter columns are the leading columns the spec declares as parameters
        from ..spec.loader import read_spec

        declared = set(read_spec(spec_file).parameters.names)
        lead: list[str] = []
        for col in result.columns:
            if col not in declared:
                break
            lead.append(col)
        if lead and tuple(lead) != tuple(result.design.names):
            result = read_sweep(sweep_file, tuple(lead))
    drawn = plot_sweep(result, output, spec=spec_file, x=x, y=y, params=parse_params(params))
    click.echo(f"wrote {drawn.path}: {len(drawn.labels)} regimes over "
               f"{', '.join(drawn.parameters)}", err=True)
