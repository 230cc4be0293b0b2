"""Gambit's strategic-form file format (``.nfg``), version 1, both flavours.

Reference: Gambit documentation, "Game representation formats" (strategic games).  A file
starts ``NFG 1 R "title" { "Player 1" "Player 2" }`` followed by the strategies, either as
counts ``{ 3 2 }`` or as labels ``{ { "a" "b" } { "x" "y" } }``, and an optional comment
string.  Then either

* the *payoff* version: ``N`` payoffs per pure profile, or
* the *outcome* version: a list of outcomes ``{ "name" u1, u2, ... }`` followed by one
  outcome number per profile (``0`` means every payoff is zero).

Profiles are listed with player 1's strategy changing fastest.  Numbers are integers,
decimals or ``a/b`` and are read exactly.

Labels are read as Gambit reads them (``NormalizeLabels`` in Gambit's ``src/games/file.cc``,
version 16.7): an empty label, and every copy of a repeated one, gets the suffix ``_k``
(``k = 1, 2, ...``, skipping labels already present), so ``{ "" "" }`` reads as players
``_1``, ``_2`` and ``{ "defect" "defect" }`` as ``defect_1``, ``defect_2``; the game then
has the distinct labels it needs.  Files are written with these labels, as Gambit writes them.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from ..errors import SpecError
from ..game import Game, GameInfo
from ._nodes import Loc, parse_number

__all__ = ["read_nfg", "write_nfg", "normalize_labels"]


def normalize_labels(labels: list[str]) -> list[str]:
    """Distinct, non-empty labels, made as Gambit makes them on reading a file.

    A label that is empty or occurs more than once becomes ``label_k`` with ``k`` the next
    index (per original label) whose result is not already a label; unique non-empty labels
    are kept (Gambit 16.7, ``src/games/file.cc``, ``NormalizeLabels``).

    >>> normalize_labels(["", ""])
    ['_1', '_2']
    >>> normalize_labels(["cooperate", "defect", "defect"])
    ['cooperate', 'defect_1', 'defect_2']
    >>> normalize_labels(["x", "x", "x_1"])
    ['x_2', 'x_3', 'x_1']
    """
    counts: dict[str, int] = {}
    for lab in labels:
        counts[lab] = counts.get(lab, 0) + 1
    used = set(labels)
    visited: dict[str, int] = {}
    out = []
    for lab in labels:
        if counts[lab] == 1 and lab != "":
            out.append(lab)
            continue
        while True:
            visited[lab] = visited.get(lab, 0) + 1
            candidate = f"{lab}_{visited[lab]}"
            if candidate not in used:
                break
        used.add(candidate)
        out.append(candidate)
    return out


@dataclass(frozen=True)
class _Tok:
    kind: str  # "{", "}", "str", "num", "word", ","
    text: str
    loc: Loc


def _tokenize(text: str, file: str) -> list[_Tok]:
    toks: list[_Tok] = []
    i, line, col = 0, 1, 1
    n = len(text)
    while i < n:
        c = text[i]
        if c == "\n":
            i += 1
            line += 1
            col = 1
            continue
        if c.isspace():
            i += 1
            col += 1
            continue
        loc = Loc(file, line, col)
        if c in "{},":
            toks.append(_Tok(c, c, loc))
            i += 1
            col += 1
            continue
        if c == '"':
            j = i + 1
            buf = []
            while j < n and text[j] != '"':
                if text[j] == "\\" and j + 1 < n:
                    buf.append(text[j + 1])
                    j += 2
                    continue
                if text[j] == "\n":
                    line += 1
                buf.append(text[j])
                j += 1
            if j >= n:
                raise loc.error("unterminated string", 'close it with "')
            toks.append(_Tok("str", "".join(buf), loc))
            col += j + 1 - i
            i = j + 1
            continue
        j = i
        while j < n and not text[j].isspace() and text[j] not in '{},"':
            j += 1
        word = text[i:j]
        toks.append(_Tok("num" if parse_number(word, loc) is not None else "word", word, loc))
        col += j - i
        i = j
    return toks


class _Reader:
    def __init__(self, toks: list[_Tok], file: str) -> None:
        self.toks = toks
        self.k = 0
        self.file = file

    def peek(self) -> _Tok | None:
        return self.toks[self.k] if self.k < len(self.toks) else None

    def next(self, what: str) -> _Tok:
        t = self.peek()
        if t is None:
            raise SpecError(f"unexpected end of file, expected {what}", file=self.file,
                            hint="the file is truncated")
        self.k += 1
        return t

    def expect(self, kind: str, what: str) -> _Tok:
        t = self.next(what)
        if t.kind != kind:
            raise t.loc.error(f"expected {what}, found {t.text!r}")
        return t

    def payoffs(self, closing: str) -> tuple[list[Fraction], _Tok]:
        """Numbers (commas allowed between them) up to a ``}``: the payoffs of an outcome, and
        the closing token (for an error about their count)."""
        vals: list[Fraction] = []
        while (u := self.peek()) is not None and u.kind != "}":
            if u.kind == ",":
                self.next(",")
                continue
            vals.append(self.number("a payoff"))
        return vals, self.expect("}", closing)

    def number(self, what: str) -> Fraction:
        t = self.next(what)
        if t.kind != "num":
            raise t.loc.error(f"expected {what} (a number), found {t.text!r}",
                              "numbers are integers, decimals or a/b")
        v = parse_number(t.text)
        assert v is not None
        return v



def read_header(r: _Reader, magic: str, version: str) -> tuple[str, list[str], _Tok]:
    """Gambit's common header: ``MAGIC VERSION R|D "title" { "player" ... }``.

    Returns the title, the player names as written and the closing ``}`` token (for the
    location of an error about the players).
    """
    head = r.next(f"'{magic}'")
    if head.text != magic:
        raise head.loc.error(f"not an .{magic.lower()} file: it must start with '{magic} {version} R'")
    ver = r.next("the version")
    if ver.text != version:
        raise ver.loc.error(f"unsupported .{magic.lower()} version {ver.text!r}",
                            f"only version {version} is read")
    rd = r.next("'R' or 'D'")
    if rd.text not in ("R", "D"):
        raise rd.loc.error(f"expected 'R' or 'D', found {rd.text!r}")
    title = r.expect("str", "the title in double quotes").text
    r.expect("{", "'{' before the player names")
    players: list[str] = []
    while (t := r.next("a player name or '}'")).kind != "}":
        if t.kind != "str":
            raise t.loc.error(f"expected a player name in double quotes, found {t.text!r}")
        players.append(t.text)
    return title, players, t

def read_nfg(text: str, file: str = "<string>") -> Game:
    """Read a Gambit ``.nfg`` game (payoff or outcome version) into an exact :class:`Game`.

    Examples
    --------
    >>> g = read_nfg('NFG 1 R "PD" { "A" "B" } { 2 2 }\\n9 9 10 0 0 10 1 1')
    >>> g.payoff((1, 0))   # A plays 2, B plays 1: player 1's strategy changes fastest
    (Fraction(10, 1), Fraction(0, 1))
    """
    r = _Reader(_tokenize(text, file), file)
    title, players, t = read_header(r, "NFG", "1")
    if len(players) < 2:
        raise t.loc.error(f"a game needs at least 2 players, found {len(players)}")
    players = normalize_labels(players)
    open_tok = r.expect("{", "'{' before the strategies")
    strategies: list[list[str]] = []
    nxt = r.peek()
    if nxt is not None and nxt.kind == "{":
        for p in players:
            r.expect("{", f"'{{' before the strategies of {p}")
            labels = []
            while (t := r.next(f"a strategy of {p} or '}}'")).kind != "}":
                if t.kind != "str":
                    raise t.loc.error(f"expected a strategy name in double quotes, found {t.text!r}")
                labels.append(t.text)
            if not labels:
                raise t.loc.error(f"player {p} has no strategies")
            strategies.append(normalize_labels(labels))
        r.expect("}", "'}' after the strategies")
    else:
        for p in players:
            t = r.next(f"the number of strategies of {p}")
            v = parse_number(t.text) if t.kind == "num" else None
            if v is None or v.denominator != 1 or v < 1:
                raise t.loc.error(f"expected a positive strategy count for {p}, found {t.text!r}")
            strategies.append([str(k + 1) for k in range(int(v))])
        r.expect("}", "'}' after the strategy counts")
    if len(strategies) != len(players):  # pragma: no cover - guarded above
        raise open_tok.loc.error("strategy lists do not match the players")
    shape = tuple(len(s) for s in strategies)
    n_prof = int(np.prod(shape, dtype=object))
    if n_prof > 5_000_000:
        raise open_tok.loc.error(f"the game has {n_prof:,} profiles, too many to read")
    comment = ""
    nxt = r.peek()
    if nxt is not None and nxt.kind == "str":
        comment = r.next("comment").text
    n = len(players)
    payoffs = np.empty((n, *shape), dtype=object)
    # profiles in the file's order: player 1 fastest = numpy Fortran order
    order = [tuple(int(k) for k in idx) for idx in zip(*np.unravel_index(np.arange(n_prof), shape,
                                                                           order="F"))]
    nxt = r.peek()
    if nxt is not None and nxt.kind == "{":
        outcomes: list[list[Fraction]] = []
        r.next("{")
        while (t := r.next("an outcome or '}'")).kind != "}":
            if t.kind != "{":
                raise t.loc.error(f"expected an outcome {{ \"name\" payoffs }}, found {t.text!r}")
            r.expect("str", "the outcome's name in double quotes")
            vals, close = r.payoffs("'}' closing the outcome")
            if len(vals) != n:
                raise close.loc.error(f"an outcome needs {n} payoffs, found {len(vals)}")
            outcomes.append(vals)
        for idx in order:
            t = r.next(f"the outcome number of profile {idx}")
            v = parse_number(t.text) if t.kind == "num" else None
            if v is None or v.denominator != 1 or not 0 <= v <= len(outcomes):
                raise t.loc.error(f"expected an outcome number 0..{len(outcomes)}, found {t.text!r}")
            vals = outcomes[int(v) - 1] if v > 0 else [Fraction(0)] * n
            for i in range(n):
                payoffs[(i, *idx)] = vals[i]
    else:
        for idx in order:
            for i in range(n):
                payoffs[(i, *idx)] = r.number(f"payoff of player {i + 1}")
    extra = r.peek()
    if extra is not None:
        raise extra.loc.error(f"unexpected {extra.text!r} after the last profile",
                              f"the game has {n_prof} profiles")
    info = GameInfo(description=comment, file=file)
    return Game(payoffs, players=players, strategies=strategies, title=title, info=info)


def _q(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _num(v: object) -> str:
    if isinstance(v, Fraction):
        return str(v.numerator) if v.denominator == 1 else f"{v.numerator}/{v.denominator}"
    return repr(float(v))  # type: ignore[arg-type]


def write_nfg(game: Game) -> str:
    """Write a game in Gambit's ``.nfg`` payoff version (player 1's strategy fastest).

    >>> g = Game.from_arrays([[1, 2]], [[3, 4]], strategies=[["a"], ["x", "y"]], title="t")
    >>> print(write_nfg(g), end="")
    NFG 1 R "t" { "Player 1" "Player 2" }
    { { "a" } { "x" "y" } }
    ""
    <BLANKLINE>
    1 3 2 4
    """
    pay = game.payoffs
    lines = [f"NFG 1 R {_q(game.title)} {{ {' '.join(_q(p) for p in game.players)} }}"]
    lines.append("{ " + " ".join("{ " + " ".join(_q(s) for s in strats) + " }"
                                 for strats in game.strategies) + " }")
    lines.append(_q((game.info.description or "").strip()))
    lines.append("")
    shape = game.shape
    n_prof = game.n_profiles
    vals: list[str] = []
    for idx in zip(*np.unravel_index(np.arange(n_prof), shape, order="F")):
        vals.extend(_num(pay[(i, *idx)]) for i in range(game.n_players))
    lines.append(" ".join(vals))
    return "\n".join(lines) + "\n"
