"""The feasible set of agreements: values from theory or from independent oracles.

Oracles: scipy.spatial.ConvexHull (Qhull) for the hull of the pure payoff profiles, a plain
scipy.optimize.linprog formulation written here for support values over the correlated-
equilibrium polytope, and the incentive constraints re-checked by a loop over profiles written
from the definition (Aumann 1974).
"""

from __future__ import annotations

import itertools
from fractions import Fraction as F
from typing import Any

import numpy as np
import pytest
from scipy.optimize import linprog
from scipy.spatial import ConvexHull, QhullError

import treaty
from treaty import Agreement, FeasibleSet, Game, GameError, feasible_set


def _chicken() -> Game:
    # (C,C) (6,6), (C,D) (2,7), (D,C) (7,2), (D,D) (0,0)
    return Game.from_arrays([[6, 2], [7, 0]], [[6, 7], [2, 0]],
                            players=["Row", "Col"], strategies=[["C", "D"]] * 2)


def _random_game(seed: int, shape: tuple[int, ...], hi: int = 10) -> Game:
    rng = np.random.default_rng(seed)
    return Game.from_arrays(*[rng.integers(0, hi, shape).tolist() for _ in shape])


def _ce_violations(game: Game, dist: dict[tuple[str, ...], Any]) -> list[Any]:
    """Every CE incentive left-hand side, from the definition (must be <= 0)."""
    mu = {game.profile_index(p): q for p, q in dist.items()}
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


def _expected(game: Game, dist: dict[tuple[str, ...], Any]) -> tuple[Any, ...]:
    return tuple(sum((q * game.payoffs[i][game.profile_index(p)] for p, q in dist.items()), F(0))
                 for i in range(game.n_players))


def _lp_support(game: Game, w: np.ndarray, self_enforcing: bool,
                extra: list[tuple[np.ndarray, float]] = ()) -> float | None:  # type: ignore[assignment]
    """max w . E[u] over distributions (CE ones when self_enforcing), dense linprog here."""
    shape = game.shape
    profiles = list(np.ndindex(*shape))
    u = np.array([[float(game.payoffs[i][p]) for p in profiles] for i in range(game.n_players)])
    rows, rhs = [], []
    if self_enforcing:
        for i, m in enumerate(shape):
            for s, t in itertools.permutations(range(m), 2):
                r = np.zeros(len(profiles))
                for k, p in enumerate(profiles):
                    if p[i] == s:
                        dev = p[:i] + (t,) + p[i + 1:]
                        r[k] = float(game.payoffs[i][dev] - game.payoffs[i][p])
                rows.append(r)
                rhs.append(0.0)
    for g, b in extra:
        rows.append(g @ u)
        rhs.append(b)
    res = linprog(-(w @ u), A_ub=np.array(rows) if rows else None, b_ub=rhs if rows else None,
                  A_eq=np.ones((1, len(profiles))), b_eq=[1.0], bounds=(0, None), method="highs")
    return -res.fun if res.status == 0 else None


# -- the plain hull ----------------------------------------------------------------------------

@pytest.mark.parametrize("seed", range(12))
def test_hull_matches_qhull(seed: int) -> None:
    game = _random_game(seed, (3, 4), hi=20)
    fs = feasible_set(game)
    pts = np.array([[float(game.payoffs[i][p]) for i in range(2)] for p in np.ndindex(*game.shape)])
    try:
        hull = ConvexHull(pts)
    except QhullError:
        pytest.skip("degenerate point set")
    expected = {tuple(pts[j]) for j in hull.vertices}
    got = [v.payoffs for v in fs.vertices]
    assert all(isinstance(x, F) for p in got for x in p)
    assert {tuple(float(x) for x in p) for p in got} == expected
    assert fs.complete and fs.exact and fs.certified
    # counter-clockwise, strictly convex
    for j in range(len(got)):
        a, b, c = got[j], got[(j + 1) % len(got)], got[(j + 2) % len(got)]
        assert (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]) > 0
    # each vertex is implemented by a pure profile with those payoffs
    for v in fs.vertices:
        (prof, q), = v.distribution.items()
        assert q == 1 and game.payoff(prof) == v.payoffs


def test_degenerate_hulls() -> None:
    same = Game.from_arrays([[1, 1], [1, 1]], [[2, 2], [2, 2]])
    fs = feasible_set(same)
    assert [v.payoffs for v in fs.vertices] == [(1, 2)]
    assert [v.payoffs for v in fs.frontier] == [(1, 2)]
    line = Game.from_arrays([[0, 1], [2, 3]], [[0, 1], [2, 3]])  # all on u1 = u2
    fs = feasible_set(line)
    assert [v.payoffs for v in fs.vertices] == [(0, 0), (3, 3)]
    assert [v.payoffs for v in fs.frontier] == [(3, 3)]
    assert fs.contains((F(3, 2), F(3, 2))) and not fs.contains((1, 2))
    # matching pennies: the only correlated equilibrium payoff is (0, 0)
    mp = Game.from_arrays([[1, -1], [-1, 1]], [[-1, 1], [1, -1]])
    ce = feasible_set(mp, self_enforcing=True)
    assert [v.payoffs for v in ce.vertices] == [(0, 0)]
    assert ce.vertices[0].distribution == {p: F(1, 4) for p in ce.profiles}


# -- the correlated-equilibrium set of chicken -------------------------------------------------

def test_chicken_correlated_set() -> None:
    game = _chicken()
    fs = feasible_set(game, self_enforcing=True)
    pays = [v.payoffs for v in fs.vertices]
    assert {(F(21, 4), F(21, 4)), (7, 2), (2, 7)} <= set(pays)
    # the welfare-maximising vertex (Aumann's 1/2 CC, 1/4 CD, 1/4 DC) and no other reaches 21/2
    best = max(fs.vertices, key=lambda v: sum(v.payoffs))
    assert best.payoffs == (F(21, 4), F(21, 4))
    assert sum(sum(v.payoffs) == F(21, 2) for v in fs.vertices) == 1
    assert best.distribution == {("C", "C"): F(1, 2), ("C", "D"): F(1, 4), ("D", "C"): F(1, 4)}
    # the pure equilibria are implemented by the pure profiles
    assert dict(fs.vertices[pays.index((7, 2))].distribution) == {("D", "C"): 1}
    assert [v.payoffs for v in fs.frontier] == [(2, 7), (F(21, 4), F(21, 4)), (7, 2)]
    assert fs.complete and fs.exact and fs.certified
    assert fs.contains((F(21, 4), F(21, 4))) and fs.contains((F(14, 3), F(14, 3)))  # mixed NE
    assert not fs.contains((6, 6))  # (C, C) alone is not an equilibrium
    assert feasible_set(game).contains((6, 6)) and not feasible_set(game).contains((7, 7))


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("coarse", [False, True])
def test_self_enforcing_vertices_exact_equilibria(seed: int, coarse: bool) -> None:
    game = _random_game(seed, (3, 3))
    fs = feasible_set(game, self_enforcing=True, coarse=coarse)
    assert fs.complete and fs.vertices and fs.certified
    for v in fs.vertices:
        assert all(isinstance(q, F) and q > 0 for q in v.distribution.values())
        assert sum(v.distribution.values()) == 1
        assert _expected(game, v.distribution) == v.payoffs
        if not coarse:
            assert max(_ce_violations(game, v.distribution)) <= 0
    if not coarse:  # the CE set is inside the CCE set
        cce = feasible_set(game, self_enforcing=True, coarse=True)
        assert all(cce.contains(v.payoffs) for v in fs.vertices)


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("self_enforcing", [False, True])
def test_support_values_match_lp(seed: int, self_enforcing: bool) -> None:
    game = _random_game(100 + seed, (3, 3))
    fs = feasible_set(game, self_enforcing=self_enforcing)
    rng = np.random.default_rng(seed)
    for w in rng.normal(size=(8, 2)):
        got = max(float(w @ np.array([float(x) for x in v.payoffs])) for v in fs.vertices)
        assert got == pytest.approx(_lp_support(game, w, self_enforcing), abs=1e-7)


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("self_enforcing", [False, True])
def test_frontier_pareto_efficient(seed: int, self_enforcing: bool) -> None:
    game = _random_game(200 + seed, (3, 3))
    fs = feasible_set(game, self_enforcing=self_enforcing)
    front = fs.frontier
    assert front
    for f in front:
        for v in fs.vertices:
            dominates = all(a >= b for a, b in zip(v.payoffs, f.payoffs)) and v.payoffs != f.payoffs
            assert not dominates
        # no point of the set dominates it either: max total over {u >= f} is f's total
        extra = [(-np.eye(2)[i], -float(f.payoffs[i])) for i in range(2)]
        assert _lp_support(game, np.ones(2), self_enforcing, extra) == pytest.approx(
            float(sum(f.payoffs)), abs=1e-7)
    assert [f.payoffs[0] for f in front] == sorted(f.payoffs[0] for f in front)
    # the vertices off the frontier are dominated by some point of the set
    for v in fs.vertices:
        if v not in front:
            extra = [(-np.eye(2)[i], -float(v.payoffs[i])) for i in range(2)]
            assert _lp_support(game, np.ones(2), self_enforcing, extra) > float(sum(v.payoffs)) + 1e-9


def test_ideal_point() -> None:
    game = _chicken()
    plain = feasible_set(game)
    assert plain.ideal((0, 0)) == (7, 7)
    assert plain.ideal((6, 6)) == (6, 6)
    # edge (6,6)-(7,2): u2 = 6 - 4 (u1 - 6), so u2 >= 4 gives u1 <= 13/2
    assert plain.ideal((4, 4)) == (F(13, 2), F(13, 2))
    ce = feasible_set(game, self_enforcing=True)
    # edge (21/4,21/4)-(7,2) has slope -13/7: u2 = 4 at u1 = 21/4 + (5/4)(7/13) = 77/13
    assert ce.ideal({"Row": 4, "Col": 4}) == (F(77, 13), F(77, 13))
    assert ce.ideal((4, 4))[0] == pytest.approx(
        _lp_support(game, np.array([1.0, 0.0]), True, [(-np.eye(2)[i], -4.0) for i in range(2)]))
    with pytest.raises(GameError, match="weakly above"):
        ce.ideal((6, 6))
    with pytest.raises(GameError, match="expected 2 payoffs"):
        ce.ideal((1, 2, 3))


@pytest.mark.parametrize("self_enforcing", [False, True])
def test_three_players(self_enforcing: bool) -> None:
    game = _random_game(7, (2, 3, 2))
    fs = feasible_set(game, self_enforcing=self_enforcing)
    assert not fs.complete and "not necessarily all" in fs.note and "found" in fs.describe()
    rng = np.random.default_rng(3)
    for v in fs.vertices:
        assert _expected(game, v.distribution) == v.payoffs
        if self_enforcing:
            assert max(_ce_violations(game, v.distribution)) <= 0
        assert fs.contains(v.payoffs)
    for i in range(3):  # the unit directions are among those searched
        w = np.eye(3)[i]
        assert max(float(v.payoffs[i]) for v in fs.vertices) == pytest.approx(
            _lp_support(game, w, self_enforcing), abs=1e-7)
    d = tuple(min(v.payoffs[i] for v in fs.vertices) for i in range(3))
    ideal = fs.ideal(d)
    extra = [(-np.eye(3)[i], -float(d[i])) for i in range(3)]
    for i in range(3):
        assert float(ideal[i]) == pytest.approx(_lp_support(game, np.eye(3)[i], self_enforcing, extra))
    for f in fs.frontier:
        ext = [(-np.eye(3)[i], -float(f.payoffs[i])) for i in range(3)]
        assert _lp_support(game, np.ones(3), self_enforcing, ext) == pytest.approx(
            float(sum(f.payoffs)), abs=1e-7)
    assert not fs.contains(tuple(x + 100 for x in fs.vertices[0].payoffs))
    del rng


def test_float_game() -> None:
    rng = np.random.default_rng(5)
    game = Game.from_arrays(rng.random((3, 3)), rng.random((3, 3)))
    fs = feasible_set(game, self_enforcing=True)
    assert not fs.exact and not fs.certified and fs.complete
    for w in rng.normal(size=(6, 2)):
        got = max(float(w @ np.array(v.payoffs)) for v in fs.vertices)
        assert got == pytest.approx(_lp_support(game, w, True), abs=1e-7)


def test_results_and_exports() -> None:
    fs = feasible_set(_chicken(), self_enforcing=True)
    d = fs.to_dict()
    assert d["kind"] == "feasible-set" and d["complete"] and d["certified"]
    assert d["frontier"][1]["payoffs"] == ["21/4", "21/4"]
    assert "4 vertices, 3 on the Pareto frontier" in fs.describe()
    best = fs.frontier[1]
    assert isinstance(best, Agreement) and best.exact
    assert best.to_dict()["distribution"][0] == {"profile": ["C", "C"], "probability": "1/2"}
    assert "Row 21/4" in best.describe() and "1/2 (C, C)" in best.describe()
    assert treaty.feasible_set is feasible_set and treaty.FeasibleSet is FeasibleSet
    with pytest.raises(GameError):
        feasible_set("chicken")  # type: ignore[arg-type]
    with pytest.raises(GameError):
        fs.contains({"Row": 1})


def _check_against_lp(game: Game, seed: int) -> FeasibleSet:
    fs = feasible_set(game, self_enforcing=True)
    assert fs.certified and fs.complete
    rng = np.random.default_rng(seed)
    for w in rng.normal(size=(20, 2)):
        got = max(float(w @ np.array([float(x) for x in v.payoffs])) for v in fs.vertices)
        assert got == pytest.approx(_lp_support(game, w, True), abs=1e-7)
    for v in fs.vertices:
        assert max(_ce_violations(game, v.distribution)) <= 0
    return fs


def test_trace_with_large_denominators() -> None:
    # a 5x5 game whose LP optima have denominators near 10**9: the first version accepted a
    # rationalised optimum that was only float-optimal (inside the set) and the trace cycled
    fs = _check_against_lp(_random_game(18, (5, 5), hi=20), 18)
    assert len(fs.vertices) == len({v.payoffs for v in fs.vertices}) > 10


@pytest.mark.slow
@pytest.mark.parametrize("seed", [13, 24, 26])
def test_larger_correlated_sets_against_lp(seed: int) -> None:
    _check_against_lp(_random_game(seed, (5, 5), hi=20), seed)


def test_too_large(monkeypatch: pytest.MonkeyPatch) -> None:
    from treaty.negotiation import _feasible

    monkeypatch.setattr(_feasible, "MAX_LP_ENTRIES", 10)
    with pytest.raises(treaty.GameTooLarge, match="over the limit of 10"):
        feasible_set(_chicken(), self_enforcing=True)
    assert len(feasible_set(_chicken()).vertices) == 4  # the plain hull needs no LP
