"""Coalitions: which treaty memberships are stable, and at what price.

Membership games (:class:`MembershipGame`) with built-in, expression and callable payoff
models; cartel stability over all ``2^n`` coalitions (internal, external, profitability,
potential internal stability with transfers); coalition structures (several blocs at once,
Nash and individually stable); farsighted stability (largest consistent set);
and the transferable-utility view (Shapley, Banzhaf, least core, nucleolus, Myerson).
See ``docs/coalitions.md``.
"""

from __future__ import annotations

from ._barrett import BarrettModel, barrett_game, barrett_stable_size
from ._bits import check_size, mask_of, members_of
from ._clause import ClauseModel, ClauseResult, participation_clause, smallest_clause, without_clause
from ._farsighted import largest_consistent_set
from ._game import (
    DEFAULT_MAX_PLAYERS,
    EXACT_TU_MAX_PLAYERS,
    FARSIGHTED_MAX_PLAYERS,
    NUCLEOLUS_MAX_PLAYERS,
    MembershipGame,
)
from ._models import (
    EXPRESSION_VARIABLES,
    CallableModel,
    ExpressionModel,
    PayoffModel,
    PublicGoodModel,
)
from ._results import (
    Coalition,
    FarsightedResult,
    GrandCoalition,
    LeastCore,
    Nucleolus,
    StabilityResult,
    TieRule,
    TransferScheme,
    TUSolutions,
)
from ._stability import grand_coalition, stability_scan, transfer_scheme
from ._structures import (
    STRUCTURES_MAX_PLAYERS,
    Bloc,
    Move,
    PartitionFunctionModel,
    Structure,
    StructureResult,
    bell_number,
    evaluate_structure,
    set_partitions,
    structure_scan,
)
from ._tu import (
    banzhaf_index,
    graph_restricted,
    least_core,
    myerson_value,
    nucleolus,
    shapley_value,
    subset_sums,
)

__all__ = [
    "MembershipGame",
    "PayoffModel",
    "PublicGoodModel",
    "BarrettModel",
    "barrett_game",
    "barrett_stable_size",
    "ExpressionModel",
    "CallableModel",
    "EXPRESSION_VARIABLES",
    "TieRule",
    "Coalition",
    "GrandCoalition",
    "TransferScheme",
    "StabilityResult",
    "FarsightedResult",
    "LeastCore",
    "Nucleolus",
    "TUSolutions",
    "stability_scan",
    "grand_coalition",
    "transfer_scheme",
    "largest_consistent_set",
    "structure_scan",
    "evaluate_structure",
    "StructureResult",
    "Structure",
    "Bloc",
    "Move",
    "PartitionFunctionModel",
    "bell_number",
    "set_partitions",
    "STRUCTURES_MAX_PLAYERS",
    "participation_clause",
    "smallest_clause",
    "without_clause",
    "ClauseModel",
    "ClauseResult",
    "shapley_value",
    "banzhaf_index",
    "least_core",
    "nucleolus",
    "graph_restricted",
    "myerson_value",
    "subset_sums",
    "check_size",
    "mask_of",
    "members_of",
    "DEFAULT_MAX_PLAYERS",
    "FARSIGHTED_MAX_PLAYERS",
    "NUCLEOLUS_MAX_PLAYERS",
    "EXACT_TU_MAX_PLAYERS",
]
