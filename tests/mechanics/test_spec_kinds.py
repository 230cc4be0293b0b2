"""Every command on every spec kind (issue 8): each command takes every kind it can, or says in
one line which command to use; the API takes a path, a Spec or a Game alike; an N-player game
without a pure equilibrium is not reported as having "0 equilibria"."""

from __future__ import annotations

from fractions import Fraction as F
from pathlib import Path

import pytest
from click.testing import CliRunner

import treaty
from treaty.cli import cli

ROOT = Path(__file__).resolve().parents[2]
MEMBERS = str(ROOT / "games" / "ai_safety_pact_members.yaml")
PACT = str(ROOT / "games" / "race_or_pact.yaml")
REPEATED = str(ROOT / "games" / "safety_pact_repeated.yaml")
GAMBIT = str(ROOT / "tests" / "data" / "gambit" / "pd.nfg")

INSPECTED = """treaty: 1
kind: normal-form
title: inspected
players:
  - {name: State, strategies: [comply]}
  - {name: Dummy, strategies: [x]}
payoffs:
  - {profile: [comply, x], payoffs: [0, 0]}
verification:
  commitment: comply
  monitored: [State]
  violation: violate
  gain: 3
  sanction: 2
  detection: 3/4
  inspection: {inspector: IAEA, strategies: [inspect, trust], cost: 1, loss_undetected: 4}
"""


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


@pytest.mark.parametrize("args", [
    ["solve", MEMBERS],
    ["analyze", MEMBERS],
    ["threshold", MEMBERS, "--over", "x", "--target", "a,b"],  # exited 70 (AttributeError)
])
def test_normal_form_commands_on_a_membership_spec_name_coalitions(args):
    r = run(*args)
    assert r.exit_code == 2, r.output
    lines = r.output.strip().splitlines()
    assert len(lines) == 1 and "use 'treaty coalitions'" in lines[0], r.output


@pytest.mark.parametrize("path", [PACT, GAMBIT])
def test_coalitions_on_a_normal_form_spec_names_solve_and_analyze(path):
    r = run("coalitions", path)
    assert r.exit_code == 2
    lines = r.output.strip().splitlines()
    assert len(lines) == 1 and "'treaty solve'" in lines[0] and "'treaty analyze'" in lines[0]


@pytest.mark.parametrize("command", ["solve", "analyze", "validate"])
def test_nfg_through_the_normal_form_commands(command):
    # analyze on a .nfg file failed with a YAML syntax error
    r = run(command, GAMBIT)
    assert r.exit_code == 0, r.output


def test_nfg_threshold_says_the_file_has_no_parameters():
    r = run("threshold", GAMBIT, "--over", "p", "--target", "1,1")
    assert r.exit_code == 2 and "no parameters" in r.output and "YAML" not in r.output


@pytest.mark.parametrize("source", ["path", "spec", "game"])
def test_api_takes_a_path_a_spec_or_a_game(source):
    arg = {"path": REPEATED, "spec": treaty.read_spec(REPEATED),
           "game": treaty.load(REPEATED)}[source]
    # treaty.analyze(game) raised a TypeError from pathlib; equilibria/critical_discount(path)
    # raised an AttributeError
    assert treaty.analyze(arg).targets[0].name == "pact"
    assert treaty.threshold(arg, "delta", "pact").repeated.intervals[0].lower.value == \
        pytest.approx(3 / 7)
    assert len(treaty.equilibria(arg)) == 1
    assert treaty.critical_discount(arg, "pact").critical_discount == pytest.approx(3 / 11)


@pytest.mark.parametrize("func", [
    treaty.equilibria, treaty.analyze,
    lambda g: treaty.threshold(g, "p", "a"),
    lambda g: treaty.critical_discount(g, "a"),
])
@pytest.mark.parametrize("source", ["path", "model"])
def test_api_on_a_membership_spec_names_coalitions(func, source):
    arg = MEMBERS if source == "path" else treaty.load(MEMBERS)
    with pytest.raises(treaty.GameError, match="use 'treaty coalitions'"):
        func(arg)


def test_three_player_game_without_pure_equilibrium_is_not_zero_equilibria(tmp_path):
    # the inspection game (Avenhaus, von Stengel and Zamir 2002) has no pure equilibrium; its
    # mixed one inspects at q* = g / (p (g + S)) = 3 / (3/4 * 5) = 4/5 and violates at
    # r* = e / (p (lu - ld)) = 1 / (3/4 * 4) = 1/3
    path = tmp_path / "inspected.yaml"
    path.write_text(INSPECTED)
    for fmt in ("table", "markdown"):
        r = run("solve", str(path), "--format", fmt)
        assert r.exit_code == 0, r.output
        assert "0 equilibria" not in r.output and "1 equilibrium" in r.output
        assert "4/5 (0.8) inspect" in r.output and "1/3 (0.333) violate" in r.output
    r = run("analyze", str(path))
    assert r.exit_code == 0, r.output
    assert "0 equilibria" not in r.output


def test_three_player_pure_equilibria_say_pure_only():
    pay = [[[1, 0], [0, 0]], [[0, 0], [0, 1]]]
    g = treaty.Game.from_arrays(pay, pay, pay)  # type: ignore[arg-type]
    # all three coordinate on 0 or on 1, or each mixes 1/2 (q r = (1 - q)(1 - r) = 1/4)
    mixed = treaty.equilibria(g)
    assert len(mixed) == 3 and mixed.complete
    assert {e.strategies[0][0] for e in mixed} == {0, F(1, 2), 1}
    eqs = treaty.equilibria(g, method="pure")
    assert len(eqs) == 2 and not eqs.complete
    assert "pure equilibria only" in eqs.note and "3-player" in eqs.note
    from treaty.report import render

    text = render(eqs, "table", command="solve", game=g)
    assert "2 pure equilibria (pure equilibria only; method 'support' (or 'auto') finds the " \
           "mixed equilibria of 3-player games" in text
