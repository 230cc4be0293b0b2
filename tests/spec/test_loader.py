"""Spec loading: both payoff forms, parameters, targets, and errors with locations."""

from fractions import Fraction

import numpy as np
import pytest

import treaty
from treaty.errors import ParameterError, SpecError

F = Fraction

PD_TABLE = """\
treaty: 1
title: Pact or race
description: two powers choose to keep a pact or race
parameters:
  R: {value: 3, doc: reward of mutual compliance}
  T: {value: 5, min: 0, max: 100}
  S: 0
  P: "R - 2"
players:
  - name: US
    strategies: [pact, race]
  - name: CN
    strategies: [pact, race]
payoffs:
  - profile: [pact, pact]
    payoffs: [R, R]
  - profile: {US: pact, CN: race}
    payoffs: {US: S, CN: T}
  - profile: [race, pact]
    payoffs: [T, S]
  - profile: [race, race]
    payoffs: [P, P]
targets:
  pact: [pact, pact]
"""

PD_ARRAYS = """\
title: Pact or race
players: {US: [pact, race], CN: [pact, race]}
payoffs:
  US: [[3, 0], [5, 1]]
  CN: [[3, 5], [0, 1]]
"""


def test_table_and_array_forms_agree():
    a = treaty.loads(PD_TABLE)
    b = treaty.loads(PD_ARRAYS)
    assert a == b
    assert a.is_exact
    assert a.payoff(("race", "pact")) == (5, 0)
    assert a.targets == {"pact": (0, 0)}
    assert a.info.parameters["P"] == 1
    assert a.info.parameter_docs["R"] == "reward of mutual compliance"


def test_json_is_read_too():
    import json

    import yaml

    doc = yaml.safe_load(PD_ARRAYS)
    assert treaty.loads(json.dumps(doc)) == treaty.loads(PD_ARRAYS)


def test_exact_numbers():
    g = treaty.loads("""\
players: {A: [x, y], B: [u]}
payoffs:
  A: [[1/3], [0.1]]
  B: [[1e-2], ["2/4 + 1"]]
""")
    assert g.is_exact
    assert g.payoffs[0].reshape(-1).tolist() == [F(1, 3), F(1, 10)]
    assert g.payoffs[1].reshape(-1).tolist() == [F(1, 100), F(3, 2)]


def test_three_players_nested_lists():
    g = treaty.loads("""\
players: {A: 2, B: 2, C: 2}
payoffs:
  A: [[[1, 2], [3, 4]], [[5, 6], [7, 8]]]
  B: [[[0, 0], [0, 0]], [[0, 0], [0, 1]]]
  C: [[[0, 0], [0, 0]], [[0, 0], [0, 2]]]
""")
    assert g.shape == (2, 2, 2)
    assert g.payoff((1, 0, 1)) == (6, 0, 0)
    assert g.payoff((1, 1, 1)) == (8, 1, 2)


def test_parameter_overrides_propagate_and_stay_exact():
    g = treaty.loads(PD_TABLE, {"R": "7/2"})
    assert g.payoff(("pact", "pact")) == (F(7, 2), F(7, 2))
    assert g.payoff(("race", "race")) == (F(3, 2), F(3, 2))  # P = R - 2 follows R
    g = treaty.loads(PD_TABLE, {"R": 0.5})
    assert not g.is_exact


def test_parameter_errors():
    with pytest.raises(ParameterError, match="did you mean 'R'"):
        treaty.loads(PD_TABLE, {"RR": 1})
    with pytest.raises(ParameterError, match="below its minimum"):
        treaty.loads(PD_TABLE, {"T": -1})
    with pytest.raises(ParameterError, match="not a number"):
        treaty.loads(PD_TABLE, {"T": "lots"})


def _err(text, **kw):
    with pytest.raises(SpecError) as exc:
        treaty.loads(text, file="g.yaml", **kw)
    return exc.value


def line_col_of(text, needle, nth=0):
    """1-based line and column of the nth occurrence of needle."""
    pos = -1
    for _ in range(nth + 1):
        pos = text.index(needle, pos + 1)
    line = text.count("\n", 0, pos) + 1
    col = pos - (text.rfind("\n", 0, pos) + 1) + 1
    return line, col


@pytest.mark.parametrize(
    "old,new,needle,message,hint",
    [
        ("[race, race]", "[race, rase]", "rase", "unknown strategy 'rase'", "did you mean 'race'"),
        ("{US: pact, CN: race}", "{UZ: pact, CN: race}", "UZ", "unknown player 'UZ'",
         "did you mean 'US'"),
        ("targets:", "targes:", "targes", "unknown key 'targes'", "did you mean 'targets'"),
        ("payoffs: [P, P]", "payoffs: [P, P +]", "P +", "cannot parse expression", "expressions"),
        ("payoffs: [P, P]", "payoffs: [P, Q]", "Q", "unknown parameter 'Q'", "expected one of"),
        ("payoffs: [P, P]", "payoffs: [P, PP]", "PP", "unknown parameter 'PP'",
         "did you mean 'P'"),
        ("payoffs: [P, P]", "payoffs: [P]", "[P]", "one payoff per player", "order: US, CN"),
        ("  pact: [pact, pact]", "  pact: [pact, pakt]", "pakt", "unknown strategy 'pakt'",
         "did you mean 'pact'"),
        ("  P: \"R - 2\"", "  P: \"R - X2\"", "R - X2", "unknown parameter 'X2'", ""),
    ],
)
def test_errors_point_at_the_mistake(old, new, needle, message, hint):
    text = PD_TABLE.replace(old, new)
    assert text != PD_TABLE
    e = _err(text)
    assert message in e.message
    assert hint in (e.hint or "")
    line, col = line_col_of(text, needle)
    assert e.file == "g.yaml"
    assert e.line == line
    if needle not in ("P +", "R - X2", "Q", "PP"):
        assert e.column == col
    else:  # points inside or at the expression
        assert col <= e.column <= col + len(needle)


def test_missing_profile_is_reported():
    text = PD_TABLE.replace("  - profile: [race, race]\n    payoffs: [P, P]\n", "")
    e = _err(text)
    assert "no entry for profile (race, race)" in e.message


def test_duplicate_profile_and_key():
    text = PD_TABLE.replace("profile: [race, pact]", "profile: [pact, pact]")
    assert "given twice" in _err(text).message
    assert "duplicate key" in _err("title: a\ntitle: b\nplayers: {A: 1, B: 1}").message


@pytest.mark.parametrize(
    "text,message",
    [
        ("players: {A: [x, y], B: [u]}\npayoffs:\n  A: [[1], [2], [3]]\n  B: [[1], [2]]\n",
         "3 entries where A has 2 strategies"),
        ("players: {A: [x, y], B: [u]}\npayoffs:\n  A: [[1], [2]]\n", "no array for player B"),
        ("players: {A: [x, y], B: [u]}\npayoffs:\n  A: [1, 2]\n  B: [[1], [2]]\n",
         "expected a list"),
        ("players: {A: [x, y], B: [u]}\npayoffs:\n  A: [[[1]], [2]]\n  B: [[1], [2]]\n",
         "expected a number"),
        ("players: {A: [x, x], B: [u]}\npayoffs: {}\n", "duplicate strategy"),
        ("players: {A: [x]}\npayoffs: {}\n", "at least 2 players"),
        ("players: [{name: A}]\n", "missing the required key 'strategies'"),
        ("title: [\n", "not valid YAML"),
        ("- 1\n- 2\n", "must be a mapping"),
        ("", "empty"),
        ("kind: tree\n", "unknown spec kind"),
        ("treaty: 9\n", "newer than this treaty supports"),
        ("players: {A: [x], B: [y]}\npayoffs: {A: [[1/0]], B: [[1]]}\n", ""),
        ("players: {A: [x], B: [y]}\npayoffs: {A: [['1/0']], B: [[1]]}\n", "division by zero"),
        ("parameters: {a: {value: 1, min: 2, max: 1}}\nplayers: {A: 1, B: 1}\n", "below 'min'"),
        ("parameters: {a: b, b: 1}\nplayers: {A: 1, B: 1}\n", "not defined before it"),
    ],
)
def test_malformed_specs(text, message):
    e = _err(text)
    assert message in str(e)
    assert e.line is not None


def test_size_is_checked_before_work():
    text = "players: {A: 2000, B: 2000}\npayoffs: {}\n"
    assert "more than the limit" in _err(text).message


def test_file_errors(tmp_path):
    with pytest.raises(SpecError, match="no such file"):
        treaty.load(tmp_path / "missing.yaml")
    p = tmp_path / "bin.yaml"
    p.write_bytes(b"\xff\xfe\x00")
    with pytest.raises(SpecError, match="not UTF-8"):
        treaty.load(p)


def test_from_arrays_and_labels():
    g = treaty.Game.from_arrays(np.array([[1, 2]]), np.array([[0.5, 1]]),
                                players=["a", "b"], strategies=[["s"], ["t", "u"]])
    assert not g.is_exact
    assert g.float_payoffs.dtype == np.float64
    with pytest.raises(treaty.TreatyError):
        treaty.Game.from_arrays([[1, 2]], [[1, 2, 3]])
