"""Spec documents as trees of located nodes.

A YAML or JSON spec is composed with PyYAML (JSON is read by the same composer, which
accepts it), then turned into :class:`Node` objects that remember the file, line and
column of every mapping key and value.  Scalars are resolved here with treaty's own
rules, not YAML's: integers, decimals and ``a/b`` fractions become exact
:class:`~fractions.Fraction`; ``true``/``false`` become booleans; ``null``/``~``/empty
becomes ``None``; anything else (and every quoted scalar) stays a string, which the
schema may then read as an expression.
"""

from __future__ import annotations

import gc
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from ..errors import SpecError, did_you_mean
from ._limits import (
    MAX_DEPTH,
    MAX_MAPPING_KEYS,
    MAX_NODES,
    MAX_NUMBER_DIGITS,
    MAX_SCALAR_CHARS,
    MAX_SPEC_BYTES,
)

__all__ = ["Loc", "Node", "parse_document", "parse_number"]

_NUMBER = re.compile(
    r"""^(?P<sign>[+-]?)(?:
        (?P<int>\d+(?:_\d+)*)(?:\.(?P<frac>\d*))?(?:[eE](?P<exp>[+-]?\d+))?   # 3, 3.5, 3., 1e-3
      | \.(?P<frac2>\d+)(?:[eE](?P<exp2>[+-]?\d+))?                          # .5
      | (?P<num>\d+)\s*/\s*(?P<den>\d+)                                       # 2/3
    )$""",
    re.X,
)


_POW10 = [10**k for k in range(40)]
_FLOAT_MAX = Fraction(sys.float_info.max)


def _shown(text: str, limit: int = 40) -> str:
    """*text* for an error message, cut short with its length when it is long."""
    if len(text) <= limit:
        return repr(text)
    return f"{text[:limit // 2]!r}...({len(text):,} characters)"


def parse_number(text: str, loc: Loc | None = None) -> Fraction | None:
    """Parse an exact number written as an integer, a decimal or ``a/b``; None if it is not one.

    A number with more than :data:`~treaty.spec._limits.MAX_NUMBER_DIGITS` digits, or an
    exponent larger than that in absolute value (``1e999999999`` would make
    :class:`~fractions.Fraction` compute ``10**999999999``), is a :class:`SpecError` at *loc*:
    it is checked on the text, before any integer is built.

    >>> parse_number("0.1"), parse_number("-2/6"), parse_number("1e-3"), parse_number("x")
    (Fraction(1, 10), Fraction(-1, 3), Fraction(1, 1000), None)
    >>> parse_number("1e999999999")
    Traceback (most recent call last):
    ...
    treaty.errors.SpecError: <number>: the number '1e999999999' has the exponent 999999999, \
beyond the limit of 1,000 (MAX_NUMBER_DIGITS) (write it with a smaller exponent, or as an expression)
    """
    t = text.strip()
    m = _NUMBER.match(t) if t else None
    if m is None:
        return None
    sign, whole, frac, exp, frac2, exp2, num, den = m.groups()
    if whole is None and num is None:
        whole, frac, exp = "", frac2, exp2
    digits = len(num) + len(den) if num is not None else len(whole) + len(frac or "")
    if digits > MAX_NUMBER_DIGITS:
        raise (loc or Loc("<number>")).error(
            f"the number {_shown(t)} has {digits:,} digits, more than the limit of "
            f"{MAX_NUMBER_DIGITS:,} (MAX_NUMBER_DIGITS)",
            "round it, or write it as a fraction of smaller numbers")
    if num is not None:
        den_v = int(den)
        if den_v == 0:
            return None
        value = Fraction(-int(num) if sign == "-" else int(num), den_v)
        if len(num) - len(den) >= 308 and abs(value) > _FLOAT_MAX:
            raise _beyond_floats(t, loc)
        return value
    e = 0
    if exp is not None:
        e = int(exp) if len(exp) <= 12 else MAX_NUMBER_DIGITS + 1
        if abs(e) > MAX_NUMBER_DIGITS:
            shown = f"the exponent {exp.lstrip('+')}" if len(exp) <= 12 else \
                f"an exponent of {len(exp):,} digits"
            raise (loc or Loc("<number>")).error(
                f"the number {_shown(t)} has {shown}, beyond the limit of {MAX_NUMBER_DIGITS:,} "
                "(MAX_NUMBER_DIGITS)", "write it with a smaller exponent, or as an expression")
    if frac:
        n = int(whole.replace("_", "") + frac if "_" in whole else whole + frac)
        e -= len(frac)
    else:
        n = int(whole.replace("_", "")) if whole else 0
    if sign == "-":
        n = -n
    if e >= 0:
        value = Fraction(n * _POW10[e] if e < len(_POW10) else n * 10**e)
    else:
        value = Fraction(n, _POW10[-e] if -e < len(_POW10) else 10**-e)
    if digits + e > 308 and abs(value) > _FLOAT_MAX:
        raise _beyond_floats(t, loc)
    return value


def _beyond_floats(text: str, loc: Loc | None) -> SpecError:
    return (loc or Loc("<number>")).error(
        f"the number {_shown(text)} is beyond the float range (about {sys.float_info.max:.1e})",
        "payoffs and parameters must also have a float value; rescale the units")


@dataclass(frozen=True)
class Loc:
    """Where something stands in a spec file (1-based line and column)."""

    file: str
    line: int | None = None
    column: int | None = None

    def error(self, message: str, hint: str | None = None) -> SpecError:
        return SpecError(message, file=self.file, line=self.line, column=self.column, hint=hint)

    def shifted(self, columns: int) -> Loc:
        """The location *columns* characters further along the same line."""
        if self.column is None:
            return self
        return Loc(self.file, self.line, self.column + columns)


@dataclass
class Node:
    """One value of a spec document with its location.

    ``kind`` is ``"map"`` (value: dict of str to Node, keys' locations in ``key_locs``),
    ``"seq"`` (value: list of Node) or ``"scalar"`` (value: Fraction, bool, None or str).
    """

    kind: str
    value: Any
    loc: Loc
    key_locs: dict[str, Loc] = field(default_factory=dict)
    quoted: bool = False
    raw: str = ""

    # -- errors -------------------------------------------------------------------------
    def error(self, message: str, hint: str | None = None) -> SpecError:
        return self.loc.error(message, hint)

    # -- type checks --------------------------------------------------------------------
    def describe(self) -> str:
        if self.kind == "map":
            return "a mapping"
        if self.kind == "seq":
            return "a list"
        if self.value is None:
            return "nothing"
        if isinstance(self.value, bool):
            return "a boolean"
        if isinstance(self.value, Fraction):
            return f"the number {self.raw or self.value}"
        return f"the text {self.value!r}"

    def expect_map(self, what: str) -> dict[str, Node]:
        if self.kind != "map":
            raise self.error(f"{what} must be a mapping of names to values, got {self.describe()}")
        return self.value

    def expect_seq(self, what: str) -> list[Node]:
        if self.kind != "seq":
            raise self.error(f"{what} must be a list, got {self.describe()}")
        return self.value

    def expect_str(self, what: str) -> str:
        if self.kind != "scalar" or self.value is None or isinstance(self.value, bool):
            raise self.error(f"{what} must be text, got {self.describe()}")
        if isinstance(self.value, Fraction):
            return self.raw
        return self.value

    def expect_name(self, what: str) -> str:
        """A non-empty label (numbers are accepted as labels, e.g. strategy ``1``)."""
        text = self.expect_str(what).strip()
        if not text:
            raise self.error(f"{what} must not be empty")
        return text

    def expect_int(self, what: str, minimum: int | None = None) -> int:
        v = self.value
        if self.kind != "scalar" or not isinstance(v, Fraction) or v.denominator != 1:
            raise self.error(f"{what} must be a whole number, got {self.describe()}")
        if minimum is not None and v < minimum:
            raise self.error(f"{what} must be at least {minimum}, got {v}")
        return int(v)

    def expect_bool(self, what: str) -> bool:
        if self.kind != "scalar" or not isinstance(self.value, bool):
            raise self.error(f"{what} must be true or false, got {self.describe()}")
        return self.value

    def text_list(self, what: str) -> list[str]:
        """A string, or a list of strings (as for ``source`` and ``assumptions``)."""
        if self.kind == "seq":
            return [item.expect_str(f"each entry of {what}") for item in self.value]
        return [self.expect_str(what)]

    def names_from(self, what: str, noun: str, choices: Iterable[str], *,
                   hint: str | None = None, unique: bool = False) -> list[str]:
        """One name or a list of names, each one of *choices*.

        An unknown name is an error at that name (``unknown {noun} 'x'`` with a "did you mean"
        hint, else *hint*); with *unique*, a name given twice is an error too.
        """
        choices = list(choices)
        items = [self] if self.kind == "scalar" else self.expect_seq(what)
        names: list[str] = []
        for item in items:
            name = item.expect_name(f"a {noun} in {what}")
            if name not in choices:
                raise item.error(f"unknown {noun} {name!r}", did_you_mean(name, choices) or hint)
            if unique and name in names:
                raise item.error(f"{noun} {name!r} is listed twice")
            names.append(name)
        return names

    # -- mappings -----------------------------------------------------------------------
    def check_keys(
        self, what: str, allowed: Iterable[str], required: Iterable[str] = ()
    ) -> dict[str, Node]:
        """Validate a mapping's keys: unknown keys and missing required keys are errors."""
        mapping = self.expect_map(what)
        allowed = list(allowed)
        for key in mapping:
            if key not in allowed:
                raise self.key_locs[key].error(
                    f"unknown key {key!r} in {what}", did_you_mean(key, allowed)
                )
        for key in required:
            if key not in mapping:
                raise self.error(f"{what} is missing the required key {key!r}")
        return mapping

    def key_loc(self, key: str) -> Loc:
        return self.key_locs.get(key, self.loc)

    def __iter__(self) -> Iterator[Node]:  # pragma: no cover - convenience
        if self.kind == "seq":
            return iter(self.value)
        raise TypeError("only list nodes iterate")


_STRUCTURE_HINT = "a spec is a small document; see docs/spec-format.md"


def _yaml_loader() -> Any:
    """libyaml's C parser when PyYAML was built with it (about 15 times faster), else PyYAML's own."""
    import yaml

    return yaml.CSafeLoader if getattr(yaml, "__with_libyaml__", False) else yaml.SafeLoader


_QUOTED = frozenset(("'", '"', "|", ">"))
_WORDS: dict[str, bool | None] = {"": None, "~": None, "null": None, "true": True, "false": False}


def _scalar_node(value: str, style: str | None, loc: Loc) -> Node:
    """A scalar with treaty's resolution rules (see the module docstring)."""
    if style in _QUOTED:
        if style == "'" or style == '"':
            loc = Loc(loc.file, loc.line, (loc.column or 0) + 1)  # point at the text, not at the quote
        return Node("scalar", value, loc, quoted=True, raw=value)
    if len(value) <= 7:
        low = value.strip().lower()
        if low in _WORDS:
            return Node("scalar", _WORDS[low], loc, raw=value)
    num = parse_number(value, loc)
    if num is not None:
        return Node("scalar", num, loc, raw=value.strip())
    return Node("scalar", value, loc, raw=value)


class _Open:
    """A mapping or list being read: its node, where its count of nodes started, its anchor and
    (for a mapping) the key waiting for its value."""

    __slots__ = ("node", "start", "anchor", "key", "key_loc")

    def __init__(self, node: Node, start: int, anchor: str | None) -> None:
        self.node = node
        self.start = start
        self.anchor = anchor
        self.key: str | None = None
        self.key_loc: Loc | None = None


def _build(loader: Any, text: str, file: str) -> Node:
    """Build the Node tree from *loader*'s event stream, with every limit checked on the way.

    PyYAML's composer is recursive (a file of 100,000 ``[`` exhausts Python's stack) and
    expands nothing itself, but turning its graph into a tree copies each alias: nine nested
    anchors ("billion laughs") make 9**9 nodes.  Reading the events directly keeps an explicit
    stack, so the nesting depth is checked as it grows (MAX_DEPTH); an alias reuses the node its
    anchor built (nothing is copied) and adds the anchored subtree's size to the document's count
    of nodes, so the expanded size is known exactly, in constant time per alias, and the document
    is refused as soon as it passes MAX_NODES.  Every scalar's length is checked against
    MAX_SCALAR_CHARS and every number's size in :func:`parse_number`.  Anchors are defined when
    their node is complete, so an alias to a node that contains it is refused (PyYAML would
    build a cycle).
    """
    import yaml

    def at(mark: Any) -> Loc:
        return Loc(file, mark.line + 1, mark.column + 1)

    scalar_ev, alias_ev = yaml.ScalarEvent, yaml.AliasEvent
    seq_ev, map_ev = yaml.SequenceStartEvent, yaml.MappingStartEvent
    seq_end, map_end = yaml.SequenceEndEvent, yaml.MappingEndEvent
    get = loader.get_event
    ev = get()  # StreamStart
    ev = get()
    if isinstance(ev, yaml.StreamEndEvent):
        raise SpecError("the spec is empty", file=file, line=1, column=1, hint="see docs/spec-format.md")
    anchors: dict[str, tuple[Node, int]] = {}
    opened: set[str] = set()
    stack: list[_Open] = []
    plain: dict[str, Node] = {}
    count = 0
    root: Node | None = None

    def too_many(mark: Any, extra: str = "") -> SpecError:
        done = getattr(mark, "index", 0) or 0
        if not extra and 0 < done < len(text):
            extra = (f"; about {count * len(text) // done:,} in all at this rate, {count:,} in its "
                     f"first {100 * done // len(text)}%")
        return at(mark).error(f"the document has more than {MAX_NODES:,} nodes (MAX_NODES){extra}",
                              _STRUCTURE_HINT)

    def anchor_of(ev: Any) -> str | None:
        name = ev.anchor
        if name is not None and (name in anchors or name in opened):
            raise at(ev.start_mark).error(f"the anchor &{name} is defined twice",
                                          "give each anchor its own name")
        return name

    top: _Open | None = None  # the innermost open mapping or list
    while root is None:
        ev = get()
        kind = type(ev)
        mark = ev.start_mark
        wants_key = top is not None and top.key is None and top.node.kind == "map"
        if kind is scalar_ev:
            value = ev.value
            if len(value) > MAX_SCALAR_CHARS:
                raise at(mark).error(
                    f"a value of {len(value):,} characters, more than the limit of "
                    f"{MAX_SCALAR_CHARS:,} (MAX_SCALAR_CHARS)",
                    "a spec value is a name, a number, an expression or a short text")
            count += 1
            if count > MAX_NODES:
                raise too_many(mark)
            if wants_key and ev.anchor is None:
                node = None
            else:
                loc = Loc(file, mark.line + 1, mark.column + 1)
                style = ev.style
                if style in _QUOTED:
                    node = _scalar_node(value, style, loc)
                else:  # a payoff table repeats its numbers: resolve each text once
                    seen = plain.get(value)
                    if seen is None:
                        node = _scalar_node(value, style, loc)
                        if len(plain) < 100_000:
                            plain[value] = node
                    else:
                        node = Node("scalar", seen.value, loc, raw=seen.raw)
                name = anchor_of(ev)
                if name is not None:
                    anchors[name] = (node, 1)
        elif kind is alias_ev:
            name = ev.anchor
            if name not in anchors:
                why = "refers to a node that contains it" if name in opened else "is not defined above"
                raise at(mark).error(f"the alias *{name} {why}", "define the anchor &name before using *name")
            node, size = anchors[name]
            count += size
            if count > MAX_NODES:
                raise too_many(mark, f"; the alias *{name} alone expands to {size:,} nodes")
            value = node.raw
        elif kind is seq_ev or kind is map_ev:
            loc = at(mark)
            if wants_key:
                raise loc.error("a mapping key must be a plain name", "write the key as text")
            if len(stack) >= MAX_DEPTH:
                raise loc.error(f"the document nests lists and mappings more than {MAX_DEPTH} deep "
                                "(MAX_DEPTH)", _STRUCTURE_HINT)
            count += 1
            if count > MAX_NODES:
                raise too_many(mark)
            name = anchor_of(ev)
            if name is not None:
                opened.add(name)
            top = _Open(Node("seq", [], loc) if kind is seq_ev else Node("map", {}, loc), count, name)
            stack.append(top)
            continue
        elif kind is seq_end or kind is map_end:
            done = stack.pop()
            top = stack[-1] if stack else None
            wants_key = False  # a collection is never a key: refused where it starts
            node = done.node
            if done.anchor is not None:
                opened.discard(done.anchor)
                anchors[done.anchor] = (node, count - done.start + 1)
        else:  # pragma: no cover - the parser emits nothing else inside a document
            raise at(mark).error(f"unexpected {kind.__name__} in the document")
        if wants_key:  # a scalar or an alias in a mapping's key position
            assert top is not None
            kloc = at(mark)
            if node is None:
                quoted = ev.style in _QUOTED
            elif node.kind == "scalar":
                quoted = node.quoted
            else:
                raise kloc.error("a mapping key must be a plain name", "write the key as text")
            if value == "<<" and not quoted:
                raise kloc.error("YAML merge keys ('<<') are not supported in specs")
            if value in top.node.value:
                raise kloc.error(f"duplicate key {value!r}", "each key may appear once per mapping")
            if len(top.node.value) >= MAX_MAPPING_KEYS:
                keys = len(top.node.value) + _count_rest(get, yaml) // 2 + 1
                parent = stack[-2] if len(stack) > 1 else None
                where = f" under {parent.key!r}" if parent is not None and parent.key else ""
                raise top.node.error(f"the mapping{where} has {keys:,} keys, more than the limit of "
                                     f"{MAX_MAPPING_KEYS:,} (MAX_MAPPING_KEYS)", _STRUCTURE_HINT)
            top.key, top.key_loc = value, kloc
        elif top is None:
            root = node
        elif top.key is None:
            top.node.value.append(node)
        else:
            top.node.value[top.key] = node
            top.node.key_locs[top.key] = top.key_loc or top.node.loc
            top.key = None
    ev = get()  # DocumentEnd
    ev = get()
    if not isinstance(ev, yaml.StreamEndEvent):
        raise at(ev.start_mark).error("the file holds more than one YAML document",
                                      "a spec is one document: remove the '---' line")
    return root


def _count_rest(get: Any, yaml: Any) -> int:
    """Read the events to the end of the current mapping without building anything; return how
    many nodes stand directly in it (keys and values).  libyaml bounds the nesting (1000) and
    the file's size bounds the work."""
    starts, ends = (yaml.SequenceStartEvent, yaml.MappingStartEvent), (yaml.SequenceEndEvent,
                                                                       yaml.MappingEndEvent)
    level, items = 0, 0
    while True:
        ev = get()
        if isinstance(ev, starts):
            items += level == 0
            level += 1
        elif isinstance(ev, ends):
            if level == 0:
                return items
            level -= 1
        elif isinstance(ev, (yaml.ScalarEvent, yaml.AliasEvent)):
            items += level == 0
        else:  # pragma: no cover - a document ends only after its mappings
            return items


def _check_strict_json(text: str, file: str) -> None:
    """Refuse a ``.json`` file that a JSON parser refuses (the YAML reader below accepts a
    trailing comma, comments and unquoted keys): SpecError at the offending line:column.

    Constants JSON lacks (NaN, Infinity), numbers past Python's digit limit and deep nesting
    are left to the reader and its limits, which report them with their own messages.
    """
    import json

    class _NotJsonConstant(Exception):
        """NaN or Infinity: left to the reader, which reports numbers itself."""

    def constant(name: str) -> Any:
        raise _NotJsonConstant(name)

    try:
        json.loads(text, parse_constant=constant)
    except json.JSONDecodeError as exc:
        pos, message = exc.pos, exc.msg
        before = text[:pos].rstrip()
        hint = "a .json spec must be strict JSON (name it .yaml to write YAML)"
        if before.endswith(",") and text[pos:pos + 1] in ("]", "}"):
            pos, message = len(before) - 1, "a comma after the last item"
            hint = "JSON allows no trailing comma: remove it"
        line = text.count("\n", 0, pos) + 1
        column = pos - (text.rfind("\n", 0, pos) + 1) + 1
        raise SpecError(f"not valid JSON: {message}", file=file, line=line, column=column,
                        hint=hint) from None
    except (_NotJsonConstant, ValueError, RecursionError):
        return


def parse_document(text: str, file: str = "<string>") -> Node:
    """Parse YAML or JSON *text* into a :class:`Node` tree; syntax errors become SpecError.

    The size limits of :mod:`treaty.spec._limits` are checked while reading, before anything
    is built from the document: text longer than MAX_SPEC_BYTES is refused unread; nesting
    deeper than MAX_DEPTH, more than MAX_NODES nodes with aliases expanded, a scalar longer
    than MAX_SCALAR_CHARS or a number with more than MAX_NUMBER_DIGITS digits is refused where
    it occurs.

    >>> root = parse_document("a: 1/3\\nb: [x, 'y']\\n", "demo.yaml")
    >>> root.value["a"].value, root.value["b"].value[1].quoted, root.key_locs["b"].line
    (Fraction(1, 3), True, 2)
    >>> c = parse_document("a: &a [1, 1]\\nb: &b [*a, *a]\\nc: [*b, *b]\\n").value["c"]
    >>> [len(b.value) for b in c.value], c.value[1].value[0].loc.line  # *a: the list on line 1
    ([2, 2], 1)
    """
    import yaml

    if len(text) > MAX_SPEC_BYTES:
        raise SpecError(f"the spec is {len(text):,} characters long, more than the limit of "
                        f"{MAX_SPEC_BYTES:,} bytes (MAX_SPEC_BYTES)", file=file,
                        hint="a spec is a small document; see docs/spec-format.md")
    if file.lower().endswith(".json"):
        _check_strict_json(text, file)
    loader = _yaml_loader()(text)
    collecting = gc.isenabled()
    gc.disable()  # the tree has no cycles; the collector's passes over it cost a third of the time
    try:
        return _build(loader, text, file)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "invalid YAML"
        line = mark.line + 1 if mark is not None else None
        col = mark.column + 1 if mark is not None else None
        if "nesting depth" in problem:  # libyaml's own bound (1000), met while scanning ahead
            raise SpecError(f"the document nests lists and mappings more than {MAX_DEPTH} deep "
                            "(MAX_DEPTH)", file=file, line=line, column=col, hint=_STRUCTURE_HINT) from None
        raise SpecError(
            f"not valid YAML/JSON: {problem}",
            file=file,
            line=line,
            column=col,
            hint="check indentation, colons and brackets",
        ) from None
    except yaml.YAMLError as exc:  # other reader errors (a control character, bad encoding)
        raise SpecError(f"not valid YAML/JSON: {' '.join(str(exc).split())}", file=file,
                        hint="check the file's syntax") from None
    finally:
        loader.dispose()
        if collecting:
            gc.enable()
