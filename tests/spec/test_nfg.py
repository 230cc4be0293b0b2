"""Gambit .nfg reading and writing, checked against pygambit's own reader and writer."""

from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest

import treaty
from treaty.errors import SpecError
from treaty.spec.nfg import read_nfg, write_nfg

PD_OUTCOME = """NFG 1 R "PD" { "Player 1" "Player 2" } { { "1" "2" } { "1" "2" } }
""
{ { "" 9, 9 } { "" 10, 0 } { "" 0, 10 } { "" 1, 1 } }
1 2 3 4
"""
PD_PAYOFF = 'NFG 1 R "PD" { "Player 1" "Player 2" } { 2 2 }\n\n9 9 10 0 0 10 1 1\n'


def test_both_versions_give_the_prisoners_dilemma():
    a, b = read_nfg(PD_OUTCOME), read_nfg(PD_PAYOFF)
    # row player defects (2) against cooperation (1): 10 for player 1, 0 for player 2
    assert a.payoff((1, 0)) == (10, 0) and b.payoff((1, 0)) == (10, 0)
    assert a.payoff((0, 1)) == (0, 10)
    assert np.array_equal(a.payoffs, b.payoffs)


def _gambit_payoffs(g):
    shape = [len(p.strategies) for p in g.players]
    out = np.empty((len(shape), *shape), dtype=object)
    for idx in np.ndindex(*shape):
        prof = g.mixed_strategy_profile(rational=True)
        for i, p in enumerate(g.players):
            for k, s in enumerate(p.strategies):
                prof[s] = 1 if k == idx[i] else 0
        for i, p in enumerate(g.players):
            out[(i, *idx)] = Fraction(str(prof.payoff(p)))
    return out


@pytest.mark.parametrize("seed", range(6))
def test_roundtrip_through_pygambit(gambit, seed, tmp_path):
    rng = np.random.default_rng(seed)
    n = 2 + seed % 2
    shape = tuple(rng.integers(1, 4, size=n))
    arrays = [rng.integers(-9, 10, size=shape).astype(object) for _ in range(n)]
    arrays[0].flat[0] = Fraction(1, 3)
    g = treaty.Game.from_arrays(*arrays, strategies=[[f"s{i}{k}" for k in range(m)]
                                                     for i, m in enumerate(shape)],
                                title=f"game {seed}")
    text = write_nfg(g)
    path = tmp_path / "g.nfg"
    path.write_text(text)
    gg = gambit.read_nfg(str(path))
    assert [p.label for p in gg.players] == list(g.players)
    assert [[s.label for s in p.strategies] for p in gg.players] == [list(s) for s in g.strategies]
    assert np.array_equal(_gambit_payoffs(gg), g.payoffs)
    # and what gambit writes, we read back to the same game
    back = read_nfg(gg.to_nfg() if hasattr(gg, "to_nfg") else gg.write(format="nfg"))
    assert np.array_equal(back.payoffs, g.payoffs)
    assert treaty.load(path) == g


def test_counts_header_and_outcome_zero():
    g = read_nfg('NFG 1 D "z" { "a" "b" } { 2 1 }\n"c"\n{ { "o" 1 2 } }\n1 0\n')
    assert g.payoff((1, 0)) == (0, 0)
    assert g.payoff((0, 0)) == (1, 2)
    assert g.info.description == "c"


@pytest.mark.parametrize(
    "text,message",
    [
        ("NFG 2 R", "unsupported .nfg version"),
        ('NFG 1 R "t" { "a" } { 2 }', "at least 2 players"),
        ('NFG 1 R "t" { "a" "b" } { 2 2 }\n1 2 3', "unexpected end of file"),
        ('NFG 1 R "t" { "a" "b" } { 1 1 }\n1 2 3', "unexpected '3'"),
        ('NFG 1 R "t" { "a" "b" } { 1 1 }\n1 x', "expected payoff"),
        ('NFG 1 R "t" { "a" "b" } { 1 1 }\n{ { "" 1 2 } }\n2', "outcome number 0..1"),
        ('NFG 1 R "t { "a" "b" }', "unterminated string"),
    ],
)
def test_bad_nfg(text, message):
    with pytest.raises(SpecError) as exc:
        read_nfg(text, "bad.nfg")
    assert message in str(exc.value)
    assert exc.value.file == "bad.nfg" and (exc.value.line is not None or "end of file" in message)


# -- Gambit's own files, read as Gambit reads them ---------------------------------------------
GAMBIT_DATA = Path(__file__).resolve().parents[1] / "data" / "gambit"
GAMBIT_FILES = sorted(GAMBIT_DATA.glob("*.nfg"))


def test_gambit_data_is_there():
    assert len(GAMBIT_FILES) >= 10


def test_empty_player_names_read_as_gambit_reads_them():
    # Gambit 16.7 (src/games/file.cc, NormalizeLabels): an empty label becomes "_1", "_2", ...
    g = treaty.load(GAMBIT_DATA / "sww1.nfg")
    assert g.players == ("_1", "_2")
    assert g.payoff((0, 0)) == (4, 3)


def test_repeated_strategy_names_read_as_gambit_reads_them():
    g = treaty.load(GAMBIT_DATA / "2x2_bimatrix_all_zero_payoffs.nfg")
    assert g.strategies[0] == ("cooperate", "defect")
    assert g.strategies[1] == ("defect_1", "defect_2")


@pytest.mark.parametrize(
    "labels,expected",
    [
        (["", ""], ["_1", "_2"]),
        ([""], ["_1"]),  # even a single empty label gets a suffix
        (["a", "b"], ["a", "b"]),
        (["x", "x", "x_1"], ["x_2", "x_3", "x_1"]),  # skips labels already present
        (["a", "", "a", ""], ["a_1", "_1", "a_2", "_2"]),
    ],
)
def test_normalize_labels(labels, expected):
    from treaty.spec.nfg import normalize_labels

    assert normalize_labels(labels) == expected


def test_normalized_labels_in_an_inline_file():
    g = read_nfg('NFG 1 R "t" { "" "A" "" } { { "s" "s" } { "" } { "x" "y" } }\n'
                 + " ".join(["0"] * 12))
    assert g.players == ("_1", "A", "_2")
    assert g.strategies == (("s_1", "s_2"), ("_1",), ("x", "y"))


@pytest.mark.parametrize("path", GAMBIT_FILES, ids=lambda p: p.name)
def test_gambit_file_reads_as_gambit_reads_it(gambit, path):
    ours = treaty.load(path)
    gg = gambit.read_nfg(str(path))
    assert list(ours.players) == [p.label for p in gg.players]
    assert [list(s) for s in ours.strategies] == [[s.label for s in p.strategies]
                                                  for p in gg.players]
    assert ours.title == gg.title
    assert np.array_equal(_gambit_payoffs(gg), ours.payoffs)


def _profiles(eqs, players):
    return {tuple(tuple(Fraction(p) for p in s) for s in e.strategies) for e in eqs}


@pytest.mark.parametrize("path", GAMBIT_FILES, ids=lambda p: p.name)
def test_gambit_file_equilibria_match_pygambit(gambit, path):
    ours = treaty.load(path)
    gg = gambit.read_nfg(str(path))
    if ours.n_players == 2:
        # every extreme equilibrium, exact, against pygambit's enummixed
        res = gambit.nash.enummixed_solve(gg, rational=True).equilibria
        theirs = {tuple(tuple(Fraction(eq[s]) for s in p.strategies) for p in gg.players)
                  for eq in res}
        assert _profiles(treaty.equilibria(ours), ours.players) == theirs
    else:
        res = gambit.nash.enumpure_solve(gg).equilibria
        theirs = {tuple(tuple(Fraction(eq[s]) for s in p.strategies) for p in gg.players)
                  for eq in res}
        assert _profiles(treaty.pure_equilibria(ours), ours.players) == theirs


def test_gambit_file_through_every_normal_form_command(tmp_path):
    from click.testing import CliRunner

    from treaty.cli import cli

    path = str(GAMBIT_DATA / "2x2_bimatrix_all_zero_payoffs.nfg")
    for args in (["solve", path], ["analyze", path], ["validate", path],
                 ["threshold", path, "--over", "x", "--target", "cooperate,defect_1"]):
        res = CliRunner().invoke(cli, args)
        if args[0] == "threshold":  # a .nfg file declares no parameters: a one-line usage error
            assert res.exit_code == 2 and "no parameters" in res.output, res.output
        else:
            assert res.exit_code == 0, res.output
            assert "defect_1" in res.output or args[0] == "validate"
