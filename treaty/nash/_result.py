"""Result types of equilibrium computations."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from .._exact.numbers import format_number, number_to_json

__all__ = ["Equilibrium", "EquilibriumSet", "Method"]


class Method:
    """Names of the equilibrium methods (use these constants, not bare strings)."""

    AUTO = "auto"
    VERTEX = "vertex"  #: all extreme equilibria of 2-player games (vertex enumeration)
    PURE = "pure"  #: pure-strategy equilibria of N-player games
    ALL = (AUTO, VERTEX, PURE)


@dataclass(frozen=True)
class Equilibrium:
    """A Nash equilibrium, certified by its regret.

    Attributes
    ----------
    players : tuple of str
    strategy_names : tuple of tuple of str
    strategies : tuple of tuple
        Each player's mixed strategy, probabilities in strategy order: Fractions when
        :attr:`exact`, floats otherwise.
    payoffs : tuple
        Each player's expected payoff.
    regrets : tuple
        Each player's regret (best-response payoff minus expected payoff): exactly 0 for
        exact equilibria, at most the stated tolerance for float games.
    exact : bool
    component : int or None
        Number (from 1) of the connected component of the equilibrium set this extreme point
        lies in (2-player enumeration only).
    """

    players: tuple[str, ...]
    strategy_names: tuple[tuple[str, ...], ...]
    strategies: tuple[tuple[Any, ...], ...]
    payoffs: tuple[Any, ...]
    regrets: tuple[Any, ...]
    exact: bool
    component: int | None = None

    @property
    def regret(self) -> Any:
        """The largest regret over the players (0 for an exact equilibrium)."""
        return max(self.regrets)

    @property
    def is_pure(self) -> bool:
        return all(sum(1 for p in s if p != 0) == 1 for s in self.strategies)

    def strategy(self, player: int | str) -> tuple[Any, ...]:
        """Mixed strategy of a player given by index or name."""
        i = self.players.index(player) if isinstance(player, str) else int(player)
        return self.strategies[i]

    def payoff(self, player: int | str) -> Any:
        i = self.players.index(player) if isinstance(player, str) else int(player)
        return self.payoffs[i]

    def support(self, player: int | str) -> tuple[str, ...]:
        """Names of the strategies played with positive probability."""
        i = self.players.index(player) if isinstance(player, str) else int(player)
        return tuple(n for n, p in zip(self.strategy_names[i], self.strategies[i]) if p != 0)

    def describe(self) -> str:
        """Short text such as ``US: pact; CN: 1/3 pact + 2/3 race``."""
        parts = []
        for i, name in enumerate(self.players):
            terms = [
                lbl if p == 1 else f"{format_number(p)} {lbl}"
                for lbl, p in zip(self.strategy_names[i], self.strategies[i])
                if p != 0
            ]
            parts.append(f"{name}: {' + '.join(terms)}")
        return "; ".join(parts)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form (see docs/output-format.md): exact numbers as strings like "1/3"."""
        return {
            "strategies": {
                p: {s: number_to_json(v) for s, v in zip(self.strategy_names[i], self.strategies[i])}
                for i, p in enumerate(self.players)
            },
            "payoffs": {p: number_to_json(self.payoffs[i]) for i, p in enumerate(self.players)},
            "regret": number_to_json(self.regret),
            "pure": self.is_pure,
            "exact": self.exact,
            "component": self.component,
        }


@dataclass
class EquilibriumSet(list):  # type: ignore[type-arg]
    """A list of :class:`Equilibrium` with how it was computed.

    ``complete`` says whether the list is every extreme equilibrium of the game (True for
    2-player vertex enumeration) or only those the method can find (e.g. pure equilibria).
    ``components`` lists, per connected component of the equilibrium set, the indices (into
    this list) of its extreme equilibria; ``nash_subsets`` lists the maximal Nash subsets,
    each as the indices of the extreme equilibria it spans: every mixture of their row
    strategies against every mixture of their column strategies is an equilibrium, and the
    equilibrium set is the union of these convex pieces (Avis et al. 2010).
    """

    method: str = ""
    complete: bool = True
    note: str = ""
    components: list[list[int]] = field(default_factory=list)
    nash_subsets: list[list[int]] = field(default_factory=list)

    def __init__(self, items: Sequence[Equilibrium] = (), *, method: str = "",
                 complete: bool = True, note: str = "",
                 components: list[list[int]] | None = None,
                 nash_subsets: list[list[int]] | None = None) -> None:
        list.__init__(self, items)
        self.method = method
        self.complete = complete
        self.note = note
        self.components = components or []
        self.nash_subsets = nash_subsets or []

    def __repr__(self) -> str:
        return f"EquilibriumSet({list.__repr__(self)}, method={self.method!r})"

    __eq__ = list.__eq__  # type: ignore[assignment]
    __hash__ = None  # type: ignore[assignment]
