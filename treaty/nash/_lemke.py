"""Some Nash equilibria of a bimatrix game, fast: Lemke-Howson from every starting label.

Sources: C. E. Lemke and J. T. Howson, "Equilibrium points of bimatrix games", SIAM J. Appl.
Math. 12 (1964) 413-423; B. von Stengel, "Equilibrium computation for two-player games in
strategic and extensive form", ch. 3 of Nisan et al. (2007), Algorithmic Game Theory, sections
3.4-3.5 (the algorithm on the best-response polytopes, integer pivoting, and the lexicographic
rule that makes it work on degenerate games).

With ``A'``, ``B'`` positive (a positive affine image of the payoffs), the best-response
polytopes are ``P = {x >= 0, B'^T x <= 1}`` and ``Q = {y >= 0, A' y <= 1}``, with labels ``i``
for ``x_i = 0`` or ``(A'y)_i = 1`` and ``m + j`` for ``(B'^T x)_j = 1`` or ``y_j = 0``.  From
the artificial equilibrium ``(0, 0)``, dropping label ``k`` (letting the variable with label
``k`` enter its tableau) and then alternately letting the variable whose label just became
duplicate enter the other tableau, the path ends at a completely labelled pair ``(x, y) != 0``:
a Nash equilibrium after normalisation; paths that drop a label at an equilibrium found lead
to further equilibria (or back to ``(0, 0)``).  Each tableau is kept as ``|det B| * B^{-1}[1 | M | I]``
in integers (every division exact) and the leaving variable is chosen by the lexicographic
ratio test (:func:`treaty.nash._reverse.lex_min_row`), so each path is well defined and ends,
whatever the degeneracy.  Paths may end at the same equilibria: the results are deduplicated,
and they are in general not all the equilibria of the game (some are unreachable in the
Lemke-Howson graph, and the number of paths is capped).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from fractions import Fraction
from typing import Any

import numpy as np

from ._reverse import _ratio_rows, lex_min_row, pivot

__all__ = ["lemke_howson", "lemke_howson_all"]


class _Tableau:
    """Integer tableau of ``rows z + slack = rhs`` with variables identified by labels."""

    def __init__(self, rows: Sequence[Sequence[int]], rhs: Sequence[int],
                 structural: Sequence[int], slack: Sequence[int]) -> None:
        k, N = len(rows), len(structural) + len(slack)
        self.T = np.zeros((k, 1 + N), dtype=object)
        self.T[:, :] = 0
        for i in range(k):
            self.T[i, 0] = int(rhs[i])
            for j, v in enumerate(structural):
                self.T[i, 1 + v] = int(rows[i][j])
            self.T[i, 1 + slack[i]] = 1
        self.basis = list(slack)
        self.lex_cols = [1 + v for v in slack]
        self.D = 1

    def copy(self) -> _Tableau:
        new = object.__new__(_Tableau)
        new.T, new.basis, new.lex_cols, new.D = self.T.copy(), list(self.basis), self.lex_cols, self.D
        return new

    def enter(self, var: int) -> int:
        """Pivot *var* into the basis by the lexicographic ratio test; returns the variable
        that left."""
        c = 1 + var
        try:
            r = _ratio_rows(self.T, self.T.astype(float), [c], self.lex_cols)[0]
        except OverflowError:  # entries beyond 1e308: exact ratio test
            rows = [i for i in range(self.T.shape[0]) if self.T[i, c] > 0]
            r = lex_min_row(self.T, c, rows, self.lex_cols) if rows else -1
        if r < 0:
            raise ArithmeticError("unbounded ray in a bounded best-response polytope")
        left = self.basis[r]
        self.T = pivot(self.T, r, c, self.D)
        self.D = int(self.T[r, c])
        self.basis[r] = var
        return left

    def values(self, variables: Sequence[int]) -> list[int]:
        """Numerators (over :attr:`D`) of the given variables, 0 when nonbasic."""
        where = {v: i for i, v in enumerate(self.basis)}
        return [int(self.T[where[v], 0]) if v in where else 0 for v in variables]


def _tableaux(rows_p: Sequence[Sequence[int]], rhs_p: Sequence[int],
              rows_q: Sequence[Sequence[int]], rhs_q: Sequence[int], m: int, n: int
              ) -> tuple[_Tableau, _Tableau]:
    # P: x_i has label i, the slack s_j of column j has label m + j
    P = _Tableau(rows_p, rhs_p, structural=range(m), slack=range(m, m + n))
    # Q: y_j has label m + j, the slack r_i of row i has label i
    Q = _Tableau(rows_q, rhs_q, structural=range(m, m + n), slack=range(m))
    return P, Q


def lemke_howson(P: _Tableau, Q: _Tableau, k: int, m: int, n: int, max_pivots: int
                 ) -> tuple[tuple[Fraction, ...], tuple[Fraction, ...]] | None:
    """Follow the Lemke-Howson path that drops label *k*, from the completely labelled pair
    the tableaux *P* and *Q* stand at (modified in place).  Returns the equilibrium at its end
    as probabilities, or None when it is the artificial ``(0, 0)`` or *max_pivots* is reached.
    """
    tabs = (P, Q)
    # the variable with label k is nonbasic in exactly one tableau; it enters there
    cur = 0 if k not in P.basis else 1
    var = k
    for _ in range(max_pivots):
        left = tabs[cur].enter(var)
        if left == k:
            break
        var, cur = left, 1 - cur
    else:
        return None
    x = P.values(range(m))
    y = Q.values(range(m, m + n))
    sx, sy = sum(x), sum(y)
    if sx == 0 or sy == 0:
        return None
    return tuple(Fraction(v, sx) for v in x), tuple(Fraction(v, sy) for v in y)


#: Default budget of paths, per label: Lemke-Howson follows at most ``PATHS_PER_LABEL * (m + n)``
#: paths, first from the artificial equilibrium, then from the equilibria found, breadth first.
PATHS_PER_LABEL = 200


def _key(P: _Tableau, Q: _Tableau) -> tuple[frozenset[int], frozenset[int]]:
    return frozenset(P.basis), frozenset(Q.basis)


def lemke_howson_all(
    rows_p: Sequence[Sequence[int]], rhs_p: Sequence[int],
    rows_q: Sequence[Sequence[int]], rhs_q: Sequence[int],
    *, max_paths: int | None = None, max_pivots: int = 100_000,
    on_path: Callable[[int], Any] | None = None,
) -> list[tuple[tuple[Fraction, ...], tuple[Fraction, ...]]]:
    """Equilibria at the ends of Lemke-Howson paths, deduplicated.

    First the ``m + n`` paths from the artificial equilibrium ``(0, 0)`` (one per dropped
    label), then, breadth first, the paths from every equilibrium found, dropping each label in
    turn (the equilibria reachable in the Lemke-Howson graph, as gambit's ``lcp`` explores
    them; Shapley 1974 and von Stengel 2007, section 3.5), until *max_paths* paths have been
    followed.  A path's reverse is never followed again.

    Parameters
    ----------
    rows_p, rhs_p : the integer rows of ``B'^T x <= 1`` (n rows of m entries, scaled per row)
    rows_q, rhs_q : the integer rows of ``A' y <= 1`` (m rows of n entries)
    max_paths : int, optional
        Budget of paths (default ``PATHS_PER_LABEL * (m + n)``).
    max_pivots : int
        Cap on the pivots of one path (never reached in the benchmarks).
    on_path : callable, optional
        Called with the number of paths followed so far (progress).

    Returns
    -------
    list of (x, y)
        Distinct equilibria as tuples of Fractions, in order of discovery.
    """
    from collections import deque

    m, n = len(rows_q), len(rows_p)
    budget = PATHS_PER_LABEL * (m + n) if max_paths is None else max_paths
    start = _tableaux(rows_p, rhs_p, rows_q, rhs_q, m, n)
    states = {_key(*start): start}
    queue = deque((_key(*start), k) for k in range(m + n))
    done: set[tuple[Any, int]] = set()
    found: dict[tuple, None] = {}
    paths = 0
    while queue and paths < budget:
        key, k = queue.popleft()
        if (key, k) in done:
            continue
        done.add((key, k))
        P, Q = states[key][0].copy(), states[key][1].copy()
        eq = lemke_howson(P, Q, k, m, n, max_pivots)
        paths += 1
        if on_path is not None:
            on_path(paths)
        end = _key(P, Q)
        done.add((end, k))
        if eq is None:
            continue
        found.setdefault(eq)
        if end not in states:
            states[end] = (P, Q)
            queue.extend((end, k2) for k2 in range(m + n))
    return list(found)


def lemke_howson_equilibria(A: np.ndarray, B: np.ndarray
                            ) -> list[tuple[tuple[Fraction, ...], tuple[Fraction, ...]]]:
    """Equilibria of the bimatrix game (A, B) found by Lemke-Howson from every label, exact.

    *A*, *B* are any exact or float payoff matrices (floats are taken at their exact binary
    values).  The game is mapped to positive matrices (a positive affine map, which keeps the
    equilibria), rows scaled to integers, and :func:`lemke_howson_all` follows the ``m + n``
    paths.  The caller certifies each result (regret exactly 0).
    """
    from .._exact.numbers import to_exact_array
    from .._progress import Progress
    from ._vertex import _integer_rows, _positive_exact

    Ap, Bp = _positive_exact(to_exact_array(A)), _positive_exact(to_exact_array(B))
    m, n = Ap.shape
    rows_p, rhs_p = _integer_rows(Bp.T)
    rows_q, rhs_q = _integer_rows(Ap)
    with Progress(PATHS_PER_LABEL * (m + n), f"Lemke-Howson paths of a {m}x{n} game") as bar:
        return lemke_howson_all(rows_p, rhs_p, rows_q, rhs_q, on_path=lambda k: bar.update(1))
