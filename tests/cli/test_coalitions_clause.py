"""``treaty coalitions`` with participation clauses: --clause, --clause-share,
--smallest-clause, --clause-weight, --including, in every format.

The scenario's answer is derived by hand here.  In games/ai_supply_chain.yaml a member gets
``benefit * s - cost`` and an outsider ``(benefit + rent) * s``, with ``s`` the members' share
of world compute (percent / 100); without a pact everyone gets 0.  Under a clause, a member of
a pact at the threshold is pivotal (leaving dissolves the pact), so it stays iff its payoff is
>= 0.  SEA (benefit 3, cost 2) needs ``3 s - 2 >= 0``, i.e. ``s >= 2/3``; a pact with SEA and
two others holds at most 12 + 40 + 20 = 72 percent (with US and CN), any other pair less than
2/3 (12 + 40 + 9 = 61); so no 2- or 3-member clause pact with SEA works except {US, CN, SEA}
at ``s = 18/25``, where US gets 10 * 18/25 - 3 = 21/5, CN 10 * 18/25 - 4 = 16/5, SEA
3 * 18/25 - 2 = 4/25.  An outsider j joining gets ``benefit_j (s + w_j) - cost_j`` instead of
``(benefit_j + rent_j) s``: EU 6 * 78/100 - 1 = 3.68 < 6 * 0.72 = 4.32, UK 2 < 2.88, JP 2.04 <
3.24, KR 1.25 < 2.52, TW 1.7 < 4.32, NL 0.46 < 1.8, AE 0.12 < 3.6: externally stable.  Without a
clause no pact with SEA is stable: SEA leaving {US, CN, SEA} gets (3 + 4) * 60/100 = 21/5 > 4/25.
By compute share: SEA is pivotal only when US + CN (60 percent) is below the threshold, so the
smallest share clause is the smallest share a coalition holds above 60 percent: 61/100
(US + CN + NL).
"""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from treaty.cli import cli

ROOT = Path(__file__).resolve().parents[2]
GAME = str(ROOT / "games" / "ai_supply_chain.yaml")
S = Fraction(18, 25)
HAND_PAYOFFS = {"US": 10 * S - 3, "CN": 10 * S - 4, "SEA": 3 * S - 2,  # members
                "EU": 6 * S, "UK": 4 * S, "JP": Fraction(9, 2) * S, "KR": Fraction(7, 2) * S,
                "TW": 6 * S, "NL": Fraction(5, 2) * S, "AE": 5 * S}  # outsiders


def run(*args: str) -> tuple[int, str, str]:
    res = CliRunner().invoke(cli, ["coalitions", *args, "--quiet"])
    return res.exit_code, res.stdout, res.stderr


def run_json(*args: str) -> dict[str, Any]:
    code, out, err = run(*args, "--format", "json")
    assert code == 0, err
    data: dict[str, Any] = json.loads(out)
    jsonschema = pytest.importorskip("jsonschema")
    from treaty.report import output_schema

    jsonschema.Draft202012Validator(output_schema()).validate(data)
    return data


def test_smallest_clause_including_sea_by_members() -> None:
    data = run_json(GAME, "--no-tu", "--smallest-clause", "--including", "SEA")
    clause = data["result"]["clause"]
    assert (clause["found"], clause["by"], clause["threshold"]) == (True, "members", "3")
    assert clause["members"] == ["US", "CN", "SEA"] and clause["including"] == ["SEA"]
    assert clause["baseline_size"] == 0 and clause["exact"] is True
    players = data["game"]["players"]
    assert dict(zip(players, map(Fraction, clause["payoffs"]))) == HAND_PAYOFFS
    assert set(clause["no_pact_payoffs"]) == {"0"}
    # the main report is about the game as written: no stable pact without a clause
    assert data["result"]["stability"]["n_stable"] == 0


def test_smallest_clause_including_sea_by_compute_share() -> None:
    data = run_json(GAME, "--no-tu", "--smallest-clause", "--clause-weight", "compute",
                    "--including", "SEA")
    clause = data["result"]["clause"]
    assert (clause["by"], clause["threshold"], clause["share"]) == ("share", "61/100", "18/25")
    assert clause["members"] == ["US", "CN", "SEA"]


def test_smallest_clause_without_including() -> None:
    """Without --including the smallest clause is 2 members: {US, CN} at s = 3/5 gives US
    3 and CN 2, both >= 0 (pivotal), and every outsider prefers to stay out."""
    data = run_json(GAME, "--no-tu", "--smallest-clause")
    clause = data["result"]["clause"]
    assert (clause["threshold"], clause["members"], clause["including"]) == ("2", ["US", "CN"], [])
    assert clause["payoffs"][:2] == ["3", "2"]


def test_applied_clause_makes_the_sea_pact_stable() -> None:
    data = run_json(GAME, "--no-tu", "--clause", "3", "--top", "100")
    stab = data["result"]["stability"]
    stable = {tuple(c["members"]) for c in stab["stable"]}
    assert ("US", "CN", "SEA") in stable and {len(m) for m in stable} == {3}
    assert data["game"]["title"].endswith("in force with at least 3 members")
    assert data["result"]["clause"] is None
    data = run_json(GAME, "--no-tu", "--clause-share", "compute=61/100", "--top", "100")
    stable = {tuple(c["members"]) for c in data["result"]["stability"]["stable"]}
    assert ("US", "CN", "SEA") in stable
    # at 60 percent SEA is not pivotal in {US, CN, SEA}, and leaves
    data = run_json(GAME, "--no-tu", "--clause-share", "compute=3/5", "--top", "100")
    stable = {tuple(c["members"]) for c in data["result"]["stability"]["stable"]}
    assert ("US", "CN", "SEA") not in stable


def test_table_markdown_csv() -> None:
    code, out, _ = run(GAME, "--no-tu", "--top", "2", "--smallest-clause", "--including", "SEA")
    assert code == 0 and "Smallest participation clause" in out
    assert "at least 3 members: the 3-member pact US CN SEA" in out
    assert "SEA      yes     4/25 (0.16)" in out
    code, out, _ = run(GAME, "--no-tu", "--smallest-clause", "--including", "SEA", "-f", "markdown")
    assert code == 0 and "## Smallest participation clause" in out and "| SEA" in out
    code, out, _ = run(GAME, "--no-tu", "--smallest-clause", "--clause-weight", "compute",
                       "--including", "SEA", "-f", "csv")
    assert code == 0
    lines = out.splitlines()
    assert "clause,SEA,true,4/25,0" in lines
    assert "summary,smallest clause (share of the weight),61/100" in lines
    assert "summary,share held by the pact,18/25" in lines
    # no clause found: said in words, an empty table
    code, out, _ = run(GAME, "--no-tu", "--smallest-clause", "--including", "SEA", "--including",
                       "AE", "--param", "host_cost=4")
    assert code == 0 and "No clause makes a pact including SEA, AE" in out


@pytest.mark.parametrize("args, message", [
    (["--clause", "3", "--clause-share", "compute=1/2"], "not both"),
    (["--clause", "3", "--smallest-clause"], "drop --clause"),
    (["--including", "SEA"], "go with --smallest-clause"),
    (["--smallest-clause", "--including", "SAE"], "unknown country 'SAE'"),
    (["--smallest-clause", "--clause-weight", "compte"], "unknown country attribute 'compte'"),
    (["--clause-share", "compte=1/2"], "unknown country attribute 'compte'"),
    (["--clause-share", "compute=3/2"], "0 <= k <= 1, got 3/2"),
    (["--clause-share", "compute"], "--clause-share: bad value 'compute' (write --clause-share "
                                    "ATTR=SHARE)"),
    (["--clause-share", "compute=x"], "--clause-share"),
    (["--clause", "11"], "integer k in 0..10"),
])
def test_usage_errors_are_one_line_exit_2(args: list[str], message: str) -> None:
    code, _, err = run(GAME, "--no-tu", *args)
    assert code == 2 and message in err and len(err.strip().splitlines()) == 1, err


def test_spec_clause_is_replaced_or_removed(tmp_path: Path) -> None:
    """A spec with a clause key: --clause replaces it; --smallest-clause searches from the game
    without it (the same answer as the spec without the key)."""
    text = Path(GAME).read_text(encoding="utf-8") + "clause: {min_members: 3}\n"
    spec = tmp_path / "with_clause.yaml"
    spec.write_text(text, encoding="utf-8")
    data = run_json(str(spec), "--no-tu", "--top", "100")
    assert ("US", "CN", "SEA") in {tuple(c["members"]) for c in data["result"]["stability"]["stable"]}
    data = run_json(str(spec), "--no-tu", "--clause", "0")
    assert data["result"]["stability"]["n_stable"] == 0  # clause 0: the game as without one
    data = run_json(str(spec), "--no-tu", "--smallest-clause", "--including", "SEA")
    assert data["result"]["clause"]["threshold"] == "3"
    assert data["result"]["clause"]["baseline_size"] == 0


@pytest.mark.parametrize("cost, stable", [("54/25", True), ("2161/1000", False)])
def test_sea_stays_up_to_cost_54_25(cost: str, stable: bool) -> None:
    """Under the 3-member clause SEA's payoff in {US, CN, SEA} is 3 * 18/25 - cost; at 54/25
    it is exactly the no-pact payoff 0 and an indifferent member stays (default tie rule); a
    hair above, SEA leaves and dissolves the pact.  Under leave-join it leaves at the tie."""
    data = run_json(GAME, "--no-tu", "--clause", "3", "--top", "100", "--param", f"host_cost={cost}")
    members = {tuple(c["members"]) for c in data["result"]["stability"]["stable"]}
    assert (("US", "CN", "SEA") in members) == stable
    data = run_json(GAME, "--no-tu", "--clause", "3", "--top", "100", "--param", f"host_cost={cost}",
                    "--rule", "leave-join")
    assert ("US", "CN", "SEA") not in {tuple(c["members"]) for c in data["result"]["stability"]["stable"]}
