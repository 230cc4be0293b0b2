"""Typed exceptions of the treaty engine.

Every error a user can cause by what they wrote (a spec file, a ``--param`` option, an
argument of the Python API) derives from :class:`TreatyError`.  The command line maps
:class:`TreatyError` subclasses to one line on stderr and exit code 2, never a traceback.

The hierarchy is shallow, one meaning per class::

    TreatyError                       (raised by treaty on purpose; never raised itself)
    +-- SpecError(ValueError)         the content of a spec is wrong (file:line:column, hint)
    |   +-- ParameterError            a parameter value or override is wrong
    +-- GameError(ValueError)         the Python API was misused (argument does not fit)
    +-- GameTooLarge(ValueError)      the request exceeds a size limit
    +-- SolverError(RuntimeError)     a solver failed or could not certify its result

The user-caused ones are also :class:`ValueError`, so ``except ValueError`` catches misuse as
it would for any library; a :class:`SolverError` is a :class:`RuntimeError` because the input
was acceptable and the computation is what failed.  No bare ``ValueError``, ``KeyError`` or
``TypeError`` escapes a public function.

Examples
--------
>>> import treaty
>>> issubclass(treaty.GameError, ValueError) and issubclass(treaty.GameError, treaty.TreatyError)
True
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
    """Base class of every error raised on purpose by treaty.

    Catch this to handle anything treaty reports; raise one of the subclasses, whose class
    says what went wrong (spec content, parameter, API misuse, size, solver).
    """


class SpecError(TreatyError, ValueError):
    """The content of a spec (YAML, JSON or ``.nfg`` text) is wrong.

    Raised by the readers in :mod:`treaty.spec` for anything written in the spec itself: bad
    syntax, a missing or unknown key, a value of the wrong kind, an unknown name, an
    expression outside the whitelist.  The message starts with ``file:line:column``.

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
    """A parameter value is wrong: an override (``--param name=value`` or ``params=``) that
    names no parameter, does not parse as a number, or lies outside the declared bounds, or a
    parameter declaration in the spec that is inconsistent."""


class GameError(TreatyError, ValueError):
    """The API or the command line was misused: an argument that does not fit the game or the
    function (an unknown player, strategy, target or country, a profile of the wrong length, a
    payoff array of the wrong shape, an unknown method or tie rule, a probability outside
    [0, 1], a spec of the wrong kind for the command, an output file that cannot be written).
    Also a :class:`ValueError`, so standard handlers catch it.
    """


class GameTooLarge(TreatyError, ValueError):
    """The request exceeds a size limit (players, strategies, profiles, countries, coalitions,
    spec size); checked before any work, the message gives the estimate and the option that
    lifts the limit where there is one."""


class SolverError(TreatyError, RuntimeError):
    """A solver failed on an acceptable input: a linear program did not solve, or a result
    could not be certified (non-zero regret of a candidate equilibrium).  Not a user error;
    please report it with the game."""


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
