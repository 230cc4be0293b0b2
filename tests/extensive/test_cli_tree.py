"""treaty tree / solve / convert on game trees, the shipped sequential game against its
hand-derived answers, and the JSON against the output schema."""

from __future__ import annotations

import json
from fractions import Fraction as F
from pathlib import Path

import pytest
from click.testing import CliRunner

import treaty
from treaty.cli import cli
from treaty.extensive import solve_tree

ROOT = Path(__file__).resolve().parents[2]
GAME = str(ROOT / "games" / "export_controls_sequence.yaml")


def flat(text: str) -> str:
    return " ".join(text.split())


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


def test_sequence_game_deters_cloud_rental_iff_detection_is_likely():
    """By hand: under controls, if the US sanctions a detected violation, cloud rental gives
    China p (K e_c (1 - kyc) - c_c - S) + (1 - p)(K e_c - c_c) = 7 - 6p against 11/2 for
    stacking: cloud iff p < 1/4.  Sanctioning pays the US after either detection (gains
    L e_c kyc = 4 and L e_s = 3 against a cost of 1).  The US then imposes controls: 2
    (stacking) or 8/5 (cloud at p = 1/5), both above the open-trade revenue 3/2.  At p = 3/10
    the sanction need only be probable enough to deter: 3/10 (sigma + 6 (1 - sigma)) ... i.e.
    7 - 9/5 sigma <= 11/2 iff sigma >= 5/6."""
    spec = treaty.read_spec(GAME)
    deter = solve_tree(spec.instantiate({"p_cloud": "3/10"}))
    assert {p.payoffs for p in deter} == {(F(2), F(11, 2))}
    sanction = spec.instantiate().infosets[2]
    assert sanction.label == "violation_detected"
    probs = sorted(p.behavior[2][0] for p in deter)
    assert probs == [F(5, 6), F(1)]  # the extreme points of sigma in [5/6, 1]
    cloud = solve_tree(spec.instantiate({"p_cloud": "1/5"}))
    assert [p.payoffs for p in cloud] == [(F(8, 5), F(29, 5))]
    assert cloud[0].behavior[1] == (0, 1, 0)  # stacking, cloud, smuggle
    # at the threshold p = 1/4 China is indifferent (7 - 6/4 = 11/2)
    edge = solve_tree(spec.instantiate({"p_cloud": "1/4"}))
    assert all(p.payoffs[1] == F(11, 2) for p in edge)


def test_tree_command_draws_the_path():
    res = run("tree", GAME, "--param", "p_cloud=1/5")
    assert res.exit_code == 0, res.output
    out = res.stdout
    assert "1 equilibrium on the tree" in out
    assert "* impose [1] -> route: CN" in out
    assert "* cloud [1] -> detect_cloud: chance" in out
    assert "{violation_detected}" in out
    assert "US impose; CN cloud; US sanction (payoffs US 8/5 (1.6), CN 29/5 (5.8))" in flat(out)


def test_tree_command_on_a_perfect_information_efg(tmp_path):
    efg = tmp_path / "entry.efg"
    efg.write_text('EFG 2 R "Entry" { "E" "I" } ""\np "" 1 1 "" { "out" "in" } 0\n'
                   't "" 1 "" { 0, 2 }\np "" 2 1 "" { "fight" "accommodate" } 0\n'
                   't "" 2 "" { -1, -1 }\nt "" 3 "" { 1, 1 }\n')
    res = run("tree", str(efg))
    assert res.exit_code == 0, res.output
    assert "every pure subgame-perfect equilibrium, by backward induction" in flat(res.stdout)
    assert "* accommodate [1]: 1, 1" in res.stdout
    # Nash equilibria: (in, accommodate), and 'out' against any fight probability q >= 1/2
    # (entering gives -q + (1 - q) <= 0): the extreme points q = 1 and q = 1/2
    res = run("tree", str(efg), "--method", "normal-form", "--show", "2")
    assert res.exit_code == 0 and "3 equilibria on the tree" in flat(res.stdout)
    sol = solve_tree(treaty.load(efg), method="normal-form")
    assert sorted(p.behavior[1][0] for p in sol if p.behavior[0] == (1, 0)) == [F(1, 2), 1]


def test_tree_json_validates_against_the_schema():
    jsonschema = pytest.importorskip("jsonschema")
    from treaty.report import output_schema

    res = run("tree", GAME, "--format", "json")
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    jsonschema.Draft202012Validator(output_schema()).validate(data)
    assert data["command"] == "tree" and data["game"]["kind"] == "extensive-form"
    assert data["result"]["equilibria"][0]["payoffs"] == {"US": "2", "CN": "11/2"}
    assert data["result"]["equilibria"][0]["regrets"] == {"US": "0", "CN": "0"}


def test_tree_options_and_errors():
    res = run("tree", GAME, "--path-only", "--format", "markdown")
    assert res.exit_code == 0 and "```" in res.stdout and "along its path only" in res.stdout
    assert "detect_smuggle: chance ..." in res.stdout
    res = run("tree", GAME, "--show", "9")
    assert res.exit_code == 2 and "there are 2 equilibria" in flat(res.output)
    res = run("tree", str(ROOT / "games" / "race_or_pact.yaml"))
    assert res.exit_code == 2
    assert "'tree' needs an extensive-form game, and this is a normal-form game" in flat(res.output)
    res = run("tree", GAME, "--param", "p_cloud=2")
    assert res.exit_code == 2 and "p_cloud" in res.output


def test_solve_and_convert_take_trees(tmp_path):
    res = run("solve", GAME, "--param", "p_cloud=1/5")
    assert res.exit_code == 0, res.output
    assert "impose,sanction" in res.stdout and "cloud" in res.stdout
    out = tmp_path / "seq.efg"
    res = run("convert", GAME, "--to", "efg", "-o", str(out), "--param", "p_cloud=1/5")
    assert res.exit_code == 0, res.output
    back = treaty.load(out)
    assert [p.payoffs for p in solve_tree(back)] == [(F(8, 5), F(29, 5))]
    res = run("convert", str(ROOT / "games" / "race_or_pact.yaml"), "--to", "efg")
    assert res.exit_code == 2 and "use --to nfg" in res.output
    res = run("validate", GAME)
    assert res.exit_code == 0, res.output


@pytest.mark.parametrize("fmt", ["json", "yaml"])
def test_convert_keeps_the_tree(tmp_path, fmt):
    out = tmp_path / f"seq.{fmt}"
    res = run("convert", GAME, "--to", fmt, "-o", str(out))
    assert res.exit_code == 0, res.output
    a = run("tree", GAME, "--format", "json", "--param", "p_cloud=1/5")
    b = run("tree", str(out), "--format", "json", "--param", "p_cloud=1/5")
    ra, rb = json.loads(a.stdout), json.loads(b.stdout)
    assert ra["result"] == rb["result"] and ra["game"]["parameters"] == rb["game"]["parameters"]
