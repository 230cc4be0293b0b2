"""Disagreement points: each rule against theory or the engine's independent primitives
(treaty.minmax_values, treaty.equilibria)."""

from __future__ import annotations

import json
from fractions import Fraction as F
from pathlib import Path

import pytest

import treaty
from treaty import Disagreement, Game, GameError, disagreement_point

ROOT = Path(__file__).resolve().parents[2]
PACT = ROOT / "games" / "safety_pact.yaml"
EXPORT = ROOT / "games" / "export_controls.yaml"


def _stag(players: tuple[str, str] = ("A", "B")) -> Game:
    # stag hunt: (stag, stag) 4 each, hare 3 whatever the other does, sucker 0
    return Game.from_arrays([[4, 0], [3, 3]], [[4, 3], [0, 3]], players=list(players),
                            strategies=[["stag", "hare"]] * 2)


def test_minmax_matches_minmax_values() -> None:
    for game in (_stag(), treaty.load(PACT), treaty.load(EXPORT)):
        d = disagreement_point(game, "minmax")
        assert d.values == tuple(m.value for m in treaty.minmax_values(game))
        assert d.rule == "minmax" and d.selection is None and d.equilibrium is None and d.exact
    # stag hunt: hare guarantees 3, and stag by the other holds no one below 3
    assert disagreement_point(_stag(), "minmax").values == (3, 3)


def test_nash_rules() -> None:
    d = disagreement_point(_stag())  # default: the payoff-dominant equilibrium (stag, stag)
    assert d.values == (4, 4) and d.rule == "nash" and d.selection == "payoff-dominant"
    assert d.equilibrium is not None and d.equilibrium.payoffs == (4, 4)
    # the worst equilibrium by total payoff: the mixed one, stag with probability 3/4 -> 3 each
    worst = disagreement_point(_stag(), "nash", select="worst")
    assert worst.values == (3, 3) and worst.selection == "worst"
    assert disagreement_point(_stag(), "nash", select="risk-dominant").values == (3, 3)
    # the spec forms
    assert disagreement_point(_stag(), {"nash": "worst"}).values == (3, 3)
    assert disagreement_point(_stag(), {"minmax": None}).rule == "minmax"


def test_other_game_export_controls() -> None:
    pact = treaty.load(PACT)
    d = disagreement_point(pact, "game", other=EXPORT)
    other = treaty.load(EXPORT)
    eqs = list(treaty.equilibria(other))
    assert len(eqs) == 1  # export controls has one equilibrium: the containment outcome
    by_name = dict(zip(other.players, eqs[0].payoffs))
    assert d.values == tuple(by_name[p] for p in pact.players)
    assert all(isinstance(v, F) for v in d.values)
    assert d.source == "export_controls.yaml" and d.rule == "game"
    assert "export_controls.yaml" in d.describe()
    # the same from a Spec, a Game given as the rule, and the spec form
    assert disagreement_point(pact, "game", other=treaty.read_spec(EXPORT)).values == d.values
    assert disagreement_point(pact, other).values == d.values
    assert disagreement_point(pact, {"game": str(EXPORT), "select": "welfare"}).values == d.values
    json.dumps(d.to_dict())


def test_other_game_matched_by_name() -> None:
    # the other game lists the players in the opposite order: values follow the names
    ours = _stag(("A", "B"))
    theirs = Game.from_arrays([[1, 1], [1, 1]], [[2, 2], [2, 2]], players=["B", "A"])
    assert disagreement_point(ours, "game", other=theirs, select="first").values == (2, 1)
    with pytest.raises(GameError, match="lacks A"):
        disagreement_point(ours, "game", other=Game.from_arrays([[0]], [[0]], players=["B", "C"]))
    # a larger other game (a third party also plays): only the negotiators' payoffs are used
    bigger = Game.from_arrays([[[1]]], [[[2]]], [[[3]]], players=["A", "B", "C"])
    d = disagreement_point(ours, "game", other=bigger, select="first")
    assert d.values == (1, 2) and "C also plays" in d.description


def test_values() -> None:
    d = disagreement_point(_stag(), "values", values={"B": "1/2", "A": 2})
    assert d.values == (2, F(1, 2)) and all(isinstance(v, F) for v in d.values)
    assert d.value("B") == F(1, 2) and d.value(0) == 2
    assert disagreement_point(_stag(), {"A": 0.1, "B": 0}).values == (F(1, 10), 0)
    fl = Game.from_arrays([[0.5, 0.0], [0.0, 1.0]], [[1.0, 0.0], [0.0, 0.5]])
    assert disagreement_point(fl, {"Player 1": 1, "Player 2": 0}).values == (1.0, 0.0)
    with pytest.raises(GameError, match="no disagreement value for B"):
        disagreement_point(_stag(), {"A": 1})
    with pytest.raises(GameError, match="unknown player"):
        disagreement_point(_stag(), {"A": 1, "B": 1, "Z": 1})
    with pytest.raises(GameError, match="not a number"):
        disagreement_point(_stag(), {"A": "x", "B": 1})


def test_errors_and_passthrough() -> None:
    g = _stag()
    with pytest.raises(GameError, match="unknown disagreement rule"):
        disagreement_point(g, "minimax")
    with pytest.raises(GameError, match="other="):
        disagreement_point(g, "nash", other=g)
    with pytest.raises(GameError, match="needs other="):
        disagreement_point(g, "game")
    with pytest.raises(GameError, match="needs values="):
        disagreement_point(g, "values")
    d = disagreement_point(g, "minmax")
    assert disagreement_point(g, d) is d
    with pytest.raises(GameError, match="players"):
        disagreement_point(_stag(("X", "Y")), d)
    assert isinstance(d, Disagreement) and treaty.disagreement_point is disagreement_point
    assert d.to_dict()["values"] == ["3", "3"] and d.describe().startswith("Disagreement point A 3, B 3")
