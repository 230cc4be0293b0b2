"""The ``treaty schema`` command: print the JSON Schema of a spec kind, for editors and review.

Parsing only; the schema is built by :func:`treaty.spec.schema.spec_schema` from the spec
readers' own key tuples and written by :func:`treaty.report.to_json`.
"""

from __future__ import annotations

from pathlib import Path

import click

from ..errors import GameError
from ..spec.schema import SCHEMA_KINDS
from ._common import guarded

__all__ = ["schema_command"]


@click.command("schema")
@click.argument("kind", type=click.Choice(SCHEMA_KINDS), default="all", required=False)
@click.option("--output", "-o", type=click.Path(dir_okay=False), default=None,
              help="Write the schema to this file instead of standard output.")
@guarded
def schema_command(kind: str, output: str | None) -> None:
    """Print the JSON Schema of spec KIND (normal-form, membership, or all: the default).

    Point an editor at it to validate and complete spec files while typing; for YAML files,
    write it beside the specs and start each spec with the line

        # yaml-language-server: $schema=treaty-spec.schema.json

    Gambit's .nfg format is not JSON and has no schema.
    """
    from ..report import to_json
    from ..spec.schema import spec_schema

    text = to_json(spec_schema(kind))
    if output is None:
        click.echo(text, nl=not text.endswith("\n"))
        return
    try:
        Path(output).write_text(text if text.endswith("\n") else text + "\n", encoding="utf-8")
    except OSError as exc:
        raise GameError(f"{output}: cannot write the schema ({exc.strerror})") from None
