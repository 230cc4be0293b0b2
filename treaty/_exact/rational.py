"""The one rationaliser: a float LP solution -> candidate exact probability vectors.

LP solvers return floats; an exact game needs Fractions.  :func:`rational_candidates` turns
a float probability vector into exact candidates, the simplest first (small denominators),
each a probability vector; the caller certifies each candidate in exact arithmetic (weak
duality for the zero-sum value and minmax, strict inequalities for dominance) and keeps the
first that passes.  A candidate is only a guess: nothing here claims it is optimal.

Source: the best rational approximation with bounded denominator is a convergent or
semiconvergent of the continued fraction (Khinchin, *Continued Fractions*, 1964, Theorems 15
and 16); ``fractions.Fraction.limit_denominator`` computes it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from fractions import Fraction
from typing import Any

__all__ = ["DENOMINATOR_BOUNDS", "rational_simplex", "rational_candidates"]

#: Denominator bounds tried in turn: payoffs written by people have small denominators, and
#: a basic LP solution of an integer game has denominators bounded by a minor of the matrix.
DENOMINATOR_BOUNDS: tuple[int, ...] = (2, 3, 4, 6, 10, 12, 100, 1000, 10**4, 10**6, 10**9, 10**12)


def rational_simplex(v: Iterable[Any], den: int | None) -> list[Fraction] | None:
    """Exact probability vector near the non-negative float vector *v* (renormalised).

    Each entry of ``v / sum(v)`` is replaced by its best rational approximation with
    denominator at most *den* (``None``: the float's exact binary value), and the result is
    divided by its sum.  None when *v* has no positive mass or a rounded entry is negative.

    >>> [str(q) for q in rational_simplex([0.333333333, 0.666666667], 10)]
    ['1/3', '2/3']
    >>> [str(q) for q in rational_simplex([0.5, 0.25, 0.25], None)]
    ['1/2', '1/4', '1/4']
    >>> rational_simplex([0.0, 0.0], 10) is None
    True
    """
    total_f = float(sum(float(t) for t in v))
    if not total_f > 0:
        return None
    q = [Fraction(float(t) / total_f) for t in v]
    if den is not None:
        q = [t.limit_denominator(den) for t in q]
    total = sum(q, Fraction(0))
    if total <= 0 or any(t < 0 for t in q):
        return None
    return [t / total for t in q]


def rational_candidates(v: Sequence[Any], bounds: Sequence[int | None] = DENOMINATOR_BOUNDS
                        ) -> Iterator[list[Fraction]]:
    """The distinct exact candidates :func:`rational_simplex` gives for each bound in turn.

    >>> [[str(q) for q in c] for c in rational_candidates([0.3, 0.7], (2, 10, 100))]
    [['1/2', '1/2'], ['3/10', '7/10']]
    """
    seen: set[tuple[Fraction, ...]] = set()
    for den in bounds:
        q = rational_simplex(v, den)
        if q is not None and tuple(q) not in seen:
            seen.add(tuple(q))
            yield q
