"""Self-enforcement in the infinitely repeated game: minmax values and critical discount factors.

A pact that lasts must be in every party's interest round after round.  For a stage game
played forever with discount factor ``delta`` (payoffs normalised by ``1 - delta``), a target
profile with stage payoff ``R_i`` (reward) is sustained when no player gains by deviating to
its best stage deviation, worth ``D_i`` (temptation), given that a detected deviation is
punished by payoff ``P_i`` for ``T`` rounds (``T = inf``: grim trigger).

The general condition (derived here)
------------------------------------
A violation is detected at the end of each round in which it happens with probability ``p``
(perfect monitoring: ``p = 1``); a deviator who is not caught keeps its gain and is not
punished; once caught it is punished for ``T`` rounds and then the pact resumes.  With ``V``
the deviator's value (playing ``D`` until caught, the stationary best deviation) and
``W = (1 - delta^T) P + delta^T R`` the value at the start of a punishment::

    V = (1 - delta) D + delta (p W + (1 - p) V)

Compliance (value ``R``) is at least as good iff ``R >= V``, which rearranges to::

    (1 - delta)(D - R) <= p (R - P)(delta - delta^(T+1))                        (*)

(the same inequality results for a single deviation followed by compliance, so it is also the
one-shot-deviation condition).  For grim trigger (``T = inf``)::

    delta >= delta* = (D - R) / (D - R + p (R - P)),

which for the prisoners'-dilemma pact (``D = T``, the temptation) is the closed form
``(T - R) / (T - R + p (R - P))`` (see docs/treaty-mechanics.md), and with ``p = 1`` the textbook
``(T - R)/(T - P)`` (Friedman 1971; Fudenberg and Tirole, *Game Theory*, 1991, section 5.1).
For finite ``T``, dividing (*) by ``1 - delta`` gives
``p (R - P)(delta + delta^2 + ... + delta^T) >= D - R``; the left side increases in
``delta``, so the critical ``delta*`` is the unique root in (0, 1) of that polynomial, found
exactly when rational (Sturm isolation otherwise), and exists iff ``p (R - P) T > D - R``.
If ``D <= R`` the target needs no enforcement (``delta* = 0``); if ``p = 0`` or
``R <= P`` and ``D > R`` no discount factor below 1 sustains it.

Punishment payoff ``P_i``: ``"nash"`` (default) reverts to the stage Nash equilibrium worst
for player ``i`` (credible: a subgame-perfect punishment, Friedman's Nash reversion);
``"minmax"`` uses player ``i``'s minmax value, the most severe punishment possible and so a
lower bound on the critical discount factor of any scheme (not itself credible in general);
or a given stage profile.

Noisy verification (:func:`noisy_trigger`): when a compliant party can be wrongly flagged
(false alarms) and every flag starts a punishment, punishments happen on the equilibrium path;
trigger strategies with finite punishment phases in the style of Green and Porter (1984,
Econometrica 52) then trade deterrence against the cost of punishing false alarms.  The
incentive condition becomes ``delta + ... + delta^T >= K`` (:func:`noisy_requirement`), with
the critical discount factors (:func:`noisy_threshold`), the best (shortest deterring)
punishment length (:func:`best_punishment`) and the pact's value net of expected punishment
(:func:`noisy_value`) in closed form.

Minmax values are computed by linear programming (Maschler, Solan and Zamir, *Game Theory*,
2013, section 5.2 and 13.2): ``min_y max_s sum_t y_t u_i(s, t)`` over the others' mixed
strategies ``y`` (for more than 2 players, over their *correlated* strategies, which gives a
value no higher than the independent minmax).  The LP is solved with scipy's HiGHS; for
exact games the solution is rounded to rationals and certified exactly by a primal and a dual
bound that coincide.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from fractions import Fraction
from typing import Any

import numpy as np

from .._exact.lp import minmax_exact, solve_lp
from .._exact.numbers import format_number, number_to_json
from .._exact.poly import real_roots
from .._exact.rational import DENOMINATOR_BOUNDS, rational_simplex
from ..errors import GameError, did_you_mean
from ..game import Game
from ..results import Notebook
from .thresholds import resolve_target

__all__ = [
    "MinmaxValue",
    "NoisyDeviation",
    "NoisyTrigger",
    "best_punishment",
    "noisy_requirement",
    "noisy_threshold",
    "noisy_trigger",
    "noisy_value",
    "PlayerCondition",
    "Sustainability",
    "RepeatedSettings",
    "minmax_values",
    "critical_discount",
    "grim_trigger_threshold",
    "min_detection",
    "punishment_threshold",
    "sustainable",
    "repeated_settings",
]

GRIM = None  #: ``periods=None`` means grim trigger (punishment forever)
REVERSIONS = ("nash", "minmax")


# -- closed forms -------------------------------------------------------------------------
def grim_trigger_threshold(temptation: Any, reward: Any, punishment: Any,
                           detection: Any = 1) -> Any:
    """Critical discount factor of grim trigger: ``(D - R) / (D - R + p (R - P))``.

    Returns 0 when ``D <= R`` and None when no ``delta < 1`` works.

    >>> grim_trigger_threshold(5, 3, 1)             # prisoners' dilemma T=5, R=3, P=1
    Fraction(1, 2)
    >>> grim_trigger_threshold(5, 3, 1, Fraction(1, 2))
    Fraction(2, 3)
    """
    d, r, pp, p = (_num(v) for v in (temptation, reward, punishment, detection))
    if d <= r:
        return d * 0
    if p <= 0 or r <= pp:
        return None
    return (d - r) / (d - r + p * (r - pp))


def punishment_threshold(temptation: Any, reward: Any, punishment: Any, periods: int,
                         detection: Any = 1) -> Any:
    """Critical discount factor of a ``T``-period punishment (module docstring, (*)).

    The root in (0, 1) of ``p (R - P)(delta + ... + delta^T) = D - R``: a Fraction when
    rational, else a float accurate to about 1e-18 (isolated exactly by Sturm sequences up to
    ``T = 64``; beyond, where the polynomial's degree makes that slow, found by bisection on
    ``delta (1 - delta^T)/(1 - delta)`` in floating point and rationalised by the rational
    root theorem: a rational root's denominator divides the integer leading coefficient, so
    the float is rounded to the nearest fraction with such a denominator and kept only when it
    satisfies the equation exactly).  0 when ``D <= R``; None when no ``delta < 1`` works.
    ``T`` is at most ``MAX_PUNISHMENT_ROUNDS`` (GameTooLarge, before any work).

    >>> punishment_threshold(5, 3, 1, 1) is None    # one round: needs (D-R)/(R-P) < 1
    True
    >>> punishment_threshold(4, 3, 1, 1)
    Fraction(1, 2)
    >>> round(punishment_threshold(4, 3, 1, 2), 6)     # delta + delta^2 = 1/2
    0.366025
    """
    from ..errors import GameTooLarge
    from ..spec._limits import MAX_PUNISHMENT_ROUNDS

    if not isinstance(periods, (int, np.integer)) or isinstance(periods, bool) or periods < 1:
        raise GameError(f"a punishment lasts a whole number of periods, at least 1, got {periods!r}")
    if periods > MAX_PUNISHMENT_ROUNDS:
        raise GameTooLarge(f"a punishment of {periods} rounds exceeds the limit of "
                           f"{MAX_PUNISHMENT_ROUNDS} rounds (MAX_PUNISHMENT_ROUNDS); use grim "
                           "trigger (periods=None) for an unending punishment")
    periods = int(periods)
    d, r, pp, p = (_num(v) for v in (temptation, reward, punishment, detection))
    if d <= r:
        return d * 0
    if p <= 0 or r <= pp or p * (r - pp) * periods <= d - r:
        return None
    exact = all(isinstance(v, Fraction) for v in (d, r, pp, p))
    if not exact or periods > 64:
        c, target = float(p * (r - pp)), float(d - r)
        lo, hi = 0.0, 1.0
        for _ in range(200):
            m = (lo + hi) / 2
            if c * m * (1 - m**periods) / (1 - m) >= target:
                hi = m
            else:
                lo = m
        if not exact:
            return hi
        # rational root theorem: c (delta + ... + delta^T) - (D - R) times the common
        # denominator has integer coefficients; a root u/v has v | the leading one
        cq, kq = p * (r - pp), d - r
        lead = cq.numerator * kq.denominator
        cand = Fraction(hi).limit_denominator(lead)
        if 0 < cand < 1 and cq * cand * (1 - cand**periods) == kq * (1 - cand):
            return cand
        return hi
    poly = [-(d - r)] + [p * (r - pp)] * periods
    roots = real_roots(poly, Fraction(0), Fraction(1))
    if not roots:  # pragma: no cover - excluded by the existence test above
        return None
    root = roots[0]
    return root.lo if root.exact else root.value


def min_detection(temptation: Any, reward: Any, punishment: Any, discount: Any,
                  periods: int | None = GRIM) -> Any:
    """Smallest per-round detection probability that sustains compliance at *discount*.

    From (*): ``p >= (1 - delta)(D - R) / ((R - P)(delta - delta^(T+1)))`` (``delta^(T+1)``
    is 0 for grim trigger).  Returns 0 when ``D <= R``; None when even ``p = 1`` fails.

    >>> min_detection(5, 3, 1, Fraction(9, 10))      # (1/10 * 2) / (2 * 9/10)
    Fraction(1, 9)
    """
    d, r, pp, delta = (_num(v) for v in (temptation, reward, punishment, discount))
    if d <= r:
        return d * 0
    if r <= pp or delta <= 0:
        return None
    weight = delta - (delta ** (periods + 1) if periods is not None else 0)
    p = (1 - delta) * (d - r) / ((r - pp) * weight)
    return p if p <= 1 else None


def _num(v: Any) -> Any:
    """A number given by the caller: integers become Fractions; not a finite number: GameError."""
    if isinstance(v, (int, np.integer)) and not isinstance(v, bool):
        return Fraction(int(v))
    if isinstance(v, Fraction) or (isinstance(v, (float, np.floating)) and np.isfinite(v)):
        return v
    raise GameError(f"expected a finite number, got {type(v).__name__} {v!r}")


# -- minmax ------------------------------------------------------------------------------
@dataclass(frozen=True)
class MinmaxValue:
    """Player's minmax value and the others' punishing (correlated, for N > 2) strategy."""

    player: str
    value: Any
    exact: bool
    punishers: tuple[str, ...]
    strategy: tuple[tuple[tuple[str, ...], Any], ...]  # (others' joint profile, probability)
    pure_value: Any

    def describe(self) -> str:
        punish = "; ".join(f"{format_number(q)} {', '.join(prof)}" if q != 1 else ", ".join(prof)
                           for prof, q in self.strategy if q != 0)
        return (f"{self.player}'s minmax value is {format_number(self.value)} (pure "
                f"{format_number(self.pure_value)}), by {', '.join(self.punishers)} playing {punish}")

    def to_dict(self) -> dict[str, Any]:
        return {"player": self.player, "value": number_to_json(self.value),
                "exact": self.exact, "pure_value": number_to_json(self.pure_value),
                "punishment": [{"profile": dict(zip(self.punishers, prof, strict=True)),
                                "probability": number_to_json(q)}
                               for prof, q in self.strategy if q != 0]}


def minmax_values(game: Game) -> tuple[MinmaxValue, ...]:
    """Each player's (mixed) minmax value by linear programming.

    Examples
    --------
    Matching pennies: each player can be held to 0, by the other mixing 1/2-1/2.

    >>> g = Game.from_arrays([[1, -1], [-1, 1]], [[-1, 1], [1, -1]])
    >>> [(m.value, m.pure_value) for m in minmax_values(g)]
    [(Fraction(0, 1), Fraction(1, 1)), (Fraction(0, 1), Fraction(1, 1))]
    """
    return tuple(_minmax(game, i) for i in range(game.n_players))


def _minmax(game: Game, i: int) -> MinmaxValue:
    others = [j for j in range(game.n_players) if j != i]
    exact = game.is_exact
    pay = np.moveaxis(game.payoffs if exact else game.float_payoffs, i + 1, 1)[i]
    # pay: axis 0 = player i's strategy, remaining axes = the others in order
    A = pay.reshape(game.shape[i], -1)  # rows: i's strategies; columns: others' joint profiles
    Af = np.asarray(A, dtype=float)
    n_rows, n_cols = Af.shape
    profiles = list(itertools.product(*(game.strategies[j] for j in others)))
    pure_value = min(max(A[:, c]) for c in range(n_cols))
    # min v  s.t.  A y <= v, sum y = 1, y >= 0;   variables (y, v)
    c = np.zeros(n_cols + 1)
    c[-1] = 1.0
    a_ub = np.hstack([Af, -np.ones((n_rows, 1))])
    a_eq = np.zeros((1, n_cols + 1))
    a_eq[0, :n_cols] = 1.0
    res = solve_lp(c, a_ub=a_ub, b_ub=np.zeros(n_rows), a_eq=a_eq, b_eq=[1.0],
                   bounds=[(0, None)] * n_cols + [(None, None)],
                   what=f"minmax LP of {game.players[i]}")
    y = np.clip(res.x[:n_cols], 0, None)
    x = np.clip(-res.ineq_marginals, 0, None)
    value: Any = res.fun
    is_exact = False
    strat: list[Any] = list(y / y.sum())
    if exact:  # certify by weak duality: x guarantees what y concedes
        for den in DENOMINATOR_BOUNDS:
            yq, xq = rational_simplex(y, den), rational_simplex(x, den)
            if yq is None or xq is None:
                continue
            upper = max(sum(A[r, k] * yq[k] for k in range(n_cols)) for r in range(n_rows))
            lower = min(sum(xq[r] * A[r, k] for r in range(n_rows)) for k in range(n_cols))
            if upper == lower:
                value, strat, is_exact = upper, yq, True
                break
        cert = None if is_exact else minmax_exact(A)  # HiGHS's basis, verified exactly
        if cert is not None:
            value, strat, is_exact = cert[0], list(cert[1]), True
    return MinmaxValue(game.players[i], value, is_exact, tuple(game.players[j] for j in others),
                       tuple(zip(profiles, strat, strict=True)), pure_value)


# -- sustainability ------------------------------------------------------------------------
@dataclass(frozen=True)
class PlayerCondition:
    """One player's incentive to keep the target in the repeated game."""

    player: str
    reward: Any
    temptation: Any
    best_deviation: str | None
    punishment: Any
    detection: Any
    critical_discount: Any  # None: no delta < 1 works; 0: no temptation

    def describe(self) -> str:
        if self.critical_discount is None:
            when = "for no discount factor below 1"
        elif self.critical_discount == 0:
            when = "for every discount factor (no temptation)"
        else:
            when = f"iff delta >= {format_number(self.critical_discount)}"
        dev = f" by {self.best_deviation!r}" if self.best_deviation else ""
        return (f"{self.player} (reward {format_number(self.reward)}, temptation "
                f"{format_number(self.temptation)}{dev}, punishment "
                f"{format_number(self.punishment)}) complies {when}")

    def to_dict(self) -> dict[str, Any]:
        return {"player": self.player, "reward": number_to_json(self.reward),
                "temptation": number_to_json(self.temptation),
                "best_deviation": self.best_deviation,
                "punishment": number_to_json(self.punishment),
                "detection": number_to_json(self.detection),
                "critical_discount": None if self.critical_discount is None
                else number_to_json(self.critical_discount)}


@dataclass(frozen=True)
class Sustainability:
    """Whether and from which discount factor a target is self-enforcing.

    ``critical_discount`` is the largest of the players' (None: not sustainable for any
    ``delta < 1``); ``binding`` names the player(s) attaining it.  ``discount`` and
    ``sustainable`` are filled when a discount factor was given.
    """

    target: str
    players: tuple[str, ...]
    profile: tuple[str, ...]
    periods: int | None
    reversion: str
    conditions: tuple[PlayerCondition, ...]
    critical_discount: Any
    binding: tuple[str, ...]
    discount: Any = None
    sustainable: bool | None = None

    @property
    def scheme(self) -> str:
        return "grim trigger" if self.periods is None else f"{self.periods}-period punishment"

    def describe(self) -> str:
        dets = {format_number(c.detection) for c in self.conditions}
        mon = ("perfect monitoring" if dets == {"1"} else
               f"detection probability {', '.join(sorted(dets))} per round")
        prof = ", ".join(self.profile)
        if self.critical_discount is None:
            who = ", ".join(self.binding)
            text = (f"{prof} cannot be sustained by {self.scheme} ({self.reversion} "
                    f"reversion, {mon}) for any discount factor below 1 ({who} would deviate)")
        elif self.critical_discount == 0:
            text = f"{prof} needs no enforcement: no player gains by deviating"
        else:
            text = (f"{prof} is sustained by {self.scheme} ({self.reversion} reversion, {mon}) "
                    f"iff delta >= {format_number(self.critical_discount)} "
                    f"(binding: {', '.join(self.binding)})")
        if self.discount is not None:
            text += (f"; at delta = {format_number(self.discount)} it "
                     f"{'holds' if self.sustainable else 'fails'}")
        return text

    def to_dict(self) -> dict[str, Any]:
        return {"target": self.target,
                "profile": dict(zip(self.players, self.profile, strict=True)),
                "scheme": self.scheme, "periods": self.periods, "reversion": self.reversion,
                "critical_discount": None if self.critical_discount is None
                else number_to_json(self.critical_discount),
                "binding": list(self.binding),
                "discount": None if self.discount is None else number_to_json(self.discount),
                "sustainable": self.sustainable,
                "players": [c.to_dict() for c in self.conditions],
                "description": self.describe()}


def _punishment_payoffs(game: Game, reversion: str | Sequence[str]) -> tuple[list[Any], str]:
    if isinstance(reversion, str) and reversion == "minmax":
        return [m.value for m in minmax_values(game)], "minmax"
    if isinstance(reversion, str) and reversion == "nash":
        from ..nash import equilibria

        eqs = equilibria(game)
        if not eqs:
            raise GameError("the stage game has no equilibrium found to revert to "
                            "(use reversion='minmax' or a profile)")
        return [min(e.payoffs[i] for e in eqs) for i in range(game.n_players)], "Nash"
    name, idx = resolve_target(game, reversion)
    from .thresholds import is_pure_equilibrium

    if not is_pure_equilibrium(game, idx):
        raise GameError(f"the reversion profile {name} is not a stage Nash equilibrium, so "
                        "the punishment would not be credible")
    return list(game.payoff(idx)), f"({name})"


def critical_discount(game: Game, target: str | Sequence[str], *,
                      detection: Any = 1, periods: int | None = GRIM,
                      reversion: str | Sequence[str] = "nash",
                      discount: Any = None) -> Sustainability:
    """Critical discount factor of a target profile in the infinitely repeated game.

    Parameters
    ----------
    game : Game, spec path or Spec
        The stage game (a normal-form spec is instantiated at its own parameter values).
    target : str or sequence of str
        A target name, a profile of strategy labels or ``"a,b"``.
    detection : number or mapping player -> number
        Per-round probability that a violation is detected (1: perfect monitoring).
    periods : int or None
        Length of the punishment; None for grim trigger.
    reversion : "nash", "minmax" or a profile
        The punishment (module docstring).
    discount : number, optional
        A discount factor to test.

    Returns
    -------
    Sustainability

    Examples
    --------
    The prisoners' dilemma pact (T=5, R=3, P=1, S=0), perfectly and imperfectly monitored:

    >>> g = Game.from_arrays([[3, 0], [5, 1]], [[3, 5], [0, 1]],
    ...                      players=["US", "CN"], strategies=[["pact", "race"]] * 2)
    >>> critical_discount(g, ["pact", "pact"]).critical_discount
    Fraction(1, 2)
    >>> critical_discount(g, ["pact", "pact"], detection=Fraction(1, 2)).critical_discount
    Fraction(2, 3)
    """
    if not isinstance(game, Game):  # a spec path or a Spec
        from ..spec.source import normal_form_game

        game = normal_form_game(game, command="critical_discount")
    name, idx = resolve_target(game, target)
    pun, rev_name = _punishment_payoffs(game, reversion)
    pay = game.payoffs if game.is_exact else game.float_payoffs
    conds = []
    for i, pname in enumerate(game.players):
        p = detection.get(pname, 1) if isinstance(detection, Mapping) else detection
        p = _num(p)
        if not 0 <= p <= 1:
            raise GameError(f"detection probability must lie in [0, 1], got {p}")
        r = pay[(i, *idx)]
        best, best_s = r, None
        for s in range(game.shape[i]):
            if s == idx[i]:
                continue
            v = pay[(i, *idx[:i], s, *idx[i + 1:])]
            if v > best:
                best, best_s = v, game.strategies[i][s]
        if periods is None:
            crit = grim_trigger_threshold(best, r, pun[i], p)
        else:
            crit = punishment_threshold(best, r, pun[i], periods, p)
        conds.append(PlayerCondition(pname, r, best, best_s, pun[i], p, crit))
    if any(c.critical_discount is None for c in conds):
        overall = None
        binding = tuple(c.player for c in conds if c.critical_discount is None)
    else:
        overall = max(c.critical_discount for c in conds)
        binding = tuple(c.player for c in conds if c.critical_discount == overall) \
            if overall != 0 else ()
    ok = None
    if discount is not None:
        discount = _num(discount)
        if not 0 <= discount < 1:
            raise GameError(f"a discount factor lies in [0, 1), got {discount}")
        ok = overall is not None and discount >= overall
    labels = tuple(game.strategies[i][k] for i, k in enumerate(idx))
    return Sustainability(name, game.players, labels, periods, rev_name, tuple(conds), overall,
                          binding, discount, ok)


def sustainable(game: Game, target: str | Sequence[str], discount: Any, **kw: Any) -> bool:
    """Whether *target* is sustained at discount factor *discount* (see critical_discount)."""
    return bool(critical_discount(game, target, discount=discount, **kw).sustainable)


# -- noisy monitoring: punishment on the equilibrium path ------------------------------------
def noisy_requirement(temptation: Any, reward: Any, punishment: Any, alarm: Any,
                      extra_alarm: Any) -> Any:
    """Least ``delta + delta^2 + ... + delta^T`` that deters one deviation under false alarms.

    With ``q0`` (*alarm*) the probability that a punishment phase starts after a round in which
    everyone complies and ``q0 + e`` (*extra_alarm* ``e``) the probability after the deviation,
    the deviation (stage payoff ``D``) does not pay iff (see :func:`noisy_trigger`)::

        D - R <= x [e (R - P) - q0 (D - R)],    x = delta + ... + delta^T,

    so the requirement is ``K = (D - R) / (e (R - P) - q0 (D - R))``.  Returns 0 when
    ``D <= R`` (no temptation) and None when the bracket is not positive (no discount factor
    and no punishment length deters it).

    >>> noisy_requirement(5, 3, 1, 0, 1)          # perfect monitoring: (T-R)/(R-P)
    Fraction(1, 1)
    >>> noisy_requirement(5, 3, 1, Fraction(1, 10), Fraction(1, 2))   # 2 / (1 - 1/5)
    Fraction(5, 2)
    """
    d, r, pp, q0, e = (_num(v) for v in (temptation, reward, punishment, alarm, extra_alarm))
    if d <= r:
        return d * 0
    bracket = e * (r - pp) - q0 * (d - r)
    if bracket <= 0:
        return None
    return (d - r) / bracket


def noisy_threshold(required: Any, periods: int | None = GRIM) -> Any:
    """Critical discount factor of a *periods*-round punishment given the requirement ``K``.

    Grim trigger: ``delta/(1 - delta) >= K`` iff ``delta >= K/(1 + K)``.  ``T`` rounds: the
    root in (0, 1) of ``delta + ... + delta^T = K`` (exact when rational, see
    :func:`punishment_threshold`), which exists iff ``T > K``.  None when no ``delta < 1``
    works; 0 when ``K = 0``.

    >>> noisy_threshold(Fraction(5, 2))
    Fraction(5, 7)
    >>> noisy_threshold(Fraction(3, 4), 1)
    Fraction(3, 4)
    >>> noisy_threshold(Fraction(5, 2), 2) is None
    True
    """
    if required is None:
        return None
    k = _num(required)
    if k <= 0:
        return k * 0
    if periods is None:
        return k / (1 + k)
    # p (R - P)(delta + ... + delta^T) = D - R with p (R - P) = 1 and D - R = K
    return punishment_threshold(k, 0, -1, periods)


def noisy_value(reward: Any, punishment: Any, alarm: Any, discount: Any,
                periods: int | None = GRIM) -> Any:
    """The pact's value (normalised by ``1 - delta``) net of the punishments false alarms start.

    In the cooperative phase a punishment of ``T`` rounds (payoff ``P``) starts with
    probability ``q0`` (*alarm*) after each round (payoff ``R``); solving
    ``V = (1 - delta) R + delta ((1 - q0) V + q0 ((1 - delta^T) P + delta^T V))`` gives::

        V = ((1 - delta) R + w P) / ((1 - delta) + w),    w = delta q0 (1 - delta^T),

    a weighted average of ``R`` and ``P`` (``delta^T = 0`` for grim trigger, so that V tends
    to ``P`` as ``delta -> 1`` when ``q0 > 0``: Green and Porter's reason for finite phases).

    >>> noisy_value(3, 1, Fraction(1, 10), Fraction(9, 10), 1)   # (3/10 + w)/(1/10 + w), w = 9/1000
    Fraction(309, 109)
    >>> noisy_value(3, 1, 0, Fraction(9, 10))
    Fraction(3, 1)
    """
    r, pp, q0, delta = (_num(v) for v in (reward, punishment, alarm, discount))
    tail = delta ** periods if periods is not None else 0
    w = delta * q0 * (1 - tail)
    if (1 - delta) + w == 0:
        raise GameError("the value of a pact needs a discount factor below 1")
    return ((1 - delta) * r + w * pp) / ((1 - delta) + w)


#: bits an exact power delta**T built by best_punishment may have (a few milliseconds each);
#: beyond, the comparison is made on logarithms in floating point
_EXACT_POWER_BITS = 250_000


def best_punishment(required: Any, discount: Any) -> tuple[bool, int | None, int | None]:
    """The shortest punishment that deters at *discount*: ``(deters, periods, estimate)``.

    The pact's value falls as the punishment lengthens (:func:`noisy_value`) and the incentive
    constraint ``delta + ... + delta^T >= K`` (:func:`noisy_requirement`) only asks for
    length, so the best length is the smallest ``T`` meeting it (as in Green and Porter 1984,
    where the optimal phase makes the incentive constraint bind): ``T* = ceil(log(1 -
    K (1 - delta)/delta) / log delta)``, found in floating point and settled exactly.
    Returns ``(True, 0, 0)`` when ``K = 0``, ``(True, None, None)`` when only grim trigger
    deters (``delta/(1 - delta) = K``), ``(False, None, None)`` when nothing does, and
    ``(False, None, estimate)`` when ``T*`` exceeds ``MAX_PUNISHMENT_ROUNDS`` (checked
    before any exact power is built).

    >>> best_punishment(Fraction(5, 2), Fraction(9, 10))    # 0.9 + 0.81 + 0.729 = 2.439 < 2.5
    (True, 4, 4)
    >>> best_punishment(Fraction(5, 2), Fraction(2, 3))     # delta / (1 - delta) = 2 < 5/2
    (False, None, None)
    """
    import math

    from ..spec._limits import MAX_PUNISHMENT_ROUNDS

    if required is None:
        return False, None, None
    k, delta = _num(required), _num(discount)
    if not 0 <= delta < 1:
        raise GameError(f"a discount factor lies in [0, 1), got {format_number(delta)}")
    if k <= 0:
        return True, 0, 0
    if delta == 0:
        return False, None, None
    grim = delta / (1 - delta)
    if grim < k:
        return False, None, None
    if grim == k:
        return True, None, None
    c = 1 - k * (1 - delta) / delta  # need delta^T <= c, 0 < c < 1
    if isinstance(c, Fraction):
        log_c = math.log(c.numerator) - math.log(c.denominator)
        log_d = math.log(delta.numerator) - math.log(delta.denominator)
    else:
        log_c, log_d = math.log(c), math.log(delta)
    estimate = max(1, math.ceil(log_c / log_d - 1e-9))
    if estimate > MAX_PUNISHMENT_ROUNDS + 1:
        return False, None, estimate
    if isinstance(delta, Fraction) and isinstance(c, Fraction) and \
            (estimate + 3) * max(delta.denominator.bit_length(), c.denominator.bit_length()) \
            <= _EXACT_POWER_BITS:
        def above(n: int) -> bool:  # delta^n > c, exactly
            return bool(delta ** n > c)
    else:  # powers too large to build exactly: compare logarithms
        def above(n: int) -> bool:
            return n * log_d > log_c
    t = max(1, estimate - 2)
    while above(t):  # at most a few steps from the float estimate
        t += 1
    while t > 1 and not above(t - 1):
        t -= 1
    if t > MAX_PUNISHMENT_ROUNDS:
        return False, None, t
    return True, t, estimate


@dataclass(frozen=True)
class NoisyDeviation:
    """One unilateral deviation from the target and what deterring it requires.

    ``flag`` is the probability that the deviator is flagged (a detected violation) in the
    round it deviates; ``required`` the least ``delta + ... + delta^T`` that deters it (0: not
    tempting; None: never deterred).
    """

    player: str
    strategy: str
    payoff: Any
    flag: Any
    required: Any

    def to_dict(self) -> dict[str, Any]:
        return {"player": self.player, "strategy": self.strategy,
                "payoff": number_to_json(self.payoff), "flag": number_to_json(self.flag),
                "required": None if self.required is None else number_to_json(self.required)}

    def describe(self) -> str:
        need = ("never deterred" if self.required is None else "not tempting"
                if self.required == 0 else
                f"deterred iff delta + ... + delta^T >= {format_number(self.required)}")
        return (f"{self.player} deviating to {self.strategy!r} (stage payoff "
                f"{format_number(self.payoff)}, flagged with probability "
                f"{format_number(self.flag)}): {need}")


@dataclass(frozen=True)
class NoisyTrigger(Notebook):
    """Trigger strategies with finite punishment phases under false alarms (see :func:`noisy_trigger`).

    Attributes
    ----------
    target, players, profile, reversion
        The target profile and the punishment (as in :class:`Sustainability`).
    rewards, punishments, false_alarms : tuple
        Per player: the target's stage payoff ``R_i``, the punishment payoff ``P_i`` and the
        probability ``a_i`` that it is flagged while complying.
    alarm : number
        ``q0 = 1 - prod_i (1 - a_i)``: the probability that a punishment starts after a round
        of full compliance.
    deviations : tuple of NoisyDeviation
        Every unilateral pure deviation.
    required : number or None
        ``K``: the least ``delta + ... + delta^T`` deterring every deviation (None: impossible).
    binding : tuple of (player, strategy)
        The deviations attaining ``K``.
    critical_grim : number or None
        The critical discount factor over all punishment lengths (grim trigger's, ``K/(1+K)``).
    periods, critical : int or None, number or None
        The punishment length asked for (None: grim) and its critical discount factor.
    schedule : tuple of (periods, critical discount)
        The critical discount factor of the shortest punishments that can deter (up to 5).
    discount : number or None
        The discount factor asked about; then ``best_periods`` (0: no punishment needed; None
        with ``sustainable``: only grim trigger), ``values`` (per player, the pact's value net
        of expected punishment at the best length), ``punishment_weight`` (the discounted share
        of rounds spent punishing) and ``sustainable``.
    exact : bool
    note : str
    """

    target: str
    players: tuple[str, ...]
    profile: tuple[str, ...]
    reversion: str
    rewards: tuple[Any, ...]
    punishments: tuple[Any, ...]
    false_alarms: tuple[Any, ...]
    alarm: Any
    deviations: tuple[NoisyDeviation, ...]
    required: Any
    binding: tuple[tuple[str, str], ...]
    critical_grim: Any
    periods: int | None
    critical: Any
    schedule: tuple[tuple[int, Any], ...]
    discount: Any = None
    sustainable: bool | None = None
    best_periods: int | None = None
    values: tuple[Any, ...] = ()
    punishment_weight: Any = None
    exact: bool = True
    note: str = ""

    @property
    def scheme(self) -> str:
        return "grim trigger" if self.periods is None else f"{self.periods}-period punishment"

    def value_at(self, discount: Any, periods: int | None = GRIM) -> tuple[Any, ...]:
        """Each player's pact value net of expected punishment at *discount* and *periods*."""
        return tuple(noisy_value(r, pp, self.alarm, discount, periods)
                     for r, pp in zip(self.rewards, self.punishments, strict=True))

    def describe(self) -> str:
        prof = ", ".join(self.profile)
        alarm = f"false alarms start a punishment with probability {format_number(self.alarm)} a round"
        if self.required is None:
            who = ", ".join(f"{p} {s!r}" for p, s in self.binding)
            return (f"{prof} cannot be sustained by trigger strategies under noisy monitoring "
                    f"({alarm}): no punishment deters {who}")
        if self.required == 0:
            return f"{prof} needs no enforcement: no player gains by deviating ({alarm})"
        text = (f"{prof} under noisy monitoring ({alarm}): sustained iff delta >= "
                f"{format_number(self.critical_grim)} with grim trigger")
        if self.periods is not None:
            text += (f", {format_number(self.critical)} with a {self.periods}-round punishment"
                     if self.critical is not None else
                     f", never with a {self.periods}-round punishment")
        if self.discount is not None:
            if not self.sustainable:
                text += f"; at delta = {format_number(self.discount)} nothing deters"
            else:
                best = ("grim trigger" if self.best_periods is None else
                        f"{self.best_periods} round{'s' if self.best_periods != 1 else ''}")
                vals = ", ".join(f"{p} {format_number(v)}"
                                 for p, v in zip(self.players, self.values, strict=True))
                text += (f"; at delta = {format_number(self.discount)} the best punishment "
                         f"lasts {best} and the pact is worth {vals} net of expected punishment")
        return text

    def to_dict(self) -> dict[str, Any]:
        def num(v: Any) -> Any:
            return None if v is None else number_to_json(v)

        return {"target": self.target,
                "profile": dict(zip(self.players, self.profile, strict=True)),
                "reversion": self.reversion,
                "players": [{"player": p, "reward": num(r), "punishment": num(pp),
                             "false_alarm": num(a)}
                            for p, r, pp, a in zip(self.players, self.rewards, self.punishments,
                                                   self.false_alarms, strict=True)],
                "alarm": num(self.alarm),
                "deviations": [d.to_dict() for d in self.deviations],
                "required": num(self.required),
                "binding": [{"player": p, "strategy": s} for p, s in self.binding],
                "critical_discount_grim": num(self.critical_grim),
                "periods": self.periods, "critical_discount": num(self.critical),
                "schedule": [{"periods": t, "critical_discount": num(c)} for t, c in self.schedule],
                "discount": num(self.discount), "sustainable": self.sustainable,
                "best_periods": self.best_periods,
                "values": {p: num(v) for p, v in zip(self.players, self.values, strict=True)}
                if self.values else None,
                "punishment_weight": num(self.punishment_weight),
                "exact": self.exact, "note": self.note, "description": self.describe()}


def _per_player_value(value: Any, player: str, default: Any, what: str,
                      players: Sequence[str] = ()) -> Any:
    if isinstance(value, Mapping):
        for name in value:
            if players and name not in players:
                raise GameError(f"{what}: unknown player {name!r}"
                                + (f" ({hint})" if (hint := did_you_mean(str(name), players)) else ""))
    v = value.get(player, default) if isinstance(value, Mapping) else value
    v = _num(v)
    if not 0 <= v <= 1:
        raise GameError(f"{what} must be a probability in [0, 1], got {format_number(v)}")
    return v


def _one_equilibrium_attains(stage: Any, payoffs: Sequence[Any]) -> bool:
    """Whether one of the stage equilibria *stage* gives every player the given payoff at once."""
    return any(all(abs(e.payoffs[i] - v) <= (0 if e.exact else 1e-9)
                   for i, v in enumerate(payoffs)) for e in stage)


def noisy_trigger(game: Game, target: str | Sequence[str], *, false_alarm: Any = None,
                  detection: Any = 1, periods: int | None = GRIM,
                  reversion: str | Sequence[str] = "nash",
                  discount: Any = None) -> NoisyTrigger:
    """Trigger strategies with finite punishment phases when verification has false alarms.

    The players keep the target profile; after every round a public verdict flags each player
    independently -- a complying player ``i`` with its false-alarm probability ``a_i``, a
    deviating player with the probability ``f_i(s)`` that its deviation ``s`` is detected.
    Any flag starts a punishment phase of ``T`` rounds (the reversion profile, payoff
    ``P_i``), after which the pact resumes; during a phase the play is a stage equilibrium and
    the future does not depend on it.  This is the trigger-price scheme of Green and Porter
    (1984, "Noncooperative collusion under imperfect price information", Econometrica 52):
    punishment phases happen on the equilibrium path, set off by noise, and their length is the
    design variable.

    Derivation.  With ``q0 = 1 - prod_k (1 - a_k)`` the probability of a phase after a round
    of full compliance, the cooperative value is (:func:`noisy_value`)
    ``V_i = ((1 - delta) R_i + w P_i) / ((1 - delta) + w)``, ``w = delta q0 (1 - delta^T)``.
    Player ``i`` deviating once to ``s`` (payoff ``D``) starts a phase with probability
    ``q_s = 1 - (1 - f_i(s)) prod_{k != i} (1 - a_k)``; by the one-shot deviation principle
    (the strategies are public; Fudenberg, Levine and Maskin 1994) the profile is an
    equilibrium iff no such deviation pays:
    ``(1 - delta)(D - R_i) <= delta (q_s - q0)(1 - delta^T)(V_i - P_i)``.  Substituting
    ``V_i - P_i = (1 - delta)(R_i - P_i)/((1 - delta) + w)`` and dividing by ``1 - delta``::

        D - R_i <= x [(q_s - q0)(R_i - P_i) - q0 (D - R_i)],   x = delta + ... + delta^T,

    so each deviation needs ``x >= K_s`` (:func:`noisy_requirement`), the binding one sets
    ``K = max K_s``, grim trigger's critical discount factor ``K/(1 + K)`` is the lowest of all
    lengths, and at a given ``delta`` the best length is the shortest that deters
    (:func:`best_punishment`), because ``V_i`` falls as ``T`` grows.  With no false alarms
    (``q0 = 0``) this is the condition of :func:`critical_discount`.

    Parameters
    ----------
    game : Game
        The stage game; when it carries a verification mechanism (``game.verification``),
        its false alarms and detection probabilities are the defaults: a monitored player
        complying (playing the commitment; with an inspector, only when the target has the
        inspector inspect) is flagged with its ``false_alarm``, its covert violation with its
        ``detection``.
    target : str or sequence of str
        A target name or a profile.
    false_alarm : number or mapping player -> number, optional
        ``a_i``, overriding the mechanism's (default: the mechanism's, else 0).
    detection : number or mapping player -> number
        Probability that a deviation other than the mechanism's covert violation is flagged
        (default 1: an open deviation is seen).
    periods : int or None
        The punishment length to report the critical discount factor of (None: grim).
    reversion : "nash", "minmax" or a profile
        The punishment, as in :func:`critical_discount` (``"nash"``: each player's worst stage
        equilibrium payoff; one equilibrium when the stage game has a single one).
    discount : number, optional
        A discount factor: then the best punishment length and the pact's value net of
        expected punishment are reported.

    Returns
    -------
    NoisyTrigger

    Raises
    ------
    GameError
        A probability outside [0, 1], a discount factor outside [0, 1), an unknown target.

    Examples
    --------
    The prisoners'-dilemma pact (T=5, R=3, P=1, S=0) with a violation detected with
    probability 1/2 and a false alarm on each compliant party with probability 1/10:
    ``q0 = 19/100``, a deviation is flagged with probability ``1 - (1/2)(9/10) = 11/20``, so
    ``K = 2 / ((9/25) * 2 - (19/100) * 2) = 100/17`` and grim trigger needs
    ``delta >= 100/117``.

    >>> g = Game.from_arrays([[3, 0], [5, 1]], [[3, 5], [0, 1]],
    ...                      players=["US", "CN"], strategies=[["pact", "race"]] * 2)
    >>> r = noisy_trigger(g, ["pact", "pact"], false_alarm=Fraction(1, 10),
    ...                   detection=Fraction(1, 2), discount=Fraction(19, 20))
    >>> r.alarm, r.required, r.critical_grim
    (Fraction(19, 100), Fraction(100, 17), Fraction(100, 117))
    >>> r.best_periods, r.sustainable
    (8, True)
    """
    if not isinstance(game, Game):
        from ..spec.source import normal_form_game

        game = normal_form_game(game, command="noisy_trigger")
    if periods is not None and (not isinstance(periods, int) or periods < 1):
        raise GameError(f"a punishment lasts at least 1 period (or None for grim), got {periods!r}")
    if periods is not None:
        from ..errors import GameTooLarge
        from ..spec._limits import MAX_PUNISHMENT_ROUNDS

        if periods > MAX_PUNISHMENT_ROUNDS:
            raise GameTooLarge(f"a punishment of {periods} rounds exceeds the limit of "
                               f"{MAX_PUNISHMENT_ROUNDS} rounds (MAX_PUNISHMENT_ROUNDS); use grim "
                               "trigger (periods=None) for an unending punishment")
    name, idx = resolve_target(game, target)
    single = True
    if isinstance(reversion, str) and reversion == "nash":  # the stage game solved once
        from ..nash import equilibria

        stage = equilibria(game)
        if not stage:
            raise GameError("the stage game has no equilibrium found to revert to "
                            "(use reversion='minmax' or a profile)")
        pun = [min(e.payoffs[i] for e in stage) for i in range(game.n_players)]
        rev_name = "Nash"
        single = _one_equilibrium_attains(stage, pun)
    else:
        pun, rev_name = _punishment_payoffs(game, reversion)
    exact = game.is_exact
    pay = game.payoffs if exact else game.float_payoffs
    mech = game.verification
    active = True
    inspector = None
    if mech is not None and mech.inspection is not None:
        inspector = game.players.index(mech.inspection.inspector) \
            if mech.inspection.inspector in game.players else None
        if inspector is not None:
            active = game.strategies[inspector][idx[inspector]] == mech.inspection.strategies[0]
    n = game.n_players
    alarms, flags = [], []
    for i, pname in enumerate(game.players):
        monitored = (mech is not None and i != inspector and mech.violation in game.strategies[i])
        own = game.strategies[i][idx[i]]
        if false_alarm is not None:
            a = _per_player_value(false_alarm, pname, 0, "a false-alarm probability",
                                  game.players)
        elif monitored and active and own == mech.commitment:  # type: ignore[union-attr]
            a = _per_player_value(mech.value("false_alarm", pname), pname, 0,  # type: ignore[union-attr]
                                  "a false-alarm probability")
        else:
            a = Fraction(0)
        alarms.append(a)
        row = []
        for s, label in enumerate(game.strategies[i]):
            if s == idx[i]:
                row.append(a)
            elif monitored and label == mech.violation:  # type: ignore[union-attr]
                row.append(_per_player_value(mech.value("detection", pname), pname, 0,  # type: ignore[union-attr]
                                             "a detection probability") if active else Fraction(0))
            else:
                row.append(_per_player_value(detection, pname, 1, "a detection probability",
                                             game.players))
        flags.append(row)
    if not exact:
        alarms = [float(a) for a in alarms]
        flags = [[float(f) for f in row] for row in flags]
    clear = [1 - a for a in alarms]
    all_clear = np.prod(np.array(clear, dtype=object)) if exact else float(np.prod(clear))
    q0 = 1 - all_clear
    devs: list[NoisyDeviation] = []
    for i, pname in enumerate(game.players):
        others_clear = all_clear / clear[i] if clear[i] != 0 else \
            np.prod(np.array([clear[k] for k in range(n) if k != i], dtype=object))
        r = pay[(i, *idx)]
        for s in range(game.shape[i]):
            if s == idx[i]:
                continue
            d = pay[(i, *idx[:i], s, *idx[i + 1:])]
            extra = (flags[i][s] - alarms[i]) * others_clear
            k = noisy_requirement(d, r, pun[i], q0, extra)
            devs.append(NoisyDeviation(pname, game.strategies[i][s], d, flags[i][s], k))
    if any(d.required is None for d in devs):
        required = None
        binding = tuple((d.player, d.strategy) for d in devs if d.required is None)
    else:
        required = max((d.required for d in devs), default=Fraction(0))
        binding = tuple((d.player, d.strategy) for d in devs
                        if d.required == required) if required != 0 else ()
    crit_grim = noisy_threshold(required, GRIM)
    crit = noisy_threshold(required, periods)
    schedule: list[tuple[int, Any]] = []
    if required is not None and required > 0:
        from ..spec._limits import MAX_PUNISHMENT_ROUNDS

        first = int(math.floor(required)) + 1  # x_T(1) = T must exceed K
        for t in range(first, min(first + 5, MAX_PUNISHMENT_ROUNDS + 1)):
            schedule.append((t, noisy_threshold(required, t)))
    notes = []
    if not single:
        notes.append("no single stage equilibrium gives every player its worst equilibrium payoff, "
                     "so P_i is each player's own worst (optimistic for deterrence, pessimistic "
                     "for the pact's value); give reversion= a profile for one credible scheme")
    result = NoisyTrigger(name, game.players, tuple(game.strategies[i][k] for i, k in enumerate(idx)),
                          rev_name, tuple(pay[(i, *idx)] for i in range(n)), tuple(pun),
                          tuple(alarms), q0, tuple(devs), required, binding, crit_grim,
                          periods, crit, tuple(schedule), exact=exact)
    if discount is not None:
        discount = _num(discount)
        if not 0 <= discount < 1:
            raise GameError(f"a discount factor lies in [0, 1), got {format_number(discount)}")
        ok, best, estimate = best_punishment(required, discount)
        if not ok and estimate is not None:
            from ..spec._limits import MAX_PUNISHMENT_ROUNDS

            notes.append(f"the shortest deterring punishment lasts about {estimate} rounds, "
                         f"beyond the limit of {MAX_PUNISHMENT_ROUNDS}; grim trigger deters")
            ok, best = True, None
        values: tuple[Any, ...] = ()
        weight = None
        if ok:
            values = result.value_at(discount, best)
            tail = discount ** best if best is not None else 0
            w = discount * q0 * (1 - tail)
            weight = w / ((1 - discount) + w)
        result = replace(result, discount=discount, sustainable=ok, best_periods=best,
                         values=values, punishment_weight=weight)
    return replace(result, note="; ".join(notes)) if notes else result


# -- spec section --------------------------------------------------------------------------
@dataclass(frozen=True)
class RepeatedSettings:
    """The ``repeated`` section of a spec: how the stage game is repeated."""

    discount: Any = None
    detection: Any = 1
    periods: int | None = GRIM
    reversion: str | tuple[str, ...] = "nash"
    targets: tuple[str, ...] = ()
    #: probability per round that a compliant party is wrongly flagged, which starts a punishment
    #: (None: the verification section's false alarms, if any; see noisy_trigger)
    false_alarm: Any = None

    def to_dict(self) -> dict[str, Any]:
        det = ({k: number_to_json(v) for k, v in self.detection.items()}
               if isinstance(self.detection, Mapping) else number_to_json(self.detection))
        fa = (None if self.false_alarm is None else
              {k: number_to_json(v) for k, v in self.false_alarm.items()}
              if isinstance(self.false_alarm, Mapping) else number_to_json(self.false_alarm))
        return {"discount": None if self.discount is None else number_to_json(self.discount),
                "detection": det, "periods": self.periods,
                "reversion": self.reversion if isinstance(self.reversion, str)
                else list(self.reversion), "targets": list(self.targets), "false_alarm": fa}


def repeated_settings(game: Game) -> RepeatedSettings | None:
    """The repeated-game settings of *game* (its ``repeated`` field; None if it has none)."""
    return game.repeated

