"""Result types of equilibrium computations."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, overload

from .._exact.numbers import format_number, number_to_json
from ..errors import GameError, did_you_mean
from ..results import Notebook, StrEnum

__all__ = ["Equilibrium", "EquilibriumSet", "Method"]


class Method(StrEnum):
    """Names of the equilibrium methods; members equal their strings (``Method.PURE == "pure"``)."""

    AUTO = "auto"  #: ``VERTEX`` for 2 players (``LEMKE_HOWSON`` beyond its size limit), ``PURE`` otherwise
    VERTEX = "vertex"  #: all extreme equilibria of 2-player games (vertex enumeration)
    PURE = "pure"  #: pure-strategy equilibria of N-player games
    LEMKE_HOWSON = "lemke-howson"  #: some equilibria of 2-player games, fast (not the complete set)
    SUPPORT = "support"  #: every isolated equilibrium of N-player games (support enumeration, certified)
    LOGIT = "logit"  #: one equilibrium of an N-player game, at the end of the logit QRE path


@dataclass(frozen=True)
class Equilibrium(Notebook):
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
    tolerance : float or None
        None when the equilibrium is exact (regret exactly 0); otherwise the regret tolerance
        it is certified to: every entry of :attr:`regrets` is a rigorous upper bound of the
        reported profile's regret and lies below it.
    enclosure : tuple or None
        For an equilibrium whose probabilities are irrational (support enumeration of an
        N-player game): per player and strategy, an interval ``(lo, hi)`` proven to contain the
        exact probability of the equilibrium (the box where the Krawczyk test proved a unique
        root); None otherwise.
    """

    players: tuple[str, ...]
    strategy_names: tuple[tuple[str, ...], ...]
    strategies: tuple[tuple[Any, ...], ...]
    payoffs: tuple[Any, ...]
    regrets: tuple[Any, ...]
    exact: bool
    component: int | None = None
    #: None when exact; else the regret bound (payoff units) the equilibrium is certified to
    tolerance: float | None = None
    enclosure: tuple[tuple[tuple[float, float], ...], ...] | None = None

    @property
    def regret(self) -> Any:
        """The largest regret over the players (0 for an exact equilibrium)."""
        return max(self.regrets)

    @property
    def is_pure(self) -> bool:
        return all(sum(1 for p in s if p != 0) == 1 for s in self.strategies)

    def _player(self, player: int | str) -> int:
        if isinstance(player, str) and player in self.players:
            return self.players.index(player)
        if isinstance(player, int) and not isinstance(player, bool) and 0 <= player < len(self.players):
            return player
        raise GameError(f"unknown player {player!r} ({did_you_mean(str(player), self.players)})")

    def strategy(self, player: int | str) -> tuple[Any, ...]:
        """Mixed strategy of a player given by index or name."""
        i = self._player(player)
        return self.strategies[i]

    def payoff(self, player: int | str) -> Any:
        i = self._player(player)
        return self.payoffs[i]

    def support(self, player: int | str) -> tuple[str, ...]:
        """Names of the strategies played with positive probability."""
        i = self._player(player)
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
            **({"tolerance": self.tolerance} if self.tolerance is not None else {}),
            **({"enclosure": {p: {s: list(b) for s, b in zip(self.strategy_names[i], self.enclosure[i])}
                              for i, p in enumerate(self.players)}}
               if self.enclosure is not None else {}),
            "description": self.describe(),
        }


def _index_groups(groups: Sequence[Sequence[int]]) -> tuple[tuple[int, ...], ...]:
    return tuple(tuple(int(k) for k in g) for g in groups)


@dataclass(frozen=True)
class EquilibriumSet(Notebook, Sequence[Equilibrium]):
    """The equilibria a method found, with how they were computed (immutable).

    It holds a tuple of :class:`Equilibrium` and behaves as a read-only sequence of them
    (``len``, iteration, indexing, ``in``, truth value), in the manner of pygambit's
    ``nash`` results: the set is composed with its list, not a list subclass, so
    ``dataclasses.replace(eqs, note=...)`` keeps the equilibria.

    Attributes
    ----------
    equilibria : tuple of Equilibrium
    method : Method
    complete : bool
        Whether the tuple is every extreme equilibrium of the game (True for 2-player vertex
        enumeration) or only those the method can find (e.g. pure equilibria of N players).
    note : str
        What the tuple holds, in words (``"all extreme equilibria"``).
    components : tuple of tuple of int
        Per connected component of the equilibrium set, the indices (into this set) of its
        extreme equilibria.
    nash_subsets : tuple of tuple of int
        The maximal Nash subsets, each as the indices of the extreme equilibria it spans:
        every mixture of their row strategies against every mixture of their column
        strategies is an equilibrium, and the equilibrium set is the union of these convex
        pieces (Avis, Rosenberg, Savani and von Stengel 2010).

    Examples
    --------
    >>> import dataclasses, treaty
    >>> eqs = treaty.equilibria(treaty.Game.from_arrays([[2, 0], [0, 1]], [[1, 0], [0, 2]]))
    >>> len(eqs), len(dataclasses.replace(eqs, note="checked"))
    (3, 3)
    >>> eqs.describe()
    '3 equilibria (all extreme equilibria; method vertex)'
    """

    equilibria: tuple[Equilibrium, ...] = ()
    method: Method | str = ""
    complete: bool = True
    note: str = ""
    components: tuple[tuple[int, ...], ...] = field(default=())
    nash_subsets: tuple[tuple[int, ...], ...] = field(default=())

    def __post_init__(self) -> None:
        object.__setattr__(self, "equilibria", tuple(self.equilibria))
        object.__setattr__(self, "components", _index_groups(self.components))
        object.__setattr__(self, "nash_subsets", _index_groups(self.nash_subsets))
        if self.method:
            object.__setattr__(self, "method", Method(self.method))

    def __len__(self) -> int:
        return len(self.equilibria)

    def __iter__(self) -> Iterator[Equilibrium]:
        return iter(self.equilibria)

    @overload
    def __getitem__(self, index: int) -> Equilibrium: ...

    @overload
    def __getitem__(self, index: slice) -> tuple[Equilibrium, ...]: ...

    def __getitem__(self, index: int | slice) -> Equilibrium | tuple[Equilibrium, ...]:
        return self.equilibria[index]

    def __bool__(self) -> bool:
        return bool(self.equilibria)

    def describe(self) -> str:
        """One sentence: how many equilibria, what they are, and the method."""
        n = len(self)
        text = (f"{n} equilibri{'um' if n == 1 else 'a'} ({self.note or 'equilibria found'}; "
                f"method {self.method})")
        if self.components and len(self.components) < n:
            text += f"; {len(self.components)} connected component(s)"
        return text

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form, the ``result`` of ``treaty solve`` (docs/output-format.md).

        Equilibria are numbered from 1 (``index``); ``components`` and ``nash_subsets`` refer
        to them by that number.
        """
        return {
            "method": str(self.method),
            "complete": self.complete,
            "note": self.note,
            "count": len(self),
            "equilibria": [{"index": k + 1, **e.to_dict()} for k, e in enumerate(self)],
            "components": [[k + 1 for k in c] for c in self.components],
            "nash_subsets": [[k + 1 for k in s] for s in self.nash_subsets],
        }
