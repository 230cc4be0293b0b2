"""Exact vertex enumeration by lexicographic pivoting (treaty.nash._reverse): hand-derived
polytopes, degenerate ones, and an independent brute-force oracle (every basis solved with
Fractions)."""

from __future__ import annotations

import itertools
from fractions import Fraction

import numpy as np
import pytest

from treaty.nash._reverse import enumerate_vertices

F = Fraction


def vertex_set(rows, rhs) -> set:
    return {tuple(F(v, den) for v in num) for num, den, _z, _t in enumerate_vertices(rows, rhs)}


def brute_force(rows, rhs) -> set:
    """All vertices of {z >= 0, rows z <= rhs}: every choice of d tight constraints solved with
    Fractions (Cramer-free Gaussian elimination), kept when feasible."""
    d = len(rows[0])
    cons = [([F(int(i == j)) for j in range(d)], F(0)) for i in range(d)]
    cons += [([F(v) for v in r], F(b)) for r, b in zip(rows, rhs)]
    out = set()
    for pick in itertools.combinations(cons, d):
        M = [list(a) + [b] for a, b in pick]
        ok = True
        for c in range(d):
            p = next((r for r in range(c, d) if M[r][c] != 0), None)
            if p is None:
                ok = False
                break
            M[c], M[p] = M[p], M[c]
            for r in range(d):
                if r != c and M[r][c] != 0:
                    f = M[r][c] / M[c][c]
                    M[r] = [x - f * y for x, y in zip(M[r], M[c])]
        if not ok:
            continue
        z = tuple(M[i][d] / M[i][i] for i in range(d))
        if min(z) >= 0 and all(sum(a * x for a, x in zip(r, z)) <= b for r, b in zip(rows, rhs)):
            out.add(z)
    return out


def test_cube():
    rows = [[1, 0, 0], [0, 1, 0], [0, 0, 1]]
    assert vertex_set(rows, [1, 1, 1]) == set(itertools.product([F(0), F(1)], repeat=3))


def test_square_pyramid_degenerate_apex():
    # z >= 0, z1 + z3 <= 1, z2 + z3 <= 1: a pyramid over the unit square with apex (0, 0, 1),
    # where four constraints meet in dimension 3
    rows = [[1, 0, 1], [0, 1, 1]]
    V = enumerate_vertices(rows, [1, 1])
    assert {tuple(F(v, den) for v in num) for num, den, _, _ in V} == {
        (0, 0, 0), (1, 0, 0), (0, 1, 0), (1, 1, 0), (0, 0, 1)}
    apex = next(v for v in V if v[0] == (0, 0, v[1]))
    assert apex[2] == 0b011 and apex[3] == 0b11  # z1 = z2 = 0 and both rows tight


def test_redundant_constraints_through_a_vertex():
    # the triangle z1 + z2 <= 1 with z1 <= 1 and 2 z1 + z2 <= 2 both tight at (1, 0)
    assert vertex_set([[1, 1], [1, 0], [2, 1]], [1, 1, 2]) == {(0, 0), (1, 0), (0, 1)}


def test_each_vertex_once_with_exact_masks():
    rows, rhs = [[2, 1], [1, 2]], [2, 2]
    V = enumerate_vertices(rows, rhs)
    assert len(V) == 4
    for num, den, zm, tm in V:
        z = [F(v, den) for v in num]
        assert zm == sum(1 << i for i in range(2) if z[i] == 0)
        assert tm == sum(1 << r for r in range(2)
                         if sum(a * x for a, x in zip(rows[r], z)) == rhs[r])


@pytest.mark.parametrize("seed", range(8))
def test_random_degenerate_polytopes_match_brute_force(seed):
    rng = np.random.default_rng(seed)
    d, k = int(rng.integers(2, 5)), int(rng.integers(2, 6))
    rows = rng.integers(1, 4, (k, d)).tolist()  # small entries: many ties
    rhs = rng.integers(1, 4, k).tolist()
    assert vertex_set(rows, rhs) == brute_force(rows, rhs)


def test_all_ones_game_polytope():
    # {z >= 0, z1 + ... + z4 <= 1} written five times: one simplex, every nonzero vertex
    # degenerate in the extreme (each of the 5 rows tight)
    rows = [[1, 1, 1, 1]] * 5
    V = enumerate_vertices(rows, [1] * 5)
    assert len(V) == 5
    assert all(tm in (0, 0b11111) for _n, _d, _z, tm in V)
