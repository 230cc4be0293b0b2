"""The ``clause:`` key of membership specs: applied on load (the game becomes the clause game),
located errors, the JSON Schema, lint and convert."""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

import treaty
from treaty.cli import cli
from treaty.coalitions import ClauseModel, participation_clause
from treaty.errors import SpecError
from treaty.spec import read_spec_text
from treaty.spec.lint import lint
from treaty.spec.schema import spec_schema

BASE = """\
treaty: 1
kind: membership
parameters:
  k: {value: 4, min: 0}
  s: {value: 1/2, min: 0, max: 1}
countries:
  - {name: A, benefit: 1, cost: 1, compute: 3}
  - {name: B, benefit: 1, cost: 1, compute: 1}
  - {name: C, benefit: 1, cost: 1, compute: 1}
  - {name: D, benefit: 1, cost: 1, compute: 1}
  - {name: E, benefit: 1, cost: 1, compute: 1}
payoff: {model: public-good}
"""


def load(clause: str, params: dict[str, str] | None = None) -> treaty.coalitions.MembershipGame:
    return treaty.loads(BASE + clause, params)  # type: ignore[no-any-return]


def test_min_members_clause_by_hand() -> None:
    """Five identical countries, b = c = 1: without a clause the stable pacts have 3 members;
    a clause at k >= 3 makes exactly the k-member pacts stable (a member of a k-pact is
    pivotal, M(k) = k^2/2 + n - k >= O(0) = n - 1/2 always; an outsider joining gets
    M(k+1) < O(k) = k^2 + n - k - 1/2 iff k > 2; see tests/coalitions/test_clause.py)."""
    game = load("clause: {min_members: k}\n")
    assert isinstance(game.model, ClauseModel)
    assert game.title.endswith("in force with at least 4 members")
    assert game.stability().stable_sizes == (4,)
    # below the threshold every country gets the no-pact payoff n - 1/2 = 9/2
    assert game.payoffs({"A", "B", "C"}) == (Fraction(9, 2),) * 5
    assert load("clause: {min_members: k}\n", {"k": "5"}).stability().stable_sizes == (5,)
    plain = treaty.loads(BASE)
    assert plain.stability().stable_sizes == (3,)
    api = participation_clause(plain, 4)
    for m in range(32):
        assert game.payoffs(m) == api.payoffs(m)


def test_share_clause() -> None:
    """compute = (3, 1, 1, 1, 1), share 1/2: in force when members hold >= 7/2 of 7, i.e.
    A and one more, or four of B..E."""
    game = load("clause: {weight: compute, share: s}\n")
    assert "share of at least 1/2 of compute" in game.title
    no_pact = (Fraction(9, 2),) * 5
    assert game.payoffs({"A"}) == no_pact and game.payoffs({"B", "C", "D"}) == no_pact
    assert game.payoffs({"A", "B"}) != no_pact and game.payoffs({"B", "C", "D", "E"}) != no_pact
    api = participation_clause(treaty.loads(BASE), Fraction(1, 2), weights="compute")
    assert all(game.payoffs(m) == api.payoffs(m) for m in range(32))


@pytest.mark.parametrize("clause, message, where", [
    ("clause: {min_members: 5/2}\n", "whole number from 0 to 5", (13, 23)),
    ("clause: {min_members: 6}\n", "whole number from 0 to 5", (13, 23)),
    ("clause: {min_members: 2, share: 1/2}\n", "not both", (13, 9)),
    ("clause: {weight: compute}\n", "needs 'share'", (13, 9)),
    ("clause: {weight: compte, share: 1/2}\n", "unknown country attribute 'compte'", (13, 18)),
    ("clause: {weight: compute, share: 3/2}\n", "between 0 and 1", (13, 34)),
    ("clause: {min_member: 2}\n", "min_members", (13, 10)),
    ("clause: 3\n", "clause", (13, 9)),
])
def test_errors_are_located(clause: str, message: str, where: tuple[int, int]) -> None:
    with pytest.raises(SpecError, match=message) as info:
        load(clause)
    err = info.value
    assert (err.line, err.column) == where, str(err)
    assert "\n" not in str(err)


def test_schema_accepts_and_rejects() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    validator = jsonschema.Draft202012Validator(spec_schema("membership"))
    for clause in ("clause: {min_members: 4}\n", "clause: {weight: compute, share: 1/2}\n",
                   "clause: {min_members: k}\n"):
        assert list(validator.iter_errors(yaml.safe_load(BASE + clause))) == []
    for clause in ("clause: {weight: compute}\n", "clause: {min_member: 4}\n", "clause: {}\n"):
        assert list(validator.iter_errors(yaml.safe_load(BASE + clause))) != []


def test_lint_counts_parameters_used_by_the_clause() -> None:
    def unused(text: str) -> set[str]:
        return {w.subject for w in lint(read_spec_text(text, file="x.yaml"))
                if w.code == "unused-parameter"}

    assert unused(BASE) == {"k", "s"}
    assert unused(BASE + "clause: {min_members: k}\n") == {"s"}
    assert unused(BASE + "clause: {weight: compute, share: s}\n") == {"k"}


def test_convert_keeps_the_clause(tmp_path: Path) -> None:
    src = tmp_path / "g.yaml"
    src.write_text(BASE + "clause: {weight: compute, share: s}\n", encoding="utf-8")
    out = tmp_path / "g.json"
    res = CliRunner().invoke(cli, ["convert", str(src), "--to", "json", "-o", str(out)])
    assert res.exit_code == 0, res.output
    assert json.loads(out.read_text())["clause"] == {"weight": "compute", "share": "s"}
    a, b = treaty.load(src), treaty.load(out)
    assert a.title == b.title and all(a.payoffs(m) == b.payoffs(m) for m in range(32))
