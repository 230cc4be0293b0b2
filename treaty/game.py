"""The normal-form game model."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import TYPE_CHECKING, Any

import numpy as np

from ._exact.numbers import as_fraction, float_view
from .errors import GameError, did_you_mean
from .results import Notebook

if TYPE_CHECKING:
    from .mechanics.repeated import RepeatedSettings
    from .mechanics.verification import Mechanism
    from .spec.negotiation import NegotiationSettings
    from .spec.parametric import Spec

__all__ = ["Game", "GameInfo"]


@dataclass(frozen=True)
class GameInfo:
    """Descriptive metadata carried from a spec file to reports."""

    description: str = ""
    source: tuple[str, ...] = ()
    assumptions: tuple[str, ...] = ()
    parameters: Mapping[str, Any] = field(default_factory=dict)
    parameter_docs: Mapping[str, str] = field(default_factory=dict)
    file: str | None = None
    parameter_units: Mapping[str, str] = field(default_factory=dict)  # name -> 'unit:' (if any)
    #: the parameter values given explicitly when the game was instantiated from its spec (the
    #: others are the declared defaults or derived from them); what a threshold holds fixed
    overrides: Mapping[str, Any] = field(default_factory=dict)


class Game(Notebook):  # _repr_html_ (payoff bimatrix), to_frame (one row per profile)
    """A finite game in normal (strategic) form with N >= 2 players.

    Payoffs are held as one array of shape ``(N, n_1, ..., n_N)``: ``payoffs[i][s]`` is
    player *i*'s payoff at the pure profile *s*.  When every payoff is exact (int,
    :class:`~fractions.Fraction`, or a decimal string) the array is an ``object`` array of
    Fractions and :attr:`is_exact` is True; otherwise it is float64.  :attr:`float_payoffs`
    is always a float64 view for fast numerics.

    Parameters
    ----------
    payoffs : array_like, shape (N, n_1, ..., n_N)
    players : sequence of str, optional
        Player names; default ``"Player 1"``, ``"Player 2"``, ...
    strategies : sequence of sequences of str, optional
        Strategy labels per player; default ``"1"``, ``"2"``, ...
    title : str
    info : GameInfo, optional
    targets : mapping of str to profile, optional
        Named pure profiles of interest (e.g. ``{"pact": ("pact", "pact")}``).
    verification : Mechanism, optional
        The verification mechanism these payoffs were built with
        (:func:`treaty.mechanics.verification.add_verification` sets it).
    repeated : RepeatedSettings, optional
        How the game is repeated (a spec's ``repeated`` section).
    negotiation : NegotiationSettings, optional
        What is negotiated and how (a spec's ``negotiation`` section, values evaluated).
    spec : Spec, optional
        The parametric spec this game was instantiated from (not compared by ``==``); threshold
        computations instantiate it at other parameter values instead of re-reading a file.

    Examples
    --------
    >>> g = Game.from_arrays([[3, 0], [5, 1]], [[3, 5], [0, 1]],
    ...                      players=["US", "CN"], strategies=[["pact", "race"]] * 2)
    >>> g.shape, g.is_exact
    ((2, 2), True)
    >>> g.payoff((1, 1))
    (Fraction(1, 1), Fraction(1, 1))
    """

    def __init__(
        self,
        payoffs: Any,
        players: Sequence[str] | None = None,
        strategies: Sequence[Sequence[str]] | None = None,
        title: str = "",
        info: GameInfo | None = None,
        targets: Mapping[str, Sequence[str]] | None = None,
        *,
        verification: Mechanism | None = None,
        repeated: RepeatedSettings | None = None,
        negotiation: NegotiationSettings | None = None,
        spec: Spec | None = None,
    ) -> None:
        arr = np.asarray(payoffs, dtype=object) if not isinstance(payoffs, np.ndarray) else payoffs
        if arr.ndim < 3:
            raise GameError(
                "payoffs must have shape (N, n_1, ..., n_N) with N >= 2 players; "
                f"got an array of shape {arr.shape}"
            )
        n = arr.shape[0]
        if arr.ndim != n + 1:
            raise GameError(
                f"payoffs for {n} players need {n + 1} dimensions, got shape {arr.shape}"
            )
        if any(k < 1 for k in arr.shape[1:]):
            raise GameError("every player needs at least one strategy")
        self._payoffs, self._exact = _normalise_payoffs(arr)
        self._float = float_view(self._payoffs)
        self._float.setflags(write=False)
        self._payoffs.setflags(write=False)
        self.players: tuple[str, ...] = (
            tuple(str(p) for p in players) if players is not None
            else tuple(f"Player {i + 1}" for i in range(n))
        )
        if len(self.players) != n:
            raise GameError(f"{len(self.players)} player names given for {n} players")
        if len(set(self.players)) != n:
            raise GameError(f"player names must be distinct: {self.players}")
        if strategies is None:
            strategies = [[str(k + 1) for k in range(m)] for m in self.shape]
        self.strategies: tuple[tuple[str, ...], ...] = tuple(
            tuple(str(s) for s in strats) for strats in strategies
        )
        if len(self.strategies) != n or any(
            len(s) != m for s, m in zip(self.strategies, self.shape)
        ):
            raise GameError(
                f"strategy labels {[len(s) for s in self.strategies]} do not match shape "
                f"{self.shape}"
            )
        for p, s in zip(self.players, self.strategies):
            if len(set(s)) != len(s):
                raise GameError(f"strategy names of {p} must be distinct: {s}")
        self.title = title
        self.info = info or GameInfo()
        self.targets: dict[str, tuple[int, ...]] = {}
        for name, prof in (targets or {}).items():
            self.targets[name] = self.profile_index(prof)
        self.verification = verification
        self.repeated = repeated
        self.negotiation = negotiation
        self.spec = spec

    # -- construction -------------------------------------------------------------------
    @classmethod
    def from_arrays(
        cls,
        *payoff_arrays: Any,
        players: Sequence[str] | None = None,
        strategies: Sequence[Sequence[str]] | None = None,
        title: str = "",
    ) -> Game:
        """Build a game from one payoff array per player, each of shape (n_1, ..., n_N).

        >>> Game.from_arrays([[1, -1], [-1, 1]], [[-1, 1], [1, -1]]).players
        ('Player 1', 'Player 2')
        """
        if len(payoff_arrays) < 2:
            raise GameError("a game needs payoff arrays for at least 2 players")
        arrays = [np.asarray(a, dtype=object) for a in payoff_arrays]
        shape = arrays[0].shape
        for i, a in enumerate(arrays):
            if a.shape != shape:
                raise GameError(
                    f"payoff array {i + 1} has shape {a.shape}, array 1 has {shape}"
                )
        if len(shape) != len(arrays):
            raise GameError(
                f"{len(arrays)} players need {len(arrays)}-dimensional payoff arrays, "
                f"got shape {shape}"
            )
        stacked = np.empty((len(arrays), *shape), dtype=object)
        for i, a in enumerate(arrays):
            stacked[i] = a
        return cls(stacked, players=players, strategies=strategies, title=title)

    # -- properties ---------------------------------------------------------------------
    @property
    def n_players(self) -> int:
        return self._payoffs.shape[0]

    @property
    def shape(self) -> tuple[int, ...]:
        """Number of strategies of each player."""
        return tuple(self._payoffs.shape[1:])

    @property
    def is_exact(self) -> bool:
        """True when every payoff is an exact rational number."""
        return self._exact

    @property
    def payoffs(self) -> np.ndarray:
        """Payoff array (N, n_1, ..., n_N): Fractions when exact, float64 otherwise."""
        return self._payoffs

    @property
    def float_payoffs(self) -> np.ndarray:
        """Float64 view of the payoffs."""
        return self._float

    @property
    def n_profiles(self) -> int:
        return int(np.prod(self.shape))

    def payoff(self, profile: Sequence[int | str]) -> tuple[Any, ...]:
        """Payoffs of all players at a pure profile (given by indices or strategy names)."""
        idx = self.profile_index(profile)
        return tuple(self._payoffs[(i, *idx)] for i in range(self.n_players))

    # -- lookups ------------------------------------------------------------------------
    def player_index(self, player: int | str) -> int:
        if isinstance(player, (int, np.integer)) and not isinstance(player, bool):
            if 0 <= int(player) < self.n_players:
                return int(player)
            raise GameError(f"player index {player} out of range 0..{self.n_players - 1}")
        if player in self.players:
            return self.players.index(player)
        raise GameError(_with_hint(f"unknown player {player!r}",
                                   did_you_mean(str(player), self.players)))

    def strategy_index(self, player: int | str, strategy: int | str) -> int:
        i = self.player_index(player)
        if isinstance(strategy, (int, np.integer)) and not isinstance(strategy, bool):
            if 0 <= int(strategy) < self.shape[i]:
                return int(strategy)
            raise GameError(f"strategy index {strategy} out of range for {self.players[i]}")
        if strategy in self.strategies[i]:
            return self.strategies[i].index(strategy)
        raise GameError(_with_hint(f"unknown strategy {strategy!r} for player {self.players[i]}",
                                   did_you_mean(str(strategy), self.strategies[i])))

    def profile_index(self, profile: Sequence[int | str] | Mapping[str, int | str]) -> tuple[int, ...]:
        """Indices of a pure profile given as a sequence or a {player: strategy} mapping."""
        if isinstance(profile, Mapping):
            missing = [p for p in self.players if p not in profile]
            for p in profile:
                self.player_index(p)
            if missing:
                raise GameError(f"profile does not name a strategy for {', '.join(missing)}")
            return tuple(self.strategy_index(p, profile[p]) for p in self.players)
        if len(profile) != self.n_players:
            raise GameError(
                f"a profile needs {self.n_players} strategies, got {len(profile)}"
            )
        return tuple(self.strategy_index(i, s) for i, s in enumerate(profile))

    # -- misc ---------------------------------------------------------------------------
    def __repr__(self) -> str:
        dims = "x".join(str(k) for k in self.shape)
        kind = "exact" if self._exact else "float"
        t = f" {self.title!r}" if self.title else ""
        return f"<Game{t}: {self.n_players} players, {dims}, {kind}>"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Game):
            return NotImplemented
        return (
            self.players == other.players
            and self.strategies == other.strategies
            and self._payoffs.shape == other._payoffs.shape
            and bool(np.all(self._payoffs == other._payoffs))
            and self.verification == other.verification
            and self.repeated == other.repeated
            and self.negotiation == other.negotiation
        )

    __hash__ = None  # type: ignore[assignment]

    def with_payoffs(self, payoffs: Any, **changes: Any) -> Game:
        """A copy with other payoffs (same labels unless given in *changes*).

        Targets, verification, repeated and negotiation settings are kept when the shape is unchanged
        (unless given in *changes*); the copy no longer stems from the spec (``spec`` is None).
        """
        kw: dict[str, Any] = dict(
            players=self.players, strategies=self.strategies, title=self.title, info=self.info
        )
        kw.update(changes)
        g = Game(payoffs, **kw)
        if g.shape == self.shape:
            if "targets" not in changes:
                g.targets = dict(self.targets)
            if "verification" not in changes:
                g.verification = self.verification
            if "repeated" not in changes:
                g.repeated = self.repeated
            if "negotiation" not in changes:
                g.negotiation = self.negotiation
        return g


def _with_hint(message: str, hint: str | None) -> str:
    return f"{message} ({hint})" if hint else message


def _normalise_payoffs(arr: np.ndarray) -> tuple[np.ndarray, bool]:
    """Exact object array of Fractions when every entry is exact, else float64."""
    if arr.dtype != object and np.issubdtype(arr.dtype, np.floating):
        if not np.all(np.isfinite(arr)):
            raise GameError("payoffs must be finite numbers")
        return np.array(arr, dtype=np.float64), False
    flat = arr.reshape(-1)
    exact = True
    for v in flat:
        if isinstance(v, (float, np.floating)):
            exact = False
        elif not isinstance(v, (int, np.integer, Fraction, str)) or isinstance(v, bool):
            raise GameError(f"payoffs must be numbers, got {type(v).__name__}: {v!r}")
    if exact:
        out = np.empty(arr.shape, dtype=object)
        of = out.reshape(-1)
        for k, v in enumerate(flat):
            try:
                of[k] = as_fraction(v)
            except (ValueError, ZeroDivisionError):
                raise GameError(f"payoff {v!r} is not a number") from None
        return out, True
    try:
        f = np.array([float(v) for v in flat], dtype=np.float64).reshape(arr.shape)
    except (ValueError, OverflowError):
        raise GameError("payoffs must be numbers (a text payoff does not parse as one)") from None
    if not np.all(np.isfinite(f)):
        raise GameError("payoffs must be finite numbers")
    return f, False
