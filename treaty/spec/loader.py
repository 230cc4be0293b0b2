"""Reading spec files: YAML, JSON and Gambit ``.nfg``, dispatched by ``kind``."""

from __future__ import annotations

import importlib
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ..errors import SpecError, did_you_mean
from ._nodes import Node, parse_document
from ._params import ParameterSet, parse_parameters

__all__ = ["load", "loads", "read_document", "parameters_of", "SPEC_KINDS", "FORMAT_VERSION",
           "MAX_SPEC_BYTES"]

FORMAT_VERSION = 1
MAX_SPEC_BYTES = 50 * 1024 * 1024
#: spec kinds and the builders that turn their documents into models ("module:function")
SPEC_KINDS: dict[str, str] = {
    "normal-form": "treaty.spec._normal:build_normal_form",
    "membership": "treaty.spec.membership:build_membership",
}
_KIND_ALIASES = {"normal_form": "normal-form", "normal": "normal-form", "strategic": "normal-form"}


def _read_text(path: str | os.PathLike[str]) -> tuple[str, str]:
    file = str(path)
    p = Path(path)
    if not p.exists():
        raise SpecError("no such file", file=file, hint="check the path")
    if p.is_dir():
        raise SpecError("is a directory, not a spec file", file=file)
    size = p.stat().st_size
    if size > MAX_SPEC_BYTES:
        raise SpecError(f"file is {size:,} bytes, more than the {MAX_SPEC_BYTES:,} a spec may have",
                        file=file)
    try:
        return p.read_text(encoding="utf-8"), file
    except UnicodeDecodeError as exc:
        raise SpecError(f"not UTF-8 text (byte {exc.start})", file=file,
                        hint="save the spec as UTF-8") from None
    except OSError as exc:
        raise SpecError(f"cannot read: {exc.strerror}", file=file) from None


def read_document(text: str, file: str = "<string>") -> tuple[Node, str]:
    """Parse a YAML/JSON document and return its root node and its kind."""
    root = parse_document(text, file)
    fields = root.expect_map("a spec")
    if "treaty" in fields:
        v = fields["treaty"]
        version = v.expect_int("'treaty' (the format version)", minimum=1)
        if version > FORMAT_VERSION:
            raise v.error(f"spec format version {version} is newer than this treaty supports "
                          f"({FORMAT_VERSION})", "upgrade treaty")
    kind = "normal-form"
    if "kind" in fields:
        knode = fields["kind"]
        kind = knode.expect_str("'kind'").strip()
        kind = _KIND_ALIASES.get(kind, kind)
        if kind not in SPEC_KINDS:
            raise knode.error(f"unknown spec kind {kind!r}", did_you_mean(kind, SPEC_KINDS))
    return root, kind


def parameters_of(root: Node) -> ParameterSet:
    """The declared parameters of a parsed spec."""
    return parse_parameters(root.value.get("parameters"))


def _builder(kind: str) -> Any:
    module, _, func = SPEC_KINDS[kind].partition(":")
    return getattr(importlib.import_module(module), func)


def loads(text: str, params: Mapping[str, Any] | None = None, *, file: str = "<string>",
          format: str | None = None) -> Any:
    """Build a model from spec text (YAML or JSON; ``format="nfg"`` for Gambit's format)."""
    if format == "nfg" or (format is None and text.lstrip().startswith("NFG")):
        from .nfg import read_nfg

        if params:
            raise SpecError("a .nfg file has no parameters", file=file,
                            hint="convert it to YAML to add parameters")
        return read_nfg(text, file)
    root, kind = read_document(text, file)
    return _builder(kind)(root, params, file)


def load(path: str | os.PathLike[str], params: Mapping[str, Any] | None = None) -> Any:
    """Load a spec file (``.yaml``/``.yml``/``.json``/``.nfg``) into a model.

    Parameters
    ----------
    path : str or PathLike
        The spec file.
    params : mapping, optional
        Parameter overrides, e.g. ``{"p": Fraction(1, 2)}``; numbers given as text
        (``"1/2"``) or ints stay exact.

    Returns
    -------
    Game or MembershipGame
        A :class:`~treaty.game.Game` for normal-form specs and ``.nfg`` files.

    Raises
    ------
    SpecError
        For anything wrong in the file, with its line and column.
    """
    text, file = _read_text(path)
    fmt = "nfg" if file.lower().endswith(".nfg") else None
    return loads(text, params, file=file, format=fmt)
