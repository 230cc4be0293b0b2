"""How likely is each answer when the parameters are uncertain: :func:`robust`.

Every parameter that declares a ``distribution`` in the spec (see
:mod:`treaty.spec.distributions`) is drawn at random; the others stay at their value.  The
points go through :func:`~treaty.sweep.sweep` with the chosen classifiers, and for each event
(a boolean classifier column such as ``pact_equilibrium``, or one value of a categorical
column such as ``pure=pact/pact``) :func:`robust` reports the share of points where it holds,
an estimate of its probability, with an exact binomial (Clopper-Pearson 1934) confidence
interval: ``[B(a/2; k, n-k+1), B(1-a/2; k+1, n-k)]`` with ``B`` the beta quantile, whose
coverage is at least the stated level for every true probability (the interval is
conservative; Brown, Cai and DasGupta 2001, Statistical Science 16(2), compare it with
Wilson's).

When every uncertain parameter is a list of scenarios and their combinations are few, the
combinations are enumerated instead of sampled: each probability is then exact (a sum of
products of the normalised weights) and its interval is that single value.

Which parameters the answer hinges on: first-order and total Sobol indices (Sobol 2001;
Saltelli 2002; Saltelli et al. 2010, Computer Physics Communications 181, the estimators
SALib implements) of each event's indicator, computed by SALib (``SALib.sample.sobol`` for
Saltelli's design on the unit hypercube, mapped to each parameter through its quantile
function, then ``SALib.analyze.sobol``).  SALib is the optional extra ``sensitivity``;
without it the probabilities are still computed and the result says what to install.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import numpy as np

from ..errors import GameError, ParameterError
from ..results import Notebook
from ._design import Design

__all__ = ["robust", "RobustResult", "Event", "Sensitivity", "clopper_pearson",
           "MAX_EXACT_SCENARIOS"]

#: enumerate scenario combinations (exact probabilities) up to this many
MAX_EXACT_SCENARIOS = 4096

#: at most this many events get Sobol indices (the most uncertain ones first)
MAX_SENSITIVITY_EVENTS = 12


def clopper_pearson(k: int, n: int, confidence: float = 0.95) -> tuple[float, float]:
    """The exact binomial interval for *k* successes in *n* trials.

    >>> [round(x, 4) for x in clopper_pearson(0, 10)]
    [0.0, 0.3085]
    >>> clopper_pearson(10, 10)[1]
    1.0
    """
    from scipy.stats import beta

    if n <= 0:
        return 0.0, 1.0
    a = 1.0 - confidence
    lo = 0.0 if k == 0 else float(beta.ppf(a / 2, k, n - k + 1))
    hi = 1.0 if k == n else float(beta.ppf(1 - a / 2, k + 1, n - k))
    return lo, hi


@dataclass(frozen=True)
class Event:
    """One answer and how likely it is.

    ``probability`` is the share of sampled points (a float) or, for enumerated scenarios,
    the exact probability (a Fraction, with ``low == high == probability``).
    """

    name: str
    column: str
    count: int
    n: int
    probability: Fraction | float
    low: Fraction | float
    high: Fraction | float

    def to_dict(self) -> dict[str, Any]:
        from .._exact.numbers import number_to_json

        return {"event": self.name, "column": self.column, "count": self.count, "points": self.n,
                "probability": number_to_json(self.probability), "low": number_to_json(self.low),
                "high": number_to_json(self.high)}


@dataclass(frozen=True)
class Sensitivity:
    """Sobol indices of each event over the uncertain parameters.

    ``indices[event][parameter]`` is ``(S1, S1_conf, ST, ST_conf)``: first-order and total
    index with the half-width of SALib's bootstrap confidence interval.  ``note`` says why
    there are none (SALib missing, one parameter only, ...).
    """

    base: int
    evaluations: int
    parameters: tuple[str, ...]
    indices: Mapping[str, Mapping[str, tuple[float, float, float, float]]] = field(
        default_factory=dict)
    note: str = ""

    def most_influential(self, event: str) -> str | None:
        """The parameter with the largest total index for *event*."""
        idx = self.indices.get(event)
        if not idx:
            return None
        return max(idx, key=lambda p: idx[p][2])

    def to_dict(self) -> dict[str, Any]:
        def f(x: float) -> float | None:
            return None if not math.isfinite(x) else float(x)

        return {"base": self.base, "evaluations": self.evaluations,
                "parameters": list(self.parameters), "note": self.note or None,
                "indices": [{"event": e, "parameter": p, "S1": f(v[0]), "S1_conf": f(v[1]),
                             "ST": f(v[2]), "ST_conf": f(v[3])}
                            for e, per in self.indices.items() for p, v in per.items()]}


@dataclass(frozen=True)
class RobustResult(Notebook):
    """Probabilities of each answer under uncertain parameters, and what they hinge on.

    Attributes
    ----------
    events : tuple of Event
        Per event, its probability with a confidence interval.
    distributions : mapping of str to Distribution
        The uncertain parameters and their distributions.
    method : str
        ``"sample"`` (random draws) or ``"exact"`` (scenario combinations enumerated).
    n, seed, confidence
        Points drawn (or combinations), the seed, the interval's level.
    sensitivity : Sensitivity or None
        Sobol indices (None when not asked for).
    sweep : SweepResult
        The classified points (rows, ``to_frame()``).
    """

    events: tuple[Event, ...]
    distributions: Mapping[str, Any]
    method: str
    n: int
    seed: int | None
    confidence: float
    classifiers: tuple[str, ...]
    sensitivity: Sensitivity | None = None
    sweep: Any = field(default=None, compare=False, repr=False)
    file: str | None = None
    title: str | None = field(default=None, compare=False)
    kind: str | None = field(default=None, compare=False)
    players: tuple[str, ...] = field(default=(), compare=False)
    fixed: Mapping[str, Any] = field(default_factory=dict, compare=False)

    def __getitem__(self, name: str) -> Event:
        for e in self.events:
            if e.name == name:
                return e
        from ..errors import did_you_mean

        names = [e.name for e in self.events]
        hint = did_you_mean(name, names) or "the events are " + ", ".join(names)
        raise GameError(f"no event {name!r} ({hint})")

    def to_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "method": self.method,
            "points": self.n,
            "seed": self.seed,
            "confidence": self.confidence,
            "interval": "exact" if self.method == "exact" else "clopper-pearson",
            "classifiers": list(self.classifiers),
            "distributions": {k: {**d.to_dict(), "text": d.describe()}
                              for k, d in self.distributions.items()},
            "events": [e.to_dict() for e in self.events],
            "sensitivity": None if self.sensitivity is None else self.sensitivity.to_dict(),
        }

    def describe(self) -> str:
        what = (f"{self.n:,} scenario combinations (exact)" if self.method == "exact"
                else f"{self.n:,} random draws")
        names = ", ".join(self.distributions) or "no parameter"
        text = f"Uncertain {names}: {what}"
        varying = [e for e in self.events if 0 < float(e.probability) < 1]
        if self.events:
            e = varying[0] if varying else self.events[0]
            text += f"; P({e.name}) = {float(e.probability):.3f}"
            if self.method != "exact":
                text += f" ({100 * self.confidence:g}% interval {float(e.low):.3f}-{float(e.high):.3f})"
            s = self.sensitivity
            top = s.most_influential(e.name) if s is not None else None
            if top is not None and s is not None:
                text += f", hinging most on {top} (total Sobol index {s.indices[e.name][top][2]:.2f})"
        return text + "."

    def to_frame(self, *, exact: bool = False, table: str | None = None) -> Any:
        """The events as a DataFrame (``table="rows"``: the classified points)."""
        from ..report.frame import require_pandas

        pd = require_pandas()
        if table == "rows":
            return self.sweep.to_frame()
        return pd.DataFrame([{k: (float(v) if isinstance(v, Fraction) and not exact else v)
                              for k, v in vars(e).items()} for e in self.events])


# -- the computation -------------------------------------------------------------------------

@dataclass(frozen=True)
class _ScenarioDesign(Design):
    """A design some of whose parameters take scenario values: the classifiers' exact
    re-decisions of near-ties (:meth:`exact_point`) use the exact scenario values (1/3, not
    the float nearest to it)."""

    codes: Mapping[str, np.ndarray] = field(default_factory=dict, compare=False, repr=False)
    exact_values: Mapping[str, tuple[Fraction, ...]] = field(default_factory=dict, compare=False,
                                                             repr=False)

    def take(self, index: np.ndarray) -> Design:
        index = np.asarray(index, dtype=np.int64)
        part = super().take(index)
        return _ScenarioDesign(part.names, part.points, part.method, part.shape, part.seed,
                               part.axes, part.fixed, part.index,
                               {k: c[index] for k, c in self.codes.items()}, self.exact_values)

    def exact_point(self, i: int) -> dict[str, Fraction]:
        out = super().exact_point(i)
        for k, vals in self.exact_values.items():
            out[k] = vals[int(self.codes[k][i])]
        return out


def _design(dists: Mapping[str, Any], unit: Mapping[str, np.ndarray], seed: int | None) -> Design:
    """The points at the unit-interval coordinates *unit*, each through its quantile function;
    scenario parameters keep their exact values."""
    from ..spec.distributions import Scenarios

    points: dict[str, np.ndarray] = {}
    codes: dict[str, np.ndarray] = {}
    for k, d in dists.items():
        if isinstance(d, Scenarios):
            codes[k] = d.index(unit[k])
            points[k] = np.array([float(v) for v in d.values])[codes[k]]
        else:
            points[k] = np.ascontiguousarray(d.ppf(unit[k]), dtype=np.float64)
    exact = {k: tuple(dists[k].values) for k in codes}
    return _ScenarioDesign(tuple(dists), points, "distribution", None, seed, codes=codes,
                           exact_values=exact)


def _distributions(spec: Any, given: Mapping[str, Any] | None,
                   fixed: Mapping[str, Any]) -> dict[str, Any]:
    from ..spec.distributions import Distribution, make_distribution

    out: dict[str, Any] = {}
    for p in spec.parameters.params:
        if p.distribution is not None and p.name not in fixed:
            out[p.name] = p.distribution
    for name, d in (given or {}).items():
        lo, hi = spec.bounds(name)
        if isinstance(d, Mapping):
            args = dict(d)
            kind = args.pop("type", None)
            if not isinstance(kind, str):
                raise ParameterError(f"the distribution of {name!r} needs a 'type'",
                                     file="distributions", hint="e.g. {'type': 'uniform'}")
            d = make_distribution(kind, args, name=name, minimum=lo, maximum=hi)
        elif not isinstance(d, Distribution):
            raise GameError(f"distributions[{name!r}] must be a Distribution or a mapping, not "
                            f"{type(d).__name__}")
        elif (lo is not None and d.low < lo) or (hi is not None and d.high > hi):
            raise ParameterError(f"the distribution of {name!r} leaves its bounds",
                                 file="distributions", hint=f"{name} must lie in [{lo}, {hi}]")
        out[name] = d
    return out


def _events(result: Any, weights: np.ndarray | None, confidence: float) -> list[Event]:
    n = result.n
    events: list[Event] = []

    def add(name: str, column: str, mask: np.ndarray) -> None:
        k = int(mask.sum())
        if weights is not None:
            p = sum((Fraction(w) for w in weights[mask]), Fraction(0)) if k else Fraction(0)
            events.append(Event(name, column, k, n, p, p, p))
        else:
            lo, hi = clopper_pearson(k, n, confidence)
            events.append(Event(name, column, k, n, k / n if n else 0.0, lo, hi))

    for col in result.result_columns:
        values = np.asarray(result.columns[col])
        if values.dtype.kind == "b":
            add(col, col, values)
        elif values.dtype.kind == "f":
            add(f"{col} defined", col, ~np.isnan(values))
        else:
            labels = values.astype(str)
            for v in sorted(set(labels.tolist())):
                add(f"{col}={v}", col, labels == v)
    return events


def _indicator(result: Any, event: Event) -> np.ndarray:
    values = np.asarray(result.columns[event.column])
    if values.dtype.kind == "b":
        return values.astype(float)
    if values.dtype.kind == "f":
        return (~np.isnan(values)).astype(float)
    return (values.astype(str) == event.name.partition("=")[2]).astype(float)


def _sensitivity(spec: Any, dists: Mapping[str, Any], classifiers: tuple[Any, ...],
                 events: list[Event], base: int, seed: int | None, confidence: float,
                 sweep_kwargs: Mapping[str, Any]) -> Sensitivity:
    from ._run import sweep

    names = tuple(dists)
    d = len(names)
    if d == 0:
        return Sensitivity(base, 0, names, note="no parameter declares a distribution")
    if base < 2 or base & (base - 1):
        raise ParameterError(f"--sobol {base}: Saltelli's design needs a power of two (at least 2)",
                             file="--sobol", hint=f"use {1 << max(1, base.bit_length() - 1):,}")
    try:
        from SALib.analyze import sobol as sobol_analyze
        from SALib.sample import sobol as sobol_sample
    except ImportError:
        return Sensitivity(base, 0, names, note="Sobol indices need SALib: "
                           'pip install "treaty[sensitivity]"')
    problem = {"num_vars": d, "names": list(names), "bounds": [[0.0, 1.0]] * d}
    unit = sobol_sample.sample(problem, base, calc_second_order=False, scramble=True, seed=seed)
    design = _design(dists, {k: unit[:, j] for j, k in enumerate(names)}, seed)
    result = sweep(spec, design, classifiers, **sweep_kwargs)
    varying = [e for e in events if 0 < float(e.probability) < 1]
    varying.sort(key=lambda e: -float(e.probability) * (1 - float(e.probability)))
    indices: dict[str, dict[str, tuple[float, float, float, float]]] = {}
    for e in varying[:MAX_SENSITIVITY_EVENTS]:
        y = _indicator(result, e)
        if np.var(y) == 0:
            continue
        with np.errstate(all="ignore"):
            s = sobol_analyze.analyze(problem, y, calc_second_order=False, conf_level=confidence,
                                      print_to_console=False, seed=seed)
        indices[e.name] = {k: (float(s["S1"][j]), float(s["S1_conf"][j]), float(s["ST"][j]),
                               float(s["ST_conf"][j])) for j, k in enumerate(names)}
    note = "" if indices else "no event varies over the uncertain parameters"
    return Sensitivity(base, int(unit.shape[0]), names, indices, note)


def _default_classifiers(spec: Any) -> tuple[str, ...]:
    if getattr(spec, "kind", "") == "membership":
        return ("pacts",)  # the best stable pact, how many, the largest size
    targets = getattr(spec, "targets", None) or {}
    if targets:
        return tuple(f"target:{t}" for t in targets)
    return ("equilibria",)


def robust(source: Any, n: int = 4000, classify: Iterable[Any] | str | None = None, *,
           seed: int | None = 0, params: Mapping[str, Any] | None = None,
           distributions: Mapping[str, Any] | None = None, confidence: float = 0.95,
           sobol: int | None = 1024, exact: bool | None = None,
           chunk_size: int | None = None, executor: Any = None,
           progress: bool | None = None) -> RobustResult:
    """Probabilities of each answer when parameters follow their distributions.

    Parameters
    ----------
    source : str, Path or Spec
        The spec (its parameters' ``distribution`` keys say what is uncertain).
    n : int
        Random draws of the uncertain parameters (ignored when scenarios are enumerated).
    classify : str, Classifier or a sequence of them, optional
        What each point is classified by, as for :func:`~treaty.sweep`; default: every named
        target (``target:NAME``), else the equilibrium signature.
    seed : int or None
        Seed of the draws and of the Sobol design (same seed, same result).
    params : mapping, optional
        Values of parameters held fixed (a parameter given here is not sampled).
    distributions : mapping of str to Distribution or mapping, optional
        Distributions that add to or replace the spec's, e.g. ``{"p": {"type": "uniform"}}``.
    confidence : float
        Level of the intervals (default 0.95).
    sobol : int or None
        Base sample size ``N`` of Saltelli's design for the Sobol indices (a power of two;
        ``N (d + 2)`` evaluations for ``d`` uncertain parameters); None or 0 skips them.
    exact : bool, optional
        Enumerate scenario combinations (exact probabilities); default: when every uncertain
        parameter is a scenario list with at most :data:`MAX_EXACT_SCENARIOS` combinations.
    chunk_size, executor, progress
        As for :func:`~treaty.sweep`.

    Returns
    -------
    RobustResult

    Raises
    ------
    ParameterError
        No parameter is uncertain, ``n`` below 1, a confidence outside (0, 1).
    """
    from ..spec.distributions import Scenarios
    from ._run import _spec_of, sweep

    spec = _spec_of(source)
    fixed = dict(params or {})
    dists = _distributions(spec, distributions, fixed)
    if not dists:
        raise ParameterError("no parameter of this spec declares a distribution", file=spec.file,
                             hint="add 'distribution: uniform' (or another type) to a parameter; "
                                  "see the spec format page")
    if not 0 < confidence < 1:
        raise ParameterError(f"confidence {confidence} must lie strictly between 0 and 1",
                             file="--confidence")
    classify = _default_classifiers(spec) if classify is None else classify
    if isinstance(classify, str):
        classify = (classify,)
    from ._classify import parse_classifier

    classifiers = tuple(parse_classifier(c, spec) for c in classify)
    names = tuple(dists)
    combos = math.prod(len(d.values) for d in dists.values()) \
        if all(isinstance(d, Scenarios) for d in dists.values()) else None
    if exact is None:
        exact = combos is not None and combos <= MAX_EXACT_SCENARIOS
    elif exact and (combos is None or combos > MAX_EXACT_SCENARIOS):
        raise ParameterError("exact probabilities need every uncertain parameter to be a list of "
                             f"scenarios, with at most {MAX_EXACT_SCENARIOS:,} combinations",
                             file="--exact", hint="sample instead (leave exact off)")
    weights: np.ndarray | None = None
    design: Design
    if exact:
        grids = np.meshgrid(*(np.arange(len(dists[k].values)) for k in names), indexing="ij")
        idx = [g.reshape(-1) for g in grids]
        probs = [dists[k].probabilities for k in names]
        weights = np.array([math.prod((probs[j][int(i[t])] for j, i in enumerate(idx)),
                                      start=Fraction(1)) for t in range(len(idx[0]))], dtype=object)
        points = {k: np.array([float(v) for v in dists[k].values])[i] for k, i in zip(names, idx)}
        design = _ScenarioDesign(names, points, "distribution", None, None,
                                 codes=dict(zip(names, idx)),
                                 exact_values={k: tuple(dists[k].values) for k in names})
    else:
        n = int(n)
        if n < 1:
            raise ParameterError(f"--samples {n}: at least 1 draw is needed", file="--samples")
        rng = np.random.default_rng(seed)  # one stream, parameters in spec order
        design = _design(dists, {k: rng.random(n) for k in names}, seed)
    kwargs: dict[str, Any] = {"params": fixed or None, "chunk_size": chunk_size,
                              "executor": executor, "progress": progress}
    result = sweep(spec, design, classifiers, **kwargs)
    events = _events(result, weights, confidence)
    sens = None
    if sobol:
        sens = _sensitivity(spec, dists, classifiers, events, int(sobol), seed, confidence, kwargs)
    return RobustResult(tuple(events), dists, "exact" if exact else "sample", result.n,
                        None if exact else seed, confidence, tuple(c.name for c in classifiers),
                        sens, result, getattr(spec, "file", None),
                        title=getattr(spec, "title", None) or None,
                        kind=getattr(spec, "kind", None) or None,
                        players=tuple(result.players), fixed=dict(result.fixed))
