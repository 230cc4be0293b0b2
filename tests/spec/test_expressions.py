from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from treaty.errors import SpecError
from treaty.spec._nodes import Loc
from treaty.spec.expressions import Expression

F = Fraction


def ev(text, **env):
    return Expression.parse(text).evaluate({k: (F(v) if isinstance(v, int) else v)
                                            for k, v in env.items()})


def test_rational_arithmetic_is_exact():
    assert ev("1/3 + 1/6") == F(1, 2)
    assert ev("0.1 + 0.2") == F(3, 10)
    assert ev("2**-2") == F(1, 4)
    assert ev("(a - b) / (a + b)", a=3, b=1) == F(1, 2)


def test_functions_and_conditionals():
    assert ev("max(a, b, 2)", a=1, b=-1) == 2
    assert ev("min(a, 1/2)", a=1) == F(1, 2)
    assert ev("abs(-3/4)") == F(3, 4)
    assert ev("sqrt(9/4)") == F(3, 2)  # perfect squares stay exact
    assert abs(ev("sqrt(2)") - 2 ** 0.5) < 1e-15
    assert ev("exp(0)") == 1 and ev("log(1)") == 0
    assert ev("a if a > 0 else -a", a=-2) == 2
    assert ev("1 if 0 < a <= 1 else 0", a=1) == 1
    assert ev("1 if a > 0 and b > 0 else 0", a=1, b=0) == 0
    assert ev("clip(a, 0, 1)", a=5) == 1


def test_arrays_elementwise():
    p = np.linspace(0, 1, 5)
    out = ev("d / (d + b) if p > 0 else 0 * p", d=3, b=1, p=p)
    assert out.dtype == np.float64
    assert np.allclose(out, np.where(p > 0, 0.75, 0.0))
    assert np.allclose(ev("max(p, 1/2)", p=p), np.maximum(p, 0.5))


@pytest.mark.parametrize(
    "text",
    [
        "__import__('os').system('true')",
        "a.__class__",
        "(lambda: 1)()",
        "x[0]",
        "open('f')",
        "'text'",
        "[1, 2]",
        "{1: 2}",
        "a := 1",
        "f'{a}'",
        "1 +",
        "",
        "a @ b",
        "a << 1",
        "min(a=1)",
        "sqrt(1, 2)",
        "True",
    ],
)
def test_rejected(text):
    with pytest.raises(SpecError):
        Expression.parse(text, Loc("x.yaml", 3, 7))


def test_error_location_and_hints():
    with pytest.raises(SpecError) as exc:
        Expression.parse("b + sqr(c)", Loc("g.yaml", 4, 10))
    e = exc.value
    assert (e.file, e.line, e.column) == ("g.yaml", 4, 14)
    assert "sqrt" in e.hint
    with pytest.raises(SpecError) as exc:
        Expression.parse("bb + 1", Loc("g.yaml", 2, 3)).evaluate({"b": F(1)})
    assert "did you mean 'b'" in str(exc.value)


def test_runtime_errors_are_spec_errors():
    with pytest.raises(SpecError, match="division by zero"):
        ev("1 / a", a=0)
    with pytest.raises(SpecError):
        ev("log(a)", a=0)
    with pytest.raises(SpecError):
        ev("a ** 100000", a=2)


@given(st.text(max_size=40))
def test_arbitrary_text_only_spec_errors(text):
    try:
        e = Expression.parse(text, Loc("f", 1, 1))
    except SpecError:
        return
    try:
        e.evaluate({n: F(2) for n in e.names})
    except SpecError:
        pass


@given(st.fractions(max_denominator=50), st.fractions(max_denominator=50),
       st.fractions(max_denominator=50))
def test_matches_fraction_arithmetic(a, b, c):
    env = {"a": a, "b": b, "c": c}
    assert Expression.parse("a*b - c + a/7").evaluate(env) == a * b - c + a / 7
    if b != 0:
        assert Expression.parse("(a + c) / b").evaluate(env) == (a + c) / b


# -- hostile expressions (issue 7): limits named in one located line --------------------------

@pytest.mark.parametrize("text, limit", [
    ("10**10**10", "MAX_POWER_BITS"),
    ("2**(2**(2**20))", "MAX_POWER_BITS"),
    ("(10**1000)**(10**1000)", "MAX_POWER_BITS"),
    ("(1/3)**(2**20)", "MAX_POWER_BITS"),
    ("a**a**a", "MAX_POWER_BITS"),
    ("(2**9000)*(2**9000)", "MAX_POWER_BITS"),
    ("1e999999999", "MAX_NUMBER_DIGITS"),
    ("1" * 1500, "MAX_NUMBER_DIGITS"),
    ("1" + "+1" * 60, "MAX_EXPRESSION_DEPTH"),
    ("-" * 1500 + "1", "MAX_EXPRESSION_DEPTH"),
    ("not " * 400 + "1", "MAX_EXPRESSION_DEPTH"),
    ("1+" * 1000 + "1", "MAX_EXPRESSION_CHARS"),
])
def test_size_limits_are_named(text, limit):
    with pytest.raises(SpecError) as exc:
        ev(text, a=10)
    msg = str(exc.value)
    assert limit in msg and "\n" not in msg
    with pytest.raises(SpecError) as exc:
        Expression.parse(text, Loc("g.yaml", 3, 7)).evaluate({"a": F(10)})
    assert exc.value.file == "g.yaml" and exc.value.line == 3


def test_power_limit_is_on_the_result_not_the_exponent():
    # 2**9000 has 9001 bits (under MAX_POWER_BITS = 10,000): exact, as theory says
    assert ev("2**9000 / 2**8999") == 2
    assert ev("(1/2)**9000") == F(1, 2**9000)  # tiny is fine: its float view is 0.0
    # a base of 0 or +-1 has a small power whatever the exponent
    assert ev("1**(10**100)") == 1 and ev("(-1)**(10**100 + 1)") == -1 and ev("0**(10**100)") == 0
    with pytest.raises(SpecError, match="zero to a negative power"):
        ev("0**-1")


def test_error_points_at_the_failing_operation():
    with pytest.raises(SpecError) as exc:
        Expression.parse("1 + 2**(2**(2**20))", Loc("g.yaml", 4, 10)).evaluate({})
    assert (exc.value.line, exc.value.column) == (4, 10 + len("1 + 2**("))


def test_literals_are_exact_from_their_text():
    assert ev("1e-400") == F(1, 10**400)  # not the float 0.0
    assert ev("0.1 + 0.2") == F(3, 10)
    assert ev("1e300 / 1e299") == 10
    assert ev("10**400 / 10**399") == 10  # exact intermediates may leave the float range


@pytest.mark.parametrize("text", ["1e309", "10**400", "-(2**1024)", "2**1023 * 2"])
def test_values_must_have_a_float_value(text):
    """Games also keep a float view of their payoffs: a value beyond the float range is refused."""
    with pytest.raises(SpecError, match="float range"):
        ev(text)
    assert ev("2**1023") == 2**1023  # the largest power of two a float holds


@pytest.mark.parametrize("text, env", [
    ("exp(1000)", {}),
    ("exp(10**1000)", {}),
    ("y * 1e308 * 10", {"y": 1.0}),
    ("y ** y ** y", {"y": 10.0}),
    ("y ** 1e6", {"y": 10.0}),
    ("sqrt(2) * 10**400", {}),
])
def test_float_overflow_is_an_error_not_inf(text, env):
    with pytest.raises(SpecError, match="float range"):
        Expression.parse(text).evaluate(env)


def test_negative_base_fractional_power_is_an_error_not_complex():
    with pytest.raises(SpecError, match="fractional power"):
        ev("(-8)**(1/3)")


def test_arrays_non_finite_only_with_finite():
    p = np.array([1.0, 1e300])
    e = Expression.parse("p * p")
    out = e.evaluate({"p": p})
    assert out[0] == 1.0 and np.isinf(out[1])  # a sweep may hold a point a branch never uses
    with pytest.raises(SpecError, match="not finite at 1 of 2 points"):
        e.evaluate({"p": p}, finite=True)


def test_log_of_huge_exact_values():
    assert abs(ev("log(10**900)") - 900 * np.log(10)) < 1e-9
    assert abs(ev("log(10**-900)") + 900 * np.log(10)) < 1e-9


_LEAVES = st.one_of(
    st.sampled_from(["a", "b", "c", "0", "1", "2", "10", "0.5", "1e300", "1e-300", "1e1000", "7/3"]),
    st.integers(-10**6, 10**6).map(lambda i: f"({i})"),
)


def _grow(children):
    binop = st.tuples(children, st.sampled_from(["+", "-", "*", "/", "//", "%", "**", "<", "==",
                                                 " and ", " or "]), children)
    return st.one_of(
        binop.map(lambda t: f"({t[0]}{t[1]}{t[2]})"),
        st.tuples(st.sampled_from(["-", "+", "not "]), children).map(lambda t: f"({t[0]}{t[1]})"),
        st.tuples(children, children, children).map(lambda t: f"({t[0]} if {t[1]} else {t[2]})"),
        st.tuples(st.sampled_from(["abs", "exp", "log", "sqrt", "floor", "ceil"]), children)
        .map(lambda t: f"{t[0]}({t[1]})"),
        st.tuples(st.sampled_from(["min", "max"]), children, children)
        .map(lambda t: f"{t[0]}({t[1]}, {t[2]})"),
        st.tuples(children, children, children).map(lambda t: f"clip({t[0]}, {t[1]}, {t[2]})"),
    )


_EXPRESSIONS = st.recursive(_LEAVES, _grow, max_leaves=25)
_VALUES = st.one_of(
    st.fractions(max_denominator=10**6).filter(lambda x: abs(x) < 10**12),
    st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from([F(0), F(-1), F(10**300), F(1, 10**300), 1e308, -1e308, 5e-324]),
)


@given(_EXPRESSIONS, _VALUES, _VALUES, _VALUES)
def test_random_expressions_give_a_finite_value_or_a_spec_error(text, a, b, c):
    """Over the whole whitelisted grammar: a number that is finite (exact values within
    MAX_POWER_BITS), a boolean, or SpecError; never another exception, inf, nan or complex."""
    from treaty.spec._limits import MAX_POWER_BITS

    try:
        value = Expression.parse(text, Loc("h.yaml", 1, 1)).evaluate({"a": a, "b": b, "c": c})
    except SpecError as exc:
        assert "\n" not in str(exc) and exc.file == "h.yaml"
        return
    assert isinstance(value, (bool, Fraction, float)), (text, value)
    if isinstance(value, float):
        assert np.isfinite(value), text
    if isinstance(value, Fraction):
        assert max(value.numerator.bit_length(), value.denominator.bit_length()) <= MAX_POWER_BITS
        assert np.isfinite(float(value)), text
