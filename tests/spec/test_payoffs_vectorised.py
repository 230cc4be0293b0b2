"""NormalFormSpec.payoffs evaluates all parameter points at once, verification included: every
entry equals the payoffs of the game instantiated at that point on its own."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from treaty import read_spec, read_spec_text
from treaty.errors import SpecError
from treaty.mechanics.verification import Mechanism, add_verification, verification_payoffs

GAMES = Path(__file__).resolve().parents[2] / "games"


def _pointwise(spec, points: dict[str, np.ndarray]) -> np.ndarray:
    n = len(next(iter(points.values())))
    return np.stack([spec.instantiate({k: float(v[j]) for k, v in points.items()}).float_payoffs
                     for j in range(n)])


def _uniform(spec, names: list[str], n: int, seed: int) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(seed)
    out = {}
    for name in names:
        lo, hi = spec.bounds(name)
        lo = float(lo) if lo is not None else -5.0
        hi = float(hi) if hi is not None else lo + 10.0
        out[name] = rng.uniform(lo, hi, n)
    return out


def test_safety_pact_with_verification() -> None:
    spec = read_spec(GAMES / "safety_pact.yaml")
    assert spec.verification is not None
    pts = _uniform(spec, list(spec.parameters.names), 60, 0)
    pts["p"][:3] = [0.0, 1.0, 0.5]  # detection at its bounds
    got = spec.payoffs(pts)
    want = _pointwise(spec, pts)
    assert got.shape == want.shape == (60, 2, 3, 3)
    np.testing.assert_allclose(got, want, rtol=0, atol=1e-12)


def test_export_controls() -> None:
    spec = read_spec(GAMES / "export_controls.yaml")
    pts = _uniform(spec, list(spec.parameters.names)[:6], 40, 1)
    np.testing.assert_allclose(spec.payoffs(pts), _pointwise(spec, pts), rtol=0, atol=1e-12)


INSPECTED = """
treaty: 1
kind: normal-form
parameters:
  p: {value: 1/2, min: 0, max: 1}
  d: {value: 3, min: 0}
  S: {value: 4, min: 0}
  c: {value: 1, min: 0}
players:
  - {name: A, strategies: [pact, race]}
  - {name: B, strategies: [pact, race]}
payoffs:
  A: [[5, 0], [6, 1]]
  B: [[5, 6], [0, 1]]
verification:
  commitment: pact
  mimics: race
  detection: {A: p, B: p / 2}
  sanction: S
  false_alarm: p / 10
  monitoring_cost: c
  paid_by: [A]
  inspection: {cost: c, loss_undetected: d, loss_detected: d / 3}
"""


def test_inspector_mimics_per_player_values() -> None:
    spec = read_spec_text(INSPECTED)
    pts = {"p": np.linspace(0, 1, 11), "d": np.linspace(1, 5, 11), "S": np.full(11, 2.0)}
    got = spec.payoffs(pts)
    assert got.shape == (11, 3, 3, 3, 2)
    np.testing.assert_allclose(got, _pointwise(spec, pts), rtol=0, atol=1e-12)


def test_bad_value_is_located() -> None:
    spec = read_spec_text(INSPECTED.replace("B: p / 2", "B: 2 * p"))
    with pytest.raises(SpecError, match=r"^<string>:18:24: 'detection' must be a probability "
                                        r"in \[0, 1\], got 1.5 at point 2$"):
        spec.payoffs({"p": np.array([0.1, 0.5, 0.75])})


def test_transform_matches_add_verification_on_exact_games() -> None:
    # the array transform against the exact one-game construction, random stage games
    from fractions import Fraction

    from treaty import Game

    rng = np.random.default_rng(4)
    base = rng.integers(-5, 6, (20, 2, 2, 3)).astype(float)
    m = Mechanism(commitment="pact", gain=Fraction(3), harm={"B": 1}, detection=Fraction(1, 3),
                  sanction=5, false_alarm=Fraction(1, 10), monitoring_cost=Fraction(1, 2),
                  paid_by="shared")
    labels = [["pact", "race"], ["pact", "race", "wait"]]
    got = verification_payoffs(base, ["A", "B"], labels, m)
    for k in range(20):
        g = Game(base[k].astype(int).astype(object), players=["A", "B"], strategies=labels)
        want = np.asarray(add_verification(g, m).payoffs, dtype=float)
        np.testing.assert_allclose(got[k], want, rtol=0, atol=1e-12)


def test_no_game_is_built_per_point(monkeypatch: pytest.MonkeyPatch) -> None:
    spec = read_spec(GAMES / "safety_pact.yaml")
    pts = _uniform(spec, ["p", "S"], 5, 2)
    want = _pointwise(spec, pts)

    def refuse(*args, **kwargs):
        raise AssertionError("payoffs built a game point by point")

    monkeypatch.setattr(type(spec), "instantiate", refuse)
    monkeypatch.setattr(type(spec), "build", refuse)
    np.testing.assert_allclose(spec.payoffs(pts), want, rtol=0, atol=1e-12)
