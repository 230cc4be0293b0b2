"""Lint warnings (treaty/spec/lint.py) and how `treaty validate` shows them."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from treaty.cli import cli
from treaty.spec import read_spec, read_spec_text
from treaty.spec.lint import TARGET_UNAFFECTED, UNUSED_PARAMETER, lint

ROOT = Path(__file__).resolve().parents[2]

BASE = """
parameters:
{params}
players: {{A: [x, y], B: [x, y]}}
payoffs: {{A: [[2, 0], [{a10}, 1]], B: [[2, {b01}], [0, 1]]}}
targets: {{good: [x, x], bad: [y, x]}}
"""


def warnings(text: str, code: str) -> list[str]:
    return [w.subject for w in lint(read_spec_text(text, file="t.yaml")) if w.code == code]


def test_an_unused_parameter_is_reported_at_its_name() -> None:
    text = BASE.format(params="  g: 1\n  spare: {value: 2, doc: never used}", a10="g", b01="g")
    ws = lint(read_spec_text(text, file="t.yaml"))
    assert [(w.code, w.subject) for w in ws] == [(UNUSED_PARAMETER, "spare")]
    assert (ws[0].line, ws[0].column) == (4, 3)  # line 4 of the text, the key 'spare'
    assert str(ws[0]).startswith("t.yaml:4:3: warning: parameter 'spare'")


def test_parameters_used_through_a_used_parameter_are_used() -> None:
    # d and b feed h, which a payoff uses; e feeds only the unused f
    text = BASE.format(params="  d: 1\n  b: 3\n  h: d / (d + b)\n  e: 2\n  f: e + 1",
                       a10="h", b01="h")
    assert warnings(text, UNUSED_PARAMETER) == ["e", "f"]


def test_uses_in_verification_and_repeated_sections_count() -> None:
    text = BASE.format(params="  g: 1\n  p: 1/2\n  S: 2\n  delta: 1/2\n  q: 1", a10="g",
                       b01="g") + \
        "verification: {commitment: x, gain: g, detection: p, sanction: {A: S, B: 1}}\n" \
        "repeated: {discount: delta, detection: q}\n"
    assert warnings(text, UNUSED_PARAMETER) == []


def test_membership_uses_in_attributes_and_expressions() -> None:
    text = ("kind: membership\nparameters: {s: 2, t: 1, unused: 0}\n"
            "countries: [{name: A, b: 2 * s}, {name: B, b: 1}]\n"
            "payoff: {model: expression, member: b - t, outsider: b}\n")
    assert warnings(text, UNUSED_PARAMETER) == ["unused"]


def test_a_target_no_parameter_affects_is_reported() -> None:
    # g is only B's payoff at (x, y)
    text = BASE.format(params="  g: 1", a10="3", b01="g")
    # good: A compares 2 with 3 (constants), B compares 2 with g -> affected
    # bad (y, x): A compares 3 with 2, B compares 0 with 1 -> no parameter
    assert warnings(text, TARGET_UNAFFECTED) == ["bad"]
    w = [w for w in lint(read_spec_text(text, file="t.yaml")) if w.code == TARGET_UNAFFECTED][0]
    assert w.line == 6


def test_no_target_warning_without_parameters() -> None:
    text = BASE.format(params="  {}", a10="3", b01="1").replace("parameters:\n  {}\n", "")
    assert lint(read_spec_text(text)) == ()


def test_a_mechanism_value_affects_every_target() -> None:
    text = BASE.format(params="  p: 1/2", a10="3", b01="1") + \
        "verification: {commitment: x, gain: 1, detection: p}\n"
    assert warnings(text, TARGET_UNAFFECTED) == []


@pytest.mark.parametrize("path", sorted((ROOT / "games").glob("*.yaml")), ids=lambda p: p.name)
def test_shipped_games_are_lint_clean(path: Path) -> None:
    assert lint(read_spec(path)) == ()


def test_validate_prints_warnings_on_stderr_and_keeps_the_exit_code(tmp_path: Path) -> None:
    f = tmp_path / "g.yaml"
    f.write_text(BASE.format(params="  g: 1\n  spare: 2", a10="g", b01="g"), encoding="utf-8")
    runner = CliRunner()
    res = runner.invoke(cli, ["validate", str(f)])
    assert res.exit_code == 0
    assert "warning: parameter 'spare' is declared but nothing uses it" in res.stderr
    assert "warning:" not in res.stdout and ": ok (" in res.stdout
    res = runner.invoke(cli, ["validate", "--strict", str(f)])
    assert res.exit_code == 1 and "warning: parameter 'spare'" in res.stderr
    assert ": ok (" not in res.stdout
    clean = ROOT / "games" / "race_or_pact.yaml"
    res = runner.invoke(cli, ["validate", "--strict", str(clean)])
    assert res.exit_code == 0 and res.stderr == ""


def test_a_game_tree_uses_its_probabilities_and_payoffs() -> None:
    text = """treaty: 1
kind: extensive-form
parameters: {p: 1/2, unused: 3, x: 2, y: x + 1}
players: [A, B]
root: n
nodes:
  n:
    chance:
      l: {probability: p, next: {payoffs: [y, 0]}}
      r: {probability: 1 - p, next: {payoffs: [0, 1]}}
"""
    assert [w.subject for w in lint(read_spec_text(text, file="t.yaml"))] == ["unused"]
