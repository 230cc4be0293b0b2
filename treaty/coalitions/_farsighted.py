"""Farsighted stability: the largest consistent set (Chwe 1994) over coalition moves.

States are the ``2^n`` coalitions.  From state ``a`` the group ``T = a xor d`` (the countries
that change sides; a larger group only makes a move harder) can move to ``d``.  Group T
prefers ``e`` to ``a`` when every member of T is strictly better off in ``e``.  ``e``
indirectly dominates ``d`` (``d << e``) when a chain of moves leads from d to e and every
group moving along it strictly prefers the final state e to the state it leaves (Chwe 1994,
Harsanyi 1974).  The largest consistent set is the largest set Z such that ``a`` is in Z iff
for every move ``a -> d`` by T there is ``e`` in Z with ``e = d`` or ``d << e`` that T does
not strictly prefer to ``a``; it is found by deleting states from the full set until nothing
changes (Chwe 1994, Proposition 2).
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from typing import Any

import numpy as np

from .._progress import Progress, phase
from ._bits import member_matrix
from ._models import PayoffModel
from ._results import FarsightedResult
from ._stability import _sign

__all__ = ["largest_consistent_set", "indirect_dominance", "farsighted_cost",
           "FARSIGHTED_FEASIBLE"]


#: measured cost of the dominance graphs, seconds per unit of 6^n (2 cores, networkx 3)
_SECONDS_PER_UNIT = 3.5e-6
#: largest n whose farsighted analysis takes seconds, not minutes
FARSIGHTED_FEASIBLE = 8


def farsighted_cost(n: int) -> tuple[float, int]:
    """Rough ``(seconds, bytes)`` of :func:`largest_consistent_set` for *n* countries.

    The ``4^n`` pairs of states hold an int64 preference mask and a reachability flag
    (9 bytes each); the dominance graphs have up to ``3^n`` edges per target state, so the
    time grows like ``2^n 3^n = 6^n`` (about 5 s for n = 8, 40 s for n = 9 when measured).
    """
    return _SECONDS_PER_UNIT * 6.0 ** n, 9 * 4 ** n + 200 * 3 ** n


def _better_masks(pay: Sequence[Sequence[Any]], n: int) -> np.ndarray:
    """``better[a, e]`` = bitmask of countries strictly better off in e than in a.

    Exact payoffs (Fractions): each country's payoffs are ranked once (equal values share a
    rank) and the masks are array comparisons of ranks, ``O(4^n n)`` vector work.  Float
    payoffs keep the pairwise comparison with the scan's tolerance.
    """
    states = len(pay)
    if states and all(isinstance(v, (int, Fraction)) for row in pay for v in row):
        better = np.zeros((states, states), dtype=np.int64)
        for i in range(n):
            values = sorted({row[i] for row in pay})
            rank_of = {v: r for r, v in enumerate(values)}
            rank = np.array([rank_of[row[i]] for row in pay], dtype=np.int64)
            better |= (rank[None, :] > rank[:, None]).astype(np.int64) << i
        return better
    better = np.zeros((states, states), dtype=np.int64)
    for a in range(states):
        for e in range(states):
            m = 0
            for i in range(n):
                if _sign(pay[e][i], pay[a][i]) > 0:
                    m |= 1 << i
            better[a, e] = m
    return better


def indirect_dominance(better: np.ndarray, progress: bool | None = None) -> np.ndarray:
    """``reach[d, e]``: e indirectly dominates d (a chain of profitable moves from d to e).

    For each target e a directed graph (networkx) has an edge ``a -> a xor T`` for every
    non-empty group ``T`` whose members all strictly prefer e to a; ``d << e`` iff e is
    reachable from d by a path of at least one edge.
    """
    import networkx as nx

    states = better.shape[0]
    reach = np.zeros((states, states), dtype=bool)
    bar = Progress(states, "farsighted: indirect dominance", enabled=progress, unit="states")
    for e in range(states):
        bar.update(1)
        g = nx.DiGraph()
        g.add_nodes_from(range(states))
        for a in range(states):
            allowed = int(better[a, e])
            sub = allowed
            while sub:
                g.add_edge(a, a ^ sub)
                sub = (sub - 1) & allowed
        # e << e never holds: the first move of a chain from e needs a group preferring e to e
        for d in nx.ancestors(g, e):
            reach[d, e] = True
    bar.close()
    return reach


def largest_consistent_set(model: PayoffModel, players: Sequence[str],
                           progress: bool | None = None) -> FarsightedResult:
    """The largest consistent set of coalitions (Chwe 1994) of a membership game.

    Notes
    -----
    ``O(4^n n)`` work and memory for the dominance relations: for small n (the default
    limit is 6, 64 states).
    """
    n = model.n
    states = 1 << n
    x = member_matrix(np.arange(states), n)
    with phase("farsighted: payoffs and preferences", enabled=progress):
        pay = [model.exact_payoffs(row.tolist()) for row in x]
        better = _better_masks(pay, n)
    reach = indirect_dominance(better, progress)
    ids = np.arange(states)
    z = np.ones(states, dtype=bool)
    changed = True
    with phase("farsighted: largest consistent set", enabled=progress) as stage:
        rounds = 0
        while changed:
            rounds += 1
            stage.update(f"round {rounds}, {int(z.sum())} states left")
            changed = _delete_round(z, reach, better, ids, states)
    masks = tuple(int(m) for m in np.flatnonzero(z))
    return FarsightedResult(
        players=tuple(players),
        coalitions=tuple(tuple(players[i] for i in range(n) if (m >> i) & 1) for m in masks),
        masks=masks,
        payoffs=tuple(tuple(pay[m]) for m in masks),
    )


def _delete_round(z: np.ndarray, reach: np.ndarray, better: np.ndarray, ids: np.ndarray,
                  states: int) -> bool:
    """One pass of Chwe's deletion over the states still in *z* (changed in place)."""
    changed = False
    for a in np.flatnonzero(z).tolist():
        for d in range(states):
            if d == a:
                continue
            t = a ^ d
            cand = z & (reach[d] | (ids == d))
            es = np.flatnonzero(cand)
            # a is deleted if T strictly prefers every such e to a (or there is none)
            if all((int(better[a, e]) & t) == t for e in es.tolist()):
                z[a] = False
                changed = True
                break
    return changed
