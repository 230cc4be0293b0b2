"""Sweep files: rows written by suffix (``.csv``, ``.json``, ``.parquet``) and read back.

* CSV: a header with the column names, then one line per point; floats written with
  ``repr`` (shortest text that reads back to the same float, so a round trip is lossless),
  booleans as ``true``/``false``, NaN as an empty field.
* JSON: the JSON envelope of the ``sweep`` command (``output.schema.json``), rows included.
* Parquet: one column per column (needs pyarrow, the ``parquet`` extra).

:func:`read_sweep` reads any of them back into a :class:`~treaty.sweep.SweepResult` (column
types from the values: all ``true``/``false`` is bool, all numbers float, otherwise text),
which is how ``--resume`` continues a partial file.
"""

from __future__ import annotations

import csv
import json
import math
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import GameError, SpecError
from ..report.sweep import render_sweep, sweep_meta_json
from ._design import Design
from ._run import SweepResult

__all__ = ["write_sweep", "read_sweep", "check_output", "SUFFIXES", "require_pyarrow"]

SUFFIXES = (".csv", ".json", ".parquet")


def require_pyarrow() -> Any:
    try:
        import pyarrow
        import pyarrow.parquet
    except ImportError:
        raise GameError('Parquet output needs pyarrow, which is not installed: '
                        'pip install "treaty[parquet]"') from None
    return pyarrow


def check_output(path: str | Path) -> None:
    """Raise now, before any work, if *path* cannot be written as a sweep file: an unknown
    suffix, or ``.parquet`` without pyarrow."""
    if _suffix(path) == ".parquet":
        require_pyarrow()


def _suffix(path: str | Path) -> str:
    suffix = Path(path).suffix.lower()
    if suffix not in SUFFIXES:
        raise GameError(f"cannot tell the format of {str(path)!r} from its suffix "
                        f"(use one of {', '.join(SUFFIXES)})")
    return suffix


def write_sweep(result: SweepResult, path: str | Path) -> Path:
    """Write the rows of *result* to *path*, in the format its suffix names."""
    path = Path(path)
    suffix = _suffix(path)
    if suffix == ".parquet":
        pa = require_pyarrow()
        table = pa.table({k: (v.astype(str) if v.dtype == object else v)
                          for k, v in result.columns.items()})
        table = table.replace_schema_metadata({"treaty": sweep_meta_json(result)})
        import pyarrow.parquet as pq

        pq.write_table(table, path)
        return path
    text = render_sweep(result, "json" if suffix == ".json" else "csv")
    tmp = path.with_name(path.name + ".part")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)
    return path


def _typed(values: list[str]) -> np.ndarray:
    if values and all(v in ("true", "false") for v in values):
        return np.array([v == "true" for v in values], dtype=bool)
    if values and all(v.lstrip("-").isdigit() for v in values):
        return np.array([int(v) for v in values], dtype=np.int64)
    try:
        return np.array([float(v) if v != "" else math.nan for v in values], dtype=np.float64)
    except ValueError:
        pass
    return np.array(values, dtype=object)


def _json_column(values: list[Any]) -> np.ndarray:
    if values and all(isinstance(v, bool) for v in values):
        return np.array(values, dtype=bool)
    if values and all(isinstance(v, int) and not isinstance(v, bool) for v in values):
        return np.array(values, dtype=np.int64)
    if all(isinstance(v, (int, float)) or v is None for v in values):
        return np.array([math.nan if v is None else float(v) for v in values], dtype=np.float64)
    return np.array(values, dtype=object)


def read_sweep(path: str | Path, parameters: tuple[str, ...] | None = None) -> SweepResult:
    """Read a sweep file written by :func:`write_sweep` (or a partial one).

    Parameters
    ----------
    path : str or Path
    parameters : tuple of str, optional
        The parameter columns of a CSV file (default: the leading columns whose values are
        all numbers and whose names are not classifier columns -- give them to be sure).
    """
    path = Path(path)
    suffix = _suffix(path)
    meta: dict[str, Any] = {}
    if suffix == ".parquet":
        require_pyarrow()
        import pyarrow.parquet as pq

        table = pq.read_table(path)
        raw = (table.schema.metadata or {}).get(b"treaty")
        meta = json.loads(raw) if raw else {}
        columns = {k: _arrow_column(table.column(k).to_numpy(zero_copy_only=False))
                   for k in table.column_names}
    elif suffix == ".json":
        try:
            doc = json.loads(path.read_text(encoding="utf-8"))
            res = doc["result"]
            names = res["columns"]
            rows = res["rows"]
        except (ValueError, KeyError, TypeError) as exc:
            raise SpecError(f"not a sweep file: {exc}", file=str(path)) from None
        meta = res
        columns = {k: _json_column([r[j] for r in rows]) for j, k in enumerate(names)}
    else:
        with path.open(newline="", encoding="utf-8") as fh:
            reader = csv.reader(fh)
            try:
                names = next(reader)
            except StopIteration:
                raise SpecError("empty sweep file", file=str(path)) from None
            lines = [r for r in reader if r]
        if any(len(r) != len(names) for r in lines):
            bad = next(i for i, r in enumerate(lines) if len(r) != len(names))
            raise SpecError(f"row {bad + 1} has a different number of fields from the header",
                            file=str(path), line=bad + 2)
        columns = {k: _typed([r[j] for r in lines]) for j, k in enumerate(names)}
    dmeta = meta.get("design", {})
    pnames = tuple(parameters or dmeta.get("parameters") or _leading_parameters(columns))
    for k in pnames:
        if k not in columns:
            raise SpecError(f"the sweep file has no column {k!r}", file=str(path))
    design = Design(pnames, {k: np.asarray(columns[k], dtype=np.float64) for k in pnames},
                    dmeta.get("method", "grid"),
                    tuple(dmeta["shape"]) if dmeta.get("shape") else None, dmeta.get("seed"))
    n = len(next(iter(columns.values()))) if columns else 0
    complete = bool(meta.get("complete", True)) and (design.shape is None or
                                                     int(np.prod(design.shape)) == n)
    return SweepResult(design, columns, tuple(meta.get("classifiers", ())), meta.get("file"),
                       complete=complete)


_RESULT_SUFFIXES = ("_equilibrium", "_unique", "_stable", "_discount")


def _leading_parameters(columns: dict[str, np.ndarray]) -> list[str]:
    """The parameter columns of a file without metadata (CSV): the leading float columns
    that are not named as a built-in classifier's columns are."""
    out = []
    for k, col in columns.items():
        if col.dtype.kind != "f" or k in ("equilibria", "pure") or k.endswith(_RESULT_SUFFIXES):
            break
        out.append(k)
    return out


def _arrow_column(values: np.ndarray) -> np.ndarray:
    if values.dtype == object:
        return np.array(values.tolist(), dtype=object)
    return values
