r"""Barrett's (1994) concave-benefit model of a self-enforcing environmental agreement.

Source: S. Barrett, "Self-enforcing international environmental agreements", Oxford
Economic Papers 46 (1994) 878-894, section 3 (the model with concave benefits).

Model
-----
``N`` identical countries choose abatements ``q_i >= 0``; with ``Q = sum_j q_j``::

    pi_i = B(Q) - C(q_i),    B(Q) = (b / N) (a Q - Q^2 / 2),    C(q) = c q^2 / 2,

and ``gamma = c / b``.  ``k`` countries sign; the ``N - k`` others do not.

Derivation of the equilibrium for ``k`` signatories
---------------------------------------------------
*Non-signatories* maximise their own payoff given the others: the first-order condition
``(b/N)(a - Q) = c q_j`` gives the linear reaction function (the same for all of them)::

    q_n = (a - Q) / (N gamma).                                                  (1)

With every signatory at ``q_s``, ``Q = k q_s + (N - k) q_n``; substituting (1) and solving for
``Q`` with ``D = N gamma + N - k``::

    Q(q_s) = (N gamma k q_s + (N - k) a) / D,     dQ/dq_s = N gamma k / D.       (2)

*Signatories* choose their common ``q_s`` as a Stackelberg leader: they maximise the
signatories' total payoff ``k [B(Q(q_s)) - c q_s^2 / 2]``, a concave quadratic in ``q_s``
(``Q`` is affine in ``q_s``).  Its first-order condition
``(b/N)(a - Q) N gamma k / D = c q_s`` reads::

    q_s = k (a - Q) / D.                                                        (3)

Substituting (3) into (2): ``Q D^2 = N gamma k^2 (a - Q) + (N - k) a D``, so with
``E = D^2 + N gamma k^2``::

    a - Q = a N gamma D / E,
    q_s   = a N gamma k / E,         q_n = a D / E,                             (4)
    Q     = k q_s + (N - k) q_n.

Payoffs: ``pi_s(k) = B(Q) - c q_s^2 / 2`` for a signatory, ``pi_n(k) = B(Q) - c q_n^2 / 2``
for a non-signatory.  Checks of (4):

* ``k = 0`` (``D = N (1 + gamma)``, ``E = D^2``): ``q_n = a / (N (1 + gamma))``, the Nash
  equilibrium (every country on (1) with ``Q = N q``).
* ``k = N`` (``D = N gamma``): ``q_s = a / (N + gamma)``, the full-cooperation optimum
  (``N B(Nq) - N c q^2/2`` is maximal at ``b (a N - N^2 q) = N c q``).
* ``q_s > q_n`` exactly when ``N gamma k > D``, i.e. ``k > N (1 + gamma) / (N gamma + 1)``:
  under strong leakage (small ``gamma``, steep reaction (1)) a small coalition of leaders
  abates *less* than the non-signatories.

A lone signatory (``k = 1``) would also abate less than at Nash (``q_s / q_n = N gamma / D
< 1``); a single country is not a pact, so here ``k <= 1`` means no agreement and every
country plays the Nash equilibrium (the convention of membership games: outside a coalition
countries act alone, and ``{i}`` alone is no coalition).

Stability (d'Aspremont et al. 1983, as in Barrett 1994): ``k`` signatories are
self-enforcing when ``pi_s(k) >= pi_n(k - 1)`` (no signatory gains by leaving) and
``pi_n(k) > pi_s(k + 1)`` (no non-signatory gains by joining; the default
:class:`TieRule`, under which an indifferent member stays and an indifferent outsider joins).
``pi_s(2) >= pi_n(1)`` always (two leaders can copy the Nash abatement), so a stable size
``k >= 2`` always exists.

All formulas are rational in ``(a, b, c)``: with exact inputs every payoff is a Fraction.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from typing import Any

import numpy as np

from .._exact.numbers import as_fraction
from ..errors import GameError
from ._models import PayoffModel, _is_exact
from ._results import TieRule

__all__ = ["BarrettModel", "barrett_abatements", "barrett_payoffs", "barrett_game",
           "barrett_stable_size"]


def _check(n: Any, a: Any, b: Any, c: Any) -> tuple[int, tuple[Any, Any, Any], bool]:
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 1:
        raise GameError(f"Barrett's model needs a whole number n >= 1 of countries, got {n!r}")
    vals = []
    for name, v in (("a", a), ("b", b), ("c", c)):
        if isinstance(v, bool) or not isinstance(v, (int, float, Fraction, np.integer, np.floating)):
            raise GameError(f"Barrett's parameter {name} must be a number, got {type(v).__name__} {v!r}")
        if not np.isfinite(float(v)) or float(v) <= 0:
            raise GameError(f"Barrett's parameter {name} must be positive and finite, got {v!r}")
        vals.append(v)
    exact = all(_is_exact(v) for v in vals)
    conv = as_fraction if exact else float
    return int(n), (conv(vals[0]), conv(vals[1]), conv(vals[2])), exact


def barrett_abatements(n: int, a: Any, b: Any, c: Any, k: int) -> tuple[Any, Any]:
    """``(q_s, q_n)``: a signatory's and a non-signatory's abatement with ``k`` signatories.

    Closed form (4) of the module docstring; ``k <= 1`` gives the Nash abatement for both.
    Fractions when ``a, b, c`` are exact.
    """
    n, (a, b, c), _ = _check(n, a, b, c)
    if not 0 <= k <= n:
        raise GameError(f"the number of signatories must be between 0 and {n}, got {k}")
    gamma = c / b
    if k <= 1:
        q = a / (n * (1 + gamma))
        return q, q
    d = n * gamma + n - k
    e = d * d + n * gamma * k * k
    return a * n * gamma * k / e, a * d / e


def barrett_payoffs(n: int, a: Any, b: Any, c: Any, k: int) -> tuple[Any, Any]:
    """``(pi_s(k), pi_n(k))``: a signatory's and a non-signatory's payoff with ``k`` signatories.

    At ``k = 0`` there is no signatory and ``pi_s`` is the Nash payoff (as at ``k = 1``).
    """
    qs, qn = barrett_abatements(n, a, b, c, k)
    n, (a, b, c), _ = _check(n, a, b, c)
    total = k * qs + (n - k) * qn if k >= 2 else n * qn
    benefit = b / n * (a * total - total * total / 2)
    return benefit - c * qs * qs / 2, benefit - c * qn * qn / 2


class BarrettModel(PayoffModel):
    """Barrett's (1994) concave-benefit model as a membership-game payoff model.

    ``pi_i(S)`` depends only on ``k = |S|`` and on whether i signs: see the module
    docstring for the derivation.  Payoffs for every ``k`` are tabulated once (exact
    Fractions when ``a, b, c`` are exact), so a scan costs two table look-ups per entry.

    Parameters
    ----------
    n : int
        Number of (identical) countries.
    a, b, c : number
        Benefit ``(b/N)(a Q - Q^2/2)``, cost ``c q^2/2``; all positive.

    Examples
    --------
    >>> m = BarrettModel(3, 1, 1, 1)
    >>> m.exact_payoffs([True, True, True])
    (Fraction(1, 8), Fraction(1, 8), Fraction(1, 8))
    """

    name = "barrett"

    def __init__(self, n: int, a: Any, b: Any, c: Any) -> None:
        self.n, (self.a, self.b, self.c), self.exact = _check(n, a, b, c)
        table = [barrett_payoffs(self.n, self.a, self.b, self.c, k) for k in range(self.n + 1)]
        self.sig_exact = tuple(t[0] for t in table)
        self.non_exact = tuple(t[1] for t in table)
        self.sig = np.asarray([float(v) for v in self.sig_exact])
        self.non = np.asarray([float(v) for v in self.non_exact])
        if not (np.all(np.isfinite(self.sig)) and np.all(np.isfinite(self.non))):
            raise GameError("Barrett's payoffs overflow the float range: rescale a, b, c")

    def payoffs(self, x: np.ndarray) -> np.ndarray:
        k = x.sum(axis=1)
        return np.where(x, self.sig[k][:, None], self.non[k][:, None])

    def flip_payoffs(self, x: np.ndarray) -> np.ndarray:
        k = x.sum(axis=1)
        # a member who leaves is a non-signatory among k - 1; an outsider who joins a signatory of k + 1
        leave = self.non[np.maximum(k - 1, 0)][:, None]
        join = self.sig[np.minimum(k + 1, self.n)][:, None]
        return np.where(x, leave, join)

    def exact_payoffs(self, members: Sequence[bool]) -> tuple[Any, ...]:
        if not self.exact:
            return super().exact_payoffs(members)
        inside = [bool(v) for v in members]
        k = sum(inside)
        return tuple(self.sig_exact[k] if s else self.non_exact[k] for s in inside)

    def exact_payoffs_and_flips(self, members: Sequence[bool]
                                ) -> tuple[tuple[Any, ...], tuple[Any, ...]]:
        if not self.exact:
            return super().exact_payoffs_and_flips(members)
        inside = [bool(v) for v in members]
        k = sum(inside)
        flips = tuple(self.non_exact[k - 1] if s else self.sig_exact[k + 1] for s in inside)
        return self.exact_payoffs(inside), flips

    def describe(self) -> str:
        return "Barrett (1994): pi_i = (b/N)(aQ - Q^2/2) - c q_i^2/2, signatories lead"

    def types(self) -> np.ndarray:
        """Identical countries: one type."""
        return np.zeros(self.n, dtype=np.int64)

    def _integer_tables(self) -> tuple[np.ndarray, np.ndarray, int] | None:
        """The payoff tables times the lcm of their denominators (cached); None when inexact."""
        if not self.exact:
            return None
        cached = self.__dict__.get("_int_tables")
        if cached is None:
            import math

            vals = [as_fraction(v) for v in (*self.sig_exact, *self.non_exact)]
            scale = math.lcm(*(v.denominator for v in vals))
            ints = [int(v * scale) for v in vals]
            big = 4 * (self.n + 1) * max(abs(v) for v in ints) >= 1 << 62
            arr = np.asarray(ints, dtype=object if big else np.int64)
            cached = (arr[:self.n + 1], arr[self.n + 1:], scale)
            self.__dict__["_int_tables"] = cached
        return cached

    def integer_scale(self) -> int | None:
        tables = self._integer_tables()
        return None if tables is None else tables[2]

    def integer_payoffs(self, x: np.ndarray) -> np.ndarray | None:
        tables = self._integer_tables()
        if tables is None:
            return None
        sig, non, _ = tables
        k = x.sum(axis=1)
        return np.where(x, sig[k][:, None], non[k][:, None])

    def integer_payoffs_and_flips(self, x: np.ndarray) -> tuple[np.ndarray, np.ndarray] | None:
        tables = self._integer_tables()
        if tables is None:
            return None
        sig, non, _ = tables
        k = x.sum(axis=1)
        pay = np.where(x, sig[k][:, None], non[k][:, None])
        leave = non[np.maximum(k - 1, 0)][:, None]
        join = sig[np.minimum(k + 1, self.n)][:, None]
        return pay, np.where(x, leave, join)


def barrett_game(n: int, a: Any, b: Any, c: Any, *, players: Sequence[str] | None = None,
                 **kw: Any) -> Any:
    """A :class:`MembershipGame` of ``n`` identical countries with Barrett's (1994) payoffs.

    Parameters
    ----------
    n : int
    a, b, c : number
        See :class:`BarrettModel`; exact (int/Fraction) inputs give exact payoffs.
    players : sequence of str, optional
        Country names (default ``C1 .. Cn``).
    **kw
        Passed to :class:`MembershipGame` (``title``, ``rule``, ``min_size``, ...).

    Examples
    --------
    >>> barrett_game(4, 1, 1, 1).stability().stable_sizes
    (3,)
    """
    from ._game import MembershipGame

    model = BarrettModel(n, a, b, c)
    names = list(players) if players is not None else [f"C{i + 1}" for i in range(model.n)]
    kw.setdefault("title", f"Barrett (1994), N = {model.n}")
    return MembershipGame(names, model, **kw)


def barrett_stable_size(n: int, a: Any, b: Any, c: Any, *, rule: str = TieRule.DEFAULT
                        ) -> tuple[int, ...]:
    """The self-enforcing numbers of signatories ``k >= 2`` of Barrett's (1994) model.

    ``k`` is stable when ``pi_s(k)`` vs ``pi_n(k - 1)`` (internal) and ``pi_n(k)`` vs
    ``pi_s(k + 1)`` (external) hold under the :class:`TieRule` *rule* (default: an
    indifferent member stays, an indifferent outsider joins).  Usually a single size.
    ``O(n)`` closed-form evaluations; exact when ``a, b, c`` are.
    """
    stays, joins = TieRule.parse(rule)
    n, (a, b, c), _ = _check(n, a, b, c)
    pay = [barrett_payoffs(n, a, b, c, k) for k in range(n + 1)]
    out = []
    for k in range(2, n + 1):
        gain_leave = pay[k - 1][1] - pay[k][0]
        internal = gain_leave <= 0 if stays else gain_leave < 0
        if k == n:
            external = True
        else:
            gain_join = pay[k + 1][0] - pay[k][1]
            external = gain_join < 0 if joins else gain_join <= 0
        if internal and external:
            out.append(k)
    return tuple(out)
