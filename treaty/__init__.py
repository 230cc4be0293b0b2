"""treaty: a game-theoretic treaty negotiation engine.

The public API, re-exported from the implementation modules::

    import treaty
    game = treaty.load("games/export_controls.yaml")
    for eq in treaty.equilibria(game):
        print(eq.strategies, eq.payoffs, eq.regret)

Every name in ``__all__`` is loaded on first use (PEP 562), so ``import treaty`` imports
neither numpy nor scipy, networkx, pycddlib or click; ``dir(treaty)`` lists exactly
``__all__``.  The subpackages (``treaty.spec``, ``treaty.nash``, ``treaty.mechanics``,
``treaty.coalitions``, ``treaty.report``, ``treaty.cli``) are imported with ``import`` as
usual; no public name is also the name of a subpackage or module.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from .errors import GameError, GameTooLarge, ParameterError, SolverError, SpecError, TreatyError

__version__ = "0.1.0"

# Public name -> module defining it (relative to this package).  The errors are imported
# above because every other module needs them anyway.
_LAZY: dict[str, str] = {
    # the model and its readers
    "Game": ".game",
    "GameInfo": ".game",
    "load": ".spec.loader",
    "loads": ".spec.loader",
    "read_spec": ".spec.loader",
    "read_spec_text": ".spec.loader",
    "Spec": ".spec.parametric",
    # game trees (extensive form)
    "TreeGame": ".extensive",
    "subgame_perfect": ".extensive",
    "solve_tree": ".extensive",
    "reduced_normal_form": ".extensive",
    "sequence_equilibrium": ".extensive",
    # Nash equilibria
    "equilibria": ".nash",
    "pure_equilibria": ".nash",
    "iterated_elimination": ".nash",
    "solve_zero_sum": ".nash",
    "batch_equilibria": ".nash",
    "Equilibrium": ".nash",
    "EquilibriumSet": ".nash",
    "Method": ".nash",
    # treaty mechanics: verification, thresholds, repeated play, the analysis report
    "Mechanism": ".mechanics.verification",
    "Inspection": ".mechanics.verification",
    "add_verification": ".mechanics.verification",
    "mechanism_of": ".mechanics.verification",
    "deterrence_threshold": ".mechanics.verification",
    "inspection_rates": ".mechanics.verification",
    "inspection_equilibria": ".mechanics.verification",
    "InspectionEquilibria": ".mechanics.verification",
    "commitment": ".mechanics.leadership",
    "Commitment": ".mechanics.leadership",
    "threshold": ".mechanics.thresholds",
    "Threshold": ".mechanics.thresholds",
    "critical_discount": ".mechanics.repeated",
    "sustainable": ".mechanics.repeated",
    "minmax_values": ".mechanics.repeated",
    "grim_trigger_threshold": ".mechanics.repeated",
    "punishment_threshold": ".mechanics.repeated",
    "min_detection": ".mechanics.repeated",
    "repeated_settings": ".mechanics.repeated",
    "noisy_trigger": ".mechanics.repeated",
    "NoisyTrigger": ".mechanics.repeated",
    "RepeatedSettings": ".mechanics.repeated",
    "Sustainability": ".mechanics.repeated",
    "MinmaxValue": ".mechanics.repeated",
    "analyze": ".mechanics.analysis",
    "Analysis": ".mechanics.analysis",
    "TargetReport": ".mechanics.analysis",
    # coalitions
    "MembershipGame": ".coalitions",
    "barrett_game": ".coalitions",
    "barrett_stable_size": ".coalitions",
    "TieRule": ".coalitions",
    "StabilityResult": ".coalitions",
    "Coalition": ".coalitions",
    "GrandCoalition": ".coalitions",
    "TransferScheme": ".coalitions",
    "TUSolutions": ".coalitions",
    "FarsightedResult": ".coalitions",
    "participation_clause": ".coalitions",
    "smallest_clause": ".coalitions",
    "ClauseResult": ".coalitions",
    "StructureResult": ".coalitions",
    # sweeps (treaty.sweep is the subpackage, callable as treaty.sweep(spec, design, ...))
    "SweepResult": ".sweep",
    "robust": ".sweep._robust",
    "RobustResult": ".sweep._robust",
    # negotiation: correlated equilibria
    "correlated_equilibrium": ".negotiation",
    "CorrelatedResult": ".negotiation",
    "Agreement": ".negotiation",
    "FeasibleSet": ".negotiation",
    "feasible_set": ".negotiation",
    "Disagreement": ".negotiation",
    "disagreement_point": ".negotiation",
    "select_equilibrium": ".negotiation",
    "Selection": ".negotiation",
    "risk_dominance": ".negotiation",
    "RiskDominance": ".negotiation",
    "selection_threshold": ".negotiation",
    "SelectionThreshold": ".negotiation",
    "bargain": ".negotiation",
    "Bargain": ".negotiation",
    "rubinstein_split": ".negotiation",
    "zone_of_agreement": ".negotiation",
    "Zone": ".negotiation",
    "negotiate": ".negotiation",
    "Negotiation": ".negotiation",
}

__all__ = [
    # errors (see treaty.errors for the meaning of each)
    "TreatyError",
    "SpecError",
    "ParameterError",
    "GameError",
    "GameTooLarge",
    "SolverError",
    # the model and its readers
    "Game",
    "GameInfo",
    "load",
    "loads",
    "read_spec",
    "read_spec_text",
    "Spec",
    # game trees
    "TreeGame",
    "subgame_perfect",
    "solve_tree",
    "reduced_normal_form",
    "sequence_equilibrium",
    # Nash equilibria
    "equilibria",
    "pure_equilibria",
    "iterated_elimination",
    "solve_zero_sum",
    "batch_equilibria",
    "Equilibrium",
    "EquilibriumSet",
    "Method",
    # treaty mechanics
    "Mechanism",
    "Inspection",
    "add_verification",
    "mechanism_of",
    "deterrence_threshold",
    "inspection_rates",
    "inspection_equilibria",
    "InspectionEquilibria",
    "commitment",
    "Commitment",
    "threshold",
    "Threshold",
    "critical_discount",
    "noisy_trigger",
    "NoisyTrigger",
    "sustainable",
    "minmax_values",
    "grim_trigger_threshold",
    "punishment_threshold",
    "min_detection",
    "repeated_settings",
    "RepeatedSettings",
    "Sustainability",
    "MinmaxValue",
    "analyze",
    "Analysis",
    "TargetReport",
    # coalitions
    "MembershipGame",
    "barrett_game",
    "barrett_stable_size",
    "TieRule",
    "StabilityResult",
    "Coalition",
    "GrandCoalition",
    "TransferScheme",
    "TUSolutions",
    "FarsightedResult",
    "participation_clause",
    "smallest_clause",
    "ClauseResult",
    "StructureResult",
    # sweeps
    "SweepResult",
    "robust",
    "RobustResult",
    # negotiation
    "correlated_equilibrium",
    "CorrelatedResult",
    "Agreement",
    "FeasibleSet",
    "feasible_set",
    "Disagreement",
    "disagreement_point",
    "select_equilibrium",
    "Selection",
    "risk_dominance",
    "RiskDominance",
    "selection_threshold",
    "SelectionThreshold",
    "bargain",
    "Bargain",
    "rubinstein_split",
    "zone_of_agreement",
    "Zone",
    "negotiate",
    "Negotiation",
]

if TYPE_CHECKING:  # pragma: no cover  (what static checkers see; at run time see __getattr__)
    from .coalitions import (
        ClauseResult,
        Coalition,
        FarsightedResult,
        GrandCoalition,
        MembershipGame,
        StabilityResult,
        StructureResult,
        TieRule,
        TransferScheme,
        TUSolutions,
        barrett_game,
        barrett_stable_size,
        participation_clause,
        smallest_clause,
    )
    from .game import Game, GameInfo
    from .mechanics.analysis import Analysis, TargetReport, analyze
    from .mechanics.leadership import Commitment, commitment
    from .mechanics.repeated import (
        MinmaxValue,
        NoisyTrigger,
        RepeatedSettings,
        Sustainability,
        critical_discount,
        grim_trigger_threshold,
        min_detection,
        minmax_values,
        noisy_trigger,
        punishment_threshold,
        repeated_settings,
        sustainable,
    )
    from .mechanics.thresholds import Threshold, threshold
    from .mechanics.verification import (
        Inspection,
        InspectionEquilibria,
        Mechanism,
        add_verification,
        deterrence_threshold,
        inspection_equilibria,
        inspection_rates,
        mechanism_of,
    )
    from .nash import (
        Equilibrium,
        EquilibriumSet,
        Method,
        batch_equilibria,
        equilibria,
        iterated_elimination,
        pure_equilibria,
        solve_zero_sum,
    )
    from .negotiation import (
        Agreement,
        Bargain,
        CorrelatedResult,
        Disagreement,
        FeasibleSet,
        Negotiation,
        RiskDominance,
        Selection,
        SelectionThreshold,
        Zone,
        bargain,
        correlated_equilibrium,
        disagreement_point,
        feasible_set,
        negotiate,
        risk_dominance,
        rubinstein_split,
        select_equilibrium,
        selection_threshold,
        zone_of_agreement,
    )
    from .spec.loader import load, loads, read_spec, read_spec_text
    from .spec.parametric import Spec
    from .sweep import SweepResult
    from .sweep._robust import RobustResult, robust


def __dir__() -> list[str]:
    return sorted(__all__)


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if name == "sweep":  # the subpackage, callable: treaty.sweep(spec, design, classify)
        return importlib.import_module(".sweep", __name__)
    if module is None:
        raise AttributeError(f"module 'treaty' has no attribute {name!r}")
    value = getattr(importlib.import_module(module, __name__), name)
    globals()[name] = value
    return value
