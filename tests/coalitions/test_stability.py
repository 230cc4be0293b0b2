"""Stability of membership games: theory (Barrett 1994) and a brute-force reference."""

from __future__ import annotations

import itertools
import random
from fractions import Fraction
from math import comb

import numpy as np
import pytest

from treaty.coalitions import (
    CallableModel,
    MembershipGame,
    StabilityResult,
    TieRule,
    stability_scan,
)
from treaty.errors import GameTooLarge

# -- the symmetric public-good model: expected sizes derived from the inequalities ---------


def symmetric_payoffs(n: int, k: int, b: Fraction, c: Fraction) -> tuple[Fraction, Fraction]:
    """Member and outsider payoffs when k of n identical countries sign (closed forms).

    Derived from pi_i = b Q - c q_i^2 / 2: outsiders choose q = b/c, the k members choose
    q = k b / c (they internalise the k members' benefit), so Q = k (k b/c) + (n - k) b/c.
    """
    q_member = k * b / c
    q_out = b / c
    total = k * q_member + (n - k) * q_out
    return b * total - c * q_member ** 2 / 2, b * total - c * q_out ** 2 / 2


def expected_sizes(n: int, b: Fraction, c: Fraction, outsider_joins: bool) -> set[int]:
    """Sizes k >= 2 meeting internal stability (member(k) >= outsider(k-1), an indifferent
    member stays) and external stability (outsider(k) > member(k+1), or >= when an
    indifferent outsider stays out)."""
    sizes = set()
    for k in range(2, n + 1):
        member_k, _ = symmetric_payoffs(n, k, b, c)
        _, outsider_km1 = symmetric_payoffs(n, k - 1, b, c)
        internal = member_k >= outsider_km1
        if k == n:
            external = True
        else:
            _, outsider_k = symmetric_payoffs(n, k, b, c)
            member_kp1, _ = symmetric_payoffs(n, k + 1, b, c)
            external = outsider_k > member_kp1 if outsider_joins else outsider_k >= member_kp1
        if internal and external:
            sizes.add(k)
    return sizes


B, C = Fraction(3, 2), Fraction(2, 3)


def _sizes() -> list:
    """n = 3..12; the scans of 2^11 and 2^12 coalitions with exact payoffs are slow."""
    return [pytest.param(n, marks=pytest.mark.slow) if n >= 11 else n for n in range(3, 13)]


@pytest.mark.parametrize("n", _sizes())
def test_symmetric_public_good_default_rule_gives_three(n: int) -> None:
    expected = expected_sizes(n, B, C, outsider_joins=True)
    assert expected == {3}  # the textbook result, here derived from the inequalities
    game = MembershipGame.public_good([f"c{i}" for i in range(n)], [B] * n, [C] * n)
    result = game.stability()
    assert result.exact
    assert set(result.stable_sizes) == expected
    assert result.n_stable == sum(comb(n, k) for k in expected)
    assert all(c.internal and c.external for c in result.stable)


@pytest.mark.parametrize("n", _sizes())
def test_symmetric_public_good_outsider_stays_rule_gives_two_and_three(n: int) -> None:
    expected = expected_sizes(n, B, C, outsider_joins=False)
    assert expected == {2, 3}
    game = MembershipGame.public_good([f"c{i}" for i in range(n)], [B] * n, [C] * n)
    result = game.stability(rule=TieRule.STAY_OUT)
    assert set(result.stable_sizes) == expected
    assert result.n_stable == sum(comb(n, k) for k in expected)


def test_boundary_indifference_is_exact() -> None:
    n = 6
    member3, _ = symmetric_payoffs(n, 3, B, C)
    _, outsider2 = symmetric_payoffs(n, 2, B, C)
    assert member3 == outsider2  # a member of a 3-coalition is exactly indifferent
    game = MembershipGame.public_good([f"c{i}" for i in range(n)], [B] * n, [C] * n)
    assert game.payoffs({"c0", "c1", "c2"})[0] == member3
    assert game.payoffs({"c0", "c1"})[5] == outsider2
    # the indifferent member leaves under the leave-join rule: no size 3 stable
    assert 3 not in game.stability(rule=TieRule.LEAVE_JOIN).stable_sizes


# -- brute-force reference ----------------------------------------------------------------


def brute_public_good(b: list, c: list, members: frozenset[int]) -> list:
    """pi_i(S) straight from the model's definition, one coalition at a time."""
    n = len(b)
    bs = sum((b[j] for j in members), Fraction(0) if isinstance(b[0], Fraction) else 0.0)
    q = [bs / c[i] if i in members else b[i] / c[i] for i in range(n)]
    total = sum(q)
    return [b[i] * total - c[i] * q[i] ** 2 / 2 for i in range(n)]


def brute_flags(payoff, n: int, member_stays: bool, outsider_joins: bool,
                tol: float = 0.0) -> dict[int, tuple[bool, bool]]:
    def cmp(a, b):
        d = a - b
        return 0 if abs(d) <= tol * (abs(a) + abs(b)) else (1 if d > 0 else -1)

    pay = {}
    for m in range(1 << n):
        pay[m] = payoff(frozenset(i for i in range(n) if m >> i & 1))
    out = {}
    for m in range(1 << n):
        internal = external = True
        for i in range(n):
            s = cmp(pay[m][i], pay[m ^ (1 << i)][i])
            if m >> i & 1:
                internal &= s > 0 or (s == 0 and member_stays)
            else:
                external &= s > 0 or (s == 0 and not outsider_joins)
        out[m] = (internal, external)
    return out


def check_against_brute(result: StabilityResult, ref: dict[int, tuple[bool, bool]], n: int,
                        min_size: int = 2) -> None:
    for m, (internal, external) in ref.items():
        assert result.condition(m, StabilityResult.INTERNAL) == internal, m
        assert result.condition(m, StabilityResult.EXTERNAL) == external, m
    stable = {m for m, (i, e) in ref.items() if i and e and bin(m).count("1") >= min_size}
    assert result.n_stable == len(stable)
    assert {c.mask for c in result.stable} == stable


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("rule", TieRule.ALL)
def test_random_exact_public_good_matches_brute_force(seed: int, rule: str) -> None:
    rnd = random.Random(seed)
    n = rnd.randint(3, 7)
    b = [Fraction(rnd.randint(1, 9), rnd.randint(1, 4)) for _ in range(n)]
    c = [Fraction(rnd.randint(1, 9), rnd.randint(1, 4)) for _ in range(n)]
    game = MembershipGame.public_good([f"c{i}" for i in range(n)], b, c)
    result = stability_scan(game.model, game.players, rule=rule, chunk_bits=3)
    stays, joins = TieRule.parse(rule)
    ref = brute_flags(lambda s: brute_public_good(b, c, s), n, stays, joins)
    check_against_brute(result, ref, n)


@pytest.mark.parametrize("seed", range(4))
def test_random_float_public_good_matches_brute_force(seed: int) -> None:
    rng = np.random.default_rng(seed)
    n = 9
    b = list(rng.uniform(0.2, 3.0, n))
    c = list(rng.uniform(0.2, 3.0, n))
    game = MembershipGame.public_good([f"c{i}" for i in range(n)], b, c)
    result = game.stability(chunk_bits=5)
    assert not result.exact
    ref = brute_flags(lambda s: brute_public_good(b, c, s), n, True, True, tol=1e-9)
    check_against_brute(result, ref, n)


def brute_expression(b: list, c: list, s: frozenset[int]) -> list:
    k = len(s)
    sb = sum((b[j] for j in s), Fraction(0))
    return [b[i] * sb - c[i] * k if i in s else b[i] * sb / 2 for i in range(len(b))]


@pytest.mark.parametrize("seed", range(4))
def test_random_expression_model_matches_brute_force(seed: int) -> None:
    rnd = random.Random(100 + seed)
    n = rnd.randint(3, 7)
    b = [Fraction(rnd.randint(0, 6)) for _ in range(n)]  # small integers: many exact ties
    c = [Fraction(rnd.randint(1, 6), 2) for _ in range(n)]
    game = MembershipGame.from_expression(
        [f"c{i}" for i in range(n)], "b * sum_b - c * k", "b * sum_b / 2",
        attributes={"b": b, "c": c})
    assert game.is_exact
    result = stability_scan(game.model, game.players, chunk_bits=2)
    ref = brute_flags(lambda s: brute_expression(b, c, s), n, True, True)
    check_against_brute(result, ref, n)


def test_callable_model_scalar_and_vectorized_agree() -> None:
    n = 6
    w = [Fraction(i + 1, 3) for i in range(n)]

    def scalar(s: frozenset[int]) -> list:
        size = len(s)
        return [w[i] * size - Fraction(size * size if i in s else 0, 4) for i in range(n)]

    def vector(x: np.ndarray) -> np.ndarray:
        size = x.sum(axis=1, keepdims=True)
        return np.array([float(v) for v in w])[None, :] * size - np.where(x, size ** 2, 0) / 4

    g1 = MembershipGame.from_callable([f"c{i}" for i in range(n)], scalar)
    g2 = MembershipGame.from_callable([f"c{i}" for i in range(n)], vector, vectorized=True)
    assert g1.is_exact and not g2.is_exact
    r1, r2 = g1.stability(), g2.stability()
    ref = brute_flags(scalar, n, True, True)
    check_against_brute(r1, ref, n)
    check_against_brute(r2, ref, n)


def test_ranking_by_total_then_size() -> None:
    rnd = random.Random(7)
    n = 7
    b = [Fraction(rnd.randint(1, 9)) for _ in range(n)]
    c = [Fraction(rnd.randint(1, 9)) for _ in range(n)]
    game = MembershipGame.public_good([f"c{i}" for i in range(n)], b, c)
    r = game.stability(rule=TieRule.STAY_OUT, min_size=0)
    totals = [c.total for c in r.stable]
    assert totals == sorted(totals, reverse=True)
    for coal in r.stable:
        assert coal.total == sum(brute_public_good(b, c, frozenset(
            i for i in range(n) if coal.mask >> i & 1)))
    sizes = list(r.by_size())
    assert sizes == sorted(sizes, reverse=True)


# -- transfers --------------------------------------------------------------------------


@pytest.mark.parametrize("seed", range(5))
def test_grand_coalition_transfers_are_cheapest_and_sufficient(seed: int) -> None:
    rnd = random.Random(seed)
    n = 5
    b = [Fraction(rnd.randint(1, 9)) for _ in range(n)]
    c = [Fraction(rnd.randint(1, 9)) for _ in range(n)]
    game = MembershipGame.public_good([f"c{i}" for i in range(n)], b, c)
    g = game.grand_coalition()
    full = frozenset(range(n))
    pay = brute_public_good(b, c, full)
    outside = [brute_public_good(b, c, full - {i})[i] for i in range(n)]
    assert list(g.payoffs) == pay and list(g.outside) == outside
    assert g.internally_stable == all(p >= o for p, o in zip(pay, outside))
    assert g.surplus == sum(pay) - sum(outside)
    assert g.potentially_stable == (g.surplus >= 0)
    assert g.total_transfer == sum(max(Fraction(0), o - p) for p, o in zip(pay, outside))
    if g.potentially_stable:
        assert sum(g.transfers) == 0
        assert all(p + t >= o for p, t, o in zip(pay, g.transfers, outside))
        assert sum(t for t in g.transfers if t > 0) == g.total_transfer
    else:
        assert g.transfers is None


def test_transfer_scheme_supports_pis_coalitions() -> None:
    n = 6
    game = MembershipGame.public_good([f"c{i}" for i in range(n)], [B] * n, [C] * n)
    r = game.stability()
    pis = [m for m in range(1, 1 << n) if r.condition(m, StabilityResult.POTENTIALLY_INTERNAL)]
    for m in pis[:20]:
        ts = game.transfer_scheme(m)
        assert ts.feasible and sum(ts.transfers) == 0
        assert all(s >= o for s, o in zip(ts.shares, ts.outside))


# -- limits ------------------------------------------------------------------------------


def test_size_is_checked_before_work() -> None:
    def never(x: np.ndarray) -> np.ndarray:
        raise AssertionError("payoffs evaluated before the size check")

    game = MembershipGame([f"c{i}" for i in range(30)], CallableModel(never, 30, vectorized=True))
    with pytest.raises(GameTooLarge, match="max_players=25") as info:
        game.stability()
    assert "2^30 = 1,073,741,824" in str(info.value)
    with pytest.raises(GameTooLarge, match="max_players"):
        game.characteristic_function()
    with pytest.raises(GameTooLarge, match="max_players=6"):
        MembershipGame.public_good([f"c{i}" for i in range(7)], [1] * 7, [1] * 7).farsighted()


def test_unknown_rule_is_refused() -> None:
    game = MembershipGame.public_good(["a", "b", "c"], [1] * 3, [1] * 3)
    with pytest.raises(Exception, match="stay-out"):
        game.stability(rule="stay-ot")


def test_all_subsets_helper_consistency() -> None:
    # every coalition reported stable really is, checked via the public payoffs() API
    n = 5
    game = MembershipGame.public_good([f"c{i}" for i in range(n)], [B] * n, [C] * n)
    for coal in game.stability().stable:
        s = set(coal.members)
        for i, p in enumerate(game.players):
            other = s ^ {p}
            here, there = game.payoffs(s)[i], game.payoffs(other)[i]
            assert here >= there if p in s else here > there
    assert list(itertools.islice(game.stability().stable, 1))
