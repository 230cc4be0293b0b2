"""Rendering of :class:`~treaty.sweep.RobustResult`: the probability of each answer with its
interval, the uncertain parameters, and the Sobol indices (text, Markdown, CSV, JSON)."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from ..errors import GameError
from ._json import OUTPUT_VERSION
from ._table import render_table, to_json
from ._text import wrap

__all__ = ["render_robust", "robust_envelope"]


def robust_envelope(result: Any) -> dict[str, Any]:
    """The JSON envelope of ``treaty robust`` (the uncertain parameters have no one value)."""
    from ._json import _parameter_json

    game = {"title": result.title, "file": result.file, "kind": result.kind,
            "players": list(result.players),
            "parameters": {**{k: None for k in result.distributions},
                           **{k: _parameter_json(v) for k, v in result.fixed.items()}}}
    return {"treaty_output": OUTPUT_VERSION, "command": "robust", "game": game,
            "result": result.to_dict()}


def _p(x: Fraction | float, decimals: int) -> str:
    if isinstance(x, Fraction):
        from .._exact.numbers import format_readable

        return str(format_readable(x, decimals))
    return f"{x:.{decimals}f}"


def _pm(value: float, half: float) -> str:
    if value != value:
        return "-"
    value = 0.0 if abs(value) < 0.005 else value  # no "-0.00"
    return f"{value:.2f} ± {half:.2f}" if half == half else f"{value:.2f}"


def render_robust(result: Any, fmt: str = "table", decimals: int | None = None) -> str:
    """``table``/``markdown``: the sentence, the distributions, the events and the Sobol
    indices; ``csv``: one row per event; ``json``: the envelope."""
    if fmt == "json":
        return to_json(robust_envelope(result))
    dec = 3 if decimals is None else decimals
    level = f"{100 * result.confidence:g}%"
    exact = result.method == "exact"
    event_rows = [[e.name, _p(e.probability, dec),
                   "exact" if exact else f"{_p(e.low, dec)} - {_p(e.high, dec)}",
                   f"{e.count:,} / {e.n:,}"] for e in result.events]
    event_head = ["event", "probability", "exact" if exact else f"{level} interval", "points"]
    if fmt == "csv":
        rows = [[e.name, float(e.probability), float(e.low), float(e.high), e.count, e.n]
                for e in result.events]
        return render_table(["event", "probability", "low", "high", "count", "points"], rows, "csv")
    if fmt not in ("table", "markdown"):
        raise GameError(f"unknown format {fmt!r} for treaty robust (table, markdown, csv or json)")
    out = [wrap(result.describe())]
    out.append(render_table(["parameter", "distribution"],
                            [[k, d.describe()] for k, d in result.distributions.items()], fmt))
    how = ("every combination of the scenarios, weighted exactly" if exact else
           f"{result.n:,} random draws (seed {result.seed}); the interval is Clopper-Pearson's "
           f"exact binomial interval, which holds the true probability at least {level} of the "
           "time")
    out.append(render_table(event_head, event_rows, fmt) + "\n" + wrap(f"probability: the share of {how}."))
    s = result.sensitivity
    if s is not None:
        if s.indices:
            rows = [[event, p, _pm(v[0], v[1]), _pm(v[2], v[3])]
                    for event, per in s.indices.items() for p, v in per.items()]
            out.append(render_table(["event", "parameter", "S1", "ST"], rows, fmt) + "\n" + wrap(
                f"Sobol indices from {s.evaluations:,} evaluations (Saltelli's design, base "
                f"{s.base:,}, SALib): S1 is the share of the answer's variance due to the "
                "parameter alone, ST the share it takes part in (with its interactions); "
                f"± is the half-width of the {level} bootstrap interval."))
        if s.note:
            out.append(wrap(f"Sensitivity: {s.note}."))
    return "\n\n".join(part.rstrip("\n") for part in out) + "\n"
