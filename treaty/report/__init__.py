"""All rendering: results to text tables, Markdown, CSV and JSON.

Every result of treaty follows one protocol (:class:`treaty.results.Result`: ``to_dict()`` and
``describe()``); this package is the only place that turns results into text.  :func:`render`
dispatches on the result's type; every command's JSON is one envelope (:mod:`._json`,
docs/output-format.md, the JSON Schema in ``output.schema.json``).  Nothing here computes
game theory.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .._exact.numbers import format_readable
from ..errors import GameError
from ._json import OUTPUT_VERSION, envelope, game_block, output_schema, render_json
from ._table import render_table, to_json
from .equilibria import render_equilibria

__all__ = ["FORMATS", "OUTPUT_VERSION", "render", "render_equilibria", "render_analysis",
           "render_threshold", "render_coalitions", "render_table", "render_json", "to_json",
           "envelope", "game_block", "output_schema", "format_readable"]

#: every output format; each kind of result supports a subset (see :func:`render`)
FORMATS = ("table", "json", "csv", "markdown")


def render_analysis(report: Any, fmt: str = "table", decimals: int | None = None) -> str:
    """See :func:`treaty.report.analysis.render_analysis`."""
    from .analysis import render_analysis as _render

    return _render(report, fmt, decimals)


def render_threshold(th: Any, fmt: str = "table", game: Any = None,
                     decimals: int | None = None) -> str:
    """See :func:`treaty.report.threshold.render_threshold`."""
    from .threshold import render_threshold as _render

    return _render(th, fmt, game, decimals)


def render_coalitions(report: Any, fmt: str = "table", decimals: int | None = None) -> str:
    """See :func:`treaty.report.coalitions.render_coalitions`."""
    from .coalitions import render_coalitions as _render

    return _render(report, fmt, decimals)


def render(result: Any, fmt: str = "table", *, command: str | None = None, game: Any = None,
           parameters: Mapping[str, Any] | None = None, decimals: int | None = None) -> str:
    """Render any result as ``"table"``, ``"markdown"``, ``"csv"`` or ``"json"``.

    Parameters
    ----------
    result : Result
        An equilibrium set (needs *game*), an analysis, a threshold, a coalition report, or
        any other result (rendered by its ``describe()`` as text, its ``to_dict()`` as JSON).
    fmt : str
        One of :data:`FORMATS`; CSV is for tabular results (equilibria, coalitions).
    command : str, optional
        The command named in the JSON envelope (default: the one that makes *result*).
    game : Game or MembershipGame, optional
        The model the result is about (the envelope's ``game`` block).
    parameters : mapping, optional
        The parameter values used (default: the game's).
    decimals : int, optional
        Decimals shown beside exact fractions and for floats in text and Markdown tables
        (default 3; 0: fractions only).  CSV and JSON are always lossless.

    Examples
    --------
    >>> import json, treaty
    >>> game = treaty.load("games/race_or_pact.yaml")
    >>> out = json.loads(render(treaty.equilibria(game), "json", game=game))
    >>> out["treaty_output"], out["command"], out["game"]["kind"], out["result"]["count"]
    (2, 'solve', 'normal-form', 3)
    """
    from ..coalitions._results import CoalitionReport
    from ..mechanics.thresholds._results import Threshold
    from ..nash._result import EquilibriumSet

    if fmt not in FORMATS:
        raise GameError(f"unknown format {fmt!r} (expected one of {', '.join(FORMATS)})")
    if isinstance(result, EquilibriumSet):
        if game is None:
            raise GameError("rendering an equilibrium set needs its game (game=...)")
        return render_equilibria(game, result, fmt, parameters, command=command or "solve",
                                 decimals=decimals)
    if isinstance(result, CoalitionReport):
        if fmt == "json":
            return render_json(result, command=command or "coalitions", game=result.game,
                               parameters=parameters)
        return render_coalitions(result, fmt, decimals)
    if isinstance(result, Threshold):
        if fmt == "json":
            return render_json(result, command=command or "threshold", game=game,
                               parameters=parameters)
        return render_threshold(result, fmt, game, decimals)
    from ..diff import SpecDiff
    from ..mechanics.analysis import Analysis

    if isinstance(result, SpecDiff):
        from .diff import render_diff

        return render_diff(result, fmt)
    if isinstance(result, Analysis):
        if fmt == "json":
            return render_json(result, command=command or "analyze", game=result.game,
                               parameters=parameters)
        return render_analysis(result, fmt, decimals)
    from ..negotiation import Negotiation

    if isinstance(result, Negotiation):
        from .negotiation import render_negotiation

        return render_negotiation(result, fmt, decimals)
    kind = type(result).__name__
    if fmt == "json":
        return render_json(result, command=command or kind,
                           game=game if game is not None else getattr(result, "game", None),
                           parameters=parameters)
    if fmt == "csv":
        raise GameError(f"a {kind} has no CSV form (use table, markdown or json)")
    from ._text import Numbers, wrap

    return wrap(Numbers(decimals).text(result.describe())) + "\n"
