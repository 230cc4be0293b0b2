"""The ``negotiation`` section of a normal-form spec: which terms are negotiable, and how.

Read once with the spec (:func:`read_negotiation`): its keys, the target, the negotiable
terms (parameters with their ranges), the disagreement point's rule (a file named by
``game:`` must exist, and its players must include this game's), the players named by
``powers``, ``discount``, ``outside_options`` and ``values``, and the syntax and names of
every value.  :meth:`NegotiationSpec.settings` evaluates the values at a parameter point
into a :class:`NegotiationSettings`, which the game carries as its ``negotiation`` field, and
checks the value rules there (a range with lo < hi inside the parameter's declared bounds,
bargaining powers > 0, discount factors in (0, 1)), each located at its expression.

The fields follow the bargaining literature: the disagreement point and asymmetric powers of
the generalised Nash solution (Nash 1950, "The bargaining problem", Econometrica 18; Kalai
1977, Econometrica 45), the discount factors of alternating offers (Rubinstein 1982,
Econometrica 50) and outside options (Binmore, Shaked and Sutton 1989, QJE 104).

Examples
--------
>>> from treaty.spec import read_spec_text
>>> spec = read_spec_text('''
... parameters: {S: {value: 6, min: 0}, p: {value: 1/4, min: 0, max: 1}}
... players: {A: [pact, race], B: [pact, race]}
... payoffs: {A: [[4, 0], [5 - S, 1]], B: [[4, 5 - S], [0, 1]]}
... targets: {pact: [pact, pact]}
... negotiation:
...   target: pact
...   terms: {S: [0, 20], p: {max: 1/2}}
...   disagreement: {values: {A: 1, B: 1}}
...   discount: {A: 9/10, B: 85/100}
... ''', file="demo.yaml")
>>> n = spec.instantiate().negotiation
>>> n.terms
{'S': (Fraction(0, 1), Fraction(20, 1)), 'p': (Fraction(0, 1), Fraction(1, 2))}
>>> n.discount
{'A': Fraction(9, 10), 'B': Fraction(17, 20)}
"""

from __future__ import annotations

import contextvars
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from .._exact.numbers import format_number, number_to_json
from ..errors import did_you_mean
from ._limits import MAX_NEGOTIATION_TERMS
from ._nodes import Node
from ._params import ParameterSet
from .parametric import Value

__all__ = ["NegotiationSpec", "NegotiationSettings", "read_negotiation", "NEGOTIATION_KEYS",
           "TERM_KEYS", "DISAGREEMENT_KEYS", "SOLUTIONS", "SELECTION_RULES"]

NEGOTIATION_KEYS = ("target", "terms", "disagreement", "powers", "discount", "outside_options",
                    "solution", "self_enforcing", "doc")
#: the keys of a term's range written as a mapping, ``p: {min: 0, max: 1}``
TERM_KEYS = ("min", "max")
#: the keys of a disagreement rule written as a mapping
DISAGREEMENT_KEYS = ("nash", "game", "select", "values")
#: the bargaining solutions (treaty.negotiation's ``SOLUTIONS``; a test keeps them equal)
SOLUTIONS = ("nash", "ks", "egalitarian", "utilitarian", "rubinstein")
#: the equilibrium selection rules (treaty.negotiation's ``SELECTION_RULES``; tested equal)
SELECTION_RULES = ("payoff-dominant", "risk-dominant", "welfare", "egalitarian", "worst", "first")
_RULE_NAMES = ("minmax", "nash")
_SPEC_SUFFIXES = (".yaml", ".yml", ".json", ".nfg")

#: set while a disagreement game is read to check its players: its own ``game:`` is then only
#: checked to exist (no chain of files is followed, and a cycle of files cannot loop)
_NESTED: contextvars.ContextVar[bool] = contextvars.ContextVar("treaty_negotiation_nested",
                                                               default=False)


@dataclass(frozen=True)
class NegotiationSettings:
    """The ``negotiation`` section at one parameter point (every value a number).

    Attributes
    ----------
    target : str or None
        The target (a name under the spec's ``targets``) the parties negotiate over.
    terms : dict of str to (lo, hi)
        The negotiable parameters and their ranges (exact when written exactly).
    disagreement : str, dict or None
        ``"minmax"``, ``"nash"``, ``{"nash": rule}``, ``{"game": path, "select": rule}`` (the
        path resolved: absolute) or ``{"values": {player: number}}``; None: not given.
    powers, discount, outside_options : dict of player to number, or None
        Bargaining powers (> 0), discount factors (in (0, 1)) and outside options; a value
        written once applies to every player.  ``outside_options`` may name only some players.
    solution : str
        One of :data:`SOLUTIONS` (default ``"nash"``).
    self_enforcing : bool
        Whether agreements must be self-enforcing (correlated equilibria).
    doc : str
    """

    target: str | None = None
    terms: Mapping[str, tuple[Any, Any]] = field(default_factory=dict)
    disagreement: str | Mapping[str, Any] | None = None
    powers: Mapping[str, Any] | None = None
    discount: Mapping[str, Any] | None = None
    outside_options: Mapping[str, Any] | None = None
    solution: str = "nash"
    self_enforcing: bool = False
    doc: str = ""

    def disagreement_arguments(self) -> dict[str, Any]:
        """Keyword arguments for ``treaty.negotiation.disagreement_point(game, **kw)``.

        ``{}`` when no disagreement is given (the function's default then applies).

        >>> NegotiationSettings(disagreement={"game": "/g.yaml", "select": "first"}
        ...                     ).disagreement_arguments()
        {'rule': 'game', 'other': '/g.yaml', 'select': 'first'}
        """
        d = self.disagreement
        if d is None:
            return {}
        if isinstance(d, str):
            return {"rule": d}
        if "nash" in d:
            return {"rule": "nash", "select": d["nash"]}
        if "game" in d:
            return {"rule": "game", "other": d["game"], "select": d["select"]}
        return {"rule": "values", "values": dict(d["values"])}

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form (exact numbers as strings)."""
        def per(m: Mapping[str, Any] | None) -> dict[str, Any] | None:
            return None if m is None else {k: number_to_json(v) for k, v in m.items()}

        d = self.disagreement
        if isinstance(d, Mapping) and "values" in d:
            d = {"values": per(d["values"])}
        elif isinstance(d, Mapping):
            d = dict(d)
            if "game" in d:  # the resolved path, shown relative to the working directory
                d["game"] = _shown_path(d["game"])
        return {"target": self.target,
                "terms": {k: [number_to_json(lo), number_to_json(hi)]
                          for k, (lo, hi) in self.terms.items()},
                "disagreement": d, "powers": per(self.powers), "discount": per(self.discount),
                "outside_options": per(self.outside_options), "solution": self.solution,
                "self_enforcing": self.self_enforcing, "doc": self.doc}

    def describe(self) -> str:
        """One sentence: what is negotiated, over which target, and how."""
        terms = ", ".join(f"{k} in [{format_number(lo)}, {format_number(hi)}]"
                          for k, (lo, hi) in self.terms.items()) or "no terms"
        target = f" of target {self.target!r}" if self.target else ""
        d = self.disagreement
        if isinstance(d, Mapping) and "game" in d:
            dis = f"the {d['select']} equilibrium of {os.path.basename(d['game'])}"
        elif isinstance(d, Mapping) and "nash" in d:
            dis = f"the {d['nash']} Nash equilibrium"
        elif isinstance(d, Mapping):
            dis = "given values"
        else:
            dis = {"minmax": "the minmax values", "nash": "a Nash equilibrium",
                   None: "the default"}[d]
        return (f"Negotiation{target} over {terms}; {self.solution} solution, disagreement "
                f"at {dis}.")


PerPlayer = dict[str, Value]


@dataclass(frozen=True)
class NegotiationSpec:
    """A read ``negotiation`` section: names checked, values compiled."""

    node: Node
    players: tuple[str, ...]
    target: str | None
    #: parameter -> (lo, hi): a compiled Value, or None for the parameter's declared bound
    terms: Mapping[str, tuple[Value | None, Value | None]]
    declared: Mapping[str, tuple[Fraction | None, Fraction | None]]
    term_nodes: Mapping[str, Node]
    disagreement: str | dict[str, Any] | None  # values as Value, game as the resolved path
    powers: PerPlayer | None
    discount: PerPlayer | None
    outside_options: PerPlayer | None
    solution: str = "nash"
    self_enforcing: bool = False
    doc: str = ""

    def settings(self, env: Mapping[str, Any]) -> NegotiationSettings:
        """The settings at the parameter values *env* (value rules checked, located)."""
        terms: dict[str, tuple[Any, Any]] = {}
        for name, (lo_v, hi_v) in self.terms.items():
            dlo, dhi = self.declared[name]
            lo = dlo if lo_v is None else lo_v(env)
            hi = dhi if hi_v is None else hi_v(env)
            _check_range(name, lo, hi, lo_v, hi_v, dlo, dhi, self.term_nodes[name])
            terms[name] = (lo, hi)
        d: Any = self.disagreement
        if isinstance(d, dict) and "values" in d:
            d = {"values": {p: v(env) for p, v in d["values"].items()}}
        elif isinstance(d, dict):
            d = dict(d)
        return NegotiationSettings(
            target=self.target, terms=terms, disagreement=d,
            powers=_evaluate(self.powers, env, _check_power),
            discount=_evaluate(self.discount, env, _check_discount),
            outside_options=_evaluate(self.outside_options, env, None),
            solution=self.solution, self_enforcing=self.self_enforcing, doc=self.doc)

    def values(self) -> list[Value]:
        """Every compiled value of the section (for lint)."""
        out: list[Value] = [v for pair in self.terms.values() for v in pair if v is not None]
        for m in (self.powers, self.discount, self.outside_options):
            out.extend((m or {}).values())
        if isinstance(self.disagreement, dict) and "values" in self.disagreement:
            out.extend(self.disagreement["values"].values())
        return out


# -- value rules (checked at read time for constants, at every instantiation for all) --------
def _check_power(v: Any, value: Value) -> None:
    if not v > 0:
        raise value.node.error(f"{value.what} must be positive, got {format_number(v)}",
                               "a bargaining power is a positive weight (equal powers: 1)")


def _check_discount(v: Any, value: Value) -> None:
    if not 0 < v < 1:
        raise value.node.error(f"{value.what} must lie in (0, 1), got {format_number(v)}",
                               "a discount factor is the weight of the next round of offers")


def _check_range(name: str, lo: Any, hi: Any, lo_v: Value | None, hi_v: Value | None,
                 dlo: Fraction | None, dhi: Fraction | None, node: Node) -> None:
    lo_node = lo_v.node if lo_v is not None else node
    hi_node = hi_v.node if hi_v is not None else node
    if dlo is not None and lo < dlo:
        raise lo_node.error(f"the range of {name} starts at {format_number(lo)}, below its "
                            f"declared min {format_number(dlo)}",
                            "a negotiable range lies within the parameter's declared bounds")
    if dhi is not None and hi > dhi:
        raise hi_node.error(f"the range of {name} ends at {format_number(hi)}, above its "
                            f"declared max {format_number(dhi)}",
                            "a negotiable range lies within the parameter's declared bounds")
    if not lo < hi:
        raise hi_node.error(f"the range of {name} is empty: [{format_number(lo)}, "
                            f"{format_number(hi)}]", "give a range lo < hi, e.g. [0, 20]")


def _evaluate(values: PerPlayer | None, env: Mapping[str, Any], check: Any) -> dict[str, Any] | None:
    if values is None:
        return None
    out = {}
    for p, v in values.items():
        out[p] = v(env)
        if check is not None:
            check(out[p], v)
    return out


# -- reading ---------------------------------------------------------------------------------
def _per_player(node: Node, what: str, names: set[str], players: Sequence[str], *,
                complete: bool, check: Any = None) -> PerPlayer:
    """One value for every player, or a mapping from player to value (all players when
    *complete*); constants are checked by *check* at once."""
    if node.kind == "map":
        out: PerPlayer = {}
        for p, sub in node.value.items():
            if p not in players:
                raise node.key_loc(p).error(f"unknown player {p!r} in {what}",
                                            did_you_mean(p, players))
            out[p] = Value.read(sub, f"{what} of {p}", names)
        missing = [p for p in players if p not in out]
        if complete and missing:
            raise node.error(f"{what} gives no value for {', '.join(missing)}",
                             f"give one for every player ({', '.join(players)}), or one value "
                             "for all")
    else:
        v = Value.read(node, what, names)
        out = {p: v for p in players}
    if check is not None:
        for v in out.values():
            if v.constant is not None:
                check(v.constant, v)
    return out


def _read_terms(node: Node, parameters: ParameterSet, names: set[str]
                ) -> tuple[dict[str, tuple[Value | None, Value | None]],
                           dict[str, tuple[Fraction | None, Fraction | None]], dict[str, Node]]:
    declared_names = parameters.names
    terms: dict[str, tuple[Value | None, Value | None]] = {}
    declared: dict[str, tuple[Fraction | None, Fraction | None]] = {}
    nodes: dict[str, Node] = {}
    if node.kind == "seq":
        entries: list[tuple[str, Node, Node | None]] = []
        for item in node.value:
            entries.append((item.expect_name("a negotiable parameter in 'terms'"), item, None))
    elif node.kind == "map":
        entries = [(k, Node("scalar", k, node.key_loc(k)), sub) for k, sub in node.value.items()]
    else:
        name = node.expect_name("'terms'")
        entries = [(name, node, None)]
    if not entries:
        raise node.error("'terms' names no parameter",
                         "list the negotiable parameters, e.g. 'terms: {S: [0, 20]}'")
    if len(entries) > MAX_NEGOTIATION_TERMS:
        raise node.error(f"{len(entries)} negotiable terms, more than the limit "
                         f"{MAX_NEGOTIATION_TERMS} (MAX_NEGOTIATION_TERMS)",
                         "negotiate over fewer parameters at a time")
    for name, at, rng in entries:
        if name not in declared_names:
            raise at.error(f"unknown parameter {name!r} in 'terms'",
                           did_you_mean(name, declared_names)
                           or "declare it under 'parameters'")
        if name in terms:
            raise at.error(f"parameter {name!r} is listed twice in 'terms'")
        p = parameters[name]
        lo_v = hi_v = None
        what = f"the range of {name}"
        if rng is not None and rng.kind == "seq":
            if len(rng.value) != 2:
                raise rng.error(f"{what} must be [lo, hi], got {len(rng.value)} entries",
                                f"e.g. '{name}: [0, 20]'")
            lo_v = Value.read(rng.value[0], f"the lower end of {what}", names)
            hi_v = Value.read(rng.value[1], f"the upper end of {what}", names)
        elif rng is not None and rng.kind == "map":
            f = rng.check_keys(f"{what}", TERM_KEYS)
            lo_v = Value.read(f["min"], f"the lower end of {what}", names) if "min" in f else None
            hi_v = Value.read(f["max"], f"the upper end of {what}", names) if "max" in f else None
        elif rng is not None and not (rng.kind == "scalar" and rng.value is None):
            raise rng.error(f"{what} must be [lo, hi] or {{min, max}}, got {rng.describe()}",
                            f"e.g. '{name}: [0, 20]'")
        for v in (lo_v, hi_v):
            if v is not None and v.expr is not None and name in v.expr.names:
                raise v.node.error(f"{what} may not depend on {name} itself",
                                   "write the range with numbers or other parameters")
        for end, v, bound in (("min", lo_v, p.minimum), ("max", hi_v, p.maximum)):
            if v is None and bound is None:
                raise (rng if rng is not None else at).error(
                    f"the negotiable parameter {name!r} has no declared {end} and 'terms' gives "
                    "no range for it",
                    f"write the range, e.g. '{name}: [0, 20]' under 'terms', or add {end} to "
                    f"the declaration of {name}")
        terms[name] = (lo_v, hi_v)
        declared[name] = (p.minimum, p.maximum)
        nodes[name] = rng if rng is not None else at
        if (lo_v is None or lo_v.constant is not None) and (hi_v is None or hi_v.constant is not None):
            lo = p.minimum if lo_v is None else lo_v.constant
            hi = p.maximum if hi_v is None else hi_v.constant
            _check_range(name, lo, hi, lo_v, hi_v, p.minimum, p.maximum, nodes[name])
    return terms, declared, nodes


def _rule(node: Node, what: str) -> str:
    text = node.expect_name(what)
    if text not in SELECTION_RULES:
        raise node.error(f"unknown selection rule {text!r}", did_you_mean(text, SELECTION_RULES))
    return text


def _read_game_path(node: Node, file: str, players: Sequence[str]) -> str:
    """The resolved path of a disagreement game, checked to exist and to have *players*."""
    written = node.expect_name("the disagreement 'game'")
    base = os.path.dirname(file) if file and not file.startswith("<") else ""
    path = os.path.abspath(os.path.join(base, os.path.expanduser(written)))
    if not os.path.isfile(path):
        raise node.error(f"the disagreement game {written!r} does not exist ({path})",
                         "the path is relative to this spec file's folder")
    if not path.lower().endswith(_SPEC_SUFFIXES):
        raise node.error(f"the disagreement game {written!r} is not a spec file",
                         f"a spec ends in {', '.join(_SPEC_SUFFIXES)}")
    if _NESTED.get():
        return path
    from .loader import read_spec
    from .normal import NormalFormSpec

    token = _NESTED.set(True)
    try:
        other = read_spec(path)
    finally:
        _NESTED.reset(token)
    if other.kind != "normal-form":
        raise node.error(f"the disagreement game {written!r} is a {other.kind} spec",
                         "the disagreement point is an equilibrium of a normal-form game")
    theirs: Sequence[str]
    if isinstance(other, NormalFormSpec):
        theirs = other.players
        if other.verification is not None:
            theirs = other.verification.labels(list(other.players),
                                               [list(s) for s in other.strategies])[0]
    else:
        theirs = other.instantiate().players
    missing = [p for p in players if p not in theirs]
    if missing:
        raise node.error(f"the disagreement game {written!r} has no player "
                         f"{', '.join(missing)} (its players: {', '.join(theirs)})",
                         "players are matched by name")
    return path


def _read_disagreement(node: Node, file: str, players: Sequence[str], names: set[str]
                       ) -> str | dict[str, Any]:
    if node.kind != "map":
        text = node.expect_name("'disagreement'")
        if text not in _RULE_NAMES:
            raise node.error(f"unknown disagreement rule {text!r}",
                             did_you_mean(text, _RULE_NAMES)
                             or "minmax, nash, {nash: rule}, {game: file, select: rule} or "
                                "{values: {player: value}}")
        return text
    f = node.check_keys("the 'disagreement' rule", DISAGREEMENT_KEYS)
    given = [k for k in ("nash", "game", "values") if k in f]
    if len(given) != 1:
        raise node.error("'disagreement' needs exactly one of 'nash', 'game' or 'values'"
                         + (f", got {', '.join(given)}" if given else ""),
                         "e.g. {game: export_controls.yaml, select: payoff-dominant}")
    if "select" in f and "game" not in f:
        raise node.key_loc("select").error(
            "'select' goes with 'game'", "for this game's own equilibria write {nash: rule}")
    if "nash" in f:
        return {"nash": _rule(f["nash"], "the selection rule of 'nash'")}
    if "game" in f:
        select = _rule(f["select"], "'select'") if "select" in f else "payoff-dominant"
        return {"game": _read_game_path(f["game"], file, players), "select": select}
    return {"values": _per_player(f["values"], "the disagreement 'values'", names, players,
                                  complete=True)}


def read_negotiation(node: Node, players: Sequence[str], targets: Sequence[str],
                     parameters: ParameterSet, file: str) -> NegotiationSpec:
    """Read a ``negotiation`` section against the (extended) game's players, the spec's target
    names and its parameters.

    Every mistake is a :class:`~treaty.errors.SpecError` at the offending key or value.
    """
    f = node.check_keys("the 'negotiation' section", NEGOTIATION_KEYS)
    players = list(players)
    names = set(parameters.names)
    target = None
    if "target" in f:
        target = f["target"].expect_name("'target'")
        if target not in targets:
            raise f["target"].error(f"unknown target {target!r}",
                                    did_you_mean(target, targets)
                                    or "declare it under the top-level 'targets'")
    terms: dict[str, tuple[Value | None, Value | None]] = {}
    declared: dict[str, tuple[Fraction | None, Fraction | None]] = {}
    term_nodes: dict[str, Node] = {}
    if "terms" in f:
        terms, declared, term_nodes = _read_terms(f["terms"], parameters, names)
    disagreement = _read_disagreement(f["disagreement"], file, players, names) \
        if "disagreement" in f else None
    powers = _per_player(f["powers"], "'powers'", names, players, complete=True,
                         check=_check_power) if "powers" in f else None
    discount = _per_player(f["discount"], "'discount'", names, players, complete=True,
                           check=_check_discount) if "discount" in f else None
    outside = _per_player(f["outside_options"], "'outside_options'", names, players,
                          complete=False) if "outside_options" in f else None
    solution = "nash"
    if "solution" in f:
        solution = f["solution"].expect_name("'solution'")
        if solution not in SOLUTIONS:
            raise f["solution"].error(f"unknown solution {solution!r}",
                                      did_you_mean(solution, SOLUTIONS))
    self_enforcing = f["self_enforcing"].expect_bool("'self_enforcing'") \
        if "self_enforcing" in f else False
    doc = f["doc"].expect_str("'doc'").strip() if "doc" in f else ""
    return NegotiationSpec(node, tuple(players), target, terms, declared, term_nodes,
                           disagreement, powers, discount, outside, solution, self_enforcing, doc)


def _shown_path(path: str) -> str:
    """*path* relative to the working directory when it lies below it, else as it is."""
    try:
        rel = os.path.relpath(path)
    except ValueError:  # another drive (Windows)
        return path
    return path if rel.startswith("..") else rel
