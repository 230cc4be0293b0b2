"""Thresholds in the repeated game: a spec with a ``repeated`` section is answered in the repeated
game too (issue 8: 'threshold ... --over delta' said "for no delta" on the file whose point is
delta >= 3/7, and 'analyze' listed p and delta under "No effect on this target").

Expected values are the closed forms of docs/treaty-mechanics.md: grim trigger sustains the pact
iff delta >= (T - R) / (T - R + p (R - P)), i.e. p (R - P) delta >= (1 - delta)(T - R).
"""

from __future__ import annotations

import json
import math
from fractions import Fraction as F
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

import treaty
from treaty.cli.analyze import analyze_command
from treaty.cli.threshold import threshold_command
from treaty.mechanics.analysis import analyze
from treaty.mechanics.thresholds import threshold
from treaty.report import render_analysis

ROOT = Path(__file__).resolve().parents[2]
REPEATED = ROOT / "games" / "safety_pact_repeated.yaml"
DEFAULTS = {"V": F(10), "g": F(3), "s": F(4), "c": F(5), "m": F(1), "p": F(1, 2),
            "delta": F(9, 10)}


def stage(v):
    """T, R, P of the shipped file's assumptions: R = V - m, T = V + g - c/2, P = V - c."""
    return v["V"] + v["g"] - v["c"] / 2, v["V"] - v["m"], v["V"] - v["c"]


def test_delta_is_the_closed_form_three_sevenths():
    th = threshold(REPEATED, "delta", "pact")
    t, r, p_ = stage(DEFAULTS)
    crit = (t - r) / (t - r + DEFAULTS["p"] * (r - p_))
    assert crit == F(3, 7)
    assert th.intervals == ()  # the stage game: a prisoners' dilemma, never an equilibrium
    rep = th.repeated
    assert rep is not None and rep.question == "repeated" and rep.exact
    assert len(rep.intervals) == 1
    lower, upper = rep.intervals[0].lower, rep.intervals[0].upper
    assert lower.value == crit and lower.closed and lower.exact
    assert upper.value == F(99, 100)  # the parameter's declared maximum
    assert rep.holds_now is True and th.holds_now is False
    assert {c.player for b in rep.binding for c in b.conditions} == {"US", "CN"}
    text = th.describe()
    assert "sustained for delta in [3/7, 99/100]" in text
    assert "Stage game alone" in text and "for no delta" not in text


def test_detection_threshold_is_the_inverse_condition():
    # p (R - P) delta >= (1 - delta)(T - R)  <=>  p >= (1 - delta)(T - R) / ((R - P) delta)
    th = threshold(REPEATED, "p", "pact")
    t, r, p_ = stage(DEFAULTS)
    d = DEFAULTS["delta"]
    assert th.repeated.intervals[0].lower.value == (1 - d) * (t - r) / ((r - p_) * d) == F(1, 24)
    assert th.repeated.intervals[0].upper.value == 1


def test_gain_threshold_solves_for_the_temptation():
    th = threshold(REPEATED, "g", "pact")
    v = DEFAULTS
    r, p_ = v["V"] - v["m"], v["V"] - v["c"]
    # T - R = p delta (R - P) / (1 - delta), T = V + g - c/2
    g_star = r + v["p"] * v["delta"] * (r - p_) / (1 - v["delta"]) - v["V"] + v["c"] / 2
    assert th.repeated.intervals[0].upper.value == g_star == F(39, 2)
    assert th.intervals[0].upper.value == F(3, 2)  # stage game: T <= R


@settings(max_examples=15, deadline=None)
@given(g=st.fractions(F(1, 2), 6, max_denominator=7), m=st.fractions(0, 2, max_denominator=5),
       p=st.fractions(F(1, 10), 1, max_denominator=10))
def test_delta_threshold_matches_the_closed_form(g, m, p):
    v = {**DEFAULTS, "g": g, "m": m, "p": p}
    t, r, p_ = stage(v)
    th = threshold(REPEATED, "delta", "pact", {"g": g, "m": m, "p": p})
    rep = th.repeated
    if t <= r:  # no temptation: sustained for every delta
        assert rep.whole_domain
        return
    crit = (t - r) / (t - r + p * (r - p_))
    if crit > F(99, 100):
        assert rep.intervals == ()
    else:
        assert rep.intervals[0].lower.value == crit


def test_finite_punishment_gives_the_quadratic_root(tmp_path):
    # two rounds of punishment: p (R - P)(delta + delta^2) = T - R, an irrational root here
    text = REPEATED.read_text().replace("punishment: grim", "punishment: 2")
    path = tmp_path / "two_rounds.yaml"
    path.write_text(text)
    rep = threshold(path, "delta", "pact").repeated
    t, r, p_ = stage(DEFAULTS)
    k = (t - r) / (DEFAULTS["p"] * (r - p_))  # delta^2 + delta - k = 0
    root = (-1 + math.sqrt(1 + 4 * k)) / 2
    lower = rep.intervals[0].lower
    assert lower.lo < root < lower.hi or lower.value == pytest.approx(root)
    assert rep.scheme.startswith("2-period punishment")


def test_against_critical_discount_at_probe_points():
    """Inside and outside every repeated interval, the closed form of critical_discount agrees."""
    for pname in DEFAULTS:
        th = threshold(REPEATED, pname, "pact")
        rep = th.repeated
        for iv in rep.intervals:
            for ep, sign in ((iv.lower, -1), (iv.upper, 1)):
                if ep is None or ep.value in rep.domain:
                    continue
                for x, expect in ((ep.value - sign * F(1, 1000), True),
                                  (ep.value + sign * F(1, 1000), False)):
                    g = treaty.load(REPEATED, {pname: x})
                    s = g.repeated
                    got = treaty.critical_discount(g, "pact", detection=s.detection,
                                                   discount=s.discount).sustainable
                    assert got == expect, (pname, x)


def test_no_repeated_section_no_repeated_answer():
    th = threshold(ROOT / "games" / "safety_pact.yaml", "p", "pact")
    assert th.repeated is None and th.question == "stage"
    assert not th.describe().startswith("Repeated")


def test_repeated_answer_can_be_turned_off():
    assert threshold(REPEATED, "delta", "pact", repeated=False).repeated is None


def test_analyze_does_not_call_deciding_parameters_ineffective():
    rep = analyze(REPEATED)
    (target,) = rep.targets
    by = {th.parameter: th for th in target.thresholds}
    assert by["p"].affected and by["delta"].affected
    assert not by["V"].affected and not by["s"].affected  # R - P and T - R do not involve them
    text = render_analysis(rep, "table")
    no_effect = [line for line in text.splitlines() if line.startswith("No effect")]
    assert no_effect and "delta" not in no_effect[0] and " p" not in no_effect[0]
    assert "sustained in the repeated" in text


def test_cli_threshold_answers_the_repeated_question():
    r = CliRunner().invoke(threshold_command, [str(REPEATED), "--over", "delta",
                                               "--target", "pact"])
    assert r.exit_code == 0, r.output
    assert "sustained for delta in [3/7" in r.output
    assert "7/2*delta - 3/2" in r.output  # p (R - P) delta - (1 - delta)(T - R) = 2 delta - 3/2 (1 - delta)
    r = CliRunner().invoke(threshold_command, [str(REPEATED), "--over", "delta", "--target",
                                               "pact", "--format", "json"])
    data = json.loads(r.output)["result"]
    assert data["question"] == "stage" and data["set"] == []
    assert data["repeated"]["question"] == "repeated"
    assert data["repeated"]["set"][0]["lower"]["value"] in ("3/7", 3 / 7)


def test_cli_analyze_json_has_the_repeated_thresholds():
    r = CliRunner().invoke(analyze_command, [str(REPEATED), "--format", "json"])
    assert r.exit_code == 0, r.output
    ths = json.loads(r.output)["result"]["targets"][0]["thresholds"]
    delta = next(t for t in ths if t["parameter"] == "delta")
    assert delta["repeated"]["set_text"].startswith("[3/7")


@pytest.mark.parametrize("sanction", [F(3), F(12), F(17, 2)])
def test_threshold_of_a_loaded_game_keeps_its_parameter_values(sanction: F) -> None:
    """A Game instantiated at S = s gives the threshold at S = s, not at the spec's default.

    In games/safety_pact.yaml covert violation is deterred iff p >= (g + a h) / (g + S)
    (Avenhaus, von Stengel and Zamir 2002, with the false-alarm term), which with g = 3,
    a = 1/20, h = 2 is 31 / (10 (S + 3)): 31/90 at the default S = 6.
    """
    path = ROOT / "games" / "safety_pact.yaml"
    expected = F(31) / (10 * (sanction + 3))
    game = treaty.load(path, {"S": sanction})
    th = treaty.threshold(game, "p", "pact")
    assert th.intervals[0].lower.value == expected
    assert th.to_dict() == treaty.threshold(path, "p", "pact", {"S": sanction}).to_dict()
    report = treaty.analyze(game)
    [pact] = [t for t in report.targets if t.name == "pact"]
    [over_p] = [t for t in pact.thresholds if t.parameter == "p"]
    assert over_p.intervals[0].lower.value == expected
