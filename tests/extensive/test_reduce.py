"""The reduced normal form: plan counts from theory, Kuhn's equivalence of mixed and behaviour
strategies, and the normal form's equilibria of textbook trees."""

from __future__ import annotations

import random
from fractions import Fraction as F

import numpy as np
import pytest

import treaty
from treaty._exact.numbers import contract_others
from treaty.errors import GameError, GameTooLarge
from treaty.extensive import Node, TreeGame, behavior_from_mixed, reduced_normal_form, reduced_plans
from treaty.extensive._reduce import plan_counts

from .test_backward import centipede, entry_deterrence


def random_tree(seed: int, n_players: int = 2, depth: int = 3, imperfect: bool = True) -> TreeGame:
    """A random tree with perfect recall: each player's nodes at one depth, reached by the same
    own history, are grouped into one information set when *imperfect*."""
    rng = random.Random(seed)
    nodes: list[Node] = []
    pending = [(0, 0, ())]  # (index, depth, histories per player)
    slots: dict[int, tuple] = {}
    nodes.append(None)  # type: ignore[arg-type]
    groups: dict[tuple, int] = {}
    while pending:
        k, d, hist = pending.pop(0)
        if d == depth or (d > 0 and rng.random() < 0.15):
            nodes[k] = Node.terminal([rng.randint(-3, 3) for _ in range(n_players)])
            continue
        if rng.random() < 0.2:
            m = rng.choice([2, 3])
            kids = list(range(len(nodes), len(nodes) + m))
            nodes.extend([None] * m)  # type: ignore[list-item]
            w = [rng.randint(1, 4) for _ in range(m)]
            nodes[k] = Node.chance([f"c{j}" for j in range(m)], [F(x, sum(w)) for x in w], kids)
            pending += [(c, d + 1, hist) for c in kids]
            continue
        i = d % n_players
        m = 2
        own = tuple(h for h in hist if h[0] == i)
        key = (i, d, own)
        if imperfect and key in groups:
            h = groups[key]
        else:
            h = len(groups) + 1000 * len(slots)
            groups.setdefault(key, h) if imperfect else None
            slots[k] = key
        kids = list(range(len(nodes), len(nodes) + m))
        nodes.extend([None] * m)  # type: ignore[list-item]
        nodes[k] = Node.decision(i, [f"a{d}{j}" for j in range(m)], kids, infoset=h)
        pending += [(c, d + 1, (*hist, (i, h, j))) for j, c in enumerate(kids)]
    return TreeGame.from_nodes([f"P{i}" for i in range(n_players)], nodes)


@pytest.mark.parametrize("stages", [4, 8, 11])
def test_centipede_plan_count(stages):
    # m own nodes in a line: take at the 1st, ..., the m-th, or pass always: m + 1 plans
    t = centipede(stages)
    plans = reduced_plans(t)
    mine = [(stages + 1) // 2, stages // 2]
    assert [len(p) for p in plans] == [m + 1 for m in mine]
    assert plan_counts(t) == [m + 1 for m in mine]
    g = reduced_normal_form(t)
    assert g.strategies[0][0] == ",".join(["take"] + ["*"] * (mine[0] - 1))


def test_entry_deterrence_normal_form_equilibria():
    g = reduced_normal_form(entry_deterrence())
    pure = {tuple(g.strategies[i][int(np.argmax(np.asarray(e.strategies[i], dtype=float)))]
                  for i in range(2))
            for e in treaty.equilibria(g) if all(max(s) == 1 for s in e.strategies)}
    # (out, fight) is a Nash equilibrium of the normal form, not subgame perfect
    assert pure == {("out", "fight"), ("in", "accommodate")}


@pytest.mark.parametrize("seed", range(12))
def test_kuhn_equivalence_on_random_trees(seed):
    """Kuhn (1953): the behaviour strategies of a mixed profile give the same expected payoffs
    (checked exactly for random mixed profiles over the reduced plans)."""
    t = random_tree(seed, n_players=2 + seed % 2)
    assert t.perfect_recall
    g = reduced_normal_form(t)
    plans = reduced_plans(t)
    rng = random.Random(seed)
    for _ in range(3):
        prof = []
        for ps in plans:
            w = [rng.randint(0, 3) for _ in ps]
            if not any(w):
                w[0] = 1
            prof.append([F(x, sum(w)) for x in w])
        beh = behavior_from_mixed(t, prof, plans)
        direct = t.expected_payoffs(beh)
        arrays = [np.array(x, dtype=object) for x in prof]
        normal = tuple(contract_others(g.payoffs[i], arrays, i).dot(arrays[i])
                       for i in range(g.n_players))
        assert direct == normal


def test_pure_profiles_reach_their_leaf():
    # every pure profile of the reduced form equals the payoff of following the plans on the tree
    for seed in range(6):
        t = random_tree(100 + seed)
        g = reduced_normal_form(t)
        plans = reduced_plans(t)
        for prof in np.ndindex(*g.shape):
            beh = {}
            for j, h in enumerate(t.infosets):
                chosen = dict(plans[h.player][prof[h.player]]).get(j, 0)
                beh[j] = tuple(F(int(a == chosen)) for a in range(len(h.actions)))
            assert t.expected_payoffs(beh) == g.payoff(prof)


def test_size_checked_before_work(monkeypatch):
    import treaty.extensive._reduce as red

    monkeypatch.setattr(red, "MAX_PROFILES", 10)
    with pytest.raises(GameTooLarge, match=r"up to 16 profiles \(4 x 4\)"):
        reduced_normal_form(centipede(6))


def test_one_player_tree_refused():
    t = TreeGame.from_nodes(["A"], [Node.decision(0, ["x"], [1]), Node.terminal([0])])
    with pytest.raises(GameError, match="at least 2 players"):
        reduced_normal_form(t)
