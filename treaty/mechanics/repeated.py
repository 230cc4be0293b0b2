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

Minmax values are computed by linear programming (Maschler, Solan and Zamir, *Game Theory*,
2013, section 5.2 and 13.2): ``min_y max_s sum_t y_t u_i(s, t)`` over the others' mixed
strategies ``y`` (for more than 2 players, over their *correlated* strategies, which gives a
value no higher than the independent minmax).  The LP is solved with scipy's HiGHS; for
exact games the solution is rounded to rationals and certified exactly by a primal and a dual
bound that coincide.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np

from .._exact.lp import solve_lp
from .._exact.numbers import format_number, number_to_json
from .._exact.poly import real_roots
from .._exact.rational import DENOMINATOR_BOUNDS, rational_simplex
from ..errors import GameError
from ..game import Game
from .thresholds import resolve_target

__all__ = [
    "MinmaxValue",
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
    rational, else a float accurate to about 1e-18 (isolated exactly).  0 when ``D <= R``;
    None when no ``delta < 1`` works.

    >>> punishment_threshold(5, 3, 1, 1) is None    # one round: needs (D-R)/(R-P) < 1
    True
    >>> punishment_threshold(4, 3, 1, 1)
    Fraction(1, 2)
    >>> round(punishment_threshold(4, 3, 1, 2), 6)     # delta + delta^2 = 1/2
    0.366025
    """
    if periods < 1:
        raise GameError("a punishment lasts at least 1 period")
    d, r, pp, p = (_num(v) for v in (temptation, reward, punishment, detection))
    if d <= r:
        return d * 0
    if p <= 0 or r <= pp or p * (r - pp) * periods <= d - r:
        return None
    if not all(isinstance(v, Fraction) for v in (d, r, pp, p)):
        c = float(p * (r - pp))
        lo, hi = 0.0, 1.0
        for _ in range(200):
            m = (lo + hi) / 2
            if c * sum(m**k for k in range(1, periods + 1)) >= float(d - r):
                hi = m
            else:
                lo = m
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


# -- spec section --------------------------------------------------------------------------
@dataclass(frozen=True)
class RepeatedSettings:
    """The ``repeated`` section of a spec: how the stage game is repeated."""

    discount: Any = None
    detection: Any = 1
    periods: int | None = GRIM
    reversion: str | tuple[str, ...] = "nash"
    targets: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        det = ({k: number_to_json(v) for k, v in self.detection.items()}
               if isinstance(self.detection, Mapping) else number_to_json(self.detection))
        return {"discount": None if self.discount is None else number_to_json(self.discount),
                "detection": det, "periods": self.periods,
                "reversion": self.reversion if isinstance(self.reversion, str)
                else list(self.reversion), "targets": list(self.targets)}


def repeated_settings(game: Game) -> RepeatedSettings | None:
    """The repeated-game settings of *game* (its ``repeated`` field; None if it has none)."""
    return game.repeated

