"""Repeated play with noisy verification: trigger strategies with finite punishment phases.

The oracle is independent of treaty's formulas: the repeated game under a trigger strategy is
a finite Markov chain (the cooperative state C and the punishment rounds 1..T), and a player
facing the others' trigger strategy solves a Markov decision problem on it.  Its values are
computed here by solving the Bellman equations exactly (Gaussian elimination over Fractions),
and the profile is an equilibrium iff complying is optimal, i.e. no stationary policy of the
deviator does better in state C (in a punishment round the future does not depend on the
action, so the stage best reply to the reversion profile, payoff P, is optimal there).

Closed form for the prisoners'-dilemma pact, derived here
---------------------------------------------------------
Stage payoffs R (both comply), D (deviate while the other complies), P (stage Nash, mutual
racing). Each compliant party is falsely flagged with probability a, a violator is detected
with probability p, flags are independent and any flag starts T rounds of mutual racing.
A punishment phase follows a compliant round with probability q0 = 1 - (1-a)^2 and a
deviation with probability q1 = 1 - (1-p)(1-a).  With W = (1-d^T) P + d^T V (d = delta)::

    V = (1-d) R + d ((1-q0) V + q0 W)        (complying)
    V' = (1-d) D + d ((1-q1) V + q1 W)       (deviating once, then complying)

V >= V' iff (1-d)(D-R) <= d (q1-q0)(V-W) = d (q1-q0)(1-d^T)(V-P).  From the first equation
V - P = (1-d)(R-P) / ((1-d) + d q0 (1-d^T)).  Dividing by (1-d) and writing x = d + ... + d^T
= d (1-d^T)/(1-d)::

    (D-R)(1 + q0 x) <= (q1-q0)(R-P) x   iff   x >= K = (D-R) / ((q1-q0)(R-P) - q0 (D-R)),

and for grim trigger (x = d/(1-d)) delta* = K/(1+K).  With a = 0 this is Friedman's
(D-R)/(D-R+p(R-P)).
"""

from __future__ import annotations

import math
from fractions import Fraction as F

import pytest

from treaty.errors import GameError
from treaty.game import Game
from treaty.mechanics.repeated import (
    best_punishment,
    critical_discount,
    noisy_trigger,
    noisy_value,
)
from treaty.mechanics.verification import Mechanism, add_verification

R, D, P, S = F(3), F(5), F(1), F(0)


def pd() -> Game:
    return Game.from_arrays([[R, S], [D, P]], [[R, D], [S, P]],
                            players=["US", "CN"], strategies=[["pact", "race"]] * 2)


# -- the oracle --------------------------------------------------------------------------------
def solve(a: list[list[F]], b: list[F]) -> list[F]:
    """Exact Gaussian elimination."""
    n = len(b)
    m = [row[:] + [b[i]] for i, row in enumerate(a)]
    for c in range(n):
        piv = next(r for r in range(c, n) if m[r][c] != 0)
        m[c], m[piv] = m[piv], m[c]
        for r in range(n):
            if r != c and m[r][c] != 0:
                f = m[r][c] / m[c][c]
                m[r] = [x - f * y for x, y in zip(m[r], m[c])]
    return [m[i][n] / m[i][i] for i in range(n)]


def chain_value(stage: F, flag: F, delta: F, periods: int | None, r: F, pp: F) -> F:
    """Value in state C of the policy playing 'stage' there (flagged w.p. 'flag').

    Normalised by (1 - delta).  With periods=None (grim), the punishment state is absorbing.
    States: 0 = C, 1..T = punishment rounds.
    """
    if periods is None:
        # V_C = (1-d) stage + d ((1-flag) V_C + flag P)
        return ((1 - delta) * stage + delta * flag * pp) / (1 - delta * (1 - flag))
    if periods <= 30:  # the full system, by Gaussian elimination
        n = periods + 1
        a = [[F(0)] * n for _ in range(n)]
        b = [F(0)] * n
        # state C: V_C - d (1-flag) V_C - d flag V_1 = (1-d) stage
        a[0][0] = 1 - delta * (1 - flag)
        a[0][1] += -delta * flag
        b[0] = (1 - delta) * stage
        for k in range(1, n):
            nxt = k + 1 if k < periods else 0
            a[k][k] += 1
            a[k][nxt] += -delta
            b[k] = (1 - delta) * pp
        return solve(a, b)[0]
    # longer phases: the same system by back substitution, each V_k kept as c0 + c1 V_C
    c0, c1 = (1 - delta) * pp, delta  # V_T = (1-d) P + d V_C
    for _ in range(periods - 1):
        c0, c1 = (1 - delta) * pp + delta * c0, delta * c1
    # V_C = (1-d) stage + d (1-flag) V_C + d flag (c0 + c1 V_C)
    return ((1 - delta) * stage + delta * flag * c0) / (1 - delta * (1 - flag) - delta * flag * c1)


def pd_equilibrium(a: F, p: F, delta: F, periods: int | None) -> tuple[bool, F]:
    """Whether complying is optimal for a player (the MDP's two stationary policies in C)."""
    q0 = 1 - (1 - a) ** 2
    q1 = 1 - (1 - p) * (1 - a)
    comply = chain_value(R, q0, delta, periods, R, P)
    deviate = chain_value(D, q1, delta, periods, R, P)
    return comply >= deviate, comply


def closed_form_k(a: F, p: F) -> F | None:
    q0 = 1 - (1 - a) ** 2
    q1 = 1 - (1 - p) * (1 - a)
    bracket = (q1 - q0) * (R - P) - q0 * (D - R)
    return (D - R) / bracket if bracket > 0 else None


CASES = [(F(1, 10), F(1, 2)), (F(1, 20), F(3, 4)), (F(0), F(1, 2)), (F(1, 50), F(1)),
         (F(1, 8), F(9, 10))]


# -- closed form -------------------------------------------------------------------------------
@pytest.mark.parametrize(("a", "p"), CASES)
def test_pd_requirement_and_grim_threshold_match_the_closed_form(a: F, p: F) -> None:
    r = noisy_trigger(pd(), ["pact", "pact"], false_alarm=a, detection=p)
    k = closed_form_k(a, p)
    assert r.alarm == 1 - (1 - a) ** 2
    assert r.required == k
    assert r.critical_grim == k / (1 + k)
    assert r.exact
    assert {(b[0], b[1]) for b in r.binding} == {("US", "race"), ("CN", "race")}


def test_no_false_alarms_is_friedmans_threshold() -> None:
    for p in (F(1), F(1, 2), F(1, 3)):
        r = noisy_trigger(pd(), "pact,pact", detection=p)
        assert r.critical_grim == (D - R) / (D - R + p * (R - P))
        assert r.critical_grim == critical_discount(pd(), ["pact", "pact"],
                                                    detection=p).critical_discount
        for t in (3, 4, 6):
            assert noisy_trigger(pd(), "pact,pact", detection=p, periods=t).critical == \
                critical_discount(pd(), ["pact", "pact"], detection=p, periods=t).critical_discount


# -- against the Markov decision problem --------------------------------------------------------
@pytest.mark.parametrize(("a", "p"), CASES)
def test_grim_threshold_against_the_mdp(a: F, p: F) -> None:
    crit = noisy_trigger(pd(), ["pact", "pact"], false_alarm=a, detection=p).critical_grim
    eps = F(1, 10**6)
    assert pd_equilibrium(a, p, crit, None)[0]
    assert not pd_equilibrium(a, p, crit - eps, None)[0]
    assert pd_equilibrium(a, p, min(crit + eps, F(999999, 10**6)), None)[0]


@pytest.mark.parametrize(("a", "p"), CASES[:3])
@pytest.mark.parametrize("periods", [3, 5, 9])
def test_finite_phase_threshold_against_the_mdp(a: F, p: F, periods: int) -> None:
    r = noisy_trigger(pd(), ["pact", "pact"], false_alarm=a, detection=p, periods=periods)
    k = closed_form_k(a, p)
    assert k is not None
    if periods <= k:  # delta + ... + delta^T < T <= K for every delta < 1
        assert r.critical is None
        assert not pd_equilibrium(a, p, F(9999, 10000), periods)[0]
        return
    crit = r.critical
    lo, hi = (crit - F(1, 10**9), crit + F(1, 10**9)) if isinstance(crit, F) else \
        (F(crit) - F(1, 10**9), F(crit) + F(1, 10**9))
    assert not pd_equilibrium(a, p, lo, periods)[0]
    assert pd_equilibrium(a, p, hi, periods)[0]


@pytest.mark.parametrize(("a", "p", "delta"), [(F(1, 10), F(1, 2), F(19, 20)),
                                               (F(1, 20), F(3, 4), F(9, 10)),
                                               (F(1, 50), F(1), F(3, 5)),
                                               (F(0), F(1, 2), F(4, 5))])
def test_best_punishment_length_and_value_against_the_mdp(a: F, p: F, delta: F) -> None:
    r = noisy_trigger(pd(), ["pact", "pact"], false_alarm=a, detection=p, discount=delta)
    # brute force: the shortest phase that is an equilibrium, and the values along the way
    found = None
    values = []
    for t in range(1, 200):
        ok, v = pd_equilibrium(a, p, delta, t)
        values.append(v)
        if ok and found is None:
            found = t
        if found is not None and t >= found + 3:
            break
    assert r.sustainable and r.best_periods == found
    assert r.values == (values[found - 1],) * 2
    assert all(x >= y for x, y in zip(values, values[1:]))  # longer phases cost more
    grim_value = pd_equilibrium(a, p, delta, None)[1]
    assert r.values[0] >= grim_value
    if a > 0:
        assert r.values[0] > grim_value and r.values[0] < R
        assert 0 < r.punishment_weight < 1
        assert r.values[0] == R - r.punishment_weight * (R - P)


def test_not_sustainable_when_false_alarms_swamp_detection() -> None:
    a, p = F(1, 3), F(1, 2)  # q1 - q0 = (p - a)(1 - a) = 1/9 too small against q0 (D - R)
    assert closed_form_k(a, p) is None
    r = noisy_trigger(pd(), ["pact", "pact"], false_alarm=a, detection=p, discount=F(99, 100))
    assert r.required is None and r.critical_grim is None and r.sustainable is False
    assert r.values == ()
    for t in (None, 1, 10, 100):
        assert not pd_equilibrium(a, p, F(99, 100), t)[0]
    assert "cannot be sustained" in r.describe()


def test_too_impatient_for_any_length() -> None:
    a, p = F(1, 10), F(1, 2)
    crit = noisy_trigger(pd(), ["pact", "pact"], false_alarm=a, detection=p).critical_grim
    r = noisy_trigger(pd(), ["pact", "pact"], false_alarm=a, detection=p,
                      discount=crit - F(1, 100))
    assert r.sustainable is False and r.best_periods is None
    assert "nothing deters" in r.describe()
    assert best_punishment(closed_form_k(a, p), crit) == (True, None, None)  # only grim


def test_value_closed_form_against_the_chain() -> None:
    for q0, delta, t in [(F(19, 100), F(9, 10), 4), (F(1, 3), F(1, 2), 1), (F(0), F(1, 2), 3)]:
        assert noisy_value(R, P, q0, delta, t) == chain_value(R, q0, delta, t, R, P)
        assert noisy_value(R, P, q0, delta) == chain_value(R, q0, delta, None, R, P)


# -- from a verification mechanism -------------------------------------------------------------
def test_defaults_come_from_the_verification_mechanism() -> None:
    a, p = F(1, 10), F(1, 2)
    base = Game.from_arrays([[R, S], [D, P]], [[R, D], [S, P]],
                            players=["US", "CN"], strategies=[["pact", "race"]] * 2)
    m = Mechanism(commitment="pact", gain=2, detection=p, false_alarm=a, sanction=0,
                  false_alarm_cost=0)
    g = add_verification(base, m)
    r = noisy_trigger(g, ["pact", "pact"])
    assert r.false_alarms == (a, a)
    flags = {(d.player, d.strategy): d.flag for d in r.deviations}
    assert flags == {("US", "race"): 1, ("US", "covert"): p, ("CN", "race"): 1, ("CN", "covert"): p}
    # covert pays (1-p)*2 more than R: K_covert = 1 / ((p-a)(1-a)(R-P) - q0 * 1)
    q0 = 1 - (1 - a) ** 2
    k_cov = F(1) / ((p - a) * (1 - a) * (R - P) - q0)
    k_race = (D - R) / ((1 - a) * (1 - a) * (R - P) - q0 * (D - R))
    assert r.required == max(k_cov, k_race)
    # an explicit false_alarm overrides the mechanism
    assert noisy_trigger(g, ["pact", "pact"], false_alarm=0).alarm == 0


def test_float_game_agrees_with_exact() -> None:
    g = Game.from_arrays([[3.0, 0.0], [5.0, 1.0]], [[3.0, 5.0], [0.0, 1.0]])
    r = noisy_trigger(g, [0, 0], false_alarm=0.1, detection=0.5, periods=10, discount=0.95)
    e = noisy_trigger(pd(), ["pact", "pact"], false_alarm=F(1, 10), detection=F(1, 2),
                      periods=10, discount=F(19, 20))
    assert not r.exact
    assert r.critical_grim == pytest.approx(float(e.critical_grim))
    assert r.critical == pytest.approx(float(e.critical))
    assert r.best_periods == e.best_periods
    assert r.values[0] == pytest.approx(float(e.values[0]))


def test_limit_on_the_punishment_search() -> None:
    from treaty.spec._limits import MAX_PUNISHMENT_ROUNDS

    delta = F(999999, 1000000)
    k = delta / (1 - delta) - F(1, 10**6)  # the shortest length is astronomically long
    ok, t, estimate = best_punishment(k, delta)
    assert not ok and t is None and estimate > MAX_PUNISHMENT_ROUNDS


def test_to_dict_and_describe() -> None:
    r = noisy_trigger(pd(), ["pact", "pact"], false_alarm=F(1, 10), detection=F(1, 2),
                      periods=8, discount=F(19, 20))
    d = r.to_dict()
    assert d["alarm"] == "19/100" and d["critical_discount_grim"] == "100/117"
    assert d["best_periods"] == 8 and d["values"]["US"] == d["values"]["CN"]
    assert "best punishment lasts 8 rounds" in r.describe()
    bare = noisy_trigger(pd(), ["pact", "pact"], false_alarm=F(1, 10), detection=F(1, 2))
    assert bare.to_dict()["values"] is None and bare.to_dict()["discount"] is None


@pytest.mark.parametrize(("kw", "msg"), [({"false_alarm": 2}, "probability"),
                                         ({"detection": F(-1, 2)}, "probability"),
                                         ({"discount": 1}, "discount factor"),
                                         ({"periods": 0}, "at least 1 period")])
def test_bad_input(kw: dict, msg: str) -> None:
    with pytest.raises(GameError, match=msg):
        noisy_trigger(pd(), ["pact", "pact"], **kw)


# -- in the analysis report --------------------------------------------------------------------
def test_analyze_reports_the_noisy_repeated_game_when_verification_has_false_alarms() -> None:
    import json

    from treaty.mechanics.analysis import analyze
    from treaty.report import output_schema, render_analysis

    jsonschema = pytest.importorskip("jsonschema")
    rep = analyze("games/safety_pact.yaml", thresholds=False)
    (t,) = rep.targets
    a = F(1, 20)  # the spec's false-alarm probability, on each of the two monitored powers
    assert t.noisy is not None and t.noisy.alarm == 1 - (1 - a) ** 2
    flags = {(d.player, d.strategy): d.flag for d in t.noisy.deviations}
    assert flags[("US", "covert")] == F(1, 4) and flags[("US", "race")] == 1
    text = render_analysis(rep)
    assert "Repeated game with false alarms" in text and "Shortest punishments" in text
    data = json.loads(render_analysis(rep, "json"))
    jsonschema.Draft202012Validator(output_schema()).validate(data)
    noisy = data["result"]["targets"][0]["noisy_repeated"]
    assert noisy["alarm"] == "39/400"
    # without false alarms nothing is added
    rep0 = analyze("games/safety_pact.yaml", {"a": 0}, thresholds=False)
    assert rep0.targets[0].noisy is None
    assert "false alarms" not in render_analysis(rep0)


# -- long punishments: size limit and the large-T root --------------------------------------------
def test_long_punishment_root_exact_when_rational_and_accurate_otherwise() -> None:
    from treaty.mechanics.repeated import punishment_threshold

    # delta = 1/2 solves 3 (delta + ... + delta^T) = 3 (1 - 2^-T): the root is rational
    for t in (10, 64, 65, 100, 1000):
        k = 3 * (1 - F(1, 2) ** t)
        assert punishment_threshold(3 + k, 3, 0, t) == F(1, 2)
    # irrational roots: the float satisfies the equation, and the roots fall with T (the sum
    # grows) across the switch from Sturm isolation (T <= 64) to bisection, towards grim's 30/31
    roots = []
    for t in (40, 63, 64, 65, 66, 500):
        root = punishment_threshold(33, 3, 2, t)   # delta + ... + delta^T = 30
        x = F(root)
        assert abs(x * (1 - x**t) / (1 - x) - 30) < F(1, 10**9)
        roots.append(float(root))
    assert all(a > b for a, b in zip(roots, roots[1:])) and roots[-1] > 30 / 31


def test_punishment_length_limit() -> None:
    from treaty.errors import GameTooLarge
    from treaty.mechanics.repeated import punishment_threshold
    from treaty.spec._limits import MAX_PUNISHMENT_ROUNDS

    with pytest.raises(GameTooLarge, match="MAX_PUNISHMENT_ROUNDS"):
        punishment_threshold(5, 3, 1, MAX_PUNISHMENT_ROUNDS + 1)
    with pytest.raises(GameTooLarge, match="MAX_PUNISHMENT_ROUNDS"):
        noisy_trigger(pd(), ["pact", "pact"], periods=MAX_PUNISHMENT_ROUNDS + 1)
    assert noisy_trigger(pd(), ["pact", "pact"], periods=MAX_PUNISHMENT_ROUNDS).critical == \
        F(1, 2)  # grim's 1/2 is approached: delta + ... + delta^T = 1 at delta just above 1/2


def test_spec_punishment_beyond_the_limit_is_a_located_error(tmp_path) -> None:
    from treaty.errors import SpecError
    from treaty.spec.loader import read_spec

    spec = tmp_path / "pd.yaml"
    spec.write_text("""treaty: 1
kind: normal-form
players:
  - {name: A, strategies: [pact, race]}
  - {name: B, strategies: [pact, race]}
payoffs:
  A: [[3, 0], [5, 1]]
  B: [[3, 5], [0, 1]]
repeated:
  punishment: 20000
""")
    with pytest.raises(SpecError, match=r"pd.yaml:10:15: 'punishment' of 20000 rounds exceeds"):
        read_spec(spec)


def test_reversion_note_when_no_single_equilibrium_is_worst_for_all() -> None:
    from treaty.mechanics.repeated import _one_equilibrium_attains

    # a pact beside a battle of the sexes on {x, y}: pure equilibria (x, y) -> (2, 1) and
    # (y, x) -> (1, 2), the mixed one (A plays x w.p. 2/3, B y w.p. 2/3) -> (2/3, 2/3)
    a = [[3, 0, 0], [4, 0, 2], [4, 1, 0]]
    b = [[3, 4, 4], [0, 0, 1], [0, 2, 0]]
    g = Game.from_arrays(a, b, strategies=[["pact", "x", "y"]] * 2)
    from treaty.nash import equilibria

    assert _one_equilibrium_attains(equilibria(g), (F(2, 3), F(2, 3)))
    assert not _one_equilibrium_attains(equilibria(g), (F(1), F(1)))
    r = noisy_trigger(g, ["pact", "pact"], false_alarm=F(1, 10))
    assert r.punishments == (F(2, 3), F(2, 3)) and r.note == ""


def test_three_players_with_unequal_false_alarms_against_the_mdp() -> None:
    """A 3-player pact (public good: each complier adds 2 to everyone, costs itself 3; the
    stage Nash equilibrium is nobody complying).  Flags are independent, so a punishment follows
    full compliance with probability 1 - prod(1 - a_k), and player i's deviation (detected with
    probability p_i) with probability 1 - (1 - p_i) prod_{k != i}(1 - a_k)."""
    import itertools

    import numpy as np

    players = ["A", "B", "C"]
    pay = np.empty((3, 2, 2, 2), dtype=object)
    for prof in itertools.product((0, 1), repeat=3):  # 0 = pact (comply), 1 = shirk
        n_comply = prof.count(0)
        for i in range(3):
            pay[(i, *prof)] = F(2 * n_comply - 3 * (prof[i] == 0) + 3)
    g = Game.from_arrays(*pay, players=players, strategies=[["pact", "shirk"]] * 3)
    alarms = {"A": F(1, 20), "B": F(1, 10), "C": F(0)}
    detect = {"A": F(1, 2), "B": F(3, 4), "C": F(2, 5)}
    r = noisy_trigger(g, ["pact"] * 3, false_alarm=alarms, detection=detect, periods=6)
    q0 = 1 - (1 - alarms["A"]) * (1 - alarms["B"]) * (1 - alarms["C"])
    assert r.alarm == q0
    rew, pun = F(2 * 3 - 3 + 3), F(3)  # all comply: 6; nobody: 3; a shirker gains 3 - 2 = 1
    for delta in (F(1, 2), F(11, 20), F(7, 10), F(19, 20)):  # around 0.532 (grim), 0.538, 0.587
        for t in (1, 3, 6, None):
            res = noisy_trigger(g, ["pact"] * 3, false_alarm=alarms, detection=detect,
                                periods=t, discount=delta)
            ok_all = True
            for name in players:
                others = [(1 - alarms[k]) for k in players if k != name]
                q_dev = 1 - (1 - detect[name]) * others[0] * others[1]
                comply = chain_value(rew, q0, delta, t, rew, pun)
                deviate = chain_value(rew + 1, q_dev, delta, t, rew, pun)
                ok_all &= comply >= deviate
            crit = res.critical_grim if t is None else res.critical
            assert ok_all == (crit is not None and delta >= crit), (delta, t)
            assert res.value_at(delta, t)[0] == chain_value(rew, q0, delta, t, rew, pun)


# -- the repeated section's false_alarm -----------------------------------------------------------
def _repeated_spec(tmp_path, extra: str) -> str:
    text = open("games/safety_pact_repeated.yaml").read()
    text = text.replace("  detection: p\n", "  detection: p\n" + extra)
    text = text.replace("parameters:\n", "parameters:\n  a: {value: 1/10, doc: false alarms, min: 0}\n")
    path = tmp_path / "noisy.yaml"
    path.write_text(text)
    return str(path)


def test_repeated_section_false_alarm_drives_the_analysis(tmp_path) -> None:
    import json

    from treaty.mechanics.analysis import analyze
    from treaty.report import output_schema, render_analysis
    from treaty.spec.loader import read_spec
    from treaty.spec.writer import game_to_spec

    jsonschema = pytest.importorskip("jsonschema")
    path = _repeated_spec(tmp_path, "  false_alarm: a\n")
    spec = read_spec(path)
    game = spec.instantiate({})
    assert game.repeated.false_alarm == F(1, 10)
    rep = analyze(path, thresholds=False)
    noisy = rep.targets[0].noisy
    # the stage game: R = V - m = 9, D = V + g - c/2 = 21/2, P = V - c = 5; p = 1/2, a = 1/10
    a, p = F(1, 10), F(1, 2)
    Rr, Dd, Pp = F(9), F(21, 2), F(5)
    q0 = 1 - (1 - a) ** 2
    k = (Dd - Rr) / ((p - a) * (1 - a) * (Rr - Pp) - q0 * (Dd - Rr))
    assert noisy.alarm == q0 and noisy.required == k and noisy.critical_grim == k / (1 + k)
    assert noisy.discount == F(9, 10) and noisy.sustainable
    data = json.loads(render_analysis(rep, "json"))
    jsonschema.Draft202012Validator(output_schema()).validate(data)
    assert data["result"]["repeated_settings"]["false_alarm"] == "1/10"
    # a parameter point outside [0, 1] is a located error; the section survives convert
    from treaty.errors import SpecError

    with pytest.raises(SpecError, match=r"noisy.yaml:\d+:\d+: 'false_alarm' must be a probability"):
        spec.instantiate({"a": 2})
    assert game_to_spec(game)["repeated"]["false_alarm"] == "1/10"  # convert --evaluate


def test_repeated_section_false_alarm_unknown_player_is_located(tmp_path) -> None:
    from treaty.errors import SpecError
    from treaty.spec.loader import read_spec

    path = _repeated_spec(tmp_path, "  false_alarm: {US: a, XX: a}\n")
    with pytest.raises(SpecError, match=r"noisy.yaml:\d+:\d+: .*XX"):
        read_spec(path)


def test_unknown_player_in_a_per_player_probability() -> None:
    with pytest.raises(GameError, match=r"unknown player 'UK'"):
        noisy_trigger(pd(), ["pact", "pact"], false_alarm={"US": F(1, 10), "UK": F(1, 10)})
    with pytest.raises(GameError, match=r"unknown player 'CM'.*CN"):
        noisy_trigger(pd(), ["pact", "pact"], detection={"CM": F(1, 2)})


def test_best_punishment_with_huge_denominators_uses_logarithms() -> None:
    # delta with a 3000-bit denominator: delta^T would have millions of bits
    delta = F(10**900 - 1, 10**900) * F(999, 1000)
    k = F(500)
    ok, t, _ = best_punishment(k, delta)
    # 1 - 0.999^T >= 500 (1 - delta)/delta, i.e. T = ceil(log(1 - 0.5005...)/log(0.999))
    x = float(delta)
    want = math.ceil(math.log(1 - 500 * (1 - x) / x) / math.log(x))
    assert ok and t == want


@pytest.mark.slow  # the 3x3x2 stage game is solved for the reversion several times (~6 s)
def test_inspector_game_false_alarms_only_when_the_target_inspects() -> None:
    import treaty

    game = treaty.load("games/safety_pact_inspector.yaml")
    v = game.info.parameters
    r = noisy_trigger(game, ["pact", "pact", "inspect"])
    q0 = 1 - (1 - v["a"]) ** 2
    assert r.alarm == q0 and r.false_alarms == (v["a"], v["a"], 0)
    flags = {(d.player, d.strategy): d.flag for d in r.deviations}
    assert flags[("US", "covert")] == v["p"] and flags[("Agency", "skip")] == 1
    # the agency's deviation: saves the inspection cost e, always seen (flag 1): e = 1 - q0
    worst = min(e.payoffs[2] for e in treaty.equilibria(game))
    rew = -v["e"]
    k_agency = v["e"] / ((1 - q0) * (rew - worst) - q0 * v["e"])
    agency = [d for d in r.deviations if d.player == "Agency"]
    assert agency[0].required == k_agency
    # with the agency trusting, no inspection: no false alarm and a covert violation goes unseen
    r2 = noisy_trigger(game, ["pact", "pact", "skip"])
    assert r2.alarm == 0
    assert {(d.player, d.strategy): d.flag for d in r2.deviations}[("US", "covert")] == 0
