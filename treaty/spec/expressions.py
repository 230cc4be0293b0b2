"""Safe arithmetic expressions for payoffs and parameters.

Expressions are parsed with :mod:`ast` and evaluated by walking a whitelist of node
types; :func:`eval` and :func:`exec` never see spec content.  Allowed: numbers, parameter
names, ``+ - * / // % **``, unary ``+ -`` and ``not``, comparisons (chained too),
``and``/``or``, conditional expressions ``a if cond else b``, and the functions
``min, max, abs, exp, log, sqrt, floor, ceil, clip``.  Numbers written in an expression
are exact (``1/3`` is one third); the result stays exact as long as every operation is
rational.  Every operation also works elementwise on numpy arrays, so one expression
serves a single solve and a large parameter sweep.

Hostile input is bounded before work (limits in :mod:`treaty.spec._limits`): an expression
longer than MAX_EXPRESSION_CHARS or with a syntax tree deeper than MAX_EXPRESSION_DEPTH is
refused when parsed, and so is a number literal with more than MAX_NUMBER_DIGITS digits.  An
exact value may have at most MAX_POWER_BITS bits (numerator and denominator together): a power
is refused *before* it is computed when ``|exponent| * bits(base)`` exceeds that (so
``10**10**10`` fails at once instead of computing for hours), and every other exact operation
is checked after it, so no operand is ever larger.  A float that overflows (``exp(1000)``,
``1e300 * 1e300``) is an error, not a silent ``inf``.  Evaluation raises only
:class:`~treaty.errors.SpecError`.

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
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, cast

import numpy as np

from ..errors import SpecError, did_you_mean
from ._limits import MAX_EXPRESSION_CHARS, MAX_EXPRESSION_DEPTH, MAX_POWER_BITS
from ._nodes import Loc, Node, parse_number

__all__ = ["Expression", "FUNCTIONS", "MAX_EXPRESSION_LENGTH", "node_expression", "node_value", "to_value"]

#: the former name of :data:`~treaty.spec._limits.MAX_EXPRESSION_CHARS`
MAX_EXPRESSION_LENGTH = MAX_EXPRESSION_CHARS
#: exp(x) overflows a float beyond this
_EXP_MAX = math.log(sys.float_info.max)
_FLOAT_MAX = Fraction(sys.float_info.max)
_FLOAT_RANGE = f"beyond the float range (about {sys.float_info.max:.1e})"


class _Refused(ArithmeticError):
    """A size limit refused an operation; carries the message and the hint."""

    def __init__(self, message: str, hint: str) -> None:
        super().__init__(message)
        self.hint = hint


class _Overflow(OverflowError):
    """A float result out of range, with treaty's own message."""


def _bits(x: Fraction) -> int:
    """The size of an exact value: bits of the larger of its numerator and denominator."""
    return max(x.numerator.bit_length(), x.denominator.bit_length())


def _about_bits(bits: int) -> str:
    return f"{bits:,}" if bits < 10**15 else f"2^{bits.bit_length() - 1}"


def _exact(x: Any) -> Any:
    """An int result (``//``, ``-True``) as a Fraction; an exact result checked against MAX_POWER_BITS."""
    if type(x) is int:
        x = Fraction(x)
    if isinstance(x, Fraction) and _bits(x) > MAX_POWER_BITS:
        raise _Refused(f"an exact intermediate value has {_about_bits(_bits(x))} bits, more than the "
                       f"limit of {MAX_POWER_BITS:,} (MAX_POWER_BITS)",
                       "exact numbers this large are not payoffs; check the expression")
    if isinstance(x, float) and not math.isfinite(x):
        raise _Overflow(f"the result is {_FLOAT_RANGE}")
    return x


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
    if isinstance(x, Fraction) and max(x.numerator.bit_length(), x.denominator.bit_length()) > 1000:
        return math.log(x.numerator) - math.log(x.denominator)  # beyond the float range: log of ints
    return math.log(x)


def _exp(x: Any) -> Any:
    if _is_array(x):
        return np.exp(x)
    if x == 0:
        return Fraction(1)
    if x > _EXP_MAX:
        raise _Overflow(f"exp({_short(x)}) is {_FLOAT_RANGE}")
    if x < -1000:
        return 0.0
    return math.exp(x)


def _operand(x: Any) -> str:
    """An operand for a message: in parentheses unless it is a plain non-negative integer."""
    text = _short(x)
    return text if text.isdigit() else f"({text})"


def _short(x: Any) -> str:
    """A number for a message: exact ones that are long are shown by their size."""
    if isinstance(x, Fraction) and _bits(x) > 200:
        return f"a number of {_about_bits(_bits(x))} bits"
    return str(x)


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
    """``a ** b``: exact for an exact base and a whole exponent, bounded by MAX_POWER_BITS.

    The size of an exact power is known before it is computed: ``(n/d)**e`` has at most
    ``|e| * (bits(n) + bits(d))`` bits, so a power over the limit is refused at once.
    """
    if _is_array(a) or _is_array(b):
        if isinstance(b, (int, Fraction)):
            b = float(b)  # OverflowError for a huge exponent
        return np.power(np.asarray(a, dtype=float), b)
    if isinstance(b, (int, Fraction)) and b == int(b):
        e = int(b)
        if isinstance(a, (int, Fraction)):
            a = Fraction(a)
            if a == 0 and e < 0:
                raise ZeroDivisionError("zero to a negative power")
            if e == 0 or a == 1:
                return Fraction(1)
            if a == 0:
                return Fraction(0)
            if a == -1:
                return Fraction(1 if e % 2 == 0 else -1)
            # bits of the result: |e| * log2 of the larger of numerator and denominator
            size = max(math.log2(abs(a.numerator)), math.log2(a.denominator))
            bits = abs(e) * size if e.bit_length() < 1000 else math.inf
            if bits >= MAX_POWER_BITS:
                shown = f"2^{e.bit_length() - 1}" if bits == math.inf else f"{math.ceil(bits):,}"
                raise _Refused(
                    f"the power {_operand(a)}**{_operand(Fraction(e))} would have about {shown} bits, "
                    f"more than the limit of {MAX_POWER_BITS:,} (MAX_POWER_BITS)",
                    "exact powers are limited in size; use a smaller exponent")
            return a**e
        return float(a) ** e  # OverflowError when it overflows
    fa, fb = float(a), float(b)
    if fa < 0:
        raise ValueError(f"a negative number ({_short(a)}) to a fractional power ({_short(b)})")
    return fa**fb


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


def _clip_text(src: str, limit: int = 60) -> str:
    return repr(src) if len(src) <= limit else repr(src[:limit]) + f"...({len(src):,} characters)"


def _depths(tree: ast.AST) -> list[int]:
    """The depth of every node of *tree* (iteratively: the tree may be deep)."""
    out, stack = [], [(tree, 1)]
    while stack:
        n, d = stack.pop()
        out.append(d)
        stack.extend((k, d + 1) for k in ast.iter_child_nodes(n))
    return out


def _exact_constant(n: ast.Constant, src: str, loc: Loc) -> Fraction:
    """The exact value of a number written in an expression: ``0.1`` is one tenth, ``1e-400`` is
    10**-400 (not the float 0.0); more than MAX_NUMBER_DIGITS digits is a SpecError at it."""
    where = loc.shifted(n.col_offset)
    text = ast.get_source_segment(src, n) or ""
    value = parse_number(text, where) if text else None
    if value is not None:
        return value
    if isinstance(n.value, int):  # 0x1f, 0o17, 0b101
        return Fraction(n.value)
    if not isinstance(n.value, float) or not math.isfinite(n.value):
        raise where.error(f"the number {text or n.value!r} is {_FLOAT_RANGE}")
    return Fraction(repr(n.value))


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
        """Parse and validate *text*; raise :class:`SpecError` pointing into it on failure.

        >>> Expression.parse("1" + "+1" * 60, Loc("g.yaml", 3, 5))
        Traceback (most recent call last):
        ...
        treaty.errors.SpecError: g.yaml:3:5: expression is nested 61 deep, more than the limit of \
50 (MAX_EXPRESSION_DEPTH) (split it into parameters)
        """
        loc = loc or Loc("<expression>")
        if len(text) > MAX_EXPRESSION_CHARS:
            raise loc.error(f"expression of {len(text):,} characters, more than the limit of "
                            f"{MAX_EXPRESSION_CHARS:,} (MAX_EXPRESSION_CHARS)",
                            "split it into parameters")
        src = text.strip()
        lead = len(text) - len(text.lstrip())
        if not src:
            raise loc.error("empty expression", "write a number or an expression such as 'b - c'")
        try:
            tree = ast.parse(src, mode="eval")
        except SyntaxError as exc:
            col = (exc.offset or 1) - 1 + lead
            raise loc.shifted(col).error(
                f"cannot parse expression {_clip_text(src)}: {exc.msg}", _ALLOWED_HINT
            ) from None
        except (ValueError, MemoryError, RecursionError):
            raise loc.error(f"cannot parse expression {_clip_text(src)}", _ALLOWED_HINT) from None
        base = loc.shifted(lead)
        names: set[str] = set()
        cls._validate(tree.body, base, names, src)
        return cls(src, tree, frozenset(names), base)

    @classmethod
    def _validate(cls, node: ast.AST, loc: Loc, names: set[str], src: str) -> None:
        """Check every node against the whitelist and the depth limit; make constants exact."""
        def bad(msg: str, n: ast.AST, hint: str = _ALLOWED_HINT) -> SpecError:
            return loc.shifted(getattr(n, "col_offset", 0)).error(msg, hint)

        stack: list[tuple[ast.AST, int]] = [(node, 1)]
        while stack:
            n, depth = stack.pop()
            if depth > MAX_EXPRESSION_DEPTH:
                deepest = max(_depths(node))
                raise loc.error(f"expression is nested {deepest} deep, more than the limit of "
                                f"{MAX_EXPRESSION_DEPTH} (MAX_EXPRESSION_DEPTH)", "split it into parameters")
            kids: list[ast.AST] = []
            if isinstance(n, ast.Constant):
                if isinstance(n.value, bool) or not isinstance(n.value, (int, float)):
                    raise bad(f"only numbers are allowed as constants, got {n.value!r}", n)
                n.value = cast(Any, _exact_constant(n, src, loc))  # the AST holds exact numbers
            elif isinstance(n, ast.Name):
                if n.id in FUNCTIONS:
                    raise bad(f"{n.id!r} is a function; call it as {n.id}(...)", n)
                names.add(n.id)
            elif isinstance(n, ast.BinOp):
                if type(n.op) not in _BINOPS:
                    raise bad(f"operator {type(n.op).__name__} is not allowed", n)
                kids = [n.left, n.right]
            elif isinstance(n, ast.UnaryOp):
                if not isinstance(n.op, (ast.UAdd, ast.USub, ast.Not)):
                    raise bad(f"operator {type(n.op).__name__} is not allowed", n)
                kids = [n.operand]
            elif isinstance(n, ast.Compare):
                for op in n.ops:
                    if type(op) not in _CMPOPS:
                        raise bad(f"comparison {type(op).__name__} is not allowed", n)
                kids = [n.left, *n.comparators]
            elif isinstance(n, ast.BoolOp):
                kids = list(n.values)
            elif isinstance(n, ast.IfExp):
                kids = [n.test, n.body, n.orelse]
            elif isinstance(n, ast.Call):
                fname = n.func.id if isinstance(n.func, ast.Name) else None
                if fname not in FUNCTIONS:
                    shown = fname or ast.unparse(n.func)
                    raise bad(f"unknown function {shown!r}", n,
                              (did_you_mean(shown, FUNCTIONS) if fname else None) or _ALLOWED_HINT)
                if n.keywords:
                    raise bad(f"{fname}() takes no keyword arguments", n)
                lo, hi = FUNCTIONS[fname][1]
                if len(n.args) < lo or (hi is not None and len(n.args) > hi):
                    want = f"{lo}" if lo == hi else f"at least {lo}"
                    raise bad(f"{fname}() takes {want} argument(s), got {len(n.args)}", n)
                kids = list(n.args)
            else:
                raise bad(f"{type(n).__name__} is not allowed in an expression", n)
            stack.extend((k, depth + 1) for k in kids)

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

    def evaluate(self, env: Mapping[str, Any], *, finite: bool = False) -> Any:
        """Evaluate with parameter values from *env* (Fractions, floats or numpy arrays).

        Raises only :class:`SpecError`, located at the operation that failed: division by zero,
        a power or exact value over MAX_POWER_BITS, a float overflow (a scalar result is never
        ``inf`` or ``nan``), a math domain error.  Over arrays, a point may be non-finite (a branch
        of ``a if c else b`` not taken there, say); with *finite* such a result is an error too.
        """
        self.check_names(env)
        try:
            if any(_is_array(env[name]) for name in self.names):
                with np.errstate(all="ignore"):  # a point may be inf or nan (see *finite*)
                    out = self._eval(self.tree.body, env)
            else:
                out = self._eval(self.tree.body, env)
            if isinstance(out, Fraction) and _bits(out) > 1000 and abs(out) > _FLOAT_MAX:
                raise _Overflow(f"the value ({_short(out)}) is {_FLOAT_RANGE}; payoffs and "
                                "parameters must also have a float value")
            if finite and _is_array(out) and not bool(np.all(np.isfinite(out))):
                bad = int(np.size(out) - np.count_nonzero(np.isfinite(out)))
                raise _Overflow(f"not finite at {bad:,} of {np.size(out):,} points")
            return out
        except _Refused as exc:
            raise self._fail(str(exc), exc, exc.hint) from None
        except ZeroDivisionError as exc:
            raise self._fail(str(exc) if "zero to" in str(exc) else "division by zero", exc) from None
        except OverflowError as exc:
            why = str(exc) if isinstance(exc, _Overflow) else f"the result is {_FLOAT_RANGE}"
            raise self._fail(why, exc) from None
        except (ArithmeticError, ValueError, TypeError) as exc:
            raise self._fail(str(exc), exc) from None
        except MemoryError as exc:  # pragma: no cover - the size limits keep values small
            raise self._fail("out of memory", exc) from None

    def _fail(self, why: str, exc: BaseException | None = None, hint: str | None = None) -> SpecError:
        loc = self.loc or Loc("<expression>")
        node = getattr(exc, "_treaty_node", None)
        if node is not None:
            loc = loc.shifted(getattr(node, "col_offset", 0))
        return loc.error(f"cannot evaluate {_clip_text(self.text)}: {why}",
                         hint or "check the parameter values and their bounds")

    def _eval(self, n: ast.AST, env: Mapping[str, Any]) -> Any:
        if isinstance(n, ast.Constant):
            return n.value  # made an exact Fraction by _validate
        if isinstance(n, ast.Name):
            return env[n.id]
        try:
            return self._eval_op(n, env)
        except Exception as exc:
            if not hasattr(exc, "_treaty_node"):
                exc._treaty_node = n  # type: ignore[attr-defined]  # the innermost failing node
            raise

    def _eval_op(self, n: ast.AST, env: Mapping[str, Any]) -> Any:
        if isinstance(n, ast.BinOp):
            left, right = _float_if_array(self._eval(n.left, env), self._eval(n.right, env))
            return _exact(_BINOPS[type(n.op)](left, right))
        if isinstance(n, ast.UnaryOp):
            v = self._eval(n.operand, env)
            if isinstance(n.op, ast.USub):
                return _exact(-v)
            if isinstance(n.op, ast.UAdd):
                return _exact(+v)
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
            return _exact(func(*[self._eval(a, env) for a in n.args]))
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
