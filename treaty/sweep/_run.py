"""Running a sweep: chunks of points through the classifiers, in process or on an executor.

A chunk of points (a :class:`~treaty.sweep.Design` part) is the unit of work:
:func:`run_chunk` classifies one chunk and returns its column arrays.  :func:`sweep` splits the
design into chunks, maps :func:`run_chunk` over them (the built-in ``map`` in process, or any
``executor`` with a ``map(fn, iterable)`` that returns results in order -- a Dask client
adapter, :class:`concurrent.futures.Executor`, ...) and joins the columns in design order.

An interruption (Ctrl-C, :class:`KeyboardInterrupt`) keeps the chunks finished so far:
:class:`SweepInterrupted` carries them as a partial :class:`SweepResult`, and
``sweep(..., resume=partial)`` computes only the points it lacks.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import GameError
from ..results import Notebook
from ._classify import Classifier, parse_classifier
from ._design import Design, grid_design

__all__ = ["sweep", "run_chunk", "SweepResult", "SweepInterrupted", "DEFAULT_CHUNK"]

#: points per chunk by default: large enough for the vectorised checks to pay off, small
#: enough that an interruption loses little and a progress bar moves
DEFAULT_CHUNK = 20_000
#: points per chunk by default when a classifier builds the game point by point (coalition
#: stability, discount factors): the progress bar and an interruption stay fine-grained
SMALL_CHUNK = 200


@dataclass(frozen=True)
class SweepResult(Notebook):
    """The rows of a sweep: one per point, the parameter columns first.

    Attributes
    ----------
    design : Design
        The points (for a partial result, the whole design that was asked for).
    columns : mapping of str to ndarray
        Column name -> one entry per computed point: the swept parameters (floats), then each
        classifier's columns (bool, int, float or str).
    classifiers : tuple of str
        The classifiers' names (``"target:pact"``, ...).
    file : str or None
        The spec file swept.
    complete : bool
        False for the rows of an interrupted sweep (fewer rows than design points).
    title, kind, players
        Of the spec swept (for the JSON envelope).
    fixed : mapping
        The values of parameters held fixed (``params=``).
    """

    design: Design
    columns: Mapping[str, np.ndarray]
    classifiers: tuple[str, ...]
    file: str | None = None
    complete: bool = True
    title: str | None = field(default=None, compare=False)
    kind: str | None = field(default=None, compare=False)
    players: tuple[str, ...] = field(default=(), compare=False)
    fixed: Mapping[str, Any] = field(default_factory=dict, compare=False)

    @property
    def n(self) -> int:
        """Number of rows."""
        first = next(iter(self.columns.values()), None)
        return 0 if first is None else int(len(first))

    @property
    def parameters(self) -> tuple[str, ...]:
        return tuple(self.design.names)

    @property
    def result_columns(self) -> tuple[str, ...]:
        """The classifier columns (every column that is not a swept parameter)."""
        return tuple(k for k in self.columns if k not in self.design.names)

    def rows(self) -> list[dict[str, Any]]:
        """One dict per point: parameter values, then classifier values (Python scalars)."""
        names = list(self.columns)
        cols = [self.columns[k].tolist() for k in names]
        return [dict(zip(names, vals)) for vals in zip(*cols)]

    def _regime_codes(self) -> tuple[list[str], np.ndarray]:
        """The distinct regimes (labels) and, per row, the number of its regime."""
        keys = [k for k in self.result_columns if self.columns[k].dtype.kind != "f"]
        n = self.n
        if not keys:
            return ["all"], np.zeros(n, dtype=np.int64)
        values = []
        code = np.zeros(n, dtype=np.int64)
        radix = []
        for k in keys:
            col = self.columns[k]
            if col.dtype.kind == "b":
                uniq, inv = [False, True], col.astype(np.int64)
            else:
                u, i = np.unique(col, return_inverse=True)
                uniq, inv = u.tolist(), np.asarray(i).reshape(-1)
            values.append(uniq)
            radix.append(len(uniq))
            code = code * len(uniq) + inv
        present, which = np.unique(code, return_inverse=True)
        combos = []
        for c in present.tolist():
            digits = []
            for r in reversed(radix):
                c, d = divmod(c, r)
                digits.append(d)
            combos.append(digits[::-1])
        labels = []
        for combo in combos:
            parts = []
            for k, vals, c in zip(keys, values, combo):
                v = vals[c]
                if self.columns[k].dtype.kind == "b":
                    parts.append(k if v else "not " + k)
                else:
                    parts.append(f"{k}={v}")
            labels.append(", ".join(parts))
        return labels, np.asarray(which).reshape(-1)

    def regime_labels(self) -> np.ndarray:
        """Per row, its regime: the values of the classifier columns that are not floats."""
        labels, which = self._regime_codes()
        return np.array(labels, dtype=object)[which]

    def regimes(self) -> dict[str, int]:
        """The distinct regime labels with their counts, most frequent first."""
        labels, which = self._regime_codes()
        counts = np.bincount(which, minlength=len(labels)) if len(which) else np.zeros(0, int)
        order = sorted(range(len(labels)), key=lambda k: (-int(counts[k]), labels[k]))
        return {labels[k]: int(counts[k]) for k in order if counts[k]}

    def to_dict(self) -> dict[str, Any]:
        from .._exact.numbers import number_to_json

        def cell(v: Any) -> Any:
            if isinstance(v, float):
                return None if v != v else v
            if isinstance(v, (bool, int, str)) or v is None:
                return v
            return number_to_json(v)

        names = list(self.columns)
        return {
            "file": self.file,
            "design": self.design.to_dict(),
            "classifiers": list(self.classifiers),
            "complete": self.complete,
            "columns": names,
            "regimes": [{"regime": k, "count": c, "share": c / self.n if self.n else 0.0}
                        for k, c in self.regimes().items()],
            "rows": [[cell(v) for v in row] for row in zip(*(self.columns[k].tolist()
                                                              for k in names))],
        }

    def describe(self) -> str:
        regimes = self.regimes()
        head = f"{self.n:,} points" + ("" if self.complete else f" of {self.design.n:,} (interrupted)")
        if not regimes:
            return f"A sweep of {head}."
        top, count = next(iter(regimes.items()))
        return (f"A sweep of {head} over {', '.join(self.design.names)}: {len(regimes)} "
                f"regime{'s' if len(regimes) != 1 else ''}; the most common is '{top}' "
                f"({100 * count / max(self.n, 1):.1f}%).")

    def to_frame(self, *, exact: bool = False, table: str | None = None) -> Any:
        """The rows as a :class:`pandas.DataFrame` (needs pandas, ``treaty[frame]``)."""
        from ..report.frame import require_pandas

        pd = require_pandas()
        return pd.DataFrame({k: v for k, v in self.columns.items()})


class SweepInterrupted(KeyboardInterrupt):
    """A sweep stopped by Ctrl-C; ``result`` holds the rows computed before (``complete``
    False), which ``sweep(..., resume=result)`` continues."""

    def __init__(self, result: SweepResult) -> None:
        super().__init__(f"sweep interrupted after {result.n:,} of {result.design.n:,} points")
        self.result = result


def run_chunk(spec: Any, design: Design, classifiers: Sequence[Classifier]) -> dict[str, np.ndarray]:
    """Classify one chunk of points: the parameter columns, then each classifier's columns."""
    out: dict[str, np.ndarray] = {k: np.asarray(design.points[k], dtype=np.float64)
                                  for k in design.names}
    n = design.n
    for c in classifiers:
        cols = c(spec, design)
        for k in c.columns:
            col = np.asarray(cols[k])
            if col.shape != (n,):
                raise GameError(f"classifier {c.name} returned {col.shape} values for {n} points")
            out[k] = col
    return out


def _spec_of(source: Any) -> Any:
    from ..spec.parametric import Spec

    if isinstance(source, Spec):
        return source
    if isinstance(source, (str, Path)):
        from ..spec.loader import read_spec

        return read_spec(source)
    spec = getattr(source, "spec", None)
    if isinstance(spec, Spec):
        return spec
    raise GameError(f"sweep() takes a spec path or a Spec, not a {type(source).__name__}")


def _concat(parts: list[dict[str, np.ndarray]], names: Sequence[str]) -> dict[str, np.ndarray]:
    if not parts:
        return {k: np.zeros(0) for k in names}
    return {k: np.concatenate([p[k] for p in parts]) for k in names}


def _match(done: SweepResult, design: Design) -> np.ndarray:
    """Which design points *done* already holds (a bool mask over the design)."""
    if tuple(done.design.names) != tuple(design.names):
        raise GameError(f"cannot resume: the partial rows sweep {', '.join(done.design.names)}, "
                        f"this sweep {', '.join(design.names)}")
    have = set(zip(*(done.columns[k].tolist() for k in design.names)))
    keys = zip(*(design.points[k].tolist() for k in design.names))
    return np.fromiter((key in have for key in keys), dtype=bool, count=design.n)


def sweep(source: Any, design: Design | Mapping[str, tuple[Any, Any, int]],
          classify: Iterable[Any] | str = ("equilibria",), *,
          params: Mapping[str, Any] | None = None, chunk_size: int | None = None,
          executor: Any = None, progress: bool | None = None,
          resume: SweepResult | None = None) -> SweepResult:
    """Classify every point of a design.

    Parameters
    ----------
    source : str, Path or Spec
        The spec file (read once) or a :class:`~treaty.Spec`.
    design : Design or mapping of str to (start, stop, steps)
        The points (:func:`~treaty.sweep.grid_design`, :func:`~treaty.sweep.sample_design`);
        a mapping is a grid, as ``grid_design(spec, design)``.
    classify : str, Classifier or a sequence of them
        ``"equilibria"``, ``"target:NAME"``, ``"stable:A+B"``, ``"discount:NAME"``, the
        membership classifiers ``"pacts"``, ``"size"``, ``"potential"``, ``"clause..."`` or
        objects following :class:`~treaty.sweep.Classifier`.
    params : mapping, optional
        Values of parameters that are not swept (exact where given exactly).
    chunk_size : int, optional
        Points per unit of work (default :data:`DEFAULT_CHUNK` for the vectorised classifiers,
        :data:`SMALL_CHUNK` when one works point by point).
    executor : object with ``map(fn, iterable)``, optional
        Runs the chunks (results in order); None runs them in this process.
    progress : bool, optional
        Force the progress bar on or off (default: on when stderr is a terminal).
    resume : SweepResult, optional
        Rows already computed (an interrupted run or a partial file read with
        :func:`~treaty.sweep.read_sweep`); only the other points are computed, and the
        result is the same as one full run.

    Returns
    -------
    SweepResult

    Raises
    ------
    SweepInterrupted
        On Ctrl-C, with the rows computed so far.
    """
    from .._progress import Progress

    spec = _spec_of(source)
    if isinstance(design, Mapping):
        design = grid_design(spec, design)
    elif not isinstance(design, Design):
        raise GameError(f"a sweep's design is a Design or a mapping name -> (start, stop, steps), "
                        f"got {type(design).__name__}")
    if isinstance(classify, str) or isinstance(classify, Classifier):
        classify = (classify,)
    classifiers = tuple(parse_classifier(c, spec) for c in classify)
    if not classifiers:
        raise GameError("a sweep needs at least one classifier")
    if params:
        from ..spec._params import coerce_value

        design = design.with_fixed({k: coerce_value(v, k) for k, v in params.items()})
        spec.resolve(dict(params))  # unknown names and bounds fail before any work
    for c in classifiers:  # size checks of the classifiers that have one, before any work
        getattr(c, "check_design", lambda spec, design: None)(spec, design)
    names = list(design.names) + [k for c in classifiers for k in c.columns]
    if len(set(names)) != len(names):
        raise GameError(f"two columns have the same name: {names}")
    from ._classify import EquilibriaClassifier, TargetClassifier

    vectorised = all(isinstance(c, (TargetClassifier, EquilibriaClassifier)) for c in classifiers)
    size = int(chunk_size or (DEFAULT_CHUNK if vectorised else SMALL_CHUNK))
    if size < 1:
        raise GameError(f"chunk_size must be positive, got {size}")
    todo = np.arange(design.n)
    done_cols: dict[str, np.ndarray] | None = None
    done_mask = np.zeros(design.n, dtype=bool)
    if resume is not None:
        missing = [k for k in names if k not in resume.columns]
        if missing:
            raise GameError(f"cannot resume: the partial rows lack the column {missing[0]!r}")
        done_mask = _match(resume, design)
        todo = np.flatnonzero(~done_mask)
        done_cols = {k: np.asarray(resume.columns[k]) for k in names}
    chunks = [design.take(todo[k:k + size]) for k in range(0, len(todo), size)]
    fn = functools.partial(run_chunk, spec, classifiers=classifiers)
    parts: list[dict[str, np.ndarray]] = []
    interrupted = False
    with Progress(len(todo), "sweep", enabled=progress, unit="points") as bar:
        results: Iterator[dict[str, np.ndarray]] = (
            executor.map(fn, chunks) if executor is not None else map(fn, chunks))
        try:
            for part in results:
                parts.append(part)
                bar.update(len(next(iter(part.values()))) if part else 0)
        except KeyboardInterrupt:
            interrupted = True
    new = _concat(parts, names)
    computed = np.concatenate([c.index for c in chunks[:len(parts)]]) if parts else np.zeros(0, int)
    columns = _merge(design, names, done_mask, done_cols, computed, new, interrupted)
    fixed = dict(design.fixed)
    result = SweepResult(design.with_fixed({}) if fixed else design, columns,
                         tuple(c.name for c in classifiers), getattr(spec, "file", None),
                         complete=not interrupted, title=getattr(spec, "title", None) or None,
                         kind=getattr(spec, "kind", None) or None,
                         players=tuple(getattr(spec, "players", None) or ()), fixed=fixed)
    if interrupted:
        raise SweepInterrupted(result)
    return result


def _merge(design: Design, names: Sequence[str], done_mask: np.ndarray,
           done_cols: Mapping[str, np.ndarray] | None, computed: np.ndarray,
           new: Mapping[str, np.ndarray], interrupted: bool) -> dict[str, np.ndarray]:
    """The rows in design order: those resumed and those computed now."""
    have = done_mask.copy()
    have[computed] = True
    order = np.flatnonzero(have)  # design order of every row we hold
    if done_cols is None or not done_mask.any():
        if not interrupted and len(computed) == design.n and np.array_equal(computed, order):
            return dict(new)
        pos = np.argsort(computed, kind="stable")
        return {k: np.asarray(new[k])[pos] for k in names}
    # rows of the partial result, located in the design
    key_pos = {key: j for j, key in enumerate(zip(*(done_cols[k].tolist() for k in design.names)))}
    keys = zip(*(design.points[k][done_mask].tolist() for k in design.names))
    src = np.array([key_pos[key] for key in keys], dtype=np.int64)
    out: dict[str, np.ndarray] = {}
    slot_old = np.searchsorted(order, np.flatnonzero(done_mask))
    slot_new = np.searchsorted(order, computed)
    for k in names:
        a, b = np.asarray(done_cols[k])[src], np.asarray(new[k])
        dtype = np.result_type(a.dtype, b.dtype) if len(b) else a.dtype
        if a.dtype == object or b.dtype == object:
            dtype = np.dtype(object)
        col = np.empty(len(order), dtype=dtype)
        col[slot_old] = a
        col[slot_new] = b
        out[k] = col
    return out
