"""Subgame perfection of a pure profile as conditions, pure subgame-perfect equilibria of any
tree, and thresholds over one parameter for trees.

A pure profile of a tree (an action at every information set) is subgame perfect iff it is a
Nash equilibrium of every subgame (Selten 1975).  A subgame starts at a node ``r`` whose
subtree holds every information set it meets.  Call the *top* of ``r`` the information sets
in its subtree that lie in no smaller subgame.  Because the profile is already a Nash
equilibrium of each smaller subgame, a deviator in the subgame of ``r`` can do no better than
to follow the profile inside them (her value there cannot rise, and the probability of
reaching them does not depend on her play inside them), so subgame perfection holds iff for
every subgame root ``r``, every player ``i`` and every plan ``d`` of ``i`` on her information
sets in the top of ``r``::

    g(r, i, d) = v_i(profile | r) - v_i(d, profile_-i | r) >= 0

(``v(. | r)``: the expected payoff from ``r`` on).  In a tree of perfect information every
decision node is a subgame root whose top is the node itself: the conditions are the
one-shot deviations of backward induction (Kuhn 1953).  With information sets of several
nodes the top of a subgame may hold several sets of one player, and her plans on them are
enumerated (at most :data:`MAX_TOP_PLANS`).

When the payoffs and chance probabilities are rational functions of a parameter, so is every
``g``: :func:`tree_threshold` recovers them by the exact rational interpolation of
:mod:`treaty.mechanics.thresholds` and returns the same :class:`~treaty.mechanics.thresholds.
Threshold` (``question == "subgame-perfect"``), with exact end points (rational roots, or
irrational ones isolated in certified brackets), the deviation that binds at each end point,
and the bisection fallback (end points approximate, 50 exact halvings of a grid cell) when
the conditions are not rational in the parameter.  Each reported interval is confirmed by
checking the conditions exactly at an interior point.
"""

from __future__ import annotations

import dataclasses
import itertools
import math
from collections.abc import Iterator, Mapping, Sequence
from fractions import Fraction
from typing import Any, NamedTuple

from ..errors import GameError, GameTooLarge, ParameterError, SolverError, TreatyError, did_you_mean
from ._backward import _path, subgame_perfect
from ._model import CHANCE, DECISION, TERMINAL, TreeGame

__all__ = ["spe_conditions", "is_subgame_perfect", "pure_subgame_perfect", "outcome_label",
           "tree_threshold", "parse_tree_target", "infoset_names", "MAX_TOP_PLANS",
           "MAX_PURE_PROFILES"]

#: the most plans of one player on the top of one subgame that are checked as deviations
MAX_TOP_PLANS = 4096
#: the most pure profiles enumerated for the pure subgame-perfect equilibria of a tree with
#: information sets of several nodes (perfect-information trees use backward induction)
MAX_PURE_PROFILES = 100_000
#: relative tolerance of a condition of a float tree (exact trees compare exactly)
TOL = 1e-9


def infoset_names(tree: TreeGame) -> tuple[str, ...]:
    """A name per information set: its label, else its first node's label, else ``infoset j``."""
    out = []
    for j, h in enumerate(tree.infosets):
        out.append(h.label or tree.nodes[h.nodes[0]].label or f"infoset {j}")
    return tuple(out)


def _structure(tree: TreeGame) -> tuple[list[int], list[list[int]]]:
    """Parents, and per subgame root (others empty) the information sets on its top."""
    n = len(tree.nodes)
    parent = [-1] * n
    for k, nd in enumerate(tree.nodes):
        for c in nd.children:
            parent[c] = k
    # every node's subtree as an interval of a pre-order numbering
    pre = [0] * n
    end = [0] * n
    order: list[int] = []
    stack = [0]
    while stack:
        k = stack.pop()
        pre[k] = len(order)
        order.append(k)
        stack.extend(reversed(tree.nodes[k].children))
    for k in reversed(order):
        nd = tree.nodes[k]
        end[k] = max([pre[k]] + [end[c] for c in nd.children])
    # r is a subgame root iff every information set met in its subtree lies inside it: the
    # smallest and largest pre-order index of the sets met below r, bottom-up, lie in r's span
    span = [(min(pre[m] for m in h.nodes), max(pre[m] for m in h.nodes)) for h in tree.infosets]
    reach: list[tuple[int, int]] = [(0, 0)] * n
    rootset = set()
    for k in reversed(order):
        nd = tree.nodes[k]
        a, b = pre[k], pre[k]
        if nd.infoset is not None:
            a, b = min(a, span[nd.infoset][0]), max(b, span[nd.infoset][1])
        for c in nd.children:
            a, b = min(a, reach[c][0]), max(b, reach[c][1])
        reach[k] = (a, b)
        if nd.kind != TERMINAL and pre[k] <= a and b <= end[k]:
            rootset.add(k)
    top: list[list[int]] = [[] for _ in range(n)]
    for j, h in enumerate(tree.infosets):
        # the nearest subgame root above (or at) the set's nodes that contains all of them
        k = h.nodes[0]
        while k not in rootset or not (pre[k] <= span[j][0] and span[j][1] <= end[k]):
            k = parent[k]
        top[k].append(j)
    return parent, top


def _values(tree: TreeGame, choices: Sequence[int], nodes: Sequence[int] | None = None,
            base: Mapping[int, tuple[Any, ...]] | None = None) -> dict[int, tuple[Any, ...]]:
    """Expected payoffs from each node under the pure profile *choices*; with *nodes* (closed
    under ancestors, deepest last processed first) only those, reading others from *base*."""
    val: dict[int, tuple[Any, ...]] = {}
    todo = tree.post_order() if nodes is None else nodes
    n_pl = tree.n_players

    def get(c: int) -> tuple[Any, ...]:
        return val[c] if c in val else base[c]  # type: ignore[index]

    for k in todo:
        nd = tree.nodes[k]
        if nd.kind == TERMINAL:
            assert nd.payoffs is not None
            val[k] = tuple(nd.payoffs)
        elif nd.kind == CHANCE:
            assert nd.probs is not None
            kids = [get(c) for c in nd.children]
            val[k] = tuple(sum((p * v[i] for p, v in zip(nd.probs, kids)), Fraction(0))
                           for i in range(n_pl))
        else:
            assert nd.infoset is not None
            val[k] = get(nd.children[choices[nd.infoset]])
    return val


class _Shape(NamedTuple):
    """What the subgame-perfection conditions of any pure profile of a tree need."""

    parent: list[int]
    depth: list[int]
    #: per subgame root and player moving on its top: (root, player, her sets on the top)
    tops: list[tuple[int, int, list[int]]]


def _shape(tree: TreeGame) -> _Shape:
    """The tree's subgames and their tops (:func:`_structure`) with each node's depth; raises
    :class:`GameTooLarge` when a player has more than :data:`MAX_TOP_PLANS` plans on a top."""
    parent, top = _structure(tree)
    depth = [0] * len(tree.nodes)
    stack = [0]
    while stack:
        k = stack.pop()
        for c in tree.nodes[k].children:
            depth[c] = depth[k] + 1
            stack.append(c)
    tops = []
    for r, sets in enumerate(top):
        by_player: dict[int, list[int]] = {}
        for j in sets:
            by_player.setdefault(tree.infosets[j].player, []).append(j)
        for i, own in by_player.items():
            count = math.prod(len(tree.infosets[j].actions) for j in own)
            if count > MAX_TOP_PLANS:
                raise GameTooLarge(f"{tree.players[i]} has {count:,} plans on the top of the "
                                   f"subgame at node {r} (MAX_TOP_PLANS {MAX_TOP_PLANS:,})")
            tops.append((r, i, own))
    return _Shape(parent, depth, tops)


def _check_profile(tree: TreeGame, choices: Sequence[int]) -> None:
    if len(choices) != len(tree.infosets) or any(
            not 0 <= c < len(h.actions) for c, h in zip(choices, tree.infosets)):
        raise GameError(f"a pure profile of this tree gives one action to each of its "
                        f"{len(tree.infosets)} information sets")


def _gains(tree: TreeGame, choices: Sequence[int], shape: _Shape
           ) -> Iterator[tuple[int, list[tuple[int, int]], Any]]:
    """Each condition of :func:`spe_conditions` as ``(player, [(set, action), ...], g)``, one
    at a time (so that a check can stop at the first one that fails)."""
    base = _values(tree, choices)
    for r, i, own in shape.tops:
        sizes = [len(tree.infosets[j].actions) for j in own]
        for plan in itertools.product(*(range(s) for s in sizes)):
            changed = [(j, a) for j, a in zip(own, plan) if a != choices[j]]
            if not changed:
                continue
            dev = list(choices)
            for j, a in changed:
                dev[j] = a
            marked: set[int] = {r}  # the nodes between the changed sets and r
            for j, _ in changed:
                for m in tree.infosets[j].nodes:
                    while m not in marked:
                        marked.add(m)
                        m = shape.parent[m]
            nodes = sorted(marked, key=lambda m: -shape.depth[m])
            v = _values(tree, dev, nodes, base)
            yield i, changed, base[r][i] - v[r][i]


def spe_conditions(tree: TreeGame, choices: Sequence[int]) -> list[tuple[int, str, Any]]:
    """Every subgame-perfection condition of the pure profile *choices*.

    Returns
    -------
    list of (player, deviation, g)
        ``g`` is the player's payoff from the subgame's root under the profile minus under the
        deviation (a plan on her information sets in the subgame's top, see the module
        docstring); the profile is subgame perfect iff every ``g >= 0``.  The deviation is
        written ``action at set`` (several joined by ``, ``).

    Raises
    ------
    GameError
        *choices* does not give one valid action per information set.
    GameTooLarge
        A player has more than :data:`MAX_TOP_PLANS` plans on the top of one subgame.
    """
    _check_profile(tree, choices)
    shape = _shape(tree)
    names = infoset_names(tree)
    return [(i, ", ".join(f"{tree.infosets[j].actions[a]} at {names[j]}" for j, a in changed), g)
            for i, changed, g in _gains(tree, choices, shape)]


def _ok(g: Any) -> bool:
    if isinstance(g, Fraction):
        return g >= 0
    return float(g) >= -TOL * max(1.0, abs(float(g)))


def is_subgame_perfect(tree: TreeGame, choices: Sequence[int]) -> bool:
    """Whether the pure profile *choices* is subgame perfect (exactly for exact trees): every
    condition of :func:`spe_conditions` holds, checked until the first that fails."""
    _check_profile(tree, choices)
    return all(_ok(g) for _, _, g in _gains(tree, choices, _shape(tree)))


def pure_subgame_perfect(tree: TreeGame) -> list[tuple[int, ...]]:
    """Every pure subgame-perfect equilibrium of *tree* (a tuple of actions per information set).

    Perfect information: backward induction (:func:`~treaty.extensive.subgame_perfect`, every
    tie followed, each equilibrium certified).  Otherwise every pure profile is checked
    against :func:`spe_conditions` (at most :data:`MAX_PURE_PROFILES` profiles; the tree's
    subgames are found once, and a profile's check stops at its first failing condition).
    Trees whose subgame-perfect equilibria are all mixed give an empty list.
    """
    if tree.perfect_information:
        return [tuple(e.choices) for e in subgame_perfect(tree)]
    sizes = [len(h.actions) for h in tree.infosets]
    count = math.prod(sizes)
    if count > MAX_PURE_PROFILES:
        raise GameTooLarge(f"{count:,} pure profiles to check for subgame perfection "
                           f"(MAX_PURE_PROFILES {MAX_PURE_PROFILES:,})")
    shape = _shape(tree)
    return [tuple(p) for p in itertools.product(*(range(s) for s in sizes))
            if all(_ok(g) for _, _, g in _gains(tree, p, shape))]


def outcome_label(tree: TreeGame, choices: Sequence[int]) -> str:
    """The moves a pure profile plays on its path, in tree order: ``"US impose; CN stacking"``
    (chance branches of probability 0 are not followed; ``-`` when no player moves)."""
    moves: list[str] = []
    for k in _path(tree, list(choices)):
        nd = tree.nodes[k]
        if nd.kind == DECISION and nd.infoset is not None:
            m = f"{tree.players[nd.player or 0]} {nd.actions[choices[nd.infoset]]}"
            if m not in moves:
                moves.append(m)
    return "; ".join(moves) or "-"


def parse_tree_target(tree: TreeGame, target: str | Sequence[str],
                      where: str = "--target") -> tuple[int, ...]:
    """A pure profile of *tree* from ``"a,b,c"`` (one action per information set, in the
    tree's order) or ``"set=action,..."`` (every set named by :func:`infoset_names`)."""
    names = infoset_names(tree)
    items = [t.strip() for t in (target.split(",") if isinstance(target, str) else target)]
    hint = ("write one action per information set in the order " + ", ".join(names) +
            ", or set=action for each")
    if len(items) != len(names):
        many = "s" if len(items) != 1 else ""
        raise ParameterError(f"target {','.join(items)!r} gives {len(items)} action{many} for "
                             f"{len(names)} information sets", file=where, hint=hint)
    out = [-1] * len(names)
    keyed = all("=" in t for t in items)
    for pos, t in enumerate(items):
        if keyed:
            key, _, act = (s.strip() for s in t.partition("="))
            if key not in names:
                raise ParameterError(f"unknown information set {key!r} in the target",
                                     file=where, hint=did_you_mean(key, list(names)))
            j = names.index(key)
        else:
            j, act = pos, t
        acts = tree.infosets[j].actions
        if act not in acts:
            raise ParameterError(f"unknown action {act!r} at {names[j]}", file=where,
                                 hint=did_you_mean(act, list(acts)))
        out[j] = acts.index(act)
    if -1 in out:
        missing = names[out.index(-1)]
        raise ParameterError(f"the target gives no action at {missing}", file=where, hint=hint)
    return tuple(out)


def _tree_sampler(build: Any, profile: tuple[int, ...]) -> Any:
    """The subgame-perfection conditions of *profile* at each parameter value: a
    :class:`treaty.mechanics.thresholds._fit._Sampler` whose conditions are
    :func:`spe_conditions` (imported with it, lazily)."""
    from ..mechanics.thresholds._fit import _Sampler

    class _TreeSampler(_Sampler):
        def conditions(self, game: Any) -> list[Any]:
            if not game.exact:
                self.exact = False
            return [g for _, _, g in spe_conditions(game, self.profile)]

    return _TreeSampler(build, profile)


def tree_threshold(spec: Any, parameter: str, target: str | Sequence[str] | None = None,
                   params: Mapping[str, Any] | None = None, *,
                   bounds: tuple[Any, Any] | None = None) -> Any:
    """The values of *parameter* for which a pure profile of a game tree is subgame perfect.

    Parameters
    ----------
    spec : path or Spec
        An ``extensive-form`` spec (a parametric tree).
    parameter : str
        A declared parameter.
    target : str or sequence of str, optional
        A pure profile: one action per information set in the tree's order (``"impose,
        stacking,sanction"``), or ``set=action`` for each set (sets named by their label or
        their node's).  Default: the pure subgame-perfect equilibrium at the current values
        (the first one listed when there are several).
    params : mapping, optional
        Values of the other parameters.
    bounds : (lo, hi), optional
        The range searched; default the parameter's declared ``min``/``max``.

    Returns
    -------
    Threshold
        ``question == "subgame-perfect"``; ``players`` are the information sets and
        ``profile`` the target's action at each; ``conditions`` the subgame-perfection
        conditions (module docstring) with their rational functions when exact.  The
        target's equilibrium path is the same throughout each interval; the path alone
        (``treaty sweep``) may hold on a larger set, reached by other off-path actions.

    Raises
    ------
    ParameterError
        Unknown parameter, override or target.
    GameError
        Not an extensive-form spec, bad bounds, or no pure subgame-perfect equilibrium at the
        current values when no target is given.

    Examples
    --------
    >>> from treaty.extensive._threshold import tree_threshold
    >>> th = tree_threshold("games/export_controls_sequence.yaml", "c_cloud")
    >>> th.profile, th.set_text
    (('impose', 'stacking', 'sanction'), '[7/10, inf)')
    """
    from ..mechanics.thresholds._fit import _sample_points
    from ..mechanics.thresholds._solve import _solve_conditions, search_range
    from ..spec.loader import read_spec

    if not hasattr(spec, "instantiate"):
        spec = read_spec(spec)
    if getattr(spec, "kind", "") != "extensive-form":
        from ..spec.source import wrong_kind

        raise wrong_kind(getattr(spec, "file", None), "threshold", getattr(spec, "kind", "?"),
                         needs="extensive-form")
    lo, hi = spec.bounds(parameter)
    overrides = {k: v for k, v in (params or {}).items() if k != parameter}
    current = spec.resolve(overrides).get(parameter)
    base = spec.instantiate(overrides)
    lo, hi = search_range(parameter, lo, hi, bounds)
    centre = Fraction(current) if isinstance(current, (Fraction, int)) else Fraction(0)
    points = _sample_points(lo, hi, centre)
    if lo is not None and hi is not None and lo == hi:
        points = [lo]
    if target is None:
        found = pure_subgame_perfect(base)
        if not found:
            raise GameError("the tree has no pure subgame-perfect equilibrium at the current "
                            "values; name a target profile with --target")
        profile = found[0]
    else:
        profile = parse_tree_target(base, target)
    names = infoset_names(base)
    labels = tuple(base.infosets[j].actions[a] for j, a in enumerate(profile))
    tname = ",".join(labels) if target is None or not isinstance(target, str) else target
    base_conds = spe_conditions(base, profile)
    holds_now = all(_ok(g) for _, _, g in base_conds)

    def build(x: Any) -> TreeGame:
        return spec.instantiate({**overrides, parameter: x})

    # the conditions name the player and her deviation; the profile is per information set
    deviations = [(base.players[i], text) for i, text, _ in base_conds]
    th = _solve_conditions(_tree_sampler(build, profile), parameter, tname, labels, names,
                           deviations, lo, hi, centre, points, current, holds_now)
    th = dataclasses.replace(th, question="subgame-perfect")
    _confirm(th, build, profile, lo, hi)
    return th


def _confirm(th: Any, build: Any, profile: tuple[int, ...], lo: Any, hi: Any) -> None:
    """Check the conditions exactly at an interior point of every reported interval."""
    from ..mechanics.thresholds._solve import _between

    for iv in th.intervals:
        a = iv.lower.hi if iv.lower is not None else None
        b = iv.upper.lo if iv.upper is not None else None
        x = _between(a, b)
        if x is None:  # a single point
            assert a is not None
            x = Fraction(a)
        try:
            tree = build(x)
        except TreatyError:
            continue
        if not is_subgame_perfect(tree, profile):
            raise SolverError(f"threshold of {th.parameter}: the target is not subgame perfect "
                              f"at {x}, inside the interval {iv.text()} (please report this tree)")
