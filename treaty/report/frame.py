"""Results and games as pandas data frames (``to_frame()``), for notebooks and analysis.

pandas is optional (``pip install "treaty[frame]"``) and imported only when a frame is asked
for.  The columns are those of the lossless CSV of the same result (docs/output-format.md):
an equilibrium set has one row per equilibrium and one probability column per player and
strategy; a coalition report one table per part; a game one row per pure profile.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from fractions import Fraction
from types import SimpleNamespace
from typing import Any

from ..errors import GameError

__all__ = ["to_frame", "records", "require_pandas", "result_tables", "behavior_table",
           "agreements_table", "noisy_tables", "zone_table", "structure_tables"]

Table = tuple[list[str], list[list[Any]]]


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
    obj : Game, EquilibriumSet, Equilibrium, CoalitionReport, StabilityResult, GrandCoalition,
        TUSolutions, SequenceEquilibrium, NoisyTrigger, FeasibleSet, Agreement,
        CorrelatedResult, Zone or StructureResult
    table : str, optional
        Results with several tables: a :class:`~treaty.coalitions.CoalitionReport`,
        ``"stable"`` (default), ``"grand"``, ``"tu"`` or ``"summary"`` (see
        :func:`treaty.report.coalitions.coalition_tables`); a
        :class:`~treaty.mechanics.repeated.NoisyTrigger`, ``"deviations"`` (default),
        ``"players"`` or ``"schedule"``; a :class:`~treaty.negotiation.FeasibleSet`,
        ``"vertices"`` (default) or ``"frontier"``; a
        :class:`~treaty.coalitions.StructureResult`, ``"structures"`` (default when the
        structures were scanned) or ``"moves"`` (of the evaluated structure; default when
        only that was asked for), see :func:`structure_tables`.  The tables of the other
        kinds: :func:`result_tables`.

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

    several = result_tables(obj)
    if several is not None:
        if not several:
            raise GameError(f"this {type(obj).__name__} has no table (nothing was scanned or "
                            "evaluated)")
        name = table or next(iter(several))
        if name not in several:
            raise GameError(f"a {type(obj).__name__} has no table {name!r} (it has "
                            f"{', '.join(several)})")
        return several[name]()
    if table is not None and not isinstance(obj, CoalitionReport):
        raise GameError(f"table={table!r} is for a result with several tables; a "
                        f"{type(obj).__name__} has one table")
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
        return stable_table(obj.stable, obj.membership == "exclusive")
    if isinstance(obj, GrandCoalition):
        return grand_table(obj)
    if isinstance(obj, TUSolutions):
        return tu_table(obj)
    from ..extensive._sequence import SequenceEquilibrium
    from ..negotiation._feasible import Agreement

    if isinstance(obj, SequenceEquilibrium):
        return behavior_table(obj)
    if isinstance(obj, Agreement):
        return agreements_table([obj], obj.players)
    from ..negotiation._correlated import CorrelatedResult

    if isinstance(obj, CorrelatedResult):
        import itertools

        return agreements_table([obj], obj.players, list(itertools.product(*obj.strategy_names)))
    raise GameError(f"a {type(obj).__name__} has no table form (use to_dict() or describe())")


def result_tables(obj: Any) -> dict[str, Callable[[], Table]] | None:
    """The named tables of a result that has several (the first is the default), else None.

    Coalition reports are handled by :func:`records` itself (their tables come from
    :func:`treaty.report.coalitions.coalition_tables`).
    """
    from ..coalitions._structures import StructureResult
    from ..mechanics.repeated import NoisyTrigger
    from ..negotiation._feasible import FeasibleSet
    from ..negotiation._zone import Zone

    if isinstance(obj, StructureResult):
        return structure_tables(obj)
    if isinstance(obj, NoisyTrigger):
        return noisy_tables(obj)
    if isinstance(obj, FeasibleSet):
        return {"vertices": lambda: agreements_table(obj.vertices, obj.players, obj.profiles),
                "frontier": lambda: agreements_table(obj.frontier, obj.players, obj.profiles)}
    if isinstance(obj, Zone):
        return {"grid": lambda: zone_table(obj)}
    return None


def structure_tables(result: Any) -> dict[str, Callable[[], Table]]:
    """The tables of a :class:`~treaty.coalitions.StructureResult` (coalition structures).

    ``structures`` (when the structures were scanned): one row per listed stable structure,
    ranked by total payoff, with its blocs of two or more (``"West: US UK | East: CN SG"``;
    ``"(everyone alone)"``), total payoff and whether it is Nash stable and individually
    stable; ``moves`` (when a structure was evaluated, ``blocs=``): one row per move that
    would pay its mover, with the bloc it leaves and the one it joins (``"alone"``: it stands
    alone), the gain, whether it is admitted and who blocks it.  The columns are those of the
    same tables in a coalition report's CSV (:func:`treaty.report.coalitions.structure_table`,
    :func:`~treaty.report.coalitions.moves_table`).
    """
    from .coalitions import moves_table, structure_table

    tables: dict[str, Callable[[], Table]] = {}
    if result.scanned:
        tables["structures"] = lambda: structure_table(result)
    if result.evaluated is not None:
        tables["moves"] = lambda: moves_table(result.evaluated)
    return tables


def behavior_table(eq: Any) -> Table:
    """A behaviour-strategy profile (:class:`~treaty.extensive.SequenceEquilibrium`): one row
    per information set and action, with the player who moves there and the probability."""
    cols = ["information set", "player", "action", "probability"]
    rows = [[name, eq.players[eq.infoset_players[j]], a, p]
            for j, name in enumerate(eq.infosets)
            for a, p in zip(eq.actions[j], eq.behavior[j], strict=True)]
    return cols, rows


def agreements_table(agreements: Sequence[Any], players: Sequence[str],
                     order: Sequence[tuple[str, ...]] = ()) -> Table:
    """Agreements (:class:`~treaty.negotiation.Agreement`): one row each, a payoff column per
    player, then one probability column ``P(a, b)`` per profile that some agreement uses
    (0 where this one does not), in the order of *order* (a feasible set's profiles) when
    given."""
    if not players and agreements:
        players = [f"player {i + 1}" for i in range(len(agreements[0].payoffs))]
    used: dict[tuple[str, ...], None] = {}
    for ag in agreements:
        used.update(dict.fromkeys(ag.distribution))
    rank = {q: k for k, q in enumerate(order)}
    profiles = sorted(used, key=lambda q: rank.get(q, len(rank))) if rank else list(used)
    cols = [*(f"{p} payoff" for p in players), *(f"P({', '.join(q)})" for q in profiles)]
    rows = []
    for ag in agreements:
        zero = Fraction(0) if ag.exact else 0.0
        rows.append([*ag.payoffs, *(ag.distribution.get(q, zero) for q in profiles)])
    return cols, rows


def noisy_tables(r: Any) -> dict[str, Callable[[], Table]]:
    """The tables of a :class:`~treaty.mechanics.repeated.NoisyTrigger`.

    ``deviations``: every unilateral pure deviation, its stage payoff, the probability that it
    is flagged and the least ``delta + ... + delta^T`` that deters it (None: never);
    ``players``: each player's pact strategy, reward ``R``, punishment ``P``, false-alarm
    probability and (with a discount factor) the pact's value net of expected punishment;
    ``schedule``: the critical discount factor of the shortest punishment lengths.
    """
    def deviations() -> Table:
        return (["player", "strategy", "stage payoff", "flag probability", "required"],
                [[d.player, d.strategy, d.payoff, d.flag, d.required] for d in r.deviations])

    def players() -> Table:
        values = r.values or (None,) * len(r.players)
        return (["player", "pact strategy", "reward", "punishment", "false alarm", "value"],
                [list(row) for row in zip(r.players, r.profile, r.rewards, r.punishments,
                                          r.false_alarms, values, strict=True)])

    def schedule() -> Table:
        return ["periods", "critical discount"], [[t, c] for t, c in r.schedule]

    return {"deviations": deviations, "players": players, "schedule": schedule}


def zone_table(z: Any) -> Table:
    """A :class:`~treaty.negotiation.Zone` on its grid: one row per grid point (C order of
    :attr:`~treaty.negotiation._zone.ZoneGrid.mask`), the exact term values, whether the point
    is in the zone and, outside it, the conditions that fail there."""
    import itertools

    g = z.grid
    names = list(g.axes)
    rows = []
    for idx in itertools.product(*(range(len(g.axes[k])) for k in names)):
        rows.append([*(g.axes[k][i] for k, i in zip(names, idx, strict=True)),
                     bool(g.mask[idx]), str(g.failing[idx])])
    return [*names, "in zone", "failing"], rows


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
        Which table of a result with several (see :func:`records`): a coalition report's
        ``"stable"``, ``"grand"``, ``"tu"``, ``"summary"``; a noisy trigger's ``"deviations"``,
        ``"players"``, ``"schedule"``; a feasible set's ``"vertices"``, ``"frontier"``;
        coalition structures' ``"structures"``, ``"moves"``.

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
