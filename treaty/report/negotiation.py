"""Rendering of a :class:`~treaty.negotiation.Negotiation` (``treaty negotiate``)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

from ..errors import GameError
from ._json import render_json
from ._text import Document, Numbers

__all__ = ["render_negotiation", "NEGOTIATION_FORMATS"]

NEGOTIATION_FORMATS = ("table", "text", "json", "markdown")

_SOLUTION_NAMES = {"nash": "Nash bargaining solution", "ks": "Kalai-Smorodinsky solution",
                   "egalitarian": "egalitarian solution", "utilitarian": "utilitarian solution",
                   "rubinstein": "Rubinstein agreement"}


def _distribution_rows(dist: Mapping[tuple[str, ...], Any], num: Numbers) -> list[list[str]]:
    return [[*p, num(q)] for p, q in dist.items()]


def render_negotiation(neg: Any, fmt: str = "table", decimals: int | None = None) -> str:
    """Render a :class:`~treaty.negotiation.Negotiation` as ``"table"`` (or ``"text"``: plain
    text), ``"markdown"`` or ``"json"`` (the envelope of docs/output-format.md, command
    ``negotiate``).

    Text and Markdown give, in order: the disagreement point; the bargaining solution over the
    cooperative set and over the self-enforcing (correlated-equilibrium) set side by side,
    with each player's payoff, gain and share of the total gain; the distribution over
    profiles implementing each agreement; what a mediator adds, with its recommendation
    distribution; the equilibrium selection; the zone of agreement over the negotiable terms.
    Exact numbers are fractions with *decimals* decimals beside them (default 3)."""
    if fmt == "json":
        return render_json(neg, command="negotiate", game=neg.game, parameters=neg.parameters)
    if fmt not in NEGOTIATION_FORMATS:
        raise GameError(f"unknown format {fmt!r} for a negotiation (expected one of "
                        f"{', '.join(NEGOTIATION_FORMATS)})")
    doc = Document(fmt == "markdown", decimals)
    num, heading, para, bullets, table = doc.num, doc.heading, doc.para, doc.bullets, doc.table
    players = list(neg.players)
    name = neg.title or (os.path.basename(neg.file) if neg.file else "game")
    heading(f"Negotiation: {name}", 1)
    if not doc.markdown:
        doc.lines.append("")
    if neg.settings is not None:
        para("The spec's negotiation section: " + neg.settings.describe())
    para(neg.describe())

    heading("Disagreement point")
    dis = neg.disagreement
    para(dis.describe())

    sol = _SOLUTION_NAMES[neg.solution]
    heading(f"Agreement: {sol}")
    parts = [("cooperative", neg.cooperative), ("self-enforcing", neg.enforceable)]
    headers = ["player", "disagreement"]
    for label, b in parts:
        star = " *" if (label == "self-enforcing") == neg.self_enforcing else ""
        if b is not None:
            headers += [f"{label}{star}", "gain", "share"]
    rows = []
    for i, p in enumerate(players):
        row = [p, num(dis.values[i])]
        for _, b in parts:
            if b is not None:
                row += [num(b.payoffs[i]), num(b.gains[i]),
                        "-" if b.shares is None else num(b.shares[i])]
        rows.append(row)
    table(headers, rows)
    if neg.cooperative is not None or neg.enforceable is not None:
        para("The column marked * is the headline agreement (--self-enforcing picks the "
             "correlated-equilibrium one). Cooperative: any lottery over profiles, kept by outside "
             "enforcement; self-enforcing: a correlated equilibrium, which no party gains by "
             "disobeying when told its part. Gain: payoff minus the disagreement payoff; share: "
             "the gain over the total gain.")
    for label, b in parts:
        if b is None:
            continue
        heading(f"Distribution by profile ({label})", 3)
        table([*[f"{p}" for p in players], "probability"],
              _distribution_rows(b.agreement.distribution, num))
        extra = []
        if b.solution == "rubinstein":
            extra.append(f"first proposer {b.proposer}; discount factors "
                         + ", ".join(f"{p} {num(v)}" for p, v in zip(players, b.discount or ())))
            if b.outside_options and any(o is not None for o in b.outside_options):
                extra.append("outside options " + ", ".join(
                    f"{p} {num(v)}" for p, v in zip(players, b.outside_options)))
            if b.counter_offer is not None:
                extra.append("the other player's proposal: " + ", ".join(
                    f"{p} {num(v)}" for p, v in zip(players, b.counter_offer.payoffs)))
            if b.limit is not None:
                extra.append("limit as the discount factors tend to 1: " + ", ".join(
                    f"{p} {num(v)}" for p, v in zip(players, b.limit)))
        if b.powers is not None and len(set(b.powers)) > 1:
            extra.append("bargaining powers " + ", ".join(
                f"{p} {num(v)}" for p, v in zip(players, b.powers)))
        extra.append(("exact" if b.exact else "float") + (f": {b.note}" if b.note else ""))
        bullets(extra)
    missing = [n for n in neg.notes if n.startswith(("cooperative set", "self-enforcing"))]
    if missing:
        bullets(missing)

    heading("What a mediator adds")
    med = neg.mediation
    para(med.describe())
    heading("Recommendation distribution of the best correlated equilibrium", 3)
    table([*players, "probability"], _distribution_rows(med.correlated.distribution, num))

    heading("Which equilibrium")
    sel = neg.selection
    if sel is None:
        para("No equilibrium was found to select from.")
    else:
        para(sel.describe())
        items = [f"payoff dominance: {sel.payoff_dominant.equilibrium.describe()} "
                 f"({sel.payoff_dominant.reason})",
                 f"risk dominance: {sel.risk_dominant.equilibrium.describe()} "
                 f"({sel.risk_dominant.reason})"]
        items += [c.describe() for c in sel.comparisons]
        if sel.note:
            items.append(sel.note)
        bullets(items)

    if neg.zone is not None:
        heading("Zone of agreement")
        para(neg.zone.describe())
    other = [n for n in neg.notes if n not in missing]
    if other:
        heading("Notes")
        bullets(other)
    return doc.render()
