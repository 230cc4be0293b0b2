"""Result types of a threshold computation: end points, intervals, conditions, bindings."""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from ..._exact.numbers import format_number, number_to_json
from ..._exact.poly import Poly
from ...results import Notebook

__all__ = ["Endpoint", "Interval", "Condition", "Binding", "Threshold"]


@dataclass(frozen=True)
class Endpoint:
    """An end point of an interval of parameter values.

    ``value`` is exact (Fraction) when ``exact``; otherwise a float inside the isolating
    bracket ``(lo, hi)`` (exact rationals, the true value strictly between them).
    ``closed`` says whether the end point itself belongs to the set.
    """

    value: Fraction | float
    exact: bool
    closed: bool
    lo: Fraction
    hi: Fraction
    text: str

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"value": number_to_json(self.value), "exact": self.exact,
                             "closed": self.closed, "text": self.text}
        if not self.exact:
            d["bracket"] = [format_number(self.lo), format_number(self.hi)]
        return d


@dataclass(frozen=True)
class Interval:
    """An interval of parameter values; ``None`` end points are unbounded."""

    lower: Endpoint | None
    upper: Endpoint | None

    def contains(self, x: Fraction | float) -> bool:
        if self.lower is not None:
            lo = self.lower
            if x < lo.value or (x == lo.value and not lo.closed):
                return False
        if self.upper is not None:
            hi = self.upper
            if x > hi.value or (x == hi.value and not hi.closed):
                return False
        return True

    def text(self) -> str:
        lo = "(-inf" if self.lower is None else ("[" if self.lower.closed else "(") + \
            self.lower.text
        hi = "inf)" if self.upper is None else self.upper.text + ("]" if self.upper.closed
                                                                   else ")")
        if self.lower is not None and self.upper is not None and self.lower.closed and \
                self.upper.closed and self.lower.exact and self.upper.exact and \
                self.lower.value == self.upper.value:
            return f"{{{self.lower.text}}}"
        return f"{lo}, {hi}"

    def to_dict(self) -> dict[str, Any]:
        return {"lower": None if self.lower is None else self.lower.to_dict(),
                "upper": None if self.upper is None else self.upper.to_dict(),
                "text": self.text()}


@dataclass(frozen=True)
class Condition:
    """One equilibrium condition ``u_i(target) - u_i(deviation, target_-i) >= 0``.

    ``numerator``/``denominator`` are the polynomial coefficients (lowest degree first) of
    the payoff difference as a function of the parameter, when it was recovered exactly.
    """

    player: str
    deviation: str
    numerator: tuple[Fraction, ...] | None = None
    denominator: tuple[Fraction, ...] | None = None

    def formula(self, var: str) -> str:
        if self.numerator is None:
            return "(sampled)"
        num = _poly_text(list(self.numerator), var)
        den = _poly_text(list(self.denominator or (Fraction(1),)), var)
        return num if den == "1" else f"({num}) / ({den})"

    def label(self) -> str:
        return f"{self.player}'s deviation to {self.deviation!r}"

    def to_dict(self) -> dict[str, Any]:
        return {"player": self.player, "deviation": self.deviation,
                "numerator": None if self.numerator is None else
                [format_number(c) for c in self.numerator],
                "denominator": None if self.denominator is None else
                [format_number(c) for c in self.denominator]}


@dataclass(frozen=True)
class Binding:
    """The deviation(s) that become profitable just beyond an end point of the set."""

    at: Endpoint
    side: str  # "below" or "above": where the violated region lies
    conditions: tuple[Condition, ...]

    def text(self, parameter: str) -> str:
        who = " and ".join(c.label() for c in self.conditions) or "the game's definition"
        verb = "binds" if len(self.conditions) <= 1 else "bind"
        return f"{who} {verb} at {parameter} = {self.at.text} (profitable {self.side} it)"

    def to_dict(self) -> dict[str, Any]:
        return {"at": self.at.to_dict(), "violated": self.side,
                "conditions": [{"player": c.player, "deviation": c.deviation}
                               for c in self.conditions]}


@dataclass(frozen=True)
class Threshold(Notebook):
    """The values of one parameter for which a target profile is a Nash equilibrium.

    Attributes
    ----------
    parameter : str
    target : str
        The target's name (or its profile written out).
    profile : tuple of str
        The target's strategy per player.
    domain : tuple
        The parameter's declared range (``None`` for unbounded).
    intervals : tuple of Interval
        The equilibrium set within the domain (empty: never an equilibrium).
    binding : tuple of Binding
        For each inner end point, the deviation(s) that bind there.
    conditions : tuple of Condition
        Every deviation condition, with its rational function when exact.
    current : number or None
        The parameter's value in the loaded game, and ``holds_now`` whether the target is an
        equilibrium there.
    exact : bool
        True when every condition was recovered exactly (end points exact or isolated).
    method : str
        ``"interpolation"`` or ``"bisection"`` (see the module docstring).
    constant : bool
        True when the parameter does not affect any condition.
    question : str
        ``"stage"``: the values for which the target is a Nash equilibrium of the stage game;
        ``"subgame-perfect"``: the values for which a pure profile of a game tree is subgame
        perfect (then ``players`` are the information sets, ``profile`` the action at each,
        ``conditions`` those of :mod:`treaty.extensive._threshold`);
        ``"repeated"``: the values for which it is sustained in the repeated game (then
        ``conditions`` are condition (*) of :mod:`treaty.mechanics.repeated` per deviation,
        and ``scheme`` says how the game is repeated).
    repeated : Threshold or None
        On a stage answer, the repeated-game answer when the spec repeats the game and the
        target is among its repeated targets.
    """

    parameter: str
    target: str
    profile: tuple[str, ...]
    players: tuple[str, ...]
    domain: tuple[Fraction | None, Fraction | None]
    intervals: tuple[Interval, ...]
    binding: tuple[Binding, ...]
    conditions: tuple[Condition, ...]
    current: Any = None
    holds_now: bool | None = None
    exact: bool = True
    method: str = "interpolation"
    constant: bool = field(default=False)
    question: str = "stage"
    scheme: str | None = None
    repeated: Threshold | None = None

    def contains(self, x: Fraction | float) -> bool:
        """Whether *x* lies in the reported equilibrium set."""
        return any(iv.contains(x) for iv in self.intervals)

    @property
    def whole_domain(self) -> bool:
        """True when the target is an equilibrium over the parameter's whole range."""
        if len(self.intervals) != 1:
            return False
        iv = self.intervals[0]
        lo, hi = self.domain

        def same(ep: Endpoint | None, bound: Any) -> bool:
            if ep is None or bound is None:
                return ep is None and bound is None
            return ep.exact and ep.closed and ep.value == bound

        return same(iv.lower, lo) and same(iv.upper, hi)

    @property
    def set_text(self) -> str:
        if not self.intervals:
            return "no value"
        return " or ".join(iv.text() for iv in self.intervals)

    @property
    def affected(self) -> bool:
        """Whether the parameter moves this answer or the repeated one (not ``constant``)."""
        return not self.constant or (self.repeated is not None and not self.repeated.constant)

    def describe(self) -> str:
        """One sentence a reader understands without the source (two when the spec repeats the
        game: the repeated game's answer first, then the stage game's)."""
        if self.repeated is None:
            return self._sentence()
        return (f"Repeated game ({self.repeated.scheme}): {self.repeated._sentence()}. "
                f"Stage game alone: {self._sentence()}")

    def _sentence(self) -> str:
        prof = ", ".join(self.profile)
        if self.question == "repeated":
            yes, no = "is sustained", "is not sustained"
        elif self.question == "subgame-perfect":
            yes, no = "is subgame perfect", "is not subgame perfect"
        else:
            yes, no = "is a Nash equilibrium", "is not a Nash equilibrium"
        if not self.intervals:
            head = f"{prof} {no} for any {self.parameter} in {_domain_text(self.domain)}"
        elif self.constant:
            head = (f"{prof} {yes} whatever {self.parameter} is "
                    f"({self.parameter} does not affect it)")
        elif self.whole_domain:
            head = (f"{prof} {yes} for every {self.parameter} in its range "
                    f"{_domain_text(self.domain)}")
        else:
            head = f"{prof} {yes} for {self.parameter} in {self.set_text}"
        if self.binding:
            head += "; " + "; ".join(b.text(self.parameter) for b in self.binding)
        elif not self.intervals and self.conditions:
            always = [c.label() for c in self.conditions if c.numerator is not None
                      and _always_negative(c)]
            if always:
                verb = "always pays" if len(always) == 1 else "always pay"
                head += f" ({' and '.join(always)} {verb})"
        if not self.exact:
            head += " (end points approximate: bisection)"
        return head

    def to_dict(self) -> dict[str, Any]:
        return {
            "parameter": self.parameter,
            "target": self.target,
            "profile": dict(zip(self.players, self.profile, strict=True)),
            "domain": [None if d is None else format_number(d) for d in self.domain],
            "set": [iv.to_dict() for iv in self.intervals],
            "set_text": self.set_text,
            "binding": [b.to_dict() for b in self.binding],
            "conditions": [c.to_dict() for c in self.conditions],
            "current": None if self.current is None else number_to_json(self.current),
            "holds_now": self.holds_now,
            "exact": self.exact,
            "method": self.method,
            "whole_range": self.whole_domain,
            "question": self.question,
            "scheme": self.scheme,
            "repeated": None if self.repeated is None else self.repeated.to_dict(),
            "description": self.describe(),
        }


def _always_negative(c: Condition) -> bool:
    num = list(c.numerator or ())
    den = list(c.denominator or (Fraction(1),))
    return len(num) == 1 and len(den) == 1 and num[0] / den[0] < 0


def _domain_text(domain: tuple[Any, Any]) -> str:
    lo, hi = domain
    return (f"[{format_number(lo)}" if lo is not None else "(-inf") + ", " + \
        (f"{format_number(hi)}]" if hi is not None else "inf)")


def _poly_text(p: Poly, var: str) -> str:
    if not p:
        return "0"
    terms = []
    for k in range(len(p) - 1, -1, -1):
        c = p[k]
        if c == 0:
            continue
        mag = abs(c)
        coef = "" if (mag == 1 and k > 0) else format_number(mag)
        mono = "" if k == 0 else (var if k == 1 else f"{var}^{k}")
        body = f"{coef}*{mono}" if coef and mono else (coef or mono)
        sign = "-" if c < 0 else "+"
        terms.append((sign, body))
    first_sign, first = terms[0]
    out = ("-" if first_sign == "-" else "") + first
    for sign, body in terms[1:]:
        out += f" {sign} {body}"
    return out
