"""Which equilibrium, when there are several: selection rules and risk dominance.

* :func:`select_equilibrium` picks one Nash equilibrium by a named rule: payoff dominance,
  risk dominance (Harsanyi and Selten 1988), maximal total payoff, maximal minimum payoff,
  minimal total payoff (the pessimist's view) or simply the first one found;
* :func:`risk_dominance` compares two strict pure equilibria of a 2-player game by the
  products of the players' deviation losses (the Nash products of Harsanyi and Selten);
* :func:`selection_threshold` finds, over one parameter of a spec, where a target profile is a
  strict equilibrium that risk-dominates a rival and where it is the only equilibrium.

Sources: J. C. Harsanyi and R. Selten, *A General Theory of Equilibrium Selection in Games*,
MIT Press (1988): payoff dominance and risk dominance, the 2x2 criterion by the products of
deviation losses in section 3.9; the products as Nash products: J. F. Nash, "The bargaining
problem", Econometrica 18 (1950) 155-162.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import numpy as np

from .._exact.numbers import format_number, number_to_json
from ..errors import GameError, did_you_mean
from ..game import Game
from ..nash import Equilibrium
from ..results import Notebook

__all__ = [
    "SELECTION_RULES",
    "Selection",
    "select_equilibrium",
]

#: The rules :func:`select_equilibrium` accepts.
SELECTION_RULES: tuple[str, ...] = ("payoff-dominant", "risk-dominant", "welfare", "egalitarian",
                                    "worst", "first")

#: Float tolerance (relative to ``max(1, largest |payoff|)``) for comparing payoffs of float games.
FLOAT_TOL = 1e-9


@dataclass(frozen=True)
class Selection(Notebook):
    """One equilibrium chosen by a selection rule, and why.

    Attributes
    ----------
    players : tuple of str
    rule : str
        The rule asked for (one of :data:`SELECTION_RULES`).
    equilibrium : Equilibrium
        The selected equilibrium.
    payoffs : tuple
        Its payoffs (exact when the game is exact).
    candidates : int
        How many equilibria the rule chose among.
    unique : bool
        True when the rule singled this equilibrium out: no other equilibrium ties with it
        and, for the dominance rules, the dominance criterion held (no fallback).
    reason : str
        Why this one, in words (including a fallback or a tie).
    index : int
        Position of the selected equilibrium among the candidates (from 0).
    applied : str
        The rule that made the choice: *rule* itself, or ``"welfare"`` after a fallback.
    ties : tuple of int
        Positions of the other candidates that tie with the selected one under *applied*.
    complete : bool
        Whether the candidates were every equilibrium of the game the solver can find
        (False for N-player games, whose mixed equilibria are not computed).
    exact : bool
    """

    players: tuple[str, ...]
    rule: str
    equilibrium: Equilibrium
    payoffs: tuple[Any, ...]
    candidates: int
    unique: bool
    reason: str
    index: int = 0
    applied: str = ""
    ties: tuple[int, ...] = field(default=())
    complete: bool = True
    exact: bool = True

    def describe(self) -> str:
        """One sentence: the rule, the equilibrium and the reason."""
        pays = ", ".join(f"{p} {format_number(v)}" for p, v in zip(self.players, self.payoffs))
        return f"{self.rule} selection: {self.equilibrium.describe()} (payoffs {pays}); {self.reason}"

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form; exact numbers as strings such as ``"1/3"``."""
        return {
            "rule": self.rule,
            "applied": self.applied or self.rule,
            "equilibrium": self.equilibrium.to_dict(),
            "payoffs": {p: number_to_json(v) for p, v in zip(self.players, self.payoffs)},
            "candidates": self.candidates,
            "index": self.index,
            "unique": self.unique,
            "ties": list(self.ties),
            "complete": self.complete,
            "exact": self.exact,
            "reason": self.reason,
            "description": self.describe(),
        }


# -- helpers ----------------------------------------------------------------------------------
def _game_of(game: Any, command: str) -> Game:
    if isinstance(game, Game):
        return game
    from ..spec.source import normal_form_game

    return normal_form_game(game, command=command)


def _tolerance(game: Game) -> Any:
    if game.is_exact:
        return Fraction(0)
    pay = game.float_payoffs
    return FLOAT_TOL * max(1.0, float(np.max(np.abs(pay))) if pay.size else 1.0)


def _others(n: int, word: str) -> str:
    """``"the other equilibrium"`` or ``"the other 3 equilibria"``."""
    return f"the other {word}" if n == 1 else f"the other {_plural(n, word)}"


def _plural(n: int, word: str) -> str:
    if n == 1:
        return f"{n} {word}"
    return f"{n} {word[:-2]}a" if word.endswith("equilibrium") else f"{n} {word}s"


def _argbest(values: Sequence[Any], tol: Any, *, largest: bool = True) -> tuple[int, tuple[int, ...]]:
    """Index of the first best value and the indices of the others within *tol* of it."""
    best = max(values) if largest else min(values)
    close = [k for k, v in enumerate(values) if abs(v - best) <= tol]
    return close[0], tuple(close[1:])


def _dominates(u: Sequence[Any], v: Sequence[Any], tol: Any) -> bool:
    """Weak Pareto dominance, strict for someone: u >= v everywhere and u > v somewhere."""
    return all(a >= b - tol for a, b in zip(u, v)) and any(a > b + tol for a, b in zip(u, v))


def _same(u: Sequence[Any], v: Sequence[Any], tol: Any) -> bool:
    return all(abs(a - b) <= tol for a, b in zip(u, v))


def _equilibria_of(game: Game, equilibria: Any) -> tuple[tuple[Equilibrium, ...], bool]:
    if equilibria is None:
        from ..nash import equilibria as solve

        found = solve(game)
        return tuple(found), bool(found.complete)
    eqs = tuple(equilibria)
    for e in eqs:
        if not isinstance(e, Equilibrium):
            raise GameError(f"equilibria= must hold treaty Equilibrium objects, got "
                            f"{type(e).__name__}")
        if e.players != game.players or e.strategy_names != game.strategies:
            raise GameError("equilibria= holds an equilibrium of another game (players or "
                            "strategies differ)")
    return eqs, bool(getattr(equilibria, "complete", True))


# -- select_equilibrium -----------------------------------------------------------------------
def select_equilibrium(game: Any, rule: str = "payoff-dominant", *,
                       equilibria: Any = None) -> Selection:
    """Select one Nash equilibrium of *game* by a named rule.

    Parameters
    ----------
    game : Game, spec path or Spec
    rule : {"payoff-dominant", "risk-dominant", "welfare", "egalitarian", "worst", "first"}
        ``"payoff-dominant"``: the equilibrium whose payoffs weakly Pareto-dominate those of
        every other equilibrium, strictly for some player (Harsanyi and Selten 1988); when
        there is none, the reason says so, ``unique`` is False and the
        welfare-maximising equilibrium is taken.  ``"risk-dominant"``: among the strict pure
        equilibria of a 2-player game, the one that risk-dominates every other one pairwise
        (:func:`risk_dominance`); fallback to welfare likewise when none does (or the game has
        more than 2 players, or no strict pure equilibrium).  ``"welfare"``: largest total
        payoff.  ``"egalitarian"``: largest minimum payoff.  ``"worst"``: smallest total
        payoff.  ``"first"``: the first equilibrium in the solver's order.
    equilibria : sequence of Equilibrium, optional
        The candidates; default ``treaty.equilibria(game)`` (exact and complete for exact
        2-player games, the pure equilibria for more players).

    Returns
    -------
    Selection
        Ties are reported (``unique`` False, ``ties`` and the reason name them); the first of
        the tied equilibria is returned.

    Raises
    ------
    GameError
        An unknown rule, candidates of another game, or no equilibrium to choose from.

    Examples
    --------
    >>> import treaty
    >>> stag = treaty.Game.from_arrays([[4, 0], [3, 3]], [[4, 3], [0, 3]],
    ...                                strategies=[["stag", "hare"]] * 2)
    >>> treaty.select_equilibrium(stag, "payoff-dominant").equilibrium.describe()
    'Player 1: stag; Player 2: stag'
    >>> treaty.select_equilibrium(stag, "risk-dominant").equilibrium.describe()
    'Player 1: hare; Player 2: hare'
    """
    if rule not in SELECTION_RULES:
        raise GameError(f"unknown selection rule {rule!r} ({did_you_mean(str(rule), SELECTION_RULES)})")
    game = _game_of(game, "select_equilibrium")
    eqs, complete = _equilibria_of(game, equilibria)
    if not eqs:
        raise GameError("no equilibrium to select from"
                        + ("" if complete else " (only pure equilibria were computed and this "
                           f"{game.n_players}-player game has none)"))
    tol = _tolerance(game)
    n = len(eqs)
    base = dict(players=game.players, rule=rule, candidates=n, complete=complete, exact=game.is_exact)
    scope = "" if complete else " (among the pure equilibria only)"

    def pick(k: int, applied: str, reason: str, unique: bool, ties: tuple[int, ...] = ()) -> Selection:
        if ties:
            unique = False
            reason += (f"; tied with {_plural(len(ties), 'other equilibrium')} "
                       f"(number{'s' if len(ties) > 1 else ''} {', '.join(str(t + 1) for t in ties)}); "
                       "took the first")
        return Selection(equilibrium=eqs[k], payoffs=tuple(eqs[k].payoffs), unique=unique,
                         reason=reason + scope, index=k, applied=applied, ties=ties, **base)

    def welfare(prefix: str) -> Selection:
        k, ties = _argbest([sum(e.payoffs) for e in eqs], tol)
        return pick(k, "welfare", prefix + "took the welfare-maximising one", False, ties)

    if n == 1:
        return pick(0, rule, "the only equilibrium", True)
    if rule == "first":
        return pick(0, "first", f"the first of {n} equilibria in the solver's order", False)
    if rule == "welfare":
        k, ties = _argbest([sum(e.payoffs) for e in eqs], tol)
        return pick(k, rule, f"largest total payoff of the {n} equilibria", True, ties)
    if rule == "worst":
        k, ties = _argbest([sum(e.payoffs) for e in eqs], tol, largest=False)
        return pick(k, rule, f"smallest total payoff of the {n} equilibria", True, ties)
    if rule == "egalitarian":
        k, ties = _argbest([min(e.payoffs) for e in eqs], tol)
        return pick(k, rule, f"largest minimum payoff of the {n} equilibria", True, ties)
    if rule == "payoff-dominant":
        for k, e in enumerate(eqs):
            others = [f for f in eqs if not _same(f.payoffs, e.payoffs, tol)]
            if others and all(_dominates(e.payoffs, f.payoffs, tol) for f in others):
                ties = tuple(j for j, f in enumerate(eqs) if j != k and _same(f.payoffs, e.payoffs, tol))
                reason = f"Pareto-dominates {_others(len(others), 'equilibrium')}"
                if ties:
                    reason += " (equilibria with the same payoffs count as ties)"
                return pick(k, rule, reason, True, ties)
        if all(_same(f.payoffs, eqs[0].payoffs, tol) for f in eqs):
            return pick(0, rule, f"all {n} equilibria have the same payoffs", False,
                        tuple(range(1, n)))
        return welfare("no equilibrium Pareto-dominates all others; ")
    # risk-dominant
    return _risk_select(game, eqs, pick, welfare)


def _strict_pure(game: Game, eq: Equilibrium) -> tuple[int, ...] | None:
    """The profile of a strict pure equilibrium (every deviation strictly loses), else None."""
    if not eq.is_pure:
        return None
    prof = tuple(next(k for k, p in enumerate(s) if p != 0) for s in eq.strategies)
    pay = game.payoffs if game.is_exact else game.float_payoffs
    tol = _tolerance(game)
    for i in range(game.n_players):
        here = pay[(i, *prof)]
        for t in range(game.shape[i]):
            if t != prof[i]:
                dev = list(prof)
                dev[i] = t
                if pay[(i, *dev)] >= here - tol:
                    return None
    return prof


def _risk_select(game: Game, eqs: tuple[Equilibrium, ...], pick: Any, welfare: Any) -> Selection:
    if game.n_players != 2:
        return welfare(f"risk dominance (the 2x2 criterion) needs 2 players, this game has "
                       f"{game.n_players}; ")
    strict = [(k, prof) for k, e in enumerate(eqs) if (prof := _strict_pure(game, e)) is not None]
    n = len(eqs)
    if not strict:
        return welfare("no equilibrium is strict and pure, so risk dominance compares none; ")
    if len(strict) == 1:
        k = strict[0][0]
        verb = "is" if n == 2 else "are"
        return pick(k, "risk-dominant", f"the only strict pure equilibrium ({_others(n - 1, 'equilibrium')} "
                    f"{verb} not strict; risk dominance compares strict equilibria)", True)
    for k, prof in strict:
        verdicts = [_compare(game, prof, other) for j, other in strict if j != k]
        if all(v > 0 for v in verdicts):
            extra = ("" if len(strict) == n
                     else f"; {_plural(n - len(strict), 'non-strict equilibrium')} not compared")
            return pick(k, "risk-dominant", f"risk-dominates "
                        f"{_others(len(strict) - 1, 'strict pure equilibrium')} (larger product of "
                        f"deviation losses){extra}", True)
    return welfare(f"no strict pure equilibrium risk-dominates all other {len(strict) - 1} "
                   "(a tie or a cycle); ")


def _losses(game: Game, a: tuple[int, ...], b: tuple[int, ...]) -> tuple[tuple[Any, Any], tuple[Any, Any]]:
    """Deviation losses at *a* (toward *b*'s strategies) and at *b* (toward *a*'s), 2 players."""
    pay = game.payoffs if game.is_exact else game.float_payoffs
    (r1, c1), (r2, c2) = a, b
    at_a = (pay[0, r1, c1] - pay[0, r2, c1], pay[1, r1, c1] - pay[1, r1, c2])
    at_b = (pay[0, r2, c2] - pay[0, r1, c2], pay[1, r2, c2] - pay[1, r2, c1])
    return at_a, at_b


def _compare(game: Game, a: tuple[int, ...], b: tuple[int, ...]) -> int:
    """+1 when *a* risk-dominates *b*, -1 when *b* does, 0 on a tie (products equal)."""
    (la1, la2), (lb1, lb2) = _losses(game, a, b)
    diff = la1 * la2 - lb1 * lb2
    tol = _tolerance(game)
    scale = tol * max(1.0, abs(float(la1)), abs(float(lb1))) * 10 if not game.is_exact else 0
    return 1 if diff > scale else (-1 if diff < -scale else 0)


# -- risk dominance ---------------------------------------------------------------------------
@dataclass(frozen=True)
class RiskDominance(Notebook):
    """Risk dominance between two strict pure equilibria of a 2-player game.

    For strict equilibria ``a = (r1, c1)`` and ``b = (r2, c2)`` the deviation losses at *a*
    are ``u1(r1, c1) - u1(r2, c1)`` and ``u2(r1, c1) - u2(r1, c2)`` (what each player loses by
    switching alone to its strategy in *b*), and symmetrically at *b*.  *a* risk-dominates *b*
    iff the product of its losses (its Nash product) is larger (Harsanyi and Selten 1988,
    section 3.9).  Equivalently, in the restricted 2x2 game's mixed equilibrium, where the row
    player puts probability ``p`` on ``r1`` and the column player ``q`` on ``c1``,
    *a* risk-dominates *b* iff ``p + q < 1`` (the beliefs under which *a*'s strategies are the
    best replies form the larger set).

    For games larger than 2x2 this is the criterion on the 2x2 game restricted to the two
    equilibria's strategies (Harsanyi and Selten 1988, section 3.9), not their tracing
    procedure on the whole game.

    Attributes
    ----------
    players : tuple of str
    a, b : tuple of str
        The two equilibria as strategy labels.
    losses_a, losses_b : tuple
        Each player's deviation loss at *a* (toward *b*) and at *b* (toward *a*); all positive.
    product_a, product_b : number
        The Nash products ``losses_a[0] * losses_a[1]`` and ``losses_b[0] * losses_b[1]``.
    dominant : str or None
        ``"a"``, ``"b"`` or None for a tie (equal products).
    mixed : tuple
        ``(p, q)``: the restricted game's mixed equilibrium, probabilities of *a*'s strategies.
    restricted : bool
        True when the game is larger than 2x2 (the criterion is that of the restricted game).
    exact : bool
    """

    players: tuple[str, ...]
    a: tuple[str, ...]
    b: tuple[str, ...]
    losses_a: tuple[Any, Any]
    losses_b: tuple[Any, Any]
    product_a: Any
    product_b: Any
    dominant: str | None
    mixed: tuple[Any, Any]
    restricted: bool = False
    exact: bool = True

    @property
    def winner(self) -> tuple[str, ...] | None:
        """The risk-dominant equilibrium's labels (None on a tie)."""
        return None if self.dominant is None else (self.a if self.dominant == "a" else self.b)

    def describe(self) -> str:
        """One sentence: which equilibrium risk-dominates and the two Nash products."""
        a, b = ", ".join(self.a), ", ".join(self.b)
        prods = (f"products of deviation losses {format_number(self.product_a)} at ({a}) and "
                 f"{format_number(self.product_b)} at ({b})")
        if self.dominant is None:
            head = f"neither ({a}) nor ({b}) risk-dominates the other ({prods} are equal)"
        else:
            win, lose = (a, b) if self.dominant == "a" else (b, a)
            head = f"({win}) risk-dominates ({lose}) ({prods})"
        if self.restricted:
            head += "; criterion of the 2x2 game restricted to their strategies"
        return head

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form; exact numbers as strings."""
        return {
            "a": dict(zip(self.players, self.a)),
            "b": dict(zip(self.players, self.b)),
            "losses_a": {p: number_to_json(v) for p, v in zip(self.players, self.losses_a)},
            "losses_b": {p: number_to_json(v) for p, v in zip(self.players, self.losses_b)},
            "product_a": number_to_json(self.product_a),
            "product_b": number_to_json(self.product_b),
            "dominant": self.dominant,
            "mixed": {p: number_to_json(v) for p, v in zip(self.players, self.mixed)},
            "restricted": self.restricted,
            "exact": self.exact,
            "description": self.describe(),
        }


def _pure_profile(game: Game, which: Any, eqs: list[Any]) -> tuple[int, ...]:
    """A pure profile from a target name, ``"a,b"`` text, a profile, an equilibrium or an index."""
    from ..mechanics.thresholds import resolve_target

    if isinstance(which, Equilibrium):
        if not which.is_pure:
            raise GameError(f"risk dominance compares pure equilibria; {which.describe()} is mixed")
        return tuple(next(k for k, p in enumerate(s) if p != 0) for s in which.strategies)
    if isinstance(which, (int, np.integer)) and not isinstance(which, bool):
        if not eqs:
            from ..nash import equilibria as solve

            eqs.extend(solve(game))
        if not 0 <= int(which) < len(eqs):
            raise GameError(f"equilibrium index {which} out of range 0..{len(eqs) - 1} (the game has "
                            f"{len(eqs)} equilibria)")
        return _pure_profile(game, eqs[int(which)], eqs)
    if isinstance(which, str) or isinstance(which, Sequence):
        if isinstance(which, str):
            return resolve_target(game, which)[1]
        return game.profile_index(list(which))
    raise GameError(f"an equilibrium is named by a target name, a profile, an Equilibrium or an "
                    f"index, got a {type(which).__name__}")


def _why_not_strict(game: Game, prof: tuple[int, ...]) -> str | None:
    from ..mechanics.thresholds import deviation_gains

    for i, s, gain in deviation_gains(game, prof):
        if gain >= 0:
            verb = "gains" if gain > 0 else "loses nothing"
            return (f"{game.players[i]} {verb} by deviating to {game.strategies[i][s]!r}"
                    f"{'' if gain > 0 else ' (not strict)'}")
    return None


def risk_dominance(game: Any, a: Any, b: Any) -> RiskDominance:
    """Compare two strict pure equilibria of a 2-player game by risk dominance.

    Parameters
    ----------
    game : Game, spec path or Spec
    a, b : str, profile, Equilibrium or int
        The equilibria: a target name of the game, a profile of strategy labels (or
        ``"x,y"``), an :class:`~treaty.nash.Equilibrium`, or an index into
        ``treaty.equilibria(game)``.

    Returns
    -------
    RiskDominance
        Exact when the game is exact.  The verdict from the products is checked against the
        equivalent mixed-equilibrium form (``p + q < 1``) in exact arithmetic.

    Raises
    ------
    GameError
        More than 2 players, a profile that is not a strict pure equilibrium (naming the
        profitable or indifferent deviation), or the same equilibrium twice.

    Notes
    -----
    The criterion is Harsanyi and Selten's (1988, section 3.9) for 2x2 games with two strict
    equilibria, applied to the 2x2 game restricted to the two equilibria's strategies; for a
    larger game this is that restricted criterion, not the tracing procedure the general
    theory uses.

    Examples
    --------
    >>> import treaty
    >>> stag = treaty.Game.from_arrays([[4, 0], [3, 3]], [[4, 3], [0, 3]],
    ...                                strategies=[["stag", "hare"]] * 2)
    >>> rd = treaty.risk_dominance(stag, ["stag", "stag"], ["hare", "hare"])
    >>> rd.dominant, rd.product_a, rd.product_b
    ('b', Fraction(1, 1), Fraction(9, 1))
    """
    game = _game_of(game, "risk_dominance")
    if game.n_players != 2:
        raise GameError(f"risk dominance (the 2x2 criterion) needs a 2-player game; this one has "
                        f"{game.n_players} players")
    eqs: list[Any] = []
    pa, pb = _pure_profile(game, a, eqs), _pure_profile(game, b, eqs)

    def lab(p: tuple[int, ...]) -> tuple[str, ...]:
        return tuple(game.strategies[i][k] for i, k in enumerate(p))

    for name, p in (("a", pa), ("b", pb)):
        why = _why_not_strict(game, p)
        if why is not None:
            raise GameError(f"{name} = ({', '.join(lab(p))}) is not a strict equilibrium: {why}")
    if pa == pb:
        raise GameError(f"a and b are the same equilibrium ({', '.join(lab(pa))})")
    (la1, la2), (lb1, lb2) = _losses(game, pa, pb)
    prod_a, prod_b = la1 * la2, lb1 * lb2
    cmp = _compare(game, pa, pb)
    # mixed equilibrium of the restricted 2x2 game: q makes the row player indifferent,
    # q * la1 = (1 - q) * lb1; p makes the column player indifferent, p * la2 = (1 - p) * lb2
    q = lb1 / (la1 + lb1)
    p = lb2 / (la2 + lb2)
    if game.is_exact:
        basin = (p + q < 1) - (p + q > 1)
        if basin != cmp:
            from ..errors import SolverError

            raise SolverError(f"internal error: the product and basin forms of risk dominance "
                              f"disagree (products {prod_a}, {prod_b}; p + q = {p + q})")
    return RiskDominance(game.players, lab(pa), lab(pb), (la1, la2), (lb1, lb2), prod_a, prod_b,
                         {1: "a", -1: "b", 0: None}[cmp], (p, q), restricted=game.shape != (2, 2),
                         exact=game.is_exact)


# -- selection thresholds ---------------------------------------------------------------------
@dataclass(frozen=True)
class SelectionThreshold(Notebook):
    """Over one parameter: where a target risk-dominates a rival and where it is the only
    equilibrium.

    Attributes
    ----------
    parameter : str
    target, rival : str
        Their names (or profiles written out); ``profile`` and ``rival_profile`` the labels.
    players : tuple of str
    domain : tuple
        The range searched (``None`` for an unbounded side).
    risk_dominant : tuple of Interval
        The values where the target and the rival are both strict equilibria and the target
        risk-dominates the rival (:func:`risk_dominance`).
    unique : tuple of Interval
        The values where the target is the only Nash equilibrium, mixed ones included.
    breakpoints : tuple of Endpoint
        The candidate breakpoints: roots of the rational functions whose signs decide the two
        questions (deviation gains of every pure profile, the support conditions of the mixed
        equilibria, the difference of the Nash products); between two of them the answers are
        constant and were confirmed by solving the game at one exact point.
    difference : tuple of (tuple, tuple) or None
        The target's Nash product minus the rival's, as numerator and denominator coefficients
        (lowest degree first), when recovered exactly.
    persistent : tuple of tuple of str
        Other pure profiles that are equilibria wherever the target is one (e.g. mutual
        racing in the safety pact).
    reason : str
        Why the target is never, or only somewhere, the only equilibrium.
    current : number or None
        The parameter's value in the spec.
    exact : bool
        True when every condition was recovered exactly (end points exact or isolated).
    method : str
        ``"interpolation"`` or ``"bisection"`` (approximate end points).
    note : str
    equilibrium : tuple of Interval
        The values where the target is a (possibly weak) pure equilibrium (as
        :func:`treaty.threshold`); empty after a bisection fallback.
    """

    parameter: str
    target: str
    profile: tuple[str, ...]
    rival: str
    rival_profile: tuple[str, ...]
    players: tuple[str, ...]
    domain: tuple[Any, Any]
    risk_dominant: tuple[Any, ...]
    unique: tuple[Any, ...]
    breakpoints: tuple[Any, ...] = ()
    difference: tuple[tuple[Fraction, ...], tuple[Fraction, ...]] | None = None
    persistent: tuple[tuple[str, ...], ...] = ()
    reason: str = ""
    current: Any = None
    exact: bool = True
    method: str = "interpolation"
    note: str = ""
    equilibrium: tuple[Any, ...] = ()

    def risk_dominant_at(self, x: Any) -> bool:
        """Whether *x* lies in the reported risk-dominance set."""
        return any(iv.contains(x) for iv in self.risk_dominant)

    def unique_at(self, x: Any) -> bool:
        """Whether *x* lies in the reported set where the target is the only equilibrium."""
        return any(iv.contains(x) for iv in self.unique)

    @staticmethod
    def _set_text(ivs: tuple[Any, ...]) -> str:
        return " or ".join(iv.text() for iv in ivs) if ivs else "no value"

    def describe(self) -> str:
        """One sentence: both sets and, when the target is never unique, why."""
        t, r, x = ", ".join(self.profile), ", ".join(self.rival_profile), self.parameter
        if self.risk_dominant:
            head = f"({t}) risk-dominates ({r}) for {x} in {self._set_text(self.risk_dominant)}"
        else:
            head = f"({t}) risk-dominates ({r}) for no {x} in {_domain(self.domain)}"
        if self.unique:
            head += f"; it is the only equilibrium for {x} in {self._set_text(self.unique)}"
        else:
            head += f"; it is never the only equilibrium for {x} in {_domain(self.domain)}"
        if self.reason:
            head += f" ({self.reason})"
        if not self.exact:
            head += " (end points approximate: bisection)"
        return head

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form; exact numbers as strings."""
        return {
            "parameter": self.parameter,
            "target": self.target,
            "profile": dict(zip(self.players, self.profile)),
            "rival": self.rival,
            "rival_profile": dict(zip(self.players, self.rival_profile)),
            "domain": [None if d is None else number_to_json(d) for d in self.domain],
            "risk_dominant": [iv.to_dict() for iv in self.risk_dominant],
            "risk_dominant_text": self._set_text(self.risk_dominant),
            "unique": [iv.to_dict() for iv in self.unique],
            "unique_text": self._set_text(self.unique),
            "breakpoints": [ep.to_dict() for ep in self.breakpoints],
            "difference": None if self.difference is None else
            {"numerator": [format_number(c) for c in self.difference[0]],
             "denominator": [format_number(c) for c in self.difference[1]]},
            "persistent": [dict(zip(self.players, p)) for p in self.persistent],
            "reason": self.reason,
            "current": None if self.current is None else number_to_json(self.current),
            "exact": self.exact,
            "method": self.method,
            "note": self.note,
            "equilibrium": [iv.to_dict() for iv in self.equilibrium],
            "description": self.describe(),
        }


def _domain(domain: tuple[Any, Any]) -> str:
    lo, hi = domain
    return (f"{'(-inf' if lo is None else '[' + format_number(lo)}, "
            f"{'inf)' if hi is None else format_number(hi) + ']'}")


def _support_quantities(game: Game, rows: tuple[int, ...], cols: tuple[int, ...]) -> list[Any] | None:
    """The conditions of a mixed equilibrium with supports *rows* x *cols* (equal sizes).

    Each player's mix makes the other indifferent over its support; the equilibrium exists iff
    every probability is >= 0 and no strategy outside a support earns more.  Returns the
    probabilities and the payoff margins of the outside strategies, or None when the
    indifference system is singular.
    """
    from .._exact.linalg import solve

    A, B = game.payoffs[0], game.payoffs[1]
    k = len(rows)
    # y on cols, value v: A[i, cols] . y - v = 0 (i in rows), sum y = 1
    sy = solve([[A[i, j] for j in cols] + [-1] for i in rows] + [[1] * k + [0]], [0] * k + [1])
    sx = solve([[B[i, j] for i in rows] + [-1] for j in cols] + [[1] * k + [0]], [0] * k + [1])
    if sy is None or sx is None:
        return None
    y, v, x, w = sy[:k], sy[k], sx[:k], sx[k]
    out = list(x) + list(y)
    out += [v - sum(A[i, j] * yj for j, yj in zip(cols, y)) for i in range(game.shape[0]) if i not in rows]
    out += [w - sum(B[i, j] * xi for i, xi in zip(rows, x)) for j in range(game.shape[1]) if j not in cols]
    return out


def _runs(seq: list[tuple[str, Any, bool]], lo: Any, hi: Any) -> tuple[Any, ...]:
    """Maximal runs of members in an alternating sequence of segments and points."""
    from ..mechanics.thresholds import Endpoint, Interval

    def ep(r: Any, closed: bool) -> Endpoint:
        return Endpoint(r.value, r.exact, closed, r.lo, r.hi, r.text)

    out = []
    start: Endpoint | None = None
    in_run = False
    prev_pt: Any = None
    for kind, obj, member in seq:
        if member and not in_run:
            in_run = True
            start = ep(obj, True) if kind == "pt" else (None if prev_pt is None else ep(prev_pt, False))
        elif not member and in_run:
            in_run = False
            out.append(Interval(start, ep(obj, False) if kind == "pt" else ep(prev_pt, True)))
        if kind == "pt":
            prev_pt = obj
    if in_run:
        kind, obj, _ = seq[-1]
        out.append(Interval(start, ep(obj, True) if kind == "pt" else None))
    return tuple(out)


def _pieces(crit: list[Any], lo: Any, hi: Any) -> list[tuple[str, Any]]:
    """Alternating segments (an exact interior probe) and points over [lo, hi]."""
    from .._exact.poly import RealRoot

    pts = list(crit)
    if lo is not None and not (pts and pts[0].exact and pts[0].lo == lo):
        pts.insert(0, RealRoot(lo, lo, True, format_number(lo)))
    if hi is not None and not (pts and pts[-1].exact and pts[-1].lo == hi):
        pts.append(RealRoot(hi, hi, True, format_number(hi)))
    seq: list[tuple[str, Any]] = []
    if lo is None:
        seq.append(("seg", (pts[0].lo - 1) if pts else Fraction(0)))
    for k, r in enumerate(pts):
        seq.append(("pt", r))
        if k + 1 < len(pts):
            a, b = r.hi, pts[k + 1].lo
            if a < b:
                seq.append(("seg", (a + b) / 2))
    if hi is None:
        seq.append(("seg", (pts[-1].hi + 1) if pts else Fraction(0)))
    return seq


def selection_threshold(source: Any, parameter: str, target: Any, rival: Any, *,
                        bounds: tuple[Any, Any] | None = None) -> SelectionThreshold:
    """Over one parameter, where *target* risk-dominates *rival* and where it is the only
    equilibrium.

    Parameters
    ----------
    source : path, Spec, Game or callable
        As for :func:`treaty.threshold`: a 2-player normal-form spec (a Game must come from one)
        or a function value -> Game.
    parameter : str
        The parameter varied (e.g. the detection level ``p`` of ``games/safety_pact.yaml``).
    target, rival : str or profile
        Target names of the spec or profiles of strategy labels.
    bounds : (lo, hi), optional
        The range; default the parameter's declared ``min``/``max``.

    Returns
    -------
    SelectionThreshold

    Method
    ------
    Every quantity whose sign decides an answer is a rational function of the parameter: the
    deviation gains of the target, of the rival and of every other pure profile, the
    probabilities and outside-strategy margins of each candidate mixed equilibrium (supports of
    equal size, whose indifference equations are solved by Cramer's rule, so rational too),
    and the difference of the two Nash products.  Each is recovered by exact rational
    interpolation (:mod:`treaty.mechanics.thresholds`, ``_fit``), and the roots of their
    numerators and denominators in the range (:func:`treaty._exact.poly.real_roots`) are the
    candidate breakpoints.  Between two breakpoints and at each rational breakpoint the game
    is instantiated at an exact point and the answer is computed directly on it: the
    risk-dominance criterion (:func:`risk_dominance`) and ``treaty.equilibria`` (all extreme
    equilibria, mixed ones included) for uniqueness.  At an irrational breakpoint some
    condition is exactly 0 (a weak, non-strict case), so it belongs to neither set.  When a
    condition cannot be recovered exactly, the answers are sampled on a grid of 129 points
    and each change is bisected (``method="bisection"``, approximate end points).

    Uniqueness is confirmed on each piece by solving the game at one interior point: the
    breakpoints cover the pure profiles and the mixed equilibria of equal supports (all of them
    in a nondegenerate game); an equilibrium of unequal supports, possible only in degenerate
    games, is caught where the game is solved but not located as a breakpoint.

    Raises
    ------
    GameError
        A game that is not 2-player, an unknown target or rival, a bad range.
    ParameterError
        An unknown parameter.
    """
    from .._exact.poly import real_roots
    from ..errors import TreatyError
    from ..mechanics.thresholds import resolve_target
    from ..mechanics.thresholds._fit import _fit_all, _Sampler
    from ..mechanics.thresholds._solve import _same_root, one_parameter

    src = one_parameter(source, parameter, None, bounds, "selection_threshold")
    build, base = src.build, src.base
    lo, hi, centre, current, points = src.lo, src.hi, src.centre, src.current, src.points
    if lo is not None and hi is not None and lo >= hi:
        raise GameError(f"the range of {parameter} must have lo < hi, got [{lo}, {hi}]")

    games: dict[Any, Game | None] = {}

    def game_at(x: Any) -> Game | None:
        if x not in games:
            try:
                games[x] = build(x)
            except TreatyError:
                games[x] = None
        return games[x]

    probe = base or next((g for x in points if (g := game_at(x)) is not None), None)
    if probe is None:
        raise GameError(f"the game cannot be built for any sampled value of {parameter}")
    if probe.n_players != 2:
        raise GameError(f"selection thresholds use risk dominance, defined here for 2 players; "
                        f"this game has {probe.n_players}")
    tname, tprof = resolve_target(probe, target)
    rname, rprof = resolve_target(probe, rival)
    if tprof == rprof:
        raise GameError(f"target and rival are the same profile ({tname})")

    def lab(p: tuple[int, ...]) -> tuple[str, ...]:
        return tuple(probe.strategies[i][k] for i, k in enumerate(p))

    class _Quantities(_Sampler):
        def __init__(self, fn: Any) -> None:
            super().__init__(build, ())
            self.fn = fn

        def gains(self, x: Any) -> list[Any] | None:
            if x not in self.cache:
                g = game_at(x)
                if g is not None and not g.is_exact:
                    self.exact = False
                self.cache[x] = None if g is None or not g.is_exact else self.fn(g)
            return self.cache[x]

    def gains_of(prof: tuple[int, ...]) -> Any:
        from ..mechanics.thresholds import deviation_gains

        return lambda g: [v for _, _, v in deviation_gains(g, prof)]

    def risk_values(g: Game) -> list[Any]:
        (la1, la2), (lb1, lb2) = _losses(g, tprof, rprof)
        return [la1 * la2 - lb1 * lb2]

    # the groups of rational functions whose roots are the candidate breakpoints
    groups: list[tuple[str, Any]] = [("risk", risk_values)]
    shape = probe.shape
    groups += [("pure", gains_of(p)) for p in np.ndindex(*shape)]
    from itertools import combinations

    for k in range(2, min(shape) + 1):
        for rows in combinations(range(shape[0]), k):
            for cols in combinations(range(shape[1]), k):
                groups.append(("mixed", lambda g, r=rows, c=cols: _support_quantities(g, r, c)))
    crit: list[Any] = []
    difference = None
    failed = 0
    for kind, fn in groups:
        sampler = _Quantities(fn)
        first = next((v for x in points if (v := sampler.gains(x)) is not None), None)
        if first is None:
            if kind != "mixed":  # a support system singular everywhere has no equilibrium
                failed += 1
            continue
        fits = _fit_all(sampler, points, len(first))
        if fits is None or not sampler.exact:
            failed += 1
            continue
        if kind == "risk":
            difference = (tuple(fits[0][0]), tuple(fits[0][1]))
        for num, den in fits:
            for r in [*real_roots(num, lo, hi), *real_roots(den, lo, hi)]:
                if not any(_same_root(r, s) for s in crit):
                    crit.append(r)
    crit.sort(key=lambda r: r.lo)

    # direct answers at an exact point
    seen: list[set[tuple[int, ...]]] = []
    incomplete = False

    def risk_member(x: Fraction) -> bool:
        g = game_at(x)
        if g is None or _why_not_strict(g, tprof) is not None or _why_not_strict(g, rprof) is not None:
            return False
        return _compare(g, tprof, rprof) > 0

    def unique_member(x: Fraction) -> bool:
        nonlocal incomplete
        from ..nash import equilibria as solve

        g = game_at(x)
        if g is None:
            return False
        eqs = solve(g)
        if not eqs.complete:
            incomplete = True
            return False
        seen.append({_pure_profile(g, e, []) for e in eqs if e.is_pure})
        return len(eqs) == 1 and eqs[0].is_pure and _pure_profile(g, eqs[0], []) == tprof

    exact = failed == 0 and (probe.is_exact)
    note = ""
    irrational = sum(1 for r in crit if not r.exact)
    if exact:
        seq = _pieces(crit, lo, hi)
        risk_set = _runs([(k, o, risk_member(o if k == "seg" else o.lo) if k == "seg" or o.exact
                           else False) for k, o in seq], lo, hi)
        unique_set = _runs([(k, o, unique_member(o if k == "seg" else o.lo) if k == "seg" or o.exact
                             else False) for k, o in seq], lo, hi)
        method = "interpolation"
        if irrational:
            note = (f"{irrational} irrational breakpoint(s): a condition is exactly 0 there, so they "
                    "belong to neither set")
    else:
        risk_set = _bisected(risk_member, lo, hi, centre)
        unique_set = _bisected(unique_member, lo, hi, centre)
        crit = []
        method = "bisection"
        note = (f"{failed} group(s) of conditions could not be recovered exactly (a float game, a "
                "piecewise expression or degree above 8): the sets were sampled on a grid and bisected")
    if incomplete:
        note = (note + "; " if note else "") + ("the equilibrium solver did not return the complete "
                                                 "set somewhere, so uniqueness was not claimed there")
    persistent: tuple[tuple[str, ...], ...] = ()
    where = [found for found in seen if tprof in found]  # the points where the target is one
    if where:
        persistent = tuple(lab(p) for p in sorted(set.intersection(*where) - {tprof}))
    equilibrium_set: tuple[Any, ...] = ()
    if exact:
        equilibrium_set = _runs([(k, o, (k == "seg" or o.exact) and _is_eq(game_at(o if k == "seg" else o.lo),
                                                                           tprof))
                                 for k, o in _pieces(crit, lo, hi)], lo, hi)
    reason = ""
    t_text = f"({', '.join(lab(tprof))})"
    if not unique_set:
        if seen and not where:
            reason = f"{t_text} is not a Nash equilibrium for any {parameter} examined"
        elif persistent:
            who = " and ".join(f"({', '.join(p)})" for p in persistent)
            verb = "is" if len(persistent) == 1 else "are"
            span = (f" ({parameter} in {SelectionThreshold._set_text(equilibrium_set)})"
                    if equilibrium_set else "")
            reason = (f"wherever {t_text} is an equilibrium{span}, {who} {verb} one too, checked "
                      "between and at every breakpoint")
        elif where:
            reason = f"wherever {t_text} is an equilibrium another equilibrium exists too"
    from ..mechanics.thresholds import Endpoint

    bps = tuple(Endpoint(r.value, r.exact, True, r.lo, r.hi, r.text) for r in crit)
    return SelectionThreshold(parameter, tname, lab(tprof), rname, lab(rprof), probe.players,
                              (lo, hi), risk_set, unique_set, bps, difference, persistent, reason,
                              current, exact, method, note, equilibrium_set)


GRID_POINTS = 129


def _is_eq(game: Game | None, prof: tuple[int, ...]) -> bool:
    from ..mechanics.thresholds import is_pure_equilibrium

    return game is not None and is_pure_equilibrium(game, prof)


def _bisected(member: Any, lo: Any, hi: Any, centre: Fraction) -> tuple[Any, ...]:
    """Fallback: the member set sampled on a grid, each change of answer bisected."""
    from ..mechanics.thresholds import Endpoint, Interval
    from ..mechanics.thresholds._solve import bisect_edge

    a = Fraction(lo) if lo is not None else (Fraction(hi) - 16 if hi is not None else centre - 8)
    b = Fraction(hi) if hi is not None else a + 16
    grid = [a + (b - a) * Fraction(k, GRID_POINTS - 1) for k in range(GRID_POINTS)]
    flags = [member(x) for x in grid]

    def edge(u: Fraction, v: Fraction) -> Endpoint:
        return bisect_edge(member, u, v, 40)

    out = []
    start: Endpoint | None = None
    for k, f in enumerate(flags):
        if f and (k == 0 or not flags[k - 1]):
            start = (None if lo is None else Endpoint(a, True, True, a, a, format_number(a))) if k == 0 \
                else edge(grid[k], grid[k - 1])
        if f and (k == len(flags) - 1 or not flags[k + 1]):
            end = (None if hi is None else Endpoint(b, True, True, b, b, format_number(b))) \
                if k == len(flags) - 1 else edge(grid[k], grid[k + 1])
            out.append(Interval(start, end))
    return tuple(out)
