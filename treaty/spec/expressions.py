"""Safe arithmetic expressions for payoffs and parameters.

Expressions are parsed with :mod:`ast` and evaluated by walking a whitelist of node
types; :func:`eval` and :func:`exec` never see spec content.  Allowed: numbers, parameter
names, ``+ - * / // % **``, unary ``+ -`` and ``not``, comparisons (chained too),
``and``/``or``, conditional expressions ``a if cond else b``, and the functions
``min, max, abs, exp, log, sqrt, floor, ceil, clip``.  Numbers written in an expression
are exact (``1/3`` is one third); the result stays exact as long as every operation is
rational.  Every operation also works elementwise on numpy arrays, so one expression
serves a single solve and a large parameter sweep.

Examples
--------
>>> from fractions import Fraction
>>> e = Expression.parse("b - c*q**2/2 if q > 0 else 0")
>>> sorted(e.names)
['b', 'c', 'q']
>>> e.evaluate({"b": Fraction(3), "c": Fraction(1), "q": Fraction(1, 2)})
Fraction(23, 8)
>>> import numpy as np
>>> e.evaluate({"b": 3, "c": 1, "q": np.array([0.0, 1.0])}).tolist()
[0.0, 2.5]
"""

from __future__ import annotations

import ast
import math
import operator
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np

from ..errors import SpecError, did_you_mean
from ._nodes import Loc, Node

__all__ = ["Expression", "FUNCTIONS", "MAX_EXPRESSION_LENGTH", "node_expression", "node_value", "to_value"]

MAX_EXPRESSION_LENGTH = 2000
_MAX_POWER = 10_000


def _is_array(x: Any) -> bool:
    return isinstance(x, np.ndarray)


def _float_if_array(*args: Any) -> tuple[Any, ...]:
    """With any numpy array among *args*, turn exact scalars into floats (keeps arrays float)."""
    if any(_is_array(a) for a in args):
        return tuple(float(a) if isinstance(a, Fraction) else a for a in args)
    return args


def _exact_sqrt(x: Any) -> Any:
    if isinstance(x, Fraction) and x >= 0:
        rn, rd = math.isqrt(x.numerator), math.isqrt(x.denominator)
        if rn * rn == x.numerator and rd * rd == x.denominator:
            return Fraction(rn, rd)
        return math.sqrt(x)
    if _is_array(x):
        return np.sqrt(x)
    if x < 0:
        raise ValueError("sqrt of a negative number")
    return math.sqrt(x)


def _log(x: Any) -> Any:
    if _is_array(x):
        return np.log(x)
    if x <= 0:
        raise ValueError("log of a non-positive number")
    if x == 1:
        return Fraction(0)
    return math.log(x)


def _exp(x: Any) -> Any:
    if _is_array(x):
        return np.exp(x)
    if x == 0:
        return Fraction(1)
    return math.exp(x)


def _min(*args: Any) -> Any:
    if len(args) < 2:
        raise ValueError("min needs at least two arguments")
    if any(_is_array(a) for a in args):
        args = _float_if_array(*args)
        out = args[0]
        for a in args[1:]:
            out = np.minimum(out, a)
        return out
    return min(args)


def _max(*args: Any) -> Any:
    if len(args) < 2:
        raise ValueError("max needs at least two arguments")
    if any(_is_array(a) for a in args):
        args = _float_if_array(*args)
        out = args[0]
        for a in args[1:]:
            out = np.maximum(out, a)
        return out
    return max(args)


def _floor(x: Any) -> Any:
    return np.floor(x) if _is_array(x) else Fraction(math.floor(x))


def _ceil(x: Any) -> Any:
    return np.ceil(x) if _is_array(x) else Fraction(math.ceil(x))


def _clip(x: Any, lo: Any, hi: Any) -> Any:
    return _min(_max(x, lo), hi)


def _abs(x: Any) -> Any:
    return np.abs(x) if _is_array(x) else abs(x)


FUNCTIONS: dict[str, tuple[Callable[..., Any], tuple[int, int | None]]] = {
    "min": (_min, (2, None)),
    "max": (_max, (2, None)),
    "abs": (_abs, (1, 1)),
    "exp": (_exp, (1, 1)),
    "log": (_log, (1, 1)),
    "sqrt": (_exact_sqrt, (1, 1)),
    "floor": (_floor, (1, 1)),
    "ceil": (_ceil, (1, 1)),
    "clip": (_clip, (3, 3)),
}


def _div(a: Any, b: Any) -> Any:
    if not _is_array(a) and not _is_array(b):
        if isinstance(a, (int, Fraction)) and isinstance(b, (int, Fraction)):
            return Fraction(a) / Fraction(b)
    return operator.truediv(a, b)


def _pow(a: Any, b: Any) -> Any:
    if not _is_array(b) and isinstance(b, Fraction) and b.denominator == 1:
        if abs(b) > _MAX_POWER:
            raise ValueError(f"exponent {b} is too large")
        if _is_array(a):
            return a ** int(b) if b >= 0 else np.asarray(a, dtype=float) ** int(b)
        if isinstance(a, (int, Fraction)):
            return Fraction(a) ** int(b)
        return a ** int(b)
    if _is_array(a) or _is_array(b):
        return np.power(np.asarray(a, dtype=float), b)
    return float(a) ** float(b)


_BINOPS: dict[type, Callable[[Any, Any], Any]] = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: _div,
    ast.FloorDiv: operator.floordiv,
    ast.Mod: operator.mod,
    ast.Pow: _pow,
}
_BINOP_SYMBOL = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/", ast.FloorDiv: "//",
                 ast.Mod: "%", ast.Pow: "**"}
_CMPOPS: dict[type, Callable[[Any, Any], Any]] = {
    ast.Lt: operator.lt,
    ast.LtE: operator.le,
    ast.Gt: operator.gt,
    ast.GtE: operator.ge,
    ast.Eq: operator.eq,
    ast.NotEq: operator.ne,
}

_ALLOWED_HINT = (
    "expressions may use numbers, parameter names, + - * / ** , comparisons, "
    "'a if cond else b', and min/max/abs/exp/log/sqrt/floor/ceil/clip"
)


@dataclass(frozen=True)
class Expression:
    """A validated arithmetic expression over named parameters."""

    text: str
    tree: ast.Expression
    names: frozenset[str]
    loc: Loc | None = None

    # -- construction -------------------------------------------------------------------
    @classmethod
    def parse(cls, text: str, loc: Loc | None = None) -> Expression:
        """Parse and validate *text*; raise :class:`SpecError` pointing into it on failure."""
        loc = loc or Loc("<expression>")
        if len(text) > MAX_EXPRESSION_LENGTH:
            raise loc.error(f"expression is longer than {MAX_EXPRESSION_LENGTH} characters")
        src = text.strip()
        lead = len(text) - len(text.lstrip())
        if not src:
            raise loc.error("empty expression", "write a number or an expression such as 'b - c'")
        try:
            tree = ast.parse(src, mode="eval")
        except SyntaxError as exc:
            col = (exc.offset or 1) - 1 + lead
            raise loc.shifted(col).error(
                f"cannot parse expression {src!r}: {exc.msg}", _ALLOWED_HINT
            ) from None
        except (ValueError, MemoryError, RecursionError):
            raise loc.error(f"cannot parse expression {src!r}", _ALLOWED_HINT) from None
        names: set[str] = set()
        cls._validate(tree.body, loc, lead, names, src)
        return cls(src, tree, frozenset(names), loc)

    @classmethod
    def _validate(cls, node: ast.AST, loc: Loc, lead: int, names: set[str], src: str) -> None:
        def bad(msg: str, n: ast.AST) -> SpecError:
            col = getattr(n, "col_offset", 0) + lead
            return loc.shifted(col).error(msg, _ALLOWED_HINT)

        stack = [node]
        depth = 0
        while stack:
            n = stack.pop()
            depth += 1
            if depth > 10_000:
                raise bad("expression is too complex", node)
            if isinstance(n, ast.Constant):
                if isinstance(n.value, bool) or not isinstance(n.value, (int, float)):
                    raise bad(f"only numbers are allowed as constants, got {n.value!r}", n)
            elif isinstance(n, ast.Name):
                if n.id in FUNCTIONS:
                    raise bad(f"{n.id!r} is a function; call it as {n.id}(...)", n)
                names.add(n.id)
            elif isinstance(n, ast.BinOp):
                if type(n.op) not in _BINOPS:
                    raise bad(f"operator {type(n.op).__name__} is not allowed", n)
                stack += [n.left, n.right]
            elif isinstance(n, ast.UnaryOp):
                if not isinstance(n.op, (ast.UAdd, ast.USub, ast.Not)):
                    raise bad(f"operator {type(n.op).__name__} is not allowed", n)
                stack.append(n.operand)
            elif isinstance(n, ast.Compare):
                for op in n.ops:
                    if type(op) not in _CMPOPS:
                        raise bad(f"comparison {type(op).__name__} is not allowed", n)
                stack += [n.left, *n.comparators]
            elif isinstance(n, ast.BoolOp):
                stack += list(n.values)
            elif isinstance(n, ast.IfExp):
                stack += [n.test, n.body, n.orelse]
            elif isinstance(n, ast.Call):
                fname = n.func.id if isinstance(n.func, ast.Name) else None
                if fname not in FUNCTIONS:
                    shown = fname or ast.unparse(n.func)
                    raise loc.shifted(n.col_offset + lead).error(
                        f"unknown function {shown!r}",
                        did_you_mean(shown, FUNCTIONS) if fname else _ALLOWED_HINT,
                    )
                if n.keywords:
                    raise bad(f"{fname}() takes no keyword arguments", n)
                lo, hi = FUNCTIONS[fname][1]
                if len(n.args) < lo or (hi is not None and len(n.args) > hi):
                    want = f"{lo}" if lo == hi else f"at least {lo}"
                    raise bad(f"{fname}() takes {want} argument(s), got {len(n.args)}", n)
                stack += list(n.args)
            else:
                raise bad(f"{type(n).__name__} is not allowed in an expression", n)

    # -- evaluation ---------------------------------------------------------------------
    def check_names(self, known: Mapping[str, Any] | set[str] | frozenset[str]) -> None:
        """Raise SpecError for a name that is not a known parameter."""
        for name in sorted(self.names):
            if name not in known:
                loc = self.loc or Loc("<expression>")
                col = self.text.find(name)
                raise loc.shifted(max(col, 0)).error(
                    f"unknown parameter {name!r} in expression {self.text!r}",
                    did_you_mean(name, known) or "declare it under 'parameters'",
                )

    def evaluate(self, env: Mapping[str, Any]) -> Any:
        """Evaluate with parameter values from *env* (Fractions, floats or numpy arrays)."""
        self.check_names(env)
        try:
            return self._eval(self.tree.body, env)
        except ZeroDivisionError:
            raise self._fail("division by zero") from None
        except (ValueError, OverflowError, TypeError, ArithmeticError) as exc:
            raise self._fail(str(exc)) from None

    def _fail(self, why: str) -> SpecError:
        loc = self.loc or Loc("<expression>")
        return loc.error(
            f"cannot evaluate {self.text!r}: {why}", "check the parameter values and their bounds"
        )

    def _eval(self, n: ast.AST, env: Mapping[str, Any]) -> Any:
        if isinstance(n, ast.Constant):
            v = n.value
            return Fraction(v) if isinstance(v, int) else Fraction(repr(v))
        if isinstance(n, ast.Name):
            return env[n.id]
        if isinstance(n, ast.BinOp):
            left, right = _float_if_array(self._eval(n.left, env), self._eval(n.right, env))
            return _BINOPS[type(n.op)](left, right)
        if isinstance(n, ast.UnaryOp):
            v = self._eval(n.operand, env)
            if isinstance(n.op, ast.USub):
                return -v
            if isinstance(n.op, ast.UAdd):
                return +v
            return np.logical_not(v) if _is_array(v) else (not v)
        if isinstance(n, ast.Compare):
            left = self._eval(n.left, env)
            result: Any = True
            for op, comp in zip(n.ops, n.comparators):
                right = self._eval(comp, env)
                r = _CMPOPS[type(op)](*_float_if_array(left, right))
                result = np.logical_and(result, r) if (_is_array(r) or _is_array(result)) else (
                    result and r
                )
                left = right
            return result
        if isinstance(n, ast.BoolOp):
            vals = [self._eval(v, env) for v in n.values]
            if any(_is_array(v) for v in vals):
                fn = np.logical_and if isinstance(n.op, ast.And) else np.logical_or
                out = vals[0]
                for v in vals[1:]:
                    out = fn(out, v)
                return out
            if isinstance(n.op, ast.And):
                return all(bool(v) for v in vals)
            return any(bool(v) for v in vals)
        if isinstance(n, ast.IfExp):
            cond = self._eval(n.test, env)
            if _is_array(cond):
                body, orelse = _float_if_array(
                    self._eval(n.body, env), self._eval(n.orelse, env), cond
                )[:2]
                return np.where(cond, body, orelse)
            return self._eval(n.body, env) if cond else self._eval(n.orelse, env)
        if isinstance(n, ast.Call):
            func: Callable[..., Any] = FUNCTIONS[n.func.id][0]  # type: ignore[attr-defined]
            return func(*[self._eval(a, env) for a in n.args])
        raise AssertionError(f"unvalidated node {type(n).__name__}")  # pragma: no cover


def to_value(v: Any) -> Any:
    """Normalise an evaluation result: numpy scalars to float, bools to Fraction 0/1."""
    if isinstance(v, (bool, np.bool_)):
        return Fraction(int(v))
    if isinstance(v, np.generic):
        return v.item()
    return v


def node_expression(node: Node, what: str) -> Expression:
    """The expression written at a spec *node* (a number or text); SpecError for anything else."""
    if node.kind != "scalar" or node.value is None or isinstance(node.value, bool):
        raise node.error(f"{what} must be a number or an expression, got {node.describe()}")
    if isinstance(node.value, Fraction):
        return Expression.parse(node.raw or str(node.value), node.loc)
    return Expression.parse(node.value, node.loc)


def node_value(node: Node, what: str, env: Mapping[str, Any]) -> Any:
    """Evaluate the number or expression at a spec *node* to one scalar value.

    Numbers stay exact; an expression is evaluated with the parameter values in *env*.  An
    array result (an array-valued parameter) or a non-finite float is a SpecError at the node.
    """
    if node.kind == "scalar" and isinstance(node.value, Fraction):
        return node.value
    expr = node_expression(node, what)
    expr.check_names(env)
    v = to_value(expr.evaluate(env))
    if hasattr(v, "shape"):
        raise node.error(f"{what} evaluated to an array",
                         "array-valued parameters are for sweeps, not for building one game")
    if isinstance(v, float) and not math.isfinite(v):
        raise node.error(f"{what} is not a finite number", "check the parameter values")
    return v
