"""treaty.sweep: rows equal individual solves, boundaries agree with exact thresholds."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest

import treaty
from treaty.sweep import grid_design

PACT = "games/safety_pact.yaml"


@pytest.fixture(scope="module")
def spec() -> treaty.Spec:
    return treaty.read_spec(PACT)


def _pure(game: treaty.Game) -> set[tuple[str, ...]]:
    out = set()
    for eq in treaty.equilibria(game):
        if eq.is_pure:
            out.add(tuple(s[[p != 0 for p in probs].index(True)]
                          for s, probs in zip(eq.strategy_names, eq.strategies)))
    return out


def test_rows_equal_individual_solves(spec: treaty.Spec) -> None:
    design = grid_design(spec, {"p": (0, 1, 5), "S": (Fraction(2), Fraction(10), 3)})
    result = treaty.sweep(spec, design, ["target:pact", "equilibria"])
    assert result.n == 15
    for row in result.rows():
        # exact grid values: p in {0, 1/4, 1/2, 3/4, 1}, S in {2, 6, 10}
        p = Fraction(row["p"]).limit_denominator(8)
        s = Fraction(row["S"]).limit_denominator(8)
        game = treaty.load(PACT, {"p": p, "S": s})
        eqs = treaty.equilibria(game)
        pure = _pure(game)
        assert row["pact_equilibrium"] == (("pact", "pact") in pure)
        assert row["pact_unique"] == (len(eqs) == 1 and ("pact", "pact") in pure)
        assert row["equilibria"] == len(eqs)
        assert set(row["pure"].split()) == {"/".join(x) for x in pure} or (row["pure"] == "-"
                                                                          and not pure)
