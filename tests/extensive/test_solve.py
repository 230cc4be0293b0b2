"""Equilibria on the tree: the one-pass best response against brute force over plans, and
solve_tree on games with published answers (Kuhn poker's value -1/18)."""

from __future__ import annotations

import random
from fractions import Fraction as F
from itertools import permutations

import pytest

from treaty.errors import GameError
from treaty.extensive import Node, TreeGame, best_response_value, reduced_plans, solve_tree
from treaty.extensive._solve import _plan_payoff

from .test_backward import entry_deterrence
from .test_reduce import random_tree


def kuhn_poker() -> TreeGame:
    """Kuhn (1950): cards J < Q < K, ante 1, one bet of 1; the game's value to the first
    player is -1/18 (Kuhn 1950; e.g. von Stengel 1996, section 6)."""
    nodes: list[Node] = [None]  # type: ignore[list-item]
    deals = list(permutations("JQK", 2))
    rank = {"J": 0, "Q": 1, "K": 2}

    def add(node: Node) -> int:
        nodes.append(node)
        return len(nodes) - 1

    def leaf(c1: str, c2: str, pot: int, showdown: bool, winner: int = 0) -> int:
        if showdown:
            winner = 0 if rank[c1] > rank[c2] else 1
        won = pot if winner == 0 else -pot
        return add(Node.terminal([won, -won]))

    def deal(c1: str, c2: str) -> int:
        k = add(None)  # type: ignore[arg-type]
        # player 1: bet or check
        bet_k = add(None)  # type: ignore[arg-type]
        nodes[bet_k] = Node.decision(1, ["call", "fold"],
                                     [leaf(c1, c2, 2, True), leaf(c1, c2, 1, False, 0)],
                                     infoset=100 + rank[c2])
        chk_k = add(None)  # type: ignore[arg-type]
        p1_again = add(None)  # type: ignore[arg-type]
        nodes[p1_again] = Node.decision(0, ["call", "fold"],
                                        [leaf(c1, c2, 2, True), leaf(c1, c2, 1, False, 1)],
                                        infoset=10 + rank[c1])
        nodes[chk_k] = Node.decision(1, ["bet", "check"], [p1_again, leaf(c1, c2, 1, True)],
                                     infoset=200 + rank[c2])
        nodes[k] = Node.decision(0, ["bet", "check"], [bet_k, chk_k], infoset=rank[c1])
        return k

    kids = [deal(a, b) for a, b in deals]
    nodes[0] = Node.chance([a + b for a, b in deals], [F(1, 6)] * 6, kids)
    return TreeGame.from_nodes(["P1", "P2"], nodes, title="Kuhn poker")


def test_kuhn_poker_value():
    t = kuhn_poker()
    assert t.perfect_recall and len(t.infosets) == 12
    assert [len(p) for p in reduced_plans(t)] == [27, 64]
    sol = solve_tree(t)
    assert sol.method == "normal-form" and len(sol) >= 1
    for p in sol:
        assert p.payoffs == (F(-1, 18), F(1, 18))
        assert p.regrets == (0, 0)
        # in every equilibrium player 2 calls a bet with the king and folds with the jack
        # (Kuhn 1950: calling with K is dominant, with J dominated)
        for j, h in enumerate(t.infosets):
            if h.player == 1 and h.actions == ("call", "fold"):
                deal = t.nodes[0].actions[t.path(h.nodes[0])[0][1]]
                if deal[1] == "K":
                    assert p.behavior[j] == (1, 0)
                if deal[1] == "J":
                    assert p.behavior[j] == (0, 1)


@pytest.mark.parametrize("seed", range(15))
def test_best_response_pass_equals_brute_force(seed):
    t = random_tree(seed, n_players=2 + seed % 2, depth=4)
    rng = random.Random(seed)
    beh = {}
    for j, h in enumerate(t.infosets):
        w = [rng.randint(0, 3) for _ in h.actions]
        w[0] += 1
        beh[j] = tuple(F(x, sum(w)) for x in w)
    plans = reduced_plans(t)
    for i in range(t.n_players):
        brute = max(_plan_payoff(t, i, p, beh) for p in plans[i])
        assert best_response_value(t, i, beh) == brute


def test_subgame_perfect_profiles_are_certified_on_the_tree():
    sol = solve_tree(entry_deterrence())
    assert sol.method == "backward-induction" and sol.complete
    assert len(sol) == 1 and sol[0].regrets == (0, 0) and sol[0].path == (0, 2, 4)
    assert sol[0].describe() == "Entrant in; Incumbent accommodate (payoffs Entrant 1, Incumbent 1)"
    nf = solve_tree(entry_deterrence(), method="normal-form")
    paths = sorted(p.path for p in nf)
    assert (0, 1) in paths and (0, 2, 4) in paths  # (out, fight) is Nash, not subgame perfect


def test_solution_protocol_and_errors():
    sol = solve_tree(kuhn_poker())
    d = sol.to_dict()
    assert d["method"] == "normal-form" and d["equilibria"][0]["payoffs"] == {"P1": "-1/18",
                                                                             "P2": "1/18"}
    assert "on the tree" in sol.describe()
    with pytest.raises(GameError, match="unknown method"):
        solve_tree(entry_deterrence(), method="sequence")
    with pytest.raises(GameError, match="perfect information"):
        solve_tree(kuhn_poker(), method="backward-induction")


def selten_horse() -> TreeGame:
    """Selten (1975), figure 1: player 1 moves C or D; after C player 2 moves c or d; player
    3 moves L or R without knowing whether it was D, or C then d.  Payoffs: (C, c) 1, 1, 1;
    (C, d, L) 0, 0, 1; (C, d, R) 4, 4, 0; (D, L) 0, 0, 0; (D, R) 3, 2, 2."""
    return TreeGame.from_nodes(["1", "2", "3"], [
        Node.decision(0, ["C", "D"], [1, 2]),
        Node.decision(1, ["c", "d"], [3, 4]),
        Node.decision(2, ["L", "R"], [5, 6], infoset=9),
        Node.terminal([1, 1, 1]),
        Node.decision(2, ["L", "R"], [7, 8], infoset=9),
        Node.terminal([0, 0, 0]), Node.terminal([3, 2, 2]),
        Node.terminal([0, 0, 1]), Node.terminal([4, 4, 0])])


def test_selten_horse_published_equilibrium_set():
    """The Nash equilibria of Selten's horse form two segments (Selten 1975): (C, c) with
    player 3 playing L with probability lambda >= 3/4 (player 2's d gives 4 (1 - lambda) <= 1,
    player 1's D gives 3 (1 - lambda) <= 1), and (D, R) with player 2 playing c with
    probability q >= 1/3 (player 1's C gives q + 4 (1 - q) <= 3; player 3 at D prefers R).
    The reduced normal form is solved by the N-player solver; its extreme points come back
    as behaviour strategies on the tree, each with zero regret on the tree."""
    t = selten_horse()
    sol = solve_tree(t)
    assert sol.method == "normal-form" and all(p.regrets == (0, 0, 0) for p in sol)
    found = {(p.behavior[0], p.behavior[1], p.behavior[2]) for p in sol}
    one, zero = F(1), F(0)
    # (C, c, L with lambda in [3/4, 1]) and (D, c with q in [1/3, 1], R)
    assert ((one, zero), (one, zero), (one, zero)) in found
    assert ((one, zero), (one, zero), (F(3, 4), F(1, 4))) in found
    assert ((zero, one), (one, zero), (zero, one)) in found
    assert ((zero, one), (F(1, 3), F(2, 3)), (zero, one)) in found
    assert len(found) == 4


def _pennies() -> TreeGame:
    from treaty.extensive import Node

    return TreeGame.from_nodes(["1", "2"], [     # matching pennies, 2 does not see 1's move
        Node.decision(0, ["H", "T"], [1, 2]),
        Node.decision(1, ["h", "t"], [3, 4], infoset=1),
        Node.decision(1, ["h", "t"], [5, 6], infoset=1),
        Node.terminal([1, -1]), Node.terminal([-1, 1]),
        Node.terminal([-1, 1]), Node.terminal([1, -1])])


def test_sequence_form_method_and_auto_fallback(monkeypatch: pytest.MonkeyPatch) -> None:
    from fractions import Fraction

    from treaty.errors import GameTooLarge
    from treaty.extensive import _reduce, solve_tree

    half = (Fraction(1, 2), Fraction(1, 2))   # the unique equilibrium of matching pennies
    sol = solve_tree(_pennies(), method="sequence-form")
    assert sol.method == "sequence-form" and not sol.complete
    assert sol[0].behavior[0] == half and sol[0].behavior[1] == half and sol[0].regret == 0
    monkeypatch.setattr(_reduce, "MAX_STRATEGIES", 1)   # the reduced form is now "too large"
    with pytest.raises(GameTooLarge):
        solve_tree(_pennies(), method="normal-form")
    sol = solve_tree(_pennies())
    assert sol.method == "sequence-form" and "too large" in sol.note
    assert sol[0].behavior[0] == half and sol[0].regret == 0


def test_one_regret_computation_serves_solve_and_sequence_form() -> None:
    """tree_regrets is the one implementation: the sequence form re-exports it, tree_regret is
    its regrets, and the payoffs are the tree's expected payoffs."""
    from treaty.extensive import _sequence, tree_regret, tree_regrets

    assert _sequence.tree_regrets is tree_regrets
    t = entry_deterrence()
    beh = {0: (F(1, 3), F(2, 3)), 1: (F(1, 2), F(1, 2))}
    pays, regs = tree_regrets(t, beh)
    assert pays == t.expected_payoffs(beh)
    assert regs == tree_regret(t, beh)
    # by hand: E gets 1/3*0 + 2/3*(1/2*-1 + 1/2*1) = 0, as out or in would (regret 0);
    # I gets 1/3*2 + 2/3*(1/2*-1 + 1/2*1) = 2/3 and could get 1/3*2 + 2/3*1 = 4/3 by accommodating
    assert pays == (0, F(2, 3)) and regs == (0, F(2, 3))


def test_tree_regrets_without_perfect_recall() -> None:
    """A player who forgets her first move (L or R) at her second set {x, y}: x pays 1 after
    either first move, y pays 0.  Against uniform play she earns 1/2 and her best plan earns 1,
    so her regret is 1/2 (the sequence-form recursion, valid only under perfect recall, adds
    x's payoff over both first moves and would say 3/2)."""
    from treaty.extensive import tree_regrets

    t = TreeGame.from_nodes(["A", "B"], [
        Node.decision(0, ["L", "R"], [1, 2]),
        Node.decision(0, ["x", "y"], [3, 4], infoset=1),
        Node.decision(0, ["x", "y"], [5, 6], infoset=1),
        Node.terminal([1, 0]), Node.terminal([0, 0]),
        Node.terminal([1, 0]), Node.terminal([0, 0])])
    assert not t.perfect_recall
    half = (F(1, 2), F(1, 2))
    pays, regs = tree_regrets(t, {0: half, 1: half})
    assert pays == (F(1, 2), 0) and regs == (F(1, 2), 0)
