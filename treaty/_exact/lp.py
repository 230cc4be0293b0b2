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

from collections.abc import Sequence
from dataclasses import dataclass
from enum import IntEnum
from fractions import Fraction
from math import gcd
from typing import Any

import numpy as np

from ..errors import SolverError

__all__ = ["LPStatus", "LPSolution", "solve_lp", "LPSession", "LPBasis", "ExactBasis",
           "ExactLPSolution", "ExactLP", "certify_basis", "solve_lp_exact", "minmax_exact"]


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
        """The number of rows added so far."""
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
        """Change one coefficient of a row (indices in order of addition)."""
        self._rows[row] = self._rows[row].copy()
        self._rows[row][col] = value
        if self._highs is not None:
            self._highs.changeCoeff(int(row), int(col), float(value))

    def set_cost(self, cost: Any) -> None:
        """A new objective (minimised); the next :meth:`solve` starts from the last basis, so
        a change of direction costs a few primal simplex pivots."""
        cost = np.asarray(cost, dtype=np.float64).reshape(-1)
        if cost.shape != self._cost.shape:
            raise SolverError(f"{self.what}: {len(cost)} costs for {len(self._cost)} columns")
        self._cost = cost
        if self._highs is not None:
            n = len(cost)
            self._highs.changeColsCost(n, np.arange(n, dtype=np.int32), cost)

    def set_option(self, name: str, value: Any) -> None:
        """Set a HiGHS option (e.g. ``"dual_feasibility_tolerance"``) for the next solves;
        ignored without highspy."""
        if self._highs is not None:
            self._highs.setOptionValue(name, value)

    def basis(self) -> LPBasis | None:
        """The optimal basis of the last :meth:`solve` (None without highspy, whose basis
        scipy does not expose, or when HiGHS holds no valid basis)."""
        if self._highs is None:
            return None
        b = self._highs.getBasis()
        if not b.valid:
            return None
        names = {0: "lower", 1: "basic", 2: "upper", 3: "zero", 4: "nonbasic"}
        cols = tuple(names.get(int(v), "nonbasic") for v in b.col_status)
        rows = tuple(names.get(int(v), "nonbasic") for v in b.row_status)
        return LPBasis(cols, rows)

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


# --------------------------------------------------------------------------------------------
# exact certification of a basis


@dataclass(frozen=True)
class LPBasis:
    """A simplex basis: the status of every column and row.

    Each status is ``"basic"``, ``"lower"`` / ``"upper"`` (nonbasic at that bound), ``"zero"``
    (a free nonbasic column at 0) or ``"nonbasic"`` (anything else: not certifiable).
    """

    col_status: tuple[str, ...]
    row_status: tuple[str, ...]


@dataclass(frozen=True)
class ExactLPSolution:
    """An LP optimum certified in exact arithmetic.

    ``x`` is the basic solution (primal feasible, checked exactly), ``fun`` its objective
    value, ``row_duals`` one dual per row with the sign convention of :class:`LPSession`
    (``>= 0`` at a lower bound, ``<= 0`` at an upper one, 0 for a basic row) and
    ``reduced_costs`` one per column; together they prove that no feasible point has a lower
    objective (weak duality), so ``fun`` is the exact minimum.
    """

    x: tuple[Fraction, ...]
    fun: Fraction
    row_duals: tuple[Fraction, ...]
    reduced_costs: tuple[Fraction, ...]


def _bound(v: Any) -> Fraction | None:
    """An exact bound: None for an infinite (or missing) one."""
    if v is None:
        return None
    if isinstance(v, float) and not np.isfinite(v):
        return None
    return Fraction(v)


def _scaled(v: Any, s: int) -> Fraction | None:
    b = _bound(v)
    return None if b is None else b * s


def _common(values: Sequence[Any]) -> tuple[list[int], int]:
    """Integers ``num`` and ``den > 0`` with ``values = num / den`` (Fractions or ints)."""
    fr = [Fraction(v) for v in values]
    den = 1
    for v in fr:
        den = den * v.denominator // gcd(den, v.denominator)
    return [v.numerator * (den // v.denominator) for v in fr], den


def _activities(rows: np.ndarray, x: Sequence[Fraction]) -> tuple[np.ndarray, int]:
    """``(act, den)`` with ``act / den = rows @ x``: integer activities of every row (object
    array) over the common denominator of *x*, summed over its support only."""
    support = [j for j, v in enumerate(x) if v]
    num, den = _common([x[j] for j in support])
    if not support:
        return np.zeros(rows.shape[0], dtype=object), den
    return rows[:, support] @ np.array(num, dtype=object), den


def _solve_columns(a: list[list[int]], rhs: list[list[Fraction]]) -> list[list[Fraction]] | None:
    """Solve ``a Z = rhs`` exactly for an integer square *a* and several right-hand sides (each
    inner list of *rhs* is one column); the columns of Z, or None when *a* is singular."""
    from . import _backend
    from .linalg import solve

    k = len(a)
    if not k:
        return [[] for _ in rhs]
    if _backend.backend() == "flint":
        fl = _backend.flint
        try:
            z = fl.fmpq_mat(k, k, [v for r in a for v in r]).solve(
                fl.fmpq_mat(k, len(rhs), [fl.fmpq(int(c[i].numerator), int(c[i].denominator))
                                          for i in range(k) for c in rhs]))
        except ZeroDivisionError:
            return None
        return [[Fraction(int(z[i, j].p), int(z[i, j].q)) for i in range(k)] for j in range(len(rhs))]
    out = []
    for c in rhs:
        col = solve(a, c)
        if col is None:
            return None
        out.append(col)
    return out


class ExactLP:
    """An LP with exact data, ready for certifying bases: minimise ``c @ x`` over ``lower <=
    rows @ x <= upper`` and ``col_lower <= x <= col_upper`` (None or an infinite float for a
    missing bound).

    *rows* is an integer or Fraction matrix; each row is scaled once by a positive integer to
    integers (its bounds with it), so every later product is over Python integers.
    :meth:`basis` gives the :class:`ExactBasis` of a basis (e.g. :meth:`LPSession.basis`).
    """

    def __init__(self, rows: Any, lower: Sequence[Any], upper: Sequence[Any],
                 col_lower: Sequence[Any], col_upper: Sequence[Any]) -> None:
        n = len(col_lower)
        a = np.asarray(rows, dtype=object).reshape(-1, n)
        self.scale: list[int] = []
        ints = []
        for r in a:
            if all(isinstance(v, (int, np.integer)) for v in r):
                ints.append([int(v) for v in r])
                self.scale.append(1)
            else:
                num, den = _common(list(r))
                ints.append(num)
                self.scale.append(den)
        self.rows = np.array(ints, dtype=object).reshape(len(ints), n)
        self.lower: list[Fraction | None] = [_scaled(v, s) for v, s in zip(lower, self.scale)]
        self.upper: list[Fraction | None] = [_scaled(v, s) for v, s in zip(upper, self.scale)]
        self.col_lower = [_bound(v) for v in col_lower]
        self.col_upper = [_bound(v) for v in col_upper]

    @property
    def shape(self) -> tuple[int, int]:
        return (len(self.scale), len(self.col_lower))

    def basis(self, basis: LPBasis) -> ExactBasis:
        """The exact basic solution of *basis*."""
        return ExactBasis(self, basis)

    def repair(self, basis: LPBasis, cost: Sequence[Any], max_pivots: int = 50
               ) -> ExactLPSolution | None:
        """The exact optimum reached from *basis* by exact dual simplex pivots, or None.

        A degenerate LP's float optimal basis can be dual feasible yet slightly primal
        infeasible in exact arithmetic (a basic variable at -1e-9 where the true vertex has
        0).  From it, the dual simplex method (C. E. Lemke, "The dual method of solving the
        linear programming problem", Naval Research Logistics Quarterly 1 (1954) 36-47; the
        bounded form as in A. Koberstein, *The dual simplex method, techniques for a fast and
        stable implementation*, PhD thesis, Paderborn 2005, ch. 3) pivots in Fractions: the
        most violated basic variable (a column or a row activity) leaves at the bound it
        violates, the entering nonbasic variable is chosen by the dual ratio test (smallest
        ``|d_j / alpha_j|`` among those that move the leaving one towards its bound, lowest
        index on ties), until the basis is certified (:meth:`ExactBasis.certify`) or
        *max_pivots* pivots are spent.  No perturbation, no tolerance.
        """
        found = self.repaired_basis(basis, cost, max_pivots)
        return None if found is None else found.certify(cost)

    def repaired_basis(self, basis: LPBasis, cost: Sequence[Any], max_pivots: int = 50
                       ) -> ExactBasis | None:
        """The basis :meth:`repair` reaches, certified optimal for *cost*, or None."""
        cols, rows = list(basis.col_status), list(basis.row_status)
        c = [Fraction(v) for v in cost]
        for _ in range(max_pivots + 1):
            eb = ExactBasis(self, LPBasis(tuple(cols), tuple(rows)))
            if eb.x is None:
                return None
            if eb.certify(c) is not None:
                return eb
            if eb.feasible:
                return None  # primal feasible but not optimal: not the dual simplex's case
            pivot = self._dual_pivot(eb, c)
            if pivot is None:
                return None
            (lkind, lidx, lstat), (ekind, eidx) = pivot
            if lkind == "col":
                cols[lidx] = lstat
            else:
                rows[lidx] = lstat
            if ekind == "col":
                cols[eidx] = "basic"
            else:
                rows[eidx] = "basic"
        return None

    def _dual_pivot(self, eb: ExactBasis, c: list[Fraction]
                    ) -> tuple[tuple[str, int, str], tuple[str, int]] | None:
        """The leaving and entering variables of one dual simplex pivot at *eb*."""
        assert eb.x is not None
        x = eb.x
        m, n = self.shape
        act, den = _activities(self.rows, x)
        leave: tuple[Fraction, str, int, int] | None = None  # (violation, kind, index, direction)
        for j in eb.basic:
            lo, hi = self.col_lower[j], self.col_upper[j]
            if lo is not None and x[j] < lo:
                cand = (lo - x[j], "col", j, 1)
            elif hi is not None and x[j] > hi:
                cand = (x[j] - hi, "col", j, -1)
            else:
                continue
            if leave is None or cand[0] > leave[0]:
                leave = cand
        tight = set(eb.tight)
        for i in range(m):
            if i in tight:
                continue
            lo, hi = self.lower[i], self.upper[i]
            v = Fraction(int(act[i]), den)
            if lo is not None and v < lo:
                cand = (lo - v, "row", i, 1)
            elif hi is not None and v > hi:
                cand = (v - hi, "row", i, -1)
            else:
                continue
            if leave is None or cand[0] > leave[0]:
                leave = cand
        if leave is None:
            return None
        _, lkind, lidx, direction = leave
        # rho: the leaving variable's row of the basis inverse (d leaving / d tight slack)
        k = len(eb.basic)
        if lkind == "col":
            rhs = [Fraction(int(j == lidx)) for j in eb.basic]
        else:
            rhs = [Fraction(self.rows[lidx, j]) for j in eb.basic]
        sol = _solve_columns(eb._sub_t, [rhs]) if k else [[]]
        if sol is None:
            return None
        rho = sol[0]
        rnum, rden = _common(rho) if rho else ([], 1)
        prod = (np.array(rnum, dtype=object) @ self.rows[eb.tight, :] if rho
                else np.zeros(n, dtype=object))
        ds = eb.duals([c])
        if ds is None:
            return None
        y, red = ds[0]
        basic = set(eb.basic)
        best: tuple[Fraction, str, int] | None = None  # (ratio, kind, index); first wins ties
        for j in range(n):
            if j in basic:
                continue
            alpha = Fraction(-int(prod[j]), rden)
            if lkind == "row":
                alpha += self.rows[lidx, j]
            st = eb.basis.col_status[j]
            if self._eligible(st, direction * alpha):
                ratio = abs(red[j] / alpha)
                if best is None or ratio < best[0]:
                    best = (ratio, "col", j)
        for pos, i in enumerate(eb.tight):
            lo, hi = self.lower[i], self.upper[i]
            if lo is not None and lo == hi:
                continue  # an equality row's activity cannot move
            alpha = rho[pos]
            st = eb.basis.row_status[i]
            if self._eligible(st, direction * alpha):
                ratio = abs(y[i] / self.scale[i] / alpha)
                if best is None or ratio < best[0]:
                    best = (ratio, "row", i)
        if best is None:
            return None  # the LP is infeasible
        stat = "lower" if direction > 0 else "upper"
        return (lkind, lidx, stat), (best[1], best[2])

    @staticmethod
    def _eligible(status: str, effect: Fraction) -> bool:
        """Can a nonbasic variable with this *status* move so that the leaving one moves the
        right way (*effect*: the direction times d leaving / d entering)?"""
        if not effect:
            return False
        if status == "lower":
            return effect > 0
        if status == "upper":
            return effect < 0
        return status == "zero"


class ExactBasis:
    """The exact basic solution of an LP basis, and its duals for any cost vector.

    The basis (usually HiGHS's optimal one, from :meth:`LPSession.basis`) fixes every
    nonbasic column at its bound and every nonbasic row at its active bound; the basic
    columns S then solve the square system of the nonbasic rows T, ``rows[T, S] x_S = bound_T
    - rows[T, N] x_N``, solved in Fractions (FLINT).  The system is as small as the support of
    the point, so certifying is cheap even when the LP is large.

    For a cost *c* the duals of the rows T solve ``rows[T, S]^T y = c_S`` and the reduced
    costs are ``c - rows[T]^T y``; the basis is optimal for *c* when every nonbasic column's
    reduced cost and every nonbasic row's dual has the sign of its active bound
    (:meth:`optimality_values` lists them, each to be ``>= 0``).  Being linear in *c*, they
    also give the whole cone of costs for which the basis is optimal (used by the
    feasible-set trace).

    Source: exact basis verification, as in D. L. Applegate, W. Cook, S. Dash and D. G.
    Espinoza, "Exact solutions to linear programming problems", Operations Research Letters
    35 (2007) 693-699 (a floating-point simplex names the basis, rational arithmetic
    verifies it).

    Examples
    --------
    Minimise ``x + y`` with ``x + 2 y >= 2``: HiGHS's basis is ``y`` basic, the row at its
    lower bound.

    >>> lp = ExactLP([[1, 2]], [2], [None], [0, 0], [None, None])
    >>> eb = lp.basis(LPBasis(("lower", "basic"), ("lower",)))
    >>> eb.x, eb.feasible
    ((Fraction(0, 1), Fraction(1, 1)), True)
    >>> sol = eb.certify([1, 1])
    >>> sol.fun, sol.row_duals
    (Fraction(1, 1), (Fraction(1, 2),))
    >>> eb.certify([1, 3]) is None      # y costs more than 3 x: x is the better basic variable
    True
    """

    def __init__(self, lp: ExactLP, basis: LPBasis) -> None:
        self.lp = lp
        m, n = lp.shape
        self.basis = basis
        self.x: tuple[Fraction, ...] | None = None
        self.feasible = False
        self.basic = [j for j, s in enumerate(basis.col_status) if s == "basic"]
        self.tight = [i for i, s in enumerate(basis.row_status) if s != "basic"]
        self._signs: list[tuple[str, int, int]] = []  # (kind, index, sign) of each condition
        if len(basis.col_status) != n or len(basis.row_status) != m or len(self.basic) != len(self.tight):
            return
        xv: list[Fraction] = [Fraction(0)] * n
        for j, s in enumerate(basis.col_status):
            if s == "basic":
                continue
            lo, hi = lp.col_lower[j], lp.col_upper[j]
            b = lo if s == "lower" else hi if s == "upper" else Fraction(0) if s == "zero" else None
            if b is None or (s == "zero" and (lo is not None or hi is not None)):
                return
            xv[j] = b
            self._signs.append(("col", j, 1 if s == "lower" else -1 if s == "upper" else 0))
        rhs: list[Fraction] = []
        for i in self.tight:
            s = basis.row_status[i]
            lo, hi = lp.lower[i], lp.upper[i]
            if lo is not None and lo == hi:
                rhs.append(lo)
                continue  # an equality row: its dual is free
            b = lo if s == "lower" else hi if s == "upper" else None
            if b is None:
                return
            rhs.append(b)
            self._signs.append(("row", i, 1 if s == "lower" else -1))
        fixed = [j for j in range(n) if xv[j]]  # nonbasic at a nonzero bound
        if fixed:
            rhs = [r - sum((lp.rows[i, j] * xv[j] for j in fixed), Fraction(0))
                   for r, i in zip(rhs, self.tight)]
        self._sub = [[lp.rows[i, j] for j in self.basic] for i in self.tight]
        self._sub_t = [list(r) for r in zip(*self._sub)]
        if self.basic:
            xb = _solve_columns(self._sub, [rhs])
            if xb is None:
                return
            for j, v in zip(self.basic, xb[0]):
                xv[j] = v
        self.x = tuple(xv)
        ok = all((lo is None or v >= lo) and (hi is None or v <= hi)
                 for v, lo, hi in zip(xv, lp.col_lower, lp.col_upper))
        self.feasible = ok and self._rows_feasible()

    def _rows_feasible(self) -> bool:
        assert self.x is not None
        vals, den = _activities(self.lp.rows, self.x)
        for v, lo, hi in zip(vals, self.lp.lower, self.lp.upper):
            if (lo is not None and v < lo * den) or (hi is not None and v > hi * den):
                return False
        return True

    def duals(self, costs: Sequence[Sequence[Any]]) -> list[tuple[list[Fraction], list[Fraction]]] | None:
        """``(row_duals, reduced_costs)`` of the basis for each cost vector of *costs*; None
        when the basis is singular.  Duals refer to the rows as given (unscaled)."""
        if self.x is None:
            return None
        m, n = self.lp.shape
        cs = [[Fraction(v) for v in c] for c in costs]
        ys = _solve_columns(self._sub_t, [[c[j] for j in self.basic] for c in cs]) if self.basic \
            else [[] for _ in cs]
        if ys is None:
            return None
        out = []
        for c, yt in zip(cs, ys):
            y = [Fraction(0)] * m
            act = [(i, v) for i, v in zip(self.tight, yt) if v]
            red = list(c)
            if act:
                num, den = _common([v for _, v in act])
                prod = np.array(num, dtype=object) @ self.lp.rows[[i for i, _ in act], :]
                cn, cd = _common(c)
                red = [Fraction(a * den - cd * int(p), cd * den) for a, p in zip(cn, prod)]
                for i, v in act:
                    y[i] = v * self.lp.scale[i]
            for j in self.basic:
                red[j] = Fraction(0)
            out.append((y, red))
        return out

    def optimality_values(self, costs: Sequence[Sequence[Any]]
                          ) -> list[tuple[list[Fraction], list[Fraction]]] | None:
        """For each cost vector, the values that must be ``>= 0`` (first list) and ``== 0``
        (second) for the basis to be optimal: signed reduced costs of the nonbasic columns and
        signed duals of the nonbasic inequality rows, in a fixed order.  Linear in the cost."""
        ds = self.duals(costs)
        if ds is None:
            return None
        return [self._conditions(y, red) for y, red in ds]

    def _conditions(self, y: list[Fraction], red: list[Fraction]
                    ) -> tuple[list[Fraction], list[Fraction]]:
        """The optimality values of :meth:`optimality_values` from one cost's duals."""
        ge: list[Fraction] = []
        eq: list[Fraction] = []
        for kind, k, sign in self._signs:
            v = red[k] if kind == "col" else y[k]
            if sign == 0:
                eq.append(v)
            else:
                ge.append(v if sign > 0 else -v)
        return ge, eq

    def certify(self, cost: Sequence[Any]) -> ExactLPSolution | None:
        """The exact optimum for *cost* when this basis is primal feasible and optimal for
        it (checked in Fractions), else None."""
        if not self.feasible or self.x is None:
            return None
        d = self.duals([cost])
        if d is None:
            return None
        y, red = d[0]
        ge, eq = self._conditions(y, red)
        if any(v < 0 for v in ge) or any(eq):
            return None
        fun = sum((Fraction(c) * v for c, v in zip(cost, self.x) if v), Fraction(0))
        return ExactLPSolution(self.x, fun, tuple(y), tuple(red))


def certify_basis(cost: Sequence[Any], rows: Any, lower: Sequence[Any], upper: Sequence[Any],
                  col_lower: Sequence[Any], col_upper: Sequence[Any], basis: LPBasis | None
                  ) -> ExactLPSolution | None:
    """The exact optimum of the LP of :class:`ExactLP` at *basis*, or None when the basis
    is missing, singular, infeasible or not optimal in exact arithmetic."""
    if basis is None:
        return None
    return ExactLP(rows, lower, upper, col_lower, col_upper).basis(basis).certify(cost)


def solve_lp_exact(cost: Sequence[Any], rows: Any, lower: Sequence[Any], upper: Sequence[Any],
                   col_lower: Sequence[Any], col_upper: Sequence[Any], *, what: str = "LP"
                   ) -> tuple[LPSolution, ExactLPSolution | None]:
    """Minimise ``cost @ x`` over ``lower <= rows @ x <= upper``, ``col_lower <= x <=
    col_upper`` with exact data: HiGHS's float optimum and, when its optimal basis is exactly
    feasible and optimal, the certified exact optimum (:class:`ExactBasis`); None otherwise
    (or without highspy).  When HiGHS's basis is optimal only to its default tolerances
    (1e-7), the LP is re-solved from it with tolerances 1e-10 and checked again.

    Raises
    ------
    SolverError
        When HiGHS reports no optimum.

    Examples
    --------
    >>> sol, ex = solve_lp_exact([1, 1], [[1, 3], [3, 1]], [1, 1], [None, None], [0, 0],
    ...                          [None, None])
    >>> ex.x, ex.fun, ex.row_duals
    ((Fraction(1, 4), Fraction(1, 4)), Fraction(1, 2), (Fraction(1, 4), Fraction(1, 4)))
    """
    lp = ExactLP(rows, lower, upper, col_lower, col_upper)

    def flt(vals: Sequence[Any], inf: float) -> np.ndarray:
        return np.array([inf if _bound(v) is None else float(v) for v in vals], dtype=np.float64)

    s = LPSession([float(v) for v in cost], flt(col_lower, -np.inf), flt(col_upper, np.inf), what=what)
    if lp.shape[0]:
        a = np.asarray(rows, dtype=object).reshape(lp.shape)
        s.add_rows(a.astype(np.float64), flt(lower, -np.inf), flt(upper, np.inf))
    sol = s.solve()
    basis = s.basis()
    if basis is None:
        return sol, None
    ex = lp.basis(basis).certify(cost)
    if ex is not None:
        return sol, ex
    # optimal only to HiGHS's default tolerances: re-solve tighter, then certify or repair
    for opt in ("dual_feasibility_tolerance", "primal_feasibility_tolerance"):
        s.set_option(opt, 1e-10)
    sol = s.solve()
    basis = s.basis()
    if basis is None:
        return sol, None
    ex = lp.basis(basis).certify(cost)
    return sol, ex if ex is not None else lp.repair(basis, cost)


def minmax_exact(a: Any) -> tuple[Fraction, tuple[Fraction, ...], tuple[Fraction, ...]] | None:
    """The exact value ``min_y max_r (a y)_r`` of an exact payoff matrix *a* (rows: the
    maximiser's strategies, columns: the minimiser's), with optimal strategies of both.

    One LP (minimise ``v`` over ``a y <= v``, ``sum y = 1``, ``y >= 0``) solved by HiGHS; its
    optimal basis is verified exactly (:func:`solve_lp_exact`), so ``y`` is an exact vertex
    and the rows' duals are the maximiser's exact optimal strategy ``x``: ``x a >= v`` column
    by column and ``a y <= v`` row by row prove the value (von Neumann's minimax theorem).
    Returns ``(v, y, x)``, or None when the basis cannot be certified.

    Examples
    --------
    Matching pennies, and a 2x2 game whose value 17/5 needs both players to mix:

    >>> minmax_exact([[1, -1], [-1, 1]])
    (Fraction(0, 1), (Fraction(1, 2), Fraction(1, 2)), (Fraction(1, 2), Fraction(1, 2)))
    >>> minmax_exact([[3, 4], [5, 1]])[0]
    Fraction(17, 5)
    """
    m = np.asarray(a, dtype=object)
    rows_n, cols_n = m.shape
    rows = np.zeros((rows_n + 1, cols_n + 1), dtype=object)
    rows[:rows_n, :cols_n] = m
    rows[:rows_n, cols_n] = -1
    rows[rows_n, :cols_n] = 1
    rows[rows_n, cols_n] = 0
    lower: list[Any] = [None] * rows_n + [1]
    upper: list[Any] = [0] * rows_n + [1]
    cost = [0] * cols_n + [1]
    _, ex = solve_lp_exact(cost, rows, lower, upper, [0] * cols_n + [None], [None] * (cols_n + 1),
                           what="minmax LP")
    if ex is None:
        return None
    x = tuple(-d for d in ex.row_duals[:rows_n])
    return ex.fun, ex.x[:cols_n], x
