"""The ``parameters`` section of a spec: named values, docs, bounds and overrides."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING, Any

import numpy as np

from ..errors import ParameterError, SpecError, did_you_mean
from ._limits import MAX_PARAMETERS, MAX_POWER_BITS
from ._nodes import Loc, Node, parse_number
from .expressions import Expression, node_expression, to_value

if TYPE_CHECKING:
    from .distributions import Distribution

__all__ = ["Parameter", "ParameterSet", "parse_parameters", "parse_override", "coerce_value"]

_PARAM_KEYS = ("value", "doc", "min", "max", "unit", "distribution")


@dataclass(frozen=True)
class Parameter:
    """One named parameter: its default (a number or an expression of earlier parameters)."""

    name: str
    default: Expression
    doc: str = ""
    minimum: Fraction | None = None
    maximum: Fraction | None = None
    unit: str = ""
    loc: Loc | None = None
    #: how uncertain the value is (``treaty robust`` samples it); None: a fixed value
    distribution: Distribution | None = None


@dataclass(frozen=True)
class ParameterSet:
    """The ordered parameters of a spec."""

    params: tuple[Parameter, ...] = ()

    @property
    def names(self) -> list[str]:
        return [p.name for p in self.params]

    def __getitem__(self, name: str) -> Parameter:
        for p in self.params:
            if p.name == name:
                return p
        raise KeyError(name)

    def check(self, file: str = "<spec>") -> None:
        """Check, without evaluating, that each default uses only parameters defined before it."""
        seen: set[str] = set()
        names = set(self.names)
        for p in self.params:
            for n in sorted(p.default.names):
                if n not in seen:
                    loc = p.default.loc or Loc(file)
                    if n not in names:
                        raise loc.error(f"unknown parameter {n!r} in the value of {p.name!r}",
                                        did_you_mean(n, self.names))
                    raise loc.error(
                        f"parameter {p.name!r} uses {n!r}, which is not defined before it",
                        f"define {n!r} above {p.name!r}",
                    )
            seen.add(p.name)

    def resolve(self, overrides: Mapping[str, Any] | None = None, file: str = "<spec>") -> dict[str, Any]:
        """Values of every parameter, in order, with *overrides* applied and bounds checked.

        Each default may refer to parameters defined before it; an override replaces a
        value and the parameters derived from it follow.  Values stay exact (Fraction)
        unless a float or numpy array is given.
        """
        overrides = dict(overrides or {})
        for name in overrides:
            if name not in self.names:
                raise ParameterError(
                    f"unknown parameter {name!r}",
                    file=file,
                    hint=did_you_mean(name, self.names) or "this spec declares no parameters",
                )
        env: dict[str, Any] = {}
        for p in self.params:
            if p.name in overrides:
                value = coerce_value(overrides[p.name], p.name, file)
                where: Loc | None = None
            else:
                p.default.check_names(set(self.names))
                for n in p.default.names:
                    if n not in env:
                        loc = p.default.loc or Loc(file)
                        if n not in self.names:
                            raise loc.error(
                                f"unknown parameter {n!r} in the value of {p.name!r}",
                                did_you_mean(n, self.names),
                            )
                        raise loc.error(
                            f"parameter {p.name!r} uses {n!r}, which is not defined before it",
                            f"define {n!r} above {p.name!r}",
                        )
                value = to_value(p.default.evaluate(env))
                where = p.loc
            _check_bounds(p, value, where, file)
            env[p.name] = value
        return env


def _check_bounds(p: Parameter, value: Any, loc: Loc | None, file: str) -> None:
    def fail(msg: str) -> ParameterError:
        return ParameterError(
            msg,
            file=loc.file if loc else file,
            line=loc.line if loc else None,
            column=loc.column if loc else None,
            hint=f"{p.name} must lie in {_bounds_text(p)}",
        )

    arr = np.asarray(value, dtype=object if isinstance(value, Fraction) else None)
    if arr.ndim and arr.size and arr.dtype.kind == "f" and np.isfinite(arr).all():
        # many points (a sweep): only their extremes matter, compared exactly
        arr = np.array([Fraction(float(arr.min())), Fraction(float(arr.max()))], dtype=object)
    if p.minimum is not None and not bool(np.all(arr >= p.minimum)):
        raise fail(f"parameter {p.name!r} = {_short(value)} is below its minimum {p.minimum}")
    if p.maximum is not None and not bool(np.all(arr <= p.maximum)):
        raise fail(f"parameter {p.name!r} = {_short(value)} is above its maximum {p.maximum}")


def _bounds_text(p: Parameter) -> str:
    lo = str(p.minimum) if p.minimum is not None else "-inf"
    hi = str(p.maximum) if p.maximum is not None else "inf"
    return f"[{lo}, {hi}]"


def _short(value: Any) -> str:
    if isinstance(value, np.ndarray):
        return f"array(min={value.min()}, max={value.max()})"
    return str(value)


def coerce_value(value: Any, name: str = "?", file: str = "<spec>") -> Any:
    """Turn an override into a parameter value: exact for ints, Fractions and numeric text."""
    if isinstance(value, bool):
        return Fraction(int(value))
    if isinstance(value, (int, np.integer, Fraction)):
        value = Fraction(int(value)) if not isinstance(value, Fraction) else value
        if max(value.numerator.bit_length(), value.denominator.bit_length()) > MAX_POWER_BITS:
            raise ParameterError(f"parameter {name!r}: a number of more than {MAX_POWER_BITS:,} bits "
                                 "(MAX_POWER_BITS)", file=file, hint="exact values are limited in size")
        return value
    if isinstance(value, (float, np.floating)):
        if not np.isfinite(value):
            raise ParameterError(f"parameter {name!r} must be finite, got {value}", file=file)
        return float(value)
    if isinstance(value, str):
        try:
            num = parse_number(value)
        except SpecError as exc:  # too many digits: located at the override, not in a file
            raise ParameterError(f"parameter {name!r}: {exc.message}", file=file, hint=exc.hint) from None
        if num is None:
            raise ParameterError(
                f"parameter {name!r}: {value!r} is not a number",
                file=file,
                hint="write an integer, a decimal or a fraction such as 1/3",
            )
        return num
    if isinstance(value, (list, tuple, np.ndarray)):
        try:
            arr = np.asarray(value, dtype=float)
        except (TypeError, ValueError):
            raise ParameterError(f"parameter {name!r}: an array of values must hold numbers only",
                                 file=file) from None
        if not np.all(np.isfinite(arr)):
            raise ParameterError(f"parameter {name!r} must be finite", file=file)
        return arr
    raise ParameterError(
        f"parameter {name!r}: cannot use a {type(value).__name__} as a value", file=file
    )


def parse_override(text: str, option: str = "--param",
                   form: str = "name=value") -> tuple[str, Fraction]:
    """Parse a command-line override ``name=value`` (of *option*, written as *form*).

    >>> parse_override("p=1/3")
    ('p', Fraction(1, 3))
    """
    name, _, value = text.partition("=")
    name = name.strip()
    if "=" not in text or not name:
        raise ParameterError(f"bad value {text!r}", file=option,
                             hint=f"write {option} {form}")
    return name, coerce_value(value.strip(), name, option)


def _bound(node: Node, what: str) -> Fraction:
    if node.kind == "scalar" and isinstance(node.value, Fraction):
        return node.value
    if node.kind == "scalar" and node.quoted and isinstance(node.value, str):
        num = parse_number(node.value, node.loc)  # "1/3" as JSON writes a fraction
        if num is not None:
            return num
    raise node.error(f"{what} must be a number, got {node.describe()}")


def parse_parameters(node: Node | None) -> ParameterSet:
    """Read a ``parameters`` mapping (``name: value`` or ``name: {value, doc, min, max}``)."""
    if node is None or (node.kind == "scalar" and node.value is None):
        return ParameterSet()
    mapping = node.expect_map("'parameters'")
    if len(mapping) > MAX_PARAMETERS:
        raise node.error(f"{len(mapping):,} parameters, more than the limit {MAX_PARAMETERS:,}",
                         "a spec declares at most that many parameters")
    params: list[Parameter] = []
    for name, pnode in mapping.items():
        kloc = node.key_loc(name)
        if not name.isidentifier():
            raise kloc.error(
                f"parameter name {name!r} is not a valid name",
                "use letters, digits and underscores, not starting with a digit",
            )
        if pnode.kind == "map":
            fields = pnode.check_keys(f"parameter {name!r}", _PARAM_KEYS, required=("value",))
            default = node_expression(fields["value"], f"the value of parameter {name!r}")
            doc = fields["doc"].expect_str("'doc'") if "doc" in fields else ""
            unit = fields["unit"].expect_str("'unit'") if "unit" in fields else ""
            lo = _bound(fields["min"], "'min'") if "min" in fields else None
            hi = _bound(fields["max"], "'max'") if "max" in fields else None
            if lo is not None and hi is not None and lo > hi:
                raise fields["max"].error(f"'max' {hi} is below 'min' {lo}")
            dist = None
            if "distribution" in fields:
                from .distributions import parse_distribution

                dist = parse_distribution(fields["distribution"], name, lo, hi)
            params.append(Parameter(name, default, doc, lo, hi, unit, kloc, dist))
        else:
            default = node_expression(pnode, f"parameter {name!r}")
            params.append(Parameter(name, default, loc=kloc))
    return ParameterSet(tuple(params))
