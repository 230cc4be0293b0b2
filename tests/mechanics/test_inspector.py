"""The inspector: the ``inspector:`` sub-section, the inspection equilibrium against its closed
forms, and the shipped pact with an inspector.

Closed forms (Avenhaus, von Stengel and Zamir 2002, section 3), derived here: with inspection
probability q the inspectee's violation pays q((1-p) g - p S) + (1-q) g = g - q p (g + S) and
compliance pays -q a h, so it is indifferent at q* = g / (p (g + S) - a h); with violation
probability r the inspector's inspection pays -e - r((1-p) lu + p ld) and skipping -r lu, so it
is indifferent at r* = e / (p (lu - ld)).  Independent solvers: treaty's 2-player vertex
enumeration and pygambit's exact enummixed on the 2-player game.
"""

from __future__ import annotations

from fractions import Fraction as F
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import treaty
from treaty.errors import GameError, SpecError
from treaty.game import Game
from treaty.mechanics.leadership import commitment
from treaty.mechanics.verification import (
    Inspection,
    Mechanism,
    add_verification,
    inspection_equilibria,
    inspection_rates,
)
from treaty.spec.loader import read_spec_text

ROOT = Path(__file__).resolve().parents[2]


def one_inspectee(g: F, S: F, p: F, e: F, lu: F, ld: F, a: F = F(0), h: F = F(0)) -> Game:
    base = Game.from_arrays([[0]], [[0]], players=["State", "World"],
                            strategies=[["comply"], ["wait"]])
    m = Mechanism(commitment="comply", monitored=("State",), violation="violate", gain=g,
                  sanction=S, detection=p, false_alarm=a, false_alarm_cost=h,
                  inspection=Inspection("IAEA", ("inspect", "skip"), cost=e,
                                        loss_undetected=lu, loss_detected=ld))
    return add_verification(base, m)


pos = st.fractions(min_value=F(1, 10), max_value=20, max_denominator=20)
prob = st.fractions(min_value=F(1, 20), max_value=1, max_denominator=20)


@settings(max_examples=40, deadline=None)
@given(g=pos, S=pos, p=prob, e=pos, lu=pos, ld=pos, a=st.fractions(0, F(1, 2), max_denominator=10),
       h=pos)
def test_inspection_equilibrium_matches_the_closed_form(g, S, p, e, lu, ld, a, h) -> None:
    den_q, den_r = p * (g + S) - a * h, p * (lu - ld)
    if den_q <= 0 or den_r <= 0:
        return
    q, r = g / den_q, e / den_r
    if not (0 < q < 1 and 0 < r < 1):
        return
    assert inspection_rates(g, S, p, e, lu, ld, a, h) == (q, r)
    ie = inspection_equilibria(one_inspectee(g, S, p, e, lu, ld, a, h))
    # the game has no pure equilibrium and a unique mixed one, at the closed forms
    assert ie.exact and ie.complete and ie.rates == ((q, (r,)),)
    assert ie.mixed == ie.rates and ie.closed_form == (("State", q, r),)


@pytest.mark.parametrize("g,S,p,e,lu,ld,a,h", [
    (F(3), F(2), F(3, 4), F(1), F(4), F(0), F(0), F(0)),
    (F(5), F(10), F(1, 2), F(1), F(20), F(2), F(1, 10), F(3)),
])
def test_against_pygambit(g, S, p, e, lu, ld, a, h) -> None:
    gbt = pytest.importorskip("pygambit")
    v = one_inspectee(g, S, p, e, lu, ld, a, h)
    A = np.array([[v.payoff((s, "wait", t))[0] for t in ("inspect", "skip")]
                  for s in ("comply", "violate")], dtype=object)
    B = np.array([[v.payoff((s, "wait", t))[2] for t in ("inspect", "skip")]
                  for s in ("comply", "violate")], dtype=object)
    gg = gbt.Game.from_arrays(A, B)
    res = gbt.nash.enummixed_solve(gg, rational=True)
    state, iaea = list(gg.players)
    found = {(F(eq[list(iaea.strategies)[0]]), F(eq[list(state.strategies)[1]]))
             for eq in res.equilibria}
    assert found == {inspection_rates(g, S, p, e, lu, ld, a, h)}


def test_no_inspector_and_bad_closed_forms() -> None:
    with pytest.raises(GameError, match="no inspector"):
        inspection_equilibria(treaty.load(ROOT / "games" / "safety_pact.yaml"))
    with pytest.raises(GameError, match="no inspection rate deters"):
        inspection_rates(1, 1, F(1, 10), 1, 2, 0, 1, 1)
    with pytest.raises(GameError, match="never indifferent"):
        inspection_rates(1, 1, 1, 1, 2, 2)


SPEC = """
treaty: 1
kind: normal-form
parameters:
  p: {value: 3/4, min: 0, max: 1}
  e: 1
players:
  - {name: A, strategies: [pact, race]}
  - {name: B, strategies: [pact, race]}
payoffs:
  - {profile: [pact, pact], payoffs: [3, 3]}
  - {profile: [pact, race], payoffs: [0, 4]}
  - {profile: [race, pact], payoffs: [4, 0]}
  - {profile: [race, race], payoffs: [1, 1]}
targets:
  pact: [pact, pact]
verification:
  commitment: pact
  gain: 1
  sanction: 2
  detection: p
INSPECTOR"""


def test_inspector_section_builds_the_inspection_game() -> None:
    game = read_spec_text(SPEC.replace("INSPECTOR", "  inspector:\n    name: IAEA\n    cost: e\n"
                                       "    loss_undetected: 5\n    loss_detected: 1\n"),
                          file="i.yaml").instantiate()
    assert game.players == ("A", "B", "IAEA")
    assert game.strategies[2] == ("inspect", "skip")
    assert game.targets["pact"] == (0, 0, 0)
    # detection only when inspected
    assert game.payoff(("covert", "pact", "skip"))[0] == 3 + 1
    assert game.payoff(("covert", "pact", "inspect"))[0] == F(1, 4) * 4 + F(3, 4) * (3 - 2)
    # the inspector: -e per inspection, -lu undetected, -ld detected or open
    assert game.payoff(("covert", "pact", "inspect"))[2] == -1 - F(1, 4) * 5 - F(3, 4) * 1
    assert game.payoff(("covert", "covert", "skip"))[2] == -10
    assert game.payoff(("race", "pact", "skip"))[2] == -1
    # the old spelling builds the same payoffs (with its own default labels)
    old = read_spec_text(SPEC.replace("INSPECTOR", "  inspection:\n    inspector: IAEA\n"
                                      "    cost: e\n    loss_undetected: 5\n"
                                      "    loss_detected: 1\n"), file="i.yaml").instantiate()
    assert np.array_equal(old.payoffs, game.payoffs) and old.strategies[2] == ("inspect", "trust")
    # a name alone: the defaults
    short = read_spec_text(SPEC.replace("INSPECTOR", "  inspector: IAEA\n"),
                           file="i.yaml").instantiate()
    assert short.players[2] == "IAEA" and short.strategies[2] == ("inspect", "skip")


@pytest.mark.parametrize("section,token,match", [
    ("  inspector: {name: A}\n", "A}", "already a player"),
    ("  inspector: B\n", "B", "already a player"),
    ("  inspector: {name: I, strategies: [x]}\n", "[x]", "exactly 2 strategies"),
    ("  inspector: {name: I, target: look}\n", "look", "unknown inspector strategy"),
    ("  inspector: {nme: I}\n", "nme", "nme"),
    ("  inspector: I\n  inspection: {cost: 1}\n", "inspector", "not both"),
])
def test_located_errors(section: str, token: str, match: str) -> None:
    """One line, at the offending key or value (line 22 of SPEC is the sub-section)."""
    with pytest.raises(SpecError, match=match) as info:
        read_spec_text(SPEC.replace("INSPECTOR", section), file="i.yaml").instantiate()
    where = f"i.yaml:22:{section.index(token) + 1}: "
    assert str(info.value).startswith(where) and "\n" not in str(info.value)


def test_shipped_pact_with_inspector() -> None:
    game = treaty.load(ROOT / "games" / "safety_pact_inspector.yaml")
    assert game.players == ("US", "CN", "Agency") and game.shape == (3, 3, 2)
    g, S, p, a, h, e, lu, ld = F(3), F(6), F(3, 4), F(1, 20), F(2), F(1), F(10), F(2)
    q, r = g / (p * (g + S) - a * h), e / (p * (lu - ld))
    assert (q, r) == (F(60, 133), F(1, 6))
    # inspector leadership: the agency announces q*, both powers comply, it pays e q*
    c = commitment(game, "Agency")
    assert c.exact and c.strategy == (q, 1 - q) and c.response == ("pact", "pact")
    assert c.value == -e * q


@pytest.mark.slow
def test_shipped_pact_inspection_equilibria() -> None:
    """The 3-player game's mixed equilibria (support enumeration, about 4 s)."""
    game = treaty.load(ROOT / "games" / "safety_pact_inspector.yaml")
    q, r = F(60, 133), F(1, 6)
    ie = inspection_equilibria(game)
    assert ie.closed_form == (("US", q, r), ("CN", q, r))
    if not ie.complete and not ie.mixed:
        pytest.skip("mixed equilibria of 3-player games not computed yet (N-player solver)")
    # every equilibrium in which the agency mixes: the agency is indifferent when the expected
    # number of covert violations is e / (p (lu - ld)) (an open race costs it ld whether it
    # inspects or not); a power that mixes pact and covert is indifferent only at q*
    assert ie.mixed
    names = ie.equilibria[0].players
    pinned = 0
    for (qq, rs), eq in zip(ie.rates, ie.equilibria, strict=True):
        assert eq.regret == 0 if eq.exact else eq.regret <= eq.tolerance
        if not 0 < qq < 1:
            continue
        assert sum(rs) == r if eq.exact else float(sum(rs)) == pytest.approx(float(r), abs=1e-8)
        if any({"pact", "covert"} <= set(eq.support(names.index(k))) for k in ("US", "CN")):
            assert qq == q
            pinned += 1
    # the equilibria with one power complying and the other violating at rate r*
    assert pinned >= 1 and (q, (0, r)) in ie.rates and (q, (r, 0)) in ie.rates


@pytest.mark.slow
def test_analyze_reports_inspection_and_leadership() -> None:
    import json

    import jsonschema

    from treaty.report import render_analysis

    rep = treaty.analyze(ROOT / "games" / "safety_pact_inspector.yaml", thresholds=False)
    assert rep.leadership.value == -F(60, 133) and rep.leadership.response == ("pact", "pact")
    assert rep.inspection.closed_form[0] == ("US", F(60, 133), F(1, 6))
    text = render_analysis(rep)
    assert "Inspector leadership" in text and "60/133" in text
    data = json.loads(render_analysis(rep, "json"))
    schema = json.loads((ROOT / "treaty" / "report" / "output.schema.json").read_text())
    jsonschema.validate(data, schema)
    assert data["result"]["leadership"]["value"] == "-60/133"
    assert data["result"]["inspection"]["closed_form"][1]["violation_rate"] == "1/6"


def test_analyze_without_inspector_has_none() -> None:
    rep = treaty.analyze(ROOT / "games" / "race_or_pact.yaml", thresholds=False)
    assert rep.inspection is None and rep.leadership is None
    d = rep.to_dict()
    assert d["inspection"] is None and d["leadership"] is None
