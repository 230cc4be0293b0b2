"""Commitment (Stackelberg leadership in mixed strategies).

Oracles: the worked example of Conitzer and Sandholm (2006); the inspection game's closed form
of inspector leadership (Avenhaus, von Stengel and Zamir 2002, section 4: the inspector
announces the rate q* = g / (p (g + S) - a h) that makes the inspectee indifferent, the
inspectee then complies, and the inspector pays e q*); pygambit's exact enummixed for the
simultaneous equilibria (von Stengel and Zamir 2010: the commitment value is at least every
Nash equilibrium payoff of the leader); and a brute-force scan of the leader's simplex on a
rational grid (every grid point gives a lower bound on the optimum).
"""

from __future__ import annotations

import itertools
from fractions import Fraction as F

import numpy as np
import pytest

import treaty
from treaty.errors import GameError, GameTooLarge
from treaty.game import Game
from treaty.mechanics import leadership
from treaty.mechanics.leadership import commitment
from treaty.mechanics.verification import Inspection, Mechanism, add_verification


def test_conitzer_sandholm_example() -> None:
    g = Game.from_arrays([[2, 4], [1, 3]], [[1, 0], [0, 1]], players=["L", "F"],
                         strategies=[["Up", "Down"], ["Left", "Right"]])
    c = commitment(g, "L")
    assert c.exact and c.strategy == (F(1, 2), F(1, 2)) and c.response == ("Right",)
    assert c.value == F(7, 2) and c.simultaneous == (2,) and c.gain == F(3, 2)
    assert c.payoffs == (F(7, 2), F(1, 2))
    # as the follower committing: the column player's commitment
    c2 = commitment(g, "F")
    assert c2.value >= max(e.payoffs[1] for e in treaty.equilibria(g))


def _inspection(g: F, S: F, p: F, e: F, lu: F, ld: F, a: F = F(0), h: F = F(0)) -> Game:
    """The 2-player inspection game built from its definition (not through the engine)."""
    comply_i, comply_s = -a * h, F(0)
    viol_i, viol_s = (1 - p) * g - p * S, g
    insp_c, skip_c = -e, F(0)
    insp_v, skip_v = -e - (1 - p) * lu - p * ld, -lu
    return Game.from_arrays([[comply_i, comply_s], [viol_i, viol_s]],
                            [[insp_c, skip_c], [insp_v, skip_v]], players=["State", "IAEA"],
                            strategies=[["comply", "violate"], ["inspect", "skip"]])


@pytest.mark.parametrize("g,S,p,e,lu,ld,a,h", [
    (F(3), F(2), F(3, 4), F(1), F(4), F(0), F(0), F(0)),
    (F(1), F(1), F(1), F(1, 2), F(1), F(0), F(0), F(0)),
    (F(5), F(10), F(1, 2), F(1), F(20), F(2), F(1, 10), F(3)),
    (F(2), F(7), F(9, 10), F(3), F(12), F(1), F(1, 20), F(10)),
])
def test_inspector_leadership_closed_form(g, S, p, e, lu, ld, a, h) -> None:
    q = g / (p * (g + S) - a * h)
    r = e / (p * (lu - ld))
    assert 0 < q < 1 and 0 < r < 1
    game = _inspection(g, S, p, e, lu, ld, a, h)
    c = commitment(game, "IAEA")
    assert c.exact
    assert c.strategy == (q, 1 - q) and c.response == ("comply",)
    assert c.value == -e * q
    # simultaneous game: the unique mixed equilibrium, the inspector gets -r lu (indifferent)
    assert c.simultaneous == (-r * lu,)
    assert c.gain == r * lu - e * q and c.gain > 0


def test_inspector_leadership_two_inspectees() -> None:
    """3 players (US, CN, the inspector): the inspector must deter both, so it commits to the
    larger of the two indifference rates and both comply."""
    base = Game.from_arrays([[0]], [[0]], players=["US", "CN"],
                            strategies=[["pact"], ["pact"]])
    gain, S, p, e = {"US": F(3), "CN": F(2)}, F(6), F(1, 2), F(1)
    m = Mechanism(commitment="pact", gain=gain, sanction=S, detection=p,
                  inspection=Inspection("IAEA", ("inspect", "skip"), cost=e,
                                        loss_undetected=10, loss_detected=1))
    v = add_verification(base, m)
    c = commitment(v, "IAEA")
    q = max(gain[k] / (p * (gain[k] + S)) for k in gain)
    assert q == F(2, 3)
    assert c.exact and c.strategy == (q, 1 - q)
    assert c.response == ("pact", "pact") and c.value == -e * q
    assert "pure Nash equilibrium" in c.note


def _exact_game(rng: np.random.Generator, shape: tuple[int, ...]) -> Game:
    arrays = [rng.integers(-5, 6, size=shape) for _ in shape]
    return Game(np.array([[F(int(v)) for v in a.ravel()] for a in arrays],
                         dtype=object).reshape(len(shape), *shape))


def _grid(m: int, den: int) -> list[list[F]]:
    out = []
    for c in itertools.product(range(den + 1), repeat=m - 1):
        if sum(c) <= den:
            out.append([F(k, den) for k in c] + [F(den - sum(c), den)])
    return out


def _brute_force(game: Game, li: int, den: int) -> F:
    """max over grid points x of the leader's best payoff over follower pure profiles that are
    Nash equilibria of the induced game (exact); a lower bound on the optimal commitment."""
    U = game.payoffs
    followers = [k for k in range(game.n_players) if k != li]
    best = None
    for x in _grid(game.shape[li], den):
        def pay(k: int, t: tuple[int, ...], x=x) -> F:
            tot = F(0)
            for i, xi in enumerate(x):
                full = list(t)
                full.insert(li, i)
                tot += xi * U[(k, *full)]
            return tot
        for t in itertools.product(*(range(game.shape[k]) for k in followers)):
            ok = True
            for pos, k in enumerate(followers):
                own = pay(k, t)
                for s in range(game.shape[k]):
                    alt = list(t)
                    alt[pos] = s
                    if pay(k, tuple(alt)) > own:
                        ok = False
                        break
                if not ok:
                    break
            if ok:
                v = pay(li, t)
                best = v if best is None else max(best, v)
    assert best is not None
    return best


def _gambit_leader_payoffs(game: Game, li: int) -> list[F]:
    gbt = pytest.importorskip("pygambit")
    A, B = (np.array(game.payoffs[k], dtype=object) for k in range(2))
    g = gbt.Game.from_arrays(A, B)
    res = gbt.nash.enummixed_solve(g, rational=True)
    player = list(g.players)[li]
    return [F(eq.payoff(player)) for eq in res.equilibria]


@pytest.mark.parametrize("seed", range(12))
def test_random_two_player_games(seed: int) -> None:
    rng = np.random.default_rng(seed)
    shape = (int(rng.integers(2, 4)), int(rng.integers(2, 5)))
    game = _exact_game(rng, shape)
    li = seed % 2
    c = commitment(game, li)
    assert c.exact
    # at least every simultaneous Nash equilibrium payoff (pygambit's complete set)
    for v in _gambit_leader_payoffs(game, li):
        assert c.value >= v
    assert c.gain is not None and c.gain >= 0
    # at least the best grid commitment, and attained: the response is a best response
    assert c.value >= _brute_force(game, li, 24)
    x = c.strategy
    assert sum(x) == 1 and all(q >= 0 for q in x)
    fi = 1 - li
    t = game.strategy_index(fi, c.response[0])

    def fpay(s: int) -> F:
        return sum((x[i] * game.payoffs[(fi, *((i, s) if li == 0 else (s, i)))]
                    for i in range(game.shape[li])), F(0))
    assert all(fpay(t) >= fpay(s) for s in range(game.shape[fi]))


@pytest.mark.parametrize("seed", range(4))
def test_random_three_player_games_against_a_grid(seed: int) -> None:
    rng = np.random.default_rng(100 + seed)
    game = _exact_game(rng, (2, 2, 2))
    c = commitment(game, 0)
    assert c.exact
    assert c.value >= _brute_force(game, 0, 60)


def test_float_game_says_so() -> None:
    g = Game.from_arrays([[2.0, 4.0], [1.0, 3.0]], [[1.0, 0.0], [0.0, 1.0]])
    c = commitment(g, 0)
    assert not c.exact and "floating-point" in c.note
    assert c.value == pytest.approx(3.5)


def test_errors_and_size_check(monkeypatch) -> None:
    g = Game.from_arrays([[2, 4], [1, 3]], [[1, 0], [0, 1]], players=["L", "F"])
    with pytest.raises(GameError, match="unknown leader 'l'"):
        commitment(g, "l")
    monkeypatch.setattr(leadership, "MAX_COMMITMENT_LPS", 1)
    with pytest.raises(GameTooLarge, match="2 pure profiles"):
        commitment(g, "L")


def test_result_protocol() -> None:
    import json

    g = Game.from_arrays([[2, 4], [1, 3]], [[1, 0], [0, 1]], players=["L", "F"])
    c = commitment(g, "L")
    d = c.to_dict()
    json.dumps(d)
    assert d["value"] == "7/2" and d["value_of_commitment"] == "3/2"
    assert "\n" not in c.describe() and "commits to 1/2" in c.describe()
