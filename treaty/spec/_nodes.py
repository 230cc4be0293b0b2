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

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from ..errors import SpecError, did_you_mean

__all__ = ["Loc", "Node", "parse_document", "parse_number"]

_NUMBER = re.compile(
    r"""^[+-]?(
        \d+(_\d+)*(\.\d*)?([eE][+-]?\d+)?      # 3, 3.5, 3., 1e-3
      | \.\d+([eE][+-]?\d+)?                    # .5
      | \d+\s*/\s*\d+                           # 2/3
    )$""",
    re.X,
)


def parse_number(text: str) -> Fraction | None:
    """Parse an exact number written as an integer, a decimal or ``a/b``; None if it is not one.

    >>> parse_number("0.1"), parse_number("-2/6"), parse_number("1e-3"), parse_number("x")
    (Fraction(1, 10), Fraction(-1, 3), Fraction(1, 1000), None)
    """
    t = text.strip()
    if not t or not _NUMBER.match(t):
        return None
    t = t.replace("_", "")
    if "/" in t:
        num, den = t.split("/")
        sign = -1 if num.strip().startswith("-") else 1
        den_v = int(den)
        if den_v == 0:
            return None
        return Fraction(sign * abs(int(num)), den_v)
    return Fraction(t)


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


def _from_yaml(ynode: Any, file: str) -> Node:
    import yaml

    mark = ynode.start_mark
    loc = Loc(file, mark.line + 1, mark.column + 1)
    if isinstance(ynode, yaml.MappingNode):
        value: dict[str, Node] = {}
        key_locs: dict[str, Loc] = {}
        for knode, vnode in ynode.value:
            kloc = Loc(file, knode.start_mark.line + 1, knode.start_mark.column + 1)
            if not isinstance(knode, yaml.ScalarNode):
                raise kloc.error("a mapping key must be a plain name", "write the key as text")
            if knode.tag == "tag:yaml.org,2002:merge":
                raise kloc.error("YAML merge keys ('<<') are not supported in specs")
            key = str(knode.value)
            if key in value:
                raise kloc.error(f"duplicate key {key!r}", "each key may appear once per mapping")
            value[key] = _from_yaml(vnode, file)
            key_locs[key] = kloc
        return Node("map", value, loc, key_locs)
    if isinstance(ynode, yaml.SequenceNode):
        return Node("seq", [_from_yaml(v, file) for v in ynode.value], loc)
    # scalar
    raw = str(ynode.value)
    quoted = ynode.style in ("'", '"', "|", ">")
    if quoted:
        if ynode.style in ("'", '"'):
            loc = loc.shifted(1)  # point at the text, not at the opening quote
        return Node("scalar", raw, loc, quoted=True, raw=raw)
    low = raw.strip().lower()
    if low in ("", "~", "null"):
        return Node("scalar", None, loc, raw=raw)
    if low in ("true", "false"):
        return Node("scalar", low == "true", loc, raw=raw)
    num = parse_number(raw)
    if num is not None:
        return Node("scalar", num, loc, raw=raw.strip())
    return Node("scalar", raw, loc, raw=raw)


def parse_document(text: str, file: str = "<string>") -> Node:
    """Parse YAML or JSON *text* into a :class:`Node` tree; syntax errors become SpecError.

    >>> root = parse_document("a: 1/3\\nb: [x, 'y']\\n", "demo.yaml")
    >>> root.value["a"].value, root.value["b"].value[1].quoted, root.key_locs["b"].line
    (Fraction(1, 3), True, 2)
    """
    import yaml

    try:
        ynode = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "invalid YAML"
        line = mark.line + 1 if mark is not None else None
        col = mark.column + 1 if mark is not None else None
        raise SpecError(
            f"not valid YAML/JSON: {problem}",
            file=file,
            line=line,
            column=col,
            hint="check indentation, colons and brackets",
        ) from None
    except yaml.YAMLError as exc:  # pragma: no cover - other reader errors
        raise SpecError(f"not valid YAML/JSON: {exc}", file=file, hint="check the file's syntax") from None
    if ynode is None:
        raise SpecError("the spec is empty", file=file, line=1, column=1, hint="see docs/spec-format.md")
    return _from_yaml(ynode, file)
