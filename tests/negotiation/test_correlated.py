"""Correlated and coarse correlated equilibria: values from theory, checked independently.

The constraints are re-checked here with a plain loop over profiles written from the
definition (Aumann 1974; Nisan et al., Algorithmic Game Theory, 2007, section 2.3), not with
the code under test.
"""

from __future__ import annotations

import itertools
from fractions import Fraction as F

import numpy as np
import pytest

import treaty
from treaty import CorrelatedResult, Game, GameError, correlated_equilibrium


def _chicken() -> Game:
    # Aumann's Chicken: (C,C) (6,6), (C,D) (2,7), (D,C) (7,2), (D,D) (0,0)
    return Game.from_arrays([[6, 2], [7, 0]], [[6, 7], [2, 0]],
                            players=["Row", "Col"], strategies=[["C", "D"]] * 2)


def _lhs(game: Game, mu: dict[tuple[int, ...], F], coarse: bool) -> list[F]:
    """Every incentive-constraint left-hand side, from the definition, in Fractions."""
    out = []
    shape = game.shape
    profiles = list(itertools.product(*(range(m) for m in shape)))
    for i, m in enumerate(shape):
        u = game.payoffs[i]
        for t in range(m):
            recs = [None] if coarse else [s for s in range(m) if s != t]
            for s in recs:
                total = F(0)
                for p in profiles:
                    if s is not None and p[i] != s:
                        continue
                    dev = p[:i] + (t,) + p[i + 1:]
                    total += mu.get(p, F(0)) * (F(u[dev]) - F(u[p]))
                out.append(total)
    return out


def _indexed(game: Game, res: CorrelatedResult) -> dict[tuple[int, ...], F]:
    return {game.profile_index(p): F(q) for p, q in res.distribution.items()}


def test_chicken_welfare_optimum_by_hand() -> None:
    """mu(C,C) = 1/2, mu(C,D) = mu(D,C) = 1/4, payoffs 21/4 each.

    Write a, b, c, d for mu(CC), mu(CD), mu(DC), mu(DD).  Row's constraints: told C, D pays
    a (7 - 6) + b (0 - 2) <= 0, i.e. a <= 2b; told D, C pays c (6 - 7) + d (2 - 0) <= 0,
    i.e. 2d <= c.  Column's by symmetry: a <= 2c, 2d <= b.  At (1/2, 1/4, 1/4, 0):
    1/2 - 1/2 = 0 and -1/4 + 0 < 0, so it is a CE.  Optimality: welfare
    = 12a + 9b + 9c = 9 + 3a - 9d (using b + c = 1 - a - d), and a <= min(2b, 2c) <= b + c
    = 1 - a - d gives a <= (1 - d)/2, so welfare <= 9 + 3/2 - 21d/2 <= 21/2, attained.
    """
    game = _chicken()
    mu = {(0, 0): F(1, 2), (0, 1): F(1, 4), (1, 0): F(1, 4)}
    assert max(_lhs(game, mu, False)) == 0
    res = correlated_equilibrium(game)
    assert res.exact and _indexed(game, res) == mu
    assert res.payoffs == (F(21, 4), F(21, 4)) and res.welfare == F(21, 2)
    assert res.max_violation == 0 and max(_lhs(game, _indexed(game, res), False)) <= 0


def test_chicken_optimum_against_a_grid() -> None:
    # independent optimality check: every distribution with denominator 24 that is a CE
    game = _chicken()
    N = 24
    best = F(-1)
    for a in range(N + 1):
        for b in range(N + 1 - a):
            for c in range(N + 1 - a - b):
                mu = {(0, 0): F(a, N), (0, 1): F(b, N), (1, 0): F(c, N),
                      (1, 1): F(N - a - b - c, N)}
                if max(_lhs(game, mu, False)) <= 0:
                    best = max(best, 12 * mu[0, 0] + 9 * mu[0, 1] + 9 * mu[1, 0])
    assert best == F(21, 2) == correlated_equilibrium(game).welfare


def test_chicken_other_objectives() -> None:
    game = _chicken()
    # min payoff <= welfare / 2 <= 21/4, attained by the symmetric optimum
    egal = correlated_equilibrium(game, "egalitarian")
    assert egal.exact and min(egal.payoffs) == F(21, 4)
    # Row's best payoff is 7 (the largest entry), attained at the pure equilibrium (D, C)
    for who in ("Row", 0):
        best = correlated_equilibrium(game, "player", player=who)
        assert best.exact and best.payoffs[0] == 7 and best.player == "Row"
    anyce = correlated_equilibrium(game, "any")
    assert anyce.exact and max(_lhs(game, _indexed(game, anyce), False)) <= 0
    assert sum(anyce.distribution.values()) == 1


def test_prisoners_dilemma_unique_ce_is_defect() -> None:
    # D strictly dominates C, so every recommendation of C is disobeyed: mu = (D, D)
    pd = Game.from_arrays([[3, 0], [5, 1]], [[3, 5], [0, 1]], strategies=[["C", "D"]] * 2)
    for coarse in (False, True):
        for obj in ("welfare", "egalitarian", "any"):
            res = correlated_equilibrium(pd, obj, coarse=coarse)
            assert res.exact and dict(res.distribution) == {("D", "D"): 1}


GAMES = [
    _chicken(),
    Game.from_arrays([[3, 0], [5, 1]], [[3, 5], [0, 1]]),
    Game.from_arrays([[0, -1, 1], [1, 0, -1], [-1, 1, 0]], [[0, 1, -1], [-1, 0, 1], [1, -1, 0]]),
    Game.from_arrays([[2, 0, 3], [1, 4, 0], [0, 2, 5]], [[1, 3, 0], [2, 0, 4], [5, 1, 1]]),
]


@pytest.mark.parametrize("game", GAMES)
def test_nash_equilibria_are_ce_and_cce(game: Game) -> None:
    # a product distribution of a Nash equilibrium satisfies every constraint exactly
    for eq in treaty.equilibria(game):
        mu = {p: F(eq.strategies[0][p[0]]) * F(eq.strategies[1][p[1]])
              for p in itertools.product(*(range(m) for m in game.shape))}
        assert max(_lhs(game, mu, False)) <= 0
        assert max(_lhs(game, mu, True)) <= 0


@pytest.mark.parametrize("game", GAMES)
def test_results_certify_and_ce_within_cce(game: Game) -> None:
    ce = correlated_equilibrium(game)
    cce = correlated_equilibrium(game, coarse=True)
    for res, coarse in ((ce, False), (cce, True)):
        assert res.exact and res.max_violation <= 0
        mu = _indexed(game, res)
        assert sum(mu.values()) == 1 and all(q > 0 for q in mu.values())
        assert max(_lhs(game, mu, coarse)) == res.max_violation
        assert max(_lhs(game, mu, True)) <= 0  # every CE is a CCE
    assert cce.welfare >= ce.welfare


def test_cce_contains_ce_on_a_random_integer_game() -> None:
    rng = np.random.default_rng(3)
    a, b = rng.integers(-5, 6, (3, 3)), rng.integers(-5, 6, (3, 3))
    game = Game.from_arrays(a.tolist(), b.tolist())
    ce, cce = correlated_equilibrium(game), correlated_equilibrium(game, coarse=True)
    assert cce.welfare >= ce.welfare
    assert max(_lhs(game, _indexed(game, ce), False)) <= 0


def test_three_player_coordination() -> None:
    # everyone gets 1 when all choose alike, else 0: welfare 3, support on the diagonal
    pay = np.zeros((3, 2, 2, 2), dtype=object)
    for i in range(3):
        pay[i][0, 0, 0] = pay[i][1, 1, 1] = 1
    game = Game(pay, strategies=[["A", "B"]] * 3)
    res = correlated_equilibrium(game)
    assert res.exact and res.welfare == 3 and res.max_violation <= 0
    assert set(res.distribution) <= {("A", "A", "A"), ("B", "B", "B")}
    assert max(_lhs(game, _indexed(game, res), False)) <= 0


@pytest.mark.parametrize("game", GAMES)
def test_exact_vertex_fallback(game: Game, monkeypatch: pytest.MonkeyPatch) -> None:
    # with no rational candidate, the exact vertex of the tight constraints is used and checked
    from treaty.negotiation import _correlated

    monkeypatch.setattr(_correlated, "rational_candidates", lambda *a, **k: iter(()))
    res = correlated_equilibrium(game)
    assert res.exact and "vertex" in res.note
    assert max(_lhs(game, _indexed(game, res), False)) <= 0
    assert res.welfare == correlated_equilibrium(GAMES[0]).welfare if game is GAMES[0] else True


def test_float_game_is_not_exact() -> None:
    game = Game.from_arrays([[6.0, 2.0], [7.0, 0.1]], [[6.0, 7.0], [2.0, 0.1]])
    res = correlated_equilibrium(game)
    assert not res.exact and res.max_violation <= 1e-9
    assert abs(sum(res.distribution.values()) - 1) < 1e-9


def test_result_protocol() -> None:
    res = correlated_equilibrium(_chicken())
    d = res.to_dict()
    assert d["distribution"][0] == {"profile": ["C", "C"], "probability": "1/2"}
    assert d["payoffs"] == ["21/4", "21/4"] and d["exact"] is True
    assert "Correlated equilibrium" in res.describe()


def test_bad_arguments() -> None:
    game = _chicken()
    with pytest.raises(GameError, match="welfare"):
        correlated_equilibrium(game, "wellfare")
    with pytest.raises(GameError, match="unknown player"):
        correlated_equilibrium(game, "player", player="Nobody")
    with pytest.raises(GameError, match="needs player"):
        correlated_equilibrium(game, "player")
    with pytest.raises(GameError, match="only used"):
        correlated_equilibrium(game, "welfare", player="Row")


def test_size_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    from treaty.negotiation import _correlated

    monkeypatch.setattr(_correlated, "MAX_LP_ENTRIES", 5)
    with pytest.raises(treaty.GameTooLarge, match="4 profiles x 4 constraints = 16"):
        correlated_equilibrium(_chicken())


def test_chicken_mediator_beats_every_nash_equilibrium() -> None:
    # Chicken's Nash equilibria (by hand): (D, C) and (C, D) with welfare 7 + 2 = 9, and the
    # symmetric mixed one where each plays C with probability 2/3 (indifference:
    # 6q + 2(1 - q) = 7q), paying 14/3 each, welfare 28/3.  The best CE gives 21/2 > 28/3 > 9.
    q = F(2, 3)
    assert 6 * q + 2 * (1 - q) == 7 * q == F(14, 3)
    nash_welfare = [F(9), F(9), 2 * F(14, 3)]
    best = correlated_equilibrium(_chicken())
    assert best.welfare == F(21, 2) and all(best.welfare > w for w in nash_welfare)


def _battle_of_the_sexes() -> Game:
    # (O, O) pays (2, 1), (F, F) pays (1, 2), miscoordination 0
    return Game.from_arrays([[2, 0], [0, 1]], [[1, 0], [0, 2]], players=["Row", "Col"],
                            strategies=[["O", "F"]] * 2)


def test_battle_of_the_sexes_known_values() -> None:
    """By hand: with a, b on (O,O), (F,F) and the rest on miscoordination, E[u_Row] = 2a + b and
    E[u_Col] = a + 2b with a + b <= 1.  The welfare optimum is 3 (any public coin over the two
    pure equilibria, as good as the best Nash equilibrium: a mediator adds no welfare); the
    egalitarian optimum is the fair coin a = b = 1/2 with 3/2 each, above the best minimum of
    any Nash equilibrium (1 at either pure equilibrium, 2/3 at the mixed one); Row's best is
    (O, O) with 2."""
    game = _battle_of_the_sexes()
    w = correlated_equilibrium(game)
    assert w.exact and w.welfare == 3
    assert max(_lhs(game, _indexed(game, w), False)) <= 0
    egal = correlated_equilibrium(game, "egalitarian")
    assert egal.payoffs == (F(3, 2), F(3, 2))
    assert _indexed(game, egal) == {(0, 0): F(1, 2), (1, 1): F(1, 2)}
    assert max(_lhs(game, _indexed(game, egal), False)) <= 0
    row = correlated_equilibrium(game, "player", player="Row")
    assert row.payoffs[0] == 2
