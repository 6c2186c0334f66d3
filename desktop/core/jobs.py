"""Long work as generators: progress events out, cancellation in.

Every long operation in the core (translation, analysis, export, model
installs) is written as a generator that yields :class:`Progress` events and
checks a :class:`CancelToken` between units of work; its ``return`` value is
the result. The CLI drains it and draws a progress bar; the GUI runs it in a
worker thread and turns each event into a signal. One implementation, two
faces (see DESIGN.md, "The pipeline").
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Generator
from dataclasses import dataclass, field
from typing import Any, TypeVar

from desktop.core.errors import Cancelled

T = TypeVar("T")


@dataclass(frozen=True)
class Progress:
    """One progress report from a job.

    ``payload`` carries results finished since the last event (for example the
    translated sentences of one batch), so a consumer can show them at once.
    ``rate`` is units per second (words per second for translation) or None.
    """

    stage: str
    done: int
    total: int
    message: str = ""
    rate: float | None = None
    payload: Any = None

    @property
    def fraction(self) -> float:
        """Completed share in [0, 1]; 0 when the total is not known."""
        return min(1.0, self.done / self.total) if self.total > 0 else 0.0


class CancelToken:
    """A thread-safe flag the user sets to stop a job between units of work."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        """Ask the job to stop at its next check point."""
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def raise_if_cancelled(self) -> None:
        """Raise :class:`Cancelled` when cancel() was called."""
        if self._event.is_set():
            raise Cancelled()


Job = Generator[Progress, None, T]


def run_job(job: Generator[Progress, None, T], on_progress: Callable[[Progress], None] | None = None) -> T:
    """Drive ``job`` to the end, passing each event to ``on_progress``; return its result."""
    while True:
        try:
            event = next(job)
        except StopIteration as stop:
            return stop.value
        if on_progress is not None:
            on_progress(event)


@dataclass
class RateMeter:
    """Units per second since creation, for 'words per second' displays."""

    started: float = field(default_factory=time.perf_counter)
    units: int = 0

    def add(self, n: int) -> float:
        """Count ``n`` more units and return the running rate."""
        self.units += n
        return self.rate()

    def rate(self) -> float:
        """The rate now: between additions it falls as time passes, so a display never freezes."""
        elapsed = max(time.perf_counter() - self.started, 1e-6)
        return self.units / elapsed
