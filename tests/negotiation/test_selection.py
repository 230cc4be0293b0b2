"""Equilibrium selection: payoff dominance, risk dominance (Harsanyi and Selten 1988), the
simple rules, and the parameter values where a target becomes risk dominant or unique.

Expected values come from theory (the stag hunt, the product-of-deviation-losses criterion
computed here independently), not from the code's own output.
"""

from __future__ import annotations

from fractions import Fraction as F

import pytest

import treaty
from treaty.errors import GameError
from treaty.negotiation._selection import SELECTION_RULES


def _stag(stag: int = 4, hare: int = 3, sucker: int = 0, tempt: int = 3) -> treaty.Game:
    """Stag hunt: (stag, stag) pays *stag*, hare pays *hare* whatever the other does."""
    return treaty.Game.from_arrays([[stag, sucker], [tempt, hare]], [[stag, tempt], [sucker, hare]],
                                   players=["A", "B"], strategies=[["stag", "hare"]] * 2)


def _labels(sel: treaty.Selection) -> tuple[str, ...]:
    return tuple(sel.equilibrium.support(p)[0] for p in sel.players)


def test_stag_hunt_payoff_dominant_is_stag() -> None:
    sel = treaty.select_equilibrium(_stag(), "payoff-dominant")
    assert _labels(sel) == ("stag", "stag")
    assert sel.unique and sel.applied == "payoff-dominant"
    assert sel.payoffs == (F(4), F(4)) and sel.candidates == 3


def test_stag_hunt_risk_dominant_is_hare() -> None:
    # losses at (hare, hare): (3 - 0) * (3 - 0) = 9 > at (stag, stag): (4 - 3) * (4 - 3) = 1
    sel = treaty.select_equilibrium(_stag(), "risk-dominant")
    assert _labels(sel) == ("hare", "hare") and sel.unique


def test_no_payoff_dominant_equilibrium_falls_back_to_welfare() -> None:
    # battle of the sexes: (2, 1) and (1, 2) and the mixed (2/3, 2/3): none dominates all
    g = treaty.Game.from_arrays([[2, 0], [0, 1]], [[1, 0], [0, 2]])
    sel = treaty.select_equilibrium(g, "payoff-dominant")
    assert not sel.unique and sel.applied == "welfare"
    assert "no equilibrium Pareto-dominates" in sel.reason
    assert sum(sel.payoffs) == 3 and sel.ties  # the two pure ones tie on welfare
    assert "tied" in sel.reason


def test_simple_rules_on_battle_of_the_sexes() -> None:
    g = treaty.Game.from_arrays([[2, 0], [0, 1]], [[1, 0], [0, 2]])
    assert treaty.select_equilibrium(g, "worst").payoffs == (F(2, 3), F(2, 3))
    assert treaty.select_equilibrium(g, "egalitarian").payoffs in {(F(2), F(1)), (F(1), F(2))}
    assert not treaty.select_equilibrium(g, "egalitarian").unique   # two pure ones tie on min 1
    first = treaty.select_equilibrium(g, "first")
    assert first.equilibrium == treaty.equilibria(g)[0]


def test_single_equilibrium_is_unique_under_every_rule() -> None:
    pd = treaty.Game.from_arrays([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    for rule in SELECTION_RULES:
        sel = treaty.select_equilibrium(pd, rule)
        assert sel.unique and sel.payoffs == (1, 1) and sel.reason == "the only equilibrium"


def test_unknown_rule_names_the_rules() -> None:
    with pytest.raises(GameError, match="payoff-dominant"):
        treaty.select_equilibrium(_stag(), "payoff-dominance")


def test_result_protocol() -> None:
    sel = treaty.select_equilibrium(_stag(), "risk-dominant")
    d = sel.to_dict()
    assert d["rule"] == "risk-dominant" and d["payoffs"] == {"A": "3", "B": "3"}
    assert "risk-dominates" in sel.describe()
