"""Rendering of a :class:`~treaty.coalitions.CoalitionReport` (``treaty coalitions``)."""

from __future__ import annotations

from typing import Any

from .._exact.numbers import number_to_csv
from ._json import render_json
from ._table import render_table
from ._text import Numbers, legend, wrap

__all__ = ["render_coalitions", "coalition_tables", "stable_table", "grand_table", "tu_table",
           "clause_table", "potential_table", "structure_table", "moves_table", "parameter_lines",
           "COALITIONS_FORMATS"]

COALITIONS_FORMATS = ("table", "json", "markdown", "csv")

_STABLE_HEADERS = ["rank", "members", "size", "total payoff", "profitable", "PIS", "surplus"]
_GRAND_HEADERS = ["country", "payoff", "outside option", "deficit", "transfer"]


def _yes(flag: bool) -> str:
    return "yes" if flag else "no"


def stable_table(listed: Any, exclusive: bool = False) -> tuple[list[str], list[list[Any]]]:
    """The ranked stable coalitions, raw values (see :func:`coalition_tables`); under
    exclusive membership a last column names the outsiders who want in and are refused."""
    cols = list(_STABLE_HEADERS) + (["refused"] if exclusive else [])
    return (cols,
            [[k + 1, " ".join(c.members), c.size, c.total, c.profitable, c.potentially_internal,
              c.surplus, *([" ".join(c.refused)] if exclusive else [])]
             for k, c in enumerate(listed)])


def potential_table(coalitions: Any) -> tuple[list[str], list[list[Any]]]:
    """Potentially stable coalitions (stable with transfers), ranked by total payoff."""
    return (["rank", "members", "size", "total payoff", "surplus"],
            [[k + 1, " ".join(c.members), c.size, c.total, c.surplus]
             for k, c in enumerate(coalitions)])


def _blocs_text(structure: Any) -> str:
    return " | ".join((f"{b.name}: " if b.name else "") + " ".join(b.members)
                      for b in structure.blocs if b.size > 1) or "(everyone alone)"


def structure_table(result: Any) -> tuple[list[str], list[list[Any]]]:
    """Stable coalition structures, ranked by total payoff (blocs of two or more listed)."""
    return (["rank", "blocs", "total payoff", "nash stable", "individually stable"],
            [[k + 1, _blocs_text(st), st.total, st.nash_stable, st.individually_stable]
             for k, st in enumerate(result.stable)])


def moves_table(structure: Any) -> tuple[list[str], list[list[Any]]]:
    """The moves that would pay from an evaluated structure."""
    def where(names: Any, name: str, alone: bool) -> str:
        return "alone" if alone else (name or " ".join(names))

    return (["country", "from", "to", "gain", "admitted", "blocked by"],
            [[m.country, where(m.source, m.source_name, False), where(m.target, m.target_name,
                                                                        m.alone),
              m.gain, m.admitted, " ".join(m.blocked_by)] for m in structure.moves])


def grand_table(g: Any) -> tuple[list[str], list[list[Any]]]:
    """The grand coalition, one row per country (transfer None when no transfers hold it)."""
    return (list(_GRAND_HEADERS),
            [[p, a, o, d, t] for p, a, o, d, t in
             zip(g.players, g.payoffs, g.outside, g.deficits,
                 g.transfers or [None] * len(g.players))])


def tu_table(tu: Any) -> tuple[list[str], list[list[Any]]]:
    """The TU solutions, one row per country; a column per solution computed."""
    cols = ["country", "shapley", "banzhaf"]
    parts = [tu.shapley, tu.banzhaf]
    for name, values in (("nucleolus", tu.nucleolus and tu.nucleolus.point),
                         ("least_core", tu.least_core and tu.least_core.point),
                         ("myerson", tu.myerson)):
        if values is not None:
            cols.append(name)
            parts.append(values)
    return cols, [[p, *[v[i] for v in parts]] for i, p in enumerate(tu.players)]


def clause_table(clause: Any, players: Any) -> tuple[list[str], list[list[Any]]]:
    """The pact under the smallest clause, one row per country: member or not, its payoff
    when the pact forms and without a pact (no rows when no clause works)."""
    rows = [[p, p in clause.members, a, e]
            for p, a, e in zip(players, clause.payoffs, clause.no_pact)] if clause.found else []
    return ["country", "member", "payoff", "no-pact payoff"], rows


def _clause_summary(clause: Any) -> list[list[Any]]:
    unit = "members" if clause.by == "members" else "share of the weight"
    rows: list[list[Any]] = [
        [f"smallest clause ({unit})", clause.threshold if clause.found else "none"],
        ["pact under the clause", " ".join(clause.members) if clause.found else "none"],
        ["largest stable pact without the clause", clause.baseline_size],
    ]
    if clause.including:
        rows.append(["pact must include", " ".join(clause.including)])
    if clause.found and clause.share is not None:
        rows.append(["share held by the pact", clause.share])
    return rows


def coalition_tables(report: Any) -> dict[str, tuple[list[str], list[list[Any]]]]:
    """Every table of a coalition report as raw values: ``{name: (columns, rows)}``.

    ``stable`` (the listed stable coalitions, ranked), ``grand`` (the grand coalition, one row
    per country), ``tu`` (the TU solutions, one row per country; present with TU), ``clause``
    (the pact under the smallest participation clause, one row per country; present with
    ``--smallest-clause``, whose threshold is in the summary), ``summary``
    (one row per quantity said in words: stability of the grand coalition, surplus, total
    transfer, v(N), least-core epsilon, the largest consistent set).  Numbers are the
    result's own: Fractions when exact, floats otherwise; flags are bools.
    """
    result, tu, farsighted = report.stability, report.tu, report.farsighted
    g = result.grand
    tables = {"stable": stable_table(report.listed, result.membership == "exclusive"),
              "grand": grand_table(g)}
    if result.potentially_stable:
        tables["potentially_stable"] = potential_table(result.potentially_stable[:report.top])
    if tu is not None:
        tables["tu"] = tu_table(tu)
    summary: list[list[Any]] = [
        ["coalitions scanned", result.n_coalitions],
        ["stable coalitions", result.n_stable],
        ["grand coalition stable", g.internally_stable],
        ["grand coalition surplus", g.surplus],
        ["grand coalition stable with transfers", g.potentially_stable],
        ["grand coalition total transfer", g.total_transfer],
    ]
    if tu is not None:
        summary.append(["v(N)", tu.grand_value])
        if tu.least_core is not None:
            summary += [["least-core epsilon", tu.least_core.epsilon],
                        ["core non-empty", tu.least_core.core_nonempty]]
    if farsighted is not None:
        summary += [["largest consistent set", " ".join(c) or "(no agreement)"]
                    for c in farsighted.coalitions]
    clause = report.clause
    if clause is not None:
        tables["clause"] = clause_table(clause, report.game.players)
        summary += _clause_summary(clause)
    structures = report.structures
    if structures is not None:
        if structures.scanned:
            tables["structures"] = structure_table(structures)
            summary.append([f"{structures.concept} structures", structures.n_stable])
        if structures.evaluated is not None:
            ev = structures.evaluated
            tables["moves"] = moves_table(ev)
            summary += [["evaluated structure", _blocs_text(ev)],
                        ["evaluated structure nash stable", ev.nash_stable],
                        ["evaluated structure individually stable", ev.individually_stable]]
    tables["summary"] = (["quantity", "value"], summary)
    return tables


def _csv(tables: dict[str, tuple[list[str], list[list[Any]]]]) -> str:
    """The tables as CSV sections, separated by a blank line; each row's first cell names its
    table, each section starts with its own header (first cell ``table``)."""
    parts = []
    for name, (cols, rows) in tables.items():
        parts.append(render_table(["table", *cols],
                                  [[name, *[number_to_csv(v) for v in r]] for r in rows], "csv"))
    return "\n".join(parts)


def parameter_lines(game: Any, num: Numbers) -> list[str]:
    """``name = value unit (doc)`` for each parameter of *game* at which the report holds."""
    info = getattr(game, "info", None)
    params = getattr(info, "parameters", None) or {}
    units = getattr(info, "parameter_units", None) or {}
    docs = getattr(info, "parameter_docs", None) or {}
    out = []
    for name, value in params.items():
        shown = num(value) if getattr(value, "shape", ()) == () else "(array)"
        unit = f" {units[name]}" if units.get(name) else ""
        doc = f": {docs[name]}" if docs.get(name) else ""
        out.append(f"{name} = {shown}{unit}{doc}")
    return out


def render_coalitions(report: Any, fmt: str = "table", decimals: int | None = None) -> str:
    """Render a coalition report: the ranked stable coalitions, the grand coalition with its
    transfers, the TU solutions and the largest consistent set when present (``"table"``,
    ``"markdown"``); every one of these tables as CSV sections (``"csv"``, lossless: exact
    values as ``a/b``, floats in full); or the JSON envelope.

    In text, exact values are fractions with *decimals* decimals beside them (default 3); the
    TU table shows the nucleolus and least core as fractions too when the game is exact (they
    are then certified: Kohlberg's criterion and an exact dual bound), else as decimals; each
    table is followed by a legend of its terms.
    """
    if fmt == "json":
        return render_json(report, command="coalitions", game=report.game)
    tables = coalition_tables(report)
    if fmt == "csv":
        return _csv(tables)
    num = Numbers(decimals)
    md = fmt == "markdown"
    game, result, tu, farsighted = report.game, report.stability, report.tu, report.farsighted
    listed = report.listed
    out = []
    title = game.title or "membership game"
    out.append(f"# {title}\n\n" if md else f"{title}\n\n")
    out.append(wrap(num.text(f"{game.n} countries, model: {result.model}; "
                             f"{result.describe()}.")) + "\n")
    exact = "exact arithmetic" if result.exact else f"floats, relative tolerance {result.tolerance}"
    counts = ", ".join(f"{k} {v:,}" for k, v in result.counts.items())
    out.append(("\n" if md else "") + wrap(f"Ties decided in {exact}; coalitions of size >= "
                                            f"{result.min_size}: {counts}.") + "\n")
    params = parameter_lines(game, num)
    if params:
        out.append("\n## Parameters\n\n" if md else "\nParameters:\n")
        out.append("".join(wrap(p, indent="  ", first="- ") + "\n" for p in params))
    out.append("\n## Stable coalitions\n\n" if md else "\nStable coalitions "
               f"(top {len(listed)} of {result.n_stable}, by total payoff):\n")
    cols, rows = tables["stable"]
    if rows:
        out.append(render_table(cols, [[r[0], r[1], r[2], num(r[3]), _yes(r[4]), _yes(r[5]),
                                        num(r[6]), *r[7:]] for r in rows], fmt))
        out.append("\n" + legend(["total payoff", "profitable", "PIS", "surplus"], md))
    else:
        out.append("none\n")
    g = result.grand
    out.append("\n## Grand coalition\n\n" if md else "\n")
    lead = "" if md else "Grand coalition: "
    if g.internally_stable:
        sentence = "stable without transfers."
    elif g.potentially_stable:
        sentence = (f"not stable; transfers of {num(g.total_transfer)} in total would hold "
                    f"it together (surplus {num(g.surplus)}).")
    else:
        sentence = ("not stable, and no transfers can hold it: members' total payoff falls "
                    f"short of their outside options by {num(-g.surplus)}.")
    out.append(wrap(lead + sentence if lead else sentence[0].upper() + sentence[1:]) + "\n")
    if md:
        out.append("\n")
    cols, rows = tables["grand"]
    out.append(render_table(cols, [[r[0], *[num(v) if v is not None else "" for v in r[1:]]]
                                   for r in rows], fmt))
    out.append("\n" + legend(["outside option", "deficit", "transfer"], md))
    if tu is not None:
        out.append("\n## Transferable utility\n\n" if md else "\nTransferable utility:\n")
        cols, rows = tables["tu"]
        out.append(render_table(cols, [[r[0], *[num.decimal(v) for v in r[1:]]] for r in rows],
                                fmt))
        note = (f"Values rounded to {num.decimals} decimals; the exact values are in "
                "--format csv and json." if tu.exact and num.decimals else "")
        out.append(wrap(f"v(N) = {num(tu.grand_value)}. {note}") + "\n")
        if tu.least_core is not None:
            lc = tu.least_core
            out.append(f"Core {'non-empty' if lc.core_nonempty else 'empty'} (least-core "
                       f"epsilon {num.decimal(lc.epsilon)}).\n")
        terms = ["v(S)", *[c for c in cols[1:]]]
        if tu.least_core is not None:
            terms.append("least-core epsilon")
        out.append("\n" + legend(terms, md))
    if farsighted is not None:
        out.append("\n## Farsighted stability\n\n" if md else "\nLargest consistent set "
                   "(Chwe 1994):\n")
        out.append("".join(f"- {' '.join(c) or '(no agreement)'}\n"
                           for c in farsighted.coalitions) or "empty\n")
    if "potentially_stable" in tables:
        out.append("\n## Stable with transfers\n\n" if md else "\nStable with transfers "
                   f"(potentially stable, Carraro, Eyckmans and Finus 2006; top "
                   f"{len(tables['potentially_stable'][1])} of "
                   f"{result.counts.get('potentially_stable', len(tables['potentially_stable'][1]))}):\n")
        cols, rows = tables["potentially_stable"]
        out.append(render_table(cols, [[r[0], r[1], r[2], num(r[3]), num(r[4])] for r in rows],
                                fmt))
        out.append(wrap("Each is stable once members share its payoff as x_i = pi_i(S - i) + "
                        "lambda_i * surplus and no enlargement by one country could do the same "
                        "(--format json gives each sharing rule).") + "\n")
    if report.clause is not None:
        out.append(_render_clause(report.clause, tables["clause"], num, fmt))
    if report.structures is not None:
        out.append(_render_structures(report.structures, tables, num, fmt))
    return "".join(out)


def _render_structures(result: Any, tables: dict[str, tuple[list[str], list[list[Any]]]],
                       num: Numbers, fmt: str) -> str:
    """Stable coalition structures, then the evaluated one with the moves that would pay."""
    md = fmt == "markdown"
    out = ["\n## Coalition structures\n\n" if md else "\nCoalition structures (several pacts "
           f"at once; {result.membership} membership):\n"]
    if result.scanned:
        out.append(wrap(f"{result.n_stable} {result.concept} structure(s) of "
                        f"{result.n_partitions:,} partitions.") + "\n")
        cols, rows = tables["structures"]
        if rows:
            out.append(render_table(cols, [[r[0], r[1], num(r[2]), _yes(r[3]), _yes(r[4])]
                                           for r in rows], fmt))
    ev = result.evaluated
    if ev is not None:
        stable = ev.nash_stable if result.membership == "open" else ev.individually_stable
        out.append(wrap(f"Evaluated: {_blocs_text(ev)}, total payoff {num(ev.total)}; "
                        f"{'' if stable else 'not '}{result.concept}"
                        + ("." if stable or not ev.moves else "; moves that would pay:")) + "\n")
        cols, rows = tables["moves"]
        if rows:
            out.append(render_table(cols, [[r[0], r[1], r[2], num(r[3]), _yes(r[4]), r[5]]
                                           for r in rows], fmt))
    return "".join(out)


def _render_clause(clause: Any, table: tuple[list[str], list[list[Any]]], num: Numbers,
                   fmt: str) -> str:
    """The smallest participation clause in words, then the pact's payoffs per country."""
    md = fmt == "markdown"
    out = ["\n## Smallest participation clause\n\n" if md else
           "\nSmallest participation clause (the pact in force only above a threshold):\n"]
    incl = f" including {', '.join(clause.including)}" if clause.including else ""
    base = (f"largest stable pact{incl} without a clause: "
            f"{clause.baseline_size or 'none'}{' members' if clause.baseline_size else ''}")
    if not clause.found:
        out.append(wrap(f"No clause makes a pact{incl} larger than that stable ({base}).") + "\n")
        return "".join(out)
    if clause.by == "members":
        need = f"at least {clause.threshold} members"
    else:
        need = f"members holding at least {num(clause.threshold)} of the weight"
    held = "" if clause.share is None else f", holding {num(clause.share)} of the weight"
    out.append(wrap(f"In force only with {need}: the {clause.size}-member pact "
                    f"{' '.join(clause.members)}{held} is stable ({base}); total payoff "
                    f"{num(clause.total)}. Below the threshold every country gets its no-pact "
                    f"payoff.") + "\n")
    if md:
        out.append("\n")
    cols, rows = table
    out.append(render_table(cols, [[r[0], _yes(r[1]), num(r[2]), num(r[3])] for r in rows], fmt))
    return "".join(out)
