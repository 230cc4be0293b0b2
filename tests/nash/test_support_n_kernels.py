"""The kernels of the N-player support enumeration: outward rounding, midpoint-radius
products, the preconditioned vertex exclusion and the linear elimination.

Oracles: exact rational arithmetic (``fractions.Fraction``) for every enclosure, numpy's
``nextafter`` for the rounding helpers, dense evaluation at the vertices of a box for the
exclusion test, and the solver without the linear elimination (plain subdivision, the
method before it) for the equilibria, checked from the definition (exact regrets).
"""

from __future__ import annotations

import itertools
from fractions import Fraction

import numpy as np
import pytest

import treaty.nash._support_n as sn
from treaty import Game


def test_fast_outward_rounding_is_below_the_predecessor() -> None:
    rng = np.random.default_rng(0)
    specials = [0.0, 5e-324, -5e-324, 2.0 ** -1022, -(2.0 ** -1022), 2.0 ** -1021, 1.0, -1.0,
                0.5, 2.0, 3.0, 1e308, -1e308, 1 - 2.0 ** -53, 1 + 2.0 ** -52]
    x = np.concatenate([np.array(specials), rng.normal(size=2000) * 10.0 ** rng.integers(-300, 300, 2000)])
    assert (sn._down(x) <= np.nextafter(x, -np.inf)).all()
    assert (sn._up(x) >= np.nextafter(x, np.inf)).all()
    # and not much wider: within a few units in the last place
    big = np.abs(x) > 1e-290  # below, the absolute term 2^-1022 (for underflow) dominates
    assert (np.abs(sn._up(x) - x)[big] <= 8 * np.spacing(np.abs(x[big]))).all()


def _exact(a: np.ndarray) -> np.ndarray:
    return np.vectorize(Fraction, otypes=[object])(a)


def test_point_matvec_and_matmat_enclose_the_exact_products() -> None:
    rng = np.random.default_rng(1)
    c = rng.normal(size=(20, 5, 5)) * 1e3
    vlo = rng.normal(size=(20, 5))
    vhi = vlo + rng.random(size=(20, 5)) * 1e-3
    lo, hi = sn._point_matvec(c, vlo, vhi)
    for b in range(20):
        for r in range(5):
            # the exact range of a point row times an interval vector, from its endpoints
            low = sum(Fraction(c[b, r, q]) * Fraction(vlo[b, q] if c[b, r, q] >= 0 else vhi[b, q])
                      for q in range(5))
            high = sum(Fraction(c[b, r, q]) * Fraction(vhi[b, q] if c[b, r, q] >= 0 else vlo[b, q])
                       for q in range(5))
            assert Fraction(lo[b, r]) <= low and high <= Fraction(hi[b, r])
            assert hi[b, r] - lo[b, r] <= float(high - low) + 1e-9  # tight
    jlo = rng.normal(size=(20, 5, 3))
    jhi = jlo + 1e-12
    mlo, mhi = sn._point_matmat(c, jlo, jhi)
    for b in range(3):
        exact = _exact(c[b]).dot(_exact(jlo[b]))
        assert (_exact(mlo[b]) <= exact).all() and (exact <= _exact(mhi[b])).all()


def test_contract_with_a_point_encloses_the_exact_contraction() -> None:
    rng = np.random.default_rng(2)
    t = rng.integers(-9, 10, size=(6, 2, 4, 3)).astype(float) / 7.0  # inexact coefficients
    v = np.concatenate([np.ones((6, 1)), rng.random((6, 2)) / 3.0], axis=1)
    for tlo, thi in ((t, t), (t, t + 1e-3)):
        lo, hi = sn._contract(tlo, thi, 3, v, v)
        for b, r, s in itertools.product(range(6), range(2), range(4)):
            ends = [sum(Fraction(tt[b, r, s, m]) * Fraction(v[b, m]) for m in range(3)) for tt in (tlo, thi)]
            assert Fraction(lo[b, r, s]) <= min(ends) and max(ends) <= Fraction(hi[b, r, s])


def _random_system(shape, seed):
    rng = np.random.default_rng(seed)
    arrays = [rng.integers(-9, 10, size=shape).astype(float) for _ in shape]
    sup = tuple(tuple(range(k)) for k in shape)
    return arrays, sup, sn._System(arrays, [sup], True)


def _cf_at(system, c, z):
    (flo, fhi), _, _ = system.evaluate(np.zeros(1, dtype=int), z[None], z[None], jacobian=False)
    return c @ (0.5 * (flo[0] + fhi[0]))


@pytest.mark.parametrize("shape", [(3, 3, 3), (2, 3, 4), (2, 2, 2, 2), (3, 1, 3)])
def test_preconditioned_exclusion_is_consistent_with_the_vertex_values(shape) -> None:
    """C f is affine in every block: where a box is excluded, some component of C f has one
    strict sign at every vertex of the box (its range is the hull of those values)."""
    arrays, sup, system = _random_system(shape, 3)
    d = system.d
    rng = np.random.default_rng(4)
    excluded = 0
    for _ in range(40):
        lo = rng.random(d) * 0.8
        hi = lo + rng.random(d) * 0.3
        c = np.linalg.inv(rng.normal(size=(d, d)) + 3 * np.eye(d))
        out = system.preconditioned_excludes(np.zeros(1, dtype=int), lo[None], hi[None], c[None])
        vals = np.array([_cf_at(system, c, np.where(np.array(bits), hi, lo))
                         for bits in itertools.product([False, True], repeat=d)])
        if out[0]:
            excluded += 1
            assert ((vals > -1e-9).all(axis=0) | (vals < 1e-9).all(axis=0)).any()
        else:
            # not excluded: every component may vanish, unless the enclosure's rounding margin
            # (tiny) decided it
            assert not ((vals > 1e-6).all(axis=0) | (vals < -1e-6).all(axis=0)).any()
    assert excluded  # the test exercised both outcomes


def test_linear_contraction_keeps_every_root() -> None:
    """Boxes around proven roots, contracted by the linear elimination, still hold the root;
    a box whose blocks are all narrow but one is contracted to about the linear solution."""
    # seeds whose full-support system has a root in the domain
    for shape, seed in (((3, 3, 3), 23), ((2, 2, 2), 11), ((3, 2, 2), 11), ((2, 2, 2, 2), 1)):
        arrays, sup, system = _random_system(shape, seed)
        search = sn.SupportSearch()
        sn._solve_batch(system, search)
        assert search.roots
        rng = np.random.default_rng(seed)
        for root in search.roots:
            z = 0.5 * (root.lo + root.hi)
            for width in (0.3, 0.05, 1e-3):
                lo = z - rng.random(system.d) * width
                hi = z + rng.random(system.d) * width
                blocks: dict = {}
                system.evaluate(np.zeros(1, dtype=int), lo[None], hi[None], jacobian=True, blocks=blocks)
                clo, chi, void = sn._linear_contract(system, blocks, lo[None], hi[None])
                assert not void[0]
                assert (clo[0] <= root.lo).all() and (root.hi <= chi[0]).all()
    # 3 players: player 1's block narrow, the others' wide: both are pinned down
    arrays, sup, system = _random_system((3, 3, 3), 23)
    search = sn.SupportSearch()
    sn._solve_batch(system, search)
    assert search.roots
    z = 0.5 * (search.roots[0].lo + search.roots[0].hi)
    lo, hi = np.full(system.d, -0.001), np.full(system.d, 1.001)
    lo[:2], hi[:2] = z[:2] - 1e-7, z[:2] + 1e-7
    blocks = {}
    system.evaluate(np.zeros(1, dtype=int), lo[None], hi[None], jacobian=True, blocks=blocks)
    clo, chi, void = sn._linear_contract(system, blocks, lo[None], hi[None])
    assert (chi[0] - clo[0])[2:].max() < 1e-4
    assert (clo[0] <= z).all() and (z <= chi[0]).all()


def _no_linear(system, blocks, lo, hi):
    return lo, hi, np.zeros(lo.shape[0], dtype=bool)


def _key(eqs):
    return sorted(tuple(round(float(p), 7) for s in e.strategies for p in s) for e in eqs)


@pytest.mark.parametrize("shape,seed", [((2, 2, 2), 7), ((3, 2, 2), 8), ((2, 2, 2, 2), 9), ((3, 3, 2), 10),
                                        pytest.param((3, 3, 3), 11, marks=pytest.mark.slow)])
def test_linear_elimination_finds_what_plain_subdivision_finds(shape, seed, monkeypatch) -> None:
    rng = np.random.default_rng(seed)
    arrays = [rng.integers(-9, 10, size=shape) for _ in shape]
    game = Game.from_arrays(*arrays)
    with_lin = sn.support_enumeration(game)
    monkeypatch.setattr(sn, "_linear_contract", _no_linear)
    plain = sn.support_enumeration(game)
    assert with_lin.complete == plain.complete
    assert _key(with_lin) == _key(plain)
    assert [e.exact for e in sorted(with_lin, key=lambda e: _key([e]))] == \
        [e.exact for e in sorted(plain, key=lambda e: _key([e]))]


def test_simplex_clip_keeps_every_point_of_the_domain() -> None:
    """Clipping the upper ends removes only points where a block's first strategy would have
    probability below -DELTA (1 - sum z < -DELTA)."""
    arrays, sup, system = _random_system((4, 3, 2), 0)
    rng = np.random.default_rng(5)
    lo = rng.random((200, system.d)) * 0.6 - sn.DELTA
    hi = np.minimum(lo + rng.random((200, system.d)) * 0.8, 1 + sn.DELTA)
    clipped = system.simplex_clip(lo, hi)
    assert (clipped <= hi).all() and (clipped < hi).any()
    for _ in range(50):
        z = lo + rng.random(lo.shape) * (hi - lo)
        in_domain = np.ones(len(z), dtype=bool)
        for j in range(system.n):
            a, c = system.offsets[j], system.offsets[j + 1]
            cap = 1 + Fraction(sn.DELTA)
            in_domain &= np.array([sum(Fraction(v) for v in row) <= cap for row in z[:, a:c]])
        assert (z[in_domain] <= clipped[in_domain]).all()


def test_vertex_contract_encloses_every_exact_contraction() -> None:
    rng = np.random.default_rng(6)
    tm = rng.integers(-9, 10, size=(3, 2, 2, 4, 3)).astype(float) / 3.0  # (B, W, neq, k_a, k_b)
    tr = rng.random(tm.shape) * 1e-6
    z = rng.random((3, 4, 2))
    pts = np.concatenate([np.ones((3, 4, 1)), z], axis=2)  # 4 vertices of a 2-dim block
    for rad in (None, tr):
        y, e = sn._vertex_contract(tm, rad, 4, pts)
        assert y.shape == (3, 8, 2, 4)
        for b, w, n, a, vert in itertools.product(range(3), range(2), range(2), range(4), range(4)):
            exact = sum(Fraction(tm[b, w, n, a, m]) * Fraction(pts[b, vert, m]) for m in range(3))
            slack = 0 if rad is None else sum(Fraction(rad[b, w, n, a, m]) * abs(Fraction(pts[b, vert, m]))
                                             for m in range(3))
            out_y, out_e = Fraction(y[b, w * 4 + vert, n, a]), Fraction(e[b, w * 4 + vert, n, a])
            assert out_y - out_e <= exact - slack and exact + slack <= out_y + out_e


def test_contract_with_an_interval_vector_encloses_every_product() -> None:
    """Point and nearly point coefficients take the midpoint-radius path, wide ones the
    endpoint products: each encloses t . v for the ends of t and of v."""
    rng = np.random.default_rng(7)
    t = rng.integers(-9, 10, size=(5, 2, 3)).astype(float) / 7.0
    vlo = np.concatenate([np.ones((5, 1)), rng.random((5, 2)) - 0.3], axis=1)
    vhi = vlo + np.concatenate([np.zeros((5, 1)), rng.random((5, 2)) * 0.2], axis=1)
    for tlo, thi in ((t, t), (t, np.nextafter(t, np.inf)), (t, t + 0.05)):
        lo, hi = sn._contract(tlo, thi, 2, vlo, vhi)
        for b, r in itertools.product(range(5), range(2)):
            for ends in itertools.product(*[((tlo[b, r, m], vlo[b, m]), (tlo[b, r, m], vhi[b, m]),
                                             (thi[b, r, m], vlo[b, m]), (thi[b, r, m], vhi[b, m]))
                                            for m in range(3)]):
                val = sum(Fraction(x) * Fraction(y) for x, y in ends)
                assert Fraction(lo[b, r]) <= val <= Fraction(hi[b, r])
