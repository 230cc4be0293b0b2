"""The one protocol every result of treaty follows, and the string enums of option names.

Every public result (an equilibrium set, a threshold, a stability scan, an analysis, ...) is
an immutable object with two methods:

* ``to_dict()``: a JSON-ready dict (exact numbers as strings such as ``"1/3"``, floats as
  JSON numbers), taking no argument, so that one renderer serves every result;
* ``describe()``: one short sentence a reader understands without the source.

All rendering (text table, Markdown, CSV, JSON with its envelope, HTML) lives in
:mod:`treaty.report`; no result prints.  The main results also mix in :class:`Notebook`:
``_repr_html_()`` for Jupyter's rich display and ``to_frame()`` for a pandas DataFrame
(pandas is the optional extra ``treaty[frame]``, imported only then).

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

__all__ = ["Result", "StrEnum", "Notebook"]


@runtime_checkable
class Result(Protocol):
    """An immutable result: ``to_dict()`` for JSON, ``describe()`` for a sentence."""

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form (see docs/output-format.md)."""
        ...  # pragma: no cover

    def describe(self) -> str:
        """One short sentence that reads alone."""
        ...  # pragma: no cover


class Notebook:
    """Mixin of results (and :class:`~treaty.game.Game`): notebook display and data frames.

    Adds no field and no state; both methods hand the object to :mod:`treaty.report`.

    Examples
    --------
    >>> import treaty
    >>> eqs = treaty.equilibria(treaty.load("games/race_or_pact.yaml"))
    >>> "<table" in eqs._repr_html_()
    True
    >>> eqs.to_frame()[["US:pact", "US payoff"]].values.tolist()  # doctest: +SKIP
    [[0.0, 5.0], [0.75, 7.625], [1.0, 9.0]]
    """

    __slots__ = ()

    def _repr_html_(self) -> str:
        """HTML for Jupyter: the sentence and the table (see :mod:`treaty.report.html`)."""
        from .report.html import to_html

        return to_html(self)

    def to_frame(self, *, exact: bool = False, table: str | None = None) -> Any:
        """The result's table as a :class:`pandas.DataFrame` (needs pandas).

        Parameters
        ----------
        exact : bool
            Keep exact values as Fractions (object columns); default: floats.
        table : str, optional
            For results with several tables, which one (the first is the default): a
            coalition report ``"stable"``, ``"grand"``, ``"potentially_stable"``, ``"tu"``,
            ``"summary"`` (and its clause or structure tables when present); coalition
            structures ``"structures"`` or ``"moves"``; a noisy trigger ``"deviations"``,
            ``"players"`` or ``"schedule"``; a feasible set ``"vertices"`` or ``"frontier"``;
            a zone ``"grid"``.  An unknown name raises GameError listing the valid ones.

        Raises
        ------
        ImportError
            When pandas is missing (``pip install "treaty[frame]"``).
        GameError
            When this result has no table form.
        """
        from .report.frame import to_frame

        return to_frame(self, exact=exact, table=table)


class StrEnum(str, enum.Enum):
    """An enum whose members are their string values (``enum.StrEnum`` of Python 3.11).

    Members compare equal to their values (``Method.VERTEX == "vertex"``), so option names
    given as plain strings keep working, and ``str()``/f-strings/JSON give the value.
    """

    def __str__(self) -> str:
        return str(self.value)

    def __format__(self, spec: str) -> str:
        return format(str(self.value), spec)
