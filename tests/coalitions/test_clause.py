"""Minimum participation clauses (treaty.coalitions.participation_clause / smallest_clause)."""

from __future__ import annotations

import itertools
from fractions import Fraction
from math import comb

import numpy as np
import pytest

from treaty.coalitions import MembershipGame, StabilityResult, participation_clause, smallest_clause
from treaty.coalitions._stability import BIG
from treaty.errors import GameError


def _stable_in_force(game: MembershipGame, clause: MembershipGame, res: StabilityResult
                     ) -> dict[int, int]:
    """Size -> number of coalitions that are stable in the clause game and in force."""
    assert res.flags is not None
    masks = np.flatnonzero((res.flags & (3 | BIG)) == (3 | BIG)).tolist()
    out: dict[int, int] = {}
    for m in masks:
        inside = [bool((m >> i) & 1) for i in range(game.n)]
        if clause.model.in_force_one(inside):  # type: ignore[attr-defined]
            out[sum(inside)] = out.get(sum(inside), 0) + 1
    return out


@pytest.mark.parametrize("n", [6, 7, 8, pytest.param(9, marks=pytest.mark.slow),
                               pytest.param(10, marks=pytest.mark.slow)])
def test_symmetric_public_good_clause_by_hand(n: int) -> None:
    r"""Symmetric public good, ``pi_i = b Q - c q_i^2 / 2``; with ``b = 2, c = 3`` every payoff
    is ``b^2/c`` times the values below, which leaves every comparison unchanged.

    A pact of k members: members play ``q = k b / c``, outsiders ``q = b / c``, so
    ``Q = (k^2 + n - k) b / c`` and (in units of ``b^2/c``)

    * member of the k-pact:   ``M(k) = k^2/2 + n - k``
    * outsider of the k-pact: ``O(k) = k^2 + n - k - 1/2``
    * no pact (k = 0):        ``O(0) = n - 1/2`` for everyone.

    Under a clause at k, a member leaving the k-pact leaves k - 1 < k members: no pact.  So
    the k-pact is internally stable iff ``M(k) >= O(0)``, i.e. ``k^2/2 - k + 1/2 >= 0``, i.e.
    ``(k - 1)^2 >= 0``: always.  An outsider joining makes a (k+1)-pact, in force; under the
    default tie rule (an indifferent outsider joins) the k-pact is externally stable iff
    ``O(k) > M(k + 1)``, i.e. ``k^2/2 - k > 0``, i.e. ``k > 2`` (or k = n: no outsider).

    A larger pact of m > k members is in force after a member leaves, so it is internally
    stable as without a clause: ``M(m) >= O(m - 1)`` iff ``(m - 1)(m - 3) <= 0`` iff
    ``m <= 3``.  Below k nothing is in force: all payoffs ``O(0)``; an outsider of a (k-1)
    coalition gains ``M(k) - O(0) = (k-1)^2/2 >= 0`` by joining, and one of a smaller coalition
    is indifferent, so with the default rule none is externally stable (and none is in force).

    Hence, under the clause at k, the stable pacts in force are exactly the 3-member ones for
    k <= 3 and exactly the k-member ones for k >= 3; without a clause the stable size is 3
    (Barrett 1994), and the smallest clause giving a larger stable pact is k = 4, where each
    member gets ``M(4) = n + 4`` and each outsider ``O(4) = n + 23/2`` (times ``b^2/c``).
    """
    b, c = 2, 3
    game = MembershipGame.public_good([f"C{i}" for i in range(n)], benefit=[b] * n, cost=[c] * n)
    unit = Fraction(b * b, c)
    for k in range(1, n + 1):
        expected = 3 if k <= 3 else k
        clause = participation_clause(game, k)
        res = clause.stability()
        assert res.flags is not None
        got = _stable_in_force(game, clause, res)
        assert got == {expected: comb(n, expected)}, (n, k, got)
        # the k-pact itself: stable exactly when k >= 3
        k_pact = (1 << k) - 1
        assert ((int(res.flags[k_pact]) & 3) == 3) == (k >= 3)
        # below the threshold every country gets the no-pact payoff
        assert clause.payoffs(k_pact >> 1) == (unit * (n - Fraction(1, 2)),) * n
        assert clause.payoffs(k_pact) == game.payoffs(k_pact)
    r = smallest_clause(game)
    assert (r.found, r.threshold, r.size, r.baseline_size, r.exact) == (True, 4, 4, 3, True)
    members = [game.players.index(p) for p in r.members]
    assert all(r.payoffs[i] == unit * (n + 4) for i in members)
    assert all(r.payoffs[i] == unit * (n + Fraction(23, 2)) for i in range(n) if i not in members)
    assert r.no_pact == (unit * (n - Fraction(1, 2)),) * n
    assert r.to_dict()["threshold"] == "4" and "4 members" in r.describe()


def _brute_stable(game: MembershipGame, weights: list[int], t: Fraction) -> set[int]:
    """Stable pacts in force under a share clause, from the definitions (stay-join rule)."""
    n, total = game.n, sum(weights)
    empty = game.payoffs(0)

    def pay(m: int) -> tuple[Fraction, ...]:
        held = sum(w for i, w in enumerate(weights) if (m >> i) & 1)
        return game.payoffs(m) if held >= t * total else empty

    out = set()
    for m in range(1 << n):
        held = sum(w for i, w in enumerate(weights) if (m >> i) & 1)
        if held < t * total or bin(m).count("1") < 2:
            continue
        p = pay(m)
        ok = all(p[i] >= pay(m ^ (1 << i))[i] if (m >> i) & 1 else p[i] > pay(m ^ (1 << i))[i]
                 for i in range(n))
        if ok:
            out.add(m)
    return out


def test_share_clause_against_brute_force() -> None:
    players = ["US", "CN", "EU", "IN", "TW"]
    game = MembershipGame.public_good(players, benefit=[3, 2, 2, 1, 1], cost=[1, 2, 1, 3, 1])
    weights = [5, 4, 3, 2, 1]
    total = sum(weights)
    shares = sorted({Fraction(sum(s), total) for r in range(1, 6)
                     for s in itertools.combinations(weights, r)} | {Fraction(0), Fraction(1, 2)})
    base = _brute_stable(game, weights, Fraction(0))
    baseline = max((bin(m).count("1") for m in base), default=0)
    smallest = None
    for t in shares:
        clause = participation_clause(game, t, weights=weights)
        res = clause.stability()
        assert res.flags is not None
        got = {m for m in np.flatnonzero((res.flags & (3 | BIG)) == (3 | BIG)).tolist()
               if clause.model.in_force_one([bool((m >> i) & 1) for i in range(5)])}  # type: ignore[attr-defined]
        want = _brute_stable(game, weights, t)
        assert got == want, t
        if smallest is None and t > 0 and any(bin(m).count("1") > baseline for m in want):
            smallest = (t, max(bin(m).count("1") for m in want))
    r = smallest_clause(game, weights=weights)
    assert smallest is not None
    assert (r.found, r.threshold, r.size, r.baseline_size) == (True, smallest[0], smallest[1], baseline)
    assert r.share is not None and r.share >= r.threshold and r.exact
    # weights given as a country attribute name
    game2 = MembershipGame(players, game.model, attributes={"compute": weights})
    assert smallest_clause(game2, weights="compute").threshold == r.threshold


def test_clause_errors_and_float_weights() -> None:
    game = MembershipGame.public_good(list("ABCD"), benefit=[1] * 4, cost=[1] * 4)
    for bad in (5, -1, 2.5, "3", True):
        with pytest.raises(GameError):
            participation_clause(game, bad)
    with pytest.raises(GameError):
        participation_clause(game, Fraction(3, 2), weights=[1, 1, 1, 1])
    with pytest.raises(GameError):
        participation_clause(game, Fraction(1, 2), weights=[1, 1, 1])
    with pytest.raises(GameError):
        participation_clause(game, Fraction(1, 2), weights=[1, -1, 1, 1])
    with pytest.raises(GameError):
        participation_clause(game, Fraction(1, 2), weights="emissions")
    g = participation_clause(game, 0.5, weights=[0.5, 0.25, 0.125, 0.125])
    assert not g.is_exact
    assert g.payoffs("AB") == game.payoffs("AB") and g.payoffs("A") == game.payoffs(0)
