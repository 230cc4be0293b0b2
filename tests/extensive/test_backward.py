"""Backward induction on textbook trees, against their known answers (derived by hand)."""

from __future__ import annotations

from fractions import Fraction as F

import pytest

from treaty.errors import GameError, GameTooLarge
from treaty.extensive import Node, TreeGame, subgame_perfect


def entry_deterrence() -> TreeGame:
    """Selten (1978): out (0, 2); in, then fight (-1, -1) or accommodate (1, 1)."""
    return TreeGame.from_nodes(["Entrant", "Incumbent"], [
        Node.decision(0, ["out", "in"], [1, 2]), Node.terminal([0, 2]),
        Node.decision(1, ["fight", "accommodate"], [3, 4]),
        Node.terminal([-1, -1]), Node.terminal([1, 1])])


def centipede(stages: int) -> TreeGame:
    """Rosenthal (1981), the linear version: at stage t the mover takes and gets t + 2, the
    other t; if the last mover passes they get stages, the other stages + 3.  Movers
    alternate A, B, A, ...; every mover strictly prefers taking to the next mover taking."""
    nodes: list[Node] = []
    for t in range(stages):
        k = len(nodes)
        mover = t % 2
        take = [0, 0]
        take[mover], take[1 - mover] = t + 2, t
        nodes.append(Node.decision(mover, ["take", "pass"], [k + 1, k + 2], label=f"stage {t}"))
        nodes.append(Node.terminal(take))
    last = [0, 0]
    last[(stages - 1) % 2], last[stages % 2] = stages, stages + 3
    nodes.append(Node.terminal(last))
    return TreeGame.from_nodes(["A", "B"], nodes)


def test_entry_deterrence_spe_is_in_accommodate():
    spe = subgame_perfect(entry_deterrence())
    assert spe.complete and spe.exact and len(spe) == 1
    e = spe[0]
    assert (e.action(0), e.action(1)) == ("in", "accommodate")
    assert e.payoffs == (1, 1)
    assert e.path == (0, 2, 4)
    assert e.strategy("Incumbent") == {"node 2": "accommodate"}


@pytest.mark.parametrize("stages", [2, 3, 6, 15])
def test_centipede_takes_at_once(stages):
    spe = subgame_perfect(centipede(stages))
    assert len(spe) == 1
    e = spe[0]
    assert all(e.action(j) == "take" for j in range(stages))
    assert e.payoffs == (2, 0)  # A takes at stage 0
    assert e.path == (0, 1)


def test_deep_centipede_has_no_recursion_limit():
    spe = subgame_perfect(centipede(3000))
    assert spe[0].payoffs == (2, 0)


def test_ties_give_every_spe():
    # P2 is indifferent after L: (L, l) with (2, 1) and (R, r) with (1, 0)
    t = TreeGame.from_nodes(["P1", "P2"], [
        Node.decision(0, ["L", "R"], [1, 2]),
        Node.decision(1, ["l", "r"], [3, 4]), Node.terminal([1, 0]),
        Node.terminal([2, 1]), Node.terminal([0, 1])])
    spe = subgame_perfect(t)
    got = sorted((e.action(0), e.action(1), e.payoffs) for e in spe)
    assert got == [("L", "l", (2, 1)), ("R", "r", (1, 0))]
    one = subgame_perfect(t, ties="first")
    assert len(one) == 1 and not one.complete and "first optimal action" in one.note
    assert (one[0].action(0), one[0].action(1)) == ("L", "l")


def test_ties_off_the_path_count():
    # k independent subgames where the mover is indifferent, reached by chance: 2**k SPE
    k = 5
    nodes = [Node.chance([f"c{j}" for j in range(k)], [F(1, k)] * k,
                         [1 + 3 * j for j in range(k)])]
    for j in range(k):
        b = len(nodes)
        nodes.append(Node.decision(0, ["a", "b"], [b + 1, b + 2]))
        nodes += [Node.terminal([1, j]), Node.terminal([1, -j])]
    t = TreeGame.from_nodes(["P", "Q"], nodes)
    spe = subgame_perfect(t)
    assert len(spe) == 2 ** k
    assert all(e.payoffs[0] == 1 for e in spe)
    assert sum(e.payoffs[1] for e in spe) == 0  # symmetric choices
    with pytest.raises(GameTooLarge, match="more than 20 subgame-perfect"):
        subgame_perfect(t, limit=20)


def test_chance_move_game():
    # nature: H (1/3) -> P1 picks a (3, 0) or b (1, 2); T (2/3) -> P2 picks c (0, 1) or d (2, 0)
    t = TreeGame.from_nodes(["P1", "P2"], [
        Node.chance(["H", "T"], ["1/3", "2/3"], [1, 2]),
        Node.decision(0, ["a", "b"], [3, 4]), Node.decision(1, ["c", "d"], [5, 6]),
        Node.terminal([3, 0]), Node.terminal([1, 2]), Node.terminal([0, 1]), Node.terminal([2, 0])])
    spe = subgame_perfect(t)
    assert len(spe) == 1
    assert (spe[0].action(0), spe[0].action(1)) == ("a", "c")
    assert spe[0].payoffs == (F(1), F(2, 3))
    assert spe[0].path == (0, 1, 2, 3, 5)


def test_detection_by_chance_deters_only_when_p_large():
    # violate: detected with probability p -> -S; undetected -> g; comply -> 0 (inspectee's view)
    def tree(p):
        return TreeGame.from_nodes(["State", "Other"], [
            Node.decision(0, ["comply", "violate"], [1, 2]), Node.terminal([0, 0]),
            Node.chance(["detected", "missed"], [p, 1 - p], [3, 4]),
            Node.terminal([-4, 0]), Node.terminal([1, -1])])
    # violating pays g - p (g + S) = 1 - 5p: deterred iff p > 1/5; tie at 1/5
    assert [e.action(0) for e in subgame_perfect(tree(F(1, 10)))] == ["violate"]
    assert [e.action(0) for e in subgame_perfect(tree(F(3, 10)))] == ["comply"]
    assert sorted(e.action(0) for e in subgame_perfect(tree(F(1, 5)))) == ["comply", "violate"]


def test_float_tree_ties_within_tolerance():
    t = TreeGame.from_nodes(["A"], [Node.decision(0, ["x", "y"], [1, 2]),
                                    Node.terminal([0.1 + 0.2]), Node.terminal([0.3])])
    spe = subgame_perfect(t)
    assert len(spe) == 2 and not spe.exact


def test_refuses_imperfect_information_and_bad_rule():
    t = TreeGame.from_nodes(["1", "2"], [
        Node.decision(0, ["H", "T"], [1, 2]),
        Node.decision(1, ["h", "t"], [3, 4], infoset=1),
        Node.decision(1, ["h", "t"], [5, 6], infoset=1),
        *[Node.terminal([0, 0]) for _ in range(4)]])
    with pytest.raises(GameError, match="perfect information"):
        subgame_perfect(t)
    with pytest.raises(GameError, match="tie rule"):
        subgame_perfect(entry_deterrence(), ties="some")


def test_result_protocol():
    spe = subgame_perfect(entry_deterrence())
    d = spe.to_dict()
    assert d["equilibria"][0]["payoffs"] == {"Entrant": "1", "Incumbent": "1"}
    assert d["complete"] is True
    assert "1 pure subgame-perfect equilibrium" in spe.describe()
    assert "Entrant in; Incumbent accommodate" in spe[0].describe()
