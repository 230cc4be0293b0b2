"""What a command or API function was given: a path, a parametric spec or a model.

Every function that works on a normal-form game accepts any of them (a spec file path, a
:class:`~treaty.spec.parametric.Spec` read once, or a :class:`~treaty.game.Game`);
:func:`normal_form_game` turns the argument into the game, and a spec of the wrong kind is
refused in one line that names the command that takes it (:func:`wrong_kind`).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

from ..errors import GameError

__all__ = ["normal_form_game", "wrong_kind", "COMMAND_FOR_KIND"]

#: the commands that take each spec kind
COMMAND_FOR_KIND = {
    "normal-form": "'treaty solve', 'treaty analyze' or 'treaty threshold'",
    "membership": "'treaty coalitions'",
    "extensive-form": "'treaty tree' or 'treaty solve' (its reduced normal form)",
}


def wrong_kind(file: Any, command: str, kind: str, needs: str = "normal-form") -> GameError:
    """The one-line refusal of a spec of *kind* by *command*, naming what takes it.

    >>> head, use = str(wrong_kind("pact.yaml", "analyze", "membership")).split(": use ")
    >>> head
    "pact.yaml: 'analyze' needs a normal-form game, and this is a membership spec"
    >>> use
    "'treaty coalitions'"
    """
    article = "a membership spec" if kind == "membership" else \
        f"{'an' if kind[:1] in 'aeiou' else 'a'} {kind} game"
    want = "a membership spec (kind: membership)" if needs == "membership" else \
        f"{'an' if needs[:1] in 'aeiou' else 'a'} {needs} game"
    use = COMMAND_FOR_KIND.get(kind, "another command")
    where = f"{file}: " if file else ""
    return GameError(f"{where}'{command}' needs {want}, and this is {article}: use {use}")


def kind_of(model: Any) -> str:
    """The spec kind of a model: ``"normal-form"`` for a Game, ``"extensive-form"`` for a
    TreeGame, ``"membership"`` otherwise."""
    from ..game import Game

    if type(model).__name__ == "TreeGame":
        return "extensive-form"
    return "normal-form" if isinstance(model, Game) else "membership"


def normal_form_game(source: Any, params: Mapping[str, Any] | None = None, *,
                     command: str) -> Any:
    """The :class:`~treaty.game.Game` that *source* (path, Spec or Game) describes.

    Parameters
    ----------
    source : str, PathLike, Spec, Game or TreeGame
        A game tree (an extensive-form spec, a ``.efg`` file) gives its reduced normal form
        (:func:`treaty.extensive.reduced_normal_form`).
    params : mapping, optional
        Parameter overrides (only with a path or a Spec: a Game is already instantiated).
    command : str
        The command or function asking (named in the error).

    Raises
    ------
    GameError
        A membership spec (naming 'treaty coalitions'), parameters given with a Game, or
        an argument of another type.
    SpecError, ParameterError
        As :func:`~treaty.spec.loader.read_spec` and ``Spec.instantiate``.
    """
    from ..game import Game
    from .loader import read_spec
    from .parametric import Spec

    if isinstance(source, Game):
        if params:
            raise GameError(f"give parameter values when instantiating the game, not to "
                            f"{command}()")
        return source
    if isinstance(source, (str, os.PathLike)):
        source = read_spec(source)
    if isinstance(source, Spec):
        if source.kind == "extensive-form":  # a tree: its reduced normal form
            from ..extensive import reduced_normal_form

            return reduced_normal_form(source.instantiate(params))
        if source.kind != "normal-form":
            raise wrong_kind(source.file, command, source.kind)
        return source.instantiate(params)
    if type(source).__name__ == "TreeGame":
        from ..extensive import reduced_normal_form

        if params:
            raise GameError(f"give parameter values when instantiating the tree, not to "
                            f"{command}()")
        return reduced_normal_form(source)
    if source.__class__.__name__ == "MembershipGame":
        raise wrong_kind(None, command, "membership")
    raise GameError(f"{command}() takes a spec path, a Spec or a Game, got a "
                    f"{type(source).__name__}")
