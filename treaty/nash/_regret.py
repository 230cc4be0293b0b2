"""Certification of equilibria: expected payoffs and regret of a mixed profile."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from .._exact.numbers import contract_others

__all__ = ["strategy_payoffs", "expected_payoffs", "regrets"]


def strategy_payoffs(payoffs: np.ndarray, profile: Sequence[Sequence[Any]]) -> list[np.ndarray]:
    """For each player, the payoff of each own pure strategy against the others' mix.

    Parameters
    ----------
    payoffs : ndarray, shape (N, n_1, ..., n_N)
        Exact (object array of Fraction) or float payoffs.
    profile : sequence of N probability vectors
    """
    vecs = [np.asarray(list(p), dtype=payoffs.dtype) for p in profile]
    return [contract_others(payoffs[i], vecs, i) for i in range(payoffs.shape[0])]


def expected_payoffs(payoffs: np.ndarray, profile: Sequence[Sequence[Any]]) -> list[Any]:
    """Each player's expected payoff under the mixed *profile*."""
    per = strategy_payoffs(payoffs, profile)
    vecs = [np.asarray(list(p), dtype=payoffs.dtype) for p in profile]
    return [np.dot(per[i], vecs[i]) for i in range(len(per))]


def regrets(payoffs: np.ndarray, profile: Sequence[Sequence[Any]]) -> list[Any]:
    """Each player's regret: best pure-strategy payoff minus expected payoff.

    A profile is a Nash equilibrium exactly when every regret is zero (Nash 1951).
    For exact payoffs and exact probabilities the result is exact.
    """
    per = strategy_payoffs(payoffs, profile)
    vecs = [np.asarray(list(p), dtype=payoffs.dtype) for p in profile]
    return [max(per[i]) - np.dot(per[i], vecs[i]) for i in range(len(per))]
