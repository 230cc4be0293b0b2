"""The ``treaty coalitions`` command."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from treaty.cli.coalitions import coalitions_command

GAME = str(Path(__file__).resolve().parents[2] / "games" / "ai_safety_pact_members.yaml")


def run(*args: str) -> tuple[int, str, str]:
    res = CliRunner().invoke(coalitions_command, list(args))
    return res.exit_code, res.stdout, res.stderr


def test_table_and_json() -> None:
    code, out, _ = run(GAME, "--top", "3", "--no-tu", "--quiet")
    assert code == 0 and "Stable coalitions" in out and "Grand coalition" in out
    code, out, _ = run(GAME, "--format", "json", "--no-tu", "--rule", "stay-out")
    assert code == 0
    data = json.loads(out)
    assert data["command"] == "coalitions" and data["game"]["kind"] == "membership"
    assert data["result"]["stability"]["rule"] == "stay-out"
    assert data["result"]["stability"]["coalitions_scanned"] == 2 ** 12  # 12 countries


def test_csv_and_markdown() -> None:
    code, out, _ = run(GAME, "--format", "csv", "--no-tu")
    assert code == 0 and out.splitlines()[0].startswith("table,rank,members")
    code, out, _ = run(GAME, "--format", "markdown", "--no-tu")
    assert code == 0 and "## Grand coalition" in out


def test_errors_are_one_line_exit_2(tmp_path: Path) -> None:
    code, out, err = run(GAME, "--max-players", "10")
    assert code == 2 and "--max-players 12" in err and len(err.strip().splitlines()) == 1
    code, _, err = run(GAME, "--param", "nope=1")
    assert code == 2 and "unknown parameter 'nope'" in err
    bad = tmp_path / "bad.yaml"
    bad.write_text("treaty: 1\nkind: membership\ncountries: 3\n")
    code, _, err = run(str(bad))
    assert code == 2 and "bad.yaml:3:12" in err
