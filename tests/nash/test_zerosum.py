"""Zero-sum games: textbook values, certification, agreement with vertex enumeration."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from treaty._exact.numbers import to_exact_array
from treaty.nash import _zerosum
from treaty.nash._vertex import extreme_equilibria
from treaty.nash._zerosum import ZeroSumMethod, solve_zero_sum

F = Fraction


def guaranteed(A: np.ndarray, x, y) -> tuple[Fraction, Fraction]:
    """What x guarantees the row player and what y concedes, computed independently."""
    A = to_exact_array(A)
    m, n = A.shape
    low = min(sum(x[i] * A[i, j] for i in range(m)) for j in range(n))
    high = max(sum(A[i, j] * y[j] for j in range(n)) for i in range(m))
    return low, high


def test_matching_pennies():
    A = np.array([[1, -1], [-1, 1]])
    res = solve_zero_sum(A, exact=True)
    assert res.value == 0 and res.exact
    assert res.row_strategy == (F(1, 2), F(1, 2)) and res.col_strategy == (F(1, 2), F(1, 2))


def test_rock_paper_scissors():
    A = np.array([[0, -1, 1], [1, 0, -1], [-1, 1, 0]])
    res = solve_zero_sum(A, exact=True)
    third = (F(1, 3),) * 3
    assert res.value == 0
    assert res.row_strategy == third and res.col_strategy == third


def test_two_by_three_by_hand():
    # Row mixes (p, 1-p): columns pay 5p-2, 4-5p, 1+p; the lower envelope peaks where the first
    # two cross, p = 3/5, value 1 (column 3 pays 8/5 there).  Column mixes (q, 1-q, 0): rows pay
    # 4q-1 and 4-6q, equal at q = 1/2.  Weighting the column player's constraints by (3, 2)
    # gives 5 + 3 y3 <= 5, so y3 = 0 and y = (1/2, 1/2, 0) is the unique minimax strategy.
    A = np.array([[3, -1, 2], [-2, 4, 1]])
    res = solve_zero_sum(A, exact=True)
    assert res.value == 1
    assert res.row_strategy == (F(3, 5), F(2, 5))
    assert res.col_strategy == (F(1, 2), F(1, 2), F(0))
    fl = solve_zero_sum(A.astype(float), exact=False)
    assert not fl.exact
    assert fl.value == pytest.approx(1.0)
    assert fl.row_strategy == pytest.approx((0.6, 0.4))


def test_saddle_point_and_degenerate_shapes():
    # a pure saddle point: row 2 / column 1 (3 is the minimum of its row and maximum of its column)
    A = np.array([[1, 5], [3, 4]])
    res = solve_zero_sum(A, exact=True)
    assert res.value == 3
    assert res.row_strategy == (0, 1) and res.col_strategy == (1, 0)
    assert solve_zero_sum(np.array([[7]]), exact=True).value == 7
    assert solve_zero_sum(np.array([[4, -2, 9]]), exact=True).value == -2  # column picks the min
    assert solve_zero_sum(np.array([[4], [-2], [9]]), exact=True).value == 9  # row picks the max
    assert solve_zero_sum(np.zeros((3, 2), dtype=int), exact=True).value == 0


def test_fraction_payoffs():
    A = np.array([[F(1, 3), F(-1, 7)], [F(-2, 5), F(1, 2)]], dtype=object)
    res = solve_zero_sum(A, exact=True)
    # no saddle point; the row player equalises: p/3 - 2(1-p)/5 = -p/7 + (1-p)/2
    p = (F(1, 2) + F(2, 5)) / (F(1, 3) + F(2, 5) + F(1, 7) + F(1, 2))
    assert res.row_strategy == (p, 1 - p)
    assert res.value == p / 3 - 2 * (1 - p) / 5


def test_every_route_gives_the_same_certified_answer(monkeypatch):
    rng = np.random.default_rng(8)
    games = [rng.integers(-5, 6, (m, n)) for m, n in rng.integers(1, 7, size=(20, 2))]
    expected = [solve_zero_sum(A, exact=True).value for A in games]
    # each route's strategies must certify the value independently: what the row strategy
    # guarantees equals what the column strategy concedes (von Neumann's minimax theorem)
    monkeypatch.setattr(_zerosum, "DENOMINATOR_BOUNDS", ())  # no rationalisation of the LP output
    for A, v in zip(games, expected):
        res = solve_zero_sum(A, exact=True)
        assert res.method in (ZeroSumMethod.LP_SUPPORT, ZeroSumMethod.VERTEX)
        assert res.value == v
        assert guaranteed(A, res.row_strategy, res.col_strategy) == (v, v)
    monkeypatch.setattr(_zerosum, "_support_solution", lambda *a: None)
    for A, v in zip(games, expected):
        res = solve_zero_sum(A, exact=True)
        assert res.method == ZeroSumMethod.VERTEX
        assert res.value == v
        assert guaranteed(A, res.row_strategy, res.col_strategy) == (v, v)


def test_to_dict_and_errors():
    import json

    d = solve_zero_sum(np.array([[3, -1, 2], [-2, 4, 1]]), exact=True).to_dict()
    json.dumps(d)
    assert d["value"] == "1" and d["row_strategy"] == ["3/5", "2/5"]
    with pytest.raises(ValueError):
        solve_zero_sum(np.zeros((2, 2, 2)), exact=True)


@pytest.mark.parametrize("seed", range(4))
def test_value_equals_equilibrium_payoff_of_random_games(seed):
    rng = np.random.default_rng(seed)
    for _ in range(25):
        m, n = rng.integers(1, 8, size=2)
        if seed % 2:
            A = rng.integers(-5, 6, (m, n))
        else:
            A = np.array(
                [[F(round(z * 1000), 1000) for z in row] for row in rng.normal(size=(m, n))],
                dtype=object,
            )
        res = solve_zero_sum(A, exact=True)
        Ae = to_exact_array(A)
        for x, y in extreme_equilibria(A, -A, exact=True).equilibria:
            payoff = sum(x[i] * Ae[i, j] * y[j] for i in range(m) for j in range(n))
            assert payoff == res.value  # all equilibria of a zero-sum game pay the value
        assert guaranteed(A, res.row_strategy, res.col_strategy) == (res.value, res.value)
        assert sum(res.row_strategy) == 1 and sum(res.col_strategy) == 1
        assert min(res.row_strategy) >= 0 and min(res.col_strategy) >= 0


@given(
    st.tuples(st.integers(1, 6), st.integers(1, 6)).flatmap(
        lambda s: st.lists(st.integers(-9, 9), min_size=s[0] * s[1], max_size=s[0] * s[1]).map(
            lambda v, s=s: np.array(v).reshape(s)
        )
    )
)
def test_certificate_property(A):
    res = solve_zero_sum(A, exact=True)
    assert guaranteed(A, res.row_strategy, res.col_strategy) == (res.value, res.value)
    fl = solve_zero_sum(A.astype(float), exact=False)
    assert abs(fl.value - float(res.value)) <= 1e-6 * max(1, np.ptp(A))
