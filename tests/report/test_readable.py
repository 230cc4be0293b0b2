"""Output a person can read and a program can load (issue 8): decimals beside fractions,
--decimals, legends, wrapped text, lossless CSV with every table, units, notebooks, strict JSON.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from fractions import Fraction as F
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import treaty
from treaty._exact.numbers import annotate_fractions, format_decimal, format_readable, number_to_csv
from treaty.cli import cli
from treaty.errors import SpecError
from treaty.report._text import GLOSSARY

ROOT = Path(__file__).resolve().parents[2]
RACE = str(ROOT / "games" / "race_or_pact.yaml")
SAFETY = str(ROOT / "games" / "safety_pact.yaml")
MEMBERS = str(ROOT / "games" / "ai_safety_pact_members.yaml")
NORMAL = [p for p in sorted((ROOT / "games").glob("*.yaml")) if "kind: membership" not in p.read_text()
          and "kind: extensive-form" not in p.read_text()]


def run(*args: str) -> Any:
    return CliRunner().invoke(cli, list(args))


# -- numbers --------------------------------------------------------------------------------

def test_decimal_is_the_exact_value_rounded() -> None:
    # |decimal - value| <= half a unit in the last place, checked in exact arithmetic
    for num in range(-50, 51):
        for den in (1, 3, 7, 8, 90, 480, 1000, 999):
            value = F(num, den)
            for d in (1, 3, 6):
                text = format_decimal(value, d)
                assert abs(F(text) - value) <= F(1, 2 * 10 ** d), (value, d, text)
    assert format_decimal(F(31, 90)) == "0.344"
    assert format_decimal(F(3, 4)) == "0.75"  # exact decimals lose no trailing zeros to noise
    assert format_decimal(F(196471, 480)) == "409.315"
    assert format_decimal(F(1, 10 ** 7)) == "1e-07"  # too small for 3 places: significant digits


def test_readable_numbers() -> None:
    assert format_readable(F(31, 90)) == "31/90 (0.344)"
    assert format_readable(F(6)) == "6" and format_readable(7) == "7"
    assert format_readable(F(31, 90), 0) == "31/90"
    assert annotate_fractions("p in [31/90, 1]; delta >= 3/7 (binding)") == \
        "p in [31/90 (0.344), 1]; delta >= 3/7 (0.429) (binding)"
    assert annotate_fractions("9*p - 31/10 >= -1/4", 2) == "9*p - 31/10 (3.1) >= -1/4 (-0.25)"


def test_csv_numbers_are_lossless() -> None:
    x = 0.1 + 0.2
    assert float(number_to_csv(x)) == x and number_to_csv(F(-2, 3)) == "-2/3"


# -- text: decimals, --decimals, legends, wrapping --------------------------------------------

def test_solve_and_threshold_show_decimals_beside_fractions() -> None:
    out = run("solve", RACE).output
    assert "61/8 (7.625)" in out and "3/4 (0.75) pact" in out
    out = run("threshold", SAFETY, "--over", "p", "--target", "pact").output
    assert "[31/90 (0.344), 1]" in out


def test_decimals_option() -> None:
    out = run("threshold", SAFETY, "--over", "p", "--target", "pact", "--decimals", "5").output
    assert "31/90 (0.34444)" in out
    out = run("solve", RACE, "--decimals", "0").output
    assert "61/8" in out and "(7." not in out
    res = run("solve", RACE, "--decimals", "99")
    assert res.exit_code == 2


def test_legends_under_tables() -> None:
    out = run("solve", RACE).output
    assert "\nregret: " in out
    out = run("coalitions", MEMBERS, "--quiet", "--top", "3").output
    for term in ("PIS", "surplus", "outside option", "shapley", "least-core epsilon"):
        assert f"\n{term}: " in out, term


def test_glossary_page_defines_every_legend_term() -> None:
    text = (ROOT / "docs" / "glossary.md").read_text()
    for term in GLOSSARY:
        assert f"**{term}**" in text, term


def _prose_lines(text: str) -> list[str]:
    """Lines that are not table rows (tables: columns two spaces apart, or a dashed rule)."""
    return [ln for ln in text.splitlines()
            if "  " not in ln.strip() and set(ln.strip()) - set("- ")]


@pytest.mark.parametrize("path", NORMAL, ids=lambda p: p.name)
def test_analyze_text_is_wrapped(path: Path) -> None:
    res = run("analyze", str(path))
    assert res.exit_code == 0, res.output
    long = [ln for ln in _prose_lines(res.output) if len(ln) > 100]
    assert not long, long[:2]


def test_coalition_text_is_wrapped() -> None:
    out = run("coalitions", MEMBERS, "--quiet", "--no-tu").output
    assert not [ln for ln in _prose_lines(out) if len(ln) > 100]


def test_units_are_shown(tmp_path: Path) -> None:
    spec = tmp_path / "units.yaml"
    spec.write_text(Path(RACE).read_text().replace(
        "V: {value: 10,", "V: {value: 10, unit: bn USD per year,"))
    out = run("analyze", str(spec), "--no-thresholds").output
    assert "bn USD per year" in out
    members = tmp_path / "m.yaml"
    members.write_text(Path(MEMBERS).read_text().replace(
        "frontier_cost: {", "frontier_cost: {unit: effort units, "))
    out = run("coalitions", str(members), "--quiet", "--no-tu").output
    assert "frontier_cost = 4 effort units" in out


# -- CSV: lossless, one column per player and strategy, every table -----------------------------

def test_solve_csv_one_column_per_player_and_strategy() -> None:
    game = treaty.load(SAFETY)
    rows = list(csv.reader(io.StringIO(run("solve", SAFETY, "-f", "csv").output)))
    header, body = rows[0], rows[1:]
    strategy_cols = [f"{p}:{s}" for p, names in zip(game.players, game.strategies) for s in names]
    assert header[1:1 + len(strategy_cols)] == strategy_cols
    assert len(body) == len(treaty.equilibria(game))
    for row in body:
        cells = dict(zip(header, row))
        for p, names in zip(game.players, game.strategies):
            probs = [F(cells[f"{p}:{s}"]) for s in names]  # exact a/b, parsed by Fraction
            assert sum(probs) == 1 and all(x >= 0 for x in probs)
        # the payoff is the expected payoff of the profile (computed here, not read back)
        profile = [[F(cells[f"{p}:{s}"]) for s in names]
                   for p, names in zip(game.players, game.strategies)]
        import itertools

        for i, p in enumerate(game.players):
            expected = sum(game.payoffs[i][idx] * profile[0][idx[0]] * profile[1][idx[1]]
                           for idx in itertools.product(*(range(n) for n in game.shape)))
            assert F(cells[f"{p} payoff"]) == expected


def _sections(text: str) -> dict[str, list[dict[str, str]]]:
    out: dict[str, list[dict[str, str]]] = {}
    for block in text.strip().split("\n\n"):
        rows = list(csv.DictReader(io.StringIO(block)))
        out[rows[0]["table"]] = rows
    return out


def test_coalitions_csv_has_every_table() -> None:
    text = run("coalitions", MEMBERS, "--quiet", "-f", "csv").output
    sec = _sections(text)
    assert set(sec) == {"stable", "grand", "potentially_stable", "tu", "summary"}
    game = treaty.load(MEMBERS)
    assert [r["country"] for r in sec["grand"]] == list(game.players)
    for r in sec["grand"]:  # deficit = max(0, outside option - payoff), exactly
        assert F(r["deficit"]) == max(F(0), F(r["outside option"]) - F(r["payoff"]))
    summary = {r["quantity"]: r["value"] for r in sec["summary"]}
    v_n = F(summary["v(N)"])
    # efficiency (theory): Shapley values add up to v(N), exactly
    assert sum(F(r["shapley"]) for r in sec["tu"]) == v_n
    # the nucleolus and least core of this exact game are certified Fractions (a/b in CSV)
    report = json.loads(run("coalitions", MEMBERS, "--quiet", "-f", "json").output)
    tu = report["result"]["tu"]
    assert tu["nucleolus"]["certified"] and tu["least_core"]["certified"]
    assert [F(r["nucleolus"]) for r in sec["tu"]] == [F(v) for v in tu["nucleolus"]["point"]]
    assert sum(F(r["nucleolus"]) for r in sec["tu"]) == v_n
    assert F(summary["least-core epsilon"]) == F(tu["least_core"]["epsilon"])


# -- notebooks ----------------------------------------------------------------------------------

class _Tables(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tables = 0
        self.headers: list[str] = []
        self.cells: list[str] = []
        self._tag = ""

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        self._tag = tag
        self.tables += tag == "table"

    def handle_data(self, data: str) -> None:
        if self._tag == "th":
            self.headers.append(data)
        elif self._tag == "td":
            self.cells.append(data)


def _parse(html: str) -> _Tables:
    p = _Tables()
    p.feed(html)
    return p


def test_repr_html_of_results_and_games() -> None:
    game = treaty.load(RACE)
    page = _parse(treaty.equilibria(game)._repr_html_())
    assert page.tables == 1 and "US strategy" in page.headers and "61/8 (7.625)" in page.cells
    page = _parse(game._repr_html_())
    assert page.tables == 1 and page.headers[1:] == ["pact", "race"] and "9, 9" in page.cells
    th = treaty.threshold(treaty.load(SAFETY), "p", "pact")
    assert "31/90 (0.344)" in th._repr_html_()
    members = treaty.load(MEMBERS)
    from treaty.coalitions._results import CoalitionReport

    report = CoalitionReport(members, members.stability(progress=False), None, None, 3)
    assert _parse(report._repr_html_()).tables == 4  # stable, grand, potentially stable, summary


def test_to_frame() -> None:
    pd = pytest.importorskip("pandas")
    game = treaty.load(RACE)
    df = treaty.equilibria(game).to_frame()
    assert isinstance(df, pd.DataFrame)
    assert list(df.columns[:6]) == ["US:pact", "US:race", "CN:pact", "CN:race", "US payoff",
                                    "CN payoff"]
    # the mixed equilibrium of the assurance game: pact with probability 3/4 (see test_cli)
    assert sorted(df["US:pact"]) == [0.0, 0.75, 1.0]
    exact = treaty.equilibria(game).to_frame(exact=True)
    assert F(3, 4) in set(exact["CN:pact"])
    assert list(game.to_frame().columns) == ["US strategy", "CN strategy", "US payoff",
                                             "CN payoff"]
    assert len(game.to_frame()) == 4


def test_to_frame_without_pandas(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)  # import pandas -> ImportError
    with pytest.raises(ImportError, match=r"treaty\[frame\]"):
        treaty.equilibria(treaty.load(RACE)).to_frame()


def test_to_frame_of_a_result_without_a_table() -> None:
    from treaty.errors import GameError

    th = treaty.threshold(treaty.load(SAFETY), "p", "pact")
    with pytest.raises(GameError, match="no table form"):
        th.to_frame()


# -- strict JSON, numbers beyond floats ---------------------------------------------------------

def test_json_spec_with_a_trailing_comma_is_refused(tmp_path: Path) -> None:
    text = run("convert", RACE, "--to", "json").output
    good = tmp_path / "good.json"
    good.write_text(text)
    treaty.load(good)
    # a comma after the last item of a list (a JSON parser refuses it)
    bad_text = text.replace('race"]', 'race",]', 1)
    assert bad_text != text
    with pytest.raises(json.JSONDecodeError):
        json.loads(bad_text)
    bad = tmp_path / "bad.json"
    bad.write_text(bad_text)
    with pytest.raises(SpecError) as err:
        treaty.load(bad)
    comma = bad_text.index('race",]') + len('race"')
    line = bad_text.count("\n", 0, comma) + 1
    column = comma - bad_text.rfind("\n", 0, comma)  # 1-based
    assert (err.value.line, err.value.column) == (line, column)  # the comma itself
    assert "trailing comma" in str(err.value)
    res = run("validate", str(bad))
    assert res.exit_code == 1
    # the same text is fine as YAML (YAML allows it)
    yml = tmp_path / "bad.yaml"
    yml.write_text(bad_text)
    treaty.load(yml)


def test_numbers_beyond_floats_are_one_line_errors(tmp_path: Path) -> None:
    res = run("solve", RACE, "--param", "g=1e999")
    assert res.exit_code == 2 and len(res.output.strip().splitlines()) == 1
    assert "float range" in res.output
    spec = tmp_path / "big.yaml"
    spec.write_text(Path(RACE).read_text().replace("g: {value: 1,", "g: {value: 1e400,"))
    res = run("solve", str(spec))
    assert res.exit_code == 2 and len(res.output.strip().splitlines()) == 1
    assert "big.yaml:" in res.output and "float range" in res.output
