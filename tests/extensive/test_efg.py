"""Gambit's .efg format: read, write and round trip against pygambit on every tree shipped
(games/, the docs) and on the .efg files of Gambit's own repository: all 174 are kept in
tests/data/gambit/efg (see tests/data/README.md), plus the catalogue that ships with pygambit;
TREATY_GAMBIT_GAMES may name another Gambit checkout to add."""

from __future__ import annotations

import importlib.util
import os
import tempfile
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest

from treaty.errors import SpecError
from treaty.extensive import CHANCE, TERMINAL, TreeGame, reduced_plans
from treaty.extensive._reduce import plan_counts
from treaty.spec.efg import read_efg, write_efg

ROOT = Path(__file__).resolve().parents[2]


def gambit_files() -> list[Path]:
    dirs = [ROOT / "tests" / "data" / "gambit" / "efg"]
    spec = importlib.util.find_spec("pygambit")
    if spec is not None and spec.submodule_search_locations:
        dirs.append(Path(list(spec.submodule_search_locations)[0]) / "catalog_data")
    if os.environ.get("TREATY_GAMBIT_GAMES"):
        dirs.append(Path(os.environ["TREATY_GAMBIT_GAMES"]))
    return sorted({p for d in dirs for p in d.rglob("*.efg")})


def shipped_trees() -> list[Path]:
    return sorted(p for p in (ROOT / "games").glob("*.yaml")
                  if "extensive-form" in p.read_text(encoding="utf-8"))


def frac(v) -> Fraction:
    return Fraction(str(v))


def outcome_payoff(node, player) -> Fraction:
    """The payoff of *player* in the outcome at *node* (0 without one)."""
    out = node.outcome
    if out is None:
        return Fraction(0)
    try:
        return frac(out[player])
    except KeyError:  # pygambit 16.7: a node without an outcome gives an empty wrapper
        return Fraction(0)


def compare(ours: TreeGame, theirs) -> None:
    """Walk both trees in prefix order: same kinds, players, actions, probabilities, leaf
    payoffs (Gambit's outcomes summed along the path) and the same information sets."""
    players = list(theirs.players)
    assert list(ours.players) == [p.label for p in players]
    pairs: dict[int, object] = {}
    back: dict[object, int] = {}
    stack = [(0, theirs.root, [Fraction(0)] * len(players))]
    count = 0
    while stack:
        k, node, acc = stack.pop()
        count += 1
        nd = ours.nodes[k]
        acc = [a + outcome_payoff(node, p) for a, p in zip(acc, players)]
        kids = list(node.children)
        if nd.kind == TERMINAL:
            assert node.is_terminal
            assert list(nd.payoffs) == acc
            continue
        assert not node.is_terminal and len(kids) == len(nd.children)
        acts = [a.label for a in node.infoset.actions]
        assert list(nd.actions) == acts
        if nd.kind == CHANCE:
            assert node.player.is_chance
            assert list(nd.probs) == [frac(a.prob) for a in node.infoset.actions]
        else:
            assert not node.player.is_chance
            assert ours.players[nd.player] == node.player.label
            h = nd.infoset
            if h in pairs:
                assert pairs[h] == node.infoset
            else:
                assert node.infoset not in back
                pairs[h] = node.infoset
                back[node.infoset] = h
        for c, kid in zip(nd.children, kids):
            stack.append((c, kid, acc))
    assert count == len(ours.nodes)


def prefix_form(t: TreeGame) -> list[tuple]:
    """The tree in prefix order with information sets numbered by first appearance (node
    numbering aside, two trees are the same game iff these are equal)."""
    out, seen, stack = [], {}, [0]
    while stack:
        nd = t.nodes[stack.pop()]
        h = seen.setdefault(nd.infoset, len(seen)) if nd.infoset is not None else None
        out.append((nd.kind, nd.player, h, nd.actions, nd.probs, nd.payoffs))
        stack.extend(reversed(nd.children))
    return out


def read_with_gambit(gbt, text: str):
    with tempfile.NamedTemporaryFile("w", suffix=".efg", delete=False, encoding="utf-8") as fh:
        fh.write(text)
    try:
        return gbt.read_efg(fh.name)
    finally:
        os.unlink(fh.name)


GAMBIT_FILES = gambit_files()
VENDORED = ROOT / "tests" / "data" / "gambit" / "efg"


def _cases(files: list[Path]) -> list:
    """The files as test cases: of those kept in tests/data, one in eight in the quick run and
    the rest marked slow (the full suite runs every one)."""
    return [pytest.param(p, marks=pytest.mark.slow) if VENDORED in p.parents and i % 8 else p
            for i, p in enumerate(files)]


@pytest.mark.parametrize("path", _cases(GAMBIT_FILES), ids=lambda p: p.name)
def test_round_trip_gambit_repository(gambit, path):
    text = path.read_text(encoding="utf-8")
    ours = read_efg(text, str(path))
    assert prefix_form(read_efg(write_efg(ours))) == prefix_form(ours)
    try:
        theirs = gambit.read_efg(str(path))
    except ValueError as exc:  # files of Gambit 17 that pygambit 16.7 refuses (labels)
        pytest.skip(f"pygambit cannot read the original: {exc}")
    compare(ours, theirs)                          # our reader agrees with Gambit's
    compare(ours, read_with_gambit(gambit, write_efg(ours)))  # Gambit reads what we write
    again = read_efg(theirs.to_efg())              # we read what Gambit writes
    compare(again, theirs)


def test_catalogue_present(gambit):
    assert len(GAMBIT_FILES) >= 20


@pytest.mark.parametrize("path", _cases(GAMBIT_FILES),
                         ids=lambda p: p.name)
def test_reduced_normal_form_against_gambit(gambit, path):
    """Gambit's strategies of a tree are the reduced strategies ('*' where a player's own moves
    exclude a set): the same plans, with the same payoffs, as our reduced normal form."""
    from treaty.extensive import reduced_normal_form

    ours = read_efg(path.read_text(encoding="utf-8"), str(path))
    try:
        theirs = gambit.read_efg(str(path))
    except ValueError as exc:
        pytest.skip(f"pygambit cannot read the original: {exc}")
    if ours.n_players < 2:
        pytest.skip("a one-player tree has no normal form here")
    if np.prod([float(c) for c in plan_counts(ours)]) > 5000:
        pytest.skip("large reduced form")
    plans = reduced_plans(ours)
    game = reduced_normal_form(ours)
    # our information sets by Gambit's: walk both trees
    to_ours: dict[object, int] = {}
    stack = [(0, theirs.root)]
    while stack:
        k, node = stack.pop()
        nd = ours.nodes[k]
        if nd.kind not in (TERMINAL, CHANCE):
            to_ours[node.infoset] = nd.infoset
        stack.extend(zip(nd.children, node.children))
    arrays = theirs.to_arrays()
    index = []
    for i, player in enumerate(theirs.players):
        mine = {p: s for s, p in enumerate(plans[i])}
        idx = []
        for strat in player.strategies:
            plan = []
            for h in player.infosets:
                a = strat.action(h)
                if a is not None:
                    plan.append((to_ours[h], [x.label for x in h.actions].index(a.label)))
            idx.append(mine[tuple(sorted(plan))])
        assert sorted(idx) == list(range(len(plans[i])))  # a bijection of strategies
        index.append(idx)
    for prof in np.ndindex(*arrays[0].shape):
        mine_prof = tuple(index[i][s] for i, s in enumerate(prof))
        assert game.payoff(mine_prof) == tuple(frac(a[prof]) for a in arrays)


@pytest.mark.parametrize("path", shipped_trees(), ids=lambda p: p.name)
def test_round_trip_shipped_trees(gambit, path):
    import treaty

    ours = treaty.load(path)
    text = write_efg(ours)
    compare(ours, read_with_gambit(gambit, text))
    again = read_efg(text)
    assert prefix_form(again) == prefix_form(ours) and again.players == ours.players


def test_writer_reader_agree_without_gambit():
    from .test_reduce import random_tree

    for seed in range(10):
        t = random_tree(seed, n_players=2 + seed % 3)
        again = read_efg(write_efg(t))
        assert prefix_form(again) == prefix_form(t)


def test_outcomes_at_inner_nodes_add_up():
    t = read_efg('EFG 2 R "" { "A" "B" }\n'
                 'p "" 1 1 "" { "x" "y" } 1 "fee" { -1, 1 }\n'
                 't "" 2 "" { 5, 5 }\n'
                 't "" 0\n')
    assert t.nodes[1].payoffs == (4, 6) and t.nodes[2].payoffs == (-1, 1)


@pytest.mark.parametrize("text, message", [
    ('NFG 1 R "" { "A" }', "not an .efg file"),
    ('EFG 3 R "" { "A" }', "unsupported .efg version"),
    ('EFG 2 R "" { "A" }\np "" 2 1 "" { "x" } 0\nt "" 0', "player number"),
    ('EFG 2 R "" { "A" }\np "" 1 1 0\nt "" 0', "used before its actions"),
    ('EFG 2 R "" { "A" }\np "" 1 1 "" { "x" } 1\nt "" 0', "outcome 1 is used but"),
    ('EFG 2 R "" { "A" "B" }\nt "" 1 "" { 1 }', "needs 2 payoffs"),
    ('EFG 2 R "" { "A" }\nc "" 1 "" { "x" 1/2 "y" 1/3 } 0\nt "" 0\nt "" 0', "sum to 5/6"),
    ('EFG 2 R "" { "A" }\np "" 1 1 "" { "x" "y" } 0\nt "" 0', "end of file"),
    ('EFG 2 R "" { "A" }\nt "" 0\nt "" 0', "after the last node"),
    ('EFG 2 R "" { "A" }\nq "" 0', "expected a node"),
    ('EFG 2 R "" { "A" }\np "" 1 1 "" { "x" "y" } 0\np "" 1 1 "" { "x" "z" } 0\nt "" 0\nt "" 0'
     '\nt "" 0', "restated with other actions"),
])
def test_located_errors(text, message):
    with pytest.raises(SpecError, match=message) as err:
        read_efg(text, "bad.efg")
    assert str(err.value).startswith("bad.efg:")
    assert "\n" not in str(err.value)


@pytest.mark.parametrize("path", _cases(GAMBIT_FILES), ids=lambda p: p.name)
def test_efg_to_spec_and_back(path):
    """A .efg file converted to a YAML spec (treaty convert --to yaml) reads back to the same
    tree: structure, information sets, probabilities and payoffs."""
    import yaml

    from treaty.spec import read_spec_text
    from treaty.spec.extensive import tree_to_spec

    ours = read_efg(path.read_text(encoding="utf-8"), str(path))
    text = yaml.safe_dump(tree_to_spec(ours), sort_keys=False, allow_unicode=True)
    again = read_spec_text(text, file="converted.yaml").instantiate()
    assert prefix_form(again) == prefix_form(ours)


def test_convert_efg_to_yaml_and_nfg(tmp_path):
    from click.testing import CliRunner

    from treaty.cli import cli

    efg = tmp_path / "entry.efg"
    efg.write_text('EFG 2 R "Entry" { "E" "I" } ""\np "" 1 1 "" { "out" "in" } 0\n'
                   't "" 1 "" { 0, 2 }\np "" 2 1 "" { "fight" "accommodate" } 0\n'
                   't "" 2 "" { -1, -1 }\nt "" 3 "" { 1, 1 }\n')
    res = CliRunner().invoke(cli, ["convert", str(efg), "--to", "yaml"])
    assert res.exit_code == 0, res.output
    assert "kind: extensive-form" in res.stdout
    res = CliRunner().invoke(cli, ["convert", str(efg), "--to", "nfg"])
    assert res.exit_code == 0, res.output
    assert '{ { "out" "in" } { "fight" "accommodate" } }' in res.stdout
