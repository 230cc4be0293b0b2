"""Coalition structures: several pacts at once, stable against single deviations.

A *coalition structure* is a partition of the countries into blocs (a Western bloc, a
Chinese-led bloc, countries standing alone).  Its payoffs come from a *partition function*
(Yi 1997; Bloch 1996): every bloc acts as one player and maximises its joint payoff given
the others; :meth:`PublicGoodModel.partition_payoffs` is the closed form of the public-good
game, :class:`PartitionFunctionModel` takes any Python function.

Stability against one country's move (Bogomolnaia and Jackson 2002, Definitions 3 and 4;
the open and exclusive membership rules of Yi 1997):

* **Nash stable** (``membership="open"``): no country strictly gains by moving to another
  existing bloc or by standing alone (it may join any bloc, even a singleton, forming a pair);
* **individually stable** (``membership="exclusive"``): no such move both strictly benefits
  the mover and leaves no member of the receiving bloc strictly worse off (joining needs every
  receiving member's consent, given when it is not hurt; leaving and standing alone are free).

A country indifferent between staying and moving stays.  Every Nash stable structure is
individually stable.

Correspondence with the single-coalition scan (:func:`stability_scan`): the structure
``P_S = {S} + singletons`` (``|S| >= 2``) has three kinds of moves: a member leaves S to
stand alone (giving ``P_{S-i}``; blocked exactly by internal stability), an outsider joins S
(giving ``P_{S+j}``; blocked exactly by external stability under the ``stay-out`` tie rule),
and a country joins a singleton ``{k}``, k outside S, forming a second bloc, which the
single-coalition model cannot express.  So ``P_S`` is Nash stable iff S is internally and
externally stable under ``stay-out`` *and* no move of the third kind is profitable; and
``P_S`` is individually stable iff S is stable under exclusive membership
(``stability_scan(..., rule="stay-out", membership="exclusive")``) *and* no move of the third
kind is both profitable and admitted by k.  (tests/coalitions/test_structures.py checks both.)

Algorithm: the ``Bell(n)`` partitions are enumerated as restricted growth strings and every
partition's payoffs evaluated once (vectorised; exact integer numerators over a common
denominator when the model is exact).  A move changes two blocs, so a partition's hash, the
sum of random 64-bit keys of its blocs' bitmasks, is updated in ``O(1)`` per move and the
resulting partition found in a hash table (distinct hashes are checked, so the lookup is
exact).  All ``O(n^2)`` moves of all partitions are decided as array operations.  Every
reported structure is then certified: its payoffs and those of each move are re-evaluated
directly from the model and every condition is re-checked from the definitions.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from math import lcm
from typing import Any

import numpy as np

from .._exact.numbers import as_fraction, format_number, number_to_json
from .._progress import format_seconds, phase
from ..errors import GameError, GameTooLarge, SolverError, did_you_mean
from ..results import Notebook
from ._models import PayoffModel, _is_exact, call_rows, checked_call
from ._rules import MEMBERSHIPS, membership_rule
from ._stability import ATOL, RTOL, _sign

__all__ = [
    "STRUCTURES_MAX_PLAYERS",
    "MEMBERSHIP_RULES",
    "Bloc",
    "Move",
    "Structure",
    "StructureResult",
    "PartitionFunctionModel",
    "bell_number",
    "set_partitions",
    "structure_scan",
    "evaluate_structure",
]

#: partitions are enumerated up to this many countries by default (Bell(10) = 115,975)
STRUCTURES_MAX_PLAYERS = 10
#: membership rule (:data:`MEMBERSHIPS`) -> stability concept
MEMBERSHIP_RULES: dict[str, str] = dict(zip(MEMBERSHIPS, ("Nash stable", "individually stable")))
#: rough cost of the scan per (partition, move), for the size message
_SECONDS_PER_MOVE = 1e-7
_BYTES_PER_ENTRY = 48


# -- results -----------------------------------------------------------------------------
def _nums(values: Iterable[Any]) -> list[Any]:
    return [number_to_json(v) for v in values]


def _set(members: Sequence[str], name: str = "") -> str:
    text = "{" + ", ".join(members) + "}"
    return f"{name} {text}" if name else text


def _layout(blocs: Iterable[Bloc]) -> str:
    """``"West {US, UK} | {CN}"``: the blocs of a structure, named when they have names."""
    return " | ".join(_set(b.members, b.name) for b in blocs)


def _first_move(moves: Sequence[Move]) -> str:
    """The first of *moves* (non-empty) described, with how many others there are."""
    more = f" (and {len(moves) - 1} other move(s))" if len(moves) > 1 else ""
    return moves[0].describe() + more


@dataclass(frozen=True)
class Bloc:
    """One bloc of a coalition structure (a singleton is a country standing alone).

    Attributes
    ----------
    members : tuple of str
    payoffs : tuple
        The members' payoffs, in the order of *members*.
    total : number
        Their sum.
    name : str
        The bloc's name when the structure was given with names (``blocs={"West": ...}``).
    """

    members: tuple[str, ...]
    payoffs: tuple[Any, ...]
    total: Any
    name: str = ""

    @property
    def size(self) -> int:
        return len(self.members)

    def describe(self) -> str:
        return f"{_set(self.members, self.name)}: total payoff {format_number(self.total)}"

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "members": list(self.members), "size": self.size,
                "payoffs": _nums(self.payoffs), "total": number_to_json(self.total)}


@dataclass(frozen=True)
class Move:
    """A single country's profitable deviation from a coalition structure.

    Attributes
    ----------
    country : str
    source : tuple of str
        The mover's bloc before the move (the mover included).
    target : tuple of str
        The bloc it joins, before the move; ``()`` when it stands alone.
    before, after, gain : number
        The mover's payoff before and after the move, and ``after - before`` (> 0).
    blocked_by : tuple of str
        Members of *target* strictly worse off after the move: under exclusive membership
        they refuse entry.  Empty: the move is admitted.
    source_name, target_name : str
        Bloc names, when the structure was given with names.
    """

    country: str
    source: tuple[str, ...]
    target: tuple[str, ...]
    before: Any
    after: Any
    gain: Any
    blocked_by: tuple[str, ...] = ()
    source_name: str = ""
    target_name: str = ""

    @property
    def alone(self) -> bool:
        return not self.target

    @property
    def admitted(self) -> bool:
        return not self.blocked_by

    def describe(self) -> str:
        where = ("to stand alone" if self.alone
                 else f"to join {_set(self.target, self.target_name)}")
        text = (f"{self.country} would leave {_set(self.source, self.source_name)} {where} "
                f"(payoff {format_number(self.before)} -> {format_number(self.after)})")
        if self.blocked_by:
            text += f", but {', '.join(self.blocked_by)} would refuse it"
        return text

    def to_dict(self) -> dict[str, Any]:
        return {"country": self.country, "from": list(self.source), "from_name": self.source_name,
                "to": list(self.target), "to_name": self.target_name, "alone": self.alone,
                "payoff_before": number_to_json(self.before),
                "payoff_after": number_to_json(self.after), "gain": number_to_json(self.gain),
                "admitted": self.admitted, "blocked_by": list(self.blocked_by)}


@dataclass(frozen=True)
class Structure:
    """A coalition structure with its payoffs and every profitable single move.

    Attributes
    ----------
    blocs : tuple of Bloc
        Ordered by their first country (in the game's order of countries).
    labels : tuple of int
        The restricted growth string: ``labels[i]`` is the index of country i's bloc.
    payoffs : tuple
        Every country's payoff, in the game's order of countries.
    total : number
    moves : tuple of Move
        Every move that strictly benefits the mover (to another bloc or standing alone).
    nash_stable : bool
        No move (open membership).
    individually_stable : bool
        Every move is refused by the receiving bloc (exclusive membership).
    """

    blocs: tuple[Bloc, ...]
    labels: tuple[int, ...]
    payoffs: tuple[Any, ...]
    total: Any
    moves: tuple[Move, ...]
    nash_stable: bool
    individually_stable: bool

    @property
    def n_blocs(self) -> int:
        return len(self.blocs)

    @property
    def pacts(self) -> tuple[Bloc, ...]:
        """The blocs of two or more countries."""
        return tuple(b for b in self.blocs if b.size >= 2)

    def stable(self, membership: str = "open") -> bool:
        return self.nash_stable if membership_rule(membership) == "open" else self.individually_stable

    def admitted_moves(self) -> tuple[Move, ...]:
        return tuple(m for m in self.moves if m.admitted)

    def describe(self) -> str:
        what = ("Nash stable" if self.nash_stable else "individually stable, not Nash stable"
                if self.individually_stable else "not stable")
        text = f"{_layout(self.blocs)}: {what}, total payoff {format_number(self.total)}"
        admitted = self.admitted_moves()
        return text + (f"; {_first_move(admitted)}" if admitted else "")

    def to_dict(self) -> dict[str, Any]:
        return {"blocs": [b.to_dict() for b in self.blocs], "labels": list(self.labels),
                "payoffs": _nums(self.payoffs), "total": number_to_json(self.total),
                "nash_stable": self.nash_stable,
                "individually_stable": self.individually_stable,
                "moves": [m.to_dict() for m in self.moves]}


@dataclass(frozen=True)
class StructureResult(Notebook):
    """Stability of coalition structures (several pacts at once).

    Attributes
    ----------
    players : tuple of str
    membership : str
        ``"open"`` (stable = Nash stable) or ``"exclusive"`` (stable = individually stable).
    model : str
        The payoff model's description.
    exact : bool
        True when every comparison was exact (exact model); otherwise differences within
        ``tolerance`` count as ties.
    tolerance : float
    n_partitions : int
        ``Bell(n)``, the number of coalition structures.
    scanned : bool
        Whether all of them were examined (False when only *evaluated* was asked for).
    counts : dict
        ``{"partitions", "nash_stable", "individually_stable"}`` when scanned, else empty.
    stable : tuple of Structure
        The stable structures under *membership*, ranked by total payoff (descending), at
        most ``limit`` of them, each certified from the definitions.
    n_stable : int
        Number of stable structures (may exceed ``len(stable)``); 0 when not scanned.
    evaluated : Structure or None
        The structure asked for with ``blocs=``, with who would move where.
    """

    players: tuple[str, ...]
    membership: str
    model: str
    exact: bool
    tolerance: float
    n_partitions: int
    scanned: bool
    counts: dict[str, int]
    stable: tuple[Structure, ...]
    n_stable: int
    evaluated: Structure | None = None

    @property
    def concept(self) -> str:
        return MEMBERSHIP_RULES[self.membership]

    @property
    def best(self) -> Structure | None:
        """The stable structure with the largest total payoff (None when there is none)."""
        return self.stable[0] if self.stable else None

    def to_dict(self) -> dict[str, Any]:
        return {
            "players": list(self.players),
            "model": self.model,
            "membership": self.membership,
            "concept": self.concept,
            "exact": self.exact,
            "tolerance": self.tolerance,
            "partitions": self.n_partitions,
            "scanned": self.scanned,
            "counts": dict(self.counts),
            "n_stable": self.n_stable,
            "stable": [s.to_dict() for s in self.stable],
            "evaluated": None if self.evaluated is None else self.evaluated.to_dict(),
        }

    def describe(self) -> str:
        parts = []
        if self.scanned:
            text = (f"{self.n_stable} {self.concept} coalition structure(s) of "
                    f"{self.n_partitions:,} ({self.membership} membership)")
            if self.best is not None:
                text += (f"; best: {_layout(self.best.blocs)}, "
                         f"total payoff {format_number(self.best.total)}")
            parts.append(text)
        if self.evaluated is not None:
            ev = self.evaluated
            ok = ev.stable(self.membership)
            text = f"{_layout(ev.blocs)} is {'' if ok else 'not '}{self.concept}"
            moves = ev.admitted_moves() if self.membership == "exclusive" else ev.moves
            parts.append(text + (f": {_first_move(moves)}" if moves else ""))
        return "; ".join(parts)


# -- partition functions -------------------------------------------------------------------
class PartitionFunctionModel(PayoffModel):
    """Payoffs of coalition structures from a Python function (API only).

    Parameters
    ----------
    func : callable
        With ``vectorized=False``: ``func(blocs)`` gets the partition as a tuple of
        ``frozenset`` of country indices (every country in exactly one bloc, singletons
        included, ordered by their smallest member) and returns the n payoffs; Fractions or
        ints keep the model exact.  With ``vectorized=True``: ``func(labels)`` gets an int
        array of shape ``(m, n)`` (equal labels: one bloc) and returns float payoffs of the
        same shape.
    n : int
    vectorized : bool
    exact : bool, optional
        Default: exact when not vectorized and the payoffs of the all-singletons and the
        grand-coalition structures are ints or Fractions.

    As a :class:`PayoffModel`, ``pi_i(S)`` is the payoff in the structure ``{S} + singletons``.

    Examples
    --------
    Three countries; a bloc of k members pays each member ``k`` and each outsider 1.

    >>> m = PartitionFunctionModel(
    ...     lambda blocs: [len(next(b for b in blocs if i in b)) for i in range(3)], 3)
    >>> m.exact_payoffs([True, True, False])
    (Fraction(2, 1), Fraction(2, 1), Fraction(1, 1))
    """

    name = "partition function"

    def __init__(self, func: Callable[..., Any], n: int, *, vectorized: bool = False,
                 exact: bool | None = None) -> None:
        self.func = func
        self.n = int(n)
        if self.n < 1:
            raise GameError("a partition function needs at least one country")
        self.vectorized = vectorized
        if exact is None:
            exact = not vectorized and all(
                _is_exact(v) for lab in (list(range(self.n)), [0] * self.n)
                for v in self._call(_blocs_of(lab)))
        if exact and vectorized:
            raise GameError("a vectorized partition function returns floats: it cannot be exact")
        self.exact = bool(exact)

    def _call(self, blocs: tuple[frozenset[int], ...]) -> list[Any]:
        return checked_call(self.func, blocs, self.n, "partition function")

    def partition_payoffs(self, labels: Any) -> np.ndarray:
        """Float payoffs of each partition (rows of *labels*), shape ``(m, n)``."""
        lab = np.atleast_2d(np.asarray(labels, dtype=np.int64))
        return call_rows(self.func, lab, self.vectorized,
                         lambda row: self._call(_blocs_of(row)), "partition function")

    def exact_partition_payoffs(self, labels: Any) -> tuple[np.ndarray, int]:
        """Exact payoffs as ``(numerators, denominator)`` (Python ints, dtype object)."""
        if not self.exact:
            raise GameError("this partition function is not exact")
        lab = np.atleast_2d(np.asarray(labels, dtype=np.int64))
        rows = []
        for s in range(lab.shape[0]):
            vals = self._call(_blocs_of(lab[s]))
            for v in vals:
                if not _is_exact(v):
                    raise GameError(f"the partition function returned {v!r}, not an int or "
                                    "Fraction, for an exact model (return Fractions, or pass "
                                    "exact=False)")
            rows.append([as_fraction(v) for v in vals])
        den = lcm(1, *(v.denominator for row in rows for v in row))
        num = np.empty(lab.shape, dtype=object)
        for s, row in enumerate(rows):
            num[s] = [v.numerator * (den // v.denominator) for v in row]
        return num, den

    def payoffs(self, x: np.ndarray) -> np.ndarray:
        x = np.asarray(x, dtype=bool)
        # members share label 0, every outsider its own label
        labels = np.where(x, 0, np.arange(1, self.n + 1)[None, :])
        return self.partition_payoffs(labels)

    def exact_payoffs(self, members: Sequence[bool]) -> tuple[Any, ...]:
        if not self.exact:
            return super().exact_payoffs(members)
        labels = [0 if v else i + 1 for i, v in enumerate(members)]
        return tuple(as_fraction(v) for v in self._call(_blocs_of(labels)))

    def describe(self) -> str:
        return "partition function (Python)"


def _blocs_of(labels: Sequence[int] | np.ndarray) -> tuple[frozenset[int], ...]:
    """The partition of ``range(n)`` given by labels, blocs ordered by smallest member."""
    groups: dict[int, list[int]] = {}
    for i, v in enumerate(labels):
        groups.setdefault(int(v), []).append(i)
    return tuple(frozenset(g) for g in groups.values())


# -- enumeration ---------------------------------------------------------------------------
def bell_number(n: int) -> int:
    """The number of partitions of n countries (Bell triangle)."""
    row = [1]
    for _ in range(n):
        new = [row[-1]]
        for v in row:
            new.append(new[-1] + v)
        row = new
    return row[0]


def set_partitions(n: int) -> np.ndarray:
    """All partitions of n countries as restricted growth strings, in lexicographic order.

    Row ``s`` gives each country's bloc index: ``labels[s, 0] = 0`` and ``labels[s, i] <=
    1 + max(labels[s, :i])``.  Shape ``(Bell(n), n)``, dtype int8.
    """
    if n < 1:
        return np.zeros((1, 0), dtype=np.int8)
    lab = np.zeros((1, 1), dtype=np.int8)
    mx = np.zeros(1, dtype=np.int64)
    for _ in range(1, n):
        counts = mx + 2  # choices 0 .. max + 1
        rows = np.repeat(np.arange(len(lab)), counts)
        starts = np.repeat(np.cumsum(counts) - counts, counts)
        offs = np.arange(len(rows)) - starts
        lab = np.column_stack([lab[rows], offs.astype(np.int8)])
        mx = np.maximum(mx[rows], offs)
    return lab


def _canonical(labels: Sequence[int]) -> tuple[int, ...]:
    seen: dict[int, int] = {}
    return tuple(seen.setdefault(int(v), len(seen)) for v in labels)


# -- exact or float payoff tables ----------------------------------------------------------
class _Table:
    """Payoffs of many partitions: exact numerators (common denominator) or floats."""

    def __init__(self, model: Any, labels: np.ndarray, chunk: int = 1 << 13) -> None:
        self.exact = bool(model.exact)
        parts, den = [], 1
        for lo in range(0, len(labels), chunk):
            block = labels[lo:lo + chunk]
            if self.exact:
                num, d = model.exact_partition_payoffs(block)
                parts.append((num, int(d)))
            else:
                parts.append((model.partition_payoffs(block), 1))
        if self.exact:
            den = lcm(*(d for _, d in parts))
            dtype = object if any(p.dtype == object for p, _ in parts) else np.int64
            vals = [p if d == den else p.astype(object) * (den // d) for p, d in parts]
            self.values = np.concatenate(vals).astype(dtype) if vals else np.zeros((0, 0))
            if self.values.dtype == object and self.values.size:
                # small Python ints: int64 compares (and sums) far faster, still exactly
                big = max(abs(int(v)) for v in self.values.flat)
                if big * (self.values.shape[1] + 2) < 2 ** 62:
                    self.values = self.values.astype(np.int64)
        else:
            self.values = np.concatenate([p for p, _ in parts])
            if not np.all(np.isfinite(self.values)):
                raise GameError("the partition payoffs are not all finite")
        self.den = den

    def sign(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        """Sign of ``a - b`` elementwise (a tie within tolerance is 0 for floats)."""
        if self.exact:
            d = a - b
            if d.dtype == object:  # Python ints: compare exactly, no float conversion
                return (d > 0).astype(np.int64) - (d < 0).astype(np.int64)
            return np.sign(d)
        d = a - b
        tie = np.abs(d) <= RTOL * (np.abs(a) + np.abs(b)) + ATOL
        return np.where(tie, 0, np.sign(d)).astype(np.int64)

    def value(self, s: int, i: int) -> Any:
        v = self.values[s, i]
        return Fraction(int(v), self.den) if self.exact else float(v)

    def totals(self) -> np.ndarray:
        return self.values.sum(axis=1)


# -- the scan --------------------------------------------------------------------------------
def _check_model(model: Any) -> None:
    if not hasattr(model, "partition_payoffs"):
        raise GameError(
            f"coalition structures need a partition function; the {model.describe()} model "
            "gives payoffs only for one coalition with the others standing alone (use the "
            "public-good model or MembershipGame.from_partition_callable)")


def structure_cost(n: int) -> tuple[float, float]:
    """Rough ``(seconds, bytes)`` of :func:`structure_scan` for n countries."""
    b = bell_number(n)
    return b * n * (n + 1) * _SECONDS_PER_MOVE, float(b * n * _BYTES_PER_ENTRY)


def _check_size(n: int, max_players: int) -> None:
    if n > max_players:
        seconds, nbytes = structure_cost(n)
        raise GameTooLarge(
            f"coalition structures of {n} countries: Bell({n}) = {bell_number(n):,} partitions "
            f"with {n * (n + 1)} moves each, roughly {format_seconds(seconds)} and "
            f"{nbytes / 1e6:,.0f} MB; the limit is max_players={max_players}: pass "
            f"max_players={n} (command line: --max-players {n}) to run it anyway, or evaluate "
            "one structure with blocs=")


def structure_scan(model: PayoffModel, players: Sequence[str], *, membership: str = "open",
                   blocs: Any = None, scan: bool | None = None,
                   max_players: int = STRUCTURES_MAX_PLAYERS, limit: int = 1000,
                   progress: bool | None = None) -> StructureResult:
    """Stable coalition structures, and who would move where from a given one.

    Parameters
    ----------
    model : PayoffModel
        A model with a partition function (:meth:`PublicGoodModel.partition_payoffs`,
        :class:`PartitionFunctionModel`); others raise :class:`GameError`.
    players : sequence of str
    membership : {"open", "exclusive"}
        Stable means Nash stable (open) or individually stable (exclusive); both counts are
        reported either way.
    blocs : mapping of name to countries, or sequence of sequences of countries, optional
        A structure to evaluate (countries not listed stand alone): ``result.evaluated``.
    scan : bool, optional
        Examine all ``Bell(n)`` structures; default: when *blocs* is not given.
    max_players : int
        The scan refuses more countries before any work (:class:`GameTooLarge`).
    limit : int
        At most this many stable structures are listed (and certified).
    progress : bool, optional

    Returns
    -------
    StructureResult

    Examples
    --------
    Three symmetric countries (b = c = 1): a pair beside a single country, and all three
    together, are Nash stable; three singletons are not (any two gain by pairing up).

    >>> from treaty.coalitions import MembershipGame
    >>> g = MembershipGame.public_good(["A", "B", "C"], [1, 1, 1], [1, 1, 1])
    >>> r = g.structures()
    >>> r.counts
    {'partitions': 5, 'nash_stable': 4, 'individually_stable': 4}
    >>> [[b.members for b in s.blocs] for s in r.stable[:2]]
    [[('A', 'B', 'C')], [('A', 'B'), ('C',)]]

    A given structure, with who would move where (here a low-benefit, high-cost C):

    >>> g = MembershipGame.public_good(["A", "B", "C"], [1, 1, 1], [1, 1, 2])
    >>> ev = g.structures({"AC": ["A", "C"]}, membership="exclusive").evaluated
    >>> ev.nash_stable, ev.individually_stable
    (False, True)
    >>> print(ev.moves[0].describe())
    A would leave AC {A, C} to join {B} (payoff 2 -> 5/2), but B would refuse it

    References
    ----------
    Bogomolnaia, A. and Jackson, M. O. (2002). The stability of hedonic coalition structures.
    Games and Economic Behavior 38, 201-230.  Yi, S.-S. (1997). Stable coalition structures
    with externalities. Games and Economic Behavior 20, 201-237.  Bloch, F. (1996).
    Sequential formation of coalitions in games with externalities and fixed payoff division.
    Games and Economic Behavior 14, 90-123.
    """
    _check_model(model)
    membership = membership_rule(membership)
    players = tuple(players)
    n = len(players)
    if n != model.n:
        raise GameError(f"the model has {model.n} countries, the players {n}")
    if scan is None:
        scan = blocs is None
    evaluated = None
    if blocs is not None:
        labels, names = _labels_of(blocs, players)
        evaluated = evaluate_structure(model, players, labels, names=names)
    counts: dict[str, int] = {}
    stable: tuple[Structure, ...] = ()
    n_stable = 0
    if scan:
        _check_size(n, max_players)
        with phase(f"coalition structures ({bell_number(n):,} partitions)", enabled=progress):
            ns_ok, is_ok, table, lab = _scan(model, n)
        counts = {"partitions": len(lab), "nash_stable": int(ns_ok.sum()),
                  "individually_stable": int(is_ok.sum())}
        ok = ns_ok if membership == "open" else is_ok
        idx = np.flatnonzero(ok)
        n_stable = len(idx)
        totals = table.totals()[idx]
        if table.exact:
            order = sorted(range(len(idx)), key=lambda k: (-totals[k], int(idx[k])))
        else:
            order = list(np.lexsort((idx, -totals)))
        chosen = [int(idx[k]) for k in order[:max(0, int(limit))]]
        certified = []
        for s in chosen:
            st = evaluate_structure(model, players, tuple(int(v) for v in lab[s]))
            if st.stable(membership) is not True:
                raise SolverError(f"internal error: the scan found the structure "
                                  f"{st.labels} {MEMBERSHIP_RULES[membership]} but its "
                                  "certification does not")
            certified.append(st)
        stable = tuple(certified)
    return StructureResult(players=players, membership=membership, model=model.describe(),
                           exact=bool(model.exact), tolerance=0.0 if model.exact else RTOL,
                           n_partitions=bell_number(n), scanned=bool(scan), counts=counts,
                           stable=stable, n_stable=n_stable, evaluated=evaluated)


def _scan(model: Any, n: int) -> tuple[np.ndarray, np.ndarray, _Table, np.ndarray]:
    """Nash and individual stability of every partition, as boolean arrays."""
    lab = set_partitions(n)
    size = len(lab)
    table = _Table(model, lab)
    vals = table.values
    rows_all = np.arange(size)
    # bitmask of each label's bloc, and of each country's bloc
    by_label = np.zeros((size, n), dtype=np.int64)
    for j in range(n):
        by_label[rows_all, lab[:, j]] |= np.int64(1) << j
    bm = by_label[rows_all[:, None], lab.astype(np.int64)]
    # hash of a partition: the sum (mod 2^64) of random keys of its blocs' bitmasks
    for seed in range(20):
        rng = np.random.default_rng(0x5EED + seed)
        keys = rng.integers(0, np.iinfo(np.uint64).max, size=1 << n, dtype=np.uint64,
                            endpoint=True)
        keys[0] = 0
        h = keys[by_label].sum(axis=1, dtype=np.uint64)
        if len(np.unique(h)) == size:
            break
    else:  # pragma: no cover  (2^-64 per pair)
        raise SolverError("could not find distinct hashes of the partitions")
    find = _HashIndex(h)

    ns_ok = np.ones(size, dtype=bool)
    is_ok = np.ones(size, dtype=bool)
    one = np.int64(1)
    for i in range(n):
        bit = one << i
        t = bm[:, i]
        t_less = t & ~bit
        base = h - keys[t] + keys[t_less]
        # standing alone (only from a bloc of two or more)
        rows = np.flatnonzero(t != bit)
        if len(rows):
            dest = find(base[rows] + keys[bit])
            gain = table.sign(vals[dest, i], vals[rows, i]) > 0
            ns_ok[rows[gain]] = False
            is_ok[rows[gain]] = False
        # joining the bloc whose smallest member is j
        for j in range(n):
            if j == i:
                continue
            tp = bm[:, j]
            valid = (((t >> j) & 1) == 0) & ((tp & ((one << j) - 1)) == 0)
            rows = np.flatnonzero(valid)
            if not len(rows):
                continue
            tpr = tp[rows]
            dest = find(base[rows] - keys[tpr] + keys[tpr | bit])
            gain = table.sign(vals[dest, i], vals[rows, i]) > 0
            if not gain.any():
                continue
            rg, dg, tg = rows[gain], dest[gain], tpr[gain]
            ns_ok[rg] = False
            blocked = np.zeros(len(rg), dtype=bool)
            for k in range(n):
                member = ((tg >> k) & 1) == 1
                if k == i or not member.any():
                    continue
                worse = table.sign(vals[dg, k], vals[rg, k]) < 0
                blocked |= member & worse
            is_ok[rg[~blocked]] = False
    return ns_ok, is_ok, table, lab


class _HashIndex:
    """Row of each (distinct) 64-bit hash: an open-addressing table with linear probing.

    Built and queried with array operations (one round per probe); load factor <= 1/4, so
    a query takes little more than one random access, where a binary search takes ~log2(m).
    """

    def __init__(self, h: np.ndarray) -> None:
        bits = max(4, int(np.ceil(np.log2(max(len(h), 1)))) + 2)
        self.mask = (1 << bits) - 1
        self.shift = np.uint64(64 - bits)
        self.keys = np.zeros(1 << bits, dtype=np.uint64)
        self.rows = np.full(1 << bits, -1, dtype=np.int64)
        pending = np.arange(len(h))
        pos = (h >> self.shift).astype(np.int64)
        while len(pending):
            p = pos[pending]
            free = self.rows[p] == -1
            slots, first = np.unique(p[free], return_index=True)
            winners = pending[free][first]
            self.rows[slots] = winners
            self.keys[slots] = h[winners]
            placed = np.zeros(len(h), dtype=bool)
            placed[winners] = True
            pending = pending[~placed[pending]]
            pos[pending] = (pos[pending] + 1) & self.mask

    def __call__(self, query: np.ndarray) -> np.ndarray:
        out = np.empty(len(query), dtype=np.int64)
        pos = (query >> self.shift).astype(np.int64)
        rem = np.arange(len(query))
        while len(rem):
            p = pos[rem]
            rows = self.rows[p]
            hit = (self.keys[p] == query[rem]) & (rows >= 0)
            out[rem[hit]] = rows[hit]
            rem, p = rem[~hit], p[~hit]
            if np.any(self.rows[p] < 0):
                raise SolverError("internal error: a moved partition is not in the enumeration")
            pos[rem] = (p + 1) & self.mask
        return out


# -- one structure, from the definitions ------------------------------------------------------
def _labels_of(blocs: Any, players: Sequence[str]) -> tuple[tuple[int, ...], dict[int, str]]:
    """Labels (restricted growth string) and bloc names of a structure given by the user."""
    if isinstance(blocs, Mapping):
        items = [(str(k), v) for k, v in blocs.items()]
    else:
        if isinstance(blocs, (str, bytes)):
            raise GameError("blocs= takes a list of blocs (lists of countries) or a mapping "
                            "of bloc names to countries")
        items = [("", v) for v in blocs]
    owner: dict[int, int] = {}
    names_by_first: dict[int, str] = {}
    raw = list(range(len(players)))  # unlisted countries stand alone
    for k, (name, members) in enumerate(items):
        if isinstance(members, (str, bytes)):
            raise GameError(f"bloc {name or k + 1} must be a list of countries, got {members!r}")
        idx = []
        for c in members:
            if isinstance(c, (int, np.integer)) and not isinstance(c, bool):
                if not 0 <= int(c) < len(players):
                    raise GameError(f"country index {c} is out of range")
                i = int(c)
            elif c in players:
                i = list(players).index(c)
            else:
                raise GameError(f"unknown country {c!r} ({did_you_mean(str(c), players)})")
            if i in owner:
                raise GameError(f"country {players[i]!r} is listed in two blocs (or twice)")
            owner[i] = k
            idx.append(i)
        if not idx:
            raise GameError(f"bloc {name or k + 1} is empty")
        for i in idx:
            raw[i] = len(players) + k
        if name:
            names_by_first[min(idx)] = name
    labels = _canonical(raw)
    names = {labels[first]: name for first, name in names_by_first.items()}
    return labels, names


def evaluate_structure(model: PayoffModel, players: Sequence[str], labels: Sequence[int], *,
                       names: Mapping[int, str] | None = None) -> Structure:
    """One structure's payoffs and every profitable single move, from the definitions.

    Evaluates the model directly at the structure and at each structure one move away (no
    lookup table), exactly when the model is exact.  *labels*: each country's bloc (any ints);
    *names*: bloc names by canonical label.
    """
    _check_model(model)
    players = tuple(players)
    n = len(players)
    lab = _canonical(labels)
    if len(lab) != n:
        raise GameError(f"a structure needs one label per country ({n}), got {len(lab)}")
    names = dict(names or {})
    k_blocs = max(lab) + 1
    members = [[i for i in range(n) if lab[i] == k] for k in range(k_blocs)]
    rows = [list(lab)]
    moves: list[tuple[int, int]] = []  # (country, target label; k_blocs = alone)
    for i in range(n):
        for k in range(k_blocs + 1):
            if k == lab[i] or (k == k_blocs and len(members[lab[i]]) == 1):
                continue
            new = list(lab)
            new[i] = k
            rows.append(new)
            moves.append((i, k))
    arr = np.asarray(rows, dtype=np.int64)
    pay: list[list[Any]]
    if model.exact:
        num, den = model.exact_partition_payoffs(arr)  # type: ignore[attr-defined]
        pay = [[Fraction(int(v), int(den)) for v in row] for row in num]
    else:
        fl = model.partition_payoffs(arr)  # type: ignore[attr-defined]
        pay = [[float(v) for v in row] for row in fl]
    base = pay[0]
    blocs = tuple(Bloc(members=tuple(players[i] for i in m), payoffs=tuple(base[i] for i in m),
                       total=sum((base[i] for i in m), Fraction(0) if model.exact else 0.0),
                       name=names.get(k, "")) for k, m in enumerate(members))
    out: list[Move] = []
    for (i, k), after in zip(moves, pay[1:]):
        if _sign(after[i], base[i]) <= 0:
            continue
        target = members[k] if k < k_blocs else []
        blocked = tuple(players[j] for j in target if _sign(after[j], base[j]) < 0)
        out.append(Move(country=players[i], source=tuple(players[j] for j in members[lab[i]]),
                        target=tuple(players[j] for j in target), before=base[i],
                        after=after[i], gain=after[i] - base[i], blocked_by=blocked,
                        source_name=names.get(lab[i], ""), target_name=names.get(k, "")))
    total = sum(base, Fraction(0) if model.exact else 0.0)
    return Structure(blocs=blocs, labels=lab, payoffs=tuple(base), total=total,
                     moves=tuple(out), nash_stable=not out,
                     individually_stable=all(m.blocked_by for m in out))
