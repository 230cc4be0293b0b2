"""The ``verification`` section of a normal-form spec, read once and instantiated per point.

The section's structure (keys, names of players and strategies, the syntax of every value) is
read by :func:`read_verification` when the spec is read; the rules of a mechanism are checked
by the one function :func:`treaty.mechanics.verification.check_mechanism`, whose error names
the offending key, so that the reader re-raises it at that key's line and column.  The values
(detection probability, sanction, ...) are evaluated by :meth:`VerificationSpec.apply` at each
parameter point, and value rules (a probability in [0, 1], a non-negative sanction) are
checked there by the same function.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from ..errors import SpecError, did_you_mean
from ..game import Game
from ..mechanics.verification import (
    PAID_BY_SELF,
    PAID_BY_SHARED,
    Inspection,
    Mechanism,
    MechanismError,
    add_verification,
    check_mechanism,
)
from ._nodes import Node
from .parametric import Value

__all__ = ["VerificationSpec", "read_verification", "VERIFICATION_KEYS"]

VERIFICATION_KEYS = ("monitored", "commitment", "violation", "mimics", "gain", "harm",
                     "detection", "false_alarm", "false_alarm_cost", "sanction",
                     "monitoring_cost", "paid_by", "inspection", "inspector", "doc")
_INSPECTION_KEYS = ("inspector", "strategies", "cost", "loss_undetected", "loss_detected",
                    "target")
#: keys of the ``inspector:`` sub-section (the ``inspection:`` one with ``name`` for
#: ``inspector`` and the default strategies ``[inspect, skip]``)
_INSPECTOR_KEYS = ("name", "strategies", "cost", "loss_undetected", "loss_detected", "target")
_VALUE_KEYS = ("gain", "harm", "detection", "false_alarm", "false_alarm_cost", "sanction",
               "monitoring_cost")
_INSPECTION_VALUES = ("cost", "loss_undetected", "loss_detected")

PerPlayerValue = Value | dict[str, Value]


@dataclass(frozen=True)
class VerificationSpec:
    """A read ``verification`` section: the mechanism's names and its compiled values."""

    node: Node
    structure: Mechanism  # names set, numeric fields at their defaults
    values: Mapping[str, PerPlayerValue]
    inspection_values: Mapping[str, Value]

    def mechanism(self, env: Mapping[str, Any],
                  evaluate: Callable[[Value], Any] | None = None) -> Mechanism:
        """The mechanism at the parameter values *env* (values evaluated, not yet checked).

        *evaluate* turns each value into a number (default: its scalar value at *env*); the
        array path of :meth:`NormalFormSpec.payoffs` passes one giving arrays over points.
        """
        ev = evaluate if evaluate is not None else (lambda v: v(env))
        vals: dict[str, Any] = {}
        for key, v in self.values.items():
            vals[key] = {p: ev(x) for p, x in v.items()} if isinstance(v, dict) else ev(v)
        insp = self.structure.inspection
        if insp is not None and self.inspection_values:
            insp = replace(insp, **{k: ev(v) for k, v in self.inspection_values.items()})
        return replace(self.structure, inspection=insp, **vals)

    def apply(self, game: Game, env: Mapping[str, Any]) -> Game:
        """The game extended by the mechanism at *env*; rule violations located in the spec."""
        try:
            return add_verification(game, self.mechanism(env))
        except MechanismError as exc:
            raise self.locate(exc) from None

    def locate(self, exc: MechanismError) -> SpecError:
        """The SpecError for *exc* at the key (and player entry) it names."""
        return _node_for(self.node, exc.key, exc.player).error(exc.args[0])

    def labels(self, players: Sequence[str], strategies: Sequence[Sequence[str]]
               ) -> tuple[list[str], list[list[str]]]:
        """Players and strategy labels of the extended game (covert strategy, inspector)."""
        m = self.structure
        monitored = set(m.monitored)
        out_players = list(players)
        out_strats = [list(s) + ([m.violation] if p in monitored else [])
                      for p, s in zip(players, strategies, strict=True)]
        if m.inspection is not None:
            out_players.append(m.inspection.inspector)
            out_strats.append(list(m.inspection.strategies))
        return out_players, out_strats


def _node_for(node: Node, key: str, player: str | None) -> Node:
    fields = node.value if node.kind == "map" else {}
    head, _, sub = key.partition(".")
    if head == "inspection" and head not in fields and "inspector" in fields:
        head, sub = "inspector", ("name" if sub == "inspector" else sub)  # the newer spelling
        if fields[head].kind == "scalar":
            return fields[head]
    if head not in fields:
        return node
    n = fields[head]
    if sub and n.kind == "map" and sub in n.value:
        n = n.value[sub]
    if player is not None and n.kind == "map" and player in n.value:
        n = n.value[player]
    elif player is not None and n.kind == "seq":
        for item in n.value:
            if item.kind == "scalar" and str(item.value).strip() == player:
                return item
    return n


def _per_player(node: Node, what: str, names: set[str], players: Sequence[str]
                ) -> PerPlayerValue:
    if node.kind == "map":
        out: dict[str, Value] = {}
        for p, sub in node.value.items():
            if p not in players:
                raise node.key_loc(p).error(f"unknown player {p!r} in {what}",
                                            did_you_mean(p, players))
            out[p] = Value.read(sub, f"{what} of {p}", names)
        return out
    return Value.read(node, what, names)


def read_verification(node: Node, players: Sequence[str], strategies: Sequence[Sequence[str]],
                      names: set[str]) -> VerificationSpec:
    """Read a ``verification`` section against the base game's labels (structure only).

    Every mistake is a :class:`~treaty.errors.SpecError` pointing at the offending key or value.
    """
    f = node.check_keys("the 'verification' section", VERIFICATION_KEYS,
                        required=("commitment", "detection"))
    players = list(players)
    commitment = f["commitment"].expect_name("'commitment'")
    monitored: tuple[str, ...] = ()
    if "monitored" in f:
        monitored = tuple(f["monitored"].names_from("'monitored'", "player", players,
                                                    unique=True))
    if "mimics" in f and "gain" in f:
        raise node.key_loc("gain").error("give either 'mimics' or 'gain', not both",
                                         "'mimics' takes the violation's payoffs from the game")
    if "mimics" not in f and "gain" not in f:
        raise node.error("the 'verification' section needs 'mimics' or 'gain'",
                         "'mimics: race' (the covert violator secretly plays race) or "
                         "'gain: g' (the gain of an undetected violation)")
    mimics = f["mimics"].expect_name("'mimics'") if "mimics" in f else None
    violation = f["violation"].expect_name("'violation'") if "violation" in f else "covert"
    values = {key: _per_player(f[key], f"'{key}'", names, players)
              for key in _VALUE_KEYS if key in f}
    paid_by: str | tuple[str, ...] = PAID_BY_SELF
    if "paid_by" in f:
        pn = f["paid_by"]
        if pn.kind == "seq":
            paid_by = tuple(it.expect_name("a paying player") for it in pn.value)
        else:
            text = pn.expect_name("'paid_by'")
            if text in players:
                paid_by = (text,)
            elif text in (PAID_BY_SELF, PAID_BY_SHARED):
                paid_by = text
            else:
                raise pn.error(f"'paid_by' must be 'self', 'shared' or players, got {text!r}",
                               did_you_mean(text, [PAID_BY_SELF, PAID_BY_SHARED, *players]))
    inspection = None
    ivalues: dict[str, Value] = {}
    if "inspection" in f and "inspector" in f:
        raise node.key_loc("inspector").error(
            "give either 'inspector' or 'inspection', not both",
            "'inspector:' is the newer spelling of the same sub-section")
    if "inspector" in f and f["inspector"].kind == "scalar":
        name = f["inspector"].expect_name("'inspector'")
        inspection = Inspection(inspector=name, strategies=("inspect", "skip"))
    elif "inspection" in f or "inspector" in f:
        new = "inspector" in f
        sec = "inspector" if new else "inspection"
        if new:
            fi = f[sec].check_keys("the 'inspector' section", _INSPECTOR_KEYS)
        else:
            fi = f[sec].check_keys("the 'inspection' section", _INSPECTION_KEYS)
        kw: dict[str, Any] = {"strategies": ("inspect", "skip")} if new else {}
        name_key = "name" if new else "inspector"
        if name_key in fi:
            kw["inspector"] = fi[name_key].expect_name(f"the inspector's '{name_key}'")
        if "strategies" in fi:
            items = fi["strategies"].expect_seq("the inspector's 'strategies'")
            kw["strategies"] = tuple(it.expect_name("an inspector strategy") for it in items)
        if "target" in fi:
            kw["target"] = fi["target"].expect_name("the inspection's 'target'")
        ivalues = {key: Value.read(fi[key], f"the {sec}'s '{key}'", names)
                   for key in _INSPECTION_VALUES if key in fi}
        inspection = Inspection(**kw)
    structure = Mechanism(commitment=commitment, monitored=monitored, violation=violation,
                          mimics=mimics, paid_by=paid_by, inspection=inspection,
                          doc=f["doc"].expect_str("'doc'") if "doc" in f else "",
                          **{k: ({p: 0 for p in v} if isinstance(v, dict) else 0)
                             for k, v in values.items()})
    spec = VerificationSpec(node, structure, values, ivalues)
    try:
        mon_idx = check_mechanism(players, strategies, structure)
    except MechanismError as exc:
        raise spec.locate(exc) from None
    structure = replace(structure, monitored=tuple(players[i] for i in mon_idx))
    return replace(spec, structure=structure)
