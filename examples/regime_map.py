"""Regime map of the scenario's verified safety pact: detection probability p against sanction S.

For every (p, S) on a grid the sweep asks whether mutual compliance ("pact") is a Nash
equilibrium and whether it is the only one, then draws the regions with the exact boundary
(treaty.threshold at 150 values of each parameter) over them.  Two maps:

* docs/img/regime_map.png at the spec's values: mutual open racing stays an equilibrium
  (losing a race alone costs s = 4, more than half the catastrophe cost c = 5), so the pact
  is at best one equilibrium among several;
* docs/img/regime_map_c10.png with a catastrophe cost c = 10: racing alone no longer pays
  against a racer, and wherever verification deters covert violation the pact is the
  unique equilibrium.

Run from the repository root:  python examples/regime_map.py   (needs treaty[plot])
"""

from __future__ import annotations

import time
from pathlib import Path

import treaty
from treaty.sweep import grid_design, plot_sweep, sweep

SPEC = "games/safety_pact.yaml"
OUT = Path("docs/img")


def main() -> None:
    spec = treaty.read_spec(SPEC)
    design = grid_design(spec, {"p": (0, 1, 101), "S": (0, 12, 101)})
    OUT.mkdir(parents=True, exist_ok=True)
    for params, name, title in (
            ({}, "regime_map.png", "Safety pact at the spec's values (c = 5)"),
            ({"c": 10}, "regime_map_c10.png", "Safety pact with catastrophe cost c = 10")):
        t0 = time.perf_counter()
        result = sweep(spec, design, "target:pact", params=params)
        t1 = time.perf_counter()
        drawn = plot_sweep(result, OUT / name, spec=spec, params=params, title=title)
        t2 = time.perf_counter()
        print(f"{name}: {result.n} points swept in {t1 - t0:.1f} s, drawn in {t2 - t1:.1f} s")
        for label, count in result.regimes().items():
            print(f"  {count:6d}  {label}")
        print(f"  regimes drawn: {', '.join(drawn.labels)}")
        print(f"  boundary curves: {len(drawn.curves)} "
              f"({sum(c.kind == 'exact' for c in drawn.curves)} exact)")
    th = treaty.threshold(spec, "p", "pact", {"S": 6}, repeated=False)
    print(f"check: at S = 6 the exact boundary is p = {th.intervals[0].lower.text}")


if __name__ == "__main__":
    main()
