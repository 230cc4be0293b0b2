"""The one wrapper over SciPy's linear-programming solver (HiGHS).

Every LP of the engine (mixed dominance, zero-sum value, minmax values, least core and
nucleolus) goes through :func:`solve_lp`, which returns the solution or raises
:class:`~treaty.errors.SolverError` naming the LP and HiGHS's status.  Float solutions are
candidates only: exact callers rationalise them (:mod:`treaty._exact.rational`) and certify
the result in exact arithmetic.

Source: HiGHS (Huangfu and Hall, "Parallelizing the dual revised simplex method",
Mathematical Programming Computation 10 (2018) 119-142) through
``scipy.optimize.linprog`` (https://docs.scipy.org/doc/scipy/reference/generated/scipy.optimize.linprog.html).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum
from typing import Any

import numpy as np

from ..errors import SolverError

__all__ = ["LPStatus", "LPSolution", "solve_lp", "LPSession"]


class LPStatus(IntEnum):
    """``scipy.optimize.linprog`` status codes."""

    OPTIMAL = 0
    ITERATION_LIMIT = 1
    INFEASIBLE = 2
    UNBOUNDED = 3
    NUMERICAL = 4


@dataclass(frozen=True)
class LPSolution:
    """An optimal solution: the point, the objective value and the duals.

    ``ineq_marginals`` and ``eq_marginals`` are the sensitivities of the objective to the
    right-hand sides (``res.ineqlin.marginals`` and ``res.eqlin.marginals``; empty when the LP
    has no such rows).
    """

    x: np.ndarray
    fun: float
    ineq_marginals: np.ndarray
    eq_marginals: np.ndarray


def solve_lp(c: Any, *, a_ub: Any = None, b_ub: Any = None, a_eq: Any = None, b_eq: Any = None,
             bounds: Any = (0, None), method: str = "highs", what: str = "LP") -> LPSolution:
    """Minimise ``c @ x`` s.t. ``a_ub @ x <= b_ub``, ``a_eq @ x == b_eq``, *bounds*.

    Parameters
    ----------
    c, a_ub, b_ub, a_eq, b_eq, bounds
        As for ``scipy.optimize.linprog`` (bounds default to ``x >= 0``).
    method : {"highs", "highs-ds", "highs-ipm"}
        ``"highs-ds"`` (dual simplex) when the caller needs a basic solution.
    what : str
        What the LP computes, for the error message.

    Raises
    ------
    SolverError
        When HiGHS does not report an optimum (infeasible, unbounded, iteration limit or
        numerical trouble).

    Examples
    --------
    >>> sol = solve_lp([-1, -1], a_ub=[[1, 2], [3, 1]], b_ub=[4, 6])
    >>> [round(float(v), 9) for v in sol.x], round(sol.fun, 9)
    ([1.6, 1.2], -2.8)
    >>> solve_lp([-1], what="a test LP")
    Traceback (most recent call last):
    ...
    treaty.errors.SolverError: a test LP: the LP solver found no optimum (unbounded: ...
    """
    from scipy.optimize import linprog

    res = linprog(c, A_ub=a_ub, b_ub=b_ub, A_eq=a_eq, b_eq=b_eq, bounds=bounds, method=method)
    if res.status != LPStatus.OPTIMAL or res.x is None:
        try:
            name = LPStatus(res.status).name.lower().replace("_", " ")
        except ValueError:  # pragma: no cover - scipy's codes are 0..4
            name = f"status {res.status}"
        raise SolverError(f"{what}: the LP solver found no optimum ({name}: {res.message})")
    ineq = getattr(res, "ineqlin", None)
    eq = getattr(res, "eqlin", None)
    return LPSolution(
        np.asarray(res.x, dtype=np.float64), float(res.fun),
        np.asarray(ineq.marginals if ineq is not None else [], dtype=np.float64),
        np.asarray(eq.marginals if eq is not None else [], dtype=np.float64),
    )


class LPSession:
    """A minimisation LP kept between solves, for row generation: rows are added, re-bounded
    or changed, and each solve starts from the previous optimal basis.

    Rows read ``lower <= a @ x <= upper`` (``-inf``/``inf`` for a missing side; a free row
    is inert).  With highspy (HiGHS's own Python interface) the model lives in one HiGHS
    instance and every :meth:`solve` after a change is a warm-started dual simplex (a few
    pivots after adding violated rows); without highspy each solve builds the LP from
    scratch through :func:`solve_lp` (same answers, slower).

    :meth:`solve` returns an :class:`LPSolution` whose ``ineq_marginals`` holds one dual per
    row (all rows, in order of addition): the sensitivity of the optimum to the row's active
    bound, so ``>= 0`` for a row at its lower bound; ``eq_marginals`` is empty.

    Source: HiGHS (Huangfu and Hall 2018, cited above); warm starts after adding rows are the
    dual simplex's standard use in cutting-plane methods.

    Examples
    --------
    >>> s = LPSession([1.0, 1.0], [0.0, 0.0], [np.inf, np.inf], backend="scipy")
    >>> s.add_rows(np.array([[1.0, 2.0]]), [2.0], [np.inf])
    >>> [round(float(v), 9) for v in s.solve().x]
    [0.0, 1.0]
    >>> s.set_row_bounds([0], [4.0], [4.0])
    >>> sol = s.solve()
    >>> round(sol.fun, 9), [round(float(d), 9) for d in sol.ineq_marginals]
    (2.0, [0.5])
    """

    def __init__(self, cost: Any, col_lower: Any, col_upper: Any, *, what: str = "LP",
                 backend: str = "auto") -> None:
        self.what = what
        self._cost = np.asarray(cost, dtype=np.float64)
        self._col_lo = np.asarray(col_lower, dtype=np.float64)
        self._col_hi = np.asarray(col_upper, dtype=np.float64)
        self._rows: list[np.ndarray] = []
        self._lo: list[float] = []
        self._hi: list[float] = []
        self._highs: Any = None
        if backend not in ("auto", "highspy", "scipy"):
            raise SolverError(f"{what}: unknown LP backend {backend!r} (auto, highspy, scipy)")
        if backend != "scipy":
            try:
                import highspy
            except ImportError:
                if backend == "highspy":
                    raise SolverError(f"{what}: highspy is not installed") from None
            else:
                # the pybind core class: highspy.Highs (its subclass) enables callbacks at
                # construction, which prints HiGHS's banner on stdout before any option is set
                h = getattr(highspy, "_Highs", highspy.Highs)()
                h.setOptionValue("output_flag", False)
                h.setOptionValue("threads", 1)
                ncol = len(self._cost)
                h.addCols(ncol, self._cost, _highs_inf(self._col_lo), _highs_inf(self._col_hi),
                          0, np.zeros(ncol, dtype=np.int32), np.zeros(0, dtype=np.int32),
                          np.zeros(0))
                self._highs = h
                self._status = highspy.HighsModelStatus

    @property
    def n_rows(self) -> int:
        return len(self._lo)

    @property
    def warm(self) -> bool:
        """True when solves are warm-started (highspy)."""
        return self._highs is not None

    def add_rows(self, a: np.ndarray, lower: Any, upper: Any) -> None:
        """Append the rows of the dense matrix *a* with their bounds."""
        a = np.asarray(a, dtype=np.float64).reshape(-1, len(self._cost))
        lo = np.asarray(lower, dtype=np.float64).reshape(-1)
        hi = np.asarray(upper, dtype=np.float64).reshape(-1)
        self._rows.extend(a)
        self._lo.extend(lo.tolist())
        self._hi.extend(hi.tolist())
        if self._highs is not None:
            r, c = np.nonzero(a)
            starts = np.searchsorted(r, np.arange(len(a))).astype(np.int32)
            self._highs.addRows(len(a), _highs_inf(lo), _highs_inf(hi), len(r), starts,
                                c.astype(np.int32), a[r, c])

    def set_row_bounds(self, rows: Any, lower: Any, upper: Any) -> None:
        """New bounds for the given rows (indices in order of addition)."""
        lo = np.broadcast_to(np.asarray(lower, dtype=np.float64), (len(rows),))
        hi = np.broadcast_to(np.asarray(upper, dtype=np.float64), (len(rows),))
        for k, (a, b) in zip(rows, zip(lo.tolist(), hi.tolist())):
            self._lo[k], self._hi[k] = a, b
            if self._highs is not None:
                self._highs.changeRowBounds(int(k), _highs_inf(a), _highs_inf(b))

    def set_coefficient(self, row: int, col: int, value: float) -> None:
        self._rows[row] = self._rows[row].copy()
        self._rows[row][col] = value
        if self._highs is not None:
            self._highs.changeCoeff(int(row), int(col), float(value))

    def solve(self) -> LPSolution:
        """Solve (warm-started when possible); :class:`SolverError` unless optimal."""
        if self._highs is None:
            return self._solve_scipy()
        h = self._highs
        h.run()
        status = h.getModelStatus()
        if status != self._status.kOptimal:
            raise SolverError(f"{self.what}: the LP solver found no optimum "
                              f"({h.modelStatusToString(status)})")
        sol = h.getSolution()
        return LPSolution(np.asarray(sol.col_value, dtype=np.float64),
                          float(h.getInfo().objective_function_value),
                          np.asarray(sol.row_dual, dtype=np.float64), np.zeros(0))

    def _solve_scipy(self) -> LPSolution:
        a = np.array(self._rows).reshape(-1, len(self._cost))
        lo, hi = np.array(self._lo), np.array(self._hi)
        eq = np.isfinite(lo) & (lo == hi)
        ge = np.isfinite(lo) & ~eq
        le = np.isfinite(hi) & ~eq
        a_ub = np.vstack([-a[ge], a[le]])
        b_ub = np.concatenate([-lo[ge], hi[le]])
        bounds = [(None if not np.isfinite(a_) else a_, None if not np.isfinite(b) else b)
                  for a_, b in zip(self._col_lo.tolist(), self._col_hi.tolist())]
        sol = solve_lp(self._cost, a_ub=a_ub if len(b_ub) else None,
                       b_ub=b_ub if len(b_ub) else None,
                       a_eq=a[eq] if eq.any() else None, b_eq=lo[eq] if eq.any() else None,
                       bounds=bounds, what=self.what)
        duals = np.zeros(len(lo))
        n_ge = int(ge.sum())
        duals[ge] -= sol.ineq_marginals[:n_ge]
        duals[le] += sol.ineq_marginals[n_ge:]
        duals[eq] = sol.eq_marginals
        return LPSolution(sol.x, sol.fun, duals, np.zeros(0))


def _highs_inf(values: Any) -> Any:
    """HiGHS reads +-1e30 as infinite; numpy infinities pass through as such."""
    if isinstance(values, np.ndarray):
        return np.clip(values, -1e30, 1e30)
    return float(min(max(values, -1e30), 1e30))
