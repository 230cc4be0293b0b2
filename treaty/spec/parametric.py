"""Parametric specs: a spec file read and validated once, instantiated at any parameter point.

:func:`treaty.spec.read_spec` reads a file into a :class:`Spec`.  Everything that does not
depend on parameter values (the document's structure, names, labels, the syntax of every
expression and the parameter names it uses, the sizes) is checked then, with located
errors.  :meth:`Spec.instantiate` evaluates the parameters and builds the model (a
:class:`~treaty.game.Game` or a :class:`~treaty.coalitions.MembershipGame`) without touching
the file again; errors that depend on the values (a detection probability outside [0, 1] at
this point, a bound violated) are raised there, still located at the expression that caused
them.  Normal-form specs also evaluate their payoffs over arrays of parameter points at once
(:meth:`treaty.spec.normal.NormalFormSpec.payoffs`).

Examples
--------
>>> from treaty.spec import read_spec_text
>>> spec = read_spec_text('''
... parameters: {p: {value: 1/4, min: 0, max: 1}}
... players: {A: [comply, violate], B: [x]}
... payoffs: {A: [[0], [3 - 4*p]], B: [[0], [0]]}
... ''', file="demo.yaml")
>>> spec.instantiate({"p": "1/2"}).payoff(("violate", "x"))
(Fraction(1, 1), Fraction(0, 1))
>>> import numpy as np
>>> spec.payoffs({"p": np.array([0.0, 0.75, 1.0])})[:, 0, 1, 0].tolist()
[3.0, 0.0, -1.0]
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np

from ..errors import ParameterError, SpecError
from ._nodes import Node
from ._params import ParameterSet
from .expressions import Expression, node_expression, to_value

__all__ = ["Spec", "Value", "NfgSpec", "EfgSpec"]


@dataclass(frozen=True)
class Value:
    """A number or an expression written at a spec node, compiled once.

    ``constant`` is set for a plain number; otherwise ``expr`` is the parsed expression whose
    names were checked against the declared parameters (and any extra *names*).
    """

    node: Node
    what: str
    constant: Fraction | None = None
    expr: Expression | None = None

    @classmethod
    def read(cls, node: Node, what: str, names: set[str] | frozenset[str]) -> Value:
        if node.kind == "scalar" and isinstance(node.value, Fraction):
            return cls(node, what, constant=node.value)
        expr = node_expression(node, what)
        expr.check_names(names)
        return cls(node, what, expr=expr)

    def __call__(self, env: Mapping[str, Any]) -> Any:
        """One scalar value (exact when every input is); SpecError at the node otherwise."""
        if self.constant is not None:
            return self.constant
        v = self.evaluate(env)
        if hasattr(v, "shape"):
            raise self.node.error(f"{self.what} evaluated to an array",
                                  "array-valued parameters are for sweeps, not for one game")
        if isinstance(v, float) and not math.isfinite(v):
            raise self.node.error(f"{self.what} is not a finite number",
                                  "check the parameter values")
        return v

    def evaluate(self, env: Mapping[str, Any]) -> Any:
        """The value, elementwise over any numpy arrays in *env* (no scalar check)."""
        if self.constant is not None:
            return self.constant
        assert self.expr is not None
        return to_value(self.expr.evaluate(env))

    @property
    def text(self) -> str:
        """The value as written in the spec."""
        if self.expr is not None:
            return self.expr.text
        return self.node.raw or str(self.constant)


class Spec:
    """A spec read once: its kind, file, parameters and document.

    Subclasses (:class:`~treaty.spec.normal.NormalFormSpec`,
    :class:`~treaty.spec.membership.MembershipSpec`, :class:`NfgSpec`) implement
    :meth:`instantiate`.

    Attributes
    ----------
    kind : str
        ``"normal-form"`` or ``"membership"``.
    file : str
        Where the spec was read from (``"<string>"`` for text).
    parameters : ParameterSet
        The declared parameters with their docs, bounds and units.
    document : Node or None
        The parsed document (None for ``.nfg``), kept for lossless conversion.
    """

    kind: str = ""

    def __init__(self, file: str, parameters: ParameterSet, document: Node | None) -> None:
        self.file = file
        self.parameters = parameters
        self.document = document

    def _read_top(self, root: Node, keys: tuple[str, ...], file: str) -> dict[str, Node]:
        """Check the top-level *keys* of a YAML/JSON spec, read and check its parameters and
        set this spec's file, parameters and document; return the top-level fields."""
        from ._params import parse_parameters

        fields = root.check_keys("the spec", keys)
        parameters = parse_parameters(fields.get("parameters"))
        parameters.check(file)
        Spec.__init__(self, file, parameters, root)
        return fields

    def resolve(self, params: Mapping[str, Any] | None = None) -> dict[str, Any]:
        """Every parameter's value with *params* applied (bounds checked, located)."""
        return self.parameters.resolve(params, self.file)

    def bounds(self, name: str) -> tuple[Fraction | None, Fraction | None]:
        """The declared ``(min, max)`` of parameter *name*; ParameterError if unknown."""
        from ..errors import did_you_mean

        if name not in self.parameters.names:
            raise ParameterError(f"unknown parameter {name!r}", file=self.file,
                                 hint=did_you_mean(name, self.parameters.names)
                                 or "the spec declares no parameters")
        p = self.parameters[name]
        return p.minimum, p.maximum

    def instantiate(self, params: Mapping[str, Any] | None = None) -> Any:
        """The model at the parameter point *params* (defaults for the rest)."""
        raise NotImplementedError

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.file!r}: {len(self.parameters.params)} parameters>"


class NfgSpec(Spec):
    """A Gambit ``.nfg`` file: a fixed game without parameters."""

    kind = "normal-form"

    def __init__(self, game: Any, file: str) -> None:
        super().__init__(file, ParameterSet(), None)
        self.game = game
        game.spec = self

    def instantiate(self, params: Mapping[str, Any] | None = None) -> Any:
        if params:
            raise SpecError("a .nfg file has no parameters", file=self.file,
                            hint="convert it to YAML to add parameters")
        return self.game

    def payoffs(self, points: Mapping[str, np.ndarray]) -> np.ndarray:
        if points:
            raise ParameterError("a .nfg file has no parameters", file=self.file)
        return self.game.float_payoffs[None, ...].copy()


class EfgSpec(Spec):
    """A Gambit ``.efg`` file: a fixed game tree without parameters."""

    kind = "extensive-form"

    def __init__(self, tree: Any, file: str) -> None:
        super().__init__(file, ParameterSet(), None)
        self.tree = tree
        object.__setattr__(tree, "spec", self)

    def instantiate(self, params: Mapping[str, Any] | None = None) -> Any:
        if params:
            raise SpecError("a .efg file has no parameters", file=self.file,
                            hint="convert it to YAML to add parameters")
        return self.tree
