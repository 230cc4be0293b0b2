"""What changed between two versions of a spec: parameters, equilibria, thresholds, stable pacts.

:func:`diff_specs` reads two specs (paths, texts read with
:func:`treaty.spec.read_spec_text`, or :class:`~treaty.spec.Spec` objects), answers the same
questions of both at their default parameter values (or at the same overrides), and lists
every answer that differs as a :class:`Change`.  For a normal-form spec the questions are
those of :func:`treaty.analyze`: the Nash equilibria with their payoffs, whether each named
target is an equilibrium, the set of values of each parameter for which it is one (and, when
the spec repeats the game, is sustained), and the critical discount factors.  For a membership
spec: the stable coalitions, the five best potentially stable ones (stable with transfers,
Carraro, Eyckmans and Finus 2006) and their number, and whether the grand coalition is
stable.  The parameters' declarations (value, bounds, unit, doc) and the players and
strategies are compared as written.

:func:`spec_at_revision` reads a spec as it stood at a git revision (``git show REV:path``),
for ``treaty diff FILE --rev REV``.

Examples
--------
>>> from treaty.spec import read_spec_text
>>> old = read_spec_text("parameters: {g: 1}\\nplayers: {A: [x, y], B: [x, y]}\\n"
...                      "payoffs: {A: [[2, 0], [g, 1]], B: [[2, 0], [0, 1]]}\\n", file="old")
>>> new = read_spec_text("parameters: {g: 3}\\nplayers: {A: [x, y], B: [x, y]}\\n"
...                      "payoffs: {A: [[2, 0], [g, 1]], B: [[2, 0], [0, 1]]}\\n", file="new")
>>> d = diff_specs(old, new)
>>> [(c.section, c.item, c.old, c.new) for c in d.changes if c.section != "equilibria"]
[('parameters', 'g', '1', '3')]
>>> [c.item for c in d.changes if c.section == "equilibria"]    # g = 3: y dominates x for A
['A: 1/3 x + 2/3 y; B: 1/2 x + 1/2 y', 'A: x; B: x']
>>> [c.status for c in d.changes if c.section == "equilibria"]
['removed', 'removed']
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ._exact.numbers import format_number
from .errors import SpecError

__all__ = ["Change", "SpecDiff", "diff_specs", "spec_at_revision", "DIFF_SECTIONS"]

#: the sections of a diff, in the order they are listed
DIFF_SECTIONS = ("kind", "players", "parameters", "targets", "equilibria", "thresholds",
                 "repeated", "stable pacts", "pacts with transfers", "grand coalition")


@dataclass(frozen=True)
class Change:
    """One answer that differs between the old and the new spec.

    ``old`` is None when the item is new, ``new`` is None when it was removed; otherwise both
    are short texts (a parameter's declaration, an equilibrium's payoffs, a threshold's set).
    """

    section: str
    item: str
    old: str | None
    new: str | None

    @property
    def status(self) -> str:
        """``"added"``, ``"removed"`` or ``"changed"``."""
        return "added" if self.old is None else "removed" if self.new is None else "changed"

    def describe(self) -> str:
        if self.old is None:
            return f"{self.section}: {self.item} added ({self.new})"
        if self.new is None:
            return f"{self.section}: {self.item} removed (was {self.old})"
        return f"{self.section}: {self.item}: {self.old} -> {self.new}"

    def to_dict(self) -> dict[str, Any]:
        return {"section": self.section, "item": self.item, "status": self.status,
                "old": self.old, "new": self.new}


@dataclass(frozen=True)
class SpecDiff:
    """The changes between two versions of a spec (:func:`diff_specs`).

    Attributes
    ----------
    old, new : str
        Where each version came from (a file, or ``REV:file`` for a git revision).
    kind : str
        The new version's spec kind.
    changes : tuple of Change
        In the order of :data:`DIFF_SECTIONS`.
    parameters : dict
        The overrides both versions were evaluated at (empty: each at its defaults).
    notes : tuple of str
        What could not be compared (e.g. a parameter only one version declares).
    """

    old: str
    new: str
    kind: str
    changes: tuple[Change, ...]
    parameters: Mapping[str, Any]
    notes: tuple[str, ...] = ()

    @property
    def equal(self) -> bool:
        """True when no answer changed."""
        return not self.changes

    def section(self, name: str) -> tuple[Change, ...]:
        """The changes in section *name*."""
        return tuple(c for c in self.changes if c.section == name)

    def describe(self) -> str:
        if not self.changes:
            return f"{self.old} -> {self.new}: no change in parameters, equilibria, thresholds " \
                   "or stable pacts"
        counts: dict[str, int] = {}
        for c in self.changes:
            counts[c.section] = counts.get(c.section, 0) + 1
        parts = ", ".join(f"{n} in {s}" for s, n in counts.items())
        return f"{self.old} -> {self.new}: {len(self.changes)} change(s): {parts}"

    def to_dict(self) -> dict[str, Any]:
        from ._exact.numbers import number_to_json

        return {"old": self.old, "new": self.new, "kind": self.kind, "equal": self.equal,
                "parameters": {k: number_to_json(v) for k, v in self.parameters.items()},
                "changes": [c.to_dict() for c in self.changes], "notes": list(self.notes),
                "description": self.describe()}


# -- reading ---------------------------------------------------------------------------------

def _git(args: list[str], cwd: Path, file: str) -> str:
    try:
        res = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True,
                             timeout=60, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise SpecError(f"cannot run git ({exc})", file=file,
                        hint="--rev needs git; compare two files with 'treaty diff OLD NEW'") from None
    if res.returncode != 0:
        first = (res.stderr.strip().splitlines() or ["git failed"])[0]
        raise SpecError(first.removeprefix("fatal: "), file=file,
                        hint="--rev needs a git revision that holds the file, e.g. HEAD~1")
    return res.stdout


def spec_at_revision(path: str | os.PathLike[str], rev: str) -> Any:
    """The spec at *path* as it stood at git revision *rev* (read with ``git show``).

    Raises
    ------
    SpecError
        Outside a git repository, for an unknown revision, or when the file did not exist at
        that revision (one line, from git's own message); or for anything wrong in the old
        version of the spec, located as ``REV:path:line:column``.
    """
    from .spec.loader import read_spec_text

    file = str(path)
    p = Path(path)
    folder = p.parent if str(p.parent) else Path(".")
    if not folder.is_dir():
        raise SpecError("no such folder", file=file, hint="check the path")
    if rev.startswith("-"):
        raise SpecError(f"bad revision {rev!r}", file=file, hint="e.g. --rev HEAD~1")
    inside = _git(["rev-parse", "--is-inside-work-tree"], folder, file).strip()
    if inside != "true":
        raise SpecError("not in a git work tree", file=file,
                        hint="--rev reads the file from git; compare two files with "
                             "'treaty diff OLD NEW'")
    text = _git(["show", f"{rev}:./{p.name}"], folder, file)
    fmt = "nfg" if file.lower().endswith(".nfg") else None
    return read_spec_text(text, file=f"{rev}:{file}", format=fmt)


def _as_spec(source: Any) -> Any:
    from .spec.loader import read_spec
    from .spec.parametric import Spec

    return source if isinstance(source, Spec) else read_spec(source)


# -- comparing -------------------------------------------------------------------------------

def _num(v: Any) -> str:
    return "-" if v is None else format_number(v)


def _declaration(p: Any, value: Any) -> str:
    text = p.default.text
    out = text if _is_number_text(text) else f"{text} = {_num(value)}"
    if p.minimum is not None or p.maximum is not None:
        lo = "(-inf" if p.minimum is None else "[" + format_number(p.minimum)
        hi = "inf)" if p.maximum is None else format_number(p.maximum) + "]"
        out += f" in {lo}, {hi}"
    if p.unit:
        out += f" {p.unit}"
    return out


def _is_number_text(text: str) -> bool:
    from .spec._nodes import parse_number

    try:
        return parse_number(text.strip()) is not None
    except SpecError:
        return False


def _compare(section: str, old: Mapping[str, str], new: Mapping[str, str]) -> list[Change]:
    out = []
    for key in [*old, *(k for k in new if k not in old)]:
        a, b = old.get(key), new.get(key)
        if a != b:
            out.append(Change(section, key, a, b))
    return out


def _parameter_rows(spec: Any, env: Mapping[str, Any]) -> tuple[dict[str, str], dict[str, str]]:
    decl = {p.name: _declaration(p, env.get(p.name)) for p in spec.parameters.params}
    docs = {f"{p.name} (doc)": p.doc for p in spec.parameters.params if p.doc}
    return decl, docs


def _normal_form_rows(spec: Any, params: Mapping[str, Any]) -> dict[str, dict[str, str]]:
    from .mechanics.analysis import analyze

    rep = analyze(spec, params or None)
    game = rep.game
    eq_rows = {}
    for eq in rep.equilibria:
        eq_rows[eq.describe()] = "payoffs " + ", ".join(format_number(v) for v in eq.payoffs)
    targets: dict[str, str] = {}
    thresholds: dict[str, str] = {}
    repeated: dict[str, str] = {}
    for t in rep.targets:
        targets[t.name] = ", ".join(t.profile) + (": an equilibrium" if t.is_equilibrium
                                                   else ": not an equilibrium")
        for th in t.thresholds:
            thresholds[f"{t.name} over {th.parameter}"] = th.set_text
            if th.repeated is not None:
                thresholds[f"{t.name} over {th.parameter} (repeated)"] = th.repeated.set_text
        for s in t.sustainability:
            dets = ", ".join(sorted({format_number(c.detection) for c in s.conditions}))
            key = f"{t.name}: critical discount ({s.scheme}, detection {dets})"
            repeated[key] = "none below 1" if s.critical_discount is None else \
                format_number(s.critical_discount)
    players = {p: ", ".join(s) for p, s in zip(game.players, game.strategies, strict=True)}
    return {"players": players, "targets": targets, "equilibria": eq_rows,
            "thresholds": thresholds, "repeated": repeated}


def _membership_rows(spec: Any, params: Mapping[str, Any]) -> dict[str, dict[str, str]]:
    game = spec.instantiate(params or None)
    res = game.stability(progress=False, certify_limit=max(2 ** min(game.n, 16), 1))
    stable = {"{" + ", ".join(c.members) + "}": "stable, total payoff " + format_number(c.total)
              for c in res.stable}
    if res.n_stable > len(res.stable):
        stable["(more)"] = f"{res.n_stable} stable coalitions in all"
    grand = res.grand
    text = "stable" if grand.internally_stable else (
        "not stable; transfers can hold it" if grand.potentially_stable else
        "not stable, and no transfers can hold it")
    top = 5  # the best potentially stable pacts by total payoff; their count beside
    potential = {"{" + ", ".join(c.members) + "}": "stable with transfers, total payoff "
                 + format_number(c.total) for c in res.potentially_stable[:top]}
    n_potential = res.counts.get("potentially_stable", len(res.potentially_stable))
    if n_potential > top:
        potential["(more)"] = f"{n_potential} potentially stable coalitions in all"
    return {"players": {"countries": ", ".join(game.players)}, "stable pacts": stable,
            "pacts with transfers": potential, "grand coalition": {"grand coalition": text}}


def diff_specs(old: Any, new: Any, params: Mapping[str, Any] | None = None, *,
               old_label: str | None = None, new_label: str | None = None) -> SpecDiff:
    """Compare two versions of a spec: what changed in its answers.

    Parameters
    ----------
    old, new : str, PathLike or Spec
        The two versions (files, or specs read with :func:`treaty.read_spec`,
        :func:`treaty.read_spec_text` or :func:`spec_at_revision`).
    params : mapping, optional
        Parameter overrides applied to both versions (each must declare them); by default each
        version is evaluated at its own defaults, which is what a changed default changes.
    old_label, new_label : str, optional
        How to name the versions (default: their files).

    Returns
    -------
    SpecDiff
        Every change in the parameters' declarations, the players and strategies, the
        equilibria (a profile found in only one version, or its payoffs changed), the targets,
        the thresholds (the set of values of each parameter for which each target is an
        equilibrium, compared as exact interval texts), the critical discount factors, and,
        for membership specs, the stable coalitions and the grand coalition's stability.

    Notes
    -----
    The equilibria and thresholds are those of :func:`treaty.analyze`: exact vertex
    enumeration for two players and exact rational interpolation of the deviation conditions
    (see docs/treaty-mechanics.md), so a change is reported only when an answer really moved.
    """
    a, b = _as_spec(old), _as_spec(new)
    params = dict(params or {})
    la, lb = old_label or a.file, new_label or b.file
    if a.kind != b.kind:
        return SpecDiff(la, lb, b.kind, (Change("kind", "kind", a.kind, b.kind),), params,
                        ("the kinds differ, so their answers are not compared",))
    env_a, env_b = a.resolve(params), b.resolve(params)
    decl_a, docs_a = _parameter_rows(a, env_a)
    decl_b, docs_b = _parameter_rows(b, env_b)
    rows = _membership_rows if a.kind == "membership" else _normal_form_rows
    ra, rb = rows(a, params), rows(b, params)
    ra["parameters"], rb["parameters"] = {**decl_a, **docs_a}, {**decl_b, **docs_b}
    changes: list[Change] = []
    for section in DIFF_SECTIONS:
        changes += _compare(section, ra.get(section, {}), rb.get(section, {}))
    notes = []
    only = sorted(set(decl_a) ^ set(decl_b))
    if only:
        notes.append("parameters declared in one version only have thresholds in that "
                     f"version only: {', '.join(only)}")
    return SpecDiff(la, lb, b.kind, tuple(changes), params, tuple(notes))
