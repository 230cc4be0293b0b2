"""Rendering of a :class:`~treaty.coalitions.CoalitionReport` (``treaty coalitions``)."""

from __future__ import annotations

from typing import Any

from .._exact.numbers import format_number
from ._json import render_json
from ._table import render_table

__all__ = ["render_coalitions", "COALITIONS_FORMATS"]

COALITIONS_FORMATS = ("table", "json", "markdown", "csv")


def _yes(flag: bool) -> str:
    return "yes" if flag else "no"


def render_coalitions(report: Any, fmt: str = "table") -> str:
    """Render a coalition report: the ranked stable coalitions (``"csv"``: only these, one row
    each), the grand coalition with its transfers, the TU solutions and the largest
    consistent set when present; or the JSON envelope."""
    if fmt == "json":
        return render_json(report, command="coalitions", game=report.game)
    game, result, tu, farsighted = report.game, report.stability, report.tu, report.farsighted
    listed = report.listed
    headers = ["rank", "members", "size", "total payoff", "profitable", "PIS", "surplus"]
    rows = [[k + 1, " ".join(c.members), c.size, format_number(c.total), _yes(c.profitable),
             _yes(c.potentially_internal), format_number(c.surplus)]
            for k, c in enumerate(listed)]
    if fmt == "csv":
        return render_table(headers, rows, "csv")
    md = fmt == "markdown"
    out = []
    title = game.title or "membership game"
    out.append(f"# {title}\n" if md else f"{title}\n")
    out.append(f"{game.n} countries, model: {result.model}; {result.describe()}.\n")
    exact = "exact arithmetic" if result.exact else f"floats, relative tolerance {result.tolerance}"
    counts = ", ".join(f"{k} {v:,}" for k, v in result.counts.items())
    out.append(f"Ties decided in {exact}; coalitions of size >= {result.min_size}: {counts}.\n")
    out.append("\n## Stable coalitions\n\n" if md else "\nStable coalitions "
               f"(top {len(listed)} of {result.n_stable}, by total payoff):\n")
    out.append(render_table(headers, rows, fmt) if rows else "none\n")
    g = result.grand
    out.append("\n## Grand coalition\n\n" if md else "\nGrand coalition: ")
    if g.internally_stable:
        out.append("stable without transfers.\n")
    elif g.potentially_stable:
        out.append(f"not stable; transfers of {format_number(g.total_transfer)} in total "
                   "would hold it together (surplus "
                   f"{format_number(g.surplus)}).\n")
    else:
        out.append(f"not stable, and no transfers can hold it: members' total payoff falls "
                   f"short of their outside options by {format_number(-g.surplus)}.\n")
    grows = [[p, format_number(a), format_number(o), format_number(d),
              "" if g.transfers is None else format_number(t)]
             for p, a, o, d, t in zip(g.players, g.payoffs, g.outside, g.deficits,
                                      g.transfers or [None] * len(g.players))]
    out.append(render_table(["country", "payoff", "outside option", "deficit", "transfer"],
                            grows, fmt))
    if tu is not None:
        out.append("\n## Transferable utility\n\n" if md else "\nTransferable utility (v(S) = "
                   "joint payoff of S when outsiders best-respond):\n")
        rows_tu = tu.rows()
        out.append(render_table(list(rows_tu[0]), [list(r.values()) for r in rows_tu], fmt))
        if tu.least_core is not None:
            lc = tu.least_core
            out.append(f"Core {'non-empty' if lc.core_nonempty else 'empty'} (least-core "
                       f"epsilon {format_number(lc.epsilon)}).\n")
    if farsighted is not None:
        out.append("\n## Farsighted stability\n\n" if md else "\nLargest consistent set "
                   "(Chwe 1994):\n")
        out.append("".join(f"- {' '.join(c) or '(no agreement)'}\n"
                           for c in farsighted.coalitions) or "empty\n")
    return "".join(out)
