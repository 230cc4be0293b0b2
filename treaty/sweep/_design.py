"""Designs of a sweep: which parameter points are visited.

A :class:`Design` is a table of parameter points: for each swept parameter a float64 array
of the same length ``n``.  Two kinds are made here:

* :func:`grid_design` -- the Cartesian product of evenly spaced values per parameter
  (``NAME=START:STOP:STEPS``), flattened in C order (the last parameter varies fastest);
* :func:`sample_design` -- ``n`` points drawn uniformly at random, by Latin hypercube
  sampling (McKay, Beckman and Conover 1979) or from a scrambled Sobol sequence (Sobol 1967;
  Owen 1998), all from :mod:`scipy.stats.qmc`, seeded and reproducible.

Exactness: a grid given with exact end points (integers, decimals or fractions such as
``1/3``) keeps them as :class:`~fractions.Fraction` in :attr:`Design.axes`; the value of a
grid point is then known exactly, ``start + (stop - start) * k / (steps - 1)``, and
:meth:`Design.exact_point` returns it.  Classifiers work on the float arrays and re-decide
exactly, from these values, the points where a float comparison is too close to call (see
:mod:`treaty.sweep._classify`).  Sampled points are floats; their exact values are the
binary fractions the floats hold.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from fractions import Fraction
from typing import Any

import numpy as np

from ..errors import GameTooLarge, ParameterError, did_you_mean
from ..spec._limits import MAX_SWEEP_POINTS

__all__ = ["Design", "grid_design", "sample_design", "parse_axis", "parse_range", "METHODS",
           "MAX_SWEEP_POINTS"]

METHODS = ("uniform", "lhs", "sobol")


@dataclass(frozen=True)
class Design:
    """The points of a sweep.

    Attributes
    ----------
    names : tuple of str
        The swept parameters, in order.
    points : mapping of str to ndarray
        Parameter name -> float64 array; all of length :attr:`n`.
    method : str
        ``"grid"``, ``"uniform"``, ``"lhs"``, ``"sobol"`` or ``"distribution"``.
    shape : tuple of int or None
        For a grid, the number of steps per parameter (``n`` is their product); else None.
    seed : int or None
        The seed of a sampled design.
    axes : mapping of str to (Fraction, Fraction, int), optional
        For a grid with exact end points: ``(start, stop, steps)`` per parameter.
    fixed : mapping of str to number
        Parameters held at one value (exact where given exactly) at every point; not
        columns of the result.
    index : ndarray of int, optional
        For a part of a design (:meth:`chunk`, :meth:`take`): the numbers of its points in
        the whole design, whose ``shape`` and ``axes`` it keeps (so exact values stay known).
    """

    names: tuple[str, ...]
    points: Mapping[str, np.ndarray]
    method: str
    shape: tuple[int, ...] | None = None
    seed: int | None = None
    axes: Mapping[str, tuple[Fraction, Fraction, int]] | None = field(default=None, compare=False)
    fixed: Mapping[str, Any] = field(default_factory=dict, compare=False)
    index: np.ndarray | None = field(default=None, compare=False, repr=False)

    @property
    def n(self) -> int:
        """Number of points."""
        if not self.names:
            return 0
        return int(len(self.points[self.names[0]]))

    def chunk(self, start: int, stop: int) -> Design:
        """The points ``start:stop`` as a design of their own (see :attr:`index`)."""
        return self.take(np.arange(start, min(stop, self.n)))

    def take(self, index: np.ndarray) -> Design:
        """The points at *index* (an integer array) as a design of their own."""
        index = np.asarray(index, dtype=np.int64)
        whole = self.index[index] if self.index is not None else index
        return Design(self.names, {k: self.points[k][index] for k in self.names},
                      self.method, self.shape, self.seed, self.axes, self.fixed, whole)

    def with_fixed(self, fixed: Mapping[str, Any]) -> Design:
        """This design with the parameters *fixed* held at one value each."""
        clash = [k for k in fixed if k in self.names]
        if clash:
            raise ParameterError(f"parameter {clash[0]!r} is both swept and fixed", file="--param",
                                 hint="drop the --param of a swept parameter")
        return replace(self, fixed=dict(fixed))

    def float_points(self) -> dict[str, np.ndarray]:
        """Float arrays of the swept and the fixed parameters (what ``spec.payoffs`` takes)."""
        out = {k: self.points[k] for k in self.names}
        n = self.n
        for k, v in self.fixed.items():
            out[k] = np.full(n, float(v))
        return out

    def exact_point(self, i: int) -> dict[str, Fraction]:
        """The exact parameter values of point *i* (grid values from the exact end points;
        otherwise the exact value of the float)."""
        out: dict[str, Fraction] = {}
        whole = int(self.index[i]) if self.index is not None else i
        index = np.unravel_index(whole, self.shape) if self.shape is not None and self.axes else None
        for j, name in enumerate(self.names):
            axis = self.axes.get(name) if self.axes else None
            if axis is not None and index is not None:
                start, stop, steps = axis
                k = int(index[j])
                out[name] = start if steps == 1 else start + (stop - start) * k / (steps - 1)
            else:
                out[name] = Fraction(float(self.points[name][i]))
        out.update(self.fixed)
        return out

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready description (not the points themselves, which are the rows)."""
        out: dict[str, Any] = {"method": self.method, "parameters": list(self.names),
                               "points": self.n}
        if self.shape is not None:
            out["shape"] = list(self.shape)
        if self.axes:
            out["axes"] = {k: {"start": _num(a[0]), "stop": _num(a[1]), "steps": a[2]}
                           for k, a in self.axes.items()}
        if self.seed is not None:
            out["seed"] = self.seed
        return out

    def describe(self) -> str:
        if self.method == "grid" and self.shape is not None:
            dims = " x ".join(f"{s} {k}" for k, s in zip(self.names, self.shape))
            return f"a grid of {self.n:,} points ({dims})"
        return (f"{self.n:,} {self.method} points over {', '.join(self.names)}"
                + (f" (seed {self.seed})" if self.seed is not None else ""))


def _num(v: Fraction) -> str | int:
    return int(v) if v.denominator == 1 else str(v)


def _check_name(spec: Any, name: str, option: str) -> tuple[Fraction | None, Fraction | None]:
    names = spec.parameters.names
    if name not in names:
        raise ParameterError(f"unknown parameter {name!r}", file=option,
                             hint=did_you_mean(name, names) or "this spec declares no parameters")
    lo, hi = spec.bounds(name)
    return lo, hi


def _exact(value: Any, name: str, option: str) -> Fraction | float:
    from ..spec._params import coerce_value

    v: Any = coerce_value(value, name, option)
    if isinstance(v, np.ndarray):
        raise ParameterError(f"{option} {name}: expected one number", file=option)
    return v


def _check_size(n: int, what: str) -> None:
    if n > MAX_SWEEP_POINTS:
        raise GameTooLarge(
            f"{what} has {n:,} points, more than the limit {MAX_SWEEP_POINTS:,} (MAX_SWEEP_POINTS): "
            "use fewer steps, or a sampled design (--samples N --method sobol) that covers the "
            "space with far fewer points")


def _in_bounds(name: str, lo: Any, hi: Any, bounds: tuple[Any, Any], option: str) -> None:
    bmin, bmax = bounds
    for v in (lo, hi):
        if (bmin is not None and v < bmin) or (bmax is not None and v > bmax):
            rng = f"[{bmin if bmin is not None else '-inf'}, {bmax if bmax is not None else 'inf'}]"
            raise ParameterError(f"{option} {name}: {v} lies outside the declared range {rng}",
                                 file=option, hint=f"{name} must lie in {rng}")


def grid_design(spec: Any, axes: Mapping[str, tuple[Any, Any, int]]) -> Design:
    """An evenly spaced grid over one or more parameters.

    Parameters
    ----------
    spec : Spec
        The spec whose parameters are swept (names and declared bounds are checked).
    axes : mapping of str to (start, stop, steps)
        Per parameter, in order: end points (numbers, exact when given as ints, Fractions or
        numeric text such as ``"1/3"``) and the number of values (``steps >= 1``; ``1`` gives
        ``start`` only).

    Returns
    -------
    Design
        ``method="grid"``, ``shape`` the steps per parameter, points in C order (last
        parameter fastest).

    Raises
    ------
    ParameterError
        An unknown parameter, end points outside the declared bounds, steps below 1.
    GameTooLarge
        More than :data:`MAX_SWEEP_POINTS` points (checked before any work).
    """
    if not axes:
        raise ParameterError("a grid needs at least one parameter", file="--grid",
                             hint="write --grid NAME=START:STOP:STEPS")
    names = tuple(axes)
    shape = tuple(int(axes[k][2]) for k in names)
    n = 1
    for k, s in zip(names, shape):
        if s < 1:
            raise ParameterError(f"--grid {k}: {s} steps; at least 1 is needed", file="--grid",
                                 hint="write --grid NAME=START:STOP:STEPS with STEPS >= 1")
        n *= s
    _check_size(n, "the grid")
    exact_axes: dict[str, tuple[Fraction, Fraction, int]] = {}
    values: list[np.ndarray] = []
    for k, s in zip(names, shape):
        bounds = _check_name(spec, k, "--grid")
        start, stop = (_exact(v, k, "--grid") for v in axes[k][:2])
        _in_bounds(k, start, stop, bounds, "--grid")
        if isinstance(start, Fraction) and isinstance(stop, Fraction):
            exact_axes[k] = (start, stop, s)
            if s == 1:
                vals = np.array([float(start)])
            else:
                # exact values rounded once each, so that the end points are hit exactly
                step = (stop - start) / (s - 1)
                vals = np.array([float(start + step * j) for j in range(s)]) if s <= 100_000 \
                    else np.linspace(float(start), float(stop), s)
        else:
            vals = np.linspace(float(start), float(stop), s)
        values.append(vals)
    mesh = np.meshgrid(*values, indexing="ij")
    points = {k: np.ascontiguousarray(m.reshape(-1), dtype=np.float64) for k, m in zip(names, mesh)}
    return Design(names, points, "grid", shape, None,
                  exact_axes if len(exact_axes) == len(names) else None)


def sample_design(spec: Any, n: int, method: str = "uniform", seed: int | None = 0,
                  ranges: Mapping[str, tuple[Any, Any] | None] | None = None,
                  names: Sequence[str] | None = None) -> Design:
    """*n* points sampled over a box of parameter values.

    Parameters
    ----------
    spec : Spec
    n : int
        Number of points (a power of two for ``"sobol"``, whose balance properties hold
        only then).
    method : {"uniform", "lhs", "sobol"}
        Independent uniform draws (``numpy.random.default_rng``), a Latin hypercube
        (``scipy.stats.qmc.LatinHypercube``) or a scrambled Sobol sequence
        (``scipy.stats.qmc.Sobol``).
    seed : int or None
        Seed of the generator (the same seed gives the same points).
    ranges : mapping of str to (lo, hi) or None
        The box per parameter; None (or a missing name) means the declared ``min``/``max``.
    names : sequence of str, optional
        The sampled parameters (default: the keys of *ranges*).

    Raises
    ------
    ParameterError
        An unknown parameter, a parameter without a declared bound and no range
        (``--range NAME=LO:HI`` gives one), an unknown method, a Sobol size that is not a
        power of two.
    GameTooLarge
        More than :data:`MAX_SWEEP_POINTS` points.
    """
    from scipy.stats import qmc

    ranges = dict(ranges or {})
    order = list(names) if names is not None else list(ranges)
    for k in ranges:
        if k not in order:
            order.append(k)
    if not order:
        raise ParameterError("a sampled design needs at least one parameter", file="--samples",
                             hint="name them with --over NAME or --range NAME=LO:HI")
    if method not in METHODS:
        raise ParameterError(f"unknown sampling method {method!r}", file="--method",
                             hint=f"one of {', '.join(METHODS)}")
    n = int(n)
    if n < 1:
        raise ParameterError(f"--samples {n}: at least 1 point is needed", file="--samples")
    _check_size(n, "the sample")
    if method == "sobol" and n & (n - 1):
        below = 1 << (n.bit_length() - 1)
        raise ParameterError(f"--samples {n}: a Sobol sequence needs a power of two",
                             file="--samples", hint=f"use {below:,} or {2 * below:,}")
    lows: list[float] = []
    highs: list[float] = []
    lo: Any
    hi: Any
    for k in order:
        bounds = _check_name(spec, k, "--range")
        given = ranges.get(k)
        if given is None:
            lo, hi = bounds
            if lo is None or hi is None:
                raise ParameterError(
                    f"parameter {k!r} has no declared {'min' if lo is None else 'max'}, so it has "
                    "no range to sample", file="--range",
                    hint=f"give one with --range {k}=LO:HI (ranges={{'{k}': (lo, hi)}} in Python)")
        else:
            lo, hi = (_exact(v, k, "--range") for v in given)
            _in_bounds(k, lo, hi, bounds, "--range")
        if hi < lo:
            raise ParameterError(f"--range {k}: {hi} is below {lo}", file="--range")
        lows.append(float(lo))
        highs.append(float(hi))
    d = len(order)
    if method == "uniform":
        unit = np.random.default_rng(seed).random((n, d))
    elif method == "lhs":
        unit = qmc.LatinHypercube(d, seed=seed).random(n)
    else:
        unit = qmc.Sobol(d, scramble=True, seed=seed).random_base2(n.bit_length() - 1)
    lo_a, hi_a = np.array(lows), np.array(highs)
    pts = lo_a + unit * (hi_a - lo_a)
    pts = np.minimum(np.maximum(pts, lo_a), hi_a)  # rounding never leaves the box
    points = {k: np.ascontiguousarray(pts[:, j]) for j, k in enumerate(order)}
    return Design(tuple(order), points, method, None, seed, None)


def parse_axis(text: str) -> tuple[str, tuple[Fraction | float, Fraction | float, int]]:
    """``"p=0:1:101"`` -> ``("p", (Fraction(0), Fraction(1), 101))``.

    >>> parse_axis("p=1/4:1:4")
    ('p', (Fraction(1, 4), Fraction(1, 1), 4))
    """
    name, sep, rest = text.partition("=")
    parts = rest.split(":")
    if not sep or not name.strip() or len(parts) != 3:
        raise ParameterError(f"bad grid {text!r}", file="--grid",
                             hint="write --grid NAME=START:STOP:STEPS, e.g. --grid p=0:1:101")
    name = name.strip()
    start, stop = (_exact(v.strip(), name, "--grid") for v in parts[:2])
    try:
        steps = int(parts[2])
    except ValueError:
        raise ParameterError(f"bad grid {text!r}: STEPS must be a whole number", file="--grid",
                             hint="write --grid NAME=START:STOP:STEPS, e.g. --grid p=0:1:101") from None
    return name, (start, stop, steps)


def parse_range(text: str) -> tuple[str, tuple[Fraction | float, Fraction | float]]:
    """``"S=0:20"`` -> ``("S", (Fraction(0), Fraction(20)))``."""
    name, sep, rest = text.partition("=")
    parts = rest.split(":")
    if not sep or not name.strip() or len(parts) != 2:
        raise ParameterError(f"bad range {text!r}", file="--range",
                             hint="write --range NAME=LO:HI, e.g. --range S=0:20")
    name = name.strip()
    lo, hi = (_exact(v.strip(), name, "--range") for v in parts)
    return name, (lo, hi)
