"""Result types of coalition analyses: small frozen dataclasses with ``to_dict()``."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar

import numpy as np

from .._exact.numbers import format_number, number_to_json
from ..results import Notebook, StrEnum
from . import _bits

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
    "CoalitionReport",
]


class TieRule(StrEnum):
    """How an indifferent country decides; members equal their strings (``"stay-join"``).

    ``STAY_JOIN`` (the default, d'Aspremont et al. 1983; Barrett 1994): an indifferent
    member stays, an indifferent outsider joins; S is internally stable when
    ``pi_i(S) >= pi_i(S - i)`` and externally stable when ``pi_j(S) > pi_j(S + j)``.
    ``STAY_OUT``: an indifferent outsider stays out (``pi_j(S) >= pi_j(S + j)``).
    ``LEAVE_JOIN`` / ``LEAVE_OUT``: an indifferent member leaves (``pi_i(S) > pi_i(S - i)``).
    ``TieRule.ALL`` lists the four rules, ``TieRule.ALIASES`` the other accepted names.
    """

    ALL: ClassVar[tuple[TieRule, ...]]
    ALIASES: ClassVar[dict[str, str]]

    STAY_JOIN = "stay-join"
    STAY_OUT = "stay-out"
    LEAVE_JOIN = "leave-join"
    LEAVE_OUT = "leave-out"
    DEFAULT = "stay-join"  # an alias of STAY_JOIN (same value)

    @classmethod
    def parse(cls, rule: str) -> tuple[bool, bool]:
        """``(member_stays_if_indifferent, outsider_joins_if_indifferent)`` of a rule name."""
        name = cls.canonical(rule)
        return name.startswith("stay"), name.endswith("join")

    @classmethod
    def canonical(cls, rule: str) -> TieRule:
        """The rule a name (or alias such as ``"barrett"``) stands for."""
        from ..errors import GameError, did_you_mean

        name = _TIE_ALIASES.get(str(rule), str(rule))
        try:
            return cls(name)
        except ValueError:
            known = [*(r.value for r in cls), *_TIE_ALIASES]
            raise GameError(f"unknown tie rule {rule!r} ({did_you_mean(str(rule), known)})") from None


_TIE_ALIASES: dict[str, str] = {"default": "stay-join", "barrett": "stay-join",
                                "strict-external": "stay-join", "weak-external": "stay-out"}
# class constants that are not members (an Enum makes every plain class attribute a member)
type.__setattr__(TieRule, "ALL", tuple(TieRule))
type.__setattr__(TieRule, "ALIASES", dict(_TIE_ALIASES))


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
    membership : str
        ``"open"`` (anyone may join) or ``"exclusive"`` (members may refuse an entrant);
        see :mod:`treaty.coalitions._rules`.
    refused : tuple of str
        Exclusive membership: the outsiders who would gain by joining (under the tie rule)
        but whom some member refuses, being strictly worse off with them.
    admitted : tuple of str
        Exclusive membership: the outsiders who would gain by joining and whom no member
        refuses (non-empty means the coalition is not stable).
    sharing : TransferScheme or None
        For a potentially stable coalition, the optimal sharing rule
        ``x_i = pi_i(S - i) + surplus / |S|`` (Carraro, Eyckmans and Finus 2006).
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
    membership: str = "open"
    refused: tuple[str, ...] = ()
    admitted: tuple[str, ...] = ()
    sharing: TransferScheme | None = None

    @property
    def size(self) -> int:
        return len(self.members)

    @property
    def stable(self) -> bool:
        """Internally stable and, under open membership, externally stable; under exclusive
        membership, no outsider who would gain by joining is admitted."""
        if self.membership == "exclusive":
            return self.internal and not self.admitted
        return self.internal and self.external

    def describe(self) -> str:
        what = ("stable" if self.stable else "internally stable" if self.internal
                else "externally stable" if self.external else "not stable")
        if self.membership == "exclusive":
            what += " under exclusive membership"
        text = (f"{{{', '.join(self.members)}}}: {what}, total payoff {format_number(self.total)}, "
                f"surplus {format_number(self.surplus)}")
        if self.refused:
            text += f"; refuses {', '.join(self.refused)}"
        if self.sharing is not None:
            text += "; " + self.sharing.describe()
        return text

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
            "refused": list(self.refused),
            "sharing": None if self.sharing is None else self.sharing.to_dict(),
        }


@dataclass(frozen=True)
class GrandCoalition(Notebook):
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

    def describe(self) -> str:
        if self.internally_stable:
            return "the grand coalition is stable without transfers"
        if self.potentially_stable:
            return (f"the grand coalition is not stable; transfers of "
                    f"{format_number(self.total_transfer)} in total would hold it together "
                    f"(surplus {format_number(self.surplus)})")
        return ("the grand coalition is not stable, and no transfers can hold it: members' "
                f"total payoff falls short of their outside options by "
                f"{format_number(-self.surplus)}")

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

    def describe(self) -> str:
        if not self.feasible:
            return (f"no transfer scheme holds {{{', '.join(self.members)}}}: surplus "
                    f"{format_number(self.surplus)} < 0")
        moves = ", ".join(f"{m} {'receives' if t > 0 else 'pays'} {format_number(abs(t))}"
                          for m, t in zip(self.members, self.transfers) if t != 0)
        return (f"transfers holding {{{', '.join(self.members)}}} (surplus "
                f"{format_number(self.surplus)}): {moves or 'none needed'}")

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
class StabilityResult(Notebook):
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
    membership : str
        ``"open"`` or ``"exclusive"``: under exclusive membership ``stable``, ``n_stable``
        and ``counts["stable"]`` are the exclusively stable coalitions (internally stable,
        every outsider who would gain by joining refused by some member), and
        ``counts["stable_open"]`` is the number under open membership.
    potentially_stable : tuple of Coalition
        Potentially stable coalitions (Carraro, Eyckmans and Finus 2006: potentially
        internally stable, and no enlargement by one country is), ranked by total payoff,
        each certified against the definitions and carrying its optimal sharing rule; at most
        ``certify_limit`` of them; ``counts["potentially_stable"]`` counts them all.
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
    membership: str = "open"
    potentially_stable: tuple[Coalition, ...] = ()

    #: flag bits of :meth:`condition` (LARGE_ENOUGH: at least min_size members), as the scan
    #: sets them (treaty.coalitions._bits)
    INTERNAL, EXTERNAL, PROFITABLE = _bits.INTERNAL, _bits.EXTERNAL, _bits.PROFITABLE
    POTENTIALLY_INTERNAL, LARGE_ENOUGH = _bits.PIS, _bits.BIG
    #: stable under exclusive membership (set only by an exclusive scan); potentially stable
    EXCLUSIVE_STABLE, POTENTIALLY_STABLE = _bits.EXCLUSIVE_STABLE, _bits.POTENTIALLY_STABLE

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
            from ..errors import GameError

            raise GameError("this result holds no per-coalition flags")
        return bool(self.flags[mask] & flag)

    def to_dict(self) -> dict[str, Any]:
        return {
            "players": list(self.players),
            "model": self.model,
            "rule": str(self.rule),
            "min_size": self.min_size,
            "coalitions_scanned": self.n_coalitions,
            "exact": self.exact,
            "tolerance": self.tolerance,
            "counts": dict(self.counts),
            "n_stable": self.n_stable,
            "stable": [c.to_dict() for c in self.stable],
            "grand_coalition": self.grand.to_dict(),
            "membership": self.membership,
            "potentially_stable": [c.to_dict() for c in self.potentially_stable],
        }

    def describe(self) -> str:
        """``"3 stable coalition(s) of 4,096 (rule stay-join); sizes: 2, 3; ..."``."""
        sizes = ", ".join(map(str, self.stable_sizes)) or "none"
        rule = f"rule {self.rule}" + (", exclusive membership" if self.membership == "exclusive"
                                      else "")
        n_ps = self.counts.get("potentially_stable")
        ps = "" if n_ps is None else f"; {n_ps} potentially stable with transfers"
        return (f"{self.n_stable} stable coalition(s) of {self.n_coalitions:,} "
                f"({rule}); sizes: {sizes}{ps}; grand coalition "
                f"{'stable' if self.grand.internally_stable else 'not stable'}")


@dataclass(frozen=True)
class FarsightedResult:
    """The largest consistent set (Chwe 1994) over coalition moves."""

    players: tuple[str, ...]
    coalitions: tuple[tuple[str, ...], ...]
    masks: tuple[int, ...]
    payoffs: tuple[tuple[Any, ...], ...]

    def describe(self) -> str:
        sets = "; ".join("{" + ", ".join(c) + "}" if c else "(no agreement)"
                         for c in self.coalitions)
        return f"largest consistent set (Chwe 1994): {sets or 'empty'}"

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
    For an exact game, ``exact`` and ``certified`` are True when ``epsilon`` and ``point`` are
    Fractions checked in exact arithmetic (every excess ``<= epsilon``, the coalitions at
    ``epsilon`` weakly balanced: an exact dual certificate; ``tolerance`` is then 0); when the
    check fails the float result is kept and ``note`` says so.
    """

    epsilon: Any
    point: tuple[Any, ...]
    core_nonempty: bool
    tolerance: float
    exact: bool = False
    certified: bool = False
    note: str = ""

    def describe(self) -> str:
        return (f"core {'non-empty' if self.core_nonempty else 'empty'} (least-core epsilon "
                f"{format_number(self.epsilon)}{', exact, certified' if self.certified else ''})")

    def to_dict(self) -> dict[str, Any]:
        out = {"epsilon": number_to_json(self.epsilon),
               "point": [number_to_json(a) for a in self.point],
               "core_nonempty": self.core_nonempty, "tolerance": self.tolerance,
               "exact": self.exact, "certified": self.certified}
        if self.note:
            out["note"] = self.note
        return out


@dataclass(frozen=True)
class Nucleolus:
    """The nucleolus (or prenucleolus) with its excess levels, from a sequence of LPs.

    For an exact game, ``exact`` and ``certified`` are True when ``point`` and ``levels`` are
    Fractions and the point passed Kohlberg's criterion in exact arithmetic; when it did not,
    the float result is kept and ``note`` says so.
    """

    point: tuple[Any, ...]
    levels: tuple[Any, ...]
    n_lps: int
    imputation: bool
    exact: bool = False
    certified: bool = False
    note: str = ""

    def describe(self) -> str:
        dom = "nucleolus" if self.imputation else "prenucleolus"
        how = "certified exactly, " if self.certified else ""
        return (f"{dom} ({', '.join(format_number(v) for v in self.point)}) from "
                f"{how}{self.n_lps} linear programs")

    def to_dict(self) -> dict[str, Any]:
        out = {"point": [number_to_json(a) for a in self.point],
               "levels": [number_to_json(a) for a in self.levels],
               "lps": self.n_lps, "domain": "imputation" if self.imputation else "preimputation",
               "exact": self.exact, "certified": self.certified}
        if self.note:
            out["note"] = self.note
        return out


@dataclass(frozen=True)
class TUSolutions(Notebook):
    """The transferable-utility view of a membership game."""

    players: tuple[str, ...]
    grand_value: Any
    shapley: tuple[Any, ...]
    banzhaf: tuple[Any, ...]
    least_core: LeastCore | None
    nucleolus: Nucleolus | None
    myerson: tuple[Any, ...] | None
    exact: bool

    def describe(self) -> str:
        shap = ", ".join(f"{p} {format_number(v)}" for p, v in zip(self.players, self.shapley))
        text = f"v(N) = {format_number(self.grand_value)}; Shapley value: {shap}"
        if self.least_core is not None:
            text += f"; {self.least_core.describe()}"
        return text

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


@dataclass(frozen=True)
class CoalitionReport(Notebook):
    """What ``treaty coalitions`` reports on a membership game.

    Attributes
    ----------
    game : MembershipGame
    stability : StabilityResult
    tu : TUSolutions or None
        The transferable-utility view, when asked for.
    farsighted : FarsightedResult or None
        The largest consistent set, when asked for.
    top : int or None
        How many stable coalitions to list (None: all those in ``stability.stable``).
    clause : ClauseResult or None
        The smallest participation clause that makes a larger pact stable, when asked for.
    structures : StructureResult or None
        Stable coalition structures (several pacts at once) or one evaluated, when asked for.
    """

    game: Any
    stability: StabilityResult
    tu: TUSolutions | None = None
    farsighted: FarsightedResult | None = None
    top: int | None = None
    clause: Any = None
    structures: Any = None

    @property
    def listed(self) -> tuple[Coalition, ...]:
        """The stable coalitions listed: the ``top`` best by total payoff."""
        st = self.stability.stable
        return st if self.top is None else st[:self.top]

    def describe(self) -> str:
        return self.stability.describe()

    def to_dict(self) -> dict[str, Any]:
        stab = self.stability.to_dict()
        stab["stable"] = [c.to_dict() for c in self.listed]
        return {"stability": stab,
                "tu": None if self.tu is None else self.tu.to_dict(),
                "farsighted": None if self.farsighted is None else self.farsighted.to_dict(),
                "clause": None if self.clause is None else self.clause.to_dict(),
                "structures": None if self.structures is None else self.structures.to_dict()}
