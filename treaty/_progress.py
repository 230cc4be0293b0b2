"""Progress on stderr for long computations: the one progress facility of the package.

Two shapes of feedback, both written to ``sys.stderr`` (never stdout) and only when it is a
terminal:

* :class:`Progress` -- a bar over a known number of units, redrawn at most ten times a second,
  with an estimate of the time left once a rate is known;
* :func:`phase` -- a named stage without a known total (``"equilibria ..."``), closed with the
  elapsed time.

Whether anything is drawn is decided, in this order, by

1. an explicit ``enabled=True/False`` argument (the API's ``progress=`` keywords);
2. the quiet switch (:func:`set_quiet`, :func:`quiet`; the CLI's ``--quiet``) -- off;
3. the environment variable ``TREATY_PROGRESS`` -- ``0`` forces it off, ``1`` on (even when
   stderr is not a terminal; meant for tests and logs);
4. otherwise: on when stderr is a terminal.

On a terminal, and unless forced, nothing is drawn for work that ends within
:data:`DELAY` seconds, so quick commands stay silent.
"""

from __future__ import annotations

import os
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from types import TracebackType
from typing import TextIO

__all__ = ["Progress", "Phase", "phase", "quiet", "set_quiet", "is_quiet", "progress_enabled",
           "format_seconds", "DELAY", "ENV"]

ENV = "TREATY_PROGRESS"
DELAY = 0.5
"""Seconds a task runs before anything is drawn for it (when not forced on)."""
_INTERVAL = 0.1

_quiet = False
# Text currently standing on the terminal line without a newline, and its owner.
_line_owner: object | None = None
_stack: list[Phase] = []
_lock = threading.RLock()


def set_quiet(value: bool = True) -> None:
    """Turn all progress output off (``True``) or back to the default (``False``)."""
    global _quiet
    _quiet = bool(value)


def is_quiet() -> bool:
    return _quiet


@contextmanager
def quiet(value: bool = True) -> Iterator[None]:
    """Context manager: no progress output inside the block (restores the previous state)."""
    global _quiet
    old = _quiet
    _quiet = bool(value)
    try:
        yield
    finally:
        _quiet = old


def _forced() -> bool | None:
    value = os.environ.get(ENV, "").strip().lower()
    if value in ("0", "false", "no", "off"):
        return False
    if value in ("1", "true", "yes", "on"):
        return True
    return None


def _isatty(stream: TextIO) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError, OSError):
        return False


def progress_enabled(enabled: bool | None = None, stream: TextIO | None = None) -> bool:
    """Whether progress would be drawn on *stream* (default stderr); see the module notes."""
    if enabled is not None:
        return bool(enabled)
    if _quiet:
        return False
    forced = _forced()
    if forced is not None:
        return forced
    return _isatty(stream if stream is not None else sys.stderr)


def _immediate(enabled: bool | None) -> bool:
    """Draw from the start (forced on) rather than after :data:`DELAY`."""
    return enabled is True or (not _quiet and _forced() is True)


def format_seconds(seconds: float) -> str:
    """``0.4 s``, ``12 s``, ``3 min 05 s``, ``2 h 10 min``."""
    if seconds < 10:
        return f"{seconds:.1f} s"
    if seconds < 60:
        return f"{seconds:.0f} s"
    minutes, sec = divmod(int(round(seconds)), 60)
    if minutes < 60:
        return f"{minutes} min {sec:02d} s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} min"


def _claim_line(owner: object, stream: TextIO) -> None:
    """Start a fresh line if another task's text stands on the current one."""
    global _line_owner
    if _line_owner is not None and _line_owner is not owner:
        stream.write("\n")
    _line_owner = owner


def _release_line(owner: object) -> None:
    global _line_owner
    if _line_owner is owner:
        _line_owner = None


class Progress:
    """Progress over *total* units, drawn on stderr at most ten times a second.

    Parameters
    ----------
    total : int
        Number of units of work.
    label : str
        What is being done (``"coalitions"``).
    enabled : bool or None
        True/False force it; None: decided by :func:`progress_enabled` (quiet switch,
        ``TREATY_PROGRESS``, stderr a terminal).
    stream : file, optional
        Default ``sys.stderr`` at construction time.
    unit : str
        Shown after the counts (``"pairs"``).

    Examples
    --------
    >>> with Progress(1000, "work", enabled=False) as bar:
    ...     for _ in range(10):
    ...         bar.update(100)
    >>> bar.done
    1000
    """

    def __init__(self, total: int, label: str, enabled: bool | None = None,
                 stream: TextIO | None = None, unit: str = "") -> None:
        self.stream = stream if stream is not None else sys.stderr
        self.enabled = progress_enabled(enabled, self.stream)
        self._delay = 0.0 if _immediate(enabled) else DELAY
        self.total = max(int(total), 1)
        self.label = label
        self.unit = unit
        self.done = 0
        self._start = time.monotonic()
        self._last = -1.0
        self._drawn = False
        self._drawn_at = -1
        self._indent = "  " * len(_stack)
        self._el = "\x1b[K" if _isatty(self.stream) else ""

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    def update(self, k: int = 1) -> None:
        """Add *k* finished units and redraw if 0.1 s have passed since the last drawing."""
        self.done += k
        if not self.enabled:
            return
        now = time.monotonic()
        elapsed = now - self._start
        if elapsed < self._delay:
            return
        if now - self._last < _INTERVAL and self.done < self.total:
            return
        self._last = now
        self._draw(elapsed)

    def _draw(self, elapsed: float) -> None:
        frac = min(self.done / self.total, 1.0)
        bar = "#" * int(30 * frac)
        unit = f" {self.unit}" if self.unit else ""
        tail = ""
        if self.done >= self.total:
            tail = f" {format_seconds(elapsed)}"
        elif self.done > 0 and elapsed >= 0.2:
            eta = elapsed * (self.total - self.done) / self.done
            tail = f" ETA {format_seconds(eta)}"
        with _lock:
            _show_ancestors(self)
            _claim_line(self, self.stream)
            self.stream.write(f"\r{self._indent}{self.label} [{bar:<30}] {100 * frac:5.1f}% "
                              f"{self.done:,}/{self.total:,}{unit}{tail}{self._el}")
            self.stream.flush()
            self._drawn = True
            self._drawn_at = self.done

    def close(self) -> None:
        """End the bar's line (only if something was drawn)."""
        with _lock:
            if self._drawn:
                if self._drawn_at != self.done:
                    self._draw(time.monotonic() - self._start)
                self.stream.write("\n")
                self.stream.flush()
                self._drawn = False
            _release_line(self)


class Phase:
    """A named stage of work without a known total; see :func:`phase`."""

    def __init__(self, label: str, enabled: bool | None = None,
                 stream: TextIO | None = None) -> None:
        self.stream = stream if stream is not None else sys.stderr
        self.enabled = progress_enabled(enabled, self.stream)
        self._immediate = _immediate(enabled)
        self.label = label
        self.note = ""
        self._start = time.monotonic()
        self._last = -1.0
        self._shown = False
        self._closed = False
        self._timer: threading.Timer | None = None
        self._indent = "  " * len(_stack)
        self._el = "\x1b[K" if _isatty(self.stream) else ""

    def _show(self) -> None:
        """Draw ``label ... note`` (the caller holds the lock)."""
        if self._closed:
            return
        _show_ancestors(self)
        _claim_line(self, self.stream)
        note = f" {self.note}" if self.note else ""
        self.stream.write(f"\r{self._indent}{self.label} ...{note}{self._el}")
        self.stream.flush()
        self._shown = True

    def _on_timer(self) -> None:
        with _lock:
            if not self._shown:
                self._show()

    def start(self) -> None:
        if not self.enabled:
            return
        if self._immediate:
            with _lock:
                self._show()
        else:
            self._timer = threading.Timer(DELAY, self._on_timer)
            self._timer.daemon = True
            self._timer.start()

    def update(self, note: str = "") -> None:
        """Say how far the stage is (``"support size 3 of 15"``); redrawn at most 10 times/s."""
        self.note = note
        if not self.enabled:
            return
        now = time.monotonic()
        if not self._immediate and now - self._start < DELAY:
            return
        if now - self._last < _INTERVAL:
            return
        self._last = now
        with _lock:
            self._show()

    def finish(self, failed: bool = False) -> float:
        """Close the stage; returns the elapsed seconds."""
        elapsed = time.monotonic() - self._start
        if self._timer is not None:
            self._timer.cancel()
        with _lock:
            shown, self._closed = self._shown, True
            if not (self.enabled and shown):
                return elapsed
            status = "failed" if failed else "done"
            if _line_owner is self:
                self.stream.write(f"\r{self._indent}{self.label} ... {status} "
                                  f"({format_seconds(elapsed)}){self._el}\n")
            else:
                _claim_line(self, self.stream)
                self.stream.write(f"{self._indent}{self.label} {status} "
                                  f"({format_seconds(elapsed)})\n")
            self.stream.flush()
            _release_line(self)
        return elapsed


def _show_ancestors(task: object) -> None:
    """Before *task* draws, draw the enclosing stages not drawn yet (outermost first)."""
    for ph in _stack:
        if ph is task:
            break
        if ph.enabled and not ph._shown and not ph._closed:
            ph._show()


@contextmanager
def phase(label: str, enabled: bool | None = None,
          stream: TextIO | None = None) -> Iterator[Phase]:
    """Announce a stage of work on stderr: ``label ...`` then ``label ... done (1.2 s)``.

    Stages nest (inner ones are indented); a :class:`Progress` bar inside a stage is drawn on
    its own line.  On a terminal a stage is announced only once it has run :data:`DELAY`
    seconds (a timer thread draws the line), so quick stages print nothing; with
    ``TREATY_PROGRESS=1`` (or ``enabled=True``) it is announced at once.

    Examples
    --------
    >>> with phase("thresholds", enabled=False) as ph:
    ...     ph.update("b x cooperate")
    """
    ph = Phase(label, enabled, stream)
    ph.start()
    _stack.append(ph)
    failed = True
    try:
        yield ph
        failed = False
    finally:
        _stack.remove(ph)
        ph.finish(failed)
