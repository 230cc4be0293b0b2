"""Table form (``to_frame()``, ``records``) of coalition structures (:class:`StructureResult`).

Values are checked against the result's own fields and against hand-derived payoffs of the
public-good partition function (a member of bloc T gets ``b_i Q - B_T^2 / (2 c_i)``, Yi 1997):
with four identical countries (b = c = 1) and blocs of sizes t_k, ``Q = sum t_k^2`` and a
member of a bloc of size t gets ``Q - t^2/2``, so

* 2+2: Q = 8, everyone 6; no move pays (standing alone: 11/2, joining the other pair: 11/2);
* 3+1: Q = 10, the three get 11/2, the lone country 19/2; a member of the three joining the
  lone country makes 2+2 and gets 6 (gain 1/2), but the lone country falls to 6 and refuses;
* 4: Q = 16, everyone 8; standing alone gives 3+1, 19/2 (gain 3/2), always admitted.

So two pairs are Nash stable (3 structures), and 3+1 is individually stable but not Nash
stable (4 more). Skipped one by one without pandas; ``records`` is tested always.
"""

from __future__ import annotations

from fractions import Fraction as F

import pytest

import treaty
from treaty.coalitions import MembershipGame
from treaty.errors import GameError
from treaty.report.frame import records

STRUCT_COLS = ["rank", "blocs", "total payoff", "nash stable", "individually stable"]
MOVE_COLS = ["country", "from", "to", "gain", "admitted", "blocked by"]


def four(b: object = 1) -> MembershipGame:
    return MembershipGame.public_good(["A", "B", "C", "D"], [b] * 4, [b] * 4)


def test_structures_table_open() -> None:
    res = four().structures()
    cols, rows = records(res)
    assert cols == STRUCT_COLS
    # theory: exactly the three structures of two pairs, each with total 4 * 6 = 24
    assert [r[1] for r in rows] == ["A B | C D", "A C | B D", "A D | B C"]
    assert [r[0] for r in rows] == [1, 2, 3]
    assert all(r[2] == F(24) and r[3] is True and r[4] is True for r in rows)
    # the fields, row by row
    assert [r[2] for r in rows] == [s.total for s in res.stable]
    assert [(r[3], r[4]) for r in rows] == [(s.nash_stable, s.individually_stable)
                                            for s in res.stable]
    assert len(rows) == res.n_stable == res.counts["nash_stable"] == 3


def test_structures_table_exclusive() -> None:
    res = four().structures(membership="exclusive")
    cols, rows = records(res, "structures")
    assert len(rows) == res.n_stable == 7
    # 3+1: total 3 * 11/2 + 19/2 = 26, individually but not Nash stable; then the pairs (24)
    assert [r[1] for r in rows[:4]] == ["A B C", "A B D", "A C D", "B C D"]
    assert all(r[2] == 26 and r[3] is False and r[4] is True for r in rows[:4])
    assert all(r[2] == 24 and r[3] is True and r[4] is True for r in rows[4:])
    # a scanned result with nothing evaluated has no moves table
    with pytest.raises(GameError, match="no table 'moves'"):
        records(res, "moves")


def test_moves_table_blocked_and_admitted() -> None:
    res = four().structures({"club": ["A", "B", "C"]})
    assert not res.scanned
    cols, rows = records(res)  # only evaluated: the moves table is the default
    assert cols == MOVE_COLS
    # each member of the three would join D for 6 - 11/2 = 1/2; D (19/2 -> 6) refuses
    assert rows == [[c, "club", "D", F(1, 2), False, "D"] for c in "ABC"]
    ev = res.evaluated
    assert [r[3] for r in rows] == [m.gain for m in ev.moves]
    assert [r[0] for r in rows] == [m.country for m in ev.moves]
    assert (ev.nash_stable, ev.individually_stable) == (False, True)
    with pytest.raises(GameError, match="no table 'structures'"):
        records(res, "structures")
    # the grand coalition: everyone stands alone for 19/2 - 8 = 3/2, which nobody can block
    cols, rows = records(four().structures([["A", "B", "C", "D"]]), "moves")
    assert rows == [[c, "A B C D", "alone", F(3, 2), True, ""] for c in "ABCD"]


def test_scan_and_evaluation_both_tables() -> None:
    res = four().structures({"pair": ["A", "B"], "other": ["C", "D"]}, scan=True)
    cols, rows = records(res)  # scanned: the structures table is the default
    assert cols == STRUCT_COLS and len(rows) == 3
    assert records(res, "moves") == (MOVE_COLS, [])  # two pairs: no move pays


def test_nothing_scanned_nor_evaluated() -> None:
    res = four().structures(scan=False)
    with pytest.raises(GameError, match="no table"):
        records(res)


def test_two_blocs_moves_by_hand() -> None:
    """games/ai_safety_pact_members.yaml, West = US UK EU JP NL KR TW, East = CN SG MY.

    Q = B_W sum_W 1/c + B_E sum_E 1/c + 1 (IN) + 2/3 (AE) = 39/2 * 8/3 + 8 * 11/5 + 5/3
    = 1069/15; SG in the East gets Q - 8^2/2 = 589/15.  Alone: the East contributes
    7 * 6/5, SG 1, so Q = 946/15 and SG gets 946/15 - 1/2 = 1877/30: a gain of 233/10.
    """
    game = treaty.load("games/ai_safety_pact_members.yaml")
    res = game.structures(blocs={"West": ["US", "UK", "EU", "JP", "NL", "KR", "TW"],
                                 "East": ["CN", "SG", "MY"]})
    cols, rows = records(res, "moves")
    assert len(rows) == len(res.evaluated.moves) == 32
    sg = [r for r in rows if r[0] == "SG" and r[2] == "alone"]
    assert sg == [["SG", "East", "alone", F(233, 10), True, ""]]
    move = next(m for m in res.evaluated.moves if m.country == "SG" and m.alone)
    assert (move.before, move.after) == (F(589, 15), F(1877, 30))
    # only standing alone is admitted; every move into a bloc is refused by its members
    assert all((r[4] is True) == (r[2] == "alone") for r in rows)
    assert {r[5] for r in rows if r[2] == "East"} == {"CN SG MY"}


def test_structure_frame() -> None:
    pytest.importorskip("pandas")
    res = four().structures(membership="exclusive")
    df = res.to_frame()
    assert list(df.columns) == STRUCT_COLS[1:] and df.index.name == "rank"
    assert df["total payoff"].tolist() == [26.0] * 4 + [24.0] * 3
    assert df["nash stable"].tolist() == [False] * 4 + [True] * 3
    exact = res.to_frame(exact=True)
    assert exact["total payoff"].tolist() == [F(26)] * 4 + [F(24)] * 3
    assert isinstance(exact["total payoff"].iloc[0], F)


def test_moves_frame() -> None:
    pytest.importorskip("pandas")
    res = four().structures({"club": ["A", "B", "C"]}, membership="exclusive")
    df = res.to_frame()
    assert list(df.columns) == MOVE_COLS
    assert df["gain"].tolist() == [0.5] * 3 and not df["admitted"].any()
    assert res.to_frame(exact=True, table="moves")["gain"].tolist() == [F(1, 2)] * 3
    with pytest.raises(GameError, match="no table 'tu'"):
        res.to_frame(table="tu")


def test_float_structures() -> None:
    """A float game: the same structures, floats in the table."""
    res = four(1.0).structures()
    assert not res.exact
    cols, rows = records(res)
    assert [r[1] for r in rows] == ["A B | C D", "A C | B D", "A D | B C"]
    assert all(isinstance(r[2], float) and r[2] == pytest.approx(24.0) for r in rows)


def test_notebook_html_shows_the_tables() -> None:
    # the three two-pair structures (total 24 each, see the module docstring) as an HTML table
    text = four().structures()._repr_html_()
    assert "<caption>structures</caption>" in text and text.count("<td>24</td>") == 3
    # an evaluated 3+1 structure: the refused move of a member of the three (gain 1/2)
    text = four().structures(blocs=[["A", "B", "C"]])._repr_html_()
    assert "<caption>moves</caption>" in text and "<td>1/2 (0.5)</td>" in text


def test_exclusive_stability_table_names_the_refused() -> None:
    # docs/pact-design.md, by hand: b = (1, 1, 3), c = 1: under exclusive membership {A, B} is
    # the one stable pact, and it refuses C (whose entry cuts A and B from 5 to 5/2)
    trio = MembershipGame.public_good(["A", "B", "C"], [1, 1, 3], [1, 1, 1])
    cols, rows = records(trio.stability(membership="exclusive"))
    assert cols[-1] == "refused" and [(r[1], r[-1]) for r in rows] == [("A B", "C")]
    cols, _ = records(trio.stability())
    assert "refused" not in cols
