"""treaty.negotiate: every part against values derived by hand from the theory.

Chicken (row payoffs first): (C,C) = (6,6), (C,D) = (2,7), (D,C) = (7,2), (D,D) = (0,0).

* Mixed equilibrium: the row player is indifferent when the column plays C with probability
  q: 6q + 2(1-q) = 7q, so q = 2/3 and each gets 7q = 14/3.  Pure equilibria (C,D), (D,C)
  with total payoff 9 < 28/3, so the welfare-maximising Nash equilibrium is the mixed one.
* The cooperative set is the hull of the four points; its Pareto frontier is the segments
  (2,7)-(6,6) (u2 = 7 - (u1 - 2)/4) and (6,6)-(7,2) (u2 = 30 - 4 u1).
* The welfare-maximising correlated equilibrium: 1/2 on (C,C), 1/4 each on (C,D), (D,C),
  payoffs 21/4 each (the textbook example, e.g. Nisan et al. 2007, ch. 2).
"""

from __future__ import annotations

import itertools
import json
from fractions import Fraction as F
from pathlib import Path

import numpy as np
import pytest

import treaty
from treaty.errors import GameError
from treaty.negotiation import Mediation, Negotiation, SelectionReport, negotiate

ROOT = Path(__file__).resolve().parents[2]
PACT = ROOT / "games" / "safety_pact.yaml"


def chicken() -> treaty.Game:
    return treaty.Game.from_arrays([[6, 2], [7, 0]], [[6, 7], [2, 0]], players=["A", "B"],
                                   strategies=[["C", "D"]] * 2)


def is_correlated_equilibrium(game: treaty.Game, dist) -> bool:
    """Every incentive constraint, in Fractions, written from the definition."""
    idx = {s: k for k, s in enumerate(game.strategies[0])}, {s: k for k, s in enumerate(game.strategies[1])}
    mu = np.zeros(game.shape, dtype=object)
    mu[...] = F(0)
    for prof, q in dist.items():
        mu[tuple(idx[i][s] for i, s in enumerate(prof))] = F(q)
    u = game.payoffs
    for i in range(2):
        for s, t in itertools.permutations(range(game.shape[i]), 2):
            gain = F(0)
            for other in range(game.shape[1 - i]):
                p = (s, other) if i == 0 else (other, s)
                d = (t, other) if i == 0 else (other, t)
                gain += mu[p] * (u[(i, *d)] - u[(i, *p)])
            if gain > 0:
                return False
    return sum(mu.flat) == 1 and all(v >= 0 for v in mu.flat)


def expected(game: treaty.Game, dist) -> tuple:
    idx = [{s: k for k, s in enumerate(ss)} for ss in game.strategies]
    return tuple(sum((F(q) * game.payoffs[(i, *(idx[j][s] for j, s in enumerate(p)))]
                      for p, q in dist.items()), F(0)) for i in range(game.n_players))


def test_chicken_with_the_mixed_equilibrium_as_disagreement() -> None:
    g = chicken()
    n = negotiate(g, disagreement={"A": F(14, 3), "B": F(14, 3)})
    assert isinstance(n, Negotiation) and n.solution == "nash" and not n.self_enforcing
    assert n.disagreement.values == (F(14, 3), F(14, 3))
    # symmetric problem, so the Nash solution is the symmetric frontier point: the diagonal
    # meets the frontier at the vertex (6, 6)
    assert n.cooperative.payoffs == (6, 6)
    assert n.cooperative.shares == (F(1, 2), F(1, 2))
    assert expected(g, n.cooperative.agreement.distribution) == (6, 6)
    # over the correlated equilibria: the set is symmetric and convex and (21/4, 21/4)
    # maximises the total, so it is the symmetric Pareto point
    assert n.enforceable.payoffs == (F(21, 4), F(21, 4))
    assert n.enforceable.gains == (F(7, 12), F(7, 12))
    assert is_correlated_equilibrium(g, n.enforceable.agreement.distribution)
    assert n.agreement is n.cooperative
    # the mediator: 21/2 against 28/3 at the mixed equilibrium
    med = n.mediation
    assert isinstance(med, Mediation) and med.complete and med.exact
    assert med.correlated_welfare == F(21, 2) and med.nash_welfare == F(28, 3)
    assert med.gain == F(7, 6)
    assert is_correlated_equilibrium(g, med.correlated.distribution)
    assert n.exact


def test_default_disagreement_is_the_selected_nash_equilibrium() -> None:
    # no equilibrium of chicken Pareto-dominates the others, so the payoff-dominant rule
    # takes the welfare-maximising one: the mixed equilibrium, 14/3 each
    n = negotiate(chicken())
    assert n.disagreement.rule == "nash" and n.disagreement.values == (F(14, 3), F(14, 3))
    assert n.cooperative.payoffs == (6, 6)


def test_ks_and_asymmetric_nash_on_the_frontier() -> None:
    g = chicken()
    # KS with d = (2, 0): ideal point (7, 7) (each player's best point with u >= d); the line
    # d + t (5, 7) meets u2 = 30 - 4 u1 at 7t = 22 - 20t, t = 22/27: (164/27, 154/27)
    ks = negotiate(g, "ks", disagreement={"A": 2, "B": 0}).cooperative
    assert ks.payoffs == (F(164, 27), F(154, 27))
    # Nash with powers (1, 5), d = (14/3, 14/3): on u2 = 7 - (u1 - 2)/4 write x = u1 - 14/3,
    # y = u2 - 14/3 = 5/3 - x/4; maximise x y^5: y = 5x/4, so x = 10/9, y = 25/18
    nash = negotiate(g, disagreement={"A": F(14, 3), "B": F(14, 3)}, powers={"A": 1, "B": 5}).cooperative
    assert nash.payoffs == (F(52, 9), F(109, 18))


def test_rubinstein_split_of_a_unit_pie() -> None:
    pie = treaty.Game.from_arrays([[1, 0], [0, 0]], [[0, 0], [0, 1]])
    n = negotiate(pie, "rubinstein", disagreement={"Player 1": 0, "Player 2": 0},
                  discount=(F(9, 10), F(9, 10)), zone=False)
    # player 1 proposes first: (1 - d2) / (1 - d1 d2) = (1/10) / (19/100) = 10/19
    assert n.cooperative.payoffs == (F(10, 19), F(9, 19))


def test_selection_report_of_the_stag_hunt() -> None:
    stag = treaty.Game.from_arrays([[4, 0], [3, 3]], [[4, 3], [0, 3]], players=["A", "B"],
                                   strategies=[["stag", "hare"]] * 2)
    n = negotiate(stag)
    sel = n.selection
    assert isinstance(sel, SelectionReport) and sel.equilibria == 3 and sel.complete
    assert sel.payoff_dominant.equilibrium.describe() == "A: stag; B: stag"
    # deviation-loss products: at (stag, stag) (4-3)(4-3) = 1, at (hare, hare) (3-0)(3-0) = 9
    assert sel.risk_dominant.equilibrium.describe() == "A: hare; B: hare"
    (cmp,) = sel.comparisons
    assert {cmp.product_a, cmp.product_b} == {1, 9}
    # d = (4, 4) at (stag, stag), the best profile: no agreement gains anything, said in notes
    assert n.cooperative is None and n.enforceable is None
    assert any(s.startswith("cooperative set") for s in n.notes)
    assert any(s.startswith("self-enforcing") for s in n.notes)
    assert n.mediation.gain == 0
    assert "No cooperative agreement" in n.describe()


def test_chicken_selection_compares_the_two_pure_equilibria() -> None:
    sel = negotiate(chicken(), zone=False).selection
    # losses at (C, D): A 2 - 0 = 2, B 7 - 6 = 1; at (D, C) the mirror image: a tie
    (cmp,) = sel.comparisons
    assert cmp.product_a == cmp.product_b == 2 and cmp.dominant is None
    assert sel.payoff_dominant.applied == "welfare"


def test_safety_pact_uses_its_negotiation_section() -> None:
    n = negotiate(PACT)
    other = treaty.equilibria(treaty.load(ROOT / "games" / "export_controls.yaml"))
    assert len(other) == 1
    ec = treaty.load(ROOT / "games" / "export_controls.yaml")
    assert n.disagreement.rule == "game"
    assert n.disagreement.values == tuple(other[0].payoffs[ec.players.index(p)] for p in n.players)
    assert n.settings is not None and n.zone is not None
    assert set(n.zone.terms) == {"S", "p"}
    g = treaty.load(PACT)
    for b in (n.cooperative, n.enforceable):
        assert expected(g, b.agreement.distribution) == tuple(b.payoffs)
        assert all(x >= d for x, d in zip(b.payoffs, n.disagreement.values))
    assert is_correlated_equilibrium(g, n.enforceable.agreement.distribution)
    d = n.to_dict()
    json.dumps(d)
    assert d["cooperative"] == n.cooperative.to_dict() and d["zone"] == n.zone.to_dict()
    assert d["mediation"] == n.mediation.to_dict() and d["selection"] == n.selection.to_dict()
    assert negotiate(PACT, zone=False).zone is None


def test_self_enforcing_flag_picks_the_headline() -> None:
    n = negotiate(chicken(), self_enforcing=True, zone=False)
    assert n.agreement is n.enforceable
    assert "self-enforcing" in n.describe()


def test_three_players() -> None:
    # a 3-player coordination game: all-a pays 2 each, all-b 1 each, otherwise 0
    pay = np.zeros((3, 2, 2, 2), dtype=object)
    pay[:, 0, 0, 0] = 2
    pay[:, 1, 1, 1] = 1
    g = treaty.Game(pay, players=["A", "B", "C"], strategies=[["a", "b"]] * 3)
    n = negotiate(g, disagreement="minmax")
    assert n.cooperative.payoffs == (2, 2, 2)
    # the best equilibrium (all a) is also the best correlated one; the comparison is complete
    # when the N-player equilibria are (support enumeration)
    assert n.mediation.gain == 0 and n.mediation.complete == treaty.equilibria(g).complete
    assert n.selection.payoff_dominant.payoffs == (2, 2, 2)


@pytest.mark.parametrize("kwargs, match", [
    ({"solution": "bogus"}, "unknown bargaining solution"),
    ({"solution": "rubinstein"}, "discount"),
    ({"disagreement": "minmax", "select": "welfare"}, "select="),
    ({"discount": (F(1, 2), F(1, 2))}, "rubinstein"),
])
def test_errors(kwargs, match) -> None:
    with pytest.raises(GameError, match=match):
        negotiate(chicken(), **kwargs)


def test_spec_source_with_params() -> None:
    spec = treaty.read_spec(PACT)
    n = negotiate(spec, params={"S": 8}, zone=False)
    assert n.parameters["S"] == 8 and n.zone is None
    assert n.disagreement.rule == "game"
    with pytest.raises(GameError, match="parameter values"):
        negotiate(treaty.load(PACT), params={"S": 8})
