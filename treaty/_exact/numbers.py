"""Exact and float number handling shared by the whole engine.

Exact values are :class:`fractions.Fraction`; arrays of them are numpy ``object`` arrays.
Floats are the fast view.  Nothing here is public API.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from fractions import Fraction
from typing import Any

import numpy as np

__all__ = [
    "as_fraction",
    "to_exact_array",
    "is_exact_array",
    "float_view",
    "format_number",
    "format_decimal",
    "format_readable",
    "annotate_fractions",
    "number_to_csv",
    "number_to_json",
    "DEFAULT_DECIMALS",
    "MAX_DECIMALS",
]

#: decimals shown beside an exact fraction and for floats in text tables (``--decimals N``)
DEFAULT_DECIMALS = 3
#: the most decimals ``--decimals`` accepts (a float holds about 16 significant digits)
MAX_DECIMALS = 15


def as_fraction(value: Any) -> Fraction:
    """Convert an int, Fraction, decimal string, ``"a/b"`` string or numpy integer to Fraction.

    Floats are converted through their shortest decimal representation, so ``0.1`` becomes
    ``1/10`` (what the user typed), not the binary expansion.

    >>> as_fraction("2/6"), as_fraction(0.1), as_fraction(3)
    (Fraction(1, 3), Fraction(1, 10), Fraction(3, 1))
    """
    if isinstance(value, Fraction):
        return value
    if isinstance(value, (bool, np.bool_)):
        return Fraction(int(value))
    if isinstance(value, (int, np.integer)):
        return Fraction(int(value))
    if isinstance(value, (float, np.floating)):
        if not np.isfinite(value):
            raise ValueError(f"cannot represent {value!r} exactly")
        return Fraction(repr(float(value)))
    if isinstance(value, str):
        return Fraction(value.strip())
    raise TypeError(f"cannot convert {type(value).__name__} to an exact number")


def is_exact_array(arr: np.ndarray) -> bool:
    """True for object arrays whose entries are all Fractions (or ints)."""
    if arr.dtype != object:
        return bool(np.issubdtype(arr.dtype, np.integer))
    return all(isinstance(v, (Fraction, int)) and not isinstance(v, bool) for v in arr.flat)


def to_exact_array(arr: Any) -> np.ndarray:
    """Return an object array of Fractions with the same shape as *arr*."""
    a = np.asarray(arr, dtype=object)
    out = np.empty(a.shape, dtype=object)
    flat_in = a.reshape(-1)
    flat_out = out.reshape(-1)
    for k, v in enumerate(flat_in):
        flat_out[k] = as_fraction(v)
    return out


def float_view(arr: np.ndarray) -> np.ndarray:
    """Float64 copy of an exact or float array."""
    return np.asarray(arr, dtype=np.float64) if arr.dtype != object else arr.astype(np.float64)


def format_number(value: Any, digits: int = 6) -> str:
    """Short human form: ``1/3`` for exact values, ``0.333333`` for floats.

    >>> format_number(Fraction(2, 4)), format_number(Fraction(3)), format_number(1/3)
    ('1/2', '3', '0.333333')
    """
    if isinstance(value, Fraction):
        return str(value.numerator) if value.denominator == 1 else f"{value.numerator}/{value.denominator}"
    if isinstance(value, (int, np.integer)):
        return str(int(value))
    v = float(value)
    if v == 0:
        return "0"
    return f"{v:.{digits}g}"


def _plain_decimal(value: Fraction, decimals: int) -> str:
    """*value* rounded to *decimals* places (half to even), written from exact integers."""
    scaled = round(value * 10 ** decimals)  # Fraction.__round__: exact, ties to even
    sign = "-" if scaled < 0 else ""
    digits = str(abs(scaled)).rjust(decimals + 1, "0")
    if decimals == 0:
        return sign + digits
    return f"{sign}{digits[:-decimals]}.{digits[-decimals:]}"


def format_decimal(value: Any, decimals: int = DEFAULT_DECIMALS) -> str:
    """A number as a decimal with *decimals* places, for a person to read.

    Rounded half to even from the exact value (a Fraction is never rounded through a float).
    Trailing zeros are dropped when the decimal is the value exactly (``0.75``, ``5``), so a
    decimal with all its places (``0.344``) reads as rounded.  A value too small to show in
    *decimals* places keeps *decimals* significant digits (``0.000123``); a value of 1e15 or
    more is shown in scientific notation.

    >>> format_decimal(Fraction(31, 90)), format_decimal(Fraction(3, 4)), format_decimal(5)
    ('0.344', '0.75', '5')
    >>> format_decimal(1 / 3, 5), format_decimal(Fraction(-2, 3)), format_decimal(1.23e-7)
    ('0.33333', '-0.667', '1.23e-07')
    """
    if isinstance(value, (bool, np.bool_)):
        value = int(value)
    if isinstance(value, (float, np.floating)):
        v = float(value)
        if not np.isfinite(v):
            return str(v)
        exact = Fraction(v)
    else:
        exact = as_fraction(value)
    if exact == 0:
        return "0"
    if abs(exact) >= 10 ** 15:
        return f"{float(exact):.{max(decimals, 1) + 2}e}"
    rounded = round(exact, decimals)
    if rounded == 0:
        return f"{float(exact):.{max(decimals, 1)}g}"
    if rounded == exact:  # the decimal is exact: no trailing zeros
        text = _plain_decimal(exact, decimals)
        return text.rstrip("0").rstrip(".") if "." in text else text
    return _plain_decimal(exact, decimals)


def format_readable(value: Any, decimals: int | None = DEFAULT_DECIMALS) -> str:
    """A number for a text table: an exact fraction with its decimal beside it.

    Integers (exact or not) as integers, a non-integer Fraction as ``a/b (decimal)``, a float as
    a decimal with *decimals* places.  ``decimals=0`` or None shows exact values as fractions
    only and floats with 6 significant digits (:func:`format_number`).

    >>> format_readable(Fraction(31, 90)), format_readable(Fraction(6)), format_readable(269.70349)
    ('31/90 (0.344)', '6', '269.703')
    >>> format_readable(Fraction(61, 8), 1), format_readable(Fraction(1, 3), 0)
    ('61/8 (7.6)', '1/3')
    """
    if not decimals:
        return format_number(value)
    if isinstance(value, Fraction):
        if value.denominator == 1:
            return str(value.numerator)
        return f"{value.numerator}/{value.denominator} ({format_decimal(value, decimals)})"
    if isinstance(value, (int, np.integer)):
        return str(int(value))
    return format_decimal(value, decimals)


#: a fraction ``a/b`` (with its sign when it is one) inside a sentence
_FRACTION = re.compile(r"(?<![\w.)/*^])(-?)(\d+)/(\d+)(?![\w/(]|\.\d| \(-?\d[\d.e+-]*\))")


def annotate_fractions(text: str, decimals: int | None = DEFAULT_DECIMALS) -> str:
    """Put the decimal beside every fraction ``a/b`` of a sentence: ``p in [31/90 (0.344), 1]``.

    Meant for the sentences of ``describe()``, not for formulas; a fraction already followed
    by its decimal is left alone.  ``decimals=0`` or None returns *text* unchanged.

    >>> annotate_fractions("pact for p in [31/90, 1]; binds at p = -1/4.")
    'pact for p in [31/90 (0.344), 1]; binds at p = -1/4 (-0.25).'
    """
    if not decimals:
        return text

    def repl(m: re.Match[str]) -> str:
        den = int(m.group(3))
        if den == 0 or len(m.group(2)) + len(m.group(3)) > 600:
            return m.group(0)
        value = Fraction(int(m.group(2)), den) * (-1 if m.group(1) else 1)
        return m.group(0) if value.denominator == 1 else f"{m.group(0)} ({format_decimal(value, decimals)})"

    return _FRACTION.sub(repl, text)


def number_to_csv(value: Any) -> str:
    """Lossless CSV cell: exact values as ``a/b`` or an integer, floats in full (``repr``).

    >>> number_to_csv(Fraction(31, 90)), number_to_csv(2), number_to_csv(269.70349123456789)
    ('31/90', '2', '269.7034912345679')
    >>> number_to_csv(None), number_to_csv(True)
    ('', 'true')
    """
    if value is None:
        return ""
    if isinstance(value, (bool, np.bool_)):
        return "true" if value else "false"
    if isinstance(value, Fraction):
        return format_number(value)
    if isinstance(value, (int, np.integer)):
        return str(int(value))
    if isinstance(value, (float, np.floating)):
        return repr(float(value))
    return str(value)


def number_to_json(value: Any) -> Any:
    """JSON form: exact values as strings (``"1/3"``, ``"2"``), floats as floats."""
    if isinstance(value, Fraction):
        return format_number(value)
    if isinstance(value, (int, np.integer)):
        return str(int(value))
    return float(value)


def contract_others(payoff: np.ndarray, profile: Sequence[np.ndarray], player: int) -> np.ndarray:
    """Expected payoff of each pure strategy of *player* against the others' mixed strategies.

    *payoff* has shape ``(n_1, ..., n_N)``; *profile* holds one probability vector per player.
    Works on object (Fraction) and float arrays alike.
    """
    out = payoff
    # contract from the last axis down so axis numbers stay valid
    for j in range(len(profile) - 1, -1, -1):
        if j == player:
            continue
        out = np.tensordot(out, np.asarray(profile[j], dtype=out.dtype), axes=([j], [0]))
    return out
