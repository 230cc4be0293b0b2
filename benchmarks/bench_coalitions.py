"""Benchmarks of treaty.coalitions, printing the figures of issue 4.

Run: ``python benchmarks/bench_coalitions.py [--skip-25]``

* all stability conditions for n = 20 asymmetric countries (1,048,576 coalitions), target < 5 s;
* n = 25 (33,554,432 coalitions) completes within 4 GiB: peak RSS of a child process;
* Shapley value n = 20 and nucleolus n = 16 side by side with coopgame-py (target: within 5x),
  agreement to 1e-6.
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import time

import numpy as np


def _game(n: int, seed: int = 0):  # noqa: ANN202
    from treaty.coalitions import MembershipGame

    rng = np.random.default_rng(seed)
    return MembershipGame.public_good([f"c{i}" for i in range(n)], rng.uniform(0.5, 2.0, n),
                                      rng.uniform(0.5, 2.0, n))


def bench_stability(n: int) -> None:
    game = _game(n)
    t = time.perf_counter()
    r = game.stability(progress=False)
    dt = time.perf_counter() - t
    print(f"stability n={n} public-good asymmetric: {r.n_coalitions:,} coalitions in {dt:.2f} s "
          f"({r.n_coalitions / dt / 1e6:.2f} M/s); stable {r.n_stable}, internal "
          f"{r.counts['internal']:,}, external {r.counts['external']:,}, PIS "
          f"{r.counts['potentially_internal']:,}")


def bench_expression(n: int) -> None:
    from treaty.coalitions import MembershipGame

    rng = np.random.default_rng(1)
    game = MembershipGame.from_expression(
        [f"c{i}" for i in range(n)], "b * sum_b / c - sum_b ** 2 / (2 * c) + b * total_b",
        "b * sum_b / c + b * total_b - b ** 2 / (2 * c)",
        attributes={"b": list(rng.uniform(0.5, 2, n)), "c": list(rng.uniform(0.5, 2, n))})
    t = time.perf_counter()
    r = game.stability(progress=False)
    dt = time.perf_counter() - t
    print(f"stability n={n} expression model: {r.n_coalitions:,} coalitions in {dt:.2f} s; "
          f"stable {r.n_stable}")


def child_25() -> None:
    bench_stability(25)
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"peak RSS n=25: {peak_kib / 1024 ** 2:.2f} GiB (limit 4 GiB)")


def bench_25() -> None:
    t = time.perf_counter()
    out = subprocess.run([sys.executable, __file__, "--child-25"], capture_output=True, text=True,
                         check=True)
    print(out.stdout.strip())
    print(f"  (child process wall time {time.perf_counter() - t:.1f} s)")


def bench_shapley(n: int) -> None:
    import coopgame

    from treaty.coalitions import shapley_value

    rng = np.random.default_rng(2)
    v = rng.random(1 << n) * 10
    v[0] = 0.0
    g = coopgame.Game(list(v[1:]))
    best_ref = best_ours = float("inf")
    for _ in range(3):
        t = time.perf_counter()
        ref = np.array(coopgame.shapley(g))
        best_ref = min(best_ref, time.perf_counter() - t)
        t = time.perf_counter()
        ours = np.array(shapley_value(v))
        best_ours = min(best_ours, time.perf_counter() - t)
    print(f"shapley n={n}: treaty {best_ours:.3f} s, coopgame {best_ref:.3f} s, ratio "
          f"{best_ours / best_ref:.2f}x, max |diff| {np.max(np.abs(ours - ref)):.1e}")


def bench_nucleolus(n: int, label: str, v: np.ndarray) -> None:
    import coopgame

    from treaty.coalitions import nucleolus

    g = coopgame.Game(list(v[1:]))
    best_ref = best_ours = float("inf")
    for _ in range(3):
        t = time.perf_counter()
        ref = np.array(coopgame.nucleolus(g)["allocation"])
        best_ref = min(best_ref, time.perf_counter() - t)
        t = time.perf_counter()
        res = nucleolus(v)
        best_ours = min(best_ours, time.perf_counter() - t)
    ours = np.array(res.point)
    print(f"nucleolus n={n} {label}: treaty {best_ours:.3f} s ({res.n_lps} LPs), coopgame "
          f"{best_ref:.3f} s, ratio {best_ours / best_ref:.2f}x, max |diff| "
          f"{np.max(np.abs(ours - ref)):.1e}")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--skip-25", action="store_true")
    ap.add_argument("--child-25", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child_25:
        child_25()
        return
    bench_stability(20)
    bench_expression(20)
    bench_shapley(20)
    n = 16
    rng = np.random.default_rng(3)
    sizes = np.array([bin(m).count("1") for m in range(1 << n)])
    v = rng.random(1 << n) * 10 + 3 * sizes ** 1.5
    v[0] = 0.0
    bench_nucleolus(n, "random", v)
    vi = rng.integers(0, 4, size=1 << n).astype(float) + sizes
    vi[0] = 0.0
    vi[-1] += 2 * n
    bench_nucleolus(n, "random integer", vi)
    game = _game(n, seed=4)
    bench_nucleolus(n, "public-good v(S)", game.characteristic_function())
    if not args.skip_25:
        bench_25()


if __name__ == "__main__":
    main()
