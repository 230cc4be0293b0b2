"""The one protocol every result of treaty follows, and the string enums of option names.

Every public result (an equilibrium set, a threshold, a stability scan, an analysis, ...) is
an immutable object with two methods:

* ``to_dict()``: a JSON-ready dict (exact numbers as strings such as ``"1/3"``, floats as
  JSON numbers), taking no argument, so that one renderer serves every result;
* ``describe()``: one short sentence a reader understands without the source.

All rendering (text table, Markdown, CSV, JSON with its envelope) lives in
:mod:`treaty.report`; no result prints.

Examples
--------
>>> import treaty
>>> from treaty.results import Result
>>> eqs = treaty.equilibria(treaty.load("games/race_or_pact.yaml"))
>>> isinstance(eqs, Result) and all(isinstance(e, Result) for e in eqs)
True
"""

from __future__ import annotations

import enum
from typing import Any, Protocol, runtime_checkable

__all__ = ["Result", "StrEnum"]


@runtime_checkable
class Result(Protocol):
    """An immutable result: ``to_dict()`` for JSON, ``describe()`` for a sentence."""

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form (see docs/output-format.md)."""
        ...  # pragma: no cover

    def describe(self) -> str:
        """One short sentence that reads alone."""
        ...  # pragma: no cover


class StrEnum(str, enum.Enum):
    """An enum whose members are their string values (``enum.StrEnum`` of Python 3.11).

    Members compare equal to their values (``Method.VERTEX == "vertex"``), so option names
    given as plain strings keep working, and ``str()``/f-strings/JSON give the value.
    """

    def __str__(self) -> str:
        return str(self.value)

    def __format__(self, spec: str) -> str:
        return format(str(self.value), spec)
