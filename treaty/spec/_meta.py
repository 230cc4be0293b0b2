"""The metadata keys every spec kind shares: version, kind, title, description, sources,
assumptions and parameters."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..game import GameInfo
from ._nodes import Node
from ._params import ParameterSet

__all__ = ["COMMON_KEYS", "read_info"]

COMMON_KEYS = ("treaty", "kind", "title", "description", "source", "assumptions", "parameters")


def read_info(fields: Mapping[str, Node], parameters: ParameterSet, env: Mapping[str, Any],
              file: str) -> tuple[str, GameInfo]:
    """The title and the :class:`~treaty.game.GameInfo` of a spec's top-level *fields*."""
    title = fields["title"].expect_str("'title'") if "title" in fields else ""
    info = GameInfo(
        description=fields["description"].expect_str("'description'")
        if "description" in fields else "",
        source=tuple(fields["source"].text_list("'source'")) if "source" in fields else (),
        assumptions=tuple(fields["assumptions"].text_list("'assumptions'"))
        if "assumptions" in fields else (),
        parameters=dict(env),
        parameter_docs={p.name: p.doc for p in parameters.params},
        parameter_units={p.name: p.unit for p in parameters.params if p.unit},
        file=file,
    )
    return title, info
