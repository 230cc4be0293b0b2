"""`treaty convert` YAML <-> JSON is lossless: the converted spec gives the same report."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

import treaty
from treaty.cli import cli
from treaty.spec import read_spec

GAMES = sorted(Path(__file__).resolve().parents[2].joinpath("games").glob("*.yaml"))


def _run(*args: str) -> str:
    r = CliRunner().invoke(cli, list(args))
    assert r.exit_code == 0, r.output
    return r.output


def _report(path: Path) -> object:
    """The JSON report of the command that analyses this kind of spec, file name removed."""
    command = "coalitions" if read_spec(path).kind == "membership" else "analyze"
    text = _run(command, str(path), "--format", "json")
    return json.loads(text.replace(json.dumps(str(path))[1:-1], "<file>"))


REPORTED = [g for g in GAMES if "kind: extensive-form" not in g.read_text()]  # trees: tests/extensive


@pytest.mark.parametrize("game", REPORTED, ids=[g.name for g in REPORTED])
# YAML -> JSON in the quick run; YAML -> YAML and the round trip through JSON in the full one
@pytest.mark.parametrize("chain", [("json",), pytest.param(("yaml",), marks=pytest.mark.slow),
                                   pytest.param(("json", "yaml"), marks=pytest.mark.slow)])
def test_convert_keeps_the_report(game: Path, chain: tuple[str, ...], tmp_path: Path) -> None:
    src = game
    for fmt in chain:
        out = tmp_path / f"{src.stem}.{fmt}"
        _run("convert", str(src), "--to", fmt, "-o", str(out))
        src = out
    assert _report(src) == _report(game)


def test_convert_keeps_parameters_expressions_and_sections(tmp_path: Path) -> None:
    game = next(g for g in GAMES if g.name == "safety_pact_repeated.yaml")
    out = tmp_path / "g.json"
    _run("convert", str(game), "--to", "json", "-o", str(out))
    doc = json.loads(out.read_text())
    assert "repeated" in doc and "parameters" in doc
    orig, conv = read_spec(game), read_spec(out)
    for a, b in zip(orig.parameters.params, conv.parameters.params, strict=True):
        assert (a.name, a.doc, a.minimum, a.maximum, a.unit, a.default.text) == \
            (b.name, b.doc, b.minimum, b.maximum, b.unit, b.default.text)
    # payoff expressions are written as text, not as numbers
    assert [c.text for c in orig.cells.flat] == [c.text for c in conv.cells.flat]
    assert any(c.expr is not None for c in conv.cells.flat)
    g0, g1 = treaty.load(game), treaty.load(out)
    assert g1 == g0 and g1.repeated is not None and g1.repeated == g0.repeated


def test_fractions_in_bounds_survive_json(tmp_path: Path) -> None:
    spec = tmp_path / "f.yaml"
    spec.write_text("parameters: {p: {value: 1/3, min: 1/7, max: 2/3, unit: share}}\n"
                    "players: {A: [x, y], B: [z]}\npayoffs: {A: [[p], [1/3]], B: [[0], [0]]}\n")
    out = tmp_path / "f.json"
    _run("convert", str(spec), "--to", "json", "-o", str(out))
    p = read_spec(out).parameters["p"]
    from fractions import Fraction as F

    assert (p.minimum, p.maximum, p.unit) == (F(1, 7), F(2, 3), "share")
    assert treaty.load(out).payoff(("x", "z"))[0] == F(1, 3)


def test_evaluate_substitutes_numbers(tmp_path: Path) -> None:
    game = next(g for g in GAMES if g.name == "export_controls.yaml")
    out = tmp_path / "e.yaml"
    _run("convert", str(game), "--to", "yaml", "--evaluate", "--param", "K=20", "-o", str(out))
    spec = read_spec(out)
    assert spec.parameters.names == [] and all(c.expr is None for c in spec.cells.flat)
    assert treaty.load(out) == treaty.load(game, {"K": 20})


def test_param_without_evaluate_is_refused() -> None:
    game = str(GAMES[0])
    r = CliRunner().invoke(cli, ["convert", game, "--to", "json", "--param", "K=1"])
    assert r.exit_code == 2 and "--evaluate" in r.output


def test_membership_spec_converts_to_json(tmp_path: Path) -> None:
    game = next(g for g in GAMES if read_spec(g).kind == "membership")
    out = tmp_path / "m.json"
    _run("convert", str(game), "--to", "json", "-o", str(out))
    assert json.loads(out.read_text())["kind"] == "membership"
