"""Correlated equilibria certified from HiGHS's optimal basis (degenerate LPs whose float point
neither rounds to an exact equilibrium nor determines one by its tightest constraints).

Oracles: the incentive constraints re-checked from the definition (Aumann 1974), and the
welfare optimum of a plain dense scipy.optimize.linprog written here.
"""

from __future__ import annotations

import itertools
from fractions import Fraction as F

import numpy as np
import pytest
from scipy.optimize import linprog

import treaty
from treaty import Game


def _plain_welfare(payoffs: list[np.ndarray]) -> float:
    shape = payoffs[0].shape
    profiles = list(np.ndindex(*shape))
    index = {p: k for k, p in enumerate(profiles)}
    rows = []
    for i, m in enumerate(shape):
        for s, t in itertools.permutations(range(m), 2):
            row = np.zeros(len(profiles))
            for p in profiles:
                if p[i] == s:
                    q = p[:i] + (t,) + p[i + 1:]
                    row[index[p]] = payoffs[i][q] - payoffs[i][p]
            rows.append(row)
    welfare = np.array([sum(float(u[p]) for u in payoffs) for p in profiles])
    res = linprog(-welfare, A_ub=np.array(rows), b_ub=np.zeros(len(rows)),
                  A_eq=np.ones((1, len(profiles))), b_eq=[1.0], bounds=(0, None), method="highs")
    return float(-res.fun)


def _max_violation(payoffs: list[np.ndarray], mu: dict[tuple[int, ...], F]) -> F:
    worst = F(0)
    for i, m in enumerate(payoffs[0].shape):
        for s, t in itertools.permutations(range(m), 2):
            total = F(0)
            for p, q in mu.items():
                if p[i] == s:
                    dev = p[:i] + (t,) + p[i + 1:]
                    total += q * int(payoffs[i][dev] - payoffs[i][p])
            worst = max(worst, total)
    return worst


@pytest.mark.parametrize("seed", [2, pytest.param(4, marks=pytest.mark.slow)])
def test_30x30_from_the_basis(seed: int) -> None:
    # seeds 2 and 4 of benchmarks/bench_correlated.py: the rationalised float point is not an
    # equilibrium; the basis gives the exact optimal vertex (seed 4, degenerate, stayed float:
    # HiGHS's basis is infeasible by 1e-9 and exact dual simplex pivots repair it)
    rng = np.random.default_rng(seed)
    arrs = [rng.integers(-50, 51, (30, 30)) for _ in range(2)]
    g = Game.from_arrays(*[a.tolist() for a in arrs])
    ce = treaty.correlated_equilibrium(g, "welfare")
    assert ce.exact and "basis" in ce.note
    idx = {tuple(g.strategies[i].index(s) for i, s in enumerate(p)): q for p, q in ce.distribution.items()}
    assert all(isinstance(q, F) and q > 0 for q in idx.values()) and sum(idx.values()) == 1
    assert _max_violation(arrs, idx) <= 0
    # the float oracle is HiGHS's optimum to its tolerances: on seed 4 it exceeds the exact
    # optimum by 1.5e-7 with a point infeasible by about 1e-9
    assert abs(float(ce.welfare) - _plain_welfare(arrs)) < 1e-6


def test_basis_path_when_rounding_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    from treaty.negotiation import _correlated

    monkeypatch.setattr(_correlated, "rational_candidates", lambda x, bounds: iter(()))
    rng = np.random.default_rng(5)
    arrs = [rng.integers(-9, 10, (5, 5)) for _ in range(2)]
    g = Game.from_arrays(*[a.tolist() for a in arrs])
    for objective in ("welfare", "egalitarian"):
        ce = treaty.correlated_equilibrium(g, objective)
        assert ce.exact and "basis" in ce.note
        idx = {tuple(g.strategies[i].index(s) for i, s in enumerate(p)): q
               for p, q in ce.distribution.items()}
        assert _max_violation(arrs, idx) <= 0 and sum(idx.values()) == 1
    assert abs(float(treaty.correlated_equilibrium(g).welfare) - _plain_welfare(arrs)) < 1e-9
