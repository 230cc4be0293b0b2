"""Result types of coalition analyses: small frozen dataclasses with ``to_dict()``."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .._exact.numbers import format_number, number_to_json

__all__ = [
    "TieRule",
    "Coalition",
    "GrandCoalition",
    "TransferScheme",
    "StabilityResult",
    "FarsightedResult",
    "LeastCore",
    "Nucleolus",
    "TUSolutions",
]


class TieRule:
    """How an indifferent country decides (use these constants, not bare strings).

    ``STAY_JOIN`` (the default, d'Aspremont et al. 1983; Barrett 1994): an indifferent
    member stays, an indifferent outsider joins; S is internally stable when
    ``pi_i(S) >= pi_i(S - i)`` and externally stable when ``pi_j(S) > pi_j(S + j)``.
    ``STAY_OUT``: an indifferent outsider stays out (``pi_j(S) >= pi_j(S + j)``).
    ``LEAVE_JOIN`` / ``LEAVE_OUT``: an indifferent member leaves (``pi_i(S) > pi_i(S - i)``).
    """

    STAY_JOIN = "stay-join"
    STAY_OUT = "stay-out"
    LEAVE_JOIN = "leave-join"
    LEAVE_OUT = "leave-out"
    DEFAULT = STAY_JOIN
    ALL = (STAY_JOIN, STAY_OUT, LEAVE_JOIN, LEAVE_OUT)
    ALIASES = {"default": STAY_JOIN, "barrett": STAY_JOIN, "strict-external": STAY_JOIN,
               "weak-external": STAY_OUT}

    @classmethod
    def parse(cls, rule: str) -> tuple[bool, bool]:
        """``(member_stays_if_indifferent, outsider_joins_if_indifferent)`` of a rule name."""
        from ..errors import TreatyError, did_you_mean

        name = cls.ALIASES.get(rule, rule)
        if name not in cls.ALL:
            raise TreatyError(f"unknown tie rule {rule!r} "
                              f"({did_you_mean(rule, [*cls.ALL, *cls.ALIASES])})")
        return name.startswith("stay"), name.endswith("join")

    @classmethod
    def canonical(cls, rule: str) -> str:
        cls.parse(rule)
        return cls.ALIASES.get(rule, rule)


def _nums(values: Any) -> list[Any]:
    return [number_to_json(v) for v in values]


@dataclass(frozen=True)
class Coalition:
    """One coalition with its payoffs and the stability conditions it meets.

    Attributes
    ----------
    mask : int
        Bitmask of members (bit i is country i).
    members : tuple of str
    payoffs : tuple
        ``pi_i(S)`` of every country (members and outsiders), exact when the game is.
    total : number
        Sum of all countries' payoffs.
    internal, external, profitable, potentially_internal : bool
        The conditions, each checked against its definition.
    surplus : number
        ``sum_{i in S} (pi_i(S) - pi_i(S - i))``: what the coalition has left after paying
        every member its outside option (>= 0 iff potentially internally stable).
    """

    mask: int
    members: tuple[str, ...]
    payoffs: tuple[Any, ...]
    total: Any
    internal: bool
    external: bool
    profitable: bool
    potentially_internal: bool
    surplus: Any

    @property
    def size(self) -> int:
        return len(self.members)

    @property
    def stable(self) -> bool:
        return self.internal and self.external

    def to_dict(self) -> dict[str, Any]:
        return {
            "members": list(self.members),
            "size": self.size,
            "mask": self.mask,
            "payoffs": _nums(self.payoffs),
            "total": number_to_json(self.total),
            "internal": self.internal,
            "external": self.external,
            "stable": self.stable,
            "profitable": self.profitable,
            "potentially_internal": self.potentially_internal,
            "surplus": number_to_json(self.surplus),
        }


@dataclass(frozen=True)
class GrandCoalition:
    """Whether all countries together are stable, and the cheapest transfers that would make it so.

    ``outside[i] = pi_i(N - i)``; ``deficits[i] = max(0, outside[i] - payoffs[i])``.
    With ``surplus = sum(payoffs) - sum(outside) >= 0`` (potential internal stability,
    Carraro, Eyckmans and Finus 2006) the transfers below hold the grand coalition together:
    every country with a deficit receives exactly its deficit, every other country pays a
    share of the total in proportion to its slack ``payoffs[i] - outside[i]``.  No scheme
    moves less money, since each deficit must be covered; ``total_transfer`` is that minimum.
    """

    players: tuple[str, ...]
    payoffs: tuple[Any, ...]
    outside: tuple[Any, ...]
    deficits: tuple[Any, ...]
    internally_stable: bool
    surplus: Any
    potentially_stable: bool
    transfers: tuple[Any, ...] | None
    total_transfer: Any

    def to_dict(self) -> dict[str, Any]:
        return {
            "players": list(self.players),
            "payoffs": _nums(self.payoffs),
            "outside_options": _nums(self.outside),
            "deficits": _nums(self.deficits),
            "stable": self.internally_stable,
            "surplus": number_to_json(self.surplus),
            "stable_with_transfers": self.potentially_stable,
            "transfers": None if self.transfers is None else _nums(self.transfers),
            "total_transfer": number_to_json(self.total_transfer),
        }


@dataclass(frozen=True)
class TransferScheme:
    """A transfer scheme supporting a potentially internally stable coalition.

    ``x_i = pi_i(S - i) + lambda_i * surplus`` for members (Carraro, Eyckmans, Finus 2006);
    ``transfers[i] = x_i - pi_i(S)`` (positive: receives).  Transfers sum to zero.
    """

    members: tuple[str, ...]
    weights: tuple[Any, ...]
    outside: tuple[Any, ...]
    payoffs: tuple[Any, ...]
    shares: tuple[Any, ...]
    transfers: tuple[Any, ...]
    surplus: Any
    feasible: bool

    def to_dict(self) -> dict[str, Any]:
        return {
            "members": list(self.members),
            "weights": _nums(self.weights),
            "outside_options": _nums(self.outside),
            "payoffs": _nums(self.payoffs),
            "shares": _nums(self.shares),
            "transfers": _nums(self.transfers),
            "surplus": number_to_json(self.surplus),
            "feasible": self.feasible,
        }


@dataclass(frozen=True)
class StabilityResult:
    """Stability of every coalition of a membership game.

    Attributes
    ----------
    players : tuple of str
    rule : str
        The :class:`TieRule` used.
    min_size : int
        Smallest coalition reported as a pact (a single country is no agreement).
    n_coalitions : int
        ``2^n``, all scanned.
    exact : bool
        True when every comparison was decided in exact arithmetic (float scan, near-ties
        re-decided with Fractions); otherwise differences within ``tolerance`` count as ties.
    tolerance : float
        Relative tolerance of the float scan.
    counts : dict
        Number of coalitions (of size >= min_size) meeting each condition.
    stable : tuple of Coalition
        Stable coalitions ranked by total payoff (descending), then size; each one
        re-checked against the definitions.  At most ``certify_limit`` of them.
    n_stable : int
        Number of stable coalitions (may exceed ``len(stable)``).
    grand : GrandCoalition
    """

    players: tuple[str, ...]
    rule: str
    min_size: int
    n_coalitions: int
    exact: bool
    tolerance: float
    counts: dict[str, int]
    stable: tuple[Coalition, ...]
    n_stable: int
    grand: GrandCoalition
    model: str = ""
    flags: np.ndarray | None = field(default=None, compare=False, repr=False)

    #: flag bits of :meth:`condition` (LARGE_ENOUGH: at least min_size members)
    INTERNAL, EXTERNAL, PROFITABLE, POTENTIALLY_INTERNAL, LARGE_ENOUGH = 1, 2, 4, 8, 16

    def top(self, k: int) -> tuple[Coalition, ...]:
        return self.stable[:k]

    def by_size(self) -> dict[int, tuple[Coalition, ...]]:
        """Stable coalitions grouped by size, largest first."""
        out: dict[int, list[Coalition]] = {}
        for c in sorted(self.stable, key=lambda c: (-c.size, c.mask)):
            out.setdefault(c.size, []).append(c)
        return {k: tuple(v) for k, v in out.items()}

    @property
    def stable_sizes(self) -> tuple[int, ...]:
        return tuple(sorted({c.size for c in self.stable}))

    def condition(self, mask: int, flag: int) -> bool:
        """Whether coalition *mask* meets a condition (``StabilityResult.INTERNAL``, ...)."""
        if self.flags is None:
            raise ValueError("this result holds no per-coalition flags")
        return bool(self.flags[mask] & flag)

    def to_dict(self) -> dict[str, Any]:
        return {
            "players": list(self.players),
            "model": self.model,
            "rule": self.rule,
            "min_size": self.min_size,
            "coalitions_scanned": self.n_coalitions,
            "exact": self.exact,
            "tolerance": self.tolerance,
            "counts": dict(self.counts),
            "n_stable": self.n_stable,
            "stable": [c.to_dict() for c in self.stable],
            "grand_coalition": self.grand.to_dict(),
        }

    def summary(self) -> str:
        sizes = ", ".join(map(str, self.stable_sizes)) or "none"
        return (f"{self.n_stable} stable coalition(s) of {self.n_coalitions:,} "
                f"(rule {self.rule}); sizes: {sizes}; grand coalition "
                f"{'stable' if self.grand.internally_stable else 'not stable'}")


@dataclass(frozen=True)
class FarsightedResult:
    """The largest consistent set (Chwe 1994) over coalition moves."""

    players: tuple[str, ...]
    coalitions: tuple[tuple[str, ...], ...]
    masks: tuple[int, ...]
    payoffs: tuple[tuple[Any, ...], ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "players": list(self.players),
            "largest_consistent_set": [
                {"members": list(c), "mask": m, "payoffs": _nums(p)}
                for c, m, p in zip(self.coalitions, self.masks, self.payoffs)
            ],
        }


@dataclass(frozen=True)
class LeastCore:
    """The least core value ``epsilon*`` and one point of the least core.

    The core is non-empty iff ``epsilon* <= 0`` (up to ``tolerance``); then ``point`` is in it.
    """

    epsilon: float
    point: tuple[float, ...]
    core_nonempty: bool
    tolerance: float

    def to_dict(self) -> dict[str, Any]:
        return {"epsilon": self.epsilon, "point": list(self.point),
                "core_nonempty": self.core_nonempty, "tolerance": self.tolerance}


@dataclass(frozen=True)
class Nucleolus:
    """The nucleolus (or prenucleolus) with its excess levels, from a sequence of LPs."""

    point: tuple[float, ...]
    levels: tuple[float, ...]
    n_lps: int
    imputation: bool

    def to_dict(self) -> dict[str, Any]:
        return {"point": list(self.point), "levels": list(self.levels), "lps": self.n_lps,
                "domain": "imputation" if self.imputation else "preimputation"}


@dataclass(frozen=True)
class TUSolutions:
    """The transferable-utility view of a membership game."""

    players: tuple[str, ...]
    grand_value: Any
    shapley: tuple[Any, ...]
    banzhaf: tuple[Any, ...]
    least_core: LeastCore | None
    nucleolus: Nucleolus | None
    myerson: tuple[Any, ...] | None
    exact: bool

    def to_dict(self) -> dict[str, Any]:
        return {
            "players": list(self.players),
            "grand_value": number_to_json(self.grand_value),
            "exact": self.exact,
            "shapley": _nums(self.shapley),
            "banzhaf": _nums(self.banzhaf),
            "least_core": None if self.least_core is None else self.least_core.to_dict(),
            "nucleolus": None if self.nucleolus is None else self.nucleolus.to_dict(),
            "myerson": None if self.myerson is None else _nums(self.myerson),
        }

    def rows(self) -> list[dict[str, str]]:
        out = []
        for i, p in enumerate(self.players):
            row = {"country": p, "shapley": format_number(self.shapley[i]),
                   "banzhaf": format_number(self.banzhaf[i])}
            if self.nucleolus is not None:
                row["nucleolus"] = format_number(self.nucleolus.point[i])
            if self.least_core is not None:
                row["least_core"] = format_number(self.least_core.point[i])
            if self.myerson is not None:
                row["myerson"] = format_number(self.myerson[i])
            out.append(row)
        return out
