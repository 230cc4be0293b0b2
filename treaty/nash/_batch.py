"""All extreme equilibria of many small bimatrix games at once, as arrays.

:func:`batch_equilibria` solves ``P`` games of the same shape ``m x n`` (``max(m, n) <=``
:data:`BATCH_MAX_SIZE`) together: every step is a numpy operation over all games, with no
Python call per game except to build the returned tuples.

Algorithm
---------
Vertex enumeration of the best-response polytopes (Avis, Rosenberg, Savani and von Stengel
2010, "Enumeration of Nash equilibria for two-player games", Economic Theory 42, sections 2-3;
von Stengel 2007, ch. 3 of Nisan et al., Algorithmic Game Theory, section 3.2), with every
basis enumerated instead of pivoting, which is cheap for small games:

1. Shift the payoffs to positive integers ``A'``, ``B'`` (per game and player: subtract the
   minimum, add 1; rational payoffs are first multiplied by the lcm of their denominators).
   Positive affine maps do not change best responses, hence equilibria.
2. ``P = {x >= 0, B'^T x <= 1}`` (``m + n`` constraints in ``R^m``) and
   ``Q = {A' y <= 1, y >= 0}``.  For every choice of ``m`` (resp. ``n``) constraints made
   tight, solve the square system by Cramer's rule with integer determinants (Leibniz formula,
   batched over games and choices): the candidate is ``num / det`` with integer ``num`` and
   ``det``.  It is a vertex when ``det != 0`` and every constraint holds; its label set is the
   set of constraints that are tight, tested exactly (``slack == 0`` in integers).  A vertex is
   determined by its tight set, so duplicates (degenerate games: a vertex on more than ``m``
   facets is found from several bases) are removed by comparing label masks.
3. The extreme equilibria are the completely labelled pairs ``(x, y) != (0, 0)``: label masks
   whose union is all ``m + n`` labels; normalised, ``x = num / sum(num)``.  Every vertex of
   both polytopes is found, so the set is complete, degenerate games included.
4. Certificate: every pair is checked in integer arithmetic, batched: each pure strategy
   played with positive probability is a best response (regret exactly zero).

Integers are ``int64`` while a bound on every intermediate value (Leibniz terms, slacks, the
certificate's products) stays below ``2**62``; otherwise the same code runs on Python integers
(numpy object arrays), still exact.  Float games whose payoffs are not all integers are solved
with float determinants and a tolerance; a game with a slack or coordinate too close to zero
to classify (inside :data:`treaty.nash._vertex.AMBIGUOUS_BAND`) is re-solved on its own by
:func:`treaty.nash._vertex.extreme_equilibria`.  Games larger than :data:`BATCH_MAX_SIZE` are
solved one by one by that function.
"""

from __future__ import annotations

import itertools
import math
from fractions import Fraction
from typing import Any

import numpy as np

from ..errors import GameError, SolverError

__all__ = ["batch_equilibria", "BATCH_MAX_SIZE"]

#: Largest ``max(m, n)`` solved in batch (the number of bases is ``C(m + n, m)``: 20 at 3x3,
#: 70 at 4x4); larger games are solved one by one.
BATCH_MAX_SIZE = 4

#: bound under which int64 arithmetic is exact for every intermediate value
_INT64_SAFE = 2**62

#: games per internal chunk (bounds the memory of the vertex-pair table)
_CHUNK = 16384

#: float path: tight / feasible tolerance on normalised slacks (payoffs mapped onto [1, 2])
_FLOAT_TOL = 1e-9

Equilibrium = tuple[tuple[Any, ...], tuple[Any, ...]]


def batch_equilibria(A: Any, B: Any, *, exact: bool | None = None) -> list[tuple[Equilibrium, ...]]:
    """All extreme Nash equilibria of many small bimatrix games, solved together.

    Parameters
    ----------
    A, B : array_like, shape (P, m, n)
        Payoffs of the row and the column player in each of the ``P`` games.  Integer arrays,
        object arrays of ints or :class:`~fractions.Fraction`, or float arrays.
    exact : bool, optional
        ``True``: exact rational equilibria, each certified with regret exactly zero (floats
        are read as the exact binary fractions they are).  ``False``: float equilibria (float
        payoffs that are all integers are still solved exactly, then converted).  Default:
        exact for integer and object arrays, float otherwise.

    Returns
    -------
    list of tuple of (x, y)
        For each game, its extreme equilibria sorted lexicographically on ``(x, y)``, each a
        pair of mixed strategies (tuples of Fractions when exact, floats otherwise): the same
        set as ``treaty.equilibria(Game.from_arrays(A[p], B[p]))``.

    Raises
    ------
    GameError
        Arrays of the wrong shape or with non-finite values.

    Notes
    -----
    The algorithm and its sources are in the module docstring.

    Examples
    --------
    >>> import numpy as np
    >>> A = np.array([[[2, 0], [0, 1]], [[3, 0], [5, 1]]])   # battle of the sexes, dilemma
    >>> B = np.array([[[1, 0], [0, 2]], [[3, 5], [0, 1]]])
    >>> [[(tuple(map(str, x)), tuple(map(str, y))) for x, y in eqs]
    ...  for eqs in batch_equilibria(A, B)]  # doctest: +NORMALIZE_WHITESPACE
    [[(('0', '1'), ('0', '1')), (('2/3', '1/3'), ('1/3', '2/3')), (('1', '0'), ('1', '0'))],
     [(('0', '1'), ('0', '1'))]]
    """
    A = np.asarray(A)
    B = np.asarray(B)
    if A.ndim != 3 or A.shape != B.shape:
        raise GameError(f"batch_equilibria needs two arrays of the same shape (P, m, n), got "
                        f"{A.shape} and {B.shape}")
    P, m, n = A.shape
    if m == 0 or n == 0:
        raise GameError(f"every player needs at least one strategy, got games of shape {m}x{n}")
    if exact is None:
        exact = A.dtype.kind in "iub" or A.dtype == object
        exact = exact and (B.dtype.kind in "iub" or B.dtype == object)
    if P == 0:
        return []
    float_out = False
    if not exact:
        Af = np.asarray(A, dtype=np.float64)
        Bf = np.asarray(B, dtype=np.float64)
        if not (np.all(np.isfinite(Af)) and np.all(np.isfinite(Bf))):
            raise GameError("payoffs must be finite numbers")
        if not (np.array_equal(Af, np.round(Af)) and np.array_equal(Bf, np.round(Bf))
                and np.max(np.abs(Af)) < 2**52 and np.max(np.abs(Bf)) < 2**52):
            return _solve_float(Af, Bf)
        A, B = Af.astype(np.int64), Bf.astype(np.int64)
        float_out = True
    if max(m, n) > BATCH_MAX_SIZE:
        return _one_by_one(A, B, exact=not float_out)
    Ai = _positive_integers(A)
    Bi = _positive_integers(B)
    out: list[tuple[Equilibrium, ...]] = []
    for lo in range(0, P, _CHUNK):
        out += _solve_integer(Ai[lo:lo + _CHUNK], Bi[lo:lo + _CHUNK], float_out)
    return out


# --------------------------------------------------------------------------------------------
# input normalisation


def _positive_integers(U: np.ndarray) -> np.ndarray:
    """Per game, an integer matrix ``>= 1`` that is a positive affine image of ``U[p]``:
    ``int64`` when the values are small integers, else an object array of Python ints."""
    if U.dtype.kind in "iub":
        U64 = U.astype(np.int64)
        lo = U64.min(axis=(1, 2), keepdims=True)
        hi = U64.max(axis=(1, 2), keepdims=True)
        if np.all(hi.astype(object) - lo.astype(object) < 2**40):
            return U64 - lo + 1
        U = U.astype(object)
    if U.dtype.kind == "f":
        if not np.all(np.isfinite(U)):
            raise GameError("payoffs must be finite numbers")
        U = U.astype(object)
    if U.dtype != object:
        raise GameError(f"payoffs of dtype {U.dtype} cannot be solved exactly")
    F = np.empty(U.shape, dtype=object)
    for idx, v in np.ndenumerate(U):
        try:
            F[idx] = Fraction(v)
        except (TypeError, ValueError):
            raise GameError(f"payoff {v!r} is not an exact number") from None
    out = np.empty(U.shape, dtype=object)
    for p in range(U.shape[0]):
        scale = math.lcm(*(f.denominator for f in F[p].flat))
        ints = F[p] * scale
        lo = min(ints.flat)
        out[p] = [[int(v - lo) + 1 for v in row] for row in ints]
    if max(out.flat) < 2**40:
        return out.astype(np.int64)
    return out


# --------------------------------------------------------------------------------------------
# batched integer vertex enumeration


def _leibniz(M: np.ndarray) -> np.ndarray:
    """Determinants of the trailing ``k x k`` matrices of *M* (Leibniz formula; exact for
    integers while the terms fit the dtype)."""
    k = M.shape[-1]
    total: Any = None
    for perm in itertools.permutations(range(k)):
        term = M[..., 0, perm[0]]
        for r in range(1, k):
            term = term * M[..., r, perm[r]]
        inv = sum(1 for a in range(k) for b in range(a + 1, k) if perm[a] > perm[b])
        if total is None:
            total = term.copy() if inv % 2 == 0 else -term
        elif inv % 2:
            total = total - term
        else:
            total = total + term
    return np.asarray(total)


def _bases(d: int, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Row choices of ``d`` among the ``d + k`` constraints ``[I_d; M]`` (the all-coordinates
    choice, whose only solution is the origin, left out) and their right-hand sides."""
    rows = [c for c in itertools.combinations(range(d + k), d) if c != tuple(range(d))]
    idx = np.array(rows, dtype=np.intp).reshape(len(rows), d)
    rhs = (idx >= d).astype(np.int64)
    return idx, rhs


def _square_subsystems(k: int, d: int) -> list[tuple[np.ndarray, np.ndarray]]:
    """For each size ``t = 1 .. min(k, d)``: all pairs (rows T of M, coordinates F), as index
    arrays of shape (S_t, t).  A basis of ``{z >= 0, M z <= 1}`` other than the origin makes
    the coordinates outside F zero and the rows T tight, so these are all the bases."""
    out = []
    for t in range(1, min(k, d) + 1):
        pairs = [(T, F) for T in itertools.combinations(range(k), t)
                 for F in itertools.combinations(range(d), t)]
        out.append((np.array([p[0] for p in pairs], dtype=np.intp),
                    np.array([p[1] for p in pairs], dtype=np.intp)))
    return out


def _vertices(M: np.ndarray, label_of: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Distinct nonzero vertices of ``{z >= 0, M z <= 1}`` for each game.

    *M*: integer array (G, k, d), entries >= 1.  *label_of*: label of each of the ``d + k``
    constraints (coordinates first).  Returns ``masks`` (G, V) int64 label masks, -1 where no
    vertex, and ``nums`` (G, V, d) integer numerators (a vertex is ``nums / det``; only the
    direction matters here, so ``det`` is dropped).
    """
    G, k, d = M.shape
    dets, nums = [], []
    for T, F in _square_subsystems(k, d):
        # coordinates outside F are 0; rows T of M are tight: M[T, F] z_F = 1 (Cramer)
        sub = M[:, T[:, :, None], F[:, None, :]]  # (G, S_t, t, t)
        dets.append(_leibniz(sub))
        num = np.zeros((G, len(T), d), dtype=M.dtype)
        for c in range(T.shape[1]):
            Mc = sub.copy()
            Mc[..., :, c] = 1
            np.put_along_axis(num, np.broadcast_to(F[None, :, c:c + 1], (G, len(T), 1)),
                              _leibniz(Mc)[..., None], axis=2)
        nums.append(num)
    det = np.concatenate(dets, axis=1)  # (G, S)
    num = np.concatenate(nums, axis=1)  # (G, S, d)
    sgn = np.sign(det)
    det = det * sgn
    num = num * sgn[..., None]
    slack = det[..., None] - num @ np.swapaxes(M, 1, 2)  # (G, S, k)
    vals = np.concatenate([num, slack], axis=-1)
    valid = (det != 0) & np.all(vals >= 0, axis=-1) & np.any(num != 0, axis=-1)
    weights = (np.int64(1) << label_of.astype(np.int64))
    masks = ((vals == 0).astype(np.int64) * weights).sum(axis=-1)
    masks = np.where(valid, masks, -1)
    return _distinct(masks, num)


def _distinct(masks: np.ndarray, z: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Mark repeated vertices (equal label masks: a vertex is determined by its set of tight
    constraints) as absent (-1); with many bases, move the distinct ones to the front."""
    S = masks.shape[1]
    earlier = np.tril(np.ones((S, S), dtype=bool), -1)  # [s, s']: s' < s
    dup = np.any((masks[:, :, None] == masks[:, None, :]) & earlier, axis=2)
    masks = np.where(dup, -1, masks)
    if S > 24:
        keep = masks >= 0
        width = max(1, int(keep.sum(axis=1).max()))
        front = np.argsort(~keep, axis=1, kind="stable")[:, :width]
        masks = np.take_along_axis(masks, front, axis=1)
        z = np.take_along_axis(z, front[..., None], axis=1)
    return masks, z


def _int_bound(Ai: np.ndarray, Bi: np.ndarray) -> int:
    """A bound on every intermediate integer of :func:`_solve_integer`."""
    m, n = Ai.shape[1:]
    R = int(max(Ai.max(), Bi.max()))
    k = max(m, n)
    det = math.factorial(k) * R**k
    return (k + 2) * R * det * (m + n)


def _solve_integer(Ai: np.ndarray, Bi: np.ndarray, float_out: bool) -> list[tuple[Equilibrium, ...]]:
    G, m, n = Ai.shape
    if Ai.dtype != object and _int_bound(Ai, Bi) >= _INT64_SAFE:
        Ai, Bi = Ai.astype(object), Bi.astype(object)
    label_p = np.arange(m + n)  # x_i = 0 -> i, (B'^T x)_j = 1 -> m + j
    label_q = np.concatenate([np.arange(m, m + n), np.arange(m)])  # y_j = 0 -> m + j, rows -> i
    mp, xp = _vertices(np.swapaxes(Bi, 1, 2), label_p)
    mq, yq = _vertices(Ai, label_q)
    full = (1 << (m + n)) - 1
    pair = ((mp[:, :, None] | mq[:, None, :]) == full) & (mp >= 0)[:, :, None] & (mq >= 0)[:, None, :]
    g, i, j = np.nonzero(pair)
    a = xp[g, i]  # (K, m)
    b = yq[g, j]  # (K, n)
    _certify(Ai[g], Bi[g], a, b)
    counts = np.bincount(g, minlength=G)
    if np.any(counts == 0):
        raise SolverError("internal error: a game without an equilibrium in the batch solver")
    sa = a.sum(axis=1)
    sb = b.sum(axis=1)
    if a.dtype != object and max(int(sa.max()), int(sb.max())) < 2**25:
        # lexicographic order on (x, y) per game, in numpy: with denominators below 2**25,
        # distinct probabilities differ by more than 2**-50, so their floats keep the order
        xf = a / sa[:, None]
        yf = b / sb[:, None]
        keys = [yf[:, c] for c in range(n - 1, -1, -1)] + [xf[:, c] for c in range(m - 1, -1, -1)]
        order = np.lexsort([*keys, g])
        a, b, sa, sb = a[order], b[order], sa[order], sb[order]
        presorted = True
    else:
        presorted = False
    xs = _probabilities(a, sa, float_out)
    ys = _probabilities(b, sb, float_out)
    pairs = list(zip(xs, ys))
    ends = np.cumsum(counts).tolist()
    starts = [0, *ends[:-1]]
    if presorted:
        return [tuple(pairs[s:e]) for s, e in zip(starts, ends)]
    return [tuple(sorted(pairs[s:e])) for s, e in zip(starts, ends)]


def _certify(Ag: np.ndarray, Bg: np.ndarray, a: np.ndarray, b: np.ndarray) -> None:
    """Exact check, batched: in each pair, every pure strategy with positive weight is a best
    response to the other (regret exactly zero); weights non-negative, not all zero."""
    Ab = (Ag @ b[..., None])[..., 0]  # (K, m): row payoffs times sum(b)
    aB = (a[:, None, :] @ Bg)[:, 0, :]  # (K, n)
    ok = (np.all(a >= 0, axis=1) & np.all(b >= 0, axis=1)
          & np.any(a > 0, axis=1) & np.any(b > 0, axis=1)
          & np.all((a == 0) | (Ab == Ab.max(axis=1, keepdims=True)), axis=1)
          & np.all((b == 0) | (aB == aB.max(axis=1, keepdims=True)), axis=1))
    if not np.all(ok):
        bad = int(np.argmin(ok))
        raise SolverError(f"internal error: batch profile {a[bad].tolist()}, {b[bad].tolist()} "
                          "(unnormalised) is not an exact equilibrium")


def _probabilities(a: np.ndarray, s: np.ndarray, float_out: bool) -> list[tuple[Any, ...]]:
    """Rows of non-negative integer weights *a* with row sums *s* as probability tuples
    (Fractions, or floats when *float_out*)."""
    if float_out:
        return list(map(tuple, (a / s[:, None]).astype(np.float64).tolist()))
    den = np.broadcast_to(s[:, None], a.shape)
    if a.dtype != object:
        g = np.gcd(a, den)
        num, den = a // g, den // g
        top = int(den.max()) + 1
        if top < 2**30:
            # build each distinct Fraction once
            code, inverse = np.unique(num * top + den, return_inverse=True)
            fr = np.empty(len(code), dtype=object)
            fr[:] = [Fraction(int(c) // top, int(c) % top) for c in code]
            return list(map(tuple, fr[inverse.reshape(a.shape)].tolist()))
    return [tuple(Fraction(int(x), int(d)) for x, d in zip(nr, dr))
            for nr, dr in zip(a.tolist(), den.tolist())]


# --------------------------------------------------------------------------------------------
# float games and large games


def _one_by_one(A: np.ndarray, B: np.ndarray, *, exact: bool) -> list[tuple[Equilibrium, ...]]:
    from ._vertex import extreme_equilibria

    out: list[tuple[Equilibrium, ...]] = []
    for a, b in zip(A, B):
        if exact:
            res = extreme_equilibria(a.astype(object), b.astype(object), exact=True)
            out.append(tuple(res.equilibria))
        else:
            res = extreme_equilibria(np.asarray(a, dtype=float), np.asarray(b, dtype=float),
                                     exact=False)
            out.append(tuple((tuple(map(float, x)), tuple(map(float, y)))
                             for x, y in res.equilibria))
    return out


def _unit_scale(U: np.ndarray) -> np.ndarray:
    lo = U.min(axis=(1, 2), keepdims=True)
    rng = U.max(axis=(1, 2), keepdims=True) - lo
    return np.where(rng > 0, (U - lo) / np.where(rng > 0, rng, 1.0), 0.0) + 1.0


def _float_vertices(M: np.ndarray, label_of: np.ndarray
                    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Float version of :func:`_vertices`; also returns the games with an ambiguous value."""
    from ._vertex import AMBIGUOUS_BAND

    G, k, d = M.shape
    idx, rhs = _bases(d, k)
    eye = np.broadcast_to(np.eye(d), (G, d, d))
    C = np.concatenate([eye, M], axis=1)
    sub = C[:, idx]  # (G, S, d, d)
    det = np.linalg.det(sub)
    good = np.abs(det) > 1e-9
    safe = np.where(good[..., None, None], sub, np.eye(d))
    z = np.linalg.solve(safe, np.broadcast_to(rhs.astype(float), det.shape + (d,))[..., None])[..., 0]
    slack = 1.0 - z @ np.swapaxes(M, 1, 2)
    vals = np.concatenate([z, slack], axis=-1)
    lo, hi = AMBIGUOUS_BAND
    av = np.abs(vals)
    feasible = good & np.all(vals >= -_FLOAT_TOL, axis=-1)
    ambiguous = np.any(feasible[..., None] & (av > lo) & (av < hi), axis=(1, 2))
    tight = av <= _FLOAT_TOL
    z = np.where(tight[..., :d], 0.0, z)  # a zero label is an exact zero coordinate
    valid = feasible & ~np.all(tight[..., :d], axis=-1)
    masks = (tight.astype(np.int64) * (np.int64(1) << label_of.astype(np.int64))).sum(axis=-1)
    masks = np.where(valid, masks, -1)
    masks, z = _distinct(masks, z)
    return masks, z, ambiguous


def _solve_float(A: np.ndarray, B: np.ndarray) -> list[tuple[Equilibrium, ...]]:
    P, m, n = A.shape
    if max(m, n) > BATCH_MAX_SIZE:
        return _one_by_one(A, B, exact=False)
    out: list[tuple[Equilibrium, ...]] = []
    for lo in range(0, P, _CHUNK):
        out += _solve_float_chunk(A[lo:lo + _CHUNK], B[lo:lo + _CHUNK])
    return out


def _solve_float_chunk(A: np.ndarray, B: np.ndarray) -> list[tuple[Equilibrium, ...]]:
    from ._vertex import FLOAT_REGRET_TOL

    G, m, n = A.shape
    An, Bn = _unit_scale(A), _unit_scale(B)
    label_p = np.arange(m + n)
    label_q = np.concatenate([np.arange(m, m + n), np.arange(m)])
    mp, xp, amb_p = _float_vertices(np.swapaxes(Bn, 1, 2), label_p)
    mq, yq, amb_q = _float_vertices(An, label_q)
    full = (1 << (m + n)) - 1
    pair = ((mp[:, :, None] | mq[:, None, :]) == full) & (mp >= 0)[:, :, None] & (mq >= 0)[:, None, :]
    g, i, j = np.nonzero(pair)
    x = xp[g, i]
    y = yq[g, j]
    x = x / x.sum(axis=1, keepdims=True)
    y = y / y.sum(axis=1, keepdims=True)
    # regret on the normalised payoffs (range 1), per pair
    Ay = (An[g] @ y[..., None])[..., 0]
    xB = (x[:, None, :] @ Bn[g])[:, 0, :]
    reg = np.maximum(Ay.max(axis=1) - np.einsum("ki,ki->k", x, Ay),
                     xB.max(axis=1) - np.einsum("kj,kj->k", y, xB))
    bad = np.zeros(G, dtype=bool)
    bad |= amb_p | amb_q
    np.logical_or.at(bad, g, reg > FLOAT_REGRET_TOL)
    counts = np.bincount(g, minlength=G)
    bad |= counts == 0
    xs = np.clip(x, 0.0, 1.0).tolist()
    ys = np.clip(y, 0.0, 1.0).tolist()
    out: list[tuple[Equilibrium, ...]] = []
    pos = 0
    redo = np.nonzero(bad)[0]
    fixed = dict(zip(redo.tolist(), _one_by_one(A[redo], B[redo], exact=False))) if len(redo) else {}
    for p, c in enumerate(counts.tolist()):
        if p in fixed:
            out.append(fixed[p])
        else:
            eqs = sorted((tuple(xs[k]), tuple(ys[k])) for k in range(pos, pos + c))
            out.append(tuple(eqs))
        pos += c
    return out
