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
from typing import Any

from . import _backend
from .numbers import format_number

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
]

Poly = list[Fraction]


def trim(p: Sequence[Fraction]) -> Poly:
    out = [Fraction(c) for c in p]
    while out and out[-1] == 0:
        out.pop()
    return out


def padd(p: Poly, q: Poly) -> Poly:
    n = max(len(p), len(q))
    zero = Fraction(0)
    return trim([(p[k] if k < len(p) else zero) + (q[k] if k < len(q) else zero) for k in range(n)])


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


def _quadratic_text(p: Poly, approx: float) -> str:
    """Closed form ``c +- sqrt(q)`` of an irrational root of a quadratic."""
    c0, b, a = p
    centre = -b / (2 * a)
    q = (b * b - 4 * a * c0) / (4 * a * a)
    sign = "+" if approx > centre else "-"
    if centre == 0:
        return f"{'-' if sign == '-' else ''}sqrt({format_number(q)}) = {approx:.6g}"
    return f"{format_number(centre)} {sign} sqrt({format_number(q)}) = {approx:.6g}"


def real_roots(p: Poly, lo: Fraction | None = None, hi: Fraction | None = None,
               precision: Fraction = Fraction(1, 2**60)) -> list[RealRoot]:
    """Distinct real roots of *p* in the closed interval [lo, hi], sorted.

    Rational roots are found exactly; each irrational one is returned as an open interval of
    width at most *precision* holding it and no other root of *p*.  On the flint backend
    (:mod:`treaty._exact._backend`) *p* is factored over the rationals (FLINT's
    ``fmpq_poly_factor``): linear factors give the rational roots, and the real roots of each
    irreducible factor of degree >= 2 (all irrational) come from Arb's certified complex root
    isolation (``arb_fmpz_poly_complex_roots``: disjoint balls holding one root each, real
    roots with an exactly zero imaginary part), converted to rational intervals whose end
    points are checked to bracket a sign change and then narrowed by exact bisection.  On the
    fraction backend irrational roots are isolated by Sturm sequences and bisection; a root is
    declared irrational only after its interval is narrower than ``1/L**2`` (``L`` the leading
    coefficient of the primitive integer multiple of ``p``) and the simplest fraction in it
    is not a root, which proves irrationality (module docstring).

    >>> [r.text for r in real_roots([Fraction(-2), Fraction(0), Fraction(1)])]
    ['-sqrt(2) = -1.41421', 'sqrt(2) = 1.41421']
    >>> [r.text for r in real_roots([Fraction(-1), Fraction(1), Fraction(1)], Fraction(0))]
    ['-1/2 + sqrt(5/4) = 0.618034']
    """
    p = trim(p)
    if len(p) <= 1:
        return []
    if lo is not None and hi is not None and lo > hi:
        return []
    if _backend.backend() == "flint":
        return _real_roots_flint(p, lo, hi, precision)
    return _real_roots_sturm(p, lo, hi, precision)


def _real_roots_sturm(p: Poly, lo: Fraction | None, hi: Fraction | None,
                      precision: Fraction) -> list[RealRoot]:
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
    out = [RealRoot(x, x, True, format_number(x)) for x in exact]
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
            out.append(RealRoot(found, found, True, format_number(found)))
        else:
            approx = float((u + v) / 2)
            text = _quadratic_text(p, approx) if len(p) == 3 else f"{approx:.6g}"
            out.append(RealRoot(u, v, False, text))
    out.sort(key=lambda r: r.lo)
    return out


def _sign(v: Any) -> int:
    return (v > 0) - (v < 0)


def _arb_interval(x: Any) -> tuple[Fraction, Fraction]:
    """The closed ball ``mid +- rad`` of an Arb real number as exact rational end points."""
    m, e = x.mid().man_exp()
    r, f = x.rad().man_exp()
    mid = Fraction(int(m)) * Fraction(2) ** int(e)
    rad = Fraction(int(r)) * Fraction(2) ** int(f)
    return mid - rad, mid + rad


def _real_roots_flint(p: Poly, lo: Fraction | None, hi: Fraction | None,
                      precision: Fraction) -> list[RealRoot]:
    fl = _backend.flint
    q = fl.fmpq_poly([fl.fmpq(c.numerator, c.denominator) for c in p])
    rational: list[Fraction] = []
    # irrational roots: [u, v, integer factor, sign of the factor at u]
    brackets: list[list[Any]] = []
    n_distinct = 0
    quadratic: Poly | None = None
    for f, _mult in q.factor()[1]:
        z = f.numer()  # primitive integer polynomial, same roots
        n_distinct += z.degree()
        if z.degree() == 1:
            c0, c1 = (int(c) for c in z.coeffs())
            r = Fraction(-c0, c1)
            if (lo is None or r >= lo) and (hi is None or r <= hi):
                rational.append(r)
            continue
        if z.degree() == 2:
            quadratic = [Fraction(int(c)) for c in z.coeffs()]

        def at(x: Fraction, z: Any = z) -> int:
            return _sign(z(fl.fmpq(x.numerator, x.denominator)))

        for root, _m in z.complex_roots():
            if not root.imag.is_zero():  # real roots come with an exactly zero imaginary part
                continue
            u, v = _arb_interval(root.real)
            su, sv = at(u), at(v)
            if su * sv >= 0:  # pragma: no cover - Arb's isolation guarantees a sign change
                raise ArithmeticError("root isolation returned a ball without a sign change")
            # the root is irrational, so never equal to a rational domain end point
            if (lo is not None and v <= lo) or (hi is not None and u >= hi):
                continue
            if lo is not None and u < lo:
                if at(lo) != su:
                    continue  # the root lies in (u, lo)
                u = lo
            if hi is not None and v > hi:
                if at(hi) == su:
                    continue  # the root lies in (hi, v)
                v = hi
            brackets.append([u, v, at, su])

    def halve(b: list[Any]) -> None:
        u, v, at, su = b
        m = (u + v) / 2
        if at(m) == su:
            b[0] = m
        else:
            b[1] = m

    # narrow every bracket to the precision, and until it holds no other root of p
    # (distinct roots have disjoint brackets once these are narrow enough)
    while True:
        for b in brackets:
            while b[1] - b[0] > precision:
                halve(b)
        clash = set()
        for i, b in enumerate(brackets):
            if any(b[0] <= r <= b[1] for r in rational):
                clash.add(i)
            for j in range(i):
                if b[0] < brackets[j][1] and brackets[j][0] < b[1]:
                    clash.update((i, j))
        if not clash:
            break
        for i in clash:
            halve(brackets[i])
    out = [RealRoot(r, r, True, format_number(r)) for r in rational]
    for u, v, _at, _su in brackets:
        approx = float((u + v) / 2)
        text = (_quadratic_text(quadratic, approx) if n_distinct == 2 and quadratic is not None
                else f"{approx:.6g}")
        out.append(RealRoot(u, v, False, text))
    out.sort(key=lambda r: r.lo)
    return out
