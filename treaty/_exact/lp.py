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

__all__ = ["LPStatus", "LPSolution", "solve_lp"]


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
