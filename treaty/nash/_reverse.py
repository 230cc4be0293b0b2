"""Exact vertex enumeration of the best-response polytopes by lexicographic pivoting.

The polytopes here are ``{z >= 0, M z <= b}`` with ``M`` a positive integer matrix and ``b > 0``
(the best-response polytopes of a bimatrix game after a positive shift of the payoffs, rows
scaled to integers).  Their vertices are found by a depth-first search over the
*lexicographically feasible bases*, with integer (fraction-free) pivoting, so the result is
exact and complete for degenerate polytopes.

Sources: D. Avis and K. Fukuda, "A pivoting algorithm for convex hulls and vertex enumeration
of arrangements and polyhedra", Discrete Comput. Geom. 8 (1992) 295-313, and D. Avis, "lrs: a
revised implementation of the reverse search vertex enumeration algorithm" (2000): the
lexicographic ratio test, under which the lexicographically feasible bases are the vertices of
a simple perturbed polytope ``{z >= 0, M z <= b + (eps, eps^2, ...)}``; its graph is connected
and each vertex of the original polytope is the image of at least one of its vertices.
Integer pivoting: J. Edmonds, "Systems of distinct representatives and linear algebra", J.
Res. NBS 71B (1967); the tableau kept as ``|det B| * B^{-1} [b | M | I]`` as in lrs and in B.
von Stengel, "Equilibrium computation for two-player games in strategic and extensive form",
ch. 3 of Nisan et al. (2007), Algorithmic Game Theory, section 3.5.  Used for Nash equilibria
as in lrsNash: Avis, Rosenberg, Savani and von Stengel (2010), Economic Theory 42.

Where lrs's reverse search finds each basis's parent by a pivot rule to avoid storing the
visited bases, this search stores them (a set of bit masks, small next to the tableau work) and
walks the perturbed polytope's graph depth first, pivoting back on the way up; every pivot is
on a positive entry chosen by the lexicographic ratio test, so the determinant stays positive
and every division is exact.  The pivots are vectorised over numpy object arrays of Python
integers; the ratio tests run in floating point and are settled exactly whenever two ratios
are within a relative ``1e-9`` of each other (a float ratio of two integers is correct to
about ``1e-16``, so no tie is missed).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

__all__ = ["Vertex", "enumerate_vertices", "lex_min_row", "pivot"]

#: An exact vertex: (numerators, common denominator > 0, zero-coordinate mask, tight-row mask).
Vertex = tuple[tuple[int, ...], int, int, int]

_TIE = 1e-9


def pivot(T: np.ndarray, r: int, c: int, D: int) -> np.ndarray:
    """Integer pivot of the tableau *T* (object array) on the positive entry ``T[r, c]``.

    ``T = D * (true tableau)``, ``D`` the previous pivot; afterwards the scale is ``T[r, c]``.
    Rows ``i != r`` become ``(p T[i] - T[i, c] T[r]) / D``, an exact division (Edmonds 1967).
    """
    p = T[r, c]
    row = T[r].copy()
    out = (T * p - np.multiply.outer(T[:, c], row)) // D
    out[r] = row
    return out


def lex_min_row(T: np.ndarray, c: int, rows: Sequence[int], lex_cols: Sequence[int]) -> int:
    """The row among *rows* (all with ``T[row, c] > 0``) minimising, lexicographically,
    ``(T[row, 0], T[row, lex_cols...]) / T[row, c]`` -- exactly, by cross-multiplication."""
    best = rows[0]
    cols = [0, *lex_cols]
    for r in rows[1:]:
        pb, pr = int(T[best, c]), int(T[r, c])
        for k in cols:
            a, b = int(T[r, k]) * pb, int(T[best, k]) * pr
            if a != b:
                if a < b:
                    best = r
                break
    return best


def _ratio_rows(T: np.ndarray, Tf: np.ndarray, cols: Sequence[int], lex_cols: Sequence[int]
                ) -> list[int]:
    """Leaving row of the lexicographic ratio test for each entering column in *cols*
    (-1 where the column has no positive entry)."""
    C = Tf[:, cols]
    pos = C > 0
    with np.errstate(divide="ignore", invalid="ignore"):
        R = np.where(pos, Tf[:, :1] / np.where(pos, C, 1.0), np.inf)
    rmin = R.min(axis=0)
    arg = R.argmin(axis=0)
    near = R <= rmin * (1 + _TIE)
    out = []
    for k, c in enumerate(cols):
        if not np.isfinite(rmin[k]):
            out.append(-1)
            continue
        cand = np.flatnonzero(near[:, k])
        if cand.size == 1:
            out.append(int(arg[k]))
        else:
            out.append(lex_min_row(T, c, cand.tolist(), lex_cols))
    return out


def enumerate_vertices(
    rows: Sequence[Sequence[int]],
    rhs: Sequence[int],
    *,
    on_count: Callable[[int], Any] | None = None,
) -> list[Vertex]:
    """Every vertex of the bounded polytope ``{z >= 0, rows z <= rhs}``, exactly.

    Parameters
    ----------
    rows : k lists of d integers
        Constraint rows; the polytope must be bounded (e.g. all entries positive).
    rhs : k positive integers
    on_count : callable, optional
        Called now and then with the number of bases visited so far (progress reporting).

    Returns
    -------
    list of (num, den, zero_mask, tight_mask)
        Each vertex ``z = num / den`` (the origin included), with the bit masks of its zero
        coordinates and of its tight rows.  A vertex is determined by its tight constraints,
        so the masks identify it; each vertex is listed once.
    """
    k = len(rows)
    d = len(rows[0]) if k else 0
    width = 1 + d + k
    T = np.empty((k, width), dtype=object)
    for i in range(k):
        T[i, 0] = int(rhs[i])
        for j in range(d):
            T[i, 1 + j] = int(rows[i][j])
        for j in range(k):
            T[i, 1 + d + j] = 1 if i == j else 0
    lex_cols = list(range(1 + d, width))
    basis = list(range(d, d + k))  # variable of each row: z_0..z_{d-1}, slacks d..d+k-1
    D = 1
    mask = sum(1 << v for v in basis)
    visited = {mask}
    found: dict[int, Vertex] = {}

    def record() -> None:
        num = [0] * d
        zero = (1 << d) - 1
        tight = (1 << k) - 1
        for i, v in enumerate(basis):
            val = T[i, 0]
            if val:
                if v < d:
                    num[v] = int(val)
                    zero &= ~(1 << v)
                else:
                    tight &= ~(1 << (v - d))
        key = zero | (tight << d)
        if key not in found:
            found[key] = (tuple(num), int(D), zero, tight)

    def moves() -> list[tuple[int, int]]:
        nonbasic = [v for v in range(d + k) if not (mask >> v) & 1]
        cols = [1 + v for v in nonbasic]
        try:
            Tf = T.astype(float)
        except OverflowError:  # entries beyond 1e308: the ratio tests all exact
            pos = T[:, cols] > 0
            leave = [lex_min_row(T, c, np.flatnonzero(pos[:, k]).tolist(), lex_cols)
                     if pos[:, k].any() else -1 for k, c in enumerate(cols)]
        else:
            leave = _ratio_rows(T, Tf, cols, lex_cols)
        return [(v, r) for v, r in zip(nonbasic, leave) if r >= 0]

    record()
    stack: list[tuple[list[tuple[int, int]], int, tuple[int, int] | None]] = [(moves(), 0, None)]
    count = 1
    while stack:
        todo, pos, undo = stack[-1]
        advanced = False
        while pos < len(todo):
            v, r = todo[pos]
            pos += 1
            new = mask ^ (1 << basis[r]) ^ (1 << v)
            if new in visited:
                continue
            visited.add(new)
            stack[-1] = (todo, pos, undo)
            left = basis[r]
            T = pivot(T, r, 1 + v, D)
            D = int(T[r, 1 + v])
            basis[r] = v
            mask = new
            record()
            count += 1
            if on_count is not None and count % 256 == 0:
                on_count(count)
            stack.append((moves(), 0, (r, left)))
            advanced = True
            break
        if advanced:
            continue
        stack.pop()
        if undo is not None:
            r, left = undo
            v = basis[r]
            T = pivot(T, r, 1 + left, D)
            D = int(T[r, 1 + left])
            basis[r] = left
            mask = mask ^ (1 << v) ^ (1 << left)
    if on_count is not None:
        on_count(count)
    return list(found.values())
