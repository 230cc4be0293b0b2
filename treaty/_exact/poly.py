"""Exact univariate polynomials over the rationals: arithmetic, Sturm sequences, real roots.

Polynomials are lists of :class:`~fractions.Fraction` coefficients, lowest degree first, with
no trailing zeros (the zero polynomial is ``[]``).  Used by :mod:`treaty.mechanics.thresholds` (the
equilibrium conditions are rational functions of a parameter) and :mod:`treaty.mechanics.repeated`
(critical discount factors of T-period punishments are polynomial roots).

Sources: Sturm's theorem and real root isolation as in Basu, Pollack and Roy, *Algorithms in
Real Algebraic Geometry* (2006), Theorem 2.50 (the number of distinct roots of a square-free
``P`` in ``(a, b]`` is ``Var(a) - Var(b)``) and section 10.2; exactness of the rationality
test from the rational root theorem (a rational root ``u/v`` of a primitive integer
polynomial has ``v`` dividing its leading coefficient ``L``, and two distinct fractions with
denominators at most ``L`` are at least ``1/L**2`` apart).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

__all__ = [
    "Poly",
    "RealRoot",
    "trim",
    "padd",
    "psub",
    "pmul",
    "pdivmod",
    "pgcd",
    "peval",
    "pderiv",
    "squarefree",
    "real_roots",
    "simplest_between",
    "solve_nullspace",
]

Poly = list[Fraction]


def trim(p: Sequence[Fraction]) -> Poly:
    out = [Fraction(c) for c in p]
    while out and out[-1] == 0:
        out.pop()
    return out


def padd(p: Poly, q: Poly) -> Poly:
    n = max(len(p), len(q))
    return trim([(p[k] if k < len(p) else 0) + (q[k] if k < len(q) else 0) for k in range(n)])


def psub(p: Poly, q: Poly) -> Poly:
    return padd(p, [-c for c in q])


def pmul(p: Poly, q: Poly) -> Poly:
    if not p or not q:
        return []
    out = [Fraction(0)] * (len(p) + len(q) - 1)
    for i, a in enumerate(p):
        if a:
            for j, b in enumerate(q):
                out[i + j] += a * b
    return trim(out)


def pdivmod(p: Poly, q: Poly) -> tuple[Poly, Poly]:
    """Quotient and remainder of polynomial division (q must be non-zero)."""
    if not q:
        raise ZeroDivisionError("polynomial division by zero")
    r = list(p)
    quot = [Fraction(0)] * max(len(p) - len(q) + 1, 0)
    while len(r) >= len(q) and r:
        c = r[-1] / q[-1]
        k = len(r) - len(q)
        quot[k] = c
        for j, b in enumerate(q):
            r[k + j] -= c * b
        r = trim(r)
    return trim(quot), r


def pgcd(p: Poly, q: Poly) -> Poly:
    """Monic greatest common divisor (Euclid)."""
    a, b = trim(p), trim(q)
    while b:
        a, b = b, pdivmod(a, b)[1]
    if not a:
        return []
    return [c / a[-1] for c in a]


def peval(p: Poly, x: Fraction) -> Fraction:
    """Value at *x* (Horner)."""
    v = Fraction(0)
    for c in reversed(p):
        v = v * x + c
    return v


def pderiv(p: Poly) -> Poly:
    return trim([k * c for k, c in enumerate(p)][1:])


def squarefree(p: Poly) -> Poly:
    """``p / gcd(p, p')``: the same distinct roots, each simple."""
    g = pgcd(p, pderiv(p))
    if len(g) <= 1:
        return trim(p)
    return pdivmod(p, g)[0]


def _sturm(p: Poly) -> list[Poly]:
    seq = [p, pderiv(p)]
    while seq[-1]:
        r = pdivmod(seq[-2], seq[-1])[1]
        if not r:
            break
        seq.append([-c for c in r])
    return [s for s in seq if s]


def _variations(seq: list[Poly], x: Fraction) -> int:
    signs = [v for v in (peval(s, x) for s in seq) if v != 0]
    return sum(1 for a, b in zip(signs, signs[1:], strict=False) if (a > 0) != (b > 0))


def simplest_between(a: Fraction, b: Fraction) -> Fraction:
    """The fraction with the smallest denominator in the closed interval [a, b].

    >>> simplest_between(Fraction(3, 10), Fraction(4, 10))
    Fraction(1, 3)
    """
    if a > b:
        a, b = b, a
    if a <= 0 <= b:
        return Fraction(0)
    if b < 0:
        return -simplest_between(-b, -a)
    fl = math.floor(a)
    if fl == a:
        return Fraction(fl)
    if fl + 1 <= b:
        return Fraction(fl + 1)
    # a and b share the integer part: recurse on the reciprocals of the fractional parts
    return fl + 1 / simplest_between(1 / (b - fl), 1 / (a - fl))


@dataclass(frozen=True)
class RealRoot:
    """A real root: exact when rational, else an isolating interval ``(lo, hi)`` of width at
    most the requested precision, with the root strictly inside.

    ``text`` is a readable form: ``"3/4"``, or for an irrational root of a quadratic the
    closed form, e.g. ``"(1 + sqrt(5))/2 = 1.618034"``.
    """

    lo: Fraction
    hi: Fraction
    exact: bool
    text: str

    @property
    def value(self) -> Fraction | float:
        return self.lo if self.exact else float((self.lo + self.hi) / 2)

    def __lt__(self, other: RealRoot) -> bool:
        return self.hi < other.lo or (self.hi <= other.lo and not (self.exact and other.exact))


def _primitive_leading(p: Poly) -> int:
    den = math.lcm(*(c.denominator for c in p))
    ints = [int(c * den) for c in p]
    g = math.gcd(*ints)
    return abs(ints[-1] // g)


def _fmt(x: Fraction) -> str:
    return str(x.numerator) if x.denominator == 1 else f"{x.numerator}/{x.denominator}"


def _quadratic_text(p: Poly, approx: float) -> str:
    """Closed form ``c +- sqrt(q)`` of an irrational root of a quadratic."""
    c0, b, a = p
    centre = -b / (2 * a)
    q = (b * b - 4 * a * c0) / (4 * a * a)
    sign = "+" if approx > centre else "-"
    if centre == 0:
        return f"{'-' if sign == '-' else ''}sqrt({_fmt(q)}) = {approx:.6g}"
    return f"{_fmt(centre)} {sign} sqrt({_fmt(q)}) = {approx:.6g}"


def real_roots(p: Poly, lo: Fraction | None = None, hi: Fraction | None = None,
               precision: Fraction = Fraction(1, 2**60)) -> list[RealRoot]:
    """Distinct real roots of *p* in the closed interval [lo, hi], sorted.

    Rational roots are found exactly; irrational ones are isolated by Sturm sequences and
    bisection on exact rationals to an interval of width at most *precision*.  A root is
    declared irrational only after its interval is narrower than ``1/L**2`` (``L`` the
    leading coefficient of the primitive integer multiple of ``p``) and the simplest fraction
    in it is not a root, which proves irrationality (module docstring).

    >>> [r.text for r in real_roots([Fraction(-2), Fraction(0), Fraction(1)])]
    ['-sqrt(2) = -1.41421', 'sqrt(2) = 1.41421']
    >>> [r.text for r in real_roots([Fraction(-1), Fraction(1), Fraction(1)], Fraction(0))]
    ['-1/2 + sqrt(5/4) = 0.618034']
    """
    p = trim(p)
    if len(p) <= 1:
        return []
    p = squarefree(p)
    bound = 1 + max(abs(c / p[-1]) for c in p[:-1])
    a = Fraction(lo) if lo is not None else -bound
    b = Fraction(hi) if hi is not None else bound
    if a > b:
        return []
    seq = _sturm(p)
    exact: list[Fraction] = [x for x in {a, b} if peval(p, x) == 0]

    def count_open(u: Fraction, v: Fraction) -> int:
        return _variations(seq, u) - _variations(seq, v) - (1 if peval(p, v) == 0 else 0)

    isolated: list[tuple[Fraction, Fraction]] = []
    stack = [(a, b)] if a < b else []
    while stack:
        u, v = stack.pop()
        c = count_open(u, v)
        if c == 0:
            continue
        if c == 1:
            isolated.append((u, v))
            continue
        m = (u + v) / 2
        if peval(p, m) == 0:
            exact.append(m)
        stack += [(u, m), (m, v)]
    lead = _primitive_leading(p)
    gap = Fraction(1, 2 * lead * lead)
    out = [RealRoot(x, x, True, _fmt(x)) for x in exact]
    for u, v in isolated:
        found = None
        while True:
            if v - u < gap:
                r = simplest_between(u, v)
                if peval(p, r) == 0:
                    found = r
                    break
                if v - u <= precision:
                    break
            m = (u + v) / 2
            if peval(p, m) == 0:
                found = m
                break
            if count_open(u, m) == 1:
                v = m
            else:
                u = m
        if found is not None:
            out.append(RealRoot(found, found, True, _fmt(found)))
        else:
            approx = float((u + v) / 2)
            text = _quadratic_text(p, approx) if len(p) == 3 else f"{approx:.6g}"
            out.append(RealRoot(u, v, False, text))
    out.sort(key=lambda r: r.lo)
    return out


def solve_nullspace(rows: list[list[Fraction]], ncols: int) -> list[Fraction] | None:
    """A non-zero exact vector ``z`` with ``rows @ z == 0`` (None if the kernel is trivial).

    Gauss-Jordan elimination on Fractions; the last free column is set to 1.
    """
    m = [list(r) for r in rows]
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
    free = [c for c in range(ncols) if c not in pivots]
    if not free:
        return None
    z = [Fraction(0)] * ncols
    z[free[-1]] = Fraction(1)
    for k, c in enumerate(pivots):
        z[c] = -m[k][free[-1]]
    return z
