"""``payoff: {model: barrett, a, b, c}`` in membership specs: the same game as
treaty.barrett_game, located errors, the JSON Schema, lint, and a clause on top."""

from __future__ import annotations

from fractions import Fraction

import pytest
import yaml

import treaty
from treaty.coalitions import BarrettModel
from treaty.errors import SpecError
from treaty.spec import read_spec_text
from treaty.spec.lint import lint
from treaty.spec.schema import spec_schema

SPEC = """\
treaty: 1
kind: membership
parameters:
  gamma: {value: 1, min: 1/1000}
countries: [{name: C1}, {name: C2}, {name: C3}, {name: C4}, {name: C5}, {name: C6}]
payoff: {model: barrett, a: 100, b: 1, c: gamma}
"""


def test_same_game_as_barrett_game() -> None:
    game = treaty.loads(SPEC)
    assert isinstance(game.model, BarrettModel) and game.is_exact
    api = treaty.barrett_game(6, 100, 1, 1)
    assert all(game.payoffs(m) == api.payoffs(m) for m in range(64))
    for gamma in ("1/100", "1/10", "1", "10"):
        g = treaty.loads(SPEC, {"gamma": gamma})
        assert g.stability().stable_sizes == treaty.barrett_stable_size(6, 100, 1, Fraction(gamma))


def test_with_a_clause() -> None:
    game = treaty.loads(SPEC + "clause: {min_members: 4}\n")
    assert game.stability().stable_sizes == (4,)
    # below the threshold: the Nash payoff (no agreement) for everyone
    assert game.payoffs({"C1", "C2", "C3"}) == treaty.barrett_game(6, 100, 1, 1).payoffs(0)


@pytest.mark.parametrize("payoff, message, column", [
    ("{model: barrett, a: 0, b: 1, c: 1}", "'a' must be positive", 29),
    ("{model: barrett, a: 1, b: 1}", "'c'", 9),
    ("{model: barrett, a: 1, b: 1, c: 1, d: 2}", "'d'", 44),
])
def test_errors_are_located(payoff: str, message: str, column: int) -> None:
    text = SPEC.replace("{model: barrett, a: 100, b: 1, c: gamma}", payoff)
    with pytest.raises(SpecError, match=message) as info:
        treaty.loads(text)
    assert (info.value.line, info.value.column) == (6, column), str(info.value)


def test_schema_and_lint() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    validator = jsonschema.Draft202012Validator(spec_schema("membership"))
    assert list(validator.iter_errors(yaml.safe_load(SPEC))) == []
    bad = yaml.safe_load(SPEC)
    del bad["payoff"]["c"]
    assert list(validator.iter_errors(bad)) != []
    bad = yaml.safe_load(SPEC)
    bad["payoff"]["member"] = "k"
    assert list(validator.iter_errors(bad)) != []
    assert [w for w in lint(read_spec_text(SPEC, file="x.yaml")) if w.code == "unused-parameter"] == []
