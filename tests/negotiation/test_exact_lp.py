"""Exact basis certification (treaty._exact.lp) and the exact minmax values it gives.

Oracles: LPs solved by hand, matching pennies (value 0), the 2x2 formula for a fully mixed
game's value, a plain scipy.optimize.linprog written here for the value of a random zero-sum
game, and each certificate re-checked from the minimax theorem in exact arithmetic.
"""

from __future__ import annotations

from fractions import Fraction as F

import numpy as np
import pytest
from scipy.optimize import linprog

import treaty
from treaty import Game
from treaty._exact.lp import ExactLP, LPBasis, LPSession, certify_basis, minmax_exact, solve_lp_exact


def test_basis_with_fraction_rows() -> None:
    # minimise x + y with x/2 + y >= 1: y = 1 (cost 1) beats x = 2 (cost 2); the row's dual
    # is 1 (raising the bound by e raises the optimum by e), the reduced cost of x 1 - 1/2
    lp = ExactLP([[F(1, 2), 1]], [1], [None], [0, 0], [None, None])
    sol = lp.basis(LPBasis(("lower", "basic"), ("lower",))).certify([1, 1])
    assert sol is not None
    assert sol.x == (0, 1) and sol.fun == 1 and sol.row_duals == (1,)
    assert sol.reduced_costs == (F(1, 2), 0)
    other = lp.basis(LPBasis(("basic", "lower"), ("lower",)))
    assert other.feasible and other.x == (2, 0)
    assert other.certify([1, 1]) is None          # feasible, not optimal
    assert other.certify([1, 3]).fun == 2          # optimal when y costs 3 (2 < 3)


def test_infeasible_or_invalid_basis_refused() -> None:
    # x + y <= 1 and x <= 1/2: the basis "x basic, first row tight" gives x = 1 > 1/2
    rows = [[1, 1], [1, 0]]
    basis = LPBasis(("basic", "lower"), ("upper", "basic"))
    assert certify_basis([-1, 0], rows, [None, None], [1, F(1, 2)], [0, 0], [None, None], basis) is None
    good = LPBasis(("basic", "lower"), ("basic", "upper"))  # x = 1/2 at the second row
    sol = certify_basis([-1, 0], rows, [None, None], [1, F(1, 2)], [0, 0], [None, None], good)
    assert sol is not None and sol.x == (F(1, 2), 0) and sol.fun == F(-1, 2)
    # wrong sizes, or a nonbasic column at a missing bound
    assert certify_basis([1, 1], rows, [None, None], [1, 1], [0, 0], [None, None], None) is None
    bad = LPBasis(("basic", "upper"), ("upper", "basic"))
    assert certify_basis([-1, 0], rows, [None, None], [1, 1], [0, 0], [None, None], bad) is None


def test_session_set_cost_and_basis() -> None:
    s = LPSession([1.0, 1.0], [0.0, 0.0], [np.inf, np.inf])
    s.add_rows(np.array([[1.0, 2.0]]), [2.0], [np.inf])
    assert [round(float(v), 9) for v in s.solve().x] == [0.0, 1.0]
    s.set_cost([1.0, 3.0])
    assert [round(float(v), 9) for v in s.solve().x] == [2.0, 0.0]
    assert s.basis() == LPBasis(("basic", "lower"), ("lower",))
    assert LPSession([1.0], [0.0], [1.0], backend="scipy").basis() is None
    with pytest.raises(treaty.SolverError):
        s.set_cost([1.0])


def test_solve_lp_exact_hand() -> None:
    # min x + y, x + 3y >= 1, 3x + y >= 1: the vertex (1/4, 1/4), duals 1/4 each
    _, ex = solve_lp_exact([1, 1], [[1, 3], [3, 1]], [1, 1], [None, None], [0, 0], [None, None])
    assert ex is not None and ex.x == (F(1, 4), F(1, 4)) and ex.fun == F(1, 2)
    assert ex.row_duals == (F(1, 4), F(1, 4))


def _certificate_holds(a: np.ndarray, v: F, y: tuple[F, ...], x: tuple[F, ...]) -> bool:
    """Minimax theorem: y holds the maximiser to v, x guarantees it v (exact)."""
    rows, cols = a.shape
    ok_y = all(q >= 0 for q in y) and sum(y) == 1
    ok_x = all(q >= 0 for q in x) and sum(x) == 1
    upper = max(sum((F(int(a[r, c])) * y[c] for c in range(cols)), F(0)) for r in range(rows))
    lower = min(sum((x[r] * F(int(a[r, c])) for r in range(rows)), F(0)) for c in range(cols))
    return ok_y and ok_x and upper == v == lower


def test_minmax_exact_by_hand() -> None:
    v, y, x = minmax_exact([[1, -1], [-1, 1]])
    assert (v, y, x) == (0, (F(1, 2), F(1, 2)), (F(1, 2), F(1, 2)))
    # fully mixed 2x2 [[a, b], [c, d]]: value (ad - bc) / (a + d - b - c) = (3 - 20) / (-5)
    v, y, x = minmax_exact([[3, 4], [5, 1]])
    assert v == F(17, 5) and y == (F(3, 5), F(2, 5)) and x == (F(4, 5), F(1, 5))


def _lp_value(a: np.ndarray) -> float:
    """The value of the zero-sum game a (row player maximises), a dense LP written here."""
    rows, cols = a.shape
    # max v s.t. x^T a >= v for each column, sum x = 1
    c = np.zeros(rows + 1)
    c[-1] = -1.0
    a_ub = np.hstack([-a.T.astype(float), np.ones((cols, 1))])
    res = linprog(c, A_ub=a_ub, b_ub=np.zeros(cols), A_eq=[[1.0] * rows + [0.0]], b_eq=[1.0],
                  bounds=[(0, None)] * rows + [(None, None)], method="highs")
    return float(-res.fun)


@pytest.mark.parametrize("seed", range(3))
def test_minmax_values_exact_20x20(seed: int) -> None:
    rng = np.random.default_rng(seed)
    a = rng.integers(-50, 51, (20, 20))
    g = Game.from_arrays(a.tolist(), (-a).tolist())  # zero-sum: minmax of player 1 = its value
    mm = treaty.minmax_values(g)
    assert all(m.exact and isinstance(m.value, F) for m in mm)
    assert abs(float(mm[0].value) - _lp_value(a)) < 1e-9
    assert mm[1].value == -mm[0].value  # zero-sum: player 2 is held to minus the value
    assert mm[0].value.denominator > 10 ** 6  # beyond the rationalisation's denominators
    v, y, x = minmax_exact(a)
    assert v == mm[0].value and _certificate_holds(a, v, y, x)
    # the punishers' strategy in the result holds player 1 to the value, exactly
    strat = [q for _, q in mm[0].strategy]
    assert max(sum((F(int(a[r, c])) * strat[c] for c in range(20)), F(0)) for r in range(20)) == v


def test_minmax_disagreement_exact_general_sum() -> None:
    rng = np.random.default_rng(7)
    a, b = rng.integers(-50, 51, (20, 20)), rng.integers(-50, 51, (20, 20))
    g = Game.from_arrays(a.tolist(), b.tolist())
    d = treaty.disagreement_point(g, "minmax")
    assert d.exact and all(isinstance(v, F) for v in d.values)
    for i, mat in enumerate((a, b.T)):  # each player's own payoffs, rows its strategies
        assert abs(float(d.values[i]) - _lp_value(mat)) < 1e-9
        v, y, x = minmax_exact(mat)
        assert v == d.values[i] and _certificate_holds(mat, v, y, x)


def test_minmax_disagreement_says_when_float(monkeypatch: pytest.MonkeyPatch) -> None:
    from treaty.mechanics import repeated

    rng = np.random.default_rng(3)
    a, b = rng.integers(-50, 51, (20, 20)), rng.integers(-50, 51, (20, 20))
    g = Game.from_arrays(a.tolist(), b.tolist())
    monkeypatch.setattr(repeated, "minmax_exact", lambda m: None)  # certification fails
    d = treaty.disagreement_point(g, "minmax")
    assert not d.exact and "exact certification of the LP failed" in d.description
    assert "Player 1" in d.description


def test_dual_simplex_repair_by_hand() -> None:
    # min x + 2y, x + y >= 1, x - y <= 0: optimum (1/2, 1/2), cost 3/2.  The basis "x basic,
    # first row tight" is dual feasible (row dual 1, reduced cost of y 1) but gives x = 1,
    # y = 0, violating x - y <= 0; one dual simplex pivot (y enters: ratio 1/2) repairs it.
    lp = ExactLP([[1, 1], [1, -1]], [1, None], [None, 0], [0, 0], [None, None])
    start = LPBasis(("basic", "lower"), ("lower", "basic"))
    assert not lp.basis(start).feasible and lp.basis(start).certify([1, 2]) is None
    sol = lp.repair(start, [1, 2])
    assert sol is not None and sol.x == (F(1, 2), F(1, 2)) and sol.fun == F(3, 2)
    assert sol.row_duals == (F(3, 2), F(-1, 2))  # 3/2 on the >= row, -1/2 on the <= row
    assert lp.repair(start, [1, 2], max_pivots=0) is None
    # a primal feasible, non-optimal basis is not the dual simplex's case
    assert lp.repair(LPBasis(("lower", "basic"), ("lower", "basic")), [1, 2]) is None
