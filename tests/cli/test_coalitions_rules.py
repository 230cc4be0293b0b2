"""``treaty coalitions --membership exclusive``, ``--structures`` and ``--bloc``: the command
reports what an independent oracle written here finds (plain Fraction loops over subsets,
public-good payoffs from the first-order conditions), in table, csv and json."""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from treaty.cli import cli

SPEC = """\
treaty: 1
kind: membership
title: four
countries:
  - {name: A, benefit: 3, cost: 1}
  - {name: B, benefit: 3, cost: 3}
  - {name: C, benefit: 1, cost: 1}
  - {name: D, benefit: 4, cost: 1}
payoff: {model: public-good}
"""
B = [Fraction(3), Fraction(3), Fraction(1), Fraction(4)]
C = [Fraction(1), Fraction(3), Fraction(1), Fraction(1)]
NAMES = ["A", "B", "C", "D"]


def pg(s: frozenset[int]) -> list[Fraction]:
    """pi_i = b_i Q - c_i q_i^2 / 2; members play q_i = B_S / c_i, outsiders b_i / c_i."""
    bs = sum((B[i] for i in s), Fraction(0))
    q = [bs / C[i] if i in s else B[i] / C[i] for i in range(4)]
    total = sum(q, Fraction(0))
    return [B[i] * total - C[i] * q[i] * q[i] / 2 for i in range(4)]


def oracle() -> tuple[set[frozenset[int]], dict[frozenset[int], set[int]]]:
    """Open-membership stable pacts and, for exclusive membership, stable pact -> refused
    outsiders (default tie rule: an indifferent member stays, an indifferent outsider joins;
    an outsider who wants in is refused when some member would be strictly worse off)."""
    open_, exclusive = set(), {}
    for m in range(16):
        s = frozenset(i for i in range(4) if (m >> i) & 1)
        if len(s) < 2:
            continue
        p = pg(s)
        internal = all(p[i] >= pg(s - {i})[i] for i in s)
        wants = {j for j in range(4) if j not in s and pg(s | {j})[j] >= p[j]}
        if internal and not wants:
            open_.add(s)
        if internal and all(any(pg(s | {j})[i] < p[i] for i in s) for j in wants):
            exclusive[s] = wants
    return open_, exclusive


@pytest.fixture()
def spec(tmp_path: Path) -> str:
    path = tmp_path / "four.yaml"
    path.write_text(SPEC, encoding="utf-8")
    return str(path)


def run_json(*args: str) -> dict[str, Any]:
    res = CliRunner().invoke(cli, ["coalitions", *args, "--quiet", "--no-tu", "-f", "json"])
    assert res.exit_code == 0, res.output
    data: dict[str, Any] = json.loads(res.stdout)
    jsonschema = pytest.importorskip("jsonschema")
    from treaty.report import output_schema

    jsonschema.Draft202012Validator(output_schema()).validate(data)
    return data


def _sets(coalitions: list[dict[str, Any]]) -> set[frozenset[int]]:
    return {frozenset(NAMES.index(m) for m in c["members"]) for c in coalitions}


def test_open_and_exclusive_membership_against_the_oracle(spec: str) -> None:
    open_, exclusive = oracle()
    assert open_ != set(exclusive)  # the game was chosen so that the rules differ
    data = run_json(spec, "--top", "20")
    assert data["result"]["stability"]["membership"] == "open"
    assert _sets(data["result"]["stability"]["stable"]) == open_
    data = run_json(spec, "--top", "20", "--membership", "exclusive")
    stab = data["result"]["stability"]
    assert stab["membership"] == "exclusive" and _sets(stab["stable"]) == set(exclusive)
    for c in stab["stable"]:
        s = frozenset(NAMES.index(m) for m in c["members"])
        assert {NAMES.index(r) for r in c["refused"]} == exclusive[s]


def test_exclusive_table_names_the_refused(spec: str) -> None:
    _, exclusive = oracle()
    refused = [s for s, r in exclusive.items() if r]
    assert refused
    res = CliRunner().invoke(cli, ["coalitions", spec, "--quiet", "--no-tu", "--membership",
                                   "exclusive"])
    assert res.exit_code == 0 and "refused" in res.stdout
    res = CliRunner().invoke(cli, ["coalitions", spec, "--quiet", "--no-tu", "--membership",
                                   "exclusive", "-f", "csv"])
    header = res.stdout.splitlines()[0].split(",")
    assert header[-1] == "refused"


def test_structures_and_an_evaluated_bloc(spec: str) -> None:
    """Structure {A, D} | {B} | {C}: bloc {A, D} plays q = B_T / c_i = 7 each, B and C alone
    3/3 = 1 and 1, Q = 16; A gets 3 * 16 - 49/2 = 47/2, D 4 * 16 - 49/2 = 79/2, B 3 * 16 - 3/2
    = 93/2, C 16 - 1/2 = 31/2."""
    data = run_json(spec, "--bloc", "AD=A,D")
    st = data["result"]["structures"]
    assert st["scanned"] is False and st["evaluated"] is not None
    ev = st["evaluated"]
    assert [Fraction(v) for v in ev["payoffs"]] == [Fraction(47, 2), Fraction(93, 2),
                                                    Fraction(31, 2), Fraction(79, 2)]
    assert any(b["name"] == "AD" and b["members"] == ["A", "D"] for b in ev["blocs"])
    data = run_json(spec, "--structures")
    st = data["result"]["structures"]
    assert st["scanned"] is True and st["partitions"] == 15  # Bell(4)
    res = CliRunner().invoke(cli, ["coalitions", spec, "--quiet", "--no-tu", "--structures",
                                   "--bloc", "AD=A,D"])
    assert res.exit_code == 0 and "Coalition structures" in res.stdout and "Evaluated: AD: A D" in res.stdout
    res = CliRunner().invoke(cli, ["coalitions", spec, "--quiet", "--no-tu", "--bloc", "AD=A,D",
                                   "-f", "csv"])
    assert "summary,evaluated structure,AD: A D" in res.stdout.splitlines()


@pytest.mark.parametrize("args, message", [
    (["--bloc", "AD"], "--bloc takes NAME=C1,C2"),
    (["--bloc", "X=A", "--bloc", "X=B"], "given twice"),
    (["--bloc", "X=A,Z"], "'Z'"),
])
def test_bloc_errors_are_one_line(spec: str, args: list[str], message: str) -> None:
    res = CliRunner().invoke(cli, ["coalitions", spec, "--quiet", "--no-tu", *args])
    assert res.exit_code == 2 and message in res.stderr, res.stderr
    assert len(res.stderr.strip().splitlines()) == 1


def test_structures_refuse_an_expression_model() -> None:
    game = str(Path(__file__).resolve().parents[2] / "games" / "ai_supply_chain.yaml")
    res = CliRunner().invoke(cli, ["coalitions", game, "--quiet", "--no-tu", "--structures"])
    assert res.exit_code == 2 and len(res.stderr.strip().splitlines()) == 1
