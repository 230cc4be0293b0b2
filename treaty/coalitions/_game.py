"""The membership game: countries, a payoff model, an optional network."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from fractions import Fraction
from typing import Any

import numpy as np

from .._progress import Progress, format_seconds, phase
from ..errors import GameError, GameTooLarge, did_you_mean
from ..game import GameInfo
from ..spec.expressions import Expression
from ._bits import DEFAULT_CHUNK_BITS, check_size, iter_chunks, mask_of
from ._models import CallableModel, ExpressionModel, PayoffModel, PublicGoodModel
from ._results import (
    FarsightedResult,
    GrandCoalition,
    LeastCore,
    Nucleolus,
    StabilityResult,
    TieRule,
    TransferScheme,
    TUSolutions,
)
from ._structures import StructureResult

__all__ = ["MembershipGame", "DEFAULT_MAX_PLAYERS", "FARSIGHTED_MAX_PLAYERS",
           "NUCLEOLUS_MAX_PLAYERS", "EXACT_TU_MAX_PLAYERS"]

#: stability scans and characteristic functions: 2^25 = 33,554,432 coalitions by default
DEFAULT_MAX_PLAYERS = 25
#: farsighted stability builds 4^n dominance relations
FARSIGHTED_MAX_PLAYERS = 6
#: nucleolus and least core LPs over 2^n constraints
NUCLEOLUS_MAX_PLAYERS = 20
#: exact (Fraction) characteristic functions are built coalition by coalition
EXACT_TU_MAX_PLAYERS = 12


class MembershipGame:
    """A treaty membership game: which countries sign, and what each then gets.

    ``pi_i(S)`` is country i's payoff when coalition S signs and the others act alone.

    Parameters
    ----------
    players : sequence of str
        Country names.
    model : PayoffModel
        See :class:`PublicGoodModel`, :class:`ExpressionModel`, :class:`CallableModel`.
    attributes : mapping of str to sequence, optional
        Country attributes (kept for reports).
    edges : iterable of (str, str), optional
        The network among countries (alliances, supply chains), for the Myerson value.
    title : str
    info : GameInfo, optional
    rule : str
        Default :class:`TieRule` of :meth:`stability`.
    min_size : int
        Default smallest coalition counted as a pact (2).

    Examples
    --------
    >>> g = MembershipGame.public_good(["A", "B", "C", "D"], benefit=[1] * 4, cost=[1] * 4)
    >>> g.payoffs({"A", "B", "C"})
    (Fraction(11, 2), Fraction(11, 2), Fraction(11, 2), Fraction(19, 2))
    >>> g.stability().stable_sizes
    (3,)
    """

    def __init__(self, players: Sequence[str], model: PayoffModel, *,
                 attributes: Mapping[str, Sequence[Any]] | None = None,
                 edges: Iterable[tuple[str, str]] | None = None, title: str = "",
                 info: GameInfo | None = None, rule: str = TieRule.DEFAULT,
                 min_size: int = 2) -> None:
        self.players = tuple(str(p) for p in players)
        if len(self.players) < 1:
            raise GameError("a membership game needs at least one country")
        if len(set(self.players)) != len(self.players):
            raise GameError("country names must be distinct")
        if model.n != len(self.players):
            raise GameError(f"the payoff model has {model.n} countries, the game "
                              f"{len(self.players)}")
        self.model = model
        self.attributes = {k: tuple(v) for k, v in (attributes or {}).items()}
        self.title = title
        self.info = info or GameInfo()
        self.default_rule = TieRule.canonical(rule)
        self.default_min_size = int(min_size)
        self.edges: tuple[tuple[str, str], ...] = ()
        if edges is not None:
            es = []
            for a, b in edges:
                for c in (a, b):
                    if c not in self.players:
                        raise GameError(f"unknown country {c!r} in an edge "
                                          f"({did_you_mean(c, self.players)})")
                es.append((str(a), str(b)))
            self.edges = tuple(es)

    # -- construction ------------------------------------------------------------------
    @classmethod
    def public_good(cls, players: Sequence[str], benefit: Sequence[Any], cost: Sequence[Any],
                    **kw: Any) -> MembershipGame:
        """The linear-benefit, quadratic-cost public-good game (:class:`PublicGoodModel`)."""
        return cls(players, PublicGoodModel(benefit, cost),
                   attributes={"benefit": benefit, "cost": cost}, **kw)

    @classmethod
    def from_expression(cls, players: Sequence[str], member: str, outsider: str | None = None,
                        *, attributes: Mapping[str, Sequence[Any]],
                        params: Mapping[str, Any] | None = None, **kw: Any) -> MembershipGame:
        """Payoffs from a safe expression over the member set (:class:`ExpressionModel`)."""
        edges = kw.get("edges")
        adj = _adjacency(players, edges) if edges is not None else None
        model = ExpressionModel(Expression.parse(member),
                                Expression.parse(outsider) if outsider else None,
                                attributes=attributes, params=params, adjacency=adj)
        return cls(players, model, attributes=attributes, **kw)

    @classmethod
    def from_callable(cls, players: Sequence[str], func: Callable[..., Any], *,
                      vectorized: bool = False, **kw: Any) -> MembershipGame:
        """Payoffs from a Python function (:class:`CallableModel`)."""
        return cls(players, CallableModel(func, len(players), vectorized=vectorized), **kw)

    @classmethod
    def from_partition_callable(cls, players: Sequence[str], func: Callable[..., Any], *,
                                vectorized: bool = False, exact: bool | None = None,
                                **kw: Any) -> MembershipGame:
        """Payoffs of coalition structures from a Python function (:class:`PartitionFunctionModel`).

        ``func(blocs)`` gets a tuple of frozensets of country indices (a partition) and
        returns the n payoffs; single-coalition analyses use ``{S} + singletons``.
        """
        from ._structures import PartitionFunctionModel

        return cls(players, PartitionFunctionModel(func, len(players), vectorized=vectorized,
                                                   exact=exact), **kw)

    # -- basics ------------------------------------------------------------------------
    @property
    def n(self) -> int:
        return len(self.players)

    @property
    def is_exact(self) -> bool:
        return self.model.exact

    def __repr__(self) -> str:
        return (f"MembershipGame({self.title or 'untitled'!r}, {self.n} countries, "
                f"{self.model.describe()})")

    def mask(self, coalition: int | Iterable[str | int]) -> int:
        """Bitmask of a coalition given as a mask, country names or indices."""
        if isinstance(coalition, (int, np.integer)):
            m = int(coalition)
            if not 0 <= m < (1 << self.n):
                raise GameError(f"coalition mask {m} is out of range for {self.n} countries")
            return m
        idx = []
        for c in coalition:
            if isinstance(c, (int, np.integer)):
                if not 0 <= int(c) < self.n:
                    raise GameError(f"country index {c} is out of range")
                idx.append(int(c))
            elif c in self.players:
                idx.append(self.players.index(c))
            else:
                raise GameError(f"unknown country {c!r} ({did_you_mean(str(c), self.players)})")
        return mask_of(idx)

    def members(self, coalition: int | Iterable[str | int]) -> tuple[str, ...]:
        m = self.mask(coalition)
        return tuple(p for i, p in enumerate(self.players) if (m >> i) & 1)

    def payoffs(self, coalition: int | Iterable[str | int]) -> tuple[Any, ...]:
        """``pi_i(S)`` for every country, exact (Fractions) when the game is exact."""
        m = self.mask(coalition)
        return self.model.exact_payoffs([bool((m >> i) & 1) for i in range(self.n)])

    def adjacency(self) -> np.ndarray:
        """Boolean adjacency matrix of the network (no edges: all False)."""
        return _adjacency(self.players, self.edges)

    def graph(self) -> Any:
        """The network as a :class:`networkx.Graph` (countries as nodes)."""
        import networkx as nx

        g = nx.Graph()
        g.add_nodes_from(self.players)
        g.add_edges_from(self.edges)
        return g

    # -- stability ---------------------------------------------------------------------
    def stability(self, *, rule: str | None = None, min_size: int | None = None,
                  max_players: int = DEFAULT_MAX_PLAYERS, progress: bool | None = None,
                  chunk_bits: int = DEFAULT_CHUNK_BITS, certify_limit: int = 10_000,
                  membership: str = "open") -> StabilityResult:
        """Internal/external stability, profitability, PIS of all ``2^n`` coalitions.

        See :func:`treaty.coalitions.stability_scan`; ``membership="exclusive"`` lets members
        refuse an entrant who would leave one of them strictly worse off.  Raises
        :class:`GameTooLarge` before any work when ``n > max_players``.
        """
        from ._rules import membership_rule
        from ._stability import stability_scan

        membership_rule(membership)

        rule = self.default_rule if rule is None else rule
        min_size = self.default_min_size if min_size is None else min_size
        TieRule.parse(rule)
        check_size(self.n, max_players, "the stability scan",
                   extra=[f"about {2 ** self.n:,} bytes of flags"])
        return stability_scan(self.model, self.players, rule=rule, min_size=min_size,
                              chunk_bits=chunk_bits, progress=progress,
                              certify_limit=certify_limit, membership=membership)

    def structures(self, blocs: Any = None, *, membership: str = "open",
                   scan: bool | None = None, max_players: int | None = None,
                   limit: int = 1000, progress: bool | None = None) -> StructureResult:
        """Stable coalition structures (several pacts at once), or who would move where.

        See :func:`treaty.coalitions.structure_scan`: ``membership="open"`` (Nash stable) or
        ``"exclusive"`` (individually stable); ``blocs=`` evaluates one structure, e.g.
        ``{"West": ["US", "UK"], "East": ["CN", "RU"]}`` (others stand alone).  Raises
        :class:`GameTooLarge` before any work when the scan has more than *max_players*
        (default 10) countries.
        """
        from ._structures import STRUCTURES_MAX_PLAYERS, structure_scan

        return structure_scan(self.model, self.players, membership=membership, blocs=blocs,
                              scan=scan, limit=limit, progress=progress,
                              max_players=STRUCTURES_MAX_PLAYERS if max_players is None
                              else max_players)

    def grand_coalition(self, *, rule: str | None = None) -> GrandCoalition:
        from ._stability import grand_coalition

        rule = self.default_rule if rule is None else rule
        return grand_coalition(self.model, self.players, TieRule.parse(rule)[0])

    def transfer_scheme(self, coalition: int | Iterable[str | int],
                        weights: Sequence[Any] | None = None) -> TransferScheme:
        """Supporting transfers for a coalition (Carraro, Eyckmans, Finus 2006)."""
        from ._stability import transfer_scheme

        return transfer_scheme(self.model, self.players, self.mask(coalition), weights)

    def farsighted(self, *, max_players: int = FARSIGHTED_MAX_PLAYERS,
                   progress: bool | None = None) -> FarsightedResult:
        """The largest consistent set (Chwe 1994); small n only.

        Raises :class:`GameTooLarge` before any work when ``n > max_players``, with an
        estimate of the time and memory and the largest size that finishes in seconds.
        """
        from ._farsighted import FARSIGHTED_FEASIBLE, farsighted_cost, largest_consistent_set

        if self.n > max_players:
            seconds, nbytes = farsighted_cost(self.n)
            ok = FARSIGHTED_FEASIBLE
            raise GameTooLarge(
                f"farsighted stability of {self.n} countries compares 4^{self.n} = "
                f"{4 ** self.n:,} pairs of coalitions: roughly {format_seconds(seconds)} and "
                f"{_format_bytes(nbytes)} of memory; up to {ok} countries it takes seconds "
                f"({ok}: about {format_seconds(farsighted_cost(ok)[0])}); the limit is max_players="
                f"{max_players}: pass max_players={self.n} (command line: --max-players "
                f"{self.n}) to run it anyway")
        return largest_consistent_set(self.model, self.players, progress=progress)

    # -- transferable utility ----------------------------------------------------------
    def characteristic_function(self, *, exact: bool | None = None,
                                max_players: int = DEFAULT_MAX_PLAYERS,
                                progress: bool | None = None) -> np.ndarray:
        """``v(S) = sum_{i in S} pi_i(S)``, the coalition's joint payoff when outsiders
        best-respond (the gamma-characteristic function of Chander and Tulkens 1997).

        Returns a float64 array of length ``2^n`` indexed by bitmask, or an object array
        of Fractions when *exact* (default: exact games with at most 12 countries).
        """
        check_size(self.n, max_players, "the characteristic function")
        if exact is None:
            exact = self.model.exact and self.n <= EXACT_TU_MAX_PLAYERS
        if exact:
            if not self.model.exact:
                raise GameError("the payoff model is not exact")
            check_size(self.n, EXACT_TU_MAX_PLAYERS + 4, "an exact characteristic function")
            out = np.empty(1 << self.n, dtype=object)
            with Progress(1 << self.n, "characteristic function, exact", enabled=progress,
                          unit="coalitions") as xbar:
                for m in range(1 << self.n):
                    inside = [bool((m >> i) & 1) for i in range(self.n)]
                    pay = self.model.exact_payoffs(inside)
                    out[m] = sum((p for p, s in zip(pay, inside) if s), Fraction(0))
                    xbar.update(1)
            return out
        v = np.empty(1 << self.n)
        bar = Progress(1 << self.n, "characteristic function", enabled=progress,
                       unit="coalitions")
        for masks, x in iter_chunks(self.n):
            v[masks] = np.where(x, self.model.payoffs(x), 0.0).sum(axis=1)
            bar.update(len(masks))
        bar.close()
        return v

    def tu_solutions(self, *, nucleolus: bool | None = None,
                     max_players: int = DEFAULT_MAX_PLAYERS,
                     progress: bool | None = None) -> TUSolutions:
        """Shapley value, Banzhaf index, least core, nucleolus and (with a network) Myerson value.

        The LP-based solutions (least core, nucleolus) are computed for at most
        ``NUCLEOLUS_MAX_PLAYERS`` countries (``nucleolus=None``); for an exact game they are
        Fractions certified in exact arithmetic (``exact``/``certified`` on each result), or
        floats with a ``note`` when the certification fails.
        """
        from ._tu import banzhaf_index, least_core, myerson_value, shapley_value
        from ._tu import nucleolus as nucleolus_lp

        v = self.characteristic_function(max_players=max_players, progress=progress)
        exact = v.dtype == object
        if nucleolus is None:
            nucleolus = self.n <= NUCLEOLUS_MAX_PLAYERS
        vf = v.astype(np.float64)
        lc: LeastCore | None = None
        nu: Nucleolus | None = None
        if nucleolus:
            vt = v if exact else vf
            with phase("least core (LP)", enabled=progress):
                lc = least_core(vt)
            lo = sum(vt[1 << i] for i in range(self.n))
            with phase("nucleolus (LPs)", enabled=progress):
                nu = nucleolus_lp(vt, imputation=bool(lo <= vt[-1] if exact else lo <= vf[-1] + 1e-9))
        with phase("Shapley, Banzhaf, Myerson", enabled=progress):
            my = myerson_value(v, self.adjacency()) if self.edges else None
            shapley, banzhaf = shapley_value(v), banzhaf_index(v)
        return TUSolutions(players=self.players, grand_value=v[-1], shapley=shapley,
                           banzhaf=banzhaf, least_core=lc, nucleolus=nu, myerson=my,
                           exact=exact)


def _format_bytes(n: float) -> str:
    for unit in ("bytes", "KB", "MB", "GB", "TB"):
        if n < 1000 or unit == "TB":
            return f"{n:.0f} {unit}" if unit == "bytes" else f"{n:.1f} {unit}"
        n /= 1000
    return f"{n:.1f} TB"  # pragma: no cover


def _adjacency(players: Sequence[str], edges: Iterable[tuple[str, str]] | None) -> np.ndarray:
    n = len(players)
    adj = np.zeros((n, n), dtype=bool)
    for a, b in edges or ():
        i, j = list(players).index(a), list(players).index(b)
        if i != j:
            adj[i, j] = adj[j, i] = True
    return adj
