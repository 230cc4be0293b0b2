"""The LP wrapper: optimum, duals and status handling."""

import pytest

from treaty._exact.lp import LPStatus, solve_lp
from treaty.errors import SolverError


def test_optimum_at_a_vertex():
    # max x + y s.t. x + 2y <= 4, 3x + y <= 6: both tight, x = 8/5, y = 6/5, value 14/5
    sol = solve_lp([-1, -1], a_ub=[[1, 2], [3, 1]], b_ub=[4, 6])
    assert sol.x == pytest.approx([1.6, 1.2], abs=1e-12)
    assert sol.fun == pytest.approx(-2.8, abs=1e-12)


def test_duals_are_the_sensitivities():
    # min x s.t. x >= 2 written -x <= -2: the optimum is -b, so d fun / d b = -1
    sol = solve_lp([1], a_ub=[[-1]], b_ub=[-2])
    assert sol.ineq_marginals == pytest.approx([-1.0])
    # with an equality x + y = 3, min x + 2y: y = 0, fun = 3 = b, so d fun / d b = 1
    sol = solve_lp([1, 2], a_eq=[[1, 1]], b_eq=[3])
    assert sol.eq_marginals == pytest.approx([1.0])
    assert len(sol.ineq_marginals) == 0


def test_infeasible_raises_solver_error():
    with pytest.raises(SolverError, match="least-core LP: .*infeasible"):
        solve_lp([1], a_ub=[[1]], b_ub=[-1], what="least-core LP")  # x <= -1, x >= 0


def test_unbounded_raises_solver_error():
    with pytest.raises(SolverError, match="unbounded"):
        solve_lp([-1, 0], a_ub=[[0, 1]], b_ub=[1])


def test_solver_error_is_a_treaty_error():
    from treaty.errors import TreatyError

    with pytest.raises(TreatyError):
        solve_lp([-1])


def test_status_codes_match_scipy():
    assert [s.value for s in LPStatus] == [0, 1, 2, 3, 4]
    assert LPStatus.INFEASIBLE == 2 and LPStatus.UNBOUNDED == 3
