"""The feasible set of a negotiation: the expected payoffs an agreement can reach.

An agreement is a distribution ``x`` over the pure profiles of a game (a lottery over joint
actions, run by a mediator or a public coin).  Its expected payoffs are ``M @ x`` where
``M[i, k]`` is player *i*'s payoff at profile *k*; the feasible set is the convex hull of the
pure payoff profiles.  When the agreement must be self-enforcing the distribution must in
addition be a correlated equilibrium (``C @ x <= 0``, Aumann 1974), so the set is the
projection of the correlated-equilibrium polytope.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from functools import cached_property
from math import gcd
from typing import Any

import numpy as np

from .._exact.linalg import solve_independent
from .._exact.lp import ExactLP, LPSession, _common, solve_lp
from .._exact.numbers import as_fraction, format_number, number_to_json
from .._exact.rational import DENOMINATOR_BOUNDS, rational_candidates
from ..errors import GameError, GameTooLarge, SolverError
from ..game import Game
from ..results import Notebook
from ._correlated import FLOAT_TOL, MAX_LP_ENTRIES, _constraints, _exact_vertices

__all__ = ["Agreement", "FeasibleSet", "feasible_set"]

#: Most LPs the 2-player boundary trace may solve (each finds a vertex or proves an edge, so a
#: polygon with V vertices needs about 2 V + 4; the cap only guards against float trouble).
MAX_TRACE_LPS = 2000

Profile = tuple[str, ...]


@dataclass(frozen=True)
class Agreement(Notebook):
    """An agreement: expected payoffs and a distribution over profiles implementing them.

    Attributes
    ----------
    payoffs : tuple
        Each player's expected payoff (Fractions when exact).
    distribution : mapping of profile (tuple of strategy labels) to probability
        Only profiles with positive probability; a pure profile is a point distribution.
        Playing it (drawn by a mediator or a public coin) gives exactly :attr:`payoffs`.
    players : tuple of str
        The player names (for :meth:`describe` and :meth:`to_dict`; may be empty).

    Notes
    -----
    ``to_frame()`` (needs pandas) gives one row: a payoff column per player, then the
    probability ``P(a, b)`` of each profile of the distribution.
    """

    payoffs: tuple[Any, ...]
    distribution: Mapping[Profile, Any]
    players: tuple[str, ...] = ()

    @property
    def exact(self) -> bool:
        """True when payoffs and probabilities are exact numbers."""
        return all(isinstance(v, (Fraction, int)) for v in (*self.payoffs, *self.distribution.values()))

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form: exact numbers as strings."""
        return {
            "players": list(self.players),
            "payoffs": [number_to_json(v) for v in self.payoffs],
            "distribution": [{"profile": list(p), "probability": number_to_json(q)}
                             for p, q in self.distribution.items()],
            "exact": self.exact,
        }

    def describe(self) -> str:
        """One sentence: the payoffs and how they are implemented."""
        names = self.players or tuple(f"player {i + 1}" for i in range(len(self.payoffs)))
        pays = ", ".join(f"{p} {format_number(v)}" for p, v in zip(names, self.payoffs))
        if len(self.distribution) == 1:
            how = f"the profile ({', '.join(next(iter(self.distribution)))})"
        else:
            how = "a lottery over " + "; ".join(
                f"{format_number(q)} ({', '.join(p)})" for p, q in self.distribution.items())
        return f"Agreement with payoffs {pays}, implemented by {how}."


@dataclass(frozen=True)
class _Hull:
    """The computed vertex list and what is known about it."""

    vertices: tuple[Agreement, ...]
    complete: bool
    certified: bool
    lps: int
    note: str


@dataclass(frozen=True, eq=False)
class FeasibleSet(Notebook):
    """The agreements of a game: distributions over profiles and their expected payoffs.

    Attributes
    ----------
    players : tuple of str
    strategy_names : tuple of tuple of str
    profiles : tuple of tuple of str
        Every pure profile, in ``numpy.ndindex`` order (the columns of :attr:`matrix`).
    matrix : numpy.ndarray
        ``(n_players, n_profiles)``: each player's payoff at each profile; an object array of
        Fractions when :attr:`exact`, else float64.
    constraints : numpy.ndarray or None
        ``(k, n_profiles)`` incentive rows: a distribution ``x`` is allowed iff
        ``constraints @ x <= 0``; None when every distribution is allowed.
    self_enforcing : bool
        True when the agreements are restricted to (coarse) correlated equilibria.
    coarse : bool
        True for coarse correlated equilibria.
    exact : bool
        True when :attr:`matrix` holds exact numbers.
    """

    players: tuple[str, ...]
    strategy_names: tuple[tuple[str, ...], ...]
    profiles: tuple[tuple[str, ...], ...]
    matrix: np.ndarray
    constraints: np.ndarray | None
    self_enforcing: bool
    coarse: bool
    exact: bool

    @property
    def float_matrix(self) -> np.ndarray:
        """:attr:`matrix` as float64."""
        return np.asarray(self.matrix, dtype=np.float64)

    @property
    def float_constraints(self) -> np.ndarray | None:
        """:attr:`constraints` as float64 (None when there are none)."""
        return None if self.constraints is None else np.asarray(self.constraints, dtype=np.float64)

    @property
    def n_players(self) -> int:
        """The number of players."""
        return len(self.players)

    @cached_property
    def _hull(self) -> _Hull:
        return _compute_hull(self)

    @property
    def vertices(self) -> tuple[Agreement, ...]:
        """The extreme points of the payoff set, each with a distribution implementing it.

        Two players: every vertex, counter-clockwise from the lexicographically smallest
        (exact when :attr:`exact`).  N players: the extreme points found by optimising in a
        fixed set of directions (:attr:`complete` is False: not necessarily all of them).
        """
        return self._hull.vertices

    @property
    def complete(self) -> bool:
        """True when :attr:`vertices` is every extreme point (2 players)."""
        return self._hull.complete

    @property
    def certified(self) -> bool:
        """True when every LP optimum behind :attr:`vertices` was certified exactly (primal
        feasibility and a matching dual bound in Fractions); True for the plain convex hull of
        an exact game, which needs no LP."""
        return self._hull.certified

    @property
    def note(self) -> str:
        """How the vertices were computed, and what is (not) guaranteed."""
        return self._hull.note

    @cached_property
    def frontier(self) -> tuple[Agreement, ...]:
        """The strongly Pareto-efficient vertices.

        A vertex is on the frontier when no point of the set gives every player at least as
        much and one player more.  Two players: the counter-clockwise boundary chain from the
        vertex maximising player 1's payoff (ties: the larger payoff of player 2) to the one
        maximising player 2's, ordered by increasing payoff of player 1; consecutive vertices
        bound an efficient edge.  N players: each found vertex is tested by one LP
        (maximise the total payoff over the points weakly above it).
        """
        verts = self.vertices
        if not verts:
            return ()
        if self.n_players == 2 and self.complete:
            pts = [v.payoffs for v in verts]
            a = max(range(len(pts)), key=lambda j: (pts[j][0], pts[j][1]))
            b = max(range(len(pts)), key=lambda j: (pts[j][1], pts[j][0]))
            chain = [verts[a]]
            j = a
            while j != b:
                j = (j + 1) % len(verts)
                chain.append(verts[j])
            return tuple(reversed(chain))
        out = []
        for v in verts:
            extra = [(_unit(self.n_players, i, -1), -v.payoffs[i]) for i in range(self.n_players)]
            best = _maximise(self, [1] * self.n_players, extra)
            total = sum(v.payoffs[1:], v.payoffs[0])
            gain = sum(best.point[1:], best.point[0]) - total
            if gain <= (0 if best.exact else _tol(self, self.n_players)):
                out.append(v)
        return tuple(out)

    def contains(self, point: Sequence[Any] | Mapping[str, Any]) -> bool:
        """True when the payoff vector *point* is reachable by an agreement of this set.

        Two players: exact test against the polygon's edges.  N players: an LP feasibility
        problem (exact when a rationalised solution reaches *point* exactly; otherwise to
        float tolerance).
        """
        p = self._point(point, "contains")
        if self.n_players == 2 and self.complete:
            pts = [v.payoffs for v in self.vertices]
            tol = 0 if self.exact else _tol(self, 1)
            if len(pts) == 1:
                return all(abs(a - b) <= tol for a, b in zip(p, pts[0]))
            if len(pts) == 2:
                a, b = pts
                if abs(_cross(a, b, p)) > tol * max(1.0, float(abs(b[0] - a[0]) + abs(b[1] - a[1]))):
                    return False
                dot = (p[0] - a[0]) * (b[0] - a[0]) + (p[1] - a[1]) * (b[1] - a[1])
                length = (b[0] - a[0]) ** 2 + (b[1] - a[1]) ** 2
                return bool(-tol <= dot <= length + tol)
            return all(_cross(pts[j], pts[(j + 1) % len(pts)], p) >= -tol for j in range(len(pts)))
        extra = [(_unit(self.n_players, i, 1), p[i]) for i in range(self.n_players)]
        extra += [(_unit(self.n_players, i, -1), -p[i]) for i in range(self.n_players)]
        try:
            _maximise(self, [0] * self.n_players, extra)
        except SolverError:
            return False
        return True

    def ideal(self, d: Sequence[Any] | Mapping[str, Any]) -> tuple[Any, ...]:
        """The ideal point over *d*: each player's largest payoff in the set with ``u >= d``.

        Two players: exact, from the polygon clipped to the quadrant above *d*.  N players:
        one LP per player (exact when the optimum is certified).

        Raises
        ------
        GameError
            When no point of the set is weakly above *d*.
        """
        dd = self._point(d, "ideal")
        if self.n_players == 2 and self.complete:
            poly = [v.payoffs for v in self.vertices]
            for i in range(2):
                poly = _clip(poly, i, dd[i])
            if not poly:
                raise GameError(f"ideal: no feasible payoff vector is weakly above d = "
                                f"({', '.join(format_number(v) for v in dd)})")
            return tuple(max(q[i] for q in poly) for i in range(2))
        extra = [(_unit(self.n_players, i, -1), -dd[i]) for i in range(self.n_players)]
        out = []
        for i in range(self.n_players):
            try:
                best = _maximise(self, _unit(self.n_players, i, 1), extra)
            except SolverError as exc:
                raise GameError(f"ideal: no feasible payoff vector is weakly above d = "
                                f"({', '.join(format_number(v) for v in dd)})") from exc
            out.append(best.point[i])
        return tuple(out)

    def _point(self, point: Sequence[Any] | Mapping[str, Any], what: str) -> tuple[Any, ...]:
        if isinstance(point, Mapping):
            missing = [p for p in self.players if p not in point]
            if missing:
                raise GameError(f"{what}: no value for {', '.join(missing)}")
            point = [point[p] for p in self.players]
        vals = list(point)
        if len(vals) != self.n_players:
            raise GameError(f"{what}: expected {self.n_players} payoffs, got {len(vals)}")
        try:
            if self.exact:
                return tuple(as_fraction(v) for v in vals)
            return tuple(float(v) for v in vals)
        except (TypeError, ValueError, ZeroDivisionError) as exc:
            raise GameError(f"{what}: the payoffs must be numbers, got {vals!r}") from exc

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form: vertices and frontier with their implementing distributions."""
        return {
            "kind": "feasible-set",
            "players": list(self.players),
            "self_enforcing": self.self_enforcing,
            "coarse": self.coarse,
            "exact": self.exact,
            "complete": self.complete,
            "certified": self.certified,
            "vertices": [v.to_dict() for v in self.vertices],
            "frontier": [v.to_dict() for v in self.frontier],
            "note": self.note,
        }

    def describe(self) -> str:
        """One sentence: what the set is, its vertex and frontier counts."""
        what = ("coarse correlated-equilibrium payoffs" if self.coarse else
                "correlated-equilibrium payoffs" if self.self_enforcing else
                "convex hull of the pure payoff profiles")
        nv = len(self.vertices)
        count = f"{nv} vertices" if self.complete else f"{nv} extreme points found (not necessarily all)"
        return (f"Feasible set of {', '.join(self.players)} ({what}, "
                f"{'exact' if self.exact else 'float'}): {count}, {len(self.frontier)} on the "
                f"Pareto frontier.")


def feasible_set(game: Game, *, self_enforcing: bool = False, coarse: bool = False) -> FeasibleSet:
    """The feasible set of agreements of *game*.

    Parameters
    ----------
    game : Game
    self_enforcing : bool
        Restrict agreements to correlated equilibria (coarse ones with *coarse*).
    coarse : bool
        With *self_enforcing*: coarse correlated equilibria.

    Returns
    -------
    FeasibleSet
        Its :attr:`~FeasibleSet.vertices` and :attr:`~FeasibleSet.frontier` are computed on
        first use.

    Raises
    ------
    GameError
        *game* is not a Game, or *coarse* without *self_enforcing*.
    GameTooLarge
        A self-enforcing set whose LP would exceed the correlated-equilibrium LP's limit
        (:data:`treaty.negotiation._correlated.MAX_LP_ENTRIES`).

    Examples
    --------
    Chicken: the mediator's best self-enforcing agreement (1/2 on (C, C), 1/4 on each of
    (C, D) and (D, C)) is the welfare-maximising vertex of the correlated-equilibrium set.

    >>> import treaty
    >>> chicken = treaty.Game.from_arrays([[6, 2], [7, 0]], [[6, 7], [2, 0]],
    ...                                   strategies=[["C", "D"]] * 2)
    >>> fs = feasible_set(chicken, self_enforcing=True)
    >>> [tuple(str(x) for x in v.payoffs) for v in fs.frontier]
    [('2', '7'), ('21/4', '21/4'), ('7', '2')]
    >>> {p: str(q) for p, q in fs.frontier[1].distribution.items()}
    {('C', 'C'): '1/2', ('C', 'D'): '1/4', ('D', 'C'): '1/4'}
    >>> fs.contains((6, 6)), feasible_set(chicken).contains((6, 6))
    (False, True)
    >>> [str(x) for x in fs.ideal((4, 4))]
    ['77/13', '77/13']
    """
    if not isinstance(game, Game):
        raise GameError(f"feasible_set needs a Game, got {type(game).__name__}")
    if coarse and not self_enforcing:
        raise GameError("coarse=True only applies with self_enforcing=True")
    shape = game.shape
    if self_enforcing:
        n_cons = sum(m if coarse else m * (m - 1) for m in shape)
        if game.n_profiles * max(n_cons, 1) > MAX_LP_ENTRIES:
            raise GameTooLarge(
                f"the feasible-set LP has {game.n_profiles} profiles x {n_cons} incentive "
                f"constraints = {game.n_profiles * n_cons} entries, over the limit of {MAX_LP_ENTRIES}")
    pay = game.payoffs if game.is_exact else game.float_payoffs
    matrix = np.array([pay[i].reshape(-1) for i in range(game.n_players)],
                      dtype=object if game.is_exact else np.float64)
    cons: np.ndarray | None = None
    if self_enforcing:
        rows = _constraints(pay, shape, coarse)
        if rows:
            cons = np.array(rows, dtype=object if game.is_exact else np.float64)
    profiles = tuple(tuple(game.strategies[i][j] for i, j in enumerate(p)) for p in np.ndindex(*shape))
    return FeasibleSet(tuple(game.players), tuple(tuple(s) for s in game.strategies), profiles, matrix,
                       cons, self_enforcing, coarse, game.is_exact)


# --------------------------------------------------------------------------------------------
# geometry and LPs


@dataclass(frozen=True)
class _Opt:
    point: tuple[Any, ...]
    distribution: dict[Profile, Any]
    exact: bool
    certified: bool
    lps: int = field(default=1)


def _unit(n: int, i: int, sign: int) -> list[int]:
    e = [0] * n
    e[i] = sign
    return e


def _scale(fs: FeasibleSet) -> float:
    m = fs.float_matrix
    return max(1.0, float(np.abs(m).max())) if m.size else 1.0


def _tol(fs: FeasibleSet, weight: float) -> float:
    return FLOAT_TOL * _scale(fs) * max(1.0, float(weight))


def _cross(o: Sequence[Any], a: Sequence[Any], b: Sequence[Any]) -> Any:
    """``(a - o) x (b - o)``: positive when o -> a -> b turns counter-clockwise."""
    return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])


def _monotone_chain(points: Sequence[tuple[Any, ...]], tol: float = 0) -> list[tuple[Any, ...]]:
    """Vertices of the convex hull of 2-D *points*, counter-clockwise, without collinear points.

    Andrew's monotone chain (A. M. Andrew, "Another efficient algorithm for convex hulls in two
    dimensions", Information Processing Letters 9 (1979) 216-219); exact on Fractions (*tol*
    0), to *tol* on floats.  One point gives one vertex, a segment its two ends.
    """
    pts = sorted(set(points))
    if tol:
        merged: list[tuple[Any, ...]] = []
        for p in pts:
            if not any(abs(p[0] - q[0]) <= tol and abs(p[1] - q[1]) <= tol for q in merged[-3:]):
                merged.append(p)
        pts = merged
    if len(pts) <= 2:
        return pts
    lower: list[tuple[Any, ...]] = []
    for p in pts:
        while len(lower) >= 2 and _cross(lower[-2], lower[-1], p) <= tol:
            lower.pop()
        lower.append(p)
    upper: list[tuple[Any, ...]] = []
    for p in reversed(pts):
        while len(upper) >= 2 and _cross(upper[-2], upper[-1], p) <= tol:
            upper.pop()
        upper.append(p)
    hull = lower[:-1] + upper[:-1]
    return hull if len(hull) >= 2 else pts[:1] + pts[-1:]


def _clip(poly: list[tuple[Any, ...]], i: int, lo: Any) -> list[tuple[Any, ...]]:
    """The convex polygon *poly* cut to ``u_i >= lo`` (Sutherland-Hodgman, one half-plane)."""
    if len(poly) == 1:
        return poly if poly[0][i] >= lo else []
    out: list[tuple[Any, ...]] = []
    for j, a in enumerate(poly):
        b = poly[(j + 1) % len(poly)]
        ina, inb = a[i] >= lo, b[i] >= lo
        if ina:
            out.append(a)
        if ina != inb:
            t = (lo - a[i]) / (b[i] - a[i])
            out.append(tuple(a[k] + t * (b[k] - a[k]) for k in range(len(a))))
    dedup: list[tuple[Any, ...]] = []
    for p in out:
        if not dedup or dedup[-1] != p:
            dedup.append(p)
    if len(dedup) > 1 and dedup[0] == dedup[-1]:
        dedup.pop()
    return dedup


def _distribution(fs: FeasibleSet, q: Sequence[Any]) -> dict[Profile, Any]:
    return {p: v for p, v in zip(fs.profiles, q) if v > 0}


def _maximise(fs: FeasibleSet, w: Sequence[Any],
              extra: Sequence[tuple[Sequence[Any], Any]] = ()) -> _Opt:
    """Maximise ``w . u`` over the set's payoffs ``u = M x``, with ``g . u <= b`` for ``(g, b)``
    in *extra*.

    One LP over the distribution *x* (HiGHS dual simplex, :func:`treaty._exact.lp.solve_lp`).
    For an exact game the float optimum is rationalised (or re-solved exactly on its tight
    constraints, :func:`treaty.negotiation._correlated._exact_vertices`) and its feasibility
    checked in Fractions; the optimum is *certified* when a rationalised dual solution gives
    the same bound (weak duality).

    Raises
    ------
    SolverError
        When the LP has no optimum (e.g. no payoff vector satisfies *extra*).
    """
    mf = fs.float_matrix
    n = mf.shape[1]
    wf = np.array([float(v) for v in w], dtype=np.float64)
    cons_f = fs.float_constraints
    rows_f = [] if cons_f is None else list(cons_f)
    b_f = [0.0] * len(rows_f)
    for g, b in extra:
        rows_f.append(np.array([float(v) for v in g]) @ mf)
        b_f.append(float(b))
    a_ub = np.array(rows_f, dtype=np.float64).reshape(len(rows_f), n) if rows_f else None
    sol = solve_lp(-(wf @ mf), a_ub=a_ub, b_ub=np.array(b_f) if rows_f else None,
                   a_eq=np.ones((1, n)), b_eq=[1.0], method="highs-ds",
                   what="the feasible-set LP")
    target = -sol.fun
    if fs.exact:
        m = fs.matrix
        we = [as_fraction(v) for v in w]
        c_e = [sum((a * b for a, b in zip(we, m[:, k]) if a), Fraction(0)) for k in range(n)]
        rows_e = [] if fs.constraints is None else [list(r) for r in fs.constraints]
        b_e: list[Fraction] = [Fraction(0)] * len(rows_e)
        for g, b in extra:
            ge = [as_fraction(v) for v in g]
            rows_e.append([sum((a * bb for a, bb in zip(ge, m[:, k]) if a), Fraction(0)) for k in range(n)])
            b_e.append(as_fraction(b))
        tol = _tol(fs, float(np.abs(wf).sum()))

        def check(q: Sequence[Fraction]) -> Fraction | None:
            if float(np.abs(np.array(q, dtype=np.float64) - x).max()) > 1e-6:
                return None  # a coarse rounding far from the LP point: not worth an exact check
            if any(v < 0 for v in q) or sum(q, Fraction(0)) != 1:
                return None
            for r, b in zip(rows_e, b_e):
                if sum((a * v for a, v in zip(r, q) if a and v), Fraction(0)) > b:
                    return None
            val = sum((a * v for a, v in zip(c_e, q) if a and v), Fraction(0))
            return val if float(val) >= target - tol else None

        x = np.clip(sol.x, 0, None)
        def candidates() -> Iterator[list[Fraction]]:
            yield from rational_candidates(x, DENOMINATOR_BOUNDS)
            if not any(b_e):  # the tight-constraint vertex (rows with right-hand side 0 only)
                yield from _exact_vertices(sol.x, a_ub, [np.array(r, dtype=object) for r in rows_e],
                                           [], n, False)

        dual: list[Fraction | None] = []
        fallback: _Opt | None = None
        for q in candidates():
            val = check(q)
            if val is None:
                continue
            if not dual:  # the best weak-duality bound, computed once
                dual.append(_dual_bound(c_e, rows_e, b_e, val, -sol.ineq_marginals))
            point = tuple(sum((a * v for a, v in zip(m[i], q) if v), Fraction(0))
                          for i in range(fs.n_players))
            if dual[0] is not None and val == dual[0]:
                return _Opt(point, _distribution(fs, q), True, True)
            if fallback is None:  # feasible, optimal to float tolerance only: look on
                fallback = _Opt(point, _distribution(fs, q), True, False)
        if fallback is not None:
            return fallback
    xf = np.clip(sol.x, 0, None)
    xf = xf / xf.sum()
    xs = [float(v) if v > FLOAT_TOL else 0.0 for v in xf]
    point_f = tuple(float(v) for v in mf @ np.array(xs))
    return _Opt(point_f, _distribution(fs, xs), False, False)


def _dual_bound(c: Sequence[Fraction], rows: Sequence[Sequence[Any]], b: Sequence[Fraction],
                value: Fraction, y_float: np.ndarray) -> Fraction | None:
    """The best weak-duality bound found on the maximum of ``c . x`` over
    ``{x >= 0, sum x = 1, rows x <= b}`` (None when no candidate dual is feasible).

    The dual is: minimise ``b . y + t`` over ``y >= 0`` with ``rows^T y + t >= c``, so any
    ``y >= 0`` bounds the maximum by ``b . y + max_k (c - rows^T y)_k``.  Candidates: the float
    duals rationalised, then the exact dual basic solution (the tightest independent
    complementary-slackness equations at the float duals, solved in Fractions by
    :func:`treaty._exact.linalg.solve_independent`).  Stops as soon as a bound equals *value*
    (a primal value: the two together certify the optimum exactly).
    """
    n = len(c)
    if not rows:
        return max(c)
    best: list[Fraction] = []

    def bound(y: Sequence[Fraction]) -> Fraction | None:
        if any(v < 0 for v in y):
            return None
        red = list(c)
        for r, yr in zip(rows, y):
            if yr:
                for k in range(n):
                    if r[k]:
                        red[k] -= yr * r[k]
        out = sum((bb * yr for bb, yr in zip(b, y) if yr), Fraction(0)) + max(red)
        if not best or out < best[0]:
            best[:] = [out]
        return out

    for den in (12, 1000, 10**6):
        y = [max(Fraction(0), Fraction(float(v)).limit_denominator(den)) for v in y_float]
        if bound(y) == value:
            return value
    # exact dual basic solution: unknowns (y_j for the rows with a positive float dual, t),
    # equations (rows^T y)_k + t = c_k at the columns whose reduced cost is (nearly) the max
    m = len(rows)
    yf = np.clip(np.asarray(y_float, dtype=np.float64), 0, None)
    rf = np.array([[float(v) for v in r] for r in rows], dtype=np.float64)
    cf = np.array([float(v) for v in c])
    red_f = cf - yf @ rf
    t_f = float(red_f.max())
    scale = max(1.0, float(np.abs(cf).max()), float(np.abs(rf).max()) if rf.size else 1.0)
    for cut in (1e-9, 1e-7, None):
        act = [j for j in range(m) if cut is None or yf[j] > cut * scale]
        eqs: list[tuple[float, tuple[list[Any], Any]]] = []
        for k in range(n):
            gap = abs(t_f - float(red_f[k]))
            if cut is None or gap <= 1e3 * cut * scale:
                eqs.append((gap, ([rows[j][k] for j in act] + [1], c[k])))
        if cut is None:
            for pos, j in enumerate(act):
                e: list[Any] = [0] * (len(act) + 1)
                e[pos] = 1
                eqs.append((float(yf[j]), (e, 0)))
        eqs.sort(key=lambda t: t[0])
        sol = solve_independent([row for _, row in eqs], len(act) + 1)
        if sol is None:
            continue
        y = [Fraction(0)] * m
        for pos, j in enumerate(act):
            y[j] = sol[pos]
        if bound(y) == value:
            return value
    return best[0] if best else None


def _directions(n: int) -> list[list[int]]:
    """Directions of the N-player search: +-unit vectors, all-ones, and positive weights."""
    dirs = [_unit(n, i, s) for s in (1, -1) for i in range(n)]
    dirs.append([1] * n)
    dirs += [[2 if j == i else 1 for j in range(n)] for i in range(n)]
    dirs += [list(range(1, n + 1)), list(range(n, 0, -1))]
    return dirs


def _compute_hull(fs: FeasibleSet) -> _Hull:
    n_pl = fs.n_players
    m = fs.matrix
    one: Any = Fraction(1) if fs.exact else 1.0
    players = fs.players
    if fs.constraints is None:
        # every distribution allowed: the hull of the pure payoff profiles
        first: dict[tuple[Any, ...], int] = {}
        for k in range(m.shape[1]):
            first.setdefault(tuple(m[:, k]), k)
        if n_pl == 2:
            tol = 0 if fs.exact else _tol(fs, 1)
            hull = _monotone_chain(list(first), tol)
            verts = tuple(Agreement(p, {fs.profiles[first[p]]: one}, players) for p in hull)
            return _Hull(verts, True, fs.exact, 0,
                         "convex hull of the pure payoff profiles (monotone chain"
                         f"{', exact' if fs.exact else ', float'}); each vertex is a pure profile")
        found: dict[tuple[Any, ...], Agreement] = {}
        pts = list(first)
        for w in _directions(n_pl):
            best = max(pts, key=lambda p: (sum((a * b for a, b in zip(w, p)), 0 * p[0]), *p))
            found.setdefault(best, Agreement(best, {fs.profiles[first[best]]: one}, players))
        return _Hull(tuple(found.values()), False, fs.exact, 0,
                     f"the extreme points found in {len(_directions(n_pl))} directions (each the "
                     "lexicographic maximum of the pure payoff profiles), not necessarily all")
    if n_pl == 2:
        if fs.exact:
            traced = _trace_exact(fs)
            if traced is not None:
                return traced
        return _trace(fs)
    found = {}
    cert = fs.exact
    dirs = _directions(n_pl)
    for w in dirs:
        best_o = _maximise(fs, w)
        cert = cert and best_o.certified
        found.setdefault(best_o.point, Agreement(best_o.point, best_o.distribution, players))
    kind = "coarse correlated" if fs.coarse else "correlated"
    return _Hull(tuple(found.values()), False, cert, len(dirs),
                 f"the {kind}-equilibrium payoffs optimal in {len(dirs)} directions (one LP each; an "
                 "extreme point when the optimum is unique), not necessarily all extreme points")


def _trace(fs: FeasibleSet) -> _Hull:
    """Every vertex of a 2-player projected polytope, by supporting directions.

    Optimise in the directions (1, 0), (0, 1), (-1, 0), (0, -1); then, between two consecutive
    known boundary points A, B (counter-clockwise), optimise in the outer normal of the chord
    AB: a point beyond the chord is a new boundary point (recurse on both halves), otherwise
    AB lies on the boundary.  When every chord is on the boundary the known points' convex
    hull is the set.  This is the 2-D case of the support-function (or "ray shooting")
    projection method: J.-L. Lassez and C. Lassez, "Quantifier elimination for conjunctions
    of linear constraints via a convex hull algorithm", in *Symbolic and Numerical
    Computation for Artificial Intelligence* (1992) 103-122.
    """
    found: dict[tuple[Any, ...], dict[Profile, Any]] = {}
    state = {"lps": 0, "cert": fs.exact, "exact": fs.exact}

    def opt(w: Sequence[Any]) -> tuple[Any, ...]:
        state["lps"] += 1
        if state["lps"] > MAX_TRACE_LPS:
            raise SolverError(f"feasible set: boundary trace exceeded {MAX_TRACE_LPS} LPs "
                              "(float trouble?)")
        o = _maximise(fs, w)
        state["cert"] = state["cert"] and o.certified
        state["exact"] = state["exact"] and o.exact
        found.setdefault(o.point, o.distribution)
        return o.point

    start: list[tuple[Any, ...]] = []
    for w in ((1, 0), (0, 1), (-1, 0), (0, -1)):
        p = opt(w)
        if not start or start[-1] != p:
            start.append(p)
    while len(start) > 1 and start[0] == start[-1]:
        start.pop()

    def refine(a: tuple[Any, ...], b: tuple[Any, ...]) -> list[tuple[Any, ...]]:
        normal = (b[1] - a[1], a[0] - b[0])
        if not any(normal):
            return []
        p = opt(normal)
        gain = (p[0] - a[0]) * normal[0] + (p[1] - a[1]) * normal[1]
        tol = 0 if isinstance(gain, Fraction) else _tol(fs, abs(float(normal[0])) + abs(float(normal[1])))
        if gain > tol and p not in known:
            # (a known point beyond a chord only happens when an uncertified optimum lies
            # inside the set; the chord is then kept and the final hull drops the dent)
            known.add(p)
            return refine(a, p) + [p] + refine(p, b)
        return []

    known = set(start)
    boundary = list(start)
    if len(start) > 1:
        boundary = []
        for j, a in enumerate(start):
            boundary.append(a)
            boundary += refine(a, start[(j + 1) % len(start)])
    exact = bool(state["exact"])
    hull = _monotone_chain(boundary, 0 if exact else _tol(fs, 1))
    verts = tuple(Agreement(p, found[p], fs.players) for p in hull)
    kind = "coarse correlated" if fs.coarse else "correlated"
    how = ("exact, each LP optimum certified by a dual bound" if state["cert"] else
           "exact points, LP optimality to float tolerance" if exact else "float")
    return _Hull(verts, True, bool(state["cert"]), int(state["lps"]),
                 f"every vertex of the {kind}-equilibrium payoff set, traced by supporting "
                 f"directions in {state['lps']} LPs ({how}); each vertex carries a {kind} "
                 "equilibrium implementing it")


# --------------------------------------------------------------------------------------------
# the exact 2-player trace: one warm-started LP, each basis certified with its cone of directions

Ray = tuple[int, int]


def _pseudo_angle(v: Ray) -> Fraction:
    """An exact, strictly increasing function of the angle of *v* (the "diamond angle"), in
    ``[0, 4)``: 0 for (1, 0), 1 for (0, 1), 2 for (-1, 0), 3 for (0, -1)."""
    x, y = v
    r = abs(x) + abs(y)
    return 1 - Fraction(x, r) if y >= 0 else 3 + Fraction(x, r)


def _half(ref: Ray, v: Ray) -> int:
    """0 when *v* is at an angle in [0, pi) counter-clockwise from *ref*, else 1."""
    c = ref[0] * v[1] - ref[1] * v[0]
    return 0 if c > 0 or (c == 0 and ref[0] * v[0] + ref[1] * v[1] > 0) else 1


def _first_ccw(ref: Ray, rays: Sequence[Ray], last: bool = False) -> Ray:
    """The ray of *rays* at the smallest (with *last*: largest) counter-clockwise angle from
    *ref*, by exact integer comparisons."""
    best = rays[0]
    hb = _half(ref, best)
    for v in rays[1:]:
        hv = _half(ref, v)
        c = best[0] * v[1] - best[1] * v[0]  # > 0: v after best (same half)
        after = hv > hb or (hv == hb and c > 0)
        before = hv < hb or (hv == hb and c < 0)
        if (last and after) or (not last and before):
            best, hb = v, hv
    return best


def _integer_ray(a: Any, b: Any) -> Ray:
    (x, y), _ = _common([a, b])
    g = gcd(x, y) or 1
    return (x // g, y // g)


@dataclass
class _Arc:
    """A certified support point and the directions (from *start* counter-clockwise to *end*,
    unwrapped pseudo-angles around the queried direction) in which it is optimal."""

    start: Fraction
    end: Fraction
    start_ray: Ray
    end_ray: Ray
    point: tuple[Fraction, ...]
    distribution: dict[Profile, Any]
    full: bool = False


class _ExactTracer:
    """The correlated-equilibrium LP in one warm-started HiGHS session (rows ``C x <= 0`` and
    ``sum x = 1``, kept; only the objective changes per direction) with exact certification of
    each optimal basis (:class:`treaty._exact.lp.ExactBasis`)."""

    def __init__(self, fs: FeasibleSet) -> None:
        cons = fs.constraints
        assert cons is not None
        n = cons.shape[1]
        flat, _den = _common(cons.reshape(-1).tolist())
        rows = np.vstack([np.array(flat, dtype=object).reshape(cons.shape),
                          np.ones((1, n), dtype=object)])
        m = rows.shape[0]
        self.lp = ExactLP(rows, [None] * (m - 1) + [1], [0] * (m - 1) + [1], [0] * n, [None] * n)
        self.fs = fs
        self.m_exact = [[Fraction(v) for v in fs.matrix[i]] for i in range(2)]
        self.costs = [[-v for v in row] for row in self.m_exact]
        self.session = LPSession(np.zeros(n), np.zeros(n), np.full(n, np.inf),
                                 what="the feasible-set LP")
        self.session.add_rows(np.asarray(cons, dtype=np.float64), np.full(m - 1, -np.inf),
                              np.zeros(m - 1))
        self.session.add_rows(np.ones((1, n)), [1.0], [1.0])
        self.lps = 0
        self.tight = False
        self.repaired = 0
        self.cones: dict[Any, Any] = {}

    def arc(self, w: Ray) -> _Arc | None:
        """Maximise ``w . u``; the certified optimum with its cone of optimal directions, or
        None when HiGHS's basis is not exactly optimal for *w*."""
        self.lps += 1
        r = float(max(abs(w[0]), abs(w[1])))  # HiGHS sees the direction scaled to max 1
        cost = [w[0] / r * float(a) + w[1] / r * float(b) for a, b in zip(*self.m_exact)]
        self.session.set_cost(-np.array(cost))
        self.session.solve()
        found = self._certified(w)
        if found is None and not self.tight:
            # HiGHS's basis is optimal to its tolerances (1e-7) only: tighten them and let it
            # pivot on from there
            self.tight = True
            for opt in ("dual_feasibility_tolerance", "primal_feasibility_tolerance"):
                self.session.set_option(opt, 1e-10)
            self.session.solve()
            found = self._certified(w)
        return found

    def _certified(self, w: Ray) -> _Arc | None:
        basis = self.session.basis()
        if basis is None:
            return None
        key: tuple[tuple[str, ...], tuple[str, ...]] | None = (basis.col_status, basis.row_status)
        cone = self.cones.get(key)  # a basis seen before (about 1 LP in 8): its cone is known
        if cone is None:
            eb = self.lp.basis(basis)
            if (not eb.feasible or eb.x is None) and self.tight:
                # still infeasible by HiGHS's tolerance: exact dual simplex pivots from its basis
                cost = [-(w[0] * a + w[1] * b) for a, b in zip(*self.m_exact)]
                fixed = self.lp.repaired_basis(basis, cost)
                if fixed is None:
                    return None
                self.repaired += 1
                eb = fixed
                key = None
            cone = self._cone(eb)
            if cone is None:
                return None
            if key is not None:
                self.cones[key] = cone
        gs, eqs, point, dist = cone
        if any(w[0] * a + w[1] * b < 0 for a, b in gs):
            return None  # HiGHS's basis is optimal for w to its tolerance only
        if any(w[0] * a + w[1] * b != 0 for a, b in eqs):
            return None
        mid = _pseudo_angle(w)
        if eqs:
            return _Arc(mid, mid, w, w, point, dist)
        if not gs:
            return _Arc(mid, mid + 4, w, w, point, dist, full=True)
        end_ray = _first_ccw(w, [(-b, a) for a, b in gs])       # each half-plane's ccw edge
        starts = [(b, -a) for a, b in gs]                        # and its clockwise edge
        start_ray = w if any(_half(w, v) == 0 and w[0] * v[1] == w[1] * v[0] for v in starts) \
            else _first_ccw(w, starts, last=True)
        end = _pseudo_angle(end_ray)
        start = _pseudo_angle(start_ray)
        if end < mid:
            end += 4
        if start > mid:
            start -= 4
        return _Arc(start, end, start_ray, end_ray, point, dist)

    def _cone(self, eb: Any) -> tuple[list[Ray], list[Ray], tuple[Fraction, ...], dict[Profile, Any]] | None:
        """The basis's optimality conditions on the direction (``w . g >= 0`` for each g of
        the first list, ``w . h == 0`` for the second), its point and distribution; None when
        the basic solution is not exactly feasible."""
        if not eb.feasible or eb.x is None:
            return None
        vals = eb.optimality_values(self.costs)
        if vals is None:
            return None
        (ge1, eq1), (ge2, eq2) = vals
        g1, d1 = _common(ge1)
        g2, d2 = _common(ge2)
        gs = [(a * d2, b * d1) for a, b in zip(g1, g2) if a or b]
        e1, f1 = _common(eq1)
        e2, f2 = _common(eq2)
        eqs = [(a * f2, b * f1) for a, b in zip(e1, e2) if a or b]
        x = eb.x
        point = tuple(sum((a * q for a, q in zip(self.m_exact[i], x) if q), Fraction(0))
                      for i in range(2))
        return gs, eqs, point, _distribution(self.fs, x)


def _trace_exact(fs: FeasibleSet) -> _Hull | None:
    """Every vertex of the 2-player correlated-equilibrium payoff set, exactly, or None when
    highspy is missing or some optimum cannot be certified from its basis (the caller then
    runs :func:`_trace`).

    The LP stays in one HiGHS session and each direction changes only its objective, so a
    solve is a few warm-started primal simplex pivots.  Each optimal basis is verified in
    Fractions (:class:`treaty._exact.lp.ExactBasis`: the basic solution is a correlated
    equilibrium, and the duals prove optimality), and since its reduced costs are linear in
    the direction, the basis also gives the exact cone of directions in which its point is
    optimal.  The cones found are kept in angular order; a gap between two consecutive cones
    with support points A and B is closed without an LP when A = B (the cone of a point is
    convex), else by one LP in the outer normal of the chord AB (an edge when it finds
    nothing beyond the chord, else a new point, whose cone splits the gap).  When the cones
    cover every direction, the support function of the set is known exactly, so the known
    points' convex hull is the set.  The first LP maximises player 1's payoff.  Sources: the
    support-function trace of :func:`_trace` (Lassez and Lassez 1992), with the basis's
    parametric optimality range from parametric linear programming (S. I. Gass and T. L.
    Saaty, "The computational algorithm for the parametric objective function", Naval
    Research Logistics Quarterly 2 (1955) 39-45) and its exact verification as in Applegate,
    Cook, Dash and Espinoza (2007).
    """
    if fs.constraints is None:
        return None
    tracer = _ExactTracer(fs)
    if not tracer.session.warm:
        return None
    first = tracer.arc((1, 0))
    if first is None:
        return None
    arcs = [first]
    if not first.full:
        i = 0  # arcs[i] and arcs[i + 1] (cyclically, +4 for the wrap) bound the gap looked at
        while True:
            if tracer.lps > MAX_TRACE_LPS:
                return None
            k = len(arcs)
            a = arcs[i]
            b = arcs[(i + 1) % k]
            b_start = b.start + (4 if i + 1 == k else 0)
            if b_start <= a.end:
                i += 1
                if i >= len(arcs):
                    break
                continue
            ea, sb = a.end_ray, b.start_ray
            cross = ea[0] * sb[1] - ea[1] * sb[0]
            small = cross > 0  # the gap is less than half a turn
            if small and a.point == b.point:
                a.end, a.end_ray = b_start, sb  # one point optimal at both ends: optimal between
                continue
            if small:
                p, q = a.point, b.point
                w: Ray = _integer_ray(q[1] - p[1], p[0] - q[0])
            else:
                w = (-ea[1], ea[0])  # a quarter turn past a's cone
            new = tracer.arc(w)
            if new is None:
                return None
            ang = _pseudo_angle(w)
            while ang < a.end:  # unwrap into the gap
                ang += 4
            shift = ang - _pseudo_angle(w)
            if small and (new.point[0] - p[0]) * w[0] + (new.point[1] - p[1]) * w[1] <= 0:
                if (new.point[0] - p[0]) * w[0] + (new.point[1] - p[1]) * w[1] < 0:
                    return None  # a certified optimum below a feasible point: cannot happen
                a.end, a.end_ray = ang, w  # the chord is an edge: a and b optimal up to it
                b.start, b.start_ray = ang - (4 if i + 1 == k else 0), w
                continue
            new.start += shift  # unwrapped pseudo-angles increase along the list (below
            new.end += shift    # the first arc's + 4)
            arcs.insert(i + 1, new)
    pts: dict[tuple[Any, ...], dict[Profile, Any]] = {}
    for arc in arcs:
        pts.setdefault(arc.point, arc.distribution)
    hull = _monotone_chain(list(pts), 0)
    verts = tuple(Agreement(p, pts[p], fs.players) for p in hull)
    kind = "coarse correlated" if fs.coarse else "correlated"
    return _Hull(verts, True, True, tracer.lps,
                 f"every vertex of the {kind}-equilibrium payoff set, traced by supporting "
                 f"directions in {tracer.lps} LPs (one warm-started HiGHS model; exact, each "
                 "optimal basis verified in exact arithmetic with its cone of optimal "
                 f"directions); each vertex carries a {kind} equilibrium implementing it")
