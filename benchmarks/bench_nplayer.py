"""Benchmark: mixed equilibria of random N-player games, treaty's support enumeration vs pygambit.

For each shape (3x3x3 and 4x4x4 by default) draws ``--games`` seeded random games with integer
payoffs in ``[lo, hi]`` and, in one process, side by side:

* treaty's method ``"support"`` (:func:`treaty.nash._support_n.support_enumeration`, the size
  limit lifted): every isolated equilibrium, exact when rational, otherwise floats with a
  proven enclosure and a rigorous regret bound; whether it says it is complete;
* pygambit's ``enumpoly_solve`` (support enumeration with Gambit's polynomial solver) and
  ``gnm_solve`` (global Newton, some equilibria).

It prints per game the time (wall clock, and process CPU time, which a shared machine
inflates less, for treaty and enumpoly) and the number of equilibria of each, whether every equilibrium
pygambit found is among treaty's (to 1e-5, or on a continuum treaty reports by its extreme
points), and the time ratios treaty / enumpoly (wall and CPU).

Usage::

    python benchmarks/bench_nplayer.py [--shapes 3x3x3 4x4x4] [--games 3] [--payoffs -9 9] [--seed 0]
        [--no-gnm]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from treaty import Game  # noqa: E402
from treaty.nash._support_n import count_support_profiles, support_enumeration  # noqa: E402


def gambit(arrays: list[np.ndarray], solver: str) -> tuple[float, float, list[list[list[float]]]]:
    """Wall time, process CPU time and the equilibria of a pygambit solver (in this process)."""
    import pygambit as gbt

    g = gbt.Game.from_arrays(*[a.astype(int) for a in arrays])
    t, c = time.perf_counter(), time.process_time()
    res = getattr(gbt.nash, solver)(g)
    dt, cpu = time.perf_counter() - t, time.process_time() - c
    return dt, cpu, [[[float(e[p][s]) for s in p.strategies] for p in g.players] for e in res.equilibria]


def found(eqs: object, prof: list[list[float]], tol: float = 1e-5) -> bool:
    def close(x: object, y: list[list[float]]) -> bool:
        return all(abs(float(a) - b) < tol for s, t in zip(x, y) for a, b in zip(s, t))  # type: ignore

    ours = list(eqs)  # type: ignore
    if any(close(e.strategies, prof) for e in ours):
        return True
    for e in ours:  # on a segment between two reported extreme points (a continuum)
        for f in ours:
            diff = [i for i, (s, t) in enumerate(zip(e.strategies, f.strategies)) if s != t]
            if len(diff) == 1:
                i = diff[0]
                a, b = np.array(e.strategies[i], float), np.array(f.strategies[i], float)
                x = np.array(prof[i])
                lam = float(np.dot(x - b, a - b) / np.dot(a - b, a - b))
                rest = [s for k, s in enumerate(e.strategies) if k != i]
                if close(rest, [t for k, t in enumerate(prof) if k != i]) and -tol <= lam <= 1 + tol \
                        and np.allclose(lam * a + (1 - lam) * b, x, atol=tol):
                    return True
    return False


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--shapes", nargs="+", default=["3x3x3", "4x4x4"])
    ap.add_argument("--games", type=int, default=3)
    ap.add_argument("--payoffs", nargs=2, type=int, default=[-9, 9])
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--no-gnm", action="store_true",
                    help="skip gnm_solve (it can run for minutes on some degenerate random games)")
    args = ap.parse_args()
    print(f"{'shape':8} {'seed':>4} {'profiles':>8} | {'treaty s':>9} {'cpu s':>7} {'eq':>3} {'exact':>5} "
          f"{'complete':>8} | {'enumpoly s':>10} {'cpu s':>7} {'eq':>3} | {'gnm s':>7} {'eq':>3} | "
          f"{'all found':>9} {'ratio':>7} {'cpu ratio':>9}")
    for shape_s in args.shapes:
        shape = tuple(int(k) for k in shape_s.split("x"))
        for g_ix in range(args.games):
            seed = args.seed + g_ix
            rng = np.random.default_rng(seed)
            arrays = [rng.integers(args.payoffs[0], args.payoffs[1] + 1, size=shape) for _ in shape]
            game = Game.from_arrays(*arrays)
            t, c = time.perf_counter(), time.process_time()
            eqs = support_enumeration(game, max_profiles=10**9)
            dt, cpu = time.perf_counter() - t, time.process_time() - c
            t_ep, c_ep, ep = gambit(arrays, "enumpoly_solve")
            t_gnm, _, gnm = (float("nan"), 0.0, []) if args.no_gnm else gambit(arrays, "gnm_solve")
            ok = all(found(eqs, p) for p in ep + gnm)
            n_exact = sum(1 for e in eqs if e.exact)
            print(f"{shape_s:8} {seed:>4} {count_support_profiles(shape):>8} | {dt:>9.2f} {cpu:>7.2f} "
                  f"{len(eqs):>3} {n_exact:>5} {str(eqs.complete):>8} | "
                  f"{t_ep:>10.3f} {c_ep:>7.3f} {len(ep):>3} | "
                  f"{t_gnm:>7.3f} {len(gnm):>3} | {str(ok):>9} {dt / max(t_ep, 1e-9):>7.1f} "
                  f"{cpu / max(c_ep, 1e-9):>9.1f}", flush=True)


if __name__ == "__main__":
    main()
