"""Verification mechanisms: payoff construction, the inspection-game closed forms, bad specs."""

from __future__ import annotations

from fractions import Fraction as F

import pytest
from hypothesis import given
from hypothesis import strategies as st

import treaty
from treaty.errors import SpecError
from treaty.game import Game
from treaty.mechanics.thresholds import is_pure_equilibrium, threshold
from treaty.mechanics.verification import Inspection, Mechanism, add_verification, deterrence_threshold

pos = st.fractions(min_value=F(1, 20), max_value=20, max_denominator=50)
prob = st.fractions(min_value=0, max_value=1, max_denominator=50)


def inspectee(d: F, b: F, a: F = F(0), h: F = F(0)):
    """A function p -> the standard inspectee game with exogenous detection p.

    The base game has one player who can comply (payoff 0) and a dummy opponent; the
    mechanism adds the covert violation worth d undetected and -b when caught.
    """
    base = Game.from_arrays([[0]], [[0]], players=["Inspectee", "Other"],
                            strategies=[["comply"], ["wait"]])

    def build(p: F) -> Game:
        m = Mechanism(commitment="comply", monitored=("Inspectee",), violation="violate",
                      gain=d, sanction=b, detection=p, false_alarm=a, false_alarm_cost=h)
        return add_verification(base, m)

    return build


@given(d=pos, b=pos)
def test_minimum_detection_is_d_over_d_plus_b(d: F, b: F) -> None:
    # Avenhaus, von Stengel and Zamir (2002): violation deterred iff p >= d/(d+b)
    th = threshold(inspectee(d, b), "p", ("comply", "wait"), bounds=(0, 1))
    lo = d / (d + b)
    assert th.exact
    assert len(th.intervals) == 1
    iv = th.intervals[0]
    assert iv.lower.value == lo and iv.lower.closed
    assert iv.upper.value == 1
    assert [c.deviation for c in th.binding[0].conditions] == ["violate"]
    assert deterrence_threshold(d, b) == lo


@given(d=pos, b=pos, a=prob, h=pos)
def test_false_alarm_extension(d: F, b: F, a: F, h: F) -> None:
    # Avenhaus, von Stengel and Zamir (2002): a false alarm with probability a costs the
    # complying inspectee h, so compliance pays -a*h against violation's (1-p) d - p b:
    # p >= (d + a*h)/(d + b)
    lo = (d + a * h) / (d + b)
    th = threshold(inspectee(d, b, a, h), "p", ("comply", "wait"), bounds=(0, 1))
    if lo > 1:
        assert th.intervals == ()
    else:
        assert th.intervals[0].lower.value == lo
        assert th.intervals[0].upper.value == 1
    assert deterrence_threshold(d, b, a, h) == lo
    # and the brute force: at lo the target is an equilibrium, just below it is not
    if 0 < lo <= 1:
        build = inspectee(d, b, a, h)
        assert is_pure_equilibrium(build(lo), (0, 0))
        assert not is_pure_equilibrium(build(lo - F(1, 10**9)), (0, 0))


def test_payoffs_follow_the_construction() -> None:
    # 2 players, both monitored, mimicking 'race', monitoring cost shared
    g = Game.from_arrays([[3, 0], [5, 1]], [[3, 5], [0, 1]], players=["US", "CN"],
                         strategies=[["pact", "race"]] * 2)
    p, s, m = F(1, 3), F(2), F(1, 2)
    v = add_verification(g, Mechanism(commitment="pact", mimics="race", detection=p,
                                      sanction=s, monitoring_cost=m, paid_by="shared"))
    assert v.strategies == (("pact", "race", "covert"),) * 2
    # covert vs pact: undetected -> (race, pact) = 5; detected -> (pact, pact) - s = 1;
    # two regime members, each costs m, shared -> each pays m
    assert v.payoff(("covert", "pact"))[0] == (1 - p) * 5 + p * (3 - s) - m
    # the victim: undetected -> 0, detected -> 3
    assert v.payoff(("covert", "pact"))[1] == (1 - p) * 0 + p * 3 - m
    # both covert: four independent detection outcomes (US caught?, CN caught?)
    exp = ((1 - p) ** 2 * 1          # neither caught: (race, race)
           + p * (1 - p) * (0 - s)   # US caught and stopped, CN races: (pact, race) - s
           + (1 - p) * p * 5         # CN caught: (race, pact)
           + p * p * (3 - s)) - m    # both caught: (pact, pact) - s
    assert v.payoff(("covert", "covert"))[0] == exp
    # open race is outside the regime: only CN's membership costs, shared
    assert v.payoff(("race", "pact"))[0] == 5 - m / 2
    assert v.payoff(("race", "race"))[0] == 1


def test_inspection_game_mixed_equilibrium() -> None:
    # Inspector inspects with probability q; the inspectee is indifferent iff
    # q*p*(d+b) = d (violation value d - q p (d+b) = 0 = compliance value).
    d, b, p, e, c = F(3), F(2), F(3, 4), F(1), F(4)
    base = Game.from_arrays([[0]], [[0]], players=["State", "Dummy"],
                            strategies=[["comply"], ["x"]])
    m = Mechanism(commitment="comply", monitored=("State",), violation="violate", gain=d,
                  sanction=b, detection=p,
                  inspection=Inspection("IAEA", ("inspect", "trust"), cost=e,
                                        loss_undetected=c, loss_detected=0))
    v = add_verification(base, m)
    assert v.players == ("State", "Dummy", "IAEA")
    assert v.payoff(("comply", "x", "inspect")) == (0, 0, -e)
    assert v.payoff(("violate", "x", "trust")) == (d, 0, -c)
    assert v.payoff(("violate", "x", "inspect"))[0] == (1 - p) * d - p * b
    assert v.payoff(("violate", "x", "inspect"))[2] == -e - (1 - p) * c
    # no pure equilibrium
    assert not treaty.pure_equilibria(v)
    # the unique equilibrium is mixed (Avenhaus, von Stengel and Zamir 2002): the IAEA inspects
    # with q = d / (p (d + b)), which makes the state indifferent (d - q p (d + b) = 0), and the
    # state violates with r = e / (p c), which makes the inspector indifferent
    # (-e - r (1 - p) c = -r c).  The dummy has one strategy, so solve State against IAEA.
    q, r = d / (p * (d + b)), e / (p * c)
    rows, cols = ("comply", "violate"), ("inspect", "trust")
    two = treaty.Game.from_arrays(
        [[v.payoff((s, "x", t))[0] for t in cols] for s in rows],
        [[v.payoff((s, "x", t))[2] for t in cols] for s in rows],
        players=["State", "IAEA"], strategies=[list(rows), list(cols)])
    (eq,) = treaty.equilibria(two)
    assert eq.strategies == ((1 - r, r), (q, 1 - q))
    assert (q, r) == (F(4, 5), F(1, 3))


GOOD = """
parameters:
  p: {value: 1/2, min: 0, max: 1}
  d: 3
  b: 1
players:
  - {name: A, strategies: [pact, race]}
  - {name: B, strategies: [pact, race]}
payoffs:
  A: [[2, 0], [3, 1]]
  B: [[2, 3], [0, 1]]
targets:
  pact: [pact, pact]
verification:
  commitment: pact
  gain: d
  detection: p
  sanction: b
"""


def test_spec_builds_and_thresholds(tmp_path) -> None:
    g = treaty.loads(GOOD)
    assert g.strategies == (("pact", "race", "covert"),) * 2
    assert g.payoff(("covert", "pact"))[0] == F(1, 2) * 5 + F(1, 2) * 1
    f = tmp_path / "g.yaml"
    f.write_text(GOOD)
    th = threshold(f, "p", "pact")
    # pact payoff 2 vs covert (1-p)(2+3) + p(2-1): p >= 3/4, and race (3) always pays
    assert th.intervals == ()
    assert {c.deviation for c in th.conditions} == {"race", "covert"}


def _bad(section: str, mutate: str, expected: str) -> None:
    text = GOOD.replace(section, mutate)
    with pytest.raises(SpecError) as info:
        treaty.loads(text, file="bad.yaml")
    err = info.value
    assert err.file == "bad.yaml" and err.line is not None and err.column is not None
    assert expected in str(err), str(err)


@pytest.mark.parametrize("section,mutate,expected", [
    ("  commitment: pact\n", "  commitment: pakt\n", "did you mean 'pact'"),
    ("  detection: p\n", "  detection: p + 1\n", "probability"),
    ("  detection: p\n", "  detection: q\n", "unknown parameter 'q'"),
    ("  sanction: b\n", "  sanction: -b\n", "must be >= 0"),
    ("  gain: d\n", "", "needs 'mimics' or 'gain'"),
    ("  gain: d\n", "  gain: d\n  mimics: race\n", "either 'mimics' or 'gain'"),
    ("  gain: d\n", "  mimics: rase\n", "did you mean 'race'"),
    ("  gain: d\n", "  gain: d\n  detectoin: p\n", "did you mean 'detection'"),
    ("  gain: d\n", "  gain: d\n  violation: race\n", "already has a strategy 'race'"),
    ("  gain: d\n", "  gain: d\n  monitored: [A, C]\n", "unknown player 'C'"),
    ("  gain: d\n", "  gain: d\n  paid_by: everyone\n", "'paid_by' must be"),
    ("  gain: d\n", "  gain: {A: d, Z: 1}\n", "unknown player 'Z'"),
    ("  gain: d\n", "  gain: d\n  inspection: {inspector: A}\n", "already a player"),
    ("  gain: d\n", "  gain: d\n  inspection: {strategies: [x]}\n", "exactly 2 strategies"),
    ("  gain: d\n", "  gain: d\n  inspection: {target: look}\n", "unknown inspector strategy"),
    ("  gain: d\n", "  gain: d\n  false_alarm: 2\n", "probability"),
    ("  gain: d\n", "  gain: [d]\n", "must be a number or an expression"),
])
def test_bad_verification_sections(section: str, mutate: str, expected: str) -> None:
    _bad(section, mutate, expected)


def test_inspection_spec_and_targets() -> None:
    text = GOOD.replace("  sanction: b\n", "  sanction: b\n  inspection:\n"
                        "    inspector: IAEA\n    cost: 1/2\n    loss_undetected: 2\n")
    g = treaty.loads(text)
    assert g.players == ("A", "B", "IAEA")
    assert g.targets["pact"] == (0, 0, 0)
    assert g.payoff(("pact", "pact", "trust")) == (2, 2, 0)
