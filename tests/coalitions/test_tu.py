"""Transferable-utility solutions: axioms, theory, and coopgame-py as an independent oracle."""

from __future__ import annotations

import random
from fractions import Fraction

import numpy as np
import pytest

from treaty.coalitions import (
    MembershipGame,
    banzhaf_index,
    graph_restricted,
    least_core,
    myerson_value,
    nucleolus,
    shapley_value,
)

from .test_nucleolus_speed_paths import _game  # random/integer games with imputations


def random_exact_game(n: int, rnd: random.Random) -> np.ndarray:
    v = np.empty(1 << n, dtype=object)
    v[0] = Fraction(0)
    for m in range(1, 1 << n):
        v[m] = Fraction(rnd.randint(-5, 20), rnd.randint(1, 3))
    return v


@pytest.mark.parametrize("seed", range(8))
def test_shapley_efficiency_symmetry_null_player(seed: int) -> None:
    rnd = random.Random(seed)
    n = rnd.randint(3, 7)
    base = random_exact_game(n, rnd)
    # make player n-1 a null player and players 0 and 1 symmetric
    null = n - 1
    v = np.empty(1 << n, dtype=object)
    for m in range(1 << n):
        core = m & ~(1 << null)
        swapped = (core & ~3) | ((core & 1) << 1) | ((core >> 1) & 1)
        v[m] = base[core] + base[swapped] if core else Fraction(0)
    phi = shapley_value(v)
    assert sum(phi) == v[-1]  # efficiency, exactly
    assert phi[0] == phi[1]  # symmetry
    assert phi[null] == 0  # null player
    beta = banzhaf_index(v)
    assert beta[0] == beta[1] and beta[null] == 0


def test_shapley_matches_definition_by_permutations() -> None:
    import itertools

    rnd = random.Random(3)
    n = 4
    v = random_exact_game(n, rnd)
    phi = [Fraction(0)] * n
    perms = list(itertools.permutations(range(n)))
    for order in perms:
        m = 0
        for i in order:
            phi[i] += v[m | 1 << i] - v[m]
            m |= 1 << i
    assert list(shapley_value(v)) == [p / len(perms) for p in phi]


@pytest.mark.parametrize("seed", range(4))
def test_shapley_and_banzhaf_match_coopgame(coopgame, seed: int) -> None:
    rng = np.random.default_rng(seed)
    n = 10
    v = rng.normal(size=1 << n)
    v[0] = 0.0
    g = coopgame.Game(list(v[1:]))
    assert np.allclose(shapley_value(v), coopgame.shapley(g), atol=1e-9)
    assert np.allclose(banzhaf_index(v), coopgame.banzhaf(g), atol=1e-9)


@pytest.mark.parametrize("kind", ["random", "integer"])
@pytest.mark.parametrize("seed", range(6))
def test_nucleolus_matches_coopgame(coopgame, seed: int, kind: str) -> None:
    n = 3 + seed % 5
    v = _game(seed, n, kind)
    g = coopgame.Game(list(v[1:]))
    ours = nucleolus(v)
    ref = coopgame.nucleolus(g)["allocation"]
    assert np.allclose(ours.point, ref, atol=1e-6)
    pre = nucleolus(v, imputation=False)
    assert np.allclose(pre.point, coopgame.prenucleolus(g)["allocation"], atol=1e-6)


@pytest.mark.parametrize("seed", range(4))
def test_least_core_matches_coopgame(coopgame, seed: int) -> None:
    n = 4 + seed
    v = _game(seed, n, "random")
    g = coopgame.Game(list(v[1:]))
    ours = least_core(v)
    ref = coopgame.least_core(g, domain="preimputation")
    assert ours.epsilon == pytest.approx(ref["epsilon"], abs=1e-6)
    x = np.array(ours.point)
    assert x.sum() == pytest.approx(v[-1])
    xs = np.array([x[[i for i in range(n) if m >> i & 1]].sum() for m in range(1 << n)])
    assert np.all(xs[1:-1] + ours.epsilon >= v[1:-1] - 1e-7)
    assert ours.core_nonempty == (ref["epsilon"] <= 1e-9)


def test_core_of_glove_game_and_empty_core() -> None:
    glove = np.array([0, 0, 0, 1, 0, 1, 0, 1], dtype=float)
    assert least_core(glove).core_nonempty
    majority = np.array([0, 0, 0, 1, 0, 1, 1, 1], dtype=float)  # 2-of-3 majority game
    lc = least_core(majority)
    assert not lc.core_nonempty
    assert lc.epsilon == pytest.approx(1 / 3)  # x = (1/3, 1/3, 1/3), x(S) = 2/3 for pairs


def _network_game(seed: int) -> tuple[np.ndarray, list[tuple[int, int]], np.ndarray]:
    rng = np.random.default_rng(seed)
    n = 6
    v = rng.random(1 << n) * 5
    v[0] = 0.0
    edges = [(i, j) for i in range(n) for j in range(i + 1, n) if rng.random() < 0.4]
    adj = np.zeros((n, n), dtype=bool)
    for i, j in edges:
        adj[i, j] = adj[j, i] = True
    return v, edges, adj


@pytest.mark.parametrize("seed", range(4))
def test_myerson_matches_coopgame(coopgame, seed: int) -> None:
    v, edges, adj = _network_game(seed)
    g = coopgame.Game(list(v[1:]))
    assert np.allclose(myerson_value(v, adj), coopgame.myerson(g, edges), atol=1e-9)
    ref_restricted = coopgame.graph_restricted(g, edges).values()
    assert np.allclose(graph_restricted(v, adj)[1:], ref_restricted, atol=1e-9)


@pytest.mark.parametrize("seed", range(4))
def test_myerson_extreme_networks(seed: int) -> None:
    v, _, _ = _network_game(seed)
    n = 6
    # Myerson (1977): on the complete graph the Shapley value; with no links each country gets
    # its stand-alone worth v({i})
    assert np.allclose(myerson_value(v, ~np.eye(n, dtype=bool)), shapley_value(v))
    assert np.allclose(myerson_value(v, np.zeros((n, n), dtype=bool)),
                       [v[1 << i] for i in range(n)])


def test_membership_tu_view_is_exact_and_efficient() -> None:
    n = 5
    game = MembershipGame.public_good([f"c{i}" for i in range(n)], [Fraction(3, 2)] * n,
                                      [Fraction(2, 3)] * n, edges=[("c0", "c1"), ("c1", "c2")])
    v = game.characteristic_function()
    b, c = Fraction(3, 2), Fraction(2, 3)
    # v(N): all n members choose q = n b / c; v(N) = n (b Q - c q^2/2) with Q = n q
    q = n * b / c
    assert v[-1] == n * (b * n * q - c * q * q / 2)
    tu = game.tu_solutions()
    assert tu.exact and sum(tu.shapley) == v[-1]
    assert len(set(tu.shapley)) == 1  # symmetric countries
    assert tu.myerson is not None and sum(tu.myerson) == graph_restricted(v, game.adjacency())[-1]
    assert tu.nucleolus is not None
    assert np.allclose(tu.nucleolus.point, [float(v[-1]) / n] * n)
