"""games/three_power_race.yaml: the US, China and the compute-renting region.

The equilibria are derived here from the spec's stated assumptions.  With x_i the probability
that power i keeps the pact and y the probability that the region enforces:

* the region's gain from enforcing over renting is ``b [both keep the pact] - k - r n``
  (n racing powers; the spill-over q is paid either way), so with both powers mixing
  symmetrically at x it is indifferent iff ``b x^2 - k - 2 r (1 - x) = 0``, i.e.
  ``b x^2 + 2 r x - (k + 2 r) = 0``;
* a power's gain from racing over the pact is ``x (g - c/2) + (1 - x)(s - c/2) - e y``
  (x: the other keeps the pact), so it is indifferent iff ``y = (x (g - c/2) + (1 - x)(s - c/2))/e``.

Pure: when the region enforces, the pact is dominant for a power iff ``e > g - c/2`` and
``e > s - c/2``; when it rents, racing is dominant iff ``g > c/2`` and ``s > c/2``; the region
enforces iff both keep the pact (``b > k``).  At the defaults (V, g, s, c, e, r, q, k, b) =
(10, 3, 4, 5, 3, 2, 1, 1, 2) the game has exactly three equilibria: all in the pact with the
region enforcing, all racing with the region renting, and the symmetric mixed one with
``x = sqrt(14)/2 - 1`` and ``y = (3/2 - x)/3`` (an asymmetric one is impossible: both powers
indifferent needs the same y, hence the same x).
"""

from __future__ import annotations

import math
from fractions import Fraction as F

import numpy as np
import pytest

import treaty
from treaty.nash import Method

GAME = "games/three_power_race.yaml"

needs_support = pytest.mark.skipif(not hasattr(Method, "SUPPORT"),
                                   reason="N-player mixed equilibria (method 'support') not available")


def expected(b: F, r: F, k: F, g: F = F(3), s: F = F(4), c: F = F(5), e: F = F(3)) -> tuple[float, float]:
    x = (-2 * r + math.sqrt(4 * r * r + 4 * b * (k + 2 * r))) / (2 * b)
    y = (x * (g - c / 2) + (1 - x) * (s - c / 2)) / e
    return x, float(y)


def as_floats(eq: treaty.Equilibrium) -> list[list[float]]:
    return [[float(v) for v in s] for s in eq.strategies]


def test_payoff_assumptions_give_the_stated_structure() -> None:
    game = treaty.load(GAME)
    us = game.payoffs[0]
    for cn in (0, 1):  # enforce: pact dominant; rent: race dominant (for the US; CN symmetric)
        assert us[0, cn, 0] > us[1, cn, 0]
        assert us[1, cn, 1] > us[0, cn, 1]
    region = game.payoffs[2]
    assert region[0, 0, 0] > region[0, 0, 1]  # enforces when both keep the pact
    assert all(region[a, b, 1] > region[a, b, 0] for a, b in [(0, 1), (1, 0), (1, 1)])


@needs_support
@pytest.mark.parametrize(("params", "rational"), [({}, False),
                                                  ({"b": 3, "r": 1}, False),
                                                  ({"r": 1, "k": "5/8"}, True)])
def test_every_equilibrium_found_and_certified(params: dict, rational: bool) -> None:
    game = treaty.load(GAME, params=params)
    env = {k: F(v) for k, v in game.info.parameters.items()}
    x, y = expected(env["b"], env["r"], env["k"])
    eqs = treaty.equilibria(game)
    assert eqs.complete
    want = [[[1, 0], [1, 0], [1, 0]], [[0, 1], [0, 1], [0, 1]],
            [[x, 1 - x], [x, 1 - x], [y, 1 - y]]]
    got = [as_floats(e) for e in eqs]
    assert len(got) == 3
    for w in want:
        assert any(np.allclose(g, w, atol=1e-9) for g in got), (w, got)
    mixed = next(e for e in eqs if 0 < float(e.strategies[0][0]) < 1)
    if rational:  # b x^2 + 2 r x = k + 2 r with b=2, r=1, k=5/8: x = 3/4, y = 1/4 exactly
        assert mixed.exact and mixed.strategies[0] == (F(3, 4), F(1, 4))
        assert mixed.strategies[2] == (F(1, 4), F(3, 4))
        assert all(v == 0 for v in mixed.regrets)
    else:  # irrational: floats with a certified regret bound
        assert not mixed.exact and mixed.tolerance is not None
        assert all(float(v) <= mixed.tolerance for v in mixed.regrets)
        if mixed.enclosure is not None:  # the proven boxes hold the closed form (to rounding)
            for (lo, hi), v in zip([mixed.enclosure[0][0], mixed.enclosure[1][0],
                                    mixed.enclosure[2][0]], [x, x, y]):
                assert lo - 1e-12 <= v <= hi + 1e-12 and hi - lo < 1e-6


@needs_support
def test_everything_pygambit_finds_is_found(gambit) -> None:
    game = treaty.load(GAME)
    # payoffs doubled (a positive scaling keeps the equilibria) to make them integers
    arrays = [np.asarray(game.payoffs[i] * 2, dtype=object).astype(int) for i in range(3)]
    g = gambit.Game.from_arrays(*arrays)
    ours = [as_floats(e) for e in treaty.equilibria(game)]
    theirs = []
    for solve in (gambit.nash.enumpoly_solve, gambit.nash.gnm_solve, gambit.nash.logit_solve):
        for e in solve(g).equilibria:
            theirs.append([[float(e[p][s]) for s in p.strategies] for p in g.players])
    assert theirs
    for t in theirs:
        assert any(np.allclose(o, t, atol=1e-5) for o in ours), (t, ours)
