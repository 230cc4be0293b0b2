"""The ``negotiation`` spec section (treaty/spec/negotiation.py): read, located errors,
instantiation, the writers' round trips, the schema, lint and the shipped safety pact."""

from __future__ import annotations

import json
from dataclasses import replace
from fractions import Fraction as F
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

import treaty
from treaty import SpecError
from treaty.cli import cli
from treaty.spec import read_spec, read_spec_text
from treaty.spec._limits import MAX_NEGOTIATION_TERMS
from treaty.spec.lint import lint
from treaty.spec.negotiation import SELECTION_RULES, SOLUTIONS, NegotiationSettings
from treaty.spec.writer import document_to_yaml, dump_yaml

ROOT = Path(__file__).resolve().parents[2]
GAMES = ROOT / "games"
PACT = GAMES / "safety_pact.yaml"

BASE = """\
parameters:
  S: {value: 6, min: 0}
  p: {value: 1/4, min: 0, max: 1}
  q: {value: 1/2}
  w: {value: 1}
players: {A: [pact, race], B: [pact, race]}
payoffs: {A: [[4, 0], [5 - S*p, 1]], B: [[4, 5 - S*p], [0, 1]]}
targets: {pact: [pact, pact]}
negotiation:
  target: pact
  terms: {S: [0, 20], p: [0, 1]}
  powers: {A: w, B: 1}
  discount: {A: 9/10, B: q}
"""
SECTION = BASE[BASE.index("  target: pact\n"):]


def _with(section: str) -> str:
    return BASE.replace(SECTION, section)


def _loc(text: str, marker: str) -> tuple[int, int]:
    """The 1-based line and column of *marker*, unique in *text*'s negotiation section."""
    start = text.index("negotiation:\n")
    assert text.count(marker, start) == 1, marker
    k = text.index(marker, start)
    line = text.count("\n", 0, k) + 1
    return line, k - (text.rfind("\n", 0, k) + 1) + 1


# (section, message fragment, the text the error points at (unique in the spec))
READ_ERRORS = [
    ("  trems: [S]\n", "did you mean 'terms'", "trems"),
    ("  target: pcat\n", "did you mean 'pact'", "pcat"),
    ("  terms: {Z: [0, 1]}\n", "unknown parameter 'Z' in 'terms'", "Z: [0"),
    ("  terms: [S]\n", "no declared max", "S]"),
    ("  terms: [p, p]\n", "listed twice", "p]"),
    ("  terms: {S: [5, 5]}\n", "range of S is empty", "5]"),
    ("  terms: {S: [-1, 3]}\n", "below its declared min 0", "-1"),
    ("  terms: {p: [0, 2]}\n", "above its declared max 1", "2]"),
    ("  terms: {p: {min: 0, mxa: 1}}\n", "did you mean 'max'", "mxa"),
    ("  terms: {S: [1, 2, 3]}\n", "must be [lo, hi]", "[1, 2, 3]"),
    ("  terms: {S: [0, 2*S]}\n", "may not depend on S itself", "2*S"),
    ("  terms: {S: [0, zz]}\n", "unknown parameter 'zz'", "zz"),
    ("  terms: []\n", "names no parameter", "[]"),
    ("  powers: {A: 0, B: 1}\n", "must be positive", "0, B"),
    ("  powers: {A: 1, Bee: 1}\n", "unknown player 'Bee'", "Bee"),
    ("  powers: {A: 1}\n", "no value for B", "{A: 1}"),
    ("  powers: -2\n", "must be positive", "-2"),
    ("  discount: {A: 1, B: 1/2}\n", "must lie in (0, 1)", "1, B"),
    ("  discount: 0\n", "must lie in (0, 1)", "0\n"),
    ("  outside_options: {C: 1}\n", "unknown player 'C'", "C: 1"),
    ("  solution: nsh\n", "did you mean 'nash'", "nsh"),
    ("  self_enforcing: 3\n", "true or false", "3\n"),
    ("  disagreement: minmx\n", "did you mean 'minmax'", "minmx"),
    ("  disagreement: {nash: worts}\n", "did you mean 'worst'", "worts"),
    ("  disagreement: {select: first}\n", "exactly one of", "{select"),
    ("  disagreement: {nash: first, values: {A: 1, B: 1}}\n", "got nash, values", "{nash"),
    ("  disagreement: {nash: first, select: first}\n", "'select' goes with 'game'", "select"),
    ("  disagreement: {values: {A: 1}}\n", "no value for B", "{A: 1}"),
    ("  disagreement: {values: {A: 1, B: k}}\n", "unknown parameter 'k'", "k}"),
    ("  disagreement: {gmae: x.yaml}\n", "did you mean 'game'", "gmae"),
    ("  disagreement: {game: nowhere.yaml}\n", "does not exist", "nowhere.yaml"),
    ("  disagreement: {game: export_controls.yaml, select: best}\n", "unknown selection rule",
     "best"),
    ("  doc: [a]\n", "'doc' must be text", "[a]"),
]


@pytest.mark.parametrize("section,message,marker", READ_ERRORS,
                         ids=[c[0].strip()[:40] for c in READ_ERRORS])
def test_read_errors_are_located(section: str, message: str, marker: str) -> None:
    text = _with(section)
    file = str(GAMES / "n.yaml")  # beside the shipped games (for the game: cases)
    with pytest.raises(SpecError) as info:
        read_spec_text(text, file=file)
    err = info.value
    assert message in str(err), str(err)
    assert (err.file, err.line, err.column) == (file, *_loc(text, marker)), str(err)
    assert str(err).startswith(f"{file}:{err.line}:{err.column}: ")


@pytest.mark.parametrize("section,params,message,marker", [
    ("  discount: {A: 9/10, B: q}\n", {"q": 1}, "must lie in (0, 1), got 1", "q}"),
    ("  powers: {A: w, B: 1}\n", {"w": "-1/2"}, "must be positive, got -1/2", "w, B"),
    ("  terms: {p: [0, q]}\n", {"q": 2}, "above its declared max 1", "q]"),
    ("  terms: {p: [q, 2/3]}\n", {"q": "2/3"}, "range of p is empty", "2/3]"),
])
def test_value_errors_at_instantiate_are_located(section: str, params: dict[str, object],
                                                 message: str, marker: str) -> None:
    text = _with(section)
    spec = read_spec_text(text, file="v.yaml")
    spec.instantiate()  # fine at the defaults
    with pytest.raises(SpecError) as info:
        spec.instantiate(params)
    err = info.value
    assert message in str(err) and (err.line, err.column) == _loc(text, marker), str(err)


def test_a_name_without_declared_bounds_names_the_fix() -> None:
    with pytest.raises(SpecError) as info:
        read_spec_text(_with("  terms: [q]\n"), file="b.yaml")
    assert "no declared min" in str(info.value)
    assert "'q: [0, 20]' under 'terms', or add min to the declaration of q" in str(info.value)


def test_too_many_terms() -> None:
    n = MAX_NEGOTIATION_TERMS + 1
    params = "\n".join(f"  t{k}: {{value: 0, min: 0, max: 1}}" for k in range(n))
    text = (f"parameters:\n{params}\nplayers: {{A: [x], B: [x]}}\n"
            f"payoffs: {{A: [[{' + '.join(f't{k}' for k in range(n))}]], B: [[0]]}}\n"
            f"negotiation: {{terms: [{', '.join(f't{k}' for k in range(n))}]}}\n")
    with pytest.raises(SpecError, match="MAX_NEGOTIATION_TERMS") as info:
        read_spec_text(text, file="t.yaml")
    assert info.value.line == n + 4


def test_disagreement_game_with_other_players_or_kind(tmp_path: Path) -> None:
    (tmp_path / "other.yaml").write_text("players: {A: [x], C: [y]}\n"
                                         "payoffs: {A: [[0]], C: [[0]]}\n")
    (tmp_path / "club.yaml").write_text((GAMES / "ai_safety_pact_members.yaml").read_text())
    spec = tmp_path / "s.yaml"
    for name, message in (("other.yaml", "has no player B (its players: A, C)"),
                          ("club.yaml", "is a membership spec")):
        text = _with(f"  disagreement: {{game: {name}}}\n")
        spec.write_text(text)
        with pytest.raises(SpecError) as info:
            read_spec(spec)
        assert message in str(info.value)
        assert (info.value.line, info.value.column) == _loc(text, name)


def test_a_cycle_of_disagreement_games_reads(tmp_path: Path) -> None:
    # a.yaml falls back on b.yaml's equilibrium and b.yaml on a.yaml's: no endless reading
    for me, other in (("a", "b"), ("b", "a")):
        (tmp_path / f"{me}.yaml").write_text(_with(f"  disagreement: {{game: {other}.yaml}}\n"))
    g = treaty.load(tmp_path / "a.yaml")
    assert g.negotiation is not None
    assert g.negotiation.disagreement == {"game": str(tmp_path / "b.yaml"),
                                         "select": "payoff-dominant"}


def test_the_cli_exits_2_with_the_location(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(_with("  solution: nsh\n"))
    res = CliRunner().invoke(cli, ["analyze", str(path)])
    assert res.exit_code == 2
    line, col = _loc(_with("  solution: nsh\n"), "nsh")
    assert f"{path}:{line}:{col}: unknown solution 'nsh' (did you mean 'nash'?)" in res.output


# -- values ------------------------------------------------------------------------------------
def test_instantiate_evaluates_every_value() -> None:
    spec = read_spec_text(_with(
        "  target: pact\n"
        "  terms: {p: , S: {max: 2*w + 10}}\n"
        "  powers: {A: w, B: 1}\n"
        "  discount: q\n"
        "  outside_options: {B: 3/2 + w}\n"
        "  disagreement: {values: {A: 1 - q, B: w/4}}\n"
        "  solution: rubinstein\n"
        "  self_enforcing: true\n"
        "  doc: a test\n"), file="i.yaml")
    n = spec.instantiate({"w": 3, "q": "1/3"}).negotiation
    assert n == NegotiationSettings(
        target="pact", terms={"p": (F(0), F(1)), "S": (F(0), F(16))},
        disagreement={"values": {"A": F(2, 3), "B": F(3, 4)}},
        powers={"A": F(3), "B": F(1)}, discount={"A": F(1, 3), "B": F(1, 3)},
        outside_options={"B": F(9, 2)}, solution="rubinstein", self_enforcing=True, doc="a test")
    assert n.disagreement_arguments() == {"rule": "values",
                                          "values": {"A": F(2, 3), "B": F(3, 4)}}
    # the list form takes both ends from the declaration
    m = read_spec_text(_with("  terms: [p]\n  disagreement: {nash: risk-dominant}\n")).instantiate()
    assert m.negotiation.terms == {"p": (F(0), F(1))}
    assert m.negotiation.disagreement_arguments() == {"rule": "nash", "select": "risk-dominant"}
    assert m.negotiation.solution == "nash" and m.negotiation.powers is None


def test_game_equality_and_with_payoffs_keep_the_section() -> None:
    spec = read_spec_text(BASE)
    g, h = spec.instantiate(), spec.instantiate({"q": "1/3"})
    assert g != h and g == spec.instantiate()  # only the discount differs
    assert g.with_payoffs(g.payoffs).negotiation == g.negotiation
    assert json.dumps(g.negotiation.to_dict())  # JSON-ready
    assert g.negotiation.to_dict()["discount"] == {"A": "9/10", "B": "1/2"}


def test_the_constants_agree_with_the_solvers() -> None:
    try:
        from treaty.negotiation._selection import SELECTION_RULES as rules
    except ImportError:  # pragma: no cover - before the selection module lands
        rules = SELECTION_RULES
    assert tuple(rules) == SELECTION_RULES
    try:
        from treaty.negotiation._bargaining import SOLUTIONS as solutions
    except ImportError:  # pragma: no cover - before the bargaining module lands
        solutions = SOLUTIONS
    assert tuple(solutions) == SOLUTIONS


# -- writers -----------------------------------------------------------------------------------
@pytest.mark.parametrize("fmt", ["json", "yaml"])
def test_convert_to_another_folder_keeps_the_section(fmt: str, tmp_path: Path) -> None:
    out = tmp_path / "deep" / f"pact.{fmt}"
    out.parent.mkdir()
    res = CliRunner().invoke(cli, ["convert", str(PACT), "--to", fmt, "-o", str(out)])
    assert res.exit_code == 0, res.output
    doc = yaml.safe_load(out.read_text())
    assert (tmp_path / "deep" / doc["negotiation"]["disagreement"]["game"]).resolve() == \
        (GAMES / "export_controls.yaml").resolve()
    g0, g1 = treaty.load(PACT), treaty.load(out)
    assert g1 == g0 and g1.negotiation == g0.negotiation is not None
    assert read_spec(out).negotiation is not None


def test_document_writer_keeps_the_path_as_written_without_a_move() -> None:
    text = document_to_yaml(read_spec(PACT).document)
    assert yaml.safe_load(text)["negotiation"] == yaml.safe_load(PACT.read_text())["negotiation"]
    assert read_spec_text(text, file=str(PACT)).instantiate() == treaty.load(PACT)


def test_evaluate_writes_the_section_with_numbers(tmp_path: Path) -> None:
    g = read_spec_text(_with(SECTION + "  disagreement: {values: {A: q, B: 1}}\n"),
                       file="e.yaml").instantiate({"q": "1/3", "w": 2})
    back = read_spec_text(dump_yaml(g), file="e2.yaml").instantiate()
    # the terms are parameters, which a game written with numbers no longer has
    assert back.negotiation == replace(g.negotiation, terms={}) and back.payoffs.tolist() == \
        g.payoffs.tolist()
    out = tmp_path / "pact.yaml"
    res = CliRunner().invoke(cli, ["convert", str(PACT), "--to", "yaml", "--evaluate",
                                   "--param", "S=12", "-o", str(out)])
    assert res.exit_code == 0, res.output
    assert "../" in yaml.safe_load(out.read_text())["negotiation"]["disagreement"]["game"] \
        or str(tmp_path).startswith(str(GAMES))
    assert treaty.load(out).negotiation == \
        replace(treaty.load(PACT, {"S": 12}).negotiation, terms={})


# -- schema and lint ---------------------------------------------------------------------------
def test_the_schema_describes_the_section() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    from treaty.spec.schema import spec_schema

    v = jsonschema.Draft202012Validator(spec_schema("normal-form"))
    doc = yaml.safe_load(PACT.read_text())
    assert list(v.iter_errors(doc)) == []
    for bad in ({"trems": ["S"]}, {"solution": "nsh"}, {"disagreement": {"select": "first"}},
                {"disagreement": {"nash": "first", "values": {"US": 1, "CN": 1}}},
                {"terms": {"S": {"mni": 0}}}, {"self_enforcing": 3}):
        d = json.loads(json.dumps(doc))
        d["negotiation"] = {**d["negotiation"], **bad}
        if "trems" in bad:
            del d["negotiation"]["terms"]
        assert list(v.iter_errors(d)) != [], bad


def test_lint_counts_negotiation_values_as_uses() -> None:
    text = _with("  discount: {A: q, B: 1/2}\n  powers: w\n")
    assert [w.subject for w in lint(read_spec_text(text))] == []
    text = _with("  discount: {A: 1/3, B: 1/2}\n")
    assert [w.subject for w in lint(read_spec_text(text))] == ["q", "w"]


# -- the shipped game ----------------------------------------------------------------------------
def test_the_safety_pact_negotiation() -> None:
    n = treaty.load(PACT).negotiation
    assert n is not None and n.target == "pact" and n.solution == "nash"
    assert n.terms == {"S": (F(0), F(20)), "p": (F(0), F(1))}
    assert n.powers == {"US": 1, "CN": 1} and n.discount == {"US": F(9, 10), "CN": F(17, 20)}
    assert n.disagreement == {"game": str((GAMES / "export_controls.yaml").resolve()),
                              "select": "payoff-dominant"}
    assert n.outside_options is None and not n.self_enforcing and "containment" in n.doc
    assert "export_controls.yaml" in n.describe()
    assert lint(read_spec(PACT)) == ()


def test_the_section_leaves_the_pact_reports_alone(tmp_path: Path) -> None:
    doc = yaml.safe_load(PACT.read_text())
    del doc["negotiation"]
    plain = tmp_path / "safety_pact.yaml"
    plain.write_text(yaml.safe_dump(doc, sort_keys=False))

    def run(*args: str) -> object:
        res = CliRunner().invoke(cli, [*args, "--format", "json"])
        assert res.exit_code == 0, res.output
        return json.loads(res.output.replace(str(plain), "<f>").replace(str(PACT), "<f>"))

    assert run("analyze", str(PACT)) == run("analyze", str(plain))
    assert run("threshold", str(PACT), "--over", "p", "--target", "pact") == \
        run("threshold", str(plain), "--over", "p", "--target", "pact")
    g0, g1 = treaty.load(PACT), treaty.load(plain)
    assert g1.negotiation is None and g0.with_payoffs(g0.payoffs, negotiation=None) == g1
