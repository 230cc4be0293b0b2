"""Rendering of a game tree with an equilibrium on it (``treaty tree``).

The text form draws the tree one node per line, each move with the probability the mover (or
chance) puts on it, and marks the equilibrium path (the nodes reached with positive
probability) with ``*``.  Large trees (more than :data:`FULL_TREE_NODES` nodes) are drawn
along the equilibrium path only, off-path moves as one line each.
"""

from __future__ import annotations

from typing import Any

from .._exact.numbers import format_number
from ..errors import GameError
from ._json import render_json
from ._text import Numbers, wrap

__all__ = ["render_tree", "draw_tree", "TREE_FORMATS", "FULL_TREE_NODES"]

TREE_FORMATS = ("table", "text", "markdown", "json")
#: trees with more nodes are drawn along the equilibrium path only (``path_only``)
FULL_TREE_NODES = 400

_LEGEND = ("*: on the equilibrium path (reached with positive probability); [q]: the "
           "probability the mover puts on the move; (p): the chance probability; {label}: the "
           "information set (a player cannot tell its nodes apart); payoffs in player order")


def _payoffs(values: Any) -> str:
    return ", ".join(format_number(v) for v in values)


def draw_tree(tree: Any, profile: Any = None, *, path_only: bool = False,
              max_depth: int | None = None) -> list[str]:
    """The tree as text lines, with *profile*'s behaviour and path marked when given.

    Parameters
    ----------
    tree : TreeGame
    profile : TreeProfile, optional
        An equilibrium (:func:`treaty.extensive.solve_tree`); without it the tree is drawn
        bare.
    path_only : bool
        Expand only the nodes on the equilibrium path (off-path moves take one line each).
    max_depth : int, optional
        Draw at most this many levels below the root.

    Examples
    --------
    >>> from treaty.extensive import Node, TreeGame, solve_tree
    >>> t = TreeGame.from_nodes(["E", "I"], [
    ...     Node.decision(0, ["out", "in"], [1, 2], label="entry"),
    ...     Node.terminal([0, 2]),
    ...     Node.decision(1, ["fight", "accommodate"], [3, 4], label="respond"),
    ...     Node.terminal([-1, -1]), Node.terminal([1, 1])])
    >>> print("\\n".join(draw_tree(t, solve_tree(t)[0])))
    * entry: E
      |-- out [0]: 0, 2
      `-- * in [1] -> respond: I
            |-- fight [0]: -1, -1
            `-- * accommodate [1]: 1, 1
    """
    nodes = tree.nodes
    reach = profile.reach if profile is not None else None
    lines: list[str] = []

    def head(k: int) -> str:
        nd = nodes[k]
        if nd.kind == "terminal":
            return _payoffs(nd.payoffs)
        what = "chance" if nd.kind == "chance" else tree.players[nd.player]
        h = tree.infosets[nd.infoset] if nd.infoset is not None else None
        tag = f" {{{h.label}}}" if h is not None and h.label and len(h.nodes) > 1 else \
            (f" {{set {nd.infoset}}}" if h is not None and len(h.nodes) > 1 else "")
        name = nd.label or f"node {k}"
        return f"{name}: {what}{tag}"

    def mark(k: int) -> str:
        return "* " if reach is not None and reach[k] else ""

    def moves(k: int, prefix: str, depth: int) -> list[tuple[int, str, str, str, int]]:
        """The lines of node *k*'s moves: (child, text, prefix of the line, prefix of the
        child's own moves, depth of the child)."""
        nd = nodes[k]
        if nd.kind == "chance":
            probs = [f" ({format_number(p)})" for p in nd.probs]
        elif profile is not None:
            probs = [f" [{format_number(p)}]" for p in profile.behavior[nd.infoset]]
        else:
            probs = ["" for _ in nd.actions]
        out = []
        for a, (action, c, pr) in enumerate(zip(nd.actions, nd.children, probs)):
            last = a == len(nd.children) - 1
            child = nodes[c]
            on_path = reach is None or bool(reach[c])
            expand = child.kind != "terminal" and (not path_only or on_path) and \
                (max_depth is None or depth + 1 < max_depth)
            if child.kind == "terminal":
                text = f"{action}{pr}: {head(c)}"
            else:
                text = f"{action}{pr} -> {head(c)}" + ("" if expand else " ...")
            line = f"{prefix}{'`-- ' if last else '|-- '}{mark(c)}{text}"
            sub = prefix + ("      " if last else "|     ")
            out.append((c if expand else -1, line, sub, "", depth + 1))
        return out

    lines.append(f"{mark(0)}{head(0)}")
    stack = list(reversed(moves(0, "  ", 0))) if nodes[0].kind != "terminal" else []
    while stack:
        c, line, sub, _, depth = stack.pop()
        lines.append(line)
        if c >= 0:
            stack.extend(reversed(moves(c, sub, depth)))
    return lines


def render_tree(solution: Any, fmt: str = "table", *, show: int = 1, path_only: bool | None = None,
                max_depth: int | None = None, decimals: int | None = None) -> str:
    """Render a :class:`~treaty.extensive.TreeSolution` (``treaty tree``).

    Parameters
    ----------
    solution : TreeSolution
    fmt : {"table", "text", "markdown", "json"}
        ``table`` and ``text`` are the same drawing; Markdown puts it in a code block; JSON is
        the envelope of docs/output-format.md with command ``tree``.
    show : int
        Which equilibrium (1-based) to draw on the tree (every one is listed above it); 0
        draws the bare tree.
    path_only : bool, optional
        Draw only along the equilibrium path (default: when the tree has more than
        :data:`FULL_TREE_NODES` nodes).
    max_depth : int, optional
        Levels drawn below the root.
    decimals : int, optional
        Decimals beside exact values in the sentences (default 3).
    """
    tree = solution.tree
    if fmt == "json":
        return render_json(solution, command="tree", game=tree)
    if fmt not in TREE_FORMATS:
        raise GameError(f"unknown format {fmt!r} for a tree (expected one of "
                        f"{', '.join(TREE_FORMATS)})")
    n = len(solution.profiles)
    if not 0 <= show <= n:
        raise GameError(f"--show {show}: there {'is' if n == 1 else 'are'} {n} "
                        f"equilibri{'um' if n == 1 else 'a'} (0 draws the bare tree)")
    num = Numbers(decimals)
    md = fmt == "markdown"
    out = []
    title = tree.title or "Game tree"
    out.append(f"{'# ' if md else ''}{title}: {', '.join(tree.players)} (game tree: "
               f"{len(tree.nodes)} nodes, {len(tree.infosets)} information sets)")
    out.append(wrap(num.text(solution.describe())))
    out.append("")
    for k, p in enumerate(solution.profiles, 1):
        line = f"{k}. {p.describe()}"
        out.append(wrap(num.text(line), indent="   ", first=""))
    if solution.profiles:
        out.append("")
    if path_only is None:
        path_only = len(tree.nodes) > FULL_TREE_NODES
    profile = solution.profiles[show - 1] if show else None
    what = f"equilibrium {show}" if show else "no equilibrium"
    scope = " (along its path only)" if path_only and profile is not None else ""
    out.append(f"{'## ' if md else ''}The tree with {what}{scope}:")
    out.append("")
    drawing = draw_tree(tree, profile, path_only=path_only and profile is not None,
                        max_depth=max_depth)
    if md:
        out.append("```")
    out.extend(drawing)
    if md:
        out.append("```")
    out.append("")
    out.append(wrap(_LEGEND, indent="  ", first=""))
    return "\n".join(out) + "\n"
