"""Schema of normal-form game specs (format version 1).

See ``docs/spec-format.md`` for the user-facing reference.
"""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction
from typing import Any

import numpy as np

from ..errors import SpecError, did_you_mean
from ..game import Game
from ._meta import COMMON_KEYS, read_info
from ._nodes import Node
from ._params import ParameterSet, parse_parameters
from .expressions import node_value

__all__ = ["build_normal_form", "NORMAL_FORM_KEYS", "MAX_PROFILES", "read_players"]

#: sections handled by optional modules: key -> "module:function"
EXTENSIONS = {
    "verification": "treaty.mechanics.verification:apply_spec",
    "repeated": "treaty.mechanics.repeated:read_spec",
}
NORMAL_FORM_KEYS = (*COMMON_KEYS, "players", "payoffs", "targets", *EXTENSIONS)
#: refuse specs whose payoff table would exceed this many profiles (checked before evaluation)
MAX_PROFILES = 2_000_000


def read_players(node: Node | None, parent: Node) -> tuple[list[str], list[list[str]], list[Node]]:
    """Players and strategy labels, from a list of ``{name, strategies}`` or a mapping."""
    if node is None:
        raise parent.error("the spec is missing the required key 'players'",
                           "list the players with their strategies")
    names: list[str] = []
    strategies: list[list[str]] = []
    snodes: list[Node] = []
    if node.kind == "map":
        for name, snode in node.value.items():
            names.append(name)
            snodes.append(snode)
        name_locs = [node.key_loc(n) for n in names]
    else:
        items = node.expect_seq("'players'")
        name_locs = []
        for item in items:
            fields = item.check_keys("a player", ("name", "strategies", "doc"),
                                     required=("name", "strategies"))
            names.append(fields["name"].expect_name("a player's name"))
            name_locs.append(fields["name"].loc)
            snodes.append(fields["strategies"])
    if len(names) < 2:
        raise node.error(f"a game needs at least 2 players, got {len(names)}")
    for k, name in enumerate(names):
        if names.index(name) != k:
            raise name_locs[k].error(f"duplicate player {name!r}", "player names must be distinct")
    for name, snode in zip(names, snodes):
        labels: list[str] = []
        if snode.kind == "scalar" and isinstance(snode.value, Fraction):
            count = snode.expect_int(f"the strategy count of {name}", minimum=1)
            labels = [str(k + 1) for k in range(count)]
        else:
            for s in snode.expect_seq(f"the strategies of {name}"):
                label = s.expect_name(f"a strategy of {name}")
                if label in labels:
                    raise s.error(f"duplicate strategy {label!r} for player {name}")
                labels.append(label)
            if not labels:
                raise snode.error(f"player {name} needs at least one strategy")
        strategies.append(labels)
    return names, strategies, snodes






def _fill_array(node: Node, shape: tuple[int, ...], names: list[str], strategies: list[list[str]],
                player: str, env: Mapping[str, Any], out: np.ndarray, prefix: tuple[int, ...]) -> None:
    depth = len(prefix)
    axis_player = names[depth]
    if node.kind != "seq":
        raise node.error(
            f"payoffs of {player}: expected a list of {shape[depth]} entries "
            f"(one per strategy of {axis_player}), got {node.describe()}",
            f"the array for {player} must have shape {'x'.join(map(str, shape))}",
        )
    if len(node.value) != shape[depth]:
        raise node.error(
            f"payoffs of {player}: {len(node.value)} entries where {axis_player} has "
            f"{shape[depth]} strategies ({', '.join(strategies[depth])})",
            f"the array for {player} must have shape {'x'.join(map(str, shape))}",
        )
    for k, child in enumerate(node.value):
        if depth + 1 == len(shape):
            if child.kind != "scalar":
                raise child.error(
                    f"payoffs of {player}: expected a number at this depth, got {child.describe()}",
                    f"the array for {player} has {len(shape)} levels of nesting",
                )
            out[(*prefix, k)] = node_value(child, f"a payoff of {player}", env)
        else:
            _fill_array(child, shape, names, strategies, player, env, out, (*prefix, k))


def _profile_of(node: Node, names: list[str], strategies: list[list[str]]) -> tuple[int, ...]:
    if node.kind == "map":
        idx: list[int | None] = [None] * len(names)
        for pname, snode in node.value.items():
            if pname not in names:
                raise node.key_loc(pname).error(f"unknown player {pname!r}",
                                                did_you_mean(pname, names))
            i = names.index(pname)
            idx[i] = _strategy_of(snode, pname, strategies[i])
        missing = [names[i] for i, v in enumerate(idx) if v is None]
        if missing:
            raise node.error(f"profile names no strategy for {', '.join(missing)}")
        return tuple(int(v) for v in idx)  # type: ignore[arg-type]
    items = node.expect_seq("'profile'")
    if len(items) != len(names):
        raise node.error(
            f"a profile lists one strategy per player ({len(names)}), got {len(items)}",
            f"order: {', '.join(names)}",
        )
    return tuple(_strategy_of(s, names[i], strategies[i]) for i, s in enumerate(items))


def _strategy_of(node: Node, player: str, labels: list[str]) -> int:
    label = node.expect_name(f"a strategy of {player}")
    if label not in labels:
        raise node.error(f"unknown strategy {label!r} for player {player}",
                         did_you_mean(label, labels))
    return labels.index(label)


def _read_payoffs(node: Node | None, root: Node, names: list[str], strategies: list[list[str]],
                  env: Mapping[str, Any]) -> np.ndarray:
    shape = tuple(len(s) for s in strategies)
    if node is None:
        raise root.error("the spec is missing the required key 'payoffs'",
                         "give per-player arrays or a table of profiles")
    n_profiles = int(np.prod(shape, dtype=object))
    if n_profiles > MAX_PROFILES:
        raise node.error(
            f"the game has {n_profiles:,} pure profiles, more than the limit {MAX_PROFILES:,}",
            "reduce the number of strategies",
        )
    out = np.empty((len(names), *shape), dtype=object)
    if node.kind == "map":
        mapping = node.value
        for pname in mapping:
            if pname not in names:
                raise node.key_loc(pname).error(f"unknown player {pname!r} in 'payoffs'",
                                                did_you_mean(pname, names))
        for i, pname in enumerate(names):
            if pname not in mapping:
                raise node.error(f"'payoffs' has no array for player {pname}",
                                 f"add '{pname}:' with an array of shape {'x'.join(map(str, shape))}")
            _fill_array(mapping[pname], shape, names, strategies, pname, env, out[i], ())
        return out
    if node.kind != "seq":
        raise node.error(f"'payoffs' must be per-player arrays or a list of profiles, got "
                         f"{node.describe()}")
    seen: dict[tuple[int, ...], Node] = {}
    for entry in node.value:
        fields = entry.check_keys("a payoff entry", ("profile", "payoffs"),
                                  required=("profile", "payoffs"))
        prof = _profile_of(fields["profile"], names, strategies)
        if prof in seen:
            first = seen[prof].loc
            raise entry.error(
                f"profile ({', '.join(strategies[i][k] for i, k in enumerate(prof))}) is given twice",
                f"first given at line {first.line}",
            )
        seen[prof] = entry
        pnode = fields["payoffs"]
        if pnode.kind == "map":
            for pname in pnode.value:
                if pname not in names:
                    raise pnode.key_loc(pname).error(f"unknown player {pname!r}",
                                                     did_you_mean(pname, names))
            for i, pname in enumerate(names):
                if pname not in pnode.value:
                    raise pnode.error(f"no payoff for player {pname} in this entry")
                out[(i, *prof)] = node_value(pnode.value[pname], f"the payoff of {pname}", env)
        else:
            vals = pnode.expect_seq("'payoffs' of an entry")
            if len(vals) != len(names):
                raise pnode.error(
                    f"an entry needs one payoff per player ({len(names)}), got {len(vals)}",
                    f"order: {', '.join(names)}",
                )
            for i, v in enumerate(vals):
                out[(i, *prof)] = node_value(v, f"the payoff of {names[i]}", env)
    if len(seen) != n_profiles:
        for prof in np.ndindex(*shape):
            if prof not in seen:
                label = ", ".join(strategies[i][k] for i, k in enumerate(prof))
                raise node.error(
                    f"'payoffs' has no entry for profile ({label}); "
                    f"{n_profiles - len(seen)} of {n_profiles} profiles are missing",
                    "every profile needs an entry",
                )
    return out


def build_normal_form(root: Node, params: Mapping[str, Any] | None, file: str,
                      parameters: ParameterSet | None = None) -> Game:
    """Build a :class:`~treaty.game.Game` from a parsed normal-form spec."""
    fields = root.check_keys("the spec", NORMAL_FORM_KEYS)
    parameters = parameters or parse_parameters(fields.get("parameters"))
    env = parameters.resolve(params, file)
    names, strategies, _ = read_players(fields.get("players"), root)
    payoffs = _read_payoffs(fields.get("payoffs"), root, names, strategies, env)
    title, info = read_info(fields, parameters, env, file)
    targets: dict[str, tuple[str, ...]] = {}
    if "targets" in fields:
        tnode = fields["targets"]
        for tname, pnode in tnode.expect_map("'targets'").items():
            idx = _profile_of(pnode, names, strategies)
            targets[tname] = tuple(strategies[i][k] for i, k in enumerate(idx))
    try:
        game = Game(payoffs, players=names, strategies=strategies, title=title, info=info,
                    targets=targets)
    except SpecError:
        raise
    except Exception as exc:  # a model-level rejection of spec content
        raise fields["payoffs"].error(str(exc)) from None
    for key, target in EXTENSIONS.items():
        if key in fields:
            game = _extension(target, fields[key])(game, fields[key], env, root)
    return game


def _extension(target: str, node: Node) -> Any:
    import importlib

    module, _, func = target.partition(":")
    try:
        mod = importlib.import_module(module)
        return getattr(mod, func)
    except (ImportError, AttributeError):
        raise node.error("this section is not supported by this version of treaty") from None
