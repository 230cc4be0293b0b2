"""The ``repeated`` section of a normal-form spec: how the stage game is repeated.

Read once with the spec (:func:`read_repeated`: keys, punishment, reversion profile and
targets checked against the stage game's labels); :meth:`RepeatedSpec.settings` evaluates the
discount factor and detection probabilities at a parameter point into a
:class:`~treaty.mechanics.repeated.RepeatedSettings`, which the game carries as its
``repeated`` field.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from .._exact.numbers import format_number
from ..errors import did_you_mean
from ..mechanics.repeated import GRIM, REVERSIONS, RepeatedSettings
from ._limits import MAX_PUNISHMENT_ROUNDS
from ._nodes import Node
from .parametric import Value
from .verification import PerPlayerValue, _per_player

__all__ = ["RepeatedSpec", "read_repeated", "REPEATED_KEYS"]

REPEATED_KEYS = ("discount", "detection", "false_alarm", "punishment", "reversion", "targets", "doc")


@dataclass(frozen=True)
class RepeatedSpec:
    """A read ``repeated`` section."""

    node: Node
    discount: Value | None
    detection: PerPlayerValue | None
    periods: int | None
    reversion: str | tuple[str, ...]
    targets: tuple[str, ...]
    false_alarm: PerPlayerValue | None = None

    def settings(self, env: Mapping[str, Any]) -> RepeatedSettings:
        """The settings at the parameter values *env* (value rules located in the spec)."""
        kw: dict[str, Any] = {"periods": self.periods, "reversion": self.reversion,
                              "targets": self.targets}
        if self.discount is not None:
            d = self.discount(env)
            if not 0 <= d < 1:
                raise self.discount.node.error(
                    f"'discount' must lie in [0, 1), got {format_number(d)}",
                    "a discount factor is the weight of the next round")
            kw["discount"] = d
        for key, given in (("detection", self.detection), ("false_alarm", self.false_alarm)):
            if given is None:
                continue
            items = given.items() if isinstance(given, dict) else [(None, given)]
            det = {p: v(env) for p, v in items}
            for p, v in items:
                if not 0 <= det[p] <= 1:
                    raise v.node.error(f"'{key}' must be a probability in [0, 1], got "
                                       f"{format_number(det[p])}",
                                       "check the expression and the parameter values")
            kw[key] = det if isinstance(given, dict) else det[None]
        return RepeatedSettings(**kw)


def read_repeated(node: Node, players: Sequence[str], strategies: Sequence[Sequence[str]],
                  targets: Sequence[str], names: set[str]) -> RepeatedSpec:
    """Read a ``repeated`` section against the (extended) game's labels and target names."""
    f = node.check_keys("the 'repeated' section", REPEATED_KEYS)
    discount = Value.read(f["discount"], "'discount'", names) if "discount" in f else None
    detection = _per_player(f["detection"], "'detection'", names, players) \
        if "detection" in f else None
    false_alarm = _per_player(f["false_alarm"], "'false_alarm'", names, players) \
        if "false_alarm" in f else None
    periods: int | None = GRIM
    if "punishment" in f:
        pn = f["punishment"]
        if pn.kind == "scalar" and isinstance(pn.value, str) and pn.value.strip() == "grim":
            periods = None
        elif pn.kind == "scalar" and isinstance(pn.value, Fraction):
            periods = pn.expect_int("'punishment' (rounds of punishment)", minimum=1)
            if periods > MAX_PUNISHMENT_ROUNDS:
                raise pn.error(f"'punishment' of {periods} rounds exceeds the limit of "
                               f"{MAX_PUNISHMENT_ROUNDS} (MAX_PUNISHMENT_ROUNDS)",
                               "use 'punishment: grim' for an unending punishment")
        else:
            raise pn.error(f"'punishment' must be 'grim' or a number of rounds, got "
                           f"{pn.describe()}", "e.g. 'punishment: grim' or 'punishment: 3'")
    reversion: str | tuple[str, ...] = "nash"
    if "reversion" in f:
        rn = f["reversion"]
        if rn.kind == "seq":
            items = rn.value
            if len(items) != len(players):
                raise rn.error(f"a reversion profile lists one strategy per player "
                               f"({len(players)}), got {len(items)}",
                               f"order: {', '.join(players)}")
            labels = []
            for i, it in enumerate(items):
                label = it.expect_name("a reversion strategy")
                if label not in strategies[i]:
                    raise it.error(f"unknown strategy {label!r} for player {players[i]}",
                                   did_you_mean(label, strategies[i]))
                labels.append(label)
            reversion = tuple(labels)
        else:
            text = rn.expect_name("'reversion'")
            if text not in (*REVERSIONS, *targets):
                raise rn.error(f"unknown reversion {text!r}",
                               did_you_mean(text, [*REVERSIONS, *targets]))
            reversion = text
    chosen: tuple[str, ...] = ()
    if "targets" in f:
        chosen = tuple(f["targets"].names_from(
            "'targets'", "target", targets, hint="declare it under the top-level 'targets'"))
    return RepeatedSpec(node, discount, detection, periods, reversion, chosen, false_alarm)
