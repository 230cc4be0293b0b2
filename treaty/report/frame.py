"""Results and games as pandas data frames (``to_frame()``), for notebooks and analysis.

pandas is optional (``pip install "treaty[frame]"``) and imported only when a frame is asked
for.  The columns are those of the lossless CSV of the same result (docs/output-format.md):
an equilibrium set has one row per equilibrium and one probability column per player and
strategy; a coalition report one table per part; a game one row per pure profile.
"""

from __future__ import annotations

from fractions import Fraction
from types import SimpleNamespace
from typing import Any

from ..errors import GameError

__all__ = ["to_frame", "records", "require_pandas"]


def require_pandas() -> Any:
    """Import pandas, or raise an ImportError that says how to install it."""
    try:
        import pandas
    except ImportError:
        raise ImportError('to_frame() needs pandas, which is not installed: pip install '
                          '"treaty[frame]" (or pip install pandas)') from None
    return pandas


def _names(result: Any) -> Any:
    """Players and strategy names of an equilibrium set (without its game)."""
    first = next(iter(result), None)
    if first is None:
        return SimpleNamespace(players=(), strategies=())
    return SimpleNamespace(players=first.players, strategies=first.strategy_names)


def records(obj: Any, table: str | None = None) -> tuple[list[str], list[list[Any]]]:
    """The columns and rows (raw values: Fractions, floats, bools, str) of *obj*'s table.

    Parameters
    ----------
    obj : Game, EquilibriumSet, Equilibrium, CoalitionReport, StabilityResult, GrandCoalition
        or TUSolutions
    table : str, optional
        For a :class:`~treaty.coalitions.CoalitionReport`: ``"stable"`` (default), ``"grand"``,
        ``"tu"`` or ``"summary"`` (see :func:`treaty.report.coalitions.coalition_tables`).

    Raises
    ------
    GameError
        When *obj* has no table form, or *table* names no table of it.
    """
    from ..coalitions._results import CoalitionReport, GrandCoalition, StabilityResult, TUSolutions
    from ..game import Game
    from ..nash._result import Equilibrium, EquilibriumSet
    from .coalitions import coalition_tables, grand_table, stable_table, tu_table
    from .equilibria import equilibria_records

    if table is not None and not isinstance(obj, CoalitionReport):
        raise GameError(f"table={table!r} is for a coalition report; a {type(obj).__name__} "
                        "has one table")
    if isinstance(obj, Game):
        import itertools

        cols = [*[f"{p} strategy" for p in obj.players], *[f"{p} payoff" for p in obj.players]]
        rows = []
        for idx in itertools.product(*(range(n) for n in obj.shape)):
            names = [obj.strategies[i][s] for i, s in enumerate(idx)]
            rows.append([*names, *obj.payoff(idx)])
        return cols, rows
    if isinstance(obj, EquilibriumSet):
        return equilibria_records(_names(obj), obj)
    if isinstance(obj, Equilibrium):
        cols, rows = equilibria_records(_names([obj]), [obj])
        return cols[1:], [r[1:] for r in rows]
    if isinstance(obj, CoalitionReport):
        tables = coalition_tables(obj)
        name = table or "stable"
        if name not in tables:
            raise GameError(f"this coalition report has no table {name!r} (it has "
                            f"{', '.join(tables)})")
        return tables[name]
    if isinstance(obj, StabilityResult):
        return stable_table(obj.stable)
    if isinstance(obj, GrandCoalition):
        return grand_table(obj)
    if isinstance(obj, TUSolutions):
        return tu_table(obj)
    raise GameError(f"a {type(obj).__name__} has no table form (use to_dict() or describe())")


def to_frame(obj: Any, *, exact: bool = False, table: str | None = None) -> Any:
    """*obj*'s table as a :class:`pandas.DataFrame`.

    Parameters
    ----------
    obj : Game or result
        See :func:`records` for the kinds that have a table.
    exact : bool
        Keep exact values as :class:`fractions.Fraction` objects (columns of dtype object);
        by default they become floats, so that the frame sorts, plots and aggregates.
    table : str, optional
        Which table of a coalition report (``"stable"``, ``"grand"``, ``"tu"``, ``"summary"``).

    Raises
    ------
    ImportError
        When pandas is not installed (with the command that installs it).
    GameError
        When *obj* has no table form.

    Examples
    --------
    >>> import treaty  # (pandas optional: tests/report/test_readable.py runs these)
    >>> eqs = treaty.equilibria(treaty.load("games/race_or_pact.yaml"))
    >>> df = eqs.to_frame()  # doctest: +SKIP
    >>> list(df.columns[:5]), df["US:pact"].tolist()  # doctest: +SKIP
    (['US:pact', 'US:race', 'CN:pact', 'CN:race', 'US payoff'], [0.0, 0.75, 1.0])
    """
    cols, rows = records(obj, table)
    pandas = require_pandas()
    if not exact:
        rows = [[float(v) if isinstance(v, Fraction) else v for v in r] for r in rows]
    frame = pandas.DataFrame(rows, columns=cols)
    if cols and cols[0] in ("equilibrium", "rank"):
        frame = frame.set_index(cols[0])
    return frame
