"""Zone of possible agreement: term values where the target is an equilibrium every party signs.

Expected zones are derived by hand from the payoffs (hand-built specs) or checked by solving
the game directly just inside and just outside every reported boundary (the shipped pact):
the target's pure deviations and each party's participation are recomputed from the game's
payoffs here, not read from the code under test.
"""

from __future__ import annotations

from fractions import Fraction as F
from typing import Any

import numpy as np
import pytest

import treaty
from treaty.errors import GameError, ParameterError

PACT = "games/safety_pact.yaml"

# A 2x2 pact: keeping costs an enforcement share S/4 of the sanction S; a cheater against a
# keeper gets V + g - S.  Target (keep, keep) is an equilibrium iff V - S/4 >= V + g - S,
# i.e. S >= 4 g / 3 = 4 (g = 3); A takes part iff V - S/4 >= dA, i.e. S <= 4 (V - dA).
SPEC = """
treaty: 1
kind: normal-form
title: enforcement-cost pact
parameters:
  S: {value: 5, min: 0, max: 20}
  V: {value: 4}
  g: {value: 3}
players:
  - {name: A, strategies: [keep, cheat]}
  - {name: B, strategies: [keep, cheat]}
payoffs:
  - {profile: [keep, keep], payoffs: [V - S/4, V - S/4]}
  - {profile: [cheat, keep], payoffs: [V + g - S, 0]}
  - {profile: [keep, cheat], payoffs: [0, V + g - S]}
  - {profile: [cheat, cheat], payoffs: [0, 0]}
targets:
  deal: [keep, keep]
"""

# The terms shift value between the parties on the equilibrium path: A gets 2 + S/4, B gets
# 6 - S/4 (d = 0).  Equilibrium iff 2 + S/4 >= 5 - S (S >= 12/5) and 6 - S/4 >= 7 - S
# (S >= 4/3); participation of B iff S <= 24.  Zone [12/5, 20]; the Nash product
# (2 + S/4)^wA (6 - S/4)^wB is largest where wA/(8 + S) = wB/(24 - S): S = 8 for equal powers,
# S = 40/3 for powers (2, 1).
SHIFT = """
treaty: 1
kind: normal-form
parameters:
  S: {value: 5, min: 0, max: 20}
players:
  - {name: A, strategies: [keep, cheat]}
  - {name: B, strategies: [keep, cheat]}
payoffs:
  - {profile: [keep, keep], payoffs: [2 + S/4, 6 - S/4]}
  - {profile: [cheat, keep], payoffs: [5 - S, 0]}
  - {profile: [keep, cheat], payoffs: [0, 7 - S]}
  - {profile: [cheat, cheat], payoffs: [0, 0]}
targets:
  deal: [keep, keep]
"""


def _spec(text: str = SPEC) -> Any:
    return treaty.read_spec_text(text)


def _holds(game: treaty.Game, target: tuple[str, ...], d: Any) -> tuple[bool, bool]:
    """(target is a pure NE, every party's target payoff >= its disagreement value)."""
    t = game.profile_index(list(target))
    pay = game.payoffs
    ne = True
    for i in range(game.n_players):
        for s in range(game.shape[i]):
            dev = t[:i] + (s,) + t[i + 1:]
            if pay[(i, *dev)] > pay[(i, *t)]:
                ne = False
    part = all(pay[(i, *t)] >= d[i] for i in range(game.n_players))
    return ne, part


def _minmax(game: treaty.Game) -> tuple[Any, ...]:
    return tuple(m.value for m in treaty.minmax_values(game))


def _inside_outside(b: Any, eps: F = F(1, 10**6)) -> tuple[F, F]:
    ep = b.at
    if ep.exact:
        v = F(ep.value)
        return (v + eps, v - eps) if b.side == "below" else (v - eps, v + eps)
    return (ep.hi + eps, ep.lo - eps) if b.side == "below" else (ep.lo - eps, ep.hi + eps)


def test_hand_built_zone_and_binding() -> None:
    z = treaty.zone_of_agreement(_spec(), "S", "deal", disagreement={"A": 2, "B": 1})
    assert z.exact and len(z.intervals) == 1
    iv = z.intervals[0]
    assert (iv.lower.value, iv.upper.value) == (F(4), F(8))
    assert iv.lower.closed and iv.upper.closed
    assert z.contains(F(4)) and z.contains(F(8)) and not z.contains(F(8) + F(1, 10**9))
    labels = {b.side: {c.label() for c in b.conditions} for b in z.binding}
    assert labels["below"] == {"A's deviation to 'cheat'", "B's deviation to 'cheat'"}
    assert labels["above"] == {"A's participation"}
    # the Nash product (2 - S/4)(3 - S/4) falls on [4, 8]: agreement at S = 4, gains (1, 2)
    a = z.agreement
    assert a is not None and not a.flat and a.exact
    assert a.terms == {"S": F(4)} and a.gains == (F(1), F(2)) and a.product == F(2)
    d = z.to_dict()
    assert d["binding"][-1]["conditions"][0]["kind"] == "participation"
    assert "A's participation binds at S = 8" in z.describe()


def test_hand_built_interior_nash_point_and_powers() -> None:
    z = treaty.zone_of_agreement(_spec(SHIFT), "S", "deal", disagreement={"A": 0, "B": 0})
    assert [(iv.lower.value, iv.upper.value) for iv in z.intervals] == [(F(12, 5), F(20))]
    assert z.agreement is not None and z.agreement.terms == {"S": F(8)}
    assert z.agreement.gains == (F(4), F(4))
    zw = treaty.zone_of_agreement(_spec(SHIFT), "S", "deal", disagreement={"A": 0, "B": 0},
                                  powers={"A": 2, "B": 1})
    assert zw.agreement is not None and zw.agreement.terms == {"S": F(40, 3)}


def test_flat_product_reports_cheapest_end() -> None:
    # constant disagreement, the pact's payoff does not depend on p: the product is flat
    z = treaty.zone_of_agreement(PACT, "p", "pact", disagreement={"US": 9, "CN": 9})
    assert z.exact and z.intervals[0].lower.value == F(31, 90)
    a = z.agreement
    assert a is not None and a.flat and a.terms == {"p": F(31, 90)}
    assert a.gains == (F(2, 5), F(2, 5))  # 47/5 - 9


def test_participation_empties_the_zone() -> None:
    z = treaty.zone_of_agreement(_spec(), "S", "deal", disagreement={"A": 4, "B": 0})
    # A takes part only for S <= 0, the pact holds only from S = 4
    assert z.intervals == () and z.agreement is None and z.empty


def test_pact_over_p_boundaries_values() -> None:
    d = {"US": F(5), "CN": F(5)}
    z = treaty.zone_of_agreement(PACT, "p", "pact", disagreement=d)
    assert z.binding
    sp = treaty.read_spec(PACT)
    for b in z.binding:
        inside, outside = _inside_outside(b)
        assert all(_holds(sp.instantiate({"p": inside}), ("pact", "pact"), (5, 5)))
        assert not all(_holds(sp.instantiate({"p": outside}), ("pact", "pact"), (5, 5)))


@pytest.mark.slow
@pytest.mark.parametrize("term", ["p", "S"])
def test_pact_boundaries_minmax(term: str) -> None:
    z = treaty.zone_of_agreement(PACT, term, "pact", disagreement="minmax")
    sp = treaty.read_spec(PACT)
    assert z.binding
    for b in z.binding:
        inside, outside = _inside_outside(b)
        gi, go = sp.instantiate({term: inside}), sp.instantiate({term: outside})
        assert all(_holds(gi, ("pact", "pact"), _minmax(gi)))
        assert not all(_holds(go, ("pact", "pact"), _minmax(go)))
    # the deviation thresholds are exact: p* = (g + a h)/(g + S) = 31/90, S* = 47/5
    assert z.intervals[0].lower.value == (F(31, 90) if term == "p" else F(47, 5))


def test_two_terms_pointwise() -> None:
    d = {"US": F(9), "CN": F(9)}
    z = treaty.zone_of_agreement(PACT, {"S": (0, 12), "p": (0, 1)}, "pact", disagreement=d,
                                 steps={"S": 7, "p": 6})
    sp = treaty.read_spec(PACT)
    g = z.grid
    assert g.mask.shape == (7, 6)
    for a, s in enumerate(g.axes["S"]):
        for b, p in enumerate(g.axes["p"]):
            ne, part = _holds(sp.instantiate({"S": s, "p": p}), ("pact", "pact"), (9, 9))
            assert bool(g.mask[a, b]) == (ne and part), (s, p)
            assert (g.failing[a, b] == "") == bool(g.mask[a, b])
    assert 0 < g.share < 1
    assert z.agreement is not None and z.agreement.flat
    sw = z.to_sweep()
    assert sw.n == 42 and set(sw.columns) == {"S", "p", "zone"}
    assert int(np.sum(sw.columns["zone"] == "in the zone")) == int(g.mask.sum())


def test_two_terms_minmax_pointwise() -> None:
    z = treaty.zone_of_agreement(PACT, {"S": (0, 12), "p": (0, 1)}, "pact", steps=5,
                                 disagreement="minmax")
    sp = treaty.read_spec(PACT)
    for a, s in enumerate(z.grid.axes["S"]):
        for b, p in enumerate(z.grid.axes["p"]):
            game = sp.instantiate({"S": s, "p": p})
            assert bool(z.grid.mask[a, b]) == all(_holds(game, ("pact", "pact"), _minmax(game)))


def test_errors() -> None:
    with pytest.raises(ParameterError):
        treaty.zone_of_agreement(PACT, "Q", "pact", disagreement={"US": 0, "CN": 0})
    with pytest.raises(GameError):  # a grid needs bounded ranges
        treaty.zone_of_agreement(PACT, {"S": (0, None), "p": None}, "pact",
                                 disagreement={"US": 0, "CN": 0})
    with pytest.raises(GameError):
        treaty.zone_of_agreement(PACT, "p", "pact", disagreement={"US": 0, "CN": 0},
                                 powers={"US": -1})
    with pytest.raises(GameError):
        treaty.zone_of_agreement(PACT, "p", "nosuch", disagreement={"US": 0, "CN": 0})


def test_defaults_from_the_negotiation_section() -> None:
    # named terms take the section's ranges (S in [0, 20]) and the section's disagreement point
    # (export_controls.yaml's only equilibrium), not the declared bounds and minmax
    z = treaty.zone_of_agreement(PACT, ["S"])
    assert z.domain["S"] == (0, 20)
    other = treaty.equilibria(treaty.load("games/export_controls.yaml"))
    assert len(other) == 1
    assert "export_controls.yaml" in z.disagreement
    game = treaty.read_spec(PACT).instantiate({"S": z.intervals[0].lower.value})
    d = dict(zip(other[0].players, other[0].payoffs))
    assert all(_holds(game, ("pact", "pact"), tuple(d[p] for p in game.players)))
