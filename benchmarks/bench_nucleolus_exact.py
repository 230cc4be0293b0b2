"""Exact nucleolus and least core: the float LP sequence alone beside the certified exact result.

Run: ``python benchmarks/bench_nucleolus_exact.py [--sizes 8 10 12] [--repeat 3]``

Games (Fractions, seed = n): ``random`` (``v(S) = U/k + |S|`` with small integers U, k and
``v(N)`` raised so that imputations exist), ``convex`` (``v(S) = w(S)^2`` with rational
weights), ``symmetric`` (``v(S) = |S|^2 / 3``, every coalition of a size tied) and
``unanimity`` (``v(S) = 1`` iff S holds players 0 and 1: half the coalitions tie at the top).
The float column solves ``float(v)``; the exact column adds the rational re-solve and the
certificates (Kohlberg's criterion, the least-core dual), see
``treaty/coalitions/_tu_exact.py``.  Best of ``--repeat`` runs after one warm-up call.
"""

from __future__ import annotations

import argparse
import os
import random
import time
from collections.abc import Callable
from fractions import Fraction
from typing import Any

import numpy as np

from treaty.coalitions import least_core, nucleolus


def _arr(vals: list[Fraction]) -> np.ndarray:
    v = np.empty(len(vals), dtype=object)
    v[:] = vals
    return v


def games(n: int) -> dict[str, np.ndarray]:
    r = random.Random(n)
    vals = [Fraction(0)] + [Fraction(r.randint(0, 12), r.randint(1, 4)) + bin(m).count("1")
                            for m in range(1, 1 << n)]
    vals[-1] = max(vals[-1], sum(vals[1 << i] for i in range(n))) + 1
    w = [Fraction(r.randint(1, 9), r.randint(1, 3)) for _ in range(n)]
    return {
        "random": _arr(vals),
        "convex": _arr([sum((w[i] for i in range(n) if m >> i & 1), Fraction(0)) ** 2
                        for m in range(1 << n)]),
        "symmetric": _arr([Fraction(bin(m).count("1") ** 2, 3) for m in range(1 << n)]),
        "unanimity": _arr([Fraction(int(m & 3 == 3)) for m in range(1 << n)]),
    }


def best(f: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    out = f()
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        out = f()
        times.append(time.perf_counter() - t)
    return min(times), out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[8, 10, 12])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print(f"# CPUs {os.cpu_count()}, load {os.getloadavg()[0]:.2f}; times in ms, best of "
          f"{args.repeat}")
    print(f"{'game':10s} {'n':>3s} {'nucleolus float':>16s} {'exact':>8s} {'certified':>9s} "
          f"{'least core float':>17s} {'exact':>8s} {'certified':>9s}")
    for n in args.sizes:
        for name, v in games(n).items():
            vf = v.astype(float)
            tnf, _ = best(lambda vf=vf: nucleolus(vf), args.repeat)
            tne, nu = best(lambda v=v: nucleolus(v), args.repeat)
            tlf, _ = best(lambda vf=vf: least_core(vf), args.repeat)
            tle, lc = best(lambda v=v: least_core(v), args.repeat)
            print(f"{name:10s} {n:3d} {tnf * 1e3:16.1f} {tne * 1e3:8.1f} {nu.certified!s:>9s} "
                  f"{tlf * 1e3:17.1f} {tle * 1e3:8.1f} {lc.certified!s:>9s}")


if __name__ == "__main__":
    main()
