"""The same work on a Ray cluster: a pool of actors, each holding one loaded model.

Ray is the established way to spread model inference over machines in
Python, so Dragoman uses it rather than its own network workers. It is an
optional extra (``pip install dragoman[cluster]``, about 70 MB): a desk on
one laptop never needs it, and ``--jobs N`` covers one machine.

Each actor asks for one CPU and translates with one thread, so a cluster of
``C`` CPUs runs ``C`` actors; an actor loads the model on its first article
and keeps it. Actors get :class:`~desktop.core.batch.work.ArticleTask` and
return the same records as local workers; the calling machine writes the
library. The model travels as its resolved store path: on a real cluster
every node must see it at the same path (a shared disk, or ``dragoman
models export`` unpacked into the same folder on each node).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from desktop.core.batch.work import ArticleTask, Outcome, try_article
from desktop.core.errors import DragomanError

#: What a user who asked for ``--ray`` without Ray installed is told (one line).
INSTALL_HINT = "Running a batch on Ray needs Ray, which is not installed: pip install dragoman[cluster]"


class RayMissing(DragomanError):
    """``--ray`` was given but Ray is not installed."""


class RayUnavailable(DragomanError):
    """Ray is installed but the cluster could not be reached or started."""


class Translator:
    """One actor's body: :func:`~desktop.core.batch.work.try_article` (or ``work``), the model kept between calls."""

    def __init__(self, work: Callable[[ArticleTask], Outcome] = try_article) -> None:
        self._work = work

    def work(self, task: ArticleTask) -> Outcome:
        return self._work(task)


def import_ray() -> Any:
    """The ``ray`` module, or :class:`RayMissing` with the one line that says how to get it."""
    try:
        import ray
    except ImportError as exc:
        raise RayMissing(INSTALL_HINT) from exc
    return ray


class RayActors:
    """A pool of Ray actors (``--ray ADDRESS|auto``), or on a Ray this process already started.

    ``address`` "auto" joins the cluster this machine belongs to (``ray
    start``) or, when there is none, starts a local Ray; any other value is
    a cluster address (``ray://host:10001`` or ``host:6379``). ``workers``
    defaults to the cluster's CPUs.
    """

    def __init__(
        self,
        address: str = "auto",
        workers: int | None = None,
        work: Callable[[ArticleTask], Outcome] = try_article,
    ) -> None:
        ray = import_ray()
        self._ray = ray
        self._started_here = False
        if not ray.is_initialized():
            self._connect(address)
        cpus = int(ray.cluster_resources().get("CPU", 1))
        self.workers = max(1, workers or cpus)
        actor = ray.remote(num_cpus=1)(Translator)
        self._actors = [actor.remote(work) for _ in range(self.workers)]
        self._pool = ray.util.ActorPool(self._actors)

    def _connect(self, address: str) -> None:
        ray = self._ray
        try:
            if address == "auto":
                try:
                    ray.init(address="auto", log_to_driver=False)
                except (ConnectionError, RuntimeError):  # no cluster on this machine: a local Ray
                    ray.init(include_dashboard=False, log_to_driver=False)
            else:
                ray.init(address=address, log_to_driver=False)
        except Exception as exc:
            first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
            raise RayUnavailable(f"Ray could not start or reach the cluster at {address!r}: {first}") from exc
        self._started_here = True

    def run(self, tasks: Iterable[ArticleTask]) -> Iterator[Outcome]:
        """Keep every actor busy (two tasks each in flight); outcomes come back in task order."""
        pool = self._pool
        window = 2 * self.workers
        source = iter(tasks)
        in_flight = 0
        exhausted = False
        while True:
            while not exhausted and in_flight < window:
                task = next(source, None)
                if task is None:
                    exhausted = True
                else:
                    pool.submit(lambda actor, t: actor.work.remote(t), task)
                    in_flight += 1
            if not in_flight:
                return
            yield pool.get_next()
            in_flight -= 1

    def close(self) -> None:
        """Stop the actors; a Ray started by this pool is shut down with them."""
        for actor in self._actors:
            with contextlib.suppress(Exception):  # already gone (a node lost): nothing to stop
                self._ray.kill(actor)
        if self._started_here:
            self._ray.shutdown()
