"""Rows to an aligned text table, CSV or a Markdown table; JSON text."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from typing import Any

__all__ = ["render_table", "to_json", "TABLE_FORMATS"]

#: formats a table can be rendered in
TABLE_FORMATS = ("table", "csv", "markdown")


def to_json(data: Any) -> str:
    """Pretty JSON with a trailing newline."""
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def render_table(headers: Sequence[str], rows: Sequence[Sequence[Any]], fmt: str = "table") -> str:
    """Render rows as an aligned text table (``"table"``), ``"csv"`` or ``"markdown"``.

    >>> print(render_table(["a", "bb"], [[1, "x|y"]], "markdown"), end="")
    | a | bb |
    |---|---|
    | 1 | x\\|y |
    >>> print(render_table(["a", "bb"], [[1, 2], [333, 4]]), end="")
    a    bb
    ---  --
    1    2
    333  4
    """
    cells = [[str(c) for c in row] for row in rows]
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(headers)
        w.writerows(cells)
        return buf.getvalue()
    if fmt == "markdown":
        def esc(s: str) -> str:
            return s.replace("|", "\\|")

        out = ["| " + " | ".join(esc(h) for h in headers) + " |",
               "|" + "|".join("---" for _ in headers) + "|"]
        out += ["| " + " | ".join(esc(c) for c in row) + " |" for row in cells]
        return "\n".join(out) + "\n"
    widths = [len(h) for h in headers]
    for row in cells:
        widths = [max(w, len(c)) for w, c in zip(widths, row)]
    line = "  ".join(h.ljust(w) for h, w in zip(headers, widths)).rstrip()
    sep = "  ".join("-" * w for w in widths)
    body = ["  ".join(c.ljust(w) for c, w in zip(row, widths)).rstrip() for row in cells]
    return "\n".join([line, sep, *body]) + "\n"
