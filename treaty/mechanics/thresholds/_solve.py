"""The threshold computation: build the conditions, then solve them exactly or by bisection."""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable, Mapping, Sequence
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from ..._exact.numbers import format_number
from ..._exact.poly import Poly, RealRoot, peval, real_roots
from ..._progress import phase
from ...errors import GameError, TreatyError
from ...game import Game
from ._checks import is_pure_equilibrium, resolve_target
from ._fit import _fit_all, _sample_points, _Sampler
from ._results import Binding, Condition, Endpoint, Interval, Threshold

if TYPE_CHECKING:
    from ...spec.parametric import Spec

GRID_POINTS = 129


def _spec_of(source: Any) -> Spec | None:
    """The parametric spec behind *source* (None for a callable source)."""
    from ...spec.loader import read_spec
    from ...spec.parametric import Spec

    if isinstance(source, Game):
        if source.spec is None:
            raise GameError("thresholds need the spec this game was instantiated from (this game "
                            "was built in Python); pass a spec path or a function value -> Game")
        return source.spec
    if isinstance(source, Spec):
        return source
    if isinstance(source, (str, os.PathLike)):
        return read_spec(source)
    if source.__class__.__name__ == "MembershipGame":
        from ...spec.source import wrong_kind

        raise wrong_kind(None, "threshold", "membership")
    if callable(source):
        return None
    raise GameError(f"thresholds need a spec path, a Spec, a Game or a function value -> Game, "
                    f"got a {type(source).__name__}")


def threshold(source: Any, parameter: str, target: str | Sequence[str] | None,
              params: Mapping[str, Any] | None = None, *,
              bounds: tuple[Any, Any] | None = None, repeated: bool = True) -> Threshold:
    """The values of *parameter* for which *target* is a pure Nash equilibrium.

    An ``extensive-form`` spec (a game tree) is answered by
    :func:`treaty.extensive.tree_threshold`: the values for which a pure profile of the tree
    (*target*: one action per information set; None: the subgame-perfect equilibrium at the
    current values) is subgame perfect.

    Parameters
    ----------
    source : path, Spec, Game or callable
        A spec file (YAML, JSON or ``.nfg``; read once), a parametric
        :class:`~treaty.spec.Spec`, a :class:`Game` instantiated from one (its ``spec`` is
        instantiated at the sample points; the file is not read again), or a function mapping a
        parameter value to a :class:`Game`.
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
    repeated : bool
        When the spec has a ``repeated`` section with a discount factor that covers the
        target, also answer the repeated question (default True): the result's ``repeated``
        is then the set of values for which the target is sustained in the repeated game
        (condition (*) of :mod:`treaty.mechanics.repeated` for every deviation, with the
        spec's discount, detection, punishment and reversion evaluated at each value).

    Returns
    -------
    Threshold
        Exact end points (Fractions) when the conditions are rational in the parameter and
        rational roots; irrational roots isolated to 2**-60 with a closed form for quadratics.
        ``repeated`` holds the repeated-game answer (a Threshold with ``question ==
        "repeated"``) or None.

    Raises
    ------
    ParameterError
        Unknown parameter, or an invalid override in *params*.
    GameError
        Unknown target, bounds that are not numbers or form an empty range, a spec that is not
        a normal-form game.
    """
    if isinstance(source, (str, os.PathLike)):
        from ...spec.loader import read_spec

        source = read_spec(source)
    if getattr(source, "kind", None) == "extensive-form":
        from ...extensive._threshold import tree_threshold

        return tree_threshold(source, parameter, target, params, bounds=bounds)
    if target is None:
        raise GameError("name the target profile (a target name or a profile such as 'a,b')")
    src = one_parameter(source, parameter, params, bounds, "threshold")
    spec, build, base_game = src.spec, src.build, src.base
    lo, hi, centre, current, points = src.lo, src.hi, src.centre, src.current, src.points
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
        raise GameError(f"the game cannot be built for any sampled value of {parameter}")
    tname, profile = resolve_target(base_game or probe, target)
    labels = tuple(probe.strategies[i][k] for i, k in enumerate(profile))
    deviations = [(probe.players[i], probe.strategies[i][s]) for i in range(probe.n_players)
                  for s in range(probe.shape[i]) if s != profile[i]]
    sampler = _Sampler(build, profile)
    players = probe.players
    holds_now = None
    if base_game is not None:
        holds_now = is_pure_equilibrium(base_game, profile)

    stage = _solve_conditions(sampler, parameter, tname, labels, players, deviations,
                              lo, hi, centre, points, current, holds_now)
    if not repeated or base_game is None or spec is None:
        return stage
    settings = base_game.repeated
    if settings is None or settings.discount is None or \
            (settings.targets and tname not in settings.targets):
        return stage
    # the spec repeats the stage game and names this target: answer the repeated question too
    from ..repeated import critical_discount

    rsampler = _RepeatedSampler(build, profile)
    rnow: bool | None
    try:
        rnow = bool(critical_discount(base_game, list(labels), detection=settings.detection,
                                      periods=settings.periods, reversion=settings.reversion,
                                      discount=settings.discount).sustainable)
    except TreatyError:
        rnow = None
    rep = _solve_conditions(rsampler, parameter, tname, labels, players, deviations,
                            lo, hi, centre, points, current, rnow)
    rep = dataclasses.replace(rep, question="repeated", scheme=_scheme_text(spec, settings))
    return dataclasses.replace(stage, repeated=rep)



@dataclasses.dataclass(frozen=True)
class OneParameter:
    """A source resolved for a question over one parameter (see :func:`one_parameter`)."""

    spec: Spec | None
    build: Callable[[Any], Game]
    base: Game | None
    lo: Fraction | None
    hi: Fraction | None
    centre: Fraction
    current: Any
    points: list[Fraction]


def one_parameter(source: Any, parameter: str, params: Mapping[str, Any] | None,
                  bounds: Any, command: str) -> OneParameter:
    """Resolve *source* for a question over *parameter*: the spec, a builder of the game at a
    value, the game at the current values, the range (declared or *bounds*) and the exact
    sample points of :func:`._fit._sample_points`.

    A Game keeps the values it was instantiated with (its ``info.overrides``); *params* take
    precedence; a callable source is its own builder (no range unless *bounds*).

    Raises
    ------
    GameError
        A spec that is not a normal-form game, bounds that are not numbers or an empty range.
    ParameterError
        An unknown parameter or override.
    """
    base: Game | None = None
    lo: Any = None
    hi: Any = None
    spec = _spec_of(source)
    if spec is None:
        build: Callable[[Any], Game] = source
    else:
        if spec.kind != "normal-form":
            from ...spec.source import wrong_kind

            raise wrong_kind(spec.file, command, spec.kind)
        lo, hi = spec.bounds(parameter)
        kept = source.info.overrides if isinstance(source, Game) else {}
        overrides = {**{k: v for k, v in kept.items() if k != parameter}, **(params or {})}
        spec.resolve(overrides)  # an unknown or invalid override is reported here, not skipped
        base = source if isinstance(source, Game) else spec.instantiate(overrides)
        sp = spec

        def build(x: Any) -> Game:
            return sp.instantiate({**overrides, parameter: x})

    lo, hi = search_range(parameter, lo, hi, bounds)
    current = None if base is None else base.info.parameters.get(parameter)
    centre = Fraction(current) if isinstance(current, Fraction) else Fraction(0)
    return OneParameter(spec, build, base, lo, hi, centre, current, _sample_points(lo, hi, centre))


def search_range(parameter: str, lo: Fraction | None, hi: Fraction | None,
                 bounds: Any) -> tuple[Fraction | None, Fraction | None]:
    """The range searched for *parameter*: *bounds* (two numbers or None) when given, else the
    declared ``lo``/``hi``.

    Raises
    ------
    GameError
        Bounds that are not numbers, or an empty range.
    """
    if bounds is not None:
        try:
            lo = None if bounds[0] is None else Fraction(bounds[0])
            hi = None if bounds[1] is None else Fraction(bounds[1])
        except (TypeError, ValueError, ZeroDivisionError, IndexError):
            raise GameError(f"bounds must be two numbers or None, got {bounds!r}") from None
    if lo is not None and hi is not None and lo > hi:
        raise GameError(f"empty range [{lo}, {hi}] for {parameter}")
    return lo, hi


def bisect_edge(member: Callable[[Fraction], bool], u: Fraction, v: Fraction,
                steps: int = 50) -> Endpoint:
    """The approximate end point between *u* and *v*, where ``member`` changes its answer,
    bisected *steps* times in exact arithmetic; an :class:`Endpoint` marked approximate with
    its bracketing interval."""
    mu = member(u)
    for _ in range(steps):
        m = (u + v) / 2
        if member(m) == mu:
            u = m
        else:
            v = m
    mid = float((u + v) / 2)
    return Endpoint(mid, False, True, min(u, v), max(u, v), f"{mid:.6g}")

def _solve_conditions(sampler: _Sampler, parameter: str, tname: str, labels: tuple[str, ...],
                      players: tuple[str, ...], deviations: Sequence[tuple[str, str]],
                      lo: Any, hi: Any, centre: Fraction, points: list[Fraction], current: Any,
                      holds_now: bool | None) -> Threshold:
    """Solve the conditions *sampler* gives (one per ``(player, deviation)`` of *deviations*)
    over [lo, hi]."""
    domain = (lo, hi)
    if lo is not None and hi is not None and lo == hi:
        g = sampler.gains(lo)
        ok = g is not None and all(v >= 0 for v in g)
        ep = Endpoint(lo, True, True, lo, lo, format_number(lo))
        conds = tuple(Condition(who, dev) for who, dev in deviations)
        return Threshold(parameter, tname, labels, players, domain,
                         (Interval(ep, ep),) if ok else (), (), conds, current, holds_now,
                         sampler.exact, "point")

    with phase(f"threshold of {parameter}: sampling"):
        fits = _fit_all(sampler, points, len(deviations))
    if fits is not None and sampler.exact:
        conds = tuple(Condition(who, dev, tuple(n), tuple(d))
                      for (who, dev), (n, d) in zip(deviations, fits, strict=True))
        intervals, binding, constant = _solve_exact(fits, conds, lo, hi)
        return Threshold(parameter, tname, labels, players, domain, intervals, binding, conds,
                         current, holds_now, True, "interpolation", constant)
    conds = tuple(Condition(who, dev) for who, dev in deviations)
    with phase(f"threshold of {parameter}: bisection"):
        intervals, binding, constant = _solve_sampled(sampler, conds, lo, hi, centre)
    return Threshold(parameter, tname, labels, players, domain, intervals, binding, conds,
                     current, holds_now, False, "bisection", constant)


class _RepeatedSampler(_Sampler):
    """Per deviation, the repeated-game condition (*) of :mod:`treaty.mechanics.repeated`.

    For player ``i`` deviating to ``s`` from the target (stage payoff ``R_i``, deviation
    payoff ``D_{i,s}``, punishment payoff ``P_i``, detection probability ``p_i``, discount
    ``delta``, punishment length ``T``; ``delta^(T+1) = 0`` for grim trigger) the value is::

        h = p_i (R_i - P_i)(delta - delta^(T+1)) - (1 - delta)(D_{i,s} - R_i)

    and the target is sustained iff every ``h >= 0``: the condition is monotone in ``D``, so
    requiring it for every deviation is requiring it for the best one, which gives the
    critical discount factor ``(D - R) / (D - R + p (R - P))`` of grim trigger.  Discount,
    detection and punishment are evaluated in the game built at each sample point, so a
    parameter that enters them (or the stage payoffs) is handled alike.
    """

    def gains(self, x: Any) -> list[Any] | None:
        if x in self.cache:
            return self.cache[x]
        from ..repeated import _punishment_payoffs

        value: list[Any] | None = None
        try:
            game = self.build(x)
            settings = game.repeated
            if settings is not None and settings.discount is not None:
                pun, _ = _punishment_payoffs(game, settings.reversion)
                if not game.is_exact or not all(isinstance(v, Fraction) for v in pun):
                    self.exact = False
                value = _repeated_conditions(game, self.profile, settings, pun)
        except TreatyError:
            value = None
        self.cache[x] = value
        return value


def _repeated_conditions(game: Game, profile: tuple[int, ...], settings: Any,
                         pun: list[Any]) -> list[Any]:
    pay = game.payoffs if game.is_exact else game.float_payoffs
    delta = settings.discount
    weight = delta if settings.periods is None else delta - delta ** (settings.periods + 1)
    out = []
    for i in range(game.n_players):
        det = settings.detection
        p = det.get(game.players[i], 1) if isinstance(det, Mapping) else det
        r = pay[(i, *profile)]
        for s in range(game.shape[i]):
            if s != profile[i]:
                d = pay[(i, *profile[:i], s, *profile[i + 1:])]
                out.append(p * (r - pun[i]) * weight - (1 - delta) * (d - r))
    return out


def _scheme_text(spec: Any, settings: Any) -> str:
    """The repeated game's scheme in words, with the spec's own expressions where it has them."""
    rspec = getattr(spec, "repeated", None)
    scheme = "grim trigger" if settings.periods is None else \
        f"{settings.periods}-period punishment"
    rev = settings.reversion
    rev_text = f"{rev} reversion" if isinstance(rev, str) and rev in ("nash", "minmax") else \
        f"reversion to {rev if isinstance(rev, str) else ', '.join(rev)}"
    rev_text = rev_text.replace("nash", "Nash")
    disc = rspec.discount.text if rspec is not None and rspec.discount is not None else \
        format_number(settings.discount)
    det_v = rspec.detection if rspec is not None else None
    if det_v is None:
        det = settings.detection
        det_text = (", ".join(f"{k} {format_number(v)}" for k, v in det.items())
                    if isinstance(det, Mapping) else format_number(det))
    elif isinstance(det_v, dict):
        det_text = ", ".join(f"{k} {v.text}" for k, v in det_v.items())
    else:
        det_text = det_v.text
    mon = "perfect monitoring" if det_text == "1" else f"detection probability {det_text} per round"
    return f"{scheme}, {rev_text}, {mon}, discount factor {disc}"


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
        return b - 1 if b is not None else Fraction(0)
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
        return bisect_edge(member, u, v)

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
