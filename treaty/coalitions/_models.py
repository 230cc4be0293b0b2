"""Payoff models of membership games: ``pi_i(S)`` for every country i and coalition S.

A model evaluates a whole block of coalitions at once from its boolean member matrix
``X`` (shape ``(m, n)``), and also the *flip* payoffs ``F[s, i] = pi_i(S xor {i})`` (a
member's payoff after leaving, an outsider's payoff after joining), which are all that
internal and external stability need.  Exact models also evaluate one coalition in
:class:`~fractions.Fraction` arithmetic, used to decide near-ties exactly.

In every model the countries outside S act alone (the partial agreement Nash equilibrium
of Chander and Tulkens 1995 and Barrett 1994): ``pi_i(S)`` is i's payoff when S forms and
every other country is a singleton.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from fractions import Fraction
from typing import Any

import numpy as np

from .._exact.numbers import as_fraction
from ..errors import GameError, SpecError
from ..spec.expressions import Expression
from ._orbits import Orbits

__all__ = [
    "PayoffModel",
    "PublicGoodModel",
    "ExpressionModel",
    "CallableModel",
    "EXPRESSION_VARIABLES",
]


class PayoffModel:
    """Base class: a payoff model over ``n`` countries.

    Subclasses implement :meth:`payoffs`; :meth:`flip_payoffs` has a generic fallback
    (n extra evaluations) that closed-form models override.
    """

    n: int = 0
    #: True when :meth:`exact_payoffs` returns Fractions
    exact: bool = False
    name: str = "model"

    def payoffs(self, x: np.ndarray) -> np.ndarray:
        """Float payoffs ``P[s, i] = pi_i(S_s)`` for the member matrix *x* (bool, (m, n))."""
        raise NotImplementedError

    def flip_payoffs(self, x: np.ndarray) -> np.ndarray:
        """``F[s, i] = pi_i(S_s xor {i})``: each country's payoff after changing sides."""
        out = np.empty(x.shape, dtype=np.float64)
        for i in range(self.n):
            y = x.copy()
            y[:, i] = ~y[:, i]
            out[:, i] = self.payoffs(y)[:, i]
        return out

    def payoffs_and_flips(self, x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """``(payoffs(x), flip_payoffs(x))``; models may share work between the two."""
        return self.payoffs(x), self.flip_payoffs(x)

    def exact_payoffs(self, members: Sequence[bool]) -> tuple[Any, ...]:
        """Payoffs of one coalition, exact (Fractions) when :attr:`exact`.

        Exact models with interchangeable countries (:meth:`types`) remember the payoffs of
        one coalition per orbit (coalitions with equal numbers of members of every type) and
        give the orbit's other coalitions the same payoffs per type and side.
        """
        return self._orbit_memo(0, [bool(v) for v in members], self._exact_payoffs)

    def exact_payoffs_and_flips(self, members: Sequence[bool]
                                ) -> tuple[tuple[Any, ...], tuple[Any, ...]]:
        """``(pi(S), F)`` with ``F[i] = pi_i(S xor {i})``, exact when :attr:`exact`.

        Remembered per orbit as :meth:`exact_payoffs` is.
        """
        return self._orbit_memo(1, [bool(v) for v in members], self._exact_payoffs_and_flips)

    def _exact_payoffs(self, inside: list[bool]) -> tuple[Any, ...]:
        """:meth:`exact_payoffs` without the memo; this fallback evaluates the float model."""
        x = np.asarray(inside, dtype=bool)[None, :]
        return tuple(float(v) for v in self.payoffs(x)[0])

    def _exact_payoffs_and_flips(self, inside: list[bool]
                                 ) -> tuple[tuple[Any, ...], tuple[Any, ...]]:
        """:meth:`exact_payoffs_and_flips` without the memo.

        This fallback makes ``n + 1`` calls of :meth:`exact_payoffs`; closed-form models
        override it with ``O(n)`` work.
        """
        flips = []
        for i in range(self.n):
            other = list(inside)
            other[i] = not other[i]
            flips.append(self.exact_payoffs(other)[i])
        return self.exact_payoffs(inside), tuple(flips)

    def describe(self) -> str:
        return self.name

    def _orbit_memo(self, kind: int, inside: list[bool], compute: Callable[[list[bool]], Any]
                    ) -> Any:
        """``compute(inside)``, remembered per orbit of coalitions (exact models with
        interchangeable countries).  Each computed coalition is checked: countries of one
        type on one side get equal values (else SolverError: the model's types are wrong)."""
        orbits = self.exact_orbits()
        if orbits is None:
            return compute(inside)
        memo: dict[tuple[int, int], Any] = self.__dict__.setdefault("_memo", {})
        key = (kind, orbits.key_of_inside(inside))
        table = memo.get(key)
        if table is not None:
            vals = orbits.spread_inside(inside, table)
            return vals if kind == 0 else (tuple(v[0] for v in vals), tuple(v[1] for v in vals))
        out = compute(inside)
        table = orbits.class_values_inside(inside, out if kind == 0 else list(zip(*out)))
        if len(memo) >= _MEMO_LIMIT:
            memo.clear()
        memo[key] = table
        return out

    # -- interchangeable countries and batched exact arithmetic (used by the exact scan) ----
    def exact_orbits(self) -> Orbits | None:
        """The orbits of coalitions under swaps of interchangeable countries (:meth:`types`,
        :class:`~treaty.coalitions._orbits.Orbits`) of an exact model (cached); None for float
        models (float payoffs of equal types may round apart) or when no two countries are
        interchangeable."""
        orbits = self.__dict__.get("_exact_orbits", False)
        if orbits is False:
            orbits = None
            if self.exact:
                orbits = Orbits(self.types())
                if orbits.trivial:
                    orbits = None
            self.__dict__["_exact_orbits"] = orbits
        return orbits

    def types(self) -> np.ndarray:
        """Type label per country (ints): countries with equal labels are interchangeable.

        The claim made by equal labels ``t_i = t_j``: swapping countries i and j maps the
        game to itself, ``pi_{s(k)}(s(S)) = pi_k(S)`` for the transposition ``s = (i j)``,
        every coalition S and country k.  A coalition's stability conditions then depend
        only on its number of members of each type, and countries of one type on one side
        of S get equal payoffs.  The default (all labels distinct) claims nothing.
        """
        return np.arange(self.n, dtype=np.int64)

    def integer_payoffs(self, x: np.ndarray) -> np.ndarray | None:
        """Exact payoffs times :meth:`integer_scale` as integers, shape ``(m, n)``; or None.

        int64 when every value (and every sum of n differences of values) fits, else Python
        ints in an object array.  Models without an integer form return None.
        """
        return None

    def integer_payoffs_and_flips(self, x: np.ndarray) -> tuple[np.ndarray, np.ndarray] | None:
        """``(integer_payoffs(x), F)`` with ``F[s, i]`` the integer form of
        ``pi_i(S_s xor {i})``; None without an integer form."""
        return None

    def integer_scale(self) -> int | None:
        """The positive integer ``s`` with ``integer_payoffs(x) == s * pi`` exactly (or None)."""
        return None


class PublicGoodModel(PayoffModel):
    """Linear benefits, quadratic costs: ``pi_i = b_i Q - c_i q_i^2 / 2`` with ``Q = sum q_j``.

    Outsiders best-respond alone, ``q_j = b_j / c_j``; members maximise the coalition's joint
    payoff, ``q_i = B_S / c_i`` with ``B_S = sum_{j in S} b_j`` (Barrett 1994; McGinty 2007
    for asymmetric countries).  Closed forms, with ``G_S = sum_S 1/c_j`` and
    ``H_S = sum_S b_j/c_j``::

        Q(S)      = B_S G_S + H_N - H_S
        pi_i(S)   = b_i Q(S) - B_S^2 / (2 c_i)    for i in S
        pi_j(S)   = b_j Q(S) - b_j^2 / (2 c_j)    for j not in S

    Parameters
    ----------
    benefit, cost : sequence of numbers
        ``b_i`` (> 0 not required) and ``c_i`` (> 0) per country; exact when all are exact.

    Examples
    --------
    Symmetric countries, b = c = 1, n = 4: a member of the pair gets ``b^2/c (k^2/2 + n - k)``.

    >>> m = PublicGoodModel([1, 1, 1, 1], [1, 1, 1, 1])
    >>> m.exact_payoffs([True, True, False, False])
    (Fraction(4, 1), Fraction(4, 1), Fraction(11, 2), Fraction(11, 2))
    """

    name = "public-good"

    def __init__(self, benefit: Sequence[Any], cost: Sequence[Any]) -> None:
        if len(benefit) != len(cost):
            raise GameError("benefit and cost need one value per country")
        for v in (*benefit, *cost):
            if isinstance(v, bool) or not isinstance(v, (int, float, Fraction, np.integer, np.floating)):
                raise GameError(f"benefits and costs must be numbers, got {type(v).__name__} {v!r}")
        self.n = len(benefit)
        self.exact = all(_is_exact(v) for v in (*benefit, *cost))
        if self.exact:
            self.b_exact = tuple(as_fraction(v) for v in benefit)
            self.c_exact = tuple(as_fraction(v) for v in cost)
        self.b = np.asarray([float(v) for v in benefit])
        self.c = np.asarray([float(v) for v in cost])
        if not np.all(np.isfinite(self.b)) or not np.all(np.isfinite(self.c)):
            raise GameError("benefits and costs must be finite")
        if np.any(self.c <= 0):
            raise GameError("every cost c_i must be positive")
        with np.errstate(over="ignore"):
            self.inv_c = 1.0 / self.c
            self.b_over_c = self.b / self.c
            self.h_all = float(self.b_over_c.sum())
            self.out_cost = self.b ** 2 / (2 * self.c)
            scale = np.square(np.abs(self.b).sum()) * np.max(self.inv_c, initial=0.0)
        if not (np.isfinite(scale) and np.isfinite(self.h_all) and np.all(np.isfinite(self.out_cost))):
            raise GameError("benefits and costs are too large for the payoffs to stay within the "
                            "float range (payoffs scale with b^2/c: rescale them)")

    def payoffs(self, x: np.ndarray) -> np.ndarray:
        xf = x.astype(np.float64)
        bs = xf @ self.b
        gs = xf @ self.inv_c
        hs = xf @ self.b_over_c
        q = bs * gs + self.h_all - hs
        member_cost = (bs ** 2)[:, None] / (2 * self.c)[None, :]
        return self.b[None, :] * q[:, None] - np.where(x, member_cost, self.out_cost[None, :])

    def flip_payoffs(self, x: np.ndarray) -> np.ndarray:
        xf = x.astype(np.float64)
        bs = xf @ self.b
        gs = xf @ self.inv_c
        hs = xf @ self.b_over_c
        sign = 1.0 - 2.0 * xf  # +1 joins, -1 leaves
        bs2 = bs[:, None] + sign * self.b[None, :]
        gs2 = gs[:, None] + sign * self.inv_c[None, :]
        hs2 = hs[:, None] + sign * self.b_over_c[None, :]
        q2 = bs2 * gs2 + self.h_all - hs2
        cost = np.where(x, self.out_cost[None, :], bs2 ** 2 / (2 * self.c)[None, :])
        return self.b[None, :] * q2 - cost

    def _exact_payoffs(self, inside: list[bool]) -> tuple[Any, ...]:
        if not self.exact:
            return super()._exact_payoffs(inside)
        b, c = self.b_exact, self.c_exact
        bs = sum((b[i] for i in range(self.n) if inside[i]), Fraction(0))
        q = sum((bs / c[i] if inside[i] else b[i] / c[i] for i in range(self.n)), Fraction(0))
        return tuple(
            b[i] * q - (bs * bs if inside[i] else b[i] * b[i]) / (2 * c[i]) for i in range(self.n)
        )

    def _exact_payoffs_and_flips(self, inside: list[bool]
                                 ) -> tuple[tuple[Any, ...], tuple[Any, ...]]:
        """Closed form for each flip (``B, G, H`` of ``S xor {i}``): ``O(n)`` work on the
        integers of :meth:`_integer_data` (Python ints), one Fraction per value at the end."""
        if not self.exact:
            return super()._exact_payoffs_and_flips(inside)
        b, g, h, h_all, scale = self._integer_lists()
        n = self.n
        bs = sum(b[i] for i in range(n) if inside[i])
        gs = sum(g[i] for i in range(n) if inside[i])
        hs = sum(h[i] for i in range(n) if inside[i])
        q = bs * gs + h_all - hs
        pay = []
        flips = []
        for i in range(n):
            bi, gi = b[i], g[i]
            if inside[i]:
                pay.append(Fraction(2 * bi * q - bs * bs * gi, scale))
                bs2 = bs - bi  # i leaves and becomes an outsider
                q2 = bs2 * (gs - gi) + h_all - (hs - h[i])
                flips.append(Fraction(2 * bi * q2 - bi * bi * gi, scale))
            else:
                pay.append(Fraction(2 * bi * q - bi * bi * gi, scale))
                bs2 = bs + bi  # i joins and becomes a member
                q2 = bs2 * (gs + gi) + h_all - (hs + h[i])
                flips.append(Fraction(2 * bi * q2 - bs2 * bs2 * gi, scale))
        return tuple(pay), tuple(flips)

    def _integer_lists(self) -> tuple[list[int], list[int], list[int], int, int]:
        """:meth:`_integer_data` as Python ints (cached)."""
        cached = self.__dict__.get("_int_lists")
        if cached is None:
            data = self._integer_data()
            assert data is not None
            b, g, h, h_all, scale = data
            cached = ([int(v) for v in b], [int(v) for v in g], [int(v) for v in h],
                      int(h_all), int(scale))
            self.__dict__["_int_lists"] = cached
        return cached

    # -- coalition structures (several blocs at once; see treaty.coalitions._structures) ----
    def partition_payoffs(self, labels: Any) -> np.ndarray:
        """Float payoffs when the countries form the blocs of a partition.

        ``labels`` (ints, shape ``(m, n)`` or ``(n,)``): countries with equal labels form one
        bloc.  Every bloc T maximises its joint payoff given the others' quantities (the
        partition function of Yi 1997 and Bloch 1996), so the first-order conditions give
        ``q_i = B_T / c_i`` with ``B_T = sum_{j in T} b_j``, ``Q = sum_T B_T G_T`` and
        ``pi_i = b_i Q - B_T(i)^2 / (2 c_i)``; a singleton is an outsider of
        :meth:`payoffs`.  Returns shape ``(m, n)``.  ``O(m n^2)`` work.
        """
        lab = np.atleast_2d(np.asarray(labels, dtype=np.int64))
        same = (lab[:, :, None] == lab[:, None, :]).astype(np.float64)
        bt = same @ self.b  # B_T(i) for every country
        q = bt @ self.inv_c  # Q = sum_i B_T(i) / c_i
        return self.b[None, :] * q[:, None] - bt ** 2 / (2 * self.c)[None, :]

    def exact_partition_payoffs(self, labels: Any) -> tuple[np.ndarray, int]:
        """Exact :meth:`partition_payoffs` as integer numerators over one common denominator.

        With ``b_i = beta_i / D`` and ``1 / c_i = gamma_i / E`` (integers), ``pi_i =
        (2 beta_i sum_k beta_T(k) gamma_k - beta_T(i)^2 gamma_i) / (2 D^2 E)``.  Returns
        ``(numerators, denominator)``: numerators int64 when every payoff difference fits,
        else Python ints (dtype object); comparisons of payoffs are comparisons of numerators.
        """
        if not self.exact:
            raise GameError("exact partition payoffs need exact benefits and costs (give b "
                            "and c as integers or fractions)")
        # beta_i = D b_i, gamma_i = E / c_i and 2 D^2 E: the integer form's (_integer_data)
        beta, gamma, _, _, scale = self._integer_lists()
        bound = 6 * self.n ** 3 * max(abs(v) for v in beta) ** 2 * max(gamma)  # sums too
        dtype: Any = np.int64 if bound < 2 ** 62 else object
        lab = np.atleast_2d(np.asarray(labels, dtype=np.int64))
        same = (lab[:, :, None] == lab[:, None, :]).astype(np.int64).astype(dtype)
        beta_a = np.asarray(beta, dtype=dtype)
        gamma_a = np.asarray(gamma, dtype=dtype)
        bt = same @ beta_a
        total = bt @ gamma_a
        num = 2 * beta_a[None, :] * total[:, None] - bt * bt * gamma_a[None, :]
        return num, scale

    def describe(self) -> str:
        return "public good: pi_i = b_i Q - c_i q_i^2/2"

    def types(self) -> np.ndarray:
        """Countries with equal ``(b_i, c_i)`` are interchangeable (payoffs depend on S only
        through ``B_S, G_S, H_S``, symmetric sums)."""
        keys = list(zip(self.b_exact, self.c_exact)) if self.exact else list(zip(self.b, self.c))
        return _labels(keys)

    def _integer_data(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, Any, int] | None:
        """``(b', g', h', H'_N, scale)`` of the integer form (cached), None when inexact.

        With ``beta = lcm`` of the denominators of the ``b_i`` and ``gamma`` that of the
        ``1/c_i``: ``b'_i = beta b_i``, ``g'_i = gamma / c_i``, ``h'_i = b'_i g'_i`` are
        integers, ``Q' = beta gamma Q = B' G' + H'_N - H'_S`` too, and ``2 beta^2 gamma pi_i
        = 2 b'_i Q' - B'^2 g'_i`` for a member (``b'_i^2 g'_i`` for an outsider).
        """
        if not self.exact:
            return None
        cached = self.__dict__.get("_int_data")
        if cached is not None:
            return cached
        import math

        beta = math.lcm(*(v.denominator for v in self.b_exact))
        inv = [1 / v for v in self.c_exact]
        gamma = math.lcm(*(v.denominator for v in inv))
        bi = [int(v * beta) for v in self.b_exact]
        gi = [int(v * gamma) for v in inv]
        n = self.n
        big_b = max((abs(v) for v in bi), default=0)
        big_g = max(gi, default=0)
        # |Q'| <= 3 (n+1)^2 B G, |payoff| <= 7 (n+1)^2 B^2 G, sums of n differences: x 2n
        bound = 16 * (n + 1) ** 3 * big_b ** 2 * big_g
        dtype: Any = np.int64 if bound < 1 << 62 else object
        b_a = np.asarray(bi, dtype=dtype)
        g_a = np.asarray(gi, dtype=dtype)
        h_a = np.asarray([x * y for x, y in zip(bi, gi)], dtype=dtype)
        data = (b_a, g_a, h_a, sum(x * y for x, y in zip(bi, gi)), 2 * beta * beta * gamma)
        self.__dict__["_int_data"] = data
        return data

    def integer_scale(self) -> int | None:
        data = self._integer_data()
        return None if data is None else data[4]

    def integer_payoffs(self, x: np.ndarray) -> np.ndarray | None:
        pf = self._integer_pay(x)
        return None if pf is None else pf[0]

    def _integer_pay(self, x: np.ndarray) -> tuple[np.ndarray, tuple[Any, ...]] | None:
        """Integer payoffs of the rows of *x* and the sums they were built from."""
        data = self._integer_data()
        if data is None:
            return None
        b, g, h, h_all, _ = data
        xi = x.astype(b.dtype)
        bs, gs, hs = xi @ b, xi @ g, xi @ h
        q = bs * gs + h_all - hs
        pay = 2 * b[None, :] * q[:, None] - np.where(x, (bs * bs)[:, None], (b * b)[None, :]) * g[None, :]
        return pay, (b, g, h, h_all, xi, bs, gs, hs)

    def integer_payoffs_and_flips(self, x: np.ndarray) -> tuple[np.ndarray, np.ndarray] | None:
        pf = self._integer_pay(x)
        if pf is None:
            return None
        pay, (b, g, h, h_all, xi, bs, gs, hs) = pf
        bb = (b * b)[None, :]
        sign = 1 - 2 * xi  # +1 joins, -1 leaves
        bs2 = bs[:, None] + sign * b[None, :]
        q2 = bs2 * (gs[:, None] + sign * g[None, :]) + h_all - (hs[:, None] + sign * h[None, :])
        # after the flip a member is an outsider (pays b_i^2 g_i), an outsider a member
        flip = 2 * b[None, :] * q2 - np.where(x, bb, bs2 * bs2) * g[None, :]
        return pay, flip


#: names an expression payoff may use besides the spec's parameters and attributes
EXPRESSION_VARIABLES: dict[str, str] = {
    "n": "number of countries",
    "k": "number of members of the coalition",
    "member": "1 if the country is a member, else 0",
    "links": "number of the country's network neighbours that are members (0 without a network)",
    "degree": "number of the country's network neighbours",
}


class ExpressionModel(PayoffModel):
    """Payoffs given by a safe expression over the member set.

    The expression is evaluated for every (coalition, country) pair at once.  Besides the
    spec's parameters it may use :data:`EXPRESSION_VARIABLES` and, for every country
    attribute ``a``: ``a`` (the country's own value), ``sum_a`` (the sum over members),
    ``total_a`` (the sum over all countries).

    Parameters
    ----------
    member : Expression
        Payoff of a country inside the coalition (or of every country, using ``member``).
    outsider : Expression, optional
        Payoff of a country outside; default: *member* with ``member = 0``.
    attributes : mapping of str to sequence
        Per-country attribute values.
    params : mapping, optional
        Parameter values.
    adjacency : array_like of bool, shape (n, n), optional
        The network, for ``links`` and ``degree``.

    Examples
    --------
    >>> e = Expression.parse("b * sum_b - c * member")
    >>> m = ExpressionModel(e, attributes={"b": [1, 2, 3], "c": [1, 1, 1]})
    >>> m.exact_payoffs([True, True, False])
    (Fraction(2, 1), Fraction(5, 1), Fraction(9, 1))
    """

    name = "expression"

    def __init__(self, member: Expression, outsider: Expression | None = None, *,
                 attributes: Mapping[str, Sequence[Any]],
                 params: Mapping[str, Any] | None = None,
                 adjacency: Any = None) -> None:
        attrs = {k: list(v) for k, v in attributes.items()}
        sizes = {len(v) for v in attrs.values()}
        if len(sizes) != 1:
            raise GameError("every attribute needs one value per country")
        self.n = sizes.pop()
        self.member_expr = member
        self.outsider_expr = outsider
        self.params = dict(params or {})
        self.attr_names = list(attrs)
        self.attr_float = {k: np.asarray([float(x) for x in v]) for k, v in attrs.items()}
        self.exact = all(_is_exact(x) for v in attrs.values() for x in v) and all(
            _is_exact(v) for v in self.params.values()
        )
        self.attr_exact = (
            {k: [as_fraction(x) for x in v] for k, v in attrs.items()} if self.exact else {}
        )
        if adjacency is None:
            self.adj = np.zeros((self.n, self.n), dtype=np.float64)
        else:
            self.adj = np.asarray(adjacency, dtype=np.float64)
        self.degree = self.adj.sum(axis=1)
        self.networked = bool(np.any(self.adj))
        self.float_params = {k: (float(v) if _is_exact(v) else v) for k, v in self.params.items()}
        self.known = self.variable_names()
        for expr in (member, outsider):
            if expr is not None:
                expr.check_names(self.known)

    def types(self) -> np.ndarray:
        """Countries are interchangeable when they agree on every attribute ``a`` the
        expressions use as ``a`` or ``sum_a`` (``total_a`` is the same for all), on ``degree``
        when used, and, when ``links`` is used on a network, on their sets of neighbours
        (swapping two countries with the same neighbours is an automorphism of the network)."""
        names: set[str] = set(self.member_expr.names)
        if self.outsider_expr is not None:
            names |= set(self.outsider_expr.names)
        used = [a for a in self.attr_names if a in names or f"sum_{a}" in names]
        table = self.attr_exact if self.exact else self.attr_float
        keys: list[tuple[Any, ...]] = []
        for i in range(self.n):
            key: tuple[Any, ...] = tuple(table[a][i] for a in used)
            if "degree" in names:
                key += (float(self.degree[i]),)
            if "links" in names and self.networked:
                key += (tuple(np.flatnonzero(self.adj[i]).tolist()),)
            keys.append(key)
        return _labels(keys)

    def variable_names(self) -> set[str]:
        names = set(self.params) | set(EXPRESSION_VARIABLES)
        for a in self.attr_names:
            names |= {a, f"sum_{a}", f"total_{a}"}
        return names

    def _float_env(self, k: np.ndarray, member: np.ndarray, sums: dict[str, np.ndarray],
                   links: np.ndarray) -> dict[str, Any]:
        env: dict[str, Any] = dict(self.float_params)
        env.update(n=float(self.n), k=k, member=member, links=links, degree=self.degree[None, :])
        for a in self.attr_names:
            env[a] = self.attr_float[a][None, :]
            env[f"sum_{a}"] = sums[a]
            env[f"total_{a}"] = float(self.attr_float[a].sum())
        return env

    def _evaluate(self, env: Mapping[str, Any], member: np.ndarray, shape: tuple[int, int]
                  ) -> np.ndarray:
        with np.errstate(all="ignore"):
            val = np.broadcast_to(np.asarray(self.member_expr.evaluate(env), dtype=float), shape)
            if self.outsider_expr is not None:
                out = np.broadcast_to(
                    np.asarray(self.outsider_expr.evaluate(env), dtype=float), shape)
                val = np.where(np.broadcast_to(member, shape) > 0, val, out)
        if not np.all(np.isfinite(val)):
            raise self._nonfinite()
        return np.array(val, dtype=np.float64)

    def _nonfinite(self) -> SpecError:
        loc = self.member_expr.loc
        msg = f"payoff expression {self.member_expr.text!r} is not finite for some coalition"
        if loc is not None:
            return loc.error(msg, "check divisions and logarithms for empty coalitions")
        return SpecError(msg, hint="check divisions and logarithms for empty coalitions")

    def payoffs(self, x: np.ndarray) -> np.ndarray:
        xf = x.astype(np.float64)
        k = xf.sum(axis=1)[:, None]
        sums = {a: (xf @ self.attr_float[a])[:, None] for a in self.attr_names}
        links = xf @ self.adj  # adj symmetric: links[s, i] = sum_j adj[i, j] x[s, j]
        env = self._float_env(k, xf, sums, links)
        return self._evaluate(env, xf, x.shape)

    def flip_payoffs(self, x: np.ndarray) -> np.ndarray:
        xf = x.astype(np.float64)
        sign = 1.0 - 2.0 * xf
        k = xf.sum(axis=1)[:, None] + sign
        sums = {a: (xf @ self.attr_float[a])[:, None] + sign * self.attr_float[a][None, :]
                for a in self.attr_names}
        links = xf @ self.adj  # a country is not its own neighbour: unchanged by its flip
        member = 1.0 - xf
        env = self._float_env(k, member, sums, links)
        return self._evaluate(env, member, x.shape)

    def payoffs_and_flips(self, x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """With separate member and outsider expressions, each is evaluated once: the member
        expression at "i inside" (S, or S + i for an outsider), the outsider expression at
        "i outside" (S, or S - i for a member)."""
        if self.outsider_expr is None:
            return self.payoffs(x), self.flip_payoffs(x)
        xf = x.astype(np.float64)
        k0 = xf.sum(axis=1)[:, None]
        sums0 = {a: (xf @ self.attr_float[a])[:, None] for a in self.attr_names}
        links = xf @ self.adj
        shape = x.shape
        ones, zeros = np.ones(shape), np.zeros(shape)
        k_in = k0 + (1.0 - xf)
        sums_in = {a: sums0[a] + (1.0 - xf) * self.attr_float[a][None, :] for a in sums0}
        k_out = k0 - xf
        sums_out = {a: sums0[a] - xf * self.attr_float[a][None, :] for a in sums0}
        with np.errstate(all="ignore"):
            inside = np.broadcast_to(np.asarray(self.member_expr.evaluate(
                self._float_env(k_in, ones, sums_in, links)), dtype=float), shape)
            outside = np.broadcast_to(np.asarray(self.outsider_expr.evaluate(
                self._float_env(k_out, zeros, sums_out, links)), dtype=float), shape)
        if not (np.all(np.isfinite(inside)) and np.all(np.isfinite(outside))):
            raise self._nonfinite()
        return np.where(x, inside, outside), np.where(x, outside, inside)

    def _exact_payoffs(self, inside: list[bool]) -> tuple[Any, ...]:
        if not self.exact:
            return super()._exact_payoffs(inside)
        base = self._exact_base(inside)
        seen: dict[tuple[int, bool], Any] = {}
        for t, i in self._type_firsts(inside):
            seen[(t, inside[i])] = self._exact_one(base, inside, i, inside[i])
        return tuple(seen[(t, s)] for t, s in zip(self._type_list(), inside))

    def _exact_payoffs_and_flips(self, inside: list[bool]
                                 ) -> tuple[tuple[Any, ...], tuple[Any, ...]]:
        """One expression evaluation per country and flip (``2n``), not ``n (n + 1)``."""
        if not self.exact:
            return super()._exact_payoffs_and_flips(inside)
        base = self._exact_base(inside)
        # countries of one type on one side of S get equal payoffs and flips (types()):
        # evaluate the first of each and copy
        pay_of: dict[tuple[int, bool], Any] = {}
        flip_of: dict[tuple[int, bool], Any] = {}
        for t, i in self._type_firsts(inside):
            pay_of[(t, inside[i])] = self._exact_one(base, inside, i, inside[i])
            sign = -1 if inside[i] else 1
            env = dict(base)
            env["k"] = base["k"] + sign
            for a in self.attr_names:
                env[f"sum_{a}"] = base[f"sum_{a}"] + sign * self.attr_exact[a][i]
            # i is not its own neighbour: its links do not change when it flips
            flip_of[(t, inside[i])] = self._exact_one(env, inside, i, not inside[i])
        types = self._type_list()
        return (tuple(pay_of[(t, s)] for t, s in zip(types, inside)),
                tuple(flip_of[(t, s)] for t, s in zip(types, inside)))

    def _type_list(self) -> list[int]:
        cached = self.__dict__.get("_types_list")
        if cached is None:
            cached = self.__dict__["_types_list"] = self.types().tolist()
        return cached

    def _type_firsts(self, inside: Sequence[bool]) -> list[tuple[int, int]]:
        """``(type, i)`` for the first country i of each type on each side of S."""
        seen: set[tuple[int, bool]] = set()
        out = []
        for i, t in enumerate(self._type_list()):
            if (t, inside[i]) not in seen:
                seen.add((t, inside[i]))
                out.append((t, i))
        return out

    def _exact_base(self, inside: Sequence[bool]) -> dict[str, Any]:
        base: dict[str, Any] = dict(self.params)
        base.update(n=Fraction(self.n), k=Fraction(sum(inside)))
        for a in self.attr_names:
            vals = self.attr_exact[a]
            base[f"sum_{a}"] = sum((v for v, s in zip(vals, inside) if s), Fraction(0))
            base[f"total_{a}"] = sum(vals, Fraction(0))
        return base

    def _exact_one(self, base: Mapping[str, Any], inside: Sequence[bool], i: int,
                   member: bool) -> Any:
        """Country i's exact payoff in the coalition described by *base* (k and sums), as a
        member or an outsider; *inside* gives its network links."""
        links = int(sum(self.adj[i, j] for j in range(self.n) if inside[j])) if self.networked else 0
        # The value depends only on these; countries with equal attributes (ties) share them.
        key = (member, links, int(self.degree[i]), base["k"],
               *(base[f"sum_{a}"] for a in self.attr_names),
               *(self.attr_exact[a][i] for a in self.attr_names))
        cache = self.__dict__.setdefault("_exact_cache", {})
        if key in cache:
            return cache[key]
        env = dict(base)
        env["member"] = Fraction(int(member))
        env["links"] = Fraction(links)
        env["degree"] = Fraction(int(self.degree[i]))
        for a in self.attr_names:
            env[a] = self.attr_exact[a][i]
        expr = self.member_expr
        if self.outsider_expr is not None and not member:
            expr = self.outsider_expr
        value = _exact_or_float(expr.evaluate(env))
        if len(cache) >= 1 << 16:
            cache.clear()
        cache[key] = value
        return value

    def describe(self) -> str:
        if self.outsider_expr is None:
            return f"expression: {self.member_expr.text}"
        return f"member: {self.member_expr.text}; outsider: {self.outsider_expr.text}"


def checked_call(func: Callable[..., Any], arg: Any, n: int, what: str) -> list[Any]:
    """``func(arg)`` as a list, checked to hold one value per country."""
    vals = list(func(arg))
    if len(vals) != n:
        raise GameError(f"the {what} returned {len(vals)} values for {n} countries")
    return vals


def call_rows(func: Callable[..., Any], rows: np.ndarray, vectorized: bool,
              call_one: Callable[[np.ndarray], list[Any]], what: str) -> np.ndarray:
    """Float payoffs of a user function over the rows of *rows* (shape ``(m, n)``): one call
    on the whole array when *vectorized* (its shape checked), else ``call_one(row)`` per row."""
    if vectorized:
        out = np.asarray(func(rows), dtype=np.float64)
        if out.shape != rows.shape:
            raise GameError(f"the vectorized {what} returned shape {out.shape}, "
                            f"expected {rows.shape}")
        return out
    out = np.empty(rows.shape, dtype=np.float64)
    for s in range(rows.shape[0]):
        out[s] = [float(v) for v in call_one(rows[s])]
    return out


class CallableModel(PayoffModel):
    """Payoffs from a Python function (API only; spec files never carry code).

    Parameters
    ----------
    func : callable
        With ``vectorized=False``: ``func(members)`` gets a ``frozenset`` of country indices
        and returns n payoffs; Fractions or ints keep the model exact.  With
        ``vectorized=True``: ``func(X)`` gets the boolean member matrix of shape ``(m, n)``
        and returns float payoffs of the same shape (fast: no Python loop per coalition).
    n : int
        Number of countries.
    vectorized : bool

    Examples
    --------
    >>> m = CallableModel(lambda s: [len(s) - (i in s) for i in range(3)], 3)
    >>> m.exact_payoffs([True, False, True]), m.exact
    ((Fraction(1, 1), Fraction(2, 1), Fraction(1, 1)), True)
    """

    name = "callable"

    def __init__(self, func: Callable[..., Any], n: int, *, vectorized: bool = False,
                 exact: bool | None = None) -> None:
        self.func = func
        self.n = int(n)
        self.vectorized = vectorized
        if exact is None:
            exact = not vectorized and all(
                _is_exact(v) for v in self._call(frozenset(range(self.n))))
        self.exact = exact

    def _call(self, members: frozenset[int]) -> list[Any]:
        return checked_call(self.func, members, self.n, "payoff function")

    def payoffs(self, x: np.ndarray) -> np.ndarray:
        return call_rows(self.func, x, self.vectorized,
                         lambda row: self._call(frozenset(np.flatnonzero(row).tolist())),
                         "payoff function")

    def exact_payoffs(self, members: Sequence[bool]) -> tuple[Any, ...]:
        if not self.exact:
            return super().exact_payoffs(members)
        s = frozenset(i for i, v in enumerate(members) if v)
        return tuple(as_fraction(v) for v in self._call(s))


#: orbits remembered by PayoffModel._orbit_memo before the memo starts again
_MEMO_LIMIT = 1 << 15


def _labels(keys: Sequence[Any]) -> np.ndarray:
    """Type labels ``0, 1, ...`` in order of first appearance of equal (hashable) keys."""
    seen: dict[Any, int] = {}
    return np.asarray([seen.setdefault(k, len(seen)) for k in keys], dtype=np.int64)


def _is_exact(v: Any) -> bool:
    return isinstance(v, (Fraction, int, np.integer)) and not isinstance(v, (bool, np.bool_))


def _exact_or_float(v: Any) -> Any:
    if isinstance(v, np.ndarray):
        v = v.item()
    if isinstance(v, (bool, np.bool_)):
        return Fraction(int(v))
    if _is_exact(v):
        return as_fraction(v)
    return float(v)
