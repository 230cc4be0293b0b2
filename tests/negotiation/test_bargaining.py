"""Bargaining solutions: closed forms, hand-derived cases and the axioms, checked independently.

Expected values come from theory: the Nash solution on a linear frontier u1/a + u2/b = 1 with
d = 0 is (a w1, b w2) / (w1 + w2) (Nash 1950; Kalai 1977 for powers); Rubinstein's proposer
gets (1 - d2) / (1 - d1 d2) (Rubinstein 1982) and the outside option principle (Binmore,
Shaked and Sutton 1989; Osborne and Rubinstein, Bargaining and Markets, 1990, section 3.12);
the axioms (Pareto optimality, symmetry, invariance to affine rescaling, independence of
irrelevant alternatives) are checked on seeded random games.
"""

from __future__ import annotations

import itertools
import math
import random
from fractions import Fraction as F

import numpy as np
import pytest

import treaty
from treaty import Bargain, Game, GameError, bargain, rubinstein_split
from treaty.negotiation import FeasibleSet, feasible_set


def _pie(a: int = 1, b: int = 1) -> Game:
    """Payoff profiles (a, 0), (0, 0), (0, 0), (0, b): the set u1/a + u2/b <= 1, u >= 0."""
    return Game.from_arrays([[a, 0], [0, 0]], [[0, 0], [0, b]])


def _chicken() -> Game:
    return Game.from_arrays([[6, 2], [7, 0]], [[6, 7], [2, 0]], players=["Row", "Col"],
                            strategies=[["C", "D"]] * 2)


def _on_frontier(fs: FeasibleSet, u: tuple) -> bool:
    """u lies on an efficient edge (or vertex) of the 2-player frontier, exactly."""
    front = [v.payoffs for v in fs.frontier]
    if tuple(u) in front:
        return True
    for a, b in zip(front, front[1:]):
        d = (b[0] - a[0], b[1] - a[1])
        if d[0] == 0:
            continue
        s = (u[0] - a[0]) / d[0]
        if 0 <= s <= 1 and u[1] == a[1] + s * d[1]:
            return True
    return False


def _mean(game: Game, dist) -> tuple:
    """Expected payoffs of a distribution over profiles (labels), from the game's arrays."""
    idx = [{s: k for k, s in enumerate(st)} for st in game.strategies]
    out = []
    for i in range(game.n_players):
        out.append(sum(q * game.payoffs[i][tuple(idx[j][p[j]] for j in range(len(p)))]
                       for p, q in dist.items()))
    return tuple(out)


def _random_game(rng: random.Random, m: int = 3, symmetric: bool = False) -> Game:
    A = [[rng.randint(0, 9) for _ in range(m)] for _ in range(m)]
    B = [[A[c][r] for c in range(m)] for r in range(m)] if symmetric else \
        [[rng.randint(0, 9) for _ in range(m)] for _ in range(m)]
    return Game.from_arrays(A, B)


# ----------------------------------------------------------------------------- closed forms


@pytest.mark.parametrize("w", [(1, 1), (1, 2), (3, 5), (F(2, 7), F(1, 3))])
def test_nash_on_the_unit_simplex_is_w_over_sum(w):
    b = bargain(_pie(), "nash", disagreement=(0, 0), powers=w)
    total = F(w[0]) + F(w[1])
    assert b.exact
    assert b.payoffs == (F(w[0]) / total, F(w[1]) / total)
    assert b.certificate == 0
    assert _mean(_pie(), b.agreement.distribution) == b.payoffs


@pytest.mark.parametrize("a,b,w", [(2, 3, (1, 1)), (5, 1, (2, 1)), (4, 7, (3, 4))])
def test_nash_on_a_scaled_linear_frontier(a, b, w):
    res = bargain(_pie(a, b), "nash", disagreement=(0, 0), powers=w)
    total = F(w[0] + w[1])
    assert res.payoffs == (a * F(w[0]) / total, b * F(w[1]) / total)
    assert res.shares == (F(a * w[0]) / (a * w[0] + b * w[1]), F(b * w[1]) / (a * w[0] + b * w[1]))


def test_nash_with_a_disagreement_point_splits_the_surplus_by_power():
    # u1 + u2 <= 1, d = (1/5, 1/10): gains split (w1, w2)/(w1 + w2) of 7/10
    res = bargain(_pie(), "nash", disagreement=("1/5", "1/10"), powers=(1, 3))
    assert res.payoffs == (F(1, 5) + F(7, 40), F(1, 10) + F(21, 40))
    assert res.gains == (F(7, 40), F(21, 40))


def _simplex3(exact: bool = True) -> Game:
    # three players; player 1 picks who gets 1 (players 2 and 3 have one strategy)
    pays = [[[[0]], [[0]], [[0]]] for _ in range(3)]
    for i in range(3):
        pays[i][i][0][0] = 1
    return Game.from_arrays(*(np.array(p, dtype=float) if not exact else p for p in pays))


def test_nash_three_players_on_the_simplex():
    res = bargain(_simplex3(), "nash", disagreement=(0, 0, 0), powers=(1, 2, 3))
    assert res.exact and res.payoffs == (F(1, 6), F(1, 3), F(1, 2)) and res.certificate == 0
    flo = bargain(_simplex3(False), "nash", disagreement=(0, 0, 0), powers=(1, 2, 3))
    assert not flo.exact
    assert np.allclose([float(v) for v in flo.payoffs], [1 / 6, 2 / 6, 3 / 6], atol=1e-6)
    assert abs(flo.certificate) < 1e-6


def test_nash_with_large_denominators_uses_the_frontier_segment():
    # (1, 12345)/12346 cannot be found by rationalising the float point with denominator <= 10^4
    res = bargain(_pie(), "nash", disagreement=(0, 0), powers=(1, 12345))
    assert res.exact and res.payoffs == (F(1, 12346), F(12345, 12346))
    assert "frontier segment" in res.note


@pytest.mark.parametrize("seed", range(8))
def test_nash_three_players_first_order_condition(seed):
    rng = np.random.default_rng(seed)
    g = Game.from_arrays(*[rng.integers(0, 10, (2, 2, 2)).tolist() for _ in range(3)])
    try:
        b = bargain(g, "nash", disagreement="minmax")
    except GameError:
        pytest.skip("no gain over the minmax point")
    u, d = b.payoffs, b.disagreement.values
    pts = [tuple(g.payoffs[i][p] for i in range(3)) for p in itertools.product(range(2), repeat=3)]
    if b.exact:  # the first-order condition against every pure payoff point, in Fractions
        assert _mean(g, b.agreement.distribution) == u
        assert all(sum(F(1, 3) * (v[i] - u[i]) / (u[i] - d[i]) for i in range(3)) <= 0 for v in pts)
    else:
        assert all(sum((float(v[i]) - float(u[i])) / (float(u[i]) - float(d[i])) for i in range(3)) / 3
                   <= 1e-6 for v in pts)


# ----------------------------------------------------------------------------- hand-derived


def _kink() -> Game:
    # profiles (0,0), (4,0), (3,2), (0,3): frontier (0,3) - (3,2) - (4,0)
    return Game.from_arrays([[0, 4], [3, 0]], [[0, 0], [2, 3]])


def test_ks_egalitarian_utilitarian_nash_on_a_kinked_frontier():
    g = _kink()
    d = (0, 0)
    # KS: ideal (4, 3); t (4, 3) on u2 = 3 - u1/3: t = 9/13
    assert bargain(g, "ks", disagreement=d).payoffs == (F(36, 13), F(27, 13))
    # egalitarian: t = 3 - t/3 -> t = 9/4
    assert bargain(g, "egalitarian", disagreement=d).payoffs == (F(9, 4), F(9, 4))
    # utilitarian: the largest total is 5 at (3, 2)
    assert bargain(g, "utilitarian", disagreement=d).payoffs == (3, 2)
    # Nash: the product's unconstrained maximisers on both edges fall outside them -> the kink
    assert bargain(g, "nash", disagreement=d).payoffs == (3, 2)


def test_weighted_utilitarian_and_proportional_egalitarian():
    g = _kink()
    # weights (3, 1): 3*4 + 0 = 12 beats 3*3 + 2 = 11
    assert bargain(g, "utilitarian", disagreement=(0, 0), powers=(3, 1)).payoffs == (4, 0)
    # gains proportional to (1, 2): (t, 2t) on u2 = 3 - u1/3 -> t = 9/7
    assert bargain(g, "egalitarian", disagreement=(0, 0), powers=(1, 2)).payoffs == (F(9, 7), F(18, 7))


def test_egalitarian_is_pareto_optimal_when_one_player_is_capped():
    # profiles (1,0), (1,5), (0,0), (0,0): max equal gain 1 for player 1, then player 2 takes 5
    g = Game.from_arrays([[1, 1], [0, 0]], [[0, 5], [0, 0]])
    assert bargain(g, "egalitarian", disagreement=(0, 0)).payoffs == (1, 5)


def test_egalitarian_is_leximin_for_three_players():
    # player 1 capped at 1; on u1 = 1 the segment (1, 5 - 3s, 1 + s): leximin -> s = 1, (1, 2, 2)
    # (the largest total at the common gain 1 would be (1, 5, 1))
    pays = [[[[1]], [[1]], [[0]]], [[[5]], [[2]], [[0]]], [[[1]], [[2]], [[0]]]]
    g = Game.from_arrays(*pays)
    b = bargain(g, "egalitarian", disagreement=(0, 0, 0))
    assert b.payoffs == (1, 2, 2) and b.exact


# ----------------------------------------------------------------------------- axioms


@pytest.mark.parametrize("seed", range(6))
def test_axioms_pareto_optimality(seed):
    g = _random_game(random.Random(seed))
    fs = feasible_set(g)
    for sol in ("nash", "ks", "egalitarian", "utilitarian"):
        try:
            b = bargain(fs, sol, disagreement=tuple(v.value for v in treaty.minmax_values(g)))
        except GameError:
            continue
        assert b.exact and "every LP optimum certified by an exact dual bound" in b.note
        assert _on_frontier(fs, b.payoffs), (sol, b.payoffs)
        assert _mean(g, b.agreement.distribution) == b.payoffs
        assert all(x >= 0 for x in b.gains)


@pytest.mark.parametrize("seed", range(6))
def test_utilitarian_is_the_largest_total(seed):
    g = _random_game(random.Random(600 + seed))
    d = tuple(v.value for v in treaty.minmax_values(g))
    b = bargain(g, "utilitarian", disagreement=d)
    total = sum(b.payoffs)
    pts = [(g.payoffs[0][p], g.payoffs[1][p]) for p in itertools.product(range(3), repeat=2)]
    assert all(total >= sum(v) for v in pts if v[0] >= d[0] and v[1] >= d[1])
    # on the frontier, every point of an edge crossing u >= d has a total at most the solution's
    front = [v.payoffs for v in feasible_set(g).frontier]
    for a, c in zip(front, front[1:]):
        for lam in (F(k, 10) for k in range(11)):
            u = tuple((1 - lam) * a[i] + lam * c[i] for i in range(2))
            if u[0] >= d[0] and u[1] >= d[1]:
                assert sum(u) <= total


@pytest.mark.parametrize("seed", range(6))
def test_axiom_symmetry(seed):
    g = _random_game(random.Random(100 + seed), symmetric=True)
    for sol in ("nash", "ks", "egalitarian"):
        try:
            b = bargain(g, sol, disagreement="minmax")
        except GameError:
            continue
        assert b.payoffs[0] == b.payoffs[1], (sol, b.payoffs)


@pytest.mark.parametrize("seed", range(6))
def test_axiom_affine_invariance(seed):
    rng = random.Random(200 + seed)
    g = _random_game(rng)
    a, c = F(rng.randint(1, 5), rng.randint(1, 3)), F(rng.randint(-5, 5))
    h = Game.from_arrays(g.payoffs[0] * a + c, g.payoffs[1])
    d = tuple(v.value for v in treaty.minmax_values(g))
    dh = (a * d[0] + c, d[1])
    for sol in ("nash", "ks"):
        try:
            b = bargain(g, sol, disagreement=d)
        except GameError:
            continue
        bh = bargain(h, sol, disagreement=dh)
        assert bh.payoffs == (a * b.payoffs[0] + c, b.payoffs[1]), sol


@pytest.mark.parametrize("seed", range(6))
def test_axiom_independence_of_irrelevant_alternatives(seed):
    g = _random_game(random.Random(300 + seed), m=4)
    fs = feasible_set(g)
    d = tuple(v.value for v in treaty.minmax_values(g))
    try:
        b = bargain(fs, "nash", disagreement=d)
    except GameError:
        pytest.skip("no gain over the minmax point")
    keep = [k for k, p in enumerate(fs.profiles) if p in b.agreement.distribution]
    small = FeasibleSet(fs.players, fs.strategy_names, tuple(fs.profiles[k] for k in keep),
                        fs.matrix[:, keep], None, False, False, True)
    assert bargain(small, "nash", disagreement=d).payoffs == b.payoffs


# ----------------------------------------------------------------------------- Rubinstein


@pytest.mark.parametrize("seed", range(10))
def test_rubinstein_split_closed_form(seed):
    rng = random.Random(seed)
    d1, d2 = F(rng.randint(0, 99), 100), F(rng.randint(0, 99), 100)
    s1, s2 = rubinstein_split(d1, d2)
    assert (s1, s2) == ((1 - d2) / (1 - d1 * d2), 1 - (1 - d2) / (1 - d1 * d2))
    t1, t2 = rubinstein_split(d1, d2, proposer=1)
    assert t2 == (1 - d1) / (1 - d1 * d2) and t1 + t2 == 1
    # over the pie game, through bargain
    b = bargain(_pie(), "rubinstein", disagreement=(0, 0), discount=(d1, d2))
    assert b.payoffs == (s1, s2) and b.exact
    # the responder's counter-offer: y1 = d1 x1 and x2 = d2 y2
    y = b.counter_offer.payoffs
    assert y[0] == d1 * s1 and s2 == d2 * y[1]


def test_outside_option_principle():
    d = F(9, 10)
    base = rubinstein_split(d, d)  # (10/19, 9/19)
    # an option below what the responder gets in the bargain is irrelevant ...
    assert rubinstein_split(d, d, outside_options=(None, F(2, 5))) == base
    # ... one above it is what the responder gets, exactly (Osborne-Rubinstein 3.12)
    assert rubinstein_split(d, d, outside_options=(None, F(3, 5))) == (F(2, 5), F(3, 5))
    # the first proposer's own option matters only when it responds: small -> irrelevant
    assert rubinstein_split(d, d, outside_options=(F(1, 5), None)) == base
    # both binding (hand-derived): delta = 1/2, options (1/2, 2/5): x = 1 - 2/5
    assert rubinstein_split(F(1, 2), F(1, 2), outside_options=(F(1, 2), F(2, 5))) == (F(3, 5), F(2, 5))
    with pytest.raises(GameError, match="more than the pie"):
        rubinstein_split(d, d, outside_options=(F(3, 5), F(3, 5)))


def test_rubinstein_with_outside_option_on_the_pie_game():
    b = bargain(_pie(), "rubinstein", disagreement=(0, 0), discount=("9/10", "9/10"),
                outside_options=(None, "3/5"))
    assert b.payoffs == (F(2, 5), F(3, 5))
    # by player name; the second player proposes first: it gets (1 - d1)/(1 - d1 d2) = 10/19
    c = bargain(_pie(), "rubinstein", disagreement={"Player 1": 0, "Player 2": 0},
                discount={"Player 1": 0.9, "Player 2": 0.9}, proposer="Player 2")
    assert c.payoffs == (F(9, 19), F(10, 19)) and c.proposer == "Player 2"
    with pytest.raises(GameError, match="^no agreement gives every player.*outside option"):
        bargain(_pie(), "rubinstein", disagreement=(0, 0), discount=(0.9, 0.9), outside_options=(None, 2))


@pytest.mark.parametrize("r", [(1, 1), (1, 3), (2, 5)])
def test_rubinstein_tends_to_the_nash_split(r):
    # delta_i = 1 - r_i eps: the proposer's share -> r2/(r1 + r2), the Nash split with powers 1/r_i
    prev = None
    for eps in (F(1, 10), F(1, 100), F(1, 1000)):
        s1, _ = rubinstein_split(1 - r[0] * eps, 1 - r[1] * eps)
        gap = abs(s1 - F(r[1], r[0] + r[1]))
        assert gap <= 2 * eps
        assert prev is None or gap <= prev
        prev = gap
    eps = F(1, 1000)
    b = bargain(_pie(), "rubinstein", disagreement=(0, 0), discount=(1 - r[0] * eps, 1 - r[1] * eps))
    assert b.limit is not None
    assert abs(float(b.limit[0]) - r[1] / (r[0] + r[1])) < 1e-3
    assert abs(float(b.payoffs[0]) - float(b.limit[0])) < 2e-3


@pytest.mark.parametrize("self_enforcing", [False, True])
def test_rubinstein_on_chicken_satisfies_the_indifference_conditions(self_enforcing):
    g = _chicken()
    dl = (F(9, 10), F(4, 5))
    b = bargain(g, "rubinstein", disagreement="minmax", discount=dl, self_enforcing=self_enforcing)
    fs = feasible_set(g, self_enforcing=self_enforcing)
    d = (F(2), F(2))
    x, y = b.payoffs, b.counter_offer.payoffs
    assert y[0] - d[0] == dl[0] * (x[0] - d[0])
    assert x[1] - d[1] == dl[1] * (y[1] - d[1])
    assert _on_frontier(fs, x) and _on_frontier(fs, y)
    assert _mean(g, b.agreement.distribution) == x


@pytest.mark.parametrize("seed", range(8))
def test_rubinstein_on_random_games(seed):
    rng = random.Random(400 + seed)
    g = _random_game(rng, m=rng.choice([2, 3]))
    dl = (F(rng.randint(1, 19), 20), F(rng.randint(1, 19), 20))
    a = rng.randint(0, 1)
    try:
        b = bargain(g, "rubinstein", disagreement="minmax", discount=dl, proposer=a)
    except GameError:
        pytest.skip("no gain over the minmax point")
    fs = feasible_set(g)
    d = b.disagreement.values
    x, y = b.payoffs, b.counter_offer.payoffs
    r = 1 - a
    # each responder accepts: it gets at least its discounted gain in its own proposal, exactly
    # that unless the proposal is the proposer's best efficient point (then the bound is slack)
    best = {i: max(fs.frontier, key=lambda v: (v.payoffs[i], v.payoffs[1 - i])).payoffs for i in (0, 1)}
    assert x[r] - d[r] >= dl[r] * (y[r] - d[r])
    assert y[a] - d[a] >= dl[a] * (x[a] - d[a])
    assert x == best[a] or x[r] - d[r] == dl[r] * (y[r] - d[r])
    assert y == best[r] or y[a] - d[a] == dl[a] * (x[a] - d[a])
    assert _on_frontier(fs, x) and _on_frontier(fs, y)
    assert b.exact and _mean(g, b.agreement.distribution) == x


@pytest.mark.parametrize("seed", range(4))
def test_rubinstein_local_solve_agrees_with_the_frontier_walk(seed):
    from treaty.negotiation import _bargaining as impl

    rng = random.Random(500 + seed)
    g = _chicken() if seed == 0 else _random_game(rng, m=3)
    fs = feasible_set(g, self_enforcing=True)
    d = tuple(v.value for v in treaty.minmax_values(g))
    prob = impl._Problem(fs, [list(r) for r in fs.matrix],
                         [] if fs.constraints is None else [list(r) for r in fs.constraints], d, True)
    dl = (F(rng.randint(1, 19), 20), F(rng.randint(1, 19), 20))
    opts = (None, None) if seed < 2 else (None, d[1] + F(rng.randint(0, 6), 4))
    try:
        walk = impl._rubinstein(prob, dl, opts, seed % 2, local=False)
    except GameError:
        pytest.skip("no agreement")
    local = impl._rubinstein_local(prob, dl, opts, seed % 2)
    assert local is not None
    assert [a.payoffs for a in local] == [a.payoffs for a in walk]


def test_rubinstein_float_game():
    g = Game.from_arrays([[6.0, 2.0], [7.0, 0.0]], [[6.0, 7.0], [2.0, 0.0]])
    b = bargain(g, "rubinstein", disagreement=(2.0, 2.0), discount=(0.9, 0.8))
    x, y = b.payoffs, b.counter_offer.payoffs
    assert not b.exact
    assert math.isclose(y[0] - 2, 0.9 * (x[0] - 2), abs_tol=1e-9)
    assert math.isclose(x[1] - 2, 0.8 * (y[1] - 2), abs_tol=1e-9)
    be = bargain(_chicken(), "rubinstein", disagreement=(2, 2), discount=(F(9, 10), F(4, 5)))
    assert math.isclose(float(x[0]), float(be.payoffs[0]), abs_tol=1e-9)


def test_rubinstein_needs_two_players_and_discounts():
    pays = [np.zeros((2, 2, 2)) for _ in range(3)]
    g3 = Game.from_arrays(*pays)
    with pytest.raises(GameError, match="2 players"):
        bargain(g3, "rubinstein", disagreement=(-1, -1, -1), discount=(0.9, 0.9, 0.9))
    with pytest.raises(GameError, match="discount"):
        bargain(_pie(), "rubinstein", disagreement=(0, 0))
    with pytest.raises(GameError, match=r"\[0, 1\)"):
        rubinstein_split(1, F(1, 2))


# ----------------------------------------------------------------------------- self-enforcing


def _ce_lhs(game: Game, dist) -> list:
    """Every correlated-equilibrium constraint's left-hand side, from the definition."""
    idx = [{s: k for k, s in enumerate(st)} for st in game.strategies]
    mu = {tuple(idx[j][p[j]] for j in range(len(p))): q for p, q in dist.items()}
    out = []
    for i, m in enumerate(game.shape):
        for s, t in itertools.permutations(range(m), 2):
            total = F(0)
            for p, q in mu.items():
                if p[i] == s:
                    dev = p[:i] + (t,) + p[i + 1:]
                    total += q * (game.payoffs[i][dev] - game.payoffs[i][p])
            out.append(total)
    return out


@pytest.mark.parametrize("solution", ["nash", "ks", "egalitarian", "utilitarian"])
def test_self_enforcing_solutions_are_correlated_equilibria_of_chicken(solution):
    g = _chicken()
    b = bargain(g, solution, disagreement="minmax", self_enforcing=True)
    assert b.exact
    assert all(v <= 0 for v in _ce_lhs(g, b.agreement.distribution))
    assert sum(b.agreement.distribution.values()) == 1
    # symmetric game and symmetric set: (21/4, 21/4), the welfare-maximising CE (Aumann 1974)
    assert b.payoffs == (F(21, 4), F(21, 4))


# ----------------------------------------------------------------------------- errors, result


def test_no_gain_over_the_disagreement_point_is_a_game_error():
    with pytest.raises(GameError, match="at least the disagreement"):
        bargain(_chicken(), "ks", disagreement=(8, 8))
    # d on the frontier: KS is d itself, Nash is undefined
    b = bargain(_pie(), "ks", disagreement=(1, 0))
    assert b.payoffs == (1, 0) and b.shares is None
    with pytest.raises(GameError, match="more than the disagreement"):
        bargain(_pie(), "nash", disagreement=(1, 0))


def test_argument_errors():
    with pytest.raises(GameError, match="did you mean 'nash'"):
        bargain(_pie(), "nsh", disagreement=(0, 0))
    with pytest.raises(GameError, match="unknown player"):
        bargain(_pie(), "nash", disagreement={"Nobody": 0, "Player 1": 0})
    with pytest.raises(GameError, match="positive"):
        bargain(_pie(), "nash", disagreement=(0, 0), powers=(1, 0))
    with pytest.raises(GameError, match="only apply"):
        bargain(_pie(), "nash", disagreement=(0, 0), discount=(0.5, 0.5))


def test_float_game_and_result_protocol():
    g = Game.from_arrays([[1.0, 0.0], [0.0, 0.0]], [[0.0, 0.0], [0.0, 1.0]])
    b = bargain(g, "nash", disagreement=(0.0, 0.0), powers=(1, 3))
    assert isinstance(b, Bargain) and not b.exact
    assert math.isclose(float(b.payoffs[0]), 0.25, abs_tol=1e-6)
    assert abs(b.certificate) < 1e-6
    d = bargain(_pie(), "ks", disagreement=(0, 0)).to_dict()
    assert d["kind"] == "bargain" and d["payoffs"] == ["1/2", "1/2"] and d["shares"] == ["1/2", "1/2"]
    assert bargain(_pie(), "ks", disagreement=(0, 0)).describe().startswith(
        "Kalai-Smorodinsky solution (exact): payoffs Player 1 1/2, Player 2 1/2")
    # float powers are read as decimals: 0.25 and 0.75 are 1/4 and 3/4, the result stays exact
    assert bargain(_pie(), "nash", disagreement=(0, 0), powers=(0.25, 0.75)).payoffs == (F(1, 4), F(3, 4))


def test_disagreement_forms():
    g = _chicken()
    dp = treaty.disagreement_point(g, "minmax")
    b = bargain(g, "ks", disagreement=dp)
    assert b.disagreement is dp and b.payoffs == (6, 6)
    assert bargain(g, "ks", disagreement={"Row": 2, "Col": 2}).payoffs == (6, 6)
    with pytest.raises(GameError, match="rule names need the Game"):
        bargain(feasible_set(g), "ks", disagreement="minmax")
    # default: a Nash equilibrium of the game chosen by disagreement_point's default selection
    default = bargain(g, "nash")
    assert default.disagreement.rule == "nash"
