"""treaty threshold on game trees: the values of one parameter for which a pure profile is
subgame perfect, against breakpoints derived by hand."""

from __future__ import annotations

import itertools
import json
import math
from fractions import Fraction as F
from pathlib import Path

import pytest
from click.testing import CliRunner

import treaty
from treaty.cli import cli
from treaty.extensive import subgame_perfect
from treaty.extensive._threshold import (
    is_subgame_perfect,
    pure_subgame_perfect,
    spe_conditions,
    tree_threshold,
)

ROOT = Path(__file__).resolve().parents[2]
GAME = str(ROOT / "games" / "export_controls_sequence.yaml")

ENTRY = """\
treaty: 1
kind: extensive-form
title: Entry deterrence with a cost of fighting
parameters:
  c: {value: 1/2, doc: the incumbent's cost of a price war, min: 0, max: 3}
players: [E, I]
root: enter
nodes:
  enter:
    player: E
    moves:
      out: {payoffs: [0, 3]}
      in: respond
  respond:
    player: I
    moves:
      fight: {payoffs: [-1, "2 - c"]}
      accommodate: {payoffs: [1, 1]}
"""

QUADRATIC = ENTRY.replace('"2 - c"', '"3 - c*c"').replace("max: 3", "max: 2")


def flat(text: str) -> str:
    return " ".join(text.split())


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


@pytest.fixture
def entry(tmp_path):
    path = tmp_path / "entry.yaml"
    path.write_text(ENTRY)
    return str(path)


def test_entry_deterrence_breakpoint(entry):
    """By hand: the incumbent fights iff 2 - c >= 1 (c <= 1); facing a fight the entrant stays
    out (0 > -1), facing accommodation it enters (1 > 0).  So (out, fight) is subgame perfect
    for c in [0, 1] and (in, accommodate) for c in [1, 3]; at c = 1 both are (a tie).  The
    binding condition at c = 1 is I's deviation to accommodate, g(c) = (2 - c) - 1 = 1 - c."""
    th = tree_threshold(entry, "c")
    assert th.question == "subgame-perfect" and th.exact and th.method == "interpolation"
    assert th.profile == ("out", "fight") and th.players == ("enter", "respond")
    assert th.set_text == "[0, 1]"
    assert th.current == F(1, 2) and th.holds_now
    (b,) = th.binding
    assert b.at.value == 1 and b.side == "above"
    assert [(c.player, c.deviation) for c in b.conditions] == [("I", "accommodate at respond")]
    conds = {c.deviation: (c.numerator, c.denominator) for c in th.conditions}
    assert conds["accommodate at respond"] == ((F(1), F(-1)), (F(1),))
    assert conds["in at enter"] == ((F(1),), (F(1),))  # 0 - (-1)
    other = tree_threshold(entry, "c", "in,accommodate")
    assert other.set_text == "[1, 3]" and not other.holds_now
    keyed = tree_threshold(entry, "c", "respond=accommodate,enter=in")
    assert keyed.intervals == other.intervals
    assert "is subgame perfect for c in [1, 3]" in other.describe()


def test_irrational_breakpoint_is_isolated(tmp_path):
    """Fighting pays iff 3 - c^2 >= 1, i.e. c <= sqrt 2: an irrational end point, isolated in
    an exact bracket."""
    path = tmp_path / "q.yaml"
    path.write_text(QUADRATIC)
    th = tree_threshold(str(path), "c")
    (iv,) = th.intervals
    assert iv.lower is not None and iv.lower.value == 0
    up = iv.upper
    assert up is not None and not up.exact and up.lo < F(math.sqrt(2)) < up.hi + F(1, 10**12)
    assert up.lo ** 2 <= 2 <= up.hi ** 2


def test_export_controls_thresholds_by_hand():
    """The shipped scenario, from its payoff expressions (US sanctions a detected violation:
    it gains L e_cloud kyc - cost_sanction = 4 after cloud, L e_smuggle - cost_sanction = 2
    after smuggling).  China's values under controls with sanctions:
    stacking K e_stack - c_stack = 11/2; cloud p_cloud (K e_cloud (1 - kyc) - c_cloud - S) +
    (1 - p_cloud)(K e_cloud - c_cloud) = K e_cloud (1 - p_cloud kyc) - c_cloud - p_cloud S
    = 31/5 - c_cloud; smuggling 3/10.
    * c_cloud: stacking iff c_cloud >= 7/10, cloud iff c_cloud <= 7/10.
    * e_cloud: cloud gives 17/2 e_cloud - 8/5, so stacking iff e_cloud <= 71/85.
    * K: stacking minus cloud is K/50 + 1/10 > 0, minus smuggling 11/20 K - 3/10: K >= 6/11.
    * r: the US imposes (2 after stacking) iff r <= 2; with cloud (c_cloud = 0) it gets
      3/10 * 4 + 7/10 * 1 = 19/10, so it still controls iff r <= 19/10.
    * p_cloud: cloud gives 7 - 6 p_cloud, stacking iff p_cloud >= 1/4.
    """
    cases = [("c_cloud", None, {}, "[7/10, inf)", 7, 10),
             ("c_cloud", "impose,cloud,sanction", {}, "[0, 7/10]", 7, 10),
             ("e_cloud", None, {}, "[0, 71/85]", 71, 85),
             ("K", None, {}, "[6/11, inf)", 6, 11),
             ("r", None, {}, "[0, 2]", 2, 1),
             ("r", "impose,cloud,sanction", {"c_cloud": 0}, "[0, 19/10]", 19, 10),
             ("p_cloud", None, {}, "[1/4, 1]", 1, 4)]
    for over, target, params, text, num, den in cases:
        th = tree_threshold(GAME, over, target, params)
        assert th.exact and th.set_text == text, (over, target, th.describe())
        assert [b.at.value for b in th.binding] == [F(num, den)], (over, target)
    th = tree_threshold(GAME, "c_cloud")
    assert th.profile == ("impose", "stacking", "sanction")
    assert th.binding[0].conditions[0].deviation == "cloud at route"


def test_conditions_match_backward_induction_on_perfect_information():
    """Every pure profile of a perfect-information tree with a chance node: the condition
    check (subgame roots, one-shot deviations) agrees with treaty's backward induction."""
    from treaty.extensive import Node, TreeGame

    t = TreeGame.from_nodes(["A", "B"], [
        Node.decision(0, ["l", "r"], [1, 2]),
        Node.chance(["h", "t"], [F(1, 3), F(2, 3)], [3, 4]),
        Node.decision(1, ["x", "y"], [5, 6]),
        Node.decision(1, ["u", "v"], [7, 8]), Node.terminal([2, 2]),
        Node.terminal([1, 3]), Node.terminal([3, 1]),
        Node.terminal([0, 1]), Node.terminal([5, 1])])
    import itertools

    everything = itertools.product(*(range(len(h.actions)) for h in t.infosets))
    mine = {p for p in everything if is_subgame_perfect(t, p)}
    assert mine == {tuple(e.choices) for e in subgame_perfect(t)}
    assert set(pure_subgame_perfect(t)) == mine
    assert len(mine) == 2  # B ties at u/v (1 = 1)


def test_imperfect_information_spe_is_a_nash_equilibrium():
    """On the scenario (an information set of two nodes) every pure profile found subgame
    perfect has regret 0 on the tree (treaty.extensive.tree_regret, best responses by the
    sequence form: an independent Nash check), and the others listed by solve_tree as pure
    are found too when they are subgame perfect."""
    from treaty.extensive import solve_tree, tree_regret

    spec = treaty.read_spec(GAME)
    for values in ({}, {"c_cloud": 0}, {"e_cloud": "1/10"}, {"r": 3}):
        tree = spec.instantiate(values)
        found = pure_subgame_perfect(tree)
        assert found, values
        for p in found:
            beh = {j: tuple(F(int(a == c)) for a in range(len(h.actions)))
                   for j, (h, c) in enumerate(zip(tree.infosets, p))}
            assert max(tree_regret(tree, beh)) == 0
        pure_nash = [tuple(b.index(1) for _, b in sorted(prof.behavior.items()))
                     for prof in solve_tree(tree)
                     if all(max(b) == 1 for b in prof.behavior.values())]
        assert {p for p in pure_nash if is_subgame_perfect(tree, p)} <= set(found)
    # e_cloud = 1/10: the information set is off the path and either response is subgame
    # perfect (China stacks whatever the US does there)
    assert len(pure_subgame_perfect(spec.instantiate({"e_cloud": "1/10"}))) == 2
    assert any(g < 0 for _, _, g in spe_conditions(spec.instantiate({}), (1, 0, 1)))


def test_cli_threshold_on_a_tree(entry):
    res = run("threshold", GAME, "--over", "c_cloud")
    assert res.exit_code == 0, res.output
    out = flat(res.stdout)
    assert "impose, stacking, sanction is subgame perfect for c_cloud in [7/10 (0.7), inf)" in out
    assert "CN's deviation to 'cloud at route'" in out and "c_cloud - 7/10" in out
    res = run("threshold", entry, "--over", "c", "-t", "in,accommodate", "-f", "json")
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    jsonschema = pytest.importorskip("jsonschema")
    from treaty.report import output_schema

    jsonschema.Draft202012Validator(output_schema()).validate(data)
    assert data["result"]["question"] == "subgame-perfect"
    assert data["result"]["profile"] == {"enter": "in", "respond": "accommodate"}
    assert data["result"]["set_text"] == "[1, 3]"


@pytest.mark.parametrize("args, needle", [
    (["--over", "c", "-t", "in"], "gives 1 action for 2 information sets"),
    (["--over", "c", "-t", "in,run"], "unknown action 'run' at respond"),
    (["--over", "c", "-t", "enter=in,bogus=fight"], "unknown information set 'bogus'"),
    (["--over", "nope"], "unknown parameter 'nope'"),
])
def test_cli_threshold_tree_errors(entry, args, needle):
    res = run("threshold", entry, *args)
    assert res.exit_code == 2, res.output
    assert needle in res.output and len(res.output.strip().splitlines()) == 1


def test_normal_form_threshold_still_needs_a_target():
    res = run("threshold", str(ROOT / "games" / "safety_pact.yaml"), "--over", "p")
    assert res.exit_code == 2 and "name the target profile" in res.output


def test_piecewise_payoffs_fall_back_to_bisection(tmp_path):
    """The incumbent's fight payoff 2 - min(c, 2) has a kink at c = 2, so no rational function
    fits it on [0, 3]: the end point (fighting pays iff 2 - min(c, 2) >= 1, i.e. c <= 1) is
    bisected and said to be approximate."""
    path = tmp_path / "kink.yaml"
    path.write_text(ENTRY.replace('"2 - c"', '"2 - min(c, 2)"'))
    th = tree_threshold(str(path), "c")
    assert not th.exact and th.method == "bisection"
    (iv,) = th.intervals
    assert iv.upper is not None and iv.upper.lo <= 1 <= iv.upper.hi
    assert iv.upper.hi - iv.upper.lo < F(1, 10**12)
    assert "(end points approximate: bisection)" in th.describe()


def _nash_by_regret(tree):
    """Pure Nash equilibria by brute force: zero regret on the tree (sequence-form best
    responses, independent of the condition code)."""
    from treaty.extensive import tree_regret

    out = set()
    for p in itertools.product(*(range(len(h.actions)) for h in tree.infosets)):
        beh = {j: tuple(F(int(a == c)) for a in range(len(h.actions)))
               for j, (h, c) in enumerate(zip(tree.infosets, p))}
        if max(tree_regret(tree, beh)) == 0:
            out.add(p)
    return out


def _root_only_tree(seed):
    """Player 1 moves, player 2 answers without seeing it, then player 1 moves again without
    seeing 2's move (one information set per own earlier move: perfect recall); payoffs are
    random small integers.  No node but the root starts a subgame."""
    import random

    from treaty.extensive import Node, TreeGame

    rng = random.Random(seed)
    nodes = [Node.decision(0, ["a", "b"], [1, 2], infoset=0),
             Node.decision(1, ["x", "y"], [3, 4], infoset=1),
             Node.decision(1, ["x", "y"], [5, 6], infoset=1),
             Node.decision(0, ["c", "d"], [7, 8], infoset=2),
             Node.decision(0, ["c", "d"], [9, 10], infoset=2),
             Node.decision(0, ["e", "f"], [11, 12], infoset=3),
             Node.decision(0, ["e", "f"], [13, 14], infoset=3)]
    nodes += [Node.terminal([rng.randint(-3, 3), rng.randint(-3, 3)]) for _ in range(8)]
    return TreeGame.from_nodes(["1", "2"], nodes)


@pytest.mark.parametrize("seed", range(6))
def test_only_subgame_is_the_root_so_spe_is_nash(seed):
    """In :func:`_root_only_tree` the top of the root holds all four sets, player 1 deviates
    by plans on three of them at once, and the pure subgame-perfect equilibria are exactly
    the pure Nash equilibria."""
    tree = _root_only_tree(seed)
    assert set(pure_subgame_perfect(tree)) == _nash_by_regret(tree)
    three = [d for i, d, _ in spe_conditions(tree, (0, 0, 0, 0)) if i == 0 and d.count(" at ") == 3]
    assert three  # joint deviations on three sets are among the conditions


@pytest.mark.parametrize("seed", range(8))
def test_random_perfect_information_trees_agree_with_backward_induction(seed):
    """Random perfect-information trees of depth 3 with chance nodes and small integer payoffs
    (many ties): the profiles whose conditions hold are exactly backward induction's."""
    import random

    from treaty.extensive import Node, TreeGame

    rng = random.Random(100 + seed)
    nodes: list = []

    def grow(depth: int) -> int:
        k = len(nodes)
        nodes.append(None)
        if depth == 0:
            nodes[k] = Node.terminal([rng.randint(0, 2), rng.randint(0, 2), rng.randint(0, 2)])
            return k
        kids = [grow(depth - 1) for _ in range(2)]
        if rng.random() < 0.25:
            nodes[k] = Node.chance(["u", "v"], [F(1, 3), F(2, 3)], kids)
        else:
            nodes[k] = Node.decision(rng.randrange(3), ["l", "r"], kids)
        return k

    grow(3)
    tree = TreeGame.from_nodes(["A", "B", "C"], nodes)
    everything = itertools.product(*(range(len(h.actions)) for h in tree.infosets))
    mine = {p for p in everything if is_subgame_perfect(tree, p)}
    assert mine == {tuple(e.choices) for e in subgame_perfect(tree)}


def test_profile_checks_find_the_subgames_once_and_stop_at_the_first_failing_condition(monkeypatch):
    """pure_subgame_perfect finds the tree's subgames once (not once per profile), and a check
    stops at the first condition that fails; the answers are those of the full conditions."""
    from treaty.extensive import _threshold as mod

    tree = _root_only_tree(3)
    profiles = list(itertools.product(range(2), repeat=4))
    full = {p: all(g >= 0 for _, _, g in spe_conditions(tree, p)) for p in profiles}
    calls = {"structure": 0, "values": 0}
    structure, values = mod._structure, mod._values

    def counted_structure(t):
        calls["structure"] += 1
        return structure(t)

    def counted_values(*args, **kwargs):
        calls["values"] += 1
        return values(*args, **kwargs)

    monkeypatch.setattr(mod, "_structure", counted_structure)
    monkeypatch.setattr(mod, "_values", counted_values)
    assert set(pure_subgame_perfect(tree)) == {p for p, ok in full.items() if ok}
    assert calls["structure"] == 1
    n_conditions = len(spe_conditions(tree, profiles[0]))
    assert n_conditions == 2**3 - 1 + 1  # the root is the only subgame: 7 plans of 1, 1 of 2
    calls["values"] = 0
    failing = next(p for p, ok in full.items() if not ok)
    assert not is_subgame_perfect(tree, failing)
    assert calls["values"] < 1 + n_conditions  # the base values, then fewer than every deviation
