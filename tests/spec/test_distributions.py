"""The ``distribution`` key of parameters: parsing, located errors, and sampling.

Sampling is checked against SciPy's own distributions (an independent implementation: the
samples here come from treaty's quantile functions) by Kolmogorov-Smirnov tests at fixed
seeds, and against closed forms (means, quantiles, exact scenario shares).
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
from scipy import stats

from treaty.errors import SpecError
from treaty.spec.distributions import (
    Beta,
    Scenarios,
    Triangular,
    TruncatedNormal,
    Uniform,
    make_distribution,
)
from treaty.spec.loader import read_spec_text

F = Fraction

HEAD = """players: {A: [x, y], B: [x, y]}
payoffs: {A: [[p, 0], [0, 1]], B: [[1, 0], [0, 1]]}
parameters:
"""


def dist_of(line: str, name: str = "p"):
    spec = read_spec_text(HEAD + line + "\n")
    return spec.parameters[name].distribution


def error_of(line: str) -> SpecError:
    with pytest.raises(SpecError) as info:
        read_spec_text(HEAD + line + "\n")
    return info.value


# -- parsing -----------------------------------------------------------------------------

def test_each_type_is_read_with_its_arguments() -> None:
    assert dist_of("  p: {value: 1/2, min: 0, max: 1, distribution: uniform}") == Uniform(F(0), F(1))
    assert dist_of("  p: {value: 1, min: 0, distribution: {type: uniform, low: 1/2, high: 3}}") \
        == Uniform(F(1, 2), F(3))
    assert dist_of("  p: {value: 1, distribution: {type: triangular, low: 0, mode: 1, high: 4}}") \
        == Triangular(F(0), F(1), F(4))
    assert dist_of("  p: {value: 0, min: 0, max: 1, distribution: {type: beta, alpha: 2, beta: 5}}") \
        == Beta(F(2), F(5), F(0), F(1))
    d = dist_of("  p: {value: 1, min: 0, max: 4, distribution: {type: normal, mean: 1, sd: 1/2}}")
    assert d == TruncatedNormal(F(1), F(1, 2), F(0), F(4))
    d = dist_of("  p: {value: 1, distribution: {type: normal, mean: 1, sd: 2}}")
    assert d == TruncatedNormal(F(1), F(2), None, None) and d.low == -np.inf
    d = dist_of("  p: {value: 2, distribution: {type: scenarios, values: [1, 2, 5], weights: [1, 2, 1]}}")
    assert d == Scenarios((F(1), F(2), F(5)), (F(1), F(2), F(1)))
    assert d.probabilities == (F(1, 4), F(1, 2), F(1, 4))
    d = dist_of("  p: {value: 2, distribution: {type: scenarios, values: [1, 3]}}")
    assert d.probabilities == (F(1, 2), F(1, 2))
    assert dist_of("  p: {value: 2}") is None and dist_of("  p: 2") is None


def test_json_spec_with_fractions_as_text() -> None:
    text = ('{"players": {"A": ["x", "y"], "B": ["x", "y"]}, '
            '"payoffs": {"A": [["p", 0], [0, 1]], "B": [[1, 0], [0, 1]]}, '
            '"parameters": {"p": {"value": "1/2", "min": 0, "max": 1, '
            '"distribution": {"type": "triangular", "mode": "1/3"}}}}')
    spec = read_spec_text(text, format="json")
    assert spec.parameters["p"].distribution == Triangular(F(0), F(1, 3), F(1))


@pytest.mark.parametrize("line, where, words", [
    ("  p: {value: 1, min: 0, max: 1, distribution: {type: unifrom}}", "4:54",
     ["unknown distribution type 'unifrom'", "did you mean 'uniform'"]),
    ("  p: {value: 1, min: 0, max: 1, distribution: normall}", "4:47",
     ["unknown distribution type 'normall'", "normal"]),
    ("  p: {value: 1, min: 0, max: 1, distribution: triangular}", "4:47",
     ["needs arguments", "mode"]),
    ("  p: {value: 1, min: 0, max: 1, distribution: {type: triangular}}", "4:47",
     ["missing the required key 'mode'"]),
    ("  p: {value: 1, min: 0, max: 1, distribution: {type: triangular, mode: 2}}", "4:72",
     ["'mode' 2", "outside [0, 1]"]),
    ("  p: {value: 1, min: 0, max: 1, distribution: {type: beta, alpha: 0, beta: 1}}", "4:67",
     ["'alpha'", "must be positive"]),
    ("  p: {value: 1, distribution: {type: normal, mean: 0, sd: -1}}", "4:59",
     ["'sd'", "must be positive"]),
    ("  p: {value: 1, distribution: uniform}", "4:31",
     ["needs a finite 'low'", "give 'low' or the parameter's 'min'"]),
    ("  p: {value: 1, min: 0, distribution: {type: uniform, high: 2, low: -1}}", "4:69",
     ["'low' -1", "below the parameter's min 0"]),
    ("  p: {value: 1, max: 1, distribution: {type: uniform, low: 0, high: 2}}", "4:69",
     ["'high' 2", "above the parameter's max 1"]),
    ("  p: {value: 1, distribution: {type: uniform, low: 2, high: 1}}", "4:61",
     ["'high' 1 is below 'low' 2"]),
    ("  p: {value: 1, distribution: {type: uniform, low: 0, high: 1, mode: 1}}", "4:70",
     ["a uniform distribution takes no 'mode'", "takes low, high"]),
    ("  p: {value: 1, distribution: {type: uniform, low: 0, hi: 1}}", "4:55",
     ["unknown key 'hi'", "did you mean 'high'"]),
    ("  p: {value: 1, distribution: {type: uniform, low: 0, high: q}}", "4:61",
     ["'high' of the distribution of 'p' must be a number", "not expressions"]),
    ("  p: {value: 1, distribution: {type: scenarios, values: [1, 2], weights: [1]}}", "4:74",
     ["1 weights for 2 values"]),
    ("  p: {value: 1, distribution: {type: scenarios, values: [1, 2], weights: [1, -1]}}", "4:78",
     ["weight -1", "is negative"]),
    ("  p: {value: 1, distribution: {type: scenarios, values: [1, 2], weights: [0, 0]}}", "4:74",
     ["the weights of the distribution of 'p' are all 0"]),
    ("  p: {value: 1, distribution: {type: scenarios, values: []}}", "4:57",
     ["'values' of the distribution of 'p' is empty"]),
    ("  p: {value: 1, max: 1, distribution: {type: scenarios, values: [0, 2]}}", "4:69",
     ["scenario value 2", "outside the parameter's bounds [-inf, 1]"]),
    ("  p: {value: 1, distribution: {type: scenarios, values: 3}}", "4:57",
     ["must be a list"]),
    ("  p: {value: 1, distribution: [1, 2]}", "4:31",
     ["must be a type name or a mapping"]),
    ("  p: {value: 1, min: 0, max: 1, distribution: {type: normal, mean: 0, sd: 1, low: 1}}",
     "4:47", ["truncated to the single value 1"]),
])
def test_bad_distributions_are_located_one_line_errors(line: str, where: str,
                                                      words: list[str]) -> None:
    err = error_of(line)
    text = str(err)
    assert text.startswith(f"<string>:{where}: "), text
    assert "\n" not in text
    for w in words:
        assert w in text, text


def test_make_distribution_from_python_values() -> None:
    d = make_distribution("triangular", {"mode": 0.25}, name="p", minimum=F(0), maximum=F(1))
    assert d == Triangular(F(0), F(1, 4), F(1))
    d = make_distribution("scenarios", {"values": ["1/3", 1], "weights": [3, 1]})
    assert d.probabilities == (F(3, 4), F(1, 4)) and d.mean == F(1, 2)
    with pytest.raises(SpecError, match="unknown distribution type 'gauss'"):
        make_distribution("gauss", {})


# -- sampling ----------------------------------------------------------------------------

N = 20_000


def ks_p(sample: np.ndarray, cdf) -> float:
    return float(stats.kstest(sample, cdf).pvalue)


def test_samples_follow_the_distributions_scipy_defines() -> None:
    rng = np.random.default_rng(1)
    cases = [
        (Uniform(F(-1), F(3)), stats.uniform(loc=-1, scale=4)),
        (Triangular(F(0), F(1, 4), F(2)), stats.triang(c=1 / 8, loc=0, scale=2)),
        (Triangular(F(0), F(0), F(1)), stats.triang(c=0, loc=0, scale=1)),
        (Triangular(F(0), F(1), F(1)), stats.triang(c=1, loc=0, scale=1)),
        (Beta(F(2), F(5), F(1), F(3)), stats.beta(2, 5, loc=1, scale=2)),
        (Beta(F(1, 2), F(1, 2), F(0), F(1)), stats.beta(0.5, 0.5)),
        (TruncatedNormal(F(1), F(1, 2), F(0), F(4)), stats.truncnorm(-2, 6, loc=1, scale=0.5)),
        (TruncatedNormal(F(0), F(1), F(2), None), stats.truncnorm(2, np.inf)),  # far tail
        (TruncatedNormal(F(3), F(2), None, None), stats.norm(3, 2)),
    ]
    for dist, ref in cases:
        x = dist.sample(N, rng)
        assert x.shape == (N,) and x.dtype == np.float64
        assert dist.low <= x.min() and x.max() <= dist.high, dist
        assert ks_p(x, ref.cdf) > 1e-3, dist
        assert abs(x.mean() - float(dist.mean)) < 5 * ref.std() / np.sqrt(N), dist
        assert float(dist.mean) == pytest.approx(ref.mean(), rel=1e-9, abs=1e-12), dist


def test_quantiles_in_closed_form() -> None:
    t = Triangular(F(0), F(1), F(4))  # F(x) = x^2/4 on [0, 1]
    assert t.ppf(np.array([0.0, 0.25, 1.0])).tolist() == [0.0, 1.0, 4.0]
    # median: 1 - F(x) = (4 - x)^2 / 12 = 1/2
    assert t.ppf(np.array([0.5]))[0] == pytest.approx(4 - np.sqrt(6))
    u = Uniform(F(2), F(6))
    assert u.ppf(np.array([0.0, 0.5, 1.0])).tolist() == [2.0, 4.0, 6.0]
    b = Beta(F(1), F(1), F(0), F(2))  # beta(1, 1) is uniform
    assert b.ppf(np.array([0.25, 0.75])) == pytest.approx([0.5, 1.5])


def test_scenarios_give_their_exact_shares() -> None:
    s = Scenarios((F(1), F(2), F(5)), (F(1), F(2), F(1)))
    # the quantile function at the edges of the cumulative weights
    assert s.ppf(np.array([0.0, 0.2499, 0.25, 0.7499, 0.75, 0.999999, 1.0])).tolist() == \
        [1.0, 1.0, 2.0, 2.0, 5.0, 5.0, 5.0]
    x = s.sample(40_000, np.random.default_rng(3))
    shares = [(x == v).mean() for v in (1.0, 2.0, 5.0)]
    # binomial standard error sqrt(p(1-p)/n) <= 0.0025: 5 standard errors
    assert shares == pytest.approx([0.25, 0.5, 0.25], abs=0.0125)
    zero = Scenarios((F(1), F(2)), (F(0), F(1)))
    assert set(zero.sample(1000, np.random.default_rng(0)).tolist()) == {2.0}


def test_sampling_is_reproducible_from_the_seed() -> None:
    d = Beta(F(2), F(3), F(0), F(1))
    a = d.sample(100, np.random.default_rng(7))
    b = d.sample(100, np.random.default_rng(7))
    c = d.sample(100, np.random.default_rng(8))
    assert np.array_equal(a, b) and not np.array_equal(a, c)


def test_descriptions_and_dicts() -> None:
    assert Uniform(F(0), F(1)).describe() == "uniform on [0, 1]"
    assert Scenarios((F(1), F(3)), (F(1), F(3))).describe() == "scenarios 1 (1/4), 3 (3/4)"
    assert TruncatedNormal(F(1), F(1, 2), F(0), None).to_dict() == \
        {"type": "normal", "mean": 1, "sd": "1/2", "low": 0}
    assert Triangular(F(0), F(1, 3), F(1)).to_dict() == \
        {"type": "triangular", "low": 0, "mode": "1/3", "high": 1}


def test_schema_accepts_distributions_and_refuses_bad_types() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    from treaty.spec.schema import spec_schema

    doc = {"players": {"A": ["x", "y"], "B": ["x", "y"]},
           "payoffs": {"A": [["p", 0], [0, 1]], "B": [[1, 0], [0, 1]]},
           "parameters": {"p": {"value": 0, "min": 0, "max": 1, "distribution": "uniform"},
                          "q": {"value": 1, "distribution": {"type": "scenarios",
                                                             "values": [1, 2]}}}}
    v = jsonschema.Draft202012Validator(spec_schema("normal-form"))
    assert list(v.iter_errors(doc)) == []
    doc["parameters"]["q"]["distribution"]["type"] = "gaussian"
    assert list(v.iter_errors(doc)) != []
    doc["parameters"]["q"]["distribution"] = {"values": [1]}  # no type
    assert list(v.iter_errors(doc)) != []


def test_convert_keeps_the_distribution() -> None:
    from treaty.spec.loader import read_document
    from treaty.spec.writer import document_to_yaml

    text = HEAD + "  p: {value: 1/2, min: 0, max: 1, distribution: {type: beta, alpha: 2, beta: 1/2}}\n"
    root, _ = read_document(text)
    again = read_spec_text(document_to_yaml(root))
    assert again.parameters["p"].distribution == Beta(F(2), F(1, 2), F(0), F(1))
