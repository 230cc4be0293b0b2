"""The ``treaty new`` command: write a commented spec template that validates and solves.

The templates ship with the package (``treaty/spec/templates/KIND.yaml``).
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import click

from ..errors import GameError
from ._common import guarded

__all__ = ["new_command", "TEMPLATE_KINDS", "template_text"]

TEMPLATE_KINDS = ("normal-form", "membership")


def template_text(kind: str) -> str:
    """The commented template of spec *kind* (``normal-form`` or ``membership``)."""
    if kind not in TEMPLATE_KINDS:
        raise GameError(f"no template for spec kind {kind!r} (one of {', '.join(TEMPLATE_KINDS)})")
    folder = resources.files("treaty.spec").joinpath("templates")  # one name per call (Python 3.10)
    return folder.joinpath(f"{kind}.yaml").read_text("utf-8")


@click.command("new")
@click.argument("kind", type=click.Choice(TEMPLATE_KINDS))
@click.argument("file", type=click.Path(dir_okay=False), required=False)
@click.option("--force", is_flag=True, help="Overwrite FILE if it exists.")
@guarded
def new_command(kind: str, file: str | None, force: bool) -> None:
    """Write a commented template of a KIND spec to FILE (or standard output).

    The template is a small complete game (it validates and solves as written) whose
    comments name the keys to edit; docs/spec-format.md describes every key.
    """
    text = template_text(kind)
    if file is None:
        click.echo(text, nl=False)
        return
    path = Path(file)
    if path.exists() and not force:
        raise GameError(f"{file} exists; not overwritten (use --force, or choose another name)")
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise GameError(f"{file}: cannot write the template ({exc.strerror})") from None
    click.echo(f"wrote {file}: edit it, then run 'treaty validate {file}'", err=True)
