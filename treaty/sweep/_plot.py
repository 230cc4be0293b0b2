"""Regime maps: pictures of a sweep, drawn with matplotlib (the ``plot`` extra).

* **Two parameters** (:func:`plot_sweep` on a sweep over two names): each point's *regime*
  (the sentence :func:`regime_labels` makes of its classifier columns, e.g. "pact is the
  unique equilibrium") is a coloured cell of the grid (``pcolormesh``; a scatter for sampled
  designs), with a legend naming each regime.  Over the cells go the boundary curves, not
  the pixel staircase of the grid:

  - **exact** where the condition is polynomial: for a ``<t>_equilibrium`` column, the
    boundary of the set where target *t* is a pure equilibrium is found, at each of
    ``curve_points`` values of one parameter, by :func:`treaty.threshold` over the other
    (the conditions recovered as rational functions, the end points exact or isolated to
    2**-60), in both directions so that steep and flat parts are both traced;
  - **by bisection** for the other regime changes (uniqueness, the pure signature, ...):
    between two neighbouring grid points with different regimes (and the same answer of the
    exact columns) the change is bisected ``bisect_steps`` times with the same classifiers
    the sweep used, vectorised over all changes at once.

* **One parameter**: a strip of the regimes along the axis, then every equilibrium's
  strategy probabilities and payoffs against the parameter (each point solved exactly with
  :func:`treaty.equilibria`; at most ``max_solves`` points, evenly taken).

Axis labels come from the parameters' ``doc`` (and ``unit``) in the spec.  The figure is
written by suffix (``.png``, ``.svg``, ``.pdf``) with matplotlib's Agg backend (no display
needed); the returned :class:`RegimeMap` holds what was drawn (grid of regime indices,
labels, curves) for tests and notebooks.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import GameError, ParameterError, TreatyError

__all__ = ["RegimeMap", "RegimeGrid", "Curve", "plot_sweep", "regime_labels", "regime_grid",
           "exact_boundaries", "require_matplotlib", "check_plot_path", "FORMATS"]

FORMATS = (".png", ".svg", ".pdf")
#: colours of the regimes, in order of first appearance (colour-blind safe: Okabe and Ito 2008)
PALETTE = ("#009E73", "#56B4E9", "#E69F00", "#CC79A7", "#0072B2", "#D55E00", "#F0E442",
           "#999999", "#000000")


def require_matplotlib(option: str = "--plot") -> Any:
    """Import matplotlib with the Agg backend, or fail in one line naming the extra."""
    try:
        import matplotlib
    except ImportError:
        raise ParameterError("drawing a regime map needs matplotlib", file=option,
                             hint='pip install "treaty[plot]"') from None
    matplotlib.use("Agg", force=True)
    import matplotlib.pyplot as plt

    return plt


def check_plot_path(path: str | Path) -> None:
    """Fail before any work when *path* is not a picture we can draw or matplotlib is missing."""
    if Path(path).suffix.lower() not in FORMATS:
        raise ParameterError(f"cannot draw a {Path(path).suffix or 'suffix-less'} file {str(path)!r}",
                             file="--plot", hint="name a .png, .svg or .pdf file")
    require_matplotlib()


# -- regimes --------------------------------------------------------------------------------

def _truth(v: Any) -> bool:
    if isinstance(v, str):
        return v.strip().lower() in ("true", "1", "yes")
    try:
        return bool(v) and not (isinstance(v, float) and np.isnan(v))
    except (TypeError, ValueError):
        return False


def _row_regime(row: Mapping[str, Any], columns: Sequence[str]) -> str:
    """The regime sentence of one row from its classifier columns."""
    parts: list[str] = []
    done: set[str] = set()
    for col in columns:
        if col in done:
            continue
        if col.endswith("_equilibrium"):
            t = col[: -len("_equilibrium")]
            ucol = f"{t}_unique"
            done.update((col, ucol))
            if not _truth(row[col]):
                parts.append(f"{t} is not an equilibrium")
            elif ucol in columns:
                parts.append(f"{t} is the unique equilibrium" if _truth(row[ucol])
                             else f"{t} is an equilibrium (not unique)")
            else:
                parts.append(f"{t} is an equilibrium")
        elif col.endswith("_unique"):
            done.add(col)
            parts.append(f"{col[:-len('_unique')]} {'is' if _truth(row[col]) else 'is not'} unique")
        elif col.endswith("_stable"):
            done.add(col)
            parts.append(f"{col[:-len('_stable')]} {'stable' if _truth(row[col]) else 'not stable'}")
        elif col.endswith("_discount"):
            done.add(col)
            v = row[col]
            never = v is None or (isinstance(v, float) and np.isnan(v)) or v == ""
            parts.append(f"{col[:-len('_discount')]} {'never sustained' if never else 'sustainable'}")
        elif col == "pure":
            done.add(col)
            parts.append(f"pure equilibria: {row[col] if row[col] not in ('', None) else '-'}")
        elif col == "equilibria":
            done.add(col)
            parts.append(f"{row[col]} equilibri{'um' if str(row[col]) == '1' else 'a'}")
        else:
            done.add(col)
            parts.append(f"{col} = {row[col]}")
    return "; ".join(parts) or "(no classifier)"


def _class_columns(result: Any) -> list[str]:
    names = set(result.design.names)
    return [c for c in result.columns if c not in names]


def _regimes_of(columns: Mapping[str, np.ndarray], cols: Sequence[str], n: int) -> np.ndarray:
    out = np.empty(n, dtype=object)
    cache: dict[tuple[Any, ...], str] = {}
    arrays = [np.asarray(columns[c]) for c in cols]
    for j in range(n):
        key = tuple(a[j].item() if hasattr(a[j], "item") else a[j] for a in arrays)
        lab = cache.get(key)
        if lab is None:
            lab = _row_regime(dict(zip(cols, key)), cols)
            cache[key] = lab
        out[j] = lab
    return out


def regime_labels(result: Any) -> np.ndarray:
    """The regime sentence of every point of a sweep (object array of str, one per point)."""
    cols = _class_columns(result)
    n = len(next(iter(result.columns.values())))
    return _regimes_of(result.columns, cols, n)


@dataclass(frozen=True)
class RegimeGrid:
    """The regimes of a two-parameter sweep laid out on its grid.

    ``index[i, j]`` is the position in ``labels`` of the regime at ``(xs[j], ys[i])`` (-1 where
    the sweep has no point); ``labels`` are in order of first appearance.
    """

    x: str
    y: str
    xs: np.ndarray
    ys: np.ndarray
    labels: tuple[str, ...]
    index: np.ndarray

    def label_at(self, x: float, y: float) -> str:
        """The regime of the grid point nearest to (x, y)."""
        j = int(np.abs(self.xs - x).argmin())
        i = int(np.abs(self.ys - y).argmin())
        k = int(self.index[i, j])
        return self.labels[k] if k >= 0 else ""


def regime_grid(result: Any, x: str | None = None, y: str | None = None) -> RegimeGrid:
    """Lay the regimes of a sweep over (at least) two parameters out on the grid of *x*, *y*."""
    names = list(result.design.names)
    x = x or names[0]
    y = y or names[1]
    labels_per_point = regime_labels(result)
    order: list[str] = []
    for lab in labels_per_point:
        if lab not in order:
            order.append(lab)
    xcol = np.asarray(result.columns[x], dtype=float)
    ycol = np.asarray(result.columns[y], dtype=float)
    xs, ys = np.unique(xcol), np.unique(ycol)
    index = np.full((len(ys), len(xs)), -1, dtype=np.int64)
    pos = {lab: k for k, lab in enumerate(order)}
    jj = np.searchsorted(xs, xcol)
    ii = np.searchsorted(ys, ycol)
    for j in range(len(xcol)):
        index[ii[j], jj[j]] = pos[labels_per_point[j]]
    return RegimeGrid(x, y, xs, ys, tuple(order), index)


# -- boundary curves -------------------------------------------------------------------------

@dataclass(frozen=True)
class Curve:
    """One boundary curve (NaN breaks it); ``kind`` is ``"exact"`` or ``"bisection"``."""

    column: str
    kind: str
    x: np.ndarray
    y: np.ndarray


def _exact_fraction(v: float) -> Fraction:
    return Fraction(repr(float(v)))


def _slots_to_curve(column: str, kind: str, along: np.ndarray, ends: list[list[float]],
                    swap: bool) -> list[Curve]:
    """Join the k-th end point at each sample into curve k (broken where the count changes)."""
    k_max = max((len(e) for e in ends), default=0)
    curves = []
    for k in range(k_max):
        vals = np.array([e[k] if len(e) == k_max else np.nan for e in ends], dtype=float)
        if np.all(np.isnan(vals)):
            continue
        xs, ys = (vals, along.copy()) if swap else (along.copy(), vals)
        curves.append(Curve(column, kind, xs, ys))
    return curves


def exact_boundaries(spec: Any, target: str, x: str, y: str, xlim: tuple[float, float],
                     ylim: tuple[float, float], params: Mapping[str, Any] | None = None,
                     points: int = 150) -> list[Curve]:
    """Exact boundary of the set of (x, y) where *target* is a pure equilibrium.

    At each of *points* values of one parameter, :func:`treaty.threshold` over the other
    (within the plotted range) gives the exact end points of the equilibrium set; the inner
    ones (not the edges of the range) are the boundary.  Done both ways (x fixed, then y
    fixed) so that steep and flat stretches are both sampled densely.
    """
    from ..mechanics.thresholds import threshold

    base = dict(params or {})
    curves: list[Curve] = []
    col = f"{target.replace(',', '/')}_equilibrium"
    for fixed, over, flim, olim, swap in ((x, y, xlim, ylim, False), (y, x, ylim, xlim, True)):
        lo, hi = _exact_fraction(flim[0]), _exact_fraction(flim[1])
        olo, ohi = _exact_fraction(olim[0]), _exact_fraction(olim[1])
        along = [lo + (hi - lo) * Fraction(i, points - 1) for i in range(points)]
        ends: list[list[float]] = []
        for v in along:
            try:
                th = threshold(spec, over, target, {**base, fixed: v}, bounds=(olo, ohi),
                               repeated=False)
            except TreatyError:
                ends.append([])
                continue
            e: list[float] = []
            for iv in th.intervals:
                for ep in (iv.lower, iv.upper):
                    if ep is not None and olo < ep.value < ohi:
                        e.append(float(ep.value))
            ends.append(sorted(e))
        curves += _slots_to_curve(col, "exact", np.array([float(a) for a in along]), ends, swap)
    return curves


def _bisect_boundaries(label_fn: Callable[[dict[str, np.ndarray]], np.ndarray], grid: RegimeGrid,
                       skip: Callable[[str, str], bool], steps: int) -> list[Curve]:
    """Bisect every change of regime between grid neighbours (both directions), vectorised."""
    curves: list[Curve] = []
    idx = grid.index
    lab = np.array(grid.labels + ("",), dtype=object)
    for axis in (0, 1):  # 0: along y (x fixed), 1: along x (y fixed)
        a, b = (idx[:-1, :], idx[1:, :]) if axis == 0 else (idx[:, :-1], idx[:, 1:])
        change = (a != b) & (a >= 0) & (b >= 0)
        pairs = [(i, j) for i, j in zip(*np.nonzero(change))
                 if not skip(lab[a[i, j]], lab[b[i, j]])]
        if not pairs:
            continue
        ii = np.array([p[0] for p in pairs])
        jj = np.array([p[1] for p in pairs])
        if axis == 0:
            fixed_vals = grid.xs[jj]
            lo, hi = grid.ys[ii].astype(float), grid.ys[ii + 1].astype(float)
            fixed_name, move_name = grid.x, grid.y
        else:
            fixed_vals = grid.ys[ii]
            lo, hi = grid.xs[jj].astype(float), grid.xs[jj + 1].astype(float)
            fixed_name, move_name = grid.y, grid.x
        lo_lab = lab[a[ii, jj]]
        for _ in range(steps):
            mid = (lo + hi) / 2
            got = label_fn({fixed_name: fixed_vals, move_name: mid})
            same = got == lo_lab
            lo = np.where(same, mid, lo)
            hi = np.where(same, hi, mid)
        pos = (lo + hi) / 2
        # one curve per pair of regimes, points sorted along the fixed axis, broken at gaps
        kinds: dict[tuple[str, str], list[int]] = {}
        for k in range(len(pairs)):
            key = tuple(sorted((str(lab[a[ii[k], jj[k]]]), str(lab[b[ii[k], jj[k]]]))))
            kinds.setdefault((key[0], key[1]), []).append(k)
        for key, ks in kinds.items():
            ks = sorted(ks, key=lambda k: (fixed_vals[k], pos[k]))
            xs_, ys_ = (fixed_vals[ks], pos[ks]) if axis == 0 else (pos[ks], fixed_vals[ks])
            curves.append(Curve(" / ".join(key), "bisection", xs_.astype(float), ys_.astype(float)))
    return curves


# -- the figure ------------------------------------------------------------------------------

@dataclass(frozen=True)
class RegimeMap:
    """What :func:`plot_sweep` drew: the file, the regime grid (2-D) and the curves."""

    path: str
    kind: str  # "map" (two parameters), "scatter" (two sampled parameters), "line" (one)
    parameters: tuple[str, ...]
    labels: tuple[str, ...]
    grid: RegimeGrid | None = None
    curves: tuple[Curve, ...] = field(default=())


def _axis_label(spec: Any, name: str, width: int = 60) -> str:
    if spec is None:
        return name
    try:
        p = spec.parameters[name]
    except (KeyError, AttributeError, TypeError):
        return name
    doc = (getattr(p, "doc", "") or "").strip()
    unit = (getattr(p, "unit", "") or "").strip()
    text = f"{doc} ({name}{', ' + unit if unit else ''})" if doc else name
    return "\n".join(textwrap.wrap(text, width)) or name


def _spec_file(result: Any) -> str | None:
    for attr in ("file", "spec_file", "source", "spec"):
        v = getattr(result, attr, None)
        if isinstance(v, (str, Path)) and str(v):
            return str(v)
    return None


def _load_spec(result: Any, spec: Any) -> Any:
    if spec is not None and not isinstance(spec, (str, Path)):
        return spec
    file = str(spec) if spec is not None else _spec_file(result)
    if file is None or not Path(file).exists():
        return None
    from ..spec.loader import read_spec

    return read_spec(file)


def _params_of(result: Any) -> dict[str, Any]:
    p = getattr(result, "params", None) or getattr(result, "overrides", None) or {}
    return dict(p) if isinstance(p, Mapping) else {}


def plot_sweep(result: Any, path: str | Path, *, spec: Any = None, x: str | None = None,
               y: str | None = None, boundaries: bool = True, curve_points: int = 150,
               bisect_steps: int = 24, max_solves: int = 400, title: str | None = None,
               classifiers: Sequence[Any] | None = None,
               params: Mapping[str, Any] | None = None) -> RegimeMap:
    """Draw a sweep as a regime map (two parameters) or against its parameter (one).

    Parameters
    ----------
    result : SweepResult
        A sweep (from :func:`treaty.sweep.sweep` or :func:`treaty.sweep.read_sweep`).
    path : str or Path
        The picture to write: ``.png``, ``.svg`` or ``.pdf``.
    spec : Spec or path, optional
        The spec swept (default: the file the result names); needed for axis labels from the
        parameters' docs, the boundary curves and the one-parameter equilibrium panels.
    x, y : str, optional
        The parameters on the axes (default the first two swept).
    boundaries : bool
        Draw the boundary curves (exact and bisected); default True.
    curve_points, bisect_steps, max_solves : int
        Samples per exact curve, bisection steps per regime change, equilibria solved at most
        for a one-parameter plot.
    classifiers : sequence, optional
        The classifiers for the bisection (default: parsed from ``result.classifiers``).
    params : mapping, optional
        Values of the parameters that were not swept, as given to the sweep (default: those
        the result records, else the spec's values); the curves and panels use them.

    Returns
    -------
    RegimeMap
    """
    path = Path(path)
    check_plot_path(path)
    plt = require_matplotlib()
    sp = _load_spec(result, spec)
    fixed = {**_params_of(result), **dict(params or {})}
    names = list(result.design.names)
    if not names:
        raise GameError("the sweep has no swept parameter to plot against")
    if len(names) == 1 or (x is not None and y is None and len(names) == 1):
        return _plot_line(plt, result, path, sp, x or names[0], max_solves, title, fixed)
    x = x or names[0]
    y = y or next(n for n in names if n != x)
    return _plot_map(plt, result, path, sp, x, y, boundaries, curve_points, bisect_steps, title,
                     classifiers, fixed)


def _classifiers_of(result: Any, sp: Any, given: Sequence[Any] | None) -> list[Any]:
    from ._classify import parse_classifier

    items = list(given) if given is not None else list(getattr(result, "classifiers", ()) or ())
    out = []
    for c in items:
        try:
            out.append(parse_classifier(c, sp))
        except TreatyError:
            continue
    return out


def _plot_map(plt: Any, result: Any, path: Path, sp: Any, x: str, y: str, boundaries: bool,
              curve_points: int, bisect_steps: int, title: str | None,
              classifiers: Sequence[Any] | None, params: dict[str, Any]) -> RegimeMap:
    from matplotlib.colors import ListedColormap
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    grid = regime_grid(result, x, y)
    n_labels = len(grid.labels)
    colours = _colours(grid.labels)
    n_points = len(np.asarray(result.columns[x]))
    is_grid = grid.index.size == n_points and bool((grid.index >= 0).all())
    fig, ax = plt.subplots(figsize=(7.5, 5.6), layout="constrained")
    if is_grid:
        masked = np.ma.masked_less(grid.index, 0)
        ax.pcolormesh(_edges(grid.xs), _edges(grid.ys), masked, cmap=ListedColormap(colours),
                      vmin=-0.5, vmax=n_labels - 0.5, shading="flat")
    else:
        labs = regime_labels(result)
        pos = {lab: k for k, lab in enumerate(grid.labels)}
        ax.scatter(np.asarray(result.columns[x], dtype=float), np.asarray(result.columns[y], dtype=float),
                   c=[colours[pos[lab]] for lab in labs], s=6, linewidths=0)
    curves: list[Curve] = []
    if boundaries and sp is not None:
        xlim = (float(grid.xs[0]), float(grid.xs[-1]))
        ylim = (float(grid.ys[0]), float(grid.ys[-1]))
        eq_cols = [c for c in _class_columns(result) if c.endswith("_equilibrium")]
        for col in eq_cols:
            target = col[: -len("_equilibrium")]
            if sp.targets and target not in sp.targets and "/" in target:
                target = target.replace("/", ",")
            curves += exact_boundaries(sp, target, x, y, xlim, ylim, params, curve_points)
        if is_grid:
            cls = _classifiers_of(result, sp, classifiers)
            if cls:
                cols = _class_columns(result)

                def label_fn(pts: dict[str, np.ndarray]) -> np.ndarray:
                    n = len(next(iter(pts.values())))
                    full = {k: np.full(n, float(Fraction(v))) for k, v in params.items()
                            if k not in pts}
                    full.update(pts)
                    # other swept parameters held at their (single) value in this sweep
                    for other in result.design.names:
                        if other not in full:
                            full[other] = np.full(n, float(np.asarray(result.columns[other])[0]))
                    got: dict[str, np.ndarray] = {}
                    for c in cls:
                        got.update(c(sp, full))
                    return _regimes_of(got, [c for c in cols if c in got], n)

                def skip(a: str, b: str) -> bool:
                    # changes of an exact column are drawn exactly already
                    return bool(eq_cols) and _eq_answers(a) != _eq_answers(b)

                curves += _bisect_boundaries(label_fn, grid, skip, bisect_steps)
    for cv in curves:
        style = dict(color="black", lw=1.6, ls="-") if cv.kind == "exact" else \
            dict(color="#333333", lw=1.2, ls="--")
        ax.plot(cv.x, cv.y, **style)
    ax.set_xlim(float(_edges(grid.xs)[0]), float(_edges(grid.xs)[-1]))
    ax.set_ylim(float(_edges(grid.ys)[0]), float(_edges(grid.ys)[-1]))
    ax.set_xlabel(_axis_label(sp, x))
    ax.set_ylabel(_axis_label(sp, y))
    handles: list[Any] = [Patch(facecolor=colours[k], label=lab) for k, lab in enumerate(grid.labels)]
    if any(cv.kind == "exact" for cv in curves):
        handles.append(Line2D([], [], color="black", lw=1.6, label="exact boundary (threshold)"))
    if any(cv.kind == "bisection" for cv in curves):
        handles.append(Line2D([], [], color="#333333", lw=1.2, ls="--", label="boundary (bisection)"))
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.16), ncol=1,
              frameon=False, fontsize="small")
    ax.set_title(title or _title(sp, result))
    fig.savefig(path)
    plt.close(fig)
    return RegimeMap(str(path), "map" if is_grid else "scatter", (x, y), grid.labels, grid,
                     tuple(curves))


def _colours(labels: Sequence[str]) -> list[str]:
    """A colour per regime: green for "unique", blue for "equilibrium (not unique)", orange
    for "not an equilibrium" (the first target's answer), the rest of the palette in order."""
    fixed = {"the unique equilibrium": PALETTE[0], "an equilibrium (not unique)": PALETTE[1],
             "not an equilibrium": PALETTE[2]}
    out: list[str] = []
    rest = [c for c in PALETTE if c not in fixed.values()]
    for lab in labels:
        first = lab.split("; ")[0]
        pick = next((c for key, c in fixed.items() if first.endswith(key)), None)
        if pick is None or pick in out:
            pick = next((c for c in rest + list(PALETTE) if c not in out), PALETTE[len(out) % len(PALETTE)])
        out.append(pick)
    return out


def _eq_answers(label: str) -> tuple[bool, ...]:
    """Which targets the regime sentence says are (pure) equilibria (the exact columns)."""
    return tuple(not s.endswith("is not an equilibrium") for s in label.split("; ")
                 if s.endswith("equilibrium") or s.endswith("equilibrium (not unique)"))


def _title(sp: Any, result: Any) -> str:
    t = getattr(sp, "title", None) if sp is not None else None
    return f"Regimes of {t}" if t else "Regimes"


def _edges(v: np.ndarray) -> np.ndarray:
    v = np.asarray(v, dtype=float)
    if len(v) == 1:
        return np.array([v[0] - 0.5, v[0] + 0.5])
    mid = (v[1:] + v[:-1]) / 2
    return np.concatenate([[v[0] - (mid[0] - v[0])], mid, [v[-1] + (v[-1] - mid[-1])]])


def _plot_line(plt: Any, result: Any, path: Path, sp: Any, x: str, max_solves: int,
               title: str | None, params: dict[str, Any]) -> RegimeMap:
    from matplotlib.patches import Patch

    xcol = np.asarray(result.columns[x], dtype=float)
    order = np.argsort(xcol, kind="stable")
    xv = xcol[order]
    labs = regime_labels(result)[order]
    labels: list[str] = []
    for lab in labs:
        if lab not in labels:
            labels.append(lab)
    colours = dict(zip(labels, _colours(labels)))
    solve = sp is not None and getattr(sp, "kind", "") == "normal-form"
    nrows = 3 if solve else 1
    fig, axes = plt.subplots(nrows, 1, figsize=(7.5, 2.0 + 2.6 * (nrows - 1) + 1.2), sharex=True,
                             layout="constrained",
                             gridspec_kw={"height_ratios": [0.5] + [2] * (nrows - 1)})
    axes = np.atleast_1d(axes)
    strip = axes[0]
    edges = _edges(xv) if len(xv) else np.array([0.0, 1.0])
    for k in range(len(xv)):
        strip.axvspan(edges[k], edges[k + 1], color=colours[labs[k]], lw=0)
    strip.set_yticks([])
    strip.legend(handles=[Patch(facecolor=colours[lab], label=lab) for lab in labels],
                 loc="lower center", bbox_to_anchor=(0.5, 1.02), frameon=False, fontsize="small")
    if solve:
        _equilibrium_panels(axes[1], axes[2], sp, result, x, xv, max_solves, params)
    axes[-1].set_xlabel(_axis_label(sp, x))
    axes[-1].set_xlim(float(edges[0]), float(edges[-1]))
    fig.suptitle(title or _title(sp, result))
    fig.savefig(path)
    plt.close(fig)
    return RegimeMap(str(path), "line", (x,), tuple(labels))


def _equilibrium_panels(ax_p: Any, ax_u: Any, sp: Any, result: Any, x: str, xv: np.ndarray,
                        max_solves: int, params: dict[str, Any]) -> None:
    """Every equilibrium's strategy probabilities and payoffs at (up to) max_solves points."""
    from ..nash import equilibria

    take = np.unique(np.linspace(0, len(xv) - 1, min(len(xv), max_solves)).round().astype(int))
    probs: dict[str, tuple[list[float], list[float]]] = {}
    pays: dict[str, tuple[list[float], list[float]]] = {}
    for k in take:
        v = xv[k]
        point = {**params, x: _exact_fraction(v)}
        for other in result.design.names:
            if other != x:
                point[other] = _exact_fraction(float(np.asarray(result.columns[other])[k]))
        try:
            game = sp.instantiate(point)
            eqs = equilibria(game)
        except TreatyError:
            continue
        for eq in eqs:
            for i, player in enumerate(game.players):
                for s, lab in enumerate(game.strategies[i]):
                    key = f"{player}: {lab}"
                    pr = float(eq.strategies[i][s]) if not isinstance(eq.strategies[i], str) else 0.0
                    probs.setdefault(key, ([], []))
                    probs[key][0].append(float(v))
                    probs[key][1].append(pr)
                pays.setdefault(player, ([], []))
                pays[player][0].append(float(v))
                pays[player][1].append(float(eq.payoffs[i]))
    markers = ("o", "x", "+", "^", "s")
    strategy_names = list(dict.fromkeys(key.split(": ", 1)[1] for key in probs))
    players = list(dict.fromkeys(key.split(": ", 1)[0] for key in probs))
    for key, (px, py) in probs.items():
        player, lab = key.split(": ", 1)
        ax_p.scatter(px, py, s=14, marker=markers[players.index(player) % len(markers)],
                     color=PALETTE[(4 + strategy_names.index(lab)) % len(PALETTE)], label=key)
    ax_p.set_ylabel("probability in an\nequilibrium")
    ax_p.set_ylim(-0.05, 1.05)
    ax_p.legend(fontsize="x-small", ncol=1, frameon=False, loc="center left", bbox_to_anchor=(1, 0.5))
    for k, (key, (px, py)) in enumerate(pays.items()):
        ax_u.scatter(px, py, s=14, marker=markers[k % len(markers)], color="black", label=key)
    ax_u.set_ylabel("equilibrium payoff")
    ax_u.legend(fontsize="x-small", frameon=False, loc="center left", bbox_to_anchor=(1, 0.5))
