"""Exact linear algebra over the rationals: square solves, independent-row solves, RREF, kernels.

The one exact linear solver of the engine, used by vertex enumeration (exact vertices and the
basis-enumeration fallback), the zero-sum support solution and threshold interpolation.
Inputs and outputs are :class:`~fractions.Fraction` and ``int``; the work is done by FLINT
(``fmpz_mat`` / ``fmpq_mat`` through python-flint) or, on the ``"fraction"`` backend
(:mod:`treaty._exact._backend`), by the pure-Python algorithms below.

Sources: fraction-free Gaussian elimination, E. H. Bareiss, "Sylvester's identity and
multistep integer-preserving Gaussian elimination", Mathematics of Computation 22 (1968)
565-578; Gauss-Jordan elimination to reduced row echelon form and the kernel basis read off
its free columns, e.g. G. Strang, *Introduction to Linear Algebra* (5th ed., 2016), 3.2.
FLINT's ``fmpq_mat_rref`` and ``fmpz_mat_solve`` are exact (fraction-free and multimodular
algorithms, https://flintlib.org/doc/fmpz_mat.html).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from fractions import Fraction
from typing import Any

from . import _backend

__all__ = [
    "solve",
    "solve_integer",
    "solve_independent",
    "rref",
    "nullspace",
    "nullspace_vector",
]

Number = Any  # Fraction or int (numpy integers accepted)


# --------------------------------------------------------------------------------------------
# conversions at the flint boundary

def _q(v: Number) -> Any:
    return _backend.flint.fmpq(int(v.numerator), int(v.denominator))


def _frac(q: Any) -> Fraction:
    return Fraction(int(q.p), int(q.q))


def _fmpq_mat(rows: Sequence[Sequence[Number]], ncols: int) -> Any:
    return _backend.flint.fmpq_mat(len(rows), ncols, [_q(v) for r in rows for v in r])


def _pivots(R: Any, rank: int, ncols: int) -> list[int]:
    """Pivot columns of a matrix in reduced row echelon form (flint ``rref`` output)."""
    out: list[int] = []
    c = 0
    for r in range(rank):
        while R[r, c] == 0:
            c += 1
        out.append(c)
        c += 1
    return out


# --------------------------------------------------------------------------------------------
# square systems

def solve_integer(a: Sequence[Sequence[int]], b: Sequence[int]) -> tuple[list[int], int] | None:
    """Exact solution ``num / den`` of the square integer system ``a z = b``.

    Returns ``(num, den)`` with integers ``num`` and ``den > 0`` such that ``z = num / den``,
    or None when ``a`` is singular.  The integer form lets callers test equalities such as
    ``row . z == rhs`` without fractions (``row . num == rhs * den``).

    >>> solve_integer([[2, 1], [1, 3]], [3, 5])      # z = (4/5, 7/5)
    ([4, 7], 5)
    >>> solve_integer([[1, 2], [2, 4]], [1, 1]) is None
    True
    """
    n = len(a)
    if n == 0:
        return [], 1
    if _backend.backend() == "flint":
        fl = _backend.flint
        try:
            X = fl.fmpz_mat(n, n, [int(v) for r in a for v in r]).solve(
                fl.fmpz_mat(n, 1, [int(v) for v in b]))
        except ZeroDivisionError:
            return None
        N, den = X.numer_denom()
        num, d = [int(v) for v in N.entries()], int(den)
        if d < 0:  # pragma: no cover - flint returns a positive denominator
            num, d = [-v for v in num], -d
        return num, d
    return _bareiss_solve([[int(v) for v in r] for r in a], [int(v) for v in b])


def _bareiss_solve(a: list[list[int]], b: list[int]) -> tuple[list[int], int] | None:
    """Fraction-free Gaussian elimination (Bareiss 1968): every division is exact, so all
    intermediate numbers stay integers (minors of the augmented matrix)."""
    n = len(a)
    M = [list(row) + [bi] for row, bi in zip(a, b, strict=True)]
    prev = 1
    for k in range(n):
        p = next((i for i in range(k, n) if M[i][k] != 0), None)
        if p is None:
            return None
        if p != k:
            M[k], M[p] = M[p], M[k]
        rk = M[k]
        piv = rk[k]
        for i in range(k + 1, n):
            ri = M[i]
            f = ri[k]
            for j in range(k + 1, n + 1):
                ri[j] = (ri[j] * piv - f * rk[j]) // prev
            ri[k] = 0
        prev = piv
    det = M[n - 1][n - 1]  # the determinant up to sign; back-substitute over the integers
    num = [0] * n
    for i in range(n - 1, -1, -1):
        # M[i][i] * z_i = M[i][n] - sum_j M[i][j] z_j, with z_j = num_j / det
        acc = M[i][n] * det - sum(M[i][j] * num[j] for j in range(i + 1, n))
        num[i] = acc // M[i][i]  # exact: Cramer's rule makes det * z_i an integer
    if det < 0:
        num, det = [-v for v in num], -det
    return num, det


def solve(a: Sequence[Sequence[Number]], b: Sequence[Number]) -> list[Fraction] | None:
    """Exact solution of the square rational system ``a z = b``; None when ``a`` is singular.

    >>> solve([[Fraction(1, 2), 1], [1, -1]], [2, Fraction(1, 2)])
    [Fraction(5, 3), Fraction(7, 6)]
    """
    n = len(a)
    if _backend.backend() == "flint":
        try:
            X = _fmpq_mat(a, n).solve(_fmpq_mat([[v] for v in b], 1))
        except ZeroDivisionError:
            return None
        return [_frac(v) for v in X.entries()]
    return solve_independent(zip(a, b, strict=True), n) if n else []


# --------------------------------------------------------------------------------------------
# the first d independent equations of a stream

def solve_independent(rows: Iterable[tuple[Sequence[Number], Number]], d: int
                      ) -> list[Fraction] | None:
    """Exact solution of the first *d* linearly independent equations among *rows*.

    *rows* holds ``(coefficients, rhs)`` pairs with *d* coefficients each.  Equations are
    taken in the given order and those whose coefficients depend on earlier ones are skipped
    (whatever their right-hand side), so the result solves a square nonsingular subsystem:
    with rows ordered by how nearly tight they are at a float point, it is the vertex
    defined by the tightest independent constraints.  None when fewer than *d* independent
    equations exist.

    >>> solve_independent([([1, 1], 2), ([2, 2], 5), ([1, -1], 0)], 2)
    [Fraction(1, 1), Fraction(1, 1)]
    """
    if _backend.backend() == "flint":
        rows = list(rows)
        if not rows or d == 0:
            return [] if d == 0 else None
        A = _fmpq_mat([c for c, _ in rows], d)
        # pivot columns of rref(A^T) = the first independent rows of A, in order
        R, rank = A.transpose().rref()
        if rank < d:
            return None
        take = _pivots(R, rank, len(rows))
        sub = _backend.flint.fmpq_mat(d, d, [A[i, j] for i in take for j in range(d)])
        rhs = _fmpq_mat([[rows[i][1]] for i in take], 1)
        return [_frac(v) for v in sub.solve(rhs).entries()]
    return _solve_independent_fraction(rows, d)


def _solve_independent_fraction(rows: Iterable[tuple[Sequence[Number], Number]], d: int
                                ) -> list[Fraction] | None:
    """Incremental Gauss-Jordan elimination in Fractions (stops at the *d*-th pivot)."""
    if d == 0:
        return []
    pivots: list[tuple[int, list[Fraction], Fraction]] = []  # (column, row normalised, rhs)
    for coeffs, rhs in rows:
        r = [Fraction(v) for v in coeffs]
        b = Fraction(rhs)
        for pcol, prow, pb in pivots:
            f = r[pcol]
            if f:
                for t in range(d):
                    if prow[t]:
                        r[t] -= f * prow[t]
                b -= f * pb
        col = next((t for t in range(d) if r[t] != 0), None)
        if col is None:
            continue
        inv = 1 / r[col]
        r = [v * inv for v in r]
        b = b * inv
        new_pivots = []
        for pc, prow, pb in pivots:  # keep the pivot rows reduced in the new column
            f = prow[col]
            if f:
                prow = [prow[t] - f * r[t] for t in range(d)]
                pb = pb - f * b
            new_pivots.append((pc, prow, pb))
        new_pivots.append((col, r, b))
        pivots = new_pivots
        if len(pivots) == d:
            z = [Fraction(0)] * d
            for pc, _prow, pb in pivots:
                z[pc] = pb
            return z
    return None


# --------------------------------------------------------------------------------------------
# reduced row echelon form and kernels

def rref(rows: Sequence[Sequence[Number]], ncols: int) -> tuple[list[list[Fraction]], list[int]]:
    """Reduced row echelon form of *rows* (``ncols`` columns) and its pivot columns.

    Returns the non-zero rows of the RREF (one per pivot) and the pivot columns, increasing.

    >>> R, piv = rref([[1, 2, 3], [2, 4, 7]], 3)
    >>> [[str(v) for v in r] for r in R], piv
    ([['1', '2', '0'], ['0', '0', '1']], [0, 2])
    """
    if not rows or ncols == 0:
        return [], []
    if _backend.backend() == "flint":
        R, rank = _fmpq_mat(rows, ncols).rref()
        piv = _pivots(R, rank, ncols)
        return [[_frac(R[r, c]) for c in range(ncols)] for r in range(rank)], piv
    return _rref_fraction(rows, ncols)


def _rref_fraction(rows: Sequence[Sequence[Number]], ncols: int
                   ) -> tuple[list[list[Fraction]], list[int]]:
    m = [[Fraction(v) for v in r] for r in rows]
    pivots: list[int] = []
    r = 0
    for c in range(ncols):
        piv = next((k for k in range(r, len(m)) if m[k][c] != 0), None)
        if piv is None:
            continue
        m[r], m[piv] = m[piv], m[r]
        inv = 1 / m[r][c]
        m[r] = [x * inv for x in m[r]]
        for k in range(len(m)):
            if k != r and m[k][c] != 0:
                f = m[k][c]
                m[k] = [x - f * y for x, y in zip(m[k], m[r], strict=True)]
        pivots.append(c)
        r += 1
        if r == len(m):
            break
    return m[:r], pivots


def nullspace(rows: Sequence[Sequence[Number]], ncols: int) -> list[list[Fraction]]:
    """A basis of the kernel ``{z : rows @ z == 0}``, one vector per free column of the RREF.

    The vector of free column ``f`` has ``z[f] = 1``, zeros at the other free columns and
    ``z[p_k] = -R[k][f]`` at the pivot columns; these are independent, and their number is
    ``ncols - rank``.

    >>> [[str(v) for v in z] for z in nullspace([[1, 2, 3]], 3)]
    [['-2', '1', '0'], ['-3', '0', '1']]
    """
    R, piv = rref(rows, ncols)
    pset = set(piv)
    return [_kernel_vector(R, piv, f, ncols) for f in range(ncols) if f not in pset]


def _kernel_vector(R: list[list[Fraction]], piv: list[int], f: int, ncols: int) -> list[Fraction]:
    z = [Fraction(0)] * ncols
    z[f] = Fraction(1)
    for k, c in enumerate(piv):
        z[c] = -R[k][f]
    return z


def nullspace_vector(rows: Sequence[Sequence[Number]], ncols: int) -> list[Fraction] | None:
    """One non-zero kernel vector (that of the last free column), or None if the kernel is {0}.

    >>> nullspace_vector([[1, 1], [1, -1]], 2) is None
    True
    >>> [str(v) for v in nullspace_vector([[1, 1, 0], [0, 1, -1]], 3)]
    ['-1', '1', '1']
    """
    R, piv = rref(rows, ncols)
    pset = set(piv)
    free = [c for c in range(ncols) if c not in pset]
    return _kernel_vector(R, piv, free[-1], ncols) if free else None
