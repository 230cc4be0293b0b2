"""Real root isolation against known roots, on both backends."""

import random
from fractions import Fraction as F

from treaty._exact._backend import use_backend
from treaty._exact.poly import peval, pmul, real_roots, trim

PREC = F(1, 2**60)


def sqrt_bracketed(r, n):
    """The open interval (lo, hi) holds sqrt(n) (n > 0) or -sqrt(n) (n < 0), exactly."""
    lo, hi = r.lo, r.hi
    if n < 0:
        lo, hi, n = -hi, -lo, -n
    return 0 <= lo and lo * lo < n < hi * hi


def test_third_and_root_two(backend):
    p = trim(pmul([F(-1, 3), F(1)], [F(-2), F(0), F(1)]))  # (x - 1/3)(x^2 - 2)
    roots = real_roots(p)
    assert [r.exact for r in roots] == [False, True, False]
    assert roots[1].lo == roots[1].hi == F(1, 3) and roots[1].text == "1/3"
    assert sqrt_bracketed(roots[0], -2) and sqrt_bracketed(roots[2], 2)
    for r in (roots[0], roots[2]):
        assert 0 < r.hi - r.lo <= PREC
    assert [r.lo for r in real_roots(p, F(0), F(1))] == [F(1, 3)]
    inside = real_roots(p, F(1), F(3, 2))
    assert len(inside) == 1 and sqrt_bracketed(inside[0], 2)
    assert F(1) <= inside[0].lo and inside[0].hi <= F(3, 2)
    assert real_roots(p, F(3, 2), F(2)) == []


def test_end_points_and_multiplicities(backend):
    x_x1 = [F(0), F(-1), F(1)]  # x (x - 1)
    assert [(r.lo, r.exact) for r in real_roots(x_x1, F(0), F(1))] == [(F(0), True), (F(1), True)]
    p = pmul(pmul(pmul([F(-1, 2), F(1)], [F(-1, 2), F(1)]), [F(-1, 2), F(1)]), [F(-3), F(0), F(1)])
    roots = real_roots(p)  # (x - 1/2)^3 (x^2 - 3): three distinct roots
    assert len(roots) == 3 and roots[1].lo == F(1, 2)
    assert sqrt_bracketed(roots[0], -3) and sqrt_bracketed(roots[2], 3)


def test_no_real_roots_and_constants(backend):
    assert real_roots([F(1), F(0), F(1)]) == []  # x^2 + 1
    assert real_roots([F(5)]) == [] and real_roots([]) == []
    assert real_roots([F(-1), F(1)], F(2), F(1)) == []  # empty domain


def test_quadratic_closed_form(backend):
    roots = real_roots([F(-1), F(-1), F(1)])  # x^2 - x - 1: (1 +- sqrt 5) / 2
    assert [r.text for r in roots] == ["1/2 - sqrt(5/4) = -0.618034", "1/2 + sqrt(5/4) = 1.61803"]


def test_repeated_game_discount_polynomial(backend):
    # delta + delta^2 = 1/2  <=>  delta = (-1 + sqrt 3) / 2
    (r,) = real_roots([F(-1, 2), F(1), F(1)], F(0), F(1))
    lo, hi = 2 * r.lo + 1, 2 * r.hi + 1
    assert lo * lo < 3 < hi * hi


def test_roots_closer_than_the_precision_are_separated(backend):
    # sqrt 2 and sqrt(2 + 10^-20) are about 3.5e-21 apart, below the default precision
    eps = F(1, 10**20)
    p = pmul([F(-2), F(0), F(1)], [-(2 + eps), F(0), F(1)])
    pos = real_roots(p, F(0))
    assert len(pos) == 2
    a, b = pos
    assert a.hi <= b.lo
    assert a.lo * a.lo < 2 < a.hi * a.hi and b.lo * b.lo < 2 + eps < b.hi * b.hi


def test_backends_agree_on_random_polynomials():
    rng = random.Random(5)
    for _ in range(15):
        deg = rng.randint(1, 8)
        p = trim([F(rng.randint(-9, 9), rng.randint(1, 4)) for _ in range(deg)] + [F(1)])
        lo = F(rng.randint(-3, 0)) if rng.random() < 0.5 else None
        with use_backend("flint"):
            a = real_roots(p, lo)
        with use_backend("fraction"):
            b = real_roots(p, lo)
        assert len(a) == len(b)
        for r, s in zip(a, b):
            assert r.exact == s.exact
            if r.exact:
                assert r.lo == s.lo and peval(p, r.lo) == 0
            else:
                assert max(r.lo, s.lo) < min(r.hi, s.hi)  # the same root
                assert peval(p, r.lo) * peval(p, r.hi) < 0


def test_brackets_hold_one_sign_change(backend):
    p = pmul(pmul([F(-2), F(0), F(1)], [F(-3), F(0), F(1)]), [F(-5), F(0), F(1)])
    roots = real_roots(p)
    assert len(roots) == 6
    for r in roots:
        assert peval(p, r.lo) * peval(p, r.hi) < 0
