"""The reduced normal form of a game tree, and behaviour strategies from its mixed strategies.

A pure strategy of a tree names an action at each of the player's information sets; many of
them differ only at sets that the player's own earlier moves already exclude, and give the
same outcome against everything.  The *reduced* normal form keeps one strategy per class:
a *plan* that names an action exactly at the sets its own moves leave reachable
(Kuhn 1953; von Stengel 1996, section 2; Osborne and Rubinstein 1994, section 11.1).  Its
size is often far below the full product (a centipede with m moves per player has m + 1
plans each, not 2**m), but still exponential in general: the sequence form stays linear.

Plans are built from the leaves up, for one player at a time: at a leaf the empty plan; at
the player's own node the union over actions of "this action plus a plan of that subtree";
at another player's or chance node every combination of one plan per subtree (the player
must be ready for every branch), merged, and dropped when two subtrees disagree at a shared
information set (possible only without perfect recall).  An upper bound on the number of
plans (sums at own nodes, products elsewhere) is checked against the size limits before any
plan is built.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from itertools import product
from typing import Any

import numpy as np

from ..errors import GameError, GameTooLarge
from ..game import Game, GameInfo
from ..spec._limits import MAX_PROFILES, MAX_STRATEGIES
from ._model import CHANCE, DECISION, TERMINAL, TreeGame

__all__ = ["reduced_normal_form", "reduced_plans", "plan_counts", "plan_label",
           "behavior_from_mixed", "Plan"]

#: a plan: (information set, action index) pairs, sorted by information set
Plan = tuple[tuple[int, int], ...]


def _sequence_tree(tree: TreeGame, player: int) -> dict[Any, list[int]]:
    """The information sets of *player* that follow each of its sequences (None: the empty
    sequence), in the order they are met; with perfect recall each set follows one sequence,
    so this is the player's tree of sequences (von Stengel 1996, section 3)."""
    follows: dict[Any, list[int]] = {}
    seen: set[int] = set()
    stack: list[tuple[int, Any]] = [(0, None)]
    while stack:
        k, seq = stack.pop()
        nd = tree.nodes[k]
        if nd.kind == DECISION and nd.player == player:
            h = nd.infoset
            assert h is not None
            if h not in seen:
                seen.add(h)
                follows.setdefault(seq, []).append(h)
            stack.extend((c, (h, a)) for a, c in reversed(list(enumerate(nd.children))))
        else:
            stack.extend((c, seq) for c in reversed(nd.children))
    return follows


def plan_counts(tree: TreeGame) -> list[int]:
    """Each player's number of reduced plans: exact with perfect recall (counted on the
    player's tree of sequences), an upper bound otherwise (sums at the player's own nodes,
    products elsewhere).

    >>> from treaty.extensive import Node, TreeGame
    >>> t = TreeGame.from_nodes(["A", "B"], [
    ...     Node.decision(0, ["x", "y"], [1, 2]), Node.terminal([0, 0]),
    ...     Node.decision(1, ["l", "r"], [3, 4]), Node.terminal([1, 1]), Node.terminal([2, 2])])
    >>> plan_counts(t)
    [2, 2]
    """
    if tree.perfect_recall:
        out = []
        for i in range(tree.n_players):
            out.append(_count_iterative(tree, _sequence_tree(tree, i)))
        return out
    counts = []
    order = tree.post_order()
    for i in range(tree.n_players):
        ub: dict[int, int] = {}
        for k in order:
            nd = tree.nodes[k]
            if nd.kind == TERMINAL:
                ub[k] = 1
            elif nd.kind == DECISION and nd.player == i:
                ub[k] = sum(ub.pop(c) for c in nd.children)
            else:
                v = 1
                for c in nd.children:
                    v *= ub.pop(c)
                ub[k] = v
        counts.append(ub[0])
    return counts


def _seq_order(tree: TreeGame, follows: dict[Any, list[int]]) -> list[Any]:
    """The player's sequences, parents before children."""
    order: list[Any] = [None]
    k = 0
    while k < len(order):
        for h in follows.get(order[k], ()):
            order.extend((h, a) for a in range(len(tree.infosets[h].actions)))
        k += 1
    return order


def _count_iterative(tree: TreeGame, follows: dict[Any, list[int]]) -> int:
    value: dict[Any, int] = {}
    for seq in reversed(_seq_order(tree, follows)):
        v = 1
        for h in follows.get(seq, ()):
            v *= sum(value[(h, a)] for a in range(len(tree.infosets[h].actions)))
        value[seq] = v
    return value[None]


def _merge(a: dict[int, int], b: Plan) -> bool:
    for h, x in b:
        if a.setdefault(h, x) != x:
            return False
    return True


def reduced_plans(tree: TreeGame) -> list[list[Plan]]:
    """Every player's reduced plans, in a fixed order (the strategies of the reduced form).

    Returns
    -------
    list of list of Plan
        ``plans[i][s]`` is a tuple of ``(infoset, action index)`` pairs: the actions of
        player *i*'s strategy *s* at the information sets it leaves reachable.

    Raises
    ------
    GameTooLarge
        When :func:`plan_counts` exceeds ``MAX_STRATEGIES`` for one player or the product
        exceeds ``MAX_PROFILES`` (checked before any plan is built).

    Notes
    -----
    With perfect recall the plans are built on each player's tree of sequences: the plans
    after a sequence are every combination, over the information sets that follow it, of an
    action there and a plan after that action (so the work is the output's size).  Without
    perfect recall they are built on the game tree and merged, dropping combinations that
    disagree at a shared information set.
    """
    counts = plan_counts(tree)
    total = 1
    for i, c in enumerate(counts):
        if c > MAX_STRATEGIES:
            raise GameTooLarge(f"{tree.players[i]} has up to {c:,} reduced strategies, more than "
                               f"the limit {MAX_STRATEGIES:,} (MAX_STRATEGIES): use the sequence "
                               "form (linear in the tree) for 2 players")
        total *= c
    if total > MAX_PROFILES:
        raise GameTooLarge(f"the reduced normal form has up to {total:,} profiles "
                           f"({' x '.join(f'{c:,}' for c in counts)}), more than the limit "
                           f"{MAX_PROFILES:,} (MAX_PROFILES): use the sequence form for 2 players")
    if tree.perfect_recall:
        out = []
        for i in range(tree.n_players):
            follows = _sequence_tree(tree, i)
            after: dict[Any, list[Plan]] = {}
            for seq in reversed(_seq_order(tree, follows)):
                lists: list[list[Plan]] = [[()]]
                for h in follows.get(seq, ()):
                    lists.append([((h, a), *p) for a in range(len(tree.infosets[h].actions))
                                  for p in after[(h, a)]])
                after[seq] = [tuple(sorted(x for part in combo for x in part))
                              for combo in product(*lists)]
            out.append(after[None])
        return out
    order = tree.post_order()
    out = []
    for i in range(tree.n_players):
        plans: dict[int, list[Plan]] = {}
        for k in order:
            nd = tree.nodes[k]
            if nd.kind == TERMINAL:
                plans[k] = [()]
            elif nd.kind == DECISION and nd.player == i:
                here = nd.infoset
                assert here is not None
                lst: list[Plan] = []
                for a, c in enumerate(nd.children):
                    for p in plans.pop(c):
                        merged: dict[int, int] = {here: a}
                        if _merge(merged, p):
                            lst.append(tuple(sorted(merged.items())))
                plans[k] = lst
            else:
                lst = []
                seen: set[Plan] = set()
                for combo in product(*(plans.pop(c) for c in nd.children)):
                    merged = {}
                    if all(_merge(merged, p) for p in combo):
                        plan = tuple(sorted(merged.items()))
                        if plan not in seen:
                            seen.add(plan)
                            lst.append(plan)
                plans[k] = lst
        out.append(plans[0])
    return out


def plan_label(tree: TreeGame, player: int, plan: Plan) -> str:
    """A strategy label: the action at each of the player's information sets, ``*`` where
    the plan leaves the set unreachable (comma-separated when there are several sets)."""
    mine = tree.infosets_of(player)
    if not mine:
        return "(no move)"
    chosen = dict(plan)
    parts = [tree.infosets[h].actions[chosen[h]] if h in chosen else "*" for h in mine]
    return ",".join(parts)


def reduced_normal_form(tree: TreeGame) -> Game:
    """The reduced normal form of *tree* as a :class:`treaty.Game`.

    Strategy *s* of player *i* is ``reduced_plans(tree)[i][s]``, labelled by
    :func:`plan_label`; the payoff of a profile is the expected payoff over chance of the
    leaf (or leaves) it reaches.  Exact trees give exact games.

    Raises
    ------
    GameError
        The tree has one player (a Game needs two).
    GameTooLarge
        As :func:`reduced_plans` (checked before the table is built).

    Notes
    -----
    The payoff table is filled leaf by leaf: leaf *t* adds ``P_chance(t) * u(t)`` to every
    profile whose plans all contain their player's moves on the path to *t*; the work is
    the table's size times the number of chance outcomes a profile reaches.

    Examples
    --------
    Entry deterrence: the normal form has the Nash equilibrium (out, fight) that backward
    induction rules out, beside (in, accommodate).

    >>> from treaty.extensive import Node, TreeGame
    >>> t = TreeGame.from_nodes(["Entrant", "Incumbent"], [
    ...     Node.decision(0, ["out", "in"], [1, 2]), Node.terminal([0, 2]),
    ...     Node.decision(1, ["fight", "accommodate"], [3, 4]),
    ...     Node.terminal([-1, -1]), Node.terminal([1, 1])])
    >>> g = reduced_normal_form(t)
    >>> g.strategies
    (('out', 'in'), ('fight', 'accommodate'))
    >>> [g.payoff(p) for p in [("out", "fight"), ("in", "fight"), ("in", "accommodate")]]
    [(Fraction(0, 1), Fraction(2, 1)), (Fraction(-1, 1), Fraction(-1, 1)), (Fraction(1, 1), Fraction(1, 1))]
    """
    if tree.n_players < 2:
        raise GameError("the normal form needs at least 2 players; this tree has 1")
    plans = reduced_plans(tree)
    n = tree.n_players
    shape = tuple(len(p) for p in plans)
    pay = np.empty((n, *shape), dtype=object)
    pay[...] = Fraction(0)
    sets = [[set(p) for p in ps] for ps in plans]
    # walk the tree carrying the chance probability and each player's moves so far
    stack: list[tuple[int, Any, tuple[tuple[tuple[int, int], ...], ...]]] = [
        (0, Fraction(1), tuple(() for _ in range(n)))]
    while stack:
        k, prob, moves = stack.pop()
        nd = tree.nodes[k]
        if nd.kind == TERMINAL:
            if prob == 0:
                continue
            assert nd.payoffs is not None
            idx = [[s for s, ps in enumerate(sets[i]) if ps.issuperset(moves[i])]
                   for i in range(n)]
            block = np.ix_(*idx)
            for i in range(n):
                pay[i][block] = pay[i][block] + prob * nd.payoffs[i]
        elif nd.kind == CHANCE:
            assert nd.probs is not None
            for c, p in zip(nd.children, nd.probs):
                stack.append((c, prob * p, moves))
        else:
            mover = nd.player
            assert mover is not None and nd.infoset is not None
            for a, c in enumerate(nd.children):
                new = list(moves)
                new[mover] = (*moves[mover], (nd.infoset, a))
                stack.append((c, prob, tuple(new)))
    labels = [[plan_label(tree, i, p) for p in plans[i]] for i in range(n)]
    labels = [_distinct(ls) for ls in labels]
    info = tree.info if isinstance(tree.info, GameInfo) else None
    return Game(pay, players=tree.players, strategies=labels, title=tree.title, info=info)


def _distinct(labels: list[str]) -> list[str]:
    if len(set(labels)) == len(labels):
        return labels
    from ..spec.nfg import normalize_labels

    return normalize_labels(labels)


def behavior_from_mixed(tree: TreeGame, profile: Sequence[Sequence[Any]],
                        plans: Sequence[Sequence[Plan]] | None = None
                        ) -> dict[int, tuple[Any, ...]]:
    """Behaviour strategies equivalent to mixed strategies over reduced plans (Kuhn 1953).

    Parameters
    ----------
    tree : TreeGame
        With perfect recall.
    profile : sequence of probability vectors
        One per player, over ``reduced_plans(tree)[i]`` (the reduced game's strategies).
    plans : optional
        ``reduced_plans(tree)``, if already computed.

    Returns
    -------
    dict of infoset index to tuple
        At information set *h* of player *i* reached by *i*'s own sequence ``s``, the
        probability of action *a* is the weight of the plans containing ``s`` and ``(h, a)``
        divided by the weight of the plans containing ``s`` (Kuhn's theorem; von Stengel
        1996, eq. (6)).  At a set the mixed strategy itself never reaches the weight is 0
        and the behaviour there is arbitrary for Nash equilibrium: uniform is returned.

    Raises
    ------
    GameError
        Without perfect recall, or with vectors of the wrong length.
    """
    tree.check_perfect_recall()
    if plans is None:
        plans = reduced_plans(tree)
    if len(profile) != tree.n_players or any(len(x) != len(p) for x, p in zip(profile, plans)):
        raise GameError(f"the profile needs one vector per player of lengths "
                        f"{[len(p) for p in plans]}")
    out: dict[int, tuple[Any, ...]] = {}
    exact = all(isinstance(v, (Fraction, int)) for x in profile for v in x)
    for h, hs in enumerate(tree.infosets):
        i = hs.player
        seq = set(tree.sequence(hs.nodes[0], i))
        weights = [Fraction(0) if exact else 0.0] * len(hs.actions)
        total: Any = Fraction(0) if exact else 0.0
        for x, p in zip(profile[i], plans[i]):
            if x and seq.issubset(p):
                total += x
                a = dict(p).get(h)
                if a is not None:
                    weights[a] += x
        if total:
            out[h] = tuple(w / total for w in weights)
        else:
            m = len(hs.actions)
            out[h] = tuple(Fraction(1, m) if exact else 1.0 / m for _ in range(m))
    return out
