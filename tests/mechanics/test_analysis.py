"""Thresholds against brute force, the analyze report and the CLI commands."""

from __future__ import annotations

import json
from fractions import Fraction as F
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

import treaty
from treaty.cli.analyze import analyze_command
from treaty.cli.threshold import threshold_command
from treaty.game import Game
from treaty.mechanics.analysis import analyze
from treaty.mechanics.thresholds import threshold
from treaty.report import render_analysis

ROOT = Path(__file__).resolve().parents[2]
GAMES = sorted((ROOT / "games").glob("*.yaml"))
SCENARIO = [ROOT / "games" / n for n in ("export_controls.yaml", "deployment_race.yaml",
                                          "safety_pact.yaml", "safety_pact_repeated.yaml")]


def is_equilibrium(game: Game, profile: tuple[int, ...]) -> bool:
    """Brute force through the engine's pure-equilibrium solver (independent of thresholds)."""
    return any(tuple(s.index(1) for s in e.strategies) == profile
               for e in treaty.pure_equilibria(game))


def probes(th, ep, side):
    """Points just inside and just outside an end point, within the domain."""
    lo, hi = th.domain
    eps = F(1, 10**6)
    a, b = (ep.lo, ep.hi)
    if side == "lower":
        inside = a if (ep.exact and ep.closed) else b + eps
        outside = a - eps
    else:
        inside = b if (ep.exact and ep.closed) else a - eps
        outside = b + eps
    out = []
    if not ep.exact or ep.closed:
        out.append((inside, True))
    else:
        out.append((a + eps if side == "lower" else b - eps, True))
    if (lo is None or outside >= lo) and (hi is None or outside <= hi):
        out.append((outside, False))
    return out


@pytest.mark.parametrize("path", [
    pytest.param(p, marks=pytest.mark.slow) if p.name == "export_controls.yaml" else p
    for p in SCENARIO], ids=lambda p: p.name)  # export_controls: 14 parameters x 2 targets
def test_thresholds_against_brute_force(path: Path) -> None:
    game = treaty.load(path)
    names = list(game.info.parameters)
    for tname, idx in game.targets.items():
        for pname in names:
            th = threshold(path, pname, tname)
            assert th.holds_now == is_equilibrium(game, idx)
            for iv in th.intervals:
                for ep, side in ((iv.lower, "lower"), (iv.upper, "upper")):
                    if ep is None:
                        continue
                    for x, expect in probes(th, ep, side):
                        g = treaty.load(path, {pname: x})
                        assert is_equilibrium(g, idx) == expect, (path.name, tname, pname, x)
            if not th.intervals:
                lo, hi = th.domain
                for x in (lo, hi):
                    if x is not None:
                        assert not is_equilibrium(treaty.load(path, {pname: x}), idx)


@given(r1=st.fractions(-3, 3, max_denominator=9), r2=st.fractions(-3, 3, max_denominator=9),
       k=st.fractions(F(1, 4), 4, max_denominator=7), sign=st.sampled_from([1, -1]))
def test_quadratic_conditions_against_brute_force(r1, r2, k, sign) -> None:
    # the deviation gain is sign*k*(x - r1)(x - r2): the target holds where it is <= 0
    def build(x):
        gain = sign * k * (x - r1) * (x - r2)
        return Game.from_arrays([[0], [gain]], [[0], [0]], players=["A", "B"],
                                strategies=[["t", "d"], ["x"]])

    th = threshold(build, "x", ("t", "x"), bounds=(-4, 4))
    grid = [F(n, 7) for n in range(-28, 29)] + [r1, r2]
    for x in grid:
        assert th.contains(x) == (sign * k * (x - r1) * (x - r2) <= 0), x


def test_irrational_bounds_are_isolated() -> None:
    def build(x):
        return Game.from_arrays([[0], [x * x - 2]], [[0], [0]], players=["A", "B"],
                                strategies=[["t", "d"], ["x"]])

    th = threshold(build, "x", ("t", "x"), bounds=(0, 2))
    up = th.intervals[0].upper
    assert not up.exact and up.lo * up.lo < 2 < up.hi * up.hi
    assert "sqrt(2)" in up.text


def test_safety_pact_numbers() -> None:
    th = threshold(ROOT / "games" / "safety_pact.yaml", "p", "pact")
    # (g + a h) / (g + S) with g = 3, a = 1/20, h = 2, S = 6
    assert th.intervals[0].lower.value == F(31, 90)
    assert {c.player for c in th.binding[0].conditions} == {"US", "CN"}
    assert {c.deviation for c in th.binding[0].conditions} == {"covert"}


@pytest.mark.parametrize("path", SCENARIO, ids=lambda p: p.name)
def test_analyze_report_reads_alone(path: Path) -> None:
    rep = analyze(path)
    text = render_analysis(rep, "table")
    for word in ("Players and strategies", "Parameters", "Nash equilibria", "Target"):
        assert word in text
    for name, *_ in rep.parameters:
        assert name in text
    md = render_analysis(rep, "markdown")
    assert md.startswith("# ")
    data = json.loads(render_analysis(rep, "json"))
    assert data["command"] == "analyze" and data["result"]["targets"]


def test_cli_analyze_and_threshold() -> None:
    runner = CliRunner()
    path = str(ROOT / "games" / "safety_pact.yaml")
    r = runner.invoke(analyze_command, [path, "--param", "p=1/2", "--format", "json"])
    assert r.exit_code == 0, r.output
    data = json.loads(r.output)
    assert data["result"]["targets"][0]["is_equilibrium"] is True
    r = runner.invoke(threshold_command, [path, "--over", "p", "--target", "pact"])
    assert r.exit_code == 0 and "31/90" in r.output
    r = runner.invoke(threshold_command, [path, "--param", "p", "--target", "pact"])
    assert r.exit_code == 0 and "31/90" in r.output
    r = runner.invoke(threshold_command, [path, "--over", "pp", "--target", "pact"])
    assert r.exit_code == 2 and "did you mean 'p'" in r.output
    r = runner.invoke(threshold_command, [path, "--over", "p", "--target", "pakt"])
    assert r.exit_code == 2 and "did you mean 'pact'" in r.output
    r = runner.invoke(analyze_command, [str(ROOT / "games" / "missing.yaml")])
    assert r.exit_code == 2
