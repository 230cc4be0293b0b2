"""treaty.sweep: rows equal individual solves, boundaries agree with exact thresholds."""

from __future__ import annotations

from fractions import Fraction

import pytest

import treaty
from treaty.sweep import grid_design

PACT = "games/safety_pact.yaml"


@pytest.fixture(scope="module")
def spec() -> treaty.Spec:
    return treaty.read_spec(PACT)


def _pure(game: treaty.Game) -> set[tuple[str, ...]]:
    out = set()
    for eq in treaty.equilibria(game):
        if eq.is_pure:
            out.add(tuple(s[[p != 0 for p in probs].index(True)]
                          for s, probs in zip(eq.strategy_names, eq.strategies)))
    return out


def test_rows_equal_individual_solves(spec: treaty.Spec) -> None:
    design = grid_design(spec, {"p": (0, 1, 5), "S": (Fraction(2), Fraction(10), 3)})
    result = treaty.sweep(spec, design, ["target:pact", "equilibria"])
    assert result.n == 15
    for row in result.rows():
        # exact grid values: p in {0, 1/4, 1/2, 3/4, 1}, S in {2, 6, 10}
        p = Fraction(row["p"]).limit_denominator(8)
        s = Fraction(row["S"]).limit_denominator(8)
        game = treaty.load(PACT, {"p": p, "S": s})
        eqs = treaty.equilibria(game)
        pure = _pure(game)
        assert row["pact_equilibrium"] == (("pact", "pact") in pure)
        assert row["pact_unique"] == (len(eqs) == 1 and ("pact", "pact") in pure)
        assert row["equilibria"] == len(eqs)
        assert set(row["pure"].split()) == {"/".join(x) for x in pure} or (row["pure"] == "-"
                                                                          and not pure)


def test_grid_boundary_agrees_with_the_exact_threshold(spec: treaty.Spec) -> None:
    # treaty.threshold: the pact is an equilibrium exactly for p >= 31/90 (closed at 31/90)
    th = treaty.threshold(treaty.load(PACT), "p", "pact")
    (interval,) = th.intervals
    t = interval.lower.value
    assert t == Fraction(31, 90) and interval.lower.closed
    # a grid with step 1/90 hits the threshold exactly: the row at t is an equilibrium (a tie
    # decided exactly), the row one step below is not
    result = treaty.sweep(spec, grid_design(spec, {"p": (0, 1, 91)}), "target:pact")
    col = result.columns["pact_equilibrium"]
    assert not col[:31].any() and col[31:].all()
    # the boundary lies between the last row that is not and the first that is
    design = result.design
    assert design.exact_point(30)["p"] < t == design.exact_point(31)["p"]


def test_threshold_tie_is_decided_exactly_when_floats_miss_it() -> None:
    # payoff 3 - 10 p at p = 3/10: 0.3 is not a binary float, so the float value is off by
    # ~1e-16; the exact re-check makes the tie an equilibrium
    spec = treaty.read_spec_text("""
parameters: {p: {value: 0, min: 0, max: 1}}
players: {A: [comply, violate], B: [x]}
payoffs: {A: [[0], [3 - 10*p]], B: [[0], [0]]}
targets: {comply: [comply, x]}
""", file="tie.yaml")
    result = treaty.sweep(spec, grid_design(spec, {"p": (0, 1, 11)}), "target:comply")
    assert result.columns["comply_equilibrium"].tolist() == [False] * 3 + [True] * 8
    # with float end points there is no exact value to fall back on: the float decides, within
    # the tolerance, and still calls the tie an equilibrium
    result = treaty.sweep(spec, grid_design(spec, {"p": (0.0, 1.0, 11)}), "target:comply")
    assert result.columns["comply_equilibrium"].tolist() == [False] * 3 + [True] * 8


def test_unique_target_by_dominance_and_by_full_solve() -> None:
    # a game whose temptation T is swept: c strictly dominates d for T < 3, so (c, c) is the
    # unique equilibrium; at T = 3 (d, c) is an equilibrium too; for T > 3 (c, c) is none
    spec = treaty.read_spec_text("""
parameters: {T: {value: 5, min: 0, max: 10}}
players: {A: [c, d], B: [c, d]}
payoffs: {A: [[3, 2], [T, 1]], B: [[3, T], [2, 1]]}
targets: {coop: [c, c]}
""", file="pd.yaml")
    result = treaty.sweep(spec, grid_design(spec, {"T": (0, 6, 7)}), "target:coop")
    assert result.columns["coop_equilibrium"].tolist() == [True] * 4 + [False] * 3
    assert result.columns["coop_unique"].tolist() == [True] * 3 + [False] * 4
    # coordination game: (a, a) is an equilibrium but (b, b) and a mixed one exist
    spec2 = treaty.read_spec_text("""
parameters: {k: {value: 1, min: 0, max: 5}}
players: {A: [a, b], B: [a, b]}
payoffs: {A: [[2, 0], [0, k]], B: [[2, 0], [0, k]]}
targets: {aa: [a, a]}
""", file="coord.yaml")
    r2 = treaty.sweep(spec2, grid_design(spec2, {"k": (0, 2, 3)}), ["target:aa", "equilibria"])
    # k = 0: (b, b) is a weak equilibrium too (0 = 0), k > 0 it is strict; a unique
    # equilibrium needs every other profile to fail
    assert r2.columns["aa_equilibrium"].tolist() == [True, True, True]
    assert r2.columns["aa_unique"].tolist() == [False, False, False]
    assert r2.columns["equilibria"].tolist() == [len(treaty.equilibria(spec2.instantiate({"k": k})))
                                                 for k in (0, 1, 2)]


def test_matching_pennies_target_not_unique_without_pure_equilibria() -> None:
    spec = treaty.read_spec_text("""
parameters: {x: {value: 1, min: 1, max: 3}}
players: {A: [h, t], B: [h, t]}
payoffs: {A: [[x, -1], [-1, 1]], B: [[-1, 1], [1, -1]]}
targets: {hh: [h, h]}
""", file="mp.yaml")
    r = treaty.sweep(spec, grid_design(spec, {"x": (1, 3, 3)}), ["target:hh", "equilibria"])
    assert not r.columns["hh_equilibrium"].any() and not r.columns["hh_unique"].any()
    assert r.columns["pure"].tolist() == ["-"] * 3
    assert r.columns["equilibria"].tolist() == [1, 1, 1]


def test_unique_needs_the_full_solve_when_dominance_does_not_decide() -> None:
    # (a, a) is the only pure equilibrium and no strategy is dominated, yet a mixed
    # equilibrium exists (Shapley-like 3x3 with a pure corner): decided by the exact solve
    spec = treaty.read_spec_text("""
parameters: {e: {value: 0, min: 0, max: 1}}
players: {A: [a, b, c], B: [a, b, c]}
payoffs:
  A: [[3, 0, 0], [0, 0, 1], [0, 1, 0]]
  B: [[3, 0, 0], [0, 1, 0], [0, 0, 1]]
targets: {aa: [a, a]}
""", file="shapley.yaml")
    game = spec.instantiate({})
    eqs = treaty.equilibria(game)
    r = treaty.sweep(spec, grid_design(spec, {"e": (0, 1, 2)}), "target:aa")
    assert r.columns["aa_equilibrium"].all()
    assert r.columns["aa_unique"].tolist() == [len(eqs) == 1] * 2


def test_discount_classifier_equals_critical_discount_per_point() -> None:
    path = "games/safety_pact_repeated.yaml"
    spec = treaty.read_spec(path)
    r = treaty.sweep(spec, grid_design(spec, {"p": (0, 1, 5)}), "discount:pact")
    for row in r.rows():
        p = Fraction(row["p"]).limit_denominator(4)
        game = treaty.load(path, {"p": p})
        rep = game.repeated
        want = treaty.critical_discount(game, "pact", detection=rep.detection,
                                        periods=rep.periods, reversion=rep.reversion)
        got = row["pact_discount"]
        if want.critical_discount is None:
            assert got != got  # NaN: never sustainable
        else:
            assert got == float(want.critical_discount)
    # better monitoring never makes the pact harder to sustain
    vals = [v for v in r.columns["pact_discount"].tolist() if v == v]
    assert vals == sorted(vals, reverse=True)


def test_stable_classifier_matches_the_stability_scan() -> None:
    path = "games/ai_safety_pact_members.yaml"
    spec = treaty.read_spec(path)
    r = treaty.sweep(spec, grid_design(spec, {"frontier_benefit": (1, 9, 3)}), "stable:US+CN")
    assert r.result_columns == ("US+CN_stable",)
    for row in r.rows():
        game = treaty.load(path, {"frontier_benefit": Fraction(row["frontier_benefit"])})
        scan = game.stability(min_size=2)
        stable = {frozenset(c.members) for c in scan.stable}
        assert row["US+CN_stable"] == (frozenset({"US", "CN"}) in stable)


@pytest.mark.slow
def test_sampled_rows_equal_exact_solves_at_many_points() -> None:
    # float payoffs through the batched solver vs exact vertex enumeration at the exact
    # values of the sampled floats
    from treaty.sweep import sample_design

    spec = treaty.read_spec(PACT)
    design = sample_design(spec, 300, "lhs", seed=7, ranges={"S": (0, 12), "g": (0, 6)},
                           names=["p"])
    result = treaty.sweep(spec, design, ["equilibria", "target:pact"])
    for i, row in enumerate(result.rows()):
        game = treaty.load(PACT, design.exact_point(i))
        eqs = treaty.equilibria(game)
        assert row["equilibria"] == len(eqs), row
        assert row["pact_equilibrium"] == (("pact", "pact") in _pure(game)), row


def test_a_mapping_of_axes_is_a_grid() -> None:
    """``treaty.sweep(path, {name: (start, stop, steps)}, ...)`` is the grid of those axes."""
    import treaty
    from treaty.errors import GameError
    from treaty.spec import read_spec
    from treaty.sweep import grid_design

    path = PACT
    by_mapping = treaty.sweep(path, {"p": ("0", "1", 11)}, "target:pact")
    by_design = treaty.sweep(path, grid_design(read_spec(path), {"p": ("0", "1", 11)}), "target:pact")
    assert by_mapping.rows() == by_design.rows()
    # p* = 31/90 (about 0.344): the pact is an equilibrium from p = 0.4 on, not at 0.3
    flags = {round(r["p"], 1): r["pact_equilibrium"] for r in by_mapping.rows()}
    assert not flags[0.3] and flags[0.4]
    with pytest.raises(GameError):
        treaty.sweep(path, [0.1, 0.2], "target:pact")
