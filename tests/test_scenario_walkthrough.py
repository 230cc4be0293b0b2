"""examples/scenario_walkthrough.py runs on the public API and prints numbers that theory gives.

Each expected number is computed here from a closed form and the parameters written in the
game files, never from the program's output:

* the pact threshold of the inspection game, p* = (g + a h) / (g + S), and the sanction that
  deters at a given p, S* = ((1 - p) g + a h) / p (Avenhaus, von Stengel and Zamir 2002);
* the critical discount factor of grim trigger, delta* = (T - R) / (T - P) under perfect
  monitoring (Friedman 1971) and (T - R) / (T - R + p (R - P)) when a violation is detected
  with probability p per round.
"""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from fractions import Fraction
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "examples" / "scenario_walkthrough.py"


def parameters(name: str) -> dict[str, Fraction]:
    """The default parameter values written in a game file (plain numbers in these files)."""
    doc = yaml.safe_load((ROOT / "games" / name).read_text())
    out = {}
    for key, spec in doc["parameters"].items():
        value = spec["value"] if isinstance(spec, dict) else spec
        out[key] = Fraction(str(value))
    return out


def run_walkthrough() -> str:
    proc = subprocess.run([sys.executable, str(SCRIPT)], capture_output=True, text=True,
                          cwd=ROOT, timeout=300)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def printed(pattern: str, text: str) -> Fraction:
    match = re.search(pattern, text)
    assert match, f"{pattern!r} not in the output:\n{text}"
    return Fraction(match.group(1))


def test_example_uses_only_the_public_api() -> None:
    tree = ast.parse(SCRIPT.read_text())
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            names = [node.module or ""]
        else:
            continue
        for name in names:
            assert name == "treaty" or not name.startswith("treaty"), name
    assert "treaty._" not in SCRIPT.read_text()
    assert "treaty.mechanics" not in SCRIPT.read_text()


def test_example_prints_the_theoretical_numbers() -> None:
    out = run_walkthrough()

    # the verified pact: compliance 'pact' against a covert violation (the binding deviation)
    sp = parameters("safety_pact.yaml")
    g, a, h, s, p = sp["g"], sp["a"], sp["h"], sp["S"], sp["p"]
    p_star = (g + a * h) / (g + s)
    assert p_star == Fraction(31, 90)
    assert printed(r"equilibrium at detection probability (\S+)", out) == p_star
    s_star = ((1 - p) * g + a * h) / p
    assert (p, s_star) == (Fraction(1, 4), Fraction(47, 5))
    assert printed(r"needs a sanction S of at least (\S+)", out) == s_star

    # negotiation (step 5): against containment as the outside option, the zone of agreement
    # starts where the pact becomes an equilibrium (participation does not bind: the pact pays
    # each power more than containment), at the same p* and S* as above
    assert printed(r"keep the pact for p from (\S+)", out) == p_star
    assert printed(r"keep the pact for S from (\S+)", out) == s_star
    # at p = 1/2 the agreement is the pact itself: each power's payoff is V - m - a h (its
    # monitoring cost and the expected cost of a false accusation), its gain that minus its
    # disagreement payoff, its share the gain over the total gain
    pact_payoff = sp["V"] - sp["m"] - a * h
    d_us = printed(r"Disagreement point US (\S+),", out)
    d_cn = printed(r"Disagreement point US \S+, CN ([^:\s]+):", out)
    # the outside option is the only equilibrium of export_controls.yaml, found independently by
    # nashpy's vertex enumeration
    nashpy = pytest.importorskip("nashpy")
    import treaty

    ec = treaty.load(ROOT / "games" / "export_controls.yaml")
    A, B = ec.float_payoffs
    eqs = list(nashpy.Game(A, B).vertex_enumeration())
    assert len(eqs) == 1
    x, y = eqs[0]
    assert abs(x @ A @ y - float(d_us)) < 1e-9 and abs(x @ B @ y - float(d_cn)) < 1e-9
    gain_us, gain_cn = pact_payoff - d_us, pact_payoff - d_cn
    assert printed(r"US gains (\S+),", out) == gain_us
    assert printed(r"CN gains (\S+);", out) == gain_cn
    assert printed(r"shares of the gain US (\S+),", out) == gain_us / (gain_us + gain_cn)
    # the pact maximises the total payoff at p = 1/2, so no correlated equilibrium beats it
    assert "A mediator adds nothing" in out

    # the repeated pact: stage payoffs of the prisoners' dilemma in the spec's assumptions
    rp = parameters("safety_pact_repeated.yaml")
    reward = rp["V"] - rp["m"]
    temptation = rp["V"] + rp["g"] - rp["c"] / 2
    punishment = rp["V"] - rp["c"]
    perfect = (temptation - reward) / (temptation - punishment)
    assert perfect == Fraction(3, 11)
    assert printed(r"perfect monitoring: critical discount factor (\S+)", out) == perfect
    det = rp["p"]
    imperfect = (temptation - reward) / (temptation - reward + det * (reward - punishment))
    assert (det, imperfect) == (Fraction(1, 2), Fraction(3, 7))
    assert printed(rf"detection probability {det} per round: critical discount factor (\S+)",
                   out) == imperfect

    # deployment: deviating to the frontier pays L persist - f against D, so deploying holds
    # for persist <= (D + f) / L
    dr = parameters("deployment_race.yaml")
    persist = (dr["D"] + dr["f"]) / dr["L"]
    assert persist == Fraction(4, 5)
    assert printed(r"bind at persist = (\S+)", out) == persist
