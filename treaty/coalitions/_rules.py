"""Membership rules: exclusive membership, and potential stability with the optimal sharing rule.

``pi_i(S)`` is country i's payoff when coalition S forms and the others act alone; the tie rule
(:class:`TieRule`) says what an indifferent member or outsider does.

Exclusive membership
    Under open membership anyone may join, so S is stable when it is internally and
    externally stable.  Under *exclusive* membership the members decide who gets in, by
    unanimity: an outsider j who would gain by joining (``pi_j(S + j) > pi_j(S)``, or ``=``
    when the tie rule lets an indifferent outsider join) is *refused* when some member
    ``i in S`` would be strictly worse off with it, ``pi_i(S + j) < pi_i(S)``; an indifferent
    member does not veto.  S is stable under exclusive membership when it is internally
    stable and every outsider who wants in is refused (Yi 1997, "Stable coalition structures
    with externalities", Games Econ. Behav. 20: the exclusive membership game; Finus 2003,
    "Stability and design of international environmental agreements: the case of
    transboundary pollution", in Folmer and Tietenberg (eds.), International Yearbook of
    Environmental and Resource Economics).  Every externally stable coalition that is
    internally stable is also stable under exclusive membership; the rule adds the coalitions
    whose would-be entrants hurt a member, such as low-benefit, high-cost countries that
    raise the members' abatement without abating much themselves.

Potential stability (Carraro, Eyckmans and Finus 2006, "Optimal transfers and participation
decisions in international environmental agreements", Rev. Int. Organ. 1)
    S is potentially internally stable (PIS) when its members' joint payoff covers their
    outside options, ``sum_{i in S} pi_i(S) >= sum_{i in S} pi_i(S - i)``: transfers among
    the members can then pay each one at least what it gets by leaving.  S is *potentially
    stable* when it is PIS and no enlargement ``S + j`` (j not in S) is PIS.  Ties: an
    enlargement whose surplus is exactly 0 counts as PIS (its members can be paid their
    outside options exactly), so it makes S not potentially stable; S itself may have
    surplus exactly 0.  The *optimal sharing rule* gives each member
    ``x_i = pi_i(S - i) + lambda_i * surplus(S)`` with ``lambda_i >= 0`` summing to one
    (equal shares here).  It stabilises a potentially stable S: no member gains by leaving
    (``x_i >= pi_i(S - i)``) and an outsider j that joined would receive, under the same
    rule in ``S + j``, ``pi_j(S) + lambda_j * surplus(S + j) < pi_j(S)``, its payoff outside.

Algorithm
    Both rules run after the stability scan, from its per-coalition flags.  Potential
    stability needs only the PIS bit: "some ``S + j`` is PIS" is an OR over the n bit
    positions, ``O(n 2^n)`` vectorised bit operations.  Exclusive membership looks only at the
    coalitions that are internally but not externally stable; for each outsider j it
    evaluates the payoff matrix of ``S + j`` in one vectorised batch and compares it with
    ``S``'s (``O(m n^2)`` for m such coalitions).  In an exact game, comparisons within the
    float tolerance are re-decided in exact arithmetic.  Every reported coalition is then
    re-checked from the definitions with the model's exact evaluation.

    Exact evaluation of many coalitions (:func:`_evaluate`) is done once per orbit of
    coalitions under swaps of interchangeable countries (:class:`Orbits`, the same
    reduction as the scan's), with the model's integer form when it has one (payoffs times
    a common scale, int64 or Python ints), else in Fractions put over their least common
    denominator; values are spread to the orbit's coalitions by
    :meth:`Orbits.spread_rows` and checked against the float payoffs.  Reported coalitions
    and their sharing rules are built from the integers in one batch (one Fraction per
    reported number).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from fractions import Fraction
from typing import Any

import numpy as np

from .._progress import Progress
from ..errors import GameError, SolverError, did_you_mean
from ._bits import BIG as _BIG
from ._bits import EXCLUSIVE_STABLE, POTENTIALLY_STABLE, member_matrix, popcount
from ._bits import EXTERNAL as _EXTERNAL
from ._bits import INTERNAL as _INTERNAL
from ._bits import PIS as _PIS
from ._models import PayoffModel
from ._orbits import Orbits
from ._results import Coalition, TransferScheme

__all__ = [
    "MEMBERSHIPS",
    "EXCLUSIVE_STABLE",
    "POTENTIALLY_STABLE",
    "membership_rule",
    "RulesOutcome",
    "apply_rules",
    "exclusive_flags",
    "potential_flags",
    "certify_exclusive",
    "certify_exclusive_many",
    "certify_potential",
    "certify_potential_many",
    "sharing_rule",
    "check_orbit_payoffs",
    "conditions",
]

#: membership rules of the stability scan
MEMBERSHIPS = ("open", "exclusive")
#: coalitions per vectorised batch of the exclusive check
_BATCH = 1 << 12
#: coalitions certified (payoffs, flips and reported objects built) per block
_CERTIFY_BLOCK = 1 << 10


def membership_rule(membership: str) -> str:
    """Validate a membership rule name (``"open"`` or ``"exclusive"``)."""
    name = str(membership)
    if name not in MEMBERSHIPS:
        raise GameError(f"unknown membership rule {membership!r} "
                        f"({did_you_mean(name, MEMBERSHIPS)})")
    return name


@dataclass(frozen=True)
class RulesOutcome:
    """What :func:`apply_rules` adds to a stability scan."""

    #: exclusive membership: certified exclusively stable coalitions (ranked), else ()
    stable: tuple[Coalition, ...]
    #: exclusive membership: number of exclusively stable coalitions of size >= min_size
    n_stable: int
    potentially_stable: tuple[Coalition, ...]
    n_potentially_stable: int
    #: False when too many near-ties were left to the float decision
    exact: bool


def _sign(a: Any, b: Any) -> int:
    from ._stability import _sign as sign

    return sign(a, b)


def _tolerances() -> tuple[float, float]:
    from ._stability import ATOL, RTOL

    return RTOL, ATOL


# -- the flag passes --------------------------------------------------------------------------


def potential_flags(flags: np.ndarray, n: int) -> np.ndarray:
    """Set :data:`POTENTIALLY_STABLE` on every coalition that is PIS with no PIS enlargement.

    ``flags`` (uint8, length ``2^n``, indexed by mask) must carry the scan's PIS bit (8).
    Returns the boolean array of potentially stable coalitions.  For each bit j the masks
    split into pairs ``(S, S + j)`` as the two middle slices of a ``(-1, 2, 2^j)`` view, so
    "some enlargement is PIS" is n vectorised ORs: ``O(n 2^n)`` byte operations.
    """
    pis = (flags & _PIS) != 0
    grows = np.zeros_like(pis)
    for j in range(n):
        view = pis.reshape(-1, 2, 1 << j)
        out = grows.reshape(-1, 2, 1 << j)
        out[:, 0, :] |= view[:, 1, :]
    ps = pis & ~grows
    flags |= ps.astype(np.uint8) * np.uint8(POTENTIALLY_STABLE)
    return ps


def exclusive_flags(model: PayoffModel, flags: np.ndarray, outsider_joins: bool, *,
                    exact_limit: int = 200_000, progress: bool | None = None) -> bool:
    """Set :data:`EXCLUSIVE_STABLE` on every coalition stable under exclusive membership.

    Internally and externally stable coalitions are; of the internally stable but not
    externally stable ones, those whose every would-be entrant is refused by a member who
    would be strictly worse off (the scan's INTERNAL bit already applies the members' tie
    rule).  Returns False when an exact game had more than *exact_limit* near-tie
    comparisons, left to the float decision.
    """
    n = model.n
    rtol, atol = _tolerances()
    internal = (flags & _INTERNAL) != 0
    external = (flags & _EXTERNAL) != 0
    flags |= (internal & external).astype(np.uint8) * np.uint8(EXCLUSIVE_STABLE)
    cand = np.flatnonzero(internal & ~external).astype(np.int64)
    ok = np.ones(len(cand), dtype=bool)
    # (indices into cand, entrant j, float decision) of comparisons too close to call
    pending: list[tuple[np.ndarray, int, np.ndarray]] = []
    bar = Progress(len(cand), "exclusive membership", enabled=progress, unit="coalitions")
    with np.errstate(all="ignore"):
        for start in range(0, len(cand), _BATCH):
            idx = np.arange(start, min(start + _BATCH, len(cand)))
            x = member_matrix(cand[idx], n)
            p = model.payoffs(x)
            for j in range(n):
                sel = ~x[:, j] & ok[idx]
                if not sel.any():
                    continue
                xs = x[sel]
                y = xs.copy()
                y[:, j] = True
                q = model.payoffs(y)
                ps = p[sel]
                d = q - ps
                near = np.abs(d) <= rtol * (np.abs(q) + np.abs(ps)) + atol
                dj, nearj = d[:, j], near[:, j]
                wants = (dj > 0) & ~nearj | (nearj & outsider_joins)
                refused = np.any((d < 0) & ~near & xs, axis=1)
                decided = ~wants | refused
                if model.exact:
                    amb = ~refused & (nearj | (wants & np.any(near & xs, axis=1)))
                    if amb.any():
                        pending.append((idx[sel][amb], j, decided[amb]))
                    decided = decided | amb
                ok[idx[sel]] &= decided
            bar.update(len(idx))
    bar.close()
    exact = True
    n_pending = sum(len(a) for a, _, _ in pending)
    if n_pending > exact_limit:
        exact = False
        for where, _, dec in pending:
            ok[where] &= dec
    elif n_pending:
        where = np.concatenate([w for w, _, _ in pending])
        js = np.concatenate([np.full(len(w), j, dtype=np.int64) for w, j, _ in pending])
        with Progress(n_pending, "exclusive membership, exact", enabled=progress,
                      unit="comparisons") as tie_bar:
            for start in range(0, n_pending, _BATCH):
                k, jk = where[start:start + _BATCH], js[start:start + _BATCH]
                wanting, refused = _entries(model, cand[k], jk, outsider_joins)
                ok[k] &= ~wanting | refused
                tie_bar.update(len(k))
    flags[cand[ok]] |= np.uint8(EXCLUSIVE_STABLE)
    return exact


# -- exact evaluation of many coalitions ------------------------------------------------------


def _integer_form(model: PayoffModel) -> int | None:
    """The model's positive integer scale when it has an exact integer form, else None."""
    scale = model.integer_scale() if model.exact else None
    return int(scale) if scale else None


def _orbits(model: PayoffModel) -> Orbits | None:
    """The orbits of coalitions of an exact model with interchangeable countries
    (:meth:`PayoffModel.types`, :mod:`treaty.coalitions._orbits`), else None."""
    return None if model.n > 62 else model.exact_orbits()


def _evaluate(model: PayoffModel, masks: np.ndarray, flips: bool
              ) -> tuple[np.ndarray, np.ndarray | None, Any]:
    """Payoffs ``P[s, i] = pi_i(S_s)`` (and flips ``pi_i(S_s xor i)``) of many coalitions.

    Exact models: integers scaled by a common positive factor (the model's integer form;
    comparisons of entries are exact comparisons of payoffs), or, without an integer form,
    object arrays of Fractions from the model's exact evaluation.  Either way each orbit of
    coalitions under swaps of interchangeable countries is evaluated once, at a
    representative, and its values spread to the orbit's other coalitions type by type and
    side by side (:meth:`Orbits.spread_rows`).  Float models: float arrays, every coalition.
    Returns ``(P, F or None, scale)``; scale is None for floats.
    """
    masks = np.asarray(masks, dtype=np.int64)
    orbits = _orbits(model)
    if orbits is None or len(masks) == 0:
        return _evaluate_rows(model, masks, flips)
    reps, inverse = orbits.group(masks)
    if len(reps) == len(masks):
        return _evaluate_rows(model, masks, flips)
    p, f, scale = _evaluate_rows(model, reps, flips)
    rx = member_matrix(reps, model.n)
    x = member_matrix(masks, model.n)
    pay = orbits.spread_rows(rx, p, x, inverse)
    d = int(scale)  # int / int is correctly rounded, even beyond the float range of d
    check_orbit_payoffs(model, masks, x, np.asarray([[float(v / d) for v in row]
                                                     for row in pay.tolist()], dtype=np.float64))
    return pay, None if f is None else orbits.spread_rows(rx, f, x, inverse), scale


def check_orbit_payoffs(model: PayoffModel, masks: np.ndarray, x: np.ndarray, want: np.ndarray
                        ) -> None:
    """Safeguard of the orbit reduction (:mod:`treaty.coalitions._orbits`).

    The payoffs *want* (floats, shape ``(m, n)``) that the coalitions *masks* (member matrix
    *x*) were given from their orbits' representatives must agree with the model's float
    payoffs of each coalition, to ``1e-6`` of the larger payoff in the row.

    Raises
    ------
    SolverError
        When they do not: countries the model declares interchangeable are not (a bug).
    """
    got = model.payoffs(x)
    size = np.abs(got).max(axis=1, keepdims=True) + np.abs(want).max(axis=1, keepdims=True)
    bad = ~(np.abs(got - want) <= 1e-6 * size + _tolerances()[1])
    if bad.any():
        s, i = (int(v[0]) for v in np.nonzero(bad))
        raise SolverError(f"coalition {int(masks[s]):#x}: country {i}'s payoff {got[s, i]!r} "
                          f"differs from its orbit's exact payoff {want[s, i]!r} (countries "
                          "declared interchangeable are not); please report this bug")


def _evaluate_rows(model: PayoffModel, masks: np.ndarray, flips: bool
                   ) -> tuple[np.ndarray, np.ndarray | None, Any]:
    """:func:`_evaluate` of every coalition on its own."""
    n = model.n
    scale = _integer_form(model)
    use_int = scale is not None
    parts_p: list[np.ndarray] = []
    parts_f: list[np.ndarray] = []
    for start in range(0, max(len(masks), 1), _BATCH):
        x = member_matrix(masks[start:start + _BATCH], n)
        pf: Any = None
        if not model.exact:
            pf = model.payoffs_and_flips(x) if flips else (model.payoffs(x), None)
        else:
            if use_int:
                pf = (model.integer_payoffs_and_flips(x) if flips
                      else (model.integer_payoffs(x), None))
                if pf is None or pf[0] is None:
                    if start:  # pragma: no cover - an integer form that stopped answering
                        raise SolverError("the model's integer form failed part-way")
                    use_int = False
            if not use_int:
                pf = _exact_rows(model, x, flips)
        parts_p.append(pf[0])
        if flips:
            parts_f.append(pf[1])
    p = np.concatenate(parts_p) if len(parts_p) > 1 else parts_p[0]
    f = None if not flips else np.concatenate(parts_f) if len(parts_f) > 1 else parts_f[0]
    if model.exact and not use_int:
        scaled = _common_denominator(p, f)
        if scaled is not None:
            return scaled
    return p, f, (None if not model.exact else scale if use_int else 1)


def _common_denominator(p: np.ndarray, f: np.ndarray | None
                        ) -> tuple[np.ndarray, np.ndarray | None, int] | None:
    """Exact values (Fractions) as integers over their least common denominator d:
    ``(d P, d F, d)``, int64 when every entry (and every sum of ``4 n`` of them) fits, else
    Python ints; None when some entry is not rational (then the values stay as they are).
    Comparisons and sums of the integers are those of the values, and the reported numbers
    are built from them in one batch (:meth:`_Checked.coalitions`)."""
    import math

    rows = p.tolist() + ([] if f is None else f.tolist())
    try:
        dens = {v.denominator for row in rows for v in row}
    except AttributeError:
        return None
    d = math.lcm(*dens) if dens else 1
    factor = {den: d // den for den in dens}
    ints = [[v.numerator * factor[v.denominator] for v in row] for row in rows]
    big = max((abs(v) for row in ints for v in row), default=0)
    dtype: Any = np.int64 if big * 4 * (p.shape[1] + 1) < 1 << 62 else object
    out = np.empty((len(ints), p.shape[1]), dtype=dtype)
    for r, row in enumerate(ints):
        out[r, :] = row
    return out[:len(p)], (None if f is None else out[len(p):]), d


def _exact_rows(model: PayoffModel, x: np.ndarray, flips: bool
                ) -> tuple[np.ndarray, np.ndarray | None]:
    """Exact payoffs (and flips) of the coalitions of member matrix *x*, as Fractions, one
    model evaluation per row (:func:`_evaluate` passes one row per orbit)."""
    n = model.n
    rows = [model.exact_payoffs_and_flips(list(r)) if flips else (model.exact_payoffs(list(r)), ())
            for r in x.tolist()]
    p = _object_rows([r[0] for r in rows], n)
    f = _object_rows([r[1] for r in rows], n) if flips else None
    return p, f


def _object_rows(rows: Sequence[Sequence[Any]], n: int) -> np.ndarray:
    out = np.empty((len(rows), n), dtype=object)
    for r, row in enumerate(rows):
        out[r, :] = list(row)
    return out


def _cmp(a: np.ndarray, b: np.ndarray, exact: bool) -> np.ndarray:
    """Elementwise sign of ``a - b`` (int8): exact, or with the scan's tolerance for floats."""
    gt = np.asarray(a > b, dtype=bool)
    lt = np.asarray(a < b, dtype=bool)
    if not exact:
        rtol, atol = _tolerances()
        af, bf = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
        tie = np.abs(af - bf) <= rtol * (np.abs(af) + np.abs(bf)) + atol
        gt, lt = gt & ~tie, lt & ~tie
    return gt.astype(np.int8) - lt.astype(np.int8)


def _value(v: Any, scale: Any) -> Any:
    """One entry of :func:`_evaluate` as a payoff: a Fraction when exact, else a float."""
    if scale is None:
        return float(v)
    if isinstance(v, Fraction):
        return v if scale == 1 else v / scale
    return Fraction(int(v), int(scale))


def _surplus_signs(p: np.ndarray, f: np.ndarray, x: np.ndarray, exact: bool
                   ) -> tuple[np.ndarray, np.ndarray]:
    """Per row ``sum_{i in S} (P - F)`` and its sign; floats within the scan's tolerance
    summed over the members, ``RTOL (|P| + |F|) + ATOL`` each, count as 0 (as in the scan)."""
    zero = p.dtype.type(0) if p.dtype != object else 0
    surplus = np.where(x, p - f, zero).sum(axis=1)
    if exact:
        sign = (np.asarray(surplus > 0, dtype=np.int8) - np.asarray(surplus < 0, dtype=np.int8))
        return surplus, sign
    rtol, atol = _tolerances()
    tol = np.where(x, rtol * (np.abs(p) + np.abs(f)) + atol, 0.0).sum(axis=1)
    sign = np.where(np.abs(surplus) <= tol, 0, np.sign(surplus)).astype(np.int8)
    return surplus, sign


def _entries(model: PayoffModel, masks: np.ndarray, js: np.ndarray,
             outsider_joins: bool) -> tuple[np.ndarray, np.ndarray]:
    """For pairs ``(S, j)``, j not in S: whether j wants in, and whether a member refuses.

    Exact when the model is: ``pi_j(S + j)`` against ``pi_j(S)``, and for every member i
    ``pi_i(S + j) < pi_i(S)`` strictly (``pi(S)`` and ``pi(S + j)`` evaluated in one call
    of :func:`_evaluate`, so on one scale).
    """
    n = model.n
    masks = np.asarray(masks, dtype=np.int64)
    both, _, scale = _evaluate(model, np.concatenate([masks, masks | (np.int64(1) << js)]),
                               False)
    pay, after = both[:len(masks)], both[len(masks):]
    exact = scale is not None
    rows = np.arange(len(masks))
    sj = _cmp(after[rows, js], pay[rows, js], exact)
    wanting = (sj > 0) | ((sj == 0) & outsider_joins)
    x = member_matrix(masks, n)
    refused = np.any((_cmp(after, pay, exact) < 0) & x, axis=1)
    return wanting, refused


# -- certification ----------------------------------------------------------------------------


def _rank(model: PayoffModel, masks: np.ndarray, limit: int) -> list[int]:
    """The *limit* best masks by total payoff (float), then size, then mask."""
    if len(masks) == 0:
        return []
    totals = np.empty(len(masks))
    for start in range(0, len(masks), 1 << 14):
        part = masks[start:start + (1 << 14)]
        totals[start:start + len(part)] = model.payoffs(member_matrix(part, model.n)).sum(axis=1)
    order = np.lexsort((masks, -popcount(masks), -totals))[:limit]
    return [int(m) for m in masks[order].tolist()]


@dataclass
class _Checked:
    """Coalitions re-evaluated from the definitions (see :func:`_check_rows`)."""

    masks: np.ndarray
    x: np.ndarray
    p: np.ndarray
    f: np.ndarray
    scale: Any
    internal: np.ndarray
    external: np.ndarray
    profitable: np.ndarray
    surplus: np.ndarray
    surplus_sign: np.ndarray

    @property
    def exact(self) -> bool:
        return self.scale is not None

    def take(self, rows: np.ndarray) -> _Checked:
        """The rows *rows* only."""
        return _Checked(self.masks[rows], self.x[rows], self.p[rows], self.f[rows], self.scale,
                        self.internal[rows], self.external[rows], self.profitable[rows],
                        self.surplus[rows], self.surplus_sign[rows])

    def coalition(self, r: int, players: Sequence[str], sharing: bool = False,
                  **extra: Any) -> Coalition:
        """Row r as a :class:`Coalition`; with *sharing*, its optimal sharing rule."""
        n = len(players)
        m = int(self.masks[r])
        pay = tuple(_value(v, self.scale) for v in self.p[r])
        if sharing:
            flips = [_value(v, self.scale) if (m >> i) & 1 else None
                     for i, v in enumerate(self.f[r])]
            extra["sharing"] = sharing_rule(players, m, pay, flips)
        return Coalition(mask=m, members=tuple(players[i] for i in range(n) if (m >> i) & 1),
                         payoffs=pay, total=_value(self.p[r].sum(), self.scale),
                         internal=bool(self.internal[r]), external=bool(self.external[r]),
                         profitable=bool(self.profitable[r]),
                         potentially_internal=bool(self.surplus_sign[r] >= 0),
                         surplus=_value(self.surplus[r], self.scale), **extra)

    def coalitions(self, players: Sequence[str], sharing: bool = False,
                   extras: Sequence[dict[str, Any]] | None = None) -> list[Coalition]:
        """Every row as a :class:`Coalition` (:meth:`coalition`), built in one batch.

        With an integer form (payoffs ``P``, flips ``F``, surplus ``s`` scaled by ``d``) the
        sharing rule is computed in integers too: ``x_i = (k F_i + s) / (k d)`` and the
        transfer ``x_i - pi_i(S) = (k (F_i - P_i) + s) / (k d)`` for k members, so each
        reported number is one Fraction of two integers, the same value as
        :func:`sharing_rule` computes from the Fractions (about 5x faster).
        """
        extras = extras if extras is not None else [{}] * len(self.masks)
        if self.scale is None or self.p.dtype == object and any(
                isinstance(v, Fraction) for v in self.p[:1].ravel()):
            return [self.coalition(r, players, sharing, **extras[r])
                    for r in range(len(self.masks))]
        frac = Fraction
        d = int(self.scale)
        n = len(players)
        out = []
        for m, prow, frow, sur, sign, inn, ext, prof, extra in zip(
                self.masks.tolist(), self.p.tolist(), self.f.tolist(), self.surplus.tolist(),
                self.surplus_sign.tolist(), self.internal.tolist(), self.external.tolist(),
                self.profitable.tolist(), extras):
            pay = tuple([frac(v, d) for v in prow])  # tolist(): Python ints
            members = [i for i in range(n) if (m >> i) & 1]
            surplus = frac(sur, d)
            if sharing:
                k = len(members)
                kd = k * d
                fm = [frow[i] for i in members]
                pm = [prow[i] for i in members]
                extra = dict(extra)
                extra["sharing"] = TransferScheme(
                    members=tuple(players[i] for i in members),
                    weights=(frac(1, k),) * k,
                    outside=tuple([frac(v, d) for v in fm]),
                    payoffs=tuple([pay[i] for i in members]),
                    shares=tuple([frac(k * v + sur, kd) for v in fm]),
                    transfers=tuple([frac(k * (v - w) + sur, kd) for v, w in zip(fm, pm)]),
                    surplus=surplus, feasible=sur >= 0)
            out.append(Coalition(mask=m, members=tuple(players[i] for i in members),
                                 payoffs=pay, total=frac(sum(prow), d), internal=bool(inn),
                                 external=bool(ext), profitable=bool(prof),
                                 potentially_internal=sign >= 0, surplus=surplus, **extra))
        return out


def _check_rows(model: PayoffModel, masks: Sequence[int], member_stays: bool,
                outsider_joins: bool) -> _Checked:
    """Internal and external stability, profitability and PIS of each coalition, decided
    from ``pi(S)`` and ``pi_i(S xor i)`` evaluated afresh (exactly for exact models)."""
    n = model.n
    masks_a = np.asarray(list(masks), dtype=np.int64)
    # the no-pact payoffs in the same call: one scale for every entry
    p, f, scale = _evaluate(model, np.append(masks_a, np.int64(0)), True)
    assert f is not None
    p, f, empty = p[:-1], f[:-1], p[-1:]
    x = member_matrix(masks_a, n)
    return _Checked(masks_a, x, p, f, scale,
                    *conditions(x, p, f, empty, member_stays, outsider_joins, scale is not None))


def conditions(x: np.ndarray, p: np.ndarray, f: np.ndarray, empty: np.ndarray,
               member_stays: bool, outsider_joins: bool, exact: bool
               ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The stability conditions of the coalitions of member matrix *x*, from the definitions.

    *p* holds ``pi_i(S)``, *f* ``pi_i(S xor i)`` and *empty* (shape ``(1, n)`` or ``(n,)``)
    the no-pact payoffs, all on one scale: exact values (Fractions, or integers times a
    common positive scale) when *exact*, else floats compared with the scan's tolerance.
    Returns ``(internal, external, profitable, surplus, surplus_sign)`` per row: internal
    stability (no member gains by leaving; an indifferent one stays when *member_stays*),
    external stability (no outsider gains by joining; an indifferent one joins when
    *outsider_joins*), profitability (every member gets at least its no-pact payoff) and the
    PIS surplus ``sum_{i in S} pi_i(S) - pi_i(S - i)`` with its sign (Carraro, Eyckmans and
    Finus 2006).
    """
    s = _cmp(p, f, exact)
    internal = np.all(~x | (s > 0) | ((s == 0) & member_stays), axis=1)
    external = np.all(x | (s > 0) | ((s == 0) & (not outsider_joins)), axis=1)
    profitable = np.all(~x | (_cmp(p, np.broadcast_to(empty, p.shape), exact) >= 0), axis=1)
    surplus, sign = _surplus_signs(p, f, x, exact)
    return internal, external, profitable, surplus, sign


def sharing_rule(players: Sequence[str], mask: int, p: Sequence[Any], flips: Sequence[Any],
                 weights: Sequence[Any] | None = None) -> TransferScheme:
    """The optimal sharing rule ``x_i = pi_i(S - i) + lambda_i * surplus`` of coalition S.

    Carraro, Eyckmans and Finus (2006), "Optimal transfers and participation decisions in
    international environmental agreements", Rev. Int. Organ. 1: each member gets its outside
    option plus the share ``lambda_i`` of the surplus ``sum_{i in S} pi_i(S) - pi_i(S - i)``.

    Parameters
    ----------
    players : sequence of str
    mask : int
        The coalition S.
    p : sequence
        ``pi_i(S)`` for every country.
    flips : sequence
        ``pi_i(S - i)`` for every member i (other entries are not read).
    weights : sequence, optional
        ``lambda_i`` per member (validated by the caller); default equal shares.

    Returns
    -------
    TransferScheme
        Exact (Fractions) when the payoffs are; ``feasible`` when the surplus is not negative.
    """
    members = [i for i in range(len(p)) if (mask >> i) & 1]
    outside = [flips[i] for i in members]
    pay = [p[i] for i in members]
    exact = all(isinstance(v, Fraction) for v in (*outside, *pay))
    if weights is None:
        weights = [Fraction(1, len(members)) if exact else 1.0 / len(members)] * len(members)
    surplus = sum(pay, Fraction(0)) - sum(outside, Fraction(0))
    shares = tuple(o + w * surplus for o, w in zip(outside, weights))
    return TransferScheme(members=tuple(players[i] for i in members), weights=tuple(weights),
                          outside=tuple(outside), payoffs=tuple(pay), shares=shares,
                          transfers=tuple(s - v for s, v in zip(shares, pay)), surplus=surplus,
                          feasible=_sign(surplus, 0) >= 0)


def certify_exclusive_many(model: PayoffModel, players: Sequence[str], masks: Sequence[int],
                           member_stays: bool, outsider_joins: bool) -> list[Coalition]:
    """Coalitions under exclusive membership, decided from the definitions.

    Evaluates ``pi(S)`` and its flips (``pi_i(S - i)`` for members, ``pi_j(S + j)`` for
    outsiders), and for each outsider who wants in the whole payoff vector of ``S + j``,
    exactly for exact models.  Each returned :class:`Coalition` lists the refused and the
    admitted entrants; its ``stable`` says whether S is stable under exclusive membership.
    """
    n = model.n
    if len(masks) == 0:
        return []
    chk = _check_rows(model, masks, member_stays, outsider_joins)
    sj = _cmp(chk.f, chk.p, chk.exact)  # outsiders: pi_j(S + j) against pi_j(S)
    want = ~chk.x & ((sj > 0) | ((sj == 0) & outsider_joins))
    rows, js = np.nonzero(want)
    refused = np.zeros(want.shape, dtype=bool)
    if len(rows):
        _, ref = _entries(model, chk.masks[rows], js.astype(np.int64),
                          outsider_joins)
        refused[rows, js] = ref
    extras = [{"membership": "exclusive",
               "refused": tuple(players[j] for j in range(n) if ref[j]),
               "admitted": tuple(players[j] for j in range(n) if w[j] and not ref[j])}
              for ref, w in zip(refused.tolist(), want.tolist())]
    return chk.coalitions(players, extras=extras)


def certify_exclusive(model: PayoffModel, players: Sequence[str], mask: int,
                      member_stays: bool, outsider_joins: bool) -> Coalition:
    """One coalition under exclusive membership (:func:`certify_exclusive_many`)."""
    return certify_exclusive_many(model, players, [mask], member_stays, outsider_joins)[0]


def certify_potential_many(model: PayoffModel, players: Sequence[str], masks: Sequence[int],
                           member_stays: bool, outsider_joins: bool, *,
                           grows: np.ndarray | None = None) -> list[Coalition | None]:
    """Coalitions checked for potential stability from the definitions.

    For each S: the :class:`Coalition` with its optimal sharing rule when S is PIS and no
    ``S + j`` is (a zero surplus counts as PIS), else None.  S itself is evaluated exactly
    (for exact models).  The surplus of every enlargement is evaluated afresh, each
    distinct enlargement once (one per orbit of coalitions when countries are
    interchangeable): exactly when the model's integer form is in machine integers (int64);
    otherwise (no integer form, or one in Python ints) in floats, with every sign within
    the scan's tolerance re-decided exactly (in Python ints or Fractions).  That is the
    scan's own standard for every negative decision ("S is not stable", here "S + j is not
    PIS"); what is claimed about S itself (its payoffs, surplus and sharing rule) is always
    exact.  (Every enlargement in Python ints would cost about as much as the whole float
    scan: 4,000 potentially stable pacts of 18 countries, 25,000 enlargements.)
    ``O(m n)`` coalition evaluations for m coalitions.  *grows*: :func:`_grows_pis` of
    *masks* when already known.
    """
    if len(masks) == 0:
        return []
    chk = _check_rows(model, masks, member_stays, outsider_joins)
    grows_pis = _grows_pis(model, chk.masks) if grows is None else np.asarray(grows, dtype=bool)
    good = (chk.masks != 0) & (chk.surplus_sign >= 0) & ~grows_pis
    built = iter(chk.take(np.flatnonzero(good)).coalitions(players, sharing=True))
    return [next(built) if ok else None for ok in good.tolist()]


def _grows_pis(model: PayoffModel, masks: np.ndarray) -> np.ndarray:
    """For each coalition: whether some enlargement ``S + j`` is PIS (surplus >= 0), each
    distinct enlargement (each orbit of them) decided once by :func:`_pis_signs`."""
    masks = np.asarray(masks, dtype=np.int64)
    grows = np.zeros(len(masks), dtype=bool)
    x = member_matrix(masks, model.n)
    rows, js = np.nonzero(~x)
    if len(rows):
        grown = masks[rows] | (np.int64(1) << js.astype(np.int64))
        uniq, inv = np.unique(grown, return_inverse=True)
        np.logical_or.at(grows, rows, _pis_signs(model, uniq)[inv.ravel()] >= 0)
    return grows


def _pis_signs(model: PayoffModel, masks: np.ndarray) -> np.ndarray:
    """Sign of each coalition's surplus ``sum_{i in S} pi_i(S) - pi_i(S - i)`` (int8), decided
    once per orbit of coalitions (:func:`_orbits`)."""
    orbits = _orbits(model)
    if orbits is None:
        return _pis_signs_rows(model, masks)
    reps, inverse = orbits.group(masks)
    return _pis_signs_rows(model, reps)[inverse]


def _machine_integer_form(model: PayoffModel) -> bool:
    """True when the exact model has an integer form in machine integers (int64 arrays:
    exact decisions at the speed of float arithmetic); False without one, or when its
    integers are Python ints (object arrays, tens of times slower than floats)."""
    if _integer_form(model) is None:
        return False
    probe = model.integer_payoffs(np.zeros((1, model.n), dtype=bool))
    return probe is not None and np.asarray(probe).dtype != object


def _pis_signs_rows(model: PayoffModel, masks: np.ndarray) -> np.ndarray:
    """:func:`_pis_signs` of every coalition on its own, in blocks (bounded memory)."""
    if len(masks) > _BATCH:
        return np.concatenate([_pis_signs_rows(model, masks[start:start + _BATCH])
                               for start in range(0, len(masks), _BATCH)])
    x = member_matrix(masks, model.n)
    if not model.exact or _machine_integer_form(model):
        p, f, scale = _evaluate_rows(model, masks, True)
        assert f is not None
        return _surplus_signs(p, f, x, scale is not None)[1]
    p, f = model.payoffs_and_flips(x)
    sign = _surplus_signs(p, f, x, False)[1]
    near = np.flatnonzero(sign == 0)
    if len(near):
        pe, fe, _ = _evaluate_rows(model, masks[near], True)
        assert fe is not None
        sign[near] = _surplus_signs(pe, fe, x[near], True)[1]
    return sign


def certify_potential(model: PayoffModel, players: Sequence[str], mask: int,
                      member_stays: bool, outsider_joins: bool) -> Coalition | None:
    """One coalition checked for potential stability (:func:`certify_potential_many`)."""
    return certify_potential_many(model, players, [mask], member_stays, outsider_joins)[0]


# -- the pass the scan calls ------------------------------------------------------------------


def apply_rules(model: PayoffModel, players: Sequence[str], flags: np.ndarray, *,
                membership: str, member_stays: bool, outsider_joins: bool,
                open_stable: Sequence[Coalition] = (), certify_limit: int = 10_000,
                exact_limit: int = 200_000, progress: bool | None = None) -> RulesOutcome:
    """Exclusive membership (when asked) and potential stability, from the scan's flags.

    Parameters
    ----------
    model, players
        As for :func:`stability_scan`.
    flags : ndarray of uint8
        The scan's per-coalition flags; :data:`EXCLUSIVE_STABLE` (exclusive scans only) and
        :data:`POTENTIALLY_STABLE` are set in place.
    membership : str
        ``"open"`` or ``"exclusive"``.
    open_stable : sequence of Coalition
        The scan's certified stable coalitions (reused under exclusive membership: each is
        stable under exclusive membership too, with nobody refused).
    certify_limit : int
        At most this many coalitions of each list are ranked, re-checked and reported.
    exact_limit : int
        At most this many near-tie comparisons are re-decided exactly.

    Returns
    -------
    RulesOutcome
    """
    n = model.n
    membership = membership_rule(membership)
    big = (flags & _BIG) != 0
    exact = True
    stable: tuple[Coalition, ...] = ()
    n_stable = 0
    if membership == "exclusive":
        exact = exclusive_flags(model, flags, outsider_joins, exact_limit=exact_limit,
                                progress=progress)
        masks = np.flatnonzero(((flags & EXCLUSIVE_STABLE) != 0) & big).astype(np.int64)
        n_stable = len(masks)
        known = {c.mask: replace(c, membership="exclusive") for c in open_stable}
        top = _rank(model, masks, certify_limit)
        fresh = [m for m in top if m not in known]
        for start in range(0, len(fresh), _CERTIFY_BLOCK):
            block = fresh[start:start + _CERTIFY_BLOCK]
            for c in certify_exclusive_many(model, players, block, member_stays, outsider_joins):
                if not c.stable:
                    raise SolverError(f"coalition {c.mask:#x} failed its certification under "
                                      "exclusive membership; please report this bug")
                known[c.mask] = c
        stable = tuple(sorted((known[m] for m in top), key=lambda c: (-c.total, -c.size, c.mask)))
    ps_masks = np.flatnonzero(potential_flags(flags, n) & big).astype(np.int64)
    pot: list[Coalition] = []
    top = _rank(model, ps_masks, certify_limit)
    # every distinct enlargement of the listed coalitions decided once (not once per block)
    grows = _grows_pis(model, np.asarray(top, dtype=np.int64))
    with Progress(len(top), "potential stability, certifying", enabled=progress,
                  unit="coalitions") as bar:
        for start in range(0, len(top), _CERTIFY_BLOCK):
            block = top[start:start + _CERTIFY_BLOCK]
            for m, cp in zip(block, certify_potential_many(
                    model, players, block, member_stays, outsider_joins,
                    grows=grows[start:start + _CERTIFY_BLOCK])):
                if cp is None:
                    raise SolverError(f"coalition {m:#x} failed its certification of potential "
                                      "stability; please report this bug")
                pot.append(cp)
            bar.update(len(block))
    pot.sort(key=lambda c: (-c.total, -c.size, c.mask))
    return RulesOutcome(stable=stable, n_stable=n_stable, potentially_stable=tuple(pot),
                        n_potentially_stable=len(ps_masks), exact=exact)
