"""Progress at least every couple of seconds, with a live words/s (issue 13 case 10).

Under load a batch could decode for over a minute: the reader saw "0/21"
and then everything at once, with words/s frozen. The job now measures how
long a padded token takes and keeps every batch within the target, and
reports a heartbeat while a batch decodes.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence
from pathlib import Path

import pytest

from desktop.core.jobs import Progress, run_job
from desktop.core.translate import job as job_module
from desktop.core.translate import pacing
from desktop.core.translate.backends import Hypothesis, ModelRef
from desktop.core.translate.job import translate_document_job
from desktop.core.translate.pacing import Pace, run_batches
from tests.core.test_translate_parallel import make_doc

SECONDS_PER_TOKEN = 0.002  # the fake engine's speed: a padded source token costs 2 ms at least


class TokenClock:
    """A backend whose batch takes at least SECONDS_PER_TOKEN x sentences x longest (as a real decoder)."""

    name = "ct2"
    max_tokens = 512
    fallback_reason = None
    parallel_batches = 2

    def __init__(self) -> None:
        self.model = ModelRef(name="echo", path=Path("."), model_id="echo", source_lang="bg", target_lang="en")
        self.calls: list[list[str]] = []
        self.lock = threading.Lock()

    def count_tokens(self, sentences: Sequence[str]) -> list[int]:
        return [len(s.split()) + 1 for s in sentences]

    def translate_batch(
        self, sentences: Sequence[str], *, beam_size: int, max_lengths: Sequence[int], min_length: int = 0
    ) -> list[Hypothesis]:
        with self.lock:
            self.calls.append(list(sentences))
        time.sleep(SECONDS_PER_TOKEN * padded(self, sentences))
        return [Hypothesis(text=s.upper(), score=-0.5, tokens=len(s.split())) for s in sentences]


def padded(backend: TokenClock, sentences: Sequence[str]) -> int:
    return len(sentences) * max(backend.count_tokens(sentences))


ARTICLE = [f"Изречение номер {i} от статията говори за бюджета на общината и за новия план." for i in range(40)]


def test_the_budget_follows_how_long_batches_really_took() -> None:
    pace = Pace(1024, target_s=2.0)
    assert pace.budget() == 512  # nothing measured yet: half the profile's budget
    pace.record(400, 8.0)  # four times the target: a quarter of the size next time...
    assert pace.budget() == 256  # ... but never below a quarter of the profile's budget
    pace = Pace(4096, target_s=2.0)
    pace.record(2048, 4.0)  # twice the target: half the size next time
    assert pace.budget() == 1024
    pace.record(1024, 1.5)  # within the target: kept
    assert pace.budget() == 1024
    pace.record(1024, 0.5)  # well under: grows again
    assert pace.budget() == 2048
    for _ in range(5):
        pace.record(2048, 0.1)
    assert pace.budget() == 4096  # never past the profile's own budget


def test_no_batch_outruns_the_target_once_the_pace_is_known(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pacing, "RESULTS_EVERY_S", 0.2)
    backend = TokenClock()
    doc = make_doc(ARTICLE)
    events: list[Progress] = []
    job = translate_document_job(doc, backend=backend, profile="fast", max_batch_tokens=256)
    result = run_job(job, events.append)
    assert [t.text for t in result.sentences] == [s.upper() for s in ARTICLE]
    # A fixed budget sends 16 sentences (0.48 s here) at a time; once the first
    # batches have shown the pace, every batch fits the 0.2 s target at the engine's fastest.
    later = backend.calls[2 * backend.parallel_batches :]
    assert later, backend.calls
    assert all(padded(backend, call) * SECONDS_PER_TOKEN <= 0.2 + 1e-9 for call in later), [len(c) for c in later]
    assert len([e for e in events if e.payload]) == len(backend.calls)


def test_a_heartbeat_with_a_live_rate_comes_while_a_batch_decodes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(job_module, "HEARTBEAT_S", 0.01)
    backend = TokenClock()
    events: list[Progress] = []
    run_job(translate_document_job(make_doc(ARTICLE), backend=backend, profile="fast"), events.append)
    after_first = events[next(i for i, e in enumerate(events) if e.payload) + 1 :]
    ticks = [e for e in after_first if not e.payload]
    assert len(ticks) >= 2  # the reader hears from the job between batches
    assert len({round(e.rate or 0.0, 6) for e in ticks}) >= 2  # and words/s moves instead of freezing
    assert all(e.total == 40 + 1 for e in ticks)


def test_run_batches_splits_a_batch_before_it_starts_and_ticks_while_one_decodes() -> None:
    release = threading.Event()
    started: list[list[int]] = []

    def decode(batch: list[int]) -> int:
        started.append(batch)
        if batch == [1]:
            release.wait(5)
        return sum(batch)

    out = []
    ticks = 0
    for ran in run_batches(
        [[1, 2, 3], [4]],
        decode,
        parallel=1,
        cancelled=lambda: False,
        resize=lambda batch: [[x] for x in batch],
        heartbeat=0.01,
    ):
        if ran is None:
            ticks += 1
            if ticks == 3:
                release.set()
            continue
        out.append(ran)
    assert started == [[1], [2], [3], [4]]  # split just before starting, pieces first
    assert ticks >= 3 and [r for _b, r in out] == [1, 2, 3, 4]
