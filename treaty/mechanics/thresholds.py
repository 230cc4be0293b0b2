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
rational and isolated by Sturm sequences otherwise (:mod:`treaty._exact.poly`); between
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

import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from .._exact.numbers import format_number, number_to_json
from .._exact.poly import Poly, RealRoot, pdivmod, peval, pgcd, real_roots, solve_nullspace, trim
from ..errors import SpecError, TreatyError, did_you_mean
from ..game import Game

__all__ = [
    "Endpoint",
    "Interval",
    "Condition",
    "Threshold",
    "threshold",
    "resolve_target",
    "deviation_gains",
    "is_pure_equilibrium",
]

MAX_DEGREE = 8
VERIFY_POINTS = 5
GRID_POINTS = 129



# -- results ------------------------------------------------------------------------------
@dataclass(frozen=True)
class Endpoint:
    """An end point of an interval of parameter values.

    ``value`` is exact (Fraction) when ``exact``; otherwise a float inside the isolating
    bracket ``(lo, hi)`` (exact rationals, the true value strictly between them).
    ``closed`` says whether the end point itself belongs to the set.
    """

    value: Fraction | float
    exact: bool
    closed: bool
    lo: Fraction
    hi: Fraction
    text: str

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"value": number_to_json(self.value), "exact": self.exact,
                             "closed": self.closed, "text": self.text}
        if not self.exact:
            d["bracket"] = [format_number(self.lo), format_number(self.hi)]
        return d


@dataclass(frozen=True)
class Interval:
    """An interval of parameter values; ``None`` end points are unbounded."""

    lower: Endpoint | None
    upper: Endpoint | None

    def contains(self, x: Fraction | float) -> bool:
        if self.lower is not None:
            lo = self.lower
            if x < lo.value or (x == lo.value and not lo.closed):
                return False
        if self.upper is not None:
            hi = self.upper
            if x > hi.value or (x == hi.value and not hi.closed):
                return False
        return True

    def text(self) -> str:
        lo = "(-inf" if self.lower is None else ("[" if self.lower.closed else "(") + \
            self.lower.text
        hi = "inf)" if self.upper is None else self.upper.text + ("]" if self.upper.closed
                                                                   else ")")
        if self.lower is not None and self.upper is not None and self.lower.closed and \
                self.upper.closed and self.lower.exact and self.upper.exact and \
                self.lower.value == self.upper.value:
            return f"{{{self.lower.text}}}"
        return f"{lo}, {hi}"

    def to_dict(self) -> dict[str, Any]:
        return {"lower": None if self.lower is None else self.lower.to_dict(),
                "upper": None if self.upper is None else self.upper.to_dict(),
                "text": self.text()}


@dataclass(frozen=True)
class Condition:
    """One equilibrium condition ``u_i(target) - u_i(deviation, target_-i) >= 0``.

    ``numerator``/``denominator`` are the polynomial coefficients (lowest degree first) of
    the payoff difference as a function of the parameter, when it was recovered exactly.
    """

    player: str
    deviation: str
    numerator: tuple[Fraction, ...] | None = None
    denominator: tuple[Fraction, ...] | None = None

    def formula(self, var: str) -> str:
        if self.numerator is None:
            return "(sampled)"
        num = _poly_text(list(self.numerator), var)
        den = _poly_text(list(self.denominator or (Fraction(1),)), var)
        return num if den == "1" else f"({num}) / ({den})"

    def label(self) -> str:
        return f"{self.player}'s deviation to {self.deviation!r}"

    def to_dict(self) -> dict[str, Any]:
        return {"player": self.player, "deviation": self.deviation,
                "numerator": None if self.numerator is None else
                [format_number(c) for c in self.numerator],
                "denominator": None if self.denominator is None else
                [format_number(c) for c in self.denominator]}


@dataclass(frozen=True)
class Binding:
    """The deviation(s) that become profitable just beyond an end point of the set."""

    at: Endpoint
    side: str  # "below" or "above": where the violated region lies
    conditions: tuple[Condition, ...]

    def text(self, parameter: str) -> str:
        who = " and ".join(c.label() for c in self.conditions) or "the game's definition"
        verb = "binds" if len(self.conditions) <= 1 else "bind"
        return f"{who} {verb} at {parameter} = {self.at.text} (profitable {self.side} it)"

    def to_dict(self) -> dict[str, Any]:
        return {"at": self.at.to_dict(), "violated": self.side,
                "conditions": [{"player": c.player, "deviation": c.deviation}
                               for c in self.conditions]}


@dataclass(frozen=True)
class Threshold:
    """The values of one parameter for which a target profile is a Nash equilibrium.

    Attributes
    ----------
    parameter : str
    target : str
        The target's name (or its profile written out).
    profile : tuple of str
        The target's strategy per player.
    domain : tuple
        The parameter's declared range (``None`` for unbounded).
    intervals : tuple of Interval
        The equilibrium set within the domain (empty: never an equilibrium).
    binding : tuple of Binding
        For each inner end point, the deviation(s) that bind there.
    conditions : tuple of Condition
        Every deviation condition, with its rational function when exact.
    current : number or None
        The parameter's value in the loaded game, and ``holds_now`` whether the target is an
        equilibrium there.
    exact : bool
        True when every condition was recovered exactly (end points exact or isolated).
    method : str
        ``"interpolation"`` or ``"bisection"`` (see the module docstring).
    """

    parameter: str
    target: str
    profile: tuple[str, ...]
    players: tuple[str, ...]
    domain: tuple[Fraction | None, Fraction | None]
    intervals: tuple[Interval, ...]
    binding: tuple[Binding, ...]
    conditions: tuple[Condition, ...]
    current: Any = None
    holds_now: bool | None = None
    exact: bool = True
    method: str = "interpolation"
    constant: bool = field(default=False)

    def contains(self, x: Fraction | float) -> bool:
        """Whether *x* lies in the reported equilibrium set."""
        return any(iv.contains(x) for iv in self.intervals)

    @property
    def whole_domain(self) -> bool:
        """True when the target is an equilibrium over the parameter's whole range."""
        if len(self.intervals) != 1:
            return False
        iv = self.intervals[0]
        lo, hi = self.domain

        def same(ep: Endpoint | None, bound: Any) -> bool:
            if ep is None or bound is None:
                return ep is None and bound is None
            return ep.exact and ep.closed and ep.value == bound

        return same(iv.lower, lo) and same(iv.upper, hi)

    @property
    def set_text(self) -> str:
        if not self.intervals:
            return "no value"
        return " or ".join(iv.text() for iv in self.intervals)

    def describe(self) -> str:
        """One sentence a reader understands without the source."""
        prof = ", ".join(self.profile)
        if not self.intervals:
            head = (f"{prof} is not a Nash equilibrium for any {self.parameter} in "
                    f"{_domain_text(self.domain)}")
        elif self.constant:
            head = (f"{prof} is a Nash equilibrium whatever {self.parameter} is "
                    f"({self.parameter} does not affect it)")
        elif self.whole_domain:
            head = (f"{prof} is a Nash equilibrium for every {self.parameter} in its range "
                    f"{_domain_text(self.domain)}")
        else:
            head = f"{prof} is a Nash equilibrium for {self.parameter} in {self.set_text}"
        if self.binding:
            head += "; " + "; ".join(b.text(self.parameter) for b in self.binding)
        elif not self.intervals and self.conditions:
            always = [c.label() for c in self.conditions if c.numerator is not None
                      and _always_negative(c)]
            if always:
                verb = "always pays" if len(always) == 1 else "always pay"
                head += f" ({' and '.join(always)} {verb})"
        if not self.exact:
            head += " (end points approximate: bisection)"
        return head

    def to_dict(self) -> dict[str, Any]:
        return {
            "parameter": self.parameter,
            "target": self.target,
            "profile": dict(zip(self.players, self.profile, strict=True)),
            "domain": [None if d is None else format_number(d) for d in self.domain],
            "set": [iv.to_dict() for iv in self.intervals],
            "set_text": self.set_text,
            "binding": [b.to_dict() for b in self.binding],
            "conditions": [c.to_dict() for c in self.conditions],
            "current": None if self.current is None else number_to_json(self.current),
            "holds_now": self.holds_now,
            "exact": self.exact,
            "method": self.method,
            "whole_range": self.whole_domain,
            "summary": self.describe(),
        }


def _always_negative(c: Condition) -> bool:
    num = list(c.numerator or ())
    den = list(c.denominator or (Fraction(1),))
    return len(num) == 1 and len(den) == 1 and num[0] / den[0] < 0


def _domain_text(domain: tuple[Any, Any]) -> str:
    lo, hi = domain
    return (f"[{format_number(lo)}" if lo is not None else "(-inf") + ", " + \
        (f"{format_number(hi)}]" if hi is not None else "inf)")


def _poly_text(p: Poly, var: str) -> str:
    if not p:
        return "0"
    terms = []
    for k in range(len(p) - 1, -1, -1):
        c = p[k]
        if c == 0:
            continue
        mag = abs(c)
        coef = "" if (mag == 1 and k > 0) else format_number(mag)
        mono = "" if k == 0 else (var if k == 1 else f"{var}^{k}")
        body = f"{coef}*{mono}" if coef and mono else (coef or mono)
        sign = "-" if c < 0 else "+"
        terms.append((sign, body))
    first_sign, first = terms[0]
    out = ("-" if first_sign == "-" else "") + first
    for sign, body in terms[1:]:
        out += f" {sign} {body}"
    return out


# -- equilibrium checks --------------------------------------------------------------------
def resolve_target(game: Game, target: str | Sequence[str]) -> tuple[str, tuple[int, ...]]:
    """The name and index profile of a target given by name, a profile or ``"a,b"`` text."""
    if isinstance(target, str):
        if target in game.targets:
            return target, game.targets[target]
        if "," in target:
            labels = [t.strip() for t in target.split(",")]
            return target, game.profile_index(labels)
        hint = did_you_mean(target, list(game.targets)) if game.targets else \
            "the game names no targets; give a profile such as 'pact,pact'"
        raise SpecError(f"unknown target {target!r}", file=game.info.file, hint=hint)
    idx = game.profile_index(list(target))
    return ", ".join(game.strategies[i][k] for i, k in enumerate(idx)), idx


def deviation_gains(game: Game, profile: Sequence[int]) -> list[tuple[int, int, Any]]:
    """``(player, strategy, u_i(s, t_-i) - u_i(t))`` for every unilateral pure deviation.

    Exact for exact games.  The profile is an equilibrium iff every gain is <= 0.
    """
    pay = game.payoffs if game.is_exact else game.float_payoffs
    t = tuple(profile)
    out = []
    for i in range(game.n_players):
        here = pay[(i, *t)]
        for s in range(game.shape[i]):
            if s != t[i]:
                dev = t[:i] + (s,) + t[i + 1:]
                out.append((i, s, pay[(i, *dev)] - here))
    return out


def is_pure_equilibrium(game: Game, profile: Sequence[int]) -> bool:
    """True iff no unilateral pure deviation from *profile* gains (exact for exact games)."""
    return all(g <= 0 for _, _, g in deviation_gains(game, profile))


# -- sampling -----------------------------------------------------------------------------
def _declared_bounds(text: str, file: str, param: str) -> tuple[Any, Any]:
    from ..spec.loader import parameters_of, read_document

    root, _ = read_document(text, file)
    ps = parameters_of(root)
    if param not in ps.names:
        raise SpecError(f"unknown parameter {param!r}", file=file,
                        hint=did_you_mean(param, ps.names) or "the spec declares no parameters")
    p = ps[param]
    return p.minimum, p.maximum


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
    def __init__(self, build: Callable[[Any], Game], profile: tuple[int, ...]) -> None:
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
            if not game.is_exact:
                self.exact = False
            self.cache[x] = [-g for _, _, g in deviation_gains(game, self.profile)]
        return self.cache[x]


def _fit(points: list[tuple[Fraction, Fraction]], checks: list[tuple[Fraction, Fraction]],
         d: int) -> tuple[Poly, Poly] | None:
    rows = []
    for x, y in points[: 2 * d + 1]:
        powers = [x**k for k in range(d + 1)]
        rows.append(powers + [-y * pk for pk in powers])
    z = solve_nullspace(rows, 2 * d + 2)
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


# -- the threshold computation ------------------------------------------------------------
def threshold(source: Any, parameter: str, target: str | Sequence[str],
              params: Mapping[str, Any] | None = None, *,
              bounds: tuple[Any, Any] | None = None) -> Threshold:
    """The values of *parameter* for which *target* is a pure Nash equilibrium.

    Parameters
    ----------
    source : path, Game or callable
        A spec file (or a :class:`Game` loaded from one: its file is re-read), or a function
        mapping a parameter value to a :class:`Game`.
    parameter : str
        Any declared parameter (detection probability, sanction, ...).
    target : str or sequence of str
        A target name from the spec's ``targets``, a profile of strategy labels, or
        ``"a,b"``.
    params : mapping, optional
        Overrides of the other parameters (as ``treaty.load``'s *params*).
    bounds : (lo, hi), optional
        The range to search; default the parameter's declared ``min``/``max`` (unbounded
        sides allowed).  Required-ish for a callable source.

    Returns
    -------
    Threshold
        Exact end points (Fractions) when the conditions are rational in the parameter and
        rational roots; irrational roots isolated to 2**-60 with a closed form for quadratics.

    Raises
    ------
    SpecError
        Unknown parameter or target.
    """
    base_game: Game | None = None
    lo: Any = None
    hi: Any = None
    if callable(source) and not isinstance(source, Game):
        build: Callable[[Any], Game] = source
    else:
        from ..spec.loader import _read_text, loads

        if isinstance(source, Game):
            path = source.info.file
            if not path or not os.path.exists(path):
                raise TreatyError("thresholds need the game's spec file (this game was not "
                                  "loaded from a file); pass the path or a function "
                                  "value -> Game")
            base_game = source
        else:
            path = os.fspath(source)
        text, file = _read_text(path)
        lo, hi = _declared_bounds(text, file, parameter)
        overrides = dict(params or {})
        if base_game is None:
            base_game = loads(text, overrides, file=file)

        def build(x: Any) -> Game:
            return loads(text, {**overrides, parameter: x}, file=file)

    if bounds is not None:
        lo = None if bounds[0] is None else Fraction(bounds[0])
        hi = None if bounds[1] is None else Fraction(bounds[1])
    if lo is not None and hi is not None and lo > hi:
        raise TreatyError(f"empty range [{lo}, {hi}] for {parameter}")
    current: Any = None
    if base_game is not None:
        current = base_game.info.parameters.get(parameter)
    centre = Fraction(current) if isinstance(current, Fraction) else Fraction(0)
    points = _sample_points(lo, hi, centre)
    if lo is not None and hi is not None and lo == hi:
        points = [lo]
    probe = None
    for x in points:
        try:
            probe = build(x)
            break
        except TreatyError:
            continue
    if probe is None:
        raise TreatyError(f"the game cannot be built for any sampled value of {parameter}")
    tname, profile = resolve_target(base_game or probe, target)
    labels = tuple(probe.strategies[i][k] for i, k in enumerate(profile))
    conds_idx = [(i, s) for i in range(probe.n_players) for s in range(probe.shape[i])
                 if s != profile[i]]
    sampler = _Sampler(build, profile)
    domain = (lo, hi)
    players = probe.players
    holds_now = None
    if base_game is not None:
        holds_now = is_pure_equilibrium(base_game, profile)

    if lo is not None and hi is not None and lo == hi:
        g = sampler.gains(lo)
        ok = g is not None and all(v >= 0 for v in g)
        ep = Endpoint(lo, True, True, lo, lo, format_number(lo))
        conds = tuple(Condition(players[i], probe.strategies[i][s]) for i, s in conds_idx)
        return Threshold(parameter, tname, labels, players, domain,
                         (Interval(ep, ep),) if ok else (), (), conds, current, holds_now,
                         sampler.exact, "point")

    fits = _fit_all(sampler, points, len(conds_idx))
    if fits is not None and sampler.exact:
        conds = tuple(Condition(players[i], probe.strategies[i][s], tuple(n), tuple(d))
                      for (i, s), (n, d) in zip(conds_idx, fits, strict=True))
        intervals, binding, constant = _solve_exact(fits, conds, lo, hi)
        return Threshold(parameter, tname, labels, players, domain, intervals, binding, conds,
                         current, holds_now, True, "interpolation", constant)
    conds = tuple(Condition(players[i], probe.strategies[i][s]) for i, s in conds_idx)
    intervals, binding, constant = _solve_sampled(sampler, conds, lo, hi, centre)
    return Threshold(parameter, tname, labels, players, domain, intervals, binding, conds,
                     current, holds_now, False, "bisection", constant)


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


def _solve_exact(fits: list[tuple[Poly, Poly]], conds: tuple[Condition, ...],
                 lo: Fraction | None, hi: Fraction | None
                 ) -> tuple[tuple[Interval, ...], tuple[Binding, ...], bool]:
    # critical points: roots of every numerator and denominator in [lo, hi]
    crit: list[tuple[RealRoot, set[int], set[int]]] = []  # root, zero-of conds, pole-of conds

    def add(root: RealRoot, c: int, pole: bool) -> None:
        for r, zs, ps in crit:
            if _same_root(r, root):
                (ps if pole else zs).add(c)
                return
        crit.append((root, set() if pole else {c}, {c} if pole else set()))

    for c, (num, den) in enumerate(fits):
        for r in real_roots(num, lo, hi):
            add(r, c, False)
        for r in real_roots(den, lo, hi):
            add(r, c, True)
    crit.sort(key=lambda t: t[0].lo)
    constant = not crit and all(len(n) <= 1 and len(d) <= 1 for n, d in fits)

    def ok_at(x: Fraction) -> bool:
        for num, den in fits:
            dv = peval(den, x)
            if dv == 0 or peval(num, x) / dv < 0:
                return False
        return True

    def failing_at(x: Fraction) -> tuple[int, ...]:
        return tuple(c for c, (num, den) in enumerate(fits)
                     if peval(den, x) == 0 or peval(num, x) / peval(den, x) < 0)

    # pieces: segment, point, segment, ..., point, segment (segments may be empty)
    pieces: list[tuple[str, Any, Any]] = []
    edges: list[Any] = [lo] + [t[0] for t in crit] + [hi]
    for k in range(len(edges) - 1):
        a, b = edges[k], edges[k + 1]
        a_hi = a if a is None or isinstance(a, Fraction) else a.hi
        b_lo = b if b is None or isinstance(b, Fraction) else b.lo
        probe = _between(a_hi, b_lo)
        if probe is not None:
            pieces.append(("seg", probe, ok_at(probe)))
        if k < len(crit):
            r, zs, ps = crit[k]
            if r.exact:
                member = ok_at(r.lo)
            else:
                # sign of the other conditions is that of the neighbouring segment
                member = not ps and all(
                    c in zs or _sign_near(fits[c], r) >= 0 for c in range(len(fits)))
            pieces.append(("pt", r, member))
    # domain end points
    out: list[Interval] = []
    binding: list[Binding] = []
    lo_ep = Endpoint(lo, True, True, lo, lo, format_number(lo)) if lo is not None else None
    hi_ep = Endpoint(hi, True, True, hi, hi, format_number(hi)) if hi is not None else None
    lo_in = lo is None or ok_at(lo)
    hi_in = hi is None or ok_at(hi)
    # walk the pieces and build maximal runs of members
    seq: list[tuple[str, Any, bool]] = []
    if lo is not None and not (crit and crit[0][0].exact and crit[0][0].lo == lo):
        seq.append(("pt", RealRoot(lo, lo, True, format_number(lo)), lo_in))
    seq += pieces
    if hi is not None and not (crit and crit[-1][0].exact and crit[-1][0].lo == hi):
        seq.append(("pt", RealRoot(hi, hi, True, format_number(hi)), hi_in))
    run_start: Endpoint | None = None
    in_run = False
    unbounded_start = lo is None
    prev_point: tuple[RealRoot, bool] | None = None
    for kind, obj, member in seq:
        if member and not in_run:
            in_run = True
            if kind == "pt":
                run_start = _ep(obj, True)
            elif prev_point is not None:
                run_start = _ep(prev_point[0], False)
            else:
                run_start = None if unbounded_start else lo_ep
        elif not member and in_run:
            in_run = False
            end = _ep(obj, False) if kind == "pt" else _ep(prev_point[0], True)  # type: ignore[index]
            out.append(Interval(run_start, end))
        if kind == "pt":
            prev_point = (obj, member)
        unbounded_start = False
    if in_run:
        out.append(Interval(run_start, None if hi is None else hi_ep))
    # binding constraints at inner end points
    for iv in out:
        for ep, side in ((iv.lower, "below"), (iv.upper, "above")):
            if ep is None or (ep.exact and ep.value in (lo, hi)):
                continue
            x = _outside(ep, side, edges)
            fails = failing_at(x) if x is not None else ()
            if not fails and ep.exact and not ep.closed:
                fails = failing_at(Fraction(ep.value))
            binding.append(Binding(ep, side, tuple(conds[c] for c in fails)))
    return tuple(out), tuple(binding), constant


def _ep(r: RealRoot, closed: bool) -> Endpoint:
    return Endpoint(r.value, r.exact, closed, r.lo, r.hi, r.text)


def _between(a: Fraction | None, b: Fraction | None) -> Fraction | None:
    if a is None and b is None:
        return Fraction(0)
    if a is None:
        return b - 1  # type: ignore[operator]
    if b is None:
        return a + 1
    return (a + b) / 2 if a < b else None


def _outside(ep: Endpoint, side: str, edges: list[Any]) -> Fraction | None:
    """A rational point just outside *ep* on *side*, before the next critical point."""
    x0 = ep.lo if side == "below" else ep.hi
    nearest = None
    for e in edges:
        if e is None:
            continue
        v = e if isinstance(e, Fraction) else (e.hi if side == "below" else e.lo)
        if side == "below" and v < x0 and (nearest is None or v > nearest):
            nearest = v
        if side == "above" and v > x0 and (nearest is None or v < nearest):
            nearest = v
    if nearest is None:
        return x0 - 1 if side == "below" else x0 + 1
    return (x0 + nearest) / 2


def _sign_near(fit: tuple[Poly, Poly], r: RealRoot) -> int:
    num, den = fit
    v = peval(num, r.lo) / peval(den, r.lo) if peval(den, r.lo) != 0 else Fraction(0)
    if v == 0:
        v = peval(num, r.hi) / peval(den, r.hi)
    return (v > 0) - (v < 0)


def _same_root(r: RealRoot, s: RealRoot) -> bool:
    if r.exact or s.exact:
        return r.exact and s.exact and r.lo == s.lo
    return not (r.hi <= s.lo or s.hi <= r.lo)


def _solve_sampled(sampler: _Sampler, conds: tuple[Condition, ...], lo: Any, hi: Any,
                   centre: Fraction) -> tuple[tuple[Interval, ...], tuple[Binding, ...], bool]:
    """Fallback: grid and bisection (end points approximate)."""
    if lo is None or hi is None:
        a = lo if lo is not None else (hi - 16 if hi is not None else centre - 8)
        b = hi if hi is not None else a + 16
    else:
        a, b = lo, hi
    a, b = Fraction(a), Fraction(b)
    grid = [a + (b - a) * Fraction(k, GRID_POINTS - 1) for k in range(GRID_POINTS)]

    def member(x: Fraction) -> bool:
        g = sampler.gains(x)
        return g is not None and all(v >= 0 for v in g)

    def failing(x: Fraction) -> tuple[int, ...]:
        g = sampler.gains(x)
        return tuple(range(len(conds))) if g is None else tuple(
            k for k, v in enumerate(g) if v < 0)

    flags = [member(x) for x in grid]
    out: list[Interval] = []
    binding: list[Binding] = []
    constant = all(f == flags[0] for f in flags)

    def edge(u: Fraction, v: Fraction) -> Endpoint:
        mu = member(u)
        for _ in range(50):
            m = (u + v) / 2
            if member(m) == mu:
                u = m
            else:
                v = m
        mid = float((u + v) / 2)
        return Endpoint(mid, False, True, min(u, v), max(u, v), f"{mid:.6g}")

    start: Endpoint | None = None
    for k, f in enumerate(flags):
        if f and (k == 0 or not flags[k - 1]):
            if k == 0:
                start = None if lo is None else Endpoint(a, True, True, a, a, format_number(a))
            else:
                start = edge(grid[k], grid[k - 1])
                binding.append(Binding(start, "below", tuple(conds[c] for c in
                                                              failing(grid[k - 1]))))
        if f and (k == len(flags) - 1 or not flags[k + 1]):
            if k == len(flags) - 1:
                end = None if hi is None else Endpoint(b, True, True, b, b, format_number(b))
            else:
                end = edge(grid[k], grid[k + 1])
                binding.append(Binding(end, "above", tuple(conds[c] for c in
                                                           failing(grid[k + 1]))))
            out.append(Interval(start, end))
    return tuple(out), tuple(binding), constant
