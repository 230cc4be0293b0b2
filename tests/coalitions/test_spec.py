"""Membership specs: loading, parameters, and malformed input giving located SpecErrors."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pytest

import treaty
from treaty.coalitions import ExpressionModel, MembershipGame, PublicGoodModel
from treaty.errors import SpecError

ROOT = Path(__file__).resolve().parents[2]

GOOD = """\
treaty: 1
kind: membership
title: three
parameters:
  scale: {value: 1, min: 0}
countries:
  - {name: A, benefit: "3/2 * scale", cost: 2/3}
  - {name: B, benefit: 3/2, cost: 2/3}
  - {name: C, benefit: 3/2, cost: 2/3}
payoff:
  model: public-good
network:
  edges: [[A, B]]
"""


def test_shipped_game_loads_and_is_exact() -> None:
    game = treaty.load(ROOT / "games" / "ai_safety_pact_members.yaml")
    assert isinstance(game, MembershipGame)
    assert game.is_exact and "US" in game.players and "CN" in game.players
    assert game.info.assumptions and game.edges
    result = game.stability()
    assert result.exact and result.n_coalitions == 1 << game.n


def test_good_spec_and_parameter_override() -> None:
    game = treaty.loads(GOOD)
    assert isinstance(game.model, PublicGoodModel)
    assert game.attributes["benefit"][0] == Fraction(3, 2)
    assert game.stability().stable_sizes == (3,)
    other = treaty.loads(GOOD, {"scale": "2"})
    assert other.attributes["benefit"][0] == Fraction(3)


def test_expression_spec() -> None:
    text = GOOD.replace("  model: public-good\n",
                        "  model: expression\n  member: benefit * sum_benefit - cost * k\n"
                        "  outsider: benefit * sum_benefit / 2 + links\n")
    game = treaty.loads(text)
    assert isinstance(game.model, ExpressionModel)
    # A is a member of {A, B}: 3/2 * 3 - 2/3 * 2
    assert game.payoffs({"A", "B"})[0] == Fraction(9, 2) - Fraction(4, 3)
    # C outside {A, B}: no network neighbours
    assert game.payoffs({"A", "B"})[2] == Fraction(9, 4)


def bad(text: str, match: str) -> SpecError:
    with pytest.raises(SpecError, match=match) as info:
        treaty.loads(text, file="bad.yaml")
    err = info.value
    assert err.file == "bad.yaml"
    return err


def test_unknown_top_level_key() -> None:
    err = bad(GOOD.replace("countries:", "contries:"), "unknown key 'contries'")
    assert err.line == 6 and err.column == 1 and "countries" in (err.hint or "")


def test_missing_countries() -> None:
    text = GOOD.split("countries:")[0] + "payoff: {model: public-good}\n"
    bad(text, "missing the required key 'countries'")


def test_unknown_payoff_model() -> None:
    err = bad(GOOD.replace("model: public-good", "model: public-goods"), "unknown payoff model")
    assert err.line == 11 and "public-good" in (err.hint or "")


def test_attribute_mismatch_and_nonpositive_cost() -> None:
    err = bad(GOOD.replace("{name: B, benefit: 3/2, cost: 2/3}", "{name: B, benefit: 3/2}"),
              "missing the attribute 'cost'")
    assert err.line == 8
    bad(GOOD.replace("{name: C, benefit: 3/2, cost: 2/3}", "{name: C, benefit: 3/2, cost: 0}"),
        "every cost must be positive")


def test_bad_edges_and_duplicates() -> None:
    err = bad(GOOD.replace("[[A, B]]", "[[A, D]]"), "unknown country 'D'")
    assert err.line == 13
    bad(GOOD.replace("[[A, B]]", "[[A, B, C]]"), "an edge joins 2 countries")
    bad(GOOD.replace("name: C", "name: B"), "duplicate country 'B'")


def test_expression_errors() -> None:
    text = GOOD.replace("  model: public-good\n", "  model: expression\n  member: benefit * sum_benfit\n")
    err = bad(text, "unknown parameter 'sum_benfit'")
    assert "sum_benefit" in (err.hint or "")
    text = GOOD.replace("  model: public-good\n", "  model: expression\n  member: __import__('os')\n")
    bad(text, "not allowed|unknown function")


def test_reserved_attribute_and_bad_rule() -> None:
    bad(GOOD.replace("cost: 2/3}", "cost: 2/3, k: 1}", 1), "cannot be an attribute name")
    bad(GOOD + "stability: {rule: stay-ot}\n", "unknown tie rule")


def test_too_few_countries() -> None:
    text = GOOD.replace("  - {name: B, benefit: 3/2, cost: 2/3}\n", "").replace(
        "  - {name: C, benefit: 3/2, cost: 2/3}\n", "").replace("[[A, B]]", "[]")
    bad(text, "at least 2 countries")


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from treaty.errors import TreatyError  # noqa: E402


@settings(max_examples=150, deadline=None)
@given(start=st.integers(0, len(GOOD)), length=st.integers(1, 12),
       insert=st.text(alphabet="{}[]:,- \n'\"abk0123/.", max_size=6))
def test_mangled_specs_raise_only_treaty_errors(start: int, length: int, insert: str) -> None:
    text = GOOD[:start] + insert + GOOD[start + length:]
    try:
        game = treaty.loads(text, file="fuzz.yaml")
    except TreatyError:
        return
    assert isinstance(game, (MembershipGame, treaty.Game))
