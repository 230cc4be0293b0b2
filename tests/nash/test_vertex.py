"""All extreme equilibria of 2-player games: textbook games, pygambit's enummixed as oracle,
properties (zero regret, pure equilibria found, components and Nash subsets consistent)."""

from __future__ import annotations

import itertools
import warnings
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from treaty._exact.numbers import to_exact_array
from treaty.errors import GameTooLarge
from treaty.nash import _vertex
from treaty.nash._regret import regrets
from treaty.nash._vertex import (
    DEFAULT_MAX_SIZE,
    FLOAT_REGRET_TOL,
    Enumeration,
    extreme_equilibria,
)

F = Fraction


@pytest.fixture(params=["cdd", "exact"])
def route(request, monkeypatch) -> str:
    """Run the test with pycddlib (skipped when it is not installed) and with it hidden
    (``TREATY_CDD=0``: the exact lexicographic-pivoting route, as without the extra)."""
    if request.param == "cdd":
        if not _vertex.have_cdd():
            pytest.skip("pycddlib not installed")
    else:
        monkeypatch.setenv(_vertex.CDD_ENV, "0")
    return request.param


def gambit_set(gbt, A: np.ndarray, B: np.ndarray) -> set:
    """Extreme equilibria by pygambit's exact enummixed, as a set of tuples of Fractions."""
    g = gbt.Game.from_arrays(A, B)
    res = gbt.nash.enummixed_solve(g, rational=True)
    players = list(g.players)
    return {
        tuple(tuple(Fraction(eq[s]) for s in p.strategies) for p in players)
        for eq in res.equilibria
    }


def fractions(M: np.ndarray) -> np.ndarray:
    return to_exact_array(M)


def rounded_normal(rng: np.random.Generator, shape: tuple[int, int]) -> np.ndarray:
    """Normal payoffs rounded to thousandths, as exact Fractions (generic games)."""
    Z = rng.normal(size=shape)
    return np.array([[F(round(z * 1000), 1000) for z in row] for row in Z], dtype=object)


def make_game(kind: str, rng: np.random.Generator, m: int, n: int):
    if kind == "int":  # integer payoffs in [-5, 5]: degenerate now and then
        return rng.integers(-5, 6, (m, n)), rng.integers(-5, 6, (m, n))
    if kind == "deg":  # payoffs in {-1, 0, 1}: heavily degenerate, continua of equilibria
        return rng.integers(-1, 2, (m, n)), rng.integers(-1, 2, (m, n))
    if kind == "normal":
        return rounded_normal(rng, (m, n)), rounded_normal(rng, (m, n))
    raise ValueError(kind)


def pure_equilibria(A: np.ndarray, B: np.ndarray) -> set:
    """Pure equilibria by brute force, as (x, y) pairs of unit vectors."""
    m, n = A.shape
    out = set()
    for i, j in itertools.product(range(m), range(n)):
        if A[i, j] == max(A[:, j]) and B[i, j] == max(B[i, :]):
            x = tuple(F(int(k == i)) for k in range(m))
            y = tuple(F(int(k == j)) for k in range(n))
            out.add((x, y))
    return out


def check_structure(res) -> None:
    """Components partition the equilibria; Nash subsets are maximal bicliques covering them."""
    k = len(res.equilibria)
    assert sorted(i for c in res.components for i in c) == list(range(k))
    eqset = set(res.equilibria)
    covered = set()
    for rows, cols in res.nash_subsets:
        assert rows and cols
        for i in rows:
            for j in cols:
                pair = (res.row_vertices[i], res.col_vertices[j])
                assert pair in eqset
                covered.add(pair)
        # maximal: no further row or column vertex can be added
        for i in set(range(len(res.row_vertices))) - set(rows):
            assert any((res.row_vertices[i], res.col_vertices[j]) not in eqset for j in cols)
        for j in set(range(len(res.col_vertices))) - set(cols):
            assert any((res.row_vertices[i], res.col_vertices[j]) not in eqset for i in rows)
    assert covered == eqset
    # two equilibria sharing a strategy are in one component
    comp_of = {i: c for c, idx in enumerate(res.components) for i in idx}
    for a, b in itertools.combinations(range(k), 2):
        (xa, ya), (xb, yb) = res.equilibria[a], res.equilibria[b]
        if xa == xb or ya == yb:
            assert comp_of[a] == comp_of[b]


# ---------------------------------------------------------------------------------------------
# textbook games


def test_prisoners_dilemma_unique_defection(route):
    # strategies (C, D); D strictly dominates C for both
    A = np.array([[3, 0], [5, 1]])
    res = extreme_equilibria(A, A.T, exact=True)
    assert res.equilibria == [((F(0), F(1)), (F(0), F(1)))]
    assert res.components == [[0]]
    assert res.exact


def test_battle_of_the_sexes(route):
    A = np.array([[2, 0], [0, 1]])
    B = np.array([[1, 0], [0, 2]])
    res = extreme_equilibria(A, B, exact=True)
    # mixed: the row player makes the column player indifferent: x1 * 1 = x2 * 2 -> x = (2/3, 1/3);
    # the column player makes the row player indifferent: 2 y1 = y2 -> y = (1/3, 2/3)
    assert set(res.equilibria) == {
        ((F(1), F(0)), (F(1), F(0))),
        ((F(0), F(1)), (F(0), F(1))),
        ((F(2, 3), F(1, 3)), (F(1, 3), F(2, 3))),
    }
    assert len(res.components) == 3
    assert res.equilibria == sorted(res.equilibria)


def test_matching_pennies(route):
    A = np.array([[1, -1], [-1, 1]])
    res = extreme_equilibria(A, -A, exact=True)
    assert res.equilibria == [((F(1, 2), F(1, 2)), (F(1, 2), F(1, 2)))]


def test_continuum_one_component_two_nash_subsets(route):
    # A = B = [[1, 1], [1, 0]].  If the column player puts weight on column 2, row 1 is the
    # unique best response (1 > y1), and against row 1 both columns pay 1: {(1,0)} x Delta.
    # If y = (1, 0), both rows pay 1, and column 1 pays 1 >= x1 = column 2's payoff:
    # Delta x {(1,0)}.  The equilibrium set is the union of two segments meeting at
    # ((1,0),(1,0)): one component, three extreme points, two maximal Nash subsets.
    A = np.array([[1, 1], [1, 0]])
    res = extreme_equilibria(A, A, exact=True)
    e, f = (F(1), F(0)), (F(0), F(1))
    assert set(res.equilibria) == {(e, e), (e, f), (f, e)}
    assert len(res.components) == 1
    subsets = {
        (frozenset(res.row_vertices[i] for i in rows), frozenset(res.col_vertices[j] for j in cols))
        for rows, cols in res.nash_subsets
    }
    assert subsets == {(frozenset([e]), frozenset([e, f])), (frozenset([e, f]), frozenset([e]))}
    check_structure(res)


def test_dominant_row_indifferent_column(route):
    # row 1 strictly dominant; the column player is indifferent: {(1,0)} x Delta
    A = np.array([[1, 1], [0, 0]])
    res = extreme_equilibria(A, A, exact=True)
    e, f = (F(1), F(0)), (F(0), F(1))
    assert set(res.equilibria) == {(e, e), (e, f)}
    assert res.components == [[0, 1]]
    assert len(res.nash_subsets) == 1


def test_constant_game_everything_is_an_equilibrium(route):
    # all profiles are equilibria: extreme points are the pure pairs, one Nash subset
    m, n = 3, 4
    Z = np.zeros((m, n), dtype=int)
    res = extreme_equilibria(Z, Z, exact=True)
    assert len(res.equilibria) == m * n
    assert len(res.components) == 1
    assert res.nash_subsets == [(list(range(m)), list(range(n)))]


@pytest.mark.parametrize("shape", [(1, 1), (1, 5), (5, 1)])
def test_one_strategy_player(shape, route):
    rng = np.random.default_rng(sum(shape))
    A = rng.integers(-5, 6, shape)
    B = rng.integers(-5, 6, shape)
    res = extreme_equilibria(A, B, exact=True)
    # the player with several strategies best-responds purely; mixtures over ties form segments
    # whose end points are the pure best responses: the extreme equilibria are the pure ones
    assert set(res.equilibria) == pure_equilibria(A, B)
    assert all(
        r == 0
        for x, y in res.equilibria
        for r in regrets(np.stack([fractions(A), fractions(B)]), [x, y])
    )


def test_float_game_matches_exact_on_bos(route):
    A = np.array([[2.0, 0.0], [0.0, 1.0]])
    B = np.array([[1.0, 0.0], [0.0, 2.0]])
    res = extreme_equilibria(A, B, exact=False)
    assert not res.exact
    assert len(res.equilibria) == 3
    x, y = res.equilibria[1]
    assert x == pytest.approx((2 / 3, 1 / 3)) and y == pytest.approx((1 / 3, 2 / 3))
    assert all(isinstance(p, float) for p in x + y)


def test_errors():
    with pytest.raises(ValueError):
        extreme_equilibria(np.zeros((2, 2)), np.zeros((2, 3)), exact=True)
    k = DEFAULT_MAX_SIZE + 1
    with pytest.raises(GameTooLarge, match="max_size"):
        extreme_equilibria(np.zeros((k, k)), np.zeros((k, k)), exact=True)
    with pytest.raises(GameTooLarge):
        extreme_equilibria(np.zeros((4, 4)), np.zeros((4, 4)), exact=True, max_size=3)


def test_to_dict_is_json_ready():
    import json

    A = np.array([[2, 0], [0, 1]])
    B = np.array([[1, 0], [0, 2]])
    d = extreme_equilibria(A, B, exact=True).to_dict()
    json.dumps(d)
    assert d["exact"] is True
    assert [["2/3", "1/3"], ["1/3", "2/3"]] in d["equilibria"]


# ---------------------------------------------------------------------------------------------
# oracle: pygambit enummixed_solve(rational=True).  About 320 games; counts per size chosen so
# that the whole module stays within about a minute on 2 cores (gambit takes ~1 s per 8x8).

ORACLE_GROUPS = [
    # (kind, m, n, number of games)
    ("int", 2, 2, 30), ("deg", 2, 2, 20), ("normal", 2, 2, 20),
    ("int", 3, 3, 30), ("deg", 3, 3, 20), ("normal", 3, 3, 20),
    ("int", 4, 4, 25), ("deg", 4, 4, 15), ("normal", 4, 4, 15),
    ("int", 5, 5, 20), ("deg", 5, 5, 10), ("normal", 5, 5, 10),
    ("int", 6, 6, 10), ("deg", 6, 6, 5), ("normal", 6, 6, 5),
    ("int", 7, 7, 6), ("deg", 7, 7, 3), ("normal", 7, 7, 3),
    ("int", 8, 8, 4), ("deg", 8, 8, 2), ("normal", 8, 8, 2),
    ("int", 2, 6, 6), ("int", 6, 2, 6), ("deg", 3, 7, 5), ("deg", 7, 3, 5),
    ("int", 4, 8, 4), ("normal", 8, 4, 4), ("deg", 1, 6, 3), ("int", 6, 1, 3),
]  # fmt: skip


def _oracle_params() -> list:
    """The groups with games of 32 or more profiles take 1-6 s each under gambit: slow."""
    return [pytest.param(*g, marks=pytest.mark.slow) if g[1] * g[2] >= 32 else g
            for g in ORACLE_GROUPS]


@pytest.mark.parametrize("kind,m,n,count", _oracle_params())
def test_equilibrium_sets_match_gambit(gambit, kind, m, n, count, route):
    rng = np.random.default_rng([m, n, count, sum(map(ord, kind))])
    for _ in range(count):
        A, B = make_game(kind, rng, m, n)
        res = extreme_equilibria(A, B, exact=True)
        expected = gambit_set(gambit, A, B)
        assert set(res.equilibria) == expected, (A.tolist(), B.tolist())
        assert len(res.equilibria) == len(expected)  # no duplicates
        check_structure(res)


@pytest.mark.slow
def test_nashpy_support_enumeration_misses_what_we_find(gambit, nashpy):
    """Random generic 3x3 games: our sets equal gambit's; nashpy's support enumeration misses some.

    (Its default tolerance treats float rounding as a violation.)
    """
    rng = np.random.default_rng(2024)
    ours_total = nashpy_total = 0
    for _ in range(100):
        A, B = rounded_normal(rng, (3, 3)), rounded_normal(rng, (3, 3))
        res = extreme_equilibria(A, B, exact=True)
        assert set(res.equilibria) == gambit_set(gambit, A, B)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            found = list(nashpy.Game(A.astype(float), B.astype(float)).support_enumeration())
        assert len(res.equilibria) >= len(found)
        ours_total += len(res.equilibria)
        nashpy_total += len(found)
    assert ours_total > nashpy_total


# ---------------------------------------------------------------------------------------------
# near-degenerate games: payoff differences below cdd's float tolerance (about 1e-7)


def near_degenerate(rng: np.random.Generator, m: int, n: int, eps: Fraction) -> np.ndarray:
    return (
        to_exact_array(rng.integers(-2, 3, (m, n)))
        + to_exact_array(rng.integers(-1, 2, (m, n))) * eps
    )


@pytest.mark.slow
@pytest.mark.parametrize("eps", [F(1, 10**6), F(1, 10**8), F(1, 10**10)])
def test_near_degenerate_games_match_gambit(gambit, eps, route):
    """Float enumeration cannot resolve these; the guards must send them to the exact route."""
    rng = np.random.default_rng(int(1 / eps) % 1000)
    routes = set()
    for _ in range(25):
        m, n = rng.integers(2, 6, size=2)
        A, B = near_degenerate(rng, m, n, eps), near_degenerate(rng, m, n, eps)
        res = extreme_equilibria(A, B, exact=True)
        assert set(res.equilibria) == gambit_set(gambit, A, B), (A.tolist(), B.tolist())
        routes.add(res.enumeration)
    assert Enumeration.EXACT in routes


def test_exact_fallback_agrees_with_float_route():
    pytest.importorskip("cdd")  # the float route is cddlib's (the optional extra 'cdd')
    rng = np.random.default_rng(77)
    for _ in range(10):
        A, B = rng.integers(-5, 6, (6, 7)), rng.integers(-5, 6, (6, 7))
        Ap = _vertex._positive_exact(fractions(A))
        Bp = _vertex._positive_exact(fractions(B))
        assert set(_vertex._exact_by_bases(Ap, Bp)) == set(_vertex._exact_from_float(Ap, Bp))


def test_near_degenerate_games_are_never_refused(gambit, route):
    """Issue 8: games the float enumeration cannot resolve used to be refused ("too close to
    degenerate ... round the payoffs") beyond the basis-enumeration limit; now the exact route
    answers every one of them, with the set pygambit's exact enummixed finds."""
    rng = np.random.default_rng(5)
    for _ in range(12):
        m, n = rng.integers(2, 6, size=2)
        A, B = near_degenerate(rng, m, n, F(1, 10**9)), near_degenerate(rng, m, n, F(1, 10**9))
        res = extreme_equilibria(A, B, exact=True)
        assert set(res.equilibria) == gambit_set(gambit, A, B)


# ---------------------------------------------------------------------------------------------
# properties


def int_games(max_m: int = 5, max_n: int = 5, lo: int = -3, hi: int = 3):
    return st.tuples(st.integers(1, max_m), st.integers(1, max_n)).flatmap(
        lambda s: st.tuples(
            *[
                st.lists(st.integers(lo, hi), min_size=s[0] * s[1], max_size=s[0] * s[1]).map(
                    lambda v, s=s: np.array(v, dtype=int).reshape(s)
                )
                for _ in range(2)
            ]
        )
    )


@given(int_games())
def test_exact_equilibria_have_zero_regret_and_include_pure(game):
    A, B = game
    res = extreme_equilibria(A, B, exact=True)
    payoffs = np.stack([fractions(A), fractions(B)])
    for x, y in res.equilibria:
        assert all(isinstance(p, Fraction) for p in x + y)
        assert sum(x) == 1 and sum(y) == 1 and min(x) >= 0 and min(y) >= 0
        assert regrets(payoffs, [x, y]) == [0, 0]
    # pure equilibria are vertices of the best-response polytopes, hence extreme
    assert pure_equilibria(A, B) <= set(res.equilibria)
    check_structure(res)


@given(
    st.tuples(st.integers(1, 5), st.integers(1, 5)).flatmap(
        lambda s: st.tuples(
            *[
                st.lists(
                    st.floats(-10, 10, allow_nan=False), min_size=s[0] * s[1], max_size=s[0] * s[1]
                ).map(lambda v, s=s: np.array(v).reshape(s))
                for _ in range(2)
            ]
        )
    )
)
def test_float_equilibria_have_near_zero_regret(game):
    A, B = game
    res = extreme_equilibria(A, B, exact=False)
    scale = max(1.0, np.ptp(A), np.ptp(B))
    for x, y in res.equilibria:
        assert abs(sum(x) - 1) < 1e-12 and abs(sum(y) - 1) < 1e-12
        assert max(regrets(np.stack([A, B]), [x, y])) <= FLOAT_REGRET_TOL * scale


@given(int_games(4, 4, -2, 2))
def test_float_mode_agrees_with_exact_on_integer_games(game):
    A, B = game
    exact = extreme_equilibria(A, B, exact=True).equilibria
    approx = extreme_equilibria(A.astype(float), B.astype(float), exact=False).equilibria
    assert len(exact) == len(approx)
    flat = np.array([xf + yf for xf, yf in approx])
    for xe, ye in exact:
        dist = np.abs(flat - np.array(xe + ye, dtype=float)).max(axis=1)
        assert dist.min() <= 1e-9


@given(int_games(4, 4))
def test_transposed_game_has_transposed_equilibria(game):
    A, B = game
    res = extreme_equilibria(A, B, exact=True)
    swapped = extreme_equilibria(B.T, A.T, exact=True)
    assert {(y, x) for x, y in swapped.equilibria} == set(res.equilibria)
    assert len(swapped.components) == len(res.components)
    assert len(swapped.nash_subsets) == len(res.nash_subsets)


@given(int_games(4, 4), st.integers(1, 5), st.integers(-7, 7))
def test_positive_affine_invariance(game, a, b):
    A, B = game
    res = extreme_equilibria(A, B, exact=True)
    scaled = extreme_equilibria(fractions(A) * F(a, 3) + b, B, exact=True)
    assert scaled.equilibria == res.equilibria
