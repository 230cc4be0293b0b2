"""Text helpers of the renderers: the glossary of terms, legends under tables, wrapping, numbers.

Every term a table uses (a column such as ``regret`` or ``PIS``, a value such as the least-core
epsilon) has one short definition here, :data:`GLOSSARY`; a table that uses terms is followed by
a legend built from it (:func:`legend`), and docs/glossary.md defines the same terms at length
(a test checks that every term here is there).
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable
from typing import Any

from .._exact.numbers import DEFAULT_DECIMALS, annotate_fractions, format_decimal, format_readable

__all__ = ["GLOSSARY", "WIDTH", "legend", "wrap", "Numbers"]

#: the width text paragraphs are wrapped to (tables are not wrapped)
WIDTH = 88

#: term -> one-line definition, for the legends under tables (docs/glossary.md has the long form)
GLOSSARY: dict[str, str] = {
    "regret": "the most any one player gains by switching strategy alone; exactly 0 certifies "
              "a Nash equilibrium (for float games, 0 within the stated tolerance)",
    "component": "connected component of the set of equilibria: extreme equilibria joined by a "
                 "continuum of equilibria share its number",
    "total payoff": "the sum of every country's payoff (members and outsiders) when the "
                    "coalition forms",
    "profitable": "every member is at least as well off as with no agreement",
    "PIS": "potentially internally stable: the members' total payoff covers the sum of their "
           "outside options, so transfers among them can keep every member in",
    "surplus": "the members' total payoff minus the sum of their outside options (PIS when "
               ">= 0)",
    "outside option": "a member's payoff if it alone leaves and the others stay, pi_i(S - i)",
    "deficit": "how far a member's outside option exceeds its payoff in the coalition (0 when "
               "it gains by staying)",
    "transfer": "what a member receives (+) or pays (-) in the cheapest transfers that hold "
                "the coalition together",
    "v(S)": "the joint payoff of the members of S when S forms and every outsider "
            "best-responds",
    "shapley": "Shapley value: a country's marginal contribution v(S + i) - v(S), averaged "
               "over the orders in which the coalition can form",
    "banzhaf": "Banzhaf value: a country's marginal contribution averaged over all coalitions "
               "it can join, each counted once",
    "nucleolus": "the allocation of v(N) that makes the largest complaint v(S) - x(S) of any "
                 "coalition as small as possible, then the next largest, and so on",
    "least_core": "a point of the least core: an allocation of v(N) in which no coalition's "
                  "complaint v(S) - x(S) exceeds the least-core epsilon",
    "least-core epsilon": "the smallest eps such that some allocation of v(N) gives every "
                          "coalition at least v(S) - eps; the core is non-empty iff eps <= 0",
    "myerson": "Myerson value: the Shapley value when only coalitions connected in the "
               "spec's network can cooperate",
    "binding deviation": "the deviation whose payoff difference is zero at an end of the "
                         "interval, and turns negative past it",
    "now": "whether the target is an equilibrium at the parameter's current value",
    "minmax value": "the lowest payoff the other players can hold a player to, whatever it "
                    "does (mixed punishments allowed)",
    "pure minmax": "the same with the punishers restricted to pure strategies",
}


def wrap(text: str, width: int = WIDTH, indent: str = "", first: str | None = None) -> str:
    """*text* (its white space collapsed) wrapped to *width* columns; long words stay whole.

    >>> print(wrap("a " * 30, 20))
    a a a a a a a a a a
    a a a a a a a a a a
    a a a a a a a a a a
    """
    return textwrap.fill(" ".join(text.split()), width=width,
                         initial_indent=indent if first is None else first,
                         subsequent_indent=indent, break_long_words=False,
                         break_on_hyphens=False)


def legend(terms: Iterable[str], markdown: bool = False, width: int = WIDTH) -> str:
    """A short legend defining *terms* (keys of :data:`GLOSSARY`), one wrapped line each.

    >>> print(legend(["regret"], width=60))
    regret: the most any one player gains by switching strategy
      alone; exactly 0 certifies a Nash equilibrium (for float
      games, 0 within the stated tolerance)
    """
    lines = []
    for term in dict.fromkeys(terms):
        if markdown:
            lines.append(f"* *{term}*: {GLOSSARY[term]}")
        else:
            lines.append(textwrap.fill(f"{term}: {GLOSSARY[term]}", width=width,
                                       subsequent_indent="  ", break_long_words=False,
                                       break_on_hyphens=False))
    return "\n".join(lines) + "\n" if lines else ""


class Numbers:
    """The number style of one rendering: how many decimals beside exact values and floats.

    >>> from fractions import Fraction
    >>> n = Numbers(2)
    >>> n(Fraction(31, 90)), n.decimal(Fraction(31, 90)), n.text("p = 31/90")
    ('31/90 (0.34)', '0.34', 'p = 31/90 (0.34)')
    """

    def __init__(self, decimals: int | None = DEFAULT_DECIMALS) -> None:
        self.decimals = DEFAULT_DECIMALS if decimals is None else decimals

    def __call__(self, value: Any) -> str:
        """An exact value as ``a/b (decimal)``, a float as a decimal; ``-`` for None."""
        return "-" if value is None else format_readable(value, self.decimals)

    def decimal(self, value: Any) -> str:
        """Only the decimal (for a table of values that are not all exact)."""
        if value is None:
            return "-"
        return format_decimal(value, self.decimals) if self.decimals else format_readable(value, 0)

    def text(self, sentence: str) -> str:
        """A sentence with the decimal beside each of its fractions."""
        return annotate_fractions(sentence, self.decimals)


class Document:
    """A long text or Markdown report built section by section (``analyze``, ``negotiate``).

    Headings are underlined in text (``=`` for level 1, ``-`` below) and ``#``-prefixed in
    Markdown; paragraphs and bullets are wrapped with the decimals of *decimals* beside their
    fractions; tables go through :func:`treaty.report._table.render_table`.

    >>> doc = Document(markdown=False, decimals=2)
    >>> doc.heading("Zone")
    >>> doc.para("p from 31/90")
    >>> print(doc.render())
    Zone
    ----
    p from 31/90 (0.34)
    """

    def __init__(self, markdown: bool, decimals: int | None = DEFAULT_DECIMALS) -> None:
        self.markdown = markdown
        self.num = Numbers(decimals)
        self.lines: list[str] = []

    def heading(self, text: str, level: int = 2) -> None:
        """A heading (level 1: the title)."""
        if self.markdown:
            self.lines.append(f"{'#' * level} {text}\n")
        else:
            self.lines.append(text)
            self.lines.append(("=" if level == 1 else "-") * len(text))

    def para(self, text: str) -> None:
        """A wrapped paragraph."""
        self.lines.append(wrap(self.num.text(text)))
        self.lines.append("")

    def bullets(self, items: Iterable[str]) -> None:
        """A bulleted list, each item wrapped."""
        for it in items:
            self.lines.append(wrap(self.num.text(it), indent="  ", first="- "))
        self.lines.append("")

    def table(self, headers: list[str], rows: list[list[Any]]) -> None:
        """A table (plain text or Markdown)."""
        from ._table import render_table

        self.lines.append(render_table(headers, rows, "markdown" if self.markdown else "table")
                          .rstrip("\n"))
        self.lines.append("")

    def render(self) -> str:
        """The document, ending with one newline."""
        return "\n".join(self.lines).rstrip("\n") + "\n"
