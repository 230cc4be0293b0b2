"""Writing specs and games out as YAML or JSON.

Two writers:

* :func:`document_to_yaml` / :func:`document_to_json` write a parsed spec document back as it
  was written: parameters with their docs, bounds, units and expressions, payoff expressions
  as text, targets, ``verification``, ``repeated`` and ``negotiation`` sections, any spec kind.  Numbers are
  written as their text (``3/10`` stays ``3/10``; JSON, which has no fractions, gets the
  string ``"3/10"``, read back as the same exact number), so reading the output gives the same
  spec: this is ``treaty convert`` (lossless).  Comments are not part of the document and are
  not kept.  Written to another folder (``moved=(source, output)``), the one file path a spec
  holds, a ``negotiation`` disagreement ``game:`` (relative to the spec's folder), is rewritten
  relative to the output's folder, so it names the same file.
* :func:`game_to_spec` / :func:`dump_yaml` / :func:`dump_json` write one game with its payoffs
  as numbers (``treaty convert --evaluate``).
"""

from __future__ import annotations

import json
import os
import re
from fractions import Fraction
from typing import Any

from ..game import Game
from ._nodes import Node

__all__ = ["game_to_spec", "dump_yaml", "dump_json", "document_to_yaml", "document_to_json",
           "dump_spec"]

_JSON_NUMBER = re.compile(r"^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$")


def _val(v: Any) -> Any:
    if isinstance(v, Fraction):
        return v.numerator if v.denominator == 1 else f"{v.numerator}/{v.denominator}"
    return float(v)


def game_to_spec(game: Game, output: str | None = None) -> dict[str, Any]:
    """A spec document (format version 1, per-player payoff arrays) for *game*.

    Exact payoffs are written as integers or ``"a/b"`` strings, so reading the file back
    gives the same exact game.  The ``repeated`` settings are written as a section; a
    verification mechanism is already part of the payoffs (and named in ``assumptions``), so
    it is not written again.  The ``negotiation`` settings are written with numbers, except
    its ``terms``: they are parameters, which the written game no longer has.  The
    disagreement game's path is written relative to the folder of *output* (the file the spec
    is written to) when given, else absolute.
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
    if game.repeated is not None:
        r = game.repeated
        rep: dict[str, Any] = {}
        if r.discount is not None:
            rep["discount"] = _val(r.discount)
        rep["detection"] = ({k: _val(v) for k, v in r.detection.items()}
                            if isinstance(r.detection, dict) else _val(r.detection))
        if r.false_alarm is not None:
            rep["false_alarm"] = ({k: _val(v) for k, v in r.false_alarm.items()}
                                  if isinstance(r.false_alarm, dict) else _val(r.false_alarm))
        rep["punishment"] = "grim" if r.periods is None else r.periods
        rep["reversion"] = r.reversion if isinstance(r.reversion, str) else list(r.reversion)
        if r.targets:
            rep["targets"] = list(r.targets)
        doc["repeated"] = rep
    if game.negotiation is not None:
        doc["negotiation"] = _negotiation(game.negotiation, output)
    return doc


def _negotiation(n: Any, output: str | None) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if n.doc:
        out["doc"] = n.doc
    if n.target is not None:
        out["target"] = n.target
    d = n.disagreement
    if isinstance(d, str):
        out["disagreement"] = d
    elif d is not None and "game" in d:
        path = d["game"]
        if output is not None:
            path = os.path.relpath(path, os.path.dirname(os.path.abspath(output)))
        out["disagreement"] = {"game": path, "select": d["select"]}
    elif d is not None and "values" in d:
        out["disagreement"] = {"values": {k: _val(v) for k, v in d["values"].items()}}
    elif d is not None:
        out["disagreement"] = dict(d)
    for key in ("powers", "discount", "outside_options"):
        m = getattr(n, key)
        if m is not None:
            out[key] = {k: _val(v) for k, v in m.items()}
    out["solution"] = n.solution
    if n.self_enforcing:
        out["self_enforcing"] = True
    return out


def _nested(arr: Any) -> Any:
    if getattr(arr, "ndim", 0) == 0:
        return _val(arr.item() if hasattr(arr, "item") and not isinstance(arr, Fraction) else arr)
    return [_nested(a) for a in arr]


def dump_yaml(game: Game, output: str | None = None) -> str:
    import yaml

    return yaml.safe_dump(game_to_spec(game, output), sort_keys=False, default_flow_style=None,
                          allow_unicode=True, width=100)


def dump_json(game: Game, output: str | None = None) -> str:
    return json.dumps(game_to_spec(game, output), indent=2, ensure_ascii=False) + "\n"


def dump_spec(doc: dict[str, Any], fmt: str) -> str:
    """A spec document built in code (e.g. :func:`treaty.spec.extensive.tree_to_spec`) as
    ``"yaml"`` or ``"json"`` text."""
    if fmt == "json":
        return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"
    import yaml

    return yaml.safe_dump(doc, sort_keys=False, allow_unicode=True, width=100)


# -- documents, as written ----------------------------------------------------------------
class _Number(str):
    """The text of a number, written unquoted."""


def _data(node: Node) -> Any:
    if node.kind == "map":
        return {k: _data(v) for k, v in node.value.items()}
    if node.kind == "seq":
        return [_data(v) for v in node.value]
    v = node.value
    if isinstance(v, Fraction) and not node.quoted:
        return _Number(node.raw or str(v))
    return v


def _number_representer(dumper: Any, data: _Number) -> Any:
    import yaml

    tag = yaml.resolver.Resolver().resolve(yaml.ScalarNode, str(data), (True, False))
    return dumper.represent_scalar(tag, str(data), style="")


def _moved(data: Any, moved: tuple[str, str] | None) -> Any:
    """*data* with the disagreement game's path rewritten for a spec moved from ``moved[0]``
    to ``moved[1]`` (an absolute path is kept)."""
    if moved is None or not isinstance(data, dict):
        return data
    d = data.get("negotiation")
    d = d.get("disagreement") if isinstance(d, dict) else None
    path = d.get("game") if isinstance(d, dict) else None
    if isinstance(d, dict) and isinstance(path, str) and not os.path.isabs(os.path.expanduser(path)):
        src, dst = (os.path.dirname(os.path.abspath(f)) for f in moved)
        d["game"] = os.path.relpath(os.path.join(src, path), dst)
    return data


def document_to_yaml(root: Node, *, moved: tuple[str, str] | None = None) -> str:
    """A parsed spec document as YAML text that reads back to the same spec.

    *moved* = ``(source file, output file)`` rewrites the file path a spec holds (a
    negotiation's disagreement ``game:``) relative to the output's folder.
    """
    import yaml

    class Dumper(yaml.SafeDumper):
        pass

    Dumper.add_representer(_Number, _number_representer)
    return yaml.dump(_moved(_data(root), moved), Dumper=Dumper, sort_keys=False, default_flow_style=None,
                     allow_unicode=True, width=100)


def document_to_json(root: Node, *, moved: tuple[str, str] | None = None) -> str:
    """A parsed spec document as JSON text that reads back to the same spec (*moved*: as for
    :func:`document_to_yaml`)."""

    def enc(x: Any) -> Any:
        if isinstance(x, _Number):
            text = str(x).strip()
            if _JSON_NUMBER.match(text):
                return _JsonNumber(text)
            return text  # 3/10, 1_000, .5: a string, read back as the same exact number
        if isinstance(x, dict):
            return {k: enc(v) for k, v in x.items()}
        if isinstance(x, list):
            return [enc(v) for v in x]
        return x

    return _dumps(enc(_moved(_data(root), moved)), 0) + "\n"


class _JsonNumber(str):
    pass


def _dumps(x: Any, indent: int) -> str:
    pad, inner = "  " * indent, "  " * (indent + 1)
    if isinstance(x, _JsonNumber):
        return str(x)
    if isinstance(x, dict):
        if not x:
            return "{}"
        items = [f"{inner}{json.dumps(k, ensure_ascii=False)}: {_dumps(v, indent + 1)}"
                 for k, v in x.items()]
        return "{\n" + ",\n".join(items) + "\n" + pad + "}"
    if isinstance(x, list):
        if not x:
            return "[]"
        if all(not isinstance(v, (dict, list)) for v in x):
            return "[" + ", ".join(_dumps(v, indent + 1) for v in x) + "]"
        return "[\n" + ",\n".join(inner + _dumps(v, indent + 1) for v in x) + "\n" + pad + "]"
    return json.dumps(x, ensure_ascii=False)
