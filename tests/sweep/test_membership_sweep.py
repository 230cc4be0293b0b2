"""treaty sweep over membership specs: the pacts, size, potential and clause classifiers.

Every label is compared with what :meth:`MembershipGame.stability` and
:func:`treaty.coalitions.smallest_clause` give directly at the point's exact parameter values,
and with regimes derived by hand (the symmetric public good, Barrett's model, the AI-compute
supply chain's clause).
"""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

import treaty
from treaty.cli import cli
from treaty.coalitions import barrett_stable_size, smallest_clause, without_clause
from treaty.errors import GameTooLarge, ParameterError
from treaty.sweep import grid_design, parse_classifier
from treaty.sweep._classify import ClauseClassifier, PactsClassifier

ROOT = Path(__file__).resolve().parents[2]
SUPPLY = str(ROOT / "games" / "ai_supply_chain.yaml")
MEMBERS = str(ROOT / "games" / "ai_safety_pact_members.yaml")

#: three countries of docs/pact-design.md (b = (1, 1, bc), c = 1): at bc = 3 no pact is stable
#: under open membership, {A, B} under exclusive membership, {A, B, C} is potentially stable
TRIO = """
kind: membership
parameters: {bc: {value: 3, min: 0}}
countries:
  - {name: A, benefit: 1, cost: 1}
  - {name: B, benefit: 1, cost: 1}
  - {name: C, benefit: bc, cost: 1}
payoff: {model: public-good, benefit: benefit, cost: cost}
"""

#: six identical countries of the linear-quadratic public good, benefit b and cost c
SYMMETRIC = """
kind: membership
parameters: {b: {value: 1, min: 0}, c: {value: 1, min: 1/100}}
countries:
  - {name: C1, benefit: b, cost: c}
  - {name: C2, benefit: b, cost: c}
  - {name: C3, benefit: b, cost: c}
  - {name: C4, benefit: b, cost: c}
  - {name: C5, benefit: b, cost: c}
  - {name: C6, benefit: b, cost: c}
payoff: {model: public-good, benefit: benefit, cost: cost}
"""

BARRETT = """
kind: membership
parameters: {gamma: {value: 1, min: 1/1000}}
countries: [{name: C1}, {name: C2}, {name: C3}, {name: C4}, {name: C5},
            {name: C6}, {name: C7}, {name: C8}, {name: C9}, {name: C10}]
payoff: {model: barrett, a: 100, b: 1, c: gamma}
"""


def _spec(tmp_path: Path, text: str, name: str = "game.yaml") -> treaty.Spec:
    path = tmp_path / name
    path.write_text(text)
    return treaty.read_spec(path)


def _label(members: tuple[str, ...]) -> str:
    return "+".join(members)


def _check_pacts(spec: treaty.Spec, result: object, membership: str = "open") -> None:
    """Each row's pacts columns equal the stability scan at the point's exact values."""
    end = "" if membership == "open" else f"_{membership}"
    design = result.design  # type: ignore[attr-defined]
    for i, row in enumerate(result.rows()):  # type: ignore[attr-defined]
        game = spec.instantiate(design.exact_point(i))
        scan = game.stability(membership=membership)
        assert scan.n_stable == len(scan.stable)  # every stable pact listed
        best = _label(scan.stable[0].members) if scan.stable else "no stable pact"
        assert row[f"best_pact{end}"] == best, row
        assert row[f"stable_pacts{end}"] == scan.n_stable, row
        assert row[f"largest_stable_size{end}"] == max(scan.stable_sizes, default=0), row


# -- pacts ---------------------------------------------------------------------------------------

def test_pacts_equal_the_stability_scan_at_every_point() -> None:
    spec = treaty.read_spec(MEMBERS)
    result = treaty.sweep(spec, grid_design(spec, {"frontier_benefit": (1, 9, 3),
                                                   "host_cost": ("1/2", 3, 2)}), "pacts")
    assert result.result_columns == ("best_pact", "stable_pacts", "largest_stable_size")
    assert result.columns["stable_pacts"].dtype.kind == "i"
    _check_pacts(spec, result)


def test_pacts_under_a_clause_rank_many_stable_pacts(tmp_path: Path) -> None:
    """With a 3-member clause 17 three-member pacts are stable, {US, CN, EU} first by total
    payoff (docs/pact-design.md), at SEA's cost 2."""
    text = Path(SUPPLY).read_text() + "\nclause: {min_members: 3}\n"
    spec = _spec(tmp_path, text, "clause3.yaml")
    result = treaty.sweep(spec, {"host_cost": (1, 3, 5)}, "pacts")
    _check_pacts(spec, result)
    at2 = next(r for r in result.rows() if r["host_cost"] == 2)
    assert (at2["best_pact"], at2["stable_pacts"], at2["largest_stable_size"]) == ("US+CN+EU", 17, 3)


def test_exclusive_membership_makes_the_club_stable(tmp_path: Path) -> None:
    """At bc = 3: no pact stable with open membership, {A, B} (refusing C) with exclusive
    membership (the table of docs/pact-design.md)."""
    spec = _spec(tmp_path, TRIO)
    result = treaty.sweep(spec, {"bc": (1, 5, 5)}, ["pacts", "pacts:exclusive"])
    assert result.classifiers == ("pacts", "pacts:exclusive")
    _check_pacts(spec, result)
    _check_pacts(spec, result, "exclusive")
    at3 = next(r for r in result.rows() if r["bc"] == 3)
    assert at3["best_pact"] == "no stable pact" and at3["stable_pacts"] == 0
    assert at3["best_pact_exclusive"] == "A+B" and at3["largest_stable_size_exclusive"] == 2


def test_equilibria_and_no_classifier_mean_pacts_on_a_membership_spec() -> None:
    spec = treaty.read_spec(MEMBERS)
    assert isinstance(parse_classifier("equilibria", spec), PactsClassifier)
    result = treaty.sweep(spec, {"host_cost": (1, 3, 3)})
    assert result.classifiers == ("pacts",)
    res = CliRunner().invoke(cli, ["sweep", MEMBERS, "--grid", "host_cost=1:3:3"])
    assert res.exit_code == 0, res.output
    assert "best_pact=US+CN" in res.stdout


# -- size ----------------------------------------------------------------------------------------

def test_symmetric_public_good_has_stable_size_three_everywhere(tmp_path: Path) -> None:
    """pi_i = b Q - c q_i^2 / 2 with n identical countries: a k-pact's members play
    q = k b / c, outsiders b / c, so (in units of b^2 / c) a member gets k^2/2 + n - k and an
    outsider k^2 + n - k - 1/2.  Internal stability of k, k^2/2 + n - k >= (k-1)^2 + n - (k-1)
    - 1/2, is (k - 1)(k - 3) <= 0; external stability of k is k + 1 failing it: k = 3 only,
    whatever b and c."""
    spec = _spec(tmp_path, SYMMETRIC)
    result = treaty.sweep(spec, {"b": ("1/2", 4, 4), "c": ("1/10", 5, 3)}, ["size", "pacts"])
    assert set(result.columns["stable_sizes"].tolist()) == {"3"}
    assert set(result.columns["largest_stable_size"].tolist()) == {3}
    assert set(result.columns["stable_pacts"].tolist()) == {20}  # C(6, 3) pacts
    _check_pacts(spec, result)


def test_barrett_sizes_move_with_gamma(tmp_path: Path) -> None:
    """Barrett (1994): the self-enforcing size of 10 countries falls from 10 to 2 as
    gamma = c / b grows; the label equals barrett_stable_size at each exact gamma."""
    spec = _spec(tmp_path, BARRETT)
    design = grid_design(spec, {"gamma": ("1/100", "21/20", 22)})
    result = treaty.sweep(spec, design, "size")
    labels = result.columns["stable_sizes"].tolist()
    for i, label in enumerate(labels):
        gamma = design.exact_point(i)["gamma"]
        assert label == ", ".join(map(str, barrett_stable_size(10, 100, 1, gamma))), gamma
    assert labels[0] == "10" and labels[-1] == "3" and len(set(labels)) >= 3
    wide = treaty.sweep(spec, {"gamma": (1, 10, 4)}, "size")
    assert wide.columns["stable_sizes"].tolist() == ["3", "2", "2", "2"]


# -- potential -----------------------------------------------------------------------------------

def test_potential_equals_the_scan(tmp_path: Path) -> None:
    """At bc = 3 the grand coalition {A, B, C} is potentially internally stable (surplus 4,
    docs/pact-design.md) and cannot grow: it is the best potentially stable pact."""
    spec = _spec(tmp_path, TRIO)
    design = grid_design(spec, {"bc": (1, 5, 5)})
    result = treaty.sweep(spec, design, "potential")
    for i, row in enumerate(result.rows()):
        scan = spec.instantiate(design.exact_point(i)).stability()
        pot = scan.potentially_stable
        assert row["best_potential"] == (_label(pot[0].members) if pot
                                         else "no potentially stable pact")
        assert row["potential_pacts"] == scan.counts["potentially_stable"]
    assert next(r for r in result.rows() if r["bc"] == 3)["best_potential"] == "A+B+C"


# -- clause --------------------------------------------------------------------------------------

#: compute shares (percent) of the supply chain; SEA holds 12
COMPUTE = {"US": 40, "CN": 20, "EU": 6, "UK": 3, "JP": 4, "KR": 3, "TW": 2, "NL": 1, "SEA": 12,
           "AE": 9}


def _expected_clause(cost: Fraction) -> int:
    """The smallest clause (members) for a pact including SEA, by hand.

    Under a clause at k members a pact of exactly k is in force and each member is pivotal:
    leaving dissolves it, so it compares its payoff with the no-pact payoff 0.  SEA (benefit
    3, cost host_cost) stays iff 3 s >= host_cost, s the members' share of the compute; the
    other members' and the outsiders' conditions do not involve host_cost (checked at the
    points by smallest_clause itself).  The best k-pact with SEA holds SEA and the k - 1
    largest other shares: s = 52, 72, 81, 87, 91, ... percent, so the answer is the smallest
    k with 3 s_k / 100 >= host_cost: 2 members up to 39/25, 3 up to 54/25 (docs/pact-design.md),
    4 up to 243/100, 5 up to 261/100 (5 at 5/2, as the doc says), ...
    """
    others = sorted((v for k, v in COMPUTE.items() if k != "SEA"), reverse=True)
    for k in range(2, 11):
        if 3 * Fraction(12 + sum(others[:k - 1]), 100) >= cost:
            return k
    raise AssertionError(cost)


def _check_clause(result: object, spec: treaty.Spec, column: str = "clause@SEA") -> None:
    design = result.design  # type: ignore[attr-defined]
    for i, row in enumerate(result.rows()):  # type: ignore[attr-defined]
        point = design.exact_point(i)
        r = smallest_clause(without_clause(spec.instantiate(point)), including="SEA")
        assert row[column] == str(r.threshold) and row[f"{column}_pact"] == _label(r.members)
        assert int(row[column]) == _expected_clause(Fraction(point["host_cost"])), row


def test_clause_regime_over_sea_cost_at_its_boundaries() -> None:
    """Grids across the boundaries 39/25 (2 -> 3 members), 54/25 (3 -> 4) and 243/100
    (4 -> 5): each boundary value still has the smaller clause (SEA indifferent stays)."""
    spec = treaty.read_spec(SUPPLY)
    for lo, hi in (("39/25", "157/100"), ("54/25", "217/100"), ("243/100", "61/25")):
        result = treaty.sweep(spec, {"host_cost": (lo, hi, 2)}, "clause@SEA")
        _check_clause(result, spec)
    at = treaty.sweep(spec, {"host_cost": (2, "5/2", 2)}, "clause@SEA").rows()
    assert [(r["clause@SEA"], r["clause@SEA_pact"]) for r in at] == [
        ("3", "US+CN+SEA"), ("5", "US+CN+EU+SEA+AE")]


@pytest.mark.slow
def test_clause_regime_over_sea_cost_on_a_fine_grid() -> None:
    """host_cost = 3 j / 100 for j = 40..100: every boundary 3 s_k / 100 is a grid point."""
    spec = treaty.read_spec(SUPPLY)
    result = treaty.sweep(spec, {"host_cost": ("6/5", 3, 61)}, "clause@SEA")
    _check_clause(result, spec)
    assert sorted(set(int(v) for v in result.columns["clause@SEA"].tolist())) == list(range(2, 11))


def test_clause_by_compute_share() -> None:
    """By compute share: at SEA's cost 2 the clause must exceed the 60 percent of the US and
    China alone, 61/100 (docs/pact-design.md); the label is exact."""
    spec = treaty.read_spec(SUPPLY)
    result = treaty.sweep(spec, {"host_cost": (2, 2, 1)}, ["clause:compute@SEA", "clause"])
    row = result.rows()[0]
    assert row["clause_compute@SEA"] == "61/100"
    assert row["clause_compute@SEA_pact"] == "US+CN+SEA"
    plain = smallest_clause(without_clause(treaty.load(SUPPLY)))
    assert row["clause"] == str(plain.threshold) == "2" and row["clause_pact"] == "US+CN"


# -- output, robust, errors, sizes -----------------------------------------------------------------

def test_json_output_follows_the_schema() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    from treaty.report import output_schema

    res = CliRunner().invoke(cli, ["sweep", SUPPLY, "--grid", "host_cost=2:5/2:2", "-c", "pacts",
                                   "-c", "size", "-c", "potential", "-c", "clause:compute@SEA",
                                   "--format", "json"])
    assert res.exit_code == 0, res.output
    doc = json.loads(res.stdout)
    jsonschema.Draft202012Validator(output_schema()).validate(doc)
    assert doc["result"]["columns"] == ["host_cost", "best_pact", "stable_pacts", "largest_stable_size",
                                        "stable_sizes", "best_potential", "potential_pacts",
                                        "clause_compute@SEA", "clause_compute@SEA_pact"]
    assert doc["result"]["rows"][0][-2:] == ["61/100", "US+CN+SEA"]


def test_robust_classifies_membership_draws_by_pacts(tmp_path: Path) -> None:
    from treaty.sweep._robust import robust

    spec = _spec(tmp_path, TRIO)
    res = robust(spec, n=30, sobol=None, distributions={"bc": {"type": "uniform", "low": 1,
                                                               "high": 5}})
    assert res.classifiers == ("pacts",)
    assert sum(e.count for e in res.events if e.column == "best_pact") == 30
    scen = robust(spec, sobol=None, classify="pacts:exclusive",
                  distributions={"bc": {"type": "scenarios", "values": [1, 3], "weights": [1, 3]}})
    assert scen.method == "exact"
    assert scen["best_pact_exclusive=A+B"].probability >= Fraction(3, 4)


@pytest.mark.parametrize("what, message", [
    ("pacts:closed", "unknown membership 'closed' in pacts:closed"),
    ("size:maybe", "unknown membership 'maybe'"),
    ("potential:exclusive", "potential takes no argument"),
    ("clause:bogus@SEA", "unknown country attribute 'bogus'"),
    ("clause@XX", "unknown country 'XX' in clause@XX"),
    ("clause:compute@", "name the countries after @"),
    ("clauses", "unknown classifier 'clauses'"),
])
def test_bad_classifier_arguments_fail_in_one_line(what: str, message: str) -> None:
    res = CliRunner().invoke(cli, ["sweep", SUPPLY, "--grid", "host_cost=1:3:3", "-c", what])
    assert res.exit_code == 2, res.output
    assert res.stderr.strip().count("\n") == 0 and message in res.stderr, res.stderr
    with pytest.raises(ParameterError):
        parse_classifier(what, treaty.read_spec(SUPPLY))


def test_membership_classifiers_need_a_membership_spec() -> None:
    res = CliRunner().invoke(cli, ["sweep", str(ROOT / "games" / "safety_pact.yaml"),
                                   "--grid", "p=0:1:3", "-c", "size"])
    assert res.exit_code == 2 and "size needs a membership spec, not a normal-form spec" in res.stderr
    assert res.stderr.strip().count("\n") == 0


def test_too_many_coalitions_are_refused_before_any_work(tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """1,000 points of a 20-country scan are 2^30 coalitions (over MAX_SWEEP_COALITIONS =
    2^28); nothing is scanned before the refusal."""
    from treaty.coalitions import MembershipGame

    names = ", ".join(f"{{name: C{i}}}" for i in range(20))
    spec = _spec(tmp_path, BARRETT.replace(BARRETT[BARRETT.index("countries"):
                                                   BARRETT.index("payoff")],
                                           f"countries: [{names}]\n"), "big.yaml")

    def boom(*args: object, **kwargs: object) -> None:
        raise AssertionError("a scan ran")

    monkeypatch.setattr(MembershipGame, "stability", boom)
    for what in ("pacts", "size", "potential", "clause"):
        with pytest.raises(GameTooLarge, match="MAX_SWEEP_COALITIONS"):
            treaty.sweep(spec, {"gamma": (1, 10, 1000)}, what)
    res = CliRunner().invoke(cli, ["sweep", str(tmp_path / "big.yaml"), "--grid",
                                   "gamma=1:10:1000"])
    assert res.exit_code == 2 and "2^20" in res.stderr and res.stderr.strip().count("\n") == 0
    monkeypatch.undo()
    # the classifier object sets its own limit: 2 points of 6 countries scan 2 x 2^6 coalitions
    small = _spec(tmp_path, SYMMETRIC, "six.yaml")
    with pytest.raises(GameTooLarge, match="max_coalitions=128"):
        treaty.sweep(small, {"b": (1, 2, 2)}, PactsClassifier(max_coalitions=127))
    lifted = treaty.sweep(small, {"b": (1, 2, 2)}, PactsClassifier(max_coalitions=128))
    assert lifted.columns["largest_stable_size"].tolist() == [3, 3]
    with pytest.raises(GameTooLarge):  # a clause scans twice
        treaty.sweep(small, {"b": (1, 2, 2)}, ClauseClassifier(max_coalitions=128))


def test_columns_of_two_clauses_do_not_collide() -> None:
    spec = treaty.read_spec(SUPPLY)
    cols = [c for w in ("clause", "clause@SEA", "clause:compute", "clause:compute@SEA+AE")
            for c in parse_classifier(w, spec).columns]
    assert len(set(cols)) == len(cols) == 8
    assert np.array(cols).tolist()[-2:] == ["clause_compute@SEA+AE", "clause_compute@SEA+AE_pact"]


def test_columns_read_as_what_they_are_in_regime_sentences() -> None:
    """No membership column but stable:A+B's ends like a column the regime maps read as a flag
    (``largest_stable`` was drawn as "largest not stable")."""
    from treaty.sweep._io import _RESULT_SUFFIXES
    from treaty.sweep._plot import _row_regime

    spec = treaty.read_spec(SUPPLY)
    for what in ("pacts", "pacts:exclusive", "size", "potential", "clause", "clause:compute@SEA"):
        for col in parse_classifier(what, spec).columns:
            assert not col.endswith(_RESULT_SUFFIXES), col
    row = {"best_pact": "US+CN", "stable_pacts": 1, "largest_stable_size": 2}
    assert _row_regime(row, list(row)) == ("best_pact = US+CN; stable_pacts = 1; "
                                           "largest_stable_size = 2")


def test_rows_written_read_back_and_drawn(tmp_path: Path) -> None:
    pytest.importorskip("matplotlib")
    from treaty.sweep import plot_sweep, read_sweep, write_sweep

    spec = treaty.read_spec(SUPPLY)
    result = treaty.sweep(spec, {"host_cost": (1, 3, 5)}, ["clause@SEA", "pacts"])
    back = read_sweep(write_sweep(result, tmp_path / "rows.csv"))
    assert back.design.names == ("host_cost",)
    assert [str(v) for v in back.columns["clause@SEA"].tolist()] == ["2", "2", "3", "5", "10"]
    assert back.regimes() == result.regimes()
    plot_sweep(result, tmp_path / "strip.png", spec=spec)
    assert (tmp_path / "strip.png").stat().st_size > 0
