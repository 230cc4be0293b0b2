"""Every isolated Nash equilibrium of an N-player game by support enumeration, certified.

For each support profile ``(S_1, ..., S_N)`` an equilibrium with exactly these supports solves
the *indifference system*: every strategy of ``S_i`` earns player ``i`` the same payoff against
the others' mixture, and no strategy outside ``S_i`` earns more (McKelvey and McLennan 1996,
section 4; Porter, Nudelman and Shoham 2008, "Simple search methods for finding a Nash
equilibrium", GEB 63, Algorithm 2).  With ``x_{i,s_0} = 1 - sum`` of the others eliminated it is
a square system of ``d = sum(|S_i| - 1)`` polynomial equations in ``d`` unknowns, multilinear
in the players' blocks (degree ``N - 1``), to be solved inside a product of simplices.

Supports are visited in Porter-Nudelman-Shoham order (small total size first, then balanced
ones first) and a support profile is skipped when one of its strategies is *conditionally
strictly dominated* given the others' supports (PNS, section 3.2): then no mixture over the
others' supports makes it a best response.  Profiles of pure strategies are not solved here
(the caller adds the pure equilibria, found exactly by :mod:`treaty.nash._pure`).

Solving each system reliably
----------------------------
We chose **certified interval subdivision with the Krawczyk test** over an exact algebraic
route (Groebner bases or resultants):  the systems are small (``d`` at most a dozen) but their
number is large (``prod (2^{n_i} - 1)``), and an exact elimination costs orders of magnitude
more per system than a few vectorised interval evaluations, while it gives nothing more
where the roots are irrational (they would be shown as floats anyway).  The method:

* A box of unknowns (each ``x`` in ``[-delta, 1 + delta]``, slightly more than the simplex so
  that roots on its boundary are interior) is discarded when an interval evaluation proves that
  an equation cannot vanish, that a strategy outside the support earns strictly more, or that a
  player's probabilities cannot add to at most one (Moore, Kearfott and Cloud, *Introduction to
  Interval Analysis*, SIAM 2009, ch. 5-8).
* Otherwise the Krawczyk operator ``K(X) = m - C f(m) + (I - C J(X)) (X - m)``, with ``C`` the
  inverse of the Jacobian at the midpoint ``m`` and ``J(X)`` an interval enclosure of the
  Jacobian on ``X``, either proves that ``X`` holds no root (``K(X) ∩ X`` empty), or that it holds
  exactly one (``K(X)`` inside the interior of ``X``; Krawczyk 1969, Moore 1977, see Neumaier,
  *Interval Methods for Systems of Equations*, 1990, Theorem 5.1.8), or the box is shrunk to
  ``K(X) ∩ X`` or bisected along its widest side.
* Before that, each player's equations, affine in another player's block ``z_j`` with
  coefficients enclosed over the box's other blocks, contract ``z_j`` by one Krawczyk step of
  that linear system (a linear elimination: exact when the other blocks are points), and the
  upper ends are clipped to the simplex (``z_q <= 1 + DELTA - sum of the block's other lower
  ends``).
* Every interval operation is rounded outward (each float result widened by at least one
  unit in the last place, by ``x -+ (|x| 2^-51 + 2^-1022)``; round-to-nearest is off by at
  most half a unit), so the enclosures hold in exact arithmetic.  Products of point (or
  nearly point) coefficients with intervals are computed in midpoint-radius form with batched
  float products and Higham's ``gamma_k`` bound of their rounding error (Rump 1999).  The
  coefficients are the exact payoff differences, rounded outward to floats.

Hence every regular root in the domain is found, each in a box proven to hold it alone, and no
region where an equilibrium could lie is discarded.  A box that reaches the minimum width
without a decision (a singular root: a degenerate game with a continuum of equilibria or a
root of multiplicity above one) is counted as *unresolved* and the result says it is not
complete.

Certification of what is reported
---------------------------------
Each proven box is shrunk by Krawczyk iterations to about 1e-15.  For an exact game the
midpoint is then rationalised (continued fractions with growing denominators) and the
rational point is accepted when it solves the indifference equations **exactly** and lies in
the box (then it is the box's unique root): such an equilibrium is reported in Fractions with
regret exactly 0.  Otherwise the root is irrational (or the game is given in floats): it is
reported as floats, with the proven box (``Equilibrium.enclosure``) and the regret of the
reported float profile computed in exact rational arithmetic from the floats themselves
(a rigorous value, not an estimate), which must lie below the stated tolerance
(``Equilibrium.tolerance``).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import numpy as np

__all__ = [
    "SupportRoot",
    "SupportSearch",
    "count_support_profiles",
    "support_profiles",
    "solve_supports",
]

_INF = np.inf
#: the domain of each unknown is [-DELTA, 1 + DELTA]: roots with a zero probability are interior
DELTA = 1.0 / 1024
#: a box narrower than this (in every coordinate) and still undecided is "unresolved"
MIN_WIDTH = 1e-10
#: boxes examined for one support profile before it is given up as unresolved
MAX_BOXES_PER_SUPPORT = 20_000
#: half-width (relative) of the box inflated around a tiny undecided box to prove a root in it
INFLATE = 1e-8
#: where a box is bisected along its widest side (a little off the middle)
SPLIT = 0.4871231

#: interval coefficients whose widths are at most this fraction of their size (rounding
#: only) are multiplied by interval vectors in midpoint-radius form (see _contract)
NEAR_POINT = 1e-9

#: the linear elimination is tried where the coefficients' widths are below this fraction of
#: their size (wider, it cannot contract: the other blocks are still wide)
LINEAR_WIDTH = 0.1

#: the same for a system with an identically vanishing equation (a degenerate game)
MAX_BOXES_TRIVIAL = 500


def count_support_profiles(shape: Sequence[int]) -> int:
    """Number of support profiles, ``prod(2^{n_i} - 1)``: the work estimate of enumeration.

    >>> count_support_profiles((3, 3, 3)), count_support_profiles((2, 2, 2, 2))
    (343, 81)
    """
    out = 1
    for n in shape:
        out *= 2 ** int(n) - 1
    return out


def _subsets(n: int) -> list[tuple[int, ...]]:
    return [c for k in range(1, n + 1) for c in itertools.combinations(range(n), k)]


def support_profiles(shape: Sequence[int]) -> list[tuple[tuple[int, ...], ...]]:
    """Every support profile in Porter-Nudelman-Shoham order: total size, then imbalance.

    PNS (2008, Algorithm 2) order N-player profiles first by the sum of the support sizes and
    then by their spread (largest minus smallest), so that small, balanced supports, where
    equilibria of random games are most often found, come first.

    >>> support_profiles((2, 2))[:3]
    [((0,), (0,)), ((0,), (1,)), ((1,), (0,))]
    """
    per = [_subsets(int(n)) for n in shape]
    profs = list(itertools.product(*per))
    profs.sort(key=lambda p: (sum(len(s) for s in p), max(len(s) for s in p) - min(len(s) for s in p)))
    return profs


# ---------------------------------------------------------------------------------------------
# outward-rounded interval arithmetic on numpy arrays (lo, hi)


#: ``|x| * _REL`` is at least two units in the last place of a normal float x
_REL = 2.0 ** -51
#: the smallest normal float: covers the spacing of subnormals (underflow)
_TINY = 2.0 ** -1022
_U = 2.0 ** -53  # unit roundoff of round-to-nearest


def _down(x: np.ndarray) -> np.ndarray:
    """A float at most the predecessor of each x (so below any real that rounds to x).

    ``x - (|x| 2^-51 + 2^-1022)``: the exact difference is at least two units in the last
    place (or one subnormal spacing) below x, and rounding to nearest is monotone, so the
    result is at most ``nextafter(x, -inf)``; three array operations instead of numpy's slow
    ``nextafter``."""
    s = np.abs(x)
    s *= _REL
    s += _TINY
    return x - s


def _up(x: np.ndarray) -> np.ndarray:
    """A float at least the successor of each x (see :func:`_down`)."""
    s = np.abs(x)
    s *= _REL
    s += _TINY
    return x + s


def _gamma(k: int) -> float:
    """A float bound, with margin, of ``gamma_k = k u / (1 - k u)``: the relative error of a
    sum of k products in round-to-nearest, in any order and with or without fused
    multiply-add (Higham, *Accuracy and Stability of Numerical Algorithms*, 2nd ed., SIAM
    2002, section 3.1), also covering the few roundings of the bound's own computation."""
    return (4 * k + 16) * _U


def _midrad(lo: np.ndarray, hi: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Midpoint and a radius bound of intervals: ``[lo, hi]`` lies in ``[m - r, m + r]``."""
    m = 0.5 * (lo + hi)
    r = np.maximum(hi - m, m - lo)
    return m, _up(r)


def _enclose(y: np.ndarray, rad: np.ndarray, size: np.ndarray, k: int) -> _Pair:
    """``[y - e, y + e]`` with ``e`` bounding *rad* plus the rounding error of *y*, a float sum
    of k products whose absolute values sum to *size* (both *rad* and *size* computed in
    floats from k nonnegative products: each within ``gamma_k`` of its exact value)."""
    g = _gamma(k)
    e = (rad + size * g) * (1.0 + g) + 1e-300
    return _down(y - e), _up(y + e)


_Pair = tuple[np.ndarray, np.ndarray]


def _iadd(alo: np.ndarray, ahi: np.ndarray, blo: np.ndarray, bhi: np.ndarray) -> _Pair:
    return _down(alo + blo), _up(ahi + bhi)


def _imul(alo: np.ndarray, ahi: np.ndarray, blo: np.ndarray, bhi: np.ndarray) -> _Pair:
    p1, p2, p3, p4 = alo * blo, alo * bhi, ahi * blo, ahi * bhi
    lo = np.minimum(np.minimum(p1, p2), np.minimum(p3, p4))
    hi = np.maximum(np.maximum(p1, p2), np.maximum(p3, p4))
    return _down(lo), _up(hi)


def _imul_point(alo: np.ndarray, ahi: np.ndarray, p: np.ndarray) -> _Pair:
    """Interval times a point (two products instead of four)."""
    p1, p2 = alo * p, ahi * p
    return _down(np.minimum(p1, p2)), _up(np.maximum(p1, p2))


def _contract(tlo: np.ndarray, thi: np.ndarray, axis: int, vlo: np.ndarray,
              vhi: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Interval ``sum_m T[..., m, ...] * v[m]`` along *axis* (>= 1; axis 0 is the box axis),
    where ``v[:, 0] == 1`` exactly (the ``[1, z]`` basis) and *v* has shape (B, k)."""
    k = tlo.shape[axis]
    tlo = np.moveaxis(tlo, axis, -1)
    thi = np.moveaxis(thi, axis, -1)
    if vlo is vhi:
        # a point vector: midpoint-radius form, exact for interval times point
        out_shape = tlo.shape[:-1]
        b = tlo.shape[0]
        vv, avv = vlo[:, :, None], np.abs(vlo)[:, :, None]
        if tlo is thi:  # point coefficients: only the rounding of the products and sums
            tm = tlo.reshape(b, -1, k)
            y = np.matmul(tm, vv).reshape(out_shape)
            return _enclose(y, np.zeros(out_shape), np.matmul(np.abs(tm), avv).reshape(out_shape), k)
        tm, tr = _midrad(tlo, thi)
        tm, tr = tm.reshape(b, -1, k), tr.reshape(b, -1, k)
        return _enclose(np.matmul(tm, vv).reshape(out_shape), np.matmul(tr, avv).reshape(out_shape),
                        np.matmul(np.abs(tm), avv).reshape(out_shape), k)
    if tlo is thi or tlo.size == 0 or \
            float((thi - tlo).max()) <= NEAR_POINT * float(np.abs(tlo).max()):
        # point or nearly point coefficients (widths from rounding only) times an interval
        # vector: midpoint-radius form, |t v - tm vm| <= |tm| vr + tr (|vm| + vr), which is
        # the exact interval product for a point T and within NEAR_POINT of it otherwise
        out_shape = tlo.shape[:-1]
        b = tlo.shape[0]
        vm, vr = _midrad(vlo, vhi)
        avm, vr = np.abs(vm)[:, :, None], vr[:, :, None]
        if tlo is thi:
            tm = tlo.reshape(b, -1, k)
            rad = np.matmul(np.abs(tm), vr)
        else:
            tm, tr = _midrad(tlo, thi)
            tm, tr = tm.reshape(b, -1, k), tr.reshape(b, -1, k)
            rad = np.matmul(np.abs(tm), vr) + np.matmul(tr, avm + vr)
        return _enclose(np.matmul(tm, vm[:, :, None]).reshape(out_shape), rad.reshape(out_shape),
                        np.matmul(np.abs(tm), avm).reshape(out_shape), 2 * k)
    lo, hi = tlo[..., 0], thi[..., 0]
    extra = tlo.ndim - 2  # dimensions between the box axis and the contracted one
    for m in range(1, k):
        shape = (vlo.shape[0],) + (1,) * extra
        plo, phi = _imul(tlo[..., m], thi[..., m], vlo[:, m].reshape(shape), vhi[:, m].reshape(shape))
        lo, hi = _iadd(lo, hi, plo, phi)
    return lo, hi


def _vertex_contract(tm: np.ndarray, tr: np.ndarray | None, ax: int, pts: np.ndarray
                     ) -> tuple[np.ndarray, np.ndarray]:
    """Contract axis *ax* of a tensor ``tm +- tr`` (shape (B, W, ...); *tr* None: exact) with
    each of the vertex vectors *pts* (B, V, k) in the ``[1, z]`` basis: returns ``(y, e)`` of
    shape (B, W * V, ...) (vertex digit minor) such that every exact contraction lies in
    ``y +- e`` (float products with a ``gamma_k`` bound, as :func:`_enclose`).  Broadcasting
    in ``matmul`` avoids copying the tensor once per vertex."""
    tm = np.moveaxis(tm, ax, -1)
    b, w, k = tm.shape[0], tm.shape[1], tm.shape[-1]
    rest = tm.shape[2:-1]
    v = pts[:, None, :, :, None]  # (B, 1, V, k, 1)
    av = np.abs(v)
    t5 = tm.reshape(b, w, 1, -1, k)
    y = np.matmul(t5, v)
    size = np.matmul(np.abs(t5), av)
    g = _gamma(k)
    if tr is None:
        e = _up(size * (g * (1.0 + g)) + 1e-300)
    else:
        rad = np.matmul(np.moveaxis(tr, ax, -1).reshape(b, w, 1, -1, k), av)
        e = _up((rad + size * g) * (1.0 + g) + 1e-300)
    shape = (b, w * pts.shape[1]) + rest
    return y.reshape(shape), e.reshape(shape)


def _point_matvec(c: np.ndarray, vlo: np.ndarray, vhi: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Interval ``C v`` for a point matrix C (B, d, d) and an interval vector v (B, d), in
    midpoint-radius form: ``C m +- (|C| r + rounding)``, which equals the exact interval
    product for a point matrix (Rump, "Fast and parallel interval arithmetic", BIT 39, 1999),
    with three batched float products instead of ``d`` rounded interval operations."""
    m, r = _midrad(vlo, vhi)
    ac = np.abs(c)
    y = np.matmul(c, m[..., None])[..., 0]
    rad = np.matmul(ac, r[..., None])[..., 0]
    size = np.matmul(ac, np.abs(m)[..., None])[..., 0]
    return _enclose(y, rad, size, c.shape[-1])


def _point_matmat(c: np.ndarray, jlo: np.ndarray, jhi: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Interval ``C J`` for a point matrix C (B, d, d) and an interval matrix J (B, d, k)
    (midpoint-radius form, as :func:`_point_matvec`)."""
    m, r = _midrad(jlo, jhi)
    ac = np.abs(c)
    return _enclose(np.matmul(c, m), np.matmul(ac, r), np.matmul(ac, np.abs(m)), c.shape[-1])


# ---------------------------------------------------------------------------------------------
# one support profile's system


def _float_interval(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Outward float enclosure of an array of exact numbers (Fractions or ints)."""
    flat = values.reshape(-1)
    lo = np.empty(flat.shape)
    hi = np.empty(flat.shape)
    for k, v in enumerate(flat):
        f = float(v)
        if Fraction(f) == v:
            lo[k] = hi[k] = f
        else:
            lo[k], hi[k] = np.nextafter(f, -_INF), np.nextafter(f, _INF)
    return lo.reshape(values.shape), hi.reshape(values.shape)


class _System:
    """The indifference systems of support profiles of one size signature, evaluated together.

    Unknowns: for each player ``j`` the probabilities ``z_j`` of ``S_j[1:]`` (``S_j[0]`` gets
    ``1 - sum z_j``).  For player ``i`` the tensor ``E_i[t, s_{-i}] = u_i(t, s_{-i}) -
    u_i(S_i[0], s_{-i})`` over the own strategies ``t`` (those of ``S_i[1:]`` first, then the
    ones outside ``S_i``) and the others' supports, rewritten in each other player's ``[1, z_j]``
    basis (entry 0 unchanged, entry ``l`` minus entry 0), is linear in each ``z_j``; contracting
    it gives the equations (rows of ``S_i[1:]``) and the payoff advantage of each strategy
    outside ``S_i`` (at most 0 at an equilibrium).  Support profiles with equal sizes share one
    shape, so their coefficient tensors are stacked and every box carries the index of its
    system: one vectorised loop solves them all.
    """

    def __init__(self, payoffs: Sequence[np.ndarray], supports: Sequence[tuple[tuple[int, ...], ...]],
                 exact_float: bool) -> None:
        self.sups = list(supports)
        self.n = len(self.sups[0])
        self.k = [len(s) for s in self.sups[0]]
        self.offsets = list(itertools.accumulate([0] + [k - 1 for k in self.k]))
        self.d = self.offsets[-1]
        self.neq = [k - 1 for k in self.k]
        self.coef: list[tuple[np.ndarray, np.ndarray]] = []
        self.trivial = np.zeros(len(self.sups), dtype=bool)  # an equation reads 0 = 0
        for i in range(self.n):
            n_i = payoffs[i].shape[i]
            stack = []
            for sup in self.sups:
                own = list(sup[i]) + [t for t in range(n_i) if t not in sup[i]]
                idx = [list(sup[j]) if j != i else own for j in range(self.n)]
                sub = np.moveaxis(payoffs[i][np.ix_(*idx)], i, 0)
                e = sub[1:] - sub[0]
                for ax in range(1, self.n):
                    e = np.moveaxis(e, ax, 0)
                    base = e[0]
                    e = np.concatenate([base[None], e[1:] - base[None]], axis=0)
                    e = np.moveaxis(e, 0, ax)
                stack.append(e)
            arr = np.stack(stack)
            if self.neq[i]:
                rows = arr[:, :self.neq[i]].reshape(len(self.sups), self.neq[i], -1)
                self.trivial |= (rows == 0).all(axis=2).any(axis=1)
            if exact_float:
                lo = hi = np.asarray(arr, dtype=float)
            else:
                lo, hi = _float_interval(np.asarray(arr, dtype=object))
            self.coef.append((lo, hi))

    def _coef(self, i: int, sys: np.ndarray, rows: int | None = None) -> _Pair:
        """Player i's coefficient tensors of systems *sys* (the first *rows* own strategies);
        one array object for both ends when they are points (the contractions use that)."""
        lo_all, hi_all = self.coef[i]
        lo = lo_all[sys] if rows is None else lo_all[sys, :rows]
        if hi_all is lo_all:
            return lo, lo
        return lo, (hi_all[sys] if rows is None else hi_all[sys, :rows])

    def _basis(self, zlo: np.ndarray, zhi: np.ndarray, j: int) -> tuple[np.ndarray, np.ndarray]:
        b = zlo.shape[0]
        a, c = self.offsets[j], self.offsets[j + 1]
        one = np.ones((b, 1))
        lo = np.concatenate([one, zlo[:, a:c]], axis=1)
        if zlo is zhi:  # a point: the contractions take the cheaper point products
            return lo, lo
        return lo, np.concatenate([one, zhi[:, a:c]], axis=1)

    def evaluate(self, sys: np.ndarray, zlo: np.ndarray, zhi: np.ndarray, jacobian: bool,
                 blocks: dict[tuple[int, int], _Pair] | None = None
                 ) -> tuple[tuple[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray],
                            tuple[np.ndarray, np.ndarray] | None]:
        """Interval enclosures on boxes (B, d) of systems *sys* (B,): equations (B, d),
        inequalities (B, n_out) and, when *jacobian*, the Jacobian of the equations (B, d, d).

        With *jacobian*, a dict *blocks* receives for each player ``i`` and other player ``j``
        the enclosure (B, |S_i| - 1, |S_j|) of player i's equations as affine functions of
        ``z_j`` (columns: constant term, then the coefficients of ``z_j``) over the box's other
        blocks (used by :func:`_linear_contract`)."""
        b = zlo.shape[0]
        basis = [self._basis(zlo, zhi, j) for j in range(self.n)]
        flo, fhi, glo, ghi = [], [], [], []
        jlo = np.zeros((b, self.d, self.d))
        jhi = np.zeros((b, self.d, self.d))
        row = 0
        for i in range(self.n):
            clo, chi = self._coef(i, sys)
            others = [j for j in range(self.n) if j != i]  # tensor axis 2 + position
            neq = self.neq[i]
            if jacobian and neq:
                # contract all but one other player, for each one, to get the derivatives
                for pos, j in enumerate(others):
                    if self.k[j] == 1:
                        continue
                    tlo = clo[:, :neq]
                    thi = tlo if chi is clo else chi[:, :neq]
                    for pos2 in reversed(range(len(others))):
                        if pos2 != pos:
                            blo, bhi = basis[others[pos2]]
                            tlo, thi = _contract(tlo, thi, 2 + pos2, blo, bhi)
                    a, c = self.offsets[j], self.offsets[j + 1]
                    if blocks is not None:
                        blocks[(i, j)] = (tlo, thi)
                    jlo[:, row:row + neq, a:c] = tlo[:, :, 1:]
                    jhi[:, row:row + neq, a:c] = thi[:, :, 1:]
            tlo, thi = clo, chi
            for pos2 in reversed(range(len(others))):
                blo, bhi = basis[others[pos2]]
                tlo, thi = _contract(tlo, thi, 2 + pos2, blo, bhi)
            flo.append(tlo[:, :neq])
            fhi.append(thi[:, :neq])
            glo.append(tlo[:, neq:])
            ghi.append(thi[:, neq:])
            row += neq
        return ((np.concatenate(flo, axis=1), np.concatenate(fhi, axis=1)),
                (np.concatenate(glo, axis=1), np.concatenate(ghi, axis=1)),
                (jlo, jhi) if jacobian else None)

    def ranges(self, sys: np.ndarray, zlo: np.ndarray, zhi: np.ndarray) -> tuple[_Pair, _Pair]:
        """Tight enclosures of the equations (B, d) and inequalities (B, n_out) on boxes.

        Each function is affine in each player's block ``z_j`` (the blocks enter as a product),
        so over a box its range is the hull, over the vertices of all blocks but one, of its
        range in the remaining block, where it is affine with point coefficients and interval
        arithmetic is exact (each variable appears once).  This removes the overestimation of the
        plain interval extension (Moore, Kearfott and Cloud 2009, section 6.4, on the
        dependency problem) at the cost of ``2^(dim)`` point evaluations of the enumerated
        blocks; the one left as an interval is the largest.
        """
        b = zlo.shape[0]
        flo, fhi, glo, ghi = [], [], [], []
        for i in range(self.n):
            others = [j for j in range(self.n) if j != i]
            dims = [self.k[j] - 1 for j in others]
            free = max(range(len(others)), key=lambda p: (dims[p], p))
            corners: list[tuple[int, np.ndarray]] = []  # (position, mask (V_j, m_j))
            for pos in range(len(others)):
                if pos != free and dims[pos] > 0:
                    m = dims[pos]
                    corners.append((pos, np.array(list(itertools.product([False, True], repeat=m)))))
            v = int(np.prod([c.shape[0] for _, c in corners])) if corners else 1
            clo, chi = self._coef(i, np.repeat(sys, v))
            basis: dict[int, _Pair] = {}
            # the combination index r = sum over corner blocks of digit_j * stride_j
            stride = v
            for pos, mask in corners:
                j = others[pos]
                a, c = self.offsets[j], self.offsets[j + 1]
                nv = mask.shape[0]
                stride //= nv
                digit = (np.arange(v) // stride) % nv  # (v,)
                sel = mask[digit]  # (v, m)
                pts = np.where(sel[None], zhi[:, None, a:c], zlo[:, None, a:c]).reshape(b * v, c - a)
                pts = np.concatenate([np.ones((b * v, 1)), pts], axis=1)
                basis[pos] = (pts, pts)
            for pos, j in enumerate(others):
                if pos not in basis:
                    blo, bhi = self._basis(zlo, zhi, j)
                    basis[pos] = (np.repeat(blo, v, axis=0), np.repeat(bhi, v, axis=0))
            tlo, thi = clo, chi
            for pos in reversed(range(len(others))):
                tlo, thi = _contract(tlo, thi, 2 + pos, basis[pos][0], basis[pos][1])
            tlo = tlo.reshape(b, v, -1).min(axis=1)
            thi = thi.reshape(b, v, -1).max(axis=1)
            neq = self.neq[i]
            flo.append(tlo[:, :neq])
            fhi.append(thi[:, :neq])
            glo.append(tlo[:, neq:])
            ghi.append(thi[:, neq:])
        return ((np.concatenate(flo, axis=1), np.concatenate(fhi, axis=1)),
                (np.concatenate(glo, axis=1), np.concatenate(ghi, axis=1)))

    def preconditioned_excludes(self, sys: np.ndarray, zlo: np.ndarray, zhi: np.ndarray,
                                c: np.ndarray) -> np.ndarray:
        """Boxes proven root-free by the preconditioned system ``C f`` (C near the inverse
        Jacobian at the midpoint, so ``C f`` is close to ``z - root`` and its range leaves 0 as
        soon as the box misses the root).  ``C f`` is affine in every block, so its range is
        the hull over the vertices of all blocks but the largest one, in which it is affine
        with (outward-rounded) point coefficients and its range is exact."""
        b = zlo.shape[0]
        free = max(range(self.n), key=lambda j: (self.k[j], j))
        fa, fc = self.offsets[free], self.offsets[free + 1]
        blocks = [j for j in range(self.n) if j != free and self.k[j] > 1]
        dims = [self.k[j] - 1 for j in blocks]
        if sum(dims) > 12:
            return np.zeros(b, dtype=bool)
        vshape = [2 ** m for m in dims]
        v = int(np.prod(vshape)) if vshape else 1
        # the vertices of each block separately (b, 2^m_j, |S_j|) in the [1, z_j] basis: each
        # player's tensor is contracted with the vertices of the blocks it depends on only,
        # then broadcast over the full grid of vertices (one axis per block)
        pts: dict[int, np.ndarray] = {}
        for j, m in zip(blocks, dims):
            a, cc = self.offsets[j], self.offsets[j + 1]
            sel = np.array(list(itertools.product([False, True], repeat=m)), dtype=bool)
            p = np.where(sel[None], zhi[:, None, a:cc], zlo[:, None, a:cc])
            pts[j] = np.concatenate([np.ones(p.shape[:2] + (1,)), p], axis=2)
        m_free = fc - fa
        k = 1 + m_free
        # the tensors in midpoint-radius form (tm +- tr; tr None: exact point coefficients)
        full_m = np.zeros((b, *vshape, self.d, k))
        full_r = np.zeros((b, *vshape, self.d, k))
        row = 0
        for i in range(self.n):
            neq = self.neq[i]
            if not neq:
                continue
            clo, chi = self._coef(i, sys, neq)
            tm: np.ndarray = clo[:, None]  # (b, W, neq, ...): W vertices of the blocks done
            tr: np.ndarray | None = None
            if chi is not clo:
                mm, rr = _midrad(clo, chi)
                tm, tr = mm[:, None], rr[:, None]
            done: list[int] = []  # blocks contracted, the first one's vertex digit most significant
            others = [j for j in range(self.n) if j != i]
            for pos in reversed(range(len(others))):
                j = others[pos]
                if j == free:
                    continue
                ax = 3 + pos
                if self.k[j] == 1:  # the basis is [1]: exact
                    tm = np.take(tm, 0, axis=ax)
                    tr = None if tr is None else np.take(tr, 0, axis=ax)
                    continue
                tm, tr = _vertex_contract(tm, tr, ax, pts[j])
                done.append(j)
            if i == free or m_free == 0:
                tm = tm[..., None]
                tr = None if tr is None else tr[..., None]
            # (b, W, neq, kk) -> one axis per contracted block, in increasing player order
            shape = (b,) + tuple(pts[j].shape[1] for j in done) + tm.shape[2:]
            nd = len(done)
            perm = (0,) + tuple(1 + done.index(j) for j in sorted(done)) + tuple(range(nd + 1, len(shape)))
            expand = (slice(None),) + tuple(slice(None) if j in done else None for j in blocks)
            kk = int(shape[-1])
            target = (slice(None),) * (1 + len(blocks)) + (slice(row, row + neq), slice(0, kk))
            full_m[target] = tm.reshape(shape).transpose(perm)[expand]
            if tr is not None:
                full_r[target] = tr.reshape(shape).transpose(perm)[expand]
            row += neq
        # C [a | B] for every vertex at once (point C times nearly-point intervals, in
        # midpoint-radius form), then times [1, z_free] (interval), all as batched products
        am, ar = full_m.reshape(b, v, self.d, k), full_r.reshape(b, v, self.d, k)
        cb = c[:, None]
        acb = np.abs(cb)
        gm = np.matmul(cb, am)
        g = _gamma(self.d)
        grad = _up((np.matmul(acb, ar) + np.matmul(acb, np.abs(am)) * g) * (1.0 + g) + 1e-300)
        zm, zr = _midrad(zlo[:, fa:fc], zhi[:, fa:fc])
        w = np.concatenate([np.ones((b, 1)), zm], axis=1)[:, None, :, None]
        wr = np.concatenate([np.zeros((b, 1)), zr], axis=1)[:, None, :, None]
        aw = np.abs(w)
        agm = np.abs(gm)
        y = np.matmul(gm, w)[..., 0]
        rad = (np.matmul(agm, wr) + np.matmul(grad, aw + wr))[..., 0]
        glo, ghi = _enclose(y, rad, np.matmul(agm, aw)[..., 0], 2 * k)
        glo = glo.min(axis=1)
        ghi = ghi.max(axis=1)
        return ((glo > 0) | (ghi < 0)).any(axis=1)

    def simplex_clip(self, zlo: np.ndarray, zhi: np.ndarray) -> np.ndarray:
        """Upper ends lowered to what the domain allows: within a player's block, ``z_q <= 1 +
        DELTA - sum_{r != q} z_r <= 1 + DELTA - sum_{r != q} lo_r`` (the probability of the
        block's first strategy is at least ``-DELTA``, as :meth:`simplex_ok` requires).  Only
        points where that probability is below ``-DELTA`` (give or take rounding, far below
        DELTA) are cut off, and none of them is an equilibrium: no root that matters is lost."""
        out = zhi.copy()
        for j in range(self.n):
            a, c = self.offsets[j], self.offsets[j + 1]
            if c - a > 1:
                total = zlo[:, a:c].sum(axis=1)
                rest = total[:, None] - zlo[:, a:c]  # sum of the others, within 1e-15 of exact
                bound = _up((1 + DELTA + (c - a + 2) ** 2 * 1e-15) - rest)
                out[:, a:c] = np.minimum(out[:, a:c], bound)
        return out

    def simplex_ok(self, zlo: np.ndarray) -> np.ndarray:
        """Boxes where every player's probabilities may still add to at most 1 + DELTA."""
        ok = np.ones(zlo.shape[0], dtype=bool)
        for j in range(self.n):
            a, c = self.offsets[j], self.offsets[j + 1]
            if c > a:
                ok &= _down(zlo[:, a:c].sum(axis=1)) - (c - a) * 1e-16 <= 1 + DELTA
        return ok


@dataclass
class SupportRoot:
    """A root of one support profile's system, proven unique in its box."""

    supports: tuple[tuple[int, ...], ...]
    lo: np.ndarray  #: the refined box (a few ulps wide)
    hi: np.ndarray
    proven_lo: np.ndarray  #: the box where the Krawczyk test proved the root unique
    proven_hi: np.ndarray


@dataclass
class SupportSearch:
    """What the enumeration did: the roots found and how much work it took."""

    roots: list[SupportRoot] = field(default_factory=list)
    profiles: int = 0
    pruned: int = 0
    solved: int = 0
    boxes: int = 0
    unresolved: list[tuple[tuple[int, ...], ...]] = field(default_factory=list)


def _krawczyk(system: _System, sys: np.ndarray, zlo: np.ndarray, zhi: np.ndarray,
              jac: tuple[np.ndarray, np.ndarray]
              ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Krawczyk operator on boxes; returns (Klo, Khi, ok, C) where ok marks boxes where it was
    computed (midpoint Jacobian invertible and well conditioned) and C is that inverse."""
    b, d = zlo.shape
    m = 0.5 * (zlo + zhi)
    (fmlo, fmhi), _, jm = system.evaluate(sys, m, m, jacobian=True)
    assert jm is not None
    jmid = 0.5 * (jm[0] + jm[1])
    ok = np.isfinite(jmid).all(axis=(1, 2))
    c = np.zeros_like(jmid)
    with np.errstate(all="ignore"):
        if ok.any():
            # condition number in the 1-norm from the inverse (no SVD); singular -> inf
            idx = np.nonzero(ok)[0]
            det_ok = np.abs(np.linalg.det(jmid[idx])) > 0
            idx = idx[det_ok]
            inv = np.linalg.inv(jmid[idx]) if idx.size else np.zeros((0, d, d))
            cond = np.abs(jmid[idx]).sum(axis=1).max(axis=1) * np.abs(inv).sum(axis=1).max(axis=1)
            good = np.isfinite(cond) & (cond < 1e12)
            ok[:] = False
            ok[idx[good]] = True
            c[idx[good]] = inv[good]
    alo, ahi = _point_matvec(c, fmlo, fmhi)
    mlo, mhi = _point_matmat(c, jac[0], jac[1])
    eye = np.eye(d)[None]
    mlo, mhi = _down(eye - mhi), _up(eye - mlo)  # I - C J(X)
    # (I - C J(X)) (X - m) lies in [-p, p] with p = |I - C J(X)| r, where X - m lies in
    # [-r, r] (an interval matrix times a symmetric interval vector: exact, up to rounding)
    r = np.maximum(_up(zhi - m), -_down(zlo - m))
    amat = np.maximum(np.abs(mlo), np.abs(mhi))
    p = np.matmul(amat, r[..., None])[..., 0]
    p = _up(p * (1.0 + _gamma(d)) + 1e-300)
    plo, phi = -p, p
    klo, khi = _iadd(m, m, -ahi, -alo)  # m - C f(m)
    klo, khi = _iadd(klo, khi, plo, phi)
    ok &= np.isfinite(klo).all(axis=1) & np.isfinite(khi).all(axis=1)
    return klo, khi, ok, c


def _solve_batch(system: _System, search: SupportSearch) -> None:
    """Subdivision with exclusion and Krawczyk tests on every system of *system* at once."""
    d = system.d
    nsys = len(system.sups)
    unresolved = np.zeros(nsys, dtype=bool)
    # a system with an equation 0 = 0 has a continuum of roots if any: no Krawczyk proof can
    # succeed, so it only gets a small budget to be excluded altogether
    budget = np.where(system.trivial, MAX_BOXES_TRIVIAL, MAX_BOXES_PER_SUPPORT)
    sys = np.arange(nsys)
    lo = np.full((len(sys), d), -DELTA)
    hi = np.full((len(sys), d), 1 + DELTA)
    spent = np.zeros(nsys, dtype=np.int64)
    found: list[tuple[int, np.ndarray, np.ndarray]] = []
    while lo.shape[0]:
        search.boxes += lo.shape[0]
        spent += np.bincount(sys, minlength=nsys)
        over = spent[sys] > budget[sys]
        if over.any():
            unresolved[sys[over]] = True
            lo, hi, sys = lo[~over], hi[~over], sys[~over]
            if not lo.shape[0]:
                break
        keep = system.simplex_ok(lo)
        hi = system.simplex_clip(lo, hi)
        keep &= (lo <= hi).all(axis=1)
        (flo, fhi), (glo, _ghi) = system.ranges(sys, lo, hi)
        keep &= ((flo <= 0) & (fhi >= 0)).all(axis=1)
        if glo.shape[1]:
            keep &= (glo <= 0).all(axis=1)
        if not keep.any():
            break
        lo, hi, sys = lo[keep], hi[keep], sys[keep]
        blocks: dict[tuple[int, int], _Pair] = {}
        _, _, jac = system.evaluate(sys, lo, hi, jacobian=True, blocks=blocks)
        assert jac is not None
        lo0, hi0 = lo, hi
        lo, hi, void = _linear_contract(system, blocks, lo, hi)
        # J(X) of the larger box encloses the Jacobian on the contracted one: still valid
        klo, khi, ok, cinv = _krawczyk(system, sys, lo, hi, jac)
        inside = ok & ~void & (klo > lo).all(axis=1) & (khi < hi).all(axis=1)
        empty = void | (ok & ((klo > hi) | (khi < lo)).any(axis=1))
        test = ok & ~inside & ~empty
        if test.any():
            empty[test] = system.preconditioned_excludes(sys[test], lo[test], hi[test], cinv[test])
        for k in np.nonzero(inside)[0]:
            found.append((int(sys[k]), lo[k], hi[k]))
        rest = ~inside & ~empty
        if not rest.any():
            break
        lo, hi, sys = lo[rest], hi[rest], sys[rest]
        klo, khi, ok = klo[rest], khi[rest], ok[rest]
        # shrink to K(X) ∩ X where K was computed
        nlo = np.where(ok[:, None], np.maximum(lo, klo), lo)
        nhi = np.where(ok[:, None], np.minimum(hi, khi), hi)
        width = (nhi - nlo).max(axis=1)
        old = (hi0[rest] - lo0[rest]).max(axis=1)  # before the linear contraction
        tiny = width < MIN_WIDTH
        if tiny.any():
            # a root on (or next to) a box boundary keeps both neighbours undecided: prove it
            # in a box inflated around the tiny one (epsilon-inflation; duplicates from the two
            # sides are merged later, as roots whose boxes nest)
            proven = _inflate(system, sys[tiny], nlo[tiny], nhi[tiny])
            for k, (ok_k, ilo, ihi) in zip(np.nonzero(tiny)[0], proven):
                if ok_k:
                    found.append((int(sys[k]), ilo, ihi))
                else:
                    unresolved[sys[k]] = True
            nlo, nhi, width, old, sys = nlo[~tiny], nhi[~tiny], width[~tiny], old[~tiny], sys[~tiny]
        shrunk = width < 0.5 * old
        # bisect the boxes that did not shrink much, along their widest side
        blo, bhi, bsys = nlo[~shrunk], nhi[~shrunk], sys[~shrunk]
        ar = np.arange(blo.shape[0])
        axis = np.argmax((bhi - blo) , axis=1)
        # split a little off the middle, so that simple rationals (1/2, 1/4, ...) where roots
        # often lie do not fall on box boundaries
        mid = blo[ar, axis] + SPLIT * (bhi[ar, axis] - blo[ar, axis])
        left_hi = bhi.copy()
        left_hi[ar, axis] = mid
        right_lo = blo.copy()
        right_lo[ar, axis] = mid
        lo = np.concatenate([nlo[shrunk], blo, right_lo])
        hi = np.concatenate([nhi[shrunk], left_hi, bhi])
        sys = np.concatenate([sys[shrunk], bsys, bsys])
    search.unresolved.extend(system.sups[int(u)] for u in np.nonzero(unresolved)[0])
    if found:
        fs = np.array([f[0] for f in found])
        flo_ = np.array([f[1] for f in found])
        fhi_ = np.array([f[2] for f in found])
        rlo, rhi = _refine(system, fs, flo_, fhi_)
        for r, u in enumerate(fs):
            search.roots.append(SupportRoot(system.sups[int(u)], rlo[r], rhi[r], flo_[r], fhi_[r]))

def _linear_contract(system: _System, blocks: dict[tuple[int, int], _Pair], lo: np.ndarray,
                     hi: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Shrink boxes with the equations that are affine in one block (a linear elimination).

    Player i's equations read ``a + M z_j = 0`` with ``[a, M]`` enclosed over the box's other
    blocks (*blocks*, from :meth:`_System.evaluate`).  For any root in the box, with ``C`` an
    approximate left inverse of ``mid M`` (pseudo-inverse; needs ``|S_i| >= |S_j|``) and ``c``
    the centre of ``z_j``'s side, ``z_j = c - C (a + M c) + (I - C M) (z_j - c)``, hence
    ``z_j`` lies in the interval evaluation of the right side (the Krawczyk operator of the
    linear system in ``z_j``; Neumaier 1990, section 4.1, and Moore, Kearfott and Cloud 2009,
    section 7.4).  When the other blocks are narrow this is about the exact solution of the
    linear system, so ``z_j`` needs no subdivision.  Returns the contracted boxes and which
    ones were proven empty (no root).
    """
    lo, hi = lo.copy(), hi.copy()
    void = np.zeros(lo.shape[0], dtype=bool)
    for (i, j), (tlo, thi) in blocks.items():
        m = system.k[j] - 1
        if system.neq[i] < m or not m:
            continue
        a, c = system.offsets[j], system.offsets[j + 1]
        mlo, mhi = tlo[:, :, 1:], thi[:, :, 1:]
        good = (np.isfinite(tlo).all(axis=(1, 2)) & np.isfinite(thi).all(axis=(1, 2))
                & ((mhi - mlo).max(axis=(1, 2)) < LINEAR_WIDTH * np.abs(mlo + mhi).max(axis=(1, 2))))
        if not good.any():
            continue
        idx = np.nonzero(good)[0]
        mid = 0.5 * (mlo[idx] + mhi[idx])
        with np.errstate(all="ignore"):
            if m == system.neq[i]:
                idx = idx[np.abs(np.linalg.det(mid)) > 0]
                mid = 0.5 * (mlo[idx] + mhi[idx])
                cinv = np.linalg.inv(mid) if idx.size else np.zeros((0, m, m))
            else:
                cinv = np.linalg.pinv(mid)
        if not idx.size:
            continue
        zlo, zhi = lo[idx, a:c], hi[idx, a:c]
        cen = 0.5 * (zlo + zhi)
        basis = np.concatenate([np.ones((idx.size, 1)), cen], axis=1)
        rlo, rhi = _contract(tlo[idx], thi[idx], 2, basis, basis)  # a + M c
        tlo_, thi_ = _point_matvec(cinv, rlo, rhi)  # C (a + M c)
        glo, ghi = _point_matmat(cinv, mlo[idx], mhi[idx])  # C M
        eye = np.eye(m)[None]
        amat = np.maximum(np.abs(_down(eye - ghi)), np.abs(_up(eye - glo)))  # |I - C M|
        r = np.maximum(_up(zhi - cen), -_down(zlo - cen))
        p = _up(np.matmul(amat, r[..., None])[..., 0] * (1.0 + _gamma(m)) + 1e-300)
        nlo = _down(_down(cen - thi_) - p)
        nhi = _up(_up(cen - tlo_) + p)
        fine = (np.isfinite(nlo).all(axis=1) & np.isfinite(nhi).all(axis=1)
                & np.isfinite(cinv).all(axis=(1, 2)))
        idx, nlo, nhi = idx[fine], nlo[fine], nhi[fine]
        lo[idx, a:c] = np.maximum(lo[idx, a:c], nlo)
        hi[idx, a:c] = np.minimum(hi[idx, a:c], nhi)
        void[idx] |= (lo[idx, a:c] > hi[idx, a:c]).any(axis=1)
    return lo, hi, void


def _inflate(system: _System, sys: np.ndarray, lo: np.ndarray, hi: np.ndarray
             ) -> list[tuple[bool, np.ndarray, np.ndarray]]:
    """For each tiny undecided box: whether the Krawczyk test proves a unique root in a box
    inflated around it (which contains it), and that box (Rump's epsilon-inflation)."""
    m = 0.5 * (lo + hi)
    r = np.maximum(INFLATE * np.maximum(np.abs(m), 1.0), 1e3 * (hi - lo))
    ilo, ihi = _down(np.minimum(lo, m - r)), _up(np.maximum(hi, m + r))
    _, _, jac = system.evaluate(sys, ilo, ihi, jacobian=True)
    assert jac is not None
    klo, khi, ok, _ = _krawczyk(system, sys, ilo, ihi, jac)
    inside = ok & (klo > ilo).all(axis=1) & (khi < ihi).all(axis=1)
    return [(bool(inside[k]), ilo[k], ihi[k]) for k in range(len(sys))]



def _refine(system: _System, sys: np.ndarray, lo: np.ndarray, hi: np.ndarray,
            steps: int = 30) -> tuple[np.ndarray, np.ndarray]:
    """Krawczyk iterations ``X := K(X) ∩ X`` (the root stays inside) down to a few ulps."""
    lo, hi = lo.copy(), hi.copy()
    for _ in range(steps):
        _, _, jac = system.evaluate(sys, lo, hi, jacobian=True)
        assert jac is not None
        klo, khi, ok, _ = _krawczyk(system, sys, lo, hi, jac)
        nlo = np.where(ok[:, None], np.maximum(lo, klo), lo)
        nhi = np.where(ok[:, None], np.minimum(hi, khi), hi)
        progress = (nhi - nlo).max(axis=1) < 0.9 * (hi - lo).max(axis=1)
        lo, hi = nlo, nhi
        if not progress.any():
            break
    return lo, hi


def solve_supports(payoffs: Sequence[np.ndarray], *, exact: bool,
                   progress: Callable[[int, int], None] | None = None) -> SupportSearch:
    """Roots of the indifference systems of every non-pure support profile.

    Parameters
    ----------
    payoffs : sequence of N arrays of shape (n_1, ..., n_N)
        Exact (Fractions or ints, object arrays) or float payoffs.
    exact : bool
        Whether *payoffs* hold exact numbers (floats are taken as the exact binary values).
    progress : callable, optional
        Called with (done, total) after each group of support profiles of equal sizes.

    Returns
    -------
    SupportSearch
        Proven boxes, one per root, with the counts of profiles visited, pruned by conditional
        dominance and left unresolved.
    """
    shape = tuple(int(n) for n in payoffs[0].shape)
    fl = [np.asarray(p, dtype=float) for p in payoffs]
    # exact in float64 when every payoff is an integer of at most 40 bits (differences of
    # differences of such integers stay exact); otherwise the coefficients are rounded outward
    exact_float = all(bool(np.all(np.isfinite(f)) and np.all(f == np.round(f)))
                      and float(np.max(np.abs(f))) < 2.0 ** 40 for f in fl)
    work: list[np.ndarray]
    if exact_float:
        work = fl
    elif exact:
        work = [np.asarray(p, dtype=object) for p in payoffs]
    else:
        work = [np.vectorize(Fraction, otypes=[object])(f) for f in fl]
    search = SupportSearch()
    profs = support_profiles(shape)
    search.profiles = len(profs)
    n = len(shape)
    groups: dict[tuple[int, ...], list[tuple[tuple[int, ...], ...]]] = {}
    for sup in profs:
        if all(len(s) == 1 for s in sup):
            continue
        if _conditionally_dominated(fl, sup, n):
            search.pruned += 1
            continue
        groups.setdefault(tuple(len(s) for s in sup), []).append(sup)
    done = 0
    for sizes in sorted(groups, key=lambda k: (sum(k), max(k) - min(k), k)):
        sups = groups[sizes]
        search.solved += len(sups)
        _solve_batch(_System(work, sups, exact_float), search)
        done += len(sups)
        if progress is not None:
            progress(done, search.solved + sum(len(v) for k, v in groups.items()) - done)
    return search


def _conditionally_dominated(fl: Sequence[np.ndarray], sup: tuple[tuple[int, ...], ...], n: int) -> bool:
    """Whether a strategy of some support is strictly dominated by a pure strategy given the
    others' supports (PNS 2008, section 3.2).  Float comparison is sound: rounding to nearest
    is monotone, so ``float(a) > float(b)`` implies ``a > b``."""
    for i in range(n):
        idx = [list(sup[j]) if j != i else list(range(fl[i].shape[i])) for j in range(n)]
        sub = np.moveaxis(fl[i][np.ix_(*idx)], i, 0).reshape(fl[i].shape[i], -1)
        mine = sub[list(sup[i])]
        # dominated[s, t]: t beats s on every profile of the others' supports
        dom = (sub[None, :, :] > mine[:, None, :]).all(axis=2)
        if dom.any():
            return True
    return False


def root_profile(root: SupportRoot, shape: Sequence[int]) -> list[list[float]]:
    """The float mixed profile at the midpoint of a root's box."""
    mid = 0.5 * (root.lo + root.hi)
    return _profile_from_z(mid.tolist(), root.supports, shape, 0.0)


def _profile_from_z(z: Sequence[Any], supports: tuple[tuple[int, ...], ...], shape: Sequence[int],
                    zero: Any) -> list[list[Any]]:
    out = []
    off = 0
    for j, s in enumerate(supports):
        k = len(s) - 1
        zj = list(z[off:off + k])
        off += k
        p = [zero] * int(shape[j])
        first = 1 - sum(zj, zero)
        p[s[0]] = first
        for t, v in zip(s[1:], zj):
            p[t] = v
        out.append(p)
    return out


def root_enclosure(root: SupportRoot, shape: Sequence[int]) -> list[list[tuple[float, float]]]:
    """Proven enclosure of each probability: (lo, hi) per player and strategy."""
    out = []
    off = 0
    for j, s in enumerate(root.supports):
        k = len(s) - 1
        zlo, zhi = root.lo[off:off + k], root.hi[off:off + k]
        off += k
        p = [(0.0, 0.0)] * int(shape[j])
        p[s[0]] = (float(_down(np.asarray(1.0 - zhi.sum() - 1e-16 * k))),
                   float(_up(np.asarray(1.0 - zlo.sum() + 1e-16 * k))))
        for t, a, b in zip(s[1:], zlo, zhi):
            p[t] = (float(a), float(b))
        out.append(p)
    return out


def rationalise(root: SupportRoot, shape: Sequence[int], exact_payoffs: Sequence[np.ndarray]
                ) -> list[list[Fraction]] | None:
    """The root as an exact rational profile, when it is one.

    Tries the simplest fractions near the midpoint with growing denominator bounds; accepts one
    that lies in the proven box and solves the support's indifference equations exactly (then
    it is the box's unique root).
    """
    from .._exact.numbers import contract_others

    mid = 0.5 * (root.lo + root.hi)
    seen: set[tuple[Fraction, ...]] = set()
    for bound in (10, 100, 1000, 10**4, 10**5, 10**6, 10**7, 10**8):
        z = tuple(Fraction(float(v)).limit_denominator(bound) for v in mid)
        if z in seen:
            continue
        seen.add(z)
        if any(not (Fraction(float(a)) <= v <= Fraction(float(b))) for v, a, b in zip(z, root.lo, root.hi)):
            continue
        prof = _profile_from_z(z, root.supports, shape, Fraction(0))
        vecs = [np.asarray(p, dtype=object) for p in prof]
        ok = True
        for i, s in enumerate(root.supports):
            u = contract_others(np.asarray(exact_payoffs[i], dtype=object), vecs, i)
            if any(u[t] != u[s[0]] for t in s[1:]):
                ok = False
                break
        if ok:
            return prof
    return None


def exact_regrets(payoffs: Sequence[np.ndarray], profile: Sequence[Sequence[Any]]) -> list[Fraction]:
    """Each player's regret of *profile* in exact rational arithmetic (floats taken exactly).

    The regret is ``max_t u_i(t, x_{-i}) - sum_s x_i(s) u_i(s, x_{-i})``; for a float profile
    whose entries do not add to exactly 1 it is the value of that expression (an upper bound
    of what is reported, computed without rounding).
    """
    from .._exact.numbers import contract_others

    vecs = [np.asarray([Fraction(v) for v in p], dtype=object) for p in profile]
    out = []
    for i in range(len(vecs)):
        pay = np.asarray(payoffs[i], dtype=object)
        if pay.size and not isinstance(pay.flat[0], Fraction):
            pay = np.vectorize(Fraction, otypes=[object])(pay)
        u = contract_others(pay, vecs, i)
        out.append(max(u) - sum((a * b for a, b in zip(u, vecs[i])), Fraction(0)))
    return out


def _ceil_float(x: Fraction) -> float:
    f = float(x)
    return f if Fraction(f) >= x else float(np.nextafter(f, _INF))


def ceil_float(x: Fraction) -> float:
    """The smallest float at least *x* (for stating rigorous upper bounds)."""
    return _ceil_float(x) if not math.isnan(float(x)) else float("nan")


def support_enumeration(game: Any, *, max_profiles: int | None = None,
                        progress: Callable[[int, int], None] | None = None) -> Any:
    """Every isolated Nash equilibrium of an N-player game, each certified.

    Parameters
    ----------
    game : Game
        Any number of players (meant for 3 to about 6 with small strategy sets; 2-player games
        are better served by vertex enumeration).
    max_profiles : int, optional
        Refuse (:class:`~treaty.errors.GameTooLarge`, before any work) when the number of
        support profiles ``prod(2^{n_i} - 1)`` exceeds it; default
        :data:`treaty.spec._limits.MAX_SUPPORT_PROFILES`.
    progress : callable, optional
        ``progress(done, total)`` over the support profiles.

    Returns
    -------
    EquilibriumSet
        Method ``"support"``.  Exact equilibria in Fractions with regret exactly 0 (the pure
        ones and every rational root of an exact game); irrational ones as floats with
        ``tolerance`` and ``enclosure`` (see the module docstring).  ``complete`` is True when
        no support profile was left unresolved (then every isolated equilibrium whose support
        system has a regular root is listed); ``note`` says otherwise and which supports.

    Examples
    --------
    A 3-player game whose only equilibrium is fully mixed (each player gets 1 when matching the
    next player's strategy, 0 otherwise):

    >>> import numpy as np
    >>> from treaty import Game
    >>> eqs = support_enumeration(Game.from_arrays(
    ...     [[[int(x == y) for z in range(2)] for y in range(2)] for x in range(2)],
    ...     [[[int(y == z) for z in range(2)] for y in range(2)] for x in range(2)],
    ...     [[[int(z != x) for z in range(2)] for y in range(2)] for x in range(2)]))
    >>> [e.describe() for e in eqs]
    ['Player 1: 1/2 1 + 1/2 2; Player 2: 1/2 1 + 1/2 2; Player 3: 1/2 1 + 1/2 2']
    >>> eqs.complete, eqs[0].regret
    (True, Fraction(0, 1))
    """
    from .._exact.numbers import as_fraction
    from ..errors import GameTooLarge
    from ..spec._limits import MAX_SUPPORT_PROFILES
    from . import certify, pure_equilibria
    from ._result import Equilibrium, EquilibriumSet, Method

    limit = MAX_SUPPORT_PROFILES if max_profiles is None else max_profiles
    work = count_support_profiles(game.shape)
    if work > limit:
        dims = "x".join(str(k) for k in game.shape)
        raise GameTooLarge(
            f"support enumeration of this {dims} game would visit {work:,} support profiles, more "
            f"than the limit of {limit:,} (max_profiles); use method='logit' for some equilibria")
    exact = game.is_exact
    pay = game.payoffs if exact else game.float_payoffs
    search = solve_supports([pay[i] for i in range(game.n_players)], exact=exact, progress=progress)
    eqs: list[Any] = list(pure_equilibria(game))
    scale = max(1.0, float(np.max(np.abs(game.float_payoffs))))
    tolerance = 1e-9 * scale
    seen_exact: set[tuple[tuple[Fraction, ...], ...]] = {tuple(tuple(s) for s in e.strategies) for e in eqs}
    float_roots: list[SupportRoot] = []
    dropped = 0
    for root in search.roots:
        if exact:
            prof = rationalise(root, game.shape, [pay[i] for i in range(game.n_players)])
            if prof is not None:
                if any(p[t] <= 0 for p, s in zip(prof, root.supports) for t in s):
                    continue  # a zero probability: the smaller support has it; negative: none
                regs = exact_regrets([pay[i] for i in range(game.n_players)], prof)
                if any(r != 0 for r in regs):
                    continue  # a strategy outside the support does better: not an equilibrium
                key = tuple(tuple(as_fraction(v) for v in p) for p in prof)
                if key not in seen_exact:
                    seen_exact.add(key)
                    eqs.append(certify(game, prof))
                continue
        enc = root_enclosure(root, game.shape)
        if any(enc[j][t][1] <= 0 for j, s in enumerate(root.supports) for t in s):
            continue  # negative probability: not an equilibrium
        if any(enc[j][t][0] <= 0 for j, s in enumerate(root.supports) for t in s):
            dropped += 1  # a probability indistinguishable from 0: the smaller support's root
            continue
        # the others' strategies outside the support: proven not better, or the root is dropped
        _, (glo, ghi), _ = _System(
            [np.asarray(pay[i], dtype=object) if exact else np.vectorize(Fraction, otypes=[object])(pay[i])
             for i in range(game.n_players)], [root.supports], False).evaluate(
                np.zeros(1, dtype=int), root.lo[None], root.hi[None], jacobian=False)
        if glo.shape[1] and (glo > 0).any():
            continue
        prof_f = root_profile(root, game.shape)
        regs_x = exact_regrets([pay[i] for i in range(game.n_players)], prof_f)
        bound = [ceil_float(max(r, Fraction(0))) for r in regs_x]
        if max(bound) > tolerance:
            dropped += 1
            continue
        if any(_contains(o, root) for o in float_roots):
            continue
        float_roots.append(root)
        vals = [float(v) for v in _expected(game, prof_f)]
        eqs.append(Equilibrium(game.players, game.strategies,
                               tuple(tuple(float(v) for v in p) for p in prof_f), tuple(vals),
                               tuple(bound), False, None, tolerance,
                               tuple(tuple(b for b in p) for p in enc)))
    continua = 0
    unresolved = []
    for sup in search.unresolved:
        verts = single_mixer_vertices([pay[i] for i in range(game.n_players)], sup)
        if verts is None:
            unresolved.append(sup)
            continue
        continua += 1
        for prof in verts:
            key = tuple(tuple(as_fraction(v) for v in p) for p in prof)
            if exact and key in seen_exact:
                continue
            seen_exact.add(key)
            eqs.append(certify(game, prof if exact else [[float(v) for v in p] for p in prof]))
    search.unresolved = unresolved
    complete = not search.unresolved
    parts = [f"every isolated equilibrium ({search.profiles:,} support profiles, "
             f"{search.pruned:,} pruned by conditional dominance)"]
    if any(not e.exact for e in eqs):
        parts.append(f"irrational ones as floats certified to regret below {tolerance:.1e} with "
                     "proven enclosures")
    if search.unresolved:
        parts = [f"equilibria found; {len(search.unresolved)} support profile(s) unresolved "
                 f"(singular or non-isolated solutions, e.g. a continuum), so possibly not all: "
                 f"first {_support_names(game, search.unresolved[0])}"]
    if continua:
        parts.append(f"{continua} support profile(s) hold a continuum where one player mixes against "
                     "pure strategies: its extreme points are listed (every mixture of them is an "
                     "equilibrium)")
    if dropped:
        parts.append(f"{dropped} root(s) on a support boundary left to the smaller support")
    eqs.sort(key=lambda e: tuple(-float(p) for s in e.strategies for p in s))
    return EquilibriumSet(tuple(eqs), method=Method.SUPPORT, complete=complete, note="; ".join(parts))


def _support_names(game: Any, sup: tuple[tuple[int, ...], ...]) -> str:
    return "(" + "; ".join(f"{p}: {', '.join(game.strategies[i][t] for t in s)}"
                           for i, (p, s) in enumerate(zip(game.players, sup))) + ")"


def _expected(game: Any, prof: Sequence[Sequence[float]]) -> list[Any]:
    from ._regret import expected_payoffs

    return expected_payoffs(game.float_payoffs, prof)


def _contains(a: SupportRoot, b: SupportRoot) -> bool:
    """Whether root *b*'s refined box lies in root *a*'s proven box (then they are one root)."""
    return a.supports == b.supports and bool((a.proven_lo <= b.lo).all() and (b.hi <= a.proven_hi).all())


def single_mixer_vertices(payoffs: Sequence[np.ndarray], sup: tuple[tuple[int, ...], ...]
                          ) -> list[list[list[Fraction]]] | None:
    """Extreme points of the equilibria on a support where one player mixes against pure strategies.

    When only player ``j`` mixes and it is indifferent among ``S_j`` against the others' pure
    profile (its equations read 0 = 0: a degenerate game), the equilibria with this support form
    the polytope of mixtures ``y`` over ``S_j`` (with ``S_j``'s strategies best responses) under
    which no other player gains by deviating; those conditions are linear in ``y``.  Its
    vertices are found exactly by solving every choice of ``|S_j| - 1`` tight constraints with
    ``sum(y) = 1`` (a basic solution; Chvatal, *Linear Programming*, 1983, ch. 3) and keeping
    the feasible ones.  Returns None when the support is not of this kind.
    """
    from .._exact.linalg import solve

    n = len(sup)
    mixers = [j for j in range(n) if len(sup[j]) > 1]
    if len(mixers) != 1:
        return None
    j = mixers[0]
    pure = [s[0] for s in sup]

    def pay(i: int, prof: Sequence[int]) -> Fraction:
        return Fraction(payoffs[i][tuple(prof)])

    def with_(prof: Sequence[int], i: int, t: int) -> list[int]:
        out = list(prof)
        out[i] = t
        return out

    own = [pay(j, with_(pure, j, s)) for s in sup[j]]
    if any(v != own[0] for v in own):
        return None
    if any(pay(j, with_(pure, j, t)) > own[0] for t in range(payoffs[j].shape[j])):
        return []
    k = len(sup[j])
    rows: list[list[Fraction]] = [[Fraction(-int(m == s)) for m in range(k)] for s in range(k)]
    for i in range(n):
        if i == j:
            continue
        for t in range(payoffs[i].shape[i]):
            if t == pure[i]:
                continue
            rows.append([pay(i, with_(with_(pure, j, s), i, t)) - pay(i, with_(pure, j, s)) for s in sup[j]])
    verts: list[tuple[Fraction, ...]] = []
    for tight in itertools.combinations(range(len(rows)), k - 1):
        a = [[Fraction(1)] * k] + [rows[r] for r in tight]
        y = solve(a, [Fraction(1)] + [Fraction(0)] * (k - 1))
        if y is None:
            continue
        if all(sum((c * v for c, v in zip(row, y)), Fraction(0)) <= 0 for row in rows):
            key = tuple(y)
            if key not in verts:
                verts.append(key)
    out = []
    for vert in verts:
        prof = [[Fraction(int(t == pure[i])) for t in range(payoffs[i].shape[i])] for i in range(n)]
        prof[j] = [Fraction(0)] * payoffs[j].shape[j]
        for s, v in zip(sup[j], vert):
            prof[j][s] = v
        out.append(prof)
    return out
