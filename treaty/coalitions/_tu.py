"""Transferable-utility solutions over a characteristic function on bitmask-indexed arrays.

``v`` is an array of length ``2^n`` with ``v[mask]`` the worth of coalition ``mask``
(``v[0] = 0``); float64 for speed, or an object array of Fractions for exact values (the
least core and the nucleolus of an exact game are then certified Fractions, see
:mod:`treaty.coalitions._tu_exact`).
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from math import comb
from typing import Any

import numpy as np

from ..errors import GameError, SolverError
from ._bits import member_matrix, popcount
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


def _bits_rows(masks: np.ndarray, n: int) -> np.ndarray:
    return member_matrix(masks, n).astype(np.float64)


def _initial_rows(n: int, free: np.ndarray) -> np.ndarray:
    """Singletons and their complements: with ``x(N) = v(N)`` they bound ``eps`` below."""
    full = (1 << n) - 1
    rows = [1 << i for i in range(n)] + [full ^ (1 << i) for i in range(n)]
    return np.array([r for r in sorted(set(rows)) if free[r]], dtype=np.int64)


class _Sequence:
    """The LP sequence of the (pre)nucleolus over one warm-started LP session.

    Columns ``x_0..x_{n-1}, eps``; row 0 is ``x(N) = v(N)``; each coalition row reads
    ``x(S) + eps >= v(S)`` while S is free, ``x(S) = v(S) - level`` once fixed at a level,
    and is made inert (free row) once its excess is determined by the fixed ones.  Rows
    enter by constraint generation: after each solve, every free coalition's excess is
    computed at once (:func:`subset_sums`) and the most violated ones are added; the next
    solve starts from the previous basis (:class:`treaty._exact.lp.LPSession`).
    """

    def __init__(self, v: np.ndarray, n: int, lower: list[float] | None, tol: float,
                 backend: str = "auto") -> None:
        from .._exact.lp import LPSession

        self.v, self.n = v, n
        self.full = (1 << n) - 1
        scale = max(1.0, float(np.max(np.abs(v))))
        self.vtol = tol * scale
        self.free = np.ones(1 << n, dtype=bool)
        self.free[0] = self.free[self.full] = False
        self.row_of = np.full(1 << n, -1, dtype=np.int64)
        self.masks: list[int] = []
        lo = np.full(n + 1, -np.inf)
        if lower is not None:
            lo[:n] = lower
        cost = np.zeros(n + 1)
        cost[n] = 1.0
        self.lp = LPSession(cost, lo, np.full(n + 1, np.inf), what="nucleolus LP",
                            backend=backend)
        self.lp.add_rows(np.append(np.ones(n), 0.0)[None, :], [v[self.full]], [v[self.full]])
        self.basis = [np.ones(n)]
        self.batch = max(32, 4 * n)
        self.lps = 0
        self.fixed: list[list[int]] = []  # the coalitions fixed at each level
        self._add(_initial_rows(n, self.free))

    def _add(self, masks: np.ndarray) -> None:
        if len(masks) == 0:
            return
        a = np.hstack([_bits_rows(masks, self.n), np.ones((len(masks), 1))])
        self.row_of[masks] = np.arange(self.lp.n_rows, self.lp.n_rows + len(masks))
        self.masks.extend(masks.tolist())
        self.lp.add_rows(a, self.v[masks], np.full(len(masks), np.inf))

    def level(self) -> tuple[np.ndarray, float, np.ndarray, np.ndarray]:
        """Minimise eps over the free coalitions; returns ``(x, eps, row duals, excesses)``
        with ``excesses[mask] = v(mask) - x(mask)`` for every coalition."""
        n = self.n
        while True:
            sol = self.lp.solve()
            self.lps += 1
            x, eps = sol.x[:n], float(sol.x[n])
            e = self.v - subset_sums(x, n)
            viol = np.flatnonzero(self.free & (self.row_of < 0) & (e > eps + self.vtol))
            if len(viol) == 0:
                return x, eps, sol.ineq_marginals, e
            if len(viol) > self.batch:
                viol = viol[np.argpartition(-e[viol], self.batch)[: self.batch]]
            self._add(viol)

    def fix(self, eps: float, excess: np.ndarray, duals: np.ndarray) -> bool:
        """Fix the free coalitions with a positive dual at ``eps`` (they are tight in every
        optimum by complementary slackness), drop the coalitions whose excess the fixed ones
        determine; True when the fixed coalitions span ``R^n`` (the point is unique).
        *excess*: the excesses at the level's point (:meth:`level`)."""
        n = self.n
        masks = np.array(self.masks, dtype=np.int64)
        d = duals[1:1 + len(masks)]
        live = self.free[masks]
        at_eps = excess[masks] >= eps - 1e3 * self.vtol
        tight = masks[live & (d > 1e-9) & at_eps]
        if len(tight) == 0:  # pragma: no cover - the duals of the eps column sum to 1
            raise SolverError("nucleolus LP: no coalition with a positive dual is tight "
                              "(numerical trouble)")
        for m in tight.tolist():
            r = int(self.row_of[m])
            self.lp.set_coefficient(r, n, 0.0)
            self.lp.set_row_bounds([r], [self.v[m] - eps], [self.v[m] - eps])
        self.free[tight] = False
        self.fixed.append(tight.tolist())
        self.basis.extend(_bits_rows(tight, n))
        basis = np.array(self.basis)
        rank = int(np.linalg.matrix_rank(basis, tol=1e-9))
        if rank >= n:
            return True
        # a coalition is in the span of the fixed rows iff orthogonal to their null space
        _, _, vt = np.linalg.svd(basis)
        in_span = self.free.copy()
        for z in vt[rank:]:
            in_span &= np.abs(subset_sums(z, n)) <= 1e-9
        self.free &= ~in_span
        gone = np.flatnonzero(in_span & (self.row_of >= 0))
        if len(gone):
            rows = self.row_of[gone]
            self.lp.set_row_bounds(rows, -np.inf, np.inf)
        return False


def least_core(v: np.ndarray, tol: float = 1e-9) -> LeastCore:
    """Least core (Maschler, Peleg, Shapley 1979): min eps s.t. ``x(N) = v(N)``,
    ``x(S) + eps >= v(S)`` for every proper non-empty S.

    Solved with HiGHS by constraint generation over the ``2^n - 2`` coalition constraints
    (warm-started re-solves, see :func:`nucleolus`).  The core is non-empty iff
    ``eps* <= 0``; the point returned is then a core point.

    For an exact game (an object array of Fractions) the float LP's vertex is re-solved in
    Fractions from the coalitions tight there and certified in exact arithmetic (every excess
    ``<= eps``, the coalitions at ``eps`` weakly balanced: an exact dual certificate, see
    :mod:`treaty.coalitions._tu_exact`); the result then has ``exact=True, certified=True``,
    else it is the float one with a ``note``.

    Examples
    --------
    >>> lc = least_core(np.array([0, 0, 0, 1, 0, 1, 0, 1], dtype=float))
    >>> round(lc.epsilon, 9), [round(x, 9) for x in lc.point], lc.core_nonempty
    (0.0, [1.0, 0.0, 0.0], True)
    >>> from fractions import Fraction as F
    >>> majority = np.array([F(a) for a in [0, 0, 0, 1, 0, 1, 1, 1]], dtype=object)
    >>> lc = least_core(majority)
    >>> str(lc.epsilon), [str(a) for a in lc.point], lc.certified
    ('1/3', ['1/3', '1/3', '1/3'], True)
    """
    va = np.asarray(v)
    exact = va.dtype == object
    vf = va.astype(np.float64)
    n = _n_of(vf)
    if n == 1:
        if exact:
            return LeastCore(Fraction(0), (Fraction(va[1]),), True, 0.0, exact=True,
                             certified=True)
        return LeastCore(0.0, (float(vf[1]),), True, tol)
    seq = _Sequence(vf, n, None, tol)
    x, eps, _, excess = seq.level()
    eps = eps + 0.0
    lc = LeastCore(eps, _out(x, False), eps <= tol, tol)
    return _exact_least_core([Fraction(a) for a in va], lc, seq, excess) if exact else lc


def _exact_least_core(vq: list[Fraction], lc: LeastCore, seq: _Sequence, excess: np.ndarray
                      ) -> LeastCore:
    """The least core of an exact game: the float LP's vertex (*lc*, with its *excess*es)
    re-solved in Fractions from the coalitions tight there, certified by
    :func:`._tu_exact.least_core_check` (feasibility and an exact dual certificate); the
    float result with ``exact=False`` and a note otherwise."""
    from dataclasses import replace

    from ._tu_exact import least_core_check, solve_vertex

    n = seq.n
    gap = lc.epsilon - excess[1:seq.full]
    near = np.flatnonzero(gap <= 1e3 * seq.vtol)
    tight = (near[np.argsort(gap[near], kind="stable")] + 1).tolist()
    z = solve_vertex(vq, n, tight)
    why = "the tight coalitions do not determine a vertex"
    if z is not None:
        ok, why = least_core_check(vq, z[0], z[1], n)
        if ok:
            return LeastCore(z[1], tuple(z[0]), z[1] <= 0, 0.0, exact=True, certified=True)
    return replace(lc, note=f"float result: the exact least core was not certified ({why})")


def nucleolus(v: np.ndarray, *, imputation: bool = True, tol: float = 1e-9,
              backend: str = "auto") -> Nucleolus:
    """Nucleolus (Schmeidler 1969) by the sequence of LPs of Kopelowitz (1967) and
    Maschler, Peleg and Shapley (1979).

    Steps: (1) minimise the largest excess eps over the free coalitions, subject to
    ``x(N) = v(N)``, the coalitions fixed at earlier levels, and ``x_i >= v({i})`` for the
    nucleolus (dropped for the prenucleolus); (2) coalitions with a positive dual value are
    tight in every optimum (complementary slackness): fix their excess at eps; (3) drop
    coalitions whose indicator vector lies in the span of the fixed ones (their excess is
    now determined); repeat until the fixed coalitions span R^n.

    All LPs of the sequence live in one HiGHS model (:class:`treaty._exact.lp.LPSession`):
    a coalition row enters when violated (constraint generation; all ``2^n`` excesses are
    checked at once with :func:`subset_sums`, the ``max(32, 4n)`` most violated enter per
    round), a fixed row becomes an equality, a determined row becomes inert, and every
    re-solve is a dual simplex warm-started from the previous basis -- the scheme of
    coopgame-py's sequential LP (``Method::ConstraintGeneration``).  Re-solving each round
    from scratch instead costs 25-100x more at n = 12..16 (benchmarks/bench_nucleolus.py),
    since each cold solve may land on another vertex of a degenerate optimal face and
    thousands of rows enter.

    Parameters
    ----------
    v : array of ``2^n`` floats
        The characteristic function, ``v[mask]`` the worth of coalition ``mask``.
    imputation : bool
        Minimise over imputations (``x_i >= v({i})``, the nucleolus) or over all
        pre-imputations (the prenucleolus).
    tol : float
        Relative tolerance (times ``max(1, max |v|)``) on the excesses.
    backend : {"auto", "highspy", "scipy"}
        ``"auto"``: the warm-started highspy model, redone with cold scipy solves if HiGHS
        reports numerical trouble (or when highspy is missing); ``"highspy"``: warm only;
        ``"scipy"``: cold solves only.

    Notes
    -----
    Exact games (an object array of Fractions): the float sequence runs on ``float(v)``; the
    point and the levels are then re-solved in Fractions from the equalities it found
    (``x(N) = v(N)``, ``x(S) + eps_k = v(S)`` for S fixed at level k, ``x_i = v({i})`` where
    that bound binds) and certified by Kohlberg's (1971) criterion in exact arithmetic
    (:func:`treaty.coalitions._tu_exact.kohlberg_check`); the result then has
    ``exact=True, certified=True``.  If the certification fails the float result is returned
    with ``exact=False`` and a ``note``.

    Examples
    --------
    >>> nu = nucleolus(np.array([0, 0, 0, 1, 0, 1, 0, 1], dtype=float))
    >>> [round(x, 9) for x in nu.point]
    [1.0, 0.0, 0.0]
    >>> from fractions import Fraction as F
    >>> v = np.array([F(a) for a in [0, 0, 0, 3, 0, 0, 0, 1]], dtype=object)  # v(12) = 3
    >>> nu = nucleolus(v)
    >>> [str(a) for a in nu.point], [str(a) for a in nucleolus(v, imputation=False).point]
    (['1/2', '1/2', '0'], ['1', '1', '-1'])
    """
    va = np.asarray(v)
    exact = va.dtype == object
    vf = va.astype(np.float64)
    n = _n_of(vf)
    vq = [Fraction(a) for a in va] if exact else []
    if n == 1:
        if exact:
            return Nucleolus((vq[1],), (), 0, imputation, exact=True, certified=True)
        return Nucleolus((float(vf[1]),), (), 0, imputation)
    full = (1 << n) - 1
    lower: list[float] | None = None
    if imputation:
        lower = [float(vf[1 << i]) for i in range(n)]
        if (sum(vq[1 << i] for i in range(n)) > vq[full] if exact
                else sum(lower) > vf[full] + tol * max(1.0, abs(float(vf[full])))):
            raise SolverError("the imputation set is empty (sum of v({i}) exceeds v(N)); "
                              "use imputation=False for the prenucleolus")
    try:
        nu, seq = _run_sequence(vf, n, lower, tol, backend, imputation)
    except SolverError:
        if backend != "auto":
            raise
        # numerical trouble in the warm-started model: redo every LP from scratch
        nu, seq = _run_sequence(vf, n, lower, tol, "scipy", imputation)
    return _exact_nucleolus(vq, nu, seq) if exact else nu


def _run_sequence(v: np.ndarray, n: int, lower: list[float] | None, tol: float, backend: str,
                  imputation: bool) -> tuple[Nucleolus, _Sequence]:
    seq = _Sequence(v, n, lower, tol, backend)
    levels: list[float] = []
    for _ in range(n + 1):
        x, eps, duals, excess = seq.level()
        levels.append(eps)
        if seq.fix(eps, excess, duals) or not seq.free.any():
            break
    return Nucleolus(_out(x, False), _out(levels, False), seq.lps, imputation), seq


def _exact_nucleolus(vq: list[Fraction], nu: Nucleolus, seq: _Sequence) -> Nucleolus:
    """The nucleolus of an exact game: the point and levels re-solved in Fractions from the
    coalitions the float sequence fixed at each level (and the bounds ``x_i >= v({i})`` that
    bind), certified by Kohlberg's criterion (:func:`._tu_exact.kohlberg_check`); the float
    result with ``exact=False`` and a note when either step fails."""
    from dataclasses import replace

    from ._tu_exact import kohlberg_check, solve_levels

    n = seq.n
    binding = ([i for i in range(n) if abs(nu.point[i] - float(vq[1 << i])) <= 1e3 * seq.vtol]
               if nu.imputation else [])
    z = solve_levels(vq, n, seq.fixed, binding)
    why = "the fixed coalitions do not determine the point"
    if z is not None:
        ok, why = kohlberg_check(vq, z[0], n, nu.imputation)
        if ok:
            return replace(nu, point=tuple(z[0]), levels=tuple(z[1]), exact=True,
                           certified=True)
    return replace(nu, note=f"float result: the exact nucleolus was not certified ({why})")


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
