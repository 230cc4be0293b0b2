"""Barrett's (1994) concave-benefit model: closed forms against hand algebra and an
independent exact Stackelberg solver, stable sizes by brute force.

Model: ``pi_i = (b/N)(a Q - Q^2/2) - c q_i^2/2``, ``gamma = c/b``.  Barrett's closed forms
(module docstring of treaty/coalitions/_barrett.py) with ``D = N gamma + N - k`` and
``E = D^2 + N gamma k^2``: ``q_s = a N gamma k / E``, ``q_n = a D / E``.

Hand derivation, a = b = c = 1 (gamma = 1):

N = 3.
* k <= 1 (Nash): ``q = a/(N(1 + gamma)) = 1/6``, ``Q = 1/2``, ``B = (1/3)(1/2 - 1/8) = 1/8``,
  ``pi = 1/8 - 1/72 = 1/9``.
* k = 2: ``D = 4``, ``E = 16 + 12 = 28``, ``q_s = 6/28 = 3/14``, ``q_n = 4/28 = 1/7``,
  ``Q = 3/7 + 1/7 = 4/7``, ``B = (1/3)(4/7 - 8/49) = 20/147``,
  ``pi_s = 20/147 - 9/392 = 19/168``, ``pi_n = 20/147 - 1/98 = 37/294``.
* k = 3 (full cooperation): ``q = a/(N + gamma) = 1/4``, ``Q = 3/4``,
  ``B = (1/3)(3/4 - 9/32) = 5/32``, ``pi = 5/32 - 1/32 = 1/8``.
* Stability: k = 2 internal ``19/168 >= 1/9`` (2394 vs 2352 over 21168), external
  ``37/294 > 1/8`` (148 vs 147 over 1176); k = 3 not internal (``1/8 < 37/294``).  So k* = 2.

N = 4.
* Nash: ``q = 1/8``, ``Q = 1/2``, ``B = (1/4)(3/8) = 3/32``, ``pi = 3/32 - 1/128 = 11/128``.
* k = 2: ``D = 6``, ``E = 36 + 16 = 52``, ``q_s = 8/52 = 2/13``, ``q_n = 6/52 = 3/26``,
  ``Q = 4/13 + 3/13 = 7/13``.
* k = 3: ``D = 5``, ``E = 25 + 36 = 61``, ``q_s = 12/61``, ``q_n = 5/61``, ``Q = 41/61``,
  ``B = (1/4)(41/61 - 1681/7442) = (1/4)(3321/7442) = 3321/29768``,
  ``pi_s = 3321/29768 - 72/3721 = 2745/29768``, ``pi_n = 3321/29768 - 25/7442 = 3221/29768``.
* k = 4: ``q = 1/5``, ``Q = 4/5``, ``B = (1/4)(4/5 - 8/25) = 3/25``, ``pi = 3/25 - 1/50 = 1/10``.
* k = 3 is stable: it is internal because ``pi_s(3) = 2745/29768 >= pi_n(2)``, and external
  because ``pi_n(3) = 3221/29768 > 1/10 = 2976.8/29768``.

N = 5: k = 3: ``D = 7``, ``E = 49 + 45 = 94``, ``q_s = 15/94``, ``q_n = 7/94``; k = 5:
``q = 1/6``.
"""

from __future__ import annotations

from fractions import Fraction as F

import pytest

import treaty
from treaty.coalitions import BarrettModel, barrett_game, barrett_stable_size
from treaty.coalitions._barrett import barrett_abatements, barrett_payoffs
from treaty.errors import GameError

# -- an independent oracle: solve the Stackelberg game directly, in Fractions ---------------


def _follower_total(n, a, b, c, k, qs):
    """Q when k signatories play qs and the n - k others best-respond: each non-signatory's
    first-order condition (b/n)(a - Q) = c q_n, solved with Q = k qs + (n - k) q_n."""
    # Q = k qs + (n - k) b (a - Q) / (n c)  =>  Q (1 + (n-k) b/(n c)) = k qs + (n-k) b a/(n c)
    r = F(n - k) * b / (n * c)
    return (k * qs + r * a) / (1 + r)


def _payoff(n, a, b, c, total, q):
    return F(b) / n * (a * total - total * total / 2) - F(c) * q * q / 2


def _vertex(f):
    """Maximiser of a concave quadratic f from its values at 0, 1, 2."""
    w0, w1, w2 = f(F(0)), f(F(1)), f(F(2))
    alpha = (w2 - 2 * w1 + w0) / 2
    assert alpha < 0
    beta = w1 - w0 - alpha
    return -beta / (2 * alpha)


def _oracle(n, a, b, c, k):
    """(q_s, q_n, pi_s, pi_n) with k >= 2 signatories leading, or Nash for k <= 1."""
    a, b, c = F(a), F(b), F(c)
    if k <= 1:
        q = b * a / (n * c + n * b)  # q = b (a - n q) / (n c)
        total = n * q
        p = _payoff(n, a, b, c, total, q)
        return q, q, p, p

    def welfare(qs):  # one signatory's payoff given the followers' reaction
        total = _follower_total(n, a, b, c, k, qs)
        return _payoff(n, a, b, c, total, qs)

    qs = _vertex(welfare)
    total = _follower_total(n, a, b, c, k, qs)
    qn = (total - k * qs) / (n - k) if k < n else None
    return (qs, qn, _payoff(n, a, b, c, total, qs),
            _payoff(n, a, b, c, total, qn) if qn is not None else None)


def _stable_by_brute_force(n, a, b, c):
    pay = [_oracle(n, a, b, c, k) for k in range(n + 1)]
    out = []
    for k in range(2, n + 1):
        internal = pay[k][2] >= pay[k - 1][3]
        external = k == n or pay[k][3] > pay[k + 1][2]
        if internal and external:
            out.append(k)
    return tuple(out)


PARAMS = [(1, 1, 1), (10, 1, 1), (1, 4, 1), (3, 1, 5), (2, 100, 1), (1, 1, 100), (5, 3, 7)]


# -- hand-derived values -------------------------------------------------------------------

def test_hand_values_n3():
    assert barrett_payoffs(3, 1, 1, 1, 0) == (F(1, 9), F(1, 9))
    assert barrett_payoffs(3, 1, 1, 1, 1) == (F(1, 9), F(1, 9))
    assert barrett_abatements(3, 1, 1, 1, 2) == (F(3, 14), F(1, 7))
    assert barrett_payoffs(3, 1, 1, 1, 2) == (F(19, 168), F(37, 294))
    assert barrett_payoffs(3, 1, 1, 1, 3)[0] == F(1, 8)
    assert barrett_stable_size(3, 1, 1, 1) == (2,)


def test_hand_values_n4_n5():
    assert barrett_payoffs(4, 1, 1, 1, 0) == (F(11, 128), F(11, 128))
    assert barrett_abatements(4, 1, 1, 1, 2) == (F(2, 13), F(3, 26))
    assert barrett_abatements(4, 1, 1, 1, 3) == (F(12, 61), F(5, 61))
    assert barrett_payoffs(4, 1, 1, 1, 3) == (F(2745, 29768), F(3221, 29768))
    assert barrett_payoffs(4, 1, 1, 1, 4)[0] == F(1, 10)
    assert barrett_stable_size(4, 1, 1, 1) == (3,)
    assert barrett_abatements(5, 1, 1, 1, 3) == (F(15, 94), F(7, 94))
    assert barrett_abatements(5, 1, 1, 1, 5)[0] == F(1, 6)


def test_game_payoffs_exact():
    g = barrett_game(3, 1, 1, 1)
    assert g.is_exact
    assert g.payoffs({"C1", "C3"}) == (F(19, 168), F(37, 294), F(19, 168))
    assert g.payoffs({"C2"}) == (F(1, 9),) * 3
    assert treaty.barrett_game is barrett_game


# -- against the independent Stackelberg solver, brute force over k and over coalitions ---

@pytest.mark.parametrize("n", [3, 4, 5])
@pytest.mark.parametrize("a, b, c", PARAMS)
def test_closed_form_matches_stackelberg_oracle(n, a, b, c):
    for k in range(n + 1):
        qs, qn, ps, pn = _oracle(n, a, b, c, k)
        cs, cn = barrett_abatements(n, a, b, c, k)
        ks, kn = barrett_payoffs(n, a, b, c, k)
        assert (cs, ks) == (qs, ps)
        if qn is not None:
            assert (cn, kn) == (qn, pn)


@pytest.mark.parametrize("n", [3, 4, 5, 6])
@pytest.mark.parametrize("a, b, c", PARAMS)
def test_stable_sizes_brute_force(n, a, b, c):
    expected = _stable_by_brute_force(n, a, b, c)
    assert barrett_stable_size(n, a, b, c) == expected
    # the membership game's scan over all 2^n coalitions agrees
    assert barrett_game(n, a, b, c).stability().stable_sizes == expected


def test_flip_payoffs_match_payoffs():
    import numpy as np

    m = BarrettModel(5, 2, 3, 1)
    x = np.array([[(s >> i) & 1 for i in range(5)] for s in range(32)], dtype=bool)
    pay, flips = m.payoffs(x), m.flip_payoffs(x)
    for s in range(32):
        exact_pay, exact_flips = m.exact_payoffs_and_flips(list(x[s]))
        for i in range(5):
            y = x[s].copy()
            y[i] = not y[i]
            assert flips[s, i] == pytest.approx(pay[int(sum(1 << j for j in range(5) if y[j])), i])
            assert exact_flips[i] == m.exact_payoffs(list(y))[i]
            assert float(exact_pay[i]) == pytest.approx(pay[s, i])


# -- limits and comparative statics -------------------------------------------------------

@pytest.mark.parametrize("n", [3, 5, 8])
@pytest.mark.parametrize("a, b, c", PARAMS)
def test_full_cooperation_and_nash(n, a, b, c):
    a, b, c = F(a), F(b), F(c)

    def welfare(q):  # symmetric total welfare with everybody at q
        return n * _payoff(n, a, b, c, n * q, q)

    assert barrett_abatements(n, a, b, c, n)[0] == _vertex(welfare) == a * b / (n * b + c)
    nash = a * b / (n * (b + c))
    assert barrett_abatements(n, a, b, c, 0) == (nash, nash)
    assert barrett_abatements(n, a, b, c, 1) == (nash, nash)
    # a lone Stackelberg leader would abate less than at Nash: why k = 1 means no pact
    assert _vertex(lambda q: _payoff(n, a, b, c, _follower_total(n, a, b, c, 1, q), q)) < nash


@pytest.mark.parametrize("n", [3, 5, 10])
@pytest.mark.parametrize("a, b, c", PARAMS)
def test_signatories_abate_more_exactly_when(n, a, b, c):
    gamma = F(c, b)
    for k in range(2, n):
        qs, qn = barrett_abatements(n, a, b, c, k)
        assert (qs > qn) == (k > n * (1 + gamma) / (n * gamma + 1))
    # with gamma >= 1 the threshold is below 2: signatories always abate more
    if gamma >= 1:
        assert all(barrett_abatements(n, a, b, c, k)[0] > barrett_abatements(n, a, b, c, k)[1]
                   for k in range(2, n))


def test_stable_size_depends_on_gamma():
    # expensive abatement (large gamma = c/b): the famous small pact; cheap: large pacts
    assert barrett_stable_size(10, 1, 1, 100) == (2,)
    assert barrett_stable_size(10, 1, 1, F(1, 100)) == (10,)
    sizes = [barrett_stable_size(10, 1, 1, g)[0] for g in (F(1, 100), F(1, 10), 1, 10, 100)]
    assert sizes == sorted(sizes, reverse=True)


def test_float_inputs():
    g = barrett_game(4, 1.0, 1.0, 1.0)
    assert not g.is_exact
    assert g.stability().stable_sizes == (3,)
    assert barrett_stable_size(4, 1.0, 1.0, 1.0) == (3,)


@pytest.mark.parametrize("args", [(0, 1, 1, 1), (3, 1, 0, 1), (3, 1, 1, -1), (3, "1", 1, 1),
                                  (True, 1, 1, 1), (3, float("inf"), 1, 1)])
def test_errors(args):
    with pytest.raises(GameError):
        barrett_game(*args)
