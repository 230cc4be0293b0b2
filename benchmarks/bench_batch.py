"""Benchmark: all equilibria of many small random integer games, batched treaty vs pygambit.

For each size (2x2, 2x3, 3x3 by default), draws ``--games`` seeded random games with integer
payoffs in ``[-lo, hi]`` and times, in one process:

* treaty's :func:`treaty.nash.batch_equilibria` on all games at once (exact, certified;
  best of ``--repeat`` runs, each well under a second);
* a loop over pygambit's ``enummixed_solve(Game.from_arrays(A, B), rational=True)``;
* optionally (``--treaty-loop N``) a loop of ``treaty.equilibria`` over the first N games.

It checks that the equilibrium sets are identical game by game and prints the time ratio.
The targets of issue 9 are 20x for 3x3 and 50x for 2x2 and 2x3.

Usage::

    python benchmarks/bench_batch.py [--games 10000] [--sizes 2x2 2x3 3x3] [--payoffs -5 5]
        [--seed 0] [--repeat 3] [--treaty-loop 300]
"""

from __future__ import annotations

import argparse
import sys
import time
from fractions import Fraction
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from treaty.nash import batch_equilibria  # noqa: E402


def gambit_loop(A: np.ndarray, B: np.ndarray) -> tuple[float, list[set]]:
    import pygambit as gbt

    out = []
    t = time.perf_counter()
    for a, b in zip(A.tolist(), B.tolist()):
        game = gbt.Game.from_arrays(a, b)
        res = gbt.nash.enummixed_solve(game, rational=True)
        out.append(res)
    elapsed = time.perf_counter() - t
    sets = []
    for res in out:
        players = list(res.equilibria[0].game.players) if res.equilibria else []
        sets.append({tuple(tuple(Fraction(eq[s]) for s in p.strategies) for p in players)
                     for eq in res.equilibria})
    return elapsed, sets


def treaty_loop(A: np.ndarray, B: np.ndarray) -> float:
    from treaty import Game, equilibria

    t = time.perf_counter()
    for a, b in zip(A, B):
        equilibria(Game.from_arrays(a, b))
    return time.perf_counter() - t


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--games", type=int, default=10_000)
    ap.add_argument("--sizes", nargs="+", default=["2x2", "2x3", "3x3"])
    ap.add_argument("--payoffs", type=int, nargs=2, default=[-5, 5], metavar=("LO", "HI"))
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--repeat", type=int, default=3, help="treaty batch: best of this many runs")
    ap.add_argument("--treaty-loop", type=int, default=300,
                    help="also time treaty.equilibria one game at a time on this many games")
    args = ap.parse_args(argv)
    rng = np.random.default_rng(args.seed)
    lo, hi = args.payoffs
    batch_equilibria(np.ones((1, 2, 2), dtype=int), np.ones((1, 2, 2), dtype=int))  # warm up
    print(f"{args.games:,} random games per size, integer payoffs in [{lo}, {hi}], seed {args.seed}")
    print(f"{'size':>5} {'treaty batch':>13} {'gambit loop':>12} {'ratio':>7} {'target':>7} "
          f"{'identical':>10} {'treaty loop/game':>17}")
    failed = False
    for size in args.sizes:
        m, n = (int(v) for v in size.split("x"))
        A = rng.integers(lo, hi + 1, (args.games, m, n))
        B = rng.integers(lo, hi + 1, (args.games, m, n))
        t_batch = float("inf")
        for _ in range(args.repeat):  # best of --repeat: the machine may be shared
            t = time.perf_counter()
            ours = batch_equilibria(A, B, exact=True)
            t_batch = min(t_batch, time.perf_counter() - t)
        t_gambit, theirs = gambit_loop(A, B)
        same = sum(set(o) == s for o, s in zip(ours, theirs))
        ratio = t_gambit / t_batch
        target = 20 if min(m, n) >= 3 else 50
        loop = ""
        if args.treaty_loop:
            k = min(args.treaty_loop, args.games)
            loop = f"{treaty_loop(A[:k], B[:k]) / k * 1e3:.2f} ms"
        print(f"{size:>5} {t_batch:>12.3f}s {t_gambit:>11.3f}s {ratio:>6.1f}x {target:>6}x "
              f"{same:>5}/{args.games:<5} {loop:>16}")
        failed |= same != args.games
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
