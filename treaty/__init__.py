"""treaty: a game-theoretic treaty negotiation engine.

The public API, re-exported from the implementation modules::

    import treaty
    game = treaty.load("games/export_controls.yaml")
    for eq in treaty.equilibria(game):
        print(eq.strategies, eq.payoffs, eq.regret)
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .errors import GameTooLarge, ParameterError, SolverError, SpecError, TreatyError
from .game import Game, GameInfo
from .spec.loader import load, loads

# The subpackage ``treaty.equilibria`` is imported here once, so that the name
# ``treaty.equilibria`` is then rebound to the function of the same name (a submodule is only
# set as an attribute of its parent when it is first loaded).
from .nash import (  # noqa: E402  isort: skip
    Equilibrium,
    EquilibriumSet,
    equilibria,
    iterated_elimination,
    pure_equilibria,
    solve_zero_sum,
)

__version__ = "0.1.0"

__all__ = [
    "Game",
    "GameInfo",
    "load",
    "loads",
    "equilibria",
    "pure_equilibria",
    "iterated_elimination",
    "solve_zero_sum",
    "Equilibrium",
    "EquilibriumSet",
    "TreatyError",
    "SpecError",
    "ParameterError",
    "GameTooLarge",
    "SolverError",
]

# Treaty mechanics and coalitions load on first use (they pull in scipy and networkx).
_LAZY: dict[str, str] = {
    "analyze": "treaty.mechanics.analysis",
    "render_analysis": "treaty.mechanics.analysis",
    "Analysis": "treaty.mechanics.analysis",
    "threshold": "treaty.mechanics.thresholds",
    "Threshold": "treaty.mechanics.thresholds",
    "critical_discount": "treaty.mechanics.repeated",
    "sustainable": "treaty.mechanics.repeated",
    "minmax_values": "treaty.mechanics.repeated",
    "grim_trigger_threshold": "treaty.mechanics.repeated",
    "punishment_threshold": "treaty.mechanics.repeated",
    "min_detection": "treaty.mechanics.repeated",
    "Sustainability": "treaty.mechanics.repeated",
    "MinmaxValue": "treaty.mechanics.repeated",
    "Mechanism": "treaty.mechanics.verification",
    "Inspection": "treaty.mechanics.verification",
    "add_verification": "treaty.mechanics.verification",
    "deterrence_threshold": "treaty.mechanics.verification",
    "MembershipGame": "treaty.coalitions",
    "TieRule": "treaty.coalitions",
    "StabilityResult": "treaty.coalitions",
    "Coalition": "treaty.coalitions",
    "GrandCoalition": "treaty.coalitions",
    "TransferScheme": "treaty.coalitions",
    "TUSolutions": "treaty.coalitions",
    "FarsightedResult": "treaty.coalitions",
}
__all__ += list(_LAZY)


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))

if TYPE_CHECKING:  # pragma: no cover
    pass


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'treaty' has no attribute {name!r}")
