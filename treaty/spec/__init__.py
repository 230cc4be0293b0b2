"""Specs: text <-> models.  Read a spec once (:func:`read_spec`), instantiate it anywhere.

The names are loaded on first use: the readers import the models, and the models import
:mod:`treaty.spec.expressions`, so importing them here eagerly would be circular.
"""

from __future__ import annotations

from typing import Any

__all__ = ["Spec", "NfgSpec", "read_spec", "read_spec_text", "load", "loads"]


def __getattr__(name: str) -> Any:
    if name in ("Spec", "NfgSpec"):
        from . import parametric

        return getattr(parametric, name)
    if name in ("read_spec", "read_spec_text", "load", "loads"):
        from . import loader

        return getattr(loader, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return list(__all__)
