"""Classifying game trees in a sweep: the pure subgame-perfect equilibria at each point.

``--classify equilibria`` (the default) or ``outcome`` on an ``extensive-form`` spec gives the
columns ``spe`` (the number of pure subgame-perfect equilibria) and ``outcome`` (the moves
they play on their paths, ``"US impose; CN stacking"``; several distinct paths joined by
``" | "``; ``"-"`` when there is none in pure strategies).  ``target:PROFILE`` (one action per
information set) gives ``PROFILE_spe``: is that pure profile subgame perfect.

Each point's tree is built at the exact parameter values (:meth:`~treaty.sweep.Design.
exact_point`) and solved exactly: backward induction when every information set is one node
(:func:`treaty.extensive.subgame_perfect`, every tie followed and each equilibrium
certified), otherwise every pure profile checked against the subgame-perfection conditions
of :mod:`treaty.extensive._threshold`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

__all__ = ["TreeClassifier"]


@dataclass(frozen=True)
class TreeClassifier:
    """The pure subgame-perfect outcome of a game tree (or whether *target* is subgame perfect)."""

    target: str | None = None

    @property
    def name(self) -> str:
        return "outcome" if self.target is None else f"target:{self.target}"

    @property
    def columns(self) -> tuple[str, ...]:
        if self.target is None:
            return ("spe", "outcome")
        return (f"{self.target.replace(',', '/')}_spe",)

    def check(self, spec: Any) -> None:
        """Fail on an unknown target before any work."""
        if self.target is not None:
            from ..extensive._threshold import parse_tree_target

            parse_tree_target(spec.instantiate({}), self.target, "--classify")

    def __call__(self, spec: Any, points: Any) -> dict[str, np.ndarray]:
        from ..extensive._threshold import (
            is_subgame_perfect,
            outcome_label,
            parse_tree_target,
            pure_subgame_perfect,
        )
        from ._classify import _exact_point, _float_points, _n

        n = _n(_float_points(points))
        if self.target is not None:
            flags = np.zeros(n, dtype=bool)
            for j in range(n):
                tree = spec.instantiate(_exact_point(points, j))
                flags[j] = is_subgame_perfect(tree, parse_tree_target(tree, self.target, "--classify"))
            return {self.columns[0]: flags}
        counts = np.zeros(n, dtype=np.int64)
        labels = np.empty(n, dtype=object)
        for j in range(n):
            tree = spec.instantiate(_exact_point(points, j))
            found = pure_subgame_perfect(tree)
            counts[j] = len(found)
            paths = list(dict.fromkeys(outcome_label(tree, p) for p in found))
            labels[j] = " | ".join(paths) or "-"
        return {"spe": counts, "outcome": labels}
