"""Leadership: the best mixed strategy to commit to when the other players best-respond.

A *leader* announces a mixed strategy ``x`` and keeps to it; the *followers* observe ``x`` and
respond.  :func:`commitment` finds the leader's optimal commitment (a Stackelberg leader in
mixed strategies), with the value of commitment compared to the simultaneous game's Nash
equilibria.  In an inspection game this is *inspector leadership* (Avenhaus, von Stengel and
Zamir 2002, Handbook of Game Theory vol. 3, ch. 51, section 4): the inspector announces its
inspection rate, and the inspectee, indifferent at that rate, complies.

Algorithm
---------
Two players: the multiple-LPs method of Conitzer and Sandholm (2006, "Computing the optimal
strategy to commit to", EC'06, section 4).  For every pure strategy ``t`` of the follower, one
LP finds the best ``x`` for the leader among those that make ``t`` a best response::

    max_x  sum_i x_i U_L(i, t)
    s.t.   sum_i x_i (U_F(i, t) - U_F(i, s)) >= 0   for every follower strategy s
           sum_i x_i = 1,  x >= 0

and the commitment is the best of these LPs.  A follower indifferent between responses breaks
the tie in the leader's favour (the *strong* Stackelberg equilibrium, the one the LPs
compute; with any other tie rule the optimum is a supremum that is not attained).

N players (one leader, several followers): for every pure profile ``t`` of the followers, one
LP with the same objective and, for every follower ``k`` and every alternative ``s_k``, the
constraint that ``t_k`` is a best response to ``x`` and ``t_{-k}``.  The followers thus play a
*pure* Nash equilibrium of the game induced by ``x``, the one best for the leader (ties and the
choice among equilibria in the leader's favour).  This is the N-player generalisation of
Conitzer and Sandholm's LPs for pure follower responses; followers who would mix among
themselves are not modelled, so the value may then fall below a simultaneous mixed
equilibrium's, and the result says so.

Exactness
---------
For an exact game every LP is solved by HiGHS (:func:`treaty._exact.lp.solve_lp`) and the
answer is certified in rational arithmetic: the chosen ``x`` is exactly feasible (``t`` is an
exact best response), and every LP's optimum is bounded above by an exact dual solution (weak
duality: for ``y >= 0``, ``sum_i x_i U_L(i, t) <= max_i (U_L(i, t) + (D^T y)_i)`` on the
feasible set, ``D`` the constraint rows) or shown infeasible by an exact Farkas vector
``z >= 0`` with ``D^T z < 0``.  When a certificate cannot be rationalised the value is kept,
``exact=False``, and the note says what is not certified.

Examples
--------
The game of Conitzer and Sandholm (2006, section 2): the leader's Up strictly dominates, so
the simultaneous game gives it 2; committing to Up and Down with 1/2 each makes the follower
(indifferent, breaking the tie for the leader) play Right, and gives the leader 7/2.

>>> from treaty.game import Game
>>> g = Game.from_arrays([[2, 4], [1, 3]], [[1, 0], [0, 1]], players=["L", "F"],
...                      strategies=[["Up", "Down"], ["Left", "Right"]])
>>> c = commitment(g, "L")
>>> c.strategy, c.response, c.value, c.gain
((Fraction(1, 2), Fraction(1, 2)), ('Right',), Fraction(7, 2), Fraction(3, 2))
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np

from .._exact.numbers import format_number, number_to_json
from ..errors import GameError, GameTooLarge, SolverError, did_you_mean
from ..game import Game
from ..results import Notebook

__all__ = ["Commitment", "commitment", "MAX_COMMITMENT_LPS"]

#: follower pure profiles (one LP each) :func:`commitment` solves at most; refused before any
#: work beyond it.  One LP of a 2-player 50x50 game takes about 2 ms; 20,000 of them, with
#: exact certification of the best, take under a minute.
MAX_COMMITMENT_LPS = 20_000


@dataclass(frozen=True)
class Commitment(Notebook):
    """The leader's optimal commitment and the followers' response (see the module docstring).

    Attributes
    ----------
    players : tuple of str
    strategy_names : tuple of tuple of str
    leader : str
    strategy : tuple
        The leader's mixed strategy, in the order of its strategies (Fractions when exact).
    response : tuple of str
        Each follower's pure response, followers in player order (the leader left out).
    payoffs : tuple
        Every player's payoff under the commitment and the response.
    value : number
        The leader's payoff (``payoffs`` at the leader).
    simultaneous : tuple
        The leader's payoff at each Nash equilibrium of the simultaneous game (as found by
        :func:`treaty.equilibria`).
    simultaneous_complete : bool
        Whether those equilibria are the complete set (else the comparison is with some).
    exact : bool
        True when the commitment is certified optimal in exact arithmetic.
    lps : int
        Number of LPs solved (one per follower pure profile).
    note : str
    """

    players: tuple[str, ...]
    strategy_names: tuple[tuple[str, ...], ...]
    leader: str
    strategy: tuple[Any, ...]
    response: tuple[str, ...]
    payoffs: tuple[Any, ...]
    value: Any
    simultaneous: tuple[Any, ...]
    simultaneous_complete: bool
    exact: bool
    lps: int
    note: str = ""

    @property
    def followers(self) -> tuple[str, ...]:
        """The followers, in player order."""
        return tuple(p for p in self.players if p != self.leader)

    @property
    def gain(self) -> Any:
        """Value of commitment: ``value`` minus the leader's best simultaneous-equilibrium
        payoff (None when the simultaneous game has no equilibrium found)."""
        return self.value - max(self.simultaneous) if self.simultaneous else None

    def describe(self) -> str:
        li = self.players.index(self.leader)
        mix = " + ".join(f"{format_number(q)} {s}" for q, s in
                         zip(self.strategy, self.strategy_names[li], strict=True) if q != 0)
        resp = ", ".join(f"{p} {s}" for p, s in zip(self.followers, self.response, strict=True))
        text = (f"{self.leader} commits to {mix}; {resp} respond"
                f"{'s' if len(self.followers) == 1 else ''}; {self.leader} gets "
                f"{format_number(self.value)}")
        if self.simultaneous:
            best = max(self.simultaneous)
            text += (f" against at most {format_number(best)} in the simultaneous game's "
                     f"{'' if self.simultaneous_complete else 'known '}equilibria "
                     f"(value of commitment {format_number(self.value - best)})")
        return text

    def to_dict(self) -> dict[str, Any]:
        li = self.players.index(self.leader)
        return {
            "leader": self.leader,
            "strategy": {s: number_to_json(q) for s, q in
                         zip(self.strategy_names[li], self.strategy, strict=True)},
            "response": dict(zip(self.followers, self.response, strict=True)),
            "payoffs": {p: number_to_json(v) for p, v in zip(self.players, self.payoffs,
                                                              strict=True)},
            "value": number_to_json(self.value),
            "simultaneous": [number_to_json(v) for v in self.simultaneous],
            "simultaneous_complete": self.simultaneous_complete,
            "value_of_commitment": None if self.gain is None else number_to_json(self.gain),
            "exact": self.exact,
            "lps": self.lps,
            "note": self.note,
            "description": self.describe(),
        }


# --------------------------------------------------------------------------------------------
# exact helpers

def _particular(rows: Sequence[Sequence[Fraction]], rhs: Sequence[Fraction], n: int
                ) -> list[Fraction] | None:
    """One exact solution of ``rows @ z == rhs`` (free variables 0), None if inconsistent."""
    from .._exact.linalg import rref

    if not rows:
        return [Fraction(0)] * n
    R, piv = rref([list(r) + [b] for r, b in zip(rows, rhs, strict=True)], n + 1)
    if piv and piv[-1] == n:
        return None
    z = [Fraction(0)] * n
    for r, c in zip(R, piv, strict=True):
        z[c] = r[n]
    return z


def _candidates(v: np.ndarray) -> list[list[Fraction]]:
    """Exact candidates near a float vector: small denominators first, then the floats."""
    out = []
    for den in (12, 1000, 10**6, None):
        q = [Fraction(float(t)) if den is None else Fraction(float(t)).limit_denominator(den)
             for t in v]
        if q not in out:
            out.append(q)
    return out


class _Problem:
    """The LP of one follower profile: ``max c.x`` s.t. ``D x >= 0``, ``x`` in the simplex."""

    def __init__(self, c: list[Any], D: list[list[Any]]) -> None:
        self.c = c
        self.D = D

    def dual_bound(self, y: Sequence[Fraction]) -> Fraction:
        """Exact upper bound ``max_i (c_i + (D^T y)_i)`` for ``y >= 0`` (weak duality)."""
        m = len(self.c)
        return max(self.c[i] + sum((yr * row[i] for yr, row in zip(y, self.D, strict=True)),
                                   Fraction(0)) for i in range(m))

    def feasible(self, x: Sequence[Fraction]) -> bool:
        return (all(v >= 0 for v in x) and sum(x) == 1
                and all(sum(r * v for r, v in zip(row, x, strict=True)) >= 0 for row in self.D))

    def value(self, x: Sequence[Any]) -> Any:
        return sum(ci * xi for ci, xi in zip(self.c, x, strict=True))


def _solve_float(P: _Problem, what: str) -> tuple[np.ndarray, float, np.ndarray] | None:
    """The LP in floats: (x, value, y >= 0) or None when infeasible."""
    from .._exact.lp import solve_lp

    m = len(P.c)
    c = -np.asarray(P.c, dtype=float)
    kw: dict[str, Any] = {}
    if P.D:
        kw = {"a_ub": -np.asarray(P.D, dtype=float), "b_ub": np.zeros(len(P.D))}
    try:
        sol = solve_lp(c, a_eq=np.ones((1, m)), b_eq=[1.0], method="highs-ds", what=what, **kw)
    except SolverError as exc:
        if "(infeasible" in str(exc):
            return None
        raise
    y = -sol.ineq_marginals if P.D else np.zeros(0)
    return sol.x, -sol.fun, np.maximum(y, 0.0)


def _farkas(P: _Problem) -> list[Fraction] | None:
    """An exact ``z >= 0`` with ``D^T z < 0`` (proves ``D x >= 0`` has no solution in the
    simplex, Farkas' lemma), found by the LP ``min s : D^T z <= s, sum z = 1, z >= 0``."""
    from .._exact.lp import solve_lp

    r, m = len(P.D), len(P.c)
    if r == 0:
        return None
    a_ub = np.hstack([np.asarray(P.D, dtype=float).T, -np.ones((m, 1))])
    a_eq = np.hstack([np.ones((1, r)), np.zeros((1, 1))])
    sol = solve_lp(np.r_[np.zeros(r), 1.0], a_ub=a_ub, b_ub=np.zeros(m), a_eq=a_eq, b_eq=[1.0],
                   bounds=[(0, None)] * r + [(None, None)], what="a Farkas certificate")
    for z in _candidates(np.maximum(sol.x[:r], 0.0)):
        if any(v < 0 for v in z) or not any(z):
            continue
        if all(sum(zr * row[i] for zr, row in zip(z, P.D, strict=True)) < 0 for i in range(m)):
            return z
    return None


def _exact_optimum(P: _Problem, x: np.ndarray, y: np.ndarray
                   ) -> tuple[list[Fraction], Fraction, bool]:
    """Exact optimum of *P* near the float solution (x, y): (x, value, certified).

    The primal is taken from rationalised candidates or the exact solution of the active
    constraints; it is certified optimal when an exact dual ``y`` (rationalised, or solved
    from complementary slackness on the support of ``x``) gives the same bound."""
    m = len(P.c)
    scale = max(1.0, float(np.max(np.abs(np.asarray(P.D, dtype=float))))) if P.D else 1.0
    tight = [k for k, row in enumerate(P.D) if abs(float(np.dot(np.asarray(row, float), x)))
             <= 1e-9 * scale]
    zero = [i for i in range(m) if x[i] <= 1e-12]
    cands = _candidates(x)
    rows: list[list[Fraction]] = [[Fraction(1)] * m]
    rhs = [Fraction(1)]
    for i in zero:
        rows.append([Fraction(int(j == i)) for j in range(m)])
        rhs.append(Fraction(0))
    for k in tight:
        rows.append([Fraction(v) for v in P.D[k]])
        rhs.append(Fraction(0))
    act = _particular(rows, rhs, m)
    if act is not None:
        cands.insert(0, act)
    primal = [q for q in cands if P.feasible(q)]
    if not primal:
        raise _NotCertified("no exactly feasible commitment near the LP's solution")
    best = max(primal, key=P.value)
    v = P.value(best)
    # dual: y on the rows with positive multipliers (then every tight row), w free
    support = [i for i in range(m) if best[i] != 0]
    duals = [[Fraction(0)] * len(P.D)] if not P.D else _candidates(y)
    for rowset in ([k for k in range(len(P.D)) if y[k] > 1e-12], tight):
        # unknowns: y_r (r in rowset), w; equations: c_i + sum_r y_r D_ri - w = 0, i in support
        eq = [[Fraction(P.D[r][i]) for r in rowset] + [Fraction(-1)] for i in support]
        sol = _particular(eq, [-Fraction(P.c[i]) for i in support], len(rowset) + 1)
        if sol is not None:
            full = [Fraction(0)] * len(P.D)
            for r, val in zip(rowset, sol, strict=False):
                full[r] = val
            duals.insert(0, full)
    for yq in duals:
        yq = [max(t, Fraction(0)) for t in yq]
        if P.dual_bound(yq) == v:
            return best, v, True
    return best, v, False


class _NotCertified(Exception):
    pass


def _as_fraction_rows(a: Any) -> list[Any]:
    return [Fraction(v) if isinstance(v, (int, Fraction)) else v for v in a]


def commitment(game: Game, leader: int | str = 0, *, equilibria: Any = None) -> Commitment:
    """The leader's optimal mixed strategy to commit to, followers best-responding.

    Parameters
    ----------
    game : Game
        Any normal-form game with 2 or more players.
    leader : int or str
        The committing player (index or name); default the first player.
    equilibria : EquilibriumSet, optional
        The simultaneous game's equilibria to compare with (default
        ``treaty.equilibria(game)``).

    Returns
    -------
    Commitment
        Exact and certified (``exact=True``) for exact games when every LP's certificate
        rationalises (see the module docstring); ``gain`` is the value of commitment.

    Raises
    ------
    GameError
        For an unknown leader.
    GameTooLarge
        When the followers have more than :data:`MAX_COMMITMENT_LPS` pure profiles (checked
        before any LP is solved).

    Notes
    -----
    Conitzer and Sandholm (2006), section 4 (2 players; one LP per follower strategy); for N
    players one LP per follower pure profile, the followers playing a pure Nash equilibrium of
    the induced game (ties in the leader's favour).  For 2 players the value is at least the
    leader's payoff in every Nash equilibrium of the simultaneous game (von Stengel and Zamir
    2010, "Leadership games with convex strategy sets", GEB 69, Theorem 1): committing to the
    equilibrium strategy already guarantees it under the leader-favourable tie rule.  Work:
    ``prod_k n_k`` LPs over the followers ``k``, each with ``n_leader`` variables and
    ``sum_k (n_k - 1)`` constraints.

    Examples
    --------
    Inspector leadership in the inspection game (detection 1, gain 1, sanction 1, inspection
    cost 1/2, loss 1 from an undetected violation): the inspector commits to inspect with
    probability 1/2, the inspectee complies, and the inspector pays only the inspections.

    >>> from treaty.game import Game
    >>> g = Game.from_arrays([[0, 0], [-1, 1]], [[-Fraction(1, 2), 0], [-Fraction(1, 2), -1]],
    ...                      players=["State", "Inspector"],
    ...                      strategies=[["comply", "violate"], ["inspect", "skip"]])
    >>> c = commitment(g, "Inspector")
    >>> [str(q) for q in c.strategy], c.response, c.value
    (['1/2', '1/2'], ('comply',), Fraction(-1, 4))
    """
    if not isinstance(game, Game):
        raise GameError(f"commitment() needs a Game, got {type(game).__name__}")
    if isinstance(leader, str) and leader not in game.players:
        raise GameError(f"unknown leader {leader!r}" + (
            f" ({h})" if (h := did_you_mean(leader, game.players)) else ""))
    li = game.player_index(leader)
    n = game.n_players
    followers = [k for k in range(n) if k != li]
    n_lps = int(np.prod([game.shape[k] for k in followers]))
    if n_lps > MAX_COMMITMENT_LPS:
        raise GameTooLarge(
            f"commitment: the followers have {n_lps:,} pure profiles (one LP each), more than "
            f"the limit {MAX_COMMITMENT_LPS:,}; reduce their strategies (e.g. treaty."
            "iterated_elimination) first")
    exact = game.is_exact
    U = game.payoffs if exact else game.float_payoffs
    m = game.shape[li]

    def column(player: int, prof: Sequence[int]) -> list[Any]:
        """``U_player(i, prof)`` for every leader strategy i (prof: follower strategies)."""
        out = []
        for i in range(m):
            full = list(prof)
            full.insert(li, i)
            out.append(U[(player, *full)])
        return out

    problems: dict[tuple[int, ...], _Problem] = {}
    floats: dict[tuple[int, ...], tuple[np.ndarray, float, np.ndarray] | None] = {}
    for t in itertools.product(*(range(game.shape[k]) for k in followers)):
        c = column(li, t)
        D = []
        for pos, k in enumerate(followers):
            own = column(k, t)
            for s in range(game.shape[k]):
                if s == t[pos]:
                    continue
                alt = list(t)
                alt[pos] = s
                other = column(k, alt)
                D.append([a - b for a, b in zip(own, other, strict=True)])
        P = _Problem(_as_fraction_rows(c) if exact else c,
                     [_as_fraction_rows(r) if exact else r for r in D])
        problems[t] = P
        floats[t] = _solve_float(P, "the commitment LP")
    feasible = {t: f for t, f in floats.items() if f is not None}
    if not feasible:  # pragma: no cover - some follower profile is always a best response
        raise SolverError("commitment: no follower profile is a best response to any strategy")
    order = sorted(feasible, key=lambda t: -feasible[t][1])
    note = ""
    certified = False
    best_t = order[0]
    x: Any = feasible[best_t][0]
    if exact:
        top = [t for t in order if feasible[t][1] >= feasible[order[0]][1] - 1e-7 *
               max(1.0, abs(feasible[order[0]][1]))]
        results = []
        for t in top:
            try:
                xq, vq, ok = _exact_optimum(problems[t], feasible[t][0], feasible[t][2])
            except _NotCertified:
                continue
            results.append((vq, ok, t, xq))
        if results:
            vq, ok, best_t, xq = max(results, key=lambda r: r[0])
            x = xq
            certified = ok and all(_bounded(problems[t], floats[t], vq) for t in problems
                                   if t != best_t)
        if not certified:
            note = ("the commitment is exactly feasible and its value exact, but its optimality "
                    "is certified only to the LP solver's tolerance")
            exact = bool(results)
    else:
        note = "floating-point game: LP optimum to the solver's tolerance"
    strategy = tuple(x) if exact else tuple(float(v) for v in x)
    prof_vecs = []
    fpos = 0
    for k in range(n):
        if k == li:
            prof_vecs.append(list(strategy))
        else:
            one = Fraction(1) if exact else 1.0
            zero_v = Fraction(0) if exact else 0.0
            prof_vecs.append([one if s == best_t[fpos] else zero_v for s in range(game.shape[k])])
            fpos += 1
    from ..nash._regret import expected_payoffs

    payoffs = tuple(expected_payoffs(U if exact else game.float_payoffs, prof_vecs))
    if equilibria is None:
        from ..nash import equilibria as solve

        equilibria = solve(game)
    sim = tuple(e.payoffs[li] for e in equilibria)
    complete = bool(getattr(equilibria, "complete", True))
    if n > 2:
        extra = ("followers respond with a pure Nash equilibrium of the game the commitment "
                 "induces (ties in the leader's favour); mixed follower responses are not "
                 "modelled")
        note = f"{note}; {extra}" if note else extra
    return Commitment(game.players, game.strategies, game.players[li], strategy,
                      tuple(game.strategies[k][s] for k, s in zip(followers, best_t, strict=True)),
                      payoffs, payoffs[li], sim, complete, exact and certified, len(problems), note)


def _bounded(P: _Problem, fl: tuple[np.ndarray, float, np.ndarray] | None, v: Fraction) -> bool:
    """Exact proof that the LP *P* cannot exceed *v*: a dual bound or a Farkas vector."""
    if fl is None:
        return _farkas(P) is not None
    for y in _candidates(fl[2]):
        if P.dual_bound([max(t, Fraction(0)) for t in y]) <= v:
            return True
    return False
