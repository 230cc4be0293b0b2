"""Pure-strategy Nash equilibria of N-player games, vectorised."""

from __future__ import annotations

import numpy as np

__all__ = ["pure_equilibrium_mask", "pure_equilibrium_profiles"]


def pure_equilibrium_mask(payoffs: np.ndarray) -> np.ndarray:
    """Boolean array over pure profiles: True where no player gains by a unilateral deviation.

    Parameters
    ----------
    payoffs : ndarray, shape (N, n_1, ..., n_N)
        Exact (object array of Fraction) or float payoffs.

    Returns
    -------
    ndarray of bool, shape (n_1, ..., n_N)

    Notes
    -----
    Definition of Nash (1951) restricted to pure profiles: profile *s* is an equilibrium when
    ``u_i(s) = max_t u_i(t, s_-i)`` for every player *i*.  One maximum over axis *i* per
    player, so the cost is O(N * prod(n_i)) array operations with no loop over profiles.
    Exact payoffs are compared exactly, so ties are ties.

    Examples
    --------
    >>> import numpy as np
    >>> pd = np.array([[[3, 0], [5, 1]], [[3, 5], [0, 1]]])
    >>> pure_equilibrium_mask(pd).tolist()
    [[False, False], [False, True]]
    """
    n = payoffs.shape[0]
    mask = np.ones(payoffs.shape[1:], dtype=bool)
    for i in range(n):
        u = payoffs[i]
        best = np.max(u, axis=i, keepdims=True)
        mask &= np.asarray(u == best, dtype=bool)
    return mask


def pure_equilibrium_profiles(payoffs: np.ndarray) -> list[tuple[int, ...]]:
    """The pure equilibria as index tuples, in odometer order (last player's strategy fastest)."""
    return [tuple(int(k) for k in idx) for idx in np.argwhere(pure_equilibrium_mask(payoffs))]
