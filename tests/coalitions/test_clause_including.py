"""smallest_clause(including=...): the smallest clause under which a pact INCLUDING given
countries is stable, against a brute-force oracle written here (plain loops over subsets in
Fractions, public-good payoffs from the first-order conditions)."""

from __future__ import annotations

import random
from fractions import Fraction

import pytest

from treaty.coalitions import MembershipGame, smallest_clause
from treaty.errors import GameError

from .test_stability import brute_public_good


def pg_payoffs(b: list[Fraction], c: list[Fraction], s: frozenset[int]) -> list[Fraction]:
    """pi_i = b_i Q - c_i q_i^2 / 2 (:func:`brute_public_good`, exact)."""
    return brute_public_good([Fraction(v) for v in b], [Fraction(v) for v in c], s)


def oracle(b: list[Fraction], c: list[Fraction], w: list[Fraction] | None,
           need: frozenset[int], rule: str = "stay-join"
           ) -> tuple[Fraction | int | None, int, frozenset[int] | None]:
    """(threshold, baseline, pact) by brute force under the tie *rule* (an indifferent member
    stays under stay-*, leaves under leave-*; an indifferent outsider joins under *-join)."""
    member_stays, outsider_joins = rule.startswith("stay"), rule.endswith("join")
    n = len(b)
    subsets = [frozenset(i for i in range(n) if (m >> i) & 1) for m in range(1 << n)]
    empty = pg_payoffs(b, c, frozenset())
    weight = w if w is not None else [Fraction(1)] * n
    total_w = sum(weight, Fraction(0))

    def held(s: frozenset[int]) -> Fraction:
        return sum((weight[i] for i in s), Fraction(0))

    def pay(s: frozenset[int], t: Fraction | None) -> list[Fraction]:
        if t is not None and held(s) < t:
            return empty
        return pg_payoffs(b, c, s)

    def stable(s: frozenset[int], t: Fraction | None) -> bool:
        p = pay(s, t)
        for i in range(n):
            other = pay(s ^ {i}, t)
            if i in s and (p[i] < other[i] or (p[i] == other[i] and not member_stays)):
                return False
            if i not in s and (p[i] < other[i] or (p[i] == other[i] and outsider_joins)):
                return False
        return True

    base = [s for s in subsets if len(s) >= 2 and need <= s and stable(s, None)]
    baseline = max((len(s) for s in base), default=0)
    if w is None:
        candidates: list[Fraction | int] = list(range(1, n + 1))
    else:
        candidates = sorted({held(s) / total_w for s in subsets if s})
    for k in candidates:
        t = Fraction(k) if w is None else Fraction(k) * total_w
        good = [s for s in subsets if len(s) >= 2 and held(s) >= t and len(s) > baseline
                and need <= s and stable(s, t)]
        if good:
            best = max(good, key=lambda s: (len(s), sum(pg_payoffs(b, c, s))))
            return k, baseline, best
    return None, baseline, None


@pytest.mark.parametrize("seed", range(12))
@pytest.mark.parametrize("by_share", [False, True])
def test_including_against_brute_force(seed: int, by_share: bool) -> None:
    rng = random.Random(seed)
    n = 5
    b = [Fraction(rng.randint(1, 4)) for _ in range(n)]
    c = [Fraction(rng.randint(1, 4), rng.randint(1, 2)) for _ in range(n)]
    w = [Fraction(rng.randint(0, 5)) for _ in range(n)] if by_share else None
    if w is not None and not any(w):
        w[0] = Fraction(1)
    names = [f"C{i}" for i in range(n)]
    game = MembershipGame.public_good(names, b, c)
    need = frozenset({seed % n})
    k, baseline, pact = oracle(b, c, w, need)
    r = smallest_clause(game, weights=w, including=[names[seed % n]])
    assert r.including == (names[seed % n],) and r.baseline_size == baseline
    assert r.found == (pact is not None)
    if pact is not None:
        assert r.threshold == k and r.exact
        assert len(r.members) == len(pact) and names[seed % n] in r.members
        # equal-size ties may pick a different pact of the same size and total payoff
        mine = frozenset(names.index(m) for m in r.members)
        assert sum(pg_payoffs(b, c, mine)) == sum(pg_payoffs(b, c, pact))
        assert list(r.payoffs) == pg_payoffs(b, c, mine)


def test_including_a_country_no_stable_pact_contains() -> None:
    """Symmetric b = c = 1, n = 5: 3-member pacts are stable without a clause (none forced to
    include anyone), so the baseline including A is 3 and the clause at 4 members makes the
    4-pact stable (the hand derivation of tests/coalitions/test_clause.py)."""
    g = MembershipGame.public_good(list("ABCDE"), [1] * 5, [1] * 5)
    r = smallest_clause(g, including="E")
    assert (r.found, r.threshold, r.baseline_size, r.size) == (True, 4, 3, 4)
    assert "E" in r.members and r.to_dict()["including"] == ["E"]
    assert "including E" in r.describe()
    with pytest.raises(GameError, match="unknown country"):
        smallest_clause(g, including=["Z"])


@pytest.mark.parametrize("rule", ["stay-join", "stay-out", "leave-join", "leave-out"])
@pytest.mark.parametrize("seed", range(6))
def test_tie_rules_and_zero_weights_against_brute_force(rule: str, seed: int) -> None:
    """Symmetric costs give exact ties (a member of a clause pact exactly at its no-pact
    payoff, an outsider indifferent); zero weights give coalitions of equal held weight."""
    rng = random.Random(100 + seed)
    n = 5
    b = [Fraction(rng.choice([1, 1, 2])) for _ in range(n)]
    c = [Fraction(1)] * n
    w = [Fraction(rng.randint(0, 3)) for _ in range(n)] if seed % 2 else None
    if w is not None and not any(w):
        w[-1] = Fraction(2)
    names = [f"C{i}" for i in range(n)]
    game = MembershipGame.public_good(names, b, c)
    for need in (frozenset(), frozenset({seed % n})):
        k, baseline, pact = oracle(b, c, w, need, rule)
        r = smallest_clause(game, weights=w, rule=rule, including=[names[i] for i in need])
        assert (r.baseline_size, r.found) == (baseline, pact is not None), (rule, need)
        if pact is not None:
            assert r.threshold == k and len(r.members) == len(pact)
            mine = frozenset(names.index(m) for m in r.members)
            assert sum(pg_payoffs(b, c, mine)) == sum(pg_payoffs(b, c, pact))


def test_float_weights_give_the_exact_weights_answer() -> None:
    rng = random.Random(7)
    n = 5
    b = [Fraction(rng.randint(1, 4)) for _ in range(n)]
    c = [Fraction(rng.randint(1, 3)) for _ in range(n)]
    w = [Fraction(rng.randint(1, 5)) for _ in range(n)]
    game = MembershipGame.public_good([f"C{i}" for i in range(n)], b, c)
    exact = smallest_clause(game, weights=w)
    approx = smallest_clause(game, weights=[float(v) for v in w])
    assert (exact.found, exact.members) == (approx.found, approx.members)
    if exact.found:
        assert abs(float(exact.threshold) - approx.threshold) < 1e-12
