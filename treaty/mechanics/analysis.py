"""One report per game: equilibria, named targets, their thresholds and discount factors.

:func:`analyze` collects, for a spec file, everything a reader needs to judge a treaty
question without opening the source: what the game is (players, strategies, parameters with
their meaning, assumptions, the verification mechanism), its Nash equilibria, whether each
named target profile is an equilibrium (and if not, who gains by deviating and how much), for
each parameter the range in which the target is an equilibrium with the binding deviation
(:mod:`treaty.mechanics.thresholds`), and the critical discount factors at which the target enforces
itself in the repeated game (:mod:`treaty.mechanics.repeated`).  :mod:`treaty.report` renders the
report as text, Markdown or JSON.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .._exact.numbers import format_number, number_to_json
from ..errors import GameError, TreatyError
from ..game import Game
from ..nash._result import EquilibriumSet
from ..results import Notebook
from .repeated import (
    MinmaxValue,
    NoisyTrigger,
    Sustainability,
    critical_discount,
    min_detection,
    minmax_values,
    noisy_trigger,
    repeated_settings,
)
from .thresholds import Threshold, deviation_gains, threshold
from .verification import mechanism_of

__all__ = ["Analysis", "TargetReport", "analyze"]


@dataclass(frozen=True)
class TargetReport:
    """What the analysis says about one named target profile.

    Attributes
    ----------
    name : str
    players : tuple of str
        The game's players, in the order of ``profile`` and ``payoffs``.
    profile : tuple of str
        The target's strategy per player.
    is_equilibrium : bool
        Whether it is a Nash equilibrium at the current parameters.
    payoffs : tuple
    deviations : tuple of (player, strategy, gain)
        The profitable unilateral deviations (empty when it is an equilibrium).
    thresholds : tuple of Threshold
        Per parameter, the values for which it is an equilibrium.
    sustainability : tuple of Sustainability
        Critical discount factors in the repeated game.
    min_detection : number or None
        Smallest detection probability per round that sustains it at the spec's discount.
    noisy : NoisyTrigger or None
        When verification has false alarms: trigger strategies with finite punishment phases
        (critical discount factors, best punishment length, value net of expected punishment).
    """

    name: str
    players: tuple[str, ...]
    profile: tuple[str, ...]
    is_equilibrium: bool
    payoffs: tuple[Any, ...]
    deviations: tuple[tuple[str, str, Any], ...]  # profitable (player, strategy, gain)
    thresholds: tuple[Threshold, ...] = ()
    sustainability: tuple[Sustainability, ...] = ()
    min_detection: Any = None
    noisy: NoisyTrigger | None = None

    def describe(self) -> str:
        prof = ", ".join(f"{p} {s}" for p, s in zip(self.players, self.profile, strict=True))
        if self.is_equilibrium:
            return f"target {self.name!r} ({prof}) is a Nash equilibrium at the current parameters"
        devs = "; ".join(f"{p} gains {format_number(g)} by switching to {s!r}"
                         for p, s, g in self.deviations)
        return (f"target {self.name!r} ({prof}) is not a Nash equilibrium at the current "
                f"parameters: {devs}")

    def to_dict(self) -> dict[str, Any]:
        players = self.players
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
            "noisy_repeated": None if self.noisy is None else self.noisy.to_dict(),
        }


@dataclass(frozen=True)
class Analysis(Notebook):
    """The full report of :func:`analyze` (see the module docstring)."""

    game: Game
    parameters: tuple[tuple[str, Any, str, Any, Any], ...]  # name, value, doc, min, max
    equilibria: EquilibriumSet
    targets: tuple[TargetReport, ...]
    verification: str | None = None
    minmax: tuple[MinmaxValue, ...] = ()
    repeated: Mapping[str, Any] | None = None
    notes: tuple[str, ...] = field(default_factory=tuple)
    inspection: Any = None  # InspectionEquilibria, with an inspector
    leadership: Any = None  # Commitment of the inspector, with an inspector

    def describe(self) -> str:
        g = self.game
        n = len(self.equilibria)
        held = [t.name for t in self.targets if t.is_equilibrium]
        text = (f"{g.title or g.info.file or 'game'}: {n} equilibri{'um' if n == 1 else 'a'}; "
                f"{len(self.targets)} target(s)")
        if self.targets:
            text += f", {len(held)} an equilibrium now" + (f" ({', '.join(held)})" if held else "")
        return text

    def to_dict(self) -> dict[str, Any]:
        """The ``result`` of ``treaty analyze``; ``equilibria`` is the ``result`` of ``solve``."""
        g = self.game
        return {
            "description": g.info.description,
            "assumptions": list(g.info.assumptions),
            "source": list(g.info.source),
            "parameters": [{"name": n, "value": number_to_json(v), "doc": d,
                            "min": None if lo is None else format_number(lo),
                            "max": None if hi is None else format_number(hi)}
                           for n, v, d, lo, hi in self.parameters],
            "verification": self.verification,
            "equilibria": self.equilibria.to_dict(),
            "targets": [t.to_dict() for t in self.targets],
            "minmax": [m.to_dict() for m in self.minmax],
            "repeated_settings": self.repeated,
            "notes": list(self.notes),
            "inspection": None if self.inspection is None else self.inspection.to_dict(),
            "leadership": None if self.leadership is None else self.leadership.to_dict(),
        }


def _source_game(source: Any, params: Mapping[str, Any] | None) -> tuple[Game, Any]:
    """The game to analyse and the parametric spec behind it (read once; None for a Python game)."""
    from ..spec.loader import read_spec
    from ..spec.parametric import Spec
    from ..spec.source import normal_form_game, wrong_kind

    if isinstance(source, Game):
        if params:
            raise GameError("give parameter values when instantiating the game, not to analyze()")
        return source, source.spec
    if isinstance(source, (str, os.PathLike)):
        source = read_spec(source)
    if not isinstance(source, Spec):  # a MembershipGame or another type: refused in one line
        normal_form_game(source, params, command="analyze")
    if source.kind != "normal-form":
        raise wrong_kind(source.file, "analyze", source.kind)
    return source.instantiate(params), source


def analyze(path: str | os.PathLike[str] | Any, params: Mapping[str, Any] | None = None, *,
            thresholds: bool = True) -> Analysis:
    """Analyse the game in a spec file.

    Parameters
    ----------
    path : str, PathLike, Spec or Game
        A normal-form spec file (YAML, JSON or ``.nfg``; read once), a parametric
        :class:`~treaty.spec.Spec`, or a :class:`Game` (thresholds then use the spec it was
        instantiated from, if any).
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
    from .._progress import phase
    from ..nash import equilibria

    game, spec = _source_game(path, params)
    declared = spec.parameters.params if spec is not None else ()
    env = game.info.parameters
    plist = tuple((p.name, env.get(p.name), p.doc, p.minimum, p.maximum) for p in declared)
    with phase("equilibria"):
        eqs = equilibria(game)
    settings = repeated_settings(game)
    notes: list[str] = []  # (an incomplete equilibrium set says so in its own note)
    targets = []
    for name, idx in game.targets.items():
        gains = deviation_gains(game, idx)
        devs = tuple((game.players[i], game.strategies[i][s], g) for i, s, g in gains if g > 0)
        ths: tuple[Threshold, ...] = ()
        if thresholds:
            found = []
            with phase(f"thresholds of target {name}") as stage:
                for p in declared:
                    stage.update(p.name)
                    found.append(threshold(game, p.name, name, params))
            ths = tuple(found)
        sus: list[Sustainability] = []
        mind = None
        noisy = None
        if settings is None or not settings.targets or name in settings.targets:
            periods = settings.periods if settings else None
            reversion = settings.reversion if settings else "nash"
            discount = settings.discount if settings else None
            try:
                with phase(f"repeated game, target {name}"):
                    sus.append(critical_discount(game, name, periods=periods,
                                                 reversion=reversion, discount=discount))
                if settings is not None and settings.detection != 1:
                    sus.append(critical_discount(game, name, periods=periods,
                                                 reversion=reversion, discount=discount,
                                                 detection=settings.detection))
            except TreatyError as exc:
                notes.append(f"target {name}: repeated game not analysed ({exc})")
            noisy = _noisy(game, name, settings, periods, reversion, discount, notes)
            if sus and discount is not None:
                vals = [min_detection(c.temptation, c.reward, c.punishment, discount, periods)
                        for c in sus[0].conditions]
                mind = None if any(v is None for v in vals) else max(vals)
        targets.append(TargetReport(
            name, game.players, tuple(game.strategies[i][k] for i, k in enumerate(idx)),
            not devs, game.payoff(idx), devs, ths, tuple(sus), mind, noisy))
    mech = mechanism_of(game)
    minmax = minmax_values(game) if settings is not None else ()
    inspection, leadership = _inspection(game, eqs, notes)
    return Analysis(game, plist, eqs, tuple(targets),
                    mech.describe() if mech else None, minmax,
                    settings.to_dict() if settings else None, tuple(notes), inspection,
                    leadership)


def _inspection(game: Game, eqs: EquilibriumSet, notes: list[str]) -> tuple[Any, Any]:
    """With an inspector: the rates at each equilibrium and inspector leadership (the inspector
    commits to its inspection rate first; Avenhaus, von Stengel and Zamir 2002, section 4)."""
    from .._progress import phase
    from .leadership import commitment
    from .verification import inspection_equilibria

    mech = mechanism_of(game)
    if mech is None or mech.inspection is None:
        return None, None
    rates = lead = None
    try:
        rates = inspection_equilibria(game, eqs)
    except TreatyError as exc:
        notes.append(f"inspection equilibrium not analysed ({exc})")
    try:
        with phase("inspector leadership"):
            lead = commitment(game, mech.inspection.inspector, equilibria=eqs)
    except TreatyError as exc:
        notes.append(f"inspector leadership not analysed ({exc})")
    return rates, lead


def _noisy(game: Game, name: str, settings: Any, periods: int | None, reversion: Any,
           discount: Any, notes: list[str]) -> NoisyTrigger | None:
    """The noisy-monitoring trigger analysis of a target, when false alarms can start punishments."""
    mech = mechanism_of(game)
    given = settings.false_alarm if settings is not None else None
    if given is None and (mech is None or not mech.false_alarm):
        return None
    try:
        rep = noisy_trigger(game, name, periods=periods, reversion=reversion, discount=discount,
                            detection=settings.detection if settings is not None else 1,
                            false_alarm=given)
    except TreatyError as exc:
        notes.append(f"target {name}: repeated game under false alarms not analysed ({exc})")
        return None
    return rep if rep.alarm else None
