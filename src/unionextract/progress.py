"""Progress of a batch: a bar with docs/s and ETA on a terminal, plain log lines otherwise.

The bar is tqdm's (the `progress` extra), imported only when stderr is a terminal; in a log
(stderr not a TTY) a line is written every few seconds, so logs stay short whatever the size.
"""

from __future__ import annotations

import os
import sys
import time
from typing import TextIO


class Progress:
    def __init__(self, total: int | None, *, quiet: bool = False, stream: TextIO | None = None,
                 interval: float = 5.0) -> None:
        self.total = total
        self.done = 0
        self.quiet = quiet
        self.stream = stream or sys.stderr
        self.interval = interval
        self.started = time.monotonic()
        self._last = self.started
        self._bar = None
        if not quiet and _isatty(self.stream):
            try:
                from tqdm import tqdm
            except ImportError:
                tqdm = None
            if tqdm is not None:
                width = _columns(self.stream)
                # a terminal that reports no size (some ptys, CI consoles) gets a fixed one, else
                # tqdm draws a bar of zero columns on a screen of zero rows, i.e. nothing
                self._bar = tqdm(total=total, unit="doc", file=self.stream, smoothing=0.1,
                                 dynamic_ncols=bool(width), ncols=None if width else 100,
                                 nrows=None if width else 24)

    def update(self, n: int = 1, note: str | None = None) -> None:
        self.done += n
        if self.quiet:
            return
        if self._bar is not None:
            self._bar.update(n)
            return
        now = time.monotonic()
        if now - self._last >= self.interval:
            self._last = now
            self.stream.write(self.line() + "\n")
            self.stream.flush()

    def message(self, text: str) -> None:
        """A line that must not be torn by the bar (a failure, say)."""
        if self.quiet:
            return
        if self._bar is not None:
            self._bar.write(text, file=self.stream)
        else:
            self.stream.write(text + "\n")
            self.stream.flush()

    def rate(self) -> float:
        elapsed = time.monotonic() - self.started
        return self.done / elapsed if elapsed > 0 else 0.0

    def line(self) -> str:
        rate = self.rate()
        total = f"/{self.total}" if self.total is not None else ""
        eta = ""
        if self.total is not None and rate > 0:
            eta = f", ETA {format_seconds((self.total - self.done) / rate)}"
        return f"progress: {self.done}{total} docs, {rate:.1f} docs/s{eta}"

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()
            self._bar = None


def format_seconds(seconds: float) -> str:
    seconds = int(round(seconds))
    h, rest = divmod(seconds, 3600)
    m, s = divmod(rest, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"


def _columns(stream) -> int:
    try:
        return os.get_terminal_size(stream.fileno()).columns
    except (AttributeError, ValueError, OSError):
        return 0


def _isatty(stream) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
