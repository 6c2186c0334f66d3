"""Pacing the translation job: results every couple of seconds, and a heartbeat in between.

A batch is the unit the engine returns, so a batch that decodes for a minute
(a big budget on a loaded laptop) leaves the reader on "0/21" for a minute and
then delivers everything at once. Two things prevent that:

* :class:`Pace` steers a token budget from how long finished batches took,
  and any batch about to start that is over the budget is split, so batches
  hand back English about every :data:`RESULTS_EVERY_S`. Before anything is
  measured, batches get half the profile's budget ("smaller first batches").
* :func:`run_batches` waits on the decoding workers with a timeout and hands
  out a heartbeat (``None``) every :data:`HEARTBEAT_S`, so the caller can show
  a live words/s and elapsed time while a batch decodes.

On a quiet machine batches already finish within the target, so only the
half-size first batches differ; under load, batches get smaller (some
throughput for a steadier stream of English; bench/progress_bench.py).
"""

from __future__ import annotations

from collections.abc import Callable, Generator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from typing import TypeVar

from desktop.core.errors import Cancelled

#: A batch should hand back its sentences within this many seconds of decoding.
RESULTS_EVERY_S = 2.0
#: How often the job reports while a batch decodes (a live rate, elapsed time).
HEARTBEAT_S = 0.5
#: Before any batch is measured, batches get this share of the profile's budget.
FIRST_ROUND_SHARE = 2
#: Batches never shrink below this share of the profile's budget: a slow engine
#: (the transformers fallback, ~20 tokens/s) cut to one sentence a batch lost
#: half its throughput; the heartbeat keeps the status bar live meanwhile.
FLOOR_SHARE = 4

_B = TypeVar("_B")
_R = TypeVar("_R")


class Pace:
    """The token budget that keeps a batch within the time target, steered by how long batches really took.

    A batch's time is not proportional to its size (a decoding step has a
    large fixed cost), so the budget is not derived from a per-token speed:
    a batch that ran past the target shrinks the budget in proportion to its
    overrun (never below a quarter of the profile's budget); one that took
    under half the target lets it double again, up to the profile's own
    budget. A machine that gets busier or quieter while the article decodes
    is followed within a batch or two.
    """

    def __init__(self, start_budget: int, *, target_s: float | None = None) -> None:
        self.start_budget = start_budget
        self.target_s = RESULTS_EVERY_S if target_s is None else target_s
        self.current = max(1, start_budget // FIRST_ROUND_SHARE)
        self.floor = max(1, start_budget // FLOOR_SHARE)

    def record(self, padded_tokens: int, seconds: float) -> None:
        """One batch of ``padded_tokens`` (sentences x longest) took ``seconds``."""
        if padded_tokens <= 0 or seconds <= 0:
            return
        if seconds > self.target_s:
            self.current = max(self.floor, min(self.current, int(padded_tokens * self.target_s / seconds)))
        elif seconds < self.target_s / 2:
            self.current = min(self.start_budget, max(self.current, 2 * padded_tokens, 2 * self.current))

    def budget(self) -> int:
        """Padded source tokens a batch may hold now."""
        return self.current


def run_batches(
    batches: Sequence[_B],
    decode: Callable[[_B], _R],
    *,
    parallel: int,
    cancelled: Callable[[], bool],
    solo_first: bool = False,
    resize: Callable[[_B], list[_B]] | None = None,
    heartbeat: float | None = None,
) -> Generator[tuple[_B, _R] | None, None, None]:
    """Decode ``batches`` in order, ``parallel`` at a time; yield ``(batch, result)`` as each finishes.

    Batches decode in a thread pool, so the caller hears a heartbeat even
    with one worker; with more, the next batches are submitted while earlier
    ones decode (CTranslate2 runs one worker per batch and releases the GIL),
    so an article's batches keep every worker busy. ``solo_first`` gives the first batch the machine
    to itself: the others start only once it is done (the first sentence
    comes ~15% sooner, the article no later; bench/translate_bench.py).
    ``resize`` may split a batch just before it starts (its pieces go first
    in the queue); ``heartbeat`` yields ``None`` every so many seconds while
    nothing finishes. Finished batches come out in the order they finish.

    ``cancelled`` is checked before each batch starts and before each result
    is handed over. Once it is true nothing more is started or handed over:
    batches still decoding are let finish (CTranslate2 cannot be interrupted
    mid-batch, and a re-run should not compete with them) but their results
    are dropped, exactly as if the cancel had come a moment sooner; then
    :class:`Cancelled` is raised -- unless there was nothing left to do, in
    which case the job simply completes.
    """
    workers = max(1, parallel)
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="dragoman-translate") as pool:
        waiting = list(batches)
        running: dict[Future[_R], _B] = {}
        alone = solo_first
        first = True
        while True:
            while waiting and len(running) < (1 if alone else workers) and not cancelled():
                batch = waiting.pop(0)
                if resize is not None and not (first and solo_first):
                    pieces = resize(batch)
                    batch, waiting = pieces[0], pieces[1:] + waiting
                first = False
                running[pool.submit(decode, batch)] = batch
            if cancelled() and (waiting or running):
                wait(running)
                raise Cancelled()
            if not running:
                return
            finished, _ = wait(running, timeout=heartbeat, return_when=FIRST_COMPLETED)
            if not finished:
                yield None
                continue
            alone = False
            for future in [f for f in running if f in finished]:
                if cancelled():
                    break
                batch = running.pop(future)
                yield batch, future.result()

