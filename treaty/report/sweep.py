"""Rendering of sweeps (:class:`~treaty.sweep.SweepResult`): a summary of the regimes as text,
every row as CSV, the JSON envelope with the rows."""

from __future__ import annotations

import csv
import io
import json
import math
from typing import Any

from ..errors import GameError
from ._json import OUTPUT_VERSION
from ._table import render_table, to_json
from ._text import wrap

__all__ = ["render_sweep", "sweep_envelope", "sweep_csv", "sweep_meta_json"]


def _cell(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float):
        return "" if math.isnan(v) else repr(v)
    return str(v)


def sweep_csv(result: Any) -> str:
    """The rows as CSV: a header, then one line per point; floats as their shortest exact
    text (``repr``, a lossless round trip), booleans as ``true``/``false``, NaN empty."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    names = list(result.columns)
    w.writerow(names)
    for row in zip(*(result.columns[k].tolist() for k in names)):
        w.writerow([_cell(v) for v in row])
    return buf.getvalue()


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
