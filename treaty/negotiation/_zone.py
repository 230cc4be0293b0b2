"""The zone of possible agreement: the treaty terms every party would sign and keep.

For a spec whose parameters include negotiable *terms* (a sanction, a detection level, ...),
a target profile ``t`` (the treaty outcome) and a disagreement point ``d`` (each party's
payoff without the treaty), the zone is the set of term values ``x`` at which

* ``t`` is a pure Nash equilibrium: ``u_i(t; x) - u_i(s, t_-i; x) >= 0`` for every player ``i``
  and every other strategy ``s`` (the treaty is self-enforcing), and
* every party takes part: ``u_i(t; x) - d_i(x) >= 0`` (individual rationality against the
  outside option; Nash 1950 takes the disagreement point as the status quo).

Method
------
*One term*: both kinds of condition are recovered as exact rational functions of the term by
the threshold machinery (:mod:`treaty.mechanics.thresholds`: the game is loaded at exact
sample points, each condition interpolated by a rational function and verified at further
points, the roots isolated), so the zone is a finite union of intervals with exact (or
certified isolated) end points, each naming the condition that binds there.  When the
disagreement point is piecewise in the term (a minmax value or an equilibrium that changes
with it), or the game is not exact, no single rational fit verifies and the conditions are
bisected on a grid instead (end points approximate, said so).

*Several terms*: a grid over the terms' box (``steps`` per axis) classified by evaluating
the conditions over arrays of points (:meth:`~treaty.spec.normal.NormalFormSpec.payoffs`,
verification transform included), the disagreement point at each point, and every point
within rounding of a boundary re-checked in exact arithmetic.

*Agreement*: among the zone's term values, those maximising the weighted Nash product
``prod_i (u_i(t; x) - d_i(x))^(w_i)`` (Nash 1950; weights as in Kalai 1977).  With one term and
exact conditions the gains are rational functions ``N_i/D_i`` and the stationary points of
the log-product are the real roots of the polynomial
``Q = sum_i w_i (N_i' D_i - N_i D_i') prod_(j != i) N_j D_j``; the candidates (closed end points
and roots of ``Q`` inside each interval) are compared exactly (the product raised to the
common denominator of the weights).  Otherwise the product is evaluated on a fine grid and
the best point refined by a bounded scalar search.  When the product does not vary over the
zone (the terms act only off the equilibrium path, as a sanction or a detection level that
deters a deviation nobody makes) the whole zone is the bargaining set, and its cheapest end
(the smallest term values) is reported as the representative.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import numpy as np

from .._exact.numbers import format_number, number_to_json
from .._exact.poly import Poly, padd, pderiv, peval, pmul, psub, real_roots, trim
from ..errors import GameError, ParameterError, TreatyError, did_you_mean
from ..game import Game
from ..mechanics.thresholds._checks import deviation_gains, resolve_target
from ..mechanics.thresholds._fit import _fit_all, _sample_points, _Sampler
from ..mechanics.thresholds._results import Binding, Condition, Endpoint, Interval
from ..mechanics.thresholds._solve import _solve_exact, _solve_sampled, _spec_of
from ..results import Notebook

__all__ = ["Zone", "ZoneAgreement", "ZoneGrid", "Participation", "zone_of_agreement"]

#: Fine-grid size per interval for the inexact agreement search.
FINE_GRID = 101
#: Relative tolerance of the float classification (points this close to a boundary are
#: re-checked exactly).
FLOAT_TOL = 1e-9
NEAR_TOL = 1e-6
#: At most this many near-boundary grid points are re-checked in exact arithmetic.
MAX_EXACT_RECHECKS = 2000


@dataclass(frozen=True)
class Participation(Condition):
    """A participation condition ``u_i(target; x) - d_i(x) >= 0`` (``deviation`` is unused)."""

    def label(self) -> str:
        return f"{self.player}'s participation"

    def to_dict(self) -> dict[str, Any]:
        d = super().to_dict()
        d["kind"] = "participation"
        d["deviation"] = None
        return d


def _cond_dict(c: Condition) -> dict[str, Any]:
    kind = "participation" if isinstance(c, Participation) else "deviation"
    return {"player": c.player, "kind": kind,
            "deviation": None if kind == "participation" else c.deviation, "label": c.label()}


@dataclass(frozen=True)
class ZoneGrid:
    """The zone on a grid over the terms' box.

    Attributes
    ----------
    axes : mapping of str to tuple of Fraction
        The exact values of each term (``steps`` evenly spaced from lo to hi).
    mask : ndarray of bool, shape ``(steps_1, ..., steps_k)``
        True at the points in the zone (axis order = :attr:`axes` order).
    failing : ndarray of str, same shape
        At each point outside the zone, the conditions that fail there (``"; "``-joined
        labels); ``""`` inside.
    share : float
        The share of the grid points in the zone.
    box : mapping of str to (Fraction, Fraction) or None
        Per term, the smallest and largest grid value in the zone (None: the zone is empty).
    rechecked : int
        Points within rounding of a boundary that were re-checked in exact arithmetic.
    """

    axes: Mapping[str, tuple[Fraction, ...]]
    mask: np.ndarray
    failing: np.ndarray
    share: float
    box: Mapping[str, tuple[Fraction, Fraction] | None]
    rechecked: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {"axes": {k: [format_number(v) for v in vals] for k, vals in self.axes.items()},
                "shape": list(self.mask.shape),
                "mask": self.mask.astype(int).tolist(),
                "failing": self.failing.tolist(),
                "share": self.share,
                "box": {k: None if b is None else [number_to_json(b[0]), number_to_json(b[1])]
                        for k, b in self.box.items()},
                "rechecked": self.rechecked}


@dataclass(frozen=True)
class ZoneAgreement:
    """The terms in the zone that maximise the weighted Nash product of the target's gains.

    Attributes
    ----------
    terms : mapping of str to number
        The representative term values (exact when ``exact``).
    text : mapping of str to str
        The same values as text (closed forms for irrational stationary points).
    payoffs, disagreement, gains : tuple
        The target's payoffs there, the disagreement point there and their differences.
    product : number
        The weighted Nash product there (exact when the weights are integers and ``exact``).
    flat : bool
        True when the product does not vary over the zone: every zone point is then a Nash
        bargaining solution and :attr:`terms` is the cheapest end (smallest term values).
    ties : tuple of mapping
        Other term values with the same (maximal) product, when there are a few.
    bounded : bool
        False when the product keeps growing towards an unbounded end of the zone (no maximum;
        :attr:`terms` is then the best candidate found and the note says so).
    exact : bool
    method : str
        ``"exact"`` (end points and stationary points compared exactly), ``"grid+refine"``
        (fine grid and bounded scalar search) or ``"grid"`` (several terms).
    note : str
    """

    terms: Mapping[str, Any]
    text: Mapping[str, str]
    payoffs: tuple[Any, ...]
    disagreement: tuple[Any, ...]
    gains: tuple[Any, ...]
    product: Any
    flat: bool
    ties: tuple[Mapping[str, Any], ...] = ()
    bounded: bool = True
    exact: bool = True
    method: str = "exact"
    note: str = ""

    def describe(self) -> str:
        at = ", ".join(f"{k} = {v}" for k, v in self.text.items())
        gains = ", ".join(format_number(g) for g in self.gains)
        if self.flat:
            return (f"the Nash product does not vary over the zone (every point is a bargaining "
                    f"solution); the cheapest end is {at}, with gains {gains}")
        head = f"the Nash product is largest at {at}, with gains {gains}"
        if self.ties:
            head += f" (tied with {len(self.ties)} other point{'s' if len(self.ties) > 1 else ''})"
        if not self.bounded:
            head += " (no maximum: the product keeps growing towards an unbounded end)"
        return head

    def to_dict(self) -> dict[str, Any]:
        return {"terms": {k: number_to_json(v) for k, v in self.terms.items()},
                "text": dict(self.text),
                "payoffs": [number_to_json(v) for v in self.payoffs],
                "disagreement": [number_to_json(v) for v in self.disagreement],
                "gains": [number_to_json(v) for v in self.gains],
                "product": number_to_json(self.product),
                "flat": self.flat,
                "ties": [{k: number_to_json(v) for k, v in t.items()} for t in self.ties],
                "bounded": self.bounded, "exact": self.exact, "method": self.method,
                "note": self.note, "description": self.describe()}


@dataclass(frozen=True)
class Zone(Notebook):
    """The zone of possible agreement over one or several negotiable terms.

    Attributes
    ----------
    terms : tuple of str
    domain : mapping of str to (lo, hi)
        The range searched per term (``None``: unbounded).
    target : str
    profile : tuple of str
    players : tuple of str
    disagreement : str
        The disagreement point in words (and whether it moves with the terms).
    varies : bool
        True when the disagreement point depends on the terms (minmax or an equilibrium of the
        same game).
    conditions : tuple of Condition
        Every deviation condition, then every player's :class:`Participation`; with one term
        and ``exact``, each with its rational function.
    intervals : tuple of Interval
        One term: the zone (empty tuple: no term value works).  Several terms: empty.
    binding : tuple of Binding
        One term: at each inner end point, the condition(s) violated beyond it.
    grid : ZoneGrid
        The zone on a grid (several terms: the answer; one term: a picture of the exact one).
    agreement : ZoneAgreement or None
        None when the zone is empty.
    powers : tuple
        The bargaining powers ``w_i`` of the Nash product.
    exact : bool
        True when the end points were recovered exactly (one term) or the grid's exact
        re-check covered every near-boundary point (several terms).
    method : str
        ``"interpolation"``, ``"bisection"``, ``"point"`` or ``"grid"``.
    note : str
    """

    terms: tuple[str, ...]
    domain: Mapping[str, tuple[Any, Any]]
    target: str
    profile: tuple[str, ...]
    players: tuple[str, ...]
    disagreement: str
    varies: bool
    conditions: tuple[Condition, ...]
    intervals: tuple[Interval, ...]
    binding: tuple[Binding, ...]
    grid: ZoneGrid
    agreement: ZoneAgreement | None
    powers: tuple[Any, ...]
    exact: bool
    method: str
    note: str = ""
    file: str | None = None
    title: str | None = field(default=None, compare=False)
    fixed: Mapping[str, Any] = field(default_factory=dict, compare=False)

    @property
    def empty(self) -> bool:
        """True when no term value is in the zone."""
        if len(self.terms) == 1 and self.method != "grid":
            return not self.intervals
        return not bool(self.grid.mask.any())

    def contains(self, point: Any) -> bool:
        """Whether a term value (one term) is in the reported zone."""
        if len(self.terms) != 1 or self.method == "grid":
            raise GameError("contains() answers for one term; read grid.mask for several")
        if isinstance(point, Mapping):
            point = point[self.terms[0]]
        return any(iv.contains(point) for iv in self.intervals)

    @property
    def set_text(self) -> str:
        if not self.intervals:
            return "no value"
        return " or ".join(iv.text() for iv in self.intervals)

    def describe(self) -> str:
        prof = ", ".join(self.profile)
        if len(self.terms) == 1 and self.method != "grid":
            t = self.terms[0]
            if not self.intervals:
                head = f"No {t} makes {prof} an agreement every party signs and keeps " \
                       f"(against {self.disagreement})"
            else:
                head = (f"{prof} is an equilibrium that every party prefers to its outside "
                        f"option ({self.disagreement}) for {t} in {self.set_text}")
            if self.binding:
                head += "; " + "; ".join(_binding_text(b, t) for b in self.binding)
            if not self.exact:
                head += " (end points approximate: bisection)"
        else:
            g = self.grid
            n = int(g.mask.size)
            if not g.mask.any():
                head = (f"No grid point of {', '.join(self.terms)} makes {prof} an agreement "
                        f"every party signs and keeps (against {self.disagreement}, {n} points)")
            else:
                box = ", ".join(f"{k} in [{format_number(b[0])}, {format_number(b[1])}]"
                                for k, b in g.box.items() if b is not None)
                head = (f"{prof} is an equilibrium that every party prefers to its outside option "
                        f"({self.disagreement}) at {100 * g.share:.1f}% of {n} grid points "
                        f"({box})")
        if self.agreement is not None:
            head += "; " + self.agreement.describe()
        return head + "."

    def to_dict(self) -> dict[str, Any]:
        return {
            "terms": list(self.terms),
            "domain": {k: [None if v is None else format_number(v) for v in d]
                       for k, d in self.domain.items()},
            "target": self.target,
            "profile": dict(zip(self.players, self.profile, strict=True)),
            "disagreement": self.disagreement,
            "disagreement_varies": self.varies,
            "conditions": [{**c.to_dict(), **_cond_dict(c)} for c in self.conditions],
            "set": [iv.to_dict() for iv in self.intervals],
            "set_text": self.set_text if len(self.terms) == 1 and self.method != "grid" else None,
            "binding": [{"at": b.at.to_dict(), "violated": b.side,
                         "conditions": [_cond_dict(c) for c in b.conditions]}
                        for b in self.binding],
            "grid": self.grid.to_dict(),
            "agreement": None if self.agreement is None else self.agreement.to_dict(),
            "powers": [number_to_json(w) for w in self.powers],
            "exact": self.exact,
            "method": self.method,
            "note": self.note,
            "description": self.describe(),
        }

    def to_sweep(self) -> Any:
        """The grid as a :class:`~treaty.sweep.SweepResult` (one string column ``zone``:
        ``"in the zone"`` or the failing conditions), for :func:`treaty.sweep.plot_sweep`
        (pass ``boundaries=False``: the regimes are not a sweep classifier's)."""
        from ..spec.loader import read_spec
        from ..sweep import SweepResult, grid_design

        spec = read_spec(self.file) if self.file and self.file != "<string>" else None
        axes = {k: (v[0], v[-1], len(v)) for k, v in self.grid.axes.items()}
        if spec is not None:
            design = grid_design(spec, axes)
        else:
            from ..sweep._design import Design

            vals = [np.array([float(x) for x in v]) for v in self.grid.axes.values()]
            mesh = np.meshgrid(*vals, indexing="ij")
            design = Design(tuple(self.grid.axes),
                            {k: m.reshape(-1) for k, m in zip(self.grid.axes, mesh, strict=True)},
                            "grid", tuple(len(v) for v in vals), None, axes)
        columns: dict[str, np.ndarray] = {k: np.asarray(design.points[k], dtype=np.float64)
                                          for k in design.names}
        labels = np.where(self.grid.mask, "in the zone", self.grid.failing).reshape(-1)
        columns["zone"] = np.array(["fails " + s if s != "in the zone" else s for s in labels],
                                   dtype=object)
        return SweepResult(design, columns, (), self.file, True, self.title, "normal-form",
                           self.players, dict(self.fixed))


def _binding_text(b: Binding, term: str) -> str:
    who = " and ".join(c.label() for c in b.conditions) or "the game's definition"
    verb = "binds" if len(b.conditions) <= 1 else "bind"
    return f"{who} {verb} at {term} = {b.at.text} (violated {b.side} it)"


# -- the disagreement point ---------------------------------------------------------------
_RULE_WORDS = ("minmax", "nash")


class _Rule:
    """The disagreement argument, evaluated in a game (at each term value when it varies)."""

    def __init__(self, arg: Any, base: Game) -> None:
        self.arg = arg
        self._cache: dict[Any, tuple[Any, ...]] = {}
        self.varies = self._varies(arg)
        self.base_desc = ""
        self.const: tuple[Any, ...] | None = None
        if not self.varies:
            self.const, self.base_desc = self._compute(base)
        else:
            _, self.base_desc = self._compute(base)

    @staticmethod
    def _varies(arg: Any) -> bool:
        if isinstance(arg, str):
            return arg in _RULE_WORDS
        if isinstance(arg, Mapping) and "nash" in arg and len(arg) == 1:
            return True
        return False

    def _compute(self, game: Game) -> tuple[tuple[Any, ...], str]:
        from ._disagreement import disagreement_point

        arg = self.arg
        if isinstance(arg, Mapping) and set(arg) <= {"nash", "game", "select", "values"} and \
                not set(arg) & set(game.players):
            if "nash" in arg:
                d = disagreement_point(game, "nash", select=arg["nash"])
            elif "game" in arg:
                kw = {"select": arg["select"]} if arg.get("select") is not None else {}
                d = disagreement_point(game, "game", other=arg["game"], **kw)
            else:
                d = disagreement_point(game, "values", values=arg["values"])
        else:
            d = disagreement_point(game, arg)
        return tuple(d.values), str(getattr(d, "description", "") or d.rule)

    def at(self, game: Game) -> tuple[Any, ...]:
        if self.const is not None:
            return self.const
        try:
            key: Any = tuple(sorted(game.info.parameters.items()))
            hash(key)
        except TypeError:
            key = None
        if key is not None and key in self._cache:
            return self._cache[key]
        out = self._compute(game)[0]
        if key is not None:
            self._cache[key] = out
        return out

    def text(self, terms: Sequence[str]) -> str:
        if self.varies:
            return f"{self.base_desc}, recomputed at each {', '.join(terms)}"
        return self.base_desc


class _ZoneSampler(_Sampler):
    """Per term value: every deviation condition, then every player's participation."""

    def __init__(self, build: Callable[[Any], Game], profile: tuple[int, ...], rule: _Rule) -> None:
        super().__init__(build, profile)
        self.rule = rule
        self.parts: dict[Any, tuple[tuple[Any, ...], tuple[Any, ...]]] = {}
        self.exact_dev = True
        self.exact_part = True

    def gains(self, x: Any) -> list[Any] | None:
        if x in self.cache:
            return self.cache[x]
        value: list[Any] | None = None
        try:
            game = self.build(x)
            d = self.rule.at(game)
            pay = game.payoffs if game.is_exact else game.float_payoffs
            u = tuple(pay[(i, *self.profile)] for i in range(game.n_players))
            if not game.is_exact:
                self.exact = self.exact_dev = self.exact_part = False
            elif not all(isinstance(v, Fraction) for v in d):
                self.exact = self.exact_part = False
            value = [-g for _, _, g in deviation_gains(game, self.profile)] + \
                [ui - di for ui, di in zip(u, d, strict=True)]
            self.parts[x] = (u, d)
        except TreatyError:
            value = None
        self.cache[x] = value
        return value


class _Slice(_Sampler):
    """The conditions ``sl`` of a :class:`_ZoneSampler` (shares its cache)."""

    def __init__(self, full: _ZoneSampler, sl: slice, which: str) -> None:
        super().__init__(full.build, full.profile)
        self.full, self.sl, self.which = full, sl, which

    def gains(self, x: Any) -> list[Any] | None:
        g = self.full.gains(x)
        self.exact = getattr(self.full, self.which)
        return None if g is None else g[self.sl]


# -- entry point ----------------------------------------------------------------------------
def zone_of_agreement(source: Any, terms: Any = None, target: str | Sequence[str] | None = None, *,
                      disagreement: Any = None, bounds: Any = None, steps: Any = 21,
                      powers: Any = None, params: Mapping[str, Any] | None = None) -> Zone:
    """The term values at which *target* is an equilibrium every party prefers to disagreement.

    Parameters
    ----------
    source : path, Spec or Game
        A normal-form spec (read once) or a game instantiated from one.
    terms : str, sequence of str or mapping of str to (lo, hi)
        The negotiable parameters; ranges default to their declared ``min``/``max`` (or
        *bounds*); a name the ``negotiation`` section lists takes the section's range.
        Default: the section's terms.
    target : str or sequence of str
        A target name or a profile; default the ``negotiation`` section's target, else the
        spec's only target.
    disagreement : rule, mapping, Disagreement or Game
        Anything :func:`treaty.negotiation.disagreement_point` accepts, and the spec section's
        forms ``{"nash": select}``, ``{"game": path, "select": rule}``, ``{"values": {...}}``.
        ``"minmax"`` and ``"nash"`` are recomputed in the game at every term value.  Default:
        the ``negotiation`` section's disagreement point, else ``"minmax"``.
    bounds : (lo, hi) or mapping of str to (lo, hi), optional
        Ranges overriding the declared ones (a pair for one term).
    steps : int or mapping of str to int
        Grid points per term (the answer for several terms; a picture for one).
    powers : sequence or mapping of player to number, optional
        Bargaining powers ``w_i > 0`` of the Nash product (default 1 each).
    params : mapping, optional
        Values of the other parameters.

    Returns
    -------
    Zone

    Raises
    ------
    ParameterError
        An unknown term or a range outside the declared bounds.
    GameError
        No terms or no target given, an unbounded range for a grid, bad powers or steps.
    """
    spec = _spec_of(source)
    if spec is None:
        raise GameError("zone_of_agreement needs a spec (a path, a Spec or a Game loaded from one)")
    if spec.kind != "normal-form":
        from ..spec.source import wrong_kind

        raise wrong_kind(spec.file, "negotiate", spec.kind)
    kept = source.info.overrides if isinstance(source, Game) else {}
    overrides = {**kept, **dict(params or {})}
    spec.resolve(overrides)
    base: Game = source if isinstance(source, Game) else spec.instantiate(overrides)
    settings = getattr(base, "negotiation", None)
    if terms is None and settings is not None:
        terms = dict(getattr(settings, "terms", {}) or {}) or None
    section_terms = dict(getattr(settings, "terms", {}) or {})
    if disagreement is None:
        disagreement = getattr(settings, "disagreement", None) or "minmax"
    if isinstance(terms, str):
        terms = [terms]
    if terms is not None and not isinstance(terms, Mapping) and section_terms:
        try:  # names the section lists take its ranges
            terms = {str(k): section_terms.get(str(k)) for k in terms}
        except TypeError:
            pass  # _domains names the wrong type
    if terms is None:
        raise GameError("no terms to negotiate: give terms=('S', 'p') or a mapping "
                        "{name: (lo, hi)} (or a `negotiation:` section with terms)")
    if target is None:
        target = getattr(settings, "target", None)
        if target is None:
            if len(base.targets) != 1:
                raise GameError("no target: name the profile the treaty asks for "
                                f"({did_you_mean('', list(base.targets)) or 'e.g. pact,pact'})")
            target = next(iter(base.targets))
    domain = _domains(spec, terms, bounds)
    names = tuple(domain)
    for k in names:
        overrides.pop(k, None)
    tname, profile = resolve_target(base, target)
    labels = tuple(base.strategies[i][k] for i, k in enumerate(profile))
    players = tuple(base.players)
    w = _powers(powers, players)
    rule = _Rule(disagreement, base)
    conds_idx = [(i, s) for i in range(base.n_players) for s in range(base.shape[i]) if s != profile[i]]
    steps_of = _steps(steps, names)
    grid = _grid(spec, base, names, domain, steps_of, overrides, profile, rule, conds_idx)
    common = dict(terms=names, domain=domain, target=tname, profile=labels, players=players,
                  disagreement=rule.text(names), varies=rule.varies, powers=w,
                  file=spec.file, title=getattr(spec, "title", None), fixed=dict(overrides))
    if len(names) == 1:
        return _one_term(spec, names[0], domain[names[0]], overrides, base, profile, rule,
                         conds_idx, w, grid, common)
    conds = _conditions(base, conds_idx)
    agreement = _grid_agreement(spec, grid, names, overrides, profile, rule, w)
    return Zone(conditions=conds, intervals=(), binding=(), grid=grid[0], agreement=agreement,
                exact=grid[1], method="grid",
                note="" if grid[1] else "float classification; some near-boundary points were "
                     "not re-checked exactly", **common)  # type: ignore[arg-type]


def _conditions(base: Game, conds_idx: list[tuple[int, int]],
                fits: list[tuple[Poly, Poly]] | None = None) -> tuple[Condition, ...]:
    n_dev = len(conds_idx)
    out: list[Condition] = []
    for k, (i, s) in enumerate(conds_idx):
        num, den = (tuple(fits[k][0]), tuple(fits[k][1])) if fits else (None, None)
        out.append(Condition(base.players[i], base.strategies[i][s], num, den))
    for i, p in enumerate(base.players):
        num, den = (tuple(fits[n_dev + i][0]), tuple(fits[n_dev + i][1])) \
            if fits and len(fits) > n_dev else (None, None)
        out.append(Participation(p, "", num, den))
    return tuple(out)


def _domains(spec: Any, terms: Any, bounds: Any) -> dict[str, tuple[Any, Any]]:
    if isinstance(terms, str):
        terms = [terms]
    if isinstance(terms, Mapping):
        given = {str(k): v for k, v in terms.items()}
    else:
        try:
            given = {str(k): None for k in terms}
        except TypeError:
            raise GameError(f"terms must be a name, names or a mapping name -> (lo, hi), got "
                            f"{type(terms).__name__}") from None
    if not given:
        raise GameError("no terms to negotiate")
    if bounds is not None:
        if isinstance(bounds, Mapping):
            for k, v in bounds.items():
                if k not in given:
                    raise GameError(f"bounds for {k!r}, which is not a term "
                                    f"({did_you_mean(k, list(given))})")
                given[k] = v
        elif len(given) == 1:
            given[next(iter(given))] = bounds
        else:
            raise GameError("bounds for several terms must be a mapping name -> (lo, hi)")
    out: dict[str, tuple[Any, Any]] = {}
    for k, rng in given.items():
        lo, hi = spec.bounds(k)
        if rng is not None:
            try:
                a = None if rng[0] is None else Fraction(rng[0])
                b = None if rng[1] is None else Fraction(rng[1])
            except (TypeError, ValueError, ZeroDivisionError, IndexError):
                raise GameError(f"the range of {k} must be two numbers, got {rng!r}") from None
            if (a is not None and lo is not None and a < lo) or (b is not None and hi is not None and b > hi):
                raise ParameterError(f"the range [{format_number(a)}, {format_number(b)}] of {k} "
                                     f"leaves its declared bounds [{format_number(lo)}, "
                                     f"{format_number(hi)}]", file=spec.file)
            lo = a if a is not None else lo
            hi = b if b is not None else hi
        if lo is not None and hi is not None and lo > hi:
            raise GameError(f"empty range [{format_number(lo)}, {format_number(hi)}] for {k}")
        out[k] = (lo, hi)
    return out


def _powers(powers: Any, players: tuple[str, ...]) -> tuple[Any, ...]:
    if powers is None:
        return tuple(Fraction(1) for _ in players)
    if isinstance(powers, Mapping):
        unknown = [k for k in powers if k not in players]
        if unknown:
            raise GameError(f"bargaining power for unknown player {unknown[0]!r} "
                            f"({did_you_mean(unknown[0], list(players))})")
        vals = [powers.get(p, 1) for p in players]
    else:
        vals = list(powers)
        if len(vals) != len(players):
            raise GameError(f"{len(vals)} bargaining powers for {len(players)} players")
    out: list[Any] = []
    for v in vals:
        if isinstance(v, float):
            if not (math.isfinite(v) and v > 0):
                raise GameError(f"bargaining powers must be positive numbers, got {v!r}")
            out.append(v)
            continue
        try:
            f = Fraction(v)
        except (TypeError, ValueError, ZeroDivisionError):
            raise GameError(f"bargaining powers must be positive numbers, got {v!r}") from None
        if f <= 0:
            raise GameError(f"bargaining powers must be positive numbers, got {v!r}")
        out.append(f)
    return tuple(out)


def _steps(steps: Any, names: tuple[str, ...]) -> dict[str, int]:
    out = {}
    for k in names:
        s = steps.get(k, 21) if isinstance(steps, Mapping) else steps
        if isinstance(s, bool) or not isinstance(s, (int, np.integer)) or s < 2:
            raise GameError(f"steps for {k} must be an integer >= 2, got {s!r}")
        out[k] = int(s)
    return out


# -- one term: exact intervals ------------------------------------------------------------
def _one_term(spec: Any, term: str, rng: tuple[Any, Any], overrides: dict[str, Any], base: Game,
              profile: tuple[int, ...], rule: _Rule, conds_idx: list[tuple[int, int]],
              w: tuple[Any, ...], grid: tuple[ZoneGrid, bool], common: dict[str, Any]) -> Zone:
    lo, hi = rng

    def build(x: Any) -> Game:
        return spec.instantiate({**overrides, term: x})

    sampler = _ZoneSampler(build, profile, rule)
    n_dev = len(conds_idx)
    current = base.info.parameters.get(term)
    centre = Fraction(current) if isinstance(current, Fraction) else Fraction(0)
    if lo is not None and hi is not None and lo == hi:
        g = sampler.gains(lo)
        ok = g is not None and all(v >= 0 for v in g)
        ep = Endpoint(lo, True, True, lo, lo, format_number(lo))
        ivs = (Interval(ep, ep),) if ok else ()
        zone = Zone(conditions=_conditions(base, conds_idx), intervals=ivs, binding=(),
                    grid=grid[0], agreement=None, exact=sampler.exact, method="point", **common)
        return _with_agreement(zone, sampler, term, n_dev, w, None, lo, hi, centre)
    fits = _fit_all(sampler, _sample_points(lo, hi, centre), n_dev + len(base.players))
    if fits is not None and sampler.exact:
        conds = _conditions(base, conds_idx, fits)
        intervals, binding, _ = _solve_exact(fits, conds, lo, hi)
        zone = Zone(conditions=conds, intervals=intervals, binding=binding, grid=grid[0],
                    agreement=None, exact=True, method="interpolation", **common)
        return _with_agreement(zone, sampler, term, n_dev, w, fits[n_dev:], lo, hi, centre)
    conds = _conditions(base, conds_idx)
    dev = _Slice(sampler, slice(0, n_dev), "exact_dev")
    dev_fits = _fit_all(dev, _sample_points(lo, hi, centre), n_dev) if n_dev else None
    if dev_fits is not None and sampler.exact_dev:
        # the equilibrium conditions exactly, the participation ones by bisection
        dconds = _conditions(base, conds_idx, dev_fits)[:n_dev]
        conds = dconds + conds[n_dev:]
        d_iv, d_bind, _ = _solve_exact(dev_fits, dconds, lo, hi)
        part = _Slice(sampler, slice(n_dev, None), "exact_part")
        p_iv, p_bind, _ = _solve_sampled(part, conds[n_dev:], lo, hi, centre)
        intervals, binding = _intersect(d_iv, p_iv, d_bind + p_bind)
        exact_ends = all(ep is None or ep.exact for iv in intervals for ep in (iv.lower, iv.upper))
        why = "the disagreement point is not one rational function of the term (e.g. a minmax " \
            "value whose punishing strategy changes)"
        zone = Zone(conditions=conds, intervals=intervals, binding=binding, grid=grid[0],
                    agreement=None, exact=exact_ends, method="interpolation+bisection",
                    note=f"equilibrium conditions exact; participation conditions bisected "
                         f"(their end points approximate): {why}", **common)
        return _with_agreement(zone, sampler, term, n_dev, w, None, lo, hi, centre)
    intervals, binding, _ = _solve_sampled(sampler, conds, lo, hi, centre)
    why = "the game is not exact" if not sampler.exact_dev else \
        "no rational function fits every condition (the disagreement point is piecewise in the term)"
    zone = Zone(conditions=conds, intervals=intervals, binding=binding, grid=grid[0],
                agreement=None, exact=False, method="bisection",
                note=f"end points approximate (bisection): {why}", **common)
    return _with_agreement(zone, sampler, term, n_dev, w, None, lo, hi, centre)


def _intersect(a: tuple[Interval, ...], b: tuple[Interval, ...], bindings: tuple[Binding, ...]
               ) -> tuple[tuple[Interval, ...], tuple[Binding, ...]]:
    """The intersection of two unions of intervals, with the bindings at its end points."""
    def key(ep: Endpoint) -> float:
        return float(ep.value)

    out: list[Interval] = []
    for x in a:
        for y in b:
            lows = [e for e in (x.lower, y.lower) if e is not None]
            highs = [e for e in (x.upper, y.upper) if e is not None]
            low = None if not lows else max(lows, key=lambda e: (key(e), not e.closed))
            high = None if not highs else min(highs, key=lambda e: (key(e), e.closed))
            if low is not None and high is not None and (
                    key(low) > key(high) or (key(low) == key(high) and not (low.closed and high.closed))):
                continue
            out.append(Interval(low, high))
    out.sort(key=lambda iv: -math.inf if iv.lower is None else key(iv.lower))
    ends = {id(ep) for iv in out for ep in (iv.lower, iv.upper) if ep is not None}
    return tuple(out), tuple(bd for bd in bindings if id(bd.at) in ends)


def _with_agreement(zone: Zone, sampler: _ZoneSampler, term: str, n_dev: int, w: tuple[Any, ...],
                    pfits: list[tuple[Poly, Poly]] | None, lo: Any, hi: Any, centre: Fraction) -> Zone:
    from dataclasses import replace

    if not zone.intervals:
        return zone
    if pfits is not None and all(isinstance(v, Fraction) for v in w):
        agreement = _exact_agreement(zone, sampler, term, w, pfits)
    else:
        agreement = _sampled_agreement(zone, sampler, term, n_dev, w, lo, hi, centre)
    return replace(zone, agreement=agreement)


def _exact_agreement(zone: Zone, sampler: _ZoneSampler, term: str, w: tuple[Any, ...],
                     pfits: list[tuple[Poly, Poly]]) -> ZoneAgreement:
    L = math.lcm(*(int(v.denominator) for v in w))
    expo = [int(v * L) for v in w]

    def gains_at(x: Fraction) -> list[Fraction]:
        return [peval(n, x) / peval(d, x) for n, d in pfits]

    def value(x: Fraction) -> Fraction:
        out = Fraction(1)
        for g, e in zip(gains_at(x), expo, strict=True):
            out *= g ** e
        return out

    identically_zero = any(not trim(n) for n, _ in pfits)
    q: Poly = []
    if not identically_zero:
        ks = [pmul(n, d) for n, d in pfits]
        for i, (n, d) in enumerate(pfits):
            h = psub(pmul(pderiv(n), d), pmul(n, pderiv(d)))
            term_i = [c * w[i] for c in h]
            for j, k in enumerate(ks):
                if j != i:
                    term_i = pmul(term_i, k)
            q = padd(q, term_i)
        q = trim(q)
    flat = identically_zero or not q
    # candidates: (x exact or midpoint, text, exact?)
    cands: list[tuple[Fraction, str, bool]] = []
    unbounded_growth = False
    for iv in zone.intervals:
        a, b = iv.lower, iv.upper
        for ep in (a, b):
            if ep is not None and ep.closed:
                x = Fraction(ep.value) if ep.exact else (ep.lo + ep.hi) / 2
                cands.append((x, ep.text, ep.exact))
        if flat:
            continue
        a_hi = None if a is None else (Fraction(a.value) if a.exact else a.hi)
        b_lo = None if b is None else (Fraction(b.value) if b.exact else b.lo)
        for r in real_roots(q, a_hi, b_lo):
            if r.exact and ((a_hi is not None and r.lo == a_hi) or (b_lo is not None and r.lo == b_lo)):
                continue
            cands.append((r.lo if r.exact else (r.lo + r.hi) / 2, r.text, r.exact))
        lead = q[-1]
        if b is None and lead > 0:
            unbounded_growth = True
        if a is None and lead * (-1) ** (len(q) - 1) < 0:
            unbounded_growth = True
    if flat:
        first = zone.intervals[0].lower
        if first is None:
            x0 = (zone.intervals[0].upper.value if zone.intervals[0].upper is not None else Fraction(0))
            x0 = Fraction(x0) - 1 if zone.intervals[0].upper is not None else Fraction(0)
            text, ex = format_number(x0), True
            note = "the zone is unbounded below; the representative is a point in it"
        else:
            x0 = Fraction(first.value) if first.exact else first.hi
            text, ex, note = first.text, first.exact, ""
        if not first_closed(zone):
            note = (note + "; " if note else "") + "the lower end is open; the representative " \
                "is just inside it"
        why = "a gain is identically zero" if identically_zero else \
            "the Nash product does not depend on the term"
        return _make_agreement(sampler, term, x0, text, ex and not note, w, True, (), True,
                               "exact", f"{why}; the whole zone is the bargaining set"
                               + (f"; {note}" if note else ""))
    if not cands:
        # only open or unbounded ends and no stationary point
        iv = zone.intervals[0]
        x0 = _inside(iv)
        return _make_agreement(sampler, term, x0, format_number(x0), False, w, False, (),
                               False, "exact", "no maximum in the zone: the product is monotone "
                               "towards an open or unbounded end")
    vals = [value(x) for x, _, _ in cands]
    best = max(vals)
    tops = [k for k, v in enumerate(vals) if v == best]
    k0 = tops[0]
    x0, text, ex = cands[k0]
    ties = tuple({term: cands[k][0]} for k in tops[1:] if cands[k][0] != x0)
    note = "candidates: closed end points and the stationary points of the product, compared exactly"
    if not ex:
        note += "; the maximiser is irrational (value at the midpoint of its isolating interval)"
    if unbounded_growth:
        note += "; the product keeps growing towards an unbounded end of the zone"
    return _make_agreement(sampler, term, x0, text, ex, w, False, ties, not unbounded_growth,
                           "exact", note)


def first_closed(zone: Zone) -> bool:
    lo = zone.intervals[0].lower
    return lo is None or lo.closed


def _inside(iv: Interval) -> Fraction:
    a = None if iv.lower is None else iv.lower.hi
    b = None if iv.upper is None else iv.upper.lo
    if a is None and b is None:
        return Fraction(0)
    if a is None:
        return Fraction(b or 0) - 1
    if b is None:
        return Fraction(a) + 1
    return (Fraction(a) + Fraction(b)) / 2


def _make_agreement(sampler: _ZoneSampler, term: str, x: Fraction, text: str, exact: bool,
                    w: tuple[Any, ...], flat: bool, ties: tuple[Mapping[str, Any], ...],
                    bounded: bool, method: str, note: str) -> ZoneAgreement:
    if sampler.gains(x) is None or x not in sampler.parts:
        raise GameError(f"the game cannot be built at {term} = {format_number(x)}")
    u, d = sampler.parts[x]
    gains = tuple(ui - di for ui, di in zip(u, d, strict=True))
    return ZoneAgreement({term: x}, {term: text}, u, d, gains, _product(gains, w), flat, ties,
                         bounded, exact and sampler.exact, method, note)


def _product(gains: Sequence[Any], w: Sequence[Any]) -> Any:
    if all(isinstance(g, Fraction) for g in gains) and all(
            isinstance(v, Fraction) and v.denominator == 1 for v in w):
        out = Fraction(1)
        for g, e in zip(gains, w, strict=True):
            out *= g ** int(e)
        return out
    return float(np.prod([max(float(g), 0.0) ** float(e) for g, e in zip(gains, w, strict=True)]))


def _sampled_agreement(zone: Zone, sampler: _ZoneSampler, term: str, n_dev: int,
                       w: tuple[Any, ...], lo: Any, hi: Any, centre: Fraction) -> ZoneAgreement:
    from scipy.optimize import minimize_scalar

    wf = [float(v) for v in w]

    def logp(x: Fraction) -> float:
        g = sampler.gains(x)
        if g is None:
            return -math.inf
        parts = [float(v) for v in g[n_dev:]]
        if any(v <= 0 for v in parts):
            return -math.inf
        return sum(e * math.log(v) for e, v in zip(wf, parts, strict=True))

    a0 = Fraction(lo) if lo is not None else (Fraction(hi) - 16 if hi is not None else centre - 8)
    b0 = Fraction(hi) if hi is not None else a0 + 16
    best: tuple[float, Fraction] | None = None
    values: list[float] = []
    first_x: Fraction | None = None
    step = Fraction(1)
    for iv in zone.intervals:
        a = a0 if iv.lower is None else (Fraction(iv.lower.value) if iv.lower.exact else iv.lower.hi)
        b = b0 if iv.upper is None else (Fraction(iv.upper.value) if iv.upper.exact else iv.upper.lo)
        if b < a:
            continue
        n = FINE_GRID if b > a else 1
        xs = [a + (b - a) * Fraction(k, max(n - 1, 1)) for k in range(n)]
        if first_x is None:
            first_x = xs[0]
        for x in xs:
            v = logp(x)
            values.append(v)
            if best is None or v > best[0]:
                best = (v, x)
                step = (b - a) / max(n - 1, 1)
    assert best is not None and first_x is not None
    finite = [v for v in values if math.isfinite(v)]
    flat = bool(finite) and max(finite) - min(finite) <= FLOAT_TOL * (1 + abs(max(finite)))
    if flat or not math.isfinite(best[0]):
        return _make_agreement(sampler, term, first_x, format_number(first_x), False, w, True, (),
                               True, "grid+refine", "the Nash product does not vary over the zone "
                               "(fine grid); the whole zone is the bargaining set")
    x_best = best[1]
    lo_r = float(x_best - step)
    hi_r = float(x_best + step)
    res = minimize_scalar(lambda t: -logp(Fraction(t)), bounds=(lo_r, hi_r), method="bounded",
                          options={"maxiter": 40, "xatol": 1e-10})
    x_ref = Fraction(float(res.x))
    if not (math.isfinite(res.fun) and -res.fun > best[0] and zone.contains(x_ref)):
        x_ref = x_best
    text = format_number(x_ref) if x_ref is x_best else f"{float(x_ref):.6g}"
    note = (f"fine grid of {FINE_GRID} points per interval, then a bounded scalar search "
            "(scipy minimize_scalar) around the best one")
    if any(iv.lower is None or iv.upper is None for iv in zone.intervals):
        note += f"; an unbounded end was searched over [{format_number(a0)}, {format_number(b0)}] only"
    return _make_agreement(sampler, term, x_ref, text, False, w, False, (), True, "grid+refine", note)


# -- the grid ------------------------------------------------------------------------------
def _grid(spec: Any, base: Game, names: tuple[str, ...], domain: Mapping[str, tuple[Any, Any]],
          steps: Mapping[str, int], overrides: Mapping[str, Any], profile: tuple[int, ...],
          rule: _Rule, conds_idx: list[tuple[int, int]]) -> tuple[ZoneGrid, bool]:
    axes: dict[str, tuple[Fraction, ...]] = {}
    for k in names:
        lo, hi = domain[k]
        if lo is None or hi is None:
            if len(names) > 1:
                raise GameError(f"the range of {k} is unbounded; a grid over several terms needs "
                                f"bounds, e.g. bounds={{{k!r}: (0, 10)}}")
            # one term: the grid is only a picture; take a window around the finite end
            lo = lo if lo is not None else (hi - 16 if hi is not None else Fraction(-8))
            hi = hi if hi is not None else lo + 16
        s = steps[k]
        axes[k] = tuple(lo + (hi - lo) * Fraction(j, s - 1) for j in range(s))
    shape = tuple(len(v) for v in axes.values())
    n = int(np.prod(shape))
    if n > 1_000_000:
        from ..errors import GameTooLarge

        raise GameTooLarge(f"a zone grid of {n:,} points; lower steps")
    idx = np.indices(shape).reshape(len(shape), -1)
    exact_pts = [{k: axes[k][idx[a, p]] for a, k in enumerate(names)} for p in range(n)]
    arrays = {k: np.array([float(axes[k][j]) for j in idx[a]]) for a, k in enumerate(names)}
    for k, v in overrides.items():
        arrays[k] = np.full(n, float(Fraction(v)) if not isinstance(v, float) else v)
    pay = spec.payoffs(arrays)  # (n, N, *shape)
    t = tuple(profile)
    N = base.n_players
    tpay = np.stack([pay[(slice(None), i, *t)] for i in range(N)], axis=1)
    cols = []
    for i, s in conds_idx:
        dev = t[:i] + (s,) + t[i + 1:]
        cols.append(tpay[:, i] - pay[(slice(None), i, *dev)])
    if rule.varies:
        d = np.array([[float(v) for v in rule.at(spec.instantiate({**overrides, **pt}))]
                      for pt in exact_pts], dtype=float).reshape(n, N)
    else:
        assert rule.const is not None
        d = np.broadcast_to(np.array([float(v) for v in rule.const]), (n, N))
    for i in range(N):
        cols.append(tpay[:, i] - d[:, i])
    c = np.stack(cols, axis=1)
    scale = max(1.0, float(np.max(np.abs(pay))), float(np.max(np.abs(d))) if d.size else 1.0)
    holds = c >= -FLOAT_TOL * scale
    near = np.abs(c) <= NEAR_TOL * scale
    conds = _conditions(base, conds_idx)
    exact = base.is_exact
    rows = np.flatnonzero(near.any(axis=1))
    rechecked = 0
    if exact:
        if len(rows) > MAX_EXACT_RECHECKS:
            exact = False
            rows = rows[:MAX_EXACT_RECHECKS]
        for p in rows:
            g = _exact_conditions(spec, {**overrides, **exact_pts[p]}, profile, rule)
            if g is None:
                exact = False
                continue
            holds[p] = [v >= 0 for v in g]
            rechecked += 1
    mask = holds.all(axis=1)
    failing = np.array(["; ".join(conds[j].label() for j in np.flatnonzero(~holds[p]))
                        for p in range(n)], dtype=object)
    box: dict[str, tuple[Fraction, Fraction] | None] = {}
    for a, k in enumerate(names):
        inside = idx[a][mask]
        box[k] = None if not len(inside) else (axes[k][int(inside.min())], axes[k][int(inside.max())])
    return ZoneGrid(axes, mask.reshape(shape), failing.reshape(shape), float(mask.mean()), box,
                    rechecked), exact


def _exact_conditions(spec: Any, point: Mapping[str, Any], profile: tuple[int, ...],
                      rule: _Rule) -> list[Any] | None:
    """Every condition (deviations, then participation) at *point* in exact arithmetic."""
    game = spec.instantiate(point)
    d = rule.at(game)
    if not game.is_exact or not all(isinstance(v, Fraction) for v in d):
        return None
    pay = game.payoffs
    return [-g for _, _, g in deviation_gains(game, profile)] + \
        [pay[(i, *profile)] - d[i] for i in range(game.n_players)]


def _grid_agreement(spec: Any, grid: tuple[ZoneGrid, bool], names: tuple[str, ...],
                    overrides: Mapping[str, Any], profile: tuple[int, ...], rule: _Rule,
                    w: tuple[Any, ...]) -> ZoneAgreement | None:
    g = grid[0]
    mask = g.mask.reshape(-1)
    if not mask.any():
        return None
    idx = np.indices(g.mask.shape).reshape(len(names), -1)
    pts = np.flatnonzero(mask)
    wf = np.array([float(v) for v in w])

    def exact_at(p: int) -> tuple[dict[str, Fraction], tuple[Any, ...], tuple[Any, ...]]:
        pt = {k: g.axes[k][int(idx[a, p])] for a, k in enumerate(names)}
        game = spec.instantiate({**overrides, **pt})
        d = rule.at(game)
        pay = game.payoffs if game.is_exact else game.float_payoffs
        u = tuple(pay[(i, *profile)] for i in range(game.n_players))
        return pt, u, d

    logs = []
    cache = {}
    for p in pts:
        pt, u, d = exact_at(int(p))
        cache[int(p)] = (pt, u, d)
        garr = np.array([float(ui - di) for ui, di in zip(u, d, strict=True)])
        logs.append(-math.inf if np.any(garr <= 0) else float(np.sum(wf * np.log(garr))))
    arr = np.array(logs)
    finite = arr[np.isfinite(arr)]
    flat = not finite.size or float(finite.max() - finite.min()) <= FLOAT_TOL * (1 + abs(float(finite.max())))
    if flat:
        # the cheapest end: the smallest term values (first in lexicographic order of the grid)
        k0 = int(pts[0])
        note = "the Nash product does not vary over the zone's grid points; the whole zone is " \
            "the bargaining set and the representative is its cheapest point (smallest terms)"
        ties: tuple[Mapping[str, Any], ...] = ()
    else:
        best = float(finite.max())
        tops = [int(pts[j]) for j in range(len(pts)) if arr[j] >= best - FLOAT_TOL * (1 + abs(best))]
        k0 = tops[0]
        ties = tuple(cache[p][0] for p in tops[1:6])
        note = "the best grid point of the zone (the product compared in floats, reported exactly)"
    pt, u, dv = cache[k0]
    gains = tuple(ui - di for ui, di in zip(u, dv, strict=True))
    exact = all(isinstance(v, Fraction) for v in (*u, *dv))
    return ZoneAgreement(pt, {k: format_number(v) for k, v in pt.items()}, u, tuple(dv), gains,
                         _product(gains, w), flat, ties, True, exact, "grid", note)
