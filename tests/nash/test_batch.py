"""The batched solver for small bimatrix games: the same equilibrium sets as treaty.equilibria
(vertex enumeration, one game at a time) and as pygambit's enummixed_solve, degenerate games
included."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest

from treaty import Game, equilibria
from treaty.errors import GameError
from treaty.nash import batch_equilibria
from treaty.nash._batch import BATCH_MAX_SIZE


def _rounded(eqs) -> list:
    return sorted((tuple(round(float(p), 9) + 0.0 for p in x), tuple(round(float(p), 9) + 0.0 for p in y))
                  for x, y in eqs)


def _reference(A: np.ndarray, B: np.ndarray) -> list[tuple]:
    return [tuple(sorted(e.strategies for e in equilibria(Game.from_arrays(a, b))))
            for a, b in zip(A, B)]


@pytest.mark.parametrize("shape", [(1, 1), (1, 3), (2, 2), (2, 3), (3, 2), (3, 3), (2, 4),
                                   (4, 3)])
def test_matches_equilibria_on_degenerate_games(shape: tuple[int, int]) -> None:
    # payoffs in {-1, 0, 1}: most of these games are degenerate (ties everywhere)
    rng = np.random.default_rng(sum(shape))
    A = rng.integers(-1, 2, (150, *shape))
    B = rng.integers(-1, 2, (150, *shape))
    got = batch_equilibria(A, B, exact=True)
    assert got == _reference(A, B)
    assert all(isinstance(p, Fraction) for eqs in got for x, y in eqs for p in x + y)


@pytest.mark.slow
@pytest.mark.parametrize("shape", [(2, 2), (2, 3), (3, 3), (4, 4)])
def test_matches_equilibria_thousands(shape: tuple[int, int]) -> None:
    rng = np.random.default_rng(7)
    for lo, hi in [(-1, 1), (-5, 5), (0, 2)]:
        A = rng.integers(lo, hi + 1, (1000, *shape))
        B = rng.integers(lo, hi + 1, (1000, *shape))
        assert batch_equilibria(A, B) == _reference(A, B)


def test_matches_gambit(gambit) -> None:
    rng = np.random.default_rng(3)
    for shape in [(2, 2), (2, 3), (3, 3)]:
        A = rng.integers(-2, 3, (100, *shape))
        B = rng.integers(-2, 3, (100, *shape))
        for a, b, eqs in zip(A, B, batch_equilibria(A, B)):
            g = gambit.Game.from_arrays(a.tolist(), b.tolist())
            res = gambit.nash.enummixed_solve(g, rational=True)
            theirs = {tuple(tuple(Fraction(eq[s]) for s in p.strategies) for p in g.players)
                      for eq in res.equilibria}
            assert set(eqs) == theirs


def test_known_games() -> None:
    F = Fraction
    # matching pennies: the unique equilibrium is uniform
    A = np.array([[[1, -1], [-1, 1]]])
    assert batch_equilibria(A, -A) == [(((F(1, 2), F(1, 2)), (F(1, 2), F(1, 2))),)]
    # all-zero game: every profile is an equilibrium; the extreme ones are the 4 pure profiles
    Z = np.zeros((1, 2, 2), dtype=int)
    assert batch_equilibria(Z, Z) == [tuple(sorted(
        ((F(i == 0), F(i == 1)), (F(j == 0), F(j == 1))) for i in range(2) for j in range(2)))]


def test_rational_and_large_integer_payoffs() -> None:
    rng = np.random.default_rng(11)
    A = rng.integers(-3, 4, (40, 3, 3))
    B = rng.integers(-3, 4, (40, 3, 3))
    ref = _reference(A, B)
    # a positive scaling (exact rationals) and huge shifts (Python-int path) change nothing
    Ar = np.vectorize(lambda v: Fraction(int(v), 7), otypes=[object])(A)
    Br = np.vectorize(lambda v: Fraction(int(v), 3) + Fraction(1, 5), otypes=[object])(B)
    assert batch_equilibria(Ar, Br) == ref
    big = 10**30
    assert batch_equilibria(A.astype(object) * big, B.astype(object) * big + 1) == ref
    assert batch_equilibria(A * 10**5, B * 10**5) == ref  # int64 bound exceeded: object ints


def test_float_games_match_equilibria() -> None:
    rng = np.random.default_rng(5)
    for shape in [(2, 2), (2, 3), (3, 3)]:
        A = rng.integers(-2, 3, (80, *shape)) + rng.random((80, *shape)) * 0.5
        B = rng.integers(-2, 3, (80, *shape)) + rng.random((80, *shape)) * 0.5
        got = batch_equilibria(A, B)
        for a, b, eqs in zip(A, B, got):
            ref = [e.strategies for e in equilibria(Game.from_arrays(a, b))]
            assert _rounded(eqs) == _rounded(ref)
            assert all(isinstance(p, float) for x, y in eqs for p in x + y)


def test_float_degenerate_games() -> None:
    # non-integer payoffs with exact ties (degenerate), e.g. a sweep point on a boundary
    rng = np.random.default_rng(9)
    vals = np.array([0.0, 0.3, 0.7])
    A = vals[rng.integers(0, 3, (100, 3, 3))]
    B = vals[rng.integers(0, 3, (100, 3, 3))]
    ints = batch_equilibria(np.rint(A * 10).astype(int), np.rint(B * 10).astype(int))
    got = batch_equilibria(A, B)
    for eqs, ref in zip(got, ints):
        assert _rounded(eqs) == _rounded(ref)


def test_integral_floats_are_solved_exactly_then_converted() -> None:
    A = np.array([[[2.0, 0.0], [0.0, 1.0]]])
    B = np.array([[[1.0, 0.0], [0.0, 2.0]]])
    got = batch_equilibria(A, B, exact=False)
    assert got[0][1] == ((2 / 3, 1 / 3), (1 / 3, 2 / 3))
    assert batch_equilibria(A, B, exact=True)[0][1] == ((Fraction(2, 3), Fraction(1, 3)),
                                                        (Fraction(1, 3), Fraction(2, 3)))


def test_larger_games_fall_back_one_by_one() -> None:
    rng = np.random.default_rng(2)
    shape = (BATCH_MAX_SIZE + 1, 2)
    A = rng.integers(-1, 2, (5, *shape))
    B = rng.integers(-1, 2, (5, *shape))
    assert batch_equilibria(A, B) == _reference(A, B)


def test_bad_input() -> None:
    with pytest.raises(GameError, match="same shape"):
        batch_equilibria(np.zeros((2, 2)), np.zeros((2, 2)))
    with pytest.raises(GameError, match="finite"):
        batch_equilibria(np.full((1, 2, 2), np.nan), np.zeros((1, 2, 2)))
    assert batch_equilibria(np.zeros((0, 2, 2)), np.zeros((0, 2, 2))) == []
