"""Subgame-perfect equilibria of perfect-information trees by backward induction.

Kuhn (1953) and Selten (1975): in a finite game of perfect information every subgame is
solved from the leaves up; a player at a node picks an action that maximises their payoff
given the equilibrium already chosen in each subtree; chance nodes average their children
with their probabilities.  Where a player is indifferent between several actions (ties, the
normal case for integer payoffs), each optimal action starts other subgame-perfect
equilibria, and the choices in subtrees that are not reached still matter for the values
higher up; :func:`subgame_perfect` enumerates every combination, so it returns every
subgame-perfect equilibrium in pure strategies (mixtures of tied actions are subgame perfect
too and are not listed).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from .._exact.numbers import number_to_json
from ..errors import GameError, GameTooLarge, SolverError
from ..results import Notebook
from ..spec import _limits
from ._model import CHANCE, DECISION, TERMINAL, TreeGame

__all__ = ["subgame_perfect", "SubgamePerfect", "SubgamePerfectSet", "TIE_TOL"]

#: relative tolerance of a tie between float payoffs (exact trees compare exactly)
TIE_TOL = 1e-9


def _tied(a: Any, b: Any) -> bool:
    if isinstance(a, Fraction) and isinstance(b, Fraction):
        return a == b
    return abs(float(a) - float(b)) <= TIE_TOL * max(1.0, abs(float(a)), abs(float(b)))


@dataclass(frozen=True)
class SubgamePerfect(Notebook):
    """One pure subgame-perfect equilibrium: an action at every information set.

    Attributes
    ----------
    choices : tuple of int
        The action index chosen at each information set (all of them, reached or not).
    payoffs : tuple
        The expected payoff of each player (Fractions when the tree is exact).
    path : tuple of int
        The nodes reached with positive probability, in tree order (the equilibrium path).
    tree : TreeGame
    """

    choices: tuple[int, ...]
    payoffs: tuple[Any, ...]
    path: tuple[int, ...]
    tree: TreeGame = field(repr=False, compare=False)

    def action(self, infoset: int) -> str:
        """The label of the action chosen at *infoset*."""
        return self.tree.infosets[infoset].actions[self.choices[infoset]]

    @property
    def behavior(self) -> dict[int, tuple[Fraction, ...]]:
        """The equilibrium as behaviour strategies (probability 1 on each chosen action)."""
        return {j: tuple(Fraction(int(a == c)) for a in range(len(h.actions)))
                for j, (h, c) in enumerate(zip(self.tree.infosets, self.choices))}

    def strategy(self, player: int | str) -> dict[str, str]:
        """*player*'s plan: node label (or ``node k``) to the action chosen there."""
        i = self.tree.player_index(player)
        out = {}
        for j, h in enumerate(self.tree.infosets):
            if h.player == i:
                k = h.nodes[0]
                out[h.label or self.tree.nodes[k].label or f"node {k}"] = self.action(j)
        return out

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: each player's plan, the payoffs (exact as strings) and the path."""
        return {
            "strategies": {p: self.strategy(i) for i, p in enumerate(self.tree.players)},
            "payoffs": {p: number_to_json(v) for p, v in zip(self.tree.players, self.payoffs)},
            "path": list(self.path),
        }

    def describe(self) -> str:
        """One sentence: the moves on the equilibrium path and the payoffs."""
        moves = []
        for k in self.path:
            nd = self.tree.nodes[k]
            if nd.kind == DECISION and nd.infoset is not None:
                moves.append(f"{self.tree.players[nd.player or 0]} {self.action(nd.infoset)}")
        pays = ", ".join(f"{p} {v}" for p, v in zip(self.tree.players, self.payoffs))
        return f"subgame-perfect: {'; '.join(moves) or 'no moves'} (payoffs {pays})"


@dataclass(frozen=True)
class SubgamePerfectSet(Notebook, Sequence[SubgamePerfect]):
    """Every pure subgame-perfect equilibrium of a perfect-information tree.

    Attributes
    ----------
    equilibria : tuple of SubgamePerfect
    tree : TreeGame
    complete : bool
        True when every pure subgame-perfect equilibrium is listed (``ties="all"``);
        False for ``ties="first"`` (one of them, the first optimal action at each tie).
    exact : bool
        Exact arithmetic (the tree is exact); float trees treat payoffs within
        :data:`TIE_TOL` (relative) as tied.
    note : str
    """

    equilibria: tuple[SubgamePerfect, ...]
    tree: TreeGame = field(repr=False, compare=False)
    complete: bool = True
    exact: bool = True
    note: str = ""

    def __len__(self) -> int:
        return len(self.equilibria)

    def __getitem__(self, k: Any) -> Any:
        return self.equilibria[k]

    def __iter__(self) -> Iterator[SubgamePerfect]:
        return iter(self.equilibria)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: the equilibria, whether the list is complete, exactness and the note."""
        return {"solution": "subgame-perfect", "complete": self.complete, "exact": self.exact,
                "note": self.note, "equilibria": [e.to_dict() for e in self.equilibria]}

    def describe(self) -> str:
        """One sentence: how many subgame-perfect equilibria and whether that is all."""
        n = len(self.equilibria)
        what = "all of them" if self.complete else "one of them: ties broken by the first action"
        noun = "equilibrium" if n == 1 else "equilibria"
        return (f"{n} pure subgame-perfect {noun} by backward induction ({what}; "
                f"{'exact' if self.exact else 'float'} arithmetic)")


# an assignment of a subtree: (node, chosen child position or -1, child assignments)
_Assign = tuple[int, int, tuple[Any, ...]]


def subgame_perfect(tree: TreeGame, *, ties: str = "all",
                    limit: int | None = None) -> SubgamePerfectSet:
    """Pure subgame-perfect equilibria of a perfect-information tree by backward induction.

    Parameters
    ----------
    tree : TreeGame
        Every information set a single node (chance nodes allowed).
    ties : {"all", "first"}
        ``"all"``: every pure subgame-perfect equilibrium (every optimal action at every
        tie, combined with every equilibrium of the other subtrees); ``"first"``: one, the
        first optimal action in the node's order at each tie.
    limit : int, optional
        The most equilibria enumerated (default ``MAX_SPE``).

    Returns
    -------
    SubgamePerfectSet
        Each equilibrium certified: its values are recomputed bottom-up and every decision
        node's choice checked optimal (exactly for exact trees), which by the one-shot
        deviation principle makes it subgame perfect.

    Raises
    ------
    GameError
        The tree has an information set with more than one node, or *ties* is unknown.
    GameTooLarge
        More than *limit* equilibria (ties combine multiplicatively); the count at which the
        enumeration stopped is in the message; ``ties="first"`` gives one.

    Notes
    -----
    Kuhn (1953), Selten (1975).  One pass over the nodes from the leaves up; at a node the
    children's lists of subtree equilibria are combined (their product) and the optimal
    actions kept.  Time is linear in the tree when there are no ties; with ties it is
    bounded by the number of equilibria times the tree size.

    Examples
    --------
    The centipede game (Rosenthal 1981) with two moves each: taking at once is the unique
    subgame-perfect equilibrium.

    >>> from treaty.extensive import Node, TreeGame
    >>> t = TreeGame.from_nodes(["A", "B"], [
    ...     Node.decision(0, ["take", "pass"], [1, 2]), Node.terminal([1, 0]),
    ...     Node.decision(1, ["take", "pass"], [3, 4]), Node.terminal([0, 2]),
    ...     Node.terminal([3, 1])])
    >>> spe = subgame_perfect(t)
    >>> len(spe), spe[0].action(0), spe[0].action(1), spe[0].payoffs
    (1, 'take', 'take', (Fraction(1, 1), Fraction(0, 1)))
    """
    if ties not in ("all", "first"):
        raise GameError(f"unknown tie rule {ties!r}; expected 'all' or 'first'")
    if not tree.perfect_information:
        j = next(j for j, h in enumerate(tree.infosets) if len(h.nodes) > 1)
        raise GameError(f"backward induction needs perfect information, and information set {j} "
                        f"holds {len(tree.infosets[j].nodes)} nodes: use the reduced normal form "
                        "(treaty.extensive.reduced_normal_form) or the sequence form")
    cap = _limits.MAX_SPE if limit is None else int(limit)
    if cap < 1:
        raise GameError(f"limit must be at least 1, got {limit}")
    n = tree.n_players
    nodes = tree.nodes
    sols: dict[int, list[tuple[_Assign, tuple[Any, ...]]]] = {}
    for k in tree.post_order():
        nd = nodes[k]
        if nd.kind == TERMINAL:
            assert nd.payoffs is not None
            sols[k] = [((k, -1, ()), nd.payoffs)]
            continue
        lists = [sols.pop(c) for c in nd.children]
        if ties == "first":
            lists = [lst[:1] for lst in lists]
        count = 1
        for lst in lists:
            count *= len(lst)
        if count > cap:  # checked before the product is formed
            raise GameTooLarge(
                f"more than {cap:,} subgame-perfect equilibria (ties): the subtrees of node "
                f"{k} combine {count:,} (MAX_SPE); pass ties='first' for one")
        out: list[tuple[_Assign, tuple[Any, ...]]] = []
        for combo in _product(lists):
            vals = [v for _, v in combo]
            subs = tuple(a for a, _ in combo)
            if nd.kind == CHANCE:
                assert nd.probs is not None
                value = tuple(sum((p * v[i] for p, v in zip(nd.probs, vals)), Fraction(0))
                              for i in range(n))
                out.append(((k, -1, subs), value))
            else:
                i = nd.player
                assert i is not None
                best = vals[0][i]
                for v in vals[1:]:
                    if v[i] > best:
                        best = v[i]
                for c, v in enumerate(vals):
                    if _tied(v[i], best):
                        out.append(((k, c, subs), v))
                        if ties == "first":
                            break
            if len(out) > cap:
                raise GameTooLarge(f"more than {cap:,} subgame-perfect equilibria (ties) at node "
                                   f"{k} (MAX_SPE); pass ties='first' for one")
        sols[k] = out
    found = []
    for assign, value in sols[0]:
        choices = [-1] * len(tree.infosets)
        todo = [assign]
        while todo:
            k, c, subs = todo.pop()
            if c >= 0:
                h = nodes[k].infoset
                assert h is not None
                choices[h] = c
            todo.extend(subs)
        payoffs = tuple(value)
        path = _path(tree, choices)
        _certify(tree, choices, payoffs)
        found.append(SubgamePerfect(tuple(choices), payoffs, path, tree))
    note = "" if ties == "all" else "one equilibrium: ties broken by the first optimal action"
    return SubgamePerfectSet(tuple(found), tree, complete=ties == "all", exact=tree.exact,
                             note=note)


def _product(lists: list[list[Any]]) -> Iterator[tuple[Any, ...]]:
    from itertools import product

    return product(*lists)


def _path(tree: TreeGame, choices: list[int]) -> tuple[int, ...]:
    """Nodes reached with positive probability when every set plays *choices*."""
    out = []
    stack = [0]
    while stack:
        k = stack.pop()
        out.append(k)
        nd = tree.nodes[k]
        if nd.kind == DECISION:
            assert nd.infoset is not None
            stack.append(nd.children[choices[nd.infoset]])
        elif nd.kind == CHANCE:
            assert nd.probs is not None
            stack.extend(c for c, p in zip(nd.children, nd.probs) if p > 0)
    return tuple(sorted(out))


def _certify(tree: TreeGame, choices: list[int], payoffs: tuple[Any, ...]) -> None:
    """Recompute the values bottom-up and check every choice is optimal (one-shot deviation)."""
    value: dict[int, tuple[Any, ...]] = {}
    for k in tree.post_order():
        nd = tree.nodes[k]
        if nd.kind == TERMINAL:
            assert nd.payoffs is not None
            value[k] = nd.payoffs
        elif nd.kind == CHANCE:
            assert nd.probs is not None
            value[k] = tuple(sum((p * value[c][i] for p, c in zip(nd.probs, nd.children)),
                                 Fraction(0)) for i in range(tree.n_players))
        else:
            assert nd.infoset is not None and nd.player is not None
            chosen = value[nd.children[choices[nd.infoset]]]
            for c in nd.children:
                if value[c][nd.player] > chosen[nd.player] and not _tied(value[c][nd.player],
                                                                        chosen[nd.player]):
                    raise SolverError(f"backward induction: the choice at node {k} is not optimal "
                                      "(please report this tree)")
            value[k] = chosen
    if any(not _tied(a, b) for a, b in zip(value[0], payoffs)):
        raise SolverError("backward induction: the equilibrium's payoffs do not recompute")
