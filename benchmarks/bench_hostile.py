"""Benchmark: how fast, and in how much memory, hostile spec files are refused.

Each case of ``tests/spec/test_hostile.py`` (alias bomb, deep nesting, power towers, huge
integers and exponents, a 10 MB string, a million strategy names, a hundred thousand
parameters) runs in a fresh process, which reports

* ``read``: the time ``treaty.load`` takes to raise (the imports are done before the clock starts),
* ``peak MB``: the process's peak resident memory (``ru_maxrss``) after it, and ``+MB`` its growth
  over the peak after the imports,
* ``cli s``: the wall time of ``treaty solve FILE`` as a subprocess (Python start-up and imports
  included), and the error line it printed.

Three files that must *not* be refused are timed too, to show the limits leave room: a 2-player
300x300 game in array form (parse and full load), and the largest document the node budget
allows (a list of MAX_NODES - 10 distinct decimals).

Usage::

    python benchmarks/bench_hostile.py [--cases billion-laughs string-10MB ...] [--no-cli]

The issue asks for each hostile case to be refused in under a second.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

_CHILD = r"""
import json, resource, sys, time
import treaty
from treaty.spec._nodes import parse_document
treaty.load  # resolve the lazy attribute before timing
import treaty.spec.loader, treaty.spec.normal, treaty.spec.membership, treaty.spec.expressions  # noqa
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
path, mode = sys.argv[1], sys.argv[2]
t = time.perf_counter()
outcome = "accepted"
try:
    if mode == "parse":
        parse_document(open(path, encoding="utf-8").read(), path)
    else:
        treaty.load(path)
except treaty.TreatyError as exc:
    outcome = str(exc)
elapsed = time.perf_counter() - t
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"seconds": elapsed, "peak_kb": peak, "base_kb": base, "outcome": outcome}))
"""


def _child(path: Path, mode: str = "load") -> dict[str, object]:
    env = dict(os.environ, OPENBLAS_NUM_THREADS="1")
    proc = subprocess.run([sys.executable, "-c", _CHILD, str(path), mode], capture_output=True,
                          text=True, timeout=600, env=env, cwd=ROOT)
    if proc.returncode != 0:
        return {"seconds": float("nan"), "peak_kb": 0, "base_kb": 0,
                "outcome": f"crashed: {proc.stderr.strip().splitlines()[-1:]}"}
    result: dict[str, object] = json.loads(proc.stdout.strip().splitlines()[-1])
    return result


def _cli(path: Path) -> tuple[float, str]:
    env = dict(os.environ, OPENBLAS_NUM_THREADS="1")
    t = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "treaty.cli", "solve", str(path)], capture_output=True,
                          text=True, timeout=600, env=env, cwd=ROOT)
    return time.perf_counter() - t, (proc.stderr.strip() or proc.stdout.strip()).splitlines()[0][:90]


def _realistic(tmp: Path) -> dict[str, tuple[Path, str]]:
    from treaty.spec import _limits

    n = 300
    rows = "\n".join("    - [" + ", ".join(str((i * j) % 97 - 48) for j in range(n)) + "]" for i in range(n))
    names = ", ".join(f"s{i}" for i in range(n))
    game = tmp / "game300.yaml"
    game.write_text(f"players:\n  - {{name: A, strategies: [{names}]}}\n"
                    f"  - {{name: B, strategies: [{names}]}}\npayoffs:\n  A:\n{rows}\n  B:\n{rows}\n")
    full = tmp / "nodes_at_limit.yaml"
    count = _limits.MAX_NODES - 10
    full.write_text("x: [" + ", ".join(f"{i / 7:.6f}" for i in range(count)) + "]\n")
    return {"ok: 300x300 game, parse": (game, "parse"), "ok: 300x300 game, load": (game, "load"),
            f"ok: {count:,} decimals, parse": (full, "parse")}


def main() -> None:
    from tests.spec.test_hostile import CASES

    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--cases", nargs="*", default=sorted(CASES))
    ap.add_argument("--no-cli", action="store_true", help="skip the `treaty solve` subprocess timing")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        rows = []
        for name in args.cases:
            fname, make, _ = CASES[name]
            path = tmp / name / fname
            path.parent.mkdir()
            path.write_text(make(), encoding="utf-8")
            rows.append((name, path, "load"))
        rows += [(label, path, mode) for label, (path, mode) in _realistic(tmp).items()]
        print(f"{'case':32} {'file MB':>8} {'read s':>7} {'peak MB':>8} {'+MB':>6} {'cli s':>6}  outcome")
        for name, path, mode in rows:
            r = _child(path, mode)
            cli_s, cli_line = (float("nan"), "") if args.no_cli or name.startswith("ok") else _cli(path)
            outcome = str(r["outcome"])
            if outcome.startswith(str(path)):
                outcome = outcome[len(str(path)):]
            size = path.stat().st_size / 1e6
            peak, base = int(r["peak_kb"]) / 1024, int(r["base_kb"]) / 1024  # type: ignore[call-overload]
            print(f"{name:32} {size:8.2f} {r['seconds']:7.3f} {peak:8.0f} {peak - base:6.0f} "
                  f"{cli_s:6.2f}  {outcome[:100]}")
            sys.stdout.flush()


if __name__ == "__main__":
    main()
