"""``treaty negotiate``: output formats, the JSON schema, one-line errors, values from theory.

The chicken spec below (A and B choose C or D; (C,C) = (6,6), (C,D) = (2,7), (D,C) = (7,2),
(D,D) = (0,0)) has the mixed equilibrium q(C) = 2/3 (6q + 2(1-q) = 7q), worth 14/3 to each
player, written as the disagreement point of its negotiation section.  Hand-derived values:

* cooperative Nash and KS: the problem is symmetric, so both are the symmetric point of the
  frontier (2,7)-(6,6)-(7,2): (6, 6); the KS ideal point is (19/3, 19/3) (u1 on
  u2 = 30 - 4 u1 at u2 = 14/3);
* self-enforcing: the symmetric Pareto point of the correlated-equilibrium payoffs,
  (21/4, 21/4) (1/2 on (C,C), 1/4 on each of (C,D), (D,C));
* the mediator adds 21/2 - 28/3 = 7/6 over the best Nash equilibrium (the mixed one).
"""

from __future__ import annotations

import json
from fractions import Fraction as F
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

import treaty
from treaty.cli import cli
from treaty.report import output_schema

ROOT = Path(__file__).resolve().parent.parent
PACT = str(ROOT / "games" / "safety_pact.yaml")

CHICKEN = """\
treaty: 1
kind: normal-form
title: Chicken
players:
  - name: A
    strategies: [C, D]
  - name: B
    strategies: [C, D]
payoffs:
  - profile: [C, C]
    payoffs: [6, 6]
  - profile: [C, D]
    payoffs: [2, 7]
  - profile: [D, C]
    payoffs: [7, 2]
  - profile: [D, D]
    payoffs: [0, 0]
negotiation:
  disagreement: {values: {A: 14/3, B: 14/3}}
  solution: ks
"""


def run(*args: str):  # noqa: ANN201
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


@pytest.fixture
def chicken(tmp_path: Path) -> str:
    path = tmp_path / "chicken.yaml"
    path.write_text(CHICKEN, encoding="utf-8")
    return str(path)


def validate(out: str) -> dict:
    data = json.loads(out)
    jsonschema.Draft202012Validator(output_schema()).validate(data)
    assert data["command"] == "negotiate"
    return data


def test_chicken_json_against_theory(chicken: str) -> None:
    r = run("negotiate", chicken, "--format", "json")
    assert r.exit_code == 0, r.output
    res = validate(r.output)["result"]
    assert res["solution"] == "ks"  # from the spec's section
    assert res["disagreement"]["values"] == ["14/3", "14/3"]
    assert res["cooperative"]["payoffs"] == ["6", "6"]
    assert res["cooperative"]["shares"] == ["1/2", "1/2"]
    assert res["enforceable"]["payoffs"] == ["21/4", "21/4"]
    assert res["mediation"]["gain"] == "7/6"
    assert res["mediation"]["correlated_welfare"] == "21/2"
    assert res["zone"] is None and res["exact"] is True


def test_chicken_nash_with_other_disagreement(chicken: str) -> None:
    # KS with d = (2, 0): ideal (7, 7); d + t(5, 7) on u2 = 30 - 4 u1 at t = 22/27
    r = run("negotiate", chicken, "-d", "A=2,B=0", "-f", "json")
    assert validate(r.output)["result"]["cooperative"]["payoffs"] == ["164/27", "154/27"]
    # minmax values of chicken are 2 each; Nash over the frontier with d = (2, 2) is the
    # symmetric point (6, 6)
    r = run("negotiate", chicken, "-s", "nash", "-d", "minmax", "-f", "json")
    res = validate(r.output)["result"]
    assert res["disagreement"]["values"] == ["2", "2"] and res["cooperative"]["payoffs"] == ["6", "6"]
    # the payoff-dominant rule finds no dominant equilibrium and takes the welfare maximiser,
    # the mixed one (28/3 > 9)
    r = run("negotiate", chicken, "-d", "nash", "-f", "json")
    assert validate(r.output)["result"]["disagreement"]["values"] == ["14/3", "14/3"]


def test_chicken_text_and_markdown(chicken: str) -> None:
    r = run("negotiate", chicken)
    assert r.exit_code == 0, r.output
    for part in ("Disagreement point", "Kalai-Smorodinsky", "Distribution by profile",
                 "What a mediator adds", "Which equilibrium"):
        assert part in r.output
    assert "21/4 (5.25)" in r.output and "7/6 (1.167)" in r.output
    assert run("negotiate", chicken, "-f", "text").output == r.output
    r2 = run("negotiate", chicken, "--decimals", "0")
    assert "21/4" in r2.output and "(5.25)" not in r2.output
    md = run("negotiate", chicken, "-f", "markdown", "--self-enforcing").output
    assert md.startswith("# Negotiation: Chicken")
    assert "| A | B | probability |" in md and "self-enforcing *" in md


def test_safety_pact_with_its_section() -> None:
    r = run("negotiate", PACT, "-f", "json")
    assert r.exit_code == 0, r.output
    data = validate(r.output)
    res = data["result"]
    assert data["game"]["file"].endswith("safety_pact.yaml")
    other = treaty.equilibria(treaty.load(ROOT / "games" / "export_controls.yaml"))
    pays = {p: str(v) for p, v in other[0].to_dict()["payoffs"].items()}
    assert res["disagreement"]["rule"] == "game"
    assert res["disagreement"]["values"] == [pays[p] for p in res["players"]]
    assert res["zone"] is not None and sorted(res["zone"]["terms"]) == ["S", "p"]
    for key in ("cooperative", "enforceable"):
        gains = [F(g) for g in res[key]["gains"]]
        assert all(g >= 0 for g in gains) and sum(F(s) for s in res[key]["shares"]) == 1
    text = run("negotiate", PACT, "--no-zone").output
    assert "Zone of agreement" not in text and "What a mediator adds" in text


def test_rubinstein_with_the_spec_discount_factors() -> None:
    r = run("negotiate", PACT, "-s", "rubinstein", "--no-zone", "-p", "S=8", "-f", "json")
    res = validate(r.output)["result"]
    assert res["cooperative"]["discount"] == ["9/10", "17/20"]
    assert res["cooperative"]["proposer"] == "US"


@pytest.mark.parametrize("args, words", [
    (["-d", "bogus"], "unknown disagreement rule"),
    (["-d", "nash:bogus"], "unknown selection rule"),
    (["-d", "A=1"], "no disagreement value for B"),
    (["-d", "A=x,B=1"], "--disagreement"),
    (["-s", "rubinstein"], "discount"),
    (["-p", "nope=1"], "nope"),
])
def test_errors_exit_2_with_one_line(chicken: str, args: list[str], words: str) -> None:
    r = CliRunner().invoke(cli, ["negotiate", chicken, *args])
    assert r.exit_code == 2, r.output
    lines = r.output.strip().splitlines()
    assert len(lines) == 1 and words in lines[0], r.output


def test_missing_file_exits_2(tmp_path: Path) -> None:
    r = CliRunner().invoke(cli, ["negotiate", str(tmp_path / "none.yaml")])
    assert r.exit_code == 2 and len(r.output.strip().splitlines()) == 1


def test_headline_from_the_spec_and_the_flags(tmp_path: Path) -> None:
    path = tmp_path / "chicken_se.yaml"
    path.write_text(CHICKEN + "  self_enforcing: true\n", encoding="utf-8")
    res = validate(run("negotiate", str(path), "-f", "json").output)["result"]
    assert res["self_enforcing"] is True
    res = validate(run("negotiate", str(path), "--cooperative", "-f", "json").output)["result"]
    assert res["self_enforcing"] is False
    text = run("negotiate", str(path)).output
    assert "The self-enforcing Kalai-Smorodinsky solution gives A 21/4" in text


@pytest.mark.slow
def test_plot_draws_the_zone(tmp_path: Path) -> None:
    pytest.importorskip("matplotlib")
    out = tmp_path / "zone.png"
    res = run("negotiate", "games/safety_pact.yaml", "--plot", str(out), "-q")
    assert res.exit_code == 0, res.output
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_plot_errors_exit_2(chicken: str, tmp_path: Path) -> None:
    res = run("negotiate", "games/safety_pact.yaml", "--plot", str(tmp_path / "z.png"), "--no-zone")
    assert res.exit_code == 2 and "--no-zone" in res.output
    res = run("negotiate", "games/safety_pact.yaml", "--plot", str(tmp_path / "z.txt"))
    assert res.exit_code == 2 and ".png" in res.output
    pytest.importorskip("matplotlib")
    res = run("negotiate", chicken, "--plot", str(tmp_path / "z.png"))  # no terms to draw
    assert res.exit_code == 2 and "two terms" in res.output
