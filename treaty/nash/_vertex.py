"""All extreme Nash equilibria of a two-player game by vertex enumeration.

The best-response polytope of the player with fewer strategies is enumerated with cdd (double
description, floating point) when pycddlib is installed (the optional extra ``treaty[cdd]``);
the partner vertices of the other polytope are found by linear algebra on faces; for exact
games every candidate is rebuilt and certified in exact rational arithmetic.  Near-degenerate
inputs, where a fixed floating-point tolerance cannot be trusted, and every game when cdd is
not installed, are solved by exact lexicographic pivoting instead (:mod:`treaty.nash._reverse`,
complete for degenerate games).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from math import gcd
from typing import Any

import numpy as np

from .._exact.linalg import solve_independent, solve_integer
from .._exact.numbers import float_view, number_to_json, to_exact_array
from ..errors import GameError, GameTooLarge, SolverError
from ._regret import regrets

__all__ = [
    "VertexResult",
    "extreme_equilibria",
    "DEFAULT_MAX_SIZE",
    "LABEL_TOL",
    "AMBIGUOUS_BAND",
    "FLOAT_REGRET_TOL",
    "Enumeration",
    "have_cdd",
    "CDD_ENV",
]

#: Default limit on ``min(m, n)``.  The number of vertices of the enumerated best-response
#: polytope grows exponentially with it (for random integer payoffs in [-5, 5], about 600 at
#: 10x10, 2,000-8,000 at 12x12, 20,000-35,000 at 14x14), and the double-description time
#: faster still (0.02 s at 10x10, 0.2-1 s at 12x12, 3-30 s at 14x14, minutes at 16x16).
DEFAULT_MAX_SIZE = 15

#: Label tolerance on the normalised polytopes (right-hand side 1, coefficients in [1, 2] or
#: small positive integers): a constraint is tight at a float vertex when its slack is at most
#: this.  Because no slack may fall inside :data:`AMBIGUOUS_BAND`, any value inside the band
#: gives the same labels.
LABEL_TOL = 1e-8

#: Float slacks and coordinates strictly between these bounds are ambiguous: cddlib's float
#: arithmetic treats values below about 1e-7 as zero, so such a value may be a misclassified
#: incidence.  When one occurs the other player's polytope is tried, then the exact basis
#: enumeration.  (In random integer games the float noise of tight constraints is below 1e-14;
#: the smallest nonzero slack is above 1e-6 in all polytopes up to 10x10 and in about 9 of 10
#: at 12x12.)
AMBIGUOUS_BAND = (1e-11, 1e-6)

#: Float games: every reported equilibrium has regret at most this times
#: ``max(1, payoff range)``.
FLOAT_REGRET_TOL = 1e-8

#: Integer payoffs whose range is at most this are shifted to ``1 .. range+1`` and handed to cdd
#: as exact small integers; other payoffs are mapped affinely onto ``[1, 2]``.
_INTEGER_SHIFT_RANGE = 1000

# systems per batched float solve of the partners in the exact route
_BATCH = 50_000

#: Exact games with ``min(m, n)`` above this skip cdd and take the exact route at once: there
#: cdd's float output is mostly ambiguous (integer payoffs in [-50, 50]: 13x13 to 15x15 in
#: every game measured) and the exact route alone is faster (15x15: 4-19 s against 37-73 s
#: for two failed cdd runs followed by it; benchmarks/bench_midsize.py).
CDD_EXACT_MAX_SIZE = 12

#: Environment variable: ``TREATY_CDD=0`` makes treaty behave as if pycddlib were not installed
#: (every game then takes the exact route; used by the tests to cover both routes).
CDD_ENV = "TREATY_CDD"

# an exact vertex: numerators, common denominator, zero-coordinate and tight-row bit masks
_Vertex = tuple[tuple[int, ...], int, int, int]


def have_cdd() -> bool:
    """Whether the optional pycddlib (module ``cdd``, extra ``treaty[cdd]``) is importable and
    not switched off by ``TREATY_CDD=0``."""
    import os

    if os.environ.get(CDD_ENV, "").strip().lower() in ("0", "false", "no", "off"):
        return False
    try:
        import cdd  # noqa: F401
    except ImportError:
        return False
    return True


class Enumeration:
    """How the vertices were enumerated (values of :attr:`VertexResult.enumeration`)."""

    #: floating-point cdd with every slack clear of :data:`AMBIGUOUS_BAND`
    CDD = "cdd"
    #: exact lexicographic pivoting (cdd not installed, or its float output ambiguous)
    EXACT = "exact"
    #: former name of :attr:`EXACT`
    EXACT_BASES = EXACT


class _Unreliable(Exception):
    """Internal: the floating-point enumeration cannot be trusted for this game."""


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
    enumeration : str
        How the vertices were found, one of the :class:`Enumeration` constants.
    """

    equilibria: list[tuple[tuple, tuple]]
    components: list[list[int]]
    nash_subsets: list[tuple[list[int], list[int]]]
    row_vertices: list[tuple]
    col_vertices: list[tuple]
    exact: bool
    enumeration: str = "cdd"

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form (exact numbers as strings such as ``"1/3"``)."""
        return {
            "exact": self.exact,
            "enumeration": self.enumeration,
            "equilibria": [
                [[number_to_json(p) for p in x], [number_to_json(p) for p in y]]
                for x, y in self.equilibria
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
# floating-point enumeration (cdd) with its guards


def _ambiguous(values: np.ndarray) -> bool:
    """True when some value lies strictly inside :data:`AMBIGUOUS_BAND` in absolute value."""
    a = np.abs(values)
    lo, hi = AMBIGUOUS_BAND
    return bool(np.any((a > lo) & (a < hi)))


def _cdd_generators(H: np.ndarray, lin_set: Iterable[int] = ()) -> np.ndarray:
    """Vertices (float rows, leading 1 dropped) of the bounded polyhedron ``{b + A z >= 0}``.

    *H* is cdd's H-representation ``[b | A]``; rows in *lin_set* are equalities.  Double
    description method of cddlib (Fukuda and Prodon 1996), floating point.
    """
    import cdd  # local import: only vertex enumeration needs it

    try:
        mat = cdd.matrix_from_array(H.tolist(), lin_set=frozenset(lin_set), rep_type=cdd.RepType.INEQUALITY)
        gen = cdd.copy_generators(cdd.polyhedron_from_matrix(mat))
    except RuntimeError as exc:  # "Numerical inconsistency is found"
        raise _Unreliable(str(exc)) from exc
    d = H.shape[1]
    V = np.array(gen.array, dtype=np.float64).reshape(-1, d)
    if len(gen.lin_set) or not np.all(V[:, 0] == 1.0):
        # the polytopes here are bounded: rays or lines mean cdd went wrong
        raise _Unreliable("rays reported for a bounded polytope")
    return V[:, 1:]


def _polytope_vertices(M: np.ndarray) -> np.ndarray:
    """Vertices of ``{z >= 0, M z <= 1}`` (M positive, shape (k, d)) as a float (V, d) array."""
    k, d = M.shape
    H = np.zeros((d + k, d + 1))
    H[:d, 1:] = np.eye(d)  # z_i >= 0
    H[d:, 0] = 1.0
    H[d:, 1:] = -M  # 1 - M z >= 0
    return _cdd_generators(H)


def _float_labels(V: np.ndarray, M: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Boolean (V, d) zero-coordinate labels and (V, k) tight-row labels of float vertices.

    Raises :class:`_Unreliable` when a vertex is infeasible, has fewer than ``d`` tight
    constraints, or has a coordinate or slack in :data:`AMBIGUOUS_BAND`.
    """
    slack = 1.0 - V @ M.T
    if V.size and (V.min() < -LABEL_TOL or slack.min() < -LABEL_TOL):
        raise _Unreliable("a reported vertex lies outside the polytope")
    if _ambiguous(V) or _ambiguous(slack):
        raise _Unreliable("a slack or coordinate is too small to classify in floating point")
    zero = V <= LABEL_TOL
    tight = slack <= LABEL_TOL
    if np.any(zero.sum(axis=1) + tight.sum(axis=1) < V.shape[1]):
        raise _Unreliable("a reported vertex has fewer tight constraints than the dimension")
    return zero, tight


def _face_vertices(Apf: np.ndarray, S: np.ndarray, T: np.ndarray) -> list[np.ndarray]:
    """Vertices of the face ``{y in Q : y_j = 0 (j not in T), (A'y)_i = 1 (i in S)}``.

    A small double description run in the coordinates ``y_T`` with the rows ``S`` as
    equalities.  The face is a face of the polytope ``Q``, so its vertices are vertices of Q.
    """
    m, n = Apf.shape
    s, t = len(S), len(T)
    rest = np.setdiff1d(np.arange(m), S)
    H = np.zeros((s + t + rest.size, t + 1))
    H[:s, 0] = 1.0
    H[:s, 1:] = -Apf[np.ix_(S, T)]
    H[s : s + t, 1:] = np.eye(t)
    H[s + t :, 0] = 1.0
    H[s + t :, 1:] = -Apf[np.ix_(rest, T)]
    out = []
    for row in _cdd_generators(H, lin_set=range(s)):
        y = np.zeros(n)
        y[T] = row
        out.append(y)
    return out


def _partners(
    VP: np.ndarray, zero: np.ndarray, tight: np.ndarray, Apf: np.ndarray
) -> tuple[list[int], list[np.ndarray]]:
    """For each vertex x of P, the vertices y of Q completing its labels.

    A pair (x, y) is completely labelled exactly when ``y`` lies in the face of ``Q`` where the
    labels missing at ``x`` are tight: ``y_j = 0`` for the columns ``j`` that are not best
    responses to ``x`` (not in ``T``) and ``(A'y)_i = 1`` for the rows ``i`` in the support
    ``S`` of ``x``.  The partners of ``x`` are the vertices of that face.  When ``|S| = |T|``
    and ``A'[S, T]`` is nonsingular the face is at most one point, computed for all such ``x``
    at once by batched linear solves (grouped by ``|S|``); other (degenerate) faces are
    enumerated with a small cdd run each.  Raises :class:`_Unreliable` when a partner's slack
    or coordinate is ambiguous.

    Returns
    -------
    (indices, ys)
        The completely labelled pairs ``(VP[indices[k]], ys[k])``.
    """
    m, n = Apf.shape
    supp = ~zero
    s = supp.sum(axis=1)
    t = tight.sum(axis=1)
    out_i: list[int] = []
    out_y: list[np.ndarray] = []
    degenerate = t > s
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
        slack = 1.0 - Y @ Apf.T
        violation = np.maximum(-yT.min(axis=1), -slack.min(axis=1))
        if _ambiguous(violation[violation > LABEL_TOL]):
            raise _Unreliable("a partner is too close to feasibility to classify")
        ok = violation <= LABEL_TOL
        if _ambiguous(Y[ok]) or _ambiguous(slack[ok]):
            raise _Unreliable("a partner's slack is too small to classify")
        for k in np.flatnonzero(ok):
            out_i.append(int(idx[k]))
            out_y.append(np.maximum(Y[k], 0.0))
    for i in np.flatnonzero(degenerate):
        for y in _face_vertices(Apf, np.flatnonzero(supp[i]), np.flatnonzero(tight[i])):
            slack = 1.0 - Apf @ y
            if min(y.min(), slack.min()) < -LABEL_TOL:
                raise _Unreliable("a face vertex lies outside the polytope")
            if _ambiguous(y) or _ambiguous(slack):
                raise _Unreliable("a face vertex's slack is too small to classify")
            out_i.append(int(i))
            out_y.append(np.maximum(y, 0.0))
    return out_i, out_y


def _candidates(Apf: np.ndarray, Bpf: np.ndarray) -> tuple[np.ndarray, list[int], list[np.ndarray]]:
    """Float vertices of P and the completely labelled pairs (index into them, y)."""
    VP = _polytope_vertices(Bpf.T)
    VP = VP[VP.max(axis=1) > LABEL_TOL]  # drop the origin (completely labelled only with 0)
    zero, tight = _float_labels(VP, Bpf.T)
    idx, ys = _partners(VP, zero, tight, Apf)
    return VP, idx, ys


# --------------------------------------------------------------------------------------------
# exact reconstruction of vertices


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
    support = [i for i in range(d) if zf[i] > LABEL_TOL]
    order = sorted(range(k), key=lambda j: slack[j])
    z = None
    if support:
        sub = solve_independent((([M[j, i] for i in support], Fraction(1)) for j in order), len(support))
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
    z = solve_independent(((c, b) for _, c, b in cons), d)
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


def _integer_rows(M: np.ndarray) -> tuple[list[list[int]], list[int]]:
    """Rows of ``M z <= 1`` scaled to integers: ``(L_r M_r) z <= L_r``, ``L_r`` the lcm of
    the row's denominators."""
    rows, rhs = [], []
    for row in M:
        fr = [Fraction(int(v.numerator), int(v.denominator)) for v in row]
        lcm = 1
        for v in fr:
            lcm = lcm * v.denominator // gcd(lcm, v.denominator)
        rows.append([int(v * lcm) for v in fr])
        rhs.append(lcm)
    return rows, rhs


def _progress_counter(label: str) -> Any:
    """A context manager yielding a callback ``f(count)`` that reports bases visited."""
    from contextlib import contextmanager

    from .._progress import phase

    @contextmanager
    def cm() -> Any:
        with phase(label) as ph:
            yield lambda c: ph.update(f"{c:,} bases")

    return cm()


def _reverse_vertices(rows: list[list[int]], rhs: list[int], label: str) -> list[_Vertex]:
    """Exact vertices of ``{z >= 0, rows z <= rhs}`` (:mod:`treaty.nash._reverse`), with progress."""
    from ._reverse import enumerate_vertices

    with _progress_counter(label) as report:
        return enumerate_vertices(rows, rhs, on_count=report)


def _exact_partner(rows_q: list[list[int]], rhs_q: list[int], S: list[int], T: list[int], n: int
                   ) -> tuple[int, ...] | None | bool:
    """The point ``y`` with ``y_j = 0`` off *T* and rows *S* of ``rows_q y <= rhs_q`` tight.

    Returns the numerators of ``y`` (up to a positive factor) when it lies in Q, None when it
    does not, and False when the square system is singular (a degenerate face).
    """
    sol = solve_integer([[rows_q[i][j] for j in T] for i in S], [rhs_q[i] for i in S])
    if sol is None:
        return False
    num_T, den = sol
    if min(num_T) < 0:
        return None
    y = [0] * n
    for j, v in zip(T, num_T):
        y[j] = v
    for row, b in zip(rows_q, rhs_q):
        if sum(row[j] * y[j] for j in T) > b * den:
            return None
    return tuple(y)


def _exact_by_reverse(Ap: np.ndarray, Bp: np.ndarray) -> list[tuple[tuple, tuple]]:
    """Exact extreme equilibria of the positive game (Ap, Bp), in the manner of lrsNash.

    1. Every vertex ``x != 0`` of ``P = {x >= 0, Bp^T x <= 1}`` exactly, by lexicographic
       pivoting (:func:`treaty.nash._reverse.enumerate_vertices`), with its support ``S`` and
       the set ``T`` of columns where ``(Bp^T x)_j = 1`` (its best responses).
    2. Nondegenerate ``x`` (``|S| = |T|``): the only candidate partner solves
       ``Ap[S, T] y_T = 1``, ``y = 0`` off ``T``.  All such systems are solved in floating
       point in batches; those clearly infeasible (violation above 1e-6 with a condition number
       below 1e7) are dropped and every other one is settled exactly
       (:func:`treaty._exact.linalg.solve_integer`).
    3. Degenerate ``x`` (``|T| > |S|``, or ``Ap[S, T]`` singular): its partners are the
       vertices of the face of ``Q = {y >= 0, Ap y <= 1}`` where ``y`` vanishes off ``T`` and
       the rows ``S`` are tight, i.e. the vertices of ``{y_T >= 0, Ap[:, T] y_T <= 1}`` with
       the rows ``S`` tight, enumerated exactly the same way (once per distinct ``T``).  With
       many distinct ``T`` the whole of ``Q`` is enumerated once instead and the pairs are
       matched by their label masks.
    """
    m, n = Ap.shape
    rows_p, rhs_p = _integer_rows(Bp.T)
    rows_q, rhs_q = _integer_rows(Ap)
    xs = [v for v in _reverse_vertices(rows_p, rhs_p, f"vertices of a {m}x{n} best-response polytope")
          if any(v[0])]
    Qf = float_view(Ap)
    full_m = (1 << m) - 1
    pairs: list[tuple[tuple[int, ...], tuple[int, ...]]] = []
    degenerate: list[tuple[tuple[int, ...], list[int], list[int]]] = []
    groups: dict[int, list[tuple[tuple[int, ...], list[int], list[int]]]] = {}
    for num, _den, zm, tm in xs:
        S = [i for i in range(m) if not (zm >> i) & 1]
        T = [j for j in range(n) if (tm >> j) & 1]
        if len(S) == len(T):
            groups.setdefault(len(S), []).append((num, S, T))
        else:
            degenerate.append((num, S, T))
    for size, items in groups.items():
        for start in range(0, len(items), _BATCH):
            chunk = items[start : start + _BATCH]
            Sx = np.array([s for _, s, _ in chunk], dtype=np.int64)
            Tx = np.array([t for _, _, t in chunk], dtype=np.int64)
            sub = Qf[Sx[:, :, None], Tx[:, None, :]]
            sv = np.linalg.svd(sub, compute_uv=False)
            with np.errstate(divide="ignore", invalid="ignore"):
                good = sv[:, -1] > 1e-7 * sv[:, 0]
            yT = np.zeros((len(chunk), size))
            if good.any():
                yT[good] = np.linalg.solve(sub[good], np.ones((int(good.sum()), size, 1)))[:, :, 0]
            Y = np.zeros((len(chunk), n))
            np.put_along_axis(Y, Tx, yT, axis=1)
            violation = np.maximum(-yT.min(axis=1), (Y @ Qf.T).max(axis=1) - 1.0)
            settle = ~good | (violation <= 1e-6)
            for k in np.flatnonzero(settle):
                num, S, T = chunk[k]
                sol = _exact_partner(rows_q, rhs_q, S, T, n)
                if sol is False:
                    degenerate.append((num, S, T))
                elif isinstance(sol, tuple):
                    pairs.append((num, sol))
    if degenerate:
        distinct_T = {tuple(T) for _, _, T in degenerate}
        if len(distinct_T) > 16:
            ys = [v for v in _reverse_vertices(rows_q, rhs_q, f"vertices of the other {m}x{n} "
                                                               "best-response polytope") if any(v[0])]
            ly = [tm | (zm << m) for _num, _den, zm, tm in ys]
            for num, S, T in degenerate:
                need = (full_m & ~sum(1 << i for i in range(m) if i not in S)) | (
                    sum(1 << (m + j) for j in range(n) if j not in T))
                for (ynum, _d, _z, _t), lab in zip(ys, ly):
                    if lab & need == need:
                        pairs.append((num, ynum))
        else:
            cache: dict[tuple[int, ...], list[_Vertex]] = {}
            for num, S, T in degenerate:
                key = tuple(T)
                if key not in cache:
                    cache[key] = [v for v in _reverse_vertices(
                        [[row[j] for j in T] for row in rows_q], rhs_q,
                        "vertices of a face of the other best-response polytope") if any(v[0])]
                smask = sum(1 << i for i in S)
                for ynum, _d, _z, tm in cache[key]:
                    if tm & smask == smask:
                        yfull = [0] * n
                        for j, v in zip(T, ynum):
                            yfull[j] = v
                        pairs.append((num, tuple(yfull)))
    out = set()
    for xn, yn in pairs:
        sx, sy = sum(xn), sum(yn)
        out.add((tuple(Fraction(v, sx) for v in xn), tuple(Fraction(v, sy) for v in yn)))
    return sorted(out)


#: the exact route, under its former name (benchmarks/bench_exact.py times it per backend)
_exact_by_bases = _exact_by_reverse

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


def _maximal_bicliques(
    pairs: Sequence[tuple[int, int]], nx_: int
) -> list[tuple[list[int], list[int]]]:
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


def _finish(eqs: list[tuple[tuple, tuple]], exact: bool, enumeration: str) -> VertexResult:
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
        enumeration=enumeration,
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
        anything :func:`treaty._exact.numbers.as_fraction` accepts); float games: float arrays.
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
        When a certification fails (never observed: no uncertified equilibrium is ever
        returned).

    Notes
    -----
    Algorithm: Avis, Rosenberg, Savani and von Stengel (2010), "Enumeration of Nash equilibria
    for two-player games", Economic Theory 42, sections 2-3 (extreme equilibria as completely
    labelled vertex pairs of the best-response polytopes, found from the vertices of one
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
       labels that ``x`` lacks: the vertices of a face of Q (see :func:`_partners`), one
       batched linear solve for all nondegenerate ``x`` and a small cdd run for each
       degenerate one.  These are exactly the completely labelled pairs ``(x, y) != (0, 0)``.
       Enumerating one polytope only is what makes rectangular games cheap (6x30: about 300
       vertices of P against 50,000 of Q) and halves the work on square ones.
    4. Exact games: each vertex of a pair is rebuilt exactly (Fraction Gaussian elimination on
       ``d`` independent constraints, taken in order of float slack), checked exactly to be
       feasible and close to its float image, and its exact labels recomputed; a pair is kept
       only if exactly completely labelled.  Normalised to probabilities, each equilibrium's
       regret is checked with :func:`treaty.nash._regret.regrets` to be exactly 0 (else
       :class:`SolverError`).
    5. Float games: the same on floats; a pair whose regret exceeds
       ``FLOAT_REGRET_TOL * max(1, payoff range)`` (never seen) marks the result unreliable.
    6. Components: connected components (networkx) of the bipartite graph of distinct row and
       column strategies joined by equilibria.  Maximal Nash subsets: its maximal bicliques.

    Degenerate games (ties, integer payoffs) are the normal case: a degenerate vertex simply has
    more than ``d`` labels, and the equilibrium set is the union of the products of the convex
    hulls of the maximal Nash subsets.

    Guards against floating-point vertex enumeration (cddlib's float arithmetic treats values
    below about 1e-7 as zero).  Integer payoffs of small range reach cdd as exact small
    integers.  The float result is *unreliable* after a cdd error, a reported vertex that is
    infeasible or has fewer than ``d`` tight constraints, any slack or coordinate inside
    :data:`AMBIGUOUS_BAND` (neither clearly zero nor clearly positive), or an exact rebuild
    that fails, moves a vertex or changes its labels.  Then (a) the other player's polytope is
    enumerated instead; (b) if that is unreliable too, the game (its exact values, for float
    games) is solved exactly by :func:`_exact_by_reverse`: lexicographic pivoting in integer
    arithmetic over the vertices of ``P`` (Avis and Fukuda 1992; lrs), then exact partners.
    The same exact route is the whole computation when pycddlib is not installed (or
    ``TREATY_CDD=0``).  (A second cdd run with another constraint order is no remedy: on
    near-degenerate games both runs often make the same mistake.)
    :attr:`VertexResult.enumeration` says which route was taken.  Every exact equilibrium is
    certified whatever the route; what the guards cannot prove is that cdd reported every
    vertex, which the oracle tests against pygambit support.

    Complexity: the vertex count of P (exponential in ``min(m, n)`` in the worst case) plus
    one small linear solve per vertex; the exact route makes two integer pivots per
    lexicographically feasible basis of P (about 0.15 ms each at 12x12: 5,000 vertices in
    0.8 s).

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
        raise GameError(
            f"A and B must be non-empty matrices of the same shape, got {A.shape} and {B.shape}"
        )
    m, n = A.shape
    if min(m, n) > max_size:
        raise GameTooLarge(
            f"vertex enumeration of a {m}x{n} game: min(m, n) = {min(m, n)} exceeds "
            f"the limit {max_size}; the number of polytope vertices grows exponentially with it "
            "(pass a larger max_size, --max-size on the command line, to try anyway; "
            "method 'lemke-howson', --method lemke-howson, finds some equilibria fast)"
        )
    if exact:
        Ae, Be = to_exact_array(A), to_exact_array(B)
        games = (_positive_exact(Ae), _positive_exact(Be))
    else:
        Af, Bf = float_view(A), float_view(B)
        if not (np.all(np.isfinite(Af)) and np.all(np.isfinite(Bf))):
            raise GameError("payoffs must be finite")
        games = (Af, Bf)

    def attempt(transpose: bool) -> list[tuple[tuple, tuple]]:
        G, H = (games[1].T, games[0].T) if transpose else games
        pairs = _exact_from_float(G, H) if exact else _float_pairs(G, H)
        return [(x, y) for y, x in pairs] if transpose else pairs

    # enumerate the polytope of lower dimension first, then the other one
    eqs: list[tuple[tuple, tuple]] | None = None
    how = Enumeration.CDD
    if have_cdd() and not (exact and min(m, n) > CDD_EXACT_MAX_SIZE):
        for transpose in (m > n, m <= n):
            try:
                eqs = attempt(transpose)
                break
            except _Unreliable:
                continue
    if eqs is None:
        Ae, Be = to_exact_array(A), to_exact_array(B)
        Ap, Bp = _positive_exact(Ae), _positive_exact(Be)
        if m > n:
            eqs = [(x, y) for y, x in _exact_by_reverse(Bp.T, Ap.T)]
        else:
            eqs = _exact_by_reverse(Ap, Bp)
        how = Enumeration.EXACT
        if not exact:
            eqs = [(tuple(map(float, x)), tuple(map(float, y))) for x, y in eqs]
    if exact:
        payoffs = np.stack([Ae, Be])
        for x, y in eqs:
            if any(r != 0 for r in regrets(payoffs, [x, y])):
                raise SolverError(f"certification failed: nonzero regret at {x}, {y}")
    return _finish(eqs, exact=exact, enumeration=how)


def _exact_from_float(Ap: np.ndarray, Bp: np.ndarray) -> list[tuple[tuple, tuple]]:
    """Certify exactly the completely labelled pairs found in floating point.

    *Ap*, *Bp* are the exact positive matrices.  Raises :class:`_Unreliable` when a vertex
    cannot be rebuilt exactly near its float image or the exact labels disagree with the float
    ones (which were unambiguous).
    """
    m, n = Ap.shape
    Apf, Bpf = float_view(Ap), float_view(Bp)
    VP, idx, ys = _candidates(Apf, Bpf)
    full = (1 << (m + n)) - 1
    xcache: dict[int, tuple[tuple, int]] = {}
    ycache: dict[tuple, tuple[tuple, int]] = {}

    def rebuild(zf: np.ndarray, M: np.ndarray, Mf: np.ndarray) -> tuple[tuple, list, list]:
        r = _exact_vertex(zf, M, Mf)
        if r is None:
            raise _Unreliable("a vertex could not be rebuilt exactly")
        z, zero, tight = r
        if np.max(np.abs(np.array(z, dtype=float) - zf)) > AMBIGUOUS_BAND[1]:
            raise _Unreliable("the exact vertex differs from its floating-point image")
        return tuple(z), zero, tight

    def exact_x(i: int) -> tuple[tuple, int]:
        if i not in xcache:
            z, zero, tight = rebuild(VP[i], Bp.T, Bpf.T)
            mask = sum(1 << t for t, f in enumerate(zero) if f)
            mask |= sum(1 << (m + t) for t, f in enumerate(tight) if f)
            xcache[i] = (z, mask)
        return xcache[i]

    def exact_y(yf: np.ndarray) -> tuple[tuple, int]:
        key = tuple(np.round(yf, 10).tolist())
        if key not in ycache:
            z, zero, tight = rebuild(yf, Ap, Apf)
            mask = sum(1 << t for t, f in enumerate(tight) if f)
            mask |= sum(1 << (m + t) for t, f in enumerate(zero) if f)
            ycache[key] = (z, mask)
        return ycache[key]

    eqs = set()
    for i, yf in zip(idx, ys):
        x, lx = exact_x(i)
        y, ly = exact_y(yf)
        if lx | ly != full:  # float labels were unambiguous, so exact ones must agree
            raise _Unreliable("exact labels disagree with the floating-point labels")
        sx, sy = sum(x), sum(y)
        eqs.add((tuple(v / sx for v in x), tuple(v / sy for v in y)))
    if not eqs:
        raise _Unreliable("no equilibrium found in floating point")
    return list(eqs)


def _float_pairs(Af: np.ndarray, Bf: np.ndarray) -> list[tuple[tuple, tuple]]:
    """Extreme equilibria of the float game (Af, Bf), with regret within tolerance."""
    Apf, Bpf = _positive_float(Af), _positive_float(Bf)
    VP, idx, ys = _candidates(Apf, Bpf)
    scale = max(1.0, float(Af.max() - Af.min()), float(Bf.max() - Bf.min()))
    tol = FLOAT_REGRET_TOL * scale
    payoffs = np.stack([Af, Bf])
    kept: list[tuple[tuple, tuple]] = []
    seen: set[tuple] = set()
    for i, yf in zip(idx, ys):
        x = np.maximum(VP[i], 0.0)
        x = x / x.sum()
        y = yf / yf.sum()
        if max(regrets(payoffs, [x, y])) > tol:
            raise _Unreliable("a completely labelled float pair has a large regret")
        key = tuple(np.round(np.concatenate([x, y]), 9).tolist())
        if key in seen:
            continue
        seen.add(key)
        kept.append((tuple(float(p) for p in x), tuple(float(p) for p in y)))
    if not kept:
        raise _Unreliable("no equilibrium found in floating point")
    return kept
