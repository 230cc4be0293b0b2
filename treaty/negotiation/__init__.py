"""Negotiation: what players can reach beyond Nash equilibria.

So far: correlated and coarse correlated equilibria (:func:`correlated_equilibrium`), the
outcomes a trusted mediator's recommendations can sustain.
"""

from ._correlated import CorrelatedResult, correlated_equilibrium
from ._feasible import Agreement, FeasibleSet, feasible_set
from ._selection import Selection, select_equilibrium

__all__ = ["CorrelatedResult", "correlated_equilibrium", "Agreement", "FeasibleSet", "feasible_set",
           "Selection", "select_equilibrium"]
