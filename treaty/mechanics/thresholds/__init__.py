"""Thresholds: for which values of one parameter is a target profile a Nash equilibrium?

A pure profile ``t`` is a Nash equilibrium iff no player gains by a unilateral pure deviation:
for every player ``i`` and strategy ``s != t_i``, ``g_{i,s}(x) = u_i(t) - u_i(s, t_-i) >= 0``.
When the payoffs are built from the parameter ``x`` with ``+ - * /`` and integer powers,
each ``g_{i,s}`` is a rational function ``N(x)/D(x)``.

Method
------
The spec's expressions are not differentiated symbolically; instead the game is *loaded* at
exact rational sample points ``x_k`` (through the ordinary spec reader, so parameters derived
from ``x`` and the verification transform follow) and each ``g`` is recovered by exact
rational interpolation: for ``d = 0, 1, 2, ...`` solve the linear system
``N(x_k) - g(x_k) D(x_k) = 0`` (``deg N, deg D <= d``) on ``2d + 1`` points with Fractions,
cancel ``gcd(N, D)`` and accept the fit only if it reproduces ``g`` exactly at 5 further
points.  A rational function of type ``(d, d)`` is determined by ``2d + 1`` values, so the fit
is the function whenever ``g`` has degree at most ``d``; a function of higher degree (or a
piecewise one, written with ``min``/``max``/``if``) would have to agree with the fit at 5
independent extra points to slip through.  This route was chosen over symbolic evaluation
because it reuses the spec reader unchanged and so covers every transform applied on
loading.

The roots of ``N`` and ``D`` in the parameter's declared range are found exactly when
rational and isolated in certified rational intervals otherwise (factoring over Q with
python-flint; Sturm sequences as the fallback) (:mod:`treaty._exact.poly`); between
consecutive roots the sign of ``g`` is constant and is read at an exact midpoint.  The set of
equilibrium values is the intersection of ``{g >= 0}`` over all deviations, a finite union of
intervals; at each of its inner end points the deviation(s) that become profitable beyond it
are named as *binding*.

When the sampled games are not exact, or no rational fit of degree <= 8 verifies, the
conditions are instead evaluated on a grid of 129 points and each sign change is bisected
(``method="bisection"``): end points are then approximate and said to be so.

Examples
--------
The inspection game of Avenhaus, von Stengel and Zamir (2002): a covert violation gains
``d = 3`` and costs ``b = 1`` when caught, so compliance holds iff ``p >= 3/4``:

>>> from fractions import Fraction as F
>>> from treaty.game import Game
>>> def game(p):
...     return Game.from_arrays([[0], [3 * (1 - p) - p]], [[0], [0]],
...                             players=["A", "B"], strategies=[["comply", "violate"], ["x"]])
>>> th = threshold(game, "p", ("comply", "x"), bounds=(F(0), F(1)))
>>> print(th.describe())
comply, x is a Nash equilibrium for p in [3/4, 1]; A's deviation to 'violate' binds at
p = 3/4 (profitable below it)
"""

from __future__ import annotations

from ._checks import deviation_gains, is_pure_equilibrium, resolve_target
from ._results import Binding, Condition, Endpoint, Interval, Threshold
from ._solve import threshold

__all__ = [
    "Endpoint",
    "Interval",
    "Condition",
    "Binding",
    "Threshold",
    "threshold",
    "resolve_target",
    "deviation_gains",
    "is_pure_equilibrium",
]
