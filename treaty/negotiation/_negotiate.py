"""One negotiation, end to end: disagreement, bargaining, mediation, selection, terms.

:func:`negotiate` answers a negotiator's questions about one game (usually a spec with a
``negotiation:`` section) by calling the other parts of :mod:`treaty.negotiation` and nesting
their results:

1. the disagreement point (:func:`~treaty.negotiation.disagreement_point`): what each party
   gets without a treaty;
2. the bargaining solution (:func:`~treaty.negotiation.bargain`) over the cooperative set
   (every lottery over profiles, enforced from outside) AND over the correlated-equilibrium
   set (agreements no party wants to break when told its part: a self-enforcing deal);
3. what a mediator adds: the largest total payoff of a correlated equilibrium
   (:func:`~treaty.negotiation.correlated_equilibrium`; Aumann 1974) against the largest
   total payoff of a Nash equilibrium (:func:`treaty.equilibria`);
4. which equilibrium, when several: the payoff-dominant and the risk-dominant selections and
   the pairwise risk-dominance comparisons of the strict pure equilibria (Harsanyi and Selten
   1988);
5. when the spec names negotiable terms: the zone of possible agreement over them
   (:func:`~treaty.negotiation.zone_of_agreement`).

Sources: J. F. Nash, "The bargaining problem", Econometrica 18 (1950) 155-162; R. J. Aumann,
"Subjectivity and correlation in randomized strategies", Journal of Mathematical Economics 1
(1974) 67-96; J. C. Harsanyi and R. Selten, *A General Theory of Equilibrium Selection in
Games*, MIT Press (1988).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from .._exact.numbers import format_number, number_to_json
from ..errors import GameError
from ..game import Game
from ..results import Notebook
from ._bargaining import SOLUTIONS, Bargain, bargain
from ._correlated import CorrelatedResult, correlated_equilibrium
from ._disagreement import Disagreement, disagreement_point
from ._selection import RiskDominance, Selection, _strict_pure, risk_dominance, select_equilibrium

__all__ = ["Negotiation", "Mediation", "SelectionReport", "negotiate", "MAX_RISK_PAIRS"]

#: At most this many pairs of strict pure equilibria are compared by risk dominance.
MAX_RISK_PAIRS = 15

#: Float tolerance (relative to ``max(1, |welfare|)``) under which a mediator's gain is 0.
FLOAT_TOL = 1e-9

#: The start of bargain's message when no agreement improves on the disagreement point.
_NO_GAIN = "no agreement gives every player"


def _welfare(values: Any) -> Any:
    vals = tuple(values)
    return sum(vals[1:], vals[0])


def _exact(values: Any) -> bool:
    return all(isinstance(v, (int, Fraction)) for v in values)


@dataclass(frozen=True)
class Mediation(Notebook):
    """What a mediator adds: the best correlated equilibrium against the best Nash equilibrium.

    Attributes
    ----------
    players : tuple of str
    correlated : CorrelatedResult
        The welfare-maximising correlated equilibrium: the mediator's recommendation
        distribution by profile.
    nash : Selection or None
        The welfare-maximising Nash equilibrium (None when none was found: a game of more
        than 2 players without a pure equilibrium).
    gain : number or None
        ``welfare(correlated) - welfare(nash)`` (>= 0: every Nash equilibrium is a correlated
        one); exact when both are.
    complete : bool
        True when every Nash equilibrium was compared (False: only the pure ones).
    note : str
    """

    players: tuple[str, ...]
    correlated: CorrelatedResult
    nash: Selection | None
    gain: Any
    complete: bool
    note: str = ""

    @property
    def exact(self) -> bool:
        """True when the gain is an exact number."""
        return self.gain is not None and _exact((self.gain,))

    @property
    def correlated_welfare(self) -> Any:
        return self.correlated.welfare

    @property
    def nash_welfare(self) -> Any:
        return None if self.nash is None else _welfare(self.nash.payoffs)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form: numbers as strings (exact) or JSON numbers (float)."""
        return {
            "kind": "mediation",
            "players": list(self.players),
            "correlated": self.correlated.to_dict(),
            "nash": None if self.nash is None else self.nash.to_dict(),
            "correlated_welfare": number_to_json(self.correlated_welfare),
            "nash_welfare": None if self.nash is None else number_to_json(self.nash_welfare),
            "gain": None if self.gain is None else number_to_json(self.gain),
            "complete": self.complete,
            "exact": self.exact,
            "note": self.note,
            "description": self.describe(),
        }

    def describe(self) -> str:
        """One sentence: the two welfare levels and the difference."""
        ce = format_number(self.correlated_welfare)
        if self.nash is None:
            return (f"A mediator's best correlated equilibrium gives total payoff {ce}; no Nash "
                    f"equilibrium was found to compare ({self.note}).")
        ne = format_number(self.nash_welfare)
        scope = "" if self.complete else " (pure equilibria only)"
        if self.gain == 0:
            return (f"A mediator adds nothing: the best correlated equilibrium gives total payoff "
                    f"{ce}, as does the best Nash equilibrium{scope}.")
        return (f"A mediator adds {format_number(self.gain)} in total payoff: {ce} at the best "
                f"correlated equilibrium against {ne} at the best Nash equilibrium{scope}.")


@dataclass(frozen=True)
class SelectionReport(Notebook):
    """Which equilibrium, when several: payoff and risk dominance among the equilibria.

    Attributes
    ----------
    players : tuple of str
    equilibria : int
        The number of Nash equilibria found.
    complete : bool
        True when they are all of them (False: only the pure ones).
    payoff_dominant : Selection
        ``select_equilibrium(game, "payoff-dominant")`` (its reason says when none
        Pareto-dominates the others and which one was taken instead).
    risk_dominant : Selection
        ``select_equilibrium(game, "risk-dominant")`` (likewise).
    comparisons : tuple of RiskDominance
        Every pair of strict pure equilibria of a 2-player game (at most
        :data:`MAX_RISK_PAIRS`).
    note : str
    """

    players: tuple[str, ...]
    equilibria: int
    complete: bool
    payoff_dominant: Selection
    risk_dominant: Selection
    comparisons: tuple[RiskDominance, ...] = ()
    note: str = ""

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "kind": "equilibrium-selection",
            "players": list(self.players),
            "equilibria": self.equilibria,
            "complete": self.complete,
            "payoff_dominant": self.payoff_dominant.to_dict(),
            "risk_dominant": self.risk_dominant.to_dict(),
            "comparisons": [c.to_dict() for c in self.comparisons],
            "note": self.note,
            "description": self.describe(),
        }

    def describe(self) -> str:
        """One sentence: the two selections."""
        def eq(s: Selection) -> str:
            return s.equilibrium.describe()

        n = f"{self.equilibria} equilibri{'um' if self.equilibria == 1 else 'a'}"
        if not self.complete:
            n += " (pure only)"
        pd, rd = self.payoff_dominant, self.risk_dominant
        pd_text = f"payoff-dominant {eq(pd)}" if pd.applied == "payoff-dominant" or self.equilibria == 1 \
            else f"none payoff-dominant ({pd.reason})"
        rd_text = f"risk-dominant {eq(rd)}" if rd.applied == "risk-dominant" or self.equilibria == 1 \
            else f"none risk-dominant ({rd.reason})"
        return f"{n}: {pd_text}; {rd_text}."


@dataclass(frozen=True)
class Negotiation(Notebook):
    """A negotiation over one game: every part nested as its own result.

    Attributes
    ----------
    players : tuple of str
    solution : str
        The bargaining solution (one of :data:`~treaty.negotiation.SOLUTIONS`).
    self_enforcing : bool
        Which agreement is the headline (:attr:`agreement`): the self-enforcing one (True) or
        the cooperative one (False).  Both are always computed.
    disagreement : Disagreement
    cooperative : Bargain or None
        The solution over every lottery over profiles (None when no agreement gives every
        player more than the disagreement payoff; :attr:`notes` says so).
    enforceable : Bargain or None
        The solution over the correlated-equilibrium set (self-enforcing agreements).
    mediation : Mediation
    selection : SelectionReport or None
        None when the game has no equilibrium found (:attr:`notes` says why).
    zone : Zone or None
        The zone of agreement over the negotiable terms (None without terms).
    settings : NegotiationSettings or None
        The spec's ``negotiation`` section at the parameter point, when it has one.
    notes : tuple of str
    title, file : str or None
    parameters : mapping
        The parameter values the game was built with.
    game : Game
        The game negotiated over (for the renderer's envelope; not in :meth:`to_dict`).
    """

    players: tuple[str, ...]
    solution: str
    self_enforcing: bool
    disagreement: Disagreement
    cooperative: Bargain | None
    enforceable: Bargain | None
    mediation: Mediation
    selection: SelectionReport | None
    zone: Any = None
    settings: Any = None
    notes: tuple[str, ...] = ()
    title: str | None = None
    file: str | None = None
    parameters: Mapping[str, Any] = field(default_factory=dict, compare=False)
    game: Game | None = field(default=None, compare=False, repr=False)

    @property
    def agreement(self) -> Bargain | None:
        """The headline bargain: :attr:`enforceable` when :attr:`self_enforcing`, else
        :attr:`cooperative`."""
        return self.enforceable if self.self_enforcing else self.cooperative

    @property
    def exact(self) -> bool:
        """True when every computed part is exact."""
        parts = [self.disagreement.exact, self.mediation.exact]
        parts += [b.exact for b in (self.cooperative, self.enforceable) if b is not None]
        if self.zone is not None:
            parts.append(bool(self.zone.exact))
        return all(parts)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form: each part's own ``to_dict()`` nested."""
        return {
            "kind": "negotiation",
            "players": list(self.players),
            "solution": self.solution,
            "self_enforcing": self.self_enforcing,
            "settings": None if self.settings is None else self.settings.to_dict(),
            "disagreement": self.disagreement.to_dict(),
            "cooperative": None if self.cooperative is None else self.cooperative.to_dict(),
            "enforceable": None if self.enforceable is None else self.enforceable.to_dict(),
            "mediation": self.mediation.to_dict(),
            "selection": None if self.selection is None else self.selection.to_dict(),
            "zone": None if self.zone is None else self.zone.to_dict(),
            "exact": self.exact,
            "notes": list(self.notes),
            "description": self.describe(),
        }

    def describe(self) -> str:
        """One sentence: the headline agreement, its shares and the mediator's gain."""
        b = self.agreement
        kind = "self-enforcing" if self.self_enforcing else "cooperative"
        if b is None:
            head = f"No {kind} agreement gives every party more than its disagreement payoff"
        else:
            pays = ", ".join(f"{p} {format_number(v)}" for p, v in zip(self.players, b.payoffs))
            head = f"The {kind} {_SOLUTION_NAMES[self.solution]} gives {pays}"
            if b.shares is not None:
                head += " (shares of the gain " + ", ".join(
                    f"{p} {format_number(s)}" for p, s in zip(self.players, b.shares)) + ")"
        d = ", ".join(f"{p} {format_number(v)}" for p, v in zip(self.players, self.disagreement.values))
        med = self.mediation
        if med.gain is None:
            tail = ""
        elif med.gain == 0:
            tail = "; a mediator adds nothing over the best Nash equilibrium"
        else:
            tail = f"; a mediator adds {format_number(med.gain)} in total payoff"
        return f"{head} against the disagreement point {d}{tail}."


_SOLUTION_NAMES = {"nash": "Nash bargaining solution", "ks": "Kalai-Smorodinsky solution",
                   "egalitarian": "egalitarian solution", "utilitarian": "utilitarian solution",
                   "rubinstein": "Rubinstein agreement"}


def _load(source: Any, params: Mapping[str, Any] | None) -> tuple[Game, Any]:
    """The game and (when there is one) the Spec it was built from."""
    from ..spec.loader import read_spec
    from ..spec.parametric import Spec
    from ..spec.source import normal_form_game

    spec = None
    if isinstance(source, (str, os.PathLike)):
        spec = read_spec(source)
    elif isinstance(source, Spec):
        spec = source
    game = normal_form_game(spec if spec is not None else source, params, command="negotiate")
    return game, spec


def _bargain_or_none(game: Game, solution: str, dis: Disagreement, kw: dict[str, Any],
                     self_enforcing: bool, notes: list[str]) -> Bargain | None:
    try:
        return bargain(game, solution, disagreement=dis, self_enforcing=self_enforcing, **kw)
    except GameError as exc:
        if not str(exc).startswith(_NO_GAIN):
            raise
        where = "self-enforcing (correlated-equilibrium) set" if self_enforcing else "cooperative set"
        notes.append(f"{where}: {exc}")
        return None


def _mediation(game: Game, eqs: Any) -> Mediation:
    ce = correlated_equilibrium(game, "welfare")
    complete = bool(getattr(eqs, "complete", True))
    if len(eqs) == 0:
        return Mediation(game.players, ce, None, None, complete,
                         f"no pure equilibrium of this {game.n_players}-player game")
    best = select_equilibrium(game, "welfare", equilibria=eqs)
    w_ce, w_ne = ce.welfare, _welfare(best.payoffs)
    if ce.exact and _exact(best.payoffs):
        gain: Any = Fraction(w_ce) - Fraction(w_ne)
        note = "exact"
    else:
        gain = float(w_ce) - float(w_ne)
        if abs(gain) <= FLOAT_TOL * max(1.0, abs(float(w_ce))):
            gain = 0.0
        note = "float" + ("" if ce.exact else f" ({ce.note})")
    return Mediation(game.players, ce, best, gain, complete, note)


def _selection(game: Game, eqs: Any) -> SelectionReport | None:
    if len(eqs) == 0:
        return None
    complete = bool(getattr(eqs, "complete", True))
    pd = select_equilibrium(game, "payoff-dominant", equilibria=eqs)
    rd = select_equilibrium(game, "risk-dominant", equilibria=eqs)
    pairs: list[RiskDominance] = []
    note = ""
    if game.n_players == 2:
        strict = [e for e in eqs if _strict_pure(game, e) is not None]
        todo = [(a, b) for k, a in enumerate(strict) for b in strict[k + 1:]]
        if len(todo) > MAX_RISK_PAIRS:
            note = f"{len(todo)} pairs of strict pure equilibria; the first {MAX_RISK_PAIRS} compared"
            todo = todo[:MAX_RISK_PAIRS]
        pairs = [risk_dominance(game, a, b) for a, b in todo]
    return SelectionReport(game.players, len(eqs), complete, pd, rd, tuple(pairs), note)


def negotiate(source: Any, solution: str | None = None, *, params: Mapping[str, Any] | None = None,
              disagreement: Any = None, select: str | None = None, self_enforcing: bool | None = None,
              powers: Any = None, discount: Any = None, outside_options: Any = None,
              terms: Any = None, target: Any = None, zone: bool = True) -> Negotiation:
    """Negotiate over a game: disagreement point, bargaining, mediation, selection, terms.

    Parameters
    ----------
    source : path, Spec or Game
        The game (a normal-form spec, read once).  Its ``negotiation:`` section, when present,
        gives the defaults of every argument below.
    solution : {"nash", "ks", "egalitarian", "utilitarian", "rubinstein"}, optional
        Default: the section's, else ``"nash"``.
    params : mapping, optional
        Parameter values (with a path or a Spec).
    disagreement : optional
        Anything :func:`~treaty.negotiation.disagreement_point` accepts: ``"nash"``,
        ``"minmax"``, the spec forms ``{"nash": select}``, ``{"game": path, "select": rule}``,
        ``{"values": {...}}``, a mapping player -> value, a Disagreement or a Game.  Default:
        the section's, else the payoff-dominant Nash equilibrium of the game.
    select : str, optional
        The selection rule when *disagreement* is ``"nash"`` or a game (default
        ``"payoff-dominant"``).
    self_enforcing : bool, optional
        Which agreement is the headline (both are computed); default the section's, else False.
    powers, discount, outside_options : mapping or sequence, optional
        As for :func:`~treaty.negotiation.bargain`; default the section's.  *discount* is
        needed by ``"rubinstein"``.
    terms, target : optional
        The negotiable terms and the target profile for the zone of agreement; default the
        section's.  No terms: no zone.
    zone : bool
        False skips the zone of agreement.

    Returns
    -------
    Negotiation

    Raises
    ------
    GameError
        Unknown solution or rule, bad powers or discount factors (as the parts raise them).
    SpecError, ParameterError
        As reading and instantiating the spec.

    Examples
    --------
    >>> import treaty
    >>> chicken = treaty.Game.from_arrays([[6, 2], [7, 0]], [[6, 7], [2, 0]],
    ...                                   strategies=[["C", "D"]] * 2)
    >>> n = negotiate(chicken, disagreement="minmax")
    >>> [str(v) for v in n.cooperative.payoffs], [str(v) for v in n.enforceable.payoffs]
    (['6', '6'], ['21/4', '21/4'])
    >>> str(n.mediation.gain)
    '7/6'
    """
    game, spec = _load(source, params)
    settings = getattr(game, "negotiation", None)
    if solution is None:
        solution = settings.solution if settings is not None else "nash"
    if solution not in SOLUTIONS:
        from ..errors import did_you_mean

        raise GameError(f"unknown bargaining solution {solution!r}: {did_you_mean(str(solution), SOLUTIONS)}")
    if self_enforcing is None:
        self_enforcing = bool(settings.self_enforcing) if settings is not None else False
    if disagreement is None:
        disagreement = settings.disagreement if settings is not None and settings.disagreement else None
        if disagreement is None:
            disagreement = "nash"
    if isinstance(disagreement, str) and disagreement == "nash":
        disagreement = {"nash": select or "payoff-dominant"}
    elif select is not None:
        if isinstance(disagreement, Mapping) and "game" in disagreement:
            disagreement = {**disagreement, "select": select}
        elif isinstance(disagreement, Mapping) and "nash" in disagreement:
            disagreement = {"nash": select}
        else:
            raise GameError("select= applies to the disagreement rules 'nash' and 'game'")

    def default(value: Any, name: str) -> Any:
        return value if value is not None else (getattr(settings, name, None) if settings else None)

    powers = default(powers, "powers")
    kw: dict[str, Any] = {"powers": powers if solution in ("nash", "egalitarian", "utilitarian") else None}
    if solution == "rubinstein":
        kw["discount"] = default(discount, "discount")
        kw["outside_options"] = default(outside_options, "outside_options")
    elif discount is not None or outside_options is not None:
        raise GameError("discount= and outside_options= only apply to solution='rubinstein'")

    dis = disagreement_point(game, disagreement)
    notes: list[str] = []
    coop = _bargain_or_none(game, solution, dis, kw, False, notes)
    enf = _bargain_or_none(game, solution, dis, kw, True, notes)

    from ..nash import equilibria

    eqs = equilibria(game)
    mediation = _mediation(game, eqs)
    selection = _selection(game, eqs)
    if selection is None:
        notes.append(f"no equilibrium was found (only pure equilibria are computed for "
                     f"{game.n_players} players): no selection report")

    zone_result = None
    if terms is None and settings is not None and settings.terms:
        terms = dict(settings.terms)
    if zone and terms:
        from ._zone import zone_of_agreement

        zone_source = spec if spec is not None else game
        zone_result = zone_of_agreement(zone_source, terms, target, disagreement=disagreement,
                                        powers=powers, params=params if spec is not None else None)
    info = game.info
    return Negotiation(game.players, solution, bool(self_enforcing), dis, coop, enf, mediation,
                       selection, zone_result, settings, tuple(notes), game.title or None,
                       info.file, dict(info.parameters or {}), game)
