"""The command line: output formats, exit codes, one-line errors."""

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from treaty.cli import cli

ROOT = Path(__file__).resolve().parent.parent
GAME = str(ROOT / "games" / "race_or_pact.yaml")


def run(*args):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_solve_table_lists_the_three_equilibria():
    r = run("solve", GAME)
    assert r.exit_code == 0, r.output
    assert "3 equilibria" in r.output
    assert "3/4 (0.75) pact + 1/4 (0.25) race" in r.output  # the mixed equilibrium, exact


def test_solve_json_is_exact_and_stable():
    r = run("solve", GAME, "--format", "json")
    data = json.loads(r.output)
    assert data["treaty_output"] == 2 and data["command"] == "solve"
    assert data["game"]["players"] == ["US", "CN"]
    assert data["game"]["file"].endswith("race_or_pact.yaml")
    eqs = data["result"]["equilibria"]
    assert len(eqs) == 3
    mixed = [e for e in eqs if not e["pure"]][0]
    # indifference of CN between pact (9q + 7/2(1-q)) and race (17/2 q + 5(1-q)): q = 3/4
    assert mixed["strategies"]["US"] == {"pact": "3/4", "race": "1/4"}
    assert mixed["regret"] == "0"
    assert all(e["regret"] == "0" for e in eqs)


def test_param_override_changes_the_answer():
    # a lead worth g = 2 makes racing dominant (V+g-c/2 = 19/2 > V-m = 9): one equilibrium
    data = json.loads(run("solve", GAME, "--param", "g=2", "-f", "json").output)
    assert len(data["result"]["equilibria"]) == 1
    assert data["result"]["equilibria"][0]["strategies"]["CN"]["race"] == "1"
    assert data["game"]["parameters"]["g"] == "2"


def test_csv_is_one_row_per_equilibrium():
    # an aligned table parses as CSV too (one cell per line): check the exact header and cells
    r = run("solve", GAME, "-f", "csv")
    assert r.exit_code == 0
    rows = list(csv.reader(io.StringIO(r.output)))
    # one probability column per player and strategy (lossless, exact a/b)
    assert rows[0][:7] == ["equilibrium", "US:pact", "US:race", "CN:pact", "CN:race",
                           "US payoff", "CN payoff"]
    body = rows[1:]
    assert len(body) == 3 and all(len(row) == len(rows[0]) for row in body)
    # race/race (5, 5), the mixed 3/4 pact (61/8 each), pact/pact (9, 9): see test above
    assert {tuple(row[1:8]) for row in body} == {
        ("0", "1", "0", "1", "5", "5", "0"),
        ("3/4", "1/4", "3/4", "1/4", "61/8", "61/8", "0"),
        ("1", "0", "1", "0", "9", "9", "0")}
    assert [row[0] for row in body] == ["1", "2", "3"]


def test_markdown_is_a_markdown_table():
    r = run("solve", GAME, "-f", "markdown")
    assert r.exit_code == 0
    lines = r.output.splitlines()
    assert lines[0] == "## Race or pact"
    table = [ln for ln in lines if ln.startswith("|")]
    assert table[0].split("|")[1].strip() == "#" and set(table[1]) <= set("|-")
    assert len(table) == 2 + 3


def test_validate_and_exit_codes(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(Path(GAME).read_text().replace("[race, race]", "[race, rase]"))
    r = run("validate", GAME)
    assert r.exit_code == 0 and "ok" in r.output
    r = CliRunner().invoke(cli, ["validate", GAME, str(bad)])
    assert r.exit_code == 1
    assert "did you mean 'race'" in r.output


def test_validate_describes_a_game_tree():
    # games/export_controls_sequence.yaml: the US moves, China answers with one of four
    # options, and after a detected violation the US responds (sanction or not): 2 players
    tree = str(Path(GAME).parent / "export_controls_sequence.yaml")
    r = run("validate", tree)
    assert r.exit_code == 0
    import treaty

    t = treaty.load(tree)
    assert (f"ok (2-player game tree, {len(t.nodes)} nodes, {len(t.terminals())} outcomes, "
            f"{len(t.infosets)} information sets, exact)") in r.output
    assert "TreeGame" not in r.output


def test_convert_roundtrip(tmp_path):
    import treaty

    for fmt in ("nfg", "yaml", "json"):
        out = tmp_path / f"g.{fmt}"
        r = run("convert", GAME, "--to", fmt, "-o", str(out))
        assert r.exit_code == 0
        assert treaty.load(out) == treaty.load(GAME)


def test_errors_are_one_line_exit_2_no_traceback(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(Path(GAME).read_text().replace("targets:\n", "targetz:\n"))
    proc = subprocess.run([sys.executable, "-m", "treaty.cli", "solve", str(bad)],
                          capture_output=True, text=True)
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert lines[0].startswith(f"{bad}:")
    assert "unknown key 'targetz'" in lines[0] and "did you mean 'targets'" in lines[0]
    assert "Traceback" not in proc.stderr
    for args in (["solve", str(tmp_path / "nope.yaml")], ["solve", GAME, "--param", "g=x"],
                 ["solve", GAME, "--param", "zz=1"], ["solve", GAME, "--param", "g=-1"]):
        proc = subprocess.run([sys.executable, "-m", "treaty.cli", *args], capture_output=True,
                              text=True)
        assert proc.returncode == 2, args
        assert len(proc.stderr.strip().splitlines()) == 1, proc.stderr


def test_help_does_not_import_heavy_modules():
    code = ("import sys; from treaty.cli import cli; "
            "print(any(m in sys.modules for m in ('cvxpy', 'scipy.optimize', 'cdd', 'nashpy')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.stdout.strip() == "False", out.stderr
