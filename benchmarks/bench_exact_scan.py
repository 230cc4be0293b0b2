"""Exact stability scans against float scans of the same games (issue 12).

Run: ``python benchmarks/bench_exact_scan.py [--sizes 18 20] [--repeat 1] [--no-clause]``

Each game is built twice, with exact inputs (integers or Fractions; an exact game: near-ties
re-decided and stable coalitions certified in exact arithmetic) and with the same values as
floats (decisions within the scan's tolerance).  Printed side by side per n: the wall time of
``MembershipGame.stability()`` for both, their ratio (target: exact within 3x of float), the
numbers of stable and potentially stable coalitions, and whether both scans list the same.

Games:

* symmetric public good, ``b_i = c_i = 1``;
* asymmetric public good with repeated small integer types, ``b_i, c_i`` in ``1..4``;
* asymmetric public good with random rational inputs, ``b_i, c_i = p / q`` with ``p, q`` in
  ``1..9`` (every country its own type; the integer form fits int64) and in ``1..29`` (the
  integer form needs Python ints);
* a two-expression model (member and outsider payoffs given by separate expressions: the
  public good again, with ``w = 1/c``), symmetric and with ``b`` in ``1..3``, ``w`` in ``1..2``;
* the participation-clause game of :func:`treaty.coalitions.participation_clause` on the
  symmetric public good, ``n = 10..12``, clause ``k = n - 2``.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from typing import Any

import numpy as np

# the public good of PublicGoodModel written as two expressions, with w = 1/c and h = b w:
# Q = B_S W_S + H_N - H_S, a member pays B_S^2 w / 2, an outsider b^2 w / 2
MEMBER = "b * (sum_b * sum_w + total_h - sum_h) - sum_b ** 2 * w / 2"
OUTSIDER = "b * (sum_b * sum_w + total_h - sum_h) - b ** 2 * w / 2"


def _names(n: int) -> list[str]:
    return [f"c{i}" for i in range(n)]


def symmetric(n: int, conv: Callable[[int], Any]) -> Any:
    from treaty.coalitions import MembershipGame

    return MembershipGame.public_good(_names(n), [conv(1)] * n, [conv(1)] * n)


def asymmetric(n: int, conv: Callable[[int], Any]) -> Any:
    from treaty.coalitions import MembershipGame

    rng = np.random.default_rng(12)
    b = [conv(int(v)) for v in rng.integers(1, 5, n)]
    c = [conv(int(v)) for v in rng.integers(1, 5, n)]
    return MembershipGame.public_good(_names(n), b, c)


def _rational(n: int, conv: Callable[[Any], Any], top: int) -> Any:
    from fractions import Fraction

    from treaty.coalitions import MembershipGame

    rng = np.random.default_rng(2026)

    def draw() -> list[Any]:
        return [conv(Fraction(int(p), int(q)))
                for p, q in zip(rng.integers(1, top + 1, n), rng.integers(1, top + 1, n))]

    b = draw()
    return MembershipGame.public_good(_names(n), b, draw())


def asymmetric_rational_small(n: int, conv: Callable[[Any], Any]) -> Any:
    return _rational(n, conv, 9)


def asymmetric_rational(n: int, conv: Callable[[Any], Any]) -> Any:
    return _rational(n, conv, 29)


def _expression(n: int, conv: Callable[[int], Any], b: list[int], w: list[int]) -> Any:
    from treaty.coalitions import MembershipGame

    attrs = {"b": [conv(v) for v in b], "w": [conv(v) for v in w],
             "h": [conv(x * y) for x, y in zip(b, w)]}
    return MembershipGame.from_expression(_names(n), MEMBER, OUTSIDER, attributes=attrs)


def expression_symmetric(n: int, conv: Callable[[int], Any]) -> Any:
    return _expression(n, conv, [1] * n, [1] * n)


def expression_types(n: int, conv: Callable[[int], Any]) -> Any:
    rng = np.random.default_rng(7)
    return _expression(n, conv, [int(v) for v in rng.integers(1, 4, n)],
                       [int(v) for v in rng.integers(1, 3, n)])


def clause(n: int, conv: Callable[[int], Any]) -> Any:
    from treaty.coalitions import participation_clause

    return participation_clause(symmetric(n, conv), n - 2)


def _time(build: Callable[[int, Callable[[int], Any]], Any], n: int, conv: Callable[[int], Any],
          repeat: int) -> tuple[float, Any]:
    game = build(n, conv)
    best = float("inf")
    res = None
    for _ in range(repeat):
        t = time.perf_counter()
        res = game.stability(progress=False)
        best = min(best, time.perf_counter() - t)
    return best, res


def _exact(v: Any) -> Any:
    """Exact inputs as given (ints, Fractions)."""
    return v


def row(label: str, build: Callable[[int, Callable[[int], Any]], Any], n: int, repeat: int) -> None:
    t_int, r_int = _time(build, n, _exact, repeat)
    t_flt, r_flt = _time(build, n, float, repeat)
    same = ([c.mask for c in r_int.stable] == [c.mask for c in r_flt.stable]
            and [c.mask for c in r_int.potentially_stable]
            == [c.mask for c in r_flt.potentially_stable])
    ps_int, ps_flt = (r.counts["potentially_stable"] for r in (r_int, r_flt))
    print(f"{label:<40} n={n:<3} exact {t_int:6.2f} s  float {t_flt:6.2f} s  ratio "
          f"{t_int / t_flt:5.2f}x  stable {r_int.n_stable:>5,} / {r_flt.n_stable:>5,}"
          f"  pot. stable {ps_int:>6,} / {ps_flt:>6,}"
          f"{'' if same else '  (lists differ: float ties)'}  exact={r_int.exact}")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", type=int, nargs="*", default=[18, 20])
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--no-clause", action="store_true")
    args = ap.parse_args()
    import os

    import treaty.coalitions  # noqa: F401  (import time outside the timings)

    print(f"exact (integer or rational inputs) vs float inputs, MembershipGame.stability(), best of "
          f"{args.repeat}; {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}")
    print("float times include the float scan's own re-check of each listed stable coalition; "
          "exact times the exact re-decision of near-ties and certification; both the "
          "potential-stability pass")
    for n in args.sizes:
        row("symmetric public good", symmetric, n, args.repeat)
        row("asymmetric public good, b,c in 1..4", asymmetric, n, args.repeat)
        row("asym. public good, b,c = p/q, p,q <= 9", asymmetric_rational_small, n, args.repeat)
        row("asym. public good, b,c = p/q, p,q <= 29", asymmetric_rational, n, args.repeat)
        row("two-expression, symmetric", expression_symmetric, n, args.repeat)
        row("two-expression, b in 1..3, w in 1..2", expression_types, n, args.repeat)
    if not args.no_clause:
        for n in (10, 11, 12):
            row("participation clause k = n - 2", clause, n, max(args.repeat, 3))


if __name__ == "__main__":
    main()
