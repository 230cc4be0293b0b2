"""Nash equilibria of normal-form games.

* :func:`equilibria` — every extreme equilibrium of a 2-player game (exact, certified),
  or the pure equilibria of an N-player game;
* :func:`pure_equilibria` — pure-strategy equilibria, N players, vectorised;
* :func:`iterated_elimination` — iterated elimination of strictly dominated strategies;
* :func:`solve_zero_sum` — value and optimal strategies of a 2-player zero-sum game;
* :func:`batch_equilibria` — every extreme equilibrium of many small 2-player games at once
  (arrays of shape ``(P, m, n)``), exact and certified.
"""

from __future__ import annotations

import dataclasses
import weakref
from typing import Any

import numpy as np

from ..errors import GameError, SolverError
from ..game import Game
from ._pure import pure_equilibrium_profiles
from ._regret import expected_payoffs, regrets
from ._result import Equilibrium, EquilibriumSet, Method


def batch_equilibria(A: Any, B: Any, *, exact: bool | None = None) -> list[tuple[Any, ...]]:
    """Every extreme equilibrium of each of many small bimatrix games, solved as arrays;
    see :func:`treaty.nash._batch.batch_equilibria`."""
    from ._batch import batch_equilibria as _batch

    return _batch(A, B, exact=exact)


def logit_path(game: Game, **options: Any) -> Any:
    """The principal branch of the logit quantal response equilibrium correspondence, as a
    tuple of points ``(lam, profile)``; see :func:`treaty.nash._logit.logit_path`."""
    from ._logit import logit_path as _path

    return _path(game, **options)


def logit_equilibria(game: Game, **options: Any) -> EquilibriumSet:
    """Equilibria at the ends of logit paths, with the path options (``starts=k`` random
    priors, ``seed``, ``max_profiles``, ...) that :func:`equilibria` does not take; see
    :func:`treaty.nash._logit.logit_equilibria`."""
    from ._logit import logit_equilibria as _logit

    return _logit(game, **options)


__all__ = [
    "Equilibrium",
    "EquilibriumSet",
    "Method",
    "equilibria",
    "pure_equilibria",
    "iterated_elimination",
    "solve_zero_sum",
    "certify",
    "batch_equilibria",
    "logit_path",
    "logit_equilibria",
]

#: tolerance on regret for float games (relative to the payoff scale)
FLOAT_TOLERANCE = 1e-9


def certify(game: Game, profile: Any, component: int | None = None) -> Equilibrium:
    """Build an :class:`Equilibrium` from a mixed profile, computing payoffs and regrets.

    Exact games are certified exactly: probabilities are made Fractions and every regret must
    be exactly zero.  Float games must have regret within ``FLOAT_TOLERANCE`` times the payoff
    scale.  A profile that fails the check raises :class:`~treaty.errors.SolverError`.
    """
    from .._exact.numbers import as_fraction
    from ..errors import SolverError

    exact = game.is_exact
    prof: tuple[tuple[Any, ...], ...]
    if exact:
        prof = tuple(tuple(as_fraction(p) for p in s) for s in profile)
        pay = game.payoffs
    else:
        prof = tuple(tuple(float(p) for p in s) for s in profile)
        pay = game.float_payoffs
    for i, s in enumerate(prof):
        if len(s) != game.shape[i]:
            raise SolverError(f"strategy of {game.players[i]} has {len(s)} entries, expected "
                              f"{game.shape[i]}")
    regs = tuple(regrets(pay, prof))
    vals = tuple(expected_payoffs(pay, prof))
    if exact:
        if any(r != 0 for r in regs) or any(sum(s) != 1 or min(s) < 0 for s in prof):
            raise SolverError(f"internal error: profile {prof} is not an exact equilibrium "
                              f"(regrets {regs})")
    else:
        scale = max(1.0, float(np.max(np.abs(pay))))
        if max(regs) > FLOAT_TOLERANCE * scale * 10:
            raise SolverError(f"internal error: profile has regret {max(regs)}")
        regs = tuple(max(0.0, float(r)) for r in regs)
        vals = tuple(float(v) for v in vals)
    return Equilibrium(game.players, game.strategies, prof, vals, regs, exact, component)


def pure_equilibria(game: Game) -> EquilibriumSet:
    """All pure-strategy Nash equilibria of an N-player game.

    Examples
    --------
    >>> g = Game.from_arrays([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    >>> [e.describe() for e in pure_equilibria(g)]
    ['Player 1: 2; Player 2: 2']
    """
    out = []
    pay = game.payoffs
    for idx in pure_equilibrium_profiles(pay):
        prof = [[1 if k == s else 0 for k in range(m)] for s, m in zip(idx, game.shape)]
        out.append(certify(game, prof))
    return EquilibriumSet(tuple(out), method=Method.PURE, complete=True,
                          note="pure-strategy equilibria only")


def equilibria(game: Game, method: Method | str = Method.AUTO,
               max_size: int | None = None) -> EquilibriumSet:
    """Nash equilibria of a game, each certified by its regret.

    Parameters
    ----------
    game : Game, spec path or Spec
        The game; a normal-form spec file (YAML, JSON or ``.nfg``) or a parametric Spec is
        instantiated at its own parameter values.
    method : {"auto", "vertex", "lemke-howson", "pure", "support", "logit"}
        ``"vertex"``: all extreme equilibria of a 2-player game by enumerating the vertices of
        both best-response polytopes (Avis, Rosenberg, Savani and von Stengel 2010); complete
        for degenerate games, exact for exact games; refused when ``min(m, n)`` exceeds
        *max_size*.  ``"lemke-howson"``: the equilibria at the ends of the Lemke-Howson paths
        from every starting label (Lemke and Howson 1964), exact and certified, fast on large
        games, but in general not all of them (the result says so).  ``"pure"``: the pure
        equilibria, any number of players.  ``"support"``: every isolated equilibrium of an
        N-player game by support enumeration, each support's indifference system solved by
        certified interval subdivision (exact where rational; see
        :mod:`treaty.nash._support_n`), refused beyond
        :data:`treaty.spec._limits.MAX_SUPPORT_PROFILES` support profiles.  ``"auto"``:
        ``"vertex"`` for 2 players up to *max_size*, ``"lemke-howson"`` beyond it;
        ``"support"`` for more players within that limit, ``"logit"`` beyond it (the result
        then says it is not the complete set, with the estimate).
    max_size : int, optional
        Largest ``min(m, n)`` for vertex enumeration (default
        :data:`treaty.nash._vertex.DEFAULT_MAX_SIZE`, 15; its work grows exponentially).

    Returns
    -------
    EquilibriumSet
        A list of :class:`Equilibrium`; ``.components`` groups the extreme equilibria of a
        2-player game by connected component.

    Examples
    --------
    >>> from fractions import Fraction
    >>> g = Game.from_arrays([[2, 0], [0, 1]], [[1, 0], [0, 2]])   # battle of the sexes
    >>> [e.strategies for e in equilibria(g)]  # doctest: +NORMALIZE_WHITESPACE
    [((Fraction(0, 1), Fraction(1, 1)), (Fraction(0, 1), Fraction(1, 1))),
     ((Fraction(2, 3), Fraction(1, 3)), (Fraction(1, 3), Fraction(2, 3))),
     ((Fraction(1, 1), Fraction(0, 1)), (Fraction(1, 1), Fraction(0, 1)))]
    """
    if not isinstance(game, Game):  # a spec path or a Spec
        from ..spec.source import normal_form_game

        game = normal_form_game(game, command="equilibria")
    # one analysis asks for the equilibria of the same game several times (the report, the
    # inspection rates, the Nash reversion of the repeated game): a Game is immutable and so
    # is the result, so it is kept while the game lives
    key = (id(game), str(method), max_size)
    hit = _MEMO.get(key)
    if hit is not None and hit[0]() is game:
        return hit[1]
    result = _equilibria(game, method, max_size)
    _MEMO[key] = (weakref.ref(game, _forget(key)), result)
    return result


def _forget(key: tuple[int, str, int | None]) -> Any:
    """The callback that drops *key* from the memo when its game is collected."""
    def drop(_ref: Any) -> None:
        _MEMO.pop(key, None)
    return drop


#: (id(game), method, max_size) -> (weak reference to the game, its EquilibriumSet)
_MEMO: dict[tuple[int, str, int | None], tuple[Any, EquilibriumSet]] = {}


def _equilibria(game: Game, method: Method | str, max_size: int | None) -> EquilibriumSet:
    """:func:`equilibria` without the memo."""
    names = [m.value for m in Method]
    if method not in names:
        from ..errors import did_you_mean

        raise GameError(f"unknown method {method!r} ({did_you_mean(str(method), names)})")
    method = Method(method)
    from ._vertex import DEFAULT_MAX_SIZE

    limit = DEFAULT_MAX_SIZE if max_size is None else max_size
    auto_note = ""
    if method == Method.AUTO:
        if game.n_players != 2:
            from ..spec._limits import MAX_SUPPORT_PROFILES
            from ._support_n import count_support_profiles

            work = count_support_profiles(game.shape)
            if work <= MAX_SUPPORT_PROFILES:
                method = Method.SUPPORT
            else:
                method = Method.LOGIT
                auto_note = (f"; support enumeration would visit {work:,} support profiles, more than "
                             f"the limit of {MAX_SUPPORT_PROFILES:,}, so method auto followed the "
                             "logit path: not the complete set")
        elif min(game.shape) > limit:
            method = Method.LEMKE_HOWSON
        else:
            method = Method.VERTEX
    if method == Method.LOGIT:
        from ._logit import logit_equilibria

        try:
            logit = logit_equilibria(game)
        except SolverError as exc:
            if not auto_note:
                raise
            # auto promised "some equilibria": follow paths from random priors too
            logit = logit_equilibria(game, starts=4)
            logit = dataclasses.replace(logit, note=f"the path from the uniform profile failed "
                                        f"({exc}); {logit.note}")
        if auto_note:
            logit = dataclasses.replace(logit, complete=False, note=logit.note + auto_note)
        return logit
    if method == Method.SUPPORT:
        from ._support_n import support_enumeration

        return support_enumeration(game)
    if method == Method.PURE:
        result = pure_equilibria(game)
        if game.n_players > 2:
            result = dataclasses.replace(
                result, complete=False,
                note=(f"pure equilibria only; method 'support' (or 'auto') finds the mixed "
                      f"equilibria of {game.n_players}-player games"))
        return result
    if game.n_players != 2:
        raise GameError(f"method '{method}' needs a 2-player game; this one has "
                        f"{game.n_players} players (use method='pure')")
    pay = game.payoffs if game.is_exact else game.float_payoffs
    if method == Method.LEMKE_HOWSON:
        from ._lemke import lemke_howson_equilibria

        found: list[Any] = sorted(lemke_howson_equilibria(pay[0], pay[1]))
        if not game.is_exact:
            found = [(tuple(map(float, x)), tuple(map(float, y))) for x, y in found]
        eqs = tuple(certify(game, xy) for xy in found)
        return EquilibriumSet(eqs, method=Method.LEMKE_HOWSON, complete=False,
                              note="some equilibria (Lemke-Howson from every label); "
                                   "not the complete set")
    from ._vertex import extreme_equilibria

    res = extreme_equilibria(pay[0], pay[1], exact=game.is_exact, max_size=limit)
    comp_of = {k: c + 1 for c, members in enumerate(res.components) for k in members}
    out = [certify(game, (x, y), comp_of.get(k)) for k, (x, y) in enumerate(res.equilibria)]
    row_of = {x: i for i, x in enumerate(res.row_vertices)}
    col_of = {y: j for j, y in enumerate(res.col_vertices)}
    subsets = []
    for rows, cols in res.nash_subsets:
        rs, cs = set(rows), set(cols)
        subsets.append([k for k, (x, y) in enumerate(res.equilibria)
                        if row_of[x] in rs and col_of[y] in cs])
    return EquilibriumSet(tuple(out), method=Method.VERTEX, complete=True,
                          note="all extreme equilibria",
                          components=tuple(tuple(c) for c in res.components),
                          nash_subsets=tuple(tuple(s) for s in sorted(subsets)))


def iterated_elimination(game: Game, mixed: bool = True) -> Any:
    """Iterated elimination of strictly dominated strategies (pure, and by mixed strategies
    when *mixed*); see :mod:`treaty.nash._dominance`."""
    from ._dominance import iterated_elimination as _iesds

    pay = game.payoffs if game.is_exact else game.float_payoffs
    return _iesds(pay, mixed=mixed, exact=game.is_exact)


def solve_zero_sum(game: Game) -> Any:
    """Value and optimal strategies of a 2-player zero-sum game (linear programming)."""
    from ._zerosum import solve_zero_sum as _solve

    if game.n_players != 2:
        raise GameError("a zero-sum solution needs a 2-player game")
    pay = game.payoffs if game.is_exact else game.float_payoffs
    total = pay[0] + pay[1]
    if not all(v == 0 for v in total.reshape(-1)):
        if game.is_exact or not np.allclose(np.asarray(total, dtype=float), 0):
            raise GameError("the game is not zero-sum (payoffs do not add to 0 everywhere)")
    return _solve(pay[0], exact=game.is_exact)
