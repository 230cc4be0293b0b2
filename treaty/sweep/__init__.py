"""Sweeps: classify a game at many parameter points at once (grids and sampled designs).

>>> import treaty
>>> from treaty.sweep import grid_design
>>> spec = treaty.read_spec("games/safety_pact.yaml")
>>> result = treaty.sweep(spec, grid_design(spec, {"p": (0, 1, 11)}), "target:pact")
>>> result.regimes()
{'pact_equilibrium, not pact_unique': 7, 'not pact_equilibrium, not pact_unique': 4}

The pact is an equilibrium from p = 31/90 (about 0.344) on, which :func:`treaty.threshold`
finds exactly: the grid's first four points (p = 0, 0.1, 0.2, 0.3) lie below it.
"""

from __future__ import annotations

import sys
import types
from typing import Any

from ._classify import (
    Classifier,
    ClauseClassifier,
    DiscountClassifier,
    EquilibriaClassifier,
    PactsClassifier,
    PotentialClassifier,
    SizeClassifier,
    StableClassifier,
    TargetClassifier,
    parse_classifier,
)
from ._dask import DaskExecutor, dask_executor
from ._design import MAX_SWEEP_POINTS, Design, grid_design, parse_axis, parse_range, sample_design
from ._io import read_sweep, write_sweep
from ._plot import RegimeMap, plot_sweep
from ._run import DEFAULT_CHUNK, SMALL_CHUNK, SweepInterrupted, SweepResult, run_chunk, sweep

__all__ = [
    "sweep", "SweepResult", "SweepInterrupted", "run_chunk", "DEFAULT_CHUNK", "SMALL_CHUNK",
    "Design", "grid_design", "sample_design", "parse_axis", "parse_range", "MAX_SWEEP_POINTS",
    "Classifier", "EquilibriaClassifier", "TargetClassifier", "StableClassifier",
    "DiscountClassifier", "PactsClassifier", "SizeClassifier", "PotentialClassifier",
    "ClauseClassifier", "parse_classifier",
    "write_sweep", "read_sweep",
    "plot_sweep", "RegimeMap", "DaskExecutor", "dask_executor",
]


class _SweepModule(types.ModuleType):
    """``treaty.sweep`` is this subpackage and calls :func:`sweep` when called, so that
    ``import treaty.sweep; treaty.sweep(spec, design)`` works (a public function may not
    share its name with a subpackage: see tests/test_api.py)."""

    def __call__(self, *args: Any, **kwargs: Any) -> SweepResult:
        return sweep(*args, **kwargs)


sys.modules[__name__].__class__ = _SweepModule
