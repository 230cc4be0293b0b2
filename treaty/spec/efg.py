"""Gambit's extensive-form file format (``.efg``), version 2, read into a :class:`TreeGame`.

Reference: Gambit documentation, "Game representation formats" (extensive games), and the
reader in Gambit's ``src/games/file.cc``.  A file starts ``EFG 2 R "title" { "Player 1"
"Player 2" }`` and an optional comment string, then lists the nodes in prefix order (a node,
then the subtrees of its children in order), one of

* ``p "node" player infoset ["infoset" { "action" ... }] outcome [...]``: a decision node of
  player ``1..N``; the information set's label and actions are given at least the first time
  the set appears;
* ``c "node" infoset ["infoset" { "action" prob ... }] outcome [...]``: a chance node;
* ``t "node" outcome [...]``: a terminal node;

where ``outcome`` is ``0`` (none) or an outcome number, followed the first time by its label
and payoffs ``"name" { u1, u2, ... }`` (commas optional).  An outcome may sit at any node;
a player's payoff at a leaf is the sum of the outcomes on its path (Gambit's semantics), which
is what the :class:`~treaty.extensive.TreeGame` stores.  Numbers (integers, decimals,
``a/b``) are read exactly.  Labels are normalised as Gambit normalises them
(:func:`~treaty.spec.nfg.normalize_labels`: empty or repeated player and action labels get a
``_k`` suffix).

:func:`write_efg` writes a tree with one outcome per leaf, the actions of every information
set at each of its nodes, and one chance information set per chance node; Gambit reads it back
to the same game.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import numpy as np

from ..errors import GameError
from ._limits import MAX_TREE_NODES
from .nfg import _Reader, _Tok, _tokenize, normalize_labels, read_header

__all__ = ["read_efg", "write_efg"]


class _Raw:
    __slots__ = ("kind", "label", "player", "infoset", "actions", "probs", "outcome", "children",
                 "tok")

    def __init__(self, kind: str, label: str, tok: _Tok) -> None:
        self.kind = kind
        self.label = label
        self.tok = tok
        self.player: int | None = None
        self.infoset: Any = None
        self.actions: list[str] = []
        self.probs: list[Fraction] = []
        self.outcome = 0
        self.children: list[int] = []


def read_efg(text: str, file: str = "<string>") -> Any:
    """Read a Gambit ``.efg`` game (version 2) into an exact :class:`~treaty.extensive.TreeGame`.

    Raises
    ------
    SpecError
        Located at the offending token: a malformed header, an unknown node type, an
        information set used before its actions are given or restated differently, an outcome
        used before its payoffs, a wrong number of payoffs, more than ``MAX_TREE_NODES``
        nodes, or a tree the model refuses (chance probabilities not summing to 1, ...).

    Examples
    --------
    >>> t = read_efg('''EFG 2 R "Entry" { "E" "I" } ""
    ... p "" 1 1 "" { "out" "in" } 0
    ... t "" 1 "" { 0, 2 }
    ... p "" 2 1 "" { "fight" "accommodate" } 0
    ... t "" 2 "" { -1, -1 }
    ... t "" 3 "" { 1, 1 }''')
    >>> t.players, len(t.nodes), t.nodes[4].payoffs
    (('E', 'I'), 5, (Fraction(1, 1), Fraction(1, 1)))
    """
    from ..extensive import Node, TreeGame

    r = _Reader(_tokenize(text, file), file)
    title, players, t = read_header(r, "EFG", "2")
    if not players:
        raise t.loc.error("a game needs at least one player")
    players = normalize_labels(players)
    n = len(players)
    comment = ""
    nxt = r.peek()
    if nxt is not None and nxt.kind == "str":
        comment = r.next("the comment").text
    raws: list[_Raw] = []
    infosets: dict[tuple[int, int], tuple[str, list[str], list[Fraction] | None, _Tok]] = {}
    outcomes: dict[int, tuple[list[Fraction], _Tok]] = {}
    outcome_uses: list[tuple[int, int, _Tok]] = []
    pending: list[int] = []  # for each open node, the children still to read (a stack)
    parents: list[int] = []
    while True:
        t = r.next("a node ('p', 'c' or 't')")
        if t.text not in ("p", "c", "t"):
            raise t.loc.error(f"expected a node ('p', 'c' or 't'), found {t.text!r}")
        if len(raws) >= MAX_TREE_NODES:
            raise t.loc.error(f"more than {MAX_TREE_NODES:,} nodes (MAX_TREE_NODES)",
                              "a game this large is for the sequence form in code, not a file")
        raw = _Raw({"p": "decision", "c": "chance", "t": "terminal"}[t.text],
                   r.expect("str", "the node's label in double quotes").text, t)
        k = len(raws)
        raws.append(raw)
        if parents:
            raws[parents[-1]].children.append(k)
            pending[-1] -= 1
        if raw.kind == "decision":
            raw.player = _int(r, "the player number", 1, n) - 1
        if raw.kind != "terminal":
            number = _int(r, "the information set number", 1, None)
            key = (raw.player + 1 if raw.player is not None else 0, number)
            raw.infoset = key
            nxt = r.peek()
            if nxt is not None and nxt.kind == "str":
                label = r.next("the information set's label").text
                start = r.expect("{", "'{' before the actions")
                actions, probs = [], []
                while (a := r.next("an action or '}'")).kind != "}":
                    if a.kind != "str":
                        raise a.loc.error(f"expected an action label in double quotes, found "
                                          f"{a.text!r}")
                    actions.append(a.text)
                    if raw.kind == "chance":
                        probs.append(r.number(f"the probability of {a.text!r}"))
                if not actions:
                    raise start.loc.error("an information set needs at least one action")
                actions = normalize_labels(actions)
                if key in infosets:
                    first = infosets[key]
                    if first[1] != actions or (raw.kind == "chance" and first[2] != probs):
                        raise start.loc.error(
                            f"information set {number} is restated with other actions"
                            f"{' or probabilities' if raw.kind == 'chance' else ''} than at line "
                            f"{first[3].loc.line}")
                else:
                    infosets[key] = (label, actions, probs if raw.kind == "chance" else None, t)
            elif key not in infosets:
                raise t.loc.error(f"information set {number} is used before its actions are given",
                                  "give '\"label\" { \"action\" ... }' where the set first appears")
            _, raw.actions, probs_or_none, _ = infosets[key]
            raw.probs = list(probs_or_none or [])
        raw.outcome = _int(r, "the outcome number (0 for none)", 0, None)
        nxt = r.peek()
        if nxt is not None and nxt.kind == "str":
            otok = r.next("the outcome's label")
            if raw.outcome == 0:
                raise otok.loc.error("the null outcome 0 takes no label or payoffs")
            r.expect("{", "'{' before the payoffs")
            vals, close = r.payoffs("'}' closing the payoffs")
            if len(vals) != n:
                raise close.loc.error(f"an outcome needs {n} payoffs (one per player), found "
                                      f"{len(vals)}")
            if raw.outcome in outcomes and outcomes[raw.outcome][0] != vals:
                raise otok.loc.error(f"outcome {raw.outcome} is restated with other payoffs than "
                                     f"at line {outcomes[raw.outcome][1].loc.line}")
            outcomes.setdefault(raw.outcome, (vals, otok))
        if raw.outcome:
            outcome_uses.append((k, raw.outcome, t))
        # the stack of open nodes: pop finished parents, push this node if it has children
        if raw.kind != "terminal":
            parents.append(k)
            pending.append(len(raw.actions))
        while pending and pending[-1] == 0:
            pending.pop()
            parents.pop()
        if not parents:
            break
    extra = r.peek()
    if extra is not None:
        raise extra.loc.error(f"unexpected {extra.text!r} after the last node of the tree")
    own: list[list[Fraction]] = [[Fraction(0)] * n for _ in raws]
    for k, o, tok in outcome_uses:
        if o not in outcomes:
            raise tok.loc.error(f"outcome {o} is used but its payoffs are never given")
        own[k] = outcomes[o][0]
    # accumulate outcomes down the tree (prefix order: a parent precedes its children)
    total: list[list[Fraction]] = [list(v) for v in own]
    for k, raw in enumerate(raws):
        for c in raw.children:
            total[c] = [a + b for a, b in zip(total[k], own[c])]
    ids: dict[tuple[int, int], int] = {}
    labels: dict[int, str] = {}
    nodes = []
    for k, raw in enumerate(raws):
        if raw.kind == "terminal":
            nodes.append(Node.terminal(total[k], label=raw.label))
        elif raw.kind == "chance":
            nodes.append(Node.chance(raw.actions, raw.probs, raw.children, label=raw.label))
        else:
            assert raw.player is not None
            h = ids.setdefault(raw.infoset, len(ids))
            labels[h] = infosets[raw.infoset][0]
            nodes.append(Node.decision(raw.player, raw.actions, raw.children, infoset=h,
                                       label=raw.label))
    from ..game import GameInfo

    try:
        return TreeGame.from_nodes(players, nodes, title=title, infoset_labels=labels,
                                   info=GameInfo(description=comment, file=file))
    except GameError as exc:
        import re

        msg = str(exc)
        m = re.match(r"node (\d+)", msg)
        where = raws[int(m.group(1))].tok if m else raws[0].tok
        raise where.loc.error(msg) from None


def _int(r: _Reader, what: str, lo: int, hi: int | None) -> int:
    t = r.next(what)
    v = Fraction(t.text) if t.kind == "num" and t.text.lstrip("-").isdigit() else None
    if v is None or v < lo or (hi is not None and v > hi):
        rng = f"{lo}..{hi}" if hi is not None else f"{lo} or more"
        raise t.loc.error(f"expected {what} (an integer {rng}), found {t.text!r}")
    return int(v)


def _q(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _num(v: Any) -> str:
    if isinstance(v, Fraction):
        return str(v.numerator) if v.denominator == 1 else f"{v.numerator}/{v.denominator}"
    return str(np.format_float_positional(float(v), trim="-"))


def _unique(labels: list[str]) -> list[str]:
    """Repeated non-empty labels made distinct (``_k`` suffixes, as Gambit does); Gambit 16.7
    refuses a file with two nodes, or two information sets of a player, of one label."""
    named = [k for k, lab in enumerate(labels) if lab]
    out = list(labels)
    for k, lab in zip(named, normalize_labels([labels[k] for k in named])):
        out[k] = lab
    return out


def write_efg(tree: Any) -> str:
    """Write a :class:`~treaty.extensive.TreeGame` in Gambit's ``.efg`` format (version 2).

    Exact numbers are written as integers or ``a/b``; floats as plain decimals.  Each leaf
    gets its own outcome; each chance node its own chance information set.  Repeated
    non-empty node labels, and information-set labels repeated within a player, get ``_k``
    suffixes (Gambit refuses duplicates).

    >>> from treaty.extensive import Node, TreeGame
    >>> t = TreeGame.from_nodes(["A", "B"], [
    ...     Node.chance(["H", "T"], ["1/2", "1/2"], [1, 2]),
    ...     Node.decision(0, ["x", "y"], [3, 4], infoset=0),
    ...     Node.decision(0, ["x", "y"], [5, 6], infoset=0),
    ...     Node.terminal([1, -1]), Node.terminal([0, 0]),
    ...     Node.terminal([-1, 1]), Node.terminal([0, 0])], title="guess")
    >>> print(write_efg(t), end="")
    EFG 2 R "guess" { "A" "B" }
    ""
    <BLANKLINE>
    c "" 1 "" { "H" 1/2 "T" 1/2 } 0
    p "" 1 1 "" { "x" "y" } 0
    t "" 1 "" { 1, -1 }
    t "" 2 "" { 0, 0 }
    p "" 1 1 "" { "x" "y" } 0
    t "" 3 "" { -1, 1 }
    t "" 4 "" { 0, 0 }
    """
    from ..extensive import CHANCE, TERMINAL

    numbers: dict[int, int] = {}
    set_labels: dict[int, str] = {}
    for i in range(tree.n_players):
        mine = tree.infosets_of(i)
        for k, h in enumerate(mine):
            numbers[h] = k + 1
        set_labels.update(zip(mine, _unique([tree.infosets[h].label for h in mine])))
    node_labels = _unique([nd.label for nd in tree.nodes])
    desc = getattr(tree.info, "description", "") or ""
    lines = [f"EFG 2 R {_q(tree.title)} {{ {' '.join(_q(p) for p in tree.players)} }}",
             _q(desc.strip()), ""]
    chance = outcome = 0
    stack = [0]
    while stack:
        k = stack.pop()
        nd = tree.nodes[k]
        if nd.kind == TERMINAL:
            outcome += 1
            pays = ", ".join(_num(v) for v in nd.payoffs)
            lines.append(f"t {_q(node_labels[k])} {outcome} \"\" {{ {pays} }}")
        elif nd.kind == CHANCE:
            chance += 1
            acts = " ".join(f"{_q(a)} {_num(p)}" for a, p in zip(nd.actions, nd.probs))
            lines.append(f"c {_q(node_labels[k])} {chance} \"\" {{ {acts} }} 0")
        else:
            acts = " ".join(_q(a) for a in nd.actions)
            lines.append(f"p {_q(node_labels[k])} {nd.player + 1} {numbers[nd.infoset]} "
                         f"{_q(set_labels[nd.infoset])} {{ {acts} }} 0")
        stack.extend(reversed(nd.children))
    return "\n".join(lines) + "\n"
