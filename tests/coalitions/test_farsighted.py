"""Farsighted stability: the largest consistent set checked against Chwe's definition."""

from __future__ import annotations

import random
from fractions import Fraction

import pytest

from treaty.coalitions import MembershipGame


def reference_lcs(pay: list[list[Fraction]], n: int) -> set[int]:
    """Chwe (1994) by brute force: indirect dominance by BFS, then iterated deletion."""
    states = range(1 << n)

    def prefers(group: int, e: int, a: int) -> bool:
        return all(pay[e][i] > pay[a][i] for i in range(n) if group >> i & 1)

    def dominated_by(d: int, e: int) -> bool:  # d << e
        frontier, seen = [d], {d}
        while frontier:
            a = frontier.pop()
            for nxt in states:
                t = a ^ nxt
                if t and prefers(t, e, a):
                    if nxt == e:
                        return True
                    if nxt not in seen:
                        seen.add(nxt)
                        frontier.append(nxt)
        return False

    dom = {(d, e): dominated_by(d, e) for d in states for e in states}
    z = set(states)
    changed = True
    while changed:
        changed = False
        for a in sorted(z):
            for d in states:
                if d == a:
                    continue
                t = a ^ d
                es = [e for e in z if e == d or dom[(d, e)]]
                if all(prefers(t, e, a) for e in es):
                    z.discard(a)
                    changed = True
                    break
    return z


@pytest.mark.parametrize("seed", range(4))
def test_lcs_matches_reference(seed: int) -> None:
    rnd = random.Random(seed)
    n = 3 if seed < 2 else 4
    b = [Fraction(rnd.randint(1, 6)) for _ in range(n)]
    c = [Fraction(rnd.randint(1, 6)) for _ in range(n)]
    game = MembershipGame.public_good([f"c{i}" for i in range(n)], b, c)
    pay = [list(game.payoffs(m)) for m in range(1 << n)]
    result = game.farsighted()
    assert set(result.masks) == reference_lcs(pay, n)
    assert set(result.masks)  # non-empty here
