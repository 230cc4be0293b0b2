"""Transferable-utility solutions over a characteristic function on bitmask-indexed arrays.

``v`` is an array of length ``2^n`` with ``v[mask]`` the worth of coalition ``mask``
(``v[0] = 0``); float64 for speed, or an object array of Fractions for exact values.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from math import comb
from typing import Any

import numpy as np

from .._exact.lp import LPSolution, solve_lp
from ..errors import GameError, SolverError
from ._bits import popcount
from ._results import LeastCore, Nucleolus

__all__ = [
    "subset_sums",
    "shapley_value",
    "banzhaf_index",
    "least_core",
    "nucleolus",
    "graph_restricted",
    "myerson_value",
]


def _out(values: Sequence[Any] | np.ndarray, exact: bool) -> tuple[Any, ...]:
    """Fractions stay; floats become Python floats with -0.0 normalised to 0.0."""
    if exact:
        return tuple(values)
    return tuple(float(a) + 0.0 for a in values)


def _n_of(v: np.ndarray) -> int:
    n = int(len(v)).bit_length() - 1
    if len(v) != 1 << n or n < 1:
        raise GameError(f"a characteristic function needs 2^n values, got {len(v)}")
    return n


def subset_sums(vec: Sequence[float] | np.ndarray, n: int) -> np.ndarray:
    """``out[mask] = sum_{i in mask} vec[i]`` for all ``2^n`` masks (float64).

    Built from a low-bit table and a high-bit table (``O(2^n)`` work, no per-mask loop).
    """
    vec = np.asarray(vec, dtype=np.float64)
    low = (n + 1) // 2

    def table(values: np.ndarray) -> np.ndarray:
        t = np.zeros(1 << len(values))
        for i, a in enumerate(values):
            t[1 << i: 2 << i] = t[: 1 << i] + a
        return t

    lo = table(vec[:low])
    hi = table(vec[low:])
    return (hi[:, None] + lo[None, :]).ravel()


def _bit_sums(c: np.ndarray, n: int) -> list[Any]:
    """``[sum of c[mask] over masks containing i] for i in range(n)``."""
    out = []
    for i in range(n):
        out.append(c.reshape(-1, 2, 1 << i)[:, 1, :].sum())
    return out


def shapley_value(v: np.ndarray) -> tuple[Any, ...]:
    """Shapley value (Shapley 1953): ``phi_i = sum_{S not i} s!(n-s-1)!/n! (v(S+i) - v(S))``.

    Rewritten as ``phi_i = sum_{S ni i} (a(S) + b(S)) - sum_S b(S)`` with
    ``a(S) = w_in(|S|) v(S)``, ``b(S) = w_out(|S|) v(S)``: one weighted array and ``n``
    strided half-array sums, ``O(n 2^n)`` with no per-coalition Python loop.  Exact when
    ``v`` holds Fractions.

    Examples
    --------
    The glove game with one left glove (player 0) and two right gloves:

    >>> v = [0, 0, 0, 1, 0, 1, 0, 1]
    >>> [str(x) for x in shapley_value(np.array([Fraction(x) for x in v], dtype=object))]
    ['2/3', '1/6', '1/6']
    """
    v = np.asarray(v)
    n = _n_of(v)
    exact = v.dtype == object
    sizes = popcount(np.arange(1 << n, dtype=np.int64))
    if exact:
        w_in = np.array([Fraction(0)] + [Fraction(1, n * comb(n - 1, s - 1)) for s in
                                         range(1, n + 1)], dtype=object)
        w_out = np.array([Fraction(1, n * comb(n - 1, s)) for s in range(n)] + [Fraction(0)],
                         dtype=object)
    else:
        w_in = np.array([0.0] + [1.0 / (n * comb(n - 1, s - 1)) for s in range(1, n + 1)])
        w_out = np.array([1.0 / (n * comb(n - 1, s)) for s in range(n)] + [0.0])
    b = w_out[sizes] * v
    c = w_in[sizes] * v + b
    total_b = b.sum()
    return _out([s - total_b for s in _bit_sums(c, n)], exact)


def banzhaf_index(v: np.ndarray) -> tuple[Any, ...]:
    """Banzhaf value (Banzhaf 1965; Owen 1975): ``beta_i = 2^{1-n} sum_{S not i} (v(S+i) - v(S))``.

    Equals ``(2 sum_{S ni i} v(S) - sum_S v(S)) / 2^{n-1}``.  Exact for Fraction input.

    Examples
    --------
    >>> banzhaf_index(np.array([0, 0, 0, 1, 0, 1, 0, 1], dtype=float))
    (0.75, 0.25, 0.25)
    """
    v = np.asarray(v)
    n = _n_of(v)
    total = v.sum()
    scale = Fraction(1, 1 << (n - 1)) if v.dtype == object else 1.0 / (1 << (n - 1))
    return _out([(2 * s - total) * scale for s in _bit_sums(v, n)], v.dtype == object)


def _lp(c: np.ndarray, a_ub: np.ndarray | None, b_ub: np.ndarray | None,
        a_eq: np.ndarray, b_eq: np.ndarray, bounds: list[tuple[Any, Any]]) -> LPSolution:
    return solve_lp(c, a_ub=a_ub, b_ub=b_ub, a_eq=a_eq, b_eq=b_eq, bounds=bounds,
                    what="least-core LP")


def _bits_rows(masks: np.ndarray, n: int) -> np.ndarray:
    return ((masks[:, None] >> np.arange(n)[None, :]) & 1).astype(np.float64)


class _Excess:
    """Excesses ``e(S) = v(S) - x(S)`` for all coalitions, with a working set of LP rows."""

    def __init__(self, v: np.ndarray, n: int) -> None:
        self.v = np.asarray(v, dtype=np.float64)
        self.n = n
        self.full = (1 << n) - 1
        self.free = np.ones(1 << n, dtype=bool)
        self.free[0] = self.free[self.full] = False

    def excess(self, x: np.ndarray) -> np.ndarray:
        return self.v - subset_sums(x, self.n)


def _initial_rows(n: int, free: np.ndarray) -> np.ndarray:
    full = (1 << n) - 1
    rows = [1 << i for i in range(n)] + [full ^ (1 << i) for i in range(n)]
    return np.array([r for r in sorted(set(rows)) if free[r]], dtype=np.int64)


def _solve_level(ex: _Excess, fixed: list[tuple[int, float]], rows: np.ndarray,
                 bounds_x: list[tuple[Any, Any]], tol: float, max_add: int
                 ) -> tuple[LPSolution, np.ndarray, int]:
    """One LP of the sequence, min eps over the free coalitions, by constraint generation."""
    n = ex.n
    lps = 0
    a_eq_rows = [np.append(np.ones(n), 0.0)]
    b_eq = [ex.v[ex.full]]
    for m, level in fixed:
        a_eq_rows.append(np.append(_bits_rows(np.array([m]), n)[0], 0.0))
        b_eq.append(ex.v[m] - level)
    a_eq = np.array(a_eq_rows)
    b_eq_arr = np.array(b_eq)
    c = np.zeros(n + 1)
    c[-1] = 1.0
    bounds = [*bounds_x, (None, None)]
    while True:
        a_ub = np.hstack([-_bits_rows(rows, n), -np.ones((len(rows), 1))])
        res = _lp(c, a_ub, -ex.v[rows], a_eq, b_eq_arr, bounds)
        lps += 1
        x, eps = res.x[:n], res.x[n]
        e = ex.excess(x)
        viol = np.flatnonzero(ex.free & (e > eps + tol))
        if len(viol) == 0:
            return res, rows, lps
        if len(viol) > max_add:
            viol = viol[np.argpartition(-e[viol], max_add)[:max_add]]
        rows = np.union1d(rows, viol)


def least_core(v: np.ndarray, tol: float = 1e-9) -> LeastCore:
    """Least core (Maschler, Peleg, Shapley 1979): min eps s.t. ``x(N) = v(N)``,
    ``x(S) + eps >= v(S)`` for every proper non-empty S.

    Solved with HiGHS by constraint generation over the ``2^n - 2`` coalition constraints.
    The core is non-empty iff ``eps* <= 0``; the point returned is then a core point.

    Examples
    --------
    >>> lc = least_core(np.array([0, 0, 0, 1, 0, 1, 0, 1], dtype=float))
    >>> round(lc.epsilon, 9), [round(x, 9) for x in lc.point], lc.core_nonempty
    (0.0, [1.0, 0.0, 0.0], True)
    """
    v = np.asarray(v, dtype=np.float64)
    n = _n_of(v)
    ex = _Excess(v, n)
    if n == 1:
        return LeastCore(0.0, (float(v[1]),), True, tol)
    res, _, _ = _solve_level(ex, [], _initial_rows(n, ex.free), [(None, None)] * n, tol,
                             max(64, 4 * n))
    eps = float(res.x[n]) + 0.0
    return LeastCore(eps, _out(res.x[:n], False), eps <= tol, tol)


def nucleolus(v: np.ndarray, *, imputation: bool = True, tol: float = 1e-9) -> Nucleolus:
    """Nucleolus (Schmeidler 1969) by the sequence of LPs of Kopelowitz (1967) and
    Maschler, Peleg and Shapley (1979).

    Steps: (1) minimise the largest excess eps over the free coalitions, subject to
    ``x(N) = v(N)``, the coalitions fixed at earlier levels, and ``x_i >= v({i})`` for the
    nucleolus (dropped for the prenucleolus); (2) coalitions with a positive dual value are
    tight in every optimum: fix their excess at eps; (3) drop coalitions whose indicator
    vector lies in the span of the fixed ones (their excess is now determined); repeat until
    the fixed coalitions span R^n.  Each LP keeps only a working set of coalition rows and
    adds the most violated ones (constraint generation), checking all ``2^n`` excesses at
    once with :func:`subset_sums`.

    Examples
    --------
    >>> nu = nucleolus(np.array([0, 0, 0, 1, 0, 1, 0, 1], dtype=float))
    >>> [round(x, 9) for x in nu.point]
    [1.0, 0.0, 0.0]
    """
    v = np.asarray(v, dtype=np.float64)
    n = _n_of(v)
    ex = _Excess(v, n)
    if n == 1:
        return Nucleolus((float(v[1]),), (), 0, imputation)
    if imputation:
        lo = [float(v[1 << i]) for i in range(n)]
        if sum(lo) > v[ex.full] + tol:
            raise SolverError("the imputation set is empty (sum of v({i}) exceeds v(N)); "
                              "use imputation=False for the prenucleolus")
        bounds_x: list[tuple[Any, Any]] = [(a, None) for a in lo]
    else:
        bounds_x = [(None, None)] * n
    fixed: list[tuple[int, float]] = []
    basis_rows = [np.ones(n)]
    rows = _initial_rows(n, ex.free)
    levels: list[float] = []
    lps = 0
    x = None
    for _ in range((1 << n) + 1):
        if not ex.free.any():
            break
        if len(rows) == 0:
            rows = np.flatnonzero(ex.free)[: max(64, 4 * n)].astype(np.int64)
        res, rows, k = _solve_level(ex, fixed, rows, bounds_x, tol, max(64, 4 * n))
        lps += k
        x = res.x[:n]
        eps = float(res.x[n])
        levels.append(eps)
        duals = -res.ineq_marginals
        tight = rows[duals > 1e-9]
        if len(tight) == 0:  # pragma: no cover - dual feasibility forces one positive dual
            tight = rows[np.argmax(duals)][None]
        for m in tight.tolist():
            fixed.append((m, eps))
            basis_rows.append(_bits_rows(np.array([m]), n)[0])
        ex.free[tight] = False
        basis = np.array(basis_rows)
        rank = np.linalg.matrix_rank(basis, tol=1e-9)
        if rank >= n:
            break
        # null space of the fixed rows: a coalition is in their span iff orthogonal to it
        _, _, vt = np.linalg.svd(basis)
        null = vt[rank:]
        in_span = np.ones(1 << n, dtype=bool)
        for z in null:
            in_span &= np.abs(subset_sums(z, n)) <= 1e-9
        ex.free &= ~in_span
        rows = rows[ex.free[rows]]
    if x is None:  # pragma: no cover
        raise SolverError("the nucleolus LP sequence did not start")
    return Nucleolus(_out(x, False), _out(levels, False), lps, imputation)


def graph_restricted(v: np.ndarray, adjacency: np.ndarray) -> np.ndarray:
    """Myerson's graph-restricted game: ``v^G(S) = sum of v(C)`` over components C of S in G.

    Components are found for all ``2^n`` coalitions at once: the component of each
    coalition's lowest member grows by OR-ing neighbour masks (a lookup table) until it stops,
    then ``v^G(S) = v(C) + v^G(S - C)``, filled in order of coalition size.
    """
    v = np.asarray(v)
    n = _n_of(v)
    adj = np.asarray(adjacency, dtype=bool)
    nbr_mask = np.array([sum(1 << j for j in range(n) if adj[i, j] and j != i)
                         for i in range(n)], dtype=np.int64)
    low = (n + 1) // 2

    def table(masks: np.ndarray) -> np.ndarray:
        t = np.zeros(1 << len(masks), dtype=np.int64)
        for i, a in enumerate(masks):
            t[1 << i: 2 << i] = t[: 1 << i] | a
        return t

    lo_t, hi_t = table(nbr_mask[:low]), table(nbr_mask[low:])
    lo_mask = (1 << low) - 1
    s = np.arange(1 << n, dtype=np.int64)
    comp = s & -s
    for _ in range(n):
        grown = (comp | lo_t[comp & lo_mask] | hi_t[comp >> low]) & s
        if np.array_equal(grown, comp):
            break
        comp = grown
    out = np.zeros(1 << n, dtype=v.dtype)
    if v.dtype == object:
        out[:] = Fraction(0)
    sizes = popcount(s)
    order = np.argsort(sizes, kind="stable")
    bounds = np.searchsorted(sizes[order], np.arange(n + 2))
    for k in range(1, n + 1):
        level = order[bounds[k]:bounds[k + 1]]
        out[level] = v[comp[level]] + out[level & ~comp[level]]
    return out


def myerson_value(v: np.ndarray, adjacency: np.ndarray) -> tuple[Any, ...]:
    """Myerson value (Myerson 1977): the Shapley value of the graph-restricted game.

    Examples
    --------
    On a path 0 - 1 - 2 with ``v(S) = |S| - 1`` for ``|S| >= 2``, the middle country
    holds the communication together:

    >>> v = np.array([0, 0, 0, 1, 0, 1, 1, 2], dtype=object) * Fraction(1)
    >>> adj = np.array([[0, 1, 0], [1, 0, 1], [0, 1, 0]])
    >>> [str(x) for x in myerson_value(v, adj)]
    ['1/2', '1', '1/2']
    """
    return shapley_value(graph_restricted(v, adjacency))
