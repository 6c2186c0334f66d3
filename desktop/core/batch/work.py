"""One article's work, the same in every worker: translate with the memory's answers, then analyse.

A worker (this process, a local process or a Ray actor on another machine)
gets an :class:`ArticleTask` of plain values and returns an
:class:`ArticleResult` of plain values; it never sees the library. The
translation memory reaches it as a :class:`MemorySnapshot`: the calling
process looks up the article's sentences (machine translations under the
run's key, and the desk's post-edits, which always win) and the worker
returns what it translated, for the caller to remember. So a worker on a
cluster node needs no database, and the library has one writer.

The translation and the analysis are the app's own jobs
(:func:`~desktop.core.translate.job.translate_document_job`,
:func:`~desktop.core.pipeline.analyse_job`); the model is loaded once per
worker process, through the one backend cache
(:func:`desktop.core.translate.cache.loaded_backend`).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from desktop.core.document import Document
from desktop.core.jobs import run_job
from desktop.core.translation import DocumentTranslation

if TYPE_CHECKING:
    from desktop.core.analysis.result import Analysis
    from desktop.core.translate.memory import MemoryKey, Remembered


@dataclass
class MemorySnapshot:
    """The translation memory's answers for one article, and what the worker adds to it.

    Duck-types the three calls the translation job makes on a
    :class:`~desktop.core.translate.memory.TranslationMemory`.
    """

    key: MemoryKey | None = None
    hits: dict[str, Remembered] = field(default_factory=dict)
    edit_texts: dict[str, str] = field(default_factory=dict)
    pair: str = "bg-en"
    stored: list[tuple[str, str, float | None]] = field(default_factory=list)
    stored_key: MemoryKey | None = None

    def edits(self, sources: Iterable[str], *, pair: str = "bg-en") -> dict[str, str]:
        if pair != self.pair:
            return {}
        wanted = set(sources)
        return {k: v for k, v in self.edit_texts.items() if k in wanted}

    def lookup(self, sources: Iterable[str], key: MemoryKey) -> dict[str, Remembered]:
        if key != self.key:  # another engine (the hf fallback): nothing remembered under it here
            return {}
        wanted = set(sources)
        return {k: v for k, v in self.hits.items() if k in wanted}

    def store(self, items: Iterable[tuple[str, str, float | None]], key: MemoryKey) -> int:
        rows = list(items)
        self.stored.extend(rows)
        self.stored_key = key
        return len(rows)


@dataclass(frozen=True)
class ArticleTask:
    """Everything a worker needs for one article: plain, picklable values."""

    index: int  # position in the batch; results are written in this order
    doc_id: int
    document: Document
    model: Any  # a resolved ModelRef (a path on this machine, or on the cluster's shared disk)
    profile: str = "fast"
    memory: MemorySnapshot | None = None
    glossary: dict[str, str] | None = None
    threads: int = 1


@dataclass(frozen=True)
class ArticleResult:
    """What a worker made of one article: translation, claims, summary and checks."""

    index: int
    doc_id: int
    translation: DocumentTranslation
    analysis: Analysis
    memory_writes: tuple[tuple[str, str, float | None], ...] = ()
    memory_key: MemoryKey | None = None
    words: int = 0
    seconds: float = 0.0


@dataclass(frozen=True)
class ArticleFailure:
    """An article a worker could not finish, and why (one line); the batch goes on."""

    index: int
    doc_id: int
    reason: str


Outcome = ArticleResult | ArticleFailure


def source_words(document: Document) -> int:
    """The article's words (headline and body), the unit of the progress bar's rate."""
    return len(document.title.split()) + sum(len(s.text.split()) for s in document.iter_sentences())


def work_article(task: ArticleTask, wrap: Callable[[Any], Any] | None = None) -> ArticleResult:
    """Translate and analyse one article (the model is loaded on the worker's first article only).

    ``wrap`` wraps the loaded backend (the benchmark forces decode lengths with it).
    """
    from desktop.core.pipeline import analyse_job
    from desktop.core.translate.cache import loaded_backend
    from desktop.core.translate.job import translate_document_job

    started = time.perf_counter()
    backend = loaded_backend(task.model, "auto", task.threads, profile=task.profile)
    if wrap is not None:
        backend = wrap(backend)
    snapshot = task.memory if task.memory is not None else MemorySnapshot()
    job = translate_document_job(task.document, backend=backend, profile=task.profile, memory=snapshot)  # type: ignore[arg-type]
    translation: DocumentTranslation = run_job(job)  # a worker has nobody to show progress to
    analysis: Analysis = run_job(analyse_job(task.document, translation, glossary=task.glossary or None))
    return ArticleResult(
        index=task.index,
        doc_id=task.doc_id,
        translation=translation,
        analysis=analysis,
        memory_writes=tuple(snapshot.stored),
        memory_key=snapshot.stored_key,
        words=source_words(task.document),
        seconds=time.perf_counter() - started,
    )


def try_article(task: ArticleTask, wrap: Callable[[Any], Any] | None = None) -> Outcome:
    """:func:`work_article`, with any failure turned into a one-line reason instead of an exception.

    A worker must return something for every task: an exception would
    otherwise end a process pool's or a Ray actor's whole batch.
    """
    try:
        return work_article(task, wrap)
    except Exception as exc:  # one article's problem (a model error included) is reported, not raised
        lines = str(exc).strip().splitlines()
        return ArticleFailure(task.index, task.doc_id, lines[0] if lines else type(exc).__name__)
