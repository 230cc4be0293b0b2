"""The sequence form (von Stengel 1996; Koller, Megiddo and von Stengel 1996).

Oracles: pygambit (the regret of our behaviour profile in Gambit's own arithmetic, in the tree
and in its strategic form; the value of zero-sum trees by ``lp_solve``), closed forms of small
textbook trees, and counts of sequences made directly from the tree.
"""

from __future__ import annotations

import random
from fractions import Fraction

import pytest

from treaty.errors import GameError, GameTooLarge
from treaty.extensive import Node, TreeGame
from treaty.extensive._sequence import (
    behavior_from_plan,
    plan_from_behavior,
    sequence_equilibrium,
    sequence_form,
    sequence_lp,
    tree_regrets,
)

F = Fraction


# -- trees ----------------------------------------------------------------------------------
def random_tree(seed: int, *, depth: int = 4, zero_sum: bool = False, chance: bool = True,
                visible: int = 1, leaf: float = 0.15, floats: bool = False) -> TreeGame:
    """A random 2-player tree with perfect recall and imperfect information.

    A decision node's information set is keyed by (player, the player's own sequence, depth,
    what the player sees of the others' moves): ``visible = 1`` sees nothing, larger values
    see the others' moves modulo *visible*.  Keys with the own sequence give perfect recall;
    the depth keeps two nodes of one path apart.
    """
    rng = random.Random(seed)
    nodes: list[Node | None] = []
    keys: dict[tuple, tuple[int, int]] = {}

    def build(d: int, own: tuple[tuple, tuple], others: tuple[list, list]) -> int:
        k = len(nodes)
        nodes.append(None)
        if d == depth or (d > 1 and rng.random() < leaf):
            u = rng.randint(-5, 5)
            v = -u if zero_sum else rng.randint(-5, 5)
            if floats:
                u, v = u + rng.random(), (-u if zero_sum else v + rng.random())
                if zero_sum:
                    v = -u
            nodes[k] = Node.terminal([u, v])
            return k
        if chance and rng.random() < 0.2:
            n = rng.choice([2, 3])
            w = [rng.randint(1, 4) for _ in range(n)]
            probs = [F(x, sum(w)) for x in w]
            ch = [build(d + 1, own, (others[0] + [(d, a)], others[1] + [(d, a)]))
                  for a in range(n)]
            nodes[k] = Node.chance([f"c{a}" for a in range(n)], probs, ch)
            return k
        i = rng.randint(0, 1)
        seen = hash(tuple(others[i])) % visible
        key = (i, own[i], d, seen)
        if key not in keys:
            keys[key] = (len(keys), rng.choice([2, 2, 3]))
        h, n = keys[key]
        ch = []
        for a in range(n):
            new_own = (own[0] + ((h, a),), own[1]) if i == 0 else (own[0], own[1] + ((h, a),))
            new_others = (others[0], others[1] + [(d, a)]) if i == 0 else \
                (others[0] + [(d, a)], others[1])
            ch.append(build(d + 1, new_own, new_others))
        nodes[k] = Node.decision(i, [f"a{a}" for a in range(n)], ch, infoset=h)
        return k

    build(0, ((), ()), ([], []))
    assert all(nd is not None for nd in nodes)
    return TreeGame.from_nodes(["P1", "P2"], nodes)  # type: ignore[arg-type]


def to_gambit(tree: TreeGame):  # type: ignore[no-untyped-def]
    """The same tree in pygambit (built node by node through its API) and the map from our
    information sets to Gambit's."""
    gbt = pytest.importorskip("pygambit")
    g = gbt.Game.new_tree(players=list(tree.players))
    gis: dict[int, object] = {}
    count = 0
    stack = [(0, g.root)]
    while stack:
        k, gn = stack.pop()
        nd = tree.nodes[k]
        if nd.kind == "terminal":
            count += 1
            g.set_outcome(gn, g.add_outcome(f"o{count}", [F(v) for v in nd.payoffs]))
            continue
        if nd.kind == "chance":
            g.append_move(gn, g.players.chance, list(nd.actions))
            g.set_chance_probs(gn.infoset, [F(p) for p in nd.probs])
        elif nd.infoset in gis:
            g.append_infoset(gn, gis[nd.infoset])
        else:
            g.append_move(gn, tree.players[nd.player], list(nd.actions))
            gis[nd.infoset] = gn.infoset
        stack.extend(zip(nd.children, list(gn.children)))
    return g, gis


def gambit_regrets(tree: TreeGame, behavior) -> tuple:  # type: ignore[no-untyped-def]
    """Gambit's max regret of our behaviour profile in the tree and in its strategic form."""
    g, gis = to_gambit(tree)
    prof = g.mixed_behavior_profile(rational=True)
    for h, probs in enumerate(behavior):
        for act, p in zip(list(gis[h].actions), probs):
            prof[act] = F(p)
    # the strategic form only when small (Gambit builds it in full: exponential)
    from math import prod

    small = prod(len(h.actions) for h in tree.infosets) <= 5_000
    normal = prof.as_strategy().max_regret() if small else 0
    return prof.max_regret(), normal, tuple(prof.payoff(p) for p in tree.players)


ENTRY = TreeGame.from_nodes(["Entrant", "Incumbent"], [
    Node.decision(0, ["out", "in"], [1, 2]), Node.terminal([0, 2]),
    Node.decision(1, ["fight", "accommodate"], [3, 4]),
    Node.terminal([-1, -1]), Node.terminal([1, 1])])

# matching pennies, the second mover not seeing the first move
PENNIES = TreeGame.from_nodes(["A", "B"], [
    Node.decision(0, ["H", "T"], [1, 2]),
    Node.decision(1, ["h", "t"], [3, 4], infoset=1),
    Node.decision(1, ["h", "t"], [5, 6], infoset=1),
    Node.terminal([1, -1]), Node.terminal([-1, 1]), Node.terminal([-1, 1]), Node.terminal([1, -1])])


def kuhn_poker() -> TreeGame:
    """Kuhn's (1950) three-card poker: ante 1, bet 1; value -1/18 to the first player."""
    nodes: list[Node] = []

    def add(nd: Node) -> int:
        nodes.append(nd)
        return len(nodes) - 1

    root = add(Node.chance([], [], []))  # placeholder, replaced below
    deals = [(a, b) for a in range(3) for b in range(3) if a != b]
    kids = []
    for c1, c2 in deals:
        win = 1 if c1 > c2 else -1
        # P1 at infoset "card c1"; P2 after check at "card c2, check"; after bet "card c2, bet"
        n1 = add(Node.decision(0, ["check", "bet"], [], infoset=c1))
        # check branch
        n2 = add(Node.decision(1, ["check", "bet"], [], infoset=3 + c2))
        t_cc = add(Node.terminal([win, -win]))
        n3 = add(Node.decision(0, ["fold", "call"], [], infoset=6 + c1))
        t_cbf = add(Node.terminal([-1, 1]))
        t_cbc = add(Node.terminal([2 * win, -2 * win]))
        nodes[n3] = Node.decision(0, ["fold", "call"], [t_cbf, t_cbc], infoset=6 + c1)
        nodes[n2] = Node.decision(1, ["check", "bet"], [t_cc, n3], infoset=3 + c2)
        # bet branch
        n4 = add(Node.decision(1, ["fold", "call"], [], infoset=9 + c2))
        t_bf = add(Node.terminal([1, -1]))
        t_bc = add(Node.terminal([2 * win, -2 * win]))
        nodes[n4] = Node.decision(1, ["fold", "call"], [t_bf, t_bc], infoset=9 + c2)
        nodes[n1] = Node.decision(0, ["check", "bet"], [n2, n4], infoset=c1)
        kids.append(n1)
    nodes[root] = Node.chance([f"{a}{b}" for a, b in deals], [F(1, 6)] * 6, kids)
    labels = {}
    for c in range(3):
        labels.update({c: f"P1 {c}", 3 + c: f"P2 {c} after check", 6 + c: f"P1 {c} after bet",
                       9 + c: f"P2 {c} facing bet"})
    return TreeGame.from_nodes(["P1", "P2"], nodes, infoset_labels=labels)


# -- the sequence form itself -----------------------------------------------------------------
def test_sizes_linear_in_the_tree() -> None:
    """|S_i| = 1 + sum of the actions at the player's information sets; the LP has
    |S_1| + |H_2| + 1 columns and |S_2| + |H_1| + 1 rows (von Stengel 1996, Theorem 4.4)."""
    for seed in range(10):
        t = random_tree(seed, zero_sum=True, depth=5)
        sf = sequence_form(t)
        counts = tuple(1 + sum(len(h.actions) for h in t.infosets if h.player == i)
                       for i in range(2))
        assert sf.sizes == counts
        k = tuple(sum(1 for h in t.infosets if h.player == i) for i in range(2))
        _, _, shape = sequence_lp(sf, 0)
        assert shape == (counts[1] + k[0] + 1, counts[0] + k[1] + 1)
        # non-zero payoff entries: at most one per leaf
        assert len(sf.payoffs[0]) <= len(t.terminals())


def test_payoff_of_plans_is_the_expected_payoff() -> None:
    """x^T A y equals the tree's expected payoff for random behaviour profiles."""
    rng = random.Random(7)
    for seed in range(15):
        t = random_tree(seed)
        sf = sequence_form(t)
        beh = {}
        for j, h in enumerate(t.infosets):
            w = [rng.randint(1, 5) for _ in h.actions]
            beh[j] = tuple(F(v, sum(w)) for v in w)
        x, y = plan_from_behavior(sf, 0, beh), plan_from_behavior(sf, 1, beh)
        for i in range(2):
            val = sum(F(u) * x[s1] * y[s2] for (s1, s2), u in sf.payoffs[i].items())
            assert val == t.expected_payoffs(beh)[i]
        # and back: behaviour from the plan is the behaviour
        back = {**behavior_from_plan(sf, 0, x), **behavior_from_plan(sf, 1, y)}
        assert back == beh


def test_tree_regrets_against_gambit() -> None:
    """Regret of random behaviour profiles: ours on the tree = Gambit's."""
    rng = random.Random(3)
    for seed in range(8):
        t = random_tree(seed, depth=3)
        beh = {}
        for j, h in enumerate(t.infosets):
            w = [rng.randint(0, 3) + (a == 0) for a in range(len(h.actions))]
            beh[j] = tuple(F(v, sum(w)) for v in w)
        pays, regs = tree_regrets(t, beh)
        g_tree, _, g_pays = gambit_regrets(t, [beh[j] for j in range(len(t.infosets))])
        assert max(regs) == g_tree
        assert pays == g_pays


# -- textbook trees -------------------------------------------------------------------------
def test_matching_pennies_value_and_strategies() -> None:
    eq = sequence_equilibrium(PENNIES)
    assert eq.exact and eq.method == "lp" and eq.value == 0
    assert eq.behavior == ((F(1, 2), F(1, 2)), (F(1, 2), F(1, 2)))
    assert eq.regrets == (0, 0)


def test_kuhn_poker_value() -> None:
    """Kuhn (1950): the game is worth -1/18 to the first player."""
    t = kuhn_poker()
    eq = sequence_equilibrium(t)
    assert eq.exact and eq.value == F(-1, 18) and eq.regrets == (0, 0)
    # the first player with the lowest card (0) bets with probability alpha and with the
    # highest (2) with 3 * alpha (Kuhn 1950): check the ratio
    jack, king = eq.behavior_at("P1 0")["bet"], eq.behavior_at("P1 2")["bet"]
    assert king == 3 * jack and 0 <= jack <= F(1, 3)
    # with the middle card the first player never bets, and calls a bet with probability
    # jack + 1/3; P2 with the king always calls a bet and bets after a check (dominant)
    assert eq.behavior_at("P1 1")["bet"] == 0
    assert eq.behavior_at("P1 1 after bet")["call"] == jack + F(1, 3)
    assert eq.behavior_at("P2 2 after check")["bet"] == 1
    assert eq.behavior_at("P2 2 facing bet")["call"] == 1


def test_entry_deterrence_is_a_nash_equilibrium() -> None:
    """Both Nash equilibria of entry deterrence are (out, fight) (with any fight prob >= 1/2)
    and (in, accommodate); whichever Lemke's path reaches, regret 0 and payoffs among these."""
    eq = sequence_equilibrium(ENTRY)
    assert eq.regrets == (0, 0)
    assert eq.payoffs in ((0, 2), (1, 1))


def test_chance_move_game() -> None:
    """Detection by chance: a violator is caught with probability 1/3 and fined 6; the
    inspector's accusation costs 1 when wrong.  The violator's gain 1 against expected fine 2
    makes compliance the equilibrium: payoffs (0, 0)."""
    t = TreeGame.from_nodes(["State", "Inspector"], [
        Node.decision(0, ["comply", "violate"], [1, 2]),
        Node.terminal([0, 0]),
        Node.chance(["caught", "missed"], [F(1, 3), F(2, 3)], [3, 4]),
        Node.terminal([1 - 6, 2]), Node.terminal([1, -3])])
    eq = sequence_equilibrium(t)
    assert eq.behavior_at(0) == {"comply": 1, "violate": 0}
    assert eq.payoffs == (0, 0) and eq.regrets == (0, 0)


# -- against pygambit -----------------------------------------------------------------------
@pytest.mark.parametrize("seed", range(12))
def test_zero_sum_value_equals_gambit_lp(seed: int) -> None:
    gbt = pytest.importorskip("pygambit")
    t = random_tree(seed, zero_sum=True, depth=4, visible=1 + seed % 3)
    eq = sequence_equilibrium(t)
    g, _ = to_gambit(t)
    ref = gbt.nash.lp_solve(g, rational=True).equilibria[0]
    assert eq.exact and eq.regrets == (0, 0)
    assert eq.value == F(ref.payoff("P1"))
    g_tree, g_normal, g_pays = gambit_regrets(t, eq.behavior)
    assert g_tree == 0 and g_normal == 0 and g_pays == eq.payoffs


@pytest.mark.parametrize("seed", [pytest.param(s, marks=pytest.mark.slow) if s == 2 else s
                                  for s in range(20)])  # seed 2: Gambit's regret takes 5 s
def test_general_sum_equilibrium_certified_by_gambit(seed: int) -> None:
    """Lemke's end is a Nash equilibrium: Gambit's regret of it is 0 in the tree and in the
    strategic form; Gambit's lcp_solve finds equilibria too (existence of one at least)."""
    gbt = pytest.importorskip("pygambit")
    t = random_tree(100 + seed, depth=4, visible=1 + seed % 3)
    eq = sequence_equilibrium(t)
    assert eq.exact and eq.method == "lcp" and eq.regrets == (0, 0)
    g_tree, g_normal, g_pays = gambit_regrets(t, eq.behavior)
    assert g_tree == 0 and g_normal == 0 and g_pays == eq.payoffs
    # Gambit's sequence-form LCP agrees that the tree has an equilibrium with these sizes
    g, _ = to_gambit(t)
    assert gbt.nash.lcp_solve(g, rational=True).equilibria


def test_degenerate_trees() -> None:
    """Ties everywhere (payoffs in {0, 1}): the lexicographic rule keeps the path finite."""
    for seed in range(15):
        rng = random.Random(seed)
        t0 = random_tree(200 + seed, depth=4)
        nodes = [Node.terminal([rng.randint(0, 1), rng.randint(0, 1)]) if nd.kind == "terminal"
                 else nd for nd in t0.nodes]
        t = TreeGame.from_nodes(t0.players, nodes)
        eq = sequence_equilibrium(t)
        assert eq.exact and eq.regrets == (0, 0)
        assert gambit_regrets(t, eq.behavior)[0] == 0


def test_float_tree_states_tolerance() -> None:
    t = random_tree(5, floats=True, depth=3)
    eq = sequence_equilibrium(t)
    assert not eq.exact and eq.tolerance is not None and eq.regret <= eq.tolerance
    tz = random_tree(6, floats=True, zero_sum=True, depth=3)
    ez = sequence_equilibrium(tz)
    assert not ez.exact and ez.method == "lp" and ez.regret <= ez.tolerance


# -- errors and results ---------------------------------------------------------------------
def test_errors() -> None:
    three = TreeGame.from_nodes(["a", "b", "c"], [Node.decision(0, ["x"], [1]),
                                                  Node.terminal([0, 0, 0])])
    with pytest.raises(GameError, match="2-player"):
        sequence_equilibrium(three)
    with pytest.raises(GameError, match="TreeGame"):
        sequence_equilibrium("not a tree")  # type: ignore[arg-type]
    # forgetting one's own move: the second decision of A in one set after H and after T
    forget = TreeGame.from_nodes(["A", "B"], [
        Node.decision(0, ["H", "T"], [1, 2]),
        Node.decision(0, ["l", "r"], [3, 4], infoset=5),
        Node.decision(0, ["l", "r"], [5, 6], infoset=5),
        Node.terminal([1, 0]), Node.terminal([0, 0]), Node.terminal([0, 0]), Node.terminal([1, 0])])
    with pytest.raises(GameError, match="perfect recall"):
        sequence_equilibrium(forget)
    with pytest.raises(GameError, match="unknown information set"):
        sequence_equilibrium(PENNIES).behavior_at("nope")


def test_size_limit_checked_first(monkeypatch: pytest.MonkeyPatch) -> None:
    import treaty.spec._limits as limits

    monkeypatch.setattr(limits, "MAX_SEQUENCES", 4)
    with pytest.raises(GameTooLarge, match="MAX_SEQUENCES"):
        sequence_equilibrium(random_tree(1, depth=4))


def test_result_protocol() -> None:
    import json

    eq = sequence_equilibrium(kuhn_poker())
    d = eq.to_dict()
    json.dumps(d)
    assert d["value"] == "-1/18" and d["exact"] is True and d["method"] == "lp"
    assert len(d["infosets"]) == 12 and d["sequences"] == list(eq.sizes)
    assert "behaviour strategies" in eq.describe() and "regret 0" in eq.describe()


# -- against the reduced normal form --------------------------------------------------------
def _mixed_from_behavior(tree: TreeGame, behavior, plans) -> list[list[Fraction]]:  # type: ignore[no-untyped-def]
    """The realization-equivalent mixed strategy over reduced plans (Kuhn 1953): a plan's
    probability is the product of the behaviour probabilities of its actions."""
    out = []
    for i in range(2):
        row = []
        for plan in plans[i]:
            p = Fraction(1)
            for h, a in plan:
                p *= behavior[h][a]
            row.append(p)
        out.append(row)
    return out


def _normal_regrets(game, x, y) -> tuple:  # type: ignore[no-untyped-def]
    """Regrets in the bimatrix game, computed here from the payoff table."""
    A, B = game.payoffs[0], game.payoffs[1]
    m, n = A.shape
    Ay = [sum(A[r, c] * y[c] for c in range(n)) for r in range(m)]
    xB = [sum(x[r] * B[r, c] for r in range(m)) for c in range(n)]
    u1 = sum(x[r] * Ay[r] for r in range(m))
    u2 = sum(xB[c] * y[c] for c in range(n))
    return (max(Ay) - u1, max(xB) - u2), (u1, u2)


@pytest.mark.parametrize("seed", range(15))
def test_against_the_reduced_normal_form(seed: int) -> None:
    """The sequence-form equilibrium, mapped to mixed strategies over reduced plans, is an
    equilibrium of the reduced normal form (regret 0 there, same payoffs); zero-sum trees
    have the value of the reduced game's equilibria (vertex enumeration); when the reduced
    game has a single equilibrium, ours has its payoffs."""
    import treaty
    from treaty.extensive import reduced_normal_form, reduced_plans

    zero = seed % 3 == 0
    t = random_tree(300 + seed, depth=4, zero_sum=zero, visible=1 + seed % 2)
    eq = sequence_equilibrium(t)
    game, plans = reduced_normal_form(t), reduced_plans(t)
    x, y = _mixed_from_behavior(t, eq.behavior, plans)
    assert sum(x) == 1 and sum(y) == 1
    regrets, pays = _normal_regrets(game, x, y)
    assert regrets == (0, 0) and pays == eq.payoffs
    if game.shape[0] * game.shape[1] > 150:  # vertex enumeration of the reduced form: slow
        return
    eqs = treaty.equilibria(game)
    if zero:  # every equilibrium found (complete or not) gives the value
        assert {e.payoffs[0] for e in eqs} == {eq.value}
    if eqs.complete and len(eqs) == 1:
        assert eqs[0].payoffs == eq.payoffs


def test_zero_sum_fallback_to_the_lcp(monkeypatch: pytest.MonkeyPatch) -> None:
    """When no rounding of the LP's float solution certifies, the exact LCP solves the
    zero-sum tree (its end is an optimal pair): Kuhn poker still has value -1/18."""
    import treaty._exact.rational as rational

    monkeypatch.setattr(rational, "DENOMINATOR_BOUNDS", ())
    eq = sequence_equilibrium(kuhn_poker())
    assert eq.method == "lcp" and eq.value == F(-1, 18) and eq.regrets == (0, 0)
    assert "LCP" in eq.note


@pytest.mark.parametrize("g,S,p,e,lu,ld", [(1, 4, F(1, 2), F(1, 4), 2, 1),
                                          (2, 3, F(3, 4), F(1, 5), 3, 1),
                                          (F(1, 2), 6, F(9, 10), F(1, 10), 5, 2)])
def test_inspection_tree_against_closed_forms(g, S, p, e, lu, ld) -> None:  # type: ignore[no-untyped-def]
    """The inspectee moves unseen, the inspector inspects or not, an inspection detects with
    probability p.  Derivation: the inspectee is indifferent when g - q p (g + S) = 0, so
    q* = g / (p (g + S)); the inspector when -e - r (p ld + (1 - p) lu) = -r lu, so
    r* = e / (p (lu - ld)); payoffs (0, -r* lu).  The mixed equilibrium is the only one when
    both rates lie strictly inside (0, 1), so Lemke's path must end there."""
    q, r = F(g) / (p * (g + S)), F(e) / (p * (lu - ld))
    assert 0 < q < 1 and 0 < r < 1
    t = TreeGame.from_nodes(["State", "Inspector"], [
        Node.decision(0, ["comply", "violate"], [1, 2]),
        Node.decision(1, ["skip", "inspect"], [3, 4], infoset=1),
        Node.decision(1, ["skip", "inspect"], [5, 6], infoset=1),
        Node.terminal([0, 0]), Node.terminal([0, -e]), Node.terminal([g, -lu]),
        Node.chance(["detected", "missed"], [p, 1 - p], [7, 8]),
        Node.terminal([-S, -e - ld]), Node.terminal([g, -e - lu])])
    eq = sequence_equilibrium(t)
    assert eq.behavior[0] == (1 - r, r) and eq.behavior[1] == (1 - q, q)
    assert eq.payoffs == (0, -r * lu) and eq.regrets == (0, 0)
