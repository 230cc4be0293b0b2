"""Equilibrium selection: payoff dominance, risk dominance (Harsanyi and Selten 1988), the
simple rules, and the parameter values where a target becomes risk dominant or unique.

Expected values come from theory (the stag hunt, the product-of-deviation-losses criterion
computed here independently), not from the code's own output.
"""

from __future__ import annotations

from fractions import Fraction as F

import pytest

import treaty
from treaty.errors import GameError
from treaty.negotiation._selection import SELECTION_RULES


def _stag(stag: int = 4, hare: int = 3, sucker: int = 0, tempt: int = 3) -> treaty.Game:
    """Stag hunt: (stag, stag) pays *stag*, hare pays *hare* whatever the other does."""
    return treaty.Game.from_arrays([[stag, sucker], [tempt, hare]], [[stag, tempt], [sucker, hare]],
                                   players=["A", "B"], strategies=[["stag", "hare"]] * 2)


def _labels(sel: treaty.Selection) -> tuple[str, ...]:
    return tuple(sel.equilibrium.support(p)[0] for p in sel.players)


def test_stag_hunt_payoff_dominant_is_stag() -> None:
    sel = treaty.select_equilibrium(_stag(), "payoff-dominant")
    assert _labels(sel) == ("stag", "stag")
    assert sel.unique and sel.applied == "payoff-dominant"
    assert sel.payoffs == (F(4), F(4)) and sel.candidates == 3


def test_stag_hunt_risk_dominant_is_hare() -> None:
    # losses at (hare, hare): (3 - 0) * (3 - 0) = 9 > at (stag, stag): (4 - 3) * (4 - 3) = 1
    sel = treaty.select_equilibrium(_stag(), "risk-dominant")
    assert _labels(sel) == ("hare", "hare") and sel.unique


def test_no_payoff_dominant_equilibrium_falls_back_to_welfare() -> None:
    # battle of the sexes: (2, 1) and (1, 2) and the mixed (2/3, 2/3): none dominates all
    g = treaty.Game.from_arrays([[2, 0], [0, 1]], [[1, 0], [0, 2]])
    sel = treaty.select_equilibrium(g, "payoff-dominant")
    assert not sel.unique and sel.applied == "welfare"
    assert "no equilibrium Pareto-dominates" in sel.reason
    assert sum(sel.payoffs) == 3 and sel.ties  # the two pure ones tie on welfare
    assert "tied" in sel.reason


def test_simple_rules_on_battle_of_the_sexes() -> None:
    g = treaty.Game.from_arrays([[2, 0], [0, 1]], [[1, 0], [0, 2]])
    assert treaty.select_equilibrium(g, "worst").payoffs == (F(2, 3), F(2, 3))
    assert treaty.select_equilibrium(g, "egalitarian").payoffs in {(F(2), F(1)), (F(1), F(2))}
    assert not treaty.select_equilibrium(g, "egalitarian").unique   # two pure ones tie on min 1
    first = treaty.select_equilibrium(g, "first")
    assert first.equilibrium == treaty.equilibria(g)[0]


def test_single_equilibrium_is_unique_under_every_rule() -> None:
    pd = treaty.Game.from_arrays([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    for rule in SELECTION_RULES:
        sel = treaty.select_equilibrium(pd, rule)
        assert sel.unique and sel.payoffs == (1, 1) and sel.reason == "the only equilibrium"


def test_unknown_rule_names_the_rules() -> None:
    with pytest.raises(GameError, match="payoff-dominant"):
        treaty.select_equilibrium(_stag(), "payoff-dominance")


def test_result_protocol() -> None:
    sel = treaty.select_equilibrium(_stag(), "risk-dominant")
    d = sel.to_dict()
    assert d["rule"] == "risk-dominant" and d["payoffs"] == {"A": "3", "B": "3"}
    assert "risk-dominates" in sel.describe()


# -- risk dominance -------------------------------------------------------------------------
def _products(A: list[list[F]], B: list[list[F]]) -> tuple[F, F]:
    """Independent Harsanyi-Selten products for equilibria (0, 0) and (1, 1) of a 2x2 game."""
    p00 = (A[0][0] - A[1][0]) * (B[0][0] - B[0][1])
    p11 = (A[1][1] - A[0][1]) * (B[1][1] - B[1][0])
    return p00, p11


def test_risk_dominance_against_products_on_random_coordination_games() -> None:
    import random

    rng = random.Random(20261128)
    checked = ties = 0
    for _ in range(300):
        A = [[F(rng.randint(-6, 6)) for _ in range(2)] for _ in range(2)]
        B = [[F(rng.randint(-6, 6)) for _ in range(2)] for _ in range(2)]
        # make (0, 0) and (1, 1) strict equilibria: coordination
        A[0][0] = A[1][0] + rng.randint(1, 5)
        A[1][1] = A[0][1] + rng.randint(1, 5)
        B[0][0] = B[0][1] + rng.randint(1, 5)
        B[1][1] = B[1][0] + rng.randint(1, 5)
        g = treaty.Game.from_arrays(A, B)
        p00, p11 = _products(A, B)
        rd = treaty.risk_dominance(g, (0, 0), (1, 1))
        assert (rd.product_a, rd.product_b) == (p00, p11)
        expected = "a" if p00 > p11 else "b" if p11 > p00 else None
        assert rd.dominant == expected
        ties += expected is None
        # select_equilibrium agrees: the risk-dominant one, or a welfare fallback on a tie
        sel = treaty.select_equilibrium(g, "risk-dominant")
        if expected is None:
            assert sel.applied == "welfare" and not sel.unique
        else:
            want = (0, 0) if expected == "a" else (1, 1)
            got = tuple(s.index(F(1)) for s in sel.equilibrium.strategies)
            assert got == want and sel.unique
        checked += 1
    assert checked == 300 and ties > 0   # the seed covers ties too


def test_risk_dominance_mixed_form_agrees() -> None:
    # stag hunt: restricted mixed equilibrium puts 3/4 on stag; 3/4 + 3/4 > 1 so hare dominates
    rd = treaty.risk_dominance(_stag(), "stag,stag", ["hare", "hare"])
    assert rd.mixed == (F(3, 4), F(3, 4))
    assert rd.dominant == "b" and rd.winner == ("hare", "hare")
    assert rd.losses_a == (1, 1) and rd.losses_b == (3, 3)
    assert not rd.restricted and rd.exact


def test_risk_dominance_by_equilibrium_index_and_object() -> None:
    g = _stag()
    eqs = treaty.equilibria(g)
    pure = [k for k, e in enumerate(eqs) if e.is_pure]
    rd = treaty.risk_dominance(g, pure[0], eqs[pure[1]])
    assert rd.dominant is not None and {rd.a, rd.b} == {("stag", "stag"), ("hare", "hare")}


@pytest.mark.parametrize("a, b, match", [
    ("stag,hare", "hare,hare", r"a = \(stag, hare\) is not a strict equilibrium: A gains"),
    ("hare,hare", "hare,hare", "same equilibrium"),
    ("hare,hare", "rabbit,hare", "unknown strategy 'rabbit'"),
    ("hare,hare", 7, "out of range"),
])
def test_risk_dominance_errors(a: object, b: object, match: str) -> None:
    with pytest.raises(GameError, match=match):
        treaty.risk_dominance(_stag(), a, b)


def test_risk_dominance_rejects_weak_and_mixed_equilibria() -> None:
    weak = treaty.Game.from_arrays([[1, 0], [1, 2]], [[1, 0], [0, 2]])   # row indifferent at (0, 0)
    with pytest.raises(GameError, match="not strict"):
        treaty.risk_dominance(weak, (0, 0), (1, 1))
    mixed = next(e for e in treaty.equilibria(_stag()) if not e.is_pure)
    with pytest.raises(GameError, match="mixed"):
        treaty.risk_dominance(_stag(), mixed, "hare,hare")


def test_risk_dominance_in_a_larger_game_is_the_restricted_criterion() -> None:
    g = treaty.load("games/safety_pact.yaml")   # 3x3 after verification adds 'covert'
    rd = treaty.risk_dominance(g, "covert,covert", "race,race")
    pay = g.payoffs
    c, r = g.strategies[0].index("covert"), g.strategies[0].index("race")
    pa = (pay[0, c, c] - pay[0, r, c]) * (pay[1, c, c] - pay[1, c, r])
    pb = (pay[0, r, r] - pay[0, c, r]) * (pay[1, r, r] - pay[1, r, c])
    assert (rd.product_a, rd.product_b) == (pa, pb) and rd.restricted
    assert "restricted" in rd.describe()
    with pytest.raises(GameError, match="covert"):
        treaty.risk_dominance(g, "pact", "race,race")   # not an equilibrium at p = 1/4


# -- payoff dominance -----------------------------------------------------------------------
def test_payoff_dominance_with_three_pure_equilibria() -> None:
    # pure coordination on (0,0), (1,1), (2,2) with payoffs 3, 2, 1 for both: (0,0) dominates
    d = [[3, 0, 0], [0, 2, 0], [0, 0, 1]]
    sel = treaty.select_equilibrium(treaty.Game.from_arrays(d, d), "payoff-dominant")
    assert sel.payoffs == (3, 3) and sel.unique and "Pareto-dominates" in sel.reason


def test_payoff_dominance_over_given_candidates() -> None:
    g = _stag()
    pure = [e for e in treaty.equilibria(g) if e.is_pure]
    sel = treaty.select_equilibrium(g, "payoff-dominant", equilibria=pure)
    assert sel.candidates == 2 and sel.payoffs == (4, 4)
    other = treaty.Game.from_arrays([[1, 0], [0, 1]], [[1, 0], [0, 1]])
    with pytest.raises(GameError, match="another game"):
        treaty.select_equilibrium(other, "welfare", equilibria=pure[:1] + [
            next(iter(treaty.equilibria(treaty.Game.from_arrays([[1]], [[1]]))))])


# -- selection thresholds on the safety pact ------------------------------------------------
SAFETY = "games/safety_pact.yaml"


def _strict(game: treaty.Game, prof: tuple[int, ...]) -> bool:
    from treaty.mechanics.thresholds import deviation_gains

    return all(g < 0 for _, _, g in deviation_gains(game, prof))


def _direct_risk(game: treaty.Game, t: tuple[int, ...], r: tuple[int, ...]) -> bool:
    """Target strict, rival strict and its product of deviation losses larger, computed here."""
    if not (_strict(game, t) and _strict(game, r)):
        return False
    u = game.payoffs
    (r1, c1), (r2, c2) = t, r
    pt = (u[0, r1, c1] - u[0, r2, c1]) * (u[1, r1, c1] - u[1, r1, c2])
    pr = (u[0, r2, c2] - u[0, r1, c2]) * (u[1, r2, c2] - u[1, r2, c1])
    return bool(pt > pr)


def _direct_unique(game: treaty.Game, t: tuple[int, ...]) -> bool:
    eqs = treaty.equilibria(game)
    return len(eqs) == 1 and eqs[0].is_pure and all(
        s[k] == 1 for s, k in zip(eqs[0].strategies, t))


def _boundary_points(ivs: tuple, lo: F, hi: F) -> list[F]:
    eps = F(1, 10**6)
    out = []
    for iv in ivs:
        for ep in (iv.lower, iv.upper):
            if ep is not None:
                v = F(ep.value) if ep.exact else F(ep.lo)
                out += [v - eps, v, v + eps]
    return [x for x in out if lo <= x <= hi]


def test_selection_threshold_safety_pact_over_detection() -> None:
    spec = treaty.read_spec(SAFETY)
    res = treaty.selection_threshold(SAFETY, "p", "pact", "race,race")
    game = spec.instantiate({})
    t = game.profile_index(["pact", "pact"])
    r = game.profile_index(["race", "race"])
    # the risk-dominance set is non-empty and checked just inside and outside each boundary
    assert res.risk_dominant and res.exact
    pts = _boundary_points(res.risk_dominant, F(0), F(1)) + [F(k, 20) for k in range(21)]
    for x in pts:
        g = spec.instantiate({"p": x})
        assert res.risk_dominant_at(x) == _direct_risk(g, t, r), x
    # mutual racing stays an equilibrium wherever the pact is one: never the only equilibrium
    assert res.unique == ()
    assert res.persistent == (("race", "race"),)
    assert "(race, race) is one too" in res.reason and "never the only equilibrium" in res.describe()
    for x in pts:
        assert not _direct_unique(spec.instantiate({"p": x}), t)
    # the pact's own equilibrium set agrees with treaty.threshold
    th = treaty.threshold(SAFETY, "p", "pact")
    assert [iv.text() for iv in res.equilibrium] == [iv.text() for iv in th.intervals]


def test_selection_threshold_where_the_target_becomes_unique() -> None:
    # stag hunt in which the hare payoff h falls: for h < 0 hunting hare is no longer an
    # equilibrium and (stag, stag) is the only one; (stag, stag) risk-dominates iff
    # (4 - h)^2 > (h - 0)^2 with both strict, i.e. 0 < h < 2 (hare strict needs h > 0)
    def game(h: F) -> treaty.Game:
        return treaty.Game.from_arrays([[4, 0], [h, h]], [[4, h], [0, h]],
                                       strategies=[["stag", "hare"]] * 2)

    res = treaty.selection_threshold(game, "h", ["stag", "stag"], ["hare", "hare"], bounds=(-3, 3))
    assert [iv.text() for iv in res.risk_dominant] == ["(0, 2)"]
    assert [iv.text() for iv in res.unique] == ["[-3, 0)"]
    for x in [F(-3), F(-1, 10**6), F(0), F(1, 10**6), F(2) - F(1, 10**6), F(2), F(2) + F(1, 10**6), F(3)]:
        g = game(x)
        assert res.risk_dominant_at(x) == _direct_risk(g, (0, 0), (1, 1)), x
        assert res.unique_at(x) == _direct_unique(g, (0, 0)), x


def test_selection_threshold_errors() -> None:
    with pytest.raises(GameError, match="same profile"):
        treaty.selection_threshold(SAFETY, "p", "pact", "pact,pact")
    with pytest.raises(treaty.ParameterError):
        treaty.selection_threshold(SAFETY, "q", "pact", "race,race")
    with pytest.raises(GameError, match="unknown target"):
        treaty.selection_threshold(SAFETY, "p", "peace", "race,race")


def test_selection_threshold_result_protocol() -> None:
    res = treaty.selection_threshold(SAFETY, "p", "pact", "race,race")
    d = res.to_dict()
    assert d["unique"] == [] and d["persistent"] == [{"US": "race", "CN": "race"}]
    assert d["risk_dominant_text"] == res._set_text(res.risk_dominant)


def test_risk_dominant_with_one_strict_equilibrium() -> None:
    # (1, 1) is strict; (0, 0) is an equilibrium where the row player is indifferent (weak)
    g = treaty.Game.from_arrays([[1, 0], [1, 2]], [[1, 0], [0, 2]])
    sel = treaty.select_equilibrium(g, "risk-dominant")
    assert sel.payoffs == (2, 2) and "only strict pure equilibrium" in sel.reason


def test_risk_dominant_needs_two_players() -> None:
    common = [[[2, 0], [0, 1]], [[0, 1], [1, 2]]]   # 3 players, common payoff: 2 pure equilibria
    g = treaty.Game([common] * 3)
    sel = treaty.select_equilibrium(g, "risk-dominant")
    assert sel.applied == "welfare" and "needs 2 players" in sel.reason
    # the equilibria of a 3-player game come from support enumeration: complete here
    assert sel.complete == treaty.equilibria(g).complete
