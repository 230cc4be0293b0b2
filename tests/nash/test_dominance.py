"""Iterated elimination of strictly dominated strategies: textbook games and properties."""

from __future__ import annotations

import itertools
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from treaty._exact.numbers import to_exact_array
from treaty.nash._dominance import iterated_elimination
from treaty.nash._vertex import extreme_equilibria

F = Fraction


def bimatrix(A, B) -> np.ndarray:
    return np.stack([np.asarray(A), np.asarray(B)])


def replay_is_valid(payoffs: np.ndarray, res) -> None:
    """Check, independently and exactly, that each step is a strict dominance in the game left by
    the steps before it, and that nothing dominated (by a pure strategy) is left at the end."""
    P = to_exact_array(payoffs)
    N = P.shape[0]
    alive = [list(range(n)) for n in P.shape[1:]]
    for step in res.steps:
        i = step.player
        others = [alive[j] for j in range(N) if j != i]
        assert step.strategy in alive[i]
        if step.by_mixture:
            mix = step.dominator
            assert sum(mix) == 1 and min(mix) >= 0
            assert all(mix[k] == 0 for k in range(len(mix)) if k not in alive[i])
            assert mix[step.strategy] == 0
        else:
            assert step.dominator in alive[i] and step.dominator != step.strategy
            mix = [F(int(k == step.dominator)) for k in range(P.shape[1 + i])]
        for prof in itertools.product(*others):

            def u(s, prof=prof, i=i):
                full = list(prof)
                full.insert(i, s)
                return P[i][tuple(full)]

            assert sum(p * u(k) for k, p in enumerate(mix) if p) > u(step.strategy)
        alive[i].remove(step.strategy)
    assert tuple(tuple(a) for a in alive) == res.surviving


def test_prisoners_dilemma_one_step_each():
    A = np.array([[3, 0], [5, 1]])  # strategies (cooperate, defect)
    res = iterated_elimination(bimatrix(A, A.T), exact=True)
    assert res.surviving == ((1,), (1,))
    assert [(s.player, s.strategy, s.dominator) for s in res.steps] == [(0, 0, 1), (1, 0, 1)]
    assert all(not s.by_mixture for s in res.steps)
    assert res.exact


def test_dominated_only_by_a_mixture():
    # rows (3,0), (0,3), (1,1): the last is beaten by neither pure row, but by (1/2, 1/2): 3/2 > 1
    A = np.array([[3, 0], [0, 3], [1, 1]])
    payoffs = bimatrix(A, np.zeros_like(A))
    pure_only = iterated_elimination(payoffs, mixed=False, exact=True)
    assert pure_only.surviving == ((0, 1, 2), (0, 1)) and pure_only.steps == ()
    res = iterated_elimination(payoffs, exact=True)
    assert res.surviving == ((0, 1), (0, 1))
    (step,) = res.steps
    assert step.player == 0 and step.strategy == 2 and step.by_mixture
    assert all(isinstance(p, Fraction) for p in step.dominator)
    sigma = step.dominator
    # any mixture with 3 s0 > 1 and 3 s1 > 1 dominates; check the one returned exactly
    assert 3 * sigma[0] > 1 and 3 * sigma[1] > 1 and sigma[2] == 0
    replay_is_valid(payoffs, res)
    fl = iterated_elimination(payoffs.astype(float), exact=False)
    assert fl.surviving == res.surviving and not fl.exact


def test_gibbons_iterated_example():
    # Gibbons (1992), Game Theory for Applied Economists, section 1.1.B:
    #            Left   Middle  Right
    #   Up       1,0    1,2     0,1
    #   Down     0,3    0,1     2,0
    # Right is dominated by Middle; then Down by Up; then Left by Middle: (Up, Middle) remains.
    A = np.array([[1, 1, 0], [0, 0, 2]])
    B = np.array([[0, 2, 1], [3, 1, 0]])
    res = iterated_elimination(bimatrix(A, B), exact=True)
    assert res.surviving == ((0,), (1,))
    assert [(s.player, s.strategy, s.dominator) for s in res.steps] == [
        (1, 2, 1),
        (0, 1, 0),
        (1, 0, 1),
    ]
    assert [s.round for s in res.steps] == sorted(s.round for s in res.steps)
    # the same game with the players swapped
    swapped = iterated_elimination(bimatrix(B.T, A.T), exact=True)
    assert swapped.surviving == ((1,), (0,))


def test_order_matters_for_weak_dominance_but_not_strict():
    #        L     R
    #   T   1,1   0,0
    #   M   1,1   2,1
    #   B   0,0   2,1
    # M weakly dominates T and B.  Removing T first leads (weakly) to payoffs (2, 1), removing
    # B first to (1, 1): weak dominance depends on the order.  Nothing is *strictly* dominated,
    # so strict elimination, whose result is order independent, removes nothing.
    A = np.array([[1, 0], [1, 2], [0, 2]])
    B = np.array([[1, 0], [1, 1], [0, 1]])
    res = iterated_elimination(bimatrix(A, B), exact=True)
    assert res.surviving == ((0, 1, 2), (0, 1)) and res.steps == ()


def test_three_players():
    # player 3's second strategy pays 1 less everywhere; after it goes, player 1's first strategy
    # is dominated (it only paid off against player 3's second strategy)
    rng = np.random.default_rng(3)
    P = rng.integers(0, 3, (3, 2, 2, 2)).astype(object)
    P[2][:, :, 0] = P[2][:, :, 1] + 1
    P[0][0, :, 0] = P[0][1, :, 0] - 1
    P[0][0, :, 1] = P[0][1, :, 1] + 5
    res = iterated_elimination(P, exact=True)
    assert (2, 1, 0) in [(s.player, s.strategy, s.dominator) for s in res.steps]
    assert (0, 0, 1) in [(s.player, s.strategy, s.dominator) for s in res.steps]
    assert res.surviving[0] == (1,) and res.surviving[2] == (0,)
    replay_is_valid(P, res)


def test_to_dict_and_errors():
    import json

    A = np.array([[3, 0], [0, 3], [1, 1]])
    d = iterated_elimination(bimatrix(A, np.zeros_like(A)), exact=True).to_dict()
    json.dumps(d)
    assert d["steps"][0]["by_mixture"] is True
    with pytest.raises(ValueError):
        iterated_elimination(np.zeros((3, 2, 2)), exact=True)


# ---------------------------------------------------------------------------------------------
# properties


def games(max_players: int = 3, max_strats: int = 4, lo: int = -3, hi: int = 3):
    def build(shape):
        size = int(np.prod(shape)) * len(shape)
        return st.lists(st.integers(lo, hi), min_size=size, max_size=size).map(
            lambda v: np.array(v, dtype=int).reshape((len(shape), *shape))
        )

    return st.integers(1, max_players).flatmap(
        lambda n: st.lists(st.integers(1, max_strats), min_size=n, max_size=n).flatmap(
            lambda shape: build(tuple(shape))
        )
    )


def pure_equilibria(P: np.ndarray) -> list[tuple[int, ...]]:
    N = P.shape[0]
    out = []
    for prof in itertools.product(*[range(n) for n in P.shape[1:]]):
        ok = True
        for i in range(N):
            alt = list(prof)
            best = max(P[i][tuple(alt[:i] + [s] + alt[i + 1 :])] for s in range(P.shape[1 + i]))
            if P[i][prof] < best:
                ok = False
                break
        if ok:
            out.append(prof)
    return out


@given(games())
def test_steps_are_valid_and_pure_equilibria_survive(P):
    res = iterated_elimination(P, exact=True)
    replay_is_valid(P, res)
    for prof in pure_equilibria(P):
        assert all(prof[i] in res.surviving[i] for i in range(P.shape[0]))
    # float mode agrees on integer games
    assert iterated_elimination(P.astype(float), exact=False).surviving == res.surviving


@given(games(2, 5))
def test_no_nash_equilibrium_is_lost(P):
    res = iterated_elimination(P, exact=True)
    if P.shape[0] != 2:
        return
    for x, y in extreme_equilibria(P[0], P[1], exact=True).equilibria:
        assert {k for k, p in enumerate(x) if p} <= set(res.surviving[0])
        assert {k for k, p in enumerate(y) if p} <= set(res.surviving[1])


@given(games(3, 4), st.randoms(use_true_random=False))
def test_result_does_not_depend_on_labelling(P, rnd):
    """Strict IESDS is order independent: relabel players' strategies and compare."""
    res = iterated_elimination(P, exact=True)
    perms = [rnd.sample(range(n), n) for n in P.shape[1:]]
    Q = P.copy()
    for i in range(P.shape[0]):
        Q = np.take(Q, perms[i], axis=1 + i)
    res_q = iterated_elimination(Q, exact=True)
    for i, perm in enumerate(perms):
        assert sorted(perm[k] for k in res_q.surviving[i]) == list(res.surviving[i])
