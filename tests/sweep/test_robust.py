"""treaty.robust: regime probabilities under uncertain parameters, and Sobol indices.

Known answers: in the inspection game below, compliance is an equilibrium iff the detection
probability p >= t = d / (d + b) (Avenhaus, von Stengel and Zamir 2002: cheating pays
(1 - p) d - p b against 0 for complying).  With p uniform on [0, 1] the probability is
1 - t; with other distributions it is 1 - F(t), computed here from closed forms or from
scipy.stats (an independent implementation).
"""

from __future__ import annotations

import json
import sys
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner
from scipy import stats

from treaty.errors import ParameterError
from treaty.spec.loader import read_spec_text
from treaty.sweep._robust import clopper_pearson, robust

ROOT = Path(__file__).resolve().parents[2]

INSPECTION = """title: Inspection
parameters:
  d: {{value: 1, min: 0, doc: gain from an undetected violation}}
  b: {{value: 3, min: 0, doc: sanction when caught}}
  p: {{value: 1/2, min: 0, max: 1, doc: detection probability{p}}}
  q: {{value: 1/2, min: 0, max: 1, doc: the verifier's stake{q}}}
players:
  Country: [comply, cheat]
  Verifier: [watch, idle]
payoffs:
  Country: [[0, 0], ["(1 - p) * d - p * b", "(1 - p) * d - p * b"]]
  Verifier: [[q, 0], [0, 0]]
targets:
  compliance: [comply, watch]
"""


def inspection(p: str = ", distribution: uniform", q: str = ", distribution: uniform") -> object:
    return read_spec_text(INSPECTION.format(p=p, q=q), file="inspection.yaml")


def test_uniform_parameter_gives_one_minus_the_threshold() -> None:
    res = robust(inspection(), n=4000, seed=0, sobol=None)
    e = res["compliance_equilibrium"]
    assert e.n == 4000 and res.method == "sample"
    assert e.low <= 0.75 <= e.high  # t = 1/(1+3)
    assert e.high - e.low < 0.03
    u = res["compliance_unique"]  # unique whenever p > t and q > 0: also 1 - t
    assert u.low <= 0.75 <= u.high
    # a fixed parameter moves the threshold: b = 1 gives t = 1/2
    half = robust(inspection(), n=4000, seed=1, sobol=None, params={"b": 1})
    assert half["compliance_equilibrium"].low <= 0.5 <= half["compliance_equilibrium"].high
    assert half.fixed == {"b": Fraction(1)}


def test_the_interval_covers_the_true_value_as_often_as_it_says() -> None:
    # exact coverage of the Clopper-Pearson interval: sum of binomial probabilities of the
    # counts whose interval holds the true p; at least 95% for every p and n
    for n in (10, 37, 200):
        lo_hi = [clopper_pearson(k, n) for k in range(n + 1)]
        for p in np.linspace(0.001, 0.999, 97):
            pmf = stats.binom.pmf(np.arange(n + 1), n, p)
            covered = sum(pmf[k] for k, (lo, hi) in enumerate(lo_hi) if lo <= p <= hi)
            assert covered >= 0.95 - 1e-9, (n, p, covered)
    # and end to end: 40 seeds of 200 draws each, true value 3/4
    spec = inspection(q="")
    misses = sum(not (r["compliance_equilibrium"].low <= 0.75 <= r["compliance_equilibrium"].high)
                 for r in (robust(spec, n=200, seed=s, sobol=None) for s in range(40)))
    assert misses <= 6  # expected at most 2; P(more than 6 misses) < 0.002 at 95% coverage


def test_other_distributions_give_one_minus_their_cdf_at_the_threshold() -> None:
    cases = [
        # triangular(0, 1/2, 1): F(1/4) = (1/4)^2 / (1 * 1/2) = 1/8
        (", distribution: {type: triangular, mode: 1/2}", 1 - 1 / 8),
        (", distribution: {type: beta, alpha: 2, beta: 5}", float(stats.beta(2, 5).sf(0.25))),
        (", distribution: {type: normal, mean: 1/2, sd: 1/5}",
         float(stats.truncnorm(-2.5, 2.5, loc=0.5, scale=0.2).sf(0.25))),
        (", distribution: {type: uniform, low: 0, high: 1/2}", 0.5),
    ]
    for line, truth in cases:
        e = robust(inspection(p=line, q=""), n=4000, seed=2, sobol=None)["compliance_equilibrium"]
        assert e.low <= truth <= e.high, (line, truth, e)


def test_scenarios_with_weights_give_exact_shares() -> None:
    p = ", distribution: {type: scenarios, values: [1/10, 1/5, 1/2, 9/10], weights: [1, 2, 3, 4]}"
    q = ", distribution: {type: scenarios, values: [0, 1], weights: [1, 3]}"
    res = robust(inspection(p=p, q=q), sobol=None)
    assert res.method == "exact" and res.n == 8 and res.seed is None
    e = res["compliance_equilibrium"]  # p >= 1/4: the scenarios 1/2 and 9/10
    assert e.probability == e.low == e.high == Fraction(7, 10)
    # unique needs p >= 1/4 (not tied) and q > 0 (otherwise the verifier is indifferent)
    assert res["compliance_unique"].probability == Fraction(7, 10) * Fraction(3, 4)
    # sampled instead: the share lies within its interval around the exact value
    drawn = robust(inspection(p=p, q=q), n=4000, seed=3, exact=False, sobol=None)
    assert drawn.method == "sample"
    assert drawn["compliance_unique"].low <= 21 / 40 <= drawn["compliance_unique"].high


def test_scenario_values_stay_exact_at_a_tie() -> None:
    # b = 2: t = 1/3, and at p = 1/3 exactly the country is indifferent, so complying is an
    # equilibrium (not the unique one: cheating is one too); the float nearest 1/3 lies below t
    spec = read_spec_text(INSPECTION.format(
        p=", distribution: {type: scenarios, values: [1/3, 1/5]}", q="").replace(
        "b: {value: 3", "b: {value: 2"))
    res = robust(spec, sobol=None)
    assert res["compliance_equilibrium"].probability == Fraction(1, 2)
    assert res["compliance_unique"].probability == 0
    drawn = robust(spec, n=400, seed=0, exact=False, sobol=None)
    draws = drawn.sweep.columns["p"]
    assert drawn["compliance_equilibrium"].count == int((draws > 0.3).sum()) > 0


def test_rendering_of_exact_and_sampled_results() -> None:
    from treaty.report.robust import render_robust

    p = ", distribution: {type: scenarios, values: [1/10, 1/2], weights: [1, 3]}"
    exact = robust(inspection(p=p, q=""), sobol=None)
    text = render_robust(exact)
    line = next(x for x in text.splitlines() if x.startswith("compliance_equilibrium"))
    assert line.split() == ["compliance_equilibrium", "3/4", "(0.75)", "exact", "1", "/", "2"]
    assert "scenarios 1/10 (1/4), 1/2 (3/4)" in text and "weighted exactly" in text
    csv = render_robust(exact, "csv").splitlines()
    assert csv[0] == "event,probability,low,high,count,points"
    assert csv[1] == "compliance_equilibrium,0.75,0.75,0.75,1,2"
    md = render_robust(robust(inspection(), n=100, sobol=None), "markdown")
    assert "| compliance_equilibrium |" in md and "95% interval" in md


def test_sobol_indices_put_the_weight_on_the_one_parameter_that_matters() -> None:
    pytest.importorskip("SALib")
    res = robust(inspection(), n=500, seed=0, sobol=1024, classify="target:compliance")
    s = res.sensitivity
    assert s is not None and s.parameters == ("p", "q") and s.evaluations == 1024 * 4
    idx = s.indices["compliance_equilibrium"]
    assert idx["p"][2] > 0.9 and idx["p"][0] > 0.85  # total and first order of p
    assert idx["q"][2] < 0.02 and abs(idx["q"][0]) < 0.05
    assert s.most_influential("compliance_equilibrium") == "p"
    assert "hinging most on p" in res.describe()


def test_without_salib_the_probabilities_stay_and_the_extra_is_named(monkeypatch) -> None:
    monkeypatch.setitem(sys.modules, "SALib", None)
    monkeypatch.setitem(sys.modules, "SALib.sample", None)
    monkeypatch.setitem(sys.modules, "SALib.analyze", None)
    res = robust(inspection(), n=300, seed=0, sobol=256)
    assert res.sensitivity is not None and res.sensitivity.indices == {}
    assert 'pip install "treaty[sensitivity]"' in res.sensitivity.note
    assert res["compliance_equilibrium"].n == 300


def test_seeded_and_reproducible() -> None:
    a = robust(inspection(), n=300, seed=5, sobol=None)
    b = robust(inspection(), n=300, seed=5, sobol=None)
    c = robust(inspection(), n=300, seed=6, sobol=None)
    assert a.events == b.events and a.events != c.events


def test_distributions_from_python_and_refusals() -> None:
    plain = inspection(p="", q="")
    with pytest.raises(ParameterError, match="no parameter of this spec declares a distribution"):
        robust(plain, n=10)
    res = robust(plain, n=2000, seed=0, sobol=None, distributions={"p": {"type": "uniform"}})
    assert list(res.distributions) == ["p"]
    assert res["compliance_equilibrium"].low <= 0.75 <= res["compliance_equilibrium"].high
    # a parameter given a value is fixed, not sampled
    fixed = robust(inspection(), n=50, seed=0, sobol=None, params={"p": "1/2"})
    assert list(fixed.distributions) == ["q"] and fixed["compliance_equilibrium"].count == 50
    with pytest.raises(ParameterError, match="power of two"):
        robust(inspection(), n=10, sobol=100)
    with pytest.raises(ParameterError, match="exact probabilities need"):
        robust(inspection(), n=10, exact=True)


def test_to_dict_and_the_json_output_validate(tmp_path: Path) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    from treaty.cli import cli

    path = tmp_path / "inspection.yaml"
    path.write_text(INSPECTION.format(p=", distribution: uniform", q=""))
    runner = CliRunner()
    res = runner.invoke(cli, ["robust", str(path), "--samples", "400", "--sobol", "64",
                              "--format", "json"])
    assert res.exit_code == 0, res.output
    doc = json.loads(res.stdout)
    schema = json.loads((ROOT / "treaty" / "report" / "output.schema.json").read_text())
    jsonschema.Draft202012Validator(schema).validate(doc)
    assert doc["command"] == "robust"
    events = {e["event"]: e for e in doc["result"]["events"]}
    assert events["compliance_equilibrium"]["points"] == 400
    table = runner.invoke(cli, ["robust", str(path), "--samples", "400", "--sobol", "0"])
    assert table.exit_code == 0 and "compliance_equilibrium" in table.stdout
    assert "uniform on [0, 1]" in table.stdout


def test_cli_errors_are_one_line(tmp_path: Path) -> None:
    from treaty.cli import cli

    path = tmp_path / "bad.yaml"
    path.write_text(INSPECTION.format(p=", distribution: {type: beta, alpha: 2}", q=""))
    res = CliRunner().invoke(cli, ["robust", str(path)])
    assert res.exit_code == 2
    assert res.stderr.strip().count("\n") == 0
    assert "bad.yaml:5:" in res.stderr and "missing the required key 'beta'" in res.stderr


def test_membership_specs_default_to_the_pacts_classifier() -> None:
    from treaty.spec.loader import read_spec

    spec = read_spec(ROOT / "games" / "ai_safety_pact_members.yaml")
    dist = {"ally_benefit": {"type": "uniform", "low": 0, "high": 6}}
    assert robust(spec, n=10, sobol=None, distributions=dist).classifiers == ("pacts",)
    res = robust(spec, n=40, sobol=None, distributions=dist, classify="stable:US+CN")
    assert [e.name for e in res.events] == ["US+CN_stable"] and res["US+CN_stable"].n == 40


def test_an_executor_gives_the_in_process_answer() -> None:
    from concurrent.futures import ThreadPoolExecutor

    here = robust(inspection(), n=600, seed=4, sobol=None)
    with ThreadPoolExecutor(2) as pool:
        there = robust(inspection(), n=600, seed=4, sobol=None, executor=pool, chunk_size=128)
    assert there.events == here.events
    assert np.array_equal(there.sweep.columns["p"], here.sweep.columns["p"])


def test_sobol_indices_of_two_interacting_thresholds_match_the_closed_form() -> None:
    # compliance is an equilibrium iff p >= a = 1/4 (the country) and q >= b = 1/2 (the
    # verifier watches when q - 1/2 >= 0): Y = 1[p >= a] 1[q >= b], p and q uniform. With
    # P = (1-a)(1-b) = 3/8 and Var Y = P(1-P) = 15/64: Var E[Y|p] = (1-b)^2 a(1-a) = 3/64 and
    # Var E[Y|q] = (1-a)^2 b(1-b) = 9/64, so S1 = (1/5, 3/5) and ST = 1 - S1(other) = (2/5, 4/5)
    pytest.importorskip("SALib")
    spec = read_spec_text(INSPECTION.format(p=", distribution: uniform", q=", distribution: uniform")
                          .replace("Verifier: [[q, 0], [0, 0]]", "Verifier: [[q - 1/2, 0], [0, 0]]"))
    res = robust(spec, n=4000, seed=0, sobol=4096, classify="target:compliance")
    e = res["compliance_equilibrium"]
    assert e.low <= 3 / 8 <= e.high
    idx = res.sensitivity.indices["compliance_equilibrium"]
    assert idx["p"][0] == pytest.approx(0.2, abs=0.05) and idx["q"][0] == pytest.approx(0.6, abs=0.05)
    assert idx["p"][2] == pytest.approx(0.4, abs=0.05) and idx["q"][2] == pytest.approx(0.8, abs=0.05)
