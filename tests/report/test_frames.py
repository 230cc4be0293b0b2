"""Table form (``to_frame()``) of the sequence-form equilibrium, the noisy trigger analysis and the
negotiation results (feasible set, agreement, zone of agreement).

Each frame is checked against the result's own fields and against values known from theory:
the inspection game's rates q* = 2/5, r* = 1/2 (Avenhaus, von Stengel and Zamir 2002), the
noisy prisoners' dilemma's K = 100/17 (docs/treaty-mechanics.md), chicken's correlated
equilibrium (1/2 CC, 1/4 CD, 1/4 DC, payoffs 21/4 each; Aumann 1974) and the safety pact's zone
S >= 47/5.  Skipped one by one without pandas; the pandas-free table (``records``) is tested
always.
"""

from __future__ import annotations

import sys
from fractions import Fraction as F
from typing import Any

import pytest

import treaty
from treaty.errors import GameError
from treaty.extensive import Node, TreeGame
from treaty.game import Game
from treaty.report.frame import records


def inspection_tree() -> TreeGame:
    """docs/sequence-form.md: p = 1/2, g = 1, S = 4, e = 1/4, lu = 2, ld = 1."""
    p, e = F(1, 2), F(1, 4)
    return TreeGame.from_nodes(["State", "Inspector"], [
        Node.decision(0, ["comply", "violate"], [1, 2]),
        Node.decision(1, ["skip", "inspect"], [3, 4], infoset=1),
        Node.decision(1, ["skip", "inspect"], [5, 6], infoset=1),
        Node.terminal([0, 0]), Node.terminal([0, -e]),
        Node.terminal([1, -2]),
        Node.chance(["detected", "missed"], [p, 1 - p], [7, 8]),
        Node.terminal([-4, -e - 1]), Node.terminal([1, -e - 2])],
        infoset_labels={1: "inspect?"})


def noisy_pd() -> Any:
    pd = Game.from_arrays([[3, 0], [5, 1]], [[3, 5], [0, 1]], players=["US", "CN"],
                          strategies=[["pact", "race"]] * 2)
    return treaty.noisy_trigger(pd, ["pact", "pact"], false_alarm=F(1, 10), detection=F(1, 2),
                                discount=F(19, 20))


def chicken() -> Game:
    return Game.from_arrays([[6, 2], [7, 0]], [[6, 7], [2, 0]], players=["Row", "Col"],
                            strategies=[["C", "D"]] * 2)


# -- sequence-form equilibrium ------------------------------------------------------------------
def test_sequence_equilibrium_table() -> None:
    eq = treaty.sequence_equilibrium(inspection_tree())
    cols, rows = records(eq)
    assert cols == ["information set", "player", "action", "probability"]
    # the fields, row by row
    assert [(r[0], r[2]) for r in rows] == [(eq.infosets[j], a) for j in range(len(eq.infosets))
                                            for a in eq.actions[j]]
    assert [r[3] for r in rows] == [p for b in eq.behavior for p in b]
    # theory: violate with r* = e / (p (lu - ld)) = 1/2, inspect with q* = g / (p (g + S)) = 2/5
    table = {(r[1], r[2]): r[3] for r in rows}
    assert table[("State", "violate")] == F(1, 2)
    assert table[("Inspector", "inspect")] == F(2, 5)
    assert table[("Inspector", "skip")] == F(3, 5)


def test_sequence_equilibrium_frame() -> None:
    pytest.importorskip("pandas")
    eq = treaty.sequence_equilibrium(inspection_tree())
    df = eq.to_frame()
    assert list(df.columns) == ["information set", "player", "action", "probability"]
    assert df.loc[df["action"] == "inspect", "probability"].tolist() == [0.4]
    exact = eq.to_frame(exact=True)
    assert exact.groupby("information set")["probability"].sum().tolist() == [1, 1]
    assert F(2, 5) in set(exact["probability"])
    assert "<table" in eq._repr_html_()


# -- noisy trigger ------------------------------------------------------------------------------
def test_noisy_trigger_tables() -> None:
    r = noisy_pd()
    cols, rows = records(r)  # "deviations" by default
    assert cols == ["player", "strategy", "stage payoff", "flag probability", "required"]
    assert rows == [[d.player, d.strategy, d.payoff, d.flag, d.required] for d in r.deviations]
    # docs/treaty-mechanics.md: D = 5, the deviator flagged with the detection probability 1/2,
    # K = (D - R)/(e (R - P) - q0 (D - R)) = 100/17 for both
    assert {(row[0], row[1]): (row[2], row[3], row[4]) for row in rows} == {
        ("US", "race"): (5, F(1, 2), F(100, 17)), ("CN", "race"): (5, F(1, 2), F(100, 17))}
    cols, rows = records(r, "players")
    assert cols == ["player", "pact strategy", "reward", "punishment", "false alarm", "value"]
    assert [row[2:5] for row in rows] == [[3, 1, F(1, 10)]] * 2
    assert [row[5] for row in rows] == list(r.values)
    assert round(float(rows[0][5]), 4) == 1.9029  # the 8-round punishment keeps 1.90 of R = 3
    cols, rows = records(r, "schedule")
    assert cols == ["periods", "critical discount"]
    assert [tuple(row) for row in rows] == list(r.schedule)
    # delta + ... + delta^T = K has a root in (0, 1) iff T > K = 5.88: the schedule starts at 6
    assert rows[0][0] == 6
    with pytest.raises(GameError, match="no table 'grid'.*deviations, players, schedule"):
        records(r, "grid")


def test_noisy_trigger_frame() -> None:
    pytest.importorskip("pandas")
    r = noisy_pd()
    df = r.to_frame()
    assert df["required"].tolist() == [pytest.approx(100 / 17)] * 2
    players = r.to_frame(table="players", exact=True)
    assert players["reward"].tolist() == [3, 3]
    assert list(players["value"]) == list(r.values)
    assert len(r.to_frame(table="schedule")) == len(r.schedule)


# -- negotiation ----------------------------------------------------------------------------------
def test_feasible_set_tables_implement_their_payoffs() -> None:
    game = chicken()
    se = treaty.feasible_set(game, self_enforcing=True)
    for name, agreements in (("vertices", se.vertices), ("frontier", se.frontier)):
        cols, rows = records(se, name)
        assert cols[:2] == ["Row payoff", "Col payoff"] and len(rows) == len(agreements)
        profiles = [tuple(c[2:-1].split(", ")) for c in cols[2:]]
        for row, ag in zip(rows, agreements, strict=True):
            assert tuple(row[:2]) == ag.payoffs
            probs = dict(zip(profiles, row[2:], strict=True))
            assert sum(probs.values()) == 1
            # independent: the expected payoffs of the lottery, from the game's own payoffs
            for i in range(2):
                idx = [tuple(game.strategies[k].index(s) for k, s in enumerate(q)) for q in profiles]
                assert sum(p * game.payoff(ix)[i] for p, ix in zip(row[2:], idx, strict=True)) \
                    == row[i]
    # docs/negotiation.md: the correlated vertices; (21/4, 21/4) is 1/2 CC + 1/4 CD + 1/4 DC
    cols, rows = records(se)
    assert sorted(tuple(r[:2]) for r in rows) == [(2, 7), (F(18, 5), F(18, 5)),
                                                  (F(21, 4), F(21, 4)), (7, 2)]
    assert cols[2:] == ["P(C, C)", "P(C, D)", "P(D, C)", "P(D, D)"]  # the game's profile order
    by_payoff = {r[0]: r[2:] for r in rows}
    assert by_payoff[F(21, 4)] == [F(1, 2), F(1, 4), F(1, 4), 0]
    # the other symmetric vertex: 2/5 on each asymmetric profile, 1/5 on (D, D)
    assert by_payoff[F(18, 5)] == [0, F(2, 5), F(2, 5), F(1, 5)]
    # one agreement: the same columns as its own row
    ag = se.vertices[0]
    cols1, rows1 = records(ag)
    assert cols1[:2] == ["Row payoff", "Col payoff"] and rows1[0][:2] == list(ag.payoffs)
    assert len(rows1) == 1 and sum(rows1[0][2:]) == 1


def test_correlated_equilibrium_table() -> None:
    """Chicken's welfare-maximising correlated equilibrium (Aumann 1974; docs/negotiation.md):
    1/2 on (C, C), 1/4 on each asymmetric profile, payoffs 21/4 each."""
    ce = treaty.correlated_equilibrium(chicken())
    cols, rows = records(ce)
    assert cols[:2] == ["Row payoff", "Col payoff"] and len(rows) == 1
    assert rows[0][:2] == list(ce.payoffs) == [F(21, 4), F(21, 4)]
    probs = dict(zip(cols[2:], rows[0][2:], strict=True))
    assert probs == {f"P({', '.join(q)})": p for q, p in ce.distribution.items()}
    assert list(probs) == ["P(C, C)", "P(C, D)", "P(D, C)"]  # support, in the game's order
    assert list(probs.values()) == [F(1, 2), F(1, 4), F(1, 4)]


def test_feasible_set_frame() -> None:
    pytest.importorskip("pandas")
    fs = treaty.feasible_set(chicken())
    df = fs.to_frame(table="frontier")
    # docs/negotiation.md: the frontier of the hull is (2, 7), (6, 6), (7, 2)
    assert sorted(zip(df["Row payoff"], df["Col payoff"])) == [(2, 7), (6, 6), (7, 2)]
    assert len(fs.to_frame()) == len(fs.vertices) == 4
    assert fs.frontier[0].to_frame(exact=True)["Row payoff"].tolist() == [fs.frontier[0].payoffs[0]]
    with pytest.raises(GameError, match="no table 'stable'"):
        fs.to_frame(table="stable")
    ce = treaty.correlated_equilibrium(chicken()).to_frame()
    assert ce[["P(C, C)", "P(C, D)", "P(D, C)"]].values.tolist() == [[0.5, 0.25, 0.25]]


def test_zone_grid_table() -> None:
    z = treaty.zone_of_agreement("games/safety_pact.yaml", ["S"])
    cols, rows = records(z)
    assert cols == ["S", "in zone", "failing"]
    assert [r[0] for r in rows] == list(z.grid.axes["S"])
    for s, inside, failing in rows:
        assert inside == z.contains(s) == (s >= F(47, 5))  # docs/negotiation.md: [47/5, 20]
        assert (failing == "") == inside
    assert sum(r[1] for r in rows) == round(z.grid.share * len(rows))


def test_zone_frame_and_html() -> None:
    pytest.importorskip("pandas")
    z = treaty.zone_of_agreement("games/safety_pact.yaml", ["S"])
    df = z.to_frame()
    assert df.loc[df["in zone"], "S"].min() == 10.0  # the first grid point above 47/5
    assert "<pre>" in z._repr_html_()  # notebooks keep the text report, not the whole grid


def test_new_frames_without_pandas(monkeypatch: pytest.MonkeyPatch) -> None:
    r = noisy_pd()
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(ImportError, match=r"treaty\[frame\]"):
        r.to_frame()
