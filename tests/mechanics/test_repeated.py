"""Repeated game: critical discount factors against closed forms and direct valuation."""

from __future__ import annotations

from fractions import Fraction as F

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

import treaty
from treaty.errors import SpecError
from treaty.game import Game
from treaty.mechanics.repeated import (
    critical_discount,
    grim_trigger_threshold,
    min_detection,
    minmax_values,
    punishment_threshold,
    repeated_settings,
)

num = st.fractions(min_value=-20, max_value=20, max_denominator=30)
prob = st.fractions(min_value=F(1, 50), max_value=1, max_denominator=50)


def pd(t: F, r: F, p: F, s: F) -> Game:
    return Game.from_arrays([[r, s], [t, p]], [[r, t], [s, p]], players=["US", "CN"],
                            strategies=[["pact", "race"]] * 2)


def deviation_value(d: F, r: F, p_: F, delta: F, det: F, periods: int | None) -> F:
    """Value of 'deviate until caught', solved from its defining recursion (not the formula).

    V = (1-delta) D + delta (det W + (1-det) V), W the value of a punishment of T rounds of P
    followed by R forever, W = (1-delta^T) P + delta^T R (W = P for grim trigger).
    """
    w = p_ if periods is None else (1 - delta**periods) * p_ + delta**periods * r
    return ((1 - delta) * d + delta * det * w) / (1 - delta * (1 - det))


@given(a=num, b=num, c=num, e=num, det=prob)
def test_pd_pact_closed_form(a: F, b: F, c: F, e: F, det: F) -> None:
    t, r, p_, s = sorted({a, b, c, e}, reverse=True) + [None] * (4 - len({a, b, c, e}))
    assume(s is not None)
    g = pd(t, r, p_, s)
    res = critical_discount(g, ["pact", "pact"], detection=det)
    star = (t - r) / (t - r + det * (r - p_))
    assert res.critical_discount == star
    assert grim_trigger_threshold(t, r, p_, det) == star
    # direct valuation: at delta* compliance ties, just above it wins, just below it loses
    eps = F(1, 10**6)
    assert deviation_value(t, r, p_, star, det, None) == r
    if star + eps < 1:
        assert deviation_value(t, r, p_, star + eps, det, None) < r
    assert deviation_value(t, r, p_, star - eps, det, None) > r
    if det == 1:  # perfect monitoring, the default: the textbook grim-trigger bound
        assert critical_discount(g, ["pact", "pact"]).critical_discount == (t - r) / (t - p_)


@given(a=num, b=num, c=num, e=num, det=prob, periods=st.integers(1, 6))
def test_t_period_punishment(a: F, b: F, c: F, e: F, det: F, periods: int) -> None:
    t, r, p_, s = sorted({a, b, c, e}, reverse=True) + [None] * (4 - len({a, b, c, e}))
    assume(s is not None)
    star = punishment_threshold(t, r, p_, periods, det)
    if det * (r - p_) * periods <= t - r:
        assert star is None
        # even delta close to 1 does not deter
        assert deviation_value(t, r, p_, F(999, 1000), det, periods) > r
        return
    if isinstance(star, F):
        assert deviation_value(t, r, p_, star, det, periods) == r
        lo, hi = star - F(1, 10**9), star + F(1, 10**9)
    else:
        lo, hi = F(star) - F(1, 10**9), F(star) + F(1, 10**9)
    assert deviation_value(t, r, p_, lo, det, periods) > r
    if hi < 1:
        assert deviation_value(t, r, p_, hi, det, periods) < r
    # longer punishments need less patience; grim is the limit
    assert star >= grim_trigger_threshold(t, r, p_, det)


def test_min_detection_inverts_the_condition() -> None:
    t, r, p_, delta = F(5), F(3), F(1), F(9, 10)
    p_min = min_detection(t, r, p_, delta)
    # solving delta = (T - R) / (T - R + p (R - P)) for p: p = (1 - delta)(T - R) / (delta (R - P))
    assert p_min == (1 - delta) * (t - r) / (delta * (r - p_)) == F(1, 9)
    assert grim_trigger_threshold(t, r, p_, p_min) == delta


def test_minmax_values() -> None:
    # matching pennies: 0 for both, pure minmax 1
    g = Game.from_arrays([[1, -1], [-1, 1]], [[-1, 1], [1, -1]])
    vals = minmax_values(g)
    assert [m.value for m in vals] == [0, 0] and all(m.exact for m in vals)
    assert [m.pure_value for m in vals] == [1, 1]
    # a 2x3 game: row's minmax = min over y of max(row payoffs); brute force on a grid
    a = [[3, -1, 0], [-2, 4, 1]]
    g = Game.from_arrays(a, [[0] * 3] * 2)
    v = minmax_values(g)[0]
    # by hand: columns 1 and 3 mixed 1/6, 5/6 hold both rows to 1/2; the row mix (1/2, 1/2)
    # guarantees min(1/2, 3/2, 1/2) = 1/2 against every column, so the value is 1/2
    assert v.value == F(1, 2) and v.exact
    # the punisher's strategy certifies it
    y = {prof: q for prof, q in v.strategy}
    assert max(sum(a[i][k] * y[(g.strategies[1][k],)] for k in range(3)) for i in range(2)) == F(1, 2)


def test_pd_minmax_and_nash_reversion_agree() -> None:
    g = pd(F(5), F(3), F(1), F(0))
    assert [m.value for m in minmax_values(g)] == [1, 1]
    a = critical_discount(g, "pact,pact", reversion="minmax")
    b = critical_discount(g, "pact,pact", reversion=["race", "race"])
    assert a.critical_discount == b.critical_discount == F(1, 2)
    with pytest.raises(treaty.TreatyError):
        critical_discount(g, "pact,pact", reversion=["pact", "pact"])


def test_spec_section() -> None:
    g = treaty.load("games/safety_pact_repeated.yaml")
    s = repeated_settings(g)
    assert s is not None and s.discount == F(9, 10) and s.detection == F(1, 2)
    res = critical_discount(g, "pact", detection=s.detection, discount=s.discount)
    # T = 21/2, R = 9, P = 5: (3/2) / (3/2 + (1/2) 4) = 3/7
    assert res.critical_discount == F(3, 7) and res.sustainable


BASE = """
parameters: {d: 9/10}
players:
  - {name: A, strategies: [pact, race]}
  - {name: B, strategies: [pact, race]}
payoffs:
  A: [[3, 0], [5, 1]]
  B: [[3, 5], [0, 1]]
targets: {pact: [pact, pact]}
repeated:
  discount: d
"""


@pytest.mark.parametrize("mutate,expected", [
    ("  discount: d\n  detection: 2\n", "probability"),
    ("  discount: 1\n", "must lie in [0, 1)"),
    ("  discount: d\n  punishment: forever\n", "'grim' or a number"),
    ("  discount: d\n  punishment: 0\n", "at least 1"),
    ("  discount: d\n  reversion: nsah\n", "did you mean 'nash'"),
    ("  discount: d\n  reversion: [pact, pakt]\n", "unknown strategy"),
    ("  discount: d\n  targets: [pcat]\n", "did you mean 'pact'"),
    ("  discount: d\n  dicsount: 1\n", "unknown key"),
])
def test_bad_repeated_sections(mutate: str, expected: str) -> None:
    with pytest.raises(SpecError) as info:
        treaty.loads(BASE.replace("  discount: d\n", mutate), file="bad.yaml")
    assert info.value.line is not None and expected in str(info.value), str(info.value)
