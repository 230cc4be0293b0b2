"""Sampling the deviation conditions and recovering them by exact rational interpolation.

For ``d = 0, 1, 2, ...`` the linear system ``N(x_k) - g(x_k) D(x_k) = 0`` (``deg N, deg D <= d``)
is solved over the rationals on ``2d + 1`` sample points; the fit is accepted only if it
reproduces ``g`` exactly at ``VERIFY_POINTS`` further points (see the package docstring).
"""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction
from typing import Any

from ..._exact.linalg import nullspace_vector
from ..._exact.poly import Poly, pdivmod, peval, pgcd, trim
from ...errors import TreatyError
from ...game import Game
from ._checks import deviation_gains

MAX_DEGREE = 8
VERIFY_POINTS = 5


def _sample_points(lo: Fraction | None, hi: Fraction | None, centre: Fraction) -> list[Fraction]:
    """Distinct rational points spread over the domain (97ths of it, in a scrambled order)."""
    out = []
    for k in range(1, 97):
        j = Fraction((k * 37) % 97, 97)
        if lo is not None and hi is not None:
            x = lo + (hi - lo) * j
        elif lo is not None:
            x = lo + 8 * j + Fraction(1, 7)
        elif hi is not None:
            x = hi - 8 * j - Fraction(1, 7)
        else:
            x = centre + 16 * j - 8 + Fraction(1, 7)
        out.append(x)
    return out


class _Sampler:
    """The conditions of one target profile at each parameter value, cached; ``exact`` turns
    False once a float game is met."""

    def __init__(self, build: Callable[[Any], Any], profile: tuple[int, ...]) -> None:
        self.build = build
        self.profile = profile
        self.cache: dict[Any, list[Any] | None] = {}
        self.exact = True

    def gains(self, x: Any) -> list[Any] | None:
        """``g`` (target minus deviation payoff) per condition at x; None if undefined there."""
        if x not in self.cache:
            try:
                game = self.build(x)
            except TreatyError:
                self.cache[x] = None
                return None
            self.cache[x] = self.conditions(game)
        return self.cache[x]

    def conditions(self, game: Game) -> list[Any]:
        """The conditions in the game built at one value (the stage game's deviations)."""
        if not game.is_exact:
            self.exact = False
        return [-g for _, _, g in deviation_gains(game, self.profile)]


def _fit(points: list[tuple[Fraction, Fraction]], checks: list[tuple[Fraction, Fraction]],
         d: int) -> tuple[Poly, Poly] | None:
    rows = []
    for x, y in points[: 2 * d + 1]:
        powers = [x**k for k in range(d + 1)]
        rows.append(powers + [-y * pk for pk in powers])
    z = nullspace_vector(rows, 2 * d + 2)
    if z is None:
        return None
    num, den = trim(z[: d + 1]), trim(z[d + 1:])
    if not den:
        return None
    if not num:
        return [], [Fraction(1)]
    g = pgcd(num, den)
    if len(g) > 1:
        num, den = pdivmod(num, g)[0], pdivmod(den, g)[0]
    lead = den[-1]
    num, den = [c / lead for c in num], [c / lead for c in den]
    for x, y in [*points[: 2 * d + 1], *checks]:
        dv = peval(den, x)
        if dv == 0 or peval(num, x) / dv != y:
            return None
    return num, den


def _fit_all(sampler: _Sampler, points: list[Fraction], n_conds: int
             ) -> list[tuple[Poly, Poly]] | None:
    """Exact rational fits of every condition, or None if one does not verify."""
    good: list[tuple[Fraction, list[Any]]] = []
    it = iter(points)

    def need(k: int) -> bool:
        while len(good) < k:
            x = next(it, None)
            if x is None:
                return False
            g = sampler.gains(x)
            if g is None:
                continue
            if not sampler.exact:
                return False
            good.append((x, g))
        return True

    fits: list[tuple[Poly, Poly] | None] = [None] * n_conds
    for d in range(MAX_DEGREE + 1):
        if not need(2 * d + 1 + VERIFY_POINTS):
            return None
        checks_x = good[:VERIFY_POINTS]
        fit_x = good[VERIFY_POINTS: VERIFY_POINTS + 2 * d + 1]
        for c in range(n_conds):
            if fits[c] is None:
                fits[c] = _fit([(x, g[c]) for x, g in fit_x],
                               [(x, g[c]) for x, g in checks_x], d)
        if all(f is not None for f in fits):
            return fits  # type: ignore[return-value]
    return None
