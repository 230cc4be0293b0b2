"""One report per game: equilibria, named targets, their thresholds and discount factors.

:func:`analyze` collects, for a spec file, everything a reader needs to judge a treaty
question without opening the source: what the game is (players, strategies, parameters with
their meaning, assumptions, the verification mechanism), its Nash equilibria, whether each
named target profile is an equilibrium (and if not, who gains by deviating and how much), for
each parameter the range in which the target is an equilibrium with the binding deviation
(:mod:`treaty.mechanics.thresholds`), and the critical discount factors at which the target enforces
itself in the repeated game (:mod:`treaty.mechanics.repeated`).  :func:`render_analysis` turns the
report into text, Markdown or JSON.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .._exact.numbers import format_number, number_to_json
from ..errors import TreatyError
from ..game import Game
from .repeated import (
    MinmaxValue,
    Sustainability,
    critical_discount,
    min_detection,
    minmax_values,
    repeated_settings,
)
from .thresholds import Threshold, deviation_gains, threshold
from .verification import mechanism_of

__all__ = ["Analysis", "TargetReport", "analyze", "render_analysis", "ANALYSIS_FORMATS"]

ANALYSIS_FORMATS = ("table", "json", "markdown")
#: version of the JSON output of ``treaty analyze``
ANALYSIS_OUTPUT_VERSION = 1


@dataclass(frozen=True)
class TargetReport:
    """What the analysis says about one named target profile."""

    name: str
    profile: tuple[str, ...]
    is_equilibrium: bool
    payoffs: tuple[Any, ...]
    deviations: tuple[tuple[str, str, Any], ...]  # profitable (player, strategy, gain)
    thresholds: tuple[Threshold, ...] = ()
    sustainability: tuple[Sustainability, ...] = ()
    min_detection: Any = None

    def to_dict(self, players: tuple[str, ...]) -> dict[str, Any]:
        return {
            "name": self.name,
            "profile": dict(zip(players, self.profile, strict=True)),
            "is_equilibrium": self.is_equilibrium,
            "payoffs": {p: number_to_json(v) for p, v in zip(players, self.payoffs,
                                                              strict=True)},
            "profitable_deviations": [{"player": p, "to": s, "gain": number_to_json(g)}
                                      for p, s, g in self.deviations],
            "thresholds": [t.to_dict() for t in self.thresholds],
            "repeated": [s.to_dict() for s in self.sustainability],
            "min_detection_at_discount": None if self.min_detection is None
            else number_to_json(self.min_detection),
        }


@dataclass(frozen=True)
class Analysis:
    """The full report of :func:`analyze` (see the module docstring)."""

    game: Game
    parameters: tuple[tuple[str, Any, str, Any, Any], ...]  # name, value, doc, min, max
    equilibria: Any
    targets: tuple[TargetReport, ...]
    verification: str | None = None
    minmax: tuple[MinmaxValue, ...] = ()
    repeated: Mapping[str, Any] | None = None
    notes: tuple[str, ...] = field(default_factory=tuple)

    def to_dict(self) -> dict[str, Any]:
        g = self.game
        return {
            "treaty_output": ANALYSIS_OUTPUT_VERSION,
            "game": {"title": g.title, "file": g.info.file, "description": g.info.description,
                     "players": list(g.players),
                     "strategies": {p: list(s) for p, s in zip(g.players, g.strategies,
                                                               strict=True)},
                     "exact": g.is_exact, "assumptions": list(g.info.assumptions),
                     "source": list(g.info.source)},
            "parameters": [{"name": n, "value": number_to_json(v), "doc": d,
                            "min": None if lo is None else format_number(lo),
                            "max": None if hi is None else format_number(hi)}
                           for n, v, d, lo, hi in self.parameters],
            "verification": self.verification,
            "equilibria": {"method": self.equilibria.method,
                           "complete": self.equilibria.complete,
                           "note": self.equilibria.note,
                           "list": [dict(index=k + 1, description=e.describe(), **e.to_dict())
                                    for k, e in enumerate(self.equilibria)]},
            "targets": [t.to_dict(g.players) for t in self.targets],
            "minmax": [m.to_dict() for m in self.minmax],
            "repeated_settings": self.repeated,
            "notes": list(self.notes),
        }


def analyze(path: str | os.PathLike[str], params: Mapping[str, Any] | None = None, *,
            thresholds: bool = True) -> Analysis:
    """Analyse the game in a spec file.

    Parameters
    ----------
    path : str or PathLike
        A normal-form spec (YAML/JSON).
    params : mapping, optional
        Parameter overrides.
    thresholds : bool
        Compute the threshold of every parameter for every target (one exact interpolation
        per parameter; set False for a quick report).

    Returns
    -------
    Analysis

    Examples
    --------
    >>> rep = analyze("games/deployment_race.yaml")
    >>> [(t.name, t.is_equilibrium) for t in rep.targets]
    [('deployment', True), ('frontier_race', False)]
    """
    from ..nash import equilibria
    from ..spec.loader import _read_text, parameters_of, read_document

    text, file = _read_text(path)
    root, kind = read_document(text, file)
    if kind != "normal-form":
        raise TreatyError(f"{file}: 'analyze' needs a normal-form game, this spec is {kind!r}")
    from ..spec.loader import loads

    game = loads(text, params, file=file)
    declared = parameters_of(root)
    env = game.info.parameters
    plist = tuple((p.name, env.get(p.name), p.doc, p.minimum, p.maximum)
                  for p in declared.params)
    eqs = equilibria(game)
    settings = repeated_settings(game)
    notes: list[str] = []
    if not eqs.complete:
        notes.append(eqs.note)
    targets = []
    for name, idx in game.targets.items():
        gains = deviation_gains(game, idx)
        devs = tuple((game.players[i], game.strategies[i][s], g) for i, s, g in gains if g > 0)
        ths: tuple[Threshold, ...] = ()
        if thresholds:
            ths = tuple(threshold(file, p.name, name, params) for p in declared.params)
        sus: list[Sustainability] = []
        mind = None
        if settings is None or not settings.targets or name in settings.targets:
            periods = settings.periods if settings else None
            reversion = settings.reversion if settings else "nash"
            discount = settings.discount if settings else None
            try:
                sus.append(critical_discount(game, name, periods=periods, reversion=reversion,
                                             discount=discount))
                if settings is not None and settings.detection != 1:
                    sus.append(critical_discount(game, name, periods=periods,
                                                 reversion=reversion, discount=discount,
                                                 detection=settings.detection))
            except TreatyError as exc:
                notes.append(f"target {name}: repeated game not analysed ({exc})")
            if sus and discount is not None:
                vals = [min_detection(c.temptation, c.reward, c.punishment, discount, periods)
                        for c in sus[0].conditions]
                mind = None if any(v is None for v in vals) else max(vals)
        targets.append(TargetReport(
            name, tuple(game.strategies[i][k] for i, k in enumerate(idx)),
            not devs, game.payoff(idx), devs, ths, tuple(sus), mind))
    mech = mechanism_of(game)
    minmax = minmax_values(game) if settings is not None else ()
    return Analysis(game, plist, eqs, tuple(targets),
                    mech.describe() if mech else None, minmax,
                    settings.to_dict() if settings else None, tuple(notes))


# -- rendering -----------------------------------------------------------------------------
def _fmt(v: Any) -> str:
    return "-" if v is None else format_number(v)


def _bounds(lo: Any, hi: Any) -> str:
    if lo is None and hi is None:
        return ""
    left = f"[{_fmt(lo)}" if lo is not None else "(-inf"
    right = f"{_fmt(hi)}]" if hi is not None else "inf)"
    return f"{left}, {right}"


def render_analysis(report: Analysis, fmt: str = "table") -> str:
    """Render an :class:`Analysis` as ``"table"`` (plain text), ``"markdown"`` or ``"json"``."""
    from ..report import render_table, to_json

    if fmt == "json":
        return to_json(report.to_dict())
    if fmt not in ANALYSIS_FORMATS:
        raise TreatyError(f"unknown format {fmt!r} (expected one of {ANALYSIS_FORMATS})")
    md = fmt == "markdown"
    g = report.game
    out: list[str] = []

    def heading(text: str, level: int = 2) -> None:
        if md:
            out.append(f"{'#' * level} {text}\n")
        else:
            out.append(text)
            out.append(("=" if level == 1 else "-") * len(text))

    def para(text: str) -> None:
        out.append(text)
        out.append("")

    def bullets(items: list[str]) -> None:
        for it in items:
            out.append(f"- {it}")
        out.append("")

    tf = "markdown" if md else "table"
    heading(g.title or os.path.basename(g.info.file or "game"), 1)
    if not md:
        out.append("")
    if g.info.description:
        para(" ".join(g.info.description.split()))
    dims = " x ".join(str(n) for n in g.shape)
    para(f"Players and strategies ({dims}, {'exact' if g.is_exact else 'floating-point'} "
         "payoffs):")
    bullets([f"{p}: {', '.join(s)}" for p, s in zip(g.players, g.strategies, strict=True)])
    if report.parameters:
        heading("Parameters")
        out.append(render_table(["name", "value", "range", "meaning"],
                                [[n, _fmt(v), _bounds(lo, hi), d]
                                 for n, v, d, lo, hi in report.parameters], tf))
    if g.info.assumptions:
        heading("Assumptions")
        bullets([" ".join(a.split()) for a in g.info.assumptions
                 if not (report.verification and a.startswith("Verification: "))])
    if report.verification:
        heading("Verification mechanism")
        para(report.verification)
    heading("Nash equilibria")
    eqs = report.equilibria
    n = len(eqs)
    para(f"{n} equilibri{'um' if n == 1 else 'a'} ({eqs.note}):")
    rows = [[k + 1, e.describe(), ", ".join(f"{p} {format_number(v)}" for p, v in
                                           zip(g.players, e.payoffs, strict=True))]
            for k, e in enumerate(eqs)]
    if rows:
        out.append(render_table(["#", "strategies", "payoffs"], rows, tf))
    for t in report.targets:
        prof = ", ".join(f"{p} {s}" for p, s in zip(g.players, t.profile, strict=True))
        heading(f"Target '{t.name}' ({prof})")
        pays = ", ".join(f"{p} {format_number(v)}" for p, v in zip(g.players, t.payoffs,
                                                                   strict=True))
        if t.is_equilibrium:
            para(f"It IS a Nash equilibrium at the current parameters (payoffs: {pays}).")
        else:
            devs = "; ".join(f"{p} gains {format_number(v)} by switching to {s!r}"
                             for p, s, v in t.deviations)
            para(f"It is NOT a Nash equilibrium at the current parameters (payoffs: {pays}): "
                 f"{devs}.")
        if t.thresholds:
            moving = [th for th in t.thresholds if not th.constant]
            fixed = [th.parameter for th in t.thresholds if th.constant]
            para("Values of each parameter (others fixed) for which it is an equilibrium:")
            rows = []
            never: list[str] = []
            for th in moving:
                binding = "; ".join(
                    f"{' and '.join(c.label() for c in b.conditions) or 'undefined'} "
                    f"(at {b.at.text})" for b in th.binding)
                if th.whole_domain:
                    where = f"its whole range {_bounds(*th.domain)}"
                elif th.intervals:
                    where = th.set_text
                else:
                    never.append(th.parameter)
                    continue
                rows.append([th.parameter, where, binding or "-",
                             "yes" if th.holds_now else "no"])
            if rows:
                out.append(render_table(["parameter", "equilibrium for", "binding deviation",
                                         "now"], rows, tf))
            if never:
                para("Not an equilibrium for any value (within its range) of: "
                     f"{', '.join(never)}.")
            if fixed:
                para(f"No effect on this target: {', '.join(fixed)}.")
        for s in t.sustainability:
            lead = ("Repeated game: " if report.repeated is not None else
                    "If this game were played every round: ")
            para(lead + s.describe() + ".")
        if t.min_detection is not None:
            para(f"At the spec's discount factor the minimum detection probability per round is "
                 f"{format_number(t.min_detection)}.")
    if report.minmax:
        heading("Minmax values (the harshest punishment the others can impose)")
        out.append(render_table(["player", "minmax value", "pure minmax", "exact"],
                                [[m.player, format_number(m.value),
                                  format_number(m.pure_value), "yes" if m.exact else "no"]
                                 for m in report.minmax], tf))
    if report.notes:
        heading("Notes")
        bullets(list(report.notes))
    text = "\n".join(out).rstrip() + "\n"
    return text
