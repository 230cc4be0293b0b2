"""The logit QRE path (method "logit"): the path's points against the QRE definition, the limit
against closed forms (the inspection game, a 3-player game whose only equilibrium is
irrational) and against pygambit's ``logit_solve`` on seeded random 3- and 4-player games, and
every certificate recomputed here from the definition of regret."""

from __future__ import annotations

import itertools
import math
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest

import treaty
from treaty.errors import GameTooLarge
from treaty.nash import Method
from treaty.nash._logit import NOTE, logit_equilibria, logit_path

F = Fraction


# -- independent helpers: payoffs and regrets by brute force over pure profiles ---------------

def _payoff_of(P, i, j, profile):
    """Player i's expected payoff from pure strategy j against the others' mixtures."""
    shape = P.shape[1:]
    total = 0
    for idx in itertools.product(*(range(m) for m in shape)):
        if idx[i] != j:
            continue
        w = 1
        for k, s in enumerate(idx):
            if k != i:
                w = w * profile[k][s]
        total = total + w * P[(i, *idx)]
    return total


def _regret(P, profile):
    out = []
    for i, strat in enumerate(profile):
        u = [_payoff_of(P, i, j, profile) for j in range(len(strat))]
        out.append(max(u) - sum(p * v for p, v in zip(strat, u)))
    return max(out)


def _exact_regret_of_floats(P, strategies):
    """Regret of the reported floats taken as exact binary fractions, renormalised exactly."""
    prof = []
    for s in strategies:
        q = [F(float(v)) for v in s]
        tot = sum(q)
        prof.append([v / tot for v in q])
    Pf = np.array([[F(x) for x in np.asarray(P, dtype=object).reshape(-1)]], dtype=object).reshape(P.shape)
    return _regret(Pf, prof)


# -- the path ----------------------------------------------------------------------------------

def test_path_points_are_logit_qre():
    # McKelvey and Palfrey (1995): sigma_ij = exp(lam u_ij) / sum_k exp(lam u_ik), with u against
    # the others' QRE mixture; lam is in units of 1/(payoff range) (range 10 here).
    rng = np.random.default_rng(3)
    P = rng.integers(-5, 6, (3, 2, 3, 2))
    rng_ = float(P.max() - P.min())
    g = treaty.Game(P.tolist())
    path = logit_path(g, max_lambda=50)
    assert path[0].lam == 0 and len(path) > 10
    for pt in path[:: max(1, len(path) // 15)]:
        for i, s in enumerate(pt.profile):
            u = np.array([_payoff_of(P.astype(float), i, j, pt.profile) for j in range(len(s))])
            w = np.exp(pt.lam * (u - u.max()) / rng_)
            assert np.allclose(s, w / w.sum(), atol=1e-8)


def test_matching_pennies_path_stays_uniform_and_ends_at_half():
    g = treaty.Game.from_arrays([[1, -1], [-1, 1]], [[-1, 1], [1, -1]])
    assert all(abs(p - 0.5) < 1e-9 for pt in logit_path(g, max_lambda=100) for s in pt.profile for p in s)
    res = treaty.equilibria(g, method="logit")
    assert [e.strategies for e in res] == [((F(1, 2), F(1, 2)), (F(1, 2), F(1, 2)))]


# -- the limit against closed forms -------------------------------------------------------------

def test_inspection_game_closed_form():
    # Inspectee (comply, violate) against inspector (inspect, skip).  Gain g undetected, loss S
    # detected, detection p when inspected, false alarm a with cost h; inspection cost e, losses
    # lu undetected / ld detected.  Unique equilibrium (the best replies cycle):
    # q* = g / (p (g + S) - a h) and r* = e / (p (lu - ld)) (Avenhaus, von Stengel, Zamir 2002).
    g_, S, p, a, h, e, lu, ld = F(1), F(4), F(1, 2), F(1, 10), F(1), F(1), F(10), F(2)
    A = [[-a * h, 0], [p * -S + (1 - p) * g_, g_]]                    # inspectee's payoffs
    B = [[-e, 0], [-e - p * ld - (1 - p) * lu, -lu]]                  # inspector's payoffs
    game = treaty.Game.from_arrays(A, B, players=["state", "inspector"],
                                   strategies=[["comply", "violate"], ["inspect", "skip"]])
    q = g_ / (p * (g_ + S) - a * h)
    r = e / (p * (lu - ld))
    res = treaty.equilibria(game, method="logit")
    assert res.method == Method.LOGIT and not res.complete and res.note == NOTE
    (eq,) = res
    assert eq.exact and eq.tolerance is None and eq.regret == 0
    assert eq.strategies == ((1 - r, r), (q, 1 - q))
    assert (q, r) == (F(5, 12), F(1, 4))


def _fully_mixed_2x2x2(P):
    """The fully mixed equilibria of a 2x2x2 game, derived here: with p, q, r the players'
    probabilities of their first strategies, player 1 is indifferent when
    d[0,0] q r + d[0,1] q (1-r) + d[1,0] (1-q) r + d[1,1] (1-q)(1-r) = 0 (d = P[0][0] - P[0][1]),
    linear in q for given r, and player 2's condition is linear in p for given r; substituting
    both into player 3's bilinear condition leaves a quadratic in r, solved by the formula."""
    d1 = [[F(int(P[0, 0, j, k] - P[0, 1, j, k])) for k in range(2)] for j in range(2)]
    d2 = [[F(int(P[1, i, 0, k] - P[1, i, 1, k])) for k in range(2)] for i in range(2)]
    d3 = [[F(int(P[2, i, j, 0] - P[2, i, j, 1])) for j in range(2)] for i in range(2)]

    def lin(d):  # the condition as (a + b x) t + (c + e x) (1 - t) = 0 in t, x = r; t = N / D
        # d[0][0] t r + d[0][1] t (1-r) + d[1][0] (1-t) r + d[1][1] (1-t)(1-r): t (A(r)) + B(r)
        A = (d[0][1] - d[1][1], d[0][0] - d[0][1] - d[1][0] + d[1][1])  # coefficients of 1, r
        B = (d[1][1], d[1][0] - d[1][1])
        return (-B[0], -B[1]), A  # t = N(r) / D(r)

    def mul(a, b):
        return (a[0] * b[0], a[0] * b[1] + a[1] * b[0], a[1] * b[1])

    def sub(a, b):
        return tuple(x - y for x, y in zip(a, b))

    Nq, Dq = lin(d1)   # q from player 1
    Np, Dp = lin(d2)   # p from player 2
    # player 3: d3[0][0] p q + d3[0][1] p (1-q) + d3[1][0] (1-p) q + d3[1][1] (1-p)(1-q) = 0, times Dp Dq
    Mp, Mq = sub(Dp, Np), sub(Dq, Nq)
    poly = [sum(t) for t in zip(*(tuple(c * v for v in mul(x, y)) for c, x, y in (
        (d3[0][0], Np, Nq), (d3[0][1], Np, Mq), (d3[1][0], Mp, Nq), (d3[1][1], Mp, Mq))))]
    c0, c1, c2 = poly
    disc = c1 * c1 - 4 * c2 * c0
    out = []
    for sign in (1, -1):
        r = (-float(c1) + sign * math.sqrt(float(disc))) / (2 * float(c2))
        p, q = (float(N[0] + N[1] * F(r)) / float(D[0] + D[1] * F(r)) for N, D in ((Np, Dp), (Nq, Dq)))
        if all(0 < x < 1 for x in (p, q, r)):
            out.append((p, q, r))
    return out, disc


@pytest.mark.parametrize("seed", [11, 17, 18])
def test_irrational_equilibrium_against_its_closed_form(seed):
    rng = np.random.default_rng(seed)
    P = rng.integers(-5, 6, (3, 2, 2, 2))
    res = logit_equilibria(treaty.Game(P.tolist()))
    (eq,) = res
    roots, disc = _fully_mixed_2x2x2(P)
    # irrational: the quadratic's discriminant is not the square of a rational
    assert disc > 0 and (math.isqrt(disc.numerator) ** 2 != disc.numerator
                         or math.isqrt(disc.denominator) ** 2 != disc.denominator)
    assert not eq.exact and res.note == NOTE
    got = tuple(s[0] for s in eq.strategies)
    assert any(max(abs(a - b) for a, b in zip(got, root)) < 1e-10 for root in roots), (got, roots)
    # the stated tolerance bounds the exact regret of the reported numbers, and is tiny
    true = _exact_regret_of_floats(P, eq.strategies)
    assert 0 <= true <= F(eq.tolerance) and eq.tolerance < 1e-12
    assert all(r <= eq.tolerance for r in eq.regrets)


def test_float_game_is_certified_the_same_way():
    rng = np.random.default_rng(11)
    P = rng.integers(-5, 6, (3, 2, 2, 2))
    (eq,) = logit_equilibria(treaty.Game(P * 0.5))
    (ex,) = logit_equilibria(treaty.Game(P.tolist()))
    assert not eq.exact and max(abs(a - b) for s, t in zip(eq.strategies, ex.strategies)
                                for a, b in zip(s, t)) < 1e-12
    assert _exact_regret_of_floats(P * 0.5, eq.strategies) <= F(eq.tolerance) < 1e-12


def test_constant_game_stops_at_the_uniform_profile():
    g = treaty.Game(np.ones((3, 2, 3, 2), dtype=int).tolist())
    (eq,) = logit_equilibria(g)
    assert eq.exact and eq.strategies == ((F(1, 2),) * 2, (F(1, 3),) * 3, (F(1, 2),) * 2)


def test_size_is_checked_before_work():
    g = treaty.Game(np.zeros((3, 5, 5, 5), dtype=int).tolist())
    with pytest.raises(GameTooLarge, match="125 profiles.*over the limit of 100"):
        logit_equilibria(g, max_profiles=100)


# -- against pygambit's logit_solve -------------------------------------------------------------

def _gambit_logit(gbt, P):
    shape = P.shape[1:]
    G = gbt.Game.new_table(list(shape))
    for idx in np.ndindex(*shape):
        for i, pl in enumerate(G.players):
            G[list(idx)][pl] = int(P[(i, *idx)])
    res = gbt.nash.logit_solve(G, use_strategic=True)
    return [[float(res.equilibria[0][s]) for s in pl.strategies] for pl in G.players]


def _check_against_gambit(gbt, n, m, seed):
    rng = np.random.default_rng(seed)
    P = rng.integers(-5, 6, (n,) + (m,) * n)
    ours = logit_equilibria(treaty.Game(P.tolist()))
    (eq,) = ours
    theirs = _gambit_logit(gbt, P)
    # Gambit stops once its regret is below 1e-8 of the payoff range, which on a degenerate
    # limit can still be 1e-3 away from it (seed 6 of 3x2: the path's limit has 1/2, Gambit 0.5003)
    dist = max(abs(float(x) - y) for s, t in zip(eq.strategies, theirs) for x, y in zip(s, t))
    assert dist < 1e-3, (n, m, seed, eq.describe(), theirs)
    if eq.exact:
        assert _regret(P.astype(object), [[F(v) for v in s] for s in eq.strategies]) == 0
    else:
        assert _exact_regret_of_floats(P, eq.strategies) <= F(eq.tolerance) < 1e-9


@pytest.mark.parametrize("n,m,seed", [(3, 2, s) for s in range(5)] + [(3, 3, 0)]
                         # 6x6x6 seed 1: without a bound on how far the tangent turns in a step,
                         # the trace cut across a fold of the branch and ended elsewhere
                         + [(3, 6, 1)])
def test_same_limit_as_gambit_logit_solve(gambit, n, m, seed):
    _check_against_gambit(gambit, n, m, seed)


@pytest.mark.slow
@pytest.mark.parametrize("n,m,seed", [(3, 2, s) for s in range(5, 20)] + [(3, 3, s) for s in range(1, 20)]
                         + [(4, 2, s) for s in range(10)] + [(4, 3, s) for s in range(4)]
                         + [(2, 3, s) for s in range(10)] + [(3, 6, s) for s in (0, 2, 3, 4)]
                         + [(4, 4, s) for s in range(3)] + [(5, 2, s) for s in range(5)])
def test_same_limit_as_gambit_logit_solve_more(gambit, n, m, seed):
    _check_against_gambit(gambit, n, m, seed)


def test_treaty_solve_method_logit_text_and_json(tmp_path):
    import json

    import jsonschema
    from click.testing import CliRunner

    from treaty.cli import cli
    from treaty.spec.writer import dump_yaml

    rng = np.random.default_rng(11)
    P = rng.integers(-5, 6, (3, 2, 2, 2))
    spec = tmp_path / "g.yaml"
    spec.write_text(dump_yaml(treaty.Game(P.tolist(), title="random")))
    r = CliRunner().invoke(cli, ["solve", str(spec), "--method", "logit"])
    assert r.exit_code == 0, r.output
    assert NOTE in r.output and "certified regret bound" in r.output and "method logit" in r.output
    r = CliRunner().invoke(cli, ["solve", str(spec), "-m", "logit", "--format", "json"])
    doc = json.loads(r.output)
    schema = json.loads((Path(treaty.__file__).parent / "report" / "output.schema.json").read_text())
    jsonschema.validate(doc, schema)
    (eq,) = doc["result"]["equilibria"]
    assert doc["result"]["complete"] is False and not eq["exact"] and 0 <= eq["tolerance"] < 1e-12


def test_a_path_stopped_early_is_not_called_an_equilibrium():
    rng = np.random.default_rng(2)
    P = rng.integers(-5, 6, (3, 3, 3, 3))
    res = logit_equilibria(treaty.Game(P.tolist()), max_steps=5)
    assert len(res) == 0 and not res.complete
    assert res.note.startswith("no equilibrium: the logit path stopped at lambda")


def test_an_unrefined_path_end_is_reported_with_its_regret_bound(monkeypatch):
    # with the refinement disabled the path runs to max_lambda; its last point approaches the
    # mixed limit at rate 1/lambda, so its regret is far below 1e-6 of the payoff range and it
    # is reported as an approximate equilibrium whose tolerance bounds the exact regret
    import treaty.nash._logit as logit

    monkeypatch.setattr(logit, "_support_newton", lambda *a: None)
    P = np.array([[[3, -1], [-1, 1]], [[-1, 1], [2, -1]]])
    res = logit.logit_equilibria(treaty.Game(P.tolist()), max_lambda=1e8)
    (eq,) = res
    assert not eq.exact and "the limit was not refined" in res.note
    assert 0 < _exact_regret_of_floats(P, eq.strategies) <= F(eq.tolerance) <= 4 * F(1, 10**6)
    # the limit: the row player mixes (3/5, 2/5) (column: 2 - 3x = 2x - 1), the column (1/3, 2/3)
    # (row: 4y - 1 = 1 - 2y); no pure profile is stable
    assert abs(eq.strategies[0][0] - 3 / 5) < 1e-6 and abs(eq.strategies[1][0] - 1 / 3) < 1e-6


def test_more_starts_find_more_equilibria_each_certified():
    # battle of the sexes has exactly three equilibria: (1, 1), (2, 2) and the mixed one
    # (2/3, 1/3) against (1/3, 2/3); paths from random priors reach all of them
    g = treaty.Game.from_arrays([[2, 0], [0, 1]], [[1, 0], [0, 2]])
    res = logit_equilibria(g, starts=6, seed=0)
    assert {e.strategies for e in res} == {
        ((F(1), F(0)), (F(1), F(0))), ((F(0), F(1)), (F(0), F(1))),
        ((F(2, 3), F(1, 3)), (F(1, 3), F(2, 3)))}
    assert not res.complete and res.note.startswith("some equilibria (at the ends of 6 logit paths")
    # a random 3-player game: several distinct equilibria, each with exact regret 0 or its bound
    rng = np.random.default_rng(1)
    P = rng.integers(-5, 6, (3, 3, 3, 3))
    res = logit_equilibria(treaty.Game(P.tolist()), starts=6, seed=0)
    assert len(res) >= 3
    for eq in res:
        if eq.exact:
            assert _regret(P.astype(object), [list(s) for s in eq.strategies]) == 0
        else:
            assert _exact_regret_of_floats(P, eq.strategies) <= F(eq.tolerance) < 1e-12
    with pytest.raises(treaty.errors.GameError, match="starts must be a positive integer"):
        logit_equilibria(g, starts=0)


def test_auto_retries_from_random_priors_when_the_uniform_path_fails(monkeypatch) -> None:
    import treaty
    from treaty.errors import SolverError
    from treaty.nash import _logit
    from treaty.spec import _limits

    real = _logit.logit_equilibria

    def flaky(game, **kw):
        if kw.get("starts", 1) == 1:
            raise SolverError("step size underflow (simulated)")
        return real(game, **kw)

    monkeypatch.setattr(_logit, "logit_equilibria", flaky)
    monkeypatch.setattr(_limits, "MAX_SUPPORT_PROFILES", 1)   # auto goes to the logit path
    # three players who each want to match the next: equilibria exist, the path is retried
    pay = [[[1, 0], [0, 1]], [[0, 1], [1, 0]]]
    g = treaty.Game.from_arrays(pay, pay, pay)
    eqs = treaty.equilibria(g)
    assert len(eqs) >= 1 and not eqs.complete and "failed" in eqs.note
    assert all(e.regret <= (e.tolerance or 0) for e in eqs)
    with pytest.raises(SolverError):   # asked for explicitly, the failure is reported
        treaty.equilibria(g, method="logit")
