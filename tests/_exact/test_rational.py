"""The rationaliser: known fractions from their floats, normalisation, rejections."""

from fractions import Fraction as F

from treaty._exact.rational import DENOMINATOR_BOUNDS, rational_candidates, rational_simplex


def test_recovers_known_fractions():
    for probs in ([F(1, 3), F(2, 3)], [F(2, 7), F(5, 7)], [F(1, 11), F(3, 11), F(7, 11)],
                  [F(1, 2), F(0), F(1, 2)]):
        floats = [float(p) for p in probs]
        assert rational_simplex(floats, 100) == probs
        assert probs in list(rational_candidates(floats))


def test_unnormalised_input_is_renormalised():
    assert rational_simplex([2.0, 6.0], 10) == [F(1, 4), F(3, 4)]
    q = rational_simplex([0.1, 0.2, 0.3], 1000)
    assert sum(q) == 1 and q == [F(1, 6), F(1, 3), F(1, 2)]


def test_exact_binary_value_without_bound():
    assert rational_simplex([0.1, 0.9], None) == [F(0.1) / (F(0.1) + F(0.9)),
                                                 F(0.9) / (F(0.1) + F(0.9))]


def test_rejections():
    assert rational_simplex([0.0, 0.0], 10) is None
    assert rational_simplex([-0.4, 1.4], 10) is None  # a negative probability
    assert rational_simplex([], 10) is None


def test_candidates_simplest_first_and_distinct():
    cands = list(rational_candidates([0.3, 0.7], (2, 10, 100, 1000)))
    assert cands == [[F(1, 2), F(1, 2)], [F(3, 10), F(7, 10)]]
    assert list(DENOMINATOR_BOUNDS) == sorted(DENOMINATOR_BOUNDS)
