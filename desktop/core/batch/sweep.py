"""The batch job: articles in, library filled, ranking out; the one place a batch writes the library.

The calling process lists the articles, reads each one just before it is
sent (a bad file becomes a one-line reason), imports it (an article already
in the library opens the stored copy, the journalist's edits included) and
skips it when a batch already finished it from the same bytes with the same
model and profile: that is what makes a stopped batch resume. Workers
translate and analyse; each result is written here, in input order, in one
transaction (translation, claims, flags, summary and the ranking row), then
its new machine translations go into the translation memory and, when
asked, its brief is written.

Cancelling (Ctrl-C in the CLI) stops sending articles, lets those in flight
finish and be written, and returns the report with ``stopped`` set: nothing
is half-written, and a re-run goes on from there.
"""

from __future__ import annotations

import time
from collections.abc import Generator, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop.core.batch.discover import BadFile, Candidate, Found, list_candidates, read_candidate
from desktop.core.batch.work import ArticleFailure, ArticleResult, ArticleTask, MemorySnapshot, Outcome
from desktop.core.document import Document
from desktop.core.jobs import CancelToken, Progress

if TYPE_CHECKING:
    from desktop.core.batch.pools import Runner
    from desktop.core.library.findings import BatchRow
    from desktop.core.library.store import Library
    from desktop.core.translate.memory import TranslationMemory

STAGE = "batch"


@dataclass(frozen=True)
class BatchOptions:
    """How to run a batch: the user's choices, all plain values."""

    model: object = None  # a store name, a model folder, or None for the default model
    profile: str = "fast"
    jobs: int = 1
    ray: str | None = None  # a Ray address or "auto": the work goes to Ray actors
    brief_dir: Path | None = None
    brief_format: str = "md"
    language: str | None = None


@dataclass
class BatchReport:
    """What a batch did: finished, skipped (done before) and bad articles, and the ranking."""

    total: int = 0
    done: list[int] = field(default_factory=list)
    skipped: list[int] = field(default_factory=list)
    bad: list[BadFile] = field(default_factory=list)
    briefs: list[Path] = field(default_factory=list)
    waits: list[float] = field(default_factory=list)  # seconds from reading an article to its last write
    words: int = 0
    seconds: float = 0.0
    stopped: bool = False
    ranking: list[BatchRow] = field(default_factory=list)

    @property
    def handled(self) -> int:
        return len(self.done) + len(self.skipped) + len(self.bad)


def make_runner(options: BatchOptions) -> Runner:
    """The runner ``options`` ask for: Ray actors, ``N`` local processes, or this process."""
    if options.ray:
        from desktop.core.batch.ray_pool import RayActors

        return RayActors(options.ray, workers=options.jobs if options.jobs > 1 else None)
    if options.jobs > 1:
        from desktop.core.batch.pools import LocalProcesses

        return LocalProcesses(options.jobs)
    from desktop.core.batch.pools import InProcess

    return InProcess()


def model_key(ref: Any) -> str:
    """How the resume check names a model: its id and revision (a changed model redoes the articles)."""
    return f"{ref.model_id}@{ref.revision}" if ref.revision else str(ref.model_id)


def batch_job(
    library: Library,
    paths: Sequence[str | Path],
    options: BatchOptions,
    *,
    cancel: CancelToken | None = None,
    runner: Runner | None = None,
) -> Generator[Progress, None, BatchReport]:
    """Translate, analyse, store and rank every article under ``paths``; yields one event per article.

    Raises the ModelError family before any work when there is no usable
    model, and ValueError for an unknown profile. ``runner`` overrides the
    one ``options`` ask for (a test or a bench keeps one between runs; it
    is then not closed here).
    """
    from desktop.core.translate.backends import resolve_model
    from desktop.core.translate.profiles import decoding_profile

    decoding_profile(options.profile)  # an unknown profile: ValueError naming the choices, before any work
    token = cancel or CancelToken()
    ref = resolve_model(options.model)
    started = time.perf_counter()
    candidates, bad = list_candidates(paths)
    report = BatchReport(total=len(candidates) + len(bad), bad=list(bad))
    yield Progress(STAGE, report.handled, report.total, "starting the workers…")
    active = runner if runner is not None else make_runner(options)
    feeder = _Feeder(library, candidates, options, ref, token, report)
    try:
        for outcome in active.run(feeder.tasks()):
            stored = _write(library, outcome, feeder, options, report)
            report.seconds = time.perf_counter() - started
            yield _event(report, stored)
    finally:
        if runner is None:
            active.close()
    report.stopped = token.cancelled
    report.seconds = time.perf_counter() - started
    report.ranking = library.batch_ranking(set(report.done + report.skipped))
    yield _event(report)
    return report


class _Feeder:
    """Reads, imports and checks articles one at a time, as the runner asks for the next task."""

    def __init__(
        self, library: Library, candidates: list[Candidate], options: BatchOptions, ref: Any,
        token: CancelToken, report: BatchReport,
    ) -> None:  # fmt: skip
        from desktop.core.operations.translating import open_memory

        self.library = library
        self.candidates = candidates
        self.options = options
        self.ref = ref
        self.model = model_key(ref)
        self.token = token
        self.report = report
        self.memory: TranslationMemory | None = open_memory(library.path)
        self.pending: dict[int, tuple[Found, Document, str, float]] = {}
        self.queued: set[int] = set()
        try:
            self.glossary: dict[str, str] = library.glossary_map()
        except Exception:  # an unreadable glossary only means no glossary checks
            self.glossary = {}

    def tasks(self) -> Iterator[ArticleTask]:
        from desktop.core.library.records import sha256_of
        from desktop.core.operations.articles import add_article

        for index, candidate in enumerate(self.candidates):
            if self.token.cancelled:
                return
            found = read_candidate(candidate, language=self.options.language)
            if isinstance(found, BadFile):
                self.report.bad.append(found)
                continue
            imported = add_article(self.library, found.document, found.original)
            sha = sha256_of(found.document, found.original)
            queued = imported.doc_id in self.queued  # the same article twice in one batch (a copy in a zip)
            if queued or self.library.batch_done(imported.doc_id, sha, self.model, self.options.profile):
                self.report.skipped.append(imported.doc_id)
                continue
            self.queued.add(imported.doc_id)
            document = self.library.get_document(imported.doc_id)
            self.pending[index] = (found, document, sha, time.perf_counter())
            yield ArticleTask(
                index=index,
                doc_id=imported.doc_id,
                document=document,
                model=self.ref,
                profile=self.options.profile,
                memory=self._snapshot(document),
                glossary=self.glossary or None,
            )

    def _snapshot(self, document: Document) -> MemorySnapshot | None:
        """The memory's answers for this article's sentences under this run's key (ct2)."""
        from desktop.core.translate.memory import MemoryKey, normalise_source
        from desktop.core.translation import headline_of

        if self.memory is None:
            return None
        sources = {normalise_source(s.text) for s in document.iter_sentences()}
        title = headline_of(document)
        if title is not None:
            sources.add(normalise_source(title))
        key = MemoryKey(self.ref.model_id, self.ref.revision, "ct2", self.options.profile)
        pair = f"{document.language}-en"
        hits = self.memory.lookup(sources, key)
        return MemorySnapshot(key=key, hits=hits, edit_texts=self.memory.edits(sources, pair=pair), pair=pair)


def _write(
    library: Library, outcome: Outcome, feeder: _Feeder, options: BatchOptions, report: BatchReport
) -> int | None:
    """Store one worker's outcome: all of the article in one transaction, then memory and brief; its id."""
    from desktop.core.operations.analysing import store_analysis

    found, document, sha, read_at = feeder.pending.pop(outcome.index)
    if isinstance(outcome, ArticleFailure):
        report.bad.append(BadFile(found.source, outcome.reason))
        return None
    analysis = outcome.analysis
    top = max(analysis.claims, key=lambda c: c.score, default=None)
    with library.batch("save a batch article"):
        library.save_translation(outcome.doc_id, outcome.translation)
        store_analysis(library, outcome.doc_id, analysis)
        library.save_batch_result(
            outcome.doc_id,
            sha256=sha,
            model=feeder.model,
            profile=options.profile,
            summary=analysis.summary.to_dict(),
            title_en=outcome.translation.title_text or "",
            top_claim=_claim_text(top) if top is not None else "",
            speaker=(top.speaker_en or top.speaker_name or "") if top is not None else "",
            score=top.score if top is not None else None,
        )
    if feeder.memory is not None and outcome.memory_writes and outcome.memory_key is not None:
        feeder.memory.store(outcome.memory_writes, outcome.memory_key)
    if options.brief_dir is not None:
        report.briefs.append(_brief(library, outcome, document, options))
    report.done.append(outcome.doc_id)
    report.words += outcome.words
    report.waits.append(time.perf_counter() - read_at)
    return outcome.doc_id


def _claim_text(claim: Any) -> str:
    """The claim as the desk reads it: its English when the translation placed it, else the Bulgarian."""
    en = claim.en
    if en is not None and en.content is not None and en.content.text.strip():
        return str(en.content.text).strip()
    return str(claim.content.text).strip()


def _brief(library: Library, outcome: ArticleResult, document: Document, options: BatchOptions) -> Path:
    """Write the article's brief into the brief folder (and keep it with the article)."""
    from desktop.core.operations.briefs import build_article_brief, export_and_keep_brief, suggested_file_name

    assert options.brief_dir is not None
    translation = library.load_translation(outcome.doc_id)  # the edits included: they win in the brief
    notes = library.annotations(outcome.doc_id)
    brief = build_article_brief(document, outcome.analysis, translation, annotations=notes)
    name = suggested_file_name(outcome.translation.title_text or document.title, options.brief_format)
    target = Path(options.brief_dir) / f"{outcome.doc_id:05d}-{name}"
    target.parent.mkdir(parents=True, exist_ok=True)
    return export_and_keep_brief(library, outcome.doc_id, brief, target, options.brief_format)


def _event(report: BatchReport, stored: int | None = None) -> Progress:
    """One progress event: articles handled of all, words per second, the time left; ``payload``: the id stored."""
    rate = report.words / report.seconds if report.seconds > 0 and report.words else None
    parts = [f"{len(report.done)} done"]
    if report.skipped:
        parts.append(f"{len(report.skipped)} already done")
    if report.bad:
        parts.append(f"{len(report.bad)} bad")
    left = report.total - report.handled
    if report.done and left > 0:
        eta = report.seconds / report.handled * left
        parts.append(f"ETA {int(eta // 60)}:{int(eta % 60):02d}")
    payload = [stored] if stored is not None else None
    return Progress(STAGE, report.handled, report.total, " · ".join(parts), rate=rate, payload=payload)
