"""Benchmark: welfare-maximising correlated equilibria (issue 10), treaty against a plain LP.

For seeded random games, ``treaty.correlated_equilibrium(game, "welfare")`` is timed against a
plain dense ``scipy.optimize.linprog`` formulation written here from the definition (Aumann
1974; Nisan et al., *Algorithmic Game Theory* (2007), section 2.3): one variable per pure
profile, one row per player *i* and ordered pair ``s != t`` of *i*'s strategies,

    sum over profiles p with p_i = s of mu(p) (u_i(t, p_-i) - u_i(p)) <= 0,

``sum mu = 1``, ``mu >= 0``, maximise ``sum_p mu(p) sum_i u_i(p)``.  The rows are built by
explicit loops over the opponents' profiles (not with treaty's vectorised builder), dense, and
solved with ``linprog(method="highs")``.  Both optima are asserted equal to 1e-7 (relative to
``max(1, |optimum|)``) and printed; the median time per game of each and the ratio
treaty / plain are printed side by side.

Games (``numpy.random.default_rng(seed)``):

* float: payoffs uniform in [0, 1), one array per player, drawn in player order;
* exact: integer payoffs uniform in [-50, 50] (``integers(-50, 51)``), so treaty also
  rationalises the LP point and certifies every incentive constraint in Fractions (the plain
  LP does neither: that is the price of the exact answer).

Sizes: 3 players 6x6x6 (216 profiles, 90 incentive rows) and 2 players 30x30 (900 profiles,
1740 rows).

The exact games run on ``--exact-seeds`` (default 0 and 1; ``--exact-seeds 0 1 2 3 4`` for
more): on some 30x30 integer games the rationalised LP point fails the exact check and treaty
takes the vertex of HiGHS's optimal basis, verified in Fractions with an exact dual (seeds 2
and 3); on a highly degenerate one (seed 4) that basis is infeasible by about 1e-9 and exact
dual simplex pivots repair it (before, seed 4 stayed float).  A result that stays float would
be printed as such.

``--frontier`` also times the self-enforcing feasible set (``treaty.feasible_set(game,
self_enforcing=True)``: every vertex of the correlated-equilibrium payoff polygon) of 10x10
integer games (payoffs in [-50, 50], seeds ``--frontier-seeds``, default 0 1 2), printing the
vertices, LPs and whether every optimum was certified; ``--old-trace`` runs the previous chord
trace (one LP from scratch per direction, rationalised and bounded by a dual) beside it (about
10, 120 and 60 s on seeds 0, 1, 2).

Usage::

    python benchmarks/bench_correlated.py [--seeds 0 1 2 3 4] [--exact-seeds 0 1] [--repeat 3]
        [--no-exact] [--frontier [--frontier-seeds 0 1 2] [--old-trace]]
"""

from __future__ import annotations

import argparse
import itertools
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
from scipy.optimize import linprog

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import treaty  # noqa: E402

SIZES: tuple[tuple[int, ...], ...] = ((6, 6, 6), (30, 30))


def arrays(shape: tuple[int, ...], seed: int, exact: bool) -> list[np.ndarray]:
    rng = np.random.default_rng(seed)
    if exact:
        return [rng.integers(-50, 51, shape) for _ in shape]
    return [rng.random(shape) for _ in shape]


def plain_lp(payoffs: list[np.ndarray]) -> float:
    """The welfare-maximising CE value by a dense LP written from the definition."""
    shape = payoffs[0].shape
    profiles = list(np.ndindex(*shape))
    index = {p: k for k, p in enumerate(profiles)}
    rows = []
    for i, m in enumerate(shape):
        others = [range(n) for j, n in enumerate(shape) if j != i]
        for s in range(m):
            for t in range(m):
                if s == t:
                    continue
                row = np.zeros(len(profiles))
                for rest in itertools.product(*others):
                    p = rest[:i] + (s,) + rest[i:]
                    q = rest[:i] + (t,) + rest[i:]
                    row[index[p]] = payoffs[i][q] - payoffs[i][p]
                rows.append(row)
    welfare = np.array([sum(float(u[p]) for u in payoffs) for p in profiles])
    res = linprog(-welfare, A_ub=np.array(rows), b_ub=np.zeros(len(rows)),
                  A_eq=np.ones((1, len(profiles))), b_eq=[1.0], bounds=(0, None), method="highs")
    if res.status != 0:
        raise AssertionError(f"plain linprog failed: {res.message}")
    return float(-res.fun)


def timed(f: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    """Median seconds of *repeat* calls, and the last result."""
    times = []
    out = None
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = f()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), out


def bench(shape: tuple[int, ...], seeds: list[int], repeat: int, exact: bool) -> None:
    label = "x".join(map(str, shape))
    kind = "exact integer" if exact else "float"
    print(f"{len(shape)} players {label}, {kind} payoffs:")
    ratios = []
    for seed in seeds:
        arrs = arrays(shape, seed, exact)
        game = treaty.Game.from_arrays(*arrs)
        t_ours, ce = timed(lambda g=game: treaty.correlated_equilibrium(g, "welfare"), repeat)
        t_ref, ref = timed(lambda a=arrs: plain_lp(a), repeat)
        ours = float(ce.welfare)
        diff = abs(ours - ref)
        if diff > 1e-7 * max(1.0, abs(ref)):
            raise AssertionError(f"seed {seed}: treaty {ours!r} != plain LP {ref!r}")
        ratios.append(t_ours / t_ref)
        extra = ""
        if exact:  # a degenerate LP whose float point yields no certified vertex stays float
            extra = f", exact {ce.welfare}" if ce.exact else f", NOT certified: {ce.note}"
        print(f"  seed {seed}: optimum treaty {ours:.10f} plain {ref:.10f} (|diff| {diff:.1e}{extra}); "
              f"support {len(ce.distribution)}; time treaty {t_ours * 1e3:8.1f} ms, plain "
              f"{t_ref * 1e3:8.1f} ms, ratio {t_ours / t_ref:.2f}x")
    print(f"  median ratio treaty / plain: {statistics.median(ratios):.2f}x")


def frontier(seeds: list[int], old: bool) -> None:
    from treaty.negotiation import _feasible

    print("self-enforcing feasible set, 2 players 10x10, exact integer payoffs:")
    for seed in seeds:
        arrs = arrays((10, 10), seed, True)
        game = treaty.Game.from_arrays(*arrs)
        t0 = time.perf_counter()
        fs = treaty.feasible_set(game, self_enforcing=True)
        n_v = len(fs.vertices)
        t = time.perf_counter() - t0
        line = (f"  seed {seed}: {n_v} vertices, {fs._hull.lps} LPs, certified {fs.certified}, "
                f"{t:.2f} s")
        if old:
            t0 = time.perf_counter()
            hull = _feasible._trace(fs)
            line += (f"; chord trace: {len(hull.vertices)} vertices, {hull.lps} LPs, certified "
                     f"{hull.certified}, {time.perf_counter() - t0:.2f} s")
        print(line, flush=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2, 3, 4])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--exact-seeds", type=int, nargs="+", default=[0, 1])
    ap.add_argument("--no-exact", action="store_true", help="skip the exact integer games")
    ap.add_argument("--frontier", action="store_true", help="time the self-enforcing feasible set")
    ap.add_argument("--frontier-seeds", type=int, nargs="+", default=[0, 1, 2])
    ap.add_argument("--old-trace", action="store_true", help="with --frontier: the chord trace too")
    args = ap.parse_args()
    if args.frontier:
        frontier(args.frontier_seeds, args.old_trace)
        return
    for exact in (False, True) if not args.no_exact else (False,):
        for shape in SIZES:
            bench(shape, args.exact_seeds if exact else args.seeds, args.repeat, exact)


if __name__ == "__main__":
    main()
