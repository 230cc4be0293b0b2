"""Pure-equilibrium checks of one target profile: deviation gains, target resolution."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ...errors import GameError, did_you_mean
from ...game import Game

__all__ = ["resolve_target", "deviation_gains", "is_pure_equilibrium"]


def resolve_target(game: Game, target: str | Sequence[str]) -> tuple[str, tuple[int, ...]]:
    """The name and index profile of a target given by name, a profile or ``"a,b"`` text."""
    if isinstance(target, str):
        if target in game.targets:
            return target, game.targets[target]
        if "," in target:
            labels = [t.strip() for t in target.split(",")]
            return target, game.profile_index(labels)
        hint = did_you_mean(target, list(game.targets)) if game.targets else \
            "the game names no targets; give a profile such as 'pact,pact'"
        raise GameError(f"unknown target {target!r} ({hint})")
    idx = game.profile_index(list(target))
    return ", ".join(game.strategies[i][k] for i, k in enumerate(idx)), idx


def deviation_gains(game: Game, profile: Sequence[int]) -> list[tuple[int, int, Any]]:
    """``(player, strategy, u_i(s, t_-i) - u_i(t))`` for every unilateral pure deviation.

    Exact for exact games.  The profile is an equilibrium iff every gain is <= 0.
    """
    pay = game.payoffs if game.is_exact else game.float_payoffs
    t = tuple(profile)
    out = []
    for i in range(game.n_players):
        here = pay[(i, *t)]
        for s in range(game.shape[i]):
            if s != t[i]:
                dev = t[:i] + (s,) + t[i + 1:]
                out.append((i, s, pay[(i, *dev)] - here))
    return out


def is_pure_equilibrium(game: Game, profile: Sequence[int]) -> bool:
    """True iff no unilateral pure deviation from *profile* gains (exact for exact games)."""
    return all(g <= 0 for _, _, g in deviation_gains(game, profile))
