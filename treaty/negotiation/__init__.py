"""Negotiation: what players can reach beyond Nash equilibria.

So far: correlated and coarse correlated equilibria (:func:`correlated_equilibrium`), the
outcomes a trusted mediator's recommendations can sustain.
"""

from ._bargaining import Bargain, bargain, rubinstein_split
from ._correlated import CorrelatedResult, correlated_equilibrium
from ._disagreement import Disagreement, disagreement_point
from ._feasible import Agreement, FeasibleSet, feasible_set
from ._negotiate import Mediation, Negotiation, SelectionReport, negotiate
from ._selection import (
    RiskDominance,
    Selection,
    SelectionThreshold,
    risk_dominance,
    select_equilibrium,
    selection_threshold,
)
from ._zone import Zone, zone_of_agreement

__all__ = ["CorrelatedResult", "correlated_equilibrium", "Agreement", "FeasibleSet", "feasible_set",
           "Disagreement", "disagreement_point",
           "Selection", "select_equilibrium",
           "RiskDominance", "risk_dominance", "SelectionThreshold", "selection_threshold",
           "Bargain", "bargain", "rubinstein_split", "Zone", "zone_of_agreement",
           "negotiate", "Negotiation", "Mediation", "SelectionReport"]
