"""Membership rules: exclusive membership and potential stability (Carraro, Eyckmans, Finus 2006).

Expected values are derived by hand (in the comments) or computed by an independent oracle
written here: plain loops over subsets in Fractions, from the definitions.
"""

from __future__ import annotations

import json
import random
from fractions import Fraction as F
from pathlib import Path

import numpy as np
import pytest

from treaty.coalitions import (
    CallableModel,
    MembershipGame,
    StabilityResult,
    TieRule,
    stability_scan,
)
from treaty.coalitions._rules import certify_exclusive, certify_potential
from treaty.errors import GameError

from .test_stability import brute_public_good

# -- hand derivations -------------------------------------------------------------------------


def test_exclusive_differs_from_open_asymmetric_public_good() -> None:
    """pi_i = b_i Q - c_i q_i^2 / 2 with b = (1, 1, 1), c = (1, 1, 8) for A, B, C.

    Outsiders abate b_j / c_j, members B_S / c_i; Q = B_S G_S + H_N - H_S, H_N = 17/8.
      no pact (and singletons): Q = 17/8; A = B = 17/8 - 1/2 = 13/8, C = 17/8 - 1/16 = 33/16
      {A, B}: Q = 2 * 2 + 17/8 - 2 = 33/8; A = B = 33/8 - 4/2 = 17/8; C = 33/8 - 1/16 = 65/16
      {A, C}: B_S = 2, G = H = 9/8, Q = 9/4 + 1 = 13/4; A = 13/4 - 2 = 5/4,
              C = 13/4 - 4/16 = 3, B = 13/4 - 1/2 = 11/4 (and {B, C} symmetrically)
      {A, B, C}: Q = 3 * 17/8 = 51/8; A = B = 51/8 - 9/2 = 15/8, C = 51/8 - 9/16 = 93/16
    Open membership: {A, B} is internally stable (17/8 > 13/8) but C wants in
    (93/16 > 65/16); {A, C}, {B, C} lose a member (5/4 < 13/8); {A, B, C} loses A
    (15/8 < 11/4, its payoff outside with {B, C}).  No pact is stable.
    Exclusive membership: C's entry leaves A and B strictly worse off (15/8 < 17/8), so they
    refuse it and {A, B} is stable.
    """
    g = MembershipGame.public_good(["A", "B", "C"], [1, 1, 1], [1, 1, 8])
    assert g.payoffs({"A", "B"}) == (F(17, 8), F(17, 8), F(65, 16))
    assert g.payoffs({"A", "B", "C"}) == (F(15, 8), F(15, 8), F(93, 16))
    opened = g.stability()
    assert opened.membership == "open" and opened.n_stable == 0 and opened.stable == ()
    excl = g.stability(membership="exclusive")
    assert excl.membership == "exclusive" and excl.exact
    assert excl.n_stable == excl.counts["stable"] == 1 and excl.counts["stable_open"] == 0
    (ab,) = excl.stable
    assert ab.members == ("A", "B") and ab.refused == ("C",) and ab.admitted == ()
    assert ab.internal and not ab.external and ab.stable and ab.membership == "exclusive"
    assert ab.payoffs == (F(17, 8), F(17, 8), F(65, 16)) and ab.surplus == 1
    assert excl.condition(ab.mask, StabilityResult.EXCLUSIVE_STABLE)
    assert not excl.condition(0b111, StabilityResult.EXCLUSIVE_STABLE)
    assert "refuses C" in ab.describe() and "exclusive membership" in excl.describe()


def test_potential_stability_zero_surplus_enlargement_counts_as_pis() -> None:
    """Same game.  Surpluses sum_S pi_i(S) - pi_i(S - i):
      {A, B}: 2 (17/8 - 13/8) = 1;  {A, C}: 5/4 + 3 - 13/8 - 33/16 = 9/16 (and {B, C})
      {A, B, C}: 15/8 + 15/8 + 93/16 - (11/4 + 11/4 + 65/16) = 153/16 - 153/16 = 0.
    Every pair is PIS, but so is its enlargement {A, B, C} (surplus exactly 0 counts), so the
    only potentially stable pact is {A, B, C}.  Sharing rule (equal lambdas, zero surplus):
    each gets its outside option, x = (11/4, 11/4, 65/16): A and B receive 11/4 - 15/8 = 7/8,
    C pays 93/16 - 65/16 = 7/4.
    """
    g = MembershipGame.public_good(["A", "B", "C"], [1, 1, 1], [1, 1, 8])
    r = g.stability()
    assert r.counts["potentially_stable"] == 1
    (abc,) = r.potentially_stable
    assert abc.members == ("A", "B", "C") and abc.surplus == 0 and abc.potentially_internal
    s = abc.sharing
    assert s is not None and s.feasible
    assert s.shares == (F(11, 4), F(11, 4), F(65, 16))
    assert s.transfers == (F(7, 8), F(7, 8), F(-7, 4))
    assert s.weights == (F(1, 3),) * 3
    assert r.condition(0b111, StabilityResult.POTENTIALLY_STABLE)
    assert not r.condition(0b011, StabilityResult.POTENTIALLY_STABLE)
    assert r.condition(0b011, StabilityResult.POTENTIALLY_INTERNAL)


def test_indifferent_member_does_not_refuse() -> None:
    """c = (1, 1, 4): H_N = 9/4.  {A, B}: Q = 4 + 9/4 - 2 = 17/4, A = 17/4 - 2 = 9/4,
    C = 17/4 - 1/8 = 33/8.  {A, B, C}: Q = 3 * 9/4 = 27/4, A = 27/4 - 9/2 = 9/4,
    C = 27/4 - 9/8 = 45/8.  C wants in (45/8 > 33/8); A and B are exactly indifferent
    (9/4 = 9/4), so nobody refuses: C is admitted and {A, B} is not stable either way.
    The same game with every b and c scaled by 1/3 (payoffs scale by 1/3) puts the float
    comparison within rounding: the exact re-decision must give the same answer.
    """
    for scale in (F(1), F(1, 3)):
        g = MembershipGame.public_good(["A", "B", "C"], [scale] * 3,
                                       [scale, scale, 4 * scale])
        assert g.payoffs({"A", "B"})[0] == g.payoffs({"A", "B", "C"})[0] == F(9, 4) * scale
        c = certify_exclusive(g.model, g.players, 0b011, True, True)
        assert c.internal and not c.external and c.admitted == ("C",) and not c.refused
        assert not c.stable
        excl = g.stability(membership="exclusive")
        assert excl.exact and 0b011 not in {x.mask for x in excl.stable}
        assert excl.n_stable == g.stability().n_stable == 0


def club(n: int, peak: int) -> MembershipGame:
    """A club good with congestion: each member gets k (2 peak - k), outsiders 0."""
    def pay(s: frozenset[int]) -> list[int]:
        k = len(s)
        return [k * (2 * peak - k) if i in s else 0 for i in range(n)]
    return MembershipGame.from_callable([f"c{i}" for i in range(n)], pay)


@pytest.mark.parametrize("rule", list(TieRule.ALL))
def test_club_good_exclusive_sizes(rule: str) -> None:
    """B(k) = k (8 - k): 7, 12, 15, 16, 15, 12 for k = 1..6 (no ties between k and k + 1).
    A leaver gets 0 <= B(k): internally stable for every k.  An outsider gets 0 < B(k + 1),
    so it always wants in: under open membership only the grand coalition is stable.  Under
    exclusive membership the members refuse an entrant when B(k + 1) < B(k), i.e. k >= 4:
    sizes 4, 5 (every outsider refused) and 6: C(6,4) + C(6,5) + 1 = 22 pacts."""
    g = club(6, 4)
    opened = g.stability(rule=rule)
    assert [c.members for c in opened.stable] == [g.players]
    excl = g.stability(rule=rule, membership="exclusive")
    assert excl.exact and excl.n_stable == 22 == len(excl.stable)
    assert set(excl.stable_sizes) == {4, 5, 6}
    for c in excl.stable:
        outsiders = tuple(p for p in g.players if p not in c.members)
        assert c.refused == outsiders and c.admitted == () and c.stable
    # ranked by total payoff (outsiders get 0): 5 * 15 = 75, then 6 * 12 = 72, then 4 * 16 = 64
    assert [c.total for c in excl.stable] == [75] * 6 + [72] + [64] * 15


def test_club_good_float_model_agrees() -> None:
    """The same club as a vectorised float model: same exclusive pacts, not exact."""
    n, peak = 6, 4

    def pay(x: np.ndarray) -> np.ndarray:
        k = x.sum(axis=1, keepdims=True).astype(float)
        return np.where(x, k * (2 * peak - k), 0.0)

    g = MembershipGame.from_callable([f"c{i}" for i in range(n)], pay, vectorized=True)
    excl = g.stability(membership="exclusive")
    exact = club(n, peak).stability(membership="exclusive")
    assert not excl.exact
    assert [c.mask for c in excl.stable] == [c.mask for c in exact.stable]
    assert [c.refused for c in excl.stable] == [c.refused for c in exact.stable]


def test_membership_rule_validated() -> None:
    g = club(3, 2)
    with pytest.raises(GameError, match="did you mean 'exclusive'"):
        g.stability(membership="exclusiv")
    with pytest.raises(GameError, match="unknown membership rule"):
        stability_scan(g.model, g.players, membership="closed")


# -- brute force against an independent oracle -------------------------------------------------


def oracle_internal(n: int, pay: dict[int, tuple[F, ...]], member_stays: bool, s: int) -> bool:
    for i in range(n):
        if s >> i & 1:
            d = pay[s][i] - pay[s & ~(1 << i)][i]
            if d < 0 or (d == 0 and not member_stays):
                return False
    return True


def oracle_wants_in(pay: dict[int, tuple[F, ...]], outsider_joins: bool, s: int, j: int) -> bool:
    d = pay[s | 1 << j][j] - pay[s][j]
    return d > 0 or (d == 0 and outsider_joins)


def oracle(n: int, pay: dict[int, tuple[F, ...]], member_stays: bool, outsider_joins: bool,
           min_size: int) -> tuple[set[int], set[int], set[int], set[int]]:
    """(open stable, exclusive stable, PIS, potentially stable) by plain loops over subsets."""
    full = (1 << n) - 1

    def internal(s: int) -> bool:
        return oracle_internal(n, pay, member_stays, s)

    def wants_in(s: int, j: int) -> bool:
        return oracle_wants_in(pay, outsider_joins, s, j)

    def pis(s: int) -> bool:
        members = [i for i in range(n) if s >> i & 1]
        return sum(pay[s][i] for i in members) >= sum(pay[s & ~(1 << i)][i] for i in members)

    opened, exclusive, pis_set, ps = set(), set(), set(), set()
    for s in range(1 << n):
        if bin(s).count("1") < min_size:
            continue
        outs = [j for j in range(n) if not s >> j & 1]
        if pis(s):
            pis_set.add(s)
            if not any(pis(s | 1 << j) for j in outs):
                ps.add(s)
        if not internal(s):
            continue
        entrants = [j for j in outs if wants_in(s, j)]
        if not entrants:
            opened.add(s)
        members = [i for i in range(n) if s >> i & 1]
        if all(any(pay[s | 1 << j][i] < pay[s][i] for i in members) for j in entrants):
            exclusive.add(s)
    assert full in pis_set or full not in ps
    return opened, exclusive, pis_set, ps


def public_good_table(b: list[int], c: list[int]) -> dict[int, tuple[F, ...]]:
    """Payoffs of the asymmetric public good of every coalition, from the first-order
    conditions by loops (:func:`brute_public_good`)."""
    n = len(b)
    bf, cf = [F(v) for v in b], [F(v) for v in c]
    return {s: tuple(brute_public_good(bf, cf, frozenset(i for i in range(n) if s >> i & 1)))
            for s in range(1 << n)}


def check_against_oracle(g: MembershipGame, table: dict[int, tuple[F, ...]]) -> None:
    n = g.n
    for rule in TieRule.ALL:
        stays, joins = TieRule.parse(rule)
        opened, exclusive, pis_set, ps = oracle(n, table, stays, joins, 2)
        ro = g.stability(rule=rule)
        re = g.stability(rule=rule, membership="exclusive")
        assert ro.exact and re.exact
        assert {c.mask for c in ro.stable} == opened
        assert {c.mask for c in re.stable} == exclusive and re.n_stable == len(exclusive)
        assert re.counts["stable_open"] == len(opened)
        for r in (ro, re):
            assert {c.mask for c in r.potentially_stable} == ps
            assert r.counts["potentially_stable"] == len(ps)
            assert r.counts["potentially_internal"] == len(pis_set)
        for c in re.stable:
            assert c.payoffs == table[c.mask]
            wanting = {g.players[j] for j in range(n) if not c.mask >> j & 1
                       and (table[c.mask | 1 << j][j] > table[c.mask][j]
                            or (joins and table[c.mask | 1 << j][j] == table[c.mask][j]))}
            assert set(c.refused) == wanting and c.admitted == ()
        for c in ro.potentially_stable:
            check_sharing(n, table, c.mask, c.sharing)
        for c in (*ro.stable, *re.stable, *ro.potentially_stable, *re.potentially_stable):
            assert c.payoffs == table[c.mask]
            assert c.internal == oracle_internal(n, table, stays, c.mask)
            assert c.external == (not any(oracle_wants_in(table, joins, c.mask, j)
                                          for j in range(n) if not c.mask >> j & 1))
            assert c.potentially_internal == (c.mask in pis_set)


def check_sharing(n: int, table: dict[int, tuple[F, ...]], s: int, sharing: object) -> None:
    """The optimal sharing rule stabilises S: budget balance, no member gains by leaving,
    and an outsider who joined would get, under the same rule in S + j, less than outside."""
    from treaty.coalitions import TransferScheme

    assert isinstance(sharing, TransferScheme) and sharing.feasible
    members = [i for i in range(n) if s >> i & 1]
    assert sum(sharing.shares) == sum(table[s][i] for i in members)
    assert sum(sharing.transfers) == 0
    for i, x in zip(members, sharing.shares):
        assert x >= table[s & ~(1 << i)][i]  # staying pays at least leaving
    for j in range(n):
        if s >> j & 1:
            continue
        t = s | 1 << j
        big = [i for i in range(n) if t >> i & 1]
        surplus = sum(table[t][i] - table[t & ~(1 << i)][i] for i in big)
        x_j = table[s][j] + surplus / len(big)  # j's share under the rule in S + j
        assert x_j < table[s][j]  # joining does not pay


@pytest.mark.parametrize("seed", range(12))
def test_random_tables_against_brute_force(seed: int) -> None:
    """Random payoff tables with small integers (many ties), n = 3..5."""
    rng = random.Random(seed)
    n = 3 + seed % 3
    table = {s: tuple(F(rng.randint(-3, 3)) for _ in range(n)) for s in range(1 << n)}
    g = MembershipGame.from_callable([f"p{i}" for i in range(n)], lambda m: table[sum(1 << i for i in m)])
    check_against_oracle(g, table)


@pytest.mark.parametrize("seed", range(8))
def test_random_asymmetric_public_goods_against_brute_force(seed: int) -> None:
    """Asymmetric public goods with small integer b, c (n = 4..6), oracle payoffs by loops."""
    rng = random.Random(100 + seed)
    n = 4 + seed % 3
    b = [rng.randint(1, 4) for _ in range(n)]
    c = [rng.randint(1, 4) for _ in range(n)]
    g = MembershipGame.public_good([f"p{i}" for i in range(n)], b, c)
    table = public_good_table(b, c)
    assert all(g.payoffs(s) == table[s] for s in range(1 << n))
    check_against_oracle(g, table)


def test_symmetric_public_good_potential_size() -> None:
    """b = c = 1, n = 8: a member of a k-pact gets k^2/2 + n - k, a leaver
    (k - 1)^2 + n - (k - 1) - 1/2.  PIS iff k^2/2 >= k^2 - 2k + 3/2, i.e. k^2 - 4k + 3 <= 0,
    k in [1, 3]: the potentially stable pacts are the C(8, 3) = 56 triples.  At k = 3 the
    inequality binds (9 - 12 + 3 = 0): a member gets 9/2 + 5 = 19/2, a leaver 4 + 6 - 1/2 =
    19/2, so the surplus is exactly 0 and the sharing rule moves nothing."""
    n = 8
    g = MembershipGame.public_good([f"c{i}" for i in range(n)], [1] * n, [1] * n)
    r = g.stability()
    assert r.counts["potentially_stable"] == 56 == len(r.potentially_stable)
    assert all(c.size == 3 and c.surplus == 0 for c in r.potentially_stable)
    assert all(c.payoffs[i] == F(19, 2) for c in r.potentially_stable
               for i in range(n) if c.mask >> i & 1)
    for c in r.potentially_stable:
        assert c.sharing is not None and c.sharing.transfers == (0, 0, 0)


def test_certify_potential_rejects_non_potentially_stable() -> None:
    g = MembershipGame.public_good(["A", "B", "C"], [1, 1, 1], [1, 1, 8])
    assert certify_potential(g.model, g.players, 0b011, True, True) is None
    assert certify_potential(g.model, g.players, 0b111, True, True) is not None


def test_to_dict_keys_and_schema() -> None:
    import jsonschema

    import treaty.report as report

    g = MembershipGame.public_good(["A", "B", "C"], [1, 1, 1], [1, 1, 8])
    r = g.stability(membership="exclusive")
    d = json.loads(json.dumps(r.to_dict()))
    assert d["membership"] == "exclusive"
    assert d["stable"][0]["refused"] == ["C"] and d["stable"][0]["sharing"] is None
    assert d["potentially_stable"][0]["sharing"]["shares"] == ["11/4", "11/4", "65/16"]
    assert d["counts"]["potentially_stable"] == 1
    schema = json.loads((Path(report.__file__).parent / "output.schema.json").read_text())
    sub = {"$schema": schema["$schema"], "$defs": schema["$defs"], "$ref": "#/$defs/stability"}
    jsonschema.validate(d, sub)


def test_float_public_good_matches_exact() -> None:
    """Float benefits and costs (generic: no ties) give the same pacts as the exact game."""
    rng = random.Random(7)
    n = 6
    b = [rng.randint(1, 9) for _ in range(n)]
    c = [rng.randint(1, 9) for _ in range(n)]
    ex = MembershipGame.public_good([f"p{i}" for i in range(n)], b, c)
    fl = MembershipGame.public_good([f"p{i}" for i in range(n)], [x + 0.0 for x in b],
                                    [x + 0.0 for x in c])
    for mem in ("open", "exclusive"):
        a, z = ex.stability(membership=mem), fl.stability(membership=mem)
        assert not z.exact
        assert [x.mask for x in a.stable] == [x.mask for x in z.stable]
        assert [x.mask for x in a.potentially_stable] == [x.mask for x in z.potentially_stable]


def test_exclusive_stable_superset_of_open() -> None:
    """Every open-stable pact is stable under exclusive membership (nobody wants in)."""
    for seed in range(5):
        rng = random.Random(seed)
        n = 5
        table = {s: tuple(F(rng.randint(0, 5)) for _ in range(n)) for s in range(1 << n)}
        g = MembershipGame.from_callable([f"p{i}" for i in range(n)],
                                         lambda m, t=table: t[sum(1 << i for i in m)])
        opened = {c.mask for c in g.stability().stable}
        excl = g.stability(membership="exclusive")
        assert opened <= {c.mask for c in excl.stable}
        assert all(c.refused == () for c in excl.stable if c.mask in opened)
        assert all(c.refused for c in excl.stable if c.mask not in opened)


class TypedModel(CallableModel):
    """A callable model that declares interchangeable countries (equal labels)."""

    def __init__(self, func: object, labels: list[int]) -> None:
        super().__init__(func, len(labels))
        self.labels = labels

    def types(self) -> np.ndarray:
        return np.asarray(self.labels)


@pytest.mark.parametrize("seed", range(4))
def test_orbit_evaluation_matches_one_at_a_time(seed: int) -> None:
    """Payoffs depending only on a country's type, side and the members' count per type are
    invariant under type-preserving permutations; evaluating one coalition per orbit and
    permuting must give every coalition's own exact payoffs, and the same pacts."""
    from treaty.coalitions._rules import _evaluate

    rng = random.Random(seed)
    labels = [0, 0, 1, 1, 1, 2]
    n = len(labels)
    memo: dict[tuple[int, ...], F] = {}

    def value(key: tuple[int, ...]) -> F:
        if key not in memo:
            memo[key] = F(rng.randint(-4, 4), rng.randint(1, 3))
        return memo[key]

    def pay(s: frozenset[int]) -> list[F]:
        counts = tuple(sum(1 for i in s if labels[i] == t) for t in range(3))
        return [value((labels[i], int(i in s), *counts)) for i in range(n)]

    typed = TypedModel(pay, labels)
    plain = CallableModel(pay, n)
    masks = np.arange(1 << n, dtype=np.int64)
    for flips in (False, True):
        a, fa, sa = _evaluate(typed, masks, flips)
        b, fb, sb = _evaluate(plain, masks, flips)

        def exact(v: np.ndarray, scale: int) -> list[list[F]]:
            return [[F(int(e), scale) for e in row] for row in v.tolist()]

        assert exact(a, sa) == exact(b, sb)
        assert flips is False or exact(fa, sa) == exact(fb, sb)
    table = {s: tuple(pay(frozenset(i for i in range(n) if s >> i & 1))) for s in range(1 << n)}
    g = MembershipGame([f"p{i}" for i in range(n)], typed)
    check_against_oracle(g, table)


def test_exclusive_exact_limit_leaves_float_decision() -> None:
    """With the tie of test_indifferent_member_does_not_refuse in floats (scale 1/3), the
    exclusive pass needs an exact re-decision; with exact_limit=0 it says it is not exact."""
    from treaty.coalitions._rules import EXCLUSIVE_STABLE, exclusive_flags

    third = F(1, 3)
    g = MembershipGame.public_good(["A", "B", "C"], [third] * 3, [third, third, 4 * third])
    flags = g.stability().flags
    assert flags is not None
    base = flags & np.uint8(31)
    assert exclusive_flags(g.model, base.copy(), True, exact_limit=10)
    assert not exclusive_flags(g.model, base.copy(), True, exact_limit=0)
    exact = base.copy()
    exclusive_flags(g.model, exact, True)
    assert not exact[0b011] & EXCLUSIVE_STABLE  # C admitted: A and B are exactly indifferent


# -- the batched certification (orbits, integer forms, sharing rules in integers) -------------


def _scaled_zero_surplus_game() -> MembershipGame:
    """The game of test_potential_stability_zero_surplus_enlargement_counts_as_pis with
    b scaled by 10^12 and c by 10^-9: payoffs scale by 10^33 (pi = b Q - c q^2 / 2 with
    q = b / c or B / c), so every tie stays a tie, and the integer form needs Python ints."""
    return MembershipGame.public_good(["A", "B", "C"], [10 ** 12] * 3,
                                      [F(1, 10 ** 9), F(1, 10 ** 9), F(8, 10 ** 9)])


def test_python_int_form_zero_surplus_enlargement_decided_exactly() -> None:
    """With an integer form in Python ints, enlargements' surpluses are screened in floats
    and those within the scan's tolerance re-decided exactly: {A, B, C}'s surplus is exactly
    0 (counts as PIS), so no pair is potentially stable; the sharing rule is the hand one
    of the unscaled game times 10^33."""
    from treaty.coalitions._rules import _machine_integer_form

    g = _scaled_zero_surplus_game()
    assert g.model.integer_payoffs(np.ones((1, 3), dtype=bool)).dtype == object
    assert not _machine_integer_form(g.model)
    small = MembershipGame.public_good(["A", "B", "C"], [1, 1, 1], [1, 1, 8])
    assert _machine_integer_form(small.model)
    r = g.stability()
    assert r.exact and r.counts["potentially_stable"] == 1
    (abc,) = r.potentially_stable
    assert abc.mask == 0b111 and abc.surplus == 0
    big = 10 ** 33
    s = abc.sharing
    assert s is not None and s.feasible and s.weights == (F(1, 3),) * 3
    assert s.shares == (F(11, 4) * big, F(11, 4) * big, F(65, 16) * big)
    assert s.transfers == (F(7, 8) * big, F(7, 8) * big, F(-7, 4) * big)
    assert certify_potential(g.model, g.players, 0b011, True, False) is None


def test_python_int_form_near_tie_enlargement_against_brute_force() -> None:
    """C's benefit 10^12 + 1: {A, B, C}'s surplus is not 0 (with equal benefits it is 0 for
    any costs: B^2 G (4 k - 3 - k^2) = 0 at k = 3) but within the float tolerance; the
    potentially stable pacts still match the brute-force oracle."""
    b = [10 ** 12, 10 ** 12, 10 ** 12 + 1]
    c = [F(1, 10 ** 9), F(1, 10 ** 9), F(8, 10 ** 9)]
    g = MembershipGame.public_good(["A", "B", "C"], b, c)
    table = public_good_table(b, c)
    surplus = sum(table[7][i] - table[7 & ~(1 << i)][i] for i in range(3))
    magnitude = sum(abs(table[7][i]) + abs(table[7 & ~(1 << i)][i]) for i in range(3))
    assert surplus != 0 and abs(surplus) < F(1, 10 ** 9) * magnitude
    check_against_oracle(g, table)


@pytest.mark.parametrize("seed", range(4))
def test_batched_sharing_rules_equal_fraction_sharing_rules(seed: int) -> None:
    """Coalitions and sharing rules built in integers (int64 and Python-int forms) equal
    those built one at a time from the oracle's Fractions by sharing_rule."""
    from treaty.coalitions._rules import sharing_rule

    rng = random.Random(300 + seed)
    n = 5
    b = [F(rng.randint(1, 29), rng.randint(1, 29)) for _ in range(n)]
    c = [F(rng.randint(1, 29), rng.randint(1, 29)) for _ in range(n)]
    if seed % 2:
        b = [v * 10 ** 15 for v in b]  # beyond int64
    g = MembershipGame.public_good([f"p{i}" for i in range(n)], b, c)
    table = public_good_table(b, c)
    r = g.stability(min_size=1)
    assert r.potentially_stable
    for co in r.potentially_stable:
        m = co.mask
        flips = [table[m & ~(1 << i)][i] if m >> i & 1 else None for i in range(n)]
        assert co.sharing == sharing_rule(g.players, m, table[m], flips)
        assert co.payoffs == table[m] and co.total == sum(table[m])
        assert all(type(v) is F for v in (*co.payoffs, *co.sharing.shares, co.surplus))


def test_orbit_evaluation_with_integer_form() -> None:
    """Repeated types with an integer form: one evaluation per orbit, spread, equals every
    coalition evaluated on its own; a model whose types are wrong is caught."""
    from treaty.coalitions._rules import _evaluate, _evaluate_rows

    g = MembershipGame.public_good([f"p{i}" for i in range(7)], [1, 1, 2, 2, 1, 2, 1],
                                   [1, 2, 1, 2, 1, 1, 2])
    masks = np.arange(1 << 7, dtype=np.int64)
    for flips in (False, True):
        a, fa, sa = _evaluate(g.model, masks, flips)
        b, fb, sb = _evaluate_rows(g.model, masks, flips)
        assert sa == sb and (a == b).all() and (not flips or (fa == fb).all())


class _SwappedTypes(CallableModel):
    """Declares countries 0 and 1 interchangeable; they are not ({0} differs from {1})."""

    def types(self) -> np.ndarray:
        return np.asarray([0, 0, 1])


def test_orbit_evaluation_catches_wrong_types() -> None:
    from treaty.coalitions._rules import _evaluate
    from treaty.errors import SolverError

    model = _SwappedTypes(lambda s: [F(len(s) + (s == frozenset({0}))) if i in s else F(0)
                                     for i in range(3)], 3)
    with pytest.raises(SolverError, match="interchangeable"):
        _evaluate(model, np.asarray([0b001, 0b010], dtype=np.int64), False)


@pytest.mark.parametrize("seed", range(3))
def test_fraction_models_batched_like_integer_forms(seed: int) -> None:
    """A model without an integer form (Fractions from a callable, mixed denominators,
    some huge): its values are put over a common denominator and built in one batch; every
    potentially stable coalition, its sharing rule and the exclusive pacts equal the
    oracle's, computed one at a time in Fractions."""
    from treaty.coalitions._rules import sharing_rule

    rng = random.Random(700 + seed)
    n = 5
    huge = 10 ** 30 if seed == 2 else 1
    table = {s: tuple(F(rng.randint(-9, 9), rng.choice([1, 2, 3, 7, 11 * huge]))
                      for _ in range(n)) for s in range(1 << n)}
    g = MembershipGame.from_callable([f"p{i}" for i in range(n)],
                                     lambda m: table[sum(1 << i for i in m)])
    r = g.stability(min_size=1)
    for co in r.potentially_stable:
        m = co.mask
        flips = [table[m & ~(1 << i)][i] if m >> i & 1 else None for i in range(n)]
        assert co.sharing == sharing_rule(g.players, m, table[m], flips)
        assert co.payoffs == table[m] and co.total == sum(table[m])
    check_against_oracle(g, table)
