"""Correlated and coarse correlated equilibria of a normal-form game, by linear programming.

A correlated equilibrium (Aumann 1974) is a distribution ``mu`` over pure profiles such that
no player gains by disobeying a recommendation drawn from it: for every player *i* and every
pair of strategies ``s != t`` of *i*,

    sum over profiles p with p_i = s of mu(p) * (u_i(t, p_-i) - u_i(p)) <= 0.

A coarse correlated equilibrium only asks that no player gains by committing in advance to
one strategy *t*: ``sum_p mu(p) * (u_i(t, p_-i) - u_i(p)) <= 0`` for every *i* and *t*.
Both sets are polytopes, so an objective is optimised over them by one LP.

Sources: R. J. Aumann, "Subjectivity and correlation in randomized strategies", Journal of
Mathematical Economics 1 (1974) 67-96; the LP formulation as in N. Nisan, T. Roughgarden,
E. Tardos and V. Vazirani (eds.), *Algorithmic Game Theory* (2007), ch. 2, section 2.3, and
C. H. Papadimitriou and T. Roughgarden, "Computing correlated equilibria in multi-player
games", Journal of the ACM 55 (2008) 14.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from math import gcd
from typing import Any

import numpy as np

from .._exact.linalg import solve_independent
from .._exact.lp import solve_lp
from .._exact.numbers import format_number, number_to_json
from .._exact.rational import DENOMINATOR_BOUNDS, rational_candidates
from ..errors import GameError, GameTooLarge, SolverError, did_you_mean
from ..game import Game
from ..results import Notebook

__all__ = ["CorrelatedResult", "correlated_equilibrium", "OBJECTIVES", "MAX_LP_ENTRIES"]

#: The objectives :func:`correlated_equilibrium` optimises.
OBJECTIVES: tuple[str, ...] = ("welfare", "egalitarian", "player", "any")

#: Largest LP accepted: number of profiles times number of incentive constraints (the dense
#: constraint matrix; 4 million float entries are 32 MB).
MAX_LP_ENTRIES = 4_000_000

#: Float tolerance (relative to ``max(1, payoff range)``) for the float results and for
#: accepting an exact candidate's objective value as the LP optimum.
FLOAT_TOL = 1e-9

#: LP entries above this are taken as the support of a basic point when its vertex is solved
#: exactly on the support first.
SUPPORT_TOL = 1e-12

#: A row whose dual exceeds this is taken as tight (complementary slackness).
DUAL_TOL = 1e-9

#: Largest LP (variables) whose vertex is also solved exactly over every column.
MAX_FULL_VERTEX = 400


@dataclass(frozen=True)
class CorrelatedResult(Notebook):
    """A correlated (or coarse correlated) equilibrium: a distribution over pure profiles.

    Attributes
    ----------
    players : tuple of str
    strategy_names : tuple of tuple of str
    distribution : mapping of profile (tuple of strategy labels) to probability
        Only the profiles with positive probability; Fractions when :attr:`exact`.
    payoffs : tuple
        Each player's expected payoff under the distribution.
    objective : str
        ``"welfare"``, ``"egalitarian"``, ``"player"`` or ``"any"``.
    coarse : bool
        True for a coarse correlated equilibrium.
    exact : bool
        True when the distribution was checked in exact arithmetic: probabilities are
        non-negative Fractions summing to exactly 1 and every incentive constraint holds
        exactly.  Its objective value agrees with HiGHS's optimum to float tolerance (the
        optimality itself is HiGHS's, not an exact certificate).
    max_violation : number
        The largest left-hand side of the incentive constraints (the gain from the most
        tempting deviation, weighted by probability): ``<= 0`` for an equilibrium, exactly
        so when :attr:`exact`; 0 when no player has a deviation.
    player : str or None
        The player whose payoff was maximised (objective ``"player"``).
    note : str
        How the exact distribution was obtained, or why it is not exact.

    Notes
    -----
    ``to_frame()`` (needs pandas) gives one row: a payoff column per player, then the
    probability ``P(a, b)`` of each profile in the support, in the game's profile order.
    """

    players: tuple[str, ...]
    strategy_names: tuple[tuple[str, ...], ...]
    distribution: Mapping[tuple[str, ...], Any]
    payoffs: tuple[Any, ...]
    objective: str
    coarse: bool
    exact: bool
    max_violation: Any
    player: str | None = None
    note: str = field(default="")

    @property
    def welfare(self) -> Any:
        """The sum of the expected payoffs."""
        return sum(self.payoffs[1:], self.payoffs[0])

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form: numbers as strings (exact) or JSON numbers (float)."""
        return {
            "kind": "coarse-correlated-equilibrium" if self.coarse else "correlated-equilibrium",
            "players": list(self.players),
            "strategy_names": [list(s) for s in self.strategy_names],
            "distribution": [{"profile": list(p), "probability": number_to_json(q)}
                             for p, q in self.distribution.items()],
            "payoffs": [number_to_json(v) for v in self.payoffs],
            "objective": self.objective,
            "player": self.player,
            "coarse": self.coarse,
            "exact": self.exact,
            "max_violation": number_to_json(self.max_violation),
            "note": self.note,
        }

    def describe(self) -> str:
        """One sentence: the kind, the objective, the support size and the payoffs."""
        kind = "coarse correlated equilibrium" if self.coarse else "correlated equilibrium"
        goal = {"welfare": "maximising total payoff", "egalitarian": "maximising the lowest payoff",
                "player": f"maximising {self.player}'s payoff", "any": "any"}[self.objective]
        pays = ", ".join(f"{p} {format_number(v)}" for p, v in zip(self.players, self.payoffs))
        exact = "exact" if self.exact else "float"
        return (f"{kind.capitalize()} ({goal}, {exact}) on {len(self.distribution)} "
                f"profile{'s' if len(self.distribution) != 1 else ''}: expected payoffs {pays}.")


def _constraints(payoffs: np.ndarray, shape: tuple[int, ...], coarse: bool) -> list[np.ndarray]:
    """Incentive-constraint rows (each over the flattened profiles), in float or exact."""
    rows: list[np.ndarray] = []
    for i, m in enumerate(shape):
        u = payoffs[i]
        idx = np.indices(shape)[i]
        for t in range(m):
            diff = np.take(u, [t], axis=i) - u  # u_i(t, p_-i) - u_i(p), broadcast along axis i
            if coarse:
                rows.append(diff.reshape(-1))
                continue
            for s in range(m):
                if s != t:
                    rows.append(np.where(idx == s, diff, 0 * diff).reshape(-1))
    return rows


def _objective_rows(objective: str, flat_u: list[np.ndarray], k: int | None) -> np.ndarray:
    if objective == "welfare":
        return -sum(flat_u[1:], flat_u[0])
    if objective == "player":
        assert k is not None
        return -flat_u[k]
    return np.zeros_like(flat_u[0])


def correlated_equilibrium(game: Game, objective: str = "welfare", *, coarse: bool = False,
                           player: int | str | None = None) -> CorrelatedResult:
    """A correlated (or coarse correlated) equilibrium optimising *objective*.

    Parameters
    ----------
    game : Game
        Any finite normal-form game with N >= 2 players.
    objective : {"welfare", "egalitarian", "player", "any"}
        Maximise the total expected payoff, the lowest expected payoff, one player's expected
        payoff (*player*), or return any equilibrium.
    coarse : bool
        A coarse correlated equilibrium (deviations committed before the recommendation).
    player : str or int, optional
        The player for ``objective="player"`` (name or index).

    Returns
    -------
    CorrelatedResult

    Raises
    ------
    GameError
        Unknown objective or player, or *player* given without ``objective="player"``.
    GameTooLarge
        The LP would have more than :data:`MAX_LP_ENTRIES` constraint entries.

    Notes
    -----
    One LP over the profile probabilities (plus the minimum payoff for ``"egalitarian"``),
    solved in floats by HiGHS (:func:`treaty._exact.lp.solve_lp`).  For an exact game the
    float point is rationalised (:mod:`treaty._exact.rational`) and checked in Fractions;
    failing that, the vertex of the LP's tightest independent constraints is solved exactly
    (:func:`treaty._exact.linalg.solve_independent`) and checked; failing both, the float
    distribution is returned with ``exact=False`` and a note.  Sources: Aumann (1974);
    Nisan et al., *Algorithmic Game Theory* (2007), section 2.3.

    Examples
    --------
    >>> import treaty
    >>> chicken = treaty.Game.from_arrays([[6, 2], [7, 0]], [[6, 7], [2, 0]],
    ...                                   strategies=[["C", "D"]] * 2)
    >>> ce = correlated_equilibrium(chicken)
    >>> {p: str(q) for p, q in ce.distribution.items()}
    {('C', 'C'): '1/2', ('C', 'D'): '1/4', ('D', 'C'): '1/4'}
    >>> [str(v) for v in ce.payoffs], ce.exact, ce.max_violation
    (['21/4', '21/4'], True, Fraction(0, 1))
    """
    if not isinstance(game, Game):
        raise GameError(f"correlated_equilibrium needs a Game, got {type(game).__name__}")
    if objective not in OBJECTIVES:
        raise GameError(f"unknown objective {objective!r}: "
                        f"{did_you_mean(str(objective), OBJECTIVES)}")
    k: int | None = None
    if objective == "player":
        if player is None:
            raise GameError('objective="player" needs player= (a name or an index)')
        k = game.player_index(player)
    elif player is not None:
        raise GameError(f'player= is only used with objective="player", not {objective!r}')
    shape = game.shape
    n = game.n_profiles
    n_cons = sum(m if coarse else m * (m - 1) for m in shape)
    if n * max(n_cons, 1) > MAX_LP_ENTRIES:
        raise GameTooLarge(
            f"the correlated-equilibrium LP has {n} profiles x {n_cons} constraints = "
            f"{n * n_cons} entries, over the limit of {MAX_LP_ENTRIES}")

    fu = game.float_payoffs
    rows_f = _constraints(fu, shape, coarse)
    flat_uf = [fu[i].reshape(-1) for i in range(game.n_players)]
    egal = objective == "egalitarian"
    d = n + (1 if egal else 0)
    a_ub = [np.append(r, 0.0) if egal else r for r in rows_f]
    if egal:
        a_ub += [np.append(-u, 1.0) for u in flat_uf]  # z - E[u_i] <= 0
        c = np.zeros(d)
        c[-1] = -1.0
    else:
        c = _objective_rows(objective, flat_uf, k)
    a_eq = [np.append(np.ones(n), 0.0) if egal else np.ones(n)]
    bounds = [(0, None)] * n + ([(None, None)] if egal else [])
    A = np.array(a_ub, dtype=np.float64).reshape(len(a_ub), d) if a_ub else None
    what = "coarse correlated equilibrium" if coarse else "correlated equilibrium"
    sol = solve_lp(c, a_ub=A, b_ub=np.zeros(len(a_ub)) if a_ub else None, a_eq=a_eq, b_eq=[1.0],
                   bounds=bounds, method="highs-ds", what=what)
    scale = max(1.0, float(fu.max() - fu.min()))
    profiles = [tuple(game.strategies[i][j] for i, j in enumerate(p)) for p in np.ndindex(*shape)]
    pname = game.players[k] if k is not None else None
    flat_ue: list[np.ndarray] = []

    def result(mu: list[Any], exact: bool, violation: Any, note: str) -> CorrelatedResult:
        pays = tuple(sum((q * u for q, u in zip(mu, uu) if q), 0 * uu[0])
                     for uu in (flat_ue if exact else flat_uf))
        if not exact:
            pays = tuple(float(v) for v in pays)
        dist = {p: q for p, q in zip(profiles, mu) if q > 0}
        return CorrelatedResult(game.players, game.strategies, dist, pays, objective, coarse,
                                exact, violation, pname, note)

    if game.is_exact:
        eu = game.payoffs
        rows_int, scale_int = integer_rows(eu, shape, coarse)
        rows_e = _constraints(eu, shape, coarse) if rows_int is None else None
        flat_ue.extend(eu[i].reshape(-1) for i in range(game.n_players))
        target = -sol.fun  # the LP optimum of the maximised quantity

        def value(q: list[Fraction]) -> Fraction:
            pays = [sum((a * b for a, b in zip(q, uu) if a), Fraction(0)) for uu in flat_ue]
            if objective == "welfare":
                return sum(pays, Fraction(0))
            if objective == "player":
                assert k is not None
                return pays[k]
            return min(pays) if egal else Fraction(0)

        def certify(q: list[Fraction], proven: bool = False) -> Fraction | None:
            if any(v < 0 for v in q) or sum(q, Fraction(0)) != 1:
                return None
            if rows_int is not None:
                worst = max_row_value(rows_int, q) / scale_int
            else:
                assert rows_e is not None
                lhs = [sum((a * b for a, b in zip(q, r) if a and b), Fraction(0)) for r in rows_e]
                worst = max(lhs, default=Fraction(0))
            if worst > 0:
                return None
            if not proven and objective != "any" and float(value(q)) < target - FLOAT_TOL * scale:
                return None
            return worst

        x = sol.x[:n]
        for q in rational_candidates(np.clip(x, 0, None), DENOMINATOR_BOUNDS):
            worst = certify(q)
            if worst is not None:
                return result(q, True, worst, "LP solution rationalised and checked exactly")
        basic = _basis_vertex(rows_int, rows_e, flat_ue, n, egal, objective, k)
        if basic is not None:
            worst = certify(basic, proven=True)  # optimal by its exact dual: HiGHS's float
            # optimum may exceed it by more than the tolerance (a point infeasible by 1e-9)
            if worst is not None:
                return result(basic, True, worst, "exact vertex of HiGHS's optimal basis, its "
                              "optimality certified by an exact dual solution")
        if rows_e is None:  # the exact vertex needs the rows as Python numbers
            assert rows_int is not None
            rows_e = [r.astype(object) for r in rows_int]
        for vertex in _exact_vertices(sol.x, A, rows_e, flat_ue, n, egal, sol.ineq_marginals):
            worst = certify(vertex[:n])
            if worst is not None:
                return result(vertex[:n], True, worst,
                              "exact vertex of the LP's tight constraints, checked exactly")
        note_fail = "exact certification failed: float distribution"
    else:
        note_fail = "float game"
    # HiGHS's entries within its tolerance of 0 (either sign) are dropped before normalising,
    # so the reported distribution sums to 1 and its payoffs are the LP's to rounding
    mu_f = np.where(sol.x[:n] > FLOAT_TOL, sol.x[:n], 0.0)
    mu_f = mu_f / mu_f.sum()
    viol = max((float(r @ mu_f) for r in rows_f), default=0.0)
    mu_list = [float(v) for v in mu_f]
    return result(mu_list, False, viol, note_fail)




def integer_rows(payoffs: np.ndarray, shape: tuple[int, ...], coarse: bool
                 ) -> tuple[np.ndarray | None, int]:
    """The incentive rows of an exact game scaled to int64 by the payoffs' common denominator.

    Returns ``(rows, L)`` with ``rows = L * (exact rows)`` as an ``(k, n_profiles)`` int64
    array, or ``(None, 1)`` when the scaled payoffs could overflow (the Fraction rows are then
    used).  Scaling by ``L > 0`` keeps every constraint ``row @ x <= 0`` the same, and the
    integer rows make the exact check one integer matrix product on the support.
    """
    flat = [Fraction(v) for v in payoffs.reshape(-1)]
    scale = 1
    for v in flat:
        scale = scale * v.denominator // gcd(scale, v.denominator)
    ints = [v.numerator * (scale // v.denominator) for v in flat]
    if not ints or max(abs(v) for v in ints) >= 2 ** 40:
        return None, 1
    arr = np.array(ints, dtype=np.int64).reshape(payoffs.shape)
    rows = _constraints(arr, shape, coarse)
    if not rows:
        return np.zeros((0, int(np.prod(shape))), dtype=np.int64), scale
    return np.array(rows, dtype=np.int64), scale


def max_row_value(rows: np.ndarray, q: Sequence[Fraction]) -> Fraction:
    """``max(rows @ q)`` exactly (0 without rows), for int64 *rows* and Fraction *q*: one
    product of Python integers over the support of *q* with a common denominator."""
    if rows.shape[0] == 0:
        return Fraction(0)
    support = [j for j, v in enumerate(q) if v]
    den = 1
    for j in support:
        d = Fraction(q[j]).denominator
        den = den * d // gcd(den, d)
    num = np.array([int(Fraction(q[j]) * den) for j in support], dtype=object)
    lhs = rows[:, support].astype(object) @ num if support else np.zeros(rows.shape[0], dtype=object)
    return Fraction(int(max(lhs)), den)

def _exact_vertices(x: np.ndarray, A: np.ndarray | None, rows_e: list[np.ndarray],
                    flat_ue: list[np.ndarray], n: int, egal: bool,
                    duals: np.ndarray | None = None) -> Iterator[list[Fraction]]:
    """Exact candidates for the LP's basic point *x*: first on its support, then in full.

    Rows with a nonzero dual (*duals*, HiGHS's marginals of the inequality rows) are tight at
    the optimum by complementary slackness and are taken first; then rows by their slack.  The
    full system is tried only up to :data:`MAX_FULL_VERTEX` variables (beyond, an exact solve
    of every column takes minutes).
    """
    support = [j for j in range(n) if x[j] > SUPPORT_TOL] + ([n] if egal else [])
    if len(support) < len(x):
        v = _exact_vertex(x, A, rows_e, flat_ue, n, egal, columns=support, duals=duals)
        if v is not None:
            yield v
    if len(x) <= MAX_FULL_VERTEX:
        v = _exact_vertex(x, A, rows_e, flat_ue, n, egal, duals=duals)
        if v is not None:
            yield v


def _exact_vertex(x: np.ndarray, A: np.ndarray | None, rows_e: list[np.ndarray],
                  flat_ue: list[np.ndarray], n: int, egal: bool,
                  columns: list[int] | None = None, duals: np.ndarray | None = None
                  ) -> list[Fraction] | None:
    """Solve exactly the LP's tightest independent constraints at the basic point *x*.

    With *columns*, the variables outside them are fixed at 0 and the square system is solved
    in the remaining ones only (the support of a basic point is small: on a 30x30 game about 60
    of 900 profiles, which turns an exact solve of minutes into milliseconds); the result is
    expanded with zeros.  None when the tight rows do not determine a point.
    """
    d = len(x)
    cols = list(range(d)) if columns is None else columns
    eq = ([1] * n + ([0] if egal else []), 1)
    cands: list[tuple[float, tuple[list[Any], Any]]] = []
    exact_ub = [list(r) + ([0] if egal else []) for r in rows_e]
    if egal:
        exact_ub += [[-v for v in u] + [1] for u in flat_ue]
    if A is not None:
        for k, (r_f, r_e) in enumerate(zip(A, exact_ub)):
            norm = float(np.linalg.norm(r_f)) or 1.0
            tight = duals is not None and k < len(duals) and abs(float(duals[k])) > DUAL_TOL
            cands.append((-1.0 if tight else abs(float(r_f @ x)) / norm, (r_e, 0)))
    for j in cols:
        if j < n:
            e = [0] * d
            e[j] = 1
            cands.append((abs(float(x[j])), (e, 0)))
    cands.sort(key=lambda t: t[0])
    rows = [eq] + [row for _, row in cands]
    if columns is None:
        return solve_independent(rows, d)
    sub = solve_independent([([r[j] for j in cols], b) for r, b in rows], len(cols))
    if sub is None:
        return None
    full = [Fraction(0)] * d
    for j, v in zip(cols, sub):
        full[j] = v
    return full


def _basis_vertex(rows_int: np.ndarray | None, rows_e: list[np.ndarray] | None,
                  flat_ue: list[np.ndarray], n: int, egal: bool, objective: str,
                  k: int | None) -> list[Fraction] | None:
    """The correlated equilibrium at HiGHS's optimal basis, exact and certified optimal, or
    None.

    The LP is solved again through :func:`treaty._exact.lp.solve_lp_exact`, which keeps
    HiGHS's basis and verifies it in Fractions: the basic solution must satisfy every
    constraint exactly and the duals of the basis must prove it optimal (weak duality).  On
    degenerate LPs, whose float point lies on many constraints at once, this vertex is exact
    where rounding the float point or guessing the tight constraints from it fails.
    """
    from .._exact.lp import solve_lp_exact

    rows = rows_int if rows_int is not None else np.array(rows_e, dtype=object)
    m = rows.shape[0]
    d = n + (1 if egal else 0)
    a = np.zeros((m + (len(flat_ue) if egal else 0) + 1, d), dtype=object)
    a[:m, :n] = rows
    lower: list[Any] = [None] * m
    upper: list[Any] = [0] * m
    if egal:
        for i, u in enumerate(flat_ue):  # z - E[u_i] <= 0
            a[m + i, :n] = -u
            a[m + i, n] = 1
            lower.append(None)
            upper.append(0)
    a[-1, :n] = 1
    lower.append(1)
    upper.append(1)
    if egal:
        cost: list[Any] = [0] * n + [-1]
    elif objective == "welfare":
        cost = list(-sum(flat_ue[1:], flat_ue[0]))
    elif objective == "player":
        assert k is not None
        cost = list(-flat_ue[k])
    else:
        cost = [0] * n
    try:
        _, ex = solve_lp_exact(cost, a, lower, upper, [0] * n + ([None] if egal else []),
                               [None] * d, what="correlated equilibrium")
    except SolverError:
        return None
    return None if ex is None else list(ex.x[:n])
