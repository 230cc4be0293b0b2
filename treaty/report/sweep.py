"""Rendering of sweeps (:class:`~treaty.sweep.SweepResult`): a summary of the regimes as text,
every row as CSV, the JSON envelope with the rows."""

from __future__ import annotations

import json
from typing import Any

import numpy as np

from ..errors import GameError
from ._json import OUTPUT_VERSION
from ._table import render_table, to_json
from ._text import wrap

__all__ = ["render_sweep", "sweep_envelope", "sweep_csv", "sweep_meta_json"]


def _text_column(col: Any) -> list[str]:
    """One column as CSV fields: floats by ``repr`` (NaN empty), booleans ``true``/``false``,
    text quoted as the csv module would (only when it holds a comma, quote or newline)."""
    kind = col.dtype.kind
    if kind == "b":
        return ["true" if v else "false" for v in col.tolist()]
    if kind == "f":
        return ["" if v != v else repr(v) for v in col.tolist()]
    if kind in "iu":
        return [str(v) for v in col.tolist()]
    out = []
    for v in col.tolist():
        t = "true" if v is True else "false" if v is False else str(v)
        if any(c in t for c in ',"\n\r'):
            t = '"' + t.replace('"', '""') + '"'
        out.append(t)
    return out


def sweep_csv(result: Any) -> str:
    """The rows as CSV: a header, then one line per point; floats as their shortest exact
    text (``repr``, a lossless round trip), booleans as ``true``/``false``, NaN empty."""
    names = list(result.columns)
    header = ",".join(_text_column(np.array(names, dtype=object)))
    cols = [_text_column(result.columns[k]) for k in names]
    return header + "\n" + "".join(",".join(row) + "\n" for row in zip(*cols))


def sweep_meta_json(result: Any) -> str:
    """The description of a sweep (file, design, classifiers, complete) as compact JSON, kept in
    the metadata of a Parquet file."""
    return json.dumps({"file": result.file, "design": result.design.to_dict(),
                       "classifiers": list(result.classifiers), "complete": result.complete})


def sweep_envelope(result: Any) -> dict[str, Any]:
    """The JSON envelope of a sweep (command ``sweep``)."""
    from ._json import _parameter_json

    game = {"title": result.title, "file": result.file, "kind": result.kind,
            "players": list(result.players),
            "parameters": {**{k: None for k in result.design.names},
                           **{k: _parameter_json(v) for k, v in result.fixed.items()}}}
    return {"treaty_output": OUTPUT_VERSION, "command": "sweep", "game": game,
            "result": result.to_dict()}


def render_sweep(result: Any, fmt: str = "table", decimals: int | None = None) -> str:
    """``table``/``markdown``: the regimes with counts and shares; ``csv``: every row;
    ``json``: the envelope with every row."""
    if fmt == "json":
        return to_json(sweep_envelope(result))
    if fmt == "csv":
        return sweep_csv(result)
    if fmt not in ("table", "markdown"):
        raise GameError(f"unknown format {fmt!r} for a sweep (table, markdown, csv or json)")
    n = max(result.n, 1)
    rows = [[label, f"{count:,}", f"{100 * count / n:.1f}%"]
            for label, count in result.regimes().items()]
    head = wrap(result.describe()) + "\n"
    if fmt == "markdown":
        head = head + "\n"
    return head + render_table(["regime", "points", "share"], rows, fmt)
