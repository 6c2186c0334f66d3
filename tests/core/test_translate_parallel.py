"""The translation job with several batches decoding at once (CTranslate2's default on 2+ cores)."""

from __future__ import annotations

import io
import threading
import time
from collections.abc import Sequence
from pathlib import Path

import pytest

from desktop.core.document import Document, build_paragraphs
from desktop.core.errors import Cancelled
from desktop.core.jobs import CancelToken, Progress, run_job
from desktop.core.translate.backends import Hypothesis, ModelRef, load_backend
from desktop.core.translate.backends.ct2 import thread_layout
from desktop.core.translate.job import translate_document_job
from desktop.core.translate.memory import TranslationMemory
from desktop.core.translation import TITLE_ID

SENTENCES = [
    "Първото изречение на статията е съвсем кратко.",
    "Второто е малко по-дълго от първото, с още няколко думи в него.",
    "Трето.",
    "Четвъртото изречение говори за бюджета, данъците и дефицита на държавата през следващата година.",
    "Пето изречение.",
    "Шестото изречение е средно дълго и без цифри.",
    "Седмото съдържа числото 4,2 процента.",
]


def make_doc(sentences: list[str]) -> Document:
    text = " ".join(sentences)
    spans, pos = [], 0
    for s in sentences:
        spans.append((pos, pos + len(s)))
        pos += len(s) + 1
    return Document(title="Тест", language="bg", text=text, paragraphs=build_paragraphs(text, [spans]))


class SlowEcho:
    """A backend whose translation is the source upper-cased, slower for short batches.

    Short batches finishing last makes batches complete out of order, and the
    counters show how many calls ran at once.
    """

    name = "ct2"
    max_tokens = 512
    fallback_reason = None

    def __init__(self, parallel: int) -> None:
        self.parallel_batches = parallel
        self.model = ModelRef(name="echo", path=Path("."), model_id="echo", source_lang="bg", target_lang="en")
        self.lock = threading.Lock()
        self.running = 0
        self.most = 0
        self.calls: list[list[str]] = []
        self.started_after_cancel = 0
        self.cancel: CancelToken | None = None
        self.running_at_start: list[int] = []  # calls decoding at each start, this one included

    def count_tokens(self, sentences: Sequence[str]) -> list[int]:
        return [len(s.split()) + 1 for s in sentences]

    def translate_batch(
        self, sentences: Sequence[str], *, beam_size: int, max_lengths: Sequence[int], min_length: int = 0
    ) -> list[Hypothesis]:
        with self.lock:
            if self.cancel is not None and self.cancel.cancelled:
                self.started_after_cancel += 1
            self.calls.append(list(sentences))
            self.running += 1
            self.running_at_start.append(self.running)
            self.most = max(self.most, self.running)
        time.sleep(0.02 + 0.02 / len(sentences))
        with self.lock:
            self.running -= 1
        return [Hypothesis(text=s.upper(), score=-0.5, tokens=len(s.split())) for s in sentences]


def test_batches_decode_in_parallel_and_every_sentence_keeps_its_own_translation() -> None:
    doc = make_doc(SENTENCES)
    backend = SlowEcho(parallel=2)
    events: list[Progress] = []
    result = run_job(translate_document_job(doc, backend=backend, max_batch_tokens=24), events.append)
    assert backend.most == 2  # two batches were decoding at the same time
    assert len(backend.calls) >= 4
    # The headline decoded with the machine to itself; the next batch waited for it.
    assert backend.calls[0] == ["Тест"] and backend.running_at_start[:2] == [1, 1]
    assert [t.source for t in result.sentences] == SENTENCES  # document order
    assert all(t.text == t.source.upper() for t in result.sentences)
    batch_events = [e for e in events if e.payload]
    assert len(batch_events) == len(backend.calls)
    ids = sorted(t.sentence_id for e in batch_events for t in e.payload)
    assert ids == sorted([TITLE_ID, *(s.id for s in doc.iter_sentences())])
    assert [e.done for e in batch_events] == sorted(e.done for e in batch_events)


def test_one_worker_never_runs_two_batches_at_once() -> None:
    backend = SlowEcho(parallel=1)
    run_job(translate_document_job(make_doc(SENTENCES), backend=backend, max_batch_tokens=24))
    assert backend.most == 1


def test_cancel_starts_nothing_new_and_the_memory_holds_exactly_what_was_shown(tmp_path: Path) -> None:
    doc = make_doc(SENTENCES)
    backend = SlowEcho(parallel=2)
    token = CancelToken()
    backend.cancel = token
    memory = TranslationMemory(tmp_path / "library.sqlite")
    received = []
    shown = 0
    job = translate_document_job(doc, backend=backend, cancel=token, memory=memory, max_batch_tokens=24)
    with pytest.raises(Cancelled):
        for event in job:
            if event.payload:
                received.extend(event.payload)
                shown += 1
                if shown == 2:  # the headline, then the first of two batches decoding side by side
                    token.cancel()
    assert backend.started_after_cancel == 0
    assert backend.running == 0  # nothing still decoding behind the caller's back
    # The headline and one batch shown; the batch decoding beside it dropped.
    assert received[0].sentence_id == TITLE_ID and len(backend.calls) == 3
    again = run_job(translate_document_job(doc, backend=SlowEcho(parallel=2), memory=memory))
    assert {t.source for t in again.all_sentences if t.cached} == {t.source for t in received}


def test_ct2_uses_two_workers_on_two_cores_and_one_when_told(tiny_model_with_ct2: Path) -> None:
    assert thread_layout(0, cores=2) == (2, 1)
    assert thread_layout(4) == (2, 2)
    one = load_backend(tiny_model_with_ct2, "ct2", threads=1)
    two = load_backend(tiny_model_with_ct2, "ct2", threads=2)
    assert getattr(one, "parallel_batches", None) == 1
    assert getattr(two, "parallel_batches", None) == 2
    doc = make_doc(SENTENCES)
    a = run_job(translate_document_job(doc, backend=one, max_batch_tokens=24))
    b = run_job(translate_document_job(doc, backend=two, max_batch_tokens=24))
    assert [t.text for t in a.sentences] == [t.text for t in b.sentences]
    assert [t.score for t in a.sentences] == pytest.approx([t.score for t in b.sentences], abs=1e-4)


def test_the_cli_prints_each_pair_once_every_earlier_one_is_done() -> None:
    from desktop.cli.progress import ProgressBar
    from desktop.cli.translate_cmd import _PairPrinter
    from desktop.core.translation import TranslatedSentence

    out = io.StringIO()
    printer = _PairPrinter([0, 1, 2], out, ProgressBar(io.StringIO()))

    def t(i: int) -> TranslatedSentence:
        return TranslatedSentence(sentence_id=f"s{i}", index=i, source=f"bg{i}", text=f"en{i}")

    printer.add([t(0)])
    assert out.getvalue() == "bg0\nen0\n\n"
    printer.add([t(2)])
    assert out.getvalue() == "bg0\nen0\n\n"  # sentence 1 is not done yet
    printer.add([t(1)])
    assert out.getvalue() == "bg0\nen0\n\nbg1\nen1\n\nbg2\nen2\n\n"


class SoloEcho(SlowEcho):
    """SlowEcho that also offers ``translate_alone`` and notes which batches went there."""

    def __init__(self, parallel: int) -> None:
        super().__init__(parallel)
        self.alone: list[list[str]] = []

    def translate_alone(
        self, sentences: Sequence[str], *, beam_size: int, max_lengths: Sequence[int], min_length: int = 0
    ) -> list[Hypothesis]:
        self.alone.append(list(sentences))
        return self.translate_batch(sentences, beam_size=beam_size, max_lengths=max_lengths, min_length=min_length)


def test_quality_puts_every_core_on_the_headline_and_fast_keeps_both_workers_busy() -> None:
    quality = SoloEcho(parallel=2)
    run_job(translate_document_job(make_doc(SENTENCES), backend=quality, max_batch_tokens=24))
    assert quality.alone == [["Тест"]]  # the headline alone, on the solo translator
    assert quality.calls[1] == [SENTENCES[0]]  # then the lead sentence alone, in reading order
    assert quality.running_at_start[:2] == [1, 1]

    fast = SoloEcho(parallel=2)
    run_job(translate_document_job(make_doc(SENTENCES), backend=fast, profile="fast", max_batch_tokens=24))
    assert fast.alone == [] and fast.calls[0] == ["Тест"]
    assert fast.running_at_start[1] == 2  # the next batch starts beside the headline


def test_ct2_translate_alone_gives_the_same_translation(tiny_model_with_ct2: Path) -> None:
    backend = load_backend(tiny_model_with_ct2, "ct2", threads=2)
    alone = backend.translate_alone(SENTENCES[:3], beam_size=4, max_lengths=[12, 12, 12])  # type: ignore[attr-defined]
    shared = backend.translate_batch(SENTENCES[:3], beam_size=4, max_lengths=[12, 12, 12])
    assert [h.text for h in alone] == [h.text for h in shared]
    assert [h.score for h in alone] == pytest.approx([h.score for h in shared], abs=1e-4)


def test_ct2_reads_the_translator_each_profile_needs_first_and_the_other_only_when_used(
    tiny_model_with_ct2: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Fast never decodes alone, so it never holds the solo copy of the weights; quality reads the workers' after the headline."""
    from desktop.core.translate.backends.ct2 import CT2Backend

    reads: list[tuple[int, int]] = []
    real = CT2Backend._make_translator

    def noted(self: CT2Backend, inter: int, intra: int) -> object:
        reads.append((inter, intra))
        return real(self, inter, intra)

    monkeypatch.setattr(CT2Backend, "_make_translator", noted)
    doc = make_doc(SENTENCES)

    fast = load_backend(tiny_model_with_ct2, "ct2", threads=2, first_batch_alone=False)
    assert reads == [(2, 1)]  # the two workers, at load
    run_job(translate_document_job(doc, backend=fast, profile="fast", max_batch_tokens=24))
    assert reads == [(2, 1)]  # ... and nothing more: no solo copy

    reads.clear()
    quality = load_backend(tiny_model_with_ct2, "ct2", threads=2)
    assert reads == [(1, 2)]  # the solo translator for the headline, at load
    result = run_job(translate_document_job(doc, backend=quality, max_batch_tokens=24))
    assert reads == [(1, 2), (2, 1)]  # the workers' once the headline was done
    assert result.title is not None and result.is_complete(doc)


def test_ct2_a_busy_machine_decodes_the_headline_on_a_worker(
    tiny_model_with_ct2: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 13 case 10: one team over both cores waits for a core another program holds (5-10 s a headline)."""
    import os

    from desktop.core.translate.backends import ct2

    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    monkeypatch.setattr(os, "getloadavg", lambda: (0.4, 0.4, 0.4))
    assert not ct2.machine_busy()
    monkeypatch.setattr(os, "getloadavg", lambda: (3.0, 2.0, 1.0))  # two programs spinning besides
    assert ct2.machine_busy()

    reads: list[tuple[int, int]] = []
    real = ct2.CT2Backend._make_translator

    def noted(self: ct2.CT2Backend, inter: int, intra: int) -> object:
        reads.append((inter, intra))
        return real(self, inter, intra)

    monkeypatch.setattr(ct2.CT2Backend, "_make_translator", noted)
    monkeypatch.setattr(os, "getloadavg", lambda: (0.4, 0.4, 0.4))
    backend = load_backend(tiny_model_with_ct2, "ct2", threads=2)
    assert reads == [(1, 2)]  # quiet at load: the solo translator, read for the headline
    monkeypatch.setattr(os, "getloadavg", lambda: (3.0, 2.0, 1.0))
    alone = backend.translate_alone(SENTENCES[:2], beam_size=4, max_lengths=[12, 12])  # type: ignore[attr-defined]
    assert reads == [(1, 2), (2, 1)]  # but busy by then: the headline went to a single-thread worker
    shared = backend.translate_batch(SENTENCES[:2], beam_size=4, max_lengths=[12, 12])
    assert [h.text for h in alone] == [h.text for h in shared]

    reads.clear()  # busy already at load: only the workers' translator is read
    busy = load_backend(tiny_model_with_ct2, "ct2", threads=2)
    busy.translate_alone(SENTENCES[:2], beam_size=4, max_lengths=[12, 12])  # type: ignore[attr-defined]
    assert reads == [(2, 1)]
