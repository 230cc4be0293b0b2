"""The disagreement point of a negotiation: what each party gets if no agreement is reached.

A bargaining problem (Nash 1950) is a feasible set and a disagreement point ``d``; every
bargaining solution measures gains from ``d``.  The point is named by a rule:

* ``"nash"``: the payoffs of a Nash equilibrium of the game itself (play without a treaty),
  chosen by a selection rule (:func:`~treaty.negotiation.select_equilibrium`; Harsanyi and
  Selten 1988);
* ``"minmax"``: each player's minmax value (:func:`treaty.minmax_values`), the least a player
  can be held to - the most pessimistic outside option;
* ``"game"``: an equilibrium of *another* game, e.g. the containment outcome of
  ``export_controls.yaml`` as the outside option of a safety pact; players are matched by name;
* ``"values"``: numbers given by the user (or the spec).

Source: J. F. Nash, "The bargaining problem", Econometrica 18 (1950) 155-162; J. C. Harsanyi
and R. Selten, *A General Theory of Equilibrium Selection in Games* (MIT Press, 1988).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .._exact.numbers import as_fraction, format_number, number_to_json
from ..errors import GameError, did_you_mean
from ..game import Game
from ..results import Notebook

__all__ = ["Disagreement", "disagreement_point", "DISAGREEMENT_RULES"]

#: The rules :func:`disagreement_point` accepts.
DISAGREEMENT_RULES: tuple[str, ...] = ("nash", "minmax", "game", "values")

#: Keys of the spec form of a rule (``{"nash": select}``, ``{"game": path, "select": rule}``,
#: ``{"values": {...}}``), told apart from a mapping of player values.
_SPEC_KEYS = frozenset({"nash", "game", "select", "values", "minmax"})


@dataclass(frozen=True)
class Disagreement(Notebook):
    """A disagreement point: each player's payoff without agreement, and where it comes from.

    Attributes
    ----------
    players : tuple of str
        The negotiating players (the order of :attr:`values`).
    values : tuple
        Each player's disagreement payoff (Fractions when the source is exact).
    rule : str
        ``"nash"``, ``"minmax"``, ``"game"`` or ``"values"``.
    selection : str or None
        The equilibrium-selection rule (``"nash"`` and ``"game"``).
    description : str
        Where the point comes from, in words (with the selection's reason).
    equilibrium : Equilibrium or None
        The selected equilibrium (``"nash"`` and ``"game"``); for ``"game"`` its players are
        those of the other game, in that game's order.
    source : str or None
        The file name of the other game (``"game"``), when known.
    """

    players: tuple[str, ...]
    values: tuple[Any, ...]
    rule: str
    selection: str | None
    description: str
    equilibrium: Any = None
    source: str | None = None

    @property
    def exact(self) -> bool:
        """True when every value is an exact number."""
        return not any(isinstance(v, float) for v in self.values)

    def value(self, player: str | int) -> Any:
        """The disagreement payoff of *player* (name or index)."""
        if isinstance(player, int):
            return self.values[player]
        if player not in self.players:
            raise GameError(f"unknown player {player!r}: {did_you_mean(player, self.players)}")
        return self.values[self.players.index(player)]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form (exact numbers as strings)."""
        return {
            "kind": "disagreement-point",
            "players": list(self.players),
            "values": [number_to_json(v) for v in self.values],
            "rule": self.rule,
            "selection": self.selection,
            "source": self.source,
            "equilibrium": None if self.equilibrium is None else self.equilibrium.to_dict(),
            "exact": self.exact,
            "description": self.description,
        }

    def describe(self) -> str:
        """One sentence: the values and their origin."""
        vals = ", ".join(f"{p} {format_number(v)}" for p, v in zip(self.players, self.values))
        return f"Disagreement point {vals}: {self.description}."


def _game(source: Any, what: str) -> Game:
    if isinstance(source, Game):
        return source
    from ..spec.source import normal_form_game

    return normal_form_game(source, command=what)


def _source_name(source: Any, game: Game) -> str | None:
    if isinstance(source, (str, os.PathLike)):
        return os.path.basename(os.fspath(source))
    file = getattr(source, "file", None) if not isinstance(source, Game) else game.info.file
    return os.path.basename(file) if isinstance(file, str) and file else None


def _number(v: Any, exact: bool, player: str) -> Any:
    try:
        return as_fraction(v) if exact else float(v)
    except (TypeError, ValueError, ZeroDivisionError) as exc:
        raise GameError(f"disagreement value for {player}: {v!r} is not a number") from exc


def _from_spec_form(rule: Mapping[str, Any]) -> tuple[str, dict[str, Any]]:
    """``{"nash": select}`` / ``{"game": path, "select": s}`` / ``{"values": {...}}``."""
    if "game" in rule:
        return "game", {"other": rule["game"], "select": rule.get("select")}
    if "values" in rule:
        return "values", {"values": rule["values"]}
    if "nash" in rule:
        return "nash", {"select": rule["nash"] or rule.get("select")}
    if "minmax" in rule:
        return "minmax", {}
    raise GameError(f"cannot read the disagreement rule {dict(rule)!r}: expected one of "
                    "{'nash': select}, {'game': path, 'select': rule}, {'values': {...}}")


def disagreement_point(game: Any, rule: Any = "nash", *, select: str = "payoff-dominant",
                       other: Any = None, values: Mapping[str, Any] | None = None) -> Disagreement:
    """The disagreement point of *game* by a named rule.

    Parameters
    ----------
    game : Game, Spec or path
        The negotiation game (its players name the point's coordinates).
    rule : {"nash", "minmax", "game", "values"}, Disagreement, Mapping or Game
        ``"nash"``: the payoffs of the equilibrium of *game* chosen by *select*.
        ``"minmax"``: each player's minmax value (:func:`treaty.minmax_values`).
        ``"game"``: the payoffs of the equilibrium of *other* chosen by *select*, players
        matched by name.  ``"values"``: *values*.  A :class:`Disagreement` is returned as it is
        (after checking its players); a mapping player -> number means ``"values"``; a Game means
        ``"game"`` with that game.  The spec form (``{"nash": select}``, ``{"game": path,
        "select": rule}``, ``{"values": {...}}``) is accepted too.
    select : str
        The selection rule for ``"nash"`` and ``"game"`` (see
        :func:`~treaty.negotiation.select_equilibrium`).
    other : Game, Spec or path
        The other game for ``"game"``.
    values : mapping of player name to number
        For ``"values"``: every player's value (exact numbers stay exact).

    Returns
    -------
    Disagreement

    Raises
    ------
    GameError
        Unknown rule; *other* or *values* missing or given with another rule; the other game's
        players do not include *game*'s (the missing ones are named; the other game may have more
        players, whose payoffs are not used); a value missing
        or not a number.

    Examples
    --------
    >>> import treaty
    >>> chicken = treaty.Game.from_arrays([[6, 2], [7, 0]], [[6, 7], [2, 0]],
    ...                                   strategies=[["C", "D"]] * 2)
    >>> [str(v) for v in disagreement_point(chicken, "minmax").values]
    ['2', '2']
    >>> disagreement_point(chicken, {"Player 1": 1, "Player 2": "1/2"}).values
    (Fraction(1, 1), Fraction(1, 2))
    """
    g = _game(game, "disagreement_point")
    if isinstance(rule, Disagreement):
        if tuple(rule.players) != tuple(g.players):
            raise GameError(f"the disagreement point is for players {', '.join(rule.players)}, "
                            f"the game has {', '.join(g.players)}")
        return rule
    if isinstance(rule, Game):
        if other is not None:
            raise GameError("give the other game either as rule= or as other=, not both")
        rule, other = "game", rule
    elif isinstance(rule, Mapping):
        keys = set(rule)
        if keys and keys <= _SPEC_KEYS and not keys & set(g.players):
            rule, opts = _from_spec_form(rule)
            other = opts.get("other", other)
            values = opts.get("values", values)
            select = opts.get("select") or select
        else:
            if values is not None:
                raise GameError("give the disagreement values either as rule= or as values=, not both")
            rule, values = "values", rule
    if not isinstance(rule, str) or rule not in DISAGREEMENT_RULES:
        raise GameError(f"unknown disagreement rule {rule!r}: "
                        f"{did_you_mean(str(rule), DISAGREEMENT_RULES)}")
    if other is not None and rule != "game":
        raise GameError(f"other= is only used with the rule 'game', not {rule!r}")
    if values is not None and rule != "values":
        raise GameError(f"values= is only used with the rule 'values', not {rule!r}")

    if rule == "minmax":
        from ..mechanics.repeated import minmax_values

        mm = minmax_values(g)  # exact when HiGHS's basis is verified in Fractions
        floats = [m.player for m in mm if not m.exact]
        why = "each player's minmax value (the least the others can hold it to)"
        if floats and g.is_exact:
            why += f"; float for {', '.join(floats)}: exact certification of the LP failed"
        return Disagreement(g.players, tuple(m.value for m in mm), "minmax", None, why)
    if rule == "values":
        if values is None:
            raise GameError("the rule 'values' needs values= (a mapping player -> number)")
        unknown = [p for p in values if p not in g.players]
        if unknown:
            raise GameError(f"disagreement values for unknown player(s) {', '.join(map(str, unknown))}: "
                            f"{did_you_mean(str(unknown[0]), g.players)}")
        missing = [p for p in g.players if p not in values]
        if missing:
            raise GameError(f"no disagreement value for {', '.join(missing)}")
        vals = tuple(_number(values[p], g.is_exact, p) for p in g.players)
        return Disagreement(g.players, vals, "values", None, "values given")

    from ._selection import select_equilibrium

    if rule == "nash":
        sel = select_equilibrium(g, select)
        return Disagreement(g.players, tuple(sel.payoffs), "nash", select,
                            f"the {select} Nash equilibrium of the game ({sel.reason})",
                            sel.equilibrium)
    if other is None:
        raise GameError("the rule 'game' needs other= (a Game, Spec or spec path)")
    og = _game(other, "disagreement_point")
    missing = [p for p in g.players if p not in og.players]
    if missing:
        raise GameError(f"the other game's players must include the negotiation game's (matched "
                        f"by name): it lacks {', '.join(missing)}")
    extra = [p for p in og.players if p not in g.players]
    sel = select_equilibrium(og, select)
    name = _source_name(other, og)
    vals = tuple(sel.payoffs[og.players.index(p)] for p in g.players)
    where = f"{name}" if name else "the other game"
    if extra:
        where += f", where {', '.join(extra)} also play{'s' if len(extra) == 1 else ''}"
    return Disagreement(g.players, vals, "game", select,
                        f"the {select} Nash equilibrium of {where} ({sel.reason})",
                        sel.equilibrium, name)
