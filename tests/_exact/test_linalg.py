"""Exact linear solves: hand-derived systems, substitution checks, singular systems, kernels."""

import random
from fractions import Fraction as F

import pytest

from treaty._exact import linalg
from treaty._exact._backend import use_backend


def matvec(a, z):
    return [sum((F(x) * y for x, y in zip(row, z)), F(0)) for row in a]


def test_two_by_two_by_cramer(backend):
    # det = 2*3 - 1*1 = 5; z1 = (3*3 - 1*5)/5, z2 = (2*5 - 1*3)/5
    assert linalg.solve([[2, 1], [1, 3]], [3, 5]) == [F(4, 5), F(7, 5)]
    assert linalg.solve_integer([[2, 1], [1, 3]], [3, 5]) == ([4, 7], 5)


def test_hilbert_three():
    # H3^-1 = [[9, -36, 30], [-36, 192, -180], [30, -180, 180]]; H3 z = 1 gives its row sums
    h = [[F(1, i + j + 1) for j in range(3)] for i in range(3)]
    for name in ("flint", "fraction"):
        with use_backend(name):
            assert linalg.solve(h, [1, 1, 1]) == [3, -24, 30]


def test_singular_systems(backend):
    assert linalg.solve([[1, 2], [2, 4]], [1, 2]) is None
    assert linalg.solve_integer([[1, 2], [2, 4]], [1, 2]) is None
    assert linalg.solve_integer([[0, 0], [0, 0]], [0, 0]) is None
    assert linalg.solve([[F(1, 3), F(1, 6)], [F(2, 3), F(1, 3)]], [0, 1]) is None


@pytest.mark.parametrize("n", [1, 2, 5, 10, 15])
def test_random_systems_by_substitution(backend, n):
    rng = random.Random(n)
    for _ in range(5):
        a = [[rng.randint(-1000, 1000) for _ in range(n)] for _ in range(n)]
        b = [rng.randint(-1000, 1000) for _ in range(n)]
        r = linalg.solve_integer(a, b)
        assert r is not None  # random integer matrices of this size are nonsingular a.s.
        num, den = r
        assert den > 0
        assert [sum(x * y for x, y in zip(row, num)) for row in a] == [v * den for v in b]
        q = [[F(v, rng.randint(1, 50)) for v in row] for row in a]
        z = linalg.solve(q, b)
        assert matvec(q, z) == b


def test_solve_independent_skips_dependent_rows(backend):
    rows = [([1, 1, 0], 1), ([2, 2, 0], 7), ([0, 1, 1], 2), ([1, 2, 1], 0), ([1, 0, 0], F(1, 2))]
    # rows 0, 2 and 4 are the first independent ones (row 1 = 2 row 0, row 3 = row 0 + row 2)
    z = linalg.solve_independent(rows, 3)
    assert z == [F(1, 2), F(1, 2), F(3, 2)]
    assert linalg.solve_independent(rows[:4], 3) is None  # rank 2
    assert linalg.solve_independent(iter([]), 0) == []


def test_rref_and_kernel_dimension(backend):
    a = [[5 * i + j + 1 for j in range(5)] for i in range(3)]  # rank 2 (arithmetic rows)
    R, piv = linalg.rref(a, 5)
    assert piv == [0, 1]
    assert R == [[1, 0, -1, -2, -3], [0, 1, 2, 3, 4]]
    basis = linalg.nullspace(a, 5)
    assert len(basis) == 3
    for z in basis:
        assert matvec(a, z) == [0, 0, 0]
    _, piv_b = linalg.rref(basis, 5)
    assert len(piv_b) == 3  # independent
    assert linalg.nullspace([[1, 0], [0, 1]], 2) == []
    assert linalg.nullspace_vector([[1, 0], [0, 1]], 2) is None


def test_kernel_of_interpolation_system(backend):
    # y = (1 + x) / (2 - x) sampled at 2d + 1 = 5 points (d = 2): the kernel vector holds the
    # numerator and denominator coefficients up to a common factor
    d = 2
    rows = []
    for x in (F(0), F(1, 2), F(-1), F(3), F(1, 3)):
        y = (1 + x) / (2 - x)
        p = [x**k for k in range(d + 1)]
        rows.append(p + [-y * t for t in p])
    z = linalg.nullspace_vector(rows, 2 * d + 2)
    num, den = z[: d + 1], z[d + 1:]
    for x in (F(5), F(-7, 3)):
        nv = sum(c * x**k for k, c in enumerate(num))
        dv = sum(c * x**k for k, c in enumerate(den))
        assert nv / dv == (1 + x) / (2 - x)


def test_backends_agree_on_random_rational_systems():
    rng = random.Random(7)
    for n in (3, 8, 12):
        a = [[F(rng.randint(-9, 9), rng.randint(1, 9)) for _ in range(n)] for _ in range(n + 4)]
        rows = [(r, F(rng.randint(-5, 5))) for r in a]
        out = {}
        for name in ("flint", "fraction"):
            with use_backend(name):
                out[name] = (linalg.solve_independent(rows, n), linalg.rref(a, n),
                             linalg.nullspace([r[:n] + [F(1)] for r in a[:n - 1]], n + 1))
        assert out["flint"] == out["fraction"]


def test_unknown_backend():
    with pytest.raises(ValueError, match="unknown backend"):
        with use_backend("gmpy"):
            pass
