"""Lint warnings for a spec that reads without error but probably says less than meant.

Two checks, both on names only (no evaluation, so they are exact and cheap):

* ``unused-parameter``: a declared parameter that no payoff, verification value, repeated
  or negotiation setting (a range, power, discount factor, outside option or disagreement
  value; naming a parameter as a negotiable term is not a use), country attribute or payoff
  expression uses, directly or through the value of another parameter that is used.
  Overriding it changes nothing.
* ``target-unaffected``: a named target whose equilibrium conditions mention no parameter:
  no player's payoff at the target or at its own unilateral deviations, no verification value
  (when the spec has a mechanism) and no repeated-game value (when the target is checked in
  the repeated game) depends on one.  Whether it is an equilibrium can then not move with any
  parameter, and ``treaty threshold`` has nothing to solve for.  Only reported when the spec
  declares parameters.

The checks look at the names an expression mentions, so they never warn about a parameter
that is used; a parameter that is mentioned but cancels out (``V - V``) is not reported.

Examples
--------
>>> from treaty.spec import read_spec_text
>>> spec = read_spec_text('''
... parameters: {g: 1, unused: 2}
... players: {A: [x, y], B: [x, y]}
... payoffs: {A: [[1, 0], [g, 0]], B: [[1, 0], [0, 0]]}
... ''', file="demo.yaml")
>>> [(w.code, w.subject, w.line, w.column) for w in lint(spec)]
[('unused-parameter', 'unused', 2, 20)]
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from ._nodes import Loc, Node

__all__ = ["LintWarning", "lint", "UNUSED_PARAMETER", "TARGET_UNAFFECTED"]

UNUSED_PARAMETER = "unused-parameter"
TARGET_UNAFFECTED = "target-unaffected"


@dataclass(frozen=True)
class LintWarning:
    """One lint warning, located in the spec file.

    Attributes
    ----------
    code : str
        ``"unused-parameter"`` or ``"target-unaffected"``.
    subject : str
        The parameter or target the warning is about.
    message, hint : str
    file : str
    line, column : int or None
    """

    code: str
    subject: str
    message: str
    hint: str
    file: str
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return f"{where}: warning: {self.message} ({self.hint})"

    def describe(self) -> str:
        """The warning as one line, ``file:line:column: warning: ... (hint)``."""
        return str(self)

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "subject": self.subject, "message": self.message,
                "hint": self.hint, "file": self.file, "line": self.line, "column": self.column}


def _warning(code: str, subject: str, message: str, hint: str, loc: Loc | None,
             file: str) -> LintWarning:
    if loc is None:
        return LintWarning(code, subject, message, hint, file)
    return LintWarning(code, subject, message, hint, loc.file, loc.line, loc.column)


def _value_names(values: Iterable[Any]) -> set[str]:
    """Names used by compiled values (a Value, a per-player dict of Values, or None)."""
    out: set[str] = set()
    for v in values:
        if v is None:
            continue
        for x in (v.values() if isinstance(v, dict) else (v,)):
            if x.expr is not None:
                out |= set(x.expr.names)
    return out


def _node_names(node: Node | None) -> set[str]:
    """Names used by the number or expression written at a scalar *node*."""
    from .expressions import node_expression

    if node is None or node.kind != "scalar" or not isinstance(node.value, str):
        return set()
    return set(node_expression(node, "a value").names)


def _closure(spec: Any, names: set[str]) -> set[str]:
    """*names* with every parameter that their defaults use, transitively."""
    declared = {p.name: p for p in spec.parameters.params}
    out: set[str] = set()
    todo = [n for n in names if n in declared]
    while todo:
        n = todo.pop()
        if n in out:
            continue
        out.add(n)
        todo.extend(m for m in declared[n].default.names if m in declared and m not in out)
    return out


def _normal_form_uses(spec: Any) -> tuple[set[str], dict[str, set[str]]]:
    """Names used by the whole spec, and by each target's equilibrium conditions."""
    cells = spec.cells
    everything: set[str] = set()
    for cell in cells.reshape(-1):
        if cell.expr is not None:
            everything |= set(cell.expr.names)
    mechanism: set[str] = set()
    if spec.verification is not None:
        mechanism = _value_names([*spec.verification.values.values(),
                                  *spec.verification.inspection_values.values()])
    repeated: set[str] = set()
    chosen: tuple[str, ...] = ()
    if spec.repeated is not None:
        repeated = _value_names([spec.repeated.discount, spec.repeated.detection,
                                 spec.repeated.false_alarm])
        chosen = spec.repeated.targets
    everything |= mechanism | repeated
    if spec.negotiation is not None:
        everything |= _value_names(spec.negotiation.values())
    per_target: dict[str, set[str]] = {}
    for name, labels in spec.targets.items():
        idx = tuple(s.index(label) for s, label in zip(spec.strategies, labels))
        used = set(mechanism)
        if spec.repeated is not None and (not chosen or name in chosen):
            used |= repeated
        for i, n_i in enumerate(cells.shape[1:]):
            for k in range(n_i):
                prof = (*idx[:i], k, *idx[i + 1:])
                cell = cells[(i, *prof)]  # player i's payoff at its own deviation
                if cell.expr is not None:
                    used |= set(cell.expr.names)
        per_target[name] = used
    return everything, per_target


def _membership_uses(spec: Any) -> set[str]:
    doc = spec.document
    fields = doc.value if doc is not None and doc.kind == "map" else {}
    used: set[str] = set()
    countries = fields.get("countries")
    if countries is not None and countries.kind == "seq":
        for item in countries.value:
            if item.kind == "map":
                for key, sub in item.value.items():
                    if key != "name":
                        used |= _node_names(sub)
    payoff = fields.get("payoff")
    if payoff is not None and payoff.kind == "map":
        for key in ("member", "outsider", "a", "b", "c"):
            used |= _node_names(payoff.value.get(key))
    clause = fields.get("clause")
    if clause is not None and clause.kind == "map":
        for key in ("min_members", "share"):
            used |= _node_names(clause.value.get(key))
    return used


def _extensive_form_uses(spec: Any) -> set[str]:
    """Names used by a game tree's chance probabilities and terminal payoffs."""
    return _value_names(v for node in spec.compiled for v in (*node.probs, *node.payoffs))


def lint(spec: Any) -> tuple[LintWarning, ...]:
    """The lint warnings of a spec read by :func:`treaty.spec.read_spec`.

    Parameters
    ----------
    spec : Spec
        A normal-form, extensive-form or membership spec (an ``.nfg`` or ``.efg`` file has
        nothing to lint).

    Returns
    -------
    tuple of LintWarning
        Unused parameters in declaration order, then unaffected targets in spec order.
    """
    declared = spec.parameters.names
    if spec.document is None:
        return ()
    per_target: dict[str, set[str]] = {}
    if spec.kind == "normal-form":
        used, per_target = _normal_form_uses(spec)
    elif spec.kind == "extensive-form":
        used = _extensive_form_uses(spec)
    else:
        used = _membership_uses(spec)
    live = _closure(spec, used)
    out: list[LintWarning] = []
    for p in spec.parameters.params:
        if p.name not in live:
            out.append(_warning(UNUSED_PARAMETER, p.name,
                                f"parameter {p.name!r} is declared but nothing uses it",
                                "remove it, or use it in a payoff or setting", p.loc, spec.file))
    if declared:
        tnode = spec.document.value.get("targets") if spec.document.kind == "map" else None
        for name, names in per_target.items():
            if not _closure(spec, names):
                loc = tnode.key_loc(name) if tnode is not None else None
                out.append(_warning(
                    TARGET_UNAFFECTED, name,
                    f"target {name!r} is affected by no parameter: no payoff that decides "
                    "whether it is an equilibrium uses one",
                    "write the payoffs that decide it with the parameters, or drop the target",
                    loc, spec.file))
    return tuple(out)
