"""Every command's JSON output: one envelope, valid against the shipped JSON Schema."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import treaty
from treaty.cli import cli
from treaty.report import OUTPUT_VERSION, output_schema

jsonschema = pytest.importorskip("jsonschema")

ROOT = Path(__file__).resolve().parents[2]
GAMES = sorted((ROOT / "games").glob("*.yaml"))
MEMBERSHIP = ROOT / "games" / "ai_safety_pact_members.yaml"
NORMAL = [p for p in GAMES if "kind: membership" not in p.read_text()
          and "kind: extensive-form" not in p.read_text()]
ENVELOPE_KEYS = ["treaty_output", "command", "game", "result"]


def run_json(*args: str) -> dict[str, Any]:
    res = CliRunner().invoke(cli, [*args, "--format", "json"])
    assert res.exit_code == 0, res.output
    data: dict[str, Any] = json.loads(res.stdout)
    return data


@pytest.fixture(scope="module")
def validator() -> Any:
    schema = output_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def check(validator: Any, data: dict[str, Any], command: str) -> None:
    errors = sorted(validator.iter_errors(data), key=lambda e: list(e.absolute_path))
    assert not errors, [(list(e.absolute_path), e.message[:200]) for e in errors[:5]]
    assert list(data) == ENVELOPE_KEYS
    assert data["treaty_output"] == OUTPUT_VERSION == 2
    assert data["command"] == command


def test_the_game_list_covers_both_kinds() -> None:
    assert MEMBERSHIP in GAMES and len(NORMAL) >= 5


@pytest.mark.parametrize("path", NORMAL, ids=lambda p: p.name)
def test_solve_analyze_threshold_share_one_envelope(validator: Any, path: Path) -> None:
    game = treaty.load(path)
    solved = run_json("solve", str(path))
    check(validator, solved, "solve")
    analysed = run_json("analyze", str(path))
    check(validator, analysed, "analyze")
    # the game block is the same object whichever command printed it
    assert analysed["game"] == solved["game"]
    assert solved["game"]["file"] == str(path) and solved["game"]["kind"] == "normal-form"
    assert solved["game"]["players"] == list(game.players)
    assert set(solved["game"]["parameters"]) == set(game.info.parameters)
    # analyze nests exactly the result of solve
    assert analysed["result"]["equilibria"] == solved["result"]
    assert analysed["result"]["equilibria"]["count"] == len(treaty.equilibria(game))
    assert [t["name"] for t in analysed["result"]["targets"]] == list(game.targets)
    for target in game.targets:
        for name in list(game.info.parameters)[:2]:
            th = run_json("threshold", str(path), "--over", name, "--target", target)
            check(validator, th, "threshold")
            assert th["game"] == solved["game"]
            assert th["result"]["parameter"] == name and th["result"]["target"] == target
            # the same threshold as the analysis reports for this target and parameter
            rep = next(t for t in analysed["result"]["targets"] if t["name"] == target)
            assert next(x for x in rep["thresholds"] if x["parameter"] == name) == th["result"]


def test_parameters_in_the_game_block_are_the_ones_used(validator: Any) -> None:
    path = str(ROOT / "games" / "race_or_pact.yaml")
    for command in (["solve", path], ["analyze", path, "--no-thresholds"],
                    ["threshold", path, "--over", "V", "--target", "pact"]):
        data = run_json(*command, "--param", "g=5/2")
        check(validator, data, command[0])
        assert data["game"]["parameters"]["g"] == "5/2"


def test_coalitions_envelope(validator: Any) -> None:
    data = run_json("coalitions", str(MEMBERSHIP), "--quiet", "--top", "5")
    check(validator, data, "coalitions")
    game = treaty.load(MEMBERSHIP)
    assert data["game"]["kind"] == "membership" and data["game"]["players"] == list(game.players)
    assert data["result"]["tu"] is not None  # 12 countries: TU solutions by default
    assert data["result"]["stability"]["coalitions_scanned"] == 2 ** game.n
    data = run_json("coalitions", str(MEMBERSHIP), "--quiet", "--no-tu", "--rule", "stay-out",
                    "--param", "frontier_cost=3")
    check(validator, data, "coalitions")
    assert data["game"]["parameters"]["frontier_cost"] == "3"
    assert data["result"]["tu"] is None and data["result"]["farsighted"] is None


def test_farsighted_part_validates(validator: Any, tmp_path: Path) -> None:
    spec = tmp_path / "four.yaml"
    spec.write_text("treaty: 1\nkind: membership\ntitle: four\ncountries:\n"
                    + "".join(f"  - {{name: {c}, benefit: {b}, cost: 2}}\n"
                              for c, b in zip("ABCD", (3, 3, 2, 2)))
                    + "payoff:\n  model: public-good\n  benefit: benefit\n  cost: cost\n")
    data = run_json("coalitions", str(spec), "--quiet", "--farsighted")
    check(validator, data, "coalitions")
    assert data["result"]["farsighted"]["players"] == ["A", "B", "C", "D"]


def test_schema_rejects_a_mismatched_result(validator: Any) -> None:
    """The schema checks each command's result, not only the envelope."""
    solved = run_json("solve", str(ROOT / "games" / "race_or_pact.yaml"))
    wrong = copy.deepcopy(solved)
    wrong["command"] = "threshold"
    assert list(validator.iter_errors(wrong))
    missing = copy.deepcopy(solved)
    del missing["result"]["equilibria"][0]["regret"]
    assert list(validator.iter_errors(missing))
    old = copy.deepcopy(solved)
    old["treaty_output"] = 1
    assert list(validator.iter_errors(old))
    bad_number = copy.deepcopy(solved)
    bad_number["result"]["equilibria"][0]["regret"] = "zero"
    assert list(validator.iter_errors(bad_number))


def test_schema_ships_as_package_data() -> None:
    from importlib import resources

    text = resources.files("treaty.report").joinpath("output.schema.json").read_text("utf-8")
    assert json.loads(text) == output_schema()
    pyproject = (ROOT / "pyproject.toml").read_text()
    assert '"treaty.report" = ["output.schema.json"]' in pyproject
