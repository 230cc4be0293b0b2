"""Renderers: results to table, JSON, CSV and Markdown text.

Every renderer takes a result object with a ``to_dict()`` (or a plain list of rows) and
returns a string; nothing here computes game theory.
"""

from __future__ import annotations

from ._render import FORMATS, render_equilibria, render_table, to_json

__all__ = ["FORMATS", "render_equilibria", "render_table", "to_json"]
