"""Translate-and-store for the open article: English batch by batch, progress, words per second, Cancel.

The job (:func:`desktop.core.operations.translating.translate_and_store`)
belongs to its article's id: it stores every batch in the library as it
finishes, whatever the window shows by then, and its events are shown only
while that article is on screen. Opening another article cancels it (what
was finished stays stored; reopening resumes from there) and takes its
progress off the screen at once: the batch still decoding may take a moment
to stop, and meanwhile the other article's Translate is queued, not greyed
out. A batch arriving next to the journalist's
corrections is merged by the one "edits win" rule,
:func:`desktop.core.operations.edits.keep_edits`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

from desktop.core.jobs import CancelToken, Progress
from desktop.core.operations.edits import keep_edits
from desktop.core.translation import DocumentTranslation, TranslatedSentence
from desktop.gui.controllers.base import Article, Controller

if TYPE_CHECKING:
    from desktop.gui.controllers.document import DocumentController
    from desktop.gui.controllers.jobs import JobRunner
    from desktop.gui.controllers.library import LibraryController
    from desktop.gui.controllers.models import ModelsController
    from desktop.gui.dialogs import Dialogs
    from desktop.gui.settings import AppSettings
    from desktop.gui.widgets.progress_strip import ProgressStrip

ROLE = "translate"
#: What a partly translated article offers, wherever the window says how far it got.
FINISH_HINT = "Finish translation (Ctrl+T) does the rest."


class TranslationController(Controller):
    """Runs and shows the translation of the open article."""

    starting = Signal(int)  # doc id: a translation is about to start (the analysis steps aside)
    translation_done = Signal(bool)  # True when complete, False when cancelled or failed
    job_ended = Signal(int)  # doc id: its job ended, whatever is on screen (work held back for it may start)

    def __init__(
        self,
        documents: DocumentController,
        library: LibraryController,
        models: ModelsController,
        progress: ProgressStrip,
        settings: AppSettings,
        article: Article,
        runner: JobRunner,
        dialogs: Dialogs,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(article, runner, dialogs, parent)
        self.documents = documents
        self.library = library
        self.models = models
        self.progress = progress
        self.settings = settings
        self._running_for: int | None = None
        self._queued = False  # Translate was asked for while the last article's job was stopping
        documents.switching.connect(self._on_documents_switching)

    @property
    def running(self) -> bool:
        return self.runner.running(ROLE)

    @property
    def running_for(self) -> int | None:
        """The id of the article being translated (whatever is on screen), or None."""
        return self._running_for if self.running else None

    def busy_with(self, doc_id: int | None) -> bool:
        """Whether the article ``doc_id`` is being translated (another one's job does not count)."""
        return doc_id is not None and self.running_for == doc_id

    def untranslated(self) -> int:
        """How many sentences of the open article have no English yet, when some have (else 0)."""
        doc, tr = self.article.doc, self.article.translation
        if doc is None or tr is None or not tr.sentences or doc.language == "en":
            return 0
        return sum(1 for s in doc.iter_sentences() if tr.get(s.id) is None)

    def offer_to_finish(self) -> None:
        """Say how far a partly translated article got and that Translate finishes it."""
        left = self.untranslated()
        doc = self.article.doc
        if left and doc is not None and not self.busy_with(self.article.doc_id):
            total = len(doc.sentences)
            self.say(f"{total - left}/{total} sentences translated: {FINISH_HINT}", 0)

    def wants_translation(self) -> bool:
        """Whether the open article should be translated on opening (incomplete, not English, a model)."""
        doc, tr = self.article.doc, self.article.translation
        if doc is None or doc.language == "en" or not self.settings.auto_translate:
            return False
        complete = tr is not None and tr.is_complete(doc) and tr.has_headline_of(doc)
        return not complete and self.models.available()

    def translate(self) -> None:
        """Translate the open article in a worker; English appears batch by batch."""
        article = self.article
        if article.doc is None or article.doc_id is None or self.busy_with(article.doc_id):
            return
        if self.running:  # another article's job is stopping: this one starts when it has
            self._queued = True
            self.say("Translating as soon as the last article's batch is stored…", 4000)
            return
        if not self.models.available():
            self.models.offer_models_dialog()
            return
        from desktop.core.operations.translating import translate_and_store

        library = self.library.library
        if library is None:
            self.library.start()
            return
        doc, doc_id = article.doc, article.doc_id
        chosen = self.models.chosen()
        model = chosen.name if chosen is not None else None
        backend, profile, threads = self.settings.backend, self.settings.profile, self.settings.threads
        self.starting.emit(doc_id)
        self.documents.view.en_stack.setCurrentWidget(self.documents.view.en_pane)
        self.documents.view.en_pane.set_claim_marks([])
        self._running_for = doc_id

        def job(token: CancelToken) -> Any:
            return translate_and_store(
                library, doc_id, document=doc, model=model, backend=backend, profile=profile, threads=threads,
                cancel=token,
            )

        self.progress.start(len(doc.sentences), "loading the model…")
        self.runner.job(
            ROLE,
            job,
            progressed=lambda event: self._on_progressed(doc_id, event),
            finished=lambda result: self._on_finished(doc_id, result),
            failed=lambda exc: self._on_ended(doc_id, exc),
            cancelled=lambda: self._on_ended(doc_id, None),
        )
        self.changed.emit()

    def cancel(self) -> None:
        self.runner.cancel(ROLE)

    def _on_documents_switching(self) -> None:
        """Another article opens: stop this job (its finished batches are stored) and its progress."""
        self._queued = False
        if self.running:
            self.cancel()
            self.progress.set_visible(False)
            self.changed.emit()

    def _on_progressed(self, doc_id: int, event: Progress) -> None:
        if not self.article.shows(doc_id):
            return
        if event.payload:
            batch = [t for t in event.payload if isinstance(t, TranslatedSentence)]
            if batch:
                self.article.translation = keep_edits(self.article.translation, batch)
                self.documents.show_english(keep_scroll=True)
        self.progress.show_event(event)

    def _on_finished(self, doc_id: int, result: object) -> None:
        self._job_ended()
        if not self.article.shows(doc_id):
            return
        if isinstance(result, DocumentTranslation):
            self.article.translation = keep_edits(self.article.translation, result.all_sentences, header=result)
            self.documents.show_english(keep_scroll=True)
        self.say("Translated on this machine.", 5000)
        self.translation_done.emit(True)

    def _on_ended(self, doc_id: int, exc: BaseException | None) -> None:
        """Cancelled (exc None) or failed: what was translated is kept (and stored)."""
        self._job_ended()
        if not self.article.shows(doc_id):
            return
        if exc is not None:
            from desktop.core.errors import ModelError

            if isinstance(exc, ModelError):
                self.models.invalidate()
            self.runner.report_failure("Translation stopped", exc)
        else:
            tr, doc = self.article.translation, self.article.doc
            done = len(tr.sentences) if tr else 0
            total = len(doc.sentences) if doc else 0
            finish = f" {FINISH_HINT}" if self.untranslated() else ""
            self.say(f"Translation cancelled: {done} of {total} sentences kept.{finish}", 0 if finish else 8000)
        self.translation_done.emit(False)

    def _job_ended(self) -> None:
        ended_for, self._running_for = self._running_for, None
        self.progress.set_visible(False)
        self.models.refresh()
        self.library.refresh()  # its status: translated, or how far it got
        self.changed.emit()
        if ended_for is not None:
            self.job_ended.emit(ended_for)
        if self._queued:
            self._queued = False
            self.translate()
