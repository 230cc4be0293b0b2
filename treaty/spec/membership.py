"""Schema of membership-game specs (``kind: membership``, format version 1).

::

    treaty: 1
    kind: membership
    title: ...
    parameters: {scale: 1}
    countries:                      # a list of {name, <attribute>: value, ...}
      - {name: US, benefit: 10, cost: 2}
      - {name: CN, benefit: "8 * scale", cost: 2}
    payoff:
      model: public-good            # or: expression
      benefit: benefit              # public-good: attribute holding b_i (default 'benefit')
      cost: cost                    # attribute holding c_i (default 'cost')
      # expression model: member: "<expr>", outsider: "<expr>" (optional)
      # barrett model (identical countries, Barrett 1994): a, b, c (numbers or expressions)
    network:
      edges: [[US, NL], [US, JP]]
    stability:
      rule: stay-join
      min_size: 2
    clause: {min_members: 4}        # or {weight: compute, share: 1/2}: a participation clause

Attribute values are numbers or expressions of the parameters; exact numbers stay exact.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..coalitions._game import MembershipGame, _adjacency
from ..coalitions._models import EXPRESSION_VARIABLES, ExpressionModel, PublicGoodModel
from ..coalitions._results import TieRule
from ..errors import SpecError, TreatyError, did_you_mean
from ._limits import MAX_COUNTRIES
from ._meta import COMMON_KEYS, read_info
from ._nodes import Node
from ._params import ParameterSet, parse_parameters
from .expressions import node_expression, node_value
from .parametric import Spec

__all__ = ["MembershipSpec", "read_membership", "build_membership", "MEMBERSHIP_KEYS", "MAX_COUNTRIES",
           "PAYOFF_MODELS", "CLAUSE_KEYS", "BARRETT_KEYS"]

MEMBERSHIP_KEYS = (*COMMON_KEYS, "countries", "payoff", "network", "stability", "clause")
PAYOFF_MODELS = ("public-good", "expression", "barrett")
PUBLIC_GOOD_KEYS = ("model", "benefit", "cost")
EXPRESSION_PAYOFF_KEYS = ("model", "member", "outsider")
BARRETT_KEYS = ("model", "a", "b", "c")
NETWORK_KEYS = ("edges",)
STABILITY_KEYS = ("rule", "min_size")
CLAUSE_KEYS = ("min_members", "weight", "share")
_RESERVED = set(EXPRESSION_VARIABLES) | {"name"}






def _read_countries(node: Node | None, root: Node, env: Mapping[str, Any]
                    ) -> tuple[list[str], dict[str, list[Any]]]:
    if node is None:
        raise root.error("the spec is missing the required key 'countries'",
                         "list the countries as '- {name: US, benefit: 10, cost: 2}'")
    items = node.expect_seq("'countries'")
    if len(items) < 2:
        raise node.error(f"a membership game needs at least 2 countries, got {len(items)}")
    if len(items) > MAX_COUNTRIES:
        raise node.error(f"{len(items):,} countries, more than the limit {MAX_COUNTRIES} a spec "
                         f"may list", f"2^{len(items):,} coalitions could never be enumerated")
    names: list[str] = []
    attrs: dict[str, list[Any]] = {}
    first_keys: list[str] | None = None
    for item in items:
        fields = item.expect_map("a country")
        if "name" not in fields:
            raise item.error("a country needs a 'name'", "write '- {name: US, ...}'")
        name = fields["name"].expect_name("a country's name")
        if name in names:
            raise fields["name"].error(f"duplicate country {name!r}", "names must be distinct")
        names.append(name)
        keys = [k for k in fields if k != "name"]
        for k in keys:
            if not k.isidentifier() or k in _RESERVED or k.startswith(("sum_", "total_")):
                raise item.key_loc(k).error(
                    f"{k!r} cannot be an attribute name",
                    f"use a plain name, not one of {sorted(_RESERVED)} or sum_*/total_*")
        if first_keys is None:
            first_keys = keys
            attrs = {k: [] for k in keys}
        else:
            for k in keys:
                if k not in attrs:
                    raise item.key_loc(k).error(
                        f"country {name!r} has attribute {k!r} that the first country lacks",
                        did_you_mean(k, attrs) or "every country needs the same attributes")
            for k in attrs:
                if k not in fields:
                    raise item.error(f"country {name!r} is missing the attribute {k!r}",
                                     "every country needs the same attributes")
        for k in keys:
            if k in env:
                raise item.key_loc(k).error(f"attribute {k!r} has the name of a parameter",
                                            "rename one of them")
            attrs[k].append(node_value(fields[k], f"attribute {k!r} of {name}", env))
    return names, attrs


def _read_payoff(node: Node | None, root: Node, names: list[str], attrs: dict[str, list[Any]],
                 env: Mapping[str, Any], adjacency: Any) -> Any:
    if node is None:
        raise root.error("the spec is missing the required key 'payoff'",
                         "write 'payoff: {model: public-good}'")
    fields = node.expect_map("'payoff'")
    if "model" not in fields:
        raise node.error("'payoff' needs a 'model'", f"one of {', '.join(PAYOFF_MODELS)}")
    mnode = fields["model"]
    model = mnode.expect_str("'model'").strip()
    if model not in PAYOFF_MODELS:
        raise mnode.error(f"unknown payoff model {model!r}", did_you_mean(model, PAYOFF_MODELS))
    if model == "public-good":
        fields = node.check_keys("the public-good payoff", PUBLIC_GOOD_KEYS)
        chosen = []
        for role in ("benefit", "cost"):
            attr = fields[role].expect_name(f"'{role}'") if role in fields else role
            if attr not in attrs:
                where = fields.get(role, node)
                raise where.error(f"the public-good model needs the country attribute {attr!r}",
                                  did_you_mean(attr, attrs) if attrs else
                                  f"give every country '{attr}: <number>'")
            chosen.append(attr)
        costs = attrs[chosen[1]]
        for name, c in zip(names, costs):
            if not c > 0:
                raise (fields.get("cost") or node).error(
                    f"the cost of {name} is {c}, but every cost must be positive")
        return PublicGoodModel(attrs[chosen[0]], costs)
    if model == "barrett":
        return _read_barrett(node, names, env)
    fields = node.check_keys("the expression payoff", EXPRESSION_PAYOFF_KEYS,
                             required=("member",))
    member = node_expression(fields["member"], "'member'")
    outsider = node_expression(fields["outsider"], "'outsider'") if "outsider" in fields else None
    known = set(env) | set(EXPRESSION_VARIABLES)
    for a in attrs:
        known |= {a, f"sum_{a}", f"total_{a}"}
    for e in (member, outsider):
        if e is not None:
            e.check_names(known)
    try:
        return ExpressionModel(member, outsider, attributes=attrs, params=env,
                               adjacency=adjacency)
    except TreatyError as exc:
        raise node.error(str(exc)) from None


def _read_barrett(node: Node, names: list[str], env: Mapping[str, Any]) -> Any:
    """Barrett's (1994) concave-benefit model of identical countries: ``{a, b, c}``."""
    from ..coalitions._barrett import BarrettModel

    fields = node.check_keys("the barrett payoff", BARRETT_KEYS, required=("a", "b", "c"))
    values = {}
    for key in ("a", "b", "c"):
        v = node_value(fields[key], f"'{key}'", env)
        if not v > 0:
            raise fields[key].error(f"Barrett's '{key}' must be positive, got {v}")
        values[key] = v
    try:
        return BarrettModel(len(names), values["a"], values["b"], values["c"])
    except TreatyError as exc:
        raise node.error(str(exc)) from None


def _apply_clause(node: Node, game: MembershipGame, env: Mapping[str, Any]) -> MembershipGame:
    """The game under the spec's participation clause: ``{min_members: K}`` or
    ``{weight: ATTR, share: S}`` (:func:`treaty.coalitions.participation_clause`)."""
    from ..coalitions._clause import participation_clause

    fields = node.check_keys("'clause'", CLAUSE_KEYS)
    if "min_members" in fields and ("weight" in fields or "share" in fields):
        raise node.error("a clause is on the number of members or on a weight share, not both",
                         "write {min_members: 4} or {weight: compute, share: 1/2}")
    if "min_members" in fields:
        kn = fields["min_members"]
        k = node_value(kn, "'min_members'", env)
        if isinstance(k, float) or getattr(k, "denominator", 1) != 1 or not 0 <= k <= game.n:
            raise kn.error(f"'min_members' must be a whole number from 0 to {game.n} (the number "
                           f"of countries), got {k}")
        return participation_clause(game, int(k))
    if "weight" not in fields or "share" not in fields:
        missing = "weight" if "weight" not in fields else "share"
        raise node.error(f"a clause on a weight share needs '{missing}'" if fields else
                         "an empty clause",
                         "write {min_members: 4} or {weight: compute, share: 1/2}")
    wn, sn = fields["weight"], fields["share"]
    attr = wn.expect_name("'weight'")
    if attr not in game.attributes:
        raise wn.error(f"unknown country attribute {attr!r} for the clause's weight",
                       did_you_mean(attr, list(game.attributes)))
    share = node_value(sn, "'share'", env)
    if not 0 <= share <= 1:
        raise sn.error(f"'share' must be between 0 and 1, got {share}", "e.g. share: 1/2")
    try:
        return participation_clause(game, share, weights=attr)
    except TreatyError as exc:
        raise wn.error(str(exc)) from None


def _read_edges(node: Node | None, names: list[str]) -> list[tuple[str, str]] | None:
    if node is None:
        return None
    fields = node.check_keys("'network'", NETWORK_KEYS, required=("edges",))
    edges = []
    for e in fields["edges"].expect_seq("'edges'"):
        pair = e.expect_seq("an edge")
        if len(pair) != 2:
            raise e.error(f"an edge joins 2 countries, got {len(pair)}", "write [US, NL]")
        ends = []
        for p in pair:
            c = p.expect_name("a country in an edge")
            if c not in names:
                raise p.error(f"unknown country {c!r} in an edge", did_you_mean(c, names))
            ends.append(c)
        if ends[0] == ends[1]:
            raise e.error(f"an edge joins {ends[0]!r} to itself")
        edges.append((ends[0], ends[1]))
    return edges


class MembershipSpec(Spec):
    """A membership spec read once (keys, parameters and the country list's size checked);
    :meth:`instantiate` builds the :class:`MembershipGame` from the parsed document at a point.
    """

    kind = "membership"

    def __init__(self, root: Node, file: str) -> None:
        fields = self._read_top(root, MEMBERSHIP_KEYS, file)
        cnode = fields.get("countries")
        if cnode is not None and cnode.kind == "seq" and len(cnode.value) > MAX_COUNTRIES:
            raise cnode.error(f"{len(cnode.value):,} countries, more than the limit "
                              f"{MAX_COUNTRIES} a spec may list",
                              f"2^{len(cnode.value):,} coalitions could never be enumerated")

    def instantiate(self, params: Mapping[str, Any] | None = None) -> MembershipGame:
        """The :class:`MembershipGame` at the parameter point *params*."""
        assert self.document is not None
        return build_membership(self.document, params, self.file, self.parameters)


def read_membership(root: Node, file: str) -> MembershipSpec:
    """Read a parsed ``kind: membership`` document into a :class:`MembershipSpec`."""
    return MembershipSpec(root, file)


def build_membership(root: Node, params: Mapping[str, Any] | None, file: str,
                     parameters: ParameterSet | None = None) -> MembershipGame:
    """Build a :class:`MembershipGame` from a parsed ``kind: membership`` spec."""
    fields = root.check_keys("the spec", MEMBERSHIP_KEYS)
    parameters = parameters or parse_parameters(fields.get("parameters"))
    env = parameters.resolve(params, file)
    names, attrs = _read_countries(fields.get("countries"), root, env)
    edges = _read_edges(fields.get("network"), names)
    adjacency = _adjacency(names, edges) if edges else None
    model = _read_payoff(fields.get("payoff"), root, names, attrs, env, adjacency)
    rule: str = TieRule.DEFAULT
    min_size = 2
    if "stability" in fields:
        sf = fields["stability"].check_keys("'stability'", STABILITY_KEYS)
        if "rule" in sf:
            rule = sf["rule"].expect_str("'rule'").strip()
            try:
                TieRule.parse(rule)
            except TreatyError:
                raise sf["rule"].error(f"unknown tie rule {rule!r}",
                                       did_you_mean(rule, TieRule.ALL)) from None
        if "min_size" in sf:
            min_size = sf["min_size"].expect_int("'min_size'", minimum=0)
    title, info = read_info(fields, parameters, env, file)
    try:
        game = MembershipGame(names, model, attributes=attrs, edges=edges, title=title,
                              info=info, rule=rule, min_size=min_size)
    except SpecError:
        raise
    except TreatyError as exc:
        raise root.error(str(exc)) from None
    if "clause" in fields:
        game = _apply_clause(fields["clause"], game, env)
    return game
