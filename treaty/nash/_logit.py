"""One Nash equilibrium at the end of the logit quantal response equilibrium path.

The logit quantal response equilibria (QRE) of a finite game (McKelvey and Palfrey 1995, GEB
10) are the profiles in which every player mixes with probabilities proportional to
``exp(lambda * payoff)`` against the others' mixture.  At ``lambda = 0`` the only one is the
uniform profile; as ``lambda`` grows, the *principal branch* of the correspondence -- the
connected component through the uniform profile -- is, for almost every game, a smooth curve
that converges to a Nash equilibrium as ``lambda -> infinity`` (McKelvey and Palfrey 1995,
Theorem 3; Turocy 2005, "A dynamic homotopy interpretation of the logistic quantal response
equilibrium correspondence", GEB 51).  That makes the branch a homotopy path that selects one
equilibrium, and the method works for any number of players (McKelvey and McLennan 1996,
"Computation of equilibria in finite games", Handbook of Computational Economics 1, sec. 6).

What is computed here:

1. **The path**, traced by a predictor-corrector continuation in arclength (Allgower and Georg,
   *Introduction to Numerical Continuation Methods*, 1990, ch. 2): unknowns the log
   probabilities ``b_ij = log sigma_ij`` and ``lambda`` (Turocy 2005, sec. 3, uses the same log
   coordinates so that probabilities that vanish in the limit stay well scaled); equations, per
   player *i*, ``sum_j exp(b_ij) = 1`` and ``b_ij - b_i0 = lambda (u_ij - u_i0)`` for ``j >= 1``,
   where ``u_ij`` is the payoff of *i*'s strategy *j* against the others' mixture.  The tangent
   is the kernel of the Jacobian (QR), its orientation kept along the path; the corrector is
   Newton's method with the Moore-Penrose inverse; the step grows geometrically (by
   ``max_accel``, as in Gambit's ``logit_solve``) while the corrector contracts, its first
   correction stays below a quarter of the step and the tangent turns by less than 8 degrees,
   and is halved otherwise (the turn bound keeps a long step from cutting across a fold of the
   branch onto another part of it).  Payoffs are first scaled by one common positive factor (the game's payoff
   range), which only reparametrises ``lambda``, so the branch and its limit are the same as
   for the unscaled game.
2. **The limit**, found by Newton's method on the support the path is heading to: the
   strategies whose log probability is within a margin of the player's largest, with the
   indifference system (equal payoffs on the support, probabilities adding to 1).  A solution
   is accepted when it is an equilibrium (no negative probability, no better reply off the
   support), lies close to the path point, and the same solution comes out again further along
   the path.
3. **The certificate**.  For an exact game, exact probability vectors near the limit (the
   simplest rationals first, :mod:`treaty._exact.rational`) are tried, and one whose regrets
   are all exactly 0 is returned exact.  Otherwise the equilibrium is irrational (or the game
   is float): the probabilities are given as floats and its regret is computed *exactly* for
   the profile whose probabilities are those floats renormalised exactly to sum to 1 (every
   float is a rational number); :attr:`Equilibrium.tolerance` is that regret rounded up, a
   rigorous bound, in the game's payoff units.

The method finds one equilibrium (which one the game's payoffs decide), never claims more:
the result has ``complete=False`` and the note ``"some equilibria (one, at the end of the
logit path)"``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING, Any

import numpy as np

from .._exact.numbers import contract_others
from ..errors import GameError, GameTooLarge, SolverError

if TYPE_CHECKING:
    from ..game import Game
    from ._result import Equilibrium, EquilibriumSet

__all__ = ["LogitPoint", "MAX_LOGIT_PROFILES", "MAX_LOGIT_STRATEGIES", "logit_equilibria", "logit_path"]

#: pure profiles of a game the logit path is traced for.  Each step evaluates every player's
#: payoff against every pair of opponents (about N**2 times the number of profiles in floating
#: point) and a path takes some hundreds of steps; certifying the end point exactly costs about
#: as much again.  Measured: a 25x25x25 game (15,625 profiles) takes about 4 s, 12x12x12 0.6 s.
MAX_LOGIT_PROFILES = 20_000
#: strategies of all players together (the size of the Jacobian solved at every step)
MAX_LOGIT_STRATEGIES = 2_000

NOTE = "some equilibria (one, at the end of the logit path)"

#: log-probability margin below the player's largest within which a strategy is taken to be in
#: the support of the limit (tried in turn: probability ratios exp(-margin))
_MARGINS = (8.0, 16.0, 30.0, 60.0)


#: step control of the continuation (Allgower and Georg 1990, sec. 6.1): the first corrector step
#: may be at most this fraction of the predictor step, and successive tangents may turn by at most
#: arccos(_MIN_COS) (about 8 degrees); otherwise the step is halved.  Without the angle test a
#: long step can cut across a fold of the branch and land on another part of it (found on a
#: random 6x6x6 game, where the path then ended at a different equilibrium from Gambit's).
_MAX_DIST = 0.25
_MIN_COS = 0.99

#: a path point that could not be refined is still reported (as an approximate equilibrium, with
#: its regret bound as the tolerance) when its regret is at most this fraction of the payoff range
_APPROXIMATE = 1e-6

#: how close (largest probability difference) the path point must be to a solution of the
#: support system for it to count as the path's limit; the path approaches a regular limit at a
#: rate of order 1/lambda (McKelvey and Palfrey 1995), so this only waits some more steps
_CLOSE = 1e-3


@dataclass(frozen=True)
class LogitPoint:
    """One point of the principal branch: the precision ``lam`` and the logit QRE there.

    ``profile`` holds one float probability vector per player.  The payoffs the QRE responds to
    are the game's, divided by its payoff range (largest minus smallest payoff over all
    players), so ``lam`` is in units of one over that range.
    """

    lam: float
    profile: tuple[tuple[float, ...], ...]


# --------------------------------------------------------------------------------------------
# payoff contractions


def _pair(pay_i: np.ndarray, sig: list[np.ndarray], i: int, k: int) -> np.ndarray:
    """``M[j, l]``: payoff of player *i* playing *j* when player *k* plays *l*, the rest mixed."""
    n = len(sig)
    ops: list[Any] = [pay_i, list(range(n))]
    for a in range(n):
        if a not in (i, k):
            ops += [sig[a], [a]]
    return np.einsum(*ops, [i, k], optimize=pay_i.size > 20_000)


class _Game:
    """Float payoffs scaled to range 1 and the index bookkeeping of the stacked unknowns."""

    def __init__(self, pay: np.ndarray) -> None:
        lo, hi = float(np.min(pay)), float(np.max(pay))
        self.scale = hi - lo if hi > lo else 1.0
        self.pay = (pay - lo) / self.scale
        self.shape = tuple(int(m) for m in pay.shape[1:])
        self.n = len(self.shape)
        self.offs = np.concatenate([[0], np.cumsum(self.shape)]).astype(int)
        self.size = int(self.offs[-1])
        #: log of the prior the path starts from (uniform unless set): the QRE with a prior p
        #: has sigma_ij proportional to p_ij exp(lambda u_ij) (McKelvey and Palfrey 1995, sec. 5)
        self.logprior = np.concatenate([np.full(m, -math.log(m)) for m in self.shape])

    def split(self, flat: np.ndarray) -> list[np.ndarray]:
        return [flat[self.offs[i]:self.offs[i + 1]] for i in range(self.n)]

    def values(self, sig: list[np.ndarray]) -> list[np.ndarray]:
        return [contract_others(self.pay[i], sig, i) for i in range(self.n)]

    def pairs(self, sig: list[np.ndarray]) -> dict[tuple[int, int], np.ndarray]:
        return {(i, k): _pair(self.pay[i], sig, i, k)
                for i in range(self.n) for k in range(self.n) if k != i}

    def regret(self, sig: list[np.ndarray]) -> float:
        u = self.values(sig)
        return max(float(np.max(u[i]) - u[i] @ sig[i]) for i in range(self.n))


# --------------------------------------------------------------------------------------------
# the path


def _system(g: _Game, x: np.ndarray, jacobian: bool = True) -> tuple[np.ndarray, np.ndarray | None]:
    """The path's equations at *x* and (if asked) their Jacobian, from one set of contractions:
    the pair payoffs ``M_ik`` give both ``u_i = M_ik sigma_k`` and the derivatives."""
    beta, lam = x[:-1], x[-1]
    blocks = g.split(beta)
    sig = [np.exp(b) for b in blocks]
    if g.n > 1:
        pairs = g.pairs(sig)
        u = [pairs[(i, (i + 1) % g.n)] @ sig[(i + 1) % g.n] for i in range(g.n)]
    else:  # pragma: no cover - a Game has at least 2 players
        u = g.values(sig)
    F = np.empty(g.size)
    J = np.zeros((g.size, g.size + 1)) if jacobian else None
    for i in range(g.n):
        b, o, e = blocks[i], g.offs[i], g.offs[i + 1]
        F[o] = sig[i].sum() - 1.0
        lp = g.logprior[o:e]
        F[o + 1:e] = b[1:] - b[0] - (lp[1:] - lp[0]) - lam * (u[i][1:] - u[i][0])
        if J is None:
            continue
        J[o, o:e] = sig[i]
        rows = np.arange(o + 1, e)
        J[rows, rows] = 1.0
        J[rows, o] = -1.0
        J[rows, -1] = -(u[i][1:] - u[i][0])
        for k in range(g.n):
            if k != i:
                M = pairs[(i, k)]
                J[o + 1:e, g.offs[k]:g.offs[k + 1]] = -lam * (M[1:] - M[0]) * sig[k][None, :]
    return F, J


def _residual(g: _Game, x: np.ndarray) -> np.ndarray:
    return _system(g, x, jacobian=False)[0]


def _jacobian(g: _Game, x: np.ndarray) -> np.ndarray:
    J = _system(g, x)[1]
    assert J is not None
    return J


def _tangent(J: np.ndarray, prev: np.ndarray | None) -> np.ndarray:
    q, _ = np.linalg.qr(J.T, mode="complete")
    t = q[:, -1]
    if prev is None:
        return t if t[-1] > 0 else -t
    return t if t @ prev >= 0 else -t


def _trace(g: _Game, *, max_lambda: float, max_steps: int, first_step: float, max_accel: float,
           stop: Any = None) -> list[tuple[float, np.ndarray]]:
    """Trace the branch from lambda = 0; return the accepted points ``(lambda, beta)``.

    *stop(lam, sig)* is called at every accepted point and ends the trace when it returns True.
    """
    beta0 = g.logprior.copy()
    x = np.concatenate([beta0, [0.0]])
    t = _tangent(_jacobian(g, x), None)
    h = first_step
    points = [(0.0, beta0.copy())]
    steps = 0
    while x[-1] < max_lambda and steps < max_steps:
        steps += 1
        y = x + h * t
        ok = False
        prev_norm = math.inf
        for it in range(10):
            F, J = _system(g, y)
            assert J is not None
            d = np.linalg.lstsq(J, F, rcond=None)[0]
            dn = float(np.linalg.norm(d))
            # converged to working precision (relative to the point: far along the path the log
            # probabilities are of order lambda, and near a degenerate limit the Jacobian is
            # ill-conditioned, so the corrections bottom out at rounding noise of that size)
            if dn <= 1e-10 * max(1.0, float(np.linalg.norm(y))):
                y = y - d
                ok = float(np.max(np.abs(_residual(g, y)))) < 1e-9 * max(1.0, float(np.max(np.abs(y))))
                break
            if not math.isfinite(dn) or (it > 0 and dn > 0.5 * prev_norm) or (it == 0 and dn > _MAX_DIST * h):
                break
            y = y - d
            prev_norm = dn
        if ok:
            t_new = _tangent(_jacobian(g, y), t)
            # a sharp turn between two points means the step may have cut across a fold of the
            # branch onto another part of it (a branch jump): take a shorter step instead
            ok = float(t_new @ t) >= _MIN_COS
        if not ok:
            h /= 2
            if h < 1e-12 * max(1.0, float(np.linalg.norm(x))):
                if x[-1] > 1.0:
                    break  # far along: the caller certifies the last point and says so
                raise SolverError(f"the logit path could not be followed past lambda = {x[-1]:.6g} "
                                  "(step size underflow); the game may be degenerate there")
            continue
        t = t_new
        x = y
        h *= max_accel
        sig = [np.exp(b) for b in g.split(x[:-1])]
        points.append((float(x[-1]), x[:-1].copy()))
        if stop is not None and stop(float(x[-1]), sig):
            break
    return points


# --------------------------------------------------------------------------------------------
# the limit: Newton on the support


def _support_newton(g: _Game, sig: list[np.ndarray], supp: list[np.ndarray]
                    ) -> tuple[list[np.ndarray], bool] | None:
    """Solve the indifference system on *supp* by Newton's method from *sig*.

    Returns the solution and whether it is regular (the system's Jacobian has full rank there,
    so the solution is isolated); None if Newton fails or the solution is not an equilibrium
    (a negative probability or a better reply off the support).  On a singular system the
    least-squares (Gauss-Newton) step moves the start to a nearby solution."""
    sizes = [len(s) for s in supp]
    nv = sum(sizes)
    cur = [np.zeros(m) for m in g.shape]
    for i in range(g.n):
        cur[i][supp[i]] = sig[i][supp[i]] / sig[i][supp[i]].sum()
    vals = np.array([float(g.values(cur)[i][supp[i]].mean()) for i in range(g.n)])
    offs = np.concatenate([[0], np.cumsum(sizes)]).astype(int)
    for it in range(40):
        u = g.values(cur)
        pairs = g.pairs(cur)
        F = np.empty(nv + g.n)
        J = np.zeros((nv + g.n, nv + g.n))
        for i in range(g.n):
            o, e = offs[i], offs[i + 1]
            F[o:e] = u[i][supp[i]] - vals[i]
            J[o:e, nv + i] = -1.0
            F[nv + i] = cur[i][supp[i]].sum() - 1.0
            J[nv + i, o:e] = 1.0
            for k in range(g.n):
                if k != i:
                    J[o:e, offs[k]:offs[k + 1]] = pairs[(i, k)][np.ix_(supp[i], supp[k])]
        res = float(np.max(np.abs(F)))
        if res < 1e-14:
            break
        if (it >= 12 and res > 1e-8) or any(float(np.min(c)) < -0.5 for c in cur):
            return None  # not converging (quadratically) from here, or left the simplex
        d = np.linalg.lstsq(J, F, rcond=None)[0]
        if not np.all(np.isfinite(d)):
            return None
        for i in range(g.n):
            cur[i][supp[i]] -= d[offs[i]:offs[i + 1]]
        vals = vals - d[nv:]
        if float(np.max(np.abs(d))) < 1e-15:
            break
    else:
        if float(np.max(np.abs(F))) > 1e-12:
            return None
    if any(float(np.min(c)) < -1e-10 for c in cur):
        return None
    cur = [np.clip(c, 0.0, None) / np.clip(c, 0.0, None).sum() for c in cur]
    if g.regret(cur) > 1e-10:
        return None
    sv = np.linalg.svd(J, compute_uv=False)
    return cur, bool(sv[-1] > 1e-9 * max(1.0, sv[0]))


def _candidate_supports(sig: list[np.ndarray]) -> list[list[np.ndarray]]:
    out: list[list[np.ndarray]] = []
    for margin in _MARGINS:
        logs = [np.log(np.maximum(s, 1e-300)) for s in sig]
        supp = [np.flatnonzero(lg >= lg.max() - margin) for lg in logs]
        if not any(all(np.array_equal(a, b) for a, b in zip(supp, s)) for s in out):
            out.append(supp)
    return out


# --------------------------------------------------------------------------------------------
# certificates


def _exact_candidate(game: Game, sig: list[np.ndarray]) -> list[list[Fraction]] | None:
    """Simplest exact profile near *sig* with every regret exactly 0 (exact games only)."""
    from .._exact.rational import DENOMINATOR_BOUNDS, rational_simplex
    from ._regret import regrets

    seen: set[tuple[tuple[Fraction, ...], ...]] = set()
    for den in DENOMINATOR_BOUNDS:
        if den > 10**9:
            break
        cand = [rational_simplex(s, den) for s in sig]
        if any(c is None for c in cand):
            continue
        prof = [c for c in cand if c is not None]
        key = tuple(tuple(c) for c in prof)
        if key in seen or max(float(abs(Fraction(float(a)) - b)) for s, c in zip(sig, prof)
                              for a, b in zip(s, c)) > 1e-6:
            continue
        seen.add(key)
        if all(r == 0 for r in regrets(game.payoffs, prof)):
            return prof
    return None


def _float_equilibrium(game: Game, sig: list[np.ndarray]) -> Equilibrium:
    """A float equilibrium with a rigorous regret bound.

    The probabilities are the floats of *sig* (clipped at 0); the bound is the exact regret of
    the profile with those probabilities renormalised exactly to sum to 1, against the game's
    exact payoffs (for a float game, the floats' exact values), rounded up to a float.
    """
    from .._exact.numbers import to_exact_array
    from ._regret import expected_payoffs, regrets
    from ._result import Equilibrium

    floats = [np.clip(np.asarray(s, dtype=float), 0.0, None) for s in sig]
    floats = [s / s.sum() for s in floats]
    exact_prof = []
    for s in floats:
        q = [Fraction(float(v)) for v in s]
        tot = sum(q, Fraction(0))
        exact_prof.append([v / tot for v in q])
    pay = game.payoffs if game.is_exact else to_exact_array(game.float_payoffs)
    regs = [Fraction(r) for r in regrets(pay, exact_prof)]
    vals = [float(v) for v in expected_payoffs(pay, exact_prof)]
    tol = max(math.nextafter(float(r), math.inf) if r > 0 else 0.0 for r in regs)
    prof = tuple(tuple(float(v) for v in s) for s in floats)
    return Equilibrium(game.players, game.strategies, prof, tuple(vals),
                       tuple(max(0.0, math.nextafter(float(r), math.inf)) if r > 0 else 0.0
                             for r in regs),
                       False, None, tolerance=tol)


def _certified(game: Game, sig: list[np.ndarray], try_exact: bool = True) -> Equilibrium:
    """The certified equilibrium at the float profile *sig*: exact when the game is exact and a
    simple rational profile nearby has regret exactly 0, else floats with a regret bound."""
    if game.is_exact and try_exact:
        prof = _exact_candidate(game, sig)
        if prof is not None:
            from . import certify

            return certify(game, prof)
    return _float_equilibrium(game, sig)


# --------------------------------------------------------------------------------------------
# public entry points


def _check_size(game: Game, max_profiles: int) -> None:
    profiles = math.prod(game.shape)
    total = sum(game.shape)
    if profiles > max_profiles:
        raise GameTooLarge(
            f"this {'x'.join(map(str, game.shape))} game has {profiles:,} profiles (the logit path "
            f"evaluates about {game.n_players}^2 x {profiles:,} payoffs a step), over the limit of "
            f"{max_profiles:,} profiles; raise max_profiles to trace it anyway")
    if total > MAX_LOGIT_STRATEGIES:
        raise GameTooLarge(
            f"the logit path solves a {total + 1}-column Jacobian every step, over the limit of "
            f"{MAX_LOGIT_STRATEGIES:,} strategies in all")


def logit_path(game: Game, *, max_lambda: float = 1e4, max_steps: int = 10_000,
               first_step: float = 0.03, max_accel: float = 1.1,
               max_profiles: int = MAX_LOGIT_PROFILES) -> tuple[LogitPoint, ...]:
    """The principal branch of the logit QRE correspondence from ``lambda = 0`` to *max_lambda*.

    Parameters
    ----------
    game : Game
    max_lambda : float
        Where to stop, in units of one over the game's payoff range.
    max_steps : int
        Most accepted continuation steps.
    first_step, max_accel : float
        Arclength of the first step and the most it grows per step (Gambit's defaults).
    max_profiles : int
        Refuse games with more pure profiles (:class:`~treaty.errors.GameTooLarge`).

    Returns
    -------
    tuple of LogitPoint
        The accepted points, lambda increasing except at turning points.

    Notes
    -----
    Predictor-corrector continuation in the log-probability coordinates of Turocy (2005); see
    the module docstring.  Every point is a logit QRE (McKelvey and Palfrey 1995): each
    player's probabilities are proportional to ``exp(lam * u / range)``.

    Examples
    --------
    >>> import treaty
    >>> g = treaty.Game.from_arrays([[1, -1], [-1, 1]], [[-1, 1], [1, -1]])  # matching pennies
    >>> path = logit_path(g, max_lambda=10)
    >>> path[0].lam, path[0].profile
    (0.0, ((0.5, 0.5), (0.5, 0.5)))
    >>> all(abs(p - 0.5) < 1e-9 for pt in path for s in pt.profile for p in s)
    True
    """
    _check_size(game, max_profiles)
    g = _Game(np.asarray(game.float_payoffs, dtype=float))
    pts = _trace(g, max_lambda=max_lambda, max_steps=max_steps, first_step=first_step,
                 max_accel=max_accel)
    return tuple(LogitPoint(lam, tuple(tuple(float(v) for v in np.exp(b)) for b in g.split(beta)))
                 for lam, beta in pts)


def logit_equilibria(game: Game, *, max_lambda: float = 1e9, max_steps: int = 10_000,
                     first_step: float = 0.03, max_accel: float = 1.1,
                     max_profiles: int = MAX_LOGIT_PROFILES, starts: int = 1,
                     seed: int = 0) -> EquilibriumSet:
    """The Nash equilibrium at the end of the principal logit QRE branch, certified.

    Parameters
    ----------
    game : Game
        Any number of players.
    max_lambda : float
        Where the trace gives up refining (units of one over the payoff range); the path's
        last point is then returned with its regret as the stated tolerance.
    max_steps, first_step, max_accel :
        Continuation controls, see :func:`logit_path`.
    max_profiles : int
        Refuse games with more pure profiles before any work.
    starts : int
        Paths to follow: the principal branch from the uniform profile and ``starts - 1``
        more from random interior priors (drawn from *seed*), each the branch of the logit QRE
        with that prior, ``sigma_ij`` proportional to ``p_ij exp(lambda u_ij)`` (McKelvey and
        Palfrey 1995, sec. 5; the logarithmic tracing procedure of Harsanyi 1975 starts from a
        prior the same way).  Each ends at an equilibrium; different priors may end at
        different ones, and the distinct ones are returned.
    seed : int
        Seed of the random priors, so a run is reproducible.

    Returns
    -------
    EquilibriumSet
        One equilibrium, ``method="logit"``, ``complete=False``, note ``"some equilibria (one,
        at the end of the logit path)"``.  Exact (regret exactly 0) when the game is exact and
        the limit is rational; otherwise floats with :attr:`Equilibrium.tolerance` a rigorous
        bound on the regret of the reported probabilities (renormalised exactly).  When the
        path ends (at *max_lambda* or *max_steps*) before its limit is solved, its last point
        is reported with its regret bound as the tolerance if that is at most 1e-6 of the
        payoff range, and the note says so; otherwise the set is empty and the note gives the
        regret where the path stopped.

    Raises
    ------
    GameTooLarge
        Past *max_profiles* or :data:`MAX_LOGIT_STRATEGIES`, with the estimate.
    SolverError
        The path could not be followed (a bifurcation of a degenerate game).

    Notes
    -----
    McKelvey and Palfrey (1995) GEB 10 define the logit QRE and show the principal branch
    converges to a Nash equilibrium for almost every game; Turocy (2005) GEB 51 traces it in
    log coordinates; McKelvey and McLennan (1996) survey it among path-following methods.
    The limit is refined by Newton's method on its support and certified by its regret (see
    the module docstring).

    Examples
    --------
    >>> import treaty
    >>> g = treaty.Game.from_arrays([[2, 0], [0, 1]], [[1, 0], [0, 2]])  # battle of the sexes
    >>> res = logit_equilibria(g)
    >>> [e.describe() for e in res], res.complete
    (['Player 1: 2/3 1 + 1/3 2; Player 2: 1/3 1 + 2/3 2'], False)
    """
    from ._result import EquilibriumSet, Method

    if isinstance(starts, bool) or not isinstance(starts, int) or starts < 1:
        raise GameError(f"starts must be a positive integer, got {starts!r}")
    _check_size(game, max_profiles)
    g = _Game(np.asarray(game.float_payoffs, dtype=float))
    opts: dict[str, Any] = {"max_lambda": max_lambda, "max_steps": max_steps, "first_step": first_step,
            "max_accel": max_accel}
    eq, note = _follow(game, g, **opts)
    if starts == 1:
        return EquilibriumSet(() if eq is None else (eq,), method=Method.LOGIT, complete=False,
                              note=note)
    found = [] if eq is None else [eq]
    rng = np.random.default_rng(seed)
    for _ in range(starts - 1):
        g.logprior = np.concatenate([np.log(rng.dirichlet(np.ones(m))) for m in g.shape])
        eq, _note = _follow(game, g, **opts)
        if eq is not None and not any(_same(eq, e) for e in found):
            found.append(eq)
    found.sort(key=lambda e: tuple(-float(p) for s in e.strategies for p in s))
    return EquilibriumSet(tuple(found), method=Method.LOGIT, complete=False,
                          note=f"some equilibria (at the ends of {starts} logit paths: from the "
                               f"uniform profile and from {starts - 1} random priors, seed {seed})")


def _same(a: Equilibrium, b: Equilibrium) -> bool:
    return all(abs(float(p) - float(q)) <= 1e-9
               for s, t in zip(a.strategies, b.strategies) for p, q in zip(s, t))


def _follow(game: Game, g: _Game, *, max_lambda: float, max_steps: int, first_step: float,
            max_accel: float) -> tuple[Equilibrium | None, str]:
    """Follow one logit path (from ``g.logprior``) and certify its end: the equilibrium (or
    None) and the note for a one-path result."""

    state: dict[str, Any] = {"found": None}
    # per candidate support: its solution, or the lambda at which Newton last failed on it
    tried: dict[tuple[tuple[int, ...], ...], Any] = {}

    def stop(lam: float, sig: list[np.ndarray]) -> bool:
        if lam < 1.0:
            return False
        for supp in _candidate_supports(sig):
            key = tuple(tuple(int(j) for j in s) for s in supp)
            sol = tried.get(key)
            if sol is None or (isinstance(sol, float) and lam >= 2 * sol):
                out = _support_newton(g, sig, supp)
                tried[key] = sol = lam if out is None else out
            if isinstance(sol, float):
                continue
            prof, regular = sol
            if not regular:
                # a continuum of equilibria: the limit is where the path settles on it; go on
                # until the path point is itself an equilibrium to Gambit's tolerance (regret
                # 1e-8 of the payoff range), then move it onto the support system
                if g.regret(sig) > 1e-8:
                    continue
                out = _support_newton(g, sig, supp)
                if out is None:
                    continue
                prof = out[0]
            if max(float(np.max(np.abs(a - b))) for a, b in zip(prof, sig)) > _CLOSE:
                continue
            state["found"] = prof
            return True
        return False

    first = [np.exp(b) for b in g.split(g.logprior)]
    pts: list[tuple[float, np.ndarray]] = []
    if g.regret(first) <= 1e-12:
        end = first
        found = True
    else:
        pts = _trace(g, max_lambda=max_lambda, max_steps=max_steps, first_step=first_step,
                     max_accel=max_accel, stop=stop)
        found = state["found"] is not None
        end = state["found"] if found else [np.exp(b) for b in g.split(pts[-1][1])]
    eq = _certified(game, end, try_exact=found)
    if found:
        return eq, NOTE
    lam = pts[-1][0] if pts else 0.0
    tol = eq.tolerance if eq.tolerance is not None else 0.0
    if tol <= _APPROXIMATE * g.scale:
        return eq, (f"{NOTE}; the limit was not refined: the path's last point "
                    f"(lambda {lam:.3g}) has regret at most {tol:.3g}")
    return None, (f"no equilibrium: the logit path stopped at lambda {lam:.3g} "
                  f"(max_lambda or max_steps) where the regret is still {tol:.3g}")
