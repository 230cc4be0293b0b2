"""Rendering of an :class:`~treaty.mechanics.analysis.Analysis` (``treaty analyze``)."""

from __future__ import annotations

import os
from typing import Any

from .._exact.numbers import format_number
from ..errors import GameError
from ._json import render_json
from ._table import render_table
from ._text import Numbers, legend, wrap
from .equilibria import equilibria_count, mixed_missing

__all__ = ["render_analysis", "ANALYSIS_FORMATS"]

ANALYSIS_FORMATS = ("table", "json", "markdown")


def _fmt(v: Any) -> str:
    return "-" if v is None else format_number(v)


def _bounds(lo: Any, hi: Any) -> str:
    if lo is None and hi is None:
        return ""
    left = f"[{_fmt(lo)}" if lo is not None else "(-inf"
    right = f"{_fmt(hi)}]" if hi is not None else "inf)"
    return f"{left}, {right}"


def render_analysis(report: Any, fmt: str = "table", decimals: int | None = None) -> str:
    """Render an :class:`~treaty.mechanics.analysis.Analysis` as ``"table"`` (plain text),
    ``"markdown"`` or ``"json"`` (the envelope of docs/output-format.md).

    Text is wrapped; exact numbers are fractions with *decimals* decimals beside them
    (default 3); parameters show their ``unit:``; tables with terms end with a legend."""
    if fmt == "json":
        return render_json(report, command="analyze", game=report.game)
    if fmt not in ANALYSIS_FORMATS:
        raise GameError(f"unknown format {fmt!r} for an analysis (expected one of "
                        f"{', '.join(ANALYSIS_FORMATS)})")
    md = fmt == "markdown"
    g = report.game
    out: list[str] = []
    num = Numbers(decimals)

    def heading(text: str, level: int = 2) -> None:
        if md:
            out.append(f"{'#' * level} {text}\n")
        else:
            out.append(text)
            out.append(("=" if level == 1 else "-") * len(text))

    def para(text: str) -> None:
        out.append(wrap(num.text(text)))
        out.append("")

    def bullets(items: list[str]) -> None:
        for it in items:
            out.append(wrap(num.text(it), indent="  ", first="- "))
        out.append("")

    tf = "markdown" if md else "table"
    heading(g.title or os.path.basename(g.info.file or "game"), 1)
    if not md:
        out.append("")
    if g.info.description:
        para(" ".join(g.info.description.split()))
    dims = " x ".join(str(n) for n in g.shape)
    para(f"Players and strategies ({dims}, {'exact' if g.is_exact else 'floating-point'} "
         "payoffs):")
    bullets([f"{p}: {', '.join(s)}" for p, s in zip(g.players, g.strategies, strict=True)])
    if report.parameters:
        heading("Parameters")
        units = getattr(g.info, "parameter_units", None) or {}
        out.append(render_table(["name", "value", *(["unit"] if units else []), "range",
                                 "meaning"],
                                [[n, num(v), *([units.get(n, "")] if units else []),
                                  _bounds(lo, hi), d]
                                 for n, v, d, lo, hi in report.parameters], tf))
    if g.info.assumptions:
        heading("Assumptions")
        bullets([" ".join(a.split()) for a in g.info.assumptions
                 if not (report.verification and a.startswith("Verification: "))])
    if report.verification:
        heading("Verification mechanism")
        para(report.verification)
    heading("Nash equilibria")
    eqs = report.equilibria
    n = len(eqs)
    para(f"{mixed_missing(eqs, g)}." if mixed_missing(eqs, g) else
         f"{equilibria_count(eqs)} ({eqs.note}){':' if n else '.'}")
    rows = [[k + 1, num.text(e.describe()), ", ".join(f"{p} {num(v)}" for p, v in
                                                     zip(g.players, e.payoffs, strict=True))]
            for k, e in enumerate(eqs)]
    if rows:
        out.append(render_table(["#", "strategies", "payoffs"], rows, tf))
    _inspection_section(report, heading, para, out, tf, num)
    for t in report.targets:
        prof = ", ".join(f"{p} {s}" for p, s in zip(g.players, t.profile, strict=True))
        heading(f"Target '{t.name}' ({prof})")
        pays = ", ".join(f"{p} {format_number(v)}" for p, v in zip(g.players, t.payoffs,
                                                                   strict=True))
        if t.is_equilibrium:
            para(f"It IS a Nash equilibrium at the current parameters (payoffs: {pays}).")
        else:
            devs = "; ".join(f"{p} gains {format_number(v)} by switching to {s!r}"
                             for p, s, v in t.deviations)
            para(f"It is NOT a Nash equilibrium at the current parameters (payoffs: {pays}): "
                 f"{devs}.")
        if t.thresholds:
            _threshold_tables(t.thresholds, para, out, tf, num)
            out.append(legend(["binding deviation", "now"], md))
        for s in t.sustainability:
            lead = ("Repeated game: " if report.repeated is not None else
                    "If this game were played every round: ")
            para(lead + s.describe() + ".")
        if t.min_detection is not None:
            para(f"At the spec's discount factor the minimum detection probability per round is "
                 f"{format_number(t.min_detection)}.")
        if getattr(t, "noisy", None) is not None:
            para("Repeated game with false alarms (punishment phases on the equilibrium path): "
                 + t.noisy.describe() + ".")
            if t.noisy.schedule:
                para("Shortest punishments that can deter, with the discount factor each needs: "
                     + "; ".join(f"{k} round{'s' if k != 1 else ''}: delta >= {num(c)}"
                                 for k, c in t.noisy.schedule) + ".")
    if report.minmax:
        heading("Minmax values (the harshest punishment the others can impose)")
        out.append(render_table(["player", "minmax value", "pure minmax", "exact"],
                                [[m.player, num(m.value), num(m.pure_value),
                                  "yes" if m.exact else "no"]
                                 for m in report.minmax], tf))
        out.append(legend(["minmax value", "pure minmax"], md))
    if report.notes:
        heading("Notes")
        bullets(list(report.notes))
    text = "\n".join(out).rstrip() + "\n"
    return text


def _inspection_section(report: Any, heading: Any, para: Any, out: list[str], tf: str,
                        num: Numbers) -> None:
    """The inspection rates per equilibrium, their closed forms, and inspector leadership."""
    ie = getattr(report, "inspection", None)
    lead = getattr(report, "leadership", None)
    if ie is None and lead is None:
        return
    heading("Inspection")
    if ie is not None:
        if ie.rates:
            para(f"Inspection and violation rates at each equilibrium above ({ie.inspector} "
                 "inspects with the inspection rate; each power violates covertly with its "
                 "violation rate):")
            out.append(render_table(
                ["#", "inspection rate", *[f"{p} violation rate" for p in ie.inspectees]],
                [[k + 1, num(q), *[num(r) for r in rs]] for k, (q, rs) in enumerate(ie.rates)],
                tf))
        for p, q, r in ie.closed_form:
            para(f"Closed form for {p} alone against {ie.inspector} (Avenhaus, von Stengel and "
                 f"Zamir 2002): inspection rate q* = g/(p(g+S) - a h) = {format_number(q)}, "
                 f"violation rate r* = e/(p(lu - ld)) = {format_number(r)}.")
        if ie.note:
            para(f"Note: {ie.note}.")
    if lead is not None:
        para(f"Inspector leadership (the inspector announces its inspection rate first): "
             f"{lead.describe()}." + (f" ({lead.note}.)" if lead.note else ""))


def _threshold_tables(thresholds: Any, para: Any, out: list[str], tf: str,
                      num: Numbers | None = None) -> None:
    """The per-parameter tables of one target: the stage game's and, when the spec repeats
    the game, the repeated game's; a parameter is listed as having no effect only when it
    moves neither."""
    repeated = [th.repeated for th in thresholds if th.repeated is not None]
    stage_moving = [th for th in thresholds if not th.constant]
    lead = ("in the stage game alone" if repeated else "")
    para("Values of each parameter (others fixed) for which it is a Nash equilibrium"
         + (f" {lead}" if lead else "") + ":")
    _one_table(stage_moving, "equilibrium for", para, out, tf, "an equilibrium", num)
    rep_moving = [r for r in repeated if not r.constant]
    if rep_moving:
        para(f"Values of each parameter (others fixed) for which it is sustained in the repeated "
             f"game ({rep_moving[0].scheme}):")
        _one_table(rep_moving, "sustained for", para, out, tf, "sustained", num)
    fixed = [th.parameter for th in thresholds if not th.affected]
    if fixed:
        para(f"No effect on this target{' (stage or repeated game)' if repeated else ''}: "
             f"{', '.join(fixed)}.")


def _one_table(moving: Any, column: str, para: Any, out: list[str], tf: str, what: str,
               num: Numbers | None = None) -> None:
    num = num or Numbers()
    rows = []
    never: list[str] = []
    for th in moving:
        binding = "; ".join(
            f"{' and '.join(c.label() for c in b.conditions) or 'undefined'} "
            f"(at {b.at.text})" for b in th.binding)
        if th.whole_domain:
            where = f"its whole range {_bounds(*th.domain)}"
        elif th.intervals:
            where = th.set_text
        else:
            never.append(th.parameter)
            continue
        rows.append([th.parameter, num.text(where), num.text(binding) or "-",
                     "-" if th.holds_now is None else ("yes" if th.holds_now else "no")])
    if rows:
        out.append(render_table(["parameter", column, "binding deviation", "now"], rows, tf))
    if never:
        para(f"Not {what} for any value (within its range) of: {', '.join(never)}.")
