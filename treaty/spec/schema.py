"""JSON Schemas (draft 2020-12) of the spec kinds, built from the readers' own key tuples.

The readers in this package (``normal.py``, ``membership.py``, ``verification.py``,
``repeated.py``, ``negotiation.py``, ``_params.py``, ``_meta.py``) declare the keys each section accepts as
tuples (``NORMAL_FORM_KEYS``, ``VERIFICATION_KEYS``, ...).  :func:`spec_schema` builds every
section's ``properties`` from those tuples, with a description of each key from
:data:`KEY_DOCS`, so the schema cannot drift from what the readers accept: a key added to a
reader without a description here fails when the schema is built (and in the tests).

The schema is for editors (validation and completion while typing, for instance through the
YAML language server's modeline ``# yaml-language-server: $schema=treaty-spec.schema.json``)
and for review tools.  It checks the document's shape; the readers check everything else
(names of players and strategies, expressions, shapes of payoff arrays), with located errors.
Gambit's ``.nfg`` is not JSON and has no schema.

Examples
--------
>>> schema = spec_schema("membership")
>>> schema["properties"]["kind"]
{'const': 'membership', 'description': 'the spec kind: membership (a membership game of many countries)'}
>>> sorted(spec_schema("normal-form")["required"])
['payoffs', 'players']
"""

from __future__ import annotations

from typing import Any

__all__ = ["SCHEMA_KINDS", "KEY_DOCS", "section_keys", "spec_schema", "schema_id"]

#: the kinds ``treaty schema`` publishes; ``all`` dispatches on the document's ``kind``
SCHEMA_KINDS = ("normal-form", "membership", "extensive-form", "all")

_DIALECT = "https://json-schema.org/draft/2020-12/schema"

#: a description of every key of every section, for the schema and the reference docs
KEY_DOCS: dict[str, dict[str, str]] = {
    "common": {
        "treaty": "format version of the spec, 1",
        "kind": "the spec kind",
        "title": "a short name shown in reports",
        "description": "what the game models, in words",
        "source": "text or a list of texts: where the argument and the numbers come from",
        "assumptions": "text or a list of texts: the modelling assumptions, in words",
        "parameters": "named values (a number, an expression of earlier parameters, or "
                      "{value, doc, min, max, unit}) that payoffs and settings may use",
    },
    "normal-form": {
        "players": "the players and their strategies: a list of {name, strategies, doc} or a "
                   "mapping from player to a list of strategy labels (or a count)",
        "payoffs": "a mapping from player to a nested array (one level per player, in player "
                   "order), or a list of {profile, payoffs} entries, one per pure profile",
        "targets": "named pure profiles of interest (a list in player order or a mapping "
                   "from player to strategy), e.g. pact: [pact, pact]",
        "verification": "a verification mechanism: covert violation, detection, sanctions, "
                        "false alarms, monitoring costs, an optional inspector",
        "repeated": "how the game is repeated: discount factor, detection per round, "
                    "punishment, reversion, targets to check",
        "negotiation": "what is negotiated and how: the target, the negotiable terms, the "
                       "disagreement point, bargaining powers, discount factors, outside "
                       "options, the bargaining solution",
    },
    "membership": {
        "countries": "the countries, a list of {name, <attribute>: value, ...}; every "
                     "country has the same attributes",
        "payoff": "the payoff model: {model: public-good, benefit, cost}, "
                  "{model: expression, member, outsider} or {model: barrett, a, b, c}",
        "network": "an optional network of countries, {edges: [[A, B], ...]} (for the Myerson "
                   "value and network-aware expressions)",
        "stability": "how stability is judged: {rule, min_size}",
        "clause": "a minimum participation clause: the pact enters into force only with "
                  "{min_members: K} members or with members holding {weight: ATTR, share: S} "
                  "of a country attribute; otherwise every country gets its no-pact payoff",
    },
    "extensive-form": {
        "players": "the players' names (chance is not a player), a list of names or of "
                   "{name, doc}",
        "root": "the name of the root node (default: the first node of 'nodes')",
        "nodes": "the tree's named nodes: each a decision node {player, moves, infoset}, a "
                 "chance node {chance} or a leaf {payoffs}; a move leads to a named node or to "
                 "a node written inline",
    },
    "tree node": {
        "player": "the player who moves here (decision nodes)",
        "infoset": "a label: the decision nodes with one label form an information set (the "
                   "player cannot tell them apart; same moves in the same order)",
        "moves": "a mapping from action to the node it leads to (a name or an inline node)",
        "chance": "a chance move: a mapping from outcome to {probability, next} or "
                  "[probability, next]",
        "payoffs": "a leaf's payoffs: a list in player order or a mapping from player",
        "doc": "what the node stands for, in words",
    },
    "chance outcome": {
        "probability": "the probability of this outcome: a number or an expression of the "
                       "parameters",
        "next": "the node it leads to: a name or an inline node",
    },
    "tree player": {
        "name": "the player's name",
        "doc": "who the player is, in words",
    },
    "parameter": {
        "value": "the default value: a number or an expression of earlier parameters "
                 "(required)",
        "doc": "what the parameter means",
        "min": "the smallest allowed value (checked on every value, overrides included)",
        "max": "the largest allowed value",
        "unit": "the unit of the value, in words",
        "distribution": "how uncertain the value is, for treaty robust: a type name (uniform "
                        "over [min, max]) or {type, ...arguments}",
    },
    "distribution": {
        "type": "uniform, triangular, beta, normal (truncated to [low, high]) or scenarios "
                "(required)",
        "low": "the lower end of the support (default: the parameter's min)",
        "high": "the upper end of the support (default: the parameter's max)",
        "mode": "the most likely value of a triangular distribution (required there)",
        "alpha": "the first shape parameter of a beta distribution, positive (required there)",
        "beta": "the second shape parameter of a beta distribution, positive (required there)",
        "mean": "the mean of the normal distribution before truncation (required there)",
        "sd": "the standard deviation of the normal distribution before truncation, positive "
              "(required there)",
        "values": "the values of the scenarios, a list of numbers (required there)",
        "weights": "the scenarios' weights, one per value, non-negative (default: equal)",
    },
    "player": {
        "name": "the player's name (required)",
        "strategies": "the strategy labels (a list), or a count n giving labels 1..n "
                      "(required)",
        "doc": "what the player stands for",
    },
    "payoff entry": {
        "profile": "the pure profile: a list of strategies in player order, or a mapping "
                   "from player to strategy (required)",
        "payoffs": "the payoffs at this profile: a list in player order, or a mapping from "
                   "player to payoff (required); numbers or expressions",
    },
    "verification": {
        "monitored": "the players whose compliance is monitored (default: every player "
                     "with the commitment strategy)",
        "commitment": "the strategy that means compliance, e.g. pact (required)",
        "violation": "label of the generated covert-violation strategy (default covert)",
        "mimics": "the open strategy a covert violator secretly plays when undetected; its "
                  "payoffs come from the game (give mimics or gain, not both)",
        "gain": "the violator's extra payoff from an undetected violation",
        "harm": "the loss an undetected violation inflicts on each other player",
        "detection": "probability that a violation is detected, in [0, 1] (required)",
        "false_alarm": "probability that a compliant party is wrongly accused, in [0, 1]",
        "false_alarm_cost": "cost of a false accusation (default: the sanction)",
        "sanction": "loss of a violator who is caught",
        "monitoring_cost": "cost of monitoring each monitored party inside the regime",
        "paid_by": "who pays the monitoring cost: self, shared or a list of players",
        "inspection": "an explicit inspector who chooses whether to inspect, instead of "
                      "exogenous detection",
        "inspector": "an explicit inspector (a new player choosing inspect or skip): its name, "
                     "or a mapping (the newer spelling of inspection)",
        "doc": "what the mechanism stands for, in words",
    },
    "inspector": {
        "name": "name of the inspector, a new player (default Inspector)",
        "strategies": "the inspector's two labels, (inspect, do not inspect) (default "
                      "[inspect, skip])",
        "cost": "the inspector's cost e of inspecting, paid whenever it inspects (default 0)",
        "loss_undetected": "the inspector's loss lu per undetected violation (default 1)",
        "loss_detected": "the inspector's loss ld per detected violation (default 0)",
        "target": "the inspector's strategy appended to every named target (default inspect)",
    },
    "inspection": {
        "inspector": "name of the inspector, a new player (default Inspector)",
        "strategies": "the inspector's two labels, (inspect, do not inspect) (default "
                      "[inspect, trust])",
        "cost": "the inspector's cost of inspecting, paid whenever it inspects (default 0)",
        "loss_undetected": "the inspector's loss per undetected violation (default 1)",
        "loss_detected": "the inspector's loss per detected violation (default 0)",
        "target": "the inspector's strategy appended to every named target (default inspect)",
    },
    "repeated": {
        "discount": "the discount factor delta in [0, 1), the weight of the next round",
        "detection": "probability per round that a deviation is detected (default 1: "
                     "perfect monitoring); a number or a mapping from player to number",
        "false_alarm": "probability per round that a compliant party is wrongly flagged, "
                       "which starts a punishment (default: the verification section's)",
        "punishment": "grim (punish forever, the default) or a number of rounds T >= 1",
        "reversion": "the punishment profile: nash (the worst stage Nash equilibrium, the "
                     "default), minmax, a target name or a list of strategies in player order",
        "targets": "the target names whose sustainability is checked (default: all)",
        "doc": "what the repetition stands for, in words",
    },
    "negotiation": {
        "target": "the target the parties negotiate over (a name under targets)",
        "terms": "the negotiable parameters: a list of names (ranges from their declared min "
                 "and max) or a mapping from name to [lo, hi] or {min, max}",
        "disagreement": "the disagreement point: minmax, nash, {nash: rule}, {game: file, "
                        "select: rule} or {values: {player: value}}",
        "powers": "bargaining powers, positive: a value for all or a mapping from player to "
                  "value (default equal)",
        "discount": "discount factors in (0, 1) for alternating offers: a value for all or a "
                    "mapping from player to value",
        "outside_options": "outside options: a value for all or a mapping from (some) players "
                           "to value",
        "solution": "the bargaining solution: nash (default), ks, egalitarian, utilitarian "
                    "or rubinstein",
        "self_enforcing": "true: agreements must be correlated equilibria (default false)",
        "doc": "what the negotiation stands for, in words",
    },
    "term": {
        "min": "the lower end of the negotiable range (default: the parameter's declared min)",
        "max": "the upper end of the negotiable range (default: the parameter's declared max)",
    },
    "disagreement": {
        "nash": "an equilibrium of this game, chosen by the selection rule given",
        "game": "a spec file (relative to this spec's folder) whose equilibrium is the "
                "disagreement point; players matched by name",
        "select": "the selection rule for the equilibrium of game (default payoff-dominant)",
        "values": "the disagreement payoffs, a mapping from every player to a value",
    },
    "public-good payoff": {
        "model": "public-good: each country i abates q_i at cost c_i q_i^2/2 and gains b_i "
                 "per unit of total abatement; members choose q jointly, outsiders alone "
                 "(Barrett 1994)",
        "benefit": "the country attribute holding b_i (default benefit)",
        "cost": "the country attribute holding c_i, positive (default cost)",
    },
    "expression payoff": {
        "model": "expression: payoffs written as expressions",
        "member": "a member's payoff, an expression of the parameters, the country's "
                  "attributes, sum_<attribute>/total_<attribute> and the coalition's "
                  "variables (required)",
        "outsider": "an outsider's payoff (default: the member expression)",
    },
    "barrett payoff": {
        "model": "barrett: Barrett's (1994) concave-benefit model of identical countries",
        "a": "the benefit's scale: B(Q) = (b/N)(a Q - Q^2/2) (required, positive)",
        "b": "the benefit's slope (required, positive)",
        "c": "the cost's curvature: C(q) = c q^2/2 (required, positive)",
    },
    "network": {
        "edges": "the links between countries, a list of pairs [A, B] (required)",
    },
    "stability": {
        "rule": "the tie rule: stay-join (default), stay-out, leave-join or leave-out",
        "min_size": "the smallest coalition counted as a pact (default 2)",
    },
    "clause": {
        "min_members": "the number of members the pact needs to enter into force",
        "weight": "the country attribute whose share the members must hold (with 'share')",
        "share": "the share of the attribute's total the members must hold, 0 to 1 (with "
                 "'weight')",
    },
}


def section_keys() -> dict[str, tuple[str, ...]]:
    """The keys each section of a spec accepts, taken from the readers' tuples."""
    from ._meta import COMMON_KEYS
    from ._params import _PARAM_KEYS
    from .distributions import DISTRIBUTION_KEYS
    from .extensive import CHANCE_OUTCOME_KEYS, EXTENSIVE_FORM_KEYS, TREE_NODE_KEYS, TREE_PLAYER_KEYS
    from .membership import (
        BARRETT_KEYS,
        CLAUSE_KEYS,
        EXPRESSION_PAYOFF_KEYS,
        MEMBERSHIP_KEYS,
        NETWORK_KEYS,
        PUBLIC_GOOD_KEYS,
        STABILITY_KEYS,
    )
    from .negotiation import DISAGREEMENT_KEYS, NEGOTIATION_KEYS, TERM_KEYS
    from .normal import NORMAL_FORM_KEYS, PAYOFF_ENTRY_KEYS, PLAYER_KEYS
    from .repeated import REPEATED_KEYS
    from .verification import _INSPECTION_KEYS, _INSPECTOR_KEYS, VERIFICATION_KEYS

    return {
        "common": COMMON_KEYS,
        "normal-form": tuple(k for k in NORMAL_FORM_KEYS if k not in COMMON_KEYS),
        "membership": tuple(k for k in MEMBERSHIP_KEYS if k not in COMMON_KEYS),
        "extensive-form": tuple(k for k in EXTENSIVE_FORM_KEYS if k not in COMMON_KEYS),
        "tree node": TREE_NODE_KEYS,
        "chance outcome": CHANCE_OUTCOME_KEYS,
        "tree player": TREE_PLAYER_KEYS,
        "parameter": _PARAM_KEYS,
        "distribution": DISTRIBUTION_KEYS,
        "player": PLAYER_KEYS,
        "payoff entry": PAYOFF_ENTRY_KEYS,
        "verification": VERIFICATION_KEYS,
        "inspection": _INSPECTION_KEYS,
        "inspector": _INSPECTOR_KEYS,
        "repeated": REPEATED_KEYS,
        "negotiation": NEGOTIATION_KEYS,
        "term": TERM_KEYS,
        "disagreement": DISAGREEMENT_KEYS,
        "public-good payoff": PUBLIC_GOOD_KEYS,
        "expression payoff": EXPRESSION_PAYOFF_KEYS,
        "barrett payoff": BARRETT_KEYS,
        "network": NETWORK_KEYS,
        "stability": STABILITY_KEYS,
        "clause": CLAUSE_KEYS,
    }


# -- value shapes ----------------------------------------------------------------------------

_VALUE = {"type": ["number", "string"],
          "description": "a number (exact: 3, 0.25, 1/3) or an expression of the parameters"}
_NAME = {"type": ["string", "number"]}  # labels may be numbers (strategy 1)
_TEXT = {"type": ["string", "number"]}
_NAMES = {"anyOf": [{"$ref": "#/$defs/name"},
                    {"type": "array", "items": {"$ref": "#/$defs/name"}}]}


def _defs() -> tuple[dict[str, Any], Any]:
    from ..coalitions._results import TieRule
    from ._limits import MAX_COUNTRIES, MAX_PARAMETERS, MAX_PLAYERS, MAX_STRATEGIES
    from .distributions import DISTRIBUTION_TYPES
    from .loader import FORMAT_VERSION
    from .negotiation import SELECTION_RULES, SOLUTIONS

    keys = section_keys()
    value = {"$ref": "#/$defs/value"}
    per_player = {"anyOf": [value, {"type": "object", "additionalProperties": value}],
                  "description": "a number or expression, or a mapping from player to one"}
    strategies = {"anyOf": [{"type": "array", "items": {"$ref": "#/$defs/name"}, "minItems": 1,
                             "maxItems": MAX_STRATEGIES},
                            {"type": "integer", "minimum": 1, "maximum": MAX_STRATEGIES}]}
    profile = {"anyOf": [{"type": "array", "items": {"$ref": "#/$defs/name"}},
                         {"type": "object", "additionalProperties": {"$ref": "#/$defs/name"}}]}
    bound = {"type": ["number", "string"]}
    shapes: dict[str, dict[str, Any]] = {
        "common": {
            "treaty": {"type": "integer", "minimum": 1, "maximum": FORMAT_VERSION},
            "kind": {},  # set per kind by _body
            "title": _TEXT, "description": _TEXT,
            "source": {"$ref": "#/$defs/text_list"},
            "assumptions": {"$ref": "#/$defs/text_list"},
            "parameters": {"anyOf": [
                {"type": "null"},
                {"type": "object", "maxProperties": MAX_PARAMETERS,
                 "additionalProperties": {"anyOf": [value, {"$ref": "#/$defs/parameter"}]}}]},
        },
        "normal-form": {
            "players": {"anyOf": [
                {"type": "array", "items": {"$ref": "#/$defs/player"}, "minItems": 2,
                 "maxItems": MAX_PLAYERS},
                {"type": "object", "additionalProperties": strategies, "minProperties": 2,
                 "maxProperties": MAX_PLAYERS}]},
            "payoffs": {"anyOf": [
                {"type": "object", "additionalProperties": {"$ref": "#/$defs/payoff_array"}},
                {"type": "array", "items": {"$ref": "#/$defs/payoff_entry"}}]},
            "targets": {"type": "object", "additionalProperties": profile},
            "verification": {"$ref": "#/$defs/verification"},
            "repeated": {"$ref": "#/$defs/repeated"},
            "negotiation": {"$ref": "#/$defs/negotiation"},
        },
        "membership": {
            "countries": {"type": "array", "minItems": 2, "maxItems": MAX_COUNTRIES,
                          "items": {"$ref": "#/$defs/country"}},
            "payoff": {"$ref": "#/$defs/payoff_model"},
            "network": {"$ref": "#/$defs/network"},
            "stability": {"$ref": "#/$defs/stability"},
            "clause": {"$ref": "#/$defs/clause"},
        },
        "extensive-form": {
            "players": {"type": "array", "minItems": 1, "maxItems": MAX_PLAYERS,
                        "items": {"anyOf": [{"$ref": "#/$defs/name"},
                                            {"$ref": "#/$defs/tree_player"}]}},
            "root": {"$ref": "#/$defs/name"},
            "nodes": {"type": "object", "minProperties": 1,
                      "additionalProperties": {"$ref": "#/$defs/tree_node"}},
        },
        "tree node": {
            "player": {"$ref": "#/$defs/name"}, "infoset": {"$ref": "#/$defs/name"},
            "moves": {"type": "object", "minProperties": 1,
                      "additionalProperties": {"$ref": "#/$defs/tree_target"}},
            "chance": {"type": "object", "minProperties": 1, "additionalProperties": {"anyOf": [
                {"$ref": "#/$defs/chance_outcome"},
                {"type": "array", "minItems": 2, "maxItems": 2,
                 "prefixItems": [value, {"$ref": "#/$defs/tree_target"}]}]}},
            "payoffs": {"anyOf": [{"type": "array", "items": value},
                                  {"type": "object", "additionalProperties": value}]},
            "doc": _TEXT,
        },
        "chance outcome": {"probability": value, "next": {"$ref": "#/$defs/tree_target"}},
        "tree player": {"name": {"$ref": "#/$defs/name"}, "doc": _TEXT},
        "parameter": {"value": value, "doc": _TEXT, "min": bound, "max": bound, "unit": _TEXT,
                      "distribution": {"$ref": "#/$defs/distribution"}},
        "distribution": {"type": {"enum": list(DISTRIBUTION_TYPES)}, "low": bound,
                         "high": bound, "mode": bound, "alpha": bound, "beta": bound,
                         "mean": bound, "sd": bound,
                         "values": {"type": "array", "items": bound, "minItems": 1},
                         "weights": {"type": "array", "items": bound, "minItems": 1}},
        "player": {"name": {"$ref": "#/$defs/name"}, "strategies": strategies, "doc": _TEXT},
        "payoff entry": {"profile": profile,
                         "payoffs": {"anyOf": [{"type": "array", "items": value},
                                               {"type": "object", "additionalProperties": value}]}},
        "verification": {
            "monitored": _NAMES, "commitment": {"$ref": "#/$defs/name"},
            "violation": {"$ref": "#/$defs/name"}, "mimics": {"$ref": "#/$defs/name"},
            "gain": per_player, "harm": per_player, "detection": per_player,
            "false_alarm": per_player, "false_alarm_cost": per_player, "sanction": per_player,
            "monitoring_cost": per_player, "paid_by": _NAMES,
            "inspection": {"$ref": "#/$defs/inspection"},
            "inspector": {"anyOf": [{"$ref": "#/$defs/name"}, {"$ref": "#/$defs/inspector"}]},
            "doc": _TEXT,
        },
        "inspector": {
            "name": {"$ref": "#/$defs/name"},
            "strategies": {"type": "array", "items": {"$ref": "#/$defs/name"}},
            "cost": value, "loss_undetected": value, "loss_detected": value,
            "target": {"$ref": "#/$defs/name"},
        },
        "inspection": {
            "inspector": {"$ref": "#/$defs/name"},
            "strategies": {"type": "array", "items": {"$ref": "#/$defs/name"}},
            "cost": value, "loss_undetected": value, "loss_detected": value,
            "target": {"$ref": "#/$defs/name"},
        },
        "repeated": {
            "discount": value, "detection": per_player, "false_alarm": per_player,
            "punishment": {"anyOf": [{"const": "grim"}, {"type": "integer", "minimum": 1}]},
            "reversion": _NAMES, "targets": _NAMES, "doc": _TEXT,
        },
        "negotiation": {
            "target": {"$ref": "#/$defs/name"},
            "terms": {"anyOf": [
                {"type": "array", "items": {"$ref": "#/$defs/name"}, "minItems": 1},
                {"type": "object", "minProperties": 1, "additionalProperties": {"anyOf": [
                    {"type": "array", "items": value, "minItems": 2, "maxItems": 2},
                    {"$ref": "#/$defs/term"}, {"type": "null"}]}}]},
            "disagreement": {"anyOf": [{"enum": ["minmax", "nash"]},
                                       {"$ref": "#/$defs/disagreement"}]},
            "powers": per_player, "discount": per_player, "outside_options": per_player,
            "solution": {"enum": list(SOLUTIONS)}, "self_enforcing": {"type": "boolean"},
            "doc": _TEXT,
        },
        "term": {"min": value, "max": value},
        "disagreement": {"nash": {"enum": list(SELECTION_RULES)}, "game": {"type": "string"},
                         "select": {"enum": list(SELECTION_RULES)},
                         "values": {"type": "object", "additionalProperties": value}},
        "public-good payoff": {"model": {"const": "public-good"},
                               "benefit": {"$ref": "#/$defs/name"},
                               "cost": {"$ref": "#/$defs/name"}},
        "expression payoff": {"model": {"const": "expression"}, "member": value,
                              "outsider": value},
        "barrett payoff": {"model": {"const": "barrett"}, "a": value, "b": value, "c": value},
        "network": {"edges": {"type": "array", "items": {
            "type": "array", "items": {"$ref": "#/$defs/name"}, "minItems": 2, "maxItems": 2}}},
        "stability": {"rule": {"enum": [*(str(r) for r in TieRule.ALL), *TieRule.ALIASES]},
                      "min_size": {"type": "integer", "minimum": 0}},
        "clause": {"min_members": value, "weight": {"$ref": "#/$defs/name"}, "share": value},
    }

    def props(section: str) -> dict[str, Any]:
        out = {}
        for key in keys[section]:
            # a KeyError here means a reader accepts a key this module does not describe
            out[key] = {**shapes[section][key], "description": KEY_DOCS[section][key]}
        return out

    def obj(section: str, required: tuple[str, ...] = ()) -> dict[str, Any]:
        d: dict[str, Any] = {"type": "object", "properties": props(section),
                             "additionalProperties": False}
        if required:
            d["required"] = list(required)
        return d

    verification = obj("verification", ("commitment", "detection"))
    verification["anyOf"] = [{"required": ["mimics"]}, {"required": ["gain"]}]
    verification["not"] = {"required": ["mimics", "gain"]}
    disagreement = obj("disagreement")
    disagreement["oneOf"] = [{"required": ["nash"]}, {"required": ["game"]},
                             {"required": ["values"]}]
    disagreement["dependentRequired"] = {"select": ["game"]}
    payoff_model = {
        "type": "object", "required": ["model"],
        "properties": {"model": {"enum": ["public-good", "expression", "barrett"],
                                 "description": "the payoff model"}},
        "if": {"properties": {"model": {"const": "expression"}}},
        "then": obj("expression payoff", ("member",)),
        "else": {"if": {"properties": {"model": {"const": "barrett"}}},
                 "then": obj("barrett payoff", ("a", "b", "c")),
                 "else": obj("public-good payoff")},
    }
    return {
        "value": _VALUE,
        "name": _NAME,
        "text_list": {"anyOf": [_TEXT, {"type": "array", "items": _TEXT}]},
        "parameter": obj("parameter", ("value",)),
        "distribution": {"anyOf": [{"enum": list(DISTRIBUTION_TYPES)},
                                   obj("distribution", ("type",))]},
        "player": obj("player", ("name", "strategies")),
        "payoff_array": {"type": "array",
                         "items": {"anyOf": [value, {"$ref": "#/$defs/payoff_array"}]}},
        "payoff_entry": obj("payoff entry", ("profile", "payoffs")),
        "verification": verification,
        "inspection": obj("inspection"),
        "inspector": obj("inspector"),
        "repeated": obj("repeated"),
        "negotiation": obj("negotiation"),
        "term": obj("term"),
        "disagreement": disagreement,
        "country": {"type": "object", "required": ["name"],
                    "properties": {"name": {"$ref": "#/$defs/name",
                                            "description": "the country's name (required)"}},
                    "additionalProperties": {**_VALUE, "description":
                                             "an attribute: a number or an expression of the "
                                             "parameters"}},
        "payoff_model": payoff_model,
        "tree_node": obj("tree node"),
        "tree_target": {"anyOf": [{"$ref": "#/$defs/name"}, {"$ref": "#/$defs/tree_node"}]},
        "chance_outcome": obj("chance outcome", ("probability", "next")),
        "tree_player": obj("tree player", ("name",)),
        "network": obj("network", ("edges",)),
        "stability": obj("stability"),
        "clause": {**obj("clause"), "oneOf": [{"required": ["min_members"]},
                                              {"required": ["weight", "share"]}]},
    }, props


_KIND_TEXT = {"normal-form": "normal-form (a game in strategic form; the default)",
              "membership": "membership (a membership game of many countries)",
              "extensive-form": "extensive-form (a game tree: moves in sequence, chance, "
                                "information sets)"}


def schema_id(kind: str) -> str:
    """The ``$id`` of the schema of *kind* (a name, not a reachable address)."""
    return f"https://treaty.invalid/spec/{kind}.schema.json"


def _body(kind: str, props: Any) -> dict[str, Any]:
    from .loader import _KIND_ALIASES

    kind_schema: dict[str, Any]
    if kind == "membership":
        kind_schema = {"const": "membership"}
    elif kind == "extensive-form":
        kind_schema = {"enum": ["extensive-form", "extensive_form", "extensive"]}
    else:
        kind_schema = {"enum": ["normal-form", *_KIND_ALIASES]}
    kind_schema["description"] = f"the spec kind: {_KIND_TEXT[kind]}"
    properties = {**props("common"), "kind": kind_schema, **props(kind)}
    required = {"normal-form": ["players", "payoffs"], "membership": ["kind", "countries", "payoff"],
                "extensive-form": ["kind", "players", "nodes"]}[kind]
    return {"title": f"treaty {kind} spec", "type": "object", "properties": properties,
            "required": required, "additionalProperties": False}


def spec_schema(kind: str = "all") -> dict[str, Any]:
    """The JSON Schema of the spec *kind* (``"normal-form"``, ``"membership"`` or ``"all"``).

    ``"all"`` accepts any spec: a document whose ``kind`` is ``membership`` is checked as a
    membership spec, any other as a normal-form spec (the reader's default).

    Raises
    ------
    GameError
        For an unknown kind.
    """
    from ..errors import GameError, did_you_mean

    if kind not in SCHEMA_KINDS:
        raise GameError(f"no schema for spec kind {kind!r} ({did_you_mean(kind, SCHEMA_KINDS)}"
                        "; .nfg files are not JSON and have none)")
    defs, props = _defs()
    head = {"$schema": _DIALECT, "$id": schema_id(kind)}
    if kind != "all":
        return {**head, **_body(kind, props),
                "description": f"A treaty spec of kind {kind} (docs/spec-format.md).",
                "$defs": defs}
    return {**head, "title": "treaty spec",
            "description": "Any treaty spec (docs/spec-format.md): kind membership, "
                           "extensive-form, or normal-form (the default).",
            "type": "object",
            "if": {"properties": {"kind": {"const": "membership"}}, "required": ["kind"]},
            "then": {"$ref": "#/$defs/membership_spec"},
            "else": {
                "if": {"properties": {"kind": {"enum": ["extensive-form", "extensive_form",
                                                        "extensive"]}},
                       "required": ["kind"]},
                "then": {"$ref": "#/$defs/extensive_form_spec"},
                "else": {"$ref": "#/$defs/normal_form_spec"}},
            "$defs": {**defs, "normal_form_spec": _body("normal-form", props),
                      "membership_spec": _body("membership", props),
                      "extensive_form_spec": _body("extensive-form", props)}}
