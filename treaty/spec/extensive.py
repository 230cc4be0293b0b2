"""Schema of game-tree specs (``kind: extensive-form``), read once into a parametric spec.

::

    treaty: 1
    kind: extensive-form
    title: Entry with detection
    parameters:
      p: {value: 1/2, min: 0, max: 1, doc: probability that a violation is detected}
    players: [Entrant, Incumbent]      # or a list of {name, doc}
    root: entry                        # optional: the first node of 'nodes' by default
    nodes:
      entry:                           # a decision node: the player and the moves
        player: Entrant
        moves: {out: stay_out, in: detect}
      stay_out: {payoffs: [0, 2]}      # a leaf: one payoff per player (list or mapping)
      detect:                          # a chance node: probability and next node per outcome
        chance:
          caught: {probability: p, next: respond}
          missed: [1 - p, {payoffs: {Entrant: 2, Incumbent: 0}}]   # short form, inline leaf
      respond:
        player: Incumbent
        infoset: after_entry           # nodes with one label form one information set
        moves: {fight: {payoffs: [-1, -1]}, accommodate: {payoffs: [1, 1]}}

A move leads to a named node (each named node is reached from exactly one place) or to a node
written inline.  Probabilities and payoffs are numbers or expressions of the parameters
(:mod:`treaty.spec.expressions`), exact when the input is.  Everything that does not depend on
parameter values (the tree's shape, names, information sets, the syntax and names of every
expression, the size) is checked when the spec is read, with file:line:column; the values
(probabilities in [0, 1] summing to 1) when it is instantiated, located at the chance node.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from fractions import Fraction
from typing import Any

from ..errors import GameError, did_you_mean
from ._limits import MAX_PLAYERS, MAX_TREE_NODES
from ._meta import COMMON_KEYS, read_info
from ._nodes import Node
from .parametric import Spec, Value

__all__ = ["ExtensiveFormSpec", "read_extensive_form", "tree_to_spec", "EXTENSIVE_FORM_KEYS",
           "TREE_NODE_KEYS", "CHANCE_OUTCOME_KEYS", "TREE_PLAYER_KEYS"]

EXTENSIVE_FORM_KEYS = (*COMMON_KEYS, "players", "root", "nodes")
TREE_NODE_KEYS = ("player", "infoset", "moves", "chance", "payoffs", "doc")
CHANCE_OUTCOME_KEYS = ("probability", "next")
TREE_PLAYER_KEYS = ("name", "doc")


@dataclass(frozen=True)
class _Compiled:
    kind: str
    label: str
    node: Node
    player: int | None = None
    infoset: str | None = None
    actions: tuple[str, ...] = ()
    children: tuple[int, ...] = ()
    probs: tuple[Value, ...] = ()
    payoffs: tuple[Value, ...] = ()


class ExtensiveFormSpec(Spec):
    """A game-tree spec read once; :meth:`instantiate` builds its
    :class:`~treaty.extensive.TreeGame` at a parameter point.

    Attributes
    ----------
    players : tuple of str
    title : str
    size : int
        The number of nodes of the tree.
    """

    kind = "extensive-form"

    def __init__(self, root: Node, file: str) -> None:
        fields = self._read_top(root, EXTENSIVE_FORM_KEYS, file)
        self.names = set(self.parameters.names)
        self.players = tuple(_read_players(fields.get("players"), root))
        self.title, self._info = read_info(fields, self.parameters, {}, file)
        if "nodes" not in fields:
            raise root.error("the spec is missing the required key 'nodes'",
                             "give the tree's nodes, each a decision, chance or terminal node")
        nodes_node = fields["nodes"]
        named = nodes_node.expect_map("'nodes'")
        if not named:
            raise nodes_node.error("'nodes' is empty", "a tree needs at least a root")
        if "root" in fields:
            rnode = fields["root"]
            start = rnode.expect_name("'root'")
            if start not in named:
                raise rnode.error(f"unknown node {start!r}", did_you_mean(start, named))
        else:
            start = next(iter(named))
        self.root_name = start
        self._named = named
        self._nodes_node = nodes_node
        self.compiled: list[_Compiled] = []
        self._reached: dict[str, Node] = {}
        self._build(start, named[start])
        for name in named:
            if name not in self._reached:
                raise nodes_node.key_loc(name).error(
                    f"node {name!r} is not reached from the root {start!r}",
                    "every named node is the target of exactly one move")
        self._check_infosets()
        self.size = len(self.compiled)

    # -- reading ---------------------------------------------------------------------------
    def _build(self, root_label: str, root_node: Node) -> None:
        """Compile the tree from the root, iteratively (a deep tree is no recursion risk)."""
        self._reached[root_label] = root_node
        # stack of (label, document node, parent index, position among the parent's children)
        stack: list[tuple[str, Node, int, int]] = [(root_label, root_node, -1, 0)]
        children: dict[int, list[int]] = {}
        while stack:
            label, dnode, parent, _ = stack.pop()
            k = len(self.compiled)
            if k >= MAX_TREE_NODES:
                raise dnode.error(f"the tree has more than {MAX_TREE_NODES:,} nodes "
                                  "(MAX_TREE_NODES)", "build a larger tree with the Python API")
            if parent >= 0:
                children[parent].append(k)
            comp, targets = self._read_node(label, dnode)
            self.compiled.append(comp)
            children[k] = []
            for tlabel, tnode in reversed(targets):
                stack.append((tlabel, tnode, k, 0))
        for k, kids in children.items():
            if kids:
                self.compiled[k] = replace(self.compiled[k], children=tuple(kids))

    def _target(self, label: str, action: str, tnode: Node) -> tuple[str, Node]:
        """The node a move leads to: a named node (reached once) or one written inline."""
        if tnode.kind == "map":
            return f"{label}/{action}", tnode
        name = tnode.expect_name(f"the node that move {action!r} leads to")
        if name not in self._named:
            raise tnode.error(f"unknown node {name!r}", did_you_mean(name, self._named)
                              or "name a node of 'nodes' or write the node inline")
        if name in self._reached:
            first = self._reached[name]
            where = "it is the root" if name == self.root_name else \
                f"it is reached from line {first.loc.line} already"
            raise tnode.error(f"node {name!r} is reached twice ({where}): not a tree",
                              "use an information set ('infoset: label') for nodes a player "
                              "cannot tell apart")
        self._reached[name] = tnode
        return name, self._named[name]

    def _read_node(self, label: str, dnode: Node) -> tuple[_Compiled, list[tuple[str, Node]]]:
        what = f"node {label!r}"
        fields = dnode.check_keys(what, TREE_NODE_KEYS)
        kinds = [k for k in ("moves", "chance", "payoffs") if k in fields]
        if len(kinds) != 1:
            found = " and ".join(repr(k) for k in kinds) if kinds else "none of them"
            raise dnode.error(f"{what} needs exactly one of 'moves' (with 'player'), 'chance' or "
                              f"'payoffs', found {found}")
        kind = kinds[0]
        for key in ("player", "infoset"):
            if key in fields and kind != "moves":
                raise dnode.key_loc(key).error(f"'{key}' belongs to a decision node (with "
                                               f"'moves'), and {what} has {kind!r}")
        if kind == "payoffs":
            return _Compiled("terminal", label, dnode,
                             payoffs=self._read_payoffs(fields["payoffs"], what)), []
        if kind == "chance":
            outcomes = fields["chance"].expect_map(f"'chance' of {what}")
            if not outcomes:
                raise fields["chance"].error(f"'chance' of {what} needs at least one outcome")
            probs, targets = [], []
            for action, onode in outcomes.items():
                if onode.kind == "seq":
                    items = onode.value
                    if len(items) != 2:
                        raise onode.error(f"chance outcome {action!r}: the short form is "
                                          f"[probability, next], got {len(items)} items")
                    pnode, nnode = items
                else:
                    ofields = onode.check_keys(f"chance outcome {action!r}", CHANCE_OUTCOME_KEYS,
                                               required=CHANCE_OUTCOME_KEYS)
                    pnode, nnode = ofields["probability"], ofields["next"]
                probs.append(Value.read(pnode, f"the probability of {action!r} at {what}",
                                        self.names))
                targets.append(self._target(label, action, nnode))
            return _Compiled("chance", label, dnode, actions=tuple(outcomes),
                             probs=tuple(probs)), targets
        if "player" not in fields:
            raise dnode.error(f"{what} has 'moves' but no 'player'", "name the player who moves")
        pnode = fields["player"]
        pname = pnode.expect_name(f"the player of {what}")
        if pname not in self.players:
            raise pnode.error(f"unknown player {pname!r}", did_you_mean(pname, self.players))
        infoset = fields["infoset"].expect_name(f"the information set of {what}") \
            if "infoset" in fields else None
        moves = fields["moves"].expect_map(f"'moves' of {what}")
        if not moves:
            raise fields["moves"].error(f"{what} needs at least one move")
        targets = [self._target(label, action, mnode) for action, mnode in moves.items()]
        return _Compiled("decision", label, dnode, player=self.players.index(pname),
                         infoset=infoset, actions=tuple(moves)), targets

    def _read_payoffs(self, pnode: Node, what: str) -> tuple[Value, ...]:
        n = len(self.players)
        if pnode.kind == "map":
            for name in pnode.value:
                if name not in self.players:
                    raise pnode.key_loc(name).error(f"unknown player {name!r}",
                                                    did_you_mean(name, self.players))
            missing = [p for p in self.players if p not in pnode.value]
            if missing:
                raise pnode.error(f"the payoffs of {what} give none for {', '.join(missing)}")
            return tuple(Value.read(pnode.value[p], f"the payoff of {p} at {what}", self.names)
                         for p in self.players)
        items = pnode.expect_seq(f"the payoffs of {what}")
        if len(items) != n:
            raise pnode.error(f"the payoffs of {what}: one per player ({n}) expected, got "
                              f"{len(items)}", f"order: {', '.join(self.players)}")
        return tuple(Value.read(v, f"the payoff of {p} at {what}", self.names)
                     for p, v in zip(self.players, items))

    def _check_infosets(self) -> None:
        first: dict[str, _Compiled] = {}
        for c in self.compiled:
            if c.kind != "decision" or c.infoset is None:
                continue
            if c.infoset not in first:
                first[c.infoset] = c
                continue
            f = first[c.infoset]
            where = f"information set {c.infoset!r} (first at line {f.node.loc.line})"
            if c.player != f.player:
                raise c.node.error(f"node {c.label!r} is in {where} of "
                                   f"{self.players[f.player or 0]}, but "
                                   f"{self.players[c.player or 0]} moves here")
            if c.actions != f.actions:
                raise c.node.error(f"node {c.label!r} has moves {list(c.actions)}, but {where} "
                                   f"has {list(f.actions)}",
                                   "a player cannot tell the nodes of one information set apart, "
                                   "so each has the same moves in the same order")

    # -- instantiating ---------------------------------------------------------------------
    def instantiate(self, params: Mapping[str, Any] | None = None) -> Any:
        """The :class:`~treaty.extensive.TreeGame` at the parameter point *params*.

        Raises
        ------
        ParameterError
            An unknown parameter or a value outside its declared bounds.
        SpecError
            A chance probability outside [0, 1], or a chance node whose probabilities do not
            sum to 1 at this point (located at the node).
        """
        from ..extensive import Node as TreeNode
        from ..extensive import TreeGame

        env = self.resolve(params)
        labels: dict[str, int] = {}
        nodes = []
        for c in self.compiled:
            if c.kind == "terminal":
                nodes.append(TreeNode.terminal([v(env) for v in c.payoffs], label=c.label))
            elif c.kind == "chance":
                probs = [v(env) for v in c.probs]
                for a, v, p in zip(c.actions, c.probs, probs):
                    if not 0 <= p <= 1:
                        raise v.node.error(f"the probability of {a!r} is {p}, outside [0, 1]",
                                           "check the parameter values")
                total = sum(probs, Fraction(0))
                if (all(isinstance(p, Fraction) for p in probs) and total != 1) or \
                        abs(float(total) - 1) > 1e-9:
                    raise c.node.error(f"the chance probabilities of node {c.label!r} sum to "
                                       f"{total}, not 1", "check the expressions and parameters")
                nodes.append(TreeNode.chance(c.actions, probs, c.children, label=c.label))
            else:
                h = labels.setdefault(c.infoset, len(labels)) if c.infoset is not None else None
                assert c.player is not None
                nodes.append(TreeNode.decision(c.player, c.actions, c.children, infoset=h,
                                               label=c.label))
        info = replace(self._info, parameters=dict(env))
        if params:
            info = replace(info, overrides={name: env[name] for name in params})
        try:
            return TreeGame.from_nodes(self.players, nodes, title=self.title,
                                       infoset_labels={h: lab for lab, h in labels.items()},
                                       info=info, spec=self)
        except GameError as exc:  # pragma: no cover - the reader checks the structure first
            raise self._nodes_node.error(str(exc)) from None


def _read_players(node: Node | None, root: Node) -> list[str]:
    if node is None:
        raise root.error("the spec is missing the required key 'players'",
                         "list the players' names (chance is not a player)")
    items = node.expect_seq("'players'")
    if len(items) > MAX_PLAYERS:
        raise node.error(f"{len(items):,} players, more than the limit {MAX_PLAYERS} "
                         "(MAX_PLAYERS)")
    names: list[str] = []
    for item in items:
        if item.kind == "map":
            fields = item.check_keys("a player", TREE_PLAYER_KEYS, required=("name",))
            name = fields["name"].expect_name("a player's name")
        else:
            name = item.expect_name("a player's name")
        if name in names:
            raise item.error(f"duplicate player {name!r}", "player names must be distinct")
        if name.lower() == "chance":
            raise item.error("'chance' is not a player", "write chance moves as 'chance:' nodes")
        names.append(name)
    if not names:
        raise node.error("a game tree needs at least one player")
    return names


def read_extensive_form(root: Node, file: str) -> ExtensiveFormSpec:
    """Read a parsed ``kind: extensive-form`` document into an :class:`ExtensiveFormSpec`."""
    return ExtensiveFormSpec(root, file)


def _spec_number(v: Any) -> Any:
    """An exact number as an int or ``"a/b"`` text (read back exactly), a float as itself."""
    if isinstance(v, Fraction):
        return int(v) if v.denominator == 1 else f"{v.numerator}/{v.denominator}"
    return float(v)


def tree_to_spec(tree: Any) -> dict[str, Any]:
    """A :class:`~treaty.extensive.TreeGame` as an extensive-form spec document (a dict).

    Nodes are named by their labels where those are distinct (``n<k>`` otherwise), leaves
    are written inline, and information sets of several nodes get their label (or
    ``set<j>``).  Reading the document back gives the same tree (node order aside), so a
    Gambit ``.efg`` file becomes a spec to which parameters can be added
    (``treaty convert game.efg --to yaml``).

    >>> from treaty.extensive import Node, TreeGame
    >>> t = TreeGame.from_nodes(["A", "B"], [
    ...     Node.chance(["H", "T"], ["1/3", "2/3"], [1, 2], label="coin"),
    ...     Node.decision(0, ["x", "y"], [3, 4]), Node.terminal([1, 0]),
    ...     Node.terminal([2, 2]), Node.terminal(["1/2", -1])])
    >>> tree_to_spec(t)["nodes"]["coin"]["chance"]["T"]
    {'probability': '2/3', 'next': {'payoffs': [1, 0]}}
    >>> tree_to_spec(t)["nodes"]["n1"]
    {'player': 'A', 'moves': {'x': {'payoffs': [2, 2]}, 'y': {'payoffs': ['1/2', -1]}}}
    """
    import re
    from collections import Counter

    labels = [nd.label for nd in tree.nodes]
    count = Counter(labels)
    names = [lab if lab and count[lab] == 1 and lab == lab.strip() and "/" not in lab
             and not re.fullmatch(r"n\d+", lab) else f"n{k}" for k, lab in enumerate(labels)]
    set_names: dict[int, str] = {}
    for j, h in enumerate(tree.infosets):
        if len(h.nodes) > 1:
            base = h.label or f"set{j}"
            name = base if base not in set_names.values() else f"{base}_{j}"
            set_names[j] = name

    def target(c: int) -> Any:
        nd = tree.nodes[c]
        if nd.kind == "terminal":
            return {"payoffs": [_spec_number(v) for v in nd.payoffs]}
        return names[c]

    nodes: dict[str, Any] = {}
    for k, nd in enumerate(tree.nodes):
        if nd.kind == "terminal" and k != 0:
            continue
        if nd.kind == "terminal":
            nodes[names[k]] = {"payoffs": [_spec_number(v) for v in nd.payoffs]}
        elif nd.kind == "chance":
            nodes[names[k]] = {"chance": {a: {"probability": _spec_number(p), "next": target(c)}
                                          for a, p, c in zip(nd.actions, nd.probs, nd.children)}}
        else:
            entry: dict[str, Any] = {"player": tree.players[nd.player]}
            if nd.infoset in set_names:
                entry["infoset"] = set_names[nd.infoset]
            entry["moves"] = {a: target(c) for a, c in zip(nd.actions, nd.children)}
            nodes[names[k]] = entry
    doc: dict[str, Any] = {"treaty": 1, "kind": "extensive-form"}
    if tree.title:
        doc["title"] = tree.title
    desc = getattr(tree.info, "description", "") or ""
    if desc.strip():
        doc["description"] = desc.strip()
    doc["players"] = list(tree.players)
    doc["root"] = names[0]
    doc["nodes"] = nodes
    return doc
