"""Bargaining solutions over the feasible set of agreements, and Rubinstein's alternating offers.

An agreement is a distribution ``x`` over the pure profiles of a game; its payoffs are
``u = M @ x`` (:class:`~treaty.negotiation.FeasibleSet`), optionally restricted to
self-enforcing agreements (``C @ x <= 0``).  Given a disagreement point ``d`` (what each
player gets without agreement), :func:`bargain` picks one agreement by a named solution:

``"nash"``
    maximise ``sum_i w_i log(u_i - d_i)`` over ``u >= d`` (Nash 1950; asymmetric with powers
    ``w``, Kalai 1977): a convex program, solved by cvxpy (Clarabel, SCS as fall-back) and
    certified by its first-order condition: ``u*`` maximises ``sum_i w_i u_i / (u*_i - d_i)``
    over the set (one LP).  For two players and an exact game the solution is computed
    exactly on the efficient segments of the frontier (the first-order condition is linear
    in the segment parameter) and certified in Fractions.
``"ks"``
    Kalai and Smorodinsky (1975): the Pareto point on the segment from ``d`` to the ideal
    point ``a`` (``a_i`` = player *i*'s best payoff over ``u >= d``): maximise ``t`` with
    ``u_i >= d_i + t (a_i - d_i)``, then the largest total payoff at that ``t``.
``"egalitarian"``
    the largest gain ``t`` with ``u_i - d_i >= t w_i`` (Kalai 1977's proportional solution;
    equal gains with equal powers), then leximin: the players who cannot gain more are fixed
    and the others' common gain raised, until every player is fixed (Pareto optimal; for two
    players the same as the largest total payoff at ``t``).
``"utilitarian"``
    the largest weighted total ``sum_i w_i u_i`` over ``u >= d``.
``"rubinstein"``
    two players alternating offers with discount factors (Rubinstein 1982): the
    subgame-perfect pair of proposals on the frontier, outside options by the outside option
    principle (Binmore, Shaked and Sutton 1989), and its limit as the discount factors tend
    to 1, the Nash solution with powers ``w_i = -1 / log(delta_i)`` (Binmore, Rubinstein and
    Wolinsky 1986).

Every linear program goes through :func:`treaty._exact.lp.solve_lp` (HiGHS); for an exact
game the LP vertex is solved exactly from its tight constraints and checked in Fractions.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from functools import cached_property
from typing import Any

import numpy as np

from .._exact.linalg import solve_independent
from .._exact.lp import solve_lp
from .._exact.numbers import format_number, number_to_json
from .._exact.rational import rational_candidates
from ..errors import GameError, SolverError, did_you_mean
from ..game import Game
from ..results import Notebook
from ._disagreement import Disagreement, disagreement_point
from ._feasible import Agreement, FeasibleSet, feasible_set

__all__ = ["Bargain", "bargain", "rubinstein_split", "SOLUTIONS"]

#: The bargaining solutions :func:`bargain` computes.
SOLUTIONS: tuple[str, ...] = ("nash", "ks", "egalitarian", "utilitarian", "rubinstein")

#: Float tolerance, relative to ``max(1, payoff range)``.
TOL = 1e-9

#: Largest first-order gap accepted for a float Nash solution before the note warns.
NASH_GAP_TOL = 1e-6


#: Clarabel's tolerances for the Nash program (its defaults leave ~1e-5 on the exponential cones).
_CLARABEL_OPTS: dict[str, float] = {"tol_gap_abs": 1e-11, "tol_gap_rel": 1e-11, "tol_feas": 1e-11,
                                    "tol_ktratio": 1e-9}


class _NotExact(Exception):
    """An exact step could not be certified: the caller redoes the solution in floats."""


# --------------------------------------------------------------------------- the result


@dataclass(frozen=True)
class Bargain(Notebook):
    """A bargaining solution: the agreement, the disagreement point, gains and shares.

    Attributes
    ----------
    players : tuple of str
    solution : str
        One of :data:`SOLUTIONS`.
    agreement : Agreement
        The payoffs and a distribution over profiles that implements them (for
        ``"rubinstein"``: the first proposer's offer, accepted at once).
    disagreement : Disagreement
        The disagreement point used.
    gains : tuple
        ``payoffs - d``.
    shares : tuple or None
        Each gain over the total gain (None when the total gain is 0).
    powers : tuple
        The bargaining powers (weights) used, normalised to sum 1 (``"nash"``,
        ``"egalitarian"``, ``"utilitarian"``); None for ``"ks"``.
    exact : bool
        True when every number is an exact Fraction checked in exact arithmetic.
    certificate : number or None
        ``"nash"``: the first-order gap ``max_v sum_i w_i (v_i - u*_i) / (u*_i - d_i)`` over
        the set (0 at the optimum; exactly 0 when exact); None otherwise.
    note : str
        How the solution was computed and certified, or why it is not exact.
    discount : tuple or None
        ``"rubinstein"``: the discount factors.
    outside_options : tuple or None
        ``"rubinstein"``: each player's outside option (None: none).
    proposer : str or None
        ``"rubinstein"``: the first proposer.
    counter_offer : Agreement or None
        ``"rubinstein"``: the other player's subgame-perfect proposal.
    limit : tuple or None
        ``"rubinstein"``: the payoffs of the limit as the discount factors tend to 1 (the
        Nash solution with powers ``-1 / log(delta_i)``).
    """

    players: tuple[str, ...]
    solution: str
    agreement: Agreement
    disagreement: Any
    gains: tuple[Any, ...]
    shares: tuple[Any, ...] | None
    powers: tuple[Any, ...] | None
    exact: bool
    certificate: Any = None
    note: str = field(default="")
    discount: tuple[Any, ...] | None = None
    outside_options: tuple[Any, ...] | None = None
    proposer: str | None = None
    counter_offer: Agreement | None = None
    limit: tuple[Any, ...] | None = None

    @property
    def payoffs(self) -> tuple[Any, ...]:
        """The agreement's payoffs."""
        return tuple(self.agreement.payoffs)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form: numbers as strings (exact) or JSON numbers (float)."""

        def nums(v: Sequence[Any] | None) -> list[Any] | None:
            return None if v is None else [None if a is None else number_to_json(a) for a in v]

        return {
            "kind": "bargain",
            "players": list(self.players),
            "solution": self.solution,
            "agreement": self.agreement.to_dict(),
            "disagreement": self.disagreement.to_dict(),
            "payoffs": nums(self.payoffs),
            "gains": nums(self.gains),
            "shares": nums(self.shares),
            "powers": nums(self.powers),
            "exact": self.exact,
            "certificate": None if self.certificate is None else number_to_json(self.certificate),
            "note": self.note,
            "discount": nums(self.discount),
            "outside_options": nums(self.outside_options),
            "proposer": self.proposer,
            "counter_offer": None if self.counter_offer is None else self.counter_offer.to_dict(),
            "limit": nums(self.limit),
        }

    def describe(self) -> str:
        """One sentence: the solution, the payoffs and the shares of the gain."""
        name = {"nash": "Nash bargaining solution", "ks": "Kalai-Smorodinsky solution",
                "egalitarian": "egalitarian solution", "utilitarian": "utilitarian solution",
                "rubinstein": "Rubinstein subgame-perfect agreement"}[self.solution]
        pays = ", ".join(f"{p} {format_number(v)}" for p, v in zip(self.players, self.payoffs))
        if self.shares is None:
            share = "no gain over the disagreement point"
        else:
            share = "shares of the gain " + ", ".join(
                f"{p} {format_number(s)}" for p, s in zip(self.players, self.shares))
        kind = "exact" if self.exact else "float"
        return f"{name[0].upper()}{name[1:]} ({kind}): payoffs {pays}; {share}."


# --------------------------------------------------------------------------- numbers


def _exact_number(v: Any, what: str) -> Fraction:
    """An exact number from an int, Fraction, decimal string or float (its shortest repr)."""
    if isinstance(v, bool):
        raise GameError(f"{what} must be a number, got {v!r}")
    if isinstance(v, (int, np.integer, Fraction)):
        return Fraction(int(v)) if isinstance(v, np.integer) else Fraction(v)
    if isinstance(v, (float, np.floating)):
        if not math.isfinite(float(v)):
            raise GameError(f"{what} must be finite, got {v!r}")
        return Fraction(repr(float(v)))
    if isinstance(v, str):
        try:
            return Fraction(v.strip())
        except (ValueError, ZeroDivisionError):
            raise GameError(f"{what} must be a number, got {v!r}") from None
    raise GameError(f"{what} must be a number, got {type(v).__name__}")


def _is_exact_value(v: Any) -> bool:
    return isinstance(v, (int, np.integer, Fraction, str)) and not isinstance(v, bool)


def _dot(row: Sequence[Any], x: Sequence[Any]) -> Any:
    return sum((a * b for a, b in zip(row, x) if a and b), 0 * row[0] if len(row) else 0)


# --------------------------------------------------------------------------- the problem


@dataclass(frozen=True)
class _Problem:
    """The feasible set in one arithmetic (exact Fractions or floats) with ``d``."""

    fs: FeasibleSet
    M: list[list[Any]]  # players x profiles
    C: list[list[Any]]  # incentive rows
    d: tuple[Any, ...]
    exact: bool
    certified: list[bool] = field(default_factory=list)  # one entry per exact LP: dual-certified?

    @property
    def n(self) -> int:
        return len(self.fs.profiles)

    @cached_property
    def float_C(self) -> np.ndarray:
        """:attr:`C` as a float array ``(k, n)`` (converted once)."""
        rows = [[float(v) for v in r] for r in self.C]
        return np.array(rows, dtype=np.float64).reshape(len(self.C), self.n)

    @property
    def m(self) -> int:
        return len(self.M)

    @property
    def scale(self) -> float:
        fm = self.fs.float_matrix
        return max(1.0, float(fm.max() - fm.min()) if fm.size else 1.0)

    def floats(self) -> _Problem:
        fm = self.fs.float_matrix
        fc = self.fs.float_constraints
        return _Problem(self.fs, [list(r) for r in fm],
                        [] if fc is None else [list(r) for r in fc],
                        tuple(float(v) for v in self.d), False)

    def payoffs(self, x: Sequence[Any]) -> tuple[Any, ...]:
        return tuple(_dot(r, x) for r in self.M)

    def agreement(self, x: Sequence[Any]) -> Agreement:
        """The Agreement of distribution *x* (float: tiny entries dropped, renormalised)."""
        q: list[Any]
        if self.exact:
            q = [Fraction(v) for v in x]
        else:
            xf = np.clip(np.asarray(x, dtype=np.float64), 0, None)
            xf[xf < TOL] = 0.0
            xf = xf / xf.sum()
            q = [float(v) for v in xf]
        dist = {p: v for p, v in zip(self.fs.profiles, q) if v > 0}
        return Agreement(payoffs=self.payoffs(q), distribution=dist, players=self.fs.players)


def _lp(P: _Problem, c: Sequence[Any], ub: list[tuple[list[Any], Any]], n_extra: int, what: str
        ) -> list[Any]:
    """Minimise ``c @ z`` over ``z = (x, t)``: x a distribution with ``C x <= 0``, t free.

    *ub* holds ``(row, rhs)`` pairs over z (``row @ z <= rhs``).  Exact problems return the LP
    vertex solved exactly from its tight constraints and checked in Fractions (feasibility
    exactly, the objective value against HiGHS's optimum to float tolerance); raises
    :class:`_NotExact` when that fails.
    """
    n = P.n
    dim = n + n_extra
    rows = [(list(r) + [0] * n_extra, 0) for r in P.C] + [(list(r), b) for r, b in ub]
    a_c = P.float_C
    if n_extra:
        a_c = np.hstack([a_c, np.zeros((a_c.shape[0], n_extra))])
    a_own = np.array([[float(v) for v in r] for r, _ in ub], dtype=np.float64).reshape(len(ub), dim)
    a_ub = np.vstack([a_c, a_own])
    b_ub = np.array([float(b) for _, b in rows], dtype=np.float64)
    a_eq = np.array([[1.0] * n + [0.0] * n_extra])
    cf = np.array([float(v) for v in c], dtype=np.float64)
    sol = solve_lp(cf, a_ub=a_ub if rows else None, b_ub=b_ub if rows else None, a_eq=a_eq, b_eq=[1.0],
                   bounds=[(0, None)] * n + [(None, None)] * n_extra, method="highs-ds", what=what)
    z = sol.x
    if not P.exact:
        return [float(v) for v in z]
    tol = TOL * P.scale

    def check(q: list[Fraction]) -> bool:
        if any(v < 0 for v in q[:n]) or sum(q[:n], Fraction(0)) != 1:
            return False
        if any(_dot(r, q) > b for r, b in rows):
            return False
        return float(_dot(list(c), q)) <= sol.fun + tol * max(1.0, float(np.abs(cf).sum()))

    found: list[Any] | None = None
    # the basic solution's support (plus the free variables): solve the tight rows on those
    # columns only, the other x_j being 0 - a small system even for many profiles
    keep = [j for j in range(n) if z[j] > 1e-12] + list(range(n, dim))
    slack = [abs(float(rf @ z) - float(b)) / (float(np.linalg.norm(rf)) or 1.0)
             for (_, b), rf in zip(rows, a_ub)]
    order = sorted(range(len(rows)), key=lambda i: slack[i])
    sub = solve_independent([([1 if k < n else 0 for k in keep], 1)]
                            + [([rows[i][0][k] for k in keep], rows[i][1]) for i in order], len(keep))
    if sub is not None:
        full: list[Any] = [Fraction(0)] * dim
        for k, v in zip(keep, sub):
            full[k] = v
        if check(full):
            found = full
    if found is None:  # the whole system: every row and every bound, tightest first
        cands: list[tuple[float, tuple[list[Any], Any]]] = [(slack[i], rows[i]) for i in range(len(rows))]
        for j in range(n):
            e = [0] * dim
            e[j] = 1
            cands.append((abs(float(z[j])), (e, 0)))
        cands.sort(key=lambda t: t[0])
        vertex = solve_independent([([1] * n + [0] * n_extra, 1)] + [row for _, row in cands], dim)
        if vertex is not None and check(vertex):
            found = vertex
    if found is None and n_extra == 0:
        found = next((list(q) for q in rational_candidates(np.clip(z, 0, None)) if check(q)), None)
    if found is None:
        raise _NotExact(what)
    P.certified.append(_dual_certified(c, rows, n, _dot(list(c), found), -sol.ineq_marginals))
    return found


def _dual_certified(c: Sequence[Any], rows: list[tuple[list[Any], Any]], n: int, value: Any,
                    y_float: np.ndarray) -> bool:
    """Exact weak-duality certificate that *value* is the minimum of ``c @ z`` in :func:`_lp`.

    For ``y >= 0`` (one per row) with ``c_t + sum_r y_r row_r[t] = 0`` for each free variable
    ``t``, every feasible ``z`` has ``c @ z >= -b @ y + min_k (c_k + sum_r y_r row_r[k])`` (the
    ``x`` part is a distribution).  Candidates: HiGHS's duals rationalised, then the exact dual
    basic solution of the tightest complementary-slackness equations (solved in Fractions).
    """
    dim = len(c)
    R = len(rows)

    def bound(y: Sequence[Fraction]) -> Fraction | None:
        if any(v < 0 for v in y):
            return None
        red = [Fraction(v) for v in c]
        for (r, _), yr in zip(rows, y):
            if yr:
                for k in range(dim):
                    if r[k]:
                        red[k] += yr * r[k]
        if any(red[k] != 0 for k in range(n, dim)):
            return None
        return min(red[:n]) - sum((Fraction(b) * yr for (_, b), yr in zip(rows, y) if yr), Fraction(0))

    if R == 0:
        return bound([]) == value
    for den in (12, 1000, 10**6):
        yq = [max(Fraction(0), Fraction(float(v)).limit_denominator(den)) for v in y_float]
        if bound(yq) == value:
            return True
    yf = np.clip(np.asarray(y_float, dtype=np.float64), 0, None)
    rf = np.array([[float(v) for v in r] for r, _ in rows], dtype=np.float64)
    red_f = np.array([float(v) for v in c]) + yf @ rf
    mu_f = float(red_f[:n].min())
    free = [([r[k] for r, _ in rows] + [0], -c[k]) for k in range(n, dim)]
    eqs: list[tuple[float, tuple[list[Any], Any]]] = []
    for j in range(R):
        e: list[Any] = [0] * (R + 1)
        e[j] = 1
        eqs.append((float(yf[j]), (e, 0)))
    for k in range(n):  # reduced cost = mu on the support: sum_r y_r row_r[k] - mu = -c_k
        eqs.append((abs(float(red_f[k]) - mu_f), ([r[k] for r, _ in rows] + [-1], -c[k])))
    eqs.sort(key=lambda t: t[0])
    sol = solve_independent(free + [row for _, row in eqs], R + 1)
    return sol is not None and bound(sol[:R]) == value


def _ir_rows(P: _Problem, n_extra: int, floor: Sequence[Any] | None = None) -> list[tuple[list[Any], Any]]:
    """``u_i >= floor_i`` (default ``d_i``) as ``-M_i x <= -floor_i``."""
    lo = P.d if floor is None else floor
    return [([-v for v in P.M[i]] + [0] * n_extra, -lo[i]) for i in range(P.m)]


def _max_total(P: _Problem, floor: Sequence[Any], what: str) -> list[Any]:
    """The distribution maximising the total payoff subject to ``u >= floor``."""
    c = [-sum((P.M[i][k] for i in range(P.m)), 0 * P.M[0][k]) for k in range(P.n)]
    return _lp(P, c, _ir_rows(P, 0, floor), 0, what)


def _max_min_gain(P: _Problem, w: Sequence[Any]) -> tuple[Any, list[Any]]:
    """Largest ``t`` with ``u_i - d_i >= t w_i`` for every *i*, and its distribution."""
    n = P.n
    c = [0] * n + [-1]
    ub = [([-v for v in P.M[i]] + [w[i]], -P.d[i]) for i in range(P.m)]
    z = _lp(P, c, ub, 1, "the largest common gain over the disagreement point")
    return z[-1], z[:n]


def _normalised(w: Sequence[Any]) -> tuple[Any, ...]:
    total = sum(w[1:], w[0])
    return tuple(v / total for v in w)


# --------------------------------------------------------------------------- LP solutions


def _utilitarian(P: _Problem, w: Sequence[Any]) -> tuple[list[Any], str]:
    c = [-sum((w[i] * P.M[i][k] for i in range(P.m)), 0 * P.M[0][k]) for k in range(P.n)]
    x = _lp(P, c, _ir_rows(P, 0), 0, "the utilitarian bargaining LP")
    return x, "largest weighted total over u >= d (one LP)"


def _egalitarian(P: _Problem, w: Sequence[Any]) -> tuple[list[Any], str]:
    """Leximin over the gains ``(u_i - d_i) / w_i``: the largest common level ``t`` for the
    players not yet fixed; every player who cannot rise above its level while the others keep
    theirs is fixed there; repeat (at least one player is fixed per round, so at most N rounds
    of at most N LPs).  With 2 players this is the largest common gain, then the largest total.
    """
    m, n = P.m, P.n
    tol = 0 if P.exact else TOL * P.scale
    fixed: dict[int, Any] = {}
    levels: list[Any] = []
    while len(fixed) < m:
        free = [i for i in range(m) if i not in fixed]
        ub = [([-v for v in P.M[i]] + [w[i]], -P.d[i]) for i in free]
        ub += [([-v for v in P.M[i]] + [0], -fixed[i]) for i in fixed]
        t = _lp(P, [0] * n + [-1], ub, 1, "the egalitarian LP (largest common gain)")[-1]
        levels.append(t)
        floor = [fixed[i] if i in fixed else P.d[i] + t * w[i] for i in range(m)]
        stuck = []
        for j in free if len(free) > 1 else []:
            xj = _lp(P, [-v for v in P.M[j]], _ir_rows(P, 0, floor), 0,
                     f"the egalitarian LP (can {P.fs.players[j]} gain more?)")
            if _dot(P.M[j], xj) <= floor[j] + tol:
                stuck.append(j)
        for j in stuck or free:
            fixed[j] = floor[j]
    floor = [fixed[i] for i in range(m)]
    x = _max_total(P, floor, "the egalitarian LP (the leximin point)")
    lv = ", ".join(format_number(v) for v in levels)
    return x, (f"leximin of the gains over d divided by the powers: common gain levels {lv} "
               "(each by one LP, players fixed when they cannot gain more)")


def _ideal(P: _Problem) -> list[Any]:
    a = []
    for i in range(P.m):
        x = _lp(P, [-v for v in P.M[i]], _ir_rows(P, 0), 0, f"the ideal payoff of {P.fs.players[i]}")
        a.append(_dot(P.M[i], x))
    return a


def _ks(P: _Problem) -> tuple[list[Any], str]:
    a = _ideal(P)
    n = P.n
    ub = [([-v for v in P.M[i]] + [a[i] - P.d[i]], -P.d[i]) for i in range(P.m)]
    ub.append(([0] * n + [1], 1))  # t <= 1: bounded when some a_i = d_i
    z = _lp(P, [0] * n + [-1], ub, 1, "the Kalai-Smorodinsky LP")
    t = z[-1]
    floor = [P.d[i] + t * (a[i] - P.d[i]) for i in range(P.m)]
    x = _max_total(P, floor, "the Kalai-Smorodinsky clean-up LP")
    ideal = ", ".join(format_number(v) for v in a)
    return x, f"ideal point ({ideal}), t = {format_number(t)} of the way from d, then the largest total"


# --------------------------------------------------------------------------- Nash


def _nash_float(P: _Problem, w: Sequence[Any]) -> list[float]:
    """cvxpy: maximise sum w_i log(u_i - d_i), Clarabel then SCS."""
    import cvxpy as cp

    Pf = P if not P.exact else P.floats()
    M = np.array(Pf.M, dtype=np.float64)
    d = np.array(Pf.d, dtype=np.float64)
    wf = np.array([float(v) for v in w], dtype=np.float64)
    x = cp.Variable(P.n, nonneg=True)
    cons = [cp.sum(x) == 1]
    if Pf.C:
        cons.append(np.array(Pf.C, dtype=np.float64) @ x <= 0)
    prob = cp.Problem(cp.Maximize(wf @ cp.log(M @ x - d)), cons)
    last = ""
    for solver, opts in (("CLARABEL", _CLARABEL_OPTS), ("SCS", {"eps": 1e-9})):
        try:
            with warnings.catch_warnings():  # "may be inaccurate": the gap LP below measures it
                warnings.simplefilter("ignore", UserWarning)
                prob.solve(solver=solver, **opts)
        except (cp.error.SolverError, ValueError) as exc:  # noqa: PERF203
            last = f"{solver}: {exc}"
            continue
        if prob.status in ("optimal", "optimal_inaccurate") and x.value is not None:
            v = np.clip(np.asarray(x.value, dtype=np.float64), 0, None)
            return [float(t) for t in v / v.sum()]
        last = f"{solver}: status {prob.status}"
    raise SolverError(f"the Nash bargaining program did not solve ({last})")


def _nash_gap(P: _Problem, w: Sequence[Any], u: Sequence[Any]) -> Any:
    """``max_v sum_i w_i (v_i - u_i) / (u_i - d_i)`` over the set, by one LP (float)."""
    Pf = P if not P.exact else P.floats()
    coef = [float(w[i]) / (float(u[i]) - float(Pf.d[i])) for i in range(P.m)]
    c = [-sum(coef[i] * Pf.M[i][k] for i in range(P.m)) for k in range(P.n)]
    x = _lp(Pf, c, [], 0, "the Nash first-order certificate LP")
    return sum(coef[i] * (float(_dot(Pf.M[i], x)) - float(u[i])) for i in range(P.m))


def _frontier_points(fs: FeasibleSet) -> list[Agreement] | None:
    """The 2-player efficient vertices, by increasing payoff of player 1 (H1's frontier)."""
    if fs.n_players != 2:
        return None
    return list(fs.frontier)


def _combine(a: Agreement, b: Agreement, s: Any, exact: bool) -> Agreement:
    """The agreement ``(1 - s) a + s b``."""
    dist: dict[tuple[str, ...], Any] = {}
    for ag, wt in ((a, 1 - s), (b, s)):
        if wt == 0:
            continue
        for p, q in ag.distribution.items():
            dist[p] = dist.get(p, 0 * wt) + wt * q
    pays = tuple((1 - s) * pa + s * pb for pa, pb in zip(a.payoffs, b.payoffs))
    if not exact:
        pays = tuple(float(v) for v in pays)
        dist = {p: float(q) for p, q in dist.items()}
    return Agreement(payoffs=pays, distribution={p: q for p, q in dist.items() if q > 0}, players=a.players)


def _implements(P: _Problem, ag: Agreement) -> bool:
    """Exact check: the distribution is one (non-negative, sums to 1, ``C x <= 0``) and gives
    the agreement's payoffs."""
    idx = {p: k for k, p in enumerate(P.fs.profiles)}
    x: list[Any] = [Fraction(0)] * P.n
    for p, q in ag.distribution.items():
        x[idx[p]] = Fraction(q)
    if any(v < 0 for v in x) or sum(x, Fraction(0)) != 1:
        return False
    if any(_dot(r, x) > 0 for r in P.C):
        return False
    return P.payoffs(x) == tuple(ag.payoffs)


def _nash_certified(P: _Problem, w: Sequence[Fraction], cand: Agreement) -> bool:
    """Exact check that *cand* is the weighted Nash solution.

    The program maximises the concave ``sum_i w_i log(u_i - d_i)`` over a convex set, so a
    point with ``u > d`` is optimal iff it maximises the linear functional
    ``sum_i w_i u_i / (u_i - d_i)`` over the set (first-order condition).  Checked: the
    candidate's distribution is allowed and gives its payoffs (Fractions), and one exact LP
    over the set, whose optimum is certified by an exact dual bound, does not exceed it.
    """
    g = [cand.payoffs[i] - P.d[i] for i in range(P.m)]
    if any(v <= 0 for v in g) or not _implements(P, cand):
        return False
    lin = [w[i] / g[i] for i in range(P.m)]
    here = sum((lin[i] * cand.payoffs[i] for i in range(P.m)), Fraction(0))
    c = [-sum((lin[i] * P.M[i][k] for i in range(P.m)), Fraction(0)) for k in range(P.n)]
    before = len(P.certified)
    try:
        z = _lp(P, c, [], 0, "the Nash first-order certificate LP")
    except _NotExact:
        return False
    certified = len(P.certified) > before and P.certified.pop()
    return bool(certified) and -_dot(c, z) <= here


def _nash_candidates_2(P: _Problem, w: Sequence[Fraction]) -> list[Agreement]:
    """2 players: the frontier vertices and, on each efficient segment ``u(s) = A + s (B - A)``,
    the zero of the derivative ``w1 D1 / g1 + w2 D2 / g2`` (``g = A - d + s D``):
    ``s = -(w1 D1 g2(0) + w2 D2 g1(0)) / ((w1 + w2) D1 D2)``, kept when inside the segment."""
    front = _frontier_points(P.fs) or []
    d = P.d
    cands: list[Agreement] = list(front)
    for A, B in zip(front, front[1:]):
        D = [B.payoffs[i] - A.payoffs[i] for i in range(2)]
        g0 = [A.payoffs[i] - d[i] for i in range(2)]
        if D[0] == 0 or D[1] == 0:
            continue
        s = -(w[0] * D[0] * g0[1] + w[1] * D[1] * g0[0]) / ((w[0] + w[1]) * D[0] * D[1])
        if 0 < s < 1:
            cands.append(_combine(A, B, s, True))
    return cands


def _nash_candidates_facet(P: _Problem, w: Sequence[Fraction], guess: Sequence[float]
                           ) -> list[Agreement]:
    """N players, plain hull: the pure payoff points on the supporting hyperplane at the float
    solution span the optimal face; when it is a facet ``a . u = beta`` the solution is
    ``u_i = d_i + w_i (beta - a . d) / (a_i sum w)`` (the log-product's stationary point on a
    hyperplane), when it is one point, that point.  Exact, rational; certified by the caller.
    """
    if P.C:
        return []
    m = P.m
    gf = [guess[i] - float(P.d[i]) for i in range(m)]
    if any(v <= 0 for v in gf):
        return []
    cf = np.array([float(w[i]) / gf[i] for i in range(m)])
    Mf = np.array([[float(v) for v in r] for r in P.M])
    vals = cf @ Mf
    top = float(vals.max())
    out: list[Agreement] = []
    for rel in (1e-6, 1e-4, 1e-2):  # the float solution is accurate to ~1e-6
        tight = [k for k in range(P.n) if vals[k] >= top - rel * max(1.0, abs(top))]
        for cand in _facet_candidate(P, w, tight):
            if cand.payoffs not in [c.payoffs for c in out]:
                out.append(cand)
    return out


def _facet_candidate(P: _Problem, w: Sequence[Fraction], tight: list[int]) -> list[Agreement]:
    from .._exact.linalg import nullspace

    m = P.m
    pts: list[tuple[Any, ...]] = []
    for k in tight:
        pt = tuple(P.M[i][k] for i in range(m))
        if pt not in pts:
            pts.append(pt)
    out: list[Agreement] = []
    if len(pts) == 1:
        x = [Fraction(0)] * P.n
        x[tight[0]] = Fraction(1)
        return [P.agreement(x)]
    diffs = [[p[i] - pts[0][i] for i in range(m)] for p in pts[1:]]
    ns = nullspace(diffs, m)
    if len(ns) != 1:
        return []
    a = ns[0]
    if any(v == 0 for v in a):
        return []
    beta = sum((a[i] * pts[0][i] for i in range(m)), Fraction(0))
    slack = beta - sum((a[i] * P.d[i] for i in range(m)), Fraction(0))
    total = sum(w, Fraction(0))
    u = [P.d[i] + w[i] * slack / (a[i] * total) for i in range(m)]
    ag = _implementing(P, u)
    return out if ag is None else [ag]


def _implementing(P: _Problem, u: Sequence[Fraction]) -> Agreement | None:
    """An allowed distribution giving exactly the payoffs *u* (one exact LP), or None."""
    m = P.m
    ub = [([-v for v in P.M[i]], -u[i]) for i in range(m)] + [(list(P.M[i]), u[i]) for i in range(m)]
    try:
        x = _lp(P, [0] * P.n, ub, 0, "a distribution implementing the Nash point")
    except (_NotExact, SolverError):
        return None
    P.certified.pop()
    return P.agreement(x)


def _nash_candidates_rounded(P: _Problem, guess: Sequence[float]) -> list[Agreement]:
    """The float solution's payoffs rationalised (small denominators), when some allowed
    distribution gives them exactly: catches rational solutions on lower-dimensional faces
    (and on self-enforcing sets), which the caller then certifies."""
    out: list[Agreement] = []
    seen: set[tuple[Fraction, ...]] = set()
    for den in (100, 1000, 10**4):
        u = tuple(Fraction(v).limit_denominator(den) for v in guess)
        if u in seen:
            continue
        seen.add(u)
        ag = _implementing(P, u)
        if ag is not None:
            out.append(ag)
    return out


def _nash(P: _Problem, w: Sequence[Any]) -> tuple[Agreement, Any, str, bool]:
    """(agreement, first-order gap, note, exact)."""
    x = _nash_float(P, w)
    Pf = P.floats() if P.exact else P
    ag_f = Pf.agreement(x)
    guess = [float(v) for v in ag_f.payoffs]
    exact_note = ""
    if P.exact and all(isinstance(v, Fraction) for v in w):
        wq = [Fraction(v) for v in w]
        # cheap candidates first (no frontier needed), then the closed forms
        for cand in _nash_candidates_rounded(P, guess):
            if _nash_certified(P, wq, cand):
                return (cand, Fraction(0),
                        "cvxpy's point rationalised, certified in Fractions by the first-order condition "
                        "(one LP with an exact dual bound)", True)
        if P.m == 2:
            cands = _nash_candidates_2(P, wq)
            how = "on a frontier segment (linear first-order condition)"
        else:
            cands = _nash_candidates_facet(P, wq, guess)
            how = "on the optimal facet (closed form on a hyperplane)"
        cands.sort(key=lambda a: sum((float(a.payoffs[i]) - guess[i]) ** 2 for i in range(P.m)))
        for cand in cands[:4]:
            if _nash_certified(P, wq, cand):
                return (cand, Fraction(0),
                        f"exact maximiser {how}, certified in Fractions by the first-order condition "
                        "(one LP with an exact dual bound); cvxpy agrees", True)
        exact_note = "; no exact candidate passed the exact first-order check"
        if P.m > 2:
            exact_note = ("; exact when the solution is a vertex, on a facet of a plain hull or has small "
                          "denominators (otherwise it may be irrational)")
    elif P.exact:
        exact_note = "; powers are not exact"
    gap = _nash_gap(P, w, ag_f.payoffs)
    scale = sum(float(v) for v in w)
    note = f"cvxpy (convex program), first-order gap {gap:.3g}"
    if gap > NASH_GAP_TOL * scale:
        note += " (above tolerance: the solver's point is not optimal to 1e-6)"
    return ag_f, gap, note + exact_note, False


# --------------------------------------------------------------------------- Rubinstein


def _check_discount(v: Any, who: str) -> Fraction:
    q = _exact_number(v, f"the discount factor of {who}")
    if not 0 <= q < 1:
        raise GameError(f"the discount factor of {who} must lie in [0, 1), got {format_number(q)}")
    return q


def rubinstein_split(d1: Any, d2: Any, *, outside_options: Sequence[Any] = (None, None),
                     proposer: int = 0) -> tuple[Fraction, Fraction]:
    """The subgame-perfect split of a pie of size 1 under alternating offers.

    Parameters
    ----------
    d1, d2 : number
        The players' discount factors, in ``[0, 1)`` (ints, Fractions, decimal strings or
        floats; a float is read as its shortest decimal form, ``0.9`` as ``9/10``).
    outside_options : pair of numbers or None
        Each player's outside option, available when responding to an offer (None: none).
    proposer : {0, 1}
        The player who proposes first.

    Returns
    -------
    (Fraction, Fraction)
        The shares of player 1 and player 2 in the first proposer's offer, accepted at once.

    Raises
    ------
    GameError
        A discount factor outside ``[0, 1)``, a proposer other than 0 or 1, or outside options
        summing to more than the pie (no agreement beats opting out).

    Notes
    -----
    Without options the proposer ``P`` gets ``(1 - delta_R) / (1 - delta_P delta_R)``
    (Rubinstein 1982).  With options ``b`` (Binmore, Shaked and Sutton 1989, the outside
    option principle): in the stationary equilibrium the responder is offered exactly
    ``max(b_R, delta_R y_R)`` where ``y_R`` is its share when proposing, so an option matters
    only when it exceeds what the responder gets in the bargain, and then the responder gets
    exactly the option.  The four cases (no option, either option or both binding) are solved
    in Fractions and the consistent one kept (the fixed point is unique: the map is a
    contraction with modulus ``delta_1 delta_2``).

    Examples
    --------
    >>> rubinstein_split("9/10", "9/10")
    (Fraction(10, 19), Fraction(9, 19))
    >>> rubinstein_split(0.9, 0.9, outside_options=(None, "1/2"))
    (Fraction(1, 2), Fraction(1, 2))
    """
    if proposer not in (0, 1):
        raise GameError(f"proposer must be 0 or 1, got {proposer!r}")
    dl = (_check_discount(d1, "player 1"), _check_discount(d2, "player 2"))
    if len(outside_options) != 2:
        raise GameError(f"outside_options needs 2 entries (one per player), got {len(outside_options)}")
    opts = [None if o is None else _exact_number(o, "an outside option") for o in outside_options]
    if opts[0] is not None and opts[1] is not None and opts[0] + opts[1] > 1:
        raise GameError("the outside options sum to more than the pie: no agreement beats opting out")
    a, b = proposer, 1 - proposer
    da, db = dl[a], dl[b]
    ba, bb = opts[a], opts[b]
    # x: proposer's share when proposing; y: responder's share when it proposes
    #   1 - x = max(bb, db y),  1 - y = max(ba, da x)
    cases = [((1 - db) / (1 - da * db), (1 - da) / (1 - da * db))]
    if bb is not None:
        cases.append((1 - bb, 1 - da * (1 - bb)))
    if ba is not None:
        cases.append((1 - db * (1 - ba), 1 - ba))
    if ba is not None and bb is not None:
        cases.append((1 - bb, 1 - ba))
    for x, y in cases:
        if (1 - x == max(bb if bb is not None else 0, db * y)
                and 1 - y == max(ba if ba is not None else 0, da * x)):
            shares = [Fraction(0), Fraction(0)]
            shares[a], shares[b] = x, 1 - x
            return shares[0], shares[1]
    raise SolverError("rubinstein_split: no consistent case (please report the inputs)")  # pragma: no cover


class _Frontier:
    """A 2-player efficient frontier in gain coordinates of the first proposer ``A``.

    ``G(p)``: responder's largest gain when ``A``'s gain is at least *p* (free disposal to the
    left of the first vertex); ``F(q)``: ``A``'s largest gain with the responder's gain >= q.
    """

    def __init__(self, pts: list[Agreement], d: Sequence[Any], a: int, exact: bool):
        b = 1 - a
        self.exact = exact
        rows = [(p.payoffs[a] - d[a], p.payoffs[b] - d[b], p) for p in pts]
        rows.sort(key=lambda r: (r[0], -r[1]))
        self.rows = rows

    def G(self, p: Any) -> Any | None:
        r = self.rows
        if p <= r[0][0]:
            return r[0][1]
        for (p0, q0, _), (p1, q1, _) in zip(r, r[1:]):
            if p0 <= p <= p1:
                return q0 + (q1 - q0) * (p - p0) / (p1 - p0)
        return None

    def F(self, q: Any) -> Any | None:
        r = self.rows
        if q > r[0][1]:
            return None
        if q <= r[-1][1]:
            return r[-1][0]
        for (p0, q0, _), (p1, q1, _) in zip(r, r[1:]):
            if q1 <= q <= q0:
                return p0 + (p1 - p0) * (q0 - q) / (q0 - q1)
        return None  # pragma: no cover

    def point(self, p: Any) -> Agreement:
        r = self.rows
        if p <= r[0][0]:
            return r[0][2]
        for (p0, _, A), (p1, _, B) in zip(r, r[1:]):
            if p0 <= p <= p1:
                return _combine(A, B, (p - p0) / (p1 - p0), self.exact)
        return r[-1][2]  # pragma: no cover


def _rubinstein_local(P: _Problem, delta: tuple[Any, Any], opts: tuple[Any, Any], a: int
                      ) -> tuple[Agreement, Agreement] | None:
    """The Rubinstein proposals without the whole frontier: ``G(p)`` (the responder B's
    largest gain when the proposer A gains at least *p*) by one LP per evaluation.

    The root of ``h(p) = G(p) - max(b_B, delta_B G(max(b_A, delta_A p)))`` is bracketed by
    bisection in floats; for an exact set the two linear pieces of ``G`` around ``p`` and
    ``q = max(b_A, delta_A p)`` are read from exact evaluations next to the float root, the
    linear equation is solved in Fractions and ``h(p*) = 0`` is checked exactly (each exact
    ``G`` an LP optimum certified by an exact dual bound).  None when the exact check fails
    (at a kink of the frontier, say): the caller walks the frontier instead.
    """
    b = 1 - a
    Pf = P.floats() if P.exact else P

    def G(Q: _Problem, p: Any) -> tuple[Any, list[Any]] | None:
        ub = [([-v for v in Q.M[a]], -(Q.d[a] + p))]
        try:
            x = _lp(Q, [-v for v in Q.M[b]], ub, 0, "the Rubinstein frontier LP")
        except SolverError:
            return None
        if Q.exact and not Q.certified.pop():
            raise _NotExact("the Rubinstein frontier LP")
        # the proposal itself: A's largest payoff at that payoff of B (the efficient point)
        gb = _dot(Q.M[b], x)
        x2 = _lp(Q, [-v for v in Q.M[a]], ub + [([-v for v in Q.M[b]], -gb)], 0,
                 "the Rubinstein frontier LP (efficient point)")
        if Q.exact:
            Q.certified.pop()
        return gb - Q.d[b], x2

    def parts(Q: _Problem, p: Any) -> tuple[Any, Any, Any] | None:
        da, db = Q_delta(Q)
        ba, bb = Q_opts(Q)
        q = da * p if ba is None else max(ba, da * p)
        gp, gq = G(Q, p), G(Q, q)
        if gp is None or gq is None:
            return None
        other = db * gq[0] if bb is None else max(bb, db * gq[0])
        return gp[0] - other, gp, gq

    def Q_delta(Q: _Problem) -> tuple[Any, Any]:
        return (delta[a], delta[b]) if Q.exact else (float(delta[a]), float(delta[b]))

    def Q_opts(Q: _Problem) -> tuple[Any, Any]:
        o = [None if opts[i] is None else opts[i] - Q.d[i] for i in (a, b)]
        return (o[0], o[1]) if Q.exact else tuple(None if v is None else float(v) for v in o)  # type: ignore[return-value]

    try:
        top_x = _lp(Pf, [-v for v in Pf.M[a]], [([-v for v in Pf.M[b]], -Pf.d[b])], 0,
                    "the proposer's largest gain")
    except SolverError:
        return None
    lo, hi = 0.0, float(_dot(Pf.M[a], top_x)) - float(Pf.d[a])
    h_lo = parts(Pf, lo)
    if h_lo is None or h_lo[0] < 0:
        return None
    h_hi = parts(Pf, hi)
    if h_hi is not None and h_hi[0] >= 0:  # no root inside: A takes its largest gain (one point)
        try:
            if P.exact:
                tx = _lp(P, [-v for v in P.M[a]], [([-v for v in P.M[b]], -P.d[b])], 0,
                         "the proposer's largest gain")
                if not P.certified.pop():
                    return None
                top = _dot(P.M[a], tx) - P.d[a]
                res = parts(P, top)
            else:
                res = h_hi
        except _NotExact:
            return None
        if res is None or res[0] < 0:
            return None
        return P.agreement(res[1][1]), P.agreement(res[2][1])
    for _ in range(50):
        mid = (lo + hi) / 2
        hm = parts(Pf, mid)
        if hm is None or hm[0] < 0:
            hi = mid
        else:
            lo = mid
    pf = lo
    if not P.exact:
        res = parts(P, pf)
        if res is None:
            return None
        return P.agreement(res[1][1]), P.agreement(res[2][1])
    try:
        da, db = delta[a], delta[b]
        ba, bb = Q_opts(P)
        eps = max(1e-7 * abs(pf), 1e-9)
        p1, p2 = Fraction(pf - eps), Fraction(pf + eps)

        def line(u: Any, v: Any) -> tuple[Any, Any] | None:
            gu, gv = G(P, u), G(P, v)
            if gu is None or gv is None:
                return None
            slope = (gv[0] - gu[0]) / (v - u)
            return gu[0] - slope * u, slope

        outer = line(p1, p2)
        q_of = (lambda t: da * t) if ba is None else (lambda t: max(ba, da * t))
        inner = line(q_of(p1), q_of(p2)) if q_of(p1) != q_of(p2) else None
        if outer is None:
            return None
        a1, s1 = outer
        qf = q_of(Fraction(pf))
        gq_f = G(P, qf)
        if gq_f is None:
            return None
        if bb is not None and bb >= db * gq_f[0]:
            p_star = (bb - a1) / s1 if s1 else None
        elif inner is None:  # q = b_A: the inner value is a constant
            p_star = (db * gq_f[0] - a1) / s1 if s1 else None
        else:
            a2, s2 = inner
            den = s1 - db * s2 * da
            p_star = (db * a2 - a1) / den if den else None
        if p_star is None or p_star < 0:
            return None
        res = parts(P, p_star)
        if res is None or res[0] != 0:
            return None
        return P.agreement(res[1][1]), P.agreement(res[2][1])
    except _NotExact:
        return None


def _rubinstein(P: _Problem, delta: tuple[Any, Any], opts: tuple[Any, Any], a: int, *,
                local: bool | None = None) -> tuple[Agreement, Agreement]:
    """The subgame-perfect proposals (proposer A's, responder B's) over the frontier.

    With ``p`` A's gain in its own proposal, ``q = max(b_A, delta_A p)`` A's gain in B's
    proposal, the equation is ``G(p) = max(b_B, delta_B G(q))``; ``h(p) = G(p) - max(...)``
    is piecewise linear and decreasing on a concave frontier, so its root is found exactly
    between the consecutive breakpoints where it changes sign.
    """
    if P.fs.self_enforcing if local is None else local:  # the frontier takes many LPs there
        found = _rubinstein_local(P, delta, opts, a)
        if found is not None:
            return found
    pts = _frontier_points(P.fs)
    if not pts:
        raise GameError("Rubinstein bargaining needs the feasible set's frontier (2 players)")
    b = 1 - a
    fr = _Frontier(pts, P.d, a, P.exact)
    da, db = delta[a], delta[b]
    ba = None if opts[a] is None else opts[a] - P.d[a]
    bb = None if opts[b] is None else opts[b] - P.d[b]
    top = fr.F(0 * da)
    if top is None or top < 0:
        raise GameError("no agreement gives every player at least the disagreement payoff")

    def q_of(p: Any) -> Any:
        return da * p if ba is None else max(ba, da * p)

    def h(p: Any) -> Any:
        g_in = fr.G(q_of(p))
        if g_in is None:
            g_in = fr.rows[-1][1] * 0 - 1  # beyond the frontier: never accepted
        other = db * g_in if bb is None else max(bb, db * g_in)
        gp = fr.G(p)
        assert gp is not None
        return gp - other

    brk = {0 * da, top}
    for r in fr.rows:
        brk.add(r[0])
        if da:
            brk.add(r[0] / da)
    if ba is not None and da:
        brk.add(ba / da)
    if bb is not None and db:
        qs = fr.F(bb / db)
        if qs is not None and da:
            brk.add(qs / da)
    pts_p = sorted(v for v in brk if 0 <= v <= top)
    vals = [h(p) for p in pts_p]
    if vals[0] < 0:
        raise GameError("no agreement gives every player what it can get: the responder's outside option "
                        "exceeds every agreement")
    root = None
    for (p0, h0), (p1, h1) in zip(zip(pts_p, vals), zip(pts_p[1:], vals[1:])):
        if h0 >= 0 >= h1:
            root = p0 if h0 == 0 else (p1 if h1 == 0 else p0 + h0 * (p1 - p0) / (h0 - h1))
            break
    if root is None:
        root = pts_p[-1] if vals[-1] >= 0 else pts_p[0]
    return fr.point(root), fr.point(q_of(root))


# --------------------------------------------------------------------------- disagreement


def _disagreement(game: Game | None, fs: FeasibleSet, disagreement: Any) -> Disagreement:
    """The Disagreement: by :func:`disagreement_point` for a Game (default rule ``"nash"``);
    for a FeasibleSet only given values (a mapping or a sequence) or a Disagreement."""
    players = fs.players
    if isinstance(disagreement, Disagreement):
        if tuple(disagreement.players) != tuple(players):
            raise GameError(f"the disagreement point is for players {', '.join(disagreement.players)}, "
                            f"the set has {', '.join(players)}")
        return disagreement
    if isinstance(disagreement, (tuple, list)):
        if len(disagreement) != len(players):
            raise GameError(f"disagreement has {len(disagreement)} values for {len(players)} players")
        disagreement = dict(zip(players, disagreement))
    if game is not None:
        return disagreement_point(game, "nash" if disagreement is None else disagreement)
    if not isinstance(disagreement, Mapping):
        raise GameError("with a FeasibleSet give the disagreement point as values (a mapping player -> "
                        "number or a sequence) or a Disagreement; rule names need the Game")
    unknown = [str(k) for k in disagreement if k not in players]
    if unknown:
        raise GameError(f"disagreement values for unknown player(s) {', '.join(unknown)}: "
                        f"{did_you_mean(unknown[0], players)}")
    missing = [p for p in players if p not in disagreement]
    if missing:
        raise GameError(f"no disagreement value for {', '.join(missing)}")
    vals = _values([disagreement[p] for p in players], fs.exact)
    return Disagreement(players, vals, "values", None, "values given")


def _values(raw: list[Any], exact: bool) -> tuple[Any, ...]:
    if exact and all(_is_exact_value(v) for v in raw):
        return tuple(_exact_number(v, "a disagreement value") for v in raw)
    out = []
    for v in raw:
        if isinstance(v, bool) or not isinstance(v, (int, float, Fraction, np.integer, np.floating)):
            raise GameError(f"a disagreement value must be a number, got {v!r}")
        out.append(float(v))
    return tuple(out)


# --------------------------------------------------------------------------- bargain


def _per_player(v: Any, players: tuple[str, ...], what: str) -> list[Any] | None:
    if v is None:
        return None
    if isinstance(v, Mapping):
        unknown = [str(k) for k in v if k not in players]
        if unknown:
            raise GameError(f"{what} names unknown player {unknown[0]!r}: "
                            f"{did_you_mean(unknown[0], players)}")
        return [v.get(p) for p in players]
    if isinstance(v, (str, bytes)) or not isinstance(v, Sequence):
        raise GameError(f"{what} must be a mapping player -> value or a sequence, got {type(v).__name__}")
    if len(v) != len(players):
        raise GameError(f"{what} has {len(v)} entries for {len(players)} players")
    return list(v)


def _powers(powers: Any, players: tuple[str, ...], exact: bool) -> tuple[Any, ...]:
    raw = _per_player(powers, players, "powers")
    if raw is None:
        raw = [1] * len(players)
    raw = [1 if v is None else v for v in raw]
    w: list[Any] = [_exact_number(v, "a bargaining power") for v in raw]  # a float as its decimal
    if any(not v > 0 for v in w):
        raise GameError("bargaining powers must be positive")
    if not exact:
        w = [float(v) for v in w]
    return _normalised(w)


def bargain(source: Game | FeasibleSet, solution: str = "nash", *, disagreement: Any = None,
            powers: Any = None, discount: Any = None, outside_options: Any = None,
            self_enforcing: bool = False, proposer: int | str = 0) -> Bargain:
    """The agreement a bargaining *solution* picks over the feasible set of *source*.

    Parameters
    ----------
    source : Game or FeasibleSet
        A game (its feasible set is built, self-enforcing with *self_enforcing*) or a set.
    solution : {"nash", "ks", "egalitarian", "utilitarian", "rubinstein"}
    disagreement : optional
        Anything :func:`~treaty.negotiation.disagreement_point` accepts (a rule such as
        ``"nash"``, the default, or ``"minmax"``, a Disagreement, a mapping player -> value),
        or a sequence of values in player order.  With a FeasibleSet: values or a Disagreement.
    powers : mapping or sequence, optional
        Bargaining powers (positive; default equal): the weights of the asymmetric Nash
        product, of the proportional (egalitarian) gains and of the utilitarian sum.
    discount : mapping or sequence
        ``"rubinstein"``: each player's discount factor in ``[0, 1)``.
    outside_options : mapping or sequence, optional
        ``"rubinstein"``: each player's outside option (None: none), taken when responding.
    self_enforcing : bool
        With a Game: agreements must be correlated equilibria.
    proposer : int or str
        ``"rubinstein"``: who proposes first.

    Returns
    -------
    Bargain

    Raises
    ------
    GameError
        Unknown solution or player, bad powers or discount factors, or no agreement that
        gives every player at least (for ``"nash"`` and ``"rubinstein"``: more than) the
        disagreement payoff.  The last is a property of the input, not a solver failure:
        without a gain to share the solution is undefined.
    SolverError
        An LP or the convex program failed on an acceptable input.

    Notes
    -----
    Sources: Nash (1950); Kalai and Smorodinsky (1975); Kalai (1977); Rubinstein (1982);
    Binmore, Rubinstein and Wolinsky (1986); Binmore, Shaked and Sutton (1989).  Algorithms:
    see the module docstring.

    Examples
    --------
    >>> import treaty
    >>> pie = treaty.Game.from_arrays([[1, 0], [0, 0]], [[0, 0], [0, 1]])
    >>> b = bargain(pie, "nash", disagreement=(0, 0), powers=(1, 2))
    >>> [str(v) for v in b.payoffs], b.exact
    (['1/3', '2/3'], True)
    >>> [str(v) for v in bargain(pie, "rubinstein", disagreement=(0, 0),
    ...                             discount=("9/10", "9/10")).payoffs]
    ['10/19', '9/19']
    """
    if solution not in SOLUTIONS:
        raise GameError(f"unknown bargaining solution {solution!r}: {did_you_mean(str(solution), SOLUTIONS)}")
    if isinstance(source, Game):
        game: Game | None = source
        fs = feasible_set(source, self_enforcing=self_enforcing)
    elif isinstance(source, FeasibleSet):
        game = None
        fs = source
        if self_enforcing and not fs.self_enforcing:
            raise GameError("self_enforcing=True needs a Game (or a self-enforcing FeasibleSet)")
    else:
        raise GameError(f"bargain needs a Game or a FeasibleSet, got {type(source).__name__}")
    players = fs.players
    dis = _disagreement(game, fs, disagreement)
    dvals = tuple(dis.values)
    exact = fs.exact and all(isinstance(v, (Fraction, int)) for v in dvals)
    if fs.exact:
        M = [list(r) for r in fs.matrix]
        C = [] if fs.constraints is None else [list(r) for r in fs.constraints]
        P = _Problem(fs, M, C, tuple(Fraction(v) if exact else float(v) for v in dvals), True)
        if not exact:
            P = P.floats()
    else:
        P = _Problem(fs, [], [], tuple(float(v) for v in dvals), False).floats()
    note_prefix = "" if exact or not fs.exact else "float disagreement point; "
    if solution != "rubinstein" and any(
            v is not None for v in (discount, outside_options)):
        raise GameError("discount= and outside_options= only apply to solution='rubinstein'")
    if solution != "rubinstein" and proposer != 0:
        raise GameError("proposer= only applies to solution='rubinstein'")

    def run(Q: _Problem) -> Bargain:
        w = _powers(powers, players, Q.exact) if solution in ("nash", "egalitarian", "utilitarian") \
            else tuple([Fraction(1, Q.m) if Q.exact else 1.0 / Q.m] * Q.m)
        ones = tuple([Fraction(1) if Q.exact else 1.0] * Q.m)
        t, _ = _max_min_gain(Q, ones)
        if t < 0:
            raise GameError("no agreement gives every player at least the disagreement payoff "
                            f"({dis.describe()})")
        strict = solution in ("nash", "rubinstein")
        if strict and t <= TOL * Q.scale * (0 if Q.exact else 1):
            raise GameError(f"no agreement gives every player more than the disagreement payoff, so the "
                            f"{solution} solution is undefined ({dis.describe()})")
        cert = None
        counter = None
        limit = None
        disc = opts = None
        who = None
        pw: tuple[Any, ...] | None = w
        if solution == "nash":
            ag, cert, note, ok = _nash(Q, w)
            if not ok and Q.exact:
                Q = Q.floats()
        elif solution == "rubinstein":
            if Q.m != 2:
                raise GameError(f"Rubinstein bargaining is for 2 players, this set has {Q.m}")
            pw = None
            raw_d = _per_player(discount, players, "discount")
            if raw_d is None or any(v is None for v in raw_d):
                raise GameError("solution='rubinstein' needs discount= (a factor per player)")
            dq = tuple(_check_discount(v, p) for v, p in zip(raw_d, players))
            raw_o = _per_player(outside_options, players, "outside_options") or [None, None]
            oq = tuple(None if o is None else _exact_number(o, "an outside option") for o in raw_o)
            if isinstance(proposer, str):
                if proposer not in players:
                    raise GameError(f"unknown proposer {proposer!r}: {did_you_mean(proposer, players)}")
                a = players.index(proposer)
            elif proposer in (0, 1):
                a = int(proposer)
            else:
                raise GameError(f"proposer must be 0, 1 or a player name, got {proposer!r}")
            dd: tuple[Any, Any] = (dq[0], dq[1]) if Q.exact else (float(dq[0]), float(dq[1]))
            oo: tuple[Any, Any] = (oq[0], oq[1]) if Q.exact else (
                None if oq[0] is None else float(oq[0]), None if oq[1] is None else float(oq[1]))
            ag, counter = _rubinstein(Q, dd, oo, a)
            disc, opts, who = dq, oq, players[a]
            if dq[0] == dq[1]:
                lw: tuple[Any, ...] = (Fraction(1, 2), Fraction(1, 2)) if Q.exact else (0.5, 0.5)
            elif min(dq) == 0:
                lw = tuple(1.0 if v == 0 else 0.0 for v in dq)
            else:
                lw = _normalised([-1 / math.log(float(v)) for v in dq])
            limit = None if min(lw) == 0 else tuple(_nash(Q, lw)[0].payoffs)
            note = ("subgame-perfect proposals on the frontier, solved "
                    + ("exactly" if Q.exact else "in floats") + "; the limit as the discount factors tend "
                    "to 1 is the Nash solution with powers -1/log(delta_i)")
        else:
            if solution == "utilitarian":
                x, note = _utilitarian(Q, w)
            elif solution == "egalitarian":
                x, note = _egalitarian(Q, w)
            else:
                pw = None
                x, note = _ks(Q)
            ag = Q.agreement(x)
        pays = tuple(ag.payoffs)
        d = Q.d
        gains = tuple(pays[i] - d[i] for i in range(Q.m))
        total = sum(gains[1:], gains[0])
        shares = None if total == 0 or (not Q.exact and abs(total) <= TOL * Q.scale) else tuple(
            g / total for g in gains)
        is_exact = Q.exact and all(isinstance(v, Fraction) for v in pays)
        if is_exact and Q.certified:
            bad = Q.certified.count(False)
            note += ("; every LP optimum certified by an exact dual bound" if not bad else
                     f"; {bad} of {len(Q.certified)} LP optima matched HiGHS's to float tolerance only "
                     "(no exact dual certificate)")
        return Bargain(players, solution, ag, dis, gains, shares, pw, is_exact, cert,
                       note_prefix + note, disc, opts, who, counter, limit)

    try:
        return run(P)
    except _NotExact as exc:
        res = run(P.floats())
        return _replace_note(res, f"exact certification failed ({exc}): float solution; " + res.note)


def _replace_note(b: Bargain, note: str) -> Bargain:
    from dataclasses import replace

    return replace(b, note=note)
