"""The exact 2-player trace of the correlated-equilibrium payoff set (one warm-started HiGHS
model, each optimal basis verified in Fractions with its cone of optimal directions).

Oracles: the incentive constraints re-checked from the definition (Aumann 1974) in exact
arithmetic, support values from a plain dense scipy.optimize.linprog written in
test_feasible.py, hand-derived vertices of chicken.
"""

from __future__ import annotations

from fractions import Fraction as F
from typing import Any

import numpy as np
import pytest

from treaty import Game, feasible_set
from treaty.negotiation import _feasible

from .test_feasible import _ce_violations, _expected, _lp_support


def _game(seed: int, n: int) -> Game:
    rng = np.random.default_rng(seed)
    return Game.from_arrays(rng.integers(-50, 51, (n, n)).tolist(), rng.integers(-50, 51, (n, n)).tolist())


def _check_polygon(game: Game, fs: Any) -> None:
    """Every vertex a CE with its payoffs (exact, from the definition); the polygon strictly
    convex counter-clockwise; each edge's outer normal supported by the edge, each vertex by a
    direction inside its normal cone, and random directions by the vertices (LP oracle)."""
    verts = fs.vertices
    pts = [v.payoffs for v in verts]
    for v in verts:
        assert all(isinstance(q, F) for q in v.distribution.values())
        assert sum(v.distribution.values()) == 1 and min(v.distribution.values()) > 0
        assert max(_ce_violations(game, v.distribution)) <= 0
        assert _expected(game, v.distribution) == v.payoffs
    k = len(pts)
    scale = 1e-8 * max(1.0, max(abs(float(x)) for p in pts for x in p))
    normals = []
    for j in range(k):
        a, b = pts[j], pts[(j + 1) % k]
        if k > 2:
            c = pts[(j + 2) % k]
            assert (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]) > 0
        nrm = np.array([float(b[1] - a[1]), float(a[0] - b[0])])
        nrm /= np.linalg.norm(nrm) or 1.0
        normals.append(nrm)
        if k > 1:
            ref = _lp_support(game, nrm, True)
            assert ref is not None and abs(ref - float(nrm @ np.array([float(x) for x in a]))) < scale
    for j in range(k):  # strictly between the normals of the two edges at vertex j + 1
        w = normals[j] + normals[(j + 1) % k] if k > 2 else np.array([1.0, 0.3])
        ref = _lp_support(game, w, True)
        vals = [float(w @ np.array([float(x) for x in p])) for p in pts]
        assert ref is not None and abs(ref - max(vals)) < scale
        if k > 2:
            assert abs(ref - vals[(j + 1) % k]) < scale
    rng = np.random.default_rng(0)
    pf = np.array([[float(x) for x in p] for p in pts])
    for _ in range(20):
        t = rng.uniform(0, 2 * np.pi)
        w = np.array([np.cos(t), np.sin(t)])
        assert abs(_lp_support(game, w, True) - (pf @ w).max()) < scale


def test_chicken_by_hand() -> None:
    # Aumann's chicken: (C, C) 6/6, (C, D) 2/7, (D, C) 7/2, (D, D) 0/0.  Vertices: the pure
    # equilibria (2, 7), (7, 2); 1/2 CC + 1/4 CD + 1/4 DC gives 21/4 each; 2/5 CD + 2/5 DC +
    # 1/5 DD gives 18/5 each (the worst, with both constraints "told D, keep D" tight).
    g = Game.from_arrays([[6, 2], [7, 0]], [[6, 7], [2, 0]], strategies=[["C", "D"]] * 2)
    fs = feasible_set(g, self_enforcing=True)
    expected = [(F(18, 5), F(18, 5)), (2, 7), (F(21, 4), F(21, 4)), (7, 2)]
    assert sorted(v.payoffs for v in fs.vertices) == sorted(expected)
    assert fs.certified and fs.complete and "warm-started" in fs.note
    worst = next(v for v in fs.vertices if v.payoffs == (F(18, 5), F(18, 5)))
    assert worst.distribution == {("C", "D"): F(2, 5), ("D", "C"): F(2, 5), ("D", "D"): F(1, 5)}
    _check_polygon(g, fs)


@pytest.mark.parametrize("seed", range(3))
def test_random_6x6_against_oracles(seed: int) -> None:
    g = _game(seed, 6)
    fs = feasible_set(g, self_enforcing=True)
    assert fs.certified and fs.complete and fs.exact and "warm-started" in fs.note
    _check_polygon(g, fs)
    if len(fs.vertices) > 50:
        return  # (seed 0: 95 vertices; the chord trace takes 4 s)
    # the same vertices as the chord trace re-solving each LP from scratch, in fewer LPs
    old = _feasible._trace(fs)
    assert [v.payoffs for v in old.vertices] == [v.payoffs for v in fs.vertices]
    assert fs._hull.lps <= old.lps


def test_single_point_set() -> None:
    # matching pennies: the uniform distribution is the only CE, payoffs (0, 0)
    mp = Game.from_arrays([[1, -1], [-1, 1]], [[-1, 1], [1, -1]])
    fs = feasible_set(mp, self_enforcing=True)
    assert [v.payoffs for v in fs.vertices] == [(0, 0)] and fs.certified
    assert fs.vertices[0].distribution == {p: F(1, 4) for p in fs.profiles}


def test_without_warm_session_falls_back(monkeypatch: pytest.MonkeyPatch) -> None:
    g = _game(1, 5)
    expected = [v.payoffs for v in feasible_set(g, self_enforcing=True).vertices]
    real = _feasible.LPSession

    def scipy_session(*args: Any, **kw: Any) -> Any:
        return real(*args, **{**kw, "backend": "scipy"})

    monkeypatch.setattr(_feasible, "LPSession", scipy_session)
    fs = feasible_set(g, self_enforcing=True)
    assert [v.payoffs for v in fs.vertices] == expected
    assert fs.certified and "warm-started" not in fs.note


def test_uncertified_basis_falls_back(monkeypatch: pytest.MonkeyPatch) -> None:
    g = _game(2, 5)
    expected = [v.payoffs for v in feasible_set(g, self_enforcing=True).vertices]
    monkeypatch.setattr(_feasible._ExactTracer, "_certified", lambda self, w: None)
    fs = feasible_set(g, self_enforcing=True)
    assert [v.payoffs for v in fs.vertices] == expected
    assert fs.certified and "warm-started" not in fs.note


def test_tolerances_tightened_once(monkeypatch: pytest.MonkeyPatch) -> None:
    # a basis optimal to HiGHS's default tolerance only: the tracer tightens them, re-solves
    g = _game(0, 5)
    expected = [v.payoffs for v in feasible_set(g, self_enforcing=True).vertices]
    real = _feasible._ExactTracer._certified
    calls = {"n": 0}
    tracers = []

    def flaky(self: Any, w: Any) -> Any:
        calls["n"] += 1
        tracers.append(self)
        return None if calls["n"] == 1 else real(self, w)

    monkeypatch.setattr(_feasible._ExactTracer, "_certified", flaky)
    fs = feasible_set(g, self_enforcing=True)
    assert [v.payoffs for v in fs.vertices] == expected and fs.certified
    assert tracers[0].tight and "warm-started" in fs.note


@pytest.mark.slow
@pytest.mark.parametrize("seed", [1])
def test_random_10x10_certified(seed: int) -> None:
    # seed 1 was float (not certified) with the chord trace; every vertex is exact now
    g = _game(seed, 10)
    fs = feasible_set(g, self_enforcing=True)
    assert fs.certified and fs.complete
    _check_polygon(g, fs)


def test_infeasible_basis_repaired_in_the_trace() -> None:
    # chicken, direction (1, 1): the basis "only (C, C) basic, every incentive row basic" is
    # dual feasible but puts probability 1 on (C, C), which is no equilibrium; exact dual
    # simplex pivots reach Aumann's 1/2 CC + 1/4 CD + 1/4 DC (payoffs 21/4 each)
    from treaty._exact.lp import LPBasis

    g = Game.from_arrays([[6, 2], [7, 0]], [[6, 7], [2, 0]], strategies=[["C", "D"]] * 2)
    fs = feasible_set(g, self_enforcing=True)
    tracer = _feasible._ExactTracer(fs)
    bad = LPBasis(("basic", "lower", "lower", "lower"), ("basic",) * 4 + ("lower",))
    assert not tracer.lp.basis(bad).feasible
    tracer.session.basis = lambda: bad  # type: ignore[method-assign]
    assert tracer._certified((1, 1)) is None  # not repaired before the tolerances are tight
    tracer.tight = True
    arc = tracer._certified((1, 1))
    assert arc is not None and tracer.repaired == 1
    assert arc.point == (F(21, 4), F(21, 4))
    assert arc.distribution == {("C", "C"): F(1, 2), ("C", "D"): F(1, 4), ("D", "C"): F(1, 4)}
    assert arc.start <= _feasible._pseudo_angle((1, 1)) <= arc.end


@pytest.mark.parametrize("seed", [0, 3])
def test_rational_payoffs_and_coarse(seed: int) -> None:
    # Fraction payoffs (thirds and sevenths): the rows are scaled to integers exactly once
    rng = np.random.default_rng(seed)
    a = [[F(int(v), 3) for v in r] for r in rng.integers(-20, 21, (4, 5))]
    b = [[F(int(v), 7) for v in r] for r in rng.integers(-20, 21, (4, 5))]
    g = Game.from_arrays(a, b)
    fs = feasible_set(g, self_enforcing=True)
    assert fs.certified and "warm-started" in fs.note
    _check_polygon(g, fs)
    cce = feasible_set(g, self_enforcing=True, coarse=True)
    assert cce.certified and "warm-started" in cce.note
    old = _feasible._trace(cce)  # the chord trace, each LP from scratch with a dual bound
    assert [v.payoffs for v in old.vertices] == [v.payoffs for v in cce.vertices]
    # every CE is a CCE: the CE polygon lies inside the CCE polygon
    assert all(cce.contains(v.payoffs) for v in fs.vertices)


def test_bases_seen_before_reuse_their_cone(monkeypatch: pytest.MonkeyPatch) -> None:
    # a basis HiGHS returns again is not re-verified: its cone is looked up; the vertices
    # are those of the trace that verifies every basis afresh
    g = _game(2, 6)
    tracers: list[Any] = []
    real_init = _feasible._ExactTracer.__init__

    def init(self: Any, fs: Any) -> None:
        real_init(self, fs)
        tracers.append(self)

    monkeypatch.setattr(_feasible._ExactTracer, "__init__", init)
    fs = feasible_set(g, self_enforcing=True)
    cached = [v.payoffs for v in fs.vertices]
    tracer = tracers[0]
    assert len(tracer.cones) < tracer.lps  # some LP came back with a known basis
    def no_cache(self: Any, fs: Any) -> None:
        real_init(self, fs)
        self.cones = _NoCache()

    monkeypatch.setattr(_feasible._ExactTracer, "__init__", no_cache)
    assert [v.payoffs for v in feasible_set(g, self_enforcing=True).vertices] == cached


class _NoCache(dict):  # type: ignore[type-arg]
    def get(self, key: Any, default: Any = None) -> Any:
        return default
