"""Exact nucleolus and least core: Fractions in, certified Fractions out.

Expected values are derived by hand (glove games, closed forms for three players, the Talmud
rule of Aumann and Maschler 1985) or come from coopgame-py (the oracle extra) and the float
LP sequence; the certificates (Kohlberg's criterion, the least-core dual) must reject points
off by 1/1000.
"""

from __future__ import annotations

import json
import random
from fractions import Fraction

import numpy as np
import pytest

from treaty._exact._backend import use_backend
from treaty.coalitions import MembershipGame, _tu_exact, least_core, nucleolus
from treaty.coalitions._tu_exact import balancing_weights, kohlberg_check, least_core_check

F = Fraction


def _game(values: list) -> np.ndarray:
    v = np.empty(len(values), dtype=object)
    v[:] = [F(a) for a in values]
    return v


def _from_pairs(n: int, worth: dict[frozenset[int], Fraction], grand: Fraction) -> np.ndarray:
    vals = [worth.get(frozenset(i for i in range(n) if m >> i & 1), F(0)) for m in range(1 << n)]
    vals[-1] = grand
    return _game(vals)


def _glove(left: int, right: int) -> np.ndarray:
    n = left + right
    return _game([min(bin(m & ((1 << left) - 1)).count("1"), bin(m >> left).count("1"))
                  for m in range(1 << n)])


def _assert_certified(res: object) -> None:
    assert res.exact and res.certified and res.note == ""  # type: ignore[attr-defined]
    pt = res.point  # type: ignore[attr-defined]
    assert all(isinstance(a, Fraction) for a in pt)


# --------------------------------------------------------------------------------------------
# hand-derived cases

@pytest.mark.parametrize("left,right", [(1, 2), (2, 3), (3, 2)])
def test_glove_game(left: int, right: int) -> None:
    # with fewer left gloves the core is the single point paying each scarce glove 1 (the
    # others 0), so the nucleolus, the prenucleolus and the least core (eps* = 0) are that point
    v = _glove(left, right)
    scarce = [F(1)] * left + [F(0)] * right if left < right else [F(0)] * left + [F(1)] * right
    for imp in (True, False):
        nu = nucleolus(v, imputation=imp)
        _assert_certified(nu)
        assert list(nu.point) == scarce
    lc = least_core(v)
    _assert_certified(lc)
    assert lc.epsilon == 0 and lc.core_nonempty and list(lc.point) == scarce


def test_three_players_pairs_balanced_closed_form() -> None:
    # v(i) = 0, v(12) = a, v(13) = b, v(23) = c, v(N) = 1: when the three pairs carry the
    # largest excess e, x(ij) + e = v(ij) and x(N) = 1 give e = (a + b + c - 2) / 3 and
    # x_i = 1 - v(N - i) + e; the pairs are balanced (weights 1/2) and span R^3, so by
    # Kohlberg's criterion this is the (pre)nucleolus, and the least core is this single point.
    a, b, c = F(3, 4), F(4, 5), F(9, 10)
    v = _from_pairs(3, {frozenset({0, 1}): a, frozenset({0, 2}): b, frozenset({1, 2}): c}, F(1))
    e = (a + b + c - 2) / 3
    assert e == F(3, 20)
    want = [1 - c + e, 1 - b + e, 1 - a + e]
    assert want == [F(1, 4), F(7, 20), F(2, 5)]
    for imp in (True, False):
        nu = nucleolus(v, imputation=imp)
        _assert_certified(nu)
        assert list(nu.point) == want and nu.levels[0] == e
    lc = least_core(v)
    _assert_certified(lc)
    assert lc.epsilon == e and list(lc.point) == want and not lc.core_nonempty


def test_three_players_individual_rationality_binds() -> None:
    # v(12) = 3 > v(N) = 1, all else 0.  Prenucleolus: by symmetry x = (t, t, 1 - 2t); the
    # excesses 3 - 2t (of {1,2}) and 2t - 1 (of {3}) balance at t = 1: (1, 1, -1), level 1.
    # Nucleolus: x_3 >= 0 caps t at 1/2: (1/2, 1/2, 0), first level 2.  Least core: x(12) + eps
    # >= 3 and x_3 + eps >= 0 with x(N) = 1 force eps >= 1.
    v = _from_pairs(3, {frozenset({0, 1}): F(3)}, F(1))
    pre = nucleolus(v, imputation=False)
    _assert_certified(pre)
    assert list(pre.point) == [1, 1, -1] and pre.levels[0] == 1
    nu = nucleolus(v)
    _assert_certified(nu)
    assert list(nu.point) == [F(1, 2), F(1, 2), 0] and nu.levels[0] == 2
    lc = least_core(v)
    _assert_certified(lc)
    assert lc.epsilon == 1 and sum(lc.point) == 1


def test_majority_game() -> None:
    v = _game([0, 0, 0, 1, 0, 1, 1, 1])  # 2-of-3 majority: empty core, eps* = 1/3
    lc = least_core(v)
    _assert_certified(lc)
    assert lc.epsilon == F(1, 3) and list(lc.point) == [F(1, 3)] * 3 and not lc.core_nonempty
    assert list(nucleolus(v).point) == [F(1, 3)] * 3


def _cea(caps: list[Fraction], amount: Fraction) -> list[Fraction]:
    """Constrained equal awards: min(cap_i, lam) with sum = amount, lam found by hand order."""
    out = [F(0)] * len(caps)
    left, todo = amount, sorted(range(len(caps)), key=lambda i: caps[i])
    while todo:
        share = left / len(todo)
        i = todo[0]
        if caps[i] <= share:
            out[i] = caps[i]
            left -= caps[i]
            todo.pop(0)
        else:
            for j in todo:
                out[j] = share
            break
    return out


def _talmud(claims: list[Fraction], estate: Fraction) -> list[Fraction]:
    """Aumann and Maschler (1985): CEA on half-claims up to half the total claims, else
    claims minus CEA of the losses on half-claims."""
    half = [d / 2 for d in claims]
    total = sum(claims)
    if 2 * estate <= total:
        return _cea(half, estate)
    return [d - loss for d, loss in zip(claims, _cea(half, total - estate), strict=True)]


def test_talmud_helper_on_the_talmud_examples() -> None:
    c = [F(100), F(200), F(300)]
    assert _talmud(c, F(100)) == [F(100, 3)] * 3
    assert _talmud(c, F(200)) == [50, 75, 75]
    assert _talmud(c, F(300)) == [50, 100, 150]


@pytest.mark.parametrize("claims,estate", [
    ([F(1), F(2), F(3)], F(7, 3)),
    ([F(1), F(2), F(3)], F(9, 2)),
    ([F(1, 2), F(5, 3), F(2), F(7, 2)], F(13, 4)),
    ([F(1), F(3, 2), F(2), F(5, 2), F(4)], F(17, 3)),
    ([F(1), F(3, 2), F(2), F(5, 2), F(4)], F(8)),
])
def test_bankruptcy_nucleolus_is_the_talmud_rule_exactly(claims: list[Fraction],
                                                         estate: Fraction) -> None:
    # v(S) = max(0, E - d(N - S)) (Aumann and Maschler 1985); convex, so nucleolus =
    # prenucleolus (it lies in the core) and the core is non-empty
    n = len(claims)
    v = _game([max(F(0), estate - sum(claims[i] for i in range(n) if not m >> i & 1))
               for m in range(1 << n)])
    want = _talmud(claims, estate)
    for imp in (True, False):
        nu = nucleolus(v, imputation=imp)
        _assert_certified(nu)
        assert list(nu.point) == want
    lc = least_core(v)
    _assert_certified(lc)
    assert lc.core_nonempty and lc.epsilon <= 0


# --------------------------------------------------------------------------------------------
# the certificates reject wrong points

def test_certificates_reject_points_off_by_a_thousandth() -> None:
    a, b, c = F(3, 4), F(4, 5), F(9, 10)
    v = list(_from_pairs(3, {frozenset({0, 1}): a, frozenset({0, 2}): b,
                             frozenset({1, 2}): c}, F(1)))
    x = [F(1, 4), F(7, 20), F(2, 5)]
    assert kohlberg_check(v, x, 3, True) == (True, "")
    assert least_core_check(v, x, F(3, 20), 3) == (True, "")
    d = F(1, 1000)
    for i in range(3):
        for j in range(3):
            if i != j:
                y = list(x)
                y[i] += d
                y[j] -= d
                assert not kohlberg_check(v, y, 3, True)[0]
                assert not kohlberg_check(v, y, 3, False)[0]
                # the least excess at y is larger than 3/20 and y is no least-core point
                assert not least_core_check(v, y, F(3, 20), 3)[0]
    assert not least_core_check(v, x, F(3, 20) + d, 3)[0]  # not minimal
    assert not least_core_check(v, x, F(3, 20) - d, 3)[0]  # infeasible
    assert not kohlberg_check(v, [x[0] + d, x[1], x[2]], 3, True)[0]  # does not share v(N)


@pytest.mark.parametrize("seed", range(3))
def test_certificate_rejects_perturbed_random_nucleolus(seed: int) -> None:
    rnd = random.Random(seed)
    n = 5
    v = _random_exact_game(n, rnd)
    nu = nucleolus(v)
    _assert_certified(nu)
    vl = list(v)
    for i in range(1, n):
        y = list(nu.point)
        y[0] += F(1, 1000)
        y[i] -= F(1, 1000)
        assert not kohlberg_check(vl, y, n, True)[0]


def test_balancing_weights_by_hand() -> None:
    # {1,2},{3} with the singleton {3} only allowed weight >= 0 (weak)
    w = balancing_weights([0b011], [0b100], 3)
    assert w == {0b011: 1, 0b100: 1}
    assert balancing_weights([0b011, 0b001], [], 3) is None  # player 3 is never covered
    # weakly but not strictly balanced: {1}, {2}, {1,2} with {1,2} strict forces others < 0
    assert balancing_weights([0b11, 0b01], [], 2) is None
    assert balancing_weights([], [0b11, 0b01], 2) == {0b11: 1, 0b01: 0} or \
        balancing_weights([], [0b11, 0b01], 2) == {0b11: 1}


def test_failed_certification_falls_back_to_the_float_result(monkeypatch) -> None:
    v = _glove(1, 2)

    def wrong(vq, n, fixed, binding):  # a point off by 1/1000
        return [F(999, 1000), F(1, 1000), F(0)], [F(0)] * len(fixed)

    monkeypatch.setattr(_tu_exact, "solve_levels", wrong)
    nu = nucleolus(v)
    assert not nu.exact and not nu.certified and "not certified" in nu.note
    assert all(isinstance(a, float) for a in nu.point)
    assert nu.point == pytest.approx((1, 0, 0), abs=1e-9)
    monkeypatch.setattr(_tu_exact, "solve_vertex", lambda vq, n, tight: ([F(1, 2), F(1, 2), F(0)],
                                                                          F(0)))
    lc = least_core(v)
    assert not lc.exact and not lc.certified and "not certified" in lc.note
    assert lc.epsilon == pytest.approx(0.0, abs=1e-9)


# --------------------------------------------------------------------------------------------
# random exact games: the float sequence, coopgame-py, both exact backends

def _random_exact_game(n: int, rnd: random.Random) -> np.ndarray:
    vals = [F(0)] + [F(rnd.randint(0, 12), rnd.randint(1, 4)) + bin(m).count("1")
                     for m in range(1, 1 << n)]
    vals[-1] = max(vals[-1], sum(vals[1 << i] for i in range(n))) + F(rnd.randint(0, 6), 3)
    return _game(vals)


@pytest.mark.parametrize("seed", range(12))
def test_random_exact_games_agree_with_the_float_sequence(seed: int) -> None:
    rnd = random.Random(100 + seed)
    n = 3 + seed % 6
    v = _random_exact_game(n, rnd)
    vf = v.astype(float)
    for imp in (True, False):
        nu = nucleolus(v, imputation=imp)
        _assert_certified(nu)
        assert [float(a) for a in nu.point] == pytest.approx(nucleolus(vf, imputation=imp).point,
                                                             abs=1e-7)
        assert sum(nu.point) == v[-1]
    lc = least_core(v)
    _assert_certified(lc)
    assert float(lc.epsilon) == pytest.approx(least_core(vf).epsilon, abs=1e-7)
    # the prenucleolus lies in the least core: its first level is eps*
    assert nucleolus(v, imputation=False).levels[0] == lc.epsilon
    json.dumps(nu.to_dict())
    json.dumps(lc.to_dict())


@pytest.mark.parametrize("seed", range(8))
def test_random_exact_games_agree_with_coopgame(coopgame, seed: int) -> None:
    rnd = random.Random(200 + seed)
    n = 3 + seed % 6
    v = _random_exact_game(n, rnd)
    g = coopgame.Game([float(a) for a in v[1:]])
    nu = nucleolus(v)
    _assert_certified(nu)
    assert [float(a) for a in nu.point] == pytest.approx(coopgame.nucleolus(g)["allocation"],
                                                         abs=1e-6)
    pre = nucleolus(v, imputation=False)
    _assert_certified(pre)
    assert [float(a) for a in pre.point] == pytest.approx(
        coopgame.prenucleolus(g)["allocation"], abs=1e-6)
    lc = least_core(v)
    assert float(lc.epsilon) == pytest.approx(
        coopgame.least_core(g, domain="preimputation")["epsilon"], abs=1e-6)


def test_fraction_backend_gives_the_same_certified_result() -> None:
    v = _random_exact_game(5, random.Random(7))
    flint_nu, flint_lc = nucleolus(v), least_core(v)
    with use_backend("fraction"):
        nu, lc = nucleolus(v), least_core(v)
    _assert_certified(nu)
    _assert_certified(lc)
    assert nu.point == flint_nu.point and lc.epsilon == flint_lc.epsilon


def test_symmetric_game_many_ties() -> None:
    # v depends on |S| only: the nucleolus is v(N)/n each (symmetry and uniqueness); every
    # coalition of one size ties, so the top classes hold up to C(8, 4) = 70 coalitions
    n = 8
    v = _game([F(bin(m).count("1") ** 2, 3) for m in range(1 << n)])
    nu = nucleolus(v)
    _assert_certified(nu)
    assert list(nu.point) == [v[-1] / n] * n


def test_membership_game_tu_solutions_are_exact_and_certified() -> None:
    n = 5
    game = MembershipGame.public_good([f"c{i}" for i in range(n)], [F(3, 2)] * n,
                                      [F(2, 3)] * n)
    v = game.characteristic_function()
    tu = game.tu_solutions()
    assert tu.exact and tu.nucleolus is not None and tu.least_core is not None
    _assert_certified(tu.nucleolus)
    _assert_certified(tu.least_core)
    assert list(tu.nucleolus.point) == [v[-1] / n] * n  # symmetric countries
    json.dumps(tu.to_dict())


def test_two_players_from_an_integer_object_array() -> None:
    # two players: each gets v({i}) plus half the surplus v(N) - v({1}) - v({2}); the least
    # core (x_i + eps >= v({i}), x(N) = 5) has eps* = (v({1}) + v({2}) - v(N)) / 2 = -1
    v = np.array([0, 1, 2, 5], dtype=object)
    nu = nucleolus(v)
    _assert_certified(nu)
    assert list(nu.point) == [2, 3]
    lc = least_core(v)
    _assert_certified(lc)
    assert lc.epsilon == -1 and list(lc.point) == [2, 3]
    one = nucleolus(np.array([0, F(7, 2)], dtype=object))
    assert one.exact and one.point == (F(7, 2),)
