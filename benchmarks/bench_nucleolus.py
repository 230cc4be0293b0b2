"""Nucleolus: treaty.coalitions.nucleolus beside coopgame-py, in one run.

Run: ``python benchmarks/bench_nucleolus.py [--sizes 12 14 16 18] [--repeat 3]``

Games (seed = n):

* ``convex int``: ``v(S) = (sum of w_i over S)^2`` with integer weights 1..9 (the target of
  issue 12: within 2x of coopgame-py for n = 12..18);
* ``convex float``: the same with distinct real weights in [1, 10);
* ``random``: a non-convex random game ``v(S) = 10 U + 3 |S|^1.5`` with ``v(N)`` raised so that
  imputations exist (to show nothing regressed off the convex family).

Both sides are timed after one warm-up call (imports and HiGHS loading excluded); the best of
``--repeat`` runs is printed with the ratio treaty / coopgame and the largest absolute
difference of the two allocations.  coopgame-py (the ``test`` extra) solves the same sequence of
LPs in Rust with warm-started row generation.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from typing import Any

import numpy as np


def convex_game(n: int, integer: bool) -> np.ndarray:
    rng = np.random.default_rng(n)
    w = rng.integers(1, 10, n).astype(float) if integer else rng.random(n) * 9 + 1
    bits = ((np.arange(1 << n)[:, None] >> np.arange(n)) & 1).astype(float)
    return np.asarray((bits @ w) ** 2)


def random_game(n: int) -> np.ndarray:
    rng = np.random.default_rng(n)
    sizes = np.array([bin(m).count("1") for m in range(1 << n)], dtype=float)
    v = rng.random(1 << n) * 10 + 3 * sizes ** 1.5
    v[0] = 0.0
    v[-1] = max(v[-1], sum(v[1 << i] for i in range(n))) + 2 * n
    return v


def best_of(fn: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    best, out = float("inf"), None
    for _ in range(repeat):
        t = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t)
    return best, out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[12, 13, 14, 15, 16, 17, 18])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    import coopgame

    from treaty.coalitions import nucleolus

    warm = convex_game(4, True)
    nucleolus(warm)
    coopgame.nucleolus(coopgame.Game(list(warm[1:])))
    print(f"{'game':<14}{'n':>3}  {'treaty s':>9} {'LPs':>4}  {'coopgame s':>10} {'LPs':>4}  "
          f"{'ratio':>6}  {'max |diff|':>10}")
    worst = 0.0
    for n in args.sizes:
        for name, v in (("convex int", convex_game(n, True)),
                        ("convex float", convex_game(n, False)),
                        ("random", random_game(n))):
            g = coopgame.Game(list(v[1:]))
            t_ref, ref = best_of(lambda g=g: coopgame.nucleolus(g), args.repeat)
            t_ours, ours = best_of(lambda v=v: nucleolus(v), args.repeat)
            diff = float(np.max(np.abs(np.array(ours.point) - np.array(ref["allocation"]))))
            ratio = t_ours / t_ref
            if name.startswith("convex"):
                worst = max(worst, ratio)
            print(f"{name:<14}{n:>3}  {t_ours:>9.4f} {ours.n_lps:>4}  {t_ref:>10.4f} "
                  f"{ref['lp_solves']:>4}  {ratio:>6.2f}  {diff:>10.1e}", flush=True)
    print(f"worst ratio on convex games: {worst:.2f} (target <= 2)")


if __name__ == "__main__":
    main()
