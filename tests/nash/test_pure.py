"""Pure-strategy equilibria of N-player games against pygambit's enumpure_solve."""

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import treaty
from treaty.nash._pure import pure_equilibrium_mask


def _gambit_pure(gbt, arrays):
    g = gbt.Game.from_arrays(*[a.astype(object) for a in arrays])
    res = gbt.nash.enumpure_solve(g).equilibria
    out = set()
    for eq in res:
        out.add(tuple(next(k for k, s in enumerate(p.strategies) if eq[s] == 1) for p in g.players))
    return out


@pytest.mark.parametrize("seed", range(40))
def test_matches_gambit(gambit, seed):
    rng = np.random.default_rng(seed)
    n = 2 + seed % 3
    shape = tuple(rng.integers(1, 5, size=n))
    arrays = [rng.integers(-2, 3, size=shape) for _ in range(n)]  # many ties
    game = treaty.Game.from_arrays(*arrays)
    ours = {tuple(int(np.argmax(s)) for s in e.strategies) for e in treaty.pure_equilibria(game)}
    assert ours == _gambit_pure(gambit, arrays)


def test_textbook():
    pd = treaty.Game.from_arrays([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    assert [e.describe() for e in treaty.pure_equilibria(pd)] == ["Player 1: 2; Player 2: 2"]
    coord = treaty.Game.from_arrays([[1, 0], [0, 1]], [[1, 0], [0, 1]])
    assert len(treaty.pure_equilibria(coord)) == 2
    mp = treaty.Game.from_arrays([[1, -1], [-1, 1]], [[-1, 1], [1, -1]])
    assert len(treaty.pure_equilibria(mp)) == 0


@given(st.integers(2, 4), st.data())
def test_mask_definition(n, data):
    shape = tuple(data.draw(st.lists(st.integers(1, 3), min_size=n, max_size=n)))
    pay = np.array(data.draw(st.lists(st.fractions(min_value=-3, max_value=3, max_denominator=3),
                                      min_size=n * int(np.prod(shape)),
                                      max_size=n * int(np.prod(shape)))),
                   dtype=object).reshape((n, *shape))
    mask = pure_equilibrium_mask(pay)
    for prof in np.ndindex(*shape):
        stable = all(pay[(i, *prof)] >= pay[(i, *prof[:i], k, *prof[i + 1:])]
                     for i in range(n) for k in range(shape[i]))
        assert bool(mask[prof]) == stable
    game = treaty.Game(pay)
    for e in treaty.pure_equilibria(game):
        assert e.regret == 0 and isinstance(e.regret, Fraction)


def test_equilibria_of_one_game_are_computed_once() -> None:
    import gc

    import treaty
    from treaty.nash import _MEMO

    g = treaty.Game.from_arrays([[2, 0], [0, 1]], [[1, 0], [0, 2]])
    first = treaty.equilibria(g)
    assert treaty.equilibria(g) is first                         # kept while the game lives
    assert treaty.equilibria(g, method="pure") is not first      # per method
    same_payoffs = treaty.Game.from_arrays([[2, 0], [0, 1]], [[1, 0], [0, 2]])
    assert treaty.equilibria(same_payoffs) is not first          # per game object
    n = len(_MEMO)
    del g, first, same_payoffs
    gc.collect()
    assert len(_MEMO) < n                                        # dropped with the game
