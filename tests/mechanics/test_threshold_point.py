"""A parameter fixed by its range (``min == max``): the threshold is that point or nothing.

In games/race_or_pact.yaml the pact is an equilibrium iff ``V - m >= V - s + g`` for each
power, i.e. ``g <= s - m = 3``; with ``g`` fixed at 1 the answer is the single point 1, and with
``g`` fixed at 4 it is empty.  The JSON must validate against the output schema (its method
is "point").
"""

from __future__ import annotations

import json
from fractions import Fraction as F
from pathlib import Path

import pytest
from click.testing import CliRunner

from treaty.cli import cli

ROOT = Path(__file__).resolve().parents[2]
LINE = "  g: {value: 1, doc: gain from a deployment lead when the other side restrains, min: 0}"


@pytest.mark.parametrize("value, holds", [(1, True), (4, False)])
def test_fixed_parameter_threshold_is_a_point(tmp_path: Path, value: int, holds: bool) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    text = (ROOT / "games" / "race_or_pact.yaml").read_text()
    assert LINE in text
    spec = tmp_path / "fixed.yaml"
    spec.write_text(text.replace(LINE, f"  g: {{value: {value}, min: {value}, max: {value}}}"))
    res = CliRunner().invoke(cli, ["threshold", str(spec), "--over", "g", "-t", "pact", "-f",
                                   "json", "-q"])
    assert res.exit_code == 0, res.output
    out = json.loads(res.stdout)
    schema = json.loads((ROOT / "treaty" / "report" / "output.schema.json").read_text())
    jsonschema.validate(out, schema)
    result = out["result"]
    assert result["method"] == "point"
    assert result["holds_now"] is holds
    if holds:
        (iv,) = result["set"]
        assert F(iv["lower"]["value"]) == F(iv["upper"]["value"]) == value
    else:
        assert result["set"] == []
