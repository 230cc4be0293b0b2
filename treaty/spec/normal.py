"""Schema of normal-form game specs (format version 1), read once into a parametric spec.

:func:`read_normal_form` checks a parsed document's structure (players, strategies, the
payoff table's shape and every expression's syntax and names, targets, the ``verification``,
``repeated`` and ``negotiation`` sections) and returns a :class:`NormalFormSpec`;
:meth:`NormalFormSpec.instantiate` evaluates it at a parameter point.  See
``docs/spec-format.md`` for the user-facing reference.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from fractions import Fraction
from typing import Any

import numpy as np

from ..errors import ParameterError, SpecError, TreatyError, did_you_mean
from ..game import Game, GameInfo
from ._limits import MAX_PLAYERS, MAX_PROFILES, MAX_STRATEGIES
from ._meta import COMMON_KEYS, read_info
from ._nodes import Node
from ._params import ParameterSet
from .negotiation import NegotiationSpec, read_negotiation
from .parametric import Spec, Value
from .repeated import RepeatedSpec, read_repeated
from .verification import VerificationSpec, read_verification

__all__ = ["NormalFormSpec", "read_normal_form", "NORMAL_FORM_KEYS", "read_players"]

NORMAL_FORM_KEYS = (*COMMON_KEYS, "players", "payoffs", "targets", "verification", "repeated",
                    "negotiation")
PLAYER_KEYS = ("name", "strategies", "doc")  # a player written as a mapping
PAYOFF_ENTRY_KEYS = ("profile", "payoffs")  # an entry of a table of profiles


def read_players(node: Node | None, parent: Node) -> tuple[list[str], list[list[str]], list[Node]]:
    """Players and strategy labels, from a list of ``{name, strategies}`` or a mapping."""
    if node is None:
        raise parent.error("the spec is missing the required key 'players'",
                           "list the players with their strategies")
    names: list[str] = []
    strategies: list[list[str]] = []
    snodes: list[Node] = []
    if node.kind == "map":
        if len(node.value) > MAX_PLAYERS:
            raise node.error(f"{len(node.value):,} players, more than the limit {MAX_PLAYERS}",
                             "a normal-form spec has at most that many players")
        for name, snode in node.value.items():
            names.append(name)
            snodes.append(snode)
        name_locs = [node.key_loc(n) for n in names]
    else:
        items = node.expect_seq("'players'")
        if len(items) > MAX_PLAYERS:
            raise node.error(f"{len(items):,} players, more than the limit {MAX_PLAYERS}",
                             "a normal-form spec has at most that many players")
        name_locs = []
        for item in items:
            fields = item.check_keys("a player", PLAYER_KEYS,
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
            _check_strategies(snode, name, count)
            labels = [str(k + 1) for k in range(count)]
        else:
            items = snode.expect_seq(f"the strategies of {name}")
            _check_strategies(snode, name, len(items))
            for s in items:
                label = s.expect_name(f"a strategy of {name}")
                if label in labels:
                    raise s.error(f"duplicate strategy {label!r} for player {name}")
                labels.append(label)
            if not labels:
                raise snode.error(f"player {name} needs at least one strategy")
        strategies.append(labels)
    n_profiles = 1
    for labels in strategies:
        n_profiles *= len(labels)
    if n_profiles > MAX_PROFILES:
        raise node.error(
            f"the game has {n_profiles:,} pure profiles "
            f"({' x '.join(str(len(s)) for s in strategies)}), more than the limit "
            f"{MAX_PROFILES:,}", "reduce the number of strategies")
    return names, strategies, snodes


def _check_strategies(node: Node, player: str, count: int) -> None:
    if count > MAX_STRATEGIES:
        raise node.error(f"player {player} has {count:,} strategies, more than the limit "
                         f"{MAX_STRATEGIES:,}", "reduce the number of strategies")






def _fill_array(node: Node, shape: tuple[int, ...], names: list[str], strategies: list[list[str]],
                player: str, env: set[str], out: np.ndarray, prefix: tuple[int, ...]) -> None:
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
            out[(*prefix, k)] = Value.read(child, f"a payoff of {player}", env)
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
                  env: set[str]) -> np.ndarray:
    """The payoff table as an object array of compiled :class:`Value` cells."""
    shape = tuple(len(s) for s in strategies)
    if node is None:
        raise root.error("the spec is missing the required key 'payoffs'",
                         "give per-player arrays or a table of profiles")
    n_profiles = int(np.prod(shape, dtype=object))
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
        fields = entry.check_keys("a payoff entry", PAYOFF_ENTRY_KEYS,
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
                out[(i, *prof)] = Value.read(pnode.value[pname], f"the payoff of {pname}", env)
        else:
            vals = pnode.expect_seq("'payoffs' of an entry")
            if len(vals) != len(names):
                raise pnode.error(
                    f"an entry needs one payoff per player ({len(names)}), got {len(vals)}",
                    f"order: {', '.join(names)}",
                )
            for i, v in enumerate(vals):
                out[(i, *prof)] = Value.read(v, f"the payoff of {names[i]}", env)
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


class NormalFormSpec(Spec):
    """A normal-form spec read once; :meth:`instantiate` builds its :class:`Game` at a point.

    Attributes
    ----------
    players : tuple of str
    strategies : tuple of tuple of str
        The labels of the stage game (before any verification mechanism adds strategies).
    cells : numpy object array, shape (N, n_1, ..., n_N)
        The compiled payoff of each player at each profile (:class:`Value`).
    targets : dict of str to tuple of str
    verification : VerificationSpec or None
    repeated : RepeatedSpec or None
    negotiation : NegotiationSpec or None
    """

    kind = "normal-form"

    def __init__(self, root: Node, file: str) -> None:
        fields = self._read_top(root, NORMAL_FORM_KEYS, file)
        parameters = self.parameters
        names = set(parameters.names)
        players, strategies, _ = read_players(fields.get("players"), root)
        self.players = tuple(players)
        self.strategies = tuple(tuple(s) for s in strategies)
        self.cells = _read_payoffs(fields.get("payoffs"), root, players, strategies, names)
        self._payoffs_node = fields["payoffs"]
        self.title, self._info = read_info(fields, parameters, {}, file)
        self.targets: dict[str, tuple[str, ...]] = {}
        if "targets" in fields:
            tnode = fields["targets"]
            for tname, pnode in tnode.expect_map("'targets'").items():
                idx = _profile_of(pnode, players, strategies)
                self.targets[tname] = tuple(strategies[i][k] for i, k in enumerate(idx))
        self.verification: VerificationSpec | None = None
        ext_players, ext_strategies = players, strategies
        if "verification" in fields:
            self.verification = read_verification(fields["verification"], players, strategies,
                                                  names)
            ext_players, ext_strategies = self.verification.labels(players, strategies)
        self.repeated: RepeatedSpec | None = None
        if "repeated" in fields:
            self.repeated = read_repeated(fields["repeated"], ext_players, ext_strategies,
                                          list(self.targets), names)
        self.negotiation: NegotiationSpec | None = None
        if "negotiation" in fields:
            self.negotiation = read_negotiation(fields["negotiation"], ext_players,
                                                list(self.targets), parameters, file)

    def info(self, env: Mapping[str, Any]) -> GameInfo:
        """The game's metadata with the parameter values *env*."""
        return replace(self._info, parameters=dict(env))

    def instantiate(self, params: Mapping[str, Any] | None = None) -> Game:
        """The :class:`Game` at the parameter point *params* (defaults for the others).

        Raises
        ------
        ParameterError
            An unknown parameter or a value outside its declared bounds.
        SpecError
            A value rule broken at this point (e.g. a detection probability outside [0, 1]),
            located at the expression.
        """
        env = self.resolve(params)
        game = self.build(env)
        if params:
            game.info = replace(game.info, overrides={name: env[name] for name in params})
        return game

    def build(self, env: Mapping[str, Any]) -> Game:
        """The :class:`Game` at resolved parameter values *env*."""
        flat = self.cells.reshape(-1)
        values = np.empty(flat.shape, dtype=object)
        for k, cell in enumerate(flat):
            values[k] = cell(env)
        try:
            game = Game(values.reshape(self.cells.shape), players=self.players,
                        strategies=self.strategies, title=self.title, info=self.info(env),
                        targets=self.targets, spec=self)
        except SpecError:
            raise
        except TreatyError as exc:  # a model-level rejection of spec content
            raise self._payoffs_node.error(str(exc)) from None
        if self.verification is not None:
            game = self.verification.apply(game, env)
            game.spec = self
        if self.repeated is not None:
            game.repeated = self.repeated.settings(env)
        if self.negotiation is not None:
            game.negotiation = self.negotiation.settings(env)
        return game

    def payoffs(self, points: Mapping[str, Any]) -> np.ndarray:
        """Float payoffs at many parameter points at once.

        Parameters
        ----------
        points : mapping of parameter name to 1-d array
            Values of some parameters, all of the same length ``n_points`` (the others keep
            their defaults; derived parameters follow elementwise).

        Returns
        -------
        ndarray of float, shape (n_points, N, n_1, ..., n_N)
            Each payoff expression is evaluated once over all points (numpy, elementwise);
            a verification mechanism's values too, and the extended game's payoffs are then
            computed over all points at once by
            :func:`treaty.mechanics.verification.verification_payoffs` (entry ``[p]`` equals
            ``instantiate(point p).float_payoffs``).
        """
        arrays = {k: np.asarray(v, dtype=float).reshape(-1) for k, v in points.items()}
        sizes = {len(v) for v in arrays.values()}
        if len(sizes) > 1:
            raise ParameterError(f"parameter arrays of different lengths: "
                                 f"{ {k: len(v) for k, v in arrays.items()} }", file=self.file)
        n = sizes.pop() if sizes else 1
        env = self.resolve(arrays)
        out = np.empty((n, *self.cells.shape))
        for idx, cell in np.ndenumerate(self.cells):
            v = np.asarray(cell.evaluate(env), dtype=float)
            out[(slice(None), *idx)] = np.broadcast_to(v, (n,))
        if not np.all(np.isfinite(out)):
            bad = np.argwhere(~np.isfinite(out))[0]
            cell = self.cells[tuple(bad[1:])]
            raise cell.node.error(f"{cell.what} is not a finite number at point {bad[0]}",
                                  "check the parameter values")
        if self.verification is not None:
            out = self._verification_payoffs(out, env, n)
        return out

    def _verification_payoffs(self, base: np.ndarray, env: Mapping[str, Any], n: int) -> np.ndarray:
        """The extended game's payoffs over all points (see :meth:`payoffs`)."""
        from ..mechanics.verification import MechanismError, verification_payoffs

        ver = self.verification
        assert ver is not None

        def values(v: Value) -> Any:
            x = np.asarray(v.evaluate(env), dtype=float)
            if not np.all(np.isfinite(x)):
                k = int(np.argwhere(~np.isfinite(np.broadcast_to(x, (n,))))[0][0])
                raise v.node.error(f"{v.what} is not a finite number at point {k}",
                                   "check the parameter values")
            return np.broadcast_to(x, (n,))

        mech = ver.mechanism(env, values)
        try:
            return verification_payoffs(base, self.players, self.strategies, mech)
        except MechanismError as exc:
            raise ver.locate(exc) from None


def read_normal_form(root: Node, file: str) -> NormalFormSpec:
    """Read a parsed normal-form document into a :class:`NormalFormSpec` (structure checked)."""
    return NormalFormSpec(root, file)


def build_normal_form(root: Node, params: Mapping[str, Any] | None, file: str,
                      parameters: ParameterSet | None = None) -> Game:
    """Build a :class:`~treaty.game.Game` from a parsed normal-form spec (read, then instantiate)."""
    return NormalFormSpec(root, file).instantiate(params)
