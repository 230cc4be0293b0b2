"""Coalition structures: Nash and individual stability of partitions against single moves.

The oracle below is written independently of treaty: partitions by recursive insertion,
public-good payoffs by plain Fraction loops from the first-order conditions of each bloc
(``q_i = B_T / c_i``, ``pi_i = b_i Q - c_i q_i^2 / 2``), and every move enumerated.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from fractions import Fraction as F
from itertools import combinations

import numpy as np
import pytest

import treaty
from treaty.coalitions import (
    MembershipGame,
    PartitionFunctionModel,
    PublicGoodModel,
    StructureResult,
    bell_number,
    set_partitions,
    stability_scan,
)
from treaty.errors import GameError, GameTooLarge

Partition = frozenset  # frozenset of frozensets of country indices


# -- the independent oracle ----------------------------------------------------------------------
def all_partitions(items: list[int]) -> list[list[list[int]]]:
    if not items:
        return [[]]
    first, rest = items[0], items[1:]
    out = []
    for p in all_partitions(rest):
        out.append([[first], *p])
        for k in range(len(p)):
            out.append([*p[:k], [first, *p[k]], *p[k + 1:]])
    return out


def as_set(blocs) -> frozenset:
    return frozenset(frozenset(b) for b in blocs)


def public_good_payoffs(b: list, c: list, partition: frozenset) -> dict[int, F]:
    """Each bloc maximises sum_{i in T} (b_i Q - c_i q_i^2 / 2): d/dq_i gives B_T = c_i q_i."""
    q = {}
    for bloc in partition:
        bt = sum((F(b[j]) for j in bloc), F(0))
        for i in bloc:
            q[i] = bt / F(c[i])
    total_q = sum(q.values(), F(0))
    return {i: F(b[i]) * total_q - F(c[i]) * q[i] * q[i] / 2 for i in q}


def moves(partition: frozenset):
    """(mover, receiving bloc or frozenset() for alone, new partition)."""
    for bloc in partition:
        for i in bloc:
            rest = bloc - {i}
            others = [t for t in partition if t != bloc]
            if rest:
                yield i, frozenset(), frozenset([*others, rest, frozenset({i})])
            for t in others:
                new = [u for u in others if u != t] + [t | {i}]
                if rest:
                    new.append(rest)
                yield i, t, frozenset(new)


def oracle(n: int, payoff) -> dict[frozenset, tuple[bool, bool, F]]:
    """partition -> (Nash stable, individually stable, total payoff)."""
    out = {}
    for p in all_partitions(list(range(n))):
        part = as_set(p)
        base = payoff(part)
        nash = ind = True
        for i, t, new in moves(part):
            after = payoff(new)
            if after[i] > base[i]:
                nash = False
                if all(after[j] >= base[j] for j in t):
                    ind = False
        out[part] = (nash, ind, sum(base.values(), F(0)))
    return out


def structure_set(s) -> frozenset:
    return frozenset(frozenset(int(v) for v in b) for b in _blocs_idx(s))


def _blocs_idx(s):
    lab = s.labels
    return [[i for i in range(len(lab)) if lab[i] == k] for k in range(max(lab) + 1)]


def names(n: int) -> list[str]:
    return [f"C{i}" for i in range(n)]


def check_against_oracle(game: MembershipGame, expected: dict) -> None:
    for membership, col in (("open", 0), ("exclusive", 1)):
        r = game.structures(membership=membership, limit=10_000)
        want = {p for p, v in expected.items() if v[col]}
        got = {structure_set(s) for s in r.stable}
        assert got == want, membership
        assert r.n_stable == len(want)
        assert r.counts["nash_stable"] == sum(v[0] for v in expected.values())
        assert r.counts["individually_stable"] == sum(v[1] for v in expected.values())
        assert r.counts["partitions"] == len(expected) == r.n_partitions
        totals = [s.total for s in r.stable]
        assert totals == sorted(totals, reverse=True)
        for s in r.stable:
            assert s.total == pytest.approx(expected[structure_set(s)][2], rel=1e-12) \
                if not game.is_exact else s.total == expected[structure_set(s)][2]


# -- hand derivations --------------------------------------------------------------------------
def test_three_symmetric_countries_by_hand() -> None:
    # b = c = 1.  Singletons: q = 1, Q = 3, pi = 3 - 1/2 = 5/2.  Pair + single: q = 2, 2, 1,
    # Q = 5, pair members 5 - 2 = 3, the single 5 - 1/2 = 9/2.  Grand: q = 3, Q = 9, pi = 9/2.
    # Singletons: joining another country pays 3 > 5/2 (and the partner gains too): unstable.
    # Pair: leaving gives 5/2 < 3, switching partner 3 = 3, the single joining 9/2 = 9/2: stable.
    # Grand: leaving gives the single's 9/2 = 9/2: stable.
    g = MembershipGame.public_good(["A", "B", "C"], [1, 1, 1], [1, 1, 1])
    for membership in ("open", "exclusive"):
        r = g.structures(membership=membership)
        assert r.n_stable == 4 and r.counts == {"partitions": 5, "nash_stable": 4,
                                                 "individually_stable": 4}
        assert [b.members for b in r.best.blocs] == [("A", "B", "C")]
        assert r.best.payoffs == (F(9, 2),) * 3 and r.best.total == F(27, 2)
        assert {s.total for s in r.stable[1:]} == {F(21, 2)}
    single = g.structures([]).evaluated
    assert single.payoffs == (F(5, 2),) * 3 and not single.nash_stable
    assert not single.individually_stable
    assert {(m.country, m.target, m.after) for m in single.moves} == {
        (a, (t,), F(3)) for a in "ABC" for t in "ABC" if a != t}
    pair = g.structures([["A", "B"]]).evaluated
    assert pair.payoffs == (3, 3, F(9, 2)) and pair.moves == () and pair.nash_stable


def test_open_and_exclusive_differ_by_hand() -> None:
    # b = (1, 1, 1), c = (1, 1, 2): pi_i = Q - B_T(i)^2 / (2 c_i), Q = sum_i B_T(i) / c_i.
    # {A}{B}{C}: Q = 5/2, pi = (2, 2, 9/4).     {A,B}{C}: Q = 9/2, pi = (5/2, 5/2, 17/4).
    # {A,C}{B}: Q = 4, pi = (2, 7/2, 3).        {A}{B,C}: Q = 4, pi = (7/2, 2, 3).
    # {A,B,C}: Q = 15/2, pi = (3, 3, 21/4).
    # {A,C}{B}: A gains by joining B (2 -> 5/2) but B would fall from 7/2 to 5/2 and refuses;
    # no other move gains (A alone 2 = 2, C alone 9/4 < 3, C to B 3 = 3, B to {A,C} 3 < 7/2):
    # individually stable, not Nash stable; {A}{B,C} likewise.  {A,B}{C}: C joins (17/4 ->
    # 21/4) and A, B gain (5/2 -> 3): admitted.  {A,B,C}: A leaves (3 -> 7/2).  Singletons:
    # A joins B (2 -> 5/2), B gains too.  So no Nash stable structure, two individually stable.
    g = MembershipGame.public_good(["A", "B", "C"], [1, 1, 1], [1, 1, 2])
    assert g.structures().n_stable == 0
    r = g.structures(membership="exclusive")
    assert {s.labels for s in r.stable} == {(0, 1, 0), (0, 1, 1)}
    ev = g.structures({"AC": ["A", "C"]}, membership="exclusive").evaluated
    assert ev.payoffs == (2, F(7, 2), 3)
    assert ev.individually_stable and not ev.nash_stable
    (move,) = ev.moves
    assert (move.country, move.source, move.target, move.before, move.after, move.gain,
            move.blocked_by, move.source_name) == ("A", ("A", "C"), ("B",), 2, F(5, 2),
                                                   F(1, 2), ("B",), "AC")
    assert not move.admitted
    d = g.structures({"AC": ["A", "C"]}, membership="exclusive").to_dict()
    assert d["evaluated"]["moves"][0]["blocked_by"] == ["B"]
    grand = g.structures([["A", "B", "C"]]).evaluated
    assert [(m.country, m.after) for m in grand.moves] == [("A", F(7, 2)), ("B", F(7, 2))]


# -- brute force against the oracle ------------------------------------------------------------
@pytest.mark.parametrize("n", [1, 2, 3, 4, 5])
def test_public_good_brute_force(n: int) -> None:
    rng = random.Random(100 + n)
    for _ in range(4):
        b = [rng.choice([1, 2, 3, F(1, 2)]) for _ in range(n)]
        c = [rng.choice([1, 2, 3, F(3, 2)]) for _ in range(n)]
        expected = oracle(n, lambda p, b=b, c=c: public_good_payoffs(b, c, p))
        check_against_oracle(MembershipGame.public_good(names(n), b, c), expected)


@pytest.mark.slow
def test_public_good_brute_force_six() -> None:
    rng = random.Random(6)
    for _ in range(3):
        b = [rng.choice([1, 2, 3]) for _ in range(6)]
        c = [rng.choice([1, 2, 3]) for _ in range(6)]
        expected = oracle(6, lambda p, b=b, c=c: public_good_payoffs(b, c, p))
        check_against_oracle(MembershipGame.public_good(names(6), b, c), expected)


def test_symmetric_six_brute_force() -> None:
    # many exact ties: every comparison must be decided exactly
    expected = oracle(6, lambda p: public_good_payoffs([1] * 6, [1] * 6, p))
    check_against_oracle(MembershipGame.public_good(names(6), [1] * 6, [1] * 6), expected)


def test_float_inputs_match_the_exact_oracle() -> None:
    # halves are exact in binary: exact ties become float near-ties, decided as ties
    b, c = [1.5, 1.0, 2.0, 1.0, 0.5], [1.0, 2.0, 1.0, 1.0, 0.5]
    expected = oracle(5, lambda p: public_good_payoffs([F(v) for v in b], [F(v) for v in c], p))
    g = MembershipGame.public_good(names(5), b, c)
    assert not g.is_exact
    check_against_oracle(g, expected)


@pytest.mark.parametrize("n", [3, 4, 5])
def test_partition_function_brute_force(n: int) -> None:
    # an arbitrary partition function with many ties (values 0..3): tests the moves alone
    rng = random.Random(7 * n)
    table = {as_set(p): {i: F(rng.randint(0, 3)) for i in range(n)}
             for p in all_partitions(list(range(n)))}
    expected = oracle(n, lambda p: table[p])
    g = MembershipGame.from_partition_callable(
        names(n), lambda blocs: [table[frozenset(blocs)][i] for i in range(n)])
    assert g.is_exact
    check_against_oracle(g, expected)


def test_vectorized_partition_function() -> None:
    # a bloc of k members pays each member 2k - k^2/3 (floats): best at k = 3
    def f(labels: np.ndarray) -> np.ndarray:
        same = (labels[:, :, None] == labels[:, None, :]).sum(axis=2).astype(float)
        return 2 * same - same ** 2 / 3

    g = MembershipGame.from_partition_callable(names(4), f, vectorized=True)
    assert not g.is_exact
    expected = oracle(4, lambda p: {i: F(2 * len(t)) - F(len(t) ** 2, 3) for t in p for i in t})
    check_against_oracle(g, expected)


# -- the single-coalition correspondence ---------------------------------------------------------
def one_bloc_cases(b: list, c: list, n: int) -> Iterator[tuple]:
    """Each S with |S| >= 2 as ``(S, mask, P_S, payoffs in P_S, pair moves)``, the pair moves
    being ``(i, k, payoffs after)`` for every country i joining a singleton {k}, k outside S."""
    for size in range(2, n + 1):
        for s in combinations(range(n), size):
            part = as_set([list(s)] + [[j] for j in range(n) if j not in s])
            pairs = [(i, min(t), public_good_payoffs(b, c, new)) for i, t, new in moves(part)
                     if len(t) == 1 and not set(t) & set(s)]
            yield s, sum(1 << i for i in s), part, public_good_payoffs(b, c, part), pairs


def test_one_bloc_structure_versus_single_coalition_scan() -> None:
    """P_S = {S} + singletons (|S| >= 2) is Nash stable iff S is internally stable, externally
    stable under the stay-out tie rule, and no country gains by joining a singleton {k},
    k outside S (a second bloc, which the single-coalition model cannot express)."""
    rng = random.Random(3)
    seen_pair_moves = False
    for n in (3, 4, 5):
        for _ in range(3):
            b = [rng.choice([1, 2, 3]) for _ in range(n)]
            c = [rng.choice([1, 2, 3]) for _ in range(n)]
            g = MembershipGame.public_good(names(n), b, c)
            scan = stability_scan(g.model, g.players, rule="stay-out", min_size=2)
            r = g.structures(limit=10_000)
            nash = {structure_set(s) for s in r.stable}
            for s, mask, part, base, pairs in one_bloc_cases(b, c, n):
                pair_move = any(after[i] > base[i] for i, _, after in pairs)
                seen_pair_moves |= pair_move
                single = (scan.condition(mask, scan.INTERNAL)
                          and scan.condition(mask, scan.EXTERNAL))
                assert (part in nash) == (single and not pair_move), (b, c, s)
    assert seen_pair_moves  # the third kind of move matters in these games


# -- the model's partition function ---------------------------------------------------------------
def test_partition_payoffs_exact_float_and_single_coalition_agree() -> None:
    m = PublicGoodModel([1, F(1, 2), 3, 2], [2, 1, F(3, 2), 1])
    lab = set_partitions(4)
    num, den = m.exact_partition_payoffs(lab)
    fl = m.partition_payoffs(lab)
    for s, row in enumerate(lab):
        part = as_set([[i for i in range(4) if row[i] == k] for k in range(max(row) + 1)])
        want = public_good_payoffs([1, F(1, 2), 3, 2], [2, 1, F(3, 2), 1], part)
        assert [F(int(v), den) for v in num[s]] == [want[i] for i in range(4)]
        assert fl[s] == pytest.approx([float(want[i]) for i in range(4)])
    # {S} + singletons is the single-coalition game
    x = np.array([[True, False, True, True]])
    labels = np.where(x, 0, np.arange(1, 5))
    num, den = m.exact_partition_payoffs(labels)
    assert tuple(F(int(v), den) for v in num[0]) == m.exact_payoffs(x[0])


def test_huge_exact_inputs_use_python_integers() -> None:
    big = 10 ** 12
    g = MembershipGame.public_good(names(4), [big, big, big, big + 1], [1, 1, 1, F(1, big)])
    num, _ = g.model.exact_partition_payoffs(set_partitions(4))
    assert num.dtype == object
    b, c = [big, big, big, big + 1], [1, 1, 1, F(1, big)]
    check_against_oracle(g, oracle(4, lambda p: public_good_payoffs(b, c, p)))


def test_set_partitions_are_the_bell_numbers() -> None:
    assert [bell_number(n) for n in range(8)] == [1, 1, 2, 5, 15, 52, 203, 877]
    for n in range(1, 8):
        lab = set_partitions(n)
        assert lab.shape == (bell_number(n), n)
        assert len({tuple(r) for r in lab}) == len(lab)
        for row in lab[:: max(1, len(lab) // 50)]:
            assert row[0] == 0
            assert all(row[i] <= 1 + max(row[:i]) for i in range(1, n))


# -- API, errors, output -----------------------------------------------------------------------------
def test_named_blocs_and_output() -> None:
    g = MembershipGame.public_good(["US", "UK", "FR", "CN", "RU", "IN"], [3, 2, 2, 3, 2, 1],
                                   [1, 1, 1, 1, 1, 1])
    r = g.structures({"West": ["US", "UK", "FR"], "East": ["CN", "RU"]}, scan=True)
    ev = r.evaluated
    assert [(b.name, b.members) for b in ev.blocs] == [
        ("West", ("US", "UK", "FR")), ("East", ("CN", "RU")), ("", ("IN",))]
    assert ev.labels == (0, 0, 0, 1, 1, 2)
    part = as_set([[0, 1, 2], [3, 4], [5]])
    base = public_good_payoffs([3, 2, 2, 3, 2, 1], [1] * 6, part)
    assert ev.payoffs == tuple(base[i] for i in range(6))
    want_movers = {i for i, t, new in moves(part)
                   if public_good_payoffs([3, 2, 2, 3, 2, 1], [1] * 6, new)[i] > base[i]}
    assert {g.players.index(m.country) for m in ev.moves} == want_movers
    assert r.scanned and r.counts["partitions"] == 203
    d = json.loads(json.dumps(r.to_dict()))
    assert set(d) == {"players", "model", "membership", "concept", "exact", "tolerance",
                      "partitions", "scanned", "counts", "n_stable", "stable", "evaluated"}
    assert d["evaluated"]["blocs"][0]["name"] == "West"
    assert isinstance(r.describe(), str) and "West" in r.describe()
    only = g.structures([["US", "UK"]])
    assert not only.scanned and only.stable == () and only.counts == {}
    assert isinstance(r, StructureResult) and treaty.StructureResult is StructureResult


def test_errors() -> None:
    g = MembershipGame.public_good(names(4), [1] * 4, [1] * 4)
    with pytest.raises(GameError, match="unknown country .C9x"):
        g.structures([["C0", "C9x"]])
    with pytest.raises(GameError, match="two blocs"):
        g.structures([["C0", "C1"], ["C1", "C2"]])
    with pytest.raises(GameError, match="empty"):
        g.structures([[]])
    with pytest.raises(GameError, match="membership"):
        g.structures(membership="closed")
    big = MembershipGame.public_good(names(11), [1] * 11, [1] * 11)
    with pytest.raises(GameTooLarge, match="Bell\\(11\\) = 678,570"):
        big.structures()
    # One structure of a large game needs no enumeration.  Symmetric b = c = 1: a member of
    # a bloc of k gets Q - k^2/2 with Q = sum_T k_T^2; moving from a bloc of k to one of m
    # (m = 0: alone) changes its payoff by 2 (m - k) + 2 - ((m + 1)^2 - k^2) / 2: positive
    # for (k, m) = (3, 1), (1, 1), (1, 0) never, zero for (3, 2), negative for (2, 2), (2, 3),
    # (3, 3), (2, 0), (3, 0) is 0.  So triples and a pair are Nash stable, a triple beside
    # singletons is not (a member gains 1/2 by joining a singleton).
    c = names(11)
    ev = big.structures([c[:3], c[3:6], c[6:9], c[9:]]).evaluated
    assert ev.nash_stable and ev.moves == ()
    ev = big.structures([c[:3]]).evaluated
    assert not ev.nash_stable
    assert {m.gain for m in ev.moves} == {F(1, 2)}
    assert {(m.country, m.target) for m in ev.moves if m.country == "C0"} == {
        ("C0", (k,)) for k in c[3:]}
    expr = MembershipGame.from_expression(names(3), "sum_b - b * member", attributes={"b": [1, 2, 3]})
    with pytest.raises(GameError, match="partition function"):
        expr.structures()
    with pytest.raises(GameError):
        PartitionFunctionModel(lambda blocs: [1, 2], 3)


def test_partition_callable_as_membership_game() -> None:
    # pi_i(S) of the single-coalition analyses is the partition {S} + singletons
    def f(blocs):
        return [F(len(next(t for t in blocs if i in t)) * (4 - len(blocs))) for i in range(3)]

    g = MembershipGame.from_partition_callable(["A", "B", "C"], f)
    assert g.payoffs({"A", "B"}) == (F(4), F(4), F(2))
    assert g.stability().n_coalitions == 8


def test_one_bloc_structure_versus_exclusive_single_coalition_scan() -> None:
    """P_S = {S} + singletons (|S| >= 2) is individually stable iff S is stable under exclusive
    membership in the single-coalition scan with the stay-out tie rule (internally stable,
    every outsider who strictly gains by joining refused by a member strictly worse off), and
    no country gains by joining a singleton {k}, k outside S, whom k admits (k not worse off)."""
    rng = random.Random(11)
    differ = False
    for n in (3, 4, 5):
        for _ in range(4):
            b = [rng.choice([1, 2, 3]) for _ in range(n)]
            c = [rng.choice([1, 2, 3]) for _ in range(n)]
            g = MembershipGame.public_good(names(n), b, c)
            scan = stability_scan(g.model, g.players, rule="stay-out", min_size=2,
                                  membership="exclusive")
            exclusive = {co.mask for co in scan.stable}
            assert len(exclusive) == scan.n_stable
            r = g.structures(membership="exclusive", limit=10_000)
            ind = {structure_set(s) for s in r.stable}
            differ |= r.counts["individually_stable"] != r.counts["nash_stable"]
            for s, mask, part, base, pairs in one_bloc_cases(b, c, n):
                pair_move = any(after[i] > base[i] and after[k] >= base[k]
                                for i, k, after in pairs)
                assert (part in ind) == (mask in exclusive and not pair_move), (b, c, s)
    assert differ


def test_limit_keeps_the_best_and_counts_all() -> None:
    g = MembershipGame.public_good(names(5), [1] * 5, [1] * 5)
    full = g.structures(limit=10_000)
    top = g.structures(limit=2)
    assert top.n_stable == full.n_stable > 2 and len(top.stable) == 2
    assert [s.labels for s in top.stable] == [s.labels for s in full.stable[:2]]
    assert g.structures(limit=0).stable == ()


@pytest.mark.parametrize("seed", [1, 2])
def test_partition_function_brute_force_six(seed: int) -> None:
    rng = random.Random(seed)
    table = {as_set(p): {i: F(rng.randint(0, 4), rng.randint(1, 2)) for i in range(6)}
             for p in all_partitions(list(range(6)))}
    g = MembershipGame.from_partition_callable(
        names(6), lambda blocs: [table[frozenset(blocs)][i] for i in range(6)])
    check_against_oracle(g, oracle(6, lambda p: table[p]))
