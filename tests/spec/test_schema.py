"""The JSON Schemas of the spec kinds (treaty/spec/schema.py, `treaty schema`).

The schema is built from the readers' key tuples; these tests check that it accepts every
shipped game and template, that its keys are exactly the keys the readers accept, that a key
the reader refuses is refused by the schema too, and that the reference docs name every key.
"""

from __future__ import annotations

import ast
import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from treaty.cli import cli
from treaty.spec import read_spec_text
from treaty.spec.schema import KEY_DOCS, SCHEMA_KINDS, section_keys, spec_schema

jsonschema = pytest.importorskip("jsonschema")

ROOT = Path(__file__).resolve().parents[2]
GAMES = sorted((ROOT / "games").glob("*.yaml"))
TEMPLATES = sorted((ROOT / "treaty" / "spec" / "templates").glob("*.yaml"))


def validator(kind: str) -> Any:
    schema = spec_schema(kind)
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def errors(kind: str, doc: Any) -> list[str]:
    return [f"{list(e.absolute_path)}: {e.message[:120]}" for e in validator(kind).iter_errors(doc)]


@pytest.mark.parametrize("kind", SCHEMA_KINDS)
def test_each_schema_is_a_valid_draft_2020_12_schema(kind: str) -> None:
    validator(kind)


@pytest.mark.parametrize("path", GAMES + TEMPLATES, ids=lambda p: p.name)
def test_every_shipped_game_and_template_validates(path: Path) -> None:
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    kind = doc.get("kind", "normal-form")
    assert errors("all", doc) == []
    assert errors(kind, doc) == []
    other = "membership" if kind == "normal-form" else "normal-form"
    assert errors(other, doc) != []  # each kind's schema is specific


@pytest.mark.parametrize("path", GAMES, ids=lambda p: p.name)
def test_the_json_form_of_every_game_validates(path: Path) -> None:
    res = CliRunner().invoke(cli, ["convert", str(path), "--to", "json"])
    assert res.exit_code == 0, res.output
    assert errors("all", json.loads(res.stdout)) == []


def _properties(schema: dict[str, Any], ref: str) -> set[str]:
    node = schema
    for part in ref.removeprefix("#/").split("/"):
        node = node[part]
    return set(node["properties"])


def test_the_schema_keys_are_the_readers_keys() -> None:
    from treaty.spec._meta import COMMON_KEYS
    from treaty.spec._params import _PARAM_KEYS
    from treaty.spec.membership import MEMBERSHIP_KEYS, NETWORK_KEYS, STABILITY_KEYS
    from treaty.spec.normal import NORMAL_FORM_KEYS, PAYOFF_ENTRY_KEYS, PLAYER_KEYS
    from treaty.spec.repeated import REPEATED_KEYS
    from treaty.spec.verification import _INSPECTION_KEYS, VERIFICATION_KEYS

    s = spec_schema("all")
    d = "#/$defs/"
    assert _properties(s, d + "normal_form_spec") == set(NORMAL_FORM_KEYS)
    assert _properties(s, d + "membership_spec") == set(MEMBERSHIP_KEYS)
    assert set(COMMON_KEYS) == set(NORMAL_FORM_KEYS) & set(MEMBERSHIP_KEYS)
    assert _properties(s, d + "parameter") == set(_PARAM_KEYS)
    assert _properties(s, d + "player") == set(PLAYER_KEYS)
    assert _properties(s, d + "payoff_entry") == set(PAYOFF_ENTRY_KEYS)
    assert _properties(s, d + "verification") == set(VERIFICATION_KEYS)
    assert _properties(s, d + "inspection") == set(_INSPECTION_KEYS)
    assert _properties(s, d + "repeated") == set(REPEATED_KEYS)
    assert _properties(s, d + "network") == set(NETWORK_KEYS)
    assert _properties(s, d + "stability") == set(STABILITY_KEYS)
    # every section has a description of every key, and nothing more
    assert {k: set(v) for k, v in KEY_DOCS.items()} == \
        {k: set(v) for k, v in section_keys().items()}


def test_every_key_tuple_a_reader_checks_is_in_the_schema() -> None:
    # a new section read with check_keys(..., SOME_KEYS) must be described by the schema
    used = set()
    for path in (ROOT / "treaty" / "spec").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) \
                    and node.func.attr == "check_keys" and len(node.args) >= 2:
                arg = node.args[1]
                assert isinstance(arg, ast.Name), f"{path.name}:{node.lineno}: inline key tuple"
                used.add(arg.id)
    src = (ROOT / "treaty" / "spec" / "schema.py").read_text(encoding="utf-8")
    assert used and all(name in src for name in used - {"keys"}), used


NORMAL = """
parameters: {p: {value: 1/2, min: 0, max: 1}, g: 1}
players: {A: [pact, race], B: [pact, race]}
payoffs: {A: [[2, 0], [g, 1]], B: [[2, 0], [g, 1]]}
targets: {pact: [pact, pact]}
verification: {commitment: pact, gain: g, detection: p,
               inspection: {inspector: I, cost: 1}}
repeated: {discount: 1/2, punishment: 3, reversion: nash}
"""
MEMBERSHIP = """
kind: membership
countries: [{name: A, b: 1}, {name: B, b: 2}]
payoff: {model: expression, member: b}
network: {edges: [[A, B]]}
stability: {rule: stay-out, min_size: 2}
"""


def _inject(doc: dict[str, Any], path: tuple[Any, ...]) -> dict[str, Any]:
    node: Any = doc
    for part in path:
        node = node[part]
    node["bogus_key"] = 1
    return doc


@pytest.mark.parametrize("text,path", [
    (NORMAL, ()), (NORMAL, ("parameters", "p")), (NORMAL, ("verification",)),
    (NORMAL, ("verification", "inspection")), (NORMAL, ("repeated",)),
    (MEMBERSHIP, ()), (MEMBERSHIP, ("payoff",)), (MEMBERSHIP, ("network",)),
    (MEMBERSHIP, ("stability",)),
], ids=lambda x: "/".join(x) if isinstance(x, tuple) else x.split()[0])
def test_a_key_the_reader_refuses_the_schema_refuses(text: str, path: tuple[str, ...]) -> None:
    from treaty import SpecError

    doc = yaml.safe_load(text)
    assert errors("all", doc) == []
    read_spec_text(text).instantiate()  # the reader accepts the original
    bad = _inject(doc, path)
    assert errors("all", bad) != []
    with pytest.raises(SpecError, match="unknown key 'bogus_key'"):
        read_spec_text(yaml.safe_dump(bad)).instantiate()


def test_value_rules_the_schema_states() -> None:
    doc = yaml.safe_load(NORMAL)
    doc["verification"]["mimics"] = "race"  # mimics and gain together
    assert errors("normal-form", doc) != []
    del doc["verification"]["gain"], doc["verification"]["mimics"]  # neither
    assert errors("normal-form", doc) != []
    doc = yaml.safe_load(NORMAL)
    doc["repeated"]["punishment"] = 0
    assert errors("normal-form", doc) != []
    doc = yaml.safe_load(MEMBERSHIP)
    doc["stability"]["rule"] = "stay-jion"
    assert errors("membership", doc) != []


def test_the_reference_docs_name_every_key() -> None:
    text = (ROOT / "docs" / "spec-format.md").read_text(encoding="utf-8")
    missing = [f"{section}: {key}" for section, keys in section_keys().items() for key in keys
               if f"| `{key}` |" not in text]
    assert missing == []
    assert "# yaml-language-server: $schema=" in text


def test_schema_command_prints_and_writes_the_schema(tmp_path: Path) -> None:
    runner = CliRunner()
    res = runner.invoke(cli, ["schema"])
    assert res.exit_code == 0 and json.loads(res.stdout) == spec_schema("all")
    res = runner.invoke(cli, ["schema", "membership"])
    assert json.loads(res.stdout) == spec_schema("membership")
    out = tmp_path / "treaty-spec.schema.json"
    res = runner.invoke(cli, ["schema", "normal-form", "--output", str(out)])
    assert res.exit_code == 0 and json.loads(out.read_text()) == spec_schema("normal-form")
    res = runner.invoke(cli, ["schema", "nfg"])
    assert res.exit_code == 2
