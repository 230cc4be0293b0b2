"""Benchmark: all extreme equilibria of 2-player games, treaty against nashpy and pygambit.

For seeded random games with integer payoffs in [-5, 5], time in one process

* treaty's ``extreme_equilibria(A, B, exact=True)`` (exact, certified),
* nashpy's ``Game(A, B).vertex_enumeration()`` (float), under a per-game timeout,
* pygambit's ``enummixed_solve(game, rational=True)`` (exact),

check that treaty's equilibrium set is identical to gambit's, compare nashpy's after rounding
(reporting the equilibria it misses), and print per-game times and the median time ratios.

Usage::

    python benchmarks/bench_enumeration.py [--sizes 10 12] [--games 3] [--seed 0]
        [--timeout 150] [--nashpy-games 2]

nashpy's vertex enumeration loops in Python over all pairs of polytope vertices: about two
minutes for one 10x10 game here, and the number of vertex pairs grows about a hundredfold from
10x10 to 12x12.  So it runs on the first ``--nashpy-games`` games of each size only, a game
that exceeds ``--timeout`` seconds is abandoned, and after a timeout nashpy is skipped for the
rest of that size and for larger sizes (also when its time at a smaller size, times the
growth, predicts a timeout).  pygambit cannot be interrupted (compiled code): about
10 s per 10x10 game and 100 s per 12x12 game here.  The default run takes about ten minutes.
"""

from __future__ import annotations

import argparse
import signal
import statistics
import sys
import time
import warnings
from fractions import Fraction
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from treaty.nash._vertex import extreme_equilibria  # noqa: E402


class _Timeout(Exception):
    pass


def _alarm(signum, frame):  # pragma: no cover - signal handler
    raise _Timeout


def run_treaty(A: np.ndarray, B: np.ndarray) -> tuple[float, set, str]:
    t = time.perf_counter()
    res = extreme_equilibria(A, B, exact=True)
    return time.perf_counter() - t, set(res.equilibria), res.enumeration


def run_gambit(A: np.ndarray, B: np.ndarray) -> tuple[float, set]:
    import pygambit as gbt

    t = time.perf_counter()
    game = gbt.Game.from_arrays(A, B)
    res = gbt.nash.enummixed_solve(game, rational=True)
    elapsed = time.perf_counter() - t
    players = list(game.players)
    eqs = {
        tuple(tuple(Fraction(eq[s]) for s in p.strategies) for p in players)
        for eq in res.equilibria
    }
    return elapsed, eqs


def run_nashpy(A: np.ndarray, B: np.ndarray, timeout: float) -> tuple[float | None, list]:
    """Seconds and equilibria, or (None, []) after *timeout* seconds."""
    import nashpy

    old = signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, timeout)
    t = time.perf_counter()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            eqs = list(nashpy.Game(A, B).vertex_enumeration())
        return time.perf_counter() - t, eqs
    except _Timeout:
        return None, []
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def rounded(eq: tuple, digits: int = 6) -> tuple:
    x, y = eq
    return (
        tuple(round(float(p), digits) + 0.0 for p in x),
        tuple(round(float(p), digits) + 0.0 for p in y),
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[10, 12])
    ap.add_argument("--games", type=int, default=3, help="games per size")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--timeout", type=float, default=150.0, help="nashpy seconds per game")
    ap.add_argument("--nashpy-games", type=int, default=2, help="nashpy games per size")
    args = ap.parse_args(argv)

    extreme_equilibria(np.eye(2), np.eye(2), exact=True)  # warm up imports (networkx, cdd)
    rng = np.random.default_rng(args.seed)
    nashpy_off_from: int | None = None
    nashpy_slowest = 0.0  # longest nashpy run so far, at a smaller size
    rows = []
    header = (
        f"{'size':>6} {'game':>4} {'#eq':>4} {'treaty s':>9} {'gambit s':>9} {'nashpy s':>9} "
        f"{'=gambit':>7} {'nashpy found/missed':>20}  route"
    )
    print(header)
    print("-" * len(header))
    for size in sorted(args.sizes):
        if nashpy_off_from is None and nashpy_slowest > args.timeout / 20:
            # its pair loop grows ~100x from 10x10 to 12x12: it would certainly time out
            print(
                f"(nashpy not run at {size}x{size}: {nashpy_slowest:.0f} s per game at the "
                "previous size predicts more than the timeout)"
            )
            nashpy_off_from = size
        size_slowest = 0.0
        for g in range(args.games):
            A = rng.integers(-5, 6, (size, size))
            B = rng.integers(-5, 6, (size, size))
            t_treaty, ours, route = run_treaty(A, B)
            t_gambit, theirs = run_gambit(A, B)
            same = ours == theirs
            t_nashpy: float | None = None
            note = "skipped"
            if g < args.nashpy_games and (nashpy_off_from is None or size < nashpy_off_from):
                t_nashpy, neqs = run_nashpy(A, B, args.timeout)
                if t_nashpy is None:
                    note = f"timeout>{args.timeout:g}s"
                    nashpy_off_from = size
                else:
                    size_slowest = max(size_slowest, t_nashpy)
                    found = {rounded(e) for e in neqs}
                    ref = {rounded(e) for e in ours}
                    note = f"{len(found & ref)}/{len(ref - found)}"
                    if found - ref:
                        note += f" +{len(found - ref)} spurious"
            rows.append((size, t_treaty, t_gambit, t_nashpy, same))
            tn = f"{t_nashpy:9.2f}" if t_nashpy is not None else f"{'-':>9}"
            print(
                f"{size:>3}x{size:<2} {g:>4} {len(ours):>4} {t_treaty:9.3f} {t_gambit:9.2f} {tn} "
                f"{'yes' if same else 'NO':>7} {note:>20}  {route}",
                flush=True,
            )
        nashpy_slowest = max(nashpy_slowest, size_slowest)
    print()
    print(f"{'size':>6} {'median treaty s':>16} {'gambit/treaty':>14} {'nashpy/treaty':>14}")
    for size in sorted(args.sizes):
        sel = [r for r in rows if r[0] == size]
        med_t = statistics.median(r[1] for r in sel)
        ratio_g = statistics.median(r[2] / r[1] for r in sel)
        nash = [r[3] / r[1] for r in sel if r[3] is not None]
        ratio_n = f"{statistics.median(nash):14.0f}" if nash else f"{'n/a':>14}"
        print(f"{size:>3}x{size:<2} {med_t:16.3f} {ratio_g:14.0f} {ratio_n}  ({len(nash)} nashpy)")
    ok = all(r[4] for r in rows)
    print()
    print("treaty's equilibrium sets identical to gambit's:", "all games" if ok else "NO")
    if nashpy_off_from is not None:
        print(f"nashpy skipped from {nashpy_off_from}x{nashpy_off_from} on (timeout or prediction)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
