"""The one helper every controller runs its work through (Anki's CollectionOp/QueryOp, napari's workers).

:meth:`JobRunner.run` starts a core job (a generator of Progress events) in
the thread pool; :meth:`JobRunner.on_library` runs a plain function on the
database lane, one after another in the order asked. Either way the result,
a failure or a cancellation comes back as a call on the UI thread, a job that
failed because of a bug prints its traceback (a user-caused DragomanError
does not), and the runner knows what is running, by role, so the window can
say it is busy, cancel a role, and tell when the article's work is all done.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

from desktop.core.errors import DragomanError
from desktop.core.jobs import CancelToken, Progress
from desktop.gui.workers import Worker, database_lane

if TYPE_CHECKING:
    from desktop.gui.dialogs import Dialogs

#: Roles whose jobs belong to the open article: when none runs or is about to, its work is done.
DOCUMENT_ROLES = ("open", "translate", "analyse")
#: Roles the Cancel action stops.
CANCELLABLE_ROLES = ("translate", "model", "export", "analyse", "batch")


class JobRunner(QObject):
    """Starts workers by role and reports when they start and end (see the module docstring)."""

    changed = Signal()  # a job started or ended
    work_finished = Signal()  # no job of the open article runs, or is about to

    def __init__(self, dialogs: Dialogs, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.dialogs = dialogs
        self._active: dict[str, list[Worker]] = {}
        self._pending: list[Callable[[], bool]] = []

    # --- starting -----------------------------------------------------------------------

    def run(
        self,
        role: str,
        worker: Worker,
        *,
        progressed: Callable[[Progress], None] | None = None,
        finished: Callable[[Any], None] | None = None,
        failed: Callable[[BaseException], None] | None = None,
        cancelled: Callable[[], None] | None = None,
        ended: Callable[[], None] | None = None,
        lane: bool = False,
    ) -> Worker:
        """Start ``worker`` under ``role`` (in the pool, or on the database lane).

        The role is released as soon as the outcome arrives, before its
        handler runs, so a handler may start the next job at once
        (translation finished -> analysis). Without ``failed`` a failure is
        shown to the user as a message.
        """

        def release() -> None:
            workers = self._active.get(role, [])
            if worker in workers:
                workers.remove(worker)
                if not workers:
                    del self._active[role]
            self.changed.emit()

        def on_finished(result: object) -> None:
            release()
            if finished is not None:
                finished(result)

        def on_failed(exc: BaseException) -> None:
            release()
            if not isinstance(exc, DragomanError) and worker.traceback:
                print(worker.traceback, file=sys.stderr)  # a bug: keep the whole story for the report
            if failed is not None:
                failed(exc)
            else:
                self.report_failure("Something went wrong", exc)

        def on_cancelled() -> None:
            release()
            if cancelled is not None:
                cancelled()

        def on_ended() -> None:
            release()
            if ended is not None:
                ended()
            self.check_finished()

        if progressed is not None:
            worker.progressed.connect(progressed)
        worker.finished.connect(on_finished)
        worker.failed.connect(on_failed)
        worker.cancelled.connect(on_cancelled)
        worker.ended.connect(on_ended)
        self._active.setdefault(role, []).append(worker)
        worker.start(database_lane() if lane else None)
        self.changed.emit()
        return worker

    def call(
        self,
        role: str,
        fn: Callable[[], Any],
        *,
        finished: Callable[[Any], None] | None = None,
        failed: Callable[[BaseException], None] | None = None,
        lane: bool = False,
    ) -> Worker:
        """Run a plain function ``fn()`` off the UI thread; its return value goes to ``finished``."""
        return self.run(
            role,
            Worker.call(role, lambda _token: fn()),
            finished=finished,
            failed=failed,
            lane=lane,
        )

    def job(
        self,
        role: str,
        factory: Callable[[CancelToken], Any],
        **handlers: Any,
    ) -> Worker:
        """Run a core job ``factory(token)`` (a generator of Progress events) in the pool."""
        return self.run(role, Worker(role, factory), **handlers)

    # --- state ----------------------------------------------------------------------------

    def running(self, *roles: str) -> bool:
        """Whether a job of any of ``roles`` runs (any role at all without arguments)."""
        if not roles:
            return bool(self._active)
        return any(role in self._active for role in roles)

    @property
    def roles(self) -> list[str]:
        return sorted(self._active)

    def cancel(self, *roles: str) -> None:
        """Ask the jobs of ``roles`` to stop at their next check point (what they finished is kept)."""
        for role in roles:
            for worker in self._active.get(role, []):
                worker.cancel()

    def add_pending(self, check: Callable[[], bool]) -> None:
        """Count work that is about to start (a timer, a follow-up) as running."""
        self._pending.append(check)

    @property
    def pending(self) -> bool:
        return any(check() for check in self._pending)

    @property
    def busy(self) -> bool:
        """True while any job runs or is about to (tests and the screenshot wait on it)."""
        return self.running() or self.pending

    def check_finished(self) -> None:
        """Emit ``work_finished`` when the article's work is all done."""
        if not self.running(*DOCUMENT_ROLES) and not self.pending:
            self.work_finished.emit()

    def report_failure(self, title: str, exc: BaseException) -> None:
        """Tell the user, in one sentence for a problem they can act on."""
        self.dialogs.failure(title, exc)
