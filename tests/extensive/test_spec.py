"""The extensive-form spec reader: the tree it builds, parameters, and located errors."""

from __future__ import annotations

import re
from fractions import Fraction as F

import pytest

import treaty
from treaty.errors import ParameterError, SpecError
from treaty.extensive import TreeGame, subgame_perfect
from treaty.spec import read_spec_text

ENTRY = """\
kind: extensive-form
title: Entry with detection
parameters:
  p: {value: 1/2, min: 0, max: 1, doc: detection probability}
players: [Entrant, Incumbent]
root: entry
nodes:
  entry:
    player: Entrant
    moves: {out: stay_out, in: detect}
  stay_out: {payoffs: [0, 2]}
  detect:
    chance:
      caught: {probability: p, next: respond}
      missed: [1 - p, {payoffs: {Entrant: 2, Incumbent: 0}}]
  respond:
    player: Incumbent
    infoset: after_entry
    moves: {fight: {payoffs: [-1, -1]}, accommodate: {payoffs: [1, 1]}}
"""


def test_reads_the_tree():
    spec = read_spec_text(ENTRY, file="entry.yaml")
    assert spec.kind == "extensive-form" and spec.size == 7
    t = spec.instantiate({"p": "1/3"})
    assert isinstance(t, TreeGame) and t.exact and t.spec is spec
    assert [n.label for n in t.nodes] == ["entry", "stay_out", "detect", "respond",
                                          "respond/fight", "respond/accommodate", "detect/missed"]
    assert t.nodes[2].probs == (F(1, 3), F(2, 3))
    assert t.infosets[1].label == "after_entry"
    assert t.info.parameters["p"] == F(1, 3) and t.info.overrides == {"p": F(1, 3)}
    # the entrant enters when 1/3 * 1 + 2/3 * 2 = 5/3 > 0 (the incumbent accommodates)
    e = subgame_perfect(t)[0]
    assert (e.action(0), e.action(1)) == ("in", "accommodate") and e.payoffs == (F(5, 3), F(1, 3))


def test_equilibria_of_a_tree_spec_use_the_reduced_normal_form():
    spec = read_spec_text(ENTRY, file="entry.yaml")
    eqs = treaty.equilibria(spec)
    assert len(eqs) >= 1 and all(e.regret == 0 for e in eqs)


def test_same_infoset_makes_imperfect_information():
    text = """\
kind: extensive
players: [A, B]
nodes:
  a: {player: A, moves: {L: b1, R: b2}}
  b1: {player: B, infoset: guess, moves: {l: {payoffs: [1, -1]}, r: {payoffs: [-1, 1]}}}
  b2: {player: B, infoset: guess, moves: {l: {payoffs: [-1, 1]}, r: {payoffs: [1, -1]}}}
"""
    t = read_spec_text(text).instantiate()
    assert [h.nodes for h in t.infosets] == [(0,), (1, 4)]
    assert not t.perfect_information and t.perfect_recall


@pytest.mark.parametrize("edit, message", [
    (("  stay_out: {payoffs: [0, 2]}", "  stay_out: {payoffs: [0]}"), "one per player (2) expected"),
    (("moves: {out: stay_out, in: detect}", "moves: {out: stay_out, in: detekt}"),
     "unknown node 'detekt' (did you mean 'detect'?)"),
    (("moves: {out: stay_out, in: detect}", "moves: {out: stay_out, in: entry}"),
     "reached twice (it is the root)"),
    (("missed: [1 - p,", "missed: [1 - q,"), "unknown"),
    (("    player: Incumbent", "    player: Incumbant"), "did you mean 'Incumbent'?"),
    (("  stay_out: {payoffs: [0, 2]}", "  stay_out: {payoffs: [0, 2], player: Entrant}"),
     "'player' belongs to a decision node"),
    (("  stay_out: {payoffs: [0, 2]}", "  stay_out: {payoffs: [0, 2]}\n  lost: {payoffs: [0, 0]}"),
     "node 'lost' is not reached"),
    (("root: entry", "root: entree"), "unknown node 'entree'"),
    (("caught: {probability: p, next: respond}", "caught: {probability: p}"),
     "missing the required key 'next'"),
    (("  stay_out: {payoffs: [0, 2]}", "  stay_out: {payoff: [0, 2]}"), "unknown key 'payoff'"),
    (("players: [Entrant, Incumbent]", "players: [Entrant, Entrant]"), "duplicate player"),
])
def test_located_errors(edit, message):
    text = ENTRY.replace(*edit)
    assert text != ENTRY
    with pytest.raises(SpecError, match=re.escape(message)) as err:
        read_spec_text(text, file="entry.yaml").instantiate()
    s = str(err.value)
    assert s.startswith("entry.yaml:") and s.split(":")[1].isdigit() and "\n" not in s


def test_twice_reached_names_the_first_line():
    text = ENTRY.replace("moves: {out: stay_out, in: detect}", "moves: {out: stay_out, in: detect}"
                         ).replace("missed: [1 - p, {payoffs: {Entrant: 2, Incumbent: 0}}]",
                                   "missed: [1 - p, stay_out]")
    with pytest.raises(SpecError, match=r"entry.yaml:15:.*'stay_out' is reached twice .*line 10"):
        read_spec_text(text, file="entry.yaml")


def test_value_errors_at_instantiation_are_located():
    spec = read_spec_text(ENTRY.replace("min: 0, max: 1", "min: 0, max: 2"), file="entry.yaml")
    with pytest.raises(SpecError, match=r"entry.yaml:14:.*'caught' is 3/2, outside \[0, 1\]"):
        spec.instantiate({"p": "3/2"})
    with pytest.raises(ParameterError, match="outside|above|at most"):
        read_spec_text(ENTRY, file="entry.yaml").instantiate({"p": 2})
    bad = ENTRY.replace("missed: [1 - p,", "missed: [1/4,")
    with pytest.raises(SpecError, match=r"entry.yaml:13:.*sum to 3/4, not 1"):
        read_spec_text(bad, file="entry.yaml").instantiate({"p": "1/2"})


def test_infoset_mismatch_is_located():
    text = """\
kind: extensive-form
players: [A, B]
nodes:
  a: {player: A, moves: {L: b1, R: b2}}
  b1: {player: B, infoset: guess, moves: {l: {payoffs: [1, -1]}, r: {payoffs: [-1, 1]}}}
  b2: {player: B, infoset: guess, moves: {r: {payoffs: [-1, 1]}, l: {payoffs: [1, -1]}}}
"""
    with pytest.raises(SpecError, match=r"<string>:6:.*information set 'guess' \(first at line 5\)"):
        read_spec_text(text).instantiate()
    with pytest.raises(SpecError, match="is in information set 'guess'"):
        read_spec_text(text.replace("b2: {player: B", "b2: {player: A")).instantiate()


def test_size_limit_before_work(monkeypatch):
    import treaty.spec.extensive as ext

    monkeypatch.setattr(ext, "MAX_TREE_NODES", 4)
    with pytest.raises(SpecError, match="more than 4 nodes"):
        read_spec_text(ENTRY)


def test_deep_tree_reads_without_recursion():
    depth = 2000
    lines = ["kind: extensive-form", "players: [A]", "nodes:"]
    for k in range(depth):
        lines.append(f"  n{k}: {{player: A, moves: {{stop: {{payoffs: [{k}]}}, go: n{k + 1}}}}}")
    lines.append(f"  n{depth}: {{payoffs: [{depth}]}}")
    t = read_spec_text("\n".join(lines)).instantiate()
    assert len(t.nodes) == 2 * depth + 1
    assert subgame_perfect(t)[0].payoffs == (depth,)
