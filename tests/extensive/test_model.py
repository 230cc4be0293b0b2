"""TreeGame.from_nodes: consistency checks and the structural queries."""

from __future__ import annotations

from fractions import Fraction

import pytest

from treaty.errors import GameError, GameTooLarge
from treaty.extensive import Node, TreeGame


def entry() -> TreeGame:
    return TreeGame.from_nodes(["E", "I"], [
        Node.decision(0, ["out", "in"], [1, 2]),
        Node.terminal([0, 2]),
        Node.decision(1, ["fight", "acc"], [3, 4]),
        Node.terminal([-1, -1]), Node.terminal([1, 1])])


def matching_pennies_tree() -> TreeGame:
    # player 2 does not see player 1's move: one information set over nodes 1 and 2
    return TreeGame.from_nodes(["1", "2"], [
        Node.decision(0, ["H", "T"], [1, 2]),
        Node.decision(1, ["h", "t"], [3, 4], infoset=7),
        Node.decision(1, ["h", "t"], [5, 6], infoset=7),
        Node.terminal([1, -1]), Node.terminal([-1, 1]),
        Node.terminal([-1, 1]), Node.terminal([1, -1])])


def test_entry_structure():
    t = entry()
    assert t.exact and t.perfect_information and t.perfect_recall
    assert t.parents == (-1, 0, 0, 2, 2)
    assert t.path(4) == [(0, 1), (2, 1)]
    assert t.sequence(4, 1) == ((1, 1),)
    assert t.sequence(4, 0) == ((0, 1),)
    assert t.nodes[3].payoffs == (Fraction(-1), Fraction(-1))


def test_infosets_renumbered_and_shared():
    t = matching_pennies_tree()
    assert [h.nodes for h in t.infosets] == [(0,), (1, 2)]
    assert not t.perfect_information and t.perfect_recall
    # uniform behaviour: expected payoff 0 for both (matching pennies)
    beh = {0: (Fraction(1, 2), Fraction(1, 2)), 1: (Fraction(1, 2), Fraction(1, 2))}
    assert t.expected_payoffs(beh) == (0, 0)
    beh = {0: (Fraction(1), Fraction(0)), 1: (Fraction(1), Fraction(0))}
    assert t.expected_payoffs(beh) == (1, -1)


def test_float_tree_is_not_exact():
    t = TreeGame.from_nodes(["A"], [Node.chance(["x", "y"], [0.25, 0.75], [1, 2]),
                                    Node.terminal([1.5]), Node.terminal([1])])
    assert not t.exact


@pytest.mark.parametrize("nodes, message", [
    ([Node.decision(0, ["a", "b"], [1, 1]), Node.terminal([0])], "two parents"),
    ([Node.decision(0, ["a"], [1]), Node.terminal([0]), Node.terminal([1])], "not reachable"),
    ([Node.decision(0, ["a"], [5]), Node.terminal([0])], "not a node index"),
    ([Node.decision(0, ["a", "a"], [1, 2]), Node.terminal([0]), Node.terminal([0])], "duplicate"),
    ([Node.decision(0, ["a", "b"], [1]), Node.terminal([0])], "2 actions for 1 children"),
    ([Node.chance(["a", "b"], ["1/2", "1/3"], [1, 2]), Node.terminal([0]), Node.terminal([0])],
     "sum to 5/6"),
    ([Node.chance(["a", "b"], [2, -1], [1, 2]), Node.terminal([0]), Node.terminal([0])],
     "outside"),
    ([Node.decision(0, ["a"], [1]), Node.terminal([0, 1])], "needs 1 payoffs"),
    ([Node.decision(3, ["a"], [1]), Node.terminal([0])], "not an index"),
])
def test_bad_trees(nodes, message):
    with pytest.raises(GameError, match=message):
        TreeGame.from_nodes(["A"], nodes)


def test_infoset_mismatches():
    with pytest.raises(GameError, match="has actions"):
        TreeGame.from_nodes(["1", "2"], [
            Node.decision(0, ["H", "T"], [1, 2]),
            Node.decision(1, ["h", "t"], [3, 4], infoset=1),
            Node.decision(1, ["h", "x"], [5, 6], infoset=1),
            *[Node.terminal([0, 0])] * 4])
    with pytest.raises(GameError, match="mixes players"):
        TreeGame.from_nodes(["1", "2"], [
            Node.decision(0, ["H", "T"], [1, 2]),
            Node.decision(1, ["h", "t"], [3, 4], infoset=1),
            Node.decision(0, ["h", "t"], [5, 6], infoset=1),
            *[Node.terminal([0, 0])] * 4])


def test_imperfect_recall_detected():
    # the absent-minded-free forgetful driver variant: player 0 forgets its first move
    t = TreeGame.from_nodes(["A"], [
        Node.decision(0, ["L", "R"], [1, 2]),
        Node.decision(0, ["l", "r"], [3, 4], infoset=9),
        Node.decision(0, ["l", "r"], [5, 6], infoset=9),
        *[Node.terminal([k]) for k in range(4)]])
    assert not t.perfect_recall
    with pytest.raises(GameError, match="perfect recall"):
        t.check_perfect_recall()


def test_absent_minded_driver_is_a_tree_without_perfect_recall():
    # Piccione and Rubinstein (1997): one information set holds both exits of the driver
    t = TreeGame.from_nodes(["driver"], [
        Node.decision(0, ["exit", "continue"], [1, 2], infoset=0), Node.terminal([0]),
        Node.decision(0, ["exit", "continue"], [3, 4], infoset=0),
        Node.terminal([4]), Node.terminal([1])])
    assert len(t.infosets) == 1 and not t.perfect_recall
    assert "reached by different own moves" in (t.recall_violation() or "")
    # behaviour 'continue' with probability q: payoff 4 q (1 - q) + q^2 (the planning optimum
    # q = 2/3 gives 4/3)
    q = Fraction(2, 3)
    assert t.expected_payoffs({0: (1 - q, q)}) == (Fraction(4, 3),)


def test_size_limit(monkeypatch):
    import treaty.extensive._model as model

    monkeypatch.setattr(model, "MAX_TREE_NODES", 3)
    with pytest.raises(GameTooLarge, match="4 nodes"):
        TreeGame.from_nodes(["A"], [Node.decision(0, ["a", "b", "c"], [1, 2, 3]),
                                    *[Node.terminal([0])] * 3])
