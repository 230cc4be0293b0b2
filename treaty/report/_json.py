"""The one JSON envelope of every command (docs/output-format.md, ``output.schema.json``).

::

    {"treaty_output": 2, "command": "solve",
     "game": {"title": ..., "file": ..., "kind": "normal-form", "players": [...],
              "parameters": {"g": "1/2", ...}, ...},
     "result": {...}}

``result`` is the result object's ``to_dict()``; the ``game`` block says which model, from
which file, at which parameter values the result was computed.
"""

from __future__ import annotations

from collections.abc import Mapping
from importlib import resources
from typing import Any

from .._exact.numbers import number_to_json
from ._table import to_json

__all__ = ["OUTPUT_VERSION", "envelope", "game_block", "render_json", "output_schema"]

#: version of the JSON output of every command; bumped when a field is removed or renamed
OUTPUT_VERSION = 2


def _parameter_json(value: Any) -> Any:
    if value is None or getattr(value, "shape", ()) != ():
        return None  # an array-valued parameter (a sweep) has no single value
    return number_to_json(value)


def game_block(game: Any = None, *, players: Any = None,
               parameters: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """The ``game`` block of the envelope for a :class:`~treaty.game.Game`, a membership game
    or, when no model is at hand, just the *players* of the result."""
    if game is None:
        return {"title": None, "file": None, "kind": None,
                "players": list(players or ()),
                "parameters": {k: _parameter_json(v) for k, v in (parameters or {}).items()}}
    from ..game import Game

    info = getattr(game, "info", None)
    params = parameters if parameters is not None else getattr(info, "parameters", {}) or {}
    block: dict[str, Any] = {
        "title": getattr(game, "title", None) or None,
        "file": getattr(info, "file", None),
        "kind": "normal-form" if isinstance(game, Game) else
                "extensive-form" if type(game).__name__ == "TreeGame" else "membership",
        "players": list(game.players),
        "parameters": {k: _parameter_json(v) for k, v in params.items()},
    }
    if isinstance(game, Game):
        block["strategies"] = {p: list(s) for p, s in zip(game.players, game.strategies)}
    exact = getattr(game, "is_exact", getattr(game, "exact", None))
    if isinstance(exact, bool):
        block["exact"] = exact
    return block


def envelope(command: str, result: Any, game: Any = None, *,
             parameters: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """The envelope dict of *result* (an object with ``to_dict()``) for *command*."""
    return {
        "treaty_output": OUTPUT_VERSION,
        "command": command,
        "game": game_block(game, players=getattr(result, "players", None), parameters=parameters),
        "result": result.to_dict(),
    }


def render_json(result: Any, *, command: str, game: Any = None,
                parameters: Mapping[str, Any] | None = None) -> str:
    """The envelope of *result* as pretty JSON text."""
    return to_json(envelope(command, result, game, parameters=parameters))


def output_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of the envelope, shipped as ``output.schema.json``."""
    import json

    text = resources.files("treaty.report").joinpath("output.schema.json").read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    return data
