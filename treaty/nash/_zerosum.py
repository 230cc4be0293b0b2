"""Value and optimal strategies of two-player zero-sum games, by linear programming."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np

from .._exact.linalg import solve_independent
from .._exact.lp import solve_lp
from .._exact.numbers import float_view, number_to_json, to_exact_array
from .._exact.rational import DENOMINATOR_BOUNDS, rational_simplex
from ..errors import GameError, SolverError
from ..results import StrEnum

__all__ = ["ZeroSumResult", "ZeroSumMethod", "solve_zero_sum", "FLOAT_GAP_TOL"]

#: Float games: the row strategy's guaranteed payoff and the column strategy's guaranteed
#: ceiling differ by at most this times ``max(1, payoff range)``.
FLOAT_GAP_TOL = 1e-7


class ZeroSumMethod(StrEnum):
    """How the optimal strategies were obtained (values of :attr:`ZeroSumResult.method`)."""

    LP = "lp"  #: the LP solutions, rationalised (exact games) and certified
    LP_SUPPORT = "lp-support"  #: exact solution of the equalities on the LP's supports
    VERTEX = "vertex-enumeration"  #: an extreme equilibrium (fallback)


@dataclass(frozen=True)
class ZeroSumResult:
    """Value of a zero-sum game and one pair of optimal strategies.

    Attributes
    ----------
    value : Fraction or float
        The value: the payoff the row player (the maximiser of ``A``) can guarantee and the
        column player can hold her to.
    row_strategy, col_strategy : tuple
        Optimal (maximin and minimax) mixed strategies, probabilities in strategy order.
    exact : bool
        True when value and strategies are exact and certified: ``min_j (x^T A)_j = value =
        max_i (A y)_i`` holds exactly.
    method : str
        One of the :class:`ZeroSumMethod` constants.
    """

    value: Any
    row_strategy: tuple
    col_strategy: tuple
    exact: bool
    method: str = ZeroSumMethod.LP

    def describe(self) -> str:
        from .._exact.numbers import format_number

        def mix(p: tuple) -> str:
            return ", ".join(format_number(v) for v in p)

        how = "exact, certified" if self.exact else "floating point"
        return (f"value {format_number(self.value)}: row strategy ({mix(self.row_strategy)}), "
                f"column strategy ({mix(self.col_strategy)}) ({how}; method {self.method})")

    def to_dict(self) -> dict[str, Any]:
        return {
            "value": number_to_json(self.value),
            "row_strategy": [number_to_json(p) for p in self.row_strategy],
            "col_strategy": [number_to_json(p) for p in self.col_strategy],
            "exact": self.exact,
            "method": self.method,
        }


def _lp_strategies(Af: np.ndarray) -> tuple[np.ndarray, np.ndarray, float]:
    """Maximin strategy of the row player and minimax strategy of the column player of ``Af``.

    Row LP: maximise ``v`` s.t. ``A^T x >= v 1``, ``1^T x = 1``, ``x >= 0``; column LP:
    minimise ``w`` s.t. ``A y <= w 1``, ``1^T y = 1``, ``y >= 0`` (Dantzig 1951).  HiGHS dual
    simplex, so that the solutions are basic (small supports).
    """
    m, n = Af.shape
    row = solve_lp(
        np.r_[np.zeros(m), -1.0],
        a_ub=np.hstack([-Af.T, np.ones((n, 1))]),
        b_ub=np.zeros(n),
        a_eq=np.r_[np.ones(m), 0.0][None, :],
        b_eq=[1.0],
        bounds=[(0, None)] * m + [(None, None)],
        method="highs-ds",
        what="zero-sum LP of the row player",
    )
    col = solve_lp(
        np.r_[np.zeros(n), 1.0],
        a_ub=np.hstack([Af, -np.ones((m, 1))]),
        b_ub=np.zeros(m),
        a_eq=np.r_[np.ones(n), 0.0][None, :],
        b_eq=[1.0],
        bounds=[(0, None)] * n + [(None, None)],
        method="highs-ds",
        what="zero-sum LP of the column player",
    )
    x = np.maximum(row.x[:m], 0.0)
    y = np.maximum(col.x[:n], 0.0)
    return x / x.sum(), y / y.sum(), float(-row.fun)


def _bounds(A: np.ndarray, x: Sequence[Any] | np.ndarray, y: Sequence[Any] | np.ndarray) -> tuple[Any, Any]:
    """``(min_j (x^T A)_j, max_i (A y)_i)``: what x guarantees and what y concedes."""
    xa = [sum(x[i] * A[i, j] for i in range(A.shape[0]) if x[i]) for j in range(A.shape[1])]
    ay = [sum(A[i, j] * y[j] for j in range(A.shape[1]) if y[j]) for i in range(A.shape[0])]
    return min(xa), max(ay)


def _support_solution(Ae: np.ndarray, S: list[int], T: list[int]) -> list[Fraction] | None:
    """Exact ``x`` on support ``S`` equalising the columns ``T``: ``A[S,T]^T x = v``, sum 1.

    Solved by exact Gaussian elimination on ``|S| + 1`` independent equations among these;
    None when they do not determine ``x``.
    """
    d = len(S) + 1  # unknowns x_S and v
    eqs = [([Ae[i, j] for i in S] + [Fraction(-1)], Fraction(0)) for j in T]
    eqs.insert(0, ([Fraction(1)] * len(S) + [Fraction(0)], Fraction(1)))
    sol = solve_independent(eqs, d)
    if sol is None:
        return None
    x = [Fraction(0)] * Ae.shape[0]
    for i, v in zip(S, sol[:-1]):
        x[i] = v
    return x


def solve_zero_sum(A: np.ndarray, *, exact: bool) -> ZeroSumResult:
    """Value and a pair of optimal strategies of the zero-sum game with row payoffs ``A``.

    Parameters
    ----------
    A : ndarray, shape (m, n)
        The row player's payoffs (the column player receives ``-A``).  Exact (object array of
        Fraction or integers) or float.
    exact : bool
        Return the exact value and exact, certified optimal strategies.

    Returns
    -------
    ZeroSumResult

    Notes
    -----
    Minimax theorem: von Neumann (1928), "Zur Theorie der Gesellschaftsspiele", Mathematische
    Annalen 100.  Linear-programming formulation: Dantzig (1951), "A proof of the equivalence of
    the programming problem and the game problem", in Koopmans (ed.), Activity Analysis of
    Production and Allocation.

    1. Normalise ``A`` to ``[0, 1]`` and solve the row player's and the column player's LPs
       with HiGHS (dual simplex, so the solutions are basic).
    2. Float games: the value is the midpoint of ``min_j (x^T A)_j`` and ``max_i (A y)_i``,
       whose gap must be at most ``FLOAT_GAP_TOL * max(1, payoff range)``; otherwise the
       result comes from vertex enumeration.
    3. Exact games: rationalise ``x`` and ``y`` (small denominators first) and certify
       exactly that ``min_j (x^T A)_j = max_i (A y)_i``; this common number is the value and
       both strategies are optimal (weak duality).  Failing that, solve exactly the
       equalities on the LP's supports (``x`` equalises the columns in the support of ``y``
       and vice versa) and certify again.  Failing that, take an extreme equilibrium of
       ``(A, -A)`` from :func:`treaty.nash._vertex.extreme_equilibria` (every
       equilibrium of a zero-sum game is a pair of optimal strategies) and certify it.

    Examples
    --------
    Matching pennies:

    >>> import numpy as np
    >>> res = solve_zero_sum(np.array([[1, -1], [-1, 1]]), exact=True)
    >>> res.value, [str(p) for p in res.row_strategy], [str(p) for p in res.col_strategy]
    (Fraction(0, 1), ['1/2', '1/2'], ['1/2', '1/2'])
    """
    A = np.asarray(A)
    if A.ndim != 2 or A.size == 0:
        raise GameError(f"A must be a non-empty matrix, got shape {A.shape}")
    if exact:
        Ae = to_exact_array(A)
        Af = float_view(Ae)
    else:
        Ae = None
        Af = float_view(A)
        if not np.all(np.isfinite(Af)):
            raise GameError("payoffs must be finite")
    lo, rng = float(Af.min()), float(np.ptp(Af))
    x, y, _ = _lp_strategies((Af - lo) / rng if rng > 0 else np.zeros_like(Af))

    if Ae is None:
        low, high = _bounds(Af, x, y)
        if high - low <= FLOAT_GAP_TOL * max(1.0, rng):
            return ZeroSumResult(
                (low + high) / 2, tuple(map(float, x)), tuple(map(float, y)), False
            )
        return _from_vertex(Af, exact=False)

    for den in DENOMINATOR_BOUNDS:
        xq, yq = rational_simplex(x, den), rational_simplex(y, den)
        if xq is None or yq is None:
            continue
        low, high = _bounds(Ae, xq, yq)
        if low == high:
            return ZeroSumResult(low, tuple(xq), tuple(yq), True, ZeroSumMethod.LP)
    tol = 1e-9
    Sx = [i for i in range(len(x)) if x[i] > tol]
    Sy = [j for j in range(len(y)) if y[j] > tol]
    xs = _support_solution(Ae, Sx, Sy)
    ys = _support_solution(-Ae.T, Sy, Sx)
    if xs is not None and ys is not None and min(xs) >= 0 and min(ys) >= 0:
        low, high = _bounds(Ae, xs, ys)
        if low == high:
            return ZeroSumResult(low, tuple(xs), tuple(ys), True, ZeroSumMethod.LP_SUPPORT)
    return _from_vertex(Ae, exact=True)


def _from_vertex(A: np.ndarray, exact: bool) -> ZeroSumResult:
    """Optimal strategies from an extreme equilibrium of ``(A, -A)``, certified."""
    from ._vertex import extreme_equilibria

    res = extreme_equilibria(A, -A, exact=exact)
    x, y = res.equilibria[0]
    low, high = _bounds(A, x, y)
    if exact and low != high:
        raise SolverError("zero-sum certification failed: the equilibrium is not optimal")
    value = low if exact else (low + high) / 2
    return ZeroSumResult(value, tuple(x), tuple(y), exact, ZeroSumMethod.VERTEX)
