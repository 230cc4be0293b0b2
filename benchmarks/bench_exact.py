"""Benchmark: the exact kernel on python-flint against the pure-Fraction code, in one run.

For each workload treaty's exact kernel (:mod:`treaty._exact`) runs on both backends of
:mod:`treaty._exact._backend` on the same seeded inputs, the results are checked to be
identical (or, for irrational roots, to bracket the same roots), and the median time per call
and the ratio fraction / flint are printed.  The sizes are those treaty solves:

* ``solve_integer``: square integer systems of the vertex-enumeration fallback
  (support sizes 2 .. 15, entries 1 .. 1001 as after the integer shift);
* ``solve_independent``: exact vertices of ``{z >= 0, M z <= 1}`` from ``d + k`` rows,
  ``d = k`` in 5 .. 15, entries in [1, 2] with denominators up to 1000 (the affine image of
  a non-integer game), rows in a shuffled order as by float slack;
* ``nullspace_vector``: rational-function interpolation, ``2d + 1`` rows and ``2d + 2``
  unknowns for degree ``d`` in 2 .. 8, rational sample points;
* ``real_roots``: polynomials of degree <= 8 (rational and irrational roots, the repeated
  game's ``p (R - P)(delta + ... + delta^T) = D - R``), on the whole line and on [0, 1];
* end to end: ``extreme_equilibria`` of a degenerate game that takes the exact
  basis-enumeration fallback.

Usage::

    python benchmarks/bench_exact.py [--seed 0] [--repeat 5]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from collections.abc import Callable
from fractions import Fraction
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from treaty._exact import linalg  # noqa: E402
from treaty._exact._backend import use_backend  # noqa: E402
from treaty._exact.poly import peval, pmul, real_roots, trim  # noqa: E402


def timed(f: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    """Median seconds per call over *repeat* rounds (each round at least 20 ms of calls)."""
    out = f()
    n = 1
    t0 = time.perf_counter()
    f()
    one = time.perf_counter() - t0
    n = max(1, int(0.02 / max(one, 1e-7)))
    rounds = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        for _ in range(n):
            f()
        rounds.append((time.perf_counter() - t0) / n)
    return statistics.median(rounds), out


def compare(name: str, f: Callable[[], Any], repeat: int, same: Callable[[Any, Any], bool]
            ) -> tuple[str, float, float]:
    with use_backend("fraction"):
        t_fr, r_fr = timed(f, repeat)
    with use_backend("flint"):
        t_fl, r_fl = timed(f, repeat)
    if not same(r_fr, r_fl):
        raise AssertionError(f"{name}: the backends disagree:\n{r_fr}\n{r_fl}")
    return name, t_fr, t_fl


def same_roots(a: list[Any], b: list[Any]) -> bool:
    if len(a) != len(b):
        return False
    for r, s in zip(a, b):
        if r.exact != s.exact:
            return False
        if r.exact and r.lo != s.lo:
            return False
        if not r.exact and not (max(r.lo, s.lo) < min(r.hi, s.hi)):
            return False
    return True


def workloads(rng: random.Random) -> list[tuple[str, Callable[[], Any], Callable[[Any, Any], bool]]]:
    def eq(a: Any, b: Any) -> bool:
        return bool(a == b)

    out: list[tuple[str, Callable[[], Any], Callable[[Any, Any], bool]]] = []

    def as_q(r: tuple[list[int], int] | None) -> list[Fraction] | None:
        return None if r is None else [Fraction(v, r[1]) for v in r[0]]

    for n in (2, 3, 6, 10, 12, 15):
        a = [[rng.randint(1, 1001) for _ in range(n)] for _ in range(n)]
        b = [rng.randint(1, 1001) for _ in range(n)]
        out.append((f"solve_integer n={n}", lambda a=a, b=b: as_q(linalg.solve_integer(a, b)), eq))
    for d in (5, 10, 15):
        M = [[1 + Fraction(rng.randint(0, 1000), 1000) for _ in range(d)] for _ in range(d)]
        rows = [(M[j], Fraction(1)) for j in range(d)]
        rows += [([Fraction(int(i == j)) for j in range(d)], Fraction(0)) for i in range(d)]
        rng.shuffle(rows)
        out.append((f"solve_independent d={d}, {2 * d} rows",
                    lambda rows=rows, d=d: linalg.solve_independent(rows, d), eq))
    for d in (2, 4, 6, 8):
        num = [Fraction(rng.randint(-9, 9), rng.randint(1, 9)) for _ in range(d + 1)]
        den = [Fraction(rng.randint(-9, 9), rng.randint(1, 9)) for _ in range(d + 1)]
        rows = []
        for _ in range(2 * d + 1):
            x = Fraction(rng.randint(-50, 50), rng.randint(1, 9))
            y = peval(num, x) / (peval(den, x) or 1)
            powers = [x**k for k in range(d + 1)]
            rows.append(powers + [-y * p for p in powers])
        out.append((f"nullspace_vector d={d}, {2 * d + 1}x{2 * d + 2}",
                    lambda rows=rows, d=d: linalg.nullspace_vector(rows, 2 * d + 2), eq))
    polys: dict[str, list[Fraction]] = {
        "(x-1/3)(x^2-2)": trim(pmul([Fraction(-1, 3), Fraction(1)],
                                    [Fraction(-2), Fraction(0), Fraction(1)])),
        "x(x^2-2)(x^2-3)(x^2-5)": trim(pmul(pmul(pmul([Fraction(-2), 0, Fraction(1)],
                                                      [Fraction(-3), 0, Fraction(1)]),
                                                 [Fraction(-5), 0, Fraction(1)]), [0, Fraction(1)])),
        "repeated T=8": [Fraction(-2)] + [Fraction(3, 10)] * 8,
        "random integer deg 8": [Fraction(rng.randint(-9, 9)) for _ in range(8)] + [Fraction(1)],
        "random rational deg 8": [Fraction(rng.randint(-9, 9), rng.randint(1, 9)) for _ in range(8)]
        + [Fraction(3, 2)],
    }
    lin = [Fraction(1)]
    for r in (Fraction(1, 3), Fraction(-2, 5), Fraction(7, 4), Fraction(1, 7), Fraction(-3),
              Fraction(5, 6)):
        lin = pmul(lin, [-r, Fraction(1)])
    polys["six rational roots"] = lin
    for name, p in polys.items():
        out.append((f"real_roots {name}", lambda p=p: real_roots(p), same_roots))
        out.append((f"real_roots {name} on [0,1]",
                    lambda p=p: real_roots(p, Fraction(0), Fraction(1)), same_roots))
    return out


def end_to_end() -> tuple[str, Callable[[], Any], Callable[[Any, Any], bool]]:
    import numpy as np

    from treaty._exact.numbers import to_exact_array
    from treaty.nash._vertex import _exact_by_bases, _positive_exact

    # a 6x6 game with many ties (payoffs in {0, 1}): the exact fallback on both polytopes
    r = np.random.default_rng(3)
    A = to_exact_array(r.integers(0, 2, (6, 6)))
    B = to_exact_array(r.integers(0, 2, (6, 6)))
    Ap, Bp = _positive_exact(A), _positive_exact(B)
    return ("extreme_equilibria fallback 6x6 (0/1 payoffs)",
            lambda: sorted(_exact_by_bases(Ap, Bp)), lambda a, b: a == b)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    rows = [compare(n, f, args.repeat, s) for n, f, s in [*workloads(rng), end_to_end()]]
    w = max(len(r[0]) for r in rows)
    print(f"{'workload':{w}s}  {'fraction':>11s}  {'flint':>11s}  {'ratio':>7s}")
    for name, t_fr, t_fl in rows:
        print(f"{name:{w}s}  {t_fr * 1e6:9.0f}us  {t_fl * 1e6:9.0f}us  {t_fr / t_fl:6.1f}x")


if __name__ == "__main__":
    main()
