"""A progress bar on stderr for CLI jobs, drawn only when stderr is a terminal."""

from __future__ import annotations

import sys
import time
from typing import TextIO

from desktop.core.jobs import Progress


class ProgressBar:
    """Callable that draws :class:`Progress` events as a one-line bar.

    Silent when the stream is not a TTY (pipes, CI logs) unless ``force``;
    redraws at most ten times a second so it never slows the job.
    """

    def __init__(
        self, stream: TextIO | None = None, *, force: bool = False, width: int = 30, unit: str = ""
    ) -> None:
        self.unit = f" {unit}" if unit else ""  # what ``rate`` counts ("words"), shown before "/s"
        self.stream = stream if stream is not None else sys.stderr
        self.enabled = force or bool(getattr(self.stream, "isatty", lambda: False)())
        self.width = width
        self._last_draw = 0.0
        self._drawn = False

    def __call__(self, event: Progress) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        final = event.total > 0 and event.done >= event.total
        if not final and now - self._last_draw < 0.1:
            return
        self._last_draw = now
        filled = int(self.width * event.fraction)
        bar = "#" * filled + "." * (self.width - filled)
        rate = f" · {event.rate:.0f}{self.unit}/s" if event.rate else ""
        msg = f" {event.message}" if event.message else ""
        self.stream.write(f"\r{event.stage:<10} [{bar}] {event.done}/{event.total}{rate}{msg}\x1b[K")
        self.stream.flush()
        self._drawn = True

    def close(self) -> None:
        """End the bar's line so later output starts on a fresh one."""
        if self.enabled and self._drawn:
            self.stream.write("\n")
            self.stream.flush()
