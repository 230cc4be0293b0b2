"""Iterated elimination of strictly dominated strategies, for any number of players."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np

from .._exact.lp import solve_lp
from .._exact.numbers import float_view, number_to_json, to_exact_array
from .._exact.rational import DENOMINATOR_BOUNDS, rational_candidates
from ..errors import GameError

__all__ = ["EliminationStep", "DominanceResult", "iterated_elimination", "DOMINANCE_TOL"]

#: Float games: strategy ``k`` strictly dominates ``j`` when it pays more by more than this times
#: ``max(1, the player's payoff range)`` against every surviving profile of the others.  Exact
#: games use exact comparisons; this tolerance only screens candidates there.
DOMINANCE_TOL = 1e-9


@dataclass(frozen=True)
class EliminationStep:
    """One eliminated strategy.

    Attributes
    ----------
    player : int
        Index of the player.
    strategy : int
        Index (in the original game) of the eliminated strategy.
    dominator : int or tuple
        The strategy that strictly dominates it in the game that remained at that point: a pure
        strategy index, or a mixed strategy given as a tuple of probabilities over all the
        player's original strategies (zero on those already eliminated); Fractions in exact
        games.
    round : int
        The pass of the elimination loop (1-based).  Within a pass the players are visited in
        order, each against the game left by all the earlier steps.
    """

    player: int
    strategy: int
    dominator: int | tuple
    round: int

    @property
    def by_mixture(self) -> bool:
        """True when the dominating strategy is a mixed strategy."""
        return isinstance(self.dominator, tuple)

    def to_dict(self) -> dict[str, Any]:
        dom = (
            [number_to_json(p) for p in self.dominator]
            if isinstance(self.dominator, tuple)
            else self.dominator
        )
        return {
            "player": self.player,
            "strategy": self.strategy,
            "dominator": dom,
            "by_mixture": self.by_mixture,
            "round": self.round,
        }


@dataclass(frozen=True)
class DominanceResult:
    """Outcome of iterated elimination of strictly dominated strategies.

    Attributes
    ----------
    surviving : tuple of tuple of int
        For each player, the indices (in the original game) of the strategies that survive.
    steps : tuple of EliminationStep
        The eliminations in the order performed; each is valid in the game left by the
        previous ones.
    exact : bool
        Whether the comparisons (and the certification of dominating mixtures) were exact.
    mixed : bool
        Whether dominance by mixed strategies was considered.
    """

    surviving: tuple[tuple[int, ...], ...]
    steps: tuple[EliminationStep, ...]
    exact: bool
    mixed: bool

    def describe(self) -> str:
        kind = "pure and mixed" if self.mixed else "pure"
        rounds = max((s.round for s in self.steps), default=0)
        left = "; ".join(f"player {i}: {list(s)}" for i, s in enumerate(self.surviving))
        return (f"iterated elimination of strictly dominated strategies ({kind} dominance"
                f"{', exact' if self.exact else ''}): {len(self.steps)} eliminated in {rounds} "
                f"round(s); surviving strategy indices {left}")

    def to_dict(self) -> dict[str, Any]:
        return {
            "surviving": [list(s) for s in self.surviving],
            "steps": [s.to_dict() for s in self.steps],
            "exact": self.exact,
            "mixed": self.mixed,
        }


def _reduced(U: np.ndarray, player: int, alive: list[list[int]]) -> np.ndarray:
    """Player's payoffs on the surviving profiles: rows = own strategies, columns = others'."""
    sub = U[np.ix_(*alive)]
    return np.moveaxis(sub, player, 0).reshape(len(alive[player]), -1)


def _pure_dominated(Uf: np.ndarray, Ue: np.ndarray | None, tol: float) -> dict[int, int]:
    """Strategies (rows) strictly dominated by another row: ``{dominated: dominator}``.

    Vectorised float comparisons; in exact games (``Ue`` given) the float test only screens
    candidate pairs (with slack ``tol``) and each is confirmed by exact comparison.  The
    dominator chosen is itself undominated (strict dominance is a strict partial order, so one
    exists), hence all the dominated rows can be removed together.
    """
    n = Uf.shape[0]
    dom = np.zeros((n, n), dtype=bool)  # dom[k, j]: k strictly dominates j
    for k in range(n):
        diff = Uf[k][None, :] - Uf  # (n, cols)
        if Ue is None:
            dom[k] = np.all(diff > tol, axis=1)
        else:
            for j in np.flatnonzero(np.all(diff > -tol, axis=1)):
                if j != k and all(a > b for a, b in zip(Ue[k], Ue[j])):
                    dom[k, j] = True
        dom[k, k] = False
    dominated = np.asarray(dom.any(axis=0))
    out = {}
    for j in np.flatnonzero(dominated):
        out[int(j)] = int(next(i for i in np.flatnonzero(dom[:, j]) if not dominated[i]))
    return out


def _mixed_dominator(
    Uf: np.ndarray, Ue: np.ndarray | None, j: int, tol: float
) -> dict[int, Any] | None:
    """A mixture of the other rows strictly dominating row *j*, as ``{row: probability}``.

    LP (solved with HiGHS): maximise ``eps`` subject to
    ``sum_k sigma_k U[k, c] >= U[j, c] + eps`` for every column ``c``, ``sum sigma = 1``,
    ``sigma >= 0``.  Row *j* is strictly dominated by a mixture iff the optimum is positive.
    Float games: the LP's mixture (clipped, renormalised) must beat row *j* by more than
    *tol* everywhere.  Exact games: the mixture is rationalised (small denominators first)
    and the strict dominance checked exactly; if no rationalisation is certified, None.
    """
    others = [k for k in range(Uf.shape[0]) if k != j]
    K = len(others)
    cols = Uf.shape[1]
    c = np.zeros(K + 1)
    c[-1] = -1.0
    A_ub = np.hstack([-Uf[others].T, np.ones((cols, 1))])
    b_ub = -Uf[j]
    A_eq = np.zeros((1, K + 1))
    A_eq[0, :K] = 1.0
    bounds = [(0, None)] * K + [(None, None)]
    res = solve_lp(c, a_ub=A_ub, b_ub=b_ub, a_eq=A_eq, b_eq=[1.0], bounds=bounds,
                   what=f"mixed-dominance LP of strategy {j}")
    if -res.fun <= (tol if Ue is None else 1e-12):
        return None
    sigma = np.maximum(res.x[:K], 0.0)
    sigma = sigma / sigma.sum()
    if Ue is None:
        if np.min(sigma @ Uf[others] - Uf[j]) > tol:
            return {k: float(p) for k, p in zip(others, sigma) if p > 0}
        return None
    for q in rational_candidates(sigma, (*DENOMINATOR_BOUNDS, None)):
        mix = {k: v for k, v in zip(others, q) if v}
        ok = True
        for col in range(cols):
            if sum(v * Ue[k, col] for k, v in mix.items()) <= Ue[j, col]:
                ok = False
                break
        if ok:
            return mix
    return None


def iterated_elimination(
    payoffs: np.ndarray, *, mixed: bool = True, exact: bool
) -> DominanceResult:
    """Iterated elimination of strictly dominated strategies (IESDS), N players.

    Parameters
    ----------
    payoffs : ndarray, shape (N, n_1, ..., n_N)
        ``payoffs[i]`` holds player i's payoff at each pure profile; exact (object array of
        Fraction or integers) or float.
    mixed : bool, default True
        Also eliminate strategies strictly dominated by a mixed strategy (a mixture of the
        player's other surviving strategies), found by linear programming.
    exact : bool
        Exact comparisons in Fractions (floats only screen candidates), or float comparisons
        with the margin :data:`DOMINANCE_TOL`.

    Returns
    -------
    DominanceResult

    Notes
    -----
    Definitions: Osborne and Rubinstein (1994), A Course in Game Theory, section 4.2
    (iterated elimination of strictly dominated actions, Definition 60.2); Fudenberg and Tirole
    (1991), Game Theory, section 2.1.  For strict dominance, pure or by mixed strategies, the
    set that survives does not depend on the order of elimination (Gilboa, Kalai and Zemel
    1990, "On the order of eliminating dominated strategies", Operations Research Letters 9),
    and no Nash equilibrium is lost: every equilibrium of the game is an equilibrium of the
    reduced game and gives zero probability to every eliminated strategy.

    Steps:

    1. For each player in turn, remove all her strategies strictly dominated by another pure
       strategy (vectorised with numpy); record an undominated dominator for each.
    2. When no pure dominance is left anywhere and *mixed* is set, test each strategy of each
       player with at least three surviving strategies by the LP of :func:`_mixed_dominator`;
       remove the first one found dominated (the dominating mixture only involves surviving
       strategies) and go back to step 1.
    3. Stop when nothing changes.

    In exact games a strategy is eliminated only when its domination is certified in exact
    arithmetic: pure dominance by exact comparison, mixed dominance by a rationalised mixture
    checked exactly.  A mixture the LP finds but that no rationalisation certifies (a margin
    below about 1e-12 of the payoff scale) is not used, so the surviving set can only be too
    large, never too small: no equilibrium is ever removed.  Float games compare with the
    margin :data:`DOMINANCE_TOL` times the player's payoff range, the same conservative way.

    Complexity: each pass costs ``O(sum_i n_i^2 * prod_{j != i} n_j)`` comparisons; the
    mixed test one LP per strategy, with ``prod_{j != i} n_j`` constraints.

    Examples
    --------
    The third row is dominated by the mixture (1/2, 1/2) of the first two, not by either:

    >>> import numpy as np
    >>> A = np.array([[3, 0], [0, 3], [1, 1]])
    >>> payoffs = np.stack([A, np.zeros_like(A)])
    >>> res = iterated_elimination(payoffs, exact=True)
    >>> res.surviving
    ((0, 1), (0, 1))
    >>> [str(p) for p in res.steps[0].dominator]
    ['1/2', '1/2', '0']
    """
    P = np.asarray(payoffs)
    if P.ndim < 2 or P.shape[0] != P.ndim - 1 or 0 in P.shape:
        raise GameError(
            "payoffs must have shape (N, n_1, ..., n_N) with one payoff array per player, "
            f"got {P.shape}"
        )
    N = P.shape[0]
    if exact:
        exact_p = to_exact_array(P)
        Pe: np.ndarray | None = exact_p
        Pf = float_view(exact_p)
    else:
        Pe = None
        Pf = float_view(P)
        if not np.all(np.isfinite(Pf)):
            raise GameError("payoffs must be finite")
    scales = [max(1.0, float(np.ptp(Pf[i]))) for i in range(N)]
    alive = [list(range(n)) for n in P.shape[1:]]
    steps: list[EliminationStep] = []
    rnd = 0
    while True:
        rnd += 1
        changed = False
        for i in range(N):
            if len(alive[i]) < 2:
                continue
            Uf = _reduced(Pf[i], i, alive) / scales[i]
            Ue = None if Pe is None else _reduced(Pe[i], i, alive)
            found = _pure_dominated(Uf, Ue, DOMINANCE_TOL)
            for j, k in sorted(found.items()):
                steps.append(EliminationStep(i, alive[i][j], alive[i][k], rnd))
            if found:
                alive[i] = [s for t, s in enumerate(alive[i]) if t not in found]
                changed = True
        if changed:
            continue
        if not mixed:
            break
        for i in range(N):
            if len(alive[i]) < 3:
                continue
            Uf = _reduced(Pf[i], i, alive) / scales[i]
            Ue = None if Pe is None else _reduced(Pe[i], i, alive)
            for j in range(len(alive[i])):
                mix = _mixed_dominator(Uf, Ue, j, DOMINANCE_TOL)
                if mix is None:
                    continue
                full = [Fraction(0) if exact else 0.0] * P.shape[1 + i]
                for k, p in mix.items():
                    full[alive[i][k]] = p
                dominator: int | tuple = alive[i][next(iter(mix))] if len(mix) == 1 else tuple(full)
                steps.append(EliminationStep(i, alive[i][j], dominator, rnd))
                del alive[i][j]
                changed = True
                break
            if changed:
                break
        if not changed:
            break
    return DominanceResult(
        surviving=tuple(tuple(a) for a in alive),
        steps=tuple(steps),
        exact=exact,
        mixed=mixed,
    )
