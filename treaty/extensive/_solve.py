"""Equilibria of a game tree as behaviour strategies on the tree, each certified on the tree.

:func:`solve_tree` picks the method: backward induction for perfect information (every pure
subgame-perfect equilibrium), otherwise the reduced normal form solved by
:func:`treaty.equilibria` with each mixed equilibrium turned into behaviour strategies by
Kuhn's theorem.  :func:`tree_regret` certifies a behaviour profile on the tree itself: for
each player the best payoff any reduced plan earns against the others' behaviour, minus the
payoff the profile gives (exactly 0 certifies a Nash equilibrium of the tree).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from .._exact.numbers import number_to_json
from ..errors import GameError, SolverError
from ..results import Notebook
from ._model import CHANCE, DECISION, TERMINAL, TreeGame
from ._reduce import Plan, reduced_plans

__all__ = ["solve_tree", "tree_regret", "tree_regrets", "best_response_value", "TreeProfile", "TreeSolution",
           "TREE_METHODS"]

TREE_METHODS = ("auto", "backward-induction", "normal-form", "sequence-form")


def _plan_payoff(tree: TreeGame, player: int, plan: Plan,
                 behavior: Mapping[int, Sequence[Any]]) -> Any:
    """*player*'s expected payoff playing *plan* against the others' *behavior*."""
    chosen = dict(plan)
    total: Any = Fraction(0)
    stack: list[tuple[int, Any]] = [(0, Fraction(1))]
    while stack:
        k, prob = stack.pop()
        nd = tree.nodes[k]
        if nd.kind == TERMINAL:
            assert nd.payoffs is not None
            total += prob * nd.payoffs[player]
        elif nd.kind == CHANCE:
            assert nd.probs is not None
            stack.extend((c, prob * p) for c, p in zip(nd.children, nd.probs) if p)
        elif nd.player == player:
            assert nd.infoset is not None
            stack.append((nd.children[chosen[nd.infoset]], prob))
        else:
            assert nd.infoset is not None
            stack.extend((c, prob * p) for c, p in zip(nd.children, behavior[nd.infoset]) if p)
    return total


def best_response_value(tree: TreeGame, player: int, behavior: Mapping[int, Sequence[Any]]) -> Any:
    """The most *player* can earn against the others' behaviour strategies (perfect recall).

    One pass over the tree (von Stengel 1996, the sequence form): every leaf's payoff, weighted
    by the probability that chance and the others reach it, is credited to the player's own
    sequence leading to it; then, from the last information sets back, the value of a sequence
    is its credit plus, for each information set that follows it, the best action's value.
    Perfect recall makes the player's sequences a tree, so this is exact and linear in the tree.
    """
    credit: dict[Any, Any] = {}
    follows: dict[Any, set[int]] = {}
    order: list[int] = []  # own information sets in the order they are met (parents first)
    stack: list[tuple[int, Any, Any]] = [(0, Fraction(1), None)]
    while stack:
        k, prob, seq = stack.pop()
        nd = tree.nodes[k]
        if nd.kind == TERMINAL:
            assert nd.payoffs is not None
            credit[seq] = credit.get(seq, 0) + prob * nd.payoffs[player]
        elif nd.kind == CHANCE:
            assert nd.probs is not None
            stack.extend((c, prob * p, seq) for c, p in zip(nd.children, nd.probs) if p)
        elif nd.player == player:
            h = nd.infoset
            assert h is not None
            if h not in follows.setdefault(seq, set()):
                follows[seq].add(h)
                order.append(h)
            stack.extend((c, prob, (h, a)) for a, c in enumerate(nd.children))
        else:
            assert nd.infoset is not None
            stack.extend((c, prob * p, seq) for c, p in zip(nd.children, behavior[nd.infoset])
                         if p)
    value: dict[Any, Any] = {}

    def seq_value(seq: Any) -> Any:
        v = credit.get(seq, 0)
        for h in follows.get(seq, ()):
            v += max(value[(h, a)] for a in range(len(tree.infosets[h].actions)))
        return v

    for h in reversed(order):
        for a in range(len(tree.infosets[h].actions)):
            value[(h, a)] = seq_value((h, a))
    return seq_value(None)


def tree_regrets(tree: TreeGame, behavior: Mapping[int, Sequence[Any]],
                 plans: Sequence[Sequence[Plan]] | None = None
                 ) -> tuple[tuple[Any, ...], tuple[Any, ...]]:
    """Expected payoffs and each player's regret of a behaviour profile, computed on the tree.

    The regret of player *i* is ``max_s u_i(s, b_-i) - u_i(b)``: exact for exact trees and
    behaviour, 0 exactly at a Nash equilibrium.  With perfect recall the best response is found
    in one pass (:func:`best_response_value`, von Stengel 1996, section 4); without it, among
    the player's reduced plans (a pure best response exists among them; *plans* may pass
    :func:`reduced_plans` already made), at the cost of the plans times the tree.  Works for
    any number of players.

    Returns
    -------
    payoffs, regrets : tuple, tuple
        Per player; exact (Fractions) when the tree and the behaviour are exact.
    """
    values = tree.expected_payoffs(behavior)
    recall = tree.perfect_recall
    if not recall and plans is None:
        plans = reduced_plans(tree)
    out = []
    for i in range(tree.n_players):
        if recall:
            best = best_response_value(tree, i, behavior)
        else:
            assert plans is not None
            best = max(_plan_payoff(tree, i, p, behavior) for p in plans[i])
        out.append(best - values[i])
    return tuple(values), tuple(out)


def tree_regret(tree: TreeGame, behavior: Mapping[int, Sequence[Any]],
                plans: Sequence[Sequence[Plan]] | None = None) -> tuple[Any, ...]:
    """Each player's regret of a behaviour profile, computed on the tree.

    ``max_s u_i(s, b_-i) - u_i(b)`` for each player *i* (the regrets of :func:`tree_regrets`).

    >>> from treaty.extensive import Node, TreeGame
    >>> t = TreeGame.from_nodes(["E", "I"], [
    ...     Node.decision(0, ["out", "in"], [1, 2]), Node.terminal([0, 2]),
    ...     Node.decision(1, ["fight", "accommodate"], [3, 4]),
    ...     Node.terminal([-1, -1]), Node.terminal([1, 1])])
    >>> F = Fraction
    >>> tree_regret(t, {0: (F(1), F(0)), 1: (F(1), F(0))})   # (out, fight): Nash
    (Fraction(0, 1), Fraction(0, 1))
    >>> tree_regret(t, {0: (F(0), F(1)), 1: (F(1), F(0))})   # (in, fight): I should accommodate
    (Fraction(1, 1), Fraction(2, 1))
    """
    return tree_regrets(tree, behavior, plans)[1]


@dataclass(frozen=True)
class TreeProfile(Notebook):
    """One equilibrium of a tree as behaviour strategies.

    Attributes
    ----------
    behavior : dict of infoset index to tuple
        The probability of each action at each information set.
    payoffs : tuple
        Expected payoffs.
    regrets : tuple
        Each player's regret on the tree (:func:`tree_regret`); 0 certifies the equilibrium.
    reach : tuple
        The probability of reaching each node (the equilibrium path: the nodes reached with
        positive probability).
    tree : TreeGame
    """

    behavior: Mapping[int, tuple[Any, ...]]
    payoffs: tuple[Any, ...]
    regrets: tuple[Any, ...]
    reach: tuple[Any, ...]
    tree: TreeGame = field(repr=False, compare=False)

    @property
    def regret(self) -> Any:
        """The largest regret of any player."""
        return max(self.regrets)

    @property
    def path(self) -> tuple[int, ...]:
        """The nodes reached with positive probability."""
        return tuple(k for k, r in enumerate(self.reach) if r)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: behaviour per information set (by its label or first node), payoffs,
        regrets and the equilibrium path."""
        t = self.tree
        beh = {}
        for j, h in enumerate(t.infosets):
            key = h.label or t.nodes[h.nodes[0]].label or f"infoset {j}"
            beh[key] = {"player": t.players[h.player],
                        "actions": {a: number_to_json(p) for a, p in zip(h.actions,
                                                                         self.behavior[j])}}
        return {"behavior": beh,
                "payoffs": {p: number_to_json(v) for p, v in zip(t.players, self.payoffs)},
                "regrets": {p: number_to_json(v) for p, v in zip(t.players, self.regrets)},
                "path": list(self.path)}

    def describe(self) -> str:
        """One sentence: the moves with positive probability on the path, and the payoffs."""
        t = self.tree
        moves = []
        for k in self.path:
            nd = t.nodes[k]
            if nd.kind == DECISION and nd.infoset is not None:
                probs = self.behavior[nd.infoset]
                acts = [f"{a}" if p == 1 else f"{a} {p}" for a, p in zip(nd.actions, probs) if p]
                moves.append(f"{t.players[nd.player or 0]} {' + '.join(acts)}")
        seen: list[str] = []
        for m in moves:
            if m not in seen:
                seen.append(m)
        on_path = {t.nodes[k].infoset for k in self.path}
        off = []
        for j, h in enumerate(t.infosets):
            if j not in on_path:
                acts = [f"{a}" if p == 1 else f"{a} {p}"
                        for a, p in zip(h.actions, self.behavior[j]) if p]
                off.append(f"{t.players[h.player]} {' + '.join(acts)}"
                           + (f" at {h.label or t.nodes[h.nodes[0]].label}"
                              if h.label or t.nodes[h.nodes[0]].label else ""))
        pays = ", ".join(f"{p} {v}" for p, v in zip(t.players, self.payoffs))
        tail = f"; off the path: {'; '.join(off)}" if off else ""
        return f"{'; '.join(seen) or 'no moves'} (payoffs {pays}){tail}"


@dataclass(frozen=True)
class TreeSolution(Notebook, Sequence[TreeProfile]):
    """Equilibria of a game tree shown on the tree.

    Attributes
    ----------
    profiles : tuple of TreeProfile
    tree : TreeGame
    method : str
        ``"backward-induction"`` (pure subgame-perfect equilibria) or ``"normal-form"`` (the
        reduced normal form's equilibria as behaviour strategies).
    complete : bool
        Whether the list is complete for what the method computes (see *note*).
    exact : bool
    note : str
        What the list is, in words.
    """

    profiles: tuple[TreeProfile, ...]
    tree: TreeGame = field(repr=False, compare=False)
    method: str = ""
    complete: bool = True
    exact: bool = True
    note: str = ""

    def __len__(self) -> int:
        return len(self.profiles)

    def __getitem__(self, k: Any) -> Any:
        return self.profiles[k]

    def __iter__(self) -> Iterator[TreeProfile]:
        return iter(self.profiles)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: the method, completeness, the note and each equilibrium."""
        return {"method": self.method, "complete": self.complete, "exact": self.exact,
                "note": self.note, "nodes": len(self.tree.nodes),
                "information_sets": len(self.tree.infosets),
                "equilibria": [p.to_dict() for p in self.profiles]}

    def describe(self) -> str:
        """One sentence: how many equilibria, by which method, and what the list is."""
        n = len(self.profiles)
        return (f"{n} equilibri{'um' if n == 1 else 'a'} on the tree ({self.note}; "
                f"{'exact' if self.exact else 'float'} arithmetic)")


def _profile(tree: TreeGame, behavior: Mapping[int, tuple[Any, ...]],
             plans: Sequence[Sequence[Plan]] | None) -> TreeProfile:
    payoffs, regrets = tree_regrets(tree, behavior, plans)
    return TreeProfile(dict(behavior), payoffs, regrets,
                       tuple(tree.reach_probabilities(behavior)), tree)


def solve_tree(tree: TreeGame, *, method: str = "auto", ties: str = "all") -> TreeSolution:
    """Equilibria of *tree* as behaviour strategies, each certified on the tree.

    Parameters
    ----------
    tree : TreeGame
    method : {"auto", "backward-induction", "normal-form", "sequence-form"}
        ``auto``: backward induction when every information set is a single node, else the
        reduced normal form; a 2-player tree whose reduced normal form exceeds the size limits
        goes to the sequence form (one equilibrium, the result says so).
    ties : {"all", "first"}
        For backward induction (:func:`~treaty.extensive.subgame_perfect`).

    Returns
    -------
    TreeSolution
        Every profile's regret is computed on the tree (:func:`tree_regret`) and must be 0
        (exactly for exact trees; within 1e-9 otherwise) or a SolverError is raised.

    Raises
    ------
    GameError
        An unknown method, backward induction on imperfect information, or behaviour
        strategies asked of a tree without perfect recall.

    Notes
    -----
    Backward induction: Kuhn (1953), Selten (1975).  Normal form: the reduced strategic form
    (:func:`~treaty.extensive.reduced_normal_form`) solved by :func:`treaty.equilibria`
    (method auto: every extreme equilibrium for 2 players), then Kuhn's theorem
    (:func:`~treaty.extensive.behavior_from_mixed`; von Stengel 1996).  Distinct mixed
    equilibria may give the same behaviour profile; duplicates are listed once.

    Examples
    --------
    >>> from treaty.extensive import Node, TreeGame
    >>> t = TreeGame.from_nodes(["1", "2"], [     # matching pennies, 2 does not see 1's move
    ...     Node.decision(0, ["H", "T"], [1, 2]),
    ...     Node.decision(1, ["h", "t"], [3, 4], infoset=1),
    ...     Node.decision(1, ["h", "t"], [5, 6], infoset=1),
    ...     Node.terminal([1, -1]), Node.terminal([-1, 1]),
    ...     Node.terminal([-1, 1]), Node.terminal([1, -1])])
    >>> sol = solve_tree(t)
    >>> sol.method, len(sol), sol[0].behavior[0], sol[0].regret
    ('normal-form', 1, (Fraction(1, 2), Fraction(1, 2)), Fraction(0, 1))
    """
    if method not in TREE_METHODS:
        from ..errors import did_you_mean

        raise GameError(f"unknown method {method!r} ({did_you_mean(method, TREE_METHODS)})")
    auto = method == "auto"
    if auto:
        method = "backward-induction" if tree.perfect_information else "normal-form"
    if method == "sequence-form":
        result = _sequence_solution(tree, "")
    elif method == "backward-induction":
        from ._backward import subgame_perfect

        spe = subgame_perfect(tree, ties=ties)
        profiles = tuple(_profile(tree, e.behavior, None) for e in spe)
        note = ("every pure subgame-perfect equilibrium, by backward induction" if spe.complete
                else "one pure subgame-perfect equilibrium, by backward induction (ties broken "
                     "by the first action)")
        result = TreeSolution(profiles, tree, method, spe.complete, tree.exact, note)
    else:
        from ..errors import GameTooLarge
        from ..nash import equilibria
        from ._reduce import reduced_normal_form

        if tree.n_players < 2:
            raise GameError("the normal form needs at least 2 players; use backward induction")
        tree.check_perfect_recall()
        try:
            plans = reduced_plans(tree)
            reduced = reduced_normal_form(tree)
        except GameTooLarge as exc:
            if not (auto and tree.n_players == 2):
                raise
            why = f" (the reduced normal form is too large: {exc})"
            reduced, result = None, _sequence_solution(tree, why)
        if reduced is not None:
            result = _normal_form_solution(tree, equilibria(reduced), plans, method)
    for p in result.profiles:
        r = p.regret
        if (isinstance(r, Fraction) and r != 0) or abs(float(r)) > 1e-9:
            raise SolverError(f"an equilibrium of the tree has regret {r} on the tree "
                              "(please report this tree)")
    return result


def _normal_form_solution(tree: TreeGame, eqs: Any, plans: Any, method: str) -> TreeSolution:
    """The reduced normal form's equilibria *eqs* as behaviour strategies (Kuhn's theorem)."""
    from ._reduce import behavior_from_mixed

    seen = set()
    out = []
    for e in eqs:
        beh = behavior_from_mixed(tree, e.strategies, plans)
        key = tuple(sorted(beh.items()))
        if key in seen:
            continue
        seen.add(key)
        out.append(_profile(tree, beh, plans))
    note = (f"the reduced normal form's equilibria ({eqs.note or eqs.method}) as behaviour "
            "strategies")
    return TreeSolution(tuple(out), tree, method, bool(getattr(eqs, "complete", False)),
                        tree.exact and all(e.exact for e in eqs), note)


def _sequence_solution(tree: TreeGame, why: str) -> TreeSolution:
    """One equilibrium of a 2-player tree by the sequence form, as a TreeSolution."""
    from ._sequence import sequence_equilibrium

    seq = sequence_equilibrium(tree)
    beh = {h: tuple(b) for h, b in enumerate(seq.behavior)}
    return TreeSolution((_profile(tree, beh, None),), tree, "sequence-form", False, seq.exact,
                        f"one equilibrium, by the sequence form ({seq.method}){why}")

