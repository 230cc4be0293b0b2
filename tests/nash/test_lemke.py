"""Lemke-Howson from every label (method "lemke-howson"), the auto switch beyond the vertex
enumeration limit, and the refusal message and options that name it."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
from click.testing import CliRunner

import treaty
from treaty.errors import GameTooLarge
from treaty.nash import Method
from treaty.nash._vertex import extreme_equilibria

F = Fraction
NOTE = "some equilibria (Lemke-Howson from every label); not the complete set"


def test_battle_of_the_sexes_paths_from_the_artificial_equilibrium():
    # Every Lemke-Howson path from (0, 0) ends at an equilibrium of opposite index: the two pure
    # equilibria; the mixed one (index like the artificial one) is reached only by the paths
    # between equilibria, which join it to a pure one -- so all three are found.
    g = treaty.Game.from_arrays([[2, 0], [0, 1]], [[1, 0], [0, 2]])
    res = treaty.equilibria(g, method="lemke-howson")
    assert {e.strategies for e in res} == {
        ((F(1), F(0)), (F(1), F(0))),
        ((F(0), F(1)), (F(0), F(1))),
        ((F(2, 3), F(1, 3)), (F(1, 3), F(2, 3))),
    }
    assert res.method == Method.LEMKE_HOWSON and not res.complete and res.note == NOTE
    assert all(e.regret == 0 for e in res)


def test_unique_equilibrium_found():
    g = treaty.Game.from_arrays([[3, 0], [5, 1]], [[3, 5], [0, 1]])  # prisoners' dilemma
    assert [e.strategies for e in treaty.equilibria(g, method="lemke-howson")] == [
        ((F(0), F(1)), (F(0), F(1)))]


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("cdd", ["1", "0"])
def test_found_equilibria_are_extreme_equilibria(seed, cdd, monkeypatch):
    """Random and degenerate games: what Lemke-Howson finds is a nonempty subset of the extreme
    equilibria (checked against pygambit in test_vertex), each exactly certified."""
    monkeypatch.setenv("TREATY_CDD", cdd)
    rng = np.random.default_rng(seed)
    m, n = (int(v) for v in rng.integers(2, 7, 2))
    lo = -1 if seed % 2 else -9  # {-1, 0, 1}: heavily degenerate
    A, B = rng.integers(lo, -lo + 1, (m, n)), rng.integers(lo, -lo + 1, (m, n))
    g = treaty.Game.from_arrays(A.tolist(), B.tolist())
    lh = treaty.equilibria(g, method="lemke-howson")
    allx = {(x, y) for x, y in extreme_equilibria(A, B, exact=True).equilibria}
    assert lh and {e.strategies for e in lh} <= allx
    assert all(e.regret == 0 for e in lh)


def test_lemke_howson_matches_gambit_lcp_on_a_nondegenerate_game(gambit):
    rng = np.random.default_rng(11)
    A, B = rng.normal(size=(6, 6)).round(3), rng.normal(size=(6, 6)).round(3)
    Af = [[F(str(v)) for v in r] for r in A]
    Bf = [[F(str(v)) for v in r] for r in B]
    g = gambit.Game.from_arrays(np.array(Af, dtype=object), np.array(Bf, dtype=object))
    expected = {tuple(tuple(F(eq[s]) for s in p.strategies) for p in g.players)
                for eq in gambit.nash.lcp_solve(g, rational=True).equilibria}
    ours = {e.strategies for e in treaty.equilibria(treaty.Game.from_arrays(Af, Bf),
                                                    method="lemke-howson")}
    assert ours == expected


def test_auto_uses_lemke_howson_beyond_the_limit():
    rng = np.random.default_rng(2)
    A, B = rng.integers(-9, 10, (4, 5)).tolist(), rng.integers(-9, 10, (4, 5)).tolist()
    g = treaty.Game.from_arrays(A, B)
    assert treaty.equilibria(g).method == Method.VERTEX
    res = treaty.equilibria(g, max_size=3)
    assert res.method == Method.LEMKE_HOWSON and not res.complete


def test_vertex_refusal_says_what_is_feasible():
    g = treaty.Game.from_arrays([[1, 0, 0]] * 3, [[0, 1, 0]] * 3)
    with pytest.raises(GameTooLarge) as info:
        treaty.equilibria(g, method="vertex", max_size=2)
    msg = str(info.value)
    assert "limit 2" in msg and "--max-size" in msg and "--method lemke-howson" in msg


def test_cli_method_choices_are_the_enum_and_max_size(tmp_path):
    from treaty.cli import cli
    from treaty.cli.solve import solve

    opt = next(p for p in solve.params if p.name == "method")
    assert set(opt.type.choices) == {m.value for m in Method}
    spec = tmp_path / "g.nfg"
    spec.write_text('NFG 1 R "g" { "P1" "P2" } { 3 3 }\n\n'
                    "3 3 0 5 1 0 5 0 1 1 0 1 0 1 1 0 2 2\n")
    r = CliRunner().invoke(cli, ["solve", str(spec), "--max-size", "2"])
    assert r.exit_code == 0, r.output
    assert "lemke-howson" in r.output and "not the complete set" in r.output
    r = CliRunner().invoke(cli, ["solve", str(spec), "--method", "vertex", "--max-size", "2"])
    assert r.exit_code == 2 and "--method lemke-howson" in r.output
