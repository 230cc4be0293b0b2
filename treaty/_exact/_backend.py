"""Choice of the arithmetic behind the exact kernel: python-flint when importable, else Fractions.

python-flint (FLINT's exact integer and rational matrices and polynomials, with Arb ball
arithmetic for certified root isolation) is a runtime dependency because it is 3 to 800 times
faster than the pure-Fraction code on the systems and polynomials treaty solves
(``benchmarks/bench_exact.py``).  The pure-Fraction implementations (fraction-free Bareiss and
Gauss-Jordan elimination in :mod:`treaty._exact.linalg`, Sturm sequences in
:mod:`treaty._exact.poly`) are kept as the fallback and as an independent cross-check in the
tests; :func:`use_backend` switches between them.  Every kernel function takes and returns
Fractions and ints whichever backend runs, so no caller sees a flint type.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

flint: Any
try:  # pragma: no cover - which branch runs depends on the installation
    import flint
except ImportError:  # pragma: no cover
    flint = None

__all__ = ["BACKENDS", "backend", "use_backend", "flint"]

#: The backends, fastest first.
BACKENDS = ("flint", "fraction")

_current = "flint" if flint is not None else "fraction"


def backend() -> str:
    """The backend in use: ``"flint"`` or ``"fraction"``."""
    return _current


@contextmanager
def use_backend(name: str) -> Iterator[None]:
    """Run the enclosed block with the exact kernel on backend *name* (tests, benchmarks).

    >>> with use_backend("fraction"):
    ...     backend()
    'fraction'
    """
    global _current
    if name not in BACKENDS:
        raise ValueError(f"unknown backend {name!r}; known: {', '.join(BACKENDS)}")
    if name == "flint" and flint is None:
        raise ImportError("python-flint is not installed")
    old, _current = _current, name
    try:
        yield
    finally:
        _current = old
