"""Benchmark: mid-size and large 2-player games (issue 8), treaty against pygambit.

Random games with integer payoffs uniform in [-50, 50] (``numpy.random.default_rng(seed)``,
``A`` then ``B``, each ``integers(-50, 51, (n, n))``):

* 13x13, 14x14, 15x15 -- all extreme equilibria: treaty's ``equilibria(game)`` with cdd (when
  installed) and with cdd hidden (``TREATY_CDD=0``: the exact lexicographic pivoting route),
  against pygambit's ``enummixed_solve(game, rational=True)`` run in a subprocess killed after
  ``--timeout`` seconds (10 minutes by default); the sets of distinct equilibria are compared as
  exact Fractions;
* 20x20, 30x30 -- ``method="lemke-howson"`` (Lemke-Howson from every label, exact) against
  pygambit's ``lcp_solve(game, rational=True)``; every equilibrium treaty reports is checked
  to have regret exactly 0, and the number found by each is printed.

Usage::

    python benchmarks/bench_midsize.py [--sizes 13 14 15] [--lh-sizes 20 30] [--seeds 0 1 2]
        [--timeout 600] [--cache DIR]

``--cache DIR`` keeps each pygambit result in ``DIR/<solver>-<n>-<seed>.json`` (a timeout is
recorded too) so that a rerun does not wait for pygambit again.  pygambit runs one game at a
time in its own process (it cannot be interrupted otherwise).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from fractions import Fraction
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def game_arrays(n: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    return rng.integers(-50, 51, (n, n)), rng.integers(-50, 51, (n, n))


def gambit_worker(solver: str, n: int, seed: int) -> None:
    """Child process: solve with pygambit and print the equilibria as JSON strings."""
    import pygambit as gbt

    A, B = game_arrays(n, seed)
    g = gbt.Game.from_arrays(A, B)
    t = time.perf_counter()
    if solver == "enummixed":
        res = gbt.nash.enummixed_solve(g, rational=True)
    else:
        res = gbt.nash.lcp_solve(g, rational=True)
    elapsed = time.perf_counter() - t
    eqs = [[[str(eq[s]) for s in p.strategies] for p in g.players] for eq in res.equilibria]
    print(json.dumps({"time": elapsed, "equilibria": eqs}))


def run_gambit(solver: str, n: int, seed: int, timeout: float, cache: Path | None) -> dict:
    path = cache / f"{solver}-{n}-{seed}.json" if cache else None
    if path is not None and path.exists():
        return json.loads(path.read_text())
    try:
        proc = subprocess.run([sys.executable, __file__, "--worker", solver, str(n), str(seed)],
                              capture_output=True, text=True, timeout=timeout, check=True)
        out = json.loads(proc.stdout)
    except subprocess.TimeoutExpired:
        out = {"time": None, "timeout": timeout, "equilibria": None}
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(out))
    return out


def as_set(eqs: list) -> set:
    return {tuple(tuple(Fraction(v) for v in s) for s in eq) for eq in eqs}


def run_treaty(n: int, seed: int, method: str, cdd: bool) -> tuple[float, set, object]:
    import treaty

    os.environ["TREATY_CDD"] = "1" if cdd else "0"
    A, B = game_arrays(n, seed)
    game = treaty.Game.from_arrays(A.tolist(), B.tolist())
    t = time.perf_counter()
    res = treaty.equilibria(game, method=method)
    elapsed = time.perf_counter() - t
    assert all(e.regret == 0 for e in res)
    return elapsed, {tuple(tuple(s) for s in e.strategies) for e in res}, res


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=int, nargs="*", default=[13, 14, 15])
    ap.add_argument("--lh-sizes", type=int, nargs="*", default=[20, 30])
    ap.add_argument("--seeds", type=int, nargs="*", default=[0, 1, 2])
    ap.add_argument("--timeout", type=float, default=600.0)
    ap.add_argument("--cache", type=Path, default=None)
    ap.add_argument("--worker", nargs=3, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.worker:
        gambit_worker(args.worker[0], int(args.worker[1]), int(args.worker[2]))
        return
    from treaty.nash._vertex import have_cdd

    cdd = have_cdd()
    print("all extreme equilibria, payoffs uniform in [-50, 50]")
    print(f"{'game':>10} {'eqs':>4} {'treaty cdd':>11} {'treaty exact':>13} "
          f"{'gambit enummixed':>17}  same set")
    for n in args.sizes:
        for seed in args.seeds:
            t_exact, s_exact, _ = run_treaty(n, seed, "vertex", cdd=False)
            if cdd:
                t_cdd, s_cdd, _ = run_treaty(n, seed, "vertex", cdd=True)
                assert s_cdd == s_exact, "cdd and exact routes disagree"
                cdd_text = f"{t_cdd:10.1f}s"
            else:
                cdd_text = f"{'-':>11}"
            g = run_gambit("enummixed", n, seed, args.timeout, args.cache)
            if g["equilibria"] is None:
                gtext, same = f"> {g['timeout']:.0f}s", "-"
            else:
                gtext, same = f"{g['time']:.1f}s", str(as_set(g["equilibria"]) == s_exact)
            print(f"{n:>4}x{n:<2} s{seed} {len(s_exact):>4} {cdd_text} {t_exact:12.1f}s "
                  f"{gtext:>17}  {same}", flush=True)
    print()
    print("Lemke-Howson from every label (treaty, exact) against pygambit lcp_solve (rational)")
    print(f"{'game':>10} {'treaty':>8} {'found':>6} {'gambit lcp':>11} {'found':>6}  "
          "gambit's found by treaty")
    for n in args.lh_sizes:
        for seed in args.seeds:
            t, s, _ = run_treaty(n, seed, "lemke-howson", cdd=False)
            g = run_gambit("lcp", n, seed, args.timeout, args.cache)
            if g["equilibria"] is None:
                gtext, gcount, sub = f"> {g['timeout']:.0f}s", "-", "-"
            else:
                gs = as_set(g["equilibria"])
                gtext, gcount = f"{g['time']:.1f}s", str(len(gs))
                sub = f"{len(gs & s)} of {len(gs)}"
            print(f"{n:>4}x{n:<2} s{seed} {t:7.1f}s {len(s):>6} {gtext:>11} {gcount:>6}  {sub}",
                  flush=True)


if __name__ == "__main__":
    main()
