"""A minimal progress bar on stderr for long coalition scans (off when not a terminal)."""

from __future__ import annotations

import sys
import time
from typing import TextIO

__all__ = ["Progress"]


class Progress:
    """Progress over *total* units, drawn at most ten times a second.

    Parameters
    ----------
    total : int
    label : str
    enabled : bool or None
        None: draw only when stderr is a terminal and the job is long enough.
    stream : file, optional
    """

    def __init__(self, total: int, label: str, enabled: bool | None = None,
                 stream: TextIO | None = None, min_total: int = 1 << 18) -> None:
        self.stream = stream or sys.stderr
        if enabled is None:
            enabled = total >= min_total and bool(getattr(self.stream, "isatty", lambda: False)())
        self.enabled = enabled
        self.total = max(total, 1)
        self.label = label
        self.done = 0
        self._last = 0.0

    def update(self, k: int) -> None:
        self.done += k
        if not self.enabled:
            return
        now = time.monotonic()
        if now - self._last < 0.1 and self.done < self.total:
            return
        self._last = now
        frac = self.done / self.total
        bar = "#" * int(30 * frac)
        self.stream.write(f"\r{self.label} [{bar:<30}] {100 * frac:5.1f}% "
                          f"{self.done:,}/{self.total:,}")
        self.stream.flush()

    def close(self) -> None:
        if self.enabled:
            self.stream.write("\n")
            self.stream.flush()
