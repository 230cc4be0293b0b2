"""Reading spec files: YAML, JSON and Gambit ``.nfg``, dispatched by ``kind``.

:func:`read_spec` reads a file once into a parametric :class:`~treaty.spec.parametric.Spec`;
:func:`load` is ``read_spec(path).instantiate(params)``.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from ..errors import SpecError, did_you_mean
from ._limits import MAX_SPEC_BYTES
from ._nodes import Node, parse_document
from ._params import ParameterSet, parse_parameters
from .extensive import read_extensive_form
from .membership import read_membership
from .normal import read_normal_form
from .parametric import EfgSpec, NfgSpec, Spec

__all__ = ["read_spec", "read_spec_text", "load", "loads", "read_document", "parameters_of",
           "SPEC_KINDS", "FORMAT_VERSION", "MAX_SPEC_BYTES"]

FORMAT_VERSION = 1
#: spec kinds and their readers (parsed document, file name) -> Spec
SPEC_KINDS: dict[str, Callable[[Node, str], Spec]] = {
    "normal-form": read_normal_form,
    "membership": read_membership,
    "extensive-form": read_extensive_form,
}
_KIND_ALIASES = {"normal_form": "normal-form", "normal": "normal-form", "strategic": "normal-form",
                 "extensive_form": "extensive-form", "extensive": "extensive-form"}


def _read_text(path: str | os.PathLike[str]) -> tuple[str, str]:
    """The text of a spec file (the one place a spec file is opened)."""
    file = str(path)
    p = Path(path)
    if not p.exists():
        raise SpecError("no such file", file=file, hint="check the path")
    if p.is_dir():
        raise SpecError("is a directory, not a spec file", file=file)
    size = p.stat().st_size
    if size > MAX_SPEC_BYTES:
        raise SpecError(f"the file is {size:,} bytes, more than the limit of {MAX_SPEC_BYTES:,} "
                        "(MAX_SPEC_BYTES)", file=file, hint=_TOO_BIG_HINT)
    try:
        with p.open("rb") as fh:  # at most one byte past the limit: a device or pipe may not end
            data = fh.read(MAX_SPEC_BYTES + 1)
    except OSError as exc:
        raise SpecError(f"cannot read: {exc.strerror}", file=file) from None
    if len(data) > MAX_SPEC_BYTES:
        raise SpecError(f"the file is more than {MAX_SPEC_BYTES:,} bytes, the limit (MAX_SPEC_BYTES)",
                        file=file, hint=_TOO_BIG_HINT)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise SpecError(f"not UTF-8 text (byte {exc.start})", file=file,
                        hint="save the spec as UTF-8") from None
    return text.replace("\r\n", "\n").replace("\r", "\n"), file  # universal newlines, as text mode


_TOO_BIG_HINT = "a spec is a small document; build a larger game with the Python API (treaty.Game)"


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


def read_spec_text(text: str, *, file: str = "<string>", format: str | None = None) -> Spec:
    """Read spec text (YAML or JSON; ``format="nfg"``/``"efg"`` for Gambit's) into a :class:`Spec`.

    The text is parsed and its structure validated once; instantiate the result at any
    parameter point with :meth:`Spec.instantiate`.
    """
    if format == "nfg" or (format is None and text.lstrip().startswith("NFG")):
        from .nfg import read_nfg

        return NfgSpec(read_nfg(text, file), file)
    if format == "efg" or (format is None and text.lstrip().startswith("EFG")):
        from .efg import read_efg

        return EfgSpec(read_efg(text, file), file)
    root, kind = read_document(text, file)
    return SPEC_KINDS[kind](root, file)


def read_spec(path: str | os.PathLike[str]) -> Spec:
    """Read a spec file (``.yaml``/``.yml``/``.json``/``.nfg``/``.efg``) once into a :class:`Spec`.

    Parameters
    ----------
    path : str or PathLike
        The spec file.

    Returns
    -------
    Spec
        A :class:`~treaty.spec.normal.NormalFormSpec`,
        :class:`~treaty.spec.membership.MembershipSpec` or
        :class:`~treaty.spec.extensive.ExtensiveFormSpec`,
        :class:`~treaty.spec.parametric.NfgSpec` or :class:`~treaty.spec.parametric.EfgSpec`:
        call ``instantiate(params)`` for the model
        at a parameter point (the file is not read again).

    Raises
    ------
    SpecError
        For anything wrong in the file's structure, with its line and column.

    Examples
    --------
    >>> spec = read_spec("games/safety_pact.yaml")
    >>> spec.kind, "p" in spec.parameters.names
    ('normal-form', True)
    >>> spec.instantiate({"p": "1/2"}).info.parameters["p"]
    Fraction(1, 2)
    """
    text, file = _read_text(path)
    fmt = "nfg" if file.lower().endswith(".nfg") else "efg" if file.lower().endswith(".efg") \
        else None
    return read_spec_text(text, file=file, format=fmt)


def loads(text: str, params: Mapping[str, Any] | None = None, *, file: str = "<string>",
          format: str | None = None) -> Any:
    """Build a model from spec text (YAML or JSON; ``format="nfg"`` for Gambit's format)."""
    return read_spec_text(text, file=file, format=format).instantiate(params)


def load(path: str | os.PathLike[str], params: Mapping[str, Any] | None = None) -> Any:
    """Load a spec file (``.yaml``/``.yml``/``.json``/``.nfg``) into a model.

    Equivalent to ``read_spec(path).instantiate(params)``.

    Parameters
    ----------
    path : str or PathLike
        The spec file.
    params : mapping, optional
        Parameter overrides, e.g. ``{"p": Fraction(1, 2)}``; numbers given as text
        (``"1/2"``) or ints stay exact.

    Returns
    -------
    Game, MembershipGame or TreeGame
        A :class:`~treaty.game.Game` for normal-form specs and ``.nfg`` files, a
        :class:`~treaty.extensive.TreeGame` for extensive-form specs and ``.efg`` files.

    Raises
    ------
    SpecError
        For anything wrong in the file, with its line and column.
    """
    return read_spec(path).instantiate(params)
