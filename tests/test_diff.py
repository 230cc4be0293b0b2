"""`treaty diff`: what changed between two versions of a spec (treaty/diff.py).

The expected changes are derived by hand from games/race_or_pact.yaml (V=10, s=4, c=5, m=1):
(pact, pact) pays 9 each; the racer alone gets 15/2 + g and the restrainer 7/2; (race, race)
pays 5.  The pact is an equilibrium iff 9 >= 15/2 + g, i.e. g <= 3/2, c >= 2(g + m) and
m <= 5/2 - g.  In the mixed equilibrium a player keeps the pact with probability q where
9q + 7/2(1 - q) = (15/2 + g)q + 5(1 - q): q = (3/2)/(3 - g), and the payoff is 7/2 + 11/2 q.
g = 1: q = 3/4, payoff 61/8; g = 5/4: q = 6/7, payoff 115/14; the thresholds over c move from
[4, inf) to [9/2, inf) and over m from [0, 3/2] to [0, 5/4]; over g the set stays [0, 3/2].
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from treaty.cli import cli
from treaty.diff import diff_specs
from treaty.report import output_schema
from treaty.spec import read_spec_text

ROOT = Path(__file__).resolve().parents[1]
GAME = ROOT / "games" / "race_or_pact.yaml"
G_LINE = "  g: {value: 1,"

needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def with_g(value: str) -> str:
    text = GAME.read_text(encoding="utf-8")
    assert text.count(G_LINE) == 1
    return text.replace(G_LINE, f"  g: {{value: {value},")


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True)


@pytest.fixture()
def repo(tmp_path: Path) -> Path:
    """A git repository with two commits of the game: g = 1, then g = 5/4."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    git(tmp_path, "init", "-q")
    git(tmp_path, "config", "user.email", "t@example.invalid")
    git(tmp_path, "config", "user.name", "t")
    (tmp_path / "games").mkdir()
    f = tmp_path / "games" / "race.yaml"
    f.write_text(with_g("1"), encoding="utf-8")
    git(tmp_path, "add", "games/race.yaml")
    git(tmp_path, "commit", "-q", "-m", "g = 1")
    f.write_text(with_g("5/4"), encoding="utf-8")
    git(tmp_path, "commit", "-q", "-am", "g = 5/4")
    return tmp_path


def mixed(q: str, r: str) -> str:
    return f"US: {q} pact + {r} race; CN: {q} pact + {r} race"


def check_race_changes(changes: list[dict[str, Any]]) -> None:
    rows = {(c["section"], c["item"]): (c["old"], c["new"]) for c in changes}
    assert rows[("parameters", "g")] == ("1 in [0, inf)", "5/4 in [0, inf)")
    assert rows[("equilibria", mixed("3/4", "1/4"))] == ("payoffs 61/8, 61/8", None)
    assert rows[("equilibria", mixed("6/7", "1/7"))] == (None, "payoffs 115/14, 115/14")
    assert rows[("thresholds", "pact over c")] == ("[4, inf)", "[9/2, inf)")
    assert rows[("thresholds", "pact over m")] == ("[0, 3/2]", "[0, 5/4]")
    # unchanged answers are not listed: the pure equilibria, the threshold over g
    assert ("thresholds", "pact over g") not in rows
    assert not any(s == "equilibria" and "1/" not in i for s, i in rows)
    assert len(rows) == 5


@needs_git
def test_diff_of_two_commits_shows_the_equilibrium_and_the_threshold_that_moved(repo: Path) -> None:
    f = repo / "games" / "race.yaml"
    res = CliRunner().invoke(cli, ["diff", str(f), "--rev", "HEAD~1", "--format", "json"])
    assert res.exit_code == 0, res.output
    out = json.loads(res.stdout)
    check_race_changes(out["result"]["changes"])
    assert out["result"]["old"] == f"HEAD~1:{f}" and out["result"]["new"] == str(f)
    # the same between two revisions, and in the table
    res = CliRunner().invoke(cli, ["diff", str(f), "--rev", "HEAD~1", "--rev", "HEAD"])
    assert res.exit_code == 0, res.output
    for text in ("6/7 pact + 1/7 race", "115/14", "[9/2, inf)", "[0, 5/4]", "3/4 pact"):
        assert text in res.stdout
    # no change between a revision and itself; --exit-code reports a difference as 1
    same = CliRunner().invoke(cli, ["diff", str(f), "--rev", "HEAD", "--exit-code"])
    assert same.exit_code == 0 and "no change" in same.stdout
    differ = CliRunner().invoke(cli, ["diff", str(f), "--rev", "HEAD~1", "--exit-code"])
    assert differ.exit_code == 1


@needs_git
def test_diff_errors_are_one_line(repo: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    f = repo / "games" / "race.yaml"
    for args in (["--rev", "nosuchrev"], ["--rev", "HEAD~5"]):
        res = CliRunner().invoke(cli, ["diff", str(f), *args])
        assert res.exit_code == 2 and res.stderr.count("\n") == 1, res.stderr
        assert res.stderr.startswith(str(f)), res.stderr
    outside = tmp_path_factory.mktemp("nogit") / "race.yaml"
    outside.write_text(with_g("1"), encoding="utf-8")
    res = CliRunner().invoke(cli, ["diff", str(outside), "--rev", "HEAD"],
                             env={"GIT_CEILING_DIRECTORIES": str(outside.parent.parent)})
    assert res.exit_code == 2 and res.stderr.count("\n") == 1
    assert "not a git repository" in res.stderr or "not in a git work tree" in res.stderr
    res = CliRunner().invoke(cli, ["diff", str(f)])
    assert res.exit_code == 2 and "two versions" in res.stderr


def test_diff_of_two_files_and_its_json_envelope(tmp_path: Path) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    old, new = tmp_path / "old.yaml", tmp_path / "new.yaml"
    old.write_text(with_g("1"), encoding="utf-8")
    new.write_text(with_g("5/4"), encoding="utf-8")
    res = CliRunner().invoke(cli, ["diff", str(old), str(new), "--format", "json"])
    assert res.exit_code == 0, res.output
    out = json.loads(res.stdout)
    jsonschema.Draft202012Validator(output_schema()).validate(out)
    assert out["command"] == "diff" and out["result"]["equal"] is False
    check_race_changes(out["result"]["changes"])


def test_the_same_overrides_apply_to_both_versions(tmp_path: Path) -> None:
    old, new = tmp_path / "old.yaml", tmp_path / "new.yaml"
    old.write_text(with_g("1"), encoding="utf-8")
    new.write_text(with_g("5/4"), encoding="utf-8")
    d = diff_specs(old, new, {"g": 2})  # both at g = 2: only the declaration differs
    assert [(c.section, c.item) for c in d.changes] == [("parameters", "g")]


MEMBERS = """kind: membership
countries: [{name: A, b: 1, c: 1}, {name: B, b: 1, c: 1}, {name: C, b: 1, c: 1}]
payoff: {model: public-good, benefit: b, cost: c}
stability: {rule: RULE}
"""


def test_diff_of_membership_specs_lists_the_stable_pacts_that_changed() -> None:
    # Barrett's symmetric model, b = c = 1, n = 3: a member of a k-coalition gets
    # k^2/2 + 3 - k, an outsider k^2 + 3 - k - 1/2.  A pair's outsider gets 9/2 and would get
    # 9/2 by joining: under stay-join it joins (pairs not externally stable), under stay-out it
    # stays out (pairs stable).  The grand coalition (9/2 each, 9/2 by leaving) is stable
    # under both.
    old = read_spec_text(MEMBERS.replace("RULE", "stay-join"), file="old")
    new = read_spec_text(MEMBERS.replace("RULE", "stay-out"), file="new")
    d = diff_specs(old, new)
    assert {c.item for c in d.section("stable pacts")} == {"{A, B}", "{A, C}", "{B, C}"}
    assert all(c.status == "added" for c in d.section("stable pacts"))
    assert d.section("grand coalition") == ()


def test_diff_of_membership_specs_lists_the_pacts_with_transfers() -> None:
    # Symmetric b = c = 1, n = 3 (above): a pair is PIS (3 + 3 against 5/2 + 5/2 by leaving)
    # but its enlargement is PIS too (3 * 9/2 against 3 * 9/2: surplus 0 counts), so only the
    # grand coalition is potentially stable, total 27/2.  With C's benefit 3 (docs/pact-design:
    # payoffs 5/2, 5/2, 65/2 in the grand coalition, 17/2, 17/2, 33/2 by leaving; surplus 4)
    # it is still the only one, now with total 75/2.
    old = read_spec_text(MEMBERS.replace("RULE", "stay-join"), file="old")
    new = read_spec_text(MEMBERS.replace("RULE", "stay-join").replace("{name: C, b: 1",
                                                                      "{name: C, b: 3"), file="new")
    (change,) = diff_specs(old, new).section("pacts with transfers")
    assert change.item == "{A, B, C}" and change.status == "changed"
    assert (change.old, change.new) == ("stable with transfers, total payoff 27/2",
                                        "stable with transfers, total payoff 75/2")


def test_a_change_of_kind_is_reported_alone() -> None:
    a = read_spec_text("players: {A: [x], B: [y]}\npayoffs: {A: [[1]], B: [[1]]}\n", file="a")
    b = read_spec_text(MEMBERS.replace("RULE", "stay-join"), file="b")
    d = diff_specs(a, b)
    assert [(c.section, c.old, c.new) for c in d.changes] == [("kind", "normal-form",
                                                               "membership")]
