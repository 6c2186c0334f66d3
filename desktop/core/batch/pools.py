"""Who does the work: this process, or ``N`` local processes each holding its own model.

Every runner takes tasks lazily and yields outcomes **in task order**, so the
caller writes the library in input order from one place. At most
``window`` tasks are in flight (two per worker: one working, one waiting,
so no worker idles while the caller stores a result), few enough that a
cancelled batch wastes little and memory snapshots stay fresh.

Local processes are started with ``spawn`` (a forked CTranslate2 or torch
is not safe) and each translates with one thread, so ``N`` workers use ``N``
cores without fighting over them; they ignore Ctrl-C, which the calling
process handles by stopping the batch.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Protocol

from desktop.core.batch.work import ArticleTask, Outcome, try_article
from desktop.core.errors import DragomanError

#: What a worker runs for each task (a top-level function, so a spawned process or Ray can pickle it).
Work = Callable[[ArticleTask], Outcome]


class WorkerLost(DragomanError):
    """A local worker process died mid-batch (what was stored stays stored; a re-run resumes)."""


class Runner(Protocol):
    """Runs tasks somewhere and yields their outcomes in task order."""

    workers: int

    def run(self, tasks: Iterable[ArticleTask]) -> Iterator[Outcome]: ...

    def close(self) -> None: ...


class InProcess:
    """One worker: this process (``--jobs 1``), with no start-up cost at all."""

    workers = 1

    def __init__(self, work: Work = try_article) -> None:
        self._work = work

    def run(self, tasks: Iterable[ArticleTask]) -> Iterator[Outcome]:
        for task in tasks:
            yield self._work(task)

    def close(self) -> None:
        pass


def quiet_worker() -> None:
    """Worker start-up: leave Ctrl-C to the caller, and keep the numeric libraries to one thread."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for name in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
        os.environ[name] = "1"


class LocalProcesses:
    """``N`` spawned processes (``--jobs N``), each loading the model once, on its first article."""

    def __init__(self, workers: int, work: Work = try_article) -> None:
        import multiprocessing

        self.workers = max(1, workers)
        self._work = work
        self._pool = ProcessPoolExecutor(
            max_workers=self.workers,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=quiet_worker,
        )

    def run(self, tasks: Iterable[ArticleTask]) -> Iterator[Outcome]:
        return in_order(tasks, lambda t: self._pool.submit(self._work, t), 2 * self.workers)

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)


def in_order(
    tasks: Iterable[ArticleTask], submit: Callable[[ArticleTask], Future[Outcome]], window: int
) -> Iterator[Outcome]:
    """Submit tasks keeping ``window`` in flight; yield each outcome in submission order."""
    pending: deque[Future[Outcome]] = deque()
    source = iter(tasks)
    exhausted = False
    while True:
        while not exhausted and len(pending) < window:
            task = next(source, None)
            if task is None:
                exhausted = True
            else:
                pending.append(submit(task))
        if not pending:
            return
        try:
            outcome = pending.popleft().result()
        except BrokenProcessPool as exc:  # a worker was killed (out of memory, a signal): say so in one line
            raise WorkerLost(
                "A batch worker process stopped unexpectedly (out of memory?); run the batch again to resume, "
                "perhaps with fewer --jobs"
            ) from exc
        yield outcome
