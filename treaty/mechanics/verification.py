"""Verification mechanisms: covert violation, detection, sanctions and inspection.

A treaty is a promise that can be broken covertly.  :func:`add_verification` turns a game in
which some players can commit (strategy ``pact``) into a larger ordinary
:class:`~treaty.game.Game` in which each monitored player may also *violate covertly*
(a generated strategy, ``covert`` by default): the violator looks compliant, gains what an
undetected violation brings, and is sanctioned when detected.  Detection is either
exogenous (a detection probability) or the outcome of an explicit *inspection game* in which a
new player, the inspector, chooses whether to inspect.

Payoff construction
-------------------
Let ``C`` be the set of monitored players who play ``covert`` in an extended profile ``s``,
``b(s)`` the original profile in which every covert strategy is replaced by the commitment,
and ``p_k`` the detection probability of player ``k`` (0 when an inspector exists and does
not inspect).  Detections are independent; for every detected subset ``D`` of ``C``
(probability ``prod_{k in D} p_k prod_{k in C - D} (1 - p_k)``) the outcome is ``o(s, D)``:
``b(s)`` with each undetected violator ``k in C - D`` playing its *mimicked* strategy (an
open violation such as ``race``) when ``mimics`` is given, or the commitment otherwise.
Player ``j``'s payoff is the expectation over ``D`` of::

    u_j(o(s, D))
      + sum_{k in C - D} (gain_k if k == j else -harm_k)     [only when 'gain' is given]
      - sanction_j * [j in D]

minus, independently of ``D``:

* ``false_alarm_j * false_alarm_cost_j`` when ``j`` is monitored, plays the commitment and
  detection is active (a compliant party wrongly accused);
* monitoring costs: each monitored player ``k`` inside the regime (playing the commitment or
  the covert violation) costs ``monitoring_cost_k``, paid by ``k`` itself (``paid_by: self``),
  shared equally by all original players (``shared``) or by a listed set of players; with an
  inspector the cost is incurred only when the inspector inspects.

The inspector (a new last player with strategies ``inspect`` and ``trust``) receives
``-cost * [inspect] - sum_{k in C} ((1 - p_k) * loss_undetected + p_k * loss_detected)``,
and ``-loss_detected`` for each monitored player who openly leaves the commitment (an open
violation, such as ``race``, is a violation detected for sure).
This is the inspection game of Avenhaus, von Stengel and Zamir (2002, Handbook of Game
Theory vol. 3, ch. 51, section 3): an inspectee gains ``d`` from an undetected violation and
loses ``b`` when caught, and with detection probability ``p`` violation is deterred iff
``p >= d / (d + b)``; with a false-alarm probability ``a`` costing a compliant inspectee
``h`` the comparison is ``-a*h`` against ``(1-p)*d - p*b``, i.e. ``p >= (d + a*h)/(d + b)``.

Examples
--------
>>> from fractions import Fraction as F
>>> from treaty.game import Game
>>> g = Game.from_arrays([[0]], [[0]], players=["A", "B"], strategies=[["pact"], ["pact"]])
>>> m = Mechanism(commitment="pact", monitored=("A",), gain=4, sanction=6, detection=F(1, 2))
>>> v = add_verification(g, m)
>>> v.strategies
(('pact', 'covert'), ('pact',))
>>> v.payoff(("covert", "pact"))      # (1 - 1/2) * 4 - 1/2 * 6
(Fraction(-1, 1), Fraction(0, 1))
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from fractions import Fraction
from typing import Any

import numpy as np

from .._exact.numbers import format_number, number_to_json
from ..errors import GameError, did_you_mean
from ..game import Game
from ..results import Notebook

__all__ = [
    "Mechanism",
    "Inspection",
    "add_verification",
    "check_mechanism",
    "MechanismError",
    "mechanism_of",
    "deterrence_threshold",
    "verification_payoffs",
    "check_mechanism_values",
    "inspection_rates",
    "InspectionEquilibria",
    "inspection_equilibria",
]

#: Values of ``paid_by`` other than a list of players.
PAID_BY_SELF = "self"
PAID_BY_SHARED = "shared"

PerPlayer = Any  # a number, or a mapping player name -> number

_KEYS = ("monitored", "commitment", "violation", "mimics", "gain", "harm", "detection",
         "false_alarm", "false_alarm_cost", "sanction", "monitoring_cost", "paid_by",
         "inspection", "doc")
_INSPECTION_KEYS = ("inspector", "strategies", "cost", "loss_undetected", "loss_detected",
                    "target")


@dataclass(frozen=True)
class Inspection:
    """An explicit inspector who chooses whether to inspect.

    Attributes
    ----------
    inspector : str
        Name of the new player.
    strategies : tuple of str
        Labels of (inspect, do not inspect).
    cost : number
        The inspector's cost of inspecting (paid whenever it inspects).
    loss_undetected, loss_detected : number
        The inspector's loss per undetected / detected violation (Avenhaus et al.'s ``c`` and
        ``a``; usually ``0 <= loss_detected < cost < loss_undetected``).
    target : str
        The inspector's strategy appended to the game's named targets.
    """

    inspector: str = "Inspector"
    strategies: tuple[str, str] = ("inspect", "trust")
    cost: Any = 0
    loss_undetected: Any = 1
    loss_detected: Any = 0
    target: str = "inspect"


@dataclass(frozen=True)
class Mechanism:
    """A verification mechanism attached to a game (see the module docstring for payoffs).

    Every numeric field is a number (Fraction for exact results) or a mapping from player
    name to number for asymmetric mechanisms.

    Attributes
    ----------
    commitment : str
        The strategy that means "complying with the pact".
    monitored : tuple of str
        Players whose compliance is monitored; empty means every player with the commitment.
    violation : str
        Label of the generated covert-violation strategy.
    mimics : str or None
        The open strategy a covert violator actually plays when undetected (e.g. ``race``);
        its payoffs then come from the game.  Exclusive with *gain*.
    gain, harm : number or mapping
        With no *mimics*: the violator's extra payoff from an undetected violation and the
        loss it inflicts on each other player.
    detection : number or mapping
        Probability that a violation is detected (given inspection, with an inspector).
    false_alarm : number or mapping
        Probability that a compliant party is wrongly accused.
    false_alarm_cost : number or mapping or None
        Cost of a false accusation (default: the sanction).
    sanction : number or mapping
        Loss of a violator who is caught.
    monitoring_cost : number or mapping
        Cost of monitoring each monitored player in the regime.
    paid_by : "self", "shared" or tuple of str
        Who pays the monitoring cost.
    inspection : Inspection or None
        An explicit inspector; None for exogenous monitoring.
    """

    commitment: str
    monitored: tuple[str, ...] = ()
    violation: str = "covert"
    mimics: str | None = None
    gain: PerPlayer = 0
    harm: PerPlayer = 0
    detection: PerPlayer = 0
    false_alarm: PerPlayer = 0
    false_alarm_cost: PerPlayer = None
    sanction: PerPlayer = 0
    monitoring_cost: PerPlayer = 0
    paid_by: str | tuple[str, ...] = PAID_BY_SELF
    inspection: Inspection | None = None
    doc: str = ""

    def value(self, name: str, player: str) -> Any:
        """The value of field *name* for *player* (mappings looked up, default 0)."""
        v = getattr(self, name)
        if name == "false_alarm_cost" and v is None:
            v = self.sanction
        if isinstance(v, Mapping):
            v = v.get(player, 0)
        return Fraction(v) if isinstance(v, int) else v

    def describe(self) -> str:
        """One paragraph saying what the mechanism does, for reports."""
        who = ", ".join(self.monitored) or "every committed player"
        how = (f"the inspector {self.inspection.inspector} chooses whether to inspect"
               if self.inspection else "monitoring is exogenous")
        what = (f"secretly plays {self.mimics!r}" if self.mimics else
                "takes an undetected gain")
        payer = ("paid by that party" if self.paid_by == PAID_BY_SELF else
                 "shared equally by all players" if self.paid_by == PAID_BY_SHARED else
                 "paid by " + ", ".join(self.paid_by))
        return (f"{who} may violate '{self.commitment}' covertly (strategy '{self.violation}': "
                f"looks compliant, {what}); a violation is detected with probability "
                f"{_show(self.detection)} and then sanctioned by {_show(self.sanction)}; "
                f"false-alarm probability {_show(self.false_alarm)}; monitoring cost "
                f"{_show(self.monitoring_cost)} per monitored party, {payer}; "
                f"{how}.")


def _show(v: Any) -> str:
    if isinstance(v, Mapping):
        return ", ".join(f"{k} {format_number(x)}" for k, x in v.items())
    return format_number(v)


class MechanismError(GameError):
    """A rule of :class:`Mechanism` is broken; ``key`` names the field (``"detection"``,
    ``"inspection.target"``, ...) and ``player`` the player concerned, if any, so that a spec
    reader can point at the offending key."""

    def __init__(self, message: str, key: str, player: str | None = None) -> None:
        super().__init__(message)
        self.key = key
        self.player = player


_NUMERIC = ("gain", "harm", "detection", "false_alarm", "false_alarm_cost", "sanction",
            "monitoring_cost")


def check_mechanism(players: Sequence[str], strategies: Sequence[Sequence[str]],
                    m: Mechanism) -> list[int]:
    """Check every rule of *m* against a game's labels; return the monitored player indices.

    The one place the rules are written: :func:`add_verification` calls it, and the spec reader
    (:mod:`treaty.spec.verification`) turns a :class:`MechanismError` into a located SpecError.
    """
    players = list(players)

    def fail(msg: str, key: str, player: str | None = None) -> MechanismError:
        return MechanismError(msg, key, player)

    p: str | None
    for p in m.monitored:
        if p not in players:
            raise fail(f"unknown player {p!r}" + _hint(did_you_mean(p, players)), "monitored", p)
    if len(set(m.monitored)) != len(m.monitored):
        raise fail("a player is listed twice in 'monitored'", "monitored")
    monitored = list(m.monitored) or [p for p, s in zip(players, strategies, strict=True)
                                      if m.commitment in s]
    if not monitored:
        labels = sorted({s for st in strategies for s in st})
        raise fail(f"no player has the commitment strategy {m.commitment!r}"
                   + _hint(did_you_mean(m.commitment, labels)), "commitment")
    mon_idx = [players.index(p) for p in monitored]
    for i in mon_idx:
        labels = list(strategies[i])
        if m.commitment not in labels:
            raise fail(f"player {players[i]} has no strategy {m.commitment!r}"
                       + _hint(did_you_mean(m.commitment, labels)), "commitment", players[i])
        if m.violation in labels:
            raise fail(f"player {players[i]} already has a strategy {m.violation!r}; name the "
                       "generated covert strategy differently ('violation')", "violation",
                       players[i])
        if m.mimics is not None:
            if m.mimics not in labels:
                raise fail(f"player {players[i]} has no strategy {m.mimics!r}"
                           + _hint(did_you_mean(m.mimics, labels)), "mimics", players[i])
            if m.mimics == m.commitment:
                raise fail("the mimicked strategy must differ from the commitment", "mimics")
    for name in _NUMERIC:
        v = getattr(m, name)
        if isinstance(v, Mapping):
            for p in v:
                if p not in players:
                    raise fail(f"unknown player {p!r} in '{name}'"
                               + _hint(did_you_mean(p, players)), name, p)
    for name in ("detection", "false_alarm"):
        v = getattr(m, name)
        for p, x in (v.items() if isinstance(v, Mapping) else [(None, v)]):
            if not 0 <= x <= 1:
                raise fail(f"'{name}' must be a probability in [0, 1], got {format_number(x)}",
                           name, p)
    sv = m.sanction
    for p, x in (sv.items() if isinstance(sv, Mapping) else [(None, sv)]):
        if x < 0:
            raise fail(f"'sanction' must be >= 0, got {format_number(x)} (a sanction is a loss; "
                       "write its size)", "sanction", p)
    if isinstance(m.paid_by, str):
        if m.paid_by not in (PAID_BY_SELF, PAID_BY_SHARED):
            raise fail(f"'paid_by' must be 'self', 'shared' or a list of players, got "
                       f"{m.paid_by!r}", "paid_by")
    else:
        if not m.paid_by:
            raise fail("'paid_by' lists no player", "paid_by")
        for p in m.paid_by:
            if p not in players:
                raise fail(f"unknown player {p!r} in 'paid_by'"
                           + _hint(did_you_mean(p, players)), "paid_by", p)
    insp = m.inspection
    if insp is not None:
        if insp.inspector in players:
            raise fail(f"the inspector {insp.inspector!r} is already a player; the inspector is "
                       "added as a new player", "inspection.inspector")
        if len(insp.strategies) != 2 or insp.strategies[0] == insp.strategies[1]:
            raise fail("the inspector has exactly 2 strategies, which differ ([inspect, trust])",
                       "inspection.strategies")
        if insp.target not in insp.strategies:
            raise fail(f"unknown inspector strategy {insp.target!r}"
                       + _hint(did_you_mean(insp.target, insp.strategies)), "inspection.target")
    return mon_idx


def _hint(h: str | None) -> str:
    return f" ({h})" if h else ""


def _values(m: Mechanism, players: Sequence[str], mon_idx: Sequence[int],
            num: Any) -> tuple[Any, ...]:
    """The mechanism's values, each passed through *num* (exact numbers or arrays): per
    monitored player index the detection, false-alarm, false-alarm cost and monitoring cost;
    per player the sanction, gain and harm."""
    per_monitored = tuple({i: num(m.value(key, players[i])) for i in mon_idx}
                          for key in ("detection", "false_alarm", "false_alarm_cost",
                                      "monitoring_cost"))
    per_player = tuple([num(m.value(key, p)) for p in players] for key in ("sanction", "gain", "harm"))
    return per_monitored + per_player


def add_verification(game: Game, mechanism: Mechanism) -> Game:
    """Return the game extended by a verification mechanism.

    Parameters
    ----------
    game : Game
        The game without verification; every monitored player needs the commitment strategy.
    mechanism : Mechanism

    Returns
    -------
    Game
        An ordinary game: each monitored player gains the strategy ``mechanism.violation``
        (appended last) and, with an inspection, a new last player is added.  Exact when the
        game and every value of the mechanism are exact.

    Notes
    -----
    The construction is in the module docstring.  Its cost is one pass over the extended
    profiles times ``2**|C|`` detection outcomes (``|C|`` covert players in the profile).
    """
    m = mechanism
    n = game.n_players
    players = list(game.players)
    mon_idx = check_mechanism(players, game.strategies, m)
    commit = {i: game.strategy_index(i, m.commitment) for i in mon_idx}
    mimic = {i: game.strategy_index(i, m.mimics) for i in mon_idx} if m.mimics is not None else {}
    insp = m.inspection

    exact = game.is_exact and _all_exact(m)
    base = game.payoffs if exact else game.float_payoffs
    one = Fraction(1) if exact else 1.0

    def num(x: Any) -> Any:
        return Fraction(x) if exact else float(x)

    det, fa, fac, mcost, sanc, gain, harm = _values(m, players, mon_idx, num)
    if isinstance(m.paid_by, str):
        payers = None
    else:
        payers = [game.player_index(p) for p in m.paid_by]

    shape = list(game.shape)
    for i in mon_idx:
        shape[i] += 1
    n_out = n + (1 if insp else 0)
    if insp:
        shape.append(2)
    zero = Fraction(0) if exact else 0.0
    out = np.empty((n_out, *shape), dtype=object if exact else np.float64)
    i_cost = num(insp.cost) if insp else zero
    i_lu = num(insp.loss_undetected) if insp else zero
    i_ld = num(insp.loss_detected) if insp else zero

    for prof, pay in _extended_profiles(
            m, n, list(game.shape), shape, mon_idx, commit, mimic, payers,
            (det, fa, fac, mcost, sanc, gain, harm), (i_cost, i_lu, i_ld), zero, one,
            lambda j, o: base[(j, *o)]):
        for j in range(n_out):
            out[(j, *prof)] = pay[j]

    strategies = [list(s) for s in game.strategies]
    for i in mon_idx:
        strategies[i].append(m.violation)
    new_players = list(players)
    targets = {k: [game.strategies[i][s] for i, s in enumerate(t)] for k, t in
               game.targets.items()}
    if insp:
        new_players.append(insp.inspector)
        strategies.append(list(insp.strategies))
        for t in targets.values():
            t.append(insp.target)
    info = replace(game.info, assumptions=(*game.info.assumptions,
                                           "Verification: " + m.describe()))
    return Game(out, players=new_players, strategies=strategies, title=game.title, info=info,
                targets=targets, repeated=game.repeated,
                verification=replace(m, monitored=tuple(players[i] for i in mon_idx)))


def check_mechanism_values(m: Mechanism) -> None:
    """The value rules of :func:`check_mechanism` (probabilities in [0, 1], sanctions
    non-negative) for a mechanism whose numeric fields may be arrays over parameter points.

    Raises
    ------
    MechanismError
        At the first offending value, naming its key, its player and the point index.
    """
    rules = (("detection", lambda x: (0 <= x) & (x <= 1), "must be a probability in [0, 1]"),
             ("false_alarm", lambda x: (0 <= x) & (x <= 1), "must be a probability in [0, 1]"),
             ("sanction", lambda x: x >= 0, "must be >= 0 (a sanction is a loss; write its size)"))
    for name, ok, rule in rules:
        v = getattr(m, name)
        for p, x in (v.items() if isinstance(v, Mapping) else [(None, v)]):
            arr = np.asarray(x, dtype=float)
            good = ok(arr) & np.isfinite(arr)
            if not np.all(good):
                bad: tuple[int, ...] = tuple(int(b) for b in np.argwhere(~good)[0])
                at = f" at point {bad[0]}" if arr.ndim else ""
                raise MechanismError(f"'{name}' {rule}, got {format_number(float(arr[bad]))}"
                                     f"{at}", name, p)


def verification_payoffs(base: np.ndarray, players: Sequence[str],
                         strategies: Sequence[Sequence[str]], mechanism: Mechanism) -> np.ndarray:
    """The payoffs of :func:`add_verification` at many parameter points at once (floats).

    Parameters
    ----------
    base : ndarray of float, shape (P, N, n_1, ..., n_N)
        The stage game's payoffs at ``P`` points.
    players, strategies : sequences
        The stage game's labels.
    mechanism : Mechanism
        Every numeric field a number or a 1-d array of length ``P`` (or a mapping from player
        to such), e.g. parameter expressions evaluated over the points.

    Returns
    -------
    ndarray of float, shape (P, N', n'_1, ..., n'_N')
        Entry ``[p]`` equals ``add_verification(game_p, mechanism_p).float_payoffs`` (same
        construction and order of operations, elementwise over the points).

    Notes
    -----
    The construction is the one in the module docstring: for each extended profile, a sum
    over the detected subsets ``D`` of the covert players with probability weights
    ``prod p_k prod (1 - p_k)``; each term is an array over the points.  The value rules are
    checked by :func:`check_mechanism_values`, the structural ones by
    :func:`check_mechanism`.
    """
    m = mechanism
    base = np.asarray(base, dtype=np.float64)
    P = base.shape[0]
    n = len(players)
    players = list(players)
    zeros: dict[str, Any] = {k: ({p: 0 for p in v} if isinstance(v, Mapping) else 0)
                             for k in _NUMERIC if (v := getattr(m, k)) is not None}
    zero_struct = replace(m, **zeros)
    mon_idx = check_mechanism(players, strategies, zero_struct)
    check_mechanism_values(m)
    commit = {i: list(strategies[i]).index(m.commitment) for i in mon_idx}
    mimic = ({i: list(strategies[i]).index(m.mimics) for i in mon_idx}
             if m.mimics is not None else {})
    insp = m.inspection

    def num(x: Any) -> np.ndarray:
        return np.broadcast_to(np.asarray(x, dtype=np.float64), (P,))

    det, fa, fac, mcost, sanc, gain, harm = _values(m, players, mon_idx, num)
    payers = None if isinstance(m.paid_by, str) else [players.index(p) for p in m.paid_by]
    shape0 = [len(s) for s in strategies]
    shape = list(shape0)
    for i in mon_idx:
        shape[i] += 1
    n_out = n + (1 if insp else 0)
    if insp:
        shape.append(2)
    out = np.empty((P, n_out, *shape))
    zero = np.zeros(P)
    one = 1.0
    i_cost = num(insp.cost) if insp else zero
    i_lu = num(insp.loss_undetected) if insp else zero
    i_ld = num(insp.loss_detected) if insp else zero
    for prof, pay in _extended_profiles(
            m, n, shape0, shape, mon_idx, commit, mimic, payers,
            (det, fa, fac, mcost, sanc, gain, harm), (i_cost, i_lu, i_ld), zero, one,
            lambda j, o: base[(slice(None), j, *o)]):
        for j in range(n_out):
            where: tuple[Any, ...] = (slice(None), j, *prof)
            out[where] = pay[j]
    return out



def _extended_profiles(m: Mechanism, n: int, shape0: Sequence[int], shape: Sequence[int],
                       mon_idx: Sequence[int], commit: Mapping[int, int],
                       mimic: Mapping[int, int], payers: Sequence[int] | None,
                       values: tuple[Any, ...], inspection: tuple[Any, Any, Any], zero: Any,
                       one: Any, base_at: Any) -> Any:
    """Every profile of the extended game with its payoffs: the construction of the module
    docstring, shared by :func:`add_verification` (exact numbers or floats) and
    :func:`verification_payoffs` (arrays over parameter points).

    *values* are the ``_values`` tuple, *inspection* the inspector's cost and losses, and
    ``base_at(j, profile)`` player *j*'s stage payoff at a stage profile (a number or an array).
    Only ``+``, ``-`` and ``*`` are used (never in place), so the same code serves Fractions,
    floats and numpy arrays; a detection outcome of probability exactly 0 is skipped for
    numbers (it adds nothing).  Yields ``(profile, payoffs)`` with one payoff per output player.
    """
    det, fa, fac, mcost, sanc, gain, harm = values
    i_cost, i_lu, i_ld = inspection
    insp = m.inspection
    n_out = n + (1 if insp else 0)
    for prof in itertools.product(*(range(k) for k in shape)):
        active = not insp or prof[n] == 0
        covert = [i for i in mon_idx if prof[i] == shape0[i]]
        basep = list(prof[:n])
        for i in covert:
            basep[i] = commit[i]
        pay = [zero] * n_out
        for detected in itertools.product((False, True), repeat=len(covert)):
            prob: Any = one
            outcome = list(basep)
            for i, d in zip(covert, detected, strict=True):
                p = det[i] if active else zero
                prob = prob * (p if d else one - p)
                if not d and m.mimics is not None:
                    outcome[i] = mimic[i]
            if not isinstance(prob, np.ndarray) and prob == 0:
                continue
            o = tuple(outcome)
            for j in range(n):
                v = base_at(j, o)
                for i, d in zip(covert, detected, strict=True):
                    if d:
                        if i == j:
                            v = v - sanc[j]
                    elif m.mimics is None:
                        v = v + (gain[j] if i == j else -harm[j])
                pay[j] = pay[j] + prob * v
        for i in mon_idx:
            in_regime = prof[i] == commit[i] or prof[i] == shape0[i]
            if prof[i] == commit[i] and active:
                pay[i] = pay[i] - fa[i] * fac[i]
            if in_regime and active:
                who = payers if payers is not None else (
                    [i] if m.paid_by == PAID_BY_SELF else list(range(n)))
                share = mcost[i] / len(who)
                for j in who:
                    pay[j] = pay[j] - share
        if insp:
            v = -i_cost if active else zero
            for i in covert:
                p = det[i] if active else zero
                v = v - ((one - p) * i_lu + p * i_ld)
            for i in mon_idx:  # an open violation is a violation detected for sure
                if prof[i] != commit[i] and prof[i] != shape0[i]:
                    v = v - i_ld
            pay[n] = v
        yield prof, pay

def _all_exact(m: Mechanism) -> bool:
    vals: list[Any] = []
    for name in ("gain", "harm", "detection", "false_alarm", "false_alarm_cost", "sanction",
                 "monitoring_cost"):
        v = getattr(m, name)
        if v is None:
            continue
        vals += list(v.values()) if isinstance(v, Mapping) else [v]
    if m.inspection:
        vals += [m.inspection.cost, m.inspection.loss_undetected, m.inspection.loss_detected]
    return all(isinstance(v, (int, Fraction)) and not isinstance(v, bool) for v in vals)


def mechanism_of(game: Game) -> Mechanism | None:
    """The verification mechanism a game was built with (None if it has none): ``game.verification``."""
    return game.verification


def deterrence_threshold(gain: Any, sanction: Any, false_alarm: Any = 0,
                         false_alarm_cost: Any = 0) -> Any:
    """Minimum detection probability that deters a covert violation (closed form).

    With gain ``d`` from an undetected violation, sanction ``b``, false-alarm probability
    ``a`` and false-accusation cost ``h``, complying is at least as good as violating iff
    ``-a*h >= (1-p)*d - p*b``, i.e. ``p >= (d + a*h) / (d + b)`` (Avenhaus, von Stengel and
    Zamir 2002, section 3, with ``a = 0``; the false-alarm term follows from the same
    comparison with the complying party's expected loss ``a*h`` added on its side).

    >>> deterrence_threshold(3, 1)
    Fraction(3, 4)
    >>> deterrence_threshold(3, 1, Fraction(1, 10), 2)
    Fraction(4, 5)
    """
    from .repeated import _num

    d, b, a, h = (_num(x) for x in (gain, sanction, false_alarm, false_alarm_cost))
    if d + b <= 0:
        raise GameError("gain + sanction must be positive")
    return (d + a * h) / (d + b)


# --------------------------------------------------------------------------------------------
# the inspection equilibrium

def inspection_rates(gain: Any, sanction: Any, detection: Any, cost: Any, loss_undetected: Any,
                     loss_detected: Any = 0, false_alarm: Any = 0,
                     false_alarm_cost: Any = 0) -> tuple[Any, Any]:
    """The mixed equilibrium of the 2-player inspection game in closed form: ``(q*, r*)``.

    One inspectee complies or violates; the inspector inspects (cost ``e``) or skips.  An
    undetected violation gains ``g``; a detected one (probability ``p``, only when inspected)
    loses ``S``; an inspected compliant inspectee is falsely accused with probability ``a`` at
    cost ``h``.  The inspector loses ``lu`` per undetected and ``ld`` per detected violation.

    * inspection rate ``q* = g / (p (g + S) - a h)``: it makes the inspectee indifferent
      (violating gives ``g - q p (g + S)``, complying ``-q a h``);
    * violation rate ``r* = e / (p (lu - ld))``: it makes the inspector indifferent
      (inspecting costs ``e + r ((1-p) lu + p ld)``, skipping ``r lu``).

    Source: Avenhaus, von Stengel and Zamir (2002), "Inspection games", Handbook of Game
    Theory vol. 3, ch. 51, section 3 (the false-alarm term as in :func:`deterrence_threshold`).
    The pair is the unique equilibrium when both lie strictly between 0 and 1; when
    ``q* >= 1`` even certain inspection does not deter (the inspectee violates), and when
    ``r* >= 1`` inspecting never pays.

    Raises
    ------
    GameError
        When a denominator is not positive (``p (g + S) <= a h`` or ``p (lu - ld) <= 0``): the
        inspectee or the inspector is then never indifferent.

    Examples
    --------
    >>> inspection_rates(3, 2, Fraction(3, 4), 1, 4)
    (Fraction(4, 5), Fraction(1, 3))
    >>> inspection_rates(5, 10, Fraction(1, 2), 1, 20, 2, Fraction(1, 10), 3)
    (Fraction(25, 36), Fraction(1, 9))
    """
    from .repeated import _num

    g, S, p, e, lu, ld, a, h = (_num(x) for x in (gain, sanction, detection, cost,
                                                   loss_undetected, loss_detected, false_alarm,
                                                   false_alarm_cost))
    den_q = p * (g + S) - a * h
    den_r = p * (lu - ld)
    if den_q <= 0:
        raise GameError(f"no inspection rate deters: detection * (gain + sanction) = "
                        f"{format_number(p * (g + S))} is not above false_alarm * "
                        f"false_alarm_cost = {format_number(a * h)}")
    if den_r <= 0:
        raise GameError(f"the inspector is never indifferent: detection * (loss_undetected - "
                        f"loss_detected) = {format_number(den_r)} is not positive")
    return g / den_q, e / den_r


@dataclass(frozen=True)
class InspectionEquilibria(Notebook):
    """The inspection and violation rates at each Nash equilibrium of a game with an inspector.

    Attributes
    ----------
    inspector : str
    inspectees : tuple of str
        The monitored players.
    rates : tuple of (inspection rate, tuple of violation rates)
        Per equilibrium (in the order of :attr:`equilibria`): the inspector's probability of
        inspecting and each inspectee's probability of the covert violation.
    equilibria : EquilibriumSet
        The equilibria the rates are read from.
    closed_form : tuple of (inspectee, q*, r*)
        Per inspectee, the closed form of :func:`inspection_rates` for its 2-player inspection
        game alone (only with ``gain``: with ``mimics`` the gain depends on the others).
    exact : bool
    complete : bool
        Whether the equilibria are the complete set.
    note : str
    """

    inspector: str
    inspectees: tuple[str, ...]
    rates: tuple[tuple[Any, tuple[Any, ...]], ...]
    equilibria: Any
    closed_form: tuple[tuple[str, Any, Any], ...] = ()
    exact: bool = True
    complete: bool = True
    note: str = ""

    @property
    def mixed(self) -> tuple[tuple[Any, tuple[Any, ...]], ...]:
        """The rates of the equilibria in which the inspector mixes (0 < q < 1)."""
        return tuple(r for r in self.rates if 0 < r[0] < 1)

    def describe(self) -> str:
        if not self.rates:
            return f"no equilibrium found for the inspection by {self.inspector}"
        q, rs = (self.mixed or self.rates)[0]
        viol = ", ".join(f"{p} {format_number(r)}" for p, r in zip(self.inspectees, rs,
                                                                      strict=True))
        kind = "mixed inspection equilibrium" if self.mixed else "inspection equilibrium (pure)"
        more = f" (1 of {len(self.rates)} equilibria)" if len(self.rates) > 1 else ""
        return (f"{kind}{more}: {self.inspector} inspects with probability "
                f"{format_number(q)}; violation rates {viol}")

    def to_dict(self) -> dict[str, Any]:
        return {
            "inspector": self.inspector,
            "inspectees": list(self.inspectees),
            "equilibria": [{"inspection_rate": number_to_json(q),
                            "violation_rates": {p: number_to_json(r) for p, r in
                                                zip(self.inspectees, rs, strict=True)}}
                           for q, rs in self.rates],
            "closed_form": [{"inspectee": p, "inspection_rate": number_to_json(q),
                             "violation_rate": number_to_json(r)}
                            for p, q, r in self.closed_form],
            "exact": self.exact,
            "complete": self.complete,
            "note": self.note,
            "description": self.describe(),
        }


def _without_fixed_players(game: Game) -> tuple[Game, list[int]]:
    """The game without its single-strategy players (their choice is forced), and the kept
    player indices; the game itself when fewer than 2 players would remain."""
    keep = [i for i, n in enumerate(game.shape) if n > 1]
    if len(keep) == game.n_players or len(keep) < 2:
        return game, list(range(game.n_players))
    pay = game.payoffs if game.is_exact else game.float_payoffs
    idx: tuple[Any, ...] = tuple(slice(None) if n > 1 else 0 for n in game.shape)
    sub = np.stack([pay[(j, *idx)] for j in keep])
    return Game(sub, players=[game.players[i] for i in keep],
                strategies=[game.strategies[i] for i in keep], title=game.title), keep


def inspection_equilibria(game: Game, equilibria: Any = None) -> InspectionEquilibria:
    """The inspection and violation rates at the Nash equilibria of a game with an inspector.

    Parameters
    ----------
    game : Game
        A game built by :func:`add_verification` with an :class:`Inspection` (e.g. a spec
        with an ``inspector:`` sub-section).
    equilibria : EquilibriumSet, optional
        The game's equilibria (default: ``treaty.equilibria`` of the game without its
        single-strategy players, whose choice is forced, so that one inspectee against the
        inspector is solved as the 2-player game it is).

    Returns
    -------
    InspectionEquilibria
        With the closed forms of :func:`inspection_rates` per inspectee (``gain`` mechanisms).

    Raises
    ------
    GameError
        When the game has no inspector.

    Examples
    --------
    >>> base = Game.from_arrays([[0]], [[0]], players=["State", "World"],
    ...                         strategies=[["comply"], ["wait"]])
    >>> m = Mechanism(commitment="comply", violation="violate", monitored=("State",), gain=3,
    ...               sanction=2, detection=Fraction(3, 4),
    ...               inspection=Inspection("IAEA", ("inspect", "skip"), cost=1,
    ...                                     loss_undetected=4))
    >>> ie = inspection_equilibria(add_verification(base, m))
    >>> ie.describe()
    'mixed inspection equilibrium: IAEA inspects with probability 4/5; violation rates State 1/3'
    """
    m = game.verification
    if m is None or m.inspection is None:
        raise GameError("the game has no inspector (add 'inspector:' to its verification "
                        "section)")
    insp = m.inspection
    sub, keep = _without_fixed_players(game)
    if equilibria is None:
        from ..nash import equilibria as solve

        equilibria = solve(sub)
    names = list(equilibria.equilibria[0].players) if len(equilibria) else list(sub.players)
    inspectees = tuple(m.monitored)
    rates = []
    for e in equilibria:
        def prob(player: str, label: str, e: Any = e) -> Any:
            if player not in names:  # a single-strategy player dropped before solving
                return Fraction(1) if e.exact else 1.0
            k = names.index(player)
            return e.strategies[k][e.strategy_names[k].index(label)]
        q = prob(insp.inspector, insp.strategies[0])
        rates.append((q, tuple(prob(p, m.violation) for p in inspectees)))
    closed: list[tuple[str, Any, Any]] = []
    if m.mimics is None:
        for p in inspectees:
            try:
                q, r = inspection_rates(m.value("gain", p), m.value("sanction", p),
                                        m.value("detection", p), insp.cost,
                                        insp.loss_undetected, insp.loss_detected,
                                        m.value("false_alarm", p),
                                        m.value("false_alarm_cost", p))
            except GameError:
                continue
            closed.append((p, q, r))
    exact = all(e.exact for e in equilibria)
    complete = bool(getattr(equilibria, "complete", True))
    note = "" if complete else (getattr(equilibria, "note", "") or "not every equilibrium")
    if len(keep) < game.n_players:
        fixed = [game.players[i] for i in range(game.n_players) if i not in keep]
        note = "; ".join(x for x in (note, f"solved without {', '.join(fixed)} (one strategy "
                                     "each)") if x)
    return InspectionEquilibria(insp.inspector, inspectees, tuple(rates), equilibria,
                                tuple(closed), exact, complete, note)
