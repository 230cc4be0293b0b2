"""Cartel stability over all ``2^n`` coalitions: vectorised, chunked, certified.

Definitions (d'Aspremont, Jacquemin, Gabszewicz and Weymark 1983; Carraro and Siniscalco
1993; Barrett 1994; Carraro, Eyckmans and Finus 2006), with ``pi_i(S)`` country i's payoff
when coalition S forms and the others act alone:

* internal stability: no member gains by leaving, ``pi_i(S) >= pi_i(S - i)`` for i in S;
* external stability: no outsider gains by joining, ``pi_j(S) > pi_j(S + j)`` for j not in S
  (the comparisons' treatment of ties is the :class:`TieRule`);
* profitability: every member is at least as well off as with no agreement,
  ``pi_i(S) >= pi_i(empty)``;
* potential internal stability (PIS): ``sum_{i in S} pi_i(S) >= sum_{i in S} pi_i(S - i)``,
  i.e. transfers can pay every member its outside option.

Algorithm: for each chunk of ``2^L`` coalitions the model returns the payoff matrix
``P[s, i] = pi_i(S_s)`` and the flip matrix ``F[s, i] = pi_i(S_s xor i)``; all conditions are
row reductions of ``D = P - F`` masked by membership.  Memory is ``O(2^L n)`` plus one byte
of flags per coalition.  Float differences within a relative tolerance are near-ties; in an
exact game the coalitions where a near-tie could change a condition (no other entry of that
condition fails clearly) are re-decided exactly, so a tie is a tie.  Every coalition reported
as stable is then re-checked from the definitions by evaluating the model directly at ``S``
and at each ``S xor i`` (a different code path from the flip matrix).

Exact work is done once per orbit of coalitions under swaps of interchangeable countries
(:mod:`treaty.coalitions._orbits`, :meth:`PayoffModel.types`): near-ties are re-decided for
one representative per orbit and the decision broadcast; stable coalitions are certified once
per orbit and get their payoffs from the representative's, type by type (checked against the
float payoffs).  Models with an integer form (exact payoffs times a common scale, as int64 or
Python ints: public good, Barrett, clauses over them) decide the representatives by integer
array arithmetic; others one at a time in Fractions.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from typing import Any

import numpy as np

from .._progress import Progress
from ..errors import GameError, SolverError
from ._bits import BIG, DEFAULT_CHUNK_BITS, EXTERNAL, INTERNAL, PIS, PROFITABLE, iter_chunks, member_matrix
from ._models import PayoffModel
from ._orbits import Orbits
from ._results import Coalition, GrandCoalition, StabilityResult, TieRule, TransferScheme
from ._rules import _rank, apply_rules, check_orbit_payoffs, conditions, membership_rule, sharing_rule

__all__ = [
    "stability_scan",
    "exact_flags",
    "exact_flags_many",
    "grand_coalition",
    "transfer_scheme",
    "RTOL",
    "ATOL",
]

#: relative and absolute tolerance of the float scan: |a - b| <= RTOL (|a| + |b|) + ATOL is a tie
RTOL = 1e-9
ATOL = 1e-12



def _sign(a: Any, b: Any) -> int:
    """Sign of ``a - b``; exact for Fractions, with the scan's tolerance for floats."""
    if isinstance(a, float) or isinstance(b, float):
        a, b = float(a), float(b)
        if abs(a - b) <= RTOL * (abs(a) + abs(b)) + ATOL:
            return 0
    return (a > b) - (a < b)


def exact_flags(model: PayoffModel, mask: int, member_stays: bool, outsider_joins: bool,
                empty: Sequence[Any] | None = None) -> tuple[int, tuple[Any, ...], Any]:
    """Decide every condition for one coalition straight from the definitions.

    Evaluates ``pi(S)`` and ``pi(S xor i)`` for each i with the model's exact evaluation
    (Fractions for exact models; :meth:`PayoffModel.exact_payoffs_and_flips`).
    Returns ``(flags, payoffs, surplus)``.
    """
    n = model.n
    inside = [bool((mask >> i) & 1) for i in range(n)]
    p, flips = model.exact_payoffs_and_flips(inside)
    if empty is None:
        empty = model.exact_payoffs([False] * n)
    internal = external = profitable = True
    surplus: Any = Fraction(0)
    for i in range(n):
        f = flips[i]
        s = _sign(p[i], f)
        if inside[i]:
            surplus = surplus + (p[i] - f)
            if s < 0 or (s == 0 and not member_stays):
                internal = False
            if _sign(p[i], empty[i]) < 0:
                profitable = False
        elif s < 0 or (s == 0 and outsider_joins):
            external = False
    pis = _sign(surplus, 0) >= 0 if not isinstance(surplus, float) else (
        surplus >= -(RTOL * sum(abs(v) for v in p) + ATOL))
    flags = (INTERNAL * internal) | (EXTERNAL * external) | (PROFITABLE * profitable) | (PIS * pis)
    return flags, tuple(p), surplus


def stability_scan(model: PayoffModel, players: Sequence[str], *, rule: str = TieRule.DEFAULT,
                   min_size: int = 2, chunk_bits: int = DEFAULT_CHUNK_BITS,
                   progress: bool | None = None, certify_limit: int = 10_000,
                   exact_limit: int = 200_000, membership: str = "open") -> StabilityResult:
    """Scan all ``2^n`` coalitions for internal/external stability, profitability and PIS.

    Parameters
    ----------
    model : PayoffModel
    players : sequence of str
    rule : str
        A :class:`TieRule` name.
    min_size : int
        Smallest coalition counted as a pact (default 2: one country alone is the same
        outcome as no agreement).
    chunk_bits : int
        ``2^chunk_bits`` coalitions per block (memory bound).
    progress : bool or None
        Progress bar on stderr; None: only on a terminal for long scans.
    certify_limit : int
        At most this many stable coalitions (the best ranked) are re-checked and reported.
    exact_limit : int
        At most this many near-tie coalitions are re-decided exactly one at a time; beyond
        it the float decision stands and the result says ``exact=False``.  Coalitions that
        are images of each other under swaps of interchangeable countries
        (:meth:`PayoffModel.types`) count once; models with an integer form
        (:meth:`PayoffModel.integer_payoffs_and_flips`) decide all near-ties in batches.
    membership : str
        ``"open"`` (anyone may join) or ``"exclusive"`` (members may refuse an entrant who
        would leave one of them strictly worse off); see :mod:`treaty.coalitions._rules`.
        Either way the result lists the potentially stable coalitions with their optimal
        sharing rule (Carraro, Eyckmans and Finus 2006).

    Returns
    -------
    StabilityResult

    Notes
    -----
    Time ``O(2^n n)`` array work for closed-form models (the flip matrix is one vectorised
    evaluation); ``O(2^n n^2)`` for models without a closed-form flip.  Memory: one byte per
    coalition plus a few ``(2^chunk_bits, n)`` arrays.
    """
    n = model.n
    member_stays, outsider_joins = TieRule.parse(rule)
    rule = TieRule.canonical(rule)
    membership = membership_rule(membership)
    total = 1 << n
    flags = np.zeros(total, dtype=np.uint8)
    empty_f = model.payoffs(np.zeros((1, n), dtype=bool))[0]
    near_masks: list[np.ndarray] = []
    near_keys: list[np.ndarray] = []
    orbits = Orbits(model.types()) if model.exact else None
    bar = Progress(total, "stability scan", enabled=progress, unit="coalitions")
    with np.errstate(all="ignore"):
        for masks, x in iter_chunks(n, chunk_bits):
            p, f = model.payoffs_and_flips(x)
            d = p - f
            tol = RTOL * (np.abs(p) + np.abs(f)) + ATOL
            near = np.abs(d) <= tol
            dz = np.where(near, 0.0, d)
            mem_ok = dz >= 0 if member_stays else dz > 0
            out_ok = dz > 0 if outsider_joins else dz >= 0
            internal = np.all(mem_ok | ~x, axis=1)
            external = np.all(out_ok | x, axis=1)
            dp = p - empty_f[None, :]
            nearp = np.abs(dp) <= RTOL * (np.abs(p) + np.abs(empty_f)[None, :]) + ATOL
            profitable = np.all((np.where(nearp, 0.0, dp) >= 0) | ~x, axis=1)
            surplus = np.where(x, d, 0.0).sum(axis=1)
            tols = np.where(x, tol, 0.0).sum(axis=1)
            pis = surplus >= -tols
            big = x.sum(axis=1) >= min_size
            flags[masks] = (internal.astype(np.uint8) | (external.astype(np.uint8) << 1)
                            | (profitable.astype(np.uint8) << 2) | (pis.astype(np.uint8) << 3)
                            | (big.astype(np.uint8) << 4))
            if model.exact:
                # a condition needs the exact decision when some entry it reads is a near-tie
                # and no other entry makes it fail clearly
                loses = ~near & (d < 0)
                amb = ((np.any(near & x, axis=1) & ~np.any(loses & x, axis=1))
                       | (np.any(near & ~x, axis=1) & ~np.any(loses & ~x, axis=1))
                       | (np.any(nearp & x, axis=1) & ~np.any(~nearp & (dp < 0) & x, axis=1))
                       | (np.abs(surplus) <= tols))
                if amb.any():
                    assert orbits is not None
                    near_masks.append(masks[amb])
                    near_keys.append(orbits.keys(x[amb]))
            bar.update(len(masks))
    bar.close()
    if not np.all(np.isfinite(empty_f)):
        raise SolverError("the payoff model is not finite for the empty coalition")
    exact = model.exact
    if model.exact:
        assert orbits is not None
        amb_all = np.concatenate(near_masks) if near_masks else np.zeros(0, dtype=np.int64)
        keys_all = np.concatenate(near_keys) if near_keys else np.zeros(0, dtype=np.int64)
        del near_masks, near_keys
        exact = _redecide(model, orbits, flags, amb_all, keys_all, member_stays, outsider_joins,
                          exact_limit, progress)
    counts = {name: int(np.count_nonzero((flags & (bit | BIG)) == (bit | BIG)))
              for name, bit in (("internal", INTERNAL), ("external", EXTERNAL), ("stable", 0),
                                ("profitable", PROFITABLE), ("potentially_internal", PIS))}
    stable_masks = np.flatnonzero((flags & (3 | BIG)) == (3 | BIG)).astype(np.int64)
    counts["stable"] = int(len(stable_masks))
    coalitions = _rank_and_certify(model, players, stable_masks, flags, member_stays,
                                   outsider_joins, certify_limit, progress)
    grand = grand_coalition(model, players, member_stays)
    rules = apply_rules(model, players, flags, membership=membership, member_stays=member_stays,
                        outsider_joins=outsider_joins, open_stable=coalitions,
                        certify_limit=certify_limit, exact_limit=exact_limit, progress=progress)
    if membership == "exclusive":
        counts["stable_open"], counts["stable"] = counts["stable"], rules.n_stable
        coalitions = rules.stable
    counts["potentially_stable"] = rules.n_potentially_stable
    return StabilityResult(
        players=tuple(players), rule=rule, min_size=min_size, n_coalitions=total,
        exact=exact and rules.exact, tolerance=RTOL, counts=counts, stable=coalitions,
        n_stable=counts["stable"], grand=grand, model=model.describe(), flags=flags,
        membership=membership, potentially_stable=rules.potentially_stable,
    )


def _redecide(model: PayoffModel, orbits: Orbits, flags: np.ndarray, masks: np.ndarray,
              keys: np.ndarray, member_stays: bool, outsider_joins: bool, limit: int,
              progress: bool | None) -> bool:
    """Re-decide the near-tie coalitions *masks* exactly, once per orbit (coalitions with
    equal *keys*), and write the decisions into *flags*.  False (flags left as the float scan
    set them) when more than *limit* coalitions would be decided one at a time."""
    if len(masks) == 0:
        return True
    reps, inverse = orbits.group(masks, keys)
    decided = exact_flags_many(model, reps, member_stays, outsider_joins, limit=limit,
                               progress=progress)
    if decided is None:
        return False
    flags[masks] = decided[inverse] | (flags[masks] & BIG)
    return True


def exact_flags_many(model: PayoffModel, masks: np.ndarray, member_stays: bool,
                     outsider_joins: bool, *, limit: int | None = None,
                     progress: bool | None = None) -> np.ndarray | None:
    """The flags ``INTERNAL | EXTERNAL | PROFITABLE | PIS`` of many coalitions, decided exactly.

    With the model's integer form (:meth:`PayoffModel.integer_payoffs_and_flips`: exact
    payoffs times a common positive scale, as integers) the conditions are decided by array
    arithmetic on integers, in blocks of ``2^14`` coalitions: comparisons of payoffs of one
    country are comparisons of integers, and the PIS surplus is a sum of integers.  Otherwise
    each coalition goes through :func:`exact_flags`; then None when there are more than
    *limit* of them.

    Returns
    -------
    numpy.ndarray of uint8 or None
        One flag byte per mask (without the ``BIG`` bit).
    """
    n = model.n
    masks = np.asarray(masks, dtype=np.int64)
    out = np.zeros(len(masks), dtype=np.uint8)
    empty = model.integer_payoffs(np.zeros((1, n), dtype=bool)) if model.exact else None
    if empty is not None:
        with Progress(len(masks), "near-ties, exact", enabled=progress,
                      unit="coalitions") as ibar:
            for start in range(0, len(masks), 1 << 14):
                part = masks[start:start + (1 << 14)]
                x = member_matrix(part, n)
                pf = model.integer_payoffs_and_flips(x)
                if pf is None:
                    raise SolverError(f"the {model.name} model has integer payoffs but no "
                                      "integer flips; please report this bug")
                out[start:start + len(part)] = _integer_flags(x, pf[0], pf[1], empty[0],
                                                              member_stays, outsider_joins)
                ibar.update(len(part))
        return out
    if limit is not None and len(masks) > limit:
        return None
    empty_x = model.exact_payoffs([False] * n)
    with Progress(len(masks), "near-ties, exact", enabled=progress, unit="coalitions") as bar:
        for j, m in enumerate(masks.tolist()):
            out[j] = exact_flags(model, m, member_stays, outsider_joins, empty_x)[0]
            bar.update(1)
    return out


def _integer_flags(x: np.ndarray, p: np.ndarray, f: np.ndarray, empty: np.ndarray,
                   member_stays: bool, outsider_joins: bool) -> np.ndarray:
    """The conditions of :func:`exact_flags` for integer payoffs ``p``, flips ``f`` and
    no-pact payoffs ``empty`` (one common positive scale), over the rows of *x*
    (:func:`treaty.coalitions._rules.conditions`), as flag bytes."""
    internal, external, profitable, _, sign = conditions(x, p, f, empty, member_stays,
                                                         outsider_joins, True)
    pis = sign >= 0
    return (internal.astype(np.uint8) | (external.astype(np.uint8) << 1)
            | (profitable.astype(np.uint8) << 2) | (pis.astype(np.uint8) << 3))


def _rank_and_certify(model: PayoffModel, players: Sequence[str], masks: np.ndarray,
                      flags: np.ndarray, member_stays: bool, outsider_joins: bool,
                      limit: int, progress: bool | None = None) -> tuple[Coalition, ...]:
    n = model.n
    if len(masks) == 0:
        return ()
    ordered = np.asarray(_rank(model, masks, limit), dtype=np.int64)
    # exact games: one certification per orbit (interchangeable countries, see _orbits);
    # float games: every coalition on its own (float payoffs of equal types may round apart)
    orbits = Orbits(model.types() if model.exact else np.arange(n))
    reps, inverse = orbits.group(ordered)
    empty = model.exact_payoffs([False] * n)
    certified = []
    bar = Progress(len(reps), "certifying", enabled=progress, unit="coalitions")
    for m in reps.tolist():
        bar.update(1)
        fl, pay, surplus = exact_flags(model, m, member_stays, outsider_joins, empty)
        if (fl & 3) != 3:
            raise SolverError(f"coalition {m:#x} failed its certification (scan flags "
                              f"{int(flags[m])}, definition {fl}); please report this bug")
        certified.append((fl, orbits.class_values(m, pay), sum(pay), surplus))
    bar.close()
    fl_rep = np.asarray([c[0] for c in certified], dtype=np.uint8)
    flags[ordered] = fl_rep[inverse] | (flags[ordered] & BIG)
    if len(reps) < len(ordered):
        _check_spread(model, orbits, ordered, inverse, [c[1] for c in certified])
    out = []
    for m, j in zip(ordered.tolist(), inverse.tolist()):
        fl, table, total, surplus = certified[j]
        members = tuple(players[i] for i in range(n) if (m >> i) & 1)
        out.append(Coalition(mask=m, members=members, payoffs=orbits.spread(m, table),
                             total=total, internal=True, external=True,
                             profitable=bool(fl & PROFITABLE),
                             potentially_internal=bool(fl & PIS), surplus=surplus))
    # final order by the certified (exact where possible) totals
    out.sort(key=lambda c: (-c.total, -c.size, c.mask))
    return tuple(out)


def _check_spread(model: PayoffModel, orbits: Orbits, masks: np.ndarray, inverse: np.ndarray,
                  tables: Sequence[dict[tuple[int, bool], Any]]) -> None:
    """Safeguard of the orbit reduction: the payoffs given to each coalition from its orbit's
    certified representative agree with the model's float payoffs at that coalition
    (:func:`check_orbit_payoffs`)."""
    t_max = orbits.n_types
    ft = np.zeros((len(tables), t_max, 2))
    for j, table in enumerate(tables):
        for (t, member), v in table.items():
            ft[j, t, int(member)] = float(v)
    for start in range(0, len(masks), 1 << 14):
        part = masks[start:start + (1 << 14)]
        x = member_matrix(part, model.n)
        want = ft[inverse[start:start + len(part)][:, None], orbits.types[None, :], x.astype(np.int64)]
        check_orbit_payoffs(model, part, x, want)


def grand_coalition(model: PayoffModel, players: Sequence[str],
                    member_stays: bool = True) -> GrandCoalition:
    """Stability of the grand coalition and the cheapest transfers that stabilise it.

    See :class:`GrandCoalition` for the transfer scheme and why it is the cheapest.
    """
    n = model.n
    pay = model.exact_payoffs([True] * n)
    outside = tuple(model.exact_payoffs([j != i for j in range(n)])[i] for i in range(n))
    zero = Fraction(0) if all(isinstance(v, Fraction) for v in (*pay, *outside)) else 0.0
    deficits = []
    slack = []
    for p, o in zip(pay, outside):
        s = _sign(p, o)
        deficits.append(o - p if s < 0 else zero)
        slack.append(p - o if s > 0 else zero)
    stable = all(_sign(p, o) > 0 or (_sign(p, o) == 0 and member_stays)
                 for p, o in zip(pay, outside))
    surplus = sum(pay, zero) - sum(outside, zero)
    feasible = _sign(surplus, 0) >= 0
    need = sum(deficits, zero)
    transfers: tuple[Any, ...] | None = None
    if feasible:
        have = sum(slack, zero)
        if _sign(need, 0) == 0:
            transfers = tuple(zero for _ in range(n))
        else:
            transfers = tuple(d - (s * need / have if _sign(have, 0) > 0 else zero)
                              for d, s in zip(deficits, slack))
    return GrandCoalition(players=tuple(players), payoffs=tuple(pay), outside=outside,
                          deficits=tuple(deficits), internally_stable=stable, surplus=surplus,
                          potentially_stable=feasible, transfers=transfers, total_transfer=need)


def transfer_scheme(model: PayoffModel, players: Sequence[str], mask: int,
                    weights: Sequence[Any] | None = None) -> TransferScheme:
    """Supporting transfers ``x_i = pi_i(S - i) + lambda_i * surplus`` (Carraro et al. 2006).

    Parameters
    ----------
    mask : int
        The coalition.
    weights : sequence, optional
        ``lambda_i >= 0`` per member, summing to 1; default equal shares.
    """
    n = model.n
    if not 0 <= mask < (1 << n):
        raise GameError(f"coalition mask {mask} is out of range for {n} countries")
    members = [i for i in range(n) if (mask >> i) & 1]
    if not members:
        raise GameError("the coalition has no members")
    inside = [bool((mask >> i) & 1) for i in range(n)]
    pay = model.exact_payoffs(inside)
    flips: list[Any] = [None] * n
    for i in members:
        other = list(inside)
        other[i] = False
        flips[i] = model.exact_payoffs(other)[i]
    exact = all(isinstance(v, Fraction) for v in (*pay, *(flips[i] for i in members)))
    if weights is None:
        weights = [Fraction(1, len(members)) if exact else 1.0 / len(members)] * len(members)
    weights = list(weights)
    if not all(isinstance(w, (int, Fraction, np.integer)) and not isinstance(w, bool)
               or isinstance(w, (float, np.floating)) and np.isfinite(w) for w in weights):
        raise GameError(f"weights must be finite numbers, got {weights!r}")
    if len(weights) != len(members):
        raise GameError(f"need one weight per member ({len(members)}), got {len(weights)}")
    if any(w < 0 for w in weights) or _sign(sum(weights), 1) != 0:
        raise GameError("weights must be non-negative and sum to 1")
    return sharing_rule(players, mask, pay, flips, weights)
