"""Which equilibrium, when there are several: selection rules and risk dominance.

* :func:`select_equilibrium` picks one Nash equilibrium by a named rule: payoff dominance,
  risk dominance (Harsanyi and Selten 1988), maximal total payoff, maximal minimum payoff,
  minimal total payoff (the pessimist's view) or simply the first one found;
* :func:`risk_dominance` compares two strict pure equilibria of a 2-player game by the
  products of the players' deviation losses (the Nash products of Harsanyi and Selten);
* :func:`selection_threshold` finds, over one parameter of a spec, where a target profile is a
  strict equilibrium that risk-dominates a rival and where it is the only equilibrium.

Sources: J. C. Harsanyi and R. Selten, *A General Theory of Equilibrium Selection in Games*,
MIT Press (1988): payoff dominance and risk dominance, section 3.9 (the 2x2 criterion by
the products of deviation losses, lemma 3.9.1 and its discussion); the products as Nash
products: J. F. Nash, "The bargaining problem", Econometrica 18 (1950) 155-162.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import numpy as np

from .._exact.numbers import format_number, number_to_json
from ..errors import GameError, did_you_mean
from ..game import Game
from ..nash import Equilibrium
from ..results import Notebook

__all__ = [
    "SELECTION_RULES",
    "Selection",
    "select_equilibrium",
]

#: The rules :func:`select_equilibrium` accepts.
SELECTION_RULES: tuple[str, ...] = ("payoff-dominant", "risk-dominant", "welfare", "egalitarian",
                                    "worst", "first")

#: Float tolerance (relative to ``max(1, largest |payoff|)``) for comparing payoffs of float games.
FLOAT_TOL = 1e-9


@dataclass(frozen=True)
class Selection(Notebook):
    """One equilibrium chosen by a selection rule, and why.

    Attributes
    ----------
    players : tuple of str
    rule : str
        The rule asked for (one of :data:`SELECTION_RULES`).
    equilibrium : Equilibrium
        The selected equilibrium.
    payoffs : tuple
        Its payoffs (exact when the game is exact).
    candidates : int
        How many equilibria the rule chose among.
    unique : bool
        True when the rule singled this equilibrium out: no other equilibrium ties with it
        and, for the dominance rules, the dominance criterion held (no fallback).
    reason : str
        Why this one, in words (including a fallback or a tie).
    index : int
        Position of the selected equilibrium among the candidates (from 0).
    applied : str
        The rule that made the choice: *rule* itself, or ``"welfare"`` after a fallback.
    ties : tuple of int
        Positions of the other candidates that tie with the selected one under *applied*.
    complete : bool
        Whether the candidates were every equilibrium of the game the solver can find
        (False for N-player games, whose mixed equilibria are not computed).
    exact : bool
    """

    players: tuple[str, ...]
    rule: str
    equilibrium: Equilibrium
    payoffs: tuple[Any, ...]
    candidates: int
    unique: bool
    reason: str
    index: int = 0
    applied: str = ""
    ties: tuple[int, ...] = field(default=())
    complete: bool = True
    exact: bool = True

    def describe(self) -> str:
        """One sentence: the rule, the equilibrium and the reason."""
        pays = ", ".join(f"{p} {format_number(v)}" for p, v in zip(self.players, self.payoffs))
        return f"{self.rule} selection: {self.equilibrium.describe()} (payoffs {pays}); {self.reason}"

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form; exact numbers as strings such as ``"1/3"``."""
        return {
            "rule": self.rule,
            "applied": self.applied or self.rule,
            "equilibrium": self.equilibrium.to_dict(),
            "payoffs": {p: number_to_json(v) for p, v in zip(self.players, self.payoffs)},
            "candidates": self.candidates,
            "index": self.index,
            "unique": self.unique,
            "ties": list(self.ties),
            "complete": self.complete,
            "exact": self.exact,
            "reason": self.reason,
            "description": self.describe(),
        }


# -- helpers ----------------------------------------------------------------------------------
def _game_of(game: Any, command: str) -> Game:
    if isinstance(game, Game):
        return game
    from ..spec.source import normal_form_game

    return normal_form_game(game, command=command)


def _tolerance(game: Game) -> Any:
    if game.is_exact:
        return Fraction(0)
    pay = game.float_payoffs
    return FLOAT_TOL * max(1.0, float(np.max(np.abs(pay))) if pay.size else 1.0)


def _plural(n: int, word: str) -> str:
    if n == 1:
        return f"{n} {word}"
    return f"{n} {word[:-2]}a" if word.endswith("equilibrium") else f"{n} {word}s"


def _argbest(values: Sequence[Any], tol: Any, *, largest: bool = True) -> tuple[int, tuple[int, ...]]:
    """Index of the first best value and the indices of the others within *tol* of it."""
    best = max(values) if largest else min(values)
    close = [k for k, v in enumerate(values) if abs(v - best) <= tol]
    return close[0], tuple(close[1:])


def _dominates(u: Sequence[Any], v: Sequence[Any], tol: Any) -> bool:
    """Weak Pareto dominance, strict for someone: u >= v everywhere and u > v somewhere."""
    return all(a >= b - tol for a, b in zip(u, v)) and any(a > b + tol for a, b in zip(u, v))


def _same(u: Sequence[Any], v: Sequence[Any], tol: Any) -> bool:
    return all(abs(a - b) <= tol for a, b in zip(u, v))


def _equilibria_of(game: Game, equilibria: Any) -> tuple[tuple[Equilibrium, ...], bool]:
    if equilibria is None:
        from ..nash import equilibria as solve

        found = solve(game)
        return tuple(found), bool(found.complete)
    eqs = tuple(equilibria)
    for e in eqs:
        if not isinstance(e, Equilibrium):
            raise GameError(f"equilibria= must hold treaty Equilibrium objects, got "
                            f"{type(e).__name__}")
        if e.players != game.players or e.strategy_names != game.strategies:
            raise GameError("equilibria= holds an equilibrium of another game (players or "
                            "strategies differ)")
    return eqs, bool(getattr(equilibria, "complete", True))


# -- select_equilibrium -----------------------------------------------------------------------
def select_equilibrium(game: Any, rule: str = "payoff-dominant", *,
                       equilibria: Any = None) -> Selection:
    """Select one Nash equilibrium of *game* by a named rule.

    Parameters
    ----------
    game : Game, spec path or Spec
    rule : {"payoff-dominant", "risk-dominant", "welfare", "egalitarian", "worst", "first"}
        ``"payoff-dominant"``: the equilibrium whose payoffs weakly Pareto-dominate those of
        every other equilibrium, strictly for some player (Harsanyi and Selten 1988, section
        3.9); when there is none, the reason says so, ``unique`` is False and the
        welfare-maximising equilibrium is taken.  ``"risk-dominant"``: among the strict pure
        equilibria of a 2-player game, the one that risk-dominates every other one pairwise
        (:func:`risk_dominance`); fallback to welfare likewise when none does (or the game has
        more than 2 players, or no strict pure equilibrium).  ``"welfare"``: largest total
        payoff.  ``"egalitarian"``: largest minimum payoff.  ``"worst"``: smallest total
        payoff.  ``"first"``: the first equilibrium in the solver's order.
    equilibria : sequence of Equilibrium, optional
        The candidates; default ``treaty.equilibria(game)`` (exact and complete for exact
        2-player games, the pure equilibria for more players).

    Returns
    -------
    Selection
        Ties are reported (``unique`` False, ``ties`` and the reason name them); the first of
        the tied equilibria is returned.

    Raises
    ------
    GameError
        An unknown rule, candidates of another game, or no equilibrium to choose from.

    Examples
    --------
    >>> import treaty
    >>> stag = treaty.Game.from_arrays([[4, 0], [3, 3]], [[4, 3], [0, 3]],
    ...                                strategies=[["stag", "hare"]] * 2)
    >>> treaty.select_equilibrium(stag, "payoff-dominant").equilibrium.describe()
    'Player 1: stag; Player 2: stag'
    >>> treaty.select_equilibrium(stag, "risk-dominant").equilibrium.describe()
    'Player 1: hare; Player 2: hare'
    """
    if rule not in SELECTION_RULES:
        raise GameError(f"unknown selection rule {rule!r} ({did_you_mean(str(rule), SELECTION_RULES)})")
    game = _game_of(game, "select_equilibrium")
    eqs, complete = _equilibria_of(game, equilibria)
    if not eqs:
        raise GameError("no equilibrium to select from"
                        + ("" if complete else " (only pure equilibria were computed and this "
                           f"{game.n_players}-player game has none)"))
    tol = _tolerance(game)
    n = len(eqs)
    base = dict(players=game.players, rule=rule, candidates=n, complete=complete, exact=game.is_exact)
    scope = "" if complete else " (among the pure equilibria only)"

    def pick(k: int, applied: str, reason: str, unique: bool, ties: tuple[int, ...] = ()) -> Selection:
        if ties:
            unique = False
            reason += (f"; tied with {_plural(len(ties), 'other equilibrium')} "
                       f"(number{'s' if len(ties) > 1 else ''} {', '.join(str(t + 1) for t in ties)}); "
                       "took the first")
        return Selection(equilibrium=eqs[k], payoffs=tuple(eqs[k].payoffs), unique=unique,
                         reason=reason + scope, index=k, applied=applied, ties=ties, **base)

    def welfare(prefix: str) -> Selection:
        k, ties = _argbest([sum(e.payoffs) for e in eqs], tol)
        return pick(k, "welfare", prefix + "took the welfare-maximising one", False, ties)

    if n == 1:
        return pick(0, rule, "the only equilibrium", True)
    if rule == "first":
        return pick(0, "first", f"the first of {n} equilibria in the solver's order", False)
    if rule == "welfare":
        k, ties = _argbest([sum(e.payoffs) for e in eqs], tol)
        return pick(k, rule, f"largest total payoff of the {n} equilibria", True, ties)
    if rule == "worst":
        k, ties = _argbest([sum(e.payoffs) for e in eqs], tol, largest=False)
        return pick(k, rule, f"smallest total payoff of the {n} equilibria", True, ties)
    if rule == "egalitarian":
        k, ties = _argbest([min(e.payoffs) for e in eqs], tol)
        return pick(k, rule, f"largest minimum payoff of the {n} equilibria", True, ties)
    if rule == "payoff-dominant":
        for k, e in enumerate(eqs):
            others = [f for f in eqs if not _same(f.payoffs, e.payoffs, tol)]
            if others and all(_dominates(e.payoffs, f.payoffs, tol) for f in others):
                ties = tuple(j for j, f in enumerate(eqs) if j != k and _same(f.payoffs, e.payoffs, tol))
                reason = f"Pareto-dominates the other {_plural(len(others), 'equilibrium')}"
                if ties:
                    reason += " (equilibria with the same payoffs count as ties)"
                return pick(k, rule, reason, True, ties)
        if all(_same(f.payoffs, eqs[0].payoffs, tol) for f in eqs):
            return pick(0, rule, f"all {n} equilibria have the same payoffs", False,
                        tuple(range(1, n)))
        return welfare("no equilibrium Pareto-dominates all others; ")
    # risk-dominant
    return _risk_select(game, eqs, pick, welfare)


def _strict_pure(game: Game, eq: Equilibrium) -> tuple[int, ...] | None:
    """The profile of a strict pure equilibrium (every deviation strictly loses), else None."""
    if not eq.is_pure:
        return None
    prof = tuple(next(k for k, p in enumerate(s) if p != 0) for s in eq.strategies)
    pay = game.payoffs if game.is_exact else game.float_payoffs
    tol = _tolerance(game)
    for i in range(game.n_players):
        here = pay[(i, *prof)]
        for t in range(game.shape[i]):
            if t != prof[i]:
                dev = list(prof)
                dev[i] = t
                if pay[(i, *dev)] >= here - tol:
                    return None
    return prof


def _risk_select(game: Game, eqs: tuple[Equilibrium, ...], pick: Any, welfare: Any) -> Selection:
    if game.n_players != 2:
        return welfare(f"risk dominance (the 2x2 criterion) needs 2 players, this game has "
                       f"{game.n_players}; ")
    strict = [(k, prof) for k, e in enumerate(eqs) if (prof := _strict_pure(game, e)) is not None]
    n = len(eqs)
    if not strict:
        return welfare("no equilibrium is strict and pure, so risk dominance compares none; ")
    if len(strict) == 1:
        k = strict[0][0]
        return pick(k, "risk-dominant", f"the only strict pure equilibrium (the other "
                    f"{_plural(n - 1, 'equilibrium')} are not strict; risk dominance compares "
                    "strict equilibria)", True)
    for k, prof in strict:
        verdicts = [_compare(game, prof, other) for j, other in strict if j != k]
        if all(v > 0 for v in verdicts):
            extra = ("" if len(strict) == n
                     else f"; {_plural(n - len(strict), 'non-strict equilibrium')} not compared")
            return pick(k, "risk-dominant", f"risk-dominates the other "
                        f"{_plural(len(strict) - 1, 'strict pure equilibrium')} (larger product of "
                        f"deviation losses){extra}", True)
    return welfare(f"no strict pure equilibrium risk-dominates all other {len(strict) - 1} "
                   "(a tie or a cycle); ")


def _losses(game: Game, a: tuple[int, ...], b: tuple[int, ...]) -> tuple[tuple[Any, Any], tuple[Any, Any]]:
    """Deviation losses at *a* (toward *b*'s strategies) and at *b* (toward *a*'s), 2 players."""
    pay = game.payoffs if game.is_exact else game.float_payoffs
    (r1, c1), (r2, c2) = a, b
    at_a = (pay[0, r1, c1] - pay[0, r2, c1], pay[1, r1, c1] - pay[1, r1, c2])
    at_b = (pay[0, r2, c2] - pay[0, r1, c2], pay[1, r2, c2] - pay[1, r2, c1])
    return at_a, at_b


def _compare(game: Game, a: tuple[int, ...], b: tuple[int, ...]) -> int:
    """+1 when *a* risk-dominates *b*, -1 when *b* does, 0 on a tie (products equal)."""
    (la1, la2), (lb1, lb2) = _losses(game, a, b)
    diff = la1 * la2 - lb1 * lb2
    tol = _tolerance(game)
    scale = tol * max(1.0, abs(float(la1)), abs(float(lb1))) * 10 if not game.is_exact else 0
    return 1 if diff > scale else (-1 if diff < -scale else 0)
