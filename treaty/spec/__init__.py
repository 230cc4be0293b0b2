"""Specs: text <-> models.  Read a spec once (:func:`read_spec`), instantiate it anywhere."""

from __future__ import annotations

from .loader import load, loads, read_spec, read_spec_text
from .parametric import NfgSpec, Spec

__all__ = ["Spec", "NfgSpec", "read_spec", "read_spec_text", "load", "loads"]
