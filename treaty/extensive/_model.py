"""The game tree: :class:`TreeGame` with its :class:`Node` and :class:`Infoset` records.

A finite game in extensive form (Kuhn 1953; Selten 1975) is a rooted tree whose internal
nodes are decision nodes of a player or chance nodes, whose leaves carry one payoff per
player, and whose decision nodes are partitioned into information sets: a player cannot
tell the nodes of one information set apart, so each has the same actions.  The model is a
flat, immutable table of nodes (``nodes[0]`` is the root, children by index), the form the
algorithms (backward induction, the reduced normal form, the sequence form) walk without
recursion limits.

Exact in, exact out: payoffs and chance probabilities given as ints, Fractions or decimal
strings are held as :class:`~fractions.Fraction` and :attr:`TreeGame.exact` is True; any
float makes the tree a float tree (``exact=False``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from fractions import Fraction
from typing import Any

from .._exact.numbers import as_fraction
from ..errors import GameError, GameTooLarge
from ..spec._limits import MAX_PLAYERS, MAX_TREE_NODES

__all__ = ["Node", "Infoset", "TreeGame", "DECISION", "CHANCE", "TERMINAL"]

DECISION = "decision"
CHANCE = "chance"
TERMINAL = "terminal"
_KINDS = (DECISION, CHANCE, TERMINAL)
#: tolerance of the sum of a float chance node's probabilities (exact trees sum to 1 exactly)
PROB_TOL = 1e-9


@dataclass(frozen=True)
class Node:
    """One node of a game tree.

    Attributes
    ----------
    kind : {"decision", "chance", "terminal"}
    player : int or None
        The index of the player who moves (decision nodes only).
    infoset : int or None
        Index into :attr:`TreeGame.infosets` (decision nodes; :meth:`TreeGame.from_nodes`
        gives a decision node with ``None`` an information set of its own).
    actions : tuple of str
        The labels of the moves, one per child.
    children : tuple of int
        Node indices of the children, in the order of *actions*.
    probs : tuple or None
        Chance nodes: the probability of each action (Fractions when exact).
    payoffs : tuple or None
        Terminal nodes: one payoff per player.
    label : str
        A name for the node (shown by ``treaty tree``; may be empty).
    """

    kind: str
    player: int | None = None
    infoset: int | None = None
    actions: tuple[str, ...] = ()
    children: tuple[int, ...] = ()
    probs: tuple[Any, ...] | None = None
    payoffs: tuple[Any, ...] | None = None
    label: str = ""

    @classmethod
    def decision(cls, player: int, actions: Sequence[str], children: Sequence[int], *,
                 infoset: int | None = None, label: str = "") -> Node:
        """A decision node of *player* (``infoset=None``: an information set of its own)."""
        return cls(DECISION, player, infoset, tuple(actions), tuple(children), None, None, label)

    @classmethod
    def chance(cls, actions: Sequence[str], probs: Sequence[Any], children: Sequence[int], *,
               label: str = "") -> Node:
        """A chance node moving to ``children[k]`` with probability ``probs[k]``."""
        return cls(CHANCE, None, None, tuple(actions), tuple(children), tuple(probs), None, label)

    @classmethod
    def terminal(cls, payoffs: Sequence[Any], *, label: str = "") -> Node:
        """A leaf with one payoff per player."""
        return cls(TERMINAL, None, None, (), (), None, tuple(payoffs), label)


@dataclass(frozen=True)
class Infoset:
    """An information set: decision nodes of one player that the player cannot tell apart.

    Attributes
    ----------
    player : int
    actions : tuple of str
        The actions available at every node of the set.
    nodes : tuple of int
        Its node indices, in increasing order.
    label : str
    """

    player: int
    actions: tuple[str, ...]
    nodes: tuple[int, ...]
    label: str = ""


def _number(value: Any, what: str) -> Any:
    """An exact Fraction for exact input, a float otherwise (GameError on anything else)."""
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise GameError(f"{what} is not a finite number: {value!r}")
        return value
    try:
        return as_fraction(value)
    except (TypeError, ValueError, ZeroDivisionError):
        raise GameError(f"{what} is not a number: {value!r}") from None


@dataclass(frozen=True, eq=False)
class TreeGame:
    """A finite game in extensive form with N >= 1 players (chance is not a player).

    Build one with :meth:`from_nodes`, which checks that the table is a tree and that the
    information sets are consistent; a spec of ``kind: extensive-form`` or a Gambit ``.efg``
    file gives one through :func:`treaty.load`.

    Attributes
    ----------
    players : tuple of str
    nodes : tuple of Node
        ``nodes[0]`` is the root; every other node has exactly one parent.
    infosets : tuple of Infoset
    title : str
    exact : bool
        True when every payoff and chance probability is a Fraction.
    info : GameInfo or None
        Metadata carried from a spec (file, parameters, description).
    spec : Spec or None
        The parametric spec the tree was instantiated from.

    Examples
    --------
    Entry deterrence (Selten 1978): the entrant stays out (0, 2) or enters; the incumbent
    then fights (-1, -1) or accommodates (1, 1).

    >>> t = TreeGame.from_nodes(["Entrant", "Incumbent"], [
    ...     Node.decision(0, ["out", "in"], [1, 2]),
    ...     Node.terminal([0, 2]),
    ...     Node.decision(1, ["fight", "accommodate"], [3, 4]),
    ...     Node.terminal([-1, -1]), Node.terminal([1, 1])])
    >>> len(t.nodes), len(t.infosets), t.exact, t.perfect_information
    (5, 2, True, True)
    >>> t.infosets[1].actions
    ('fight', 'accommodate')
    """

    players: tuple[str, ...]
    nodes: tuple[Node, ...]
    infosets: tuple[Infoset, ...]
    title: str = ""
    exact: bool = True
    info: Any = None
    spec: Any = field(default=None, compare=False)
    parents: tuple[int, ...] = field(default=(), repr=False)

    # -- construction ---------------------------------------------------------------------
    @classmethod
    def from_nodes(cls, players: Sequence[str], nodes: Sequence[Node], *, title: str = "",
                   infoset_labels: Mapping[int, str] | Sequence[str] | None = None,
                   info: Any = None, spec: Any = None) -> TreeGame:
        """Check a table of nodes and build the tree.

        Parameters
        ----------
        players : sequence of str
            Distinct player names (chance is not a player).
        nodes : sequence of Node
            ``nodes[0]`` is the root.  Decision nodes with the same ``infoset`` index form
            one information set; a decision node with ``infoset=None`` gets a new one.
        title : str
        infoset_labels : mapping or sequence, optional
            Labels of the information sets by index.
        info, spec : optional
            Metadata and the spec the tree came from.

        Raises
        ------
        GameError
            With the offending node: not a tree (a node with two parents, unreachable, a
            cycle), a child index out of range, actions and children of different lengths,
            duplicate actions, chance probabilities outside [0, 1] or not summing to 1, a
            leaf without one payoff per player, an information set mixing players or action
            lists.
        GameTooLarge
            More than ``MAX_TREE_NODES`` nodes (checked first).

        Notes
        -----
        Perfect recall is not required here (Gambit's files include games without it, even
        absent-minded ones whose information set holds two nodes of one path, as in
        Piccione and Rubinstein's driver); it is a property (:attr:`perfect_recall`) that
        the sequence form and Kuhn's behaviour strategies check with
        :meth:`check_perfect_recall`.
        """
        players = tuple(str(p) for p in players)
        if not players:
            raise GameError("a game tree needs at least one player")
        if len(players) > MAX_PLAYERS:
            raise GameTooLarge(f"{len(players)} players, more than the limit {MAX_PLAYERS} "
                               "(MAX_PLAYERS)")
        if len(set(players)) != len(players):
            raise GameError(f"player names must be distinct: {players}")
        if len(nodes) > MAX_TREE_NODES:
            raise GameTooLarge(f"the tree has {len(nodes):,} nodes, more than the limit "
                               f"{MAX_TREE_NODES:,} (MAX_TREE_NODES)")
        if not nodes:
            raise GameError("a game tree needs at least a root node")
        n, m = len(players), len(nodes)
        parents = [-1] * m
        exact = True
        fixed: list[Node] = []
        next_infoset = 1 + max((nd.infoset for nd in nodes if nd.infoset is not None), default=-1)
        for k, nd in enumerate(nodes):
            where = f"node {k}" + (f" ({nd.label!r})" if nd.label else "")
            if nd.kind not in _KINDS:
                raise GameError(f"{where}: unknown kind {nd.kind!r}; expected one of {_KINDS}")
            if nd.kind == TERMINAL:
                if nd.children or nd.actions:
                    raise GameError(f"{where}: a terminal node has no moves")
                if nd.payoffs is None or len(nd.payoffs) != n:
                    got = 0 if nd.payoffs is None else len(nd.payoffs)
                    raise GameError(f"{where}: a terminal node needs {n} payoffs (one per player),"
                                    f" got {got}")
                pay = tuple(_number(v, f"{where}: payoff of {players[i]}")
                            for i, v in enumerate(nd.payoffs))
                exact = exact and all(isinstance(v, Fraction) for v in pay)
                fixed.append(replace(nd, player=None, infoset=None, probs=None, payoffs=pay))
                continue
            if not nd.children:
                raise GameError(f"{where}: a {nd.kind} node needs at least one move")
            if len(nd.actions) != len(nd.children):
                raise GameError(f"{where}: {len(nd.actions)} actions for {len(nd.children)} "
                                "children")
            if len(set(nd.actions)) != len(nd.actions):
                raise GameError(f"{where}: duplicate action labels {nd.actions}")
            for c in nd.children:
                if not isinstance(c, int) or not 0 < c < m:
                    raise GameError(f"{where}: child {c!r} is not a node index in 1..{m - 1}")
                if parents[c] != -1:
                    raise GameError(f"node {c} has two parents (nodes {parents[c]} and {k}): "
                                    "not a tree")
                parents[c] = k
            if nd.kind == CHANCE:
                if nd.probs is None or len(nd.probs) != len(nd.children):
                    raise GameError(f"{where}: a chance node needs one probability per move")
                probs = tuple(_number(v, f"{where}: probability of {a!r}")
                              for a, v in zip(nd.actions, nd.probs))
                for a, p in zip(nd.actions, probs):
                    if not 0 <= p <= 1:
                        raise GameError(f"{where}: probability {p} of {a!r} is outside [0, 1]")
                total = sum(probs)
                if all(isinstance(p, Fraction) for p in probs):
                    if total != 1:
                        raise GameError(f"{where}: chance probabilities sum to {total}, not 1")
                else:
                    exact = False
                    if abs(float(total) - 1) > PROB_TOL:
                        raise GameError(f"{where}: chance probabilities sum to {float(total)!r}, "
                                        "not 1")
                fixed.append(replace(nd, player=None, infoset=None, probs=probs, payoffs=None))
                continue
            if nd.player is None or not isinstance(nd.player, int) or not 0 <= nd.player < n:
                raise GameError(f"{where}: player {nd.player!r} is not an index in 0..{n - 1}")
            h = nd.infoset
            if h is None:
                h = next_infoset
                next_infoset += 1
            elif not isinstance(h, int) or h < 0:
                raise GameError(f"{where}: infoset {h!r} is not a non-negative index")
            fixed.append(replace(nd, infoset=h, probs=None, payoffs=None))
        if any(p == -1 for p in parents[1:]):
            k = parents.index(-1, 1)
            raise GameError(f"node {k} is not reachable from the root (no parent)")
        # every node reachable from the root (rules out cycles among the non-root nodes)
        seen = 0
        stack = [0]
        while stack:
            k = stack.pop()
            seen += 1
            stack.extend(fixed[k].children)
        if seen != m:
            raise GameError(f"{m - seen} nodes are not reachable from the root: not a tree")
        # information sets: renumber densely in order of first appearance
        order: dict[int, int] = {}
        members: list[list[int]] = []
        for k, nd in enumerate(fixed):
            if nd.kind == DECISION:
                assert nd.infoset is not None
                if nd.infoset not in order:
                    order[nd.infoset] = len(members)
                    members.append([])
                members[order[nd.infoset]].append(k)
        labels: dict[int, str] = {}
        if infoset_labels is not None:
            items = (infoset_labels.items() if isinstance(infoset_labels, Mapping)
                     else enumerate(infoset_labels))
            labels = {order[h]: str(lab) for h, lab in items if h in order}
        infosets = []
        for j, ks in enumerate(members):
            first = fixed[ks[0]]
            for k in ks[1:]:
                nd = fixed[k]
                if nd.player != first.player:
                    raise GameError(f"node {k}: information set {j} mixes players "
                                    f"{players[first.player or 0]} and {players[nd.player or 0]}")
                if nd.actions != first.actions:
                    raise GameError(f"node {k}: information set {j} has actions {first.actions} "
                                    f"at node {ks[0]} and {nd.actions} here")
            assert first.player is not None
            infosets.append(Infoset(first.player, first.actions, tuple(ks), labels.get(j, "")))
        fixed = [replace(nd, infoset=order[nd.infoset]) if nd.infoset is not None else nd
                 for nd in fixed]
        return cls(players, tuple(fixed), tuple(infosets), title, exact, info, spec, tuple(parents))

    # -- structure ------------------------------------------------------------------------
    @property
    def n_players(self) -> int:
        """The number of players (chance not counted)."""
        return len(self.players)

    @property
    def root(self) -> Node:
        """``nodes[0]``."""
        return self.nodes[0]

    @property
    def perfect_information(self) -> bool:
        """Every information set holds a single node."""
        return all(len(h.nodes) == 1 for h in self.infosets)

    def player_index(self, player: int | str) -> int:
        """The index of *player* given by name or index (GameError if unknown)."""
        if isinstance(player, int) and not isinstance(player, bool):
            if 0 <= player < self.n_players:
                return player
            raise GameError(f"player index {player} is out of range 0..{self.n_players - 1}")
        if player in self.players:
            return self.players.index(str(player))
        from ..errors import did_you_mean

        raise GameError(f"unknown player {player!r} ({did_you_mean(str(player), self.players)})")

    def path(self, k: int) -> list[tuple[int, int]]:
        """The moves from the root to node *k*: ``(node, action index)`` pairs, root first."""
        out: list[tuple[int, int]] = []
        while k != 0:
            p = self.parents[k]
            out.append((p, self.nodes[p].children.index(k)))
            k = p
        out.reverse()
        return out

    def sequence(self, k: int, player: int) -> tuple[tuple[int, int], ...]:
        """*player*'s own moves on the way to node *k*: ``(infoset, action index)`` pairs.

        This is the sequence of von Stengel (1996) that leads to *k*; the empty tuple is the
        empty sequence.
        """
        return tuple((self.nodes[p].infoset, a) for p, a in self.path(k)  # type: ignore[misc]
                     if self.nodes[p].kind == DECISION and self.nodes[p].player == player)

    def recall_violation(self) -> str | None:
        """Why the tree lacks perfect recall, or None when it has it.

        Perfect recall (Kuhn 1953): all nodes of an information set are reached by the same
        sequence of the player's own moves (the same information sets and actions).
        """
        for j, h in enumerate(self.infosets):
            first = self.sequence(h.nodes[0], h.player)
            for k in h.nodes[1:]:
                if self.sequence(k, h.player) != first:
                    name = f" ({h.label!r})" if h.label else ""
                    return (f"information set {j}{name} of {self.players[h.player]} is reached by "
                            f"different own moves at nodes {h.nodes[0]} and {k}")
        return None

    @property
    def perfect_recall(self) -> bool:
        """Every player remembers their own earlier moves (see :meth:`recall_violation`)."""
        return self.recall_violation() is None

    def check_perfect_recall(self) -> None:
        """Raise GameError naming the information set unless the tree has perfect recall."""
        why = self.recall_violation()
        if why is not None:
            raise GameError(f"the tree lacks perfect recall: {why}")

    def infosets_of(self, player: int) -> list[int]:
        """Indices of *player*'s information sets."""
        return [j for j, h in enumerate(self.infosets) if h.player == player]

    def terminals(self) -> list[int]:
        """Indices of the terminal nodes."""
        return [k for k, nd in enumerate(self.nodes) if nd.kind == TERMINAL]

    # -- evaluation -----------------------------------------------------------------------
    def expected_payoffs(self, behavior: Mapping[int, Sequence[Any]]) -> tuple[Any, ...]:
        """Expected payoffs of a behaviour-strategy profile.

        Parameters
        ----------
        behavior : mapping of infoset index to probabilities
            One probability per action at every information set (a missing one is a
            GameError: every set must be covered, reached or not).

        Returns
        -------
        tuple
            One expected payoff per player (Fractions when the tree and *behavior* are exact).
        """
        for j, h in enumerate(self.infosets):
            if j not in behavior or len(behavior[j]) != len(h.actions):
                raise GameError(f"behaviour needs {len(h.actions)} probabilities at information "
                                f"set {j}")
        reach = self.reach_probabilities(behavior)
        total: list[Any] = [0] * self.n_players
        for k in self.terminals():
            if reach[k]:
                pay = self.nodes[k].payoffs
                assert pay is not None
                for i in range(self.n_players):
                    total[i] += reach[k] * pay[i]
        return tuple(total)

    def post_order(self) -> list[int]:
        """Every node index, children before their parent (iterative: deep trees are fine)."""
        order: list[int] = []
        stack = [0]
        while stack:
            k = stack.pop()
            order.append(k)
            stack.extend(self.nodes[k].children)
        order.reverse()
        return order

    def reach_probabilities(self, behavior: Mapping[int, Sequence[Any]]) -> list[Any]:
        """The probability of reaching every node under *behavior* (chance included)."""
        reach: list[Any] = [0] * len(self.nodes)
        reach[0] = Fraction(1)
        stack = [0]
        while stack:
            k = stack.pop()
            nd = self.nodes[k]
            if nd.kind == TERMINAL:
                continue
            probs = nd.probs if nd.kind == CHANCE else behavior[nd.infoset]  # type: ignore[index]
            assert probs is not None
            for c, p in zip(nd.children, probs):
                reach[c] = reach[k] * p
                stack.append(c)
        return reach

    def __repr__(self) -> str:
        return (f"<TreeGame {self.title!r}: {self.n_players} players, {len(self.nodes)} nodes, "
                f"{len(self.infosets)} information sets>")
