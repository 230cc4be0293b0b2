"""Negotiation: what players can reach beyond Nash equilibria.

So far: correlated and coarse correlated equilibria (:func:`correlated_equilibrium`), the
outcomes a trusted mediator's recommendations can sustain.
"""

from ._correlated import CorrelatedResult, correlated_equilibrium
from ._selection import Selection, select_equilibrium

__all__ = ["CorrelatedResult", "correlated_equilibrium", "Selection", "select_equilibrium"]
