"""All extreme Nash equilibria of a two-player game by vertex enumeration.

The best-response polytopes of the two players are enumerated with cdd (double description,
floating point); the completely labelled vertex pairs are found with vectorised bit masks, and,
for exact games, every candidate is then rebuilt and certified in exact rational arithmetic.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np

from .._numeric import float_view, number_to_json, to_exact_array
from ..errors import GameTooLarge, SolverError
from ._regret import regrets

__all__ = [
    "VertexResult",
    "extreme_equilibria",
    "DEFAULT_MAX_SIZE",
    "CANDIDATE_TOL",
    "FLOAT_LABEL_TOL",
    "FLOAT_REGRET_TOL",
]

#: Default limit on ``min(m, n)``.  The number of vertices of the enumerated best-response
#: polytope grows exponentially with it (for random integer payoffs in [-5, 5], about 600 at
#: 10x10, 2,000-8,000 at 12x12, 20,000-35,000 at 14x14), and the double-description time
#: faster still (0.02 s at 10x10, 0.2-1 s at 12x12, 3-30 s at 14x14, minutes at 16x16).
DEFAULT_MAX_SIZE = 15

#: Tolerance for *candidate* labels of exact games, on the normalised polytopes (right-hand
#: side 1, coefficients in [1, 2] or small positive integers).  Deliberately loose: candidates
#: are a superset, every one is certified exactly afterwards.
CANDIDATE_TOL = 1e-7

#: Label tolerance of float games, on the same normalised polytopes.
FLOAT_LABEL_TOL = 1e-9

#: Float games: every reported equilibrium has regret at most this times ``max(1, payoff range)``.
FLOAT_REGRET_TOL = 1e-8

#: Integer payoffs whose range is at most this are shifted to ``1 .. range+1`` and handed to cdd
#: as exact small integers; other payoffs are mapped affinely onto ``[1, 2]``.
_INTEGER_SHIFT_RANGE = 1000


@dataclass(frozen=True)
class VertexResult:
    """All extreme equilibria of a bimatrix game, with their components and Nash subsets.

    Attributes
    ----------
    equilibria : list of (x, y)
        The extreme equilibria, each a pair of mixed strategies (tuples of probabilities in
        strategy order: Fractions when :attr:`exact`, floats otherwise), sorted
        lexicographically on ``(x, y)``.
    components : list of list of int
        Indices into :attr:`equilibria`, one list per connected component of the equilibrium
        set (two extreme equilibria are connected when they share the row or the column
        strategy, transitively).  Sorted by smallest index.
    nash_subsets : list of (list of int, list of int)
        The maximal Nash subsets: pairs ``(I, J)`` of indices into :attr:`row_vertices` and
        :attr:`col_vertices` such that every ``(row_vertices[i], col_vertices[j])`` with ``i``
        in ``I``, ``j`` in ``J`` is an extreme equilibrium, maximal under inclusion.  The set
        ``conv{row_vertices[I]} x conv{col_vertices[J]}`` consists of equilibria, and the
        equilibrium set is the union of these products.
    row_vertices, col_vertices : list of tuple
        The distinct row (column) strategies that occur in :attr:`equilibria`, sorted.
    exact : bool
        True when the game was solved in exact rational arithmetic; then every equilibrium has
        been certified to have regret exactly zero.
    """

    equilibria: list[tuple[tuple, tuple]]
    components: list[list[int]]
    nash_subsets: list[tuple[list[int], list[int]]]
    row_vertices: list[tuple]
    col_vertices: list[tuple]
    exact: bool

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form (exact numbers as strings such as ``"1/3"``)."""
        return {
            "exact": self.exact,
            "equilibria": [
                [[number_to_json(p) for p in x], [number_to_json(p) for p in y]] for x, y in self.equilibria
            ],
            "components": [list(c) for c in self.components],
            "nash_subsets": [[list(i), list(j)] for i, j in self.nash_subsets],
            "row_vertices": [[number_to_json(p) for p in x] for x in self.row_vertices],
            "col_vertices": [[number_to_json(p) for p in y] for y in self.col_vertices],
        }


# --------------------------------------------------------------------------------------------
# normalisation


def _positive_exact(U: np.ndarray) -> np.ndarray:
    """A positive affine image of the exact matrix *U* (object array of Fraction).

    Small-range integer matrices become integers ``1 .. range+1``; others are mapped onto
    ``[1, 2]``.  Positive affine maps do not change best responses, hence equilibria.
    """
    lo = min(U.flat)
    hi = max(U.flat)
    rng = hi - lo
    if rng == 0:
        return np.full(U.shape, Fraction(1), dtype=object)
    D = U - lo
    if all(v.denominator == 1 for v in D.flat) and rng <= _INTEGER_SHIFT_RANGE:
        return D + 1
    return D / rng + 1


def _positive_float(U: np.ndarray) -> np.ndarray:
    """Float version of :func:`_positive_exact`."""
    lo = float(U.min())
    hi = float(U.max())
    rng = hi - lo
    if rng == 0:
        return np.ones(U.shape)
    D = U - lo
    if rng <= _INTEGER_SHIFT_RANGE and np.array_equal(D, np.round(D)):
        return D + 1.0
    return D / rng + 1.0


# --------------------------------------------------------------------------------------------
# polytope vertices (float, cdd)


def _polytope_vertices(M: np.ndarray) -> np.ndarray:
    """Vertices of ``{z >= 0, M z <= 1}`` (M positive, shape (k, d)) as a float (V, d) array.

    Double description method of cddlib (Fukuda and Prodon 1996), floating point.
    """
    import cdd  # local import: only vertex enumeration needs it

    k, d = M.shape
    H = np.zeros((d + k, d + 1))
    H[:d, 1:] = np.eye(d)  # z_i >= 0
    H[d:, 0] = 1.0
    H[d:, 1:] = -M  # 1 - M z >= 0
    mat = cdd.matrix_from_array(H, rep_type=cdd.RepType.INEQUALITY)
    poly = cdd.polyhedron_from_matrix(mat)
    gen = cdd.copy_generators(poly)
    V = np.array(gen.array, dtype=np.float64).reshape(-1, d + 1)
    if len(gen.lin_set) or not np.all(V[:, 0] == 1.0):
        # the polytope is bounded because M > 0: rays or lines mean cdd went wrong
        raise SolverError("vertex enumeration returned rays for a bounded polytope")
    return V[:, 1:]


def _float_labels(V: np.ndarray, M: np.ndarray, tol: float) -> tuple[np.ndarray, np.ndarray]:
    """Boolean (V, d) zero-coordinate labels and (V, k) tight-row labels within *tol*."""
    slack = 1.0 - V @ M.T
    if V.size and (V.min() < -tol or slack.min() < -tol):
        raise SolverError(
            "floating-point vertex enumeration returned a point outside the polytope "
            f"(violation {max(-V.min(), -slack.min()):.3g})"
        )
    zero = V <= tol
    tight = slack <= tol
    d = V.shape[1]
    if np.any(zero.sum(axis=1) + tight.sum(axis=1) < d):
        raise SolverError(
            "floating-point vertex enumeration lost precision: a reported vertex has fewer "
            "tight constraints than the dimension"
        )
    return zero, tight


def _face_vertices(Apf: np.ndarray, S: np.ndarray, T: np.ndarray) -> list[np.ndarray]:
    """Vertices of the face ``{y in Q : y_j = 0 (j not in T), (A'y)_i = 1 (i in S)}``.

    Small double description run (cdd) in the coordinates ``y_T`` with the rows ``S`` as
    equalities.  The face is a face of the polytope ``Q``, so its vertices are vertices of Q.
    """
    import cdd

    m, n = Apf.shape
    s, t = len(S), len(T)
    rest = np.setdiff1d(np.arange(m), S)
    H = np.zeros((s + t + rest.size, t + 1))
    H[:s, 0] = 1.0
    H[:s, 1:] = -Apf[np.ix_(S, T)]
    H[s : s + t, 1:] = np.eye(t)
    H[s + t :, 0] = 1.0
    H[s + t :, 1:] = -Apf[np.ix_(rest, T)]
    mat = cdd.matrix_from_array(H, lin_set=range(s), rep_type=cdd.RepType.INEQUALITY)
    gen = cdd.copy_generators(cdd.polyhedron_from_matrix(mat))
    if len(gen.lin_set) or any(row[0] != 1.0 for row in gen.array):
        raise SolverError("vertex enumeration returned rays for a face of a bounded polytope")
    out = []
    for row in gen.array:
        y = np.zeros(n)
        y[T] = row[1:]
        out.append(y)
    return out


def _partners(
    VP: np.ndarray, zero: np.ndarray, tight: np.ndarray, Apf: np.ndarray, tol: float
) -> tuple[list[int], list[np.ndarray]]:
    """For each vertex x of P, the vertices y of Q completing its labels.

    A pair (x, y) is completely labelled exactly when ``y`` lies in the face of ``Q`` where the
    labels missing at ``x`` are tight: ``y_j = 0`` for the columns ``j`` that are not best
    responses to ``x`` (not in ``T``) and ``(A'y)_i = 1`` for the rows ``i`` in the support
    ``S`` of ``x``.  The partners of ``x`` are the vertices of that face.  When ``|S| = |T|``
    and ``A'[S, T]`` is nonsingular the face is at most one point, computed for all such ``x``
    at once by batched linear solves (grouped by ``|S|``); other (degenerate) faces are
    enumerated with a small cdd run each.

    Returns
    -------
    (indices, ys)
        Candidate pairs ``(VP[indices[k]], ys[k])``, a superset of the completely labelled pairs
        when the labels are a superset (loose *tol*).
    """
    m, n = Apf.shape
    K = VP.shape[0]
    supp = ~zero
    s = supp.sum(axis=1)
    t = tight.sum(axis=1)
    out_i: list[int] = []
    out_y: list[np.ndarray] = []
    degenerate = np.zeros(K, dtype=bool)
    degenerate[t > s] = True
    for size in np.unique(s[s == t]):
        idx = np.flatnonzero((s == size) & (t == size))
        if size == 0 or idx.size == 0:
            continue
        S_idx = np.nonzero(supp[idx])[1].reshape(idx.size, size)
        T_idx = np.nonzero(tight[idx])[1].reshape(idx.size, size)
        sub = Apf[S_idx[:, :, None], T_idx[:, None, :]]
        sv = np.linalg.svd(sub, compute_uv=False)
        regular = sv[:, -1] > 1e-10 * sv[:, 0]
        degenerate[idx[~regular]] = True
        idx, sub, T_idx = idx[regular], sub[regular], T_idx[regular]
        if idx.size == 0:
            continue
        yT = np.linalg.solve(sub, np.ones((idx.size, size, 1)))[:, :, 0]
        Y = np.zeros((idx.size, n))
        np.put_along_axis(Y, T_idx, yT, axis=1)
        ok = (yT.min(axis=1) >= -tol) & ((Y @ Apf.T).max(axis=1) <= 1.0 + tol)
        for k in np.flatnonzero(ok):
            out_i.append(int(idx[k]))
            out_y.append(np.maximum(Y[k], 0.0))
    for i in np.flatnonzero(degenerate):
        S = np.flatnonzero(supp[i])
        T = np.flatnonzero(tight[i])
        for y in _face_vertices(Apf, S, T):
            out_i.append(int(i))
            out_y.append(y)
    return out_i, out_y


# --------------------------------------------------------------------------------------------
# exact reconstruction of vertices


def _solve_tight(rows: Iterable[tuple[list[Fraction], Fraction]], d: int) -> list[Fraction] | None:
    """Exact solution of the first *d* linearly independent equations among *rows*.

    Incremental Gauss-Jordan elimination in Fractions: equations are taken in the given order,
    those dependent on earlier ones are skipped.  Returns None when fewer than *d* independent
    equations are found.
    """
    pivots: list[tuple[int, list[Fraction], Fraction]] = []  # (column, row normalised, rhs)
    for coeffs, rhs in rows:
        r = list(coeffs)
        b = rhs
        for col, prow, pb in pivots:
            f = r[col]
            if f:
                for t in range(d):
                    if prow[t]:
                        r[t] -= f * prow[t]
                b -= f * pb
        col = next((t for t in range(d) if r[t] != 0), None)
        if col is None:
            continue  # dependent (or inconsistent: then not truly tight, skipped)
        inv = 1 / r[col]
        r = [v * inv for v in r]
        b = b * inv
        # keep the pivot rows reduced in the new column (Gauss-Jordan)
        new_pivots = []
        for pc, prow, pb in pivots:
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


def _exact_vertex(
    zf: np.ndarray, M: np.ndarray, Mf: np.ndarray
) -> tuple[list[Fraction], list[bool], list[bool]] | None:
    """Rebuild exactly the vertex of ``{z >= 0, M z <= 1}`` near the float vertex *zf*.

    Constraints are taken in increasing order of their float slack and the first ``d``
    independent ones are solved exactly (so the result, if feasible, is a vertex: ``d``
    linearly independent constraints are tight at it).  First the small zero coordinates are
    fixed and only the support is solved (cheap); if that does not yield a feasible point, all
    constraints are used.  Returns the exact point with its exact zero-coordinate and tight-row
    labels, or None when no feasible vertex is found.
    """
    k, d = M.shape
    slack = 1.0 - Mf @ zf
    # attempt 1: support system
    support = [i for i in range(d) if zf[i] > CANDIDATE_TOL]
    order = sorted(range(k), key=lambda j: slack[j])
    z = None
    if support:
        sub = _solve_tight((([M[j, i] for i in support], Fraction(1)) for j in order), len(support))
        if sub is not None:
            z = [Fraction(0)] * d
            for i, v in zip(support, sub):
                z[i] = v
            labels = _exact_labels(z, M)
            if labels is not None:
                return z, labels[0], labels[1]
    # attempt 2: all constraints in order of float slack
    cons: list[tuple[float, list[Fraction], Fraction]] = []
    for i in range(d):
        e = [Fraction(0)] * d
        e[i] = Fraction(1)
        cons.append((max(float(zf[i]), 0.0), e, Fraction(0)))
    for j in range(k):
        cons.append((max(float(slack[j]), 0.0), list(M[j]), Fraction(1)))
    cons.sort(key=lambda c: c[0])
    z = _solve_tight(((c, b) for _, c, b in cons), d)
    if z is None:
        return None
    labels = _exact_labels(z, M)
    if labels is None:
        return None
    return z, labels[0], labels[1]


def _exact_labels(z: list[Fraction], M: np.ndarray) -> tuple[list[bool], list[bool]] | None:
    """Exact labels of the point *z* of ``{z >= 0, M z <= 1}``; None if *z* is infeasible."""
    if any(v < 0 for v in z):
        return None
    nz = [(i, v) for i, v in enumerate(z) if v]
    tight = []
    for row in M:
        s = sum((row[i] * v for i, v in nz), Fraction(0))
        if s > 1:
            return None
        tight.append(s == 1)
    return [v == 0 for v in z], tight


# --------------------------------------------------------------------------------------------
# graph structure of the equilibrium set


def _components(pairs: Sequence[tuple[int, int]]) -> list[list[int]]:
    """Connected components of the bipartite graph whose edges are the equilibria."""
    import networkx as nx

    G = nx.Graph()
    for e, (i, j) in enumerate(pairs):
        G.add_edge(("x", i), ("y", j), eq=e)
    comps = []
    for nodes in nx.connected_components(G):
        idx = sorted(G.edges[u, v]["eq"] for u, v in G.subgraph(nodes).edges)
        comps.append(idx)
    comps.sort(key=lambda c: c[0])
    return comps


def _maximal_bicliques(pairs: Sequence[tuple[int, int]], nx_: int) -> list[tuple[list[int], list[int]]]:
    """Maximal bicliques (maximal Nash subsets) of the bipartite equilibrium graph.

    Every maximal biclique ``(I, J)`` has ``J`` equal to the intersection of the neighbourhoods
    of the vertices in ``I``; conversely every non-empty intersection ``J`` of neighbourhoods
    gives the maximal biclique ``({i : N(i) contains J}, J)``.  The family of all non-empty
    intersections is built incrementally, one row vertex at a time (a closure form of the clique
    enumeration of Avis et al. 2010, section 5), so the work is proportional to the number of
    x-vertices times the number of maximal Nash subsets.
    """
    nbr = [0] * nx_
    for i, j in pairs:
        nbr[i] |= 1 << j
    family: set[int] = set()
    for i in range(nx_):
        if not nbr[i]:
            continue
        new = {nbr[i]}
        for T in family:
            t = T & nbr[i]
            if t:
                new.add(t)
        family |= new
    out = []
    for T in family:
        I_ = [i for i in range(nx_) if nbr[i] & T == T]
        J_ = [j for j in range(T.bit_length()) if (T >> j) & 1]
        out.append((I_, J_))
    out.sort()
    return out


def _finish(eqs: list[tuple[tuple, tuple]], exact: bool) -> VertexResult:
    """Sort, index distinct strategies and compute components and Nash subsets."""
    eqs = sorted(set(eqs)) if exact else sorted(eqs)
    xs = sorted(set(x for x, _ in eqs))
    ys = sorted(set(y for _, y in eqs))
    xi = {x: i for i, x in enumerate(xs)}
    yi = {y: i for i, y in enumerate(ys)}
    pairs = [(xi[x], yi[y]) for x, y in eqs]
    return VertexResult(
        equilibria=eqs,
        components=_components(pairs),
        nash_subsets=_maximal_bicliques(pairs, len(xs)),
        row_vertices=xs,
        col_vertices=ys,
        exact=exact,
    )


# --------------------------------------------------------------------------------------------
# public function


def extreme_equilibria(
    A: np.ndarray, B: np.ndarray, *, exact: bool, max_size: int = DEFAULT_MAX_SIZE
) -> VertexResult:
    """All extreme Nash equilibria of the bimatrix game (A, B), by vertex enumeration.

    Parameters
    ----------
    A, B : ndarray, shape (m, n)
        Payoffs of the row and the column player.  Exact games: object arrays of Fraction (or
        anything :func:`treaty._numeric.as_fraction` accepts); float games: float arrays.
    exact : bool
        Certify and return exact rational equilibria (regret exactly zero) or float ones.
    max_size : int, default :data:`DEFAULT_MAX_SIZE`
        Refuse games with ``min(m, n) > max_size`` (the work grows exponentially with it).

    Returns
    -------
    VertexResult

    Raises
    ------
    GameTooLarge
        When ``min(m, n) > max_size``.
    SolverError
        When the floating-point vertex enumeration is inconsistent or a candidate cannot be
        certified (never observed; no uncertified equilibrium is ever returned).

    Notes
    -----
    Algorithm: Avis, Rosenberg, Savani and von Stengel (2010), "Enumeration of Nash equilibria
    for two-player games", Economic Theory 42, sections 2-3 (extreme equilibria as completely
    labelled vertex pairs of the best-response polytopes, enumerated from the vertices of one
    polytope as in their lrsNash method) and section 5 (components, maximal Nash subsets);
    von Stengel, "Equilibrium computation for two-player games in strategic and extensive
    form", ch. 3 of Nisan et al. (2007), Algorithmic Game Theory, section 3.3.

    1. Map ``A`` and ``B`` to positive matrices ``A'``, ``B'`` (a positive affine map, exact;
       it does not change best responses).  Transpose the game if ``m > n`` so that the
       enumerated polytope is the one of lower dimension.
    2. Enumerate the vertices of ``P = {x >= 0, B'^T x <= 1}`` with cdd (double description,
       floating point) and compute their labels, vectorised: ``i`` for ``x_i = 0`` and
       ``m + j`` for ``(B'^T x)_j = 1``.  (In ``Q = {y >= 0, A' y <= 1}`` the labels are ``i``
       for ``(A'y)_i = 1`` and ``m + j`` for ``y_j = 0``.)
    3. For each vertex ``x != 0`` of P, its partners are the vertices ``y`` of Q having all the
       labels that ``x`` lacks, i.e. the vertices of a face of Q (see :func:`_partners`):
       one batched linear solve for all nondegenerate ``x``, a small cdd run for each
       degenerate one.  The pairs found are exactly the completely labelled pairs
       ``(x, y) != (0, 0)``.  Enumerating one polytope only is what makes rectangular games
       cheap (a 6x30 game: about 300 vertices of P against 50,000 of Q).
    4. Exact games: labels in steps 2-3 use the loose tolerance :data:`CANDIDATE_TOL`, so the
       pairs are a superset of the true ones.  Each vertex in a candidate pair is rebuilt
       exactly (Fraction Gaussian elimination on ``d`` independent constraints, taken in order
       of float slack), checked exactly to be feasible, and its exact labels recomputed; a pair
       is kept only if exactly completely labelled.  Normalised to probabilities, each
       equilibrium's regret is checked with :func:`treaty.equilibria._regret.regrets` to be
       exactly 0 (else :class:`SolverError`).
    5. Float games: labels within :data:`FLOAT_LABEL_TOL` on the normalised polytopes; pairs
       whose regret exceeds ``FLOAT_REGRET_TOL * max(1, payoff range)`` are dropped.
    6. Components: connected components (networkx) of the bipartite graph of distinct row and
       column strategies joined by equilibria.  Maximal Nash subsets: maximal bicliques of it.

    Degenerate games (ties, integer payoffs) are the normal case: a degenerate vertex simply has
    more than ``d`` labels, and the equilibrium set is the union of the products of the convex
    hulls of the maximal Nash subsets.

    Guards against floating-point vertex enumeration: integer payoffs of small range are passed
    to cdd as exact small integers; every float vertex must be feasible and have at least ``d``
    tight constraints (else :class:`SolverError`); candidate labels are loose (a superset); for
    exact games every reported point is rebuilt exactly and certified as a vertex (``d``
    independent tight constraints) and as an equilibrium (zero regret); an empty result raises
    :class:`SolverError` (every game has an equilibrium).  What cannot be certified this way is
    completeness: a vertex cdd failed to report would be missed.

    Complexity: the vertex count of P (exponential in ``min(m, n)`` in the worst case), plus
    one linear solve per vertex.

    Examples
    --------
    Battle of the sexes: two pure equilibria and one mixed.

    >>> import numpy as np
    >>> A = np.array([[2, 0], [0, 1]]); B = np.array([[1, 0], [0, 2]])
    >>> res = extreme_equilibria(A, B, exact=True)
    >>> [tuple(map(str, x)) + tuple(map(str, y)) for x, y in res.equilibria]
    [('0', '1', '0', '1'), ('2/3', '1/3', '1/3', '2/3'), ('1', '0', '1', '0')]
    >>> res.components
    [[0], [1], [2]]
    """
    A = np.asarray(A)
    B = np.asarray(B)
    if A.ndim != 2 or A.shape != B.shape or A.size == 0:
        raise ValueError(f"A and B must be non-empty matrices of the same shape, got {A.shape} and {B.shape}")
    m, n = A.shape
    if min(m, n) > max_size:
        raise GameTooLarge(
            f"vertex enumeration of a {m}x{n} game: min(m, n) = {min(m, n)} exceeds "
            f"max_size={max_size}; the number of polytope vertices grows exponentially with it "
            "(pass a larger max_size to try anyway)"
        )
    transpose = m > n
    if exact:
        Ae, Be = to_exact_array(A), to_exact_array(B)
        if transpose:
            pairs = _exact_pairs(Be.T, Ae.T)
            eqs = [(x, y) for y, x in pairs]
        else:
            eqs = _exact_pairs(Ae, Be)
        payoffs = np.stack([Ae, Be])
        for x, y in eqs:
            if any(r != 0 for r in regrets(payoffs, [x, y])):
                raise SolverError(f"certification failed: nonzero regret at {x}, {y}")
    else:
        Af, Bf = float_view(A), float_view(B)
        if not (np.all(np.isfinite(Af)) and np.all(np.isfinite(Bf))):
            raise ValueError("payoffs must be finite")
        if transpose:
            eqs = [(x, y) for y, x in _float_pairs(Bf.T, Af.T)]
        else:
            eqs = _float_pairs(Af, Bf)
    if not eqs:
        raise SolverError("no equilibrium found (every finite game has one): enumeration failed")
    return _finish(eqs, exact=exact)


def _candidates(
    Apf: np.ndarray, Bpf: np.ndarray, tol: float
) -> tuple[np.ndarray, list[int], list[np.ndarray]]:
    """Vertices of P and candidate (index into them, y) pairs, from positive float matrices."""
    VP = _polytope_vertices(Bpf.T)
    VP = VP[VP.max(axis=1) > tol]  # drop the origin (completely labelled only with y = 0)
    zero, tight = _float_labels(VP, Bpf.T, tol)
    idx, ys = _partners(VP, zero, tight, Apf, tol)
    return VP, idx, ys


def _exact_pairs(Ae: np.ndarray, Be: np.ndarray) -> list[tuple[tuple, tuple]]:
    """Certified extreme equilibria (normalised, exact) of the exact game (Ae, Be)."""
    m, n = Ae.shape
    Ap, Bp = _positive_exact(Ae), _positive_exact(Be)
    Apf, Bpf = float_view(Ap), float_view(Bp)
    VP, idx, ys = _candidates(Apf, Bpf, CANDIDATE_TOL)
    full = (1 << (m + n)) - 1
    xcache: dict[int, tuple[tuple, int]] = {}
    ycache: dict[tuple, tuple[tuple, int]] = {}

    def exact_x(i: int) -> tuple[tuple, int]:
        if i not in xcache:
            r = _exact_vertex(VP[i], Bp.T, Bpf.T)
            if r is None:
                raise SolverError(
                    "could not rebuild a vertex of the row player's best-response polytope "
                    "exactly; the floating-point vertex enumeration is unreliable for this game"
                )
            z, zero, tight = r
            mask = sum(1 << t for t, f in enumerate(zero) if f)
            mask |= sum(1 << (m + t) for t, f in enumerate(tight) if f)
            xcache[i] = (tuple(z), mask)
        return xcache[i]

    def exact_y(yf: np.ndarray) -> tuple[tuple, int]:
        key = tuple(np.round(yf, 10).tolist())
        if key not in ycache:
            r = _exact_vertex(yf, Ap, Apf)
            if r is None:
                raise SolverError(
                    "could not rebuild a vertex of the column player's best-response polytope "
                    "exactly; the floating-point vertex enumeration is unreliable for this game"
                )
            z, zero, tight = r
            mask = sum(1 << t for t, f in enumerate(tight) if f)
            mask |= sum(1 << (m + t) for t, f in enumerate(zero) if f)
            ycache[key] = (tuple(z), mask)
        return ycache[key]

    eqs = set()
    for i, yf in zip(idx, ys):
        x, lx = exact_x(i)
        y, ly = exact_y(yf)
        if lx | ly != full:
            continue
        sx, sy = sum(x), sum(y)
        if sx == 0 or sy == 0:
            continue
        eqs.add((tuple(v / sx for v in x), tuple(v / sy for v in y)))
    return list(eqs)


def _float_pairs(Af: np.ndarray, Bf: np.ndarray) -> list[tuple[tuple, tuple]]:
    """Extreme equilibria of the float game (Af, Bf), with regret within tolerance."""
    Apf, Bpf = _positive_float(Af), _positive_float(Bf)
    VP, idx, ys = _candidates(Apf, Bpf, FLOAT_LABEL_TOL)
    scale = max(1.0, float(Af.max() - Af.min()), float(Bf.max() - Bf.min()))
    tol = FLOAT_REGRET_TOL * scale
    payoffs = np.stack([Af, Bf])
    kept: list[tuple[tuple, tuple]] = []
    arrs: list[np.ndarray] = []
    for i, yf in zip(idx, ys):
        x = np.maximum(VP[i], 0.0)
        x = x / x.sum()
        y = yf / yf.sum()
        if max(regrets(payoffs, [x, y])) > tol:
            continue
        v = np.concatenate([x, y])
        if any(np.max(np.abs(v - w)) <= 10 * FLOAT_LABEL_TOL for w in arrs):
            continue
        arrs.append(v)
        kept.append((tuple(float(p) for p in x), tuple(float(p) for p in y)))
    return kept
