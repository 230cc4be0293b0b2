"""The fast exact scan (orbits of interchangeable countries, batched integer decisions) decides
every coalition as the definitions do, one coalition at a time, in exact arithmetic.

The oracle (``definition_flags``) is written here from the definitions of internal and external
stability, profitability and PIS, over payoffs computed by plain Fraction loops in this file
(the public good from its first-order conditions, the clause and network games from their
rules); it shares no code with the scan.
"""

from __future__ import annotations

import itertools
import random
from fractions import Fraction

import numpy as np
import pytest

from treaty.coalitions import CallableModel, MembershipGame, TieRule, stability_scan
from treaty.coalitions._barrett import BarrettModel, barrett_payoffs
from treaty.coalitions._clause import ClauseModel, participation_clause
from treaty.coalitions._orbits import Orbits
from treaty.coalitions._stability import exact_flags, exact_flags_many
from treaty.errors import SolverError

from .test_stability import brute_public_good

RULES = [str(r) for r in TieRule.ALL]


# -- the oracle ----------------------------------------------------------------------------


def definition_flags(pay: dict[int, tuple[Fraction, ...]], n: int, rule: str) -> np.ndarray:
    """INTERNAL | EXTERNAL << 1 | PROFITABLE << 2 | PIS << 3 of every coalition, by definition."""
    stays, joins = TieRule.parse(rule)
    out = np.zeros(1 << n, dtype=np.uint8)
    empty = pay[0]
    for m in range(1 << n):
        p = pay[m]
        internal = external = profitable = True
        surplus = Fraction(0)
        for i in range(n):
            gain = p[i] - pay[m ^ (1 << i)][i]  # stay minus change sides
            if (m >> i) & 1:
                surplus += gain
                if gain < 0 or (gain == 0 and not stays):
                    internal = False
                if p[i] < empty[i]:
                    profitable = False
            elif gain < 0 or (gain == 0 and joins):
                external = False
        out[m] = internal | (external << 1) | (profitable << 2) | ((surplus >= 0) << 3)
    return out


def has_tie(pay: dict[int, tuple[Fraction, ...]], n: int) -> bool:
    return any(pay[m][i] == pay[m ^ (1 << i)][i] for m in range(1 << n) for i in range(n))


def public_good(b: list[Fraction], c: list[Fraction], m: int) -> tuple[Fraction, ...]:
    """pi_i = b_i Q - c_i q_i^2 / 2 of coalition *m* (:func:`brute_public_good`)."""
    members = frozenset(i for i in range(len(b)) if (m >> i) & 1)
    return tuple(brute_public_good([Fraction(v) for v in b], [Fraction(v) for v in c], members))


def table(n: int, f) -> dict[int, tuple[Fraction, ...]]:  # noqa: ANN001
    return {m: tuple(Fraction(v) for v in f(m)) for m in range(1 << n)}


def check_scan(model, pay: dict[int, tuple[Fraction, ...]], rule: str, min_size: int = 2) -> None:  # noqa: ANN001
    n = model.n
    res = stability_scan(model, [f"c{i}" for i in range(n)], rule=rule, min_size=min_size,
                         progress=False)
    assert res.exact
    want = definition_flags(pay, n, rule)
    got = res.flags & 15
    bad = np.flatnonzero(got != want)
    assert len(bad) == 0, f"{len(bad)} coalitions decided differently, e.g. {int(bad[0]):#x}"
    sizes = np.asarray([bin(m).count("1") for m in range(1 << n)])
    stable = np.flatnonzero(((want & 3) == 3) & (sizes >= min_size))
    assert sorted(c.mask for c in res.stable) == stable.tolist()
    for c in res.stable:
        assert c.payoffs == pay[c.mask]
        members = [i for i in range(n) if (c.mask >> i) & 1]
        assert c.surplus == sum(pay[c.mask][i] - pay[c.mask ^ (1 << i)][i] for i in members)
        assert c.total == sum(pay[c.mask])


# -- random games with repeated types -------------------------------------------------------


def _small_ints(rng: random.Random, n: int, values: tuple[int, ...]) -> list[Fraction]:
    return [Fraction(rng.choice(values)) for _ in range(n)]


PG_GAMES = [
    ([1] * 7, [1] * 7),  # symmetric: every 3-member coalition has an internal tie
    ([1, 1, 2, 2, 1, 2, 1, 1], [1, 2, 1, 2, 1, 1, 2, 1]),
    ([Fraction(1, 2)] * 3 + [Fraction(3, 2)] * 3, [Fraction(2, 3)] * 3 + [1] * 3),
]


@pytest.mark.parametrize("rule", RULES)
@pytest.mark.parametrize("k", range(len(PG_GAMES)))
def test_public_good_matches_definitions(k: int, rule: str) -> None:
    b, c = ([Fraction(v) for v in x] for x in PG_GAMES[k])
    n = len(b)
    model = MembershipGame.public_good([f"c{i}" for i in range(n)], b, c).model
    pay = table(n, lambda m: public_good(b, c, m))
    check_scan(model, pay, rule)


def test_public_good_games_have_ties() -> None:
    """The games above exercise the exact tie-breaking (else the test proves little)."""
    b, c = ([Fraction(v) for v in x] for x in PG_GAMES[0])
    assert has_tie(table(7, lambda m: public_good(b, c, m)), 7)


@pytest.mark.parametrize("seed", range(6))
def test_random_public_goods_with_repeated_types(seed: int) -> None:
    rng = random.Random(seed)
    n = rng.choice([6, 7, 8])
    b = _small_ints(rng, n, (1, 2))
    c = _small_ints(rng, n, (1, 2, 4))
    model = MembershipGame.public_good([f"c{i}" for i in range(n)], b, c).model
    pay = table(n, lambda m: public_good(b, c, m))
    check_scan(model, pay, RULES[seed % 4])


def _float_flags(model_float, n: int, rule: str) -> np.ndarray:  # noqa: ANN001
    res = stability_scan(model_float, [f"c{i}" for i in range(n)], rule=rule, progress=False)
    return res.flags & 15


@pytest.mark.parametrize("rule", RULES)
def test_near_ties_that_are_not_ties(rule: str) -> None:
    """Costs 1 + 1e-10 break the symmetric game's exact ties (internal at 3 members,
    external at 2) by less than the float tolerance: only exact arithmetic decides them
    (int64 integer form)."""
    n = 7
    eps = Fraction(1, 10 ** 10)
    b = [Fraction(1)] * n
    c = [1 + eps, Fraction(1), 1 + eps, Fraction(1), Fraction(1), 1 + eps, Fraction(1)]
    model = MembershipGame.public_good([f"c{i}" for i in range(n)], b, c).model
    assert model.integer_payoffs(np.ones((1, n), dtype=bool)).dtype == np.int64
    pay = table(n, lambda m: public_good(b, c, m))
    check_scan(model, pay, rule)
    if rule in ("stay-join", "stay-out"):  # the float scan's tie decision is wrong here
        floats = MembershipGame.public_good([f"c{i}" for i in range(n)], [1.0] * n,
                                            [float(v) for v in c]).model
        assert (_float_flags(floats, n, rule) != definition_flags(pay, n, rule)).any()


@pytest.mark.parametrize("rule", RULES)
def test_callable_near_ties_that_are_not_ties(rule: str) -> None:
    """One coalition at a time (no integer form, no orbits).  Member i of k gains
    ``k - 2 - (i mod 2) + (i - 2) 1e-12`` by staying: a near-tie for even members at k = 2 and
    for odd members at k = 3, where the even members gain 1 (a clear surplus), and for
    outsiders one size lower."""
    w = [1, 2, 1, 2, 3, 1]

    def f(s: frozenset[int]) -> list[Fraction]:
        k = len(s)
        return [w[i] * (k - 1) + (k - 2 - i % 2) + Fraction(i - 2, 10 ** 12) if i in s
                else Fraction(w[i] * k) for i in range(6)]

    t = table(6, lambda m: f(frozenset(i for i in range(6) if (m >> i) & 1)))
    check_scan(CallableModel(f, 6), t, rule)
    fl = CallableModel(lambda s: [float(v) for v in f(s)], 6)
    assert (_float_flags(fl, 6, rule) != definition_flags(t, 6, rule)).any()


def test_profitability_near_ties() -> None:
    """Only profitability is in doubt: two members get 1 + (i - 2) 1e-12 against 1 without a
    pact, leaving (to 0) and staying out (0 against 1 by joining) are clear."""
    def f(s: frozenset[int]) -> list[Fraction]:
        if not s:
            return [Fraction(1)] * 5
        return [(1 + Fraction(i - 2, 10 ** 12) if len(s) == 2 else Fraction(1)) if i in s
                else Fraction(0) for i in range(5)]

    t = table(5, lambda m: f(frozenset(i for i in range(5) if (m >> i) & 1)))
    check_scan(CallableModel(f, 5), t, "stay-join")
    fl = CallableModel(lambda s: [float(v) for v in f(s)], 5)
    assert (_float_flags(fl, 5, "stay-join") != definition_flags(t, 5, "stay-join")).any()


def test_public_good_large_values_take_python_ints() -> None:
    """Beyond int64 the integer form holds Python ints (object arrays); still exact."""
    b = [Fraction(10 ** 12)] * 3 + [Fraction(3 * 10 ** 12)] * 3
    c = [Fraction(1, 10 ** 9)] * 3 + [Fraction(2, 10 ** 9)] * 3
    model = MembershipGame.public_good([f"c{i}" for i in range(6)], b, c).model
    x = np.ones((1, 6), dtype=bool)
    assert model.integer_payoffs(x).dtype == object
    pay = table(6, lambda m: public_good(b, c, m))
    for rule in RULES:
        check_scan(model, pay, rule)


# -- expression models ----------------------------------------------------------------------

MEMBER = "b * (sum_b * sum_w + total_h - sum_h) - sum_b ** 2 * w / 2"
OUTSIDER = "b * (sum_b * sum_w + total_h - sum_h) - b ** 2 * w / 2"


@pytest.mark.parametrize("rule", RULES)
def test_two_expression_public_good_matches_definitions(rule: str) -> None:
    """The public good written as two expressions (w = 1/c, h = b w) against the oracle."""
    b = [1, 1, 2, 2, 1, 1, 2]
    w = [1, 1, 1, 2, 1, 2, 1]
    g = MembershipGame.from_expression([f"c{i}" for i in range(7)], MEMBER, OUTSIDER, attributes={
        "b": b, "w": w, "h": [x * y for x, y in zip(b, w)]})
    fb = [Fraction(v) for v in b]
    fc = [1 / Fraction(v) for v in w]
    check_scan(g.model, table(7, lambda m: public_good(fb, fc, m)), rule)


def test_expression_types_ignore_unused_attributes() -> None:
    g = MembershipGame.from_expression(["a", "b", "c", "d"], "x * k - member", attributes={
        "x": [1, 1, 2, 2], "unused": [5, 6, 7, 8], "t": [1, 2, 3, 4]}, params={})
    assert g.model.types().tolist() == [0, 0, 1, 1]


@pytest.mark.parametrize("rule", RULES)
def test_network_expression_matches_definitions(rule: str) -> None:
    """A star (centre 0, leaves 1..4: twins) plus an edge 5-6: links make countries differ."""
    players = [f"c{i}" for i in range(7)]
    edges = [("c0", f"c{j}") for j in range(1, 5)] + [("c5", "c6")]
    adj = {i: set() for i in range(7)}
    for u, v in edges:
        adj[int(u[1:])].add(int(v[1:]))
        adj[int(v[1:])].add(int(u[1:]))
    b = [2, 1, 1, 1, 1, 1, 1]
    g = MembershipGame.from_expression(players, "b * k + 2 * links - 3", "b * k / 2 + links",
                                       attributes={"b": b}, edges=edges)
    types = g.model.types().tolist()
    assert types[1] == types[2] == types[3] == types[4] and len(set(types)) == 4

    def pay(m: int) -> list[Fraction]:
        k = bin(m).count("1")
        out = []
        for i in range(7):
            links = sum(1 for j in adj[i] if (m >> j) & 1)
            if (m >> i) & 1:
                out.append(Fraction(b[i] * k + 2 * links - 3))
            else:
                out.append(Fraction(b[i] * k, 2) + links)
        return out

    t = table(7, pay)
    assert has_tie(t, 7)
    check_scan(g.model, t, rule)


# -- callable, clause and Barrett models ------------------------------------------------------


@pytest.mark.parametrize("rule", RULES)
def test_callable_model_matches_definitions(rule: str) -> None:
    """All countries distinct (no orbits), no integer form: one coalition at a time."""
    w = [1, 2, 1, 2, 3, 1]

    def f(s: frozenset[int]) -> list[Fraction]:
        k = len(s)
        # a member gains w (k - 2) by staying (a tie at k = 2), an outsider w (1 - k) by
        # joining (a tie at k = 1); a hump at k = 4 makes some sizes stable
        return [Fraction(w[i] * (2 * k - 3) - 5 * (k == 4)) if i in s else Fraction(w[i] * k)
                for i in range(6)]

    model = CallableModel(f, 6)
    t = table(6, lambda m: f(frozenset(i for i in range(6) if (m >> i) & 1)))
    assert has_tie(t, 6)
    check_scan(model, t, rule)


@pytest.mark.parametrize("rule", RULES)
@pytest.mark.parametrize("k", [3, 5])
def test_clause_matches_definitions(k: int, rule: str) -> None:
    n = 7
    b = [Fraction(v) for v in (1, 1, 1, 2, 2, 1, 1)]
    c = [Fraction(v) for v in (1, 1, 1, 1, 1, 2, 2)]
    g = participation_clause(MembershipGame.public_good([f"c{i}" for i in range(n)], b, c), k)
    empty = public_good(b, c, 0)
    t = table(n, lambda m: public_good(b, c, m) if bin(m).count("1") >= k else empty)
    check_scan(g.model, t, rule)


@pytest.mark.parametrize("rule", RULES)
def test_weighted_clause_matches_definitions(rule: str) -> None:
    n = 7
    b = [Fraction(1)] * n
    c = [Fraction(1)] * n
    weights = [1, 1, 2, 2, 1, 3, 1]
    base = MembershipGame.public_good([f"c{i}" for i in range(n)], b, c)
    g = participation_clause(base, Fraction(1, 2), weights=weights)
    assert isinstance(g.model, ClauseModel)
    assert len(set(g.model.types().tolist())) == 3
    empty = public_good(b, c, 0)
    total = sum(weights)
    t = table(n, lambda m: public_good(b, c, m)
              if 2 * sum(weights[i] for i in range(n) if (m >> i) & 1) >= total else empty)
    check_scan(g.model, t, rule)


@pytest.mark.parametrize("rule", RULES)
@pytest.mark.parametrize("abc", [(1, 1, 1), (10, 1, 2), (3, 2, Fraction(1, 4))])
def test_barrett_matches_definitions(abc: tuple, rule: str) -> None:
    n = 7
    a, b, c = abc
    pk = [barrett_payoffs(n, a, b, c, k) for k in range(n + 1)]
    t = table(n, lambda m: [pk[bin(m).count("1")][0] if (m >> i) & 1 else pk[bin(m).count("1")][1]
                            for i in range(n)])
    check_scan(BarrettModel(n, a, b, c), t, rule)


# -- the pieces ---------------------------------------------------------------------------


def test_orbit_keys_are_type_counts() -> None:
    types = [0, 0, 1, 1, 1, 2, 0]
    o = Orbits(types)
    keys = o.keys_of_masks(np.arange(1 << 7))
    for m1, m2 in itertools.combinations(range(1 << 7), 2):
        c1 = [sum(1 for i in range(7) if (m1 >> i) & 1 and types[i] == t) for t in range(3)]
        c2 = [sum(1 for i in range(7) if (m2 >> i) & 1 and types[i] == t) for t in range(3)]
        assert (keys[m1] == keys[m2]) == (c1 == c2)
    assert all(o.key_of(m) == keys[m] for m in range(1 << 7))


MODELS = {
    "public good": lambda: MembershipGame.public_good(
        [f"c{i}" for i in range(7)], [1, 1, 2, 2, 1, 2, 1], [1, 2, 1, 2, 1, 1, 2]).model,
    "expression": lambda: MembershipGame.from_expression(
        [f"c{i}" for i in range(6)], MEMBER, OUTSIDER,
        attributes={"b": [1, 1, 2, 2, 1, 1], "w": [1, 2, 1, 1, 1, 2],
                    "h": [1, 2, 2, 2, 1, 2]}).model,
    "clause": lambda: participation_clause(MembershipGame.public_good(
        [f"c{i}" for i in range(6)], [1] * 6, [1, 1, 1, 2, 2, 2]), Fraction(1, 2),
        weights=[1, 2, 1, 1, 2, 1]).model,
    "barrett": lambda: BarrettModel(6, 5, 1, 2),
}


@pytest.mark.parametrize("name", list(MODELS))
def test_types_are_symmetries(name: str) -> None:
    """Swapping two countries of one type maps every payoff vector to the swapped one."""
    model = MODELS[name]()
    types = model.types().tolist()
    n = model.n
    fresh = MODELS[name]()  # no memo shared with *model*
    for i, j in itertools.combinations(range(n), 2):
        if types[i] != types[j]:
            continue
        for m in range(1 << n):
            bi, bj = (m >> i) & 1, (m >> j) & 1
            swapped = m & ~((1 << i) | (1 << j)) | (bi << j) | (bj << i)
            p = fresh._exact_payoffs([bool((m >> k) & 1) for k in range(n)])
            q = fresh._exact_payoffs([bool((swapped >> k) & 1) for k in range(n)])
            perm = list(range(n))
            perm[i], perm[j] = j, i
            assert q == tuple(p[perm[k]] for k in range(n))


@pytest.mark.parametrize("name", list(MODELS))
def test_batched_flags_equal_one_at_a_time(name: str) -> None:
    """exact_flags_many (integer arrays when the model has them) against exact_flags on a
    model without memo, for every coalition and rule."""
    model = MODELS[name]()
    n = model.n
    masks = np.arange(1 << n, dtype=np.int64)
    for rule in RULES:
        stays, joins = TieRule.parse(rule)
        fresh = MODELS[name]()
        fresh.__dict__["_memo_orbits"] = None  # the memo off: every coalition computed
        want = [exact_flags(fresh, int(m), stays, joins)[0] for m in masks]
        got = exact_flags_many(model, masks, stays, joins)
        assert got.tolist() == want


@pytest.mark.parametrize("name", ["public good", "barrett", "clause"])
def test_integer_form_is_scaled_exact_payoffs(name: str) -> None:
    model = MODELS[name]()
    n = model.n
    x = np.asarray([[bool((m >> i) & 1) for i in range(n)] for m in range(1 << n)])
    scale = model.integer_scale()
    p_int, f_int = model.integer_payoffs_and_flips(x)
    assert (model.integer_payoffs(x) == p_int).all()
    for m in range(1 << n):
        p, f = model._exact_payoffs_and_flips(x[m].tolist()) if name != "clause" else \
            model.exact_payoffs_and_flips(x[m].tolist())
        assert [Fraction(int(v), scale) for v in p_int[m]] == list(p)
        assert [Fraction(int(v), scale) for v in f_int[m]] == list(f)


def test_memo_matches_direct_evaluation() -> None:
    """Payoffs served from the orbit memo equal the oracle's for every coalition."""
    b = [Fraction(v) for v in (1, 1, 2, 2, 1, 2, 1)]
    c = [Fraction(v) for v in (1, 2, 1, 2, 1, 1, 2)]
    model = MembershipGame.public_good([f"c{i}" for i in range(7)], b, c).model
    for _ in range(2):
        for m in range(1 << 7):
            inside = [bool((m >> i) & 1) for i in range(7)]
            assert model.exact_payoffs(inside) == public_good(b, c, m)
            p, f = model.exact_payoffs_and_flips(inside)
            assert p == public_good(b, c, m)
            assert f == tuple(public_good(b, c, m ^ (1 << i))[i] for i in range(7))
    assert len(model.__dict__["_memo"]) < 2 << 7  # one entry per orbit and kind


class _WrongTypes(CallableModel):
    def types(self) -> np.ndarray:
        return np.zeros(self.n, dtype=np.int64)


def test_wrong_types_are_caught_within_a_coalition() -> None:
    model = _WrongTypes(lambda s: [i if i in s else 0 for i in range(3)], 3)
    with pytest.raises(SolverError, match="interchangeable"):
        model.exact_payoffs_and_flips([True, True, False])


def test_wrong_types_are_caught_across_an_orbit() -> None:
    """Coalitions {0} and {1} are one orbit under the wrong types but differ: the certified
    payoffs given to {1} from {0} disagree with the model's own payoffs."""
    model = _WrongTypes(lambda s: [len(s) + (s == frozenset({0})) if i in s else 0
                                   for i in range(3)], 3)
    with pytest.raises(SolverError, match="interchangeable"):
        stability_scan(model, ["a", "b", "c"], min_size=1, progress=False)



class _FloatsDisagree(_WrongTypes):
    """Exact payoffs symmetric (a lone member gets 1, the outsiders 1/2; any larger pact 0),
    float payoffs not: in {1} country 1 gets 5/4."""

    def payoffs(self, x: np.ndarray) -> np.ndarray:
        out = super().payoffs(x)
        out[(x == [False, True, False]).all(axis=1), 1] = 1.25
        return out


def test_certified_payoffs_spread_over_an_orbit_are_checked() -> None:
    """{0}, {1}, {2} are stable (a member gets 1 > 0 by leaving; an outsider 1/2 > 0 by
    joining) and one orbit: certified once at {0}, the payoffs given to {1} (country 1: 1)
    disagree with the model's float payoff there (5/4), which the scan reports."""
    half = Fraction(1, 2)
    model = _FloatsDisagree(lambda s: [(Fraction(1) if i in s else half) if len(s) == 1 else
                                       Fraction(0) for i in range(3)], 3)
    with pytest.raises(SolverError, match="interchangeable"):
        stability_scan(model, ["a", "b", "c"], min_size=1, progress=False)

@pytest.mark.slow
@pytest.mark.parametrize("rule", RULES)
def test_larger_games_match_definitions(rule: str) -> None:
    rng = random.Random(5)
    n = 11
    b = _small_ints(rng, n, (1, 2))
    c = _small_ints(rng, n, (1, 2))
    model = MembershipGame.public_good([f"c{i}" for i in range(n)], b, c).model
    check_scan(model, table(n, lambda m: public_good(b, c, m)), rule)
    sym = MembershipGame.public_good([f"c{i}" for i in range(n)], [1] * n, [1] * n).model
    one = [Fraction(1)] * n
    check_scan(sym, table(n, lambda m: public_good(one, one, m)), rule)


def test_many_countries_keep_exact_payoffs() -> None:
    """Orbit keys of single coalitions are Python ints: games beyond 62 countries still
    evaluate coalitions (only the 2^n scans are limited)."""
    n = 80
    model = MembershipGame.public_good([f"c{i}" for i in range(n)], [1] * n, [1] * n).model
    inside = [i < 3 for i in range(n)]
    one = [Fraction(1)] * n
    assert model.exact_payoffs(inside) == public_good(one, one, 0b111)
    assert model.exact_payoffs([i in (5, 6, 70) for i in range(n)]) == tuple(
        public_good(one, one, (1 << 5) | (1 << 6) | (1 << 70)))


def test_exact_limit_counts_one_at_a_time_decisions() -> None:
    """exact_limit bounds the coalitions decided one at a time (here: all distinct countries,
    no integer form); a model with an integer form decides every near-tie in batches."""
    w = [1, 2, 1, 2, 3, 1]

    def f(s: frozenset[int]) -> list[Fraction]:
        k = len(s)
        return [w[i] * (k - 1) + (k - 2 - i % 2) + Fraction(i - 2, 10 ** 12) if i in s
                else Fraction(w[i] * k) for i in range(6)]

    names = [f"c{i}" for i in range(6)]
    assert stability_scan(CallableModel(f, 6), names, progress=False).exact
    assert not stability_scan(CallableModel(f, 6), names, exact_limit=0, progress=False).exact
    pg = MembershipGame.public_good(names[:5], [1] * 5, [1] * 5).model
    res = stability_scan(pg, names[:5], exact_limit=0, progress=False)
    assert res.exact
    one = [Fraction(1)] * 5
    assert (res.flags & 15).tolist() == definition_flags(
        table(5, lambda m: public_good(one, one, m)), 5, "stay-join").tolist()


def test_spread_rows_equals_spread_of_class_values() -> None:
    """Vectorised spreading from representatives gives each coalition, country by country,
    the value of its (type, side) class in its orbit's representative."""
    types = [0, 1, 0, 2, 1, 0]
    o = Orbits(types)
    n = len(types)
    masks = np.arange(1 << n, dtype=np.int64)
    reps, inverse = o.group(masks)
    rng = random.Random(5)
    tables = [{(t, s): Fraction(rng.randint(-9, 9), rng.randint(1, 4))
               for t in range(3) for s in (False, True)} for _ in reps]
    values = np.empty((len(reps), n), dtype=object)
    for r, m in enumerate(reps.tolist()):
        values[r, :] = o.spread(m, tables[r])
    x = np.asarray([[bool((m >> i) & 1) for i in range(n)] for m in masks.tolist()])
    rx = x[reps]
    got = o.spread_rows(rx, values, x, inverse)
    for k, m in enumerate(masks.tolist()):
        assert tuple(got[k]) == o.spread(m, tables[inverse[k]])
    assert (o.spread_rows(rx, values.astype(float), x, inverse) == got.astype(float)).all()
    assert reps[0] == 0
    values[0, 0] = values[0, 0] + 1  # outsiders 0, 2, 5 (type 0) of {} now differ
    with pytest.raises(SolverError, match="interchangeable"):
        o.spread_rows(rx, values, x, inverse)
