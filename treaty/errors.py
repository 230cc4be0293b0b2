"""Typed exceptions of the treaty engine.

Every error a user can cause by what they wrote (a spec file, a ``--param`` option, an
argument of the Python API) derives from :class:`TreatyError`.  The command line maps
:class:`TreatyError` subclasses to one line on stderr and exit code 2, never a traceback.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

__all__ = [
    "TreatyError",
    "SpecError",
    "ParameterError",
    "GameError",
    "GameTooLarge",
    "SolverError",
    "did_you_mean",
]


class TreatyError(Exception):
    """Base class of every error raised on purpose by treaty."""


class SpecError(TreatyError, ValueError):
    """A game spec is malformed.

    Parameters
    ----------
    message : str
        What is wrong, in one sentence.
    file : str, optional
        The spec file (``"<string>"`` for text given directly).
    line, column : int, optional
        1-based position of the offending item.
    hint : str, optional
        What to do about it, e.g. ``"did you mean 'pact'?"``.

    Examples
    --------
    >>> str(SpecError("unknown strategy 'pakt'", file="pact.yaml", line=14, column=9,
    ...               hint="did you mean 'pact'?"))
    "pact.yaml:14:9: unknown strategy 'pakt' (did you mean 'pact'?)"
    """

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        line: int | None = None,
        column: int | None = None,
        hint: str | None = None,
    ) -> None:
        self.message = message
        self.file = file
        self.line = line
        self.column = column
        self.hint = hint
        super().__init__(self.__str__())

    def __str__(self) -> str:
        where = self.file or "<spec>"
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        text = f"{where}: {self.message}"
        if self.hint:
            text += f" ({self.hint})"
        return " ".join(text.split("\n"))


class ParameterError(SpecError):
    """A parameter override (``--param name=value`` or ``params=``) is invalid."""


class GameError(TreatyError, ValueError):
    """The Python API was misused: an argument that does not fit the game or the function
    (an unknown player or strategy name, a profile of the wrong length, a payoff array of the
    wrong shape, an unknown method).  Also a :class:`ValueError`, so standard handlers catch it.
    """


class GameTooLarge(TreatyError, ValueError):
    """The requested computation exceeds a size limit; the message names the option that lifts it."""


class SolverError(TreatyError, RuntimeError):
    """A solver failed or could not certify its result."""


def did_you_mean(word: str, choices: Iterable[str]) -> str | None:
    """Return a ``"did you mean ...?"`` hint for a misspelt *word*, or a list of the choices.

    >>> did_you_mean("pakt", ["pact", "covert"])
    "did you mean 'pact'?"
    >>> did_you_mean("zzz", ["a", "b"])
    "expected one of 'a', 'b'"
    """
    choices = [str(c) for c in choices]
    close = difflib.get_close_matches(str(word), choices, n=1, cutoff=0.5)
    if close:
        return f"did you mean {close[0]!r}?"
    if not choices:
        return None
    shown = ", ".join(repr(c) for c in choices[:8])
    if len(choices) > 8:
        shown += ", ..."
    return f"expected one of {shown}"
