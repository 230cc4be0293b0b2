"""Gambit .nfg reading and writing, checked against pygambit's own reader and writer."""

from fractions import Fraction

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
