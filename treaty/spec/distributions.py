"""Distributions of uncertain parameters: the ``distribution`` key of a parameter.

A parameter may say how uncertain its value is::

    parameters:
      p: {value: 1/2, min: 0, max: 1, distribution: uniform}           # over [min, max]
      b: {value: 3, min: 0, distribution: {type: triangular, low: 1, mode: 3, high: 6}}
      q: {value: 1/2, min: 0, max: 1, distribution: {type: beta, alpha: 2, beta: 5}}
      g: {value: 1, min: 0, max: 4, distribution: {type: normal, mean: 1, sd: 1/2}}
      s: {value: 2, distribution: {type: scenarios, values: [1, 2, 5], weights: [1, 2, 1]}}

``low`` and ``high`` default to the parameter's ``min`` and ``max``; a normal distribution is
truncated to ``[low, high]`` (so to the bounds); every support must lie within the bounds.
The arguments are numbers (exact, as everywhere in a spec), not expressions.

Every distribution is sampled by inversion: :meth:`Distribution.ppf` maps points of the unit
interval to values (the quantile function), so the same object serves plain random
sampling (:meth:`Distribution.sample`, uniform draws pushed through ``ppf``) and the
quasi-random designs of global sensitivity analysis (Saltelli's scheme, which SALib draws on
the unit hypercube).  Inversion is exact in distribution for any quantile function
(Devroye 1986, *Non-Uniform Random Variate Generation*, ch. II.2, theorem 2.1).

Quantile functions used:

* uniform on [a, b]: ``a + u (b - a)``;
* triangular (a, c, b): ``a + sqrt(u (b - a)(c - a))`` for ``u < (c - a)/(b - a)``, else
  ``b - sqrt((1 - u)(b - a)(b - c))``;
* beta(alpha, beta) scaled to [a, b]: ``a + (b - a) B^-1(u)`` with SciPy's regularised
  incomplete beta inverse;
* normal(mean, sd) truncated to [a, b]: ``Phi^-1(Phi(alpha) + u (Phi(beta) - Phi(alpha)))``
  in standard units (SciPy's ``truncnorm``, which computes it stably in the tails);
* scenarios with weights w_i (normalised exactly): the smallest value whose cumulative
  weight exceeds u.

Examples
--------
>>> import numpy as np
>>> d = Triangular(Fraction(0), Fraction(1, 4), Fraction(1))
>>> float(d.mean)
0.4166666666666667
>>> d.ppf(np.array([0.0, 0.25, 1.0])).tolist()
[0.0, 0.25, 1.0]
>>> s = Scenarios((Fraction(1), Fraction(5)), (Fraction(1), Fraction(3)))
>>> s.probabilities
(Fraction(1, 4), Fraction(3, 4))
>>> s.sample(4, np.random.default_rng(0)).tolist()  # draws 0.64, 0.27, 0.04, 0.02
[5.0, 5.0, 1.0, 1.0]
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING, Any

import numpy as np

from ..errors import SpecError, did_you_mean
from ._nodes import Loc, parse_number

if TYPE_CHECKING:
    from ._nodes import Node

__all__ = [
    "DISTRIBUTION_TYPES", "DISTRIBUTION_KEYS", "Distribution", "Uniform", "Triangular", "Beta",
    "TruncatedNormal", "Scenarios", "make_distribution", "parse_distribution",
]

#: the distribution types a spec may name
DISTRIBUTION_TYPES = ("uniform", "triangular", "beta", "normal", "scenarios")

#: every key of a ``distribution`` mapping (which ones a type takes: :data:`_TYPE_KEYS`)
DISTRIBUTION_KEYS = ("type", "low", "high", "mode", "alpha", "beta", "mean", "sd", "values",
                     "weights")

#: type -> (required arguments, optional arguments); ``type`` itself is always required
_TYPE_KEYS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "uniform": ((), ("low", "high")),
    "triangular": (("mode",), ("low", "high")),
    "beta": (("alpha", "beta"), ("low", "high")),
    "normal": (("mean", "sd"), ("low", "high")),
    "scenarios": (("values",), ("weights",)),
}

#: the most scenarios one parameter may list
MAX_SCENARIOS = 10_000


class Distribution:
    """A distribution of one parameter's value, sampled by its quantile function.

    Subclasses define :meth:`ppf`, :attr:`low`/:attr:`high` (the support; infinite for an
    untruncated normal), :attr:`mean`, :meth:`to_dict` and :meth:`describe`.
    """

    kind: str = ""

    def ppf(self, u: np.ndarray) -> np.ndarray:  # pragma: no cover - abstract
        """The quantile function at the points *u* of [0, 1] (float64 array)."""
        raise NotImplementedError

    def sample(self, n: int, rng: np.random.Generator) -> np.ndarray:
        """*n* independent draws (float64), by inversion of ``rng.random(n)``."""
        return self.ppf(rng.random(int(n)))

    @property
    def low(self) -> float:  # pragma: no cover - abstract
        raise NotImplementedError

    @property
    def high(self) -> float:  # pragma: no cover - abstract
        raise NotImplementedError

    def to_dict(self) -> dict[str, Any]:  # pragma: no cover - abstract
        raise NotImplementedError

    def describe(self) -> str:  # pragma: no cover - abstract
        raise NotImplementedError


def _n(x: Fraction) -> str:
    from .._exact.numbers import format_number

    return str(format_number(x))


def _j(x: Fraction | float) -> Any:
    """A number for JSON: an integer, else the exact fraction as text, else a float."""
    if isinstance(x, Fraction):
        return int(x) if x.denominator == 1 else str(x)
    return float(x)


@dataclass(frozen=True)
class Uniform(Distribution):
    """Uniform on ``[a, b]``."""

    a: Fraction
    b: Fraction
    kind = "uniform"

    def ppf(self, u: np.ndarray) -> np.ndarray:
        a, b = float(self.a), float(self.b)
        return a + np.asarray(u, dtype=float) * (b - a)

    @property
    def low(self) -> float:
        return float(self.a)

    @property
    def high(self) -> float:
        return float(self.b)

    @property
    def mean(self) -> Fraction:
        return (self.a + self.b) / 2

    def to_dict(self) -> dict[str, Any]:
        return {"type": "uniform", "low": _j(self.a), "high": _j(self.b)}

    def describe(self) -> str:
        return f"uniform on [{_n(self.a)}, {_n(self.b)}]"


@dataclass(frozen=True)
class Triangular(Distribution):
    """Triangular with lower limit ``a``, mode ``c`` and upper limit ``b``."""

    a: Fraction
    c: Fraction
    b: Fraction
    kind = "triangular"

    def ppf(self, u: np.ndarray) -> np.ndarray:
        a, c, b = float(self.a), float(self.c), float(self.b)
        u = np.asarray(u, dtype=float)
        if b == a:
            return np.full_like(u, a)
        fc = (c - a) / (b - a)
        left = a + np.sqrt(np.clip(u, 0, 1) * (b - a) * (c - a))
        right = b - np.sqrt(np.clip(1 - u, 0, 1) * (b - a) * (b - c))
        return np.where(u < fc, left, right)

    @property
    def low(self) -> float:
        return float(self.a)

    @property
    def high(self) -> float:
        return float(self.b)

    @property
    def mean(self) -> Fraction:
        return (self.a + self.b + self.c) / 3

    def to_dict(self) -> dict[str, Any]:
        return {"type": "triangular", "low": _j(self.a), "mode": _j(self.c), "high": _j(self.b)}

    def describe(self) -> str:
        return f"triangular on [{_n(self.a)}, {_n(self.b)}] with mode {_n(self.c)}"


@dataclass(frozen=True)
class Beta(Distribution):
    """Beta(alpha, beta) scaled from [0, 1] to ``[a, b]``."""

    alpha: Fraction
    beta: Fraction
    a: Fraction
    b: Fraction
    kind = "beta"

    def ppf(self, u: np.ndarray) -> np.ndarray:
        from scipy import special

        a, b = float(self.a), float(self.b)
        x = special.betaincinv(float(self.alpha), float(self.beta), np.asarray(u, dtype=float))
        return a + (b - a) * np.asarray(x, dtype=float)

    @property
    def low(self) -> float:
        return float(self.a)

    @property
    def high(self) -> float:
        return float(self.b)

    @property
    def mean(self) -> Fraction:
        return self.a + (self.b - self.a) * self.alpha / (self.alpha + self.beta)

    def to_dict(self) -> dict[str, Any]:
        return {"type": "beta", "alpha": _j(self.alpha), "beta": _j(self.beta),
                "low": _j(self.a), "high": _j(self.b)}

    def describe(self) -> str:
        return (f"beta({_n(self.alpha)}, {_n(self.beta)}) on [{_n(self.a)}, {_n(self.b)}]")


@dataclass(frozen=True)
class TruncatedNormal(Distribution):
    """Normal(mean, sd) truncated to ``[a, b]`` (``None``: no bound on that side)."""

    mu: Fraction
    sd: Fraction
    a: Fraction | None = None
    b: Fraction | None = None
    kind = "normal"

    def _standard_bounds(self) -> tuple[float, float]:
        mu, sd = float(self.mu), float(self.sd)
        lo = -math.inf if self.a is None else (float(self.a) - mu) / sd
        hi = math.inf if self.b is None else (float(self.b) - mu) / sd
        return lo, hi

    def ppf(self, u: np.ndarray) -> np.ndarray:
        from scipy import stats

        lo, hi = self._standard_bounds()
        z = stats.truncnorm.ppf(np.asarray(u, dtype=float), lo, hi)
        out = float(self.mu) + float(self.sd) * np.asarray(z, dtype=float)
        return np.clip(out, self.low, self.high)  # rounding must not leave the bounds

    @property
    def low(self) -> float:
        return -math.inf if self.a is None else float(self.a)

    @property
    def high(self) -> float:
        return math.inf if self.b is None else float(self.b)

    @property
    def mean(self) -> float:
        from scipy import stats

        lo, hi = self._standard_bounds()
        return float(self.mu) + float(self.sd) * float(stats.truncnorm.mean(lo, hi))

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"type": "normal", "mean": _j(self.mu), "sd": _j(self.sd)}
        if self.a is not None:
            d["low"] = _j(self.a)
        if self.b is not None:
            d["high"] = _j(self.b)
        return d

    def describe(self) -> str:
        text = f"normal(mean {_n(self.mu)}, sd {_n(self.sd)})"
        if self.a is None and self.b is None:
            return text
        lo = "-inf" if self.a is None else _n(self.a)
        hi = "inf" if self.b is None else _n(self.b)
        return f"{text} truncated to [{lo}, {hi}]"


@dataclass(frozen=True)
class Scenarios(Distribution):
    """A list of values with weights (normalised exactly to probabilities)."""

    values: tuple[Fraction, ...]
    weights: tuple[Fraction, ...]
    kind = "scenarios"

    @property
    def probabilities(self) -> tuple[Fraction, ...]:
        total = sum(self.weights, Fraction(0))
        return tuple(w / total for w in self.weights)

    def index(self, u: np.ndarray) -> np.ndarray:
        """Which scenario each point of *u* picks (the quantile function as indices), so that
        the exact value of a draw stays known."""
        cum = np.cumsum([float(p) for p in self.probabilities])
        cum[-1] = 1.0  # the float sum may fall short of 1 by rounding
        idx = np.searchsorted(cum, np.asarray(u, dtype=float), side="right")
        return np.minimum(idx, len(self.values) - 1)

    def ppf(self, u: np.ndarray) -> np.ndarray:
        return np.array([float(v) for v in self.values])[self.index(u)]

    @property
    def low(self) -> float:
        return float(min(self.values))

    @property
    def high(self) -> float:
        return float(max(self.values))

    @property
    def mean(self) -> Fraction:
        return sum((v * p for v, p in zip(self.values, self.probabilities)), Fraction(0))

    def to_dict(self) -> dict[str, Any]:
        return {"type": "scenarios", "values": [_j(v) for v in self.values],
                "weights": [_j(w) for w in self.weights]}

    def describe(self) -> str:
        parts = [f"{_n(v)} ({_n(p)})" for v, p in zip(self.values, self.probabilities)]
        return "scenarios " + ", ".join(parts)


# -- construction --------------------------------------------------------------------------

def make_distribution(
    kind: str,
    args: Mapping[str, Any],
    *,
    name: str = "?",
    minimum: Fraction | None = None,
    maximum: Fraction | None = None,
    loc: Loc | None = None,
    locs: Mapping[str, Loc] | None = None,
) -> Distribution:
    """Build and check the distribution of parameter *name*.

    Parameters
    ----------
    kind : str
        One of :data:`DISTRIBUTION_TYPES`.
    args : mapping
        The arguments (``low``, ``high``, ``mode``, ``alpha``, ``beta``, ``mean``, ``sd``,
        ``values``, ``weights``): numbers (int, Fraction, float or numeric text), lists of them
        for ``values`` and ``weights``.
    name : str
        The parameter, for messages.
    minimum, maximum : Fraction, optional
        The parameter's bounds: ``low``/``high`` default to them, every support must lie
        within them, and a normal distribution is truncated to them.
    loc, locs : Loc, optional
        Where the distribution and each argument stand in the spec, for located errors.

    Raises
    ------
    SpecError
        A wrong argument, in one line at its location with a hint.
    """
    where = loc or Loc("<spec>")
    locs = dict(locs or {})
    what = f"the distribution of {name!r}"

    def at(key: str) -> Loc:
        return locs.get(key, where)

    if kind not in DISTRIBUTION_TYPES:
        raise at("type").error(f"unknown distribution type {kind!r} in {what}",
                               did_you_mean(kind, DISTRIBUTION_TYPES)
                               or "one of " + ", ".join(DISTRIBUTION_TYPES))
    required, optional = _TYPE_KEYS[kind]
    for key in args:
        if key not in required + optional:
            takes = ", ".join(required + optional) or "nothing"
            raise at(key).error(f"a {kind} distribution takes no {key!r} ({what})",
                                f"a {kind} distribution takes {takes}")
    for key in required:
        if key not in args:
            raise where.error(f"{what} ({kind}) is missing the required key {key!r}",
                              f"a {kind} distribution takes " + ", ".join(required + optional))

    def num(key: str, value: Any) -> Fraction:
        out = _number(value)
        if out is None:
            raise at(key).error(f"{key!r} of {what} must be a number, got {value!r}")
        return out

    def bounds() -> tuple[Fraction | None, Fraction | None]:
        lo = num("low", args["low"]) if "low" in args else minimum
        hi = num("high", args["high"]) if "high" in args else maximum
        if minimum is not None and lo is not None and lo < minimum:
            raise at("low").error(f"'low' {lo} of {what} is below the parameter's min {minimum}",
                                  "a distribution must stay within the parameter's bounds")
        if maximum is not None and hi is not None and hi > maximum:
            raise at("high").error(f"'high' {hi} of {what} is above the parameter's max {maximum}",
                                   "a distribution must stay within the parameter's bounds")
        if lo is not None and hi is not None and lo > hi:
            raise at("high").error(f"'high' {hi} is below 'low' {lo} in {what}")
        return lo, hi

    def finite_bounds() -> tuple[Fraction, Fraction]:
        lo, hi = bounds()
        if lo is None or hi is None:
            side = "low" if lo is None else "high"
            bound = "min" if lo is None else "max"
            raise where.error(f"a {kind} distribution of {name!r} needs a finite {side!r}",
                              f"give '{side}' or the parameter's '{bound}'")
        return lo, hi

    if kind == "uniform":
        a, b = finite_bounds()
        return Uniform(a, b)
    if kind == "triangular":
        a, b = finite_bounds()
        c = num("mode", args["mode"])
        if not a <= c <= b:
            raise at("mode").error(f"'mode' {c} of {what} lies outside [{a}, {b}]",
                                   "the mode lies between low and high")
        return Triangular(a, c, b)
    if kind == "beta":
        a, b = finite_bounds()
        shape = {}
        for key in ("alpha", "beta"):
            shape[key] = num(key, args[key])
            if shape[key] <= 0:
                raise at(key).error(f"{key!r} of {what} must be positive, got {shape[key]}")
        return Beta(shape["alpha"], shape["beta"], a, b)
    if kind == "normal":
        lo, hi = bounds()
        mu, sd = num("mean", args["mean"]), num("sd", args["sd"])
        if sd <= 0:
            raise at("sd").error(f"'sd' of {what} must be positive, got {sd}")
        if lo is not None and hi is not None and lo == hi:
            raise where.error(f"{what} is truncated to the single value {lo}",
                              "widen the bounds or use scenarios")
        return TruncatedNormal(mu, sd, lo, hi)
    # scenarios
    values = _number_list(args["values"], "values", what, at("values"))
    if "weights" in args:
        weights = _number_list(args["weights"], "weights", what, at("weights"))
        if len(weights) != len(values):
            raise at("weights").error(f"{len(weights)} weights for {len(values)} values in {what}",
                                      "give one weight per value")
        for i, w in enumerate(weights):
            if w < 0:
                raise locs.get(f"weights[{i}]", at("weights")).error(
                    f"weight {w} of {what} is negative", "weights are non-negative")
        if sum(weights) <= 0:
            raise at("weights").error(f"the weights of {what} are all 0", "give a positive weight")
    else:
        weights = [Fraction(1)] * len(values)
    for i, v in enumerate(values):
        if (minimum is not None and v < minimum) or (maximum is not None and v > maximum):
            lo_t = "-inf" if minimum is None else str(minimum)
            hi_t = "inf" if maximum is None else str(maximum)
            raise locs.get(f"values[{i}]", at("values")).error(
                f"scenario value {v} of {what} lies outside the parameter's bounds [{lo_t}, {hi_t}]")
    return Scenarios(tuple(values), tuple(weights))


def _number(value: Any) -> Fraction | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, Fraction):
        return value
    if isinstance(value, (int, np.integer)):
        return Fraction(int(value))
    if isinstance(value, (float, np.floating)):
        return Fraction(float(value)) if math.isfinite(value) else None
    if isinstance(value, str):
        try:
            return parse_number(value.strip())
        except SpecError:
            return None
    return None


def _number_list(value: Any, key: str, what: str, loc: Loc) -> list[Fraction]:
    if isinstance(value, (str, bytes)) or not hasattr(value, "__len__"):
        raise loc.error(f"{key!r} of {what} must be a list of numbers")
    if len(value) == 0:
        raise loc.error(f"{key!r} of {what} is empty", "list at least one value")
    if len(value) > MAX_SCENARIOS:
        raise loc.error(f"{len(value):,} {key} in {what}, more than the limit {MAX_SCENARIOS:,}")
    out = []
    for item in value:
        num = _number(item)
        if num is None:
            raise loc.error(f"{key!r} of {what} must hold numbers only, got {item!r}")
        out.append(num)
    return out


def parse_distribution(node: Node, name: str, minimum: Fraction | None,
                       maximum: Fraction | None) -> Distribution:
    """Read the ``distribution`` of parameter *name* from its spec node.

    Either a type name (``uniform``: over the parameter's bounds) or a mapping
    ``{type: ..., <arguments>}``; errors are located at the offending key or value.
    """
    what = f"the distribution of {name!r}"
    if node.kind == "scalar" and isinstance(node.value, str) and not node.value.strip() == "":
        kind = node.value.strip()
        if kind not in DISTRIBUTION_TYPES:
            raise node.error(f"unknown distribution type {kind!r} in {what}",
                             did_you_mean(kind, DISTRIBUTION_TYPES)
                             or "one of " + ", ".join(DISTRIBUTION_TYPES))
        if _TYPE_KEYS[kind][0]:
            raise node.error(f"a {kind} distribution needs arguments ({what})",
                             f"write {{type: {kind}, " + ", ".join(
                                 f"{k}: ..." for k in _TYPE_KEYS[kind][0]) + "}")
        return make_distribution(kind, {}, name=name, minimum=minimum, maximum=maximum,
                                 loc=node.loc)
    if node.kind != "map":
        raise node.error(f"{what} must be a type name or a mapping {{type: ..., ...}}, "
                         f"got {node.describe()}", "e.g. {type: uniform, low: 0, high: 1}")
    fields = node.check_keys(what, DISTRIBUTION_KEYS, required=("type",))
    kind = fields["type"].expect_name(f"'type' of {what}")
    args: dict[str, Any] = {}
    locs: dict[str, Loc] = {"type": fields["type"].loc}
    for key, sub in fields.items():
        if key == "type":
            continue
        locs[key] = sub.loc
        if key in ("values", "weights"):
            items = sub.expect_seq(f"{key!r} of {what}")
            args[key] = [_node_number(item, key, what) for item in items]
            locs.update({f"{key}[{i}]": item.loc for i, item in enumerate(items)})
        else:
            args[key] = _node_number(sub, key, what)
    return make_distribution(kind, args, name=name, minimum=minimum, maximum=maximum,
                             loc=node.loc, locs=locs)


def _node_number(node: Node, key: str, what: str) -> Fraction:
    if node.kind == "scalar" and isinstance(node.value, Fraction):
        return node.value
    if node.kind == "scalar" and isinstance(node.value, str):
        num = parse_number(node.value.strip(), node.loc)  # "1/3" as JSON writes a fraction
        if num is not None:
            return num
    raise node.error(f"{key!r} of {what} must be a number, got {node.describe()}",
                     "distribution arguments are numbers, not expressions")
