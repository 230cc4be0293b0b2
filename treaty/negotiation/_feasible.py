"""The feasible set of a negotiation: the expected payoffs an agreement can reach.

An agreement is a distribution ``x`` over the pure profiles of a game (a lottery over joint
actions, run by a mediator or a public coin).  Its expected payoffs are ``M @ x`` where
``M[i, k]`` is player *i*'s payoff at profile *k*; the feasible set is the convex hull of the
pure payoff profiles.  When the agreement must be self-enforcing the distribution must in
addition be a correlated equilibrium (``C @ x <= 0``, Aumann 1974), so the set is the
projection of the correlated-equilibrium polytope.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..errors import GameError
from ..game import Game
from ._correlated import _constraints

__all__ = ["FeasibleSet", "feasible_set"]


@dataclass(frozen=True, eq=False)
class FeasibleSet:
    """The agreements of a game: distributions over profiles and their expected payoffs.

    Attributes
    ----------
    players : tuple of str
    strategy_names : tuple of tuple of str
    profiles : tuple of tuple of str
        Every pure profile, in ``numpy.ndindex`` order (the columns of :attr:`matrix`).
    matrix : numpy.ndarray
        ``(n_players, n_profiles)``: each player's payoff at each profile; an object array of
        Fractions when :attr:`exact`, else float64.
    constraints : numpy.ndarray or None
        ``(k, n_profiles)`` incentive rows: a distribution ``x`` is allowed iff
        ``constraints @ x <= 0``; None when every distribution is allowed.
    self_enforcing : bool
        True when the agreements are restricted to (coarse) correlated equilibria.
    coarse : bool
        True for coarse correlated equilibria.
    exact : bool
        True when :attr:`matrix` holds exact numbers.
    """

    players: tuple[str, ...]
    strategy_names: tuple[tuple[str, ...], ...]
    profiles: tuple[tuple[str, ...], ...]
    matrix: np.ndarray
    constraints: np.ndarray | None
    self_enforcing: bool
    coarse: bool
    exact: bool

    @property
    def float_matrix(self) -> np.ndarray:
        """:attr:`matrix` as float64."""
        return np.asarray(self.matrix, dtype=np.float64)

    @property
    def float_constraints(self) -> np.ndarray | None:
        """:attr:`constraints` as float64 (None when there are none)."""
        return None if self.constraints is None else np.asarray(self.constraints, dtype=np.float64)


def feasible_set(game: Game, *, self_enforcing: bool = False, coarse: bool = False) -> FeasibleSet:
    """The feasible set of agreements of *game*.

    Parameters
    ----------
    game : Game
    self_enforcing : bool
        Restrict agreements to correlated equilibria (coarse ones with *coarse*).
    coarse : bool
        With *self_enforcing*: coarse correlated equilibria.

    Returns
    -------
    FeasibleSet
    """
    if not isinstance(game, Game):
        raise GameError(f"feasible_set needs a Game, got {type(game).__name__}")
    if coarse and not self_enforcing:
        raise GameError("coarse=True only applies with self_enforcing=True")
    shape = game.shape
    pay = game.payoffs if game.is_exact else game.float_payoffs
    matrix = np.array([pay[i].reshape(-1) for i in range(game.n_players)],
                      dtype=object if game.is_exact else np.float64)
    cons: np.ndarray | None = None
    if self_enforcing:
        rows = _constraints(pay, shape, coarse)
        if rows:
            cons = np.array(rows, dtype=object if game.is_exact else np.float64)
    profiles = tuple(tuple(game.strategies[i][j] for i, j in enumerate(p)) for p in np.ndindex(*shape))
    return FeasibleSet(tuple(game.players), tuple(tuple(s) for s in game.strategies), profiles, matrix,
                       cons, self_enforcing, coarse, game.is_exact)
