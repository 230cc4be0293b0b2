"""Games in extensive form: game trees with chance moves and information sets.

* :class:`TreeGame`, :class:`Node`, :class:`Infoset` (``_model.py``): the tree;
* :func:`subgame_perfect` (``_backward.py``): every subgame-perfect equilibrium in pure
  strategies of a perfect-information tree, by backward induction;
* :func:`reduced_normal_form` (``_reduce.py``): the reduced strategic form as a
  :class:`treaty.Game`, and behaviour strategies from its mixed strategies (Kuhn 1953);
* :func:`tree_threshold`, :func:`pure_subgame_perfect`, :func:`spe_conditions`
  (``_threshold.py``): subgame perfection of a pure profile as conditions, the values of one
  parameter for which it holds, and every pure subgame-perfect equilibrium of any tree;
* :func:`solve_tree` (``_solve.py``): equilibria as behaviour strategies on the tree, each
  certified by its regret on the tree (:func:`tree_regret`).

A spec of ``kind: extensive-form`` or a Gambit ``.efg`` file loads into a :class:`TreeGame`
(:mod:`treaty.spec.extensive`, :mod:`treaty.spec.efg`).
"""

from __future__ import annotations

from ._backward import SubgamePerfect, SubgamePerfectSet, subgame_perfect
from ._model import CHANCE, DECISION, TERMINAL, Infoset, Node, TreeGame
from ._reduce import behavior_from_mixed, plan_label, reduced_normal_form, reduced_plans
from ._sequence import SequenceEquilibrium, sequence_equilibrium, sequence_form
from ._solve import TreeProfile, TreeSolution, best_response_value, solve_tree, tree_regret, tree_regrets
from ._threshold import pure_subgame_perfect, spe_conditions, tree_threshold

__all__ = ["TreeGame", "Node", "Infoset", "DECISION", "CHANCE", "TERMINAL", "subgame_perfect",
           "SubgamePerfect", "SubgamePerfectSet", "reduced_normal_form", "reduced_plans",
           "plan_label", "behavior_from_mixed", "solve_tree", "tree_regret", "tree_regrets",
           "best_response_value",
           "TreeProfile", "TreeSolution", "sequence_equilibrium", "sequence_form",
           "SequenceEquilibrium", "tree_threshold", "pure_subgame_perfect", "spe_conditions"]
