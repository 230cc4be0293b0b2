"""Sequence-form equilibria of random 2-player trees: treaty against pygambit, side by side.

For seeded random trees with imperfect information and chance moves (perfect recall), prints
the tree size, the numbers of sequences, the reduced normal form's size (plan counts), and the
time of ``treaty.sequence_equilibrium`` (exact) and of pygambit's ``lcp_solve`` (general sum,
rational, every equilibrium its paths reach, so more work than treaty's one path) or
``lp_solve`` (zero sum, rational), with the ratio; every treaty result is checked to have
regret exactly 0 on the tree.

Run: ``python benchmarks/bench_sequence.py [--depth D] [--trees N]``.
"""

from __future__ import annotations

import argparse
import sys
import time
from math import prod
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests" / "extensive"))

from test_sequence import random_tree, to_gambit  # noqa: E402

from treaty.extensive import sequence_equilibrium  # noqa: E402
from treaty.extensive._reduce import plan_counts  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--depth", type=int, default=6)
    ap.add_argument("--trees", type=int, default=6)
    args = ap.parse_args()
    import pygambit as gbt

    print(f"{'tree':>10} {'nodes':>6} {'seqs':>9} {'reduced':>13} {'treaty s':>9} "
          f"{'gambit s':>9} {'ratio':>6}  method")
    for k in range(args.trees):
        zero = k % 2 == 1
        t = random_tree(1000 + k, depth=args.depth, zero_sum=zero, visible=2, leaf=0.1)
        t0 = time.perf_counter()
        eq = sequence_equilibrium(t)
        ours = time.perf_counter() - t0
        assert eq.exact and eq.regrets == (0, 0)
        g, _ = to_gambit(t)
        t0 = time.perf_counter()
        (gbt.nash.lp_solve if zero else gbt.nash.lcp_solve)(g, rational=True)
        theirs = time.perf_counter() - t0
        red = "x".join(str(c) for c in plan_counts(t))
        seqs = f"{eq.sizes[0]}x{eq.sizes[1]}"
        full = prod(len(h.actions) for h in t.infosets)
        print(f"{('zero' if zero else 'general') + str(k):>10} {len(t.nodes):>6} "
              f"{seqs:>9} {red:>13} {ours:9.3f} {theirs:9.3f} "
              f"{ours / theirs:6.2f}  {eq.method}; full strategic form {full:.2e} profiles")


if __name__ == "__main__":
    main()
