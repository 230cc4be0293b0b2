"""Minimum participation clauses: the pact enters into force only with enough members.

A clause with threshold ``k`` changes the membership game (it is not a filter of the report):
when coalition S has fewer than ``k`` members (or, with weights ``w``, when its members hold
less than the share ``k`` of the total weight, ``w(S) < k w(N)``), the pact does not enter into
force and every country gets its no-pact payoff ``pi_i(empty)``.  Otherwise payoffs are the
original game's.  Kyoto's entry-into-force clause (55 parties holding 55% of Annex I emissions)
is of this kind; Barrett (2003, *Environment and Statecraft*, ch. 8) and Carraro, Marchiori and
Oreffice (2009, "Endogenous minimum participation in international environmental treaties",
Environ. Resource Econ. 42) analyse how such a clause enlarges the stable pact: a member of a
pact of exactly ``k`` members that leaves dissolves it, so it compares its payoff with the
no-pact payoff instead of with ``pi_i(S - i)``.

The modified game is a :class:`MembershipGame` with a :class:`ClauseModel` payoff model, so
every analysis of membership games (the stability scan, transfers, TU solutions) applies to it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np

from .._exact.numbers import as_fraction, format_number, number_to_json
from ..errors import GameError
from ._bits import iter_chunks, popcount
from ._game import DEFAULT_MAX_PLAYERS, MembershipGame
from ._models import PayoffModel, _is_exact, _labels
from ._results import TieRule
from ._stability import ATOL, BIG, RTOL, _sign

__all__ = ["ClauseModel", "ClauseResult", "participation_clause", "smallest_clause", "without_clause"]



class ClauseModel(PayoffModel):
    """A payoff model under a minimum participation clause.

    ``pi'_i(S) = pi_i(S)`` when ``sum_{j in S} w_j >= t``, else ``pi_i(empty)``.  Weights are
    compared as integers (exact weights are scaled by the lcm of their denominators, the
    threshold rounded up), so a coalition exactly at the threshold is in force.

    Parameters
    ----------
    base : PayoffModel
    weights : sequence of numbers
        Non-negative weight per country (all 1 for a clause on the number of members).
    threshold : number
        The weight the members must hold, in the units of *weights*.
    """

    def __init__(self, base: PayoffModel, weights: Sequence[Any], threshold: Any) -> None:
        self.base = base
        self.n = base.n
        self.name = f"clause({base.name})"
        self.weights_exact = all(_is_exact(w) for w in weights) and _is_exact_number(threshold)
        self.exact = base.exact and self.weights_exact
        if self.weights_exact:
            fr = [as_fraction(w) for w in weights]
            scale = math.lcm(*(f.denominator for f in fr), as_fraction(threshold).denominator)
            ints = [int(f * scale) for f in fr]
            self.w_int: list[int] | None = ints
            self.t_int = math.ceil(as_fraction(threshold) * scale)
            big = sum(ints) >= 1 << 62
            self.w_vec = np.asarray(ints, dtype=object if big else np.int64)
            self.t_vec: Any = self.t_int
        else:
            self.w_int = None
            self.w_vec = np.asarray([float(w) for w in weights])
            self.t_vec = float(threshold)
        self.threshold = threshold
        self.empty_f = base.payoffs(np.zeros((1, self.n), dtype=bool))[0]
        self._empty_x: tuple[Any, ...] | None = None
        #: the unclaused game's title and the clause in words (set by participation_clause)
        self.base_title: str | None = None
        self.what = f"a weight of at least {format_number(threshold)}"

    def in_force(self, x: np.ndarray) -> np.ndarray:
        """Boolean per row of the member matrix *x*: does the pact enter into force?"""
        held = x.astype(self.w_vec.dtype) @ self.w_vec
        return np.asarray(held >= self.t_vec, dtype=bool)

    def in_force_one(self, inside: Sequence[bool]) -> bool:
        if self.w_int is not None:
            return sum(w for w, s in zip(self.w_int, inside) if s) >= self.t_int
        return bool(sum(float(w) for w, s in zip(self.w_vec, inside) if s) >= self.t_vec)

    def _empty_exact(self) -> tuple[Any, ...]:
        if self._empty_x is None:
            self._empty_x = tuple(self.base.exact_payoffs([False] * self.n))
        return self._empty_x

    def payoffs(self, x: np.ndarray) -> np.ndarray:
        p = self.base.payoffs(x)
        return np.where(self.in_force(x)[:, None], p, self.empty_f[None, :])

    def flip_payoffs(self, x: np.ndarray) -> np.ndarray:
        f = self.base.flip_payoffs(x)
        return self._clause_flips(x, f)

    def payoffs_and_flips(self, x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        p, f = self.base.payoffs_and_flips(x)
        p = np.where(self.in_force(x)[:, None], p, self.empty_f[None, :])
        return p, self._clause_flips(x, f)

    def _clause_flips(self, x: np.ndarray, f: np.ndarray, empty: np.ndarray | None = None
                      ) -> np.ndarray:
        """The base model's flips *f* where the flipped coalition is in force, else the
        no-pact payoffs *empty* (default: the float ones)."""
        # weight held after country i changes sides: held(S) -/+ w_i
        held = x.astype(self.w_vec.dtype) @ self.w_vec
        sign = np.where(x, -1, 1).astype(self.w_vec.dtype)
        after = held[:, None] + sign * self.w_vec[None, :]
        force = np.asarray(after >= self.t_vec, dtype=bool)
        return np.where(force, f, self.empty_f[None, :] if empty is None else empty)

    def exact_payoffs(self, members: Sequence[bool]) -> tuple[Any, ...]:
        inside = [bool(v) for v in members]
        if self.in_force_one(inside):
            return tuple(self.base.exact_payoffs(inside))
        return self._empty_exact()

    def exact_payoffs_and_flips(self, members: Sequence[bool]
                                ) -> tuple[tuple[Any, ...], tuple[Any, ...]]:
        inside = [bool(v) for v in members]
        empty = self._empty_exact()
        if self.w_int is not None:
            held: Any = sum(w for w, s in zip(self.w_int, inside) if s)
            t: Any = self.t_int
            ws: Sequence[Any] = self.w_int
        else:
            held = sum(float(w) for w, s in zip(self.w_vec, inside) if s)
            t, ws = self.t_vec, [float(w) for w in self.w_vec]
        force = held >= t
        flip_force = [(held - w if s else held + w) >= t for w, s in zip(ws, inside)]
        if not force and not any(flip_force):  # nothing in force: no payoff to evaluate
            return empty, empty
        p, f = self.base.exact_payoffs_and_flips(inside)
        pay = tuple(p) if force else empty
        return pay, tuple(f[i] if flip_force[i] else empty[i] for i in range(self.n))

    def describe(self) -> str:
        return f"{self.base.describe()}; in force with {self.what}"

    def types(self) -> np.ndarray:
        """The base model's types, split by weight (the clause treats equal weights alike)."""
        weights = self.w_int if self.w_int is not None else [float(w) for w in self.w_vec]
        return _labels(list(zip(self.base.types().tolist(), weights)))

    def integer_scale(self) -> int | None:
        return self.base.integer_scale() if self.exact else None

    def integer_payoffs(self, x: np.ndarray) -> np.ndarray | None:
        p = self.base.integer_payoffs(x) if self.exact else None
        if p is None:
            return None
        empty = self.base.integer_payoffs(np.zeros((1, self.n), dtype=bool))
        assert empty is not None
        return np.where(self.in_force(x)[:, None], p, empty)

    def integer_payoffs_and_flips(self, x: np.ndarray) -> tuple[np.ndarray, np.ndarray] | None:
        pf = self.base.integer_payoffs_and_flips(x) if self.exact else None
        if pf is None:
            return None
        empty = self.base.integer_payoffs(np.zeros((1, self.n), dtype=bool))
        assert empty is not None
        p, f = pf
        return np.where(self.in_force(x)[:, None], p, empty), self._clause_flips(x, f, empty)


def _is_exact_number(v: Any) -> bool:
    return _is_exact(v)


def _weights(game: MembershipGame, weights: Sequence[Any] | str | None) -> list[Any] | None:
    if weights is None:
        return None
    if isinstance(weights, str):
        if weights not in game.attributes:
            from ..errors import did_you_mean

            raise GameError(f"unknown country attribute {weights!r} for the clause's weights "
                            f"({did_you_mean(weights, list(game.attributes))})")
        weights = game.attributes[weights]
    ws = list(weights)
    if len(ws) != game.n:
        raise GameError(f"need one weight per country ({game.n}), got {len(ws)}")
    for w in ws:
        if isinstance(w, bool) or not isinstance(w, (int, float, Fraction, np.integer, np.floating)):
            raise GameError(f"clause weights must be numbers, got {type(w).__name__} {w!r}")
        if not math.isfinite(float(w)) or w < 0:
            raise GameError(f"clause weights must be finite and non-negative, got {w!r}")
    if not sum(ws) > 0:
        raise GameError("the clause's weights sum to zero: no share can be held")
    return ws


def participation_clause(game: MembershipGame, k: Any, *,
                         weights: Sequence[Any] | str | None = None) -> MembershipGame:
    """The membership game under a minimum participation clause with threshold *k*.

    Parameters
    ----------
    game : MembershipGame
    k : int or number
        Without *weights*: the number of members the pact needs (``0 <= k <= n``).  With
        *weights*: the share of the total weight its members must hold (``0 <= k <= 1``).
    weights : sequence of numbers or str, optional
        Non-negative weight per country (emissions, compute), or the name of a country
        attribute of *game*.

    Returns
    -------
    MembershipGame
        Same countries, attributes, network and defaults; coalitions below the threshold
        give every country ``pi_i(empty)``.  Exact when *game*, *weights* and *k* are.

    Examples
    --------
    >>> g = MembershipGame.public_good(list("ABCDE"), benefit=[1] * 5, cost=[1] * 5)
    >>> g.stability().stable_sizes
    (3,)
    >>> participation_clause(g, 4).stability().stable_sizes
    (4,)
    """
    ws = _weights(game, weights)
    if isinstance(k, bool) or not isinstance(k, (int, float, Fraction, np.integer, np.floating)):
        raise GameError(f"the clause's threshold must be a number, got {k!r}")
    if ws is None:
        if not float(k).is_integer() or not 0 <= k <= game.n:
            raise GameError(f"a clause on the number of members needs an integer k in 0..{game.n}, "
                            f"got {format_number(k)} (for a share of a weight, pass weights=; "
                            f"command line: --clause-share ATTR=SHARE)")
        model = ClauseModel(game.model, [1] * game.n, int(k))
        what = f"at least {int(k)} members"
    else:
        if not 0 <= k <= 1:
            raise GameError(f"a clause on a weight share needs 0 <= k <= 1, got "
                            f"{format_number(k)} (a share such as 3/5)")
        if all(_is_exact(w) for w in ws) and _is_exact(k):
            thr: Any = as_fraction(k) * sum((as_fraction(w) for w in ws), Fraction(0))
        else:
            thr = float(k) * sum(float(w) for w in ws)
        model = ClauseModel(game.model, ws, thr)
        what = f"members holding a share of at least {format_number(k)}"
        if isinstance(weights, str):
            what += f" of {weights}"
    model.base_title = game.title
    model.what = what
    title = f"{game.title or 'membership game'}, in force with {what}"
    return MembershipGame(game.players, model, attributes=game.attributes, edges=game.edges,
                          title=title, info=game.info, rule=game.default_rule,
                          min_size=game.default_min_size)


def without_clause(game: MembershipGame) -> MembershipGame:
    """*game* without its participation clause (itself when it has none).

    A game made by :func:`participation_clause` (or a spec with a ``clause`` key) becomes the
    game of its base payoff model, with the same countries, attributes, network and defaults.
    """
    model = game.model
    if not isinstance(model, ClauseModel):
        return game
    return MembershipGame(game.players, model.base, attributes=game.attributes, edges=game.edges,
                          title=model.base_title or "", info=game.info, rule=game.default_rule,
                          min_size=game.default_min_size)


@dataclass(frozen=True)
class ClauseResult:
    """The smallest minimum participation clause that makes a larger pact stable.

    Attributes
    ----------
    found : bool
        Whether some threshold makes a pact larger than ``baseline_size`` stable.
    by : str
        ``"members"`` (k counts members) or ``"share"`` (k is a share of the weights).
    threshold : number or None
        The smallest such k.
    baseline_size : int
        Members of the largest stable pact without the clause (0: none).
    members : tuple of str
        The largest pact in force and stable under the clause (ties: larger total payoff).
    payoffs : tuple
        Every country's payoff when that pact forms; ``no_pact`` the payoffs without a pact.
    share : number or None
        The share of the weights the pact holds (with weights).
    exact : bool
    rule : str
        The tie rule of the scans.
    including : tuple of str
        Countries the pact had to include (``smallest_clause(including=...)``); then
        ``baseline_size`` counts only stable pacts that include them.
    """

    found: bool
    by: str
    threshold: Any
    baseline_size: int
    members: tuple[str, ...]
    mask: int
    payoffs: tuple[Any, ...]
    no_pact: tuple[Any, ...]
    share: Any
    exact: bool
    rule: str
    including: tuple[str, ...] = ()

    @property
    def size(self) -> int:
        return len(self.members)

    @property
    def total(self) -> Any:
        return sum(self.payoffs)

    def describe(self) -> str:
        incl = f" including {', '.join(self.including)}" if self.including else ""
        if not self.found:
            return (f"no minimum participation clause makes a pact{incl} larger than "
                    f"{self.baseline_size} members stable")
        unit = "members" if self.by == "members" else "of the weight"
        return (f"a clause requiring {format_number(self.threshold)} {unit} makes the "
                f"{self.size}-member pact {{{', '.join(self.members)}}} stable (largest stable "
                f"pact{incl} without it: {self.baseline_size or 'none'}), total payoff "
                f"{format_number(self.total)}")

    def to_dict(self) -> dict[str, Any]:
        return {
            "found": self.found,
            "by": self.by,
            "threshold": None if self.threshold is None else number_to_json(self.threshold),
            "baseline_size": self.baseline_size,
            "members": list(self.members),
            "size": self.size,
            "mask": self.mask,
            "payoffs": [number_to_json(v) for v in self.payoffs],
            "total": number_to_json(self.total) if self.found else None,
            "no_pact_payoffs": [number_to_json(v) for v in self.no_pact],
            "share": None if self.share is None else number_to_json(self.share),
            "exact": self.exact,
            "rule": self.rule,
            "including": list(self.including),
        }


def _stable_masks(flags: np.ndarray) -> np.ndarray:
    return np.flatnonzero((flags & (3 | BIG)) == (3 | BIG)).astype(np.int64)


def _held_values(w: np.ndarray, n: int) -> np.ndarray:
    """The distinct weights ``w(S)`` held by the non-empty coalitions, ascending."""
    seen: np.ndarray | None = None
    for masks, x in iter_chunks(n):
        held = np.unique(x[masks != 0].astype(w.dtype) @ w)
        seen = held if seen is None else np.union1d(seen, held)
    assert seen is not None
    return seen


def _clause_intervals(model: PayoffModel, w: np.ndarray, need: int, min_size: int
                      ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """For every coalition S (containing *need*, at least *min_size* members), the thresholds
    ``t`` under which S may be stable in the clause game: an interval ``(lo, hi]``.

    Under a clause at ``t`` (in the units of *w*), S is in force iff ``t <= w(S)``; a member
    i is pivotal (leaving dissolves the pact) iff ``t > d_i = w(S) - w_i``, and then compares
    ``pi_i(S)`` with the no-pact payoff, else with ``pi_i(S - i)``; an outsider joining keeps
    the pact in force (weights are non-negative), so external stability does not depend on
    ``t``.  Hence S is stable exactly for ``lo < t <= hi`` with ``lo`` the largest ``d_i`` of
    a member who would leave when not pivotal, ``hi`` the smaller of ``w(S)`` and the smallest
    ``d_i`` of a member who would leave a pact it dissolves.  Decided in floats with near-ties
    counted as passing (so the interval can only be too wide); the caller certifies exactly.
    Returns ``(masks, lo, hi, sizes, totals)`` of the coalitions whose interval is not empty.
    """
    n = model.n
    empty = model.payoffs(np.zeros((1, n), dtype=bool))[0]
    obj = w.dtype == object
    neg: Any = -1 if w.dtype.kind in "iuO" else -np.inf
    pos: Any = (int(w.sum()) + 1) if w.dtype.kind in "iuO" else np.inf
    parts: list[tuple[np.ndarray, ...]] = []
    for m, x in iter_chunks(n):
        size = x.sum(axis=1)
        keep = (m != 0) & ((m & need) == need) & (size >= min_size)
        m, x, size = m[keep], x[keep], size[keep]
        if len(m) == 0:
            continue
        p, f = model.payoffs_and_flips(x)
        stays = p - f >= -(RTOL * (np.abs(p) + np.abs(f)) + ATOL)
        pivotal_stays = p - empty >= -(RTOL * (np.abs(p) + np.abs(empty)) + ATOL)
        outsiders_ok = np.all(stays | x, axis=1)
        held = (x.astype(object) if obj else x.astype(w.dtype)) @ w
        d = held[:, None] - w[None, :]
        lo = np.where(x & ~stays, d, neg).max(axis=1)
        hi = np.minimum(np.where(x & ~pivotal_stays, d, pos).min(axis=1), held)
        keep = outsiders_ok & (lo < hi)
        parts.append((m[keep], lo[keep], hi[keep], size[keep], p[keep].sum(axis=1)))
    if not parts:
        z = np.zeros(0, dtype=np.int64)
        return z, z.astype(w.dtype), z.astype(w.dtype), z, z.astype(float)
    return tuple(np.concatenate([q[i] for q in parts]) for i in range(5))  # type: ignore[return-value]


def certify_clause_pact(model: ClauseModel, mask: int, rule: str) -> bool:
    """Check from the definitions that *mask* is in force and stable under the clause.

    Evaluates ``pi'(S)`` and ``pi'(S xor i)`` one coalition at a time with
    :meth:`ClauseModel.exact_payoffs` (not the flip matrix of the scan).
    """
    member_stays, outsider_joins = TieRule.parse(rule)
    n = model.n
    inside = [bool((mask >> i) & 1) for i in range(n)]
    if not model.in_force_one(inside):
        return False
    p = model.exact_payoffs(inside)
    for i in range(n):
        other = list(inside)
        other[i] = not other[i]
        s = _sign(p[i], model.exact_payoffs(other)[i])
        if inside[i] and (s < 0 or (s == 0 and not member_stays)):
            return False
        if not inside[i] and (s < 0 or (s == 0 and outsider_joins)):
            return False
    return True


def smallest_clause(game: MembershipGame, *, weights: Sequence[Any] | str | None = None,
                    including: str | Sequence[str | int] | None = None,
                    rule: str | None = None, max_players: int = DEFAULT_MAX_PLAYERS
                    ) -> ClauseResult:
    """The smallest participation threshold under which a larger pact is stable.

    Algorithm: the baseline is the largest stable pact of *game* (its stability scan).  The
    candidate thresholds are ``k = 1..n`` members or, with weights, every distinct weight a
    coalition can hold (the clause game only changes there).  Rather than scanning the clause
    game once per threshold, one pass over the coalitions finds, for each S, the interval
    ``(lo, hi]`` of thresholds under which it is in force and stable (a member of S is pivotal
    exactly when the threshold exceeds ``w(S) - w_i``; see :func:`_clause_intervals`).  The
    thresholds are then tried in increasing order: the pacts whose interval holds the threshold,
    larger than the baseline, are ranked (more members, then larger total payoff) and
    re-checked from the definitions in the clause game at that threshold
    (:func:`certify_clause_pact`, exact for exact games); the first that passes is returned.

    With *including*, only pacts that contain every one of those countries count, both for
    the baseline (the largest stable pact without a clause that includes them; 0 when none
    does) and for the answer: the smallest threshold under which a pact including them, in
    force and larger than that baseline, is stable.  This answers "which clause makes a pact
    that includes the compute-renting region stable?".

    Parameters
    ----------
    game : MembershipGame
    weights : sequence or str, optional
        As in :func:`participation_clause` (then thresholds are shares).
    including : str or sequence of str or int, optional
        Countries (names or indices) the pact must include.
    rule : str, optional
        :class:`TieRule` (default: the game's).

    Returns
    -------
    ClauseResult
        Exact (Fractions) when the game and weights are.

    Examples
    --------
    Five identical countries (``b = c = 1``): without a clause the stable pacts have 3
    members; a clause at 4 members makes a 4-member pact stable.  A pact including A:

    >>> g = MembershipGame.public_good(list("ABCDE"), benefit=[1] * 5, cost=[1] * 5)
    >>> r = smallest_clause(g, including=["A"])
    >>> r.threshold, r.members, r.baseline_size
    (4, ('A', 'B', 'C', 'D'), 3)
    """
    rule = TieRule.canonical(game.default_rule if rule is None else rule)
    n = game.n
    need_names: tuple[str, ...] = ()
    need = 0
    if including is not None:
        need = game.mask([including] if isinstance(including, str) else including)
        need_names = game.members(need)
    base = game.stability(rule=rule, max_players=max_players)
    assert base.flags is not None
    stable0 = _stable_masks(base.flags)
    stable0 = stable0[(stable0 & need) == need]
    baseline = int(popcount(stable0).max()) if len(stable0) else 0
    ws = _weights(game, weights)
    by = "members" if ws is None else "share"
    # weights as the clause compares them: integers (exact weights scaled by a common
    # denominator), else floats; thresholds are the distinct weights a coalition can hold
    unit = ClauseModel(game.model, [1] * n if ws is None else ws, 0)
    w = unit.w_vec
    total_w = w.sum()
    min_size = max(game.default_min_size, baseline + 1, 1)
    rows = _clause_intervals(game.model, w, need, min_size)
    if ws is None:
        cands: np.ndarray = np.arange(1, n + 1, dtype=w.dtype)
    else:
        cands = _held_values(w, n)
    empty = tuple(game.payoffs(0))
    masks, lo, hi, sizes, totals = rows
    # smallest candidate threshold inside each coalition's interval (lo, hi]
    first = np.searchsorted(cands, lo, side="right")
    ok = first < len(cands)
    ok[ok] &= cands[first[ok]] <= hi[ok]
    for j in range(int(first[ok].min()) if ok.any() else len(cands), len(cands)):
        t = cands[j]
        inside = (lo < t) & (t <= hi)
        if inside.any():
            k: Any
            if ws is None:
                k = int(t)
            elif unit.weights_exact:
                k = Fraction(int(t), int(total_w))
            else:
                k = float(t) / float(total_w)
            model = participation_clause(game, k, weights=ws).model
            assert isinstance(model, ClauseModel)
            sel = np.flatnonzero(inside)
            # totals equal up to rounding rank as equal (then the smaller mask first)
            tot = totals[sel] / max(1.0, float(np.abs(totals[sel]).max()))
            order = sel[np.lexsort((masks[sel], -np.round(tot, 10), -sizes[sel]))]
            for m in masks[order].tolist():
                if not certify_clause_pact(model, int(m), rule):
                    continue
                pay = tuple(game.payoffs(int(m)))
                share = None
                if ws is not None:
                    held_m = [v for i, v in enumerate(w.tolist()) if (m >> i) & 1]
                    share = (Fraction(sum(int(v) for v in held_m), int(total_w))
                             if unit.weights_exact else sum(float(v) for v in held_m) / float(total_w))
                return ClauseResult(found=True, by=by, threshold=k, baseline_size=baseline,
                                    members=game.members(int(m)), mask=int(m), payoffs=pay,
                                    no_pact=empty, share=share,
                                    exact=bool(base.exact and model.exact), rule=str(rule),
                                    including=need_names)
    return ClauseResult(found=False, by=by, threshold=None,
                        baseline_size=baseline, members=(), mask=0, payoffs=(), no_pact=empty,
                        share=None, exact=bool(base.exact), rule=str(rule), including=need_names)
