"""Issue 8: random integer 13x13 to 15x15 games (payoffs uniform in [-50, 50]) used to end in
"too close to degenerate for floating-point vertex enumeration ... round the payoffs"; they
now get every extreme equilibrium exactly (the exact lexicographic-pivoting route where cdd's
float output is ambiguous, or without cdd), equal to pygambit's exact enummixed."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest

from treaty.nash import _vertex
from treaty.nash._regret import regrets
from treaty.nash._vertex import extreme_equilibria


def game(n: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """The games of benchmarks/bench_midsize.py."""
    rng = np.random.default_rng(seed)
    return rng.integers(-50, 51, (n, n)), rng.integers(-50, 51, (n, n))


def gambit_set(gbt, A: np.ndarray, B: np.ndarray) -> set:
    g = gbt.Game.from_arrays(A, B)
    res = gbt.nash.enummixed_solve(g, rational=True)
    return {tuple(tuple(Fraction(eq[s]) for s in p.strategies) for p in g.players)
            for eq in res.equilibria}


def brute_pure(A: np.ndarray, B: np.ndarray) -> set:
    m, n = A.shape
    out = set()
    for i in range(m):
        for j in range(n):
            if A[i, j] == A[:, j].max() and B[i, j] == B[i, :].max():
                out.add((tuple(Fraction(int(k == i)) for k in range(m)),
                         tuple(Fraction(int(k == j)) for k in range(n))))
    return out


@pytest.mark.slow
@pytest.mark.parametrize("cdd", ["1", "0"])
def test_13x13_integer_game_is_answered_exactly(cdd, monkeypatch):
    """The finding: this game made the float route ambiguous and the old code refuse it."""
    monkeypatch.setenv(_vertex.CDD_ENV, cdd)
    A, B = game(13, 1)
    res = extreme_equilibria(A, B, exact=True)
    assert res.enumeration == _vertex.Enumeration.EXACT  # cdd's output is ambiguous here
    eqs = set(res.equilibria)
    assert brute_pure(A, B) <= eqs and len(eqs) == len(res.equilibria) > 0
    payoffs = np.stack([A, B]).astype(object)
    assert all(r == 0 for x, y in eqs for r in regrets(payoffs, [x, y]))


@pytest.mark.slow
def test_13x13_integer_game_matches_gambit_enummixed(gambit, monkeypatch):
    """pygambit's exact enummixed as oracle (about 6 minutes for this game here)."""
    monkeypatch.setenv(_vertex.CDD_ENV, "0")
    A, B = game(13, 0)
    assert set(extreme_equilibria(A, B, exact=True).equilibria) == gambit_set(gambit, A, B)
