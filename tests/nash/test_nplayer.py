"""N-player mixed equilibria by support enumeration (method "support").

Oracles: closed forms derived here from the indifference conditions, pygambit's
``enumpoly_solve``, ``gnm_solve`` and ``logit_solve``, and, for 2 players, vertex enumeration
(an independent algorithm).  Regrets are recomputed here by a plain loop over pure profiles in
exact arithmetic, not by the engine's own routine.
"""

from __future__ import annotations

import itertools
import math
from fractions import Fraction
from fractions import Fraction as F

import numpy as np
import pytest

import treaty
from treaty import Game
from treaty.errors import GameTooLarge
from treaty.nash._support_n import count_support_profiles, support_profiles


def _regret_loop(arrays, profile):
    """Each player's regret by brute force over pure profiles, in exact arithmetic."""
    shape = np.asarray(arrays[0]).shape
    prof = [[Fraction(p) for p in s] for s in profile]
    out = []
    for i in range(len(shape)):
        u = [Fraction(0)] * shape[i]
        for idx in itertools.product(*[range(n) for n in shape]):
            w = Fraction(1)
            for j, s in enumerate(idx):
                if j != i:
                    w *= prof[j][s]
            u[idx[i]] += w * Fraction(np.asarray(arrays[i])[idx].item())
        out.append(max(u) - sum(a * b for a, b in zip(u, prof[i])))
    return out


def _check_certified(arrays, eqs):
    for e in eqs:
        regs = _regret_loop(arrays, e.strategies)
        if e.exact:
            assert e.tolerance is None
            assert all(r == 0 for r in regs), (e.describe(), regs)
            assert all(sum(s) == 1 for s in e.strategies)
        else:
            assert e.tolerance is not None and e.enclosure is not None
            assert max(regs) <= Fraction(e.tolerance)
            # the reported regrets are rigorous upper bounds of the true regret of the floats
            assert all(Fraction(b) >= r for b, r in zip(e.regrets, regs))
            for s, enc in zip(e.strategies, e.enclosure):
                for p, (lo, hi) in zip(s, enc):
                    assert lo <= p <= hi


def test_work_estimate_and_order():
    assert count_support_profiles((3, 3, 3)) == 7 ** 3
    profs = support_profiles((2, 3, 2))
    assert len(profs) == 3 * 7 * 3 and len(set(profs)) == len(profs)
    keys = [(sum(map(len, p)), max(map(len, p)) - min(map(len, p))) for p in profs]
    assert keys == sorted(keys)  # Porter-Nudelman-Shoham: total size, then imbalance


def test_three_player_cyclic_matching_pennies_unique_mixed():
    # 1 matches 2, 2 matches 3, 3 mismatches 1: no pure equilibrium; indifference of each
    # player forces the next one to mix half-half (derived by hand), so the unique equilibrium
    # is (1/2, 1/2, 1/2) for everyone.
    a1 = [[[int(x == y) for z in range(2)] for y in range(2)] for x in range(2)]
    a2 = [[[int(y == z) for z in range(2)] for y in range(2)] for x in range(2)]
    a3 = [[[int(z != x) for z in range(2)] for y in range(2)] for x in range(2)]
    eqs = treaty.equilibria(Game.from_arrays(a1, a2, a3))
    assert eqs.method == "support" and eqs.complete
    half = (Fraction(1, 2), Fraction(1, 2))
    assert [e.strategies for e in eqs] == [(half, half, half)]
    assert eqs[0].payoffs == (Fraction(1, 2),) * 3


def _root_two_game():
    # Each player gets 2 playing strategy 1 when both others play 1, else 0; strategy 2 pays 1.
    # Indifference of player i: 2 * (product of the others' probabilities of 1) = 1, so the fully
    # mixed equilibrium has p = q = r = 1/sqrt(2) (irrational).  Pure: (1,1,1) and (2,2,2).  No
    # other supports work (with one player pure the others' equations q r = 1/2 need both
    # others mixed, and then the pure player is not indifferent and prefers 2 at p q = 1/2 ... 1/4).
    arrays = []
    for i in range(3):
        a = np.zeros((2, 2, 2), dtype=int)
        for idx in itertools.product(range(2), repeat=3):
            others = [idx[j] for j in range(3) if j != i]
            a[idx] = 1 if idx[i] == 1 else (2 if others == [0, 0] else 0)
        arrays.append(a)
    return arrays


def test_irrational_equilibrium_enclosed_and_certified():
    arrays = _root_two_game()
    eqs = treaty.equilibria(Game.from_arrays(*arrays), method="support")
    assert eqs.complete
    pure = [e for e in eqs if e.is_pure]
    assert sorted(tuple(s.index(1) for s in e.strategies) for e in pure) == [(0, 0, 0), (1, 1, 1)]
    mixed = [e for e in eqs if not e.is_pure]
    assert len(mixed) == 1
    e = mixed[0]
    assert not e.exact and e.tolerance is not None and e.tolerance <= 1e-8
    r = 1 / math.sqrt(2)
    for s, enc in zip(e.strategies, e.enclosure):
        assert s[0] == pytest.approx(r, abs=1e-12)
        lo, hi = enc[0]
        assert lo <= r <= hi and hi - lo < 1e-9  # the proven box holds the true root
    _check_certified(arrays, eqs)
    d = e.to_dict()
    assert d["tolerance"] == e.tolerance and set(d["enclosure"]) == set(e.players)
    assert "irrational" in eqs.note


def test_two_player_agrees_with_vertex_enumeration():
    rng = np.random.default_rng(11)
    for _ in range(5):
        a, b = rng.integers(-1000, 1001, size=(2, 3, 3))  # ties (degeneracy) unlikely
        g = Game.from_arrays(a, b)
        sup = treaty.equilibria(g, method="support")
        ver = treaty.equilibria(g, method="vertex")
        assert sup.complete
        assert sorted(e.strategies for e in sup) == sorted(e.strategies for e in ver)


def _gambit_equilibria(arrays):
    gbt = pytest.importorskip("pygambit")
    g = gbt.Game.from_arrays(*[np.asarray(a, dtype=int) for a in arrays])
    out = []
    for solve in (gbt.nash.enumpoly_solve, gbt.nash.gnm_solve, gbt.nash.logit_solve):
        for e in solve(g).equilibria:
            out.append((solve.__name__, [[float(e[p][s]) for s in p.strategies] for p in g.players]))
    return out


def _close(x, y, tol):
    return all(abs(float(a) - b) < tol for s, t in zip(x, y) for a, b in zip(s, t))


def _matches(ours, theirs, tol=1e-5):
    """Theirs equals one of ours, or lies on the segment between two of ours that differ in one
    player's strategy only (a continuum of a degenerate game, reported by its extreme points)."""
    if any(_close(e.strategies, theirs, tol) for e in ours):
        return True
    for e, f in itertools.combinations(ours, 2):
        diff = [i for i, (s, t) in enumerate(zip(e.strategies, f.strategies)) if s != t]
        if len(diff) != 1:
            continue
        i = diff[0]
        if not _close([s for k, s in enumerate(e.strategies) if k != i],
                      [t for k, t in enumerate(theirs) if k != i], tol):
            continue
        a, b = np.array(e.strategies[i], dtype=float), np.array(f.strategies[i], dtype=float)
        x = np.array(theirs[i])
        lam = float(np.dot(x - b, a - b) / np.dot(a - b, a - b))
        if -tol <= lam <= 1 + tol and np.allclose(lam * a + (1 - lam) * b, x, atol=tol):
            return True
    return False


@pytest.mark.parametrize("shape,seed", [((2, 2, 2), 0), ((2, 2, 2), 1), ((2, 2, 2), 2),
                                        pytest.param((3, 3, 3), 3, marks=pytest.mark.slow),
                                        pytest.param((3, 3, 3), 1, marks=pytest.mark.slow),
                                        ((2, 2, 2, 2), 4), ((2, 2, 2, 2), 5), ((3, 2, 2), 6)])
def test_random_games_find_everything_pygambit_finds(shape, seed):
    rng = np.random.default_rng(seed)
    arrays = [rng.integers(-9, 10, size=shape) for _ in shape]
    eqs = treaty.equilibria(Game.from_arrays(*arrays))
    assert eqs.method == "support"
    # small-integer payoffs tie often: a degenerate support the engine cannot decide is said
    assert eqs.complete or "unresolved" in eqs.note, eqs.note
    _check_certified(arrays, eqs)
    for name, prof in _gambit_equilibria(arrays):
        assert _matches(eqs, prof), (name, prof, [e.describe() for e in eqs])
    # no duplicates
    keys = [tuple(round(float(p), 9) for s in e.strategies for p in s) for e in eqs]
    assert len(keys) == len(set(keys))


def test_size_checked_before_work():
    g = Game.from_arrays(*[np.zeros((6, 6, 6), dtype=int)] * 3)
    with pytest.raises(GameTooLarge, match=r"250,047 support profiles"):
        treaty.equilibria(g, method="support")


def test_auto_beyond_the_limit_says_so():
    from treaty.spec._limits import MAX_SUPPORT_PROFILES

    shape = (4, 4, 4)
    assert count_support_profiles(shape) > MAX_SUPPORT_PROFILES
    rng = np.random.default_rng(8)
    eqs = treaty.equilibria(Game.from_arrays(*[rng.integers(-9, 10, size=shape) for _ in shape]))
    assert eqs.method == "logit" and not eqs.complete
    assert "3,375 support profiles" in eqs.note


def test_degenerate_game_is_not_called_complete():
    # player 1's payoff does not depend on its own strategy: it is indifferent everywhere, so
    # its mixed strategies form continua of equilibria (not isolated)
    a1 = [[[int(y == z) for z in range(2)] for y in range(2)] for x in range(2)]
    a2 = [[[int(y == z) for z in range(2)] for y in range(2)] for x in range(2)]
    a3 = [[[int(y == z) for z in range(2)] for y in range(2)] for x in range(2)]
    eqs = treaty.equilibria(Game.from_arrays(a1, a2, a3), method="support")
    assert not eqs.complete and "unresolved" in eqs.note
    _check_certified([a1, a2, a3], eqs)


def test_solve_prints_mixed_equilibria_of_a_three_player_spec(tmp_path):
    import json

    import jsonschema
    from click.testing import CliRunner

    from treaty.cli import cli
    from treaty.spec import writer

    arrays = _root_two_game()
    path = tmp_path / "root_two.yaml"
    path.write_text(writer.dump_yaml(Game.from_arrays(*arrays)))
    r = CliRunner().invoke(cli, ["solve", str(path)], catch_exceptions=False)
    assert r.exit_code == 0, r.output
    assert "3 equilibria" in r.output and "0.707" in r.output and "method support" in r.output
    r = CliRunner().invoke(cli, ["solve", str(path), "--format", "json"], catch_exceptions=False)
    doc = json.loads(r.output)
    from pathlib import Path

    import treaty.report

    schema = json.loads((Path(treaty.report.__file__).parent / "output.schema.json").read_text())
    jsonschema.validate(doc, schema)
    mixed = [e for e in doc["result"]["equilibria"] if not e["pure"]]
    assert len(mixed) == 1 and "enclosure" in mixed[0] and mixed[0]["tolerance"] > 0



def test_fraction_and_float_payoffs_take_the_outward_rounded_path():
    # payoffs divided by 3 (exact, not integers) and by 10 as floats: the same equilibria as the
    # integer game (scaling a player's payoffs does not change best responses)
    arrays = _root_two_game()
    third = np.vectorize(lambda v: Fraction(int(v), 3), otypes=[object])
    exact = treaty.equilibria(Game.from_arrays(*[third(a) for a in arrays]))
    floats = treaty.equilibria(Game.from_arrays(*[np.asarray(a, dtype=float) / 10 for a in arrays]))
    for eqs in (exact, floats):
        assert eqs.complete and len(eqs) == 3
        mixed = [e for e in eqs if not e.is_pure][0]
        assert all(s[0] == pytest.approx(1 / math.sqrt(2), abs=1e-12) for s in mixed.strategies)
        assert mixed.tolerance is not None and mixed.regret <= mixed.tolerance
    assert exact[0].exact and not floats[0].exact


def test_mckelvey_mclennan_2x2x2_has_its_nine_published_equilibria() -> None:
    """Gambit's contrib/games/2x2x2.nfg: "2x2x2 Example from McKelvey-McLennan, with 9 Nash
    equilibria, 2 totally mixed".  Two of the totally mixed ones sit at simple rationals
    (1/2, 2/5, 1/4) and (2/5, 1/2, 1/3), where a subdivision at the midpoint puts the root on a
    box boundary (it was reported unresolved before the boxes were split off-centre and
    inflated).  Each equilibrium is checked from the definition in Fractions here."""
    from pathlib import Path

    path = Path(__file__).resolve().parents[1] / "data" / "gambit" / "2x2x2.nfg"
    game = treaty.load(path)
    eqs = treaty.equilibria(game)
    assert len(eqs) == 9 and eqs.complete and all(e.exact for e in eqs)
    mixed = [e for e in eqs if all(0 < s[0] < 1 for s in e.strategies)]
    assert len(mixed) == 2
    assert {tuple(s[0] for s in e.strategies) for e in mixed} == {
        (F(1, 2), F(2, 5), F(1, 4)), (F(2, 5), F(1, 2), F(1, 3))}
    pay = game.payoffs

    def value(i, own, strategies):
        total = F(0)
        for prof in np.ndindex(2, 2, 2):
            w = F(1)
            for j in range(3):
                w *= own[prof[j]] if j == i else strategies[j][prof[j]]
            total += w * pay[(i, *prof)]
        return total

    for e in eqs:  # no player gains by a pure deviation (the definition, in Fractions)
        for i in range(3):
            v = value(i, e.strategies[i], e.strategies)
            assert all(value(i, (F(int(t == 0)), F(int(t == 1))), e.strategies) <= v
                       for t in range(2))
