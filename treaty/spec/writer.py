"""Writing games back out as spec files (YAML or JSON, array form)."""

from __future__ import annotations

import json
from fractions import Fraction
from typing import Any

from ..game import Game

__all__ = ["game_to_spec", "dump_yaml", "dump_json"]


def _val(v: Any) -> Any:
    if isinstance(v, Fraction):
        return v.numerator if v.denominator == 1 else f"{v.numerator}/{v.denominator}"
    return float(v)


def game_to_spec(game: Game) -> dict[str, Any]:
    """A spec document (format version 1, per-player payoff arrays) for *game*.

    Exact payoffs are written as integers or ``"a/b"`` strings, so reading the file back
    gives the same exact game.
    """
    doc: dict[str, Any] = {"treaty": 1, "kind": "normal-form"}
    if game.title:
        doc["title"] = game.title
    if game.info.description:
        doc["description"] = game.info.description
    if game.info.source:
        doc["source"] = list(game.info.source)
    if game.info.assumptions:
        doc["assumptions"] = list(game.info.assumptions)
    doc["players"] = [{"name": p, "strategies": list(s)}
                      for p, s in zip(game.players, game.strategies)]
    pay = game.payoffs
    doc["payoffs"] = {p: _nested(pay[i]) for i, p in enumerate(game.players)}
    if game.targets:
        doc["targets"] = {name: [game.strategies[i][k] for i, k in enumerate(idx)]
                          for name, idx in game.targets.items()}
    return doc


def _nested(arr: Any) -> Any:
    if getattr(arr, "ndim", 0) == 0:
        return _val(arr.item() if hasattr(arr, "item") and not isinstance(arr, Fraction) else arr)
    return [_nested(a) for a in arr]


def dump_yaml(game: Game) -> str:
    import yaml

    return yaml.safe_dump(game_to_spec(game), sort_keys=False, default_flow_style=None,
                          allow_unicode=True, width=100)


def dump_json(game: Game) -> str:
    return json.dumps(game_to_spec(game), indent=2, ensure_ascii=False) + "\n"
