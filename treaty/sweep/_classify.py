"""What each point of a sweep is classified by.

A classifier takes a spec and a chunk of parameter points and returns one array per column
(one entry per point).  The built-ins, chosen on the command line with ``--classify``:

``equilibria``
    The equilibrium set's signature: ``equilibria`` (number of extreme equilibria, all of
    them for 2-player games) and ``pure`` (the pure equilibria as a short label such as
    ``"pact/pact race/race"``, ``"-"`` for none).
``target:NAME``
    ``NAME_equilibrium`` (is the target profile a pure Nash equilibrium) and ``NAME_unique``
    (is it the only equilibrium, mixed ones included).
``stable:A+B``
    ``A+B_stable``: is the coalition of A and B internally and externally stable in a
    membership game (d'Aspremont et al. 1983), under the spec's tie rule.
``discount:NAME``
    ``NAME_discount``: the critical discount factor of the target in the infinitely repeated
    game (:func:`treaty.critical_discount`, with the monitoring and punishment of the spec's
    ``repeated`` section, else perfect monitoring and grim trigger; NaN when it is never
    sustainable).

Membership specs (one stability scan of all ``2^n`` coalitions per point,
:meth:`treaty.coalitions.MembershipGame.stability`, exact where the spec is):

``pacts`` (the default: ``equilibria`` means it on a membership spec), ``pacts:exclusive``
    ``best_pact`` (the stable pact with the largest total payoff, ties to the larger, then
    the smaller bitmask: the first of ``stability().stable``; ``"no stable pact"``),
    ``stable_pacts`` and ``largest_stable_size``; with ``:exclusive`` under exclusive membership
    (columns ending in ``_exclusive``).
``size``, ``size:exclusive``
    ``stable_sizes``: the sizes of every stable pact (``"2, 3"``, ``"none"``).
``potential``
    ``best_potential`` and ``potential_pacts``: the potentially stable pacts with transfers
    (Carraro, Eyckmans and Finus 2006).
``clause``, ``clause:ATTR``, ``clause@A+B``, ``clause:ATTR@A+B``
    The smallest participation clause (:func:`treaty.coalitions.smallest_clause` on the game
    without the spec's own clause): the threshold (members, or an exact share of the country
    attribute ATTR) and the pact it makes stable, for a pact including A and B after ``@``.

Their work (points x ``2^n`` coalitions) is checked before any against
:data:`treaty.spec._limits.MAX_SWEEP_COALITIONS` (:meth:`_MembershipClassifier.check_design`).

Algorithm of the pure checks (vectorised over points): the payoffs of all points come from
one call of the parametric spec layer (``spec.payoffs(points)``, shape ``(n, N, s_1, ...,
s_N)``); a profile is a pure equilibrium when every player's payoff there equals the maximum
over her own strategies (a best response against the others' strategies).  Floats decide
every comparison that is clear by more than a relative tolerance; the points where some
comparison is within the tolerance (the regime boundaries, often hit exactly by a grid with
exact end points) are decided again exactly, by building the game at the exact parameter
values (:meth:`~treaty.sweep.Design.exact_point`).  Uniqueness needs all equilibria: a target
that is not an equilibrium, or beside another pure equilibrium, is not unique (vectorised);
iterated elimination of strictly dominated strategies that leaves only the target proves it
unique (vectorised); the rest are solved together by the batched solver of small 2-player games
(:func:`treaty.nash.batch_equilibria`), close calls and larger or N-player games exactly one by
one (:func:`treaty.equilibria`).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable

import numpy as np

from ..errors import GameError, ParameterError, did_you_mean

__all__ = ["Classifier", "EquilibriaClassifier", "TargetClassifier", "StableClassifier",
           "DiscountClassifier", "PactsClassifier", "SizeClassifier", "PotentialClassifier",
           "ClauseClassifier", "parse_classifier", "pure_equilibrium_mask", "RTOL"]

#: relative tolerance of the float comparisons; closer calls are decided exactly
RTOL = 1e-9


@runtime_checkable
class Classifier(Protocol):
    """Classifies a chunk of points: ``columns`` are the names of the arrays it returns."""

    @property
    def name(self) -> str:
        """The classifier as written on the command line (``"target:pact"``)."""
        ...  # pragma: no cover

    @property
    def columns(self) -> tuple[str, ...]:
        """Names of the arrays it returns."""
        ...  # pragma: no cover

    def __call__(self, spec: Any, points: Any) -> dict[str, np.ndarray]:
        ...  # pragma: no cover


# -- helpers on the spec ------------------------------------------------------------------

def game_labels(spec: Any) -> tuple[tuple[str, ...], tuple[tuple[str, ...], ...]]:
    """Players and strategy labels of the game the spec builds (verification included)."""
    if hasattr(spec, "game"):  # a .nfg spec
        return tuple(spec.game.players), tuple(tuple(s) for s in spec.game.strategies)
    if getattr(spec, "kind", "") != "normal-form":
        kind = str(getattr(spec, "kind", "?"))
        raise GameError(f"this classifier needs a normal-form spec, not "
                        f"{'an' if kind[:1] in 'aeiou' else 'a'} {kind} spec")
    players, strategies = list(spec.players), [list(s) for s in spec.strategies]
    if spec.verification is not None:
        players, strategies = spec.verification.labels(players, strategies)
    return tuple(players), tuple(tuple(s) for s in strategies)


def target_index(spec: Any, target: str) -> tuple[int, ...]:
    """The profile (strategy indices) of a target name or of ``"a,b"``."""
    players, strategies = game_labels(spec)
    targets = getattr(spec, "targets", None) or {}
    if target in targets:
        labels = targets[target]
    elif "," in target:
        labels = tuple(t.strip() for t in target.split(","))
    else:
        raise ParameterError(f"unknown target {target!r}", file="--classify",
                             hint=did_you_mean(target, list(targets))
                             or "name a target of the spec or write a profile such as 'pact,pact'")
    if len(labels) != len(players):
        raise ParameterError(f"target {target!r} names {len(labels)} strategies for "
                             f"{len(players)} players", file="--classify")
    out = []
    for i, lab in enumerate(labels):
        if lab not in strategies[i]:
            raise ParameterError(f"unknown strategy {lab!r} of {players[i]} in target {target!r}",
                                 file="--classify", hint=did_you_mean(lab, strategies[i]))
        out.append(strategies[i].index(lab))
    return tuple(out)


def _float_points(design: Any) -> dict[str, np.ndarray]:
    if isinstance(design, Mapping):
        return {k: np.asarray(v, dtype=float) for k, v in design.items()}
    return dict(design.float_points())


def _exact_point(design: Any, j: int) -> dict[str, Any]:
    if hasattr(design, "exact_point"):
        return dict(design.exact_point(j))
    from fractions import Fraction

    return {k: Fraction(float(v[j])) for k, v in design.items()}


def _n(points: Mapping[str, np.ndarray]) -> int:
    return len(next(iter(points.values()))) if points else 1


def pure_equilibrium_mask(payoffs: np.ndarray, rtol: float = RTOL) -> tuple[np.ndarray, np.ndarray]:
    """Which profiles are pure equilibria at each point, and which answers are close calls.

    Parameters
    ----------
    payoffs : ndarray, shape (n, N, s_1, ..., s_N)

    Returns
    -------
    eq : bool ndarray, shape (n, s_1, ..., s_N)
        Every player's payoff is within the tolerance of her best-response payoff.
    close : bool ndarray, shape (n,)
        Some comparison at the point is within the tolerance without being an exact float
        tie of the same value (these points are decided again exactly).
    """
    n, N = payoffs.shape[:2]
    eq = np.ones((n, *payoffs.shape[2:]), dtype=bool)
    close = np.zeros(n, dtype=bool)
    scale = np.abs(payoffs).reshape(n, -1).max(axis=1) + 1.0
    tol = (rtol * scale).reshape((n,) + (1,) * (N))
    for i in range(N):
        u = payoffs[:, i]
        best = u.max(axis=1 + i, keepdims=True)
        gap = best - u  # >= 0
        eq &= gap <= tol
        # a close call: a strategy whose payoff is within tol of the best but not equal
        near = (gap > 0) & (gap <= tol)
        close |= near.reshape(n, -1).any(axis=1)
    return eq, close


def _pure_exact(spec: Any, params: Mapping[str, Any]) -> np.ndarray:
    """Pure-equilibrium mask of one game built exactly at *params*."""
    from ..nash._pure import pure_equilibrium_mask

    return pure_equilibrium_mask(np.asarray(spec.instantiate(params).payoffs))


def pure_equilibria_chunk(spec: Any, design: Any) -> np.ndarray:
    """Pure-equilibrium masks over a chunk, shape ``(n, s_1, ..., s_N)``, close calls exact."""
    points = _float_points(design)
    payoffs = spec.payoffs(points)
    eq, close = pure_equilibrium_mask(payoffs)
    for j in np.flatnonzero(close):
        eq[j] = _pure_exact(spec, _exact_point(design, int(j)))
    return eq


def _iesds_leaves_only(payoffs: np.ndarray, target: tuple[int, ...], rows: np.ndarray) -> np.ndarray:
    """For the points *rows*: does iterated elimination of strictly dominated pure
    strategies (by pure strategies, strict by more than the tolerance) leave only *target*?"""
    u = payoffs[rows]
    m, N = u.shape[:2]
    shape = u.shape[2:]
    alive = [np.ones((m, s), dtype=bool) for s in shape]
    for _ in range(sum(shape)):
        changed = np.zeros(m, dtype=bool)
        for i in range(N):
            ui = np.moveaxis(u[:, i], 1 + i, 1)  # (m, s_i, others...)
            ui = ui.reshape(m, shape[i], -1)
            other = np.ones((m, ui.shape[2]), dtype=bool)
            # columns (others' profiles) still alive
            others = [alive[k] for k in range(N) if k != i]
            if others:
                grid = others[0]
                for a in others[1:]:
                    grid = (grid[:, :, None] & a[:, None, :]).reshape(m, -1)
                other = grid
            big = np.where(other[:, None, :], ui, np.nan)
            tol = RTOL * (np.nanmax(np.abs(big), axis=(1, 2)) + 1.0)
            for s in range(shape[i]):
                # s is strictly dominated by some alive t: u(t, .) > u(s, .) + tol on alive columns
                diff = ui - ui[:, s:s + 1, :]
                strict = np.where(other[:, None, :], diff > tol[:, None, None], True)
                dom = (strict.all(axis=2) & alive[i]).any(axis=1) & alive[i][:, s]
                alive[i][dom, s] = False
                changed |= dom
        if not changed.any():
            break
    only = np.ones(m, dtype=bool)
    for i, t in enumerate(target):
        only &= alive[i][:, t] & (alive[i].sum(axis=1) == 1)
    return only


def _solve(spec: Any, params: Mapping[str, Any]) -> Any:
    from ..nash import equilibria

    return equilibria(spec.instantiate(params))


def equilibrium_counts(spec: Any, points: Any, payoffs: np.ndarray, close: np.ndarray,
                       rows: np.ndarray) -> np.ndarray:
    """Number of extreme equilibria at the points *rows* of a chunk.

    Two-player games up to :data:`treaty.nash._batch.BATCH_MAX_SIZE` strategies are solved
    together by :func:`treaty.nash.batch_equilibria` from the float payoffs (integer-valued
    payoffs exactly, others with its tolerance and exact re-solves of ambiguous games); the
    close calls, and every other game, are solved one by one at their exact parameter values
    (:func:`treaty.equilibria`).
    """
    from ..nash._batch import BATCH_MAX_SIZE

    out = np.zeros(len(rows), dtype=np.int64)
    batchable = payoffs.shape[1] == 2 and max(payoffs.shape[2:]) <= BATCH_MAX_SIZE
    one = np.ones(len(rows), dtype=bool)
    if batchable:
        from ..nash import batch_equilibria

        one = close[rows]
        many = np.flatnonzero(~one)
        if many.size:
            sel = rows[many]
            found = batch_equilibria(payoffs[sel, 0], payoffs[sel, 1], exact=False)
            out[many] = [len(eqs) for eqs in found]
    for k in np.flatnonzero(one):
        out[k] = len(_solve(spec, _exact_point(points, int(rows[k]))))
    return out


# -- the built-in classifiers ---------------------------------------------------------------

def _profile_label(strategies: tuple[tuple[str, ...], ...], idx: tuple[int, ...]) -> str:
    return "/".join(strategies[i][k] for i, k in enumerate(idx))


@dataclass(frozen=True)
class TargetClassifier:
    """Is the target a pure equilibrium (``<t>_equilibrium``), the unique one (``<t>_unique``)."""

    target: str
    unique: bool = True

    @property
    def name(self) -> str:
        return f"target:{self.target}"

    @property
    def columns(self) -> tuple[str, ...]:
        t = self.target.replace(",", "/")
        return (f"{t}_equilibrium", f"{t}_unique") if self.unique else (f"{t}_equilibrium",)

    def __call__(self, spec: Any, points: Any) -> dict[str, np.ndarray]:
        target = target_index(spec, self.target)
        fpoints = _float_points(points)
        payoffs = spec.payoffs(fpoints)
        eq, close = pure_equilibrium_mask(payoffs)
        for j in np.flatnonzero(close):
            eq[j] = _pure_exact(spec, _exact_point(points, int(j)))
        n = eq.shape[0]
        is_eq = np.array(eq.reshape(eq.shape[0], -1)[:, np.ravel_multi_index(target, eq.shape[1:])])
        out = {self.columns[0]: is_eq}
        if not self.unique:
            return out
        unique = np.zeros(n, dtype=bool)
        alone = is_eq & (eq.reshape(n, -1).sum(axis=1) == 1)
        rows = np.flatnonzero(alone)
        if rows.size:
            proven = _iesds_leaves_only(payoffs, target, rows)
            unique[rows[proven]] = True
            rest = rows[~proven]
            if rest.size and payoffs.shape[1] == 2:
                unique[rest] = equilibrium_counts(spec, points, payoffs, close, rest) == 1
            for j in rest if payoffs.shape[1] != 2 else ():
                eqs = _solve(spec, _exact_point(points, int(j)))
                unique[j] = bool(eqs.complete and len(eqs) == 1)
        out[self.columns[1]] = unique
        return out


@dataclass(frozen=True)
class EquilibriaClassifier:
    """The equilibrium set's signature: number of extreme equilibria and the pure ones."""

    @property
    def name(self) -> str:
        return "equilibria"

    @property
    def columns(self) -> tuple[str, ...]:
        return ("equilibria", "pure")

    def __call__(self, spec: Any, points: Any) -> dict[str, np.ndarray]:
        _, strategies = game_labels(spec)
        payoffs = spec.payoffs(_float_points(points))
        eq, close = pure_equilibrium_mask(payoffs)
        for c in np.flatnonzero(close):
            eq[c] = _pure_exact(spec, _exact_point(points, int(c)))
        n = eq.shape[0]
        counts = np.zeros(n, dtype=np.int64)
        flat = eq.reshape(n, -1)
        # one label per distinct set of pure equilibria (few), spread to the points
        sets, inverse = np.unique(flat, axis=0, return_inverse=True)
        names = []
        for row in sets:
            idx = [np.unravel_index(k, eq.shape[1:]) for k in np.flatnonzero(row)]
            names.append(" ".join(_profile_label(strategies, tuple(int(x) for x in i))
                                  for i in idx) or "-")
        labels = np.array(names, dtype=object)[np.asarray(inverse).reshape(-1)]
        if payoffs.shape[1] == 2:
            counts[:] = equilibrium_counts(spec, points, payoffs, close, np.arange(n))
        else:  # pure equilibria only for N players (treaty.equilibria's complete set)
            for j in range(n):
                counts[j] = len(_solve(spec, _exact_point(points, j)))
        return {"equilibria": counts, "pure": labels}


@dataclass(frozen=True)
class StableClassifier:
    """Is the coalition (members joined by ``+``) stable in a membership game."""

    coalition: str

    @property
    def name(self) -> str:
        return f"stable:{self.coalition}"

    @property
    def columns(self) -> tuple[str, ...]:
        return (f"{self.coalition}_stable",)

    def __call__(self, spec: Any, points: Any) -> dict[str, np.ndarray]:
        from ..coalitions._results import TieRule
        from ..coalitions._stability import EXTERNAL, INTERNAL, exact_flags

        if getattr(spec, "kind", "") != "membership":
            raise GameError(f"--classify stable:{self.coalition} needs a membership spec, not a "
                            f"{spec.kind} spec")
        members = [m.strip() for m in self.coalition.split("+") if m.strip()]
        n = _n(_float_points(points))
        out = np.zeros(n, dtype=bool)
        for j in range(n):
            game = spec.instantiate(_exact_point(points, j))
            unknown = [m for m in members if m not in game.players]
            if unknown:
                raise ParameterError(f"unknown country {unknown[0]!r} in stable:{self.coalition}",
                                     file="--classify", hint=did_you_mean(unknown[0], game.players))
            stays, joins = TieRule.parse(game.default_rule)
            flags, _, _ = exact_flags(game.model, game.mask(members), stays, joins)
            out[j] = bool(flags & INTERNAL and flags & EXTERNAL)
        return {self.columns[0]: out}


@dataclass(frozen=True)
class DiscountClassifier:
    """The target's critical discount factor (NaN: not sustainable at any discount)."""

    target: str

    @property
    def name(self) -> str:
        return f"discount:{self.target}"

    @property
    def columns(self) -> tuple[str, ...]:
        return (f"{self.target.replace(',', '/')}_discount",)

    def __call__(self, spec: Any, points: Any) -> dict[str, np.ndarray]:
        from ..mechanics.repeated import critical_discount

        n = _n(_float_points(points))
        out = np.full(n, np.nan)
        for j in range(n):
            game = spec.instantiate(_exact_point(points, j))
            rep = game.repeated  # the spec's repeated section: monitoring and punishment
            res = (critical_discount(game, self.target, detection=rep.detection,
                                     periods=rep.periods, reversion=rep.reversion)
                   if rep is not None else critical_discount(game, self.target))
            delta = res.critical_discount
            if delta is not None:
                out[j] = float(delta)
        return {self.columns[0]: out}


# -- membership games: which pacts are stable at each point ------------------------------------

#: seconds per coalition of a stability scan, for the estimate in the refusal of a sweep that
#: would scan too many coalitions (a 20-country public-good or Barrett scan: about 1.5 s for
#: 2^20 coalitions on one core)
SECONDS_PER_COALITION = 1.5e-6


def _membership_kind(spec: Any, name: str) -> None:
    kind = str(getattr(spec, "kind", "?"))
    if kind != "membership":
        raise ParameterError(f"{name} needs a membership spec, not "
                             f"{'an' if kind[:1] in 'aeiou' else 'a'} {kind} spec",
                             file="--classify",
                             hint="normal-form specs: equilibria, target:NAME or discount:NAME")


def _default_game(spec: Any) -> Any:
    """The game at the spec's parameter values (None when some parameter has no value)."""
    from ..errors import TreatyError

    try:
        return spec.instantiate({})
    except TreatyError:
        return None


def pact_label(members: tuple[str, ...] | list[str]) -> str:
    """A pact as written on the command line: its members joined by ``+`` (``"US+CN"``)."""
    return "+".join(members)


def _best_mask(game: Any, masks: np.ndarray) -> int | None:
    """The pact among *masks* with the largest total payoff, then the most members, then the
    smallest mask (the order of :attr:`StabilityResult.stable`), the totals compared exactly
    in an exact game: the float totals pick the candidates within the tolerance of the best,
    and one representative per orbit of interchangeable countries is summed in Fractions."""
    from ..coalitions._bits import member_matrix, popcount
    from ..coalitions._orbits import Orbits

    if len(masks) == 0:
        return None
    model = game.model
    totals = np.empty(len(masks))
    for start in range(0, len(masks), 1 << 14):
        part = masks[start:start + (1 << 14)]
        totals[start:start + len(part)] = model.payoffs(member_matrix(part, game.n)).sum(axis=1)
    top = totals.max()
    tol = 1e-9 * (np.abs(totals).max() + 1.0) * game.n
    cand = masks[totals >= top - tol]
    if not model.exact:
        return int(masks[np.lexsort((masks, -popcount(masks), -totals))[0]])
    reps, inverse = Orbits(model.types()).group(cand)
    rep_total = [sum(game.payoffs(int(m))) for m in reps.tolist()]
    best = max(rep_total)
    keep = cand[np.asarray([rep_total[k] == best for k in inverse.tolist()], dtype=bool)]
    return int(keep[np.lexsort((keep, -popcount(keep)))[0]])


def _stable_masks(result: Any, membership: str) -> np.ndarray:
    """The stable pacts (at least min_size members) of a scan, from its per-coalition flags."""
    from ..coalitions._rules import EXCLUSIVE_STABLE
    from ..coalitions._stability import BIG

    flags = result.flags
    if membership == "exclusive":
        ok = ((flags & EXCLUSIVE_STABLE) != 0) & ((flags & BIG) != 0)
    else:
        ok = (flags & (3 | BIG)) == (3 | BIG)
    return np.flatnonzero(ok).astype(np.int64)


@dataclass(frozen=True)
class _MembershipClassifier:
    """Shared parts of the membership classifiers: the games point by point, the size check."""

    #: most coalitions a sweep may scan in all (points x 2^countries x scans per point)
    max_coalitions: int = field(default=0, kw_only=True)

    #: stability scans of 2^n coalitions per point
    SCANS = 1

    @property
    def name(self) -> str:  # pragma: no cover - every subclass overrides it
        raise NotImplementedError

    def _games(self, spec: Any, points: Any) -> Iterator[Any]:
        _membership_kind(spec, self.name)
        for j in range(_n(_float_points(points))):
            yield spec.instantiate(_exact_point(points, j))

    def check_design(self, spec: Any, design: Any) -> None:
        """Refuse, before any work, a sweep whose scans would take too long.

        The work is ``points x SCANS x 2^n`` coalitions; beyond :data:`MAX_SWEEP_COALITIONS`
        (or this classifier's ``max_coalitions``) the sweep raises :class:`GameTooLarge` with
        the estimate.  A game beyond the stability scan's own limit
        (:data:`~treaty.coalitions.DEFAULT_MAX_PLAYERS` countries) is refused too.
        """
        from .._progress import format_seconds
        from ..coalitions import DEFAULT_MAX_PLAYERS, check_size
        from ..errors import GameTooLarge, TreatyError
        from ..spec._limits import MAX_SWEEP_COALITIONS

        _membership_kind(spec, self.name)
        points = int(getattr(design, "n", 1))
        if points == 0:
            return
        try:
            game = spec.instantiate(_exact_point(design, 0))
        except TreatyError:  # the point reports its own error when it is classified
            return
        check_size(game.n, DEFAULT_MAX_PLAYERS, f"--classify {self.name}")
        limit = self.max_coalitions or MAX_SWEEP_COALITIONS
        work = points * self.SCANS * (1 << game.n)
        if work > limit:
            raise GameTooLarge(
                f"--classify {self.name} over {points:,} points scans {points:,} x "
                f"{'' if self.SCANS == 1 else f'{self.SCANS} x '}2^{game.n} = {work:,} coalitions, "
                f"more than the limit {limit:,} "
                f"({'max_coalitions' if self.max_coalitions else 'MAX_SWEEP_COALITIONS'}): roughly "
                f"{format_seconds(work * SECONDS_PER_COALITION)}; use fewer points, or in Python "
                f"pass the classifier object with max_coalitions={work}")


@dataclass(frozen=True)
class PactsClassifier(_MembershipClassifier):
    """The stable pacts at each point: ``best_pact`` (the one with the largest total payoff,
    as ``"US+CN"``, or ``"no stable pact"``), ``stable_pacts`` (how many) and
    ``largest_stable_size`` (members of the largest, 0 for none), under the spec's tie rule and
    ``membership`` ``"open"`` or ``"exclusive"`` (columns then end in ``_exclusive``)."""

    membership: str = "open"

    @property
    def name(self) -> str:
        return "pacts" if self.membership == "open" else f"pacts:{self.membership}"

    @property
    def columns(self) -> tuple[str, ...]:
        end = "" if self.membership == "open" else f"_{self.membership}"
        return (f"best_pact{end}", f"stable_pacts{end}", f"largest_stable_size{end}")

    def __call__(self, spec: Any, points: Any) -> dict[str, np.ndarray]:
        from ..coalitions._bits import popcount

        best, count, largest = [], [], []
        for game in self._games(spec, points):
            result = game.stability(membership=self.membership, certify_limit=1, progress=False)
            masks = _stable_masks(result, self.membership)
            m = _best_mask(game, masks)
            best.append("no stable pact" if m is None else pact_label(game.members(m)))
            count.append(int(result.n_stable))
            largest.append(int(popcount(masks).max()) if len(masks) else 0)
        b, c, s = self.columns
        return {b: np.array(best, dtype=object), c: np.array(count, dtype=np.int64),
                s: np.array(largest, dtype=np.int64)}


@dataclass(frozen=True)
class SizeClassifier(_MembershipClassifier):
    """The sizes of the stable pacts at each point (``stable_sizes``: ``"3"``, ``"2, 3"`` or
    ``"none"``), as :attr:`StabilityResult.stable_sizes` but over every stable pact."""

    membership: str = "open"

    @property
    def name(self) -> str:
        return "size" if self.membership == "open" else f"size:{self.membership}"

    @property
    def columns(self) -> tuple[str, ...]:
        return ("stable_sizes" + ("" if self.membership == "open" else f"_{self.membership}"),)

    def __call__(self, spec: Any, points: Any) -> dict[str, np.ndarray]:
        from ..coalitions._bits import popcount

        out = []
        for game in self._games(spec, points):
            result = game.stability(membership=self.membership, certify_limit=1, progress=False)
            sizes = sorted(set(popcount(_stable_masks(result, self.membership)).tolist()))
            out.append(", ".join(map(str, sizes)) or "none")
        return {self.columns[0]: np.array(out, dtype=object)}


@dataclass(frozen=True)
class PotentialClassifier(_MembershipClassifier):
    """The potentially stable pacts with transfers (Carraro, Eyckmans and Finus 2006):
    ``best_potential`` (the one with the largest total payoff, or ``"no potentially stable
    pact"``) and ``potential_pacts`` (how many)."""

    @property
    def name(self) -> str:
        return "potential"

    @property
    def columns(self) -> tuple[str, ...]:
        return ("best_potential", "potential_pacts")

    def __call__(self, spec: Any, points: Any) -> dict[str, np.ndarray]:
        from ..coalitions._rules import POTENTIALLY_STABLE
        from ..coalitions._stability import BIG

        best, count = [], []
        for game in self._games(spec, points):
            result = game.stability(certify_limit=1, progress=False)
            flags = result.flags
            masks = np.flatnonzero(((flags & POTENTIALLY_STABLE) != 0)
                                   & ((flags & BIG) != 0)).astype(np.int64)
            m = _best_mask(game, masks)
            best.append("no potentially stable pact" if m is None else pact_label(game.members(m)))
            count.append(int(result.counts["potentially_stable"]))
        return {"best_potential": np.array(best, dtype=object),
                "potential_pacts": np.array(count, dtype=np.int64)}


@dataclass(frozen=True)
class ClauseClassifier(_MembershipClassifier):
    """The smallest participation clause (:func:`treaty.coalitions.smallest_clause`, from the
    game without the spec's own clause): the threshold (members, or with ``weight`` a share of
    that country attribute, exact) and the pact it makes stable; with ``including``, a pact
    that includes those countries.  ``"none"`` when no clause makes a larger pact stable."""

    weight: str | None = None
    including: tuple[str, ...] = ()

    #: the baseline scan and the pass over the coalitions' threshold intervals
    SCANS = 2

    @property
    def name(self) -> str:
        incl = f"@{'+'.join(self.including)}" if self.including else ""
        return f"clause{':' + self.weight if self.weight else ''}{incl}"

    @property
    def columns(self) -> tuple[str, ...]:
        incl = f"@{'+'.join(self.including)}" if self.including else ""
        base = f"clause{'_' + self.weight if self.weight else ''}{incl}"
        return (base, f"{base}_pact")

    def check(self, game: Any) -> None:
        """Unknown attribute or countries fail before any work (one line, exit code 2)."""
        if self.weight is not None and self.weight not in game.attributes:
            raise ParameterError(f"unknown country attribute {self.weight!r} in "
                                 f"{self.name}", file="--classify",
                                 hint=did_you_mean(self.weight, list(game.attributes))
                                 or "the spec's countries have no numeric attribute")
        for c in self.including:
            if c not in game.players:
                raise ParameterError(f"unknown country {c!r} in {self.name}",
                                     file="--classify", hint=did_you_mean(c, game.players))

    def __call__(self, spec: Any, points: Any) -> dict[str, np.ndarray]:
        from .._exact.numbers import number_to_json
        from ..coalitions import smallest_clause
        from ..coalitions._clause import without_clause

        thresholds, pacts = [], []
        for game in self._games(spec, points):
            self.check(game)
            r = smallest_clause(without_clause(game), weights=self.weight,
                                including=list(self.including) or None)
            thresholds.append(str(number_to_json(r.threshold)) if r.found else "none")
            pacts.append(pact_label(r.members) if r.found else "none")
        t, p = self.columns
        return {t: np.array(thresholds, dtype=object), p: np.array(pacts, dtype=object)}


KINDS = ("equilibria", "target:NAME", "stable:A+B", "discount:NAME", "outcome (game trees)",
         "pacts[:exclusive]", "size[:exclusive]", "potential", "clause[:ATTR][@A+B]")
#: the membership option of pacts: and size:
MEMBERSHIPS = ("open", "exclusive")


def parse_classifier(text: Any, spec: Any = None) -> Classifier:
    """A classifier from its command-line form (or a classifier object, returned as is).

    >>> parse_classifier("target:pact").columns
    ('pact_equilibrium', 'pact_unique')
    """
    if not isinstance(text, str):
        if isinstance(text, Classifier):
            return text
        raise GameError(f"not a classifier: {text!r}")
    kind, _, arg = text.partition(":")
    kind, arg = kind.strip(), arg.strip()
    if getattr(spec, "kind", "") == "extensive-form" and (
            (kind in ("equilibria", "outcome") and not arg) or (kind == "target" and arg)):
        from ._tree import TreeClassifier

        tree = TreeClassifier(arg or None)
        tree.check(spec)
        return tree
    if getattr(spec, "kind", "") == "membership" and kind == "equilibria" and not arg:
        return PactsClassifier()  # the default classifier of a membership spec
    if kind in ("pacts", "size", "potential") or text.strip().startswith("clause"):
        return _membership_classifier(text.strip(), kind, arg, spec)
    if kind == "equilibria" and not arg:
        return EquilibriaClassifier()
    if kind in ("target", "stable", "discount") and arg:
        if kind == "target":
            c: Classifier = TargetClassifier(arg)
        elif kind == "stable":
            c = StableClassifier(arg)
        else:
            c = DiscountClassifier(arg)
        if spec is not None and kind in ("target", "discount"):
            target_index(spec, arg)  # unknown targets fail before any work
        return c
    raise ParameterError(f"unknown classifier {text!r}", file="--classify",
                         hint=f"one of {', '.join(KINDS)}")


def _membership_classifier(text: str, kind: str, arg: str, spec: Any) -> Classifier:
    """``pacts[:open|exclusive]``, ``size[:open|exclusive]``, ``potential`` and
    ``clause[:ATTR][@A+B]``, checked against the spec (when given) before any work."""
    c: _MembershipClassifier
    if kind in ("pacts", "size"):
        membership = arg or "open"
        if membership not in MEMBERSHIPS:
            raise ParameterError(f"unknown membership {arg!r} in {text}",
                                 file="--classify",
                                 hint=f"write {kind} (open membership) or {kind}:exclusive")
        c = PactsClassifier(membership) if kind == "pacts" else SizeClassifier(membership)
    elif kind == "potential":
        if arg:
            raise ParameterError(f"potential takes no argument, got {text!r}",
                                 file="--classify",
                                 hint="potential stability does not depend on the membership rule")
        c = PotentialClassifier()
    else:
        head, at, incl = text[len("clause"):].partition("@")
        if head and not head.startswith(":"):
            raise ParameterError(f"unknown classifier {text!r}", file="--classify",
                                 hint="write clause, clause:ATTR, clause@A+B or clause:ATTR@A+B")
        weight = head[1:].strip() or None
        members = tuple(m.strip() for m in incl.split("+") if m.strip())
        if at and not members:
            raise ParameterError(f"{text}: name the countries after @", file="--classify",
                                 hint="e.g. clause@SEA or clause:compute@SEA+AE")
        cc = ClauseClassifier(weight, members)
        if spec is not None:
            _membership_kind(spec, cc.name)
            game = _default_game(spec)
            if game is not None:
                cc.check(game)
        return cc
    if spec is not None:
        _membership_kind(spec, c.name)
    return c
