"""Exact and float number handling shared by the whole engine.

Exact values are :class:`fractions.Fraction`; arrays of them are numpy ``object`` arrays.
Floats are the fast view.  Nothing here is public API.
"""

from __future__ import annotations

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
    "number_to_json",
]


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
