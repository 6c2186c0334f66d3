"""Run core generator jobs off the main thread and turn their events into signals.

A :class:`Worker` takes a *factory* ``(CancelToken) -> Generator[Progress, None, T]``
(every long core operation is written that way, see ``desktop.core.jobs``),
drives it in ``QThreadPool.globalInstance()`` and re-emits what happens as
signals of an object that lives on the main thread — so every connected slot,
lambda or method, runs on the main thread and may touch widgets.

Every started worker is kept in a registry until its last signal has been
delivered. That gives the app one place to cancel everything and wait when the
window closes, and gives tests one place to assert that no thread was left
running.

Library work runs on :func:`database_lane`: one thread that runs its jobs one
after another, in the order they were started (Anki's CollectionOp/QueryOp).
So the UI thread never waits on SQLite (a library busy in another process
makes a lane job wait, not the window), and a job that refers to an earlier
one's result (delete the note just added) finds it done.
"""

from __future__ import annotations

import threading
import time
import traceback
from collections.abc import Callable, Generator
from typing import Any

from PySide6.QtCore import QCoreApplication, QElapsedTimer, QObject, QRunnable, Qt, QThreadPool, Signal

from desktop.core.errors import Cancelled
from desktop.core.jobs import CancelToken, Progress

JobFactory = Callable[[CancelToken], Generator[Progress, None, Any]]

#: Progress events without a payload closer together than this are dropped, so
#: a chatty job (a download counting bytes) cannot flood the event loop.
MIN_EVENT_INTERVAL_S = 0.03

_ACTIVE: set[Worker] = set()
_LANES: dict[str, QThreadPool] = {}


def database_lane() -> QThreadPool:
    """The thread pool of one thread that runs every library job, in the order they were started."""
    lane = _LANES.get("database")
    if lane is None:
        lane = QThreadPool()
        lane.setObjectName("dragoman-database")
        lane.setMaxThreadCount(1)
        _LANES["database"] = lane
    return lane


def _pools() -> list[QThreadPool]:
    return [QThreadPool.globalInstance(), *_LANES.values()]


class _Bridge(QObject):
    """Signals emitted from the pool thread; queued to the worker on the main thread."""

    progressed = Signal(object)
    succeeded = Signal(object)
    failed = Signal(object, str)
    cancelled = Signal()
    done = Signal()


class _Runnable(QRunnable):
    def __init__(self, factory: JobFactory, token: CancelToken, bridge: _Bridge) -> None:
        super().__init__()
        self.setAutoDelete(False)  # the Worker keeps us alive; Python owns the lifetime
        self._factory = factory
        self._token = token
        self._bridge = bridge
        self.done = threading.Event()
        self.outcome: tuple[str, Any] | None = None  # ("finished", result) | ("failed", exc) | ("cancelled", None)

    def run(self) -> None:  # runs in a pool thread
        bridge = self._bridge
        last_emit = 0.0
        try:
            job = self._factory(self._token)
            while True:
                try:
                    event = next(job)
                except StopIteration as stop:
                    result = stop.value
                    break
                if self._token.cancelled:
                    if event.payload:
                        # Finished work the job already handed over (and the factory may
                        # have saved) is still shown: the window and the library agree.
                        bridge.progressed.emit(event)
                    job.close()
                    raise Cancelled()
                now = time.monotonic()
                final = event.total > 0 and event.done >= event.total
                if event.payload is not None or final or now - last_emit >= MIN_EVENT_INTERVAL_S:
                    last_emit = now
                    bridge.progressed.emit(event)
            self.outcome = ("finished", result)
            bridge.succeeded.emit(result)
        except Cancelled:
            self.outcome = ("cancelled", None)
            bridge.cancelled.emit()
        except BaseException as exc:  # reported to the main thread, never lost in a pool thread
            self.outcome = ("failed", exc)
            bridge.failed.emit(exc, traceback.format_exc())
        finally:
            self.done.set()
            bridge.done.emit()


class Worker(QObject):
    """One background job; its signals are delivered on the main thread.

    Exactly one of ``finished`` (with the job's return value), ``failed``
    (with the exception) or ``cancelled`` is emitted, then ``ended``.
    """

    progressed = Signal(object)  # Progress
    finished = Signal(object)  # the job's return value
    failed = Signal(object)  # the exception; DragomanError for user-caused problems
    cancelled = Signal()
    ended = Signal()

    def __init__(self, name: str, factory: JobFactory, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = name
        self.token = CancelToken()
        self.traceback = ""
        self._bridge = _Bridge()
        self._runnable = _Runnable(factory, self.token, self._bridge)
        self._running = False
        queued = Qt.ConnectionType.QueuedConnection
        self._bridge.progressed.connect(self._on_bridge_progressed, queued)
        self._bridge.succeeded.connect(self._on_bridge_succeeded, queued)
        self._bridge.failed.connect(self._on_bridge_failed, queued)
        self._bridge.cancelled.connect(self._on_bridge_cancelled, queued)
        self._bridge.done.connect(self._on_bridge_done, queued)

    @classmethod
    def call(cls, name: str, fn: Callable[[CancelToken], Any], parent: QObject | None = None) -> Worker:
        """A worker for a plain function (no progress events): ``fn(token)`` is the result."""

        def factory(token: CancelToken) -> Generator[Progress, None, Any]:
            return fn(token)
            yield  # pragma: no cover - makes this a generator function

        return cls(name, factory, parent)

    @property
    def running(self) -> bool:
        return self._running

    def start(self, pool: QThreadPool | None = None) -> Worker:
        """Run the job in ``pool`` (default: Qt's global pool; :func:`database_lane` for library work)."""
        self._running = True
        _ACTIVE.add(self)
        (pool or QThreadPool.globalInstance()).start(self._runnable)
        return self

    def cancel(self) -> None:
        """Ask the job to stop at its next check point; what it finished is kept."""
        self.token.cancel()

    # --- bridge slots (main thread) ------------------------------------------------

    def _on_bridge_progressed(self, event: Progress) -> None:
        self.progressed.emit(event)

    def _on_bridge_succeeded(self, result: object) -> None:
        self.finished.emit(result)

    def _on_bridge_failed(self, exc: BaseException, formatted: str) -> None:
        self.traceback = formatted
        self.failed.emit(exc)

    def _on_bridge_cancelled(self) -> None:
        self.cancelled.emit()

    def _on_bridge_done(self) -> None:
        self._running = False
        _ACTIVE.discard(self)
        self.ended.emit()


def active_workers() -> list[Worker]:
    """Workers started and not yet ended (their last signal not yet delivered)."""
    return sorted(_ACTIVE, key=lambda w: w.name)


def cancel_all() -> None:
    for worker in list(_ACTIVE):
        worker.cancel()


def wait_all(timeout_ms: int = 10_000) -> bool:
    """Wait for the pool's threads, then deliver the workers' last signals.

    Returns True when every worker has ended within ``timeout_ms``.
    """
    timer = QElapsedTimer()
    timer.start()
    while _ACTIVE and timer.elapsed() < timeout_ms:
        for pool in _pools():
            pool.waitForDone(25)
        QCoreApplication.processEvents()
    return not _ACTIVE and all_threads_idle()


def all_threads_idle() -> bool:
    """True when no pool thread (the global pool's or a lane's) is running a job."""
    return all(pool.activeThreadCount() == 0 for pool in _pools())
