"""Exact nucleolus and least core: the rational point behind the float LP sequence, certified.

The float LP sequence of :func:`treaty.coalitions.nucleolus` tells which coalitions are tight
at each level; here the point and the levels are re-solved from those equalities in exact
arithmetic (:func:`treaty._exact.linalg.solve_independent`) and then *certified* by conditions
that do not trust the LPs:

* least core (Maschler, Peleg and Shapley 1979): ``(x, eps)`` is optimal for
  ``min eps s.t. x(N) = v(N), x(S) + eps >= v(S)`` iff every excess is ``<= eps`` and the
  coalitions with excess ``eps`` are *weakly balanced* (weights ``>= 0`` summing to ``1_N``):
  by Gordan's alternative, that is exactly the absence of a direction lowering all of them.
* nucleolus: Kohlberg's criterion (Kohlberg, "On the nucleolus of a characteristic function
  game", SIAM J. Appl. Math. 20 (1971) 62-66, stated for the nucleolus over imputations;
  Peleg and Sudhoelter, *Introduction to the Theory of Cooperative Games*, 2nd ed. 2007,
  chapter 5, for the prenucleolus): x is the (pre)nucleolus iff for every value a, the collection
  ``D(a) = {S : e(S, x) >= a}`` (when non-empty) has balancing weights, strictly positive on
  ``D(a)`` and, for the nucleolus, ``>= 0`` on the singletons ``{i}`` with ``x_i = v({i})``.
  (With ``x + t y`` feasible iff ``y(N) = 0`` and ``y_i >= 0`` on those singletons, this is
  Tucker's alternative applied to Kohlberg's property I.)  Only the unions at which the rank
  of ``D(a)`` grows need checking: if ``D`` has such weights ``lam`` and ``S`` lies in the span
  of ``D``, ``1_S = sum mu_T 1_T``, then ``lam - d mu`` with weight ``d`` on ``S`` is again
  positive for small ``d > 0``.  The unions are checked in order until the rank is n.

Each balancing certificate is found by a float LP (maximise the smallest weight), made exact
by re-solving its largest weights from the equalities (the others rationalised), and accepted
only if the exact weights satisfy ``sum lam_S 1_S = 1_N`` with the required signs.  So a
certificate is never wrong; numerical trouble can only make it fail, and then the caller falls
back to the float result.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from itertools import groupby
from math import lcm
from typing import Any

import numpy as np

from .._exact.linalg import rref, solve_independent
from ..errors import SolverError
from ._bits import member_matrix

__all__ = ["exact_excesses", "balancing_weights", "kohlberg_check", "least_core_check",
           "solve_levels", "solve_vertex"]


def _bits(mask: int, n: int) -> list[int]:
    return [(mask >> i) & 1 for i in range(n)]


def exact_excesses(v: Sequence[Any], x: Sequence[Fraction], n: int) -> tuple[np.ndarray, int]:
    """``(E, L)`` with ``E[mask] = L * (v(mask) - x(mask))`` as Python ints (object array).

    ``L`` is the least common denominator of v and x, so comparisons of excesses are integer
    comparisons; the ``2^n`` sums of x are built by doubling (``O(2^n)`` additions).
    """
    vq = [Fraction(a) for a in v]
    xq = [Fraction(a) for a in x]
    big = lcm(*(a.denominator for a in vq), *(a.denominator for a in xq))
    vi = np.array([a.numerator * (big // a.denominator) for a in vq], dtype=object)
    sums = np.zeros(1 << n, dtype=object)  # Python int zeros
    for i, a in enumerate(xq):
        sums[1 << i: 2 << i] = sums[: 1 << i] + a.numerator * (big // a.denominator)
    return vi - sums, big


def balancing_weights(strict: Sequence[int], weak: Sequence[int], n: int
                      ) -> dict[int, Fraction] | None:
    """Exact weights ``lam_S`` with ``sum lam_S 1_S = 1_N``, ``lam_S > 0`` on *strict* and
    ``>= 0`` on *weak* (coalitions as bitmasks; a mask in both is strict); None when none is
    found (the collection is then not balanced, or numerical trouble hid the weights).

    A float LP maximises the smallest strict weight (``lam = mu + t`` on strict coalitions,
    ``mu, t >= 0``); the weights then kept (all strict ones, weak ones above 1e-10) are made
    exact by rationalising all but a column basis of the largest ones and solving for those.

    >>> w = balancing_weights([0b011, 0b101, 0b110], [], 3)   # the pairs of three players
    >>> sorted(w.values())
    [Fraction(1, 2), Fraction(1, 2), Fraction(1, 2)]
    >>> balancing_weights([0b011, 0b100, 0b001], [], 3) is None   # {1} and {0, 1} conflict
    True
    """
    from .._exact.lp import solve_lp

    strict = list(dict.fromkeys(strict))
    sset = set(strict)
    weak = [m for m in dict.fromkeys(weak) if m not in sset]
    cols = strict + weak
    if not cols:
        return None
    a = member_matrix(np.array(cols), n).T.astype(float)  # a[i, k] = (i in cols[k])
    ns = len(strict)
    t_col = a[:, :ns].sum(axis=1)
    c = np.zeros(len(cols) + 1)
    if ns:
        c[-1] = -1.0
    try:
        sol = solve_lp(c, a_eq=np.hstack([a, t_col[:, None]]), b_eq=np.ones(n),
                       bounds=(0, None), what="balancing weights LP")
    except SolverError:
        return None
    lam = sol.x[:-1].copy()
    lam[:ns] += sol.x[-1]
    if ns and sol.x[-1] <= 1e-12:
        return None
    keep = np.array([k for k in range(len(cols)) if k < ns or lam[k] > 1e-10], dtype=np.int64)
    keep = keep[np.argsort(-lam[keep], kind="stable")]
    basis = _column_basis(a[:, keep])
    bk = keep[basis]
    rest = np.setdiff1d(keep, bk)
    # the other kept weights rationalised to k / 2^30 (integers, so the sums are exact)
    den = 1 << 30
    nums = np.rint(lam[rest] * den).astype(np.int64)
    covered = a[:, rest].astype(np.int64) @ nums  # < 2^12 * 2^30: no overflow
    rhs = [Fraction(den - int(c), den) for c in covered]
    sol_b = solve_independent([([int(a[i, k]) for k in bk], rhs[i]) for i in range(n)], len(bk))
    if sol_b is None:  # the float basis was dependent: no certificate
        return None
    # the certificate itself, in exact arithmetic: signs, then sum lam_S 1_S = 1_N
    if np.any(nums[rest < ns] <= 0) or np.any(nums < 0):
        return None
    if any(q < 0 or (q == 0 and k < ns) for k, q in zip(bk.tolist(), sol_b, strict=True)):
        return None
    for i in range(n):
        if Fraction(int(covered[i]), den) + sum((q for k, q in zip(bk.tolist(), sol_b, strict=True)
                                                 if a[i, k]), Fraction(0)) != 1:
            return None
    w = {cols[k]: Fraction(int(q), den) for k, q in zip(rest.tolist(), nums.tolist(), strict=True)}
    w.update({cols[k]: q for k, q in zip(bk.tolist(), sol_b, strict=True)})
    if any(m not in w for m in strict):  # pragma: no cover - all strict columns are kept
        return None
    return w


def _column_basis(a: np.ndarray) -> list[int]:
    """Indices of the first linearly independent columns of *a* (greedy, in order), chosen in
    floats (Gram-Schmidt); only a choice, the caller checks its consequences exactly."""
    out: list[int] = []
    resid = a.astype(np.float64).copy()
    for _ in range(a.shape[0]):
        norms = np.linalg.norm(resid, axis=0)
        cand = np.flatnonzero(norms > 1e-7)
        if len(cand) == 0:
            break
        j = int(cand[0])
        out.append(j)
        u = resid[:, j] / norms[j]
        resid -= np.outer(u, u @ resid)
    return out


def kohlberg_check(v: Sequence[Any], x: Sequence[Fraction], n: int, imputation: bool
                   ) -> tuple[bool, str]:
    """Certify in exact arithmetic that *x* is the nucleolus (``imputation=True``) or the
    prenucleolus of *v* by Kohlberg's criterion (module docstring); ``(ok, reason)``.

    >>> from fractions import Fraction as F
    >>> glove = [0, 0, 0, 1, 0, 1, 0, 1]   # player 0 holds the left glove, 1 and 2 right ones
    >>> kohlberg_check(glove, [F(1), F(0), F(0)], 3, True)
    (True, '')
    >>> kohlberg_check(glove, [F(999, 1000), F(1, 1000), F(0)], 3, True)[0]
    False
    """
    full = (1 << n) - 1
    if sum(x, Fraction(0)) != v[full]:
        return False, "the point does not share out v(N)"
    t0: list[int] = []
    if imputation:
        for i in range(n):
            if x[i] < v[1 << i]:
                return False, f"x_{i} < v({{{i}}}): not an imputation"
            if x[i] == v[1 << i]:
                t0.append(1 << i)
    e, _ = exact_excesses(v, x, n)
    order = sorted(range(1, full), key=lambda m: -e[m])
    basis: list[list[Any]] = []
    union: list[int] = []
    for _, grp in groupby(order, key=lambda m: e[m]):
        cls = list(grp)
        union.extend(cls)
        rows, piv = rref(basis + [_bits(m, n) for m in cls], n)
        if len(piv) == len(basis):
            continue  # in the span of a certified union: balanced too (module docstring)
        basis = [list(r) for r in rows]
        if balancing_weights(union, t0, n) is None:
            return False, (f"the {len(union)} coalitions of largest excess are not balanced "
                           "(Kohlberg's criterion fails)")
        if len(basis) == n:
            return True, ""
    return False, "the coalitions do not span R^n"  # pragma: no cover - singletons span


def least_core_check(v: Sequence[Any], x: Sequence[Fraction], eps: Fraction, n: int
                     ) -> tuple[bool, str]:
    """Certify in exact arithmetic that ``(x, eps)`` solves the least-core LP: ``x(N) = v(N)``,
    every excess ``<= eps`` and the coalitions at ``eps`` weakly balanced (the dual
    certificate; module docstring).

    >>> from fractions import Fraction as F
    >>> maj = [0, 0, 0, 1, 0, 1, 1, 1]   # 2-of-3 majority: eps* = 1/3 at (1/3, 1/3, 1/3)
    >>> least_core_check(maj, [F(1, 3)] * 3, F(1, 3), 3)
    (True, '')
    >>> least_core_check(maj, [F(1, 2), F(1, 2), F(0)], F(1), 3)[0]
    False
    """
    full = (1 << n) - 1
    if sum(x, Fraction(0)) != v[full]:
        return False, "the point does not share out v(N)"
    e, big = exact_excesses(v, x, n)
    top = eps * big
    inner = e[1:full]
    if any(a > top for a in inner):
        return False, "some excess exceeds epsilon"
    tight = [m for m in range(1, full) if e[m] == top]
    if balancing_weights([], tight, n) is None:
        return False, "the coalitions at epsilon are not weakly balanced (epsilon not minimal)"
    return True, ""


def solve_levels(v: Sequence[Any], n: int, fixed: Sequence[Sequence[int]],
                 binding: Sequence[int]) -> tuple[list[Fraction], list[Fraction]] | None:
    """The exact point and levels of an LP sequence from its tight sets.

    Unknowns ``x_0..x_{n-1}, eps_1..eps_K``; equations ``x(N) = v(N)``,
    ``x(S) + eps_k = v(S)`` for S fixed at level k, ``x_i = v({i})`` for i in *binding*.
    Returns ``(x, levels)`` when these have one solution satisfying every equation, else None.
    """
    k_lev = len(fixed)
    d = n + k_lev
    rows: list[tuple[list[int], Any]] = [([1] * n + [0] * k_lev, v[(1 << n) - 1])]
    for k, masks in enumerate(fixed):
        for m in masks:
            rows.append((_bits(m, n) + [int(j == k) for j in range(k_lev)], v[m]))
    for i in binding:
        rows.append(([int(j == i) for j in range(d)], v[1 << i]))
    z = solve_independent(rows, d)
    if z is None:
        return None
    for coef, rhs in rows:
        if sum((z[j] for j in range(d) if coef[j]), Fraction(0)) != rhs:
            return None
    return z[:n], z[n:]


def solve_vertex(v: Sequence[Any], n: int, tight: Sequence[int]
                 ) -> tuple[list[Fraction], Fraction] | None:
    """The exact vertex ``(x, eps)`` of the least-core LP at which *tight* (ordered, tightest
    first) holds: ``x(N) = v(N)`` and the first independent ``x(S) + eps = v(S)``."""
    rows: list[tuple[list[int], Any]] = [([1] * n + [0], v[(1 << n) - 1])]
    rows += [(_bits(m, n) + [1], v[m]) for m in tight]
    z = solve_independent(rows, n + 1)
    if z is None:
        return None
    return z[:n], z[n]
